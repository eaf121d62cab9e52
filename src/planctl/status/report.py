"""The facts of a reporting period: what was done, how each quota stood, what fell overdue, what comes next.

Pure: `today` is an argument and nothing prints. Task states come from `status.states`, who owns what
from `status.agenda`, quota progress from `status.quotas` (`quotas.period_rows`); this module only
chooses the period, selects and groups. Everything is seen on `as_of`: the period's last day, or today
when the period has not ended yet, so a report of a past week says what that week's end said (entries
dated later do not count).

Definitions (docs/report.md):

- done in the period: every completion (a log entry of a task or a quota) dated in the period by `as_of`;
- fell overdue in the period: a task whose window ended in time to be overdue by `as_of` (its last day
  from the day before the period to the day before `as_of`) and that was not done by its last day;
- still open: a task whose window ended before `as_of` and that is not done on `as_of`;
- due next: a task not done on `as_of` whose window ends in the next period, and each scope of a quota
  period ending in the next period that has not met its target on `as_of`;
- a task's window is its window on `as_of` (`states.window_on`: one relative to another task follows
  that task's completion); a recurring task is judged occurrence by occurrence, never by its whole
  window: each occurrence is a line of its own with its own days and state (which completion counts for
  which: status/occurrences.py, through `states.occurrence_rows`), in the three lists above and, for
  those overlapping the period, under the task in the list of tasks;
- a quota line: one scope (everyone, a person, a unit) in one of the quota's periods that overlaps the
  report's period, with target, done and state.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from itertools import compress, repeat
from operator import attrgetter, is_, itemgetter
from typing import Any, TypeVar

from planctl.format.dates import Window, month_of
from planctl.format.units import HOURS, SECONDS_PER_HOUR
from planctl.model import PER_ALL, PER_UNIT, Completion, Plan, Quota, Task, entries_within, logs_within
from planctl.records import NamedTuple
from planctl.status import agenda as a
from planctl.status import quotas as q
from planctl.status import states as s
from planctl.status.occurrences import position_of, series_of

WEEK = "week"
MONTH = "month"
PHASE = "phase"
RANGE = "range"

ONE_DAY = timedelta(days=1)

# A quota line's state, as a report says it: met, missed, in progress (on pace or behind), not started.
MET = q.MET
MISSED = q.MISSED
IN_PROGRESS = "in progress"
NOT_STARTED = q.NOT_STARTED


class Period(NamedTuple):
    """What a report covers: a week (Monday to Sunday), a month, a phase's window, or any days."""

    kind: str
    window: Window
    phase: Task | None = None  # for PHASE: the phase; its tasks and quotas only


def week_of(day: date) -> Window:
    """The week holding `day`, Monday to Sunday (ISO 8601, as offices in China count weeks); the
    calendar's last week (from Monday 9999-12-27) ends on date.max, 9999-12-31, for want of more days."""
    monday = day - timedelta(days=day.weekday())
    return Window(monday, monday + timedelta(days=6) if date.max - monday >= timedelta(days=6) else date.max)


def month_window(year: int, month: int) -> Window:
    return month_of(date(year, month, 1))


def phase_period(phase: Task) -> Period:
    """A phase's window as a period; ValueError when the phase has no window."""
    if phase.window is None:
        raise ValueError(f"phase {phase.id} has no window")
    return Period(PHASE, phase.window, phase)


def next_period(plan: Plan, period: Period) -> Period | None:
    """The period after `period` of the same kind: the next week or month, the next phase (None after the
    last), or as many days again after a range. None when the calendar ends first."""
    end = period.window.end
    if end == date.max:
        return None
    first = end + timedelta(days=1)
    if period.kind == WEEK:
        return Period(WEEK, week_of(first))
    if period.kind == MONTH:
        return Period(MONTH, month_of(first))
    if period.kind == PHASE:
        phases = plan.phases
        i = phases.index(period.phase) if period.phase in phases else -1
        later = [ph for ph in phases[i + 1:] if ph.window is not None] if i >= 0 else []
        return phase_period(later[0]) if later else None
    length = timedelta(days=period.window.days - 1)
    last = first + length if date.max - first >= length else date.max
    return Period(RANGE, Window(first, last))


