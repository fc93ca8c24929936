"""Dropbox backup codes.

Format: no download is known; Dropbox's business guide says two-step setup gives ten
8-digit backup codes (older accounts had one 16-digit emergency code). How the page
groups the digits is unknown, so codes are kept as typed (see docs/providers.md,
"Dropbox"). Other 8-digit lists look the same: the file name decides.
"""

import re

from sheets.read.normalise import Shape
from sheets.read.providers import Kind, Provider, code_list

SHAPE = Shape(re.compile(r"\d{4}[ -]?\d{4}", re.ASCII), 10)
score, parse = code_list("dropbox", SHAPE)

PROVIDER = Provider(
    key="dropbox",
    prefix="DB",
    name="Dropbox",
    kinds=(
        Kind(
            "backup-codes",
            "backup codes",
            10,
            use="Sign in at https://www.dropbox.com/login; when asked for the security code, "
            "choose to use a backup code and type one.",
            regenerate="https://www.dropbox.com/account/security > Two-step verification > "
            "Backup codes (generate new codes).",
            alphabet="0123456789 -",
        ),
    ),
    score=score,
    parse=parse,
    name_words=("dropbox",),
    confidence="L",
)
