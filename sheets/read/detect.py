"""Decide which provider wrote a file: content score plus file-name evidence.

Like Pygments' lexer guessing: every provider scores the text (0..1), an exact match of
the provider's own download name adds NAME_EXACT, a hint word in the name adds NAME_HINT.
The best wins if it clears THRESHOLD and leads the next by MARGIN. A near-tie is not
guessed: like a file nothing claims, it goes to the generic reader, which keeps the codes
exactly as written; the providers it also fits are named so `--provider` can settle it.

A name beats a shape: when the file's heading or its name names a service, the best
provider is chosen only if that name is its own; otherwise the codes are the named unknown
service's (`Contoso Credit Union` over Discord-shaped codes). Shape alone, with no name at
all, chooses a provider only from FIRM up.
"""

from __future__ import annotations

import re
from fnmatch import fnmatchcase
from typing import NamedTuple

from sheets.errors import SheetsError
from sheets.model import CodeSet
from sheets.read.normalise import Source, heading_parts, service_name
from sheets.read.providers import ALL, Provider, by_key, generic, keys

NAME_EXACT = 0.5
NAME_HINT = 0.25
THRESHOLD = 0.3
MARGIN = 0.15
FIRM = 0.45  # shape alone: every line holds the provider's codes (the usual count or not)
# Words a file name is made of that name no service (`notes.txt`, `new 1.txt`).
NO_NAME = frozenset(
    [
        "untitled",
        "new",
        "notes",
        "note",
        "document",
        "text",
        "file",
        "download",
        "downloads",
        "copy",
        "paste",
        "pasted",
        "input",
        "output",
        "sheet",
        "temp",
        "tmp",
        "important",
        "secret",
        "secrets",
        "saved",
        "old",
        "list",
        "phone",
        "laptop",
        "mksheet",
        "export",
        "desktop",
        "password",
        "passwords",
        "otp",
        "totp",
        "auth",
        "authenticator",
        "personal",
        "private",
        "work",
        "home",
        "family",
        "mine",
    ]
)


class Detection(NamedTuple):
    """The chosen provider, its total score, the known providers a generic reading also
    fits (a near-tie), best first, and the code set the chosen one read while detecting
    (None when it has not read the file yet, or refused it)."""

    provider: Provider
    score: float
    also: tuple[Provider, ...] = ()
    parsed: CodeSet | None = None


def name_score(provider: Provider, source: Source) -> float:
    """What the file name says: the provider's own download name, or a hint word in it."""
    stem = source.stem.lower()
    if any(_claims(pattern, stem, provider) for pattern in provider.filenames):
        return NAME_EXACT
    if any(word in stem for word in provider.name_words):
        return NAME_HINT
    return 0.0


def _claims(pattern: str, stem: str, provider: Provider) -> bool:
    """A glob match; one whose fixed part is only a suffix (`*-backup-codes.txt`, shared
    by WordPress.com and Nextcloud) yields to another provider's word in the name, so
    `dropbox-backup-codes.txt` is not taken for a WordPress.com download."""
    if not fnmatchcase(stem, pattern.lower()):
        return False
    return not pattern.startswith("*") or not any(
        word in stem for other in ALL if other is not provider for word in other.name_words
    )


def rank(source: Source) -> list[tuple[float, Provider]]:
    """Every non-fallback provider with its total score, best first."""
    scored = [(round(p.score(source) + name_score(p, source), 3), p) for p in ALL if not p.fallback]
    return sorted(scored, key=lambda pair: -pair[0])


