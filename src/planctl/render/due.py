"""The morning view as Rich tables, and as JSON with the same facts."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from planctl import describe as d
from planctl import quotas as q
from planctl.agenda import DONE, DUE_TODAY, IN_PROGRESS, OVERDUE, SECTIONS, UPCOMING, Agenda, TaskRow
from planctl.model import Plan

HEADINGS = {OVERDUE: "Overdue", DUE_TODAY: "Due today", IN_PROGRESS: "In progress", UPCOMING: "Upcoming", DONE: "Done"}
STYLES = {OVERDUE: "bold red", DUE_TODAY: "bold yellow", IN_PROGRESS: "cyan", UPCOMING: "blue", DONE: "green"}
PACE_STYLES = {q.MET: "green", q.ON_PACE: "", q.BEHIND: "yellow", q.MISSED: "red", q.NOT_STARTED: "dim"}


def render(console: Console, plan: Plan, agenda: Agenda) -> None:
    console.print(f"{plan.title} — {agenda.today.isoformat()}", style="bold", markup=False)
    if agenda.is_empty():
        console.print(f"Nothing due on {agenda.today.isoformat()} or in the next {d.days(agenda.horizon)}.",
                      markup=False, soft_wrap=True)
        return
    for section in (*SECTIONS, DONE):
        rows = agenda.sections.get(section, [])
        if rows:
            console.print(_task_table(plan, agenda, section, rows, console.width))
    if agenda.quotas:
        console.print(_quota_table(plan, agenda, console.width))


NARROW = 110  # below this many columns, phase and window share cells with the title and the timing


def _task_table(plan: Plan, agenda: Agenda, section: str, rows: list[TaskRow], width: int) -> Table:
    table = Table(title=Text(f"{HEADINGS[section]} ({len(rows)})", style=STYLES[section]), title_justify="left",
                  show_edge=False, pad_edge=False, expand=False)
    narrow = width < NARROW
    table.add_column("ID", no_wrap=True)
    if not narrow:
        table.add_column("#", no_wrap=True)
    table.add_column("Task", overflow="fold")
    if not narrow:
        table.add_column("Phase", no_wrap=True)
    table.add_column("Who", overflow="fold")
    if not narrow:
        table.add_column("Window", no_wrap=True)
    table.add_column("When", no_wrap=True)
    for row in rows:
        task = row.task
        window = d.short_window(task.window, agenda.today)
        timing = Text(d.relation(row), style=STYLES[DONE if row.done else row.section])
        who = Text(d.who_names(plan, task.responsible()))
        if narrow:
            title = Text(task.title)
            title.append(f"\n{task.outline} {task.phase.title}", style="dim")
            table.add_row(task.id, title, who, Text.assemble(window, "\n", timing))
        else:
            table.add_row(task.id, task.outline, Text(task.title), Text(task.phase.title), who, window, timing)
    return table


def _quota_table(plan: Plan, agenda: Agenda, width: int) -> Table:
    table = Table(title=Text(f"Quotas ({len(agenda.quotas)})", style="bold"), title_justify="left",
                  show_edge=False, pad_edge=False)
    narrow = width < NARROW
    if narrow:
        table.add_column("Quota", overflow="fold", max_width=20)
    else:
        table.add_column("ID", no_wrap=True)
        table.add_column("Quota", overflow="fold")
    table.add_column("Who", no_wrap=True)
    if not narrow:
        table.add_column("Period", no_wrap=True)
    table.add_column("Done / target", no_wrap=True, justify="right")
    table.add_column("Pace", no_wrap=not narrow, overflow="fold")
    rows = agenda.quotas
    for i, row in enumerate(rows):
        first = i == 0 or rows[i - 1].quota is not row.quota
        last = i == len(rows) - 1 or rows[i + 1].quota is not row.quota
        period = d.short_window(row.period, agenda.today)
        pace = Text(d.pace(row), style=PACE_STYLES[row.state])
        if narrow:
            label = Text.assemble(row.quota.id, "\n", (row.quota.title, "dim")) if first else Text("")
            cells = [label, Text(row.scope.name), d.done_of_target(row), pace]
        else:
            cells = [row.quota.id if first else "", Text(row.quota.title if first else ""), Text(row.scope.name), period,
                     d.done_of_target(row), pace]
        table.add_row(*cells, end_section=last and i < len(rows) - 1)
    return table


def to_json(plan: Plan, agenda: Agenda, plan_path: str) -> dict[str, Any]:
    sections: dict[str, Any] = {name: [_task_json(plan, row) for row in agenda.sections.get(name, [])] for name in SECTIONS}
    if agenda.sections.get(DONE):
        sections[DONE] = [_task_json(plan, row) for row in agenda.sections[DONE]]
    sections["quotas"] = [quota_row_json(row) for row in agenda.quotas]
    return {"plan": plan_path, "today": agenda.today.isoformat(), "horizon_days": agenda.horizon, "sections": sections}


def _task_json(plan: Plan, row: TaskRow) -> dict[str, Any]:
    task = row.task
    window = task.window
    return {
        "id": task.id,
        "outline": task.outline,
        "title": task.title,
        "phase": {"id": task.phase.id, "title": task.phase.title},
        "who": [{"id": r, "name": plan.roster.name_of(r)} for r in task.responsible()],
        "window": {"start": window.start.isoformat(), "end": window.end.isoformat(),
                   "written": task.when.text if task.when else None} if window else None,
        "section": row.section,
        "days": row.days,
        "relation": d.relation(row),
        "done": row.done,
    }


def quota_row_json(row: q.Progress) -> dict[str, Any]:
    quota = row.quota
    kind = "all" if not row.scope.id else quota.per
    return {
        "id": quota.id,
        "title": quota.title,
        "phase": {"id": quota.parent.phase.id, "title": quota.parent.phase.title} if quota.parent else None,
        "scope": {"kind": kind, "id": row.scope.id or None, "name": row.scope.name},
        "period": {"start": row.period.start.isoformat(), "end": row.period.end.isoformat()},
        "unit": quota.unit,
        "done": round(row.done, 3),
        "target": round(row.target, 3),
        "expected": round(row.expected, 3),
        "state": row.state,
        "behind_by": round(row.deficit, 3),
        "days_left": row.days_left,
        "pace": d.pace(row),
    }
