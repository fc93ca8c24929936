"""Hostile and broken input, end to end: one line, exit 1, no traceback, nothing written.

Every case runs the real command line in a subprocess and then checks the folders it could
have written to: no new file and no `.mksheet-*.part` temp file may be left behind.
"""

from __future__ import annotations

import io
import os
import random
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import SAMPLES, require_command, run_cli

GITHUB = SAMPLES / "github-recovery-codes.txt"
PROSE = (
    "It was a bright cold day in April, and the clocks were striking thirteen.\n"
    "Winston Smith slipped quickly through the glass doors of Victory Mansions.\n"
)
HEADERS_ONLY = (
    "GitHub recovery codes\n"
    "Keep your recovery codes as safe as your password. We recommend saving them "
    "with a password manager.\n\n"
    "(These codes were generated on: 2026-03-14)\n"
)


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(out, "PNG")
    return out.getvalue()


def _jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(out, "JPEG")
    return out.getvalue()


def _pdf() -> bytes:
    import pikepdf

    out = io.BytesIO()
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.save(out)
    return out.getvalue()


def _zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("codes.txt", "not really")
    return out.getvalue()


def _random(no_nul: bool) -> bytes:
    data = random.Random(7).randbytes(4096)
    return data.replace(b"\x00", b"\x01") if no_nul else data


# name -> (file content, words the one-line message must hold)
CONTENTS = {
    "empty": (b"", "is empty"),
    "whitespace": (b"  \n\t\r\n   \r\n", "white space"),
    "unicode-whitespace": ("\u00a0\u3000\u200b\n\u2007\n".encode(), "white space"),
    "png-image": (_png(), "PNG image"),
    "jpeg-image": (_jpeg(), "JPEG image"),
    "pdf": (_pdf(), "PDF"),
    "zip": (_zip(), "ZIP"),
    "random-bytes": (_random(no_nul=False), "text"),
    "random-bytes-without-nul": (_random(no_nul=True), "text"),
    "nul-bytes-in-text": (b"Backup codes\n1234 5678\x00\x00\n2345 6789\n", "NUL"),
    "only-nul-bytes": (b"\x00" * 200, "NUL"),
    "terminal-escapes": (b"codes\n\x1b[31mabcd-efgh\x1b[0m\n", "control characters"),
    "headers-without-codes": (HEADERS_ONLY.encode(), "holds no"),
    "prose": (PROSE.encode(), "holds no"),
    "bad-utf16-with-bom": (
        b"\xff\xfe" + "abcd-efgh\n".encode("utf-16-le") + b"\x00\xd8",
        "UTF-16 LE",
    ),
    "bad-utf8-with-bom": (b"\xef\xbb\xbfabcd \xc3\x28 efgh\n", "UTF-8"),
    "undecodable-8-bit": (b"caf\xe9 codes \x81\x8d\x8f\x90\x9d 1234-5678\n", "Windows-1252"),
    "oversized": (b"abcd-efgh-ijkl\n" * 80_000, "far larger"),
}


def listing(*folders: Path) -> dict[str, list[str]]:
    """Every name in the given folders (including hidden ones)."""
    return {str(f): sorted(os.listdir(f)) for f in folders}


def assert_refused(
    result: subprocess.CompletedProcess, file: str | None = None, words: str = ""
) -> str:
    """Exit 1, empty stdout, exactly one `mksheet: ` line on stderr with a hint."""
    err = result.stderr.decode("utf-8")
    assert result.returncode == 1, err
    assert b"Traceback" not in result.stderr
    assert result.stdout == b""
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert err.startswith(f"mksheet: {file}: " if file else "mksheet: "), err
    assert " — " in err, err
    assert words.lower() in err.lower(), err
    return err


def assert_nothing_new(before: dict[str, list[str]], *folders: Path) -> None:
    after = listing(*folders)
    assert after == before
    for names in after.values():
        assert not [n for n in names if n.startswith(".mksheet-")]


@pytest.mark.parametrize("case", sorted(CONTENTS))
def test_bad_file_is_refused_in_one_line(tmp_path, case):
    content, words = CONTENTS[case]
    bad = tmp_path / "codes.txt"
    bad.write_bytes(content)
    before = listing(tmp_path)
    assert_refused(run_cli(str(bad)), str(bad), words)
    assert_nothing_new(before, tmp_path)


def test_huge_file_is_refused_without_reading_it(tmp_path):
    huge = tmp_path / "codes.txt"
    with open(huge, "wb") as f:
        f.truncate(8 * 1024**3)  # sparse: reading it all would take far longer than the timeout
    before = listing(tmp_path)
    assert_refused(run_cli(str(huge)), str(huge), "far larger")
    assert_nothing_new(before, tmp_path)


def test_folder_missing_file_and_fifo_are_refused(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "sub").mkdir()
    before = listing(tmp_path, tmp_path / "sub")
    for name, words in (
        ("sub", "folder"),
        ("missing.txt", "no such file"),
        ("pipe.txt", "not a regular file"),
    ):
        assert_refused(run_cli(str(tmp_path / name)), str(tmp_path / name), words)
    assert_nothing_new(before, tmp_path, tmp_path / "sub")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file_is_refused(tmp_path):
    locked = tmp_path / "codes.txt"
    shutil.copy(GITHUB, locked)
    locked.chmod(0)
    before = listing(tmp_path)
    assert_refused(run_cli(str(locked)), str(locked), "permission")
    assert_nothing_new(before, tmp_path)


