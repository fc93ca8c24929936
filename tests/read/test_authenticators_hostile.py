"""Bad and hostile exports: each is one line and exit 1, never a secret, and no key
derivation beyond crypt's bounds runs first."""

from __future__ import annotations

import base64
import json
import os
from dataclasses import replace

import pytest
from conftest import AUTHENTICATORS, authenticator_cases
from hostile_exports import bounded, inspect_fails  # noqa: F401 (an autouse fixture)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sheets.errors import InputError
from sheets.read.authenticators import crypt, migration, read_vault

PASSWORD = "correct horse battery staple"
SECRETS = sorted({e["secret"] for _, c in authenticator_cases() for e in c["entries"]})
AEGIS_PLAIN = AUTHENTICATORS / "aegis" / "aegis-export-plain-20261201-101500.json"
AEGIS_SEALED = AUTHENTICATORS / "aegis" / "aegis-export-20261201-101700.json"
TWOFAS_SEALED = AUTHENTICATORS / "2fas" / "2fas-backup-20261201102000.2fas"
ANDOTP_SEALED = AUTHENTICATORS / "andotp" / "otp_accounts_2026-12-01_10-22-00.json.aes"
GOOGLE = AUTHENTICATORS / "google-authenticator" / "google-authenticator-export.txt"
SECRET = "JBSWY3DPEHPK3PXP"
GOOD_URI = f"otpauth://totp/Ex:jo?secret={SECRET}"


def fails(tmp_path, capfd, name: str, content: bytes | str, *words: str) -> str:
    """Write the file, run `inspect` on it, and check the one-line failure."""
    err = inspect_fails(tmp_path, capfd, name, content, PASSWORD)
    assert not [s for s in [*SECRETS, SECRET] if s in err or s.lower() in err]
    assert PASSWORD not in err
    for word in words:
        assert word in err, err
    return err


def aegis(edit) -> str:
    """The plain Aegis fixture with `edit(document)` applied."""
    document = json.loads(AEGIS_PLAIN.read_text("utf-8"))
    edit(document)
    return json.dumps(document)


def sealed_aegis(edit) -> str:
    document = json.loads(AEGIS_SEALED.read_text("utf-8"))
    edit(document)
    return json.dumps(document)


def entry_info(number: int, **changes):
    def edit(document):
        info = document["db"]["entries"][number - 1]["info"]
        for key, value in changes.items():
            if value is None:
                info.pop(key, None)
            else:
                info[key] = value

    return edit


# -- size, kind of file -----------------------------------------------------------------------
def test_a_huge_file_is_refused_before_it_is_read(tmp_path, capfd):
    path = tmp_path / "aegis-export-20261201-101700.json"
    with open(path, "wb") as f:
        f.write(b'{"version": 1, "header": {"slots": null}, "db": ')
        f.truncate(1_000_000_000)  # sparse: 1 GB that costs nothing on disk
    with pytest.raises(InputError, match="far larger than any authenticator export"):
        read_vault(str(path))  # by its size: a sparse gigabyte read would fill the memory


def test_fifo_and_device_are_refused(tmp_path):
    fifo = tmp_path / "export.2fas"
    os.mkfifo(fifo)
    for path in (str(fifo), "/dev/zero"):
        with pytest.raises(InputError, match="not a regular file"):
            read_vault(path)


def test_an_unknown_file_says_what_is_read(tmp_path, capfd):
    fails(tmp_path, capfd, "backup.2fas", "hello", "is not an export mksheet knows")


# -- damaged JSON -----------------------------------------------------------------------------
ANDOTP_PLAIN = AUTHENTICATORS / "andotp" / "otp_accounts_2026-12-01_10-21-00.json"


