"""No code leaks: every command on every fixture, every channel searched for every code.

Channels: stdout and stderr (except `inspect --json` and `verify --json`, whose job is to
print codes), the PDF's metadata (Info dictionary and XMP), the ledger's state folder, the
temp folder (TMPDIR points at an empty folder) and whatever an encrypted PDF leaves
readable without its password. Each code is searched as written, without its separators
and case-folded. Commands join when they exist (verify, history, binder).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pikepdf
import pytest
from conftest import authenticator_cases, fixture_cases

from sheets import cli

PASSWORD = "tr0ub4dor&3 staple"
CASES = fixture_cases()
ALL_CODES = sorted({code for _, expected in CASES for code in expected["codes"]})
EXPORTS = authenticator_cases()  # authenticator exports: their secrets are the codes here
VAULT_PASSWORD = "correct horse battery staple"


def _squash(text: str) -> str:
    return re.sub(r"[\s\-_.:,/•]", "", text).casefold()


def leaks(haystack: str | bytes, codes=ALL_CODES) -> list[str]:
    """Which codes appear in haystack, as written, unseparated or in another case."""
    if isinstance(haystack, bytes):
        haystack = haystack.decode("latin-1")
    folded, squashed = haystack.casefold(), _squash(haystack)
    return [code for code in codes if code.casefold() in folded or _squash(code) in squashed]


def metadata_text(pdf: bytes, password: str | None = None) -> str:
    """The Info dictionary and the XMP packet of a PDF, as text."""
    with pikepdf.open(io.BytesIO(pdf), password=password or "") as doc:
        info = " ".join(f"{key}={value}" for key, value in doc.docinfo.items())
        xmp = doc.Root.Metadata.read_bytes().decode("utf-8") if "/Metadata" in doc.Root else ""
        outlines = str(doc.Root.get("/Outlines", ""))
    return " ".join((info, xmp, outlines))


def folder_text(folder: Path) -> str:
    """Every file name and file content under folder."""
    parts = []
    for path in sorted(folder.rglob("*")):
        parts.append(path.name)
        if path.is_file():
            parts.append(path.read_bytes().decode("latin-1"))
    return "\n".join(parts)


def commands() -> set[str]:
    return set(cli.cli.commands)


@pytest.fixture
def sandbox(tmp_path, monkeypatch):
    """Fresh state and temp folders for one in-process run of the CLI."""
    for name in ("state", "tmp", "out"):
        (tmp_path / name).mkdir()
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    monkeypatch.setattr(tempfile, "tempdir", None)  # forget a temp folder chosen earlier
    (tmp_path / "pw").write_text(PASSWORD + "\n")
    return tmp_path


def run(capfd, *args: str) -> tuple[int, str]:
    """cli.main in this process; its exit status and everything on fd 1 and 2."""
    status = cli.main([*args])
    out, err = capfd.readouterr()
    return status, out + err


@pytest.mark.parametrize(
    "source, expected", CASES, ids=[f"{e['provider']}/{e['file']}" for _, e in CASES]
)
def test_no_command_prints_or_stores_a_code(sandbox, capfd, source, expected):
    codes = expected["codes"]
    plain, locked = sandbox / "out" / "sheet.pdf", sandbox / "out" / "locked.pdf"
    printed = []
    status, text = run(
        capfd, "make", str(source), "--provider", expected["provider"], "-o", str(plain)
    )
    assert status == 0, text
    printed.append(text)
    status, text = run(
        capfd,
        "make",
        str(source),
        "--provider",
        expected["provider"],
        "-o",
        str(locked),
        "--password-file",
        str(sandbox / "pw"),
    )
    assert status == 0, text
    printed.append(text)
    printed.append(run(capfd, "inspect", str(source))[1])
    printed.append(run(capfd, "inspect", str(source), "--provider", "generic")[1])
    printed.append(run(capfd, "providers")[1])
    if "verify" in commands():
        status, text = run(capfd, "verify", str(plain))
        assert status == 0, text
        printed.append(text)
        printed.append(run(capfd, "verify", str(locked))[1])  # refused: no password
    if "history" in commands():
        printed.append(run(capfd, "history")[1])

    for text in printed:
        assert leaks(text, codes) == [], text
        assert PASSWORD not in text
    assert leaks(metadata_text(plain.read_bytes()), codes) == []
    assert leaks(metadata_text(locked.read_bytes(), PASSWORD), codes) == []
    assert leaks(locked.read_bytes(), codes) == []  # what the file shows without a password
    assert sorted(os.listdir(sandbox / "out")) == ["locked.pdf", "sheet.pdf"]
    for folder in ("state", "tmp"):
        stored = folder_text(sandbox / folder)
        assert leaks(stored, codes) == [] and PASSWORD not in stored, folder


def test_a_real_run_of_every_fixture_leaves_nothing_behind(tmp_path):
    """End to end in subprocesses: one make over every fixture, history, one binder."""
    inputs, folder = [], tmp_path / "in"
    folder.mkdir()
    for source, expected in CASES:
        copy = folder / f"{expected['provider']}--{source.name}"
        shutil.copy(source, copy)
        inputs.append(str(copy))
    state, temp = tmp_path / "state", tmp_path / "tmp"
    state.mkdir()
    temp.mkdir()
    env = {**os.environ, "XDG_STATE_HOME": str(state), "TMPDIR": str(temp)}
    made = subprocess.run(
        [sys.executable, "-m", "sheets", *inputs], env=env, capture_output=True, timeout=300
    )
    assert made.returncode == 0, made.stderr
    outputs = [made.stdout, made.stderr]
    if "history" in commands():
        outputs.append(
            subprocess.run(
                [sys.executable, "-m", "sheets", "history"],
                env=env,
                capture_output=True,
                timeout=60,
            ).stdout
        )
    if "binder" in commands():  # the same downloads as one person's binder
        family = tmp_path / "family"
        shutil.copytree(folder, family / "Jordan Rivera", ignore=shutil.ignore_patterns("*.pdf"))
        bound = subprocess.run(
            [
                sys.executable,
                "-m",
                "sheets",
                "binder",
                str(family),
                "--keep-going",
                "-o",
                str(tmp_path / "binder.pdf"),
            ],
            env=env,
            capture_output=True,
            timeout=300,
        )
        assert bound.returncode == 0, bound.stderr
        outputs += [bound.stdout, bound.stderr]
        assert leaks(metadata_text((tmp_path / "binder.pdf").read_bytes())) == []
    for output in outputs:
        assert leaks(output) == []
    assert os.listdir(temp) == []
    assert leaks(folder_text(state)) == []
    assert not [name for name in os.listdir(folder) if name.startswith(".mksheet-")]
    for pdf in sorted(folder.glob("*.pdf")):
        assert leaks(metadata_text(pdf.read_bytes())) == [], pdf.name
    assert len(list(folder.glob("*.pdf"))) == len(inputs)


@pytest.mark.parametrize("source, expected", EXPORTS, ids=[e["file"] for _, e in EXPORTS])
def test_no_secret_of_an_authenticator_export_is_shown_or_stored(sandbox, capfd, source, expected):
    secrets = [entry["secret"] for entry in expected["entries"]]
    (sandbox / "vault-pw").write_text(VAULT_PASSWORD + "\n")
    (sandbox / "vault-pw").chmod(0o600)
    status, shown = run(
        capfd, "inspect", str(source), "--vault-password-file", str(sandbox / "vault-pw")
    )
    assert status == 0, shown
    status, refused = run(
        capfd, "inspect", str(source), "--vault-password-file", str(sandbox / "pw")
    )  # the wrong password for encrypted ones
    assert status == (1 if expected["password"] else 0), refused
    for text in (shown, refused):
        assert leaks(text, secrets) == [] and VAULT_PASSWORD not in text, text
    for folder in ("state", "tmp"):
        stored = folder_text(sandbox / folder)
        assert leaks(stored, secrets) == [] and VAULT_PASSWORD not in stored, folder


def test_the_leak_finder_finds_codes_in_every_disguise():
    assert leaks("xx E91C7-A688C yy", ["e91c7-a688c"]) == ["e91c7-a688c"]
    assert leaks("e91c7a688c", ["e91c7-a688c"]) == ["e91c7-a688c"]
    assert leaks("1234 5678", ["12345678"]) == ["12345678"]
    assert leaks(b"\x00E9 1C7 A68 8C", ["e91c7-a688c"]) == ["e91c7-a688c"]
    assert leaks("e9•••-•••••", ["e91c7-a688c"]) == []
