"""The JSON encoding of the facts every view shares: one shape each, wherever it appears.

`due --json`, `status --json`, `show --json`, `list --json`, `timeline --json` and `export json` build their documents
from these pieces, so a window, an amount, a count of tasks, a quota's row and a completion read the
same in all of them. The shapes are documented in docs/export.md ("Shared shapes"); docs/due.md
points there.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from planctl.format import dates
from planctl.format.dates import Window
from planctl.format.units import HOURS, SECONDS_PER_HOUR, figures
from planctl.model import ROLE_REFS, Completion, Plan, Quota, Task
from planctl.output import words
from planctl.status import quotas as q
from planctl.status.states import Count, OccurrenceRow

if TYPE_CHECKING:
    import json


def dumps(data: Any) -> str:
    """`data` as the JSON planctl prints (indented by 2, UTF-8 text as it is), every whole number written as
    an integer (`2`, never `2.0`; docs/export.md "Numbers"): every JSON document planctl writes is made here."""
    import json

    return json.dumps(whole(data), ensure_ascii=False, indent=2)


class Items:
    """A JSON list made one item at a time as it is written (`chunks`): a long list (an export's phases and
    tasks) is then never held whole, neither as objects nor as text. Iterated once."""

    def __init__(self, items: Iterable[Any]) -> None:
        self.items = items


def chunks(data: Any, level: int = 0) -> Iterator[str]:
    """The text of `dumps(data)` in pieces, joined byte for byte the same; each `Items` in `data` is made and written
    one item at a time. An `Items` may be `data`, an `Items`' item, or a value of a dict that is `data` or an
    `Items`' item (anywhere else: TypeError). `level`: how deep
    `data` is nested (its lines are indented by 2 × level spaces).

    Written here, not by `json.JSONEncoder(indent=2)` per piece: that encoder makes a knot of closures each
    time it is called, which only the cyclic collector frees, and a run of planctl does without it
    (cli/main.py); leaves are encoded by `json` itself (`_scalar`)."""
    out: list[str] = []
    yield from _pieces(data, "  " * level, out)
    if out:
        yield "".join(out)


def _pieces(value: Any, pad: str, out: list[str]) -> Iterator[str]:
    """Write `value` into `out`, and at each item of an `Items` yield what `out` holds and empty it."""
    if isinstance(value, Items):
        inner, sep = pad + "  ", "[\n"
        for item in value.items:
            out.append(sep + inner)
            sep = ",\n"
            yield from _pieces(item, inner, out)
            yield "".join(out)
            out.clear()
        out.append("[]" if sep == "[\n" else "\n" + pad + "]")
    elif type(value) is dict and any(isinstance(item, Items) for item in value.values()):
        inner, sep = pad + "  ", "{\n"
        for key, item in value.items():
            out.append(sep + inner + _key(key) + ": ")
            sep = ",\n"
            yield from _pieces(item, inner, out)
        out.append("\n" + pad + "}")
    else:
        _write(value, pad, out)


def _write(value: Any, pad: str, out: list[str]) -> None:
    """`value` as `dumps` writes it at indentation `pad`, appended to `out`."""
    if isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner, sep = pad + "  ", "{\n"
        for key, item in value.items():
            out.append(sep + inner + _key(key) + ": ")
            sep = ",\n"
            _write(item, inner, out)
        out.append("\n" + pad + "}")
    elif isinstance(value, list | tuple):
        if not value:
            out.append("[]")
            return
        inner, sep = pad + "  ", "[\n"
        for item in value:
            out.append(sep + inner)
            sep = ",\n"
            _write(item, inner, out)
        out.append("\n" + pad + "]")
    else:
        out.append(_scalar(value))


def _scalar(value: Any) -> str:
    """A string, number, true, false or null as `dumps` writes it (a whole float as an integer, `whole`);
    TypeError for anything else, as json gives."""
    if isinstance(value, str):
        return str(_encoder().encode(value))
    if value is None or value is True or value is False:
        return "null" if value is None else "true" if value else "false"
    if isinstance(value, float):
        value = whole(value)
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float) and math.isfinite(value):
        return float.__repr__(value)
    return str(_encoder().encode(value))  # NaN, Infinity, or TypeError


def _key(key: Any) -> str:
    """A member's name as json writes it: a string as it is; a number, true, false or null as its text."""
    if isinstance(key, str):
        return str(_encoder().encode(key))
    if key is None or isinstance(key, bool | int | float):
        return str(_encoder().encode(_encoder().encode(key)))
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def materialized(data: Any) -> Any:
    """`data` with each `Items` made a list (and dicts and lists copied): the document `chunks` writes, whole."""
    if isinstance(data, Items):
        return [materialized(item) for item in data.items]
    if type(data) is dict:
        return {key: materialized(value) for key, value in data.items()}
    if type(data) is list:
        return [materialized(value) for value in data]
    return data


