"""The commands that read what mksheet knows: inspect, providers, verify, and the ledger's
history, printed and destroyed. sheets/cli/__init__.py registers them on the group.

What the reading commands show goes through options.out: a closed or full standard output
is one line and exit 1, not output lost. `printed` and `destroyed` record first and then
say so with a plain echo, so a failed line never invites recording the same copies twice.
"""

from __future__ import annotations

import os

import click

from sheets import term
from sheets.cli.options import (
    echo,
    out_json,
    say,
    show,
    state_dir_option,
    vault_password_option,
    warn_one,
)


@click.command()
@click.argument("file", type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="One JSON object, codes in clear.")
@click.option("--provider", "provider_key", metavar="KEY", help="Skip detection.")
@click.option("--service", metavar="NAME", help="Name of a website mksheet does not know.")
@vault_password_option
def inspect(file, as_json, provider_key, service, vault_password_file) -> None:
    """Show what mksheet reads in FILE (codes masked unless --json)."""
    from sheets import api
    from sheets.cli import report
    from sheets.model import Vault

    content = api.read(
        file,
        provider=provider_key,
        service=service,
        vault_password_file=vault_password_file,
        warn=warn_one,
    )
    if isinstance(content, Vault):  # an authenticator's export
        info = api.describe_vault(content)
        rows = report.vault_inspected(file, info, term.MASK)
    else:
        info = api.describe(content)
        rows = report.inspected(file, info, map(term.mask, content.codes))
    if as_json:
        out_json(info)
        return
    for warning in info["warnings"]:
        warn_one(file, warning)
    for line in report.labelled(rows):
        show(line)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="A JSON list.")
@click.option("--markdown", is_flag=True, help="The table as in README.md.")
def providers(as_json, markdown) -> None:
    """List every provider, its kinds and its download file names."""
    from sheets import api
    from sheets.cli import report

    rows = api.describe_providers()
    if as_json:
        out_json(rows)
        return
    table = report.providers_markdown(rows) if markdown else report.providers(rows, term.width())
    for line in table:
        show(line)


@click.command()
@click.argument("file", type=click.Path())
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Provider, account, serial, status and codes in clear (a list if several).",
)
@state_dir_option
@click.option(
    "--password-file",
    type=click.Path(),
    metavar="FILE",
    help="The password of an encrypted sheet PDF, on FILE's first line.",
)
def verify(file, as_json, state_dir, password_file) -> int:
    """Read a sheet back from its PDF or a PNG/JPEG scan or photo, via its QR code."""
    from sheets import verify as readback
    from sheets.cli import report
    from sheets.deliver.crypto import read_password_file

    # a sheet locked earlier opens with whatever locked it: no minimum length here
    password = read_password_file(password_file, warn_one, weak=True) if password_file else None
    found = [(sheet, readback.status(sheet, state_dir)) for sheet in readback.read(file, password)]
    if as_json:
        objects = [readback.describe(sheet, standing) for sheet, standing in found]
        out_json(objects[0] if len(objects) == 1 else objects)
    for index, (sheet, standing) in enumerate([] if as_json else found):
        rows = ([] if index else [("file", file)]) + readback.summary(sheet, standing)
        for line in ([""] if index else []) + report.labelled(rows):
            show(line)
    forged = [standing for _, standing in found if standing.word == "mismatch"]
    for standing in forged:  # after the summary, so the one line is the last word
        say(f"{file}: {standing.note} — {readback.MISMATCH_HINT}")
    if not forged:
        readback.check(file, [sheet for sheet, _ in found])  # exit 1 if something is missing
    return 1 if forged else 0


@click.command()
@click.option("--json", "as_json", is_flag=True, help="A JSON list of sheets.")
@state_dir_option
def history(as_json, state_dir) -> None:
    """List every sheet printed: serial, copies, and which are superseded."""
    from sheets import api
    from sheets.cli import report
    from sheets.deliver import files

    rows = api.history(state_dir)  # loading the ledger cleans stale parts in the state folder
    for name in files.remove_leftovers(os.curdir):  # a killed binder's, written here by default
        say(f"{name}: removed, an unfinished file a killed mksheet left here")
    if as_json:
        out_json(rows)
        return
    if not rows:
        click.echo("mksheet: no sheets recorded yet", err=True)
        return
    for line in report.history(rows, term.width()):
        show(line)


@click.command()
@click.argument("serials", nargs=-1, required=True, metavar="SERIAL...")
@click.option(
    "--copies",
    type=click.IntRange(1, 99),
    default=1,
    show_default=True,
    help="Paper copies of each sheet printed.",
)
@state_dir_option
def printed(serials, copies, state_dir) -> None:
    """Record paper copies of sheet SERIAL you printed yourself (--print records its own)."""
    from sheets import api
    from sheets.cli import report

    for serial in serials:
        echo(report.history_line(api.printed(serial, copies, state_dir)))


@click.command()
@click.argument("serial")
@state_dir_option
def destroyed(serial, state_dir) -> None:
    """Record that sheet SERIAL (every copy of it) was shredded."""
    from sheets import api
    from sheets.cli import report

    before, after = api.destroyed(serial, state_dir)
    echo(report.history_line(after))
    if before["status"] == "current":
        warn_one(
            after["serial"],
            "it was the current sheet and its codes still work: keep "
            "another copy, or print it again from the download",
        )


COMMANDS = (inspect, providers, verify, history, printed, destroyed)
