"""Pure geometry: a Sheet becomes a PagePlan of typed items at fixed positions.

Measure, then place: text widths come from an injected `measure(text, font, size)` so
this module never imports reportlab. The page is laid out on the shared Frame at the
largest style that fits (style.largest_fitting searches the tighter styles), and below the
legible minimum it raises LayoutError instead of shrinking further. Past TIGHT (a page that
holds more than a download: a second secret, notes, other lines) the symbols may stand the
other way round, up beside the title or low beside the instructions, and the file's other
lines may take the room left beside them.
"""

from __future__ import annotations

import re
from functools import partial
from typing import NamedTuple

from sheets.errors import LayoutError
from sheets.model import Sheet
from sheets.read.providers import Kind, by_key
from sheets.render import also, grid, words
from sheets.render.frame import Frame, Overflow, breaks, even_wrap, fitted, program, provider_name
from sheets.render.items import QR, Measure, PagePlan, Rule, Text
from sheets.render.style import CHAIN, MIN_BODY, MM, Style, largest_fitting

BESIDE_BAND = 55 * MM  # the narrowest column the storage advice may take beside the symbols
SPREAD_MOST = 20 * MM  # the most one gap between blocks grows to take up what is left
QUIET = 4  # modules of blank border around every symbol, counted in its matrix
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def fit(
    sheet: Sheet, paper: str, measure: Measure, symbols, start: Style | None = None
) -> tuple[PagePlan, Style]:
    """The page at the largest style from `start` down that fits, and that style; what is
    left of the page then goes to the gaps between its blocks, so no band of it is blank.

    A style that did not fit the sheet cannot fit it with more on the page (every overflow
    test is the cursor reaching the floor), so the binder starts the sheet's second layout,
    with its running head, at the style its first one took. The head takes the place of
    the owner's line under the title; a binder sheet that fits only without it is laid
    out as its first layout was (no sample comes to that)."""
    found = search(sheet, paper, measure, symbols, start)
    if found is None:
        raise LayoutError(
            sheet.codes.source or None,
            "this sheet does not fit one page at a legible size",
            "split the codes into two files, or shorten the account or owner name",
        )
    return found


def search(
    sheet: Sheet,
    paper: str,
    measure: Measure,
    symbols,
    start: Style | None = None,
    end: Style | None = None,
    spread: bool = True,
    guess: Style | None = None,
) -> tuple[PagePlan, Style] | None:
    """fit's page and style, searching from `start` down to `end` only (None when no style
    there fits), trying `guess` first; without `spread`, the page as the search found it
    (only its style is wanted)."""
    prose = words.sheet_words(sheet)  # the same words at every style
    printed = grid.printed_rows(sheet.codes.numbered(), set(sheet.codes.used))

    def attempt(head: bool, style: Style, spread: float = 0.0, up=None) -> _Laid | None:
        try:
            frame = partial(Frame, paper, measure, style, flowing=False)
            return lay_out(sheet, frame, symbols, prose, printed, head, spread, up)
        except Overflow:
            return None

    for head in (True, False) if sheet.page_label and sheet.owner else (False,):
        if found := largest_fitting(start or CHAIN[0], partial(attempt, head), end, guess):
            laid, style = found
            if spread and laid.gaps and laid.left > 1:
                share = min(SPREAD_MOST, (laid.left - 1) / laid.gaps)
                laid = attempt(head, style, share, laid.up) or laid
            return laid.plan, style
    return None


def fits(sheet: Sheet, measure: Measure, symbols, style: Style = CHAIN[-1]) -> bool:
    """Whether the sheet fits its page with these symbols at `style`: at the tightest
    style by default (fitting is monotone, so no larger one fits where it does not). Paper
    does not matter: every page is laid out in the same safe box."""
    prose = words.sheet_words(sheet)
    printed = grid.printed_rows(sheet.codes.numbered(), set(sheet.codes.used))
    try:
        frame = partial(Frame, "a4", measure, style, flowing=False)
        lay_out(sheet, frame, symbols, prose, printed, False)
    except Overflow:
        return False
    return True


