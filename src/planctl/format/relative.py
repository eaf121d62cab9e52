"""Windows written relative to another task: `7 days before dem-life`, `within 3 days after dem-life`.

The grammar (docs/plan-format.md "What waits on what"), English and Chinese alike:

    N days before ID   ID前N天        a deadline N days before ID starts
    before ID          ID前           a deadline the day before ID starts
    N days after ID    ID后N天        the one day N days after ID ends
    within N days after ID  ID后N天内  from the day after ID ends to N days after it
    after ID           ID后           from the day after ID ends to the end of the parent's window

`N` is digits or Chinese numerals (七, 十五); `day`/`days`, `week`/`weeks` (7 days), 天/日/周 all read;
之前/以前 and 之后/以后 read as 前 and 后. Only a task's `when` may be relative (not a quota's).

`parse` reads the text (None when it is not of this grammar); `place` turns the anchor's days
into the window; `resolve` gives every relative task of a loaded plan its window from its anchor's
window, in dependency order (unknown anchors and cycles are left unresolved: validate.py reports
them, located). Which days stand for the anchor on a given day (its window, or the day it was
logged done) is status/states.py's to say (`states.window_on`).
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from planctl.format import dates
from planctl.format.dates import Window
from planctl.format.rules import ID_REGEX
from planctl.i18n import _
from planctl.records import NamedTuple

BEFORE = "before"  # a deadline `days` before the anchor starts
ON_DAY_AFTER = "day-after"  # the one day `days` after the anchor ends
WITHIN_AFTER = "within-after"  # from the day after the anchor ends to `days` after it
AFTER = "after"  # from the day after the anchor ends to the parent's end
FOLLOWS = (ON_DAY_AFTER, WITHIN_AFTER, AFTER)  # kinds that wait for the anchor to be done


class Relative(NamedTuple):
    """A written relative window: the text as written (written back unchanged), the anchor's id,
    the kind (BEFORE, ON_DAY_AFTER, WITHIN_AFTER, AFTER) and a count of days (0 for AFTER)."""

    text: str
    anchor: str
    kind: str
    days: int

    @property
    def waits(self) -> bool:
        """Whether the task waits for its anchor to be done (the kinds after it)."""
        return self.kind in FOLLOWS


_CN_NUM = rf"[0-9]+|[{dates.CN_DIGITS[1:]}十两]{{1,3}}"
_EN_UNIT = r"(?P<unit>days?|weeks?)"
_CN_UNIT = r"(?P<unit>[天日周])"
_ID = rf"(?P<id>{ID_REGEX})"
# Patterns are text: `re` compiles each on first use (model.py imports this module on every command).
_ENGLISH = rf"(?:(?P<within>within)\s+)?(?:(?P<n>[0-9]+)\s*{_EN_UNIT}\s+)?(?P<dir>before|after)\s+{_ID}$"
_CHINESE = rf"(?P<id>.+?)(?:[之以])?(?P<dir>[前后])(?:(?P<n>{_CN_NUM})\s*(?:个)?{_CN_UNIT}(?P<within>内|以内|之内)?)?$"
_ID_ONLY = ID_REGEX + "$"


class RelativeError(dates.DateError):
    """Text of this grammar that is still wrong (`within` without a count, `within … before`)."""


def parse(text: str) -> Relative | None:
    """The relative window `text` writes, or None when it is not one (then it may be a date window).
    RelativeError for one of this grammar that does not make sense."""
    cleaned = text.strip()
    m = re.match(_ENGLISH, cleaned, re.I) or re.match(_CHINESE, cleaned)
    if m is None or not re.match(_ID_ONLY, m["id"]):
        return None
    before = m["dir"].lower() in ("before", "前")
    count = _count(m["n"], cleaned) if m["n"] else None
    if count is not None and m["unit"].lower().startswith(("week", "周")):
        count *= 7
    if m["within"] and (before or count is None):
        raise RelativeError(_("'{text}': 'within' needs a count of days after a task ('within 3 days after {id}')").format(
            text=cleaned, id=m["id"]))
    if before:
        return Relative(text, m["id"], BEFORE, 1 if count is None else count)
    if count is None:
        return Relative(text, m["id"], AFTER, 0)
    return Relative(text, m["id"], WITHIN_AFTER if m["within"] else ON_DAY_AFTER, count)


def pattern() -> str:
    """The grammar as one JSON Schema pattern (ECMA-262: no named groups; English words in lower case)."""
    count = rf"(?:{_CN_NUM})"
    english = rf"(?:within\s+)?(?:[0-9]+\s*(?:days?|weeks?)\s+)?(?:before|after)\s+{ID_REGEX}"
    chinese = rf"{ID_REGEX}[之以]?[前后](?:{count}\s*个?[天日周](?:内|以内|之内)?)?"
    return f"^\\s*(?:{english}|{chinese})\\s*$"


def _count(written: str, text: str) -> int:
    return dates.number(written.replace("两", "二"), text)


def place(relative: Relative, anchor: Window, parent: Window | None) -> Window:
    """The window of a relative task whose anchor stands at `anchor`; `parent` (its parent's window)
    gives a BEFORE deadline its start and AFTER its end, as a written deadline takes its parent's start."""
    one = timedelta(days=1)
    if relative.kind == BEFORE:
        end = anchor.start - timedelta(days=relative.days)
        return Window(parent.start, end) if parent is not None and parent.start <= end else Window(end, end)
    after = anchor.end + one
    if relative.kind == ON_DAY_AFTER:
        day = anchor.end + timedelta(days=relative.days)
        return Window(day, day)
    if relative.kind == WITHIN_AFTER:
        return Window(after, max(after, anchor.end + timedelta(days=relative.days)))
    return Window(after, parent.end) if parent is not None and parent.end >= after else Window(after, after)


MAX_CHAIN = 100  # windows relative to windows relative to …: at most this many links (validate.py says so)


def chain_length(task: Any, by_id: dict[str, Any]) -> int | None:
    """How many relative windows lead from `task` (a model.Task) to a written one: 1 for a window
    relative to a task with a date window; None when the chain reaches an unknown task or goes round;
    MAX_CHAIN + 2 for any chain longer than MAX_CHAIN + 1 (it is not followed further)."""
    seen: set[int] = set()
    length, node = 0, task
    while node is not None and node.relative is not None:
        if id(node) in seen:
            return None
        if length > MAX_CHAIN:
            return MAX_CHAIN + 2
        seen.add(id(node))
        length += 1
        node = by_id.get(node.relative.anchor)
        if node is None:
            return None
    return length


def resolve(plan: Any) -> None:
    """Give each relative task of `plan` (a model.Plan; not imported: the model imports this module)
    its window from its anchor's window, anchors first; sub-tasks and quotas without a window of their
    own inherit it. A task whose anchor is unknown, repeats, is in a cycle, or is more than MAX_CHAIN links away
    from a written window keeps no window (validate.py reports it, located). No recursion: a chain
    as long as the plan is followed in a loop."""
    by_id = {item.id: item for item in plan.items()}
    links: dict[int, int] = {}  # id(task) -> its chain's length so far; -1: unresolved
    for start in plan.walk():
        chain: list[Any] = []
        seen: set[int] = set()
        node = start
        while node is not None and getattr(node, "relative", None) is not None and id(node) not in links \
                and id(node) not in seen:
            seen.add(id(node))
            chain.append(node)
            node = by_id.get(node.relative.anchor)
        if not chain:
            continue
        if node is None or id(node) in seen:
            base = -1
        else:
            base = links.get(id(node), 0)
        for task in reversed(chain):
            anchor = by_id.get(task.relative.anchor)
            if base < 0 or base >= MAX_CHAIN or anchor is None or anchor.window is None \
                    or getattr(anchor, "repeat", None) is not None:  # a series is no one window (validate.py)
                task.window, base = None, -1
            else:
                parent = task.parent.window if task.parent is not None else None
                task.window, base = place(task.relative, anchor.window, parent), base + 1
            links[id(task)] = base
            inherit(task, plan.weeks)


def moves(quota: Any) -> bool:
    """Whether a quota (model.Quota) takes its window from a task written relative to another, its own
    task or one above it (no `when` or `periods` of its own, nor on the tasks between): its window then
    moves with that task's anchor, which only status/states.py `window_on` can place on a day."""
    if quota.when is not None or quota.periods:
        return False
    node = quota.parent
    while node is not None and node.when is None and node.relative is None:
        node = node.parent
    return node is not None and node.relative is not None


def inherit(task: Any, weeks: str) -> None:
    """Pass a relative task's window down to the parts (model.Task, model.Quota) that have no window of
    their own; a quota's periods cut as the loader cuts them (recurrence.periods_in; `weeks`: the plan's)."""
    from planctl.format.recurrence import periods_in

    for quota in task.quotas:
        if quota.when is None and not quota.periods:
            quota.window = task.window
            quota.period_windows = periods_in(quota.repeat, quota.period, quota.weeks or weeks, task.window)
    for sub in task.tasks:
        if sub.when is None and sub.relative is None:
            sub.window = task.window
            inherit(sub, weeks)
