"""Authenticator re-enrolment cards: one card per account, six to a page.

Each card holds what re-enrols one account on a new phone: the issuer and account large, an
`otpauth://` QR code, the secret key in groups of four to type when the camera fails, the
settings that differ from the usual ones, and a tick box with a date line. The URIs and the
migration payloads are made outside render/ (sheets.read.authenticators) and come in as text.
Pure geometry like layout.py: `measure` and `covers` (does a font have these letters) are
injected, and the cover and the restore page are render.restore's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sheets.errors import LayoutError
from sheets.model import OtpEntry
from sheets.render import qr
from sheets.render.frame import clip, fitted, hard_wrap
from sheets.render.items import QR, Box, Measure, Rule, Text
from sheets.render.style import MIN_MODULE, MM, PHOTO_MODULE, SMALLEST

COLUMNS, ROWS = 2, 3
QR_SIZE = 48 * MM  # quiet zone included: the smallest a card's symbol is drawn
MOST_QR = 0.62  # of the card's width: the rest is the column of names beside it
INSET = 1 * MM  # from the card's border to the symbol's quiet zone
PAD = 4 * MM  # inside the card's border
GAP = 4 * MM  # between cards
TITLE, ACCOUNT, DETAIL, SECRET, SMALL = 16.0, 11.0, 9.5, 15.0, SMALLEST
NOTE = SMALLEST  # the entry's note beside the QR: the smallest size mksheet prints
# What the other kinds are, and where they can go (Aegis imports all three; Ente and Stratum
# read Steam; Stratum mOTP and Yandex): Google's format and most apps cannot take them.
MARKINGS = {
    "steam": "Steam Guard: import into Aegis or Ente, not Google Authenticator",
    "motp": "mOTP: import into Aegis or Authenticator Pro, not Google Authenticator",
    "yandex": "Yandex Key: import into Aegis or Authenticator Pro, not Google Authenticator",
}
NOTE_GOES_ON = "(whole note on the Notes page)"
MIN_SECRET = 9.5
TICK_BOX = 4.5 * MM
KEY_ROOM = SMALL * 1.8 + 2 * MIN_SECRET * 1.3  # the key's label and two lines at the least
MOST_LINES = 4  # of a name; the QR code holds the rest
NAME_FONTS = {"body-bold": "fallback", "body": "fallback"}  # where a name's letters are found
Covers = Callable[[str, str], bool]


@dataclass(frozen=True)
class Card:
    """One account to print: its entry and its otpauth:// URI (both secret)."""

    entry: OtpEntry
    uri: str = field(repr=False)


@dataclass(frozen=True)
class Deck:
    """Everything an authenticator export's pages print."""

    cards: tuple[Card, ...]
    restore: tuple[str, ...] = field(repr=False)  # migration URIs: batch 1 of n ... n of n
    batches: tuple[tuple[int, ...], ...] = ()  # the cards (indices) each migration URI holds
    app: str = ""  # the export's app, as printed: "Aegis"
    source: str = ""  # the export's file name
    printed: str = ""
    owner: str | None = None
    serial: str | None = None
    copy: int = 1
    replaces: str | None = None  # "OTP-7K3Q printed 2026-03-14"


def details(entry: OtpEntry) -> str:
    """The settings that differ from an app's defaults (SHA1, 6 digits, 30 s), or "";
    the PIN an mOTP or Yandex key needs (as secret as the key)."""
    parts = [f"PIN\u00a0{entry.pin}"] if entry.pin else []
    if entry.type in ("motp", "yandex", "steam"):  # their settings are the kind's own
        return " · ".join(parts)
    if entry.type == "hotp":
        parts.append(f"Counter-based (HOTP), counter\u00a0{entry.counter}")
    if entry.algorithm != "SHA1":
        parts.append(entry.algorithm)
    if entry.digits != 6:
        parts.append(f"{entry.digits}\u00a0digits")
    if entry.type == "totp" and entry.period != 30:
        parts.append(f"every\u00a0{entry.period}\u00a0s")
    return " · ".join(parts)


def grouped(secret: str) -> str:
    """The secret key in groups of four, for typing."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def title_of(entry: OtpEntry) -> tuple[str, str]:
    """(title, second line): the issuer and the account, or the account alone."""
    if entry.issuer.strip():
        return entry.issuer, entry.account
    return entry.account or "(no name in the export)", ""


def matrix(card: Card, source: str = "") -> qr.Matrix:
    """The card's QR modules (quiet zone included); LayoutError when no QR code holds it."""
    try:
        return qr.matrix(card.uri, "M")
    except ValueError:  # longer than a version 40 symbol holds: kilobytes of name or key
        raise LayoutError(
            source or None,
            f"an account's card needs {len(card.uri.encode()):,} bytes in its QR code, "
            "more than the largest QR code holds",
            "check the export for an account with a very long name or key, shorten it "
            "in the app, export again and print",
        ) from None


