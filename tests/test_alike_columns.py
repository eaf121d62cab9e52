"""Entries alike (status/history.py `repeats`, and `repeated_entries` for `check`) found from a lazy log's columns,
as `check` finds them in a plan read cold (fasttree's columns) or from the cache (a marshal blob), are those found by
building every entry of every log:
the same pairs, in the same order, with the same values and offsets."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alike_plan import plan_text
from planctl.format.loader import load_bytes
from planctl.model import LazyLog, Plan
from planctl.status.history import repeated_entries, repeats
from planctl.store.planfile import open_plan

PEOPLE = {"sha": "沙继承", "zhangwei": "张伟"}

entry = st.fixed_dictionaries({
    "day": st.sampled_from(["2009-04-03", "2009-04-09", "2009-05-02"]),
    "by": st.sampled_from(["sha", "zhangwei", None]),
    "amount": st.sampled_from([None, 1, 1.0, 2]),
    "note": st.sampled_from([None, "补课", "another"]),
    "at": st.sampled_from([None, "2009-04-09T08:00:00+08:00", "2009-04-09T09:30:00+08:00"]),
})


def _said(plan: Plan) -> list[tuple[Any, ...]]:
    """`repeats` of the plan, by value; `repeated_entries` (check's way) must name their later entries."""
    pairs = repeats(plan)
    assert [tuple(later) for later in repeated_entries(plan)] == [(pair.item, pair.entry.pos, pair.entry.date, pair.entry.by)
                                                                  for pair in pairs]
    return [(pair.item.id, pair.first.key(), pair.first.pos, pair.entry.key(), pair.entry.pos) for pair in pairs]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(quota_log=st.lists(entry, max_size=12), task_log=st.lists(entry, max_size=8))
def test_entries_alike_from_a_lazy_logs_columns_are_those_of_its_entries(tmp_path: Path, quota_log: list[dict[str, Any]],
                                                                         task_log: list[dict[str, Any]]) -> None:
    raw = plan_text(PEOPLE, quota_log, task_log).encode("utf-8")
    fresh = load_bytes("plan.yaml", raw, fast=True)
    assert not fresh.errors and fresh.plan is not None, fresh.problems
    lazy = [item.id for item in fresh.plan.items() if isinstance(item.log, LazyLog) and not item.log.materialized]
    assert len(lazy) == bool(quota_log) + bool(task_log)  # the columns' way is the one taken
    by_yaml = load_bytes("plan.yaml", raw).plan  # every entry built
    assert by_yaml is not None and not any(isinstance(item.log, LazyLog) for item in by_yaml.items())
    expected = _said(by_yaml)
    assert _said(fresh.plan) == expected
    path = tmp_path / "plan.yaml"
    path.write_bytes(raw)
    for _ in range(2):  # the first read writes the cache, the second reads its blobs
        cached = open_plan(path, "plan.yaml", require_valid=False).loaded.plan
        assert cached is not None and _said(cached) == expected


def test_a_log_of_many_entries_alike_names_each_later_one_with_its_first() -> None:
    days = [date(2009, 4, 3), date(2009, 4, 9)]
    log = [{"day": day.isoformat(), "by": by, "amount": 1, "note": None, "at": None}
           for _ in range(3) for day in days for by in ("sha", "zhangwei")]
    loaded = load_bytes("plan.yaml", plan_text(PEOPLE, log, []).encode("utf-8"), fast=True)
    assert loaded.plan is not None
    found = repeats(loaded.plan)
    assert len(found) == 8 and all(pair.first.pos < pair.entry.pos for pair in found)
    assert [(pair.entry.date, pair.entry.by) for pair in found] == [(day, by) for _ in range(2) for day in days
                                                                    for by in ("sha", "zhangwei")]
    assert len({id(pair.first) for pair in found}) == 4
