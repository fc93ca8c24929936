"""Reading sheets back from the text of their QR codes: parts joined, codes and marks recovered.

The format is sheets/payload.py's (its docstring shows it). Texts that are no mksheet payload
are left out, and a part count or number over what mksheet ever writes is taken as forged.
Sheets printed before this format (a title line, then `Key: value` lines) still decode.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sheets.payload import KINDS, MOST_PARTS
from sheets.read.providers import by_key

# counts of at most nine digits: a forged 5,000-digit one is past what int() takes
HEAD = re.compile(
    r"MKSHEET (\d{1,9})/(\d{1,9}) ([0-9A-Z-]+) (CODES|KEY|PHRASE) (\d{1,9}) "
    r"(\S+) (\S+)$"
)


@dataclass(frozen=True)
class ReadBack:
    """What one sheet's QR code(s) say; `missing` lists parts not found (1-based)."""

    title: str
    provider: str
    account: str | None
    owner: str | None
    serial: str | None
    printed: str | None
    codes: tuple[str, ...] = field(repr=False)
    used: tuple[str, ...] = field(default=(), repr=False)
    numbers: tuple[int, ...] | None = None
    missing: tuple[int, ...] = ()
    parts: int = 1


def decode(texts) -> list[ReadBack]:
    """Every sheet the QR texts describe, split parts joined, in the order first seen.

    Texts that are no mksheet payload are left out; a sheet with parts not found comes back
    with those parts in `missing` and only the codes that were read. Parts join when their
    first lines agree but for k; a second part k with the same first line starts another
    sheet (two unrecorded sheets of one provider printed on one day).
    """
    groups: list[tuple[tuple, dict[int, tuple]]] = []
    for text in texts:
        text = text.replace("\r\n", "\n")
        match = HEAD.match(text.partition("\n")[0])
        # a part count over what a sheet is ever split into is forged: no list of that size
        if match and 1 <= int(match.group(1)) <= int(match.group(2)) <= MOST_PARTS:
            k, count, provider, kind, _, serial, printed = match.groups()
            key = (count, provider, kind, serial, printed)
            home = next(
                (parts for known, parts in groups if known == key and int(k) not in parts), None
            )
            if home is None:
                groups.append((key, home := {}))
            home[int(k)] = match, text
        elif (old := _legacy(text)) is not None:
            groups.append((("legacy",), {1: (None, old)}))
    return [parts[1][1] if key == ("legacy",) else _joined(key, parts) for key, parts in groups]


def _joined(key: tuple, parts: dict[int, tuple]) -> ReadBack:
    count, provider, kind, serial, printed = key
    facts: dict[str, str] = {}
    codes, used, numbers = [], [], []
    for k in sorted(parts):
        match, text = parts[k]
        head, _, body = text.partition("\n\n")
        facts.update(line.split(": ", 1) for line in head.split("\n")[1:] if ": " in line)
        for line in _codes(body, int(match.group(5))):
            code, number, was_used = _marks(line)
            codes.append(code)
            numbers += [number] if number is not None else []
            used += [code] if was_used else []
    provider = provider.lower()
    kind_name = {v: k for k, v in KINDS.items()}[kind]
    return ReadBack(
        title=_title(provider, kind_name),
        provider=provider,
        account=facts.get("Account"),
        owner=facts.get("Owner"),
        serial=None if serial == "-" else serial,
        printed=printed,
        codes=tuple(codes),
        used=tuple(used),
        numbers=tuple(numbers) if numbers and len(numbers) == len(codes) else None,
        missing=tuple(k for k in range(1, int(count) + 1) if k not in parts),
        parts=int(count),
    )


def _codes(body: str, count: int) -> list[str]:
    """The code lines of one part's body, however they were joined."""
    for separator in ("\n", " / ", " "):
        found = body.split(separator) if body else []
        if len(found) == count:
            return found
    return [line for line in body.split("\n") if line]


def _marks(line: str) -> tuple[str, int | None, bool]:
    """(code, its number or None, crossed off) from one written code line."""
    match = re.match(r"^(\d{1,9})\. (.+)$", line)  # a forged 5,000-digit number: no int()
    code = match.group(2) if match else line
    used = code.endswith(" (used)")
    return code.removesuffix(" (used)"), int(match.group(1)) if match else None, used


def _title(provider: str, kind: str) -> str:
    try:
        found = by_key(provider)
    except KeyError:
        return f"{provider} {kind}"
    return f"{found.name} {found.facts(kind).label}"


def _legacy(text: str) -> ReadBack | None:
    """A sheet printed before the MKSHEET format: title, `Key: value` lines, blank, codes."""
    head, sep, body = text.replace("\r\n", "\n").partition("\n\n")
    lines = head.split("\n")
    facts = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
    if not sep or not facts.get("Provider"):
        return None
    serial, _, printed = facts.get("Sheet", "").partition(" ")
    marked = [_marks(line) for line in filter(None, body.split("\n"))]
    numbers = [number for _, number, _ in marked if number is not None]
    return ReadBack(
        title=lines[0],
        provider=facts["Provider"],
        account=facts.get("Account"),
        owner=facts.get("Owner"),
        serial=None if serial in ("", "-") else serial,
        printed=printed or None,
        codes=tuple(code for code, _, _ in marked),
        used=tuple(code for code, _, was_used in marked if was_used),
        numbers=tuple(numbers) if numbers and len(numbers) == len(marked) else None,
    )
