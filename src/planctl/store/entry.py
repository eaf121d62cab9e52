"""Building a completion from what the user asked, checked against the plan before anything is written."""

from __future__ import annotations

from datetime import date, datetime
from typing import NamedTuple

from planctl.errors import UsageError, did_you_mean
from planctl.format.units import UnitError, describe_unit, is_count, parse_amount
from planctl.i18n import _
from planctl.model import PER_PERSON, PER_UNIT, Completion, Plan, Quota, Task


class Request(NamedTuple):
    day: date
    now: datetime
    by: str | None = None
    unit: str | None = None
    amount: str | None = None
    note: str | None = None


def _check_text(option: str, value: str | None) -> None:
    """Bytes from the command line that are not UTF-8 arrive as lone surrogates: refuse them."""
    if value is not None and any("\ud800" <= char <= "\udfff" for char in value):
        raise UsageError(_("{option} is not valid UTF-8 text; check your terminal's encoding").format(option=option))


def build_completion(plan: Plan, item: Task | Quota, request: Request) -> Completion:
    for option, value in (("--note", request.note), ("--by", request.by), ("--unit", request.unit)):
        _check_text(option, value)
    by = _person(plan, request.by) if request.by else None
    entry = Completion(date=request.day, by=by, note=request.note or None, at=request.now.replace(microsecond=0))
    if isinstance(item, Task):
        if request.amount is not None:
            raise UsageError(_("'{id}' is a task; --amount is for quotas").format(id=item.id))
        if request.unit is not None:
            raise UsageError(_("'{id}' is a task; --unit is for per-unit quotas").format(id=item.id))
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
    raise UsageError(_("--by: no person '{who}' in the roster{did_you_mean}").format(
                         who=who, did_you_mean=did_you_mean(who, [*people, *people.values()])))


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
    return amount


def _check_person_counted(plan: Plan, quota: Quota, by: str | None) -> None:
    from planctl.status.quotas import scopes

    counted = [scope.id for scope in scopes(plan, quota)]
    if by is None:
        raise UsageError(_("quota '{id}' counts per person; say who with --by").format(id=quota.id),
                         hint=_("one of: {join}; or tell planctl who you are once: 'git config planctl.user YOUR-ID' "
                                "(see 'planctl whoami')").format(join=', '.join(counted)))
    if by not in counted:
        raise UsageError(_("{name_of} ({by}) is not counted by quota '{id}'").format(name_of=plan.roster.name_of(by), by=by, id=quota.id),
                         hint=_("it counts: {join}").format(join=', '.join(counted)))


def _unit(plan: Plan, quota: Quota, by: str | None, unit: str | None) -> str:
    units = {uid: u for gid in quota.who if gid in plan.roster.groups for uid, u in plan.roster.groups[gid].units.items()}
    if unit is not None:
        if unit in units:
            return unit
        by_name = [uid for uid, u in units.items() if u.name == unit]
        if len(by_name) == 1:
            return by_name[0]
        raise UsageError(_("--unit: no unit '{unit}' in quota '{id}'{did_you_mean}").format(
                             unit=unit, id=quota.id, did_you_mean=did_you_mean(unit, units)),
                         hint=_("units: {join}").format(join=', '.join(units)))
    mine = [uid for uid, u in units.items() if by is not None and by in u.members]
    if len(mine) == 1:
        return mine[0]
    why = (_("say which with --unit") if by is None or mine
           else _("{by} is in none of its units; say which with --unit").format(by=by))
    raise UsageError(_("quota '{id}' counts per unit; {why}").format(
                         id=quota.id, why=why), hint=_("units: {join}").format(join=', '.join(units)))


def already_done(plan: Plan, item: Task | Quota) -> bool:
    """A task logged as done, or whose parts are all done (logging it again is what --again is for).
    A task that is done only because a parent was logged may still be logged itself."""
    if not isinstance(item, Task):
        return False
    if item.log:
        return True
    from planctl.status.agenda import is_done
    from planctl.status.quotas import is_met

    parts_done = all(is_done(plan, sub) for sub in item.tasks) and all(is_met(plan, q) for q in item.quotas)
    return bool(item.tasks or item.quotas) and parts_done