@pytest.mark.parametrize("source", [AEGIS_PLAIN, AEGIS_SEALED, TWOFAS_SEALED, ANDOTP_PLAIN])
def test_truncated_json(tmp_path, capfd, source):
    data = source.read_bytes()
    fails(tmp_path, capfd, source.name, data[: len(data) // 2], "not complete JSON")


@pytest.mark.parametrize("opener", ["[", '{"a":'])
def test_deep_nesting(tmp_path, capfd, opener):
    fails(
        tmp_path,
        capfd,
        "aegis-export-plain-20261201-101500.json",
        '{"version": 1, "header": {"slots": null, "params": null}, "db": ' + opener * 200_000,
        "nests JSON deeper",
    )


# -- wrong MAC --------------------------------------------------------------------------------
def _flip(text: str, start: int) -> str:
    return text[:start] + ("A" if text[start] != "A" else "B") + text[start + 1 :]


def test_wrong_mac_aegis(tmp_path, capfd):
    fails(
        tmp_path,
        capfd,
        "aegis-export.json",
        sealed_aegis(lambda d: d.update(db=_flip(d["db"], 40))),
        "wrong vault password",
    )


def test_wrong_mac_aegis_slot(tmp_path, capfd):
    def edit(document):
        slot = document["header"]["slots"][0]
        slot["key_params"]["tag"] = "00" * 16

    fails(tmp_path, capfd, "aegis-export.json", sealed_aegis(edit), "wrong vault password")


def test_wrong_mac_2fas(tmp_path, capfd):
    document = json.loads(TWOFAS_SEALED.read_text("utf-8"))
    document["servicesEncrypted"] = _flip(document["servicesEncrypted"], 10)
    fails(tmp_path, capfd, "x.2fas", json.dumps(document), "wrong vault password")


def test_wrong_mac_andotp(tmp_path, capfd):
    data = bytearray(ANDOTP_SEALED.read_bytes())
    data[40] ^= 1
    fails(tmp_path, capfd, ANDOTP_SEALED.name, bytes(data), "wrong vault password")


@pytest.mark.parametrize("keep, words", [(20, "too short"), (40, "or the file is damaged")])
def test_truncated_andotp(tmp_path, capfd, keep, words):
    """Under 28 bytes nothing is an andOTP backup; above, a cut-off one fails its tag both
    ways (new and old format) and says it may be damaged."""
    fails(tmp_path, capfd, ANDOTP_SEALED.name, ANDOTP_SEALED.read_bytes()[:keep], words)


# -- absurd key-derivation costs --------------------------------------------------------------
@pytest.mark.parametrize(
    "n, r, p",
    [
        (2**30, 8, 1),
        (2**15, 2**20, 1),
        (2**15, 8, 2**20),
        (2**20, 8, 1),
        (2**16, 1, 1),  # RFC 7914: N below 2^(16 r); OpenSSL refuses with a MemoryError
        (2**17, 1, 1),
        (2**20, 1, 1),
        (2**32, 2, 1),
        (3, 8, 1),
        (0, 8, 1),
        (-2, 8, 1),
        ("32768", 8, 1),
        (2**15, 8.5, 1),
        (True, 8, 1),
    ],
)
def test_absurd_scrypt_cost(tmp_path, capfd, n, r, p):
    def edit(document):
        document["header"]["slots"][0].update(n=n, r=r, p=p)

    fails(tmp_path, capfd, "aegis-export.json", sealed_aegis(edit), "scrypt")


def test_many_costly_slots_cost_at_most_two_scrypt_runs(tmp_path, capfd):
    def edit(document):
        slot = dict(document["header"]["slots"][0], n=2**18, r=8, p=1)
        slot["key_params"] = {"nonce": "00" * 12, "tag": "00" * 16}
        document["header"]["slots"] = [slot] * 50

    fails(tmp_path, capfd, "aegis-export.json", sealed_aegis(edit), "wrong vault password")


def test_aegis_own_scrypt_cost_is_within_the_bounds():
    n, r, p = 2**15, 8, 1  # what Aegis writes (docs/vault.md)
    assert n * r <= crypt.MAX_SCRYPT_MEMORY and n * r * p <= crypt.MAX_SCRYPT_WORK


@pytest.mark.parametrize("rounds", [0, crypt.MAX_ITERATIONS + 1, 2**32 - 1])
def test_absurd_pbkdf2_rounds_cost_nothing(tmp_path, capfd, monkeypatch, rounds):
    """A round count andOTP never writes is no reason to run PBKDF2 (fails() times it): the
    first bytes are then read as an old backup's IV, whose tag fails."""
    monkeypatch.setattr(crypt, "pbkdf2", lambda *a: pytest.fail("PBKDF2 run"))
    data = rounds.to_bytes(4, "big") + ANDOTP_SEALED.read_bytes()[4:]
    fails(tmp_path, capfd, ANDOTP_SEALED.name, data, "wrong vault password")


def test_absurd_2fas_salt(tmp_path, capfd):
    document = json.loads(TWOFAS_SEALED.read_text("utf-8"))
    data, _salt, iv = document["servicesEncrypted"].split(":")
    huge = base64.b64encode(b"\0" * 1_000_000).decode()
    document["servicesEncrypted"] = f"{data}:{huge}:{iv}"
    document.pop("reference")
    fails(tmp_path, capfd, "x.2fas", json.dumps(document), "salt")


# -- entries ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "edit, words",
    [
        (entry_info(3, secret=None), ("entry 3", "secret is missing")),
        (entry_info(2, digits=None), ("entry 2", "digits is missing")),
        (entry_info(1, period=None), ("entry 1", "period")),
        (entry_info(4, counter=None), ("entry 4", "counter")),
        (entry_info(5, secret="NOT-BASE32-189"), ("entry 5", "not valid Base32")),
        (entry_info(1, secret=12345), ("entry 1", "secret")),
        (entry_info(1, digits=5), ("entry 1", "digits 5 is outside 6..10")),
        (entry_info(1, digits=11), ("entry 1", "digits 11")),
        (entry_info(1, digits="six"), ("entry 1", "digits")),
        (entry_info(2, algo="MD5"), ("entry 2", "algorithm")),
        (entry_info(1, period=10**12), ("entry 1", "period")),
        (lambda d: d["db"]["entries"][0].pop("info"), ("entry 1", "info")),
        (lambda d: d["db"]["entries"][0].update(type="motp2"), ("entry 1", "type")),
        (lambda d: d["db"]["entries"].__setitem__(0, "x"), ("entry 1",)),
        (lambda d: d["db"].pop("entries"), ("entry list",)),
        (lambda d: d.update(version=2), ("version",)),
    ],
)
def test_bad_aegis_entries(tmp_path, capfd, edit, words):
    fails(tmp_path, capfd, AEGIS_PLAIN.name, aegis(edit), *words)


def test_a_steam_entry_is_read_as_a_steam_entry(tmp_path):
    path = tmp_path / AEGIS_PLAIN.name
    path.write_text(aegis(lambda d: d["db"]["entries"][1].update(type="steam")))
    vault = read_vault(str(path))
    assert len(vault.entries) == 8 and vault.warnings == ()
    assert [e.type for e in vault.entries].count("steam") == 1
    assert vault.entries[1].type == "steam" and not vault.entries[1].standard


# -- line formats -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "lines, words",
    [
        ([GOOD_URI, "", "# note", "otpauth://totp/x?secret=ABC1"], ("line 4", "Base32")),
        ([GOOD_URI, "otpauth:/totp/x?secret=" + SECRET], ("line 2", "otpauth://")),
        ([GOOD_URI, "my bank: " + SECRET], ("line 2", "not an otpauth:// URI")),
        ([GOOD_URI, GOOD_URI + "&digits=12"], ("line 2", "digits 12")),
        ([GOOD_URI, GOOD_URI + "&algorithm=MD5"], ("line 2", "algorithm")),
    ],
)
def test_broken_uri_lists(tmp_path, capfd, lines, words):
    fails(tmp_path, capfd, "uris.txt", "\n".join(lines) + "\n", *words)


