"""--shred-source: the download is overwritten, synced and deleted only after its sheet is
written, with a warning that SSDs, sync and copy-on-write may keep copies."""

from __future__ import annotations

import os
import shutil

import pytest
from conftest import SAMPLES, run_cli

from sheets.deliver import files as output

GITHUB = SAMPLES / "github-recovery-codes.txt"


@pytest.fixture
def download(tmp_path):
    path = tmp_path / "codes.txt"
    shutil.copy(GITHUB, path)
    return path


def test_shred_overwrites_with_random_bytes_before_unlinking(download, monkeypatch):
    original = download.read_bytes()
    seen = {}
    real_unlink = os.unlink

    def unlink(path):
        with open(path, "rb") as f:
            seen["content"] = f.read()
        real_unlink(path)

    monkeypatch.setattr(output.os, "unlink", unlink)
    output.shred(str(download))
    assert not download.exists()
    assert len(seen["content"]) == len(original) and seen["content"] != original
    assert original[:16] not in seen["content"]


def test_cli_shreds_after_the_sheet_and_warns(download):
    result = run_cli(str(download), "--shred-source")
    assert result.returncode == 0, result.stderr
    assert not download.exists()
    assert download.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
    err = result.stderr.decode()
    assert err.count("\n") == 1 and err.startswith(f"mksheet: {download}: warning: ")
    assert "SSD" in err and "cloud sync" in err and "copy-on-write" in err
    assert "delete the downloaded" not in err  # the reminder is moot once it is gone


def test_no_shred_when_the_sheet_is_not_written(download):
    download.with_suffix(".pdf").write_bytes(b"someone else's file")
    assert run_cli(str(download), "--shred-source").returncode == 1
    assert download.read_bytes() == GITHUB.read_bytes()


def test_no_shred_of_any_input_when_one_is_bad(download):
    bad = download.parent / "notes.txt"
    bad.write_text("Dear diary\n")
    assert run_cli(str(download), str(bad), "--shred-source").returncode == 1
    assert download.read_bytes() == GITHUB.read_bytes() and bad.exists()


def test_a_normal_run_reminds_to_delete_the_download(download):
    result = run_cli(str(download))
    assert b"delete the downloaded code files" in result.stderr and download.exists()
