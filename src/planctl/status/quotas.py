"""Quota progress: who a quota counts (everyone together, each person, each unit), per period, pace and buffer.

The one owner of a quota's periods as seen on a day (which one is current, each scope's row in each),
of pace (`expected`, `state`) and of buffer (`Progress.buffer_days`). Which days the periods are on a
day is states.py's to say (`states.periods_on`: a quota under a task whose window follows another
task moves with it); the functions here take them as `periods` (None: the planned ones, refused for
such a quota: `periods_given`). Every function here is linear in the quota's periods and log, or
better: a quota over centuries of weeks is read in one pass.

Targets (format/targets.py; docs/plan-format.md "Targets"): a floor (at least, today's reading) or a
ceiling (at most); an amount that entries add up, or a rate (unit %) whose latest reading counts; judged
by pace (steady progress over the period) or not at all before the deadline (a one-off): `paced`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, MutableSequence, Sequence
from datetime import date
from typing import Any

from planctl.format.dates import PERIOD_MONTHS, WhenSpec, Window, dekad_of, months_of
from planctl.format.relative import moves
from planctl.format.targets import AT_MOST, EVEN
from planctl.format.units import HOURS, SECONDS_PER_HOUR, is_count, is_rate, whole_seconds
from planctl.model import PER_PERSON, PER_UNIT, Completion, LazyLog, Plan, Quota, Task, index_in, period_index
from planctl.records import NamedTuple

MET = "met"
ON_PACE = "on pace"
BEHIND = "behind"
MISSED = "missed"
NOT_STARTED = "not started"
OPEN = "open"  # not paced (a one-off, or a rate without a reading yet): nothing is expected before the deadline
WITHIN = "within"  # a ceiling not exceeded, its period running (and, when paced, within its allowance so far)
OVER_PACE = "over pace"  # a paced ceiling whose count so far is above its allowance pro rata
OVER = "over"  # a ceiling exceeded (a count cannot come down again; a rate's latest reading is above it)
BELOW = "below"  # a rate whose latest reading is under its floor, its period running
ATTENTION = (MISSED, OVER, BEHIND, OVER_PACE, BELOW)  # what `due --strict` fails on besides overdue tasks


class Scope(NamedTuple):
    """Whose progress one row shows: everyone (`id` is ""), one person, or one unit."""

    id: str
    name: str
    target: float



def days_to_end(window: Window, today: date) -> int:
    """Days from `today` to the window's last day (0 on that day and after it): the one count of "ends in
    N days", a quota period's (`Progress.days_left`, JSON `days_left`) and a task's in `due` (states.section)
    alike; worded by output/words.ends_in."""
    return max((window.end - today).days, 0)

class Progress(NamedTuple):
    quota: Quota
    scope: Scope
    period: Window
    target: float  # for this period, prorated when the period is cut short by the window
    done: float
    expected: float  # where steady progress would be by today
    state: str
    today: date
    paced: bool = True  # judged by pace (see `paced`); False: a one-off or a rate

    @property
    def ceiling(self) -> bool:
        """At most `target` (a ceiling), not at least."""
        return self.quota.bound == AT_MOST

    @property
    def days_left(self) -> int:
        """Days from today to the period's last day, 0 on it (`days_to_end`: the count a task's "ends in
        N days" uses too, so that a task and a quota ending the same day say the same)."""
        return days_to_end(self.period, self.today)

    @property
    def deficit(self) -> float:
        """How far from pace: below it for a floor, above the allowance so far for a ceiling (0 unpaced)."""
        if not self.paced:
            return 0.0
        return max(0.0, self.done - self.expected) if self.ceiling else max(0.0, self.expected - self.done)

    @property
    def left(self) -> float:
        """A floor: what is still to do (0 once met); a ceiling: the room left under it (0 once over)."""
        return max(0.0, self.target - self.done)

    @property
    def fraction(self) -> float:
        return self.done / self.target if self.target else 1.0

    @property
    def buffer_days(self) -> float:
        """Days ahead (+) or behind (-) of the steady rate that meets the target by the period's end.

        The rate is target / days of the period; `done` at that rate is worth done / rate days, and the
        days gone are those before today (a morning view). So a quota of 8 h a week with 3 h done on
        the morning of the period's 6th day is 3 / (8/7) - 5 = -2.375 days: two and a bit days behind.
        A ceiling reads the other way: days of allowance in hand (+) or used ahead of time (-), today
        counted as gone; a row that is not paced (or a ceiling of zero) has no buffer: 0.
        """
        if not self.paced or not self.target:
            return 0.0
        rate = self.target / self.period.days
        if self.ceiling:  # the allowance as `expected` has it (a count's rounded up to a whole one)
            return (self.expected - self.done) / rate
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
        groups = {gid: set(roster.members_of(gid)) for gid in quota.target_for}  # person_target's, once
        return [Scope(p, roster.name_of(p), _target_of(quota, groups, p)) for p in people]
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
    return _target_of(quota, {gid: set(plan.roster.members_of(gid)) for gid in quota.target_for}, person)


