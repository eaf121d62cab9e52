"""What needs doing on a given day: overdue, due today, in progress, upcoming, and quota pace.

The agenda arranges what `states` decides (is a task done, where its window stands) and what `quotas`
computes (each quota's current period and pace); it decides neither itself.
"""

from __future__ import annotations

from datetime import date

from planctl.format.dates import Window
from planctl.model import PER_ALL, ROLE_REFS, Plan, Task
from planctl.records import NamedTuple
from planctl.status import quotas as q
from planctl.status.occurrences import series_of
from planctl.status.states import (
    DONE,
    DUE_TODAY,
    IN_PROGRESS,
    OVERDUE,
    UPCOMING,
    OccurrenceRow,
    done_date,
    is_done,
    near,
    occurrence_shares,
    periods_on,
    section,
    share_days,
    waiting_for,
    window_on,
)

__all__ = ["DONE", "DUE_TODAY", "IN_PROGRESS", "OVERDUE", "SECTIONS", "UPCOMING", "Agenda", "Filters", "TaskRow", "belongs_to",
           "build_agenda", "classify", "done_date", "is_done", "plain_task_shown"]
SECTIONS = (OVERDUE, DUE_TODAY, IN_PROGRESS, UPCOMING)


class TaskRow(NamedTuple):
    task: Task
    section: str
    days: int  # overdue by, ends in, or starts in (by section); 0 for due today
    done: bool
    done_on: date | None = None  # for a done task: the day it was finished
    # A recurring task's row is one occurrence (the days are the occurrence's); an overdue one also
    # stands for the other missed occurrences (`missed`: the latest few, latest first; `missed_count`: all).
    occurrence: OccurrenceRow | None = None
    missed: tuple[OccurrenceRow, ...] = ()
    missed_count: int = 0
    window: Window | None = None  # its window on the day (states.window_on: a relative one moves)
    waiting: tuple[str, ...] = ()  # ids of the unfinished items it comes after (states.waiting_for)
    held: tuple[str, ...] = ()  # with --who: the roles the person or group holds ("who", "lead", …)
    shares: tuple[int, int] = (0, 0)  # owed per unit or person: (done, total); with --who, theirs only


class Agenda:
    def __init__(self, today: date, horizon: int, sections: dict[str, list[TaskRow]] | None = None,
                 quotas: list[q.Progress] | None = None) -> None:
        self.today = today
        self.horizon = horizon
        self.sections = sections if sections is not None else {}
        self.quotas = quotas if quotas is not None else []

    def is_empty(self) -> bool:
        return not self.quotas and not any(self.sections.values())

    @property
    def needs_attention(self) -> bool:
        """Anything overdue or behind (what --strict fails on)."""
        return bool(self.sections.get(OVERDUE)) or any(r.state in q.ATTENTION for r in self.quotas)


def classify(task: Task, today: date, horizon: int, window: Window | None = None) -> tuple[str, int] | None:
    """The task's section and days (`states.section` of `window`, else of its resolved window), or
    None when it has no window or starts more than `horizon` days after today."""
    placed = section(window if window is not None else task.window, today)
    if placed is None or (placed[0] == UPCOMING and placed[1] > horizon):
        return None
    return placed


def plain_task_shown(start: int, end: int, logged_from: int | None, today: int, horizon: int) -> bool:
    """Whether `build_agenda` (without --all) shows a plain task: one directly under a phase, without
    sub-tasks, quotas, `repeat:`, `per:`, `after:` or a relative window, in a plan where no task waits
    for another or is dated from one. Such a task is done (`states.is_done`) exactly when its own log or
    its phase's has an entry by today, and is placed by its resolved window alone (`classify`).

    Days are ordinals: its window's `start` and `end`, `logged_from` the earliest entry of its log and
    its phase's (None when both are empty), `today`; `horizon` in days. A large plan's `due` reads only
    the tasks this keeps (store/cache.py `day_keep`); tests/test_due_fast.py holds it to `build_agenda`."""
    if logged_from is not None and logged_from <= today:
        return False
    return end < today or start - today <= horizon


class Filters(NamedTuple):
    phase: Task | None = None
    who: str | None = None


def build_agenda(plan: Plan, today: date, horizon: int = 7, filters: Filters | None = None, show_all: bool = False) -> Agenda:
    filters = filters or Filters()
    agenda = Agenda(today, horizon, {name: [] for name in (*SECTIONS, DONE)})
    for task in plan.walk():
        if task.depth == 1 or not _wanted(plan, task, filters):
            continue
        if series_of(task) is not None:
            _add_occurrences(plan, task, agenda, show_all, filters.who)
            continue
        window = window_on(plan, task, today)  # a relative one (or inherited from one) as it stands today
        placed = classify(task, today, horizon, window)
        if placed is None:
            continue
        done, counted = _done_for(plan, task, today, filters.who)
        if done and not show_all:
            continue
        section, days = placed
        done_on = done_date(plan, task, today) if done else None
        waits = tuple(item.id for item in waiting_for(plan, task, today)) if task.after or task.relative else ()
        held = tuple(roles_held(plan, task, filters.who)) if filters.who else ()
        agenda.sections[DONE if done else section].append(
            TaskRow(task, section, days, done, done_on, window=window, waiting=waits, held=held, shares=counted))
    for name in SECTIONS:
        agenda.sections[name].sort(key=lambda row: _row_order(row))
    groups: list[list[q.Progress]] = []
    for quota in plan.quotas():
        if filters.phase is not None and quota.parent is not None and quota.parent.phase is not filters.phase:
            continue
        current = q.period_holding(plan, quota, today, periods_on(plan, quota, today))
        if current is None:
            continue
        rows = [r for r in current.rows if _wanted_quota_row(plan, r, filters.who)]
        if rows:
            groups.append(rows)  # already worst first within the quota
    # Quotas with the worst row first; a quota's rows stay together.
    groups.sort(key=lambda rows: q.worst_first(rows[0]))
    agenda.quotas = [row for rows in groups for row in rows]
    return agenda


