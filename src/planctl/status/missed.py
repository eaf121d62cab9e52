"""Quotas missed in the period before the current one: what `due` and `status` mention under the
quotas (a week missed last week would otherwise show only in `show`). Pure: `today` is an argument."""

from __future__ import annotations

from datetime import date

from planctl.format.dates import Window
from planctl.model import Plan, Quota, index_in
from planctl.records import NamedTuple
from planctl.status import quotas as q
from planctl.status.agenda import Filters, _wanted_quota_row
from planctl.status.states import periods_on


class Missed(NamedTuple):
    quota: Quota
    period: Window  # the period just before the one holding today
    rows: list[q.Progress]  # the scopes that missed it, worst first


def last_period_missed(plan: Plan, today: date, filters: Filters | None = None) -> list[Missed]:
    """For each quota whose period holds `today` and has one before it: who missed that one."""
    filters = filters or Filters()
    found: list[Missed] = []
    for quota in plan.quotas():
        if filters.phase is not None and quota.parent is not None and quota.parent.phase is not filters.phase:
            continue
        periods = periods_on(plan, quota, today)
        index = index_in(periods, today)
        if index is None or index == 0:
            continue
        rows = [row for row in q.period_rows(plan, quota, index - 1, today, periods=periods)
                if row.state in (q.MISSED, q.OVER) and _wanted_quota_row(plan, row, filters.who)]
        if rows:
            found.append(Missed(quota, periods[index - 1], rows))
    return found
