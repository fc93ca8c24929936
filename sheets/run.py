"""The one print run both commands use: plan -> compose -> write -> commit.

`mksheet FILE...` (`make` below) and `mksheet binder` (sheets.binder.build) are each a short
composition of these four steps:

- `plan` decides, in one loop over the pages, each sheet's serial, copy number and the sheets
  it replaces, against the ledger as it stands once the pages before it are printed; a page
  that cannot be printed is refused as data, so the caller decides whether that stops the run;
- `compose` lays out one sheet with its plan (reportlab only measures text here);
- `write` puts the PDF where asked, atomically and privately, encrypted when asked;
- `commit` records what was written in the ledger, only once it was written.

The library never prints: messages go through a `Voice`, and the date comes in from the
caller, read once per run.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from sheets import api, ledger, output, signals, state
from sheets.errors import InputError, OutputError, SheetsError
from sheets.ledger import AccountNeeded, Plan, StaleCodes
from sheets.model import CodeSet, Sheet
from sheets.providers import by_key
from sheets.state import BinderRecord, Ledger

SHRED_WARNING = (
    "overwritten and deleted; SSDs, cloud sync, backups and copy-on-write file "
    "systems may still keep copies of the codes"
)


class SamePage(InputError):
    """Two pages of one binder would each be the current sheet of the same account."""


@dataclass(frozen=True)
class Voice:
    """Where the run's messages go: progress lines, warnings, and the path of each file written."""

    say: Callable[[str], None] = lambda line: None  # a progress line
    warn: Callable[[str, str], None] = lambda file, text: None  # a warning about a file
    problem: Callable[[str, str], None] = lambda file, text: None  # a file that is left out
    wrote: Callable[[str], None] = lambda path: None  # a file written


class Page(NamedTuple):
    """One sheet to print: a code set and whose it is."""

    codes: CodeSet
    owner: str | None
    file: str  # the input, for messages


@dataclass(frozen=True)
class Planned:
    """Every page planned against the ledger: a Plan each, or None where it was refused."""

    book: Ledger  # the ledger as it stands once every planned page is printed
    plans: tuple[Plan | None, ...]
    refused: tuple[tuple[int, SheetsError], ...] = ()  # (page index, why)


# -- plan ---------------------------------------------------------------------------------------
def plan(
    book: Ledger, pages: Sequence[Page], today: str, one_set_per_account: bool = False
) -> Planned:
    """Plan every page in order, each seeing the ones before it.

    With one_set_per_account (a binder), a page whose codes would replace another page's of
    the same run is refused; otherwise (several files on one command line) it replaces it.
    """
    plans: list[Plan | None] = []
    refused: list[tuple[int, SheetsError]] = []
    mine: dict[str, str] = {}  # serial -> the file of the page that planned it
    for index, page in enumerate(pages):
        try:
            chosen = ledger.plan(book, page.codes, today=today, owner=page.owner)
            if one_set_per_account:
                _no_rival(chosen, mine, page)
        except (AccountNeeded, StaleCodes, SamePage) as exc:
            plans.append(None)
            refused.append((index, exc))
            continue
        if chosen.entry.serial in mine:  # the same sheet again in this run: its next copy
            chosen = replace(
                chosen,
                copy=max(
                    p.copy for p in plans if p is not None and p.entry.serial == chosen.entry.serial
                )
                + 1,
            )
        book = ledger.apply(book, chosen, today)
        mine.setdefault(chosen.entry.serial, page.codes.source or page.file)
        plans.append(chosen)
    return Planned(book, tuple(plans), tuple(refused))


def _no_rival(chosen: Plan, mine: dict[str, str], page: Page) -> None:
    """Refuse a page that would replace another page of the same run."""
    other = next((mine[e.serial] for e in chosen.replaced if e.serial in mine), None)
    if other is not None:
        what = ledger.label_of(page.codes.provider, page.codes.kind)
        raise SamePage(
            page.codes.source or None,
            f"{other} holds other {what} for "
            f"{page.owner or 'the same person'}, and only one set can be current",
            "keep only the newer download; if they are two accounts, name each "
            'in a binder.toml: { file = "...", account = "..." }',
        )


# -- compose ------------------------------------------------------------------------------------
def sheet_for(page: Page, chosen: Plan | None, today: str) -> Sheet:
    """The Sheet to draw; the plan gives its serial, copy number and what it replaces."""
    codes = page.codes
    if chosen is None:
        return Sheet(codes=codes, printed=today, owner=page.owner)
    if codes.account is None:  # the earlier sheet it replaces named the account
        codes = replace(codes, account=chosen.entry.account)
    return Sheet(
        codes=codes,
        printed=chosen.entry.last_printed or today,
        owner=page.owner,
        serial=chosen.entry.serial,
        copy=chosen.copy,
        replaces=chosen.replaces,
    )


