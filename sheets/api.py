"""The library surface the CLI and the tests call: read, inspect, render."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date, datetime, timezone

from sheets.detect import detect
from sheets.errors import InputError
from sheets.model import CodeSet, Sheet
from sheets.normalise import Source
from sheets.providers import by_key
from sheets.textio import read_text

NO_CODES_HINT = "check it is the file the website gave you, or name the provider with --provider"


def read_codes(path: str, provider: str | None = None, account: str | None = None) -> CodeSet:
    """Read one downloaded file and return its code set (InputError if it holds none)."""
    text = read_text(path)
    return parse_text(text, os.path.basename(path) or path, provider, account, label=path)


def parse_text(text: str, name: str, provider: str | None = None,
               account: str | None = None, label: str | None = None) -> CodeSet:
    """Detect the provider of decoded text and parse it into a CodeSet."""
    source = Source(name, text)
    found_by = detect(source, provider)
    found = found_by.provider.parse(source)
    facts = found_by.provider.facts(found.kind)
    if not found.codes:
        what = "codes" if found_by.provider.fallback else f"{found_by.provider.name} {facts.label}"
        raise InputError(label or name, f"holds no {what} that mksheet can read "
                         f"({len(source.lines)} non-blank lines checked)", NO_CODES_HINT)
    codes = CodeSet(
        provider=found_by.provider.key, kind=found.kind, codes=found.codes,
        account=account or found.account, issued=found.issued, used=found.used,
        numbers=found.numbers, notes=found.notes, source=name,
        confidence=min(1.0, found_by.score))
    return replace(codes, warnings=count_warnings(codes))


def count_warnings(codes: CodeSet) -> tuple[str, ...]:
    """A warning when the count differs from what the provider issues."""
    provider = by_key(codes.provider)
    expected = provider.facts(codes.kind).count
    if expected is None or len(codes.codes) == expected:
        return ()
    label = provider.facts(codes.kind).label
    return (f"found {len(codes.codes)} {label} where {provider.name} issues {expected}: "
            "check the file is complete",)


def describe(codes: CodeSet) -> dict:
    """The stable `inspect --json` object (it holds the codes in clear)."""
    provider = by_key(codes.provider)
    return {
        "provider": codes.provider,
        "name": provider.name,
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


def mask(code: str) -> str:
    """A code with all but its first two characters hidden, keeping its separators."""
    return "".join(c if i < 2 or not c.isalnum() else "•" for i, c in enumerate(code))


def today() -> str:
    """The print date: SOURCE_DATE_EPOCH when set (reproducible builds), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        try:
            return datetime.fromtimestamp(int(epoch), timezone.utc).date().isoformat()
        except (OverflowError, OSError, ValueError):  # past year 9999, or beyond the C clock
            raise InputError("SOURCE_DATE_EPOCH", f"is not a date mksheet can print ({epoch[:20]})",
                             "unset it, or give seconds since 1970") from None
    return date.today().isoformat()


def make_sheet(codes: CodeSet, *, owner: str | None = None, printed: str | None = None,
               serial: str | None = None, copy: int = 1, replaces: str | None = None) -> Sheet:
    """A Sheet record ready for rendering."""
    return Sheet(codes=codes, printed=printed or today(), owner=owner, serial=serial,
                 copy=copy, replaces=replaces)


def plan_page(sheet: Sheet, paper: str = "a4"):
    """One sheet laid out on its page, as a PagePlan of typed items."""
    from sheets.render import compose

    return compose.page(sheet, paper, compose.measurer())


def render_pdf(sheets: list[Sheet], paper: str = "a4") -> bytes:
    """The PDF bytes of one page per sheet (imports reportlab only when called)."""
    from sheets.render import draw

    return draw.render_plans([plan_page(sheet, paper) for sheet in sheets], paper)