@pytest.fixture
def download(tmp_path):
    """A good download in its own folder."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(GITHUB, folder / "codes.txt")
    return folder / "codes.txt"


def test_output_folder_that_does_not_exist(download, tmp_path):
    before = listing(tmp_path, download.parent)
    target = tmp_path / "nowhere" / "sheet.pdf"
    assert_refused(run_cli(str(download), "-o", str(target)), str(target), "does not exist")
    assert_nothing_new(before, tmp_path, download.parent)


def test_output_that_is_a_folder_or_a_fifo(download, tmp_path):
    os.mkfifo(tmp_path / "pipe.pdf")
    before = listing(tmp_path, download.parent)
    for target, words in ((tmp_path, "folder"), (tmp_path / "pipe.pdf", "not a regular file")):
        assert_refused(run_cli(str(download), "-o", str(target), "--force"), str(target), words)
    assert_nothing_new(before, tmp_path, download.parent)


def test_output_folder_that_is_not_writable(download, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    target = locked / "sheet.pdf"
    before = listing(tmp_path, download.parent, locked)
    args = ["-m", "sheets", str(download), "-o", str(target)]
    if os.geteuid() == 0:  # root writes anywhere except on a read-only mount
        script = 'mount --bind -o ro "$1" "$1" && shift && exec "$@"'
        read_only = ["unshare", "-m", "sh", "-c", script, "sh", str(locked)]
        require_command([*read_only, "true"], "util-linux, mount and permission to mount")
        command = [*read_only, sys.executable, *args]
    else:
        locked.chmod(0o500)
        command = [sys.executable, *args]
    result = subprocess.run(command, capture_output=True, timeout=60)
    locked.chmod(0o700)
    assert_refused(result, str(target), "not writable")
    assert_nothing_new(before, tmp_path, download.parent, locked)


@pytest.mark.parametrize("extra", [[], ["--password-file", "__pw__"]])
def test_existing_foreign_file_is_kept_without_force(download, tmp_path, extra):
    password = tmp_path / "pw"
    password.write_text("correct horse\n")
    password.chmod(0o600)  # else a warning line joins the refusal
    extra = [str(password) if arg == "__pw__" else arg for arg in extra]
    foreign = download.with_suffix(".pdf")
    foreign.write_bytes(b"%PDF-1.4 somebody else's document")
    before = listing(download.parent)
    assert_refused(run_cli(str(download), *extra), str(foreign), "--force")
    assert foreign.read_bytes() == b"%PDF-1.4 somebody else's document"
    assert_nothing_new(before, download.parent)


def test_one_bad_file_among_many_writes_nothing(download):
    good2 = download.parent / "more.txt"
    shutil.copy(download, good2)
    bad = download.parent / "notes.txt"
    bad.write_text(PROSE)
    before = listing(download.parent)
    assert_refused(run_cli(str(download), str(bad), str(good2)), str(bad), "holds no")
    assert_nothing_new(before, download.parent)


def test_one_unwritable_target_among_many_writes_nothing(download):
    second = download.parent / "more.txt"
    shutil.copy(download, second)
    second.with_suffix(".pdf").write_bytes(b"not mine")
    before = listing(download.parent)
    assert_refused(
        run_cli(str(download), str(second)),
        str(second.with_suffix(".pdf")),
        "not written by mksheet",
    )
    assert_nothing_new(before, download.parent)


def test_output_onto_the_input_is_refused(download):
    before = listing(download.parent)
    assert_refused(
        run_cli(str(download), "-o", str(download), "--force"), str(download), "input file"
    )
    assert download.read_bytes() == GITHUB.read_bytes()
    assert_nothing_new(before, download.parent)


def test_encrypt_without_a_terminal_or_password_file(download, tmp_path):
    before = listing(tmp_path, download.parent)
    assert_refused(
        run_cli(str(download), "--encrypt", input=b"hunter2\nhunter2\n"),
        "--encrypt",
        "--password-file",
    )
    for content, words in ((None, "no such password file"), (b"\nsecond line\n", "empty")):
        password = tmp_path / "pw"
        if content is not None:
            password.write_bytes(content)
        before = listing(tmp_path, download.parent)
        assert_refused(
            run_cli(str(download), "--password-file", str(password)), str(password), words
        )
    assert_nothing_new(before, tmp_path, download.parent)


def test_shred_source_refuses_a_symlink_before_writing(download):
    link = download.parent / "link.txt"
    link.symlink_to(download)
    before = listing(download.parent)
    assert_refused(run_cli(str(link), "--shred-source"), str(link), "symbolic link")
    assert_nothing_new(before, download.parent)
    assert download.read_bytes() == GITHUB.read_bytes()


def test_a_fifo_swapped_in_after_the_check_does_not_hang(tmp_path, monkeypatch):
    """A file replaced by a FIFO between the look and the open (a race) is refused at once."""
    import threading

    from sheets.errors import InputError
    from sheets.read import textio

    fifo = tmp_path / "codes.txt"
    os.mkfifo(fifo)
    regular = os.stat(GITHUB)
    monkeypatch.setattr(textio.os, "stat", lambda path, *a, **k: regular)  # looked regular
    outcome: list[BaseException] = []

    def read() -> None:
        try:
            textio.read_bytes(str(fifo))
        except BaseException as exc:  # the outcome is the test
            outcome.append(exc)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=3)
    if reader.is_alive():  # unblock the stuck open, so the test process can end
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail("read_bytes waited for a writer on a FIFO")
    assert len(outcome) == 1 and isinstance(outcome[0], InputError)