class Entry(NamedTuple):
    """One completion in the ledger (台账)."""

    day: date
    item: Task | Quota
    phase: Task | None
    person: str | None  # roster id, as logged
    unit: str | None  # roster unit id: the entry's own, else the one unit its person is in
    amount: float | None  # in `amount_unit`; for a count quota an entry without amount is 1
    amount_unit: str  # the quota's unit; "" for a task
    note: str | None


class QuotaLine(NamedTuple):
    """One scope of one quota period, as it stood on the report's `as_of`."""

    row: q.Progress
    number: int  # the period's number, 1-based
    periods: int  # how many periods the quota has

    @property
    def state(self) -> str:
        """met, missed, in progress (on pace or behind) or not started. A ceiling exceeded is missed; a
        one-off still open, a ceiling within it or over pace, a rate below its floor are in progress."""
        if self.row.state in (q.ON_PACE, q.BEHIND, q.OPEN, q.WITHIN, q.OVER_PACE, q.BELOW):
            return IN_PROGRESS
        return MISSED if self.row.state == q.OVER else self.row.state

    @property
    def behind(self) -> bool:
        """Behind pace, over a ceiling's pace, or a rate below its floor: "in progress (behind)"."""
        return self.row.state in (q.BEHIND, q.OVER_PACE, q.BELOW)


class TaskLine(NamedTuple):
    """A phase or task with its state, the day it was finished and its leaves done, on `as_of`; or one
    occurrence of a recurring task (`occurrence`), with that occurrence's days, state and completion day."""

    task: Task
    state: str  # a states.* word
    done_on: date | None
    leaves: s.Count  # leaf tasks done of total
    window: Window | None = None  # the days it is judged by: the occurrence's, else the task's on as_of
    occurrence: s.OccurrenceRow | None = None  # one occurrence of a recurring task, as it stood on as_of
    shares: tuple[tuple[str, date | None], ...] = ()  # owed per unit or person: each share and the day it was done

    @property
    def end(self) -> date:
        """Its last day (date.max without a window): its deadline."""
        return self.window.end if self.window is not None else date.max


