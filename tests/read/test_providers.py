"""Every provider against its fixtures, generated from the registry and expected.json.

Each fixture must parse to exactly what its expected.json says, be claimed by its own
provider with a clear margin, and survive what ordinary downloads go through (BOMs,
UTF-16, line endings, stray white space, browser duplicate names, list decorations).
"""

from __future__ import annotations

import codecs
import json
import random
import re
from pathlib import Path

import pytest

from sheets import api
from sheets.errors import InputError
from sheets.model import KINDS
from sheets.read import detect
from sheets.read.normalise import Source
from sheets.read.providers import ALL, by_key
from sheets.read.textio import decode, read_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
NEUTRAL_NAME = "recovery.txt"  # says nothing about any provider


def _cases() -> list:
    cases = []
    for expected in sorted(FIXTURES.glob("*/expected.json")):
        if expected.parent.name == "authenticators":
            continue  # OTP app exports: tests/read/test_authenticators.py
        for entry in json.loads(expected.read_text("utf-8")):
            path = expected.parent / entry["file"]
            cases.append(pytest.param(path, entry, id=f"{expected.parent.name}/{entry['file']}"))
    return cases


CASES = _cases()
ENTRIES = [case.values[1] for case in CASES]


def _header_less_lists() -> list:
    """Fixtures that are nothing but one code per line (at least two codes)."""
    found = []
    for case in CASES:
        path, entry = case.values
        lines = [line.strip() for line in read_text(str(path)).split("\n") if line.strip()]
        if len(entry["codes"]) > 1 and lines == entry["codes"]:
            found.append(case)
    return found


def _check(codes, entry: dict) -> None:
    """A parsed CodeSet says exactly what expected.json says."""
    found = api.describe(codes)
    assert found["provider"] == entry["provider"]
    assert found["kind"] == entry["kind"]
    assert found["codes"] == entry["codes"]
    assert found["account"] == entry["account"]
    assert found["issued"] == entry["generated"]
    assert found["used"] == entry.get("used", [])
    if "numbers" in entry:
        assert found["numbers"] == entry["numbers"]


@pytest.mark.parametrize(("path", "entry"), CASES)
def test_fixture_parses_as_expected(path: Path, entry: dict) -> None:
    _check(api.read_codes(str(path)), entry)


@pytest.mark.parametrize(("path", "entry"), CASES)
def test_fixture_claimed_by_its_own_provider_only(path: Path, entry: dict) -> None:
    (best, provider), (runner_up, _) = detect.rank(Source(path.name, read_text(str(path))))[:2]
    assert provider.key == entry["provider"]
    assert best - runner_up >= detect.MARGIN


@pytest.mark.parametrize(("path", "entry"), CASES)
def test_renamed_fixture_is_never_given_to_another_provider(path: Path, entry: dict) -> None:
    """Without its file name a file is read by its own provider or by the generic reader
    (which keeps every line as written); it is never credited to a wrong provider."""
    text = read_text(str(path))
    codes = api.parse_text(text, NEUTRAL_NAME)
    assert codes.provider in (entry["provider"], "generic")
    assert list(codes.codes) == entry["codes"]


def test_every_provider_has_a_fixture_for_every_kind() -> None:
    covered = {(entry["provider"], entry["kind"]) for entry in ENTRIES}
    wanted = {(p.key, k.kind) for p in ALL if not p.fallback for k in p.kinds}
    assert wanted - covered == set()
    assert {key for key, _ in covered} <= {p.key for p in ALL}


@pytest.mark.parametrize("provider", ALL, ids=lambda p: p.key)
def test_every_kind_says_where_to_use_and_renew(provider) -> None:
    assert provider.confidence in ("H", "M", "L")
    assert [k.kind for k in provider.kinds] == list(dict.fromkeys(k.kind for k in provider.kinds))
    for kind in provider.kinds:
        assert kind.kind in KINDS
        assert kind.label.strip() and kind.use.strip() and kind.regenerate.strip()
        if not provider.fallback:
            assert kind.alphabet and kind.count


