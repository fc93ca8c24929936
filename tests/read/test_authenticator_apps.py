"""The authenticator apps' own test fixtures, read to the entries their own tests assert.

tests/fixtures/authenticators/ holds, each with its licence (all GPL-3.0):
- aegis-importers/: Aegis's importer test resources. DatabaseImporterTest finds each
  imported entry's vector by its key among VaultEntries (below) and compares it whole,
  after the fix-ups it makes for an app's limits; here the same.
- stratum/: Stratum's (Authenticator Pro's) test data. Its converter tests assert how many
  authenticators each file gives; the files built from its seven standard accounts
  (stratum/urilist.txt, read here by urllib, not by mksheet) are compared field by field.
- proton-pass/: Proton Pass's authenticator parser fixtures, compared field by field with
  the file's own values read by an independent reader (urllib for URIs, json for JSON).
- extract-otp-secrets/: scito/extract_otp_secrets's examples and its example_output.json.

Every entry: issuer, account, key as printed, algorithm, digits, period or counter, type;
and the codes pyotp makes from the key read equal the codes from the upstream key.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import urllib.parse
from pathlib import Path

import pyotp
import pytest
from conftest import AUTHENTICATORS, run_cli

from sheets.errors import InputError
from sheets.read.authenticators import app_name, read_vault, readers

DIGEST = {"SHA1": hashlib.sha1, "SHA256": hashlib.sha256, "SHA512": hashlib.sha512}
MOMENTS = (59, 1_111_111_109, 2_000_000_000)
AEGIS = AUTHENTICATORS / "aegis-importers"
STRATUM = AUTHENTICATORS / "stratum"
PROTON = AUTHENTICATORS / "proton-pass"
EXTRACT = AUTHENTICATORS / "extract-otp-secrets"


def entry(kind, issuer, account, secret, algorithm="SHA1", digits=6, period=30, counter=None):
    """An inspect --json entry (pin and note empty, as no upstream vector has them)."""
    hotp = kind == "hotp"
    return {
        "type": kind,
        "issuer": issuer,
        "account": account,
        "secret": secret,
        "algorithm": algorithm,
        "digits": digits,
        "period": None if hotp else period,
        "counter": counter if hotp else None,
        "pin": None,
        "note": "",
    }


# Aegis app/src/test/java/com/beemdevelopment/aegis/vectors/VaultEntries.java
VECTORS = [
    entry("totp", "Deno", "Mason", "4SJHB4GSD43FZBAI7C2HLRJGPQ"),
    entry("totp", "SPDX", "James", "5OM4WOOGPLQEF6UGN3CPEOOLWU", "SHA256", 7, 20),
    entry("totp", "Airbnb", "Elijah", "7ELGJSGXNCCTV3O6LKJWYFV2RA", "SHA512", 8, 50),
    entry("hotp", "Issuu", "James", "YOOMIXWS5GN6RTBPUFFWKTW5M4", "SHA1", 6, counter=1),
    entry("hotp", "Air Canada", "Benjamin", "KUVJJOM753IHTNDSZVCNKL7GII", "SHA256", 7, counter=50),
    entry("hotp", "WWE", "Mason", "5VAML3X35THCEBVRLV24CGBKOY", "SHA512", 8, counter=10300),
    entry("steam", "Boeing", "Sophia", "JRZCL47CMXVOQMNPZR2F7J4RGI", "SHA1", 5, 30),
    entry("totp", "Battle.net", "US-2211-2050-3346", "BMGRXPGFARQQF4GMT25JATL2VYLAHDBI", "SHA1", 8),
]


def _as_is(vector: dict) -> dict:
    return vector


def _freeotp_v1(vector: dict) -> dict:
    """FreeOTP stores the HOTP counter one lower ("for some reason", the test says)."""
    return {**vector, "counter": vector["counter"] - 1} if vector["type"] == "hotp" else vector


def _twofas_v1(vector: dict) -> dict:
    """2FAS schema 1 has no HOTP, algorithm, period or digits: a plain TOTP of the key."""
    return entry("totp", vector["issuer"], vector["account"], vector["secret"])


def _twofas_v2(vector: dict) -> dict:
    """Schema 2 keeps algorithm and digits, has no HOTP: a TOTP with the period (or 30)."""
    return entry(
        "totp",
        vector["issuer"],
        vector["account"],
        vector["secret"],
        vector["algorithm"],
        vector["digits"],
        vector["period"] or 30,
    )


def _old_andotp(vector: dict) -> dict:
    """andOTP before 0.6 wrote `issuer:name` as the label (the test says so)."""
    return {**vector, "account": f"{vector['issuer']}:{vector['account']}"}


# (file, password, how the test fixes the vector up, entries in the file)
AEGIS_CASES = [
    ("plain.txt", None, _as_is, 7),
    ("aegis_plain.json", None, _as_is, 7),
    ("aegis_encrypted.json", "test", _as_is, 7),
    ("ente_auth.txt", None, _as_is, 7),
    ("andotp_plain.json", None, _as_is, 7),
    ("andotp_encrypted.bin", "test", _as_is, 7),
    ("andotp_encrypted_old.bin", "test", _old_andotp, 6),
    ("stratum_plain.json", None, _as_is, 7),
    ("stratum_encrypted.bin", "test", _as_is, 7),
    ("stratum_encrypted_legacy.bin", "test", _as_is, 7),
    ("freeotp.xml", None, _freeotp_v1, 4),
    ("freeotp_plus.json", None, _freeotp_v1, 6),
    ("freeotp_v2_api23.xml", "test", _as_is, 6),
    ("freeotp_v2_api25.xml", "test", _as_is, 6),
    ("freeotp_v2_api27.xml", "test", _as_is, 6),
    ("freeotp_v2_api34.xml", "test", _as_is, 6),
    ("freeotp_v2_null_algo.xml", "test", _as_is, 1),
    ("2fas_authenticator.json", None, _twofas_v1, 6),
    ("2fas_authenticator_plain.2fas", None, _twofas_v2, 4),
    ("2fas_authenticator_encrypted.2fas", "test", _twofas_v2, 4),
    ("2fas_authenticator_plain_v3.2fas", None, _as_is, 6),
    ("2fas_authenticator_encrypted_v3.2fas", "test", _as_is, 6),
    ("2fas_authenticator_plain_v4.2fas", None, _as_is, 5),
    ("2fas_authenticator_encrypted_v4.2fas", "test", _as_is, 5),
    ("proton_authenticator.json", None, _as_is, 3),
    ("bitwarden.json", None, _as_is, 4),
    ("bitwarden.csv", None, _as_is, 4),
]


def key_bytes(secret: str) -> bytes:
    """A Base32 key's bytes by the standard library (padded; extra bits ignored)."""
    text = secret.upper().rstrip("=")
    usable = len(text) - (len(text) % 8 in (1, 3, 6))  # a dangling character has no byte
    text = text[:usable]
    return base64.b32decode(text + "=" * (-len(text) % 8))


