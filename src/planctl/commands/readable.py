"""The plan as the views read it: one teammate's typo must not hide everyone's morning.

`due`, `status`, `show`, `list` and `timeline` show a plan with errors as far as they can: every error
is printed first on stderr (as `check` prints it), the items an error sits in are left out (with their
sub-items), the rest is shown, and the command exits 1 (README "Exit codes"). Writes (`done`, `undo`,
`shift`) still refuse such a plan. A file that cannot be read as a plan at all is still refused.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from datetime import date

from planctl.commands.common import load_valid_plan, warn_if_unmerged
from planctl.errors import EXIT_OK, EXIT_PROBLEMS, Problem
from planctl.format.loaded import Loaded
from planctl.format.source import PlanInvalid
from planctl.i18n import _, listed, ngettext
from planctl.model import Plan, Quota, Task, is_within
from planctl.output import messages
from planctl.output.spinner import working
from planctl.records import NamedTuple
from planctl.store import cache
from planctl.store.cache import DayView, Parts, PlainTasks
from planctl.store.discover import display_path, find_plan
from planctl.store.planfile import PlanFile, as_from_cache, open_plan


class Readable(NamedTuple):
    loaded: Loaded
    plan: Plan  # without the items an error touches
    left_out: list[Task | Quota]  # those items, outermost first
    exit_code: int  # EXIT_PROBLEMS when the plan has errors, else EXIT_OK


def load_for_viewing(option: str | None, view: DayView | None = None, *, quotas: bool = False) -> Readable:
    """Discover and load the plan; with errors, report them on stderr and leave out what they touch.
    `view`: only what one day's agenda reads may be loaded; `quotas`: the quotas' stored totals are
    given them, for a view that sums every quota (store/planfile.py `open_plan`).

    Raises PlanInvalid when the file could not be read as a plan at all (nothing to show)."""
    path = find_plan(option)
    warn_if_unmerged(path)
    return _readable(open_plan(path, display_path(path), require_valid=False, slow=working, view=view, quotas=quotas).loaded)


class WithoutPlain(NamedTuple):
    """A plan read without its plain tasks (`load_without_plain`): their columns, and every item's row."""

    plain: PlainTasks  # the plain tasks (store/cache.py), by start, with their places in plan.items()
    parts: Parts  # the cache's parts: `rows` (decoded when first asked for) holds the plain tasks' rows too

    def named(self) -> Iterator[tuple[str, str]]:
        """Each plain task's outline and title (cache.TaskRow), in the order of `plain.places`, as they are asked for."""
        from operator import itemgetter

        return map(itemgetter(8, 2), map(self.parts.rows.__getitem__, self.plain.places))


def open_without_plain(option: str | None, day_of: Callable[[int | None], date | None], *, require_valid: bool,
                       quotas: bool) -> PlanFile:
    """The plan file found from `option`, for a view that may leave its plain tasks out: from a cache of these
    bytes it is read without them (cache.WITHOUT_PLAIN) when `day_of(year)` gives the view's day, else whole
    (store/planfile.py `open_plan`, whose errors it raises)."""

    def view(year: int | None) -> tuple[date, int] | None:
        day = day_of(year)
        return None if day is None else (day, cache.WITHOUT_PLAIN)

    path = find_plan(option)
    warn_if_unmerged(path)
    return open_plan(path, display_path(path), require_valid=require_valid, slow=working, view=view, quotas=quotas)


def load_without_plain(option: str | None, day_of: Callable[[int | None], date | None], *,
                       quotas: bool = False, require_valid: bool = False) -> tuple[Readable, WithoutPlain | None]:
    """`load_for_viewing` of a view of the whole plan that reads its plain tasks (store/cache.py `PlainTasks`)
    from their columns: from a cache of these bytes, the plan is built without them (cache.WITHOUT_PLAIN), and
    their columns come with it; otherwise (a full read, a plan with errors or in which a task waits for another,
    `day_of(year)` None: the view's day needs the whole plan) the plan holds every item and the columns are None.
    `day_of(year)`: the view's day, given the plan's year. `require_valid`: a plan with errors is refused (PlanInvalid),
    as `load_valid_plan` refuses it (`export ics`)."""

    file = open_without_plain(option, day_of, require_valid=require_valid, quotas=quotas)
    if require_valid and file.loaded.errors:
        raise PlanInvalid(file.loaded.source, file.loaded.errors)
    plan = file.loaded.plan
    plain = getattr(file.parts, "plain", None)
    if plan is None or not plan.partial:
        return _readable(file.loaded), None
    if plain is None or file.parts is None:  # read anew from a cache of other bytes (after a pull): read whole
        if require_valid:
            loaded, whole = load_valid_plan(option, quotas=quotas)
            return Readable(loaded, whole, [], EXIT_OK), None
        return load_for_viewing(option, quotas=quotas), None
    return _readable(file.loaded), WithoutPlain(plain, file.parts)


def _readable(loaded: Loaded) -> Readable:
    plan = loaded.plan
    if plan is None:
        raise PlanInvalid(loaded.source, loaded.errors)
    if not loaded.errors:
        as_from_cache(loaded)  # the YAML tree of a cold read goes before the view is built
        return Readable(loaded, plan, [], EXIT_OK)
    left_out = touched_items(plan, loaded.errors)
    _leave_out(plan, left_out)
    _report(loaded, left_out)
    messages.exit_floor = max(messages.exit_floor, EXIT_PROBLEMS)
    return Readable(loaded, plan, left_out, EXIT_PROBLEMS)


def touched_items(plan: Plan, errors: list[Problem]) -> list[Task | Quota]:
    """For each error, the innermost phase, task or quota whose lines hold it (errors elsewhere: none)."""
    touched: list[Task | Quota] = []
    for error in errors:
        holders = [item for item in plan.items()
                   if item.node is not None and item.node.start <= error.offset < item.node.end]
        if holders:
            innermost = min(holders, key=lambda item: item.node.end - item.node.start if item.node else 0)
            if innermost not in touched:
                touched.append(innermost)
    return [item for item in touched if not any(is_within(item, other) for other in touched if other is not item)]


def _leave_out(plan: Plan, items: list[Task | Quota]) -> None:
    for item in items:
        parent = item.parent
        if isinstance(item, Quota):
            if parent is not None:
                parent.quotas.remove(item)
        elif parent is None:
            plan.phases.remove(item)
        else:
            parent.tasks.remove(item)
    plan.known_items = None
    plan.known_items = plan.items()  # listed again once, not walked by every view's items() (Plan.known_items)


def _report(loaded: Loaded, left_out: list[Task | Quota]) -> None:
    from planctl.output.diagnostics import format_problems

    errors = loaded.errors
    name = loaded.source.path
    print(format_problems(loaded.source, errors), file=sys.stderr)
    count = ngettext("{n} error", "{n} errors", len(errors)).format(n=len(errors))
    shown = listed(f"{item.outline} {item.id}" for item in left_out)
    rest = _("below is the rest, without {shown}").format(shown=shown) if left_out else _("below is what planctl could read")
    print(_("planctl: error: {name} has {count} ('planctl check' lists them); {rest}").format(
              name=name, count=count, rest=rest), file=sys.stderr)
