"""A binder's pages in order: fit each sheet once, plan every page, number, then paint.

`fit` makes each account's sheet with its ledger plan (serial, copy, "replaces sheet X"),
computes its QR matrix once and checks the sheet fits its page. `settle` orders the pages
(cover, contents, each person's sheets, storage, access log; with duplex a blank back
wherever the next part would start on a back) and plans the binder's own pages until their
page count is stable. `render` paints them all; `render_swaps` paints only the pages of
`binder --changed`, with the numbers they have in the whole binder, after a cover saying
which old pages to destroy. Sheets are laid out again with their "page n of N" only while
painting, so a thousand plans are never held.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from sheets.errors import LayoutError
from sheets.ledger import Plan
from sheets.make import compose as jobs
from sheets.make.binder import decks
from sheets.make.binder.changes import Swap
from sheets.make.binder.spec import Problem, Spec
from sheets.model import CodeSet, Job, Sheet
from sheets.read.providers import by_key
from sheets.render import compose, draw, pages, swap, words
from sheets.render.cards import Deck
from sheets.render.items import Measure, PagePlan
from sheets.render.style import Style

OWN_PAGES = {
    "cover": pages.cover,
    "contents": pages.contents,
    "storage": pages.storage,
    "log": pages.access_log,
}


@dataclass(frozen=True)
class Fitted:
    """A sheet known to fit one page, with its QR symbols computed once."""

    job: Job
    plan: Plan  # the ledger's serial, copy and replaced sheets for this page
    sheet: Sheet | None
    symbols: tuple = field(repr=False)
    deck: Deck | None = None  # an authenticator export's pages, instead of a sheet
    length: int = 1  # its pages in the binder
    style: Style | None = None  # the style a sheet fitted at, where its second layout starts


@dataclass(frozen=True)
class Settled:
    """Every page of the binder in order, numbered, with the binder's own pages planned."""

    order: list[tuple[str, int]]
    book: pages.Book
    own: dict[str, list[PagePlan]]

    def numbers(self) -> list[int]:
        """The page number of each sheet, in the order of the fitted accounts."""
        return [number for number, (kind, _) in enumerate(self.order, 1) if kind == "sheet"]


def measurer() -> Measure:
    """draw.measure remembered for one binder: its sheets share most of their words.

    Bounded: unbounded, it kept every line tried while wrapping (24 MB of a 1000-account
    binder's 114 MB peak)."""
    draw.register_fonts()
    return lru_cache(maxsize=4096)(draw.measure)


def fit(
    planned: list[tuple[Job, Plan]],
    paper: str,
    measure: Measure,
    today: str,
    tick: Callable[[int], None],
) -> tuple[list[Fitted], list[Problem]]:
    """Each page's sheet with its QR symbols; a sheet that cannot fit becomes a Problem."""
    fitted, problems, taken = [], [], dict[tuple, Style]()
    for job, chosen in planned:
        try:
            fitted.append(_fit(job, chosen, paper, measure, today, taken))
        except LayoutError as exc:
            problems.append(Problem(job.file, exc.problem, exc.hint))
        tick(1)
    return _in_contents_order(fitted), problems


def _in_contents_order(fitted: list[Fitted]) -> list[Fitted]:
    """Each person's sheets together, by service name, as the contents lists them (people in
    the order they come; the files' names no longer order GitHub after Login.gov)."""
    people = list(dict.fromkeys(item.job.owner or "" for item in fitted))
    return sorted(
        fitted, key=lambda item: (people.index(item.job.owner or ""), _service(item).casefold())
    )


def _service(item: Fitted) -> str:
    """The contents' "Account at" for a sheet or an export's cards: the service as its sheet
    names it (an unknown website by its own name) and what it holds."""
    if item.deck is not None:
        return f"{item.deck.app} authenticator keys"
    assert item.sheet is not None
    codes = item.sheet.codes
    provider = by_key(codes.provider)
    return f"{words.sheet_name(provider, codes.service)} {provider.facts(codes.kind).label}"


def _fit(
    job: Job, chosen: Plan, paper: str, measure: Measure, today: str, taken: dict[tuple, Style]
) -> Fitted:
    """One job's pages known to fit (LayoutError when they cannot). `taken` remembers the
    style each provider's sheets of a kind and a count took: a like sheet mostly takes it
    too, and the search tries it first (two layouts instead of six)."""
    if job.deck is not None:
        return Fitted(job, chosen, None, (), *decks.fit(job, chosen, paper, measure, today))
    assert isinstance(job.content, CodeSet)
    sheet = jobs.sheet_for(job.content, job.owner, chosen, today)
    like = (sheet.codes.provider, sheet.codes.kind, len(sheet.codes.codes))
    symbols, style = compose.chosen(sheet, paper, measure, taken.get(like))
    taken[like] = style
    return Fitted(job, chosen, sheet, symbols, style=style)


def render(
    spec: Spec,
    fitted: list[Fitted],
    settled: Settled,
    paper: str,
    measure: Measure,
    tick: Callable[[int], None],
) -> bytes:
    """The whole binder as PDF bytes."""
    order, book, own = settled.order, settled.book, settled.own

    def planned():
        for number, (kind, index) in enumerate(order, 1):
            if kind == "sheet":
                yield from _pages(fitted[index], number, book, paper, measure)
                tick(1)
            elif kind == "blank":
                yield pages.blank(book, paper, measure, number)
            elif kind != "more":  # a sheet's further pages came with its first
                yield own[kind][index]

    serials = tuple(item.plan.entry.serial for item in fitted)  # known before replacing it
    return draw.render_plans(
        planned(), paper, title=f"Recovery binder: {spec.household}", serials=serials
    )


