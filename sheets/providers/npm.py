"""npm recovery codes.

Format (read in npm/cli, lib/commands/profile.js): `npm profile enable-2fa` prints two
sentences ("2FA successfully enabled. ...") and then one code per line after a TAB; the
website offers copy only. Count (5) and shape (long lower-case hex, 64 assumed) are
guesses (see shared/providers.md, "npm").
"""

import re

from sheets.normalise import Shape, Source
from sheets.providers import Found, Kind, Provider

# The codes are known to be longer than 49 characters; accept any long hex run.
SHAPE = Shape(re.compile(r"[0-9a-f]{40,128}", re.I), 5, "lower")
_HEADER = re.compile(r"2FA successfully enabled", re.I)


def score(source: Source) -> float:
    """The CLI's `2FA successfully enabled` sentence and long hex codes."""
    header = 0.35 if _HEADER.search(source.text) else 0.0
    return min(1.0, SHAPE.score(source.lines) + header)


def parse(source: Source) -> Found:
    """Every long-hex line, in order, lower-case."""
    return Found("backup-codes", SHAPE.parse(source.lines))


PROVIDER = Provider(
    key="npm",
    prefix="NP",
    name="npm",
    kinds=(Kind(
        "backup-codes", "recovery codes", 5,
        use="Log in at https://www.npmjs.com/login (or run `npm login`); where a one-time "
            "password is asked, enter a recovery code instead.",
        regenerate="https://www.npmjs.com/settings/<username>/tfa > recovery codes "
                   "(generate new codes).",
        alphabet="0123456789abcdef",
    ),),
    score=score,
    parse=parse,
    name_words=("npm",),
    confidence="L",
)
