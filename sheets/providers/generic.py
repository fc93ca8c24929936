"""Fallback for layouts no provider claims: any plain list of code-shaped lines.

It keeps every line that looks like a code (letters and digits, at least one digit, 6 to 64
characters, optionally grouped by dashes or single spaces) and says in notes what it guessed.
"""

import re

from sheets.normalise import Source
from sheets.providers import Found, Kind, Provider

_CODE = re.compile(r"[A-Za-z0-9]{2,64}(?:[- ][A-Za-z0-9]{2,16}){0,15}")
_WORDS = re.compile(r"[a-z]+(?: [a-z]+){11,23}")  # a recovery phrase: 12-24 lower-case words


def _looks_like_code(text: str) -> bool:
    plain = re.sub(r"[- ]", "", text)
    has_digit = any(char.isdigit() for char in plain)
    return bool(_CODE.fullmatch(text)) and has_digit and 6 <= len(plain) <= 64


def score(source: Source) -> float:
    """A low constant for anything with code-shaped lines, so real providers win."""
    return 0.15 if any(_looks_like_code(line.text) for line in source.lines) else 0.0


def parse(source: Source) -> Found:
    """Every code-shaped line, or one phrase of 12-24 words; notes say what was guessed."""
    codes = [line.text for line in source.lines if _looks_like_code(line.text)]
    skipped = len(source.lines) - len(codes)
    if not codes:
        phrases = [line.text for line in source.lines if _WORDS.fullmatch(line.text)]
        if len(phrases) == 1:
            return Found("recovery-phrase", tuple(phrases), notes=(
                "provider not recognised: read one line of words as a recovery phrase",))
        return Found("backup-codes", ())
    kind = "backup-codes" if len(codes) > 1 else "recovery-key"
    notes = [f"provider not recognised: read {len(codes)} line(s) that look like codes"]
    if skipped:
        notes.append(f"skipped {skipped} line(s) of other text")
    numbered = [line.number for line in source.lines if _looks_like_code(line.text)]
    numbers = tuple(numbered) if all(n is not None for n in numbered) else None
    return Found(kind, tuple(codes), numbers=numbers, notes=tuple(notes))


PROVIDER = Provider(
    key="generic",
    prefix="GN",
    name="Unrecognised provider",
    kinds=(
        Kind("backup-codes", "backup codes", None,
             use="Sign in to the website; at the two-factor step look for \"use a backup "
                 "code\", \"recovery code\" or \"try another way\".",
             regenerate="the website's security or two-factor settings page."),
        Kind("recovery-key", "recovery key", 1,
             use="the website's account recovery page.",
             regenerate="the website's security settings page.", one_time=False),
        Kind("recovery-phrase", "recovery phrase", 1,
             use="the website's account recovery page.",
             regenerate="the website's security settings page.", one_time=False),
    ),
    score=score,
    parse=parse,
    confidence="L",
    fallback=True,
)
