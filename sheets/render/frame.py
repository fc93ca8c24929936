"""The one page frame every page is drawn in: the safe box, a cursor, paragraphs, boxes, footer.

A sheet and every page of a binder (cover, contents, storage, access log, the changed-pages
cover) are built on a Frame, so their margins, bullets and footers are the same. A frame
either flows onto a new page when one is full (the binder's own pages) or raises Overflow
(a sheet, whose layout then retries at a tighter style).
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from sheets import __version__
from sheets.render.items import Box, Measure, PagePlan, Rule, Text, wrap
from sheets.render.style import MM, PAPER, SAFE_BOX, Style

FOOTER_HEIGHT = 36  # the rule, the 50 mm ruler and the footer line, on every page
NOT_RECOGNISED = "Provider not recognised"
BULLET_INDENT = 10


class Block(NamedTuple):
    """A heading (text None) or a paragraph of a section, and the height it takes."""

    height: float
    heading: str
    text: str | None
    last: bool  # the section's last: the gap between sections follows


class Overflow(Exception):
    """The page is full and this frame does not flow (a sheet)."""


def provider_name(provider) -> str:
    """The provider's display name, or the one label for a file no provider claimed."""
    return NOT_RECOGNISED if provider.fallback else provider.name


class Frame:
    """A cursor moving down the safe box of one or more pages; `y` is its baseline top."""

    def __init__(
        self, paper: str, measure: Measure, style: Style | None = None, flowing: bool = True
    ):
        self.paper, self.measure, self.s = paper, measure, style or Style()
        self.flowing = flowing
        self.width, self.height = PAPER[paper]
        box_w, box_h = SAFE_BOX
        self.left = (self.width - box_w) / 2 + self.s.margin
        self.right = self.left + box_w - 2 * self.s.margin
        self.top = self.height - (self.height - box_h) / 2 - self.s.margin
        self.bottom = (self.height - box_h) / 2 + self.s.margin
        self.pages: list[list] = []
        self.turn()

    @property
    def inner(self) -> float:
        """The width between the margins."""
        return self.right - self.left

    @property
    def floor(self) -> float:
        """The lowest y content may reach: the footer sits below it."""
        return self.bottom + FOOTER_HEIGHT

    def turn(self) -> None:
        """Start a new page at the top of the safe box."""
        self.pages.append([])
        self.y = self.top

    def fits(self, height: float) -> bool:
        """Whether `height` more points fit above the footer of this page."""
        return self.y - height >= self.floor

    def room(self, height: float) -> None:
        """Make sure `height` fits: turn the page, or raise Overflow on a sheet."""
        if self.fits(height):
            return
        if not self.flowing:
            raise Overflow
        self.turn()

    def add(self, *items) -> None:
        """Put items on the current page."""
        self.pages[-1].extend(items)

    def line(
        self,
        text: str,
        font: str,
        size: float,
        x: float | None = None,
        leading: float | None = None,
    ) -> None:
        """One line of text below the cursor (not wrapped: the caller measured it), at the
        style's leading unless told."""
        self.y -= size * (self.s.leading if leading is None else leading)
        self.add(Text(self.left if x is None else x, self.y, text, font, size))

    def paragraph(
        self,
        text: str,
        font: str,
        size: float,
        x: float | None = None,
        width: float | None = None,
        after: float = 0.3,
        even: bool = False,
    ) -> None:
        """Wrapped text; a leading `- ` makes it a bullet. Kept on one page. `even` wraps a
        heading or caption into lines of even length (no word left alone)."""
        x = self.left if x is None else x
        width = (self.right - x) if width is None else width
        bullet = text.startswith("- ")
        indent = BULLET_INDENT if bullet else 0
        body = text[2:] if bullet else text
        lines = (even_wrap if even else hard_wrap)(body, font, size, width - indent, self.measure)
        self.room(len(lines) * size * self.s.leading)
        if bullet:
            self.add(Text(x + 1, self.y - size * self.s.leading, "•", font, size))
        for line in lines:
            self.line(line, font, size, x + indent)
        self.y -= size * after

    def sections(
        self, sections, size: float, x: float | None = None, width: float | None = None
    ) -> None:
        """Template sections: a bold heading kept with its first lines, then paragraphs."""
        width_for = (self.right - (self.left if x is None else x)) if width is None else width
        for section in sections:
            heading = self.heading_lines(section.heading, width_for)
            self.room(self.s.heading * 1.4 * len(heading) + size * 2 * self.s.leading)
            for line in heading:
                self.line(line, "body-bold", self.s.heading, x, leading=1.4)
            self.y -= 2
            for text in section.paragraphs:
                self.paragraph(text, "body", size, x, width)
            self.y -= self.s.space * 0.75

    def columns(
        self,
        sections,
        size: float,
        lefts: tuple[float, float],
        width: float,
        cut: tuple[int, int] | None = None,
    ) -> None:
        """Sections in reading order down two columns of one width, broken between two
        paragraphs (a heading kept with the one after it) where the columns come out most
        even; Overflow (or a new page) when the taller does not fit. `cut` (split, end)
        sets the break and leaves out the blocks from end on."""
        blocks = self.blocks(sections, size, width)
        heights = [block.height for block in blocks]
        split, end = cut or (0, len(blocks))
        if cut is None:
            split = min(breaks(blocks), key=lambda k: max(sum(heights[:k]), sum(heights[k:])))
        self.room(max(sum(heights[:split]), sum(heights[split:end])))
        top, bottom = self.y, self.y
        for x, part in zip(lefts, (blocks[:split], blocks[split:end])):
            self.y = top
            self.draw_blocks(part, size, x, width)
            bottom = min(bottom, self.y)
        self.y = bottom

    def heading_lines(self, heading: str, width: float) -> list[str]:
        """A section heading in even lines within width."""
        return even_wrap(heading, "body-bold", self.s.heading, width, self.measure)

    def blocks(self, sections, size: float, width: float) -> list[Block]:
        """Each heading and each paragraph of sections with the height it takes at width."""
        found, end = [], self.s.space * 0.75  # end: the gap after a section
        for section in sections:
            count = len(section.paragraphs)
            lines = len(self.heading_lines(section.heading, width))
            head = lines * self.s.heading * 1.4 + 2 + (0 if count else end)
            found.append(Block(head, section.heading, None, not count))
            for n, text in enumerate(section.paragraphs, 1):
                bullet = text.startswith("- ")
                body, indent = (text[2:], BULLET_INDENT) if bullet else (text, 0)
                wrapped = hard_wrap(body, "body", size, width - indent, self.measure)
                height = (
                    len(wrapped) * size * self.s.leading + size * 0.3 + (end if n == count else 0)
                )
                found.append(Block(height, section.heading, text, n == count))
        return found

    def draw_blocks(self, blocks, size: float, x: float, width: float) -> None:
        """Blocks (from `blocks`) one under another from the cursor, at x."""
        for block in blocks:
            if block.text is None:
                for line in self.heading_lines(block.heading, width):
                    self.line(line, "body-bold", self.s.heading, x, leading=1.4)
                self.y -= 2
            else:
                self.paragraph(block.text, "body", size, x, width)
            self.y -= self.s.space * 0.75 if block.last else 0

    def boxed(
        self, heading: str | None, paragraphs, size: float, weight: float = 2.5, font: str = "body"
    ) -> None:
        """A ruled box around an optional large bold heading and its paragraphs."""
        pad = 10 if heading else 6
        width = self.inner - 2 * pad
        lines = [hard_wrap(t, font, size, width, self.measure) for t in paragraphs]
        height = (
            2 * pad
            + (16 * self.s.leading + 4 if heading else 0)
            + sum(len(ls) * size * self.s.leading for ls in lines)
            + 3 * (len(lines) - 1)
        )
        self.room(height + 6)
        top = self.y
        self.add(Box(self.left, top - height, self.inner, height, weight))
        self.y -= pad - size * 0.25
        if heading:
            self.line(heading, "body-bold", 16, self.left + pad)
            self.y -= 4
        for paragraph in lines:
            for line in paragraph:
                self.line(line, font, size, self.left + pad)
            self.y -= 3
        self.y = top - height - 8

    def plans(self, title: str, footers) -> list[PagePlan]:
        """Each page so far with its footer; `footers(i)` gives (left, right) texts."""
        return [
            PagePlan(self.width, self.height, tuple(items) + self.footer(*footers(i)), title)
            for i, items in enumerate(self.pages)
        ]

    def footer(self, left: str, right: str | None = None) -> tuple:
        """A rule, a 50 mm ruler to check the printer's scale, and one line of small print."""
        s, y = self.s, self.bottom + FOOTER_HEIGHT - 6
        items: list[Rule | Text] = [Rule(self.left, y, self.right, y, 0.4)]
        ruler_y = y - 14
        items.append(Rule(self.left, ruler_y, self.left + 50 * MM, ruler_y, 0.8))
        for mm in range(0, 51, 10):
            x = self.left + mm * MM
            items.append(Rule(x, ruler_y, x, ruler_y + (5 if mm % 50 == 0 else 3), 0.6))
        note = (
            "50\u00a0mm. If this line is not 50\u00a0mm long, print again at 100\u00a0% "
            '("actual size").'
        )
        items.append(Text(self.left + 50 * MM + 6, ruler_y, note, "body", s.small))
        room = self.inner - (self.measure(right, "body", s.small) + 12 if right else 0)
        items.append(
            Text(
                self.left,
                self.bottom,
                clip(left, "body", s.small, room, self.measure),
                "body",
                s.small,
            )
        )
        if right:
            items.append(Text(self.right, self.bottom, right, "body", s.small, align="right"))
        return tuple(items)


