"""Shared test helpers: read a rendered PDF back without trusting the code that drew it.

Text comes from pypdf, pixels from pdfium, QR content from zxing-cpp: three libraries
independent of reportlab and qrcode. A missing decoder is an import error, never a skip.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pypdf
import pypdfium2
import pytest
import zxingcpp

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLES = ROOT / "samples"
AUTHENTICATORS = FIXTURES / "authenticators"  # exports of OTP apps, not code downloads


def fixture_cases() -> list[tuple[Path, dict]]:
    """(file, expected) for every entry of every tests/fixtures/<provider>/expected.json."""
    cases = []
    for expected in sorted(FIXTURES.glob("*/expected.json")):
        if expected.parent == AUTHENTICATORS:
            continue
        for entry in json.loads(expected.read_text("utf-8")):
            cases.append((expected.parent / entry["file"], entry))
    return cases


def authenticator_cases() -> list[tuple[Path, dict]]:
    """(file, expected) for every authenticator export in tests/fixtures/authenticators/."""
    entries = json.loads((AUTHENTICATORS / "expected.json").read_text("utf-8"))
    return [(AUTHENTICATORS / entry["file"], entry) for entry in entries]


# Issue 22's examples of a file that holds more than codes: a second secret (Login.gov's
# personal key, Mozilla's recovery key, Proton's phrase), a secret's line, notes beside
# codes. Alone and with two lines appended, their sheets are the fullest pages mksheet
# makes; several fit only past TIGHT (render/style.py).
CROWDED = (
    "backup_codes my personal key.txt",
    "github-recovery-codes totp.txt",
    "github-recovery-codes notes.txt",
    "jordan.rivera@example.com Backup authentication codes.txt",
    "proton_recovery_codes.txt",
)
APPENDED = "Saved on my laptop\nTOTP secret: JBSWY3DPEHPK3PXP\n"


def crowded() -> list[tuple[str, str]]:
    """(name, text) of each of CROWDED, alone and with APPENDED after its last line."""
    found = []
    for name in CROWDED:
        text = (FIXTURES / "lines" / name).read_text("utf-8")
        found += [(name, text), (name, text.rstrip("\n") + "\n" + APPENDED)]
    return found


def page_texts(pdf: bytes, password: str | None = None) -> list[str]:
    """The extracted text of each page."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    if password is not None:
        reader.decrypt(password)
    return [page.extract_text() or "" for page in reader.pages]


def flat(text: str) -> str:
    """Text with every run of white space folded to one space (wrapped lines join)."""
    return re.sub(r"\s+", " ", text)


def printed(code: str) -> re.Pattern:
    """A code as a sheet prints it: its own characters in order, where the sheet may add a
    space between two of them (it groups long codes for reading; the QR holds them plain)."""
    return re.compile(" ?".join(re.escape(char) for char in code))


def count_printed(code: str, text: str) -> int:
    """How many times `code` is printed in the folded `text`."""
    return len(printed(code).findall(flat(text)))


def raster(pdf: bytes, dpi: int = 150, page: int = 0, password: str | None = None):
    """One page as a greyscale PIL image at dpi."""
    document = pypdfium2.PdfDocument(pdf, password=password)
    try:
        return document[page].render(scale=dpi / 72, grayscale=True).to_pil()
    finally:
        document.close()


