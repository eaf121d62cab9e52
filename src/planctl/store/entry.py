"""Building a completion from what the user asked, checked against the plan before anything is written."""

from __future__ import annotations

from datetime import date, datetime
from typing import NamedTuple

from planctl import clock
from planctl.errors import UsageError
from planctl.format import names
from planctl.format.units import UnitError, describe_unit, is_count, parse_amount
from planctl.i18n import _, listed
from planctl.model import PER_ALL, PER_PERSON, PER_UNIT, Completion, Plan, Quota, Task, Unit, share_of, shares


class Request(NamedTuple):
    day: date
    now: datetime
    by: str | None = None
    unit: str | None = None
    amount: str | None = None
    note: str | None = None


def _check_text(option: str, value: str | None) -> None:
    """Bytes from the command line that are not UTF-8 arrive as lone surrogates: refuse them; and control
    characters and invisible ones (format/controls.py: ESC, BEL, U+200B, …; a line break or a tab is kept,
    written escaped: "a\\nb")."""
    if value is not None and any("\ud800" <= char <= "\udfff" for char in value):
        raise UsageError(_("{option} is not valid UTF-8 text; check your terminal's encoding").format(option=option))
    from planctl.format.controls import escape, hidden

    if value is not None and (found := hidden().search(value)):
        raise UsageError(_("{option} holds a control or invisible character ({char}); nothing was recorded").format(
                             option=option, char=escape(found[0])),
                         hint=_("write it without control or invisible characters (a terminal would act on them or "
                                "not show them, and check warns of them in the plan); a line break or a tab is kept"))


def build_completion(plan: Plan, item: Task | Quota, request: Request) -> Completion:
    for option, value in (("--note", request.note), ("--by", request.by), ("--unit", request.unit)):
        _check_text(option, value)
    if item.per == PER_UNIT and request.by and (unit := _unit_named(plan, item, request.by)):
        _check_same_unit(plan, unit, request.unit)
        request = request._replace(by=None, unit=unit)  # `done dem-life --by 第一支部`: that unit's share (or count)
    by = _person(plan, request.by) if request.by else None
    entry = Completion(date=request.day, by=by, note=request.note or None, at=clock.record_instant(request.now))
    if isinstance(item, Task):
        if request.amount is not None:
            raise UsageError(_("'{id}' is a task; --amount is for quotas").format(id=item.id))
        if item.per != PER_ALL and not item.tasks:
            return _share_entry(plan, item, request, entry)
        if request.unit is not None:
            raise UsageError(_("'{id}' is a task; --unit is for per-unit quotas and tasks").format(id=item.id))
        return entry
    entry.amount = _amount(item, request.amount)
    if item.per == PER_PERSON:
        _check_person_counted(plan, item, by)
    if item.per == PER_UNIT:
        entry.unit = _unit(plan, item, by, request.unit)
    elif request.unit is not None:
        raise UsageError(_("quota '{id}' does not count per unit; drop --unit").format(id=item.id))
    return entry


def _person(plan: Plan, who: str) -> str:
    people = plan.roster.people
    if who in people:
        return who
    by_name = [pid for pid, name in people.items() if name == who]
    if len(by_name) == 1:
        return by_name[0]
    not_person = _not_a_person(plan, who)
    if not_person is not None:
        raise not_person
    raise UsageError(_("--by: no person '{who}' in the roster{did_you_mean}").format(
                         who=who, did_you_mean=names.did_you_mean_ref(who, dict(people))),
                     hint=_("the roster's people: {join}").format(join=names.known(dict(people), near=who)) if people
                     else _("the roster has no people yet: add them under roster: people: (id: name), "
                            "or leave out --by"))


