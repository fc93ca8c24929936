"""Pure geometry for a binder's own pages: cover, contents, storage, access log, blank.

Like layout.py these produce PagePlans of typed items and take `measure` injected, so no
reportlab here. The prose comes from templates/binder/; no code ever reaches these pages,
only names, providers, accounts, counts and page numbers. The contents flows onto as many
pages as it needs; the others are one page each.
"""

from __future__ import annotations

from dataclasses import dataclass

from sheets.render import words
from sheets.render.frame import Frame, clip, program
from sheets.render.items import Box, Measure, PagePlan, Rule, Text, wrap
from sheets.render.style import MM, Style

STYLE = Style()
ROW = STYLE.body * 1.9  # one line of the contents: room for its tick box
LOG_ROW = 26  # room to write by hand
TICK = 4 * MM  # the contents' "this sheet is in the binder" box


@dataclass(frozen=True)
class Row:
    """One account in the contents (no code)."""

    person: str
    provider: str
    account: str
    count: str
    page: int
    serial: str = ""  # the sheet's serial, printed in the contents to check it is there
    accounts: int = 1  # an authenticator export's cards hold several


@dataclass(frozen=True)
class Book:
    """Everything the binder's own pages print, page numbers included."""

    title: str
    household: str
    printed: str
    people: tuple[str, ...]
    rows: tuple[Row, ...]
    left_out: tuple[tuple[str, str], ...]  # (file, what is wrong)
    contents_page: int
    storage_page: int
    log_page: int
    total: int
    note: str | None = None


class Flow(Frame):
    """The binder's own pages: the shared frame, turning a page when one is full."""

    def __init__(self, paper: str, measure: Measure):
        super().__init__(paper, measure, STYLE, flowing=True)

    def numbered(
        self, book: Book, first: int, title: str, label: str | None = None
    ) -> list[PagePlan]:
        """The pages so far, each with the binder's footer, numbered from `first`."""
        return super().plans(title, lambda i: footer(book, first + i, label))


def footer(book: Book, number: int, label: str | None = None) -> tuple[str, str]:
    """What this binder is, and "page n of N" (or the label of a page outside it)."""
    left = f"{book.title} · {book.household} · printed {book.printed} · {program()}"
    return left, label or f"page {number} of {book.total}"


def big_title(flow: Flow, lines) -> None:
    """The cover's large title lines, wrapped to the safe box."""
    for text, font, size in lines:
        for line in wrap(text, font, size, flow.inner, flow.measure):
            flow.line(line, font, size, leading=1.2)
        flow.y -= 6


def cover(book: Book, paper: str, measure: Measure) -> list[PagePlan]:
    """The cover: title, household, date, counts, the confidential notice, who is inside."""
    flow = Flow(paper, measure)
    flow.y -= 30
    big_title(flow, ((book.title, "body-bold", 30), (book.household, "body", 18)))
    people, accounts = len(book.people), sum(row.accounts for row in book.rows)
    flow.line(
        f"Printed {book.printed} · {people} {'person' if people == 1 else 'people'} · "
        f"{accounts} {'account' if accounts == 1 else 'accounts'}",
        "body",
        12,
    )
    flow.y -= 24
    sections = words.render("binder/cover.txt.j2", **_cover_context(book))
    flow.boxed(sections[0].heading, sections[0].paragraphs, 11)
    flow.sections(sections[1:], 11)
    return flow.numbered(book, 1, _title(book))


def _cover_context(book: Book) -> dict:
    first: dict[str, int] = {}
    for row in book.rows:
        first.setdefault(row.person, row.page)
    people = [
        dict(
            name=name,
            accounts=sum(r.accounts for r in book.rows if r.person == name),
            first_page=first.get(name),
        )
        for name in book.people
    ]
    return dict(
        people=people,
        people_count=len(book.people),
        account_count=sum(row.accounts for row in book.rows),
        note=book.note,
        contents_page=book.contents_page,
        storage_page=book.storage_page,
        log_page=book.log_page,
    )


def contents(book: Book, paper: str, measure: Measure) -> list[PagePlan]:
    """Each person and each of their accounts with its page; files left out; then the rest."""
    flow, s = Flow(paper, measure), STYLE
    columns = _columns(flow)
    _contents_head(flow, columns, "Contents")
    for person in book.people:
        rows = [row for row in book.rows if row.person == person]
        if not flow.fits(ROW * (1 + min(len(rows), 2))):
            _contents_head(flow, columns, "Contents (continued)", turn=True)
        flow.y -= 4
        flow.line(person, "body-bold", s.heading, leading=1.6)
        for row in rows or [None]:  # type: ignore[list-item]  # no rows: one blank row
            if not flow.fits(ROW):
                _contents_head(flow, columns, "Contents (continued)", turn=True)
                flow.y -= 4
                flow.line(f"{person} (continued)", "body-bold", s.heading, leading=1.6)
            _contents_row(flow, columns, row)
    flow.y -= 10
    _left_out(flow, book)
    _rest(flow, book)
    return flow.numbered(book, book.contents_page, _title(book))


def _columns(flow: Flow) -> dict[str, float]:
    """Left edges (tick, provider, account) and right edges (codes, page, serial)."""
    width = flow.inner
    return {
        "tick": flow.left,
        "provider": flow.left + TICK + 8,
        "account": flow.left + 0.40 * width,
        "codes": flow.right - 0.22 * width,
        "page": flow.right - 0.13 * width,
        "sheet": flow.right,
    }


