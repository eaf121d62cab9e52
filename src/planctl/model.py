"""The plan as planctl understands it: phases, tasks, quotas, a roster and completion logs.

Every object keeps `pos`, the offset of its YAML node, so problems and edits point at the file.
"""

from __future__ import annotations

import bisect
import marshal
from collections.abc import Iterable, Iterator, MutableSequence, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, overload

from planctl.format.dates import WhenSpec, Window
from planctl.format.relative import Relative

if TYPE_CHECKING:
    from planctl.format.recurrence import Recurrence

PER_ALL = "all"
PER_PERSON = "person"
PER_UNIT = "unit"
# A task's roles besides `who` (docs/plan-format.md "Roles"): roster references, then plain text.
ROLE_REFS = ("lead", "helpers", "participants", "report_to")
ROLE_TEXTS = ("speakers", "guests")
ROLES = (*ROLE_REFS, *ROLE_TEXTS)
# The keys that write them: each role's own name, and the words of Chinese plans.
ROLE_KEYS = {**{role: role for role in ROLES}, "牵头": "lead", "配合": "helpers", "参加": "participants",
             "报送": "report_to", "主讲": "speakers", "嘉宾": "guests"}
PERIODS = ("once", "week", "dekad", "month", "quarter", "half-year", "year")


# The model's classes are written out rather than made with @dataclass: a dataclass generates and
# compiles its methods on every run, about half a millisecond a class, and every command imports
# these. They compare by identity, as the dataclasses (eq=False) did.


class Completion:
    __slots__ = ("date", "by", "unit", "amount", "note", "at", "pos", "occurrence")

    def __init__(self, date: date, by: str | None = None, unit: str | None = None, amount: float | None = None,
                 note: str | None = None, at: datetime | None = None, pos: int = 0,
                 occurrence: date | None = None) -> None:
        self.date = date
        self.by = by
        self.unit = unit  # the group unit (e.g. a branch) for per-unit quotas
        self.amount = amount
        self.note = note
        self.at = at  # when planctl recorded it; `undo` takes back the latest
        self.pos = pos  # offset of the entry's node
        # A recurring task's entry done ahead (`done --for`): a day of the occurrence it counts for, whatever
        # its date (status/occurrences.py); None: its date decides
        self.occurrence = occurrence

    def __repr__(self) -> str:
        return (f"Completion(date={self.date!r}, by={self.by!r}, unit={self.unit!r}, amount={self.amount!r}, "
                f"note={self.note!r}, at={self.at!r}, pos={self.pos!r}, occurrence={self.occurrence!r})")

    def key(self) -> tuple[object, ...]:
        """What the entry says, for comparing plans (positions excluded)."""
        return (self.date, self.by, self.unit, self.amount, self.note, self.at, self.occurrence)


# A log's entries as columns, as the cache stores them and the fast log reader (format/fastlog.py) reads
# them: day ordinals, by, unit, amount, note, `at` as written (ISO text) or None, offsets; and, only in a
# log that has an entry done ahead (`occurrence:`, which the fast reader leaves to YAML), an eighth column of
# the ordinals of the occurrences named (0 for none).
Columns = list[list[Any]]
OCCURRENCE_COLUMN = 7
UNKNOWN_LAST = 3_652_059  # LazyLog.max_ordinal when not known: date.max's ordinal (no day is after it)


