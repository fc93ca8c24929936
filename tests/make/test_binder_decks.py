"""An authenticator export in a person's folder becomes that person's pages in the binder:
the deck (cover, cards, restore page) numbered as binder pages, its line in the contents,
one OTP- serial in the ledger, and `binder --changed` swapping its pages as one range."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from conftest import AUTHENTICATORS, FIXTURES, flat, page_texts, qr_payloads, raster, run_cli
from otp_readback import parse_migration, parse_uri

from sheets.model import OtpEntry

DAYS = {"2026-03-14": "1773446400", "2026-04-02": "1775088000"}
PLAIN = "aegis-export-plain-20261201-101500.json"
LOCKED = "aegis-export-20261201-101700.json"
PASSWORD = "correct horse battery staple"
TRUTH = {
    entry["file"].rsplit("/", 1)[-1]: entry
    for entry in json.loads((AUTHENTICATORS / "expected.json").read_text("utf-8"))
}


def entries_of(name: str) -> list[OtpEntry]:
    return [OtpEntry(**entry) for entry in TRUTH[name]["entries"]]


def same(a: list[OtpEntry], b: list[OtpEntry]) -> bool:
    """The same entries, secrets included, in any order (zxing finds codes in any order)."""

    def key(e: OtpEntry) -> tuple:
        return (repr(e), e.secret)

    return sorted(map(key, a)) == sorted(map(key, b))


@pytest.fixture
def family(tmp_path):
    """Jordan: a GitHub code file and a plain Aegis export; Sam: a Discord code file."""
    folder = tmp_path / "Rivera"
    (folder / "Jordan Rivera").mkdir(parents=True)
    (folder / "Sam Rivera").mkdir()
    shutil.copy(FIXTURES / "github" / "github-recovery-codes.txt", folder / "Jordan Rivera")
    shutil.copy(AUTHENTICATORS / "aegis" / PLAIN, folder / "Jordan Rivera")
    shutil.copy(
        FIXTURES / "discord" / "discord_backup_codes-with-used-codes.txt", folder / "Sam Rivera"
    )
    return folder


def mksheet(tmp_path, *args, day="2026-03-14", input=None):
    done = run_cli(
        *args,
        "--state-dir",
        str(tmp_path / "state"),
        cwd=tmp_path,
        env={"SOURCE_DATE_EPOCH": DAYS[day]},
        input=input,
    )
    return done.returncode, done.stdout.decode(), done.stderr.decode()


def decoded(pdf: bytes) -> list[list[str]]:
    """The QR texts of each page, from a 150 dpi raster."""
    return [qr_payloads(raster(pdf, 150, n)) for n in range(len(page_texts(pdf)))]


def deck_range(texts: list[str], serial: str) -> list[int]:
    """The (0-based) pages whose footer names the deck's serial."""
    return [n for n, text in enumerate(texts) if f"sheet {serial} · keys" in flat(text)]


def otp_serial(tmp_path) -> str:
    history = json.loads(mksheet(tmp_path, "history", "--json")[1])
    (serial,) = [h["serial"] for h in history if h["kind"] == "authenticator"]
    return serial


def test_an_export_becomes_its_persons_pages(family, tmp_path):
    code, _, err = mksheet(tmp_path, "binder", str(family), "--duplex")
    assert code == 0, err
    pdf = (tmp_path / "Rivera-binder.pdf").read_bytes()
    texts, codes = page_texts(pdf), decoded(pdf)
    cards = [parse_uri(t) for page in codes for t in page if t.startswith("otpauth://")]
    assert same(cards, entries_of(PLAIN))
    restored = [
        e
        for page in codes
        for t in page
        if t.startswith("otpauth-migration:")
        for e in parse_migration(t)[0]
    ]
    assert same(
        restored, [e for e in entries_of(PLAIN) if e.period in (30, None) and e.digits in (6, 8)]
    )
    serial = otp_serial(tmp_path)
    pages = deck_range(texts, serial)
    assert pages == list(range(pages[0], pages[-1] + 1)) and len(pages) >= 3
    total = len(texts)
    for n in pages:  # numbered as pages of the binder
        assert f"page {n + 1} of {total}" in flat(texts[n])
    assert "Authenticator keys" in texts[pages[0]]
    contents = next(flat(t) for t in texts if t.startswith("Contents"))
    line = (
        f"Aegis authenticator keys 8 accounts, pages {pages[0] + 1}-{pages[-1] + 1} 8 "
        f"{pages[0] + 1} {serial}"
    )
    assert line in contents
    cover = flat(texts[pages[0]])  # the deck's cover lists each card's binder page
    assert f"page {pages[1] + 1}" in cover
    if len(pages) % 2:  # duplex: the deck's last page has a blank back
        assert "left blank" in texts[pages[-1] + 1]
    assert pages[0] % 2 == 0  # and it starts on a front side


