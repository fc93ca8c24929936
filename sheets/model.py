"""Frozen records passed between parsing, the ledger and rendering. No I/O here."""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("backup-codes", "recovery-key", "recovery-phrase")


@dataclass(frozen=True)
class Secret:
    """A secret of another kind beside a file's codes (Login.gov's personal key pasted below
    its backup codes): printed in a block of its own on the same sheet, and in its QR."""

    kind: str  # one of KINDS, not the code set's own
    codes: tuple[str, ...] = field(repr=False)  # one key or one phrase


@dataclass(frozen=True)
class CodeSet:
    """What one downloaded file says: the codes exactly as issued, plus what is known.

    Every line of the file is accounted for: a code, text the provider's own file holds
    (its heading, the account, the date), a note on a code's line (`code_notes`: the code's
    index in `codes` and the note as written), a second secret, or one of `other_lines`
    (line number and text as written), which the sheet prints and its QR holds."""

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
    other_lines: tuple[tuple[int, str], ...] = field(default=(), repr=False)  # may hold secrets
    code_notes: tuple[tuple[int, str], ...] = field(default=(), repr=False)
    second: Secret | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r}")
        if self.numbers is not None and len(self.numbers) != len(self.codes):
            raise ValueError("numbers and codes differ in length")
        if any(not 0 <= index < len(self.codes) for index, _ in self.code_notes):
            raise ValueError("a note beside a code that is not there")
        if self.second is not None and self.second.kind == self.kind:
            raise ValueError("a second secret is of another kind")

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
OTP_TYPES = ("totp", "hotp")
OTP_ALGORITHMS = ("SHA1", "SHA256", "SHA512")


@dataclass(frozen=True)
class OtpEntry:
    """One account of an authenticator export, normalised: what re-enrols it on a new phone."""

    type: str  # "totp" | "hotp"
    issuer: str
    account: str
    secret: str = field(repr=False)  # upper-case Base32, no padding
    algorithm: str = "SHA1"
    digits: int = 6
    period: int | None = 30  # None for HOTP
    counter: int | None = None  # None for TOTP

    def __post_init__(self) -> None:
        if self.type not in OTP_TYPES or self.algorithm not in OTP_ALGORITHMS:
            raise ValueError("unknown OTP type or algorithm")
        if (self.type == "totp") != (self.period is not None) or (self.type == "hotp") != (
            self.counter is not None
        ):
            raise ValueError("TOTP has a period and no counter; HOTP the reverse")

    def as_json(self) -> dict:
        """The `inspect --json` object (the issue's contract: these keys, this order)."""
        return {
            "type": self.type,
            "issuer": self.issuer,
            "account": self.account,
            "secret": self.secret,
            "algorithm": self.algorithm,
            "digits": self.digits,
            "period": self.period,
            "counter": self.counter,
        }


@dataclass(frozen=True)
class Vault:
    """What one authenticator export holds: its entries in the file's order."""

    format: str  # "aegis" | "2fas" | "andotp" | "otpauth" | "google-authenticator"
    entries: tuple[OtpEntry, ...] = field(repr=False)
    source: str = ""  # the file's base name, for messages
    encrypted: bool = False
    warnings: tuple[str, ...] = ()
