"""Pure geometry: a Sheet becomes a PagePlan of typed items at fixed positions.

Measure, then place: text widths come from an injected `measure(text, font, size)` so
this module never imports reportlab. The page is laid out on the shared Frame at the
largest style that fits (style.largest_fitting searches the tighter styles), and below the
legible minimum it raises LayoutError instead of shrinking further.
"""

from __future__ import annotations

from functools import partial

from sheets.errors import LayoutError
from sheets.model import Sheet
from sheets.read.providers import Kind, by_key
from sheets.render import also, grid, words
from sheets.render.frame import Frame, Overflow, fitted, program, provider_name, sections_height
from sheets.render.items import QR, Measure, PagePlan, Rule, Text
from sheets.render.style import MM, Style, largest_fitting

MIN_MODULE = 0.5 * MM  # the finest QR module a 100 dpi scan of the page still resolves
BESIDE_BAND = 60 * MM  # the narrowest column the storage advice may take beside the symbols


def fit(
    sheet: Sheet, paper: str, measure: Measure, symbols, start: Style | None = None
) -> tuple[PagePlan, Style]:
    """The page at the largest style from `start` down that fits, and that style.

    A style that did not fit the sheet cannot fit it with more on the page (every overflow
    test is the cursor reaching the floor), so the binder starts the sheet's second layout,
    with its running head, at the style its first one took. The head repeats the owner
    printed under the title: a binder sheet that fits only without it (three QR symbols
    and a reprint notice, smallest style) is laid out as its first layout was."""
    prose = words.sheet_words(sheet)  # the same words at every style
    printed = grid.printed_rows(sheet.codes.numbered(), set(sheet.codes.used))

    def attempt(head: bool, style: Style) -> PagePlan | None:
        try:
            frame = Frame(paper, measure, style, flowing=False)
            return _Sheet(sheet, frame, symbols, prose, printed, head).plan()
        except Overflow:
            return None

    for head in (True, False) if sheet.page_label and sheet.owner else (False,):
        if found := largest_fitting(start or Style(), partial(attempt, head)):
            return found
    raise LayoutError(
        sheet.codes.source or None,
        "this sheet does not fit one page at a legible size",
        "split the codes into two files, or shorten the account or owner name",
    )


