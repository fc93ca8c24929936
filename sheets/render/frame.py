"""The one page frame every page is drawn in: the safe box, a cursor, paragraphs, boxes, footer.

A sheet and every page of a binder (cover, contents, storage, access log, the changed-pages
cover) are built on a Frame, so their margins, bullets and footers are the same. A frame
either flows onto a new page when one is full (the binder's own pages) or raises Overflow
(a sheet, whose layout then retries at a tighter style).
"""

from __future__ import annotations

from functools import lru_cache

from sheets import __version__
from sheets.render.items import Box, Measure, PagePlan, Rule, Text, wrap
from sheets.render.style import MM, PAPER, SAFE_BOX, Style

FOOTER_HEIGHT = 36  # the rule, the 50 mm ruler and the footer line, on every page
NOT_RECOGNISED = "Provider not recognised"
LEADING = 1.3  # body text: line height as a multiple of the type size
BULLET_INDENT = 10


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
        self, text: str, font: str, size: float, x: float | None = None, leading: float = LEADING
    ) -> None:
        """One line of text below the cursor (not wrapped: the caller measured it)."""
        self.y -= size * leading
        self.add(Text(self.left if x is None else x, self.y, text, font, size))

    def paragraph(
        self,
        text: str,
        font: str,
        size: float,
        x: float | None = None,
        width: float | None = None,
        after: float = 0.3,
    ) -> None:
        """Wrapped text; a leading `- ` makes it a bullet. Kept on one page."""
        x = self.left if x is None else x
        width = (self.right - x) if width is None else width
        bullet = text.startswith("- ")
        indent = BULLET_INDENT if bullet else 0
        lines = hard_wrap(text[2:] if bullet else text, font, size, width - indent, self.measure)
        self.room(len(lines) * size * LEADING)
        if bullet:
            self.add(Text(x + 1, self.y - size * LEADING, "•", font, size))
        for line in lines:
            self.line(line, font, size, x + indent)
        self.y -= size * after

    def sections(
        self, sections, size: float, x: float | None = None, width: float | None = None
    ) -> None:
        """Template sections: a bold heading kept with its first lines, then paragraphs."""
        for section in sections:
            self.room(self.s.heading * 1.4 + size * 2 * LEADING)
            self.line(section.heading, "body-bold", self.s.heading, x, leading=1.4)
            self.y -= 2
            for text in section.paragraphs:
                self.paragraph(text, "body", size, x, width)
            self.y -= 6

    def boxed(
        self, heading: str | None, paragraphs, size: float, weight: float = 2.5, font: str = "body"
    ) -> None:
        """A ruled box around an optional large bold heading and its paragraphs."""
        pad = 10 if heading else 6
        width = self.inner - 2 * pad
        lines = [hard_wrap(t, font, size, width, self.measure) for t in paragraphs]
        height = (
            2 * pad
            + (16 * LEADING + 4 if heading else 0)
            + sum(len(ls) * size * LEADING for ls in lines)
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
        note = '50 mm. If this line is not 50 mm long, print again at 100 % ("actual size").'
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


@lru_cache(maxsize=1024)
def sections_height(
    sections: tuple, width: float, paper: str, measure: Measure, style: Style
) -> float:
    """How tall sections set at width would be, measured on a scratch frame; remembered, as
    every layout attempt of every sheet with the same words asks again."""
    scratch = Frame(paper, measure, style)
    scratch.bottom = scratch.y - 1e9  # measure only: never full
    top = scratch.y
    scratch.sections(sections, style.body, scratch.left, width)
    return top - scratch.y


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
    in at most two lines; below that, wrapped at `smallest` in as many lines as it needs."""
    while size > smallest:
        lines = wrap(text, font, size, width, measure)
        if len(lines) <= 2 and all(measure(ln, font, size) <= width for ln in lines):
            return size, lines
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
            cut = len(line) - 1
            while cut > 1 and measure(line[:cut], font, size) > width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
        lines.append(line)
    return tuple(lines)
