"""What kind of line is this: prose, decoration, or something that looks like a code.

A reader accounts for every line of a file: a code, a line the provider's layout explains,
decoration (rules, dates, addresses) or prose. What is left and still looks like a code
stops the run, so a damaged code is never dropped in silence. All of it is linear.
"""

from __future__ import annotations

import re

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
    grouped = (column.replace(" ", "") for column in COLUMNS.split(text))
    return any(map(code_token, text.split())) or any(map(code_token, grouped))


def code_token(token: str) -> bool:
    """One word (no spaces) shaped like a code; see code_like."""
    core = token.strip(_TRIM)
    if len(core) < 6 or _address(core) or _DATE.fullmatch(core):
        return False
    if _DIGIT.search(core) or not core.isascii():
        return True
    letters = core.replace("-", "")
    return len(letters) >= 6 and not (letters.isalpha() and core.istitle())


def _address(token: str) -> bool:
    return "@" in token or "://" in token or token.lower().startswith("www.")
