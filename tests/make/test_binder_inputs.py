"""A binder's inputs are all accounted for, and a binder that stops leaves no state (issue 12).

Files in sub-folders of a person's folder are read; a broken link and an unreadable file
are listed as problems (an unreadable file is read when the tests run as root); none
vanishes from the binder in silence. A binder that stops on a bad file creates no state
folder or key.
"""

from __future__ import annotations

import json
import os
import shutil

from conftest import FIXTURES, count_printed, flat, page_texts, run_cli

EPOCH = {"SOURCE_DATE_EPOCH": "1773446400"}


def codes_of(provider: str, name: str) -> list[str]:
    entries = json.loads((FIXTURES / provider / "expected.json").read_text("utf-8"))
    return next(entry for entry in entries if entry["file"] == name)["codes"]


def odd_family(root):
    """Jordan keeps an older download in a sub-folder; Sam has a broken link and a file
    nobody may read."""
    family = root / "Rivera"
    (family / "Jordan" / "old").mkdir(parents=True)
    (family / "Sam").mkdir()
    shutil.copy(FIXTURES / "github" / "github-recovery-codes.txt", family / "Jordan")
    shutil.copy(FIXTURES / "gitlab" / "gitlab-recovery-codes.txt", family / "Jordan" / "old")
    shutil.copy(FIXTURES / "discord" / "discord_backup_codes.txt", family / "Sam")
    (family / "Sam" / "dropbox-backup-codes.txt").symlink_to(root / "gone.txt")
    locked = family / "Sam" / "slack-backup-codes.txt"
    shutil.copy(FIXTURES / "slack" / "slack-backup-codes.txt", locked)
    locked.chmod(0)
    return family


def test_a_binder_that_stops_lists_each_odd_input_and_creates_no_state(tmp_path):
    family = odd_family(tmp_path)
    state = tmp_path / "state"
    result = run_cli(
        "binder", str(family), "--state-dir", str(state), "-o", str(tmp_path / "b.pdf"), env=EPOCH
    )
    said = result.stderr.decode()
    assert result.returncode == 1 and "dropbox-backup-codes.txt" in said
    assert os.geteuid() == 0 or "slack-backup-codes.txt" in said
    assert not state.exists() and not (tmp_path / "b.pdf").exists()


def test_no_input_vanishes_from_a_binder_in_silence(tmp_path):
    family = odd_family(tmp_path)
    target = tmp_path / "b.pdf"
    result = run_cli(
        "binder",
        str(family),
        "--keep-going",
        "--state-dir",
        str(tmp_path / "state"),
        "-o",
        str(target),
        env=EPOCH,
    )
    said = result.stderr.decode()
    assert result.returncode == 0, said
    text = flat(" ".join(page_texts(target.read_bytes())))
    read = ["github-recovery-codes.txt", "gitlab-recovery-codes.txt", "discord_backup_codes.txt"]
    read += ["slack-backup-codes.txt"] if os.geteuid() == 0 else []
    for name in read:  # the sub-folder's file too
        provider = name.split("-")[0].split("_")[0]
        assert all(count_printed(code, text) for code in codes_of(provider, name)), name
    left_out = ["dropbox-backup-codes.txt"] + (
        [] if os.geteuid() == 0 else ["slack-backup-codes.txt"]
    )
    for name in left_out:
        assert f"{name}: left out" in said and name in text


def test_an_unreadable_file_is_left_out_by_name_even_for_root(tmp_path, monkeypatch):
    """Root reads any file, so the refusal is made in-process: os.open is denied for it."""
    from sheets.make import steps as run
    from sheets.make.binder import build
    from sheets.read import textio

    family = odd_family(tmp_path)
    (family / "Sam" / "dropbox-backup-codes.txt").unlink()

    real_open = os.open

    def denied(path, *args, **kwargs):
        if str(path).endswith("slack-backup-codes.txt"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(textio.os, "open", denied)
    left = []
    opts = build.BinderOptions(
        str(family), str(tmp_path / "b.pdf"), keep_going=True, state_dir=str(tmp_path / "state")
    )
    build.make_binder(opts, "2026-03-14", run.Voice(problem=lambda f, t: left.append(f)))
    assert [os.path.basename(f) for f in left] == ["slack-backup-codes.txt"]
    assert "slack-backup-codes.txt" in flat(" ".join(page_texts((tmp_path / "b.pdf").read_bytes())))
