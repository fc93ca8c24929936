"""An authenticator export in a binder: its deck (cover, cards, restore page) as a range of
that person's pages.

The export is read and planned like any job (one OTP- serial per export). Its pages are
laid out once to count them, and again while painting with the binder's page numbers,
which its cover lists.
"""

from __future__ import annotations

from sheets.errors import LayoutError, SheetsError
from sheets.ledger import Plan
from sheets.make import compose
from sheets.model import Job
from sheets.read.authenticators.crypt import WRONG
from sheets.render import pages, swap
from sheets.render.cards import Deck
from sheets.render.items import Measure, PagePlan


def stops(exc: SheetsError) -> bool:
    """A wrong vault password ends the run at once (one line), unless --keep-going."""
    return getattr(exc, "problem", "") == WRONG


def fit(job: Job, chosen: Plan, paper: str, measure: Measure, today: str) -> tuple[Deck, int]:
    """The deck and how many pages it takes (LayoutError when it cannot be printed)."""
    from sheets.render import deck as layout
    from sheets.render import draw

    assert job.deck is not None
    deck = compose.deck_for(job.deck, job.owner, chosen, today)
    return deck, len(layout.pages(deck, paper, measure, draw.covers))


def paint(
    deck: Deck, length: int, first: int, total: int, paper: str, measure: Measure
) -> list[PagePlan]:
    """The deck's pages numbered first... of the binder's total."""
    from sheets.render import deck as layout
    from sheets.render import draw

    plans = layout.pages(deck, paper, measure, draw.covers, start=first, total=total)
    if len(plans) != length:  # its cover listed other page numbers and grew: never seen
        raise LayoutError(
            deck.source or None,
            "its pages do not settle in the binder",
            "please report this with the number of accounts",
        )
    return plans


def row(deck: Deck, person: str, first: int, length: int, serial: str) -> pages.Row:
    """Its line in the contents: the app, how many accounts, its pages and serial."""
    count = len(deck.cards)
    accounts = f"{count} {'account' if count == 1 else 'accounts'}"
    return pages.Row(
        person,
        f"{deck.app} authenticator keys",
        f"{accounts}, pages {first}-{first + length - 1}",
        str(count),
        first,
        serial,
        count,
    )


def change(deck: Deck, person: str, chosen) -> swap.Change:
    """Its line on the cover of `binder --changed`: the whole range to swap."""
    old, count = chosen.old, len(deck.cards)
    return swap.Change(
        chosen.page,
        person,
        f"{deck.app} authenticator keys",
        f"{count} {'account' if count == 1 else 'accounts'}",
        old.serial,
        old.printed,
        old.copies,
        old.status,
        chosen.new.entry.serial,
        chosen.page + chosen.length - 1,
    )
