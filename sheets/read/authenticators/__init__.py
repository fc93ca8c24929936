"""Authenticator app exports: Aegis, 2FAS, andOTP, Bitwarden, Ente, Proton, FreeOTP(+),
Authenticator Pro, otpauth:// lists and Google's transfer QR.

Each reader module has FORMAT (the `inspect --json` provider), NAME (the app as printed), a
pure `score(name, text) -> 0..1` and `parse(name, data, password) -> Vault`; readers()
lists them explicitly and app_name() names a format. unread.py names the exports mksheet
knows by sight but does not read. `is_export` is
the cheap sniff that sends `mksheet FILE` here instead of to the code providers (it needs
only sniff.py: the readers are imported when an export is read, not for every code file);
`read_vault` reads one export, asking for the password only when the file is encrypted.
Formats and sources: docs/authenticators.md.
"""

from __future__ import annotations

import codecs
import os
import stat
import sys
from collections.abc import Callable

from sheets.errors import InputError
from sheets.model import Vault
from sheets.read import textio
from sheets.read.authenticators import sniff, unread
from sheets.read.password import first_line

MAX_BYTES = 20_000_000  # Aegis with icons stays far below; refuse before reading it all
HEAD_BYTES = 4096  # what is_export needs to see
THRESHOLD = 0.5
_MARKERS = (
    b"otpauth://",
    b"otpauth-migration://",
    b"motp://",
    b'"servicesEncrypted"',
    b'"schemaVersion"',
    b'"kdfParams"',  # Ente
    b'"Authenticators"',  # Authenticator Pro
    b'"issuerExt"',  # FreeOTP and FreeOTP+
    b'"login_totp"',  # Bitwarden's CSV
    b'"entry_type"',  # Proton Authenticator
)
_BINARY = (b"AUTHENTICATORPRO", b"AuthenticatorPro", b"\xac\xed\x00\x05")  # Stratum, FreeOTP
_ANDOTP_NAMES = (".json.aes",)
NOT_EXPORT_HINT = (
    "export the vault from Aegis, 2FAS, andOTP, Bitwarden, Ente Auth, Proton Authenticator, "
    "FreeOTP, Authenticator Pro or Google Authenticator (or save otpauth:// URIs one a "
    "line) and try again"
)


def is_export(name: str, head: bytes) -> bool:
    """Whether a file looks like an authenticator export, from its name and first bytes."""
    base = os.path.basename(name).lower()
    if base.endswith(".2fas") or base.endswith(_ANDOTP_NAMES) or head.startswith(_BINARY):
        return True
    if unread.app(base, head) is not None:
        return True
    text = _head_text(head)
    if any(marker.decode() in text for marker in _MARKERS) or b"login_totp" in head[:1024]:
        return True
    checks = (sniff.aegis, sniff.andotp, sniff.bitwarden_json, sniff.proton_locked)
    return any(score(base, text) >= THRESHOLD for score in checks) or sniff.andotp_bytes(base, head)


def readers() -> tuple:
    """The reader modules, in the order a tie in score is settled."""
    from sheets.read.authenticators import (
        aegis,
        andotp,
        authenticator_pro,
        bitwarden,
        bitwarden_authenticator,
        ente,
        freeotp,
        freeotp_plus,
        google,
        otpauth_list,
        proton,
        twofas,
    )

    return (
        aegis,
        twofas,
        authenticator_pro,
        bitwarden,
        bitwarden_authenticator,
        ente,
        proton,
        freeotp_plus,
        freeotp,
        google,
        otpauth_list,
        andotp,  # last: it claims binary files by their first four bytes alone
    )


def app_name(format: str) -> str:
    """The app a Vault.format comes from, as printed ("Bitwarden", "Ente Auth")."""
    return next((reader.NAME for reader in readers() if format == reader.FORMAT), format)


def read_vault(path: str, password: Callable[[], str] | None = None) -> Vault:
    """One export read to its entries; every problem is one InputError naming the file."""
    data = textio.read_bytes(path, MAX_BYTES, "any authenticator export")
    return parse_export(os.path.basename(path), data, password, path)


def parse_export(name: str, data: bytes, password: Callable[[], str] | None, path: str) -> Vault:
    """An export's bytes read by the reader its name and content choose (fuzz/ calls it)."""
    from sheets.read.authenticators import entry

    reader = _reader(name, data, path)
    with entry.located(path):
        try:
            vault = reader.parse(name, data, password)
            if not vault.entries:  # a Bitwarden vault without a TOTP key, an empty app
                raise entry.damaged(f"is a {reader.NAME} export that holds no accounts")
            return vault
        except (KeyError, TypeError, ValueError, AttributeError, IndexError):
            # a layout no check foresaw: still one line, and nothing from the file in it
            raise InputError(
                None,
                f"is damaged or in a {reader.FORMAT} layout this mksheet does not know",
                NOT_EXPORT_HINT,
            ) from None


def password_from(file: str | None, warn=None, name: str = "") -> Callable[[], str]:
    """A function giving the vault password: FILE's first line, or typed without echo (the
    prompt names the export, as a binder may ask for several)."""
    if file is not None:
        return lambda: first_line(file, warn)
    return lambda: _typed(name)


def is_export_file(path: str) -> bool:
    """is_export on a path: only a regular file is opened (a FIFO would block)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False
        with open(path, "rb") as f:
            return is_export(path, f.read(HEAD_BYTES))
    except OSError:
        return False  # the code reader says what is wrong with the path


def _typed(name: str = "") -> str:
    if not sys.stdin.isatty():
        raise InputError(
            None,
            "is encrypted and there is no terminal to ask for its password",
            "put the password in a file and use --vault-password-file FILE",
        )
    import getpass  # termios: only when a password is typed

    return getpass.getpass(f"Vault password{' of ' + name if name else ''} (not shown): ")


def _reader(name: str, data: bytes, path: str):
    text = _head_text(data[:1_000_000])
    candidates = readers()
    ranked = sorted(
        ((reader.score(name.lower(), text), index) for index, reader in enumerate(candidates)),
        reverse=True,
    )
    best, index = ranked[0]
    if best >= THRESHOLD:
        return candidates[index]
    app = unread.app(name, data[:HEAD_BYTES])
    if app is not None:
        raise InputError(
            path, f"is an export of {app}, which mksheet does not read yet", NOT_EXPORT_HINT
        )
    if sniff.andotp_bytes(name, data[:HEAD_BYTES]):
        from sheets.read.authenticators import andotp

        return andotp  # binary with andOTP's header, or an andOTP-like name
    raise InputError(path, "is not an export mksheet knows", NOT_EXPORT_HINT)


def _head_text(data: bytes) -> str:
    """Bytes as text for sniffing only: UTF-16 and BOMs honoured, bad bytes replaced."""
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace")
    return data.decode("utf-8-sig", errors="replace")
