"""The library surface the CLI and the tests call: read, inspect, render."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date, datetime, timezone

from sheets.errors import InputError
from sheets.model import CodeSet, Sheet, Vault
from sheets.read.detect import detect, suggestion
from sheets.read.normalise import Source
from sheets.read.providers import by_key
from sheets.read.textio import read_text

MAX_LINES = 5_000  # a code download has tens of lines; reading more only costs time
NO_CODES_HINT = "check it is the file the website gave you, or name the provider with --provider"


def read_codes(
    path: str, provider: str | None = None, account: str | None = None, service: str | None = None
) -> CodeSet:
    """Read one downloaded file and return its code set (InputError if it holds none)."""
    text = read_text(path)
    return parse_text(
        text, os.path.basename(path) or path, provider, account, label=path, service=service
    )


def parse_text(
    text: str,
    name: str,
    provider: str | None = None,
    account: str | None = None,
    label: str | None = None,
    service: str | None = None,
) -> CodeSet:
    """Detect the provider of decoded text and parse it into a CodeSet; `service` names a
    service no provider module knows (and reads the file generically)."""
    lines = text.count("\n") + 1
    if lines > MAX_LINES:
        raise InputError(
            label or name,
            f"has {lines:,} lines, far more than any code download",
            "pick the file the website gave you, or copy the codes into a file of their own",
        )
    source = Source(name, text)
    found_by = detect(source, provider or ("generic" if service else None))
    try:
        found = found_by.provider.parse(source)
    except InputError as error:  # the provider names the base name; the user gave a path
        hint = error.hint
        if found_by.also:  # a near-tie read generically: the right provider may read it
            hint = f"{_options(found_by.also)} if it is one of those; otherwise {hint}"
        raise InputError(label or name, error.problem, hint) from None
    if not found.codes:
        facts = found_by.provider.facts(found.kind)
        what = "codes" if found_by.provider.fallback else f"{found_by.provider.name} {facts.label}"
        raise InputError(
            label or name,
            f"holds no {what} that mksheet can read ({len(source.lines)} non-blank lines checked)",
            NO_CODES_HINT,
        )
    if found_by.also:
        _check_split(source, found, found_by.also, label or name)
    codes = replace(
        found,
        account=account or found.account,
        source=name,
        service=service or found.service,
        confidence=min(1.0, found_by.score),
    )
    also = (suggestion(found_by.also),) if found_by.also else ()
    return replace(codes, warnings=also + count_warnings(codes))


def _check_split(source: Source, found: CodeSet, also, label: str) -> None:
    """A near-tie read generically must split the codes as the providers it fits would:
    `1234 5678 9012 3456` is two Facebook codes but one code in groups to the generic
    reader, so when they disagree the run stops rather than guess."""
    counts = set()
    for provider in also:
        try:
            counts.add(len(provider.parse(source).codes))
        except InputError:
            continue
    if counts and counts != {len(found.codes)}:
        raise InputError(
            label,
            f"reads as {len(found.codes)} code(s) or as "
            f"{' or '.join(map(str, sorted(counts)))}, depending on the website",
            f"{_options(also)}, or put one code per line",
        )


def _options(providers) -> str:
    return "add " + " or ".join(f"--provider {p.key}" for p in providers)


def count_warnings(codes: CodeSet) -> tuple[str, ...]:
    """A warning when the count differs from what the provider issues."""
    provider = by_key(codes.provider)
    expected = provider.facts(codes.kind).count
    if expected is None or len(codes.codes) == expected:
        return ()
    label = provider.facts(codes.kind).label
    return (
        f"found {len(codes.codes)} {label} where {provider.name} issues {expected}: "
        "check the file is complete",
    )


def describe(codes: CodeSet) -> dict:
    """The stable `inspect --json` object (it holds the codes in clear); `name` is the
    service's display name (None for an unknown service that names itself nowhere)."""
    provider = by_key(codes.provider)
    return {
        "provider": codes.provider,
        "name": codes.service if provider.fallback else provider.name,
        "kind": codes.kind,
        "label": provider.facts(codes.kind).label,
        "account": codes.account,
        "issued": codes.issued,
        "count": len(codes.codes),
        "codes": list(codes.codes),
        "used": list(codes.used),
        "numbers": list(codes.numbers) if codes.numbers is not None else None,
        "notes": list(codes.notes),
        "warnings": list(codes.warnings),
        "confidence": round(codes.confidence, 2),
        "file": codes.source,
    }


