"""`planctl show`: everything about one phase, task or quota, as text and as JSON."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from rich.console import Console
from rich.text import Text

from planctl.format.targets import bound_words
from planctl.format.units import is_rate
from planctl.i18n import N_, _, listed, ngettext
from planctl.model import PER_PERSON, PER_UNIT, Completion, Item, Plan, Quota, Task, share_of, shares
from planctl.output import jsonshape as js
from planctl.output import words as d
from planctl.output.cells import cell_width
from planctl.output.status import (
    NARROW,
    PACE_STYLES,
    STATE_STYLES,
    Col,
    bar,
    count_text,
    done_of,
    done_of_target,
    grid,
    period_words,
    print_lines,
    quota_cols,
    quota_head_json,
    quota_row_cells,
    state_text,
    wrap,
)
from planctl.status import quotas as q
from planctl.status import states as p

LABEL = 9  # cells of the field names ("Window", "Who", …)

# How a quota's period cell is marked, so that the table reads without colour.
MARKS = {q.MET: "✓", q.MISSED: "✗", q.BEHIND: "!", q.ON_PACE: "", q.NOT_STARTED: "·",
         q.OPEN: "", q.WITHIN: "", q.OVER_PACE: "!", q.BELOW: "!", q.OVER: "✗"}
MARK_WORDS = {q.MET: N_("met"), q.MISSED: N_("missed"), q.BEHIND: N_("behind pace"), q.NOT_STARTED: N_("to come"),
              q.OVER_PACE: N_("over pace"), q.BELOW: N_("below target"), q.OVER: N_("over the ceiling")}


# Facts


def breadcrumb(item: Item) -> list[Item]:
    """The phase, the tasks down to `item`, and `item`."""
    chain: list[Item] = [item]
    node = item.parent
    while node is not None:
        chain.append(node)
        node = node.parent
    return list(reversed(chain))


def window_source(item: Item) -> Task | None:
    """The nearest phase or task above `item` whose written window `item` takes (None: its own, or none)."""
    if item.when is not None or (isinstance(item, Quota) and item.periods) or \
            (isinstance(item, Task) and item.relative is not None):
        return None
    node = item.parent
    while node is not None:
        if node.when is not None or node.relative is not None:
            return node
        node = node.parent
    return None


def who_source(task: Task) -> Task | None:
    """The phase or task above `task` whose `who` it takes, when it has none of its own."""
    if task.who:
        return None
    node = task.parent
    while node is not None:
        if node.who:
            return node
        node = node.parent
    return None


def timing(plan: Plan, task: Task, today: date) -> str:
    """done on 2009-04-05, overdue by 2 days, in progress, ends in 3 days, not started, starts in 9 days: the
    state words of output/words.py."""
    state = p.task_state(plan, task, today)
    window = p.window_on(plan, task, today)  # placed as `due` places it (a relative window follows its anchor)
    if state != p.FINISHED and task.repeat is not None and (now := p.near(plan, task, today)).so_far + (
            now.next is not None) > 0:
        done, so_far = p.occurrence_count(plan, task, today)
        return d.occurrences_so_far(done, so_far, now.missed_count, now.next.occurrence.day if now.next else None,
                                    today, now.current.occurrence.window.end if now.current else None)
    if state == p.FINISHED:
        day = p.done_date(plan, task, today)
        if day is None and (parent := p.logged_ancestor(task, today)) is not None:
            return _("done with {outline} {title}").format(outline=parent.outline, title=parent.title)
        return _("done on {day}").format(day=d.prose_day(day)) if day else d.state_word(p.FINISHED)
    if window is None:
        return _("{state}, no dates").format(state=d.state_word(state))
    if state == p.LATE:
        return _("overdue by {days}").format(days=d.days((today - window.end).days))
    if state == p.ACTIVE:
        return _("in progress, {ends}").format(ends=d.ends_in(p.days_to_end(window, today)))
    return _("not started, starts in {days}").format(days=d.days((window.start - today).days))


def members(plan: Plan, refs: list[str]) -> list[str]:
    out: dict[str, None] = {}
    for ref in refs:
        out.update(dict.fromkeys(plan.roster.members_of(ref)))
    return list(out)


def who_words(plan: Plan, refs: list[str]) -> str:
    """处领导班子 (沙继承、张伟、李娜): the groups, then who they are."""
    names = d.who_names(plan, refs)
    people = members(plan, refs)
    if refs and (len(refs) > 1 or refs[0] not in plan.roster.people) and people:
        names += _(" ({members})").format(members=listed(plan.roster.name_of(m) for m in people))
    return names


# Text


def render(console: Console, plan: Plan, item: Item, today: date) -> None:
    width = console.width
    lines: list[Text] = [*wrap(console, heading(item), width), *fields(console, plan, item, today, width)]  # folded, not cut
    if isinstance(item, Task):
        lines += subtask_lines(plan, item, today, width)
        lines += occurrence_lines(plan, item, today)
        if item.quotas:
            lines += [Text(""), Text(_("Quotas"), style="bold underline")]
            for quota in item.quotas:
                lines += quota_summary(console, plan, quota, today)
    else:
        lines += quota_table(plan, item, today, width)
    lines += log_lines(plan, item, width)
    print_lines(console, lines)


def occurrence_lines(plan: Plan, task: Task, today: date) -> list[Text]:
    """A recurring task's occurrences, each with its days and state on `today`."""
    rows = p.occurrence_rows(plan, task, today)
    if not rows:
        return []
    out = [Text(""), Text(_("Occurrences ({repeat})").format(repeat=task.repeat.text if task.repeat else ""), style="bold underline")]
    for row in rows:
        state = p.FINISHED if row.section == p.DONE else p.SECTION_STATES[row.section]
        words = _("done {day}").format(day=d.one_day(row.done_on, today)) if row.done_on else d.section_words(row.section, row.days)
        out.append(Text.assemble(f"  {row.position + 1:>3}  ", (d.short_window(row.occurrence.window, today), ""),
                                 "  ", (words, STATE_STYLES[state])))
    return out


