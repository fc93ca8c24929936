"""Printing: the lp command line, what happens without CUPS, and a real print through CUPS.

The real print needs a CUPS queue with a virtual PDF printer (`.ci/cups.sh start`, which
prints the MKSHEET_CUPS_* variables to export). Under CI (MKSHEET_REQUIRE_TOOLS=1) a missing
queue fails; elsewhere those tests skip with the reason. CUPS calls a job "completed" even when it
printed nothing, so the tests read the printed file itself: text, QR and ruler.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from pathlib import Path

import pypdfium2
import pytest
from conftest import SAMPLES, count_printed, flat, page_texts, qr_payloads, raster, require_tool
from pixels import ink_box, ruler

from sheets import api, cli
from sheets.deliver import printing

GITHUB = SAMPLES / "github-recovery-codes.txt"
CODES = api.read_codes(str(GITHUB)).codes


def run(capsys, *args) -> tuple[int, str, str]:
    status = cli.main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def download(tmp_path) -> Path:
    source = tmp_path / "github-recovery-codes.txt"
    source.write_bytes(GITHUB.read_bytes())
    return source


PASSWORD = "correct horse battery staple"


@pytest.fixture
def password_file(tmp_path) -> Path:
    path = tmp_path / "pw"
    path.write_text(PASSWORD + "\n")
    return path


def assert_no_code_in(*texts: str | bytes) -> None:
    for text in texts:
        blob = text if isinstance(text, bytes) else text.encode("utf-8")
        for code in CODES:
            assert code.encode() not in blob and code.replace("-", "").encode() not in blob


# -- the command line ------------------------------------------------------------------------
def test_lp_command_prints_at_100_percent_with_a_code_free_title():
    job = printing.PrintJob(printing.job_title("GitHub"))
    assert printing.lp_command(job) == [
        "lp",
        "-n",
        "1",
        "-t",
        "GitHub recovery sheet",
        "-o",
        "print-scaling=none",
    ]
    job = printing.PrintJob("GitHub recovery sheet", printer="office", copies=3)
    assert printing.lp_command(job, "/usr/bin/lp") == [
        "/usr/bin/lp",
        "-d",
        "office",
        "-n",
        "3",
        "-t",
        "GitHub recovery sheet",
        "-o",
        "print-scaling=none",
    ]


@pytest.mark.parametrize(
    "stderr, printer, words",
    [
        ("lp: Error - No default destination.\n", None, "no default printer"),
        ("lp: Error - The printer or class does not exist.\n", "office", "no printer named office"),
        ('lp: Destination "office" is not accepting jobs.\n', "office", "not accepting jobs"),
        ("lp: Error - something new\n", None, "lp: Error - something new"),
    ],
)
def test_lp_complaints_become_a_problem_and_what_to_do(stderr, printer, words):
    problem, hint = printing.explain(stderr, printer)
    assert words in problem and hint


def test_request_id():
    assert printing.request_id("request id is office-12 (0 file(s))\n") == "office-12"
    assert printing.request_id("") == ""


# -- without CUPS, and with a stand-in lp --------------------------------------------------------
FAKE_LP = """#!/bin/sh
printf '%s\\n' "$@" > "{folder}/args"
cat > "{folder}/stdin.pdf"
{body}
"""


def fake_lp(folder: Path, monkeypatch, body='echo "request id is fake-7 (0 file(s))"') -> Path:
    """Put a stand-in `lp` first on PATH; it keeps its arguments and standard input."""
    bin_dir = folder / "bin"
    bin_dir.mkdir()
    lp = bin_dir / "lp"
    lp.write_text(FAKE_LP.format(folder=folder, body=body))
    lp.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}/usr/bin{os.pathsep}/bin")
    return folder


def test_without_lp_one_line_says_so_and_the_pdf_is_written(
    download, tmp_path, monkeypatch, capsys
):
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    status, out, err = run(capsys, str(download), "--print", "--state-dir", str(tmp_path / "s"))
    assert status == 1
    assert err.count("\n") == 1 and "not printed" in err and "`lp`" in err and " — " in err
    assert download.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
    assert out.strip() == str(download.with_suffix(".pdf"))


def test_every_sheet_is_written_before_the_one_printing_error(tmp_path, monkeypatch, capsys):
    files = []
    for sample in (GITHUB, SAMPLES / "Backup-codes-jordan.rivera.txt"):
        files.append(tmp_path / sample.name)
        files[-1].write_bytes(sample.read_bytes())
    fake_lp(tmp_path, monkeypatch, body='echo "lp: Error - No default destination." >&2; exit 1')
    status, _, err = run(capsys, *map(str, files), "--print", "--state-dir", str(tmp_path / "s"))
    assert status == 1
    assert [line for line in err.splitlines() if "not printed" in line] == [
        f"mksheet: {files[0].with_suffix('.pdf')}: not printed: there is no default printer "
        "(or CUPS is not running) — name one with --printer NAME (`lpstat -p` lists them), or "
        "set a default with `lpoptions -d NAME`"
    ]
    assert all(f.with_suffix(".pdf").exists() for f in files)


def test_lp_gets_the_sheet_on_stdin_and_no_code_anywhere_else(
    download, tmp_path, monkeypatch, capsys
):
    folder = fake_lp(tmp_path, monkeypatch)
    status, out, err = run(
        capsys,
        str(download),
        "--printer",
        "office",
        "--copies",
        "2",
        "--state-dir",
        str(tmp_path / "s"),
    )
    assert status == 0, err
    args = (folder / "args").read_text().splitlines()
    assert args == [
        "-d",
        "office",
        "-n",
        "2",
        "-t",
        "GitHub recovery sheet",
        "-o",
        "print-scaling=none",
    ]
    assert (folder / "stdin.pdf").read_bytes() == download.with_suffix(".pdf").read_bytes()
    assert "sent 2 copies to office (CUPS job fake-7)" in err
    assert_no_code_in(out, err, "\n".join(args))
    status, out, _ = run(capsys, "history", "--json", "--state-dir", str(tmp_path / "s"))
    assert json.loads(out)[0]["copies"] == 2


def test_an_encrypted_sheet_is_printed_from_the_plain_copy_in_memory(
    download, password_file, tmp_path, monkeypatch, capsys
):
    folder = fake_lp(tmp_path, monkeypatch)
    status, _, err = run(
        capsys,
        str(download),
        "--print",
        "--password-file",
        str(password_file),
        "--state-dir",
        str(tmp_path / "s"),
    )
    assert status == 0, err
    stored = download.with_suffix(".pdf").read_bytes()
    with pytest.raises(pypdfium2.PdfiumError):
        pypdfium2.PdfDocument(stored)  # the file on disk needs the password
    sent = (folder / "stdin.pdf").read_bytes()
    assert b"/Encrypt" not in sent
    assert qr_payloads(raster(sent)) == qr_payloads(raster(stored, password=PASSWORD))


def test_printing_while_the_pdf_goes_to_stdout(download, tmp_path, monkeypatch, capsysbinary):
    folder = fake_lp(tmp_path, monkeypatch)
    status = cli.main([str(download), "-o", "-", "--print", "--state-dir", str(tmp_path / "s")])
    out, err = capsysbinary.readouterr()
    assert status == 0, err
    assert out.startswith(b"%PDF") and out.rstrip().endswith(b"%%EOF")  # nothing mixed in
    assert (folder / "stdin.pdf").read_bytes() == out
    assert b"sent 1 copy to the default printer" in err


# -- what printing leaves behind --------------------------------------------------------------
STAND_IN_LPSTAT = """#!/bin/sh
[ "$LC_ALL" = C ] || exit 9  # the lines are parsed: they must not come translated
printf 'system default destination: office\\n'
printf 'device for office: {office}\\n'
printf 'device for pdf: cups-pdf:/\\n'
"""


def stand_in_lpstat(tmp_path, monkeypatch, office="ipp://printer.local/ipp/print") -> None:
    bin_dir = tmp_path / "lpstat-bin"
    bin_dir.mkdir()
    (bin_dir / "lpstat").write_text(STAND_IN_LPSTAT.format(office=office))
    (bin_dir / "lpstat").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}/usr/bin{os.pathsep}/bin")


def test_the_warning_names_the_spool_and_no_pdf_folder_for_a_real_printer(tmp_path, monkeypatch):
    stand_in_lpstat(tmp_path, monkeypatch)
    for printer in (None, "office"):  # the default queue is looked up
        line = printing.plain_copy_warning(printer)
        assert "\n" not in line and "/var/spool/cups" in line and "PreserveJobFiles" in line
        assert "unencrypted" in line and "cups-pdf" not in line


def test_the_warning_names_a_cups_pdf_queues_folder(tmp_path, monkeypatch):
    stand_in_lpstat(tmp_path, monkeypatch)
    conf = tmp_path / "cups-pdf.conf"
    conf.write_text("### Key: Out\n#Out ${HOME}/elsewhere\nOut ${HOME}/Printed PDFs\n")
    monkeypatch.setattr(printing, "CUPS_PDF_CONF", str(conf))
    line = printing.plain_copy_warning("pdf")
    assert "/var/spool/cups" in line and "cups-pdf" in line
    assert os.path.join(os.path.expanduser("~"), "Printed PDFs") in line
    conf.unlink()  # unreadable or missing: cups-pdf's own default
    assert os.path.join(os.path.expanduser("~"), "PDF") in printing.plain_copy_warning("pdf")


def test_the_warning_stands_without_lpstat(tmp_path, monkeypatch):
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    line = printing.plain_copy_warning("office")
    assert "/var/spool/cups" in line and "cups-pdf" in line  # it cannot tell: it says both


def test_copies_must_be_one_or_more(download, capsys):
    assert run(capsys, str(download), "--print", "--copies", "0")[0] == 2


# -- a real CUPS server with a virtual PDF printer ------------------------------------------------
@pytest.fixture
def cups() -> tuple[str, Path, Path]:
    """(queue, folder of printed PDFs, spool folder) of the CUPS test server."""
    printer, out = os.environ.get("MKSHEET_CUPS_PRINTER"), os.environ.get("MKSHEET_CUPS_OUT")
    if not (printer and out):
        why = (
            "needs a CUPS test queue: run `.ci/cups.sh start` as root and export the "
            "MKSHEET_CUPS_* lines it prints"
        )
        if os.environ.get("MKSHEET_REQUIRE_TOOLS"):
            pytest.fail(f"CI must print for real: {why}")
        pytest.skip(why)
    require_tool("lp", "pdftotext")
    return printer, Path(out), Path(os.environ.get("MKSHEET_CUPS_SPOOL", "/var/spool/cups"))


def print_for_real(capsys, printer: str, *args: str) -> tuple[str, str]:
    """Run mksheet with --printer; return (CUPS job id, stderr)."""
    status, _, err = run(capsys, *args, "--printer", printer)
    assert status == 0, err
    job = re.search(r"CUPS job (\S+)\)", err)
    assert job, err
    return job.group(1), err


def printed_file(out: Path, printer: str, job: str, timeout: float = 60) -> bytes:
    """The PDF cups-pdf wrote for the job, once the job has left the queue."""
    number = job.rsplit("-", 1)[-1]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        queued = subprocess.run(["lpstat", "-o", printer], capture_output=True, text=True).stdout
        found = sorted(out.glob(f"job_{number}-*.pdf"))
        if found and not re.search(rf"^{re.escape(job)}\s", queued, re.M):
            return found[0].read_bytes()
        time.sleep(0.2)
    pytest.fail(f"job {job} left no file in {out} within {timeout} s (see build/cups/cupsd.log)")


def check_printout(printed: bytes, payloads: list[str]) -> None:
    """The paper copy holds the sheet: one page, the same QR text, every code, a 50 mm ruler."""
    assert printed.startswith(b"%PDF")
    document = pypdfium2.PdfDocument(printed)
    assert len(document) == 1
    document.close()
    assert qr_payloads(raster(printed, 150)) == payloads
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=printed, capture_output=True, check=True
    ).stdout.decode("utf-8")
    assert "recovery codes" in text
    assert all(code in text for code in CODES), "a code is missing from the printed text"
    page = raster(printed, 300)
    assert ruler(page, 300)["line"] == pytest.approx(50, abs=0.25), "the printer scaled the page"
    left, top, right, bottom = ink_box(page)
    assert left > 0 and top > 0 and right < page.width and bottom < page.height, "cut off"


def job_attributes(spool: Path, job: str) -> bytes:
    """CUPS's control file for the job: its IPP attributes, as CUPS keeps them."""
    control = spool / f"c{int(job.rsplit('-', 1)[-1]):05d}"
    assert control.exists(), f"{control} is missing (is PreserveJobFiles off?)"
    return control.read_bytes()