class LazyLog(MutableSequence[Completion]):
    """A log whose entries are built only when someone looks at them: read from the cache (a
    marshal blob of its columns) or by the fast log reader (the columns themselves).

    `planctl due` on a large plan needs, for most tasks, only whether anything was logged by a
    day, which `min_ordinal` answers without building a Completion per entry; `planctl check`
    needs only what the columns say (format/validate.py), and the cache stores them as they are.
    """

    __slots__ = ("_entries", "_blob", "_columns", "size", "min_ordinal", "first_pos", "delta", "max_ordinal")

    def __init__(self, blob: bytes | None, size: int, min_ordinal: int, first_pos: int, delta: int = 0,
                 max_ordinal: int = UNKNOWN_LAST, columns: Columns | None = None) -> None:
        self._entries: list[Completion] | None = None
        self._blob = blob  # marshal of the columns as a tuple (see cache.py); made from `columns` when asked
        self._columns = columns
        self.size = size  # how many entries
        self.min_ordinal = min_ordinal
        self.first_pos = first_pos  # offset of the first entry as the blob has it
        self.delta = delta  # to add to the blob's offsets: the text moved since it was written
        self.max_ordinal = max_ordinal  # the latest day (0 for none; UNKNOWN_LAST: not known, any day may be)

    @classmethod
    def of_columns(cls, columns: Columns) -> LazyLog:
        """A log of these columns (Columns; at least one entry), offsets as they are."""
        days = columns[0]
        return cls(None, len(days), min(days), columns[6][0], 0, max(days), columns)

    @property
    def materialized(self) -> bool:
        return self._entries is not None

    @property
    def blob(self) -> bytes:
        """The columns as the cache stores them (marshal of a tuple), offsets before `delta`."""
        if self._blob is None:
            assert self._columns is not None
            self._blob = marshal.dumps(tuple(self._columns))
        return self._blob

    def stored_columns(self) -> Columns | tuple[list[Any], ...]:
        """The columns (offsets before `delta`), without building entries: for checks that look at
        values alone. Only for a log not materialized (its entries may have changed since)."""
        return self._columns if self._columns is not None else marshal.loads(self.blob)

    def entries(self) -> list[Completion]:
        if self._entries is None:
            columns = self.stored_columns()
            days, by, unit, amount, note, at, pos = columns[:7]
            fromordinal, fromiso, delta = date.fromordinal, datetime.fromisoformat, self.delta
            self._entries = [
                Completion(fromordinal(d), b, u, a, n, fromiso(t) if t else None, p + delta)
                for d, b, u, a, n, t, p in zip(days, by, unit, amount, note, at, pos, strict=True)
            ]
            if len(columns) > OCCURRENCE_COLUMN:  # a log with an entry done ahead (cache.dump_log)
                for entry, named in zip(self._entries, columns[OCCURRENCE_COLUMN], strict=True):
                    entry.occurrence = fromordinal(named) if named else None
            self._columns = None  # the entries are the truth from now on
        return self._entries

    def entries_within(self, first: date, last: date) -> list[Completion]:
        """The entries dated from `first` to `last`, in log order. Not materialized, only those are
        built (copies: the log stays lazy, and an entry changed must be changed through the log)."""
        if self._entries is not None:
            return [entry for entry in self._entries if first <= entry.date <= last]
        low, high = first.toordinal(), last.toordinal()
        if not self.size or self.min_ordinal > high or self.max_ordinal < low:  # nothing decoded
            return []
        columns = self.stored_columns()
        return self._copies(columns, [i for i, d in enumerate(columns[0]) if low <= d <= high])

    def copies_at(self, places: Iterable[int]) -> list[Completion]:
        """The entries at these 0-based places of a log not materialized, built from its columns alone, in
        the order given (copies, as `entries_within`'s: the log stays lazy)."""
        return self._copies(self.stored_columns(), places)

    def _copies(self, columns: Columns | tuple[list[Any], ...], places: Iterable[int]) -> list[Completion]:
        days, by, unit, amount, note, at, pos = columns[:7]
        named: list[int] = columns[OCCURRENCE_COLUMN] if len(columns) > OCCURRENCE_COLUMN else [0] * len(days)
        fromordinal, fromiso, delta = date.fromordinal, datetime.fromisoformat, self.delta
        return [Completion(fromordinal(days[i]), by[i], unit[i], amount[i], note[i], fromiso(at[i]) if at[i] else None,
                           pos[i] + delta, fromordinal(named[i]) if named[i] else None)
                for i in places]

    def shift(self, at: int, delta: int) -> None:
        """Offsets at or after `at` moved by `delta` (a log's entries are contiguous, so all or none)."""
        if self._entries is not None:
            for entry in self._entries:
                if entry.pos >= at:
                    entry.pos += delta
        elif self.size and self.first_pos + self.delta >= at:
            self.delta += delta

    def __len__(self) -> int:
        return self.size if self._entries is None else len(self._entries)

    def __iter__(self) -> Iterator[Completion]:
        return iter(self.entries())

    @overload
    def __getitem__(self, index: int) -> Completion: ...
    @overload
    def __getitem__(self, index: slice) -> list[Completion]: ...
    def __getitem__(self, index: int | slice) -> Completion | list[Completion]:
        return self.entries()[index]

    def __setitem__(self, index: Any, value: Any) -> None:
        self.entries()[index] = value

    def __delitem__(self, index: Any) -> None:
        del self.entries()[index]

    def insert(self, index: int, value: Completion) -> None:
        self.entries().insert(index, value)


