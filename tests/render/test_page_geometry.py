"""The page as printed, measured from the PDF's own glyph boxes (pdfium), not from the layout.

For every sample and for hostile lengths (a 72-character e-mail, a 60-character owner):
every glyph sits inside the centred 210 x 279 mm box, no glyph overlaps a glyph of another
line, none sits in a QR code's quiet zone (located by zxing-cpp on pdfium's pixels), and no
code is printed as a run of more than 6 characters. What cannot fit ends in LayoutError.
"""

from __future__ import annotations

import ctypes
import dataclasses
import re

import pypdfium2
import pytest
import zxingcpp
from conftest import SAMPLES, crowded, printed, raster

from sheets import api
from sheets.errors import LayoutError
from sheets.model import CodeSet

MM = 72 / 25.4
PAPERS = {"a4": (210 * MM, 297 * MM), "letter": (612.0, 792.0)}
SAMPLE_FILES = sorted(SAMPLES.glob("*.txt"))
EMAIL = "jordan.alexandra.rivera-montgomery.household-archive@example-family.org"
OWNER = "Jordan Alexandra Rivera-Montgomery, for the household archive"
DPI = 150


def glyphs(pdf: bytes) -> tuple[str, list[tuple[int, str, tuple, tuple]]]:
    """The page's text and (index, char, box, origin) of every visible glyph."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        text_page = document[0].get_textpage()
        count = text_page.count_chars()
        text = text_page.get_text_range(0, count)
        found = []
        for index in range(count):
            char = text_page.get_text_range(index, 1)
            if char.strip():
                box = text_page.get_charbox(index)
                found.append((index, char, box, _origin(text_page, index)))
        return text, found
    finally:
        document.close()


def _origin(text_page, index: int) -> tuple[float, float]:
    x, y = ctypes.c_double(), ctypes.c_double()
    pypdfium2.raw.FPDFText_GetCharOrigin(text_page.raw, index, ctypes.byref(x), ctypes.byref(y))
    return x.value, y.value


def quiet_zones(pdf: bytes, height: float) -> list[tuple[float, float, float, float]]:
    """(left, bottom, right, top) in points of each QR symbol with its 4-module quiet zone."""
    zones = []
    for result in zxingcpp.read_barcodes(raster(pdf, DPI), formats=zxingcpp.BarcodeFormat.QRCode):
        modules = 17 + 4 * int(result.extra["Version"])
        p = result.position
        xs = [c.x * 72 / DPI for c in (p.top_left, p.top_right, p.bottom_right, p.bottom_left)]
        ys = [
            height - c.y * 72 / DPI
            for c in (p.top_left, p.top_right, p.bottom_right, p.bottom_left)
        ]
        module = (max(xs) - min(xs)) / modules  # zxing's corners are the symbol's own
        margin = 4 * module
        zones.append((min(xs) - margin, min(ys) - margin, max(xs) + margin, max(ys) + margin))
    return zones


def overlap(a, b, slack: float = 0.3) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > slack and min(a[3], b[3]) - max(a[1], b[1]) > slack


def check_page(pdf: bytes, paper: str, codes: CodeSet) -> None:
    """Every assertion of the module docstring, on the first page of pdf."""
    width, height = PAPERS[paper]
    text, found = glyphs(pdf)
    left, bottom = (width - 210 * MM) / 2, (height - 279 * MM) / 2
    for _, char, box, _ in found:
        assert box[0] >= left - 0.5 and box[2] <= width - left + 0.5, f"{char!r} off the side"
        assert box[1] >= bottom - 0.5 and box[3] <= height - bottom + 0.5, f"{char!r} off the end"
    by_left = sorted(found, key=lambda g: g[2][0])
    for i, (index, char, box, origin) in enumerate(by_left):
        for other in by_left[i + 1 :]:
            if other[2][0] >= box[2]:
                break
            same_line = abs(other[3][1] - origin[1]) < 0.5 and abs(other[0] - index) == 1
            assert same_line or not overlap(box, other[2]), (
                f"{char!r} overlaps {other[1]!r} of another line"
            )
    zones = quiet_zones(pdf, height)
    assert zones, "no QR code found"
    for _, char, box, _ in found:
        assert not any(overlap(box, zone, 0) for zone in zones), f"{char!r} in a QR quiet zone"
    if codes.kind != "recovery-phrase":  # a phrase is a grid of words, not a run of code
        folded = re.sub(r"\s+", " ", text)
        for number, code in enumerate(codes.codes, 1):
            match = printed(code).search(folded)
            assert match, f"code #{number} not found"
            assert max(len(run) for run in re.split(r"[ \-]", match.group())) <= 6, (
                f"code #{number} printed as a run over 6 characters"
            )


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_every_sample_sits_on_the_page(path, paper):
    codes = api.read_codes(str(path))
    sheet = api.make_sheet(codes, owner="Jordan Rivera", serial="GH-7K3Q")
    check_page(api.render_pdf([sheet], paper), paper, codes)


HOSTILE = [
    "github-recovery-codes.txt",
    "Backup-codes-jordan.rivera.txt",
    "proton_recovery_phrase.txt",
    "npm-profile-enable-2fa-output.txt",
    "apple-recovery-key-pasted.txt",
]
NPM = "npm-profile-enable-2fa-output.txt"


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize(
    "name, account, owner",
    [(name, EMAIL, OWNER) for name in HOSTILE if name != NPM]
    + [(NPM, EMAIL, "Jordan Rivera"), (NPM, "jrivera", OWNER)],
)
def test_long_fields_never_escape(name, account, owner, paper):
    codes = dataclasses.replace(api.read_codes(str(SAMPLES / name)), account=account)
    sheet = api.make_sheet(codes, owner=owner, serial="GH-7K3Q")
    pdf = api.render_pdf([sheet], paper)
    check_page(pdf, paper, codes)
    folded = re.sub(r"\s+", "", glyphs(pdf)[0])
    assert account in folded and owner.replace(" ", "") in folded, "a long field was cut"


@pytest.mark.parametrize("paper", PAPERS)
def test_npm_with_both_long_fields_fits_closed_up(paper):
    """Five 64-character codes, their QR codes at 0.8 mm and both a 72-character e-mail and
    a 60-character owner: more than TIGHT holds, so the page closes up past it (the floors
    kept, tests/render/test_page_floors.py) rather than refuse; nothing is cut."""
    codes = dataclasses.replace(api.read_codes(str(SAMPLES / NPM)), account=EMAIL)
    pdf = api.render_pdf([api.make_sheet(codes, owner=OWNER, serial="GH-7K3Q")], paper)
    check_page(pdf, paper, codes)
    folded = re.sub(r"\s+", "", glyphs(pdf)[0])
    assert EMAIL in folded and OWNER.replace(" ", "") in folded, "a long field was cut"


@pytest.mark.skipif(
    "service" not in {f.name for f in dataclasses.fields(CodeSet)},
    reason="CodeSet.service is added by the parsing work",
)
def test_a_long_service_name_wraps_inside_its_column():
    codes = api.read_codes(str(SAMPLES / "github-recovery-codes.txt"))
    codes = dataclasses.replace(codes, provider="generic", service="S" * 10 + " service" * 6)
    check_page(api.render_pdf([api.make_sheet(codes, owner=OWNER)], "a4"), "a4", codes)


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize(
    ("name", "text"), crowded(), ids=[f"{n}+{len(t.splitlines())}" for n, t in crowded()]
)
def test_a_sheet_with_more_than_codes_sits_on_the_page(name, text, paper):
    """Issue 22's examples, closed up past TIGHT where they must be: symbols up beside the
    title or low beside the instructions, the file's other lines beside the symbols or in
    two columns; no glyph off the page, over another line or in a quiet zone."""
    codes = api.parse_text(text, name)
    sheet = api.make_sheet(codes, owner="Jordan Rivera", serial="GH-7K3Q")
    check_page(api.render_pdf([sheet], paper), paper, codes)


def lay_out(codes: CodeSet):
    """The layout alone, with a small QR symbol: its own limit, whatever the encoder's."""
    from sheets.render import compose, draw, qr

    draw.register_fonts()
    return compose.page(api.make_sheet(codes), "a4", draw.measure, (qr.matrix("payload"),))