def test_provider_keys_are_unique() -> None:
    keys = [p.key for p in ALL]
    assert len(keys) == len(set(keys))
    assert [p.key for p in ALL if p.fallback] == [keys[-1]]


def test_every_provider_module_is_registered() -> None:
    """A module added to providers/ but left out of the registry would never be detected."""
    import importlib
    import pkgutil

    import sheets.read.providers

    for module in pkgutil.iter_modules(sheets.read.providers.__path__):
        provider = importlib.import_module(f"sheets.read.providers.{module.name}").PROVIDER
        assert provider in ALL, f"{module.name} is not in the registry's tuple"


def test_serial_prefixes_are_two_characters_and_unique() -> None:
    prefixes = [p.prefix for p in ALL]
    assert all(re.fullmatch("[0-9A-Z]{2}", prefix) for prefix in prefixes), prefixes
    assert len(set(prefixes)) == len(prefixes)


# Damaged copies: (what happened, text -> bytes, name -> name)
DAMAGE = {
    "utf-8 BOM": lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    "utf-16 LE BOM": lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
    "utf-16 BE BOM": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    "CRLF": lambda t: t.replace("\n", "\r\n").encode("utf-8"),
    "CR only": lambda t: t.replace("\n", "\r").encode("utf-8"),
    "trailing spaces and tabs": lambda t: "\n".join(line + " \t " for line in t.split("\n")).encode(
        "utf-8"
    ),
    "extra blank lines": lambda t: ("\n\n" + "\n\n\n".join(t.split("\n")) + "\n\n").encode(),
}


@pytest.mark.parametrize("damage", DAMAGE)
@pytest.mark.parametrize(("path", "entry"), CASES)
def test_damaged_copy_reads_the_same(path: Path, entry: dict, damage: str) -> None:
    data = DAMAGE[damage](read_text(str(path)))
    _check(api.parse_text(decode(data, path.name), path.name), entry)


@pytest.mark.parametrize(("path", "entry"), CASES)
def test_browser_duplicate_name_reads_the_same(path: Path, entry: dict) -> None:
    name = re.sub(r"(\.[A-Za-z0-9]+)$", r" (1)\1", path.name)
    assert name != path.name
    _check(api.parse_text(read_text(str(path)), name), entry)


DECORATIONS = {
    "1.": lambda n: f"{n}. ",
    "1)": lambda n: f"{n}) ",
    "#1": lambda n: f"#{n} ",
    "*": lambda n: "* ",
    "-": lambda n: "- ",
    "•": lambda n: "\u2022 ",
}


@pytest.mark.parametrize("decoration", DECORATIONS)
@pytest.mark.parametrize(("path", "entry"), _header_less_lists())
def test_numbered_or_bulleted_list_reads_the_same(path: Path, entry: dict, decoration: str) -> None:
    mark = DECORATIONS[decoration]
    text = "\n".join(mark(n) + code for n, code in enumerate(entry["codes"], start=1))
    codes = api.parse_text(text, path.name)
    assert codes.provider == entry["provider"]
    assert list(codes.codes) == entry["codes"]


def _entry(provider: str, kind: str = "backup-codes") -> tuple[Path, dict]:
    return next(
        case.values
        for case in CASES
        if case.values[1]["provider"] == provider and case.values[1]["kind"] == kind
    )


@pytest.mark.parametrize("provider", ["gitlab", "mastodon"])
def test_gitlab_and_mastodon_near_tie_is_read_generically_with_a_hint(provider: str) -> None:
    """Issue 10 changed this on purpose: a near-tie is no longer refused but read by the
    generic reader, with one warning that names each `--provider` that would settle it."""
    path, entry = _entry(provider)
    text = read_text(str(path))
    codes = api.parse_text(text, NEUTRAL_NAME)
    assert (codes.provider, list(codes.codes)) == ("generic", entry["codes"])
    hint = [w for w in codes.warnings if "--provider" in w]
    assert len(hint) == 1
    assert "--provider gitlab" in hint[0] and "--provider mastodon" in hint[0]
    assert not any(code in " ".join(codes.warnings + codes.notes) for code in entry["codes"])
    forced = api.parse_text(text, NEUTRAL_NAME, provider=provider)
    assert (forced.provider, list(forced.codes)) == (provider, entry["codes"])


