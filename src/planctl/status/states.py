"""An item's state on a given day: the one place that decides it.

Every view asks here (`due`, `list`, `show`, `status`, `timeline`, `export`), so that one task on one
day is in one state everywhere. Pure computations; nothing here prints. `today` is always an
argument: entries dated after it do not count yet, so `--today` replays a past day faithfully.

Finished (`is_done`): logged as done by `today` (itself or a phase or task above it), or made of
sub-tasks and quotas that are all done and met by then.

A task not finished is placed by its window on the morning of `today`, in two vocabularies:

- the state (`list`, `show`, `status`, `timeline`): finished, late (its window ended before today),
  active (today is inside its window), not started (its window starts after today, or it has none);
- the section (`due`, `export json`), a finer split of the same thing: done, overdue (= late),
  due_today and in_progress (= active), upcoming (= not started) or no_window.

A recurring task (`repeat:`) has occurrences (status/occurrences.py says which completion counts
for which). Each occurrence is done (a completion counts for it by `today`) or placed by its own
window, as above. The task itself is finished when every occurrence is done; a phase or task above it
logged as done does not close its occurrences (a standing duty outlives the phase: `logged_ancestor`
skips it); otherwise it is in the state of its most pressing occurrence: late when one ended undone,
else active when one is under way, else not started.

A task owed per unit or per person (`per`) is finished when every unit or person of it has logged
its share (`share_days`), or a phase or task above it was logged. One that also repeats is owed by
each unit or person for each occurrence (status/occurrences.py `share_claims`): an occurrence is
done when every share has done it, and `share_days` gives each share's day for the occurrence in
view (`share_occurrence`: the latest started, else the first). A task waits (`waiting_for`) while
an item it comes after is not finished; waiting is a mark, not a state: its window still places it.
A window relative to another task follows that task's window, or the day it was logged done by
`today` (`window_on`); every state here is placed by `window_on`, and so are the periods of a quota
that takes its window from such a task (`periods_on`, which status/quotas.py judges pace in).

Progress counts leaf tasks (tasks without sub-tasks) as done / total; a phase or task without
sub-tasks is its own one leaf. A leaf counts as done when it is finished.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from planctl.errors import Problem
from planctl.format.dates import Window
from planctl.format.relative import moves
from planctl.model import PER_ALL, Completion, Plan, Quota, Task, first_logged, last_logged, logged_by, share_of, shares
from planctl.records import NamedTuple
from planctl.status import quotas as q
from planctl.status.occurrences import counted, series_in, series_of, share_claims

if TYPE_CHECKING:  # format/recurrence.py is imported only when a plan has a recurring task
    from planctl.format.recurrence import Occurrence, Series

# States
FINISHED = "finished"
ACTIVE = "active"
LATE = "late"
NOT_STARTED = q.NOT_STARTED  # the same word a quota's row uses before its period
STATES = (FINISHED, ACTIVE, LATE, NOT_STARTED)

# Sections
DONE = "done"
OVERDUE = "overdue"
DUE_TODAY = "due_today"
IN_PROGRESS = "in_progress"
UPCOMING = "upcoming"
NO_WINDOW = "no_window"
SECTION_STATES = {OVERDUE: LATE, DUE_TODAY: ACTIVE, IN_PROGRESS: ACTIVE, UPCOMING: NOT_STARTED}


def is_done(plan: Plan, task: Task, today: date = date.max) -> bool:
    """Logged as done by `today` (itself or a parent), or made of sub-tasks and quotas that are all
    done and met by then. Logging a parent says the whole of it is done, so its sub-tasks count too.
    """
    if _plain(task):
        return logged_by(task.log, today) or logged_ancestor(task, today) is not None
    if logged_ancestor(task, today) is not None:
        return True
    if (series := series_on(plan, task, today)) is not None:
        return len(counted(plan, task, series, today)) >= series.count
    if task.per != PER_ALL and not task.tasks and (by_share := share_days(plan, task, today)):
        return None not in by_share.values()
    if logged_by(task.log, today):
        return True
    if not task.tasks and not task.quotas:
        return False
    return all(is_done(plan, sub, today) for sub in task.tasks) and all(
        q.is_met(plan, quota, today, periods_on(plan, quota, today)) for quota in task.quotas
    )


def done_date(plan: Plan, task: Task, today: date = date.max) -> date | None:
    """The day a task was finished: its first completion, or the last day one of its parts was
    (None when it is not done by `today`, or is done only through a logged parent); owed per unit or
    person, the day its last share was done."""
    if (series := series_on(plan, task, today)) is not None:
        if not is_done(plan, task, today):
            return None
        last = max(counted(plan, task, series, today).values(), default=None)
        return None if last is None else date.fromordinal(last)
    if task.per != PER_ALL and not task.tasks and (by_share := share_days(plan, task, today)):
        finished = [day for day in by_share.values() if day is not None]
        return max(finished) if len(finished) == len(by_share) else None
    first = first_logged(task.log, today)
    if first is not None:
        return first
    if not is_done(plan, task, today):
        return None
    days = [d for sub in task.tasks if (d := done_date(plan, sub, today))]
    days += [d for quota in task.quotas if (d := last_logged(quota.log, today))]
    return max(days) if days else None


def logged_ancestor(task: Task, today: date = date.max) -> Task | None:
    """The nearest phase or task above `task` with a completion dated by `today`; None for a recurring
    task (`repeat:`): a parent's completion does not close its occurrences (docs/plan-format.md
    "Recurring tasks")."""
    if task.repeat is not None:
        return None
    node = task.parent
    while node is not None:
        if logged_by(node.log, today):
            return node
        node = node.parent
    return None


def section(window: Window | None, today: date) -> tuple[str, int] | None:
    """Where a window stands on `today`, and how many days: (overdue, days since its end),
    (due_today, 0), (in_progress, days to its end) or (upcoming, days to its start); None without one."""
    if window is None:
        return None
    if window.end < today:
        return OVERDUE, (today - window.end).days
    if window.end == today and window.start <= today:
        return DUE_TODAY, 0
    if window.start <= today:
        return IN_PROGRESS, q.days_to_end(window, today)
    return UPCOMING, (window.start - today).days


days_to_end = q.days_to_end  # a task's "ends in N days" counts as a quota period's (status/quotas.py)


def window_state(window: Window | None, today: date) -> str:
    """The state of something not finished, from its window alone (`section` in the coarser words)."""
    placed = section(window, today)
    return NOT_STARTED if placed is None else SECTION_STATES[placed[0]]


def task_state(plan: Plan, task: Task, today: date) -> str:
    """finished, late, active or not started (see the module's docstring)."""
    if _plain(task):  # most tasks of a large plan: `is_done` and `judged_window` come down to these
        if logged_by(task.log, today) or logged_ancestor(task, today) is not None:
            return FINISHED
        return window_state(task.window, today)
    if is_done(plan, task, today):
        return FINISHED
    if series_of(task) is not None:
        return SECTION_STATES.get(task_section(plan, task, today), NOT_STARTED)
    return window_state(judged_window(plan, task, today), today)


def task_states(plan: Plan, tasks: Iterable[Task], today: date) -> list[str]:
    """`task_state` of each of `tasks` on `today`, in order, found together: a view of every task (`status`,
    `timeline`, `report`) asks it of thousands. For a plain task (`_plain`, most of a large plan) the same
    rule as `task_state`'s, with what many tasks share asked once: whether a phase or task above is logged
    by `today`, and the state of each distinct window; any other task is asked `task_state`."""
    above: dict[int, bool] = {}  # id of a phase or task: it or one above it is logged by today
    by_window: dict[Window | None, str] = {}

    def logged_above(node: Task | None) -> bool:
        if node is None:
            return False
        found = above.get(id(node))
        if found is None:
            found = above[id(node)] = logged_by(node.log, today) or logged_above(node.parent)
        return found

    out: list[str] = []
    for task in tasks:
        if not _plain(task):
            out.append(task_state(plan, task, today))
        elif logged_by(task.log, today) or logged_above(task.parent):  # `logged_ancestor`: a plain task does not repeat
            out.append(FINISHED)
        else:
            state = by_window.get(task.window)
            if state is None:
                state = by_window[task.window] = window_state(task.window, today)
            out.append(state)
    return out


def _plain(task: Task) -> bool:
    """A task whose state is its own log's or an ancestor's and its resolved window's: it does not repeat,
    is owed once by all, holds no sub-tasks or quotas and has a `when` of its own not relative to another
    task (so `is_done` is `logged_by` of it or of a task above it, and `window_on` is `task.window`)."""
    return (task.repeat is None and task.per == PER_ALL and not task.tasks and not task.quotas
            and task.relative is None and task.when is not None)


is_plain = _plain  # for the views that write every task (`export ics`): `_plain` itself, asked of thousands


def judged_window(plan: Plan, task: Task, today: date) -> Window | None:
    """The window a task's state and section are judged by on `today`: its own (`window_on`), else, for a phase
    or parent written without `when`, the span of the tasks it holds (earliest start to latest end of their
    windows on `today`), as the whole plan's row is judged (`plan_state`); None when neither has one."""
    window = window_on(plan, task, today)
    if window is not None or not task.tasks:
        return window
    windows = [w for leaf in leaves(task) if (w := window_on(plan, leaf, today)) is not None]
    return Window(min(w.start for w in windows), max(w.end for w in windows)) if windows else None


def task_section(plan: Plan, task: Task, today: date) -> str:
    """done, overdue, due_today, in_progress, upcoming or no_window: `task_state` in `due`'s words
    (a recurring task: its most pressing occurrence's section)."""
    if is_done(plan, task, today):
        return DONE
    if series_of(task) is not None:
        now = near(plan, task, today)
        pressing = now.missed[0] if now.missed else now.current or now.next
        return NO_WINDOW if pressing is None else pressing.section
    placed = section(judged_window(plan, task, today), today)
    return NO_WINDOW if placed is None else placed[0]


# --- occurrences of a recurring task ------------------------------------------------------------

MISSED_SHOWN = 5  # `near` lists the latest this many missed occurrences (and counts them all)


class OccurrenceRow(NamedTuple):
    """One occurrence on `today`: its position (0-based), days, section (DONE or `section`'s) and days
    (as `section` counts them), and the date of the completion counted for it."""

    position: int
    occurrence: Occurrence
    section: str
    days: int
    done_on: date | None


def occurrence_row(series: Series, index: int, done_on: date | None, today: date) -> OccurrenceRow:
    occ = series.at(index)
    if done_on is not None:
        return OccurrenceRow(index, occ, DONE, 0, done_on)
    placed = section(occ.window, today)
    assert placed is not None
    return OccurrenceRow(index, occ, placed[0], placed[1], None)


def occurrence_rows(plan: Plan, task: Task, today: date, among: Collection[str] | None = None) -> list[OccurrenceRow]:
    """Every occurrence of a recurring task with its state on `today` (none for another task); owed per
    unit or person, an occurrence is done when every share (of `among`, when given) has done it."""
    series = series_on(plan, task, today)
    if series is None:
        return []
    taken = counted(plan, task, series, today, among)
    return [occurrence_row(series, i, date.fromordinal(taken[i]) if i in taken else None, today)
            for i in range(series.count)]


def occurrence_done_by(plan: Plan, task: Task, position: int, today: date,
                       among: Collection[str] | None = None) -> bool:
    """Whether a completion dated by `today` counts for occurrence `position` (0-based) of a recurring
    task (status/occurrences.py's rules; owed per unit or person: one of every share, of `among` when
    given); False for another task."""
    series = series_on(plan, task, today)
    return series is not None and position in counted(plan, task, series, today, among)


class Near(NamedTuple):
    """What `due` shows of a recurring task on `today`: the occurrences that ended undone (the
    latest MISSED_SHOWN, latest first; `missed_count` counts them all), the one under way and not
    done (`current`), and the next one not yet started (`next`); and how many are done by today."""

    missed: list[OccurrenceRow]
    missed_count: int
    current: OccurrenceRow | None
    next: OccurrenceRow | None
    done: int
    so_far: int  # occurrences started by today


def near(plan: Plan, task: Task, today: date, among: Collection[str] | None = None) -> Near:
    """The occurrences around `today` (`Near`), without making the others; owed per unit or person,
    an occurrence is done when every share (of `among`, when given: one unit's own) has done it."""
    series = series_on(plan, task, today)
    if series is None:
        return Near([], 0, None, None, 0, 0)
    taken = counted(plan, task, series, today, among)
    started = series.started_by(today)
    ended = series.ended_before(today)
    missed_count = ended - sum(1 for i in taken if i < ended)
    missed: list[OccurrenceRow] = []
    for i in range(ended - 1, -1, -1):
        if len(missed) >= MISSED_SHOWN:
            break
        if i not in taken:
            missed.append(occurrence_row(series, i, None, today))
    current = next((occurrence_row(series, i, None, today) for i in range(started - 1, ended - 1, -1)
                    if i not in taken), None)
    upcoming = next((occurrence_row(series, i, None, today) for i in range(started, series.count) if i not in taken),
                    None)
    return Near(missed, missed_count, current, upcoming, len(taken), started)


def occurrence_count(plan: Plan, task: Task, today: date) -> tuple[int, int]:
    """(done, due so far: started by `today`) occurrences of a recurring task; (0, 0) for another."""
    series = series_on(plan, task, today)
    if series is None:
        return 0, 0
    started = series.started_by(today)
    return sum(1 for i in counted(plan, task, series, today) if i < started), started


def leaves(task: Task) -> list[Task]:
    """The tasks without sub-tasks under `task`, in outline order; `task` itself when it has none."""
    if not task.tasks:
        return [task]
    return [leaf for sub in task.tasks for leaf in leaves(sub)]


class Count:
    """Leaf tasks done out of total, and how many of those not done are late."""

    __slots__ = ("done", "total", "late")

    def __init__(self, done: int, total: int, late: int = 0) -> None:
        self.done = done
        self.total = total
        self.late = late  # leaves not finished whose window has ended

    def __repr__(self) -> str:
        return f"Count(done={self.done}, total={self.total}, late={self.late})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Count) and (self.done, self.total, self.late) == (other.done, other.total, other.late)

    def __hash__(self) -> int:
        return hash((self.done, self.total, self.late))

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 0.0

    @property
    def percent(self) -> int:
        """Whole percent, rounded; 0% and 100% only when none or all of it is done."""
        if not self.total or not self.done:
            return 0
        if self.done == self.total:
            return 100
        return min(max(round(self.done * 100 / self.total), 1), 99)

    def __add__(self, other: Count) -> Count:
        return Count(self.done + other.done, self.total + other.total, self.late + other.late)


def task_count(plan: Plan, task: Task, today: date, state_of: Callable[[Task], str] | None = None) -> Count:
    """Leaves of `task` finished, in all, and late on `today`; `state_of`: a leaf's `task_state` on
    `today` when the caller keeps them already (a view that shows every task's)."""
    below = leaves(task)
    states = task_states(plan, below, today) if state_of is None else [state_of(leaf) for leaf in below]
    return Count(states.count(FINISHED), len(states), states.count(LATE))


def plan_count(plan: Plan, today: date) -> Count:
    total = Count(0, 0)
    for phase in plan.phases:
        total = total + task_count(plan, phase, today)
    return total


def plan_state(plan: Plan, today: date, span: Window | None = None) -> str:
    """finished when every phase is; else the state of the plan's span (`Plan.span`). `span`: `span_on(plan,
    today)`, when the caller has it (None: found here)."""
    if plan.phases and all(is_done(plan, phase, today) for phase in plan.phases):
        return FINISHED
    return window_state(span_on(plan, today) if span is None else span, today)


def span_on(plan: Plan, today: date) -> Window | None:
    """`Plan.span` with each task's window on `today` (`window_on`): from the earliest start to the latest end."""
    windows = [window for item in plan.items()  # a window of its own (most tasks): as resolved (`window_on`)
               if (window := item.window if isinstance(item, Quota) or item.relative is None and item.when is not None
                   else window_on(plan, item, today)) is not None]
    if not windows:
        return None
    return Window(min(w.start for w in windows), max(w.end for w in windows))


# --- shares, waits and relative windows (issue 15) ----------------------------------------------


def share_days(plan: Plan, task: Task, today: date = date.max, position: int | None = None) -> dict[str, date | None]:
    """Each unit or person owing a share of a task owed `per` unit or person (model.shares), and the
    first day its share was logged by `today` (None: still owed); {} for a task owed once by all. A
    recurring one: each share's day for occurrence `position` (0-based), by default the one in view
    (`share_occurrence`)."""
    if task.per == PER_ALL:
        return {}
    series = series_on(plan, task, today)
    if series is not None:
        if position is None:
            in_view = share_occurrence(plan, task, today)
            if in_view is None:
                return {}
            position = in_view.position
        claims = share_claims(plan, task, series, today)
        return {share: date.fromordinal(mine[position]) if position in mine else None
                for share, mine in claims.items()}
    owed = shares(plan, task)
    days: dict[str, date | None] = dict.fromkeys(owed)
    for entry in task.log:
        share = share_of(plan, task, entry, owed) if entry.date <= today else None
        if share is not None and ((first := days[share]) is None or entry.date < first):
            days[share] = entry.date
    return days


class InView(NamedTuple):
    position: int  # 0-based
    occurrence: Occurrence


def share_occurrence(plan: Plan, task: Task, today: date) -> InView | None:
    """The occurrence whose shares the views count for a recurring task owed per unit or person: the
    latest started by `today`, else the first; None when it makes none."""
    series = series_on(plan, task, today)
    if series is None or not series.count:
        return None
    position = max(series.started_by(today) - 1, 0)
    return InView(position, series.at(position))


def occurrences_in(plan: Plan, task: Task, window: Window, today: date = date.max) -> list[InView]:
    """The occurrences of a recurring task a window names (`done --for 6月`): those whose day (their
    deadline) is in it, else those whose days overlap it; [] for a task that does not repeat."""
    series = series_on(plan, task, today)
    if series is None or not series.count:
        return []
    starts, ends, days = series.ordinals()
    low, high = window.start.toordinal(), window.end.toordinal()
    chosen = [i for i in range(series.count) if low <= days[i] <= high]
    if not chosen:
        chosen = [i for i in range(series.count) if starts[i] <= high and ends[i] >= low]
    return [InView(i, series.at(i)) for i in chosen]


def occurrence_shares(plan: Plan, task: Task, position: int, today: date,
                      among: Collection[str] | None = None) -> tuple[int, int]:
    """(shares done, shares) of one occurrence of a recurring task owed per unit or person, of `among`
    when given; (0, 0) for another task."""
    series = series_on(plan, task, today)
    if task.per == PER_ALL or series is None:
        return 0, 0
    claims = share_claims(plan, task, series, today)
    owed = [claims[share] for share in (claims if among is None else among) if share in claims]
    return sum(1 for mine in owed if position in mine), len(owed)


def closed_by(task: Task, today: date = date.max) -> tuple[Task, date] | None:
    """The phase or task above `task` whose logged completion closed it by `today`, and the day it was
    logged (its first entry by then); None when nothing above closed it (`logged_ancestor`: never a
    recurring task). A task owed per unit or person closed so is done, whatever its shares say: the
    views say "closed with" it rather than listing the shares still owed (docs/plan-format.md)."""
    above = logged_ancestor(task, today)
    if above is None:
        return None
    return above, min(entry.date for entry in above.log if entry.date <= today)


def owed_shares(plan: Plan, task: Task, today: date = date.max) -> list[str]:
    """The units or people of a per-unit or per-person task that have not logged their share by `today`."""
    return [share for share, day in share_days(plan, task, today).items() if day is None]


def is_finished(plan: Plan, item: Task | Quota, today: date = date.max) -> bool:
    """A task done (`is_done`), or a quota met."""
    return is_done(plan, item, today) if isinstance(item, Task) else q.is_met(plan, item, today,
                                                                              periods_on(plan, item, today))


def waiting_for(plan: Plan, task: Task, today: date = date.max) -> list[Task | Quota]:
    """The items `task` comes after (`after`, or the anchor of a window after another task) that are
    not finished by `today`; [] for a task that is done itself."""
    ids = task.waits_for()
    if not ids or is_done(plan, task, today):
        return []
    found = [plan.find(ref) for ref in ids]
    return [item for item in found if item is not None and not is_finished(plan, item, today)]


def window_on(plan: Plan, task: Task, today: date = date.max, _placing: frozenset[int] = frozenset()) -> Window | None:
    """The task's window on `today`: its resolved window, or, written relative to another task
    (format/relative.py), placed from that task's logged completion day when it is done by `today`,
    else from that task's own window on `today`; a task without a `when` of its own under one written
    relative to another takes that one's window on `today` (as it took its resolved window). A window
    `after` another runs to the end of its parent's window on `today` (a parent that moved takes it
    along). `_placing`: the tasks whose windows are being placed (a parent placed after its own
    sub-task takes its resolved window there, not a circle)."""
    relative = task.relative
    if relative is None:
        if task.when is not None:  # a window of its own (most tasks): as resolved
            return task.window
        source = _relative_source(task)
        if source is None or id(source) in _placing:  # placing that one asks for this one: as resolved
            return task.window
        return window_on(plan, source, today, _placing)
    if task.window is None:  # unresolved (unknown anchor, a cycle): no window
        return task.window
    from planctl.format.relative import place

    anchor = plan.find(relative.anchor)
    if anchor is None:
        return task.window
    placing = _placing | {id(task)}
    days = anchor.window
    if isinstance(anchor, Task):
        finished = done_date(plan, anchor, today) if is_done(plan, anchor, today) else None
        days = (Window(finished, finished) if finished is not None
                else anchor.window if id(anchor) in placing else window_on(plan, anchor, today, placing))
    if days is None:
        return task.window
    parent = task.parent
    bound = None if parent is None else parent.window if id(parent) in placing else window_on(plan, parent, today, placing)
    return place(relative, days, bound)


def series_on(plan: Plan, task: Task, today: date = date.max) -> Series | None:
    """The occurrences of a recurring task on `today`, in its window on that day (`window_on`): a
    window relative to another task, its own or inherited, moves its occurrences with that task (a
    weekly report after a meeting held late starts late); else its planned ones (`series_of`). None
    for a task that does not repeat."""
    if task.repeat is None:
        return None
    if task.relative is None and _relative_source(task) is None:
        return series_of(task)
    return series_in(task, window_on(plan, task, today))


_PLACING_QUOTAS: set[int] = set()  # the quotas `periods_on` is placing (a circle back to one keeps its planned periods)
PERIODS = "periods"  # the key (with a window) of a quota's `totals_cache` that holds its periods in that window


def quota_window_on(plan: Plan, quota: Quota, today: date = date.max) -> Window | None:
    """A quota's window on `today`: one whose window moves with a task (relative.moves: no `when` or
    `periods` of its own, under a task written relative to another, `meet后…` or inherited) takes that
    task's window on that day (`window_on`: a meeting held late moves its weeks too); any other keeps
    its own, as resolved (`Quota.window`)."""
    if quota.parent is None or not moves(quota):
        return quota.window
    return window_on(plan, quota.parent, today)


def periods_on(plan: Plan, quota: Quota, today: date = date.max) -> list[Window]:
    """A quota's periods on `today`, sorted by start, for status/quotas.py (the owner of its pace and
    buffer): its planned `period_windows` while its window (`quota_window_on`) has not moved, else that
    window cut as the loader cuts it (recurrence.periods_in), kept on the quota for the run. A quota
    whose window would hang on its own task being done (a task placed after its own sub-task, which
    holds the quota) keeps its planned periods there, not a circle."""
    if id(quota) in _PLACING_QUOTAS:
        return quota.period_windows
    _PLACING_QUOTAS.add(id(quota))
    try:
        window = quota_window_on(plan, quota, today)
    finally:
        _PLACING_QUOTAS.discard(id(quota))
    if window == quota.window:
        return quota.period_windows
    key = (PERIODS, window)
    found: list[Window] | None = quota.totals_cache.get(key)
    if found is None:
        from planctl.format.recurrence import periods_in

        found = quota.totals_cache[key] = periods_in(quota.repeat, quota.period, quota.weeks or plan.weeks, window)
    return found


def moved_entry_warnings(plan: Plan, quota: Quota, entries: Iterable[Completion]) -> list[Problem]:
    """validate.entry_warnings for `entries` of a quota whose window moves with a task (relative.moves),
    judged by its periods as the plan stands (`periods_on` on date.max: its task placed where its anchor
    was logged done); [] for any other quota (validate.py warns about those itself)."""
    if not moves(quota):
        return []
    from planctl.format.validate import entry_warnings

    periods = periods_on(plan, quota)
    return [problem for entry in entries for problem in entry_warnings(quota, entry, periods)]


def _relative_source(task: Task) -> Task | None:
    """The task above `task` whose relative window it inherits (it and those between have no `when`), or None."""
    node = task
    while node.when is None and node.relative is None and node.parent is not None:
        node = node.parent
    return node if node is not task and node.relative is not None else None


def dependents(plan: Plan) -> dict[str, list[Task]]:
    """Id -> the tasks that come after it or whose window is relative to it, in outline order."""
    found: dict[str, list[Task]] = {}
    for task in plan.walk():
        if not task.after and task.relative is None:  # most tasks: nothing to list
            continue
        refs = [*task.after, *([task.relative.anchor] if task.relative is not None else [])]
        for ref in dict.fromkeys(refs):
            found.setdefault(ref, []).append(task)
    return found


def chains(plan: Plan) -> list[tuple[int, Task | Quota, Task | None]]:
    """The plan's chains of waits as rows (depth, item, the item it hangs from), each item drawn after
    the one it waits for or is dated from: roots (items others refer to, referring to none) first, in
    outline order, then any loop left without a root (report dated before dem-life, which waits for
    it through another: no wait circle, `check` allows it) from its first item; an item reached twice
    is drawn where first reached. [] when nothing refers to anything."""
    below = dependents(plan)
    if not below:
        return []
    referring = {id(task) for tasks in below.values() for task in tasks}
    rows: list[tuple[int, Task | Quota, Task | None]] = []
    drawn: set[int] = set()

    def draw(item: Task | Quota, depth: int, parent: Task | None) -> None:
        if id(item) in drawn:
            return
        drawn.add(id(item))
        rows.append((depth, item, parent))
        for task in below.get(item.id, []):
            draw(task, depth + 1, item if isinstance(item, Task) else None)

    for item in plan.items():
        if item.id in below and id(item) not in referring:
            draw(item, 0, None)
    for item in plan.items():  # a loop with no root (dated before one it then waits for): from its first
        if item.id in below and id(item) not in drawn:
            draw(item, 0, None)
    return rows


def waits_order(plan: Plan) -> list[Task]:
    """Every phase and task as `Plan.walk` gives them, except that among the sub-tasks of one parent
    a task that waits for a sibling (`Task.waits_for`) comes after it (the timeline draws them so)."""
    tasks = plan.walk()
    if not any(task.after or task.relative is not None for task in tasks):  # nothing waits: as they are
        return tasks
    return _waits_order(plan)


def _waits_order(plan: Plan) -> list[Task]:
    """`waits_order` placed task by task (what it is when nothing waits: `Plan.walk`)."""
    out: list[Task] = []

    def place(tasks: list[Task]) -> None:
        by_id = {task.id: task for task in tasks}
        placed: set[int] = set()

        def visit(task: Task) -> None:
            if id(task) in placed:
                return
            placed.add(id(task))
            for ref in task.waits_for():
                if ref in by_id:
                    visit(by_id[ref])
            out.append(task)
            if task.tasks:
                place(task.tasks)

        for task in tasks:
            visit(task)

    place(plan.phases)
    return out


# --- a phase whose plain tasks are counted from their columns (store/cache.py PlainTasks) ---------------------


def plain_state(start: int, end: int, logged: int | None, day: int) -> str:
    """`task_state` on day ordinal `day` of a plain task directly under a phase (store/cache.py `plain_tasks`: it
    does not repeat, is owed once by all, holds nothing, and no task of the plan waits or is dated from another),
    from its columns: its window's first and last day, and the earliest entry of its log and its phase's
    (`logged`, None when both are empty): finished when that is by `day` (`logged_by` of it or of its phase),
    else placed by its window (`window_state`)."""
    if logged is not None and logged <= day:
        return FINISHED
    if end < day:
        return LATE
    return ACTIVE if start <= day else NOT_STARTED


def plain_states(starts: Sequence[int], ends: Sequence[int], logged: Sequence[int | None], day: int) -> list[str]:
    """`plain_state` of each of many plain tasks (columns of day ordinals, as store/cache.py PlainTasks keeps
    them) on day ordinal `day`, in one pass: a view of a large plan asks it of a hundred thousand."""
    return [FINISHED if first is not None and first <= day else LATE if end < day else ACTIVE if start <= day
            else NOT_STARTED for start, end, first in zip(starts, ends, logged, strict=True)]  # plain_state, inlined


class PlainOn(NamedTuple):
    """The plain tasks of a plan built without them (store/cache.py WITHOUT_PLAIN), on one day (`plain_on`)."""

    places: list[int]  # each one's place in the whole plan's items(), as given
    states: list[str]  # each one's `plain_state`
    starts: list[int]  # each one's window's first day (day ordinal), as given
    ends: list[int]  # and its last
    under: list[int]  # the index in `phases` of the phase each is under
    phases: list[Task]  # the phases, in order, after the first one again (`under` counts from 1)
    counts: dict[int, Count]  # by id of a phase: its plain tasks finished, in all and late
    span: Window  # the days all their windows span
    built: list[int]  # the places in items() of the items built (plan.items()), in order

    def window_under(self, phase: Task) -> Window:
        """The days the windows of the plain tasks under `phase` (one holding some) span."""
        at = self.phases.index(phase, 1)
        mine = [k for k, owner in enumerate(self.under) if owner == at]
        return Window(date.fromordinal(min(self.starts[k] for k in mine)), date.fromordinal(max(self.ends[k] for k in mine)))


def plain_on(plan: Plan, today: date, items: int, places: list[int], starts: list[int], ends: list[int],
             logged: list[int | None]) -> PlainOn:
    """The plain tasks (store/cache.py PlainTasks' columns: at least one) of a plan of `items` items built
    without them (`plan.items()`: the others, in order), on `today`."""
    import itertools
    from collections import Counter

    states = plain_states(starts, ends, logged, today.toordinal())
    kept = [True] * items
    for n in places:
        kept[n] = False
    built = list(itertools.compress(range(items), kept))  # plan.items()' places
    phase_places: list[int] = []
    phases: list[Task] = []
    for n, item in zip(built, plan.items(), strict=True):
        if item.parent is None:
            assert isinstance(item, Task)
            phase_places.append(n)
            phases.append(item)
    # items() lists a phase before what it holds: a plain task is under the last phase before it, 1 for the first
    # (each place's phase looked up in a list: a bisect of each of a large plan's plain tasks cost a fortieth of its
    # timeline)
    phase_of = [0] * (phase_places[0] if phase_places else items)
    for at, (first, end) in enumerate(itertools.pairwise([*phase_places, items]), start=1):
        phase_of += [at] * (end - first)
    under = list(map(phase_of.__getitem__, places))
    phases.insert(0, phases[0])  # so that `under` indexes `phases` as it is
    tally = Counter(zip(under, states, strict=True))
    counts = {id(phase): Count(tally[at, FINISHED], sum(tally[at, state] for state in STATES), tally[at, LATE])
              for at, phase in enumerate(phases) if at and any(tally[at, state] for state in STATES)}
    span = Window(date.fromordinal(min(starts)), date.fromordinal(max(ends)))
    return PlainOn(places, states, starts, ends, under, phases, counts, span, built)


def phase_done_with(plan: Plan, phase: Task, today: date, plain: PlainOn) -> bool:
    """`is_done` of a phase (one that does not repeat) whose sub-tasks are those built and its `plain` ones."""
    if logged_by(phase.log, today):
        return True
    count = plain.counts[id(phase)]
    return phase_done_beside(plan, phase, today, count.done == count.total)


def phase_done_beside(plan: Plan, phase: Task, today: date, plain_done: bool) -> bool:
    """`is_done` of a phase not logged by `today` (and that does not repeat) whose sub-tasks are those built and
    plain ones that were not (`phase_done_with`), `plain_done` saying whether each of those is finished by `today`."""
    return plain_done and all(is_done(plan, sub, today) for sub in phase.tasks) and all(
        q.is_met(plan, quota, today, periods_on(plan, quota, today)) for quota in phase.quotas)


def phase_state_with(plan: Plan, phase: Task, today: date, plain: PlainOn) -> str:
    """`task_state` of a phase (one that does not repeat) whose sub-tasks are those built and its `plain` ones:
    finished (`phase_done_with`), else placed by its window on `today`, or by the span of its leaves' (`judged_window`)."""
    if phase_done_with(plan, phase, today, plain):
        return FINISHED
    window = window_on(plan, phase, today)
    if window is None:
        windows = [w for sub in phase.tasks for leaf in leaves(sub) if (w := window_on(plan, leaf, today)) is not None]
        under = plain.window_under(phase)
        window = Window(min([under.start, *(w.start for w in windows)]), max([under.end, *(w.end for w in windows)]))
    return window_state(window, today)


def phase_count_with(plan: Plan, phase: Task, today: date, plain: PlainOn) -> Count:
    """`task_count` of a phase whose sub-tasks are those built and its `plain` ones."""
    below = [leaf for sub in phase.tasks for leaf in leaves(sub)]
    states = task_states(plan, below, today)
    return plain.counts[id(phase)] + Count(states.count(FINISHED), len(states), states.count(LATE))


def plan_state_with(plan: Plan, today: date, span: Window | None, plain: PlainOn) -> str:
    """`plan_state` of a plan whose phases hold the `plain` tasks beside those built."""
    done = [phase_done_with(plan, phase, today, plain) if id(phase) in plain.counts else is_done(plan, phase, today)
            for phase in plan.phases]
    return FINISHED if done and all(done) else window_state(span, today)


def phase_done_date_beside(plan: Plan, phase: Task, today: date, plain_done: bool, plain_last: date | None) -> date | None:
    """`done_date` of a phase (one that does not repeat) whose sub-tasks are those built and plain ones that were
    not (store/cache.py WITHOUT_PLAIN): `plain_done`, whether each of those was logged itself by `today`, and
    `plain_last` the latest of their first days by then. Such a task is done by `today` when it or its phase was
    logged by then; a phase done without being logged is done on the last day one of its parts was."""
    first = first_logged(phase.log, today)
    if first is not None:
        return first
    if not phase_done_beside(plan, phase, today, plain_done):
        return None
    days = [d for sub in phase.tasks if (d := done_date(plan, sub, today))]
    days += [d for quota in phase.quotas if (d := last_logged(quota.log, today))]
    if plain_last is not None:
        days.append(plain_last)
    return max(days) if days else None
