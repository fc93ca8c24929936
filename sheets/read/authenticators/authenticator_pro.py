"""Authenticator Pro (Stratum) backups, plain or encrypted: `backup-<yyyy-MM-dd_HHmmss>.stratum`
(MainActivity.cs, Backup.FileExtension), `.authpro` in the app's older versions.

Layout (stratumauth/app, Stratum.Core/src/Backup/Backup.cs, Entity/Authenticator.cs and
Backup/Encryption/*.cs): plain is System.Text.Json of `{"Authenticators": [{Type, Issuer,
Username, Secret, Pin, Algorithm, Digits, Period, Counter, ...}], "Categories", ...}` with
Type 1 HOTP, 2 TOTP, 3 mOTP, 4 Steam, 5 Yandex and Algorithm 0 SHA1, 1 SHA256, 2 SHA512.
Encrypted ("strong"): `AUTHENTICATORPRO`, a 16-byte salt, a 12-byte IV, then AES-256-GCM
ciphertext||tag; the key is Argon2id, 3 passes over 64 MiB on 4 lanes. Older backups
("legacy"): `AuthenticatorPro`, a 20-byte salt, a 16-byte IV, then AES-256-CBC with PKCS#7
padding under PBKDF2-HMAC-SHA1, 64 000 rounds. The costs are the app's constants, not in
the file. Secrets are kept as typed: Stratum takes Base32 of any length.
"""

from __future__ import annotations

from sheets.errors import InputError
from sheets.model import OtpEntry, Vault
from sheets.read.authenticators import crypt, entry, jsondoc
from sheets.read.authenticators.crypt import Password

FORMAT = "authenticator-pro"
NAME = "Authenticator Pro"
STRONG, LEGACY = b"AUTHENTICATORPRO", b"AuthenticatorPro"
TYPES: dict[object, str] = {1: "hotp", 2: "totp", 3: "motp", 4: "steam", 5: "yandex"}
ALGORITHMS = {0: "SHA1", 1: "SHA256", 2: "SHA512"}


def score(name: str, text: str) -> float:
    """The encrypted header, or a top level that starts with `Authenticators`."""
    if text.startswith((STRONG.decode(), LEGACY.decode())):
        return 0.95
    head = text[:4096].lstrip()
    return 0.9 if head.startswith("{") and head[1:].lstrip().startswith('"Authenticators"') else 0.0


def parse(name: str, data: bytes, password: Password | None) -> Vault:
    """Every authenticator of a plain or encrypted backup, in the file's order."""
    encrypted = data.startswith(STRONG) or data.startswith(LEGACY)
    top = jsondoc.obj(_decrypt(data, password) if encrypted else jsondoc.load(data), "the backup")
    items = jsondoc.arr(top.get("Authenticators"), "the authenticator list")
    found, warnings = entry.collect(items, "authenticator", _entry)
    return Vault(FORMAT, tuple(found), name, encrypted, tuple(warnings))


def _decrypt(data: bytes, password: Password | None) -> object:
    if data.startswith(STRONG):
        salt, iv, sealed = data[16:32], data[32:44], data[44:]
        if len(sealed) < 16:
            raise entry.damaged("is too short to be an encrypted backup (truncated)")
        key = crypt.argon2id(crypt.ask(password), salt, 3, 64 * 1024, lanes=4)
        return jsondoc.load(crypt.open_gcm(key, iv, sealed))
    salt, iv, sealed = data[16:36], data[36:52], data[52:]
    if not sealed or len(sealed) % 16:
        raise entry.damaged("is too short to be an encrypted backup (truncated)")
    key = crypt.pbkdf2(crypt.ask(password), salt, 64_000, "SHA1")
    try:  # CBC has no tag: a wrong key passes the padding check one time in 256
        return jsondoc.load(crypt.open_cbc(key, iv, sealed))
    except InputError:
        raise crypt.wrong_password() from None


def _entry(raw: object) -> OtpEntry:
    raw = jsondoc.obj(raw, "the authenticator")
    kind = TYPES.get(raw.get("Type"))
    algorithm = ALGORITHMS.get(raw.get("Algorithm", 0))
    return entry.make(
        kind,
        raw.get("Issuer"),
        raw.get("Username"),
        raw.get("Secret"),
        algorithm,
        raw.get("Digits"),
        raw.get("Period", 30),
        raw.get("Counter"),
        raw.get("Pin"),
    )