def _other_batch(line: str) -> str:
    entries, size, index, batch_id = migration.decode(line)
    return migration.encode(entries, size, index, batch_id + 1)


def _changed(line: str) -> str:
    """The same QR code of the same export, with its first account's issuer changed."""
    entries, size, index, batch_id = migration.decode(line)
    entries[0] = replace(entries[0], issuer=entries[0].issuer + "x")
    return migration.encode(entries, size, index, batch_id)


def _google_lines() -> list[str]:
    return GOOGLE.read_text("utf-8").split()


@pytest.mark.parametrize(
    "pick, words",
    [
        (lambda g: [g[0]], ("lacks QR code 2 of 2",)),
        (lambda g: [g[1]], ("lacks QR code 1 of 2",)),
        (lambda g: [g[0], _changed(g[0]), g[1]], ("line 2", "repeats QR code 1 of 2")),
        (lambda g: [g[0], _other_batch(g[1])], ("export on line 1 lacks QR code 2 of 2",)),
        (lambda g: [g[0], g[1], _other_batch(g[1])], ("export on line 3 lacks QR code 1 of 2",)),
        (lambda g: [g[0], "otpauth-migration://offline?data=%%%"], ("line 2", "Base64")),
    ],
)
def test_google_batches_must_be_complete(tmp_path, capfd, pick, words):
    fails(
        tmp_path,
        capfd,
        "google-authenticator-export.txt",
        "\n".join(pick(_google_lines())) + "\n",
        *words,
    )


