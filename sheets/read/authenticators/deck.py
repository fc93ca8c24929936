"""An export as its printed cards name it: the app, and the id of its restore batches.

The restore page's Google transfer QR codes carry a batch_id made from the cards' serial,
so `mksheet verify` knows a photographed restore page's deck by it alone.
"""

from __future__ import annotations

import hashlib

APPS = {
    "aegis": "Aegis",
    "2fas": "2FAS",
    "andotp": "andOTP",
    "otpauth": "otpauth://",
    "google-authenticator": "Google Authenticator",
}


def app_name(format: str) -> str:
    """The app an export came from, as printed: "Aegis"."""
    return APPS.get(format, format)


def batch_id(serial: str | None) -> int:
    """The restore codes' batch_id: from the serial, so verify knows a photo's deck by it."""
    return int.from_bytes(hashlib.sha256((serial or "").encode()).digest()[:4], "big") >> 1