def _add_occurrences(plan: Plan, task: Task, agenda: Agenda, show_all: bool, who: str | None = None) -> None:
    """A recurring task's rows: its missed occurrences as one overdue row, the one under way, and the
    next one (within the horizon); done, when all are done, with --all. Owed per unit or person, each
    row says how many shares did that occurrence; with `who` owing shares, only what they still owe.
    With `who`, each row carries the roles they hold in it, as a one-off task's row does."""
    today = agenda.today
    held = tuple(roles_held(plan, task, who)) if who else ()
    among = own_shares(plan, task, who) if who is not None and task.per != PER_ALL and \
        belongs_to(plan, task.responsible(), who) else None
    now = near(plan, task, today, among or None)
    if now.current is None and now.next is None and not now.missed:
        if show_all:
            agenda.sections[DONE].append(TaskRow(task, DONE, 0, True, done_date(plan, task, today), held=held))
        return

    def row(section: str, occurrence: OccurrenceRow, missed: tuple[OccurrenceRow, ...] = (), count: int = 0) -> TaskRow:
        counted = occurrence_shares(plan, task, occurrence.position, today, among or None)
        return TaskRow(task, section, occurrence.days, False, None, occurrence, missed, count, shares=counted, held=held)

    if now.missed:
        agenda.sections[OVERDUE].append(row(OVERDUE, now.missed[0], tuple(now.missed), now.missed_count))
    if now.current is not None:
        agenda.sections[now.current.section].append(row(now.current.section, now.current))
    if now.next is not None and now.next.days <= agenda.horizon:
        agenda.sections[UPCOMING].append(row(UPCOMING, now.next))


def _row_order(row: TaskRow) -> tuple[int, str]:
    # Overdue: longest overdue first; otherwise soonest first; then outline order.
    key = -row.days if row.section == OVERDUE else row.days
    return key, _outline_key(row.task.outline)


def _outline_key(outline: str) -> str:
    return ".".join(part.zfill(4) for part in outline.split("."))


def _wanted(plan: Plan, task: Task, filters: Filters) -> bool:
    if filters.phase is not None and task.phase is not filters.phase:
        return False
    return filters.who is None or bool(roles_held(plan, task, filters.who))


def roles_held(plan: Plan, task: Task, who: str) -> list[str]:
    """The roles `who` holds in `task` ("who" for the responsible, then model.ROLE_REFS), by `belongs_to`;
    for a task owed per unit or person, "who" only while one of `who`'s shares is owed or logged."""
    held = ["who"] if belongs_to(plan, task.responsible(), who) and (task.per == PER_ALL or own_shares(plan, task, who)) else []
    return held + [role for role, refs in task.roles if role in ROLE_REFS and belongs_to(plan, list(refs), who)]


def own_shares(plan: Plan, task: Task, who: str) -> list[str]:
    """The shares of a per-unit or per-person task that are `who`'s: itself, its units, its members."""
    return [share for share in share_days(plan, task) if belongs_to(plan, [share], who)]


def _done_for(plan: Plan, task: Task, today: date, who: str | None) -> tuple[bool, tuple[int, int]]:
    """Whether the task is done (for `who`, when given and responsible: whether their shares of a
    per-unit or per-person task are all logged), and (shares done, shares) of the whole task; (0, 0)
    for a task owed once by all."""
    if task.per == PER_ALL or task.tasks:
        return is_done(plan, task, today), (0, 0)
    days = share_days(plan, task, today)
    counted = (sum(day is not None for day in days.values()), len(days))
    if who is None or not days or is_done(plan, task, today) or "who" not in roles_held(plan, task, who):
        return is_done(plan, task, today), counted
    return all(days[share] is not None for share in own_shares(plan, task, who)), counted


def belongs_to(plan: Plan, refs: list[str], who: str) -> bool:
    """Whether work assigned to `refs` is `who`'s: a person's own or their groups'; a unit's own or its
    group's (work given to 党支部 is each branch's); a group's own or its units' and members'."""
    roster = plan.roster
    if who in refs:
        return True
    if who in roster.people:
        return any(who in roster.members_of(ref) for ref in refs)
    unit = roster.units().get(who)
    if unit is not None:
        return unit.group in refs or any(ref in unit.members for ref in refs)
    members = set(roster.members_of(who))
    units = set(roster.groups[who].units) if who in roster.groups else set()
    return any(ref in members or ref in units for ref in refs)


def _wanted_quota_row(plan: Plan, row: q.Progress, who: str | None) -> bool:
    if who is None:
        return True
    scope = row.scope.id
    if not scope:
        return belongs_to(plan, row.quota.who, who)
    roster = plan.roster
    if who == scope:
        return True
    if who in roster.people:
        return scope in roster.units() and who in roster.members_of(scope)
    return scope in roster.members_of(who) or scope in (roster.groups[who].units if who in roster.groups else {})
