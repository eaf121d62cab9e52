"""`planctl list`: the whole plan as a tree, with outline numbers, ids, windows and states."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from rich.console import Console
from rich.text import Text

from planctl.format.dates import Window
from planctl.i18n import _
from planctl.model import Plan, Quota, Task
from planctl.output import jsonshape as js
from planctl.output import words as d
from planctl.output.cells import cell_width
from planctl.output.status import NARROW, PACE_STYLES, STATE_STYLES, Col, grid, print_lines, wrap
from planctl.status import quotas as q
from planctl.status import states as p

MIN_TITLE = 16  # cells the title column keeps on a wide terminal
MIN_NARROW_TITLE = 8  # cells it keeps on a narrow one (4 Chinese characters a line), before columns are left out


@dataclass(frozen=True)
class Row:
    item: Task | Quota
    guide: str  # the tree guide before the title, e.g. "│  ├─ "
    below: str  # the guide for the title's continuation lines
    state: str
    window: Window | None  # its window on the day (states.window_on, quota_window_on), as `due` places it


def quota_state(plan: Plan, quota: Quota, today: date) -> str:
    """The worst state among the quota's rows in its current (or last, or first) period."""
    qp = q.quota_period(plan, quota, today, p.periods_on(plan, quota, today))
    return qp.rows[0].state if qp and qp.rows else q.NOT_STARTED


def rows(plan: Plan, today: date) -> list[Row]:
    """Phases and tasks in outline order with their tree guides."""
    out: list[Row] = []

    def visit(task: Task, guide: str, prefix: str) -> None:
        # `prefix`: the guides before this task's children; its title's continuation lines hang below it.
        below = prefix + ("│  " if task.tasks else "")
        out.append(Row(task, guide, below, p.task_state(plan, task, today), p.window_on(plan, task, today)))
        for i, child in enumerate(task.tasks):
            last = i == len(task.tasks) - 1
            visit(child, prefix + ("└─ " if last else "├─ "), prefix + ("   " if last else "│  "))

    for phase in plan.phases:
        visit(phase, "", "")
    return out


def quota_rows(plan: Plan, today: date) -> list[Row]:
    return [Row(quota, "", "", quota_state(plan, quota, today), p.quota_window_on(plan, quota, today)) for quota in plan.quotas()]


def render(console: Console, plan: Plan, today: date) -> None:
    width = console.width
    wide = width >= NARROW
    count = p.plan_count(plan, today)
    title = Text.assemble((plan.title, "bold"), (f" — {today.isoformat()}", "bold"),
                          (_("  {done}/{total} tasks done").format(done=count.done, total=count.total), "dim"))
    lines = [*wrap(console, title, width), Text(""), *_table(console, rows(plan, today), _("Title"), today, width, wide)]
    quotas = quota_rows(plan, today)
    if quotas:
        lines += [Text(""), *_table(console, quotas, _("Quota"), today, width, wide),
                  *(Text.assemble("  ", line) for line in wrap(console, Text(
                      _("(a quota's state is the worst of its rows in this period, or the last)"), style="dim"), width - 2))]
    print_lines(console, lines)


def _table(console: Console, items: list[Row], heading: str, today: date, width: int, wide: bool) -> list[Text]:
    cols = [Col("#"), Col(_("ID")), Col(heading), Col(_("Window")), Col(_("State"))]
    if wide:
        cols.insert(4, Col(_("Written")))
    cells = [_cells(row, today, wide) for row in items]
    if not wide:
        cols, cells = _narrow(cols, cells, heading, width)
    # The title column gets what the others leave; a title too long for it continues on the next line.
    title_at = [c.header for c in cols].index(heading)
    left = width - _widest(cols, cells, title_at) - 2 * (len(cols) - 1)
    # Narrow, with nothing more to leave out (the ID stays): the title takes what is left rather than run past the edge.
    title_width = max(MIN_TITLE, left) if wide else max(left, 2)
    table: list[list[Text | str]] = []
    for row, rcells in zip(items, cells, strict=True):
        lines = _title_lines(console, row, title_width)
        table.append([*rcells[:title_at], lines[0], *rcells[title_at:]])
        table.extend([*([""] * title_at), line, *([""] * (len(cols) - title_at - 1))] for line in lines[1:])
    return grid(cols, table)