MASK = "\u2022" * 6  # the same for every code: says nothing of its length or letters


def describe_providers() -> list[dict]:
    """The stable `providers --json` objects, one per provider in registry order."""
    from sheets.read.providers import ALL

    return [
        {
            "key": p.key,
            "name": p.name,
            "kinds": [k.kind for k in p.kinds],
            "files": list(p.filenames),
            "confidence": p.confidence,
        }
        for p in ALL
    ]


def is_export(path: str) -> bool:
    """Whether `path` is an authenticator export rather than a code download (cheap sniff)."""
    from sheets.read.authenticators import is_export_file

    return is_export_file(path)


def read_vault(path: str, password_file: str | None = None, warn=None) -> Vault:
    """Read one authenticator export; its password comes from password_file or the terminal,
    and is asked for only when the file is encrypted."""
    from sheets.read import authenticators

    return authenticators.read_vault(
        path, authenticators.password_from(password_file, warn, os.path.basename(path))
    )


def describe_vault(vault: Vault) -> dict:
    """The stable `inspect --json` object of an export (it holds the secrets in clear)."""
    return {
        "provider": vault.format,
        "kind": "authenticator",
        "entries": [entry.as_json() for entry in vault.entries],
        "count": len(vault.entries),
        "encrypted": vault.encrypted,
        "warnings": list(vault.warnings),
        "file": vault.source,
    }


def mask(code: str) -> str:
    """A fixed placeholder per code, or per word of a recovery phrase (whose word count
    the provider states): never a letter of the code, nor its length."""
    words = code.split()
    if len(words) > 1 and all(word.isalpha() and word.islower() for word in words):
        return " ".join("\u2022" * 3 for _ in words)
    return MASK


def today() -> str:
    """The print date: SOURCE_DATE_EPOCH when set (reproducible builds), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return date.today().isoformat()
    try:  # malformed is an error (the spec says so; reportlab, reading it too, would raise)
        if not (epoch.isascii() and epoch.isdigit()):
            raise ValueError
        return datetime.fromtimestamp(int(epoch), timezone.utc).date().isoformat()
    except (OverflowError, OSError, ValueError):  # not a count, past year 9999, or the C clock
        raise InputError(
            "SOURCE_DATE_EPOCH",
            f"is not a date mksheet can print ({epoch[:20]})",
            "unset it, or give seconds since 1970",
        ) from None


def make_sheet(
    codes: CodeSet,
    *,
    owner: str | None = None,
    printed: str | None = None,
    serial: str | None = None,
    copy: int = 1,
    replaces: str | None = None,
) -> Sheet:
    """A Sheet record ready for rendering."""
    return Sheet(
        codes=codes,
        printed=printed or today(),
        owner=owner,
        serial=serial,
        copy=copy,
        replaces=replaces,
    )


def plan_page(sheet: Sheet, paper: str = "a4"):
    """One sheet laid out on its page, as a PagePlan of typed items."""
    from sheets.render import compose

    return compose.page(sheet, paper, compose.measurer())


def render_pdf(sheets: list[Sheet], paper: str = "a4") -> bytes:
    """The PDF bytes of one page per sheet (imports reportlab only when called)."""
    from sheets.render import draw

    return draw.render_plans([plan_page(sheet, paper) for sheet in sheets], paper)
