"""Moving a plan (or one phase) in time, changing only the dates written in `when` and `periods`.

The move is chosen from the anchor (`start_of`: the phases' earliest start) to `--to`. Two kinds of
move (`dates.choose_move`):

- a **whole-month** move, when the new start is the old start moved by whole months (2009-03-01 →
  2010-03-01, or 3月31日 → 4月30日): every date moves by those months. Month forms keep their form
  (4月上旬 → 5月上旬, 4月底 → 5月底, 2009-04 → 2009-05); a day keeps its day of the month, except that
  a month's last day stays the month's last day and a day the new month lacks becomes its last day;
  a window starting on the 29th-31st that lands on a month's last day keeps its length (`Move.window`).
- a **by-days** move otherwise: every date moves by the same number of days, and forms that would
  no longer mean the same period are written as concrete days in the same style (4月上旬 + 7 days →
  4月8日至4月17日; ISO forms stay ISO).

How one written window is rewritten is the date grammar's business (`dates.Mover`); this module
chooses the move, finds the written windows in the file, and verifies the result. The text is
changed by splicing each rewritten scalar at its offsets from the parse (as writer.py
does for log lines), then re-read: everything but those dates must read the same, and every window
in the moved part must be its old window moved (outside it, unchanged). Completion logs are never
touched: they record what happened.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from planctl.errors import UsageError, WriteRefused
from planctl.format import dates
from planctl.format.dates import CannotMove, Move, Mover, Point, WhenSpec, Window, choose_move
from planctl.format.source import BOM
from planctl.format.yamltree import MAP, SCALAR, SEQ, Node
from planctl.i18n import _
from planctl.model import Item, Plan, Quota, Task
from planctl.store.writer import Edit

if TYPE_CHECKING:
    from planctl.format.loaded import Loaded


# --- the edits -------------------------------------------------------------------------------

WHEN = -1  # the place of an item's `when` among its written windows (periods are 0, 1, …)


@dataclass
class Shifted:
    """The result of a shift (verified, not written): what changed, as `edits` to the old text. The new
    text and the file's bytes are made only when asked for (a dry run diffs the edits; a real run
    writes the bytes): at 100,000 tasks each copy of the plan is some 100 MB."""

    old_start: date
    new_start: date
    move: Move
    old_text: str
    has_bom: bool
    windows: int  # written windows rewritten
    year: tuple[int | None, int | None]
    scope: Task | None
    notes: list[str] = field(default_factory=list)
    edits: list[Edit] = field(default_factory=list)  # sorted by offset, none overlapping

    @property
    def text(self) -> str:
        """The shifted text (BOM-less)."""
        return _applied(self.old_text, self.edits)

    @property
    def data(self) -> bytes:
        """The shifted file's bytes (UTF-8, with the old file's BOM), encoded piece by piece."""
        out = bytearray(BOM.encode("utf-8") if self.has_bom else b"")
        at = 0
        for edit in self.edits:
            out += self.old_text[at : edit.offset].encode("utf-8")
            out += edit.insert.encode("utf-8")
            at = edit.offset + edit.remove
        out += self.old_text[at:].encode("utf-8")
        return bytes(out)


def _scalar_edit(text: str, node: Node, new_value: str) -> Edit:
    """The edit writing `new_value` in place of the one-line scalar `node`, in its quotes if it has
    them; WriteRefused when the scalar spans lines or `new_value` would not read back as written."""
    if node.kind != SCALAR:
        raise WriteRefused(_("a window is not a single value; change it by hand"))
    source = text[node.start : node.end]
    quote = source[:1] if source[:1] in ("'", '"') else ""
    if not quote and source != node.value:  # a block scalar or a plain scalar over several lines
        raise WriteRefused(_("the window '{value}' is not written on one line; change it by hand").format(value=node.value))
    if not _reads_as_written(new_value, quote):
        raise WriteRefused(_("the shifted plan would differ in more than its dates; nothing was written"))
    return Edit(node.start, node.end - node.start, quote + new_value + quote)


_PLAIN_FIRST = set("-?:,[]{}#&*!|>'\"%@` \t")


def _reads_as_written(value: str, quote: str) -> bool:
    """Whether `value`, written in `quote` (or plain), reads back as one scalar of that text on its line:
    no line break, no quote or escape in quotes, and in a plain scalar no indicator first, no comment
    or `key: ` inside and no blank at either end (YAML 1.2 §7.3, §7.3.3)."""
    if not value or "\n" in value or "\r" in value:
        return False
    if quote:
        return quote not in value and "\\" not in value
    return (value[0] not in _PLAIN_FIRST and value[-1] not in " \t:" and ": " not in value and " #" not in value
            and "\t" not in value)


def scope_items(plan: Plan, scope: Task | None) -> list[Item]:
    if scope is None:
        return plan.items()
    out: list[Item] = []
    stack = [scope]
    while stack:
        task = stack.pop()
        out.append(task)
        out.extend(task.quotas)
        stack.extend(reversed(task.tasks))
    return out


def start_of(plan: Plan, scope: Task | None = None) -> date | None:
    """The day a shift moves to `--to` (the anchor): the start of the phase `scope`, or the earliest
    start of the plan's phases; the earliest window in it only when the phases have no window. A task
    written before its phase (which `check` only warns about) does not move the anchor, so a plan
    shifted by a year moves by whole months, not by the days from that task."""
    heads = [scope] if scope is not None else plan.phases
    starts = [w.start for item in heads if (w := item.window) is not None]
    if not starts:
        starts = [w.start for item in scope_items(plan, scope) if (w := item.window) is not None]
    return min(starts) if starts else None


def _earlier_than(plan: Plan, scope: Task | None, anchor: date) -> list[Item]:
    return sorted((item for item in scope_items(plan, scope) if item.window is not None and item.window.start < anchor),
                  key=lambda item: item.window.start if item.window is not None else anchor)


def _written_windows(items: list[Item]) -> list[tuple[Item, int, WhenSpec, Node]]:
    """Every written window in the items: (item, place, spec, scalar node); place -1 is the `when`,
    0, 1, … a quota's `periods` entries."""
    found: list[tuple[Item, int, WhenSpec, Node]] = []
    for item in items:
        node: Node = item.node
        if item.when is not None:
            when_node = node.get("when")
            assert when_node is not None
            found.append((item, WHEN, item.when, when_node))
        if isinstance(item, Quota) and item.periods:
            periods = node.get("periods")
            if periods is None or periods.kind != SEQ or len(periods.value) != len(item.periods):
                raise WriteRefused(_("cannot find the periods of quota '{id}' in the text; change them by hand").format(id=item.id))
            found.extend((item, i, spec, entry) for i, (spec, entry) in enumerate(zip(item.periods, periods.value, strict=True)))
    return found