def fits(modules: int, w: float, h: float) -> bool:
    """Whether a symbol of this many modules prints on a card w x h at the floor or more."""
    return _room(w, h) >= modules * MIN_MODULE


def _room(w: float, h: float) -> float:
    """The largest symbol a card w x h has room for, beside its names and above its key."""
    return min(w * MOST_QR, h - INSET - KEY_ROOM - PAD)


def symbol_size(modules: int, w: float, h: float, source: str = "") -> float:
    """A card's symbol: PHOTO_MODULE a module (QR_SIZE at least), smaller down to the floor
    only when the card has no room; LayoutError below the floor."""
    size = min(_room(w, h), max(QR_SIZE, modules * PHOTO_MODULE))
    if size < modules * MIN_MODULE:
        raise LayoutError(
            source or None,
            f"the QR code of {modules} modules for one account would print too fine to scan",
            "shorten that account's name in the app, export again and print",
        )
    return size


class CardPainter:
    """Lays out cards on pages: geometry from the safe box, text measured by `measure`."""

    def __init__(self, measure: Measure, covers: Covers):
        self.measure, self.covers = measure, covers
        self.cut: list[Card] = []  # cards whose note did not fit: the Notes page holds them

    def page(
        self, cards, left: float, top: float, width: float, height: float, source: str = ""
    ) -> list:
        """The items of up to COLUMNS x ROWS (card, its QR modules) in the box below
        (left, top)."""
        w = (width - (COLUMNS - 1) * GAP) / COLUMNS
        h = (height - (ROWS - 1) * GAP) / ROWS
        items = []
        for index, (card, modules) in enumerate(cards):
            row, column = divmod(index, COLUMNS)
            x, y = left + column * (w + GAP), top - row * (h + GAP)
            items += self.card(card, modules, x, y, w, h, source)
        return items

    def card(
        self, card: Card, modules, x: float, top: float, w: float, h: float, source: str = ""
    ) -> list:
        """One card's items: border, QR at the top right, words at the left, key below."""
        items: list = [Box(x, top - h, w, h, 1.0)]
        size = symbol_size(len(modules), w, h, source)
        qr_x, qr_top = x + w - INSET - size, top - INSET  # the quiet zone inside the border
        items.append(QR(qr_x, qr_top - size, size, modules))
        quiet = 4 * size / len(modules)
        column, qr_bottom = qr_x + quiet - x - PAD - 1 * MM, qr_top - size
        y = self.names(items, card.entry, x + PAD, top - PAD, column)
        y = self.settings(items, card.entry, x + PAD, y, column)
        tick_top = qr_bottom + quiet + self.tick_height(column)  # level with the QR's foot
        if card.entry.note:
            y = self.note(items, card, x + PAD, y - 2, column, tick_top + 6)
        y = self.tick(items, x + PAD, min(y - 6, tick_top), column)
        self.secret(
            items,
            card.entry.secret,
            x + PAD,
            min(qr_bottom, y - 4),
            w - 2 * PAD,
            top - h + PAD,
            source,
        )
        return items

    def note(
        self, items: list, card: Card, x: float, y: float, width: float, floor: float
    ) -> float:
        """The entry's note beside the QR code, wrapped; a note longer than the room is on
        the Notes page, and the card says so (a note may hold the account's backup codes).
        Returns y."""
        lines = [
            (line, "body")
            for line in note_lines(card.entry.note, "body", NOTE, width, self.measure)
        ]
        room = int((y - floor) // (NOTE * 1.2))
        if len(lines) > room:
            self.cut.append(card)
            goes_on = hard_wrap(NOTE_GOES_ON, "body-bold", NOTE, width, self.measure)
            lines = lines[: max(0, room - len(goes_on))] + [(g, "body-bold") for g in goes_on]
        for line, font in lines:
            y -= NOTE * 1.2
            items.append(Text(x, y, line, font, NOTE))
        return y

    # -- the words at the left -----------------------------------------------------------
    def names(self, items: list, entry: OtpEntry, x: float, y: float, width: float) -> float:
        """Issuer large and account below, each wrapped or smaller within width; returns y."""
        title, account = title_of(entry)
        y = self.name(items, title, "body-bold", TITLE, x, y, width, 9)
        if account:
            y = self.name(items, account, "body", ACCOUNT, x, y - 1, width, 8.5)
        return y

    def name(
        self,
        items: list,
        text: str,
        font: str,
        size: float,
        x: float,
        y: float,
        width: float,
        smallest: float,
    ) -> float:
        """A name in the first font with its letters; if none has them, say so plainly."""
        if not self.covers(text, font):
            font = NAME_FONTS[font]
        if not self.covers(text, font):
            return self.unprintable(items, x, y, width)
        size, lines = fitted(text, font, size, width, self.measure, smallest)
        if len(lines) > MOST_LINES:
            lines = [
                *lines[: MOST_LINES - 1],
                clip(" ".join(lines[MOST_LINES - 1 :]), font, size, width, self.measure),
            ]
        for line in lines:
            y -= size * 1.15
            items.append(Text(x, y, line, font, size))
        return y - 2

    def unprintable(self, items: list, x: float, y: float, width: float) -> float:
        """The notice for a name whose letters no font here has, and a line to write it on."""
        text = (
            "This name could not be printed: mksheet has no font with its letters. The "
            "QR code holds it. Write it here:"
        )
        for line in hard_wrap(text, "body-bold", SMALL, width, self.measure):
            y -= SMALL * 1.2
            items.append(Text(x, y, line, "body-bold", SMALL))
        y -= 12
        items.append(Rule(x, y, x + width, y, 0.6))
        return y - 3

    def settings(self, items: list, entry: OtpEntry, x: float, y: float, width: float) -> float:
        """What kind of key it is when not TOTP or HOTP, the settings that differ from the
        defaults, if any; returns y."""
        if entry.type in MARKINGS:
            y -= 3
            for line in hard_wrap(MARKINGS[entry.type], "body-bold", DETAIL, width, self.measure):
                y -= DETAIL * 1.25
                items.append(Text(x, y, line, "body-bold", DETAIL))
        text = details(entry)
        if not text:
            return y
        y -= 3
        for line in hard_wrap(text, "body", DETAIL, width, self.measure):
            y -= DETAIL * 1.25
            items.append(Text(x, y, line, "body", DETAIL))
        return y

    def tick_lines(self, width: float) -> list[str]:
        """ "Added to the new phone" beside its box, wrapped to the column."""
        room = width - TICK_BOX - 4
        return hard_wrap("Added to the new phone", "body", DETAIL, room, self.measure)

    def tick_height(self, width: float) -> float:
        """The tick box and its words, then the date line under them."""
        return max(TICK_BOX, len(self.tick_lines(width)) * DETAIL * 1.2) + SMALL * 1.2 + 8

    def tick(self, items: list, x: float, y: float, width: float) -> float:
        """A tick box, "Added to the new phone", and a date line under it; returns the foot."""
        box = TICK_BOX
        items.append(Box(x, y - box, box, box, 1.0))
        line_y = y - 3 - DETAIL * 0.8
        for line in self.tick_lines(width):
            items.append(Text(x + box + 4, line_y, line, "body", DETAIL))
            line_y -= DETAIL * 1.2
        line_y = min(line_y, y - box - SMALL) - 6
        items.append(Text(x + box + 4, line_y, "date", "body", SMALL))
        start = x + box + 4 + self.measure("date ", "body", SMALL)
        items.append(Rule(start, line_y - 1, min(x + width, start + 30 * MM), line_y - 1, 0.6))
        return line_y - 3

    # -- the key below ----------------------------------------------------------------------
    def secret(
        self,
        items: list,
        secret: str,
        x: float,
        top: float,
        width: float,
        floor: float,
        source: str,
    ) -> None:
        """ "Key" and the secret in groups of four, as large as fits between top and floor."""
        label = "Key, to type if the camera cannot scan (spaces do not matter):"
        items.append(Text(x, top - SMALL * 1.4, label, "body", SMALL))
        room = top - SMALL * 1.8 - floor
        size = SECRET
        while True:
            lines = self.key_lines(secret, size, width)
            if len(lines) * size * 1.3 <= room or size <= MIN_SECRET:
                break
            size -= 0.5
        if len(lines) * size * 1.3 > room:
            raise LayoutError(
                source or None,
                f"a secret key of {len(secret)} characters does not fit its card",
                "check the export; keys are 16 to 103 characters long",
            )
        y = top - SMALL * 1.8
        for line in lines:
            y -= size * 1.3
            items.append(Text(x, y + size * 0.25, line, "code", size))

    def key_lines(self, secret: str, size: float, width: float) -> list[str]:
        """The groups of four in as few lines as fit, the lines as even as they can be
        (13 groups: 5, 4 and 4; 8 groups: 4 and 4)."""
        groups = grouped(secret).split(" ")
        per_line = max(
            1, int((width + self.measure(" ", "code", size)) / self.measure("XXXX ", "code", size))
        )
        lines = -(-len(groups) // per_line)
        base, extra = divmod(len(groups), lines)
        found, start = [], 0
        for n in range(lines):
            end = start + base + (n < extra)
            found.append(" ".join(groups[start:end]))
            start = end
        return found


def note_lines(note: str, font: str, size: float, width: float, measure: Measure) -> list[str]:
    """A note's lines as written (people keep one code a line), each wrapped to width."""
    return [
        wrapped
        for line in note.splitlines()
        for wrapped in (hard_wrap(line, font, size, width, measure) if line.strip() else [""])
    ]
