"""Authenticator exports read to their truth: every fixture, passwords, codes, the CLI."""

from __future__ import annotations

import hashlib
import io
import json
import shutil

import pyotp
import pytest
from conftest import AUTHENTICATORS, FIXTURES, SAMPLES, authenticator_cases, run_cli

from sheets import cli
from sheets.errors import InputError
from sheets.read import authenticators
from sheets.read.authenticators import HEAD_BYTES, is_export, read_vault

PASSWORD = "correct horse battery staple"
CASES = authenticator_cases()
IDS = [entry["file"] for _, entry in CASES]
ENCRYPTED = [(path, entry) for path, entry in CASES if entry["password"]]
DIGESTS = {"SHA1": hashlib.sha1, "SHA256": hashlib.sha256, "SHA512": hashlib.sha512}
MOMENTS = (59, 1_111_111_109, 2_000_000_000, 1_796_116_740)


class TOTP(pyotp.TOTP):
    min_secret_length_bits = 0  # pyotp 2.10+ refuses the 80-bit keys real services issue


class HOTP(pyotp.HOTP):
    min_secret_length_bits = 0


def given(password: str):
    """A password source that counts how often it was asked."""

    def ask() -> str:
        ask.calls += 1
        return password

    ask.calls = 0
    return ask


def refused():
    """A password source for plain files: asking it is a failure."""

    def ask() -> str:
        raise AssertionError("asked for a password of a plain file")

    return ask


@pytest.mark.parametrize("path, expected", CASES, ids=IDS)
def test_every_fixture_reads_to_its_truth(path, expected):
    ask = given(expected["password"]) if expected["password"] else refused()
    vault = read_vault(str(path), ask)
    assert [entry.as_json() for entry in vault.entries] == expected["entries"]
    assert (vault.format, vault.encrypted, vault.source) == (
        expected["format"],
        bool(expected["password"]),
        path.name,
    )
    assert vault.warnings == ()
    if expected["password"]:
        assert ask.calls == 1


@pytest.mark.parametrize("path, expected", ENCRYPTED, ids=[e["file"] for _, e in ENCRYPTED])
@pytest.mark.parametrize("wrong", ["", "correct horse battery stapl", PASSWORD.upper()])
def test_every_encrypted_fixture_refuses_a_wrong_password(path, expected, wrong):
    with pytest.raises(InputError) as caught:
        read_vault(str(path), given(wrong))
    message = str(caught.value)
    assert "wrong vault password" in message and message.startswith(str(path))
    assert "\n" not in message and PASSWORD not in message
    assert not any(entry["secret"] in message for entry in expected["entries"])


@pytest.mark.parametrize("path, expected", ENCRYPTED, ids=[e["file"] for _, e in ENCRYPTED])
def test_encrypted_without_a_password_source_says_how_to_give_one(path, expected):
    with pytest.raises(InputError, match="--vault-password-file"):
        read_vault(str(path), None)


def _code(secret: str, entry: dict, moment: int) -> str:
    digest = DIGESTS[entry["algorithm"]]
    if entry["type"] == "hotp":
        return HOTP(secret, digits=entry["digits"], digest=digest).at(entry["counter"])
    return TOTP(secret, digits=entry["digits"], digest=digest, interval=entry["period"]).at(moment)


@pytest.mark.parametrize("path, expected", CASES, ids=IDS)
def test_codes_from_the_read_secrets_equal_codes_from_the_fixture(path, expected):
    vault = read_vault(str(path), given(PASSWORD))
    for entry, truth in zip(vault.entries, expected["entries"], strict=True):
        for moment in MOMENTS:
            assert _code(entry.secret, truth, moment) == _code(truth["secret"], truth, moment)


def _raw_secrets(path) -> list[str]:
    """The secrets exactly as a plain JSON export stores them (padding, case and all)."""
    data = json.loads(path.read_text("utf-8"))
    if isinstance(data, list):  # andOTP
        return [item["secret"] for item in data]
    if "services" in data:  # 2FAS
        return [item["secret"] for item in data["services"]]
    return [item["info"]["secret"] for item in data["db"]["entries"]]  # Aegis


