"""How long mksheet takes to read, lay out or refuse the hardest inputs (issues 12, 25).

A script, not a timed test: `python benchmarks/bench_hostile.py [--runs N]`. Each case is
one input a user can give (in process, fonts registered and caches warm, as the second
sheet of a run finds them), laid out or refused: the median of N runs is printed with the
outcome. Goal: every case under a second (a 3,000-character --account once took 8.4 s to
refuse, measuring every prefix of the word it had to cut). Exit status 1 when one is over.

Readers: every provider's score and parse, and the whole read with detection, on each of
tests/read/test_worst_inputs.py's megabyte worst cases (goal: READ_GOAL seconds each; a quadratic
reader took minutes). Pages: an --account, an --owner and a service name of 3,000
characters; the account alone on a sheet whose QR symbol is small (so the page, not the QR
payload, refuses it); 300 codes; npm's five 64-character codes with a 72-character
e-mail; Proton's codes with its phrase and two lines (laid out at the last style of the
chain); notes up to the reader's limit (refused naming the first line over the page); a
40-account export; an export whose names take 200 characters.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "read")]

from sheets import api  # noqa: E402
from sheets.errors import SheetsError  # noqa: E402
from sheets.model import OtpEntry, Vault  # noqa: E402

SAMPLES = ROOT / "samples"
GOAL = 1.0  # seconds to lay out or refuse a page
READ_GOAL = 10.0  # seconds for a megabyte's worst case through every provider
EMAIL = "jordan.alexandra.rivera-montgomery.household-archive@example-family.org"

DAY = "2026-03-14"  # the print date of the decks made here


def sheet_case(name: str, account=None, owner=None, service=None, codes=None):
    """A case that makes one sheet's PDF from a sample with some fields replaced."""
    base = api.read_codes(str(SAMPLES / name))
    changes = {k: v for k, v in (("account", account), ("service", service)) if v}
    if service:
        changes["provider"] = "generic"
    if codes:
        changes["codes"] = codes
    found = dataclasses.replace(base, **changes)

    def run():
        return api.render_pdf([api.make_sheet(found, owner=owner, serial="GH-7K3Q")], "a4")

    return run


def layout_case(account: str):
    """The page alone refusing an account, with a small QR symbol (not the payload's)."""
    from sheets.render import compose, draw, qr

    codes = dataclasses.replace(api.read_codes(str(SAMPLES / "github-recovery-codes.txt")))
    codes = dataclasses.replace(codes, account=account)
    sheet = api.make_sheet(codes)
    draw.register_fonts()

    def run():
        return compose.page(sheet, "a4", draw.measure, (qr.matrix("payload"),))

    return run


def lines_case(name: str, appended: str):
    """A file of issue 22's fixtures with lines appended: a page past TIGHT, or refused
    naming the first line that does not fit."""
    text = (ROOT / "tests" / "fixtures" / "lines" / name).read_text("utf-8").rstrip("\n")
    codes = api.parse_text(text + "\n" + appended, name)

    def run():
        return api.render_pdf([api.make_sheet(codes, owner="Sam Rivera", serial="GH-7K3Q")])

    return run


NOTE = "kept in the blue notebook, second shelf," * 2
NOTES = "".join(f"note {n}: {NOTE}\n" for n in range(10))  # with the TOTP line: 11, 910


def deck_case(count: int, name_length: int):
    """An export's pages: count accounts, issuer and account names of name_length."""
    from sheets.make.compose import deck_for
    from sheets.render.deck import render_pdf

    entries = tuple(
        OtpEntry(
            "totp",
            f"Issuer {n} " + "x" * max(0, name_length // 2 - 10),
            f"user{n}@" + "y" * max(0, name_length // 2 - 10),
            "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
        )
        for n in range(count)
    )

    def run():
        return render_pdf(deck_for(Vault("aegis", entries, "x.json"), None, None, DAY), "a4")

    return run


CASES = {
    "--account of 3,000 characters": sheet_case("github-recovery-codes.txt", account="x" * 3000),
    "--account of 3,000 characters, page alone": layout_case("x" * 3000),
    "--account of 3,000 words, page alone": layout_case("word " * 600),
    "--owner of 3,000 characters": sheet_case("apple-recovery-key-pasted.txt", owner="o" * 3000),
    "service name of 3,000 characters": sheet_case("github-recovery-codes.txt", service="S" * 3000),
    "300 codes": sheet_case(
        "github-recovery-codes.txt", codes=tuple(f"{i:05d}-{i:05x}" for i in range(300))
    ),
    "npm, 72-character e-mail": sheet_case("npm-profile-enable-2fa-output.txt", account=EMAIL),
    "Proton codes, phrase and two lines": lines_case(
        "proton_recovery_codes.txt", "Saved on my laptop\nTOTP secret: JBSWY3DPEHPK3PXP\n"
    ),
    "GitHub codes, a secret's line and 10 notes": lines_case(
        "github-recovery-codes totp.txt", NOTES
    ),
    "export of 40 accounts": deck_case(40, 20),
    "export of 40 accounts, 200-character names": deck_case(40, 200),
}


def read_case(text: str):
    """Every provider's score and parse, then the whole read with detection, on one text."""
    from sheets.read.normalise import Source
    from sheets.read.providers import ALL

    def run():
        source = Source("recovery.txt", text)
        for provider in ALL:
            for step in (provider.score, provider.parse):
                try:
                    step(source)
                except SheetsError:
                    pass
        return api.parse_text(text, "recovery.txt")

    return run


def timed(run, runs: int) -> tuple[float, str]:
    """(median seconds, outcome) of runs calls."""
    times, outcome = [], ""
    for _ in range(runs):
        start = time.perf_counter()
        try:
            result = run()
            outcome = (
                f"laid out ({len(result):,} bytes)" if isinstance(result, bytes) else "laid out"
            )
        except SheetsError as exc:
            outcome = f"refused: {exc.problem}"
        times.append(time.perf_counter() - start)
    return statistics.median(times), outcome


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    import os

    print(f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}; median of {args.runs} runs")
    sheet_case("github-recovery-codes.txt")()  # warm: fonts, templates, QR tables
    from test_worst_inputs import WORST

    slowest_read = 0.0
    for name, text in WORST.items():
        seconds, outcome = timed(read_case(text), 1)
        slowest_read = max(slowest_read, seconds)
        print(f"{seconds:7.3f} s  read {name}: {outcome.split(':')[0]}", flush=True)
    worst = 0.0
    for name, run in CASES.items():
        seconds, outcome = timed(run, args.runs)
        worst = max(worst, seconds)
        print(f"{seconds:7.3f} s  {name}: {outcome}", flush=True)
    read_met = slowest_read < READ_GOAL
    print(f"slowest read {slowest_read:.3f} s; goal under {READ_GOAL:.0f} s: ", end="")
    print("met" if read_met else "MISSED")
    print(f"slowest {worst:.3f} s; goal under {GOAL:.1f} s: {'met' if worst < GOAL else 'MISSED'}")
    return 0 if worst < GOAL and read_met else 1


if __name__ == "__main__":
    sys.exit(main())
