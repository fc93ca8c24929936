"""1Password Secret Key.

Format: the Emergency Kit is a PDF (not read here) holding the sign-in address, email,
Secret Key and a date; users type the Secret Key into text files, often after a label. The
key is `A3-` and six more dash-separated groups (6, 6, 5, 5, 5, 5) of upper-case letters and
digits, per 1Password's Security Design white paper (alphabet a guess; see
docs/providers.md, "1Password").
"""

import re

from sheets.model import CodeSet
from sheets.read.normalise import (
    EMAIL,
    Line,
    Shape,
    Source,
    buried,
    english_date,
    find_email,
    iso_date,
)
from sheets.read.providers import Kind, Provider, settle

GROUPS = (2, 6, 6, 5, 5, 5, 5)
SHAPE = Shape(
    re.compile("[Aa]3" + "".join(f"[- ]?[A-Za-z0-9]{{{n}}}" for n in GROUPS[1:])),
    1,
    "upper",
    GROUPS,
    "-",
    label=re.compile(
        r"(?:[A-Za-z][a-z]*[ \t]){0,2}"
        r"[A-Za-z][a-z]*:[ \t]*",
        re.ASCII,
    ),
)
_DATED = re.compile(r"created|date", re.I | re.ASCII)
# The Emergency Kit's labelled lines, typed out beside the key. A team's own sign-in address
# is not among them: the sheet prints it as written, since it is needed to sign in.
OWN = tuple(
    re.compile(text, re.ASCII)
    for text in (
        r"(?i:(?:1Password )?Emergency Kit)",
        r"(?i:Secret Key):?",
        r"(?i:Sign-in address|Sign in address): https://my\.1password\.(?:com|ca|eu)/?",
        rf"(?i:E-?mail(?: address)?): (?P<account>{EMAIL.pattern})",
        r"(?i:Created(?: on)?|Date(?: created)?): (?P<date>\d{4}-\d\d-\d\d|[A-Z][a-z]{2,8}\.? "
        r"\d{1,2}, \d{4})",
    )
)


def score(source: Source) -> float:
    """An `A3-...` Secret Key, more so beside the words "Secret Key"."""
    found = 0.6 if source.reading(SHAPE).codes else 0.0
    labelled = 0.2 if found and "secret key" in source.text.lower() else 0.0
    return found + labelled


def parse(source: Source) -> CodeSet:
    """The Secret Key, the email beside it, and a created date if one is written."""
    reading = source.reading(SHAPE, _layout)
    dated = next((line.text for line in source.lines if _DATED.search(line.text)), "")
    return settle(
        source,
        "1password",
        "recovery-key",
        reading,
        account=find_email(source.text),
        issued=iso_date(dated) or english_date(dated),
    )


def _layout(line: Line) -> bool:
    """The Emergency Kit's labelled lines: `Sign-in address: https://...`, never one with a
    Secret Key in it (`new one from support: A3-...`)."""
    return (
        ":" in line.text
        and not line.text.lstrip().upper().startswith("A3")
        and not buried(SHAPE.pattern, line.text)
    )


PROVIDER = Provider(
    key="1password",
    prefix="1P",
    name="1Password",
    kinds=(
        Kind(
            "recovery-key",
            "Secret Key",
            1,
            use="Sign in on a new device at https://my.1password.com (or your team's sign-in "
            "address) with your email, this Secret Key and your account password.",
            regenerate="https://my.1password.com > your name > Manage account (My Profile in "
            "older versions) > Regenerate Secret Key, then save the new Emergency Kit.",
            one_time=False,
            alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-",
        ),
    ),
    score=score,
    parse=parse,
    name_words=("1password", "emergency kit"),
    confidence="M",
    own=OWN,
)
