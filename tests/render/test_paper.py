"""Paper: the default size, content that fits both A4 and Letter, and the 50 mm ruler.

Geometry is measured on pdfium's pixels, not taken from the layout.
"""

from __future__ import annotations

import pytest
from conftest import fixture_cases, raster
from pixels import ink_box, ruler

from sheets import api
from sheets.cli.paper import default_paper
from sheets.render.style import PAPER

MM = 72 / 25.4
CASES = fixture_cases()


@pytest.mark.parametrize(
    "environ, expected",
    [
        ({"LANG": "en_US.UTF-8"}, "letter"),
        ({"LANG": "en_GB.UTF-8"}, "a4"),
        ({"LANG": "fr_CA.UTF-8"}, "letter"),
        ({"LANG": "es_MX"}, "letter"),
        ({"LANG": "de_DE@euro"}, "a4"),
        ({"LANG": "sr_RS.UTF-8@latin"}, "a4"),
        ({"LANG": "en_US.UTF-8", "LC_PAPER": "de_DE.UTF-8"}, "a4"),
        ({"LANG": "de_DE.UTF-8", "LC_PAPER": "en_US.UTF-8"}, "letter"),
        ({"LC_PAPER": "en_US.UTF-8", "LC_ALL": "en_IE.UTF-8"}, "a4"),
        ({"LC_ALL": "", "LC_PAPER": "", "LANG": "en_PH.UTF-8"}, "letter"),
    ],
)
def test_locale_territory_decides(environ, expected, tmp_path):
    papersize = tmp_path / "papersize"
    papersize.write_text("a4\n" if expected == "letter" else "letter\n")  # never consulted
    assert default_paper(environ, str(papersize)) == expected


@pytest.mark.parametrize(
    "environ",
    [
        {},
        {"LANG": "C.UTF-8"},
        {"LANG": "POSIX"},
        {"LC_ALL": "C", "LANG": "en_US.UTF-8"},
        {"LANG": "en"},
    ],
)
@pytest.mark.parametrize(
    "content, expected",
    [
        ("letter\n", "letter"),
        ("Letter", "letter"),
        ("a4\n", "a4"),
        ("legal\n", "a4"),
        ("# libpaper default\n\nletter\n", "letter"),
        ("", "a4"),
    ],
)
def test_without_a_territory_etc_papersize_decides(environ, content, expected, tmp_path):
    papersize = tmp_path / "papersize"
    papersize.write_text(content)
    assert default_paper(environ, str(papersize)) == expected


def test_a4_when_nothing_says_otherwise(tmp_path):
    assert default_paper({"LANG": "C.UTF-8"}, str(tmp_path / "missing")) == "a4"
    assert default_paper({}, str(tmp_path)) == "a4"  # a folder, not a file


def test_cli_auto_follows_the_locale(tmp_path):
    from conftest import SAMPLES, run_cli

    source = tmp_path / "github-recovery-codes.txt"
    source.write_bytes((SAMPLES / "github-recovery-codes.txt").read_bytes())
    for lang, points in (("en_US.UTF-8", b"612 792"), ("de_DE.UTF-8", b"595.2756 841.8898")):
        result = run_cli(str(source), "--force", env={"LANG": lang, "LC_ALL": "", "LC_PAPER": ""})
        assert result.returncode == 0, result.stderr
        assert b"/MediaBox [ 0 0 " + points in source.with_suffix(".pdf").read_bytes()


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("path, expected", CASES, ids=[p.name for p, _ in CASES])
def test_content_sits_in_the_centred_210_by_279_box(path, expected, paper):
    pdf = api.render_pdf(
        [api.make_sheet(api.read_codes(str(path)), owner="Jordan Rivera", serial="TEST-7K3Q")],
        paper,
    )
    dpi = 72
    image = raster(pdf, dpi)
    width, height = PAPER[paper]
    assert abs(image.width - width) <= 1 and abs(image.height - height) <= 1
    safe_left, safe_top = (width - 210 * MM) / 2, (height - 279 * MM) / 2
    left, top, right, bottom = ink_box(image)
    assert left >= safe_left - 1 and right <= width - safe_left + 1
    assert top >= safe_top - 1 and bottom <= height - safe_top + 1
    assert abs(left - (image.width - right)) <= 2, "content is not centred across the page"
    assert right - left > 150 * MM, "content suspiciously narrow"


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_footer_ruler_is_50_mm_at_300_dpi(paper):
    path, _ = CASES[0]
    pdf = api.render_pdf([api.make_sheet(api.read_codes(str(path)))], paper)
    measured = ruler(raster(pdf, 300), 300)
    assert measured["line"] == pytest.approx(50, abs=0.25)
    assert measured["ticks"] == pytest.approx([0, 10, 20, 30, 40, 50], abs=0.25)


def test_sheet_says_to_print_at_actual_size():
    from conftest import flat, page_texts

    path, _ = CASES[0]
    text = flat(page_texts(api.render_pdf([api.make_sheet(api.read_codes(str(path)))]))[0])
    assert "50 mm" in text
    assert "100 %" in text and "actual size" in text
