"""No raw control character from a file name, an account line or a QR payload reaches a
terminal: `verify`, `history` and error lines run on a pseudo-terminal here, as a user sees
them. `--json` stays exact JSON, controls and all."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys

import qrcode
import recording

from sheets import term
from sheets.model import CodeSet

EVIL = "\x1b]0;owned\x07\x1b[2J\x9b31m\u202e"
FORGED = "\nmksheet: all good"  # a second line, in a file name
RAW = (b"\x1b", b"\x07", b"\xc2\x9b", b"\r\nmksheet: all good", "\u202e".encode())


def on_a_terminal(*args: str) -> tuple[int, bytes]:
    """Run mksheet with stdin, stdout and stderr on a pty; everything the terminal got."""
    leader, follower = pty.openpty()
    run = subprocess.Popen(
        [sys.executable, "-m", "sheets", *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        close_fds=True,
    )
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed its side
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    return run.wait(timeout=60), seen


def assert_no_raw_control(seen: bytes) -> None:
    for raw in RAW:
        assert raw not in seen, raw


def evil_sheet(path) -> None:
    payload = (
        f"GitHub recovery codes{EVIL}\nProvider: GitHub\nAccount: {EVIL}\n"
        f"Owner: Sam{EVIL}\nSheet: GH-7K3Q 2026-03-14\n\n1. abcde-12345\n2. fghij-67890\n"
    )
    qrcode.make(payload.encode("utf-8")).save(path)


def test_clean_shows_every_control_as_an_escape():
    assert term.clean("plain é ü — ok") == "plain é ü — ok"
    assert term.clean("a\x1b[31mb\x9bc\x00\x7f\n\u202e") == (
        "a\\x1b[31mb\\u009bc\\x00\\x7f\\x0a\\u202e"
    )


def test_verify_escapes_the_payload_and_the_file_name_on_a_terminal(tmp_path):
    picture = tmp_path / f"scan{EVIL}{FORGED}.png"
    evil_sheet(picture)
    status, seen = on_a_terminal("verify", str(picture), "--state-dir", str(tmp_path / "s"))
    assert status == 0, seen
    assert_no_raw_control(seen)
    assert b"account:   \\x1b]0;owned\\x07" in seen and b"scan\\x1b]0;owned" in seen


def test_verify_json_keeps_the_payload_exact(tmp_path):
    picture = tmp_path / "scan.png"
    evil_sheet(picture)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sheets",
            "verify",
            str(picture),
            "--json",
            "--state-dir",
            str(tmp_path / "s"),
        ],
        capture_output=True,
    )
    assert result.returncode == 0, result.stderr
    assert b"\x1b" not in result.stdout  # JSON escapes it by itself
    assert json.loads(result.stdout)["account"] == EVIL


def test_error_lines_escape_the_file_name_on_a_terminal(tmp_path):
    status, seen = on_a_terminal(str(tmp_path / f"codes{EVIL}{FORGED}.txt"))
    assert status == 1
    assert_no_raw_control(seen)
    assert seen.count(b"\n") == 1 and b"codes\\x1b]0;owned" in seen


def test_history_escapes_accounts_on_a_terminal(tmp_path):
    codes = CodeSet(
        provider="github",
        kind="backup-codes",
        account=EVIL,
        codes=tuple(f"{i:05d}-abcde" for i in range(16)),
    )
    (plan,) = recording.plan_each(str(tmp_path), [codes], today="2026-03-14")
    recording.record(str(tmp_path), plan, "2026-03-14")
    status, seen = on_a_terminal("history", "--state-dir", str(tmp_path))
    assert status == 0, seen
    assert_no_raw_control(seen)
    assert plan.entry.serial.encode() in seen and b"\\x1b]0;owned" in seen


def test_inspect_escapes_a_heading_and_a_file_name_on_a_terminal(tmp_path):
    """A generic file's heading names the service: C1 controls and bidi marks in it (which
    the text decoder lets through, unlike C0) reach `inspect` escaped."""
    source = tmp_path / f"codes{EVIL}.txt".replace("\x1b", "").replace("\x07", "")
    # CSI J (no digit: a word of six characters with a digit in it is never taken for a
    # name, since it could be a code; issue 22 prints such a heading as written instead)
    source.write_text("Acme\u009bJ\u202e Bank backup codes\n\n7KQ2-M9XD\nP4HT-Z8WN\n", "utf-8")
    status, seen = on_a_terminal("inspect", str(source))
    assert status == 0, seen
    assert_no_raw_control(seen)
    assert b"Acme\\u009bJ\\u202e Bank" in seen
