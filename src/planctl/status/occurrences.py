"""Which occurrence of a recurring task each completion counts for (pure; `today` is an argument).

A completion stays a plain log line; its date decides its occurrence (so the merge driver keeps
merging logs as multisets). In date order, each completion counts for:

1. the occurrence whose days hold its date; a second completion in that occurrence (two people
   logged the same meeting, or `done --again`) repeats it and counts for no other;
2. a completion whose date is in no occurrence: the latest occurrence started before it and not
   yet counted (done late), else the earliest one not yet counted (done early).

A completion left over when every occurrence is counted counts for none. `credited` says which
occurrence a new entry counts for (what `done` tells), by running the same rules on the log with it. The state of an occurrence on a day
is decided by status/states.py, from what this module says is counted.

A recurring task owed by each unit or person (`per: unit|person`, model.shares) runs these rules on
each share's own entries (model.share_of says whose an entry is; `share_claims`): each unit owes each
occurrence, and an occurrence counts as done (`counted`) when every share (or every one of `among`)
has done it, on the day the last of them did.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection, Container
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from planctl.format.dates import DateError
from planctl.model import PER_ALL, Plan, Task, logged_days, share_of, shares

if TYPE_CHECKING:  # format/recurrence.py is imported only when a plan has a recurring task
    from planctl.format.recurrence import Occurrence, Series

CONTAINS = "contains"  # the day is inside the occurrence
REPEAT = "repeat"  # the day is inside an occurrence already counted: it counts for none
LATE = "late"  # the latest started occurrence not yet done
EARLY = "early"  # the next one, before it starts


def series_of(task: Task) -> Series | None:
    """The task's occurrences, or None when it does not repeat (or has no window, or makes too many:
    `check` reports that). Made once per task and kept on it (`Task.repeat_cache`)."""
    if task.repeat is None or task.window is None:
        return None
    kept = task.repeat_cache
    if kept is not None and kept[0] == (task.repeat, task.window):
        made: Series | None = kept[1]
        return made
    from planctl.format.recurrence import Series

    try:
        made = Series(task.repeat, task.window)
    except DateError:
        made = None
    task.repeat_cache = ((task.repeat, task.window), made, None)
    return made


def series_problem(task: Task) -> DateError | None:
    """Why a repeating task makes no occurrences list (too many), for `check`; None when fine."""
    if task.repeat is None or task.window is None:
        return None
    from planctl.format.recurrence import Series

    try:
        Series(task.repeat, task.window)
    except DateError as exc:
        return exc
    return None


def counted(plan: Plan, task: Task, series: Series, today: date = date.max,
            among: Collection[str] | None = None) -> dict[int, int]:
    """Occurrence index -> the day (an ordinal: date.fromordinal) of the completion counted for it, from
    entries dated by `today`. Ordinals, not dates: `due` asks this of every recurring task. A task owed
    per unit or person: the occurrences every share (of `among`, when given) has done, each with the
    day the last of them did it."""
    if task.per != PER_ALL:
        claims = share_claims(plan, task, series, today)
        owed = [claims[share] for share in (claims if among is None else among) if share in claims]
        if not owed:
            return {}
        return {i: max(each[i] for each in owed) for i in owed[0] if all(i in each for each in owed)}
    if not task.log:
        return {}
    # Kept on the task by (today, log length): `due` asks twice (is it done; which are missed). A log
    # changed in place keeps its length only when an entry is replaced, which nothing does.
    key = (today, len(task.log), series)
    kept = task.repeat_cache
    if kept is not None and kept[2] is not None and kept[2][0] == key:
        known: dict[int, int] = kept[2][1]
        return known
    days = logged_days(task.log)
    days.sort()
    taken = claims_of(series, days, today.toordinal())
    if kept is not None and kept[1] is series:
        task.repeat_cache = (kept[0], series, (key, taken))
    return taken


def share_days_of(plan: Plan, task: Task, today: date = date.max) -> dict[str, list[int]]:
    """Each share of a task owed per unit or person (model.shares, in roster order) -> the days (sorted
    ordinals, by `today`) of the entries that are its (model.share_of); entries of no share are left out."""
    owed = shares(plan, task)
    days: dict[str, list[int]] = {share: [] for share in owed}
    limit = today.toordinal()
    for entry in task.log:
        if entry.date.toordinal() <= limit and (share := share_of(plan, task, entry, owed)) is not None:
            days[share].append(entry.date.toordinal())
    for found in days.values():
        found.sort()
    return days


def share_claims(plan: Plan, task: Task, series: Series, today: date = date.max) -> dict[str, dict[int, int]]:
    """Each share of a task owed per unit or person -> `claims_of` its own entries: occurrence index ->
    the day (ordinal) counted for it."""
    limit = today.toordinal()
    return {share: claims_of(series, days, limit) for share, days in share_days_of(plan, task, today).items()}


def claims_of(series: Series, days: list[int], limit: int) -> dict[int, int]:
    """`counted` on ordinals: occurrence index -> the day (ordinal) counted for it, from `days` (sorted)
    up to `limit` (date.max.toordinal() for all). Rule 1 by arithmetic (a weekly repeat's days are a
    `range`) or bisection; the rest by `claim`."""
    starts, ends, _ = series.ordinals()
    taken: dict[int, int] = {}
    single = isinstance(starts, range) and starts is ends  # one day a week: index = (day - first) / stride
    first, stride, count = (starts.start, starts.step, len(starts)) if isinstance(starts, range) else (0, 1, 0)
    for ordinal in days:
        if ordinal > limit:
            break
        if single:
            i, off = divmod(ordinal - first, stride)
            if off == 0 and 0 <= i < count:
                taken.setdefault(i, ordinal)
                continue
        else:
            i = bisect_right(starts, ordinal) - 1
            if i >= 0 and ordinal <= ends[i]:
                taken.setdefault(i, ordinal)
                continue
        claimed = claim(series, taken, date.fromordinal(ordinal))
        if claimed is not None and claimed.how != REPEAT:
            taken[claimed.position] = ordinal
    return taken


class Claim(NamedTuple):
    position: int  # 0-based
    occurrence: Occurrence
    how: str  # CONTAINS, REPEAT (counts for none), LATE or EARLY


def claim(series: Series, taken: Container[int], day: date) -> Claim | None:
    """The occurrence a completion dated `day` counts for (the module's rules; REPEAT: the one holding
    it is already counted, so it counts for none), or None when all are counted."""
    holding = series.holding(day)
    if holding is not None:
        return Claim(holding, series.at(holding), REPEAT if holding in taken else CONTAINS)
    for i in range(series.started_by(day) - 1, -1, -1):
        if i not in taken:
            return Claim(i, series.at(i), LATE)
    for i in range(series.count):
        if i not in taken:
            return Claim(i, series.at(i), EARLY)
    return None


def credited(plan: Plan, task: Task, series: Series, day: date, share: str | None = None) -> Claim | None:
    """The occurrence a new completion dated `day` counts for, by the same rules as every shown state
    (`counted` on the log with it added, all dates); how: CONTAINS, LATE or EARLY. A REPEAT claim when it
    falls in an occurrence already counted; None when it counts for none otherwise (all are counted).
    A task owed per unit or person: on the entries of `share` (the one the new entry is for) alone."""
    if task.per != PER_ALL:
        days = share_days_of(plan, task).get(share or "", [])
    else:
        days = sorted(logged_days(task.log))
    before = claims_of(series, days, date.max.toordinal())
    after = claims_of(series, sorted([*days, day.toordinal()]), date.max.toordinal())
    ordinal = day.toordinal()
    gained = [i for i, on in sorted(after.items()) if on == ordinal and before.get(i) != ordinal]
    holding = series.holding(day)
    if not gained:
        return None if holding is None else Claim(holding, series.at(holding), REPEAT)
    i = gained[0]
    how = CONTAINS if i == holding else EARLY if series.at(i).window.start > day else LATE
    return Claim(i, series.at(i), how)


def claimed_for(plan: Plan, task: Task, series: Series, share: str | None = None) -> dict[int, int]:
    """The occurrences counted for the whole log (all dates): the task's own (`counted`), or, owed per
    unit or person, those of `share` (what `done` and `undo` tell that share)."""
    if task.per != PER_ALL:
        return share_claims(plan, task, series).get(share or "", {})
    return counted(plan, task, series)
