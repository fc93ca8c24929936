"""A sheet on its page: QR symbols, then layout, with text measured by the bundled fonts.

The one place a Sheet becomes a PagePlan, for `mksheet FILE`, the binder and the library
calls tests make. Painting the plan is draw.py's job.
"""

from __future__ import annotations

from dataclasses import replace

from sheets import payload
from sheets.errors import LayoutError
from sheets.model import Sheet
from sheets.render import layout, qr
from sheets.render.items import Measure, PagePlan
from sheets.render.style import CHAIN, STEPS, Style

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
    first of SPLITS whose page fits at TIGHT (each small enough to print at a module a phone
    photo of the page reads); failing that, the first whose page fits closed up past TIGHT
    (a sheet that fitted before takes the symbols it took before)."""
    options = _Options(sheet)
    for style in (CHAIN[STEPS], CHAIN[-1]):
        for option in options:
            if layout.fits(sheet, measure or measurer(), option, style):
                return option
    return options.last


class _Options:
    """The symbols of each of SPLITS that holds the payload, in order, each made when first
    asked for (a sheet that fits with one symbol never encodes the splits)."""

    def __init__(self, sheet: Sheet):
        self.sheet, self.made, self.texts = sheet, list[tuple](), dict[int, list[str]]()
        self.next = 0  # the next of SPLITS to make

    def __iter__(self):
        yield from self.made
        while (option := self.make()) is not None:
            yield option

    def make(self) -> tuple | None:
        """The next new option, or None when SPLITS are all made."""
        while self.next < len(SPLITS):
            version, most = SPLITS[self.next]
            self.next += 1
            if version not in self.texts:
                self.texts[version] = payload.encode(self.sheet, version=version)
            if len(self.texts[version]) > most:
                continue
            option = tuple(qr.matrix(text, payload.LEVEL) for text in self.texts[version])
            if not self.made or option != self.made[-1]:
                self.made.append(option)
                return option
        return None

    @property
    def last(self) -> tuple:
        """The last option: the most symbols, each the smallest."""
        while self.make() is not None:
            pass
        return self.made[-1]


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
    """The page and the style it took: the largest from `start` (default: the largest).
    A sheet whose file's other lines are more than its page holds is refused naming the
    first line that does not fit, as the reader names a line past its own limit."""
    if qr_symbols is not None:
        return layout.fit(sheet, paper, measure, qr_symbols, start)
    found = _searched(sheet, paper, measure, start)
    if found is not None:
        return found[:2]
    found_symbols = symbols(sheet, measure)
    try:
        return layout.fit(sheet, paper, measure, found_symbols, start)
    except LayoutError:
        row = first_line_over(sheet, measure)
        if row is None:
            raise
        raise LayoutError(
            sheet.codes.source or None,
            f"holds more text besides its codes than one page prints: line {row} and the "
            "lines after it do not fit",
            "move the notes to a file of their own, or delete what is not a code or about "
            "the codes, and run mksheet again",
        ) from None


def chosen(
    sheet: Sheet, paper: str, measure: Measure, guess: Style | None = None
) -> tuple[tuple, Style]:
    """The symbols and the style `fit` takes for a sheet without a running head, found
    without spreading what is left of its page: a binder lays each sheet out again with
    its page number. `guess` (the style a like sheet took) is tried first. LayoutError as
    `fit` raises it."""
    found = _searched(sheet, paper, measure, spread=False, guess=guess)
    if found is not None:
        return found[2], found[1]
    qr_symbols = symbols(sheet, measure)
    return qr_symbols, fit(sheet, paper, measure, qr_symbols)[1]


def _searched(
    sheet: Sheet,
    paper: str,
    measure: Measure,
    start: Style | None = None,
    spread: bool = True,
    guess: Style | None = None,
) -> tuple[PagePlan, Style, tuple] | None:
    """The page, its style and its symbols as `symbols` then `fit` choose them, with one
    search per QR option: an option whose page fits at no style down to TIGHT fits at
    none before it (fitting is monotone), so each search stops there, and the first that
    fits is both the symbols' choice and the page. Past TIGHT, each option's search
    starts there. None when no option fits, or when the sheet's running head or `start`
    calls for `symbols` (it chooses without the head, from the largest style)."""
    if start is not None or (sheet.page_label and sheet.owner):
        return None
    options = _Options(sheet)
    for begin, end in ((CHAIN[0], CHAIN[STEPS]), (CHAIN[STEPS + 1], CHAIN[-1])):
        for option in options:
            found = layout.search(sheet, paper, measure, option, begin, end, spread, guess)
            if found is not None:
                return (*found, option)
    return None


def first_line_over(sheet: Sheet, measure: Measure) -> int | None:
    """The row of the first of the file's other lines that does not fit the page with the
    lines before it; None when there are none, or the page does not fit without them."""
    lines = sheet.codes.other_lines

    def fits(count: int) -> bool:
        cut = replace(sheet, codes=replace(sheet.codes, other_lines=lines[:count]))
        return layout.fits(cut, measure, symbols(cut, measure))

    if not lines or not fits(0):
        return None
    fitting, over = 0, len(lines)  # the whole sheet did not fit: halve between
    while over - fitting > 1:
        middle = (fitting + over) // 2
        fitting, over = (middle, over) if fits(middle) else (fitting, middle)
    return lines[fitting][0]
