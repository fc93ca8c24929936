"""Exports mksheet knows by sight but does not read yet: each gets its app's name in the
message instead of being taken for a code file ("lines 3, 6, 7 look like a code").

Each rule is (app, test on the base name and the first bytes); the first that matches
names the file. Sources: Bitwarden's password-protected export (bitwarden/clients,
`passwordProtected`), KeePass's KDBX signature, SQLite's file header (Google and Microsoft
Authenticator keep their accounts so), zip (WinAuth, Proton Pass, Authenticator Plus),
andOTP's OpenPGP backups (`.json.gpg`), Steam Desktop Authenticator's `.maFile`, LastPass
Authenticator's JSON (`deviceName`, `accounts`), and the HTML exports of Aegis and Stratum.
"""

from __future__ import annotations

import re
from collections.abc import Callable

Rule = tuple[str, Callable[[str, bytes], bool]]


def _has(*needles: bytes) -> Callable[[str, bytes], bool]:
    return lambda name, head: all(needle in head for needle in needles)


def _starts(magic: bytes) -> Callable[[str, bytes], bool]:
    return lambda name, head: head.startswith(magic)


_BITWARDEN_LOCKED = re.compile(rb'^\s*\{\s*"encrypted"\s*:\s*true\s*,\s*"passwordProtected"')
RULES: tuple[Rule, ...] = (
    (
        "Bitwarden (a password-protected export)",
        lambda name, head: _BITWARDEN_LOCKED.match(head) is not None,
    ),
    ("KeePass", _starts(b"\x03\xd9\xa2\x9a")),
    ("an authenticator app's own database (SQLite)", _starts(b"SQLite format 3\x00")),
    ("WinAuth, Proton Pass or Authenticator Plus (a zip archive)", _starts(b"PK\x03\x04")),
    ("andOTP (OpenPGP-encrypted)", lambda name, head: name.lower().endswith(".json.gpg")),
    ("Steam Desktop Authenticator", _has(b'"shared_secret"', b'"identity_secret"')),
    ("LastPass Authenticator", _has(b'"deviceName"', b'"accounts"', b'"issuerName"')),
    ("Aegis (its HTML export)", _has(b"<html", b"Aegis")),
    ("Authenticator Pro (its HTML backup)", _has(b"<html", b"Stratum Backup")),
)


def app(name: str, head: bytes) -> str | None:
    """The app whose unread export this is, or None."""
    return next((label for label, test in RULES if test(name, head)), None)
