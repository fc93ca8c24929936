"""A code file read: decoded text, the provider that wrote it, and its codes checked.

`read_codes` is what every command calls for a downloaded code file (authenticator exports
are sheets.read.authenticators'). Detection is sheets.read.detect's; each provider's parse
accounts for the file's lines; here the count is checked against what the provider issues,
and a near-tie read generically must split the codes as the providers it fits would.
"""

from __future__ import annotations

import os
from dataclasses import replace

from sheets.errors import InputError
from sheets.model import CodeSet
from sheets.read.detect import detect, file_service, suggestion
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
        found = found_by.parsed or found_by.provider.parse(source)
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
    named = found.service or (file_service(source) if found_by.provider.fallback else None)
    codes = replace(
        found,
        account=account or found.account,
        source=name,
        service=service or named,
        confidence=min(1.0, found_by.score),
        notes=found.notes + printed_notes(found),
    )
    also = (suggestion(found_by.also),) if found_by.also else ()
    return replace(codes, warnings=also + count_warnings(codes))


def printed_notes(codes: CodeSet) -> tuple[str, ...]:
    """What the sheet prints as written besides the codes, in counts (never the text)."""
    said = []
    if codes.second is not None:
        said.append(
            f"a {codes.second.kind.replace('-', ' ')} beside the codes: printed in its own box"
        )
    if codes.code_notes:
        said.append(f"{len(codes.code_notes)} note(s) after codes: printed beside them")
    if codes.other_lines:
        rows = ", ".join(str(row) for row, _ in codes.other_lines)
        said.append(f"other text on line(s) {rows}: printed on the sheet as written")
    return tuple(said)


def what(codes: CodeSet) -> str:
    """What the provider calls the code set's kind: `recovery codes`, `personal key`."""
    return by_key(codes.provider).facts(codes.kind).label


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
