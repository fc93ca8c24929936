"""The largest style that fits, found by halving the chain of styles: right only because
fitting is monotone down the chain, which every sample and fixture is held to here, both
as a single sheet and as a binder page with its running head, on A4 and Letter."""

from __future__ import annotations

import dataclasses
import itertools
from functools import partial

import pytest
from conftest import FIXTURES, SAMPLES

from sheets import api
from sheets.errors import SheetsError
from sheets.render import compose, grid, layout, words
from sheets.render import style as styles
from sheets.render.frame import Frame, Overflow
from sheets.render.style import CHAIN, Style, largest_fitting

CODE_FILES = sorted([*SAMPLES.glob("*.txt"), *FIXTURES.glob("*/*.txt")])


@pytest.mark.parametrize("first", range(len(CHAIN) + 1))
def test_the_first_fitting_style_is_found_in_at_most_six_attempts(first):
    tried = []

    def attempt(style: Style) -> str | None:
        tried.append(style)
        return "plan" if CHAIN.index(style) >= first else None

    found = largest_fitting(CHAIN[0], attempt)
    assert found == (None if first == len(CHAIN) else ("plan", CHAIN[first]))
    assert len(tried) <= 6 and len(set(tried)) == len(tried)


@pytest.mark.parametrize("first", range(len(CHAIN) + 1))
def test_a_search_down_to_an_end_tries_the_end_second_and_goes_no_further(first):
    tried = []

    def attempt(style: Style) -> str | None:
        tried.append(style)
        return "plan" if CHAIN.index(style) >= first else None

    end = CHAIN[styles.STEPS]
    found = largest_fitting(CHAIN[0], attempt, end)
    assert found == (("plan", CHAIN[first]) if first <= styles.STEPS else None)
    assert len(tried) <= 7 and len(set(tried)) == len(tried)
    assert tried[1:2] == ([] if first == 0 else [end])
    assert all(CHAIN.index(style) <= styles.STEPS for style in tried)


def searched(first: int, guess: Style) -> tuple[tuple[str, Style] | None, list[Style]]:
    """largest_fitting's answer with a guess, when CHAIN[first] is the first that fits,
    and the styles it tried."""
    tried: list[Style] = []

    def attempt(style: Style) -> str | None:
        tried.append(style)
        return "plan" if CHAIN.index(style) >= first else None

    return largest_fitting(CHAIN[0], attempt, guess=guess), tried


@pytest.mark.parametrize("first", range(len(CHAIN) + 1))
def test_a_guess_is_tried_first_and_the_search_still_finds_the_first_that_fits(first):
    for guess in CHAIN:
        found, tried = searched(first, guess)
        assert found == (None if first == len(CHAIN) else ("plan", CHAIN[first]))
        assert tried[0] == guess and len(set(tried)) == len(tried) <= 8
        if guess.step == first:  # a right guess: it fits, and the style before it does not
            assert len(tried) == (1 if first == 0 else 2)


def test_every_style_of_the_chain_keeps_the_floors_and_each_only_shrinks():
    """Fitting is monotone because no size grows down the chain, the styles past TIGHT
    included; none of them goes under a floor, and past TIGHT nothing turns back."""
    for larger, smaller in itertools.pairwise(CHAIN):
        for name in styles.CLOSED:
            assert getattr(smaller, name) <= getattr(larger, name), (smaller.step, name)
        assert smaller.dense >= larger.dense and smaller.date_heads <= larger.date_heads
    for each in CHAIN:
        assert min(each.body, each.heading, each.subtitle) >= styles.MIN_BODY
        assert min(each.code, each.key) >= styles.MIN_CODE and each.small >= styles.SMALLEST
        assert each.module >= styles.MIN_MODULE and each.margin >= 7 * styles.MM
    assert [each.step for each in CHAIN] == list(range(len(CHAIN)))
    assert not any(each.dense for each in CHAIN[: styles.STEPS + 1])


def fits_at_each_style(sheet, paper: str, head: bool) -> list[bool]:
    """Whether the sheet's page fits at each style of the chain, tried one by one (in
    every way `fit` tries: past TIGHT the symbols may go up or low)."""
    measure, symbols = compose.measurer(), compose.symbols(sheet)
    prose = words.sheet_words(sheet)
    printed = grid.printed_rows(sheet.codes.numbered(), set(sheet.codes.used))
    fits = []
    for style in CHAIN:
        try:
            frame = partial(Frame, paper, measure, style, flowing=False)
            layout.lay_out(sheet, frame, symbols, prose, printed, head)
            fits.append(True)
        except Overflow:
            fits.append(False)
    return fits


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("binder", [False, True], ids=["alone", "binder-page"])
def test_fitting_is_monotone_and_fit_takes_the_largest_style_that_fits(paper, binder):
    checked = 0
    for path in CODE_FILES:
        try:
            codes = api.read_codes(str(path))
        except SheetsError:
            continue  # the fixtures that must be refused
        sheet = api.make_sheet(codes, owner="Sam Rivera", serial="NP-V2BV", printed="2026-12-02")
        if binder:
            sheet = dataclasses.replace(
                sheet, page_label="page 118 of 1012", replaces="NP-HVK4 printed 2026-03-14"
            )
        fits = fits_at_each_style(sheet, paper, head=binder)
        assert fits == sorted(fits), f"{path.name}: fits at a style but not at a smaller one"
        if any(fits) and not binder:
            _, style = layout.fit(sheet, paper, compose.measurer(), compose.symbols(sheet))
            assert style == CHAIN[fits.index(True)], path.name
        checked += 1
    assert checked >= 60  # every sample and the fixtures that read


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_fit_takes_the_symbols_and_style_that_symbols_then_layout_would(paper):
    """compose.fit and the binder's compose.chosen search each QR option once, down to
    TIGHT; they must land where choosing the symbols first, then the style, lands."""
    measure = compose.measurer()
    for path in CODE_FILES:
        try:
            sheet = api.make_sheet(api.read_codes(str(path)), owner="Sam Rivera")
            symbols = compose.symbols(sheet, measure)
            plan, style = layout.fit(sheet, paper, measure, symbols)
        except SheetsError:
            continue  # the fixtures that must be refused, or do not fit a page
        assert compose.fit(sheet, paper, measure) == (plan, style), path.name
        assert compose.chosen(sheet, paper, measure) == (symbols, style), path.name
