"""The lead's fixes of what earlier sessions noticed and left (issues 15 and 19): each test fails on the
code before its fix."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import run_cli
from planctl.format.loader import load_bytes

EXAMPLES = Path(__file__).resolve().parent.parent / "docs" / "examples"

PLAN = """\
planctl: 1
title: t
year: 2026
phases:
  - id: p
    title: p
    when: 2026年3月1日至4月30日
    tasks:
"""


def problems(text: str) -> list[tuple[int, int, str, str]]:
    return [(p.line, p.column, p.severity, p.message) for p in load_bytes("plan.yaml", text.encode("utf-8")).problems]


def test_waiting_for_a_repeating_task_is_a_located_error_naming_the_fix() -> None:
    extra = ("      - {id: meet, title: 例会, repeat: 每周一}\n"
             "      - id: note\n        title: 会后报告\n        after: [meet]\n")
    assert problems(PLAN + extra) == [(12, 17, "error", "task 'note' waits for 'meet', which repeats ('每周一') and so is "
                                       "never done once for all: name a task done once, or write repeat: on this task "
                                       "to follow each occurrence, e.g. repeat: 每周一")]


def test_waiting_for_a_one_off_task_beside_a_repeating_one_is_fine() -> None:
    extra = ("      - {id: meet, title: 例会, repeat: 每周一}\n"
             "      - {id: plan, title: 方案, when: 3月10日前}\n"
             "      - id: note\n        title: 会后报告\n        after: plan\n")
    assert problems(PLAN + extra) == []


def test_show_names_the_unit_each_entry_of_a_per_unit_task_counts_for(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    shutil.copy(EXAMPLES / "branch-reports.yaml", plan)
    shown = run_cli("-f", str(plan), "--today", "2026-02-10", "show", "branch-report")
    log = shown.stdout.split("\nLog\n", 1)[1].splitlines()
    assert log[0].split() == ["Date", "By", "Unit", "Note"]
    assert log[1].split() == ["2026-01-05", "—", "机关党支部"]
    assert log[4].split() == ["2026-02-04", "张伟", "机关党支部"]  # by: a member of one branch: that branch's share