def _narrow(cols: list[Col], cells: list[list[Text]], heading: str, width: int) -> tuple[list[Col], list[list[Text]]]:
    """Columns left out, one at a time, until the rest and a title of MIN_NARROW_TITLE cells fit in `width`: the
    outline number first (`done` and `show` take the id as well), then the window, then the state. The ID,
    which `done` needs, always stays, and nothing shown is cut (issue 21): the title wraps instead."""
    for header in ("#", _("Window"), _("State")):  # as the headers read, in the user's language
        title_at = [c.header for c in cols].index(heading)
        if _widest(cols, cells, title_at) + MIN_NARROW_TITLE + 2 * (len(cols) - 1) <= width:
            break
        gone = [c.header for c in cols].index(header)
        cols = [c for i, c in enumerate(cols) if i != gone]
        cells = [[cell for i, cell in enumerate(row) if i != (gone if gone < title_at else gone - 1)] for row in cells]
    return cols, cells


def _widest(cols: list[Col], cells: list[list[Text]], title_at: int) -> int:
    """Cells the columns other than the title need (`cells` lack the title, which would stand at `title_at`)."""
    others = [c for i, c in enumerate(cols) if i != title_at]
    return sum(max([cell_width(c.header), *(cell_width(r[i].plain) for r in cells)]) for i, c in enumerate(others))


def _cells(row: Row, today: date, wide: bool) -> list[Text]:
    item = row.item
    style = PACE_STYLES[row.state] if isinstance(item, Quota) else STATE_STYLES[row.state]
    out = [Text(item.outline, style="bold" if item.kind == "phase" else ""), Text(item.id),
           Text(d.short_window(row.window, today)), Text(d.state_word(row.state), style=style)]
    if wide:
        out.insert(3, Text(_written(item), style="dim"))
    return out


def _written(item: Task | Quota) -> str:
    return js.written(item) or "—"  # the window as written: `when`, listed periods, or one relative to a task


def _title_lines(console: Console, row: Row, width: int) -> list[Text]:
    item = row.item
    style = "bold" if item.kind == "phase" else ""
    room = max(width - max(cell_width(row.guide), cell_width(row.below)), 2)  # a Chinese character at least
    pieces = wrap(console, Text(item.title, style=style), room)
    out = []
    for i, piece in enumerate(pieces):
        lead = Text(row.guide if i == 0 else row.below, style="dim")
        lead.append_text(piece)
        lead.rstrip()
        out.append(lead)
    return out


def to_json(plan: Plan, today: date) -> dict[str, Any]:
    def task_json(task: Task) -> dict[str, Any]:
        return {
            "kind": task.kind,
            "id": task.id,
            "outline": task.outline,
            "title": task.title,
            "window": js.window(p.window_on(plan, task, today), js.written(task)),
            "state": p.task_state(plan, task, today),
            "who": js.refs(plan, task.responsible()),
            "quotas": [{
                "kind": "quota",
                "id": quota.id,
                "outline": quota.outline,
                "title": quota.title,
                "window": js.window(p.quota_window_on(plan, quota, today), js.written(quota)),
                "state": quota_state(plan, quota, today),
            } for quota in task.quotas],
            "tasks": [task_json(sub) for sub in task.tasks],
        }

    count = p.plan_count(plan, today)
    return {"title": plan.title, "year": plan.year, "state": p.plan_state(plan, today),
            "tasks": js.count(count), "phases": [task_json(ph) for ph in plan.phases]}
