"""Frozen records passed between parsing, the ledger and rendering. No I/O here."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

KINDS = ("backup-codes", "recovery-key", "recovery-phrase")


@dataclass(frozen=True)
class CodeSet:
    """What one downloaded file says: the codes exactly as issued, plus what is known."""

    provider: str
    kind: str
    codes: tuple[str, ...] = field(repr=False)
    account: str | None = None
    issued: str | None = None
    used: tuple[str, ...] = field(default=(), repr=False)
    numbers: tuple[int, ...] | None = None
    notes: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    source: str = ""
    confidence: float = 0.0
    service: str | None = None  # the display name of a service no provider module knows

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r}")
        if self.numbers is not None and len(self.numbers) != len(self.codes):
            raise ValueError("numbers and codes differ in length")

    def numbered(self) -> list[tuple[int, str]]:
        """Each code with the number the provider (or the list order) gives it."""
        numbers = self.numbers or range(1, len(self.codes) + 1)
        return list(zip(numbers, self.codes))


@dataclass(frozen=True)
class Sheet:
    """One printed page: a code set and everything printed around it."""

    codes: CodeSet
    printed: str  # ISO date the sheet is printed
    owner: str | None = None
    serial: str | None = None
    copy: int = 1
    replaces: str | None = None  # "GH-7K3Q printed 2026-03-14"
    page_label: str | None = None  # "page 4 of 12" inside a binder


LEDGER_STATUSES = ("current", "superseded", "destroyed")


@dataclass(frozen=True)
class LedgerEntry:
    """One printed sheet as the ledger remembers it: never a code, only a keyed fingerprint."""

    serial: str  # "GH-7K3Q", printed on the sheet
    provider: str
    kind: str
    account: str | None
    owner: str | None
    printed: str  # ISO date of the first copy
    copies: int  # paper copies printed so far
    status: str  # one of LEDGER_STATUSES
    fingerprint: str = field(repr=False)  # HMAC of the whole code set (sheets.ledger)
    last_printed: str | None = None
    replaces: str | None = None  # serial of the sheet this one made stale
    replaced_by: str | None = None  # serial of the sheet that made this one stale
    status_date: str | None = None  # when it became superseded or destroyed


# -- authenticator exports ----------------------------------------------------------------------
# Their records live in sheets/otp.py, imported on first use: a code sheet's start then builds
# two dataclasses fewer. `from sheets.model import Vault` works as before.
_OTP_NAMES = frozenset({"OTP_TYPES", "OTP_ALGORITHMS", "OtpEntry", "Vault"})

if TYPE_CHECKING:
    from sheets.otp import OTP_ALGORITHMS as OTP_ALGORITHMS
    from sheets.otp import OTP_TYPES as OTP_TYPES
    from sheets.otp import OtpEntry as OtpEntry
    from sheets.otp import Vault as Vault


def __getattr__(name: str):
    """OtpEntry, Vault and their constants, loaded from sheets.otp when first asked for."""
    if name in _OTP_NAMES:
        from sheets import otp

        return getattr(otp, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
