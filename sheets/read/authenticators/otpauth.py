"""otpauth:// URIs (Google's Key Uri Format): one account each, read and written.

`otpauth://TYPE/ISSUER:ACCOUNT?secret=..&issuer=..&algorithm=..&digits=..&period=..`.
The label's colon may be written `:` or `%3A`, spaces may follow it; the label is
percent-decoded only, so a literal `+` in it stays a plus (`jordan+shop@...`), while in
the query `+` is a space (form encoding, as Android's Uri and Python's parse_qsl agree).
Defaults are SHA1, 6 digits, 30 seconds; HOTP needs a counter. Aegis and Ente also write
`otpauth://steam/...` (5 digits), Aegis `otpauth://yaotp/...&pin=BASE32` and `motp://LABEL?
secret=HEX`; they are read as their own kinds. Ente Auth's `codeDisplay` parameter (JSON)
gives the entry's note. The issuer is the label's
prefix when there is one (what Aegis does, and the spec says both should be equal),
otherwise the `issuer` parameter. See docs/authenticators.md.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from sheets.model import OtpEntry
from sheets.read.authenticators import entry as checks

SCHEME = "otpauth://"
MOTP_SCHEME = "motp://"  # Aegis writes mOTP as motp://LABEL?secret=HEX (GoogleAuthInfo)
SCHEMES = (SCHEME, MOTP_SCHEME)
_SAFE = "-_.!~*'()"  # what Android's Uri.encode leaves literal, besides letters and digits
_HOSTS = {"steam": "steam", "yandex": "yaotp"}  # Aegis's hosts for its other kinds


def parse(line: str) -> OtpEntry:
    """One checked entry from one otpauth:// URI (or Aegis's otpauth://steam, yaotp, motp://)."""
    line = line.strip()
    if not line.lower().startswith(SCHEMES):
        raise checks.problem("is not an otpauth:// URI")
    try:
        parts = urlsplit(line)
    except ValueError:
        raise checks.problem("is not a well-formed URI") from None
    query = _query(parts.query)
    motp = parts.scheme.lower() == "motp"
    issuer, account = _label(parts.netloc + parts.path if motp else parts.path)
    issuer = issuer or query.get("issuer", "")
    kind = "motp" if motp else checks.kind_of(parts.netloc)
    if "secret" not in query:
        raise checks.problem("has no secret parameter")
    if kind == "hotp" and "counter" not in query and "codedisplay" in query:
        query["counter"] = "0"  # Ente Auth reads a missing counter as 0 (models/code.dart)
    if kind == "hotp" and "counter" not in query:
        raise checks.problem("is an hotp URI without the counter parameter")
    return checks.make(
        kind,
        issuer,
        account,
        query["secret"],
        query.get("algorithm", "SHA1"),
        query.get("digits", "5" if kind == "steam" else "6"),
        query.get("period", "30"),
        query.get("counter"),
        _pin(query.get("pin")) if kind == "yandex" else None,
        _ente_note(query.get("codedisplay")),
    )


def _ente_note(value: str | None) -> str | None:
    """Ente Auth keeps an entry's note in a `codeDisplay` JSON parameter (its plain export)."""
    if not value:
        return None
    try:
        found = json.loads(value)
    except (ValueError, RecursionError):
        return None  # display settings only; the account does not depend on them
    note = found.get("note") if isinstance(found, dict) else None
    return note if isinstance(note, str) else None


def uri(entry: OtpEntry) -> str:
    """The canonical URI: issuer in label and parameter, defaults written out, %20 spaces.
    Steam and Yandex entries get Aegis's otpauth://steam and otpauth://yaotp (Aegis and Ente
    import them), mOTP Aegis's motp://."""
    label = _encode(_label_of(entry))
    if entry.type == "motp":
        issuer = [("issuer", entry.issuer)] if entry.issuer else []
        return f"{MOTP_SCHEME}{label}?" + _joined([("secret", entry.secret), *issuer])
    params = [("secret", entry.secret)]
    if entry.issuer:
        params.append(("issuer", entry.issuer))
    params += [("algorithm", entry.algorithm), ("digits", str(entry.digits))]
    params.append(
        ("counter", str(entry.counter)) if entry.type == "hotp" else ("period", str(entry.period))
    )
    if entry.type == "yandex" and entry.pin:
        params.append(("pin", checks.secret_from_bytes(entry.pin.encode("utf-8"))))
    return f"{SCHEME}{_HOSTS.get(entry.type, entry.type)}/{label}?{_joined(params)}"


def _joined(params: list[tuple[str, str]]) -> str:
    return "&".join(f"{key}={_encode(value)}" for key, value in params)


def _pin(value: str | None) -> str | None:
    """Aegis writes a Yandex PIN as Base32 of its UTF-8 bytes."""
    if value is None:
        return None
    try:
        return checks.secret_bytes(checks.secret(value)).decode("utf-8")
    except UnicodeDecodeError:
        raise checks.problem("has a PIN that is not Base32 of text") from None


def _label_of(entry: OtpEntry) -> str:
    """`Issuer:account`; an issuer with a colon rides in the parameter only (`:account`)."""
    prefix = "" if ":" in entry.issuer else entry.issuer
    if not prefix and ":" not in entry.account:
        return entry.account
    return f"{prefix}:{entry.account}"


def _encode(value: str) -> str:
    return quote(value, safe=_SAFE, encoding="utf-8")


def _label(path: str) -> tuple[str, str]:
    """(issuer prefix or "", account) from the percent-encoded path."""
    label = _decode(path.removeprefix("/"))
    if ":" not in label:
        return "", label
    issuer, account = label.split(":", 1)
    return issuer.strip(), account.lstrip(" ")


def _query(query: str) -> dict[str, str]:
    """Parameters by lower-case name; the first of a repeated one wins, as on Android."""
    found: dict[str, str] = {}
    try:
        pairs = parse_qsl(
            query, keep_blank_values=True, encoding="utf-8", errors="strict", max_num_fields=64
        )
    except (ValueError, UnicodeDecodeError):
        raise checks.problem("has a query that is not valid UTF-8 or has too many fields") from None
    for key, value in pairs:
        found.setdefault(key.lower(), value)
    return found


def _decode(text: str) -> str:
    try:
        return unquote(text, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise checks.problem("has a label that is not valid UTF-8") from None
