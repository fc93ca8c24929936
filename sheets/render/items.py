"""The vocabulary every page is made of: typed items at fixed positions, and text wrapping.

Layouts (a sheet, the binder's own pages) produce PagePlans of these items; draw.py is the
only module that paints them. Widths come from an injected `measure(text, font, size)`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

Measure = Callable[[str, str, float], float]

# The page items are NamedTuples, not frozen dataclasses: as immutable, and a sheet builds
# them at every start, where each dataclass costs a millisecond of generated code.


class Text(NamedTuple):
    x: float
    y: float  # baseline
    text: str
    font: str
    size: float
    align: str = "left"  # or "right"


class Box(NamedTuple):
    x: float
    y: float  # bottom
    w: float
    h: float
    width: float = 0.8


class Rule(NamedTuple):
    x1: float
    y1: float
    x2: float
    y2: float
    width: float = 0.5


class Tick(NamedTuple):
    x: float  # the checkbox it ticks
    y: float
    size: float


class QR(NamedTuple):
    x: float
    y: float
    size: float
    modules: tuple[bytes, ...]  # one bytes row per module row: 0 light, 1 dark


class PagePlan(NamedTuple):
    width: float
    height: float
    items: tuple
    title: str  # for PDF metadata: provider and label only, never a code


def wrap(text: str, font: str, size: float, width: float, measure: Measure) -> list[str]:
    """Greedy word wrap; a word wider than the line is kept whole (never cut a code)."""
    if text and measure(text, font, size) <= width and "" not in text.split(" "):
        return [text]  # every line the loop tries is a prefix of text, so none is wider
    lines, current = [], ""
    for word, glue in _pieces(text, font, size, width, measure):
        candidate = f"{current}{glue}{word}" if current else word
        if current and measure(candidate, font, size) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current] if current else lines


def _pieces(
    text: str, font: str, size: float, width: float, measure: Measure
) -> list[tuple[str, str]]:
    """(piece, glue) for each word of prose; a URL wider than the line is split after a
    slash into pieces glued with "" so that it never gains a space."""
    pieces = []
    for word in text.split(" "):
        if "/" in word and measure(word, font, size) > width:
            parts = _join_while_fits(
                re.findall(r"[^/]*/+|[^/]+$", word), font, size, width, measure
            )
            pieces += [(part, " " if i == 0 else "") for i, part in enumerate(parts)]
        else:
            pieces.append((word, " "))
    return pieces


def _join_while_fits(parts: list[str], font, size, width, measure) -> list[str]:
    joined = [parts[0]]
    for part in parts[1:]:
        if measure(joined[-1] + part, font, size) <= width:
            joined[-1] += part
        else:
            joined.append(part)
    return joined
