"""The state folder under faults: concurrent runs, an interrupted key, loose permissions.

Each test uses its own state folder; the concurrent runs are real processes.
"""

from __future__ import annotations

import fcntl
import json
import os
import stat
import subprocess
import sys
import textwrap
import threading
import time

import pytest
from test_ledger import github, printed

from sheets import ledger
from sheets.deliver import files as output
from sheets.errors import SheetsError
from sheets.ledger import folder as state_folder
from sheets.ledger import store as state

WORKER = textwrap.dedent("""
    import sys, time
    from sheets.make import steps as run
    from sheets.ledger import store as state
    from sheets.ledger import folder as state_folder
    from sheets.model import CodeSet, Job
    where, worker, start = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    time.sleep(max(0.0, start - time.time()))  # both start together
    for number in range(50):  # a run as `mksheet FILE` makes it: lock, plan, write, record
        seed = worker * 50 + number
        codes = CodeSet(provider="github", kind="backup-codes", account=f"user{seed}",
                        codes=tuple(f"{seed:05d}-{i:05d}" for i in range(16)))
        with state_folder.locked(where):
            book = state.load(where, create_key=True)
            planned = run.plan(book, [Job(codes, None, "codes.txt")], "2026-03-14")
            time.sleep(0.002)  # the PDF is being written
            run.commit(book, planned.plans, "2026-03-14")
""")


def test_two_times_fifty_concurrent_runs_lose_no_entry(tmp_path):
    where = tmp_path / "state"
    start = time.time() + 1.0  # time for both processes to start before either runs
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(where), str(worker), str(start)],
            stderr=subprocess.PIPE,
        )
        for worker in range(2)
    ]
    errors = [run.communicate(timeout=120)[1] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], errors[0].decode()
    recorded = json.loads((where / state.LEDGER).read_text())["sheets"]
    assert sorted(e["account"] for e in recorded) == sorted(f"user{s}" for s in range(100))
    assert len({e["serial"] for e in recorded}) == 100


def test_a_second_run_waits_and_says_so_once_after_a_second(tmp_path):
    with state_folder.locked(str(tmp_path)):
        pass  # makes the folder and the lock file
    holder = os.open(tmp_path / state_folder.LOCK, os.O_RDWR)
    fcntl.flock(holder, fcntl.LOCK_EX)  # another mksheet, as far as flock can tell
    released = threading.Event()

    def finish() -> None:  # the other run finishes
        released.set()
        os.close(holder)

    threading.Timer(0.6, finish).start()
    notes: list[str] = []
    with state_folder.locked(str(tmp_path), say=notes.append, wait_note_after=0.2):
        assert released.is_set()  # it waited for the other run, however long that took
    assert len(notes) == 1 and "waiting for another mksheet" in notes[0]
    assert "\n" not in notes[0]
    with state_folder.locked(str(tmp_path), say=notes.append, wait_note_after=0.2):
        pass  # nobody holds it: no note
    assert len(notes) == 1


def test_the_lock_is_taken_once_per_process_so_an_outer_flow_can_hold_it(tmp_path):
    with state_folder.locked(str(tmp_path)):
        printed(tmp_path, github())  # plan_each and record take it too, without waiting
    assert len(ledger.history(state.load(str(tmp_path)))) == 1


def test_a_key_whose_creation_fails_is_not_left_behind(tmp_path, monkeypatch):
    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "fsync", full_disk)
    with pytest.raises(SheetsError) as caught:
        printed(tmp_path, github())
    assert "\n" not in caught.value.message() and "No space left" in caught.value.message()
    assert sorted(os.listdir(tmp_path)) == [state_folder.LOCK]  # no key, no part, no ledger
    monkeypatch.undo()
    printed(tmp_path, github())
    assert len((tmp_path / state.KEY).read_bytes()) == state.KEY_BYTES