def _target_of(quota: Quota, members: dict[str, set[str]], person: str) -> float:
    """`person_target`, given each `target_for` group's members."""
    if not members:
        return quota.target
    own = [amount for gid, amount in quota.target_for.items() if person in members[gid]]
    return max(own) if own else quota.target


def unit_of_entry(plan: Plan, quota: Quota, entry: Completion) -> str | None:
    if entry.unit is not None:
        return entry.unit
    if entry.by is None:
        return None
    candidates = [u for g in quota.who for u in plan.roster.units_of(entry.by, g)]
    return candidates[0] if len(candidates) == 1 else None


def entry_amount(quota: Quota, entry: Completion) -> float:
    return amount_of(quota, entry.amount)


def amount_of(quota: Quota, amount: float | None) -> float:
    """`entry_amount` of an entry of this amount (None: none written): a count's entry is 1, another's 0."""
    if amount is not None:
        return amount
    return 1.0 if is_count(quota.unit) else 0.0


def counted(quota: Quota, entry: Completion) -> float:
    """What one entry adds to a total: hours in whole seconds (units.whole_seconds: the 6-decimal hours
    in the file add up to exactly what was typed), characters and counts as written (whole numbers).
    Totals are exact, so a total meets its target when done >= target (quotas._state)."""
    return counted_amount(quota, entry.amount)


def counted_amount(quota: Quota, amount: float | None) -> float:
    """`counted` of an entry of this amount (None: none written), for a caller reading a log's columns."""
    amount = amount_of(quota, amount)
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


def allowed_days(period: Window, today: date) -> float:
    """Days of the period a ceiling's allowance covers on `today`: those gone and today itself (a count
    logged today is within a 1-a-day allowance), never more than the period."""
    return float(min(max((today - period.start).days + 1, 0), period.days))


def written_when(quota: Quota) -> WhenSpec | None:
    """The window as the plan writes it for this quota: its own `when`, else its nearest ancestor's."""
    if quota.when is not None:
        return quota.when
    node: Task | None = quota.parent
    while node is not None and node.when is None:
        node = node.parent
    return None if node is None else node.when


def paced(quota: Quota) -> bool:
    """Whether a quota is judged by pace before its period ends (`pace: even`) or not (`pace: none`).

    `pace:` in the plan decides. Without it (docs/plan-format.md, "Pace"): a rate (unit %) is a reading,
    never paced; a quota spread over periods (`period:` week, dekad, month…) is paced; one that repeats
    (`repeat:`) is paced when each occurrence is a stretch of days (每周, 每月, 每月下旬: recurrence's
    `is_span`), not when it is a deadline, a day or a day give or take (每月5日前, 每周一); a one-off is not:
    one written against a deadline (`4月5日前`, `年底前`, or a list of `periods` that are all deadlines)
    or a single day, as plan documents write "2次 by 4月5日". Any other window (a range, a month, a
    dekad: the bundled plan's quotas) is paced, as planctl always read it.
    """
    if quota.pace is not None:
        return quota.pace == EVEN
    if is_rate(quota.unit):
        return False
    if quota.repeat is not None:
        return quota.repeat.is_span
    if quota.period != "once":
        return True
    if quota.periods:
        return not all(spec.start is None for spec in quota.periods)
    spec = written_when(quota)
    one_day = quota.window is not None and quota.window.days == 1
    return not (one_day or (spec is not None and spec.start is None))


