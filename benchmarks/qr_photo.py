"""How fine a QR module still reads from a whole-page phone photo, bare and with verify.

For each module size (mm) and QR version, payloads of that version are made from the six
seed providers' sample sheets (tests/pixels.PHOTO_SAMPLES, split as payload.encode splits
them at that version), each symbol drawn at the top right of an A4 page with prose under
it, photographed as tests/pixels.phone_photo does (800 px wide, 3 % keystone, 4 degree tilt,
1.2 px blur, JPEG 35) in four variants (tilt left or right, keystone from above or below),
and decoded twice: by bare zxing-cpp, and by `mksheet verify`'s reader (sheets.verify.scan:
zxing-cpp, then the photo enlarged twice and sharpened). A photo counts when it gives back
the symbol's exact text. This is what sets render.style.MIN_MODULE and PHOTO_MODULE.

    .venv/bin/python benchmarks/qr_photo.py [--modules 0.75,0.8,0.85,0.9,0.95] [--versions 6,9,12]
"""

from __future__ import annotations

import argparse
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from pixels import PHOTO_SAMPLES, phone_photo  # noqa: E402

from sheets import api, payload  # noqa: E402

VARIANTS = [(4.0, 0.03), (-4.0, 0.03), (4.0, -0.03), (-4.0, -0.03)]


def texts(name: str, version: int) -> list[str]:
    """The sample's payload split at this version (the symbols it would print)."""
    codes = api.read_codes(str(ROOT / "samples" / name))
    sheet = api.make_sheet(codes, owner="Jordan Rivera", serial="GH-7K3Q", printed="2026-03-14")
    return payload.encode(sheet, version=version)


def page_with(text: str, module_mm: float):
    """An A4 page at 200 dpi: the symbol at the top right, lines of prose under it."""
    from conftest import raster

    from sheets.render import draw, qr
    from sheets.render.items import QR, PagePlan, Text
    from sheets.render.style import MM, PAPER

    draw.register_fonts()
    modules = qr.matrix(text, payload.LEVEL)
    size = len(modules) * module_mm * MM
    width, height = PAPER["a4"]
    items = [QR(width - 10 * MM - size, height - 20 * MM - size, size, modules)]
    items += [
        Text(
            10 * MM,
            height - 30 * MM - size - 14 * n,
            "Keep it in a fireproof box. " * 3,
            "body",
            10,
        )
        for n in range(8)
    ]
    return raster(draw.render_plans([PagePlan(width, height, tuple(items), "x")], "a4"), 200)


def decodes(job) -> tuple[int, int, int]:
    """(photos read bare, photos read by verify, photos taken) for one sample."""
    import zxingcpp

    from sheets import verify

    name, module_mm, version = job
    bare = read = taken = 0
    for text in texts(name, version):
        page = page_with(text, module_mm)
        for tilt, keystone in VARIANTS:
            photo = phone_photo(page, 800, tilt, keystone)
            found = zxingcpp.read_barcodes(photo, formats=zxingcpp.BarcodeFormat.QRCode)
            bare += [bytes(r.bytes).decode("utf-8", "replace") for r in found] == [text]
            read += verify.scan(photo)[0] == [text]
            taken += 1
    return bare, read, taken


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--modules", default="0.75,0.8,0.85,0.9,0.95")
    parser.add_argument("--versions", default="6,9,12")
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")
    print(f"{'module mm':>9} {'version':>7} {'bare zxing':>11} {'verify':>9}")
    with ProcessPoolExecutor() as pool:
        for module in map(float, args.modules.split(",")):
            for version in map(int, args.versions.split(",")):
                jobs = [(name, module, version) for name in PHOTO_SAMPLES]
                results = list(pool.map(decodes, jobs))
                taken = sum(r[2] for r in results)
                bare, read = sum(r[0] for r in results), sum(r[1] for r in results)
                print(
                    f"{module:>9.2f} {version:>7} {bare:>5}/{taken:<5} {read:>4}/{taken:<4}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
