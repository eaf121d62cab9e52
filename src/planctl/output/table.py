"""A small table writer that lines up wide (Chinese) characters, in the look of Rich's tables.

`planctl due` runs every morning; drawing its tables here instead of with Rich saves Rich's import
and its measuring, which together cost more than everything else the command does.
"""

from __future__ import annotations

from collections.abc import Iterator

from planctl.output.breaks import fold
from planctl.output.cells import cell_width, clip, pad
from planctl.output.terminal import Terminal
from planctl.records import NamedTuple

Cell = str | tuple[str, str]  # text, or (text, style); text may hold line breaks


class Column(NamedTuple):
    header: str
    justify: str = "left"
    wrap: bool = False  # may fold onto more lines when the table is too wide
    min_width: int = 6
    drop: int = 0  # left out, the highest first, when the table fits no other way (output/fit.py); 0: always shown
    fold: bool = False  # folds too (not only `wrap`), but only when the table fits no other way


class _Folding(NamedTuple):
    """A column as output/fit.py reads it."""

    fold: int
    drop: int
    keep: int


class Table:
    def __init__(self, title: Cell, columns: list[Column]) -> None:
        self.title = title
        self.columns = columns
        self.rows: list[tuple[tuple[str, ...], tuple[str, ...], bool]] = []  # each cell's text and style, ends a section
        self.plain = ("",) * len(columns)  # the styles of a row without any, shared by all such rows

    def add_row(self, *cells: Cell, end_section: bool = False) -> None:
        """Each cell's text is cut to `cells.LONGEST` characters: no row costs more than that to lay out."""
        texts = tuple([clip(cell) if isinstance(cell, str) else clip(cell[0]) for cell in cells])
        styles = tuple([_style(cell) for cell in cells])
        self.rows.append((texts, self.plain if styles == self.plain else styles, end_section))


def _text(cell: Cell) -> str:
    return cell if isinstance(cell, str) else cell[0]


def _style(cell: Cell) -> str:
    return "" if isinstance(cell, str) else cell[1]


def _widths(table: Table, width: int) -> tuple[list[int], list[int]]:
    """The indexes of the columns shown in `width` cells and their widths: the `wrap` columns narrowed, the
    widest first, down to their `min_width`; when that is still too wide, the one narrowing rule of the text
    tables (output/fit.py): columns dropped and folded down to their widest unbreakable piece."""
    natural = [
        max([cell_width(column.header), *(cell_width(line) for texts, _, _ in table.rows for line in texts[i].split("\n"))])
        for i, column in enumerate(table.columns)
    ]
    widths = list(natural)
    budget = width - 3 * (len(natural) - 1)
    while sum(widths) > budget:
        candidates = [i for i, c in enumerate(table.columns) if c.wrap and widths[i] > c.min_width]
        if not candidates:
            return _fitted(table, natural, width)
        widest = max(candidates, key=lambda i: widths[i])
        widths[widest] -= 1
    return list(range(len(natural))), widths


def _fitted(table: Table, natural: list[int], width: int) -> tuple[list[int], list[int]]:
    from planctl.output.breaks import narrowest
    from planctl.output.fit import fit

    folding = [_Folding(c.min_width if c.wrap or c.fold else 0, c.drop, c.min_width if c.wrap or c.fold else 0)
               for c in table.columns]
    least: list[int | None] = [
        max([cell_width(c.header), *(narrowest(line) for texts, _, _ in table.rows for line in texts[i].split("\n")), 1])
        if f.fold else None for i, (c, f) in enumerate(zip(table.columns, folding, strict=True))]
    return fit(folding, natural, least, width, 3)


def render(table: Table, terminal: Terminal) -> list[str]:
    return list(lines_of(table, terminal))


def lines_of(table: Table, terminal: Terminal) -> Iterator[str]:
    """`render`'s lines, each made as it is taken (a table of a million rows is not held twice, as its rows
    and as its lines)."""
    shown, widths = _widths(table, terminal.width)
    every = len(shown) == len(table.columns)
    shown_columns = table.columns if every else [table.columns[i] for i in shown]
    title = _text(table.title)
    yield terminal.paint(title, _style(table.title))
    header = [pad(c.header, w) if c.justify == "left" else " " * (w - cell_width(c.header)) + c.header
              for c, w in zip(shown_columns, widths, strict=True)]
    yield " ┃ ".join(terminal.paint(h, "bold") for h in header).rstrip()
    yield "━╇━".join("━" * w for w in widths)
    columns = list(zip([column.justify == "left" for column in shown_columns], widths, strict=True))
    laid: dict[tuple[str, bool, int], list[tuple[str, bool]]] = {}  # a cell's lines padded, and whether each has text
    paint = terminal.paint if terminal.color else None
    for texts, styles, end_section in table.rows:
        if not every:
            texts, styles = tuple([texts[i] for i in shown]), tuple([styles[i] for i in shown])
        cells = []
        for text, (is_left, w) in zip(texts, columns, strict=True):
            lines = laid.get((text, is_left, w))
            if lines is None:
                lines = laid[(text, is_left, w)] = [(_padded(line, is_left, w), line != "") for line in fold(text, w)]
            cells.append(lines)
        for n in range(max(map(len, cells))):
            parts = [lines[n] if n < len(lines) else (" " * w, False) for lines, (_, w) in zip(cells, columns, strict=True)]
            if paint is None:
                yield " │ ".join([part for part, _ in parts]).rstrip()
            else:
                yield " │ ".join([paint(part, style) if has_text else part
                                       for (part, has_text), style in zip(parts, styles, strict=True)]).rstrip()
        if end_section:
            yield "─┼─".join("─" * w for w in widths)


def _padded(line: str, is_left: bool, width: int) -> str:
    """A line of a cell filled with spaces to `width` cells, on the right (left-justified) or on the left."""
    if not line:
        return " " * width
    padding = " " * (width - cell_width(line))
    return line + padding if is_left else padding + line