def elapsed_days(period: Window, today: date) -> float:
    """Whole days of the period gone by the morning of `today` (0 on its first day, its length after it).

    planctl is read in the morning: today's work is not expected yet.
    """
    return float(min(max((today - period.start).days, 0), period.days))


def periods_given(quota: Quota, periods: list[Window] | None) -> list[Window]:
    """`periods` (a quota's periods on a day: states.periods_on), or when None its planned ones; ValueError
    for None when its window moves with a task (relative.moves): only states.py can place those."""
    if periods is not None:
        return periods
    if moves(quota):
        raise ValueError(f"quota {quota.id!r} moves with a task: pass its periods on the day (states.periods_on)")
    return quota.period_windows


def current_index(quota: Quota, today: date, periods: list[Window] | None = None) -> int | None:
    """Which period `planctl due` shows (0-based): the one holding today, else the last one ended,
    else the first to come; None for a quota without periods. `periods`: the quota's on `today`
    (states.periods_on), by default its planned ones."""
    periods = quota.period_windows if periods is None else periods
    ended = None
    for i, window in enumerate(periods):
        if today in window:
            return i
        if window.end < today:
            ended = i
    if ended is not None:
        return ended
    return 0 if periods else None


def current_period(quota: Quota, today: date, periods: list[Window] | None = None) -> Window | None:
    """The period holding today, else the last one ended, else the first to come (`current_index`)."""
    periods = quota.period_windows if periods is None else periods
    i = current_index(quota, today, periods)
    return None if i is None else periods[i]


def period_of(quota: Quota, day: date, periods: list[Window] | None = None) -> Window | None:
    """The period holding `day` (of `periods`, by default the planned ones), or None."""
    periods = quota.period_windows if periods is None else periods
    i = index_in(periods, day)
    return None if i is None else periods[i]


def totals(plan: Plan, quota: Quota, today: date, periods: list[Window] | None = None) -> dict[int, dict[str, float]]:
    """How much each scope had done in each period by `today`, by period index then scope id: one pass
    over the log, kept for the run (status and is_met ask for every period of every quota). For a rate
    (unit %), the latest reading instead of a sum; a scope without a reading has no key.

    The pass reads the log's values (day, by, unit, amount) without building its entries (a log read
    from the cache stays columns) and asks `period_index`, `entry_scope` and `counted` once for each
    distinct day, (by, unit) and amount. A quota given its log's QuotaIndex (`use_index`: `due` reads
    it from the cache) is not summed again for a day none of its periods' entries straddle."""
    periods = periods_given(quota, periods)
    planned = periods is quota.period_windows
    key = (len(quota.log), today) if planned or not periods else \
        (len(quota.log), today, periods[0].start, periods[-1].end, len(periods))
    found: dict[int, dict[str, float]] | None = quota.totals_cache.get(key)
    if found is None and planned:  # the index is of the planned periods
        found = _indexed_totals(quota, today)
    if found is None:
        found = _summed(plan, quota, today, _entry_columns(quota.log), periods)
    if len(quota.totals_cache) > 64:
        quota.totals_cache.clear()
    quota.totals_cache[key] = found
    return found


