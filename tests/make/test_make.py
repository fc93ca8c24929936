"""The record says what happened, and no run loses codes (issue 12, the flow's part).

Shredding waits for a whole file (and paper, with --print); copies are counted when paper is
printed; a sheet of another current code set is not overwritten; a short write is a failure.
Each runs mksheet as a user would, with a stand-in `lp` where printing is involved.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, SAMPLES, run_cli

GITHUB = SAMPLES / "github-recovery-codes.txt"
GITLAB = FIXTURES / "gitlab" / "gitlab-recovery-codes.txt"


@pytest.fixture
def download(tmp_path) -> Path:
    source = tmp_path / "github-recovery-codes.txt"
    source.write_bytes(GITHUB.read_bytes())
    return source


def history(tmp_path) -> list[dict]:
    result = run_cli("history", "--json", "--state-dir", str(tmp_path / "state"))
    return json.loads(result.stdout) if result.returncode == 0 else []


def mksheet(tmp_path, *args, env=None, **kw) -> subprocess.CompletedProcess:
    return run_cli(*args, "--state-dir", str(tmp_path / "state"), env=env, **kw)


def lp_path(tmp_path, body: str) -> dict:
    """An environment whose `lp` is a stand-in running body."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    (bin_dir / "lp").write_text(f"#!/bin/sh\ncat >/dev/null\n{body}\n")
    (bin_dir / "lp").chmod(0o755)
    return {"PATH": f"{bin_dir}{os.pathsep}/usr/bin{os.pathsep}/bin"}


# -- --shred-source only after success -------------------------------------------------------
def test_no_shred_after_writing_to_a_pipe(download, tmp_path):
    result = mksheet(tmp_path, str(download), "-o", "-", "--shred-source")
    assert result.returncode == 0 and result.stdout.startswith(b"%PDF")
    assert download.exists(), "the source was shredded though the sheet went to a pipe"
    assert b"not shredded" in result.stderr


def test_no_shred_when_printing_fails(download, tmp_path):
    env = lp_path(tmp_path, 'echo "lp: Error - No default destination." >&2; exit 1')
    result = mksheet(tmp_path, str(download), "--print", "--shred-source", env=env)
    assert result.returncode == 1
    assert download.exists(), "the source was shredded though nothing was printed"
    assert download.with_suffix(".pdf").exists()


def test_shred_once_written_and_printed(download, tmp_path):
    env = lp_path(tmp_path, 'echo "request id is q-1 (1 file(s))"')
    result = mksheet(tmp_path, str(download), "--print", "--shred-source", env=env)
    assert result.returncode == 0, result.stderr
    assert not download.exists() and download.with_suffix(".pdf").exists()


# -- copies are paper -----------------------------------------------------------------------
@pytest.mark.parametrize("how", ["pdf", "stdout", "encrypted", "failed print"])
def test_making_a_pdf_counts_no_copy(download, tmp_path, how):
    args = {
        "pdf": [],
        "stdout": ["-o", "-"],
        "failed print": ["--print"],
        "encrypted": ["--password-file", str(tmp_path / "pw")],
    }[how]
    (tmp_path / "pw").write_text("a long enough password\n")
    os.chmod(tmp_path / "pw", 0o600)
    env = lp_path(tmp_path, "exit 1")
    result = mksheet(tmp_path, str(download), *args, env=env)
    assert result.returncode == (1 if how == "failed print" else 0), result.stderr
    (entry,) = history(tmp_path)
    assert entry["copies"] == 0


def test_copies_accepted_by_cups_and_those_the_user_reports_are_counted(download, tmp_path):
    env = lp_path(tmp_path, 'echo "request id is q-2 (1 file(s))"')
    assert mksheet(tmp_path, str(download), "--print", "--copies", "2", env=env).returncode == 0
    (entry,) = history(tmp_path)
    assert entry["copies"] == 2
    told = mksheet(tmp_path, "printed", entry["serial"], "--copies", "3")
    assert told.returncode == 0 and entry["serial"] in told.stdout.decode()
    assert history(tmp_path)[0]["copies"] == 5
    unknown = mksheet(tmp_path, "printed", "GH-ZZZZ")
    assert unknown.returncode == 1 and unknown.stderr.count(b"\n") == 1


# -- another sheet's file --------------------------------------------------------------------
def test_another_current_sheet_is_not_replaced_without_force(download, tmp_path):
    target = tmp_path / "sheet.pdf"
    assert mksheet(tmp_path, str(download), "-o", str(target)).returncode == 0
    github_pdf = target.read_bytes()
    (github,) = history(tmp_path)
    refused = mksheet(tmp_path, str(GITLAB), "-o", str(target))
    assert refused.returncode == 1 and refused.stderr.count(b"\n") == 1
    assert github["serial"] in refused.stderr.decode() and b"--force" in refused.stderr
    assert target.read_bytes() == github_pdf
    assert mksheet(tmp_path, str(GITLAB), "-o", str(target), "--force").returncode == 0
    # its own earlier sheet (the same codes, a re-print) is replaced without --force
    assert mksheet(tmp_path, str(GITLAB), "-o", str(target)).returncode == 0


