"""The only module that imports reportlab: paints PagePlans into a PDF.

Fonts are the bundled TTFs (always embedded and subsetted). The QR code is vector: every
dark module is one square in a single path, filled once. Metadata names the provider
only; the creator string marks the file as mksheet's own so it may be rewritten later.
"""

from __future__ import annotations

import io
from functools import lru_cache
from importlib import resources

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from sheets import __version__
from sheets.model import Sheet
from sheets.render import layout as plan_mod
from sheets.render import qr
from sheets.render.layout import QR, Box, PagePlan, Rule, Text, Tick
from sheets.render.style import FONTS, PAPER

CREATOR = f"mksheet {__version__}"


@lru_cache(maxsize=1)
def register_fonts() -> None:
    """Register the bundled TTFs once per process."""
    folder = resources.files("sheets.fonts")
    for face in FONTS.values():
        with resources.as_file(folder / f"{face}.ttf") as path:
            pdfmetrics.registerFont(TTFont(face, str(path)))


def measure(text: str, font: str, size: float) -> float:
    """Width of text in points in one of the style's fonts."""
    return pdfmetrics.stringWidth(text, FONTS[font], size)


def plan(sheet: Sheet, paper: str) -> PagePlan:
    """Lay out one sheet (fonts registered, QR matrix computed)."""
    register_fonts()
    return plan_mod.layout(sheet, paper, measure, qr.matrix(qr.payload(sheet)))


def render(sheets: list[Sheet], paper: str = "a4") -> bytes:
    """A PDF with one page per sheet."""
    return render_plans([plan(sheet, paper) for sheet in sheets], paper)


def render_plans(plans: list[PagePlan], paper: str, title: str | None = None) -> bytes:
    """Paint ready plans, one page each, into PDF bytes."""
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=PAPER[paper], pageCompression=1)
    canvas.setCreator(CREATOR)
    canvas.setProducer(CREATOR)
    canvas.setTitle(title or (plans[0].title if plans else "Recovery sheet"))
    canvas.setSubject("Printed recovery codes: keep in a fireproof box")
    for page in plans:
        paint(canvas, page)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def paint(canvas: Canvas, page: PagePlan) -> None:
    """Draw every item of one plan on the current page."""
    for item in page.items:
        PAINTERS[type(item)](canvas, item)


def _text(canvas: Canvas, item: Text) -> None:
    canvas.setFont(FONTS[item.font], item.size)
    if item.align == "right":
        canvas.drawRightString(item.x, item.y, item.text)
    else:
        canvas.drawString(item.x, item.y, item.text)


def _box(canvas: Canvas, item: Box) -> None:
    canvas.setLineWidth(item.width)
    canvas.rect(item.x, item.y, item.w, item.h, stroke=1, fill=0)


def _rule(canvas: Canvas, item: Rule) -> None:
    canvas.setLineWidth(item.width)
    canvas.line(item.x1, item.y1, item.x2, item.y2)


def _tick(canvas: Canvas, item: Tick) -> None:
    s = item.size
    path = canvas.beginPath()
    path.moveTo(item.x + 0.18 * s, item.y + 0.5 * s)
    path.lineTo(item.x + 0.42 * s, item.y + 0.22 * s)
    path.lineTo(item.x + 0.85 * s, item.y + 0.85 * s)
    canvas.setLineWidth(1.6)
    canvas.drawPath(path, stroke=1, fill=0)


def _qr(canvas: Canvas, item: QR) -> None:
    n = len(item.modules)
    module = item.size / n
    path = canvas.beginPath()
    for row, cells in enumerate(item.modules):
        y = item.y + item.size - (row + 1) * module
        for col, dark in enumerate(cells):
            if dark:
                path.rect(item.x + col * module, y, module, module)
    canvas.setFillGray(0)
    canvas.drawPath(path, stroke=0, fill=1)


PAINTERS = {Text: _text, Box: _box, Rule: _rule, Tick: _tick, QR: _qr}
