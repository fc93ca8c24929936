"""Opening encrypted exports: bounded key derivation and AES-GCM, via `cryptography`.

The costs come from the file, so they are checked before any work: an export cannot
make mksheet spend more than a few seconds or ~256 MB. Aegis writes scrypt N=2^15, r=8,
p=1 (32 MB, a tenth of a second); andOTP 140 000-160 000 PBKDF2-SHA1 rounds; 2FAS 10 000
PBKDF2-SHA256 rounds. A wrong password and a damaged file look the same to GCM, and the
message says so; it never holds the password or anything decrypted.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable

from sheets.errors import InputError
from sheets.read.authenticators.entry import damaged

Password = Callable[[], str]
MAX_SCRYPT_MEMORY = 2**21  # N*r; scrypt needs 128*N*r bytes, so 256 MiB
MAX_SCRYPT_WORK = 2**21  # N*r*p, 8 times Aegis's cost: well under a second here
MAX_ITERATIONS = 2_000_000  # PBKDF2 rounds: over 12 times andOTP's highest
WRONG = "wrong vault password, or the file is damaged"
WRONG_HINT = "check the password you set when exporting, or export the vault again"


def wrong_password() -> InputError:
    """The one message for a failed tag: a wrong password and a damaged file look alike."""
    return InputError(None, WRONG, WRONG_HINT)


def ask(password: Password | None) -> bytes:
    """The vault password as UTF-8 (what the apps' KDFs are fed), asked for only now."""
    if password is None:
        raise InputError(
            None,
            "is encrypted and no vault password was given",
            "run mksheet on a terminal to type it, or use --vault-password-file",
        )
    return password().encode("utf-8")


def scrypt(secret: bytes, salt: bytes, n: object, r: object, p: object) -> bytes:
    """A 32-byte key, refusing costs beyond the bounds above before spending any."""
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    if not all(isinstance(x, int) and not isinstance(x, bool) and x > 0 for x in (n, r, p)):
        raise damaged("has scrypt parameters that are not positive whole numbers")
    assert isinstance(n, int) and isinstance(r, int) and isinstance(p, int)  # checked above
    if (
        n < 2
        or n & (n - 1)
        or n.bit_length() > 16 * r  # RFC 7914 wants N < 2^(128 r / 8); OpenSSL refuses it
        or n * r > MAX_SCRYPT_MEMORY
        or n * r * p > MAX_SCRYPT_WORK
    ):
        raise damaged(
            f"asks for scrypt cost N={n}, r={r}, p={p}, far above what the app "
            "writes (the file is damaged or hostile)"
        )
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(secret)


def pbkdf2(secret: bytes, salt: bytes, rounds: object, sha: str) -> bytes:
    """A 32-byte PBKDF2-HMAC key, refusing round counts beyond MAX_ITERATIONS."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

    if not isinstance(rounds, int) or not 1 <= rounds <= MAX_ITERATIONS:
        raise damaged(
            f"asks for {rounds} PBKDF2 rounds, outside 1..{MAX_ITERATIONS:,} "
            "(the file is damaged or hostile)"
        )
    digest = hashes.SHA1() if sha == "SHA1" else hashes.SHA256()
    return PBKDF2HMAC(algorithm=digest, length=32, salt=salt, iterations=rounds).derive(secret)


def open_gcm(key: bytes, nonce: bytes, sealed: bytes) -> bytes:
    """AES-GCM plaintext of ciphertext||tag; a failed tag is the wrong-password error."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if len(key) != 32 or not 8 <= len(nonce) <= 64 or len(sealed) < 16:
        raise damaged("has encryption fields of the wrong size (the file is damaged)")
    try:
        return AESGCM(key).decrypt(nonce, sealed, None)
    except InvalidTag:
        raise wrong_password() from None


def unhex(value: object, name: str) -> bytes:
    """Bytes from a hex field (Aegis writes keys, nonces, tags and salts so)."""
    if not isinstance(value, str):
        raise _missing(name)
    try:
        return bytes.fromhex(value)
    except ValueError:
        raise damaged(f"has a {name} that is not hex (the file is damaged)") from None


def unbase64(value: object, name: str) -> bytes:
    """Bytes from a standard Base64 field, padding optional."""
    if not isinstance(value, str):
        raise _missing(name)
    try:
        return base64.b64decode(value + "=" * (-len(value) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise damaged(f"has a {name} that is not Base64 (the file is damaged)") from None


def _missing(name: str) -> InputError:
    return damaged(f"has no {name} (the file is damaged)")
