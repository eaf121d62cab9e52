"""Recurring tasks, rules a tester found broken: a whole-period repeat (每季度 / quarterly) is the
whole calendar quarter; a parent logged done does not close a recurring child's occurrences; a
second entry in one occurrence repeats it and credits no other, and `done` tells what `show` shows."""

# ruff: noqa: F811  (tests take the `plan` fixture imported from test_recurring_cli as an argument)

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import run_cli
from planctl.format.dates import Window
from planctl.format.recurrence import Series, parse_repeat
from test_recurring_cli import EXAMPLE, as_json, plan  # noqa: F401  (plan: the example copied, a fixture)

YEAR_2026 = Window(date(2026, 1, 1), date(2026, 12, 31))


def spans(text: str) -> list[str]:
    return [f"{o.window.start.isoformat()}..{o.window.end.isoformat()}"
            for o in Series(parse_repeat(text), YEAR_2026).all()]


@pytest.mark.parametrize("text", ["每季度", "quarterly", "every quarter"])
def test_a_quarterly_repeat_is_the_whole_calendar_quarter(text: str) -> None:
    assert spans(text) == ["2026-01-01..2026-03-31", "2026-04-01..2026-06-30", "2026-07-01..2026-09-30",
                           "2026-10-01..2026-12-31"]


def test_every_two_months_and_every_year_are_whole_periods() -> None:
    assert spans("每两个月")[:2] == ["2026-01-01..2026-02-28", "2026-03-01..2026-04-30"]
    assert spans("every 2 months") == spans("每两个月")
    assert spans("每年") == spans("yearly") == ["2026-01-01..2026-12-31"]
    assert spans("每月")[1] == "2026-02-01..2026-02-28"



def meetings(plan: Path, today: str) -> dict[str, int]:
    rows = as_json("status", "--plan", str(plan), "--today", today)["recurring"]
    found = {r["id"]: r["occurrences"] for r in rows}["weekly-meeting"]
    return {"done": found["done"], "so_far": found["so_far"]}


def done(plan: Path, *args: str) -> Any:
    return run_cli("done", *args, "--plan", str(plan), "--by", "wangli", env={"PLANCTL_TODAY": "2026-03-03"})


def test_a_phase_logged_done_does_not_close_its_recurring_tasks(plan: Path) -> None:
    result = done(plan, "routine", "--yes")
    assert result.exit_code == 0, result.output
    assert "weekly-meeting" not in result.stderr and "每周一召开处务例会" not in result.stderr
    # the 7 missed meetings stay missed, and the duty keeps running for the rest of the year
    assert meetings(plan, "2026-03-03") == {"done": 2, "so_far": 9}
    assert "weekly-meeting" in run_cli("due", "--plan", str(plan), "--today", "2026-03-10").stdout
    occurrences = as_json("show", "weekly-meeting", "--plan", str(plan), "--today", "2026-03-03")["occurrences"]
    assert [o["state"] for o in occurrences[2:4]] == ["overdue", "overdue"]


def test_a_second_entry_in_one_occurrence_repeats_it_and_credits_no_other(plan: Path) -> None:
    assert done(plan, "weekly-meeting", "--date", "2026-03-02").exit_code == 0
    again = done(plan, "weekly-meeting", "--date", "2026-03-02", "--again")
    assert again.exit_code == 0, again.output
    assert "repeats the occurrence of 2026-03-02" in again.stderr and "2026-02-23" not in again.stderr
    assert meetings(plan, "2026-03-03") == {"done": 3, "so_far": 9}  # three meetings logged, not four
    shown = as_json("show", "weekly-meeting", "--plan", str(plan), "--today", "2026-03-03")["occurrences"]
    assert [o["day"] for o in shown if o["state"] == "done"] == ["2026-01-05", "2026-01-12", "2026-03-02"]


def test_done_names_the_occurrence_show_credits(plan: Path) -> None:
    # 03-03 (no meeting that day) is the 03-02 meeting logged late; the 03-02 meeting logged after it
    # is the same meeting: refused without --again, and the missed 02-23 stays missed
    assert "counts for the occurrence of 2026-03-02, logged after its days" in done(plan, "weekly-meeting").stderr
    on_day = done(plan, "weekly-meeting", "--date", "2026-03-02")
    assert on_day.exit_code == 0, on_day.output
    assert "the occurrence of 2026-03-02 is already done" in on_day.stderr
    shown = as_json("show", "weekly-meeting", "--plan", str(plan), "--today", "2026-03-03")["occurrences"]
    assert {o["day"]: o["done_on"] for o in shown if o["state"] == "done"} == {
        "2026-01-05": "2026-01-05", "2026-01-12": "2026-01-12", "2026-03-02": "2026-03-03"}


@pytest.mark.parametrize("text", ["每年2月30日", "每年2月31日前", "每年4月31日", "每年11月31日", "yearly on february 30",
                                  "yearly in june 31"])
def test_a_yearly_day_the_month_never_has_is_refused(text: str) -> None:
    from planctl.format.dates import DateError

    with pytest.raises(DateError, match="there is no"):
        parse_repeat(text)


def test_a_yearly_leap_day_and_a_monthly_31st_stay_read() -> None:
    assert parse_repeat("每年2月29日").first == 29
    assert parse_repeat("每年12月31日").last == 31
    assert spans("每月31日")[1] == "2026-02-28..2026-02-28"


def test_an_open_ended_window_with_no_end_in_the_plan_warns_where_it_ends(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("title: t\nphases:\n  - id: p\n    title: p\n    when: 2015年8月10日起\n", encoding="utf-8")
    result = run_cli("check", str(path))
    assert result.exit_code == 0, result.output
    assert "plan.yaml:5:11: warning: phase 1's window: '2015年8月10日起' has no end" in result.output
    assert "2015-12-31" in result.output and "horizon:" in result.output
    path.write_text("title: t\nhorizon: 2016-06-30\nphases:\n  - id: p\n    title: p\n    when: 2015年8月10日起\n",
                    encoding="utf-8")
    assert "warning" not in run_cli("check", str(path)).output
