"""`mksheet EXPORT`: the cards PDF beside the export, private, encrypted on request, in the
ledger by a fingerprint only, and no key on any other channel."""

from __future__ import annotations

import json
import os
import shutil
import stat

import pikepdf
import pypdfium2
import pytest
from conftest import AUTHENTICATORS, SAMPLES, authenticator_cases, qr_payloads, raster, run_cli

PASSWORD = "correct horse battery staple"
CASES = {path.name: expected for path, expected in authenticator_cases()}
PLAIN = "aegis-export-plain-20261201-101500.json"
LOCKED = "aegis-export-20261201-101700.json"


@pytest.fixture
def work(tmp_path):
    for name, sub in ((PLAIN, "aegis"), (LOCKED, "aegis")):
        shutil.copy(AUTHENTICATORS / sub / name, tmp_path / name)
    (tmp_path / "vault-pw").write_text(PASSWORD + "\n")
    (tmp_path / "pdf-pw").write_text("a different pdf password\n")
    os.chmod(tmp_path / "vault-pw", 0o600)
    os.chmod(tmp_path / "pdf-pw", 0o600)
    return tmp_path


def mksheet(work, *args):
    done = run_cli(*args, "--state-dir", str(work / "state"), cwd=work)
    return done.returncode, done.stdout.decode(), done.stderr.decode()


def secrets_in(text: str) -> list[str]:
    return [
        e["secret"]
        for x in CASES.values()
        for e in x["entries"]
        if e["secret"] in text or e["secret"].lower() in text.lower()
    ]


def test_cards_beside_the_export_private_and_scannable(work):
    code, out, err = mksheet(work, LOCKED, "--vault-password-file", "vault-pw")
    assert code == 0, err
    assert "encrypted with the export's password" in err  # says which it did
    pdf = work / LOCKED.replace(".json", ".pdf")
    assert out.strip() == str(pdf.name) or out.strip().endswith(pdf.name)
    assert stat.S_IMODE(os.stat(pdf).st_mode) == 0o600
    with pytest.raises(pypdfium2.PdfiumError):  # locked like the export it came from
        pypdfium2.PdfDocument(pdf.read_bytes())
    page = raster(pdf.read_bytes(), 150, 1, password=PASSWORD)
    found = [t for t in qr_payloads(page) if "otpauth://" in t]
    assert len(found) == len(CASES[LOCKED]["entries"])
    assert not secrets_in(out + err)
    history = json.loads(mksheet(work, "history", "--json")[1])
    assert [(h["kind"], h["serial"][:4]) for h in history] == [("authenticator", "OTP-")]
    state = "".join(
        p.read_bytes().decode("latin-1") for p in (work / "state").rglob("*") if p.is_file()
    )
    assert not secrets_in(state)


def test_plain_writes_an_encrypted_exports_cards_unencrypted_and_says_so(work):
    code, _, err = mksheet(work, LOCKED, "--vault-password-file", "vault-pw", "--plain")
    assert code == 0 and "unencrypted (--plain)" in err
    pdf = (work / LOCKED.replace(".json", ".pdf")).read_bytes()
    assert any("otpauth://" in t for t in qr_payloads(raster(pdf, 150, 1)))
    code, _, err = mksheet(work, PLAIN, "-o", "plain.pdf")  # a plain export: nothing to say
    assert code == 0 and "encrypted" not in err.replace("not encrypted", "")


def test_the_parting_advice_fits_what_was_read(work):
    """An export is not 'the downloaded code files'; with a code file beside it, both lines."""
    err = mksheet(work, PLAIN)[2]
    assert "downloaded code files" not in err and "export that is not encrypted" in err
    shutil.copy(SAMPLES / "github-recovery-codes.txt", work / "github-recovery-codes.txt")
    err = mksheet(work, PLAIN, "github-recovery-codes.txt", "--force")[2]
    assert "downloaded code files" in err and "export that is not encrypted" in err


def test_a_wrong_vault_password_is_one_line(work):
    (work / "vault-pw").write_text("not it\n")
    code, _, err = mksheet(work, LOCKED, "--vault-password-file", "vault-pw")
    assert code == 1 and len(err.strip().splitlines()) == 1 and "password" in err
    assert not (work / LOCKED.replace(".json", ".pdf")).exists()


def test_encrypted_letter_pdf_opens_with_its_password_only(work):
    code, _, err = mksheet(
        work, PLAIN, "-o", "cards.pdf", "--paper", "letter", "--password-file", "pdf-pw"
    )
    assert code == 0, err
    data = (work / "cards.pdf").read_bytes()
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(work / "cards.pdf")
    with pikepdf.open(work / "cards.pdf", password="a different pdf password") as doc:
        assert [round(float(v)) for v in doc.pages[0].MediaBox][2:] == [612, 792]
    assert not secrets_in(data.decode("latin-1"))
    page = raster(data, 150, 1, password="a different pdf password")
    assert len([t for t in qr_payloads(page) if t.startswith("otpauth://")]) == 6