def heading(item: Item) -> Text:
    kind = item.kind
    return Text.assemble((f"{item.outline} ", "bold"), (item.title, "bold"), (f"  {_(kind)} {item.id}", "dim"))


def fields(console: Console, plan: Plan, item: Item, today: date, width: int) -> list[Text]:
    out: list[Text] = []

    def field(label: str, value: Text | str) -> None:
        text = value if isinstance(value, Text) else Text(value)
        for i, line in enumerate(wrap(console, text, max(width - LABEL, 20))):
            out.append(Text.assemble((label + " " * max(1, LABEL - cell_width(label)) if i == 0 else " " * LABEL, "bold"),
                                     line))

    field(_("Place"), Text(" › ".join(f"{n.outline} {n.title}" for n in breadcrumb(item)[:-1]) or plan.title))
    field(_("Window"), window_words(item, plan, today))
    if isinstance(item, Task):
        state = p.task_state(plan, item, today)
        status = Text(timing(plan, item, today), style=STATE_STYLES[state])
        count = p.task_count(plan, item, today)
        if item.tasks:
            status.append(_("; tasks "))
            status.append_text(bar(count.done, count.total, 10, STATE_STYLES[p.FINISHED]))
            status.append(_(" {count} done").format(count=count_text(count)))
            if count.late:
                status.append(_(", {count} overdue").format(count=count.late), style=STATE_STYLES[p.LATE])
        field(_("State"), status)
        source = who_source(item)
        who = who_words(plan, item.responsible())
        inherited = _(", inherited from {outline} {title}").format(outline=source.outline, title=source.title) if source else ""
        field(_("Who"), Text.assemble(who, (inherited, "dim")))
        if item.goal:
            field(_("Goal"), item.goal)
        for label, value in role_fields(plan, item, today):
            field(label, value)
    else:
        field(_("Target"), target_words(plan, item, today))
        field(_("Who"), quota_who_words(plan, item))
    if item.note:
        field(_("Note"), item.note)
    return out


ROLE_LABELS = {"lead": N_("Lead"), "helpers": N_("Helpers"), "participants": N_("Joining"), "report_to": N_("Sent to"),
               "speakers": N_("Speakers"), "guests": N_("Guests")}


