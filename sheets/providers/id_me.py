"""ID.me backup codes.

Format: no text download was found; ID.me shows a numbered list of 12 one-time codes
(a new set continues the numbering: 13-24, 25-36 ...) and asks for a code *by its number*
at sign-in, so the numbers are kept. Code shape (10 upper-case letters and digits) is a
guess (see shared/providers.md, "ID.me").
"""

import re

from sheets.normalise import Shape, Source
from sheets.providers import Found, Kind, Provider

SHAPE = Shape(re.compile(r"[A-Z0-9]{10}", re.I), 12, "upper")


def score(source: Source) -> float:
    """A list of 10-character codes, more so under an `ID.me` heading."""
    named = 0.3 if "id.me" in source.text.lower() else 0.0
    return min(1.0, SHAPE.score(source.lines) + named)


def parse(source: Source) -> Found:
    """The codes with their list numbers (None when any code line is unnumbered)."""
    lines = SHAPE.codes(source.lines)
    codes = tuple(SHAPE.canonical(line.text) for line in lines)
    numbers = tuple(line.number for line in lines)
    if not lines or None in numbers:
        return Found("backup-codes", codes)
    return Found("backup-codes", codes, numbers=numbers)


PROVIDER = Provider(
    key="id-me",
    prefix="ID",
    name="ID.me",
    kinds=(Kind(
        "backup-codes", "backup codes", 12,
        use="Sign in at https://account.id.me; at the MFA prompt choose \"Backup Codes\" "
            "and type the code with the number ID.me asks for.",
        regenerate="https://account.id.me > Sign In & Security > Backup Codes (a new set "
                   "continues the numbering after the last one).",
        alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    ),),
    score=score,
    parse=parse,
    name_words=("id.me", "idme", "id-me", "id_me"),
    confidence="L",
)
