"""Consistency checks on a read plan: each a small pure function `(plan) -> list[Problem]`."""

from __future__ import annotations

from collections.abc import Callable

from planctl.errors import WARNING, Problem
from planctl.errors import did_you_mean
from planctl.model import PER_PERSON, PER_UNIT, Completion, Plan, Quota, Task

Validator = Callable[[Plan], list[Problem]]


def validate(plan: Plan) -> list[Problem]:
    problems: list[Problem] = []
    for check in VALIDATORS:
        problems.extend(check(plan))
    return problems


def _at(node: object, key: str, fallback: int) -> int:
    value = node.get(key) if node is not None else None  # type: ignore[attr-defined]
    return value.start if value is not None else fallback


def _ref_at(node: object, key: str, ref: str, fallback: int) -> int:
    """The offset of one reference inside `key: ref` or `key: [a, ref]`."""
    value = node.get(key) if node is not None else None  # type: ignore[attr-defined]
    if value is None:
        return fallback
    for item in value.value if value.kind == "seq" else [value]:
        if item.value == ref:
            return int(item.start)
    return int(value.start)


def unique_ids(plan: Plan) -> list[Problem]:
    seen: dict[str, Task | Quota] = {}
    problems = []
    for item in plan.items():
        if item.id.startswith("#"):
            continue
        if item.id in seen:
            first = seen[item.id]
            problems.append(Problem(_at(item.node, "id", item.pos), f"duplicate id '{item.id}' (also {first.kind} {first.outline})"))
        else:
            seen[item.id] = item
    return problems


def roster_references(plan: Plan) -> list[Problem]:
    roster = plan.roster
    problems = []
    for pid in roster.people:
        if pid in roster.groups:
            problems.append(Problem(roster.people_pos[pid], f"'{pid}' is both a person and a group; ids must differ"))
    for group in roster.groups.values():
        members = [*group.members, *(m for u in group.units.values() for m in u.members)]
        for member in members:
            if member not in roster.people:
                problems.append(Problem(group.pos, f"group '{group.id}' lists unknown person '{member}'{did_you_mean(member, roster.people)}"))
    return problems


def who_references(plan: Plan) -> list[Problem]:
    roster = plan.roster
    known = [*roster.people, *roster.groups, *roster.units()]
    problems = []
    for item in plan.items():
        for ref in item.who:
            if ref not in known:
                problems.append(Problem(_ref_at(item.node, "who", ref, item.pos), f"{item.kind} '{item.id}': unknown person or group '{ref}'{did_you_mean(ref, known)}"))
    return problems


def quota_shape(plan: Plan) -> list[Problem]:
    roster = plan.roster
    problems = []
    for quota in plan.quotas():
        if quota.target <= 0:
            problems.append(Problem(_at(quota.node, "target", quota.pos), f"quota '{quota.id}': the target must be more than zero, not {quota.target:g}"))
        for gid, amount in quota.target_for.items():
            if gid not in roster.groups:
                problems.append(Problem(_at(quota.node, "target_for", quota.pos), f"quota '{quota.id}': target_for names unknown group '{gid}'{did_you_mean(gid, roster.groups)}"))
            if amount <= 0:
                problems.append(Problem(_at(quota.node, "target_for", quota.pos), f"quota '{quota.id}': the target for '{gid}' must be more than zero"))
        if quota.per == PER_UNIT and not any(roster.groups[g].units for g in quota.who if g in roster.groups):
            problems.append(Problem(_at(quota.node, "per", quota.pos), f"quota '{quota.id}' is per unit, but none of its groups has units"))
    return problems


def log_references(plan: Plan) -> list[Problem]:
    roster = plan.roster
    units = roster.units()
    problems = []
    for item in plan.items():
        for entry in item.log:
            if entry.by is not None and entry.by not in roster.people:
                problems.append(Problem(entry.pos, f"completion by unknown person '{entry.by}'{did_you_mean(entry.by, roster.people)}"))
            if entry.unit is not None and entry.unit not in units:
                problems.append(Problem(entry.pos, f"completion for unknown unit '{entry.unit}'{did_you_mean(entry.unit, units)}"))
            if isinstance(item, Quota):
                problems.extend(_quota_entry_problems(plan, item, entry))
    return problems


def _quota_entry_problems(plan: Plan, quota: Quota, entry: Completion) -> list[Problem]:
    if quota.per == PER_PERSON and entry.by is None:
        return [Problem(entry.pos, f"quota '{quota.id}' counts per person: this completion needs 'by'")]
    if quota.per == PER_UNIT and entry.unit is None:
        from planctl.quotas import unit_of_entry

        if entry.by in plan.roster.people and unit_of_entry(plan, quota, entry) is None:
            return [Problem(entry.pos, f"quota '{quota.id}' counts per unit: say which with 'unit' ('{entry.by}' is in none or several)")]
        if entry.by is None:
            return [Problem(entry.pos, f"quota '{quota.id}' counts per unit: this completion needs 'unit' or 'by'")]
    return []


def windows_nested(plan: Plan) -> list[Problem]:
    """A task outside its parent's window is a warning: plans do run over, as this one's quota does."""
    problems = []
    for task in plan.walk():
        parent = task.parent
        if parent is None or task.window is None or parent.window is None or task.when is None:
            continue
        if not parent.window.covers(task.window):
            problems.append(Problem(
                _at(task.node, "when", task.pos),
                f"{task.kind} '{task.id}' ({task.window.iso()}) is outside {parent.kind} '{parent.id}' ({parent.window.iso()})",
                WARNING,
            ))
    for quota in plan.quotas():
        parent = quota.parent
        if parent is None or quota.window is None or parent.window is None:
            continue
        if not parent.window.covers(quota.window):
            problems.append(Problem(
                _at(quota.node, "periods", _at(quota.node, "when", quota.pos)),
                f"quota '{quota.id}' ({quota.window.iso()}) is outside {parent.kind} '{parent.id}' ({parent.window.iso()})",
                WARNING,
            ))
    return problems


VALIDATORS: list[Validator] = [unique_ids, roster_references, who_references, quota_shape, log_references, windows_nested]
