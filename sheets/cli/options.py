"""What the mksheet commands share: the options several take, and lines for people.

Apart from sheets/cli/__init__.py so the commands in sheets/cli/read.py can use them without
importing the group that registers them.
"""

from __future__ import annotations

import errno
import sys

import click

from sheets import term
from sheets.errors import OutputError

PAPERS = click.Choice(["auto", "a4", "letter"])
STATE_HELP = "The ledger's folder (default: $XDG_STATE_HOME/mksheet)."
VAULT_HELP = "The password of an encrypted authenticator export, on FILE's first line."
# Options several commands share, written once.
paper_option = click.option(
    "--paper",
    type=PAPERS,
    default="auto",
    show_default=True,
    help="Page size; auto follows the locale's territory.",
)
state_dir_option = click.option(
    "--state-dir", type=click.Path(file_okay=False), metavar="DIR", help=STATE_HELP
)
vault_password_option = click.option(
    "--vault-password-file", type=click.Path(), metavar="FILE", help=VAULT_HELP
)
force_option = click.option(
    "--force", is_flag=True, help="Replace an existing file mksheet did not write."
)


def echo(line: str, err: bool = False) -> None:
    """One line of text for people, control characters escaped (sheets.term)."""
    click.echo(term.clean(line), err=err)


def out(text: str) -> None:
    """Text and a newline on standard output, every byte, or an OutputError: a closed or full
    standard output, or a reader that went, is one line and exit 1, never output lost."""
    stream = sys.stdout
    if stream is None:  # started with standard output closed (>&-): click would drop it
        raise OutputError(
            "standard output",
            "is closed, so there was nowhere to write",
            "run the command again with standard output open, or send it to a file (> FILE)",
        )
    try:
        click.echo(text, file=stream)  # and flushes, so a failure is known here
    except OSError as exc:
        from sheets.deliver.stdout import silence  # only once output failed

        silence(stream)
        if exc.errno in (errno.EPIPE, errno.ECONNRESET):
            problem = "was closed by the program reading it before the whole output arrived"
            hint = "let that program read to the end, or send the output to a file (> FILE)"
        else:
            problem = f"cannot take the output ({exc.strerror})"
            hint = "free some space where it goes, or send it somewhere else"
        raise OutputError("standard output", problem, hint) from None


def out_json(value) -> None:
    """A JSON document on standard output, as out (the json module loads only for it)."""
    import json

    out(json.dumps(value, indent=2, ensure_ascii=False))


def show(line: str) -> None:
    """One line for people on standard output (control characters escaped), as out."""
    out(term.clean(line))


def say(line: str) -> None:
    """One line on stderr (stdout may be carrying the PDF)."""
    echo(f"mksheet: {line}", err=True)


def warn_one(file: str, warning: str) -> None:
    """One warning line on stderr."""
    say(f"{file}: warning: {warning}")
