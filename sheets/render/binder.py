"""Pure geometry for a binder's own pages: cover, contents, storage, access log, blank.

Like layout.py these produce PagePlans of typed items and take `measure` injected, so no
reportlab here. The prose comes from templates/binder/; no code ever reaches these pages,
only names, providers, accounts, counts and page numbers. The contents flows onto as many
pages as it needs; the others are one page each.
"""

from __future__ import annotations

from dataclasses import dataclass

from sheets import __version__
from sheets.render import words
from sheets.render.items import Box, Measure, PagePlan, Rule, Text, wrap
from sheets.render.style import PAPER, SAFE_BOX, Style

STYLE = Style()
FOOTER_HEIGHT = 24
ROW = STYLE.body * 1.75  # one line of the contents or one ruled line of the log
LOG_ROW = 26  # room to write by hand


@dataclass(frozen=True)
class Row:
    """One account in the contents (no code)."""

    person: str
    provider: str
    account: str
    count: str
    page: int


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


class Flow:
    """A cursor moving down the safe box; `turn` starts a new page when one is full."""

    def __init__(self, paper: str, measure: Measure):
        self.paper, self.measure, self.s = paper, measure, STYLE
        self.width, self.height = PAPER[paper]
        box_w, box_h = SAFE_BOX
        self.left = (self.width - box_w) / 2 + STYLE.margin
        self.right = self.left + box_w - 2 * STYLE.margin
        self.top = self.height - (self.height - box_h) / 2 - STYLE.margin
        self.bottom = (self.height - box_h) / 2 + STYLE.margin
        self.pages: list[list] = []
        self.turn()

    def turn(self) -> None:
        self.pages.append([])
        self.y = self.top

    def fits(self, height: float) -> bool:
        return self.y - height >= self.bottom + FOOTER_HEIGHT

    def add(self, item) -> None:
        self.pages[-1].append(item)

    def line(self, text: str, font: str, size: float, x: float | None = None,
             leading: float = 1.3) -> None:
        self.y -= size * leading
        self.add(Text(self.left if x is None else x, self.y, text, font, size))

    def paragraph(self, text: str, font: str, size: float, indent: float = 0.0) -> None:
        bullet = text.startswith("- ")
        text = text[2:] if bullet else text
        lines = wrap(text, font, size, self.right - self.left - indent - (10 if bullet else 0),
                     self.measure)
        if not self.fits(len(lines) * size * 1.3):
            self.turn()
        if bullet:
            self.add(Text(self.left + indent + 1, self.y - size * 1.3, "•", font, size))
        for line in lines:
            self.line(line, font, size, self.left + indent + (10 if bullet else 0))
        self.y -= size * 0.35

    def sections(self, sections, size: float) -> None:
        for section in sections:
            if not self.fits(self.s.heading * 1.4 + size * 2.6):
                self.turn()
            self.y -= 4
            self.line(section.heading, "body-bold", self.s.heading, leading=1.4)
            self.y -= 2
            for text in section.paragraphs:
                self.paragraph(text, "body", size)
            self.y -= 6

    def boxed(self, section, size: float) -> None:
        """A heavy box: a large bold heading and its paragraphs."""
        pad, width = 10, self.right - self.left - 20
        lines = [wrap(t, "body", size, width, self.measure) for t in section.paragraphs]
        height = 2 * pad + 16 * 1.3 + 6 + sum(len(ls) * size * 1.3 + 4 for ls in lines)
        top = self.y
        self.add(Box(self.left, top - height, self.right - self.left, height, 2.5))
        self.y -= pad
        self.line(section.heading, "body-bold", 16, self.left + pad)
        self.y -= 6
        for paragraph in lines:
            for line in paragraph:
                self.line(line, "body", size, self.left + pad)
            self.y -= 4
        self.y = top - height - 12

    def plans(self, book: Book, first: int, title: str,
              label: str | None = None) -> list[PagePlan]:
        """The pages so far, each with the binder's footer, numbered from `first`."""
        return [PagePlan(self.width, self.height,
                         tuple(items) + footer(self, book, first + i, label), title)
                for i, items in enumerate(self.pages)]


def footer(flow: Flow, book: Book, number: int, label: str | None = None) -> tuple:
    """A rule, what this binder is, and "page n of N" (or the label of a page outside it)."""
    s, y = flow.s, flow.bottom + FOOTER_HEIGHT - 8
    right = label or f"page {number} of {book.total}"
    room = flow.right - flow.left - flow.measure(right, "body", s.small) - 12
    left = f"{book.title} · {book.household} · printed {book.printed} · mksheet {__version__}"
    return (Rule(flow.left, y, flow.right, y, 0.4),
            Text(flow.left, flow.bottom, clip(left, "body", s.small, room, flow.measure), "body",
                 s.small),
            Text(flow.right, flow.bottom, right, "body", s.small, align="right"))


def cover(book: Book, paper: str, measure: Measure) -> list[PagePlan]:
    """The cover: title, household, date, counts, the confidential notice, who is inside."""
    flow = Flow(paper, measure)
    flow.y -= 30
    for text, font, size in ((book.title, "body-bold", 30), (book.household, "body", 18)):
        for line in wrap(text, font, size, flow.right - flow.left, measure):
            flow.line(line, font, size, leading=1.2)
        flow.y -= 6
    people, accounts = len(book.people), len(book.rows)
    flow.line(f"Printed {book.printed} · {people} {'person' if people == 1 else 'people'} · "
              f"{accounts} {'account' if accounts == 1 else 'accounts'}", "body", 12)
    flow.y -= 24
    sections = words.render("binder/cover.txt.j2", **_cover_context(book))
    flow.boxed(sections[0], 11)
    flow.sections(sections[1:], 11)
    return flow.plans(book, 1, _title(book))


