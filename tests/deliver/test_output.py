"""Output under faults: leftovers of killed runs, ownership of an existing PDF, hard links,
and standard output that is closed, full or a terminal's."""

from __future__ import annotations

import fcntl
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time

import pikepdf
import pytest
from conftest import SAMPLES, run_cli

from sheets.deliver import files as output

GITHUB = SAMPLES / "github-recovery-codes.txt"
OLD = time.time() - 3600


@pytest.fixture
def download(tmp_path):
    path = tmp_path / "github-recovery-codes.txt"
    shutil.copy(GITHUB, path)
    return path


def codes_of(path) -> list[str]:
    return [line.strip() for line in path.read_text().splitlines() if line.strip()]


def part(folder, age: float = OLD, hexname: str = "0123456789abcdef"):
    path = folder / f".mksheet-{hexname}.part"
    path.write_bytes(b"%PDF-1.4 a whole sheet of codes")
    os.utime(path, (age, age))
    return path


# -- leftovers --------------------------------------------------------------------------------
KILLED_WRITER = textwrap.dedent("""
    import os, sys, time
    from sheets.deliver import files as output
    def stuck(fd):  # the disk is slow: the part is written, not yet renamed
        print("writing", flush=True)
        time.sleep(60)
    os.fsync = stuck
    output.write_atomic(sys.argv[1], b"%PDF-1.4 a whole sheet of codes")
""")


def test_a_part_left_by_kill_9_is_removed_by_the_next_run(download, tmp_path):
    writer = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(tmp_path / "x.pdf")], stdout=subprocess.PIPE
    )
    assert writer.stdout.readline() == b"writing\n"
    held = [n for n in os.listdir(tmp_path) if n.endswith(".part")]
    assert len(held) == 1
    os.utime(tmp_path / held[0], (OLD, OLD))  # made before the next run started
    assert output.remove_leftovers(str(tmp_path)) == []  # a live writer holds it
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    assert (tmp_path / held[0]).exists()
    result = run_cli(str(download), "--state-dir", str(tmp_path / "s"))
    assert result.returncode == 0, result.stderr
    assert not [n for n in os.listdir(tmp_path) if n.endswith(".part")]


def test_only_unheld_parts_older_than_the_run_and_of_our_naming_go(tmp_path):
    stale, fresh = part(tmp_path), part(tmp_path, age=time.time() + 60, hexname="f" * 16)
    held = part(tmp_path, hexname="a" * 16)
    other = tmp_path / ".mksheet-notours.part"
    other.write_bytes(b"someone's")
    os.utime(other, (OLD, OLD))
    holder = os.open(held, os.O_RDONLY)
    fcntl.flock(holder, fcntl.LOCK_EX)
    try:
        output.write_atomic(str(tmp_path / "sheet.pdf"), b"%PDF-1.4 new")
    finally:
        os.close(holder)
    assert not stale.exists()
    assert fresh.exists() and held.exists() and other.exists()
    assert output.remove_leftovers(str(tmp_path)) == [held.name]  # no longer held


def test_the_state_folder_is_cleaned_too(tmp_path):
    stale = part(tmp_path)
    output.write_atomic(str(tmp_path / "ledger.json"), b"{}", force=True)
    assert not stale.exists()


# -- whose PDF is it ---------------------------------------------------------------------------
def test_a_sheet_mksheet_wrote_is_replaced_without_force(download):
    first = run_cli(str(download), "--state-dir", str(download.parent / "s"))
    assert first.returncode == 0, first.stderr
    sheet = download.with_suffix(".pdf")
    assert output.is_own(str(sheet))
    assert run_cli(str(download), "--state-dir", str(download.parent / "s")).returncode == 0


def test_edited_copies_of_a_sheet_are_not_mksheets_own(download):
    assert run_cli(str(download), "--state-dir", str(download.parent / "s")).returncode == 0
    sheet = download.with_suffix(".pdf")
    original = sheet.read_bytes()
    assert original.rstrip().endswith(b"%%EOF") and b"/Creator (mksheet" in original
    with pikepdf.open(io.BytesIO(original)) as pdf:  # saved again by another program
        pdf.docinfo["/Title"] = "my notes"
        resaved = io.BytesIO()
        pdf.save(resaved)
    with pikepdf.open(io.BytesIO(original)) as pdf:  # an annotation added in place
        incremental = io.BytesIO(original)
        pdf.save(incremental)
    edits = {
        "resaved": resaved.getvalue(),
        "one byte changed": original.replace(b"/Producer", b"/Producex", 1),
        "appended": original + b"\n% a note\n",
        "mark moved away": original.replace(b"%mksheet-own", b"%mksheet-old"),
    }
    for name, data in edits.items():
        sheet.write_bytes(data)
        assert b"/Creator (mksheet" in data, name  # the old test would have said "own"
        assert not output.is_own(str(sheet)), name
        result = run_cli(str(download), "--state-dir", str(download.parent / "s"))
        assert result.returncode == 1 and b"--force" in result.stderr, name
        assert sheet.read_bytes() == data, name


