"""The fast QR path (qrdata codewords, qrmatrix placement and masks) makes qrcode's matrix.

qr.matrix skips qrcode's bit buffer, polynomial objects and eight-fold mask rebuild; these
tests hold it to python-qrcode's own output, module for module, on payloads of every
mode (numeric, alphanumeric, bytes, UTF-8), of sizes across many versions, and on every
version at every error-correction level.
"""

from __future__ import annotations

import random
import re
import string
from pathlib import Path

import pytest
import qrcode
from conftest import fixture_cases
from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_L, ERROR_CORRECT_M, ERROR_CORRECT_Q
from qrcode.util import optimal_data_chunks

from sheets import api, payload
from sheets.render import qr
from sheets.render.qr import data as qrdata
from sheets.render.qr import modules as qrmatrix

ALPHABETS = [
    string.ascii_letters + string.digits + " -\n",
    string.digits,
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:",
    string.digits + "AB ab-\n",
    "é€✓ " + string.ascii_lowercase,
]
SIZES = [1, 7, 20, 45, 90, 160, 270, 400, 650, 1000]


def payloads() -> list[str]:
    rng = random.Random(20260314)
    return [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(max(1, size // 2), size)))
        for size in SIZES
        for alphabet in ALPHABETS
    ]


def reference(text: str, error_correction: int = ERROR_CORRECT_M) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=error_correction, border=4)
    code.add_data(text.encode("utf-8"))
    code.make(fit=True)
    return code


@pytest.mark.parametrize("text", payloads(), ids=lambda t: f"{len(t)}-{t[:6]!r}")
def test_matrix_is_qrcodes_own(text):
    code = reference(text)
    version, data = qrdata.codewords(text.encode("utf-8"), ERROR_CORRECT_M)
    assert (version, data) == (code.version, code.data_cache)
    assert qr.matrix(text) == rows(code)


@pytest.mark.parametrize(
    "path,expected", fixture_cases()[::3], ids=lambda c: getattr(c, "name", "")
)
def test_sheet_payloads_match(path, expected):
    for text in payload.encode(api.make_sheet(api.read_codes(str(path)), owner="Jordan Rivera")):
        assert qr.matrix(text) == rows(reference(text))


@pytest.mark.parametrize("level", ["L", "M", "Q", "H"])
def test_every_version_and_level_is_qrcodes_own(level):
    """Every version's layout, data order, format and version bits and mask choice."""
    rng = random.Random(7)
    error_correction = qrdata.LEVELS[level]
    versions = range(1, 41) if level == "M" else [*range(1, 11), 14, 21, 33, 40]  # test time
    for version in versions:
        code = qrcode.QRCode(version=version, error_correction=error_correction, border=4)
        code.add_data(bytes(rng.randrange(256) for _ in range(4)))
        code.make(fit=False)
        assert qrmatrix.build(version, error_correction, code.data_cache) == rows(code), version


def test_levels_are_qrcodes():
    assert qrdata.LEVELS == {
        "L": ERROR_CORRECT_L,
        "M": ERROR_CORRECT_M,
        "Q": ERROR_CORRECT_Q,
        "H": ERROR_CORRECT_H,
    }
    text = "Level check 0123456789"
    for level, error_correction in qrdata.LEVELS.items():
        assert qr.matrix(text, level) == rows(reference(text, error_correction))


def test_rows_are_bytes_of_zero_and_one():
    matrix = qr.matrix("rows of bytes")
    assert all(type(row) is bytes and set(row) <= {0, 1} for row in matrix)
    assert len(matrix) == len(matrix[0]) == 21 + 8


def test_too_much_data_is_refused():
    with pytest.raises(qrdata.DataOverflowError):
        qrdata.codewords(b"x" * 3000, ERROR_CORRECT_M)


CHUNK_CASES = [
    b"",
    b"7",
    b"12345678901234567890",  # 20 digits: the whole of a short text
    b"12345678901234567890\n",  # `$` matches before a final newline
    b"ABC 123",
    b"abc",
    b"\n",
    b"1" * 19 + b"a" + b"2" * 21,  # a run of 21 digits after a short one
    b"CODE-" * 5 + b"\n" + b"9" * 40 + b"x",
    "é€✓ 0123456789".encode() * 3,
]


@pytest.mark.parametrize("data", CHUNK_CASES + [t.encode() for t in payloads()])
def test_chunks_are_qrcodes(data):
    """The mode runs follow qrcode's optimal_data_chunks at add_data's minimum exactly."""
    stock = [(c.mode, c.data) for c in optimal_data_chunks(data, minimum=qrdata.MINIMUM)]
    assert qrdata.chunked(data) == stock


def rows(code: qrcode.QRCode) -> tuple[bytes, ...]:
    """Stock qrcode's matrix (quiet zone included) as rows of bytes."""
    return tuple(bytes(row) for row in code.get_matrix())


def test_only_qrtables_imports_qrcode():
    """qrcode's undocumented names are read in one module, the one pyproject's cap is for."""
    package = Path(qr.__file__).resolve().parents[2]
    importers = sorted(
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if re.search(r"^\s*(import|from) qrcode\b", path.read_text("utf-8"), re.M)
    )
    assert importers == ["render/qr/tables.py"]
