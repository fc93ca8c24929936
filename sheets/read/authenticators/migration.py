"""Google Authenticator's "Transfer accounts" QR payload: otpauth-migration://offline?data=...

`data` is percent-encoded standard Base64 of a protobuf MigrationPayload (Google's
google_auth.proto, as kept in Aegis and scito/extract_otp_secrets):
payload{1 otp_parameters*, 2 version, 3 batch_size, 4 batch_index, 5 batch_id (int32)};
otp_parameters{1 secret (raw bytes), 2 name, 3 issuer, 4 algorithm (1 SHA1, 2 SHA256,
3 SHA512, 4 MD5), 5 digits (1 six, 2 eight), 6 type (1 HOTP, 2 TOTP), 7 counter}.
0 means unspecified: SHA1, six digits, TOTP. The period is always 30 seconds, so an
entry with another period, or 7, 9 or 10 digits, cannot travel this way (`fits`).
"""

from __future__ import annotations

import base64
import binascii
from urllib.parse import parse_qsl, quote, urlsplit

from sheets.model import OtpEntry
from sheets.read.authenticators import entry as checks
from sheets.read.authenticators import wire

SCHEME = "otpauth-migration"
PREFIX = "otpauth-migration://offline?data="
ALGORITHMS = {0: "SHA1", 1: "SHA1", 2: "SHA256", 3: "SHA512"}
DIGITS = {0: 6, 1: 6, 2: 8}
TYPES = {0: "totp", 2: "totp", 1: "hotp"}
MAX_BATCH = 1000  # QR codes in one export: Google puts about ten accounts in each
MAX_DATA = 64 * 1024  # a QR code holds under 3 KB; far above any real payload


def fits(entry: OtpEntry) -> bool:
    """Whether Google's payload can carry the entry unchanged (TOTP or HOTP, 30 s, 6 or 8
    digits): Steam, mOTP and Yandex entries cannot travel this way."""
    return entry.standard and entry.digits in (6, 8) and entry.period in (30, None)


def decode(uri: str) -> tuple[list[OtpEntry], int, int, int]:
    """(entries, batch_size, batch_index, batch_id) from one migration URI."""
    top = _payload(_data(uri))
    entries = [_entry(raw, number) for number, raw in enumerate(top.pop(1, []), 1)]
    size = _int(top, 3, 1) or 1  # an old single-QR export leaves batch_size out
    index = _int(top, 4, 0)
    if size > MAX_BATCH:
        raise checks.damaged(f"says it is one of {size} QR codes, far more than any export")
    if not 0 <= index < size:
        raise checks.problem(f"batch_index {index} is outside batch_size {size}")
    return entries, size, index, wire.signed32(_int(top, 5, 0))


def encode(
    entries: list[OtpEntry], batch_size: int = 1, batch_index: int = 0, batch_id: int = 0
) -> str:
    """The URI Google Authenticator's scanner imports (Aegis and 2FAS read it too)."""
    if not 0 <= batch_index < batch_size:
        raise ValueError("batch_index must be within batch_size")
    out = b"".join(wire.put(1, _otp(entry)) for entry in entries)
    out += wire.put(2, 1) + wire.put(3, batch_size) + wire.put(4, batch_index)
    out += wire.put(5, batch_id)
    return PREFIX + quote(base64.b64encode(out).decode("ascii"), safe="")


def _otp(entry: OtpEntry) -> bytes:
    if not fits(entry):
        raise ValueError("Google's payload carries only 30-second, 6- or 8-digit TOTP and HOTP")
    out = wire.put(1, checks.secret_bytes(entry.secret)) + wire.put(2, _name(entry).encode())
    if entry.issuer:
        out += wire.put(3, entry.issuer.encode())
    out += wire.put(4, {"SHA1": 1, "SHA256": 2, "SHA512": 3}[entry.algorithm])
    out += wire.put(5, 1 if entry.digits == 6 else 2)
    out += wire.put(6, 2 if entry.type == "totp" else 1)
    return out + (wire.put(7, entry.counter or 0) if entry.type == "hotp" else b"")


def _name(entry: OtpEntry) -> str:
    """The account, behind `Issuer:` when it would otherwise be read as having that prefix."""
    _, account = _split(entry.account, entry.issuer)
    return f"{entry.issuer}:{entry.account}" if account != entry.account else entry.account


def _data(uri: str) -> bytes:
    """The payload bytes: percent-decoded, `+` restored (a form decoder makes it a space)."""
    uri = uri.strip()
    parts = urlsplit(uri)
    if parts.scheme.lower() != SCHEME or parts.netloc.lower() != "offline":
        raise checks.problem("is not an otpauth-migration://offline URI")
    data = dict(parse_qsl(parts.query, max_num_fields=16)).get("data", "")
    if not data or len(data) > MAX_DATA:
        raise checks.problem("has no data parameter, or one far too long")
    data = data.replace(" ", "+").replace("-", "+").replace("_", "/")
    try:
        return base64.b64decode(data + "=" * (-len(data) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise checks.problem("has data that is not Base64") from None


def _payload(buf: bytes) -> dict[int, list]:
    """Every field's values by number; malformed protobuf is one problem."""
    found: dict[int, list] = {}
    try:
        for number, _kind, value in wire.fields(buf):
            found.setdefault(number, []).append(value)
    except ValueError:
        raise checks.problem("has data that is not a Google Authenticator export") from None
    return found


def _int(fields: dict[int, list], number: int, default: int) -> int:
    value = fields.get(number, [default])[-1]  # protobuf: the last value wins
    if not isinstance(value, int):
        raise checks.problem("has data that is not a Google Authenticator export")
    return value


def _entry(raw: object, number: int) -> OtpEntry:
    with checks.located(None, f"account {number}"):
        if not isinstance(raw, bytes):
            raise checks.problem("is not an account record")
        fields = _payload(raw)
        secret = fields.get(1, [b""])[-1]
        name, issuer = _text(fields, 2), _text(fields, 3)
        issuer, account = _split(name, issuer)
        algo = ALGORITHMS.get(_int(fields, 4, 0), "MD5")
        digits, kind = DIGITS.get(_int(fields, 5, 0), 0), TYPES.get(_int(fields, 6, 0))
        counter = _int(fields, 7, 0) if kind == "hotp" else None
        key = checks.secret_from_bytes(secret) if isinstance(secret, bytes) else None
        return checks.make(kind, issuer, account, key, algo, digits, 30, counter)


def _text(fields: dict[int, list], number: int) -> str:
    value = fields.get(number, [b""])[-1]
    try:
        return value.decode("utf-8") if isinstance(value, bytes) else ""
    except UnicodeDecodeError:
        raise checks.problem("has a name that is not UTF-8") from None


def _split(name: str, issuer: str) -> tuple[str, str]:
    """Google writes `Issuer:account` into name when it scanned such a label."""
    if ":" in name and (not issuer or name.split(":", 1)[0].strip() == issuer.strip()):
        prefix, account = name.split(":", 1)
        return issuer or prefix, account
    return issuer, name
