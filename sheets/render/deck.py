"""An authenticator export's pages: a cover, the cards (render.cards), the restore page.

The cover says what the pages are (the keys themselves) and where each account's card is;
the restore page holds the Google Authenticator migration codes, numbered "1 of 3", with the
cards each holds. All pages share the frame and footer of the rest of mksheet; in a binder
each carries its owner's name at the top, as the sheets do. Names are printed in the font
that has their letters, as on the cards. The prose is in templates/authenticator/.
"""

from __future__ import annotations

import re

from sheets.errors import LayoutError
from sheets.render import cards, qr, words
from sheets.render.cards import CardPainter, Covers, Deck
from sheets.render.frame import Frame, hard_wrap, program
from sheets.render.items import QR, Measure, PagePlan, Rule, Text
from sheets.render.style import MIN_MODULE, MM, PHOTO_MODULE

PER_PAGE = cards.COLUMNS * cards.ROWS
TITLE = "Authenticator keys"
LIST = 10.5  # the cover's list of accounts
LABEL, CAPTION = 13.0, 9.5  # under a restore code: "1 of 3", then the cards it holds
MOST_MODULE = 1.3 * MM  # a restore code grows with its page up to this
NAME_FONTS = ("body", "fallback")


def pages(
    deck: Deck,
    paper: str,
    measure: Measure,
    covers: Covers,
    start: int = 1,
    total: int | None = None,
) -> list[PagePlan]:
    """Every page of the deck, numbered, with the shared footer; in a binder (`total`
    given) its pages are start... of the binder's total, carry the owner's name at the top,
    and the cover names those numbers."""
    if not deck.cards:
        raise LayoutError(
            deck.source or None,
            "holds no accounts to print",
            "export again from the app, with its accounts in it",
        )
    head = deck.owner if total is not None else None
    symbols = [cards.matrix(card, deck.source) for card in deck.cards]
    layout = _paginate(deck, symbols, paper, measure, head)
    card_pages, cut = _card_pages(deck, symbols, paper, measure, covers, head, layout)
    notes = _notes(deck, cut, paper, measure, covers, head)
    restore = _restore(deck, paper, measure, covers, head)
    on_page = {index: n for n, shown in enumerate(layout) for index in shown}
    first_card = 2
    while True:  # the cover lists each card's page, and its own length moves them
        after = first_card + len(card_pages) + len(notes)
        restore_at = [n + start - 1 for n in range(after, after + len(restore))]
        pages_of = [first_card + start - 1 + on_page[i] for i in range(len(deck.cards))]
        cover = _cover(deck, paper, measure, covers, pages_of, restore_at, head)
        if len(cover) + 1 == first_card:
            break
        first_card = len(cover) + 1
    body = cover + card_pages + notes + restore
    frame, total = Frame(paper, measure), total or len(body)
    return [
        PagePlan(
            frame.width,
            frame.height,
            tuple(items) + frame.footer(_footer(deck), f"page {n} of {total}"),
            f"{TITLE}: {deck.app}" if deck.app else TITLE,
        )
        for n, items in enumerate(body, start)
    ]


def _footer(deck: Deck) -> str:
    text = f"{program()} · printed {deck.printed}"
    return (
        text
        + (f" · sheet {deck.serial}" if deck.serial else "")
        + " · keys: as secret as passwords"
    )


def running_head(frame: Frame, owner: str | None) -> None:
    """In a binder, whose pages these are, on every page (as on the sheets)."""
    if not owner:
        return
    for line in hard_wrap(owner, "body-bold", 11, frame.inner, frame.measure):
        frame.line(line, "body-bold", 11, leading=1.15)
    frame.y -= 4
    frame.add(Rule(frame.left, frame.y, frame.right, frame.y, 0.4))
    frame.y -= 6


def _new_page(frame: Frame, deck: Deck, head: str | None, heading: str) -> None:
    """A following page of the cover or the restore page: the running head, the deck's
    title and serial, and the heading it continues."""
    frame.turn()
    running_head(frame, head)
    serial = f" · sheet {deck.serial}" if deck.serial else ""
    frame.line(f"{TITLE}{serial}", "body-bold", 11, leading=1.2)
    frame.y -= 6
    frame.line(heading, "body-bold", frame.s.heading, leading=1.4)
    frame.y -= 2


# -- names in the font that has their letters -------------------------------------------------
Runs = list[tuple[str, str]]  # (text, font) pieces of one name or line, set one after another


