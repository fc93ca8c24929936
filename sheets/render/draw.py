"""Paints PagePlans into a PDF: the only module that imports reportlab.

Fonts are the bundled TTFs (always embedded and subsetted). The QR code is vector: every
dark module is one square in a single path, filled once. Metadata names the provider
only; the creator string marks the file as mksheet's own so it may be rewritten later.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.pdfgen.canvas import Canvas

from sheets import __version__
from sheets.render.items import QR, Box, PagePlan, Rule, Text, Tick
from sheets.render.style import BUNDLED, FONTS, PAPER

CREATOR = f"mksheet {__version__}"
KEYWORD = "mksheet-sheets"  # the metadata keywords: this, then the serial of each sheet
DARK_RUN = re.compile(rb"\x01+")
_SPLITS: WeakKeyDictionary = WeakKeyDictionary()  # per PDF document: prose's subset runs
_FACES: dict[str, TTFont] = {}  # style font name -> its registered bundled font
# IBM Plex Mono's glyph "zero.alt01", the slashed zero its `zero` feature selects: the
# codes' zero then matches Atkinson Hyperlegible's (the dotted default stood beside the
# text's slashed one). Same width; the text layer still reads "0".
SLASHED_ZERO = 57
# TrueType fonts with CJK and other scripts, where a Debian or Ubuntu system keeps them (none
# is bundled: such a font is megabytes). The first that loads becomes "fallback".
FALLBACK_FILES = (
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)


@lru_cache(maxsize=1)
def register_fonts() -> None:
    """Register the bundled TTFs once per process."""
    folder = Path(__file__).resolve().parent.parent / "fonts"
    if not folder.is_dir():  # installed as a zip: importlib.resources extracts each file
        return _register_from_resources()
    for key in BUNDLED:
        _register(key, FONTS[key], folder / f"{FONTS[key]}.ttf")


def _register_from_resources() -> None:
    """The fonts through importlib.resources (its import and look-ups cost a sheet 5 ms,
    so a plain folder is read directly)."""
    from importlib import resources

    folder = resources.files("sheets.fonts")
    for key in BUNDLED:
        face = FONTS[key]
        with resources.as_file(folder / f"{face}.ttf") as path:
            _register(key, face, path)


def _register(key: str, face: str, path) -> None:
    font = TTFont(face, str(path))
    if key == "code":  # one zero on the page: the codes' slashed, like the text's
        font.face.charToGlyph[ord("0")] = SLASHED_ZERO
    pdfmetrics.registerFont(font)
    _FACES[key] = font


@lru_cache(maxsize=1)
def fallback_font() -> str | None:
    """Register the first system font of FALLBACK_FILES that loads; its path, or None."""
    for path in FALLBACK_FILES:
        try:
            pdfmetrics.registerFont(TTFont(FONTS["fallback"], path))
        except (OSError, TTFError):  # missing, unreadable, or a format it cannot embed
            continue
        return path
    return None


def covers(text: str, font: str) -> bool:
    """Whether a font has a glyph for every character of text (spaces aside)."""
    register_fonts()
    if font == "fallback" and fallback_font() is None:
        return False
    glyphs = pdfmetrics.getFont(FONTS[font]).face.charToGlyph
    return all(ord(ch) in glyphs for ch in text if not ch.isspace())


def measure(text: str, font: str, size: float) -> float:
    """Width of text in points in one of the style's fonts (registered: register_fonts).

    The font object's own stringWidth, as pdfmetrics.stringWidth calls it, without that
    function's look-up by name: a binder measures a quarter of a million strings."""
    face = _FACES.get(font)
    if face is None:  # the system fallback font, registered when a card needs it
        return pdfmetrics.stringWidth(text, FONTS[font], size)
    return face.stringWidth(text, size)


def render_plans(plans, paper: str, title: str | None = None, serials=()) -> bytes:
    """Paint ready plans, one page each, into PDF bytes; serials go in the metadata, so a
    later run knows which sheet a file holds before replacing it."""
    register_fonts()
    rl_config.useA85 = 0  # binary streams: smaller files, and no slow pure-Python ASCII85
    buffer = io.BytesIO()
    # The initial font would otherwise be an unembedded Helvetica in every page's resources.
    canvas = Canvas(
        buffer,
        pagesize=PAPER[paper],
        pageCompression=1,
        initialFontName=FONTS["body"],
        initialFontSize=10,
    )
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
    and formats a whole text object for each of a binder's 70,000 strings.

    The operators are the ones PDFTextObject.setTextOrigin and textOut write for a TrueType
    font (a subset's font operator when the subset changes, then the string), written here
    without their per-string font look-ups and width sums; prose strings' subset split is
    remembered for the document, as a binder repeats its labels and sentences."""
    if not items:
        return
    text = canvas.beginText()
    code, doc, escape = text._code, canvas._doc, canvas._escape
    splits = _SPLITS.setdefault(doc, {})
    font = None
    for item in items:
        face = FONTS[item.font]
        if (face, item.size) != font:
            font = face, item.size
            text.setFont(face, item.size)  # a TrueType font writes nothing until it is used
            ttf, subset = pdfmetrics.getFont(face), -1
            operator = f"{fp_str(item.size)} Tf {fp_str(text._leading)} TL"
        x = item.x
        if item.align == "right":
            x -= ttf.stringWidth(item.text, item.size)
        code.append(f"1 0 0 1 {fp_str(x, item.y)} Tm")
        parts = []
        for part, chunk in _split(ttf, item, doc, splits):
            if part != subset:
                parts.append(f"{ttf.getSubsetInternalName(part, doc)} {operator}")
                subset = part
            parts.append(f"({escape(chunk)}) Tj")
        code.append(" ".join(parts))
    canvas.drawText(text)


def _split(ttf, item: Text, doc, splits: dict) -> list[tuple[int, bytes]]:
    """The string as (subset, bytes) runs; prose remembered per document (the first split
    assigns the characters, later ones only look them up), codes never kept."""
    if item.font == "code":
        return ttf.splitString(item.text, doc)
    key = item.font, item.text
    if key not in splits:
        splits[key] = ttf.splitString(item.text, doc)
    return splits[key]


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
    canvas.addLiteral(_rects(item.modules) + "\nf")
    canvas.restoreState()


def _rects(modules) -> str:
    """`x y w 1 re` for each run of dark modules, row by row: the rows (bytes of 0 and 1, or
    booleans) joined by a light separator, so one regex pass finds every run; the row and
    width parts are formatted once per symbol, not once per run."""
    stride = len(modules[0]) + 1
    rows = [f" {row}" for row in range(len(modules))]
    widths = [f" {width} 1 re" for width in range(stride)]
    spans = [run.span() for run in DARK_RUN.finditer(b"\x00".join(map(bytes, modules)))]
    return "\n".join(
        [f"{start % stride}{rows[start // stride]}{widths[end - start]}" for start, end in spans]
    )


PAINTERS: dict[type, Callable[[Canvas, Any], None]] = {Box: _box, Rule: _rule, Tick: _tick, QR: _qr}
