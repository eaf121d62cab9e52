"""The Rich console: colour only on a terminal and without NO_COLOR; plain text when piped."""

from __future__ import annotations

import os
import sys
from typing import TextIO

from rich.console import Console


def make_console(file: TextIO | None = None, width: int | None = None) -> Console:
    stream = file or sys.stdout
    is_tty = stream.isatty()
    no_color = bool(os.environ.get("NO_COLOR")) or not is_tty
    if width is None and not is_tty:
        width = int(os.environ.get("COLUMNS", "0") or 0) or 120
    return Console(
        file=stream,
        width=width,
        no_color=no_color,
        color_system=None if no_color else "auto",
        highlight=False,
        emoji=False,
        soft_wrap=False,
    )
