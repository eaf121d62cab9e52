"""`planctl import` of short plan documents in the styles offices send (a 处室's annual plan, a party branch's
monthly study plan and 三会一课, a school's week table, plans dated 3月上旬 / 即日起至… / 每周五下午): each
case here lost an item or gave a wrong window or repeat before it was fixed."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from conftest import run_cli
from planctl.format.loader import load_path


def _import(tmp_path: Path, text: str) -> tuple[Any, dict[str, Any]]:
    document = tmp_path / "计划.txt"
    document.write_text(text, encoding="utf-8")
    out, report = tmp_path / "plan.yaml", tmp_path / "report.json"
    result = run_cli("import", str(document), "-o", str(out), "--report", str(report), "--force")
    assert result.exit_code == 0, result.output
    assert run_cli("check", str(out), env={"PLANCTL_CACHE": "0"}).exit_code == 0
    plan = load_path(out).plan
    assert plan is not None
    return plan, json.loads(report.read_text(encoding="utf-8"))


def _tasks(plan: Any) -> dict[str, Any]:
    return {task.title: task for task in plan.walk()}


def test_a_duty_on_friday_afternoons_repeats_on_fridays(tmp_path: Path) -> None:
    plan, report = _import(tmp_path, "2026年办公室工作计划\n一、队伍建设\n1. 每周五下午组织集中学习，每次不少于一个半小时。\n"
                                     "2. 每月最后一个周五下午开展主题党日活动。\n")
    repeats = [(task.title, task.repeat.text if task.repeat else None) for task in plan.walk() if task.depth == 2]
    assert repeats[0][1] == "每周五" and repeats[1][1] == "每月最后一个周五"
    quotas = [q for task in plan.walk() for q in task.quotas]
    assert not [q.title for q in quotas if q.title.startswith("午")]  # 每周五下 is no repeat: no 午组织集中学习
    assert not [q for q in quotas if q.unit == "个"]  # 一个 of 最后一个 is no count
    assert not [x for x in report["not_imported"] if "每周五下" in x["reason"] or "最后一个周五" in x["reason"]]


def test_a_duty_on_two_weekdays_is_reported_whole_and_titled_without_the_time_of_day(tmp_path: Path) -> None:
    plan, report = _import(tmp_path, "2026年综合办公室工作计划\n一、日常工作\n1. 每周二、周四下午开展业务学习。\n")
    assert [q.title for task in plan.walk() for q in task.quotas] == ["开展业务学习"]
    assert [x["reason"].split("'")[1] for x in report["not_imported"]] == ["每周二、周四"]


def test_the_months_of_a_party_branch_study_plan_are_its_tasks(tmp_path: Path) -> None:
    text = ("机关第一党支部2026年学习计划\n一、学习安排\n1月：学习党章。支部书记讲党课1次。\n2月：学习《中国共产党纪律处分条例》。\n"
            "3月上旬：开展“学雷锋”志愿服务活动。\n二、党课\n1. 第一季度：支部书记讲党课。\n2. 第二季度：支部委员讲党课。\n")
    plan, report = _import(tmp_path, text)
    tasks = _tasks(plan)
    assert tasks["学习党章"].window.start == date(2026, 1, 1) and tasks["学习党章"].window.end == date(2026, 1, 31)
    assert tasks["学习《中国共产党纪律处分条例》"].window.start == date(2026, 2, 1)
    assert tasks["开展“学雷锋”志愿服务活动"].window.end == date(2026, 3, 10)
    assert tasks["支部书记讲党课"].window.end == date(2026, 3, 31)
    assert tasks["支部委员讲党课"].window.start == date(2026, 4, 1)
    assert not report["not_imported"]


def test_from_today_until_a_day_is_a_deadline(tmp_path: Path) -> None:
    text = ("2026年办公室工作计划\n一、档案管理（3月-12月）\n1. 即日起至12月31日，开展档案数字化工作。\n"
            "2. 开展档案清理（即日起至6月底）。\n")
    plan, _report = _import(tmp_path, text)
    tasks = _tasks(plan)
    first = tasks["即日起至12月31日，开展档案数字化工作"]
    assert (first.window.start, first.window.end) == (date(2026, 3, 1), date(2026, 12, 31))
    second = tasks["开展档案清理"]
    assert (second.window.start, second.window.end) == (date(2026, 3, 1), date(2026, 6, 30))


def test_a_range_of_months_is_the_whole_range(tmp_path: Path) -> None:
    plan, _report = _import(tmp_path, "2026年教务处工作要点\n一、教研工作\n1. 3-6月开展青年教师培训。\n")
    task = _tasks(plan)["3-6月开展青年教师培训"]
    assert (task.window.start, task.window.end) == (date(2026, 3, 1), date(2026, 6, 30))


def test_a_week_after_a_range_of_weeks_is_in_its_place(tmp_path: Path) -> None:
    text = ("2026年春季学期德育工作安排\n| 周次 | 日期 | 工作内容 |\n| 第3周 | 3.9-3.15 | 1. 安全教育周 |\n"
            "| 第4-5周 | 3.16-3.29 | 1. 清明节祭扫活动准备 |\n| 第6周 | 3.30-4.5 | 1. 清明节祭扫 |\n")
    _plan, report = _import(tmp_path, text)
    assert not [n for n in report["notices"] if "read by position" in n]


def test_the_rows_of_a_table_of_months_are_items_with_their_tasks(tmp_path: Path) -> None:
    text = ("2026年教学工作计划\n一、常规管理\n1. 每月底前完成教案检查。\n二、工作安排\n| 月份 | 主要工作 |\n"
            "| 2月 | 开学准备，制定计划 |\n| 3月 | 教学常规检查；学雷锋活动 |\n| 4月 | 1. 期中考试 2. 质量分析 |\n")
    plan, report = _import(tmp_path, text)
    months = plan.phases[1].tasks
    assert [(t.title, t.window.start.month) for t in months] == [("开学准备，制定计划", 2), ("3月", 3), ("4月", 4)]
    assert [[c.title for c in t.tasks] for t in months] == [[], ["教学常规检查", "学雷锋活动"], ["期中考试", "质量分析"]]
    assert [x["line"] for x in report["not_imported"]] == [5]  # the header row only


def test_a_table_read_by_its_header_gives_each_row_its_title_window_and_note(tmp_path: Path) -> None:
    text = ("2026年党支部工作计划\n一、月度学习安排\n| 月份 | 学习内容 | 责任人 |\n| 1月 | 学习党章 | 支部书记 |\n"
            "| 2月 | 学习纪律处分条例 | 组织委员 |\n二、重点工作任务分解\n| 序号 | 工作任务 | 完成时限 | 责任科室 |\n"
            "| 1 | 制定年度学习计划 | 1月底前 | 办公室 |\n| 2 | 开展专题调研 | 第二季度 | 综合科 |\n")
    plan, report = _import(tmp_path, text)
    rows = [[(t.title, t.window.start, t.window.end, t.note) for t in phase.tasks] for phase in plan.phases]
    assert rows == [[("学习党章", date(2026, 1, 1), date(2026, 1, 31), "责任人：支部书记"),
                     ("学习纪律处分条例", date(2026, 2, 1), date(2026, 2, 28), "责任人：组织委员")],
                    [("制定年度学习计划", date(2026, 1, 1), date(2026, 1, 31), "责任科室：办公室"),
                     ("开展专题调研", date(2026, 4, 1), date(2026, 6, 30), "责任科室：综合科")]]
    assert [x["line"] for x in report["not_imported"]] == [3, 7]  # the header rows


def test_windows_listed_with_a_mark_are_one_window(tmp_path: Path) -> None:
    text = ("2026年人事科工作计划\n一、干部考核\n1．第一、二季度完成干部年度考核。\n2．3月、4月组织干部培训。\n"
            "3．上半年、下半年各组织1次应急演练。\n4．7、8月份开展暑期实践活动。\n")
    plan, _report = _import(tmp_path, text)
    tasks = _tasks(plan)
    summer = tasks["7、8月份开展暑期实践活动"]
    assert (summer.window.start, summer.window.end) == (date(2026, 7, 1), date(2026, 8, 31))
    assert (tasks["第一、二季度完成干部年度考核"].window.start, tasks["第一、二季度完成干部年度考核"].window.end) == (
        date(2026, 1, 1), date(2026, 6, 30))
    assert (tasks["3月、4月组织干部培训"].window.start, tasks["3月、4月组织干部培训"].window.end) == (
        date(2026, 3, 1), date(2026, 4, 30))
    drill = tasks["上半年、下半年各组织1次应急演练"]
    (quota,) = drill.quotas
    assert quota.title == "组织应急演练" and quota.target == 1 and len(quota.periods) == 2


def test_a_repeat_over_a_range_of_days_is_reported_not_cut_to_its_first_day(tmp_path: Path) -> None:
    plan, report = _import(tmp_path, "2026年安全工作计划\n一、日常检查\n1. 每月1日至5日开展安全大检查。\n2. 汛期值守。\n")
    assert not [t for t in plan.walk() if t.repeat is not None and t.repeat.text == "每月1日"]
    assert [x for x in report["not_imported"] if "每月1日至5日" in x["reason"]]


def test_the_second_term_of_a_school_year_is_in_its_second_year(tmp_path: Path) -> None:
    text = "XX中学2025-2026学年第二学期教学工作计划\n一、常规管理\n1. 期中考试（4月下旬）。\n"
    plan, _report = _import(tmp_path, text)
    assert plan.year == 2026 and _tasks(plan)["期中考试"].window.start == date(2026, 4, 21)


def test_a_section_heading_that_says_monthly_is_no_duty_of_its_own(tmp_path: Path) -> None:
    text = "XX党支部2026年度工作计划\n一、每月固定工作\n1. 每月10日前收缴党费。\n2. 每月第一个工作日召开支委会。\n"
    plan, report = _import(tmp_path, text)
    assert [q.title for task in plan.walk() for q in task.quotas] == ["召开支委会"]  # no quota 固定工作 每月
    assert [x["reason"].split("'")[1] for x in report["not_imported"]] == ["每月第一个工作日"]


def test_a_decimal_amount_is_no_day_of_the_year(tmp_path: Path) -> None:
    plan, _report = _import(tmp_path, "2026年财务科工作计划\n一、队伍建设\n（一）业务学习。每周三下午学习一次，每次1.5小时。\n")
    (task,) = plan.phases[0].tasks
    assert task.when is None and task.window == plan.phases[0].window


def test_windows_listed_apart_give_no_window_and_a_weekday_range_is_reported(tmp_path: Path) -> None:
    text = ("2026年学校安全工作计划\n一、安全教育\n1. 3月、9月开学第一周开展安全教育周活动。\n"
            "2. 每周一至周五安排专人值守。\n")
    plan, report = _import(tmp_path, text)
    week = _tasks(plan)["3月、9月开学第一周开展安全教育周活动"]
    assert week.when is None  # not 3月至9月, a window of seven months
    assert not [t for t in plan.walk() if t.repeat is not None and t.repeat.text == "每周一"]
    assert [x["reason"].split("'")[1] for x in report["not_imported"]] == ["每周一至周五"]


def test_a_list_of_more_than_99_items_keeps_item_100_and_after(tmp_path: Path) -> None:  # tester h88, finding 8
    items = "".join(f"{n}、任务{n}。\n" for n in range(1, 106)) + "".join(f"（{n}）细项{n}。\n" for n in (1, 2))
    plan, report = _import(tmp_path, "一、阶段一（2026年1月）\n" + items)
    titles = [task.title for task in plan.walk() if task.depth == 2]
    assert len(titles) == 105 and titles[-1] == "任务105" and "任务100" in titles
    assert not any("100、" in (task.note or "") for task in plan.walk())
