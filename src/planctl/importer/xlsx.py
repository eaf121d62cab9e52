"""Excel .xlsx workbooks (a school's table of weeks, a month-by-month work table), read safely.

The archive is checked as a .docx is (docx.checked_parts: entries, sizes, compression ratio, no DTD or
entities) and only its XML parts are handed to openpyxl. Each visible sheet is read in order, row by row:
a row is one line, its non-empty cells joined by ` | ` as a table row of a .docx is, so the outline reads
it the same way (`第1周 | 9.1-9.7 | 1. …`, `3月 | …`); a row of one cell (a title merged across the sheet)
is a plain line. A merged range gives its value once, in its first cell, as Word's merged cells do. A date
cell reads as 2025年9月1日, a whole number without its `.0`. "Lines" are rows counted over the sheets in order.
"""

from __future__ import annotations

import io
import warnings
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from planctl.i18n import N_, _
from planctl.importer.docx import Package, checked_copy
from planctl.importer.draft import Document, DocumentRefused, Line

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
    """Each row with text as one line: its cells between ` | `, an empty cell kept in its place so that the
    cells after it stay under their header (a blank 负责人); a row of one cell with text is that text (a
    title, a heading). openpyxl gives a merged range's value in its first cell only, the others None."""
    rows = [[_text(cell.value) for cell in row] for row in sheet.iter_rows()]
    width = max((i + 1 for row in rows for i, cell in enumerate(row) if cell), default=0)  # the table's last column
    out: list[str] = []
    for cells in rows:
        filled = [cell for cell in cells if cell]
        if len(filled) > 1:
            out.append("| " + " | ".join(cells[:width]) + " |")  # borders, as a text table: an empty last cell stays
        elif filled:
            out.append(filled[0])
    return out


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