def _not_a_person(plan: Plan, who: str) -> UsageError | None:
    """The refusal of a --by naming a group or a unit (by id or name), which --by cannot record: it
    names who did it, a person; None when `who` names neither."""
    roster = plan.roster
    units = roster.units()
    ref = next((gid for gid, g in roster.groups.items() if who in (gid, g.name)), None)
    kind = _("a group")
    if ref is None:
        ref = next((uid for uid, u in units.items() if who in (uid, u.name)), None)
        kind = _("a unit")
    if ref is None:
        return None
    members = roster.members_of(ref)
    hint = (_("pass one of its members with --by: {members}").format(
                members=names.known({pid: roster.name_of(pid) for pid in members})) if members
            else _("--by takes a person's id or name from the roster's people"))
    if ref in units:
        hint += _("; for that unit's share of a per-unit task or quota, add --unit {unit}").format(unit=ref)
    return UsageError(_("--by: '{who}' is {kind} ({name}), not a person; --by says who did it").format(
                          who=who, kind=kind, name=roster.name_of(ref)), hint=hint)


def _check_same_unit(plan: Plan, named: str, unit: str | None) -> None:
    """`--by UNIT --unit OTHER`: two units for one share is a contradiction, refused."""
    if unit is None:
        return
    units = plan.roster.units()
    given = unit if unit in units else next((uid for uid, u in units.items() if u.name == unit), unit)
    if given != named:
        raise UsageError(_("--by names the unit {by_unit} and --unit names {unit}: one entry is one unit's share").format(
                             by_unit=plan.roster.name_of(named), unit=plan.roster.name_of(given)),
                         hint=_("give the unit once: --by {named}, or --by PERSON --unit UNIT").format(named=named))


# The most one entry records, in the quota's unit (hours, characters, times): 114 years of hours. An amount is
# kept to 6 decimal places, and with at most 7 digits before them a total of many entries stays exact in a
# float (15 digits): `done --amount 1000000000000h` made totals of `2000000000000.100098 h` (h89).
MAX_AMOUNT = 1_000_000


def _amount(quota: Quota, text: str | None) -> float | None:
    if text is None:
        if is_count(quota.unit):
            return None  # a count quota's entry counts 1
        raise UsageError(_("quota '{id}' counts {describe_unit}; say how much with --amount").format(
                             id=quota.id, describe_unit=describe_unit(quota.unit)))
    try:
        amount = round(parse_amount(text, quota.unit), 6)  # as it is written (20min = 0.333333 h)
    except UnitError as exc:
        raise UsageError(_("--amount: {exc}").format(exc=exc)) from None
    if amount <= 0:  # the plan would refuse `amount: 0`
        raise UsageError(_("--amount: {text} is 0 when written to 6 decimal places; an amount must be more than zero").format(text=text))
    if amount > MAX_AMOUNT:
        raise UsageError(_("--amount: {text} is more than {limit:,} {unit} in one entry; nothing was recorded").format(
                             text=text, limit=MAX_AMOUNT, unit=quota.unit),
                         hint=_("check the number (a typo, 25h for 2.5h?); log a large amount as several entries"))
    return amount


def _check_person_counted(plan: Plan, quota: Quota, by: str | None) -> None:
    from planctl.status.quotas import scopes

    counted = [scope.id for scope in scopes(plan, quota)]
    if by is None:
        raise UsageError(_("quota '{id}' counts per person; say who with --by").format(id=quota.id),
                         hint=_("one of: {join}; or tell planctl who you are once: 'git config planctl.user YOUR-ID' "
                                "(see 'planctl whoami')").format(join=names.known({pid: plan.roster.name_of(pid) for pid in counted})))
    if by not in counted:
        raise UsageError(_("{name_of} ({by}) is not counted by quota '{id}'").format(name_of=plan.roster.name_of(by), by=by, id=quota.id),
                         hint=_("it counts: {join}").format(join=names.known({pid: plan.roster.name_of(pid) for pid in counted})))


def _unit_named(plan: Plan, item: Task | Quota, text: str) -> str | None:
    """The unit owing a share of a per-unit task, or counted by a per-unit quota, that `text` names by id
    or by name (a person's id wins)."""
    if text in plan.roster.people:
        return None
    units = plan.roster.units()
    owed = shares(plan, item) if isinstance(item, Task) else list(_quota_units(plan, item))
    named = [uid for uid in owed if uid == text or (uid in units and units[uid].name == text)]
    return named[0] if len(named) == 1 else None


