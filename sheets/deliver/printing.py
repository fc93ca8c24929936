"""Send a finished sheet to a CUPS printer with `lp`, the PDF on standard input.

The job title names the provider only: CUPS shows titles in queues, logs, web pages and
banner pages, so neither a code nor the account ever goes into it. Pages print at 100 %
(`print-scaling=none`) so the sheet's 50 mm ruler stays 50 mm; the media is left to the
printer, since the content fits both A4 and Letter.

What printing leaves behind: a printer cannot open a password-protected PDF, so an
encrypted sheet is printed from its plain bytes, and CUPS keeps each job's file in its spool
after printing (PreserveJobFiles in cupsd.conf: a day by default); a cups-pdf queue also
writes every job as a PDF into its output folder, for good. No per-job request stops that:
CUPS 2.4 knows no job-retain-until (PWG 5100.7), takes `lp -o job-retain-until=none` and
keeps the file anyway, and refuses to purge a job once completed (`cancel -x`: "already
completed - can't cancel"). So `plain_copy_warning` says where the copies may be, before an
encrypted sheet is printed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass

from sheets.errors import PrintError

TIMEOUT = 60  # seconds for lp to hand the job to the scheduler
AT_100 = 'open the PDF and print it yourself at 100 % ("actual size")'
SPOOL = "/var/spool/cups"  # CUPS's RequestRoot, as every distribution builds it
CUPS_PDF_CONF = "/etc/cups/cups-pdf.conf"
CUPS_PDF_OUT = "${HOME}/PDF"  # cups-pdf's default output folder
LPSTAT_TIMEOUT = 5  # seconds: the warning must not hold up the print for long


@dataclass(frozen=True)
class PrintJob:
    """One `lp` request: where, how many, and the (code-free) title."""

    title: str
    printer: str | None = None  # None: the CUPS default destination
    copies: int = 1


def job_title(provider_name: str) -> str:
    """The job title CUPS shows: the provider's name, nothing secret."""
    return f"{provider_name} recovery sheet"


def lp_command(job: PrintJob, lp: str = "lp") -> list[str]:
    """The lp command line; with no file name lp reads the PDF from standard input."""
    command = [lp]
    if job.printer:
        command += ["-d", job.printer]
    return [*command, "-n", str(job.copies), "-t", job.title, "-o", "print-scaling=none"]


def send(pdf: bytes, job: PrintJob, target: str) -> str:
    """Print pdf; return CUPS's request id. PrintError (naming target) when it cannot."""
    lp = shutil.which("lp")
    if lp is None:
        raise PrintError(
            target,
            "not printed: the CUPS command `lp` is not installed",
            f"install CUPS (Debian: apt install cups cups-bsd), or {AT_100}",
        )
    try:
        done = subprocess.run(lp_command(job, lp), input=pdf, capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        raise PrintError(
            target,
            f"not printed: lp did not answer in {TIMEOUT} s",
            f"check CUPS with `lpstat -t`, or {AT_100}",
        ) from None
    if done.returncode != 0:
        problem, hint = explain(done.stderr.decode("utf-8", "replace"), job.printer)
        raise PrintError(target, f"not printed: {problem}", hint)
    return request_id(done.stdout.decode("utf-8", "replace"))


def explain(stderr: str, printer: str | None) -> tuple[str, str]:
    """lp's complaint as (problem, what to do)."""
    if "No default destination" in stderr:
        return (
            "there is no default printer (or CUPS is not running)",
            "name one with --printer NAME (`lpstat -p` lists them), or set a default "
            "with `lpoptions -d NAME`",
        )
    if "does not exist" in stderr:
        return (
            f"CUPS knows no printer named {printer}" if printer else "no such printer",
            "`lpstat -p` lists the printers (and `lpstat -r` whether CUPS is running)",
        )
    if "not accepting jobs" in stderr:
        return (
            f"printer {printer or '(default)'} is not accepting jobs",
            f"enable it with `cupsaccept NAME` and `cupsenable NAME`, or {AT_100}",
        )
    first = next((line.strip() for line in stderr.splitlines() if line.strip()), "lp failed")
    return first[:160], f"check CUPS with `lpstat -t`, or {AT_100}"


def request_id(stdout: str) -> str:
    """`request id is office-12 (0 file(s))` -> `office-12` (empty if lp said nothing)."""
    match = re.search(r"request id is (\S+)", stdout)
    return match.group(1) if match else ""


def plain_copy_warning(printer: str | None) -> str:
    """The one warning line before an encrypted sheet is printed: where the queue may keep
    the unencrypted copy it is sent (printer None: the CUPS default destination)."""
    device = queue_device(printer)
    line = (
        f"the printer gets the sheet unencrypted, and CUPS keeps that copy in its spool "
        f"({SPOOL}) for a day by default (PreserveJobFiles in cupsd.conf)"
    )
    saved = (
        f"also saves it as a PDF in {cups_pdf_folder()}: delete that file once the paper is printed"
    )
    if device is None:  # lpstat cannot tell: say what a PDF printer would do
        line += f"; if the queue is a PDF printer (cups-pdf), it {saved}"
    elif device.startswith("cups-pdf:"):
        line += f"; this queue (cups-pdf) {saved}"
    return line


def queue_device(printer: str | None) -> str | None:
    """The device URI of the queue (`cups-pdf:/`, `ipp://...`), or None when lpstat cannot say."""
    lpstat = shutil.which("lpstat")
    if lpstat is None:
        return None
    try:
        done = subprocess.run(
            [lpstat, "-d", "-v"],
            capture_output=True,
            timeout=LPSTAT_TIMEOUT,
            env={**os.environ, "LC_ALL": "C"},  # its lines are parsed: untranslated
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = done.stdout.decode("utf-8", "replace")
    default = re.search(r"^system default destination: (\S+)$", text, re.M)
    name = printer or (default.group(1) if default else None)
    devices = dict(re.findall(r"^device for ([^:\s]+): (\S+)$", text, re.M))
    return devices.get(name) if name else None


def cups_pdf_folder(conf: str | None = None) -> str:
    """Where cups-pdf writes this user's jobs: its Out setting, ${HOME} expanded."""
    out = CUPS_PDF_OUT
    try:
        with open(conf or CUPS_PDF_CONF, encoding="utf-8", errors="replace") as f:
            found = re.findall(r"^[ \t]*Out[ \t]+(.+?)[ \t]*$", f.read(64_000), re.M)
        out = found[-1] if found else out
    except OSError:
        pass
    return out.replace("${HOME}", os.path.expanduser("~"))
