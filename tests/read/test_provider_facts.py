"""Every fact a sheet prints about a provider has a source (issue 23 item 5).

docs/providers.md ("What a sheet says about each provider, and where it comes from") holds,
for each provider and kind, the printed wording of every statement the sheet makes (how
many, used up, opens the account alone, typing, how to use, where to regenerate) and the
sources it rests on, each with the date it was checked. A provider module that prints
anything the table does not say, or a row without a dated source, fails here; so does a
sheet whose printed words are not the table's.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from conftest import ROOT, flat, page_texts

from sheets import api
from sheets.model import CodeSet
from sheets.read.providers import ALL, Kind

DOCS = (ROOT / "docs" / "providers.md").read_text("utf-8")
SECTION = DOCS.split("## What a sheet says about each provider, and where it comes from", 1)[-1]
BLOCK = re.compile(r"^#### `([a-z0-9-]+)` ([a-z-]+)\n(.*?)(?=^#### |\Z)", re.M | re.S)
SOURCE = re.compile(r"^- \[([a-h])\] (.+); checked (\d{4}-\d\d-\d\d)\b.*$", re.M)
ROW = re.compile(r"^\| ([a-z ]+) \| (.+) \| ((?:\[[a-h]\] ?)+) \|$", re.M)


def _table() -> dict[tuple[str, str], dict]:
    found = {}
    for key, kind, body in BLOCK.findall(SECTION):
        sources = {letter: (text, date) for letter, text, date in SOURCE.findall(body)}
        rows = {
            stmt: (printed, re.findall(r"\[([a-h])\]", refs))
            for stmt, printed, refs in ROW.findall(body)
        }
        found[(key, kind)] = {"sources": sources, "rows": rows}
    return found


TABLE = _table()
KINDS = [(p, k) for p in ALL for k in p.kinds]


def printed(kind: Kind) -> dict[str, str]:
    """Each statement as the sheet words it, from the provider module's facts."""
    return {
        "how many": "none stated" if kind.count is None else str(kind.count),
        "used up": "yes" if kind.one_time else "no",
        "opens the account": "with the password" if kind.needs_password else "alone",
        "typing": "case and separators ignored" if kind.loose else "as printed",
        "use": kind.use,
        "regenerate": kind.regenerate,
    }


@pytest.mark.parametrize(
    ("provider", "kind"), KINDS, ids=lambda x: getattr(x, "key", None) or x.kind
)
def test_every_printed_statement_is_in_the_table_with_a_dated_source(provider, kind) -> None:
    entry = TABLE.get((provider.key, kind.kind))
    assert entry, f"docs/providers.md has no facts block for {provider.key} {kind.kind}"
    rows, sources = entry["rows"], entry["sources"]
    for statement, wording in printed(kind).items():
        assert statement in rows, f"{provider.key} {kind.kind}: no row for {statement!r}"
        said, refs = rows[statement]
        assert said == wording, (
            f"{provider.key} {kind.kind} {statement}: the sheet says {wording!r}"
        )
        assert refs and all(ref in sources for ref in refs), f"{statement}: a source not listed"
    assert sources and all(date.fromisoformat(day) <= date.today() for _, day in sources.values())


def test_the_table_holds_no_provider_or_kind_that_is_gone() -> None:
    """A block for a provider or kind that no longer exists is a fact printed nowhere."""
    assert set(TABLE) == {(p.key, k.kind) for p, k in KINDS}


def test_the_table_parser_sees_a_changed_statement() -> None:
    """The check can fail: a fact changed in a module no longer matches its row."""
    provider, kind = next(
        (p, k) for p, k in KINDS if p.key == "login-gov" and k.kind == "recovery-key"
    )
    said, _ = TABLE[(provider.key, kind.kind)]["rows"]["use"]
    assert said == kind.use
    assert "also works as a sign-in method" not in said  # issue 23: Login.gov's old wording


def test_login_gov_personal_key_sheet_says_what_login_gov_says() -> None:
    """Issue 23: the personal key works once, and is no longer a way to sign in; the sheet
    says so (rendered, read back with pypdf), and says nothing of "not used up"."""
    codes = CodeSet(provider="login-gov", kind="recovery-key", codes=("D5MR-Q77A-V2QD-8X74",))
    (text,) = page_texts(api.render_pdf([api.make_sheet(codes, printed="2026-03-14")]))
    words = flat(text)
    assert "works once" in words and "not used up" not in words
    assert "no longer a way to sign in" in words
    assert "two_factor/personal_key" not in words


def test_a_1password_sheet_never_says_the_secret_key_alone_opens_the_account() -> None:
    """The Secret Key signs in only with the email and the account password."""
    key = "A3-2N4PUZ-UKNF2J-Y5KMN-KNWQQ-TPE6H-AE8SV"
    codes = CodeSet(provider="1password", kind="recovery-key", codes=(key,))
    (text,) = page_texts(api.render_pdf([api.make_sheet(codes, printed="2026-03-14")]))
    words = flat(text)
    assert "account password" in words and "it can unlock" not in words
    assert "with your password, it gets anyone into" in words
