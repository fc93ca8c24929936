"""The QR code's payload text and its module matrix (drawing is draw.py's job).

The payload is plain text a phone camera shows as-is: a title, `Key: value` lines (provider,
account, owner, sheet serial and date), a blank line, then one code per line, so that
`mksheet verify` and a person read the same thing.
"""

from __future__ import annotations

import re

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

    code = _fast_mask_qr()(error_correction=ERROR_CORRECT_M, border=4)
    code.add_data(text.encode("utf-8"))
    code.make(fit=True)
    return tuple(tuple(row) for row in code.get_matrix())


def _fast_mask_qr():
    """qrcode's QRCode with the standard mask choice scored on bit rows.

    qrcode scores the eight masks cell by cell in Python, which costs more than the rest
    of a sheet; `penalty` applies the same four ISO 18004 rules to integers.
    """
    import qrcode

    class FastMaskQR(qrcode.QRCode):
        def best_mask_pattern(self) -> int:
            scores = []
            for mask in range(8):
                self.makeImpl(True, mask)
                scores.append((penalty(self.modules), mask))
            return min(scores)[1]

    return FastMaskQR


def penalty(modules) -> int:
    """The ISO 18004 mask penalty (rules N1-N4) of a square module matrix."""
    n = len(modules)
    rows = ["".join("1" if cell else "0" for cell in row) for row in modules]
    cols = ["".join(column) for column in zip(*rows)]
    score = 0
    for line in rows + cols:
        score += sum(len(run) - 2 for run in _RUN.findall(line))  # N1: 3 + (length - 5)
        score += 40 * (_count(line, "10111010000") + _count(line, "00001011101"))  # N3
    bits = [int(row, 2) for row in rows]
    pairs = (1 << (n - 1)) - 1
    for upper, lower in zip(bits, bits[1:]):  # N2: 3 per 2x2 block of one colour
        same_vertical = ~(upper ^ lower)
        block = same_vertical & (same_vertical >> 1) & ~(upper ^ (upper >> 1)) & pairs
        score += 3 * bin(block).count("1")
    dark = sum(row.count("1") for row in rows)
    score += 10 * (abs(dark * 100 // (n * n) - 50) // 5)  # N4
    return score


def _count(line: str, pattern: str) -> int:
    """Occurrences of pattern in line, overlapping ones included."""
    count, start = 0, line.find(pattern)
    while start != -1:
        count, start = count + 1, line.find(pattern, start + 1)
    return count


_RUN = re.compile(r"0{5,}|1{5,}")
