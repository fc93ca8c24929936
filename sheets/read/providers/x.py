"""X (Twitter) backup code.

Format: no download; Settings > Security > Two-factor authentication > Backup codes shows
one single-use code (older versions: several), recalled as 12 lower-case letters and
digits (see docs/providers.md, "Twitter / X"; shape unverified).
"""

import re

from sheets.read.normalise import Shape
from sheets.read.providers import Kind, Provider, code_list

SHAPE = Shape(re.compile(r"[a-z0-9]{12}"), 1)  # case kept: X says nothing of it
score, parse = code_list("x", SHAPE)

PROVIDER = Provider(
    key="x",
    prefix="XT",
    name="X (Twitter)",
    kinds=(
        Kind(
            "backup-codes",
            "backup code",
            1,
            use="Log in at https://x.com/i/flow/login; at the login verification prompt "
            'choose "Choose a different verification method" > "Backup code".',
            regenerate="https://x.com/settings/account/login_verification > Backup codes > "
            '"Get new code" (the old code stops working).',
            alphabet="0123456789abcdefghijklmnopqrstuvwxyz",
        ),
    ),
    score=score,
    parse=parse,
    name_words=("twitter",),  # a bare "x" would match almost any name
    confidence="L",
)
