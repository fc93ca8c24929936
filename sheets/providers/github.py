"""GitHub recovery codes.

Format: GitHub Docs name the download `github-recovery-codes.txt`; 16 codes `xxxxx-xxxxx`
of lower-case hex, CRLF, no header (see shared/providers.md, "GitHub").
"""

import re

from sheets.normalise import Shape, Source, regroup
from sheets.providers import Found, Kind, Provider

SHAPE = Shape(re.compile(r"[0-9a-f]{5}-?[0-9a-f]{5}", re.I), 16, "lower")


def score(source: Source) -> float:
    """A header-less list of `xxxxx-xxxxx` hex codes."""
    return SHAPE.score(source.lines)


def parse(source: Source) -> Found:
    """Every code-shaped line, in order, as `xxxxx-xxxxx`."""
    return Found("backup-codes", tuple(regroup(code, (5, 5), "-")
                                       for code in SHAPE.parse(source.lines)))


PROVIDER = Provider(
    key="github",
    prefix="GH",
    name="GitHub",
    kinds=(Kind(
        "backup-codes", "recovery codes", 16,
        use="Sign in at https://github.com/login with your password; at the two-factor "
            "prompt choose \"Use a recovery code\" (https://github.com/sessions/two-factor/recovery).",
        regenerate="https://github.com/settings/auth/recovery-codes (Settings > Password and "
                   "authentication > Recovery codes > Generate new recovery codes).",
        alphabet="0123456789abcdef-",
    ),),
    score=score,
    parse=parse,
    filenames=("github-recovery-codes.txt",),
    name_words=("github",),
    confidence="H",
)
