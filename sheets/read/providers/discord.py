"""Discord backup codes.

Format: built by Discord's web client as `discord_backup_codes.txt`: one sentence naming the
account's email (in the user's language), a blank line, then `* xxxx-xxxx ` per code with
`(used)` (also translated) after spent ones; CRLF, no final newline (see docs/providers.md,
"Discord"). Codes pasted from the page have no `* `, and typed ones may lose the dash: both
are given back as Discord issues them, `abcd-1234`.
"""

import re

from sheets.model import CodeSet
from sheets.read.normalise import EMAIL, Line, Shape, Source, find_email
from sheets.read.providers import Kind, Provider, settle

SHAPE = Shape(
    re.compile(
        r"(?P<code>[a-z0-9]{4}-?[a-z0-9]{4})"
        r"(?:[ \t]+\((?P<mark>[^()]{1,30})\))?"
    ),
    10,
    "",
    (4, 4),
    "-",
)

# The header Discord's client writes, in the user's language: a sentence with the word
# Discord and the account's e-mail address (the English one is recalled).
OWN = (
    re.compile(rf"(?i:.*\bdiscord\b.*?)(?P<account>{EMAIL.pattern}).*"),
    re.compile(rf".*?(?P<account>{EMAIL.pattern})(?i:.*\bdiscord\b.*)"),
)


def score(source: Source) -> float:
    """Discord's header sentence (any language) and a list of `xxxx-xxxx` codes."""
    header = _header(source)
    named = 0.55 if header and "discord" in header.text.lower() else 0.0
    reading = source.reading(SHAPE, lambda line: line is header)
    codes = reading._replace(lines=reading.lines - (1 if header else 0))
    return min(1.0, named + codes.score(SHAPE.count))


def parse(source: Source) -> CodeSet:
    """The codes as `xxxx-xxxx`, the ones marked used, and the email in the header."""
    header = _header(source)
    reading = source.reading(SHAPE, lambda line: line is header)
    account = find_email(header.text) if header else None
    return settle(source, "discord", "backup-codes", reading, account=account)


def _header(source: Source) -> Line | None:
    """The line before the codes that names the account: the English sentence, or any
    line with an e-mail address (the sentence is translated to the user's language)."""
    for line in source.lines:
        if SHAPE.fit(line):
            return None
        if "@" in line.text or "discord" in line.text.lower():
            return line
    return None


PROVIDER = Provider(
    key="discord",
    prefix="DC",
    name="Discord",
    kinds=(
        Kind(
            "backup-codes",
            "backup codes",
            10,
            use="Sign in at https://discord.com/login with your password; at the two-factor "
            'prompt choose "Use a backup code". The dash is optional.',
            regenerate="Discord > User Settings > My Account > View Backup Codes > "
            "Generate New Backup Codes (this cancels the old ones).",
            loose=True,
            alphabet="0123456789abcdefghijklmnopqrstuvwxyz-",
        ),
    ),
    score=score,
    parse=parse,
    filenames=("discord_backup_codes.txt",),
    name_words=("discord",),
    confidence="H",
    own=OWN,
)
