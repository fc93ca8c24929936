"""Which paper size to use when the user does not say: the locale's territory, then
/etc/papersize, else A4."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping

# Territories that use US Letter (CLDR's paper-size data).
LETTER_TERRITORIES = {
    "US",
    "CA",
    "MX",
    "PH",
    "CL",
    "CO",
    "CR",
    "GT",
    "NI",
    "PA",
    "PR",
    "SV",
    "VE",
    "DO",
    "BZ",
}


def default_paper(
    environ: Mapping[str, str] | None = None, papersize_file: str = "/etc/papersize"
) -> str:
    """`letter` or `a4` for this machine."""
    environ = os.environ if environ is None else environ
    # POSIX precedence: the first non-empty of these is the locale (LC_ALL=C means no
    # territory at all, not "ask LANG").
    locale = next((environ[n] for n in ("LC_ALL", "LC_PAPER", "LANG") if environ.get(n)), "")
    territory = _territory(locale)
    if territory:
        return "letter" if territory in LETTER_TERRITORIES else "a4"
    return "letter" if _papersize(papersize_file) == "letter" else "a4"


def _papersize(path: str) -> str:
    """The size named in libpaper's file: its first line that is not a comment."""
    try:
        with open(path, encoding="ascii", errors="replace") as f:
            lines = [line.strip().lower() for line in f]
    except OSError:
        return ""
    return next((line for line in lines if line and not line.startswith("#")), "")


def _territory(value: str) -> str | None:
    match = re.match(r"^[a-z]{2,3}_([A-Z]{2})", value)
    return match.group(1) if match else None
