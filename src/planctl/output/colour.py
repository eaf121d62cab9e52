"""The one decision on colour and width for every command (without importing Rich).

Colour, first rule that applies wins:
1. ``NO_COLOR`` set and not empty: never (https://no-color.org).
2. ``FORCE_COLOR`` set, not empty and not ``0``, or ``CLICOLOR_FORCE`` set and not ``0``: always, even
   piped (https://force-color.org, https://bixense.com/clicolors).
3. ``TERM=dumb``: never.
4. Otherwise only when the output is a terminal (or a pager planctl started on one).

Width of text output: ``$COLUMNS`` when set (as Python's ``shutil.get_terminal_size`` and git read it),
else the width of the terminal planctl runs in — stdout's, else stderr's, else ``/dev/tty``'s, so that
``planctl due | less`` fits the screen — else 80.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TextIO

FALLBACK_WIDTH = 80
MIN_WIDTH = 20

# Set by output.pager while planctl's stdout goes into a pager that shows it on a terminal.
paging_on_terminal = False


def is_terminal(stream: TextIO) -> bool:
    """Whether text written to `stream` reaches a terminal (directly or through planctl's pager)."""
    try:
        return stream.isatty() or (paging_on_terminal and _is_stdout(stream))
    except ValueError:  # a closed stream
        return False


def colour_wanted(stream: TextIO, environ: Mapping[str, str] | None = None) -> bool:
    """Whether to colour what is written to `stream` (the rules in this module's docstring)."""
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR"):
        return False
    force = env.get("FORCE_COLOR")
    clicolor_force = env.get("CLICOLOR_FORCE")
    if (force and force != "0") or (clicolor_force and clicolor_force != "0"):
        return True
    if env.get("TERM") == "dumb":
        return False
    return is_terminal(stream)


def output_width(environ: Mapping[str, str] | None = None) -> int:
    """Columns to lay text out in (the rules in this module's docstring); at least MIN_WIDTH."""
    env = os.environ if environ is None else environ
    columns = env.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return max(int(columns), MIN_WIDTH)
    return max(terminal_columns() or FALLBACK_WIDTH, MIN_WIDTH)


def terminal_columns() -> int | None:
    """The width of the terminal planctl runs in: stdout's, stderr's or the controlling one; None if none."""
    for fd in (1, 2):
        try:
            return os.get_terminal_size(fd).columns or None
        except OSError:
            continue
    try:
        tty = os.open("/dev/tty", os.O_RDONLY | os.O_NOCTTY)
    except OSError:
        return None
    try:
        return os.get_terminal_size(tty).columns or None
    except OSError:
        return None
    finally:
        os.close(tty)


def _is_stdout(stream: TextIO) -> bool:
    import sys

    return stream is sys.stdout