def compose(page: Page, chosen: Plan | None, paper: str, today: str, measure=None):
    """One page's sheet, with its plan, laid out (a PagePlan); LayoutError if it cannot fit."""
    from sheets.render import compose as sheets_on_pages

    sheet = sheet_for(page, chosen, today)
    return sheets_on_pages.page(sheet, paper, measure or sheets_on_pages.measurer())


# -- write --------------------------------------------------------------------------------------
def check_target(target: str, force: bool) -> None:
    """Refuse a target that cannot or must not be written, before any work is done."""
    if target != "-":
        output.check_target(target, force)


def write(pdf: bytes, target: str, force: bool = False, password: str | None = None) -> None:
    """Write a finished PDF to target (`-`: stdout), encrypted when a password is given."""
    signals.check_stopped()
    stored = pdf
    if password:
        from sheets.crypto import encrypt

        stored = encrypt(pdf, password)
    stored = output.mark(stored)  # what makes it mksheet's own, replaceable without --force
    if target == "-":
        output.write_stdout(stored)
    else:
        output.write_atomic(target, stored, force=force)


# -- commit -------------------------------------------------------------------------------------
def commit(
    book: Ledger, plans: Sequence[Plan], today: str, binder: BinderRecord | None = None
) -> Ledger:
    """Record sheets once written (and a binder's pages, when it is one) in the ledger they
    were planned against; returns it as saved."""
    for chosen in plans:
        book = ledger.apply(book, chosen, today)
    if binder is not None:
        others = tuple(b for b in book.binders if b.family != binder.family)
        book = replace(book, binders=(*others, binder))
    state.save(book)
    return replace(book, key_on_disk=True)


# -- `mksheet FILE...` --------------------------------------------------------------------------
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


def make(opts: MakeOptions, today: str, voice: Voice) -> None:
    """Make one sheet per input file: read all, check all targets, then plan, write, commit."""
    pages = [
        Page(api.read_codes(path, opts.provider, opts.account, opts.service), opts.owner, path)
        for path in opts.files
    ]
    targets = [target_for(path, opts.output) for path in opts.files]
    check_targets(opts, targets)
    where = state.folder(opts.state_dir)
    with state.locked(where, voice.say):  # load, plan, write, record: one run at a time
        _make_locked(opts, pages, targets, where, today, voice)


def _make_locked(
    opts: MakeOptions, pages: list[Page], targets: list[str], where: str, today: str, voice: Voice
) -> None:
    from sheets.render.compose import measurer

    book = state.load(where, create_key=True)
    planned = plan(book, pages, today)
    if planned.refused:
        raise planned.refused[0][1]
    check_replaced_files(book, targets, planned.plans, opts.force)
    measure, not_printed = measurer(), None  # the first printing failure, raised at the end
    for page, target, chosen in zip(pages, targets, planned.plans):
        assert chosen is not None  # refusals stopped the run above
        for warning in page.codes.warnings:
            voice.warn(page.file, warning)
        pdf = _render(
            compose(page, chosen, opts.paper, today, measure), opts.paper, chosen.entry.serial
        )
        book = write_and_commit(book, pdf, target, chosen, opts, today, voice)
        for note in chosen.notes:
            voice.warn(page.file, note)
        if opts.to_printer and not_printed is None:
            not_printed = print_one(opts, page, pdf, target, voice)
            if not_printed is None:
                book = commit_paper(book, chosen.entry.serial, opts.copies, today)
        if opts.shred_source:
            shred_if_safe(page.file, target, not opts.to_printer or not_printed is None, voice)
    if not_printed is not None:
        raise not_printed


def write_and_commit(
    book: Ledger, pdf: bytes, target: str, chosen: Plan, opts: MakeOptions, today: str, voice: Voice
) -> Ledger:
    """Write one sheet, then record it; a stop in between says what was not recorded."""
    write(pdf, target, opts.force, opts.password)
    try:
        book = commit(book, [chosen], today)  # only once the sheet is written
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


def commit_paper(book: Ledger, serial: str, copies: int, today: str) -> Ledger:
    """Record paper copies that CUPS accepted."""
    book = ledger.on_paper(book, serial, copies, today)
    state.save(book)
    return book


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
        check_target(target, opts.force)


def print_one(opts: MakeOptions, page: Page, pdf: bytes, target: str, voice: Voice):
    """Send the unencrypted sheet to CUPS; return the PrintError instead of raising it."""
    from sheets import printing
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
