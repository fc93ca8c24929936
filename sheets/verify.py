"""`mksheet verify`: read a sheet back from its PDF, a scan or a phone photo.

The QR codes hold the text sheets.payload wrote (and sheets.payload reads it, joining a
sheet's split parts 1/n ... n/n). pdfium rasterises PDFs and zxing-cpp decodes, so this
reads what a camera would, not what the drawer meant. Messages never hold a code.
"""

from __future__ import annotations

from dataclasses import dataclass

from sheets import payload
from sheets.errors import InputError, SheetsError
from sheets.model import CodeSet
from sheets.payload import ReadBack

PDF_DPI = (200, 300)  # a second, finer try before giving up on a PDF page
NO_QR_HINT = ("scan or photograph the whole sheet, flat and in focus, with the QR code "
              "in the picture")


def read(path: str, password: str | None = None) -> list[ReadBack]:
    """Every distinct sheet whose QR code is found in the file (InputError when none)."""
    found = []
    for text in payloads(path, password):
        if text not in found:
            found.append(text)
    if not found:
        raise InputError(path, "no QR code found", NO_QR_HINT)
    sheets = payload.decode(found)
    if not sheets:
        raise InputError(path, f"holds {len(found)} QR code(s), none of them a mksheet "
                         "sheet's", "give the PDF or a picture of a sheet mksheet printed")
    for sheet in sheets:
        if sheet.missing:
            seen = sheet.parts - len(sheet.missing)
            raise InputError(path, f"shows {seen} of a sheet's {sheet.parts} QR codes (missing "
                             f"{', '.join(map(str, sheet.missing))} of {sheet.parts})",
                             "photograph the whole sheet with every QR code in the picture")
    return sheets


def payloads(path: str, password: str | None = None):
    """The text of each QR code in a PDF (every page; password if encrypted) or a picture."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror})", "check the path") from None
    if data.startswith(b"%PDF"):
        yield from _pdf_payloads(path, data, password)
    else:
        yield from decode(_picture(path, data))


def _pdf_payloads(path: str, data: bytes, password: str | None):
    """Each page rasterised at PDF_DPI[0], and at the finer PDF_DPI[1] if that finds none."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data, password=password)
    except pypdfium2.PdfiumError as exc:
        if "password" in str(exc).lower():
            problem = "is encrypted" if password is None else "does not open with that password"
            raise InputError(path, problem, "give its password with --password-file FILE, or "
                             "verify the printed sheet (a scan or a photo)") from None
        raise InputError(path, "is not a PDF that can be opened", "check the file") from None
    try:
        for page in document:
            for dpi in PDF_DPI:
                found = decode(page.render(scale=dpi / 72, grayscale=True).to_pil())
                if found:
                    yield from found
                    break
    finally:
        document.close()


def _picture(path: str, data: bytes):
    """A scan or photo, turned upright by its EXIF orientation, in grey."""
    import io

    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError):
        raise InputError(path, "is neither a PDF nor a picture mksheet can open",
                         "give the sheet's PDF, or a PNG or JPEG scan or photo") from None
    return ImageOps.exif_transpose(image).convert("L")


def decode(image) -> list[str]:
    """The text of every QR code in image (UTF-8, as mksheet writes it)."""
    import zxingcpp
    from PIL import ImageOps

    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    if not found:  # a dim photo: stretch the contrast and try once more
        found = zxingcpp.read_barcodes(ImageOps.autocontrast(image, cutoff=2),
                                       formats=zxingcpp.BarcodeFormat.QRCode)
    return [_text(result) for result in found]


def _text(result) -> str:
    try:
        return bytes(result.bytes).decode("utf-8")
    except UnicodeDecodeError:
        return result.text


@dataclass(frozen=True)
class Status:
    """What the ledger says of a sheet: current, superseded, destroyed, unknown or unrecorded."""

    word: str
    note: str = ""

    def __str__(self) -> str:
        return f"{self.word}: {self.note}" if self.note else self.word


def status(sheet: ReadBack, state_dir: str | None = None) -> Status:
    """The sheet's standing in the ledger, and whether its codes are the ones recorded."""
    if sheet.serial is None:
        return Status("unrecorded", "the sheet has no serial")
    try:
        from sheets import ledger, state
    except ImportError:
        return Status("unknown", "no ledger")
    try:
        book = state.load(state.folder(state_dir))
        entry = ledger.find(book, sheet.serial)
    except ledger.UnknownSerial:
        return Status("unrecorded", f"the ledger in {state.folder(state_dir)} has no sheet "
                      f"{sheet.serial}")
    except SheetsError as exc:
        return Status("unknown", exc.message())
    codes = CodeSet(provider=entry.provider, kind=entry.kind, codes=sheet.codes)
    if ledger.fingerprint(book.key, codes) != entry.fingerprint:
        return Status(entry.status, f"but its codes are not the set recorded for {entry.serial}")
    if entry.status == "superseded":
        return Status(entry.status, f"sheet {entry.replaced_by} replaced it; destroy this one")
    if entry.status == "destroyed":
        return Status(entry.status, f"recorded as shredded on {entry.status_date}")
    return Status(entry.status)


def describe(sheet: ReadBack, standing: Status) -> dict:
    """The `verify --json` object (it holds the codes in clear)."""
    return {"provider": sheet.provider, "title": sheet.title, "account": sheet.account,
            "owner": sheet.owner, "serial": sheet.serial, "printed": sheet.printed,
            "status": standing.word, "status_note": standing.note, "count": len(sheet.codes),
            "codes": list(sheet.codes), "used": list(sheet.used)}


def summary(sheet: ReadBack, standing: Status) -> list[tuple[str, str]]:
    """(label, value) rows for people: codes masked, never in clear."""
    from sheets.api import mask

    masked = ", ".join(mask(code) for code in sheet.codes)
    return [("sheet", sheet.title), ("provider", sheet.provider),
            ("account", sheet.account or "-"), ("owner", sheet.owner or "-"),
            ("serial", sheet.serial or "-"), ("printed", sheet.printed or "-"),
            ("codes", f"{len(sheet.codes)} ({len(sheet.used)} marked used): {masked}"),
            ("status", str(standing))]
