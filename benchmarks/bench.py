"""mksheet's speed against an older commit, side by side in one run; writes README's figures.

A script, not a timed test: `python benchmarks/bench.py [--runs N] [--big-runs N] [--readme]`.

It extracts OLD (git archive, into a temporary folder) and times, interleaved so that a change
in the machine's load hits both builds alike:
- a single sheet against the bare import of its dependencies, and `mksheet --help` against
  `import click` (wall and CPU time, median of N rounds and the spread over them);
- a 1000-account binder (benchmarks/bench_binder.py's family): wall, CPU and peak memory;
- whether a second process would pay off at 1000 accounts: the per-sheet work (QR symbols
  and layout) in one process against two.
OLD kept fonts, templates and QR tables in a cache folder; both builds share one, filled by
the uncounted first round, so OLD is timed at its best (a user's second run onwards).
The yardstick DEPS is the import of the libraries a sheet needed at OLD; qrcode has since
become the tests' reference only, so the import without it is shown too.
The goals are issue 21's. With --readme the figures, the date and the machine are written
into README.md between the `bench` markers. Whether both builds print the same bytes is
benchmarks/same_output.py's to check.
"""

from __future__ import annotations

import argparse
import compileall
import datetime
import io
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]  # this checkout first

import bench_binder  # noqa: E402

OLD = "e60cfa3"  # main before issue 21's restructure
SAMPLE = ROOT / "samples" / "github-recovery-codes.txt"
DEPS = "import reportlab.pdfgen.canvas, qrcode, PIL.Image, jinja2, click"
DEPS_NOW = "import reportlab.pdfgen.canvas, PIL.Image, jinja2, click"
GOALS = {"sheet / deps": 1.5, "--help / click": 1.3, "binder new / old": 1.0}
MAX_RSS_MB = 90
EPOCH = "1773446400"
README = ROOT / "README.md"
WIDTH = 92  # README's prose lines
MARKERS = ("<!-- bench: written by benchmarks/bench.py --readme -->", "<!-- /bench -->")

Runs = dict[str, list[tuple[float, float, float]]]  # per command: (wall s, CPU s, peak MB)


