"""A quota under a task whose window is relative to another task follows that window as it stands on the
day (status/states.py `periods_on`, through `window_on`; status/quotas.py judges pace and buffer in
them): a meeting held late moves the quota's periods, its pace and buffer, and what `check` and `done`
say of its entries."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from conftest import run_cli
from planctl.format.dates import Window
from planctl.format.loader import load_bytes
from planctl.model import Plan, Quota, Task
from planctl.status import quotas as q
from planctl.status import states

# The meeting was planned for 10 April and held (logged) on 24 April; study runs 14 days after it.
PLAN = """\
title: 测试计划
year: 2026
roster:
  people:
    zhang: 张伟
phases:
  - id: p1
    title: 第一阶段
    when: 4月1日至6月30日
    tasks:
      - id: meet
        title: 动员会
        when: 4月10日
        log:
          - {date: 2026-04-24, by: zhang}
      - id: study
        title: 学习
        when: meet后14天内
        tasks:
          - id: reading
            title: 读书
            quotas:
              - id: hw
                title: 学习时长
                who: zhang
                target: 7
                unit: h
                period: week
                log:
                  - {date: 2026-04-27, by: zhang, amount: 3}
"""

LATE_DAY = date(2026, 4, 28)


def load(text: str = PLAN) -> Plan:
    loaded = load_bytes("plan.yaml", text.encode("utf-8"))
    assert loaded.plan is not None and not loaded.errors, loaded.problems
    return loaded.plan


def quota(plan: Plan) -> Quota:
    found = plan.find("hw")
    assert isinstance(found, Quota)
    return found


def test_the_quota_counts_paces_and_buffers_in_the_moved_window() -> None:
    plan = load()
    hw = quota(plan)
    reading = plan.find("reading")
    assert isinstance(reading, Task)
    moved = states.window_on(plan, reading, LATE_DAY)  # inherited from study, which follows the meeting
    assert moved == Window(date(2026, 4, 25), date(2026, 5, 8))
    assert states.quota_window_on(plan, hw, LATE_DAY) == moved
    periods = states.periods_on(plan, hw, LATE_DAY)
    period = q.quota_period(plan, hw, LATE_DAY, periods)
    assert period is not None and period.period == Window(date(2026, 4, 25), date(2026, 5, 1))
    row = period.rows[0]
    assert (row.done, row.state) == (3.0, q.ON_PACE)  # was 0 h, "missed", in the planned 04-18…24
    assert row.buffer_days == 3 / 1 - 3  # 3 h at 1 h a day on the morning of the period's 4th day: on pace
    assert [p.period.start for p in q.history(plan, hw, LATE_DAY, periods)] == [date(2026, 4, 25), date(2026, 5, 2)]


def test_before_the_meeting_is_logged_the_quota_keeps_its_planned_window() -> None:
    plan = load()
    hw = quota(plan)
    period = q.quota_period(plan, hw, date(2026, 4, 20), states.periods_on(plan, hw, date(2026, 4, 20)))
    assert period is not None and period.period == Window(date(2026, 4, 18), date(2026, 4, 24))


def test_a_task_made_of_the_quota_is_done_when_it_is_met_in_the_moved_window() -> None:
    entries = "".join(f"                  - {{date: 2026-{day}, by: zhang, amount: 7}}\n" for day in ("04-26", "05-03"))
    plan = load(PLAN.replace("                  - {date: 2026-04-27, by: zhang, amount: 3}\n", entries))
    reading = plan.find("reading")
    assert isinstance(reading, Task)
    assert q.is_met(plan, quota(plan), date.max, states.periods_on(plan, quota(plan)))
    assert states.is_done(plan, reading, date(2026, 5, 9))


def test_views_show_the_moved_window_and_periods(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    shown = run_cli("--today", "2026-04-28", "show", "hw", "-f", str(path))
    assert shown.exit_code == 0, shown.stderr
    assert "2026-04-25 … 2026-05-08" in shown.stdout and "04-25…05-01" in shown.stdout
    due = run_cli("--today", "2026-04-28", "due", "-f", str(path))
    assert "3/7 h" in due.stdout and "on pace" in due.stdout


def test_check_and_done_judge_entries_by_the_moved_periods(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    checked = run_cli("check", "-f", str(path))
    assert checked.exit_code == 0 and "does not count" not in checked.stdout, checked.stdout  # 04-27 counts
    recorded = run_cli("--today", "2026-06-28", "done", "hw", "--by", "zhang", "--amount", "2", "-f", str(path))
    assert recorded.exit_code == 0, recorded.stderr
    said = recorded.stdout + recorded.stderr
    assert "2026-06-28 is outside the periods of quota 'hw' (2026-04-25 … 2026-05-08); it does not count" in said
    for _ in range(2):  # fresh, then from the cache `done` refreshed
        checked = run_cli("check", "-f", str(path))
        assert checked.stdout.count("does not count") == 1 and "2026-06-28" in checked.stdout, checked.stdout


def test_a_task_placed_after_its_own_sub_task_holding_a_quota_is_no_circle(tmp_path: Path) -> None:
    """outer waits for inner, inside it; inner's quota takes outer's window: no view goes round for ever."""
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN.replace("        when: meet后14天内\n", "        when: reading后3天内\n"), encoding="utf-8")
    for command in (("check",), ("due",), ("show", "hw"), ("status",)):
        result = run_cli("--today", "2026-04-28", *command, "-f", str(path))
        assert result.exit_code in (0, 1) and "internal error" not in result.stdout + result.stderr, result.stderr
