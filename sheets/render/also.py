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
    block: what it is, the key as a key sheet prints it, and how it is used."""
    s, second = frame.s, codes.second
    assert second is not None
    facts = provider.facts(second.kind)
    name = codes.service if provider.fallback and codes.service else provider.name
    heading = f"Also in this file: your {facts.label}"
    frame.room(s.heading * 1.4 + s.key * 2)
    frame.paragraph(heading, "body-bold", s.heading, after=0.5)
    for code in second.codes:
        if second.kind == "recovery-phrase":
            grid.phrase_grid(frame, code)
        else:
            grid.single_key(frame, code)
    if not provider.fallback:
        frame.paragraph(f"{name}'s {facts.label}: {facts.use}", "body", s.body)
    frame.y -= 4


def rows_block(frame, heading: str, rows: list[tuple[str, str]], boxed: bool = True) -> None:
    """Labelled rows of text as written (`line 4  Saved on my laptop`), under a heading,
    in a ruled box or not; each text wrapped between words at the body size or smaller."""
    s, measure = frame.s, frame.measure
    label_w = max(measure(label, "body", s.body) for label, _ in rows) + GAP
    pad = PAD if boxed else 0
    width = frame.inner - 2 * pad - label_w
    set_rows = [(label, *_set(frame, shown(text), width)) for label, text in rows]
    height = (
        2 * pad + s.body * 1.4 + sum(len(lines) * size * LEADING for _, size, lines, _ in set_rows)
    )
    frame.room(height + 6)
    top = frame.y
    if boxed:
        frame.add(Box(frame.left, top - height, frame.inner, height, 1.0))
    frame.y -= pad
    frame.line(heading, "body-bold", s.body, frame.left + pad, leading=1.4)
    for label, size, lines, font in set_rows:
        frame.add(
            Text(frame.left + pad, frame.y - size * LEADING, label, "body", min(size, s.body))
        )
        for line in lines:
            frame.line(line, font, size, frame.left + pad + label_w)
    frame.y = top - height - 8


def _set(frame, text: str, width: float) -> tuple[float, list[str], str]:
    """(size, lines, font) for text as written: the body size, or smaller down to the
    legible minimum, until its longest word fits the line; Overflow if none does."""
    s, measure = frame.s, frame.measure
    font = face(text)
    size = s.body
    while size > s.MIN_BODY and max(measure(w, font, size) for w in text.split(" ")) > width:
        size = max(s.MIN_BODY, size - 0.5)
    lines = wrap(text, font, size, width, measure)
    if any(measure(line, font, size) > width for line in lines):
        raise Overflow  # a word wider than the line at the smallest size: never cut it
    return size, lines, font


def shown(text: str) -> str:
    """Text as written, with what would not print as itself made visible: a tab as `\\t`,
    other controls and direction overrides as their escapes (sheets.term)."""
    return term.clean(text.replace("\t", "\\t"))


def face(text: str) -> str:
    """The codes' face (as the style's "written" font: no code is set in it), which tells 0
    from O and 1 from l; the system's fallback font for letters it lacks (a note in
    Japanese)."""
    if text.isascii():
        return "written"
    from sheets.render import draw  # the fonts' coverage: draw.py reads the font files

    if draw.covers(text, "written"):
        return "written"
    return "fallback" if draw.covers(text, "fallback") else "written"
