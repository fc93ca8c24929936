"""Discord backup codes.

Format: built by Discord's web client as `discord_backup_codes.txt`: one sentence naming the
account's email, a blank line, then `* xxxx-xxxx ` per code with `(used)` (possibly
translated) after spent ones; CRLF, no final newline (see shared/providers.md, "Discord").
"""

import re

from sheets.normalise import Source, find_email
from sheets.providers import Found, Kind, Provider

_CODE = re.compile(r"([a-z0-9]{4})-?([a-z0-9]{4})(?:\s+\((.{1,30})\))?", re.I)
_HEADER = re.compile(r"discord.{0,60}backup codes", re.I)


def score(source: Source) -> float:
    """Discord's header sentence, or `* xxxx-xxxx` lines with the asterisk bullet."""
    header = bool(source.lines) and bool(_HEADER.search(source.lines[0].text))
    starred = [raw for raw in source.text.split("\n") if raw.startswith("* ")]
    hits = sum(1 for raw in starred if _CODE.fullmatch(raw[2:].strip()))
    content = 0.4 * hits / max(len(source.lines) - int(header), 1)
    return min(1.0, (0.55 if header else 0.0) + content + (0.05 if hits == 10 else 0.0))


def parse(source: Source) -> Found:
    """The codes as `xxxx-xxxx`, the ones marked `(used)`, and the email in the header."""
    codes, used = [], []
    for line in source.lines:
        match = _CODE.fullmatch(line.text)
        if match:
            code = f"{match.group(1)}-{match.group(2)}".lower()
            codes.append(code)
            if match.group(3):
                used.append(code)
    header = source.lines[0].text if source.lines else ""
    account = find_email(header) if _HEADER.search(header) else None
    return Found("backup-codes", tuple(codes), account=account, used=tuple(used))


PROVIDER = Provider(
    key="discord",
    prefix="DC",
    name="Discord",
    kinds=(Kind(
        "backup-codes", "backup codes", 10,
        use="Sign in at https://discord.com/login with your password; at the two-factor "
            "prompt choose \"Use a backup code\". The dash is optional.",
        regenerate="Discord > User Settings > My Account > View Backup Codes > "
                   "Generate New Backup Codes (this cancels the old ones).",
        loose=True,
        alphabet="0123456789abcdefghijklmnopqrstuvwxyz-",
    ),),
    score=score,
    parse=parse,
    filenames=("discord_backup_codes.txt",),
    name_words=("discord",),
    confidence="H",
)
