"""Terminal cell widths of text: the one width function every view uses, and a bound on display text.

Widths are Rich's (`rich.cells`, the module alone, so `planctl due` still does without the rest of Rich).
Rich measures grapheme clusters: Chinese takes two cells a character, a zero-width space and a joined
emoji sequence (👨‍👩‍👧) what a terminal gives them, conjoining jamo one syllable. `due`'s tables, `check`'s
caret and the Rich views therefore line up the same text alike.

Most text a view measures is ASCII and common Chinese (a title, a name, `3/8 h`, `04-11 … 04-17`): for
text made only of characters one cell wide (NARROW) or two cells wide (WIDE) in every Unicode version
Rich has a table for, its width is counted here directly, which is what Rich gives (no such character
joins another); anything else is measured by Rich, imported then (tests/test_cells.py holds the two
together for every version). Each text's width is measured once a run (`cell_width` remembers it).

No view shows more than `LONGEST` characters of one piece of text (a title, a note, a name): the
rest is cut with "…" before any measuring or wrapping, so a 30-million-character title costs a
view no more than a short one (issue 12, case 19). JSON and export carry the text whole. The same
bound escapes hidden characters (output/visible.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from planctl.output import visible as output
from planctl.output.visible import visible

LONGEST = 2000  # characters of one text a view shows; far beyond a title, a long note still whole
ELLIPSIS = "…"

# One cell wide in every table of Rich (printable ASCII and Latin-1, general punctuation such as — and …, box
# drawing and block elements), and two cells wide in every table (CJK punctuation, kana, the CJK ideographs of
# Unicode 4.1, Hangul syllables, full-width forms), as ranges of code points: text of these alone is counted
# without Rich (tests/test_cells.py checks them against each of Rich's tables).
NARROW = ((0x20, 0x7E), (0xA0, 0xFF), (0x2010, 0x2027), (0x2500, 0x25FC))
WIDE = ((0x3000, 0x3029), (0x3030, 0x303E), (0x3041, 0x3096), (0x309B, 0x30FF), (0x4E00, 0x9FBB), (0xAC00, 0xD7A3),
        (0xFF01, 0xFF60), (0xFFE0, 0xFFE6))
_REMEMBERED = 512  # texts up to this long have their width remembered (as Rich's own cache does)
_REMEMBERED_TEXTS = 1 << 16
_widths: dict[str, int] = {}


class _CharWidths(dict[str, int]):
    """Each character's cells when NARROW (1) or WIDE (2); 0 when Rich is to measure text holding it."""

    def __missing__(self, char: str) -> int:
        code = ord(char)
        width = 1 if any(lo <= code <= hi for lo, hi in NARROW) else 2 if any(lo <= code <= hi for lo, hi in WIDE) else 0
        self[char] = width
        return width


_CHAR_WIDTHS = _CharWidths()


def _char_class(ranges: tuple[tuple[int, int], ...], negate: bool = False) -> re.Pattern[str]:
    return re.compile("[" + ("^" if negate else "") + "".join(f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in ranges) + "]")


# A character neither printable ASCII nor WIDE. Text without one (most Chinese text) is measured from its
# UTF-8 length: every WIDE character is three bytes (all are above U+0800) and two cells, ASCII one and one.
# The pattern takes about 5 ms to compile (re walks each code point of its ranges), more than a view of a
# small plan measures: it is compiled once a run has measured SHORTCUT_AFTER texts character by character.
SHORTCUT_AFTER = 1000
_not_ascii_or_wide: list[re.Pattern[str] | int] = [0]  # the pattern once compiled, else the texts measured so far


def _shortcut() -> re.Pattern[str] | None:
    """The pattern of a character neither printable ASCII nor WIDE, once this run has measured enough text."""
    found = _not_ascii_or_wide[0]
    if isinstance(found, re.Pattern):
        return found
    if found < SHORTCUT_AFTER:
        _not_ascii_or_wide[0] = found + 1
        return None
    pattern = _not_ascii_or_wide[0] = _char_class(((0x20, 0x7E), *WIDE), negate=True)
    return pattern


def cell_width(text: str) -> int:
    """Cells `text` takes on a terminal (Rich's `cell_len`)."""
    width = _widths.get(text)
    if width is None:
        width = _measure(text)
        if len(text) < _REMEMBERED:
            if len(_widths) >= _REMEMBERED_TEXTS:  # a long-lived process (the tests): start again
                _widths.clear()
            _widths[text] = width
    return width


def cell_widths(texts: list[str]) -> list[int]:
    """`cell_width` of each of `texts`, in order: each measured before in this run by one lookup (a report's
    table of thousands of cells, most of them days, names and titles measured already or repeated)."""
    found = list(map(_widths.get, texts))
    if None not in found:
        return found  # type: ignore[return-value]  # no None in it
    new = [text for text, width in zip(texts, found, strict=True) if width is None]
    if len(new) >= SHORTCUT_AFTER and (widths := simple_widths(new)) is not None:  # measured together (a large
        measured = dict(zip(new, widths, strict=True))  # report's thousands of titles and notes)
        if len(_widths) + len(measured) >= _REMEMBERED_TEXTS:
            _widths.clear()
        _widths.update((text, width) for text, width in measured.items() if len(text) < _REMEMBERED)
        return [measured[text] if width is None else width for text, width in zip(texts, found, strict=True)]
    return [cell_width(text) if width is None else width for text, width in zip(texts, found, strict=True)]


