"""Quota progress: who a quota counts (everyone together, each person, each unit), per period, pace and buffer.

The one owner of a quota's periods as seen on a day (which one is current, each scope's row in each),
of pace (`expected`, `state`) and of buffer (`Progress.buffer_days`). Every function here is linear
in the quota's periods and log, or better: a quota over centuries of weeks is read in one pass.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from planctl.format.dates import PERIOD_MONTHS, Window, dekad_of, months_of
from planctl.format.units import HOURS, SECONDS_PER_HOUR, is_count, whole_seconds
from planctl.model import PER_PERSON, PER_UNIT, Completion, Plan, Quota, period_index

MET = "met"
ON_PACE = "on pace"
BEHIND = "behind"
MISSED = "missed"
NOT_STARTED = "not started"


class Scope(NamedTuple):
    """Whose progress one row shows: everyone (`id` is ""), one person, or one unit."""

    id: str
    name: str
    target: float


class Progress(NamedTuple):
    quota: Quota
    scope: Scope
    period: Window
    target: float  # for this period, prorated when the period is cut short by the window
    done: float
    expected: float  # where steady progress would be by today
    state: str
    today: date

    @property
    def days_left(self) -> int:
        """Days of the period still to come, today included (a morning view)."""
        if self.today < self.period.start:
            return self.period.days
        return max((self.period.end - self.today).days + 1, 0)

    @property
    def deficit(self) -> float:
        return max(0.0, self.expected - self.done)

    @property
    def fraction(self) -> float:
        return self.done / self.target if self.target else 1.0

    @property
    def buffer_days(self) -> float:
        """Days ahead (+) or behind (-) of the steady rate that meets the target by the period's end.

        The rate is target / days of the period; `done` at that rate is worth done / rate days, and the
        days gone are those before today (a morning view). So a quota of 8 h a week with 3 h done on
        the morning of the period's 6th day is 3 / (8/7) - 5 = -2.375 days: two and a bit days behind.
        """
        rate = self.target / self.period.days
        return self.done / rate - elapsed_days(self.period, self.today)


class QuotaPeriod:
    """One period of a quota with a row per scope (everyone, each person or each unit), worst first."""

    __slots__ = ("quota", "period", "index", "count", "rows")

    def __init__(self, quota: Quota, period: Window, index: int, count: int, rows: list[Progress]) -> None:
        self.quota = quota
        self.period = period
        self.index = index  # 1-based
        self.count = count  # how many periods the quota has
        self.rows = rows

    def __repr__(self) -> str:
        return f"QuotaPeriod({self.quota.id!r}, {self.period!r}, {self.index}/{self.count})"

    @property
    def is_current(self) -> bool:
        return bool(self.rows) and self.rows[0].today in self.period


def scopes(plan: Plan, quota: Quota) -> list[Scope]:
    roster = plan.roster
    if quota.per == PER_PERSON:
        people: dict[str, None] = {}
        for ref in quota.who:
            people.update(dict.fromkeys(roster.members_of(ref)))
        return [Scope(p, roster.name_of(p), person_target(plan, quota, p)) for p in people]
    if quota.per == PER_UNIT:
        out: list[Scope] = []
        for ref in quota.who:
            group = roster.groups.get(ref)
            if group is not None:
                out.extend(Scope(uid, unit.name, quota.target) for uid, unit in group.units.items())
        return out
    return [Scope("", " ".join(roster.name_of(r) for r in quota.who), quota.target)]


def person_target(plan: Plan, quota: Quota, person: str) -> float:
    """The target for one person: the highest `target_for` of a group they are in, else `target`."""
    own = [amount for gid, amount in quota.target_for.items() if person in plan.roster.members_of(gid)]
    return max(own) if own else quota.target


def unit_of_entry(plan: Plan, quota: Quota, entry: Completion) -> str | None:
    if entry.unit is not None:
        return entry.unit
    if entry.by is None:
        return None
    candidates = [u for g in quota.who for u in plan.roster.units_of(entry.by, g)]
    return candidates[0] if len(candidates) == 1 else None


def entry_amount(quota: Quota, entry: Completion) -> float:
    if entry.amount is not None:
        return entry.amount
    return 1.0 if is_count(quota.unit) else 0.0


def counted(quota: Quota, entry: Completion) -> float:
    """What one entry adds to a total: hours in whole seconds (units.whole_seconds: the 6-decimal hours
    in the file add up to exactly what was typed), characters and counts as written (whole numbers).
    Totals are exact, so a total meets its target when done >= target (quotas._state)."""
    amount = entry_amount(quota, entry)
    return whole_seconds(amount) if quota.unit == HOURS else amount


def entry_scope(plan: Plan, quota: Quota, entry: Completion) -> str | None:
    if quota.per == PER_PERSON:
        return entry.by
    if quota.per == PER_UNIT:
        return unit_of_entry(plan, quota, entry)
    return ""


def period_target(quota: Quota, target: float, period: Window) -> float:
    """A week, dekad, month, quarter, half-year or year cut short by the window gets a prorated target."""
    if quota.period == "week":
        return target * min(period.days, 7) / 7
    if quota.period == "dekad":
        return target * period.days / dekad_of(period.start).days
    if quota.period in PERIOD_MONTHS:
        return target * period.days / months_of(period.start, PERIOD_MONTHS[quota.period]).days
    return target


def elapsed_days(period: Window, today: date) -> float:
    """Whole days of the period gone by the morning of `today` (0 on its first day, its length after it).

    planctl is read in the morning: today's work is not expected yet.
    """
    return float(min(max((today - period.start).days, 0), period.days))


def current_index(quota: Quota, today: date) -> int | None:
    """Which period `planctl due` shows (0-based): the one holding today, else the last one ended,
    else the first to come; None for a quota without periods."""
    ended = None
    for i, window in enumerate(quota.period_windows):
        if today in window:
            return i
        if window.end < today:
            ended = i
    if ended is not None:
        return ended
    return 0 if quota.period_windows else None


def current_period(quota: Quota, today: date) -> Window | None:
    """The period holding today, else the last one ended, else the first to come."""
    i = current_index(quota, today)
    return None if i is None else quota.period_windows[i]


def period_of(quota: Quota, day: date) -> Window | None:
    i = period_index(quota, day)
    return None if i is None else quota.period_windows[i]


def totals(plan: Plan, quota: Quota, today: date) -> dict[int, dict[str, float]]:
    """How much each scope had done in each period by `today`, by period index then scope id: one pass
    over the log, kept for the run (status and is_met ask for every period of every quota)."""
    key = (len(quota.log), today)
    found: dict[int, dict[str, float]] | None = quota.totals_cache.get(key)
    if found is not None:
        return found
    scope_of: dict[tuple[str | None, str | None], str | None] = {}
    done: dict[int, dict[str, float]] = {}
    for entry in quota.log:
        if entry.date > today:
            continue
        i = period_index(quota, entry.date)
        if i is None:
            continue
        who = (entry.by, entry.unit)
        if who not in scope_of:
            scope_of[who] = entry_scope(plan, quota, entry)
        scope = scope_of[who]
        if scope is not None:
            amounts = done.setdefault(i, {})
            amounts[scope] = amounts.get(scope, 0) + counted(quota, entry)
    if quota.unit == HOURS:  # summed in whole seconds (see `counted`), given back in hours
        done = {i: {s: v / SECONDS_PER_HOUR for s, v in amounts.items()} for i, amounts in done.items()}
    if len(quota.totals_cache) > 64:
        quota.totals_cache.clear()
    quota.totals_cache[key] = done
    return done


def period_rows(plan: Plan, quota: Quota, index: int, today: date, among: list[Scope] | None = None) -> list[Progress]:
    """One row per scope for the period at `index` (0-based) as it stood on `today` (later entries not
    yet counted), worst first. `among`: the quota's scopes, when the caller already has them."""
    period = quota.period_windows[index]
    done = totals(plan, quota, today).get(index, {})
    rows = []
    for scope in scopes(plan, quota) if among is None else among:
        target = period_target(quota, scope.target, period)
        amount = done.get(scope.id, 0.0)
        expected = target * elapsed_days(period, today) / period.days
        state = _state(amount, target, expected, period, today)
        rows.append(Progress(quota, scope, period, target, amount, expected, state, today))
    return sorted(rows, key=worst_first)


