"""Opening encrypted exports: bounded key derivation, AES-GCM and AES-CBC via
`cryptography`, and libsodium's XChaCha20-Poly1305 secret stream via PyNaCl (Ente).

The costs come from the file, so they are checked before any work. scrypt and PBKDF2 stay
within a few seconds and ~256 MB: Aegis writes scrypt N=2^15, r=8, p=1 (32 MB, a tenth of
a second); andOTP 140 000-160 000 PBKDF2-SHA1 rounds; 2FAS 10 000 PBKDF2-SHA256 rounds;
FreeOTP 100 000 PBKDF2-SHA512; Authenticator Pro's old backups 64 000 PBKDF2-SHA1. Argon2id
may ask for up to 1 GiB and 4 passes over it, because Ente's default ("sensitive") export
does exactly that; Proton writes 19 MiB x 2, Authenticator Pro 64 MiB x 3 on 4 lanes. A
wrong password and a damaged file look the same to an AEAD, and the message says so; it
never holds the password or anything decrypted.
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
MAX_ARGON2_MEMORY = 2**20  # KiB: 1 GiB, what Ente's "sensitive" export asks for
MAX_ARGON2_WORK = 4 * 2**20  # passes x KiB: Ente's 4 passes over 1 GiB, a few seconds
MAX_ARGON2_LANES = 16  # Authenticator Pro uses 4, libsodium (Ente) 1
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

    count = checked_rounds(rounds)
    digest = {"SHA1": hashes.SHA1, "SHA512": hashes.SHA512}.get(sha, hashes.SHA256)()
    return PBKDF2HMAC(algorithm=digest, length=32, salt=salt, iterations=count).derive(secret)


def checked_rounds(rounds: object) -> int:
    """A PBKDF2 round count within 1..MAX_ITERATIONS, or the file's problem."""
    if isinstance(rounds, bool) or not isinstance(rounds, int) or not 1 <= rounds <= MAX_ITERATIONS:
        raise damaged(
            f"asks for {rounds} PBKDF2 rounds, outside 1..{MAX_ITERATIONS:,} "
            "(the file is damaged or hostile)"
        )
    return rounds


def argon2id(secret: bytes, salt: bytes, passes: object, memory: object, lanes: int = 1) -> bytes:
    """A 32-byte Argon2id key (memory in KiB), refusing costs beyond the bounds above first."""
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

    rounds, kib = argon2_cost(passes, memory, lanes)
    if not 8 <= len(salt) <= 64:
        raise damaged("has an Argon2 salt of the wrong size (the file is damaged)")
    kdf = Argon2id(salt=salt, length=32, iterations=rounds, lanes=lanes, memory_cost=kib)
    return kdf.derive(secret)


def argon2_cost(passes: object, memory: object, lanes: int = 1) -> tuple[int, int]:
    """(passes, KiB) when within the bounds; readers call it before asking the password."""
    if not all(isinstance(x, int) and not isinstance(x, bool) for x in (passes, memory)):
        raise damaged("has Argon2 parameters that are not whole numbers")
    assert isinstance(passes, int) and isinstance(memory, int)  # checked above
    if not (
        passes >= 1
        and 8 * lanes <= memory <= MAX_ARGON2_MEMORY
        and passes * memory <= MAX_ARGON2_WORK
        and 1 <= lanes <= MAX_ARGON2_LANES
    ):
        raise damaged(
            f"asks for Argon2 cost of {passes} passes over {memory // 1024} MiB, beyond the "
            "1 GiB and 4 passes any app writes (the file is damaged or hostile)"
        )
    return passes, memory


def open_gcm(key: bytes, nonce: bytes, sealed: bytes, aad: bytes | None = None) -> bytes:
    """AES-GCM plaintext of ciphertext||tag; a failed tag is the wrong-password error."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if len(key) != 32 or not 8 <= len(nonce) <= 64 or len(sealed) < 16:
        raise damaged("has encryption fields of the wrong size (the file is damaged)")
    try:
        return AESGCM(key).decrypt(nonce, sealed, aad)
    except InvalidTag:
        raise wrong_password() from None


def open_cbc(key: bytes, iv: bytes, sealed: bytes) -> bytes:
    """AES-CBC with PKCS#7 padding (no tag): bad padding is the wrong-password error, and
    the caller must treat plaintext it cannot parse the same way."""
    from cryptography.hazmat.primitives import padding
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    if len(key) != 32 or len(iv) != 16 or not sealed or len(sealed) % 16:
        raise damaged("has encryption fields of the wrong size (the file is damaged)")
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    padded = decryptor.update(sealed) + decryptor.finalize()
    unpadder = padding.PKCS7(128).unpadder()
    try:
        return unpadder.update(padded) + unpadder.finalize()
    except ValueError:
        raise wrong_password() from None


def open_secretstream(key: bytes, header: bytes, sealed: bytes) -> bytes:
    """The one message of a libsodium XChaCha20-Poly1305 secret stream (Ente)."""
    from nacl import bindings
    from nacl.exceptions import CryptoError

    if len(header) != bindings.crypto_secretstream_xchacha20poly1305_HEADERBYTES:
        raise damaged("has a stream header of the wrong size (the file is damaged)")
    if len(sealed) < bindings.crypto_secretstream_xchacha20poly1305_ABYTES:
        raise damaged("is too short to hold its encrypted data (truncated)")
    state = bindings.crypto_secretstream_xchacha20poly1305_state()
    try:
        bindings.crypto_secretstream_xchacha20poly1305_init_pull(state, header, key)
        plain, tag = bindings.crypto_secretstream_xchacha20poly1305_pull(state, sealed)
    except CryptoError:
        raise wrong_password() from None
    if tag not in (0, bindings.crypto_secretstream_xchacha20poly1305_TAG_FINAL):
        raise damaged("has encrypted data in more parts than one (the file is damaged)")
    return plain  # Ente pushes its one message with tag 0 (MESSAGE), others with FINAL


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
