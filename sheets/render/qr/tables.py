"""The QR standard's tables as python-qrcode holds them, kept between runs.

A sheet's symbols need only qrcode's tables (block structure, capacities, length-field
sizes, alignment centres, BCH-coded format and version bits), but importing qrcode costs
a single sheet 6 ms: its package loads its PIL image drawers. So the tables are read from
qrcode once, on the first run and again whenever qrcode's files change, and kept as plain
data (marshal) in $XDG_CACHE_HOME/mksheet/qr. Standard tables only: no payload passes here.
"""

from __future__ import annotations

import importlib.util
import os
from functools import lru_cache

from sheets.render import cache

FORMAT = 1  # the layout of the tables below; a change makes every kept file stale
SOURCES = ("base.py", "util.py", "constants.py")  # qrcode's files the tables come from


@lru_cache(maxsize=1)
def tables() -> dict:
    """The tables: kept ones while qrcode's files are the same, else read from qrcode."""
    where = cache.path("qr", "tables") if (found_key := key()) else None
    kept = cache.read(where, found_key or "")
    if kept is not None:
        return kept
    found = from_qrcode()
    cache.keep(where, found_key or "", found)
    return found


def from_qrcode() -> dict:
    """Every table a symbol needs, read from python-qrcode (names it does not document:
    pyproject caps its version, and tests compare the matrices with stock qrcode's)."""
    from qrcode import base, constants, util

    levels = {
        "L": constants.ERROR_CORRECT_L,
        "M": constants.ERROR_CORRECT_M,
        "Q": constants.ERROR_CORRECT_Q,
        "H": constants.ERROR_CORRECT_H,
    }
    versions = range(1, 41)
    modes = (util.MODE_NUMBER, util.MODE_ALPHA_NUM, util.MODE_8BIT_BYTE)
    return {
        "levels": levels,
        "modes": modes,
        "alpha_num": util.ALPHA_NUM,
        "number_length": dict(util.NUMBER_LENGTH),
        "pad": (util.PAD0, util.PAD1),
        # per version (index 0 unused): the length field's bits for each mode
        "length_bits": [{}] + [{m: util.length_in_bits(m, v) for m in modes} for v in versions],
        "bit_limits": {ec: list(util.BIT_LIMIT_TABLE[ec]) for ec in levels.values()},
        "blocks": {
            (v, ec): [(b.total_count, b.data_count) for b in base.rs_blocks(v, ec)]
            for v in versions
            for ec in levels.values()
        },
        "alignment": [[]] + [list(util.pattern_position(v)) for v in versions],
        "format_bits": [util.BCH_type_info(i) for i in range(32)],
        "version_bits": {v: util.BCH_type_number(v) for v in range(7, 41)},
    }


def key() -> str | None:
    """The installed qrcode's tables files by size and time, without importing qrcode."""
    spec = importlib.util.find_spec("qrcode")
    if spec is None or not spec.origin:
        return None
    folder = os.path.dirname(spec.origin)
    try:
        stats = [os.stat(os.path.join(folder, name)) for name in SOURCES]
    except OSError:
        return None
    files = " ".join(f"{s.st_size}:{s.st_mtime_ns}" for s in stats)
    return f"{FORMAT} {folder} {files}"
