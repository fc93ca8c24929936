"""Bytes to text: the only place that decodes an input file.

Handles what ordinary downloads and Windows editors do to a file: UTF-8 with or
without a BOM, UTF-16 LE/BE (Notepad), CRLF/CR/mixed line endings, zero-width and
no-break spaces. Refuses binaries and oversized files before parsing anything.
"""

from __future__ import annotations

import codecs
import os
import re
import stat as stat_mod

from sheets.errors import InputError

MAX_BYTES = 1_000_000  # far above any code download; refuse before reading it all

_MAGIC = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (or Office document)",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "a program",
    b"{\\rtf": "an RTF document",
}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u3000"), " ")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

TRY_HINT = "save the codes as plain text (UTF-8) and try again"
PICK_HINT = "save the codes to a file, or pick the one the website or app gave you"


def read_text(path: str) -> str:
    """Read a downloaded code file and return its text with LF line endings."""
    return decode(read_bytes(path), path)


def read_bytes(
    path: str, limit: int = MAX_BYTES, what: str = "any code download", hint: str = PICK_HINT
) -> bytes:
    """Read a regular file of at most `limit` bytes, with a clear error otherwise (hint: what
    to do about a file that is not `what`). Every input file is read here."""
    try:
        _check_regular(path, os.stat(path), limit, what, hint)  # no device or FIFO is opened ...
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except FileNotFoundError:
        raise InputError(path, "no such file", "check the path and the file name") from None
    except OSError as exc:
        raise InputError(path, f"cannot read ({exc.strerror})", "check its permissions") from None
    try:  # ... and one swapped in since opens at once (O_NONBLOCK) and is refused here
        _check_regular(path, os.fstat(fd), limit, what, hint)
        with os.fdopen(os.dup(fd), "rb") as f:
            data = f.read(limit + 1)
    except OSError as exc:
        raise InputError(path, f"cannot read ({exc.strerror})", "check its permissions") from None
    finally:
        os.close(fd)
    if len(data) > limit:  # it grew after the size check
        raise InputError(path, f"grew while it was read, past {what}", hint)
    return data


def _check_regular(path: str, info: os.stat_result, limit: int, what: str, hint: str) -> None:
    """Refuse a folder, a device or a FIFO, and a file far larger than `what`."""
    if stat_mod.S_ISDIR(info.st_mode):
        raise InputError(path, "is a folder, not a file", "name the file inside it")
    if not stat_mod.S_ISREG(info.st_mode):
        raise InputError(path, "is not a regular file", hint)
    if info.st_size > limit:
        raise InputError(path, f"is {_size(info.st_size)}, far larger than {what}", hint)


def _size(count: int) -> str:
    """1,234 bytes; 3,000 MB."""
    return f"{count:,} bytes" if count < 10_000_000 else f"{count / 1e6:,.0f} MB"


def decode(data: bytes, name: str = "<input>") -> str:
    """Decode downloaded bytes to clean text; raise InputError for anything not text."""
    if not data.strip():
        raise InputError(
            name, "holds only white space" if data else "is empty", "download the codes again"
        )
    if len(data) > MAX_BYTES:
        raise InputError(name, "is far larger than any code download", "pick the right file")
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise InputError(name, f"is {what}, not a text file of codes", TRY_HINT)
    text = _to_str(data, name)
    text = text.translate(_INVISIBLE).translate(_SPACES)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _CONTROL.search(text):
        raise InputError(name, "holds binary data (control characters), not text", TRY_HINT)
    if not text.strip():
        raise InputError(name, "holds only white space", "download the codes again")
    return text


def _to_str(data: bytes, name: str) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom) :], encoding, name)
    guessed = _bomless_utf16(data)
    if guessed:
        return _strict(data, guessed, name)
    if b"\x00" in data:
        raise InputError(name, "holds NUL bytes, so it is not a text file", TRY_HINT)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise InputError(name, "is neither UTF-8, UTF-16 nor Windows-1252 text", TRY_HINT) from None


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII text with every other byte NUL."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    if odd.count(0) == len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) == len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        label = encoding.upper().replace("-LE", " LE").replace("-BE", " BE")
        raise InputError(
            name, f"starts like {label} text but does not decode as {label}", TRY_HINT
        ) from None
