"""The QR code's payload text and its module matrix (drawing is draw.py's job).

The matrix is qrcode's own, made faster by qrdata (codewords) and qrmatrix (placement, masks).

The payload is plain text a phone camera shows as-is: a title, `Key: value` lines (provider,
account, owner, sheet serial and date), a blank line, then one code per line, so that
`mksheet verify` and a person read the same thing.
"""

from __future__ import annotations

from sheets.model import Sheet
from sheets.providers import by_key


def payload(sheet: Sheet) -> str:
    """The text held by the sheet's QR code."""
    codes = sheet.codes
    provider = by_key(codes.provider)
    header = [f"{provider.name} {provider.facts(codes.kind).label}",
              f"Provider: {codes.provider}"]
    if codes.account:
        header.append(f"Account: {codes.account}")
    if sheet.owner:
        header.append(f"Owner: {sheet.owner}")
    header.append(f"Sheet: {sheet.serial or '-'} {sheet.printed}")
    used = set(codes.used)
    lines = []
    for number, code in codes.numbered():
        prefix = f"{number}. " if codes.numbers is not None else ""
        lines.append(f"{prefix}{code}{' (used)' if code in used else ''}")
    return "\n".join(header + [""] + lines)


def matrix(text: str, level: str = "M") -> "qrmatrix.Matrix":
    """QR modules for text as rows of bytes (1 dark), quiet zone of 4 modules included."""
    from sheets.render import qrdata, qrmatrix

    error_correction = qrdata.LEVELS[level]
    version, data = qrdata.codewords(text.encode("utf-8"), error_correction)
    return qrmatrix.build(version, error_correction, data)