def test_a_real_print_through_cups(cups, download, tmp_path, capsys):
    printer, out, spool = cups
    job, err = print_for_real(
        capsys, printer, str(download), "--copies", "2", "--state-dir", str(tmp_path / "s")
    )
    written = download.with_suffix(".pdf").read_bytes()
    printed = printed_file(out, printer, job)
    assert printed != written  # it went through CUPS's filters, not around them
    check_printout(printed, qr_payloads(raster(written, 150)))
    attributes = job_attributes(spool, job)
    assert b"\x42\x00\x08job-name\x00\x15GitHub recovery sheet" in attributes
    assert b"\x21\x00\x06copies\x00\x04\x00\x00\x00\x02" in attributes
    assert_no_code_in(attributes, err)
    for log in Path("/var/log/cups").glob("*"):
        if log.is_file():
            assert_no_code_in(log.read_bytes())


def test_a_letter_sheet_prints_whole_on_the_queue_paper(cups, download, tmp_path, capsys):
    printer, out, _ = cups
    job, _ = print_for_real(
        capsys, printer, str(download), "--paper", "letter", "--state-dir", str(tmp_path / "s")
    )
    written = download.with_suffix(".pdf").read_bytes()
    check_printout(printed_file(out, printer, job), qr_payloads(raster(written, 150)))