def clipped(texts: Sequence[str]) -> list[str]:
    """`clip` of each of `texts`: at once when none needs it (all printable and at most LONGEST characters)."""
    if not texts or (all(map(str.isprintable, texts)) and max(map(len, texts)) <= LONGEST):
        return list(texts)
    return [clip(text) for text in texts]


def _measure(text: str) -> int:
    if text.isascii() and text.isprintable():
        return len(text)
    if output.limited():
        return _written_width(text)
    if (shortcut := _shortcut()) is not None and shortcut.search(text) is None:  # n ASCII, w WIDE: n + 3w bytes, n + 2w cells
        return (len(text.encode("utf-8")) + len(text)) // 2
    widths = bytes(map(_CHAR_WIDTHS.__getitem__, text))  # each character looked up once a run, then a dict's get
    if 0 not in widths:
        return len(widths) + widths.count(2)
    from rich.cells import cell_len  # the rest (joiners, combining marks, emoji, rarer scripts): Rich's rules

    return cell_len(text)


# Characters one cell wide in Rich's table (printable ASCII, box drawing, block elements: the bars and
# rules of the views), removed before the rest is measured: `line_width` of a long line of them.
_ONE_CELL = dict.fromkeys([*range(0x20, 0x7F), *range(0x2500, 0x25A0)])
_JOINERS = ("\u200d", "\ufe0f")  # change the width of what they join (Rich measures those graphemes whole)


def line_width(text: str) -> int:
    """`cell_width(text)`, faster on a long line mostly of ASCII and box or bar characters (a timeline
    row): those count one cell each and only the rest is measured, which is what Rich's sum over the
    characters gives when no joiner is present. A line of ASCII and WIDE characters alone is measured
    from its UTF-8 length, as `_measure` does."""
    if output.limited():
        return _measure(text)
    if (shortcut := _shortcut()) is not None and shortcut.search(text) is None:
        return (len(text.encode("utf-8")) + len(text)) // 2
    if any(joiner in text for joiner in _JOINERS):
        return _rich_width(text)
    rest = text.translate(_ONE_CELL)
    return len(text) - len(rest) + (_measure(rest) if rest else 0)


def line_widths(texts: list[str]) -> tuple[list[int], bool]:
    """`line_width` of each of `texts` (a chart's thousands of labels), and whether every one is made of printable
    ASCII and WIDE characters alone: then each is measured from its UTF-8 length, found for all at once (one
    search over them for any other character, once enough are given to be worth the pattern's compiling)."""
    widths = simple_widths(texts) if len(texts) >= SHORTCUT_AFTER else None
    if widths is None:
        return [line_width(text) for text in texts], False
    return widths, True


def simple_widths(texts: list[str]) -> list[int] | None:
    """`line_width` of each of `texts` when every one is made of printable ASCII and WIDE characters alone (so
    printable too: `clip` leaves one of at most LONGEST characters as it is), found by one search over them all;
    None when one is not (or the output cannot write every character)."""
    if output.limited():
        return None
    found = _not_ascii_or_wide[0]
    if not isinstance(found, re.Pattern):
        found = _not_ascii_or_wide[0] = _char_class(((0x20, 0x7E), *WIDE), negate=True)
    if found.search("".join(texts)) is not None:
        return None
    return [(size + length) // 2 for size, length in zip(map(len, map(str.encode, texts)), map(len, texts), strict=True)]


def _rich_width(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


def clip(text: str, limit: int = LONGEST) -> str:
    """`text`, or its first `limit` - 1 characters and "…" when it is longer; hidden characters escaped and a
    tab shown as a space (output/visible.py: a view's piece of text is bounded here), so columns align."""
    shown = text if len(text) <= limit else text[: limit - 1] + ELLIPSIS
    return shown if shown.isprintable() else visible(shown)  # the usual text without a call


def graphemes(text: str) -> list[tuple[str, int]]:
    """`text` as what a terminal draws as one thing (a character with its combining marks, a joined
    emoji sequence), each with its width in cells: where a line may be folded."""
    if output.limited():
        return [(char, _written_width(char)) for char in text]
    widths = bytes(map(_CHAR_WIDTHS.__getitem__, text))
    if 0 not in widths:  # each character is one of its own, as Rich splits them
        return list(zip(text, widths, strict=True))
    from rich.cells import split_graphemes

    spans, _ = split_graphemes(text)
    return [(text[start:end], width) for start, end, width in spans]


def _written_width(text: str) -> int:
    """Cells `text` takes as an output whose encoding lacks some of its characters writes it (output/visible.py
    `as_written`: `\\u6d3b` for 活, six cells; `~` for …, one)."""
    written = "".join(char if output.can_write(char) else output.as_written(char) for char in text)
    if written.isascii():
        return len(written) if written.isprintable() else _rich_width(written)
    from rich.cells import cell_len

    return cell_len(written)


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - cell_width(text))
