"""Tables for a terminal: aligned columns that fit its width and never lose a word."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sheets import api
from sheets.cli import report

ROWS = api.describe_providers()
SHEET = {
    "serial": "GH-GY5Z",
    "status": "superseded",
    "provider": "github",
    "name": "GitHub",
    "account": "a-very-long-account-name@example-mail-provider.com",
    "owner": "Jordan",
    "printed": "2026-12-02",
    "copies": 2,
    "replaced_by": "GH-MRDA",
}


@pytest.mark.parametrize("width", [80, 100])
def test_providers_fit_the_terminal_and_keep_every_word(width):
    lines = report.providers(ROWS, width)
    assert max(map(len, lines)) <= width
    words = {word.rstrip(",") for word in " ".join(lines).split()}
    for row in ROWS:
        for word in " ".join(row["files"]).split():
            assert word in words, f"{word} was split or lost at {width} columns"


def test_a_narrow_terminal_splits_long_words_rather_than_overflow():
    assert max(map(len, report.providers(ROWS, 60))) <= 60


def test_piped_tables_keep_one_line_per_row():
    assert len(report.providers(ROWS)) == len(ROWS) + 1
    assert len(report.history([SHEET] * 3)) == 4


def test_history_columns_stay_aligned_with_a_long_account():
    lines = report.history([SHEET, {**SHEET, "account": None, "serial": "DC-NTMN"}], 80)
    header = lines[0]
    for line in lines[1:]:
        for column in ("STATUS", "SERVICE", "OWNER", "PRINTED"):
            start = header.index(column)
            assert line[start - 2 : start] in ("  ", "") or line[start - 2 : start].isspace()


@given(
    st.lists(
        st.lists(
            st.text(st.characters(codec="ascii", categories=["L", "N", "P"]), max_size=40),
            min_size=3,
            max_size=3,
        ),
        max_size=5,
    ),
    st.integers(30, 120),
)
def test_wrapping_keeps_every_character(rows, width):
    lines = report.columns(("A", "B", "C"), rows, width)
    printed = Counter("".join(lines).replace(" ", ""))
    assert printed == Counter("ABC" + "".join("".join(row) for row in rows).replace(" ", ""))