def role_fields(plan: Plan, task: Task, today: date) -> list[tuple[str, str]]:
    """The roles besides `who`, each unit's or person's share, and what the task waits for, as fields."""
    out = [(_(ROLE_LABELS[role]), listed(plan.roster.name_of(ref) for ref in refs)) for role, refs in task.roles]
    days = p.share_days(plan, task, today)
    if days:
        done = [f"{plan.roster.name_of(share)} {day.isoformat()}" for share, day in days.items() if day is not None]
        owed = [plan.roster.name_of(share) for share, day in days.items() if day is None]
        shares = _("{done}/{total} units done") if task.per == "unit" else _("{done}/{total} people done")
        in_view = p.share_occurrence(plan, task, today)  # a recurring task: each unit owes each occurrence
        which = _(" (occurrence of {key})").format(key=in_view.occurrence.key) if in_view else ""
        out.append((_("Shares"), shares.format(done=len(done), total=len(days)) + which
                    + (_(": {names}").format(names=listed(done)) if done else "")
                    + _shares_rest(task, owed, today)))
    if task.waits_for():
        waiting = {item.id for item in p.waiting_for(plan, task, today)}
        titles = {item.id: item.title for item in plan.items()}
        out.append((_("After"), listed((_("{id} {title} (waiting)") if ref in waiting else _("{id} {title} (done)")).format(
            id=ref, title=titles.get(ref, "")) for ref in task.waits_for())))
    return out


def _shares_rest(task: Task, owed: list[str], today: date) -> str:
    """"; not yet: …" after a task's shares, or, closed by a completion above it (states.closed_by), with what."""
    closed = p.closed_by(task, today)
    if closed:
        return _("; closed with {outline} {id} ({day})").format(outline=closed[0].outline, id=closed[0].id,
                                                               day=closed[1].isoformat())
    return _("; not yet: {names}").format(names=listed(owed)) if owed else ""


def window_words(item: Item, plan: Plan | None = None, today: date | None = None) -> Text:
    window = item.window
    if isinstance(item, Quota) and plan is not None and today is not None:
        window = p.quota_window_on(plan, item, today)  # its task's on the day (a task that moved takes it along)
    if isinstance(item, Task) and plan is not None and today is not None:
        window = p.window_on(plan, item, today)  # as `due` places it (relative, or inherited from a relative one)
        if item.relative is not None:
            placed = (_("{dates} ({days})").format(dates=window.iso(), days=d.days(window.days)) if window is not None
                      else _("no dates"))
            return Text(f"{item.relative.text} → {placed}")
    if window is None:
        return Text(_("no dates"))
    resolved = _("{dates} ({days})").format(dates=window.iso(), days=d.days(window.days))
    if isinstance(item, Quota) and item.periods:
        return Text(f"{', '.join(spec.text for spec in item.periods)} → {resolved}")
    source = window_source(item)
    if source is not None:
        inherited = _(", inherited from {outline} {title}").format(outline=source.outline, title=source.title)
        return Text.assemble(resolved, (inherited, "dim"))
    written = item.when.text if item.when else ""
    text = Text(f"{written} → {resolved}")
    if item.when is not None and (meaning := item.when.describe(window)):
        text.append(_(": {meaning}").format(meaning=meaning))
    if item.when is not None and item.when.start is None and item.parent is not None and window.days > 1:
        text.append(_(", start taken from {outline} {title}").format(outline=item.parent.outline, title=item.parent.title),
                    style="dim")
    return text


PERIOD_NAMES = {"week": N_("week"), "dekad": N_("dekad (上旬/中旬/下旬)"), "month": N_("month"), "quarter": N_("quarter"),
                "half-year": N_("half-year"), "year": N_("year")}


def target_words(plan: Plan, quota: Quota, today: date | None = None) -> str:
    """20次 each month (…); at most 20次 (a ceiling); 95% each month, the latest reading (a rate); with
    ", judged at its deadline" when it is not paced (status/quotas.py `paced`). `today`: count its periods
    as they stand on that day (states.periods_on), not as planned."""
    amount = bound_words(quota.bound) + d.amount(quota.target, quota.unit)
    each = {PER_PERSON: _(" per person"), PER_UNIT: _(" per unit")}.get(quota.per, "")
    rate = is_rate(quota.unit)
    count = len(quota.period_windows if today is None else p.periods_on(plan, quota, today))  # as `due` cuts them
    if quota.repeat is not None:  # 每次1份: the amount after "each time" where the language puts it there
        amount = _("{amount} each time").format(amount=amount)
        when = ngettext(", {repeat} ({count} period)", ", {repeat} ({count} periods)", count).format(
            repeat=quota.repeat.text, count=count)
    elif quota.periods:
        when = ngettext(" in its {count} period", " in each of {count} periods", len(quota.periods)).format(
            count=len(quota.periods))
    elif quota.period != "once":
        if rate:
            when = ngettext(" each {period} ({count} period)", " each {period} ({count} periods)", count).format(
                period=_(PERIOD_NAMES[quota.period]), count=count)
        else:
            when = ngettext(" each {period} ({count} period; a short one's target prorated)",
                            " each {period} ({count} periods; a short one's target prorated)", count).format(
                period=_(PERIOD_NAMES[quota.period]), count=count)
    else:
        when = ""
    extra = "".join(_("; {group}: {amount}").format(group=plan.roster.name_of(g), amount=d.amount(v, quota.unit))
                    for g, v in quota.target_for.items())
    how = _(", the latest reading") if rate else "" if q.paced(quota) else _(", judged at its deadline")
    return f"{amount}{each}{when}{extra}{how}"


