"""`mksheet verify`: a sheet's PDF, scan or photo read back through its QR code.

Sheets are made the way a user makes them (the CLI, with a ledger in a temporary state
folder); pictures are made from pdfium's pixels and spoilt with pillow.
"""

from __future__ import annotations

import io
import json
import random

import pytest
from conftest import FIXTURES, SAMPLES, fixture_cases, raster
from PIL import Image, ImageFilter, ImageOps

from sheets import api, cli, payload
from sheets.model import CodeSet
from sheets.render import qr
from sheets.render.qr import data as qrdata

CASES = fixture_cases()
GITHUB = SAMPLES / "github-recovery-codes.txt"


def run(capsys, *args) -> tuple[int, str, str]:
    """mksheet ARGS in this process: (exit status, stdout, stderr)."""
    status = cli.main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def one(texts: list[str]) -> payload.ReadBack:
    """The one whole sheet a list of QR texts holds."""
    (sheet,) = payload.decode(texts)
    assert not sheet.missing
    return sheet


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
    back = one(payload.encode(sheet))
    assert back.provider == codes.provider
    assert (back.account, back.owner) == (codes.account, "Jordan: Rivera")
    assert (back.serial, back.printed) == ("GH-7K3Q", "2026-03-14")
    assert back.codes == codes.codes
    assert back.used == codes.used


def test_a_sheet_without_serial_reads_as_none():
    sheet = api.make_sheet(api.read_codes(str(GITHUB)), printed="2026-03-14")
    back = one(payload.encode(sheet))
    assert back.serial is None and back.account is None and back.owner is None


@pytest.mark.parametrize(
    "text", ["hello", "https://example.com/x", "WIFI:S:home;T:WPA;P:secret;;", "Title\nProvider: x"]
)
def test_other_qr_texts_are_not_sheets(text):
    assert payload.decode([text]) == []


def many_github_codes(count: int) -> CodeSet:
    rng = random.Random(count)
    return CodeSet(
        provider="github",
        kind="backup-codes",
        codes=tuple(f"{rng.getrandbits(20):05x}-{rng.getrandbits(20):05x}" for _ in range(count)),
    )


def test_a_long_set_splits_into_parts_that_join_in_any_order():
    sheet = api.make_sheet(many_github_codes(200), owner="Jordan Rivera", serial="GH-7K3Q")
    texts = payload.encode(sheet)
    assert len(texts) > 1
    for k, text in enumerate(texts, 1):
        assert text.startswith(f"MKSHEET {k}/{len(texts)} GITHUB CODES ")
        assert qr.version(text, payload.LEVEL) <= payload.VERSION
    back = one(list(reversed(texts)))
    assert back.codes == sheet.codes.codes and back.owner == "Jordan Rivera"
    assert back.parts == len(texts) and back.serial == "GH-7K3Q"


def test_a_missing_part_is_reported_not_hidden():
    sheet = api.make_sheet(many_github_codes(60), serial="GH-7K3Q")
    texts = payload.encode(sheet)
    (back,) = payload.decode(texts[1:])
    assert back.missing == (1,) and back.parts == len(texts) > 1


def test_two_unrecorded_sheets_alike_stay_apart():
    first, second = (api.make_sheet(many_github_codes(n), printed="2026-03-14") for n in (40, 41))
    found = payload.decode(payload.encode(first) + payload.encode(second))
    assert [sheet.codes for sheet in found] == [first.codes.codes, second.codes.codes]


def test_fewest_parts_that_fit():
    """One part fewer, evenly split as encode splits, needs a symbol past VERSION (the parts'
    own text is built with payload's private helpers: no public call makes a wrong split)."""
    sheet = api.make_sheet(many_github_codes(60), serial="GH-7K3Q")
    texts = payload.encode(sheet)
    fewer = [
        payload._part(sheet, k, len(texts) - 1, [], chunk)
        for k, chunk in enumerate(payload.even_runs(payload._code_lines(sheet), len(texts) - 1), 1)
    ]
    assert max(qr.version(text, payload.LEVEL) for text in fewer) > payload.VERSION


