"""AES-256 encryption for a digital copy of a sheet, done by pikepdf (qpdf) in memory.

reportlab's own 256-bit mode writes a revision-5 file that poppler and pypdf reject, and its
128-bit mode is RC4; so reportlab draws a plain PDF and pikepdf encrypts it with the PDF 2.0
security handler (revision 6, AESv3). The plain bytes never touch the disk or a temp file.
Only a tiny XMP packet naming mksheet stays readable without the password, so that
output.is_own() can tell mksheet's own encrypted files from files it must not replace.
"""

from __future__ import annotations

import io
import sys

from sheets import __version__
from sheets.errors import InputError, SheetsError
from sheets.read.password import first_line

MAX_PASSWORD_BYTES = 127  # PDF 2.0 (R6) passwords are at most 127 bytes of UTF-8
# AES-256 is only as strong as its password, and R6 costs a guesser one SHA-256 chain per try:
# under 12 characters (unless --weak-password) a copy of the file can be opened by guessing.
MIN_PASSWORD = 12
OWN_MARK = b"<xmp:CreatorTool>mksheet "  # in an encrypted sheet, readable without its password
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


def read_password_file(path: str, warn=None, weak: bool = False) -> str:
    """A PDF password from a file's first line (sheets.read.password), if every PDF reader
    can open a file locked with it (weak: see check_password)."""
    return first_line(path, warn, lambda password: check_password(password, path, weak))


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
