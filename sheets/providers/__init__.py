"""The provider registry: one small module per provider, listed explicitly in ALL.

Each module defines PROVIDER, a `Provider` record of facts plus two pure functions:
`score(source) -> 0..1` (how much the *content* looks like this provider's file) and
`parse(source) -> Found`. Detection adds the file-name evidence (see sheets.detect).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, NamedTuple

from sheets.normalise import Shape, Source, regroup


class Kind(NamedTuple):
    """Facts about one kind of recovery material a provider issues."""

    kind: str  # backup-codes | recovery-key | recovery-phrase
    label: str  # what the provider calls it: "recovery codes"
    count: int | None  # how many it issues at once
    use: str  # where and how to use one: the login step and its URL
    regenerate: str  # where to get a new set
    one_time: bool = True  # each code works once (checkboxes make sense)
    alphabet: str = ""  # characters the codes use, for OCR and checks
    loose: bool = False  # the provider's form ignores spaces, dashes and case when typed


# Facts are NamedTuples (immutable, and cheap to define at every start); Found stays a
# dataclass so that its codes are kept out of repr().
@dataclass(frozen=True)
class Found:
    """What a parser read from one file (the registry adds the provider key)."""

    kind: str
    codes: tuple[str, ...] = field(repr=False)
    account: str | None = None
    issued: str | None = None
    used: tuple[str, ...] = field(default=(), repr=False)
    numbers: tuple[int, ...] | None = None
    notes: tuple[str, ...] = ()


class Provider(NamedTuple):
    """A recogniser: facts, file names, and the score and parse functions."""

    key: str
    name: str  # the display name printed on sheets and in `inspect`
    kinds: tuple[Kind, ...]
    score: Callable[[Source], float]
    parse: Callable[[Source], Found]
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


def code_list(shape: Shape, kind: str = "backup-codes"):
    """`score` and `parse` for a plain list of codes of one shape, nothing else in the file."""

    def score(source: Source) -> float:
        return shape.score(source.lines)

    def parse(source: Source) -> Found:
        return Found(kind, shape.parse(source.lines))

    return score, parse


def grouped_key(shape: Shape, sizes: tuple[int, ...], separator: str):
    """`score` and `parse` for one key typed in groups, given back in the provider's own
    grouping (Apple, Bitwarden, Microsoft)."""

    def score(source: Source) -> float:
        return shape.score(source.lines)

    def parse(source: Source) -> Found:
        keys = (regroup(key, sizes, separator) for key in shape.parse(source.lines))
        return Found("recovery-key", tuple(keys))

    return score, parse


def _load() -> tuple[Provider, ...]:
    from sheets.providers import (
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
    modules = (github, discord, google, login_gov, facebook, id_me, microsoft, gitlab, pypi,
               npm, bitwarden, proton, nextcloud, dropbox, x, apple, mastodon, tuta,
               wordpress_com, mozilla, onepassword, slack, generic)
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
