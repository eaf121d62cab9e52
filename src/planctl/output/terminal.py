"""Where text output goes, how wide it is, and whether it may be coloured — without importing Rich.

Colour and width follow the one decision in output.colour.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TextIO

from planctl.output.colour import MIN_WIDTH, colour_wanted, output_width
from planctl.output.visible import visible

_SGR = {"bold": "1", "dim": "2", "italic": "3", "underline": "4", "red": "31", "green": "32", "yellow": "33",
        "blue": "34", "magenta": "35", "cyan": "36"}


class Terminal:
    def __init__(self, file: TextIO, width: int, color: bool) -> None:
        self.file = file
        self.width = width
        self.color = color

    def paint(self, text: str, style: str) -> str:
        """`text` (hidden characters escaped: output/visible.py) in `style`'s colours when colour is on."""
        if not text.isprintable():  # the usual text without a call
            text = visible(text)
        if not self.color or not style or not text:
            return text
        codes = ";".join(_SGR[word] for word in style.split() if word in _SGR)
        return f"\x1b[{codes}m{text}\x1b[0m" if codes else text

    def write_lines(self, lines: Iterable[str]) -> None:
        """Each line and a line break; lines given as they are made are written a thousand at a time."""
        if isinstance(lines, list):
            self.file.write("".join(line + "\n" for line in lines))
            return
        batch: list[str] = []
        for line in lines:
            batch.append(line)
            if len(batch) == 1000:
                self.file.write("\n".join(batch) + "\n")
                batch.clear()
        if batch:
            self.file.write("\n".join(batch) + "\n")


def make_terminal(file: TextIO | None = None, width: int | None = None) -> Terminal:
    stream = file or sys.stdout
    return Terminal(stream, max(width or output_width(), MIN_WIDTH), colour_wanted(stream))