def extract(commit: str, folder: Path) -> Path:
    """The source tree of commit, written into folder (no git worktree is made)."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", commit], check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        if hasattr(tarfile, "data_filter"):  # Python 3.12, and 3.8-3.11 since mid 2023
            tar.extractall(folder, filter="data")
        else:
            tar.extractall(folder)  # our own repository's commit
    return folder


def mksheet(tree: Path) -> list[str]:
    """mksheet run from a source tree (first on sys.path)."""
    prelude = f"import sys; sys.path.insert(0, {str(tree)!r}); "
    return [sys.executable, "-c", prelude + "from sheets.cli import main; sys.exit(main())"]


def interleaved(commands: dict[str, list[str]], runs: int, env: dict) -> Runs:
    """Every round's (wall, CPU, peak MB) per command; one warm-up round is not counted.
    Each round runs the commands in a new order: a run is slower right after one that wrote
    and synced files, so no command may always follow the same neighbour."""
    seen: Runs = {name: [] for name in commands}
    order, shuffle = list(commands), random.Random(21).shuffle
    for attempt in range(runs + 1):
        shuffle(order)
        for name in order:
            result = bench_binder.run(commands[name], env)
            if attempt:
                seen[name].append(result)
    return seen


def spread(values: list[float]) -> tuple[float, float, float]:
    """(median, lowest, highest)."""
    return statistics.median(values), min(values), max(values)


def ratios(seen: Runs, top: str, bottom: str, part: int = 0) -> tuple[float, float, float]:
    """top's wall (part 0) or CPU (1) time over bottom's, round by round (both ran in the
    same round)."""
    return spread([a[part] / b[part] for a, b in zip(seen[top], seen[bottom])])


def single(old: Path, runs: int, env: dict, folder: Path) -> Runs:
    source = folder / SAMPLE.name
    shutil.copy(SAMPLE, source)
    commands = {
        "deps import": [sys.executable, "-c", DEPS],
        "deps now": [sys.executable, "-c", DEPS_NOW],
        "click import": [sys.executable, "-c", "import click"],
    }
    for age, tree in (("old", old), ("new", ROOT)):
        commands[f"{age} --help"] = [*mksheet(tree), "--help"]
        commands[f"{age} sheet"] = [
            *mksheet(tree),
            str(source),
            "-o",
            str(folder / f"{age}.pdf"),
            "--force",
            "--state-dir",
            str(folder / f"{age}-sheet-state"),
        ]
    return interleaved(commands, runs, env)


def binder(old: Path, runs: int, env: dict, folder: Path) -> tuple[Runs, Path]:
    family = bench_binder.make_family(folder, 100)
    commands = {
        f"{age} binder": [
            *mksheet(tree),
            "binder",
            "--force",
            "-o",
            str(folder / f"{age}-binder.pdf"),
            "--state-dir",
            str(folder / f"{age}-state"),
            str(family),
        ]
        for age, tree in (("old", old), ("new", ROOT))
    }
    for command in commands.values():  # the first run records the ledger; later ones reprint
        bench_binder.run(command, env)
    return interleaved(commands, runs, env), family


def second_process(family: Path) -> str:
    """The per-sheet work of a 1000-account binder (QR symbols, layout) in one process and
    split over two (fork, plans sent back pickled, as a binder would need them)."""
    from concurrent.futures import ProcessPoolExecutor

    from sheets.read.codes import read_codes

    codes = [read_codes(str(path)) for path in sorted(family.rglob("*.txt"))]
    start = time.perf_counter()
    one = plan_all(codes)
    alone = time.perf_counter() - start
    start = time.perf_counter()
    half = len(codes) // 2
    with ProcessPoolExecutor(2) as pool:
        two = [plan for part in pool.map(plan_all, [codes[:half], codes[half:]]) for plan in part]
    split = time.perf_counter() - start
    assert len(one) == len(two) == len(codes)
    return (
        f"second process, {len(codes)} sheets' QR symbols and layout: one process "
        f"{alone:.2f} s, two processes {split:.2f} s ({split / alone:.2f}x)"
    )


def plan_all(codes) -> list:
    from sheets import api

    return [
        api.plan_page(api.make_sheet(c, printed="2026-03-14", serial="GH-7K3Q"), "a4")
        for c in codes
    ]


def machine() -> str:
    """The processor, its cores and Python: what the figures depend on besides the load."""
    model = platform.processor() or platform.machine()
    try:
        found = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.M)
        model = found.group(1).strip() if found else model
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (
        f"{model}, {os.cpu_count()} cores ({usable} usable), {platform.system()}, "
        f"Python {platform.python_version()}"
    )


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def ms(values: tuple[float, float, float], scale: float = 1000, unit: str = "ms") -> str:
    median, low, high = (v * scale for v in values)
    digits = 0 if unit == "ms" else 2
    return f"{median:.{digits}f} {unit} ({low:.{digits}f}–{high:.{digits}f})"


def times(seen: Runs, name: str, part: int = 0) -> tuple[float, float, float]:
    return spread([r[part] for r in seen[name]])


def verdict(value: float, goal: float, below: bool = False) -> str:
    return "ok" if (value < goal if below else value <= goal) else "MISSED"


def table(small: Runs, big: Runs) -> list[str]:
    """The figures as a Markdown table: median (lowest–highest) over the rounds; goals are
    judged on wall time, CPU time shown beside it as it moves less with the machine's load."""
    sheet = {age: ratios(small, f"{age} sheet", "deps import") for age in ("old", "new")}
    now = ratios(small, "new sheet", "deps now")
    helps = {age: ratios(small, f"{age} --help", "click import") for age in ("old", "new")}
    binder = ratios(big, "new binder", "old binder")
    rss = {age: max(r[2] for r in big[f"{age} binder"]) for age in ("old", "new")}
    x = "{:.2f}x ({:.2f}–{:.2f})".format

    def cpu(top: str, bottom: str, seen: Runs = small) -> str:
        return f"CPU {ratios(seen, top, bottom, 1)[0]:.2f}x"

    return [
        f"| | {OLD} | this build | goal |",
        "|---|---|---|---|",
        f"| import of the dependencies (`{DEPS[7:]}`) | {ms(times(small, 'deps import'))} | | |",
        f"| the same without qrcode | {ms(times(small, 'deps now'))} | | |",
        f"| `import click` | {ms(times(small, 'click import'))} | | |",
        f"| one sheet | {ms(times(small, 'old sheet'))} | {ms(times(small, 'new sheet'))} | |",
        f"| one sheet / dependencies | {x(*sheet['old'])}, {cpu('old sheet', 'deps import')} "
        f"| {x(*sheet['new'])}, {cpu('new sheet', 'deps import')} "
        f"| ≤ {GOALS['sheet / deps']}x: {verdict(sheet['new'][0], GOALS['sheet / deps'])} |",
        f"| one sheet / dependencies without qrcode | "
        f"| {x(*now)}, {cpu('new sheet', 'deps now')} | |",
        f"| one sheet, CPU | {ms(times(small, 'old sheet', 1))} "
        f"| {ms(times(small, 'new sheet', 1))} | |",
        f"| `mksheet --help` / `import click` | {x(*helps['old'])}, "
        f"{cpu('old --help', 'click import')} | {x(*helps['new'])}, "
        f"{cpu('new --help', 'click import')} "
        f"| ≤ {GOALS['--help / click']}x: {verdict(helps['new'][0], GOALS['--help / click'])} |",
        f"| 1000-account binder, wall | {ms(times(big, 'old binder'), 1, 's')} "
        f"| {ms(times(big, 'new binder'), 1, 's')} "
        f"| no slower: {x(*binder)}, {cpu('new binder', 'old binder', big)}, "
        f"{verdict(binder[0], GOALS['binder new / old'])} |",
        f"| 1000-account binder, CPU | {ms(times(big, 'old binder', 1), 1, 's')} "
        f"| {ms(times(big, 'new binder', 1), 1, 's')} | |",
        f"| 1000-account binder, peak memory | {rss['old']:.0f} MB | {rss['new']:.0f} MB "
        f"| < {MAX_RSS_MB} MB: {verdict(rss['new'], MAX_RSS_MB, below=True)} |",
    ]


