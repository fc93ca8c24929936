"""An authenticator export's pages: a cover, the cards (render.cards), the restore page.

The cover says what the pages are (the keys themselves) and where each account's card is;
the restore page holds the Google Authenticator migration codes, numbered "1 of 3", with the
accounts each holds. All pages share the frame and footer of the rest of mksheet; the
prose is in templates/authenticator/.
"""

from __future__ import annotations

from sheets.errors import LayoutError
from sheets.render import cards, qr, words
from sheets.render.cards import CardPainter, Covers, Deck
from sheets.render.frame import Frame, clip, hard_wrap, program
from sheets.render.items import QR, Measure, PagePlan, Text
from sheets.render.style import MM

PER_PAGE = cards.COLUMNS * cards.ROWS
RESTORE_SIZE = 70 * MM  # two rows of two under the page's prose
RESTORE_LABEL = 40  # points under each code: "1 of 3" and the accounts it holds
TITLE = "Authenticator keys"


def pages(
    deck: Deck,
    paper: str,
    measure: Measure,
    covers: Covers,
    start: int = 1,
    total: int | None = None,
) -> list[PagePlan]:
    """Every page of the deck, numbered, with the shared footer; in a binder its pages are
    start... of the binder's total, and the cover names those numbers."""
    if not deck.cards:
        raise LayoutError(
            deck.source or None,
            "holds no accounts to print",
            "export again from the app, with its accounts in it",
        )
    card_pages, cut = _card_pages(deck, paper, measure, covers)
    notes = _notes(deck, cut, paper, measure, covers)
    restore = _restore(deck, paper, measure, covers)
    first_card = 2
    while True:  # the cover lists each card's page, and its own length moves them
        after = first_card + len(card_pages) + len(notes)
        restore_at = list(range(after, after + len(restore)))
        cover = _cover(
            deck,
            paper,
            measure,
            covers,
            first_card + start - 1,
            [n + start - 1 for n in restore_at],
        )
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


def card_page(index: int, first_card: int) -> int:
    """The page number of card `index` (from 0) when the cards start on first_card."""
    return first_card + index // PER_PAGE


# -- cover ------------------------------------------------------------------------------------
def _cover(
    deck: Deck, paper: str, measure: Measure, covers: Covers, first_card: int, restore_at: list[int]
) -> list[list]:
    frame = Frame(paper, measure)
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
    rows = [
        dict(name=_listed(c.entry, covers), page=card_page(i, first_card))
        for i, c in enumerate(deck.cards)
    ]
    held = sum(len(batch) for batch in deck.batches)
    sections = words.render(
        "authenticator/cover.txt.j2",
        count=len(deck.cards),
        rows=rows,
        batches=len(deck.restore),
        held=held,
        restore_pages=restore_at,
    )
    frame.boxed(sections[0].heading, sections[0].paragraphs, 10.5)
    frame.sections(sections[1:], 10)
    return frame.pages


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
    return " · ".join(parts + [what])


def _listed(entry, covers: Covers, short: bool = False) -> str:
    """An account as the cover and the restore page name it (in the body font: a name in
    letters it lacks is printed on its card, in another font, or said to be unprintable)."""
    issuer, account = (
        name if covers(name, "body") else "(a name in another script)"
        for name in (entry.issuer.strip(), entry.account.strip())
    )
    if issuer and account and not short:
        return f"{issuer} ({account})"
    return issuer or account or "(no name)"


# -- cards ------------------------------------------------------------------------------------
def _card_pages(
    deck: Deck, paper: str, measure: Measure, covers: Covers
) -> tuple[list[list], list[int]]:
    """The card pages, and the indices of the cards whose note goes on the Notes page."""
    painter, found = CardPainter(measure, covers), []
    total = len(deck.cards)
    for start in range(0, total, PER_PAGE):
        frame = Frame(paper, measure)
        shown = deck.cards[start : start + PER_PAGE]
        head = f"{TITLE}" + (f" · sheet {deck.serial}" if deck.serial else "")
        frame.add(
            Text(frame.left, frame.y - 11, head, "body-bold", 11),
            Text(
                frame.right,
                frame.y - 11,
                f"cards {start + 1}-{start + len(shown)} of {total}",
                "body",
                9,
                align="right",
            ),
        )
        top = frame.y - 11 - 3 * MM
        frame.add(
            *painter.page(shown, frame.left, top, frame.inner, top - frame.floor, deck.source)
        )
        found.append(frame.pages[0])
    cut = [i for i, card in enumerate(deck.cards) if any(card is c for c in painter.cut)]
    return found, cut