def canonical(secret: str) -> str:
    return base64.b32encode(key_bytes(secret)).decode().rstrip("=")


def code(secret: str, truth: dict, moment: int) -> str:
    """What an app shows for the entry (Steam: six digits of the number its five letters
    are made from, as pyotp takes no fewer)."""
    args = dict(digits=max(6, truth["digits"]), digest=DIGEST[truth["algorithm"]])
    key = canonical(secret)
    if truth["type"] == "hotp":
        return HOTP(key, **args).at(truth["counter"])
    return TOTP(key, interval=truth["period"], **args).at(moment)


class TOTP(pyotp.TOTP):
    min_secret_length_bits = 0  # hand-typed test keys are short


class HOTP(pyotp.HOTP):
    min_secret_length_bits = 0


def same(read: list[dict], truths: list[dict]) -> None:
    """Field by field, and the codes of the key read equal those of the upstream key."""
    assert read == truths
    for got, truth in zip(read, truths):
        if truth["type"] in ("totp", "hotp", "steam"):
            for moment in MOMENTS:
                assert code(got["secret"], got, moment) == code(truth["secret"], truth, moment)


def vector_of(found: dict) -> dict:
    """The Aegis vector with the same key bytes (the test's getEntryVectorBySecret)."""
    (vector,) = [v for v in VECTORS if key_bytes(v["secret"]) == key_bytes(found["secret"])]
    return vector


