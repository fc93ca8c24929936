"""Print, regenerate, print again, through the command line as a user would.

Each test keeps its ledger in its own --state-dir (and conftest points XDG_STATE_HOME at a
fresh folder), with the date fixed by SOURCE_DATE_EPOCH.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import stat

import pytest
from conftest import FIXTURES, flat, page_texts, run_cli

GITHUB = FIXTURES / "github" / "github-recovery-codes.txt"
DAYS = {"2026-03-14": "1773446400", "2026-04-02": "1775088000", "2026-05-20": "1779235200"}
DIGESTS = ("md5", "sha1", "sha224", "sha256", "sha384", "sha512", "sha3_256", "blake2b")


def codes_of(path) -> list[str]:
    return [line.strip() for line in path.read_text().splitlines() if line.strip()]


def regenerated(folder, seed: str):
    """A new GitHub download, as if the user had asked GitHub for new codes."""
    folder.mkdir(exist_ok=True)
    path = folder / GITHUB.name
    codes = [hashlib.sha256(f"{seed}/{i}".encode()).hexdigest()[:10] for i in range(16)]
    path.write_bytes("".join(f"{c[:5]}-{c[5:]}\r\n" for c in codes).encode())
    return path


@pytest.fixture
def world(tmp_path):
    """The first download, and a mksheet bound to one state folder and a chosen date."""
    first = tmp_path / "first"
    first.mkdir()
    shutil.copy(GITHUB, first / GITHUB.name)
    state = tmp_path / "state"

    def mksheet(*args, day="2026-03-14"):
        return run_cli(*args, "--state-dir", str(state), env={"SOURCE_DATE_EPOCH": DAYS[day]})

    return first / GITHUB.name, state, mksheet


def history(mksheet) -> list[dict]:
    result = mksheet("history", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def sheet_text(download) -> str:
    return flat(page_texts(download.with_suffix(".pdf").read_bytes())[0])


def test_print_copy_regenerate_reprint_destroy(world, tmp_path):
    old_file, state, mksheet = world
    assert mksheet(str(old_file), "--owner", "Jordan").returncode == 0
    (entry,) = history(mksheet)
    serial = entry["serial"]
    assert serial.startswith("GH-") and len(serial) == 7
    assert {
        k: entry[k] for k in ("provider", "account", "owner", "printed", "copies", "status")
    } == {
        "provider": "github",
        "account": None,
        "owner": "Jordan",
        "printed": "2026-03-14",
        "copies": 0,
        "status": "current",
    }  # a PDF is not paper: nothing printed yet
    text = sheet_text(old_file)
    assert f"sheet {serial}" in text and "Printed 2026-03-14" in text and "copy" not in text
    told = mksheet("printed", serial)  # the user printed it with their own print dialog
    assert told.returncode == 0 and serial in told.stdout.decode()
    assert [(e["serial"], e["copies"]) for e in history(mksheet)] == [(serial, 1)]

    again = mksheet(str(old_file), "--owner", "Jordan", day="2026-04-02")
    assert again.returncode == 0 and b"replaces" not in again.stderr
    assert "copy 2" in sheet_text(old_file) and f"sheet {serial}" in sheet_text(old_file)
    assert mksheet("printed", serial).returncode == 0
    assert [(e["serial"], e["copies"]) for e in history(mksheet)] == [(serial, 2)]

    new_file = regenerated(tmp_path / "second", "new")  # GitHub's files name no account
    result = mksheet(str(new_file), "--owner", "Jordan", "--replaces", serial, day="2026-05-20")
    assert result.returncode == 0, result.stderr
    notice = f"Replaces sheet {serial} printed 2026-03-14 (all 2 copies): destroy it."
    assert notice in sheet_text(new_file)
    assert (
        f"replaces sheet {serial} printed 2026-03-14 (all 2 copies): destroy it"
        in result.stderr.decode()
    )
    old, new = history(mksheet)
    assert (old["status"], old["replaced_by"]) == ("superseded", new["serial"])
    assert (new["status"], new["copies"], new["printed"]) == ("current", 0, "2026-05-20")
    assert new["replaces"] == serial and new["serial"] != serial
    listing = mksheet("history").stdout.decode()
    assert f"replaced by {new['serial']}: destroy it" in listing

    stale = mksheet(str(old_file), "--owner", "Jordan", day="2026-05-20")
    assert stale.returncode == 1 and f"sheet {serial}" in stale.stderr.decode()
    assert not any(code.encode() in stale.stderr for code in codes_of(old_file))

    gone = mksheet("destroyed", serial.lower())
    assert gone.returncode == 0 and b"destroyed" in gone.stdout
    assert [e["status"] for e in history(mksheet)] == ["destroyed", "current"]
    unknown = mksheet("destroyed", "GH-ZZZZ")
    assert unknown.returncode == 1 and unknown.stderr.count(b"\n") == 1

    assert_no_code_in(state, codes_of(old_file) + codes_of(new_file))


def test_a_sheet_on_stdout_is_recorded_too(world):
    download, _, mksheet = world
    piped = mksheet(str(download), "-o", "-")
    assert piped.returncode == 0 and piped.stdout.startswith(b"%PDF")
    (entry,) = history(mksheet)
    assert entry["serial"] in flat(page_texts(piped.stdout)[0])


def test_without_account_nothing_claims_to_replace_and_each_candidate_is_named(world, tmp_path):
    """Two people's GitHub sheets: nothing says whose either is, so the third claims nothing
    and says how to record what it replaces; an account in common is evidence."""
    download, _, mksheet = world
    assert mksheet(str(download), "--account", "alice").returncode == 0
    bob = regenerated(tmp_path / "bob", "bob")
    assert mksheet(str(bob), "--account", "bob").returncode == 0
    alice_serial, bob_serial = (e["serial"] for e in history(mksheet))
    third = regenerated(tmp_path / "third", "third")
    told = mksheet(str(third))
    assert told.returncode == 0, told.stderr
    lines = told.stderr.decode().splitlines()
    for serial in (alice_serial, bob_serial):
        (line,) = [line for line in lines if f"sheet {serial}" in line]
        assert "is still current" in line and f"--replaces {serial}" in line
    assert not any("replaces sheet" in line for line in lines)
    assert "Replaces sheet" not in sheet_text(third)
    assert [e["status"] for e in history(mksheet)] == ["current"] * 3
    fourth = regenerated(tmp_path / "fourth", "fourth")
    answered = mksheet(str(fourth), "--account", "bob")
    assert answered.returncode == 0 and f"replaces sheet {bob_serial}".encode() in answered.stderr
    statuses = {e["serial"]: e["status"] for e in history(mksheet)}
    assert statuses[bob_serial] == "superseded" and statuses[alice_serial] == "current"
    assert "Account: bob" in sheet_text(fourth)


@pytest.mark.parametrize("answer", ["y", "n"])
def test_a_terminal_is_asked_when_neither_sheet_names_an_account(world, tmp_path, answer):
    download, state, mksheet = world
    assert mksheet(str(download)).returncode == 0
    (old,) = history(mksheet)
    new = regenerated(tmp_path / "new", "new")
    status, screen = on_a_terminal(
        [str(new), "--state-dir", str(state)],
        answer + "\n",
        {"SOURCE_DATE_EPOCH": DAYS["2026-04-02"]},
    )
    assert status == 0, screen
    assert f"{old['serial']}, printed 2026-03-14 for no named account, is still current." in screen
    assert "Does this sheet replace it? [y/N]" in screen
    after = {e["serial"]: e["status"] for e in history(mksheet)}
    assert after[old["serial"]] == ("superseded" if answer == "y" else "current")
    assert ("Replaces sheet" in sheet_text(new)) == (answer == "y")


def on_a_terminal(args: list[str], typed: str, env: dict) -> tuple[int, str]:
    """Run mksheet with its standard streams on a pseudo-terminal, typing `typed`."""
    import os
    import pty
    import sys

    pid, fd = pty.fork()
    if pid == 0:  # the child: mksheet on the terminal
        os.environ.update(env)
        os.execv(sys.executable, [sys.executable, "-m", "sheets", *args])
    os.write(fd, typed.encode())
    screen = b""
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        screen += chunk
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), screen.decode("utf-8", "replace")


def test_a_damaged_ledger_stops_everything_in_one_line(world):
    download, state, mksheet = world
    assert mksheet(str(download)).returncode == 0
    download.with_suffix(".pdf").unlink()
    (state / "ledger.json").write_text('{"sheets": [')
    for args in ([str(download)], ["history"], ["destroyed", "GH-2345"]):
        result = mksheet(*args)
        assert result.returncode == 1
        line = result.stderr.decode()
        assert line.count("\n") == 1 and "ledger.json: is damaged" in line
        assert "will not replace it" in line and "Traceback" not in line
    assert (state / "ledger.json").read_text() == '{"sheets": ['
    assert not download.with_suffix(".pdf").exists()


def test_default_state_folder_is_private(private_state, tmp_path):
    download = tmp_path / GITHUB.name
    shutil.copy(GITHUB, download)
    assert run_cli(str(download)).returncode == 0
    assert stat.S_IMODE(private_state.stat().st_mode) == 0o700
    for path in private_state.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    listed = json.loads(run_cli("history", "--json").stdout)
    assert [e["status"] for e in listed] == ["current"]
    assert_no_code_in(private_state, codes_of(GITHUB))


def assert_no_code_in(folder, codes: list[str]) -> None:
    """No file holds a code, in any spelling, nor a plain digest of one."""
    blobs = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert blobs, "the state folder is empty"
    for code in codes:
        for spelling in {code, code.upper(), code.replace("-", ""), code.upper().replace("-", "")}:
            raw = spelling.encode()
            needles = [raw]
            for name in DIGESTS:
                digest = hashlib.new(name, raw).digest()
                needles += [
                    digest,
                    digest.hex().encode(),
                    digest.hex().upper().encode(),
                    base64.b64encode(digest),
                    base64.b64encode(digest).rstrip(b"="),
                ]
            for path, blob in blobs.items():
                assert not any(n in blob for n in needles), f"{path.name} holds a code or its hash"
