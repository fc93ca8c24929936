"""Fallback for services no provider module knows: any plain list of codes.

Codes are kept exactly as the file has them (case, spacing, characters): a line of codes
is split at tabs and runs of spaces, and at single spaces only between three or more
code-shaped words (a copied row), since one space may group a code. A code is ASCII letters
and digits, grouped by dashes or single spaces; a date, a word (`Generated`, `used`) or a
sentence is never part of one, and letters alone make a code only in a key's groups
(`ABCD-EFGH-JKLM`) or in the form of the file's codes that have digits. A line that looks
like a code but is not one (a letter from another script, a stray symbol) stops the run;
text after a code is its note, and any other line is printed as written. The service's
name comes from the file's heading line (`Acme Bank backup codes`; an e-mail address in it
is the account) or a `Website:` line (see docs/providers.md, "The generic reader").
"""

import re

from sheets.model import CodeSet
from sheets.read.lines import COLUMNS, INNER_NUMBER, code_token, decoration, note, word
from sheets.read.normalise import (
    Line,
    Reading,
    Source,
    english_date,
    heading_parts,
    iso_date,
    service_name,
    unlabelled_phrase,
)
from sheets.read.providers import Kind, Provider, one_kind, settle

_CODE = re.compile(r"[A-Za-z0-9]+(?:[- ][A-Za-z0-9]+)*")
_WORD = re.compile(r"[a-z]{2,12}")
_FORM = re.compile(r"[A-Za-z0-9]")  # a code's form: where its letters/digits and separators are
_DIGIT = re.compile(r"[0-9]")
_FOREIGN = re.compile(r"[^\x00-\x7f]")
_GROUPS = re.compile(r"[- ]")
_DATE = r"(?P<date>\d{4}-\d\d-\d\d|[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4})"
_WEBSITE = re.compile(
    r"(?i:web ?site|site|url|address)[ \t]*[:=][ \t]*(?:https?://)?(?:www\.)?"
    r"(?P<site>[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,4})/?",
    re.ASCII,
)
# What a file of unknown origin says that the sheet prints: the account, the date the codes
# were made, and the site (when the name is taken from it).
OWN = (
    re.compile(
        r"(?i:account|e-?mail|user ?name|username|login)[ \t]*[:=][ \t]*"
        r"(?P<account>[^\s:]{1,254})",
        re.ASCII,
    ),
    re.compile(rf"(?i:generated|created|issued|saved)(?: on)?:?[ \t]+{_DATE}", re.ASCII),
)


def score(source: Source) -> float:
    """A low constant for anything with code-shaped lines, so real providers win."""
    return 0.15 if any(_columns(line) for line in source.lines) else 0.0


def parse(source: Source) -> CodeSet:
    """Every code on code-shaped lines, or one phrase of 12-24 words (a phrase beside codes
    is the second secret); the heading or a `Website:` line names the service."""
    codes, phrases, heading = _read(source)
    kind, reading, second = one_kind(source, {"backup-codes": codes, "recovery-phrase": phrases})
    if kind == "backup-codes" and len(reading.codes) == 1:
        kind = "recovery-key"
    what = (
        "one line of words as a recovery phrase"
        if kind == "recovery-phrase"
        else (f"{len(reading.codes)} code(s) on {len(set(reading.rows))} line(s)")
    )
    name, account, own = _named(source, heading)
    return settle(
        source,
        "generic",
        kind,
        reading,
        second,
        own_rows=own,
        notes=(f"provider not recognised: read {what}",),
        service=name,
        account=account,
        issued=_issued(source),
    )


def _read(source: Source, heading_only: bool = False) -> tuple[Reading, Reading, Line | None]:
    """The codes (with any notes after them), the phrases, and the heading line; with
    `heading_only`, read only as far as the heading or the first code."""
    forms = {
        _form(code) for line in source.lines for _, code in (_columns(line) or ()) if _digit(code)
    }
    codes: list[str] = []
    numbers, rows, notes, misfits, phrases, heading = [], [], [], [], [], None
    glued = _glued_to(forms)
    for line in source.lines:
        if heading_only and (codes or heading is not None):
            break  # no heading comes after a code, and the first is the heading
        found, remark = _columns(line, forms), None
        if not found and (noted := _noted(line, forms)):
            found, remark = noted
        if glued and (not found or remark is not None) and glued.match(line.text):
            misfits.append(line.row)  # `YB5N-2QGSSaved on my laptop`: a code run into text
        elif found:
            codes += [code for _, code in found]
            numbers += [number for number, _ in found]
            rows += [line.row] * len(found)
            notes += [None] * (len(found) - 1) + [remark]
        elif _phrase(line.text):
            phrases.append(line)
        elif line.looks and (_DIGIT.search(line.text) or _FOREIGN.search(line.text)):
            misfits.append(line.row)  # a word of ASCII letters alone is text, not a code
        elif heading is None and not codes and not decoration(line.text):
            heading = line
    total = len(source.lines)
    return (
        Reading(
            tuple(codes),
            tuple(numbers),
            (None,) * len(codes),
            tuple(rows),
            tuple(misfits),
            total,
            tuple(notes),
        ),
        Reading(
            tuple(" ".join(unlabelled_phrase(line.text).split()) for line in phrases),
            (None,) * len(phrases),
            (None,) * len(phrases),
            tuple(line.row for line in phrases),
            (),
            total,
        ),
        heading,
    )


