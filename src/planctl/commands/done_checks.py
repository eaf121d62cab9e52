"""What `done` says or asks before and after it records, so that a slip does not pass in silence.

- Logging a phase or a parent task closes every open sub-task below it: `done` names them, asks on a
  terminal, and without a terminal needs `--yes`. So does logging a phase or task that carries quotas
  (`done 深入学习理论` for an hour of 党员每周自学 under it), when named by its title (an id or outline number
  is a deliberate choice): the log closes the item, not a quota; without a terminal it is refused with a
  hint naming the quotas (`carried_quotas`). A recurring sub-task is not closed (its occurrences
  keep running: status/states.py `logged_ancestor`), so it is not named.
- A `--date` after today is most likely a typo (a month off): it is recorded with a note, and one more
  than FUTURE_DAYS days ahead is refused unless `--future` is given.
- A `--date` before the plan starts (its span; else 1 January of its `year:`) is refused: it is most likely a
  year typed wrong (0001-01-01, 2015), and would make the task done all the same (h89).
- The same person logging the same amount on the same day again is recorded, and said (the Nth entry).
- A task that waits for another not finished on the day (`after:`, or a window after it) is recorded:
  waiting is a mark, not a refusal (docs/plan-format.md "What waits on what"); `done` names what it waits for.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from planctl.errors import UsageError
from planctl.format.units import display_amount
from planctl.i18n import _, listed, ngettext
from planctl.model import PER_ALL, Completion, Plan, Quota, Task, share_of, shares
from planctl.status.occurrences import (
    AHEAD,
    CONTAINS,
    LATE,
    REPEAT,
    claimed_for,
    credited,
    entries_claims,
)

if TYPE_CHECKING:
    from planctl.format.recurrence import Series

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
    named = listed(f"{task.outline} {task.title}" for task in closing[:limit])
    more = _(", and {count} more").format(count=len(closing) - limit) if len(closing) > limit else ""
    what = _("phase") if item.parent is None else _("task")
    count = ngettext("{n} sub-task", "{n} sub-tasks", len(closing)).format(n=len(closing))
    return _("{what} {outline} {id} {title}: also closes {count}: {named}{more}").format(
        what=what, outline=item.outline, id=item.id, title=item.title, count=count, named=named, more=more)


def named_by_title(item: Task | Quota, typed: str) -> bool:
    """Whether `typed` found `item` by its title, not by its id or outline number (status/lookup.py): an id
    is a deliberate choice; a title of a task that carries quotas is most often a quota's meant."""
    text = typed.strip().casefold()
    return text not in (item.id.casefold(), item.outline.casefold())


def carried_quotas(item: Task | Quota) -> list[Quota]:
    """The quotas a phase or task carries (its own `quotas:`): logging it closes it, not one of them."""
    return list(item.quotas) if isinstance(item, Task) else []


def quotas_line(item: Task, quotas: list[Quota], limit: int = 5) -> str:
    """"task 2.1 theory 深入学习理论 carries 4 quotas: 2.1q1 branch-study 党支部组织党员集中学习, …; a completion
    logged on it closes it, not a quota" (at most `limit` named)."""
    named = listed(f"{quota.outline} {quota.id} {quota.title}" for quota in quotas[:limit])
    more = _(", and {count} more").format(count=len(quotas) - limit) if len(quotas) > limit else ""
    what = _("phase") if item.parent is None else _("task")
    count = ngettext("{n} quota", "{n} quotas", len(quotas)).format(n=len(quotas))
    return _("{what} {outline} {id} {title} carries {count}: {named}{more}; a completion logged on it closes it, "
             "not a quota").format(what=what, outline=item.outline, id=item.id, title=item.title, count=count,
                                   named=named, more=more)