def _summed(plan: Plan, quota: Quota, today: date, columns: tuple[Sequence[int], Sequence[str | None],
            Sequence[str | None], Sequence[float | None]], periods: list[Window]) -> dict[int, dict[str, float]]:
    """`totals` from the log's columns (day ordinals, by, unit, amount), in `periods`."""
    done: dict[int, dict[str, float]] = {}
    rate, read_on = is_rate(quota.unit), dict[tuple[int, str], int]()
    days, bys, units, amounts = columns
    last = today.toordinal()
    index_of = {day: index_in(periods, date.fromordinal(day)) if day <= last else None for day in set(days)}
    without_units = units.count(None) == len(units)  # the usual log: a scope is its `by`'s
    if without_units:
        scope_of = {by: scope for (by, _), scope in _scopes_of(plan, quota, [(by, None) for by in set(bys)]).items()}
    else:
        scope_of = _scopes_of(plan, quota, set(zip(bys, units, strict=True)))
    amount_of, typed = _counted_of(quota, rate, amounts)
    for day, by, unit, amount in zip(days, bys, units, amounts, strict=True):
        i = index_of[day]
        if i is None:
            continue
        scope = scope_of[by] if without_units else scope_of[by, unit]
        if scope is None:
            continue
        value = amount_of[(type(amount), amount)] if typed else amount_of[amount]
        amounts_of = done.get(i)
        if amounts_of is None:
            amounts_of = done[i] = {}
        if rate:  # the latest reading (by date; of one day, the one written last)
            if day >= read_on.get((i, scope), day):
                amounts_of[scope] = value
                read_on[(i, scope)] = day
        else:
            amounts_of[scope] = amounts_of.get(scope, 0) + value
    if quota.unit == HOURS:  # summed in whole seconds (see `counted`), given back in hours
        done = {i: {s: v / SECONDS_PER_HOUR for s, v in amounts.items()} for i, amounts in done.items()}
    return done


# --- the log's index: totals kept between runs (store/quota_index.py stores it) ---------------

INDEXED = "indexed"  # the key of a quota's `totals_cache` that holds its QuotaIndex and the log it is of


class QuotaIndex(NamedTuple):
    """What a quota's log adds up to, as of any day on or after its entries: `done` is `totals` on
    date.max (by period index, then scope); `spans` gives for each period index the first and last
    day ordinal of the log's entries dated in that period. `totals` on a day serves a period from it
    when all of the period's entries are on or before that day (or all after it: nothing counts yet)."""

    spans: dict[int, tuple[int, int]]
    done: dict[int, dict[str, float]]


def log_index(plan: Plan, quota: Quota) -> QuotaIndex:
    """The QuotaIndex of the quota's log as it is: one pass over its values (as `totals`)."""
    columns = _entry_columns(quota.log)
    spans: dict[int, tuple[int, int]] = {}
    for day in sorted(set(columns[0])):  # ascending: the first day seen for a period is its first
        i = period_index(quota, date.fromordinal(day))
        if i is not None:
            spans[i] = (spans[i][0] if i in spans else day, day)
    return QuotaIndex(spans, _summed(plan, quota, date.max, columns, quota.period_windows))


def use_index(quota: Quota, index: QuotaIndex | Callable[[], QuotaIndex]) -> None:
    """Let `totals` answer from `index`, a QuotaIndex of the quota's log as it is now (keyed by its
    content: store/quota_index.py), or a function giving it, called when `totals` first needs it (a log
    without a stored index is then added up only when it is read). It is used only while that log object
    is the quota's, unbuilt (model.LazyLog: its entries cannot have changed) and of the same length."""
    log = quota.log
    if isinstance(log, LazyLog) and not log.materialized:
        quota.totals_cache[INDEXED] = (log, len(log), index)


def _indexed_totals(quota: Quota, today: date) -> dict[int, dict[str, float]] | None:
    """`totals` on `today` from the quota's QuotaIndex (`use_index`); None when it has none, its log
    changed since, or today falls among the entries of a period (then the log is summed)."""
    stored = quota.totals_cache.get(INDEXED)
    if stored is None:
        return None
    log, size, index = stored
    if quota.log is not log or not isinstance(log, LazyLog) or log.materialized or len(log) != size:
        return None
    if not isinstance(index, QuotaIndex):  # made when first needed (`use_index`)
        index = index()
        quota.totals_cache[INDEXED] = (log, size, index)
    day = today.toordinal()
    done: dict[int, dict[str, float]] = {}
    for i, amounts in index.done.items():
        first, last = index.spans[i]
        if last <= day:
            done[i] = amounts
        elif first <= day:
            return None
    return done


