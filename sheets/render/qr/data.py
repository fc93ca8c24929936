"""A QR code's version and codewords exactly as python-qrcode makes them, but quickly.

The standard's tables are tables.py (written from qrcode by scripts/qr_tables.py), so a
sheet never imports qrcode; qrcode's chunking (`optimal_data_chunks` at add_data's
minimum) is followed here step for step. tests/render/test_qr.py holds every symbol to the one
qrcode's public encoder makes of the same text at the same version, level and mask.

qrcode appends every bit through a method call, encodes the data twice (once to choose
the version) and divides Reed-Solomon polynomials as objects: for a sheet's payload that
was a third of a binder's time. Here the bits go into one int and the division is a shift
register over precomputed multiples of the generator, with qrcode's own chunking, block
table and capacities, so the codewords are the same ones.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from functools import cache

from sheets.render.qr.tables import (
    ALIGNMENT,
    ALPHANUMERIC,
    BLOCKS,
    DIGIT_BITS,
    FORMAT_BITS,
    LENGTH_BITS,
    LEVELS,
    MODES,
    PAD,
    VERSION_BITS,
)

__all__ = [
    "LEVELS",
    "DataOverflowError",
    "alignment",
    "capacity",
    "codewords",
    "format_bits",
    "version_bits",
]

NUMBER, ALPHA_NUM, BYTES = MODES
MINIMUM = 20  # qrcode's add_data default: the shortest run worth a mode of its own
_RUNS = (rb"\d", b"[" + re.escape(ALPHANUMERIC) + b"]")
_LONG = tuple(re.compile(run + b"{%d,}" % MINIMUM) for run in _RUNS)
_WHOLE = tuple(re.compile(b"^" + run + b"+$") for run in _RUNS)
# Data bits each version holds at each level (index 0 unused): qrcode's BIT_LIMIT_TABLE.
_LIMITS = {
    level: [0] + [8 * sum(n * data for n, _, data in BLOCKS[v, level]) for v in range(1, 41)]
    for level in LEVELS.values()
}

EXP = [0] * 510
LOG = [0] * 256
_value = 1
for _power in range(255):
    EXP[_power] = EXP[_power + 255] = _value
    LOG[_value] = _power
    _value = (_value << 1) ^ (0x11D if _value & 0x80 else 0)


class DataOverflowError(ValueError):
    """The data does not fit even a version 40 symbol at this level."""


def codewords(
    data: bytes, error_correction: int, version: int | None = None
) -> tuple[int, list[int]]:
    """(version, interleaved data and error correction codewords) for data: in the smallest
    version that holds it, or in the version given (DataOverflowError if it does not fit)."""
    chunks = chunked(data)
    if version is None:
        version = _version(chunks, error_correction)
    blocks = _blocks(version, error_correction)
    limit = capacity(version, error_correction)
    value, length = _bits(chunks, version)
    if length > limit:
        raise DataOverflowError(f"Code length overflow ({length} > {limit} bits)")
    zeros = min(limit - length, 4)  # the terminator
    zeros += -(length + zeros) % 8  # then up to the byte boundary
    value, length = value << zeros, length + zeros
    padded = list(value.to_bytes(length // 8, "big"))
    padded += [PAD[i % 2] for i in range(limit // 8 - len(padded))]
    return version, _interleave(padded, blocks)


@cache
def _blocks(version: int, error_correction: int) -> tuple[tuple[int, int], ...]:
    """(total, data) codewords of each block, in order."""
    groups = BLOCKS[version, error_correction]
    return tuple((total, data) for count, total, data in groups for _ in range(count))


def chunked(data: bytes) -> list[tuple[int, bytes]]:
    """(mode, bytes) runs as qrcode's optimal_data_chunks splits data: digits, then
    alphanumerics, each only in runs of MINIMUM or more (or the whole of a short text)."""
    digits, alphanumeric = _WHOLE if len(data) <= MINIMUM else _LONG
    found = []
    for numeric, run in _split(data, digits):
        if numeric:
            found.append((NUMBER, run))
        else:
            found += [(ALPHA_NUM if a else BYTES, part) for a, part in _split(run, alphanumeric)]
    return found


def _split(data: bytes, pattern: re.Pattern) -> Iterator[tuple[bool, bytes]]:
    """qrcode's _optimal_split: the runs pattern finds, and the stretches between them."""
    while data:
        match = pattern.search(data)
        if not match:
            break
        start, end = match.span()
        if start:
            yield False, data[:start]
        yield True, data[start:end]
        data = data[end:]
    if data:
        yield False, data