@pytest.mark.parametrize("name, password, fix, count", AEGIS_CASES, ids=[c[0] for c in AEGIS_CASES])
def test_aegis_importer_fixtures_read_to_their_vectors(name, password, fix, count):
    vault = read_vault(str(AEGIS / name), (lambda: password) if password else None)
    read = [e.as_json() for e in vault.entries]
    assert len(read) == count and vault.warnings == ()
    assert vault.encrypted == bool(password)
    if name.startswith("bitwarden"):  # the test only finds the Steam entry's key
        steam = [e for e in read if e["type"] == "steam"]
        assert [vector_of(e)["issuer"] for e in steam] == ["Boeing"]
        read = [e for e in read if e["type"] != "steam"]
    same(read, [fix(vector_of(e)) for e in read])


# -- Stratum ----------------------------------------------------------------------------------
def uri_entry(uri: str) -> dict:
    """An otpauth:// URI by the Key Uri Format, read with urllib (not by mksheet)."""
    parts = urllib.parse.urlsplit(uri)
    label = urllib.parse.unquote(parts.path.lstrip("/"))
    prefix, account = label.split(":", 1) if ":" in label else ("", label)
    query = dict(urllib.parse.parse_qsl(parts.query, keep_blank_values=True))
    return entry(
        parts.netloc,
        (prefix or query.get("issuer", "")).strip(),
        account.strip(),
        query["secret"].upper().rstrip("="),
        query.get("algorithm", "SHA1").upper(),
        int(query.get("digits", 5 if parts.netloc == "steam" else 6)),
        int(query.get("period", 30)),
        int(query.get("counter", 0)),
    )


STANDARD = [uri_entry(line) for line in (STRATUM / "urilist.txt").read_text().split()]
BY_NAME = {(e["issuer"], e["account"]): e for e in STANDARD}


NO_ISSUER = ("NoIssuer", "NoIssuer")  # the issuer parameter says NoIssuer
STRATUM_CASES = {
    # converter test: 7 authenticators, in the file's order
    "ente.unencrypted.txt": [
        ("Long", "Period"),
        ("Many", "Digits"),
        NO_ISSUER,
        ("Sha", "256"),
        ("Sha", "512"),
        ("Standard", "Hotp"),
        ("Standard", "Totp"),
    ],
    "urilist.txt": STANDARD,
    # Proton keeps the label alone as the name; its Steam entry is its own
    "protonauthenticator.json": [
        {**BY_NAME[("Standard", "Totp")], "account": "Totp"},
        {**BY_NAME[NO_ISSUER], "issuer": ""},  # Proton's URI has no issuer parameter
        {**BY_NAME[("Sha", "256")]},
        {**BY_NAME[("Sha", "512")]},
        {**BY_NAME[("Long", "Period")]},
        {**BY_NAME[("Many", "Digits")]},
        entry("steam", "Steam", "Steam", "STEAMSTEAMSTEAMSTEAM", "SHA1", 5, 30),
    ],
    # FreeOTP+ cannot hold 9 digits and stores the counter one lower
    "freeotpplus.json": [
        BY_NAME[("Long", "Period")],
        {**BY_NAME[("Many", "Digits")], "digits": 8},
        BY_NAME[("Sha", "256")],
        BY_NAME[("Sha", "512")],
        {**BY_NAME[("Standard", "Hotp")], "counter": 9},
        BY_NAME[("Standard", "Totp")],
        BY_NAME[NO_ISSUER],
    ],
}
ENCRYPTED_STRATUM = {"ente.encrypted.json": ("test", "ente.unencrypted.txt")}
COUNTED = {  # the other converter tests assert a count only
    "googleauthenticator.txt": (None, 6),
    "bitwardenauthenticator.json": (None, 6),
    "bitwarden.unencrypted.json": (None, 8),
    "twofas.unencrypted.2fas": (None, 6),
    "twofas.encrypted.2fas": ("test", 6),
    "aegis.unencrypted.json": (None, 11),
    "aegis.encrypted.json": ("test", 11),
    "freeotp.bin": ("test", 7),
    "andotp.unencrypted.json": (None, 9),  # Stratum: 8 and a failure (an mOTP entry)
    "andotp.encrypted.bin": ("testtest", 9),
    "backup.unencrypted.authpro": (None, 15),  # BackupTest: "any"
    "backup.strong.authpro": ("test", 7),
    "backup.legacy.authpro": ("test", 7),
}