def quota_who_words(plan: Plan, quota: Quota) -> str:
    if quota.per == PER_UNIT:
        units = [unit.name for ref in quota.who if (g := plan.roster.groups.get(ref)) for unit in g.units.values()]
        return f"{d.who_names(plan, quota.who)}: {'、'.join(units)}"
    return who_words(plan, quota.who)


def subtask_lines(plan: Plan, task: Task, today: date, width: int) -> list[Text]:
    below = [t for t in _descendants(task)]
    if not below:
        return []
    wide = width >= NARROW
    cols = [Col("#"), Col(_("Task"), max=max(20, width - 44 - (16 if wide else 0))), Col(_("Window")), Col(_("State"))]
    if wide:
        cols.insert(1, Col(_("ID")))
    rows: list[list[Text | str]] = []
    for sub in below:
        indent = "  " * (sub.depth - task.depth - 1)
        state = p.task_state(plan, sub, today)
        row: list[Text | str] = [sub.outline, Text(indent + sub.title), d.short_window(p.window_on(plan, sub, today), today),
                                  state_text(state)]
        if wide:
            row.insert(1, sub.id)
        rows.append(row)
    return [Text(""), Text(_("Sub-tasks"), style="bold underline"), *grid(cols, rows, indent=2)]


def _descendants(task: Task) -> list[Task]:
    return [node for sub in task.tasks for node in (sub, *_descendants(sub))]


def quota_summary(console: Console, plan: Plan, quota: Quota, today: date) -> list[Text]:
    """The quota's heading (its period's dates go on to the next line rather than being cut), then a count
    of its rows by state."""
    qp = q.quota_period(plan, quota, today, p.periods_on(plan, quota, today))
    head = Text.assemble(("  ", ""), (quota.id, "bold"), " ", quota.title)
    if qp is None:
        return [head]
    head.append(f" · {period_words(qp, today)}", style="dim")
    heads = wrap(console, head, console.width - 4)  # continuation lines are indented 4 cells (the first 2, in `head`)
    counts: dict[str, int] = {}
    for row in qp.rows:
        counts[row.state] = counts.get(row.state, 0) + 1
    if len(qp.rows) == 1:
        row = qp.rows[0]
        detail = Text.assemble(f"{done_of_target(row)}, ", (d.buffer(row), PACE_STYLES[row.state]))
    else:
        kind = {PER_PERSON: _("{count} people: "), PER_UNIT: _("{count} units: ")}.get(quota.per, _("{count} rows: "))
        detail = Text(kind.format(count=len(qp.rows)))
        for i, (state, n) in enumerate(counts.items()):
            detail.append(_("{separator}{count} {state}").format(separator=_(", ") if i else "", count=n,
                                                                 state=d.state_word(state)), style=PACE_STYLES[state])
    return [*heads[:1], *(Text.assemble("    ", line) for line in heads[1:]), Text.assemble("    ", detail)]


def period_header(period: q.QuotaPeriod, today: date) -> str:
    window = period.period
    start = window.start.strftime("%m-%d")
    end = window.end.strftime("%d" if window.end.month == window.start.month else "%m-%d")
    text = start if window.days == 1 else f"{start}…{end}"
    return text + ("*" if today in window else "")