def confirm_closing(item: Task, closing: list[Task], yes: bool, ask: Callable[[str], bool],
                    quotas: list[Quota] | None = None) -> bool:
    """Whether to go on and record `item`: with --yes, or when the person says so (`ask` raises a
    UsageError naming --yes when there is no one to answer). An item carrying `quotas` is, without a
    terminal, refused with a hint naming the first quota: the person most likely meant to log toward it."""
    if yes:
        return True
    said = [closes_line(item, closing)] if closing else []
    said += [quotas_line(item, quotas)] if quotas else []
    question = _("{closes_line}. Record it?").format(closes_line=_("; ").join(said))
    if not quotas:
        return ask(question)
    try:
        return ask(question)
    except UsageError:
        raise UsageError(_("{quotas_line}; nothing recorded").format(quotas_line=quotas_line(item, quotas)),
                         hint=_("to log toward a quota, name it (planctl done {quota}); to close {id} itself, pass "
                                "--yes").format(quota=quotas[0].id, id=item.id)) from None


def waits_note(plan: Plan, item: Task | Quota, day: date) -> str | None:
    """The note for a task recorded on `day` while it waits for items not finished by then
    (states.waiting_for, before the entry counts), naming them; None when it waits for nothing."""
    if not isinstance(item, Task):
        return None
    from planctl.status.states import waiting_for

    waiting = waiting_for(plan, item, day)
    if not waiting:
        return None
    return _("{id} waits for {items}, not finished on {day}; recorded all the same").format(
        id=item.id, items=listed(f"{other.id} {other.title}" for other in waiting), day=day.isoformat())


def check_future(day: date, today: date, future: bool) -> str | None:
    """A note for a day after `today`; UsageError for one more than FUTURE_DAYS ahead without --future."""
    if day <= today:
        return None
    ahead = (day - today).days
    if ahead > FUTURE_DAYS and not future:
        raise UsageError(_("--date {isoformat} is {ahead} days after today ({isoformat2})").format(
                             isoformat=day.isoformat(), ahead=ahead, isoformat2=today.isoformat()),
                         hint=_("check the month; to record a day more than {FUTURE_DAYS} days ahead, pass --future").format(
                                  FUTURE_DAYS=FUTURE_DAYS))
    return ngettext("{day} is {n} day after today ({today})", "{day} is {n} days after today ({today})", ahead).format(
        day=day.isoformat(), n=ahead, today=today.isoformat())


def check_past(day: date, start: date | None) -> None:
    """UsageError for a typed day before `start`, the plan's first day (None: no guard)."""
    if start is None or day >= start:
        return
    days = (start - day).days
    raise UsageError(ngettext("--date {day} is {days} day before the plan starts ({start})",
                              "--date {day} is {days} days before the plan starts ({start})", days).format(
                         day=day.isoformat(), days=days, start=start.isoformat()),
                     hint=_("check the year; a task done before the plan began is recorded on its first day: "
                            "--date {start}").format(start=start.isoformat()))


def occurrence_note(plan: Plan, item: Task | Quota, entry: Completion, again: bool,
                    named: bool = False) -> tuple[str | None, str | None]:
    """For a recurring task: (why nothing is recorded, or None; which occurrence `entry` counts for, by
    status/occurrences.py's rules). `named`: the occurrence was named with `done --for` (the refusal then
    points to --for, not --date). An occurrence already credited is logged again only with `again`
    (the entry repeats it: it counts once); owed per unit or person, once by each (the entry's share:
    model.share_of). An entry counting for none is recorded with a note saying so, as a quota's entry
    outside every period is. (None, None) for any other item."""
    if not isinstance(item, Task) or item.repeat is None:  # states.series_on's None, without loading status/states.py
        return None, None
    from planctl.status.states import series_on

    series = series_on(plan, item)
    if series is None:
        return None, None
    share = _share(plan, item, entry)
    found = credited(plan, item, series, entry.date, share, entry.occurrence)

    def key(occurrence_key: str) -> str:
        return occurrence_key if share is None else _("{key} of {name}").format(key=occurrence_key,
                                                                                name=plan.roster.name_of(share))

    if found is not None and found.how == REPEAT:
        first = date.fromordinal(claimed_for(plan, item, series, share)[found.position]).isoformat()
        if not again:
            said = (_("{id} {title}: the occurrence of {key} is already done (logged {day}); nothing recorded (use --again "
                      "to log it again, or name another occurrence with --for)") if named else
                    _("{id} {title}: the occurrence of {key} is already done (logged {day}); nothing recorded (use --again "
                      "to log it again, or --date for another occurrence)"))
            return said.format(id=item.id, title=item.title, key=key(found.occurrence.key), day=first), ""
        return None, _("repeats the occurrence of {key} (done {day}); it counts once, not for another occurrence").format(
            key=key(found.occurrence.key), day=first)
    if found is None:
        return None, _no_occurrence(item, series, entry.date)
    what = {CONTAINS: _("counts for the occurrence of {key} (occurrence {number} of {count})"),
            LATE: _("counts for the occurrence of {key}, logged after its days (occurrence {number} of {count})"),
            AHEAD: _("counts for the occurrence of {key}, done ahead of its days (occurrence {number} of {count})")}
    return None, what[found.how].format(key=key(found.occurrence.key), number=found.position + 1, count=series.count)