class _Laid(NamedTuple):
    """A page that fits, with the height left above its footer, how many gaps could share
    it, and whether its symbols stand at the top."""

    plan: PagePlan
    left: float
    gaps: int
    up: bool


def lay_out(
    sheet: Sheet,
    frame,
    symbols,
    prose: tuple[tuple, tuple],
    printed: list,
    head: bool,
    spread: float = 0.0,
    up: bool | None = None,
) -> _Laid:
    """The page on a new `frame()`, its symbols where `up` says or where they usually go: a
    lone one at the top right, several low beside the instructions. Past TIGHT a page that
    does not fit that way is tried the other way round; Overflow when neither fits."""
    if up is not None:
        return _Sheet(sheet, frame(), symbols, prose, printed, head, spread, up).plan()
    usual, first = len(symbols) == 1, frame()
    try:
        return _Sheet(sheet, first, symbols, prose, printed, head, spread, usual).plan()
    except Overflow:
        if not first.s.dense:
            raise
    return _Sheet(sheet, frame(), symbols, prose, printed, head, spread, not usual).plan()


class _Sheet:
    """One layout attempt on a frame that raises Overflow when the page is full; `spread`
    is added at each gap between blocks (a second pass, once the style is known); `up`
    puts the symbols at the top right beside the title (else low, beside the
    instructions)."""

    def __init__(
        self,
        sheet: Sheet,
        frame: Frame,
        symbols,
        prose: tuple[tuple, tuple],
        printed: list,
        head: bool,
        spread: float = 0.0,
        up: bool | None = None,
    ):
        self.sheet, self.f, self.s, self.symbols = sheet, frame, frame.s, tuple(symbols)
        self.head, self.spread, self.gaps = head, spread, 0
        self.up = len(self.symbols) == 1 if up is None else up
        self.lines_up = False  # the file's other lines went beside the symbols
        self.codes, self.prose, self.printed = sheet.codes, prose, printed
        self.provider = by_key(sheet.codes.provider)
        self.facts: Kind = self.provider.facts(sheet.codes.kind)
        self.service = getattr(sheet.codes, "service", None)

    def plan(self) -> _Laid:
        self.header()
        self.gap()
        self.notices()
        self.code_block()
        also.after_codes(self.f, self.codes, self.provider, not self.lines_up)  # issue 22
        self.gap()
        how_to, storage = self.prose
        if not self.up and self.beside_band() >= BESIDE_BAND:
            self.around_band(how_to + storage)
        else:
            self.two_columns(how_to + storage)
            if not self.up:
                self.gap()
                self.symbol_band()
        title = f"{self.name} {self.facts.label}"
        page = self.f.plans(title, lambda _: (self.footer_text(), self.sheet.page_label))[0]
        return _Laid(page, self.f.y - self.f.floor, self.gaps, self.up)

    def gap(self) -> None:
        """A gap between blocks: where what is left of the page goes."""
        self.gaps += 1
        self.f.y -= self.spread

    @property
    def name(self) -> str:
        """The service's name as printed: the provider's, the file's, or "not recognised"."""
        return words.sheet_name(self.provider, self.service)

    @property
    def noun(self) -> str:
        """What the QR code holds, in the caption's words: codes, a code, a key or words."""
        if self.codes.kind == "recovery-phrase":
            return "words"
        if not self.facts.one_time:
            return "key"
        return "code" if len(self.codes.codes) == 1 else "codes"

    # -- top of the page ----------------------------------------------------------------
    def running_head(self, width: float) -> None:
        """Inside a binder, whose sheet this is, on every sheet page: over the title, in
        the header's left column (which is shorter than the symbol or "To get in you
        need" beside it)."""
        f, owner = self.f, self.sheet.owner
        if not (self.head and owner):
            return
        size, lines = fitted(owner, "body-bold", 11, width, f.measure, MIN_BODY)
        for line in lines:
            f.line(line, "body-bold", size, leading=1.15)
        f.y -= 4
        f.add(Rule(f.left, f.y, f.left + width, f.y, 0.4))
        f.y -= 6

    def header(self) -> None:
        """Title and "To get in you need": beside the symbols at the top right, or side by
        side when the symbols go lower down. On a dense page the file's other lines take
        the room left under them beside the symbols, where they fit it."""
        f, s = self.f, self.s
        top = f.y
        if not self.up:
            width = (f.inner - s.gutter) / 2
            self.running_head(width)
            self.title(width)
            left_bottom, f.y = f.y, top + s.space  # "To get in" starts level with the title
            self.get_in(width, f.left + width + s.gutter)
            f.y = min(f.y, left_bottom) - s.space
            return
        size = self.band_size()
        quiet = QUIET * size / max(map(len, self.symbols))  # the blank border may take the margin
        width = f.inner - (len(self.symbols) * size - quiet + s.gutter)
        if width < BESIDE_BAND:
            raise Overflow  # no room for the title beside the symbols
        qr_bottom = self.top_symbols(top + quiet, size, quiet)
        self.running_head(width)
        self.title(width)
        self.get_in(width)
        self.lines_up = s.dense and self.lines_beside(width, qr_bottom)
        f.y = min(f.y, qr_bottom) - s.space

    def lines_beside(self, width: float, bottom: float) -> bool:
        """The box of the file's other lines under "To get in you need", if it fits above
        the symbols' foot; whether it went there."""
        f = self.f
        block = also.lines_box(f, self.codes, width)
        if block is None or f.y - self.s.space - block.height < bottom:
            return False
        f.y -= self.s.space
        also.draw_rows(f, block, f.left, width)
        return True

    def lone_size(self) -> float:
        """A lone symbol's printed size: the style's, or larger when its modules need it."""
        return max(self.s.qr_size, len(self.symbols[0]) * self.s.module)

    def top_symbols(self, top: float, size: float, quiet: float) -> float:
        """The symbols at the top right in a row, the last one's quiet zone in the margin,
        with their labels ("1 of 2") and the caption in small type under them; returns the
        caption's foot."""
        f, s, n = self.f, self.s, len(self.symbols)
        x0 = f.right - n * size + quiet
        for index, modules in enumerate(self.symbols):
            x = x0 + index * size
            f.add(QR(x, top - size, size, modules))
            if n > 1:
                label = f"{index + 1} of {n}"
                middle = x + size / 2 - f.measure(label, "body-bold", s.body) / 2
                f.add(Text(middle, top - size - s.body, label, "body-bold", s.body))
        y = top - size - s.small - (s.body * 1.3 if n > 1 else 0)
        caption = [f"Scan: the same {self.noun} as text.", f"As secret as the {self.noun}."]
        if n > 1:
            caption = even_wrap(self.caption(), "body", s.small, n * size, f.measure)
        for line in caption:
            middle = x0 + n * size / 2 - f.measure(line, "body", s.small) / 2
            f.add(Text(middle, y, line, "body", s.small))
            y -= s.small * 1.25
        return y

    def title(self, width: float) -> None:
        f, s = self.f, self.s
        text = f"{self.name}: {self.facts.label}"
        if self.provider.fallback and not self.service:  # the notice says "not recognised"
            text = self.facts.label[0].upper() + self.facts.label[1:]
        size, lines = fitted(text, "body-bold", s.title, width, f.measure, 14)
        for line in lines:
            f.line(line, "body-bold", size, leading=1.15)
        if self.sheet.owner and not self.head:  # in a binder the running head names them
            f.y -= 2
            self.fitted_lines(f"Owner: {self.sheet.owner}", "body", s.subtitle, width)
        self.fitted_lines(self.printed_line(), "body", s.body, width)

    def printed_line(self) -> str:
        sheet = self.sheet
        parts = [f"Printed {sheet.printed}"]
        if sheet.serial:
            parts.append(f"sheet {sheet.serial}")
        if sheet.copy > 1:
            parts.append(f"copy {sheet.copy}")
        if self.codes.issued:
            parts.append(f"codes issued {as_date(self.codes.issued)}")
        return " · ".join(parts)

    def get_in(self, width: float, x: float | None = None) -> None:
        """To get in you need: the sign-in address, the account, and the password."""
        f, s = self.f, self.s
        f.y -= s.space
        f.line("To get in you need", "body-bold", s.heading, x, leading=1.3)
        address = None if self.provider.fallback else words.sign_in(self.facts.use)
        write_in = min(s.write_in, width - f.measure("Website: ", "body", s.subtitle))
        if address:
            self.fitted_lines(address, "body-bold", s.address, width, x)
        elif self.service:
            self.fitted_lines(f"the website of {self.service}", "body-bold", s.address, width, x)
        else:
            grid.write_in(f, "Website:", s.subtitle, write_in, x)
        if self.codes.account:
            self.fitted_lines(f"Account: {self.codes.account}", "body", s.subtitle, width, x)
        else:
            grid.write_in(f, "Account:", s.subtitle, write_in, x)
        f.line("Your password (it is not on this sheet)", "body", s.subtitle, x, leading=1.6)

    def fitted_lines(
        self, text: str, font: str, size: float, width: float, x: float | None = None
    ) -> None:
        """Text at its size on up to two lines, or smaller, never wider than `width`."""
        f = self.f
        size, lines = fitted(text, font, size, width, f.measure, MIN_BODY)
        f.room(len(lines) * size * 1.25)
        for line in lines:
            f.line(line, font, size, x, leading=1.25)

    def notices(self) -> None:
        """What the reader must act on: a replaced sheet, a short count, a guessed format."""
        f, notes = self.f, []
        if self.sheet.replaces:
            notes.append(f"Replaces sheet {self.sheet.replaces}: destroy it.")
        expected, found = self.facts.count, len(self.codes.codes)
        if expected and found != expected and self.facts.one_time:
            notes.append(
                f"{self.name} issues {expected} {self.facts.label}; this sheet holds {found}."
            )
        if self.provider.fallback:
            notes.append(
                f"{provider_name(self.provider)}: this sheet holds what the file "
                "held. Check every code against the website's list before you rely "
                "on it."
            )
        for note in notes:
            f.boxed(None, [note], self.s.body, 1.5, "body-bold")

    # -- the codes ----------------------------------------------------------------------
    def code_block(self) -> None:
        f, s, facts = self.f, self.s, self.facts
        count = len(self.codes.codes)
        if self.codes.kind == "recovery-phrase":
            heading = f"Your {facts.label}: {len(self.codes.codes[0].split())} words, in order"
        elif not facts.one_time:
            heading = f"Your {facts.label}"
        elif count == 1:
            heading = f"Your {facts.label}: when you use it, tick the box and write the date"
        else:
            heading = (
                f"Your {count} {facts.label}: when you use one, tick its box and write the date"
            )
        f.paragraph(heading, "body-bold", s.heading, after=0.25 if s.dense else 0.5, even=True)
        if self.codes.kind == "recovery-phrase":
            grid.phrase_grid(f, self.codes.codes[0])
        elif facts.one_time:
            grid.code_rows(f, self.printed)
        else:
            for code in self.codes.codes:
                grid.single_key(f, code)
        f.y -= 6

    # -- prose ------------------------------------------------------------------------
    def two_columns(self, sections: tuple) -> None:
        """Sections in reading order over two columns of about equal height."""
        f, s = self.f, self.s
        col_w = (f.inner - s.gutter) / 2
        f.columns(sections, s.body, (f.left, f.left + col_w + s.gutter), col_w)

    # -- several symbols -----------------------------------------------------------------
    def band_size(self) -> float:
        """Every symbol of the band at one size: that of the one with the most modules (a
        lone symbol at its own size)."""
        if len(self.symbols) == 1:
            return self.lone_size()
        return max(map(len, self.symbols)) * self.s.module

    def per_row(self) -> int:
        """How many symbols stand side by side across the page, their quiet zones touching
        (Overflow: not even one)."""
        fit = int(self.f.inner // self.band_size())
        if fit < 1:
            raise Overflow
        return min(fit, len(self.symbols))

    def beside_band(self) -> float:
        """The width left of the symbols when they stand in one row at the right of the
        page (0 when they need more than one row)."""
        f, s, n = self.f, self.s, len(self.symbols)
        if self.per_row() < n:
            return 0.0
        return max(0.0, f.inner - n * self.band_size() - s.gutter / 2)

    def caption(self) -> str:
        n = len(self.symbols)
        scan = "Scan" if n == 1 else "Scan both codes" if n == 2 else f"Scan all {n} codes"
        return f"{scan}: the same {self.noun} as text, and as secret."

    def around_band(self, sections: tuple) -> None:
        """The prose down two columns, then on down one column left of the symbols: broken
        between paragraphs where the page comes out shortest."""
        f, s = self.f, self.s
        col_w, side_w = (f.inner - s.gutter) / 2, self.beside_band() - s.gutter / 2
        two, side = f.blocks(sections, s.body, col_w), f.blocks(sections, s.body, side_w)
        above, beside = [b.height for b in two], [b.height for b in side]
        band = self.band_height()

        def height(cut: tuple[int, int]) -> float:
            i, j = cut
            top = max(sum(above[:i]), sum(above[i:j]))
            return top + max(band, sum(beside[j:]))

        cuts = breaks(two)
        i, j = min(((i, j) for i in cuts for j in cuts if j >= i), key=lambda c: (height(c), -c[1]))
        f.room(height((i, j)))
        if j:
            f.columns(sections, s.body, (f.left, f.left + col_w + s.gutter), col_w, (i, j))
            self.gap()
        self.symbol_band(side[j:], side_w)

    def band_height(self) -> float:
        """The caption, the symbols in one row and their labels."""
        f, s = self.f, self.s
        band = self.per_row() * self.band_size()
        caption = even_wrap(self.caption(), "body-bold", s.body, band, f.measure)
        return len(caption) * s.body * s.leading + s.body * 0.3 + self.band_size() + self.label()

    def label(self) -> float:
        """The height of the labels under the symbols: "1 of 2"; none under a lone one."""
        return self.s.body * 1.6 if len(self.symbols) > 1 else 0.0

    def symbol_band(self, beside: list | None = None, beside_w: float = 0.0) -> None:
        """Several QR symbols of one size in rows, labelled "1 of 2" (all are needed);
        blocks of prose given go to their left, else the symbols are centred."""
        f, s, n = self.f, self.s, len(self.symbols)
        size, per_row = self.band_size(), self.per_row()
        band = per_row * size
        x0 = f.right - band if beside is not None else f.left + (f.inner - band) / 2
        top = f.y
        f.paragraph(self.caption(), "body-bold", s.body, x=x0, width=band, even=True)
        for index, modules in enumerate(self.symbols):
            if index % per_row == 0:
                f.room(size + self.label())
            x = x0 + index % per_row * size
            f.add(QR(x, f.y - size, size, modules))
            if n > 1:
                label = f"{index + 1} of {n}"
                middle = x + size / 2 - f.measure(label, "body-bold", s.body) / 2
                f.add(Text(middle, f.y - size - s.body, label, "body-bold", s.body))
            if index % per_row == per_row - 1 or index == n - 1:
                f.y -= size + self.label()
        if beside:
            band_bottom, f.y = f.y, top  # level with the band's caption
            f.draw_blocks(beside, s.body, f.left, beside_w)
            f.y = min(f.y, band_bottom)

    def footer_text(self) -> str:
        text = f"{program()} · printed {self.sheet.printed}"
        return text + (f" · sheet {self.sheet.serial}" if self.sheet.serial else "")


def as_date(text: str) -> str:
    """A date and time as the date alone (PyPI's 2026-03-14T09:26:53.589793); other text as
    written."""
    found = DATE.match(text)
    return found.group() if found else text
