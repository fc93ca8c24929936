"""The codes on a sheet: grouped for reading, in rows to tick and date, a key in a box, a
phrase as a numbered grid of words.

Printing adds spaces only where a code has a run of more than MAX_RUN characters: the
provider's own grouping (GitHub's dash, Google's space) is kept as issued. A code wider than
its column wraps at its groups into lines of even length.
"""

from __future__ import annotations

import re
from math import ceil
from typing import NamedTuple

from sheets.render.frame import Frame, Overflow, balanced
from sheets.render.items import Box, Rule, Text, Tick
from sheets.render.style import MIN_CODE, MM

MAX_RUN = 6
MOST_IN_GROUP = 5  # rows between the gaps that help the eye find row 7 of 16
NUMBER_GAP, BOX_GAP, DATE_GAP = 3, 5, 6  # after the number, the tick box, the code
WRAPPED, MIN_WRAPPED = 0.8, 16.0  # a code that wraps: its size against the style's, its floor


def group(code: str) -> str:
    """A code as printed: runs longer than MAX_RUN split into groups of about four."""
    return "".join(
        _split(part) if len(part) > MAX_RUN else part for part in re.split(r"([ \-])", code)
    )


def _split(run: str) -> str:
    n = len(run)
    count = ceil(n / 4) if n % 4 == 0 or n > 12 else ceil(n / 5)
    base, extra = divmod(n, count)
    sizes = [base + (1 if i < extra else 0) for i in range(count)]
    starts = [sum(sizes[:i]) for i in range(count)]
    return " ".join(run[s : s + size] for s, size in zip(starts, sizes))


def regrouped(codes) -> bool:
    """Whether printing adds spaces the provider did not print."""
    return any(group(code) != code for code in codes)


def printed_rows(numbered, used: set[str]) -> list[tuple[int, str, bool]]:
    """(number, code as printed, used) for each code: what code_rows lays out, worked out
    once for the several styles a sheet may be tried at."""
    return [(n, group(code), code in used) for n, code in numbered]


class Shape(NamedTuple):
    """How the code rows stand: columns, the tick box and date beside the code or under it,
    the code size, and each code's printed lines."""

    columns: int
    below: bool
    size: float
    lines: tuple[tuple[str, ...], ...]


def number_size(frame: Frame, size: float) -> float:
    """The row numbers: at least half the codes' size, as a provider may ask for code 7."""
    return max(frame.s.body, size / 2)


