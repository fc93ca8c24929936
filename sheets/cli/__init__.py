"""The mksheet command line: the group, `make` and `binder`, and the entry point.

The commands that read rather than make live in sheets/cli/read.py and are registered here;
the options and output lines they share are in sheets/cli/options.py.

Heavy libraries (reportlab, qrcode, jinja2) are imported inside the commands that need
them, so `mksheet --help` stays fast. Failures become one line and an exit code in
sheets/cli/boundary.py.
"""

from __future__ import annotations

import contextlib
import sys

import click

from sheets import __version__, term
from sheets.cli import read as cli_read
from sheets.cli.options import (
    echo,
    force_option,
    paper_option,
    say,
    state_dir_option,
    vault_password_option,
    warn_one,
)


class DefaultGroup(click.Group):
    """`mksheet FILE...` means `mksheet make FILE...`; subcommands work as usual."""

    default = "make"

    def parse_args(self, ctx, args):
        first = next((a for a in args if not a.startswith("-")), None)
        only_group_flags = all(a in ("--help", "-h", "--version") for a in args)
        if args and not only_group_flags and first not in self.commands:
            args = [self.default, *args]
        return super().parse_args(ctx, args)

    def format_options(self, ctx, formatter) -> None:
        """The group's options and commands, then the sheet options `mksheet FILE` takes."""
        super().format_options(ctx, formatter)
        command = self.commands[self.default]
        rows = [
            row
            for param in command.get_params(ctx)
            if isinstance(param, click.Option)
            and (row := param.get_help_record(ctx))
            and not row[0].startswith("-h")
        ]
        with formatter.section("Sheet options (mksheet FILE... is mksheet make FILE...)"):
            formatter.write_dl(rows)