def test_an_account_of_3000_characters_is_one_clear_error():
    codes = dataclasses.replace(
        api.read_codes(str(SAMPLES / "github-recovery-codes.txt")), account="x" * 3000
    )
    with pytest.raises(LayoutError) as caught:
        lay_out(codes)
    assert "does not fit one page" in str(caught.value)


def test_hundreds_of_codes_are_one_clear_error():
    codes = api.read_codes(str(SAMPLES / "github-recovery-codes.txt"))
    many = dataclasses.replace(codes, codes=tuple(f"{i:05d}-{i:05x}" for i in range(300)))
    with pytest.raises(LayoutError) as caught:
        lay_out(many)
    assert "does not fit one page" in str(caught.value)


def test_several_symbols_are_drawn_labelled_and_clear_of_text():
    from conftest import page_texts

    from sheets.render import compose, draw, qr

    codes = api.read_codes(str(SAMPLES / "github-recovery-codes.txt"))
    halves = [qr.matrix(f"part {n} of 2\n" + "\n".join(codes.codes[n - 1 :: 2])) for n in (1, 2)]
    draw.register_fonts()
    plan = compose.page(api.make_sheet(codes), "a4", draw.measure, tuple(halves))
    pdf = draw.render_plans([plan], "a4")
    check_page(pdf, "a4", codes)
    found = zxingcpp.read_barcodes(raster(pdf, DPI), formats=zxingcpp.BarcodeFormat.QRCode)
    assert sorted(r.text.split("\n")[0] for r in found) == ["part 1 of 2", "part 2 of 2"]
    text = re.sub(r"\s+", " ", page_texts(pdf)[0])
    assert "1 of 2" in text and "2 of 2" in text
