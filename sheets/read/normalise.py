"""Shared code-token helpers: lines without bullets and numbering, code shapes, dates.

Every pattern here is ASCII-only (`re.ASCII`, explicit classes): codes are ASCII, so a
look-alike letter from another script, `ſ` or the Kelvin sign never passes as `s` or `k`.
Every function runs in time linear in its input (no pattern can backtrack over a line).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property, lru_cache
from typing import NamedTuple

from sheets.read.lines import code_like, note, secretish, word

_A = re.ASCII
_NUMBERING = re.compile(r"(?:#\s*(\d{1,3})[.):]?\s+|\(?(\d{1,3})[.):]\s*|(\d{1,3})\t+)", _A)
_BULLET = re.compile(r"[*\-\u2022\u00b7\u2023\u25e6\u25aa\u2013\u2014+>]\s+", _A)
_DUPLICATE_SUFFIX = re.compile(r"\s*[\(\[]\d{1,3}[\)\]](?=\.[A-Za-z0-9]+$|$)", _A)
_DIGIT = re.compile(r"[0-9]")
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1,
    )
}


class Line(NamedTuple):
    """One non-blank line: its 1-based row, its list number if any, the rest stripped,
    whether that rest looks like a code (worked out once, not once per provider), and the
    line as written (bullets and numbers kept; white space at its ends taken off)."""

    row: int
    number: int | None
    text: str
    looks: bool = False
    raw: str = ""


def split_entry(raw: str) -> tuple[int | None, str]:
    """Take bullets and list numbering (`1.`, `1)`, `#1`, `1<TAB>`) off one stripped line."""
    text = raw.strip()
    bullet = _BULLET.match(text)
    text = text[bullet.end() :] if bullet else text
    match = _NUMBERING.match(text)
    if not match:
        return None, text.strip()
    number = int(next(g for g in match.groups() if g))
    return number, text[match.end() :].strip()


@dataclass(frozen=True)
class Source:
    """A downloaded file as the parsers see it: its base name and decoded text."""

    name: str
    text: str

    @cached_property
    def lines(self) -> tuple[Line, ...]:
        """Non-blank lines with bullets and numbering taken off."""
        found = []
        for row, raw in enumerate(self.text.split("\n"), start=1):
            if raw.strip():
                number, text = split_entry(raw)
                found.append(Line(row, number, text, code_like(text), raw.strip()))
        return tuple(found)

    @cached_property
    def _rows(self) -> dict[int, Line]:
        return {line.row: line for line in self.lines}

    def line(self, row: int) -> Line:
        """The non-blank line at this 1-based row."""
        return self._rows[row]

    def reading(self, shape: Shape, explains: Callable[[Line], bool] | None = None) -> Reading:
        """The file read against one shape (once per shape, however often score and parse
        ask); `explains` excuses the lines the provider's layout accounts for."""
        readings = self.__dict__.setdefault("_readings", {})
        if id(shape) not in readings:  # shapes are module constants: their ids stay theirs
            readings[id(shape)] = (shape, shape.read(self.lines))
        reading = readings[id(shape)][1]
        if not (explains and reading.misfits):
            return reading
        rows = set(reading.misfits)
        left = (line.row for line in self.lines if line.row in rows and not explains(line))
        return reading._replace(misfits=tuple(left))

    @cached_property
    def stem(self) -> str:
        """The file name without a browser's duplicate suffix such as ` (1)`."""
        return _DUPLICATE_SUFFIX.sub("", self.name)


