"""Fidelity: the printed sheet still reads back when the picture of it is poor.

The QR code must give back the exact payload from coarse rasters, a blur, a cheap JPEG and
a crooked scan; tesseract, limited to the provider's alphabet, must read every printed
code exactly. Without tesseract the OCR tests skip, naming the Debian packages to install
(tesseract-ocr tesseract-ocr-eng); under CI (MKSHEET_REQUIRE_TOOLS=1) they fail instead.
"""

from __future__ import annotations

import functools
import io
import math
import re
import subprocess

import pytest
from conftest import SAMPLES, fixture_cases, qr_payloads, raster, require_tool
from PIL import Image, ImageFilter
from pixels import phone_photo

from sheets import api, payload, verify
from sheets.read.providers import by_key
from sheets.render import draw
from sheets.render.items import Text

CASES = fixture_cases()
IDS = [path.name for path, _ in CASES]


def sheet_for(path):
    """A sheet with every optional line filled in, so the QR payload is at its largest."""
    codes = api.read_codes(str(path))
    return api.make_sheet(
        codes,
        owner="Jordan Rivera",
        serial="TEST-7K3Q",
        printed="2026-03-14",
        replaces="TEST-2B9X printed 2025-01-02",
    )


def blur(image):
    return image.filter(ImageFilter.GaussianBlur(radius=1))


def jpeg(image, quality=40):
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buffer.getvalue()))


def rotate(image, degrees=5):
    return image.rotate(degrees, resample=Image.BICUBIC, expand=True, fillcolor=255)


DEGRADATIONS = {
    "150dpi": (150, lambda image: image),
    "100dpi": (100, lambda image: image),
    "150dpi-blur-r1": (150, blur),
    "150dpi-jpeg-q40": (150, jpeg),
    "150dpi-rotated-5deg": (150, rotate),
}


@pytest.fixture(scope="module")
def rendered():
    """(sheet, pdf) per fixture, rendered once for the whole module."""
    cache = {}

    def get(path):
        if path not in cache:
            sheet = sheet_for(path)
            cache[path] = sheet, api.render_pdf([sheet])
        return cache[path]

    return get


@pytest.mark.parametrize("degradation", DEGRADATIONS)
@pytest.mark.parametrize("path, expected", CASES, ids=IDS)
def test_qr_decodes_exactly_from_a_poor_picture(path, expected, degradation, rendered):
    sheet, pdf = rendered(path)
    dpi, spoil = DEGRADATIONS[degradation]
    found = qr_payloads(spoil(raster(pdf, dpi)))
    (back,) = payload.decode(found)
    assert not back.missing and len(found) == back.parts
    assert (back.provider, back.serial, back.codes, back.used) == (
        sheet.codes.provider,
        sheet.serial,
        sheet.codes.codes,
        sheet.codes.used,
    )


# -- a phone photo of the whole page (issues 11 and 25) -------------------------------------
@pytest.mark.parametrize(
    "tilt, keystone", [(4.0, 0.03), (-4.0, -0.03)], ids=["left-from-below", "right-from-above"]
)
@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.txt")), ids=lambda p: p.name)
def test_qr_decodes_from_an_800_pixel_phone_photo_of_the_page(path, tilt, keystone):
    """800 px wide, mild keystone, 4 degree tilt, 1.2 px blur, JPEG 35: `mksheet verify`
    reads every QR symbol (modules of 0.8 mm are under 3 pixels there: bare zxing-cpp
    misses some, verify enlarges and sharpens the photo) and the parts join back into the
    sheet's codes."""
    sheet = sheet_for(path)
    picture = phone_photo(raster(api.render_pdf([sheet]), 200), 800, tilt, keystone, 1.2, 35)
    assert picture.width == 800
    found, unread = verify.scan(picture)
    (back,) = payload.decode(found)
    assert not back.missing and len(found) == back.parts and unread == 0
    assert back.codes == sheet.codes.codes and back.serial == sheet.serial


# -- OCR ------------------------------------------------------------------------------------
# tesseract with Debian's English model is a gross-failure check, not a perfect reader. It
# reads the digit-only sheets and GitHub's exactly, but on other hex sheets it misreads a
# few characters of IBM Plex Mono (its footed `f` comes out as `£`, which the whitelist
# drops, and `1` as `l`): about one code in eight. Since issue 25 the codes print Plex
# Mono's slashed zero, to match the text's (Atkinson Hyperlegible has no other): tesseract
# reads it in a run of digits but in hex now and then as a 9. There exactness is a known
# failure (xfail), while "every code found, on its own line, at most one character off"
# must hold.
OCR_DPI = 300
OCR_SHEETS = {
    "google": "Backup-codes-jordan.rivera.txt",
    "facebook": "facebook-recovery-codes.txt",
    "github": "github-recovery-codes.txt",
    "gitlab": "gitlab-recovery-codes.txt",
}
OCR_EXACT = {"google", "facebook"}  # github: tesseract drops a 1 between a and f; gitlab: 0
PLEX_F = (
    "tesseract's English model reads IBM Plex Mono's footed f as £, 1 as l and, among hex "
    "letters, its slashed zero as 9; a code-trained model would be needed"
)