def runs(text: str, covers: Covers) -> Runs | None:
    """Text in (text, font) runs, each letter in the first of NAME_FONTS that has it (a
    Japanese issuer in the system's font, its Latin account in the body's); None when a
    letter is in no font here."""
    found: Runs = []
    for char in text:
        font = (
            found[-1][1]
            if char.isspace() and found
            else next((f for f in NAME_FONTS if covers(char, f)), None)
        )
        if font is None:
            return None
        if found and found[-1][1] == font:
            found[-1] = (found[-1][0] + char, font)
        else:
            found.append((char, font))
    return found


def listed(entry, covers: Covers, short: bool = False) -> Runs:
    """An account as the cover and the restore page name it, issuer and account (the issuer
    alone when short), each letter in a font that has it, as on its card."""
    issuer, account = entry.issuer.strip(), entry.account.strip()
    text = f"{issuer} ({account})" if issuer and account and not short else issuer or account
    return runs(text or "(no name)", covers) or [("(a name no font here can print)", "body")]


def ranges(numbers) -> str:
    """Card numbers as runs: 1-2, 4-10 (a card Google's format cannot hold is left out)."""
    found: list[list[int]] = []
    for n in numbers:
        if found and found[-1][-1] == n - 1:
            found[-1].append(n)
        else:
            found.append([n])
    return ", ".join(f"{run[0]}-{run[-1]}" if len(run) > 1 else f"{run[0]}" for run in found)


def inline(pieces: Runs, size: float, width: float, measure: Measure) -> list[Runs]:
    """(text, font) pieces set one after another and wrapped at their spaces (a word wider
    than the line within itself): lines of (text, font) runs."""
    words: list[Runs] = [[]]  # runs between spaces: where a line may break
    for text, font in pieces:
        for token in re.split(r"(?<= )", text):
            if token:
                words[-1].append((token, font))
                if token.endswith(" "):
                    words.append([])
    lines: list[Runs] = [[]]
    used = 0.0
    for word in filter(None, words):
        wide = sum(measure(text.rstrip(), font, size) for text, font in word)
        if lines[-1] and used + wide > width:
            lines.append([])
            used = 0.0
        if wide > width:  # a 70-character address: cut within itself, never past the edge
            for text, font in word:
                for part in hard_wrap(text, font, size, width, measure):
                    lines[-1].append((part, font))
                    lines.append([])
            used = 0.0
            continue
        lines[-1] += word
        used += sum(measure(text, font, size) for text, font in word)
    return [_trimmed(line) for line in lines if line]


def _trimmed(line: Runs) -> Runs:
    """A line without the space after its last word."""
    *head, (text, font) = line
    return [*head, (text.rstrip(), font)]


def _draw_runs(frame: Frame, runs, x: float, y: float, size: float) -> None:
    """One line of (text, font) runs from x."""
    for text, font in runs:
        frame.add(Text(x, y, text, font, size))
        x += frame.measure(text, font, size)


def _runs_width(frame: Frame, runs, size: float) -> float:
    return sum(frame.measure(text, font, size) for text, font in runs)


# -- cover ------------------------------------------------------------------------------------
def _cover(
    deck: Deck,
    paper: str,
    measure: Measure,
    covers: Covers,
    pages_of: list[int],
    restore_at: list[int],
    head: str | None,
) -> list[list]:
    frame = Frame(paper, measure)
    running_head(frame, head)
    frame.line(TITLE, "body-bold", 30, leading=1.2)
    frame.line("Cards to set up your two-factor accounts on a new phone", "body", 15, leading=1.6)
    frame.y -= 4
    if deck.owner:
        frame.paragraph(f"Owner: {deck.owner}", "body-bold", 12)
    frame.paragraph(_printed_line(deck), "body", 10.5)
    frame.y -= 6
    if deck.replaces:
        frame.boxed(
            None,
            [f"Replaces sheet {deck.replaces}: shred every copy of it."],
            10.5,
            1.5,
            "body-bold",
        )
    held = sum(len(batch) for batch in deck.batches)
    sections = words.render(
        "authenticator/cover.txt.j2",
        count=len(deck.cards),
        batches=len(deck.restore),
        held=held,
        restore_pages=restore_at,
    )
    frame.boxed(sections[0].heading, sections[0].paragraphs, 10.5)
    frame.sections(sections[1:], 10.5)
    rows = [(listed(c.entry, covers), page) for c, page in zip(deck.cards, pages_of)]
    _account_list(frame, deck, rows, head)
    return frame.pages