HEADINGS = (
    ("provider", "Account at"),
    ("account", "Account"),
    ("codes", "Codes"),
    ("page", "Page"),
    ("sheet", "Sheet"),
)


def _contents_head(flow: Flow, columns, heading: str, turn: bool = False) -> None:
    s = flow.s
    if turn:
        flow.turn()
    flow.line(heading, "body-bold", s.title, leading=1.2)
    flow.paragraph("Tick each sheet once you have checked it is in the binder.", "body", s.body)
    flow.y -= 4
    for key, label in HEADINGS:
        align = "left" if key in ("provider", "account") else "right"
        flow.add(
            Text(columns[key], flow.y - s.small * 1.3, label, "body-bold", s.small, align=align)
        )
    flow.y -= s.small * 1.3 + 3
    flow.add(Rule(flow.left, flow.y, flow.right, flow.y, 0.6))


def _contents_row(flow: Flow, columns, row: Row | None) -> None:
    s, measure = flow.s, flow.measure
    flow.y -= ROW
    if row is None:
        flow.add(Text(columns["provider"], flow.y, "no sheets in this binder", "body", s.body))
        return
    gap = 8
    provider_w = columns["account"] - columns["provider"] - gap
    account_w = columns["codes"] - measure(row.count, "body", s.body) - columns["account"] - gap
    x = columns["account"]
    flow.add(
        Box(columns["tick"], flow.y - 0.2 * TICK, TICK, TICK, 0.8),
        Text(
            columns["provider"],
            flow.y,
            clip(row.provider, "body", s.body, provider_w, measure),
            "body",
            s.body,
        ),
        Text(x, flow.y, clip(row.account, "body", s.body, account_w, measure), "body", s.body)
        if row.account  # else the file names no account: a line to write it on
        else Rule(x, flow.y - 1, x + min(account_w, 45 * MM), flow.y - 1, 0.6),
        Text(columns["codes"], flow.y, row.count, "body", s.body, align="right"),
        Text(columns["page"], flow.y, str(row.page), "body-bold", s.body, align="right"),
        Rule(columns["provider"], flow.y - 5, flow.right, flow.y - 5, 0.2),
    )
    if row.serial:
        flow.add(Text(columns["sheet"], flow.y, row.serial, "code", s.body, align="right"))


def _left_out(flow: Flow, book: Book) -> None:
    if not book.left_out:
        return
    s = flow.s
    if not flow.fits(s.heading * 2 + ROW * 2):
        flow.turn()
    flow.line(
        "Files and folders left out (not in this binder)", "body-bold", s.heading, leading=1.5
    )
    flow.y -= 2
    for file, problem in book.left_out:
        flow.paragraph(f"- {file}: {problem}", "body", s.body)
    flow.y -= 8


def _rest(flow: Flow, book: Book) -> None:
    s = flow.s
    if not flow.fits(ROW * 3):
        flow.turn()
    flow.line("Also in this binder", "body-bold", s.heading, leading=1.5)
    for label, page in (("Storage and handling", book.storage_page), ("Access log", book.log_page)):
        flow.line(label, "body", s.body, flow.left + 12, leading=1.75)
        flow.add(Text(flow.right, flow.y, str(page), "body-bold", s.body, align="right"))


def storage(book: Book, paper: str, measure: Measure) -> list[PagePlan]:
    """The storage and handling page, from templates/binder/storage.txt.j2."""
    flow = Flow(paper, measure)
    flow.line("Storage and handling", "body-bold", STYLE.title, leading=1.2)
    flow.y -= 8
    flow.sections(words.render("binder/storage.txt.j2", note=book.note), 10.5)
    return flow.numbered(book, book.storage_page, _title(book))


def access_log(book: Book, paper: str, measure: Measure) -> list[PagePlan]:
    """An empty table to fill in by hand: date, who opened the box, why."""
    flow, s = Flow(paper, measure), STYLE
    intro = words.render("binder/access.txt.j2")[0]
    flow.line(intro.heading, "body-bold", s.title, leading=1.2)
    flow.y -= 6
    for text in intro.paragraphs:
        flow.paragraph(text, "body", 10.5)
    flow.y -= 8
    width = flow.right - flow.left
    edges = [flow.left, flow.left + 0.17 * width, flow.left + 0.45 * width, flow.right]
    top = flow.y
    for x, label in zip(edges, ("Date", "Who opened the box", "Why")):
        flow.add(Text(x + 4, top - s.heading * 1.3, label, "body-bold", s.heading))
    flow.y -= s.heading * 1.3 + 6
    flow.add(Rule(flow.left, flow.y, flow.right, flow.y, 1.0))
    while flow.fits(LOG_ROW):
        flow.y -= LOG_ROW
        flow.add(Rule(flow.left, flow.y, flow.right, flow.y, 0.4))
    for x in edges:
        flow.add(Rule(x, top, x, flow.y, 0.6))
    flow.add(Rule(flow.left, top, flow.right, top, 1.0))
    return flow.numbered(book, book.log_page, _title(book))


def blank(
    book: Book, paper: str, measure: Measure, number: int, label: str | None = None
) -> PagePlan:
    """The back of a leaf left empty so the next sheet starts on a front side."""
    flow = Flow(paper, measure)
    text = "This side is left blank: every sheet has a leaf of its own."
    flow.add(
        Text(
            flow.width / 2 - measure(text, "body", STYLE.body) / 2,
            flow.height / 2,
            text,
            "body",
            STYLE.body,
        )
    )
    return flow.numbered(book, number, _title(book), label)[0]


def _title(book: Book) -> str:
    return f"Recovery binder: {book.household}"
