"""The one error boundary: every failure becomes one line on stderr and an exit code.

Exit codes: 0 ok, 1 a problem with an input or output file (a SheetsError), 2 usage, 3 a
bug in mksheet (one line naming where; the traceback only with --debug), 128 + N for
signal N. Nothing here echoes an exception's text for a bug: it might hold a code.

As a program, mksheet writes no core file (sheets.deliver.signals); library callers and
tests keep their core limit as it was.
"""

from __future__ import annotations

import os

import click

from sheets.deliver import signals
from sheets.errors import SheetsError

EXIT_BUG = 3


def run_guarded(group: click.Group, argv: list[str], as_program: bool) -> int:
    """Run the click group on argv; as a program, the process's signals are ours."""
    args = [arg for arg in argv if arg != "--debug"]  # accepted anywhere on the line
    debug = len(args) != len(argv)
    if as_program:
        signals.no_core_dumps()  # before any code or key is in memory
        signals.install()
    return _outcome(group, args, debug)


def _outcome(group: click.Group, args: list[str], debug: bool) -> int:
    """The click group's run as an exit code, every failure said in one line."""
    try:
        result = group.main(args=args, prog_name="mksheet", standalone_mode=False)
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
    except (signals.Interrupted, KeyboardInterrupt) as exc:
        return _interrupted(exc.detail if isinstance(exc, signals.Interrupted) else "")
    except Exception as exc:  # a bug: say so without echoing data that might hold a code
        if signals.stopped():  # a library turned the interrupt into another exception
            return _interrupted("")
        return _bug(exc, debug)


def _interrupted(note: str) -> int:
    click.echo(f"mksheet: interrupted; {note or 'no partial file was left'}", err=True)
    return signals.exit_status()


def _bug(exc: Exception, debug: bool) -> int:
    import traceback

    if debug:
        traceback.print_exc()
    where = traceback.extract_tb(exc.__traceback__)[-1]
    click.echo(
        f"mksheet: internal error ({type(exc).__name__} at "
        f"{os.path.basename(where.filename)}:{where.lineno}) — please report it; "
        "run again with --debug for details",
        err=True,
    )
    return EXIT_BUG
