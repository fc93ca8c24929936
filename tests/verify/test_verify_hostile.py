"""`verify` on files made to hurt: each ends in one line and exit 1 under 500 MB of address
space (set with setrlimit on the child), and runs no other program. How long each takes is
benchmarks/bench_hostile.py's to measure, not a test's."""

from __future__ import annotations

import os
import resource
import shutil
import struct
import subprocess
import sys
import zlib

import pikepdf
import pytest
from conftest import SAMPLES

from sheets import verify

MEMORY = 500 << 20


def limited():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run_verify(path, env=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sheets", "verify", str(path)],
        capture_output=True,
        timeout=120,
        preexec_fn=limited,
        env={**os.environ, **(env or {})},
    )


def assert_refused(path, problem: str, env=None) -> None:
    result = run_verify(path, env)  # within MEMORY: a bomb is refused before it is unpacked
    err = result.stderr.decode()
    assert result.returncode == 1, err
    assert err.count("\n") == 1 and err.startswith(f"mksheet: {path}: "), err
    assert problem in err and "Traceback" not in err and "internal error" not in err, err
    assert result.stdout == b""


def png(width: int, height: int) -> bytes:
    """A grey PNG of zeros, compressed row by row without holding the picture in memory."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    squeeze, row = zlib.compressobj(9), b"\0" * (width + 1)
    idat = b"".join(squeeze.compress(row) for _ in range(height)) + squeeze.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def test_a_real_sheet_still_verifies_under_the_same_limits(tmp_path):
    source = tmp_path / "github-recovery-codes.txt"
    shutil.copy(SAMPLES / source.name, source)
    made = subprocess.run(
        [sys.executable, "-m", "sheets", str(source), "--state-dir", str(tmp_path / "s")],
        capture_output=True,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    result = run_verify(source.with_suffix(".pdf"))
    assert result.returncode == 0, result.stderr
    assert b"sheet:     GitHub" in result.stdout and b"serial:    GH-" in result.stdout


def test_an_eps_named_jpg_runs_no_ghostscript(tmp_path):
    spy = tmp_path / "bin"
    spy.mkdir()
    (spy / "gs").write_text(f"#!/bin/sh\ntouch {tmp_path / 'gs-ran'}\n")
    (spy / "gs").chmod(0o755)
    eps = tmp_path / "scan.jpg"
    eps.write_bytes(
        b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 100 100\n"
        b"newpath 0 0 moveto 100 100 lineto stroke showpage\n%%EOF\n"
    )
    assert_refused(
        eps, "neither a PDF nor a picture", env={"PATH": f"{spy}{os.pathsep}{os.environ['PATH']}"}
    )
    assert not (tmp_path / "gs-ran").exists()


@pytest.mark.parametrize("width, height", [(10_000, 10_000), (8_000, 7_500)])
def test_a_decompression_bomb_is_refused_before_it_is_decoded(tmp_path, width, height):
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(png(width, height))
    assert bomb.stat().st_size < 1_000_000 < width * height
    assert_refused(bomb, "pixels" if width * height < 89_000_000 else "neither a PDF")


@pytest.mark.parametrize("width, height", [(65_536, 2), (3, 100_000), (400_000, 1)])
def test_a_picture_wider_or_taller_than_a_decoder_takes_is_one_line(tmp_path, width, height):
    """Few pixels in all, but one side past the 65,535 that zxing-cpp takes."""
    strip = tmp_path / "strip.png"
    strip.write_bytes(png(width, height))
    assert_refused(strip, f"{width} x {height} pixels")


def test_a_picture_65535_pixels_wide_is_read(tmp_path):
    strip = tmp_path / "strip.png"
    strip.write_bytes(png(65_535, 2))
    result = run_verify(strip)
    assert result.returncode == 1 and b"no QR code found" in result.stderr, result.stderr


def test_a_page_of_14400_points_is_refused(tmp_path):
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(14_400, 14_400))
    huge = tmp_path / "huge.pdf"
    pdf.save(huge)
    assert_refused(huge, "page 1 is 200 x 200 inches")


def test_ten_thousand_blank_pages_are_refused_at_once(tmp_path):
    pdf = pikepdf.new()
    for _ in range(10_000):
        pdf.add_blank_page()
    blank = tmp_path / "blank.pdf"
    pdf.save(blank)
    assert_refused(blank, "10,000 pages")


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "sheet.pdf"
    os.mkfifo(fifo)
    assert_refused(fifo, "not a regular file")


def test_dev_zero_is_refused():
    assert_refused("/dev/zero", "not a regular file")


def test_a_3_gb_sparse_file_is_refused_unread(tmp_path):
    sparse = tmp_path / "sheet.pdf"
    with open(sparse, "wb") as f:
        f.write(b"%PDF-1.7\n")
        f.truncate(3_000_000_000)
    assert_refused(sparse, "3,000 MB")


def test_the_limits_leave_room_for_real_sheets_and_photos():
    assert verify.MAX_PIXELS >= 48_000_000  # a 48-megapixel phone photo
    assert verify.MAX_PAGE_SIDE >= 842 and verify.MAX_PAGE_AREA >= 612 * 792  # A4, Letter
    assert verify.PICTURE_FORMATS == ("PNG", "JPEG")


@pytest.mark.parametrize(
    "head",
    [
        "MKSHEET 1/999999999999 GITHUB CODES 1 GH-7K3Q 2026-03-14",
        "MKSHEET 1/100 GITHUB CODES 1 GH-7K3Q 2026-03-14",
        # past Python's 4,300-digit int(): a ValueError, exit 3
        f"MKSHEET 1/1 GITHUB CODES {'9' * 5000} GH-7K3Q 2026-03-14",
    ],
)
def test_a_qr_claiming_more_parts_than_a_sheet_has_is_not_a_sheet(tmp_path, head):
    """A forged part count (mksheet splits a sheet into 99 parts at most) was turned into a
    list of every missing part: a MemoryError, exit 3, after eating all memory allowed; a
    5,000-digit count was past what int() takes."""
    import qrcode

    picture = tmp_path / "scan.png"
    symbol = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_L, box_size=4)
    symbol.add_data(f"{head}\nAccount: jr\n\nabcde-12345", optimize=20)  # digits packed
    symbol.make_image().save(picture)
    assert_refused(picture, "none of them a mksheet sheet")


def test_a_code_number_past_what_int_takes_is_one_line(tmp_path):
    import qrcode

    picture = tmp_path / "scan.png"
    symbol = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_L, box_size=4)
    symbol.add_data(
        f"MKSHEET 1/1 GITHUB CODES 1 - 2026-03-14\n\n{'9' * 5000}. abcde-12345", optimize=20
    )
    symbol.make_image().save(picture)
    result = run_verify(picture)
    assert result.returncode in (0, 1) and result.stderr.count(b"\n") <= 1, result.stderr
    assert b"internal error" not in result.stderr
