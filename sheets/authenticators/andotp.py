"""andOTP backups: `otp_accounts_<date>.json` (plain) and `otp_accounts_<date>.json.aes`.

Plain (andOTP Entry.toJSON): a JSON array of `{secret, issuer, label, digits, type,
algorithm, ..., period | counter}`; secrets are upper-case Base32 with `=` padding; before
0.6 there was no `issuer` and the label read `Issuer - account`. Encrypted
(BackupHelper.backupToFile): int32 big-endian PBKDF2 rounds | salt (12) | IV (12) |
AES-GCM ciphertext||tag, key PBKDF2-HMAC-SHA1 with 256 bits. The `.json.gpg` variant
is OpenPGP and not read here.
"""

from __future__ import annotations

from sheets.authenticators import crypt, entry, jsondoc, sniff
from sheets.authenticators.crypt import Password
from sheets.model import OtpEntry, Vault

FORMAT = "andotp"
NAMES = sniff.ANDOTP_NAMES
HEADER = 4 + 12 + 12  # rounds, salt, IV
score = sniff.andotp  # is_export's sniff, shared
_OLD_LABEL = " - "


def parse(name: str, data: bytes, password: Password | None) -> Vault:
    """Every entry of a plain or encrypted andOTP backup, in the file's order."""
    encrypted = data.removeprefix(b"\xef\xbb\xbf").lstrip()[:1] not in (b"[", b"{")
    document = jsondoc.load(_decrypt(data, password) if encrypted else data)
    found, warnings = entry.collect(jsondoc.arr(document, "the entry list"), "entry", _entry)
    return Vault(FORMAT, tuple(found), name, encrypted, tuple(warnings))


def _decrypt(data: bytes, password: Password | None) -> bytes:
    if len(data) < HEADER + 16:
        raise entry.problem("is too short to be an andOTP encrypted backup (truncated)")
    rounds = int.from_bytes(data[:4], "big")
    salt, iv = data[4:16], data[16:28]
    key = crypt.pbkdf2(crypt.ask(password), salt, rounds, "SHA1")
    return crypt.open_gcm(key, iv, data[HEADER:])


def _entry(raw: object) -> OtpEntry:
    raw = jsondoc.obj(raw, "the entry")
    entry.skip_other(raw.get("type"))
    issuer, label = raw.get("issuer"), raw.get("label")
    if issuer is None and isinstance(label, str) and _OLD_LABEL in label:
        issuer, label = label.split(_OLD_LABEL, 1)
    return entry.make(
        raw.get("type"),
        issuer,
        label,
        raw.get("secret"),
        raw.get("algorithm") or "SHA1",
        raw.get("digits"),
        raw.get("period"),
        raw.get("counter"),
    )