def lazy_columns(log: MutableSequence[Completion]) -> Columns | tuple[list[Any], ...] | None:
    """`log.stored_columns()` of a LazyLog not materialized, else None: what a check asks of each of a large
    plan's 100,000 logs, in one call (isinstance, `materialized` and `stored_columns` were three)."""
    if isinstance(log, LazyLog) and log._entries is None:
        columns = log._columns
        return columns if columns is not None else marshal.loads(log.blob)
    return None


def logged_by(log: MutableSequence[Completion], day: date) -> bool:
    """Whether anything in the log is dated `day` or earlier."""
    if isinstance(log, LazyLog) and log._entries is None:  # not materialized (without the property's call)
        return bool(log.size) and log.min_ordinal <= day.toordinal()
    return any(entry.date <= day for entry in log)


def first_logged(log: MutableSequence[Completion], day: date) -> date | None:
    """The earliest date in the log that is `day` or earlier; None when none is. A log read from the
    cache answers from its smallest day alone (no entry built: `export ics` asks it of every task)."""
    if isinstance(log, LazyLog) and not log.materialized:
        return date.fromordinal(log.min_ordinal) if log.size and log.min_ordinal <= day.toordinal() else None
    return min((entry.date for entry in log if entry.date <= day), default=None)


def last_logged(log: MutableSequence[Completion], day: date) -> date | None:
    """The latest date in the log that is `day` or earlier; None when none is (a cached log's days
    are read from its columns, no entry built)."""
    if isinstance(log, LazyLog) and not log.materialized:
        if not log.size or log.min_ordinal > day.toordinal():
            return None
        limit = day.toordinal()
        return date.fromordinal(max(d for d in log.stored_columns()[0] if d <= limit))
    return max((entry.date for entry in log if entry.date <= day), default=None)


def logged_within(log: MutableSequence[Completion], first: date, last: date) -> bool:
    """Whether anything in the log is dated from `first` to `last`, without building the entries of a
    log read from the cache (so that the later `logged_by` of a log nothing was found in stays quick)."""
    if isinstance(log, LazyLog) and not log.materialized:
        low, high = first.toordinal(), last.toordinal()
        if not log.size or log.min_ordinal > high or log.max_ordinal < low:
            return False
        return any(low <= day <= high for day in marshal.loads(log.blob)[0])
    return any(first <= entry.date <= last for entry in log)


def logs_within(items: Sequence[Item], first: date, last: date) -> list[tuple[Item, Columns | tuple[list[Any], ...] | None,
                                                                             list[int]]]:
    """The items whose log has an entry dated from `first` to `last`, in order, each with its log's columns and the
    places of those entries (0-based, in log order) when the log is read from the cache and not built; with None
    and [] when it is built (its entries: `entries_within`). A log not built answers from its first and last days
    (LazyLog `min_ordinal`, `max_ordinal`) and is decoded once, only when they reach into the days: a report's
    ledger of one week of a large plan, most of whose logs end before it."""
    low, high = first.toordinal(), last.toordinal()
    out: list[tuple[Item, Columns | tuple[list[Any], ...] | None, list[int]]] = []
    for item in items:
        log = item.log
        if type(log) is LazyLog and log._entries is None:
            if not log.size or log.min_ordinal > high or log.max_ordinal < low:
                continue
            columns = log.stored_columns()
            places = [i for i, day in enumerate(columns[0]) if low <= day <= high]
            if places:
                out.append((item, columns, places))
        elif logged_within(log, first, last):
            out.append((item, None, []))
    return out


def entries_within(log: MutableSequence[Completion], first: date, last: date) -> list[Completion]:
    """The log's entries dated from `first` to `last`, in log order; of a log read from the cache only
    those are built (`LazyLog.entries_within`): a report's ledger of one week of a long log."""
    if isinstance(log, LazyLog):
        return log.entries_within(first, last)
    return [entry for entry in log if first <= entry.date <= last]


def logged_days(log: MutableSequence[Completion]) -> list[int]:
    """The days of a log's entries as ordinals, in log order, without building the entries of a log
    read from the cache (a recurring task's log is matched to its occurrences by day alone)."""
    if isinstance(log, LazyLog) and not log.materialized:
        return list(log.stored_columns()[0])
    return [entry.date.toordinal() for entry in log]