def test_the_mark_holds_no_code_and_keeps_the_pdf_valid(download, tmp_path):
    assert run_cli(str(download), "--state-dir", str(tmp_path / "s")).returncode == 0
    sheet = download.with_suffix(".pdf")
    tail = sheet.read_bytes()[-200:]
    line = next(row for row in tail.split(b"\n") if row.startswith(output.MARK))
    assert all(code.encode() not in line for code in codes_of(download))
    with pikepdf.open(sheet) as pdf:  # libqpdf's own structural check, as `qpdf --check`
        assert (getattr(pdf, "check_pdf_syntax", None) or pdf.check)() == []  # pikepdf < 10: check


# -- hard links --------------------------------------------------------------------------------
def test_shred_source_refuses_a_hard_linked_file(download, tmp_path):
    other = tmp_path / "backup-of-codes.txt"
    os.link(download, other)
    result = run_cli(str(download), "--shred-source", "--state-dir", str(tmp_path / "s"))
    assert result.returncode == 1
    err = result.stderr.decode()
    assert err.count("\n") == 1 and "hard link" in err and str(download) in err
    assert download.read_bytes() == GITHUB.read_bytes() == other.read_bytes()


# -- standard output and the clock -------------------------------------------------------------
def to_stdout(download, tmp_path) -> list[str]:
    """mksheet making the download's sheet on standard output, with its own ledger."""
    return [
        sys.executable,
        "-m",
        "sheets",
        str(download),
        "-o",
        "-",
        "--state-dir",
        str(tmp_path / "s"),
    ]


def sheets_recorded(state_dir) -> int:
    path = state_dir / "ledger.json"
    return len(json.loads(path.read_text())["sheets"]) if path.exists() else 0


