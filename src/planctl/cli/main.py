"""planctl's entry point: the Typer app with every command registered on it, and the quick way into
`due`, `done` and the views (cli/quick.py) that does without it.

The module itself imports nothing heavy, so that a Ctrl-C while Typer, Rich and the commands are still
being imported (the first tenth of a second, more on a loaded machine) ends as any other Ctrl-C does:
`planctl: interrupted`, exit 130, no traceback."""

from __future__ import annotations

import sys  # already loaded by the interpreter: no work at import

TYPE_CHECKING = False  # not typing's: importing typing is work a Ctrl-C could land in
if TYPE_CHECKING:
    from typing import Any

    import typer

__all__ = ["app", "entry", "main"]  # noqa: F822  (`app` comes from __getattr__)


def __getattr__(name: str) -> Any:
    """`app`: the Typer app with every command registered (imported on first use)."""
    if name == "app":
        return _app()
    raise AttributeError(name)


def _app() -> typer.Typer:
    from planctl.cli import extra, git, helptopics, views  # noqa: F401  (each registers its commands on `app`)
    from planctl.cli.app import app

    return app


def main() -> None:
    import gc

    from planctl.cli import streams

    # A run lives for a fraction of a second and builds its objects once; the cyclic collector
    # would only walk them over and over (a third of a large plan's load). Reference counting
    # still frees everything that is let go.
    gc.disable()
    streams.prepare()
    try:
        _quickly_or_with_typer(sys.argv)
    except SystemExit as stop:
        raise SystemExit(streams.finish(stop.code)) from None


def entry() -> None:
    """The `planctl` program (the console script, `python -m planctl`): `main`, after which a large
    process ends without freeing its heap when that is safe (streams.leave). A caller of `main`
    in its own process goes on as usual."""
    try:
        try:
            main()
        except SystemExit as stop:
            from planctl.cli import streams

            streams.leave(stop.code)
            raise
    except KeyboardInterrupt:  # before the command's own handler was in place (start-up), or after it
        raise SystemExit(_interrupted()) from None


def _interrupted() -> int:
    """Say `planctl: interrupted` (as the command's handler does) and give its exit code."""
    import contextlib

    from planctl.errors import EXIT_INTERRUPTED
    from planctl.i18n import _

    with contextlib.suppress(OSError, ValueError):
        print(_("planctl: interrupted"), file=sys.stderr)
    return EXIT_INTERRUPTED


QUICK = True  # tests switch the quick way off to compare it with Typer's


def _quickly_or_with_typer(argv: list[str]) -> None:
    """`due`, `done` and the views as people usually type them run without Typer (cli.quick); the rest
    through the app."""
    from planctl.cli import quick

    call = quick.read(argv[1:]) if QUICK and quick.wanted() else None
    if call is not None:
        raise SystemExit(quick.run(call, _ask))
    _register_only_the_invoked_command(argv)
    _run()


def _ask(question: str) -> bool:
    """`done`'s yes/no question on the quick way: cli.app's, imported (with Typer) only when there is one."""
    from planctl.cli.app import ask

    return ask(question)


def _run() -> None:
    """The app; shell completion and a named shell for --show/--install-completion go through cli.shells."""
    import os

    import typer

    from planctl.cli import shells

    app = _app()
    named = shells.run_named_shell_request(sys.argv[1:])
    if named is not None:
        raise SystemExit(named)
    if shells.COMPLETE_VAR not in os.environ:
        app(prog_name="planctl")
        return
    command = typer.main.get_command(app)
    shells.unfiltered(command)
    command(prog_name="planctl")


def _register_only_the_invoked_command(argv: list[str]) -> None:
    """Let Typer build only the command being run: building every command's options (reading
    their annotations) is a fifth of a short command's start-up. `planctl --help`, `planctl`
    alone and shell completion still see them all."""
    import os

    if any(k.startswith("_PLANCTL_COMPLETE") for k in os.environ):
        return
    app = _app()
    name = _command_word(argv[1:])
    if name is None or name == "help":  # `planctl help` shows the other commands' help
        return
    chosen = [info for info in app.registered_commands if _command_name(info) == name]
    if chosen:
        app.registered_commands = chosen


def _command_name(info: typer.models.CommandInfo) -> str:
    callback = info.callback
    return info.name or (callback.__name__.replace("_", "-") if callback is not None else "")


def _command_word(args: list[str]) -> str | None:
    """The command's name: the first word that is neither a root option nor a root option's value."""
    from planctl.cli.quick import ROOT, TEXT

    skip_value = False
    for word in args:
        if skip_value:
            skip_value = False
        elif word in ROOT and ROOT[word].kind == TEXT:
            skip_value = True
        elif not word.startswith("-"):
            return word
    return None
