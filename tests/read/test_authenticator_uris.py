"""otpauth:// and otpauth-migration:// read and written: fixtures, traps and round trips."""

from __future__ import annotations

import base64
import contextlib
from dataclasses import replace

import pytest
from conftest import AUTHENTICATORS, authenticator_cases
from hypothesis import given, settings
from hypothesis import strategies as st

from sheets.errors import InputError
from sheets.model import OtpEntry
from sheets.read.authenticators import entry as checks
from sheets.read.authenticators import migration, otpauth, wire

SECRET = "JBSWY3DPEHPK3PXP"
EXPECTED = {path.name: entry for path, entry in authenticator_cases()}
GOOGLE = AUTHENTICATORS / "google-authenticator" / "google-authenticator-export.txt"


def lines(name: str) -> list[str]:
    path = next(AUTHENTICATORS.glob(f"*/{name}"))
    return [line for line in path.read_text("utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("name", ["aegis-export-uri-20261201-101800.txt", "my-2fa-backup-uris.txt"])
def test_uri_lists_read_to_their_truth(name):
    assert [otpauth.parse(line).as_json() for line in lines(name)] == EXPECTED[name]["entries"]


@pytest.mark.parametrize(
    "uri, issuer, account",
    [
        ("otpauth://totp/ACME%20Co:jo@x.org?secret=" + SECRET, "ACME Co", "jo@x.org"),
        ("otpauth://totp/ACME%20Co%3Ajo%40x.org?secret=" + SECRET, "ACME Co", "jo@x.org"),
        (
            "otpauth://totp/Shop:jo+shop@x.org?secret=" + SECRET + "&issuer=Shop",
            "Shop",
            "jo+shop@x.org",
        ),
        ("otpauth://totp/jo?secret=" + SECRET + "&issuer=Air+Canada", "Air Canada", "jo"),
        ("otpauth://totp/Corp:%20%20jo?secret=" + SECRET, "Corp", "jo"),
        ("otpauth://totp/Label:jo?secret=" + SECRET + "&issuer=Other", "Label", "jo"),
        ("otpauth://TOTP/jo?SECRET=" + SECRET.lower(), "", "jo"),
    ],
)
def test_label_and_issuer_rules(uri, issuer, account):
    entry = otpauth.parse(uri)
    assert (entry.issuer, entry.account, entry.secret) == (issuer, account, SECRET)
    assert (entry.algorithm, entry.digits, entry.period, entry.counter) == ("SHA1", 6, 30, None)


def test_padding_and_case_are_normalised_and_hotp_keeps_its_counter():
    entry = otpauth.parse("otpauth://hotp/x?secret=mzxw6ytboi======&counter=12")
    assert (entry.secret, entry.type, entry.counter, entry.period) == (
        "MZXW6YTBOI",
        "hotp",
        12,
        None,
    )


@pytest.mark.parametrize(
    "typed, shown, canonical",
    [("adqokfwgl2", "ADQOKFWGL2", "ADQOKFWGLY"), ("JEKEKRR", "JEKEKRR", "JEKEKRQ")],
)
def test_a_hand_typed_key_is_printed_as_the_app_shows_it(typed, shown, canonical):
    """Ten Base32 characters are 50 bits: a 6-byte key and 2 bits no app uses. The card
    prints the key as the person sees it in the app; Google's restore QR carries only the
    bytes, which spell it the canonical way, and both make the same codes."""
    import pyotp

    class TOTP(pyotp.TOTP):
        min_secret_length_bits = 0  # hand-typed keys are short

    entry = otpauth.parse(f"otpauth://totp/Ex:jo?secret={typed}")
    assert entry.secret == shown
    assert otpauth.parse(otpauth.uri(entry)) == entry
    (back,), _, _, _ = migration.decode(migration.encode([entry]))
    assert back.secret == canonical and checks.canonical(entry.secret) == canonical
    assert replace(back, secret=entry.secret) == entry
    assert TOTP(canonical).at(1_700_000_000) == TOTP(shown).at(1_700_000_000)  # pyotp's decoder


@pytest.mark.parametrize(
    "uri, words",
    [
        ("otpauth://totp/x?issuer=a", "no secret"),
        ("otpauth://totp/x?secret=ABC1DEF8", "Base32"),
        ("otpauth://totp/x?secret=A", "Base32"),
        ("otpauth://totp/x?secret=" + SECRET + "&digits=5", "digits 5"),
        ("otpauth://totp/x?secret=" + SECRET + "&digits=11", "digits 11"),
        ("otpauth://totp/x?secret=" + SECRET + "&algorithm=MD5", "algorithm"),
        ("otpauth://totp/x?secret=" + SECRET + "&period=0", "period 0"),
        ("otpauth://totp/x?secret=" + SECRET + "&digits=%C2%B2", "digits"),
        ("otpauth://totp/x?secret=" + SECRET + "&period=" + "9" * 5000, "period"),
        ("otpauth://hotp/x?secret=" + SECRET, "counter"),
        ("otpauth://battlenet/x?secret=" + SECRET, "type"),
        ("otpauth://totp/%FF?secret=" + SECRET, "UTF-8"),
        ("https://example.com/?secret=" + SECRET, "otpauth"),
    ],
)
def test_bad_uris_are_one_problem_without_the_secret(uri, words):
    with pytest.raises(InputError) as caught:
        otpauth.parse(uri)
    assert words in caught.value.problem
    assert SECRET not in str(caught.value) and SECRET.lower() not in str(caught.value)


def test_canonical_uri_escapes_like_android_and_names_the_issuer_twice():
    entry = OtpEntry("totp", "Barnes & Noble", "jo rivera@x.org", SECRET, "SHA256", 8, 60)
    assert otpauth.uri(entry) == (
        "otpauth://totp/Barnes%20%26%20Noble%3Ajo%20rivera%40x.org?secret="
        + SECRET
        + "&issuer=Barnes%20%26%20Noble&algorithm=SHA256&digits=8&period=60"
    )


def test_google_export_reads_to_its_truth_with_its_batch():
    entries, batches = [], []
    for line in GOOGLE.read_text("utf-8").splitlines():
        found, size, index, batch_id = migration.decode(line)
        entries += [entry.as_json() for entry in found]
        batches.append((size, index, batch_id))
    assert entries == EXPECTED[GOOGLE.name]["entries"]
    assert [b[:2] for b in batches] == [(2, 0), (2, 1)]
    assert batches[0][2] == batches[1][2] < 0  # a negative int32, ten bytes on the wire


def test_encoded_payload_is_what_google_writes():
    entry = OtpEntry("hotp", "VPN", "jo", SECRET, "SHA1", 6, None, 17)
    data = migration.encode([entry], 1, 0, -5)
    assert data.startswith("otpauth-migration://offline?data=") and "+" not in data
    raw = base64.b64decode(
        data.split("=", 1)[1].replace("%2B", "+").replace("%2F", "/").replace("%3D", "=")
    )
    top = list(wire.fields(raw))
    assert [(n, v) for n, _, v in top[1:]] == [(2, 1), (3, 1), (4, 0), (5, 2**64 - 5)]
    inner = list(wire.fields(top[0][2]))
    assert inner == [
        (1, 2, base64.b32decode(SECRET)),
        (2, 2, b"jo"),
        (3, 2, b"VPN"),
        (4, 0, 1),
        (5, 0, 1),
        (6, 0, 1),
        (7, 0, 17),
    ]


def test_an_account_that_starts_with_its_issuer_survives_google():
    entry = OtpEntry("totp", "Corp", "Corp:jo", SECRET)
    assert migration.decode(migration.encode([entry]))[0] == [entry]


def test_entries_google_cannot_carry_are_refused():
    assert not migration.fits(OtpEntry("totp", "a", "b", SECRET, period=60))
    with pytest.raises(ValueError):
        migration.encode([OtpEntry("totp", "a", "b", SECRET, digits=7)])


@pytest.mark.parametrize(
    "data",
    [
        "",
        "%%%",
        "AAAA",
        base64.b64encode(b"\x0a\x05ab").decode(),
        base64.b64encode(b"\xff" * 11).decode(),
        base64.b64encode(b"\x0b").decode(),
    ],
)
def test_broken_migration_payloads_are_one_problem(data):
    with pytest.raises(InputError):
        migration.decode("otpauth-migration://offline?data=" + data)


def test_an_absurd_batch_size_is_refused_before_any_loop_over_it():
    payload = wire.put(2, 1) + wire.put(3, -1) + wire.put(4, 0) + wire.put(5, 7)
    data = base64.b64encode(payload).decode()
    with pytest.raises(InputError, match="far more than any export"):
        migration.decode("otpauth-migration://offline?data=" + data)


def test_wire_varints():
    for value in (0, 1, 127, 128, 300, 2**63, 2**64 - 1):
        assert wire.varint(wire.put_varint(value), 0) == (value, len(wire.put_varint(value)))
    assert len(wire.put_varint(-1)) == 10 and wire.signed32(wire.put_varint(-1)[0]) != -1
    assert wire.signed32(wire.varint(wire.put_varint(-7), 0)[0]) == -7


# -- round trips -------------------------------------------------------------------------------
NAMES = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")), max_size=20)
SECRETS = st.binary(min_size=1, max_size=40).map(
    lambda raw: base64.b32encode(raw).decode().rstrip("=")
)


@st.composite
def entries(draw, google: bool = False):
    kind = draw(st.sampled_from(["totp", "hotp"]))
    issuer, account = draw(NAMES), draw(NAMES)
    digits = draw(st.sampled_from([6, 8] if google else [6, 7, 8, 9, 10]))
    period = (30 if google else draw(st.integers(1, 86400))) if kind == "totp" else None
    counter = draw(st.integers(0, 2**63 - 1)) if kind == "hotp" else None
    return OtpEntry(
        kind,
        issuer.strip(),
        account.strip(),
        draw(SECRETS),
        draw(st.sampled_from(["SHA1", "SHA256", "SHA512"])),
        digits,
        period,
        counter,
    )


@settings(max_examples=300, deadline=None)
@given(entries())
def test_otpauth_round_trip(entry):
    assert otpauth.parse(otpauth.uri(entry)) == entry


@settings(max_examples=150, deadline=None)
@given(
    st.lists(entries(google=True), max_size=10),
    st.integers(1, 5),
    st.data(),
    st.integers(-(2**31), 2**31 - 1),
)
def test_migration_round_trip(found, size, data, batch_id):
    index = data.draw(st.integers(0, size - 1))
    assert migration.decode(migration.encode(found, size, index, batch_id)) == (
        found,
        size,
        index,
        batch_id,
    )


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["totp", "hotp", "TOTP", "steam", ""]),
    st.text(max_size=60),
    st.lists(
        st.tuples(
            st.sampled_from(["secret", "issuer", "digits", "period", "counter", "algorithm", "x"]),
            st.text(max_size=12),
        ),
        max_size=6,
    ),
)
def test_any_uri_is_an_entry_or_an_input_error(kind, label, params):
    query = "&".join(f"{key}={value}" for key, value in params)
    with contextlib.suppress(InputError):
        otpauth.parse(f"otpauth://{kind}/{label}?{query}")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_any_payload_is_entries_or_an_input_error(payload):
    with contextlib.suppress(InputError):
        migration.decode("otpauth-migration://offline?data=" + base64.b64encode(payload).decode())


FIELDS = st.lists(
    st.tuples(st.integers(1, 8), st.integers(-(2**63), 2**64 - 1) | st.binary(max_size=24)),
    max_size=8,
)


@settings(max_examples=300, deadline=None)
@given(st.lists(FIELDS, max_size=3), FIELDS)
def test_any_well_formed_protobuf_is_entries_or_an_input_error(accounts, top):
    payload = b"".join(
        wire.put(1, b"".join(wire.put(n, v) for n, v in fields)) for fields in accounts
    )
    payload += b"".join(wire.put(n, v) for n, v in top if n != 1)
    with contextlib.suppress(InputError):
        migration.decode("otpauth-migration://offline?data=" + base64.b64encode(payload).decode())
