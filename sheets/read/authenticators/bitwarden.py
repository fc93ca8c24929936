"""Bitwarden password manager vault exports, JSON and CSV.

Layout (bitwarden/clients, the vault export service and its export models): JSON is
`{"encrypted": false, "folders" (or "collections" for an organisation), "items": [...]}`;
a login item is `{type: 1, name, notes, login{username, password, uris, totp}}`. CSV has
the columns `folder, favorite, type, name, notes, fields, reprompt, login_uri,
login_username, login_password, login_totp`. `totp` is what the person pasted into the item:
an otpauth:// URI, a bare Base32 key (Bitwarden makes TOTP, SHA1, 6 digits, 30 s of it) or
`steam://KEY` (a Steam Guard key). Items without a totp are not accounts here and are
passed over. A password-protected export (`"encrypted": true`) is not read yet.
"""

from __future__ import annotations

import csv
import io
import re

from sheets.model import OtpEntry, Vault
from sheets.read import textio
from sheets.read.authenticators import entry, jsondoc, otpauth
from sheets.read.authenticators.crypt import Password

FORMAT = "bitwarden-vault"
NAME = "Bitwarden"
STEAM = "steam://"
_CSV_HEAD = re.compile(r"^\ufeff?folder,favorite,type,name,.*\blogin_totp\b", re.IGNORECASE)
_JSON = re.compile(r'^\s*\{\s*"encrypted"\s*:\s*false\s*,\s*"(folders|collections)"\s*:')


def score(name: str, text: str) -> float:
    """Bitwarden's JSON top level with folders or collections, or its CSV header."""
    head = text[:4096]
    if _JSON.match(head) and '"items"' in text:
        return 0.9
    if _CSV_HEAD.match(head) and "login_username" in head.split("\n", 1)[0]:
        return 0.9
    return 0.0


def parse(name: str, data: bytes, password: Password | None = None) -> Vault:
    """Every item with a TOTP key, in the file's order."""
    rows = _csv_rows(data, name) if data.lstrip()[:1] != b"{" else _json_rows(data)
    found = []
    for number, (title, username, totp, noun) in enumerate(rows, 1):
        if totp:
            with entry.located(None, f"{noun} {number}"):
                found.append(item(title, username, totp))
    return Vault(FORMAT, tuple(found), name)


def item(title: object, username: object, totp: str) -> OtpEntry:
    """One account from an item's name, user name and totp field (URI, key or steam://)."""
    totp = totp.strip()
    if totp.lower().startswith(otpauth.SCHEMES):
        found = otpauth.parse(totp)
        issuer = found.issuer or entry.text(title, "name")
        account = found.account or entry.text(username, "user name")
        return entry.make(
            found.type,
            issuer,
            account,
            found.secret,
            found.algorithm,
            found.digits,
            found.period,
            found.counter,
            found.pin,
        )
    kind, key = ("steam", totp[len(STEAM) :]) if totp.lower().startswith(STEAM) else ("totp", totp)
    return entry.make(kind, title, username, key, "SHA1", 5 if kind == "steam" else 6, 30)


def _json_rows(data: bytes) -> list[tuple[object, object, str, str]]:
    top = jsondoc.obj(jsondoc.load(data), "the top level")
    if top.get("encrypted") is not False:
        raise entry.damaged(
            "is a password-protected Bitwarden export, which mksheet does not read yet"
        )
    rows = []
    for raw in jsondoc.arr(top.get("items"), "the item list"):
        login = raw.get("login") if isinstance(raw, dict) else None
        login = login if isinstance(login, dict) else {}
        totp = login.get("totp")
        rows.append((raw.get("name"), login.get("username"), totp_text(totp), "item"))
    return rows


def _csv_rows(data: bytes, name: str) -> list[tuple[object, object, str, str]]:
    text = textio.decode(data, name)
    reader = csv.DictReader(io.StringIO(text))
    try:
        return [
            (row.get("name"), row.get("login_username"), totp_text(row.get("login_totp")), "row")
            for row in reader
            if any(value for value in row.values() if isinstance(value, str))
        ]
    except csv.Error:
        raise entry.damaged("is not a CSV file Bitwarden wrote (damaged quoting)") from None


def totp_text(value: object) -> str:
    """The totp field as text ("" when the item has none)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise entry.damaged("has a totp field that is not text")
    return value
