"""The provider registry: one small module per provider, listed explicitly in ALL.

Each module defines PROVIDER, a `Provider` record of facts plus two pure functions:
`score(source) -> 0..1` (how much the *content* looks like this provider's file) and
`parse(source) -> CodeSet`, which accounts for every line and raises InputError (naming
line numbers, never a code) when a line looks like a code but is not one. Detection adds
the file-name evidence (see sheets.read.detect). What each module relies on, and where that
knowledge comes from, is written up in docs/providers.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from sheets.errors import InputError
from sheets.model import CodeSet, Secret
from sheets.read.lines import code_token, line_numbers, rule, secretish
from sheets.read.normalise import Line, Reading, Shape, Source, find_email, heading_parts

FIX_HINT = (
    "compare it with the website's page, correct or delete that line, and run "
    "mksheet again (if the website really shows it so, --provider generic prints "
    "it as written)"
)
GENERIC_HINT = (
    "correct that line from the website's page, with one code per line or a "
    "tab between codes, and run mksheet again"
)


OWN_LONGEST = 400  # characters in the longest line a provider's own file holds (Mozilla's)


@dataclass(frozen=True)
class Kind:
    """Facts about one kind of recovery material a provider issues; each printed one has
    its source in docs/providers.md ("What a sheet says")."""

    kind: str  # backup-codes | recovery-key | recovery-phrase
    label: str  # what the provider calls it: "recovery codes"
    count: int | None  # how many it issues at once
    use: str  # where and how to use one: the login step and its URL
    regenerate: str  # where to get a new set
    one_time: bool = True  # each code works once (checkboxes make sense)
    alphabet: str = ""  # characters the codes use, for OCR and checks
    loose: bool = False  # the provider's form ignores spaces, dashes and case when typed
    needs_password: bool = True  # it opens the account only with the password beside it


@dataclass(frozen=True)
class Provider:
    """A recogniser: facts, file names, the text its own file holds, and the score and
    parse functions."""

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
    # Lines its own download (or page) holds besides codes, matched whole against a line
    # without its bullet: a group named `account` or `date` is a value the sheet prints.
    own: tuple[re.Pattern[str], ...] = ()

    def facts(self, kind: str) -> Kind:
        """The facts for one kind this provider issues."""
        for entry in self.kinds:
            if entry.kind == kind:
                return entry
        return self.kinds[0]

    def owns(
        self, text: str, account: str | None = None, issued: str | None = None, strict=True
    ) -> bool:
        """Whether a line is text this provider's own file holds: one of `own`, whose
        account is the code set's and whose date was read (when `strict`), and which holds
        nothing else that could be a secret."""
        if len(text) > OWN_LONGEST:  # no provider writes such a line; and patterns stay linear
            return False
        for pattern in self.own:
            match = pattern.fullmatch(text)
            if not match or (strict and not _values_taken(match, account, issued)):
                continue
            outside = list(text)
            for group in ("account", "date"):
                if group in pattern.groupindex and match.group(group) is not None:
                    outside[match.start(group) : match.end(group)] = " "
            if not any(map(secretish, "".join(outside).split())):
                return True
        return False

    def named_by(self, name: str) -> bool:
        """Whether a name from a heading or a file name is this provider's own (`GitHub`,
        `github`, `Firefox` for the Mozilla account)."""
        said = name.casefold()
        return said in (self.key, self.name.casefold()) or any(
            word in said for word in (self.name.casefold(), *self.name_words)
        )


def _values_taken(match: re.Match[str], account: str | None, issued: str | None) -> bool:
    """A line's account is the code set's, and its date was read: else the line says
    something the sheet would not print, and it is printed as written instead."""
    said = match.groupdict()
    if said.get("account") is not None and (account or "").casefold() != said["account"].casefold():
        return False
    return said.get("date") is None or issued is not None


def settle(
    source: Source,
    key: str,
    kind: str,
    reading: Reading,
    second: tuple[str, Reading] | None = None,
    own_rows: tuple[int, ...] = (),
    keep_numbers: bool = False,
    **known,
) -> CodeSet:
    """The code set a reading gives, every other line of the file accounted for: InputError
    when a line looks like a code of this provider but is not one (a code too long, a
    letter from another script...), or when more other text than a sheet holds is left."""
    provider = by_key(key)
    facts = provider.facts(kind)
    taken = set(reading.rows) | set(second[1].rows if second else ()) | set(own_rows)
    _refuse_misfits(source, provider, facts, reading, taken)
    if facts.count == 1 and kind != "backup-codes" and len(reading.codes) > 1:
        raise InputError(
            source.name,
            f"holds {len(reading.codes)} {facts.label}s "
            f"({line_numbers(reading.rows)}) where {provider.name} issues one",
            "keep only the current one, or put each in its own file",
        )
    reading = reading.in_number_order()
    used = tuple(code for code, mark in zip(reading.codes, reading.marks) if mark)
    known.setdefault("numbers", reading.file_numbers(keep_numbers))
    heading = _heading(source, provider, taken, known.get("account"))
    if heading is not None:
        taken.add(heading.row)
        known["account"] = known.get("account") or find_email(heading.text)
    others = tuple(
        (line.row, line.raw)
        for line in source.lines
        if line.row not in taken
        and not rule(line.raw)
        and not provider.owns(line.text, known.get("account"), known.get("issued"))
    )
    notes = tuple((i, note) for i, note in enumerate(reading.notes) if note)
    _check_room(source, others, [(reading.rows[i], note) for i, note in notes])
    return CodeSet(
        provider=key,
        kind=kind,
        codes=reading.codes,
        used=used,
        other_lines=others,
        code_notes=notes,
        second=Secret(second[0], second[1].codes) if second else None,
        **known,
    )


def _refuse_misfits(
    source: Source, provider: Provider, facts: Kind, reading: Reading, taken: set[int]
) -> None:
    """Stop at a line that looks like one of this provider's codes but is not one. A line
    whose code-shaped words are mostly of characters the codes never hold (a user name
    over digits) is not a damaged code: it is printed as written."""
    misfits = tuple(
        row
        for row in reading.misfits
        if row not in taken and resembles(source.line(row).text, facts.alphabet)
    )
    if not misfits:
        return
    rows = line_numbers(misfits)
    verb = "looks" if len(misfits) == 1 else "look"
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
        f"{rows} {verb} like a code but not like {provider.name}'s {facts.label}",
        FIX_HINT,
    )


def resembles(text: str, alphabet: str) -> bool:
    """Whether a code-shaped word on the line could be a damaged code of this alphabet: at
    least half its letters and digits are ones the codes use (any, without an alphabet)."""
    if not alphabet:
        return True
    known = set(alphabet.casefold())
    for token in [*text.split(), text.replace(" ", "")]:
        chars = [c for c in token.casefold() if c.isalnum()]
        if code_token(token) and 2 * sum(c in known for c in chars) >= len(chars):
            return True
    return False


def _heading(
    source: Source, provider: Provider, taken: set[int], account: str | None
) -> Line | None:
    """The line before the first code when it says only what the sheet prints: the usual
    words of a heading, this provider's name, and the account's e-mail address
    (`GitHub recovery codes for jordan@example.com`)."""
    first = min(taken, default=0)
    line = next((line for line in source.lines if line.row not in taken), None)
    if line is None or line.row > first or line.looks:
        return None
    rest, email = heading_parts(line.text)
    if email and account and email.casefold() != account.casefold():
        return None
    if rest and not provider.named_by(rest):
        return None
    return None if any(map(secretish, line.text.replace(email or " ", " ").split())) else line


MOST_OTHER_LINES, MOST_OTHER_CHARS = 12, 1_000  # what a sheet prints as written, at most
LONGEST_WORD = 80  # characters a printed line holds at the smallest type: never cut a word


def _check_room(source: Source, others, notes) -> None:
    """Other text and notes must fit the sheet as written; else stop at the first line that
    does not fit (a sheet is never printed short)."""
    lines = chars = 0
    for row, text in sorted([*others, *notes]):
        lines, chars = lines + 1, chars + len(text)
        if lines > MOST_OTHER_LINES or chars > MOST_OTHER_CHARS:
            raise InputError(
                source.name,
                f"holds more text besides its codes than a sheet prints as written: line "
                f"{row} is past {MOST_OTHER_LINES} lines or {MOST_OTHER_CHARS:,} characters",
                "move the notes to a file of their own, or delete what is not a code or "
                "about the codes, and run mksheet again",
            )
        if any(len(word) > LONGEST_WORD for word in text.split()):
            raise InputError(
                source.name,
                f"line {row} holds a word of more than {LONGEST_WORD} characters, too long "
                "to print as written",
                "shorten that line or delete it, and run mksheet again",
            )


def one_kind(
    source: Source, readings: dict[str, Reading]
) -> tuple[str, Reading, tuple[str, Reading] | None]:
    """The kind of secret a file holds, and a second one beside it: one key or phrase of
    another kind (Login.gov's personal key below its backup codes), printed in its own
    block. InputError when the file holds more than that, since one sheet prints one set."""
    held = [(kind, reading) for kind, reading in readings.items() if reading.codes]
    if len(held) > 2 or (len(held) == 2 and len(held[1][1].codes) != 1):
        what = " and ".join(
            f"{kind.replace('-', ' ')} ({line_numbers(reading.rows)})" for kind, reading in held
        )
        raise InputError(
            source.name,
            f"holds more secrets than one sheet prints: {what}",
            "put each in its own file and run mksheet on each",
        )
    if not held:  # the reading with a damaged code, so that the refusal names its line
        kind, reading = next(
            ((k, r) for k, r in readings.items() if r.misfits), next(iter(readings.items()))
        )
        return kind, reading, None
    (kind, reading), second = held[0], held[1] if len(held) == 2 else None
    # A line another kind's reading finds damaged (`Personal key: D5MR-...-8X74in the safe`,
    # a note run onto the key below the codes) stops the run as the codes' own misfits do.
    others = {row for other, read in readings.items() if other != kind for row in read.misfits}
    if not others <= set(reading.misfits):
        reading = reading._replace(misfits=tuple(sorted({*reading.misfits, *others})))
    return kind, reading, second


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


def known_name(key: str) -> str | None:
    """A known provider's display name; None for the generic reader, or for a key no
    provider has (a ledger entry another version of mksheet wrote)."""
    provider = next((p for p in ALL if p.key == key), None)
    return None if provider is None or provider.fallback else provider.name


def service_of(codes: CodeSet) -> str | None:
    """The service a code set's sheet names: its provider's name, or an unknown website's
    own (None for one that names itself nowhere)."""
    return known_name(codes.provider) or codes.service


def keys() -> list[str]:
    """Every provider key, in registry order."""
    return [provider.key for provider in ALL]