def test_changed_vault_swaps_its_pages_as_a_range(family, tmp_path):
    assert mksheet(tmp_path, "binder", str(family), "--duplex")[0] == 0
    old_serial = otp_serial(tmp_path)
    whole = page_texts((tmp_path / "Rivera-binder.pdf").read_bytes())
    pages = deck_range(whole, old_serial)
    export = family / "Jordan Rivera" / PLAIN
    data = json.loads(export.read_text())
    data["db"]["entries"][0]["info"]["secret"] = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    export.write_text(json.dumps(data))
    code, _, err = mksheet(tmp_path, "binder", str(family), "--changed", day="2026-04-02")
    assert code == 0, err
    pdf = (tmp_path / "Rivera-binder-changes.pdf").read_bytes()
    texts = page_texts(pdf)
    history = json.loads(mksheet(tmp_path, "history", "--json")[1])
    new = [h for h in history if h["kind"] == "authenticator" and h["status"] == "current"]
    assert [h["serial"] for h in new] != [old_serial] and len(new) == 1
    cover = flat(texts[0])
    assert f"Pages {pages[0] + 1}-{pages[-1] + 1}" in cover and old_serial in cover
    assert f"Swap {len(pages)} pages of the binder" in cover
    swapped = deck_range(texts, new[0]["serial"])
    assert len(swapped) == len(pages)
    for n, number in zip(swapped, pages, strict=True):
        assert f"page {number + 1} of {len(whole)}" in flat(texts[n])
    cards = [parse_uri(t) for page in decoded(pdf) for t in page if t.startswith("otpauth://")]
    assert "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP" in [c.secret for c in cards] and len(cards) == 8
    assert not [
        t for t in texts if "github" in t.lower() and "recovery" in t.lower() and "sheet GH-" in t
    ]  # the code sheets did not change


def test_a_binder_deck_verifies_with_its_serial(family, tmp_path):
    assert mksheet(tmp_path, "binder", str(family))[0] == 0
    code, out, err = mksheet(tmp_path, "verify", "Rivera-binder.pdf", "--json")
    assert code == 0, err
    found = json.loads(out)
    (deck,) = [f for f in found if f.get("kind") == "authenticator"]
    assert deck["serial"] == otp_serial(tmp_path) and deck["status"] == "current"
    assert deck["restore_complete"] and deck["cards"] == 8


@pytest.fixture
def locked(family, tmp_path):
    """Sam's encrypted Aegis export too, and a private password file (pw) to fill in."""
    shutil.copy(AUTHENTICATORS / "aegis" / LOCKED, family / "Sam Rivera")
    (tmp_path / "pw").touch(mode=0o600)
    return family


def test_an_encrypted_export_takes_the_vault_password_file(locked, tmp_path):
    (tmp_path / "pw").write_text(PASSWORD + "\n")
    code, _, err = mksheet(tmp_path, "binder", str(locked), "--vault-password-file", "pw")
    assert code == 0, err
    codes = decoded((tmp_path / "Rivera-binder.pdf").read_bytes())
    cards = [parse_uri(t) for page in codes for t in page if t.startswith("otpauth://")]
    assert same(cards, entries_of(PLAIN) + entries_of(LOCKED))
    history = json.loads(mksheet(tmp_path, "history", "--json")[1])
    assert sorted(h["owner"] for h in history if h["kind"] == "authenticator") == [
        "Jordan Rivera",
        "Sam Rivera",
    ]


