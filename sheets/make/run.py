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
from sheets.deliver.crypto import check_password
from sheets.errors import InputError, OutputError, PrintError
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
    replaces: tuple[str, ...] = ()  # serials the person says the new sheet replaces
    plain: bool = False  # an encrypted export's cards unencrypted (default: its password)


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
    """One input read: a code file's codes, or an export's accounts (and, if it was
    encrypted, the password it opened with)."""
    opened: list[str] = []
    content = inputs.read(
        path,
        provider=opts.provider,
        account=opts.account,
        service=opts.service,
        vault_password_file=opts.vault_password_file,
        warn=voice.warn,
        keep=opened.append,
    )
    return Job(content, opts.owner, path, opts.replaces, opened[0] if opened else None)


def password_for(job: Job, opts: MakeOptions) -> str | None:
    """What locks the job's PDF: --encrypt's password, else an encrypted export's own
    (unless --plain), if a PDF can take it."""
    if opts.password or opts.plain or not job.password:
        return opts.password
    try:
        return check_password(job.password, job.file, weak=True)  # the export's own choice
    except InputError:
        return None


def sealing_note(job: Job, opts: MakeOptions) -> str | None:
    """The line that says how an encrypted export's cards were written."""
    if job.deck is None or not job.deck.encrypted or opts.password:
        return None
    if opts.plain:
        return "the cards are written unencrypted (--plain): they hold every key in plain text"
    if password_for(job, opts) is None:
        return (
            "the export's password cannot lock a PDF (empty, over 127 bytes or with a NUL), "
            "so the cards are written unencrypted: use --encrypt to choose a password"
        )
    return (
        "the cards are encrypted with the export's password (add --plain to write them unencrypted)"
    )


def _make_locked(
    opts: MakeOptions,
    jobs: tuple[Job, ...],
    targets: list[str],
    book: Ledger,
    today: str,
    voice: Voice,
) -> None:
    from sheets.render.compose import measurer

    planned = steps.plan(book, jobs, today, ask=voice.ask)
    if planned.refused:
        raise planned.refused[0][1]
    for target, chosen in zip(targets, planned.plans):
        steps.check_holds_no_other(book, target, [chosen], opts.force)
    measure, not_printed = measurer(), None  # the first printing failure, raised at the end
    for job, target, chosen in zip(jobs, targets, planned.plans):
        assert chosen is not None  # refusals stopped the run above
        for warning in job.content.warnings:
            voice.warn(job.file, warning)
        if note := sealing_note(job, opts):
            voice.warn(job.file, note)
        drawn = compose.pdf(job, chosen, opts.paper, today, measure)
        pdf, book = write_and_commit(book, job, drawn, target, chosen, opts, today)
        if target != "-":
            voice.wrote(target)
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
    book: Ledger, job: Job, pdf: bytes, target: str, chosen: Plan, opts: MakeOptions, today: str
) -> tuple[bytes, Ledger]:
    """Write one job's PDF, then record it; returns the PDF as written, unencrypted, and the
    ledger. A stop while recording waits until the ledger is saved (steps.commit_written)."""
    try:
        written = steps.write(pdf, target, opts.force, password_for(job, opts))
    except signals.Interrupted:  # just after the rename, the sheet is whole but not recorded
        if target != "-" and chosen.entry.serial in files.sheet_serials(target):
            raise steps.not_recorded(target, [chosen]) from None
        raise
    if written.encrypted is not None:
        chosen = ledger.with_encrypted_copy(chosen, os.path.abspath(target), written.encrypted)
    return written.pdf, steps.commit_written(book, [chosen], today, target)


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
    if password_for(job, opts):  # say so before a plain copy exists
        voice.warn(where, printing.plain_copy_warning(opts.printer))
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
