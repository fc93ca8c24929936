"""otpauth:// URIs (Google's Key Uri Format): one account each, read and written.

`otpauth://TYPE/ISSUER:ACCOUNT?secret=..&issuer=..&algorithm=..&digits=..&period=..`.
The label's colon may be written `:` or `%3A`, spaces may follow it; the label is
percent-decoded only, so a literal `+` in it stays a plus (`jordan+shop@...`), while in
the query `+` is a space (form encoding, as Android's Uri and Python's parse_qsl agree).
Defaults are SHA1, 6 digits, 30 seconds; HOTP needs a counter. The issuer is the label's
prefix when there is one (what Aegis does, and the spec says both should be equal),
otherwise the `issuer` parameter. See docs/authenticators.md.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, quote, unquote, urlsplit

from sheets.model import OtpEntry
from sheets.read.authenticators import entry as E

SCHEME = "otpauth://"
_SAFE = "-_.!~*'()"  # what Android's Uri.encode leaves literal, besides letters and digits


def parse(line: str) -> OtpEntry:
    """One checked entry from one otpauth:// URI."""
    line = line.strip()
    if not line.lower().startswith(SCHEME):
        raise E.problem("is not an otpauth:// URI")
    try:
        parts = urlsplit(line)
    except ValueError:
        raise E.problem("is not a well-formed URI") from None
    query = _query(parts.query)
    issuer, account = _label(parts.path)
    issuer = issuer or query.get("issuer", "")
    kind = parts.netloc.lower()
    if kind not in ("totp", "hotp"):
        raise E.problem("type is not totp or hotp")
    if "secret" not in query:
        raise E.problem("has no secret parameter")
    if kind == "hotp" and "counter" not in query:
        raise E.problem("is an hotp URI without the counter parameter")
    return E.make(
        kind,
        issuer,
        account,
        query["secret"],
        query.get("algorithm", "SHA1"),
        query.get("digits", "6"),
        query.get("period", "30"),
        query.get("counter"),
    )


def uri(entry: OtpEntry) -> str:
    """The canonical URI: issuer in label and parameter, defaults written out, %20 spaces."""
    params = [("secret", entry.secret)]
    if entry.issuer:
        params.append(("issuer", entry.issuer))
    params += [("algorithm", entry.algorithm), ("digits", str(entry.digits))]
    params.append(
        ("period", str(entry.period)) if entry.type == "totp" else ("counter", str(entry.counter))
    )
    query = "&".join(f"{key}={_encode(value)}" for key, value in params)
    return f"{SCHEME}{entry.type}/{_encode(_label_of(entry))}?{query}"


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
        raise E.problem("has a query that is not valid UTF-8 or has too many fields") from None
    for key, value in pairs:
        found.setdefault(key.lower(), value)
    return found


def _decode(text: str) -> str:
    try:
        return unquote(text, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise E.problem("has a label that is not valid UTF-8") from None
