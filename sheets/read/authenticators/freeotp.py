"""FreeOTP (Android) backups: FreeOTP 2's encrypted backup (an `.xml` name, Java inside)
and FreeOTP 1's `tokens.xml`.

FreeOTP 2 (freeotp/freeotp-android, `TokenPersistence` and `MasterKey`; read the same way
by Aegis's FreeOtpImporter) writes a Java-serialised `HashMap<String, String>` despite the
name: `masterKey` is JSON `{mAlgorithm (PBKDF2withHmacSHA512 or SHA1), mIterations, mSalt,
mEncryptedKey{mCipher "AES/GCM/NoPadding", mCipherText, mParameters, mToken}}`, byte
arrays as JSON arrays of Java bytes, mParameters the DER GCMParameters (nonce, tag length)
and mToken the associated data. The password's PBKDF2 key opens the master key; the master
key opens each token's `{"key": "<the same sealed form>"}` under its UUID, and the token
itself (issuerExt, label, algo, digits, period, counter, type) is plain JSON under
`<UUID>-token`. FreeOTP 1's `tokens.xml` is Android SharedPreferences XML: each
`<string name="issuer:label">` holds a token with its secret in the clear.
"""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ElementTree

from sheets.model import OtpEntry, Vault
from sheets.read.authenticators import crypt, entry, freeotp_plus, jsondoc
from sheets.read.authenticators.crypt import Password

FORMAT = "freeotp"
NAME = "FreeOTP"
MAGIC = b"\xac\xed\x00\x05"  # java.io.ObjectOutputStream's stream header
HASHMAP = b"java.util.HashMap"
KDFS: dict[object, str] = {"PBKDF2withHmacSHA512": "SHA512", "PBKDF2withHmacSHA1": "SHA1"}
MAX_ENTRIES = 10_000  # tokens: far beyond any phone
FIELD_WIDTHS = {"F": 4, "I": 4}  # HashMap's float loadFactor and int threshold
TC_STRING, TC_LONGSTRING, TC_BLOCKDATA, TC_ENDBLOCKDATA = 0x74, 0x7C, 0x77, 0x78


def score(name: str, text: str) -> float:
    """The serialised HashMap's header, or SharedPreferences XML with FreeOTP tokens."""
    if text.startswith("\ufffd\ufffd\x00\x05") and "java.util.HashMap" in text[:64]:
        return 0.9
    if text.lstrip().startswith("<?xml") and "<map>" in text[:512] and "issuerExt" in text:
        return 0.9
    return 0.0


def parse(name: str, data: bytes, password: Password | None) -> Vault:
    """Every token of a FreeOTP 2 backup or FreeOTP 1 tokens.xml, in the file's order."""
    if data.startswith(MAGIC):
        tokens = _unlock(Stream(data).hashmap(), password)
        return Vault(FORMAT, tuple(tokens), name, True)
    found, warnings = entry.collect(_preferences(data), "token", freeotp_plus.token)
    return Vault(FORMAT, tuple(found), name, False, tuple(warnings))