def days_and_named(log: MutableSequence[Completion]) -> tuple[list[int], list[tuple[int, int]]]:
    """`logged_days` of the entries that do not name an occurrence, and `named_occurrences`, from one look
    at a cached log's columns (a recurring task's log, matched to its occurrences: status/occurrences.py)."""
    if isinstance(log, LazyLog) and not log.materialized:
        columns = log.stored_columns()
        if len(columns) <= OCCURRENCE_COLUMN:
            return list(columns[0]), []
        pairs = list(zip(columns[0], columns[OCCURRENCE_COLUMN], strict=True))
        return [day for day, named in pairs if not named], [(day, named) for day, named in pairs if named]
    return ([entry.date.toordinal() for entry in log if entry.occurrence is None],
            [(entry.date.toordinal(), entry.occurrence.toordinal()) for entry in log if entry.occurrence is not None])


def named_occurrences(log: MutableSequence[Completion]) -> list[tuple[int, int]]:
    """(day, a day of the occurrence named) as ordinals for each entry done ahead (`occurrence:`), in log
    order; [] at once for a log read from the cache that has none (no eighth column: model.Columns)."""
    if isinstance(log, LazyLog) and log._entries is None:  # not materialized, without the property's call (`lazy_columns`)
        columns = log._columns if log._columns is not None else marshal.loads(log.blob)
        if len(columns) <= OCCURRENCE_COLUMN:
            return []
        return [(day, named) for day, named in zip(columns[0], columns[OCCURRENCE_COLUMN], strict=True) if named]
    return [(entry.date.toordinal(), entry.occurrence.toordinal()) for entry in log if entry.occurrence is not None]


class Quota:
    kind = "quota"

    def __init__(self, id: str, title: str, who: list[str], target: float, unit: str, per: str = PER_ALL,
                 period: str = "once", periods: list[WhenSpec] | None = None, target_for: dict[str, float] | None = None,
                 when: WhenSpec | None = None, note: str | None = None, log: MutableSequence[Completion] | None = None,
                 window: Window | None = None, period_windows: list[Window] | None = None, parent: Task | None = None,
                 outline: str = "", pos: int = 0, node: Any = None, bound: str = "at-least",
                 pace: str | None = None) -> None:
        self.id = id
        self.title = title
        self.who = who
        self.target = target
        self.bound = bound  # "at-least" (a floor: today's reading) or "at-most" (a ceiling); format/targets.py
        self.pace = pace  # "even", "none", or None: the default of status/quotas.py `paced`
        self.unit = unit
        self.per = per
        self.period = period
        self.periods = periods if periods is not None else []
        self.target_for = target_for if target_for is not None else {}
        self.when = when
        self.note = note
        self.log: MutableSequence[Completion] = log if log is not None else []
        self.window = window
        self.period_windows = period_windows if period_windows is not None else []
        self.parent = parent
        self.outline = outline
        self.pos = pos
        self.node = node  # the yamltree mapping it was read from
        self.weeks = ""  # `weeks:` (blocks or calendar) for `period: week`; "": the plan's (read by the loader)
        # `repeat:` (format/recurrence.py): each occurrence in the window is one period (recurrence.quota_periods)
        self.repeat: Recurrence | None = None
        # quotas.totals(): amounts per (period, scope) by (log length, day), so each is summed once a run
        self.totals_cache: dict[Any, Any] = {}

    def __repr__(self) -> str:
        return f"Quota(id={self.id!r}, outline={self.outline!r})"