PLAIN_JSON = [(p, e) for p, e in CASES if not e["password"] and p.suffix in (".json", ".2fas")]


@pytest.mark.parametrize("path, expected", PLAIN_JSON, ids=[e["file"] for _, e in PLAIN_JSON])
def test_codes_equal_those_of_the_secret_as_the_app_stored_it(path, expected):
    vault = read_vault(str(path))
    raws = _raw_secrets(path)
    assert len(raws) == len(vault.entries)
    for entry, raw, truth in zip(vault.entries, raws, expected["entries"], strict=True):
        assert _code(entry.secret, truth, MOMENTS[1]) == _code(raw.upper(), truth, MOMENTS[1])


def test_rfc_6238_vector_through_our_base32():
    """The RFC's SHA1 key, read as an otpauth URI, gives the RFC's code at t=59."""
    from sheets.read.authenticators import otpauth

    entry = otpauth.parse("otpauth://totp/x?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8")
    assert TOTP(entry.secret, digits=8).at(59) == "94287082"


def test_no_repr_shows_a_secret():
    path, expected = CASES[0]
    vault = read_vault(str(path))
    shown = repr(vault) + repr(vault.entries) + repr(list(vault.entries))
    assert not any(entry["secret"] in shown for entry in expected["entries"])


# -- detection --------------------------------------------------------------------------------
@pytest.mark.parametrize("path, expected", CASES, ids=IDS)
def test_every_export_is_claimed_by_name_and_by_content(path, expected, tmp_path):
    assert is_export(path.name, path.read_bytes()[:HEAD_BYTES])
    renamed = tmp_path / ("export.aes" if path.suffix == ".aes" else "export.txt")
    shutil.copy(path, renamed)
    if path.suffix != ".aes":  # the encrypted andOTP backup is binary: only its name tells
        assert is_export(renamed.name, renamed.read_bytes()[:HEAD_BYTES])
        assert read_vault(str(renamed), given(PASSWORD)).format == expected["format"]


CODE_FILES = sorted(
    p
    for p in [*SAMPLES.rglob("*"), *FIXTURES.rglob("*")]
    if p.is_file() and AUTHENTICATORS not in p.parents
)


@pytest.mark.parametrize("path", CODE_FILES, ids=lambda p: str(p.relative_to(p.parents[1])))
def test_no_code_download_is_taken_for_an_export(path):
    assert not is_export(path.name, path.read_bytes()[:HEAD_BYTES])
    assert not authenticators.is_export_file(str(path))


def test_is_export_file_never_opens_a_fifo(tmp_path):
    import os

    fifo = tmp_path / "export.2fas"
    os.mkfifo(fifo)
    assert not authenticators.is_export_file(str(fifo))  # would block if it opened it


# -- password sources -------------------------------------------------------------------------
def test_password_file_first_line_keeps_spaces(tmp_path):
    (tmp_path / "pw").write_bytes(b"  spaced pass \r\nsecond line\n")
    assert authenticators.password_from(str(tmp_path / "pw"))() == "  spaced pass "


