"""planctl's entry point: the Typer app with every command registered on it."""

from __future__ import annotations

import sys

import typer

from planctl.cli import extra, git, views  # noqa: F401  (each registers its commands on `app`)
from planctl.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    import gc

    # A run lives for a fraction of a second and builds its objects once; the cyclic collector
    # would only walk them over and over (a third of a large plan's load). Reference counting
    # still frees everything that is let go.
    gc.disable()
    _register_only_the_invoked_command(sys.argv)
    app(prog_name="planctl")


def _register_only_the_invoked_command(argv: list[str]) -> None:
    """Let Typer build only the command being run: building every command's options (reading
    their annotations) is a fifth of a short command's start-up. `planctl --help`, `planctl`
    alone and shell completion still see them all."""
    import os

    if len(argv) < 2 or argv[1].startswith("-") or any(k.startswith("_PLANCTL_COMPLETE") for k in os.environ):
        return
    chosen = [info for info in app.registered_commands if _command_name(info) == argv[1]]
    if chosen:
        app.registered_commands = chosen


def _command_name(info: typer.models.CommandInfo) -> str:
    callback = info.callback
    return info.name or (callback.__name__.replace("_", "-") if callback is not None else "")
