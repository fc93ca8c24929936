"""Text bound for a terminal, with every control character made visible.

A file name, an account line or a QR payload is untrusted: an ESC (CSI, OSC), a C1 control
(0x80-0x9F, which some terminals obey like ESC sequences), a carriage return or a line feed
could rewrite the screen, set the window title, or forge a second line of output. `clean`
replaces each such character by its escape (`\\x1b`, `\\u009b`), as Python's repr does, so
what reaches the terminal is only printable text. Bidirectional overrides are escaped too,
so a name cannot display in an order other than the one it has. --json output never
passes through here: JSON escapes controls by itself and must stay exact.
"""

from __future__ import annotations

import re

# C0, DEL and C1 controls, then the bidirectional marks, embeddings, overrides and isolates
UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean(text: str) -> str:
    """text with every control, ESC sequence starter and bidi override shown as an escape."""
    return UNSAFE.sub(_escape, text)


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x80 else f"\\u{code:04x}"


def width() -> int:
    """The terminal's width in columns ($COLUMNS first), or 0 when output is not a terminal:
    piped tables stay one line per row for scripts."""
    import shutil

    return shutil.get_terminal_size((0, 0)).columns


MASK = "\u2022" * 6  # the same for every code: says nothing of its length or letters


def mask(code: str) -> str:
    """A fixed placeholder per code, or per word of a recovery phrase (whose word count
    the provider states): never a letter of the code, nor its length."""
    words = code.split()
    if len(words) > 1 and all(word.isalpha() and word.islower() for word in words):
        return " ".join("\u2022" * 3 for _ in words)
    return MASK
