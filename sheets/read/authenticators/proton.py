"""Proton Authenticator exports (JSON), plain and password-protected.

Layout (protonpass/proton-pass-common, proton-authenticator/src/entry/exporter.rs and
password_exporter.rs): plain is `{"version": 1, "entries": [{id, content{uri, entry_type
("Totp" or "Steam"), name}, note}]}`, where uri is an otpauth:// URI or `steam://KEY`
(then name is the Steam account). With a password it is `{"version": 1, "salt", "content"}`
(Base64): the key is Argon2id v1.3, 19 MiB, 2 passes, 1 lane, 32 bytes of a 16-byte salt;
content is a 12-byte nonce then AES-256-GCM ciphertext||tag with the associated data
`proton.authenticator.export.v1`, and opens to the plain export.
"""

from __future__ import annotations

import re
from dataclasses import replace

from sheets.model import OtpEntry, Vault
from sheets.read.authenticators import bitwarden, crypt, entry, jsondoc
from sheets.read.authenticators.crypt import Password

FORMAT = "proton-authenticator"
NAME = "Proton Authenticator"
AAD = b"proton.authenticator.export.v1"
PASSES, MEMORY = 2, 19 * 1024  # password_exporter.rs derive_password_key: fixed, not in the file
_PLAIN = re.compile(r'^\s*\{\s*"version"\s*:\s*1\s*,\s*"entries"\s*:')
_LOCKED = re.compile(r'^\s*\{\s*"version"\s*:\s*1\s*,\s*"salt"\s*:\s*"[^"]*"\s*,\s*"content"\s*:')


def score(name: str, text: str) -> float:
    """`version` 1 then `entries` with `content` objects, or `version`, `salt`, `content`."""
    head = text[:4096]
    if _PLAIN.match(head) and '"entry_type"' in text:
        return 0.9
    return 0.9 if _LOCKED.match(head) else 0.0


def parse(name: str, data: bytes, password: Password | None) -> Vault:
    """Every entry of a plain or password-protected export, in the file's order."""
    top = jsondoc.obj(jsondoc.load(data), "the top level")
    if top.get("version") != 1:
        raise entry.damaged("is a Proton Authenticator export of a version mksheet does not know")
    encrypted = "entries" not in top
    if encrypted:
        top = jsondoc.obj(jsondoc.load(_decrypt(top, password)), "the export inside")
    items = jsondoc.arr(top.get("entries"), "the entry list")
    found, warnings = entry.collect(items, "entry", _entry)
    return Vault(FORMAT, tuple(found), name, encrypted, tuple(warnings))


def _decrypt(top: dict, password: Password | None) -> bytes:
    salt = crypt.unbase64(top.get("salt"), "salt")
    sealed = crypt.unbase64(top.get("content"), "content")
    if len(sealed) < 12 + 16:
        raise entry.damaged("is too short to hold its encrypted content (truncated)")
    key = crypt.argon2id(crypt.ask(password), salt, PASSES, MEMORY)
    return crypt.open_gcm(key, sealed[:12], sealed[12:], AAD)


def _entry(raw: object) -> OtpEntry:
    raw = jsondoc.obj(raw, "the entry")
    content = jsondoc.obj(raw.get("content"), "its content")
    uri = bitwarden.totp_text(content.get("uri"))
    if content.get("entry_type") == "Steam" or uri.lower().startswith(bitwarden.STEAM):
        key = uri[len(bitwarden.STEAM) :] if uri.lower().startswith(bitwarden.STEAM) else uri
        name, note = content.get("name"), raw.get("note")
        return entry.make("steam", "Steam", name, key, "SHA1", 5, 30, note=note)
    found = bitwarden.item(None, content.get("name"), uri)
    return replace(found, note=entry.note_text(raw.get("note")))
