"""Every reader takes the megabyte inputs that made readers quadratic before (issue 12).

The shapes: a long run of address characters with no `@` (the e-mail search scanned it
from every start: a 990 KB 1Password file ran over 15 minutes), a 40,000-character Discord
header, and the most code-like input possible, rows of codes, which every provider reads
in full. Each provider's score and parse, and the whole read with detection, read the
input or refuse it in one error. How long each takes is benchmarks/bench_hostile.py's to
measure (a script, not a timed test); here a quadratic reader shows as a run of minutes.
"""

from __future__ import annotations

import pytest

from sheets import api
from sheets.errors import SheetsError
from sheets.read.codes import MAX_LINES
from sheets.read.normalise import Source
from sheets.read.providers import ALL
from sheets.read.textio import MAX_BYTES

SIZE = MAX_BYTES - 10_000  # the largest file textio lets through, near enough
ROWS = MAX_LINES - 1


def _rows(word: str) -> str:
    """ROWS lines of `word` repeated, about SIZE characters in all."""
    width = SIZE // ROWS
    line = (word * (width // len(word) + 1))[:width]
    return "\n".join([line] * ROWS)


WORST = {
    "one run of letters": "a" * SIZE,
    "Discord header of a megabyte": "These are your Discord backup codes for account "
    + "x" * SIZE
    + "@example.com\n\n* abcd-1234",
    "many @ in runs": ("a" * 60 + "@") * (SIZE // 61),
    "rows of 8-character codes": _rows("abcd1234 "),
    "one row of 8-digit codes": "1234 5678 " * (SIZE // 10),
    "a number then spaces": "1." + " " * SIZE + "x",
    "a key in groups, repeated": "ABCD " * (SIZE // 5),
    "rows of Secret Key starts": _rows("A3-AAAAAA-"),
    # issue 22: every line is now matched against a provider's own text, and a note after
    # a code is looked for on every code line
    "rows of codes with notes naming Discord": _rows("abcd-1234 discord x@y.co discord "),
    "one code and a megabyte of note": "e91c7-a688c " + "used on my laptop " * (SIZE // 18),
}


def _outcome(call, *args) -> str:
    """ "read" or "refused": anything but a SheetsError escapes and fails the test."""
    try:
        call(*args)
    except SheetsError:
        return "refused"
    return "read"


@pytest.mark.parametrize("shape", WORST)
def test_every_reader_reads_or_refuses_a_megabyte(shape: str) -> None:
    text = WORST[shape]
    assert len(text) > 900_000
    source = Source("recovery.txt", text)
    for provider in ALL:
        assert _outcome(provider.score, source) == "read"  # a score never refuses
        _outcome(provider.parse, source)
    _outcome(api.parse_text, text, "recovery.txt")
