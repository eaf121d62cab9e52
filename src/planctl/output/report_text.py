"""`planctl report` on the terminal (`--format text`): the summary line, then each section as aligned columns.

On a terminal, fitted to its width (output.colour: $COLUMNS first): headings wrap, and a table too wide for
it folds its text columns over more lines (output/breaks.py: never a number from its unit), then leaves out
the columns a reader needs least (DROPS); nothing is cut. Whole (`full`, a report piped or saved): each line
as long as it needs.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from itertools import repeat

from planctl.output import report_tables as t
from planctl.output.cells import cell_width
from planctl.output.report_words import Words
from planctl.output.status import Col, grid, plain_columns, plain_console, plain_text, print_lines, wrap_plain, wrap_text
from planctl.status import report as r

TYPE_CHECKING = False
if TYPE_CHECKING:
    from rich.text import Text

    from planctl.output.status import Screen

# The columns left out of a table too wide for the width even folded, the highest first (report_words keys):
# the rate (the target and done are beside it), the start (the end is what a week's report is about),
# the finishing day, the phase, the sub-tasks done, the person of a ledger row, the days overdue (the end is
# beside it), the outline number (the title says what it is). Never the period, the scope or the state: a
# quota's rows differ only by them. A title is never folded below KEEP instead (issue 17).
DROPS = {"rate": 9, "start": 8, "done_on": 7, "phase": 6, "leaves": 5, "person": 4, "late_days": 3,
         "outline": 2}

# Cells a text column is folded down to before a column is left out: a title or a note to eight Chinese
# characters a line, a name or a period (处领导班子, 04-07 至 04-13) to six.
FOLD = {t.LONG: 16, t.TEXT: 12}

# Cells a column is never folded below (its whole text when shorter): a title or a note eight Chinese
# characters a line, a name (report_words keys) four (处中心组); columns are left out first (docs/report.md).
KEEP = {t.LONG: 16}
NAMES = {"scope": 8, "who": 8, "person": 8}
WHOLE_HEADERS = ("done_target",)  # a column whose header is never folded (完成/目标 over 0/8 小时, not 完成/目 / 标)


def lines(report: r.Report, w: Words, width: int, *, full: bool = False, styled: bool = True) -> list[Text | str]:
    """The report as lines of at most `width` cells (a table that cannot fit even folded and without its
    DROPS columns excepted); with `full` (text to paste or keep), each line as long as it needs, nothing
    wrapped or left out. Without `styled`, the lines are their plain text alone (`plain_columns`, `wrap_plain`):
    Rich is not needed."""
    fit = None if full else width

    def heading(text: str, style: str = "") -> list[Text] | list[str]:
        if not styled:
            return [plain_text(text)] if fit is None else wrap_plain(text, fit, hanging=True) or [""]
        from rich.text import Text

        return _wrapped(Text(text, style=style), fit)

    nothing = f"  {w['nothing']}"
    out: list[Text | str] = [*heading(t.heading(report, w), "bold"),
                             *heading(f"{t.as_of_note(report, w)} · {w.summary(report)}"), ""]
    out.append(_styled(w["ledger"], "bold underline", styled))
    parts = t.ledger_by_phase(report, w)
    for title, table in parts:
        out.extend(heading(f"  {title}", "bold"))
        out.extend(_grid(table, w, indent=4, width=fit, styled=styled))
    if not parts:
        out.append(_styled(nothing, "", styled))
    for table in (t.by_unit(report, w), t.quotas(report, w, numbers=False), t.fell_overdue(report, w), t.still_open(report, w),
                  t.due_next(report, w), t.quotas_due_next(report, w)):
        out += ["", *heading(table.title, "bold underline")]
        out.extend(_grid(table, w, indent=2, width=fit, styled=styled) if table.rows else [_styled(nothing, "", styled)])
    return out


def _styled(text: str, style: str, styled: bool) -> Text | str:
    """A line of one style: a Text when `styled`, else its plain text."""
    if not styled:
        return plain_text(text)
    from rich.text import Text

    return Text(text, style=style)


def _wrapped(text: Text, width: int | None) -> list[Text]:
    from rich.text import Text

    return [text] if width is None else wrap_text(text, width, hanging=True) or [Text("")]


def _grid(table: t.Table, w: Words, indent: int, width: int | None, styled: bool) -> list[Text] | list[str]:
    """A table; with `width`, its text folded and its least needed columns left out until it fits; without
    `styled`, as plain text."""
    drops = {w[key]: rank for key, rank in DROPS.items()}
    names = {w[key]: cells for key, cells in NAMES.items()}
    names.update({w[key]: cell_width(w[key]) for key in WHOLE_HEADERS})
    cols = [Col(col.header, right=col.kind in (t.NUMBER, t.PERCENT), fold=FOLD.get(col.kind, 0),
                keep=KEEP.get(col.kind, names.get(col.header, 0)), drop=drops.get(col.header, 0)) for col in table.columns]
    by_column = [_shown(cells, col) for cells, col in zip(zip(*table.rows, strict=True), table.columns, strict=True)]
    if not styled:
        return plain_columns(cols, by_column, indent=indent, width=width, drop_empty=True)
    return grid(cols, list(map(list, zip(*by_column, strict=True))), indent=indent, width=width, drop_empty=True)


def _shown(cells: tuple[t.Cell, ...], col: t.Column) -> Sequence[str]:
    """A column's cells as text (`report_tables.shown`): most columns are text already; a column of days says
    each distinct day once (a ledger's thousands of rows fall on a week's seven)."""
    distinct = dict.fromkeys(cells)  # every cell is a value (str, date, number, None)
    kinds = set(map(type, distinct))
    if kinds <= {str}:
        return cells  # type: ignore[return-value]  # str alone
    if col.kind == t.DATE and kinds <= {date, type(None)}:
        said = {cell: t.shown(cell, col) for cell in distinct}
        return list(map(said.__getitem__, cells))
    return list(map(t.shown, cells, repeat(col)))


def render(console: Screen, report: r.Report, w: Words, *, full: bool = False) -> None:
    """Print the report fitted to the console's width; with `full`, no cell is cut and each line is as long
    as it needs (the console must then be wide enough: see FULL_WIDTH)."""
    print_lines(console, lines(report, w, console.width, full=full, styled=not plain_console(console)))


FULL_WIDTH = 100_000  # cells: a console this wide cuts no line of a report made with full=True
