"""Aegis vault exports and backups (`aegis-export-*.json`, `aegis-backup-*.json`).

Layout (Aegis docs/vault.md): `{"version": 1, "header": {"slots", "params"}, "db"}`.
Plain: slots and params are null and db is the object `{"version": 3, "entries": [...]}`.
Encrypted: db is Base64 of AES-256-GCM ciphertext without its tag (`params.tag`,
`params.nonce`, hex); each password slot (type 1) holds the master key sealed with a
scrypt-derived key (`key`, `key_params{nonce, tag}`, `n`, `r`, `p`, `salt`, all hex but
the costs). An entry is `{type, name (the account), issuer, note, info{secret, algo, digits,
period|counter, pin}}`; type is totp, hotp, steam, motp or yandex (otp/OtpInfo.java), and
an mOTP secret, stored as Base32 of its bytes, is shown as hex (EditEntryActivity). The
URI export (`aegis-export-uri-*.txt`) is read by otpauth_list.
"""

from __future__ import annotations

from sheets.errors import InputError
from sheets.model import OtpEntry, Vault
from sheets.read.authenticators import crypt, entry, jsondoc, sniff
from sheets.read.authenticators.crypt import Password

FORMAT = "aegis"
NAME = "Aegis"
NAMES = sniff.AEGIS_NAMES
PASSWORD_SLOT = 1
MAX_SLOTS = 2  # each costs a scrypt run; Aegis has a password slot and maybe a backup one
score = sniff.aegis  # is_export's sniff, shared


def parse(name: str, data: bytes, password: Password | None) -> Vault:
    """Every entry of a plain or encrypted Aegis file, in the file's order."""
    top = jsondoc.obj(jsondoc.load(data), "the top level")
    if top.get("version") != 1:
        raise entry.problem("is an Aegis file of a version this mksheet does not know")
    header = jsondoc.obj(top.get("header"), "the header")
    encrypted = header.get("slots") is not None
    db = _decrypt(header, top.get("db"), password) if encrypted else top.get("db")
    items = jsondoc.arr(jsondoc.obj(db, "the vault content").get("entries"), "the entry list")
    entries, warnings = entry.collect(items, "entry", _entry)
    return Vault(FORMAT, tuple(entries), name, encrypted, tuple(warnings))


def _decrypt(header: dict, db: object, password: Password | None) -> object:
    params = jsondoc.obj(header.get("params"), "the header's params")
    master = _master_key(jsondoc.arr(header.get("slots"), "the key slots"), password)
    sealed = crypt.unbase64(db, "vault content") + crypt.unhex(params.get("tag"), "tag")
    plain = crypt.open_gcm(master, crypt.unhex(params.get("nonce"), "nonce"), sealed)
    return jsondoc.load(plain)


def _master_key(slots: list, password: Password | None) -> bytes:
    """Try each password slot in turn; none opening is the wrong-password error."""
    candidates = [
        slot for slot in slots if isinstance(slot, dict) and slot.get("type") == PASSWORD_SLOT
    ]
    if not candidates:
        raise entry.problem(
            "has no password slot (only biometric unlock, which cannot be exported)"
        )
    secret = crypt.ask(password)
    for slot in candidates[:MAX_SLOTS]:
        key = crypt.scrypt(
            secret,
            crypt.unhex(slot.get("salt"), "salt"),
            slot.get("n"),
            slot.get("r"),
            slot.get("p"),
        )
        params = jsondoc.obj(slot.get("key_params"), "a slot's key_params")
        sealed = crypt.unhex(slot.get("key"), "key") + crypt.unhex(params.get("tag"), "tag")
        try:
            return crypt.open_gcm(key, crypt.unhex(params.get("nonce"), "nonce"), sealed)
        except InputError as exc:
            if exc.problem != crypt.WRONG:
                raise
    raise crypt.wrong_password()


def _entry(raw: object) -> OtpEntry:
    raw = jsondoc.obj(raw, "the entry")
    info = jsondoc.obj(raw.get("info"), "its info")
    key = info.get("secret")
    if raw.get("type") == "motp":  # stored as Base32 of its bytes, shown and typed as hex
        key = entry.secret_bytes(entry.secret(key)).hex()
    return entry.make(
        raw.get("type"),
        raw.get("issuer"),
        raw.get("name"),
        key,
        info.get("algo"),
        info.get("digits"),
        info.get("period"),
        info.get("counter"),
        info.get("pin"),
        raw.get("note"),
    )
