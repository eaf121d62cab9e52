"""A cold read of a large plan does less work and gives the same answers (issue 20).

The shortcuts of a cold `check` are held to the long way: the hours-in-a-day check that proves a
plan's days fit without adding them up finds exactly what adding them up finds, and the cache that
stores each window once reads back as the plan.
"""

from __future__ import annotations

import marshal
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planctl.format import validate
from planctl.format.loader import load_bytes
from planctl.model import Plan
from planctl.store import cache

HOUR_ROWS = st.lists(st.tuples(
    st.integers(733_000, 733_003),  # a few days, so that a person's entries of one day add up
    st.sampled_from([None, "p1", "p2"]),
    st.one_of(st.none(), st.sampled_from([0.5, 1.0, 2.5, 8.0, 12.0, 24.0, 25.0, -3.0, -math.inf, math.nan]),
              st.floats(0, 30)),
    st.integers(0, 10_000),
), max_size=30)


def _plan() -> Plan:
    text = "title: t\nyear: 2009\nroster:\n  people:\n    p1: 张伟\n    p2: 李娜\nphases:\n  - id: a\n    title: A\n"
    plan = load_bytes("plan.yaml", text.encode()).plan
    assert plan is not None
    return plan


@settings(max_examples=400, deadline=None)
@given(HOUR_ROWS)
def test_hours_in_a_day_without_adding_up_finds_what_adding_up_finds(rows: list[validate.HourRow]) -> None:
    plan = _plan()
    quick = validate.hour_problems(plan, rows)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(validate, "_rows_that_may_tell", lambda rows: rows)
        added_up = validate.hour_problems(plan, rows)
    assert quick == added_up


def test_a_day_over_24_hours_is_still_told() -> None:
    """Three entries of 9 h by one person on one day: no entry is too large, the day is."""
    rows: list[validate.HourRow] = [(733_000, "p1", 9.0, 10), (733_000, "p1", 9.0, 20), (733_000, "p1", 9.0, 30),
                                    (733_001, "p1", 9.0, 40)]
    problems = validate.hour_problems(_plan(), rows)
    assert [p.offset for p in problems] == [10, 20, 30]


def test_the_cache_stores_a_window_the_plan_repeats_once(tmp_path: Path) -> None:
    """Forty tasks in the same month: their rows share one stored window (a smaller cache, read
    faster), and the cached plan is the plan."""
    tasks = "".join(f"      - id: t{i}\n        title: 任务{i}\n        when: 2009年3月\n" for i in range(40))
    text = f"title: t\nyear: 2009\nphases:\n  - id: a\n    title: A\n    when: 2009-03-01..2009-06-30\n    tasks:\n{tasks}"
    loaded = load_bytes("plan.yaml", text.encode(), fast=True)
    assert loaded.plan is not None and not loaded.errors
    rows = marshal.loads(marshal.dumps(cache.dump(loaded.plan).rows))
    tasks_rows = rows[1:]
    assert all(row[6] is tasks_rows[0][6] and row[7] is tasks_rows[0][7] for row in tasks_rows)
    assert [row[6][0] for row in tasks_rows] == ["2009年3月"] * 40
    assert rows[0][6][0] == "2009-03-01..2009-06-30"
