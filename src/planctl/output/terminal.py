"""Where text output goes, how wide it is, and whether it may be coloured — without importing Rich.

Colour only on a terminal and never with NO_COLOR set; when piped, the width is $COLUMNS or 120.
"""

from __future__ import annotations

import os
import shutil
import sys
from typing import TextIO

PIPED_WIDTH = 120
_SGR = {"bold": "1", "dim": "2", "italic": "3", "underline": "4", "red": "31", "green": "32", "yellow": "33",
        "blue": "34", "magenta": "35", "cyan": "36"}


class Terminal:
    def __init__(self, file: TextIO, width: int, color: bool) -> None:
        self.file = file
        self.width = width
        self.color = color

    def paint(self, text: str, style: str) -> str:
        if not self.color or not style or not text:
            return text
        codes = ";".join(_SGR[word] for word in style.split() if word in _SGR)
        return f"\x1b[{codes}m{text}\x1b[0m" if codes else text

    def write_lines(self, lines: list[str]) -> None:
        self.file.write("".join(line + "\n" for line in lines))


def make_terminal(file: TextIO | None = None, width: int | None = None) -> Terminal:
    stream = file or sys.stdout
    is_tty = stream.isatty()
    color = is_tty and not os.environ.get("NO_COLOR")
    if width is None:
        columns = int(os.environ.get("COLUMNS", "0") or 0)
        width = columns or (shutil.get_terminal_size().columns if is_tty else PIPED_WIDTH)
    return Terminal(stream, max(width, 20), color)
