"""`mksheet FILE...`: one sheet per downloaded code file, as a run of sheets.make.steps's steps.

Every input is read and every target checked before anything is written; each sheet is then
written and recorded, sent to CUPS with --print, and its download shredded with
--shred-source once that is safe. sheets/vaults.py sends authenticator exports elsewhere.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from sheets import ledger
from sheets.deliver import files as output
from sheets.deliver import signals
from sheets.errors import OutputError
from sheets.ledger import Plan
from sheets.ledger import folder as state_folder
from sheets.ledger import store as state
from sheets.ledger.store import Ledger
from sheets.make import steps as run
from sheets.read.codes import read_codes
from sheets.read.providers import by_key

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


def make(opts: MakeOptions, today: str, voice: run.Voice) -> None:
    """Make one sheet per input file: read all, check all targets, then plan, write, commit."""
    pages = [
        run.Page(read_codes(path, opts.provider, opts.account, opts.service), opts.owner, path)
        for path in opts.files
    ]
    targets = [target_for(path, opts.output) for path in opts.files]
    check_targets(opts, targets)
    where = state_folder.folder(opts.state_dir)
    with state_folder.locked(where, voice.say):  # load, plan, write, record: one run at a time
        _make_locked(opts, pages, targets, where, today, voice)


def _make_locked(
    opts: MakeOptions,
    pages: list[run.Page],
    targets: list[str],
    where: str,
    today: str,
    voice: run.Voice,
) -> None:
    from sheets.render.compose import measurer

    book = state.load(where, create_key=True)
    planned = run.plan(book, pages, today)
    if planned.refused:
        raise planned.refused[0][1]
    check_replaced_files(book, targets, planned.plans, opts.force)
    measure, not_printed = measurer(), None  # the first printing failure, raised at the end
    for page, target, chosen in zip(pages, targets, planned.plans):
        assert chosen is not None  # refusals stopped the run above
        for warning in page.codes.warnings:
            voice.warn(page.file, warning)
        pdf = _render(
            run.compose(page, chosen, opts.paper, today, measure), opts.paper, chosen.entry.serial
        )
        book = write_and_commit(book, pdf, target, chosen, opts, today, voice)
        for note in chosen.notes:
            voice.warn(page.file, note)
        if opts.to_printer and not_printed is None:
            not_printed = print_one(opts, page, pdf, target, voice)
            if not_printed is None:
                book = run.commit_paper(book, chosen.entry.serial, opts.copies, today)
        if opts.shred_source:
            shred_if_safe(page.file, target, not opts.to_printer or not_printed is None, voice)
    if not_printed is not None:
        raise not_printed


def write_and_commit(
    book: Ledger,
    pdf: bytes,
    target: str,
    chosen: Plan,
    opts: MakeOptions,
    today: str,
    voice: run.Voice,
) -> Ledger:
    """Write one sheet, then record it; a stop in between says what was not recorded."""
    run.write(pdf, target, opts.force, opts.password)
    try:
        book = run.commit(book, [chosen], today)  # only once the sheet is written
    except signals.Interrupted:
        raise signals.Interrupted(
            f"no partial file was left, but {target} was written and "
            f"the ledger does not record its sheet "
            f"{chosen.entry.serial}: run the same command again to "
            "record it"
        ) from None
    if target != "-":
        voice.wrote(target)
    return book


def shred_if_safe(path: str, target: str, printed: bool, voice: run.Voice) -> None:
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
        output.shred(path)
        voice.warn(path, SHRED_WARNING)


def check_replaced_files(book: Ledger, targets: list[str], plans, force: bool) -> None:
    """Refuse to overwrite a PDF holding another sheet that is still current, unless --force:
    its codes may exist nowhere else."""
    for target, chosen in zip(targets, plans):
        if force or target == "-" or not os.path.isfile(target):
            continue
        replaced = {chosen.entry.serial, *(e.serial for e in chosen.replaced)}
        for serial in output.sheet_serials(target):
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
            output.check_shreddable(path)  # a hard link: refused before, not after, the sheet
        if target == "-":
            continue
        if os.path.exists(target) and os.path.samefile(target, path):
            raise OutputError(target, "is the input file", "choose another name with -o")
        if os.path.abspath(target) in seen:
            raise OutputError(target, "would receive two sheets", "make them one at a time with -o")
        seen.add(os.path.abspath(target))
        run.check_target(target, opts.force)


def print_one(opts: MakeOptions, page: run.Page, pdf: bytes, target: str, voice: run.Voice):
    """Send the unencrypted sheet to CUPS; return the PrintError instead of raising it."""
    from sheets.deliver import printing
    from sheets.errors import PrintError

    where = page.file if target == "-" else target
    job = printing.PrintJob(
        printing.job_title(by_key(page.codes.provider).name), opts.printer, opts.copies
    )
    try:
        request = printing.send(pdf, job, where)
    except PrintError as exc:
        return exc
    copies = "1 copy" if job.copies == 1 else f"{job.copies} copies"
    voice.say(
        f"{where}: sent {copies} to {opts.printer or 'the default printer'} (CUPS job "
        f"{request or '?'}); check that the ruler on the paper measures 50 mm"
    )
    return None


def _render(page_plan, paper: str, serial: str) -> bytes:
    from sheets.render import draw

    return output.mark(draw.render_plans([page_plan], paper, serials=(serial,)))
