"""The morning view as tables (output/table.py, in Rich's look), and as JSON with the same facts."""

from __future__ import annotations

from datetime import date
from typing import Any

from planctl.i18n import N_, _, label, listed
from planctl.model import Plan
from planctl.output import table
from planctl.output import words as d
from planctl.output.breaks import fold
from planctl.output.terminal import Terminal
from planctl.status import quotas as q
from planctl.status.agenda import DONE, DUE_TODAY, IN_PROGRESS, OVERDUE, SECTIONS, UPCOMING, Agenda, TaskRow

STYLES = {OVERDUE: "bold red", DUE_TODAY: "bold yellow", IN_PROGRESS: "cyan", UPCOMING: "blue", DONE: "green"}
PACE_STYLES = {q.MET: "green", q.ON_PACE: "", q.BEHIND: "yellow", q.MISSED: "red", q.NOT_STARTED: "dim",
               q.OPEN: "", q.WITHIN: "", q.OVER_PACE: "yellow", q.BELOW: "yellow", q.OVER: "red"}



def render(terminal: Terminal, plan: Plan, agenda: Agenda) -> None:
    heading = f"{plan.title} — {agenda.today.isoformat()}"
    lines = [terminal.paint(line, "bold") for line in fold(heading, terminal.width)]  # one line unless too narrow
    if agenda.is_empty():
        lines.append(_("Nothing due on {day} or in the next {days}.").format(day=d.prose_day(agenda.today),
                                                                             days=d.days(agenda.horizon)))
    else:
        for section in (*SECTIONS, DONE):
            rows = agenda.sections.get(section, [])
            if rows:
                lines += table.render(_task_table(plan, agenda, section, rows, terminal.width), terminal)
        if agenda.quotas:
            lines += table.render(_quota_table(agenda, terminal.width), terminal)
    terminal.write_lines(lines)


NARROW = 110  # below this many columns, phase and window share cells with the title and the timing


def _task_table(plan: Plan, agenda: Agenda, section: str, rows: list[TaskRow], width: int) -> table.Table:
    narrow = width < NARROW
    columns = [table.Column(_("ID")), *([] if narrow else [table.Column("#")]), table.Column(_("Task"), wrap=True),
               *([] if narrow else [table.Column(_("Phase"), wrap=True)]), table.Column(_("Who"), wrap=True, drop=1),
               *([] if narrow else [table.Column(_("Window"))]), table.Column(_("When"))]
    out = table.Table((_("{heading} ({count})").format(heading=d.heading(section), count=len(rows)), STYLES[section]),
                      columns)
    for row in rows:
        task = row.task
        written = None if row.occurrence else task.when.text if task.when else None  # an occurrence: its own days
        window = d.short_window(row.occurrence.occurrence.window if row.occurrence else row.window or task.window,
                                agenda.today, written)
        timing = (d.relation(row) + d.missed_also(row, agenda.today), STYLES[DONE if row.done else row.section])
        who = d.who_names(plan, task.responsible())
        title = "\n".join([task.title, *marks(row)])
        if narrow:
            out.add_row(task.id, f"{title}\n{task.outline} {task.phase.title}", who,
                        (f"{window}\n{timing[0]}", timing[1]))
        else:
            out.add_row(task.id, task.outline, title, task.phase.title, who, window, timing)
    return out


ROLE_WORDS = {"who": N_("responsible"), "lead": N_("lead"), "helpers": N_("helps"), "participants": N_("takes part"),
              "report_to": N_("reported to")}


def marks(row: TaskRow) -> list[str]:
    """The lines under a task's title: the roles `--who` holds in it (when more than responsible),
    how many units or people have done their share, and what it waits for."""
    lines = []
    if row.held and row.held != ("who",):
        lines.append(_("as {roles}").format(roles=listed(_(ROLE_WORDS[role]) for role in row.held)))
    done, total = row.shares
    if total:
        shares = _("{done}/{total} units done") if row.task.per == "unit" else _("{done}/{total} people done")
        lines.append(shares.format(done=done, total=total))
    if row.waiting and not row.done:
        lines.append(_("waits for {ids}").format(ids=listed(row.waiting)))
    return lines