def _entry_columns(log: MutableSequence[Completion]) -> tuple[Sequence[int], Sequence[str | None], Sequence[str | None],
                                                               Sequence[float | None]]:
    """The day ordinals, `by`, `unit` and `amount` of the log's entries, in log order; a log still in
    columns is not built."""
    if isinstance(log, LazyLog) and not log.materialized:
        days, by, unit, amount = log.stored_columns()[:4]
        return days, by, unit, amount
    return ([entry.date.toordinal() for entry in log], [entry.by for entry in log], [entry.unit for entry in log],
            [entry.amount for entry in log])


def _scopes_of(plan: Plan, quota: Quota, pairs: Iterable[tuple[str | None, str | None]]) -> dict[Any, str | None]:
    """`entry_scope` of each (by, unit) of `pairs`. Per unit, an entry without a unit counts for the one
    unit of the quota's groups its `by` is a member of (`unit_of_entry`), found here from one map."""
    if quota.per == PER_PERSON:
        return {pair: pair[0] for pair in pairs}
    if quota.per != PER_UNIT:
        return {pair: entry_scope(plan, quota, Completion(date.min, *pair)) for pair in pairs}
    units_of: dict[str, list[str]] = {}  # person -> their units in the quota's groups, as unit_of_entry lists them
    for ref in quota.who:
        group = plan.roster.groups.get(ref)
        for uid, member_of in group.units.items() if group is not None else ():
            for person in dict.fromkeys(member_of.members):
                units_of.setdefault(person, []).append(uid)
    found: dict[Any, str | None] = {}
    for by, unit in pairs:
        candidates = units_of.get(by, []) if by is not None else []
        found[by, unit] = unit if unit is not None else None if by is None else \
            candidates[0] if len(candidates) == 1 else None
    return found


def _counted_of(quota: Quota, rate: bool, amounts: Sequence[float | None]) -> tuple[dict[Any, float], bool]:
    """What each distinct amount adds (`counted`), or for a rate the reading (`entry_amount`), by amount;
    and whether the keys are (type, amount) instead: when whole and decimal amounts are both written
    (2 and 2.0 are one key, and add up alike, but print apart)."""
    measure = entry_amount if rate else counted
    types = set(map(type, amounts))
    typed = len(types - {type(None)}) > 1
    keys = {(type(amount), amount) for amount in amounts} if typed else {(type(a), a) for a in set(amounts)}
    values = {key: measure(quota, Completion(date.min, amount=key[1])) for key in keys}
    return (values if typed else {amount: value for (_, amount), value in values.items()}), typed


def period_rows(plan: Plan, quota: Quota, index: int, today: date, among: list[Scope] | None = None,
                periods: list[Window] | None = None) -> list[Progress]:
    """One row per scope for the period at `index` (0-based) as it stood on `today` (later entries not
    yet counted), worst first; `index` among `periods`, its periods on `today` (states.periods_on; None:
    the planned ones, `periods_given`). `among`: the quota's scopes, when the caller already has them."""
    periods = periods_given(quota, periods)
    period = periods[index]
    done = totals(plan, quota, today, periods).get(index, {})
    even, rate = paced(quota), is_rate(quota.unit)
    rows = []
    by_target: dict[tuple[type, float], tuple[float, float]] = {}  # (this period's, expected) of a scope's target
    for scope in scopes(plan, quota) if among is None else among:
        known = by_target.get((type(scope.target), scope.target))  # by type too: 2 and 2.0 print apart
        if known is None:
            target = scope.target if rate else period_target(quota, scope.target, period)
            known = by_target[(type(scope.target), scope.target)] = (
                target, expected_by(quota, target, period, today) if even else 0.0)
        target, expected = known
        read = scope.id in done
        amount = done.get(scope.id, 0.0)
        state = _state(quota, read, amount, target, expected, period, today, even)
        rows.append(Progress(quota, scope, period, target, amount, expected, state, today, even))
    return sorted(rows, key=worst_first)


def expected_by(quota: Quota, target: float, period: Window, today: date) -> float:
    """Steady progress on `today`: a floor's amount due by this morning; a ceiling's allowance through today,
    for a count rounded up to a whole one (20 meetings a year allow 1 from 1 January, 2 from 19 January:
    one meeting held early is not over pace)."""
    if quota.bound != AT_MOST:
        return target * elapsed_days(period, today) / period.days
    allowance = target * allowed_days(period, today) / period.days
    return float(math.ceil(allowance - 1e-9)) if is_count(quota.unit) else allowance


