"""The plan for other tools: an iCalendar of to-dos (RFC 5545), and the resolved plan as JSON.

Both are built from a loaded, valid plan; nothing here prints or reads files. The structures are
documented in docs/export.md.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from planctl import __version__
from planctl.format.dates import Window
from planctl.model import Completion, Plan, Quota, Task
from planctl.status import agenda as a
from planctl.status import quotas as q
from planctl.status.states import plan_window

EXPORT_VERSION = 1
PRODID = f"-//planctl//planctl {__version__}//EN"

# --- stable identities -----------------------------------------------------------------------


def plan_slug(plan: Plan) -> str:
    """What ties a plan's UIDs together: its title (readable when ASCII, else hashed) and its `year`.

    The year is part of it so that a plan shifted into another year (`planctl shift`) gets new
    to-dos instead of overwriting last year's; within a year, re-importing updates them.
    """
    title = plan.title.strip()
    readable = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40].strip("-")
    if not readable or not title.isascii():
        readable = hashlib.sha1(title.encode("utf-8")).hexdigest()[:10]
    return f"{readable}-{plan.year}" if plan.year is not None else readable


def item_uid(plan: Plan, item: Task | Quota) -> str:
    return f"{item.id}@{plan_slug(plan)}.planctl"


# --- iCalendar -------------------------------------------------------------------------------

# DUE is the day after the window's last day: RFC 5545 §3.6.2 gives `DUE;VALUE=DATE:20070501` for a
# to-do "that needs to be completed before May 1st" (overdue at midnight May 1st), the same
# exclusive end as an all-day DTEND. COMPLETED must be a UTC DATE-TIME: noon UTC of the day it was
# done, which is that same day from UTC-11 to UTC+11.
COMPLETED_AT = time(12, 0)


def calendar(plan: Plan, stamp: datetime) -> bytes:
    """A VCALENDAR with one VTODO per phase and task, in outline order (CRLF lines, UTF-8)."""
    from icalendar import Calendar, Todo

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", plan.title)
    dtstamp = stamp.astimezone(UTC) if stamp.tzinfo else stamp.replace(tzinfo=UTC)
    for task in plan.walk():
        todo = Todo()
        todo.add("uid", item_uid(plan, task))
        todo.add("dtstamp", dtstamp)
        todo.add("summary", task.title)
        description = _description(plan, task)
        if description:
            todo.add("description", description)
        todo.add("categories", [task.phase.title])
        if task.window is not None:
            todo.add("dtstart", task.window.start)
            end = task.window.end
            todo.add("due", end + timedelta(days=1) if end < date.max else end)  # 9999-12-31 has no next day
        finished = a.done_date(plan, task)
        if finished is not None:
            todo.add("status", "COMPLETED")
            todo.add("percent-complete", 100)
            todo.add("completed", datetime.combine(finished, COMPLETED_AT, tzinfo=UTC))
        else:
            todo.add("status", "NEEDS-ACTION")
        if task.parent is not None:
            todo.add("related-to", item_uid(plan, task.parent), parameters={"RELTYPE": "PARENT"})
        cal.add_component(todo)
    data: bytes = cal.to_ical()
    return data


def _description(plan: Plan, task: Task) -> str:
    parts = [text for text in (task.goal, task.note) if text]
    who = task.responsible()
    if who:
        parts.append("Who: " + ", ".join(plan.roster.name_of(ref) for ref in who))
    return "\n\n".join(parts)


# --- the resolved plan as JSON ---------------------------------------------------------------

NO_WINDOW = "no_window"


def task_state(plan: Plan, task: Task, today: date) -> str:
    """done, overdue, due_today, in_progress, upcoming (starts after today), or no_window."""
    if a.is_done(plan, task):
        return a.DONE
    placed = a.classify(task, today, (date.max - today).days)
    return placed[0] if placed is not None else NO_WINDOW


def resolved(plan: Plan, today: date, path: str) -> dict[str, Any]:
    """Every window as ISO dates, every task's state, every quota's progress per scope and period."""
    states: dict[str, int] = {}
    for task in plan.walk():
        if task.depth > 1:
            state = task_state(plan, task, today)
            states[state] = states.get(state, 0) + 1
    roster = plan.roster
    return {
        "planctl_export": EXPORT_VERSION,
        "plan": path,
        "title": plan.title,
        "year": plan.year,
        "today": today.isoformat(),
        "window": _window(plan_window(plan), None),
        "counts": {"phases": len(plan.phases), "tasks": sum(states.values()), "quotas": len(plan.quotas()),
                   "tasks_by_state": dict(sorted(states.items()))},
        "roster": {
            "people": [{"id": pid, "name": name} for pid, name in roster.people.items()],
            "groups": [
                {"id": g.id, "name": g.name, "members": list(g.members), "all_members": g.all_members(),
                 "units": [{"id": u.id, "name": u.name, "members": list(u.members)} for u in g.units.values()]}
                for g in roster.groups.values()
            ],
        },
        "phases": [_task(plan, phase, today) for phase in plan.phases],
    }


def _window(window: Window | None, written: str | None) -> dict[str, Any] | None:
    if window is None:
        return None
    return {"start": window.start.isoformat(), "end": window.end.isoformat(), "days": window.days, "written": written}


def _who(plan: Plan, refs: list[str]) -> list[dict[str, str]]:
    return [{"id": ref, "name": plan.roster.name_of(ref)} for ref in refs]


def _log(entries: Sequence[Completion]) -> list[dict[str, Any]]:
    return [
        {"date": e.date.isoformat(), "by": e.by, "unit": e.unit, "amount": e.amount, "note": e.note,
         "at": e.at.isoformat() if e.at else None}
        for e in entries
    ]


def _task(plan: Plan, task: Task, today: date) -> dict[str, Any]:
    finished = a.done_date(plan, task)
    out: dict[str, Any] = {
        "kind": task.kind,
        "id": task.id,
        "outline": task.outline,
        "title": task.title,
        "window": _window(task.window, task.when.text if task.when else None),
        "who": _who(plan, task.who),
        "responsible": _who(plan, task.responsible()),
        "state": task_state(plan, task, today),
        "done": finished is not None,
        "done_date": finished.isoformat() if finished else None,
    }
    if task.depth == 1:
        out["goal"] = task.goal
    out["note"] = task.note
    out["log"] = _log(task.log)
    out["quotas"] = [_quota(plan, quota, today) for quota in task.quotas]
    out["tasks"] = [_task(plan, sub, today) for sub in task.tasks]
    return out


def _round(value: float) -> float:
    rounded = round(value, 3)
    return int(rounded) if rounded == int(rounded) else rounded


def _quota(plan: Plan, quota: Quota, today: date) -> dict[str, Any]:
    current = q.current_period(quota, today)
    order = {scope.id: i for i, scope in enumerate(q.scopes(plan, quota))}
    periods = []
    for period in quota.period_windows:
        # Scopes in roster order, not worst first: an export is a record, not a view.
        rows = sorted(q.progress(plan, quota, period, today), key=lambda r: order.get(r.scope.id, len(order)))
        periods.append({
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "current": period == current,
            "met": all(r.state == q.MET for r in rows),
            "scopes": [
                {"kind": quota.per if r.scope.id else "all", "id": r.scope.id or None, "name": r.scope.name,
                 "target": _round(r.target), "done": _round(r.done), "expected": _round(r.expected), "state": r.state}
                for r in rows
            ],
        })
    return {
        "kind": "quota",
        "id": quota.id,
        "outline": quota.outline,
        "title": quota.title,
        "window": _window(quota.window, quota.when.text if quota.when else None),
        "who": _who(plan, quota.who),
        "per": quota.per,
        "period": quota.period,
        "periods_written": [spec.text for spec in quota.periods] or None,
        "target": _round(quota.target),
        "target_for": {gid: _round(v) for gid, v in quota.target_for.items()},
        "unit": quota.unit,
        "met": q.is_met(plan, quota),
        "note": quota.note,
        "periods": periods,
        "log": _log(quota.log),
    }

