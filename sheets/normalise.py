"""Shared code-token helpers: lines without bullets and numbering, code shapes, dates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import NamedTuple

_NUMBERING = re.compile(r"^(?:#\s*(\d{1,3})[.):]?\s+|\(?(\d{1,3})[.):]\s*|(\d{1,3})\t+)")
_BULLET = re.compile(r"^[*\-\u2022\u00b7\u2023\u25e6\u25aa\u2013\u2014+>]\s+")
_DUPLICATE_SUFFIX = re.compile(r"\s*[\(\[]\d{1,3}[\)\]](?=\.[A-Za-z0-9]+$|$)")
_MONTHS = {m: i for i, m in enumerate(
    "jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}


class Line(NamedTuple):
    """One non-blank line: its 1-based row, its list number if any, and the rest stripped."""

    row: int
    number: int | None
    text: str


def split_entry(raw: str) -> tuple[int | None, str]:
    """Take bullets and list numbering (`1.`, `1)`, `#1`, `1<TAB>`) off one stripped line."""
    text = _BULLET.sub("", raw.strip(), count=1)
    match = _NUMBERING.match(text)
    if not match:
        return None, text.strip()
    number = int(next(g for g in match.groups() if g))
    return number, text[match.end():].strip()


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
                found.append(Line(row, number, text))
        return tuple(found)

    @cached_property
    def stem(self) -> str:
        """The file name without a browser's duplicate suffix such as ` (1)`."""
        return _DUPLICATE_SUFFIX.sub("", self.name)


class Shape(NamedTuple):
    """The shape of one provider's code: a full-match pattern, the usual count, its case."""

    pattern: re.Pattern[str]
    count: int | None
    case: str = ""  # "lower", "upper" or "" to keep as issued (case-sensitive codes)

    def matches(self, text: str) -> bool:
        """Whether one stripped entry is a code of this shape."""
        return bool(self.pattern.fullmatch(text))

    def canonical(self, text: str) -> str:
        """The code as the provider issues it (its own case)."""
        return {"lower": text.lower(), "upper": text.upper()}.get(self.case, text)

    def codes(self, lines: tuple[Line, ...]) -> list[Line]:
        """The lines that hold one code of this shape, in file order."""
        return [line for line in lines if self.matches(line.text)]

    def parse(self, lines: tuple[Line, ...]) -> tuple[str, ...]:
        """Every code of this shape, in file order, in the provider's case."""
        return tuple(self.canonical(line.text) for line in self.codes(lines))

    def score(self, lines: tuple[Line, ...]) -> float:
        """0..0.65 for a list of such codes: most for every line a code and the usual count."""
        hits = self.codes(lines)
        if not hits:
            return 0.0
        share = len(hits) / len(lines)
        return 0.45 * share + (0.2 if len(hits) == self.count else 0.0)


def hex_codes(length: int, count: int) -> Shape:
    """Lower-case hexadecimal codes of one length (case-insensitive on input)."""
    return Shape(re.compile(f"[0-9a-f]{{{length}}}", re.I), count, "lower")


def english_date(text: str) -> str | None:
    """`Mar 14, 2026` or `March 14, 2026` as an ISO date, or None."""
    match = re.search(r"\b([A-Z][a-z]{2})[a-z]*\.? (\d{1,2}), (\d{4})\b", text)
    if not match or match.group(1).lower() not in _MONTHS:
        return None
    month = _MONTHS[match.group(1).lower()]
    return _iso(int(match.group(3)), month, int(match.group(2)))


def iso_date(text: str) -> str | None:
    """The first YYYY-MM-DD date in the text, or None."""
    match = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", text)
    return _iso(*map(int, match.groups())) if match else None


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def grouped(alphabet: str, sizes: tuple[int, ...], count: int | None = 1,
            case: str = "upper") -> Shape:
    """A key of fixed groups, typed with dashes, single spaces or nothing between them."""
    # Both cases spelled out rather than re.I, and equal groups as one repeat: compiling
    # case-folded classes group by group cost milliseconds per provider at every start.
    chars = f"[{alphabet}{alphabet.lower()}]" if case else f"[{alphabet}]"
    first, *rest = sizes
    if rest and len(set(rest)) == 1:
        pattern = f"{chars}{{{first}}}(?:[- ]?{chars}{{{rest[0]}}}){{{len(rest)}}}"
    else:
        pattern = "[- ]?".join(f"{chars}{{{size}}}" for size in sizes)
    return Shape(re.compile(pattern), count, case)


def regroup(code: str, sizes: tuple[int, ...], sep: str) -> str:
    """A key's characters re-joined in the provider's own groups."""
    plain = re.sub(r"[\s-]", "", code)
    groups, start = [], 0
    for size in sizes:
        groups.append(plain[start:start + size])
        start += size
    return sep.join(groups)


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def find_email(text: str) -> str | None:
    """The first email address in the text (an account name), or None."""
    found = _EMAIL.search(text)
    return found.group(0) if found else None