def code_area(sheet) -> tuple[list[str], Image.Image]:
    """The code lines the plan draws, and each line's strip of the page at 300 dpi, stacked.

    The plan only says where to cut; what tesseract reads are pdfium's pixels of the page.
    Each line is cut alone (its own height, from a little left of its first character), so
    the tick boxes and date lines around a code are not read as characters."""
    plan = api.plan_page(sheet, "a4")
    page = raster(draw.render_plans([plan], "a4"), OCR_DPI)
    scale = OCR_DPI / 72
    texts, crops = [], []
    for item in plan.items:
        if not (isinstance(item, Text) and item.font == "code"):
            continue
        size, right = item.size, item.x + draw.measure(item.text, "code", item.size)
        crops.append(
            page.crop(
                (
                    math.floor((item.x - 0.15 * size) * scale),
                    math.floor((plan.height - item.y - size) * scale),
                    math.ceil((right + 0.2 * size) * scale),
                    math.ceil((plan.height - item.y + 0.3 * size) * scale),
                )
            )
        )
        texts.append(item.text)
    return texts, stack(crops)


def stack(crops: list[Image.Image], pad: int = 40) -> Image.Image:
    """The column crops one under another on white, so one tesseract run reads them all."""
    width = max(c.width for c in crops) + 2 * pad
    height = sum(c.height + pad for c in crops) + pad
    sheet = Image.new("L", (width, height), 255)
    y = pad
    for crop in crops:
        sheet.paste(crop, (pad, y))
        y += crop.height + pad
    return sheet


def tesseract(image: Image.Image, alphabet: str) -> list[str]:
    """tesseract's lines for one uniform block, limited to alphabet, spaces removed."""
    require_tool("tesseract")
    buffer = io.BytesIO()
    image.save(buffer, "PNG", dpi=(OCR_DPI, OCR_DPI))
    whitelist = alphabet.replace(" ", "")  # word gaps are tesseract's, not characters
    done = subprocess.run(
        [
            "tesseract",
            "stdin",
            "stdout",
            "--psm",
            "6",
            "-c",
            f"tessedit_char_whitelist={whitelist}",
        ],
        input=buffer.getvalue(),
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-300:]
    lines = done.stdout.decode("utf-8").splitlines()
    return [re.sub(r"\s+", "", line) for line in lines if line.strip()]


@functools.cache
def ocr(provider: str) -> tuple[list[str], list[str]]:
    """(printed code lines without spaces, what tesseract read) for one provider's sheet."""
    path = next(p for p, e in CASES if p.name == OCR_SHEETS[provider])
    sheet = sheet_for(path)
    assert not sheet.codes.used, "pick a sheet without struck-through codes"
    alphabet = by_key(sheet.codes.provider).facts(sheet.codes.kind).alphabet
    assert alphabet, f"{provider} declares no code alphabet (Kind.alphabet)"
    texts, image = code_area(sheet)
    # the sheet may print a long code in groups: compare without the print-only spaces
    assert "".join(texts).replace(" ", "") == "".join(sheet.codes.codes).replace(" ", ""), (
        "the plan draws other text as codes"
    )
    return [t.replace(" ", "") for t in texts], tesseract(image, alphabet)


def distance(a: str, b: str) -> int:
    """Levenshtein distance."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


@pytest.mark.parametrize("provider", OCR_SHEETS)
def test_ocr_finds_every_code_whole_on_its_own_line(provider):
    printed, read = ocr(provider)
    assert len(read) == len(printed), "a code is missing, clipped or run into another"
    assert max(distance(a, b) for a, b in zip(read, printed)) <= 1


@pytest.mark.parametrize(
    "provider",
    [
        pytest.param(p, marks=[] if p in OCR_EXACT else [pytest.mark.xfail(reason=PLEX_F)])
        for p in OCR_SHEETS
    ],
)
def test_ocr_reads_every_code_exactly(provider):
    printed, read = ocr(provider)
    assert read == printed