@cache
def _encoder() -> json.JSONEncoder:
    """The encoder of `dumps`'s leaves: UTF-8 text as it is; one line, so `json`'s C encoder."""
    import json

    return json.JSONEncoder(ensure_ascii=False)


def whole(data: Any) -> Any:
    """`data` (dicts, lists, tuples and scalars) with each float that is a whole number made an int: 2.0 → 2,
    0.0 → 0; 0.5, NaN and infinities stay as they are."""
    kind = type(data)
    if kind is float:
        return int(data) if data.is_integer() else data
    if kind is dict:
        return {key: whole(value) for key, value in data.items()}
    if kind is list or kind is tuple:
        return [whole(value) for value in data]
    return data


def number(value: float) -> int | float:
    """An amount or a day count: rounded to 3 decimals, and a whole number without a decimal point (`8`, not `8.0`)."""
    rounded = round(value, 3)
    return int(rounded) if rounded == int(rounded) else rounded


def _figure(value: float) -> int | float:
    """A figure from units.figures (3 decimals, more where needed): whole without a decimal point."""
    return int(value) if value == int(value) else value


def day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def window(value: Window | None, written: str | None = None) -> dict[str, Any] | None:
    """`{"start", "end", "days", "written"}`: first and last day (ISO, both included), how many days,
    and the window as the plan writes it for this item (`null` when it is inherited or computed);
    None for no window. A written window without an end (2015年8月10日起) adds `"open_end": true` (its
    `end` is the plan's end, docs/plan-format.md); an approximate day (4月20日左右) adds `"approx_days"`,
    the tolerance either side of the day (`start` + approx_days is the day written)."""
    if value is None:
        return None
    shape: dict[str, Any] = {"start": value.start.isoformat(), "end": value.end.isoformat(), "days": value.days,
                             "written": written}
    if (spec := dates.marked(written)) is not None:
        shape.update({"open_end": True} if spec.open_end else {"approx_days": spec.approx})
    return shape


def occurrence(row: OccurrenceRow) -> dict[str, Any]:
    """One occurrence of a recurring task: `{"number", "day", "window", "state", "done_on"}`: its
    number from 1, its day (ISO: the day named, or its last day), its days, its section on the day
    asked (`done`, `overdue`, `due_today`, `in_progress`, `upcoming`) and the day of the completion
    counted for it."""
    return {"number": row.position + 1, "day": row.occurrence.day.isoformat(), "window": window(row.occurrence.window),
            "state": row.section, "done_on": day(row.done_on)}


def written(item: Task | Quota) -> str | None:
    """What the item itself writes for its window: its `when`, or a quota's listed `periods`."""
    if item.when is not None:
        return item.when.text
    if isinstance(item, Task) and item.relative is not None:
        return item.relative.text
    if isinstance(item, Quota) and item.periods:
        return ", ".join(spec.text for spec in item.periods)
    return None


def ref(plan: Plan, ident: str | None) -> dict[str, str] | None:
    """A person, group or unit: `{"id", "name"}`, or None."""
    return {"id": ident, "name": plan.roster.name_of(ident)} if ident else None


def refs(plan: Plan, idents: list[str]) -> list[dict[str, str]]:
    return [{"id": ident, "name": plan.roster.name_of(ident)} for ident in idents]


def count(value: Count) -> dict[str, Any]:
    """Leaf tasks: `{"done", "total", "late", "fraction"}` (fraction done, to 4 decimals)."""
    return {"done": value.done, "total": value.total, "late": value.late, "fraction": round(value.fraction, 4)}


def scope(row: q.Progress) -> dict[str, Any]:
    """Whose row: `{"kind": "all" | "person" | "unit", "id", "name"}` (`id` null for all)."""
    return {"kind": row.quota.per if row.scope.id else "all", "id": row.scope.id or None, "name": row.scope.name}


def quota_row(row: q.Progress) -> dict[str, Any]:
    """One scope in one period on `today`: amounts in the quota's unit, pace and buffer (status/quotas.py).

    The target's kind (docs/plan-format.md "Targets") is added where it is not today's reading, as a
    window adds `approx_days`: `"bound": "at-most"` for a ceiling, `"paced": false` for a row judged only
    at its deadline (a one-off, a rate; `expected` and `behind_by` are then 0). A rate (unit `%`) gives
    its latest reading as `done`."""
    done, target = figures(row.done, row.target, 3)  # a done short of its target never reads as it
    kind: dict[str, Any] = {"bound": row.quota.bound} if row.ceiling else {}
    if not row.paced:
        kind["paced"] = False
    return {
        "scope": scope(row),
        "unit": row.quota.unit,
        "target": _figure(target),
        "done": _figure(done),
        "expected": number(row.expected),
        "state": row.state,
        "behind_by": number(row.deficit),
        "days_left": row.days_left,
        "buffer_days": number(row.buffer_days),
        "pace": words.pace(row),
        "buffer": words.buffer(row),
        **kind,
    }


