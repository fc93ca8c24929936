"""SIGINT, SIGTERM and SIGQUIT in the middle of a run leave whole sheets or nothing: no
partial PDF, no `.mksheet-*.part` temp file, and no core file holding the codes.

The long real run is `mksheet` on many inputs, signalled from outside at a random point;
the binder and the atomic writer are signalled from inside at exact moments.
"""

from __future__ import annotations

import os
import resource
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
SIGNALS = {
    "SIGINT": (signal.SIGINT, 130),
    "SIGTERM": (signal.SIGTERM, 128 + signal.SIGTERM),
    "SIGQUIT": (signal.SIGQUIT, 128 + signal.SIGQUIT),  # Ctrl-\: by default, a core dump
}


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
    return {
        **os.environ,
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "TMPDIR": str(tmp_path / "tmp"),
    }


def _default_sigint():
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # CI may start us with SIGINT ignored
    _cores_allowed()


def _cores_allowed():
    """As `ulimit -c unlimited` (or as high as the hard limit goes): a core would be written."""
    _, hard = resource.getrlimit(resource.RLIMIT_CORE)
    resource.setrlimit(resource.RLIMIT_CORE, (hard, hard))


def _cores(folder: Path) -> list[Path]:
    """Core files the kernel wrote (core_pattern `core` or `core.PID`) under folder."""
    return [p for p in folder.rglob("core*") if p.is_file()]


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


RUN = 200  # files in the long run: a sheet takes ~10 ms, so the signal lands mid-run


@pytest.mark.parametrize("name, delay", [("SIGINT", 0.0), ("SIGTERM", 0.1), ("SIGQUIT", 0.05)])
def test_signal_during_a_long_run(tmp_path, name, delay):
    signum, status = SIGNALS[name]
    inputs = _downloads(tmp_path / "in", RUN)
    process = subprocess.Popen(
        [sys.executable, "-m", "sheets", *inputs],
        env=_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=_default_sigint,
        cwd=tmp_path,
    )
    first = Path(inputs[0]).with_suffix(".pdf")
    deadline = time.monotonic() + 60
    while not first.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    time.sleep(delay)
    process.send_signal(signum)
    _, err = process.communicate(timeout=60)
    assert process.returncode == status, err
    assert b"Traceback" not in err
    last = err.decode().splitlines()[-1]  # a stop after a PDF but before its record says so
    assert (
        last == "mksheet: interrupted; no partial file was left"
        or (
            last.startswith("mksheet: interrupted; no partial file was left, but ")
            and last.endswith("run the same command again to record it")
        )
        or (  # during the ledger's save, which then finished
            last.startswith("mksheet: interrupted; no partial file was left; ")
            and last.endswith(".pdf was written and recorded")
        )
    ), last
    written = assert_whole_or_nothing(tmp_path)
    assert 1 <= len(written) < RUN  # stopped in the middle, not before or after
    assert os.listdir(tmp_path / "tmp") == []
    assert _cores(tmp_path) == []


# Deliver a real signal at chosen moments: inside the atomic write (before the temp file
# is synced, before it is renamed) and in the middle of painting pages.
AT_A_MOMENT = """
import importlib, os, signal, sys
from sheets import cli
signum, where, nth = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
module_name, name = where.split(":")
holder = importlib.import_module(module_name)
if name in ("fsync", "replace"):  # the writer's own os calls, not everybody's
    holder.os = type(sys)("os_with_a_signal")
    holder.os.__dict__.update(os.__dict__)
    holder = holder.os
real, calls = getattr(holder, name), []
def hit(*args, **kwargs):
    calls.append(1)
    if len(calls) == nth:
        os.kill(os.getpid(), signum)
    return real(*args, **kwargs)
setattr(holder, name, hit)
sys.argv = ["mksheet", *sys.argv[4:]]
raise SystemExit(cli.main())
"""
MOMENTS = {
    "before-fsync": ("sheets.deliver.files:fsync", 1),
    "before-rename": ("sheets.deliver.files:replace", 1),
    "while-painting": ("sheets.render.draw:paint", 2),
}


def _at_a_moment(tmp_path, name, moment, *args) -> subprocess.CompletedProcess:
    signum, status = SIGNALS[name]
    where, nth = MOMENTS[moment]
    result = subprocess.run(
        [sys.executable, "-c", AT_A_MOMENT, str(int(signum)), where, str(nth), *args],
        env=_env(tmp_path),
        capture_output=True,
        timeout=120,
        preexec_fn=_default_sigint,
        cwd=tmp_path,  # where a core file would go
    )
    assert result.returncode == status, result.stderr
    assert _cores(tmp_path) == []
    assert result.stderr.decode().endswith("mksheet: interrupted; no partial file was left\n")
    assert b"Traceback" not in result.stderr
    assert os.listdir(tmp_path / "tmp") == []
    return result