def render_swaps(
    spec: Spec,
    fitted: list[Fitted],
    settled: Settled,
    swaps: list[Swap],
    last_printed: str,
    paper: str,
    duplex: bool,
    measure: Measure,
    tick: Callable[[int], None],
) -> bytes:
    """The cover of `binder --changed`, then each changed sheet as it is in the whole binder."""
    book = settled.book
    changes = [_change(fitted[s.index], s) for s in swaps]
    cover = swap.cover(book, changes, last_printed, paper, measure)
    if duplex and len(cover) % 2:
        cover.append(swap.back(book, paper, measure))

    def planned():
        yield from cover
        for item in swaps:
            yield from _pages(fitted[item.index], item.page, book, paper, measure)
            if duplex and item.length % 2:  # its own leaves, the last back as in the binder
                yield pages.blank(book, paper, measure, item.page + item.length)
            tick(1)

    title = f"Replacement pages: {spec.household}"
    serials = tuple(fitted[s.index].plan.entry.serial for s in swaps)
    return draw.render_plans(planned(), paper, title=title, serials=serials)


def _pages(
    item: Fitted, number: int, book: pages.Book, paper: str, measure: Measure
) -> list[PagePlan]:
    if item.deck is not None:
        return decks.paint(item.deck, item.length, number, book.total, paper, measure)
    return [_sheet(item, number, book, paper, measure)]


def _sheet(item: Fitted, number: int, book: pages.Book, paper: str, measure: Measure) -> PagePlan:
    assert item.sheet is not None
    sheet = replace(item.sheet, page_label=f"page {number} of {book.total}")
    return compose.page(sheet, paper, measure, item.symbols, item.style)


def settle(
    spec: Spec,
    fitted: list[Fitted],
    left_out: list[Problem],
    paper: str,
    duplex: bool,
    today: str,
    measure: Measure,
) -> Settled:
    """Page order, Book and the binder's own pages, planned until their page counts hold."""
    counts = {kind: 1 for kind in OWN_PAGES}
    for _ in range(4):
        order = sequence(counts, len(fitted), duplex, [f.length for f in fitted])
        book = _book(spec, fitted, left_out, order, today)
        own = {kind: plan(book, paper, measure) for kind, plan in OWN_PAGES.items()}
        found = {kind: len(plans) for kind, plans in own.items()}
        if found == counts:
            return Settled(order, book, own)
        counts = found
    raise LayoutError(
        spec.source,
        "the binder's page numbers do not settle",
        "please report this with the number of people and files",
    )


def sequence(
    counts: dict[str, int], sheets: int, duplex: bool, lengths: list[int] | None = None
) -> list[tuple[str, int]]:
    """(kind, index) for every page in binder order; a sheet of several pages (an export's
    cards) continues as ("more", index); duplex adds blank backs."""
    order: list[tuple[str, int]] = []

    def pad() -> None:
        if duplex and len(order) % 2:
            order.append(("blank", 0))

    for kind in ("cover", "contents"):
        order.extend((kind, i) for i in range(counts[kind]))
        pad()
    for index in range(sheets):
        order.append(("sheet", index))
        order.extend([("more", index)] * ((lengths[index] if lengths else 1) - 1))
        pad()
    for kind in ("storage", "log"):
        order.extend((kind, i) for i in range(counts[kind]))
        pad()
    return order


def _book(
    spec: Spec, fitted: list[Fitted], left_out: list[Problem], order, today: str
) -> pages.Book:
    first: dict[tuple[str, int], int] = {}
    for number, (kind, index) in enumerate(order, 1):
        first.setdefault((kind, index), number)
    rows = tuple(_row(item, first[("sheet", index)]) for index, item in enumerate(fitted))
    return pages.Book(
        title=spec.title,
        household=spec.household,
        printed=today,
        people=spec.people,
        rows=rows,
        left_out=tuple((p.file, p.problem) for p in left_out),
        contents_page=first[("contents", 0)],
        storage_page=first[("storage", 0)],
        log_page=first[("log", 0)],
        total=len(order),
        note=spec.note,
    )


def _row(item: Fitted, page: int) -> pages.Row:
    if item.deck is not None:
        return decks.row(item.deck, item.job.owner or "", page, item.length, item.plan.entry.serial)
    assert item.sheet is not None
    codes = item.sheet.codes
    count = str(len(codes.codes))
    if codes.used:
        count += f" ({len(codes.used)} used)"
    return pages.Row(
        item.job.owner or "",
        _service(item),
        codes.account or "",  # none in the file: a line to write it on
        count,
        page,
        item.plan.entry.serial,
    )


def _change(item: Fitted, chosen: Swap) -> swap.Change:
    if item.deck is not None:
        return decks.change(item.deck, item.job.owner or "", chosen)
    old = chosen.old
    return swap.Change(
        chosen.page,
        item.job.owner or "",
        _service(item),
        _account(item),
        old.serial,
        old.printed,
        old.copies,
        old.status,
        chosen.new.entry.serial,
    )


def _account(item: Fitted) -> str:
    assert item.sheet is not None
    return item.sheet.codes.account or "not in the file"
