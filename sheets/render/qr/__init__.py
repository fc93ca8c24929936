"""QR symbols as module matrices (the text is sheets.payload's or a card's, drawing draw.py's).

The matrix is python-qrcode's own, made faster: data.py makes the codewords from the
standard's tables (tables.py, written from qrcode by scripts/qr_tables.py), modules.py
places them and chooses the mask.
"""

from __future__ import annotations

Matrix = tuple[bytes, ...]  # one bytes row per module row (0 light, 1 dark), quiet zone included


def matrix(
    text: str, level: str = "M", version: int | None = None, mask: int | None = None
) -> Matrix:
    """QR modules for text at an error-correction level, quiet zone of 4 modules included: in
    the smallest version that holds it and with the mask of least penalty, as python-qrcode
    chooses them, unless a version (DataOverflowError if too small) or a mask is given."""
    from sheets.render.qr import data as qrdata
    from sheets.render.qr import modules as qrmatrix

    error_correction = qrdata.LEVELS[level]
    version, data = qrdata.codewords(text.encode("utf-8"), error_correction, version)
    return qrmatrix.build(version, error_correction, data, mask)


def version(text: str, level: str = "M") -> int:
    """The QR version (size) the text needs at a level."""
    from sheets.render.qr import data as qrdata

    return qrdata.codewords(text.encode("utf-8"), qrdata.LEVELS[level])[0]
