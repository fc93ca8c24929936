"""Google backup codes.

Format: `Backup-codes-<username>.txt`: "SAVE YOUR BACKUP CODES", numbered `N. dddd dddd`
codes two to a line, the account in parentheses, and a footer with the date they were
generated (see docs/providers.md, "Google"; exact spacing unverified, so codes are read
column by column, each with its own number, and put in the order of those numbers). The
older download, kept in many folders, starts "BACKUP VERIFICATION CODES" with the user name
alone on the next line, runs the codes down two columns and ends with a `Date:` line.
"""

import re

from sheets.model import CodeSet
from sheets.read.normalise import Line, Shape, Source, english_date
from sheets.read.providers import Kind, Provider, settle

SHAPE = Shape(re.compile(r"\d{4}[ -]?\d{4}", re.ASCII), 10, "", (4, 4), " ")
_ACCOUNT = re.compile(r"\(([^()\s]{1,254})\)")
_HEADINGS = ("SAVE YOUR BACKUP CODES", "BACKUP VERIFICATION CODES")
_OLD_HEADING = re.compile("BACKUP VERIFICATION CODES", re.I)
_USER = re.compile(r"[A-Za-z0-9._%+-]{1,64}", re.ASCII)  # the older file's user name line
# The lines Google's download writes around the codes (English; another language's are
# printed as written).
OWN = tuple(
    re.compile(text, re.ASCII)
    for text in (
        r"SAVE YOUR BACKUP CODES",
        r"Keep these backup codes somewhere safe but accessible\.",
        r"\((?P<account>[^()\s]{1,254})\)",
        r"You can only use each backup code once\.",
        r"Need more\? Visit g\.co/2sv",
        r"These codes were generated on: (?P<date>[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4})",
        r"BACKUP VERIFICATION CODES",
        r"Date: (?P<date>[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}(?: \d{1,2}:\d{2} ?[aApP][mM])?)",
    )
)


def score(source: Source) -> float:
    """Google's heading and numbered 8-digit codes; codes copied off the page without
    either still fit, like any 8-digit list, so a name can decide."""
    header = any(h in line.text.upper() for line in source.lines[:5] for h in _HEADINGS)
    reading = source.reading(SHAPE)
    numbered = sum(1 for number in reading.numbers if number is not None)
    laid_out = (0.6 if header else 0.0) + min(numbered, 10) * 0.035
    return min(1.0, max(laid_out, SHAPE.score(source)))


def parse(source: Source) -> CodeSet:
    """The codes in the order of their numbers, the account (the `(…)` line, or the older
    file's user name line) and the footer's date."""
    user = _user_line(source)
    reading = source.reading(SHAPE, _layout)
    account = next(
        (m.group(1) for line in source.lines if (m := _ACCOUNT.fullmatch(line.text))),
        user.text if user else None,
    )
    dated = (line.text for line in source.lines if line.text.startswith(("These codes", "Date:")))
    return settle(
        source,
        "google",
        "backup-codes",
        reading,
        own_rows=(user.row,) if user else (),
        account=account,
        issued=english_date(next(dated, "")),
    )


def _user_line(source: Source) -> Line | None:
    """The older download's second line: the user name alone, under its heading."""
    lines = source.lines
    if len(lines) > 1 and _OLD_HEADING.fullmatch(lines[0].text) and _USER.fullmatch(lines[1].text):
        return lines[1] if not SHAPE.fit(lines[1]) else None
    return None


def _layout(line: Line) -> bool:
    """The (account) line; the footer's `g.co/2sv` line."""
    return bool(_ACCOUNT.fullmatch(line.text)) or "g.co/" in line.text


PROVIDER = Provider(
    key="google",
    prefix="GO",
    name="Google",
    kinds=(
        Kind(
            "backup-codes",
            "backup codes",
            10,
            use="Sign in at https://accounts.google.com; at 2-Step Verification choose "
            '"Try another way" > "Enter one of your 8-digit backup codes". Spaces are optional.',
            regenerate="https://myaccount.google.com/two-step-verification/backup-codes "
            "(Security > 2-Step Verification > Backup codes > Refresh; the old set stops "
            "working).",
            loose=True,
            alphabet="0123456789 ",
        ),
    ),
    score=score,
    parse=parse,
    filenames=("Backup-codes-*.txt",),
    name_words=("google", "gmail"),
    confidence="M",
    own=OWN,
)
