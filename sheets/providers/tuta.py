"""Tuta (Tutanota) recovery code.

Format (read in tutao/tutanota, RecoverCodeDialog.ts and RecoverCodeFacade): no download;
one code, the hex of a 256-bit key (64 lower-case hex), shown in groups of 4; the Copy
button copies the raw 64 characters (see shared/providers.md, "Tuta").
"""

import re

from sheets.normalise import Shape, Source, regroup
from sheets.providers import Found, Kind, Provider

GROUPS = (4,) * 16
SHAPE = Shape(re.compile(r"[0-9a-f]{64}|[0-9a-f]{4}(?: [0-9a-f]{4}){15}", re.I), 1, "lower")


def score(source: Source) -> float:
    """One 64-hex code, raw or in groups of four."""
    return SHAPE.score(source.lines)


def parse(source: Source) -> Found:
    """The code lower-case: raw as copied, or in groups of four as shown on screen."""
    codes = []
    for line in SHAPE.codes(source.lines):
        code = SHAPE.canonical(line.text)
        codes.append(regroup(code, GROUPS, " ") if " " in code else code)
    return Found("recovery-key", tuple(codes))


PROVIDER = Provider(
    key="tuta",
    prefix="TU",
    name="Tuta",
    kinds=(Kind(
        "recovery-key", "recovery code", 1,
        use="https://app.tuta.com/recover (\"Lost account access\"): with your email "
            "address it resets your password or your second factors. Spaces do not matter.",
        regenerate="Tuta > Settings > Login > Recovery code (global admin only, password "
                   "required); a new code replaces this one.",
        one_time=False,
        alphabet="0123456789abcdef ",
    ),),
    score=score,
    parse=parse,
    name_words=("tuta", "tutanota"),
    confidence="H",
)
