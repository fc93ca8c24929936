"""The cover of `binder --changed`: which old pages to take out and destroy, and what replaces them.

Pure geometry like the binder's own pages (render/binder.py), with the prose in
templates/binder/changes.txt.j2. Only names, providers, accounts, page numbers and serials
reach it, never a code. Its footer says it is not a page of the binder.
"""

from __future__ import annotations

from dataclasses import dataclass

from sheets.render import words
from sheets.render.binder import STYLE, Book, Flow, blank
from sheets.render.items import Measure, PagePlan, wrap

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


def cover(book: Book, changes: list[Change], last_printed: str, paper: str,
          measure: Measure) -> list[PagePlan]:
    """The cover: title, household, dates, then what to do with each page."""
    flow = Flow(paper, measure)
    flow.y -= 30
    for text, font, size in (("Replacement pages", "body-bold", 30),
                             (f"{book.title} · {book.household}", "body", 18)):
        for line in wrap(text, font, size, flow.right - flow.left, measure):
            flow.line(line, font, size, leading=1.2)
        flow.y -= 6
    pages = "1 page" if len(changes) == 1 else f"{len(changes)} pages"
    flow.line(f"Printed {book.printed} · {pages} for the binder printed {last_printed}",
              "body", 12)
    flow.y -= 24
    sections = words.render("binder/changes.txt.j2", changes=changes,
                            last_printed=last_printed)
    flow.boxed(sections[0], 11)
    flow.sections(sections[1:], STYLE.body)
    return flow.plans(book, 0, _title(book), LABEL)


def back(book: Book, paper: str, measure: Measure) -> PagePlan:
    """The cover's blank back, so the first sheet starts on a leaf of its own."""
    return blank(book, paper, measure, 0, LABEL)


def _title(book: Book) -> str:
    return f"Replacement pages: {book.household}"
