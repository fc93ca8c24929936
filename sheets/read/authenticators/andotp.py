"""andOTP backups: `otp_accounts_<date>.json` (plain) and `otp_accounts_<date>.json.aes`.

Plain (andOTP Entry.toJSON): a JSON array of `{secret, issuer, label, digits, type,
algorithm, ..., period | counter}`; secrets are upper-case Base32 with `=` padding; before
0.6 there was no `issuer` and the label read `Issuer - account`. Encrypted
(BackupHelper.backupToFile): int32 big-endian PBKDF2 rounds | salt (12) | IV (12) |
AES-GCM ciphertext||tag, key PBKDF2-HMAC-SHA1 with 256 bits. andOTP 0.6.2 and older
wrote IV (12) | ciphertext||tag with the key SHA-256(password) and no header; a file whose
first four bytes are no plausible round count, or whose tag fails the new way, is tried so
(as asmw/andOTP-decrypt's --old and Aegis's importer read it). The `.json.gpg` variant is
OpenPGP and not read here.
"""

from __future__ import annotations

import hashlib

from sheets.errors import InputError
from sheets.model import OtpEntry, Vault
from sheets.read.authenticators import crypt, entry, jsondoc, sniff
from sheets.read.authenticators.crypt import Password

FORMAT = "andotp"
NAME = "andOTP"
NAMES = sniff.ANDOTP_NAMES
HEADER = 4 + 12 + 12  # rounds, salt, IV
OLD_HEADER = 12  # IV only (andOTP 0.6.2 and older)
score = sniff.andotp  # is_export's sniff, shared
_OLD_LABEL = " - "


def parse(name: str, data: bytes, password: Password | None) -> Vault:
    """Every entry of a plain or encrypted andOTP backup, in the file's order."""
    encrypted = data.removeprefix(b"\xef\xbb\xbf").lstrip()[:1] not in (b"[", b"{")
    document = jsondoc.load(_decrypt(data, password) if encrypted else data)
    found, warnings = entry.collect(jsondoc.arr(document, "the entry list"), "entry", _entry)
    return Vault(FORMAT, tuple(found), name, encrypted, tuple(warnings))


def _decrypt(data: bytes, password: Password | None) -> bytes:
    if len(data) < OLD_HEADER + 16:
        raise entry.problem("is too short to be an andOTP encrypted backup (truncated)")
    secret = crypt.ask(password)
    rounds = int.from_bytes(data[:4], "big")
    if len(data) >= HEADER + 16 and 1 <= rounds <= crypt.MAX_ITERATIONS:
        try:
            key = crypt.pbkdf2(secret, data[4:16], rounds, "SHA1")
            return crypt.open_gcm(key, data[16:28], data[HEADER:])
        except InputError:  # the wrong password, or an old backup's IV read as rounds
            pass
    old_key = hashlib.sha256(secret).digest()
    return crypt.open_gcm(old_key, data[:OLD_HEADER], data[OLD_HEADER:])


def _entry(raw: object) -> OtpEntry:
    raw = jsondoc.obj(raw, "the entry")
    issuer, label, key = raw.get("issuer"), raw.get("label"), raw.get("secret")
    if raw.get("type") == "MOTP":  # Base32 of the typed secret's characters (Entry.java)
        key = _typed(key)
    if issuer is None and isinstance(label, str) and _OLD_LABEL in label:
        issuer, label = label.split(_OLD_LABEL, 1)
    return entry.make(
        raw.get("type"),
        issuer,
        label,
        key,
        raw.get("algorithm") or "SHA1",
        raw.get("digits"),
        raw.get("period", 30),  # a STEAM entry has none: 30 s, as every Steam code
        raw.get("counter"),
    )


def _typed(secret: object) -> str:
    """An mOTP secret as typed, from the Base32 of its characters andOTP stores."""
    try:
        return entry.secret_bytes(entry.secret(secret)).decode("ascii")
    except UnicodeDecodeError:
        raise entry.problem("secret of an mOTP entry is not text") from None
