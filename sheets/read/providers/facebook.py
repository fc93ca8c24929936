"""Facebook (Meta) recovery codes.

Format: no download is known; Accounts Center shows 10 one-time codes of 8 digits as
`1234 5678`, which users copy into a text file, sometimes with the page's heading lines
(see docs/providers.md, "Facebook / Meta"; recalled, layout partly guessed). Codes typed
as `12345678` or `1234-5678` are given back as the page shows them.
"""

import re

from sheets.read.normalise import Shape
from sheets.read.providers import Kind, Provider, code_list

SHAPE = Shape(re.compile(r"\d{4}[ -]?\d{4}", re.ASCII), 10, "", (4, 4), " ")
score, parse = code_list("facebook", SHAPE)


# The heading and sentence above the codes on Accounts Center, copied with them (recalled).
OWN = (
    re.compile(r"Recovery codes"),
    re.compile(
        r"Use these codes to log in if you lose your phone\. Each code can only be used once\."
    ),
)


PROVIDER = Provider(
    key="facebook",
    prefix="FB",
    name="Facebook",
    kinds=(
        Kind(
            "backup-codes",
            "recovery codes",
            10,
            use="Log in at https://www.facebook.com/login; at the login code prompt choose "
            '"Try another way" > recovery code and type one code. Spaces are optional.',
            regenerate="https://accountscenter.facebook.com/password_and_security/two_factor "
            "(your account > Additional methods > Recovery codes > Get new codes; "
            "a new set cancels the old one).",
            alphabet="0123456789 ",
        ),
    ),
    score=score,
    parse=parse,
    name_words=("facebook",),
    confidence="L",
    own=OWN,
)
