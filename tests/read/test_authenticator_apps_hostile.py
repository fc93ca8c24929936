"""The new readers under hostile input: costs refused before any work, truncation, wrong
passwords, formats named but not read, and what is read under any name. Every failure is
one line `mksheet: FILE: problem — what to do`, exit 1, holding no key and no password."""

from __future__ import annotations

import base64
import json

import pytest
from conftest import AUTHENTICATORS
from hostile_exports import bounded, inspect_fails  # noqa: F401 (an autouse fixture)

from sheets.errors import InputError
from sheets.read.authenticators import is_export, read_vault

STRATUM = AUTHENTICATORS / "stratum"
AEGIS = AUTHENTICATORS / "aegis-importers"
ENTE = STRATUM / "ente.encrypted.json"
STRONG = STRATUM / "backup.strong.authpro"
LEGACY = STRATUM / "backup.legacy.authpro"
FREEOTP = STRATUM / "freeotp.bin"
PASSWORD = "test"


WRONG = "not-the-password-42"


def fails(tmp_path, capfd, name: str, content: bytes | str, *words: str, password=PASSWORD):
    """Write the file, run `inspect` on it with the password file, check the one line."""
    err = inspect_fails(tmp_path, capfd, name, content, password)
    assert password == PASSWORD or password not in err  # "test" is in every tmp_path
    for word in words:
        assert word in err, err
    return err


def never_asked():
    raise AssertionError("the password was asked for before the costs were checked")


def ente(**changes) -> str:
    document = json.loads(ENTE.read_text())
    document["kdfParams"].update(changes)
    return json.dumps(document)


@pytest.mark.parametrize(
    "changes, words",
    [
        ({"memLimit": 2 * 2**30}, "beyond the 1 GiB"),  # above what any app writes
        ({"opsLimit": 5}, "beyond the 1 GiB"),  # 5 passes over 1 GiB
        ({"opsLimit": 10**12}, "beyond the 1 GiB"),
        ({"memLimit": -1}, "memLimit"),
        ({"opsLimit": "4"}, "not whole numbers"),
    ],
)
def test_ente_costs_beyond_the_bounds_are_refused_before_the_password(
    tmp_path, capfd, changes, words
):
    path = tmp_path / "ente-auth-codes.txt"
    path.write_text(ente(**changes))
    with pytest.raises(InputError, match=words):
        read_vault(str(path), never_asked)
    fails(tmp_path, capfd, "ente.txt", ente(**changes), words)


def test_ente_wrong_password_and_truncation_are_one_line(tmp_path, capfd):
    # Ente's own cost, 4 passes over 1 GiB, takes seconds on a shared machine
    fails(tmp_path, capfd, "ente.txt", ENTE.read_text(), "wrong vault", password=WRONG)
    document = json.loads(ENTE.read_text())
    document["encryptedData"] = document["encryptedData"][:8]
    fails(tmp_path, capfd, "ente2.txt", json.dumps(document), "truncated")


@pytest.mark.parametrize("path", [STRONG, LEGACY], ids=["strong", "legacy"])
def test_authenticator_pro_wrong_password_and_truncation(tmp_path, capfd, path):
    fails(tmp_path, capfd, "b.authpro", path.read_bytes(), "wrong vault password", password=WRONG)
    cut = path.read_bytes()[:50]
    err = fails(tmp_path, capfd, "c.authpro", cut)
    assert "truncated" in err or "wrong vault password" in err


def freeotp_with(edit) -> bytes:
    """FreeOTP's backup with `edit(values)` applied, written back as Java writes the map."""
    from sheets.read.authenticators import freeotp

    data = FREEOTP.read_bytes()
    values = freeotp.Stream(data).hashmap()
    edit(values)
    head = data[: data.index(b"\x77\x08") + 2 + 4]  # up to the block data's capacity
    out = head + len(values).to_bytes(4, "big")
    for text in (t for pair in values.items() for t in pair):
        raw = text.encode("utf-8")
        out += b"\x74" + len(raw).to_bytes(2, "big") + raw
    return out + b"\x78"


def test_freeotp_backup_written_back_still_reads():
    """Guard the helper below: an unedited map written back reads as the original."""
    path_entries = read_vault(str(FREEOTP), lambda: "test").entries
    assert len(path_entries) == 7
    from sheets.read.authenticators import freeotp

    back = freeotp.parse("x", freeotp_with(lambda values: None), lambda: "test")
    assert back.entries == path_entries


def test_freeotp_rounds_beyond_the_bound_cost_nothing(tmp_path, capfd):
    def edit(values):
        master = json.loads(values["masterKey"])
        master["mIterations"] = 2_000_000_000
        values["masterKey"] = json.dumps(master)

    hostile = freeotp_with(edit)
    path = tmp_path / "externalBackup.xml"
    path.write_bytes(hostile)
    with pytest.raises(InputError, match="PBKDF2 rounds"):
        read_vault(str(path), never_asked)
    fails(tmp_path, capfd, "x.xml", hostile, "PBKDF2 rounds")


@pytest.mark.parametrize("keep", [6, 40, 300, -20])
def test_truncated_freeotp_backups_are_one_line(tmp_path, capfd, keep):
    fails(tmp_path, capfd, "externalBackup.xml", FREEOTP.read_bytes()[:keep])