@pytest.mark.parametrize("left", [b"", b"\x01" * 7])
def test_a_short_key_from_an_interrupted_creation_is_made_again(tmp_path, left):
    (tmp_path / state.KEY).write_bytes(left)  # an older mksheet, killed while making it
    plan = printed(tmp_path, github())
    key = (tmp_path / state.KEY).read_bytes()
    assert len(key) == state.KEY_BYTES and key != left
    assert ledger.find(state.load(str(tmp_path)), plan.entry.serial)
    (tmp_path / state.KEY).write_bytes(b"")  # now a sheet depends on it: damage, not renewal
    with pytest.raises(state.DamagedLedger, match="0 bytes"):
        printed(tmp_path, github(seed=2))


def test_loose_state_permissions_are_tightened(tmp_path):
    printed(tmp_path, github())
    os.chmod(tmp_path, 0o755)
    os.chmod(tmp_path / state.KEY, 0o644)
    os.chmod(tmp_path / state.LEDGER, 0o664)
    state.load(str(tmp_path))
    assert stat.S_IMODE(tmp_path.stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / state.KEY).stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / state.LEDGER).stat().st_mode) == 0o600


def test_parents_the_state_dir_option_creates_are_private(tmp_path):
    os.chmod(tmp_path, 0o755)
    old = os.umask(0o022)
    try:
        where = tmp_path / "a" / "b" / "state"
        printed(where, github())
    finally:
        os.umask(old)
    for folder in (tmp_path / "a", tmp_path / "a" / "b", where):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE(tmp_path.stat().st_mode) == 0o755  # it was there: not ours to change


def test_a_shared_folder_is_refused_not_changed(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)  # like /tmp
    with pytest.raises(SheetsError) as caught:
        printed(shared, github())
    assert "open to other users" in caught.value.message() and "--state-dir" in caught.value.hint
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777 and os.listdir(shared) == []


# -- a state folder that is not the user's ------------------------------------------------------
OTHER = 65534  # nobody


def _others(path, mode=None):
    """Give path to another user (root can; anyone else finds such folders, like /tmp)."""
    os.lchown(path, OTHER, OTHER)
    if mode is not None:
        os.chmod(path, mode)


needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="only root can give files away")


@needs_root
def test_a_state_dir_linked_to_another_users_open_folder_is_refused(tmp_path):
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    _others(theirs, 0o777)  # a world-writable folder another user made
    link = tmp_path / "state"
    link.symlink_to(theirs)
    with pytest.raises(SheetsError) as caught:
        printed(link, github())
    assert "belongs to another user" in caught.value.message()
    assert "--state-dir" in caught.value.hint
    assert os.listdir(theirs) == [] and stat.S_IMODE(theirs.stat().st_mode) == 0o777
    with pytest.raises(SheetsError, match="belongs to another user"):
        state.load(str(link))  # reading too: another user could plant a ledger there


@needs_root
def test_a_state_dir_reached_through_another_users_link_is_refused(tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir(mode=0o700)
    (tmp_path / "open").mkdir()
    link = tmp_path / "open" / "state"
    link.symlink_to(mine)
    _others(link)  # whoever owns the link can point it elsewhere at any time
    with pytest.raises(SheetsError) as caught:
        printed(link / "sub", github())
    assert f"{link}, a link another user owns" in caught.value.message()
    assert os.listdir(mine) == []


@needs_root
def test_a_link_inside_a_links_target_is_checked_too(tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir(mode=0o700)
    theirs = tmp_path / "theirs-link"
    theirs.symlink_to(mine)
    _others(theirs)
    first = tmp_path / "first"
    first.symlink_to(theirs)  # mine, but it leads through theirs
    with pytest.raises(SheetsError, match="a link another user owns"):
        printed(first, github())


def test_a_folder_owned_by_another_user_is_refused(tmp_path):
    where = "/" if os.geteuid() else str(tmp_path / "theirs")
    if os.geteuid() == 0:
        os.mkdir(where)
        _others(where, 0o700)
    with pytest.raises(SheetsError, match="belongs to another user"):
        state.load(where)


def test_my_own_links_and_folders_are_used(tmp_path):
    mine = tmp_path / "mine"
    link = tmp_path / "state"
    link.symlink_to(mine)  # to a folder not yet made
    printed(link, github())
    assert sorted(os.listdir(mine)) == [state.LEDGER, state.KEY, state_folder.LOCK]
    assert len(state.load(str(link)).entries) == 1
