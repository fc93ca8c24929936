"""The one print run both commands use: plan -> compose -> write -> commit.

`mksheet FILE...` (sheets.make.run) and `mksheet binder` (sheets.make.binder.build) are each a short
composition of these four steps:

- `plan` decides, in one loop over the pages, each sheet's serial, copy number and the sheets
  it replaces, against the ledger as it stands once the pages before it are printed; a page
  that cannot be printed is refused as data, so the caller decides whether that stops the run;
- `compose` lays out one sheet with its plan (reportlab only measures text here);
- `write` puts the PDF where asked, atomically and privately, encrypted when asked;
- `commit` records what was written in the ledger, only once it was written.

The library never prints: messages go through a `Voice`, and the date comes in from the
caller, read once per run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import NamedTuple

from sheets import ledger
from sheets.deliver import files as output
from sheets.deliver import signals
from sheets.errors import InputError, SheetsError
from sheets.ledger import AccountNeeded, Plan, StaleCodes
from sheets.ledger import store as state
from sheets.ledger.store import BinderRecord, Ledger
from sheets.model import CodeSet, Sheet


class SamePage(InputError):
    """Two pages of one binder would each be the current sheet of the same account."""


class Voice(NamedTuple):
    """Where the run's messages go: progress lines, warnings, and the path of each file written."""

    say: Callable[[str], None] = lambda line: None  # a progress line
    warn: Callable[[str, str], None] = lambda file, text: None  # a warning about a file
    problem: Callable[[str, str], None] = lambda file, text: None  # a file that is left out
    wrote: Callable[[str], None] = lambda path: None  # a file written


class Page(NamedTuple):
    """One sheet to print: a code set and whose it is."""

    codes: CodeSet
    owner: str | None
    file: str  # the input, for messages


class Planned(NamedTuple):
    """Every page planned against the ledger: a Plan each, or None where it was refused."""

    book: Ledger  # the ledger as it stands once every planned page is printed
    plans: tuple[Plan | None, ...]
    refused: tuple[tuple[int, SheetsError], ...] = ()  # (page index, why)


# -- plan ---------------------------------------------------------------------------------------
def plan(
    book: Ledger, pages: Sequence[Page], today: str, one_set_per_account: bool = False
) -> Planned:
    """Plan every page in order, each seeing the ones before it.

    With one_set_per_account (a binder), a page whose codes would replace another page's of
    the same run is refused; otherwise (several files on one command line) it replaces it.
    """
    plans: list[Plan | None] = []
    refused: list[tuple[int, SheetsError]] = []
    mine: dict[str, str] = {}  # serial -> the file of the page that planned it
    for index, page in enumerate(pages):
        try:
            chosen = ledger.plan(book, page.codes, today=today, owner=page.owner)
            if one_set_per_account:
                _no_rival(chosen, mine, page)
        except (AccountNeeded, StaleCodes, SamePage) as exc:
            plans.append(None)
            refused.append((index, exc))
            continue
        if chosen.entry.serial in mine:  # the same sheet again in this run: its next copy
            chosen = chosen._replace(
                copy=max(
                    p.copy for p in plans if p is not None and p.entry.serial == chosen.entry.serial
                )
                + 1
            )
        book = ledger.apply(book, chosen, today)
        mine.setdefault(chosen.entry.serial, page.codes.source or page.file)
        plans.append(chosen)
    return Planned(book, tuple(plans), tuple(refused))


def _no_rival(chosen: Plan, mine: dict[str, str], page: Page) -> None:
    """Refuse a page that would replace another page of the same run."""
    other = next((mine[e.serial] for e in chosen.replaced if e.serial in mine), None)
    if other is not None:
        what = ledger.label_of(page.codes.provider, page.codes.kind)
        raise SamePage(
            page.codes.source or None,
            f"{other} holds other {what} for "
            f"{page.owner or 'the same person'}, and only one set can be current",
            "keep only the newer download; if they are two accounts, name each "
            'in a binder.toml: { file = "...", account = "..." }',
        )


# -- compose ------------------------------------------------------------------------------------
def sheet_for(page: Page, chosen: Plan | None, today: str) -> Sheet:
    """The Sheet to draw; the plan gives its serial, copy number and what it replaces."""
    codes = page.codes
    if chosen is None:
        return Sheet(codes=codes, printed=today, owner=page.owner)
    if codes.account is None:  # the earlier sheet it replaces named the account
        codes = replace(codes, account=chosen.entry.account)
    return Sheet(
        codes=codes,
        printed=chosen.entry.last_printed or today,
        owner=page.owner,
        serial=chosen.entry.serial,
        copy=chosen.copy,
        replaces=chosen.replaces,
    )


def compose(page: Page, chosen: Plan | None, paper: str, today: str, measure=None):
    """One page's sheet, with its plan, laid out (a PagePlan); LayoutError if it cannot fit."""
    from sheets.render import compose as sheets_on_pages

    sheet = sheet_for(page, chosen, today)
    return sheets_on_pages.page(sheet, paper, measure or sheets_on_pages.measurer())


# -- write --------------------------------------------------------------------------------------
def check_target(target: str, force: bool) -> None:
    """Refuse a target that cannot or must not be written, before any work is done."""
    if target != "-":
        output.check_target(target, force)


def write(pdf: bytes, target: str, force: bool = False, password: str | None = None) -> None:
    """Write a finished PDF to target (`-`: stdout), encrypted when a password is given."""
    signals.check_stopped()
    stored = pdf
    if password:
        from sheets.deliver.crypto import encrypt

        stored = encrypt(pdf, password)
    stored = output.mark(stored)  # what makes it mksheet's own, replaceable without --force
    if target == "-":
        from sheets.deliver import stdout  # termios, select and array only when writing to a pipe

        stdout.write(stored)
    else:
        output.write_atomic(target, stored, force=force)


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
    state.save(book)
    return replace(book, key_on_disk=True)


def commit_paper(book: Ledger, serial: str, copies: int, today: str) -> Ledger:
    """Record paper copies that CUPS accepted."""
    book = ledger.on_paper(book, serial, copies, today)
    state.save(book)
    return book