def test_a_changed_vault_replaces_the_earlier_cards(work):
    assert mksheet(work, PLAIN, "-o", "one.pdf")[0] == 0
    again = mksheet(work, PLAIN, "-o", "one.pdf")  # the same vault: the same sheet
    assert again[0] == 0 and "replaces" not in again[2]
    vault = json.loads((work / PLAIN).read_text())
    vault["db"]["entries"][0]["info"]["secret"] = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    (work / "changed.json").write_text(json.dumps(vault))
    code, _, err = mksheet(work, "changed.json", "-o", "two.pdf")  # whose? nothing says
    first, other = json.loads(mksheet(work, "history", "--json")[1])
    assert code == 0 and f"--replaces {first['serial']}" in err and "replaces sheet" not in err
    assert (first["status"], other["status"], first["name"]) == ("current", "current", "Aegis")
    vault["db"]["entries"][0]["info"]["secret"] = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXQ"
    (work / "changed.json").write_text(json.dumps(vault))
    code, _, err = mksheet(work, "changed.json", "-o", "two.pdf", "--replaces", first["serial"])
    assert code == 0, err
    first, _, second = json.loads(mksheet(work, "history", "--json")[1])
    assert f"replaces sheet {first['serial']}" in err
    assert (first["status"], second["replaces"]) == ("superseded", first["serial"])


def test_print_sends_the_cards_and_counts_the_paper(work):
    bin_dir = work / "bin"
    bin_dir.mkdir()
    (bin_dir / "lp").write_text(
        f'#!/bin/sh\nprintf "%s\\n" "$@" > "{work}/args"\n'
        f'cat > "{work}/stdin.pdf"\necho "request id is fake-7"\n'
    )
    (bin_dir / "lp").chmod(0o755)
    done = run_cli(
        PLAIN,
        "--print",
        "--copies",
        "2",
        "--state-dir",
        str(work / "state"),
        cwd=work,
        env={"PATH": f"{bin_dir}:/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    assert "-t\nAuthenticator cards\n" in (work / "args").read_text()
    assert (work / "stdin.pdf").read_bytes()[:5] == b"%PDF-"
    assert b"sent 2 copies" in done.stderr
    assert json.loads(mksheet(work, "history", "--json")[1])[0]["copies"] == 2


def test_same_clock_same_bytes(work):
    env = {"SOURCE_DATE_EPOCH": "1796169600"}
    outs = []
    for name in ("a.pdf", "b.pdf"):
        done = run_cli(PLAIN, "-o", name, "--state-dir", str(work / "state"), cwd=work, env=env)
        assert done.returncode == 0, done.stderr
        outs.append((work / name).read_bytes())
    assert outs[0] == outs[1]


# -- entries too large for any QR code ------------------------------------------------------------
def _huge(document, **info):
    """The first entry with its issuer, name or key made long."""
    entry = document["db"]["entries"][0]
    entry.update({k: v for k, v in info.items() if k in ("issuer", "name")})
    entry["info"].update({k: v for k, v in info.items() if k == "secret"})


def _ten_long_names(document):
    """Ten accounts whose cards each scan but whose restore code would hold 3 KB."""
    first = document["db"]["entries"][0]
    document["db"]["entries"] = [
        {**first, "issuer": f"{n}" + "I" * 99, "name": "N" * 100, "uuid": f"u-{n}"}
        for n in range(10)
    ]


@pytest.mark.parametrize(
    "edit",
    [
        lambda d: _huge(d, issuer="I" * 2000),
        lambda d: _huge(d, name="n" * 3000),
        lambda d: _huge(d, secret="AB" * 2400),  # 3,000 bytes of key
        _ten_long_names,
    ],
    ids=["issuer", "name", "key", "restore"],
)
@pytest.mark.parametrize("command", [(), ("binder",)])
def test_an_entry_too_large_for_any_qr_code_is_one_line(work, edit, command):
    document = json.loads((work / PLAIN).read_text("utf-8"))
    edit(document)
    if command:  # the same export in a household's binder
        (work / "family" / "Jordan").mkdir(parents=True)
        (work / "family" / "Jordan" / PLAIN).write_text(json.dumps(document), "utf-8")
        code, out, err = mksheet(work, "binder", "family", "-o", "binder.pdf")
    else:
        (work / PLAIN).write_text(json.dumps(document), "utf-8")
        code, out, err = mksheet(work, PLAIN, "-o", "cards.pdf")
    assert code == 1, err
    assert "internal error" not in err and "Traceback" not in err
    assert err.startswith("mksheet: ") and " — " in err
    assert "QR" in err or "longer than any key" in err  # a key that long is refused on reading
    assert len(err.strip().splitlines()) <= 2, err  # the binder adds "1 problem (listed above)"
    assert not list(work.glob("*.pdf"))
    assert not secrets_in(out + err)
