"""The codes on a sheet: grouped for reading, in rows to tick and date, a key in a box, a
phrase as a numbered grid of words.

Printing adds spaces only where a code has a run of more than MAX_RUN characters: the
provider's own grouping (GitHub's dash, Google's space) is kept as issued.
"""

from __future__ import annotations

import re
from math import ceil

from sheets.render.frame import Frame, Overflow
from sheets.render.items import Box, Rule, Text, Tick, wrap
from sheets.render.style import MM

MAX_RUN = 6
MIN_ROW_CODE = 20.0  # two columns of codes only while they stay this large


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


def code_rows(frame: Frame, printed: list[tuple[int, str, bool]]) -> None:
    """Numbered codes (from printed_rows) in one or two columns, each with a tick box and
    a date line."""
    s, measure = frame.s, frame.measure
    num_w = measure(f"{max(n for n, _, _ in printed)}.", "body", s.body)
    fixed = num_w + 3 + s.checkbox + 5 + 6 + s.date_line
    columns, size, lines = _columns(frame, [p for _, p, _ in printed], fixed)
    col_w = (frame.inner - (columns - 1) * s.gutter) / columns
    code_w = col_w - fixed
    rows = [(n, wrap(p, "code", size, code_w, measure), u) for n, p, u in printed]
    widest = max(measure(line, "code", size) for _, lines, _ in rows for line in lines)
    date_at = num_w + 3 + s.checkbox + 5 + widest + 8  # the date lines in one column
    heights = [max(len(r[1]) * size * 1.2, s.checkbox) + s.row_gap + 3 for r in rows]
    per_column = ceil(len(rows) / columns)
    offsets = _offsets(heights, per_column, s)
    frame.room(max(offsets[i][1] for i in range(len(rows))))
    for index, row in enumerate(rows):
        column = index // per_column
        x = frame.left + column * (col_w + frame.s.gutter)
        _code_row(frame, x, frame.y - offsets[index][0], row, size, num_w, date_at)
    frame.y -= max(end for _, end in offsets)


def _columns(frame: Frame, printed: list[str], fixed: float) -> tuple[int, float, int]:
    """(columns, size, lines): two columns while codes stay large, else one, wrapped if
    need be; the size is the style's code size or less, never below its minimum."""
    s, measure = frame.s, frame.measure
    widest = max(measure(p, "code", 1.0) for p in printed)
    half = (frame.inner - s.gutter) / 2 - fixed
    two = min(s.code, half / widest)
    if len(printed) > 1 and two >= min(MIN_ROW_CODE, s.code):
        return 2, int(two * 4) / 4, 1
    one = min(s.code, (frame.inner - fixed) / widest)
    grouped = all(" " in p for p in printed)
    if one >= (min(MIN_ROW_CODE, s.code) if grouped else s.MIN_CODE):
        return 1, int(one * 4) / 4, 1
    return 1, s.code, 2  # wrapped at its groups


def _offsets(heights: list[float], per_column: int, s) -> list[tuple[float, float]]:
    """(top, bottom) of each row below the cursor, with a gap after every `group` rows."""
    offsets, top = [], 0.0
    for index, height in enumerate(heights):
        row = index % per_column
        if row == 0:
            top = 0.0
        elif row % s.group == 0:
            top += s.group_gap
        offsets.append((top, top + height))
        top += height
    return offsets


def _code_row(
    frame: Frame, x: float, top: float, row, size: float, num_w: float, date_at: float
) -> None:
    s = frame.s
    number, lines, used = row
    base = top - max(size * 0.95, s.checkbox * 0.9)
    box_x, box_y = x + num_w + 3, base - 0.2 * s.checkbox
    frame.add(
        Text(x + num_w, base, f"{number}.", "body", s.body, align="right"),
        Box(box_x, box_y, s.checkbox, s.checkbox, 1.0),
    )
    code_x = box_x + s.checkbox + 5
    for i, line in enumerate(lines):
        frame.add(Text(code_x, base - i * size * 1.2, line, "code", size))
    date_x = x + date_at
    if used:
        frame.add(Tick(box_x, box_y, s.checkbox))
        for i, line in enumerate(lines):
            mid = base - i * size * 1.2 + size * 0.3
            frame.add(
                Rule(code_x - 1, mid, code_x + frame.measure(line, "code", size) + 1, mid, 1.2)
            )
        frame.add(Text(date_x, base, "used before printing", "body", s.small))
        return
    frame.add(
        Rule(date_x, base - 1, date_x + s.date_line, base - 1, 0.6),
        Text(date_x, base - 1 - s.small * 1.1, "date used", "body", s.small * 0.9),
    )


def single_key(frame: Frame, code: str) -> None:
    """One key in a heavy box: on one line if it fits at a large size, else at its groups."""
    s, measure = frame.s, frame.measure
    printed, width = group(code), frame.inner - 24
    size, floor = s.key, min(18, int(s.key))
    while measure(printed, "code", size) > width and size > floor:
        size -= 1
    lines = [printed]
    if measure(printed, "code", size) > width:  # the fewest lines, at the largest size
        size = min(
            range(floor, int(s.key) + 1),
            key=lambda z: (len(_balanced(printed, z, width, measure)), -z),
        )
        lines = _balanced(printed, size, width, measure)
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


def _balanced(printed: str, size: float, width: float, measure) -> list[str]:
    """Groups wrapped into the fewest lines, as even as possible (16 groups: 8 and 8)."""
    groups = printed.split(" ")
    count = len(wrap(printed, "code", size, width, measure))
    per_line = ceil(len(groups) / count)
    return [" ".join(groups[i : i + per_line]) for i in range(0, len(groups), per_line)]


def phrase_grid(frame: Frame, phrase: str) -> None:
    """A recovery phrase as numbered words, read down each column (1-12 or 1-24)."""
    s, words = frame.s, phrase.split()
    columns = 4 if len(words) > 12 else 3
    per_column = ceil(len(words) / columns)
    col_w = (frame.inner - 24) / columns
    num_w = frame.measure(f"{len(words)}.", "body", s.body)
    widest = max(frame.measure(w, "code", 1.0) for w in words)
    size = max(s.MIN_CODE, min(s.key, (col_w - num_w - 12) / widest))
    row_h = size * 1.7
    height = per_column * row_h + 16
    frame.room(height + 8)
    frame.add(Box(frame.left, frame.y - height, frame.inner, height, 1.5))
    for index, word in enumerate(words):
        column, row = divmod(index, per_column)
        x = frame.left + 12 + column * col_w
        base = frame.y - 8 - row * row_h - size * 1.1
        frame.add(
            Text(x + num_w, base, f"{index + 1}.", "body", s.body, align="right"),
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
