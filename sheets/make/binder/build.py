"""`mksheet binder`: the household's binder as one print run (plan, compose, write, commit).

Every file is read and every page planned against the ledger before anything is drawn; a
file that cannot go in is a Problem listed with all the others, so the user fixes them at
once. Nothing is written, and no state folder or key is created, unless the binder is. No
reportlab until the pages are laid out, so `mksheet --help` stays light.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field, replace

from sheets.errors import InputError, SheetsError
from sheets.ledger import folder as state_folder
from sheets.ledger import store as state
from sheets.ledger.evidence import AccountNeeded
from sheets.ledger.store import BinderRecord
from sheets.make import steps
from sheets.make.binder import changes, decks
from sheets.make.binder import spec as specs
from sheets.make.binder.spec import Problem, Spec
from sheets.make.steps import Voice
from sheets.model import Job
from sheets.read import inputs

ACCOUNT_IN_MANIFEST = (
    'name its account in a binder.toml: { file = "...", account = "..." } '
    "(see `mksheet binder --help`)"
)
Progress = Callable[[int, str], AbstractContextManager[Callable[[int], None]]]  # (total, label)


@dataclass(frozen=True)
class BinderOptions:
    """Everything `mksheet binder` was asked to do."""

    source: str
    output: str | None = None  # None: <name>-binder.pdf in the current folder; -: stdout
    force: bool = False
    paper: str = "a4"
    duplex: bool = False
    keep_going: bool = False
    changed: bool = False  # only the pages whose codes changed since the last binder
    state_dir: str | None = None  # the ledger's folder; None: $XDG_STATE_HOME/mksheet
    vault_password_file: str | None = None  # for encrypted exports; None: asked per file
    progress: Progress | None = field(default=None, compare=False)


def make_binder(opts: BinderOptions, today: str, voice: Voice) -> bool:
    """Write the binder (with changed: only the pages to swap), then record it in the ledger.

    Every problem and warning goes to voice. False when --changed finds nothing to print.
    """
    spec = specs.load(opts.source)
    target = opts.output or specs.default_target(spec, opts.changed)
    steps.check_target(target, opts.force)  # before the long work, not after it
    where = state_folder.folder(opts.state_dir)
    with state_folder.locked(where, voice.say):  # load, plan, write, record: one run at a time
        return _build(opts, spec, target, state.load(where, create_key=True), today, voice)


def _build(opts: BinderOptions, spec: Spec, target: str, book, today: str, voice: Voice) -> bool:
    from sheets.make.binder import book as books

    progress = opts.progress or _silent
    last = changes.last_binder(book, spec.household)
    duplex = last.record.duplex if opts.changed and last else opts.duplex
    if opts.changed:
        last = changes.require(last, spec.household, spec.source)
    measure = books.measurer()
    with progress(2 * len(spec.entries), "reading") as tick:
        jobs, problems = read(spec, voice, tick, opts)
        planned = steps.plan(book, jobs, today, one_set_per_account=True)
        problems += [_refused(jobs[index], exc) for index, exc in planned.refused]
        kept = [(job, p) for job, p in zip(jobs, planned.plans) if p is not None]
        fitted, unfit = books.fit(kept, opts.paper, measure, today, tick)
    problems += unfit
    _check(opts, spec, problems, voice, fitted)
    steps.check_holds_no_other(book, target, [f.plan for f in fitted], opts.force)
    left_out = [*problems, *spec.left_out]  # on the contents page, with the reason
    settled = books.settle(spec, fitted, left_out, opts.paper, duplex, today, measure)
    record = BinderRecord(
        spec.household,
        today,
        tuple(f.plan.entry.serial for f in fitted),
        tuple(settled.numbers()),
        len(settled.order),
        duplex,
        tuple(f.length for f in fitted),
    )
    drawn, swaps = fitted, []
    if opts.changed:
        assert last is not None  # changes.require above
        record = replace(record, printed=last.record.printed)  # the date on its cover
        swaps = changes.swaps(
            last,
            [f.plan for f in fitted],
            list(record.pages),
            record.total,
            spec.source,
            list(record.lengths),
        )
        if not swaps:
            voice.problem(
                spec.source,
                f"every page is as in the binder printed {record.printed}; nothing was written",
            )
            return False
        drawn = [fitted[swap.index] for swap in swaps]
    with progress(len(drawn), "drawing") as tick:
        if opts.changed:
            pdf = books.render_swaps(
                spec, fitted, settled, swaps, record.printed, opts.paper, duplex, measure, tick
            )
        else:
            pdf = books.render(spec, fitted, settled, opts.paper, measure, tick)
    steps.write(pdf, target, opts.force)
    steps.commit_written(book, [item.plan for item in drawn], today, target, binder=record)
    if target != "-":
        voice.wrote(target)
    for item in drawn:
        for note in item.plan.notes:
            voice.warn(item.job.file, note)
    return True


def read(
    spec: Spec,
    voice: Voice,
    tick: Callable[[int], None] = lambda n: None,
    opts: BinderOptions | None = None,
) -> tuple[list[Job], list[Problem]]:
    """Read every file: (jobs, problems); a bad file never stops the rest, but a wrong
    vault password stops the run at once unless --keep-going."""
    jobs, problems = [], list(spec.problems)
    opts = opts or BinderOptions(spec.source, keep_going=True)
    for entry in spec.entries:
        try:
            content = inputs.read(
                entry.path,
                provider=entry.provider,
                account=entry.account,
                vault_password_file=opts.vault_password_file,
                warn=voice.warn,
            )
        except SheetsError as exc:
            if not opts.keep_going and decks.stops(exc):
                raise
            problems.append(Problem(exc.file or entry.path, exc.problem, exc.hint))
        else:
            jobs.append(Job(content, entry.person, entry.path))
            for warning in content.warnings:
                voice.warn(entry.path, warning)
        tick(1)
    return jobs, problems


def _refused(job: Job, exc: SheetsError) -> Problem:
    hint = ACCOUNT_IN_MANIFEST if isinstance(exc, AccountNeeded) else exc.hint
    return Problem(job.file, exc.problem, hint)


def _check(
    opts: BinderOptions, spec: Spec, problems: list[Problem], voice: Voice, fitted: list
) -> None:
    """Say every problem and every file left out on purpose; stop, unless --keep-going, on a
    problem, or if nothing is left."""
    for item in spec.left_out:
        voice.problem(item.file, f"left out: {item.problem} — {item.hint}")
    for problem in problems:
        hint = f" — {problem.hint}" if problem.hint else ""
        voice.problem(
            problem.file, f"{'left out: ' if opts.keep_going else ''}{problem.problem}{hint}"
        )
    if problems and not opts.keep_going:
        files = "1 problem" if len(problems) == 1 else f"{len(problems)} problems"
        raise InputError(
            spec.source,
            f"{files} (listed above); nothing was written",
            "fix or remove those files, or add --keep-going to leave them out",
        )
    if not fitted:
        raise InputError(
            spec.source,
            "not one file could be read, so there is no binder",
            "fix the files listed above",
        )


@contextmanager
def _silent(total: int, label: str):
    yield lambda n: None
