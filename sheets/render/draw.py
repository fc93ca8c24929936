"""The only module that imports reportlab: paints PagePlans into a PDF.

Fonts are the bundled TTFs (always embedded and subsetted). The QR code is vector: every
dark module is one square in a single path, filled once. Metadata names the provider
only; the creator string marks the file as mksheet's own so it may be rewritten later.
"""

from __future__ import annotations

import io
import re
from functools import lru_cache
from importlib import resources
from typing import Any, Callable

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from sheets import __version__
from sheets.render.items import QR, Box, PagePlan, Rule, Text, Tick
from sheets.render.style import FONTS, PAPER

CREATOR = f"mksheet {__version__}"
KEYWORD = "mksheet-sheets"  # the metadata keywords: this, then the serial of each sheet
DARK_RUN = re.compile(rb"\x01+")


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


def render_plans(plans, paper: str, title: str | None = None, serials=()) -> bytes:
    """Paint ready plans, one page each, into PDF bytes; serials go in the metadata, so a
    later run knows which sheet a file holds before replacing it."""
    register_fonts()
    rl_config.useA85 = 0  # binary streams: smaller files, and no slow pure-Python ASCII85
    buffer = io.BytesIO()
    # The initial font would otherwise be an unembedded Helvetica in every page's resources.
    canvas = Canvas(buffer, pagesize=PAPER[paper], pageCompression=1,
                    initialFontName=FONTS["body"], initialFontSize=10)
    canvas.setCreator(CREATOR)
    canvas.setProducer(CREATOR)
    canvas.setTitle(title or (plans[0].title if plans else "Recovery sheet"))
    canvas.setSubject("Printed recovery codes: keep in a fireproof box")
    if serials:
        canvas.setKeywords(" ".join((KEYWORD, *serials)))
    for page in plans:
        paint(canvas, page)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def paint(canvas: Canvas, page: PagePlan) -> None:
    """Draw every item of one plan on the current page: the text last, in one text object.

    All ink is black, so the order of overlapping marks changes no pixel."""
    texts = []
    for item in page.items:
        if type(item) is Text:
            texts.append(item)
        else:
            PAINTERS[type(item)](canvas, item)
    _texts(canvas, texts)


def _texts(canvas: Canvas, items: list[Text]) -> None:
    """One BT ... ET for the page instead of one per string: reportlab's drawString builds
    and formats a whole text object for each of a binder's 70,000 strings."""
    if not items:
        return
    text = canvas.beginText()
    font = None
    for item in items:
        face = FONTS[item.font]
        if (face, item.size) != font:
            font = face, item.size
            text.setFont(face, item.size)
        x = item.x
        if item.align == "right":
            x -= pdfmetrics.stringWidth(item.text, face, item.size)
        text.setTextOrigin(x, item.y)
        text.textOut(item.text)
    canvas.drawText(text)


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
    """One filled path in module units: each run of dark modules in a row is one rectangle.

    Integer `re` operators go in as a literal: reportlab would format every coordinate
    through its slow float formatter, and there are hundreds of them.
    """
    n = len(item.modules)
    canvas.saveState()
    canvas.translate(item.x, item.y + item.size)
    canvas.scale(item.size / n, -item.size / n)
    canvas.setFillGray(0)
    rects = [f"{start} {row} {length} 1 re"
             for row, cells in enumerate(item.modules) for start, length in _dark_runs(cells)]
    canvas.addLiteral("\n".join(rects) + "\nf")
    canvas.restoreState()


def _dark_runs(cells) -> list[tuple[int, int]]:
    """(start, length) of each run of dark modules in one row (bytes of 0 and 1)."""
    return [(run.start(), run.end() - run.start()) for run in DARK_RUN.finditer(bytes(cells))]


PAINTERS: dict[type, Callable[[Canvas, Any], None]] = {Box: _box, Rule: _rule, Tick: _tick,
                                                    QR: _qr}