def _calendar_days(tree: Node) -> list[tuple[str, Node]]:
    """The plan's `week1:` and `horizon:` days, as written (a day moves as a window of one day does)."""
    found = []
    for key in ("week1", "horizon"):
        node = tree.get(key)
        if node is not None and node.kind == SCALAR:
            found.append((key, node))
    return found


def _yearless_log_dates(plan: Plan, tree: Node) -> bool:
    """Whether some completion date is written without a year (so it reads with `year`)."""
    for item in plan.items():
        log = item.node.get("log") if item.node is not None else None
        for entry in log.value if log is not None and log.kind == SEQ else []:
            if entry.kind != MAP or entry.value is None:  # planctl's own lines (fast path) are ISO
                continue
            day = entry.get("date")
            if day is not None and day.kind == SCALAR:
                try:
                    if dates.parse_point(str(day.value)).year is None:
                        return True
                except dates.DateError:
                    continue
    return False


def _context_points(specs: list[WhenSpec]) -> list[tuple[Point, Point | None]]:
    """Points that take their year from `year`, each with the range start it belongs to (if any)."""
    out: list[tuple[Point, Point | None]] = []
    for spec in specs:
        if spec.end.week or spec.end.month == 0:  # 第N周 and 28日前后 take no year from `year`
            continue
        if spec.start is not None and spec.start.year is None:
            out.append((spec.start, None))
        if spec.end is not spec.start and spec.end.year is None and (spec.start is None or spec.start.year is None):
            out.append((spec.end, spec.start))
    return out


