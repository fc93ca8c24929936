"""Building one OtpEntry from what an export says, with every check the readers share.

Problems raise InputError without a file name; the reader that knows the file and the
line or entry number re-raises it with both (see `located`). No message ever holds a
secret: they name the field that is wrong, not its value.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sheets.errors import InputError
from sheets.model import OTP_ALGORITHMS, OtpEntry

DIGITS = range(6, 11)  # RFC 4226 allows 6..10; nothing real uses more
MAX_PERIOD = 24 * 3600  # a day; a period above that is a typo or an attack
MAX_COUNTER = 2**63 - 1  # protobuf int64, what Google's export can carry
FIX_HINT = "export the accounts again from the app, or correct that entry in the app"
DAMAGED_HINT = "export the vault again from the app and use that file"
_SEPARATORS = re.compile(r"[\s\-=]")  # what apps and people leave in a typed secret
_BASE32 = re.compile(r"[A-Z2-7]+")
_NUMBER = re.compile(r"[0-9]{1,19}")  # ASCII only: "²".isdigit() is true, int("²") fails
_BAD_LENGTHS = {1, 3, 6}  # Base32 lengths (mod 8) no byte string encodes to
OTHER_KINDS = {"steam": "Steam", "yandex": "Yandex", "motp": "mOTP"}


class Skipped(Exception):
    """An entry of a kind no standard authenticator app can take (Steam, Yandex, mOTP)."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def problem(text: str) -> InputError:
    """An entry-level problem; `located` adds the file and where in it."""
    return InputError(None, text, FIX_HINT)


def damaged(text: str) -> InputError:
    """A problem with the file as a whole, not with one entry."""
    return InputError(None, text, DAMAGED_HINT)


def secret(text: object) -> str:
    """Upper-case Base32 without padding; spaces, dashes and `=` dropped as the apps do.

    Spelt as the key's bytes encode: when the length is not a whole number of bytes, the
    last character's unused bits are cleared ("ADQOKFWGL2" is "ADQOKFWGLY"). Every app
    decodes both to the same key, and Google's restore QR carries only the bytes, so the
    card, the restore page, the ledger and verify must all use this one spelling."""
    if not isinstance(text, str):
        raise problem("secret is missing or not text")
    cleaned = _SEPARATORS.sub("", text).upper()
    if not cleaned:
        raise problem("secret is empty")
    if not _BASE32.fullmatch(cleaned) or len(cleaned) % 8 in _BAD_LENGTHS:
        raise problem("secret is not valid Base32")
    return secret_from_bytes(secret_bytes(cleaned))


def secret_from_bytes(raw: bytes) -> str:
    """The Base32 form of a raw key (Google's migration payload stores bytes)."""
    if not raw:
        raise problem("secret is empty")
    return base64.b32encode(raw).decode("ascii").rstrip("=")


def secret_bytes(text: str) -> bytes:
    """The raw key behind a normalised Base32 secret."""
    try:
        return base64.b32decode(text + "=" * (-len(text) % 8))
    except (binascii.Error, ValueError):
        raise problem("secret is not valid Base32") from None


def number(value: object, name: str, low: int, high: int) -> int:
    """An integer field within bounds; digit strings are accepted as URIs carry them."""
    if isinstance(value, str) and _NUMBER.fullmatch(value.strip()):
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int):
        raise problem(f"{name} is missing or not a whole number")
    if not low <= value <= high:
        raise problem(f"{name} {value} is outside {low}..{high}")
    return value


def algorithm(value: object) -> str:
    """SHA1, SHA256 or SHA512; apps write them in either case, some with a dash."""
    name = value.upper().replace("-", "") if isinstance(value, str) else ""
    if name not in OTP_ALGORITHMS:
        raise problem("algorithm is not SHA1, SHA256 or SHA512")
    return name


def text(value: object, name: str) -> str:
    """A label field: missing or null is empty; anything else must be text."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise problem(f"{name} is not text")
    return value.strip()


def make(
    kind: object,
    issuer: object,
    account: object,
    key: object,
    algo: object = "SHA1",
    digits: object = 6,
    period: object = 30,
    counter: object = None,
) -> OtpEntry:
    """One checked entry: TOTP keeps its period, HOTP its counter."""
    kind = kind.lower() if isinstance(kind, str) else ""
    if kind not in ("totp", "hotp"):
        raise problem("type is not TOTP or HOTP")
    totp = kind == "totp"
    return OtpEntry(
        type=kind,
        issuer=text(issuer, "issuer"),
        account=text(account, "account"),
        secret=secret(key),
        algorithm=algorithm(algo),
        digits=number(digits, "digits", DIGITS.start, DIGITS.stop - 1),
        period=number(period, "period", 1, MAX_PERIOD) if totp else None,
        counter=None if totp else number(counter, "counter", 0, MAX_COUNTER),
    )


def skip_other(kind: object) -> None:
    """Raise Skipped for a known non-standard kind; the reader warns and goes on."""
    if isinstance(kind, str) and kind.lower() in OTHER_KINDS:
        raise Skipped(OTHER_KINDS[kind.lower()])


def collect(
    items: list, noun: str, build: Callable[[object], OtpEntry]
) -> tuple[list[OtpEntry], list[str]]:
    """Build every item in order; a problem names `noun N`, a skipped kind becomes a warning."""
    found, warnings = [], []
    for number, raw in enumerate(items, 1):
        with located(None, f"{noun} {number}"):
            try:
                found.append(build(raw))
            except Skipped as skipped:
                warnings.append(
                    f"{noun} {number} is a {skipped.kind} token, which a "
                    "standard authenticator app cannot take; it is left out"
                )
    return found, warnings


@contextmanager
def located(file: str | None, where: str = "") -> Iterator[None]:
    """Re-raise a problem without a file with `file` and `line 3` or `entry 5` in front."""
    try:
        yield
    except InputError as exc:
        if exc.file is not None:
            raise
        text = f"{where}: {exc.problem}" if where else exc.problem
        raise type(exc)(file, text, exc.hint) from None
