"""`planctl import` of an Excel .xlsx table of weeks, as a school's 教务处 sends it: a title merged across the
sheet, a 月份 column merged over the weeks of each month, a cell of several lines, 其他工作 after the table.
Before, .xlsx was refused (exit 2, "copy the table into a .txt file"). A broken workbook is refused clearly."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook

from conftest import run_cli
from planctl.format.loader import load_path


def _week_table(path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "教务处"
    sheet.append(["2025-2026学年第一学期教务处工作安排"])
    sheet.merge_cells("A1:D1")
    sheet.append(["月份", "周次", "时间", "重点工作"])
    sheet.append(["9月", "第1周", "9.1-9.7", "1.开学准备\n2.会议部署"])
    sheet.append([None, "第2周", "9.8-9.14", "1. 教学秩序规范"])
    sheet.append([None, "第3周", "9.15-9.21", "教学常规检查；教研组活动"])
    sheet.merge_cells("A3:A5")
    sheet.append(["10月", "第4-5周", "9.22-10.5", "国庆放假"])
    sheet.append([None, "第6周", datetime(2025, 10, 6), "期中考试准备"])
    sheet.merge_cells("A6:A7")
    sheet.append(["其他工作"])
    sheet.merge_cells("A8:D8")
    sheet.append(["1. 做好学籍管理。"])
    book.save(path)


def test_a_week_table_with_merged_cells_imports_week_by_week(tmp_path: Path) -> None:
    document, out, report = tmp_path / "教务处.xlsx", tmp_path / "plan.yaml", tmp_path / "report.json"
    _week_table(document)
    result = run_cli("import", str(document), "-o", str(out), "--report", str(report))
    assert result.exit_code == 0, result.output
    plan = load_path(out).plan
    assert plan is not None and plan.title == "2025-2026学年第一学期教务处工作安排" and plan.year == 2025
    assert [phase.title for phase in plan.phases] == ["第1周", "第2周", "第3周", "第4-5周", "第6周", "其他工作"]
    tasks = [[task.title for task in phase.tasks] for phase in plan.phases]
    assert tasks == [["开学准备", "会议部署"], ["教学秩序规范"], ["教学常规检查", "教研组活动"], ["国庆放假"],
                     ["期中考试准备"], ["做好学籍管理"]]
    assert plan.phases[0].window.start == date(2025, 9, 1) and plan.phases[4].window.start == date(2025, 10, 6)
    left = json.loads(report.read_text(encoding="utf-8"))["not_imported"]
    assert [x["line"] for x in left] == [2]  # the header row


def test_a_broken_workbook_is_refused_with_exit_1(tmp_path: Path) -> None:
    document = tmp_path / "计划.xlsx"
    document.write_bytes(b"not a zip archive at all")
    result = run_cli("import", str(document), "-o", str(tmp_path / "plan.yaml"))
    assert result.exit_code == 1 and "not an Excel .xlsx file" in result.stderr


def test_a_workbook_declaring_entities_is_refused(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><workbook>&a;</workbook>'
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", bomb)
    document = tmp_path / "计划.xlsx"
    document.write_bytes(buffer.getvalue())
    result = run_cli("import", str(document), "-o", str(tmp_path / "plan.yaml"))
    assert result.exit_code == 1 and "DTD" in result.stderr


def test_an_old_xls_is_told_to_be_saved_as_xlsx(tmp_path: Path) -> None:
    document = tmp_path / "计划.xls"
    document.write_bytes(b"\xd0\xcf\x11\xe0")
    result = run_cli("import", str(document))
    assert result.exit_code == 2 and ".xlsx" in result.stderr


def test_a_blank_cell_keeps_the_cells_after_it_under_their_header(tmp_path: Path) -> None:  # tester h93, finding 4
    book = Workbook()
    sheet = book.active
    sheet.append(["12月工作安排"])
    sheet.append(["日期", "工作内容", "负责人", "备注"])
    sheet.append(["12月1日", "召开周例会", "王丽", None])
    sheet.append(["12月2日", "整理档案", None, "年底前"])
    sheet.append(["12月3日", "报送月报", "张伟", None])
    document, out = tmp_path / "安排.xlsx", tmp_path / "plan.yaml"
    book.save(document)
    result = run_cli("import", str(document), "-o", str(out), "--year", "2026")
    assert result.exit_code == 0, result.output
    plan = load_path(out).plan
    assert plan is not None
    tasks = [task for task in plan.walk() if not task.tasks]
    assert [task.title for task in tasks] == ["召开周例会", "整理档案", "报送月报"]
    assert tasks[1].note == "备注：年底前" and tasks[0].note == "负责人：王丽"


def _merged_table() -> list[list[str | None]]:
    return [["日期", "工作内容", "负责人", "备注"], ["12月1日", "召开周例会", "王丽", None],
            [None, "整理档案", None, "年底前"], [None, "报送月报", "张伟", None], ["12月8日", "检查材料", None, None]]


def _imported_rows(document: Path, tmp_path: Path) -> list[tuple[str, str, str | None]]:
    out = tmp_path / "plan.yaml"
    result = run_cli("import", str(document), "-o", str(out), "--year", "2026")
    assert result.exit_code == 0, result.output
    plan = load_path(out).plan
    assert plan is not None
    return [(task.title, str(task.window.start), task.note) for task in plan.walk() if not task.tasks]


_MERGED_EXPECTED = [("召开周例会", "2026-12-01", "负责人：王丽"), ("整理档案", "2026-12-01", "负责人：王丽。备注：年底前"),
                    ("报送月报", "2026-12-01", "负责人：张伟"), ("检查材料", "2026-12-08", None)]


def test_a_date_and_an_owner_merged_over_rows_reach_every_row(tmp_path: Path) -> None:  # tester h93, h98 item 1
    book = Workbook()
    sheet = book.active
    sheet.append(["12月工作安排"])
    sheet.merge_cells("A1:D1")  # a title as wide as the table is said once
    for row in _merged_table():
        sheet.append(row)
    sheet.merge_cells("A3:A5")
    sheet.merge_cells("C3:C4")
    document = tmp_path / "安排.xlsx"
    book.save(document)
    assert _imported_rows(document, tmp_path) == _MERGED_EXPECTED


def test_a_docx_table_with_merged_and_blank_cells_reads_as_the_same_xlsx(tmp_path: Path) -> None:  # h98 item 1
    from docx import Document as WordDocument

    word = WordDocument()
    word.add_paragraph("12月工作安排")
    rows = _merged_table()
    table = word.add_table(rows=len(rows), cols=4)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text or ""
    table.cell(1, 0).merge(table.cell(3, 0))  # w:vMerge
    table.cell(1, 2).merge(table.cell(2, 2))
    document = tmp_path / "安排.docx"
    word.save(str(document))
    assert _imported_rows(document, tmp_path) == _MERGED_EXPECTED


def test_an_html_table_with_rowspan_reads_as_the_same_xlsx(tmp_path: Path) -> None:  # h98 item 1, a sibling
    def cell(text: str | None, rows: int = 1) -> str:
        return f'<td rowspan="{rows}">{text or ""}</td>' if rows > 1 else f"<td>{text or ''}</td>"

    header, first, second, third, last = _merged_table()
    rows = ["<tr>" + "".join(f"<th>{text}</th>" for text in header) + "</tr>",
            "<tr>" + cell(first[0], 3) + cell(first[1]) + cell(first[2], 2) + cell(first[3]) + "</tr>",
            "<tr>" + cell(second[1]) + cell(second[3]) + "</tr>",
            "<tr>" + cell(third[1]) + cell(third[2]) + cell(third[3]) + "</tr>",
            "<tr>" + "".join(cell(text) for text in last) + "</tr>"]
    document = tmp_path / "安排.html"
    document.write_text("<html><body><h1>12月工作安排</h1><table>" + "".join(rows) + "</table></body></html>",
                        encoding="utf-8")
    assert _imported_rows(document, tmp_path) == _MERGED_EXPECTED


def test_an_html_rowspan_of_0_reaches_the_end_of_its_row_group(tmp_path: Path) -> None:  # h106: rowspan=0 read as 1
    """HTML reads rowspan="0" as every row to the end of the cell's row group (tbody), and no further."""
    rows = ("<thead><tr><th>日期</th><th>工作内容</th><th>负责人</th></tr></thead>"
            '<tbody><tr><td>12月1日</td><td>召开周例会</td><td rowspan="0">王丽</td></tr>'
            "<tr><td>12月8日</td><td>检查材料</td></tr><tr><td>12月15日</td><td>报送月报</td></tr></tbody>"
            "<tbody><tr><td>12月22日</td><td>年终总结</td><td>张伟</td></tr></tbody>")
    document = tmp_path / "安排.html"
    document.write_text(f"<html><body><h1>12月工作安排</h1><table>{rows}</table></body></html>", encoding="utf-8")
    assert _imported_rows(document, tmp_path) == [
        ("召开周例会", "2026-12-01", "负责人：王丽"), ("检查材料", "2026-12-08", "负责人：王丽"),
        ("报送月报", "2026-12-15", "负责人：王丽"), ("年终总结", "2026-12-22", "负责人：张伟")]