class Task:
    """A phase (depth 1) or a task or sub-task below it."""

    # Issue 15: each unit's or person's share, roles beyond `who`, and what it waits on. Class-level
    # defaults (immutable), set per task by the loader and the cache; status/states.py reads them.
    per: str = PER_ALL  # PER_UNIT: owed once by each unit of `who`'s groups; PER_PERSON: by each person
    roles: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (role, refs or text) in ROLES order, non-empty only
    after: tuple[str, ...] = ()  # ids of the items it waits for
    relative: Relative | None = None  # a window written relative to another task (format/relative.py)

    def __init__(self, id: str, title: str, depth: int = 1, when: WhenSpec | None = None, who: list[str] | None = None,
                 note: str | None = None, goal: str | None = None, tasks: list[Task] | None = None,
                 quotas: list[Quota] | None = None, log: MutableSequence[Completion] | None = None,
                 window: Window | None = None, parent: Task | None = None, outline: str = "", pos: int = 0,
                 node: Any = None, repeat: Recurrence | None = None) -> None:
        self.id = id
        self.title = title
        self.depth = depth
        self.repeat = repeat  # how it repeats inside its window (format/recurrence.py); None: once
        # status/occurrences.py: ((repeat, window), its Series, (key, completions counted)) for this run
        self.repeat_cache: tuple[Any, Any, Any] | None = None
        self.when = when
        self.who = who if who is not None else []
        self.note = note
        self.goal = goal
        self.tasks = tasks if tasks is not None else []
        self.quotas = quotas if quotas is not None else []
        self.log: MutableSequence[Completion] = log if log is not None else []
        self.window = window  # resolved; inherited from the parent when `when` is absent
        self.parent = parent
        self.outline = outline
        self.pos = pos
        self.node = node  # the yamltree mapping it was read from
        # The class's defaults, kept on each task too: read from the instance, they cost a third of what a
        # class attribute does, and a view of every task reads them of thousands (issue 20)
        self.per = PER_ALL
        self.roles = ()
        self.after = ()
        self.relative = None

    def __repr__(self) -> str:
        return f"Task(id={self.id!r}, outline={self.outline!r})"

    @property
    def kind(self) -> str:
        return "phase" if self.depth == 1 else "task"

    @property
    def phase(self) -> Task:
        node = self
        while node.parent is not None:
            node = node.parent
        return node

    def role(self, name: str) -> tuple[str, ...]:
        """The refs (or, for ROLE_TEXTS, the names) the task gives role `name`; () when none."""
        return next((refs for role, refs in self.roles if role == name), ())

    def waits_for(self) -> list[str]:
        """The ids it waits for: `after`, and the anchor of a window after another task."""
        ids = list(self.after)
        if self.relative is not None and self.relative.waits and self.relative.anchor not in ids:
            ids.append(self.relative.anchor)
        return ids

    def responsible(self) -> list[str]:
        node: Task | None = self
        while node is not None:
            if node.who:
                return node.who
            node = node.parent
        return []


class Group:
    def __init__(self, id: str, name: str, members: list[str] | None = None, units: dict[str, Unit] | None = None,
                 pos: int = 0, member_pos: dict[str, int] | None = None) -> None:
        self.id = id
        self.name = name
        self.members = members if members is not None else []
        self.units = units if units is not None else {}
        self.pos = pos
        self.member_pos = member_pos if member_pos is not None else {}

    def __repr__(self) -> str:
        return f"Group(id={self.id!r}, members={self.members!r})"

    def all_members(self) -> list[str]:
        if not self.units:
            return list(self.members)
        seen: dict[str, None] = dict.fromkeys(self.members)
        for unit in self.units.values():
            seen.update(dict.fromkeys(unit.members))
        return list(seen)


class Unit:
    def __init__(self, id: str, name: str, members: list[str] | None = None, group: str = "", pos: int = 0,
                 member_pos: dict[str, int] | None = None) -> None:
        self.id = id
        self.name = name
        self.members = members if members is not None else []
        self.group = group
        self.pos = pos
        self.member_pos = member_pos if member_pos is not None else {}

    def __repr__(self) -> str:
        return f"Unit(id={self.id!r}, group={self.group!r}, members={self.members!r})"


class Roster:
    def __init__(self, people: dict[str, str] | None = None, people_pos: dict[str, int] | None = None,
                 groups: dict[str, Group] | None = None, emails: dict[str, list[str]] | None = None) -> None:
        self.people = people if people is not None else {}  # id -> display name
        self.people_pos = people_pos if people_pos is not None else {}
        self.groups = groups if groups is not None else {}
        self.emails = emails if emails is not None else {}  # person id -> their email addresses

    def __repr__(self) -> str:
        return f"Roster(people={list(self.people)!r}, groups={list(self.groups)!r})"

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

    def units_of(self, person: str, group: str) -> list[str]:
        g = self.groups.get(group)
        return [uid for uid, u in g.units.items() if person in u.members] if g else []


Item = Task | Quota  # what a user can name in `done` or `show`: a phase, a task or a quota


