"""Terminal cell widths of text: the one width function every view uses, and a bound on display text.

Widths are Rich's (`rich.cells`, the module alone: about 2 ms to import, so `planctl due` still does
without the rest of Rich). Rich measures grapheme clusters: Chinese takes two cells a character, a
zero-width space and a joined emoji sequence (👨‍👩‍👧) what a terminal gives them, conjoining jamo one
syllable. `due`'s tables, `check`'s caret and the Rich views therefore line up the same text alike.

No view shows more than `LONGEST` characters of one piece of text (a title, a note, a name): the
rest is cut with "…" before any measuring or wrapping, so a 30-million-character title costs a
view no more than a short one (issue 12, case 19). JSON and export carry the text whole.
"""

from __future__ import annotations

from rich.cells import cell_len, split_graphemes

LONGEST = 2000  # characters of one text a view shows; far beyond a title, a long note still whole
ELLIPSIS = "…"


def cell_width(text: str) -> int:
    """Cells `text` takes on a terminal (Rich's `cell_len`)."""
    return cell_len(text)


def clip(text: str, limit: int = LONGEST) -> str:
    """`text`, or its first `limit` - 1 characters and "…" when it is longer."""
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


def graphemes(text: str) -> list[tuple[str, int]]:
    """`text` as what a terminal draws as one thing (a character with its combining marks, a joined
    emoji sequence), each with its width in cells: where a line may be folded."""
    spans, _ = split_graphemes(text)
    return [(text[start:end], width) for start, end, width in spans]


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - cell_width(text))