def _truth(value) -> dict:
    return value if isinstance(value, dict) else BY_NAME[value]


@pytest.mark.parametrize("name", sorted(STRATUM_CASES))
def test_stratum_fixtures_read_to_its_accounts(name):
    truths = [_truth(v) for v in STRATUM_CASES[name]]
    same([e.as_json() for e in read_vault(str(STRATUM / name)).entries], truths)


@pytest.mark.parametrize("name", sorted(ENCRYPTED_STRATUM))
def test_stratum_encrypted_fixtures_read_as_their_plain_twins(name):
    password, plain = ENCRYPTED_STRATUM[name]
    vault = read_vault(str(STRATUM / name), lambda: password)
    truths = [_truth(v) for v in STRATUM_CASES[plain]]
    assert vault.encrypted
    same([e.as_json() for e in vault.entries], truths)


@pytest.mark.parametrize("name", sorted(COUNTED))
def test_stratum_fixtures_give_the_count_its_tests_assert(name):
    password, count = COUNTED[name]
    vault = read_vault(str(STRATUM / name), (lambda: password) if password else None)
    assert len(vault.entries) == count and vault.encrypted == bool(password)


def test_authenticator_pro_backups_match_the_json_they_hold():
    """The plain backup's own fields, read with json: every field of every authenticator."""
    raw = json.loads((STRATUM / "backup.unencrypted.authpro").read_text())["Authenticators"]
    kinds = {1: "hotp", 2: "totp", 3: "motp", 4: "steam", 5: "yandex"}
    truths = []
    for item in raw:
        kind = kinds[item["Type"]]
        truth = entry(
            kind,
            item["Issuer"],
            item["Username"],
            item["Secret"],
            ["SHA1", "SHA256", "SHA512"][item["Algorithm"]],
            item["Digits"],
            item["Period"],
            item["Counter"],
        )
        if kind == "motp":  # mOTP is MD5, six digits, every ten seconds, whatever is stored
            truth.update(algorithm="MD5", digits=6, period=10)
        truths.append(truth)
    same(
        [e.as_json() for e in read_vault(str(STRATUM / "backup.unencrypted.authpro")).entries],
        truths,
    )


def test_a_hand_typed_key_is_printed_as_stratum_shows_it():
    """Stratum takes Base32 of any length: ASKDJKS is printed ASKDJKS, not ASKDJKQ."""
    entries = read_vault(str(STRATUM / "backup.unencrypted.authpro")).entries
    assert [e.secret for e in entries[:3]] == ["ASKDJKS", "APAOSDIDSO", "POIAOSIDOSOID"]


# -- Proton Pass ------------------------------------------------------------------------------
def _uri_lines(path: Path) -> list[dict]:
    return [uri_entry(line) for line in path.read_text().split() if line.startswith("otpauth")]


def _with_notes(path: Path, truths: list[dict]) -> list[dict]:
    """Ente's note lives in its codeDisplay parameter (JSON)."""
    for line, truth in zip(path.read_text().split(), truths):
        query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(line).query))
        truth["note"] = json.loads(query.get("codeDisplay", "{}")).get("note", "")
    return truths


PROTON_URI_FILES = [
    "ente/plain.txt",
    "ente/plain_20_entries.txt",
    "ente/plain_with_steam_and_hotp.txt",
    "ente/plain_with_missing_fields.txt",
    "ente/encrypted_decrypted.txt",
    "aegis/aegis-txt.txt",
]


@pytest.mark.parametrize("name", PROTON_URI_FILES)
def test_proton_uri_fixtures_read_as_urllib_reads_them(name):
    path = PROTON / name
    truths = _uri_lines(path)
    if name.startswith("ente/"):
        truths = _with_notes(path, truths)
    same([e.as_json() for e in read_vault(str(path)).entries], truths)


def test_an_ente_hotp_line_without_a_counter_reads_as_ente_reads_it():
    """Proton's test expects an error on line 4 (Proton has no HOTP); Ente reads counter 0."""
    path = PROTON / "ente" / "plain_with_hotp.txt"
    read = [e.as_json() for e in read_vault(str(path)).entries]
    assert len(read) == 6 and read[3]["type"] == "hotp" and read[3]["counter"] == 0
    truths = _with_notes(path, [uri_entry(line) for line in path.read_text().split()])
    same(read, truths)


