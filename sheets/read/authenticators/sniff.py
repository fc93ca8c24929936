"""The scores `is_export` needs for every input (Aegis, andOTP, Bitwarden, Proton), apart
from their readers.

A code file is sniffed on every `mksheet FILE`: keeping these here lets that sniff run
without importing the readers (crypt, JSON checks, protobuf); aegis.py and andotp.py
use these same functions as their `score`, so the sniff and the reader never disagree.
"""

from __future__ import annotations

import fnmatch
import re

AEGIS_NAMES = ("aegis-export-*.json", "aegis-backup-*.json", "aegis-export-plain-*.json")
ANDOTP_NAMES = ("otp_accounts*.json", "otp_accounts*.json.aes")
_AEGIS_SHAPE = re.compile(r'"header"\s*:\s*\{.*"db"\s*:', re.DOTALL)
_AEGIS_START = re.compile(r'\s*\{\s*"version"\s*:\s*\d+\s*,\s*"header"\s*:\s*\{\s*"slots"\s*:')
_ANDOTP_SHAPE = re.compile(r'^\s*\[\s*\{\s*"secret"\s*:')  # Entry.toJSON writes secret first
_BITWARDEN = re.compile(
    r'^\s*\{\s*"encrypted"\s*:\s*(true|false)\s*,\s*"(items|folders|collections|passwordProtected)"'
)
_PROTON_LOCKED = re.compile(
    r'^\s*\{\s*"version"\s*:\s*1\s*,\s*"salt"\s*:\s*"[^"]*"\s*,\s*"content"\s*:'
)
ANDOTP_ROUNDS = range(1_000, 2_000_001)  # the header's PBKDF2 rounds: andOTP writes 140k-160k
ANDOTP_SMALLEST = 4 + 12 + 12 + 16 + 2  # rounds, salt, IV, tag and at least "[]"
_OTHER_MAGIC = (  # binary files people have that are not andOTP backups
    b"%PDF",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"PK\x03\x04",
    b"SQLite format 3",
    b"\x03\xd9\xa2\x9a",  # KeePass
    b"\xff\xfe",  # UTF-16 text
    b"\xfe\xff",
    b"\xac\xed",  # Java serialisation: FreeOTP
    b"AUTHENTICATORPRO",
    b"AuthenticatorPro",
    b"\x7fELF",
)


def aegis(name: str, text: str) -> float:
    """Aegis's top level (`version`, `header` and `db`), helped by its own file names."""
    shaped = _AEGIS_START.match(text) or (
        _AEGIS_SHAPE.search(text[:65536]) and '"version"' in text[:200]
    )
    content = 0.8 if shaped else 0.0
    named = any(fnmatch.fnmatch(name.lower(), pattern) for pattern in AEGIS_NAMES)
    return min(1.0, content + (0.2 if named else 0.0)) if content else 0.0


def andotp(name: str, text: str) -> float:
    """The array of entries starting with `secret`, or the encrypted backup's own name."""
    lowered = name.lower()
    content = _ANDOTP_SHAPE.match(text[:256]) is not None and '"label"' in text
    named = any(fnmatch.fnmatch(lowered, pattern) for pattern in ANDOTP_NAMES)
    if lowered.endswith(".json.aes"):
        return 0.9 if named else 0.6
    return min(1.0, (0.8 if content else 0.0) + (0.2 if named and content else 0.0))


def bitwarden_json(name: str, text: str) -> float:
    """Bitwarden's JSON top level (vault, organisation, Authenticator app, or locked)."""
    return 0.9 if _BITWARDEN.match(text[:512]) else 0.0


def proton_locked(name: str, text: str) -> float:
    """Proton Authenticator's password-protected export: version, salt and content."""
    return 0.9 if _PROTON_LOCKED.match(text[:512]) else 0.0


def andotp_bytes(name: str, head: bytes) -> bool:
    """andOTP's encrypted backup by content: binary starting with a round count andOTP
    could have written (its first byte is then 0, which no text file starts with), under
    any name. The old backups have no header, only random-looking bytes, so those need a
    name that says andOTP (`otp_accounts...`) or encrypted data (`.aes`, `.bin`)."""
    if len(head) < ANDOTP_SMALLEST - 16 or head.startswith(_OTHER_MAGIC):
        return False
    rounds = int.from_bytes(head[:4], "big")
    if len(head) >= ANDOTP_SMALLEST and head[:1] == b"\x00" and rounds in ANDOTP_ROUNDS:
        return True
    base = name.lower().rsplit("/", 1)[-1]
    if not (base.startswith("otp_accounts") or base.endswith((".aes", ".bin"))):
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start < len(head) - 4  # not text cut short mid-character: binary
    return False
