"""Characters of plan text that a terminal does not show as themselves: the one definition.

A title or note may hold them by accident (pasted from a web page, imported from a document) or on
purpose (a teammate's plan: `\\x1b]0;…\\x07` sets the terminal's window title, `\\x1b[2J` clears the
screen, U+202E shows the text after it reversed). They are:

- C0 control characters (U+0000–U+001F) but the tab and the line break, DEL (U+007F) and the C1
  control characters (U+0080–U+009F), carriage return among them (it overwrites the line);
- the bidirectional controls U+061C, U+200E, U+200F, U+202A–U+202E and U+2066–U+2069 (Unicode UAX #9),
  which reorder what follows them (CVE-2021-42574, "Trojan Source");
- the line and paragraph separators U+2028, U+2029;
- the zero-width space U+200B, the word joiner U+2060, U+FEFF (a byte-order mark inside text) and the
  Mongolian vowel separator U+180E: pasted from a web page, nothing shows them, and a terminal may give
  them a cell that the views do not count. The zero-width joiner and non-joiner (U+200D, U+200C) are not
  among them: emoji sequences (👨‍👩‍👧) and some scripts join with them.

A tab is no hidden character (a note may be laid out with it), but a view's cell shows it as a space
(output/visible.py) and `check` warns of one in a title or a name (format/textcheck.py).

Views show them escaped (output/visible.py); `check` warns where they are (format/textcheck.py); the
importers of .txt and .docx leave them out. This module only defines them: it is imported by `due`,
so its pattern is compiled on first use (`hidden()`), which a view of ordinary text never needs.
"""

from __future__ import annotations

import functools
import re

# The characters as a regular expression's character class.
HIDDEN_CLASS = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufeff]"


@functools.cache
def hidden() -> re.Pattern[str]:
    """The pattern of one hidden character (HIDDEN_CLASS), compiled once, when first asked for."""
    return re.compile(HIDDEN_CLASS)


def escape(char: str) -> str:
    """One hidden character as YAML's double-quoted escape for it: `\\x1b` below U+0100, `\\u202e` above."""
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
