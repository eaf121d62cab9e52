"""The completions of a plan in time order, filtered: what `planctl log` lists (issue 19).

Pure: the plan and the filters are inputs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from itertools import filterfalse
from typing import Any, NamedTuple

from planctl.model import OCCURRENCE_COLUMN, Columns, Completion, LazyLog, Plan, Quota, Roster, Task, is_within


class Logged(NamedTuple):
    item: Task | Quota
    entry: Completion


def _counts_for(roster: Roster, entry: Completion, who: str) -> bool:
    """The entry is by `who` (a person), or by one of its members (a group, a unit), or for that unit."""
    group = roster.groups.get(who)
    if entry.unit is not None and (entry.unit == who or (group is not None and entry.unit in group.units)):
        return True
    return entry.by is not None and entry.by in roster.members_of(who)


def order_key(logged: Logged) -> tuple[date, float, int]:
    """Day first, then the real time planctl recorded it, then the place in the file (hand-written
    entries, without `at`, come first on their day, in file order)."""
    entry = logged.entry
    return entry.date, entry.at.timestamp() if entry.at is not None else float("-inf"), entry.pos


def history(plan: Plan, *, who: str | None = None, since: date | None = None, until: date | None = None,
            scope: Task | Quota | None = None) -> list[Logged]:
    """Every completion that passes the filters, in time order (see `order_key`).

    `who`: a roster id (person, group or unit; resolve names first); `since`/`until`: days, both
    included; `scope`: an item, whose own entries and those of everything inside it count.
    """
    found = [
        Logged(item, entry)
        for item in plan.items()
        if scope is None or item is scope or is_within(item, scope)
        for entry in item.log
        if (since is None or entry.date >= since) and (until is None or entry.date <= until)
        and (who is None or _counts_for(plan.roster, entry, who))
    ]
    return sorted(found, key=order_key)


# --- entries alike: one completion recorded twice? ------------------------------------------------------------


def alike_key(entry: Completion) -> tuple[date, str | None, str | None, float | None, date | None]:
    """What makes two entries of one log alike (the one rule: `done`'s "the Nth same entry" note, `check`'s
    warning, `sync`'s summary): the same day, person, unit, amount and occurrence (`done --for`). The note
    and the time recorded (`at`) are left out: a completion logged by hand and again with `done` differs
    in them, and is still one completion recorded twice."""
    return entry.date, entry.by, entry.unit, entry.amount, entry.occurrence


def alike_count(log: Iterable[Completion], entry: Completion) -> int:
    """How many entries of `log` are alike `entry` (`alike_key`)."""
    key = alike_key(entry)
    return sum(1 for old in log if alike_key(old) == key)


class Repeat(NamedTuple):
    """An entry alike an earlier one of the same log: `first` the earlier, `entry` the later (by position)."""

    item: Task | Quota
    first: Completion
    entry: Completion


def repeats(plan: Plan) -> list[Repeat]:
    """Every entry alike an earlier one of its log (`alike_key`), in plan order; [] when none. The entries
    of a log read lazily (model.LazyLog) are compared by its columns, and only the entries of a repeat are
    built (copies): a large plan's logs stay unbuilt (at 100,000 tasks building every entry took 300 MB)."""
    found = []
    for item in plan.items():
        if len(item.log) < 2:
            continue
        found += _lazy_repeats(item, item.log) if isinstance(item.log, LazyLog) and not item.log.materialized else _built_repeats(item)
    return found


def _built_repeats(item: Task | Quota) -> list[Repeat]:
    """`repeats` of one log, from its entries."""
    found = []
    seen: dict[tuple[date, str | None, str | None, float | None, date | None], Completion] = {}
    for entry in item.log:
        first = seen.setdefault(alike_key(entry), entry)
        if first is not entry:
            found.append(Repeat(item, first, entry))
    return found


def _lazy_repeats(item: Task | Quota, log: LazyLog) -> list[Repeat]:
    """`repeats` of one log not materialized: only the entries of its pairs are built (copies)."""
    keys, first_at = _first_places(log.stored_columns())
    later = _later_places(first_at, len(keys))
    if not later:
        return []
    firsts_of_later = [first_at[keys[place]] for place in later]
    shared = sorted(set(firsts_of_later))
    firsts = dict(zip(shared, log.copies_at(shared), strict=True))
    return [Repeat(item, firsts[first], entry) for first, entry in zip(firsts_of_later, log.copies_at(later), strict=True)]


AlikeKey = tuple[Any, ...]


def _first_places(columns: Columns | tuple[list[Any], ...]) -> tuple[list[AlikeKey], dict[AlikeKey, int]]:
    """`alike_key` of each entry of a lazy log's columns (two entries or more), with the day and the occurrence as ordinals (0 for no
    occurrence: alike exactly when the dates are), and the place of the first entry of each key. A column the
    same in every entry (no unit, no amount, no occurrence named) is left out: it tells no two entries apart."""
    days, by, unit, amount = columns[:4]
    others = [unit, amount, *columns[OCCURRENCE_COLUMN:OCCURRENCE_COLUMN + 1]]
    keys = list(zip(days, by, *(column for column in others if column.count(column[0]) != len(column)), strict=True))
    return keys, dict(zip(reversed(keys), range(len(keys) - 1, -1, -1), strict=True))  # the first place written last


def _later_places(first_at: dict[AlikeKey, int], size: int) -> list[int]:
    """The places of the entries alike an earlier one: those not first of their key (found in C)."""
    return [] if len(first_at) == size else list(filterfalse(set(first_at.values()).__contains__, range(size)))


Repeated = tuple[Task | Quota, int, date, str | None]  # an entry alike an earlier one: its item, offset, date and `by`


def repeated_entries(plan: Plan) -> list[Repeated]:
    """The later entry of each of `repeats`, in the same order, without building the entries of a lazy log (a
    check of a plan of 100,000 tasks finds 260,000: their Completions and Repeats took a second)."""
    found: list[Repeated] = []
    fromordinal = date.fromordinal
    for item in plan.items():
        log = item.log
        if len(log) < 2:
            continue
        if not isinstance(log, LazyLog) or log.materialized:
            found += [(item, pair.entry.pos, pair.entry.date, pair.entry.by) for pair in _built_repeats(item)]
            continue
        columns = log.stored_columns()
        days, by, pos, delta = columns[0], columns[1], columns[6], log.delta
        keys, first_at = _first_places(columns)
        found += [(item, pos[place] + delta, fromordinal(days[place]), by[place]) for place in _later_places(first_at, len(keys))]
    return found


def new_repeats(before: Plan | None, after: Plan | None) -> list[Repeat]:
    """The repeats (`repeats`) of `after` that `before` did not have (a merge brought them together): by
    item and alike entries, as many more as `after` has."""
    if after is None:
        return []
    had = Counter((r.item.id, alike_key(r.entry)) for r in (repeats(before) if before is not None else []))
    found = []
    for repeat in repeats(after):
        key = (repeat.item.id, alike_key(repeat.entry))
        if had[key]:
            had[key] -= 1
        else:
            found.append(repeat)
    return found


def repeats_brought(before: str, after: str) -> list[Repeat]:
    """`new_repeats` of two texts of a plan (a merge's start and result, as written; '' for no plan): the
    pairs of entries alike that `after` has and `before` had not. [] when `after` does not load."""
    from planctl.format.loader import load_bytes

    old, new = (load_bytes("plan.yaml", text.encode("utf-8")).plan if text else None for text in (before, after))
    return new_repeats(old, new)
