"""mksheet's speed now and at the commit before the speed work (issue 15), side by side.

A script, not a timed test: `python benchmarks/bench.py [--runs N] [--big-runs N]`.

In one run it checks out OLD (the commit before this work) into a temporary git worktree and
times, interleaved so that a change in machine load hits both alike:
- a single sheet against the bare import of its dependencies, and `--help` against
  `import click` (median wall and CPU time of N runs each);
- a 1000-account binder (benchmarks/bench_binder.py's family): wall, CPU and peak memory.
The old build runs without reportlab's C accelerators (rl-accel was not a dependency then).
The new build's runs share one cache folder (compiled templates, parsed fonts, QR tables),
filled by the uncounted first round as by a user's first run; that first run, with an empty
cache, is timed and printed too.
It prints the machine's cores and load, and the output comparison: the QR payload changed on
purpose (issue 11), so the bytes differ from OLD's; every page is instead compared, at
100 dpi, with the same page built the old way (stock qrcode's matrices, one PDF text object
per string, no C accelerators), which must be pixel-identical. Last, it measures whether
a second process would pay off at 1000 accounts: the per-sheet work (QR symbols and layout)
done in one process against two.
"""

from __future__ import annotations

import argparse
import compileall
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks"), str(ROOT / "tests")]  # this checkout first

import bench_binder  # noqa: E402

OLD = "144a777"
SAMPLE = ROOT / "samples" / "github-recovery-codes.txt"
DEPS = "import reportlab.pdfgen.canvas, qrcode, PIL.Image, jinja2, click"
GOALS = {"sheet / deps": 1.3, "--help / click": 1.3, "binder new / old": 0.65}
MAX_RSS_MB = 90
EPOCH = "1773446400"


def mksheet(tree: Path, accel: bool) -> list[str]:
    """mksheet run from a source tree (first on sys.path), with or without rl-accel."""
    prelude = f"import sys; sys.path.insert(0, {str(tree)!r}); "
    if not accel:
        prelude += "sys.modules['_rl_accel'] = None; "
    return [sys.executable, "-c", prelude + "from sheets.cli import main; sys.exit(main())"]


def cold(command: list[str], folder: Path) -> list[str]:
    """The command run as a user's very first: an empty cache folder of its own."""
    (folder / "cold").mkdir(exist_ok=True)
    prelude = (
        "import os, tempfile; "
        f"os.environ['XDG_CACHE_HOME'] = tempfile.mkdtemp(dir={str(folder / 'cold')!r}); "
    )
    return [*command[:2], prelude + command[2], *command[3:]]


