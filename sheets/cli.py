"""The mksheet command line: thin click commands over sheets.api, one error boundary.

Heavy libraries (reportlab, qrcode, jinja2) are imported inside the commands that need
them, so `mksheet --help` stays fast. Exit codes: 0 ok, 1 a problem with the input or
output, 2 usage, 3 an internal bug (traceback only with --debug).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys

import click

from sheets import __version__
from sheets.errors import SheetsError

EXIT_INPUT, EXIT_USAGE, EXIT_BUG = 1, 2, 3
PAPERS = click.Choice(["auto", "a4", "letter"])
STATE_HELP = "The ledger's folder (default: $XDG_STATE_HOME/mksheet)."


class DefaultGroup(click.Group):
    """`mksheet FILE...` means `mksheet make FILE...`; subcommands work as usual."""

    default = "make"

    def parse_args(self, ctx, args):
        first = next((a for a in args if not a.startswith("-")), None)
        only_group_flags = all(a in ("--help", "-h", "--version") for a in args)
        if args and not only_group_flags and first not in self.commands:
            args = [self.default, *args]
        return super().parse_args(ctx, args)


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
@click.option("--force", is_flag=True, help="Replace an existing file mksheet did not write.")
@click.option("--owner", help="Name printed on the sheet (whose account it is).")
@click.option("--account", help="Account printed on the sheet when the file has none.")
@click.option("--provider", "provider_key", metavar="KEY", help="Skip detection (see `mksheet providers`).")
@click.option("--service", metavar="NAME", help="Name of a website mksheet does not know (read generically).")
@click.option("--paper", type=PAPERS, default="auto", show_default=True,
              help="Page size; auto follows the locale's territory.")
@click.option("--encrypt", is_flag=True,
              help="Write an AES-256 encrypted PDF (asks for the password twice).")
@click.option("--password-file", type=click.Path(), metavar="FILE",
              help="Take the --encrypt password from FILE's first line (implies --encrypt).")
@click.option("--shred-source", is_flag=True,
              help="Overwrite and delete each code FILE once its sheet is written.")
@click.option("--state-dir", type=click.Path(file_okay=False), metavar="DIR", help=STATE_HELP)
@click.option("--print", "to_printer", is_flag=True,
              help="Also print each sheet on the default CUPS printer, at 100 %.")
@click.option("--printer", metavar="NAME", help="Print on this CUPS printer (implies --print).")
@click.option("--copies", type=click.IntRange(1, 99), default=1, show_default=True,
              help="Paper copies of each sheet (printed with --print; the ledger counts them).")
def make(files, output, force, owner, account, provider_key, service, paper, encrypt,
         password_file, shred_source, state_dir, to_printer, printer, copies) -> None:
    """Make one recovery sheet (PDF) per downloaded code FILE."""
    from sheets import pipeline

    if output and len(files) > 1:
        raise click.UsageError("-o/--output takes one input file")
    opts = pipeline.MakeOptions(files=tuple(files), output=output, force=force, owner=owner,
                                account=account, provider=provider_key, service=service,
                                paper=resolve_paper(paper), shred_source=shred_source,
                                password=ask_password(encrypt, password_file),
                                state_dir=state_dir, copies=copies,
                                to_printer=to_printer or bool(printer), printer=printer)
    pipeline.make(opts, say=say, warn=warn_one, emit=emit)
    if not shred_source:
        click.echo("mksheet: delete the downloaded code files once the sheet is printed and "
                   "checked; they are the codes in plain text.", err=True)


@cli.command()
@click.argument("source", type=click.Path())
@click.option("-o", "--output", help="Write here instead of <folder>-binder.pdf; - for stdout.")
@click.option("--force", is_flag=True, help="Replace an existing file mksheet did not write.")
@click.option("--duplex", is_flag=True, help="Start every sheet on a front side (blank backs).")
@click.option("--keep-going", is_flag=True, help="Leave bad files out (listed) instead of stopping.")
@click.option("--paper", type=PAPERS, default="auto", show_default=True,
              help="Page size; auto follows the locale's territory.")
@click.option("--changed", is_flag=True,
              help="Only the pages whose codes changed since the last binder, after a cover "
                   "listing the old pages to destroy (default -o: <folder>-binder-changes.pdf).")
@click.option("--state-dir", type=click.Path(file_okay=False), metavar="DIR", help=STATE_HELP)
def binder(source, output, force, duplex, keep_going, paper, changed, state_dir) -> None:
    """Make one household binder (PDF) from a FAMILY/ folder or a binder.toml.

    \b
    FAMILY/ holds one folder per person, named after them, with their downloads:
      FAMILY/Jordan Rivera/github-recovery-codes.txt
    binder.toml (paths relative to it):
      title = "Recovery binder"
      household = "The Rivera family"
      note = "Only Sam or Alex may open the box."
      [[people]]
      name = "Jordan Rivera"
      files = ["jordan/github-recovery-codes.txt",
               { file = "jordan/codes.txt", provider = "gitlab", account = "jr@example.com" }]
    """
    from sheets.binder import BinderOptions, default_target, make_binder
    from sheets.output import check_target

    target = output or default_target(source, changed)
    if target != "-":
        check_target(target, force)  # before the work, not after it
    opts = BinderOptions(source=source, paper=resolve_paper(paper), duplex=duplex,
                         keep_going=keep_going, changed=changed, state_dir=state_dir)
    written = make_binder(opts, warn=lambda file, text: click.echo(f"mksheet: {file}: {text}",
                                                                   err=True),
                          emit=lambda pdf: emit(pdf, target, force), progress=progress_bar)
    if written:
        click.echo("mksheet: delete the downloaded code files once the binder is printed and "
                   "checked; they are the codes in plain text.", err=True)


@cli.command()
@click.argument("file", type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="One JSON object, codes in clear.")
@click.option("--provider", "provider_key", metavar="KEY", help="Skip detection.")
@click.option("--service", metavar="NAME", help="Name of a website mksheet does not know.")
def inspect(file, as_json, provider_key, service) -> None:
    """Show what mksheet reads in FILE (codes masked unless --json)."""
    from sheets import api

    codes = api.read_codes(file, provider_key, service=service)
    info = api.describe(codes)
    if as_json:
        click.echo(json.dumps(info, indent=2, ensure_ascii=False))
        return
    warn(file, codes.warnings)
    masked = ", ".join(api.mask(code) for code in codes.codes)
    rows = [("file", file), ("provider", f"{info['name'] or 'not named'} ({info['provider']})"),
            ("kind", f"{info['kind']} ({info['label']})"), ("account", info["account"] or "-"),
            ("issued", info["issued"] or "-"), ("how sure", f"{info['confidence']:.0%}"),
            ("codes", f"{info['count']}: {masked}"), ("used", str(len(info["used"])))]
    if info["numbers"]:
        rows.append(("numbers", f"{info['numbers'][0]}-{info['numbers'][-1]}"))
    rows += [("note", note) for note in info["notes"]]
    rows += [("warning", w) for w in info["warnings"]]
    for label, value in rows:
        click.echo(f"{label + ':':<10} {value}")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="A JSON list.")
@click.option("--markdown", is_flag=True, help="The table as in README.md.")
def providers(as_json, markdown) -> None:
    """List every provider, its kinds and its download file names."""
    from sheets.providers import ALL

    table = [{"key": p.key, "name": p.name, "kinds": [k.kind for k in p.kinds],
              "files": list(p.filenames), "confidence": p.confidence} for p in ALL]
    if as_json:
        click.echo(json.dumps(table, indent=2))
        return
    if markdown:
        click.echo("| key | provider | kinds | download file names | format known |")
        click.echo("|---|---|---|---|---|")
    for row in table:
        files = ", ".join(row["files"]) or "(no download: paste the codes into a .txt file)"
        if markdown:
            names = ", ".join(f"`{f}`" for f in row["files"]) or "none: paste the codes"
            click.echo(f"| `{row['key']}` | {row['name']} | {', '.join(row['kinds'])} | "
                       f"{names} | {row['confidence']} |")
        else:
            click.echo(f"{row['key']:<14} {row['name']:<24} {', '.join(row['kinds']):<32} {files}")


@cli.command()
@click.argument("file", type=click.Path())
@click.option("--json", "as_json", is_flag=True,
              help="Provider, account, serial, status and codes in clear (a list if several).")
@click.option("--state-dir", type=click.Path(file_okay=False), metavar="DIR", help=STATE_HELP)
@click.option("--password-file", type=click.Path(), metavar="FILE",
              help="The password of an encrypted sheet PDF, on FILE's first line.")
def verify(file, as_json, state_dir, password_file) -> None:
    """Read a sheet back from its PDF or a PNG/JPEG scan or photo, via its QR code."""
    from sheets import verify as readback
    from sheets.crypto import read_password_file

    password = read_password_file(password_file) if password_file else None
    found = [(sheet, readback.status(sheet, state_dir))
             for sheet in readback.read(file, password)]
    if as_json:
        objects = [readback.describe(sheet, standing) for sheet, standing in found]
        click.echo(json.dumps(objects[0] if len(objects) == 1 else objects, indent=2,
                              ensure_ascii=False))
        return
    for index, (sheet, standing) in enumerate(found):
        click.echo("" if index else f"{'file:':<10} {file}")
        for label, value in readback.summary(sheet, standing):
            click.echo(f"{label + ':':<10} {value}")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="A JSON list of sheets.")
@click.option("--state-dir", type=click.Path(file_okay=False), metavar="DIR", help=STATE_HELP)
def history(as_json, state_dir) -> None:
    """List every sheet printed: serial, copies, and which are superseded."""
    from sheets import ledger, state

    rows = ledger.history(state.load(state.folder(state_dir)))
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for row in rows:
        click.echo(history_line(row))
    if not rows:
        click.echo("mksheet: no sheets recorded yet", err=True)


@cli.command()
@click.argument("serial")
@click.option("--state-dir", type=click.Path(file_okay=False), metavar="DIR", help=STATE_HELP)
def destroyed(serial, state_dir) -> None:
    """Record that sheet SERIAL (every copy of it) was shredded."""
    from sheets import api, ledger, state

    before, after = ledger.destroyed(state.folder(state_dir), serial, api.today())
    click.echo(history_line(ledger.as_dict(after)))
    if before.status == "current":
        warn_one(after.serial, "it was the current sheet and its codes still work: keep "
                 "another copy, or print it again from the download")


def history_line(row: dict) -> str:
    """One sheet of the ledger as a line of text."""
    copies = f"{row['copies']} {'copy' if row['copies'] == 1 else 'copies'}"
    line = (f"{row['serial']:<8} {row['status']:<10} {row['provider']:<12} "
            f"{row['account'] or '-':<20} {row['owner'] or '-':<12} {row['printed']}  {copies}")
    if row["replaced_by"]:
        line += f", replaced by {row['replaced_by']}"
    if row["status"] == "superseded":
        line += ": destroy it"
    return line


def resolve_paper(paper: str) -> str:
    """The paper size to lay out for: the option, or the machine's default."""
    from sheets.paper import default_paper

    return default_paper() if paper == "auto" else paper