def _cover_context(book: Book) -> dict:
    first = {}
    for row in book.rows:
        first.setdefault(row.person, row.page)
    people = [dict(name=name, accounts=sum(r.person == name for r in book.rows),
                   first_page=first.get(name)) for name in book.people]
    return dict(people=people, people_count=len(book.people), account_count=len(book.rows),
                note=book.note, contents_page=book.contents_page,
                storage_page=book.storage_page, log_page=book.log_page)


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
        for row in rows or [None]:
            if not flow.fits(ROW):
                _contents_head(flow, columns, "Contents (continued)", turn=True)
                flow.y -= 4
                flow.line(f"{person} (continued)", "body-bold", s.heading, leading=1.6)
            _contents_row(flow, columns, row)
    flow.y -= 10
    _left_out(flow, book)
    _rest(flow, book)
    return flow.plans(book, book.contents_page, _title(book))


def _columns(flow: Flow) -> dict[str, float]:
    """Left edges (provider, account) and right edges (codes, page) of the contents table."""
    width = flow.right - flow.left
    return {"provider": flow.left + 12, "account": flow.left + 0.42 * width,
            "codes": flow.right - 0.12 * width, "page": flow.right}


def _contents_head(flow: Flow, columns, heading: str, turn: bool = False) -> None:
    s = flow.s
    if turn:
        flow.turn()
    flow.line(heading, "body-bold", s.title, leading=1.2)
    flow.y -= 10
    for key, label in (("provider", "Account at"), ("account", "Account"), ("codes", "Codes"),
                       ("page", "Page")):
        align = "left" if key in ("provider", "account") else "right"
        flow.add(Text(columns[key], flow.y - s.small * 1.3, label, "body-bold", s.small,
                      align=align))
    flow.y -= s.small * 1.3 + 3
    flow.add(Rule(flow.left, flow.y, flow.right, flow.y, 0.6))


def _contents_row(flow: Flow, columns, row: Row | None) -> None:
    s, measure = flow.s, flow.measure
    flow.y -= ROW
    if row is None:
        flow.add(Text(columns["provider"], flow.y, "no sheets in this binder",
                      "body", s.body))
        return
    gap = 8
    provider_w = columns["account"] - columns["provider"] - gap
    account_w = columns["codes"] - measure(row.count, "body", s.body) - columns["account"] - gap
    flow.add(Text(columns["provider"], flow.y, clip(row.provider, "body", s.body, provider_w,
                                                    measure), "body", s.body))
    flow.add(Text(columns["account"], flow.y, clip(row.account, "body", s.body, account_w,
                                                   measure), "body", s.body))
    flow.add(Text(columns["codes"], flow.y, row.count, "body", s.body, align="right"))
    flow.add(Text(columns["page"], flow.y, str(row.page), "body-bold", s.body, align="right"))
    flow.add(Rule(columns["provider"], flow.y - 4, flow.right, flow.y - 4, 0.2))


def _left_out(flow: Flow, book: Book) -> None:
    if not book.left_out:
        return
    s = flow.s
    if not flow.fits(s.heading * 2 + ROW * 2):
        flow.turn()
    flow.line("Files left out (no sheet in this binder)", "body-bold", s.heading, leading=1.5)
    flow.y -= 2
    for file, problem in book.left_out:
        flow.paragraph(f"- {file}: {problem}", "body", s.body)
    flow.y -= 8


def _rest(flow: Flow, book: Book) -> None:
    s = flow.s
    if not flow.fits(ROW * 3):
        flow.turn()
    flow.line("Also in this binder", "body-bold", s.heading, leading=1.5)
    for label, page in (("Storage and handling", book.storage_page),
                        ("Access log", book.log_page)):
        flow.line(label, "body", s.body, flow.left + 12, leading=1.75)
        flow.add(Text(flow.right, flow.y, str(page), "body-bold", s.body, align="right"))


def storage(book: Book, paper: str, measure: Measure) -> list[PagePlan]:
    """The storage and handling page, from templates/binder/storage.txt.j2."""
    flow = Flow(paper, measure)
    flow.line("Storage and handling", "body-bold", STYLE.title, leading=1.2)
    flow.y -= 8
    flow.sections(words.render("binder/storage.txt.j2", note=book.note), 10.5)
    return flow.plans(book, book.storage_page, _title(book))


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
    return flow.plans(book, book.log_page, _title(book))


def blank(book: Book, paper: str, measure: Measure, number: int,
          label: str | None = None) -> PagePlan:
    """The back of a leaf left empty so the next sheet starts on a front side."""
    flow = Flow(paper, measure)
    text = "This side is left blank: every sheet has a leaf of its own."
    flow.add(Text(flow.width / 2 - measure(text, "body", STYLE.body) / 2, flow.height / 2,
                  text, "body", STYLE.body))
    return flow.plans(book, number, _title(book), label)[0]


def clip(text: str, font: str, size: float, width: float, measure: Measure) -> str:
    """Text cut to width with an ellipsis (names and accounts only, never a code)."""
    if measure(text, font, size) <= width:
        return text
    while text and measure(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _title(book: Book) -> str:
    return f"Recovery binder: {book.household}"
