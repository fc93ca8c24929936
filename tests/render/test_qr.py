"""The QR encoder (sheets/render/qr) makes python-qrcode's symbols, module for module.

qrcode stays the reference, through its public encoder only: QRCode(version=...,
error_correction=..., mask_pattern=...), add_data and make. Each symbol is compared with the
one qrcode makes of the same text at the same version, level and mask, or with qrcode's own
choice of version and mask; for text of every kind (numeric, alphanumeric, 8-bit, UTF-8 and
runs of each mixed) and size, at every version, level and mask. The encoder's tables are
plain data written by scripts/qr_tables.py, held to what that script writes from qrcode.
"""

from __future__ import annotations

import importlib.util
import random
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest
import qrcode
from conftest import SAMPLES, fixture_cases
from hypothesis import given, settings
from hypothesis import strategies as st
from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_L, ERROR_CORRECT_M, ERROR_CORRECT_Q
from qrcode.exceptions import DataOverflowError

from sheets import api, payload
from sheets.render import qr
from sheets.render.qr import data as qrdata
from sheets.render.qr import tables

ROOT = Path(__file__).resolve().parents[2]
STOCK_LEVELS = {
    "L": ERROR_CORRECT_L,
    "M": ERROR_CORRECT_M,
    "Q": ERROR_CORRECT_Q,
    "H": ERROR_CORRECT_H,
}
KINDS = {
    "numeric": string.digits,
    "alphanumeric": "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:",
    "8-bit": string.ascii_letters + string.digits + " -\n",
    "utf-8": "é€✓ " + string.ascii_lowercase,
    "mixed": "",  # runs of the other kinds, 1 to 30 long, across the chunking's limit of 20
}
BITS_PER_CHARACTER = {"numeric": 10 / 3, "alphanumeric": 5.5, "8-bit": 8, "utf-8": 24, "mixed": 8}
SIZES = [1, 7, 20, 45, 90, 160, 270, 400, 650, 1000]
EDGES = [
    "",
    "7",
    "12345678901234567890",  # 20 digits: the whole of a short text is numeric
    "12345678901234567890\n",  # `$` matches before a final newline
    "ABC 123",
    "abc",
    "\n",
    "1" * 19 + "a" + "2" * 21,  # a run of 21 digits after one of 19
    "CODE-" * 5 + "\n" + "9" * 40 + "x",
    "é€✓ 0123456789" * 3,
]


def stock(text: str, level: str = "M", version: int | None = None, mask: int | None = None):
    """qrcode's public encoder's symbol (quiet zone of 4 included) as rows of bytes: the
    version and mask given, or qrcode's own choice of each."""
    code = qrcode.QRCode(
        version=version, error_correction=STOCK_LEVELS[level], mask_pattern=mask, border=4
    )
    code.add_data(text)
    code.make(fit=version is None)
    return tuple(bytes(row) for row in code.get_matrix())


def text_of(kind: str, length: int, rng: random.Random) -> str:
    if kind != "mixed":
        return "".join(rng.choice(KINDS[kind]) for _ in range(length))
    runs = []
    while sum(map(len, runs)) < length:
        runs.append(
            text_of(rng.choice(["numeric", "alphanumeric", "8-bit"]), rng.randint(1, 30), rng)
        )
    return "".join(runs)[:length]


