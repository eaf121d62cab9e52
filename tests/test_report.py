"""planctl report: the facts of a period worked out by hand on the bundled plan, the period options, golden
text/md/csv in Chinese (the seed) and English (a hand plan), the workbook read back with openpyxl, and plan
text that tries to be markup or a formula.

The renders in real programs (Chromium, LibreOffice) are in test_report_render.py.
Regenerate the golden files deliberately with PLANCTL_UPDATE_GOLDEN=1 (see test_views.py).
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from planctl.format.loader import load_path
from planctl.i18n import CHINESE, speaking
from planctl.model import Plan
from planctl.output import report_tables as t
from planctl.output.report_words import language, words_for
from planctl.status import report as r
from test_views import HAND, TODAY, check_golden, invoke, logged_plan  # noqa: F401

WEEK = ["report", "--today", TODAY]


def plan_of(path: Path) -> Plan:
    plan = load_path(path).plan
    assert plan is not None
    return plan


def run(plan: Path, *args: str, width: int = 160) -> Any:
    result = invoke([*WEEK, "--plan", str(plan), *args], width)
    assert result.exit_code == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def seed(logged_plan: Path) -> Plan:  # noqa: F811
    return plan_of(logged_plan)


# The facts, worked out by hand on the bundled plan with test_views.LOGS, seen on Sunday 2009-04-12


def week_report(plan: Plan, today: date = date(2009, 4, 12), who: str | None = None) -> r.Report:
    return r.build(plan, r.Period(r.WEEK, r.week_of(today)), today, who)


def test_week_of_is_monday_to_sunday() -> None:
    assert r.week_of(date(2009, 4, 12)) == (date(2009, 4, 6), date(2009, 4, 12))  # a Sunday
    assert r.week_of(date(2009, 4, 6)) == (date(2009, 4, 6), date(2009, 4, 12))  # a Monday
    assert r.week_of(date(2009, 4, 1)) == (date(2009, 3, 30), date(2009, 4, 5))


def test_the_week_in_facts(seed: Plan) -> None:
    report = week_report(seed)
    done = [(e.day.isoformat(), e.item.id, e.person, e.unit, e.amount) for e in report.entries]
    assert done == [
        ("2009-04-06", "center-study", "sha", "jiguan", 1.0),  # a count quota: an entry without amount is 1
        ("2009-04-08", "self-study", "zhangwei", "jiguan", 3.0),
        ("2009-04-09", "branch-study", "sha", "jiguan", 1.0),
        ("2009-04-10", "self-study", "sha", "jiguan", 8.0),
        ("2009-04-10", "notes", "wangfang", "jiguan", 1500.0),
    ]
    # 2.2 (4月上旬) ended on Friday 04-10 undone: overdue from Saturday, inside the week.
    assert [line.task.id for line in report.fell_overdue] == ["city-lecture"]
    # Still open: 1.2 (ended 03-30, before the week) and 2.2.
    assert [line.task.id for line in report.still_open] == ["scheme", "city-lecture"]
    # Next week (04-13 … 04-19): 2.6.2 深入实际调查研究 ends 04-15.
    assert report.next_period == r.Period(r.WEEK, (date(2009, 4, 13), date(2009, 4, 19)))
    assert [line.task.id for line in report.due_next] == ["fieldwork"]
    # self-study's second week ends 04-13: everyone but 沙继承 (8 h on 04-10) still has hours to do.
    assert [(line.row.quota.id, line.number, line.row.scope.id) for line in report.quotas_due_next] == [
        ("self-study", 2, person) for person in ("zhangwei", "lina", "wangfang", "liuyang", "chenjing", "yangfan")]
    # Quotas: every period overlapping the week. self-study's weeks run from 03-31: 03-31…04-06 and 04-07…04-13.
    self_study = [(line.number, line.row.scope.id, line.state) for line in report.quotas if line.row.quota.id == "self-study"]
    assert len(self_study) == 14
    assert (1, "lina", r.MISSED) in self_study  # 6 of 8 h in the week that ended 04-06
    assert (2, "sha", r.MET) in self_study  # 8 h on 04-10
    assert (2, "zhangwei", r.IN_PROGRESS) in self_study  # 3 h, the week runs to 04-13
    center = [line for line in report.quotas if line.row.quota.id == "center-study"]
    assert [(line.number, line.periods, line.state) for line in center] == [(1, 2, r.MET)]  # 4月上旬 only
    assert len(report.quotas) == 1 + 2 + 2 + 14 + 7 + 3 + 7  # center, 2 branch quotas × 2 units, self, notes, essay, reflections
    assert report.quotas_met == 2
    assert words_for(report).summary(report) == "本周完成 5 项，逾期 2 项，配额达标 2/36"


def test_a_past_week_is_seen_from_its_end(seed: Plan) -> None:
    # Reported on 05-01, the week of 04-01 (03-30 … 04-05) says what its Sunday said.
    report = week_report(seed, date(2009, 4, 1))
    late = r.build(seed, report.period, date(2009, 5, 1))
    assert late.as_of == date(2009, 4, 5)
    assert [e.item.id for e in late.entries] == ["mobilize", "self-study", "forums-held", "branch-study", "forums-held",
                                                 "topics"]  # by day, then outline (2.1q3 before 2.5.1q1)
    # Ended 03-30 (the Monday): 1.1 done on 03-10 and 1.3 on 03-30 did not fall overdue; 1.2 did.
    # 2.5.1 and 2.6.1 end 04-05: overdue only from 04-06, the next week.
    assert [line.task.id for line in late.fell_overdue] == ["scheme"]
    assert late.next_period is not None and late.next_period.window.start == date(2009, 4, 6)
    assert [line.task.id for line in late.due_next] == ["city-lecture"]  # 2.6.2 (04-15) is the week after


def test_a_month_a_phase_and_a_range(seed: Plan) -> None:
    today = date(2009, 4, 12)
    april = r.build(seed, r.Period(r.MONTH, r.month_window(2009, 4)), today)
    assert april.as_of == today and len(april.entries) == 10  # every April entry dated by 04-12
    prep = seed.phases[0]
    phase = r.build(seed, r.phase_period(prep), today)
    assert [e.item.id for e in phase.entries] == ["lead-group", "mobilize"]
    assert phase.next_period == r.phase_period(seed.phases[1])
    assert {line.task.phase.id for line in phase.tasks} == {"prep"}
    days = r.build(seed, r.Period(r.RANGE, r.Window(date(2009, 4, 2), date(2009, 4, 4))), today)
    assert len(days.entries) == 4 and days.next_period == r.Period(r.RANGE, r.Window(date(2009, 4, 5), date(2009, 4, 7)))


def test_who(seed: Plan) -> None:
    mine = week_report(seed, who="zhangwei")
    assert [(e.item.id, e.person) for e in mine.entries] == [("self-study", "zhangwei")]
    # His own rows, his branch's, and 处中心组集中学习 (for 处中心组 together, which he is in).
    assert {line.row.scope.id for line in mine.quotas} == {"zhangwei", "jiguan", ""}
    branch = week_report(seed, who="jixie")  # 机械队党支部: lina, chenjing, yangfan
    assert branch.entries == []
    assert {line.row.scope.id for line in branch.quotas} == {"jixie", "lina", "chenjing", "yangfan"}
    assert words_for(branch).summary(branch).startswith("本周完成 0 项")


# The command


def test_period_options(logged_plan: Path) -> None:  # noqa: F811
    def heading(*args: str) -> str:
        return str(run(logged_plan, *args).stdout.splitlines()[0])

    assert heading().endswith("周报 2009-04-06 至 2009-04-12")
    assert heading("--week", "2009-04-01").endswith("周报 2009-03-30 至 2009-04-05")
    assert heading("2009-04-01") == heading("--week", "2009-04-01")
    assert heading("--month").endswith("月报 2009-04-01 至 2009-04-30")
    assert heading("--month", "2009-05").endswith("月报 2009-05-01 至 2009-05-31")
    assert heading("--month", "5月") == heading("--month", "2009-05")
    assert heading("--phase", "3").endswith("阶段报告 3 分析检查阶段 2009-05-21 至 2009-06-20")
    assert heading("--from", "4月1日", "--to", "2009-04-03").endswith("进度报告 2009-04-01 至 2009-04-03")
    assert heading("--from", "2009-04-10").endswith("2009-04-10 至 2009-04-12")  # to today
    assert heading("--who", "机械队党支部").endswith("· 对象 机械队党支部")


@pytest.mark.parametrize("args", [
    ["--week", "--month"], ["--phase", "1", "--from", "2009-04-01"], ["--to", "2009-04-01"],
    ["--from", "2009-04-05", "--to", "2009-04-01"], ["--month", "2009-13"], ["--month", "April"],
    ["--format", "pdf"], ["--who", "nobody"], ["--phase", "nosuch"], ["--from", "2009-04-01", "2009-04-02"],
])
def test_usage_errors(logged_plan: Path, args: list[str]) -> None:  # noqa: F811
    result = invoke([*WEEK, "--plan", str(logged_plan), *args])
    assert result.exit_code == 2, result.stdout
    assert "Traceback" not in result.stderr


def test_output_file_and_format_from_its_suffix(logged_plan: Path, tmp_path: Path) -> None:  # noqa: F811
    for name, start in (("r.xlsx", b"PK\x03\x04"), ("r.html", b"<!DOCTYPE html>"), ("r.md", "# 环卫处".encode()),
                        ("r.csv", "\ufeff日期,".encode()), ("r.txt", "环卫处".encode())):
        result = run(logged_plan, "-o", str(tmp_path / name))
        assert result.stdout == "" and f"wrote {tmp_path / name}" in result.stderr
        assert (tmp_path / name).read_bytes().startswith(start), name
    # A folder that is not there: refused as every -o refuses it (store/output_file.py), nothing written, exit 2.
    assert invoke([*WEEK, "--plan", str(logged_plan), "-o", str(tmp_path / "no" / "r.md")]).exit_code == 2


# Golden text, Markdown and CSV: Chinese (the seed) and English (a plan written in English)


@pytest.fixture(scope="module")
def hand_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "plan.yaml"
    path.write_text(HAND, encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["text", "md", "csv"])
def test_golden_chinese(logged_plan: Path, fmt: str) -> None:  # noqa: F811
    result = run(logged_plan, "--format", fmt)
    check_golden(f"report-week-zh.{'txt' if fmt == 'text' else fmt}", result.stdout, 160 if fmt == "text" else 1000)


@pytest.mark.parametrize("fmt", ["text", "md", "csv"])
def test_golden_english(hand_plan: Path, fmt: str) -> None:
    result = invoke(["report", "--plan", str(hand_plan), "--today", "2030-01-06", "--format", fmt], 160)
    assert result.exit_code == 0, result.stderr
    check_golden(f"report-week-en.{'txt' if fmt == 'text' else fmt}", result.stdout, 160 if fmt == "text" else 1000)


def test_language_follows_the_plan(seed: Plan, hand_plan: Path) -> None:
    assert language(seed) == "zh" and language(plan_of(hand_plan)) == "en"


# The workbook, read back


def test_xlsx_reads_back_the_same(logged_plan: Path, seed: Plan, tmp_path: Path) -> None:  # noqa: F811
    import openpyxl

    path = tmp_path / "week.xlsx"
    run(logged_plan, "-o", str(path))
    book = openpyxl.load_workbook(path)
    report = week_report(seed)
    w = words_for(report)
    with speaking(CHINESE):  # a report is written in its plan's language (commands/report.py render)
        tables = [t.ledger(report, w, unit_columns=True), t.quotas(report, w), t.tasks(report, w)]
    assert book.sheetnames == ["完成台账", "配额", "任务"] == [table.title for table in tables]
    for table in tables:
        sheet = book[table.title]
        values = [list(row) for row in sheet.iter_rows(values_only=True)]
        assert values[0] == [col.header for col in table.columns]
        assert values[1:] == [[_as_read(cell) for cell in row] for row in table.rows], table.title
        # A real table: frozen header, a filter over it all, A4 landscape one page wide, header row repeated.
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(table.columns)).column_letter}{len(table.rows) + 1}"
        assert (sheet.page_setup.paperSize, sheet.page_setup.orientation) == (9, "landscape")
        assert sheet.print_title_rows == "$1:$1" and sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.page_setup.fitToHeight == 0  # one page wide (fitToWidth 1 is the default, left out)
    ledger = book["完成台账"]
    assert ledger["A2"].is_date and ledger["A2"].number_format == "yyyy-mm-dd"
    headers = [cell.value for cell in ledger[1]]
    assert {"数量（小时）", "数量（字）", "数量（次）"} <= set(headers)  # numbers, their unit in the header
    hours = headers.index("数量（小时）")
    assert sum(row[hours].value or 0 for row in ledger.iter_rows(min_row=2)) == 11  # 3 h + 8 h: summable
    # Widths fit Chinese: 党支部组织党员集中学习 (11 characters) needs 22 widths.
    assert ledger.column_dimensions["C"].width >= 22
    assert book["配额"]["J2"].number_format == "0%"


def _as_read(cell: t.Cell) -> object:
    """What openpyxl gives back for a cell planctl wrote: dates as datetimes, empty text as nothing."""
    if isinstance(cell, date):
        return datetime(cell.year, cell.month, cell.day)
    if cell == "":
        return None
    return cell


# Plan text is data


HOSTILE = {
    "title": '=HYPERLINK("http://evil.example/","点我")',
    "note": "+cmd|' /C calc'!A0",
    "other": "@SUM(1+1)*cmd|' /C calc'!A0",
    "minus": "-2+3",
    "html": '<script>alert(1)</script> "><img src=x onerror=alert(1)> ]]> &amp; | *bold* [x](y)',
}


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@pytest.fixture(scope="module")
def hostile_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    text = HAND.replace("title: Task A", f"title: {_quoted(HOSTILE['title'])}")
    text = text.replace("title: Task B", f"title: {_quoted(HOSTILE['html'])}")
    text = text.replace("- {date: 2030-01-02, by: ann}\n", f"- {{date: 2030-01-02, by: ann, note: {_quoted(HOSTILE['note'])}}}\n")
    text = text.replace("- {date: 2030-01-05, by: bob}", f"- {{date: 2030-01-05, by: bob, note: {_quoted(HOSTILE['other'])}}}")
    text = text.replace("- {date: 2030-01-20, by: ann}", f"- {{date: 2030-01-06, by: ann, note: {_quoted(HOSTILE['minus'])}}}")
    path = tmp_path_factory.mktemp("hostile") / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    task = plan_of(path).find("a")
    assert task is not None and task.title == HOSTILE["title"]
    return path


def hostile(path: Path, fmt: str, tmp_path: Path) -> Path:
    out = tmp_path / f"report.{fmt}"
    result = invoke(["report", "--plan", str(path), "--today", "2030-01-06", "--from", "2030-01-01", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    return out


def test_csv_neutralises_formulas(hostile_plan: Path, tmp_path: Path) -> None:
    rows = list(csv.reader(io.StringIO(hostile(hostile_plan, "csv", tmp_path).read_text(encoding="utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    for key in ("title", "note", "other", "minus"):
        assert "'" + HOSTILE[key] in cells, key  # OWASP: a leading ' keeps it text
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_xlsx_keeps_formulas_as_text(hostile_plan: Path, tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.load_workbook(hostile(hostile_plan, "xlsx", tmp_path))
    seen, shown = {}, set()
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value in HOSTILE.values():
                    seen[cell.value] = cell
                if isinstance(cell.value, str):
                    shown.add(cell.value.lstrip("\u3000"))  # the task sheet indents sub-tasks
    assert set(HOSTILE.values()) <= shown  # the same visible text, without a '
    assert len(seen) >= 4
    for text, cell in seen.items():
        assert cell.data_type == "s", text  # a string, never a formula
        assert cell.quotePrefix == t.looks_like_formula(text), text  # and it stays one when edited


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_shows_plan_text_as_text(hostile_plan: Path, tmp_path: Path) -> None:
    page = hostile(hostile_plan, "html", tmp_path).read_text(encoding="utf-8")
    parser = _Page()
    parser.feed(page)
    assert "script" not in parser.tags and "img" not in parser.tags
    text = "\n".join(parser.text)
    for value in HOSTILE.values():
        assert value in text  # in the tables and in the Gantt chart's labels
    assert not re.search(r"https?://(?!evil\.example/)", page)  # the only URL is in the plan's own text


def test_md_escapes_plan_text(hostile_plan: Path, tmp_path: Path) -> None:
    md = hostile(hostile_plan, "md", tmp_path).read_text(encoding="utf-8")
    assert "<script>" not in md and "\\<script\\>" in md
    assert "\\*bold\\*" in md and "\\|" in md and "\\&amp;" in md


@pytest.mark.parametrize("columns", [60, 120])
def test_a_piped_or_saved_text_report_cuts_no_word(tmp_path: Path, columns: int) -> None:
    from conftest import run_cli, write_plan

    plan = write_plan(tmp_path)
    args = ("report", "--today", "2009-04-12", "--month", "-f", str(plan))
    piped = run_cli(*args, columns=columns)
    assert piped.exit_code == 0, piped.stderr
    saved = tmp_path / "report.txt"
    assert run_cli(*args, "-o", str(saved), columns=columns).exit_code == 0
    for text in (piped.stdout, saved.read_text(encoding="utf-8")):
        assert "…" not in text
        assert "在《我爱我家》网站开设深入学习实践科学发展观专栏" in text
        assert "进行中（落后）" in text