def named_occurrence(plan: Plan, item: Task | Quota, day: date, text: str, today: date) -> date | None:
    """The day of the occurrence `done --for TEXT` names (a day or a month of it: 6月, 2026-06-05, read
    by the plan's date grammar), to write as the entry's `occurrence:`; None when the entry's own `day`
    counts for that occurrence anyway (nothing to add to the line). UsageError for an item that does not
    repeat, or a TEXT naming no occurrence, or several."""
    from planctl.format.dates import DateError, Window, parse_when, read_typed_day
    from planctl.status.occurrences import position_of
    from planctl.status.states import occurrences_in, series_on

    series = series_on(plan, item) if isinstance(item, Task) else None
    if series is None or not isinstance(item, Task):
        raise UsageError(_("--for names an occurrence of a recurring task; {id} {title} does not repeat").format(
            id=item.id, title=item.title), hint=_("a quota's completion counts for the period holding its --date")
                         if isinstance(item, Quota) else _("leave out --for"))
    try:
        typed = read_typed_day(text, today, plan.year or today.year)
        window = Window(typed, typed)
    except DateError:
        try:
            window = parse_when(text).resolve(plan.year or today.year, None)
        except DateError as exc:
            raise UsageError(_("--for: {exc}").format(exc=exc), hint=_("write a day or a month of the occurrence: "
                                                                       "2026-06-05, 6月5日, 6月 or 2026-06")) from None
    found = occurrences_in(plan, item, window)
    if not found:
        raise UsageError(_("--for {text}: no occurrence of {id} falls in {window}").format(
            text=text, id=item.id, window=window.iso()), hint=_("'planctl show {id}' lists its occurrences").format(id=item.id))
    if len(found) > 1:
        raise UsageError(_("--for {text} holds {count} occurrences of {id}; name one by its day:").format(
            text=text, count=len(found), id=item.id),
            rows=[_occurrence_row(view.occurrence.key, view.occurrence.window.iso()) for view in found])
    chosen = found[0]
    return None if position_of(series, day.toordinal()) == chosen.position else chosen.occurrence.day


def _occurrence_row(key: str, days: str) -> list[str]:
    """An occurrence as `--for`'s refusal lists it: its key (the day that names it), then its days when they
    are more than that day (2026-06-05  2026-06-01..2026-06-05; a weekly meeting's 2026-06-01 once)."""
    return [key, days if days != key else ""]


def _no_occurrence(item: Task, series: Series, day: date) -> str:
    """Why an entry dated `day` counts for no occurrence (status/occurrences.py, rule 3): outside the
    task's window, or before its first occurrence started."""
    window = series.window
    if series.count and window.start <= day <= window.end:
        return _("{day} counts for no occurrence of {id}: its first occurrence ({key}) starts {start}; pass --date "
                 "for another day").format(day=day.isoformat(), id=item.id, key=series.at(0).key,
                                           start=series.at(0).window.start.isoformat())
    return _("{day} counts for no occurrence of {id}: it is outside the task's window ({start} … {end}); pass --date "
             "for another day").format(day=day.isoformat(), id=item.id, start=window.start.isoformat(),
                                       end=window.end.isoformat())


