"""Which QR size, error-correction level and largest version survive a whole-page phone photo.

For each printed QR size (mm) and level, and each cap on the symbol's version, the six seed
providers' sample sheets are encoded (split over several symbols when the cap demands it),
each symbol is drawn on the real page at that size, photographed as tests/pixels.phone_photo
does (800 px wide, 3 % keystone, 4 degree tilt, 1.2 px blur, JPEG 35) in four variants (tilt
left or right, keystone from above or below), and decoded with zxing-cpp. A configuration
passes when every photo of every symbol gives back its exact text.

    .venv/bin/python benchmarks/qr_photo.py [--sizes 42,50,55,60] [--levels L,M,Q,H]
"""

from __future__ import annotations

import argparse
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from pixels import PHOTO_SAMPLES, phone_photo  # noqa: E402

from sheets import api, payload  # noqa: E402
from sheets.render import compose, draw, qr  # noqa: E402
from sheets.render.style import MM, Style  # noqa: E402

VARIANTS = [(4.0, 0.03), (-4.0, 0.03), (4.0, -0.03), (-4.0, -0.03)]


def sheet(name: str):
    codes = api.read_codes(str(ROOT / "samples" / name))
    return api.make_sheet(codes, owner="Jordan Rivera", serial="GH-7K3Q", printed="2026-03-14")


def legacy_text(s) -> str:
    """The payload as sheets printed it before this work (title and Key: value lines)."""
    codes = s.codes
    header = [f"{codes.provider} codes", f"Provider: {codes.provider}"]
    header += [f"Account: {codes.account}"] if codes.account else []
    header += [f"Owner: {s.owner}", f"Sheet: {s.serial} {s.printed}"]
    used = set(codes.used)
    lines = [
        f"{n}. {c}{' (used)' if c in used else ''}"
        if codes.numbers
        else f"{c}{' (used)' if c in used else ''}"
        for n, c in codes.numbered()
    ]
    return "\n".join(header + [""] + lines)


def texts(s, level: str, cap: int | None) -> list[str]:
    """cap None: the old payload, one symbol."""
    if cap is None:
        return [legacy_text(s)]
    return payload.encode(s, version=cap, level=level)


class Fixed(Style):
    """The experiment's QR size, kept when the rest of the page is made tighter."""

    def tighter(self):
        # _next, not the cached tighter(): a Fixed equals the Style with the same sizes
        smaller = self._next()
        return smaller and smaller._replace(qr_size=self.qr_size)


def decodes(job) -> tuple[int, int, int]:
    """(photos decoded, photos taken, largest version) for one sheet at one setting."""
    from sheets.errors import SheetsError

    try:
        return _decodes(*job)
    except SheetsError as exc:  # a setting the page cannot hold: say so, as text
        raise RuntimeError(exc.message()) from None


def _decodes(name: str, size: float, level: str, cap: int | None, width: int):
    import zxingcpp
    from conftest import raster

    s = sheet(name)
    good = taken = top = 0
    for text in texts(s, level, cap):
        top = max(top, qr.version(text, level))
        symbol = (qr.matrix(text, level),)  # this symbol alone, where the sheet's QR goes
        plan = compose.page(s, "a4", compose.measurer(), symbol, Fixed(qr_size=size * MM))
        page = raster(draw.render_plans([plan], "a4"), 200)
        for tilt, keystone in VARIANTS:
            photo = phone_photo(page, width=width, tilt=tilt, keystone=keystone)
            found = [
                bytes(r.bytes).decode("utf-8", "replace")
                for r in zxingcpp.read_barcodes(photo, formats=zxingcpp.BarcodeFormat.QRCode)
            ]
            good += found == [text]
            taken += 1
    return good, taken, top


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="42,50,55,60")
    parser.add_argument("--levels", default="L,M,Q,H")
    parser.add_argument("--caps", default="5,6,7,8,9,10,11,12")
    parser.add_argument("--width", type=int, default=800)
    parser.add_argument("--legacy", action="store_true", help="also the old payload at level M")
    args = parser.parse_args()
    draw.register_fonts()
    rows = []
    if args.legacy:
        rows += [(float(size), "M", None) for size in args.sizes.split(",")]
    rows += [
        (float(size), level, int(cap))
        for size in args.sizes.split(",")
        for level in args.levels.split(",")
        for cap in args.caps.split(",")
    ]
    print(f"{'size mm':>7} {'level':>5} {'cap':>4} {'symbols':>8} {'top v':>5} {'decoded':>9}")
    with ProcessPoolExecutor() as pool:
        for size, level, cap in rows:
            jobs = [(name, size, level, cap, args.width) for name in PHOTO_SAMPLES]
            try:
                results = list(pool.map(decodes, jobs))
            except Exception as exc:  # noqa: BLE001 - a setting the page cannot hold
                print(f"{size:>7.0f} {level:>5} {cap or 'old':>4}  {type(exc).__name__}: {exc}")
                continue
            good = sum(r[0] for r in results)
            taken = sum(r[1] for r in results)
            symbols = taken // len(VARIANTS)
            print(
                f"{size:>7.0f} {level:>5} {cap or 'old':>4} {symbols:>8} "
                f"{max(r[2] for r in results):>5} {good:>4}/{taken:<4}",
                flush=True,
            )


if __name__ == "__main__":
    main()