class Report:
    """Everything a report of one period says; the renderers in output/report_*.py only lay it out."""

    def __init__(self, plan: Plan, period: Period, today: date, who: str | None = None) -> None:
        self.plan = plan
        self.period = period
        self.today = today
        self.who = who
        self.as_of = min(today, period.window.end)
        self.entries: list[Entry] = []
        self.quotas: list[QuotaLine] = []
        self._tasks: list[TaskLine] | None = None  # every phase and task in scope, in outline order (`tasks`)
        self._make_tasks: Callable[[], list[TaskLine]] = list
        self._phases: list[TaskLine] | None = None  # the phases in the period's scope (`phases`)
        self._make_phases: Callable[[], list[TaskLine]] = list
        self.fell_overdue: list[TaskLine] = []
        self.still_open: list[TaskLine] = []
        self.next_period: Period | None = None
        self.due_next: list[TaskLine] = []
        self.quotas_due_next: list[QuotaLine] = []  # not met yet, their period ends in the next period

    @property
    def tasks(self) -> list[TaskLine]:
        """Every phase and task in scope, in outline order, each occurrence of a recurring one overlapping
        the period after it: made when first asked for (a spreadsheet's sheet of tasks; the other formats
        show only the lines `build` picks). Not of a plan read without some of its plain tasks."""
        assert not self.plan.partial, "a report of a plan read in part lists no task it was read without"
        if self._tasks is None:
            self._tasks = self._make_tasks()
        return self._tasks

    @property
    def phases(self) -> list[TaskLine]:
        """The phases in the period's scope, whoever the report is for, each with its leaves done: made when
        first asked for (a page's table of phases; text, Markdown and CSV do not show them, and a phase's
        leaves are every task of it). Not of a plan read without some of its plain tasks."""
        assert not self.plan.partial, "a report of a plan read in part counts no task it was read without"
        if self._phases is None:
            self._phases = self._make_phases()
        return self._phases

    @property
    def quotas_met(self) -> int:
        return sum(line.state == MET for line in self.quotas)

    def quotas_by_unit(self) -> list[tuple[str | None, list[QuotaLine]]]:
        """The quota lines grouped by unit, in roster order: a unit's own lines and its people's (a person in
        exactly one unit); None (lines for everyone together, or for people in no one unit) last."""
        units = self.plan.roster.units()

        def unit_of(line: QuotaLine) -> str | None:
            scope = line.row.scope.id
            return scope if scope in units else _only_unit(self.plan, scope or None)

        groups: dict[str | None, list[QuotaLine]] = {}
        for line in self.quotas:
            groups.setdefault(unit_of(line), []).append(line)
        return [(k, groups[k]) for k in [*units, None] if k in groups]

    def completions(self, entries: list[Entry] | None = None) -> int:
        """How many completions `entries` (the whole ledger by default) make: each quota entry counts (its
        amount is its own), a task's entries count once for each occurrence and share they are for (a
        one-off task done twice, or an occurrence logged again with `done --again`, is one completion, as
        `done` says: "it counts once")."""
        chosen = self.entries if entries is None else entries
        items = list(map(_ITEM, chosen))  # each step at once over them: a large plan's week has twenty thousand
        types = list(map(type, items))
        count = types.count(Quota)  # each quota entry counts
        tasks = dict.fromkeys(compress(items, map(is_, types, repeat(Task))))
        apart = {id(task) for task in tasks if task.repeat is not None or task.per != PER_ALL}
        count += len(tasks) - len(apart)  # most tasks: neither occurrences nor shares, counted once
        if apart:
            seen: set[tuple[int, int | None, str | None]] = set()
            for entry in chosen:
                item = entry.item
                if id(item) in apart and isinstance(item, Task):
                    key = (id(item), _occurrence_position(self.plan, item, entry.day, self.as_of), _share_key(item, entry))
                    if key not in seen:
                        seen.add(key)
                        count += 1
        return count

    def by_phase(self) -> list[tuple[Task | None, list[Entry]]]:
        """The completions grouped by phase, in outline order (each group by day)."""
        return _grouped(self.entries, _PHASE, [*self.plan.phases, None])

    def by_unit(self) -> list[tuple[str | None, list[Entry]]]:
        """The completions grouped by unit, in roster order; None (no unit) last."""
        return _grouped(self.entries, _UNIT, [*self.plan.roster.units(), None])


_ITEM, _PHASE, _UNIT = itemgetter(1), attrgetter("phase"), attrgetter("unit")  # of an Entry


def _occurrence_position(plan: Plan, task: Task, day: date, as_of: date) -> int | None:
    """The occurrence (0-based) of a recurring task, as placed on `as_of`, an entry of `day` counts for;
    None for a one-off task."""
    series = s.series_on(plan, task, as_of)
    return None if series is None else position_of(series, day.toordinal())


def _share_key(task: Task, entry: Entry) -> str | None:
    """Whose share an entry is, for a task owed per unit or person (the ledger's unit or person); None otherwise."""
    if task.per == PER_ALL:
        return None
    return entry.unit if task.per == PER_UNIT else entry.person


K = TypeVar("K")


def _grouped(entries: list[Entry], key: Callable[[Entry], K], order: list[K]) -> list[tuple[K, list[Entry]]]:
    groups: dict[K, list[Entry]] = {}
    for k, entry in zip(map(key, entries), entries, strict=True):
        groups.setdefault(k, []).append(entry)
    return [(k, groups[k]) for k in order if k in groups]


