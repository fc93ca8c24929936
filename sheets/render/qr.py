"""The QR code's payload text and its module matrix (drawing is draw.py's job).

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


def matrix(text: str) -> tuple[tuple[bool, ...], ...]:
    """QR modules for text at error correction M, quiet zone of 4 modules included."""
    from qrcode.constants import ERROR_CORRECT_M

    from sheets.render import qrdata

    version, data = qrdata.codewords(text.encode("utf-8"), ERROR_CORRECT_M)
    code = _fast_mask_qr()(version=version, error_correction=ERROR_CORRECT_M, border=4)
    code.data_cache = data  # what make() would compute from add_data(), made without its bit buffer
    code.make(fit=False)
    return tuple(tuple(row) for row in code.get_matrix())


def _fast_mask_qr():
    """qrcode's QRCode with the standard mask choice made on one matrix, not eight.

    qrcode builds and scores the matrix once per mask in Python, which costs more than the
    rest of a sheet; qrmask derives the other seven masks from the first by XOR and scores
    them with qrcode's own rules, so the choice is the same.
    """
    import qrcode

    from sheets.render import qrmask

    class FastMaskQR(qrcode.QRCode):
        def best_mask_pattern(self) -> int:
            self.makeImpl(True, 0)
            return qrmask.best(self.modules, self.version)

    return FastMaskQR
