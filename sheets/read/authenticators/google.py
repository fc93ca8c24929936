"""Google Authenticator "Transfer accounts" exports: otpauth-migration:// lines.

Google shows the export only as QR codes (up to about ten accounts each, "1 of 3");
people decode them with a phone or zbarimg into a text file, one URI a line. All the QR
codes of one export share batch_id and batch_size and number themselves with batch_index,
so a file is complete when every index 0..size-1 is there exactly once. Payload rules are
in sheets.read.authenticators.migration.
"""

from __future__ import annotations

from collections.abc import Callable

from sheets.errors import InputError
from sheets.model import OtpEntry, Vault
from sheets.read.authenticators import entry, migration
from sheets.read.authenticators.otpauth_list import numbered

FORMAT = "google-authenticator"
HINT = (
    "scan every QR code of one export from Google Authenticator (Transfer accounts > "
    "Export accounts) into the file, one line each"
)


def score(name: str, text: str) -> float:
    """Lines that start with otpauth-migration://."""
    lines = [line.strip().lower() for line in text[:65536].splitlines() if line.strip()]
    hits = sum(line.startswith(migration.SCHEME + "://") for line in lines)
    return 0.6 + 0.4 * hits / len(lines) if hits else 0.0


def parse(name: str, data: bytes, password: Callable[[], str] | None = None) -> Vault:
    """Every account of every QR code, in batch order, once the batch is complete."""
    batches: dict[int, tuple[int, int, list[OtpEntry]]] = {}
    for number, line in numbered(name, data):
        with entry.located(None, f"line {number}"):
            entries, size, index, batch_id = migration.decode(line)
            _check(batches, index, (size, batch_id))
            batches[index] = (size, batch_id, entries)
    if not batches:
        raise entry.problem("holds no otpauth-migration:// line")
    _complete(batches)
    return Vault(FORMAT, tuple(e for index in sorted(batches) for e in batches[index][2]), name)


def _check(batches: dict, index: int, batch: tuple[int, int]) -> None:
    first = next(iter(batches.values()), None)
    if first is not None and first[:2] != batch:
        raise InputError(
            None, "is from another export than the lines before it (a different batch)", HINT
        )
    if index in batches:
        raise InputError(None, f"repeats QR code {index + 1} of {batch[0]}", HINT)


def _complete(batches: dict) -> None:
    size = next(iter(batches.values()))[0]
    missing = [str(index + 1) for index in range(size) if index not in batches]
    if missing:
        raise InputError(
            None, f"lacks QR code {', '.join(missing)} of {size}: the export is incomplete", HINT
        )
