"""Google Authenticator "Transfer accounts" exports: otpauth-migration:// lines.

Google shows the export only as QR codes (up to about ten accounts each, "1 of 3");
people decode them with a phone or zbarimg into a text file, one URI a line. All the QR
codes of one export share batch_id and batch_size and number themselves with batch_index,
so an export is complete when every index 0..size-1 is there. A file may hold several
exports (each with its own batch_id), every one read when complete; a QR code scanned twice
is read once. Payload rules are in sheets.read.authenticators.migration.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sheets.errors import InputError
from sheets.model import OtpEntry, Vault
from sheets.read.authenticators import entry, migration
from sheets.read.authenticators.otpauth_list import numbered, unscanned
from sheets.read.lines import line_numbers

FORMAT = "google-authenticator"
NAME = "Google Authenticator"
HINT = (
    "scan every QR code of one export from Google Authenticator (Transfer accounts > "
    "Export accounts) into the file, one line each"
)


def score(name: str, text: str) -> float:
    """Lines that start with otpauth-migration:// (or zbarimg's `QR-Code:` and one)."""
    lines = [unscanned(line.strip()).lower() for line in text[:65536].splitlines()]
    lines = [line for line in lines if line]
    hits = sum(line.startswith(migration.SCHEME + "://") for line in lines)
    return 0.6 + 0.4 * hits / len(lines) if hits else 0.0


@dataclass
class Batch:
    """The QR codes of one export read so far: they share batch_id and batch_size."""

    size: int
    lines: list[int] = field(default_factory=list)
    codes: dict[int, list[OtpEntry]] = field(default_factory=dict)


def parse(name: str, data: bytes, password: Callable[[], str] | None = None) -> Vault:
    """Every account of every export in the file, each export in batch order; an export
    with a QR code missing stops the run, named by its lines."""
    batches: dict[tuple[int, int], Batch] = {}
    for number, line in numbered(name, data):
        with entry.located(None, f"line {number}"):
            entries, size, index, batch_id = migration.decode(line)
            batch = batches.setdefault((batch_id, size), Batch(size))
            if index in batch.codes and batch.codes[index] != entries:
                raise InputError(None, f"repeats QR code {index + 1} of {size}", HINT)
            batch.lines.append(number)
            batch.codes[index] = entries
    if not batches:
        raise entry.problem("holds no otpauth-migration:// line")
    for batch in batches.values():
        _complete(batch)
    found = (e for b in batches.values() for index in sorted(b.codes) for e in b.codes[index])
    return Vault(FORMAT, tuple(found), name)


def _complete(batch: Batch) -> None:
    missing = [str(index + 1) for index in range(batch.size) if index not in batch.codes]
    if missing:
        where = line_numbers(batch.lines)
        raise InputError(
            None, f"the export on {where} lacks QR code {', '.join(missing)} of {batch.size}", HINT
        )