def quota_table(plan: Plan, quota: Quota, today: date, width: int) -> list[Text]:
    history = q.history(plan, quota, today, p.periods_on(plan, quota, today))
    if not history:
        return []
    if len(history) == 1:
        return _one_period(history[0], today, width)
    title = Text.assemble((_("Periods"), "bold underline"), (_("  seen on {day}").format(day=d.prose_day(today)), "dim"))
    scopes = q.scopes(plan, quota)
    by_scope: dict[str, dict[int, q.Progress]] = {s.id: {} for s in scopes}
    for period in history:
        for row in period.rows:
            by_scope[row.scope.id][period.index] = row
    cols = [Col(_("Who"), max=14), *(Col(period_header(period, today), right=True) for period in history),
            Col(_("Total"), right=True)]
    rows: list[list[Text | str]] = []
    for scope in scopes:
        cells: list[Text | str] = [Text(scope.name)]
        done = target = 0.0
        for period in history:
            row = by_scope[scope.id][period.index]
            cells.append(Text(f"{done_of_target(row)} {MARKS[row.state] or ' '}", style=PACE_STYLES[row.state]))
            done += row.done
            target += row.target
        # readings of a rate do not add up: its total is the periods met
        rate_total = f"{sum(r.state == q.MET for r in by_scope[scope.id].values())}/{len(history)} met"
        cells.append(rate_total if is_rate(quota.unit) else done_of(done, target, quota.unit))
        rows.append(cells)
    lines = grid(cols, rows, indent=2)
    if max(cell_width(line.plain) for line in lines) > width:
        lines = _long_table(history, today)
    used = {row.state for period in history for row in period.rows}
    legend = "  ".join(f"{MARKS[s]} {_(MARK_WORDS[s])}" for s in (q.MET, q.BEHIND, q.OVER_PACE, q.BELOW, q.MISSED, q.OVER,
                                                                 q.NOT_STARTED) if s in used)
    current = any(today in period.period for period in history)
    if current:
        legend = f"{legend}  {_('* this period')}" if legend else _("* this period")
    return [Text(""), title, *lines, *([Text(f"  {legend}", style="dim")] if legend else [])]


def _one_period(period: q.QuotaPeriod, today: date, width: int) -> list[Text]:
    title = Text.assemble((_("Period"), "bold underline"), (f"  {period_words(period, today)}", "dim"))
    wide = width >= NARROW
    rows = [quota_row_cells(row, 20 if wide else 10) for row in period.rows]
    return [Text(""), title, *grid(quota_cols(), rows, indent=2, width=width)]


def _long_table(history: list[q.QuotaPeriod], today: date) -> list[Text]:
    cols = [Col(_("Period")), Col(_("Who"), max=14), Col(_("Done/target"), right=True), Col(_("Buffer"))]
    rows: list[list[Text | str]] = []
    for period in history:
        for i, row in enumerate(period.rows):
            label = period_header(period, today) if i == 0 else ""
            rows.append([label, Text(row.scope.name), Text(f"{done_of_target(row)} {MARKS[row.state] or ' '}",
                                                             style=PACE_STYLES[row.state]),
                         Text(d.buffer(row), style=PACE_STYLES[row.state])])
    return grid(cols, rows, indent=2)


def log_lines(plan: Plan, item: Item, width: int) -> list[Text]:
    title = Text(_("Log"), style="bold underline")
    if not item.log:
        return [Text(""), title, Text(_("  nothing logged"), style="dim")]
    recorded = width >= NARROW and any(entry.at for entry in item.log)
    cols = [Col(_("Date")), Col(_("By"), max=12)]
    unit_of = _unit_of_entry(plan, item)
    if unit_of is not None:
        cols.append(Col(_("Unit"), max=12))
    if isinstance(item, Quota):
        cols.append(Col(_("Amount"), right=True))
    ahead = any(entry.occurrence is not None for entry in item.log)  # done ahead for a named occurrence (--for)
    if ahead:
        cols.append(Col(_("For occurrence")))
    cols.append(Col(_("Note"), max=max(12, width - 40)))
    if recorded:
        cols.append(Col(_("Recorded")))
    rows: list[list[Text | str]] = []
    for entry in sorted(item.log, key=lambda e: (e.date, e.pos)):
        row: list[Text | str] = [entry.date.isoformat(), Text(plan.roster.name_of(entry.by) if entry.by else "—")]
        if unit_of is not None:
            unit = unit_of(entry)
            row.append(Text(plan.roster.name_of(unit) if unit else "—"))
        if isinstance(item, Quota):
            row.append(d.amount(q.entry_amount(item, entry), item.unit))
        if ahead:
            row.append(entry.occurrence.isoformat() if entry.occurrence else "")
        row.append(Text(one_line(entry.note or "")))
        if recorded:
            row.append(entry.at.isoformat(sep=" ", timespec="minutes") if entry.at else "")
        rows.append(row)
    return [Text(""), title, *grid(cols, rows, indent=2)]