def _glued_to(forms: set[str]) -> re.Pattern[str] | None:
    """A line that starts with a code of the file's commonest forms run on into more letters
    or digits (a note appended to a file without a final newline, or an address typed onto
    a code): a code the reader cannot part from its text, so the run stops."""
    shapes = sorted(forms)[:8]  # a few alternatives keep the pattern linear in the line
    if not shapes:
        return None
    parts = [_form_pattern(form) for form in shapes]
    return re.compile(f"(?:{'|'.join(parts)})[A-Za-z0-9]", re.ASCII)


def _form_pattern(form: str) -> str:
    """`xxxx-xxxx upper` -> `[A-Z0-9]{4}-[A-Z0-9]{4}`."""
    layout, case = form.rsplit(" ", 1)
    chars = {"upper": "[A-Z0-9]", "lower": "[a-z0-9]", "digits": "[0-9]"}.get(case, "[A-Za-z0-9]")
    return re.sub("x+", lambda run: f"{chars}{{{len(run.group())}}}", re.escape(layout))


def _columns(line: Line, forms: set[str] | None = None) -> list[tuple[int | None, str]] | None:
    """The codes on one line, each with its own number: None unless every column is one.
    A column of three or more code-shaped words one space apart is a copied row of codes
    (Login.gov's Copy button); fewer, or shorter words, are one code in groups. Without
    `forms` only codes with digits (or a key's groups) count."""
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
        if not all(_code(code, forms or set()) for code in codes):
            return None
        found += [(number, codes[0])] + [(None, code) for code in codes[1:]]
        number = None
    return found


def _code(text: str, forms: set[str]) -> bool:
    """ASCII letters and digits in groups, shaped like a code, with no word or date among
    its groups; letters alone only as a key's groups or in a form of the file's codes."""
    if len(text) > 80 or not _CODE.fullmatch(text) or not code_token(text.replace(" ", "")):
        return False
    groups = _GROUPS.split(text)
    if _has_date(text):
        return False
    if _digit(text):
        return not any(word(group) for group in groups)
    return _key_groups(text, groups) or _form(text) in forms


def _digit(text: str) -> bool:
    return bool(_DIGIT.search(text))


def _has_date(text: str) -> bool:
    return bool(iso_date(text) or re.search(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b", text))


def _key_groups(text: str, groups: list[str]) -> bool:
    """Capital letters in groups of one length: `ABCD-EFGH-JKLM-NPQR` (four or more groups
    when only spaces part them, so that `KEEP THIS SAFE` is not a key)."""
    enough = 2 if "-" in text else 4
    return (
        len(groups) >= enough
        and len({len(group) for group in groups}) == 1
        and len(groups[0]) >= 3
        and text.replace("-", "").replace(" ", "").isupper()
    )


def _form(code: str) -> str:
    """`ab12-cd34` -> `xxxx-xxxx lower`: where its letters and digits stand, and their case.
    A code of letters alone is one only in the form of the file's codes with digits."""
    case = "mixed" if not code.islower() and not code.isupper() else "lower"
    case = "upper" if code.isupper() else case
    return f"{_FORM.sub('x', code)} {case if any(c.isalpha() for c in code) else 'digits'}"


def _noted(line: Line, forms: set[str]) -> tuple[list[tuple[int | None, str]], str] | None:
    """A code (one to four words) and a note after it: `K7Q2-MX9P used on my laptop`."""
    words = line.text.split()
    for count in range(1, min(4, len(words) - 1) + 1):  # the shortest code a note follows
        code, rest = " ".join(words[:count]), line.text.split(None, count)[-1]
        if _code(code, forms) and note(rest):
            return [(line.number, code)], rest
    return None


def _phrase(text: str) -> bool:
    """12 to 24 lower-case words, perhaps after a label: a recovery phrase."""
    words = unlabelled_phrase(text).split()
    return 12 <= len(words) <= 24 and all(_WORD.fullmatch(word) for word in words)


def heading(source: Source) -> Line | None:
    """The line above the codes that may name the service: the first that is not a code, a
    phrase, a damaged code or decoration."""
    return _read(source, heading_only=True)[2]


def _named(source: Source, heading: Line | None) -> tuple[str | None, str | None, tuple[int, ...]]:
    """The service's name and account from the heading, else the name from a `Website:`
    line; with the rows that said them (they are not printed again)."""
    if heading is not None:
        rest, email = heading_parts(heading.text)
        name = service_name(rest)
        if name or (email and not rest):
            return name, email, (heading.row,)
    for line in source.lines:
        site = _WEBSITE.match(line.text)
        if site:  # the line is printed too when it says more than the site (a path)
            said = (line.row,) if site.end() == len(line.text) else ()
            return site.group("site"), None, said
    return None, None, ()


def _issued(source: Source) -> str | None:
    """The date a `Generated 2026-01-02` line gives, if the file has one."""
    for line in source.lines:
        dated = OWN[1].fullmatch(line.text)
        if dated:
            return iso_date(dated.group("date")) or english_date(dated.group("date"))
    return None


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
            needs_password=False,
        ),
        Kind(
            "recovery-phrase",
            "recovery phrase",
            1,
            use="the website's account recovery page.",
            regenerate="the website's security settings page.",
            one_time=False,
            needs_password=False,
        ),
    ),
    score=score,
    parse=parse,
    confidence="L",
    fallback=True,
    own=OWN,
)