def _account_list(frame: Frame, deck: Deck, rows: list, head: str | None) -> None:
    """ "What these pages hold": each account and its card's page, down two columns,
    continued on the next page under the running head and the same heading."""
    s, heading = frame.s, "What these pages hold"
    col_w = (frame.inner - s.gutter) / 2
    page_w = frame.measure("page 000", "body", LIST)
    rows = [(inline(name, LIST, col_w - page_w - 6, frame.measure), page) for name, page in rows]
    heights = [len(lines) * LIST * 1.25 + 4 for lines, _ in rows]
    frame.room(s.heading * 1.4 + 2 + heights[0])
    frame.line(heading, "body-bold", s.heading, leading=1.4)
    frame.y -= 2
    while rows:
        room = frame.y - frame.floor
        split, end = _two_columns(heights, room)
        if end == 0:
            _new_page(frame, deck, head, f"{heading} (continued)")
            continue
        top = frame.y
        for column, part in enumerate((range(split), range(split, end))):
            frame.y = top
            x = frame.left + column * (col_w + s.gutter)
            for index in part:
                lines, page = rows[index]
                for n, line in enumerate(lines):
                    frame.y -= LIST * 1.25
                    _draw_runs(frame, line, x, frame.y, LIST)
                    if n == 0:
                        frame.add(Text(x + col_w, frame.y, f"page {page}", "body", LIST, "right"))
                frame.y -= 4
        frame.y = top - max(sum(heights[:split]), sum(heights[split:end]))
        rows, heights = rows[end:], heights[end:]
        if rows:
            _new_page(frame, deck, head, f"{heading} (continued)")


def _two_columns(heights: list[float], room: float) -> tuple[int, int]:
    """(split, end): rows [0, split) in the first column, [split, end) in the second, as many
    as fit in room; the two columns even when all the rows fit."""
    total = sum(heights)
    fit, used = 0, 0.0
    for height in heights:  # how many fit one column
        if used + height > room:
            break
        used, fit = used + height, fit + 1
    if total <= 2 * room:  # all of them, perhaps: split where the columns come out even
        best = None
        for split in range(len(heights) + 1):
            left, right = sum(heights[:split]), total - sum(heights[:split])
            if left <= room and right <= room and (best is None or max(left, right) < best[0]):
                best = (max(left, right), split)
        if best is not None:
            return best[1], len(heights)
    second, used = fit, 0.0
    for height in heights[fit:]:
        if used + height > room:
            break
        used, second = used + height, second + 1
    return fit, second


def _printed_line(deck: Deck) -> str:
    parts = [f"Printed {deck.printed}"]
    if deck.serial:
        parts.append(f"sheet {deck.serial}")
    if deck.copy > 1:
        parts.append(f"copy {deck.copy}")
    count = len(deck.cards)
    what = f"{count} {'account' if count == 1 else 'accounts'}"
    if deck.app:
        what += f" from the {deck.app} export"
    if deck.source:
        what += f" {deck.source}"
    return " · ".join([*parts, what])


# -- cards ------------------------------------------------------------------------------------
def _card_box(frame: Frame, head: str | None) -> tuple[float, float]:
    """(top, height) of the cards' area of a card page, under its head line."""
    running_head(frame, head)
    top = frame.y - 11 - 3 * MM
    return top, top - frame.floor


def _paginate(
    deck: Deck, symbols: list, paper: str, measure: Measure, head: str | None
) -> list[list[int]]:
    """The cards (indices) of each card page: PER_PAGE to a page, in order; a card whose QR
    code would print under the floor in its place on a page of six (a very long name) gets
    a page of its own."""
    frame = Frame(paper, measure)
    _top, height = _card_box(frame, head)
    w = (frame.inner - (cards.COLUMNS - 1) * cards.GAP) / cards.COLUMNS
    h = (height - (cards.ROWS - 1) * cards.GAP) / cards.ROWS
    found: list[list[int]] = []
    alone = False
    for index, modules in enumerate(symbols):
        big = not cards.fits(len(modules), w, h)
        if big or alone or not found or len(found[-1]) == PER_PAGE:
            found.append([])
        found[-1].append(index)
        alone = big
    return found


