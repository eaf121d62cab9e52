"""Plan text as the terminal and text files show it: every hidden character (format/controls.py) escaped.

The one owner of what reaches a terminal or a text, Markdown or iCalendar file: a title, a note, a name
goes through `visible` (the views' cell bound `cells.clip` and `status.clip_text`, the terminal's `paint`,
the messages on stderr, Markdown and iCalendar text call it). A hidden character is written as the escape
a YAML double-quoted string takes for it, so what is shown can be pasted back into the plan:
`\\x1b` for a character below U+0100, `\\u202e` above. A tab is shown as one space (a terminal moves it
to its next tab stop, which no column of a view allows for; check's caret and show's one-line cells
count it so too); the line break passes (views lay it out). JSON keeps the text exactly (JSON escapes
control characters itself); CSV and xlsx carry it as data (xlsx drops what Excel cannot hold); HTML and
SVG escape it as markup.
"""

from __future__ import annotations

import re

from planctl.format.controls import escape, hidden


def _escaped(match: re.Match[str]) -> str:
    return escape(match.group())


def _escaped_but_cr(match: re.Match[str]) -> str:
    char = match.group()
    return char if char == "\r" else escape(char)


def visible(text: str, *, keep_cr: bool = False) -> str:
    """`text` with every hidden character escaped (`escape`) and each tab a space; `text` itself when it
    has neither (the usual case costs one `isprintable` scan). With `keep_cr`, a carriage return is left for
    the caller, whose format reads it as a line ending (iCalendar text)."""
    if text.isprintable():
        return text
    if "\t" in text:
        text = text.replace("\t", " ")
    if text.isprintable() or ("\n" in text and text.replace("\n", "").isprintable()):
        return text
    return hidden().sub(_escaped_but_cr if keep_cr else _escaped, text)
