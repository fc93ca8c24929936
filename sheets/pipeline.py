"""`mksheet FILE...` as one flow: read every input, then per sheet render, write, report.

All inputs are read and checked before anything is written, so one bad file means no
output at all. Options travel in one frozen MakeOptions; `say` and `warn` are the CLI's
printers (injected so the library never prints by itself).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Callable

from sheets import api, output
from sheets.errors import OutputError
from sheets.model import CodeSet

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
    paper: str = "a4"
    password: str | None = field(default=None, repr=False)  # set: write AES-256 encrypted PDFs
    shred_source: bool = False


def target_for(path: str, output: str | None) -> str:
    """Where a sheet goes: -o, else beside the input with .pdf."""
    return output or os.path.splitext(path)[0] + ".pdf"


def make(opts: MakeOptions, say: Callable[[str], None], warn: Callable[[str, str], None],
         emit: Callable[[bytes, str, bool], None]) -> None:
    """Make one sheet per input file."""
    code_sets = [api.read_codes(path, opts.provider, opts.account) for path in opts.files]
    check_targets(opts)
    for path, codes in zip(opts.files, code_sets):
        for warning in codes.warnings:
            warn(path, warning)
        make_one(opts, path, codes, say, emit)
        if opts.shred_source:
            output.shred(path)
            warn(path, SHRED_WARNING)


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


def make_one(opts: MakeOptions, path: str, codes: CodeSet, say, emit) -> bytes:
    """Render, write and report one sheet; return the unencrypted PDF (what a printer gets)."""
    sheet = api.make_sheet(codes, owner=opts.owner)
    pdf = api.render_pdf([sheet], opts.paper)
    stored = pdf
    if opts.password:
        from sheets.crypto import encrypt

        stored = encrypt(pdf, opts.password)
    emit(stored, target_for(path, opts.output), opts.force)
    return pdf