def build(plan: Plan, period: Period, today: date, who: str | None = None) -> Report:
    """The report of `period` seen on `today`, for `who` (a person, group or unit id) or everyone."""
    report = Report(plan, period, today, who)
    as_of = report.as_of
    tasks = plan.walk() if period.phase is None and who is None else [t for t in plan.walk() if _in_scope(plan, t, period, who)]
    report.entries = _entries(plan, period, as_of, who)
    seen: dict[tuple[int, int], q.QuotaPeriod] = {}  # quota periods built on `as_of`, for both report periods
    report.quotas = _quota_lines(plan, period, as_of, who, seen)
    judged: list[TaskLine | _Judged] = []  # what can fall overdue or come due: tasks below phases, occurrence by occurrence
    standing = Standing(plan, as_of)
    standing.know([task for task in tasks if task.depth > 1])  # what is judged; a phase's state only if asked (`phases`)
    occurrences_of: dict[Task, list[TaskLine]] = {}
    report.next_period = next_period(plan, period)
    may_show = _may_show(period.window.start, as_of, report.next_period)
    known = standing.known
    for task in tasks:
        if task.repeat is None and (who is None or task.per == PER_ALL):  # most tasks: judged by all shares, once
            if task.depth > 1:  # its line's state and window (`_task_line`), its line made only when shown
                window = task.window if task.relative is None and task.when is not None else s.window_on(plan, task, as_of)
                if window is not None and may_show(state := known.get(task) or standing.state(task), window.end):
                    judged.append(_Judged(task, state, window))
            continue
        among = judged_shares(plan, task, who)
        if series_of(task) is not None:
            occurrences = occurrences_of[task] = _occurrence_lines(plan, task, as_of, among)
            if task.depth > 1:
                judged.extend(occurrences)
        elif task.depth > 1:
            if among is None:  # its line's state and window (`_task_line`), its line made only when shown
                window = s.window_on(plan, task, as_of)
                if window is not None and may_show(state := standing.state(task), window.end):
                    judged.append(_Judged(task, state, window))
            elif (line := _task_line(plan, task, as_of, among, standing)).window is not None:
                judged.append(line)

    def every_line() -> list[TaskLine]:
        out: list[TaskLine] = []
        for task in tasks:
            out.append(_task_line(plan, task, as_of, judged_shares(plan, task, who), standing))
            out.extend(occ for occ in occurrences_of.get(task, ()) if _overlaps(occ.window, period.window))
        return out

    def shown(lines: list[TaskLine | _Judged]) -> list[TaskLine]:
        return [line if isinstance(line, TaskLine) else _task_line(plan, line.task, as_of, None, standing)
                for line in lines]

    report._make_tasks = every_line
    report._make_phases = lambda: [_task_line(plan, ph, as_of, standing=standing) for ph in plan.phases
                                   if period.phase in (None, ph)]
    start = period.window.start
    report.fell_overdue = shown([line for line in judged if _fell_overdue(plan, line, start, as_of, who)])
    report.still_open = shown([line for line in judged if line.state == s.LATE])
    report.still_open.sort(key=_by_deadline)
    if report.next_period is not None:
        upcoming = report.next_period.window
        report.due_next = shown([line for line in judged if line.state != s.FINISHED and line.end in upcoming])
        report.due_next.sort(key=_by_deadline)
        report.quotas_due_next = [line for line in _quota_lines(plan, report.next_period, as_of, who, seen)
                                  if line.row.period.end in upcoming and line.state != MET]
    return report


