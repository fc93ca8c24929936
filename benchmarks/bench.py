"""Measure mksheet's whole-process times against its dependencies' own start-up.

A script, not a timed test: run `python benchmarks/bench.py [--runs N]`. It prints the
median wall time of each command over N runs, the ratios the project aims for, and the
size of the PDF. Everything runs with the same interpreter, in the same session.
"""

from __future__ import annotations

import argparse
import compileall
import resource
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


def run_seconds(command: list[str], env: dict) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run of a command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def medians(commands: dict[str, list[str]], runs: int, env: dict):
    """Median wall and CPU time of each command; rounds interleave the commands so that a
    change in machine load affects them alike. One warm-up round is not counted."""
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for attempt in range(runs + 1):
        for name, command in commands.items():
            wall, cpu = run_seconds(command, env)
            if attempt:
                walls[name].append(wall)
                cpus[name].append(cpu)
    median = statistics.median
    return ({name: median(v) for name, v in walls.items()},
            {name: median(v) for name, v in cpus.items()})


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
        seconds, cpu = medians(timings, args.runs, env)
        size = out.stat().st_size
    for name, value in seconds.items():
        print(f"{name:<16} {value * 1000:8.1f} ms wall {cpu[name] * 1000:8.1f} ms CPU "
              f"(median of {args.runs})")
    pairs = {"sheet / deps": ("mksheet sheet", "deps import"),
             "--help / click": ("mksheet --help", "click import")}
    for name, (ours, base) in pairs.items():
        ratio = seconds[ours] / seconds[base]
        verdict = "ok" if ratio <= GOALS[name] else "OVER GOAL"
        print(f"{name:<16} {ratio:8.2f} x wall, {cpu[ours] / cpu[base]:.2f} x CPU "
              f"(goal <= {GOALS[name]}) {verdict}")
    print(f"{'sheet PDF':<16} {size / 1024:8.1f} KB (goal < 80 KB) {'ok' if size < 80_000 else 'OVER GOAL'}")
    binder = ROOT / "benchmarks" / "bench_binder.py"
    if binder.exists():
        print("\nbinder:")
        subprocess.run([sys.executable, str(binder)], check=False)


if __name__ == "__main__":
    main()
