"""The text a sheet's QR codes hold: written by the renderer, read by `mksheet verify`.

One symbol's text, as a phone camera shows it:

    MKSHEET 1/1 GITHUB CODES 16 GH-7K3Q 2026-03-14
    Account: jordan@example.com
    Owner: Jordan Rivera
    Note 3: used on my laptop
    Line 18: Saved on my laptop

    e91c7-a688c
    ...

The first line says what it is: part k of n, provider, kind, how many codes this part holds,
serial (`-` for none) and printing date, all in QR's upper-case alphanumeric set so it costs
5.5 bits a character. Facts follow, in part 1 while there is room: account, owner, the name
of a service mksheet does not know (`Name:`), a second secret (`Second KEY:`), each note the
file has after a code (`Note 3:`, the third code's) and each other line of the file as
written (`Line 18:`), a long one in pieces (`Line 18.2:` goes on from it), so that the QR
holds everything the page prints. After the blank line come the
codes: one a line (`N. ` when the provider numbers them out of order, ` (used)` when crossed
off) or, when every code is upper-case alphanumeric, on one line joined by spaces (` / ` if a
code has spaces of its own), which also encodes at 5.5 bits. A payload too big for one
readable symbol is split by codes over several parts; `decode` reads them back (for verify and
the tests), joining parts by their first line. Texts that are no mksheet payload are left
out, and a part count or number over what mksheet ever writes is taken as forged. Sheets
printed before this format (a title line, then `Key: value` lines) still decode.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from sheets.errors import LayoutError
from sheets.model import CodeSet, Sheet
from sheets.read.providers import by_key

T = TypeVar("T")

MAGIC = "MKSHEET"
KINDS = {"backup-codes": "CODES", "recovery-key": "KEY", "recovery-phrase": "PHRASE"}
ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
# Level M, and parts of at most version 9 when one symbol will not do: what a whole-page phone
# photo 800 pixels wide decoded in every photo at 0.9 mm modules (issue 11; level L at version
# 9 missed 2 of 28, Q needs twice the symbols). Since issue 25 the module, not the version,
# sets what a photo reads (render.style.MIN_MODULE), and render.compose.SPLITS chooses the
# largest version a page holds: one symbol up to version 12, else even parts.
LEVEL = "M"
VERSION = 9
MOST_PARTS = 99
PIECE = 60  # bytes of a note or other line per fact, so that any fact fits one symbol
# Data codewords of versions 1-40 at each level (ISO 18004 table 7; tests hold it to qrcode's).
# fmt: off
CODEWORDS = {
    "L": (19, 34, 55, 80, 108, 136, 156, 194, 232, 274, 324, 370, 428, 461, 523, 589, 647, 721,
          795, 861, 932, 1006, 1094, 1174, 1276, 1370, 1468, 1531, 1631, 1735, 1843, 1955, 2071,
          2191, 2306, 2434, 2566, 2702, 2812, 2956),
    "M": (16, 28, 44, 64, 86, 108, 124, 154, 182, 216, 254, 290, 334, 365, 415, 453, 507, 563,
          627, 669, 714, 782, 860, 914, 1000, 1062, 1128, 1193, 1267, 1373, 1455, 1541, 1631,
          1725, 1812, 1914, 1992, 2102, 2216, 2334),
    "Q": (13, 22, 34, 48, 62, 76, 88, 110, 132, 154, 180, 206, 244, 261, 295, 325, 367, 397,
          445, 485, 512, 568, 614, 664, 718, 754, 808, 871, 911, 985, 1033, 1115, 1171, 1231,
          1286, 1354, 1426, 1502, 1582, 1666),
    "H": (9, 16, 26, 36, 46, 60, 66, 86, 100, 122, 140, 158, 180, 197, 223, 253, 283, 313, 341,
          385, 406, 442, 464, 514, 538, 596, 628, 661, 701, 745, 793, 845, 901, 961, 986, 1054,
          1096, 1142, 1222, 1276),
}
# fmt: on
# -- writing ---------------------------------------------------------------------------------
def encode(sheet: Sheet, version: int | None = None, level: str | None = None) -> list[str]:
    """The text of each of the sheet's QR symbols: as few as hold the codes in symbols no
    larger than version (VERSION) at level (LEVEL), the codes spread so that the parts are
    as near one size as they can be (symbols of one version, printed alike)."""
    version, level = version or VERSION, level or LEVEL
    room = 8 * CODEWORDS[level][version - 1]
    facts, lines = _facts(sheet), _code_lines(sheet)
    parts = _packed(sheet, facts, lines, version, room)
    if len(parts) > 1:  # spread evenly: the largest part as small as it can be
        limit = _even_limit(sheet, facts, lines, version, len(parts), room)
        parts = _packed(sheet, facts, lines, version, limit)
    return [_part(sheet, k, len(parts), *part) for k, part in enumerate(parts, 1)]


def _even_limit(
    sheet: Sheet, facts: list[str], lines: list[str], version: int, count: int, room: int
) -> int:
    """The fewest bits a part may take for facts and codes, packed in order, to still go in
    count parts: the largest part as small as it can be (halved between 0 and room)."""
    low, high = 0, room  # high always packs into count parts
    while low < high:
        middle = (low + high) // 2
        try:
            fits = len(_packed(sheet, facts, lines, version, middle)) <= count
        except LayoutError:  # a line alone is larger than middle
            fits = False
        low, high = (low, middle) if fits else (middle + 1, high)
    return high


Part = tuple[list[str], list[str]]  # (fact lines, code lines) of one QR symbol


def _packed(
    sheet: Sheet, facts: list[str], lines: list[str], version: int, room: int
) -> list[Part]:
    """Facts, then codes, in order, as many in each part as fit: the fewest parts."""
    parts: list[Part] = [([], [])]
    for is_fact, item in [(True, fact) for fact in facts] + [(False, line) for line in lines]:
        for part in (parts[-1], ([], [])):
            trial = (part[0] + [item], part[1]) if is_fact else (part[0], part[1] + [item])
            if bits(_part(sheet, MOST_PARTS, MOST_PARTS, *trial), version) <= room:
                break
        else:
            raise _too_large(sheet)
        if part is parts[-1]:
            parts[-1] = trial
        else:
            parts.append(trial)
    if len(parts) > MOST_PARTS:
        raise _too_large(sheet)
    return parts


def _too_large(sheet: Sheet) -> LayoutError:
    return LayoutError(
        sheet.codes.source or None,
        "the sheet's QR codes would be too many or too large to read",
        "shorten the account or owner name, or split the file into two",
    )


def _code_lines(sheet: Sheet) -> list[str]:
    """Each code as the payload writes it (before joining)."""
    codes = sheet.codes
    numbers = codes.numbers
    implicit = numbers is None or list(numbers) == list(range(1, len(codes.codes) + 1))
    if implicit and not codes.used and all(_alnum(code) for code in codes.codes):
        return list(codes.codes)
    used = set(codes.used)
    return [
        f"{'' if implicit else f'{n}. '}{code}{' (used)' if code in used else ''}"
        for n, code in codes.numbered()
    ]


def _facts(sheet: Sheet) -> list[str]:
    """The lines that say whose codes these are, and everything else the page prints
    beside the codes (on the first part, when there is room)."""
    codes, owner = sheet.codes, sheet.owner
    said = [("Account", codes.account), ("Owner", owner)]
    said += [("Name", codes.service if by_key(codes.provider).fallback else None)]
    said += [(f"Second {KINDS[kind]}", code) for kind, code in _second(codes)]
    facts = [f"{key}: {_one_line(value)}" for key, value in said if value]
    facts += [
        line for index, note in codes.code_notes for line in _pieces(f"Note {index + 1}", note)
    ]
    return facts + [
        line for row, text in codes.other_lines for line in _pieces(f"Line {row}", text)
    ]


def _second(codes: CodeSet) -> list[tuple[str, str]]:
    """(kind, code) of the second secret beside the codes, if the file had one."""
    return [(codes.second.kind, code) for code in codes.second.codes] if codes.second else []


def _pieces(key: str, text: str) -> list[str]:
    """`key: text`, or in pieces of at most PIECE bytes (`Line 18.2:` goes on from
    `Line 18:`): the text as written, only its line end and a newline never in it."""
    pieces, piece = [], ""
    for char in text:
        if len((piece + char).encode("utf-8")) > PIECE:
            pieces.append(piece)
            piece = ""
        piece += char
    pieces.append(piece)
    return [f"{key}{'' if n == 1 else f'.{n}'}: {part}" for n, part in enumerate(pieces, 1)]


def _part(sheet: Sheet, k: int, count: int, facts: list[str], lines: Sequence[str]) -> str:
    codes = sheet.codes
    head = [
        f"{MAGIC} {k}/{count} {codes.provider.upper()} {KINDS[codes.kind]} {len(lines)} "
        f"{sheet.serial or '-'} {sheet.printed}",
        *facts,
    ]
    return "\n".join(head) + "\n\n" + _join(lines)


def _join(lines: Sequence[str]) -> str:
    if not all(_alnum(line) for line in lines):
        return "\n".join(lines)
    return (" / " if any(" " in line for line in lines) else " ").join(lines)


def even_runs(items: Sequence[T], count: int) -> list[Sequence[T]]:
    """items in count runs of near-equal length, in order (the longer runs first): how a
    sheet's lines, or an export's restore batches, spread over their QR codes."""
    size, extra = divmod(len(items), count)
    runs, start = [], 0
    for k in range(count):
        end = start + size + (k < extra)
        runs.append(items[start:end])
        start = end
    return runs


def _alnum(text: str) -> bool:
    return bool(text) and all(char in ALNUM for char in text) and " / " not in text


def _one_line(text: str | None) -> str:
    return " ".join(str(text).split())


# The runs python-qrcode encodes as numbers and as alphanumerics (bits() chunks as it does).
DIGIT_RUN = re.compile(rb"\d{20,}")
ALNUM_RUN = re.compile(rb"[0-9A-Z $%*+\-./:]{20,}")


def bits(text: str, version: int) -> int:
    """Bits the text takes in a symbol of this version, chunked as python-qrcode chunks it:
    runs of 20+ digits numeric, runs of 20+ alphanumerics, the rest bytes."""
    digits_count, alnum_count, byte_count = (
        (10, 9, 8) if version < 10 else (12, 11, 16) if version < 27 else (14, 13, 16)
    )
    total = 0
    for digits, part in _runs(text.encode("utf-8"), DIGIT_RUN):
        if digits:
            total += 4 + digits_count + 10 * (len(part) // 3) + (0, 4, 7)[len(part) % 3]
            continue
        for alnum, piece in _runs(part, ALNUM_RUN):
            total += 4 + (
                alnum_count + 11 * (len(piece) // 2) + 6 * (len(piece) % 2)
                if alnum
                else byte_count + 8 * len(piece)
            )
    return total


def _runs(data: bytes, pattern: re.Pattern[bytes]) -> list[tuple[bool, bytes]]:
    runs, start = [], 0
    for match in pattern.finditer(data):
        if match.start() > start:
            runs.append((False, data[start : match.start()]))
        runs.append((True, match.group()))
        start = match.end()
    if start < len(data):
        runs.append((False, data[start:]))
    return runs


# -- reading ---------------------------------------------------------------------------------
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
    name: str | None = None  # the service's name as printed ("GitHub", "Acme Bank")
    second: tuple[str, tuple[str, ...]] | None = field(default=None, repr=False)  # kind, codes
    code_notes: tuple[tuple[int, str], ...] = field(default=(), repr=False)  # index, note
    other_lines: tuple[tuple[int, str], ...] = field(default=(), repr=False)  # line, text


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
    name = _name(provider, facts.get("Name"))
    return ReadBack(
        title=_title(provider, kind_name, name),
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
        name=name,
        second=_second_read(facts),
        code_notes=tuple((n - 1, text) for n, text in _pieced(facts, "Note") if n <= len(codes)),
        other_lines=_pieced(facts, "Line"),
    )


def _name(provider: str, named: str | None) -> str | None:
    """The service's name as the sheet printed it: the provider's, or the file's."""
    try:
        found = by_key(provider)
    except KeyError:
        return named
    return named if found.fallback else found.name


def _second_read(facts: dict[str, str]) -> tuple[str, tuple[str, ...]] | None:
    """The second secret's kind and code, from its `Second KEY:` fact."""
    for token, kind in KINDS.items():
        if f"Second {kind}" in facts:
            return token, (facts[f"Second {kind}"],)
    return None


_PIECE = re.compile(r"(Note|Line) ([1-9]\d{0,8})(?:\.([1-9]\d{0,8}))?")


def _pieced(facts: dict[str, str], what: str) -> tuple[tuple[int, str], ...]:
    """(number, text) of each `Line N:` or `Note N:` fact, its pieces joined in order."""
    found: dict[int, dict[int, str]] = {}
    for key, text in facts.items():
        match = _PIECE.fullmatch(key)
        if match and match.group(1) == what:
            found.setdefault(int(match.group(2)), {})[int(match.group(3) or 1)] = text
    return tuple(
        (n, "".join(pieces[k] for k in sorted(pieces))) for n, pieces in sorted(found.items())
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


def _title(provider: str, kind: str, name: str | None = None) -> str:
    try:
        found = by_key(provider)
    except KeyError:
        return f"{name or provider} {kind}"
    return f"{name or found.name} {found.facts(kind).label}"


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