def _new_year(plan: Plan, specs: list[WhenSpec], move: Move, old_start: date, new_start: date) -> int | None:
    """The plan's `year` after the move: the year most of the dates written without one land in."""
    if plan.year is None:
        return None
    landed: Counter[int] = Counter()
    for point, _text in _context_points(specs):
        landed[move.day(point.resolve(plan.year).start).year] += 1
    if landed:
        best = max(landed.values())
        return min(year for year, count in landed.items() if count == best)
    return plan.year + new_start.year - old_start.year


def shift(loaded: Loaded, new_start: date, scope: Task | None = None) -> Shifted:
    """Move the plan (or the phase `scope`) so it starts on `new_start`; verified, not written."""
    try:
        return _shift(loaded, new_start, scope)
    except OverflowError:
        raise UsageError(_("--to {isoformat}: the plan would run off the calendar (years 1000 to 9999)").format(
                             isoformat=new_start.isoformat())) from None


def _shift(loaded: Loaded, new_start: date, scope: Task | None) -> Shifted:
    plan, tree = loaded.plan, loaded.tree
    assert plan is not None and tree is not None
    text = loaded.source.text
    items = scope_items(plan, scope)
    old_start = start_of(plan, scope)
    if old_start is None:
        what = _("phase '{id}'").format(id=scope.id) if scope is not None else _("the plan")
        raise UsageError(_("{what} has no dates to shift").format(what=what))
    move = choose_move(old_start, new_start)
    written = _written_windows(items)
    notes: list[str] = []
    if early := _earlier_than(plan, scope, old_start):
        first = early[0]
        assert first.window is not None
        anchored = (_("anchored on the phase's start {start}; {kind} '{id}' starts earlier ({earlier}) and moves with it")
                    if scope is not None else
                    _("anchored on the phases' start {start}; {kind} '{id}' starts earlier ({earlier}) and moves with it"))
        notes.append(anchored.format(start=old_start.isoformat(), kind=_(first.kind), id=first.id,
                                     earlier=first.window.start.isoformat()))
    new_year = plan.year
    if scope is None and plan.year is not None and move.days:
        new_year = _new_year(plan, [spec for _item, _place, spec, _node in written], move, old_start, new_start)
        if new_year != plan.year and _yearless_log_dates(plan, tree):
            notes.append(_("kept year {year}: some completion dates are written without a year").format(year=plan.year))
            new_year = plan.year
    if new_year is not None and not 1900 <= new_year <= 2999:
        raise UsageError(_("--to: the plan's year would become {new_year}; planctl reads years 1900 to 2999").format(new_year=new_year))
    calendar = _calendar_days(tree) if scope is None else []  # `week1:` and `horizon:` move with the whole plan
    mover = Mover(move, plan.year, new_year, week1_moves=any(key == "week1" for key, _day in calendar))
    try:
        values = [mover.window(spec) for _item, _place, spec, _node in written]
        days = {key: mover.window(dates.parse_when(str(node.value))) for key, node in calendar}
    except (CannotMove, dates.DateError) as exc:
        raise WriteRefused(str(exc)) from None
    edits = [_scalar_edit(text, node, value) for (_item, _place, _spec, node), value in zip(written, values, strict=True)]
    edits += [_scalar_edit(text, node, days[key]) for key, node in calendar]
    if new_year != plan.year:
        year_node = tree.get("year")
        assert year_node is not None
        edits.append(Edit(year_node.start, year_node.end - year_node.start, str(new_year)))
    rewritten = {(id(item), place): _reread(value) for (item, place, _spec, _node), value in zip(written, values, strict=True)}
    windows = len(written)
    del written, calendar, tree, values
    _let_go_of_tree(loaded)
    verify_locally(plan, Context(move, scope, new_year, days), rewritten)
    edits.sort(key=lambda edit: edit.offset)
    return Shifted(old_start, new_start, move, text, loaded.source.has_bom, windows, (plan.year, new_year), scope, notes, edits)