def ask_password(encrypt: bool, password_file: str | None) -> str | None:
    """The --encrypt password: from --password-file, else asked twice without echo."""
    if password_file:
        from sheets.crypto import read_password_file

        return read_password_file(password_file)
    if not encrypt:
        return None
    if not sys.stdin.isatty():
        raise SheetsError("--encrypt", "needs a password and there is no terminal to ask on",
                          "use --password-file FILE")
    from sheets.crypto import check_password

    password = click.prompt("Password for the PDF", hide_input=True, confirmation_prompt=True,
                            err=True)
    return check_password(password, "--encrypt")


def emit(pdf: bytes, target: str, force: bool) -> None:
    """Write a finished PDF to target (or stdout for `-`) and say where it went."""
    from sheets.output import write_atomic

    _check_stopped()
    if target == "-":
        if sys.stdout.isatty():
            raise SheetsError("-", "will not write a PDF to a terminal", "redirect it: -o - > sheet.pdf")
        sys.stdout.buffer.write(pdf)
        sys.stdout.flush()
        return
    write_atomic(target, pdf, force=force)
    click.echo(target)


def warn(file: str, warnings) -> None:
    """Print warnings on stderr, one line each."""
    for warning in warnings:
        warn_one(file, warning)


@contextlib.contextmanager
def progress_bar(total: int, label: str):
    """A progress bar on stderr for long work, only when stderr is a terminal."""
    if total < 20 or not sys.stderr.isatty():
        yield lambda n: None
        return
    with click.progressbar(length=total, label=f"mksheet: {label}", file=sys.stderr) as bar:
        yield bar.update


