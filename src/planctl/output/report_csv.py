"""`planctl report --format csv`: the completion ledger (台账) as one CSV table, for other tools and Excel.

One header row, then a row per completion: day (ISO), outline number, item, phase, unit, person, one
number column per unit of amount (数量（小时）…), note. Text that a spreadsheet would run as a formula
(=HYPERLINK(…), +cmd|…, @SUM(…), -…) gets a leading ' as OWASP advises; numbers stay numbers. `-o FILE`
starts the file with a UTF-8 BOM (commands/report.py), which Excel needs to read Chinese right.
"""

from __future__ import annotations

import csv
import io

from planctl.output import report_tables as t
from planctl.output.report_words import Words
from planctl.status import report as r


def ledger(report: r.Report, w: Words) -> str:
    table = t.ledger(report, w, unit_columns=True)
    return write(table)


def write(table: t.Table) -> str:
    """A table as CSV (RFC 4180: CRLF line ends, quotes only where needed), text cells neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([t.neutralise(col.header) for col in table.columns])
    for row in table.rows:
        writer.writerow([cell_text(cell, col) for cell, col in zip(row, table.columns, strict=True)])
    return buffer.getvalue()


def cell_text(cell: t.Cell, column: t.Column) -> str:
    if isinstance(cell, str):
        return t.neutralise(cell)
    if column.kind == t.PERCENT and isinstance(cell, float):
        return f"{cell:.4g}"  # a fraction, as a spreadsheet stores a percentage
    if column.kind == t.NUMBER and isinstance(cell, float) and cell != int(cell):
        return repr(cell)  # full precision: 1/3 h is 0.3333333333333333, so a column sums as status does
    return t.shown(cell, column)