def qr_payloads(image) -> list[str]:
    """Every QR code zxing-cpp finds in an image."""
    return [r.text for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


def payload_codes(*texts: str) -> list[str]:
    """The codes of one sheet's QR payload (all its parts), read by sheets.payload."""
    from sheets import payload

    (sheet,) = payload.decode(texts)
    assert not sheet.missing, f"parts {sheet.missing} of {sheet.parts} not given"
    return list(sheet.codes)


# System tools some tests use, with the Debian package that brings each. On a machine with
# only Python these tests skip and say what to install; .ci/run installs them all and sets
# MKSHEET_REQUIRE_TOOLS=1, under which a missing tool fails the test instead.
TOOLS = {
    "tesseract": "tesseract-ocr tesseract-ocr-eng",
    "qpdf": "qpdf",
    "pdftotext": "poppler-utils",
    "pdfinfo": "poppler-utils",
    "pdftoppm": "poppler-utils",
    "lp": "cups-bsd",
    "unshare": "util-linux",
}


def require_tool(*names: str) -> None:
    """Skip (or under MKSHEET_REQUIRE_TOOLS fail) unless every named tool is on PATH."""
    import shutil

    missing = [name for name in names if not shutil.which(name)]
    if not missing:
        return
    packages = " ".join(dict.fromkeys(TOOLS[name] for name in missing))
    _missing(f"needs {', '.join(missing)}: apt install {packages}")


def require_command(command: list[str], needs: str) -> None:
    """Skip (or under MKSHEET_REQUIRE_TOOLS fail) unless command runs and exits 0: tools
    that are on PATH may still be refused (namespaces and mounts need permission)."""
    require_tool(command[0])
    probe = subprocess.run(command, capture_output=True)
    if probe.returncode != 0:
        _missing(f"`{' '.join(command)}` failed ({probe.stderr.decode().strip()}): needs {needs}")


def _missing(why: str) -> None:
    if os.environ.get("MKSHEET_REQUIRE_TOOLS"):
        pytest.fail(f"CI installs every tool the tests use, but {why}")
    pytest.skip(why)


def run_cli(
    *args: str, cwd: str | Path | None = None, env: dict | None = None, input: bytes | None = None
) -> subprocess.CompletedProcess:
    """Run `python -m sheets ARGS` as a user would, capturing bytes."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "sheets", *args],
        cwd=cwd,
        env=full_env,
        input=input,
        capture_output=True,
        timeout=120,
    )


@pytest.fixture
def fixed_clock(monkeypatch):
    """A fixed SOURCE_DATE_EPOCH (2026-03-14) for reproducible output."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1773446400")
    return "2026-03-14"


@pytest.fixture(autouse=True)
def private_state(tmp_path_factory, monkeypatch):
    """Every test gets its own empty XDG_STATE_HOME, so no run touches ~/.local/state, and
    the session one XDG_CACHE_HOME, so none touches ~/.cache."""
    home = tmp_path_factory.mktemp("xdg-state")
    monkeypatch.setenv("XDG_STATE_HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "xdg-cache"))
    return home / "mksheet"


@pytest.fixture
def key_work(monkeypatch):
    """Every key derivation the run starts, as (kind, cost): scrypt N*r*p, PBKDF2 rounds,
    Argon2id passes x KiB. A hostile export must be refused before any costs more than
    sheets.read.authenticators.crypt allows: that is the bound, checked without a clock."""
    from cryptography.hazmat.primitives.kdf import argon2, pbkdf2, scrypt

    started: list[tuple[str, int]] = []

    def spy(module, name, kind, cost):
        real = getattr(module, name)

        def made(*args, **kwargs):  # crypt passes every cost by keyword
            started.append((kind, cost(kwargs)))
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, made)  # crypt imports it when it derives a key

    spy(scrypt, "Scrypt", "scrypt", lambda k: k["n"] * k["r"] * k["p"])
    spy(pbkdf2, "PBKDF2HMAC", "pbkdf2", lambda k: k["iterations"])
    spy(argon2, "Argon2id", "argon2id", lambda k: k["iterations"] * k["memory_cost"])
    return started


def within_bounds(started: list[tuple[str, int]]) -> bool:
    """Whether every key derivation key_work saw costs no more than crypt's bounds."""
    from sheets.read.authenticators import crypt

    most = {
        "scrypt": crypt.MAX_SCRYPT_WORK,
        "pbkdf2": crypt.MAX_ITERATIONS,
        "argon2id": crypt.MAX_ARGON2_WORK,
    }
    return all(cost <= most[kind] for kind, cost in started)
