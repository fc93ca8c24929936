"""Ente Auth encrypted exports (a text file holding JSON).

Layout (as the importers that read Ente's files spell it out: Stratum's
EnteAuthBackupConverter.cs and Proton's parser/ente/encrypted.rs, which ports Ente's own
cli/internal/crypto): `{"version": 1, "kdfParams": {"memLimit", "opsLimit", "salt"},
"encryptedData", "encryptionNonce"}`, all Base64. The key is libsodium's crypto_pwhash:
Argon2id v1.3 on one lane over memLimit bytes, opsLimit passes, 32 bytes (Ente's
"sensitive" limits are 1 GiB and 4; a phone that cannot spare the memory halves it and
doubles the passes). The data is one message of an XChaCha20-Poly1305 secret stream whose
header is encryptionNonce; inside is Ente's plain export, otpauth:// URIs one a line (read
by otpauth_list, as the plain export is).
"""

from __future__ import annotations

import re

from sheets.model import Vault
from sheets.read.authenticators import crypt, entry, jsondoc, otpauth_list
from sheets.read.authenticators.crypt import Password

FORMAT = "ente"
NAME = "Ente Auth"
_SHAPE = re.compile(r'"kdfParams"\s*:\s*\{')


def score(name: str, text: str) -> float:
    """The top level with kdfParams and encryptedData."""
    head = text[:4096]
    return 0.9 if _SHAPE.search(head) and '"encryptedData"' in text else 0.0


def parse(name: str, data: bytes, password: Password | None) -> Vault:
    """Every account of an encrypted Ente export, in the file's order."""
    top = jsondoc.obj(jsondoc.load(data), "the top level")
    if top.get("version") != 1:
        raise entry.damaged("is an Ente export of a version this mksheet does not know")
    params = jsondoc.obj(top.get("kdfParams"), "its kdfParams")
    memory = params.get("memLimit")
    if not isinstance(memory, int) or isinstance(memory, bool) or memory < 1024:
        raise entry.damaged("has a memLimit that is not a whole number of KiB")
    salt = crypt.unbase64(params.get("salt"), "salt")
    header = crypt.unbase64(top.get("encryptionNonce"), "encryptionNonce")
    sealed = crypt.unbase64(top.get("encryptedData"), "encryptedData")
    if len(header) != 24 or len(sealed) < 17:  # the stream's header; its tag and one byte
        raise entry.damaged("is too short to hold its encrypted data (truncated)")
    passes, kib = crypt.argon2_cost(params.get("opsLimit"), memory // 1024)  # before the password
    key = crypt.argon2id(crypt.ask(password), salt, passes, kib)
    plain = crypt.open_secretstream(key, header, sealed)
    return Vault(FORMAT, otpauth_list.parse(name, plain).entries, name, True)
