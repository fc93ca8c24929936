"""Nothing in the state folder lets anyone check a guess of the codes, key or no key.

The attacker here has ledger.json and ledger.key and tries every possible set."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json

import pytest
import recording

from sheets import ledger, verify
from sheets.ledger import fingerprint
from sheets.ledger import store as state
from sheets.model import CodeSet, Job

DAY = "2026-03-14"


def generic(*codes: str) -> CodeSet:
    return CodeSet("generic", "backup-codes", codes, account="me", service="Acme Bank")


def recorded(where, codes: CodeSet) -> tuple[bytes, str]:
    (plan,) = recording.plan_each(str(where), [codes], today=DAY)
    recording.record(str(where), plan, DAY)
    book = state.load(str(where))
    return book.key, ledger.find(book, plan.entry.serial).fingerprint


def test_entropy_is_counted_as_a_guesser_would():
    assert fingerprint.entropy(("123456",)) == pytest.approx(19.93, abs=0.01)
    assert fingerprint.entropy(("123456", "123456")) == pytest.approx(19.93, abs=0.01)
    assert fingerprint.entropy(("12ab-34cd",)) == pytest.approx(32)  # hex
    phrase = " ".join(["abandon"] * 11 + ["about"])
    assert fingerprint.entropy((phrase,)) == 132  # 11 bits a word, not 5 a letter
    github = generic(*(f"{i:05x}-{i * 7:05x}" for i in range(16)))
    assert fingerprint.entropy(github.codes) >= fingerprint.STRONG_BITS


def test_one_six_digit_code_cannot_be_recovered_from_the_state_folder(tmp_path):
    key, mark = recorded(tmp_path, generic("480213"))
    assert mark.startswith("none:") and "480213" not in mark
    text = (tmp_path / state.LEDGER).read_text() + key.hex()
    assert "480213" not in text
    guesses = [*range(470_000, 490_000, 7), 480213]  # around it, and the code itself
    for number in guesses:
        guess = Job(generic(f"{number:06d}"))
        assert fingerprint.matches(key, guess, mark) is None  # nothing kept can tell
        assert fingerprint.of(key, guess) != mark


def test_a_mid_entropy_set_costs_a_guesser_over_a_year_of_one_core(tmp_path):
    codes = generic("480213", "771042")  # two 6-digit codes: about 40 bits
    bits = fingerprint.entropy(codes.codes)
    assert fingerprint.FLOOR_BITS <= bits < fingerprint.STRONG_BITS
    key, mark = recorded(tmp_path, codes)
    kind, rounds, _ = mark.split(":")
    assert kind == "pbkdf2-sha256" and int(rounds) == fingerprint.iterations(bits)
    assert fingerprint.matches(key, Job(codes), mark) is True
    for a, b in itertools.islice(itertools.product(range(480_200, 480_220), repeat=2), 100):
        assert not fingerprint.matches(key, Job(generic(f"{a:06d}", f"{b:06d}")), mark)
    # every guess costs the attacker `rounds` PBKDF2 iterations: the whole space, a year at
    # ATTACKER_RATE (what one core manages is benchmarks'; the assumption is generous)
    assert 2**bits * int(rounds) / fingerprint.ATTACKER_RATE >= fingerprint.YEAR


def test_every_low_entropy_fingerprint_choice_costs_a_year():
    for bits in range(1, fingerprint.STRONG_BITS):
        if bits >= fingerprint.FLOOR_BITS:
            seconds = 2**bits * fingerprint.iterations(bits) / fingerprint.ATTACKER_RATE
            assert seconds >= fingerprint.YEAR, bits
            assert fingerprint.iterations(bits) <= fingerprint.MAX_ITERATIONS


def test_strong_sets_keep_the_earlier_ledgers_fingerprint(tmp_path):
    codes = generic(*(f"{i:05x}-{i * 7:05x}" for i in range(16)))
    key, mark = recorded(tmp_path, codes)
    loose = sorted(c.replace("-", "") for c in codes.codes)
    canon = json.dumps(["generic", "backup-codes", loose], separators=(",", ":")).encode()
    assert mark == "hmac-sha256:" + hmac.new(key, canon, hashlib.sha256).hexdigest()
    (again,) = recording.plan_each(str(tmp_path), [codes], today=DAY)
    assert again.entry.fingerprint == mark and again.replaced == ()  # known again: the same sheet


def test_a_short_set_printed_again_is_a_new_sheet_replacing_the_last(tmp_path):
    codes = generic("480213")
    first = recorded(tmp_path, codes)[1]
    (again,) = recording.plan_each(str(tmp_path), [codes], today=DAY)
    assert again.copy == 1 and again.entry.fingerprint != first
    assert [e.fingerprint for e in again.replaced] == [first]


def test_verify_does_not_call_a_short_set_foreign(tmp_path):
    codes = generic("480213")
    (plan,) = recording.plan_each(str(tmp_path), [codes], today=DAY)
    recording.record(str(tmp_path), plan, DAY)
    sheet = verify.ReadBack(
        title="t",
        provider="generic",
        account="me",
        owner=None,
        serial=plan.entry.serial,
        printed=DAY,
        codes=("480213",),
    )
    assert str(verify.status(sheet, str(tmp_path))) == "current"
