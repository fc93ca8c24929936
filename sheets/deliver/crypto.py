"""AES-256 encryption for a digital copy of a sheet, done by pikepdf (qpdf) in memory.

reportlab's own 256-bit mode writes a revision-5 file that poppler and pypdf reject, and its
128-bit mode is RC4; so reportlab draws a plain PDF and pikepdf encrypts it with the PDF 2.0
security handler (revision 6, AESv3). The plain bytes never touch the disk or a temp file.
Only a tiny XMP packet naming mksheet stays readable without the password, so that
output.is_own() can tell mksheet's own encrypted files from files it must not replace.
"""

from __future__ import annotations

import io
import os
import select
import stat
import sys
import time

from sheets import __version__
from sheets.errors import InputError, SheetsError

MAX_PASSWORD_FILE = 64_000
PIPE_WAIT = 5.0  # seconds a FIFO may take to send the password
MAX_PASSWORD_BYTES = 127  # PDF 2.0 (R6) passwords are at most 127 bytes of UTF-8
# AES-256 is only as strong as its password, and R6 costs a guesser one SHA-256 chain per try:
# under 12 characters (unless --weak-password) a copy of the file can be opened by guessing.
MIN_PASSWORD = 12
OWN_MARK = b"<xmp:CreatorTool>mksheet "  # what output.is_own() finds in an encrypted sheet
# Left unencrypted on purpose (EncryptMetadata false): it says only which program wrote it.
XMP = (
    '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
    '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">\n'
    f"<xmp:CreatorTool>mksheet {__version__}</xmp:CreatorTool>\n"
    "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n"
    '<?xpacket end="r"?>'
).encode()


def encrypt(pdf_bytes: bytes, password: str) -> bytes:
    """The same PDF encrypted AES-256 (R6): password opens it, nothing else does."""
    import pikepdf

    if not password:
        raise ValueError("empty password")
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        pdf.Root.Metadata = pdf.make_stream(
            XMP, Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML
        )
        out = io.BytesIO()
        pdf.save(
            out,
            encryption=pikepdf.Encryption(
                user=password, owner=password, R=6, aes=True, metadata=False
            ),
        )
    return out.getvalue()


def read_password_file(path: str, warn=None, pdf: bool = True, weak: bool = False) -> str:
    """The first line of a password file, without its line ending; warn(file, text) if others
    may read it. A FIFO or a pipe (`<(pass show x)`) is read, but never waited on for long.
    pdf=False skips the PDF password rules (a vault password is whatever the app took);
    weak takes one shorter than MIN_PASSWORD (see check_password)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)  # a FIFO opens at once
    except FileNotFoundError:
        raise InputError(
            path, "no such password file", "check the path given to --password-file"
        ) from None
    except OSError as exc:
        raise InputError(
            path, f"cannot read the password file ({exc.strerror})", "check its permissions"
        ) from None
    try:
        data, open_to_others = _read_password(fd, path)
    finally:
        os.close(fd)
    line = data.removeprefix(b"\xef\xbb\xbf").split(b"\n", 1)[0].removesuffix(b"\r")
    try:
        password = line.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(
            path,
            "the password file's first line is not UTF-8 text",
            "save it as plain text (UTF-8)",
        ) from None
    password = check_password(password, path, weak) if pdf else password
    if open_to_others and warn:  # after the checks: a refusal stays one line
        warn(path, "the password file can be read by other users: chmod 600 it")
    return password


def _read_password(fd: int, path: str) -> tuple[bytes, bool]:
    """The start of the file or pipe, and whether others may read it."""
    info = os.fstat(fd)
    if stat.S_ISDIR(info.st_mode):
        raise InputError(path, "is a folder, not a password file", "name the file itself")
    if not (stat.S_ISREG(info.st_mode) or stat.S_ISFIFO(info.st_mode)):
        raise InputError(path, "is not a file or a pipe", "give a password file")
    data, deadline = b"", time.monotonic() + PIPE_WAIT
    while len(data) < MAX_PASSWORD_FILE and b"\n" not in data:
        if not select.select([fd], [], [], max(0.0, deadline - time.monotonic()))[0]:
            raise InputError(
                path,
                f"sent no password within {PIPE_WAIT:.0f} seconds",
                "write the password into a file and give that file",
            )
        try:
            chunk = os.read(fd, MAX_PASSWORD_FILE - len(data))
        except BlockingIOError:  # woken with nothing to read yet
            continue
        except OSError as exc:
            raise InputError(
                path, f"cannot read the password file ({exc.strerror})", "check its permissions"
            ) from None
        if not chunk:
            break
        data += chunk
    return data, stat.S_ISREG(info.st_mode) and bool(info.st_mode & 0o077)


def check_password(password: str, where: str, weak: bool = False) -> str:
    """The password, if every PDF reader can open a file locked with it and, unless weak
    (--weak-password, or a password that opens a file locked earlier), it has at least
    MIN_PASSWORD characters."""
    if not password:
        raise InputError(where, "the password is empty", "choose a password")
    if "\x00" in password:
        raise InputError(where, "the password holds a NUL character", "choose another password")
    if len(password.encode("utf-8")) > MAX_PASSWORD_BYTES:  # readers disagree beyond this
        raise InputError(
            where,
            f"the password is longer than {MAX_PASSWORD_BYTES} bytes, "
            "the most a PDF password holds",
            "choose a shorter password",
        )
    if len(password) < MIN_PASSWORD and not weak:
        raise InputError(
            where,
            f"the password is {len(password)} characters, fewer than {MIN_PASSWORD}: "
            "a copy of the PDF could be opened by guessing",
            "choose a longer one (a few words in a row are easy to type and to keep), "
            "or add --weak-password to use it anyway",
        )
    return password


def ask_password(
    encrypt: bool, password_file: str | None, prompt, warn=None, weak: bool = False
) -> str | None:
    """The --encrypt password: from --password-file, else asked with prompt on a terminal;
    weak (--weak-password) takes one shorter than MIN_PASSWORD."""
    if password_file:
        return read_password_file(password_file, warn, weak=weak)
    if not encrypt:
        return None
    if not sys.stdin.isatty():
        raise SheetsError(
            "--encrypt",
            "needs a password and there is no terminal to ask on",
            "use --password-file FILE",
        )
    return check_password(prompt("Password for the PDF"), "--encrypt", weak)
