"""`mksheet verify` reads authenticator cards back: the card codes, the restore codes, the
deck's serial and its ledger standing, from the PDF, a damaged PDF and a phone photo."""

from __future__ import annotations

import io
import json
import shutil
from types import SimpleNamespace

import pikepdf
import pytest
from conftest import AUTHENTICATORS, authenticator_cases
from test_verify import photo

from sheets import cli, verify
from sheets.make.compose import deck_for
from sheets.model import OtpEntry, Vault
from sheets.render.deck import render_pdf

CASES = {path.name: expected for path, expected in authenticator_cases()}
PLAIN = "aegis-export-plain-20261201-101500.json"  # 8 accounts: two card pages

DAY = "2026-12-02"  # the print date of the decks made here


def run(capsys, *args) -> tuple[int, str, str]:
    status = cli.main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def deck(tmp_path, capsys):
    """The plain Aegis export's cards made by the CLI: (pdf, state dir, serial)."""
    shutil.copy(AUTHENTICATORS / "aegis" / PLAIN, tmp_path / PLAIN)
    state = tmp_path / "state"
    status, _, err = run(capsys, str(tmp_path / PLAIN), "--state-dir", str(state))
    assert status == 0, err
    status, out, _ = run(capsys, "history", "--json", "--state-dir", str(state))
    return tmp_path / PLAIN.replace(".json", ".pdf"), state, json.loads(out)[0]["serial"]


def verify_json(capsys, path, state, expected: int = 0) -> dict:
    status, out, err = run(capsys, "verify", str(path), "--json", "--state-dir", str(state))
    assert status == expected, err
    return json.loads(out)


def secrets_in(text: str) -> list[str]:
    return [e["secret"] for e in CASES[PLAIN]["entries"] if e["secret"] in text]


def test_a_deck_reads_back_whole_and_current(deck, capsys):
    pdf, state, serial = deck
    info = verify_json(capsys, pdf, state)
    entries = CASES[PLAIN]["entries"]
    assert info["kind"] == "authenticator" and info["provider"] == "aegis"
    assert info["serial"] == serial and info["status"] == "current", info["status_note"]
    assert info["accounts"] == info["cards"] == info["cards_printed"] == len(entries)
    assert info["restore_complete"] is True and info["missing_cards"] == []
    assert info["codes"] == [] and not secrets_in(json.dumps(info))
    names = [f"{e['issuer']} ({e['account']})" if e["issuer"] else e["account"] for e in entries]
    assert info["names"] == names


def test_the_summary_says_it_in_words_and_holds_no_key(deck, capsys):
    pdf, state, serial = deck
    status, out, err = run(capsys, "verify", str(pdf), "--state-dir", str(state))
    assert status == 0, err
    assert "8 read of 8 printed" in out and "exactly the cards' accounts" in out
    assert f"serial:    {serial}" in out and "status:    current" in out
    assert not secrets_in(out + err)


def test_a_missing_card_page_is_named(deck, tmp_path, capsys):
    pdf, state, serial = deck
    damaged = tmp_path / "damaged.pdf"
    with pikepdf.open(pdf) as document:
        heads = [n for n, page in enumerate(document.pages)]
        del document.pages[heads[-2]]  # the second card page (cards 7-8), before the restore page
        document.save(damaged)
    info = verify_json(capsys, damaged, state, expected=1)  # printed, then exit 1
    assert info["cards"] == 6 and info["accounts"] == 8  # the restore codes hold the other two
    assert "cards 7-8 of 8" in info["missing_cards"]
    assert any("the card of" in text for text in info["missing_cards"])
    assert info["restore_complete"] is False
    assert info["serial"] == serial and "only part of the deck" in info["status_note"]


def test_other_accounts_under_a_known_serial_are_flagged(deck, tmp_path, capsys):
    """The ledger's fingerprint is rebuilt from the decoded entries: another set fails it."""
    _pdf, state, serial = deck
    entries = tuple(OtpEntry(**e) for e in CASES[PLAIN]["entries"][:-1])
    chosen = SimpleNamespace(
        entry=SimpleNamespace(serial=serial, last_printed="2026-12-02", owner=None),
        copy=1,
        replaces=None,
    )
    forged = tmp_path / "forged.pdf"
    forged.write_bytes(render_pdf(deck_for(Vault("aegis", entries), None, chosen, "x"), "a4"))
    status, out, err = run(capsys, "verify", str(forged), "--json", "--state-dir", str(state))
    assert status == 1 and err.count("\n") == 1 and err.startswith(f"mksheet: {forged}: ")
    info = json.loads(out)
    assert info["serial"] == serial and info["cards"] == 7 and info["restore_complete"]
    assert info["status"] == "mismatch"
    assert info["status_note"] == f"its accounts are not the set recorded for {serial}"
    assert not secrets_in(out + err)


def test_a_photo_of_the_restore_page_finds_its_serial_in_the_ledger(deck, tmp_path, capsys):
    pdf, state, serial = deck
    pages = len(pikepdf.open(pdf).pages)
    shot = tmp_path / "restore.jpg"
    shot.write_bytes(photo_of(pdf.read_bytes(), pages - 1))
    info = verify_json(capsys, shot, state)
    fit = [
        e for e in CASES[PLAIN]["entries"] if e["period"] in (30, None) and e["digits"] in (6, 8)
    ]
    assert info["serial"] == serial and info["cards"] == 0 and info["accounts"] == len(fit)
    assert info["missing_restore_codes"] == [] and info["status"] == "current"
    assert info["missing_cards"] == [] and info["restore_complete"] is True
    assert "only part" not in info["status_note"] and "not the set" not in info["status_note"]


