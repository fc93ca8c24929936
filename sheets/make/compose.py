"""A job with its plan becomes pages: a code sheet's page, or an export's deck of cards.

The ledger's plan gives the serial, copy number and what the job replaces; here they are
put on the Sheet or the Deck that render/ lays out, and the deck's otpauth:// URIs and
Google transfer payloads are made, so that render/ gets text. `pdf` draws either kind.
The cards' modules are imported when a deck is made: a code sheet never needs them.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from sheets import payload
from sheets.ledger import Plan
from sheets.model import CodeSet, Job, OtpEntry, Sheet, Vault
from sheets.render.items import Measure

if TYPE_CHECKING:
    from sheets.render.cards import Deck

BATCH = 10  # accounts per transfer code: Google Authenticator's own exports hold 10 at most


def sheet_for(codes: CodeSet, owner: str | None, chosen: Plan | None, today: str) -> Sheet:
    """The Sheet to draw; the plan gives its serial, copy number and what it replaces."""
    if chosen is None:
        return Sheet(codes=codes, printed=today, owner=owner)
    if codes.account is None:  # the earlier sheet it replaces named the account
        codes = replace(codes, account=chosen.entry.account)
    return Sheet(
        codes=codes,
        printed=chosen.entry.last_printed or today,
        owner=owner,
        serial=chosen.entry.serial,
        copy=chosen.copy,
        replaces=chosen.replaces,
    )


def deck_for(vault: Vault, owner: str | None, chosen: Plan | None, today: str) -> Deck:
    """The Deck render.cards prints, with its URIs and transfer payloads."""
    from sheets.read.authenticators import app_name, migration, otpauth
    from sheets.read.authenticators.deck import batch_id
    from sheets.render.cards import Card, Deck

    entries = vault.entries
    groups = batches(entries)
    serial = chosen.entry.serial if chosen else None
    restore = tuple(
        migration.encode([entries[i] for i in group], len(groups), n, batch_id(serial))
        for n, group in enumerate(groups)
    )
    return Deck(
        cards=tuple(Card(e, otpauth.uri(e)) for e in entries),
        restore=restore,
        batches=tuple(groups),
        app=app_name(vault.format),
        source=vault.source,
        printed=(chosen.entry.last_printed or today) if chosen else today,
        owner=owner or (chosen.entry.owner if chosen else None),
        serial=serial,
        copy=chosen.copy if chosen else 1,
        replaces=chosen.replaces if chosen else None,
    )


def batches(entries: tuple[OtpEntry, ...]) -> list[tuple[int, ...]]:
    """The entries Google's transfer payload can carry, in even batches of at most BATCH."""
    from sheets.read.authenticators import migration

    carried = tuple(i for i, entry in enumerate(entries) if migration.fits(entry))
    count = -(-len(carried) // BATCH)
    return [tuple(run) for run in payload.even_runs(carried, count)] if count else []


def pdf(job: Job, chosen: Plan, paper: str, today: str, measure: Measure) -> bytes:
    """The job's PDF: one sheet's page, or an export's cover, cards and restore page."""
    from sheets.render import compose, draw

    if job.deck is not None:
        from sheets.render import deck

        return deck.render_pdf(deck_for(job.deck, job.owner, chosen, today), paper)
    assert isinstance(job.content, CodeSet)
    sheet = sheet_for(job.content, job.owner, chosen, today)
    plans = [compose.page(sheet, paper, measure)]
    return draw.render_plans(plans, paper, serials=(chosen.entry.serial,))
