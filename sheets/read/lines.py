"""What kind of line is this: prose, decoration, a note, or something that looks like a code.

A reader accounts for every line of a file: a code (perhaps with a note after it), a line
the provider's own file holds, or other text, which the sheet prints as written. A line
that still looks like a code but is not one stops the run, so a damaged code is never
dropped or printed as if it were a note. All of it is linear.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_A = re.ASCII
INNER_NUMBER = re.compile(r"(?:#\s?)?(\d{1,3})[.)][ \t]+", _A)  # `2. ` before a column
COLUMNS = re.compile(r"\t+|  +", _A)  # a tab or a run of spaces; one space may group a code

# Unicode on purpose from here: prose may be in any language, and a letter or digit from
# another script must be seen (it makes a line look like a damaged code, not like nothing).
_WORD = re.compile(r"[\"'(\[¿¡]*[^\W\d_]+(?:[-'’.][^\W\d_]+)*[\"'’)\].,:;!?…]*")
_DATE = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\.?|\d{1,2}:\d{2}(?::\d{2})?", _A)
_SPELLED_DATE = re.compile(r"(?:\d{1,2}\.? )?[A-Z][a-z]{2,8}\.?(?: \d{1,2},?)? \d{4}", _A)
_TRIM = "()[]{}<>\"'.,;:!?*"
_ALNUM = re.compile(r"[^\W_]")
_DIGIT = re.compile(r"\d")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_MARKER = re.compile(r"[ \t]+\([^()]{1,30}\)$")  # `(used)` after a code, in any language
_TWO_LETTERS = re.compile(r"[^\W\d_].*?[^\W\d_]")
_NOTE_WORD = re.compile(r"[^\W\d_]{3,}|[^\W\d_a-zA-Z]{2,}")  # `used`; `已用` in two letters
_RULE = re.compile(r"(\S)(?:\s*\1){2,}")  # `-----`, `* * *`: a rule drawn with one character
NOTE_MARKS = "#-–—(/:;=>*"  # how people start a comment after a code: `# used`, `- at it`
NOTE_LONGEST = 1_000  # characters: more than a sheet prints as written anyway


def decoration(text: str) -> bool:
    """A line with no letter or digit, a date (`Mar 14, 2026`), or only dates, times,
    addresses and links."""
    if not _ALNUM.search(text) or _SPELLED_DATE.fullmatch(text):
        return True
    return all(_DATE.fullmatch(token.strip(_TRIM)) or _address(token) for token in text.split())


def prose(text: str) -> bool:
    """Two or more words of letters: a heading or a sentence, not a code. A word mixing
    ASCII with letters of another script is a code's look-alike, not a word."""
    words = 0
    for token in text.split():
        if (
            _WORD.fullmatch(token)
            and _TWO_LETTERS.search(token)
            and (token.isascii() or not _ASCII_LETTER.search(token))
        ):
            words += 1
            if words == 2:
                return True
    return False


def code_like(text: str) -> bool:
    """A line that is neither prose nor decoration and holds a token shaped like a code:
    six or more characters with a digit or a letter from outside ASCII among them, or
    six or more letters that are not a capitalised word."""
    text = _MARKER.sub("", text)
    if decoration(text) or prose(text):
        return False
    grouped = (
        column.replace(" ", "")
        for column in COLUMNS.split(text)
        if not any(map(_word_or_date, column.split(" ")))
    )
    return any(map(code_token, text.split())) or any(map(code_token, grouped))


def _word_or_date(part: str) -> bool:
    """A word (`Generated`, `used`) or a date: a column holding one is not a code typed
    in groups (`Generated 2026-01-02` is not `Gener ated2026...`)."""
    core = part.strip(_TRIM)
    return bool(_DATE.fullmatch(core)) or word(core)


def word(part: str) -> bool:
    """Letters only, written as a word is (`used`, `Backup`): never a group of a code,
    which has digits or is written in capitals (`ODHA` in a Bitwarden key)."""
    return (
        len(part) >= 3
        and part.isalpha()
        and (part.islower() or part.istitle())
        and (part.isascii() or not _ASCII_LETTER.search(part))  # `аecd` mixes scripts
    )


def code_token(token: str) -> bool:
    """One word (no spaces) shaped like a code; see code_like."""
    core = token.strip(_TRIM)
    if len(core) < 6 or _address(core) or _DATE.fullmatch(core):
        return False
    if _DIGIT.search(core) or not core.isascii():
        return True
    letters = core.replace("-", "")
    return len(letters) >= 6 and not (letters.isalpha() and core.istitle())


def secretish(token: str) -> bool:
    """A word that could be a secret: six or more characters with a digit, that is not a
    date, a link or an address. Text a provider's own file holds never has one."""
    core = token.strip(_TRIM)
    return (
        len(core) >= 6
        and bool(_DIGIT.search(core))
        and not _address(core)
        and not (_DATE.fullmatch(core))
    )


def note(text: str) -> bool:
    """Whether text after a code on its line is a note (`used on my laptop`, `# 2026-01-02`,
    `- at the airport`): a word, a date or a comment mark, holding nothing that could be
    another code or the rest of this one (`R202` after seven groups of a key)."""
    text = text.strip()
    if len(text) > NOTE_LONGEST:
        return False
    parts = [part.strip(_TRIM) for part in text.split()]
    if not text or code_like(text) or any(code_token(p) and not word(p) for p in parts):
        return False
    grouped = [part for part in parts if len(part) >= 3 and _DIGIT.search(part)]
    if 2 * len([p for p in grouped if not _DATE.fullmatch(p)]) >= len(parts) or (
        not any(map(word, parts)) and code_token(text.replace(" ", ""))
    ):
        return False  # `8JGR INSI NCLY R2022`: a key's groups going on, not words
    return bool(_NOTE_WORD.search(text)) or decoration(text) or text[0] in NOTE_MARKS


def rule(text: str) -> bool:
    """A line drawn with one repeated character (`-----`, `= = =`): it holds nothing."""
    return not _ALNUM.search(text) and bool(_RULE.fullmatch(text.strip()))


_LINK = re.compile(r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/", re.ASCII)  # `g.co/2sv`


def _address(token: str) -> bool:
    return (
        "@" in token
        or "://" in token
        or token.lower().startswith("www.")
        or bool(_LINK.match(token))
    )


def line_numbers(rows: Iterable[int]) -> str:
    """`line 7`, `lines 3 and 7`, `lines 1-10`: how a message names lines, never their
    content."""
    unique = sorted(set(rows))
    if len(unique) == 1:
        return f"line {unique[0]}"
    if unique == list(range(unique[0], unique[-1] + 1)):
        return f"lines {unique[0]}-{unique[-1]}"
    shown = ", ".join(map(str, unique[:-1][:8])) + (", ..." if len(unique) > 9 else "")
    return f"lines {shown} and {unique[-1]}"
