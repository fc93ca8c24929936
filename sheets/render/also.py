"""What a sheet prints besides its codes, so that everything in the file is on the paper.

Issue 22: a note the file has after a code is printed with that code's number; a second
secret beside the codes (Login.gov's personal key) gets a block of its own; every other
line of the file is printed as written, with its line number, in a box. Text from the file
is set in the code face, control characters and direction overrides shown as escapes,
wrapped only between words (a word is never cut). Layout calls `after_codes` once, right
after the code rows; on a dense page it may first put the box of other lines beside the QR
symbols (`lines_box`, `draw_rows`). Everything here is geometry on the frame, like grid.py.
"""

from __future__ import annotations

from typing import NamedTuple

from sheets import term
from sheets.model import CodeSet
from sheets.read.providers import Provider
from sheets.render import grid
from sheets.render.frame import Overflow, even_wrap
from sheets.render.items import Box, Text, wrap

PAD = 6  # inside the box, as frame.boxed has it
GAP = 8  # between a row's label and its text


LINES_HEADING = "Also in the file, as written (with its line numbers)"


def after_codes(frame, codes: CodeSet, provider: Provider, lines: bool = True) -> None:
    """The notes beside codes, the second secret and the file's other lines, in that order
    (nothing when the file held only codes and its provider's own text); `lines` False when
    the other lines went beside the QR symbols (`lines_box`)."""
    if codes.code_notes:
        numbers = [number for number, _ in codes.numbered()]
        rows = [(f"code {numbers[index]}", note) for index, note in codes.code_notes]
        rows_block(frame, "Notes from the file, beside these codes", rows, boxed=False)
    if codes.second is not None:
        second_block(frame, codes, provider)
    if codes.other_lines and lines:
        rows_block(frame, LINES_HEADING, _line_rows(codes))


def lines_box(frame, codes: CodeSet, width: float) -> Rows | None:
    """The box of the file's other lines set in a column of width (None when the file has
    none, or a word of them is wider than the column)."""
    if not codes.other_lines:
        return None
    try:
        return _rows(frame, LINES_HEADING, _line_rows(codes), width, boxed=True)
    except Overflow:
        return None


def _line_rows(codes: CodeSet) -> list[tuple[str, str]]:
    return [(f"line {row}", text) for row, text in codes.other_lines]


def second_block(frame, codes: CodeSet, provider: Provider) -> None:
    """A key or phrase of another kind that the file holds beside the codes, in its own
    ruled box: what it is, the key (or the phrase's numbered words) at the codes' size or
    smaller, and how it is used. A key goes on its label's line when both fit it."""
    s, second = frame.s, codes.second
    assert second is not None
    facts = provider.facts(second.kind)
    label = f"Also in this file: your {facts.label}"
    if second.kind == "recovery-phrase" or not _key_beside(frame, label, second.codes):
        frame.room(s.body * 1.4 + s.MIN_CODE * 3)
        frame.paragraph(label, "body-bold", s.body, after=0.4)  # clear of the box's rule
        for code in second.codes:
            if second.kind == "recovery-phrase":
                _words(frame, code.split(" "))
            else:
                _words(frame, [grid.group(code)], numbered=False)
    if not provider.fallback:
        frame.paragraph(f"{provider.name}'s {facts.label}: {facts.use}", "body", s.MIN_BODY)


def _key_beside(frame, label: str, keys: tuple[str, ...]) -> bool:
    """A lone key in a ruled box with its label before it on one line, at the codes' size
    or smaller (never under the legible minimum); False, drawing nothing, when they do not
    fit one line."""
    s, measure = frame.s, frame.measure
    key = grid.group(keys[0])
    label_w = measure(label, "body-bold", s.body) + 2 * GAP
    room = frame.inner - 2 * PAD - label_w
    size = min(s.code, room / measure(key, "code", 1.0))
    if len(keys) > 1 or size < s.MIN_CODE:
        return False
    height = PAD + size * (s.line + 0.2)
    frame.room(height + 6)
    top = frame.y
    frame.add(Box(frame.left, top - height, frame.inner, height, 1.5))
    base = top - PAD / 2 - size
    frame.add(Text(frame.left + PAD, base, label, "body-bold", s.body))
    frame.add(Text(frame.left + PAD + label_w, base, key, "code", size))
    frame.y = top - height - 6
    return True