def _share_entry(plan: Plan, task: Task, request: Request, entry: Completion) -> Completion:
    """A completion of one unit's or one person's share of a task owed `per` unit or person."""
    owed = shares(plan, task)
    if task.per == PER_PERSON:
        if request.unit is not None:
            raise UsageError(_("task '{id}' is owed by each person, not each unit; drop --unit").format(id=task.id))
        if entry.by is None or entry.by not in owed:
            who = (_("say who with --by") if entry.by is None
                   else _("{name} ({by}) does not owe it").format(name=plan.roster.name_of(entry.by), by=entry.by))
            raise UsageError(_("task '{id}' is owed by each person; {who}").format(id=task.id, who=who),
                             hint=_("it is owed by: {owed}").format(owed=listed(owed)))
        return entry
    units = plan.roster.units()
    entry.unit = _pick_unit({uid: units[uid] for uid in owed if uid in units}, _("task '{id}'").format(id=task.id), entry.by, request.unit)
    return entry


def _quota_units(plan: Plan, quota: Quota) -> dict[str, Unit]:
    """The units a per-unit quota counts: those of the groups it names."""
    return {uid: u for gid in quota.who if gid in plan.roster.groups for uid, u in plan.roster.groups[gid].units.items()}


def _unit(plan: Plan, quota: Quota, by: str | None, unit: str | None) -> str:
    return _pick_unit(_quota_units(plan, quota), _("quota '{id}'").format(id=quota.id), by, unit)


def _pick_unit(units: dict[str, Unit], what: str, by: str | None, unit: str | None) -> str:
    """The unit an entry counts for: `--unit` (an id or a name of `units`), else the one unit `by` is in."""
    if unit is not None:
        by_name = [uid for uid, u in units.items() if u.name == unit]
        if unit in units or len(by_name) == 1:
            chosen = unit if unit in units else by_name[0]
            _check_member(units[chosen], by)
            return chosen
        raise UsageError(_("--unit: no unit '{unit}' in {what}{did_you_mean}").format(
                             unit=unit, what=what, did_you_mean=names.did_you_mean_ref(unit, {uid: u.name for uid, u in units.items()})),
                         hint=_("units: {join}").format(join=names.known({uid: u.name for uid, u in units.items()}, near=unit)))
    mine = [uid for uid, u in units.items() if by is not None and by in u.members]
    if len(mine) == 1:
        return mine[0]
    why = (_("say which with --unit") if by is None or mine
           else _("{by} is in none of its units; say which with --unit").format(by=by))
    raise UsageError(_("{what} counts per unit; {why}").format(what=what, why=why),
                     hint=_("units: {join}").format(join=names.known({uid: u.name for uid, u in units.items()})))


def _check_member(unit: Unit, by: str | None) -> None:
    """`--by PERSON --unit UNIT` with a person not of that unit: refused, not recorded for it in silence."""
    if by is None or by in unit.members:
        return
    raise UsageError(_("--by {by} is not a member of {unit} ({unit_id}), so cannot have done its share").format(
                         by=by, unit=unit.name, unit_id=unit.id),
                     hint=_("its members: {members}; to record the unit's share without a person, pass --by {unit_id} "
                            "alone").format(members=listed(unit.members) or _("none"), unit_id=unit.id))


def already_done(plan: Plan, item: Task | Quota, entry: Completion | None = None) -> bool:
    """A task logged as done, or whose parts are all done (logging it again is what --again is for).
    A task that is done only because a parent was logged may still be logged itself. A task owed per
    unit or person: whether `entry`'s share was logged already."""
    if not isinstance(item, Task):
        return False
    if item.per != PER_ALL and not item.tasks and entry is not None:
        owed = shares(plan, item)
        share = share_of(plan, item, entry, owed)
        return share is not None and any(share_of(plan, item, old, owed) == share for old in item.log)
    if item.log:
        return True
    from planctl.status.agenda import is_done
    from planctl.status.states import is_finished

    parts_done = all(is_done(plan, sub) for sub in item.tasks) and all(is_finished(plan, q) for q in item.quotas)
    return bool(item.tasks or item.quotas) and parts_done
