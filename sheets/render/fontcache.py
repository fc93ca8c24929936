"""The bundled fonts, parsed once and kept: reportlab reads every table of a TTF at each
start (a third of a single sheet's drawing time), though the bundled files never change.

A font's parsed attributes go to the cache as plain data (marshal: numbers, strings, bytes,
lists and dicts, no objects), under a key of the font file's SHA-256 and reportlab's
version, so a new font or a new reportlab parses afresh. Fonts only: no code passes here.
"""

from __future__ import annotations

import hashlib
from weakref import WeakKeyDictionary

import reportlab
from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace

from sheets.render import cache

FORMAT = 1  # the layout of a cache file; a change makes every older file stale
REBUILT = frozenset({"_ttf_data", "_pdfScale", "filename"})  # made again from the file
PER_DOCUMENT = frozenset({"face", "encoding", "state", "fontName"})  # TTFont's own, made anew


def load(name: str, path: str) -> TTFont:
    """The TrueType font at path registered under name: from the cache when it holds this
    very file for this reportlab, else parsed (and kept for the next run)."""
    with open(path, "rb") as file:
        data = file.read()
    key = f"{FORMAT} {reportlab.Version} {hashlib.sha256(data).hexdigest()}"
    where = cache.path("fonts", name)
    saved = cache.read(where, key)
    if saved is not None:
        try:
            return _rebuild(saved, name, path, data)
        except Exception:  # a kept file of the right key but the wrong shape: parse afresh
            pass
    font = TTFont(name, path)
    cache.keep(where, key, _plain(font))
    return font


def _rebuild(saved: dict, name: str, path: str, data: bytes) -> TTFont:
    """A TTFont equal, attribute for attribute, to what TTFont(name, path) builds."""
    face = TTFontFace.__new__(TTFontFace)
    face.__dict__.update(saved["face"])
    for attr, raw in saved["names"].items():
        setattr(face, attr, TTFNameBytes(raw))
    face.filename, face._ttf_data = path, data
    face._pdfScale = _scale(face.unitsPerEm)
    font = TTFont.__new__(TTFont)
    font.__dict__.update(saved["font"])
    font.fontName, font.face, font.encoding = name, face, TTEncoding()
    font.state = WeakKeyDictionary()
    return font


def _scale(units_per_em: int):
    """Font units to PDF's thousandths of an em, as reportlab's parser defines it."""
    if units_per_em == 1000:
        return lambda x: x
    factor = 1000 / units_per_em
    return lambda x: x * factor


def _plain(font: TTFont) -> dict:
    """What _rebuild needs of a parsed font, as plain data."""
    face, names = {}, {}
    for attr, value in vars(font.face).items():
        if type(value) is TTFNameBytes:
            names[attr] = bytes(value)
        elif attr not in REBUILT:
            face[attr] = value
    own = {attr: value for attr, value in vars(font).items() if attr not in PER_DOCUMENT}
    return {"face": face, "names": names, "font": own}
