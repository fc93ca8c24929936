"""Bitwarden Authenticator app exports (JSON, and its CSV).

Layout (bitwarden/authenticator-android, `ExportJsonData.kt`, "loosely based off" the vault
export): `{"encrypted": false, "items": [{id, name, folderId, organizationId, collectionIds,
notes, type, login{totp, issuer?, period, digits}, favorite}]}`; `totp` is an otpauth://
URI (or `steam://KEY`, or a bare key), `name` is the issuer the app shows. No folders and
no collections: that is what tells it from the password manager's export (bitwarden.py).
Its CSV is `folder,favorite,type,name,login_uri,login_totp` (then issuer, period and digits
without a heading), read as the vault's CSV is.
"""

from __future__ import annotations

import re

from sheets.model import Vault
from sheets.read.authenticators import bitwarden, entry, jsondoc
from sheets.read.authenticators.crypt import Password

FORMAT = "bitwarden-authenticator"
NAME = "Bitwarden Authenticator"
_JSON = re.compile(r'^\s*\{\s*"encrypted"\s*:\s*(false|true)\s*,\s*"items"\s*:')
_CSV = re.compile(r"^\ufeff?folder,favorite,type,name,login_uri,login_totp\b", re.IGNORECASE)


def score(name: str, text: str) -> float:
    """`encrypted` then `items` at the top, with no folders or collections; or its CSV."""
    head = text[:4096]
    if _JSON.match(head) and '"folders"' not in head and '"collections"' not in head:
        return 0.9
    return 0.9 if _CSV.match(head) else 0.0


def parse(name: str, data: bytes, password: Password | None = None) -> Vault:
    """Every item in the file's order."""
    if data.lstrip()[:1] != b"{":  # the CSV: the vault's columns, fewer of them
        return Vault(FORMAT, bitwarden.parse(name, data).entries, name)
    top = jsondoc.obj(jsondoc.load(data), "the top level")
    if top.get("encrypted") is not False:
        raise entry.damaged(
            "is an encrypted Bitwarden Authenticator export, which mksheet does not read yet"
        )
    found = []
    for number, raw in enumerate(jsondoc.arr(top.get("items"), "the item list"), 1):
        with entry.located(None, f"item {number}"):
            raw = jsondoc.obj(raw, "the item")
            login = jsondoc.obj(raw.get("login"), "its login")
            title = login.get("issuer") or raw.get("name")
            found.append(bitwarden.item(title, None, bitwarden.totp_text(login.get("totp"))))
    return Vault(FORMAT, tuple(found), name)
