"""mksheet keeps no cache: besides its ledger and the PDFs asked for, a run writes nothing.

Compiled templates are code, and kept font metrics or QR layouts would decide what is
printed; none bought the 10 ms a single sheet that a disk cache must (benchmarks/bench.py),
so fonts are parsed, templates compiled and QR layouts worked out afresh in each run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import SAMPLES

SAMPLE = SAMPLES / "github-recovery-codes.txt"


def everything_under(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


def test_a_sheet_and_a_binder_keep_nothing_but_the_ledger(tmp_path):
    home, cache, state, temp, out = (
        tmp_path / name for name in ("home", "cache", "state", "tmp", "out")
    )
    for folder in (home, cache, state, temp, out):
        folder.mkdir()
    family = tmp_path / "family" / "Jordan Rivera"
    family.mkdir(parents=True)
    (family / SAMPLE.name).write_bytes(SAMPLE.read_bytes())
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CACHE_HOME": str(cache),
        "XDG_STATE_HOME": str(state),
        "TMPDIR": str(temp),
    }
    for command in (
        [str(SAMPLE), "-o", str(out / "sheet.pdf")],
        ["binder", str(family.parent), "-o", str(out / "binder.pdf")],
    ):
        made = subprocess.run(
            [sys.executable, "-m", "sheets", *command], env=env, capture_output=True, timeout=120
        )
        assert made.returncode == 0, made.stderr
    assert everything_under(out) == ["binder.pdf", "sheet.pdf"]
    assert everything_under(home) == everything_under(cache) == everything_under(temp) == []
    assert everything_under(state) and all(p.startswith("mksheet") for p in everything_under(state))
