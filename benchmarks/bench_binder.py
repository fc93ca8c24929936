"""Time `mksheet binder` for 100 and 1000 accounts against the dependencies' start-up.

A script, not a timed test: run `python benchmarks/bench_binder.py [--runs N]`. Input files
are made in a temporary folder from tests/fixtures with fresh random codes (each code
replaced by one of the same shape and alphabet), 10 files per person, no two of them for one
provider and kind (in a binder those would be two sets for one account). The ledger goes to
a temporary state folder, so runs after the first are reprints. It prints the median
wall times, the peak memory (max RSS) of the 1000-account run, and the goals:
100 accounts <= 12 x start-up; 1000 accounts <= 10 x 100 accounts; 1000 under 250 MB.
Exit status 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
DEPS = "import reportlab.pdfgen.canvas, qrcode, PIL.Image, jinja2, click"
FILES_PER_PERSON = 10
GOALS = {"100 / start-up": 12.0, "1000 / 100": 10.0}
MAX_RSS_MB = 250


def templates() -> list[tuple[str, str, list[str], tuple[str, str]]]:
    """(file name, text, codes, (provider, kind)) for each fixture holding its codes verbatim."""
    found = []
    for expected in sorted(FIXTURES.glob("*/expected.json")):
        for entry in json.loads(expected.read_text("utf-8")):
            path = expected.parent / entry["file"]
            text = path.read_bytes().decode("utf-8-sig", errors="replace")
            codes = entry.get("codes")  # authenticator exports' fixtures list accounts instead
            if codes and all(code in text for code in codes):
                found.append(
                    (entry["file"], text, entry["codes"], (entry["provider"], entry["kind"]))
                )
    return found


def fresh(name: str, text: str, codes: list[str]) -> str | None:
    """The text with every code replaced by a random one of the same shape and alphabet.

    A few formats check their codes' structure, so each result is read back with mksheet
    and drawn again until it reads as exactly the new codes (None: that format never does).
    """
    from sheets.errors import SheetsError
    from sheets.read.codes import parse_text

    alphabet = sorted({c for code in codes for c in code if c.isalnum()})
    for _ in range(20):
        new = [
            "".join(secrets.choice(alphabet) if c.isalnum() else c for c in code) for code in codes
        ]
        result = text
        for old, code in sorted(zip(codes, new), key=lambda pair: -len(pair[0])):
            result = result.replace(old, code)
        try:
            if list(parse_text(result, name).codes) == new:
                return result
        except SheetsError:
            pass
    return None


def make_family(folder: Path, people: int) -> Path:
    """people x FILES_PER_PERSON downloads, with fresh codes, one folder per person."""
    pool = [template for template in templates() if fresh(*template[:3]) is not None]
    family = folder / f"family-{people * FILES_PER_PERSON}"
    for person in range(people):
        home, held = family / f"Person {person:03d}", set()
        home.mkdir(parents=True)
        for index in range(FILES_PER_PERSON):
            turn, text = person * FILES_PER_PERSON + index, None
            while text is None:  # a format that checks its codes may refuse a random set
                name, template, codes, what = pool[turn % len(pool)]
                turn += 1
                if what not in held:
                    text = fresh(name, template, codes)
            held.add(what)
            (home / f"{index:02d}-{name}").write_text(text, "utf-8")
    return family


def run(command: list[str], env: dict) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak resident memory (MB) of one child process."""
    start = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    error = child.stderr.read().decode(errors="replace")
    child.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command[:3])} failed:\n{error}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024  # Linux: KiB


def mksheet() -> list[str]:
    """The installed console script beside this Python, else `python -m sheets`."""
    script = Path(sys.executable).with_name("mksheet")
    return [str(script)] if script.exists() else [sys.executable, "-m", "sheets"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="rounds for start-up and 100")
    parser.add_argument("--big-runs", type=int, default=2, help="runs of the 1000 binder")
    args = parser.parse_args()
    compileall.compile_dir(str(ROOT / "sheets"), quiet=1)
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        env = {
            **os.environ,
            "SOURCE_DATE_EPOCH": "1773446400",
            "XDG_STATE_HOME": str(folder / "state"),
        }  # never the user's own ledger
        small, big = make_family(folder, 10), make_family(folder, 100)
        deps = [sys.executable, "-c", DEPS]
        binder = [*mksheet(), "binder", "--force", "-o", str(folder / "out.pdf")]
        runs: dict[str, list[tuple[float, float, float]]] = {"start-up": [], "100": [], "1000": []}
        run(deps, env), run([*binder, str(small)], env)  # warm the file cache
        for _ in range(args.runs):  # interleaved, so a change in load hits both alike
            runs["start-up"].append(run(deps, env))
            runs["100"].append(run([*binder, str(small)], env))
        for _ in range(args.big_runs):
            runs["1000"].append(run([*binder, str(big)], env))
        size = (folder / "out.pdf").stat().st_size
    wall = {k: statistics.median(r[0] for r in v) for k, v in runs.items()}
    cpu = {k: statistics.median(r[1] for r in v) for k, v in runs.items()}
    return report(wall, cpu, max(r[2] for r in runs["1000"]), size, args)


def report(wall: dict[str, float], cpu: dict[str, float], rss: float, size: int, args) -> int:
    """Print the figures and the goals (judged on wall time); 1 if a goal is missed."""
    runs = {"start-up": args.runs, "100": args.runs, "1000": args.big_runs}
    names = {
        "start-up": "start-up (deps import)",
        "100": "binder, 100 accounts",
        "1000": "binder, 1000 accounts",
    }
    for key, name in names.items():
        print(
            f"{name:<22} {wall[key] * 1000:8.0f} ms wall {cpu[key] * 1000:8.0f} ms CPU  "
            f"(median of {runs[key]})"
        )
    print(f"{'1000 accounts':<22} peak RSS {rss:.0f} MB, PDF {size / 1e6:.1f} MB")
    missed = False
    for name, (top, bottom) in {
        "100 / start-up": ("100", "start-up"),
        "1000 / 100": ("1000", "100"),
    }.items():
        ratio = wall[top] / wall[bottom]
        ok = ratio <= GOALS[name]
        missed |= not ok
        print(
            f"{name:<22} {ratio:8.2f} x  (CPU {cpu[top] / cpu[bottom]:.2f} x; goal <= "
            f"{GOALS[name]:g})  {'ok' if ok else 'MISSED'}"
        )
    ok = rss < MAX_RSS_MB
    print(
        f"{'1000 peak memory':<22} {rss:8.0f} MB (goal < {MAX_RSS_MB})  {'ok' if ok else 'MISSED'}"
    )
    return 1 if missed or not ok else 0


if __name__ == "__main__":
    sys.exit(main())
