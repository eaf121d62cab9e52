"""The plan as planctl understands it: phases, tasks, quotas, a roster and completion logs.

Every object keeps `pos`, the offset of its YAML node, so problems and edits point at the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from planctl.dates import WhenSpec, Window

PER_ALL = "all"
PER_PERSON = "person"
PER_UNIT = "unit"
PERIODS = ("once", "week", "dekad", "month")


@dataclass(eq=False, slots=True)
class Completion:
    date: date
    by: str | None = None
    unit: str | None = None  # the group unit (e.g. a branch) for per-unit quotas
    amount: float | None = None
    note: str | None = None
    at: datetime | None = None  # when planctl recorded it; `undo` takes back the latest
    pos: int = 0  # offset of the entry's node

    def key(self) -> tuple[object, ...]:
        """What the entry says, for comparing plans (positions excluded)."""
        return (self.date, self.by, self.unit, self.amount, self.note, self.at)


@dataclass(eq=False)
class Quota:
    id: str
    title: str
    who: list[str]
    target: float
    unit: str
    per: str = PER_ALL
    period: str = "once"
    periods: list[WhenSpec] = field(default_factory=list)
    target_for: dict[str, float] = field(default_factory=dict)
    when: WhenSpec | None = None
    note: str | None = None
    log: list[Completion] = field(default_factory=list)
    window: Window | None = None
    period_windows: list[Window] = field(default_factory=list)
    parent: Task | None = None
    outline: str = ""
    pos: int = 0
    node: Any = field(default=None, repr=False)  # the yamltree mapping it was read from

    kind = "quota"


@dataclass(eq=False)
class Task:
    """A phase (depth 1) or a task or sub-task below it."""

    id: str
    title: str
    depth: int = 1
    when: WhenSpec | None = None
    who: list[str] = field(default_factory=list)
    note: str | None = None
    goal: str | None = None
    tasks: list[Task] = field(default_factory=list)
    quotas: list[Quota] = field(default_factory=list)
    log: list[Completion] = field(default_factory=list)
    window: Window | None = None  # resolved; inherited from the parent when `when` is absent
    parent: Task | None = None
    outline: str = ""
    pos: int = 0
    node: Any = field(default=None, repr=False)  # the yamltree mapping it was read from

    @property
    def kind(self) -> str:
        return "phase" if self.depth == 1 else "task"

    @property
    def phase(self) -> Task:
        node = self
        while node.parent is not None:
            node = node.parent
        return node

    def responsible(self) -> list[str]:
        node: Task | None = self
        while node is not None:
            if node.who:
                return node.who
            node = node.parent
        return []


@dataclass(eq=False)
class Group:
    id: str
    name: str
    members: list[str] = field(default_factory=list)
    units: dict[str, Unit] = field(default_factory=dict)
    pos: int = 0
    member_pos: dict[str, int] = field(default_factory=dict)

    def all_members(self) -> list[str]:
        if not self.units:
            return list(self.members)
        seen: dict[str, None] = dict.fromkeys(self.members)
        for unit in self.units.values():
            seen.update(dict.fromkeys(unit.members))
        return list(seen)


@dataclass(eq=False)
class Unit:
    id: str
    name: str
    members: list[str] = field(default_factory=list)
    group: str = ""
    pos: int = 0
    member_pos: dict[str, int] = field(default_factory=dict)


@dataclass(eq=False)
class Roster:
    people: dict[str, str] = field(default_factory=dict)  # id -> display name
    people_pos: dict[str, int] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)

    def name_of(self, ref: str) -> str:
        if ref in self.people:
            return self.people[ref]
        if ref in self.groups:
            return self.groups[ref].name
        for group in self.groups.values():
            if ref in group.units:
                return group.units[ref].name
        return ref

    def units(self) -> dict[str, Unit]:
        return {uid: unit for g in self.groups.values() for uid, unit in g.units.items()}

    def members_of(self, ref: str) -> list[str]:
        """The people a reference stands for: a person, a group, or a unit."""
        if ref in self.people:
            return [ref]
        if ref in self.groups:
            return self.groups[ref].all_members()
        unit = self.units().get(ref)
        return list(unit.members) if unit else []

    def groups_of(self, person: str) -> list[str]:
        return [gid for gid, g in self.groups.items() if person in g.all_members()]

    def units_of(self, person: str, group: str) -> list[str]:
        g = self.groups.get(group)
        return [uid for uid, u in g.units.items() if person in u.members] if g else []


@dataclass(eq=False)
class Plan:
    path: str
    title: str = ""
    year: int | None = None
    roster: Roster = field(default_factory=Roster)
    phases: list[Task] = field(default_factory=list)

    def walk(self) -> list[Task]:
        """Every phase and task, in outline order."""
        out: list[Task] = []
        stack = list(reversed(self.phases))
        while stack:
            task = stack.pop()
            out.append(task)
            stack.extend(reversed(task.tasks))
        return out

    def quotas(self) -> list[Quota]:
        return [q for t in self.walk() for q in t.quotas]

    def items(self) -> list[Task | Quota]:
        out: list[Task | Quota] = []
        for task in self.walk():
            out.append(task)
            out.extend(task.quotas)
        return out

    def find(self, ident: str) -> Task | Quota | None:
        for item in self.items():
            if item.id == ident:
                return item
        return None
