"""2FAS backups, Android (`2fas-backup-yyyyMMddHHmmss.2fas`) and iOS (`Backup_yyyy-MM-dd.2fas`).

Layout (2fas-android BackupContent.kt, 2fas-ios ExchangeData2.swift): a JSON object with
`services`, `groups`, `schemaVersion` (4) and `appOrigin`. A service is `{name, secret,
otp{account?, label?, issuer?, digits?, period?, algorithm?, counter?, tokenType?}}`;
missing values mean SHA1, 6 digits, 30 s and TOTP. The issuer is `name` (what the app
shows), the account `otp.account` (older schemas: `otp.label` as `Issuer:account`).
Encrypted: `services` is empty, `servicesEncrypted` and `reference` are each
`b64(ciphertext||tag):b64(salt):b64(iv)` under PBKDF2-HMAC-SHA256 (10 000 rounds, 256-bit
key; salt 256 bytes on Android, 32 on iOS) and AES-GCM. The reference is opened first,
as iOS does, so a wrong password is told before any secret is decrypted. A file with
services in both lists (edited by hand, or merged) has both read: the encrypted ones first,
then the plain ones not among them.
"""

from __future__ import annotations

import re

from sheets.model import OtpEntry, Vault
from sheets.read.authenticators import crypt, entry, jsondoc
from sheets.read.authenticators.crypt import Password

FORMAT = "2fas"
NAME = "2FAS"
MAX_SCHEMA = 4
MAX_SALT = 1024  # Android writes 256 bytes
_SHAPE = re.compile(r'"(services|servicesEncrypted)"\s*:')


def score(name: str, text: str) -> float:
    """A JSON object with `services` and `schemaVersion`; `.2fas` is its own extension."""
    head = text.lstrip()[:1]
    content = head == "{" and _SHAPE.search(text) is not None and '"schemaVersion"' in text
    named = name.lower().endswith(".2fas")
    return (0.8 if content else 0.0) + (0.2 if named and content else 0.0)


def parse(name: str, data: bytes, password: Password | None) -> Vault:
    """Every service of a plain or encrypted 2FAS backup, in the file's order."""
    top = jsondoc.obj(jsondoc.load(data), "the top level")
    schema = top.get("schemaVersion")
    if not isinstance(schema, int) or not 1 <= schema <= MAX_SCHEMA:
        raise entry.problem("is a 2FAS backup of a schema this mksheet does not know")
    encrypted = bool(top.get("servicesEncrypted"))
    items = jsondoc.arr(top.get("services", []), "the service list")
    if encrypted:  # a plain list beside the encrypted one is read too, never dropped
        hidden = jsondoc.arr(_decrypt(top, password), "the encrypted service list")
        items = hidden + [item for item in items if item not in hidden]
    found, warnings = entry.collect(items, "service", _entry)
    return Vault(FORMAT, tuple(found), name, encrypted, tuple(warnings))


def _decrypt(top: dict, password: Password | None) -> object:
    secret = crypt.ask(password)
    keys: dict[bytes, bytes] = {}  # by salt: Android shares one salt between both values
    if top.get("reference"):
        _open(top["reference"], secret, keys, "reference")  # the password check
    return jsondoc.load(_open(top["servicesEncrypted"], secret, keys, "servicesEncrypted"))


def _open(value: object, secret: bytes, keys: dict[bytes, bytes], name: str) -> bytes:
    parts = value.split(":") if isinstance(value, str) else []
    if len(parts) != 3:
        raise entry.problem(f"has a {name} that is not data:salt:iv (the file is damaged)")
    sealed, salt, iv = (crypt.unbase64(part, name) for part in parts)
    if not 0 < len(salt) <= MAX_SALT:
        raise entry.problem(f"has a {name} salt of {len(salt)} bytes (the file is damaged)")
    if salt not in keys:
        keys[salt] = crypt.pbkdf2(secret, salt, 10_000, "SHA256")
    return crypt.open_gcm(keys[salt], iv, sealed)


def _entry(raw: object) -> OtpEntry:
    raw = jsondoc.obj(raw, "the service")
    otp = jsondoc.obj(raw.get("otp", {}), "its otp")
    kind = otp.get("tokenType") or "TOTP"
    issuer = raw.get("name") or otp.get("issuer")
    return entry.make(
        kind,
        issuer,
        _account(otp),
        raw.get("secret"),
        _given(otp, "algorithm", "SHA1"),
        _given(otp, "digits", 5 if str(kind).upper() == "STEAM" else 6),
        _given(otp, "period", 30),
        _given(otp, "counter", 0),
    )


def _given(otp: dict, key: str, default: object) -> object:
    """The value, or the default when Android left the null out (or iOS wrote null)."""
    value = otp.get(key)
    return default if value is None else value


def _account(otp: dict) -> object:
    """`otp.account`, or the part of an old `Issuer:account` label after the colon."""
    if otp.get("account") is not None:
        return otp["account"]
    label = otp.get("label")
    return label.split(":", 1)[-1] if isinstance(label, str) else None
