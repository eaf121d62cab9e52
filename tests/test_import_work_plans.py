"""Chinese work plans as offices write them: the measure words they count in, speakers in brackets,
xlsx deadlines and responsible offices (a tester's real-genre documents, issue of helper h101)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import run_cli
from planctl.format.loader import load_path
from planctl.format.units import canonical_unit, parse_amount


def imported(tmp_path: Path, text: str) -> tuple[Any, dict[str, Any]]:
    document, out, report = tmp_path / "plan.txt", tmp_path / "plan.yaml", tmp_path / "report.json"
    document.write_text(text, encoding="utf-8")
    result = run_cli("import", str(document), "-o", str(out), "--report", str(report))
    assert result.exit_code == 0, result.stderr
    checked = run_cli("check", str(out), env={"PLANCTL_CACHE": "0"})
    assert checked.exit_code == 0, checked.stdout
    return load_path(out).plan, json.loads(report.read_text(encoding="utf-8"))


# --- 1. count words --------------------------------------------------------------------------------

@pytest.mark.parametrize("word", ["节", "课时", "学时", "人次", "期", "条", "件", "本", "堂", "轮", "批", "门", "册"])
def test_a_measure_word_of_work_plans_is_a_count_unit(word: str) -> None:
    assert canonical_unit(word) == word
    assert parse_amount(f"3{word}", "次") == 3


def test_listening_to_ten_lessons_imports_as_a_quota_in_lessons(tmp_path: Path) -> None:
    plan, _ = imported(tmp_path, "某中学2026年教学工作计划\n一、课堂教学(2026年3月1日至7月10日)\n"
                                 "1.听课评课。每名教师听课不少于10节。\n2.校本培训。教师参加校本培训不少于24学时。\n")
    found = {(q.unit, q.target) for q in plan.quotas()}
    assert ("节", 10) in found and ("学时", 24) in found


def test_a_new_round_is_no_count(tmp_path: Path) -> None:
    plan, _ = imported(tmp_path, "某中学2026年工作计划\n一、教学改革(2026年3月1日至7月10日)\n"
                                 "1.课程改革。各教研组启动新一轮课程改革，培养一批骨干教师。\n")
    assert plan.quotas() == []


# --- 3. the speaker in brackets ------------------------------------------------------------------

def test_a_speaker_in_brackets_becomes_speakers_and_leaves_the_title(tmp_path: Path) -> None:
    plan, _ = imported(tmp_path, "2026年机关党支部党建工作计划\n一、加强政治理论学习\n"
                                 "1、4月上旬、9月上旬各举办一次专题党课（主讲：李书记）。\n2、开展廉政教育(主讲人：王明、赵刚)。\n")
    tasks = {task.title: task for task in plan.walk() if task.title != "加强政治理论学习"}
    assert all("主讲" not in title for title in tasks) and all("主讲" not in q.title for q in plan.quotas())
    speakers = sorted(task.role("speakers") for task in tasks.values())
    assert speakers == [("李书记",), ("王明", "赵刚")]


# --- 5. the 责任科室 and 责任人 columns --------------------------------------------------------------

DUTIES_TABLE = """2026年县教育局重点工作任务分解表
| 序号 | 工作任务 | 完成时限 | 责任科室 | 责任人 |
| 1 | 制定年度工作要点 | 1月底前 | 办公室 | 王丽 |
| 2 | 开展春季开学检查 | 2月28日 | 督导室 | 赵强 |
| 3 | 组织中考 | 6月中下旬 | 招生办、团委 | |
| 4 | 年终考核 | 12月 | 人事科 | 刘梅 |
"""


def test_each_office_of_the_responsible_column_is_a_group_and_the_items_who(tmp_path: Path) -> None:
    plan, _ = imported(tmp_path, DUTIES_TABLE)
    names = {gid: group.name for gid, group in plan.roster.groups.items()}
    who = {task.title: sorted(names[g] for g in task.who) for task in plan.walk()}
    assert who == {"制定年度工作要点": ["办公室"], "开展春季开学检查": ["督导室"], "组织中考": ["团委", "招生办"],
                   "年终考核": ["人事科"]}
    assert {"王丽", "赵强", "刘梅"} <= set(plan.roster.people.values())


# --- 4. a repeat in the 完成时限 column -------------------------------------------------------------

def test_a_deadline_column_that_repeats_keeps_its_day_and_the_report_agrees(tmp_path: Path) -> None:
    plan, report = imported(tmp_path, "2026年县教育局办公室重点工作任务分解表\n| 序号 | 工作任务 | 完成时限 | 责任科室 |\n"
                                      "| 1 | 每月报送信息简报 | 每月5日前 | 办公室 |\n| 2 | 报送安全台账 | 每季度末月25日前 | 办公室 |\n")
    repeats = sorted(task.repeat.text for task in plan.walk() if task.repeat is not None)
    assert repeats == ["每季度末月25日前", "每月5日前"]
    assert "repeat" not in json.dumps(report["not_imported"], ensure_ascii=False)


# --- 2. a school term ------------------------------------------------------------------------------

def test_a_quota_each_term_says_the_term_was_not_read(tmp_path: Path) -> None:
    _, report = imported(tmp_path, "2026年机关党支部党建工作计划\n一、规范组织生活\n1、每学期开展一次主题党日活动。\n")
    assert any("每学期" in guess["text"] for guess in report["guesses"])


def test_the_forms_a_refused_window_is_shown_are_of_the_plans_year(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text("planctl: 1\ntitle: t\nyear: 2026\nphases:\n  - id: a\n    title: 党建\n    when: 2026年\n"
                    "    tasks:\n      - id: b\n        title: 主题党日\n        when: 2025-2026学年第二学期\n", encoding="utf-8")
    checked = run_cli("check", str(plan), env={"PLANCTL_CACHE": "0"})
    assert checked.exit_code != 0 and "closest accepted forms" in checked.stdout + checked.stderr
    assert "2009" not in checked.stdout + checked.stderr


# --- 6. HTML list items ----------------------------------------------------------------------------

def test_the_items_of_an_html_list_are_items_of_the_outline(tmp_path: Path) -> None:
    page, out = tmp_path / "plan.html", tmp_path / "plan.yaml"
    page.write_text("<html><body><h1>2026年教务处工作计划</h1><p>一、教学常规管理</p>"
                    "<ol><li>3月上旬完成教学计划审核</li><li><p>4月中旬组织期中考试</p></li></ol>"
                    "<p>二、教研活动</p><ul><li>5月开展公开课展示</li></ul></body></html>", encoding="utf-8")
    assert run_cli("import", str(page), "-o", str(out)).exit_code == 0
    plan = load_path(out).plan
    titles = {phase.title: [task.title for task in phase.tasks] for phase in plan.phases}
    assert titles == {"教学常规管理": ["3月上旬完成教学计划审核", "4月中旬组织期中考试"], "教研活动": ["5月开展公开课展示"]}


def test_a_speaker_before_more_words_in_brackets_keeps_the_words(tmp_path: Path) -> None:
    plan, _ = imported(tmp_path, "2026年教研工作计划\n一、教研活动(2026年3月1日至6月30日)\n"
                                 "1、骨干教师新课标解读专题讲座(主讲:区教研员,聚焦跨学科主题学习)。\n")
    task = next(task for task in plan.walk() if task.role("speakers"))
    assert task.role("speakers") == ("区教研员",)
    assert "聚焦跨学科主题学习" in task.title + (task.note or "")


# --- 7. ids ----------------------------------------------------------------------------------------

def test_a_row_titled_by_its_month_gets_no_stray_letter_for_an_id(tmp_path: Path) -> None:
    plan, _ = imported(tmp_path, "2026年教务处工作计划\n| 月份 | 工作内容 |\n| 3月 | 教学常规检查 |\n"
                                 "| 4月 | 公开课展示；集体备课 |\n")
    assert all(len(task.id) >= 2 for task in plan.walk())


# --- 7. bullets in a week's cell -------------------------------------------------------------------

def test_the_bullets_in_a_weeks_cell_are_tasks_of_that_week(tmp_path: Path) -> None:
    plan, _ = imported(tmp_path, "2025年秋季学期教务处工作安排\n| 周次 | 时间 | 重点工作内容 |\n"
                                 "第1周 | 9.1-9.7 | 1. 开学准备: - 完成课表编排(含校本课程); - 检查教室设备; "
                                 "2. 会议部署: - 召开全体会议(明确分工:学籍管理、考试组织); - 核查早自习(8:00-8:20)安排 |\n")
    week = plan.phases[0]
    assert {task.title: [sub.title for sub in task.tasks] for task in week.tasks} == {
        "开学准备": ["完成课表编排(含校本课程)", "检查教室设备"],
        "会议部署": ["召开全体会议(明确分工:学籍管理、考试组织)", "核查早自习(8:00-8:20)安排"]}
