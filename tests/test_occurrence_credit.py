"""Which occurrence an entry counts for (status/occurrences.py): the one holding its day, else the
latest started by it; never one not yet started, never a missed one before a later occurrence began,
nothing outside the task's window; the same whatever the order of the log. Through `done` and `show`
on the standing-duties example, and as properties of the rule."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, run_cli
from planctl.format.dates import Window
from planctl.format.recurrence import Series, parse_repeat
from planctl.model import Completion, Plan, Task
from planctl.status.occurrences import REPEAT, claims_of, counted, credited

EXAMPLE = ROOT / "docs" / "examples" / "standing-duties.yaml"
YEAR = Window(date(2026, 1, 1), date(2026, 12, 31))


@pytest.fixture()
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_bytes(EXAMPLE.read_bytes())
    return path


def done(plan: Path, *args: str, today: str = "2026-03-03") -> Any:
    return run_cli("done", *args, "--plan", str(plan), env={"PLANCTL_TODAY": today})


def done_days(plan: Path, task_id: str, today: str = "2026-12-31") -> list[str]:
    result = run_cli("show", task_id, "--plan", str(plan), "--today", today, "--json")
    assert result.exit_code == 0, result.output
    return [o["day"] for o in json.loads(result.stdout)["occurrences"] if o["state"] == "done"]


def test_a_second_person_logging_the_meeting_late_does_not_make_last_weeks_missed_one_done(plan: Path) -> None:
    first = done(plan, "weekly-meeting", "--by", "wangli")
    assert "counts for the occurrence of 2026-03-02" in first.stderr
    second = done(plan, "weekly-meeting", "--by", "zhangwei")
    assert "2026-02-23" not in second.stderr and "already done" in second.stderr
    assert "2026-02-23" not in done_days(plan, "weekly-meeting", "2026-03-03")


def test_logging_the_review_twice_neither_fills_a_missed_quarter_nor_the_next_in_advance(plan: Path) -> None:
    assert done(plan, "quarterly-review", "--by", "wangli", today="2026-04-02").exit_code == 0
    twice = done(plan, "quarterly-review", "--by", "wangli", today="2026-04-02")
    assert twice.exit_code == 0 and "already done" in twice.stderr and "nothing recorded" in twice.stderr
    again = done(plan, "quarterly-review", "--by", "wangli", "--again", today="2026-04-02")
    assert "repeats the occurrence of 2026-03-28" in again.stderr and "2026-06-28" not in again.stderr
    assert done_days(plan, "quarterly-review") == ["2026-03-28"]


def test_an_entry_on_the_day_itself_does_not_reshuffle_earlier_credits(plan: Path) -> None:
    for day in ("2026-06-30", "2026-06-30", "2026-06-29"):
        run_cli("done", "weekly-meeting", "--plan", str(plan), "--by", "wangli", "--date", day, "--again",
                env={"PLANCTL_TODAY": "2026-07-01"})
    assert [d for d in done_days(plan, "weekly-meeting") if d >= "2026-06-01"] == ["2026-06-29"]


def test_a_mistyped_year_is_refused_before_the_plan_and_counts_for_nothing_inside_it(plan: Path) -> None:
    typo = done(plan, "quarterly-review", "--by", "wangli", "--date", "2025-12-28")
    assert typo.exit_code == 2 and "before the plan starts" in typo.stderr  # h89: a day before the plan is refused
    early = done(plan, "quarterly-review", "--by", "wangli", "--date", "2026-01-02")
    assert early.exit_code == 0 and "counts for no occurrence" in early.stderr and "counts for the" not in early.stderr
    assert done_days(plan, "quarterly-review") == []


def test_a_day_before_the_first_occurrence_credits_none_in_advance(plan: Path) -> None:
    early = done(plan, "quarterly-review", "--by", "wangli", "--date", "2026-02-01")
    assert "counts for no occurrence" in early.stderr and "its first occurrence (2026-03-28)" in early.stderr
    assert done_days(plan, "quarterly-review") == []


# --- the rule as properties ------------------------------------------------------------------------

REPEATS = ["每周一", "每两周周三", "每月5日前", "每月下旬", "每季度末月28日前后", "每季度初月20日前后", "每年12月"]
DAYS = st.integers(min_value=-40, max_value=400).map(lambda n: date(2026, 1, 1) + timedelta(days=n))


def task_with(text: str, days: list[date]) -> tuple[Task, Series]:
    task = Task("t", "t", depth=2, repeat=parse_repeat(text), window=YEAR)
    task.log = [Completion(day) for day in days]
    return task, Series(task.repeat, YEAR)  # type: ignore[arg-type]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(REPEATS), st.lists(DAYS, max_size=12), st.randoms(use_true_random=False))
def test_permuting_the_log_never_changes_the_credits(text: str, days: list[date], rnd: random.Random) -> None:
    ordinals = [day.toordinal() for day in days]
    _, series = task_with(text, days)
    shuffled = list(ordinals)
    rnd.shuffle(shuffled)
    assert claims_of(series, ordinals, date.max.toordinal()) == claims_of(series, shuffled, date.max.toordinal())


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(REPEATS), st.lists(DAYS, max_size=12))
def test_no_occurrence_is_credited_before_it_starts_nor_more_than_the_entries_can_reach(text: str,
                                                                                      days: list[date]) -> None:
    task, series = task_with(text, days)
    credits = counted(Plan("p"), task, series)
    reachable = {series.started_by(day) - 1 for day in days if YEAR.start <= day and series.started_by(day)}
    assert len(credits) <= len(reachable)
    for i, on in credits.items():
        occurrence = series.at(i)
        assert occurrence.window.start.toordinal() <= on  # never credited by an entry dated before it
        later = series.at(i + 1).window.start.toordinal() if i + 1 < series.count else None
        assert later is None or on < later  # nor by one dated after the next occurrence began
    for day in days:  # what `done` tells of an entry already logged agrees with what is shown
        found = credited(Plan("p"), task, series, day)
        if found is None:
            assert day.toordinal() not in credits.values()
        else:
            assert found.how == REPEAT and found.position in credits