def test_a_new_set_may_replace_the_sheet_it_supersedes(download, tmp_path):
    target = tmp_path / "sheet.pdf"
    made = mksheet(tmp_path, str(download), "-o", str(target), "--account", "octocat")
    assert made.returncode == 0
    new = tmp_path / "new" / "github-recovery-codes.txt"
    new.parent.mkdir()
    new.write_text("".join(f"{i:05x}-{i:05x}\r\n" for i in range(16)))
    result = mksheet(tmp_path, str(new), "-o", str(target), "--account", "octocat")
    assert result.returncode == 0, result.stderr
    assert b"replaces sheet" in result.stderr


# -- re-printing without --owner ---------------------------------------------------------------
def test_reprinting_without_owner_finds_the_old_sheet(download, tmp_path):
    first = mksheet(tmp_path, str(download), "--owner", "Jordan", "--account", "octocat")
    assert first.returncode == 0
    new = tmp_path / "new" / "github-recovery-codes.txt"
    new.parent.mkdir()
    new.write_text("".join(f"{i:05x}-{i:05x}\r\n" for i in range(16)))
    result = mksheet(tmp_path, str(new), "--account", "octocat")
    assert result.returncode == 0 and b"replaces sheet" in result.stderr
    old, current = history(tmp_path)
    assert old["status"] == "superseded" and current["owner"] == "Jordan"


# -- short writes (a sheet's own are in tests/deliver/test_output.py) -------------------------
def test_a_binder_to_a_reader_that_stops_early_records_nothing(tmp_path):
    for person in ("Jordan", "Sam", "Alex"):  # shared accounts: far more than a pipe holds
        family = tmp_path / "family" / person
        family.mkdir(parents=True)
        for name in (
            "github-recovery-codes.txt",
            "gitlab-recovery-codes.txt",
            "backup_codes.txt",
            "Backup-codes-jordan.rivera.txt",
            "idme-backup-codes.txt",
        ):
            (family / name).write_bytes((SAMPLES / name).read_bytes())
    command = (
        f'"{sys.executable}" -m sheets binder "{family.parent}" -o - '
        f'--state-dir "{tmp_path / "state"}" | head -c 10 >/dev/null; '
        'exit "${PIPESTATUS[0]}"'
    )
    result = subprocess.run(["bash", "-c", command], capture_output=True, timeout=120)
    assert result.returncode == 1, result.stderr
    assert history(tmp_path) == []


# mksheet as a program (its own signal handlers), with SIGTERM sent from inside one step of
# sheets.make.steps, before or after the real step runs.
STOPPED_AT = """
import os, signal, sys
from sheets import cli
from sheets.make import steps
step, when = sys.argv[1], sys.argv[2]
real = getattr(steps, step)
def with_a_stop(*args, **kwargs):
    if when == "before":
        os.kill(os.getpid(), signal.SIGTERM)
    done = real(*args, **kwargs)
    if when == "after":
        os.kill(os.getpid(), signal.SIGTERM)
    return done
setattr(steps, step, with_a_stop)
sys.argv = ["mksheet", *sys.argv[3:]]
raise SystemExit(cli.main())
"""


def stopped_at(step: str, when: str, args: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", STOPPED_AT, step, when, *args], capture_output=True, timeout=120
    )


def test_a_stop_between_the_pdf_and_the_ledger_says_what_was_not_recorded(download, tmp_path):
    from sheets.ledger import store as state

    # the PDF is whole, the ledger not yet saved
    done = stopped_at("write", "after", [str(download), "--state-dir", str(tmp_path / "state")])
    assert done.returncode == 128 + signal.SIGTERM
    err = done.stderr.decode()
    assert "was written and the ledger does not record" in err and "run the same" in err
    assert download.with_suffix(".pdf").exists()
    assert state.load(str(tmp_path / "state")).entries == ()


@pytest.mark.parametrize("command", ["sheet", "binder"])
def test_a_stop_while_recording_waits_until_the_ledger_is_saved(download, tmp_path, command):
    """Issue 26: SIGTERM during the ledger's commit left a whole binder the ledger did not
    record, and said no file was left. Now the commit finishes, and the message says so."""
    from sheets.ledger import store as state

    if command == "binder":
        person = tmp_path / "Rivera" / "Jordan Rivera"
        person.mkdir(parents=True)
        shutil.copy(download, person / download.name)
        target = tmp_path / "binder.pdf"
        args = ["binder", str(tmp_path / "Rivera"), "-o", str(target)]
    else:
        target = download.with_suffix(".pdf")
        args = [str(download)]
    done = stopped_at("commit", "before", [*args, "--state-dir", str(tmp_path / "state")])
    assert done.returncode == 128 + signal.SIGTERM
    err = done.stderr.decode()
    assert err.splitlines()[-1] == (
        f"mksheet: interrupted; no partial file was left; {target} was written and recorded"
    )
    assert target.exists()
    assert len(state.load(str(tmp_path / "state")).entries) == 1
