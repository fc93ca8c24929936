"""A QR code's version and codewords exactly as python-qrcode makes them, but quickly.

This is the only module that touches python-qrcode, and it uses names qrcode does not
document (its chunking, block table, capacities, alignment positions and BCH codes), so
pyproject caps qrcode's version; tests/test_qr_fast.py holds every matrix to stock qrcode's.

qrcode appends every bit through a method call, encodes the data twice (once to choose
the version) and divides Reed-Solomon polynomials as objects: for a sheet's payload that
was a third of a binder's time. Here the bits go into one int and the division is a shift
register over precomputed multiples of the generator, with qrcode's own chunking, block
table and capacities, so the codewords are the same ones (tests compare them).
"""

from __future__ import annotations

from bisect import bisect_left
from functools import cache

from qrcode import base, util
from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_L, ERROR_CORRECT_M, ERROR_CORRECT_Q
from qrcode.exceptions import DataOverflowError

__all__ = [
    "LEVELS",
    "DataOverflowError",
    "alignment",
    "capacity",
    "codewords",
    "format_bits",
    "version_bits",
]

# Error-correction levels by their letter; each value is also the level's two format bits.
LEVELS = {"L": ERROR_CORRECT_L, "M": ERROR_CORRECT_M, "Q": ERROR_CORRECT_Q, "H": ERROR_CORRECT_H}

EXP = [0] * 510
LOG = [0] * 256
_value = 1
for _power in range(255):
    EXP[_power] = EXP[_power + 255] = _value
    LOG[_value] = _power
    _value = (_value << 1) ^ (0x11D if _value & 0x80 else 0)


def codewords(data: bytes, error_correction: int) -> tuple[int, list[int]]:
    """(version, interleaved data and error correction codewords) for data."""
    chunks = list(util.optimal_data_chunks(data, minimum=20))  # qrcode's add_data default
    version = _version(chunks, error_correction)
    blocks = base.rs_blocks(version, error_correction)
    limit = sum(block.data_count for block in blocks) * 8
    value, length = _bits(chunks, version)
    if length > limit:
        raise DataOverflowError(f"Code length overflow ({length} > {limit} bits)")
    zeros = min(limit - length, 4)  # the terminator
    zeros += -(length + zeros) % 8  # then up to the byte boundary
    value, length = value << zeros, length + zeros
    padded = list(value.to_bytes(length // 8, "big"))
    padded += [(util.PAD0, util.PAD1)[i % 2] for i in range(limit // 8 - len(padded))]
    return version, _interleave(padded, blocks)


def _version(chunks, error_correction: int, start: int = 1) -> int:
    """The smallest version that holds the chunks, found as qrcode's best_fit does."""
    sizes = util.mode_sizes_for_version(start)
    needed = sum(4 + sizes[chunk.mode] + _data_bits(chunk) for chunk in chunks)
    version = bisect_left(util.BIT_LIMIT_TABLE[error_correction], needed, start)
    if version == 41:
        raise DataOverflowError()
    if sizes is not util.mode_sizes_for_version(version):
        return _version(chunks, error_correction, version)
    return version


def _data_bits(chunk) -> int:
    n = len(chunk.data)
    if chunk.mode == util.MODE_NUMBER:
        return 10 * (n // 3) + (0, 4, 7)[n % 3]
    if chunk.mode == util.MODE_ALPHA_NUM:
        return 11 * (n // 2) + 6 * (n % 2)
    return 8 * n


def _bits(chunks, version: int) -> tuple[int, int]:
    """Every chunk's mode, length and data as one int, and its length in bits."""
    value = length = 0
    for chunk in chunks:
        for part, width in [
            (chunk.mode, 4),
            (len(chunk.data), util.length_in_bits(chunk.mode, version)),
        ]:
            value, length = (value << width) | part, length + width
        for part, width in _parts(chunk):
            value, length = (value << width) | part, length + width
    return value, length


def _parts(chunk) -> list[tuple[int, int]]:
    data = chunk.data
    if chunk.mode == util.MODE_NUMBER:
        return [
            (int(data[i : i + 3]), util.NUMBER_LENGTH[len(data[i : i + 3])])
            for i in range(0, len(data), 3)
        ]
    if chunk.mode == util.MODE_ALPHA_NUM:
        index = util.ALPHA_NUM.find
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
    for block in blocks:
        dc.append(data[offset : offset + block.data_count])
        offset += block.data_count
        ec.append(_remainder(dc[-1], block.total_count - block.data_count))
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
        poly = [a ^ (EXP[LOG[b] + i] if b else 0) for a, b in zip(poly + [0], [0] + poly)]
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
    return list(util.pattern_position(version))


def format_bits(error_correction: int, mask: int) -> int:
    """The 15 format-information bits (BCH-coded and masked) for a level and mask."""
    return util.BCH_type_info((error_correction << 3) | mask)


def version_bits(version: int) -> int:
    """The 18 version-information bits (BCH-coded) of versions 7 and up."""
    return util.BCH_type_number(version)


def capacity(version: int, error_correction: int) -> int:
    """How many data bits a symbol of this version and level holds."""
    return util.BIT_LIMIT_TABLE[error_correction][version]