def test_a_wrong_vault_password_is_one_line_and_nothing_is_written(locked, tmp_path):
    (tmp_path / "pw").write_text("not the password\n")
    code, out, err = mksheet(tmp_path, "binder", str(locked), "--vault-password-file", "pw")
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1, err
    assert "wrong vault password" in err and LOCKED in err
    assert not (tmp_path / "Rivera-binder.pdf").exists() and not (tmp_path / "state").exists()


def test_keep_going_lists_a_wrong_password_and_leaves_the_export_out(locked, tmp_path):
    (tmp_path / "pw").write_text("not the password\n")
    code, _, err = mksheet(
        tmp_path, "binder", str(locked), "--vault-password-file", "pw", "--keep-going"
    )
    assert code == 0, err
    assert re.search(r"left out: wrong vault password", err)
    contents = next(
        flat(t)
        for t in page_texts((tmp_path / "Rivera-binder.pdf").read_bytes())
        if t.startswith("Contents")
    )
    assert "wrong vault password" in contents and LOCKED in contents
    assert contents.count("authenticator keys") == 1


def test_without_a_password_file_each_encrypted_export_is_asked_for_once(
    locked, tmp_path, monkeypatch, capsys
):
    import io

    from sheets import cli

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    shutil.copy(AUTHENTICATORS / "2fas" / "Backup_2026-12-02.2fas", locked / "Sam Rivera")
    asked = []
    monkeypatch.setattr("sys.stdin", Terminal(""))
    monkeypatch.setattr("getpass.getpass", lambda prompt: asked.append(prompt) or PASSWORD)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", DAYS["2026-03-14"])
    status = cli.main(
        [
            "binder",
            str(locked),
            "-o",
            str(tmp_path / "b.pdf"),
            "--state-dir",
            str(tmp_path / "state"),
        ]
    )
    assert status == 0, capsys.readouterr().err
    assert sorted(asked) == sorted(
        f"Vault password of {name} (not shown): " for name in (LOCKED, "Backup_2026-12-02.2fas")
    )


def test_the_cover_counts_the_exports_accounts(family, tmp_path):
    assert mksheet(tmp_path, "binder", str(family))[0] == 0
    cover = flat(page_texts((tmp_path / "Rivera-binder.pdf").read_bytes())[0])
    assert "2 people · 10 accounts" in cover  # GitHub, 8 in the export, Discord
    assert "Jordan Rivera: 9 accounts" in cover


def test_a_vault_that_takes_fewer_pages_needs_the_whole_binder(family, tmp_path):
    assert mksheet(tmp_path, "binder", str(family))[0] == 0
    export = family / "Jordan Rivera" / PLAIN
    data = json.loads(export.read_text())
    data["db"]["entries"] = data["db"]["entries"][:6]  # one card page instead of two
    export.write_text(json.dumps(data))
    code, _, err = mksheet(tmp_path, "binder", str(family), "--changed", day="2026-04-02")
    assert code == 1 and "page numbers moved" in err and "without --changed" in err
    assert not (tmp_path / "Rivera-binder-changes.pdf").exists()


def test_a_ledger_from_before_page_ranges_reads_one_page_each(tmp_path):
    from sheets.ledger import store as state

    where = str(tmp_path / "state")
    record = state.BinderRecord("Rivera", "2026-03-14", ("GH-2345",), (3,), 5)
    assert record.lengths == (1,)
    book = state.load(where, create_key=True)
    state.save(state.Ledger(book.folder, book.key, (), (record,), book.key_on_disk))
    path = tmp_path / "state" / state.LEDGER
    data = json.loads(path.read_text())
    del data["binders"][0]["lengths"]
    del data["mac"]  # such a ledger also came before the ledger's MAC
    path.write_text(json.dumps(data))
    assert state.load(where).binders[0].lengths == (1,)
    data["binders"][0]["lengths"] = [1, 2]
    path.write_text(json.dumps(data))
    with pytest.raises(state.DamagedLedger):
        state.load(where)
