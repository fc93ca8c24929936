"""Typed, user-facing errors: what file, what is wrong, what to do.

Messages are built from line numbers, counts and file names only, never from file
content, so that no code can reach a terminal, a log or a traceback through them; the
file names they do hold have their control characters escaped (sheets.term).
"""

from __future__ import annotations

from sheets.term import clean


class SheetsError(Exception):
    """A problem the user can fix; printed as one line, exit status 1."""

    exit_code = 1

    def __init__(self, file: str | None, problem: str, hint: str = "") -> None:
        self.file = file
        self.problem = problem
        self.hint = hint
        super().__init__(self.message())

    def message(self) -> str:
        """The one-line form: `FILE: problem — what to do`."""
        where = f"{self.file}: " if self.file else ""
        todo = f" — {self.hint}" if self.hint else ""
        return clean(f"{where}{self.problem}{todo}")  # a file name may hold ESC or a newline


class InputError(SheetsError):
    """The input file cannot be read or holds no usable codes."""


class OutputError(SheetsError):
    """The output cannot be written where asked."""


class LayoutError(SheetsError):
    """The content does not fit one page without going below legible sizes."""


class PrintError(SheetsError):
    """The sheet was written but could not be sent to the printer."""