def _applied(text: str, edits: list[Edit]) -> str:
    """`text` with `edits` (none overlapping) made, in one pass: applying them one by one copied the whole
    text for each (a plan of 10,000 tasks took a minute, and 100,000 hours)."""
    pieces: list[str] = []
    at = 0
    for edit in sorted(edits, key=lambda e: e.offset):
        pieces += (text[at : edit.offset], edit.insert)
        at = edit.offset + edit.remove
    pieces.append(text[at:])
    return "".join(pieces)


def _let_go_of_tree(loaded: Loaded) -> None:
    """Drop the YAML tree of `loaded` (and each item's node into it) once the edits are made."""
    assert loaded.plan is not None
    loaded.tree = None
    for item in loaded.plan.items():
        item.node = None


# --- verification ----------------------------------------------------------------------------


def _follows_another(item: Task | Quota) -> bool:
    """Dated by a window relative to another task (its own, or inherited): it moves with that task,
    by format/relative.py's rule, not by the move (its text is never changed)."""
    node: Task | Quota | None = item
    while node is not None:
        if isinstance(node, Task) and node.relative is not None:
            return True
        if node.when is not None or (isinstance(node, Quota) and node.periods):
            return False
        node = node.parent
    return False


def _reread(value: str) -> WhenSpec:
    """A rewritten window read again from its new text, as the loader reads a `when`."""
    try:
        return dates.parse_when(value)
    except dates.DateError as exc:
        raise WriteRefused(_("the shifted plan would not be valid ({why}); nothing was written").format(why=exc)) from None


@dataclass
class Context:
    """What the shifted windows are read in: the move, its scope, the plan's new `year`, and the new
    text of its `week1:`/`horizon:` days (a whole-plan shift)."""

    move: Move
    scope: Task | None
    year: int | None
    days: dict[str, str]


def verify_locally(plan: Plan, context: Context, rewritten: dict[tuple[int, int], WhenSpec]) -> None:
    """Check the shift without re-reading the whole new text: each rewritten window, read again from
    its new text (`rewritten`, by (id(item), place)), resolved as the loader resolves windows (the new
    `year`, `week1`, plan end; each item under its parent's new window) must be its old window moved
    (outside the scope, unchanged); a plan it would make invalid (a window that no longer resolves,
    periods that overlap) is refused. Everything else in the text is untouched (`_scalar_edit` writes
    only a scalar that reads back as written). WriteRefused otherwise: nothing is written."""
    week1 = _new_day(plan.week1, context, "week1")
    horizon = _new_day(plan.horizon, context, "horizon")

    def when_of(item: Item) -> WhenSpec | None:
        return rewritten.get((id(item), WHEN), item.when)

    def periods_of(quota: Quota) -> list[WhenSpec]:
        return [rewritten.get((id(quota), i), spec) for i, spec in enumerate(quota.periods)]

    ends: list[date | None] = []

    def plan_end(specs: list[WhenSpec]) -> date | None:
        if not any(spec.open_end for spec in specs):
            return None
        if not ends:
            ends.append(horizon or _plan_end(plan, context.year, week1, when_of, periods_of))
        return ends[0]

    windows: dict[int, Window | None] = {}
    periods: dict[int, list[Window]] = {}

    def resolve(spec: WhenSpec | None, parent: Window | None) -> Window | None:
        if spec is None:
            return parent
        try:
            return spec.resolve(context.year, parent, plan_end([spec]), week1)
        except dates.DateError as exc:
            raise WriteRefused(_("the shifted plan would not be valid ({why}); nothing was written").format(why=exc)) from None

    def visit_quota(quota: Quota, parent: Window | None) -> None:
        if not quota.periods:
            windows[id(quota)] = resolve(when_of(quota), parent)
            return
        specs = periods_of(quota)
        resolved = dates.resolve_periods(specs, context.year, parent, plan_end(specs), week1)
        found = [w for w in resolved if isinstance(w, Window)]
        if len(found) != len(resolved) or dates.overlaps(resolved):
            raise WriteRefused(_("the periods of quota '{id}' would not move with it; nothing was written").format(id=quota.id))
        periods[id(quota)] = sorted(found, key=lambda w: w.start)
        windows[id(quota)] = Window(periods[id(quota)][0].start, max(w.end for w in found)) if found else None

    def visit(task: Task, parent: Window | None) -> None:
        window = windows[id(task)] = resolve(when_of(task), parent)
        for quota in task.quotas:
            visit_quota(quota, window)
        for sub in task.tasks:
            visit(sub, window)

    for phase in plan.phases:
        visit(phase, None)
    _compare(plan, context, windows, periods)