def _preferences(data: bytes) -> list:
    """The token objects of a SharedPreferences file (tokenOrder is the only other key)."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:  # SharedPreferences never has a DTD
        raise entry.damaged("is XML with a document type, which FreeOTP never writes")
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        raise entry.damaged("is not complete XML (truncated or damaged)") from None
    texts = [e.text or "" for e in root.iter("string") if e.get("name") != "tokenOrder"]
    return [jsondoc.load(text.encode("utf-8")) for text in texts]


def _unlock(values: dict[str, str], password: Password | None) -> list[OtpEntry]:
    master = _master(_json(values, "masterKey"), password)
    found = []
    for number, (uuid, sealed) in enumerate(
        ((k, v) for k, v in values.items() if k != "masterKey" and not k.endswith("-token")), 1
    ):
        with entry.located(None, f"token {number}"):
            holder = jsondoc.obj(jsondoc.load(sealed.encode("utf-8")), "its key")
            key = _open(holder.get("key"), master)
            found.append(freeotp_plus.token(_json(values, f"{uuid}-token"), key))
    return found


def _master(raw: dict, password: Password | None) -> bytes:
    kdf = KDFS.get(raw.get("mAlgorithm"))
    if kdf is None:
        raise entry.damaged("uses a master key algorithm FreeOTP does not write")
    rounds = crypt.checked_rounds(raw.get("mIterations"))  # refused before the password is asked
    salt = freeotp_plus.key_bytes(raw.get("mSalt"))
    key = crypt.pbkdf2(crypt.ask(password), salt, rounds, kdf)
    return _open(raw.get("mEncryptedKey"), key)


def _open(sealed: object, key: bytes) -> bytes:
    """A FreeOTP EncryptedKey: AES-GCM with the DER nonce and mToken as associated data."""
    if isinstance(sealed, str):
        sealed = jsondoc.load(sealed.encode("utf-8"))
    sealed = jsondoc.obj(sealed, "an encrypted key")
    if sealed.get("mCipher") != "AES/GCM/NoPadding" or not isinstance(sealed.get("mToken"), str):
        raise entry.damaged("has an encrypted key in a form FreeOTP does not write")
    nonce = _gcm_nonce(freeotp_plus.key_bytes(sealed.get("mParameters")))
    text = freeotp_plus.key_bytes(sealed.get("mCipherText"))
    return crypt.open_gcm(key, nonce, text, sealed["mToken"].encode("utf-8"))


def _gcm_nonce(der: bytes) -> bytes:
    """The nonce of DER GCMParameters, SEQUENCE { OCTET STRING nonce, INTEGER tag length },
    or (older Android) the OCTET STRING alone, as Aegis's parseNonce takes either."""
    if len(der) >= 2 and der[0] == 0x30 and der[1] == len(der) - 2:
        der = der[2:]
    if len(der) < 2 or der[0] != 0x04 or not 8 <= der[1] <= len(der) - 2:
        raise entry.damaged("has GCM parameters that are not DER (the file is damaged)")
    return der[2 : 2 + der[1]]


def _json(values: dict[str, str], key: str) -> dict:
    if key not in values:
        raise entry.damaged(f"has no {'master key' if key == 'masterKey' else 'token data'}")
    return jsondoc.obj(jsondoc.load(values[key].encode("utf-8")), "a stored value")


class Stream:
    """Just enough of Java's serialisation to read a HashMap of strings (bounds-checked)."""

    def __init__(self, data: bytes) -> None:
        self.data, self.at = data, 0

    def take(self, size: int) -> bytes:
        if size < 0 or self.at + size > len(self.data):
            raise entry.damaged("ends in the middle of its data (truncated)")
        self.at += size
        return self.data[self.at - size : self.at]

    def byte(self) -> int:
        return self.take(1)[0]

    def number(self, size: int) -> int:
        return int.from_bytes(self.take(size), "big")

    def hashmap(self) -> dict[str, str]:
        """The map's strings in the stream's order."""
        self.take(len(MAGIC))
        if self.take(2) != b"\x73\x72" or self.take(self.number(2)) != HASHMAP:
            raise entry.damaged("is a Java object other than FreeOTP's backup map")
        self.take(8 + 1)  # serialVersionUID, flags
        width = 0
        for _ in range(self.number(2)):  # loadFactor and threshold (only the first, API 23)
            width += FIELD_WIDTHS.get(chr(self.byte()), -1)
            self.take(self.number(2))
        if self.take(2) != bytes([TC_ENDBLOCKDATA, 0x70]) or width < 0:
            raise entry.damaged("is a HashMap written in a way FreeOTP does not")
        self.take(width)  # the fields' values
        if self.take(2) != bytes([TC_BLOCKDATA, 8]):
            raise entry.damaged("is a HashMap written in a way FreeOTP does not")
        _capacity, size = struct.unpack(">ii", self.take(8))
        if not 0 <= size <= MAX_ENTRIES:
            raise entry.damaged(f"says it holds {size} values, more than any phone")
        return dict((self.string(), self.string()) for _ in range(size))

    def string(self) -> str:
        kind = self.byte()
        if kind not in (TC_STRING, TC_LONGSTRING):
            raise entry.damaged("holds a value that is not a string (the file is damaged)")
        raw = self.take(self.number(2 if kind == TC_STRING else 8))
        return _modified_utf8(raw)


def _modified_utf8(raw: bytes) -> str:
    """Java's modified UTF-8: NUL as C0 80, other planes as surrogate pairs."""
    try:
        text = raw.replace(b"\xc0\x80", b"\x00").decode("utf-8", "surrogatepass")
        return text.encode("utf-16", "surrogatepass").decode("utf-16")
    except UnicodeError:
        raise entry.damaged("holds text that is not UTF-8 (the file is damaged)") from None
