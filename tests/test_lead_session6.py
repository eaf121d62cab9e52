"""The lead's fixes of session 6 (2026-11-30): what was noticed and left before, each kept as a case."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_cli

# A weekly report under a rectification that starts after a meeting: the meeting, planned for 03-10,
# is held (logged) on 04-20, so the rectification runs from 04-21 and its weekly reports start 04-27.
RECTIFICATION = """planctl: 1
title: 整改
year: 2026
roster:
  people:
    zw: 张伟
phases:
  - id: p1
    title: 整改阶段
    when: 2026-03-01..2026-06-30
    tasks:
      - id: meet
        title: 专题会议
        when: 2026-03-10
        who: zw
        log:
          - {date: 2026-04-20, by: zw}
      - id: fix
        title: 整改落实
        when: meet后
        who: zw
        tasks:
          - id: weekly
            title: 每周报告进展
            repeat: 每周一
            who: zw
      - id: own
        title: 每周自查
        when: meet后
        repeat: 每周五
        who: zw
"""


@pytest.fixture()
def rectification(tmp_path: Path) -> Path:
    plan = tmp_path / "plan.yaml"
    plan.write_text(RECTIFICATION, encoding="utf-8")
    return plan


def _json(*args: str) -> object:
    ran = run_cli(*args)
    assert ran.exit_code == 0, ran.stderr
    return json.loads(ran.stdout)


@pytest.mark.parametrize("task, first", [("weekly", "2026-04-27"), ("own", "2026-04-24")])
def test_a_recurring_task_in_a_window_after_a_late_meeting_starts_after_it_not_on_the_planned_days(
        rectification: Path, task: str, first: str) -> None:
    shown = _json("show", task, "-f", str(rectification), "--today", "2026-04-22", "--json")
    assert isinstance(shown, dict)
    days = [row["day"] for row in shown["occurrences"]]
    assert days[0] == first, days  # the planned window (from 03-11) made six "missed" reports before the meeting
    assert all(row["state"] == "upcoming" for row in shown["occurrences"]), shown["occurrences"]


def test_due_shows_no_report_missed_before_the_meeting_was_held(rectification: Path) -> None:
    ran = run_cli("due", "-f", str(rectification), "--today", "2026-04-22")
    assert ran.exit_code == 0, ran.stderr
    assert "missed" not in ran.stdout and "Overdue" not in ran.stdout, ran.stdout
    assert "04-27" in ran.stdout


def test_done_credits_the_occurrence_of_the_moved_window(rectification: Path) -> None:
    ran = run_cli("done", "weekly", "-f", str(rectification), "--date", "2026-04-27", "--today", "2026-04-27")
    assert ran.exit_code == 0, ran.stderr
    assert "04-27" in ran.stdout + ran.stderr, ran.stdout + ran.stderr
    shown = _json("show", "weekly", "-f", str(rectification), "--today", "2026-04-28", "--json")
    assert isinstance(shown, dict)
    assert shown["occurrences"][0]["done_on"] == "2026-04-27", shown["occurrences"][0]


def test_before_the_meeting_is_held_the_reports_follow_its_planned_day(rectification: Path) -> None:
    text = rectification.read_text(encoding="utf-8").replace("        log:\n          - {date: 2026-04-20, by: zw}\n", "")
    rectification.write_text(text, encoding="utf-8")
    shown = _json("show", "weekly", "-f", str(rectification), "--today", "2026-03-12", "--json")
    assert isinstance(shown, dict)
    assert shown["occurrences"][0]["day"] == "2026-03-16", shown["occurrences"][0]
