"""Slack backup codes.

Format: no download is known; Slack's help ("Set up two-factor authentication") says the
Account page lists backup codes after 2FA is set up. Ten codes of 8 lower-case letters
and digits is recalled, not verified (see docs/providers.md, "Slack").
"""

import re

from sheets.read.normalise import Shape, Source
from sheets.read.providers import Kind, Provider, code_list

SHAPE = Shape(re.compile(r"[a-z0-9]{8}"), 10)  # case kept: Slack says nothing of it
_score, parse = code_list("slack", SHAPE)


def score(source: Source) -> float:
    """A list of 8-character codes; halved when no code has a letter (an 8-digit list)."""
    lettered = any(not code.isdigit() for code in source.reading(SHAPE).codes)
    return _score(source) * (1.0 if lettered else 0.5)


PROVIDER = Provider(
    key="slack",
    prefix="SL",
    name="Slack",
    kinds=(
        Kind(
            "backup-codes",
            "backup codes",
            10,
            use="Sign in to your workspace (https://slack.com/signin); at the two-factor "
            "prompt choose to use a backup code.",
            regenerate="https://my.slack.com/account/settings > Two-factor authentication > "
            "Expand > backup codes (generate new codes).",
            alphabet="0123456789abcdefghijklmnopqrstuvwxyz",
        ),
    ),
    score=score,
    parse=parse,
    name_words=("slack",),
    confidence="L",
)
