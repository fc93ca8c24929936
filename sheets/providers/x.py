"""X (Twitter) backup code.

Format: no download; Settings > Security > Two-factor authentication > Backup codes shows
one single-use code (older versions: several), recalled as 12 lower-case letters and
digits (see shared/providers.md, "Twitter / X"; shape unverified).
"""

import re

from sheets.normalise import Shape, Source
from sheets.providers import Found, Kind, Provider

SHAPE = Shape(re.compile(r"[a-z0-9]{12}", re.I), 1, "lower")


def score(source: Source) -> float:
    """One 12-character code."""
    return SHAPE.score(source.lines)


def parse(source: Source) -> Found:
    """Every 12-character line (older accounts had several codes), lower-case."""
    return Found("backup-codes", tuple(SHAPE.canonical(line.text)
                                       for line in SHAPE.codes(source.lines)))


PROVIDER = Provider(
    key="x",
    name="X (Twitter)",
    kinds=(Kind(
        "backup-codes", "backup code", 1,
        use="Log in at https://x.com/i/flow/login; at the login verification prompt "
            "choose \"Choose a different verification method\" > \"Backup code\".",
        regenerate="https://x.com/settings/account/login_verification > Backup codes > "
                   "\"Get new code\" (the old code stops working).",
        alphabet="0123456789abcdefghijklmnopqrstuvwxyz",
    ),),
    score=score,
    parse=parse,
    name_words=("twitter",),  # a bare "x" would match almost any name
    confidence="L",
)