# -- notes ------------------------------------------------------------------------------------
def _notes(deck: Deck, cut: list[int], paper: str, measure: Measure, covers: Covers) -> list:
    """Whole notes of the cards that could not hold theirs, line by line as written."""
    if not cut:
        return []
    frame = Frame(paper, measure)
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
        frame.paragraph(f"Card {index + 1}: {_listed(entry, covers)}", "body-bold", 11)
        for line in cards.note_lines(entry.note, "body", 10, frame.inner, measure):
            frame.room(10 * 1.3)  # written out, not as a paragraph: "- " stays a dash
            frame.line(line, "body", 10)
    return frame.pages


# -- restore ----------------------------------------------------------------------------------
def _restore(deck: Deck, paper: str, measure: Measure, covers: Covers) -> list[list]:
    if not deck.restore:
        return []
    frame = Frame(paper, measure)
    held = {i for batch in deck.batches for i in batch}
    left_out = [
        f"{_listed(card.entry, covers)}, card {i + 1}{_kind(card.entry)}"
        for i, card in enumerate(deck.cards)
        if i not in held
    ]
    intro, *rest = words.render(
        "authenticator/restore.txt.j2",
        batches=len(deck.restore),
        count=len(held),
        left_out=left_out,
    )
    frame.line(intro.heading, "body-bold", 22, leading=1.2)
    frame.y -= 4
    for text in intro.paragraphs:
        frame.paragraph(text, "body", 10.5)
    frame.y -= 6
    frame.sections(rest, 10)
    across = (frame.inner - frame.s.gutter) / 2
    for index, uri in enumerate(deck.restore):
        modules = _restore_symbol(deck, index, uri)
        if index % 2 == 0:
            frame.room(RESTORE_SIZE + RESTORE_LABEL)
        x = frame.left + (index % 2) * (across + frame.s.gutter) + (across - RESTORE_SIZE) / 2
        frame.add(QR(x, frame.y - RESTORE_SIZE, RESTORE_SIZE, modules))
        _restore_label(
            frame, deck, index, x + RESTORE_SIZE / 2, frame.y - RESTORE_SIZE, across, covers
        )
        if index % 2 == 1 or index == len(deck.restore) - 1:
            frame.y -= RESTORE_SIZE + RESTORE_LABEL
    return frame.pages


def _kind(entry) -> str:
    """ " (Steam Guard)" after an account of a kind Google's format cannot hold at all."""
    name = cards.MARKINGS.get(entry.type, "").split(":", 1)[0]
    return f" ({name})" if name else ""


def _restore_symbol(deck: Deck, index: int, uri: str) -> qr.Matrix:
    """A restore code's modules; LayoutError when no QR code holds it, or it prints too fine."""
    from sheets.render.qr.data import DataOverflowError

    try:
        modules = qr.matrix(uri, "M")
    except DataOverflowError:  # accounts with names hundreds of characters long
        modules = ()
    if not modules or RESTORE_SIZE / len(modules) < cards.MIN_MODULE:
        raise LayoutError(
            deck.source or None,
            f"restore code {index + 1} would "
            + ("print too fine to scan" if modules else "hold more than the largest QR code"),
            "shorten the longest account names in the app, export again and print",
        )
    return modules


def _restore_label(
    frame: Frame, deck: Deck, index: int, middle: float, y: float, width: float, covers: Covers
) -> None:
    """ "1 of 3" under a code, and the accounts it holds in small print."""
    label = f"{index + 1} of {len(deck.restore)}"
    size = 13
    frame.add(
        Text(
            middle - frame.measure(label, "body-bold", size) / 2, y - size, label, "body-bold", size
        )
    )
    held = deck.batches[index] if index < len(deck.batches) else ()
    if not held:
        return
    names = ", ".join(_listed(deck.cards[i].entry, covers, short=True) for i in held)
    text = f"Cards {held[0] + 1}-{held[-1] + 1}: {names}"
    lines = hard_wrap(text, "body", 8, width, frame.measure)
    if len(lines) > 2:
        lines = [lines[0], clip(" ".join(lines[1:]), "body", 8, width, frame.measure)]
    for n, line in enumerate(lines):
        frame.add(
            Text(
                middle - frame.measure(line, "body", 8) / 2, y - size - 11 - 10 * n, line, "body", 8
            )
        )


def render_pdf(deck: Deck, paper: str) -> bytes:
    """The deck's PDF bytes: its serial in the metadata, no name and no key."""
    from sheets.render import draw

    draw.register_fonts()
    plans = pages(deck, paper, draw.measure, draw.covers)
    return draw.render_plans(
        plans, paper, title=plans[0].title, serials=(deck.serial,) if deck.serial else ()
    )