class _Sheet:
    """One layout attempt on a frame that raises Overflow when the page is full."""

    def __init__(
        self,
        sheet: Sheet,
        frame: Frame,
        symbols,
        prose: tuple[tuple, tuple],
        printed: list,
        head: bool,
    ):
        self.sheet, self.f, self.s, self.symbols = sheet, frame, frame.s, tuple(symbols)
        self.head = head
        self.codes, self.prose, self.printed = sheet.codes, prose, printed
        self.provider = by_key(sheet.codes.provider)
        self.facts: Kind = self.provider.facts(sheet.codes.kind)
        self.service = getattr(sheet.codes, "service", None)

    def plan(self) -> PagePlan:
        self.running_head()
        self.header()
        self.notices()
        self.code_block()
        also.after_codes(self.f, self.codes, self.provider)  # the rest of the file (issue 22)
        how_to, storage = self.prose
        if len(self.symbols) > 1 and self.beside_band() >= BESIDE_BAND:
            self.two_columns(how_to)  # the storage advice goes beside the symbols
            self.symbol_band(storage)
        else:
            self.two_columns(how_to + storage)
            if len(self.symbols) > 1:
                self.symbol_band()
        title = f"{self.name} {self.facts.label}"
        return self.f.plans(title, lambda _: (self.footer_text(), self.sheet.page_label))[0]

    @property
    def name(self) -> str:
        """The service's name as printed: the provider's, the file's, or "not recognised"."""
        return words.sheet_name(self.provider, self.service)

    # -- top of the page ----------------------------------------------------------------
    def running_head(self) -> None:
        """Inside a binder, whose sheet this is, on every sheet page."""
        f, owner = self.f, self.sheet.owner
        if not (self.head and owner):
            return
        size, lines = fitted(owner, "body-bold", 10, f.inner, f.measure, 7)
        for line in lines:
            f.line(line, "body-bold", size, leading=1.15)
        f.y -= 4
        f.add(Rule(f.left, f.y, f.right, f.y, 0.4))
        f.y -= 6

    def header(self) -> None:
        f, s = self.f, self.s
        top, qr_w = f.y, s.qr_size if len(self.symbols) == 1 else 0
        width = f.inner - (qr_w + s.gutter if qr_w else 0)
        qr_bottom = self.qr(top) if qr_w else top
        self.title(width)
        self.get_in(width)
        f.y = min(f.y, qr_bottom) - 10

    def qr(self, top: float) -> float:
        """The one symbol at the top right, with its two-line label; returns its bottom."""
        f, s = self.f, self.s
        x = f.right - s.qr_size
        f.add(QR(x, top - s.qr_size, s.qr_size, self.symbols[0]))
        y = top - s.qr_size - s.small
        for line in ("Scan: the same codes as text.", "As secret as the codes."):
            f.add(
                Text(
                    x + s.qr_size / 2 - f.measure(line, "body", s.small) / 2,
                    y,
                    line,
                    "body",
                    s.small,
                )
            )
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
        if self.sheet.owner:
            f.y -= 2
            self.fitted_lines(f"Owner: {self.sheet.owner}", "body", s.subtitle, width)
        f.line(self.printed_line(), "body", s.body, leading=1.5)

    def printed_line(self) -> str:
        sheet = self.sheet
        parts = [f"Printed {sheet.printed}"]
        if sheet.serial:
            parts.append(f"sheet {sheet.serial}")
        if sheet.copy > 1:
            parts.append(f"copy {sheet.copy}")
        if self.codes.issued:
            parts.append(f"codes issued {self.codes.issued}")
        return " · ".join(parts)

    def get_in(self, width: float) -> None:
        """To get in you need: the sign-in address, the account, and the password."""
        f, s = self.f, self.s
        f.y -= 8
        f.line("To get in you need", "body-bold", s.heading, leading=1.3)
        address = None if self.provider.fallback else words.sign_in(self.facts.use)
        if address:
            self.fitted_lines(address, "body-bold", s.address, width)
        elif self.service:
            self.fitted_lines(f"the website of {self.service}", "body-bold", s.address, width)
        else:
            grid.write_in(f, "Website:", s.subtitle, s.write_in)
        if self.codes.account:
            self.fitted_lines(f"Account: {self.codes.account}", "body", s.subtitle, width)
        else:
            grid.write_in(f, "Account:", s.subtitle, s.write_in)
        f.line("Your password (it is not on this sheet)", "body", s.subtitle, leading=1.6)

    def fitted_lines(self, text: str, font: str, size: float, width: float) -> None:
        """Text at its size on up to two lines, or smaller, never wider than `width`."""
        f = self.f
        size, lines = fitted(text, font, size, width, f.measure, self.s.MIN_BODY)
        f.room(len(lines) * size * 1.25)
        for line in lines:
            f.line(line, font, size, leading=1.25)

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
        f.paragraph(heading, "body-bold", s.heading, after=0.5)
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
        left, right = self.balanced(sections, col_w)
        top = f.y
        f.sections(left, s.body, f.left, col_w)
        left_bottom, f.y = f.y, top
        f.sections(right, s.body, f.left + col_w + s.gutter, col_w)
        f.y = min(f.y, left_bottom)

    def balanced(self, sections: tuple, width: float) -> tuple[tuple, tuple]:
        """Where to split sections so that neither column is much taller than the other."""
        heights = [self.height_of((section,), width) for section in sections]
        split = min(
            range(1, len(sections)),
            key=lambda k: max(sum(heights[:k]), sum(heights[k:])),
            default=1,
        )
        return sections[:split], sections[split:]

    def height_of(self, sections: tuple, width: float) -> float:
        """How tall sections set at width would be."""
        return sections_height(sections, width, self.f.paper, self.f.measure, self.s)

    def beside_band(self) -> float:
        """The width left of the symbols when they stand in one row at the right of the
        page (0 when they need the whole width)."""
        f, s, n = self.f, self.s, len(self.symbols)
        return max(0.0, f.inner - n * s.qr_size - n * s.gutter)

    def band_shape(self, room: float) -> tuple[float, int]:
        """The largest symbol size, and symbols per row, that put them all in room points of
        height across the page (never larger than the style's QR size)."""
        f, s, n = self.f, self.s, len(self.symbols)
        label = s.body * 1.5
        shapes = []
        for rows in range(1, n + 1):
            per_row = -(-n // rows)
            across = (f.inner - (per_row - 1) * s.gutter) / per_row
            shapes.append((min(s.qr_size, across, room / rows - label), per_row))
        return max(shapes)

    def symbol_band(self, beside: tuple = ()) -> None:
        """Several QR symbols in rows, labelled "1 of 2" (all are needed); sections given
        go to their left, else the symbols start at the left margin."""
        f, s, n = self.f, self.s, len(self.symbols)
        caption = (
            f"Scan all {n} codes: together they hold the same codes as text, and are as secret."
        )
        if beside:
            size, per_row = s.qr_size, n
        else:
            f.paragraph(caption, "body-bold", s.body)
            size, per_row = self.band_shape(f.y - f.floor)
            if size / max(map(len, self.symbols)) < MIN_MODULE:  # too fine for a photo
                raise Overflow
        band = per_row * size + (per_row - 1) * s.gutter
        x0 = f.right - band if beside else f.left
        if beside:
            f.paragraph(caption, "body-bold", s.body, x=x0, width=band)
        top = f.y
        for index, modules in enumerate(self.symbols):
            if index % per_row == 0:
                f.room(size + s.body * 1.5)
            x = x0 + index % per_row * (size + s.gutter)
            f.add(QR(x, f.y - size, size, modules))
            label = f"{index + 1} of {n}"
            f.add(
                Text(
                    x + size / 2 - f.measure(label, "body-bold", s.body) / 2,
                    f.y - size - s.body,
                    label,
                    "body-bold",
                    s.body,
                )
            )
            if index % per_row == per_row - 1 or index == n - 1:
                f.y -= size + s.body * 1.5
        if beside:
            band_bottom, f.y = f.y, top + s.body * 1.6  # level with the band's caption
            f.sections(beside, s.body, f.left, self.beside_band())
            f.y = min(f.y, band_bottom)

    def footer_text(self) -> str:
        text = f"{program()} · printed {self.sheet.printed}"
        return text + (f" · sheet {self.sheet.serial}" if self.sheet.serial else "")
