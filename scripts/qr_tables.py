"""Write sheets/render/qr/tables.py: the QR standard's tables, read from python-qrcode.

Run `python scripts/qr_tables.py` after a new qrcode release passes tests/render/test_qr.py and
commit what it writes. The tables come from qrcode's modules that it does not document
(util, base), so this script, not mksheet, imports them: at run time mksheet reads only the
plain data written here. tests/render/test_qr.py checks that the committed module is exactly what
this script writes from the installed qrcode.
"""

from __future__ import annotations

import sys
from itertools import groupby
from pathlib import Path

TARGET = Path(__file__).resolve().parent.parent / "sheets" / "render" / "qr" / "tables.py"
WIDTH = 100  # ruff's line length: the module is written as `ruff format` would leave it

HEADER = '''"""The QR standard's tables (ISO/IEC 18004) as python-qrcode holds them, as plain data.

Written by scripts/qr_tables.py from the installed qrcode: do not edit by hand. The
encoder (data.py, modules.py) reads them here, so a sheet never imports qrcode.
"""
'''


def tables() -> list[tuple[str, str, object]]:
    """(name, comment, value) of every table, read from the installed qrcode."""
    from qrcode import base, constants, util

    versions = range(1, 41)
    levels = {
        "L": constants.ERROR_CORRECT_L,
        "M": constants.ERROR_CORRECT_M,
        "Q": constants.ERROR_CORRECT_Q,
        "H": constants.ERROR_CORRECT_H,
    }
    modes = (util.MODE_NUMBER, util.MODE_ALPHA_NUM, util.MODE_8BIT_BYTE)
    blocks = {
        (version, level): tuple(
            (len(list(same)), total, data)
            for (total, data), same in groupby(
                (b.total_count, b.data_count) for b in base.rs_blocks(version, level)
            )
        )
        for version in versions
        for level in levels.values()
    }
    return [
        ("LEVELS", "Error-correction levels by letter; each is the level's format bits.", levels),
        ("MODES", "The mode indicators of numeric, alphanumeric and 8-bit byte data.", modes),
        ("ALPHANUMERIC", "The alphanumeric mode's 45 characters, in code order.", util.ALPHA_NUM),
        ("DIGIT_BITS", "Bits of a numeric group of 3, 2 or 1 digits.", dict(util.NUMBER_LENGTH)),
        ("PAD", "The pad codewords, alternating, after the data.", (util.PAD0, util.PAD1)),
        (
            "LENGTH_BITS",
            "Per version: the bits of each mode's character-count field.",
            {v: {m: util.length_in_bits(m, v) for m in modes} for v in versions},
        ),
        (
            "BLOCKS",
            "Per (version, level): the error-correction blocks as (count, total codewords,\n"
            "# data codewords) groups, in order.",
            blocks,
        ),
        (
            "ALIGNMENT",
            "Per version: the alignment patterns' row and column centres.",
            {v: tuple(util.pattern_position(v)) for v in versions},
        ),
        (
            "FORMAT_BITS",
            "The 15 format bits, BCH-coded and masked, by (level << 3) | mask.",
            tuple(util.BCH_type_info(i) for i in range(32)),
        ),
        (
            "VERSION_BITS",
            "The 18 version bits, BCH-coded, of versions 7 to 40.",
            {v: util.BCH_type_number(v) for v in range(7, 41)},
        ),
    ]


def source() -> str:
    """The module's text."""
    parts = [HEADER]
    for name, comment, value in tables():
        parts.append(f"\n# {comment}\n{name} = {literal(value, len(name) + 3, 0)}\n")
    return "".join(parts)


def literal(value: object, used: int, indent: int) -> str:
    """value as a Python literal: on one line when it fits after `used` characters, else one
    item a line, as ruff formats it."""
    flat = _flat(value)
    if used + len(flat) <= WIDTH or not isinstance(value, (tuple, list, dict)) or not value:
        return flat
    inner = " " * (indent + 4)
    if isinstance(value, dict):
        items = []
        for key, item in value.items():
            head = f"{_flat(key)}: "
            items.append(head + literal(item, len(inner) + len(head) + 1, indent + 4))
    else:
        items = [literal(item, len(inner) + 1, indent + 4) for item in value]
    opening, closing = {tuple: "()", list: "[]", dict: "{}"}[type(value)]
    lines = "".join(f"{inner}{item},\n" for item in items)
    return f"{opening}\n{lines}{' ' * indent}{closing}"


def _flat(value: object) -> str:
    """value as a one-line literal, strings in double quotes."""
    if isinstance(value, (str, bytes)):
        text = repr(value)
        prefix = "b" if isinstance(value, bytes) else ""
        return f'{prefix}"{text[len(prefix) + 1 : -1]}"' if '"' not in text else text
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_flat(k)}: {_flat(v)}" for k, v in value.items()) + "}"
    if isinstance(value, tuple) and len(value) == 1:
        return f"({_flat(value[0])},)"
    if isinstance(value, (tuple, list)):
        opening, closing = "()" if isinstance(value, tuple) else "[]"
        return opening + ", ".join(_flat(item) for item in value) + closing
    return repr(value)


def main() -> int:
    TARGET.write_text(source(), "utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