def quota_period(plan: Plan, quota: Quota, today: date, periods: list[Window] | None = None) -> QuotaPeriod | None:
    """The period `planctl due` shows on `today` (see `current_index`), with its rows; None without periods.
    `periods`: its periods on `today` (states.periods_on; None: the planned ones, `periods_given`)."""
    periods = periods_given(quota, periods)
    index = current_index(quota, today, periods)
    if index is None:
        return None
    return QuotaPeriod(quota, periods[index], index + 1, len(periods),
                       period_rows(plan, quota, index, today, periods=periods))


def period_holding(plan: Plan, quota: Quota, today: date, periods: list[Window] | None = None) -> QuotaPeriod | None:
    """`quota_period` when its period holds `today` (QuotaPeriod.is_current), else None: the rows of a
    period that does not (before the first, between periods, after the last) are not made. `periods`: its
    periods on `today` (states.periods_on; None: the planned ones, `periods_given`)."""
    periods = periods_given(quota, periods)
    index = current_index(quota, today, periods)
    if index is None or today not in periods[index]:
        return None
    found = QuotaPeriod(quota, periods[index], index + 1, len(periods),
                        period_rows(plan, quota, index, today, periods=periods))
    return found if found.is_current else None


def history(plan: Plan, quota: Quota, today: date, periods: list[Window] | None = None) -> list[QuotaPeriod]:
    """Every period of a quota, in order, each seen from `today`: linear in periods + log entries.
    `periods`: its periods on `today` (states.periods_on; None: the planned ones, `periods_given`)."""
    periods = periods_given(quota, periods)
    among = scopes(plan, quota)
    return [QuotaPeriod(quota, period, i + 1, len(periods), period_rows(plan, quota, i, today, among, periods))
            for i, period in enumerate(periods)]


def _state(quota: Quota, read: bool, done: float, target: float, expected: float, period: Window, today: date,
           even: bool) -> str:
    """A row's state; `read`: anything counted yet (a rate without a reading is not judged on 0%)."""
    rate = is_rate(quota.unit)
    if quota.bound == AT_MOST and (read or not rate):
        return _ceiling_state(done, target, expected, period, today, even)
    if (read or not rate) and done >= target - 1e-9:
        return MET
    if today < period.start:
        return NOT_STARTED
    if today > period.end:
        return MISSED
    if rate:
        return BELOW if read else OPEN
    if not even:
        return OPEN
    return ON_PACE if done >= expected - 1e-9 else BEHIND


def _ceiling_state(done: float, target: float, allowance: float, period: Window, today: date, even: bool) -> str:
    """At most `target`: over once exceeded; met when the period ends within it; paced, over pace while
    the count so far is above the allowance through today (an early warning, not a failure)."""
    if done > target + 1e-9:
        return OVER
    if today < period.start:
        return NOT_STARTED
    if today > period.end:
        return MET
    return OVER_PACE if even and done > allowance + 1e-9 else WITHIN


_STATE_RANK = {MISSED: 0, OVER: 0, BEHIND: 1, OVER_PACE: 1, BELOW: 1, ON_PACE: 2, OPEN: 2, WITHIN: 2,
               NOT_STARTED: 3, MET: 4}


def worst_first(row: Progress) -> tuple[int, float, str]:
    return (_STATE_RANK[row.state], row.fraction - (row.expected / row.target if row.target else 0), row.scope.id)


def is_met(plan: Plan, quota: Quota, today: date = date.max, periods: list[Window] | None = None) -> bool:
    """Met in every period by `today` (what makes a task made only of quotas done). `periods`: its periods
    on `today` (states.periods_on; None: the planned ones, `periods_given`)."""
    among = scopes(plan, quota)
    periods = periods_given(quota, periods)
    return bool(periods) and all(
        row.state == MET for i in range(len(periods)) for row in period_rows(plan, quota, i, today, among, periods)
    )
