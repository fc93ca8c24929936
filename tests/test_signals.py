"""SIGINT and SIGTERM in the middle of a run leave whole sheets or nothing: no partial PDF
and no `.mksheet-*.part` temp file.

The binder command does not exist yet, so the long run is `mksheet` on many inputs.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pypdf
import pytest
from conftest import SAMPLES

GITHUB = SAMPLES / "github-recovery-codes.txt"
SIGNALS = {"SIGINT": (signal.SIGINT, 130), "SIGTERM": (signal.SIGTERM, 128 + signal.SIGTERM)}


def _downloads(folder: Path, count: int) -> list[str]:
    folder.mkdir()
    names = []
    for i in range(count):
        shutil.copy(GITHUB, folder / f"codes-{i:02}.txt")
        names.append(str(folder / f"codes-{i:02}.txt"))
    return names


def _env(tmp_path: Path) -> dict:
    (tmp_path / "state").mkdir(exist_ok=True)
    (tmp_path / "tmp").mkdir(exist_ok=True)
    return {**os.environ, "XDG_STATE_HOME": str(tmp_path / "state"),
            "TMPDIR": str(tmp_path / "tmp")}


def _default_sigint():
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # CI may start us with SIGINT ignored


def assert_whole_or_nothing(*folders: Path) -> list[Path]:
    """No temp file anywhere; every PDF present is a complete one-page sheet."""
    sheets = []
    for folder in folders:
        for path in folder.rglob("*"):
            assert not path.name.startswith(".mksheet-"), path
            if path.suffix == ".pdf":
                assert len(pypdf.PdfReader(path).pages) == 1, path
                sheets.append(path)
    return sheets


@pytest.mark.parametrize("name", sorted(SIGNALS))
@pytest.mark.parametrize("delay", [0.0, 0.3])
def test_signal_during_a_long_run(tmp_path, name, delay):
    signum, status = SIGNALS[name]
    inputs = _downloads(tmp_path / "in", 30)
    process = subprocess.Popen([sys.executable, "-m", "sheets", *inputs], env=_env(tmp_path),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               preexec_fn=_default_sigint)
    first = Path(inputs[0]).with_suffix(".pdf")
    deadline = time.monotonic() + 60
    while not first.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    time.sleep(delay)
    process.send_signal(signum)
    _, err = process.communicate(timeout=60)
    assert process.returncode == status, err
    assert b"Traceback" not in err
    assert err.decode().splitlines()[-1] == "mksheet: interrupted; no partial file was left"
    written = assert_whole_or_nothing(tmp_path)
    assert 1 <= len(written) < 30  # stopped in the middle, not before or after
    assert os.listdir(tmp_path / "tmp") == []


# Deliver the signal at the worst moments: just after the temp file is written and synced,
# and just before it is renamed into place.
WORST_MOMENT = """
import os, signal, sys
from sheets import cli, output
signum = int(sys.argv[1]); where = sys.argv[2]
real = getattr(output.os, where)
def hit(*args):
    result = real(*args) if where == "fsync" else None
    os.kill(os.getpid(), signum)
    return result if where == "fsync" else real(*args)
output.os = type(sys)("os_with_a_signal"); output.os.__dict__.update(os.__dict__)
setattr(output.os, where, hit)
sys.argv = ["mksheet", *sys.argv[3:]]
raise SystemExit(cli.main())
"""


@pytest.mark.parametrize("name", sorted(SIGNALS))
@pytest.mark.parametrize("where", ["fsync", "replace"])
def test_signal_inside_the_atomic_write(tmp_path, name, where):
    signum, status = SIGNALS[name]
    inputs = _downloads(tmp_path / "in", 2)
    result = subprocess.run([sys.executable, "-c", WORST_MOMENT, str(int(signum)), where,
                             *inputs], env=_env(tmp_path), capture_output=True, timeout=60,
                            preexec_fn=_default_sigint)
    assert result.returncode == status, result.stderr
    assert result.stderr.decode() == "mksheet: interrupted; no partial file was left\n"
    assert assert_whole_or_nothing(tmp_path) == []
    assert sorted(os.listdir(tmp_path / "in")) == ["codes-00.txt", "codes-01.txt"]


def test_atomic_write_cleans_up_on_any_exception(tmp_path, monkeypatch):
    from sheets import output

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(output.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        output.write_atomic(str(tmp_path / "sheet.pdf"), b"%PDF-1.7 half")
    assert os.listdir(tmp_path) == []
