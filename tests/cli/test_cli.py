"""The command line as a user and a script meet it: files, paths, exit codes, JSON."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys

import pytest
from conftest import SAMPLES, flat, page_texts, run_cli

GITHUB = SAMPLES / "github-recovery-codes.txt"


@pytest.fixture
def download(tmp_path):
    """A fresh copy of the GitHub download in an empty folder."""
    target = tmp_path / GITHUB.name
    shutil.copy(GITHUB, target)
    return target


def test_sheet_is_written_beside_the_input_privately(download):
    result = run_cli(str(download))
    assert result.returncode == 0, result.stderr
    pdf = download.with_suffix(".pdf")
    assert result.stdout.decode().strip() == str(pdf)
    assert stat.S_IMODE(pdf.stat().st_mode) == 0o600
    assert sorted(p.name for p in download.parent.iterdir()) == [pdf.name, download.name]
    assert b"delete the downloaded" in result.stderr


def test_output_option_and_stdout(download, tmp_path):
    target = tmp_path / "elsewhere.pdf"
    assert run_cli(str(download), "-o", str(target)).returncode == 0
    assert target.read_bytes().startswith(b"%PDF")
    piped = run_cli(str(download), "-o", "-")
    assert piped.returncode == 0 and piped.stdout.startswith(b"%PDF")
    assert "e91c7-a688c" in flat(page_texts(piped.stdout)[0])


def test_never_clobbers_a_foreign_file_without_force(download):
    foreign = download.with_suffix(".pdf")
    foreign.write_bytes(b"my own notes")
    refused = run_cli(str(download))
    assert refused.returncode == 1
    assert foreign.read_bytes() == b"my own notes"
    assert refused.stderr.decode().count("\n") == 1
    assert run_cli(str(download), "--force").returncode == 0
    assert foreign.read_bytes().startswith(b"%PDF")
    assert run_cli(str(download)).returncode == 0  # its own sheet may be rewritten


def test_version_help_and_module_entry():
    version = run_cli("--version")
    assert version.returncode == 0 and version.stdout.decode().startswith("mksheet ")
    assert b"inspect" in run_cli("--help").stdout
    assert run_cli("make", "--help").returncode == 0


@pytest.mark.parametrize(
    "args", [["--no-such-option", "x.txt"], ["inspect"], ["x.txt", "--paper", "a3"]]
)
def test_usage_errors_exit_2(args):
    assert run_cli(*args).returncode == 2


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"   \n\t\n",
        b"%PDF-1.7 binary",
        b"\x00\x01\x02" * 40,
        b"Dear diary, nothing to see here.\n",
    ],
)
def test_bad_input_is_one_line_exit_1_and_nothing_written(tmp_path, content):
    bad = tmp_path / "codes.txt"
    bad.write_bytes(content)
    result = run_cli(str(bad))
    assert result.returncode == 1
    line = result.stderr.decode()
    assert line.startswith(f"mksheet: {bad}: ") and line.count("\n") == 1 and " — " in line
    assert [p.name for p in tmp_path.iterdir()] == ["codes.txt"]


def test_missing_file_and_folder(tmp_path):
    for target in (tmp_path / "missing.txt", tmp_path):
        result = run_cli(str(target))
        assert result.returncode == 1 and b"Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_internal_bug_is_exit_3_without_traceback(monkeypatch, capsys):
    from sheets import cli
    from sheets.read import codes

    def broken(*args, **kwargs):
        raise RuntimeError("secret-looking detail")

    monkeypatch.setattr(codes, "detect", broken)  # a bug in the reading stage
    assert cli.main([str(GITHUB)]) == 3
    err = capsys.readouterr().err
    assert "internal error" in err and "secret-looking" not in err and "Traceback" not in err
    assert cli.main(["--debug", str(GITHUB)]) == 3
    assert "Traceback" in capsys.readouterr().err


def test_inspect_json_is_the_stable_interface():
    result = run_cli("inspect", "--json", str(GITHUB))
    info = json.loads(result.stdout)
    assert {
        "provider",
        "kind",
        "account",
        "issued",
        "codes",
        "used",
        "numbers",
        "notes",
    } <= info.keys()
    assert info["provider"] == "github" and info["kind"] == "backup-codes"
    assert len(info["codes"]) == 16


def test_inspect_masks_codes():
    result = run_cli("inspect", str(GITHUB))
    assert result.returncode == 0
    assert b"e91c7-a688c" not in result.stdout and b"GitHub" in result.stdout


def test_help_does_not_import_reportlab_or_other_heavy_libraries():
    probe = (
        "import sys\nfrom sheets.cli import main\ntry:\n    main(['--help'])\n"
        "finally:\n    print(sorted(m for m in ('reportlab', 'qrcode', 'jinja2', 'PIL')"
        " if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "80"},
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"
