"""A QR code's module matrix from its codewords, made as python-qrcode makes it, but quickly.

qrcode fills a list of lists module by module once per candidate mask, and again for the
chosen one (ISO 18004 7.7-7.9). Here each version's layout is worked out once a run: the fixed
patterns as one big integer (each row followed by a light gap bit, row 0 in the highest
bits), the data modules' placement order, and each mask's pattern. A code then places its
bits once with one C-level gather, masks by XOR, scores the eight candidates with shifts
and bit counts under qrcode's own rules and test-mode matrix (format and version areas
light), and so makes the same matrix: tests compare every version, level and mask.
"""

from __future__ import annotations

from functools import cache
from operator import itemgetter
from typing import NamedTuple

from sheets.render.qr import data as qrdata

MASKS = (
    lambda r, c: (r + c) % 2 == 0,
    lambda r, c: r % 2 == 0,
    lambda r, c: c % 3 == 0,
    lambda r, c: (r + c) % 3 == 0,
    lambda r, c: (r // 2 + c // 3) % 2 == 0,
    lambda r, c: (r * c) % 2 + (r * c) % 3 == 0,
    lambda r, c: ((r * c) % 2 + (r * c) % 3) % 2 == 0,
    lambda r, c: ((r * c) % 3 + (r + c) % 2) % 2 == 0,
)
# 1:1:3:1:1 dark-light-dark with four light modules on one side, either way round.
FINDER_LIKE = "10111010000"
BORDER = 4  # the quiet zone, in modules
BYTE_BITS = [format(i, "08b") for i in range(256)]
CELL = bytes.maketrans(b"01", b"\x00\x01")

Matrix = tuple[bytes, ...]  # one row per bytes object, one byte (0 light, 1 dark) per module


class Layout(NamedTuple):
    """One version's fixed facts, packed: see the module docstring."""

    n: int  # modules per side
    fixed: int  # finders, separators, alignment and timing patterns (dark bits)
    data: int  # the data modules
    place: itemgetter  # picks, for every packed cell, its bit of the padded stream
    capacity: int  # how many data modules
    masks: tuple[int, ...]


def build(
    version: int, error_correction: int, codewords: list[int], mask: int | None = None
) -> Matrix:
    """The finished matrix, quiet zone included, with the mask given or else the one qrcode
    would choose (the first of the lowest penalty)."""
    grid = layout(version)
    stream = "".join(BYTE_BITS[c] for c in codewords)
    stream = stream[: grid.capacity].ljust(grid.capacity + 1, "0")
    placed = int("".join(grid.place(stream)), 2)
    chosen = range(len(MASKS)) if mask is None else (mask,)
    candidates = {m: grid.fixed | ((placed ^ grid.masks[m]) & grid.data) for m in chosen}
    best = min(candidates, key=lambda m: _score(candidates[m], grid.n))
    return _rows(candidates[best] | _info(version, error_correction, best), grid.n)


def _rows(packed: int, n: int) -> Matrix:
    """Rows of bytes with the quiet zone around them."""
    bits = format(packed, f"0{n * (n + 1)}b").encode("ascii").translate(CELL)
    edge, blank = bytes(BORDER), bytes(n + 2 * BORDER)
    rows = [edge + bits[r * (n + 1) : r * (n + 1) + n] + edge for r in range(n)]
    return (blank,) * BORDER + tuple(rows) + (blank,) * BORDER


def _score(dark: int, n: int) -> int:
    """qrcode's lost_point: runs of five or more, 2x2 blocks, finder-like rows, balance."""
    w = n + 1  # one row down is a shift by w; the gap bit stops runs at the row's end
    light = ~dark & _cells(n)
    score = 0
    for colour in (dark, light):
        for step in (1, w):
            window = (
                colour
                & (colour >> step)
                & (colour >> 2 * step)
                & (colour >> 3 * step)
                & (colour >> 4 * step)
            )
            starts = window & ~(window << step)
            score += window.bit_count() + 2 * starts.bit_count()  # a run of L costs L - 2
        block = colour & (colour >> 1) & (colour >> w) & (colour >> (w + 1))
        score += 3 * block.bit_count()
    for step in (1, w):
        for pattern in (FINDER_LIKE, FINDER_LIKE[::-1]):
            found = -1
            for k, bit in enumerate(pattern):
                found &= (dark if bit == "1" else light) >> (k * step)
            score += 40 * found.bit_count()
    balance = int(abs(float(dark.bit_count()) / (n**2) * 100 - 50) / 5) * 10
    return score + balance


def _pack(n: int, cells) -> int:
    """A set of (row, column) cells as one packed int."""
    bits = bytearray(b"0" * (n * (n + 1)))
    for r, c in cells:
        bits[r * (n + 1) + c] = 49  # "1"
    return int(bits, 2)


@cache
def _cells(n: int) -> int:
    """Every module of an n x n matrix (the gap bits clear)."""
    row = (1 << n) - 1
    return sum(row << ((n - 1 - r) * (n + 1) + 1) for r in range(n))


@cache
def layout(version: int) -> Layout:
    """The version's fixed patterns, data order and masks (a version's first use in a run
    costs about 1.6 ms)."""
    n = 4 * version + 17
    dark, light = _patterns(version, n)
    reserved = dark | light | _info_cells(version, n)
    order = _order(n, reserved)
    slot = {cell: i for i, cell in enumerate(order)}
    pad = len(order)  # the stream's extra last bit, always "0"
    picks = itemgetter(*(slot.get((r, c), pad) for r in range(n) for c in range(n + 1)))
    masks = tuple(_mask_bits(mask, n) for mask in MASKS)
    return Layout(n, _pack(n, dark), _pack(n, order), picks, len(order), masks)


def _order(n: int, reserved: set) -> list[tuple[int, int]]:
    """Data modules in placement order: two columns at a time, zig-zag up and down."""
    order, upward = [], True
    for right in range(n - 1, 0, -2):
        if right <= 6:
            right -= 1  # the vertical timing pattern is skipped whole
        rows = range(n - 1, -1, -1) if upward else range(n)
        order += [(r, c) for r in rows for c in (right, right - 1) if (r, c) not in reserved]
        upward = not upward
    return order


def _patterns(version: int, n: int) -> tuple[set, set]:
    """(dark, light) cells of the finders with separators, alignment and timing patterns."""
    dark: set[tuple[int, int]] = set()
    light: set[tuple[int, int]] = set()
    for top, left in ((0, 0), (n - 7, 0), (0, n - 7)):
        for r in range(-1, 8):
            for c in range(-1, 8):
                if 0 <= top + r < n and 0 <= left + c < n:
                    ring = (0 <= r <= 6 and c in (0, 6)) or (0 <= c <= 6 and r in (0, 6))
                    core = 2 <= r <= 4 and 2 <= c <= 4
                    (dark if ring or core else light).add((top + r, left + c))
    centres = qrdata.alignment(version)
    for row in centres:
        for col in centres:
            if (row, col) in dark or (row, col) in light:
                continue
            for r in range(-2, 3):
                for c in range(-2, 3):
                    on = abs(r) == 2 or abs(c) == 2 or r == c == 0
                    (dark if on else light).add((row + r, col + c))
    for i in range(8, n - 8):
        for cell in ((i, 6), (6, i)):
            if cell not in dark and cell not in light:
                (dark if i % 2 == 0 else light).add(cell)
    return dark, light


def _info_cells(version: int, n: int) -> set[tuple[int, int]]:
    """Format information (with the dark module) and version information."""
    cells = {(8, c) for c in (*range(6), 7, 8, *range(n - 8, n))}
    cells |= {(r, 8) for r in (*range(6), 7, 8, *range(n - 8, n))}
    if version >= 7:
        cells |= {(r, c) for r in range(6) for c in range(n - 11, n - 8)}
        cells |= {(r, c) for r in range(n - 11, n - 8) for c in range(6)}
    return cells


@cache
def _info(version: int, error_correction: int, mask: int) -> int:
    """Dark cells of the format and version information and the dark module, packed."""
    n = 4 * version + 17
    bits = qrdata.format_bits(error_correction, mask)
    cells = [(n - 8, 8)]
    for i in range(15):
        if bits >> i & 1:
            cells.append((i if i < 6 else i + 1, 8) if i < 8 else (n - 15 + i, 8))
            cells.append((8, n - i - 1) if i < 8 else (8, 15 - i) if i == 8 else (8, 14 - i))
    if version >= 7:
        number = qrdata.version_bits(version)
        for i in range(18):
            if number >> i & 1:
                cells += [(i // 3, n - 11 + i % 3), (n - 11 + i % 3, i // 3)]
    return _pack(n, cells)


def _mask_bits(mask, n: int) -> int:
    """One mask's pattern, packed. Every mask repeats every 6 columns and every 12 rows, so
    12 rows of 6 cells make the whole; far cheaper than testing all n * n cells."""
    rows = [
        ("".join("1" if mask(r, c) else "0" for c in range(6)) * (n // 6 + 1))[:n] + "0"
        for r in range(12)
    ]
    return int("".join(rows[r % 12] for r in range(n)), 2)
