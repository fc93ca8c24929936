"""A binder against the ledger: a serial for every page, and what changed since the last one.

Every account page of a binder is planned like a `mksheet FILE` sheet (serial, copy number,
"replaces sheet X"), in binder order, before anything is drawn. A page that cannot be printed
is refused with a reason instead of stopping the others: codes a newer sheet replaced, a file
naming no account where several sheets could be the one it replaces, or two files of the same
binder that would each be the current sheet of one account. The ledger remembers, per
household, the serial and page number of every account page of the last binder, so
`binder --changed` can print only the pages to swap. Nothing is saved until the PDF is written.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

from sheets import state
from sheets.errors import InputError, SheetsError
from sheets.ledger import AccountNeeded, Plan, StaleCodes, apply, plan, same_slot
from sheets.model import CodeSet, LedgerEntry
from sheets.providers import by_key
from sheets.state import BinderRecord

ACCOUNT_IN_MANIFEST = ('name its account in a binder.toml: { file = "...", account = "..." } '
                       "(see `mksheet binder --help`)")
MOVED_HINT = ("print the full binder again, without --changed (and with --duplex only if the "
              "last one had it)")


class SamePage(InputError):
    """Two files in one binder would each be the current sheet of the same account."""


class NoBinder(InputError):
    """`binder --changed` found no earlier binder of this household to compare with."""


class PagesMoved(InputError):
    """`binder --changed` cannot swap single pages: the binder's page numbers moved."""


@dataclass(frozen=True)
class Reprint:
    """A binder's account pages planned against the ledger, and the last binder printed."""

    family: str
    plans: tuple[Plan | None, ...]  # one per page, in binder order; None where refused
    refused: tuple[tuple[int, SheetsError], ...]  # (page index, why) for each refused page
    last: BinderRecord | None  # the last binder recorded for this household
    old: dict[str, LedgerEntry]  # the sheet on each account page of that binder, by serial


@dataclass(frozen=True)
class Swap:
    """A page of `binder --changed`: the sheet to take out and the one to put in its place."""

    index: int  # among the binder's account pages
    page: int  # its page number in the binder
    old: LedgerEntry
    new: Plan


def plan_pages(where: str, family: str, pages: list[tuple[CodeSet, str | None]], *,
               today: str, copies: int = 1) -> Reprint:
    """Plan every page (code set, owner) in order; a page that cannot be printed is refused."""
    with state.locked(where):  # the lead's sheets/run.py takes it around plan..record
        book = state.load(where, create_key=True)
    last = next((b for b in book.binders if b.family == family), None)
    wanted = set(last.serials) if last else set()
    old = {e.serial: e for e in book.entries if e.serial in wanted}
    if len(old) != len(wanted):
        raise state.DamagedLedger(os.path.join(where, state.LEDGER), "is damaged (a binder "
                                  "names a sheet it does not record)", state.KEEP)
    plans, refused, mine = [], [], {}
    for index, (codes, owner) in enumerate(pages):
        try:
            chosen = plan(book, codes, today=today, owner=owner, copies=copies)
            _no_rival(chosen, mine, codes, owner)
        except AccountNeeded as exc:
            plans.append(None)
            refused.append((index, AccountNeeded(exc.file, exc.problem, ACCOUNT_IN_MANIFEST)))
        except (StaleCodes, SamePage) as exc:
            plans.append(None)
            refused.append((index, exc))
        else:
            book = apply(book, chosen, today)
            mine.setdefault(chosen.entry.serial, codes.source)
            plans.append(chosen)
    return Reprint(family, tuple(plans), tuple(refused), last, old)


def last_binder(where: str, family: str, source: str) -> BinderRecord:
    """The last binder of this household, or NoBinder: --changed has nothing to compare with."""
    last = next((b for b in state.load(where).binders if b.family == family), None)
    if last is None:
        raise NoBinder(source, f"the ledger records no earlier binder of {family!r} to "
                       "compare with", "print the whole binder first, without --changed")
    return last


def swaps(reprint: Reprint, plans: list[Plan], pages: list[int], total: int,
          source: str) -> list[Swap]:
    """The account pages whose sheet is not the last binder's, at the same page numbers."""
    last = reprint.last
    if last is None:
        raise NoBinder(source, f"the ledger records no earlier binder of {reprint.family!r}",
                       "print the whole binder first, without --changed")
    if (len(plans), tuple(pages), total) != (len(last.serials), last.pages, last.total):
        raise PagesMoved(source, _moved(last, len(plans), total), MOVED_HINT)
    found = []
    for index, (chosen, serial) in enumerate(zip(plans, last.serials)):
        if chosen.entry.serial == serial:
            continue
        before = reprint.old[serial]
        if not same_slot(before, chosen.entry):
            raise PagesMoved(source, f"page {pages[index]} held another account's sheet "
                             f"({serial}) in the binder printed {last.printed}", MOVED_HINT)
        found.append(Swap(index, pages[index], before, chosen))
    return found


def record(where: str, binder: BinderRecord, printed: list[Plan], today: str) -> None:
    """Save a binder once written: the plans of the pages printed, and what each page holds."""
    with state.locked(where):  # load and save as one step: no run loses another's entry
        book = state.load(where)
        for chosen in printed:
            book = apply(book, chosen, today)
        others = [b for b in book.binders if b.family != binder.family]
        state.save(replace(book, binders=(*others, binder)))


def _no_rival(chosen: Plan, mine: dict[str, str], codes: CodeSet, owner: str | None) -> None:
    """Refuse a page that would replace another page of the same binder."""
    other = next((mine[e.serial] for e in chosen.replaced if e.serial in mine), None)
    if other is not None:
        provider = by_key(codes.provider)
        raise SamePage(codes.source or None, f"{other} holds other {provider.name} "
                       f"{provider.facts(codes.kind).label} for {owner or 'the same person'}, "
                       "and only one set can be current",
                       "keep only the newer download; if they are two accounts, name each "
                       'in a binder.toml: { file = "...", account = "..." }')


def _moved(last: BinderRecord, accounts: int, total: int) -> str:
    then = (len(last.serials), last.total)
    if (accounts, total) != then:
        return (f"has {accounts} account pages and {total} pages in all, where the binder "
                f"printed {last.printed} had {then[0]} and {then[1]}, so page numbers moved")
    return f"numbers its pages differently from the binder printed {last.printed}"
