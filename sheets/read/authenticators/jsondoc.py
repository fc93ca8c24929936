"""JSON exports read defensively: strict UTF-8, bounded nesting, typed look-ups."""

from __future__ import annotations

import json

from sheets.read.authenticators.entry import damaged


def load(data: bytes) -> object:
    """The parsed document; truncation, bad encoding and absurd nesting are one problem."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise damaged("is not UTF-8 JSON (the file is damaged or not an export)") from None
    try:
        return json.loads(text)
    except RecursionError:
        raise damaged("nests JSON deeper than any export does (damaged or hostile)") from None
    except ValueError as exc:  # JSONDecodeError, and ints too long to convert
        where = f" at line {exc.lineno}" if isinstance(exc, json.JSONDecodeError) else ""
        raise damaged(f"is not complete JSON{where} (truncated or damaged)") from None


def obj(value: object, what: str) -> dict:
    """A JSON object, or a problem naming what was expected."""
    if not isinstance(value, dict):
        raise damaged(f"{what} is missing or not a JSON object")
    return value


def arr(value: object, what: str) -> list:
    """A JSON array, or a problem naming what was expected."""
    if not isinstance(value, list):
        raise damaged(f"{what} is missing or not a JSON array")
    return value
