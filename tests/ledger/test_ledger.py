"""The ledger's decisions and its state folder, on code sets built in the test.

Every test uses its own state folder (tmp_path) and a fixed date; none touches ~/.local/state
(conftest points XDG_STATE_HOME at a fresh folder as well).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import stat
from dataclasses import fields

import pytest

from sheets import ledger
from sheets.errors import InputError
from sheets.ledger import fingerprint
from sheets.ledger import folder as state_folder
from sheets.ledger import store as state
from sheets.make import run as make_run
from sheets.make import steps as run
from sheets.model import CodeSet, Job, LedgerEntry
from sheets.read.providers import by_key

DAY1, DAY2, DAY3 = "2026-03-14", "2026-04-02", "2026-05-20"
SERIAL = re.compile(rf"^[A-Z0-9]{{2}}-[{ledger.ALPHABET}]{{4}}$")


def github(account: str | None = None, seed: int = 0) -> CodeSet:
    """A GitHub-like set of 16 codes, different for every seed."""
    codes = tuple(hashlib.sha256(f"{seed}/{i}".encode()).hexdigest()[:10] for i in range(16))
    return CodeSet(
        provider="github",
        kind="backup-codes",
        codes=tuple(f"{c[:5]}-{c[5:]}" for c in codes),
        account=account,
        source="github-recovery-codes.txt",
    )


def printed(where, codes, today=DAY1, owner=None, copies=1) -> ledger.Plan:
    """Plan, then record, one sheet, as `mksheet FILE --print --copies N` does once the PDF is
    written and CUPS took the job (copies=0: a PDF made and not printed)."""
    return printed_job(where, Job(codes, owner, codes.source), today, copies)


def printed_job(where, job: Job, today=DAY1, copies=1) -> ledger.Plan:
    """printed() for a job built by the test (one that names what it replaces)."""
    with state_folder.locked(str(where)):
        book = state.load(str(where), create_key=True)
        planned = run.plan(book, [job], today)
        if planned.refused:
            raise planned.refused[0][1]
        (plan,) = planned.plans
        assert plan is not None
        book = run.commit(book, [plan], today)
        if copies:
            run.commit_paper(book, plan.entry.serial, copies, today)
    return plan


def plan_each(book, code_sets, today, owner=None) -> list[ledger.Plan]:
    """Plan several sheets in one run, as `mksheet FILE FILE...` does; nothing is saved."""
    pages = [Job(codes, owner, codes.source) for codes in code_sets]
    planned = run.plan(book, pages, today)
    if planned.refused:
        raise planned.refused[0][1]
    return list(planned.plans)


def entries(where) -> dict[str, dict]:
    return {row["serial"]: row for row in ledger.history(state.load(str(where)))}


# -- fingerprints and serials ------------------------------------------------------------------
def test_fingerprint_is_of_the_whole_set_whatever_its_order_or_spelling():
    key = secrets.token_bytes(32)
    codes = github()
    shuffled = CodeSet(
        provider="github",
        kind="backup-codes",
        codes=tuple(c.upper().replace("-", " ") for c in reversed(codes.codes)),
    )
    assert fingerprint.of(key, Job(codes)) == fingerprint.of(key, Job(shuffled))
    assert fingerprint.of(key, Job(codes)) != fingerprint.of(key, Job(github(seed=1)))
    assert fingerprint.of(key, Job(codes)) != fingerprint.of(secrets.token_bytes(32), Job(codes))
    one_less = CodeSet(provider="github", kind="backup-codes", codes=codes.codes[1:])
    assert fingerprint.of(key, Job(codes)) != fingerprint.of(key, Job(one_less))


def test_serials_are_short_readable_unique_and_name_the_provider():
    assert ledger.prefix("github") == "GH" and ledger.prefix("login-gov") == "LG"
    assert ledger.prefix("discord") == "DC" and ledger.prefix("google") == "GO"
    assert ledger.prefix("pypi") == by_key("pypi").prefix == "PY"  # a fact of the provider
    draws = iter("2222" + "2222" + "3333")
    serial = ledger.new_serial("github", {"GH-2222"}, choice=lambda alphabet: next(draws))
    assert serial == "GH-3333"
    assert all(SERIAL.match(ledger.new_serial(p, set())) for p in ("github", "1password", "x"))
    assert not set("01ILOU") & set(ledger.ALPHABET)


# -- what printing does ------------------------------------------------------------------------
def test_first_sheet_then_another_copy_keeps_the_serial(tmp_path):
    first = printed(tmp_path, github())
    assert SERIAL.match(first.entry.serial) and first.copy == 1 and first.replaces is None
    again = printed(tmp_path, github(), today=DAY2)
    assert again.entry.serial == first.entry.serial and again.copy == 2
    row = entries(tmp_path)[first.entry.serial]
    assert (row["copies"], row["printed"], row["last_printed"]) == (2, DAY1, DAY2)
    assert printed(tmp_path, github(), copies=3).copy == 3
    assert entries(tmp_path)[first.entry.serial]["copies"] == 5


def test_a_new_set_for_the_same_account_supersedes_the_old_sheet(tmp_path):
    old = printed(tmp_path, github("octocat"))
    new = printed(tmp_path, github("octocat", seed=1), today=DAY2)
    assert new.entry.serial != old.entry.serial
    assert new.replaces == f"{old.entry.serial} printed {DAY1}"
    assert new.notes[0] == f"replaces sheet {old.entry.serial} printed {DAY1}: destroy it"
    rows = entries(tmp_path)
    assert rows[old.entry.serial]["status"] == "superseded"
    assert rows[old.entry.serial]["replaced_by"] == new.entry.serial
    assert rows[new.entry.serial]["status"] == "current"
    assert rows[new.entry.serial]["replaces"] == old.entry.serial


def test_the_notice_counts_every_copy_to_destroy(tmp_path):
    printed(tmp_path, github("alice"), copies=2)
    assert "(all 2 copies)" in printed(tmp_path, github("alice", seed=1)).replaces


def test_other_accounts_owners_and_kinds_are_not_replaced(tmp_path):
    printed(tmp_path, github("alice"))
    assert printed(tmp_path, github("bob", seed=1)).replaced == ()
    assert printed(tmp_path, github("alice", seed=2), owner="Sam").replaced == ()
    key = CodeSet(provider="github", kind="recovery-key", codes=("abcd-efgh",), account="alice")
    assert printed(tmp_path, key).replaced == ()
    assert [r["status"] for r in entries(tmp_path).values()] == ["current"] * 4


def test_without_an_account_nothing_is_replaced_but_each_candidate_is_named(tmp_path):
    """Two people's GitHub sheets: nothing in the files says whose account each is."""
    alice = printed(tmp_path, github("alice"))
    bob = printed(tmp_path, github("bob", seed=1))
    new = printed(tmp_path, github(seed=2))
    assert new.replaced == () and new.entry.account is None
    assert {e.serial for e in new.undecided} == {alice.entry.serial, bob.entry.serial}
    for old, note in zip((alice, bob), new.notes):
        assert old.entry.serial in note and f"--replaces {old.entry.serial}" in note
    assert [r["status"] for r in entries(tmp_path).values()] == ["current"] * 3
    again = printed(tmp_path, github("Bob", seed=3))  # accounts compare without case
    assert [e.serial for e in again.replaced] == [bob.entry.serial]


