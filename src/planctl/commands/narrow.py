"""`--phase` and `--who` for the views that show the whole plan (`status`, `list`, `timeline`), as `due`
takes them: the plan is cut down to one phase, and to the tasks and quotas that are someone's (a
person's own or their groups' and units', as status.agenda.belongs_to decides). A parent stays when
something under it stays, so the outline still reads as a tree.
"""

from __future__ import annotations

from planctl.errors import UsageError
from planctl.git.identity import find_who
from planctl.i18n import _
from planctl.model import Plan, Quota, Task
from planctl.status.agenda import Filters, belongs_to
from planctl.status.lookup import find_phase


def narrow(plan: Plan, phase: str | None, who: str | None, plan_path: str) -> Filters:
    """Cut the plan down in place (see the module's docstring); the phase and person found, as `due`'s
    filters. `plan_path` is where git is asked who `--who me` is (git/identity.find_who). UsageError for an
    empty, unknown or ambiguous phase or person."""
    for option, value in (("--phase", phase), ("--who", who)):
        if value is not None and not value.strip():
            raise UsageError(_("{option} is empty").format(option=option))
    found = find_phase(plan, phase) if phase is not None else None
    if found is not None:
        plan.phases = [found]
    ref = find_who(plan, who, plan_path) if who is not None else None
    if ref is not None:
        plan.phases = [kept for kept in plan.phases if _keep(plan, kept, ref)]
    if found is not None or ref is not None:  # cut: its items listed again, once (Plan.known_items)
        plan.known_items = None
        plan.known_items = plan.items()
    return Filters(phase=found, who=ref)


def _keep(plan: Plan, task: Task, who: str) -> bool:
    """Keep `task` when it or something under it is `who`'s; drop from it what is not."""
    task.quotas = [quota for quota in task.quotas if _quota_is(plan, quota, who)]
    task.tasks = [sub for sub in task.tasks if _keep(plan, sub, who)]
    own = task.parent is not None and belongs_to(plan, task.responsible(), who)
    return own or bool(task.tasks) or bool(task.quotas)


def _quota_is(plan: Plan, quota: Quota, who: str) -> bool:
    roster = plan.roster
    if belongs_to(plan, quota.who, who):
        return True
    return any(who in roster.members_of(ref) or who == ref for ref in quota.who)