def _share(plan: Plan, task: Task, entry: Completion) -> str | None:
    """The unit or person an entry of a task owed per unit or person is for (model.share_of); None otherwise."""
    return None if task.per == PER_ALL else share_of(plan, task, entry, shares(plan, task))


def occurrence_taken_back(plan: Plan, item: Task | Quota, entry: Completion) -> str | None:
    """For `undo` on a recurring task: the occurrence the entry counted for, open again once it goes
    (owed per unit or person: open again for the entry's share)."""
    if not isinstance(item, Task) or item.repeat is None:  # states.series_on's None, without loading status/states.py
        return None
    from planctl.status.states import series_on

    series = series_on(plan, item)
    if series is None:
        return None
    share = _share(plan, item, entry)
    before = claimed_for(plan, item, series, share)
    owed = shares(plan, item) if share is not None else []
    log = list(item.log)
    gone = next((i for i, e in enumerate(log) if e is entry), None)
    if gone is None:  # the same entry read again: the first that says the same
        gone = next((i for i, e in enumerate(log) if e.key() == entry.key()), None)
    if gone is not None:
        del log[gone]
    others = [e for e in log if share is None or share_of(plan, item, e, owed) == share]
    reopened = set(before) - set(entries_claims(series, others))
    if not reopened:
        return None
    key = series.at(min(reopened)).key
    if share is not None:
        key = _("{key} of {name}").format(key=key, name=plan.roster.name_of(share))
    return _("the occurrence of {key} is open again").format(key=key)


def repeat_note(item: Task | Quota, entry: Completion, name_of: Callable[[str], str]) -> str | None:
    """"this is the 3rd entry …" when the log already has entries alike (status/history.py `alike_key`)."""
    from planctl.status.history import alike_count

    alike = alike_count(item.log, entry)
    if not alike:
        return None
    nth = alike + 1
    who = _(" by {name}").format(name=name_of(entry.by)) if entry.by else ""
    how_much = (_(" of {amount}").format(amount=display_amount(entry.amount, item.unit))
                if isinstance(item, Quota) and entry.amount else "")
    return _("this is the {nth} entry{how_much}{who} on {day} for {id}; 'planctl undo' takes back the last one").format(
        nth=_ordinal(nth), how_much=how_much, who=who, day=entry.date.isoformat(), id=item.id)


def outsider_note(plan: Plan, item: Task | Quota, entry: Completion) -> str | None:
    """A note when the entry's person is not among the item's `who` (a person named there, or a member of a
    group or unit named there) and the item is owed by all together (`per: all`, a plain task): the entry
    counts all the same (toward a quota's total; a task as done). None when it names no person, the item
    names no one, or it is owed per unit or person (those refuse or note an outsider themselves)."""
    if entry.by is None or item.per != PER_ALL:
        return None
    who = item.who if isinstance(item, Quota) else item.responsible()
    if not who or any(entry.by in plan.roster.members_of(ref) for ref in who):
        return None
    names = listed(plan.roster.name_of(ref) for ref in who)
    counted = (_("it was counted toward the quota's total") if isinstance(item, Quota)
               else _("it was counted as the task's completion"))
    return _("{name} ({by}) is not among those {id} names in who ({who}); {counted}").format(
        name=plan.roster.name_of(entry.by), by=entry.by, id=item.id, who=names, counted=counted)


def _ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th (第1, 第2 … in Chinese)."""
    if 10 <= n % 100 <= 20:
        return _("{n}th").format(n=n)
    return {1: _("{n}st"), 2: _("{n}nd"), 3: _("{n}rd")}.get(n % 10, _("{n}th")).format(n=n)
