"""The completions of a plan in time order, filtered: what `planctl log` lists (issue 19).

Pure: the plan and the filters are inputs.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from planctl.model import Completion, Plan, Quota, Roster, Task, is_within


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