def _card_pages(
    deck: Deck, symbols: list, paper: str, measure: Measure, covers: Covers, head, layout
) -> tuple[list[list], list[int]]:
    """The card pages, and the indices of the cards whose note goes on the Notes page."""
    painter, found = CardPainter(measure, covers), []
    total = len(deck.cards)
    for indices in layout:
        frame = Frame(paper, measure)
        top, height = _card_box(frame, head)
        first, last = indices[0] + 1, indices[-1] + 1
        title = f"{TITLE}" + (f" · sheet {deck.serial}" if deck.serial else "")
        shown = f"cards {first}-{last} of {total}" if last > first else f"card {first} of {total}"
        frame.add(
            Text(frame.left, top + 3 * MM, title, "body-bold", 11),
            Text(frame.right, top + 3 * MM, shown, "body", 10, align="right"),
        )
        chosen = [(deck.cards[i], symbols[i]) for i in indices]
        w, h = _slot(frame, height)
        if len(chosen) == 1 and not cards.fits(len(chosen[0][1]), w, h):
            tall = 2 * h + cards.GAP  # the width of the page and two rows of cards
            card, modules = chosen[0]
            frame.add(*painter.card(card, modules, frame.left, top, frame.inner, tall, deck.source))
        else:
            frame.add(*painter.page(chosen, frame.left, top, frame.inner, height, deck.source))
        found.append(frame.pages[0])
    cut = [i for i, card in enumerate(deck.cards) if any(card is c for c in painter.cut)]
    return found, cut


def _slot(frame: Frame, height: float) -> tuple[float, float]:
    """(width, height) of one card of six on a card page."""
    w = (frame.inner - (cards.COLUMNS - 1) * cards.GAP) / cards.COLUMNS
    return w, (height - (cards.ROWS - 1) * cards.GAP) / cards.ROWS


# -- notes ------------------------------------------------------------------------------------
def _notes(
    deck: Deck, cut: list[int], paper: str, measure: Measure, covers: Covers, head: str | None
) -> list:
    """Whole notes of the cards that could not hold theirs, line by line as written."""
    if not cut:
        return []
    frame = Frame(paper, measure)
    running_head(frame, head)
    frame.line("Notes", "body-bold", 22, leading=1.2)
    frame.paragraph(
        "The notes of these cards were too long to print on the card: here they are whole, "
        "as the app holds them. They may hold backup codes: keep them with the cards.",
        "body",
        10.5,
    )
    for index in cut:
        entry = deck.cards[index].entry
        frame.y -= 6
        name = "".join(text for text, _ in listed(entry, covers))
        frame.paragraph(f"Card {index + 1}: {name}", "body-bold", 11)
        for line in cards.note_lines(entry.note, "body", 10, frame.inner, measure):
            frame.room(10 * 1.3)  # written out, not as a paragraph: "- " stays a dash
            frame.line(line, "body", 10)
    return frame.pages


# -- restore ----------------------------------------------------------------------------------
def _restore(
    deck: Deck, paper: str, measure: Measure, covers: Covers, head: str | None
) -> list[list]:
    if not deck.restore:
        return []
    frame = Frame(paper, measure)
    running_head(frame, head)
    held = {i for batch in deck.batches for i in batch}
    left_out = [(i, card) for i, card in enumerate(deck.cards) if i not in held]
    intro, *rest = words.render(
        "authenticator/restore.txt.j2",
        batches=len(deck.restore),
        count=len(held),
        left_out=len(left_out),
    )
    frame.line(intro.heading, "body-bold", 22, leading=1.2)
    frame.y -= 4
    for text in intro.paragraphs:
        frame.paragraph(text, "body", 10.5)
    frame.y -= 6
    frame.sections(rest, 10.5)
    for i, card in left_out:
        lines = inline(
            [*listed(card.entry, covers), (f", card {i + 1}{_kind(card.entry)}", "body")],
            10.5,
            frame.inner - 10,
            frame.measure,
        )
        frame.room(len(lines) * 10.5 * 1.3)
        frame.add(Text(frame.left + 1, frame.y - 10.5 * 1.3, "•", "body", 10.5))
        for line in lines:
            frame.y -= 10.5 * 1.3
            _draw_runs(frame, line, frame.left + 10, frame.y, 10.5)
        frame.y -= 3
    frame.y -= 6
    _restore_codes(frame, deck, covers, head)
    return frame.pages


class _Code:
    """One restore code to place: its modules and the words under it."""

    def __init__(self, frame: Frame, deck: Deck, index: int, covers: Covers, width: float):
        try:
            self.modules = qr.matrix(deck.restore[index], "M")
        except ValueError:  # longer than a version 40 symbol holds
            raise LayoutError(
                deck.source or None,
                f"restore code {index + 1} is too long for any QR code (its names are)",
                "shorten the accounts' names in the app, export again and print",
            ) from None
        self.label = f"{index + 1} of {len(deck.restore)}"
        held = deck.batches[index] if index < len(deck.batches) else ()
        pieces = []
        if held:
            word = "Card" if len(held) == 1 else "Cards"
            pieces = [(f"{word} {ranges(i + 1 for i in held)}: ", "body")]
            for n, i in enumerate(held):
                comma = [(", ", "body")] if n < len(held) - 1 else []
                pieces += listed(deck.cards[i].entry, covers, short=True) + comma
        self.lines = inline(pieces, CAPTION, width, frame.measure) if pieces else []

    def under(self) -> float:
        """The height of its label and caption."""
        return LABEL * 1.4 + len(self.lines) * CAPTION * 1.25 + 10