def test_a_freeotp_map_claiming_millions_of_values_is_refused(tmp_path, capfd):
    data = bytearray(FREEOTP.read_bytes())
    at = data.index(b"\x77\x08") + 2 + 4  # block data: capacity, then the size
    data[at : at + 4] = (10**8).to_bytes(4, "big")
    fails(tmp_path, capfd, "externalBackup.xml", bytes(data), "more than any phone")


def test_freeotp_xml_with_a_document_type_is_refused(tmp_path, capfd):
    bomb = '<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaa">]><map>&a;"issuerExt"</map>'
    fails(tmp_path, capfd, "tokens.xml", bomb, "document type")


def test_proton_wrong_password_and_hostile_content(tmp_path, capfd):
    from sheets.read.authenticators import crypt, proton

    key = crypt.argon2id(b"right", b"s" * 16, proton.PASSES, proton.MEMORY)
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    plain = (AUTHENTICATORS / "aegis-importers" / "proton_authenticator.json").read_bytes()
    sealed = b"n" * 12 + AESGCM(key).encrypt(b"n" * 12, plain, proton.AAD)
    document = {"version": 1, "salt": base64.b64encode(b"s" * 16).decode(), "content": ""}
    document["content"] = base64.b64encode(sealed).decode()
    path = tmp_path / "Proton_Authenticator_backup.json"
    path.write_text(json.dumps(document))
    vault = read_vault(str(path), lambda: "right")
    assert vault.format == "proton-authenticator" and vault.encrypted and len(vault.entries) == 3
    fails(tmp_path, capfd, "p.json", json.dumps(document), "wrong vault password", password=WRONG)
    document["content"] = base64.b64encode(sealed[:20]).decode()
    fails(tmp_path, capfd, "q.json", json.dumps(document), "truncated")
    no_aad = b"x" * 12 + AESGCM(key).encrypt(b"x" * 12, plain, None)  # Proton binds its AAD
    document["content"] = base64.b64encode(no_aad).decode()
    fails(tmp_path, capfd, "r.json", json.dumps(document), "wrong vault", password="right")


# -- named, not read --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "name, content, app",
    [
        ("bw.json", b'{"encrypted": true, "passwordProtected": true, "salt": "x"}', "Bitwarden"),
        ("db.kdbx", b"\x03\xd9\xa2\x9a\x67\xfb\x4b\xb5" + bytes(100), "KeePass"),
        (
            "lp.json",
            b'{"deviceName": "Pixel", "version": 3, "accounts": [{"issuerName": "x"}]}',
            "LastPass",
        ),
        ("x.maFile", b'{"shared_secret": "a", "identity_secret": "b"}', "Steam Desktop"),
        ("accounts.db", b"SQLite format 3\x00" + bytes(100), "SQLite"),
        ("otp_accounts.json.gpg", b"\x85\x01\x0c" + bytes(60), "OpenPGP"),
    ],
)
def test_exports_known_by_sight_are_named(tmp_path, capfd, name, content, app):
    assert is_export(name, content)
    fails(tmp_path, capfd, name, content, "is an export of", app, "does not read yet")


def test_anything_else_is_not_an_export_mksheet_knows(tmp_path, capfd):
    fails(tmp_path, capfd, "x.2fas", '{"hello": 1}', "is not an export mksheet knows")


# -- read under any name ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "name, renamed",
    [
        ("andotp_encrypted.bin", "otp_accounts_2026-12-07.bin"),
        ("andotp_encrypted.bin", "phone backup.dat"),  # its round count tells
        ("andotp_encrypted_old.bin", "otp_accounts_2026-12-07.bin"),  # no header: the name
    ],
)
def test_andotp_encrypted_backups_are_recognised_by_content(tmp_path, name, renamed):
    path = tmp_path / renamed
    path.write_bytes((AEGIS / name).read_bytes())
    assert is_export(path.name, path.read_bytes()[:4096])
    vault = read_vault(str(path), lambda: "test")
    assert vault.format == "andotp" and vault.encrypted and len(vault.entries) >= 6


@pytest.mark.parametrize(
    "magic", [b"%PDF-1.7\n", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"PK\x03\x04"]
)
def test_pictures_and_documents_are_not_taken_for_andotp(magic):
    from sheets.read.authenticators import sniff

    assert not sniff.andotp_bytes("otp_accounts.bin", magic + bytes(range(256)) * 4)


def test_random_bytes_under_a_plain_name_are_not_taken_for_andotp():
    """A headerless old backup is random bytes: only an andOTP-like name claims those."""
    import random

    noise = random.Random(7).randbytes(4096).replace(b"\x00", b"\x01")
    assert not is_export("codes.txt", noise) and is_export("otp_accounts.json.aes", noise)


def test_a_2fas_file_with_plain_and_encrypted_services_reads_both(tmp_path):
    sealed = json.loads((AEGIS / "2fas_authenticator_encrypted_v4.2fas").read_text())
    plain = json.loads((AEGIS / "2fas_authenticator_plain_v3.2fas").read_text())
    sealed["services"] = plain["services"]
    path = tmp_path / "both.2fas"
    path.write_text(json.dumps(sealed))
    vault = read_vault(str(path), lambda: "test")
    hidden = read_vault(str(AEGIS / "2fas_authenticator_encrypted_v4.2fas"), lambda: "test")
    shown = read_vault(str(AEGIS / "2fas_authenticator_plain_v3.2fas"))
    assert vault.entries[: len(hidden.entries)] == hidden.entries
    assert set(shown.entries) <= set(vault.entries)