def payloads() -> list[str]:
    rng = random.Random(20260314)
    return EDGES + [
        text_of(kind, rng.randint(max(1, size // 2), size), rng) for size in SIZES for kind in KINDS
    ]


@pytest.mark.parametrize("text", payloads(), ids=lambda t: f"{len(t)}-{t[:6]!r}")
def test_version_and_mask_are_qrcodes_choice(text):
    assert qr.matrix(text) == stock(text)


@pytest.mark.parametrize("level", ["L", "Q", "H"])
def test_every_level_chooses_as_qrcode(level):
    for text in payloads()[::4]:
        assert qr.matrix(text, level) == stock(text, level), text


@pytest.mark.parametrize("level", ["L", "M", "Q", "H"])
def test_every_version_at_every_level_is_qrcodes(level):
    """Each version filled to a random half or more, each mask five times, each kind of text."""
    rng = random.Random(f"versions {level}")
    kinds = list(KINDS)
    for version in range(1, 41):
        kind, mask = kinds[version % len(kinds)], (version + len(level)) % 8
        room = qrdata.capacity(version, STOCK_LEVELS[level]) - 4 - 16
        text = text_of(kind, int(room * rng.uniform(0.5, 0.95) / BITS_PER_CHARACTER[kind]), rng)
        ours = qr.matrix(text, level, version=version, mask=mask)
        assert ours == stock(text, level, version, mask), (version, kind, mask)


@pytest.mark.parametrize("version", [1, 2, 7, 10])
def test_every_mask_at_every_level_is_qrcodes(version):
    rng = random.Random(version)
    for level in STOCK_LEVELS:
        text = text_of("mixed", rng.randint(1, 12), rng)
        for mask in range(8):
            assert qr.matrix(text, level, version, mask) == stock(text, level, version, mask)


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(max_size=120),
    level=st.sampled_from(list(STOCK_LEVELS)),
    mask=st.none() | st.integers(0, 7),
)
def test_any_text_is_qrcodes(text, level, mask):
    assert qr.matrix(text, level, mask=mask) == stock(text, level, mask=mask)


def test_a_version_too_small_is_refused_as_qrcode_refuses_it():
    text = "0123456789" * 20  # 200 digits: version 4 at level M holds 187
    with pytest.raises(DataOverflowError):
        stock(text, "M", version=4, mask=0)
    with pytest.raises(qrdata.DataOverflowError):
        qr.matrix(text, "M", version=4, mask=0)
    assert qr.matrix(text, "M", version=5, mask=0) == stock(text, "M", version=5, mask=0)


def test_too_much_for_version_40_is_refused():
    with pytest.raises(ValueError):  # qrcode 8 finds no version 41: "Invalid version"
        stock("x" * 3000, "M")
    with pytest.raises(qrdata.DataOverflowError):
        qr.matrix("x" * 3000, "M")


@pytest.mark.parametrize(
    "path,expected", fixture_cases()[::3], ids=lambda c: getattr(c, "name", "")
)
def test_sheet_payloads_are_qrcodes(path, expected):
    for text in payload.encode(api.make_sheet(api.read_codes(str(path)), owner="Jordan Rivera")):
        assert qr.matrix(text) == stock(text)


def test_levels_are_qrcodes():
    assert qrdata.LEVELS == STOCK_LEVELS


def test_rows_are_bytes_of_zero_and_one():
    matrix = qr.matrix("rows of bytes")
    assert all(type(row) is bytes and set(row) <= {0, 1} for row in matrix)
    assert len(matrix) == len(matrix[0]) == 21 + 8


def test_tables_are_what_the_script_writes_from_qrcode():
    """The committed tables.py is scripts/qr_tables.py's output for the installed qrcode."""
    spec = importlib.util.spec_from_file_location("qr_tables", ROOT / "scripts" / "qr_tables.py")
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert Path(tables.__file__).read_text("utf-8") == script.source()


def test_mksheet_never_imports_qrcode():
    """No module of the package imports qrcode, and drawing a sheet loads none of it."""
    package = Path(qr.__file__).resolve().parents[2]
    importers = [
        path
        for path in package.rglob("*.py")
        if re.search(r"^\s*(import|from)\s+qrcode\b|([\"'])qrcode\2", path.read_text("utf-8"), re.M)
    ]
    assert importers == []
    sample = str(SAMPLES / "github-recovery-codes.txt")
    probe = (
        "import sys\nfrom sheets import api\n"
        f"api.render_pdf([api.make_sheet(api.read_codes({sample!r}))])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'qrcode'))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert loaded.stdout.strip() == "[]"
