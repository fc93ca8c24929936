"""Choose a QR code's mask the way python-qrcode does, in a fraction of its time.

qrcode rebuilds and rescans the whole matrix once per candidate mask (ISO 18004 7.8.3),
which was most of the time a sheet took. Here the matrix made with mask 0 becomes one
big integer (each row followed by a light gap bit), is re-masked by XOR over its data
modules, and is scored with shifts and bit counts under qrcode's own rules and test-mode
matrix (format and version areas light), so the choice is the same: tests compare them.
"""

from __future__ import annotations

from functools import lru_cache

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


def best(modules, version: int) -> int:
    """The mask (0-7) qrcode would choose, given the matrix made with mask 0 (no border)."""
    n = len(modules)
    data, keep, flips = _regions(version, n)
    made = _pack([[bool(cell) for cell in row] for row in modules])
    plain = (made & (keep | data)) ^ (flips[0] & data)
    scores = [_score(plain ^ (flip & data), n) for flip in flips]
    return scores.index(min(scores))


def _pack(rows) -> int:
    """Rows of booleans as one int: row 0 in the highest bits, a 0 bit after each row."""
    return int("".join("".join("1" if cell else "0" for cell in row) + "0" for row in rows), 2)


def _score(dark: int, n: int) -> int:
    """qrcode's lost_point: runs of five or more, 2x2 blocks, finder-like rows, balance."""
    w = n + 1  # one row down is a shift by w; the gap bit stops runs at the row's end
    light = ~dark & _cells(n)
    score = 0
    for colour in (dark, light):
        for step in (1, w):
            window = colour & (colour >> step) & (colour >> 2 * step) \
                & (colour >> 3 * step) & (colour >> 4 * step)
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
    balance = int(abs(float(dark.bit_count()) / (n ** 2) * 100 - 50) / 5) * 10
    return score + balance


@lru_cache(maxsize=None)
def _cells(n: int) -> int:
    """Every module of an n x n matrix (the gap bits clear)."""
    return _pack([[True] * n for _ in range(n)])


@lru_cache(maxsize=None)
def _regions(version: int, n: int):
    """Packed: data modules, function modules kept as made, and each mask's pattern."""
    function = _function_modules(version, n)
    info = _info_modules(version, n)
    grid = [(r, c) for r in range(n) for c in range(n)]
    data = _pack_cells(n, {cell for cell in grid if cell not in function})
    keep = _pack_cells(n, function - info)
    return data, keep, [_mask_bits(mask, n) for mask in MASKS]


def _mask_bits(mask, n: int) -> int:
    """One mask's pattern, packed. Every mask repeats every 6 columns within a row, so each
    row is its first 6 cells repeated; far cheaper than testing all n * n cells."""
    repeat = n // 6 + 1
    rows = ("".join("1" if mask(r, c) else "0" for c in range(6)) * repeat for r in range(n))
    return int("".join(row[:n] + "0" for row in rows), 2)


def _pack_cells(n: int, cells: set) -> int:
    return _pack([[(r, c) in cells for c in range(n)] for r in range(n)])


def _function_modules(version: int, n: int) -> set[tuple[int, int]]:
    """Finders with separators, alignment, timing, format and version areas."""
    from qrcode.util import pattern_position

    cells = set()
    for top, left in ((0, 0), (0, n - 8), (n - 8, 0)):
        cells |= {(top + r, left + c) for r in range(8) for c in range(8)}
    centres = pattern_position(version)
    for r, c in [(r, c) for r in centres for c in centres if (r, c) not in cells]:
        cells |= {(r + dr, c + dc) for dr in range(-2, 3) for dc in range(-2, 3)}
    cells |= {(6, i) for i in range(n)} | {(i, 6) for i in range(n)}
    return cells | _info_modules(version, n)


def _info_modules(version: int, n: int) -> set[tuple[int, int]]:
    """Format information (with the dark module) and version information."""
    cells = {(8, c) for c in (*range(6), 7, 8, *range(n - 8, n))}
    cells |= {(r, 8) for r in (*range(6), 7, 8, *range(n - 8, n))}
    if version >= 7:
        cells |= {(r, c) for r in range(6) for c in range(n - 11, n - 8)}
        cells |= {(r, c) for r in range(n - 11, n - 8) for c in range(6)}
    return cells