def _unit_of_entry(plan: Plan, item: Item) -> Callable[[Completion], str | None] | None:
    """Which unit each entry of `item`'s log counts for, when the log has a Unit column: an item owed per
    unit (the unit its share rule gives: model.share_of, quotas.unit_of_entry), or one whose entries name
    units; None when no entry has a unit to show."""
    if isinstance(item, Quota) and item.per == PER_UNIT:
        return lambda entry: q.unit_of_entry(plan, item, entry)
    if isinstance(item, Task) and item.per == PER_UNIT:
        owed = shares(plan, item)
        return lambda entry: share_of(plan, item, entry, owed)
    if any(entry.unit for entry in item.log):
        return lambda entry: entry.unit
    return None


# JSON


def to_json(plan: Plan, item: Item, today: date) -> dict[str, Any]:
    source = window_source(item)
    days = p.window_on(plan, item, today) if isinstance(item, Task) else p.quota_window_on(plan, item, today)
    window = js.window(days, js.written(item) if source is None else None)
    if window is not None:
        window["inherited_from"] = {"id": source.id, "outline": source.outline} if source else None
    out: dict[str, Any] = {
        "kind": item.kind,
        "id": item.id,
        "outline": item.outline,
        "title": item.title,
        "path": [{"kind": n.kind, "id": n.id, "outline": n.outline, "title": n.title} for n in breadcrumb(item)[:-1]],
        "window": window,
        "note": item.note,
    }
    if isinstance(item, Task):
        out.update({
            "goal": item.goal,
            "state": p.task_state(plan, item, today),
            "timing": timing(plan, item, today),
            "done_on": js.day(p.done_date(plan, item, today)),
            "who": js.refs(plan, item.responsible()),
            "roles": js.roles(plan, item),
            "shares": js.shares(plan, item, today),
            "after": item.waits_for(),
            "waiting_for": [w.id for w in p.waiting_for(plan, item, today)],
            "who_inherited_from": (src.id if (src := who_source(item)) else None),
            "members": js.refs(plan, members(plan, item.responsible())),
            "tasks": js.count(p.task_count(plan, item, today)),
            "subtasks": [{
                "id": sub.id, "outline": sub.outline, "title": sub.title, "depth": sub.depth,
                "window": js.window(p.window_on(plan, sub, today), js.written(sub)),
                "state": p.task_state(plan, sub, today),
            } for sub in _descendants(item)],
            "quotas": [_quota_brief(plan, quota, today) for quota in item.quotas],
            "log": [js.entry(plan, entry) for entry in item.log],
        })
        if item.repeat is not None:
            out["repeat"] = item.repeat.text
            out["occurrences"] = [js.occurrence(row) for row in p.occurrence_rows(plan, item, today)]
    else:
        out.update(quota_head_json(plan, item))
        out.update({
            "target": js.number(item.target),
            "target_for": {gid: js.number(v) for gid, v in item.target_for.items()},
            "period": item.period if not item.periods else "listed",
            "periods": [js.quota_period(period) for period in q.history(plan, item, today, p.periods_on(plan, item, today))],
            **({"repeat": item.repeat.text} if item.repeat is not None else {}),
            "log": [js.entry(plan, entry, item) for entry in item.log],
        })
    return out


def _quota_brief(plan: Plan, quota: Quota, today: date) -> dict[str, Any]:
    qp = q.quota_period(plan, quota, today, p.periods_on(plan, quota, today))
    return {"id": quota.id, "outline": quota.outline, "title": quota.title,
            "period": js.quota_period(qp) if qp else None}


LINE_BREAK_SHOWN = " ↵ "  # a note's line break in a table's one-line cell (the plan and --json keep it)


def one_line(text: str) -> str:
    """`text` on one line for a table cell: each line break (\\n, \\r\\n) shown as " ↵ ", a tab as a space."""
    return LINE_BREAK_SHOWN.join(text.replace("\r\n", "\n").split("\n")).replace("\t", " ")
