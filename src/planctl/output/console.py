"""The Rich console, coloured and sized by the one decision in output.colour; and, for a view printed
without colour, a plain screen that makes Rich's console only when a line needs it (Rich's console is
a fifth of a short view's start-up)."""

from __future__ import annotations

import functools
import sys
from typing import TextIO

from planctl.output.colour import colour_wanted, output_width

TYPE_CHECKING = False
if TYPE_CHECKING:
    from rich.console import Console


def make_console(file: TextIO | None = None, width: int | None = None, colour: bool | None = None) -> Console:
    """A console writing to `file` (default stdout); `colour` None decides by output.colour for that stream.
    A buffer that will go to a file must say `colour=False`: files never get colour, FORCE_COLOR or not."""
    stream = file or sys.stdout
    if colour is None:
        colour = colour_wanted(stream)
    return _console_class()(
        file=stream,
        width=width or output_width(),
        no_color=not colour,
        color_system="auto" if colour else None,
        force_terminal=colour,
        highlight=False,
        emoji=False,
        soft_wrap=False,
    )


@functools.cache
def _console_class() -> type[Console]:
    """Rich's Console, but for a closed pipe (Rich is imported here, on first use)."""
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            """Rich would exit 1; a reader that went away is not an error (cli.streams decides)."""
            self.quiet = True
            raise BrokenPipeError

    return _Console


class PlainScreen:
    """Where a view without colour goes: `file`, `width` cells wide. A view writes the lines that Rich
    would print as their plain text itself (output.status.print_lines); `rich` is the console
    `make_console` makes for the same file, width and no colour, made on first use (a line Rich must
    cut, a tab)."""

    def __init__(self, file: TextIO, width: int) -> None:
        self.file = file
        self.width = width
        self._rich: Console | None = None

    @property
    def rich(self) -> Console:
        if self._rich is None:
            self._rich = make_console(self.file, self.width, colour=False)
        return self._rich


def make_screen(file: TextIO | None = None, width: int | None = None, colour: bool | None = None) -> Console | PlainScreen:
    """`make_console`'s console when the output is coloured; else a PlainScreen (Rich not imported until
    a line needs it)."""
    stream = file or sys.stdout
    if colour is None:
        colour = colour_wanted(stream)
    if colour:
        return make_console(stream, width, colour=True)
    return PlainScreen(stream, width or output_width())
