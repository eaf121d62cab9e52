"""Finding a phase, task or quota from what a user typed: an id, an outline number, or part of a title."""

from __future__ import annotations

from collections.abc import Sequence

from planctl.errors import UsageError, did_you_mean
from planctl.model import Item, Plan, Task


def find_item(plan: Plan, query: str, items: Sequence[Item] | None = None, what: str = "task or quota") -> Item:
    """The one item `query` names; UsageError listing candidates when ambiguous, or a did-you-mean."""
    pool = list(plan.items() if items is None else items)
    text = query.strip()
    for item in pool:
        if item.id == text or item.outline == text:
            return item
    lowered = text.casefold()
    exact = [item for item in pool if item.title.casefold() == lowered]
    if len(exact) == 1:
        return exact[0]
    matches = [item for item in pool if lowered and lowered in item.title.casefold()]
    if len(matches) == 1:
        return matches[0]
    if matches:
        listing = "\n".join(f"  {item.id:<16} {item.outline:<8} {item.title}" for item in matches)
        raise UsageError(f"'{query}' is in {len(matches)} titles; say which by id or outline number:\n{listing}")
    names = [item.id for item in pool] + [item.title for item in pool]
    raise UsageError(f"no {what} '{query}'{did_you_mean(text, names)}", hint="'planctl list' shows every id")


def find_phase(plan: Plan, query: str) -> Task:
    item = find_item(plan, query, plan.phases, "phase")
    assert isinstance(item, Task)
    return item


def find_who(plan: Plan, query: str) -> str:
    """A person or group (or unit) id, also found by its name."""
    roster = plan.roster
    refs = {**{p: n for p, n in roster.people.items()}, **{g: grp.name for g, grp in roster.groups.items()},
            **{u: unit.name for u, unit in roster.units().items()}}
    if query in refs:
        return query
    by_name = [ref for ref, name in refs.items() if name == query]
    if len(by_name) == 1:
        return by_name[0]
    raise UsageError(f"no person or group '{query}'{did_you_mean(query, [*refs, *refs.values()])}",
                     hint=f"known: {', '.join(refs)}")
