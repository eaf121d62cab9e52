"""Terminal cell widths of text: the one width function every view uses, and a bound on display text.

Widths are Rich's (`rich.cells`, the module alone: about 2 ms to import, so `planctl due` still does
without the rest of Rich). Rich measures grapheme clusters: Chinese takes two cells a character, a
zero-width space and a joined emoji sequence (👨‍👩‍👧) what a terminal gives them, conjoining jamo one
syllable. `due`'s tables, `check`'s caret and the Rich views therefore line up the same text alike.

No view shows more than `LONGEST` characters of one piece of text (a title, a note, a name): the
rest is cut with "…" before any measuring or wrapping, so a 30-million-character title costs a
view no more than a short one (issue 12, case 19). JSON and export carry the text whole. The same
bound escapes hidden characters (output/visible.py).
"""

from __future__ import annotations

from rich.cells import cell_len, split_graphemes

from planctl.output.visible import visible

LONGEST = 2000  # characters of one text a view shows; far beyond a title, a long note still whole
ELLIPSIS = "…"


def cell_width(text: str) -> int:
    """Cells `text` takes on a terminal (Rich's `cell_len`)."""
    return cell_len(text)


# Characters one cell wide in Rich's table (printable ASCII, box drawing, block elements: the bars and
# rules of the views), removed before the rest is measured: `line_width` of a long line of them.
_ONE_CELL = dict.fromkeys([*range(0x20, 0x7F), *range(0x2500, 0x25A0)])
_JOINERS = ("\u200d", "\ufe0f")  # change the width of what they join (Rich measures those graphemes whole)


def line_width(text: str) -> int:
    """`cell_width(text)`, faster on a long line mostly of ASCII and box or bar characters (a timeline
    row): those count one cell each and only the rest is measured, which is what Rich's sum over the
    characters gives when no joiner is present."""
    if any(joiner in text for joiner in _JOINERS):
        return cell_len(text)
    rest = text.translate(_ONE_CELL)
    return len(text) - len(rest) + (cell_len(rest) if rest else 0)


def clip(text: str, limit: int = LONGEST) -> str:
    """`text`, or its first `limit` - 1 characters and "…" when it is longer; hidden characters escaped
    (output/visible.py: a view's piece of text is bounded here)."""
    shown = text if len(text) <= limit else text[: limit - 1] + ELLIPSIS
    return shown if shown.isprintable() else visible(shown)  # the usual text without a call


def graphemes(text: str) -> list[tuple[str, int]]:
    """`text` as what a terminal draws as one thing (a character with its combining marks, a joined
    emoji sequence), each with its width in cells: where a line may be folded."""
    spans, _ = split_graphemes(text)
    return [(text[start:end], width) for start, end, width in spans]


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - cell_width(text))
