"""Which paper size to use when the user does not say: the locale's territory, then
/etc/papersize, else A4."""

from __future__ import annotations

import os
import re

# Territories that use US Letter (CLDR's paper-size data).
LETTER_TERRITORIES = {"US", "CA", "MX", "PH", "CL", "CO", "CR", "GT", "NI", "PA", "PR", "SV",
                      "VE", "DO", "BZ"}


def default_paper(environ: dict | None = None, papersize_file: str = "/etc/papersize") -> str:
    """`letter` or `a4` for this machine."""
    environ = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_PAPER", "LANG"):
        territory = _territory(environ.get(name, ""))
        if territory:
            return "letter" if territory in LETTER_TERRITORIES else "a4"
    try:
        with open(papersize_file, encoding="ascii", errors="replace") as f:
            named = f.read().strip().lower()
    except OSError:
        named = ""
    return "letter" if named == "letter" else "a4"


def _territory(value: str) -> str | None:
    match = re.match(r"^[a-z]{2,3}_([A-Z]{2})", value)
    return match.group(1) if match else None
