"""What `binder --changed` swaps: the pages whose sheet is not the one in the last binder.

The ledger remembers, per household, the serial, first page number and length (an export's
cards take several pages) of every sheet of the last binder printed. Only pages at the same
numbers can be swapped one for one, a range for a range of the same length: when accounts,
people, a range's length or the page count moved, the whole binder must be printed again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from sheets.errors import InputError
from sheets.ledger import Plan, same_slot
from sheets.ledger import store as state
from sheets.ledger.store import BinderRecord, Ledger
from sheets.model import LedgerEntry

MOVED_HINT = "print the full binder again, without --changed"


class NoBinder(InputError):
    """`binder --changed` found no earlier binder of this household to compare with."""


class PagesMoved(InputError):
    """`binder --changed` cannot swap single pages: the binder's page numbers moved."""


@dataclass(frozen=True)
class Last:
    """The last binder printed for a household, and the sheet on each of its account pages."""

    record: BinderRecord
    sheets: dict[str, LedgerEntry]  # by serial


@dataclass(frozen=True)
class Swap:
    """A page of `binder --changed`: the sheet to take out and the one to put in its place."""

    index: int  # among the binder's account pages
    page: int  # its (first) page number in the binder
    old: LedgerEntry
    new: Plan
    length: int = 1  # its pages: an export's cards take several


def last_binder(book: Ledger, family: str) -> Last | None:
    """The last binder of this household in the ledger, or None."""
    record = next((b for b in book.binders if b.family == family), None)
    if record is None:
        return None
    sheets = {e.serial: e for e in book.entries if e.serial in set(record.serials)}
    if len(sheets) != len(set(record.serials)):
        raise state.DamagedLedger(
            os.path.join(book.folder, state.LEDGER),
            "is damaged (a binder names a sheet it does not record)",
            state.KEEP,
        )
    return Last(record, sheets)


def require(last: Last | None, family: str, source: str) -> Last:
    """The last binder, or NoBinder: --changed has nothing to compare with."""
    if last is None:
        raise NoBinder(
            source,
            f"the ledger records no earlier binder of {family!r} to compare with",
            "print the whole binder first, without --changed",
        )
    return last


def swaps(
    last: Last,
    plans: list[Plan],
    pages: list[int],
    total: int,
    source: str,
    lengths: list[int] | None = None,
) -> list[Swap]:
    """The account pages whose sheet is not the last binder's, at the same page numbers."""
    then, sizes = last.record, tuple(lengths or [1] * len(pages))
    if (len(plans), tuple(pages), sizes, total) != (
        len(then.serials),
        then.pages,
        then.lengths,
        then.total,
    ):
        raise PagesMoved(source, _moved(then, len(plans), total), MOVED_HINT)
    found = []
    for index, (chosen, serial) in enumerate(zip(plans, then.serials)):
        if chosen.entry.serial == serial:
            continue
        before = last.sheets[serial]
        if not same_slot(before, chosen.entry):
            raise PagesMoved(
                source,
                f"page {pages[index]} held another account's sheet "
                f"({serial}) in the binder printed {then.printed}",
                MOVED_HINT,
            )
        found.append(Swap(index, pages[index], before, chosen, sizes[index]))
    return found


def _moved(then: BinderRecord, accounts: int, total: int) -> str:
    if (accounts, total) != (len(then.serials), then.total):
        return (
            f"has {accounts} account pages and {total} pages in all, where the binder "
            f"printed {then.printed} had {len(then.serials)} and {then.total}, so page "
            "numbers moved"
        )
    return f"numbers its pages differently from the binder printed {then.printed}"
