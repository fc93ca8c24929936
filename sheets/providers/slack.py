"""Slack backup codes.

Format: no download is known; Slack's help ("Set up two-factor authentication") says the
Account page lists backup codes after 2FA is set up. Ten codes of 8 lower-case letters
and digits is recalled, not verified (see shared/providers.md, "Slack").
"""

import re

from sheets.normalise import Shape, Source
from sheets.providers import Found, Kind, Provider

SHAPE = Shape(re.compile(r"[a-z0-9]{8}", re.I), 10, "lower")


def score(source: Source) -> float:
    """A list of 8-character codes; halved when no code has a letter (an 8-digit list)."""
    lines = SHAPE.codes(source.lines)
    lettered = any(not line.text.isdigit() for line in lines)
    return SHAPE.score(source.lines) * (1.0 if lettered else 0.5)


def parse(source: Source) -> Found:
    """Every 8-character line, in order, lower-case."""
    return Found("backup-codes", SHAPE.parse(source.lines))


PROVIDER = Provider(
    key="slack",
    prefix="SL",
    name="Slack",
    kinds=(Kind(
        "backup-codes", "backup codes", 10,
        use="Sign in to your workspace (https://slack.com/signin); at the two-factor "
            "prompt choose to use a backup code.",
        regenerate="https://my.slack.com/account/settings > Two-factor authentication > "
                   "Expand > backup codes (generate new codes).",
        alphabet="0123456789abcdefghijklmnopqrstuvwxyz",
    ),),
    score=score,
    parse=parse,
    name_words=("slack",),
    confidence="L",
)