def detect(source: Source, forced: str | None = None) -> Detection:
    """The provider for this file; `forced` (a key from --provider) always wins."""
    if forced:
        return Detection(_forced(forced), 1.0)
    ranked = rank(source)
    (best_score, best), (next_score, _) = ranked[:2]
    fallback = next(p for p in ALL if p.fallback)
    generic_score = round(fallback.score(source), 3)
    if best_score < THRESHOLD:
        return Detection(fallback, generic_score)
    if best_score - next_score < MARGIN:
        tied = tuple(p for score, p in ranked if best_score - score < MARGIN)
        return Detection(fallback, generic_score, tied)
    hinted = name_score(best, source) > 0
    parsed = _parsed(best, source)
    names = named(source, by_file=not hinted, codes=_codes(parsed))
    if any(not best.named_by(name) for name in names) or (
        not names and not hinted and best_score < FIRM
    ):
        return Detection(fallback, generic_score, (best,))
    return Detection(best, best_score, parsed=parsed)


def named(source: Source, by_file: bool = True, codes: frozenset[str] = frozenset()) -> list[str]:
    """The services the file's heading (and its name, `by_file`) name, if they name any; a
    first line that is one of `codes` (X's letters-only code) names nothing."""
    line = generic.heading(source)
    said = (
        []
        if line is None
        or _plain(line.text) in codes
        or any(p.owns(line.text, strict=False) for p in ALL)
        else [line]
    )
    heading = [name for line in said if (name := service_name(heading_parts(line.text)[0]))]
    from_file = file_service(source) if by_file else None
    return heading + ([from_file] if from_file else [])


def _parsed(provider: Provider, source: Source) -> CodeSet | None:
    """The provider's code set from the file; None if it refuses it."""
    try:
        return provider.parse(source)
    except SheetsError:
        return None


def _codes(parsed: CodeSet | None) -> frozenset[str]:
    """A code set's codes spelt plainly (none without one)."""
    return frozenset(map(_plain, parsed.codes)) if parsed else frozenset()


def _plain(text: str) -> str:
    return re.sub(r"[\s-]", "", text).casefold()


def file_service(source: Source) -> str | None:
    """A service the file's name alone names, one word once the usual ones are off:
    `coinbase_backup.txt` gives `coinbase`. Never from a provider's own download name (its
    other words are a user name or a date), nor from `notes.txt`."""
    stem = source.stem.lower()
    if any(fnmatchcase(stem, pattern.lower()) for p in ALL for pattern in p.filenames):
        return None
    base = source.stem.rsplit(".", 1)[0] if "." in source.stem[-6:] else source.stem
    spaced = re.sub(r"[-_.+\s]+", " ", base[:200])
    rest, _ = heading_parts(spaced)
    words = rest.split()
    if len(spaced.split()) > 3 or len(words) != 1:  # `backup_codes my personal key`: a note
        return None
    if not 3 <= len(words[0]) <= 30 or not words[0].isalpha():
        return None
    return None if words[0].lower() in NO_NAME else words[0]


def suggestion(also: tuple[Provider, ...]) -> str:
    """The one stderr line for a near-tie read generically: which `--provider` to add."""
    names = _listed([p.name for p in also], "or")
    options = _listed([f"--provider {p.key}" for p in also], "or")
    return (
        f"read as codes of a service mksheet does not know; if they are {names} codes, "
        f"add {options}"
    )


def _listed(words: list[str], joiner: str) -> str:
    """`a and b`, `a, b or c`: every provider in a near-tie, not just the first two."""
    *head, last = list(words)
    return f"{', '.join(head)} {joiner} {last}" if head else last


class UnknownProvider(SheetsError):
    """`--provider` names no provider: a usage error, like any mistyped option."""

    exit_code = 2


def _forced(key: str) -> Provider:
    """The provider a `--provider` key names, in any case (`GitHub` is `github`)."""
    try:
        return by_key(key.strip().lower())
    except KeyError:
        pass
    from difflib import get_close_matches

    close = get_close_matches(key.strip().lower(), keys(), n=1, cutoff=0.6)
    hint = f"did you mean {close[0]}?" if close else f"use one of: {', '.join(keys())}"
    shown = key if len(key) <= 40 else key[:40] + "…"
    raise UnknownProvider(
        None, f"--provider {shown!r} is not a provider mksheet knows", hint
    ) from None
