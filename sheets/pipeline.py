"""`mksheet FILE...` as one flow: read every input, then per sheet render, write, report.

All inputs are read and checked before anything is written, so one bad file means no
output at all. Options travel in one frozen MakeOptions; `say` and `warn` are the CLI's
printers (injected so the library never prints by itself).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import Callable

from sheets import api, ledger, output, state
from sheets.errors import OutputError
from sheets.model import CodeSet, Sheet

SHRED_WARNING = ("overwritten and deleted; SSDs, cloud sync, backups and copy-on-write file "
                 "systems may still keep copies of the codes")


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
    copies: int = 1  # paper copies that will be printed of each sheet (the ledger counts them)
    to_printer: bool = False  # send each sheet to CUPS once it is written
    printer: str | None = None  # the CUPS queue; None: the default printer


def target_for(path: str, output: str | None) -> str:
    """Where a sheet goes: -o, else beside the input with .pdf."""
    return output or os.path.splitext(path)[0] + ".pdf"


def make(opts: MakeOptions, say: Callable[[str], None], warn: Callable[[str, str], None],
         emit: Callable[[bytes, str, bool], None]) -> None:
    """Make one sheet per input file."""
    code_sets = [api.read_codes(path, opts.provider, opts.account, opts.service) for path in opts.files]
    check_targets(opts)
    today, where = api.today(), state.folder(opts.state_dir)
    plans = ledger.plan_each(where, code_sets, today=today, owner=opts.owner, copies=opts.copies)
    not_printed = None  # the first printing failure: reported once every sheet is written
    for path, codes, plan in zip(opts.files, code_sets, plans):
        for warning in codes.warnings:
            warn(path, warning)
        pdf = make_one(opts, path, codes, say, emit, plan)
        ledger.record(where, plan, today)  # only once the sheet is written
        for note in plan.notes:
            warn(path, note)
        if opts.shred_source:
            output.shred(path)
            warn(path, SHRED_WARNING)
        if opts.to_printer and not_printed is None:
            not_printed = print_one(opts, codes, pdf, path, say)
    if not_printed is not None:
        raise not_printed


def print_one(opts: MakeOptions, codes: CodeSet, pdf: bytes, path: str, say):
    """Send the unencrypted sheet to CUPS; return the PrintError instead of raising it."""
    from sheets import printing
    from sheets.errors import PrintError
    from sheets.providers import by_key

    target = target_for(path, opts.output)
    target = path if target == "-" else target
    job = printing.PrintJob(printing.job_title(by_key(codes.provider).name), opts.printer,
                            opts.copies)
    try:
        request = printing.send(pdf, job, target)
    except PrintError as exc:
        return exc
    copies = "1 copy" if job.copies == 1 else f"{job.copies} copies"
    say(f"{target}: sent {copies} to {opts.printer or 'the default printer'} (CUPS job "
        f"{request or '?'}); check that the ruler on the paper measures 50 mm")
    return None


def check_targets(opts: MakeOptions) -> None:
    """Refuse every unwritable target before any sheet is written, so none is half done."""
    seen: set[str] = set()
    for path in opts.files:
        target = target_for(path, opts.output)
        if opts.shred_source and os.path.islink(path):
            raise OutputError(path, "is a symbolic link, so --shred-source would miss the file",
                              "name the file itself")
        if target == "-":
            continue
        if os.path.exists(target) and os.path.samefile(target, path):
            raise OutputError(target, "is the input file", "choose another name with -o")
        if os.path.abspath(target) in seen:
            raise OutputError(target, "would receive two sheets", "make them one at a time with -o")
        seen.add(os.path.abspath(target))
        output.check_target(target, opts.force)


def make_one(opts: MakeOptions, path: str, codes: CodeSet, say, emit,
             plan: ledger.Plan | None = None) -> bytes:
    """Render, write and report one sheet; return the unencrypted PDF (what a printer gets)."""
    sheet = sheet_for(codes, opts.owner, plan)
    pdf = api.render_pdf([sheet], opts.paper)
    stored = pdf
    if opts.password:
        from sheets.crypto import encrypt

        stored = encrypt(pdf, opts.password)
    emit(stored, target_for(path, opts.output), opts.force)
    return pdf


def sheet_for(codes: CodeSet, owner: str | None, plan: ledger.Plan | None) -> Sheet:
    """The Sheet to draw; the ledger's plan gives its serial, copy number and what it replaces."""
    if plan is None:
        return api.make_sheet(codes, owner=owner)
    if codes.account is None:  # the earlier sheet it replaces named the account
        codes = replace(codes, account=plan.entry.account)
    return api.make_sheet(codes, owner=owner, printed=plan.entry.last_printed,
                          serial=plan.entry.serial, copy=plan.copy, replaces=plan.replaces)
