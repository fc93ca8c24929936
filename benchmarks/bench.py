"""Measure mksheet's whole-process times against its dependencies' own start-up.

A script, not a timed test: run `python benchmarks/bench.py [--runs N]`. It prints the
median wall time of each command over N runs, the ratios the project aims for, and the
size of the PDF. Everything runs with the same interpreter, in the same session.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "github-recovery-codes.txt"
DEPS = "import reportlab.pdfgen.canvas, qrcode, PIL.Image, jinja2, click"
GOALS = {"sheet / deps": 1.5, "--help / click": 1.6}


def mksheet() -> list[str]:
    """The installed console script beside this Python, else `python -m sheets`."""
    script = Path(sys.executable).with_name("mksheet")
    return [str(script)] if script.exists() else [sys.executable, "-m", "sheets"]


def wall_seconds(command: list[str], env: dict) -> float:
    """Wall time of one run of a command."""
    start = time.perf_counter()
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def medians(commands: dict[str, list[str]], runs: int, env: dict) -> dict[str, float]:
    """Median wall time of each command; rounds interleave the commands so that a change
    in machine load affects them alike. One warm-up round is not counted."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for attempt in range(runs + 1):
        for name, command in commands.items():
            seconds = wall_seconds(command, env)
            if attempt:
                times[name].append(seconds)
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    # An installed wheel has byte-code; an editable checkout (and PYTHONDONTWRITEBYTECODE)
    # would otherwise make every run recompile mksheet's sources.
    compileall.compile_dir(str(ROOT / "sheets"), quiet=1)
    compileall.compile_dir(str(ROOT / "templates"), quiet=1)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1773446400"}
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / SAMPLE.name
        shutil.copy(SAMPLE, source)
        out = Path(folder) / "sheet.pdf"
        timings = {
            "deps import": [sys.executable, "-c", DEPS],
            "click import": [sys.executable, "-c", "import click"],
            "mksheet --help": [*mksheet(), "--help"],
            "mksheet sheet": [*mksheet(), str(source), "-o", str(out), "--force"],
        }
        seconds = medians(timings, args.runs, env)
        size = out.stat().st_size
    for name, value in seconds.items():
        print(f"{name:<16} {value * 1000:8.1f} ms (median of {args.runs})")
    ratios = {"sheet / deps": seconds["mksheet sheet"] / seconds["deps import"],
              "--help / click": seconds["mksheet --help"] / seconds["click import"]}
    for name, ratio in ratios.items():
        verdict = "ok" if ratio <= GOALS[name] else "OVER GOAL"
        print(f"{name:<16} {ratio:8.2f} x (goal <= {GOALS[name]}) {verdict}")
    print(f"{'sheet PDF':<16} {size / 1024:8.1f} KB (goal < 80 KB) {'ok' if size < 80_000 else 'OVER GOAL'}")
    binder = ROOT / "benchmarks" / "bench_binder.py"
    if binder.exists():
        print("\nbinder:")
        subprocess.run([sys.executable, str(binder)], check=False)


if __name__ == "__main__":
    main()
