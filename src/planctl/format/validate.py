"""Consistency checks on a read plan: each a small pure function `(plan, walked) -> list[Problem]`, where
`walked` lists the plan's items once for all of them (`Walked`)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping
from datetime import date, timedelta
from itertools import compress
from typing import TYPE_CHECKING, Any, NamedTuple

from planctl.errors import WARNING, Problem
from planctl.format.dates import DateError, Window
from planctl.format.names import (
    GROUP,
    PERSON,
    UNIT,
    Refs,
    distinct_refs,
    is_shared_name,
    ref_at,
    role_key,
    role_ref_at,
    suggestion,
    unknown_hint,
    with_id,
)
from planctl.format.relative import moves
from planctl.format.targets import AT_MOST
from planctl.format.units import HOURS, MAX_PERCENT, describe_unit, display_amount, format_amount, hours_suffix, is_count, is_rate
from planctl.i18n import N_, _
from planctl.model import (
    PER_ALL,
    PER_PERSON,
    PER_UNIT,
    ROLE_REFS,
    Columns,
    Completion,
    Group,
    LazyLog,
    Plan,
    Quota,
    Task,
    Unit,
    index_in,
    lazy_columns,
    named_occurrences,
    period_index,
    share_of,
    shares,
)

if TYPE_CHECKING:  # format/recurrence.py is imported only when a plan has a recurring item
    from planctl.format.recurrence import Series


class Walked(NamedTuple):
    """A plan's items as the checks read them, listed once for all of them (a large plan's walk is a
    millisecond, and the checks would walk it some twenty times)."""

    items: list[Task | Quota]  # plan.items()
    tasks: list[Task]  # plan.walk()
    quotas: list[Quota]  # plan.quotas()
    linked: list[Task]  # the tasks that name another (`after:`, a window relative to one): most plans have none
    # names.distinct_refs of the items, or of the same items before names.resolve_names built some of their logs
    # (more values then: log_references only takes a shortcut when every one is known); None: worked out when asked
    refs: Refs | None = None

    @classmethod
    def of(cls, plan: Plan, refs: Refs | None = None) -> Walked:
        items = plan.items()
        tasks = [item for item in items if not isinstance(item, Quota)]
        quotas = [item for item in items if isinstance(item, Quota)]
        return cls(items, tasks, quotas, [task for task in tasks if task.after or task.relative is not None], refs)


Validator = Callable[[Plan, Walked], list[Problem]]


def validate(plan: Plan, refs: Refs | None = None) -> list[Problem]:
    """Every problem the checks find in a plan read whole. `refs`: names.distinct_refs of its items, read before
    names.resolve_names (a large plan's 100,000 logs are not gone through again)."""
    problems: list[Problem] = []
    walked = Walked.of(plan, refs)
    for check in VALIDATORS:
        problems.extend(check(plan, walked))
    return problems


def _at(node: object, key: str, fallback: int) -> int:
    value = node.get(key) if node is not None else None  # type: ignore[attr-defined]
    return value.start if value is not None else fallback


def unique_ids(plan: Plan, walked: Walked) -> list[Problem]:
    items = walked.items
    if len({item.id for item in items}) == len(items):  # no id twice (the usual plan): nothing to tell
        return []
    seen: dict[str, Task | Quota] = {}
    problems = []
    for item in items:
        if item.id.startswith("#"):
            continue
        if item.id in seen:
            first = seen[item.id]
            problems.append(Problem(_at(item.node, "id", item.pos), _("duplicate id '{id}' (also {kind} {outline})").format(
                                                                        id=item.id, kind=_(first.kind), outline=first.outline)))
        else:
            seen[item.id] = item
    return problems


def roster_references(plan: Plan, walked: Walked) -> list[Problem]:
    roster = plan.roster
    problems = []
    for pid in roster.people:
        if pid in roster.groups:
            problems.append(Problem(roster.people_pos[pid], _("'{pid}' is both a person and a group; ids must differ").format(pid=pid)))
    owner_of: dict[str, str] = {}
    for pid, emails in roster.emails.items():
        for email in emails:
            other = owner_of.setdefault(email.casefold(), pid)
            if other != pid:
                problems.append(Problem(roster.people_pos[pid], _("email '{email}' is given to both '{other}' and '{pid}'; planctl whoami "
                                                                  "could not tell them apart").format(email=email, other=other, pid=pid)))
    for group in roster.groups.values():
        owners: list[Group | Unit] = [group, *group.units.values()]
        for owner in owners:
            for member in owner.members:
                if member not in roster.people and not is_shared_name(roster, member, (PERSON,)):
                    at = owner.member_pos.get(member, owner.pos)
                    hint = suggestion(member, roster, (PERSON,))
                    message = _("group '{group}' lists unknown person '{person}'{hint}").format(group=group.id, person=member,
                                                                                               hint=hint)
                    problems.append(Problem(at, message))
    return problems


KINDS = (N_("phase"), N_("task"), N_("quota"))  # an item's kind, translated in messages


def who_references(plan: Plan, walked: Walked) -> list[Problem]:
    roster = plan.roster
    known = {*roster.people, *roster.groups, *roster.units()}
    problems = []
    for item in walked.items:
        for ref in item.who:
            if ref not in known and not is_shared_name(roster, ref, (PERSON, GROUP, UNIT)):
                message = _("{kind} '{id}': unknown person or group '{ref}'{hint}").format(
                    kind=_(item.kind), id=item.id, ref=ref, hint=unknown_hint(ref, roster, (PERSON, GROUP, UNIT)))
                problems.append(Problem(ref_at(item.node, "who", ref, item.pos), message))
    return problems


def nobody_responsible(plan: Plan, walked: Walked) -> list[Problem]:
    """Warnings for an item whose `who` is written empty (its rows would show nobody), or that is owed by each
    person of a group with no members yet (an imported plan leaves `members: []  # 待填写` to fill in): it would
    show no row at all. A group without people owing as a whole is an office's name, and fine.
    Item by item, so that an item re-read alone (store/increment.py) is told the same."""
    roster = plan.roster
    problems = []
    for item in walked.items:
        if item.who and item.per != PER_PERSON:
            continue  # nothing to tell (most items: someone is named), its `who` not looked up
        node = item.node
        per_person = item.per == PER_PERSON and isinstance(item, Quota)
        if node is None or (item.who and not per_person):
            continue
        who = node.get("who")
        if who is None:
            continue  # told where `who` is written, not again on each item that takes it from its phase
        if not item.who and who.kind == "seq":  # `who: ""` is an error of its own
            problems.append(Problem(_at(node, "who", item.pos), _("{kind} '{id}' has an empty 'who': nobody is responsible for it").format(
                kind=_(item.kind), id=item.id), WARNING, hint=_("name a person, group or unit, or leave 'who' out to take its phase's")))
        # A group without people may stand for an office; a task owed per person by nobody is an error (task_shares).
        for ref in item.who if per_person else ():
            group = roster.groups.get(ref)
            if group is not None and not group.all_members():
                problems.append(Problem(ref_at(node, "who", ref, item.pos), _(
                    "{kind} '{id}' is owed by each person of group {group}, which has no members yet: it counts nobody").format(
                        kind=_(item.kind), id=item.id, group=with_id(group.name, group.id)), WARNING,
                    hint=_("list its people under roster: groups: {group}: members").format(group=group.id)))
    return problems


def quota_shape(plan: Plan, walked: Walked) -> list[Problem]:
    roster = plan.roster
    problems = []
    for quota in walked.quotas:
        if (fault := target_fault(quota, quota.target)) is not None:
            message = _("quota '{id}': the target {fault}").format(id=quota.id, fault=fault)
            problems.append(Problem(_at(quota.node, "target", quota.pos), message))
        for gid, amount in quota.target_for.items():
            if gid not in roster.groups and not is_shared_name(roster, gid, (GROUP,)):
                message = _("quota '{id}': target_for names unknown group '{group}'{suggestion}").format(
                    id=quota.id, group=gid, suggestion=suggestion(gid, roster, (GROUP,)))
                problems.append(Problem(_at(quota.node, "target_for", quota.pos), message))
            if (fault := target_fault(quota, amount)) is not None:
                message = _("quota '{id}': the target for '{group}' {fault}").format(id=quota.id, group=gid, fault=fault)
                problems.append(Problem(_at(quota.node, "target_for", quota.pos), message))
        if quota.per == PER_UNIT and not any(roster.groups[g].units for g in quota.who if g in roster.groups):
            message = _("quota '{id}' is per unit, but none of its groups has units").format(id=quota.id)
            problems.append(Problem(_at(quota.node, "per", quota.pos), message))
    return problems


def target_fault(quota: Quota, value: float) -> str | None:
    """What is wrong with a target figure, or None (NaN: already reported where it was read).

    A floor must be more than zero; a ceiling (at most) may be zero (none at all) but not less; a rate's
    target (unit %) is at most 100%. docs/plan-format.md, "Targets"."""
    if math.isnan(value):
        return None
    if quota.bound == AT_MOST and value < 0:
        return _("(at most) must be zero or more, not {value:g}").format(value=value)
    if quota.bound != AT_MOST and value <= 0:
        return _("must be more than zero, not {value:g}").format(value=value)
    if is_rate(quota.unit) and value > MAX_PERCENT:
        return _("is a rate: at most 100%, not {value:g}%").format(value=value)
    return None


def log_references(plan: Plan, walked: Walked) -> list[Problem]:
    roster = plan.roster
    units = roster.units()
    problems = []
    items = walked.items
    by, units_named = walked.refs if walked.refs is not None else distinct_refs(items)
    known = all(ref in roster.people for ref in by if ref) and all(ref in units for ref in units_named if ref)
    for item in items:
        log = item.log
        if (columns := lazy_columns(log)) is not None and (
                (known and not isinstance(item, Quota)) or _log_sound(plan, columns, item, units)):
            continue  # no entry has anything to report: they need not be built
        unit_choices = _units_by_person(plan, item) if isinstance(item, Quota) and item.per == PER_UNIT else {}
        for entry in log:
            if entry.by and entry.by not in roster.people and not is_shared_name(roster, entry.by, (PERSON,)):
                problems.append(Problem(entry.pos, _("completion by unknown person '{person}'{hint}").format(
                    person=entry.by, hint=unknown_hint(entry.by, roster, (PERSON,)))))
            if entry.unit and entry.unit not in units and not is_shared_name(roster, entry.unit, (UNIT,)):
                problems.append(Problem(entry.pos, _("completion for unknown unit '{unit}'{suggestion}").format(
                                                       unit=entry.unit, suggestion=suggestion(entry.unit, roster, (UNIT,)))))
            if not isinstance(item, Quota):
                continue
            if item.per == PER_PERSON and entry.by is None:
                problems.append(Problem(entry.pos, _("quota '{id}' counts per person: this completion needs 'by'").format(id=item.id)))
            elif item.per == PER_UNIT and entry.unit is None:
                if entry.by is None:
                    problems.append(Problem(entry.pos, _("quota '{id}' counts per unit: this completion needs 'unit' or 'by'").format(
                                                           id=item.id)))
                elif entry.by in roster.people and len(unit_choices.get(entry.by, ())) != 1:
                    problems.append(Problem(entry.pos, _("quota '{id}' counts per unit: say which with 'unit' ('{by}' is in none or "
                                                         "several of its units)").format(id=item.id, by=entry.by)))
            read = None if entry.amount is None or math.isnan(entry.amount) else entry.amount  # NaN: told where read
            if read is not None and is_rate(item.unit):
                if not 0 <= read <= MAX_PERCENT:
                    problems.append(Problem(entry.pos, _("quota '{id}': a rate is from 0% to 100%, not {amount:g}%").format(
                                                           id=item.id, amount=read)))
            elif read is not None and read <= 0:
                problems.append(Problem(entry.pos, _("quota '{id}': an amount must be more than zero, not {amount:g}").format(
                                                       id=item.id, amount=entry.amount)))
            if entry.amount is None and not is_count(item.unit):
                problems.append(Problem(entry.pos, _("quota '{id}' counts {describe_unit}: this completion needs 'amount'").format(
                                                       id=item.id, describe_unit=describe_unit(item.unit))))
    return problems


def _log_sound(plan: Plan, columns: Columns | tuple[list[Any], ...], item: Task | Quota, units: Mapping[str, object]) -> bool:
    """Whether `log_references` finds nothing in a log, judged from its columns (model.lazy_columns: each distinct
    person and unit once); False means only "look at each entry" (the loop above decides)."""
    _, by, unit, amount, *_rest = columns
    people = plan.roster.people
    if not all(b in people for b in set(by) if b) or not all(u in units for u in set(unit) if u):
        return False
    if not isinstance(item, Quota):
        return True
    if item.per == PER_PERSON and None in by:
        return False
    if item.per == PER_UNIT and None in unit:
        choices = _units_by_person(plan, item)
        unsaid = set(by) if unit.count(None) == len(unit) else {b for b, u in zip(by, unit, strict=True) if u is None}
        if not all(b is not None and len(choices.get(b, ())) == 1 for b in unsaid):  # whose unit `by` must tell
            return False
    amounts = set(amount)  # each distinct amount judged once (a NaN is its own)
    if is_rate(item.unit):
        fits = all(a is None or 0 <= a <= MAX_PERCENT for a in amounts)
    else:
        fits = all(a is None or a > 0 for a in amounts)
    return fits and (is_count(item.unit) or None not in amounts)


def _units_by_person(plan: Plan, quota: Quota) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for gid in quota.who:
        group = plan.roster.groups.get(gid)
        for uid, unit in group.units.items() if group else ():
            for person in unit.members:
                found.setdefault(person, []).append(uid)
    return found


def windows_nested(plan: Plan, walked: Walked) -> list[Problem]:
    """A task outside its parent's window is a warning: plans do run over, as this one's quota does."""
    problems = []
    for task in walked.tasks:
        parent = task.parent
        if parent is None or task.window is None or parent.window is None or (task.when is None and task.relative is None):
            continue
        if not parent.window.covers(task.window):
            problems.append(Problem(
                _at(task.node, "when", task.pos),
                _("{kind} '{id}' ({iso}) is outside {kind2} '{id2}' ({iso2})").format(
                    kind=_(task.kind), id=task.id, iso=task.window.iso(), kind2=_(parent.kind), id2=parent.id, iso2=parent.window.iso()),
                WARNING,
            ))
    for quota in walked.quotas:
        parent = quota.parent
        if parent is None or quota.window is None or parent.window is None:
            continue
        if not parent.window.covers(quota.window):
            problems.append(Problem(
                _at(quota.node, "periods", _at(quota.node, "when", quota.pos)),
                _("quota '{id}' ({iso}) is outside {kind} '{id2}' ({iso2})").format(
                    id=quota.id, iso=quota.window.iso(), kind=_(parent.kind), id2=parent.id, iso2=parent.window.iso()),
                WARNING,
            ))
    return problems


def repeats_bounded(plan: Plan, walked: Walked) -> list[Problem]:
    """A recurring task's or quota's window makes at most recurrence.MAX_OCCURRENCES occurrences, and at
    least one (an error: a repeat that never happens in its window would read as a task finished with
    nothing done, or a quota with no period to count in)."""
    from planctl.format.recurrence import Series

    problems: list[Problem] = []
    for item in walked.items:
        if item.repeat is None or item.window is None:
            continue
        at = _at(item.node, "repeat", item.pos)
        try:
            series = Series(item.repeat, item.window)
        except DateError as exc:
            problems.append(Problem(at, _("{kind} '{id}': {problem} ({hint})").format(
                kind=_(item.kind), id=item.id, problem=exc, hint=exc.hint)))
            continue
        if not series.count:
            problems.append(Problem(at, _("{kind} '{id}': '{text}' never falls in its window ({iso})").format(
                kind=_(item.kind), id=item.id, text=item.repeat.text, iso=item.window.iso())))
        problems.extend(Problem(at, _cut_short(item, occ.window), WARNING) for occ in series.cut()
                        if isinstance(item, Quota) or _moves_deadline(series, occ.window, item.window))
    return problems


def _moves_deadline(series: Series, days: Window, window: Window) -> bool:
    """Whether a task's window cutting the stretch `days` short makes its deadline earlier in a way
    worth a warning: it cuts the stretch's end, and not a week's at a month's end (a year or a month
    never ends on a week's last day: a plan's 每周 under 2026年 is due on 12-31, as anyone expects)."""
    if days.end <= window.end:
        return False  # a first stretch starting before the window is still due on its own last day
    from planctl.format.recurrence import WEEK

    return not (series.rec.unit == WEEK and (window.end + timedelta(days=1)).day == 1)


def _cut_short(item: Task | Quota, days: Window) -> str:
    """The warning for a stretch (每周, 每月, 每季度…) the window cuts short (recurrence.Series.cut): of a
    quota, at either end (its whole target in fewer days); of a task, only at its end (an earlier
    deadline: a first week that starts before the window is still due on its own last day)."""
    window = item.window
    assert window is not None and item.repeat is not None
    cut = Window(max(days.start, window.start), min(days.end, window.end)).iso()
    message = (_("quota '{id}': its window ({iso}) cuts '{text}' {days} short: that period runs {cut}, with the "
                 "whole target") if isinstance(item, Quota) else
               _("{kind} '{id}': its window ({iso}) cuts '{text}' {days} short: that occurrence runs {cut}"))
    return message.format(kind=_(item.kind), id=item.id, iso=window.iso(), text=item.repeat.text, days=days.iso(), cut=cut)


def entries_in_periods(plan: Plan, walked: Walked) -> list[Problem]:
    """A quota entry dated outside every period of its quota counts for nothing: say so."""
    return [p for quota in walked.quotas if not _days_in_periods(quota)
            for entry in quota.log for p in entry_warnings(quota, entry)]


def _days_in_periods(quota: Quota) -> bool:
    """Whether every day of a quota's log not yet built lies in a period (each distinct day once);
    False means only "look at each entry"."""
    log = quota.log
    if not isinstance(log, LazyLog) or log.materialized:
        return False
    if not quota.period_windows:
        return True
    fromordinal = date.fromordinal
    return all(period_index(quota, fromordinal(day)) is not None for day in set(log.stored_columns()[0]))


def entry_warnings(quota: Quota, entry: Completion, periods: list[Window] | None = None) -> list[Problem]:
    """An entry dated outside every period; `periods`: the quota's as they stand (status/quotas.py
    `periods_on`); None: its planned ones, and nothing for one whose window moves with a task
    (relative.moves: `check` and `done` ask status/quotas.py `entry_warnings_on` for those)."""
    if periods is None:
        if moves(quota):
            return []
        periods = quota.period_windows
    if not periods or index_in(periods, entry.date) is not None:
        return []
    after = next((i for i, period in enumerate(periods) if period.start > entry.date), None)
    if after is not None and after > 0:  # inside the span, in a gap between two periods (每月下旬: 03-10)
        message = _("{day} falls between two periods of quota '{id}' ({before} and {after}); it does not count").format(
            day=entry.date, id=quota.id, before=_span(periods[after - 1]), after=_span(periods[after]))
    else:
        message = _("{day} is outside the periods of quota '{id}' ({span}); it does not count").format(
            day=entry.date, id=quota.id, span=f"{periods[0].start} … {periods[-1].end}")
    return [Problem(entry.pos, message, WARNING)]


DAY_HOURS = 24.0  # hours a day has: more in one entry, or by one person on one day, is most likely a typo (25h for 2.5h)
HourRow = tuple[int, str | None, float | None, int]  # an entry of a quota counting hours: day ordinal, by, amount, offset


def hours_in_a_day(plan: Plan, walked: Walked) -> list[Problem]:
    """Warnings (never errors: the plan may mean it) for more hours than a day has: an entry of more than 24 h,
    and each entry of a person's day whose entries of all quotas counting hours add up to more than 24 h."""
    quotas = [quota for quota in walked.quotas if quota.unit == HOURS]
    days = _days_that_may_pass(quotas)
    if not days:
        return []
    return hour_problems(plan, [row for quota in quotas for row in _hour_rows_on(quota, days)])


def _days_that_may_pass(quotas: list[Quota]) -> set[tuple[int, str | None]]:
    """The (day ordinal, by) whose entries of `quotas` (all counting hours) `hour_problems` must add up:
    those with so many entries that, times the largest amount, they may pass DAY_HOURS (what
    `_rows_that_may_tell` keeps). Counted from the logs' columns: a large plan's tens of thousands of
    entries are not made rows to be counted. hour_problems says the same of these days' rows alone:
    a day it would keep has no entry more than their largest."""
    largest = 0.0
    counts: Counter[tuple[int, str | None]] = Counter()
    for quota in quotas:
        days, by, amount = _hour_columns(quota)
        numbers = [a for a in set(amount) if a is not None and a == a]  # NaN aside, as _rows_that_may_tell
        largest = max(largest, *numbers) if numbers else largest
        counts.update(zip(days, by, strict=True))
    if not counts or largest * max(counts.values()) <= DAY_HOURS:
        return set()
    return {key for key, count in counts.items() if count * largest > DAY_HOURS}


def _hour_columns(quota: Quota) -> tuple[list[int], list[str | None], list[float | None]]:
    """The day ordinals, `by` and amounts of a quota's entries, from its log's columns when its entries
    were not built."""
    log = quota.log
    if isinstance(log, LazyLog) and not log.materialized:
        days, by, _unit, amount, *_rest = log.stored_columns()
        return days, by, amount
    entries = list(log)
    return [e.date.toordinal() for e in entries], [e.by for e in entries], [e.amount for e in entries]


def hour_rows(quota: Quota, day: date | None = None) -> list[HourRow]:
    """The entries of `quota` (one counting hours) as HourRows, of `day` only when given; from the log's columns
    when its entries were not built (check builds none it need not)."""
    log = quota.log
    wanted = None if day is None else day.toordinal()
    if isinstance(log, LazyLog) and not log.materialized:
        days, by, _unit, amount, _note, _at, pos = log.stored_columns()[:7]
        return [(d, b, a, p + log.delta) for d, b, a, p in zip(days, by, amount, pos, strict=True)
                if wanted is None or d == wanted]
    return [(e.date.toordinal(), e.by, e.amount, e.pos) for e in log if wanted is None or e.date.toordinal() == wanted]


def _hour_rows_on(quota: Quota, pairs: set[tuple[int, str | None]]) -> list[HourRow]:
    """`hour_rows(quota)` of the entries whose (day ordinal, by) is among `pairs`, in log order; from the log's
    columns, each entry's pair looked up in C before a row is made (a large plan has half a million entries
    of hours, of which a few hundred are kept)."""
    log = quota.log
    if isinstance(log, LazyLog) and not log.materialized:
        days, by, _unit, amount, _note, _at, pos = log.stored_columns()[:7]
        kept = list(map(pairs.__contains__, zip(days, by, strict=True)))
        delta = log.delta
        return [(d, b, a, p + delta) for d, b, a, p in zip(compress(days, kept), compress(by, kept), compress(amount, kept),
                                                            compress(pos, kept), strict=True)]
    return [row for row in hour_rows(quota) if (row[0], row[1]) in pairs]


def _over_a_day(amount: float) -> str:
    """An amount of hours over a day as the warning shows it: as every view does, unless rounding would show it
    as 24 h (24.01h: "24.01 h", not "24 h ... more than the 24 hours a day has")."""
    return display_amount(amount, HOURS) if round(amount, 1) > DAY_HOURS else format_amount(amount, hours_suffix())


def hour_problems(plan: Plan, rows: list[HourRow]) -> list[Problem]:
    """hours_in_a_day's warnings over `rows` (the messages name no total, so they stay the same as entries
    are added: `done` adds only the new ones to the cache)."""
    problems: list[Problem] = []
    rows = _rows_that_may_tell(rows)
    totals: dict[tuple[int, str], float] = {}
    places: dict[tuple[int, str], list[int]] = {}
    for day, by, amount, pos in rows:
        if amount is None:
            continue
        if amount > DAY_HOURS + 1e-9:
            problems.append(Problem(pos, _("{amount} in one entry on {day}: more than the 24 hours a day has "
                                           "(a typo, 25h for 2.5h?)").format(amount=_over_a_day(amount),
                                                                            day=date.fromordinal(day)), WARNING))
        elif by:
            places.setdefault((day, by), []).append(pos)
        if by:
            totals[(day, by)] = totals.get((day, by), 0.0) + amount
    for (day, by), total in totals.items():
        if total > DAY_HOURS + 1e-9:
            problems.extend(Problem(pos, _("{name} logged more than the 24 hours a day has on {day}, all entries "
                                           "counting hours together").format(name=plan.roster.name_of(by),
                                                                             day=date.fromordinal(day)), WARNING)
                            for pos in places.get((day, by), ()))
    return problems


def _rows_that_may_tell(rows: list[HourRow]) -> list[HourRow]:
    """The rows `hour_problems` must add up, in their order: every row of each person's day whose
    entries times the largest amount (NaN aside) exceed DAY_HOURS. The others' days cannot add up to
    more (and no entry of them is more than a day), so a large plan's hundred thousand entries are
    counted, not added up."""
    amounts: list[float] = [amount for _day, _by, amount, _pos in rows if amount is not None and amount == amount]
    if not amounts:
        return []  # no number: no entry and no day is more than a day (NaN compares false)
    largest = max(amounts)
    counts = Counter([(day, by) for day, by, _amount, _pos in rows])
    if largest * max(counts.values()) <= DAY_HOURS:
        return []
    may_exceed = {key for key, count in counts.items() if count * largest > DAY_HOURS}
    return [row for row in rows if (row[0], row[1]) in may_exceed]


def _span(window: Window) -> str:
    return f"{window.start} … {window.end}"


def role_references(plan: Plan, walked: Walked) -> list[Problem]:
    """Each role's references (lead, helpers, participants, report_to) name the roster, as `who` does."""
    roster = plan.roster
    known = {*roster.people, *roster.groups, *roster.units()}
    kinds = (PERSON, GROUP, UNIT)
    return [Problem(role_ref_at(task, role, ref), _("{kind} '{id}': {role}: unknown person or group '{ref}'{suggestion}").format(
                kind=_(task.kind), id=task.id, role=role_key(task, role), ref=ref, suggestion=unknown_hint(ref, roster, kinds)))
            for task in walked.tasks if task.roles for role, refs in task.roles if role in ROLE_REFS
            for ref in refs if ref not in known and not is_shared_name(roster, ref, kinds)]


PER_WORDS = {PER_UNIT: N_("each unit"), PER_PERSON: N_("each person")}  # `per:` as a message names it


def task_shares(plan: Plan, walked: Walked) -> list[Problem]:
    """A task owed per unit needs groups with units; one owed per person needs people (status/states.py `shares`)."""
    problems = []
    for task in walked.tasks:
        if task.per == PER_ALL:
            continue
        owed_by = _(PER_WORDS[task.per]) if task.per in PER_WORDS else task.per
        if task.tasks:
            problems.append(Problem(_at(task.node, "per", task.pos), _("task '{id}' is owed by {per}, but has sub-tasks; "
                                                                      "give 'per' to the sub-task each one does").format(
                                                                          id=task.id, per=owed_by)))
        elif not (owed := shares(plan, task)):
            whose = _("its 'who' names no group with units") if task.per == PER_UNIT else _("its 'who' names no one")
            problems.append(Problem(_at(task.node, "per", task.pos), _("task '{id}' is owed by {per}, but {whose}").format(
                id=task.id, per=owed_by, whose=whose)))
        else:
            problems.extend(_entries_of_no_share(plan, task, owed))
    return problems


def _entries_of_no_share(plan: Plan, task: Task, owed: list[str]) -> list[Problem]:
    """A completion of a task owed per unit or person that is no one's share (model.share_of) counts for no
    one: a warning at the entry, as for a quota entry outside every period."""
    if task.per == PER_UNIT:
        fix = _("it names no unit that owes it: give it 'unit:', or a 'by:' of someone in exactly one of them")
    else:
        fix = _("it names no one who owes it: give it a 'by:' of one of them")
    return [Problem(entry.pos, _("{day}: an entry of task '{id}' counts for no one: {fix}").format(
                day=entry.date, id=task.id, fix=fix), WARNING)
            for entry in task.log if share_of(plan, task, entry, owed) is None]


def dependency_references(plan: Plan, walked: Walked) -> list[Problem]:
    """`after` and relative windows name tasks of the plan (not the task itself)."""
    if not walked.linked:  # no task names another
        return []
    ids = {item.id: item for item in walked.items}
    problems = []
    for task in walked.linked:
        for ref in task.after:
            if ref not in ids or ids[ref] is task:
                why = _("itself") if ref == task.id else _("unknown task '{ref}'{close}").format(ref=ref, close=_close_id(ref, ids))
                problems.append(Problem(ref_at(task.node, "after", ref, task.pos),
                                        _("task '{id}' waits for {why}").format(id=task.id, why=why)))
        relative = task.relative
        if relative is not None and (relative.anchor not in ids or ids[relative.anchor] is task):
            why = (_("is relative to the task itself") if relative.anchor == task.id else _not_a_task(relative.text, relative.anchor, ids))
            problems.append(Problem(_at(task.node, "when", task.pos), _("{what}: {exc}").format(
                what=_window_of(task), exc=_("'{text}' {why}").format(text=relative.text, why=why))))
    return problems


def _window_of(task: Task) -> str:
    """"task 1.2's window": how a window's problems begin, as the loader says them (loader._WINDOW_OF)."""
    what = (_("phase {outline}") if task.parent is None else _("task {outline}")).format(outline=task.outline)
    return _("{what}'s window").format(what=what)


def _not_a_task(text: str, anchor: str, ids: Mapping[str, object]) -> str:
    """Why a relative window's anchor is wrong: a repeat written as a window (每月5日前 is `repeat:`), or
    no task and no date (国庆前: write the day, 10月1日前)."""
    from planctl.format.recurrence import parse_repeat

    try:
        parse_repeat(text)
    except DateError:
        close = _close_id(anchor, ids)
        if close:  # a task's id mistyped (meat for meet): the suggestion is the fix
            return _("names no task '{ref}'{close} (and is not a date either)").format(ref=anchor, close=close)
        return _("names no task '{ref}' and is not a date either: write a day (10月1日前) or a task's id").format(ref=anchor)
    return _("is a repeat, not a window: write it as `repeat: {text}` (and `when:` for the stretch it repeats in)").format(
        text=text)


def repeat_anchors(plan: Plan, walked: Walked) -> list[Problem]:
    """A window relative to a task that repeats would mean one window per occurrence, and waiting
    (`after:`) for one would wait for ever, as a series is never done once for all: both refused,
    located (format/relative.py places a window against one window, not a series)."""
    if not walked.linked:  # no task names another
        return []
    ids = {item.id: item for item in walked.items}
    problems: list[Problem] = [Problem(_at(task.node, "when", task.pos), _("{what}: {exc}").format(what=_window_of(task), exc=_(
        "'{text}': '{ref}' repeats ('{repeat}'); a window relative to it would mean each occurrence: "
        "write repeat: on this task instead, e.g. repeat: {repeat}").format(
            text=task.relative.text, ref=task.relative.anchor, repeat=anchor.repeat.text)))
            for task in walked.linked if task.relative is not None
            and (anchor := ids.get(task.relative.anchor)) is not None and anchor.repeat is not None]
    for task in walked.linked:
        for ref in task.after:
            anchor = ids.get(ref)
            repeating = _repeating_within(anchor) if anchor is not None and anchor is not task else None
            if repeating is not None:
                problems.append(Problem(ref_at(task.node, "after", ref, task.pos), _waits_for_repeating(task, ref, repeating)))
    return problems


def _repeating_within(item: object) -> Task | None:
    """`item` itself when it repeats, else the first of its sub-tasks (at any depth) that does: an item
    holding a series is never done once for all either (its state waits for every sub-task)."""
    if not isinstance(item, Task):
        return None
    if item.repeat is not None:
        return item
    return next((found for sub in item.tasks if (found := _repeating_within(sub)) is not None), None)


def _waits_for_repeating(task: Task, ref: str, repeating: Task) -> str:
    assert repeating.repeat is not None
    what = (_("'{ref}', which repeats ('{repeat}')") if repeating.id == ref else
            _("'{ref}', which holds '{sub}' that repeats ('{repeat}')")).format(ref=ref, sub=repeating.id,
                                                                             repeat=repeating.repeat.text)
    if task.repeat is not None:
        return _("{kind} '{id}' waits for {what}, and so is never done once for all: name a task done once").format(
            kind=_(task.kind), id=task.id, what=what)
    return _("{kind} '{id}' waits for {what}, and so is never done once for all: name a task done once, or write "
             "repeat: on this task to follow each occurrence, e.g. repeat: {repeat}").format(
                 kind=_(task.kind), id=task.id, what=what, repeat=repeating.repeat.text)


def repeats_without_tasks(plan: Plan, walked: Walked) -> list[Problem]:
    """A task that repeats has no sub-tasks: a one-off sub-task's completion would close no occurrence
    (status/occurrences.py counts a recurring task's own log), as `per` belongs on a task without them."""
    return [Problem(_at(task.node, "repeat", task.pos), _(
        "{kind} '{id}' repeats ('{text}') but has sub-tasks; give 'repeat' to the sub-tasks that repeat, "
        "or log the occurrences on this task").format(kind=_(task.kind), id=task.id, text=task.repeat.text))
            for task in walked.tasks if task.repeat is not None and task.tasks]


def _close_id(ref: str, ids: Mapping[str, object]) -> str:
    import difflib

    close = difflib.get_close_matches(ref, sorted(ids), n=1, cutoff=0.6)
    return _("; did you mean '{id}'?").format(id=close[0]) if close else ""


def dependency_cycles(plan: Plan, walked: Walked) -> list[Problem]:
    """Tasks that wait for one another in a circle (model.Task.waits_for: `after`, and a window after
    another task; a window only *before* another does not wait for it), and windows placed relative to
    one another in a circle (which none of them can be placed by): one error per cycle, at the first of
    its tasks in the file, naming the whole chain. A circle made only by mixing the two is no error: a
    task dated before X is placed by X's window and does not wait for it."""
    if not walked.linked:  # no task waits for or is placed by another: no edge, no cycle
        return []
    tasks = {task.id: task for task in walked.tasks}

    def waits(task: Task) -> list[str]:
        if not task.after and task.relative is None:  # most tasks: nothing to look up
            return []
        return [ref for ref in dict.fromkeys(task.waits_for()) if ref in tasks and ref != task.id]

    def placed_by(task: Task) -> list[str]:
        ref = task.relative.anchor if task.relative is not None else None
        return [ref] if ref is not None and ref in tasks and ref != task.id else []

    wait_cycles = _cycles(tasks, waits)
    problems = [Problem(_cycle_at(tasks[cycle[0]], wait=True), _("tasks wait for each other in a circle: {chain}").format(
                    chain=_chain_words(cycle))) for cycle in wait_cycles]
    told = {frozenset(cycle) for cycle in wait_cycles}  # a circle of windows each after the next: told once
    problems += [Problem(_cycle_at(tasks[cycle[0]], wait=False),
                         _("windows are placed relative to one another in a circle, so none can be placed: {chain}").format(
                             chain=_chain_words(cycle)))
                 for cycle in _cycles(tasks, placed_by) if frozenset(cycle) not in told]
    return problems


def _cycles(tasks: Mapping[str, Task], edges: Callable[[Task], list[str]]) -> list[list[str]]:
    """Each cycle of `edges` once, as the ids along it starting at the first of them in the file (a
    depth-first search in a loop, so a chain as long as the plan is no trouble)."""
    found: list[list[str]] = []
    seen_cycles: set[frozenset[str]] = set()
    finished: set[str] = set()
    for root in tasks:
        if root in finished:
            continue
        first = edges(tasks[root])
        if not first:  # most tasks: no edge, no cycle through them
            finished.add(root)
            continue
        path: list[str] = [root]
        stack = [iter(first)]
        while stack:
            ref = next(stack[-1], None)
            if ref is None:
                finished.add(path.pop())
                stack.pop()
            elif ref in path:
                cycle = path[path.index(ref):]
                if frozenset(cycle) not in seen_cycles:
                    seen_cycles.add(frozenset(cycle))
                    start = cycle.index(min(cycle, key=lambda c: tasks[c].pos))
                    found.append(cycle[start:] + cycle[:start])
            elif ref not in finished:
                path.append(ref)
                stack.append(iter(edges(tasks[ref])))
    return found


def _cycle_at(first: Task, wait: bool) -> int:
    """Where a cycle is reported (an offset): the first task's `after:` for a wait, else its `when:`."""
    at = first.node.get("after") if wait and first.after and first.node is not None else None
    return at.start if at is not None else _at(first.node, "when", first.pos)


def _chain_words(cycle: list[str]) -> str:
    shown = cycle if len(cycle) <= 8 else [*cycle[:4], _("… ({count} more) …").format(count=len(cycle) - 6), *cycle[-2:]]
    return " → ".join([*shown, cycle[0]])


def relative_chains(plan: Plan, walked: Walked) -> list[Problem]:
    """A window relative to a window relative to … more than relative.MAX_CHAIN times: an error at the
    first task past the limit (its window, and those after it, are not placed)."""
    from planctl.format.relative import MAX_CHAIN, chain_length

    if not walked.linked:  # no window relative to another
        return []
    by_id = {item.id: item for item in walked.items}
    return [Problem(_at(task.node, "when", task.pos), _("{what}: {exc}").format(what=_window_of(task), exc=_(
                "'{text}' is the {nth}th in a chain of windows relative to one another; at most {most}").format(
                    text=task.relative.text, nth=MAX_CHAIN + 1, most=MAX_CHAIN)))
            for task in walked.linked if task.relative is not None and chain_length(task, by_id) == MAX_CHAIN + 1]


def entries_done_ahead(plan: Plan, walked: Walked) -> list[Problem]:
    """An entry's `occurrence:` (done ahead for a named occurrence: status/occurrences.py) belongs on a
    recurring task's entry (an error elsewhere), and names a day one of its occurrences holds (a warning:
    the entry counts for nothing, as `done --for` would not have written it)."""
    from planctl.format.recurrence import Series

    problems: list[Problem] = []
    for item in walked.items:
        if not named_occurrences(item.log):  # the usual log: nothing built
            continue
        series = None
        if isinstance(item, Task) and item.repeat is not None and item.window is not None:
            try:
                series = Series(item.repeat, item.window)
            except DateError:
                series = None  # repeats_bounded says why
        for entry in item.log:
            if entry.occurrence is None:
                continue
            if series is None and (isinstance(item, Quota) or item.repeat is None):
                problems.append(Problem(entry.pos, _("{kind} '{id}': 'occurrence' is for an entry of a recurring task "
                                                     "(repeat:); this {kind} does not repeat").format(
                                                         kind=_(item.kind), id=item.id)))
            elif series is not None and series.holding(entry.occurrence) is None:
                problems.append(Problem(entry.pos, _("{kind} '{id}': no occurrence holds {day} ('occurrence'); the "
                                                     "entry counts for nothing").format(
                                                         kind=_(item.kind), id=item.id, day=entry.occurrence.isoformat()),
                                        WARNING))
    return problems


VALIDATORS: list[Validator] = [unique_ids, roster_references, who_references, nobody_responsible, quota_shape, log_references,
                               windows_nested,
                               entries_in_periods, hours_in_a_day, repeats_bounded, role_references, task_shares, dependency_references,
                               dependency_cycles, relative_chains, repeat_anchors, repeats_without_tasks, entries_done_ahead]
