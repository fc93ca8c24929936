"""Render every sample and a 100-account binder, to compare the bytes of two builds.

A check for speed work and moves, not a timed test:
    python benchmarks/same_output.py make-family DIR                  # once: fixed inputs
    python benchmarks/same_output.py render DIR/family-100 OUT [TREE]  # with each build
    python benchmarks/same_output.py compare OUT_A OUT_B               # byte for byte
TREE is the source tree of the build to run (default: this checkout), for instance an
older commit extracted with `git archive e60cfa3 | tar -x -C /tmp/old`; the samples are
this checkout's, so both builds print the same inputs. Serials are random, so the first
render records a ledger in DIR/ledgers; every render works on a copy of it (a reprint, same
serials and copy numbers) with a fixed SOURCE_DATE_EPOCH, so only the build differs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EPOCH = "1773446400"


def mksheet(*args: str, state: Path, tree: Path) -> None:
    env = {
        **os.environ,
        "SOURCE_DATE_EPOCH": EPOCH,
        "XDG_STATE_HOME": str(state),
        "LC_ALL": "C.UTF-8",
    }
    run = f"import sys; sys.path.insert(0, {str(tree)!r}); from sheets.cli import main; "
    run += "sys.exit(main())"
    subprocess.run(
        [sys.executable, "-c", run, *args],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def render(family: Path, out: Path, tree: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    seed = family.parent / "ledgers"
    if not seed.exists():
        _render(family, out, seed, tree)
    with tempfile.TemporaryDirectory() as temp:
        shutil.copytree(seed, Path(temp) / "ledgers")
        _render(family, out, Path(temp) / "ledgers", tree)


def _render(family: Path, out: Path, temp: Path, tree: Path) -> None:
    """Every sample on both papers, and the binder plain and duplex; ledgers in temp."""
    for paper in ("a4", "letter"):
        for sample in sorted((ROOT / "samples").glob("*.txt")):
            mksheet(
                "make",
                str(sample),
                "-o",
                str(out / f"{paper}-{sample.stem}.pdf"),
                "--force",
                "--paper",
                paper,
                "--owner",
                "Jordan Rivera",
                state=Path(temp) / f"{paper}-{sample.stem}",
                tree=tree,
            )
    mksheet(
        "binder",
        str(family),
        "-o",
        str(out / "binder.pdf"),
        "--force",
        "--paper",
        "a4",
        state=Path(temp) / "binder",
        tree=tree,
    )
    mksheet(
        "binder",
        str(family),
        "-o",
        str(out / "binder-duplex.pdf"),
        "--force",
        "--duplex",
        "--paper",
        "letter",
        state=Path(temp) / "binder-duplex",
        tree=tree,
    )


def compare(a: Path, b: Path) -> int:
    names = sorted(p.name for p in a.glob("*.pdf"))
    differ = [
        n for n in names if not (b / n).exists() or (a / n).read_bytes() != (b / n).read_bytes()
    ]
    print(
        f"{len(names) - len(differ)} of {len(names)} PDFs byte-identical"
        + (f"; differ: {differ}" if differ else "")
    )
    return 1 if differ or not names else 0


def main() -> int:
    what, *args = sys.argv[1:]
    if what == "make-family":
        sys.path.insert(0, str(ROOT / "benchmarks"))
        import bench_binder

        print(bench_binder.make_family(Path(args[0]), 10))
        return 0
    if what == "render":
        render(Path(args[0]), Path(args[1]), Path(args[2]).resolve() if args[2:] else ROOT)
        return 0
    return compare(Path(args[0]), Path(args[1]))


if __name__ == "__main__":
    sys.exit(main())