def test_ente_encrypted_fixture_opens_to_its_decrypted_twin():
    password = (PROTON / "ente" / "password").read_text().strip()
    vault = read_vault(str(PROTON / "ente" / "encrypted.nominalcomplexity.txt"), lambda: password)
    twin = PROTON / "ente" / "encrypted_decrypted.txt"
    assert vault.format == "ente" and vault.encrypted
    same([e.as_json() for e in vault.entries], _with_notes(twin, _uri_lines(twin)))


def test_ente_low_cost_fixture_holds_what_protons_test_counts():
    """Proton's test: one TOTP, one Steam and one HOTP (Proton skips it; mksheet reads it)."""
    password = (PROTON / "ente" / "password").read_text().strip()
    vault = read_vault(str(PROTON / "ente" / "encrypted.lowcomplexity.txt"), lambda: password)
    assert sorted(e.type for e in vault.entries) == ["hotp", "steam", "totp"]
    with pytest.raises(InputError, match="wrong vault password"):
        read_vault(str(PROTON / "ente" / "encrypted.lowcomplexity.txt"), lambda: "wrong_password")


def _csv_truths(path: Path, username: str | None) -> list[dict]:
    rows = [r for r in csv.DictReader(io.StringIO(path.read_text())) if r.get("login_totp")]
    truths = []
    for row in rows:
        totp = row["login_totp"]
        if totp.startswith("steam://"):
            truth = entry("steam", row["name"], "", totp[8:], "SHA1", 5, 30)
        else:
            truth = uri_entry(totp)
            truth["issuer"] = truth["issuer"] or row["name"].strip()
        truth["account"] = truth["account"] or (row.get(username or "", "") or "")
        truths.append(truth)
    return truths


@pytest.mark.parametrize("name", ["bitwarden.csv", "bitwarden_sample.csv"])
def test_bitwarden_csv_fixtures_read_as_csv_and_urllib_read_them(name):
    path = PROTON / "bitwarden" / name
    truths = _csv_truths(path, "login_username")
    same([e.as_json() for e in read_vault(str(path)).entries], truths)


@pytest.mark.parametrize("name", ["bitwarden.json", "bitwarden_app.json"])
def test_bitwarden_json_fixtures_read_as_json_and_urllib_read_them(name):
    path = PROTON / "bitwarden" / name
    items = json.loads(path.read_text())["items"]
    truths = []
    for item in items:
        login = item.get("login") or {}
        totp = login.get("totp")
        if not totp:
            continue
        if totp.startswith("steam://"):
            truth = entry("steam", item["name"], login.get("username") or "", totp[8:], "SHA1", 5)
        elif not totp.startswith("otpauth://"):  # a bare key: Bitwarden's TOTP defaults
            truth = entry("totp", item["name"], login.get("username") or "", totp)
        else:
            truth = uri_entry(totp)
            truth["issuer"] = truth["issuer"] or item["name"]
            truth["account"] = truth["account"] or login.get("username") or ""
        truths.append(truth)
    vault = read_vault(str(path))
    assert vault.format == (
        "bitwarden-vault" if name == "bitwarden_app.json" else "bitwarden-authenticator"
    )
    same([e.as_json() for e in vault.entries], truths)


def _json_2fas(path: Path) -> list[dict]:
    """A 2FAS file's services read with json, as the app shows them (name is the issuer)."""
    truths = []
    for service in json.loads(path.read_text())["services"]:
        otp = service.get("otp", {})
        kind = (otp.get("tokenType") or "TOTP").lower()
        truths.append(
            entry(
                kind,
                service["name"].strip() or otp.get("issuer", ""),
                (otp.get("account") or "").strip(),
                "".join(service["secret"].split()).upper().rstrip("="),
                otp.get("algorithm") or "SHA1",
                otp.get("digits") or (5 if kind == "steam" else 6),
                otp.get("period") or 30,
                otp.get("counter", 0),
            )
        )
    return truths


PROTON_2FAS = [
    "decrypted.2fas",
    "decrypted_ios.2fas",
    "decrypted_with_hotp.2fas",
    "decrypted_with_hotp_missing_period.2fas",
    "decrypted_with_manual_entries.2fas",
    "decrypted_with_missing_fields.2fas",
]


