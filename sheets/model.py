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
    name: str | None = None  # the service as printed ("GitHub", "Acme Bank"); None: unnamed
    # Encrypted copies written, as (absolute path, SHA-256 of the file): their serial is
    # encrypted with them, so a later run knows them by their bytes before replacing one.
    encrypted: tuple[tuple[str, str], ...] = ()


# -- authenticator exports ----------------------------------------------------------------------
STANDARD_TYPES = ("totp", "hotp")  # what Google Authenticator, and so every app, can take
OTP_TYPES = (*STANDARD_TYPES, "steam", "motp", "yandex")  # the others as Aegis names them
OTP_ALGORITHMS = ("SHA1", "SHA256", "SHA512")
MOTP_ALGORITHM = "MD5"  # mOTP hashes with MD5, and nothing else may


@dataclass(frozen=True)
class OtpEntry:
    """One account of an authenticator export, normalised: what re-enrols it on a new phone."""

    type: str  # one of OTP_TYPES
    issuer: str
    account: str
    secret: str = field(repr=False)  # as the app shows it: Base32 (mOTP: as typed), no padding
    algorithm: str = "SHA1"
    digits: int = 6
    period: int | None = 30  # None for HOTP
    counter: int | None = None  # None for every other type
    pin: str | None = field(default=None, repr=False)  # mOTP and Yandex: the PIN the app stores
    note: str = field(default="", repr=False)  # the entry's note in the app (may hold codes)

    def __post_init__(self) -> None:
        algorithms = (MOTP_ALGORITHM,) if self.type == "motp" else OTP_ALGORITHMS
        if self.type not in OTP_TYPES or self.algorithm not in algorithms:
            raise ValueError("unknown OTP type or algorithm")
        counted = self.type == "hotp"
        if counted == (self.counter is None) or counted != (self.period is None):
            raise ValueError("HOTP has a counter and no period; every other type the reverse")

    @property
    def standard(self) -> bool:
        """Whether any authenticator app takes the entry (TOTP or HOTP, not Steam and the like)."""
        return self.type in STANDARD_TYPES

    def whole(self) -> tuple:
        """Every field that makes the account what it is: what the ledger fingerprints and
        verify compares (never printed or logged: it holds the secret). Not the note or an
        mOTP PIN, which the card's QR code cannot carry back."""
        return (
            self.type,
            self.issuer,
            self.account,
            self.secret,
            self.algorithm,
            self.digits,
            self.period,
            self.counter,
        )

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
            "pin": self.pin,
            "note": self.note,
        }


@dataclass(frozen=True)
class Vault:
    """What one authenticator export holds: its entries in the file's order."""

    format: str  # a reader's FORMAT: "aegis", "2fas", "bitwarden-vault", ...
    entries: tuple[OtpEntry, ...] = field(repr=False)
    source: str = ""  # the file's base name, for messages
    encrypted: bool = False
    warnings: tuple[str, ...] = ()


AUTHENTICATOR = "authenticator"  # the ledger's kind for an authenticator export's cards


@dataclass(frozen=True)
class Job:
    """One thing to print and whose it is: a code file's sheet, or an export's cards."""

    content: CodeSet | Vault
    owner: str | None = None
    file: str = ""  # the input as the user named it, for messages
    replaces: tuple[str, ...] = ()  # serials the person said it replaces (--replaces)
    # The password an encrypted export was opened with: it locks the cards' PDF by default.
    password: str | None = field(default=None, repr=False, compare=False)

    @property
    def deck(self) -> Vault | None:
        """The export, when this job prints an authenticator export's cards."""
        return self.content if isinstance(self.content, Vault) else None

    @property
    def provider(self) -> str:
        """The provider's key, or the app's format for an export."""
        content = self.content
        return content.format if isinstance(content, Vault) else content.provider

    @property
    def kind(self) -> str:
        """backup-codes, recovery-key, recovery-phrase, or AUTHENTICATOR."""
        return AUTHENTICATOR if isinstance(self.content, Vault) else self.content.kind

    @property
    def account(self) -> str | None:
        """The account the file names (an export names none as a whole)."""
        return None if isinstance(self.content, Vault) else self.content.account

    @property
    def source(self) -> str:
        """The input's base name, as the reader recorded it."""
        return self.content.source

    @property
    def secrets(self) -> tuple[str, ...]:
        """What the ledger fingerprints: the codes and a second secret beside them (a new
        personal key is a new sheet), or each account of an export whole."""
        if isinstance(self.content, Vault):
            return tuple(" ".join(map(str, e.whole())) for e in self.content.entries)
        second = self.content.second
        return self.content.codes + (second.codes if second else ())
