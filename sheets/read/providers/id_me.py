"""ID.me backup codes.

Format: no text download was found; ID.me shows a numbered list of 12 one-time codes
(a new set continues the numbering: 13-24, 25-36 ...) and asks for a code *by its number*
at sign-in, so the file's own numbers are kept, gaps and all. Code shape (10 upper-case
letters and digits) is a guess (see docs/providers.md, "ID.me").
"""

import re

from sheets.model import CodeSet
from sheets.read.normalise import Shape, Source
from sheets.read.providers import Kind, Provider, code_list, settle

SHAPE = Shape(re.compile(r"[A-Z0-9]{10}"), 12)  # case kept: ID.me says nothing of it
_score, _ = code_list("id-me", SHAPE)


def score(source: Source) -> float:
    """A list of 10-character codes, more so under an `ID.me` heading."""
    named = 0.3 if any("id.me" in line.text.lower() for line in source.lines[:3]) else 0.0
    return min(1.0, _score(source) + named)


def parse(source: Source) -> CodeSet:
    """The codes with the file's own numbers, 1-12 included (ID.me asks by number)."""
    reading = source.reading(SHAPE)
    return settle(source, "id-me", "backup-codes", reading, keep_numbers=True)


OWN = (re.compile(r"(?i:ID\.me backup codes)(?: \d{1,3}-\d{1,3})?"),)  # the list's heading


PROVIDER = Provider(
    key="id-me",
    prefix="ID",
    name="ID.me",
    kinds=(
        Kind(
            "backup-codes",
            "backup codes",
            12,
            use='Sign in at https://account.id.me; at the MFA prompt choose "Backup Codes" '
            "and type the code with the number ID.me asks for.",
            regenerate="https://account.id.me > Sign In & Security > Backup Codes (a new set "
            "continues the numbering after the last one).",
            alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        ),
    ),
    score=score,
    parse=parse,
    name_words=("id.me", "idme", "id-me", "id_me"),
    confidence="L",
    own=OWN,
)
