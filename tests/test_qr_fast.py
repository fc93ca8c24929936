"""The fast QR path (qrdata codewords, qrmask mask choice) makes exactly qrcode's matrix.

qr.matrix skips qrcode's bit buffer, polynomial objects and eight-fold mask rebuild; these
tests hold it to python-qrcode's own output, module for module, on payloads of every
mode (numeric, alphanumeric, bytes, UTF-8) and of sizes across many versions.
"""

from __future__ import annotations

import random
import string

import pytest
import qrcode
from conftest import fixture_cases
from qrcode.constants import ERROR_CORRECT_M
from qrcode.exceptions import DataOverflowError

from sheets import api
from sheets.render import qr, qrdata, qrmask

ALPHABETS = [string.ascii_letters + string.digits + " -\n", string.digits,
             "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:", string.digits + "AB ab-\n",
             "é€✓ " + string.ascii_lowercase]
SIZES = [1, 7, 20, 45, 90, 160, 270, 400, 650, 1000]


def payloads() -> list[str]:
    rng = random.Random(20260314)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(max(1, size // 2), size)))
            for size in SIZES for alphabet in ALPHABETS]


def reference(text: str) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4)
    code.add_data(text.encode("utf-8"))
    code.make(fit=True)
    return code


@pytest.mark.parametrize("text", payloads(), ids=lambda t: f"{len(t)}-{t[:6]!r}")
def test_matrix_is_qrcodes_own(text):
    code = reference(text)
    version, data = qrdata.codewords(text.encode("utf-8"), ERROR_CORRECT_M)
    assert (version, data) == (code.version, code.data_cache)
    assert qr.matrix(text) == tuple(tuple(row) for row in code.get_matrix())


@pytest.mark.parametrize("path,expected", fixture_cases()[::3], ids=lambda c: getattr(c, "name", ""))
def test_sheet_payloads_match(path, expected):
    text = qr.payload(api.make_sheet(api.read_codes(str(path)), owner="Jordan Rivera"))
    assert qr.matrix(text) == tuple(tuple(row) for row in reference(text).get_matrix())


def test_every_version_scores_each_mask_as_qrcode_does():
    rng = random.Random(7)
    for version in range(1, 41):
        code = qrcode.QRCode(version=version, error_correction=ERROR_CORRECT_M, border=0)
        code.add_data(bytes(rng.randrange(256) for _ in range(8)))
        code.make(fit=False)
        assert qrmask.best(_test_matrix(code, 0), version) == _qrcode_choice(code)


def test_too_much_data_is_refused_like_qrcode():
    with pytest.raises(DataOverflowError):
        qrdata.codewords(b"x" * 3000, ERROR_CORRECT_M)


def _test_matrix(code, mask):
    code.makeImpl(True, mask)
    return [list(row) for row in code.modules]


def _qrcode_choice(code) -> int:
    return qrcode.QRCode.best_mask_pattern(code)