def plain_tasks_shown(plan: Plan, period: Period, today: date, places: Sequence[int], starts: Sequence[int], ends: Sequence[int],
                      logged: Sequence[int | None], log_firsts: Sequence[int], log_lasts: Sequence[int]) -> list[int]:
    """Of plain tasks not built (store/cache.py PlainTasks: directly under a phase, holding nothing, not repeating,
    owed once, in a plan where nothing waits), those a report of `period` seen on `today` may list: in the ledger
    (the first and last day of its own log, `log_firsts` and `log_lasts` by place, 0 for an empty log, reach into
    the period's days by `as_of`) or among the tasks `build` of `plan` (whose phases are built) judges
    (`_may_show`, by `states.plain_states` from its window's first and last day and `logged`, the earliest entry
    of its log and its phase's). Their places, ascending. No other plain task changes what the text, Markdown
    and CSV show: none of them lists every task or phase. Day ordinals throughout."""
    as_of = min(today, period.window.end)
    first, day = period.window.start.toordinal(), as_of.toordinal()
    following = next_period(plan, period)
    low, high = (following.window.start.toordinal(), following.window.end.toordinal()) if following is not None else (1, 0)
    late, finished = s.LATE, s.FINISHED
    overdue_from = first - 1  # a last day from which the task fell overdue in the period: up to day - 1
    out = []
    for n, end, state in zip(places, ends, s.plain_states(starts, ends, logged, day), strict=True):
        if (state == late or overdue_from <= end < day or (low <= end <= high and state != finished)
                or (log_firsts[n] <= day and log_lasts[n] >= first)):
            out.append(n)
    out.sort()
    return out


def _may_show(start: date, as_of: date, following: Period | None) -> Callable[[str, date], bool]:
    """Whether a task of a state (on `as_of`) and a last day can be in a list `build` makes: its first overdue
    morning in the period by `as_of` (`_fell_overdue` then asks whether it was done by its last day), late, or
    not finished and due in the `following` period. Most tasks of a large plan are none of these."""
    upcoming = following.window if following is not None else None

    def may_show(state: str, end: date) -> bool:
        return (state == s.LATE or (end != date.max and start <= end + ONE_DAY <= as_of)
                or (state != s.FINISHED and upcoming is not None and end in upcoming))

    return may_show


class _Judged(NamedTuple):
    """A task's line as `build` judges it before it is shown: the state and window its TaskLine would have
    (a task below a phase, not recurring, judged by all its shares)."""

    task: Task
    state: str
    window: Window
    occurrence: None = None

    @property
    def end(self) -> date:
        return self.window.end


def _by_deadline(line: TaskLine) -> tuple[date, tuple[int, ...]]:
    return line.end, _outline_key(line.task.outline)


def _overlaps(window: Window | None, period: Window) -> bool:
    return window is not None and window.start <= period.end and window.end >= period.start


def _in_scope(plan: Plan, task: Task, period: Period, who: str | None) -> bool:
    if period.phase is not None and task.phase is not period.phase:
        return False
    if who is None:
        return True
    return task.depth > 1 and a.belongs_to(plan, task.responsible(), who)


def judged_shares(plan: Plan, task: Task, who: str | None) -> list[str] | None:
    """The shares a report for `who` judges a task owed per unit or person by: `who`'s own (a unit, a
    person, a group's units or members: `agenda.own_shares`), as `due --who` does, when `who` is among
    those responsible; None (every share) otherwise or for a task owed once by all."""
    if who is None or task.per == PER_ALL or task.tasks or not a.belongs_to(plan, task.responsible(), who):
        return None
    return a.own_shares(plan, task, who) or None