def timed(command: list[str], env: dict) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak memory (MB) of one run."""
    return bench_binder.run(command, env)


def interleaved(commands: dict[str, list[str]], runs: int, env: dict) -> dict[str, tuple]:
    """Median (wall, CPU, peak MB) per command; one warm-up round is not counted. Each round
    runs the commands in a new order: a run is slower right after one that wrote and synced
    files (measured: a sheet right after the old build's sheet, 1.30x deps instead of 1.22x),
    so no command may always follow the same neighbour."""
    seen: dict[str, list[tuple]] = {name: [] for name in commands}
    order, shuffle = list(commands), random.Random(15).shuffle
    for attempt in range(runs + 1):
        shuffle(order)
        for name in order:
            result = timed(commands[name], env)
            if attempt:
                seen[name].append(result)
    return {
        name: tuple(statistics.median(r[i] for r in results) for i in range(2))
        + (max(r[2] for r in results),)
        for name, results in seen.items()
    }


def machine() -> str:
    cores = os.cpu_count()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{cores} cores ({usable} usable), load average {load}"


def single(old: Path, runs: int, env: dict, folder: Path) -> None:
    source = folder / SAMPLE.name
    shutil.copy(SAMPLE, source)
    commands = {
        "deps import": [sys.executable, "-c", DEPS],
        "click import": [sys.executable, "-c", "import click"],
        "old --help": [*mksheet(old, False), "--help"],
        "new --help": [*mksheet(ROOT, True), "--help"],
        "old sheet": [*mksheet(old, False), str(source), "-o", str(folder / "old.pdf"), "--force"]
        + ["--state-dir", str(folder / "old-sheet-state")],  # the old build's ledger format
        "new sheet": [*mksheet(ROOT, True), str(source), "-o", str(folder / "new.pdf"), "--force"],
        "cold sheet": [
            *cold(mksheet(ROOT, True), folder),
            str(source),
            "-o",
            str(folder / "cold.pdf"),
        ]
        + ["--force"],
    }
    got = interleaved(commands, runs, env)
    print(f"\n{'single sheet':<24} {'old':>10} {'new':>10}   (median of {runs}, wall ms; CPU ms)")
    for name in ("deps import", "click import"):
        print(f"{name:<24} {got[name][0] * 1000:>10.1f} {'':>10}   CPU {got[name][1] * 1000:.1f}")
    for what in ("--help", "sheet"):
        o, n = got[f"old {what}"], got[f"new {what}"]
        print(
            f"{'mksheet ' + what:<24} {o[0] * 1000:>10.1f} {n[0] * 1000:>10.1f}   "
            f"CPU {o[1] * 1000:.1f} -> {n[1] * 1000:.1f}"
        )
    c = got["cold sheet"]
    print(
        f"{'  first run, no cache':<24} {'':>10} {c[0] * 1000:>10.1f}   CPU {c[1] * 1000:.1f}"
        f" ({c[0] / got['deps import'][0]:.2f}x deps: compiles templates, parses fonts, "
        "reads qrcode's tables)"
    )
    for name, ours, base in (
        ("sheet / deps", "sheet", "deps import"),
        ("--help / click", "--help", "click import"),
    ):
        o, n = got[f"old {ours}"][0] / got[base][0], got[f"new {ours}"][0] / got[base][0]
        print(
            f"{name:<24} {o:>9.2f}x {n:>9.2f}x   goal <= {GOALS[name]} "
            f"{'ok' if n <= GOALS[name] else 'MISSED'}"
        )
    print(
        f"{'sheet PDF bytes':<24} {(folder / 'old.pdf').stat().st_size:>10} "
        f"{(folder / 'new.pdf').stat().st_size:>10}   identical: "
        f"{(folder / 'old.pdf').read_bytes() == (folder / 'new.pdf').read_bytes()}"
    )


def binder(old: Path, runs: int, env: dict, folder: Path) -> Path:
    family = bench_binder.make_family(folder, 100)
    commands = {
        f"{age} binder": [
            *mksheet(tree, age == "new"),
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
        timed(command, env)
    got = interleaved(commands, runs, env)
    o, n = got["old binder"], got["new binder"]
    print(f"\n{'1000-account binder':<24} {'old':>10} {'new':>10}   (median of {runs})")
    print(
        f"{'wall s':<24} {o[0]:>10.2f} {n[0]:>10.2f}   new / old {n[0] / o[0]:.2f}x "
        f"(goal <= {GOALS['binder new / old']}) {'ok' if n[0] / o[0] <= 0.65 else 'MISSED'}"
    )
    print(f"{'CPU s':<24} {o[1]:>10.2f} {n[1]:>10.2f}   new / old {n[1] / o[1]:.2f}x")
    print(
        f"{'peak memory MB':<24} {o[2]:>10.0f} {n[2]:>10.0f}   goal < {MAX_RSS_MB} "
        f"{'ok' if n[2] < MAX_RSS_MB else 'MISSED'}"
    )
    return family


def pages_the_old_way(folder: Path, family: Path) -> None:
    """Every sample and family sheet: new build against the old way, pixels at 100 dpi."""
    out = folder / "pixels"
    out.mkdir()
    paths = [str(ROOT), str(ROOT / "benchmarks"), str(ROOT / "tests")]
    code = (
        f"import sys; sys.modules['_rl_accel'] = None; sys.path[:0] = {paths!r}; "
        "import bench; bench.render_sheets(sys.argv[1], sys.argv[2] == 'old')"
    )
    for age in ("old", "new"):
        env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "XDG_CACHE_HOME": str(out / "cache")}
        command = [sys.executable, "-c", code, str(out / age), age, str(family)]
        if age == "new":
            command = [sys.executable, __file__, "--render", str(out / age), str(family)]
        subprocess.run(command, check=True, env=env)
    from conftest import raster
    from PIL import ImageChops

    old, new = (out / "old").read_bytes(), (out / "new").read_bytes()
    pages = raster_count(new)
    differing = [
        page
        for page in range(pages)
        if ImageChops.difference(raster(old, 100, page), raster(new, 100, page)).getbbox()
    ]
    print(
        f"\npixels at 100 dpi, new build vs the same {pages} sheet pages built the old way: "
        f"{'identical' if not differing else f'{len(differing)} pages DIFFER: {differing[:10]}'}"
    )


def raster_count(pdf: bytes) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def family_sheets(family: Path, limit: int = 150):
    from sheets import api

    files = sorted(ROOT.glob("samples/*.txt")) + sorted(family.rglob("*.txt"))[:limit]
    return [
        api.make_sheet(
            api.read_codes(str(path)), owner="Jordan Rivera", serial="GH-7K3Q", printed="2026-03-14"
        )
        for path in files
    ]


def render_sheets(target: str, old_way: bool, family: str | None = None) -> None:
    """Write the sheets' PDF; old_way: stock qrcode matrices, one text object per string."""
    from sheets import api
    from sheets.render import draw, qr

    family = family or sys.argv[3]
    if old_way:
        import qrcode

        from sheets.render.items import Text
        from sheets.render.style import FONTS

        def stock(text: str, level: str = "M"):
            code = qrcode.QRCode(error_correction=getattr(qrcode, f"ERROR_CORRECT_{level}"))
            code.add_data(text.encode("utf-8"))
            code.make(fit=True)
            return tuple(tuple(row) for row in code.get_matrix())

        def paint(canvas, page):
            for item in page.items:
                if type(item) is Text:
                    canvas.setFont(FONTS[item.font], item.size)
                    put = canvas.drawRightString if item.align == "right" else canvas.drawString
                    put(item.x, item.y, item.text)
                else:
                    draw.PAINTERS[type(item)](canvas, item)

        qr.matrix, draw.paint = stock, paint
    Path(target).write_bytes(api.render_pdf(family_sheets(Path(family))))


def second_process(family: Path) -> None:
    """The per-sheet work of a 1000-account binder (QR symbols, layout) in one process and
    split over two (fork, plans sent back pickled, as a binder would need them)."""
    from concurrent.futures import ProcessPoolExecutor

    from sheets import api

    codes = [api.read_codes(str(path)) for path in sorted(family.rglob("*.txt"))]
    start = time.perf_counter()
    one = plan_all(codes)
    alone = time.perf_counter() - start
    start = time.perf_counter()
    half = len(codes) // 2
    with ProcessPoolExecutor(2) as pool:
        two = [plan for part in pool.map(plan_all, [codes[:half], codes[half:]]) for plan in part]
    split = time.perf_counter() - start
    assert len(one) == len(two) == len(codes)
    print(
        f"\nsecond process, {len(codes)} sheets' QR symbols and layout: one process "
        f"{alone:.2f} s, two processes {split:.2f} s ({split / alone:.2f}x), on {machine()}"
    )


def plan_all(codes) -> list:
    from sheets import api

    return [
        api.plan_page(api.make_sheet(c, printed="2026-03-14", serial="GH-7K3Q"), "a4")
        for c in codes
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11, help="rounds of the single-sheet runs")
    parser.add_argument("--big-runs", type=int, default=2, help="rounds of the 1000 binder")
    parser.add_argument("--render", nargs=2, metavar=("PDF", "FAMILY"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.render:
        render_sheets(args.render[0], False, args.render[1])
        return
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        old = folder / "old"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(old), OLD], check=True
        )
        # the installed package maps sheets.templates to this checkout's templates/: give
        # the old build its own, which a sub-package beside its code takes before that
        (old / "sheets" / "templates").symlink_to(old / "templates")
        try:
            for tree in (old, ROOT):
                compileall.compile_dir(str(tree / "sheets"), quiet=1)
            env = {
                **os.environ,
                "SOURCE_DATE_EPOCH": EPOCH,
                "XDG_STATE_HOME": str(folder / "state"),
                "XDG_CACHE_HOME": str(folder / "cache"),
            }
            print(f"old = {OLD} in a temporary git worktree; new = {ROOT}")
            single(old, args.runs, env, folder)
            family = binder(old, args.big_runs, env, folder)
            pages_the_old_way(folder, family)
            second_process(family)
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old)], check=False
            )
    print(f"\nmachine at the end: {machine()}")


if __name__ == "__main__":
    main()