def print_encrypted(capsys, printer: str, download: Path, password_file: Path) -> str:
    """Print the download as an encrypted sheet through the queue; the CUPS job's id."""
    job, _ = print_for_real(
        capsys,
        printer,
        str(download),
        "--password-file",
        str(password_file),
        "--state-dir",
        str(download.parent / "s"),
    )
    return job


def test_an_encrypted_sheet_prints_for_real(cups, download, password_file, capsys):
    """CUPS prints nothing from a password-protected PDF, so mksheet sends the plain one."""
    printer, out, _ = cups
    job = print_encrypted(capsys, printer, download, password_file)
    stored = download.with_suffix(".pdf").read_bytes()
    expected = qr_payloads(raster(stored, 150, password=PASSWORD))
    check_printout(printed_file(out, printer, job), expected)


def test_printing_an_encrypted_sheet_leaves_plain_copies_where_the_warning_says(
    cups, download, password_file, capsys
):
    """No per-job request keeps CUPS 2.4 from keeping the job file (it knows no
    job-retain-until, and a completed job cannot be purged): the warning is the answer, and
    here is the proof that what it names is there, unencrypted, with every code."""
    printer, out, spool = cups
    job = print_encrypted(capsys, printer, download, password_file)
    printed = printed_file(out, printer, job)
    line = printing.plain_copy_warning(printer)
    assert str(out) in line and str(spool) in line
    kept = spool / f"d{int(job.rsplit('-', 1)[-1]):05d}-001"  # CUPS's copy of the job's file
    for plain in (printed, kept.read_bytes()):
        assert b"/Encrypt" not in plain
        text = flat(page_texts(plain)[0])
        assert all(count_printed(code, text) for code in CODES)
