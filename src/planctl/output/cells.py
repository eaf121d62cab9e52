"""Terminal cell widths of text, so Chinese (two cells a character) lines up without importing Rich."""

from __future__ import annotations

import unicodedata


def cell_width(text: str) -> int:
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - cell_width(text))