@pytest.mark.parametrize("name", sorted(SIGNALS))
@pytest.mark.parametrize("moment", ["before-fsync", "before-rename"])
def test_signal_inside_the_atomic_write(tmp_path, name, moment):
    inputs = _downloads(tmp_path / "in", 2)
    _at_a_moment(tmp_path, name, moment, *inputs)
    assert assert_whole_or_nothing(tmp_path) == []
    assert sorted(os.listdir(tmp_path / "in")) == ["codes-00.txt", "codes-01.txt"]


@pytest.mark.parametrize("name", sorted(SIGNALS))
@pytest.mark.parametrize("moment", ["while-painting", "before-rename"])
def test_signal_in_the_middle_of_a_binder(tmp_path, name, moment):
    family = tmp_path / "family"
    for person in ("Jordan Rivera", "Sam Rivera"):
        folder = family / person
        folder.mkdir(parents=True)
        for i in range(6):
            shutil.copy(GITHUB, folder / f"{i}-github-recovery-codes.txt")
    _at_a_moment(tmp_path, name, moment, "binder", str(family))
    assert assert_whole_or_nothing(tmp_path) == []


# mksheet run as a program, with a command of the test's own that looks at the process
AS_A_PROGRAM = """
import ctypes, os, sys
import click
from sheets import cli

@cli.cli.command("probe")
@click.argument("then", required=False)
def probe(then):
    limits = open("/proc/self/limits").read().splitlines()
    core = next(line for line in limits if line.startswith("Max core file size"))
    dumpable = ctypes.CDLL(None).prctl(3, 0, 0, 0, 0)  # PR_GET_DUMPABLE
    print(core.split()[4:6], dumpable)
    sys.stdout.flush()
    if then == "crash":
        os.abort()  # as a crash in a C library would: SIGABRT, whose default is a core

sys.argv = ["mksheet", "probe", *sys.argv[1:]]
if os.environ.get("WITHOUT_THE_BOUNDARY"):
    raise SystemExit(cli.cli.main(standalone_mode=False))
raise SystemExit(cli.main())
"""


def _as_a_program(tmp_path: Path, *args: str, bare: bool = False):
    """Run the probe; (raw wait status, stdout): the raw status says whether a core was dumped."""
    env = {**_env(tmp_path), **({"WITHOUT_THE_BOUNDARY": "1"} if bare else {})}
    process = subprocess.Popen(
        [sys.executable, "-c", AS_A_PROGRAM, *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        preexec_fn=_cores_allowed,
        cwd=tmp_path,
    )
    out = process.stdout.read().decode()  # type: ignore[union-attr]
    _, raw = os.waitpid(process.pid, 0)
    process.returncode = 0  # reaped here: keep Popen from waiting again
    return raw, out


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc and prctl")
def test_as_a_program_no_core_can_be_written(tmp_path):
    raw, out = _as_a_program(tmp_path)
    assert os.WIFEXITED(raw) and os.WEXITSTATUS(raw) == 0, out
    assert out.strip() == "['0', '0'] 0"  # soft and hard core limits 0; not dumpable
    raw, out = _as_a_program(tmp_path, bare=True)  # the same process without the boundary
    assert out.strip() != "['0', '0'] 0"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="core files are Linux's here")
def test_a_crash_leaves_no_core(tmp_path):
    raw, _ = _as_a_program(tmp_path, "crash", bare=True)  # the control: a core is written
    if not (os.WIFSIGNALED(raw) and os.WCOREDUMP(raw)):
        pytest.skip("this machine writes no core files even when allowed (core_pattern)")
    for core in _cores(tmp_path):
        core.unlink()
    raw, _ = _as_a_program(tmp_path, "crash")
    assert os.WIFSIGNALED(raw) and os.WTERMSIG(raw) == signal.SIGABRT
    assert not os.WCOREDUMP(raw)
    assert _cores(tmp_path) == []


def test_atomic_write_cleans_up_on_any_exception(tmp_path, monkeypatch):
    from sheets.deliver import files as output

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(output.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        output.write_atomic(str(tmp_path / "sheet.pdf"), b"%PDF-1.7 half")
    assert os.listdir(tmp_path) == []


def test_a_signal_inside_a_codec_keeps_its_own_message():
    """Python re-wraps a plain exception raised in a codec with a message of its own; a signal
    landing in reportlab's text encoding must still say what was and was not written."""
    import codecs

    from sheets.deliver import signals

    def encode(text, errors="strict"):
        raise signals.Interrupted("the detail")

    codecs.register(
        lambda name: (
            codecs.CodecInfo(encode, encode, name="mksheet_test_stop")
            if name == "mksheet_test_stop"
            else None
        )
    )
    with pytest.raises(signals.Interrupted) as caught:
        "x".encode("mksheet_test_stop")
    assert caught.value.detail == "the detail" and str(caught.value) == "the detail"
