"""`mksheet verify`: read a sheet back from its PDF, a scan or a phone photo.

The QR codes hold the text sheets.payload wrote (and reads back with `decode`, joining a
sheet's split parts 1/n ... n/n). pdfium rasterises PDFs and zxing-cpp decodes, so this
reads what a camera would, not what the drawer meant. Messages never hold a code.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from sheets import payload
from sheets.errors import InputError, SheetsError
from sheets.model import CodeSet, Job, Secret
from sheets.payload import ReadBack
from sheets.read.textio import read_bytes
from sheets.verify import cards as verify_cards
from sheets.verify.cards import CardsBack, qr_codes

PDF_DPI = (200, 300)  # a second, finer try before giving up on a PDF page
# Limits for files from anywhere: each refusal is one line within seconds and 500 MB.
MAX_FILE_BYTES = 100_000_000  # a phone photo or a scanned PDF is well under this
MAX_PIXELS = 50_000_000  # a 50-megapixel photo; decoded in grey, at most 50 MB
MAX_PAGES = 1_000  # a household binder of several hundred accounts
MAX_PAGE_SIDE, MAX_PAGE_AREA = 1224, 842 * 1224  # points: tabloid, A3 (PDFs allow 14,400)
PICTURE_FORMATS = ("PNG", "JPEG")  # only these decoders run: no Ghostscript for an EPS
MAX_SIDE = 65_535  # pixels: zxing-cpp takes no wider or taller picture (nor does JPEG)
ENLARGE_UP_TO = 3000  # pixels on the longer side: a larger photo has modules enough
OPEN_HINT = "give the sheet's PDF, or a PNG or JPEG scan or photo"
NO_QR_HINT = (
    "scan or photograph the whole sheet, flat and in focus, with the QR code in the picture"
)


def read(path: str, password: str | None = None) -> list[ReadBack | CardsBack]:
    """Every distinct sheet whose QR code is found in the file, then every authenticator
    deck (InputError when none, or when a sheet's QR codes are not all read)."""
    found: dict[str, str] = {}  # QR text -> the printed text of its page
    on_page: dict[tuple[str, str], int] = {}  # (page's text, QR text) -> times on that page
    unread = 0  # symbols found but too small or blurred to read
    for texts, blurred, page in pictures(path, password):
        unread += blurred
        # two identical accounts print two identical cards; the same page read twice, once
        for text, count in Counter(texts).items():
            found.setdefault(text, page)
            on_page[page, text] = max(on_page.get((page, text), 0), count)
    if not found:
        if unread:
            raise InputError(path, f"shows {qr_codes(unread)} too small or blurred to read", CLOSER)
        raise InputError(path, "no QR code found", NO_QR_HINT)
    sheets: list = payload.decode([t for t in found if not verify_cards.is_card_text(t)])
    copies: dict[str, int] = {}
    for (_, text), count in on_page.items():
        copies[text] = copies.get(text, 0) + count
    decks = verify_cards.read(found, copies, unread)
    if not sheets and not decks:
        raise InputError(
            path,
            f"holds {qr_codes(len(found))}, none of them a mksheet sheet's",
            "give the PDF or a picture of a sheet mksheet printed",
        )
    for sheet in sheets:
        if sheet.missing:
            raise InputError(path, _missing_parts(sheet, unread), CLOSER if unread else WHOLE)
    return sheets + decks


CLOSER = "photograph closer, flat and in focus, with the sheet filling the picture"
WHOLE = "photograph the whole sheet with every QR code in the picture"


def _missing_parts(sheet: ReadBack, unread: int) -> str:
    """What was seen of a sheet whose parts were not all read."""
    seen = sheet.parts - len(sheet.missing)
    said = f"shows {seen} of a sheet's {sheet.parts} QR codes"
    if unread:
        blurred = "is" if unread == 1 else "are"
        return f"{said}; {unread} more {blurred} too small or blurred to read"
    return f"{said} (missing {', '.join(map(str, sheet.missing))} of {sheet.parts})"


def check(path: str, sheets: list[ReadBack | CardsBack]) -> None:
    """InputError (exit status 1) when what was read shows that something expected is
    missing: after the summary, so the reader sees what was read."""
    problems = [found for sheet in sheets if (found := problem(sheet))]
    if problems:
        blurred = any(isinstance(s, CardsBack) and s.blurred for s in sheets)
        raise InputError(path, "; ".join(problems), CLOSER if blurred else EVERY_PAGE)


EVERY_PAGE = "give the whole PDF, or a picture of each page with every QR code on it"


def problem(sheet: ReadBack | CardsBack) -> str | None:
    """What is missing from what was read, in one line for the exit status (None: all)."""
    if isinstance(sheet, CardsBack):
        return verify_cards.problem(sheet)
    return None  # a sheet with a part missing is refused by read()


def pictures(path: str, password: str | None = None):
    """(texts of its QR codes, how many more are too small or blurred to read, printed text)
    for each page of a PDF (password if encrypted), or for a picture (no printed text)."""
    data = read_bytes(path, MAX_FILE_BYTES, "a sheet's PDF or a photo of one", OPEN_HINT)
    if data.startswith(b"%PDF"):
        yield from _pdf_pages(path, data, password)
    else:
        yield (*scan(_picture(path, data)), "")


def _pdf_pages(path: str, data: bytes, password: str | None):
    """Each page rasterised at PDF_DPI[0], and at the finer PDF_DPI[1] if that reads none."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data, password=password)
    except pypdfium2.PdfiumError as exc:
        if "password" in str(exc).lower():
            problem = "is encrypted" if password is None else "does not open with that password"
            raise InputError(
                path,
                problem,
                "give its password with --password-file FILE, or "
                "verify the printed sheet (a scan or a photo)",
            ) from None
        raise InputError(path, "is not a PDF that can be opened", "check the file") from None
    try:
        if len(document) > MAX_PAGES:
            raise InputError(
                path,
                f"has {len(document):,} pages, more than verify reads ({MAX_PAGES:,})",
                "verify the sheet's own PDF, or split the file",
            )
        for number, page in enumerate(document, 1):
            _check_page(path, number, page.get_size())
            for dpi in PDF_DPI:
                found, unread = scan(page.render(scale=dpi / 72, grayscale=True).to_pil(), False)
                if found or dpi == PDF_DPI[-1]:
                    cards = any(map(verify_cards.is_card_text, found))
                    yield found, unread, _printed(page) if cards else ""
                    break
    finally:
        document.close()


def _printed(page) -> str:
    """A page's text as a reader extracts it: an authenticator deck's serial and card heads."""
    textpage = page.get_textpage()
    try:
        return textpage.get_text_range()
    finally:
        textpage.close()


def _check_page(path: str, number: int, size: tuple[float, float]) -> None:
    """Refuse a page larger than any paper a sheet is printed or scanned on."""
    width, height = size
    if max(width, height) > MAX_PAGE_SIDE or width * height > MAX_PAGE_AREA:
        raise InputError(
            path,
            f"page {number} is {width / 72:.0f} x {height / 72:.0f} inches, "
            "larger than any paper a sheet is printed on",
            OPEN_HINT,
        )


def _picture(path: str, data: bytes):
    """A PNG or JPEG scan or photo, turned upright by its EXIF orientation, in grey."""
    import io
    import warnings

    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=PICTURE_FORMATS)  # never EPS & co
        if image.width * image.height > MAX_PIXELS or max(image.size) > MAX_SIDE:
            raise InputError(
                path,
                f"is a picture of {image.width} x {image.height} pixels, more than verify "
                f"reads ({MAX_PIXELS / 1e6:.0f} million, {MAX_SIDE:,} to a side)",
                "scale it down, or photograph the sheet alone",
            )
        image.draft("L", image.size)  # a JPEG decodes straight to grey: a third of the memory
        image.load()
    except (
        UnidentifiedImageError,
        OSError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        ValueError,
        SyntaxError,
    ):
        raise InputError(
            path, "is neither a PDF nor a picture mksheet can open", OPEN_HINT
        ) from None
    return ImageOps.exif_transpose(image).convert("L")


def scan(image, enlarge: bool = True) -> tuple[list[str], int]:
    """(the text of every QR code read in image, how many more were found but not read).

    A whole-page phone photo 800 pixels wide gives a 0.8 mm module under 3 pixels, where
    zxing finds the symbol but cannot read it: the photo is then enlarged twice and
    sharpened (measured: every such photo then reads, benchmarks/qr_photo.py); a dim one
    has its contrast stretched."""
    read: list[str] = []
    tries = []  # (texts read, symbols left unread) of each attempt
    for attempt in _attempts(image, enlarge):
        texts, blurred = _read(attempt)
        read = _merged(read, texts)
        tries.append((len(texts), blurred))
        if texts and not blurred:
            break
    most = max(count for count, _ in tries)
    if most:  # what the attempt that read the most left unread (the others see less)
        return read, min(blurred for count, blurred in tries if count == most)
    return read, max(blurred for _, blurred in tries)


def _attempts(image, enlarge: bool):
    """The picture as taken, enlarged and sharpened (if it is small), then with its contrast
    stretched: each tried only if the one before left a symbol unread."""
    from PIL import Image, ImageFilter, ImageOps

    yield image
    if enlarge and max(image.size) <= ENLARGE_UP_TO:
        bigger = image.resize((image.width * 2, image.height * 2), Image.Resampling.BICUBIC)
        yield bigger.filter(ImageFilter.UnsharpMask(radius=2, percent=150, threshold=0))
    yield ImageOps.autocontrast(image, cutoff=2)


def _read(image) -> tuple[list[str], int]:
    """(texts zxing reads, symbols it locates but cannot read) in one picture."""
    import zxingcpp

    qr_only: Any = zxingcpp.BarcodeFormat.QRCode  # the stubs want BarcodeFormats
    try:
        found = zxingcpp.read_barcodes(image, formats=qr_only, return_errors=True)
    except TypeError:  # a zxing-cpp without return_errors: unread symbols go uncounted
        found = zxingcpp.read_barcodes(image, formats=qr_only)
    rows = max(1, image.height // 60)  # reading order: cards left to right, row by row
    valid = sorted(
        (r for r in found if getattr(r, "valid", True)),
        key=lambda r: (r.position.top_left.y // rows, r.position.top_left.x),
    )
    boxes = [_corners(r) for r in valid]
    unread = 0
    for result in found:  # zxing also reports shapes that only look like a symbol's corner
        corners = _corners(result)
        if result in valid or not _square(corners) or any(_inside(corners, b) for b in boxes):
            continue
        boxes.append(corners)
        unread += 1
    return [_text(result) for result in valid], unread


def _corners(result) -> list[tuple[float, float]]:
    p = result.position
    return [(c.x, c.y) for c in (p.top_left, p.top_right, p.bottom_right, p.bottom_left)]


def _square(corners) -> bool:
    """Whether four corners make a symbol as a photo shows one: near square, its sides at
    least 21 modules of 1.5 pixels, and not folded over (zxing's stray finder matches)."""
    from math import dist

    sides = [dist(corners[i], corners[(i + 1) % 4]) for i in range(4)]
    diagonals = dist(corners[0], corners[2]), dist(corners[1], corners[3])
    return (
        min(sides) >= 30
        and max(sides) <= 1.5 * min(sides)
        and max(diagonals) <= 1.3 * min(diagonals)
    )


def _inside(corners, box) -> bool:
    """Whether the middle of corners falls within the box's extent (the same symbol)."""
    x = sum(c[0] for c in corners) / 4
    y = sum(c[1] for c in corners) / 4
    xs, ys = [c[0] for c in box], [c[1] for c in box]
    return min(xs) <= x <= max(xs) and min(ys) <= y <= max(ys)


def _merged(first: list[str], more: list[str]) -> list[str]:
    """Texts read in two attempts, once each, in the order of the one that read more."""
    lead, rest = (more, first) if len(more) > len(first) else (first, more)
    return lead + [text for text in rest if text not in lead]


def _text(result) -> str:
    try:
        return bytes(result.bytes).decode("utf-8")
    except UnicodeDecodeError:
        return result.text


@dataclass(frozen=True)
class Status:
    """What the ledger says of a sheet: current, superseded, destroyed, unknown or unrecorded;
    or mismatch: a serial it recorded over codes it did not (a forged or altered sheet)."""

    word: str
    note: str = ""
    serial: str | None = None  # what the ledger knows of an authenticator deck
    provider: str | None = None
    owner: str | None = None
    name: str | None = None  # the service as the ledger recorded it

    def __str__(self) -> str:
        return f"{self.word}: {self.note}" if self.note else self.word


def status(sheet: ReadBack | CardsBack, state_dir: str | None = None) -> Status:
    """The sheet's standing in the ledger, and whether its codes are the ones recorded."""
    if sheet.serial is None and not isinstance(sheet, CardsBack):
        return Status("unrecorded", "the sheet has no serial")
    try:
        from sheets import ledger
        from sheets.ledger import folder as state_folder
        from sheets.ledger import store as state
    except ImportError:
        return Status("unknown", "no ledger")
    try:
        book = state.load(state_folder.folder(state_dir))
        serial = sheet.serial or (
            verify_cards.serial_by_batch(book, sheet) if isinstance(sheet, CardsBack) else None
        )
        if serial is None:
            return Status(
                "unrecorded",
                "no serial was read (a picture of the restore page, or the deck's PDF, names it)",
            )
        entry = ledger.find(book, serial)
    except ledger.UnknownSerial:
        return Status(
            "unrecorded", f"the ledger in {state_folder.folder(state_dir)} has no sheet {serial}"
        )
    except SheetsError as exc:
        return Status("unknown", exc.message())
    if isinstance(sheet, CardsBack):
        mismatch, doubt = verify_cards.differs(sheet, book, entry)
    else:
        mismatch, doubt = _differs(sheet, book, entry), ""
    if mismatch:
        return Status("mismatch", mismatch, entry.serial, entry.provider, entry.owner)
    note = doubt or {
        "superseded": f"sheet {entry.replaced_by} replaced it; destroy this one",
        "destroyed": f"recorded as shredded on {entry.status_date}",
    }.get(entry.status, "")
    name = ledger.printed_name(entry)
    return Status(entry.status, note, entry.serial, entry.provider, entry.owner, name)


def _differs(sheet: ReadBack, book, entry) -> str:
    """Why the codes read are not the set recorded under the sheet's serial, or ""."""
    from sheets.ledger import fingerprint

    kind, second = sheet.second or ("", ())
    codes = CodeSet(entry.provider, entry.kind, sheet.codes, second=_second(kind, second))
    if book.key and fingerprint.matches(book.key, Job(codes), entry.fingerprint) is False:
        # None (no fingerprint kept) cannot tell, so says nothing
        return f"its codes are not the set recorded for {entry.serial}"
    return ""


MISMATCH_HINT = (
    "it was altered or forged, or comes from another ledger: do not rely on it; destroy it "
    "and print the sheet again from the download or the app"
)


def _second(kind: str, codes: tuple[str, ...]) -> Secret | None:
    return Secret(kind, codes) if codes else None


def describe(sheet: ReadBack | CardsBack, standing: Status) -> dict:
    """The `verify --json` object (it holds a code sheet's codes in clear, never a key)."""
    if isinstance(sheet, CardsBack):
        return verify_cards.describe(sheet, standing)
    return {
        "provider": sheet.provider,
        "name": service_name(sheet, standing),
        "title": sheet.title,
        "account": sheet.account,
        "owner": sheet.owner,
        "serial": sheet.serial,
        "printed": sheet.printed,
        "status": standing.word,
        "status_note": standing.note,
        "count": len(sheet.codes),
        "codes": list(sheet.codes),
        "used": list(sheet.used),
        # everything else the paper shows, as the QR gives it back (in clear, like the codes)
        "second": {"kind": sheet.second[0], "codes": list(sheet.second[1])}
        if sheet.second
        else None,
        "code_notes": {str(index): note for index, note in sheet.code_notes},
        "other_lines": [{"line": line, "text": text} for line, text in sheet.other_lines],
    }


def service_name(sheet: ReadBack, standing: Status) -> str | None:
    """The service as the sheet names it: its QR payload's name, the ledger's, or the
    provider's own (None for a website that named itself nowhere)."""
    from sheets.read.providers import known_name

    return getattr(sheet, "name", None) or standing.name or known_name(sheet.provider)


def summary(sheet: ReadBack | CardsBack, standing: Status) -> list[tuple[str, str]]:
    """(label, value) rows for people: codes masked, never in clear."""
    from sheets.term import clean, mask

    if isinstance(sheet, CardsBack):
        return [(label, clean(value)) for label, value in verify_cards.summary(sheet, standing)]

    masked = ", ".join(mask(code) for code in sheet.codes)
    rows = [
        ("sheet", sheet.title),
        ("service", service_name(sheet, standing) or "-"),
        ("provider", sheet.provider),
        ("account", sheet.account or "-"),
        ("owner", sheet.owner or "-"),
        ("serial", sheet.serial or "-"),
        ("printed", sheet.printed or "-"),
        ("codes", f"{len(sheet.codes)} ({len(sheet.used)} marked used): {masked}"),
    ]
    if sheet.second:  # masked like the codes: what it is, never what it says
        rows.append(("also", f"a {sheet.second[0].replace('-', ' ')} beside the codes"))
    if sheet.code_notes or sheet.other_lines:
        rows.append(
            ("notes", f"{len(sheet.code_notes)} beside codes, {len(sheet.other_lines)} other "
             "line(s) of the file (in --json)")
        )  # fmt: skip
    rows.append(("status", str(standing)))
    return [(label, clean(value)) for label, value in rows]  # a QR payload is untrusted