def _quota_table(agenda: Agenda, width: int) -> table.Table:
    narrow = width < NARROW
    if narrow:
        ids = max((len(row.quota.id) for row in agenda.quotas), default=0)  # an id is kept whole (ids are ASCII)
        columns = [table.Column(_("Quota"), wrap=True, min_width=max(12, ids)), table.Column(_("Who"), wrap=True, min_width=4),
                   table.Column(_("Done / target"), justify="right", drop=1), table.Column(_("Pace"), wrap=True, min_width=14)]
    else:
        columns = [table.Column(_("ID")), table.Column(_("Quota"), wrap=True), table.Column(_("Who"), wrap=True),
                   table.Column(_("Period")), table.Column(_("Done / target"), justify="right"), table.Column(_("Pace"))]
    count = len({id(row.quota) for row in agenda.quotas})
    out = table.Table((_("Quotas ({count})").format(count=count), "bold"), columns)
    rows = agenda.quotas
    for i, row in enumerate(rows):
        first = i == 0 or rows[i - 1].quota is not row.quota
        last = i == len(rows) - 1 or rows[i + 1].quota is not row.quota
        pace = (d.pace(row), PACE_STYLES[row.state])
        if narrow:
            label = f"{row.quota.id}\n{row.quota.title}" if first else ""
            cells: list[table.Cell] = [label, row.scope.name, d.done_of_target(row), pace]
        else:
            cells = [row.quota.id if first else "", row.quota.title if first else "", row.scope.name,
                     d.short_window(row.period, agenda.today), d.done_of_target(row), pace]
        out.add_row(*cells, end_section=last and i < len(rows) - 1)
    return out


def to_json(plan: Plan, agenda: Agenda, plan_path: str) -> dict[str, Any]:
    sections: dict[str, Any] = {name: [_task_json(plan, row, agenda.today) for row in agenda.sections.get(name, [])] for name in SECTIONS}
    if agenda.sections.get(DONE):
        sections[DONE] = [_task_json(plan, row, agenda.today) for row in agenda.sections[DONE]]
    sections["quotas"] = [quota_row_json(row) for row in agenda.quotas]
    return {"plan": plan_path, "today": agenda.today.isoformat(), "horizon_days": agenda.horizon, "sections": sections}


def _task_json(plan: Plan, row: TaskRow, row_today: date) -> dict[str, Any]:
    from planctl.output import jsonshape as js  # JSON only: `due` start-up is benchmarked

    task = row.task
    return {
        "id": task.id,
        "outline": task.outline,
        "title": task.title,
        "phase": {"id": task.phase.id, "title": task.phase.title},
        "who": js.refs(plan, task.responsible()),
        "window": js.window(row.window or task.window, js.written(task)),
        "roles": js.roles(plan, task),
        "held_roles": list(row.held),
        "shares": js.shares(plan, task, row_today, row.occurrence.position if row.occurrence else None),
        "waiting_for": list(row.waiting),
        "section": row.section,
        "section_label": d.heading(row.section if not row.done else DONE, label),  # in the reader's language
        "days": row.days,
        "relation": d.relation(row),  # English in JSON: commands render JSON under i18n.english()
        "done": row.done,
        "done_on": js.day(row.done_on),
        **({"occurrence": js.occurrence(row.occurrence), "missed_count": row.missed_count,
            "missed": [js.occurrence(m) for m in row.missed]} if row.occurrence else {}),
    }


def quota_row_json(row: q.Progress) -> dict[str, Any]:
    """A quota row (output/jsonshape.py) with the quota it belongs to and its period."""
    from planctl.output import jsonshape as js

    quota = row.quota
    phase = quota.parent.phase if quota.parent else None
    return {
        "id": quota.id,
        "title": quota.title,
        "phase": {"id": phase.id, "title": phase.title} if phase else None,
        "period": js.window(row.period),
        **js.quota_row(row),
    }
