"""Page geometry and type sizes: one frozen Style, with the legible minimums.

A sheet is laid out at the roomiest style of CHAIN that fits its page: CHAIN runs from large
type with room to write (ROOMY) down to the floors every page keeps (TIGHT), every size
shrinking at each step, then on past TIGHT to DENSE for a page that holds more than a
download: the floors kept, gaps, leading, margins and what has no floor closed up, and the
page arranged to close up (layout.py). The binder's own pages and an authenticator deck use
Style(), the standard sizes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple, TypeVar

T = TypeVar("T")

MM = 72 / 25.4  # points per millimetre

PAPER = {"a4": (210 * MM, 297 * MM), "letter": (8.5 * 72, 11 * 72)}
# Everything is drawn inside this box, centred, so a sheet made for one size prints
# whole on the other: A4 width and Letter height.
SAFE_BOX = (210 * MM, 279 * MM)

FONTS = {
    "body": "AtkinsonHyperlegible-Regular",
    "body-bold": "AtkinsonHyperlegible-Bold",
    "code": "IBMPlexMono-Regular",
    # A file's other text, as written: the text face (Atkinson Hyperlegible tells 0 from O
    # and 1 from l by design), so that nothing but the codes is set in the codes' face.
    "written": "AtkinsonHyperlegible-Regular",
    # Names in scripts the bundled fonts lack (an issuer in Japanese): a font found on the
    # system (render.draw.FALLBACK_FILES), registered only if one is there.
    "fallback": "MksheetFallback",
}
BUNDLED = ("body", "body-bold", "code")

SMALLEST = 8.0  # no printed text is smaller: footers, captions and labels included
MIN_BODY = 9.5  # instructions, on every sheet, cover and binder page
MIN_CODE = 20.0  # a code or key is never printed smaller
# The finest QR module any page prints. A whole-page phone photo 800 pixels wide (4 degrees
# of tilt, keystone, blur 1.2 px, JPEG 35) gives it under 3 pixels: `mksheet verify` reads
# it once the photo is enlarged and sharpened (benchmarks/qr_photo.py: every photo at
# 0.8 mm, 3 in 4 at 0.75 mm; bare zxing-cpp needs 0.93 mm). A sheet prints its symbols as
# large as its page allows, down to the floor; cards and the restore page, which have the
# room, at PHOTO_MODULE or more.
MIN_MODULE = 0.8 * MM
PHOTO_MODULE = 0.85 * MM


class _Sizes(NamedTuple):
    """Style's sizes: a NamedTuple, so a sheet's import builds no dataclass."""

    margin: float = 10 * MM  # inside the safe box; home printers lose about 5 mm at the edge
    title: float = 22
    subtitle: float = 12
    address: float = 15  # the sign-in address in "To get in you need"
    heading: float = 12.5
    body: float = 10.5
    small: float = SMALLEST
    code: float = 22
    key: float = 26  # a single recovery key or phrase
    row_gap: float = 13  # between code rows: room to tick and write
    group_gap: float = 6  # extra space between groups of rows
    module: float = PHOTO_MODULE  # a QR module, quiet zone included in the count
    qr_size: float = (
        56 * MM
    )  # the smallest a lone symbol is drawn (larger when it has more modules)
    checkbox: float = 5 * MM
    date_line: float = 26 * MM  # room for 2026-03-14 by hand
    write_in: float = 75 * MM  # an account or website line to fill in by hand
    gutter: float = 6 * MM
    line: float = 1.2  # a code row's line height, as a multiple of the code size
    leading: float = 1.3  # body text: line height as a multiple of the type size
    space: float = 8  # between the blocks of a page (title and "To get in", the codes, ...)
    dense: bool = False  # past TIGHT: a sheet may also be arranged to close up (layout.py)
    date_heads: bool = True  # "date used" over the date lines (left out at the very end)
    step: int = -1  # where it stands in CHAIN (-1: not in it)


class Style(_Sizes):
    """Sizes in points; `tighter()` steps down CHAIN towards the floors."""

    __slots__ = ()

    MIN_CODE = MIN_CODE
    MIN_BODY = MIN_BODY

    def tighter(self) -> Style | None:
        """The next smaller style of CHAIN, or None at its end (or off it)."""
        following = self.step + 1
        return CHAIN[following] if 0 < following < len(CHAIN) else None


# The two ends of the sheets' chain. Every size is larger at ROOMY, so fitting is monotone:
# a style that does not fit leaves no room for a larger one.
ROOMY = Style(
    title=26,
    subtitle=14,
    address=18,
    heading=14.5,
    body=12.5,
    code=30,
    key=36,
    row_gap=22,
    group_gap=10,
    module=1.15 * MM,
    qr_size=62 * MM,
)
TIGHT = Style(
    title=16,
    subtitle=11,
    address=12,
    heading=11,
    body=MIN_BODY,
    code=MIN_CODE,
    key=MIN_CODE,
    row_gap=3,
    group_gap=2,
    module=MIN_MODULE,
    qr_size=45 * MM,
)
# Past TIGHT, for a page that holds more than a download (a second secret, notes, other
# lines: issue 22): the floors stay, what is not floored closes up. Narrower date lines,
# tick boxes and gutters let longer codes stand two to a row with the date beside them; the
# leading, the gaps and the headings come down to what still reads. Tried only when TIGHT
# does not fit, so every sheet that fitted before is laid out as before.
DENSE = TIGHT._replace(
    title=13,
    subtitle=MIN_BODY,
    address=10.5,
    heading=10,
    row_gap=0,
    group_gap=1,
    qr_size=40 * MM,
    checkbox=4 * MM,
    date_line=22 * MM,
    gutter=5 * MM,
    line=1.0,
    margin=7 * MM,
    leading=1.2,
    space=4,
    dense=True,
    date_heads=False,
)
STEPS, DENSE_STEPS = 24, 4
TYPE = ("title", "subtitle", "address", "heading", "body", "code", "key")  # in quarter points
SCALED = (*TYPE, "row_gap", "group_gap", "module", "qr_size")
CLOSED = (*SCALED, "checkbox", "date_line", "gutter", "line", "leading", "space", "margin")


def _between(start: Style, end: Style, t: float, names: tuple[str, ...], step: int) -> Style:
    """The style a fraction t of the way from start to end in the sizes named."""
    sizes = {}
    for name in names:
        value = getattr(start, name) + (getattr(end, name) - getattr(start, name)) * t
        sizes[name] = round(value * 4) / 4 if name in TYPE or name.endswith("gap") else value
    return start._replace(step=step, **sizes)


def _closed(step: int) -> Style:
    """The style `step` of DENSE_STEPS past TIGHT towards DENSE: arranged to close up from
    the first, "date used" left out only at the last (the heading over the codes says it)."""
    style = _between(TIGHT, DENSE, step / DENSE_STEPS, CLOSED, STEPS + step)
    return style._replace(dense=True, date_heads=step < DENSE_STEPS)


CHAIN: tuple[Style, ...] = (
    *(_between(ROOMY, TIGHT, step / STEPS, SCALED, step) for step in range(STEPS + 1)),
    *(_closed(step) for step in range(1, DENSE_STEPS + 1)),
)


def down_from(start: Style) -> tuple[Style, ...]:
    """start and every tighter style after it, largest first."""
    if 0 <= start.step < len(CHAIN) and CHAIN[start.step] == start:
        return CHAIN[start.step :]
    chain = [start]
    while (smaller := chain[-1].tighter()) is not None:
        chain.append(smaller)
    return tuple(chain)


def largest_fitting(
    start: Style,
    attempt: Callable[[Style], T | None],
    end: Style | None = None,
    guess: Style | None = None,
) -> tuple[T, Style] | None:
    """The first style from start down to end (default: the end of the chain) for which
    attempt gives a result, with that result.

    Fitting is monotone down the chain: every size only shrinks, so a smaller style never
    fits worse (tests/render/test_style_search.py holds every sample and fixture to it). The
    first style is tried alone (a binder's second layout starts where the first fitted),
    then the rest is halved: at most 6 attempts for CHAIN's 29 styles. An `end` is tried
    second, as `compose.symbols` tries TIGHT for each QR option: an option whose page fits
    nowhere down to it is passed over after two attempts (at most 7 in all). A `guess`
    (the style a like sheet took) is tried first, then the style before it: when the one
    fits and the other does not, two attempts settle it."""
    chain = down_from(start)
    if end is not None:
        chain = chain[: chain.index(end) + 1]
    best, low, high = None, 0, len(chain) - 1  # the first that fits is in low..high, or none

    def probe(index: int) -> None:
        nonlocal best, low, high
        found = attempt(chain[index])
        if found is None:
            low = index + 1
        else:
            best, high = (found, chain[index]), index - 1

    first = [chain.index(guess), chain.index(guess) - 1] if guess in chain else []
    first += [0, len(chain) - 1] if end is not None else [0]
    for index in first:  # each is tried while the answer may still lie there
        if low <= index <= high:
            probe(index)
    while low <= high:
        probe((low + high) // 2)
    return best
