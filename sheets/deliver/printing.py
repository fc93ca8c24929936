"""Send a finished sheet to a CUPS printer with `lp`, the PDF on standard input.

The job title names the provider only: CUPS shows titles in queues, logs, web pages and
banner pages, so neither a code nor the account ever goes into it. Pages print at 100 %
(`print-scaling=none`) so the sheet's 50 mm ruler stays 50 mm; the media is left to the
printer, since the content fits both A4 and Letter.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass

from sheets.errors import PrintError

TIMEOUT = 60  # seconds for lp to hand the job to the scheduler
AT_100 = 'open the PDF and print it yourself at 100 % ("actual size")'


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
    return command + ["-n", str(job.copies), "-t", job.title, "-o", "print-scaling=none"]


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
