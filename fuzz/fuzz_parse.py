"""Fuzz the untrusted-input path: bytes -> textio.decode -> api.parse_text.

A SheetsError is the expected answer to bad input; any other exception, a CodeSet that
breaks its own rules, or a line of the input that ends in no place (issue 22: not a code,
not the provider's own text, not a note beside a code, not kept to print as written) is a
crash. The file name and a forced provider come from the fuzzed bytes too, so every
provider's score and parse functions get exercised.

    pip install atheris
    mkdir -p build/fuzz-corpus
    python fuzz/fuzz_parse.py build/fuzz-corpus tests/fixtures/* samples -max_total_time=600

`check()` is also imported by tests/test_fuzz_target.py, so the target cannot rot.
"""

from __future__ import annotations

import re
import sys

from sheets import api
from sheets.errors import SheetsError
from sheets.model import CodeSet
from sheets.read import textio
from sheets.read.normalise import heading_parts, split_entry
from sheets.read.providers import ALL, by_key

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
    assert not unaccounted(text, codes), f"lines {unaccounted(text, codes)} are in no place"
    api.describe(codes)


# What may stand on a code's line besides its codes: list numbers, bullets, a used-mark
# such as Discord's `(used)`, and a label naming the secret (`Personal key:`, `Key:`).
_DECORATION = re.compile(r"(?:^|\s)(?:#?\d{1,3}[.):]?|[*\-\u2022\u00b7+>])(?=\s|$)")
_LABEL = re.compile(r"(?i)\W{0,3}(?:[a-z0-9-]+ ){0,3}(?:keys?|codes?|phrase)\s*[:=\u2013\u2014-]?")
_MARK = re.compile(r"\([^()]{1,30}\)")
_SITE = re.compile(r"(?i)(?:web ?site|site|url|address)\s*[:=]\s*(?:https?://)?(?:www\.)?")


def unaccounted(text: str, codes: CodeSet) -> list[int]:
    """The rows of text that end in no place of the code set: each line holds a code (or
    the second secret) and nothing more than numbering, a used-mark, a label or its note;
    or is kept as written (other_lines); or is text the provider declares as its own file's
    (with the account and date the code set holds), the heading that names the service and
    account, or the older Google file's user name line."""
    provider = by_key(codes.provider)
    secrets = [*codes.codes, *(codes.second.codes if codes.second else ())]
    kept, notes = dict(codes.other_lines), {note for _, note in codes.code_notes}
    words = {w for code in secrets if " " in code for w in code.split()}
    lost = []
    for row, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not any(c.isalnum() for c in line) or kept.get(row) == line:
            continue
        if _holds(line, secrets, words):
            if not _rest_of_code_line(line, secrets, notes, bool(codes.used)):
                lost.append(row)
        elif not _own(split_entry(line)[1], provider, codes):
            lost.append(row)
    return lost


def _holds(line: str, secrets: list[str], words: set[str]) -> bool:
    """Whether the line holds a code as written, or only words of a phrase (typed a word a line)."""
    if any(_written(code).search(line) for code in secrets):
        return True
    return bool(words) and all(w.strip(".") in words for w in split_entry(line)[1].split())


def _rest_of_code_line(line: str, secrets: list[str], notes: set[str], marks: bool) -> bool:
    """What is left of a code line once its codes are out: numbering and bullets, a label
    before the first code, a used-mark after one, and the note after the last; nothing else."""
    found = [m for code in secrets for m in _written(code).finditer(line)]
    if not found:  # a phrase typed a word a line
        return True
    first = min(m.start() for m in found)
    before, rest = line[:first], line[first:]
    for code in sorted(secrets, key=len, reverse=True):
        rest = _written(code).sub(" ", rest)
    before = " ".join(_DECORATION.sub(" ", before).split())
    if before and not _LABEL.fullmatch(before):
        return False
    rest = " ".join(_DECORATION.sub(" ", rest).split())
    mark = _MARK.match(rest) if marks else None  # Discord's `(used)`, before any note
    rest = rest[mark.end() :].strip() if mark else rest
    return not rest or rest in {" ".join(_DECORATION.sub(" ", n).split()) for n in notes}


def _written(code: str) -> re.Pattern[str]:
    """A code as a file may write it: its letters and digits, a space or dash between any."""
    chars = [re.escape(c) for c in code if c.isalnum()]
    return re.compile(r"(?<![A-Za-z0-9])" + r"[\s-]?".join(chars) + r"(?![A-Za-z0-9])", re.I)


def _own(body: str, provider, codes: CodeSet) -> bool:
    if provider.owns(body, codes.account, codes.issued) or body == codes.account:
        return True
    rest, email = heading_parts(body)
    named = not rest or rest == codes.service or provider.named_by(rest)
    site = _SITE.match(body)
    return bool(
        (named and email in (None, codes.account))
        or (site and body[site.end() :].rstrip("/") == codes.service)
    )


def main() -> None:
    import atheris

    atheris.instrument_all()
    atheris.Setup(sys.argv, check)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
