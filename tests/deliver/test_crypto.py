"""Encrypted digital copies: AES-256 (R6) that poppler, pdfium, pypdf and qpdf all open
with the password and none opens without it; the password never comes from argv."""

from __future__ import annotations

import io
import os
import pty
import shutil
import subprocess
import sys
import time

import pikepdf
import pypdf
import pypdfium2
import pytest
from conftest import (
    SAMPLES,
    flat,
    page_texts,
    payload_codes,
    qr_payloads,
    raster,
    require_tool,
    run_cli,
)

from sheets import api
from sheets.deliver import crypto
from sheets.deliver import files as output
from sheets.read import password as password_file

GITHUB = SAMPLES / "github-recovery-codes.txt"
PASSWORD = "correct horse battery"
WRONG = "correct horse battery!"


@pytest.fixture(scope="module")
def codes():
    return api.read_codes(str(GITHUB))


@pytest.fixture(scope="module")
def plain(codes) -> bytes:
    return api.render_pdf([api.make_sheet(codes, printed="2026-03-14")], "a4")


@pytest.fixture(scope="module")
def locked(plain) -> bytes:
    return crypto.encrypt(plain, PASSWORD)


@pytest.fixture
def locked_file(locked, tmp_path):
    path = tmp_path / "sheet.pdf"
    path.write_bytes(locked)
    return path


def test_is_aes_256_revision_6(locked):
    with pikepdf.open(io.BytesIO(locked), password=PASSWORD) as pdf:
        assert pdf.is_encrypted
        assert pdf.encryption.R == 6 and pdf.encryption.bits == 256
        assert pdf.encryption.stream_method.name == "aesv3"
        assert pdf.encryption.string_method.name == "aesv3"


