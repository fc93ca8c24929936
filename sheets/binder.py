"""What goes in a family binder: people, their files, and what is wrong with any of them.

A binder comes from a folder holding one folder per person (named after them), or from a
binder.toml manifest. `load` turns either into a Spec without reading any code file;
`read` reads every file and collects every problem instead of stopping at the first, so
the user can fix them all at once. `make_binder` plans every page against the ledger
(sheets.reprint), writes the PDF through the injected `emit`, and only then records it. No
reportlab here: `make_binder` imports the drawing when it is called, so `mksheet --help`
stays light.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Callable, ContextManager

from sheets import api, reprint, state
from sheets.errors import InputError, SheetsError
from sheets.model import CodeSet
from sheets.state import BinderRecord

MANIFEST = "binder.toml"
MANIFEST_KEYS = {"title", "household", "note", "people"}
PERSON_KEYS = {"name", "files"}
FILE_KEYS = {"file", "provider", "account"}
SKIPPED_SUFFIXES = (".pdf",)  # sheets and binders mksheet may have written there


@dataclass(frozen=True)
class Entry:
    """One downloaded file, whose it is, and any provider or account the user gave."""

    person: str
    path: str
    provider: str | None = None
    account: str | None = None


@dataclass(frozen=True)
class Problem:
    """A file that cannot go in the binder: what is wrong and what to do (never a code)."""

    file: str
    problem: str
    hint: str = ""


@dataclass(frozen=True)
class Spec:
    """The binder before any code file is read."""

    source: str  # the folder or manifest, for messages
    household: str
    title: str
    people: tuple[str, ...]
    entries: tuple[Entry, ...]
    note: str | None = None
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class Account:
    """One file read: its entry and its codes."""

    entry: Entry
    codes: CodeSet = field(repr=False)


@dataclass(frozen=True)
class BinderOptions:
    """Everything `mksheet binder` was asked to do."""

    source: str
    paper: str = "a4"
    duplex: bool = False
    keep_going: bool = False
    changed: bool = False  # only the pages whose codes changed since the last binder
    state_dir: str | None = None  # the ledger's folder; None: $XDG_STATE_HOME/mksheet


Warn = Callable[[str, str], None]
Emit = Callable[[bytes], None]
Progress = Callable[[int, str], ContextManager[Callable[[int], None]]]  # (total, label)


def default_target(source: str, changed: bool = False) -> str:
    """`<folder name>-binder.pdf` (or the manifest's name) in the current folder; with
    changed, `<...>-binder-changes.pdf`, so the whole binder's PDF is not replaced."""
    stem = os.path.basename(os.path.normpath(source))
    if not os.path.isdir(source):
        stem = os.path.splitext(stem)[0]
    stem = stem if stem.lower().endswith("binder") else f"{stem}-binder"
    return f"{stem}-changes.pdf" if changed else f"{stem}.pdf"


def load(source: str) -> Spec:
    """A Spec from a family folder (its binder.toml if it has one) or a manifest."""
    if os.path.isdir(source):
        manifest = os.path.join(source, MANIFEST)
        return read_manifest(manifest) if os.path.isfile(manifest) else discover(source)
    if not os.path.exists(source):
        raise InputError(source, "does not exist", "give a family folder or a binder.toml")
    return read_manifest(source)


def discover(folder: str) -> Spec:
    """One person per sub-folder (sorted by name), each with the files inside it."""
    people, entries, problems = [], [], []
    for name in _visible(folder):
        path = os.path.join(folder, name)
        if name.lower().endswith(SKIPPED_SUFFIXES) and not os.path.isdir(path):
            continue  # such as the binder itself, made here last time
        if not os.path.isdir(path):
            problems.append(Problem(path, "is not in a person's folder",
                                    "move it into the folder of the person it belongs to"))
            continue
        files = [f for f in _visible(path) if not f.lower().endswith(SKIPPED_SUFFIXES)]
        files = [f for f in files if os.path.isfile(os.path.join(path, f))]
        if not files:
            problems.append(Problem(path, "holds no downloaded code files",
                                    "add that person's files or remove the folder"))
        people.append(name)
        entries += [Entry(name, os.path.join(path, f)) for f in files]
    household = os.path.basename(os.path.abspath(folder))
    if not people:
        raise InputError(folder, "holds no person folders",
                         "make one folder per person, named after them, with their files inside")
    return Spec(folder, household, "Recovery binder", tuple(people), tuple(entries),
                problems=tuple(problems))


def read_manifest(path: str) -> Spec:
    """A Spec from binder.toml: title, household, note, and [[people]] with their files."""
    data = _toml(path)
    _no_unknown(path, data, MANIFEST_KEYS, "top level")
    folder = os.path.dirname(path)  # files are relative to the manifest
    people, entries, problems = [], [], []
    for index, person in enumerate(_list(path, data, "people", "[[people]] table"), 1):
        if not isinstance(person, dict) or not isinstance(person.get("name"), str):
            raise InputError(path, f"person {index} has no name", 'add name = "..." to it')
        _no_unknown(path, person, PERSON_KEYS, f"person {person['name']!r}")
        people.append(person["name"].strip())
        files = _list(path, person, "files", f"files list for {person['name']!r}")
        entries += [_entry(path, folder, people[-1], item) for item in files]
        if not files:
            problems.append(Problem(path, f"lists no files for {people[-1]!r}",
                                    "add their files, or remove the person"))
    if not people:
        raise InputError(path, "names no people", "add a [[people]] table for each person")
    household = _text(path, data, "household") or os.path.basename(os.path.abspath(folder or "."))
    return Spec(path, household,
                _text(path, data, "title") or "Recovery binder", tuple(people), tuple(entries),
                note=_text(path, data, "note"), problems=tuple(problems))


def read(spec: Spec, tick: Callable[[int], None] = lambda n: None):
    """Read every file: (accounts, problems, warnings); a bad file never stops the rest."""
    accounts, problems, warnings = [], list(spec.problems), []
    for entry in spec.entries:
        try:
            codes = api.read_codes(entry.path, entry.provider, entry.account)
        except SheetsError as exc:
            problems.append(Problem(exc.file or entry.path, exc.problem, exc.hint))
        else:
            accounts.append(Account(entry, codes))
            warnings += [(entry.path, f"warning: {warning}") for warning in codes.warnings]
        tick(1)
    return accounts, problems, warnings


def refuse(spec: Spec, problems: list[Problem]) -> SheetsError:
    """The error that stops a binder with bad files: nothing is written."""
    files = "1 problem" if len(problems) == 1 else f"{len(problems)} problems"
    return InputError(spec.source, f"{files} (listed above); nothing was written",
                      "fix or remove those files, or add --keep-going to leave them out")


def make_binder(opts: BinderOptions, warn: Warn, emit: Emit,
                progress: Progress | None = None) -> bool:
    """Write the binder (with changed: only the pages to swap) and record it in the ledger.

    Every problem and warning goes to warn. False when --changed finds nothing to print.
    """
    from sheets.render import book

    spec, measure, progress = load(opts.source), book.measurer(), progress or _silent
    where, today = state.folder(opts.state_dir), api.today()
    if opts.changed:  # before the long work, not after it
        reprint.last_binder(where, spec.household, spec.source)
    with progress(2 * len(spec.entries), "reading") as tick:
        accounts, problems, warnings = read(spec, tick)
        planned, refused = plan_pages(where, spec, accounts, today)
        fitted, unfit = book.fit(_kept(accounts, planned), opts.paper, measure, tick)
    problems += refused + unfit
    _check(opts, spec, problems, warnings, warn, fitted)
    settled = book.settle(spec, fitted, problems, opts, measure)
    binder = BinderRecord(spec.household, today, tuple(f.plan.entry.serial for f in fitted),
                          tuple(settled.numbers()), len(settled.order))
    swaps, drawn = None, fitted
    if opts.changed:
        binder = replace(binder, printed=planned.last.printed)  # the date on its cover
        swaps = reprint.swaps(planned, [f.plan for f in fitted], list(binder.pages),
                              binder.total, spec.source)
        if not swaps:
            warn(spec.source, f"every page is as in the binder printed {binder.printed}; "
                 "nothing was written")
            return False
        drawn = [fitted[swap.index] for swap in swaps]
    with progress(len(drawn), "drawing") as tick:
        if swaps:
            pdf = book.render_swaps(spec, fitted, settled, swaps, binder.printed, opts,
                                    measure, tick)
        else:
            pdf = book.render(spec, fitted, settled, opts, measure, tick)
    emit(pdf)
    reprint.record(where, binder, [item.plan for item in drawn], today)  # once written
    for item in drawn:
        for note in item.plan.notes:
            warn(item.account.entry.path, note)
    return True


def plan_pages(where: str, spec: Spec, accounts: list[Account], today: str):
    """Every page planned against the ledger, and a Problem for each page it refuses."""
    planned = reprint.plan_pages(where, spec.household,
                                 [(a.codes, a.entry.person) for a in accounts], today=today)
    refused = [Problem(accounts[index].entry.path, exc.problem, exc.hint)
               for index, exc in planned.refused]
    return planned, refused


def _kept(accounts: list[Account], planned: reprint.Reprint) -> list:
    return [(a, p) for a, p in zip(accounts, planned.plans) if p is not None]


def _check(opts: BinderOptions, spec: Spec, problems: list[Problem], warnings, warn,
           fitted: list) -> None:
    """Say every warning and problem; stop unless --keep-going, or if nothing is left."""
    for file, text in warnings:
        warn(file, text)
    for problem in problems:
        hint = f" — {problem.hint}" if problem.hint else ""
        warn(problem.file, f"{'left out: ' if opts.keep_going else ''}{problem.problem}{hint}")
    if problems and not opts.keep_going:
        raise refuse(spec, problems)
    if not fitted:
        raise InputError(spec.source, "not one file could be read, so there is no binder",
                         "fix the files listed above")


@contextmanager
def _silent(total: int, label: str):
    yield lambda n: None


def _visible(folder: str) -> list[str]:
    """Names in a folder, hidden ones left out, in a stable order."""
    try:
        names = os.listdir(folder)
    except OSError as exc:
        raise InputError(folder, f"cannot be read ({exc.strerror})", "check its permissions")
    return sorted((n for n in names if not n.startswith((".", "~"))),
                  key=lambda name: (name.casefold(), name))


def _toml(path: str) -> dict:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        raise InputError(path, "binder.toml needs Python 3.11 or newer to read",
                         "use a family folder instead, or a newer Python") from None
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror})", "check the path") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        where = str(exc).rsplit("(", 1)[-1].rstrip(")") if "(" in str(exc) else "somewhere"
        raise InputError(path, f"is not valid TOML ({where})",
                         "see `mksheet binder --help` for an example") from None


def _no_unknown(path: str, table: dict, known: set, where: str) -> None:
    unknown = sorted(set(table) - known)
    if unknown:
        raise InputError(path, f"unknown key {', '.join(unknown)} in {where}",
                         f"the keys there are {', '.join(sorted(known))}")


def _list(path: str, table: dict, key: str, what: str) -> list:
    value = table.get(key, [])
    if not isinstance(value, list):
        raise InputError(path, f"{key} must be a list", f"write it as a {what}")
    return value


def _text(path: str, table: dict, key: str) -> str | None:
    value = table.get(key)
    if value is not None and not isinstance(value, str):
        raise InputError(path, f"{key} must be text", f'write {key} = "..."')
    return value.strip() if value else None


def _entry(path: str, folder: str, person: str, item) -> Entry:
    """One item of a person's files: "path" or {file = "path", provider = .., account = ..}."""
    if isinstance(item, str):
        item = {"file": item}
    if not isinstance(item, dict) or not isinstance(item.get("file"), str):
        raise InputError(path, f"a file of {person!r} has no path",
                         'write "path/to/file.txt" or { file = "path/to/file.txt" }')
    _no_unknown(path, item, FILE_KEYS, f"a file of {person!r}")
    return Entry(person, os.path.join(folder, os.path.expanduser(item["file"])),
                 _text(path, item, "provider"), _text(path, item, "account"))