class Standing:
    """Each task's state (`states.task_state`) and leaves done (`states.task_count`) on `as_of`, each found
    once: a report asks a leaf's state again for every task and phase above it, and the leaves of a task
    with sub-tasks are theirs, so its count is the sum of theirs (linear in the plan, not in its depth)."""

    def __init__(self, plan: Plan, as_of: date) -> None:
        self.plan = plan
        self.as_of = as_of
        self.known: dict[Task, str] = {}  # each task's state found so far (`state` finds the others)
        self._counts: dict[Task, s.Count] = {}
        self._leaf_counts: dict[str, s.Count] = {}  # a leaf's count by its state

    def know(self, tasks: list[Task]) -> None:
        """Find the states of `tasks` together (`states.task_states`), before they are asked one by one."""
        self.known.update(zip(tasks, s.task_states(self.plan, tasks, self.as_of), strict=True))

    def state(self, task: Task) -> str:
        state = self.known.get(task)
        if state is None:
            state = self.known[task] = s.task_state(self.plan, task, self.as_of)
        return state

    def count(self, task: Task) -> s.Count:
        if not task.tasks:  # a leaf is its own one leaf: its count (states.task_count's) follows from its state alone
            state = self.state(task)
            count = self._leaf_counts.get(state)
            if count is None:
                count = self._leaf_counts[state] = s.task_count(self.plan, task, self.as_of, self.state)
            return count
        count = self._counts.get(task)
        if count is None:
            done = total = late = 0
            known, leaf_counts = self.known, self._leaf_counts
            for sub in task.tasks:  # a leaf whose state and count are known: looked up here, not asked (a large plan's most)
                part = leaf_counts.get(known.get(sub, "")) if not sub.tasks else None
                if part is None:
                    part = self.count(sub)
                done, total, late = done + part.done, total + part.total, late + part.late
            count = self._counts[task] = s.Count(done, total, late)
        return count


def _task_line(plan: Plan, task: Task, as_of: date, among: list[str] | None = None,
               standing: Standing | None = None) -> TaskLine:
    """A task as it stood on `as_of`; owed per unit or person and judged by `among` (`judged_shares`):
    done when each of those shares is. A recurring task's shares are on its occurrences' lines.
    `standing`: a `Standing(plan, as_of)`, when the caller keeps one for many tasks."""
    window = s.window_on(plan, task, as_of)
    recurring = series_of(task) is not None
    shares = () if task.tasks or recurring or task.per == PER_ALL else _shares_of(plan, task, as_of, among)
    if among is not None and not recurring:
        finished = [day for _, day in shares if day is not None]
        done_on = max(finished) if finished and len(finished) == len(shares) else None
        state = s.FINISHED if done_on is not None else s.window_state(window, as_of)
        return TaskLine(task, state, done_on, s.Count(int(done_on is not None), 1), window, shares=shares)
    standing = standing or Standing(plan, as_of)
    state = standing.state(task)
    done_on = s.done_date(plan, task, as_of) if state == s.FINISHED else None
    return TaskLine(task, state, done_on, standing.count(task), window, shares=shares)


def _shares_of(plan: Plan, task: Task, as_of: date, among: list[str] | None,
               position: int | None = None) -> tuple[tuple[str, date | None], ...]:
    """Each share (of `among`, when given) and the day it was done by `as_of` (of occurrence `position`
    of a recurring task): `states.share_days`."""
    days = s.share_days(plan, task, as_of, position)
    return tuple((share, day) for share, day in days.items() if among is None or share in among)


def _occurrence_lines(plan: Plan, task: Task, as_of: date, among: list[str] | None = None) -> list[TaskLine]:
    """A line for each occurrence of a recurring task, as it stood on `as_of` ([] for another task);
    owed per unit or person, with each share's day (of `among`, when given: done when those are)."""
    out = []
    for row in s.occurrence_rows(plan, task, as_of, among):
        state = s.FINISHED if row.section == s.DONE else s.SECTION_STATES[row.section]
        shares = _shares_of(plan, task, as_of, among, row.position) if task.per != PER_ALL else ()
        out.append(TaskLine(task, state, row.done_on, s.Count(int(row.done_on is not None), 1), row.occurrence.window,
                            row, shares))
    return out


def _fell_overdue(plan: Plan, line: TaskLine | _Judged, start: date, as_of: date, who: str | None = None) -> bool:
    """Its first overdue morning (the day after its last) is in the period by `as_of`, and it was not done
    by the end of its last day (an occurrence: no completion by then counts for it; owed per unit or
    person and judged for `who` by its shares (`judged_shares`): one of those shares was not done by then)."""
    end = line.end
    if end == date.max or not start <= end + ONE_DAY <= as_of:
        return False
    among = judged_shares(plan, line.task, who)
    if line.occurrence is not None:
        return not s.occurrence_done_by(plan, line.task, line.occurrence.position, end, among)
    if among is not None:
        return None in dict(_shares_of(plan, line.task, end, among)).values()
    return not s.is_done(plan, line.task, end)


