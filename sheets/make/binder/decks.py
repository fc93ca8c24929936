"""An authenticator export in a binder: its deck (cover, cards, restore page) as a range of
that person's pages.

The export is read like `mksheet EXPORT` reads it (api.read_vault: the password from
--vault-password-file, else asked once per encrypted file); the ledger plans it by its Mark
(one OTP- serial per export) like any code set. Its pages are laid out once to count them,
and again while painting with the binder's page numbers, which its cover lists.
"""

from __future__ import annotations

from sheets import api
from sheets.errors import LayoutError, SheetsError
from sheets.ledger import Plan
from sheets.make import steps as run
from sheets.make import vaults
from sheets.make.binder.spec import Entry
from sheets.read.authenticators.crypt import WRONG
from sheets.render import pages, swap
from sheets.render.cards import Deck
from sheets.render.items import Measure, PagePlan


def is_export(entry: Entry) -> bool:
    """An authenticator export, unless the manifest names a provider for the file."""
    return entry.provider is None and api.is_export(entry.path)


def read(entry: Entry, password_file: str | None, voice: run.Voice) -> run.Page:
    """The export's page: its Mark carries the vault (InputError when it cannot be read)."""
    vault = api.read_vault(entry.path, password_file, voice.warn)
    for warning in vault.warnings:
        voice.warn(entry.path, warning)
    return run.Page(vaults.mark(vault), entry.person, entry.path)  # type: ignore[arg-type]


def stops(exc: SheetsError) -> bool:
    """A wrong vault password ends the run at once (one line), unless --keep-going."""
    return getattr(exc, "problem", "") == WRONG


def is_deck(page: run.Page) -> bool:
    return isinstance(page.codes, vaults.Mark)


def fit(page: run.Page, chosen: Plan, paper: str, measure: Measure, today: str) -> tuple[Deck, int]:
    """The deck and how many pages it takes (LayoutError when it cannot be printed)."""
    from sheets.render import deck as layout
    from sheets.render import draw

    mark: vaults.Mark = page.codes  # type: ignore[assignment]  # is_deck(page)
    assert mark.vault is not None
    deck = vaults.deck_of(mark.vault, today, chosen, page.owner)
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
