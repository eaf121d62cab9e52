"""The one place where errors become messages on stderr and exit codes (without importing Typer: the quick
way into `due` and `done`, cli/quick.py, uses it too)."""

from __future__ import annotations

import contextlib
import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

from planctl.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, EXIT_PROBLEMS, PlanctlError, os_reason
from planctl.format.source import PlanInvalid
from planctl.i18n import _

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


def report(exc: PlanctlError) -> None:
    if isinstance(exc, PlanInvalid) and exc.problems:
        from planctl.output.diagnostics import format_problems

        print(format_problems(exc.source, exc.problems), file=sys.stderr)
    from planctl.output.visible import visible  # a message may quote plan text (a title, a name)

    print(visible(_("planctl: error: {message}").format(message=exc.message)), file=sys.stderr)
    if exc.rows:
        from planctl.output.cells import cell_width, pad

        widths = [max(cell_width(row[i]) for row in exc.rows) for i in range(len(exc.rows[0]) - 1)]
        for row in exc.rows:  # lined up in terminal cells: a Chinese id takes two a character
            line = "  " + " ".join(pad(cell, width) for cell, width in zip(row, widths, strict=False)) + " " + row[-1]
            print(visible(line.rstrip()), file=sys.stderr)
    if exc.hint:
        print(visible(_("planctl: hint: {hint}").format(hint=exc.hint)), file=sys.stderr)


def handle_errors(command: F) -> F:
    """Run a command, turning planctl errors, Ctrl-C and bugs into a message and an exit code (`guarded`)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        import typer

        return guarded(lambda: command(*args, **kwargs), typer.Exit)

    return wrapper  # type: ignore[return-value]


def guarded(call: Callable[[], T], stop: Callable[[int], BaseException]) -> T:
    """`call()`, with planctl errors, Ctrl-C, a closed pipe, a file error and bugs said on stderr and then
    `stop(exit code)` raised: typer.Exit under Typer, SystemExit on the quick way (cli/quick.py). Typer's
    own Exit passes through; its Abort (Ctrl-C or end of input at a prompt) is an interruption. Neither
    can happen before Typer is imported, so this needs no Typer of its own."""
    try:
        return call()
    except SystemExit:
        raise
    except PlanctlError as exc:
        report(exc)
        raise stop(exc.exit_code) from None
    except KeyboardInterrupt:
        print(_("planctl: interrupted"), file=sys.stderr)
        raise stop(EXIT_INTERRUPTED) from None
    except BrokenPipeError:  # the reader went away (`planctl list | head -1`): stop quietly
        from planctl.cli.streams import closed_pipe

        raise stop(closed_pipe()) from None
    except OSError as exc:  # a file that cannot be read or written is the machine's doing, not a bug
        where = f"{exc.filename}: " if exc.filename else ""
        saved = _plans_written()
        if saved:  # the change is made: a failure after it (stdout or stderr full) must not invite running it again
            with contextlib.suppress(OSError, ValueError):  # stderr itself may be what failed
                print(_("planctl: warning: {plan} is saved, but what follows failed: {message}; the change is made, "
                        "do not run the command again").format(plan=saved, message=f"{where}{os_reason(exc)}"),
                      file=sys.stderr)
            raise stop(EXIT_OK) from None
        print(_("planctl: error: {message}").format(message=f"{where}{os_reason(exc)}"), file=sys.stderr)
        raise stop(EXIT_PROBLEMS) from None
    except Exception as exc:  # noqa: BLE001 - the last line of defence: never a traceback
        if _is_typer(exc, "Exit"):
            raise
        if _is_typer(exc, "Abort"):
            print(_("planctl: interrupted"), file=sys.stderr)
            raise stop(EXIT_INTERRUPTED) from None
        print(_("planctl: internal error: {error}").format(error=f"{type(exc).__name__}: {exc}"), file=sys.stderr)
        print(_("planctl: this is a bug in planctl; please report it with the command you ran"), file=sys.stderr)
        raise stop(EXIT_INTERNAL) from None


def _plans_written() -> str:
    """The plans this run has written (store.transaction.written), listed; "" when none (or the write
    transaction was never imported: nothing was written)."""
    from planctl.i18n import listed

    transaction = sys.modules.get("planctl.store.transaction")
    return listed(list(dict.fromkeys(transaction.written))) if transaction is not None else ""


def _is_typer(exc: Exception, name: str) -> bool:
    """Whether `exc` is Typer's exception `name` (False while Typer is not imported: none can exist)."""
    typer = sys.modules.get("typer")
    return typer is not None and isinstance(exc, getattr(typer, name))


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
