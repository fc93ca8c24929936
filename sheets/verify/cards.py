"""`mksheet verify` for authenticator cards: the otpauth:// card codes and the restore page.

A deck's QR codes are the otpauth:// URI of each card and Google's otpauth-migration://
batches of the restore page (sheets.make.compose made them). Read back, they say how many accounts
the pages hold and whether the restore codes carry exactly the cards' accounts. The serial
comes from what is printed: the "sheet OTP-XXXX" on every page of a PDF (its text, as a
reader sees it) groups the codes by deck, and "cards 7-12 of 14" over each card page says
which card pages are there. A scan or photo has no text, so its restore codes name the deck
instead: their batch_id is derived from the serial (read.authenticators.deck.batch_id), and
the ledger's serials are tried against it. No secret is ever in a message, a summary or the JSON.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sheets.errors import SheetsError
from sheets.model import OtpEntry

SCHEMES = ("otpauth://", "otpauth-migration://", "motp://")  # motp://: an mOTP card
SERIAL = re.compile(r"·\s*sheet\s+(OTP-[0-9A-Z]{4})")  # footer and card heads, not "Replaces"
# "cards 7-12 of 14" over a card page, "card 7 of 14" over a card alone on its page
HEAD = re.compile(r"\bcards?\s+(\d+)(?:-(\d+))?\s+of\s+(\d+)")
PRINTED = re.compile(r"printed\s+(\d{4}-\d{2}-\d{2})")
TITLE = "Authenticator keys"


def is_card_text(text: str) -> bool:
    """Whether a QR text is a card's or a restore code's (not a code sheet's payload)."""
    return text.strip().lower().startswith(SCHEMES)


@dataclass(frozen=True)
class CardsBack:
    """What one deck's QR codes and printed heads say (the entries are secret)."""

    serial: str | None  # printed on its pages; None from a picture
    printed: str | None
    cards: tuple[OtpEntry, ...] = field(repr=False)  # one per card read, in reading order
    restore: dict = field(repr=False, default_factory=dict)  # batch index -> entries
    batches: int = 0  # how many restore codes the codes say there are
    batch_ids: frozenset = frozenset()
    total: int | None = None  # "of 14" over the card pages; None when no head was read
    heads: frozenset = frozenset()  # the (first, last) card numbers of each card page read
    unreadable: int = 0  # card-like QR texts that do not parse
    blurred: int = 0  # QR codes found on its pages but too small or blurred to read

    def names(self) -> list[str]:
        """Issuer (account) of every account read, cards first (names, never keys)."""
        return [named(e) for e in self.accounts()]

    def accounts(self) -> list[OtpEntry]:
        """Every distinct account read, from the cards and the restore codes."""
        found = {key(e): e for e in self.cards}
        for batch in sorted(self.restore):
            for entry in self.restore[batch]:
                found.setdefault(key(entry), entry)
        return list(found.values())

    def missing_batches(self) -> list[int]:
        """The restore codes (1-based) the codes say exist and were not read."""
        return [n + 1 for n in range(self.batches) if n not in self.restore]

    def missing_cards(self) -> list[str]:
        """Card pages not read (by the heads of those that were) and, when every card page
        was read, restore accounts with no card. Only a PDF's printed heads say which
        cards exist: from a picture nothing is known missing."""
        if not self.total:
            return []
        carded = {key(e) for e in self.cards}
        pages = [f"cards {first}-{last} of {self.total}" for first, last in self._unread_ranges()]
        lost = [
            f"the card of {named(e)}"
            for batch in sorted(self.restore)
            for e in self.restore[batch]
            if key(e) not in carded
        ]
        return pages + lost

    def _unread_ranges(self) -> list[tuple[int, int]]:
        """(first, last) of each run of card numbers no page head read covers."""
        total = self.total or 0
        covered = {n for first, last in self.heads for n in range(first, last + 1)}
        runs: list[tuple[int, int]] = []
        for n in range(1, total + 1):
            if n in covered:
                continue
            if runs and runs[-1][1] == n - 1:
                runs[-1] = (runs[-1][0], n)
            else:
                runs.append((n, n))
        return runs

    def restore_complete(self) -> bool:
        """Every restore code read, from one deck, carrying exactly the cards that fit (when
        cards were read: the restore page alone is complete when all its codes are)."""
        from sheets.read.authenticators import migration

        if not self.batches or self.missing_batches() or len(self.batch_ids) > 1:
            return False
        if not self.cards:
            return True
        held = sorted(key(e) for batch in self.restore.values() for e in batch)
        return held == sorted(key(e) for e in self.cards if migration.fits(e))

    def whole(self) -> bool:
        """Whether every card was read, as far as the pages read can tell."""
        if self.missing_cards() or self.unreadable or self.blurred or not self.cards:
            return False
        return self.total == len(self.cards) if self.total else self.restore_complete()


def key(entry: OtpEntry) -> tuple:
    """An entry whole, as the ledger's fingerprint sees it, its key by its bytes: a card
    prints a hand-typed key as the app shows it (JEKEKRR), the restore code carries the
    bytes, which read back as JEKEKRQ."""
    from sheets.read.authenticators import entry as checks

    whole = list(entry.whole())
    if entry.type != "motp":  # an mOTP secret is no Base32 key
        whole[3] = checks.canonical(entry.secret)
    return tuple(whole)


def named(entry: OtpEntry) -> str:
    issuer, account = entry.issuer.strip(), entry.account.strip()
    return f"{issuer} ({account})" if issuer and account else issuer or account or "(no name)"


def read(
    found: dict[str, str], copies: dict[str, int] | None = None, blurred: int = 0
) -> list[CardsBack]:
    """The decks among QR texts, each text with the printed text of its page ("" if none);
    copies says how many cards carry a text (a vault may hold the same account twice);
    `blurred` QR codes were found on the pages but not read (each deck is told)."""
    groups: dict[str | None, list[tuple[str, str]]] = {}
    for text, page in found.items():
        if is_card_text(text):
            serials = set(SERIAL.findall(page))
            serial = serials.pop() if len(serials) == 1 else None
            groups.setdefault(serial, []).append((text, page))
    return [_deck(serial, items, found, copies or {}, blurred) for serial, items in groups.items()]


def _deck(
    serial: str | None,
    items: list[tuple[str, str]],
    found: dict,
    copies: dict[str, int],
    blurred: int = 0,
) -> CardsBack:
    from sheets.read.authenticators import migration, otpauth

    cards: dict[tuple, list[OtpEntry]] = {}  # one entry per card that prints it
    restore: dict[int, tuple[OtpEntry, ...]] = {}
    sizes: set[int] = set()
    ids: set[int] = set()
    unreadable = 0
    for text, _ in items:
        try:
            if text.strip().lower().startswith(otpauth.SCHEMES):
                entry = otpauth.parse(text)
                cards.setdefault(key(entry), []).extend([entry] * copies.get(text, 1))
                continue
            entries, size, index, batch_id = migration.decode(text)
        except SheetsError:
            unreadable += 1
            continue
        restore[index], sizes, ids = tuple(entries), sizes | {size}, ids | {batch_id}
    pages = (
        {page for text, page in found.items() if serial and serial in page}
        if serial
        else {page for _, page in items}
    )
    heads = {(int(m[0]), int(m[1] or m[0])) for page in pages for m in HEAD.findall(page)}
    totals = {int(m[2]) for page in pages for m in HEAD.findall(page)}
    printed = next((m for page in pages for m in PRINTED.findall(page)), None)
    return CardsBack(
        serial,
        printed,
        tuple(entry for same in cards.values() for entry in same),
        restore,
        max(sizes, default=0),
        frozenset(ids),
        max(totals, default=None),
        frozenset(heads),
        unreadable,
        blurred,
    )


# -- the ledger ---------------------------------------------------------------------------------
def serial_by_batch(book, deck: CardsBack) -> str | None:
    """The ledger's serial whose batch_id the deck's restore codes carry (a picture's)."""
    from sheets.model import AUTHENTICATOR
    from sheets.read.authenticators.deck import batch_id

    if len(deck.batch_ids) != 1:
        return None
    (wanted,) = deck.batch_ids
    return next(
        (
            e.serial
            for e in book.entries
            if e.kind == AUTHENTICATOR and batch_id(e.serial) == wanted
        ),
        None,
    )


def differs(deck: CardsBack, book, entry) -> tuple[str, str]:
    """(why the accounts read are not the set the ledger recorded, why that cannot be told):
    ("", "") when they are the set."""
    from sheets.ledger import fingerprint
    from sheets.model import Job, Vault

    if not book.key:
        return "", ""
    if not deck.cards:  # the restore page alone: its codes leave out accounts Google's cannot hold
        return "", "the cards were not read, so the accounts were not checked against the ledger"
    read = Job(Vault(entry.provider, tuple(deck.cards)))
    same = fingerprint.matches(book.key, read, entry.fingerprint)
    if same is not False:
        return "", ""
    if not deck.whole():
        return "", (
            f"only part of the deck was read ({len(deck.cards)} cards), so its accounts "
            f"cannot be checked against {entry.serial}"
        )
    return f"its accounts are not the set recorded for {entry.serial}", ""


# -- what verify prints -------------------------------------------------------------------------
def describe(deck: CardsBack, standing) -> dict:
    """The `verify --json` object of a deck: the code sheet's keys, no secret, and more."""
    serial = standing.serial or deck.serial
    return {
        "provider": standing.provider or "authenticator",
        "name": standing.name,
        "title": TITLE,
        "account": None,
        "owner": standing.owner,
        "serial": serial,
        "printed": deck.printed,
        "status": standing.word,
        "status_note": standing.note,
        "count": len(deck.accounts()),
        "codes": [],
        "used": [],
        "kind": "authenticator",
        "accounts": len(deck.accounts()),
        "names": deck.names(),
        "cards": len(deck.cards),
        "cards_printed": deck.total,
        "missing_cards": deck.missing_cards(),
        "restore_codes": deck.batches,
        "restore_read": sorted(n + 1 for n in deck.restore),
        "missing_restore_codes": deck.missing_batches(),
        "restore_complete": deck.restore_complete(),
        "unreadable": deck.unreadable,
    }


def summary(deck: CardsBack, standing) -> list[tuple[str, str]]:
    """(label, value) rows for people: names and counts, never a key."""
    info = describe(deck, standing)
    from sheets.read.authenticators import app_name

    app = app_name(info["provider"])
    rows = [
        ("sheet", f"{TITLE} ({app})"),
        ("serial", info["serial"] or "-"),
        ("printed", deck.printed or "-"),
        ("accounts", str(info["accounts"])),
        ("cards", _cards_row(deck, info)),
        ("restore", _restore_row(deck, info)),
        ("status", str(standing)),
    ]
    if deck.unreadable:
        rows.insert(-1, ("unreadable", f"{deck.unreadable} card-like QR code(s)"))
    if deck.blurred:
        rows.insert(-1, ("unread", f"{qr_codes(deck.blurred)} too small or blurred to read"))
    return rows


def _cards_row(deck: CardsBack, info: dict) -> str:
    if not deck.cards and not deck.total:
        return "none on these pages"
    cards = f"{info['cards']} read" + (f" of {deck.total} printed" if deck.total else "")
    if info["missing_cards"]:
        cards += "; missing: " + ", ".join(info["missing_cards"])
    return cards


def _restore_row(deck: CardsBack, info: dict) -> str:
    if not deck.batches:
        return "none on these pages" if not deck.restore else "none read"
    held = sum(len(entries) for entries in deck.restore.values())
    read = f"{len(deck.restore)} of {deck.batches} read, holding {held} accounts"
    if deck.missing_batches():
        missing = ", ".join(f"{n} of {deck.batches}" for n in deck.missing_batches())
        return f"{read}; missing {missing}"
    if len(deck.batch_ids) > 1:
        return f"{read}; they come from more than one export"
    if not deck.cards:
        return read
    if info["restore_complete"]:
        return f"{read}: exactly the cards' accounts"
    return f"{read}; they do not hold the same accounts as the cards read"


def problem(deck: CardsBack) -> str | None:
    """What the pages read show is missing, in one line (None when nothing is)."""
    said = []
    if deck.blurred:
        verb = "is" if deck.blurred == 1 else "are"
        said.append(f"{qr_codes(deck.blurred)} {verb} too small or blurred to read")
    if deck.missing_batches():
        numbers = ", ".join(map(str, deck.missing_batches()))
        said.append(f"restore code {numbers} of {deck.batches} not read")
    pages = [text for text in deck.missing_cards() if text.startswith("cards ")]
    if pages:
        said.append(f"{', '.join(pages)} not read")
    if deck.unreadable:
        said.append(f"{qr_codes(deck.unreadable)} that are no account")
    return "; ".join(said) or None


def qr_codes(count: int) -> str:
    """`1 QR code`, `3 QR codes`."""
    return f"{count} QR code{'' if count == 1 else 's'}"
