"""What a sheet prints besides its codes, so that everything in the file is on the paper.

Issue 22: a note the file has after a code is printed with that code's number; a second
secret beside the codes (Login.gov's personal key) gets a block of its own; every other
line of the file is printed as written, with its line number, in a box. Text from the file
is set in the code face, control characters and direction overrides shown as escapes,
wrapped only between words (a word is never cut). Layout calls `after_codes` once, right
after the code rows; everything here is geometry on the frame, like grid.py.
"""

from __future__ import annotations

from sheets import term
from sheets.model import CodeSet
from sheets.read.providers import Provider
from sheets.render import grid
from sheets.render.frame import LEADING, Overflow
from sheets.render.items import Box, Text, wrap

PAD = 6  # inside the box, as frame.boxed has it
GAP = 8  # between a row's label and its text


def after_codes(frame, codes: CodeSet, provider: Provider) -> None:
    """The notes beside codes, the second secret and the file's other lines, in that order
    (nothing when the file held only codes and its provider's own text)."""
    if codes.code_notes:
        numbers = [number for number, _ in codes.numbered()]
        rows = [(f"code {numbers[index]}", note) for index, note in codes.code_notes]
        rows_block(frame, "Notes from the file, beside these codes", rows, boxed=False)
    if codes.second is not None:
        second_block(frame, codes, provider)
    if codes.other_lines:
        rows = [(f"line {row}", text) for row, text in codes.other_lines]
        rows_block(frame, "Also in the file, as written (with its line numbers)", rows)


def second_block(frame, codes: CodeSet, provider: Provider) -> None:
    """A key or phrase of another kind that the file holds beside the codes, in its own
    ruled box: what it is, the key (or the phrase's numbered words) at the codes' size or
    smaller, and how it is used."""
    s, second = frame.s, codes.second
    assert second is not None
    facts = provider.facts(second.kind)
    frame.room(s.body * 1.4 + s.MIN_CODE * 3)
    frame.paragraph(f"Also in this file: your {facts.label}", "body-bold", s.body, after=0.1)
    for code in second.codes:
        if second.kind == "recovery-phrase":
            _words(frame, code.split(" "))
        else:
            _words(frame, [grid.group(code)], numbered=False)
    if not provider.fallback:
        frame.paragraph(f"{provider.name}'s {facts.label}: {facts.use}", "body", s.MIN_BODY)


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
    height = PAD + rows * size * 1.4
    frame.room(height + 6)
    top = frame.y
    frame.add(Box(frame.left, top - height, frame.inner, height, 1.5))
    for index, word in enumerate(words):
        row, column = divmod(index, columns)
        x = frame.left + PAD + column * col_w
        base = top - PAD / 2 - row * size * 1.4 - size * 1.0
        if numbered:
            frame.add(Text(x + num_w - 4, base, f"{index + 1}.", "body", s.body, align="right"))
        frame.add(Text(x + num_w, base, word, "code", size))
    frame.y = top - height - 6


def rows_block(frame, heading: str, rows: list[tuple[str, str]], boxed: bool = True) -> None:
    """Labelled rows of text as written (`line 4  Saved on my laptop`), under a heading,
    in a ruled box or not; each text wrapped between words at the body size or smaller."""
    s, measure = frame.s, frame.measure
    label_w = max(measure(label, "body", s.body) for label, _ in rows) + GAP
    pad = PAD if boxed else 0
    width = frame.inner - 2 * pad - label_w
    set_rows = [(label, *_set(frame, shown(text), width)) for label, text in rows]
    lines_h = sum(len(lines) * size * LEADING for _, size, lines in set_rows)
    height = 2 * pad + s.body * 1.4 + lines_h
    frame.room(height + 6)
    top = frame.y
    if boxed:
        frame.add(Box(frame.left, top - height, frame.inner, height, 1.0))
    frame.y -= pad
    frame.line(heading, "body-bold", s.body, frame.left + pad, leading=1.4)
    for label, size, lines in set_rows:
        first = frame.y - size * LEADING
        frame.add(Text(frame.left + pad, first, label, "body", min(size, s.body)))
        for line in lines:
            frame.y -= size * LEADING
            _put(frame, line, frame.left + pad + label_w, size)
    frame.y = top - height - 8


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
