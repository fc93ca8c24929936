"""A sheet on its page: QR symbols, then layout, with text measured by the bundled fonts.

The one place a Sheet becomes a PagePlan, for `mksheet FILE`, the binder and the library
calls tests make. Painting the plan is draw.py's job.
"""

from __future__ import annotations

from sheets import payload
from sheets.model import Sheet
from sheets.render import layout, qr
from sheets.render.items import Measure, PagePlan
from sheets.render.style import Style

# How a sheet's payload may be split, in order of preference: one symbol at the top right
# (up to version 12: 73 modules, 62 mm at the photo module); two even parts of that size
# beside the prose, or three across the page; even parts of payload.VERSION (61 modules,
# 52 mm), three to a row. The first whose page fits is taken.
SPLITS = ((12, 1), (13, 2), (12, 3), (payload.VERSION, payload.MOST_PARTS))


def measurer() -> Measure:
    """draw.measure, with the fonts registered (the only reportlab use before painting)."""
    from sheets.render import draw

    draw.register_fonts()
    return draw.measure


def symbols(sheet: Sheet, measure: Measure | None = None) -> tuple:
    """The QR symbol(s) of a sheet, as module matrices: one, or even parts 1/n ... n/n, the
    first of SPLITS whose page fits (each small enough to print at a module a phone photo
    of the page reads)."""
    texts: dict[int, list[str]] = {}
    tried: tuple = ()
    for n, (version, most) in enumerate(SPLITS):
        if version not in texts:
            texts[version] = payload.encode(sheet, version=version)
        if len(texts[version]) > most:
            continue
        option = tuple(qr.matrix(text, payload.LEVEL) for text in texts[version])
        if option == tried:
            continue
        tried = option
        if n == len(SPLITS) - 1 or layout.fits(sheet, measure or measurer(), option):
            return option
    return tried


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
