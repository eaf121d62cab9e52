"""`planctl report --format xlsx`: a workbook an office keeps as its 台账 (ledger), written with XlsxWriter.

Three sheets, headers in the plan's language: the completion ledger (完成台账), quota standing (配额) and
task standing (任务). Days are real spreadsheet dates (yyyy-mm-dd), amounts are numbers with their unit in
the header (数量（小时）) or in a unit column, percentages are numbers shown as %. Each sheet has a frozen
header row, a filter on every column, widths that fit Chinese (two character widths a character), and
prints on A4 landscape, one page wide, the header row repeated, with the report's title and page numbers.

Plan text is written as text cells and never as formulas: text a spreadsheet would read as a formula
(=…, +…, -…, @…) also gets Excel's quote prefix, so that editing the cell keeps it text (OWASP).
"""

from __future__ import annotations

import io
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from planctl.output import report_tables as t
from planctl.output.cells import cell_width
from planctl.output.report_words import Words
from planctl.status import report as r

if TYPE_CHECKING:
    from xlsxwriter.format import Format
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

A4 = 9  # XlsxWriter's paper code for A4
LONG_WIDTH = 60  # characters wide at most for titles and notes (longer ones wrap)
LINE_HEIGHT = 15  # points a line of 11-point text takes
TEXT_WIDTH = 24
FONT = "等线"  # Excel's default for Chinese since 2016; LibreOffice falls back to a CJK font it has


def workbook(report: r.Report, w: Words) -> bytes:
    """The workbook as bytes."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {
        "in_memory": True,
        "strings_to_formulas": False,  # plan text is never a formula …
        "strings_to_urls": False,  # … nor a link
        "strings_to_numbers": False,
    })
    heading = t.heading(report, w)
    book.set_properties({"title": heading, "subject": w.summary(report), "comments": "planctl report",
                         "created": datetime.combine(report.as_of, time())})
    formats = _formats(book, w)
    sheets = [t.ledger(report, w, unit_columns=True), t.quotas(report, w), t.tasks(report, w)]
    for table in sheets:
        _sheet(book, table, formats, f"{heading} · {table.title}", w)
    book.close()
    return buffer.getvalue()


def _formats(book: Workbook, w: Words) -> dict[str, Format]:
    base: dict[str, Any] = {"font_name": FONT if w.lang == "zh" else "Calibri", "font_size": 11, "border": 1,
                            "valign": "top"}
    return {
        "header": book.add_format({**base, "bold": True, "bg_color": "#DDEBF7", "text_wrap": True, "align": "center",
                                   "valign": "vcenter"}),
        t.TEXT: book.add_format(base),
        t.LONG: book.add_format({**base, "text_wrap": True}),
        "quoted": book.add_format({**base, "quote_prefix": True}),
        "quoted_long": book.add_format({**base, "text_wrap": True, "quote_prefix": True}),
        t.DATE: book.add_format({**base, "num_format": "yyyy-mm-dd", "align": "left"}),
        t.NUMBER: book.add_format({**base, "num_format": "General"}),
        t.PERCENT: book.add_format({**base, "num_format": "0%"}),
    }


def _sheet(book: Workbook, table: t.Table, formats: dict[str, Format], title: str, w: Words) -> None:
    sheet = book.add_worksheet(table.title)
    for col, column in enumerate(table.columns):
        sheet.write_string(0, col, column.header, formats["header"])
    for row_number, row in enumerate(table.rows, start=1):
        for col, (cell, column) in enumerate(zip(row, table.columns, strict=True)):
            write_cell(sheet, row_number, col, cell, column, formats)
    last_col = len(table.columns) - 1
    widths = [column_width(table, col) for col in range(len(table.columns))]
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    for row_number, row in enumerate(table.rows, start=1):
        lines = row_lines(row, table.columns, widths)
        if lines > 1:  # spreadsheets do not grow a row for wrapped text they did not lay out themselves
            sheet.set_row(row_number, LINE_HEIGHT * lines)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(table.rows), 1), last_col)
    _print_setup(sheet, title, w)


def write_cell(sheet: Worksheet, row: int, col: int, cell: t.Cell, column: t.Column, formats: dict[str, Format]) -> None:
    """One cell by its type: text as text (quote-prefixed when it looks like a formula), dates as dates,
    numbers as numbers."""
    if cell is None or cell == "":
        sheet.write_blank(row, col, None, formats[column.kind if column.kind in formats else t.TEXT])
    elif isinstance(cell, str):
        long = column.kind == t.LONG
        if t.looks_like_formula(cell):
            sheet.write_string(row, col, cell, formats["quoted_long" if long else "quoted"])
        else:
            sheet.write_string(row, col, cell, formats[t.LONG if long else t.TEXT])
    elif isinstance(cell, date):
        sheet.write_datetime(row, col, datetime.combine(cell, time()), formats[t.DATE])
    else:
        sheet.write_number(row, col, cell, formats[t.PERCENT if column.kind == t.PERCENT else t.NUMBER])


def column_width(table: t.Table, col: int) -> float:
    """Characters wide (Excel's unit, about one Latin digit): the widest cell, a Chinese character counting
    two; long text capped so it wraps; room for the filter button beside the header."""
    column = table.columns[col]
    if column.kind == t.DATE:
        return 12
    widest = max([cell_width(column.header) + 3, *(cell_width(t.shown(row[col], column)) for row in table.rows)])
    cap = LONG_WIDTH if column.kind == t.LONG else TEXT_WIDTH
    return min(widest + 2, cap)


def row_lines(row: list[t.Cell], columns: list[t.Column], widths: list[float]) -> int:
    """How many lines the row's longest wrapped text takes in its column."""
    lines = 1
    for cell, column, width in zip(row, columns, widths, strict=True):
        if column.kind == t.LONG and isinstance(cell, str):
            lines = max(lines, -(-cell_width(cell) // max(int(width) - 2, 1)))
    return lines


def _print_setup(sheet: Worksheet, title: str, w: Words) -> None:
    sheet.set_paper(A4)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)  # one page wide, as many tall as it takes
    sheet.repeat_rows(0)
    sheet.set_margins(left=0.5, right=0.5, top=0.75, bottom=0.75)
    page = "第 &P 页，共 &N 页" if w.lang == "zh" else "Page &P of &N"
    sheet.set_header(f"&C{_header_text(title)}")
    sheet.set_footer(f"&C{page}")


def _header_text(text: str) -> str:
    """Plan text in a page header: & starts a control code there, && is a literal &; 255 characters at most."""
    escaped = text.replace("&", "&&")
    return escaped[:200]
