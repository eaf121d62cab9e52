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

Progress counts leaf tasks (tasks without sub-tasks) as done / total; a phase or task without
sub-tasks is its own one leaf. A leaf counts as done when it is finished.
"""

from __future__ import annotations

from datetime import date

from planctl.format.dates import Window
from planctl.model import Plan, Task, logged_by
from planctl.status import quotas as q

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
    ancestor: Task | None = task
    while ancestor is not None:
        if logged_by(ancestor.log, today):
            return True
        ancestor = ancestor.parent
    if not task.tasks and not task.quotas:
        return False
    return all(is_done(plan, sub, today) for sub in task.tasks) and all(
        q.is_met(plan, quota, today) for quota in task.quotas
    )


def done_date(plan: Plan, task: Task, today: date = date.max) -> date | None:
    """The day a task was finished: its first completion, or the last day one of its parts was
    (None when it is not done by `today`, or is done only through a logged parent)."""
    logged = [entry.date for entry in task.log if entry.date <= today]
    if logged:
        return min(logged)
    if not is_done(plan, task, today):
        return None
    days = [d for sub in task.tasks if (d := done_date(plan, sub, today))]
    days += [entry.date for quota in task.quotas for entry in quota.log if entry.date <= today]
    return max(days) if days else None


def logged_ancestor(task: Task, today: date = date.max) -> Task | None:
    """The nearest phase or task above `task` with a completion dated by `today`."""
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
        return IN_PROGRESS, (window.end - today).days
    return UPCOMING, (window.start - today).days


def window_state(window: Window | None, today: date) -> str:
    """The state of something not finished, from its window alone (`section` in the coarser words)."""
    placed = section(window, today)
    return NOT_STARTED if placed is None else SECTION_STATES[placed[0]]


def task_state(plan: Plan, task: Task, today: date) -> str:
    """finished, late, active or not started (see the module's docstring)."""
    return FINISHED if is_done(plan, task, today) else window_state(task.window, today)


def task_section(plan: Plan, task: Task, today: date) -> str:
    """done, overdue, due_today, in_progress, upcoming or no_window: `task_state` in `due`'s words."""
    if is_done(plan, task, today):
        return DONE
    placed = section(task.window, today)
    return NO_WINDOW if placed is None else placed[0]


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


def task_count(plan: Plan, task: Task, today: date) -> Count:
    states = [task_state(plan, leaf, today) for leaf in leaves(task)]
    return Count(states.count(FINISHED), len(states), states.count(LATE))


def plan_count(plan: Plan, today: date) -> Count:
    total = Count(0, 0)
    for phase in plan.phases:
        total = total + task_count(plan, phase, today)
    return total


def plan_state(plan: Plan, today: date) -> str:
    """finished when every phase is; else the state of the plan's span (`Plan.span`)."""
    if plan.phases and all(is_done(plan, phase, today) for phase in plan.phases):
        return FINISHED
    return window_state(plan.span(), today)