class Reading(NamedTuple):
    """Every line of a file accounted for against one code shape."""

    codes: tuple[str, ...]  # in the provider's spelling, file order
    numbers: tuple[int | None, ...]  # each code's own list number, if it has one
    marks: tuple[str | None, ...]  # each code's marker, e.g. Discord's "(used)"
    rows: tuple[int, ...]  # the lines that hold codes
    misfits: tuple[int, ...]  # lines that look like codes but are not of this shape
    lines: int  # non-blank lines in the file
    notes: tuple[str | None, ...] = ()  # each code's note, as written after it on its line

    def score(self, count: int | None) -> float:
        """0..0.65: most when every line holds codes and the count is the usual one;
        a line that nearly fits counts half, so damage does not hand the file to another."""
        if not self.lines or not (self.rows or self.misfits):
            return 0.0
        share = (len(set(self.rows)) + 0.5 * len(self.misfits)) / self.lines
        return 0.45 * min(share, 1.0) + (0.2 if len(self.codes) == count else 0.0)

    def in_number_order(self) -> Reading:
        """The codes in the order of their own numbers when every code has a distinct one:
        numbered codes pasted in columns (`1. ...<TAB>7. ...`) read down, not across."""
        numbers = self.numbers
        if not numbers or None in numbers or len(set(numbers)) < len(numbers):
            return self
        order = sorted(range(len(numbers)), key=lambda i: numbers[i] or 0)
        if order == list(range(len(order))):
            return self

        def ordered(values: tuple) -> tuple:
            return tuple(values[i] for i in order) if values else values

        return self._replace(
            codes=ordered(self.codes),
            numbers=ordered(self.numbers),
            marks=ordered(self.marks),
            rows=ordered(self.rows),
            notes=ordered(self.notes),
        )

    def file_numbers(self, plain: bool = False) -> tuple[int, ...] | None:
        """The file's own numbers when every code has one (a gap stays a gap); None when
        any is missing, or when they are just 1..n and `plain` does not ask for those."""
        if not self.numbers or None in self.numbers:
            return None
        numbers = tuple(n for n in self.numbers if n is not None)
        return numbers if plain or numbers != tuple(range(1, len(numbers) + 1)) else None


@dataclass(frozen=True)
class Shape:
    """The shape of one provider's code: a full-match pattern, the usual count, its case,
    and the grouping the provider shows (sizes and separator) when it has one."""

    pattern: re.Pattern[str]  # one code; a group named `mark` is a marker after it
    count: int | None
    case: str = ""  # "lower", "upper" or "" to keep as issued (case-sensitive codes)
    sizes: tuple[int, ...] = ()  # regroup into these sizes ...
    sep: str = ""  # ... joined by this
    label: re.Pattern[str] | None = None  # a label the layout puts before a code: `Key:`

    def canonical(self, text: str) -> str:
        """The code as the provider issues it (its own case and grouping)."""
        if self.case:
            text = text.lower() if self.case == "lower" else text.upper()
        return regroup(text, self.sizes, self.sep) if self.sizes else text

    def fit(self, line: Line) -> list[tuple[int | None, re.Match[str]]] | None:
        """The codes that make up the whole line (columns, or a row joined by spaces, each
        perhaps numbered), or None when anything on it is not a code of this shape."""
        found, end = self._leading(line)
        return found if found and end == len(line.text) else None

    def noted(self, line: Line) -> tuple[list[tuple[int | None, re.Match[str]]], str] | None:
        """The codes that start the line and the note after them (`e91c7-a688c used on my
        laptop`), or None when what follows the codes is not a note (lines.note)."""
        return self._noted(line, *self._leading(line))

    def _noted(
        self, line: Line, found: list[tuple[int | None, re.Match[str]]], end: int
    ) -> tuple[list[tuple[int | None, re.Match[str]]], str] | None:
        rest = line.text[end:]
        if not found or not rest[:1].isspace() or not note(rest):
            return None
        if any(word(match.group()) for _, match in found):
            return None  # `everything is fine` starts with ten letters, but with no code
        return found, rest.strip()

    def glued(self, line: Line) -> bool:
        """Whether the line starts with what this shape reads as a code (not a word) that
        runs on into more text: `921aa-24706Saved on my laptop`, a note appended with
        `echo >>` to a file without a final newline. A damaged code: the run stops."""
        labelled = self.label.match(line.text) if self.label else None
        start = labelled.end() if labelled else 0
        match = self.pattern.match(line.text, start)
        return match is not None and not word(match.group()) and match.end() < len(line.text)

    def _leading(self, line: Line) -> tuple[list[tuple[int | None, re.Match[str]]], int]:
        """The codes at the start of the line, and where they end."""
        text, number = line.text, line.number
        labelled = self.label.match(text) if self.label else None
        start = labelled.end() if labelled else 0
        if not self.pattern.match(text, start):  # no code starts here: skip compiling steps
            return [], 0
        first, then = _steps(self.pattern)
        match = first.match(text, start)
        found, end = [], 0
        while match:
            found.append((number, match))
            end = match.end()
            match = then.match(text, end)
            number = int(match.group("_n")) if match and match.group("_n") else None
        return found, end

    def read(self, lines: tuple[Line, ...]) -> Reading:
        """Each line a code line (perhaps with a note after its codes), other text, or a
        misfit: it looks like a code but is not one of this shape (Source.reading caches
        this and excuses layout)."""
        codes, numbers, marks, rows, misfits, notes = [], [], [], [], [], []
        named = "code" if "code" in self.pattern.groupindex else "_all"
        marked = "mark" in self.pattern.groupindex
        starts = None if self.label else self.pattern.match  # most lines start no code
        for line in lines:
            if starts is not None and not starts(line.text):
                if line.looks:
                    misfits.append(line.row)
                continue
            leading, end = self._leading(line)  # what fit and noted would each work out
            found = leading if leading and end == len(line.text) else None
            remark = None
            if not found and (noted := self._noted(line, leading, end)):
                found, remark = noted
            glued = not found and self.glued(line)
            if found:
                codes += [self.canonical(match.group(named)) for _, match in found]
                numbers += [number for number, _ in found]
                marks += [match.group("mark") if marked else None for _, match in found]
                rows += [line.row] * len(found)
                notes += [None] * (len(found) - 1) + [remark]
            elif line.looks or glued:
                misfits.append(line.row)
        return Reading(
            tuple(codes),
            tuple(numbers),
            tuple(marks),
            tuple(rows),
            tuple(misfits),
            len(lines),
            tuple(notes),
        )

    def score(self, source: Source) -> float:
        """0..0.65 for a list of such codes: most for every line codes and the usual count."""
        return source.reading(self).score(self.count)