# The ledger


def _entries(plan: Plan, period: Period, as_of: date, who: str | None) -> list[Entry]:
    window = Window(period.window.start, as_of)
    out: list[Entry] = []
    units: dict[str | None, str | None] = {}  # `_only_unit` of each person, found once

    def only_unit(person: str | None) -> str | None:
        if person not in units:
            units[person] = _only_unit(plan, person)
        return units[person]

    quota_units: dict[tuple[int, str | None, str | None], str | None] = {}  # quotas.unit_of_entry, found once

    def quota_unit(quota: Quota, unit: str | None, by: str | None) -> str | None:  # by what it reads: the unit and `by`
        key = (id(quota), unit, by)
        if key not in quota_units:
            quota_units[key] = q.unit_of_entry(plan, quota, Completion(date.min, by, unit))
        return quota_units[key]

    def unit_of_entry(quota: Quota, entry: Completion) -> str | None:
        return quota_unit(quota, entry.unit, entry.by)

    logged = logs_within(plan.items(), window.start, window.end)  # of a cached log only these are looked at
    logged.sort(key=lambda found: _outline_key(found[0].outline))  # the lines of a day in outline order (below)
    for item, columns, places in logged:
        phase = _phase_of(item)
        if period.phase is not None and phase is not period.phase:
            continue
        if columns is not None and who is None:  # a log read from the cache: its entries' lines made from its columns
            out += _column_entries(item, columns, places, phase, only_unit, quota_unit)
            continue
        for entry in entries_within(item.log, window.start, window.end):
            if who is None or _entry_is_for(plan, item, entry, who):
                out.append(_entry(plan, item, entry, only_unit, unit_of_entry, phase))
    out.sort(key=itemgetter(0))  # by day (Entry.day), stable: a day's lines in their items' outline order, each log's in its order
    return out


_OUTLINE_PARTS = re.compile(r"[.q]")


def _outline_key(outline: str) -> tuple[int, ...]:
    """2.1q3 → (2, 1, 3): tasks and quotas in outline order (a quota's number follows its task's)."""
    parts = _OUTLINE_PARTS.split(outline)
    if all(map(str.isdecimal, parts)):  # every outline planctl numbers: each part a number (int reads each)
        return tuple(map(int, parts))
    return tuple(int(part) if part.isdigit() else 0 for part in parts)


def _phase_of(item: Task | Quota) -> Task | None:
    if isinstance(item, Task):
        return item.phase
    return item.parent.phase if item.parent is not None else None


def _entry(plan: Plan, item: Task | Quota, entry: Completion, only_unit: Callable[[str | None], str | None],
           unit_of_entry: Callable[[Quota, Completion], str | None], phase: Task | None) -> Entry:
    """The ledger's line of one entry; `only_unit`: `_only_unit` of a person, kept by the caller, as
    `unit_of_entry`: quotas.unit_of_entry of a quota's entry; `phase`: the item's (`_phase_of`)."""
    if isinstance(item, Quota):
        unit = unit_of_entry(item, entry) or only_unit(entry.by)
        # as status counts it: hours in whole seconds (20min is 1/3 h, not 0.333333), so a column sums exactly
        amount: float | None = q.counted(item, entry) / (SECONDS_PER_HOUR if item.unit == HOURS else 1)
        amount_unit = item.unit
    else:
        unit = entry.unit or only_unit(entry.by)
        amount, amount_unit = entry.amount, ""
    return Entry(entry.date, item, phase, entry.by, unit, amount, amount_unit, entry.note)


