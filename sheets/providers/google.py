"""Google backup codes.

Format: `Backup-codes-<username>.txt`: "SAVE YOUR BACKUP CODES", numbered `N. dddd dddd`
codes two to a line, the account in parentheses, and a footer with the date they were
generated (see shared/providers.md, "Google"; exact spacing unverified, so parse tokens).
"""

import re

from sheets.normalise import Source, english_date
from sheets.providers import Found, Kind, Provider

_NUMBERED = re.compile(r"(?<!\d)(\d{1,2})\.\s+(\d{4})\s?(\d{4})(?!\d)")
_ACCOUNT = re.compile(r"^\(([^()\s]+)\)$")


def score(source: Source) -> float:
    """The `SAVE YOUR BACKUP CODES` heading and numbered 8-digit codes."""
    header = "SAVE YOUR BACKUP CODES" in source.text.upper()
    hits = len(_NUMBERED.findall(source.text))
    return min(1.0, (0.6 if header else 0.0) + min(hits, 10) * 0.035)


def parse(source: Source) -> Found:
    """The codes ordered by their numbers, the (account) line and the footer date."""
    numbered = sorted((int(n), f"{a} {b}") for n, a, b in _NUMBERED.findall(source.text))
    codes = tuple(code for _, code in numbered)
    account = next((m.group(1) for line in source.lines
                    if (m := _ACCOUNT.match(line.text))), None)
    footer = next((line.text for line in source.lines if "generated" in line.text.lower()), "")
    return Found("backup-codes", codes, account=account, issued=english_date(footer))


PROVIDER = Provider(
    key="google",
    prefix="GO",
    name="Google",
    kinds=(Kind(
        "backup-codes", "backup codes", 10,
        use="Sign in at https://accounts.google.com; at 2-Step Verification choose "
            "\"Try another way\" > \"Enter one of your 8-digit backup codes\". Spaces are optional.",
        regenerate="https://myaccount.google.com/two-step-verification/backup-codes "
                   "(Security > 2-Step Verification > Backup codes > Get new codes).",
        loose=True,
        alphabet="0123456789 ",
    ),),
    score=score,
    parse=parse,
    filenames=("Backup-codes-*.txt",),
    name_words=("google", "gmail"),
    confidence="M",
)
