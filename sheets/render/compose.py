"""A sheet on its page: QR symbols, then layout, with text measured by the bundled fonts.

The one place a Sheet becomes a PagePlan, for `mksheet FILE`, the binder and the library
calls tests make. Painting the plan is draw.py's job.
"""

from __future__ import annotations

from sheets.model import Sheet
from sheets.render import layout, qr
from sheets.render.items import Measure, PagePlan
from sheets.render.style import Style


def measurer() -> Measure:
    """draw.measure, with the fonts registered (the only reportlab use before painting)."""
    from sheets.render import draw

    draw.register_fonts()
    return draw.measure


def symbols(sheet: Sheet) -> tuple:
    """The QR symbol(s) of a sheet, as module matrices: one, or parts 1/n ... n/n small
    enough each to decode from a phone photo of the whole page."""
    return qr.symbols(sheet)


def page(
    sheet: Sheet,
    paper: str,
    measure: Measure,
    qr_symbols: tuple | None = None,
    start: Style | None = None,
) -> PagePlan:
    """One sheet laid out on its page; LayoutError when it cannot fit."""
    return fit(sheet, paper, measure, qr_symbols, start)[0]


def fit(
    sheet: Sheet,
    paper: str,
    measure: Measure,
    qr_symbols: tuple | None = None,
    start: Style | None = None,
) -> tuple[PagePlan, Style]:
    """The page and the style it took: the largest from `start` (default: the largest)."""
    found = qr_symbols if qr_symbols is not None else symbols(sheet)
    return layout.fit(sheet, paper, measure, found, start)
