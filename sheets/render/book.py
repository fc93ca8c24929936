"""A binder's pages in order: fit each sheet once, plan every page, number, then paint.

`fit` computes each account's QR matrix once and checks the sheet fits its page. `render`
orders the pages (cover, contents, each person's sheets, storage, access log; with duplex
a blank back wherever the next part would start on a back), plans the binder's own pages
until their page count is stable, numbers everything, and paints. Sheets are laid out
again with their "page n of N" only while painting, so a thousand plans are never held.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Callable

from sheets import api
from sheets.binder import Account, BinderOptions, Problem, Spec
from sheets.errors import LayoutError
from sheets.model import Sheet
from sheets.providers import by_key
from sheets.render import binder as pages
from sheets.render import draw, layout, qr
from sheets.render.layout import Measure

OWN_PAGES = {"cover": pages.cover, "contents": pages.contents, "storage": pages.storage,
             "log": pages.access_log}


@dataclass(frozen=True)
class Fitted:
    """A sheet known to fit one page, with its QR matrix computed once."""

    account: Account
    sheet: Sheet
    modules: tuple = field(repr=False)


def measurer() -> Measure:
    """draw.measure remembered for one binder: its sheets share most of their words."""
    draw.register_fonts()
    return lru_cache(maxsize=None)(draw.measure)


def fit(accounts: list[Account], paper: str, measure: Measure,
        tick: Callable[[int], None]) -> tuple[list[Fitted], list[Problem]]:
    """Each account's sheet with its QR matrix; a sheet that cannot fit becomes a Problem."""
    printed, fitted, problems = api.today(), [], []
    for account in accounts:
        sheet = api.make_sheet(account.codes, owner=account.entry.person, printed=printed)
        modules = qr.matrix(qr.payload(sheet))
        try:
            layout.layout(sheet, paper, measure, modules)
        except LayoutError as exc:
            problems.append(Problem(account.entry.path, exc.problem, exc.hint))
        else:
            fitted.append(Fitted(account, sheet, modules))
        tick(1)
    return fitted, problems


def render(spec: Spec, fitted: list[Fitted], left_out: list[Problem], opts: BinderOptions,
           measure: Measure, tick: Callable[[int], None]) -> bytes:
    """The binder as PDF bytes."""
    order, book, own = settle(spec, fitted, left_out, opts, measure)

    def planned():
        for number, (kind, index) in enumerate(order, 1):
            if kind == "sheet":
                item = fitted[index]
                sheet = replace(item.sheet, page_label=f"page {number} of {book.total}")
                yield layout.layout(sheet, opts.paper, measure, item.modules)
                tick(1)
            elif kind == "blank":
                yield pages.blank(book, opts.paper, measure, number)
            else:
                yield own[kind][index]

    return draw.render_plans(planned(), opts.paper, title=f"Recovery binder: {spec.household}")


def settle(spec: Spec, fitted: list[Fitted], left_out: list[Problem], opts: BinderOptions,
           measure: Measure):
    """Page order, Book and the binder's own pages, planned until their page counts hold."""
    counts = {kind: 1 for kind in OWN_PAGES}
    for _ in range(4):
        order = sequence(counts, len(fitted), opts.duplex)
        book = _book(spec, fitted, left_out, order)
        own = {kind: plan(book, opts.paper, measure) for kind, plan in OWN_PAGES.items()}
        found = {kind: len(plans) for kind, plans in own.items()}
        if found == counts:
            return order, book, own
        counts = found
    raise LayoutError(spec.source, "the binder's page numbers do not settle",
                      "please report this with the number of people and files")


def sequence(counts: dict[str, int], sheets: int, duplex: bool) -> list[tuple[str, int]]:
    """(kind, index) for every page in binder order; duplex adds blank backs."""
    order: list[tuple[str, int]] = []

    def pad() -> None:
        if duplex and len(order) % 2:
            order.append(("blank", 0))

    for kind in ("cover", "contents"):
        order.extend((kind, i) for i in range(counts[kind]))
        pad()
    for index in range(sheets):
        order.append(("sheet", index))
        pad()
    for kind in ("storage", "log"):
        order.extend((kind, i) for i in range(counts[kind]))
        pad()
    return order


def _book(spec: Spec, fitted: list[Fitted], left_out: list[Problem], order) -> pages.Book:
    first = {}
    for number, (kind, index) in enumerate(order, 1):
        first.setdefault((kind, index), number)
    rows = tuple(_row(item, first[("sheet", index)]) for index, item in enumerate(fitted))
    return pages.Book(title=spec.title, household=spec.household, printed=api.today(),
                      people=spec.people, rows=rows,
                      left_out=tuple((p.file, p.problem) for p in left_out),
                      contents_page=first[("contents", 0)], storage_page=first[("storage", 0)],
                      log_page=first[("log", 0)], total=len(order), note=spec.note)


def _row(item: Fitted, page: int) -> pages.Row:
    codes = item.account.codes
    provider = by_key(codes.provider)
    label = provider.facts(codes.kind).label
    name = "Provider not recognised" if provider.fallback else provider.name
    count = str(len(codes.codes))
    if codes.used:
        count += f" ({len(codes.used)} used)"
    return pages.Row(item.account.entry.person, f"{name} {label}",
                     codes.account or "not in the file", count, page)
