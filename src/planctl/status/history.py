"""The completions of a plan in time order, filtered: what `planctl log` lists (issue 19).

Pure: the plan and the filters are inputs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from datetime import date
from itertools import filterfalse
from typing import TYPE_CHECKING, Any, NamedTuple

from planctl.model import (
    OCCURRENCE_COLUMN,
    PER_ALL,
    Columns,
    Completion,
    LazyLog,
    Plan,
    Quota,
    Roster,
    Task,
    is_within,
    lazy_columns,
    share_of,
    shares,
)

if TYPE_CHECKING:
    from planctl.format.recurrence import Series


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
    """An entry alike an earlier one of the same log: `first` the earlier, `entry` the later (by position).
    Or, on a recurring task, an entry (not alike) counting for the occurrence an earlier one counts for:
    `occurrence` is then that occurrence's key (`Occurrence.key`, e.g. 2026-02-05) and `share` the unit
    or person it is owed by (None for a task owed once)."""

    item: Task | Quota
    first: Completion
    entry: Completion
    occurrence: str | None = None
    share: str | None = None
    done_twice: bool = False  # a task done once (not recurring) logged again, not alike: `occurrence` is None

    def key(self) -> tuple[object, ...]:
        """What two merges' repeats are matched by: the item and the entries' `alike_key`, or the occurrence,
        or the task's (or share's) one completion."""
        if self.occurrence is not None or self.done_twice:
            return self.item.id, self.occurrence, self.share
        return self.item.id, alike_key(self.entry)


def repeats(plan: Plan, items: Iterable[Task | Quota] | None = None, *, once: bool = False) -> list[Repeat]:
    """Every entry alike an earlier one of its log (`alike_key`), then every other entry of a recurring task
    counting for an occurrence an earlier entry counts for, and with `once` of a task done once logged again
    (`done_repeats`), in plan order, of `items` (the plan's, by default); [] when none. `check` leaves `once`
    out: a task's log may hold progress written with `--again`, and a warning at each such line would bury
    the rest; `sync` names those a merge brought together (`new_repeats`). The entries of a log read lazily
    (model.LazyLog) are compared by its columns, and only the entries of a repeat are built (copies): a large
    plan's logs stay unbuilt (at 100,000 tasks building every entry took 300 MB)."""
    found = []
    for item in plan.items() if items is None else items:
        if len(item.log) < 2:
            continue
        log = item.log
        found += _lazy_repeats(item, log) if isinstance(log, LazyLog) and not log.materialized else _built_repeats(item)
        if isinstance(item, Task) and (once or item.repeat is not None):
            found += [r for r in done_repeats(plan, item) if once or not r.done_twice]
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
    keys, first_at, later = _alike_places(log.stored_columns())
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


_LONG_LOG = 64  # entries of a log keyed without looking for pairs first (`_alike_places`)


def _alike_places(columns: Columns | tuple[list[Any], ...]) -> tuple[list[AlikeKey], dict[AlikeKey, int], list[int]]:
    """`_first_places` of a lazy log's columns and the places of the entries alike an earlier one (`_later_places`);
    nothing at once when no two entries share a day and a person, as in most logs (a key holds both): a check of a
    plan of 100,000 tasks looks at 96,000 logs, and one set of pairs costs a third of the keys. A long log (a quota's
    25,000 entries) is keyed at once: it holds pairs alike, and its set of pairs was made for nothing."""
    by = columns[1]
    if len(set(by)) == len(by) or len(by) < _LONG_LOG and len(set(zip(columns[0], by, strict=True))) == len(by):
        return [], {}, []  # people apart, or each person once a day: no pair
    keys, first_at = _first_places(columns)
    return keys, first_at, _later_places(first_at, len(keys))


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
        found += [(item, pos[place] + delta, fromordinal(days[place]), by[place]) for place in _alike_places(columns)[2]]
    return found


RepeatedDay = tuple[Task | Quota, date, Any, list[int]]  # later entries alike: item, date, `by` (or its name), their offsets


def repeated_by_day(plan: Plan, named: Mapping[str | None, Hashable] | None = None) -> list[RepeatedDay]:
    """`repeated_entries` grouped by item, day and `by` (what a warning of entries alike names), the offsets
    of each group in the order of its log; a group per distinct item, day and `by`, in no particular order
    between them. One group is made per warning `check` prints (a plan of 100,000 tasks: 107,000 groups of
    260,000 entries), not a tuple per entry. With `named` (by -> what the warning names, two people of one
    name alike), the groups are by item, day and `named[by]`, which each group gives in place of `by`."""
    found: list[RepeatedDay] = []
    fromordinal = date.fromordinal
    day_of: dict[int, date] = {}  # one date object per day: the warnings' words are made once a day (check.py)
    name = named if named is not None else _Itself()
    for item in plan.items():
        log = item.log
        columns = lazy_columns(log)
        groups: dict[tuple[Any, Any], list[int]] = {}
        if columns is None:
            if len(log) < 2:
                continue
            for pair in _built_repeats(item):
                groups.setdefault((pair.entry.date, name[pair.entry.by]), []).append(pair.entry.pos)
            found += [(item, day, by, offsets) for (day, by), offsets in groups.items()]
            continue
        later = _alike_places(columns)[2] if len(columns[0]) > 1 else []
        if not later:
            continue  # most logs: no two entries alike
        days, by_column, pos = columns[0], columns[1], columns[6]
        delta = log.delta if isinstance(log, LazyLog) else 0  # a LazyLog (lazy_columns)
        for place in later:
            key = days[place], name[by_column[place]]
            group = groups.get(key)
            if group is None:
                groups[key] = [pos[place] + delta]
            else:
                group.append(pos[place] + delta)
        found += [(item, day_of.get(day) or day_of.setdefault(day, fromordinal(day)), by, offsets)
                  for (day, by), offsets in groups.items()]
    return found


class _Itself(dict[Any, Any]):
    """Each key named by itself (`repeated_by_day` without `named`)."""

    def __missing__(self, key: Any) -> Any:
        self[key] = key
        return key


def done_repeats(plan: Plan, task: Task) -> list[Repeat]:
    """The entries of `task` counting for what an earlier entry of its log (by position) already counts
    for, leaving out entries alike that earlier one (`repeats` names those): a recurring task's occurrence
    (status/occurrences.py's rules, all dates), else the task itself, done once; owed per unit or person,
    within each share (model.share_of). One completion done twice, as when two clones each logged it and
    a merge kept both: it still counts once, and `done` refuses such an entry without --again (the same
    rule: store/entry.py `already_done`, commands/done_checks.py `occurrence_note`)."""
    series = None
    if task.repeat is not None:
        from planctl.status.states import series_on

        series = series_on(plan, task)
        if series is None:
            return []
    owed = shares(plan, task) if task.per != PER_ALL else []
    found = []
    seen: dict[tuple[str | None, int], Completion] = {}
    for entry in task.log:
        share = share_of(plan, task, entry, owed) if owed else None
        if owed and share is None:
            continue
        i = _position(series, entry) if series is not None else 0
        if i is None:
            continue
        first = seen.setdefault((share, i), entry)
        if first is not entry and alike_key(first) != alike_key(entry):
            key = series.at(i).key if series is not None else None
            found.append(Repeat(task, first, entry, key, share, done_twice=series is None))
    return found


def _position(series: Series, entry: Completion) -> int | None:
    """The occurrence `entry` counts for (status/occurrences.py), None for none."""
    from planctl.status.occurrences import named_position, position_of

    named = entry.occurrence
    return position_of(series, entry.date.toordinal()) if named is None else named_position(series, named.toordinal())


def new_repeats(before: Plan | None, after: Plan | None) -> list[Repeat]:
    """The repeats (`repeats`, `once` included) of `after` that `before` did not have (a merge brought them
    together): by item and alike entries (or occurrence, or the task's one completion), as many more as
    `after` has. Only the logs whose length changed are looked at."""
    if after is None:
        return []
    lengths = {item.id: len(item.log) for item in before.items()} if before is not None else {}
    changed = [item for item in after.items() if len(item.log) > 1 and lengths.get(item.id) != len(item.log)]
    ids = {item.id for item in changed}  # a log the merge left as long as it was brought no repeat in
    earlier = [item for item in before.items() if item.id in ids] if before is not None else []
    had = Counter(r.key() for r in (repeats(before, earlier, once=True) if before is not None else []))
    return beyond(repeats(after, changed, once=True), had)


def beyond(found: list[Repeat], had: Counter[tuple[object, ...]]) -> list[Repeat]:
    """`found` less as many of each key (`Repeat.key`) as `had` counts, the earliest of each key first."""
    kept = []
    for repeat in found:
        key = repeat.key()
        if had[key]:
            had[key] -= 1
        else:
            kept.append(repeat)
    return kept


def repeats_brought(before: str, after: str, theirs: str | None = None) -> list[Repeat]:
    """`new_repeats` of two texts of a plan (a merge's start and result, as written; '' for no plan): the
    pairs of entries alike that `after` has and `before` had not — nor `theirs`, the other side's plan, when
    given: a pair one side made by itself (three sessions of one quota on one day, each told by `done` as
    the Nth entry alike) was not brought together by the merge, and a fast-forward brings none.
    [] when `after` does not load."""
    from planctl.format.loader import load_bytes

    if theirs is not None and theirs == after:
        return []
    old, new = (load_bytes("plan.yaml", text.encode("utf-8"), fast=True).plan if text else None for text in (before, after))
    found = new_repeats(old, new)
    if not found or not theirs:
        return found
    other = load_bytes("plan.yaml", theirs.encode("utf-8"), fast=True).plan
    if other is None:
        return found
    ids = {repeat.item.id for repeat in found}
    return beyond(found, Counter(r.key() for r in repeats(other, [item for item in other.items() if item.id in ids], once=True)))
