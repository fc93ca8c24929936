"""The library surface the CLI and the tests call: read, inspect, render."""

from __future__ import annotations

import os
from datetime import date, datetime, timezone

from sheets.errors import InputError
from sheets.model import CodeSet, Sheet, Vault
from sheets.read.codes import count_warnings, parse_text, read_codes
from sheets.read.inputs import is_export, read, read_vault
from sheets.read.providers import by_key, service_of
from sheets.term import MASK, mask

__all__ = [
    "MASK",
    "count_warnings",
    "describe",
    "describe_providers",
    "describe_vault",
    "destroyed",
    "history",
    "is_export",
    "make_sheet",
    "mask",
    "parse_text",
    "plan_page",
    "printed",
    "read",
    "read_codes",
    "read_vault",
    "render_pdf",
    "today",
]


def describe(codes: CodeSet) -> dict:
    """The stable `inspect --json` object (it holds the codes in clear); `name` is the
    service's display name (None for an unknown service that names itself nowhere). Every
    other line of the file is in it: `other_lines` (number and text as written),
    `code_notes` (a code's index in `codes`, as a string, and the note after it) and
    `second` (a key or phrase of another kind beside the codes)."""
    provider = by_key(codes.provider)
    return {
        "provider": codes.provider,
        "name": service_of(codes),
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
        "other_lines": [{"line": row, "text": text} for row, text in codes.other_lines],
        "code_notes": {str(index): note for index, note in codes.code_notes},
        "second": None
        if codes.second is None
        else {
            "kind": codes.second.kind,
            "label": provider.facts(codes.second.kind).label,
            "codes": list(codes.second.codes),
        },
    }


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


# -- the ledger ---------------------------------------------------------------------------------
def history(state_dir: str | None = None) -> list[dict]:
    """Every sheet the ledger records, as `history --json` objects."""
    from sheets import ledger
    from sheets.ledger import folder, store

    return ledger.history(store.load(folder.folder(state_dir)))


def printed(serial: str, copies: int, state_dir: str | None = None) -> dict:
    """Record paper copies of a sheet printed outside mksheet; its entry as a dict."""
    from sheets import ledger
    from sheets.ledger import folder

    return ledger.as_dict(ledger.printed(folder.folder(state_dir), serial, copies, today()))


def destroyed(serial: str, state_dir: str | None = None) -> tuple[dict, dict]:
    """Record that a sheet was shredded; its entry before and after, as dicts."""
    from sheets import ledger
    from sheets.ledger import folder

    before, after = ledger.destroyed(folder.folder(state_dir), serial, today())
    return ledger.as_dict(before), ledger.as_dict(after)
