"""Every sample renders to one page whose text and QR code give back every code.

The checks read the PDF with pypdf (text), pdfium (pixels) and zxing-cpp (QR), never with
the code that drew it.
"""

from __future__ import annotations

import io

import pypdf
import pytest
from conftest import (
    SAMPLES,
    count_printed,
    fixture_cases,
    flat,
    page_texts,
    payload_codes,
    qr_payloads,
    raster,
)

from sheets import api
from sheets.render.style import MIN_MODULE, Style

# Only the downloads: the README's first command leaves a rendered PDF beside its sample.
SAMPLE_FILES = sorted(SAMPLES.glob("*.txt"))
CASES = fixture_cases()


def render(path, paper="a4", **sheet_args) -> tuple[api.CodeSet, bytes]:
    codes = api.read_codes(str(path))
    return codes, api.render_pdf([api.make_sheet(codes, **sheet_args)], paper)


def printed_once(code: str, folded: str, kind: str) -> bool:
    """A code printed once (maybe in groups); a phrase as each of its words, numbered."""
    if kind == "recovery-phrase":
        return all(folded.count(f"{n}. {word} ") == 1 for n, word in enumerate(code.split(), 1))
    return count_printed(code, folded) == 1


def test_there_is_a_sample_per_provider():
    """Every provider's sheet is looked at: each has a sample in samples/ that it claims."""
    from sheets.read.providers import ALL

    claimed = {api.read_codes(str(path)).provider for path in SAMPLE_FILES}
    missing = {p.key for p in ALL if not p.fallback} - claimed
    assert not missing, f"no sample in samples/ for {sorted(missing)}"


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_sample_sheet_text_and_qr_hold_every_code(path):
    codes, pdf = render(path, owner="Jordan Rivera")
    (text,) = page_texts(pdf)  # exactly one page
    folded = flat(text)
    for code in codes.codes:  # long codes are printed in groups: spaces may be added
        assert printed_once(code, folded, codes.kind), (
            f"code #{codes.codes.index(code) + 1} not printed once"
        )
    payloads = qr_payloads(raster(pdf, dpi=150))  # one symbol, or every part of a split
    assert payload_codes(*payloads) == list(codes.codes)
    assert "Jordan Rivera" in folded


@pytest.mark.parametrize("path,expected", CASES, ids=lambda c: getattr(c, "name", ""))
def test_every_fixture_renders_and_reads_back(path, expected):
    codes, pdf = render(path)
    folded = flat(page_texts(pdf)[0])
    assert all(printed_once(code, folded, codes.kind) for code in expected["codes"])
    assert payload_codes(*qr_payloads(raster(pdf, dpi=150))) == expected["codes"]


@pytest.mark.parametrize("paper,size", [("a4", (595.3, 841.9)), ("letter", (612.0, 792.0))])
def test_paper_sets_the_media_box(paper, size):
    _, pdf = render(SAMPLE_FILES[0], paper)
    box = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert (round(float(box.width), 1), round(float(box.height), 1)) == size


def test_fonts_are_the_bundled_ones_and_embedded():
    _, pdf = render(SAMPLES / "github-recovery-codes.txt")
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    fonts = page["/Resources"]["/Font"]
    names = set()
    for ref in fonts.values():
        font = ref.get_object()
        descriptor = (
            font.get("/FontDescriptor")
            or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        )
        assert "/FontFile2" in descriptor.get_object(), f"{font['/BaseFont']} is not embedded"
        names.add(str(font["/BaseFont"]).split("+")[-1])
    assert {"IBMPlexMono-Regular", "AtkinsonHyperlegible-Regular"} <= names
    assert not any("Courier" in n or "Helvetica" in n for n in names)


def test_codes_are_drawn_large_and_qr_wide_enough():
    codes = api.read_codes(str(SAMPLES / "github-recovery-codes.txt"))
    plan = api.plan_page(api.make_sheet(codes), "a4")
    code_sizes = [i.size for i in plan.items if getattr(i, "font", "") == "code"]
    assert len(code_sizes) == len(codes.codes) and min(code_sizes) >= Style.MIN_CODE
    symbols = [i for i in plan.items if type(i).__name__ == "QR"]
    assert symbols and min(qr.size / len(qr.modules) for qr in symbols) >= MIN_MODULE


def test_pdf_is_small_and_metadata_holds_no_code():
    codes, pdf = render(SAMPLES / "github-recovery-codes.txt")
    assert len(pdf) < 80_000
    meta = pypdf.PdfReader(io.BytesIO(pdf)).metadata
    blob = " ".join(str(v) for v in meta.values())
    assert "mksheet" in blob and "GitHub" in blob
    assert not any(code in blob for code in codes.codes)


def test_same_clock_same_bytes(fixed_clock):
    _, first = render(SAMPLES / "github-recovery-codes.txt")
    _, second = render(SAMPLES / "github-recovery-codes.txt")
    assert first == second
    assert fixed_clock in flat(page_texts(first)[0])


def test_used_codes_are_printed_ticked():
    codes = api.read_codes(str(SAMPLES / "discord_backup_codes-with-used-codes.txt"))
    plan = api.plan_page(api.make_sheet(codes), "a4")
    ticks = [i for i in plan.items if type(i).__name__ == "Tick"]
    assert len(ticks) == len(codes.used) == 2
    assert (
        flat(page_texts(api.render_pdf([api.make_sheet(codes)]))[0]).count("used before printing")
        == 2
    )
