"""The id of an export's restore batches, as its printed cards carry it.

The restore page's Google transfer QR codes carry a batch_id made from the cards' serial,
so `mksheet verify` knows a photographed restore page's deck by it alone.
"""

from __future__ import annotations

import hashlib


def batch_id(serial: str | None) -> int:
    """The restore codes' batch_id: from the serial, so verify knows a photo's deck by it."""
    return int.from_bytes(hashlib.sha256((serial or "").encode()).digest()[:4], "big") >> 1
