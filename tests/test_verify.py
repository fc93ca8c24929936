"""`mksheet verify`: a sheet's PDF, scan or photo read back through its QR code.

Sheets are made the way a user makes them (the CLI, with a ledger in a temporary state
folder); pictures are made from pdfium's pixels and spoilt with pillow.
"""

from __future__ import annotations

import io
import json
import random

import pytest
from conftest import SAMPLES, fixture_cases, raster
from PIL import Image, ImageFilter, ImageOps

from sheets import api, cli, verify
from sheets.model import CodeSet
from sheets.render import qr

CASES = fixture_cases()
GITHUB = SAMPLES / "github-recovery-codes.txt"


def run(capsys, *args) -> tuple[int, str, str]:
    """mksheet ARGS in this process: (exit status, stdout, stderr)."""
    status = cli.main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def github_codes() -> list[str]:
    return api.read_codes(str(GITHUB)).codes


@pytest.fixture
def made(tmp_path, capsys):
    """A GitHub sheet made by the CLI with a ledger: (pdf path, state dir, serial)."""
    source = tmp_path / "github-recovery-codes.txt"
    source.write_bytes(GITHUB.read_bytes())
    state = tmp_path / "state"
    status, _, err = run(capsys, str(source), "--state-dir", str(state))
    assert status == 0, err
    status, out, _ = run(capsys, "history", "--json", "--state-dir", str(state))
    return source.with_suffix(".pdf"), state, json.loads(out)[0]["serial"]


def verify_json(capsys, path, state, *more: str) -> dict | list:
    status, out, err = run(capsys, "verify", str(path), "--json", "--state-dir", str(state), *more)
    assert status == 0, err
    return json.loads(out)


# -- the payload -----------------------------------------------------------------------------
@pytest.mark.parametrize("path, expected", CASES, ids=[p.name for p, _ in CASES])
def test_every_fixture_payload_parses_back(path, expected):
    codes = api.read_codes(str(path))
    sheet = api.make_sheet(codes, owner="Jordan: Rivera", serial="GH-7K3Q", printed="2026-03-14")
    back = verify.parse_payload(qr.payload(sheet))
    assert back.provider == codes.provider
    assert (back.account, back.owner) == (codes.account, "Jordan: Rivera")
    assert (back.serial, back.printed) == ("GH-7K3Q", "2026-03-14")
    assert back.codes == codes.codes
    assert back.used == codes.used


def test_a_sheet_without_serial_reads_as_none():
    sheet = api.make_sheet(api.read_codes(str(GITHUB)), printed="2026-03-14")
    back = verify.parse_payload(qr.payload(sheet))
    assert back.serial is None and back.account is None and back.owner is None


@pytest.mark.parametrize("text", ["hello", "https://example.com/x",
                                  "WIFI:S:home;T:WPA;P:secret;;", "Title\nProvider: x"])
def test_other_qr_texts_are_not_sheets(text):
    assert verify.parse_payload(text) is None


# -- the command -----------------------------------------------------------------------------
def test_verify_says_what_the_sheet_is_and_masks_the_codes(made, capsys):
    pdf, state, serial = made
    status, out, err = run(capsys, "verify", str(pdf), "--state-dir", str(state))
    assert status == 0 and err == ""
    rows = dict(line.split(":", 1) for line in out.splitlines())
    assert rows["provider"].strip() == "github"
    assert rows["serial"].strip() == serial
    assert rows["codes"].strip().startswith("16 (0 marked used)")
    assert rows["status"].strip() == "current"
    for code in github_codes():
        assert code not in out
        assert code.replace("-", "") not in out


def test_verify_json_holds_the_codes(made, capsys):
    pdf, state, serial = made
    info = verify_json(capsys, pdf, state)
    assert info["provider"] == "github" and info["serial"] == serial
    assert info["codes"] == list(github_codes())
    assert info["status"] == "current" and info["count"] == 16


def test_superseded_and_destroyed_sheets_say_so(made, tmp_path, capsys):
    pdf, state, serial = made
    newer = tmp_path / "new" / "github-recovery-codes.txt"
    newer.parent.mkdir()
    rng = random.Random(6)
    newer.write_text("\r\n".join(f"{rng.getrandbits(20):05x}-{rng.getrandbits(20):05x}"
                                 for _ in range(16)) + "\r\n")
    assert run(capsys, str(newer), "--state-dir", str(state))[0] == 0
    info = verify_json(capsys, pdf, state)
    assert info["status"] == "superseded" and "destroy" in info["status_note"]
    assert run(capsys, "destroyed", serial, "--state-dir", str(state))[0] == 0
    assert verify_json(capsys, pdf, state)["status"] == "destroyed"


