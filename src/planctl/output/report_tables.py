"""A report as tables of typed cells (text, dates, numbers), laid out by each format in output/report_*.py.

A cell is a `str`, a `date`, a `float`/`int` or None (empty). Numbers stay numbers and dates stay dates,
so a spreadsheet can sum and sort them; each format decides how to show them.
"""

from __future__ import annotations

from datetime import date
from operator import itemgetter

from planctl.format.units import PERCENT as PERCENT_UNIT
from planctl.format.units import display_amount, unit_word
from planctl.model import Plan
from planctl.output.report_words import Words
from planctl.output.words import done_of_target
from planctl.records import NamedTuple
from planctl.status import quotas as q
from planctl.status import report as r

Cell = str | date | float | int | None

TEXT = "text"
LONG = "long"  # text that may run long (titles, notes): wrapped in a spreadsheet
DATE = "date"
NUMBER = "number"
PERCENT = "percent"  # a fraction, 0.5 is 50 %


class Column(NamedTuple):
    header: str
    kind: str = TEXT
    unit: str = ""  # the unit of a NUMBER column's values ("" when each row says its own)


class Table(NamedTuple):
    key: str  # ledger, quotas, tasks, fell_overdue, still_open, due_next, by_unit
    title: str
    columns: list[Column]
    rows: list[list[Cell]]


def unit_header(w: Words, unit: str) -> str:
    """数量（小时）, Amount (h): a number column's unit in its header."""
    shown = unit_word(unit)
    return f"{w['amount']}（{shown}）" if w.lang == "zh" else f"{w['amount']} ({shown})"


def name(plan: Plan, ref: str | None) -> str:
    return plan.roster.name_of(ref) if ref else ""


def names(plan: Plan, refs: list[str], w: Words) -> str:
    """张伟、李娜 in Chinese, Ann, Bob in English."""
    return ("、" if w.lang == "zh" else ", ").join(plan.roster.name_of(ref) for ref in refs)


def amount_text(value: float | None, unit: str) -> str:
    return display_amount(value, unit) if value is not None and unit else ""


# The ledger


def ledger(report: r.Report, w: Words, *, unit_columns: bool, entries: list[r.Entry] | None = None) -> Table:
    """Every completion in the period: 日期, 编号, 事项, 阶段, 单位, 人员, amount, 备注.

    With `unit_columns` the amount is a number in one column per unit (数量（小时）, 数量（字）…), for
    spreadsheets and CSV; without, one column of text such as 1.5 h, for reading. `entries`: some of the
    report's (default: all).
    """
    plan = report.plan
    chosen = report.entries if entries is None else entries
    units = list(dict.fromkeys(e.amount_unit for e in chosen if e.amount_unit))
    columns = [Column(w["date"], DATE), Column(w["outline"]), Column(w["item"], LONG), Column(w["phase"]),
               Column(w["unit"]), Column(w["person"])]
    if unit_columns:
        columns += [Column(unit_header(w, unit), NUMBER, unit) for unit in units]
    else:
        columns.append(Column(w["amount"]))
    columns.append(Column(w["note"], LONG))
    # Made a column at a time (a large report's ledger has twenty thousand entries): each unit and person named,
    # each phase's title and each amount said once.
    days, items, phases, people, units_of, amounts, amount_units, notes = zip(*chosen, strict=True) if chosen else [()] * 8
    named = {ref: name(plan, ref) for ref in {*units_of, *people}}
    titles = {id(phase): phase.title if phase else "" for phase in phases}
    cells: list[list[Cell] | tuple[Cell, ...]] = [
        days, [item.outline for item in items], [item.title for item in items], [titles[id(phase)] for phase in phases],
        list(map(named.__getitem__, units_of)), list(map(named.__getitem__, people))]
    if unit_columns:
        cells += [[amount if amount_unit == unit else None for amount, amount_unit in zip(amounts, amount_units, strict=True)]
                  for unit in units]
    else:
        keys = list(zip(map(type, amounts), amounts, amount_units, strict=True))  # 1 and 1.0 alike, but not said alike unasked
        said = {key: amount_text(key[1], key[2]) for key in set(keys)}
        cells.append(list(map(said.__getitem__, keys)))
    cells.append([note or "" for note in notes])
    rows: list[list[Cell]] = list(map(list, zip(*cells, strict=True)))
    return Table("ledger", w["ledger"], columns, rows)


def by_unit(report: r.Report, w: Words) -> Table:
    """Completions per unit: how many, and who logged them."""
    plan = report.plan
    rows: list[list[Cell]] = []
    for unit, entries in report.by_unit():
        people = list(dict.fromkeys(e.person for e in entries if e.person))
        rows.append([name(plan, unit) if unit else w["no_unit"], report.completions(entries), names(plan, people, w)])
    return Table("by_unit", w["by_unit"], [Column(w["unit"]), Column(w["entries"], NUMBER), Column(w["people"], LONG)],
                 rows)


# Quotas