def test_the_persons_word_is_evidence(tmp_path):
    old = printed(tmp_path, github())
    new = printed_job(tmp_path, Job(github(seed=1), replaces=(old.entry.serial.lower(),)))
    assert [e.serial for e in new.replaced] == [old.entry.serial] and not new.undecided
    assert entries(tmp_path)[old.entry.serial]["status"] == "superseded"
    with pytest.raises(InputError, match="superseded already"):
        printed_job(tmp_path, Job(github(seed=2), replaces=(old.entry.serial,)))
    with pytest.raises(InputError, match="records no sheet GH-ZZZZ"):
        printed_job(tmp_path, Job(github(seed=2), replaces=("GH-ZZZZ",)))


def test_a_question_is_asked_only_where_neither_names_an_account(tmp_path):
    unnamed = printed(tmp_path, github())
    named = printed(tmp_path, github("alice", seed=1))
    asked: list[str] = []

    def answer(question: str) -> bool:
        asked.append(question)
        return True

    with state_folder.locked(str(tmp_path)):
        book = state.load(str(tmp_path))
        (yes,) = run.plan(book, [Job(github(seed=2))], DAY2, ask=answer).plans
        (alone,) = run.plan(book, [Job(github("carol", seed=3))], DAY2, ask=answer).plans
    assert len(asked) == 1 and unnamed.entry.serial in asked[0] and "no named account" in asked[0]
    assert yes is not None and [e.serial for e in yes.replaced] == [unnamed.entry.serial]
    assert named.entry.serial in yes.notes[-1]  # alice's is named, not asked about
    assert alone is not None and alone.replaced == ()
    assert unnamed.entry.serial in alone.notes[0]  # one side names no account: a note