@cache
def _steps(pattern: re.Pattern[str]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """One code that ends where a token ends; then the gap, an optional `2.`, the next."""
    code = f"(?P<_all>{pattern.pattern})(?=[ \\t]|\\Z)"
    gap = r"[ \t]+(?:(?:#\s?)?(?P<_n>\d{1,3})[.)][ \t]+)?"
    return re.compile(code, pattern.flags), re.compile(gap + code, pattern.flags)


def buried(pattern: re.Pattern[str], text: str) -> bool:
    """Whether other text holds a whole code of this shape, a digit among it (a note such as
    `new one from support: ...`): that line must stop the run, not be skipped as prose."""
    return any(_DIGIT.search(found.group()) for found in _inside(pattern).finditer(text))


@lru_cache(maxsize=64)  # the providers' shapes, and a few of the generic reader's
def _inside(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The code pattern as a word of its own within a line, not a piece of a link or an
    address (`https://mzl.la/3bNrM1I`, `jr2024@example.com`)."""
    return re.compile(
        f"(?<![A-Za-z0-9/.@=_%&?#-])(?:{pattern.pattern})(?![A-Za-z0-9-]|[/.@=_%&?#][A-Za-z0-9])",
        pattern.flags,
    )


def hex_codes(length: int, count: int) -> Shape:
    """Lower-case hexadecimal codes of one length (hex reads the same in either case)."""
    return Shape(re.compile(f"[0-9a-fA-F]{{{length}}}"), count, "lower")


def grouped(
    alphabet: str,
    sizes: tuple[int, ...],
    count: int | None = 1,
    case: str = "upper",
    sep: str = "-",
    label: re.Pattern[str] | None = None,
) -> Shape:
    """A key of fixed groups, typed with dashes, single spaces or nothing between them,
    given back in the provider's own groups joined by `sep`; `label` may come before it."""
    # Both cases spelled out rather than re.I, and equal groups as one repeat: compiling
    # case-folded classes group by group cost milliseconds per provider at every start.
    chars = f"[{alphabet}{alphabet.lower()}]" if case else f"[{alphabet}]"
    first, *rest = sizes
    if rest and len(set(rest)) == 1:
        pattern = f"{chars}{{{first}}}(?:[- ]?{chars}{{{rest[0]}}}){{{len(rest)}}}"
    else:
        pattern = "[- ]?".join(f"{chars}{{{size}}}" for size in sizes)
    return Shape(re.compile(pattern, _A), count, case, sizes, sep, label)


def labelled(*names: str) -> re.Pattern[str]:
    """A label before a key, naming it as the provider does (`Personal key:`, `my recovery
    key -`): it says only what the sheet prints, so nothing is lost with it. A label saying
    more (`Personal key (old):`) is not one: that line is printed as written."""
    said = "|".join(re.escape(name).replace(r"\ ", " ") for name in names)
    return re.compile(rf"(?i:(?:my |your |the )?(?:{said})[ \t]*[:=-]?[ \t]*)", _A)


def regroup(code: str, sizes: tuple[int, ...], sep: str) -> str:
    """A key's characters re-joined in the provider's own groups."""
    plain = code.replace(" ", "").replace("-", "")
    if len(sizes) == 1:
        return plain
    groups, start = [], 0
    for size in sizes:
        groups.append(plain[start : start + size])
        start += size
    return sep.join(groups)


def english_date(text: str) -> str | None:
    """`Mar 14, 2026` or `March 14, 2026` as an ISO date, or None."""
    match = re.search(r"\b([A-Z][a-z]{2})[a-z]{0,6}\.? (\d{1,2}), (\d{4})\b", text, _A)
    if not match or match.group(1).lower() not in _MONTHS:
        return None
    month = _MONTHS[match.group(1).lower()]
    return _iso(int(match.group(3)), month, int(match.group(2)))


def iso_date(text: str) -> str | None:
    """The first YYYY-MM-DD date in the text, or None."""
    match = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", text, _A)
    return _iso(*map(int, match.groups())) if match else None


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


# Bounded parts, and a start only where a run of address characters starts: one pass of
# the regex engine over the text, not one scan from every position (that was quadratic).
EMAIL = re.compile(
    r"(?<![A-Za-z0-9.+_-])[A-Za-z0-9.+_-]{1,64}@[A-Za-z0-9-]{1,63}"
    r"(?:\.[A-Za-z0-9-]{1,63}){1,8}(?![A-Za-z0-9-])",
    _A,
)


def find_email(text: str) -> str | None:
    """The first email address in the text (an account name), or None."""
    found = EMAIL.search(text)
    return found.group(0).strip(".") if found else None


# Words a heading uses around a service's name: "Acme Bank backup codes", "2FA codes for X".
_FILLER = re.compile(
    r"(?i:\b(?:my|your|the|for|of|account|2fa|mfa|two[- ]?factor|two[- ]?step|2[- ]?step|"
    r"one[- ]time|backup|recovery|emergency|security|verification|login|sign[- ]in|"
    r"authentication|codes?|keys?)\b|[:\-–—|,]+)",
    _A,
)
NAME_WORDS, NAME_CHARS = 5, 40  # a service's name, as long as a heading's name ever is


def heading_parts(text: str) -> tuple[str, str | None]:
    """A heading's words but the usual ones around a name, and its e-mail address wherever it
    stands: `Coinbase 2FA backup codes for jordan@example.com` gives ("Coinbase",
    "jordan@example.com"); `Recovery codes` gives ("", None)."""
    email = find_email(text[:400])
    rest = text[:400].replace(email, " ") if email else text[:400]
    return " ".join(_FILLER.sub(" ", rest).split()).strip(" .!()[]"), email


def service_name(rest: str) -> str | None:
    """What is left of a heading (heading_parts) as a service's name, or None when it is too
    long to be one or holds something that could be a secret."""
    words = rest.split()
    if not words or len(rest) > NAME_CHARS or len(words) > NAME_WORDS:
        return None
    if any(secretish(w) or "/" in w or "@" in w or w.lower().startswith("www") for w in words):
        return None  # a name holds no code (it goes to the ledger) and is no link
    return rest


_PHRASE_LABEL = re.compile(
    r"(?i:(?:my |your |the )?(?:recovery|seed|secret|backup) phrase\s*(?:\([^()]{0,30}\))?"
    r"\s*[-:–—=]?\s*)",
    _A,
)


def unlabelled_phrase(text: str) -> str:
    """A recovery phrase's line without a label before it (`Recovery phrase - word word ...`)."""
    label = _PHRASE_LABEL.match(text)
    return text[label.end() :] if label else text
