"""Which occurrence of a recurring task each completion counts for (pure; `today` is an argument).

A completion stays a plain log line; its date alone decides its occurrence, so the credit never
depends on the order of the log (the merge driver joins logs as multisets). An entry dated DAY counts
for (docs/plan-format.md, "Recurring tasks"):

1. the occurrence whose days hold DAY;
2. else, DAY falling between occurrences, the latest occurrence that started on or before DAY (a
   meeting logged late): never one not started by DAY (no credit in advance), and never one that
   ended before a later occurrence began (no back-filling of a missed one by a later entry);
3. nothing when DAY is before the task's window, before its first occurrence, or after the window's
   end and outside every occurrence (a mistyped year).

An entry done ahead names its occurrence (`occurrence:` a day of it, as `done --for` writes it: June's
report handed in on 30 May): it counts for the occurrence whose days hold that day, whatever its own date
(still only once its date is by `today`), and for nothing when no occurrence holds it (`named_position`).

A second entry for an occurrence already credited repeats it: the occurrence counts once, on the day
of its earliest entry, whoever logged either. `credited` says what a new entry counts for (what `done`
tells). The state of an occurrence on a day is decided by status/states.py, from what this module
says is counted.

A recurring task owed by each unit or person (`per: unit|person`, model.shares) runs these rules on
each share's own entries (model.share_of says whose an entry is; `share_claims`): each unit owes each
occurrence, and an occurrence counts as done (`counted`) when every share (or every one of `among`)
has done it, on the day the last of them did.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection, Container
from datetime import date
from typing import TYPE_CHECKING

from planctl.format.dates import DateError, Window
from planctl.model import PER_ALL, Completion, Plan, Task, days_and_named, share_of, shares
from planctl.records import NamedTuple

if TYPE_CHECKING:  # format/recurrence.py is imported only when a plan has a recurring task
    from planctl.format.recurrence import Occurrence, Series

CONTAINS = "contains"  # the day is inside the occurrence
REPEAT = "repeat"  # the occurrence is already credited: this entry repeats it (counts once)
LATE = "late"  # the day is after the occurrence's days, before the next one starts (logged late)
AHEAD = "ahead"  # done before the occurrence named (`occurrence:`) starts

Named = list[tuple[int, int]]  # (an entry's day, a day of the occurrence it names) as ordinals: model.named_occurrences


def series_of(task: Task) -> Series | None:
    """The task's occurrences in its planned window, or None when it does not repeat (or has no
    window, or makes too many: `check` reports that). Made once per task and kept on it
    (`Task.repeat_cache`). A window relative to another task moves with it: states.series_on."""
    return series_in(task, task.window)


def series_in(task: Task, window: Window | None) -> Series | None:
    """The task's occurrences in `window` (its planned one, or its window on a day: states.series_on);
    None as `series_of`. The last one made is kept on the task (`Task.repeat_cache`)."""
    if task.repeat is None or window is None:
        return None
    kept = task.repeat_cache
    if kept is not None and kept[0] == (task.repeat, window):
        made: Series | None = kept[1]
        return made
    from planctl.format.recurrence import Series

    try:
        made = Series(task.repeat, window)
    except DateError:
        made = None
    task.repeat_cache = ((task.repeat, window), made, None)
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
    days, named = days_and_named(task.log)  # an entry done ahead counts for the occurrence it names, not by its day
    days.sort()
    taken = claims_of(series, days, today.toordinal(), named)
    if kept is not None and kept[1] is series:
        task.repeat_cache = (kept[0], series, (key, taken))
    return taken


def share_days_of(plan: Plan, task: Task, today: date = date.max) -> dict[str, list[int]]:
    """Each share of a task owed per unit or person (model.shares, in roster order) -> the days (sorted
    ordinals, by `today`) of the entries that are its (model.share_of); entries of no share are left out,
    and so are entries done ahead (`share_named_of`)."""
    return {share: sorted(day for day, named in found if named is None)
            for share, found in _share_entries(plan, task, today).items()}


def share_named_of(plan: Plan, task: Task, today: date = date.max) -> dict[str, Named]:
    """Each share -> its entries done ahead (by `today`), as `Named` pairs."""
    return {share: [(day, named) for day, named in found if named is not None]
            for share, found in _share_entries(plan, task, today).items()}


def _share_entries(plan: Plan, task: Task, today: date) -> dict[str, list[tuple[int, int | None]]]:
    owed = shares(plan, task)
    found: dict[str, list[tuple[int, int | None]]] = {share: [] for share in owed}
    limit = today.toordinal()
    for entry in task.log:
        if entry.date.toordinal() <= limit and (share := share_of(plan, task, entry, owed)) is not None:
            found[share].append((entry.date.toordinal(), entry.occurrence.toordinal() if entry.occurrence else None))
    return found


def share_claims(plan: Plan, task: Task, series: Series, today: date = date.max) -> dict[str, dict[int, int]]:
    """Each share of a task owed per unit or person -> `claims_of` its own entries: occurrence index ->
    the day (ordinal) counted for it."""
    limit = today.toordinal()
    named = share_named_of(plan, task, today)
    return {share: claims_of(series, days, limit, named[share])
            for share, days in share_days_of(plan, task, today).items()}


def claims_of(series: Series, days: list[int], limit: int, named: Named | None = None) -> dict[int, int]:
    """`counted` on ordinals: occurrence index -> the earliest day (ordinal) in `days` counting for it,
    of those up to `limit` (date.max.toordinal() for all), and of the entries done ahead in `named`, each
    for the occurrence it names. `days` in any order: the result is the same."""
    taken: dict[int, int] = {}
    for ordinal in days:
        if ordinal > limit:
            continue
        i = position_of(series, ordinal)
        if i is not None and (i not in taken or ordinal < taken[i]):
            taken[i] = ordinal
    for ordinal, occurrence_day in named or ():
        i = named_position(series, occurrence_day) if ordinal <= limit else None
        if i is not None and (i not in taken or ordinal < taken[i]):
            taken[i] = ordinal
    return taken


def entries_claims(series: Series, entries: list[Completion]) -> dict[int, int]:
    """`claims_of` the given entries (all dates): what `undo` compares before and after an entry goes."""
    days = [e.date.toordinal() for e in entries if e.occurrence is None]
    named = [(e.date.toordinal(), e.occurrence.toordinal()) for e in entries if e.occurrence is not None]
    return claims_of(series, days, date.max.toordinal(), named)


def named_position(series: Series, occurrence_day: int) -> int | None:
    """The index of the occurrence an entry done ahead names (the one whose days hold `occurrence_day`,
    an ordinal), or None when none does."""
    return series.holding(date.fromordinal(occurrence_day))


def position_of(series: Series, ordinal: int) -> int | None:
    """The index of the occurrence an entry dated `ordinal` counts for (the module's rules 1-3), or None."""
    window = series.window
    if ordinal < window.start.toordinal():
        return None
    starts, ends, _ = series.ordinals()
    i = bisect_right(starts, ordinal) - 1  # the latest started by that day
    if i < 0 or (ordinal > window.end.toordinal() and ordinal > ends[i]):
        return None
    return i


class Claim(NamedTuple):
    position: int  # 0-based
    occurrence: Occurrence
    how: str  # CONTAINS, LATE (after its days) or REPEAT (already credited: counts once)


def claim(series: Series, taken: Container[int], day: date, named: date | None = None) -> Claim | None:
    """The occurrence an entry dated `day` counts for (the module's rules; `named`: a day of the occurrence
    an entry done ahead names), REPEAT when it is in `taken` already, AHEAD when it is done before that
    occurrence starts; None when it counts for none (rule 3, or no occurrence holds `named`)."""
    i = position_of(series, day.toordinal()) if named is None else named_position(series, named.toordinal())
    if i is None:
        return None
    occurrence = series.at(i)
    how = (REPEAT if i in taken else AHEAD if day < occurrence.window.start else
           CONTAINS if day <= occurrence.window.end else LATE)
    return Claim(i, occurrence, how)


def credited(plan: Plan, task: Task, series: Series, day: date, share: str | None = None,
             named: date | None = None) -> Claim | None:
    """The occurrence a new completion dated `day` (done ahead for the occurrence holding `named`, when
    given) counts for, by the same rules as every shown state (`counted` on the whole log, all dates):
    CONTAINS, LATE or AHEAD; REPEAT when that occurrence is credited already (by an entry of any day); None
    when it counts for none. A task owed per unit or person: on the entries of `share` (the one the new
    entry is for) alone."""
    return claim(series, claimed_for(plan, task, series, share), day, named)


def claimed_for(plan: Plan, task: Task, series: Series, share: str | None = None) -> dict[int, int]:
    """The occurrences counted for the whole log (all dates): the task's own (`counted`), or, owed per
    unit or person, those of `share` (what `done` and `undo` tell that share)."""
    if task.per != PER_ALL:
        return share_claims(plan, task, series).get(share or "", {})
    return counted(plan, task, series)
