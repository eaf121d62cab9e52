"""Where the plan stands: the state of each phase and task, tasks done out of total, quota buffers.

Pure computations shared by `status`, `show`, `list` and `timeline`; nothing here prints.

States (of a phase, a task, or the whole plan, on the morning of `today`):

- finished: done (see `is_finished`);
- late: not finished and its window ended before today;
- active: not finished and today is inside its window;
- not started: not finished and its window starts after today (or it has no window at all).

Progress counts leaf tasks (tasks without sub-tasks) as done / total; a phase or task without
sub-tasks is its own one leaf. A leaf counts as done when it is finished.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from planctl.format.dates import Window
from planctl.model import Plan, Quota, Task, logged_by
from planctl.status import quotas as q
from planctl.status.agenda import is_done

FINISHED = "finished"
ACTIVE = "active"
LATE = "late"
NOT_STARTED = "not started"
STATES = (FINISHED, ACTIVE, LATE, NOT_STARTED)


def is_finished(plan: Plan, task: Task, today: date = date.max) -> bool:
    """Done by `today` itself (logged, or all its parts done and quotas met), or inside a phase or task
    logged as done by then. Logging a parent says the whole of it is done, so its sub-tasks count too.
    Entries dated after `today` do not count yet, as in `due`.
    """
    return is_done(plan, task, today)  # which counts logged parents too


def logged_ancestor(task: Task, today: date = date.max) -> Task | None:
    """The nearest phase or task above `task` with a completion dated by `today`."""
    node = task.parent
    while node is not None:
        if logged_by(node.log, today):
            return node
        node = node.parent
    return None


def window_state(window: Window | None, today: date) -> str:
    """The state of something not finished, from its window alone."""
    if window is None or today < window.start:
        return NOT_STARTED
    if window.end < today:
        return LATE
    return ACTIVE


def task_state(plan: Plan, task: Task, today: date) -> str:
    return FINISHED if is_finished(plan, task, today) else window_state(task.window, today)


def leaves(task: Task) -> list[Task]:
    """The tasks without sub-tasks under `task`, in outline order; `task` itself when it has none."""
    if not task.tasks:
        return [task]
    return [leaf for sub in task.tasks for leaf in leaves(sub)]


@dataclass(frozen=True)
class Count:
    done: int
    total: int
    late: int = 0  # leaves not finished whose window has ended

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


def plan_window(plan: Plan) -> Window | None:
    """From the first phase's start to the last one's end (tasks that run over count too)."""
    return plan.span()


def plan_state(plan: Plan, today: date) -> str:
    if plan.phases and all(is_finished(plan, phase, today) for phase in plan.phases):
        return FINISHED
    return window_state(plan_window(plan), today)


# Quotas


@dataclass(frozen=True)
class QuotaPeriod:
    """One period of a quota with a row per scope (everyone, each person or each unit), worst first."""

    quota: Quota
    period: Window
    index: int  # 1-based
    count: int
    rows: list[q.Progress]

    @property
    def is_current(self) -> bool:
        return bool(self.rows) and self.rows[0].today in self.period


def quota_period(plan: Plan, quota: Quota, today: date) -> QuotaPeriod | None:
    """The period holding today, else the last one ended, else the first to come."""
    period = q.current_period(quota, today)
    if period is None:
        return None
    index = quota.period_windows.index(period) + 1
    return QuotaPeriod(quota, period, index, len(quota.period_windows), q.progress(plan, quota, period, today))


def quota_history(plan: Plan, quota: Quota, today: date) -> list[QuotaPeriod]:
    """Every period of a quota, in order, each seen from `today`."""
    count = len(quota.period_windows)
    return [QuotaPeriod(quota, period, i, count, q.progress(plan, quota, period, today))
            for i, period in enumerate(quota.period_windows, 1)]


def buffer_days(row: q.Progress) -> float:
    """Days ahead (+) or behind (-) of the steady rate that meets the target by the period's end.

    The rate is target / days of the period; `done` at that rate is worth done / rate days, and the
    days gone are those before today (a morning view). So a quota of 8 h a week with 3 h done on
    the morning of the period's 6th day is 3 / (8/7) - 5 = -2.375 days: two and a bit days behind.
    """
    rate = row.target / row.period.days
    return row.done / rate - q.elapsed_days(row.period, row.today)


def fill(done: float, total: float, width: int) -> int:
    """How many of `width` cells a bar fills: never empty when something is done, never full before the end."""
    if width <= 0 or total <= 0:
        return 0
    if done >= total:
        return width
    if done <= 0:
        return 0
    cells = int(done / total * width)
    return min(max(cells, 1), width - 1)