def test_several_complete_exports_and_a_code_scanned_twice_are_read(tmp_path):
    lines = _google_lines()
    others = [_other_batch(line) for line in lines]
    path = tmp_path / "ga.txt"
    path.write_text("\n".join([lines[1], *others, lines[0], lines[1]]) + "\n")
    once = read_vault(str(AUTHENTICATORS / "google-authenticator" / GOOGLE.name)).entries
    assert read_vault(str(path)).entries == once + once  # each export in its batch order


def test_zbarimg_lines_are_read(tmp_path):
    path = tmp_path / "scan.txt"
    path.write_text("".join(f"QR-Code:{line}\n" for line in _google_lines()))
    assert read_vault(str(path)).entries == read_vault(str(GOOGLE)).entries


def test_google_lines_in_any_order_read_in_batch_order(tmp_path):
    path = tmp_path / "ga.txt"
    path.write_text("\n".join(reversed(_google_lines())) + "\n")
    assert [e.issuer for e in read_vault(str(path)).entries][:2] == ["Google", "GitHub"]


# -- mutations --------------------------------------------------------------------------------
MUTABLE = [path for path, _ in authenticator_cases()]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(MUTABLE),
    st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=4),
    st.integers(0, 10**6) | st.none(),
)
def test_damaged_exports_end_in_an_input_error_the_checks_foresaw(
    tmp_path_factory, source, flips, cut
):
    data = bytearray(source.read_bytes())
    for where, value in flips:
        data[where % len(data)] = value
    path = tmp_path_factory.mktemp("m") / source.name
    path.write_bytes(bytes(data[:cut] if cut is not None else data))
    try:
        read_vault(str(path), lambda: PASSWORD)
    except InputError as error:
        assert "layout this mksheet does not know" not in error.problem, error.problem
        assert not [s for s in SECRETS if s in str(error)]


PLAIN_JSON = [
    path
    for path, case in authenticator_cases()
    if not case["password"] and path.suffix in (".json", ".2fas")
]
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


def _paths(node, prefix=()):
    """Every (path, value) inside a JSON document."""
    yield prefix
    children = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else ()
    )
    for key, child in children:
        yield from _paths(child, (*prefix, key))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PLAIN_JSON), st.data())
def test_any_value_anywhere_ends_in_an_input_error_the_checks_foresaw(
    tmp_path_factory, source, data
):
    document = json.loads(source.read_text("utf-8"))
    where = data.draw(st.sampled_from(list(_paths(document))[1:]))
    parent = document
    for key in where[:-1]:
        parent = parent[key]
    parent[where[-1]] = data.draw(VALUES)
    path = tmp_path_factory.mktemp("j") / source.name
    path.write_text(json.dumps(document))
    try:
        read_vault(str(path))
    except InputError as error:
        assert "layout this mksheet does not know" not in error.problem, (where, error.problem)


def test_the_bound_sees_every_key_derivation(key_work, tmp_path):
    """Guard the guard: opening the sealed Aegis fixture derives its scrypt key, and the
    spy records it with Aegis's own cost (N=2^15, r=8, p=1)."""
    read_vault(str(AEGIS_SEALED), lambda: PASSWORD)
    assert ("scrypt", 2**15 * 8) in key_work
