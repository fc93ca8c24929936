"""GitHub recovery codes.

Format: GitHub Docs name the download `github-recovery-codes.txt`; 16 codes `xxxxx-xxxxx`
of lower-case hex, CRLF, no header (see docs/providers.md, "GitHub"). A pasted code that
lost its dash is given back as GitHub shows it.
"""

import re

from sheets.read.normalise import Shape
from sheets.read.providers import Kind, Provider, code_list

SHAPE = Shape(re.compile(r"[0-9a-fA-F]{5}-?[0-9a-fA-F]{5}"), 16, "lower", (5, 5), "-")
score, parse = code_list("github", SHAPE)

PROVIDER = Provider(
    key="github",
    prefix="GH",
    name="GitHub",
    kinds=(
        Kind(
            "backup-codes",
            "recovery codes",
            16,
            use="Sign in at https://github.com/login with your password; at the two-factor "
            'prompt choose "More options" > "2FA recovery code" (older pages: "Use a recovery '
            'code").',
            regenerate="https://github.com/settings/auth/recovery-codes (Settings > Password and "
            "authentication > Recovery codes > Generate new recovery codes).",
            alphabet="0123456789abcdef-",
        ),
    ),
    score=score,
    parse=parse,
    filenames=("github-recovery-codes.txt",),
    name_words=("github",),
    confidence="H",
)
