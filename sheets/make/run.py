"""`mksheet FILE...`: a sheet for each code file and cards for each authenticator export.

One run, whatever the mix of inputs: every input is read and every target checked before
anything is written; then, holding the state folder's lock once, every job is planned
against the ledger, and each is composed, written (atomic, 0600, encrypted with --encrypt)
and recorded, sent to CUPS with --print, and its input shredded with --shred-source once
that is safe. The same steps make the binder (sheets.make.binder).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from sheets import ledger
from sheets.deliver import files, signals
from sheets.errors import OutputError, PrintError
from sheets.ledger import Plan, folder, store
from sheets.ledger.store import Ledger
from sheets.make import compose, steps
from sheets.make.steps import Voice
from sheets.model import Job
from sheets.read import inputs

SHRED_WARNING = (
    "overwritten and deleted; SSDs, cloud sync, backups and copy-on-write file "
    "systems may still keep copies of the codes"
)


@dataclass(frozen=True)
class MakeOptions:
    """Everything `mksheet FILE...` was asked to do."""

    files: tuple[str, ...]
    output: str | None = None
    force: bool = False
    owner: str | None = None
    account: str | None = None
    provider: str | None = None
    service: str | None = None  # the name of a website no provider module knows
    paper: str = "a4"
    password: str | None = field(default=None, repr=False)  # set: write AES-256 encrypted PDFs
    shred_source: bool = False
    state_dir: str | None = None  # the ledger's folder; None: $XDG_STATE_HOME/mksheet
    copies: int = 1  # paper copies --print prints of each sheet (the ledger counts them)
    to_printer: bool = False  # send each sheet to CUPS once it is written
    printer: str | None = None  # the CUPS queue; None: the default printer
    vault_password_file: str | None = None  # an encrypted export's password (else asked)


def target_for(path: str, output_option: str | None) -> str:
    """Where a sheet goes: -o, else beside the input with .pdf."""
    return output_option or os.path.splitext(path)[0] + ".pdf"


def make(opts: MakeOptions, today: str, voice: Voice) -> tuple[Job, ...]:
    """Read every input, check every target, then plan, write, record and print each job;
    returns the jobs made."""
    jobs = tuple(read_job(path, opts, voice) for path in opts.files)
    targets = [target_for(path, opts.output) for path in opts.files]
    check_targets(opts, targets)
    where = folder.folder(opts.state_dir)
    with folder.locked(where, voice.say):  # load, plan, write, record: one run at a time
        _make_locked(opts, jobs, targets, store.load(where, create_key=True), today, voice)
    return jobs


def read_job(path: str, opts: MakeOptions, voice: Voice) -> Job:
    """One input read: a code file's codes, or an export's accounts."""
    content = inputs.read(
        path,
        provider=opts.provider,
        account=opts.account,
        service=opts.service,
        vault_password_file=opts.vault_password_file,
        warn=voice.warn,
    )
    return Job(content, opts.owner, path)


def _make_locked(
    opts: MakeOptions,
    jobs: tuple[Job, ...],
    targets: list[str],
    book: Ledger,
    today: str,
    voice: Voice,
) -> None:
    from sheets.render.compose import measurer

    planned = steps.plan(book, jobs, today)
    if planned.refused:
        raise planned.refused[0][1]
    check_replaced_files(book, targets, planned.plans, opts.force)
    measure, not_printed = measurer(), None  # the first printing failure, raised at the end
    for job, target, chosen in zip(jobs, targets, planned.plans):
        assert chosen is not None  # refusals stopped the run above
        for warning in job.content.warnings:
            voice.warn(job.file, warning)
        drawn = compose.pdf(job, chosen, opts.paper, today, measure)
        pdf, book = write_and_commit(book, drawn, target, chosen, opts, today, voice)
        for note in chosen.notes:
            voice.warn(job.file, note)
        if opts.to_printer and not_printed is None:
            not_printed = print_one(opts, job, pdf, target, voice)
            if not_printed is None:
                book = steps.commit_paper(book, chosen.entry.serial, opts.copies, today)
        if opts.shred_source:
            shred_if_safe(job.file, target, not opts.to_printer or not_printed is None, voice)
    if not_printed is not None:
        raise not_printed


def write_and_commit(
    book: Ledger, pdf: bytes, target: str, chosen: Plan, opts: MakeOptions, today: str, voice: Voice
) -> tuple[bytes, Ledger]:
    """Write one sheet, then record it; a stop in between says what was not recorded.
    Returns the PDF as written (unencrypted) and the ledger."""
    pdf = steps.write(pdf, target, opts.force, opts.password)
    try:
        book = steps.commit(book, [chosen], today)  # only once the sheet is written
    except signals.Interrupted:
        raise signals.Interrupted(
            f"no partial file was left, but {target} was written and "
            f"the ledger does not record its sheet "
            f"{chosen.entry.serial}: run the same command again to "
            "record it"
        ) from None
    if target != "-":
        voice.wrote(target)
    return pdf, book


def shred_if_safe(path: str, target: str, printed: bool, voice: Voice) -> None:
    """--shred-source, only once the sheet is whole in a file (and on paper, with --print)."""
    if target == "-":
        voice.warn(
            path,
            "not shredded: the sheet went to standard output, where mksheet "
            "cannot tell that it arrived whole",
        )
    elif not printed:
        voice.warn(path, "not shredded: the sheet was not printed")
    else:
        files.shred(path)
        voice.warn(path, SHRED_WARNING)


def check_replaced_files(book: Ledger, targets: list[str], plans, force: bool) -> None:
    """Refuse to overwrite a PDF holding another sheet that is still current, unless --force:
    its codes may exist nowhere else."""
    for target, chosen in zip(targets, plans):
        if force or target == "-" or not os.path.isfile(target):
            continue
        replaced = {chosen.entry.serial, *(e.serial for e in chosen.replaced)}
        for serial in files.sheet_serials(target):
            other = next((e for e in book.entries if e.serial == serial), None)
            if other is not None and other.status == ledger.CURRENT and serial not in replaced:
                raise OutputError(
                    target,
                    f"holds sheet {serial} ({ledger.name_of(other.provider)}"
                    f", {other.account or 'no account'}), which is still current",
                    "choose another name with -o, or add --force to replace it",
                )


def check_targets(opts: MakeOptions, targets: list[str]) -> None:
    """Refuse every unwritable target before any sheet is written, so none is half done."""
    seen: set[str] = set()
    for path, target in zip(opts.files, targets):
        if opts.shred_source and os.path.islink(path):
            raise OutputError(
                path,
                "is a symbolic link, so --shred-source would miss the file",
                "name the file itself",
            )
        if opts.shred_source:
            files.check_shreddable(path)  # a hard link: refused before, not after, the sheet
        if target == "-":
            continue
        if os.path.exists(target) and os.path.samefile(target, path):
            raise OutputError(target, "is the input file", "choose another name with -o")
        if os.path.abspath(target) in seen:
            raise OutputError(target, "would receive two sheets", "make them one at a time with -o")
        seen.add(os.path.abspath(target))
        steps.check_target(target, opts.force)


def print_one(
    opts: MakeOptions, job: Job, pdf: bytes, target: str, voice: Voice
) -> PrintError | None:
    """Send the unencrypted PDF to CUPS; return the PrintError instead of raising it."""
    from sheets.deliver import printing

    where = job.file if target == "-" else target
    title = "Authenticator cards" if job.deck else printing.job_title(ledger.name_of(job.provider))
    request = printing.PrintJob(title, opts.printer, opts.copies)
    try:
        number = printing.send(pdf, request, where)
    except PrintError as exc:
        return exc
    copies = "1 copy" if opts.copies == 1 else f"{opts.copies} copies"
    voice.say(
        f"{where}: sent {copies} to {opts.printer or 'the default printer'} (CUPS job "
        f"{number or '?'}); check that the ruler on the paper measures 50 mm"
    )
    return None