def test_an_earlier_sheet_without_account_is_named_not_replaced(tmp_path):
    unnamed = printed(tmp_path, github())
    named = printed(tmp_path, github("alice", seed=1))
    assert named.replaced == ()
    assert unnamed.entry.serial in named.notes[0] and "mksheet destroyed" in named.notes[0]


def test_two_unknown_services_never_replace_each_other(tmp_path):
    def site(name, seed, account=None):
        codes = github(account, seed=seed).codes
        return CodeSet("generic", "backup-codes", codes, account=account, service=name)

    acme = printed(tmp_path, site("Acme Bank", 1, "jordan@example.com"))
    coinbase = printed(tmp_path, site("Coinbase", 2, "jordan@example.com"))
    assert coinbase.replaced == () and coinbase.undecided == ()
    assert printed(tmp_path, site(None, 3, "jordan@example.com")).replaced == ()
    again = printed(tmp_path, site("acme  bank", 4, "jordan@example.com"))
    assert [e.serial for e in again.replaced] == [acme.entry.serial]
    rows = entries(tmp_path)
    assert rows[coinbase.entry.serial]["name"] == "Coinbase"
    assert rows[again.entry.serial]["status"] == "current"


def test_printing_a_replaced_set_again_is_refused(tmp_path):
    printed(tmp_path, github("alice"))
    printed(tmp_path, github("alice", seed=1))
    with pytest.raises(ledger.StaleCodes):
        printed(tmp_path, github("alice"))


def test_destroyed_sheets(tmp_path):
    first = printed(tmp_path, github("alice"))
    before, after = ledger.destroyed(str(tmp_path), first.entry.serial.lower(), DAY2)
    assert (before.status, after.status, after.status_date) == ("current", "destroyed", DAY2)
    again = printed(tmp_path, github("alice"), today=DAY3)  # same codes, still valid: reprint
    assert again.copy == 2 and entries(tmp_path)[first.entry.serial]["status"] == "current"
    ledger.destroyed(str(tmp_path), first.entry.serial, DAY3)
    new = printed(tmp_path, github("alice", seed=1), today=DAY3)
    assert new.replaced == ()  # nothing left to destroy, but the old codes are stale now
    assert entries(tmp_path)[first.entry.serial]["replaced_by"] == new.entry.serial
    with pytest.raises(ledger.StaleCodes):
        printed(tmp_path, github("alice"))
    with pytest.raises(ledger.UnknownSerial):
        ledger.destroyed(str(tmp_path), "GH-ZZZZ", DAY3)