def _version(chunks, error_correction: int, start: int = 1) -> int:
    """The smallest version that holds the chunks, found as qrcode's best_fit does."""
    sizes = LENGTH_BITS[start]
    needed = sum(4 + sizes[mode] + _data_bits(mode, data) for mode, data in chunks)
    version = bisect_left(_LIMITS[error_correction], needed, start)
    if version == 41:
        raise DataOverflowError()
    if sizes != LENGTH_BITS[version]:
        return _version(chunks, error_correction, version)
    return version


def _data_bits(mode: int, data: bytes) -> int:
    n = len(data)
    if mode == NUMBER:
        return 10 * (n // 3) + (0, 4, 7)[n % 3]
    if mode == ALPHA_NUM:
        return 11 * (n // 2) + 6 * (n % 2)
    return 8 * n


def _bits(chunks, version: int) -> tuple[int, int]:
    """Every chunk's mode, length and data as one int, and its length in bits."""
    value = length = 0
    for mode, data in chunks:
        for part, width in [(mode, 4), (len(data), LENGTH_BITS[version][mode])]:
            value, length = (value << width) | part, length + width
        for part, width in _parts(mode, data):
            value, length = (value << width) | part, length + width
    return value, length


def _parts(mode: int, data: bytes) -> list[tuple[int, int]]:
    if mode == NUMBER:
        widths = DIGIT_BITS
        return [
            (int(data[i : i + 3]), widths[len(data[i : i + 3])]) for i in range(0, len(data), 3)
        ]
    if mode == ALPHA_NUM:
        index = ALPHANUMERIC.find
        return [
            (index(data[i]) * 45 + index(data[i + 1]), 11)
            if i + 1 < len(data)
            else (index(data[i]), 6)
            for i in range(0, len(data), 2)
        ]
    return [(int.from_bytes(data, "big"), 8 * len(data))]


def _interleave(data: list[int], blocks) -> list[int]:
    """Split into blocks, add each block's error correction, interleave as ISO 18004 says."""
    dc, ec, offset = [], [], 0
    for total_count, data_count in blocks:
        dc.append(data[offset : offset + data_count])
        offset += data_count
        ec.append(_remainder(dc[-1], total_count - data_count))
    out = []
    for column in range(max(map(len, dc))):
        out += [part[column] for part in dc if column < len(part)]
    for column in range(max(map(len, ec))):
        out += [part[column] for part in ec if column < len(part)]
    return out


def _remainder(data: list[int], count: int) -> list[int]:
    """Reed-Solomon: data x^count modulo the generator of degree count, over GF(256).

    The remainder is kept as one int of count bytes and shifted a byte at a time (a linear
    feedback register); each step XORs in a precomputed multiple of the generator.
    """
    multiples = _multiples(count)
    top, keep = 8 * (count - 1), (1 << 8 * count) - 1
    rest = 0
    for byte in data:
        rest = ((rest << 8) & keep) ^ multiples[(rest >> top) ^ byte]
    return list(rest.to_bytes(count, "big"))


@cache
def _multiples(count: int) -> tuple[int, ...]:
    """The generator's coefficients after the leading 1, times each byte, packed big-endian."""
    poly = [1]
    for i in range(count):
        poly = [a ^ (EXP[LOG[b] + i] if b else 0) for a, b in zip([*poly, 0], [0, *poly])]
    logs = [LOG[c] if c else None for c in poly[1:]]
    rows = [0] * 256
    for bit in range(8):  # multiplying is linear over XOR: the 8 single bits make the rest
        shift = LOG[1 << bit]
        row = bytes(0 if g is None else EXP[g + shift] for g in logs)
        rows[1 << bit] = int.from_bytes(row, "big")
    for factor in range(3, 256):
        low = factor & -factor
        if factor != low:
            rows[factor] = rows[factor ^ low] ^ rows[low]
    return tuple(rows)


def alignment(version: int) -> list[int]:
    """Row and column centres of the version's alignment patterns."""
    return list(ALIGNMENT[version])


def format_bits(error_correction: int, mask: int) -> int:
    """The 15 format-information bits (BCH-coded and masked) for a level and mask."""
    return FORMAT_BITS[(error_correction << 3) | mask]


def version_bits(version: int) -> int:
    """The 18 version-information bits (BCH-coded) of versions 7 and up."""
    return VERSION_BITS[version]


def capacity(version: int, error_correction: int) -> int:
    """How many data bits a symbol of this version and level holds."""
    return _LIMITS[error_correction][version]