def test_qpdf_reports_aesv3_r6_and_checks_clean(locked_file):
    require_tool("qpdf")
    shown = subprocess.run(
        ["qpdf", "--show-encryption", f"--password={PASSWORD}", str(locked_file)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "R = 6" in shown.stdout and "AESv3" in shown.stdout
    subprocess.run(
        ["qpdf", "--check", f"--password={PASSWORD}", str(locked_file)],
        capture_output=True,
        check=True,
    )
    assert (
        subprocess.run(["qpdf", "--check", str(locked_file)], capture_output=True).returncode != 0
    )


def test_poppler_opens_it_only_with_the_password(locked_file, codes):
    require_tool("pdfinfo", "pdftotext")
    info = subprocess.run(
        ["pdfinfo", "-upw", PASSWORD, str(locked_file)], capture_output=True, text=True
    )
    assert info.returncode == 0 and "AES-256" in info.stdout
    text = subprocess.run(
        ["pdftotext", "-upw", PASSWORD, str(locked_file), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert all(code in text for code in codes.codes)
    for args in ([], ["-upw", WRONG]):
        refused = subprocess.run(["pdftotext", *args, str(locked_file), "-"], capture_output=True)
        assert refused.returncode != 0 and refused.stdout == b""


def test_pdfium_opens_it_only_with_the_password(locked, codes):
    payloads = qr_payloads(raster(locked, password=PASSWORD))
    assert payload_codes(*payloads) == list(codes.codes)
    for password in (None, WRONG):
        with pytest.raises(pypdfium2.PdfiumError):
            pypdfium2.PdfDocument(locked, password=password)


def test_pypdf_opens_it_only_with_the_password(locked, codes):
    text = flat(page_texts(locked, password=PASSWORD)[0])
    assert all(code in text for code in codes.codes)
    reader = pypdf.PdfReader(io.BytesIO(locked))
    assert reader.is_encrypted
    with pytest.raises(pypdf.errors.FileNotDecryptedError):
        reader.pages[0].extract_text()
    assert reader.decrypt(WRONG) == pypdf.PasswordType.NOT_DECRYPTED


def test_nothing_readable_without_the_password_but_the_mksheet_mark(locked, plain, codes):
    assert locked.startswith(b"%PDF")
    for code in codes.codes:
        assert code.encode() not in locked
    assert b"GitHub" not in locked and b"/Creator (mksheet" not in locked
    assert crypto.OWN_MARK in locked and crypto.OWN_MARK not in plain


def test_an_encrypted_sheet_counts_as_mksheets_own(locked, tmp_path):
    written = tmp_path / "sheet.pdf"
    written.write_bytes(output.mark(locked))  # as cli.emit writes it
    assert output.is_own(str(written))
    assert not output.is_own(str(tmp_path / "sheet-unmarked.pdf"))
    lookalike = tmp_path / "other.pdf"
    lookalike.write_bytes(b"%PDF-1.7\n" + os.urandom(2000))
    assert not output.is_own(str(lookalike))


def test_encrypted_output_keeps_its_metadata_behind_the_password(locked):
    reader = pypdf.PdfReader(io.BytesIO(locked))
    reader.decrypt(PASSWORD)
    assert reader.metadata.title == "GitHub recovery codes"
    assert reader.metadata.creator.startswith("mksheet")


@pytest.mark.parametrize("password", ["pässwörd Ωmega", "x" * 32])
def test_unusual_passwords_open_in_poppler(plain, tmp_path, password):
    require_tool("pdfinfo")  # poppler's tools (pdfinfo -upw) cut passwords over 32 bytes short
    path = tmp_path / "sheet.pdf"
    path.write_bytes(crypto.encrypt(plain, password))
    subprocess.run(["pdfinfo", "-upw", password, str(path)], capture_output=True, check=True)


@pytest.mark.parametrize("password", ["pässwörd Ωmega", "x" * 32, "x" * 127])
def test_unusual_passwords_open_everywhere(plain, tmp_path, password):
    path = tmp_path / "sheet.pdf"
    path.write_bytes(crypto.encrypt(plain, password))
    pypdfium2.PdfDocument(path.read_bytes(), password=password).close()
    assert pypdf.PdfReader(path).decrypt(password) != pypdf.PasswordType.NOT_DECRYPTED
    pikepdf.open(path, password=password).close()


@pytest.mark.parametrize(
    "content, problem",
    [
        (b"", "empty"),
        (b"\n", "empty"),
        ("x" * 128 + "\n", "longer than 127"),
        (b"\xff\xfe\n", "not UTF-8"),
        (b"a\x00b\n", "NUL"),
    ],
)
def test_bad_password_files(tmp_path, content, problem):
    path = tmp_path / "pw"
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    with pytest.raises(crypto.InputError, match=problem):
        crypto.read_password_file(str(path))


def test_password_file_takes_the_first_line_only(tmp_path):
    path = tmp_path / "pw"
    path.write_bytes(b"\xef\xbb\xbf two long words \r\nsecond line\n")
    assert crypto.read_password_file(str(path)) == " two long words "


# -- a password worth the encryption ------------------------------------------------------------
@pytest.mark.parametrize("password", ["a", "hunter2", "x" * 11, "Ωmega-pässw"])
def test_a_short_password_is_refused_unless_weak_is_asked_for(tmp_path, password):
    with pytest.raises(crypto.InputError) as caught:
        crypto.check_password(password, "--encrypt")
    message = caught.value.message()
    assert f"{len(password)} characters" in message and "12" in message
    assert "--weak-password" in caught.value.hint
    assert len(password) < 4 or password not in message  # "a" is in any sentence
    assert crypto.check_password(password, "--encrypt", weak=True) == password
    path = tmp_path / "pw"
    path.write_text(password + "\n")
    with pytest.raises(crypto.InputError, match="fewer than 12"):
        crypto.read_password_file(str(path))
    assert crypto.read_password_file(str(path), weak=True) == password


def test_twelve_characters_are_enough_whatever_their_bytes():
    for password in ("x" * 12, "Ω" * 12, "correct horse"):
        assert crypto.check_password(password, "--encrypt") == password


def test_a_typed_short_password_is_refused_unless_weak(monkeypatch):
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    with pytest.raises(crypto.InputError, match="fewer than 12"):
        crypto.ask_password(True, None, lambda text: "hunter2")
    assert crypto.ask_password(True, None, lambda text: "hunter2", weak=True) == "hunter2"


def test_the_cli_refuses_a_short_password_file_and_writes_nothing(tmp_path):
    source = tmp_path / "codes.txt"
    shutil.copy(GITHUB, source)
    (tmp_path / "pw").write_text("a\n")
    (tmp_path / "pw").chmod(0o600)
    result = run_cli(str(source), "--password-file", str(tmp_path / "pw"))
    err = result.stderr.decode()
    assert result.returncode == 1 and err.count("\n") == 1 and "12" in err, err
    assert sorted(os.listdir(tmp_path)) == ["codes.txt", "pw"]


def test_verify_opens_a_sheet_locked_with_a_short_password(plain, tmp_path):
    """The minimum is for new files: one locked earlier opens with whatever locked it."""
    path = tmp_path / "old.pdf"
    path.write_bytes(crypto.encrypt(plain, "short"))
    (tmp_path / "pw").write_text("short\n")
    (tmp_path / "pw").chmod(0o600)
    result = run_cli("verify", str(path), "--password-file", str(tmp_path / "pw"))
    assert result.returncode == 0, result.stderr


def test_cli_password_file_writes_an_encrypted_sheet_and_may_rewrite_it(tmp_path, codes):
    source = tmp_path / "codes.txt"
    shutil.copy(GITHUB, source)
    (tmp_path / "pw").write_text(PASSWORD + "\n")
    for _ in range(2):  # the second run replaces its own encrypted sheet without --force
        result = run_cli(str(source), "--password-file", str(tmp_path / "pw"))
        assert result.returncode == 0, result.stderr
    sheet = source.with_suffix(".pdf").read_bytes()
    assert pypdf.PdfReader(io.BytesIO(sheet)).is_encrypted
    assert all(code in flat(page_texts(sheet, PASSWORD)[0]) for code in codes.codes)
    assert PASSWORD.encode() not in result.stdout + result.stderr


def test_password_is_not_a_command_line_option():
    help_text = run_cli("make", "--help").stdout.decode()
    assert "--password " not in help_text and "--password=" not in help_text
    assert run_cli(str(GITHUB), "--password", PASSWORD).returncode == 2


def _talk(fd: int, until: bytes, timeout: float = 30) -> bytes:
    """Read from a pty until `until` shows up (or the child ends)."""
    seen, deadline = b"", time.monotonic() + timeout
    while until not in seen and time.monotonic() < deadline:
        try:
            chunk = os.read(fd, 1024)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    return seen


def test_prompt_asks_twice_without_echo(tmp_path, codes):
    target = tmp_path / "sheet.pdf"
    pid, fd = pty.fork()
    if pid == 0:  # the child: mksheet on a real terminal
        os.execv(
            sys.executable,
            [sys.executable, "-m", "sheets", str(GITHUB), "--encrypt", "-o", str(target)],
        )
    screen = _talk(fd, b"Password for the PDF")
    os.write(fd, PASSWORD.encode() + b"\n")
    screen += _talk(fd, b"Repeat")
    os.write(fd, PASSWORD.encode() + b"\n")
    screen += _talk(fd, b"\x00never")
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 0, screen
    assert screen.count(b"Password for the PDF") == 1 and b"Repeat" in screen
    assert PASSWORD.encode() not in screen  # typed, never echoed
    assert all(code in flat(page_texts(target.read_bytes(), PASSWORD)[0]) for code in codes.codes)


# -- password files others can read, and FIFOs ---------------------------------------------------
def test_a_password_file_others_can_read_is_warned_about(tmp_path):
    path = tmp_path / "pw"
    path.write_text(PASSWORD + "\n")
    warnings = []
    for mode, expected in ((0o600, 0), (0o640, 1), (0o604, 2)):
        os.chmod(path, mode)
        assert crypto.read_password_file(str(path), lambda *w: warnings.append(w)) == PASSWORD
        assert len(warnings) == expected
    assert warnings[0] == (str(path), "the password file can be read by other users: chmod 600 it")


def test_the_cli_warns_in_one_line_and_still_writes(tmp_path):
    source = tmp_path / "codes.txt"
    shutil.copy(GITHUB, source)
    (tmp_path / "pw").write_text(PASSWORD + "\n")
    os.chmod(tmp_path / "pw", 0o644)
    result = run_cli(str(source), "--password-file", str(tmp_path / "pw"))
    assert result.returncode == 0, result.stderr
    warning = [line for line in result.stderr.decode().splitlines() if "other users" in line]
    assert warning == [
        f"mksheet: {tmp_path / 'pw'}: warning: the password file can be read "
        "by other users: chmod 600 it"
    ]


def test_a_fifo_nobody_writes_to_does_not_hang(tmp_path, monkeypatch):
    monkeypatch.setattr(password_file, "PIPE_WAIT", 0.5)
    fifo = tmp_path / "pw"
    os.mkfifo(fifo)
    with pytest.raises(crypto.InputError, match="sent no password within"):
        crypto.read_password_file(str(fifo))


def test_a_fifo_or_pipe_with_a_writer_gives_its_password(tmp_path):
    fifo = tmp_path / "pw"
    os.mkfifo(fifo)
    writer = subprocess.Popen(["sh", "-c", f"sleep 0.3; printf '{PASSWORD}\\n' > '{fifo}'"])
    assert crypto.read_password_file(str(fifo)) == PASSWORD
    writer.wait(timeout=10)
    result = subprocess.run(
        [
            "bash",
            "-c",
            f"{sys.executable} -c 'import sys; from sheets.deliver "
            "import crypto; print(crypto.read_password_file(sys.argv[1]))' "
            "<(echo from-a-pipe-here)",
        ],
        capture_output=True,
        timeout=30,
    )
    assert result.stdout == b"from-a-pipe-here\n", result.stderr


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_a_device_is_not_a_password_file(device):
    with pytest.raises(crypto.InputError, match="not a file or a pipe"):
        crypto.read_password_file(device)