def is_within(item: Item, outer: Item) -> bool:
    """Whether `item` is a sub-task or quota somewhere below `outer` (its parent, or its parent's…); an item
    is not within itself."""
    parent = item.parent
    while parent is not None:
        if parent is outer:
            return True
        parent = parent.parent
    return False


class Plan:
    def __init__(self, path: str, title: str = "", year: int | None = None, roster: Roster | None = None,
                 phases: list[Task] | None = None, note: str | None = None) -> None:
        self.path = path
        self.title = title
        self.year = year
        self.roster = roster if roster is not None else Roster()
        self.phases = phases if phases is not None else []
        self.note = note
        # The plan's calendar, as `format/dates.py` reads it: `horizon` (the end of a window written without
        # one; None: the latest end of the plan's windows), `week1` (the first day of 第1周) and `weeks`
        # (how `period: week` cuts: "blocks" of 7 days from the window's start, or "calendar" Monday-Sunday).
        # Read by the loader to resolve windows and periods, which the cache keeps; the cache does not keep these.
        self.horizon: date | None = None
        self.week1: date | None = None
        self.weeks = "blocks"
        # Set by the cache, which builds a plan whole: every item in outline order, so a large plan
        # is walked once, not on every items() call. A plan that is still being built leaves it None.
        self.known_items: list[Task | Quota] | None = None
        # True for a plan read for one day's agenda only (store/cache.py `day_keep`): the plain tasks that
        # agenda does not show are left out. Only `due` reads one; nothing writes or checks from it.
        self.partial = False

    def __repr__(self) -> str:
        return f"Plan(path={self.path!r}, title={self.title!r}, phases={len(self.phases)})"

    def walk(self) -> list[Task]:
        """Every phase and task, in outline order."""
        if self.known_items is not None:
            return [item for item in self.known_items if not isinstance(item, Quota)]
        out: list[Task] = []
        stack = list(reversed(self.phases))
        while stack:
            task = stack.pop()
            out.append(task)
            stack.extend(reversed(task.tasks))
        return out

    def span(self) -> Window | None:
        """From the earliest start to the latest end of any window (tasks that run over count too)."""
        windows = [item.window for item in self.items() if item.window is not None]
        if not windows:
            return None
        return Window(min(w.start for w in windows), max(w.end for w in windows))

    def quotas(self) -> list[Quota]:
        return [q for t in self.walk() for q in t.quotas]

    def items(self) -> list[Task | Quota]:
        if self.known_items is not None:
            return list(self.known_items)
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


def shares(plan: Plan, task: Task) -> list[str]:
    """Who owes a share of a task owed per unit or per person (`per`), in roster order: each unit of
    the groups its `who` names (a unit named itself counts too), or each person its `who` stands
    for; [] for a task owed once by all."""
    roster = plan.roster
    refs = task.responsible()
    if task.per == PER_UNIT:
        units = roster.units()
        found: dict[str, None] = {}
        for ref in refs:
            found.update(dict.fromkeys(roster.groups[ref].units if ref in roster.groups else [ref] if ref in units else []))
        return list(found)
    if task.per == PER_PERSON:
        return list(dict.fromkeys(person for ref in refs for person in roster.members_of(ref)))
    return []


def share_of(plan: Plan, task: Task, entry: Completion, owed: list[str]) -> str | None:
    """The share (of `owed`, from `shares`) a completion counts for: its `unit`, or the one unit of
    `owed` its `by` is a member of; per person, its `by`. None when it names none of them."""
    if task.per == PER_PERSON:
        return entry.by if entry.by in owed else None
    if entry.unit:
        return entry.unit if entry.unit in owed else None
    units = plan.roster.units()
    mine = [uid for uid in owed if entry.by is not None and uid in units and entry.by in units[uid].members]
    return mine[0] if len(mine) == 1 else None


def period_index(quota: Quota, day: date) -> int | None:
    """Which period an entry counts for: the one holding its day, or none (then it does not count;
    `check` warns about it and `done` says so when it records it). Periods are sorted by start."""
    return index_in(quota.period_windows, day)


def index_in(periods: list[Window], day: date) -> int | None:
    """`period_index` among `periods` (sorted by start): a quota's periods as they stand on a day
    (status/quotas.py `periods_on`), its planned ones or those of a window that moved."""
    i = bisect.bisect_right(periods, day, key=_start) - 1
    return i if i >= 0 and day <= periods[i].end else None


def _start(window: Window) -> date:
    return window.start
