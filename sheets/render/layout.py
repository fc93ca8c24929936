"""Pure geometry: a Sheet becomes a PagePlan of typed items at fixed positions.

Measure, then place: text widths come from an injected `measure(text, font, size)` so
this module never imports reportlab. When the page overflows, the whole layout is retried
with a tighter Style; below the legible minimum it raises LayoutError instead of shrinking.
"""

from __future__ import annotations

from sheets import __version__
from sheets.errors import LayoutError
from sheets.model import Sheet
from sheets.providers import Kind, by_key
from sheets.render import words
from sheets.render.items import QR, Box, Measure, PagePlan, Rule, Text, Tick, wrap
from sheets.render.style import MM, PAPER, SAFE_BOX, Style


class _Overflow(Exception):
    pass


def layout(sheet: Sheet, paper: str, measure: Measure, modules) -> PagePlan:
    """Place everything on one page, at the largest style that fits."""
    style: Style | None = Style()
    while style is not None:
        try:
            return _Page(sheet, paper, measure, modules, style).plan()
        except _Overflow:
            style = style.tighter()
    raise LayoutError(sheet.codes.source or None, "the codes do not fit one page at a legible size",
                      "split the file into two and print each")


class _Page:
    """One layout attempt; `y` is the cursor moving down from the top of the safe box."""

    def __init__(self, sheet: Sheet, paper: str, measure: Measure, modules, style: Style):
        self.sheet, self.measure, self.modules, self.s = sheet, measure, modules, style
        self.provider = by_key(sheet.codes.provider)
        self.facts: Kind = self.provider.facts(sheet.codes.kind)
        self.width, self.height = PAPER[paper]
        box_w, box_h = SAFE_BOX
        self.left = (self.width - box_w) / 2 + style.margin
        self.right = self.left + box_w - 2 * style.margin
        self.top = self.height - (self.height - box_h) / 2 - style.margin
        self.bottom = (self.height - box_h) / 2 + style.margin
        self.y = self.top
        self.items: list = []

    # -- the page, top to bottom ------------------------------------------------------
    def plan(self) -> PagePlan:
        self.header()
        self.notices()
        self.codes()
        self.instructions()
        self.footer()
        title = f"{self.provider.name} {self.facts.label}"
        return PagePlan(self.width, self.height, tuple(self.items), title)

    def header(self) -> None:
        s, codes = self.s, self.sheet.codes
        qr_left = self.right - s.qr_size
        self.items.append(QR(qr_left, self.top - s.qr_size, s.qr_size, self.modules))
        label_y = self.top - s.qr_size - s.small
        for line in ("Scan: the same codes as text.", "As secret as the codes."):
            self.items.append(Text(self.right - s.qr_size / 2 - self.measure(line, "body", s.small) / 2,
                                   label_y, line, "body", s.small))
            label_y -= s.small * 1.25
        text_width = qr_left - self.left - s.gutter
        name = "Provider not recognised" if self.provider.fallback else self.provider.name
        self.paragraph(f"{name}: {self.facts.label}", "body-bold", s.title, text_width)
        self.y -= 4
        facts = [("Account", codes.account or "not in the file: write it here ____________"),
                 ("Owner", self.sheet.owner), ("Issued", codes.issued)]
        for label, value in facts:
            if value:
                self.paragraph(f"{label}: {value}", "body", s.subtitle, text_width)
        self.paragraph(self._printed_line(), "body", s.subtitle, text_width)
        self.y = min(self.y, label_y) - 6

    def _printed_line(self) -> str:
        sheet = self.sheet
        parts = [f"Printed {sheet.printed}"]
        if sheet.serial:
            parts.append(f"sheet {sheet.serial}")
        if sheet.copy > 1:
            parts.append(f"copy {sheet.copy}")
        return " · ".join(parts)

    def notices(self) -> None:
        sheet, codes = self.sheet, self.sheet.codes
        notes = []
        if sheet.replaces:
            notes.append(f"Replaces sheet {sheet.replaces}: destroy it.")
        notes += [f"Warning: {w}." for w in codes.warnings]
        if self.provider.fallback:
            notes += [f"Provider not recognised: {n.split(': ', 1)[-1]}." for n in codes.notes[:2]]
            notes.append("Check every code against the website's list before you rely on it.")
        for note in notes:
            self.boxed(note)

    def boxed(self, note: str) -> None:
        s = self.s
        lines = wrap(note, "body-bold", s.body, self.right - self.left - 12, self.measure)
        h = len(lines) * s.body * 1.3 + 8
        self.need(h + 4)
        self.items.append(Box(self.left, self.y - h, self.right - self.left, h, 1.5))
        y = self.y - 4 - s.body
        for line in lines:
            self.items.append(Text(self.left + 6, y, line, "body-bold", s.body))
            y -= s.body * 1.3
        self.y -= h + 6

    # -- codes ------------------------------------------------------------------------
    def codes(self) -> None:
        codes, s = self.sheet.codes, self.s
        count = len(codes.codes)
        if not self.facts.one_time:
            heading = f"Your {self.facts.label}"
        elif count == 1:
            heading = f"Your {self.facts.label}: tick the box and write the date when you use it"
        else:
            heading = (f"Your {count} {self.facts.label}: tick the box and write the date "
                       "when you use one")
        self.paragraph(heading, "body-bold", s.heading, self.right - self.left)
        self.y -= 4
        if self.facts.one_time:
            self.code_rows()
        else:
            self.single_key()
        self.y -= 8

    def code_rows(self) -> None:
        s, codes = self.s, self.sheet.codes
        numbered = codes.numbered()
        full = self.right - self.left
        num_w = self.measure(f"{max(n for n, _ in numbered)}.", "body", s.body)
        fixed = num_w + 4 + s.checkbox + 6
        size = self.code_size([code for _, code in numbered], full - fixed)
        code_w = max(self.measure(code, "code", size) for _, code in numbered)
        row_w = fixed + code_w + 8 + s.date_line
        columns = 2 if 2 * row_w + s.gutter <= full and len(numbered) > 1 else 1
        date_below = row_w > full
        row_h = max(size * 1.15, s.checkbox) + s.row_gap + (s.body * 1.4 if date_below else 0)
        per_column = -(-len(numbered) // columns)
        groups = (per_column - 1) // s.group
        self.need(per_column * row_h + groups * s.group_gap)
        used = set(codes.used)
        col_w = (full - (columns - 1) * s.gutter) / columns
        for index, (number, code) in enumerate(numbered):
            column, row = divmod(index, per_column)
            x = self.left + column * (col_w + s.gutter)
            y = self.y - row * row_h - (row // s.group) * s.group_gap
            self.code_row(x, y, (number, code, size), num_w, code_w, code in used, date_below)
        self.y -= per_column * row_h + groups * s.group_gap

    def code_size(self, codes: list[str], width: float) -> float:
        """The style's code size, or less for very long codes, never below the minimum."""
        widest = max(self.measure(code, "code", self.s.code) for code in codes)
        if widest <= width:
            return self.s.code
        size = int(self.s.code * width / widest * 4) / 4
        if size < Style.MIN_CODE:
            raise _Overflow
        return size

    def code_row(self, x, top, entry, num_w, code_w, used, date_below) -> None:
        s = self.s
        number, code, size = entry
        base = top - max(size, s.checkbox / 0.8) * 0.85
        self.items.append(Text(x + num_w, base, f"{number}.", "body", s.body, align="right"))
        box_x = x + num_w + 4
        box_y = base - 0.15 * s.checkbox
        self.items.append(Box(box_x, box_y, s.checkbox, s.checkbox, 1.0))
        code_x = box_x + s.checkbox + 6
        self.items.append(Text(code_x, base, code, "code", size))
        if used:
            self.items.append(Tick(box_x, box_y, s.checkbox))
            mid = base + size * 0.3
            self.items.append(Rule(code_x - 1, mid, code_x + code_w + 1, mid, 1.2))
        date_x, date_y = code_x + code_w + 8, base
        if date_below:
            date_x, date_y = code_x, base - s.body * 1.4
        if used:
            self.items.append(Text(date_x, date_y, "used before printing", "body", s.small))
        else:
            self.items.append(Text(date_x, date_y, "date", "body", s.small))
            start = date_x + self.measure("date ", "body", s.small)
            self.items.append(Rule(start, date_y - 1, date_x + s.date_line, date_y - 1, 0.5))

    def single_key(self) -> None:
        s, codes = self.s, self.sheet.codes
        width = self.right - self.left - 16
        for code in codes.codes:
            size, lines = s.key, []
            while True:
                lines = wrap(code, "code", size, width, self.measure)
                if all(self.measure(line, "code", size) <= width for line in lines):
                    break
                if size <= Style.MIN_CODE:
                    raise _Overflow
                size = max(Style.MIN_CODE, size - 1)
            h = len(lines) * size * 1.35 + 12
            self.need(h + 6)
            self.items.append(Box(self.left, self.y - h, self.right - self.left, h, 1.2))
            y = self.y - 6 - size
            for line in lines:
                self.items.append(Text(self.left + 8, y, line, "code", size))
                y -= size * 1.35
            self.y -= h + 6

    # -- prose ------------------------------------------------------------------------
    def instructions(self) -> None:
        codes, s = self.sheet.codes, self.s
        context = dict(provider=self.provider.name, label=self.facts.label, use=self.facts.use,
                       regenerate=self.facts.regenerate, one_time=self.facts.one_time,
                       loose=self.facts.loose,
                       account_text=codes.account or f"your {self.provider.name} account")
        left = words.render("sheet.txt.j2", **context)
        right = words.render("storage.txt.j2", **context)
        col_w = (self.right - self.left - s.gutter) / 2
        top = self.y
        self.sections(left, self.left, col_w)
        left_bottom, self.y = self.y, top
        self.sections(right, self.left + col_w + s.gutter, col_w)
        self.y = min(self.y, left_bottom)

    def sections(self, sections, x: float, width: float) -> None:
        s = self.s
        for section in sections:
            self.paragraph(section.heading, "body-bold", s.heading, width, x)
            self.y -= 2
            for text in section.paragraphs:
                bullet = text.startswith("- ")
                indent = 9 if bullet else 0
                lines = wrap(text[2:] if bullet else text, "body", s.body, width - indent,
                             self.measure)
                self.need(len(lines) * s.body * 1.3)
                if bullet:
                    self.items.append(Text(x + 1, self.y - s.body, "•", "body", s.body))
                for line in lines:
                    self.y -= s.body * 1.3
                    self.items.append(Text(x + indent, self.y + s.body * 0.3 - 0.3 * s.body,
                                           line, "body", s.body))
                self.y -= 2.5
            self.y -= 5

    def paragraph(self, text: str, font: str, size: float, width: float,
                  x: float | None = None) -> None:
        for line in wrap(text, font, size, width, self.measure):
            self.need(size * 1.25)
            self.y -= size * 1.2
            self.items.append(Text(self.left if x is None else x, self.y, line, font, size))
            self.y -= size * 0.1

    def need(self, height: float) -> None:
        if self.y - height < self.bottom + FOOTER_HEIGHT:
            raise _Overflow

    # -- footer: a 50 mm ruler to check the printer's scale, and the program ---------------
    def footer(self) -> None:
        s, y = self.s, self.bottom + FOOTER_HEIGHT - 6
        self.items.append(Rule(self.left, y, self.right, y, 0.4))
        ruler_y = y - 14
        self.items.append(Rule(self.left, ruler_y, self.left + 50 * MM, ruler_y, 0.8))
        for mm in range(0, 51, 10):
            tick = 5 if mm % 50 == 0 else 3
            x = self.left + mm * MM
            self.items.append(Rule(x, ruler_y, x, ruler_y + tick, 0.6))
        note = "50 mm. If this line is not 50 mm long, print again at 100 % (\"actual size\")."
        self.items.append(Text(self.left + 50 * MM + 6, ruler_y, note, "body", s.small))
        left = f"mksheet {__version__} · printed {self.sheet.printed}"
        if self.sheet.serial:
            left += f" · sheet {self.sheet.serial}"
        self.items.append(Text(self.left, self.bottom, left, "body", s.small))
        if self.sheet.page_label:
            self.items.append(Text(self.right, self.bottom, self.sheet.page_label, "body",
                                   s.small, align="right"))


FOOTER_HEIGHT = 36
