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

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from sheets import ledger
from sheets.deliver import files, signals
from sheets.errors import InputError, SheetsError
from sheets.ledger import AccountNeeded, Plan, StaleCodes, store
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


@dataclass(frozen=True)
class Planned:
    """Every job planned against the ledger: a Plan each, or None where it was refused."""

    book: Ledger  # the ledger as it stands once every planned job is printed
    plans: tuple[Plan | None, ...]
    refused: tuple[tuple[int, SheetsError], ...] = ()  # (job index, why)


# -- plan ---------------------------------------------------------------------------------------
def plan(
    book: Ledger, jobs: Sequence[Job], today: str, one_set_per_account: bool = False
) -> Planned:
    """Plan every job in order, each seeing the ones before it.

    With one_set_per_account (a binder), a job whose codes would replace another job's of
    the same run is refused; otherwise (several files on one command line) it replaces it.
    """
    plans: list[Plan | None] = []
    refused: list[tuple[int, SheetsError]] = []
    mine: dict[str, str] = {}  # serial -> the file of the job that planned it
    for index, job in enumerate(jobs):
        try:
            chosen = ledger.plan(book, job, today=today)
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


# -- write --------------------------------------------------------------------------------------
def check_target(target: str, force: bool) -> None:
    """Refuse a target that cannot or must not be written, before any work is done."""
    if target != "-":
        files.check_target(target, force)


def write(pdf: bytes, target: str, force: bool = False, password: str | None = None) -> bytes:
    """Write a drawn PDF to target (`-`: stdout), encrypted when a password is given; returns
    the unencrypted PDF as mksheet's own, which is what --print sends."""
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
    return pdf


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


def commit_paper(book: Ledger, serial: str, copies: int, today: str) -> Ledger:
    """Record paper copies that CUPS accepted."""
    book = ledger.on_paper(book, serial, copies, today)
    store.save(book)
    return book
