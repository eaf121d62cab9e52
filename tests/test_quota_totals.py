"""A quota's totals (status/quotas.totals) read a log still in columns without building its entries, and
come out exactly as from the entries: the same sums of the same types, readings, periods and scopes."""

from __future__ import annotations

import importlib.util
from datetime import date, timedelta
from pathlib import Path

from planctl.model import LazyLog, Plan, Quota
from planctl.status import quotas
from planctl.status.agenda import Filters, build_agenda
from planctl.store.planfile import open_plan

ROOT = Path(__file__).resolve().parent.parent

# Hours summed in whole seconds, counts of int and float amounts, a rate's readings (two on one day),
# per person and per unit (given, and found from `by`), an entry outside every period, entries after the day.
MIXED = """\
planctl: 1
title: totals
year: 2009
roster:
  people: {a: A, b: B, c: C}
  groups:
    branches:
      name: Branches
      units:
        u1: {name: One, members: [a]}
        u2: {name: Two, members: [b, c]}
phases:
  - id: p
    title: P
    when: 2009-03-01..2009-04-30
    quotas:
      - id: hours
        title: Hours
        who: [a, b, c]
        per: person
        period: week
        target: 4
        unit: h
        log:
          - {date: 2009-03-02, by: a, amount: 1.5}
          - {date: 2009-03-03, by: a, amount: 0.333333}
          - {date: 2009-03-03, by: b, amount: 2}
          - {date: 2009-05-20, by: a, amount: 1}
      - id: meetings
        title: Meetings
        who: branches
        per: unit
        period: month
        target: 3
        unit: 次
        log:
          - {date: 2009-03-02, by: a}
          - {date: 2009-03-05, by: b, amount: 2}
          - {date: 2009-03-09, unit: u2, amount: 1.0}
          - {date: 2009-04-02, by: c, amount: 1}
          - {date: 2009-04-20, by: a, unit: u1}
      - id: rate
        title: Rate
        who: [a]
        target: 90
        unit: '%'
        log:
          - {date: 2009-03-10, by: a, amount: 80}
          - {date: 2009-03-10, by: a, amount: 85.5}
          - {date: 2009-03-04, by: a, amount: 99}
"""


def _generated(tasks: int, completions: int) -> str:
    spec = importlib.util.spec_from_file_location("gen", ROOT / "bench" / "gen.py")
    assert spec is not None and spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    return str(gen.generate(tasks, completions))


def _quotas(path: Path, *, built: bool) -> tuple[Plan, list[Quota]]:
    """The plan at `path` and its quotas, their logs as read (columns) or `built` into entries."""
    plan = open_plan(path, path.name, require_valid=True).plan
    found = [item for item in plan.items() if isinstance(item, Quota)]
    for quota in found:
        assert isinstance(quota.log, LazyLog)
        if built:
            quota.log.entries()
    return plan, found


def test_totals_from_columns_are_the_totals_from_entries(tmp_path: Path) -> None:
    for name, text, days in (("mixed", MIXED, [date(2009, 3, d) for d in (1, 3, 10)] + [date(2009, 4, 30)]),
                             ("generated", _generated(40, 800), [date(2009, 2, 1) + timedelta(days=9 * i)
                                                                  for i in range(20)])):
        path = tmp_path / name / "plan.yaml"
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
        for cached in (False, True):  # the fast reader's columns, then the cache's blob
            (plan, columns), (same, entries) = _quotas(path, built=False), _quotas(path, built=True)
            in_columns = [quota for quota in columns if isinstance(quota.log, LazyLog) and not quota.log.materialized]
            assert len(in_columns) >= len(columns) - 1, name  # (a warning's entries are built to say it)
            for lazy, built in zip(columns, entries, strict=True):
                for day in days:
                    assert repr(quotas.totals(plan, lazy, day)) == repr(quotas.totals(same, built, day)), \
                        (name, cached, lazy.id, day)
            assert all(isinstance(q.log, LazyLog) and not q.log.materialized for q in in_columns)


def test_due_on_a_cached_plan_builds_no_quota_entries(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(_generated(40, 800), encoding="utf-8")
    open_plan(path, "plan.yaml", require_valid=True)  # writes the cache
    plan = open_plan(path, "plan.yaml", require_valid=True).plan
    build_agenda(plan, date(2009, 4, 12), 7, Filters(None, None), False)
    logs = [item.log for item in plan.items() if isinstance(item, Quota)]
    assert logs and all(isinstance(log, LazyLog) and not log.materialized for log in logs)