def test_other_codes_under_a_known_serial_are_flagged(made, tmp_path, capsys):
    _, state, serial = made
    three = CodeSet(provider="github", kind="backup-codes", codes=github_codes()[:3])
    forged = tmp_path / "forged.pdf"
    forged.write_bytes(api.render_pdf([api.make_sheet(three, serial=serial)]))
    info = verify_json(capsys, forged, state)
    assert "not the set recorded" in info["status_note"]


def test_a_sheet_unknown_to_this_ledger(made, tmp_path, capsys):
    pdf, _, serial = made
    info = verify_json(capsys, pdf, tmp_path / "another-state")
    assert info["status"] == "unrecorded" and serial in info["status_note"]


# -- scans and photos --------------------------------------------------------------------------
def photo(pdf: bytes) -> bytes:
    """A phone photo of the printed sheet: grey paper, slightly turned and soft, JPEG,
    stored sideways with an EXIF orientation tag as phones do."""
    page = raster(pdf, 150)
    paper = Image.new("L", page.size, 215)
    shot = Image.composite(page, paper, ImageOps.invert(page))  # ink stays, paper greys
    shot = shot.rotate(3, resample=Image.BICUBIC, expand=True, fillcolor=190)
    shot = shot.filter(ImageFilter.GaussianBlur(0.8)).transpose(Image.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 8  # orientation: rotate 90 CW to view
    buffer = io.BytesIO()
    shot.convert("RGB").save(buffer, "JPEG", quality=60, exif=exif)
    return buffer.getvalue()


def test_reads_a_png_scan_and_a_phone_photo(made, tmp_path, capsys):
    pdf, state, serial = made
    scan, shot = tmp_path / "scan.png", tmp_path / "photo.jpg"
    raster(pdf.read_bytes(), 150).save(scan)
    shot.write_bytes(photo(pdf.read_bytes()))
    for picture in (scan, shot):
        info = verify_json(capsys, picture, state)
        assert info["codes"] == list(github_codes()) and info["serial"] == serial
        assert info["status"] == "current"


def test_every_sheet_of_a_multi_page_pdf(tmp_path, capsys):
    sheets = [api.make_sheet(api.read_codes(str(path))) for path, _ in CASES[:3]]
    both = tmp_path / "several.pdf"
    both.write_bytes(api.render_pdf(sheets))
    found = verify_json(capsys, both, tmp_path / "state")
    assert [f["codes"] for f in found] == [list(s.codes.codes) for s in sheets]


# -- failures: one line, exit 1 ----------------------------------------------------------------
def one_line_failure(capsys, path, tmp_path, words: str):
    status, out, err = run(capsys, "verify", str(path), "--state-dir", str(tmp_path / "s"))
    assert status == 1 and out == ""
    assert len(err.splitlines()) == 1 and words in err and err.startswith("mksheet: ")


def test_no_qr_code_is_one_line_and_exit_1(tmp_path, capsys):
    blank = tmp_path / "blank.png"
    Image.new("L", (800, 1100), 255).save(blank)
    one_line_failure(capsys, blank, tmp_path, "no QR code found")


def test_a_foreign_qr_code_is_not_a_sheet(tmp_path, capsys):
    import qrcode

    foreign = tmp_path / "wifi.png"
    qrcode.make("WIFI:S:home;T:WPA;P:hunter2;;").save(foreign)
    one_line_failure(capsys, foreign, tmp_path, "none of them a mksheet sheet's")


def test_neither_pdf_nor_picture(tmp_path, capsys):
    text = tmp_path / "codes.txt"
    text.write_bytes(GITHUB.read_bytes())
    one_line_failure(capsys, text, tmp_path, "neither a PDF nor a picture")
    one_line_failure(capsys, tmp_path / "missing.pdf", tmp_path, "cannot be read")


def test_an_encrypted_pdf_says_what_to_verify_instead(tmp_path, capsys):
    source = tmp_path / "github-recovery-codes.txt"
    source.write_bytes(GITHUB.read_bytes())
    password = tmp_path / "pw"
    password.write_text("correct horse battery staple\n")
    status, _, err = run(capsys, str(source), "--password-file", str(password),
                         "--state-dir", str(tmp_path / "s"))
    assert status == 0, err
    sheet = source.with_suffix(".pdf")
    one_line_failure(capsys, sheet, tmp_path, "is encrypted")
    info = verify_json(capsys, sheet, tmp_path / "s", "--password-file", str(password))
    assert info["codes"] == list(github_codes())
    password.write_text("wrong\n")
    status, out, err = run(capsys, "verify", str(sheet), "--password-file", str(password))
    assert status == 1 and "does not open with that password" in err and out == ""
