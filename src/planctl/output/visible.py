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

Output whose encoding cannot hold every character (`PYTHONIOENCODING=ascii`, a Latin-1 terminal;
`limit_to`, called by cli/streams.py) gets each character it lacks `as_written`: a line or block drawn
in one cell (│ ─ … · █) as the ASCII character drawn alike, in one cell too; any other (Chinese) as its
backslash escape, `\\u6d3b`. The stream writes what it lacks that way (its error handler), and views
measure text as it is written (output/cells.py), so the columns a view lays out are the columns written.
"""

from __future__ import annotations

import re
import unicodedata

from planctl.format.controls import escape, hidden

ERRORS = "planctl-as-written"  # the error handler of an output stream `limit_to` registers
# A character drawn in one cell, as the ASCII character drawn alike (box drawing is read from its name).
_DRAWN_ALIKE = {"…": "~", "—": "-", "–": "-", "·": ".", "•": "*", "→": ">", "←": "<", "↳": ">", "✓": "v", "✗": "x",
                "░": ".", "▒": ":", "▓": "#", "█": "#", "▏": "|", "“": '"', "”": '"', "‘": "'", "’": "'", "×": "x",
                "▼": "v", "▲": "^", "▶": ">", "◀": "<", "›": ">", "‹": "<", "■": "#", "□": "o", "●": "o", "○": "o",
                "◆": "*", "★": "*", "☆": "*", "✔": "v", "✘": "x", "⚠": "!", "≈": "~", "≤": "<", "≥": ">"}
_encoding: str | None = None  # the output's encoding when it cannot hold every character (limit_to); None: it can
_lacked: dict[str, str] = {}  # a character the output's encoding lacks -> as_written


def limit_to(encoding: str | None) -> bool:
    """Take `encoding` as the output's: when it cannot hold every character (True), views measure text as such
    an output writes it (`as_written`, output/cells.py) and the error handler ERRORS, registered here, writes it
    so; nothing changes otherwise (UTF-8, the usual case: False)."""
    global _encoding
    import codecs

    try:
        name = codecs.lookup(encoding or "utf-8").name
    except LookupError:
        name = "ascii"
    if name.startswith("utf"):
        _encoding = None
        return False
    _encoding = name
    _lacked.clear()
    codecs.register_error(ERRORS, _written_instead)
    return True


def limited() -> bool:
    """Whether the output's encoding lacks characters (limit_to): views then measure text as written."""
    return _encoding is not None


def can_write(text: str) -> bool:
    """Whether the output (limit_to) holds every character of `text`."""
    if _encoding is None:
        return True
    try:
        text.encode(_encoding)
    except UnicodeEncodeError:
        return False
    return True


def as_written(char: str) -> str:
    """A character the output's encoding lacks, as written: one drawn in one cell as the ASCII one drawn alike,
    any other as its backslash escape (`\\u6d3b`, as Python's backslashreplace)."""
    found = _lacked.get(char)
    if found is None:
        found = _lacked[char] = (_DRAWN_ALIKE.get(char) or _box(char) or _symbol(char)
                                 or char.encode("ascii", "backslashreplace").decode())
    return found


def _box(char: str) -> str:
    """A box-drawing character (U+2500…U+257F) as -, | or +; '' for another character."""
    if not "\u2500" <= char <= "\u257f":
        return ""
    words = set(unicodedata.name(char, "").split())
    if not words & {"VERTICAL", "UP", "DOWN"}:
        return "-"  # ─ ━ ╌
    return "|" if not words & {"HORIZONTAL", "LEFT", "RIGHT"} else "+"  # │ ┃, else a corner or a joint: ├ ┬ ╇ └


def _symbol(char: str) -> str:
    """Another sign or punctuation mark drawn in one cell as "?" (one cell, as the views placed it); '' for a
    letter, a digit or a wide character, which are escaped."""
    if unicodedata.category(char)[0] in "PS" and unicodedata.east_asian_width(char) in ("N", "Na", "H"):
        return "?"
    return ""


def _written_instead(error: UnicodeError) -> tuple[str, int]:
    """The error handler ERRORS: what the output lacks, `as_written`."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    return "".join(as_written(char) for char in error.object[error.start:error.end]), error.end


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
