"""The steps every print run is made of: plan -> compose -> write -> commit.

`mksheet FILE...` (sheets.make.run) and `mksheet binder` (sheets.make.binder.build) are each a
short composition of these steps, over Jobs (a code sheet or an export's cards):

- `plan` decides, in one loop over the jobs, each one's serial, copy number and the sheets
  it replaces, against the ledger as it stands once the jobs before it are printed; a job
  that cannot be printed is refused as data, so the caller decides whether that stops the run;
- compose is sheets.make.compose's: a job with its plan becomes pages;
- `write` puts the PDF where asked, atomically and privately, encrypted when asked, with
  mksheet's mark (the one place it is added);
- `commit` records what was written in the ledger, only once it was written.

The library never prints: messages go through a `Voice`, and the date comes in from the
caller, read once per run.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from sheets import ledger
from sheets.deliver import files, signals
from sheets.errors import InputError, OutputError, SheetsError
from sheets.ledger import Plan, StaleCodes, evidence, store
from sheets.ledger.evidence import AccountNeeded
from sheets.ledger.store import BinderRecord, Ledger
from sheets.model import Job


class SamePage(InputError):
    """Two jobs of one binder would each be the current sheet of the same account."""


@dataclass(frozen=True)
class Voice:
    """Where the run's messages go: progress lines, warnings, and the path of each file written."""

    say: Callable[[str], None] = lambda line: None  # a progress line
    warn: Callable[[str, str], None] = lambda file, text: None  # a warning about a file
    problem: Callable[[str, str], None] = lambda file, text: None  # a file that is left out
    wrote: Callable[[str], None] = lambda path: None  # a file written
    ask: Callable[[str], bool] | None = None  # a yes/no question, only where one can answer


@dataclass(frozen=True)
class Planned:
    """Every job planned against the ledger: a Plan each, or None where it was refused."""

    book: Ledger  # the ledger as it stands once every planned job is printed
    plans: tuple[Plan | None, ...]
    refused: tuple[tuple[int, SheetsError], ...] = ()  # (job index, why)


# -- plan ---------------------------------------------------------------------------------------
def plan(
    book: Ledger,
    jobs: Sequence[Job],
    today: str,
    one_set_per_account: bool = False,
    ask: Callable[[str], bool] | None = None,
) -> Planned:
    """Plan every job in order, each seeing the ones before it.

    With one_set_per_account (a binder, where a person's folder is the owner), a job whose
    codes would replace another job's of the same run is refused; otherwise (several files
    on one command line) it replaces it. `ask` puts a yes/no question to the person about
    each sheet a job may replace but nothing says it does (sheets.ledger.evidence).
    """
    plans: list[Plan | None] = []
    refused: list[tuple[int, SheetsError]] = []
    mine: dict[str, str] = {}  # serial -> the file of the job that planned it
    for index, job in enumerate(jobs):
        try:
            chosen = _decided(book, job, today, one_set_per_account, ask)
            if one_set_per_account:
                _no_rival(chosen, mine, job)
        except (AccountNeeded, StaleCodes, SamePage) as exc:
            plans.append(None)
            refused.append((index, exc))
            continue
        if chosen.entry.serial in mine:  # the same sheet again in this run: its next copy
            serial = chosen.entry.serial
            copies = [p.copy for p in plans if p is not None and p.entry.serial == serial]
            chosen = replace(chosen, copy=max(copies) + 1)
        book = ledger.apply(book, chosen, today)
        mine.setdefault(chosen.entry.serial, job.source or job.file)
        plans.append(chosen)
    return Planned(book, tuple(plans), tuple(refused))


def _decided(
    book: Ledger, job: Job, today: str, per_person: bool, ask: Callable[[str], bool] | None
) -> Plan:
    """The job's plan with the person's word on each sheet it may replace: asked where both
    sheets name no account and someone can answer, else said in a note."""
    chosen = ledger.plan(book, job, today=today, per_person=per_person)
    askable = [e for e in chosen.undecided if ask and e.account is None and job.account is None]
    agreed = tuple(e.serial for e in askable if ask and ask(evidence.question(e)))
    if agreed:
        told = replace(job, replaces=job.replaces + agreed)
        chosen = ledger.plan(book, told, today=today, per_person=per_person)
    notes = tuple(evidence.still_current(e) for e in chosen.undecided if e not in askable)
    return replace(chosen, notes=chosen.notes + notes) if notes else chosen