def _column_entries(item: Task | Quota, columns: Sequence[list[Any]], places: list[int], phase: Task | None,
                    only_unit: Callable[[str | None], str | None],
                    quota_unit: Callable[[Quota, str | None, str | None], str | None]) -> list[Entry]:
    """`_entry` of each entry at `places` of a log not built, from its columns (model.Columns) without making a
    Completion of it: a large plan's week has twenty thousand. `quota_unit(quota, unit, by)`: quotas.unit_of_entry
    of an entry of that unit and `by`."""
    days, by, unit, amount, note = columns[:5]
    fromordinal = date.fromordinal
    new = tuple.__new__  # an Entry made as its class makes it, without a Python call of its __new__ for each (half the cost)
    if isinstance(item, Quota):  # each distinct unit and `by`, and each amount, looked at once
        per = SECONDS_PER_HOUR if item.unit == HOURS else 1  # as `_entry` says it
        units = {pair: quota_unit(item, *pair) or only_unit(pair[1]) for pair in {(unit[i], by[i]) for i in places}}
        said = {key: q.counted_amount(item, key[1]) / per for key in {(type(amount[i]), amount[i]) for i in places}}
        return [new(Entry, (fromordinal(days[i]), item, phase, by[i], units[unit[i], by[i]], said[type(amount[i]), amount[i]],
                            item.unit, note[i])) for i in places]
    return [new(Entry, (fromordinal(days[i]), item, phase, by[i], unit[i] or only_unit(by[i]), amount[i], "", note[i]))
            for i in places]


def _only_unit(plan: Plan, person: str | None) -> str | None:
    """The unit a person belongs to, when there is exactly one."""
    if person is None:
        return None
    units = [uid for uid, unit in plan.roster.units().items() if person in unit.members]
    return units[0] if len(units) == 1 else None


def _entry_is_for(plan: Plan, item: Task | Quota, entry: Completion, who: str) -> bool:
    """A person's own entries; a unit's or group's: those of its members or logged for it. An entry without
    `by` belongs to whoever the item is assigned to."""
    if who in plan.roster.people:
        return entry.by == who if entry.by else a.belongs_to(plan, _assigned(item), who)
    refs = [ref for ref in (entry.by, entry.unit) if ref] or _assigned(item)
    return any(a.belongs_to(plan, [ref], who) for ref in refs)


def _assigned(item: Task | Quota) -> list[str]:
    return item.who if isinstance(item, Quota) else item.responsible()


# Quotas


def _quota_lines(plan: Plan, period: Period, as_of: date, who: str | None,
                 seen: dict[tuple[int, int], q.QuotaPeriod] | None = None) -> list[QuotaLine]:
    """The quota rows of `period`, in roster order: each scope of each of a quota's periods that overlaps it.
    Only those periods are built (`quotas.period_rows`: the log is read once a quota, for all of them);
    `seen`: the periods built so far on `as_of`, by (id(quota), index), filled as built (a report asks
    for this period's and the next one's)."""
    window = period.window
    seen = {} if seen is None else seen
    out: list[QuotaLine] = []
    for quota in plan.quotas():
        if period.phase is not None and _phase_of(quota) is not period.phase:
            continue
        among = q.scopes(plan, quota)
        order = {scope.id: i for i, scope in enumerate(among)}  # roster order
        periods = s.periods_on(plan, quota, as_of)
        count = len(periods)
        for index, days in enumerate(periods):
            if days.end < window.start or days.start > window.end:
                continue
            qp = seen.get((id(quota), index))
            if qp is None:
                qp = seen[(id(quota), index)] = q.QuotaPeriod(quota, days, index + 1, count,
                                                               q.period_rows(plan, quota, index, as_of, among, periods))
            rows = sorted(qp.rows, key=lambda row: order.get(row.scope.id, len(order)))
            out.extend(QuotaLine(row, qp.index, qp.count) for row in rows if who is None or _row_is_for(plan, row, who))
    return out


def _row_is_for(plan: Plan, row: q.Progress, who: str) -> bool:
    """A person's or unit's own row, a group's members' and units' rows, or an everyone-together row of a
    quota assigned to `who` (as `due --who` chooses quota rows)."""
    return a.belongs_to(plan, [row.scope.id] if row.scope.id else row.quota.who, who)