def test_a_reader_that_closes_the_pipe_early_is_one_line_and_nothing_recorded(download, tmp_path):
    run = subprocess.Popen(
        to_stdout(download, tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    fcntl.fcntl(run.stdout.fileno(), fcntl.F_SETPIPE_SZ, 4096)  # smaller than any sheet
    assert run.stdout.read(10).startswith(b"%PDF")
    run.stdout.close()  # like `| head -c 10`
    err = run.stderr.read().decode()
    assert run.wait(timeout=60) == 1, err
    assert (
        err.count("\n") == 1 and err.startswith("mksheet: standard output: ") and "-o FILE" in err
    )
    assert sheets_recorded(tmp_path / "s") == 0


def test_a_full_stdout_is_one_line_and_nothing_recorded(download, tmp_path):
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            to_stdout(download, tmp_path), stdout=full, stderr=subprocess.PIPE, timeout=60
        )
    err = result.stderr.decode()
    assert result.returncode == 1 and err.count("\n") == 1 and "No space left" in err, err
    assert err.startswith("mksheet: standard output: ")
    assert sheets_recorded(tmp_path / "s") == 0


def test_a_pipe_closed_before_the_first_write_is_one_line_and_nothing_recorded(download, tmp_path):
    reader, writer = os.pipe()
    os.close(reader)
    result = subprocess.run(
        to_stdout(download, tmp_path), stdout=writer, stderr=subprocess.PIPE, timeout=60
    )
    os.close(writer)
    err = result.stderr.decode()
    assert result.returncode == 1 and err.count("\n") == 1, err
    assert err.startswith("mksheet: standard output: ")
    assert sheets_recorded(tmp_path / "s") == 0


def test_a_closed_stdout_is_one_line(download, tmp_path):
    result = subprocess.run(
        to_stdout(download, tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        timeout=60,
        pass_fds=(),
        preexec_fn=lambda: os.close(1),
    )
    err = result.stderr.decode()
    assert result.returncode == 1 and err.count("\n") == 1 and "closed" in err, err
    assert err.startswith("mksheet: standard output: ")
    assert sheets_recorded(tmp_path / "s") == 0


# huge; then malformed, which the reproducible-builds spec says must stop the build (reportlab
# reads the variable too and raised ValueError: an internal error, exit 3)
@pytest.mark.parametrize("epoch", ["99999999999999999999", "253402300800", "abc", "1e5", "-1"])
def test_a_huge_source_date_epoch_is_one_line(download, tmp_path, epoch):
    result = run_cli(
        str(download), "--state-dir", str(tmp_path / "s"), env={"SOURCE_DATE_EPOCH": epoch}
    )
    err = result.stderr.decode()
    assert result.returncode == 1 and err.count("\n") == 1
    assert err.startswith("mksheet: SOURCE_DATE_EPOCH: ") and "internal error" not in err


@pytest.mark.parametrize(
    ("reader", "code"),
    [
        ("head -c 10 >/dev/null", 1),  # the sheet fits the pipe: every write succeeded
        ("true", 1),  # reads nothing at all
        ("sleep 0.5; cat >/dev/null", 0),  # a slow reader that takes it all is fine
    ],
)
def test_a_sheet_smaller_than_the_pipe_is_whole_only_once_read(download, tmp_path, reader, code):
    """The kernel takes a whole sheet into a pipe's 64 KiB buffer, so a reader that stops
    early is seen only by what it leaves unread when it goes."""
    command = (
        f'"{sys.executable}" -m sheets "{download}" -o - --state-dir '
        f'"{tmp_path / "s"}" | {{ {reader}; }}; exit "${{PIPESTATUS[0]}}"'
    )
    result = subprocess.run(["bash", "-c", command], capture_output=True, timeout=60)
    err = result.stderr.decode()
    assert result.returncode == code, err
    if code:
        assert err.count("\n") == 1 and err.startswith("mksheet: standard output: ")
    assert sheets_recorded(tmp_path / "s") == (0 if code else 1)


def test_waiting_for_a_reader_that_never_reads_ends_at_sigterm(download, tmp_path):
    reader, writer = os.pipe()  # nobody reads `reader`: the sheet sits in the pipe
    run = subprocess.Popen(to_stdout(download, tmp_path), stdout=writer, stderr=subprocess.PIPE)
    os.close(writer)
    seen = -1
    while run.poll() is None and (not seen or seen != _unread(reader)):
        seen = _unread(reader)
        time.sleep(0.2)  # until the whole sheet sits in the pipe and mksheet waits
    run.send_signal(signal.SIGTERM)
    assert run.wait(timeout=20) == 128 + signal.SIGTERM
    os.close(reader)
    assert b"interrupted" in run.stderr.read() and sheets_recorded(tmp_path / "s") == 0


def _unread(fd: int) -> int:
    import array
    import termios

    count = array.array("i", [0])
    fcntl.ioctl(fd, termios.FIONREAD, count)
    return count[0]


# -- another current sheet is never clobbered ----------------------------------------------------
def other_set(tmp_path, seed: int):
    """Another GitHub download (new codes): a different set from the sample's."""
    path = tmp_path / f"set-{seed}" / "github-recovery-codes.txt"
    path.parent.mkdir()
    path.write_text("".join(f"{seed:02x}{i:03x}-{i * 7 + seed:05x}\n" for i in range(16)))
    return path


def test_an_encrypted_current_sheet_is_not_replaced_by_another_set(download, tmp_path):
    """Its serial is encrypted with it, so the ledger knows it by its bytes (issue 26)."""
    state, target = tmp_path / "state", tmp_path / "sheet.pdf"
    (tmp_path / "pw").write_text("correct horse battery staple\n")
    os.chmod(tmp_path / "pw", 0o600)
    first = run_cli(
        str(download), "-o", str(target), "--password-file", str(tmp_path / "pw"),
        "--state-dir", str(state),
    )  # fmt: skip
    assert first.returncode == 0, first.stderr
    before = target.read_bytes()
    other = run_cli(str(other_set(tmp_path, 1)), "-o", str(target), "--state-dir", str(state))
    assert other.returncode == 1 and other.stderr.count(b"\n") == 1
    assert b"which is still current" in other.stderr and b"--force" in other.stderr
    assert target.read_bytes() == before
    again = run_cli(  # the same set again: its own sheet, replaced without --force
        str(download), "-o", str(target), "--password-file", str(tmp_path / "pw"),
        "--state-dir", str(state),
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    forced = run_cli(
        str(other_set(tmp_path, 2)), "-o", str(target), "--force", "--state-dir", str(state)
    )
    assert forced.returncode == 0 and target.read_bytes() != before


def test_a_binder_does_not_replace_a_current_sheet(download, tmp_path):
    state, target = tmp_path / "state", tmp_path / "x.pdf"
    assert run_cli(str(download), "-o", str(target), "--state-dir", str(state)).returncode == 0
    before = target.read_bytes()
    person = tmp_path / "Rivera" / "Sam Rivera"
    person.mkdir(parents=True)
    shutil.copy(other_set(tmp_path, 3), person / "github-recovery-codes.txt")
    made = run_cli("binder", str(tmp_path / "Rivera"), "-o", str(target), "--state-dir", str(state))
    assert made.returncode == 1 and b"which is still current" in made.stderr
    assert target.read_bytes() == before
    binder = tmp_path / "binder.pdf"
    made = run_cli("binder", str(tmp_path / "Rivera"), "-o", str(binder), "--state-dir", str(state))
    assert made.returncode == 0, made.stderr
    sheet = run_cli(str(other_set(tmp_path, 4)), "-o", str(binder), "--state-dir", str(state))
    assert sheet.returncode == 1 and b"which is still current" in sheet.stderr  # a binder too


# -- the read commands' standard output --------------------------------------------------------
def _made(tmp_path, download) -> tuple[str, str]:
    """(state folder, the sheet's PDF) of one sheet made with a ledger."""
    state = str(tmp_path / "s")
    assert run_cli(str(download), "--state-dir", state).returncode == 0
    return state, str(download.with_suffix(".pdf"))


def _read_commands(tmp_path, download) -> dict[str, list[str]]:
    state, pdf = _made(tmp_path, download)
    return {
        "providers": ["providers"],
        "providers --json": ["providers", "--json"],
        "inspect": ["inspect", str(download)],
        "inspect --json": ["inspect", str(download), "--json"],
        "history": ["history", "--state-dir", state],
        "history --json": ["history", "--json", "--state-dir", state],
        "verify": ["verify", pdf, "--state-dir", state],
        "verify --json": ["verify", pdf, "--json", "--state-dir", state],
    }


def _to(stdout, command: list[str], preexec=None) -> tuple[int, str]:
    result = subprocess.run(
        [sys.executable, "-m", "sheets", *command],
        stdout=stdout,
        stderr=subprocess.PIPE,
        timeout=120,
        preexec_fn=preexec,
    )
    return result.returncode, result.stderr.decode()


def _one_line(name: str, status: int, err: str, *words: str) -> None:
    # not 0 with the output lost, not 3, not 120 (Python's failed flush at exit)
    assert status == 1, (name, err)
    assert err.count("\n") == 1 and err.startswith("mksheet: standard output: "), (name, err)
    assert "Traceback" not in err and "internal error" not in err and "Exception" not in err
    assert all(word in err for word in words), (name, err)


def test_read_commands_on_a_full_stdout_are_one_line(download, tmp_path):
    for name, command in _read_commands(tmp_path, download).items():
        with open("/dev/full", "wb") as full:
            _one_line(name, *_to(full, command), "No space left")


def test_read_commands_on_a_closed_stdout_are_one_line(download, tmp_path):
    for name, command in _read_commands(tmp_path, download).items():
        _one_line(name, *_to(subprocess.DEVNULL, command, lambda: os.close(1)), "closed")


def test_read_commands_into_a_pipe_nobody_reads_are_one_line(download, tmp_path):
    for name, command in _read_commands(tmp_path, download).items():
        reader, writer = os.pipe()
        os.close(reader)  # the reader went before the first byte
        try:
            _one_line(name, *_to(writer, command), "closed by the program reading it")
        finally:
            os.close(writer)


def test_read_commands_still_write_their_output(download, tmp_path):
    for name, command in _read_commands(tmp_path, download).items():
        result = subprocess.run(
            [sys.executable, "-m", "sheets", *command], capture_output=True, timeout=120
        )
        assert result.returncode == 0 and result.stdout.strip(), (name, result.stderr)
        if name.endswith("--json"):
            json.loads(result.stdout)


def test_loading_the_ledger_cleans_the_state_folder(tmp_path):
    from sheets.ledger import store as state

    stale = part(tmp_path)
    state.load(str(tmp_path))  # as history, verify and every run do
    assert not stale.exists()


def test_history_removes_what_killed_runs_left_in_the_current_folder(tmp_path):
    """A binder killed with kill -9 leaves its part where it was writing: by default, here."""
    stale, fresh = part(tmp_path), part(tmp_path, age=time.time() + 60, hexname="f" * 16)
    result = run_cli("history", "--state-dir", str(tmp_path / "s"), cwd=tmp_path)
    err = result.stderr.decode()
    assert result.returncode == 0, err
    assert not stale.exists() and fresh.exists()  # a part younger than the run may be live
    removed = [line for line in err.splitlines() if stale.name in line]
    assert len(removed) == 1 and "killed" in removed[0], err
    again = run_cli("history", "--state-dir", str(tmp_path / "s"), cwd=tmp_path)
    assert ".part" not in again.stderr.decode()  # nothing left to say