def _no_rival(chosen: Plan, mine: dict[str, str], job: Job) -> None:
    """Refuse a job that would replace another job of the same run."""
    other = next((mine[e.serial] for e in chosen.replaced if e.serial in mine), None)
    if other is not None:
        what = ledger.label_of(job.provider, job.kind)
        raise SamePage(
            job.source or None,
            f"{other} holds other {what} for "
            f"{job.owner or 'the same person'}, and only one set can be current",
            "keep only the newer download; if they are two accounts, name each "
            'in a binder.toml: { file = "...", account = "..." }',
        )


def check_holds_no_other(book: Ledger, target: str, plans, force: bool) -> None:
    """Refuse to overwrite a file mksheet wrote that holds a sheet still current and not
    one these plans print or replace, unless --force: its codes may exist nowhere else."""
    if force or target == "-" or not os.path.isfile(target):
        return
    ours = {
        s for p in plans if p is not None for s in (p.entry.serial, *(e.serial for e in p.replaced))
    }
    for serial in sorted(ledger.serials_in(book, target) - ours):
        other = next((e for e in book.entries if e.serial == serial), None)
        if other is not None and other.status == ledger.CURRENT:
            raise OutputError(
                target,
                f"holds sheet {serial} ({ledger.printed_name(other) or 'a website'}"
                f", {other.account or 'no account'}), which is still current",
                "choose another name with -o, or add --force to replace it",
            )


# -- write --------------------------------------------------------------------------------------
def check_target(target: str, force: bool) -> None:
    """Refuse a target that cannot or must not be written, before any work is done."""
    if target != "-":
        files.check_target(target, force)


@dataclass(frozen=True)
class Written:
    """A PDF as written: mksheet's own unencrypted bytes (what --print sends), and the
    SHA-256 of the encrypted file, when one was written (how the ledger knows it)."""

    pdf: bytes = field(repr=False)
    encrypted: str | None = None


def write(pdf: bytes, target: str, force: bool = False, password: str | None = None) -> Written:
    """Write a drawn PDF to target (`-`: stdout), encrypted when a password is given."""
    signals.check_stopped()
    pdf = stored = files.mark(pdf)  # what makes it mksheet's own, replaceable without --force
    if password:
        from sheets.deliver.crypto import encrypt

        stored = files.mark(encrypt(pdf, password))
    if target == "-":
        from sheets.deliver import stdout  # termios, select and array only when writing to a pipe

        stdout.write(stored)
    else:
        files.write_atomic(target, stored, force=force)
    digest = hashlib.sha256(stored).hexdigest() if password and target != "-" else None
    return Written(pdf, digest)


# -- commit -------------------------------------------------------------------------------------
def commit(
    book: Ledger, plans: Sequence[Plan], today: str, binder: BinderRecord | None = None
) -> Ledger:
    """Record sheets once written (and a binder's pages, when it is one) in the ledger they
    were planned against; returns it as saved."""
    for chosen in plans:
        book = ledger.apply(book, chosen, today)
    if binder is not None:
        others = tuple(b for b in book.binders if b.family != binder.family)
        book = replace(book, binders=(*others, binder))
    store.save(book)
    return replace(book, key_on_disk=True)


def commit_written(
    book: Ledger, plans: Sequence[Plan], today: str, target: str, binder: BinderRecord | None = None
) -> Ledger:
    """commit() once target is written: a stop while the ledger is saved waits for it, and
    the message says what is on disk; one that came just before says what is not recorded."""
    where = "standard output" if target == "-" else target
    try:
        with signals.deferred(f"no partial file was left; {where} was written and recorded"):
            return commit(book, plans, today, binder)
    except signals.Interrupted as stop:
        if stop.detail:
            raise
        raise not_recorded(target, plans) from None


def not_recorded(target: str, plans: Sequence[Plan]) -> signals.Interrupted:
    """The stop that came after target was written and before the ledger was saved."""
    serials = ", ".join(p.entry.serial for p in plans) or "its pages"
    where = "standard output" if target == "-" else target
    return signals.Interrupted(
        f"no partial file was left, but {where} was written and the ledger does not "
        f"record {serials}: run the same command again to record it"
    )


def commit_paper(book: Ledger, serial: str, copies: int, today: str) -> Ledger:
    """Record paper copies that CUPS accepted."""
    book = ledger.on_paper(book, serial, copies, today)
    store.save(book)
    return book
