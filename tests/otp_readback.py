"""Authenticator QR texts read back by code that did not write them: otpauth:// URIs with
urllib, by the Key Uri Format, and otpauth-migration:// payloads with a protobuf reader of a
dozen lines (tests of the cards and of the binder's decks use them)."""

from __future__ import annotations

import base64
import urllib.parse

from sheets.model import OtpEntry


def parse_uri(text: str) -> OtpEntry:
    """An otpauth:// URI read with urllib, by the Key Uri Format."""
    parts = urllib.parse.urlsplit(text)
    assert parts.scheme == "otpauth"
    label = urllib.parse.unquote(parts.path.lstrip("/"))
    prefix, _, account = label.partition(":") if ":" in label else ("", "", label)
    query = dict(urllib.parse.parse_qsl(parts.query, keep_blank_values=True))
    kind = parts.netloc
    return OtpEntry(
        kind,
        query.get("issuer", prefix),
        account,
        query["secret"],
        query.get("algorithm", "SHA1"),
        int(query.get("digits", 6)),
        int(query.get("period", 30)) if kind == "totp" else None,
        int(query["counter"]) if kind == "hotp" else None,
    )


def fields(buf: bytes) -> list[tuple[int, object]]:
    """(number, value) of each protobuf field: varints as int, length-delimited as bytes."""
    out, at = [], 0

    def varint() -> int:
        nonlocal at
        value, shift = 0, 0
        while True:
            byte = buf[at]
            at += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                return value

    while at < len(buf):
        key = varint()
        if key & 7 == 0:
            out.append((key >> 3, varint()))
        else:
            assert key & 7 == 2, "only varint and bytes fields here"
            size = varint()
            out.append((key >> 3, buf[at : at + size]))
            at += size
    return out


def parse_migration(text: str) -> tuple[list[OtpEntry], int, int]:
    """(entries, batch_size, batch_index) of an otpauth-migration:// URI."""
    data = urllib.parse.unquote(text.split("data=", 1)[1])
    top = fields(base64.b64decode(data))
    entries = []
    for number, raw in top:
        if number != 1:
            continue
        f = dict(fields(raw))
        name, issuer = f.get(2, b"").decode(), f.get(3, b"").decode()
        if issuer and name.startswith(issuer + ":"):
            name = name[len(issuer) + 1 :]
        hotp = f.get(6) == 1
        entries.append(
            OtpEntry(
                "hotp" if hotp else "totp",
                issuer,
                name,
                base64.b32encode(f[1]).decode().rstrip("="),
                {0: "SHA1", 1: "SHA1", 2: "SHA256", 3: "SHA512"}[f.get(4, 0)],
                8 if f.get(5) == 2 else 6,
                None if hotp else 30,
                f.get(7, 0) if hotp else None,
            )
        )
    top = dict(top)
    return entries, top.get(3, 1), top.get(4, 0)
