"""FreeOTP+ exports (JSON).

Layout (helloworld1/FreeOTPPlus, the export of its `SavedTokens`; Aegis's
FreeOtpPlusImporter reads the same): `{"tokenOrder": ["issuer:label", ...], "tokens":
[{algo, counter, digits, issuerExt, label, period, secret, type}]}` where secret is the
key's bytes as a JSON array of signed numbers (Java's byte) and type is TOTP or HOTP. An
entry whose issuer is "Steam" is a Steam Guard key, as Aegis reads it. The counter is kept
as the app stores it (FreeOTP counts the codes it has shown).
"""

from __future__ import annotations

import re

from sheets.model import OtpEntry, Vault
from sheets.read.authenticators import entry, jsondoc
from sheets.read.authenticators.crypt import Password

FORMAT = "freeotp-plus"
NAME = "FreeOTP+"
_SHAPE = re.compile(r'^\s*\{\s*"(tokenOrder|tokens)"\s*:')


def score(name: str, text: str) -> float:
    """A top level of `tokenOrder` and `tokens` with FreeOTP's token fields."""
    head = text[:4096]
    return 0.9 if _SHAPE.match(head) and '"issuerExt"' in text else 0.0


def parse(name: str, data: bytes, password: Password | None = None) -> Vault:
    """Every token, in the file's order."""
    top = jsondoc.obj(jsondoc.load(data), "the top level")
    items = jsondoc.arr(top.get("tokens"), "the token list")
    found, warnings = entry.collect(items, "token", token)
    return Vault(FORMAT, tuple(found), name, False, tuple(warnings))


def token(raw: object, key: bytes | None = None) -> OtpEntry:
    """One FreeOTP token (FreeOTP's own backups hold the same object, key apart)."""
    raw = jsondoc.obj(raw, "the token")
    secret = key if key is not None else key_bytes(raw.get("secret"))
    issuer = raw.get("issuerExt")
    kind = raw.get("type")
    if issuer == "Steam" and isinstance(kind, str) and kind.upper() == "TOTP":
        kind = "steam"  # Aegis's FreeOtpImporter: FreeOTP has no Steam type of its own
    return entry.make(
        kind,
        issuer,
        raw.get("label"),
        entry.secret_from_bytes(secret),
        raw.get("algo", "SHA1"),
        raw.get("digits", 6),
        raw.get("period", 30),
        raw.get("counter"),
    )


def key_bytes(value: object) -> bytes:
    """A key written as Java bytes: a JSON array of whole numbers -128..255."""
    numbers = jsondoc.arr(value, "the secret")
    if not numbers or not all(
        isinstance(n, int) and not isinstance(n, bool) and -128 <= n <= 255 for n in numbers
    ):
        raise entry.problem("secret is not a list of bytes")
    return bytes(n & 0xFF for n in numbers)
