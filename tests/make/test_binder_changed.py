"""Binder sheets in the ledger, and `mksheet binder --changed`, as a user would run them.

A family of three is copied from tests/fixtures into a tmp FAMILY folder; Jordan then asks
GitHub for new codes (a new download with fresh random codes in GitHub's format). Each test
keeps its ledger in its own --state-dir, with the date fixed by SOURCE_DATE_EPOCH.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil

import pytest
from conftest import (
    FIXTURES,
    count_printed,
    flat,
    page_texts,
    payload_codes,
    qr_payloads,
    raster,
    run_cli,
)
from test_binder import ALL_CODES, FAMILY, expected, make_family

from sheets.ledger import store as state
from sheets.make import steps as run
from sheets.make.binder import build, changes
from sheets.model import CodeSet, Job

DAYS = {"2026-03-14": "1773446400", "2026-04-02": "1775088000", "2026-05-20": "1779235200"}
DAY1, DAY2, DAY3 = DAYS
GITHUB = "github-recovery-codes.txt"
OLD_CODES = expected("github", GITHUB)["codes"]
SERIAL = re.compile(r"sheet ([0-9A-Z]{2}-[0-9A-Z]{4})")


@pytest.fixture
def household(tmp_path):
    """FAMILY/ for three people, and a mksheet bound to one state folder and a chosen date."""
    family = make_family(tmp_path)
    where = tmp_path / "state"

    def mksheet(*args, day=DAY1):
        return run_cli(
            *args, "--state-dir", str(where), cwd=tmp_path, env={"SOURCE_DATE_EPOCH": DAYS[day]}
        )

    return family, mksheet


def regenerate(family) -> list[str]:
    """Jordan's new GitHub download: 16 fresh random codes in GitHub's xxxxx-xxxxx format."""
    codes = [f"{secrets.token_hex(3)[:5]}-{secrets.token_hex(3)[:5]}" for _ in range(16)]
    path = family / "Jordan Rivera" / GITHUB
    path.write_bytes("".join(f"{code}\r\n" for code in codes).encode())
    return codes


def history(mksheet) -> list[dict]:
    result = mksheet("history", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def texts_of(path) -> list[str]:
    return [flat(text) for text in page_texts(path.read_bytes())]


def page_of(texts: list[str], code: str) -> int:
    (page,) = [i for i, text in enumerate(texts) if count_printed(code, text)]
    return page


def no_code_in(codes: list[str], *channels) -> None:
    for text in channels:
        text = text.decode() if isinstance(text, bytes) else text
        assert not [code for code in codes if code in text], "a code leaked"


# -- every binder sheet is in the ledger -----------------------------------------------------
def test_binder_sheets_carry_serials_and_a_reprint_counts_copies(household, tmp_path):
    family, mksheet = household
    first = mksheet("binder", str(family))
    assert first.returncode == 0, first.stderr
    texts = texts_of(tmp_path / "Rivera-binder.pdf")
    rows = history(mksheet)
    assert sorted(row["owner"] for row in rows) == sorted(
        person for person, files in FAMILY.items() for _ in files
    )
    assert {(row["status"], row["copies"], row["printed"]) for row in rows} == {
        ("current", 0, DAY1)
    }  # a PDF is not paper: the user says when it is printed
    sheets = {}
    for files in FAMILY.values():
        for provider, name in files:
            page = page_of(texts, expected(provider, name)["codes"][0])
            (serial,) = set(SERIAL.findall(texts[page]))
            assert f"Printed {DAY1} · sheet {serial}" in texts[page] and "copy" not in texts[page]
            sheets[name] = (page, serial)
    assert sorted(serial for _, serial in sheets.values()) == sorted(r["serial"] for r in rows)
    contents = texts[1]  # the contents page stays as it was: no serials on it
    assert not SERIAL.search(contents)

    told = mksheet("printed", *(serial for _, serial in sheets.values()))
    assert told.returncode == 0, told.stderr
    assert {r["copies"] for r in history(mksheet)} == {1}

    again = mksheet("binder", str(family), "-o", str(tmp_path / "again.pdf"), day=DAY2)
    assert again.returncode == 0 and b"replaces" not in again.stderr
    texts2 = texts_of(tmp_path / "again.pdf")
    assert len(texts2) == len(texts)
    for page, serial in sheets.values():
        assert f"Printed {DAY2} · sheet {serial} · copy 2" in texts2[page]
        assert f"page {page + 1} of {len(texts)}" in texts2[page]
    # a rebuilt binder is not paper either: still one copy each, made again on DAY2
    assert {(r["copies"], r["last_printed"], r["status"]) for r in history(mksheet)} == {
        (1, DAY2, "current")
    }


def test_nothing_is_recorded_when_the_binder_is_not_written(tmp_path, monkeypatch):
    family = make_family(tmp_path)
    where = tmp_path / "state"
    opts = build.BinderOptions(
        source=str(family), output=str(tmp_path / "b.pdf"), state_dir=str(where)
    )

    def failing_write(pdf, target, force=False, password=None):
        raise OSError("disk full")

    monkeypatch.setattr(run, "write", failing_write)
    with pytest.raises(OSError):
        build.make_binder(opts, DAY1, run.Voice())
    assert state.load(str(where)).entries == () and state.load(str(where)).binders == ()


# -- binder --changed ------------------------------------------------------------------------
def test_changed_prints_a_cover_and_only_the_changed_page(household, tmp_path):
    family, mksheet = household
    assert mksheet("binder", str(family)).returncode == 0
    full_pdf = (tmp_path / "Rivera-binder.pdf").read_bytes()
    full = texts_of(tmp_path / "Rivera-binder.pdf")
    page = page_of(full, OLD_CODES[0])
    label = f"page {page + 1} of {len(full)}"
    assert label in full[page]
    (old,) = set(SERIAL.findall(full[page]))

    new_codes = regenerate(family)
    changed = mksheet("binder", str(family), "--changed", day=DAY2)
    assert changed.returncode == 0, changed.stderr
    assert changed.stdout.decode() == "Rivera-binder-changes.pdf\n"
    target = tmp_path / "Rivera-binder-changes.pdf"
    cover, sheet = texts_of(target)  # the cover and only that page
    assert label in sheet
    assert all(sheet.count(code) == 1 for code in new_codes)
    assert not [code for code in OLD_CODES if code in sheet]
    found = qr_payloads(raster(target.read_bytes(), dpi=150, page=1))
    assert payload_codes(*found) == new_codes
    rows = {row["serial"]: row for row in history(mksheet)}
    assert (rows[old]["status"], rows[old]["status_date"]) == ("superseded", DAY2)
    new = rows[old]["replaced_by"]
    assert rows[new]["replaces"] == old and rows[new]["owner"] == "Jordan Rivera"
    assert f"Printed {DAY2} · sheet {new}" in sheet
    assert f"Replaces sheet {old} printed {DAY1}: destroy it." in sheet

    assert cover.startswith("Replacement pages Recovery binder · Rivera")
    assert f"1 page for the binder printed {DAY1}" in cover
    assert (
        f"Page {page + 1} · Jordan Rivera · GitHub recovery codes · not in the file: take "
        f"out sheet {old} (printed {DAY1}) and destroy it; put in sheet {new}."
    ) in cover
    assert "not a page of the binder" in cover
    assert f"replaces sheet {old} printed {DAY1}: destroy it" in changed.stderr.decode()
    no_code_in(ALL_CODES + new_codes, cover, changed.stdout, changed.stderr)
    assert [r["copies"] for r in rows.values()] == [0] * 6  # PDFs made; no paper recorded
    assert (tmp_path / "Rivera-binder.pdf").read_bytes() == full_pdf  # not replaced

    before = sorted(os.listdir(tmp_path))
    again = mksheet("binder", str(family), "--changed", "-o", "again.pdf", day=DAY3)
    assert again.returncode == 0 and again.stdout == b""
    assert again.stderr.decode() == (
        f"mksheet: {family}: every page is as in the binder printed {DAY1}; nothing was written\n"
    )
    assert sorted(os.listdir(tmp_path)) == before
    assert [r["copies"] for r in history(mksheet)] == [0] * 6


def test_changed_in_duplex_keeps_every_sheet_on_its_own_leaf(household, tmp_path):
    family, mksheet = household
    assert mksheet("binder", str(family), "--duplex").returncode == 0
    full = texts_of(tmp_path / "Rivera-binder.pdf")
    page = page_of(full, OLD_CODES[0])
    new_codes = regenerate(family)
    changed = mksheet("binder", str(family), "--duplex", "--changed", "-o", "swap.pdf", day=DAY2)
    assert changed.returncode == 0, changed.stderr
    _cover, cover_back, sheet, back = texts_of(tmp_path / "swap.pdf")
    assert "left blank" in cover_back and "not a page of the binder" in cover_back
    assert new_codes[0] in sheet and f"page {page + 1} of {len(full)}" in sheet
    assert "left blank" in back and back.strip().endswith(f"page {page + 2} of {len(full)}")
    assert "left blank" in full[page + 1]


def test_changed_without_an_earlier_binder_says_to_print_it_whole(household, tmp_path):
    family, mksheet = household
    before = sorted(os.listdir(tmp_path))
    result = mksheet("binder", str(family), "--changed")
    assert result.returncode == 1
    message = result.stderr.decode()
    assert message.count("\n") == 1 and "records no earlier binder of 'Rivera'" in message
    assert "print the whole binder first, without --changed" in message
    assert sorted(os.listdir(tmp_path)) == before
    assert history(mksheet) == []


def test_changed_refuses_when_page_numbers_moved(household, tmp_path):
    family, mksheet = household
    assert mksheet("binder", str(family)).returncode == 0
    ledger = (tmp_path / "state" / state.LEDGER).read_bytes()
    shutil.copy(FIXTURES / "gitlab" / "gitlab-recovery-codes.txt", family / "Alex Rivera")
    result = mksheet("binder", str(family), "--changed", day=DAY2)
    assert result.returncode == 1
    message = result.stderr.decode()
    assert message.count("\n") == 1 and "page numbers moved" in message
    assert "print the full binder again, without --changed" in message
    assert not (tmp_path / "Rivera-binder-changes.pdf").exists()
    assert (tmp_path / "state" / state.LEDGER).read_bytes() == ledger


def test_two_sets_for_one_account_in_one_binder_are_refused(household, tmp_path):
    family, mksheet = household
    shutil.copy(FIXTURES / "github" / GITHUB, family / "Jordan Rivera" / "github-old.txt")
    regenerate(family)  # the new download beside the old one
    result = mksheet("binder", str(family))
    assert result.returncode == 1
    err = result.stderr.decode()
    assert (
        f"{GITHUB}: github-old.txt holds other GitHub recovery codes for Jordan Rivera, "
        "and only one set can be current — keep only the newer download"
    ) in err
    assert "binder.toml" in err and "nothing was written" in err
    assert history(mksheet) == []
    kept = mksheet("binder", str(family), "--keep-going")
    assert kept.returncode == 0 and b"left out: github-old.txt holds other" in kept.stderr
    assert len([r for r in history(mksheet) if r["provider"] == "github"]) == 1


# -- sheets.make.steps and sheets.make.binder.changes, on code sets built in the test --------
def github(account: str | None, seed: int) -> CodeSet:
    codes = tuple(hashlib.sha256(f"{seed}/{i}".encode()).hexdigest()[:10] for i in range(16))
    return CodeSet(
        provider="github",
        kind="backup-codes",
        account=account,
        codes=tuple(f"{c[:5]}-{c[5:]}" for c in codes),
        source=f"{seed}.txt",
    )


def plan_pages(where: str, family, today: str) -> run.Planned:
    """Plan a binder of these (code set, owner) pages, as `mksheet binder` does."""
    pages = [Job(codes, owner, codes.source) for codes, owner in family]
    return run.plan(state.load(where, create_key=True), pages, today, one_set_per_account=True)


def last(where: str) -> changes.Last:
    return changes.last_binder(state.load(where), "Rivera")


def printed(where: str, family, today: str) -> run.Planned:
    """Plan and record a binder of these (code set, owner) pages, as if on pages 3, 4, 5..."""
    book = state.load(where, create_key=True)
    pages = [Job(codes, owner, codes.source) for codes, owner in family]
    planned = run.plan(book, pages, today, one_set_per_account=True)
    plans = [p for p in planned.plans if p is not None]
    numbers = tuple(range(3, 3 + len(plans)))
    record = state.BinderRecord(
        "Rivera", today, tuple(p.entry.serial for p in plans), numbers, numbers[-1] + 2
    )
    book = run.commit(book, plans, today, binder=record)
    for serial in dict.fromkeys(p.entry.serial for p in plans):  # the user printed it
        book = run.commit_paper(book, serial, 1, today)
    return planned


def test_swaps_name_the_changed_page_and_the_sheet_to_destroy(tmp_path):
    where = str(tmp_path)
    family = [
        (github("alice", 1), "Alice"),
        (github("bob", 2), "Bob"),
        (github("carol", 3), "Carol"),
    ]
    assert changes.last_binder(state.load(where), "Rivera") is None
    first = printed(where, family, DAY1)
    assert first.refused == ()

    family[1] = (github("bob", 9), "Bob")  # Bob regenerated his codes
    second = plan_pages(where, family, DAY2)
    (swap,) = changes.swaps(last(where), list(second.plans), [3, 4, 5], 7, "Rivera")
    assert (swap.index, swap.page, swap.old.serial) == (1, 4, first.plans[1].entry.serial)
    assert swap.new.replaces.startswith(first.plans[1].entry.serial)
    assert [p.copy for p in second.plans] == [2, 1, 2]  # what a whole reprint would print
    with pytest.raises(changes.PagesMoved):
        changes.swaps(last(where), list(second.plans), [3, 4, 6], 7, "Rivera")
    with pytest.raises(changes.PagesMoved):
        changes.swaps(last(where), list(second.plans[:2]), [3, 4], 6, "Rivera")


def test_a_page_never_replaces_another_page_of_the_same_binder(tmp_path):
    family = [(github(None, 1), "Alice"), (github(None, 2), "Alice"), (github(None, 1), "Bob")]
    planned = plan_pages(str(tmp_path), family, DAY1)
    ((index, why),) = planned.refused
    assert index == 1 and isinstance(why, run.SamePage) and planned.plans[1] is None
    assert why.problem.startswith("1.txt holds other GitHub recovery codes for Alice")
    # the same set twice (a shared account) is one sheet: the second page is its copy 2
    assert planned.plans[2].entry.serial == planned.plans[0].entry.serial
    assert planned.plans[2].copy == 2


def test_stale_codes_and_a_missing_account_are_refused_pages_not_a_stop(tmp_path):
    where = str(tmp_path)
    printed(where, [(github("a", 1), "Alice"), (github("b", 2), "Alice")], DAY1)
    printed(where, [(github("a", 3), "Alice"), (github("b", 2), "Alice")], DAY2)
    family = [(github("a", 1), "Alice"), (github(None, 4), "Alice"), (github("b", 2), "Alice")]
    planned = plan_pages(where, family, DAY3)
    (stale, _), (unnamed, why) = planned.refused
    assert (stale, unnamed) == (0, 1) and "--account" in why.hint  # the binder says binder.toml
    assert planned.plans[2].copy == 3


def test_a_binder_naming_an_unknown_sheet_is_damage(tmp_path):
    where = str(tmp_path)
    printed(where, [(github("a", 1), "Alice")], DAY1)
    data = json.loads((tmp_path / state.LEDGER).read_text())
    key = (tmp_path / state.KEY).read_bytes()
    data["binders"][0]["serials"] = ["GH-2222"]
    data["mac"] = state.mac(key, data)  # a wrong record under a right MAC, as a bug would write
    (tmp_path / state.LEDGER).write_text(json.dumps(data))
    with pytest.raises(state.DamagedLedger, match="names a sheet it does not record"):
        changes.last_binder(state.load(where), "Rivera")
    data["binders"][0]["pages"] = "3"
    data["mac"] = state.mac(key, data)
    (tmp_path / state.LEDGER).write_text(json.dumps(data))
    with pytest.raises(state.DamagedLedger, match="a binder record is wrong"):
        state.load(where)


def test_regenerated_npm_codes_still_fit_their_binder_page(tmp_path):
    """npm's five 64-hex codes need three QR symbols; after new codes, the sheet also carries
    "replaces sheet X". That once failed the whole binder while drawing. The owner's name
    stays at the top of the page (the running head)."""
    home = tmp_path / "Rivera" / "Sam Rivera"
    home.mkdir(parents=True)
    npm = home / "npm-profile-enable-2fa-output.txt"
    shutil.copy(FIXTURES / "npm" / npm.name, npm)
    where = str(tmp_path / "state")
    first = run_cli("binder", str(home.parent), "--state-dir", where, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    codes = [secrets.token_hex(32) for _ in range(5)]
    npm.write_text(npm.read_text().split("\t")[0] + "".join(f"\t{c}\n" for c in codes))
    again = run_cli(
        "binder", str(home.parent), "--state-dir", where, "-o", "again.pdf", cwd=tmp_path
    )
    assert again.returncode == 0, again.stderr
    pdf = (tmp_path / "again.pdf").read_bytes()
    texts = [flat(t) for t in page_texts(pdf)]
    (page,) = [i for i, t in enumerate(texts) if all(count_printed(c, t) for c in codes)]
    assert texts[page].startswith("Sam Rivera ") and "Replaces sheet" in texts[page]
    assert payload_codes(*qr_payloads(raster(pdf, 150, page))) == codes
