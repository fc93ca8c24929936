"""Fallback for services no provider module knows: any plain list of codes.

Codes are kept exactly as the file has them (case, spacing, characters): a line of codes
is split at tabs and runs of spaces, and at single spaces only between three or more
code-shaped words (a copied row), since one space may group a code. Codes are
ASCII letters and digits, grouped by dashes or single spaces; a line that looks like a
code but is not one (a letter from another script, a stray symbol) stops the run. The
service's name comes from the file's heading line when it has one (`Acme Bank backup
codes`), and notes say what was guessed (see docs/providers.md, "The generic reader").
"""

import re
from collections import Counter

from sheets.model import CodeSet
from sheets.read.lines import COLUMNS, INNER_NUMBER, code_token, decoration
from sheets.read.normalise import Line, Reading, Source, buried
from sheets.read.providers import Kind, Provider, one_kind, settle

_CODE = re.compile(r"[A-Za-z0-9]+(?:[- ][A-Za-z0-9]+)*")
_WORD = re.compile(r"[a-z]{2,12}")
_FORM = re.compile(r"[A-Za-z0-9]")  # a code's form: where its letters/digits and separators are
_DIGIT = re.compile(r"[0-9]")
_X_RUN = re.compile("x+")
# Words a heading uses around a service's name: "Acme Bank backup codes", "2FA codes for X".
_FILLER = re.compile(
    r"(?i:\b(?:my|your|the|for|of|account|2fa|mfa|two[- ]factor|2-step|"
    r"one[- ]time|backup|recovery|emergency|security|verification|login|"
    r"sign[- ]in|codes?|keys?)\b|[:\-–—|,]+)",
    re.ASCII,
)


def score(source: Source) -> float:
    """A low constant for anything with code-shaped lines, so real providers win."""
    return 0.15 if any(_columns(line) for line in source.lines) else 0.0


def parse(source: Source) -> CodeSet:
    """Every code on code-shaped lines, or one phrase of 12-24 words; notes say what was
    guessed, and the heading line names the service."""
    codes, phrases, heading = _read(source)
    kind, reading = one_kind(source, {"backup-codes": codes, "recovery-phrase": phrases})
    if kind == "backup-codes" and len(reading.codes) == 1:
        kind = "recovery-key"
    what = (
        "one line of words as a recovery phrase"
        if kind == "recovery-phrase"
        else (f"{len(reading.codes)} code(s) on {len(set(reading.rows))} line(s)")
    )
    notes = [f"provider not recognised: read {what}"]
    skipped = reading.lines - len(set(reading.rows))
    if skipped:
        notes.append(f"skipped {skipped} line(s) of other text")
    return settle(
        source,
        "generic",
        kind,
        reading,
        notes=tuple(notes),
        service=_service(heading.text) if heading else None,
    )


def _read(source: Source) -> tuple[Reading, Reading, Line | None]:
    codes, numbers, rows, misfits, phrases, heading = [], [], [], [], [], None
    others: list[Line] = []
    for line in source.lines:
        found = _columns(line)
        if found:
            for number, code in found:
                codes.append(code)
                numbers.append(number)
                rows.append(line.row)
        elif _phrase(line.text):
            phrases.append(line)
        elif line.looks:
            misfits.append(line.row)
        else:
            others.append(line)
            if heading is None and not codes and not decoration(line.text):
                heading = line
    misfits += _holding_a_code(others, codes)
    heading = None if heading and heading.row in misfits else heading
    total = len(source.lines)
    return (
        Reading(
            tuple(codes), tuple(numbers), (None,) * len(codes), tuple(rows), tuple(misfits), total
        ),
        Reading(
            tuple(line.text for line in phrases),
            (None,) * len(phrases),
            (None,) * len(phrases),
            tuple(line.row for line in phrases),
            (),
            total,
        ),
        heading,
    )


def _columns(line: Line) -> list[tuple[int | None, str]] | None:
    """The codes on one line, each with its own number: None unless every column is one.
    A column of three or more code-shaped words one space apart is a copied row of codes
    (Login.gov's Copy button); fewer, or shorter words, are one code in groups."""
    if not line.looks:  # prose, decoration, nothing shaped like a code
        return None
    found: list[tuple[int | None, str]] = []
    number: int | None = line.number
    for column in COLUMNS.split(line.text):
        inner = INNER_NUMBER.match(column + " ") if found else None
        if inner:
            number, column = int(inner.group(1)), column[inner.end() :].strip()
        words = column.split(" ")
        codes = words if len(words) >= 3 and all(map(code_token, words)) else [column]
        if not all(len(code) <= 80 and _CODE.fullmatch(code) for code in codes):
            return None
        if not code_token(column.replace(" ", "")):
            return None
        found += [(number, codes[0])] + [(None, code) for code in codes[1:]]
        number = None
    return found


def _holding_a_code(lines: list[Line], codes: list[str]) -> list[int]:
    """Rows of other text holding a word of the same form as a code read (`the last one is
    9ZQX-4HTB`): a code in a note, which must stop the run rather than be skipped."""
    forms = Counter(_FORM.sub("x", code) for code in codes if _DIGIT.search(code))
    if not forms:
        return []
    # the commonest forms only: one regex alternative each keeps this linear in the text
    pattern = re.compile(
        "|".join(
            _X_RUN.sub(lambda run: f"[A-Za-z0-9]{{{len(run.group())}}}", re.escape(form))
            for form, _ in forms.most_common(8)
        ),
        re.ASCII,
    )
    return [line.row for line in lines if buried(pattern, line.text)]


def _phrase(text: str) -> bool:
    """12 to 24 lower-case words: a recovery phrase."""
    words = text.split(" ")
    return 12 <= len(words) <= 24 and all(_WORD.fullmatch(word) for word in words)


def _service(heading: str) -> str | None:
    """`Acme Bank backup codes` -> `Acme Bank`; None when nothing but filler is left."""
    name = " ".join(_FILLER.sub(" ", heading[:200]).split()).strip(" .!")
    return name if name and len(name) <= 40 and len(name.split()) <= 5 else None


PROVIDER = Provider(
    key="generic",
    prefix="GN",
    name="Unrecognised provider",
    kinds=(
        Kind(
            "backup-codes",
            "backup codes",
            None,
            use='Sign in to the website; at the two-factor step look for "use a backup '
            'code", "recovery code" or "try another way".',
            regenerate="the website's security or two-factor settings page.",
        ),
        Kind(
            "recovery-key",
            "recovery key",
            1,
            use="the website's account recovery page.",
            regenerate="the website's security settings page.",
            one_time=False,
        ),
        Kind(
            "recovery-phrase",
            "recovery phrase",
            1,
            use="the website's account recovery page.",
            regenerate="the website's security settings page.",
            one_time=False,
        ),
    ),
    score=score,
    parse=parse,
    confidence="L",
    fallback=True,
)
