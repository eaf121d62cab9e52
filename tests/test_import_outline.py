"""The outline `planctl import` reads: siblings of one numbering style stay siblings when a part of the
document skips a level (二、 with 1、 2、 3、 but no (一)), and a table of weeks ranks just below 一、 (its
weeks are phases when it comes before the first 二、, tasks of the part it sits in otherwise)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from conftest import run_cli
from planctl.format.loader import load_path

SKIPPED = ("2026年工作计划\n一、学习\n（一）自学。3月开展。\n二、组织建设\n1、3月上旬，完成党员信息采集。\n"
           "2、4月上旬，确定入党积极分子。\n3、6月底前，党费专项检查。\n")


def _plan(tmp_path: Path, text: str) -> Any:
    document = tmp_path / "a.txt"
    document.write_text(text, encoding="utf-8")
    out = tmp_path / "a.yaml"
    result = run_cli("import", str(document), "-o", str(out), "--force")
    assert result.exit_code == 0, result.output
    assert run_cli("check", "-f", str(out)).exit_code == 0
    return load_path(out).plan


def _shape(task: Any) -> tuple[Any, ...]:
    return task.title, tuple(_shape(sub) for sub in task.tasks)


def test_numbered_siblings_stay_siblings_when_their_part_skips_a_level(tmp_path: Path) -> None:
    plan = _plan(tmp_path, SKIPPED)
    second = plan.phases[1]
    assert [task.title for task in second.tasks] == ["3月上旬，完成党员信息采集", "4月上旬，确定入党积极分子", "6月底前，党费专项检查"]
    assert all(not task.tasks for task in second.tasks)
    last = second.tasks[2]
    assert (last.window.start, last.window.end) == (date(2026, 1, 1), date(2026, 6, 30))  # not from 3月上旬's start


def test_a_deeper_style_after_skipping_still_nests_under_its_sibling(tmp_path: Path) -> None:
    sub_items = "(1)4月5日前，谈话。\n(2)4月10日前，公示。\n"
    text = SKIPPED.replace("2、4月上旬，确定入党积极分子。\n", "2、4月上旬，确定入党积极分子。\n" + sub_items)
    plan = _plan(tmp_path, text)
    second = plan.phases[1]
    assert len(second.tasks) == 3
    assert [sub.title for sub in second.tasks[1].tasks] == ["4月5日前，谈话", "4月10日前，公示"]


WEEKS_FIRST = ("2025年秋季学期教务处工作安排\n| 周次 | 时间 | 工作内容 |\n第1周 | 9.1-9.7 | 1. 开学准备; 2. 教研启动 |\n"
               "第2周 | 9.8-9.14 | 1. 期初检查 |\n二、教学常规管理\n1、每月下旬组织教案检查。\n2、第5周组织青年教师汇报课。\n"
               "三、教研工作\n1、每周三开展教研活动。\n")


def test_parts_after_a_table_of_weeks_are_phases_beside_its_weeks(tmp_path: Path) -> None:
    plan = _plan(tmp_path, WEEKS_FIRST)
    assert [_shape(phase) for phase in plan.phases] == [
        ("第1周", (("开学准备", ()), ("教研启动", ()))),
        ("第2周", (("期初检查", ()),)),
        ("教学常规管理", (("每月下旬组织教案检查", ()), ("第5周组织青年教师汇报课", ()))),
        ("教研工作", (("每周三开展教研活动", ()),)),
    ]
    week5 = plan.phases[2].tasks[1]
    assert (week5.window.start, week5.window.end) == (date(2025, 9, 29), date(2025, 10, 5))  # week1 from the table


def test_a_table_of_weeks_inside_a_part_gives_its_tasks(tmp_path: Path) -> None:
    text = ("2025年秋季学期教务处工作安排\n一、指导思想\n坚持立德树人。\n二、工作安排\n| 周次 | 时间 | 工作内容 |\n"
            "第1周 | 9.1-9.7 | 1. 开学准备; 2. 教研启动 |\n第2周 | 9.8-9.14 | 1. 期初检查 |\n三、教研工作\n1、每周三开展教研活动。\n")
    plan = _plan(tmp_path, text)
    assert [phase.title for phase in plan.phases] == ["指导思想", "工作安排", "教研工作"]
    assert [_shape(task) for task in plan.phases[1].tasks] == [
        ("第1周", (("开学准备", ()), ("教研启动", ()))), ("第2周", (("期初检查", ()),))]
    assert plan.week1 == date(2025, 9, 1)