@pytest.mark.parametrize("name", PROTON_2FAS)
def test_proton_2fas_fixtures_read_as_json_reads_them(name):
    path = PROTON / "2fas" / name
    same([e.as_json() for e in read_vault(str(path)).entries], _json_2fas(path))


def test_proton_encrypted_2fas_opens_to_what_its_twin_holds():
    password = (PROTON / "2fas" / "password").read_text().strip()
    vault = read_vault(str(PROTON / "2fas" / "encrypted.2fas"), lambda: password)
    same([e.as_json() for e in vault.entries], _json_2fas(PROTON / "2fas" / "decrypted.2fas"))


def _json_aegis(path: Path) -> list[dict]:
    entries = json.loads(path.read_text())["db"]["entries"]
    return [
        {
            **entry(
                e["type"],
                e.get("issuer") or "",
                e.get("name") or "",
                e["info"]["secret"],
                e["info"]["algo"],
                e["info"]["digits"],
                e["info"].get("period"),
                e["info"].get("counter"),
            ),
            "note": e.get("note") or "",
        }
        for e in entries
    ]


@pytest.mark.parametrize(
    "name",
    [
        "aegis-json-unencrypted.json",
        "aegis-json-unencrypted-hotp.json",
        "aegis-json-unencrypted-with-missing-fields.json",
    ],
)
def test_proton_aegis_fixtures_read_as_json_reads_them(name):
    path = PROTON / "aegis" / name
    same([e.as_json() for e in read_vault(str(path)).entries], _json_aegis(path))


def test_proton_aegis_encrypted_fixture_opens_to_its_plain_twin():
    password = (PROTON / "aegis" / "password").read_text().strip()
    vault = read_vault(str(PROTON / "aegis" / "aegis-json-encrypted-test.json"), lambda: password)
    truths = _json_aegis(PROTON / "aegis" / "aegis-json-unencrypted.json")
    same([e.as_json() for e in vault.entries], truths)


@pytest.mark.parametrize(
    "path, words",
    [
        (
            PROTON / "2fas" / "decrypted_with_hotp_and_unsupported_algorithms.2fas",
            "service 2: algorithm",
        ),
        (
            PROTON / "aegis" / "aegis-json-unencrypted-with-bad-period-digits.json",
            "entry 1: digits 0",
        ),
    ],
)
def test_entries_upstream_tests_call_invalid_stop_the_run_with_one_line(path, words):
    """Proton's tests expect these entries to fail (SHA384; 0 digits and a 0 s period): no
    app makes codes from them, so mksheet says which entry and prints nothing."""
    with pytest.raises(InputError) as caught:
        read_vault(str(path))
    message = caught.value.message()
    assert words in message and "\n" not in message


# -- extract_otp_secrets ----------------------------------------------------------------------
def test_extract_otp_secrets_example_reads_to_its_expected_output():
    """example_export.txt holds several complete exports (each its own batch_id); its test
    expects example_output.json. Google writes `Issuer:account` names, split as Aegis does."""
    expected = json.loads((EXTRACT / "example_output.json").read_text())
    truths = []
    for item in expected:
        issuer, account = item["issuer"], item["name"]
        if not issuer and ":" in account:
            issuer, account = (part.strip() for part in account.split(":", 1))
        truths.append(entry(item["type"], issuer, account, item["secret"], counter=item["counter"]))
    same([e.as_json() for e in read_vault(str(EXTRACT / "example_export.txt")).entries], truths)


@pytest.mark.parametrize(
    "name, count",
    [
        ("example_export_only_totp.txt", 5),
        ("test_plus_problem_export.txt", 4),
        ("test_export_wrong_prefix.txt", 1),  # zbarimg's QR-Code: prefix
    ],
)
def test_extract_otp_secrets_test_data_reads(name, count):
    assert len(read_vault(str(EXTRACT / name)).entries) == count


# -- the readers as a set ---------------------------------------------------------------------
NEW = {
    "bitwarden-vault": STRATUM / "bitwarden.unencrypted.json",
    "bitwarden-authenticator": STRATUM / "bitwardenauthenticator.json",
    "ente": STRATUM / "ente.encrypted.json",
    "proton-authenticator": STRATUM / "protonauthenticator.json",
    "freeotp-plus": STRATUM / "freeotpplus.json",
    "freeotp": STRATUM / "freeotp.bin",
    "authenticator-pro": STRATUM / "backup.strong.authpro",
}