def _restore_codes(frame: Frame, deck: Deck, covers: Covers, head: str | None) -> None:
    """The restore codes, all one size: as few pages as hold them at PHOTO_MODULE, then as
    large as those pages allow; one or two to a row, each centred in its column."""
    s = frame.s
    shapes = []
    for per_row in (2, 1):
        width = (frame.inner - (per_row - 1) * s.gutter) / per_row
        codes = [_Code(frame, deck, i, covers, width) for i in range(len(deck.restore))]
        modules = max(len(code.modules) for code in codes)
        if modules * PHOTO_MODULE > width:
            continue
        first = frame.y - frame.floor
        later = _later_room(frame, deck, head)
        low = modules * PHOTO_MODULE
        count = _pages(codes, per_row, low, first, later)
        high = min(width, modules * MOST_MODULE)
        while high - low > 1:  # the largest size that needs no more pages
            middle = (low + high) / 2
            low, high = (
                (middle, high)
                if _pages(codes, per_row, middle, first, later) == count
                else (low, middle)
            )
        shapes.append((count, -low, per_row, width, codes))
    if not shapes:
        raise LayoutError(
            deck.source or None,
            "a restore code would print too fine to scan",
            "print the cards alone, one at a time",
        )
    _count, size, per_row, width, codes = min(shapes, key=lambda shape: shape[:3])
    _place(frame, deck, head, codes, per_row, width, -size)


def _later_room(frame: Frame, deck: Deck, head: str | None) -> float:
    """The height a following restore page holds under its head."""
    scratch = Frame(frame.paper, frame.measure)
    _new_page(scratch, deck, head, "Restore all at once (continued)")
    return scratch.y - scratch.floor


def _pages(codes: list[_Code], per_row: int, size: float, first: float, later: float) -> int:
    """How many pages the codes take at this size."""
    pages, room = 1, first
    for start in range(0, len(codes), per_row):
        height = size + max(code.under() for code in codes[start : start + per_row])
        if height > room:
            pages, room = pages + 1, later
        room -= height
    return pages


def _place(
    frame: Frame, deck: Deck, head: str | None, codes, per_row: int, width: float, size: float
) -> None:
    s = frame.s
    if size / max(len(code.modules) for code in codes) < MIN_MODULE:
        raise LayoutError(
            deck.source or None,
            "a restore code would print too fine to scan",
            "print the cards alone, one at a time",
        )
    for start in range(0, len(codes), per_row):
        row = codes[start : start + per_row]
        height = size + max(code.under() for code in row)
        if not frame.fits(height):
            _new_page(frame, deck, head, "Restore all at once (continued)")
        for column, code in enumerate(row):
            cell = frame.left + column * (width + s.gutter)
            if len(row) < per_row:  # a lone code in the last row: centred on the page
                cell = frame.left + (frame.inner - width) / 2
            x = cell + (width - size) / 2
            frame.add(QR(x, frame.y - size, size, code.modules))
            y = frame.y - size - LABEL
            middle = cell + width / 2
            frame.add(
                Text(
                    middle - frame.measure(code.label, "body-bold", LABEL) / 2,
                    y,
                    code.label,
                    "body-bold",
                    LABEL,
                )
            )
            y -= LABEL * 0.4
            for line in code.lines:
                y -= CAPTION * 1.25
                _draw_runs(frame, line, middle - _runs_width(frame, line, CAPTION) / 2, y, CAPTION)
        frame.y -= height


def render_pdf(deck: Deck, paper: str) -> bytes:
    """The deck's PDF bytes: its serial in the metadata, no name and no key."""
    from sheets.render import draw

    draw.register_fonts()
    plans = pages(deck, paper, draw.measure, draw.covers)
    return draw.render_plans(
        plans, paper, title=plans[0].title, serials=(deck.serial,) if deck.serial else ()
    )


def _kind(entry) -> str:
    """ " (Steam Guard)" after an account of a kind Google's format cannot hold at all."""
    name = cards.MARKINGS.get(entry.type, "").split(":", 1)[0]
    return f" ({name})" if name else ""
