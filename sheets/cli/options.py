"""What the mksheet commands share: the options several take, and lines for people.

Apart from sheets/cli.py so the commands in sheets/cli_read.py can use them without importing
the group that registers them.
"""

from __future__ import annotations

import click

from sheets import term

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


def say(line: str) -> None:
    """One line on stderr (stdout may be carrying the PDF)."""
    echo(f"mksheet: {line}", err=True)


def warn_one(file: str, warning: str) -> None:
    """One warning line on stderr."""
    say(f"{file}: warning: {warning}")
