"""`mksheet FILE...` as one flow: read every input, then per sheet render, write, report.

All inputs are read and checked before anything is written, so one bad file means no
output at all. Options travel in one frozen MakeOptions; `say` and `warn` are the CLI's
printers (injected so the library never prints by itself).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Callable

from sheets import api
from sheets.model import CodeSet


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


def target_for(path: str, output: str | None) -> str:
    """Where a sheet goes: -o, else beside the input with .pdf."""
    return output or os.path.splitext(path)[0] + ".pdf"


def make(opts: MakeOptions, say: Callable[[str], None], warn: Callable[[str, str], None],
         emit: Callable[[bytes, str, bool], None]) -> None:
    """Make one sheet per input file."""
    code_sets = [api.read_codes(path, opts.provider, opts.account) for path in opts.files]
    for path, codes in zip(opts.files, code_sets):
        for warning in codes.warnings:
            warn(path, warning)
        make_one(opts, path, codes, say, emit)


def make_one(opts: MakeOptions, path: str, codes: CodeSet, say, emit) -> None:
    """Render, write and report one sheet."""
    sheet = api.make_sheet(codes, owner=opts.owner)
    pdf = api.render_pdf([sheet], opts.paper)
    emit(pdf, target_for(path, opts.output), opts.force)
