"""Building one OtpEntry from what an export says, with every check the readers share.

Problems raise InputError without a file name; the reader that knows the file and the
line or entry number re-raises it with both (see `located`). No message ever holds a
secret: they name the field that is wrong, not its value.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sheets.errors import InputError
from sheets.model import OTP_ALGORITHMS, OtpEntry

DIGITS = range(6, 11)  # RFC 4226 allows 6..10; nothing real uses more
STEAM_DIGITS = 5  # Steam Guard codes are five characters of its own alphabet
MAX_PERIOD = 24 * 3600  # a day; a period above that is a typo or an attack
MAX_COUNTER = 2**63 - 1  # protobuf int64, what Google's export can carry
MAX_SECRET = 1024  # characters: keys are 16 to 103; far beyond any real one
FIX_HINT = "export the accounts again from the app, or correct that entry in the app"
DAMAGED_HINT = "export the vault again from the app and use that file"
_SEPARATORS = re.compile(r"[\s\-=]")  # what apps and people leave in a typed secret
_BASE32 = re.compile(r"[A-Z2-7]+")
_MOTP = re.compile(r"[0-9A-Za-z]{1,128}")  # mOTP apps take the secret as typed text (hex, mostly)
_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_NUMBER = re.compile(r"[0-9]{1,19}")  # ASCII only: "²".isdigit() is true, int("²") fails
KINDS = {"totp": "totp", "hotp": "hotp", "steam": "steam", "motp": "motp", "yandex": "yandex"}
KINDS["yaotp"] = "yandex"  # Aegis's otpauth host for Yandex
NAMES = {"steam": "Steam", "motp": "mOTP", "yandex": "Yandex"}  # the other kinds, as printed
# What each non-standard kind always is, whatever a file says (Aegis SteamInfo, MotpInfo,
# YandexInfo): algorithm, digits, period; None where the file's own value is kept.
FIXED = {"steam": (None, None, None), "motp": ("MD5", 6, 10), "yandex": ("SHA256", 8, 30)}


def problem(text: str) -> InputError:
    """An entry-level problem; `located` adds the file and where in it."""
    return InputError(None, text, FIX_HINT)


def damaged(text: str) -> InputError:
    """A problem with the file as a whole, not with one entry."""
    return InputError(None, text, DAMAGED_HINT)


def secret(text: object) -> str:
    """The key as the app shows it: upper-case Base32 without spaces, dashes or `=` padding.

    A hand-typed key whose length is not a whole number of bytes stays as typed (`JEKEKRR`,
    not the `JEKEKRQ` its bytes encode back to): the card prints what the person sees in the
    app. Its bytes (`secret_bytes`) are what the apps' decoders make of it."""
    if not isinstance(text, str):
        raise problem("secret is missing or not text")
    cleaned = _SEPARATORS.sub("", text).upper()
    if not cleaned:
        raise problem("secret is empty")
    if len(cleaned) > MAX_SECRET:
        raise problem(f"secret is {len(cleaned):,} characters, far longer than any key")
    if not _BASE32.fullmatch(cleaned):
        raise problem("secret is not valid Base32")
    if len(cleaned) < 2:  # one character is five bits: not even one byte of key
        raise problem("secret is not valid Base32: too short to be a key")
    return cleaned


def motp_secret(text: object) -> str:
    """An mOTP secret as typed (apps hash it as text with the PIN; mostly 16 hex digits)."""
    if not isinstance(text, str) or not _MOTP.fullmatch(text.strip()):
        raise problem("secret is missing or not the letters and digits of an mOTP secret")
    return text.strip()


def secret_from_bytes(raw: bytes) -> str:
    """The Base32 form of a raw key (Google's migration payload stores bytes)."""
    if not raw:
        raise problem("secret is empty")
    return base64.b32encode(raw).decode("ascii").rstrip("=")


def secret_bytes(text: str) -> bytes:
    """The raw key behind a Base32 secret, as the apps decode it: every whole byte the
    characters give, the bits left over dropped (commons-codec, Otp.NET and Ente's Dart
    decoder all do this, so `JEKEKRR` and `JEKEKRQ` are the same key)."""
    letters = text.upper()
    if len(letters) < 2 or not _BASE32.fullmatch(letters):
        raise problem("secret is not valid Base32")
    bits = "".join(f"{_ALPHABET.index(char):05b}" for char in letters)
    return int(bits[: len(bits) // 8 * 8], 2).to_bytes(len(bits) // 8, "big")


def canonical(text: str) -> str:
    """The Base32 its bytes encode back to: two spellings of one key compare equal so."""
    return secret_from_bytes(secret_bytes(text))


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
    if name.startswith("HMAC"):  # FreeOTP and Java name them HmacSHA1
        name = name[4:]
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


def kind_of(value: object) -> str:
    """One of OTP_TYPES from what a file calls it (`TOTP`, `Steam`, `yaotp`, ...)."""
    found = KINDS.get(value.lower()) if isinstance(value, str) else None
    if found is None:
        raise problem("type is not TOTP, HOTP, Steam, mOTP or Yandex")
    return found


def make(
    kind: object,
    issuer: object,
    account: object,
    key: object,
    algo: object = "SHA1",
    digits: object = 6,
    period: object = 30,
    counter: object = None,
    pin: object = None,
    note: object = None,
) -> OtpEntry:
    """One checked entry: HOTP keeps its counter, every other kind its period."""
    found = kind_of(kind)
    fixed = FIXED.get(found, (None, None, None))
    algo, digits, period = (
        f if f is not None else v for f, v in zip(fixed, (algo, digits, period))
    )
    low = STEAM_DIGITS if found == "steam" else DIGITS.start
    return OtpEntry(
        type=found,
        issuer=text(issuer, "issuer"),
        account=text(account, "account"),
        secret=motp_secret(key) if found == "motp" else secret(key),
        algorithm=str(algo) if found == "motp" else algorithm(algo),
        digits=number(digits, "digits", low, DIGITS.stop - 1),
        period=None if found == "hotp" else number(period, "period", 1, MAX_PERIOD),
        counter=number(counter, "counter", 0, MAX_COUNTER) if found == "hotp" else None,
        pin=_pin(pin) if found in ("motp", "yandex") else None,
        note=note_text(note),
    )


def _pin(value: object) -> str | None:
    """The PIN mOTP and Yandex entries keep beside the key (digits, as a rule)."""
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not 0 < len(value.strip()) <= 64:
        raise problem("PIN is not text of a PIN's length")
    return value.strip()


def note_text(value: object) -> str:
    """An entry's note, line breaks kept (people keep backup codes there, one a line)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise problem("note is not text")
    return "\n".join(line.rstrip() for line in value.strip().splitlines())


def collect(
    items: list, noun: str, build: Callable[[object], OtpEntry]
) -> tuple[list[OtpEntry], list[str]]:
    """Build every item in order; a problem names `noun N`. (Warnings: none yet, kept for
    the readers' shape.)"""
    found: list[OtpEntry] = []
    for number_, raw in enumerate(items, 1):
        with located(None, f"{noun} {number_}"):
            found.append(build(raw))
    return found, []


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