def test_no_terminal_and_no_file_says_use_the_option(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    with pytest.raises(InputError, match="--vault-password-file"):
        authenticators.password_from(None)()


def test_the_terminal_prompt_does_not_echo(monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    asked = []
    monkeypatch.setattr("sys.stdin", Terminal(""))
    monkeypatch.setattr("getpass.getpass", lambda prompt: asked.append(prompt) or PASSWORD)
    assert authenticators.password_from(None)() == PASSWORD and len(asked) == 1


# -- the command line -------------------------------------------------------------------------
@pytest.fixture
def password_file(tmp_path):
    path = tmp_path / "vault-password"
    path.write_text(PASSWORD + "\n")
    path.chmod(0o600)
    return path


@pytest.mark.parametrize("path, expected", CASES, ids=IDS)
def test_inspect_json_gives_the_contract(path, expected, password_file, capsys):
    assert (
        cli.main(["inspect", str(path), "--json", "--vault-password-file", str(password_file)]) == 0
    )
    shown = json.loads(capsys.readouterr().out)
    assert shown["provider"] == expected["format"] and shown["kind"] == "authenticator"
    assert shown["entries"] == expected["entries"]
    assert shown["encrypted"] == bool(expected["password"])


@pytest.mark.parametrize("path, expected", CASES, ids=IDS)
def test_inspect_masks_every_secret(path, expected, password_file, capsys):
    assert cli.main(["inspect", str(path), "--vault-password-file", str(password_file)]) == 0
    out, err = capsys.readouterr()
    assert out.count("secret \u2022\u2022\u2022\u2022\u2022\u2022") == len(expected["entries"])
    for entry in expected["entries"]:
        assert entry["secret"] not in out + err and entry["secret"].lower() not in out + err
        assert entry["issuer"] in out
    assert PASSWORD not in out + err


def test_inspect_with_a_wrong_password_is_one_line_and_exit_1(tmp_path, capsys):
    path, _ = ENCRYPTED[0]
    (tmp_path / "pw").write_text("not it\n")
    assert cli.main(["inspect", str(path), "--vault-password-file", str(tmp_path / "pw")]) == 1
    out, err = capsys.readouterr()
    lines = [line for line in err.splitlines() if "warning" not in line]
    assert out == "" and len(lines) == 1 and "wrong vault password" in lines[0]


def test_inspect_json_as_a_user_runs_it(password_file):
    """A real process: the encrypted backup read with the password from a file."""
    path, expected = next(case for case in CASES if case[0].name.startswith("aegis-backup"))
    done = run_cli("inspect", str(path), "--json", "--vault-password-file", str(password_file))
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    assert list(shown)[:3] == ["provider", "kind", "entries"]
    assert shown["entries"] == expected["entries"] and len(shown["entries"]) == 40
    assert done.stderr == b""


def test_inspect_of_an_encrypted_export_without_a_terminal_says_what_to_do():
    path, _ = ENCRYPTED[0]
    done = run_cli("inspect", str(path), input=b"")
    assert done.returncode == 1 and done.stdout == b""
    assert done.stderr.count(b"\n") == 1 and b"--vault-password-file" in done.stderr


# -- andOTP 0.6.2 and older (asmw/andOTP-decrypt's test data, MIT) ------------------------
OLD_ANDOTP = AUTHENTICATORS / "andotp-decrypt"
TEST_ACCOUNT = {
    "type": "totp",
    "issuer": "",
    "account": "test",
    "secret": "JBSWY3DPEHPK3PXP",
    "algorithm": "SHA1",
    "digits": 6,
    "period": 30,
    "counter": None,
    "pin": None,
    "note": "",
}


@pytest.mark.parametrize("era", ["old", "new"])
def test_andotp_backups_of_both_eras_read_with_their_password(era):
    """The old backup has no header (IV first, key SHA-256 of the password); the new one
    starts with its PBKDF2 rounds. Both are found by trying, each read once."""
    ask = given("123456")
    vault = read_vault(str(OLD_ANDOTP / f"accounts_{era}_123456.json.aes"), ask)
    assert [entry.as_json() for entry in vault.entries] == [TEST_ACCOUNT]
    assert (vault.format, vault.encrypted, ask.calls) == ("andotp", True, 1)


@pytest.mark.parametrize("era", ["old", "new"])
def test_a_wrong_password_for_either_era_is_one_line(era):
    with pytest.raises(InputError) as caught:
        read_vault(str(OLD_ANDOTP / f"accounts_{era}_123456.json.aes"), given("654321"))
    message = caught.value.message()
    assert "wrong vault password" in message and "\n" not in message
    assert TEST_ACCOUNT["secret"] not in message
