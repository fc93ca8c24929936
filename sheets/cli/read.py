"""The commands that read what mksheet knows: inspect, providers, verify, and the ledger's
history, printed and destroyed. sheets/cli.py registers them on the group.
"""

from __future__ import annotations

import json

import click

from sheets import term
from sheets.cli.options import echo, state_dir_option, vault_password_option, warn_one


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

    if not provider_key and not service and api.is_export(file):  # an authenticator's
        info = api.describe_vault(api.read_vault(file, vault_password_file, warn_one))
        rows = report.vault_inspected(file, info, api.MASK)
    else:
        codes = api.read_codes(file, provider_key, service=service)
        info = api.describe(codes)
        rows = report.inspected(file, info, map(api.mask, codes.codes))
    if as_json:
        click.echo(json.dumps(info, indent=2, ensure_ascii=False))
        return
    for warning in info["warnings"]:
        warn_one(file, warning)
    for line in report.labelled(rows):
        echo(line)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="A JSON list.")
@click.option("--markdown", is_flag=True, help="The table as in README.md.")
def providers(as_json, markdown) -> None:
    """List every provider, its kinds and its download file names."""
    from sheets import api
    from sheets.cli import report

    rows = api.describe_providers()
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    table = report.providers_markdown(rows) if markdown else report.providers(rows, term.width())
    for line in table:
        echo(line)


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
def verify(file, as_json, state_dir, password_file) -> None:
    """Read a sheet back from its PDF or a PNG/JPEG scan or photo, via its QR code."""
    from sheets import verify as readback
    from sheets.cli import report
    from sheets.deliver.crypto import read_password_file

    password = read_password_file(password_file, warn_one) if password_file else None
    found = [(sheet, readback.status(sheet, state_dir)) for sheet in readback.read(file, password)]
    if as_json:
        objects = [readback.describe(sheet, standing) for sheet, standing in found]
        click.echo(
            json.dumps(objects[0] if len(objects) == 1 else objects, indent=2, ensure_ascii=False)
        )
    else:
        for index, (sheet, standing) in enumerate(found):
            rows = ([] if index else [("file", file)]) + readback.summary(sheet, standing)
            for line in ([""] if index else []) + report.labelled(rows):
                echo(line)
    readback.check(file, [sheet for sheet, _ in found])  # exit 1 if something is missing


@click.command()
@click.option("--json", "as_json", is_flag=True, help="A JSON list of sheets.")
@state_dir_option
def history(as_json, state_dir) -> None:
    """List every sheet printed: serial, copies, and which are superseded."""
    from sheets import ledger
    from sheets.cli import report
    from sheets.ledger import folder as state_folder
    from sheets.ledger import store as state

    rows = ledger.history(state.load(state_folder.folder(state_dir)))
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if not rows:
        click.echo("mksheet: no sheets recorded yet", err=True)
        return
    for line in report.history(rows, term.width()):
        echo(line)


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
    from sheets import api, ledger
    from sheets.cli import report
    from sheets.ledger import folder as state_folder

    where, today = state_folder.folder(state_dir), api.today()
    for serial in serials:
        echo(report.history_line(ledger.as_dict(ledger.printed(where, serial, copies, today))))


@click.command()
@click.argument("serial")
@state_dir_option
def destroyed(serial, state_dir) -> None:
    """Record that sheet SERIAL (every copy of it) was shredded."""
    from sheets import api, ledger
    from sheets.cli import report
    from sheets.ledger import folder as state_folder

    before, after = ledger.destroyed(state_folder.folder(state_dir), serial, api.today())
    echo(report.history_line(ledger.as_dict(after)))
    if before.status == "current":
        warn_one(
            after.serial,
            "it was the current sheet and its codes still work: keep "
            "another copy, or print it again from the download",
        )


COMMANDS = (inspect, providers, verify, history, printed, destroyed)