def test_several_files_in_one_run_see_each_other(tmp_path):
    plans = plan_each(
        state.load(str(tmp_path), create_key=True),
        [github("a"), github("a", seed=1), github("a", seed=1)],
        today=DAY1,
    )
    assert plans[1].replaced[0].serial == plans[0].entry.serial
    # the same set again is the same sheet, printed a second time in this run: copy 2
    assert plans[2].entry.serial == plans[1].entry.serial and plans[2].copy == 2


def test_nothing_is_recorded_when_the_sheet_is_not_written(tmp_path, monkeypatch):
    download = tmp_path / "github-recovery-codes.txt"
    download.write_text("\n".join(github().codes) + "\n")
    opts = make_run.MakeOptions(files=(str(download),), state_dir=str(tmp_path / "state"))

    def failing_write(pdf, target, force=False, password=None):
        raise OSError("disk full")

    monkeypatch.setattr(run, "write", failing_write)
    with pytest.raises(OSError):
        make_run.make(opts, DAY1, run.Voice())
    assert ledger.history(state.load(str(tmp_path / "state"))) == []


# -- the state folder ---------------------------------------------------------------------------
def test_state_folder_follows_xdg(tmp_path):
    assert state_folder.folder(None, {"XDG_STATE_HOME": "/x/state"}) == "/x/state/mksheet"
    home = os.path.expanduser("~")
    assert state_folder.folder(None, {"XDG_STATE_HOME": "rel"}) == f"{home}/.local/state/mksheet"
    assert state_folder.folder(None, {}) == f"{home}/.local/state/mksheet"
    assert state_folder.folder(str(tmp_path / "s")) == str(tmp_path / "s")


def test_state_files_are_private(tmp_path):
    where = tmp_path / "new" / "mksheet"
    printed(where, github())
    assert stat.S_IMODE(where.stat().st_mode) == 0o700
    for name in (state.LEDGER, state.KEY, state_folder.LOCK):
        assert stat.S_IMODE((where / name).stat().st_mode) == 0o600
    assert len((where / state.KEY).read_bytes()) == state.KEY_BYTES
    assert sorted(os.listdir(where)) == [state.LEDGER, state.KEY, state_folder.LOCK]  # no temp file


def test_reading_history_creates_nothing(tmp_path):
    assert ledger.history(state.load(str(tmp_path / "none"))) == []
    assert not (tmp_path / "none").exists()


def damage_cases():
    good = {"format": "mksheet-ledger", "version": 1, "sheets": [], "binders": []}
    return {
        "not json": b'{"format": ',
        "not utf-8": b"\xff\xfe{}",
        "not a ledger": b"[]",
        "newer version": json.dumps({**good, "version": 9}).encode(),
        "bad entry": json.dumps({**good, "sheets": [{"serial": "GH-2222"}]}).encode(),
    }


@pytest.mark.parametrize("name", damage_cases())
def test_a_damaged_ledger_is_reported_and_never_replaced(tmp_path, name):
    printed(tmp_path, github())
    broken = damage_cases()[name]
    (tmp_path / state.LEDGER).write_bytes(broken)
    with pytest.raises(state.DamagedLedger) as caught:
        printed(tmp_path, github(seed=1))
    message = caught.value.message()
    assert "\n" not in message and str(tmp_path / state.LEDGER) in message
    assert "will not replace it" in message
    assert (tmp_path / state.LEDGER).read_bytes() == broken


def test_a_ledger_without_its_key_is_damaged(tmp_path):
    printed(tmp_path, github())
    (tmp_path / state.KEY).unlink()
    with pytest.raises(state.DamagedLedger, match=r"is missing while ledger\.json records 1"):
        printed(tmp_path, github())
    assert not (tmp_path / state.KEY).exists()
    (tmp_path / state.KEY).write_bytes(b"short")
    with pytest.raises(state.DamagedLedger, match="5 bytes"):
        state.load(str(tmp_path))