@pytest.mark.parametrize("path, expected", CASES[::4], ids=[p.name for p, _ in CASES[::4]])
def test_bit_count_picks_qrcodes_version(path, expected):
    """payload counts bits as qrcode chunks them, so its split decision is qrcode's."""
    sheet = api.make_sheet(api.read_codes(str(path)), owner="Jordan Rivera", serial="GH-7K3Q")
    for text in payload.encode(sheet, version=40):
        for level, words in payload.CODEWORDS.items():
            version = qr.version(text, level)
            assert payload.bits(text, version) <= 8 * words[version - 1]
            assert version == 1 or payload.bits(text, version - 1) > 8 * words[version - 2]


def test_codeword_table_is_qrcodes():
    for level, words in payload.CODEWORDS.items():
        assert [8 * w for w in words] == [
            qrdata.capacity(v, qrdata.LEVELS[level]) for v in range(1, 41)
        ]


def test_upper_case_codes_ride_in_alphanumeric_mode():
    codes = CodeSet(
        provider="login-gov",
        kind="backup-codes",
        codes=("H67C9ZJ69TCZ", "EXN46V73HNFR", "K99X7E8XYVC7"),
    )
    (text,) = payload.encode(api.make_sheet(codes, printed="2026-03-14"))
    assert (
        text
        == "MKSHEET 1/1 LOGIN-GOV CODES 3 - 2026-03-14\n\nH67C9ZJ69TCZ EXN46V73HNFR K99X7E8XYVC7"
    )
    spaced = CodeSet(provider="google", kind="backup-codes", codes=("1549 0693", "9569 2649"))
    (text,) = payload.encode(api.make_sheet(spaced, printed="2026-03-14"))
    assert text.endswith("\n\n1549 0693 / 9569 2649") and one([text]).codes == spaced.codes


def test_a_sheet_printed_before_this_format_still_reads():
    old = (
        "GitHub recovery codes\nProvider: github\nOwner: Jordan Rivera\n"
        "Sheet: GH-7K3Q 2026-03-14\n\ne91c7-a688c\n419bf-943bf (used)"
    )
    back = one([old])
    assert (back.provider, back.owner, back.serial, back.printed) == (
        "github",
        "Jordan Rivera",
        "GH-7K3Q",
        "2026-03-14",
    )
    assert back.codes == ("e91c7-a688c", "419bf-943bf") and back.used == ("419bf-943bf",)


def test_too_many_codes_for_one_page_is_one_line_and_exit_1(tmp_path, capsys):
    source = tmp_path / "github-recovery-codes.txt"
    source.write_text("\n".join(many_github_codes(260).codes) + "\n")
    status, _out, err = run(capsys, str(source), "--state-dir", str(tmp_path / "s"))
    assert status == 1 and "internal error" not in err
    last = err.splitlines()[-1]
    assert last.startswith("mksheet: ") and "split" in last and "260" not in last
    assert not source.with_suffix(".pdf").exists()


def test_verify_joins_the_parts_of_a_split_sheet(tmp_path, capsys):
    sheet = api.make_sheet(many_github_codes(40), serial="GH-7K3Q")
    texts = payload.encode(sheet)
    assert len(texts) >= 2
    picture = tmp_path / "two.png"
    symbols_side_by_side([qr.matrix(t, payload.LEVEL) for t in texts]).save(picture)
    info = verify_json(capsys, picture, tmp_path / "state")
    assert info["codes"] == list(sheet.codes.codes) and info["serial"] == "GH-7K3Q"
    symbols_side_by_side([qr.matrix(t, payload.LEVEL) for t in texts[1:]]).save(picture)
    one_line_failure(capsys, picture, tmp_path, f"missing 1 of {len(texts)}")


def symbols_side_by_side(matrices, scale: int = 6) -> Image.Image:
    """QR matrices drawn next to each other, white paper, black modules."""
    size = len(matrices[0]) * scale
    image = Image.new("L", (size * len(matrices), size), 255)
    for index, matrix in enumerate(matrices):
        for row, cells in enumerate(matrix):
            for col, dark in enumerate(cells):
                if dark:
                    image.paste(
                        0,
                        (
                            index * size + col * scale,
                            row * scale,
                            index * size + (col + 1) * scale,
                            (row + 1) * scale,
                        ),
                    )
    return image


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
    newer.write_text(
        "\r\n".join(f"{rng.getrandbits(20):05x}-{rng.getrandbits(20):05x}" for _ in range(16))
        + "\r\n"
    )
    assert run(capsys, str(newer), "--state-dir", str(state), "--replaces", serial)[0] == 0
    info = verify_json(capsys, pdf, state)
    assert info["status"] == "superseded" and "destroy" in info["status_note"]
    assert run(capsys, "destroyed", serial, "--state-dir", str(state))[0] == 0
    assert verify_json(capsys, pdf, state)["status"] == "destroyed"


