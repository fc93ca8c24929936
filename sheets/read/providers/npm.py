"""npm recovery codes.

Format (read in npm/cli, lib/commands/profile.js): `npm profile enable-2fa` prints two
sentences ("2FA successfully enabled. ...") and then one code per line after a TAB; the
website offers copy only. Count (5) and shape (long lower-case hex, 64 assumed) are
guesses (see docs/providers.md, "npm").
"""

import re

from sheets.read.normalise import Shape, Source
from sheets.read.providers import Kind, Provider, code_list

# The codes are known to be longer than 49 characters; accept any long hex run.
SHAPE = Shape(re.compile(r"[0-9a-fA-F]{40,128}"), 5, "lower")
_score, parse = code_list("npm", SHAPE)


def score(source: Source) -> float:
    """The CLI's `2FA successfully enabled` sentence and long hex codes."""
    header = any("2fa successfully enabled" in line.text.lower() for line in source.lines[:3])
    return min(1.0, _score(source) + (0.35 if header else 0.0))


# The two sentences `npm profile enable-2fa` prints above the codes.
OWN = (
    re.compile(
        r"2FA successfully enabled\. Below are your recovery codes, please print these out\."
    ),
    re.compile(
        r"You will need these to recover access to your account if you lose your "
        r"authentication device\."
    ),
)


PROVIDER = Provider(
    key="npm",
    prefix="NP",
    name="npm",
    kinds=(
        Kind(
            "backup-codes",
            "recovery codes",
            5,
            use="Log in at https://www.npmjs.com/login (or run `npm login`); where a one-time "
            "password is asked, enter a recovery code instead.",
            regenerate="https://www.npmjs.com/settings/<username>/tfa > recovery codes "
            "(generate new codes).",
            alphabet="0123456789abcdef",
        ),
    ),
    score=score,
    parse=parse,
    name_words=("npm",),
    confidence="L",
    own=OWN,
)
