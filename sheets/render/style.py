"""Page geometry and type sizes: one frozen Style, with the legible minimums."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
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
    "written": "IBMPlexMono-Regular",  # a file's other text, as written: the codes' face, no code
    # Names in scripts the bundled fonts lack (an issuer in Japanese): a font found on the
    # system (render.draw.FALLBACK_FILES), registered only if one is there.
    "fallback": "MksheetFallback",
}
BUNDLED = ("body", "body-bold", "code")


class _Sizes(NamedTuple):
    """Style's sizes: a NamedTuple, so a sheet's import builds no dataclass."""

    margin: float = 10 * MM  # inside the safe box; home printers lose about 5 mm at the edge
    title: float = 22
    subtitle: float = 12
    address: float = 15  # the sign-in address in "To get in you need"
    heading: float = 12.5
    body: float = 10.5
    small: float = 7.5
    code: float = 22
    key: float = 26  # a single recovery key or phrase
    row_gap: float = 13  # between code rows: room to tick and write
    group_gap: float = 6  # extra space after every `group` rows
    group: int = 5
    qr_size: float = 56 * MM  # with its quiet zone: large enough for a phone photo of the page
    checkbox: float = 5 * MM
    date_line: float = 30 * MM
    write_in: float = 75 * MM  # an account or website line to fill in by hand
    gutter: float = 6 * MM


class Style(_Sizes):
    """Sizes in points; `tighter()` steps down towards the legible minimum."""

    __slots__ = ()

    MIN_CODE = 12.0
    MIN_BODY = 8.5
    # The printed width (quiet zone included) at which a whole-page phone photo 800 pixels
    # wide decodes symbols up to payload.VERSION (measured: benchmarks/qr_photo.py).
    MIN_QR = 55 * MM

    def tighter(self) -> Style | None:
        """The next smaller style, or None when the minimum legible sizes are reached."""
        return _tighter(self)

    def _next(self) -> Style | None:
        """tighter(), worked out."""
        if self.code <= self.MIN_CODE and self.body <= self.MIN_BODY:
            return None
        return self._replace(
            code=max(self.MIN_CODE, self.code - 1),
            key=max(self.MIN_CODE, self.key - 1.5),
            body=max(self.MIN_BODY, self.body - 0.5),
            address=max(12, self.address - 1),
            row_gap=max(3.0, self.row_gap - 1.5),
            group_gap=max(2.0, self.group_gap - 1),
            # the QR stays large for a phone photo until the codes reach 20 pt
            qr_size=self.qr_size if self.code > 20 else max(self.MIN_QR, self.qr_size - 2 * MM),
            title=max(16, self.title - 1),
        )


@lru_cache(maxsize=64)
def _tighter(style: Style) -> Style | None:
    """Remembered: every sheet steps down the same few styles, and _replace
    costs more than a layout's arithmetic."""
    return style._next()


@lru_cache(maxsize=64)
def down_from(start: Style) -> tuple[Style, ...]:
    """start and every tighter style after it, largest first."""
    chain = [start]
    while (smaller := chain[-1].tighter()) is not None:
        chain.append(smaller)
    return tuple(chain)


def largest_fitting(start: Style, attempt: Callable[[Style], T | None]) -> tuple[T, Style] | None:
    """The first style down from start for which attempt gives a result, with that result.

    Fitting is monotone down the chain: every size only shrinks, so a smaller style never
    fits worse (tests/test_style_search.py holds every sample and fixture to it). After the
    largest style, which most sheets take, the rest is halved: at most 5 attempts, not 11."""
    chain = down_from(start)
    found = attempt(chain[0])
    if found is not None:
        return found, chain[0]
    best, low, high = None, 1, len(chain) - 1
    while low <= high:
        middle = (low + high) // 2
        found = attempt(chain[middle])
        if found is None:
            low = middle + 1
        else:
            best, high = (found, chain[middle]), middle - 1
    return best
