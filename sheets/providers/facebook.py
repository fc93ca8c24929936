"""Facebook (Meta) recovery codes.

Format: no download is known; Accounts Center shows 10 one-time codes of 8 digits as
`1234 5678`, which users copy into a text file, sometimes with the page's heading lines
(see shared/providers.md, "Facebook / Meta"; recalled, layout partly guessed).
"""

import re

from sheets.normalise import Shape, Source, regroup
from sheets.providers import Found, Kind, Provider

SHAPE = Shape(re.compile(r"\d{4} ?\d{4}"), 10)


def score(source: Source) -> float:
    """A list of 8-digit codes; the file name must tell it from other 8-digit lists."""
    return SHAPE.score(source.lines)


def parse(source: Source) -> Found:
    """Every 8-digit line, in order, as Facebook shows it: `1234 5678`."""
    return Found("backup-codes", tuple(regroup(code, (4, 4), " ")
                                       for code in SHAPE.parse(source.lines)))


PROVIDER = Provider(
    key="facebook",
    prefix="FB",
    name="Facebook",
    kinds=(Kind(
        "backup-codes", "recovery codes", 10,
        use="Log in at https://www.facebook.com/login; at the login code prompt choose "
            "\"Try another way\" > recovery code and type one code. Spaces are optional.",
        regenerate="https://accountscenter.facebook.com/password_and_security/two_factor "
                   "(your account > Additional methods > Recovery codes > Get new codes; "
                   "a new set cancels the old one).",
        alphabet="0123456789 ",
    ),),
    score=score,
    parse=parse,
    name_words=("facebook",),
    confidence="L",
)
