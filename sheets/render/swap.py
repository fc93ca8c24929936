"""The cover of `binder --changed`: which old pages to take out and destroy, and what replaces them.

Pure geometry like the binder's own pages (render/pages.py), with the prose in
templates/binder/changes.txt.j2. Only names, providers, accounts, page numbers and serials
reach it, never a code. Its footer says it is not a page of the binder.
"""

from __future__ import annotations

from dataclasses import dataclass

from sheets.render import words
from sheets.render.items import Box, Measure, PagePlan, Rule, Text
from sheets.render.pages import STYLE, TICK, Book, Flow, big_title, blank
from sheets.render.style import MM

LABEL = "not a page of the binder"


@dataclass(frozen=True)
class Change:
    """One page to swap (no code)."""

    page: int
    person: str
    provider: str
    account: str
    old: str  # serial of the sheet to take out and destroy
    old_printed: str
    old_copies: int
    old_status: str
    new: str  # serial of the sheet to put in
    last: int | None = None  # the range's last page, when the sheet has several (cards)


def cover(
    book: Book, changes: list[Change], last_printed: str, paper: str, measure: Measure
) -> list[PagePlan]:
    """The cover: title, household, dates, then what to do with each page."""
    flow = Flow(paper, measure)
    flow.y -= 30
    big_title(
        flow,
        (("Replacement pages", "body-bold", 30), (f"{book.title} · {book.household}", "body", 18)),
    )
    count = sum((change.last or change.page) - change.page + 1 for change in changes)
    pages = "1 page" if count == 1 else f"{count} pages"
    flow.line(f"Printed {book.printed} · {pages} for the binder printed {last_printed}", "body", 12)
    flow.y -= 24
    sections = words.render(
        "binder/changes.txt.j2", changes=changes, pages=count, last_printed=last_printed
    )
    flow.boxed(sections[0].heading, sections[0].paragraphs, 11)
    for section in sections[1:]:
        if section.heading == "Pages to swap":
            _swap_list(flow, section, changes)
        else:
            flow.sections([section], STYLE.body)
    return flow.numbered(book, 0, _title(book), LABEL)


def _swap_list(flow: Flow, section, changes: list[Change]) -> None:
    """Each page to swap, with boxes to tick as the old sheet is taken out and shredded."""
    s = flow.s
    flow.room(s.heading * 1.4 + s.body * 6)
    flow.line(section.heading, "body-bold", s.heading, leading=1.4)
    flow.y -= 2
    for text, change in zip(section.paragraphs, changes):
        flow.room(s.body * 7)
        flow.paragraph(text, "body", s.body)
        _boxes(flow, change.old)
        flow.y -= 6


def _boxes(flow: Flow, serial: str) -> None:
    """Sheet SERIAL: [ ] taken out  [ ] shredded  date ______ (filled in by hand)."""
    s, x = flow.s, flow.left + 10
    flow.y -= s.body * 2
    y = flow.y
    flow.add(Text(x, y, f"Sheet {serial}:", "body-bold", s.body))
    x += flow.measure(f"Sheet {serial}:", "body-bold", s.body) + 10
    for label in ("taken out", "shredded"):
        flow.add(
            Box(x, y - 0.2 * TICK, TICK, TICK, 0.8), Text(x + TICK + 4, y, label, "body", s.body)
        )
        x += TICK + 4 + flow.measure(label, "body", s.body) + 14
    flow.add(Text(x, y, "date", "body", s.body))
    x += flow.measure("date ", "body", s.body)
    flow.add(Rule(x, y - 2, x + 30 * MM, y - 2, 0.6))


def back(book: Book, paper: str, measure: Measure) -> PagePlan:
    """The cover's blank back, so the first sheet starts on a leaf of its own."""
    return blank(book, paper, measure, 0, LABEL)


def _title(book: Book) -> str:
    return f"Replacement pages: {book.household}"