def test_the_restore_page_alone_reports_its_accounts_and_codes(deck, tmp_path, capsys):
    """Issue 25: never "0 cards read", never an alarm about cards it was not shown."""
    pdf, state, _ = deck
    shot = tmp_path / "restore.jpg"
    shot.write_bytes(photo_of(pdf.read_bytes(), len(pikepdf.open(pdf).pages) - 1))
    status, out, err = run(capsys, "verify", str(shot), "--state-dir", str(state))
    assert status == 0, err
    rows = dict(line.split(":", 1) for line in out.splitlines())
    assert rows["cards"].strip() == "none on these pages"
    assert rows["restore"].strip().startswith("1 of 1 read, holding ")
    assert "0 read" not in out and "missing" not in out and "do not hold" not in out


def test_a_restore_code_not_in_the_picture_is_exit_1(tmp_path, capsys):
    """Two restore codes printed, one photographed: it says which, after what it read."""
    from conftest import raster

    from sheets.make.compose import deck_for

    entries = tuple(
        OtpEntry("totp", f"Site {n}", f"user{n}", "JBSWY3DPEHPK3PXP") for n in range(14)
    )
    deck_pdf = render_pdf(deck_for(Vault("aegis", entries, "x.json"), None, None, DAY), "a4")
    pages = len(pikepdf.open(io.BytesIO(deck_pdf)).pages)
    picture = raster(deck_pdf, 150, pages - 1)
    shot = tmp_path / "half.png"
    picture.crop((0, 0, picture.width // 2, picture.height)).save(shot)  # code 1 of 2 only
    info = verify_json(capsys, shot, tmp_path / "state", expected=1)
    assert info["restore_codes"] == 2 and info["missing_restore_codes"] == [2]
    status, out, err = run(capsys, "verify", str(shot), "--state-dir", str(tmp_path / "s"))
    assert status == 1 and "missing 2 of 2" in out
    assert err.strip().endswith("restore code 2 of 2 not read — " + verify.EVERY_PAGE)


def test_a_photo_too_small_to_read_says_so(deck, tmp_path, capsys):
    """A card page photographed 500 pixels wide: its symbols are found but not read."""
    from conftest import raster
    from pixels import phone_photo

    pdf, state, _ = deck
    shot = tmp_path / "far.jpg"
    phone_photo(raster(pdf.read_bytes(), 200, 1), 560).save(shot)
    status, out, err = run(capsys, "verify", str(shot), "--state-dir", str(state))
    assert status == 1 and out == ""
    assert "too small or blurred to read — photograph closer" in err
    assert "no QR code found" not in err and "missing" not in err


def test_a_photo_of_a_card_page_reads_its_cards(deck, tmp_path, capsys):
    pdf, state, _ = deck
    shot = tmp_path / "cards.jpg"
    shot.write_bytes(photo_of(pdf.read_bytes(), 1))
    info = verify_json(capsys, shot, state)
    assert info["cards"] == 6 and info["serial"] is None and info["status"] == "unrecorded"


def photo_of(pdf: bytes, page: int) -> bytes:
    """test_verify.photo of one page of a PDF."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        single = pikepdf.new()
        single.pages.append(document.pages[page])
        buffer = io.BytesIO()
        single.save(buffer)
    return photo(buffer.getvalue())


def test_a_key_with_unused_trailing_bits_reads_back_whole(tmp_path, capsys):
    """A typed secret whose last character sets bits past the key's last byte: the cards,
    the restore QR and the ledger's fingerprint all agree on it."""
    export = tmp_path / "my-2fa-backup-uris.txt"
    export.write_text(
        "otpauth://totp/Example:jo?secret=ADQOKFWGL2&issuer=Example\n"
        "otpauth://totp/Other:me?secret=JBSWY3DPEHPK3PXP&issuer=Other\n"
    )
    state = tmp_path / "state"
    status, _, err = run(capsys, str(export), "--state-dir", str(state))
    assert status == 0, err
    info = verify_json(capsys, tmp_path / "my-2fa-backup-uris.pdf", state)
    assert info["accounts"] == info["cards"] == 2 and info["missing_cards"] == []
    assert info["restore_complete"] is True and info["status"] == "current"


@pytest.mark.parametrize("at", [1, 6, 8], ids=["same-page", "next-page", "last"])
def test_a_vault_with_two_identical_entries_verifies_whole_and_current(tmp_path, capsys, at):
    """The same account twice prints two identical cards (and restore entries): both count."""
    document = json.loads((AUTHENTICATORS / "aegis" / PLAIN).read_text("utf-8"))
    twin = dict(document["db"]["entries"][0], uuid="0e5a3c2e-0000-4000-8000-000000000000")
    document["db"]["entries"].insert(at, twin)
    export = tmp_path / PLAIN
    export.write_text(json.dumps(document), "utf-8")
    state = tmp_path / "state"
    status, _, err = run(capsys, str(export), "--state-dir", str(state))
    assert status == 0, err
    status, out, err = run(
        capsys, "verify", str(export.with_suffix(".pdf")), "--json", "--state-dir", str(state)
    )
    assert status == 0, err
    info = json.loads(out)
    assert info["cards"] == info["cards_printed"] == 9 and info["missing_cards"] == []
    assert info["restore_complete"] is True
    assert (info["status"], info["status_note"]) == ("current", "")