def test_gitlab_download_name_decides() -> None:
    path, entry = _entry("gitlab")
    codes = api.parse_text(read_text(str(path)), "gitlab-recovery-codes (2).txt")
    assert (codes.provider, list(codes.codes)) == ("gitlab", entry["codes"])


def test_short_google_set_warns_and_still_reads() -> None:
    path, entry = _entry("google")
    last = entry["codes"][-1]
    text = re.sub(r"\b\d{1,2}\.\s*" + re.escape(last), "", read_text(str(path)))
    codes = api.parse_text(text, path.name)
    assert list(codes.codes) == entry["codes"][:-1]
    expected = by_key("google").facts("backup-codes").count
    assert len(codes.warnings) == 1
    assert f"found {len(entry['codes']) - 1} " in codes.warnings[0]
    assert f"issues {expected}" in codes.warnings[0]


def test_unknown_list_goes_to_generic_with_a_note() -> None:
    rng = random.Random(2026)
    alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
    codes = [
        rng.choice("23456789") + "".join(rng.choice(alphabet) for _ in range(6)) for _ in range(6)
    ]
    found = api.parse_text("My codes\n\n" + "\n".join(codes), "my codes.txt")
    assert found.provider == "generic"
    assert list(found.codes) == codes
    assert any("provider not recognised" in note for note in found.notes)


def test_renamed_recovery_phrase_is_read_generically_with_a_note() -> None:
    path, entry = _entry("proton", "recovery-phrase")
    found = api.parse_text(read_text(str(path)), NEUTRAL_NAME)
    assert (found.provider, found.kind, list(found.codes)) == (
        "generic",
        "recovery-phrase",
        entry["codes"],
    )
    assert any("provider not recognised" in note for note in found.notes)


@pytest.mark.parametrize(("path", "entry"), CASES)
def test_no_code_leaks_into_notes_warnings_or_errors(path: Path, entry: dict) -> None:
    text = read_text(str(path))
    found = api.parse_text(text, path.name)
    said = " ".join(found.notes + found.warnings)
    empty = [p.key for p in ALL if not p.fallback and not _reads_codes(p, path.name, text)]
    assert empty, "some provider must find nothing in this file"
    with pytest.raises(InputError) as refused:
        api.parse_text(text, path.name, provider=empty[0])
    said += str(refused.value)
    assert not [code for code in entry["codes"] if code in said]


def _reads_codes(provider, name: str, text: str) -> bool:
    """Whether a provider reads any code from the text (a refusal reads none)."""
    try:
        return bool(provider.parse(Source(name, text)).codes)
    except InputError:
        return False


def test_a_mistyped_provider_is_a_usage_error_that_names_the_nearest_key(tmp_path: Path) -> None:
    """Issue 23 item 6: `--provider githb` exits 2 (a usage error, as README's exit codes say)
    with the key it probably meant; a key in another case is the key it spells."""
    from conftest import SAMPLES, run_cli

    sample = str(SAMPLES / "github-recovery-codes.txt")
    typo = run_cli("inspect", sample, "--provider", "githb")
    assert typo.returncode == 2, typo.stderr
    said = typo.stderr.decode()
    assert said.count("\n") == 1 and "did you mean github?" in said
    unknown = run_cli(str(sample), "--provider", "nosuchsite", "-o", str(tmp_path / "x.pdf"))
    assert unknown.returncode == 2 and "use one of: github, discord" in unknown.stderr.decode()
    assert not (tmp_path / "x.pdf").exists()
    cased = run_cli("inspect", "--json", sample, "--provider", "GitHub")
    assert cased.returncode == 0 and json.loads(cased.stdout)["provider"] == "github"
    with pytest.raises(detect.UnknownProvider) as refused:
        api.parse_text(read_text(sample), "codes.txt", provider="Login_Gov")
    assert refused.value.exit_code == 2 and "login-gov" in refused.value.hint