def quota_period(period: q.QuotaPeriod, rows: list[q.Progress] | None = None) -> dict[str, Any]:
    """A window (its `start`, `end`, `days`, `written`) with `index` (1-based) and `count` of the
    quota's periods, `current` (today is inside it), `met` (every row is) and its `rows`, worst first
    unless given in another order."""
    shown = period.rows if rows is None else rows
    return {
        **(window(period.period) or {}),
        "index": period.index,
        "count": period.count,
        "current": period.is_current,
        "met": all(row.state == q.MET for row in shown),
        "rows": [quota_row(row) for row in shown],
    }


def stamp(at: datetime | None) -> str | None:
    """A completion's `at` as the plan file writes it (clock.stamp_text: milliseconds, or whole seconds), or None."""
    from planctl.clock import stamp_text

    return stamp_text(at) if at is not None else None


def entry(plan: Plan, value: Completion, quota: Quota | None = None) -> dict[str, Any]:
    """A completion: `{"date", "by", "unit", "amount", "note", "at"}`. In a quota's log, `amount` is
    what counts (a count quota's entry without one counts 1; hours at full precision, as status counts
    them: 20min is 0.3333333333333333) and `unit` the unit it counts for. A recurring task's entry done
    ahead adds `"occurrence"`, the ISO day of the occurrence it counts for."""
    amount: float | None = value.amount
    unit = value.unit
    if quota is not None:
        amount = q.counted(quota, value) / (SECONDS_PER_HOUR if quota.unit == HOURS else 1)
        unit = q.unit_of_entry(plan, quota, value)
    shape = {
        "date": value.date.isoformat(),
        "by": ref(plan, value.by),
        "unit": unit,
        "amount": _figure(amount) if amount is not None else None,
        "note": value.note,
        "at": stamp(value.at),
    }
    return {**shape, **entry_occurrence(value)}


def entry_occurrence(value: Completion) -> dict[str, str]:
    """A recurring task's entry done ahead (`done --for`): `{"occurrence": ISO day of the occurrence it
    counts for}`; `{}` for any other entry (the line has no `occurrence:`)."""
    return {"occurrence": value.occurrence.isoformat()} if value.occurrence is not None else {}


def log_row(plan: Plan, value: Completion, item: Task | Quota) -> dict[str, Any]:
    """One row of `planctl log --json`: `{"date", "at", "by", "by_name", "unit", "item": {"id", "outline",
    "title", "kind"}, "amount", "amount_unit", "note"}`, the entry as written (a quota's entry without an
    amount counts 1), and `"occurrence"` as `entry` gives it."""
    quota = isinstance(item, Quota)
    return {
        "date": value.date.isoformat(),
        "at": stamp(value.at),
        "by": value.by,
        "by_name": plan.roster.name_of(value.by) if value.by else None,
        "unit": value.unit,
        "item": {"id": item.id, "outline": item.outline, "title": item.title, "kind": "quota" if quota else "task"},
        "amount": (value.amount if value.amount is not None else 1.0) if quota else None,
        "amount_unit": item.unit if isinstance(item, Quota) else None,
        "note": value.note,
        **entry_occurrence(value),
    }


def roles(plan: Plan, task: Task) -> dict[str, list[Any]]:
    """The roles a task gives besides `who`, only those it gives: `{"lead": [ref], "helpers": [ref],
    "participants": [ref], "report_to": [ref], "speakers": ["text"], "guests": ["text"]}` (refs as
    `ref`; speakers and guests are names as written, not in the roster)."""
    return {role: refs(plan, list(names)) if role in ROLE_REFS else list(names) for role, names in task.roles}


def shares(plan: Plan, task: Task, today: date, position: int | None = None) -> dict[str, Any] | None:
    """A task owed per unit or per person: `{"per": "unit" | "person", "done": [ref + "date"], "owed":
    [ref]}` on `today` (status/states.py `share_days`), and for a recurring one `"occurrence"`: the ISO
    day of the occurrence those shares are of (`position`, 0-based, when given: a row's own occurrence;
    else `share_occurrence`); a task closed by the completion of a phase or task above it (`closed_by`)
    owes nothing more: `"owed": []` and `"closed_by": {"id", "date"}`. None for a task owed once by all."""
    from planctl.status.states import closed_by, series_on, share_days, share_occurrence

    days = share_days(plan, task, today, position)
    if not days:
        return None
    series = series_on(plan, task, today)
    if position is None:
        in_view = share_occurrence(plan, task, today)
        position = None if in_view is None else in_view.position
    closed = closed_by(task, today)
    return {"per": task.per,
            **({"occurrence": series.at(position).key} if series is not None and position is not None else {}),
            "done": [{**(ref(plan, share) or {}), "date": day.isoformat()} for share, day in days.items() if day],
            "owed": [] if closed else [ref(plan, share) for share, day in days.items() if day is None],
            **({"closed_by": {"id": closed[0].id, "date": closed[1].isoformat()}} if closed else {})}