def code_rows(frame: Frame, printed: list[tuple[int, str, bool]]) -> None:
    """Numbered codes (from printed_rows) in one or two columns, each with a tick box and
    a date line; a lone code large, without a number."""
    s, measure = frame.s, frame.measure
    shape = choose(frame, printed)
    size, numbered = shape.size, len(printed) > 1
    num_w = measure(f"{max(n for n, _, _ in printed)}.", "body", number_size(frame, size))
    num_w = num_w if numbered else 0.0
    col_w = (frame.inner - (shape.columns - 1) * s.gutter) / shape.columns
    widest = max(measure(line, "code", size) for lines in shape.lines for line in lines)
    heights = [_row_height(frame, shape, len(lines)) for lines in shape.lines]
    per_column = ceil(len(printed) / shape.columns)
    offsets = _offsets(heights, per_column, s.row_gap, s.group_gap)
    head = s.body * 1.3 if s.date_heads and not shape.below else 0.0  # "date used" over them
    frame.room(head + max(end for _, end in offsets))
    columns = [frame.left + c * (col_w + s.gutter) for c in range(shape.columns)]
    if head:
        date_at = (num_w + NUMBER_GAP if numbered else 0) + s.checkbox + BOX_GAP + widest
        for x in columns:
            frame.add(Text(x + date_at + DATE_GAP, frame.y - s.body, "date used", "body", s.body))
        frame.y -= head
    for index, ((number, _, used), lines) in enumerate(zip(printed, shape.lines)):
        x = columns[index // per_column]
        row = _Row(frame, x, frame.y - offsets[index][0], size, num_w, widest)
        row.draw(number if numbered else None, lines, used, shape.below)
    frame.y -= max(end for _, end in offsets)


def choose(frame: Frame, printed: list[tuple[int, str, bool]]) -> Shape:
    """The shape that prints the codes largest on one line each (two columns where they
    are as large there, beside or under their date), else wrapped at their groups."""
    codes = [p for _, p, _ in printed]
    top = frame.s.key if len(codes) == 1 else frame.s.code
    best = None
    for columns, below in _shapes(len(codes)):
        size = min(top, _largest_size(frame, codes, columns, below))
        if size >= MIN_CODE and (best is None or size > best.size + 0.5):
            best = Shape(columns, below, size, tuple((code,) for code in codes))
    return best or _wrapped(frame, codes, top)


def _shapes(count: int) -> list[tuple[int, bool]]:
    """(columns, below) in order of preference when sizes are alike: two columns, then one;
    the date beside the code (shorter rows), then under it. A lone code goes under."""
    if count == 1:
        return [(1, True)]
    return [(2, False), (2, True), (1, False), (1, True)]


def _fixed(frame: Frame, columns_of: int, below: bool, size: float, numbered: bool) -> float:
    """The row's width that is not code: number, tick box, date line (at this code size)."""
    s = frame.s
    number = 0.0
    if numbered:
        number = frame.measure(f"{columns_of}.", "body", number_size(frame, size))
    if below:
        return number + (BOX_GAP if numbered else 0)
    return number + NUMBER_GAP + s.checkbox + BOX_GAP + DATE_GAP + s.date_line


def _largest_size(frame: Frame, codes: list[str], columns: int, below: bool) -> float:
    """The largest code size, in quarter points, at which every code fits one line."""
    s = frame.s
    col_w = (frame.inner - (columns - 1) * s.gutter) / columns
    widest = max(frame.measure(code, "code", 1.0) for code in codes)
    numbered, size = len(codes) > 1, s.key
    for _ in range(3):  # the number grows with the code: settles in two rounds
        room = col_w - _fixed(frame, len(codes), below, size, numbered)
        size = min(size, room / widest)
    return int(size * 4) / 4


def _wrapped(frame: Frame, codes: list[str], top: float) -> Shape:
    """One column, each code wrapped at its groups into even lines, with the date beside
    the lines if they leave room, else under them. Codes too long for a line (npm's 64
    characters) are set a fifth smaller than the style's codes: at 20 pt two lines of 39
    characters, their rows and three QR symbols do not fit one page."""
    size = max(MIN_WRAPPED, top * WRAPPED)
    for below in (False, True):
        room = frame.inner - _fixed(frame, len(codes), below, size, len(codes) > 1)
        lines = tuple(tuple(balanced(code, "code", size, room, frame.measure)) for code in codes)
        if all(frame.measure(line, "code", size) <= room for ls in lines for line in ls):
            return Shape(1, below, size, lines)
    raise Overflow  # a group wider than the page at this size


def _row_height(frame: Frame, shape: Shape, lines: int) -> float:
    """A row's height without the gap after it."""
    s, size = frame.s, shape.size
    if shape.below:
        return lines * size * s.line + size * 0.1 + 4 + max(s.checkbox, s.body * 1.2)
    return max(lines * size * s.line, s.checkbox) + 3


def _offsets(
    heights: list[float], per_column: int, gap: float, group_gap: float
) -> list[tuple[float, float]]:
    """(top, bottom) of each row below the cursor; the rows of a column in even groups of
    at most MOST_IN_GROUP (8 rows: 4 and 4, never 5 and an orphan 3)."""
    groups = ceil(per_column / MOST_IN_GROUP)
    in_group = ceil(per_column / groups)
    offsets, top = [], 0.0
    for index, height in enumerate(heights):
        row = index % per_column
        if row == 0:
            top = 0.0
        elif row % in_group == 0:
            top += gap + group_gap
        else:
            top += gap
        offsets.append((top, top + height))
        top += height
    return offsets


class _Row:
    """One code's row: number, code lines, tick box and date line."""

    def __init__(
        self, frame: Frame, x: float, top: float, size: float, num_w: float, widest: float
    ):
        self.f, self.x, self.top, self.size, self.num_w = frame, x, top, size, num_w
        self.widest = widest

    def draw(self, number: int | None, lines: tuple[str, ...], used: bool, below: bool) -> None:
        f, s, size = self.f, self.f.s, self.size
        base = self.top - (size * 0.95 if below else max(size * 0.95, s.checkbox * 0.9))
        if number is not None:
            num_size = number_size(f, size)
            f.add(Text(self.x + self.num_w, base, f"{number}.", "body", num_size, align="right"))
        gap = NUMBER_GAP if number is not None else 0.0
        if below:
            code_x = self.x + self.num_w + (BOX_GAP if number is not None else 0)
            box_x, box_y = code_x, base - (len(lines) - 1) * size * s.line - size * 0.3 - 4
            box_y -= s.checkbox
        else:
            box_x, box_y = self.x + self.num_w + gap, base - 0.2 * s.checkbox
            code_x = box_x + s.checkbox + BOX_GAP
        f.add(Box(box_x, box_y, s.checkbox, s.checkbox, 1.0))
        for i, line in enumerate(lines):
            f.add(Text(code_x, base - i * size * s.line, line, "code", size))
        if used:
            self.crossed(code_x, base, lines, box_x, box_y)
        if below:
            self.date_under(box_x + s.checkbox + 5, box_y + 0.2 * s.checkbox, used)
        elif used:
            x = code_x + self.widest + DATE_GAP
            f.add(Text(x, base, "used before printing", "body", s.small))
        else:
            self.date_beside(code_x + self.widest + DATE_GAP, base)

    def crossed(self, code_x: float, base: float, lines, box_x: float, box_y: float) -> None:
        """A code used before printing: ticked and struck through."""
        f, size = self.f, self.size
        f.add(Tick(box_x, box_y, f.s.checkbox))
        for i, line in enumerate(lines):
            mid = base - i * size * f.s.line + size * 0.3
            f.add(Rule(code_x - 1, mid, code_x + f.measure(line, "code", size) + 1, mid, 1.2))

    def date_beside(self, x: float, base: float) -> None:
        """A line to write the date on, under the column's "date used"."""
        s = self.f.s
        self.f.add(Rule(x, base - 1, x + s.date_line, base - 1, 0.6))

    def date_under(self, x: float, base: float, used: bool) -> None:
        """Beside the tick box under the code: "date used" and a line, or that it was used."""
        f, s = self.f, self.f.s
        label = "used before printing" if used else "date used"
        f.add(Text(x, base, label, "body", s.body))
        if not used:
            start = x + f.measure(label + " ", "body", s.body)
            f.add(Rule(start, base - 1.5, start + s.date_line, base - 1.5, 0.6))


def single_key(frame: Frame, code: str) -> None:
    """One key in a heavy box: on one line if it fits at a large size, else at its groups,
    in even lines."""
    s, measure = frame.s, frame.measure
    printed, width = group(code), frame.inner - 24
    size = max(MIN_CODE, min(s.key, int(width / measure(printed, "code", 1.0) * 4) / 4))
    lines = [printed]
    if measure(printed, "code", size) > width:  # the fewest lines, at the largest size
        size = max(MIN_CODE, s.key)
        lines = balanced(printed, "code", size, width, measure)
    if any(measure(line, "code", size) > width for line in lines):
        raise Overflow
    height = len(lines) * size * 1.35 + 16
    frame.room(height + 8)
    frame.add(Box(frame.left, frame.y - height, frame.inner, height, 1.5))
    y = frame.y - 8 - size
    for line in lines:
        frame.add(Text(frame.left + 12, y, line, "code", size))
        y -= size * 1.35
    frame.y -= height + 8


def phrase_grid(frame: Frame, phrase: str) -> None:
    """A recovery phrase as numbered words, read down each column (1-12 or 1-24)."""
    s, words = frame.s, phrase.split()
    columns = 4 if len(words) > 12 else 3
    per_column = ceil(len(words) / columns)
    col_w = (frame.inner - 24) / columns
    widest = max(frame.measure(w, "code", 1.0) for w in words)
    size = s.key
    for _ in range(3):  # the numbers grow with the words: settles in two rounds
        num_w = frame.measure(f"{len(words)}.", "body", number_size(frame, size))
        size = min(size, (col_w - 12 - num_w - 6) / widest)
    if size < MIN_CODE:
        raise Overflow
    num_size = number_size(frame, size)
    num_w = frame.measure(f"{len(words)}.", "body", num_size)
    row_h = size * 1.7
    height = per_column * row_h + 16
    frame.room(height + 8)
    frame.add(Box(frame.left, frame.y - height, frame.inner, height, 1.5))
    for index, word in enumerate(words):
        column, row = divmod(index, per_column)
        x = frame.left + 12 + column * col_w
        base = frame.y - 8 - row * row_h - size * 1.1
        frame.add(
            Text(x + num_w, base, f"{index + 1}.", "body", num_size, align="right"),
            Text(x + num_w + 6, base, word, "code", size),
        )
    frame.y -= height + 8


def write_in(
    frame: Frame, label: str, size: float, length: float = 75 * MM, x: float | None = None
) -> None:
    """A label and a ruled line to write on by hand."""
    x = frame.left if x is None else x
    frame.y -= size * 2.0
    frame.add(Text(x, frame.y, label, "body", size))
    start = x + frame.measure(label + " ", "body", size)
    frame.add(Rule(start, frame.y - 2, start + length, frame.y - 2, 0.6))
