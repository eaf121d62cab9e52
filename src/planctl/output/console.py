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


def make_console(file: TextIO | None = None, width: int | None = None, colour: bool | None = None) -> Console:
    """A console writing to `file` (default stdout); `colour` None decides by output.colour for that stream.
    A buffer that will go to a file must say `colour=False`: files never get colour, FORCE_COLOR or not."""
    stream = file or sys.stdout
    if colour is None:
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
