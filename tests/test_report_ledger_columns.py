"""A report's ledger (台账) and quota lines made from a log's stored columns (a plan read from the cache:
model.logs_within, status/report.py `_column_entries`) are those made from its built entries (the YAML
reader's `Completion`s): the same days, items, people, units, amounts and notes, in the same order."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alike_plan import plan_text
from planctl.format.loader import load_bytes
from planctl.model import Plan
from planctl.status.report import MONTH, WEEK, Period, build, month_window, week_of
from planctl.store.planfile import open_plan

PEOPLE = {"sha": "沙继承", "zhangwei": "张伟"}

entry = st.fixed_dictionaries({
    "day": st.sampled_from(["2009-04-03", "2009-04-06", "2009-04-09", "2009-04-30", "2009-05-02"]),
    "by": st.sampled_from(["sha", "zhangwei", None]),
    "amount": st.sampled_from([None, 1, 2.5, 3]),
    "note": st.sampled_from([None, "补课", "another"]),
    "at": st.just(None),
})


def _said(plan: Plan, period: Period, today: date) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    report = build(plan, period, today)
    ledger = [(e.day, e.item.id, e.phase.id if e.phase else None, e.person, e.unit, e.amount, e.amount_unit, e.note)
              for e in report.entries]
    return ledger, [(line.number, line.periods, line.state, line.row.done) for line in report.quotas]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(quota_log=st.lists(entry, max_size=12), task_log=st.lists(entry, max_size=8),
       week=st.booleans(), today=st.sampled_from([date(2009, 4, 7), date(2009, 4, 30), date(2009, 6, 1)]))
def test_a_ledger_made_from_a_logs_columns_is_the_one_made_from_its_entries(
        tmp_path: Path, quota_log: list[dict[str, Any]], task_log: list[dict[str, Any]], week: bool, today: date) -> None:
    raw = plan_text(PEOPLE, quota_log, task_log).encode("utf-8")
    period = Period(WEEK, week_of(date(2009, 4, 6))) if week else Period(MONTH, month_window(2009, 4))
    built = load_bytes("plan.yaml", raw).plan  # the YAML reader: every entry a Completion
    assert built is not None
    expected = _said(built, period, today)
    path = tmp_path / "plan.yaml"
    path.write_bytes(raw)
    for _ in range(2):  # the first read writes the cache, the second reads its logs' columns
        cached = open_plan(path, "plan.yaml", require_valid=False).loaded.plan
        assert cached is not None and _said(cached, period, today) == expected
