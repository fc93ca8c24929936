"""Google backup codes.

Format: `Backup-codes-<username>.txt`: "SAVE YOUR BACKUP CODES", numbered `N. dddd dddd`
codes two to a line, the account in parentheses, and a footer with the date they were
generated (see docs/providers.md, "Google"; exact spacing unverified, so codes are read
column by column, each with its own number, and put in the order of those numbers).
"""

import re

from sheets.model import CodeSet
from sheets.read.normalise import Line, Shape, Source, english_date
from sheets.read.providers import Kind, Provider, settle

SHAPE = Shape(re.compile(r"\d{4}[ -]?\d{4}", re.ASCII), 10, "", (4, 4), " ")
_ACCOUNT = re.compile(r"\(([^()\s]{1,254})\)")


def score(source: Source) -> float:
    """The `SAVE YOUR BACKUP CODES` heading and numbered 8-digit codes; codes copied off the
    page without either still fit, like any 8-digit list, so a name can decide."""
    header = any("SAVE YOUR BACKUP CODES" in line.text.upper() for line in source.lines[:5])
    reading = source.reading(SHAPE)
    numbered = sum(1 for number in reading.numbers if number is not None)
    laid_out = (0.6 if header else 0.0) + min(numbered, 10) * 0.035
    return min(1.0, max(laid_out, SHAPE.score(source)))


def parse(source: Source) -> CodeSet:
    """The codes ordered by their numbers, the (account) line and the footer date."""
    reading = source.reading(SHAPE, _layout)
    if reading.file_numbers():
        order = sorted(range(len(reading.codes)), key=lambda i: reading.numbers[i] or 0)
        fields = ("codes", "numbers", "marks", "rows")
        reordered = {f: tuple(getattr(reading, f)[i] for i in order) for f in fields}
        reading = reading._replace(**reordered)  # type: ignore[arg-type]
    account = next(
        (m.group(1) for line in source.lines if (m := _ACCOUNT.fullmatch(line.text))), None
    )
    footer = next((line.text for line in source.lines if "generated" in line.text.lower()), "")
    return settle(
        source, "google", "backup-codes", reading, account=account, issued=english_date(footer)
    )


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
            "(Security > 2-Step Verification > Backup codes > Get new codes).",
            loose=True,
            alphabet="0123456789 ",
        ),
    ),
    score=score,
    parse=parse,
    filenames=("Backup-codes-*.txt",),
    name_words=("google", "gmail"),
    confidence="M",
)