def say(line: str) -> None:
    """A progress line on stderr (stdout may be carrying the PDF)."""
    click.echo(f"mksheet: {line}", err=True)


def warn_one(file: str, warning: str) -> None:
    """One warning line on stderr."""
    click.echo(f"mksheet: {file}: warning: {warning}", err=True)


class Interrupted(BaseException):
    """SIGINT or SIGTERM: unwinds through the atomic writer's cleanup, past click's Abort."""


_stopped: list[int] = []  # signals received (reportlab's bare `except:` may eat the raise)


def _stop(signum, frame):
    _stopped.append(signum)
    raise Interrupted


def _check_stopped() -> None:
    """Raise again a stop that a library swallowed, before anything more is written."""
    if _stopped:
        raise Interrupted


def _stopped_status() -> int:
    """128 + the signal that stopped us (130 for Ctrl-C)."""
    return 128 + (_stopped[0] if _stopped else signal.SIGINT)


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI and turn every failure into one line and an exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    args = [arg for arg in args if arg != "--debug"]  # accepted anywhere on the line
    if argv is None:  # run as a program: the process's signals are ours to handle
        signal.signal(signal.SIGTERM, _stop)
        if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not if ignored
            signal.signal(signal.SIGINT, _stop)
    try:
        result = cli.main(args=args, prog_name="mksheet", standalone_mode=False)
        return result if isinstance(result, int) else 0
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("mksheet: interrupted", err=True)
        return 130
    except SheetsError as exc:
        click.echo(f"mksheet: {exc.message()}", err=True)
        return exc.exit_code
    except (Interrupted, KeyboardInterrupt):
        click.echo("mksheet: interrupted; no partial file was left", err=True)
        return _stopped_status()
    except Exception as exc:  # a bug: say so without echoing data that might hold a code
        if _stopped:  # a library turned the interrupt into another exception
            click.echo("mksheet: interrupted; no partial file was left", err=True)
            return _stopped_status()
        import traceback

        if debug:
            traceback.print_exc()
        where = traceback.extract_tb(exc.__traceback__)[-1]
        click.echo(f"mksheet: internal error ({type(exc).__name__} at "
                   f"{os.path.basename(where.filename)}:{where.lineno}) — please report it; "
                   "run again with --debug for details", err=True)
        return EXIT_BUG
