"""`planctl import` and standing duties written after their subject (教务处每周一召开例会, 各支部每月5日前
报送…): the task repeats itself, owed by each unit where the document says 各…; every repeat the
document writes is either in the plan or in the report; objects after a verb name no one; a
document's 每周 is a calendar week; one event a period is not paced; a phase the document gives no
window spans its items or the year. The real documents (tests/fixtures/import, copies of
../shared/plans and ../shared/seed) import and pass `check`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import TESTS, run_cli
from planctl.format.dates import Window
from planctl.format.loader import load_path
from planctl.format.recurrence import Series, parse_repeat

DOCS = TESTS / "fixtures" / "import"

DUTIES = ("计划\n一、日常管理(2026年1月1日至12月31日)\n1、例会。教务处每周一召开例会。\n"
          "2、报送。各支部每月5日前报送学习情况。\n3、汇总。每月5日前各支部报送学习情况。\n")


def imported(tmp_path: Path, text: str, name: str = "doc.txt") -> tuple[Any, dict[str, Any]]:
    document = tmp_path / name  # a path of its own (a fixture) is read, never written
    if text:
        document.write_text(text, encoding="utf-8")
    out, report = tmp_path / "plan.yaml", tmp_path / "report.json"
    result = run_cli("import", str(document), "-o", str(out), "--report", str(report))
    assert result.exit_code == 0, result.stderr
    checked = run_cli("check", str(out), env={"PLANCTL_CACHE": "0"})
    assert checked.exit_code == 0, checked.stdout
    loaded = load_path(out)
    return loaded.plan, json.loads(report.read_text(encoding="utf-8"))


def tasks(plan: Any) -> dict[str, Any]:
    return {t.title: t for t in plan.walk()}


def quotas(plan: Any) -> dict[str, Any]:
    return {q.title: q for q in plan.quotas()}


def reasons(report: dict[str, Any]) -> str:
    return "\n".join(entry["reason"] for entry in report["not_imported"])


def test_a_duty_after_its_subject_makes_the_task_repeat_owed_by_each_unit_where_it_says_each(tmp_path: Path) -> None:
    plan, report = imported(tmp_path, DUTIES)
    found = tasks(plan)
    meeting, branch, summary = found["例会"], found["报送"], found["汇总"]
    assert meeting.repeat.text == "每周一" and not plan.quotas()
    assert (branch.repeat.text, branch.who, branch.per) == ("每月5日前", ["branches"], "unit")
    assert (summary.repeat.text, summary.who, summary.per) == ("每月5日前", ["branches"], "unit")  # 各支部 after the repeat
    assert "'教务处' is the subject" in reasons(report)  # no group planctl knows: the reader is told


def test_a_subject_then_two_repeats_in_one_paragraph_keeps_both(tmp_path: Path) -> None:
    plan, report = imported(tmp_path, "计划\n一、日常(2026年1月1日至12月31日)\n"
                                      "1、报表。各科室每月5日前报送上月能耗报表;每季度初月20日前后报送季度分析。\n")
    found = quotas(plan)
    assert found["各科室报送上月能耗报表"].repeat.text == "每月5日前" and found["各科室报送上月能耗报表"].per == "unit"
    assert found["报送季度分析"].repeat.text == "每季度初月20日前后"
    assert report["not_imported"] == []


@pytest.mark.parametrize(("line", "repeat"), [("每周一前报送学习简报。", "每周一前"), ("每天打卡。", "每天"),
                                              ("每年12月底前完成总结。", "每年12月底前")])
def test_repeats_the_grammar_now_reads_are_the_tasks_repeat_and_not_its_title(tmp_path: Path, line: str, repeat: str) -> None:
    plan, report = imported(tmp_path, f"计划\n一、日常(2026年1月1日至12月31日)\n1、事项。{line}\n")
    task = tasks(plan)["事项"]
    assert task.repeat.text == repeat and task.when is None  # 12月底前 inside the repeat is no window
    assert report["not_imported"] == [] and not plan.quotas()


def test_an_object_after_a_verb_names_no_one_and_the_repeat_leaves_the_title(tmp_path: Path) -> None:
    plan, _ = imported(tmp_path, "计划\n一、学习(2026年1月1日至12月31日)\n1、学习。每月下旬组织党员集中学习1次。\n")
    (quota,) = plan.quotas()
    assert quota.title == "组织党员集中学习" and quota.repeat.text == "每月下旬"
    assert quota.who != ["members"]  # 党员 is what is organised, not who organises


def test_the_office_plans_phase_has_a_window_and_its_one_a_quarter_meeting_is_not_paced(tmp_path: Path) -> None:
    plan, _ = imported(tmp_path, "", str(DOCS / "office-annual-2026.txt"))
    phase = plan.phases[0]
    assert phase.window == Window(date(2026, 1, 1), date(2026, 12, 31))
    assert tasks(plan)["完善跨部门协作机制"].who == []  # 配合单位 is listed after 明确: an object
    assert quotas(plan)["召开协调会"].pace == "none"
    due = run_cli("due", "-f", str(tmp_path / "plan.yaml"), env={"PLANCTL_NOW": "2026-04-03T09:00", "PLANCTL_CACHE": "0"})
    assert due.exit_code == 0 and "behind pace" not in due.stdout and "not started" not in due.stdout


def test_a_documents_every_week_is_a_calendar_week(tmp_path: Path) -> None:
    plan, _ = imported(tmp_path, "计划\n一、学习(2026年1月1日至12月31日)\n1、自学。每人每周自学不少于3小时。\n")
    (quota,) = plan.quotas()
    assert quota.period == "week" and quota.weeks == "calendar"
    assert quota.period_windows[1] == Window(date(2026, 1, 5), date(2026, 1, 11))  # Monday to Sunday


def test_each_dekad_and_the_months_first_monday_are_read_as_duties_and_none_is_reported_unread(tmp_path: Path) -> None:
    plan, report = imported(tmp_path, "计划\n一、日常(2026年1月1日至12月31日)\n1、每旬报送工作信息。\n2、每月第一个周一召开支委会。\n"
                                      "3、分析。每季度末月28日前后向校办报送分析报告。\n")
    repeats = {task.title: task.repeat.text for task in plan.walk() if task.repeat is not None}
    assert repeats == {"每旬报送工作信息": "每旬", "每月第一个周一召开支委会": "每月第一个周一", "分析": "每季度末月28日前后"}
    assert "季度末" not in reasons(report)  # each read once, none reported as not read


def test_a_duty_in_a_word_document_reads_as_in_text(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    for text in ("计划", "一、日常管理(2026年1月1日至12月31日)", "1、报送。各支部每月5日前报送学习情况。"):
        document.add_paragraph(text)
    document.save(str(tmp_path / "plan.docx"))
    plan, _ = imported(tmp_path, "", "plan.docx")
    branch = tasks(plan)["报送"]
    assert (branch.repeat.text, branch.per) == ("每月5日前", "unit")


@pytest.mark.parametrize("name", ["seed.txt", "office-annual-2026.txt", "school-weeks-2025.txt",
                                  "branch-study-2026-gbk.txt", "notice.html"])
def test_every_real_document_imports_passes_check_and_shows_due(tmp_path: Path, name: str) -> None:
    imported(tmp_path, "", str(DOCS / name))
    due = run_cli("due", "-f", str(tmp_path / "plan.yaml"), env={"PLANCTL_CACHE": "0"})
    assert due.exit_code == 0, due.stdout + due.stderr


@pytest.mark.parametrize(("text", "first", "second"), [
    ("每天", (date(2026, 1, 1), date(2026, 1, 1)), (date(2026, 1, 2), date(2026, 1, 2))),
    ("每周五前", (date(2026, 1, 1), date(2026, 1, 2)), (date(2026, 1, 5), date(2026, 1, 9))),
    ("每月底前", (date(2026, 1, 1), date(2026, 1, 31)), (date(2026, 2, 1), date(2026, 2, 28))),
])
def test_daily_and_deadline_repeats_make_their_occurrences(text: str, first: tuple[date, date], second: tuple[date, date]) -> None:
    series = Series(parse_repeat(text), Window(date(2026, 1, 1), date(2026, 12, 31)))
    assert Window(*first) == series.at(0).window and Window(*second) == series.at(1).window
    assert Series(parse_repeat("每年12月底前"), Window(date(2026, 1, 1), date(2026, 12, 31))).all()[0].window == \
        Window(date(2026, 12, 1), date(2026, 12, 31))
