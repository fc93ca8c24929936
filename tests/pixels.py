"""Measuring rendered pages in pixels, without asking the layout where things are.

Used by the paper, fidelity and printing tests: where the ink is, and how long the
footer's 50 mm ruler came out.
"""

from __future__ import annotations

import re

from PIL import Image, ImageOps

MM_PER_INCH = 25.4

# The samples whose sheets are photographed: one per code shape that sets the QR's size.
# benchmarks/qr_photo.py measured the minimum QR size on these; test_fidelity holds it.
PHOTO_SAMPLES = [
    "github-recovery-codes.txt",
    "discord_backup_codes-with-used-codes.txt",
    "backup_codes.txt",
    "idme-backup-codes.txt",
    "Backup-codes-jordan.rivera.txt",
    "facebook-recovery-codes.txt",
]


def ink_box(image: Image.Image, threshold: int = 200) -> tuple[int, int, int, int]:
    """(left, top, right, bottom) of every pixel darker than threshold."""
    ink = ImageOps.invert(image.convert("L")).point(lambda v: 255 if v > 255 - threshold else 0)
    box = ink.getbbox()
    assert box, "the page is blank"
    return box


def dark_runs(image: Image.Image, shortest: int, longest: int):
    """(row, start, end) of every horizontal run of dark pixels within the length range."""
    grey = image.convert("L").point(lambda v: 0 if v < 128 else 255)
    data, width = grey.tobytes(), grey.width
    pattern = re.compile(rb"\x00{%d,}" % shortest)
    for row in range(grey.height):
        for run in pattern.finditer(data, row * width, (row + 1) * width):
            start, end = run.start() - row * width, run.end() - row * width
            if end - start <= longest:
                yield row, start, end


def ruler(image: Image.Image, dpi: float) -> dict:
    """The 50 mm scale-check ruler: its line length and tick positions, in millimetres.

    The ruler is the only horizontal line between 40 and 60 mm long on a sheet. Its ticks
    stand on the line's upper half, so its shortest row is the bare line.
    """
    px = dpi / MM_PER_INCH
    runs = list(dark_runs(image, round(40 * px), round(60 * px)))
    assert runs, "no ruler found"
    rows = sorted({row for row, _, _ in runs})
    assert rows[-1] - rows[0] <= 2 * px, f"more than one 40-60 mm line: rows {rows}"
    bottom = next(r for r in runs if r[0] == rows[-1])
    line = min(end - start for _, start, end in runs)
    tick_row = rows[0] - max(2, round(0.7 * px))  # 0.7 mm above the line: ticks only
    ticks = [
        (start + end) / 2
        for _, start, end in dark_runs(
            image.crop((bottom[1] - 10, tick_row, bottom[2] + 10, tick_row + 1)), 1, 10**6
        )
    ]
    return {"line": line / px, "ticks": [(t - ticks[0]) / px for t in ticks]}


def phone_photo(
    page: Image.Image,
    width: int = 800,
    tilt: float = 4.0,
    keystone: float = 0.03,
    blur: float = 1.2,
    quality: int = 35,
    backdrop: int = 90,
) -> Image.Image:
    """A whole-page phone photo of a rendered page: the page on a darker table, seen a little
    from below (its top edge keystone x width narrower on each side), turned by tilt degrees,
    resized to width pixels, blurred by a Gaussian of blur pixels and saved as JPEG quality."""
    import io

    from PIL import ImageFilter

    margin = page.width // 25
    table = Image.new("L", (page.width + 2 * margin, page.height + 2 * margin), backdrop)
    table.paste(page.convert("L"), (margin, margin))
    w, h = table.size
    inset = abs(keystone) * w
    top, bottom = (inset, 0.0) if keystone >= 0 else (0.0, inset)
    seen = [(top, 0), (w - top, 0), (w - bottom, h), (bottom, h)]
    coefficients = _perspective(seen, [(0, 0), (w, 0), (w, h), (0, h)])
    photo = table.transform(
        (w, h),
        Image.Transform.PERSPECTIVE,
        coefficients,
        Image.Resampling.BICUBIC,
        fillcolor=backdrop,
    )
    photo = photo.rotate(tilt, Image.Resampling.BICUBIC, expand=True, fillcolor=backdrop)
    photo = photo.resize(
        (width, round(photo.height * width / photo.width)), Image.Resampling.LANCZOS
    )
    photo = photo.filter(ImageFilter.GaussianBlur(blur))
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buffer.getvalue()))


def _perspective(seen, source) -> list[float]:
    """PIL's 8 perspective coefficients mapping each seen (output) corner to its source one."""
    rows, values = [], []
    for (x, y), (u, v) in zip(seen, source):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        values += [u, v]
    return _solve(rows, values)


def _solve(rows: list[list[float]], values: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (8 unknowns; no numpy needed)."""
    a = [[*row, value] for row, value in zip(rows, values)]
    n = len(a)
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(a[r][col]))
        a[col], a[pivot] = a[pivot], a[col]
        for r in range(n):
            if r != col:
                factor = a[r][col] / a[col][col]
                a[r] = [x - factor * y for x, y in zip(a[r], a[col])]
    return [a[r][n] / a[r][r] for r in range(n)]