def quotas(report: r.Report, w: Words, *, numbers: bool = True, lines: list[r.QuotaLine] | None = None,
           key: str = "quotas", title: str | None = None) -> Table:
    """Each quota line. With `numbers` (spreadsheets, CSV): 编号, 配额, 对象, 周期, 周期开始, 周期结束, 目标, 完成,
    计量单位, 完成率, 状态, amounts as numbers. Without (reading): the period's days in 周期 and done of
    target in one column, 完成/目标, as `due` shows them (3/8 小时, 3 of at most 20次: words.done_of_target),
    so that a Chinese report's quota table fits 60 columns."""
    columns = [Column(w["outline"]), Column(w["quota"], LONG), Column(w["scope"]), Column(w["period"])]
    if numbers:
        columns += [Column(w["period_start"], DATE), Column(w["period_end"], DATE), Column(w["target"], NUMBER),
                    Column(w["done"], NUMBER), Column(w["amount_unit"])]
    else:
        columns.append(Column(w["done_target"]))
    columns += [Column(w["rate"], PERCENT), Column(w["state"])]
    rows: list[list[Cell]] = []
    spans: dict[tuple[date, date, str], str] = {}  # each period's days and number, said once for all its scopes' lines
    for line in report.quotas if lines is None else lines:
        row = line.row
        quota = row.quota
        which = w["period_of"].format(index=line.number, count=line.periods) if line.periods > 1 else ""
        cells: list[Cell] = [quota.outline, quota.title, row.scope.name or w["all"]]
        if numbers:
            cells += [which, row.period.start, row.period.end, row.target, row.done, unit_word(quota.unit)]  # full precision
        else:
            said = (row.period.start, row.period.end, which)
            if said not in spans:
                days = w.span(row.period.start.strftime("%m-%d"), row.period.end.strftime("%m-%d"))
                spans[said] = f"{days} {which}".strip()
            cells += [spans[said], done_of_target(row)]  # 3/8 小时, as due shows it
        rows.append([*cells, _rate(row), w.quota_state(line)])
    return Table(key, title or w["quotas"], columns, rows)


def _rate(row: q.Progress) -> float | None:
    """The fraction done (at most 9.99), and at most 0.99 when the target is not met, so that 99.6 % of
    it never reads as 100 % (shown to whole percents, and in a spreadsheet's 0% format alike). None (an
    empty cell) for a ceiling, where less is better, and for a rate, whose reading (90%) is already in
    完成 beside its target (95%): 90/95 would read as a 95% done."""
    if row.ceiling or row.quota.unit == PERCENT_UNIT:
        return None
    rate = min(row.fraction, 9.99)
    return rate if row.state == r.MET else min(rate, 0.99)


# Tasks


def tasks(report: r.Report, w: Words, lines: list[r.TaskLine] | None = None, *, key: str = "tasks",
          title: str | None = None) -> Table:
    """Phases and tasks: 编号, 任务, 阶段, 负责, 开始, 截止, 状态, 完成日期, 逾期天数, 已完成/子任务, and, when a
    task is owed per unit or person, 各单位完成 (7/9；尚未完成：…). An occurrence of a recurring task is a row
    of its own (任务: 每周一召开处务例会（第 9 次）) with its own days and state."""
    plan = report.plan
    chosen = report.tasks if lines is None else lines
    columns = [Column(w["outline"]), Column(w["task"], LONG), Column(w["phase"]), Column(w["who"]),
               Column(w["start"], DATE), Column(w["end"], DATE), Column(w["state"]), Column(w["done_on"], DATE),
               Column(w["late_days"], NUMBER), Column(w["leaves"])]
    shared = any(line.shares for line in chosen)
    if shared:
        columns.append(Column(w["shares"], LONG))
    rows: list[list[Cell]] = []
    for line in chosen:
        task = line.task
        window = line.window
        row: list[Cell] = [task.outline, _task_title(line, w, indented=lines is None),
                           task.phase.title if task.depth > 1 else "", names(plan, task.responsible(), w),
                           window.start if window else None, window.end if window else None, w[line.state], line.done_on,
                           _late_days(line, report.as_of),
                           _leaves(line)]
        if shared:
            row.append(_shares(plan, line, w))
        rows.append(row)
    return Table(key, title or w["tasks"], columns, rows)


def _task_title(line: r.TaskLine, w: Words, *, indented: bool) -> str:
    """The task's title (an occurrence's: with its number, 每周一召开处务例会（第 9 次）), indented by its depth
    in the list of every task (an occurrence one level below its task)."""
    task = line.task
    title = task.title
    depth = task.depth
    if line.occurrence is not None:
        title += w["occurrence"].format(number=line.occurrence.position + 1)
        depth += 1
    return "\u3000" * (depth - 1) + title if indented else title  # an ideographic space a level: keeps its width in any font


def _leaves(line: r.TaskLine) -> str:
    """已完成/子任务: its leaf tasks done of all; blank for a recurring task and its occurrences (their
    occurrences are rows of their own, and they have no sub-tasks)."""
    if line.occurrence is not None or line.task.repeat is not None:
        return ""
    return f"{line.leaves.done}/{line.leaves.total}"