def breaks(blocks: list[Block]) -> list[int]:
    """Where blocks may be split between columns: never just after a heading."""
    return [k for k in range(len(blocks) + 1) if k == 0 or blocks[k - 1].text is not None]


def program() -> str:
    """The program that printed the page, for the footer."""
    return f"mksheet {__version__}"


def clip(text: str, font: str, size: float, width: float, measure: Measure) -> str:
    """Text cut to width with an ellipsis (names and accounts only, never a code)."""
    if measure(text, font, size) <= width:
        return text
    while text and measure(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def fitted(
    text: str, font: str, size: float, width: float, measure: Measure, smallest: float
) -> tuple[float, list[str]]:
    """The largest size from `size` down to `smallest` at which text wraps within width
    in at most two lines (as even as they can be); below that, wrapped at `smallest` in as
    many lines as it needs."""
    while size > smallest:
        lines = wrap(text, font, size, width, measure)
        if len(lines) <= 2 and all(measure(ln, font, size) <= width for ln in lines):
            return size, balanced(text, font, size, width, measure)
        size = max(smallest, size - 1)
    return smallest, hard_wrap(text, font, smallest, width, measure)


def hard_wrap(text: str, font: str, size: float, width: float, measure: Measure) -> list[str]:
    """Word wrap that also breaks a word wider than the line: an e-mail or a name in prose
    (codes are never in prose; their own rows wrap them only at their groups)."""
    return list(_hard_wrap(text, font, size, width, measure))


@lru_cache(maxsize=4096)
def _hard_wrap(text: str, font: str, size: float, width: float, measure: Measure) -> tuple:
    """Remembered: a sheet is laid out at several styles, a binder's sheets share their
    prose, and wrapping measures every word again."""
    lines = []
    for line in wrap(text, font, size, width, measure):
        while measure(line, font, size) > width and len(line) > 1:
            cut = _longest_prefix(line, font, size, width, measure)
            lines.append(line[:cut])
            line = line[cut:]
        lines.append(line)
    return tuple(lines)


def _longest_prefix(line: str, font: str, size: float, width: float, measure: Measure) -> int:
    """How many characters of line fit width (at least one): halving, so a 3,000-character
    word costs a dozen measures a line, not thousands."""
    low, high = 1, len(line) - 1  # line[:high + 1] is known not to fit
    while low < high:
        middle = (low + high + 1) // 2
        if measure(line[:middle], font, size) <= width:
            low = middle
        else:
            high = middle - 1
    return low


def even_wrap(text: str, font: str, size: float, width: float, measure: Measure) -> list[str]:
    """Prose in even lines (a heading, a caption), or hard_wrap's if a word is too wide."""
    lines = balanced(text, font, size, width, measure)
    if all(measure(line, font, size) <= width for line in lines):
        return lines
    return hard_wrap(text, font, size, width, measure)


def balanced(text: str, font: str, size: float, width: float, measure: Measure) -> list[str]:
    """Text wrapped in as few lines as width allows, the lines as even as they can be: a
    title never leaves its last word alone, a key's groups split 4 and 4, not 6 and 2."""
    lines = wrap(text, font, size, width, measure)
    if len(lines) < 2:
        return lines
    low, high = 0.0, width  # the narrowest width that keeps the count: halved to a point
    while high - low > 1:
        middle = (low + high) / 2
        if len(wrap(text, font, size, middle, measure)) <= len(lines):
            high = middle
        else:
            low = middle
    return wrap(text, font, size, high, measure)
