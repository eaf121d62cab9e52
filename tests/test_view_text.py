"""The views' quick ways to the same text: lines written as their plain text when Rich would print
exactly that (output.status.print_lines), widths counted without Rich's per-character sum
(output.cells.line_width), timeline and grid rows built as one Text (the same spans, so coloured
output keeps its bytes too)."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as hs
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from planctl.output.cells import line_width
from planctl.output.status import Col, grid, print_lines

CHARS = ["a", " ", "中", "█", "▒", "│", "─", "é", "\u0301", "\u200d", "\ufe0f", "👨", "…", "◽", "\t", "ｱ", "\x85"]


@settings(max_examples=300, deadline=None)
@given(hs.text(alphabet=hs.sampled_from(CHARS), max_size=60))
def test_line_width_is_richs_cell_length(text: str) -> None:
    assert line_width(text) == cell_len(text)


def console(colour: bool, width: int = 40) -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, width=width, no_color=not colour, color_system="truecolor" if colour else None,
                   force_terminal=colour, highlight=False, emoji=False, soft_wrap=False), out


def rich_printed(lines: list[Text], colour: bool, width: int = 40) -> str:
    rich, out = console(colour, width)
    rich.print(Text("\n").join(lines), no_wrap=True, overflow="ellipsis", crop=True)
    return out.getvalue()


@settings(max_examples=200, deadline=None)
@given(hs.lists(hs.text(alphabet=hs.sampled_from(CHARS), max_size=50), min_size=1, max_size=4), hs.booleans())
def test_print_lines_prints_what_rich_prints(texts: list[str], colour: bool) -> None:
    """What Rich prints of the lines' visible forms (output/visible.py: a control code such as NEL shown as
    its escape, never sent to the terminal)."""
    from planctl.output.visible import visible

    lines = [Text(t, style="bold" if i % 2 else "") for i, t in enumerate(texts)]
    ours, out = console(colour)
    print_lines(ours, lines)
    shown = [Text(visible(t), style="bold" if i % 2 else "") for i, t in enumerate(texts)]
    assert out.getvalue() == rich_printed(shown, colour)


def old_grid(cols: list[Col], rows: list[list[Text | str]], width: int, gap: int = 2, indent: int = 2) -> list[Text]:
    """`grid` as it was: each cell cut, aligned and appended with Rich's own methods."""
    from planctl.output.cells import clip
    from planctl.output.status import _fit, _least_width, clip_text, cut

    cells = [[clip_text(c) if isinstance(c, Text) else Text(clip(c)) for c in row] for row in rows]
    widths = [max([cell_len(col.header), *(cell_len(row[i].plain) for row in cells)]) for i, col in enumerate(cols)]
    widths = [min(w, col.max) if col.max else w for w, col in zip(widths, cols, strict=True)]
    least = [_least_width(col, [row[i] for row in cells], True) for i, col in enumerate(cols)]
    shown, widths = _fit(cols, widths, least, width - indent, gap)  # the columns' fitting is not what is compared
    cols = [cols[i] for i in shown]
    cells = [[row[i] for i in shown] for row in cells]
    out = []
    for row in [[Text(col.header, style="bold") for col in cols], *cells]:
        line = Text(" " * indent)
        for i, (cell, col, w) in enumerate(zip(row, cols, widths, strict=True)):
            cell = cut(cell, w)
            if i == len(row) - 1 and not col.right:
                line.append_text(cell)
            else:
                cell.align("right" if col.right else "left", w)
                line.append_text(cell)
                if i != len(row) - 1:
                    line.append(" " * gap)
        line.rstrip()
        out.append(line)
    return out


@settings(max_examples=150, deadline=None)
@given(hs.lists(hs.tuples(hs.text(alphabet=hs.sampled_from(["a", "中", " ", "é", "\u0301"]), max_size=14),
                          hs.text(alphabet=hs.sampled_from(["1", "2", " "]), max_size=5)), min_size=1, max_size=4),
       hs.integers(10, 40))
def test_grid_lines_are_the_appended_cells(rows: list[tuple[str, str]], width: int) -> None:
    """Each line as appending each cut and aligned cell made it: the same text and the same spans."""
    cols = [Col("Title", max=12, least=4), Col("N", right=True), Col("Note", drop=1)]
    cells: list[list[Text | str]] = [[Text(title, style="cyan"), n, Text(title[::-1])] for title, n in rows]
    got = grid(cols, cells, width=width, indent=2)
    want = old_grid(cols, cells, width)
    assert [(x.plain, x.spans, x.style) for x in got] == [(x.plain, x.spans, x.style) for x in want]