def report(
    small: Runs, big: Runs, runs: int, big_runs: int, loads: tuple[str, str], processes: str
) -> str:
    """The figures with the date, the machine, the load and how many rounds."""
    when = datetime.date.today().isoformat()
    intro = (
        f"Written by `python benchmarks/bench.py --readme` on {when}: {machine()}; load "
        f"average {loads[0]} at the start and {loads[1]} at the end. Median of {runs} "
        f"interleaved rounds ({big_runs} for the binder), lowest–highest in brackets; "
        "ratios are taken round by round."
    )
    return "\n".join(
        [
            textwrap.fill(intro, WIDTH),
            "",
            *table(small, big),
            "",
            textwrap.fill(f"{processes[0].upper()}{processes[1:]}.", WIDTH),
        ]
    )


def write_readme(figures: str) -> None:
    """Put the figures between README's bench markers."""
    text = README.read_text("utf-8")
    start, end = (text.find(marker) for marker in MARKERS)
    if start < 0 or end < start:
        raise SystemExit(f"README.md has no {MARKERS[0]} ... {MARKERS[1]} block")
    head, tail = text[: start + len(MARKERS[0])], text[end:]
    README.write_text(f"{head}\n{figures}\n{tail}", "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11, help="rounds of the single-sheet runs")
    parser.add_argument("--big-runs", type=int, default=3, help="rounds of the 1000 binder")
    parser.add_argument("--readme", action="store_true", help="write the figures into README")
    args = parser.parse_args()
    start = load()
    print(f"machine: {machine()}; load average {start}")
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        old = extract(OLD, folder / "old")
        for tree in (old, ROOT):
            compileall.compile_dir(str(tree / "sheets"), quiet=1)
        env = {
            **os.environ,
            "SOURCE_DATE_EPOCH": EPOCH,
            "XDG_STATE_HOME": str(folder / "state"),
            "XDG_CACHE_HOME": str(folder / "cache"),
        }
        print(f"old = {OLD}, extracted into a temporary folder; new = {ROOT}")
        small = single(old, args.runs, env, folder)
        big, family = binder(old, args.big_runs, env, folder)
        processes = second_process(family)
    figures = report(small, big, args.runs, args.big_runs, (start, load()), processes)
    print(f"\n{figures}")
    if args.readme:
        write_readme(figures)
        print(f"\nwritten into {README}")


if __name__ == "__main__":
    main()
