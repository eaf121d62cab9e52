"""`planctl report` on the terminal (`--format text`): the summary line, then each section as aligned columns."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from planctl.output import report_tables as t
from planctl.output.report_words import Words
from planctl.output.status import NARROW, Col, grid, print_lines
from planctl.status import report as r


def lines(report: r.Report, w: Words, width: int, *, full: bool = False) -> list[Text]:
    """The report as lines for `width` cells; long titles are cut at 40 cells (18 when narrow) so a
    terminal's rows line up, except with `full` (text to paste or keep: nothing is cut)."""
    wide = width >= NARROW
    out = [Text(t.heading(report, w), style="bold"), Text(f"{t.as_of_note(report, w)} · {w.summary(report)}"), Text("")]
    out.append(Text(w["ledger"], style="bold underline"))
    parts = t.ledger_by_phase(report, w)
    for title, table in parts:
        out.append(Text(f"  {title}", style="bold"))
        out.extend(_grid(table, wide, indent=4, full=full))
    if not parts:
        out.append(Text(f"  {w['nothing']}"))
    for table in (t.by_unit(report, w), t.quotas(report, w, numbers=False), t.fell_overdue(report, w), t.still_open(report, w),
                  t.due_next(report, w), t.quotas_due_next(report, w)):
        out += [Text(""), Text(table.title, style="bold underline")]
        out.extend(_grid(table, wide, indent=2, full=full) if table.rows else [Text(f"  {w['nothing']}")])
    return out


def _grid(table: t.Table, wide: bool, indent: int, full: bool = False) -> list[Text]:
    long_max = None if full else 40 if wide else 18
    cols = [Col(col.header, right=col.kind in (t.NUMBER, t.PERCENT), max=long_max if col.kind == t.LONG else None)
            for col in table.columns]
    rows = [[t.shown(cell, col) for cell, col in zip(row, table.columns, strict=True)] for row in table.rows]
    return grid(cols, rows, indent=indent)


def render(console: Console, report: r.Report, w: Words, *, full: bool = False) -> None:
    """Print the report; with `full`, no cell is cut and each line is as long as it needs (the console
    must then be wide enough: see FULL_WIDTH)."""
    print_lines(console, lines(report, w, console.width, full=full))


FULL_WIDTH = 100_000  # cells: a console this wide cuts no line of a report made with full=True