def _words(frame, words: list[str], numbered: bool = True) -> None:
    """Words in a ruled box: a phrase numbered in as few rows as fit (read across), or one
    key on its line; at the codes' size or smaller, never under the legible minimum."""
    s, measure = frame.s, frame.measure
    num_w = measure(f"{len(words)}.", "body", s.body) + 4 if numbered else 0
    widest = max(measure(word, "code", 1.0) for word in words)
    room = frame.inner - 2 * PAD
    columns = 1
    for count in (6, 4, 3, 2) if numbered else ():
        if (room / count - num_w - 8) / widest >= s.MIN_CODE and not len(words) % count:
            columns = count
            break
    col_w = room / columns
    size = min(s.code, (col_w - num_w - 8) / widest)
    if size < s.MIN_CODE:
        raise Overflow
    rows = -(-len(words) // columns)
    pitch = s.line + 0.2  # a code row's line and a little more, as the words are numbered
    height = PAD + rows * size * pitch
    frame.room(height + 6)
    top = frame.y
    frame.add(Box(frame.left, top - height, frame.inner, height, 1.5))
    for index, word in enumerate(words):
        row, column = divmod(index, columns)
        x = frame.left + PAD + column * col_w
        base = top - PAD / 2 - row * size * pitch - size * 1.0
        if numbered:
            frame.add(Text(x + num_w - 4, base, f"{index + 1}.", "body", s.body, align="right"))
        frame.add(Text(x + num_w, base, word, "code", size))
    frame.y = top - height - 6


class Rows(NamedTuple):
    """Labelled rows set for a column: their heading's lines, the rows of each of one or
    two columns as (label, size, lines), the padding inside the box (0: not boxed), and
    the height they take."""

    heading: list[str]
    columns: list[list[tuple[str, float, list[str]]]]
    pad: float
    height: float


def rows_block(frame, heading: str, rows: list[tuple[str, str]], boxed: bool = True) -> None:
    """Labelled rows of text as written (`line 4  Saved on my laptop`), under a heading,
    in a ruled box or not, across the page; each text wrapped between words at the body
    size or smaller. On a crowded page (a dense style) rows that each fit half the line go
    in two columns, read down."""
    block = _rows(frame, heading, rows, frame.inner, boxed)
    frame.room(block.height + 6)
    draw_rows(frame, block, frame.left, frame.inner)
    frame.y -= 8


def _rows(frame, heading: str, rows: list[tuple[str, str]], width: float, boxed: bool) -> Rows:
    """The rows set for a column of width (Overflow: a word wider than it)."""
    s = frame.s
    pad = PAD if boxed else 0
    room = width - 2 * pad
    columns = (boxed and _halves(frame, rows, room)) or [_set_rows(frame, rows, room)]
    heights = [sum(len(lines) * size * s.leading for _, size, lines in c) for c in columns]
    head = even_wrap(heading, "body-bold", s.body, room, frame.measure)
    return Rows(head, columns, pad, 2 * pad + len(head) * s.body * 1.4 + max(heights))


def draw_rows(frame, block: Rows, x: float, width: float) -> None:
    """Rows (from _rows, at this width) from the cursor down, at x."""
    s, pad = frame.s, block.pad
    top = frame.y
    if pad:
        frame.add(Box(x, top - block.height, width, block.height, 1.0))
    frame.y -= pad
    for line in block.heading:
        frame.line(line, "body-bold", s.body, x + pad, leading=1.4)
    rows_top, col_w = frame.y, (width - 2 * pad + s.gutter) / len(block.columns)
    for index, column in enumerate(block.columns):
        frame.y = rows_top
        left = x + pad + index * col_w
        label_w = max(frame.measure(label, "body", s.body) for label, _, _ in column) + GAP
        for label, size, lines in column:
            frame.add(Text(left, frame.y - size * s.leading, label, "body", min(size, s.body)))
            for line in lines:
                frame.y -= size * s.leading
                _put(frame, line, left + label_w, size)
    frame.y = top - block.height


def _set_rows(frame, rows: list[tuple[str, str]], width: float) -> list:
    """(label, size, lines) of each row, its text wrapped in width less its label's."""
    label_w = max(frame.measure(label, "body", frame.s.body) for label, _ in rows) + GAP
    return [(label, *_set(frame, shown(text), width - label_w)) for label, text in rows]


def _halves(frame, rows: list[tuple[str, str]], room: float) -> list[list] | None:
    """The rows in two columns of a room's width, the first the longer, if the style is
    dense and each row fits one line of its column at the body size; else None (notes
    beside codes, not boxed, stay in one column: a box holds the two together)."""
    s = frame.s
    if not s.dense or len(rows) < 2:
        return None
    width = (room - s.gutter) / 2
    split = -(-len(rows) // 2)
    try:
        columns = [_set_rows(frame, rows[:split], width), _set_rows(frame, rows[split:], width)]
    except Overflow:
        return None
    one_line = all(len(lines) == 1 and size == s.body for c in columns for _, size, lines in c)
    return columns if one_line else None


def _set(frame, text: str, width: float) -> tuple[float, list[str]]:
    """(size, lines) for text as written: the body size, or smaller down to the legible
    minimum, until its longest word fits the line; Overflow if none does."""
    s = frame.s
    measure = _measured(frame)
    size = s.body
    while size > s.MIN_BODY and max(measure(w, "", size) for w in text.split(" ")) > width:
        size = max(s.MIN_BODY, size - 0.5)
    lines = wrap(text, "", size, width, measure)
    if any(measure(line, "", size) > width for line in lines):
        raise Overflow  # a word wider than the line at the smallest size: never cut it
    return size, lines


def _measured(frame):
    """A measure of text set in runs of the faces that have its letters (runs())."""

    def measure(text: str, _font: str, size: float) -> float:
        return sum(frame.measure(part, font, size) for font, part in runs(text))

    return measure


def _put(frame, line: str, x: float, size: float) -> None:
    """One line at the frame's cursor, each run in the face that has its letters."""
    for font, part in runs(line):
        frame.add(Text(x, frame.y, part, font, size))
        x += frame.measure(part, font, size)


def shown(text: str) -> str:
    """Text as written, with what would not print as itself made visible: a tab as `\\t`,
    other controls and direction overrides as their escapes (sheets.term)."""
    return term.clean(text.replace("\t", "\\t"))


def runs(text: str) -> list[tuple[str, str]]:
    """(font, text) runs: the style's "written" face, which tells 0 from O and 1 from l;
    the system's fallback font for the letters it lacks (a note in Japanese); and an escape
    for a letter no font here has."""
    if text.isascii():
        return [("written", text)]
    from sheets.render import draw  # the fonts' coverage: draw.py reads the font files

    found: list[tuple[str, str]] = []
    for char in text:
        font = found[-1][0] if found and char.isspace() else _face(draw, char)
        if font is None:
            font, char = "written", f"\\u{ord(char):04x}"
        if found and found[-1][0] == font:
            found[-1] = (font, found[-1][1] + char)
        else:
            found.append((font, char))
    return found


def _face(draw, char: str) -> str | None:
    if char.isspace() or draw.covers(char, "written"):
        return "written"
    return "fallback" if draw.covers(char, "fallback") else None
