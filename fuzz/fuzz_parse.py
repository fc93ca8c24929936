"""Fuzz the untrusted-input path: bytes -> textio.decode -> api.parse_text.

A SheetsError is the expected answer to bad input; any other exception, or a CodeSet that
breaks its own rules, is a crash. The file name and a forced provider come from the fuzzed
bytes too, so every provider's score and parse functions get exercised.

    pip install atheris
    mkdir -p build/fuzz-corpus
    python fuzz/fuzz_parse.py build/fuzz-corpus tests/fixtures/* samples -max_total_time=600

`check()` is also imported by tests/test_fuzz_target.py, so the target cannot rot.
"""

from __future__ import annotations

import sys

from sheets import api
from sheets.errors import SheetsError
from sheets.read import textio
from sheets.read.providers import ALL

NAMES = ("codes.txt", "", *sorted({glob.replace("*", "x") for p in ALL for glob in p.filenames}))
FORCED = (None, *(p.key for p in ALL))


def check(data: bytes) -> None:
    """Run one input through decode and parse; raise on anything but a SheetsError."""
    # the last bytes pick a file name and maybe a provider, and stay part of the text, so
    # that real downloads work as seeds unchanged
    name = NAMES[data[-1] % len(NAMES)] if data else "codes.txt"
    forced = FORCED[data[-2] % len(FORCED)] if len(data) > 1 and data[-2] < 32 else None
    try:
        text = textio.decode(data, name or "<input>")
        codes = api.parse_text(text, name or "<input>", forced)
    except SheetsError as exc:
        assert "\n" not in exc.message(), "an error message spans lines"
        return
    assert codes.codes, "a CodeSet without codes"
    assert all(code and code == code.strip() and "\n" not in code for code in codes.codes)
    assert set(codes.used) <= set(codes.codes), "a used code that is not a code"
    api.describe(codes)


def main() -> None:
    import atheris

    atheris.instrument_all()
    atheris.Setup(sys.argv, check)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
