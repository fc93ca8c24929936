"""The provider registry: one small module per provider, listed explicitly in ALL.

Each module defines PROVIDER, a `Provider` record of facts plus two pure functions:
`score(source) -> 0..1` (how much the *content* looks like this provider's file) and
`parse(source) -> CodeSet`, which accounts for every line and raises InputError (naming
line numbers, never a code) when a line looks like a code but is not one. Detection adds
the file-name evidence (see sheets.read.detect). What each module relies on, and where that
knowledge comes from, is written up in docs/providers.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sheets.errors import InputError
from sheets.model import CodeSet
from sheets.read.normalise import Reading, Shape, Source

FIX_HINT = (
    "compare it with the website's page, correct or delete that line, and run "
    "mksheet again (if the website really shows it so, --provider generic prints "
    "it as written)"
)
GENERIC_HINT = (
    "correct that line from the website's page, with one code per line or a "
    "tab between codes, and run mksheet again"
)


@dataclass(frozen=True)
class Kind:
    """Facts about one kind of recovery material a provider issues."""

    kind: str  # backup-codes | recovery-key | recovery-phrase
    label: str  # what the provider calls it: "recovery codes"
    count: int | None  # how many it issues at once
    use: str  # where and how to use one: the login step and its URL
    regenerate: str  # where to get a new set
    one_time: bool = True  # each code works once (checkboxes make sense)
    alphabet: str = ""  # characters the codes use, for OCR and checks
    loose: bool = False  # the provider's form ignores spaces, dashes and case when typed


@dataclass(frozen=True)
class Provider:
    """A recogniser: facts, file names, and the score and parse functions."""

    key: str
    name: str  # the display name printed on sheets and in `inspect`
    kinds: tuple[Kind, ...]
    score: Callable[[Source], float]
    parse: Callable[[Source], CodeSet]
    filenames: tuple[str, ...] = ()  # the provider's own download names (fnmatch globs)
    name_words: tuple[str, ...] = ()  # words that hint at it in a renamed file's name
    confidence: str = "L"  # H, M or L: how sure we are of the real-world format
    fallback: bool = False
    prefix: str = ""  # two characters that start its sheets' serials: GH-7K3Q

    def facts(self, kind: str) -> Kind:
        """The facts for one kind this provider issues."""
        for entry in self.kinds:
            if entry.kind == kind:
                return entry
        return self.kinds[0]


def settle(source: Source, key: str, kind: str, reading: Reading, **known) -> CodeSet:
    """The code set a reading gives, or InputError when a line looks like a code of this
    provider but is not one (a code too long, a letter from another script...)."""
    provider = by_key(key)
    label = provider.facts(kind).label
    if reading.misfits:
        rows = _rows(reading.misfits)
        verb = "looks" if len(reading.misfits) == 1 else "look"
        if provider.fallback:
            raise InputError(
                source.name,
                f"{rows} {verb} like a code but mksheet cannot read "
                "it as one (a letter from another script, a symbol, or codes "
                "run together)",
                GENERIC_HINT,
            )
        raise InputError(
            source.name,
            f"{rows} {verb} like a code but not like {provider.name}'s {label}",
            FIX_HINT,
        )
    facts = provider.facts(kind)
    if facts.count == 1 and not facts.one_time and len(reading.codes) > 1:
        raise InputError(
            source.name,
            f"holds {len(reading.codes)} {label}s "
            f"({_rows(reading.rows)}) where {provider.name} issues one",
            "keep only the current one, or put each in its own file",
        )
    used = tuple(code for code, mark in zip(reading.codes, reading.marks) if mark)
    known.setdefault("numbers", reading.file_numbers())
    return CodeSet(provider=key, kind=kind, codes=reading.codes, used=used, **known)


def one_kind(source: Source, readings: dict[str, Reading]) -> tuple[str, Reading]:
    """The one kind of secret a file holds; InputError when it holds two (Login.gov codes
    with the personal key pasted below), since one sheet prints one set."""
    held = [(kind, reading) for kind, reading in readings.items() if reading.codes]
    if len(held) > 1:
        what = " and ".join(
            f"{kind.replace('-', ' ')} ({_rows(reading.rows)})" for kind, reading in held
        )
        raise InputError(
            source.name,
            f"holds two secrets: {what}",
            "put each in its own file and run mksheet on each",
        )
    return held[0] if held else next(iter(readings.items()))


def _rows(rows: tuple[int, ...]) -> str:
    """`line 7`, `lines 3 and 7`, `lines 1-10`: line numbers only, never content."""
    unique = sorted(set(rows))
    if len(unique) == 1:
        return f"line {unique[0]}"
    if unique == list(range(unique[0], unique[-1] + 1)):
        return f"lines {unique[0]}-{unique[-1]}"
    shown = ", ".join(map(str, unique[:-1][:8])) + (", ..." if len(unique) > 9 else "")
    return f"lines {shown} and {unique[-1]}"


def code_list(key: str, shape: Shape, kind: str = "backup-codes"):
    """`score` and `parse` for a list of codes of one shape; other lines may be prose."""

    def score(source: Source) -> float:
        return shape.score(source)

    def parse(source: Source) -> CodeSet:
        return settle(source, key, kind, source.reading(shape))

    return score, parse


def grouped_key(key: str, shape: Shape):
    """`score` and `parse` for one key typed in groups, given back in the provider's own
    grouping (Apple, Bitwarden, Microsoft)."""
    return code_list(key, shape, "recovery-key")


def _load() -> tuple[Provider, ...]:
    from sheets.read.providers import (
        apple,
        bitwarden,
        discord,
        dropbox,
        facebook,
        generic,
        github,
        gitlab,
        google,
        id_me,
        login_gov,
        mastodon,
        microsoft,
        mozilla,
        nextcloud,
        npm,
        onepassword,
        proton,
        pypi,
        slack,
        tuta,
        wordpress_com,
        x,
    )

    # Order matters only for display; generic goes last as the fallback.
    modules = (
        github,
        discord,
        google,
        login_gov,
        facebook,
        id_me,
        microsoft,
        gitlab,
        pypi,
        npm,
        bitwarden,
        proton,
        nextcloud,
        dropbox,
        x,
        apple,
        mastodon,
        tuta,
        wordpress_com,
        mozilla,
        onepassword,
        slack,
        generic,
    )
    return tuple(module.PROVIDER for module in modules)


ALL: tuple[Provider, ...] = _load()


def by_key(key: str) -> Provider:
    """The provider with this key; KeyError if there is none."""
    for provider in ALL:
        if provider.key == key:
            return provider
    raise KeyError(key)


def keys() -> list[str]:
    """Every provider key, in registry order."""
    return [provider.key for provider in ALL]
