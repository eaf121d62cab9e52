"""Finding a phase, task or quota from what a user typed: an id, an outline number, or part of a title."""

from __future__ import annotations

from collections.abc import Sequence

from planctl.errors import UsageError, did_you_mean
from planctl.i18n import N_, _
from planctl.model import Item, Plan, Task, is_within

WHATS = (N_("task or quota"), N_("phase"), N_("item"))  # the `what` of find_item, translated in its message


def find_item(plan: Plan, query: str, items: Sequence[Item] | None = None, what: str = "task or quota",
              *, specific: bool = False) -> Item:
    """The one item `query` names; UsageError listing candidates when ambiguous, or a did-you-mean.

    In this order (docs/plan-format.md "Naming an item"): an id or outline number as written names its
    item; else one written in another case (`HW` for the quota `hw`) when only one item's id or outline
    is it (two or more are listed: never a guess); else `query` is looked for in titles: a whole title
    wins, else the one title that holds it; when no title holds it as typed, titles and `query` are
    compared loosely (`_loosely`: white space, full-width forms and hidden characters). With `specific`
    (what `done` records on), an item whose
    title holds it but that contains such a sub-task gives way to it: `done 活动总结` means the task
    做好活动总结, not the phase 活动总结 around it; other matches (a task and its quota too) are listed.
    """
    pool = list(plan.items() if items is None else items)
    text = query.strip()
    for item in pool:
        if item.id == text or item.outline == text:
            return item
    lowered = text.casefold()
    cased = [item for item in pool if lowered and lowered in (item.id.casefold(), item.outline.casefold())]
    if len(cased) == 1:
        return cased[0]
    if cased:
        raise UsageError(_("'{query}' is the id of {len} items written in other cases; say which by its exact id or "
                           "outline number:").format(query=query, len=len(cased)),
                         rows=[[item.id, item.outline, item.title] for item in cased])
    key = _same_case
    matches = [item for item in pool if lowered and lowered in item.title.casefold()]
    if not matches and text:
        key, lowered = _loosely, _loosely(text)
        matches = [item for item in pool if lowered and lowered in _loosely(item.title)]
    if specific:
        innermost = [item for item in matches
                     if not any(isinstance(other, Task) and is_within(other, item) for other in matches)]
        if len(innermost) == 1:
            return innermost[0]
        matches = innermost or matches
    exact = [item for item in matches if key(item.title) == lowered]
    if len(exact) == 1:
        return exact[0]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise UsageError(_("'{query}' is in {len} titles; say which by id or outline number:").format(query=query, len=len(matches)),
                         rows=[[item.id, item.outline, item.title] for item in matches])
    names = [item.id for item in pool] + [item.title for item in pool]
    raise UsageError(_("no {what} '{query}'{did_you_mean}").format(
                         what=_(what), query=query, did_you_mean=did_you_mean(text, names)),
                     hint=_("'planctl list' shows every id"))


def _same_case(title: str) -> str:
    return title.casefold()


def _loosely(title: str) -> str:
    """A title as a person may type it back: NFKC (a full-width space or letter as its plain form),
    any case, no white space at all, and a hidden character as the escape views show for it (`\\x1b`,
    format/controls.py), so that a title copied from `check` or `list` finds its item."""
    import unicodedata

    from planctl.format.controls import escape, hidden

    shown = hidden().sub(lambda found: escape(found.group()), unicodedata.normalize("NFKC", title))
    return "".join(shown.casefold().split())


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
    from planctl.format import names

    raise UsageError(_("no person or group '{query}'{did_you_mean}").format(
                         query=query, did_you_mean=names.did_you_mean_ref(query, refs)),
                     hint=_("known: {join}").format(join=names.known(refs, near=query)))
