"""The scores `is_export` needs for every input (Aegis, andOTP), apart from their readers.

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
