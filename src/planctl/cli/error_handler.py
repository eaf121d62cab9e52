"""The one place where errors become messages on stderr and exit codes."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer

from planctl.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_PROBLEMS, PlanctlError
from planctl.format.source import PlanInvalid
from planctl.i18n import _

F = TypeVar("F", bound=Callable[..., Any])


def report(exc: PlanctlError) -> None:
    if isinstance(exc, PlanInvalid) and exc.problems:
        from planctl.output.diagnostics import format_problems

        print(format_problems(exc.source, exc.problems), file=sys.stderr)
    print(_("planctl: error: {message}").format(message=exc.message), file=sys.stderr)
    if exc.rows:
        from planctl.output.cells import cell_width, pad

        widths = [max(cell_width(row[i]) for row in exc.rows) for i in range(len(exc.rows[0]) - 1)]
        for row in exc.rows:  # lined up in terminal cells: a Chinese id takes two a character
            print("  " + " ".join(pad(cell, width) for cell, width in zip(row, widths, strict=False)) + " " + row[-1],
                  file=sys.stderr)
    if exc.hint:
        print(_("planctl: hint: {hint}").format(hint=exc.hint), file=sys.stderr)


def handle_errors(command: F) -> F:
    """Run a command, turning planctl errors, Ctrl-C and bugs into a message and an exit code."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except (typer.Exit, SystemExit):
            raise
        except typer.Abort:  # Ctrl-C or end of input at a prompt
            print(_("planctl: interrupted"), file=sys.stderr)
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except PlanctlError as exc:
            report(exc)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            print(_("planctl: interrupted"), file=sys.stderr)
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except BrokenPipeError:  # the reader went away (`planctl list | head -1`): stop quietly
            from planctl.cli.streams import closed_pipe

            raise typer.Exit(closed_pipe()) from None
        except OSError as exc:  # a file that cannot be read or written is the machine's doing, not a bug
            where = f"{exc.filename}: " if exc.filename else ""
            print(_("planctl: error: {message}").format(message=f"{where}{exc.strerror or exc}"), file=sys.stderr)
            raise typer.Exit(EXIT_PROBLEMS) from None
        except Exception as exc:  # noqa: BLE001 - the last line of defence: never a traceback
            print(_("planctl: internal error: {error}").format(error=f"{type(exc).__name__}: {exc}"), file=sys.stderr)
            print(_("planctl: this is a bug in planctl; please report it with the command you ran"), file=sys.stderr)
            raise typer.Exit(EXIT_INTERNAL) from None

    return wrapper  # type: ignore[return-value]


def paged(command: F) -> F:
    """Send what the command prints to a pager when stdout is a terminal (output.pager)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not sys.stdout.isatty():
            return command(*args, **kwargs)
        from planctl.output.pager import paging

        with paging():
            return command(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