def forged_sheet(tmp_path, serial: str, codes: list[str]) -> str:
    """A sheet made outside mksheet's run: a real serial over codes of the forger's choice."""
    forged = tmp_path / "forged.pdf"
    other = CodeSet(provider="github", kind="backup-codes", codes=codes)
    forged.write_bytes(api.render_pdf([api.make_sheet(other, serial=serial)]))
    return str(forged)


@pytest.mark.parametrize("what", ["fewer", "others"])
def test_a_real_serial_over_other_codes_is_a_mismatch_and_exit_1(made, tmp_path, capsys, what):
    _, state, serial = made
    rng = random.Random(7)
    codes = (
        github_codes()[:3]
        if what == "fewer"
        else [f"{rng.getrandbits(20):05x}-{rng.getrandbits(20):05x}" for _ in range(16)]
    )
    forged = forged_sheet(tmp_path, serial, codes)
    status, out, err = run(capsys, "verify", forged, "--json", "--state-dir", str(state))
    assert status == 1
    info = json.loads(out)
    assert info["status"] == "mismatch" and info["serial"] == serial
    assert f"not the set recorded for {serial}" in info["status_note"]
    assert err.count("\n") == 1 and err.startswith(f"mksheet: {forged}: ") and " — " in err
    assert not [code for code in [*codes, *github_codes()] if code in err]
    status, out, err = run(capsys, "verify", forged, "--state-dir", str(state))
    rows = dict(line.split(":", 1) for line in out.splitlines())
    assert status == 1 and rows["status"].strip().startswith("mismatch: "), out


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
    one_line_failure(capsys, tmp_path / "missing.pdf", tmp_path, "no such file")


def test_an_encrypted_pdf_says_what_to_verify_instead(tmp_path, capsys):
    source = tmp_path / "github-recovery-codes.txt"
    source.write_bytes(GITHUB.read_bytes())
    password = tmp_path / "pw"
    password.write_text("correct horse battery staple\n")
    status, _, err = run(
        capsys, str(source), "--password-file", str(password), "--state-dir", str(tmp_path / "s")
    )
    assert status == 0, err
    sheet = source.with_suffix(".pdf")
    one_line_failure(capsys, sheet, tmp_path, "is encrypted")
    info = verify_json(capsys, sheet, tmp_path / "s", "--password-file", str(password))
    assert info["codes"] == list(github_codes())
    password.write_text("wrong\n")
    status, out, err = run(capsys, "verify", str(sheet), "--password-file", str(password))
    assert status == 1 and "does not open with that password" in err and out == ""


def test_verify_gives_back_everything_the_paper_shows(tmp_path, capsys):
    """Issue 22: the second secret, the notes beside codes and the file's other lines are on
    the paper and in the QR, so verify --json gives them back; its text shows only counts."""
    download = tmp_path / "backup_codes.txt"
    lines = FIXTURES / "lines" / "backup_codes my personal key.txt"
    download.write_text(lines.read_text("utf-8") + "\nSaved on my laptop, 2026-12-07\n")
    state = tmp_path / "state"
    assert run(capsys, str(download), "--state-dir", str(state))[0] == 0
    info = verify_json(capsys, download.with_suffix(".pdf"), state)
    read = api.read_codes(str(download))
    assert read.second is not None and info["second"]["codes"] == list(read.second.codes)
    assert [row["text"] for row in info["other_lines"]] == [text for _, text in read.other_lines]
    assert "Saved on my laptop, 2026-12-07" in [row["text"] for row in info["other_lines"]]
    status, out, _ = run(
        capsys, "verify", str(download.with_suffix(".pdf")), "--state-dir", str(state)
    )
    assert status == 0 and "beside the codes" in out
    assert not any(code in out for code in read.second.codes)