@click.group(cls=DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mksheet", message="%(prog)s %(version)s")
@click.option("--debug", is_flag=True, help="Show a traceback for internal errors.")
def cli(debug: bool) -> None:
    """Turn downloaded 2FA backup codes into a printable recovery sheet.

    \b
      mksheet github-recovery-codes.txt     writes github-recovery-codes.pdf beside it
      mksheet inspect FILE [--json]         what was detected, codes masked
      mksheet providers                     every provider mksheet knows
      mksheet history [--json]              every sheet printed, and which to destroy
      mksheet verify SHEET.pdf|PHOTO.jpg    read a sheet back from its QR code
      mksheet binder FAMILY/ [--duplex]     one binder for the household's fireproof box
    """


@cli.command("make")
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", help="Write here instead of beside the input; - for stdout.")
@force_option
@click.option("--owner", help="Name printed on the sheet (whose account it is).")
@click.option("--account", help="Account printed on the sheet when the file has none.")
@click.option(
    "--provider", "provider_key", metavar="KEY", help="Skip detection (see `mksheet providers`)."
)
@click.option(
    "--service", metavar="NAME", help="Name of a website mksheet does not know (read generically)."
)
@paper_option
@click.option(
    "--encrypt", is_flag=True, help="Write an AES-256 encrypted PDF (asks for the password twice)."
)
@click.option(
    "--password-file",
    type=click.Path(),
    metavar="FILE",
    help="Take the --encrypt password from FILE's first line (implies --encrypt).",
)
@click.option(
    "--weak-password", is_flag=True, help="Take an --encrypt password shorter than 12 characters."
)
@click.option(
    "--plain",
    is_flag=True,
    help="Write an encrypted export's cards unencrypted (default: locked with its password).",
)
@click.option(
    "--shred-source",
    is_flag=True,
    help="Overwrite and delete each code FILE once its sheet is written.",
)
@state_dir_option
@click.option(
    "--print",
    "to_printer",
    is_flag=True,
    help="Also print each sheet on the default CUPS printer, at 100 %.",
)
@click.option("--printer", metavar="NAME", help="Print on this CUPS printer (implies --print).")
@click.option(
    "--copies",
    type=click.IntRange(1, 99),
    default=1,
    show_default=True,
    help="Paper copies of each sheet (printed with --print; the ledger counts them).",
)
@click.option(
    "--replaces",
    metavar="SERIAL",
    multiple=True,
    help="Record that the new sheet replaces sheet SERIAL (when nothing else says so).",
)
@vault_password_option
def make(
    files,
    output,
    force,
    owner,
    account,
    provider_key,
    service,
    paper,
    encrypt,
    password_file,
    weak_password,
    plain,
    shred_source,
    state_dir,
    to_printer,
    printer,
    copies,
    replaces,
    vault_password_file,
) -> None:
    """Make one recovery sheet (PDF) per downloaded code FILE."""
    from sheets import api
    from sheets.deliver import crypto
    from sheets.make import run

    if output and len(files) > 1:
        raise click.UsageError("-o/--output takes one input file")
    if replaces and len(files) > 1:
        raise click.UsageError("--replaces takes one input file")
    password = crypto.ask_password(encrypt, password_file, _prompt, warn_one, weak=weak_password)
    opts = run.MakeOptions(
        files=tuple(files),
        output=output,
        force=force,
        owner=owner,
        account=account,
        provider=provider_key,
        service=service,
        paper=resolve_paper(paper),
        shred_source=shred_source,
        password=password,
        state_dir=state_dir,
        copies=copies,
        to_printer=to_printer or bool(printer),
        printer=printer,
        vault_password_file=vault_password_file,
        replaces=tuple(replaces),
        plain=plain,
    )
    made = run.make(opts, api.today(), _voice())
    exports = [job for job in made if job.deck is not None]
    if not shred_source and len(exports) < len(made):
        click.echo(
            "mksheet: delete the downloaded code files once the sheet is printed and "
            "checked; they are the codes in plain text.",
            err=True,
        )
    if exports:  # an app's encrypted backup is worth keeping; a plain one is not
        click.echo(
            "mksheet: delete any export that is not encrypted once the cards are printed "
            "and checked; it holds every key in plain text.",
            err=True,
        )


@cli.command()
@click.argument("source", type=click.Path())
@click.option("-o", "--output", help="Write here instead of <folder>-binder.pdf; - for stdout.")
@force_option
@click.option("--duplex", is_flag=True, help="Start every sheet on a front side (blank backs).")
@click.option(
    "--keep-going", is_flag=True, help="Leave bad files out (listed) instead of stopping."
)
@paper_option
@click.option(
    "--changed",
    is_flag=True,
    help="Only the pages whose codes changed since the last binder, after a cover "
    "listing the old pages to destroy (default -o: <folder>-binder-changes.pdf).",
)
@state_dir_option
@vault_password_option
def binder(
    source, output, force, duplex, keep_going, paper, changed, state_dir, vault_password_file
) -> None:
    """Make one household binder (PDF) from a FAMILY/ folder or a binder.toml.

    \b
    FAMILY/ holds one folder per person, named after them, with their downloads:
      FAMILY/Jordan Rivera/github-recovery-codes.txt
      FAMILY/Jordan Rivera/aegis-export.json   (an authenticator export: its cards)
    binder.toml (paths relative to it):
      title = "Recovery binder"
      household = "The Rivera family"
      note = "Only Sam or Alex may open the box."
      [[people]]
      name = "Jordan Rivera"
      files = ["jordan/github-recovery-codes.txt",
               { file = "jordan/codes.txt", provider = "gitlab", account = "jr@example.com" }]
    """
    from sheets import api
    from sheets.make.binder.build import BinderOptions, make_binder

    opts = BinderOptions(
        source=source,
        output=output,
        force=force,
        paper=resolve_paper(paper),
        duplex=duplex,
        keep_going=keep_going,
        changed=changed,
        state_dir=state_dir,
        progress=progress_bar,
        vault_password_file=vault_password_file,
    )
    if make_binder(opts, api.today(), _voice()):
        click.echo(
            "mksheet: delete the downloaded code files once the binder is printed and "
            "checked; they are the codes in plain text.",
            err=True,
        )


for command in cli_read.COMMANDS:
    cli.add_command(command)


def resolve_paper(paper: str) -> str:
    """The paper size to lay out for: the option, or the machine's default."""
    from sheets.cli.paper import default_paper

    return default_paper() if paper == "auto" else paper


def _prompt(text: str) -> str:
    """Ask for a password twice, without echo."""
    return click.prompt(text, hide_input=True, confirmation_prompt=True, err=True)


@contextlib.contextmanager
def progress_bar(total: int, label: str):
    """A progress bar on stderr for long work, only when stderr is a terminal."""
    if total < 20 or not sys.stderr.isatty():
        yield lambda n: None
        return
    with click.progressbar(length=total, label=f"mksheet: {label}", file=sys.stderr) as bar:
        yield bar.update


def _voice():
    from sheets.make.steps import Voice

    return Voice(
        say=say,
        warn=warn_one,
        problem=lambda file, text: say(f"{file}: {text}"),
        wrote=echo,  # the path of each file written, on stdout
        ask=_ask if sys.stdin.isatty() and sys.stderr.isatty() else None,
    )


def _ask(question: str) -> bool:
    """A yes/no question on the terminal; no unless the person says yes."""
    return click.confirm(f"mksheet: {term.clean(question)}", default=False, err=True)


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI and turn every failure into one line and an exit code."""
    from sheets.cli.boundary import run_guarded

    return run_guarded(cli, sys.argv[1:] if argv is None else argv, as_program=argv is None)