def test_a_serial_twice_is_damage(tmp_path):
    printed(tmp_path, github())
    data = json.loads((tmp_path / state.LEDGER).read_text())
    data["sheets"].append(data["sheets"][0])
    (tmp_path / state.LEDGER).write_text(json.dumps(data))
    with pytest.raises(state.DamagedLedger, match="twice"):
        state.load(str(tmp_path))


# -- the ledger's MAC, its size, and what stands in its place -----------------------------------
def test_a_swapped_key_is_one_line_and_nothing_is_replaced(tmp_path):
    """Fingerprints made under another key never match: every set would look new."""
    printed(tmp_path, github())
    before = (tmp_path / state.LEDGER).read_bytes()
    other = secrets.token_bytes(state.KEY_BYTES)
    (tmp_path / state.KEY).write_bytes(other)
    with pytest.raises(state.DamagedLedger) as caught:
        printed(tmp_path, github())
    message = caught.value.message()
    assert "\n" not in message and str(tmp_path / state.KEY) in message
    assert "not the key" in message
    assert (tmp_path / state.LEDGER).read_bytes() == before
    assert (tmp_path / state.KEY).read_bytes() == other


def test_a_ledger_edited_by_hand_is_one_line(tmp_path):
    printed(tmp_path, github())
    data = json.loads((tmp_path / state.LEDGER).read_text())
    data["sheets"][0]["copies"] = 7
    (tmp_path / state.LEDGER).write_text(json.dumps(data))
    with pytest.raises(state.DamagedLedger, match="not the key"):
        state.load(str(tmp_path))


def test_an_older_ledger_without_a_mac_still_reads_and_gains_one(tmp_path):
    printed(tmp_path, github())
    data = json.loads((tmp_path / state.LEDGER).read_text())
    assert data["mac"].startswith("hmac-sha256:")
    del data["mac"]  # as every mksheet before this one wrote it
    (tmp_path / state.LEDGER).write_text(json.dumps(data))
    assert len(state.load(str(tmp_path)).entries) == 1
    printed(tmp_path, github(seed=1))
    assert "mac" in json.loads((tmp_path / state.LEDGER).read_text())
    (tmp_path / state.KEY).write_bytes(secrets.token_bytes(state.KEY_BYTES))
    with pytest.raises(state.DamagedLedger, match="not the key"):
        state.load(str(tmp_path))


@pytest.mark.parametrize("mac", [7, "", "hmac-sha256:zz", "md5:00"])
def test_a_mac_that_is_not_one_is_damage(tmp_path, mac):
    printed(tmp_path, github())
    data = json.loads((tmp_path / state.LEDGER).read_text())
    (tmp_path / state.LEDGER).write_text(json.dumps({**data, "mac": mac}))
    with pytest.raises(state.DamagedLedger):
        state.load(str(tmp_path))


def test_a_huge_ledger_is_refused_unread(tmp_path):
    with open(tmp_path / state.LEDGER, "wb") as f:
        f.truncate(300_000_000)  # sparse: no disk used, and nothing mksheet ever writes
    with pytest.raises(state.DamagedLedger, match="larger than mksheet ever writes"):
        state.load(str(tmp_path))  # by its size: reading 300 MB would take 1.8 GB


@pytest.mark.parametrize("name", [state.LEDGER, state.KEY])
def test_a_fifo_in_place_of_the_ledger_or_its_key_is_refused_at_once(tmp_path, name):
    os.mkfifo(tmp_path / name)
    with pytest.raises(state.DamagedLedger, match="not a regular file"):
        state.load(str(tmp_path))  # nobody writes to it: opening it to read would wait forever


def test_the_size_bound_leaves_room_for_decades():
    """Ten thousand sheets, and a binder of a hundred accounts every week for twenty years."""
    entry = {f.name: "x" * 24 for f in fields(LedgerEntry)}
    sheet = len(json.dumps(entry, indent=4)) + 10
    binder = 100 * 3 * 40 + 400  # a serial, a page and a length per account, a line each
    assert 10_000 * sheet + 52 * 20 * binder < state.MAX_LEDGER_BYTES
