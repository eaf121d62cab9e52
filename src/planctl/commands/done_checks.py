"""What `done` says or asks before and after it records, so that a slip does not pass in silence.

- Logging a phase or a parent task closes every open sub-task below it: `done` names them, asks on a
  terminal, and without a terminal needs `--yes`. A recurring sub-task is not closed (its occurrences
  keep running: status/states.py `logged_ancestor`), so it is not named.
- A `--date` after today is most likely a typo (a month off): it is recorded with a note, and one more
  than FUTURE_DAYS days ahead is refused unless `--future` is given.
- The same person logging the same amount on the same day again is recorded, and said (the Nth entry).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from planctl.errors import UsageError
from planctl.format.units import display_amount
from planctl.model import Completion, Plan, Quota, Task
from planctl.status.occurrences import CONTAINS, EARLY, LATE, REPEAT, claims_of, counted, credited, series_of

FUTURE_DAYS = 7  # how far after today a --date is recorded without --future (README, docs/plan-format.md)


def open_sub_tasks(plan: Plan, item: Task | Quota) -> list[Task]:
    """The sub-tasks below `item` that are not done yet: what logging `item` closes with them (not a
    recurring one, nor those below it: a parent's completion does not close its occurrences)."""
    if not isinstance(item, Task) or not item.tasks:
        return []
    from planctl.status.agenda import is_done

    below: list[Task] = []
    stack = list(reversed(item.tasks))
    while stack:
        task = stack.pop()
        if task.repeat is None and not is_done(plan, task):
            below.append(task)
            stack.extend(reversed(task.tasks))
    return below


def closes_line(item: Task, closing: list[Task], limit: int = 5) -> str:
    """"also closes 3 sub-tasks: 2.6.1 x, 2.6.2 y, …" (at most `limit` named)."""
    named = ", ".join(f"{task.outline} {task.title}" for task in closing[:limit])
    more = f", and {len(closing) - limit} more" if len(closing) > limit else ""
    what = "phase" if item.parent is None else "task"
    count = f"{len(closing)} sub-task{'s' if len(closing) != 1 else ''}"
    return f"{what} {item.outline} {item.id} {item.title}: also closes {count}: {named}{more}"


def confirm_closing(item: Task, closing: list[Task], yes: bool, ask: Callable[[str], bool]) -> bool:
    """Whether to go on and record `item`: with --yes, or when the person says so (`ask` raises a
    UsageError naming --yes when there is no one to answer)."""
    if yes:
        return True
    return ask(f"{closes_line(item, closing)}. Record it?")


def check_future(day: date, today: date, future: bool) -> str | None:
    """A note for a day after `today`; UsageError for one more than FUTURE_DAYS ahead without --future."""
    if day <= today:
        return None
    ahead = (day - today).days
    if ahead > FUTURE_DAYS and not future:
        raise UsageError(f"--date {day.isoformat()} is {ahead} days after today ({today.isoformat()})",
                         hint=f"check the month; to record a day more than {FUTURE_DAYS} days ahead, pass --future")
    return f"{day.isoformat()} is {ahead} day{'s' if ahead != 1 else ''} after today ({today.isoformat()})"


def occurrence_note(item: Task | Quota, day: date, again: bool) -> tuple[str | None, str | None]:
    """For a recurring task: (why nothing is recorded, or None; which occurrence the entry dated
    `day` counts for, by status/occurrences.py's rules). The occurrence holding `day` is logged once
    unless `again`. (None, None) for any other item."""
    series = series_of(item) if isinstance(item, Task) else None
    if series is None or not isinstance(item, Task):
        return None, None
    found = credited(item, series, day)
    if found is not None and found.how == REPEAT:
        first = date.fromordinal(counted(item, series)[found.position]).isoformat()
        if not again:
            return (f"{item.id} {item.title}: the occurrence of {found.occurrence.key} is already done (logged "
                    f"{first}); nothing recorded (use --again to log it again, or --date for another occurrence)"), ""
        return None, (f"repeats the occurrence of {found.occurrence.key} (done {first}); it counts once, "
                      "not for another occurrence")
    if found is None:
        if not again:
            return (f"{item.id} {item.title}: every occurrence is done; nothing recorded "
                    "(use --again to log it again)"), ""
        return None, f"every occurrence of {item.id} is done already; this entry counts for none"
    what = {CONTAINS: "the occurrence of", LATE: "the latest open occurrence,", EARLY: "the next occurrence,"}
    return None, (f"counts for {what[found.how]} {found.occurrence.key} (occurrence {found.position + 1} of "
                  f"{series.count})")


def occurrence_taken_back(item: Task | Quota, entry: Completion) -> str | None:
    """For `undo` on a recurring task: the occurrence the entry counted for, open again once it goes."""
    series = series_of(item) if isinstance(item, Task) else None
    if series is None or not isinstance(item, Task):
        return None
    days = sorted(e.date.toordinal() for e in item.log)
    days.remove(entry.date.toordinal())
    reopened = set(counted(item, series)) - set(claims_of(series, days, date.max.toordinal()))
    return f"the occurrence of {series.at(min(reopened)).key} is open again" if reopened else None


def repeat_note(item: Task | Quota, entry: Completion, name_of: Callable[[str], str]) -> str | None:
    """"this is the 3rd entry …" when the log already has entries alike (same day, person, unit, amount)."""
    alike = sum(1 for old in item.log if (old.date, old.by, old.unit, old.amount) ==
                (entry.date, entry.by, entry.unit, entry.amount))
    if not alike:
        return None
    nth = alike + 1
    who = f" by {name_of(entry.by)}" if entry.by else ""
    how_much = f" of {display_amount(entry.amount, item.unit)}" if isinstance(item, Quota) and entry.amount else ""
    return (f"this is the {_ordinal(nth)} entry{how_much}{who} on {entry.date.isoformat()} for {item.id}; "
            "'planctl undo' takes back the last one")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