def quota_period(plan: Plan, quota: Quota, today: date) -> QuotaPeriod | None:
    """The period `planctl due` shows on `today` (see `current_index`), with its rows; None without periods."""
    index = current_index(quota, today)
    if index is None:
        return None
    count = len(quota.period_windows)
    return QuotaPeriod(quota, quota.period_windows[index], index + 1, count, period_rows(plan, quota, index, today))


def history(plan: Plan, quota: Quota, today: date) -> list[QuotaPeriod]:
    """Every period of a quota, in order, each seen from `today`: linear in periods + log entries."""
    count = len(quota.period_windows)
    among = scopes(plan, quota)
    return [QuotaPeriod(quota, period, i + 1, count, period_rows(plan, quota, i, today, among))
            for i, period in enumerate(quota.period_windows)]


def _state(done: float, target: float, expected: float, period: Window, today: date) -> str:
    if done >= target - 1e-9:
        return MET
    if today < period.start:
        return NOT_STARTED
    if today > period.end:
        return MISSED
    return ON_PACE if done >= expected - 1e-9 else BEHIND


_STATE_RANK = {MISSED: 0, BEHIND: 1, ON_PACE: 2, NOT_STARTED: 3, MET: 4}


def worst_first(row: Progress) -> tuple[int, float, str]:
    return (_STATE_RANK[row.state], row.fraction - (row.expected / row.target if row.target else 0), row.scope.id)


def is_met(plan: Plan, quota: Quota, today: date = date.max) -> bool:
    """Met in every period by `today` (what makes a task made only of quotas done)."""
    among = scopes(plan, quota)
    return bool(quota.period_windows) and all(
        row.state == MET for i in range(len(quota.period_windows)) for row in period_rows(plan, quota, i, today, among)
    )