@pytest.mark.parametrize("format", sorted(NEW))
def test_each_new_format_is_claimed_by_its_own_reader_under_any_name(format, tmp_path):
    renamed = tmp_path / "export.dat"
    renamed.write_bytes(NEW[format].read_bytes())
    assert read_vault(str(renamed), lambda: "test").format == format
    assert app_name(format) != format  # each reader names its app


def test_every_reader_has_a_format_a_name_and_a_docstring_naming_its_source():
    formats = [reader.FORMAT for reader in readers()]
    assert len(formats) == len(set(formats))
    for reader in readers():
        assert reader.NAME and reader.__doc__ and len(reader.__doc__.splitlines()) > 3


@pytest.mark.parametrize("format", sorted(NEW))
def test_inspect_json_names_the_provider(format, tmp_path):
    password = tmp_path / "pw"
    password.write_text("test\n")
    done = run_cli("inspect", str(NEW[format]), "--json", "--vault-password-file", str(password))
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    assert shown["provider"] == format and shown["count"] == len(shown["entries"]) > 0
    assert {"pin", "note"} <= set(shown["entries"][0])


# -- their cards ------------------------------------------------------------------------------
DECKS = {**NEW, "authenticator-pro (plain, mOTP)": STRATUM / "backup.unencrypted.authpro"}


def card_entry(text: str) -> dict:
    """A card's QR text read with urllib: otpauth://TYPE/ (steam and yaotp too) or motp://."""
    parts = urllib.parse.urlsplit(text)
    query = dict(urllib.parse.parse_qsl(parts.query, keep_blank_values=True))
    if parts.scheme == "motp":
        label = urllib.parse.unquote(parts.netloc)
        issuer, account = label.split(":", 1) if ":" in label else (query.get("issuer", ""), label)
        found = entry("motp", issuer, account, query["secret"], "MD5", 6, 10)
        return {**found, "pin": "(not on the card's code)"}
    found = uri_entry(text.replace("otpauth://yaotp/", "otpauth://yandex/"))
    if "pin" in query:
        found["pin"] = key_bytes(query["pin"]).decode()
    return found


@pytest.mark.parametrize("name", sorted(DECKS))
def test_every_card_of_every_new_format_decodes_back_to_its_entry(name):
    from conftest import page_texts, qr_payloads, raster

    from sheets.make.compose import deck_for
    from sheets.render import deck

    vault = read_vault(str(DECKS[name]), lambda: "test")
    pdf = deck.render_pdf(deck_for(vault, None, None, "2026-12-07"), "a4")
    texts = [t for n in range(len(page_texts(pdf))) for t in qr_payloads(raster(pdf, 150, n))]
    cards = [card_entry(t) for t in texts if not t.startswith("otpauth-migration://")]
    truths = []
    for e in vault.entries:
        truth = {**e.as_json(), "note": ""}  # a note is printed beside the code, not in it
        if e.type == "motp":
            truth["pin"] = "(not on the card's code)"  # Aegis's motp:// has no PIN: printed
        truths.append(truth)
    order = lambda e: json.dumps(e, sort_keys=True)  # noqa: E731 - zxing reads in any order
    assert sorted(cards, key=order) == sorted(truths, key=order)
    printed = " ".join(" ".join(page_texts(pdf)).split())
    for e in vault.entries:
        assert " ".join(e.secret[i : i + 4] for i in range(0, len(e.secret), 4)) in printed
        if e.pin:
            assert f"PIN {e.pin}" in printed


def test_steam_cards_are_marked_and_named_on_the_restore_page():
    from conftest import page_texts

    from sheets.make.compose import deck_for
    from sheets.render import deck

    vault = read_vault(str(AEGIS / "plain.txt"))
    pdf = deck.render_pdf(deck_for(vault, None, None, "2026-12-07"), "a4")
    text = " ".join(" ".join(page_texts(pdf)).split())
    assert "Steam Guard: import into Aegis or Ente, not Google Authenticator" in text
    assert "Boeing (Sophia), card 7 (Steam Guard)" in text
