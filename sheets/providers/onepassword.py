"""1Password Secret Key.

Format: the Emergency Kit is a PDF (not read here) holding the sign-in address, email,
Secret Key and a date; users type the Secret Key into text files. The key is `A3-` and
six more dash-separated groups (6, 6, 5, 5, 5, 5) of upper-case letters and digits, per
1Password's Security Design white paper (alphabet a guess; see shared/providers.md,
"1Password").
"""

import re

from sheets.normalise import Source, english_date, find_email, iso_date, regroup
from sheets.providers import Found, Kind, Provider

GROUPS = (2, 6, 6, 5, 5, 5, 5)
_KEY = re.compile(r"\bA3[- ]?" + r"[- ]?".join(f"[A-Z0-9]{{{n}}}" for n in GROUPS[1:]) + r"\b",
                  re.I)


def score(source: Source) -> float:
    """An `A3-...` Secret Key, more so beside the words "Secret Key"."""
    found = 0.6 if _KEY.search(source.text) else 0.0
    labelled = 0.2 if found and "secret key" in source.text.lower() else 0.0
    return found + labelled


def parse(source: Source) -> Found:
    """The Secret Key, the email beside it, and a created date if one is written."""
    keys = [regroup(m.group(0).upper(), GROUPS, "-") for m in _KEY.finditer(source.text)]
    dated = next((line.text for line in source.lines
                  if re.search(r"created|date", line.text, re.I)), "")
    return Found("recovery-key", tuple(keys), account=find_email(source.text),
                 issued=iso_date(dated) or english_date(dated))


PROVIDER = Provider(
    key="1password",
    prefix="1P",
    name="1Password",
    kinds=(Kind(
        "recovery-key", "Secret Key", 1,
        use="Sign in on a new device at https://my.1password.com (or your team's sign-in "
            "address) with your email, this Secret Key and your account password.",
        regenerate="https://my.1password.com > your name > My Profile > Regenerate Secret "
                   "Key (then save the new Emergency Kit).",
        one_time=False,
        alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-",
    ),),
    score=score,
    parse=parse,
    name_words=("1password", "emergency kit"),
    confidence="M",
)
