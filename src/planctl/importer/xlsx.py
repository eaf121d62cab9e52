"""Excel .xlsx workbooks (a school's table of weeks, a month-by-month work table), read safely.

The archive is checked as a .docx is (docx.checked_parts: entries, sizes, compression ratio, no DTD or
entities) and only its XML parts are handed to openpyxl. Each visible sheet is read in order, row by row:
a row is one line, its non-empty cells joined by ` | ` as a table row of a .docx is, so the outline reads
it the same way (`第1周 | 9.1-9.7 | 1. …`, `3月 | …`); a row of one cell (a title merged across the sheet)
is a plain line. A range merged over several rows (a date or a 负责人 written once for the rows beside it) gives
its value to each of its rows, in its first column, as docx2python does for Word's vertically merged cells; a
range as wide as the table (a title, a heading) gives it once. A date cell reads as 2025年9月1日, a whole number
without its `.0`. "Lines" are rows counted over the sheets in order.
"""

from __future__ import annotations

import io
import warnings
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from planctl.i18n import N_, _
from planctl.importer.docx import Package, checked_copy
from planctl.importer.draft import Document, DocumentRefused, Line, table_lines

EXCEL = Package("xl/workbook.xml", N_("{path}: not an Excel .xlsx file (it is not a zip archive)"),
                N_("an old .xls renamed to .xlsx must be saved as .xlsx from Excel or WPS"),
                N_("{path}: {count} parts in the archive; a workbook has far fewer"),
                N_("{path}: not an Excel .xlsx file (no xl/workbook.xml)"))


def read_xlsx(path: Path, raw: bytes) -> Document:
    """The rows of a workbook's visible sheets as lines. Raises DocumentRefused."""
    safe = checked_copy(path, raw, EXCEL)
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(io.BytesIO(safe), data_only=True)
    except Exception:  # openpyxl raises many kinds on a broken workbook
        raise DocumentRefused(_("{path}: cannot read this workbook: its parts are not laid out as Excel writes them").format(
            path=path), hint=_("open it in Excel or WPS and save it again as .xlsx")) from None
    lines: list[Line] = []
    notices: list[str] = []
    sheets = [sheet for sheet in book.worksheets if sheet.sheet_state == "visible"]
    for sheet in sheets:
        first = len(lines) + 1
        lines.extend(Line(len(lines) + 1, text) for text in _rows(sheet))
        if len(sheets) > 1 and len(lines) >= first:
            notices.append(_("sheet '{sheet}': lines {first}–{last}").format(sheet=sheet.title, first=first, last=len(lines)))
    return Document(lines, notices)


def _rows(sheet: Any) -> list[str]:
    """Each row with text as one line (`draft.table_lines`), a vertically merged range's value in each of its
    rows (`_carried`). openpyxl gives a merged range's value in its first cell only, the others None."""
    grid = {(cell.row, cell.column): _text(cell.value) for row in sheet.iter_rows() for cell in row}
    width = max((column for (_row, column), text in grid.items() if text), default=0)  # the table's last column
    grid.update(_carried(sheet, grid, width))
    rows = sorted({row for row, _column in grid})
    return table_lines([[grid.get((row, column), "") for column in range(1, width + 1)] for row in rows])


def _carried(sheet: Any, grid: dict[tuple[int, int], str], width: int) -> dict[tuple[int, int], str]:
    """(row, column) → text for the rows after the first of each range merged over several rows and narrower
    than the table (`width` columns): its first cell's text, in its first column."""
    carried: dict[tuple[int, int], str] = {}
    for merged in sheet.merged_cells.ranges:
        spans_table = merged.min_col <= 1 and merged.max_col >= width
        text = grid.get((merged.min_row, merged.min_col), "")
        if merged.max_row > merged.min_row and text and not spans_table:
            carried.update({(row, merged.min_col): text for row in range(merged.min_row + 1, merged.max_row + 1)})
    return carried


def _text(value: Any) -> str:
    """A cell's value as the document shows it: 2025年9月1日 for a date, 3 for 3.0, the text on one line."""
    if value is None:
        return ""
    if isinstance(value, datetime) and value.time() == time(0):
        value = value.date()
    if isinstance(value, date) and not isinstance(value, datetime):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).replace("\u3000", " ").split()).replace("|", "｜")
