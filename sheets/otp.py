"""The records of an authenticator export: OtpEntry (one account) and Vault (the file).

Apart from sheets/model.py, which re-exports them, so that a code sheet's start does not
build these dataclasses; import them from sheets.model as everywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