def _shares(plan: Plan, line: r.TaskLine, w: Words) -> str:
    """How many of the units or people owing a share have done it, and which have not: 7/9；尚未完成：三支部、四支部."""
    if not line.shares:
        return ""
    owed = [share for share, day in line.shares if day is None]
    done = f"{len(line.shares) - len(owed)}/{len(line.shares)}"
    return w["shares_owed"].format(done=done, names=names(plan, owed, w)) if owed else done


def _late_days(line: r.TaskLine, as_of: date) -> int | None:
    """Days overdue on `as_of` (the morning view: a task ending yesterday is 1 day overdue)."""
    window = line.window
    if window is None or window.end >= as_of:
        return None
    end = line.done_on if line.done_on is not None else as_of
    days = (end - window.end).days
    return days if days > 0 else None


def fell_overdue(report: r.Report, w: Words) -> Table:
    """Tasks that fell overdue in the period: whether they are done since, and how late."""
    table = tasks(report, w, report.fell_overdue, key="fell_overdue", title=w["fell_overdue"].format(this=w.this))
    return drop(table, w["phase"], w["start"], w["leaves"])


def still_open(report: r.Report, w: Words) -> Table:
    """Tasks overdue and not done on `as_of`, the longest overdue first."""
    title = w["still_open"].format(day=report.as_of.isoformat())
    table = tasks(report, w, report.still_open, key="still_open", title=title)
    return drop(table, w["start"], w["state"], w["done_on"], w["leaves"])


def due_next(report: r.Report, w: Words) -> Table:
    """Tasks not done whose window ends in the next period, soonest first."""
    title = w["due_next"].format(next=w.next, window=_next_window(report, w))
    table = tasks(report, w, report.due_next, key="due_next", title=title)
    return drop(table, w["done_on"], w["late_days"], w["leaves"])


def quotas_due_next(report: r.Report, w: Words) -> Table:
    """Quota rows not met yet whose period ends in the next period."""
    title = w["quotas_due_next"].format(next=w.next, window=_next_window(report, w))
    return quotas(report, w, numbers=False, lines=report.quotas_due_next, key="quotas_due_next", title=title)


def _next_window(report: r.Report, w: Words) -> str:
    """The next period's days for a title; 无/none when there is none (after the last phase, or when the
    calendar ends at 9999-12-31), never empty brackets."""
    window = report.next_period.window if report.next_period else None
    return w.span(window.start.isoformat(), window.end.isoformat()) if window else w["nothing"]


def heading(report: r.Report, w: Words) -> str:
    """环卫处…计划 周报 2009-04-06 至 2009-04-12: the plan, the kind of report and its days."""
    window = report.period.window
    days = w.span(window.start.isoformat(), window.end.isoformat())
    phase = report.period.phase
    what = f"{phase.outline} {phase.title} " if phase is not None else ""
    who = f" · {w['who_filter']} {name(report.plan, report.who)}" if report.who else ""
    return f"{report.plan.title} {w.report_name} {what}{days}{who}"


def as_of_note(report: r.Report, w: Words) -> str:
    return f"{w['as_of']} {report.as_of.isoformat()}"


def shown(cell: Cell, column: Column) -> str:
    """A cell as text: 2009-04-10, 1.5, 38%, '' for empty."""
    if isinstance(cell, str):  # most cells
        return cell
    if cell is None:
        return ""
    if isinstance(cell, date):
        return cell.isoformat()
    if column.kind == PERCENT:
        return f"{round(cell * 100)}%"
    return f"{cell:g}" if cell == int(cell) else f"{cell:.1f}"


def drop(table: Table, *keys: str) -> Table:
    """The table without the columns whose headers are given (a ledger grouped by phase needs no phase column)."""
    keep = [i for i, col in enumerate(table.columns) if col.header not in keys]
    rows = list(map(list, map(itemgetter(*keep), table.rows))) if len(keep) > 1 else [[row[i] for i in keep] for row in table.rows]
    return Table(table.key, table.title, [table.columns[i] for i in keep], rows)


def ledger_by_phase(report: r.Report, w: Words) -> list[tuple[str, Table]]:
    """The ledger in one table a phase (heading: 2 学习调研阶段), without the phase column."""
    out = []
    for phase, entries in report.by_phase():
        title = f"{phase.outline} {phase.title}" if phase is not None else w["nothing"]
        out.append((title, drop(ledger(report, w, unit_columns=False, entries=entries), w["phase"])))
    return out


# Plan text is data: what spreadsheets would run as a formula is kept as text.

# OWASP, "CSV Injection": a cell beginning with one of these is read as a formula (or DDE command) by
# Excel, LibreOffice and Google Sheets; prefix it with a single quote so it stays text.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet would read `text` as a formula: it starts with = + - @ (also their full-width
    forms, which Excel's IME input accepts), a tab or a carriage return, after any spaces."""
    return text.lstrip(" ").startswith(FORMULA_TRIGGERS)


def neutralise(text: str) -> str:
    """`text` made safe for a CSV cell (OWASP): a leading ' when it looks like a formula."""
    return "'" + text if looks_like_formula(text) else text
