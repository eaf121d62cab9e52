"""`planctl import` of a school's table of weeks and what stands around it: an unnumbered heading after the
table (其他工作) starts an item beside the weeks, not text of the last week; the signature after the table
stays text; a table of only its header row is skipped and said in the report (a document of nothing else is
refused); the lines of a note never run together into one word."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import run_cli
from planctl.format.loader import load_path

WEEKS = """\
2025年秋季学期教务处工作计划
| 周次 | 时间 | 教务处重点工作内容 |
| 第1周 | 9.1-9.7 | 1. 开学准备:完成课表编排; 2. 会议部署:召开教务处全体会议 |
| 第2周 | 9.8-9.14 | 1. 教学秩序规范:检查教师候课 |
| 第3周 | 9.15-9.21 | 1. 教学常规检查:抽查教案 |
"""


def _import(tmp_path: Path, text: str, *args: str) -> tuple[Any, Any, dict[str, Any]]:
    document = tmp_path / "教务处计划.txt"
    document.write_text(text, encoding="utf-8")
    out, report = tmp_path / "plan.yaml", tmp_path / "report.json"
    result = run_cli("import", str(document), "-o", str(out), "--report", str(report), "--force", *args)
    if result.exit_code:
        return result, None, {}
    plan = load_path(out).plan
    assert plan is not None
    return result, plan, json.loads(report.read_text(encoding="utf-8"))


def test_a_plain_heading_after_a_table_of_weeks_is_a_phase_of_its_own(tmp_path: Path) -> None:
    result, plan, _report = _import(tmp_path, WEEKS + "其他工作\n1. 做好学籍管理。\n2. 做好课后服务安排。\n")
    assert result.exit_code == 0, result.output
    phases = [phase.title for phase in plan.phases]
    assert phases == ["第1周", "第2周", "第3周", "其他工作"]
    week3, other = plan.phases[2], plan.phases[3]
    assert [task.title for task in week3.tasks] == ["教学常规检查"]
    assert "其他工作" not in (week3.tasks[0].note or "")
    assert [task.title for task in other.tasks] == ["做好学籍管理", "做好课后服务安排"]
    assert other.window is not None and other.window.start.year == 2025


def test_a_plain_heading_after_a_table_inside_a_part_is_beside_the_weeks(tmp_path: Path) -> None:
    table = WEEKS.split("\n", 1)[1]
    text = "2025年秋季学期教务处工作计划\n一、周工作安排\n" + table + "其他工作:\n1. 做好学籍管理。\n二、总结\n1. 学期总结。\n"
    result, plan, _report = _import(tmp_path, text)
    assert result.exit_code == 0, result.output
    assert [phase.title for phase in plan.phases] == ["周工作安排", "总结"]
    assert [task.title for task in plan.phases[0].tasks] == ["第1周", "第2周", "第3周", "其他工作"]
    assert [task.title for task in plan.phases[0].tasks[3].tasks] == ["做好学籍管理"]


def test_the_signature_after_a_table_is_no_heading(tmp_path: Path) -> None:
    result, plan, _report = _import(tmp_path, WEEKS + "某某小学教务处\n2025年8月28日\n")
    assert result.exit_code == 0, result.output
    assert [phase.title for phase in plan.phases] == ["第1周", "第2周", "第3周"]


def test_a_header_only_table_is_skipped_and_said_in_the_report(tmp_path: Path) -> None:
    text = "2025年秋季学期教务处工作计划\n一、教学常规\n1. 开学准备(9月1日-9月7日)\n二、周工作安排\n| 周次 | 时间 | 重点工作 |\n"
    result, plan, report = _import(tmp_path, text)
    assert result.exit_code == 0, result.output
    assert [phase.title for phase in plan.phases] == ["教学常规", "周工作安排"]
    assert not plan.phases[1].tasks
    (left,) = [x for x in report["not_imported"] if x["line"] == 5]
    assert "no other rows" in left["reason"]


def test_a_document_of_a_title_and_a_header_only_table_is_refused(tmp_path: Path) -> None:
    result, _plan, _report = _import(tmp_path, "教务处工作计划\n| 周次 | 时间 | 重点工作 |\n", "--year", "2025")
    assert result.exit_code == 1
    assert "header row and no other rows" in result.stderr and not (tmp_path / "plan.yaml").exists()


def test_page_details_stay_out_of_a_document_without_numbered_headings(tmp_path: Path) -> None:
    text = "时间:2022-04-16 08:21:00\n教务处工作计划\n开学准备(2025年9月1日-9月7日)。完成课表编排。\n"
    result, plan, report = _import(tmp_path, text)
    assert result.exit_code == 0, result.output
    assert [(x["line"], x["reason"]) for x in report["not_imported"]] == [(1, "page or source details before the plan")]
    assert "2022" not in (plan.phases[0].note or "")


def test_the_lines_of_a_note_do_not_run_together(tmp_path: Path) -> None:
    text = "2025年工作计划\n一、教学常规\n1. 开学准备\n完成课表编排\n核对教材版本\n"
    result, plan, _report = _import(tmp_path, text)
    assert result.exit_code == 0, result.output
    assert plan.phases[0].tasks[0].note == "完成课表编排 核对教材版本"


def test_a_week_row_whose_last_cell_is_empty_keeps_its_work_as_its_task(tmp_path: Path) -> None:  # tester h88, 10
    text = "| 周次 | 时间 | 工作内容 | 负责人 |\n| 第1周 | 2.23-3.1 | 开学检查 | 教务处 |\n| 第2周 | 3.2-3.8 | 学期总结 |  |\n"
    result, plan, _report = _import(tmp_path, text, "--year", "2026")
    assert result.exit_code == 0, result.output
    tasks = {phase.title: [task.title for task in phase.tasks] for phase in plan.phases}
    assert tasks == {"第1周": ["开学检查"], "第2周": ["学期总结"]}  # not 教务处 as a task, nor 学期总结 as a note
    assert plan.phases[0].note == "负责人：教务处" and not plan.phases[1].note
