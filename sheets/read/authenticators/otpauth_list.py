"""Lists of otpauth:// URIs, one a line: Aegis's URI export and hand-kept lists.

Aegis writes `aegis-export-uri-<date>.txt` with one `GoogleAuthInfo.getUri()` per line;
people keep the same in notes files, often with CRLF, blank lines and `#` comments. Every
other line must be a URI: a line that is not one stops the run with its number, so a
damaged account is never dropped in silence. URI rules are in sheets.read.authenticators.otpauth.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Iterator

from sheets.model import Vault
from sheets.read import textio
from sheets.read.authenticators import entry, otpauth

FORMAT = "otpauth"
NAME = "otpauth:// list"
NAMES = ("aegis-export-uri-*.txt",)
ZBAR = "QR-Code:"


def score(name: str, text: str) -> float:
    """Lines that start with otpauth://; Aegis's own file name helps."""
    lines = [unscanned(line.strip()) for line in text[:65536].splitlines() if line.strip()]
    uris = sum(line.lower().startswith(otpauth.SCHEMES) for line in lines)
    if not uris:
        return 0.0
    named = any(fnmatch.fnmatch(name.lower(), pattern) for pattern in NAMES)
    return min(1.0, 0.5 + 0.4 * uris / len(lines) + (0.1 if named else 0.0))


def parse(name: str, data: bytes, password: Callable[[], str] | None = None) -> Vault:
    """Every URI in the file's order; a line that is not one names its line number."""
    found = []
    for number, line in numbered(name, data):
        with entry.located(None, f"line {number}"):
            found.append(otpauth.parse(line))
    if not found:
        raise entry.problem("holds no otpauth:// URI")
    return Vault(FORMAT, tuple(found), name)


def numbered(name: str, data: bytes) -> Iterator[tuple[int, str]]:
    """(line number, stripped line) for every line that is not blank or a `#` comment;
    zbarimg's `QR-Code:` in front of a scanned code is dropped."""
    text = textio.decode(data, name)  # BOMs, UTF-16, CRLF: what editors do to a list
    for number, line in enumerate(text.split("\n"), 1):
        line = unscanned(line.strip())
        if line and not line.startswith("#"):
            yield number, line


def unscanned(line: str) -> str:
    """A line without the `QR-Code:` zbarimg prints before each code it decodes."""
    return line[len(ZBAR) :] if line[: len(ZBAR)].lower() == ZBAR.lower() else line
