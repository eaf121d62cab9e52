"""The Rich console, coloured and sized by the one decision in output.colour."""

from __future__ import annotations

import sys
from typing import TextIO

from rich.console import Console

from planctl.output.colour import colour_wanted, output_width


class _Console(Console):
    def on_broken_pipe(self) -> None:
        """Rich would exit 1; a reader that went away is not an error (cli.streams decides)."""
        self.quiet = True
        raise BrokenPipeError


def make_console(file: TextIO | None = None, width: int | None = None) -> Console:
    stream = file or sys.stdout
    colour = colour_wanted(stream)
    return _Console(
        file=stream,
        width=width or output_width(),
        no_color=not colour,
        color_system="auto" if colour else None,
        force_terminal=colour,
        highlight=False,
        emoji=False,
        soft_wrap=False,
    )