def _new_day(day: date | None, context: Context, key: str) -> date | None:
    """The plan's `week1:` or `horizon:` after the shift, read again from its new text; it must be the old day moved."""
    if key not in context.days or day is None:
        return day
    try:
        new = dates.parse_date(context.days[key], context.year)
    except dates.DateError as exc:
        raise WriteRefused(_("the shifted plan would not be valid ({why}); nothing was written").format(why=exc)) from None
    if new != context.move.day(day):
        raise WriteRefused(_("the shifted plan would differ in more than its dates; nothing was written"))
    return new


def _plan_end(plan: Plan, year: int | None, week1: date | None, when_of: Callable[[Item], WhenSpec | None],
              periods_of: Callable[[Quota], list[WhenSpec]]) -> date | None:
    """loader.plan_end_of for the shifted windows: the latest end of a window written with one."""
    ends = []
    for item in plan.items():
        for spec in [when_of(item), *(periods_of(item) if isinstance(item, Quota) else [])]:
            if spec is None or spec.open_end:
                continue
            try:
                ends.append(spec.resolve(year, None, None, week1).end)
            except dates.DateError:
                continue
    return max(ends, default=None)


def _compare(plan: Plan, context: Context, windows: dict[int, Window | None], periods: dict[int, list[Window]]) -> None:
    """Each item's new window (and periods) against its old one moved (outside the scope, kept)."""
    move = context.move
    in_scope = {id(item) for item in scope_items(plan, context.scope)}
    moved: Callable[[Window], Window] = move.window
    for before in plan.items():
        if _follows_another(before):
            continue
        after = windows.get(id(before))
        change = moved if id(before) in in_scope else (lambda w: w)
        expected = change(before.window) if before.window is not None else None
        if _deadline(before.when) and before.window is not None and after is not None:
            end = move.day(before.window.end) if id(before) in in_scope else before.window.end
            expected = Window(after.start, end)
        if after != expected:
            raise WriteRefused(_("{kind} '{id}' would move to {iso}, not {iso2}; nothing was written").format(
                                   kind=_(before.kind), id=before.id, iso=_iso(after), iso2=_iso(expected)))
        if isinstance(before, Quota) and before.periods and \
                periods.get(id(before)) != [change(w) for w in before.period_windows]:
            raise WriteRefused(_("the periods of quota '{id}' would not move with it; nothing was written").format(id=before.id))


def _deadline(spec: WhenSpec | None) -> bool:
    """A deadline (`4月5日前`): only its end is written; its start is its parent's, checked there."""
    return spec is not None and spec.start is None


def _iso(window: Window | None) -> str:
    return window.iso() if window is not None else _("no window")

