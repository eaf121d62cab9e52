"""Moving a plan (or one phase) in time, changing only the dates written in `when` and `periods`.

Two kinds of move:

- a **whole-month** move, when the new start is the old start moved by whole months (2009-03-01 →
  2010-03-01, or 3月31日 → 4月30日): every date moves by those months. Month forms keep their form
  (4月上旬 → 5月上旬, 4月底 → 5月底, 2009-04 → 2009-05); a day keeps its day of the month, except that
  a month's last day stays the month's last day and a day the new month lacks becomes its last day.
- a **by-days** move otherwise: every date moves by the same number of days, and forms that would
  no longer mean the same period are written as concrete days in the same style (4月上旬 + 7 days →
  4月8日至4月17日; ISO forms stay ISO).

The text is changed by splicing each rewritten scalar at its offsets from the parse (as writer.py
does for log lines), then re-read: everything but those dates must read the same, and every window
in the moved part must be its old window moved (outside it, unchanged). Completion logs are never
touched: they record what happened.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from planctl.errors import UsageError, WriteRefused
from planctl.format import dates
from planctl.format.dates import Point, WhenSpec, Window
from planctl.format.loader import load_source
from planctl.format.source import BOM, Source
from planctl.format.yamltree import MAP, SCALAR, SEQ, Node
from planctl.model import Item, Plan, Quota, Task
from planctl.store.writer import Edit

if TYPE_CHECKING:
    from planctl.format.loaded import Loaded


# --- moving days -----------------------------------------------------------------------------


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def add_months(year: int, month: int, months: int) -> tuple[int, int]:
    years, index = divmod(month - 1 + months, 12)
    return year + years, index + 1


def month_move(day: date, months: int) -> date:
    """`day` moved by whole months: a month's last day stays the last day; a missing day becomes the last."""
    year, month = add_months(day.year, day.month, months)
    if not 1 <= year <= 9999:
        raise OverflowError("date out of range")
    last = _last_day(year, month)
    if day.day == _last_day(day.year, day.month):
        return date(year, month, last)
    return date(year, month, min(day.day, last))


@dataclass(frozen=True)
class Move:
    """How every date moves: by `months` when set (a whole-month move), else by `days`."""

    days: int
    months: int | None = None

    def day(self, day: date) -> date:
        """`day` moved; OverflowError past the years a plan can write (four digits: 1000 to 9999)."""
        moved = month_move(day, self.months) if self.months is not None else day + timedelta(days=self.days)
        if moved.year < 1000:
            raise OverflowError("date out of range")
        return moved

    def window(self, window: Window) -> Window:
        return Window(self.day(window.start), self.day(window.end))

    def describe(self) -> str:
        if self.months is not None:
            n = abs(self.months)
            return f"{'forward' if self.months > 0 else 'back'} {n} month{'s' if n != 1 else ''}"
        n = abs(self.days)
        return f"{'forward' if self.days > 0 else 'back'} {n} day{'s' if n != 1 else ''}"


def choose_move(old_start: date, new_start: date) -> Move:
    months = (new_start.year - old_start.year) * 12 + new_start.month - old_start.month
    if months and month_move(old_start, months) == new_start:
        return Move((new_start - old_start).days, months)
    return Move((new_start - old_start).days)


# --- reading a written window back into its parts ---------------------------------------------

_SEP_CAPTURE = re.compile(f"({dates._RANGE_SEP})")
_SEP_NO_HYPHEN_CAPTURE = re.compile(f"({dates._RANGE_SEP_NO_HYPHEN})")


@dataclass
class Layout:
    """A written window cut into its points and the text between them, so only the points change."""

    lead: str
    parts: list[str]
    glue: list[str]  # a range: [separator]; a deadline: [suffix such as 前]; a point: []
    trail: str
    deadline: bool = False

    def join(self, parts: list[str]) -> str:
        middle = parts[0] + self.glue[0] + parts[1] if len(parts) == 2 else parts[0] + "".join(self.glue)
        return self.lead + middle + self.trail


def layout(text: str) -> Layout:
    """The same cuts `dates.parse_when` makes, keeping the separators."""
    cleaned = text.strip()
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    if m := re.match(dates._DEADLINE, cleaned):
        return Layout(lead, [m["p"]], [cleaned[len(m["p"]) :]], trail, deadline=True)
    if m := re.match(dates._ISO_RANGE, cleaned):
        return Layout(lead, [m[1], m[2]], [cleaned[m.end(1) : m.start(2)]], trail)
    if re.search(dates._ISO, cleaned.split()[0]) or "-" in cleaned and re.search(r"\d{4}-\d", cleaned):
        pieces = _SEP_NO_HYPHEN_CAPTURE.split(cleaned)
    else:
        pieces = _SEP_CAPTURE.split(cleaned)
    return Layout(lead, pieces[0::2], pieces[1::2], trail)


# The written form of one point.
ISO_DAY, ISO_MONTH, CN_DAY, CN_PART, CN_MONTH, DAY_ONLY = "iso-day", "iso-month", "cn-day", "cn-part", "cn-month", "day"
MONTH_FORMS = (ISO_MONTH, CN_PART, CN_MONTH)  # forms that name a part of a month, kept by whole-month moves


@dataclass(frozen=True)
class Form:
    kind: str
    suffix: str = ""  # 上旬 中旬 下旬 初 底 末 for CN_PART; 日 or 号 for days


def form_of(part: str) -> Form:
    text = part.strip()
    if re.match(dates._ISO, text):
        return Form(ISO_DAY)
    if re.match(dates._ISO_MONTH, text):
        return Form(ISO_MONTH)
    if m := re.match(dates._CN_POINT, text):
        if m["d"]:
            return Form(CN_DAY, text[-1])
        if m["part"]:
            return Form(CN_PART, m["part"])
        return Form(CN_MONTH)
    if re.match(dates._CN_DAY_ONLY, text):
        return Form(DAY_ONLY, text[-1])
    raise dates.DateError(f"cannot read '{part}'")


# --- writing points --------------------------------------------------------------------------


@dataclass(frozen=True)
class Written:
    text: str
    year: int | None  # the year written into the text (ISO forms always carry one)
    month: int


def _cn_day(day: date, with_year: bool, day_char: str = "日") -> Written:
    prefix = f"{day.year}年" if with_year else ""
    return Written(f"{prefix}{day.month}月{day.day}{day_char}", day.year if with_year else None, day.month)


def _day(day: date, form: Form, with_year: bool) -> Written:
    if form.kind in (ISO_DAY, ISO_MONTH):
        return Written(day.isoformat(), day.year, day.month)
    return _cn_day(day, with_year, form.suffix if form.kind in (CN_DAY, DAY_ONLY) else "日")


@dataclass
class Rewriter:
    """Rewrites written windows for one move; `context` is the plan's `year` after the move."""

    move: Move
    old_year: int | None
    context: int | None

    def window(self, spec: WhenSpec) -> str:
        shape = layout(spec.text)
        if shape.deadline:
            if len(shape.parts) != 1:
                raise _cannot(spec)
            self._check(shape.parts[0], spec.end, None, spec)
            written = self._point(shape.parts[0], spec.end, self.old_year, "end", self.context, None)
            return shape.join([written.text])
        if len(shape.parts) == 1:
            assert spec.start is not None
            self._check(shape.parts[0], spec.start, None, spec)
            return shape.join([self._single(shape.parts[0], spec.start)])
        if len(shape.parts) != 2 or spec.start is None:
            raise _cannot(spec)
        start, end = spec.start, spec.end
        self._check(shape.parts[0], start, None, spec)
        self._check(shape.parts[1], end, start.month, spec)
        first = self._point(shape.parts[0], start, self.old_year, "start", self.context, None)
        old_end_year = end.year or start.year or self.old_year
        second = self._point(shape.parts[1], end, old_end_year, "end", first.year or self.context, first)
        return shape.join([first.text, second.text])

    def _check(self, part: str, point: Point, default_month: int | None, spec: WhenSpec) -> None:
        try:
            same = dates.parse_point(part, default_month=default_month) == point
        except dates.DateError:
            same = False
        if not same:
            raise _cannot(spec)

    def _needs_year(self, point: Point, year: int, context: int | None) -> bool:
        return point.year is not None or year != context

    def _point(self, part: str, point: Point, old_year: int | None, role: str, context: int | None,
               start: Written | None) -> Written:
        form = form_of(part)
        old = point.resolve(old_year)
        if self.move.months is not None and form.kind in MONTH_FORMS:
            year, month = add_months(old.start.year, old.start.month, self.move.months)
            if form.kind == ISO_MONTH:
                return Written(f"{year:04d}-{month:02d}", year, month)
            with_year = self._needs_year(point, year, context)
            prefix = f"{year}年" if with_year else ""
            return Written(f"{prefix}{month}月{form.suffix}", year if with_year else None, month)
        day = self.move.day(old.start if role == "start" else old.end)
        with_year = self._needs_year(point, day.year, context)
        if form.kind == DAY_ONLY and start is not None and not with_year and day.month == start.month:
            return Written(f"{day.day}{form.suffix}", None, day.month)
        return _day(day, form, with_year)

    def _single(self, part: str, point: Point) -> str:
        """One written point: kept as a point when it still means one, else a range of days."""
        form = form_of(part)
        old = point.resolve(self.old_year)
        if self.move.months is not None and form.kind in MONTH_FORMS or old.start == old.end:
            return self._point(part, point, self.old_year, "start", self.context, None).text
        first_day, last_day = self.move.day(old.start), self.move.day(old.end)
        if form.kind in (ISO_DAY, ISO_MONTH):
            return f"{first_day.isoformat()}..{last_day.isoformat()}"
        first = _cn_day(first_day, self._needs_year(point, first_day.year, self.context))
        end_context = first.year or self.context
        second = _cn_day(last_day, last_day.year != end_context)
        return f"{first.text}至{second.text}"


def _cannot(spec: WhenSpec) -> WriteRefused:
    return WriteRefused(f"cannot rewrite the window '{spec.text}' safely; change it by hand")


# --- the edits -------------------------------------------------------------------------------


@dataclass
class Shifted:
    """The result of a shift: the new text (not yet verified on disk), and what changed."""

    old_start: date
    new_start: date
    move: Move
    text: str
    data: bytes
    windows: int  # written windows rewritten
    year: tuple[int | None, int | None]
    scope: Task | None
    notes: list[str] = field(default_factory=list)


def _scalar_edit(text: str, node: Node, new_value: str) -> Edit:
    if node.kind != SCALAR:
        raise WriteRefused("a window is not a single value; change it by hand")
    source = text[node.start : node.end]
    if source[:1] in ("'", '"'):
        return Edit(node.start, node.end - node.start, source[0] + new_value + source[0])
    if source != node.value:  # a block scalar or a plain scalar over several lines
        raise WriteRefused(f"the window '{node.value}' is not written on one line; change it by hand")
    return Edit(node.start, node.end - node.start, new_value)


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
    """The first day of the plan (or of the phase `scope`): the earliest start of any window in it."""
    starts = [w.start for item in scope_items(plan, scope) if (w := item.window) is not None]
    return min(starts) if starts else None


def _written_windows(items: list[Item]) -> list[tuple[WhenSpec, Node]]:
    """Every written window in the items with its scalar node: `when`s and quota `periods` entries."""
    found: list[tuple[WhenSpec, Node]] = []
    for item in items:
        node: Node = item.node
        if item.when is not None:
            when_node = node.get("when")
            assert when_node is not None
            found.append((item.when, when_node))
        if isinstance(item, Quota) and item.periods:
            periods = node.get("periods")
            if periods is None or periods.kind != SEQ or len(periods.value) != len(item.periods):
                raise WriteRefused(f"cannot find the periods of quota '{item.id}' in the text; change them by hand")
            found.extend(zip(item.periods, periods.value, strict=True))
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
    for point, _ in _context_points(specs):
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
        raise UsageError(f"--to {new_start.isoformat()}: the plan would run off the calendar (years 1000 to 9999)") from None


def _shift(loaded: Loaded, new_start: date, scope: Task | None) -> Shifted:
    plan, tree = loaded.plan, loaded.tree
    assert plan is not None and tree is not None
    text = loaded.source.text
    items = scope_items(plan, scope)
    old_start = start_of(plan, scope)
    if old_start is None:
        what = f"phase '{scope.id}'" if scope is not None else "the plan"
        raise UsageError(f"{what} has no dates to shift")
    move = choose_move(old_start, new_start)
    written = _written_windows(items)
    notes: list[str] = []
    new_year = plan.year
    if scope is None and plan.year is not None and move.days:
        new_year = _new_year(plan, [spec for spec, _ in written], move, old_start, new_start)
        if new_year != plan.year and _yearless_log_dates(plan, tree):
            notes.append(f"kept year {plan.year}: some completion dates are written without a year")
            new_year = plan.year
    if new_year is not None and not 1900 <= new_year <= 2999:
        raise UsageError(f"--to: the plan's year would become {new_year}; planctl reads years 1900 to 2999")
    rewriter = Rewriter(move, plan.year, new_year)
    edits = [_scalar_edit(text, node, rewriter.window(spec)) for spec, node in written]
    if new_year != plan.year:
        year_node = tree.get("year")
        assert year_node is not None
        edits.append(Edit(year_node.start, year_node.end - year_node.start, str(new_year)))
    new_text = text
    for edit in sorted(edits, key=lambda e: e.offset, reverse=True):
        new_text = edit.apply(new_text)
    data = verify(loaded, new_text, move, scope, new_year)
    return Shifted(old_start, new_start, move, new_text, data, len(written), (plan.year, new_year), scope, notes)


# --- verification ----------------------------------------------------------------------------


def _unmoved(plan: Plan) -> list[tuple[object, ...]]:
    """What a plan says apart from its dates: must read the same after a shift."""
    roster = plan.roster
    rows: list[tuple[object, ...]] = [("plan", plan.title, tuple(roster.people.items()))]
    for gid, group in roster.groups.items():
        units = tuple((u.id, u.name, tuple(u.members)) for u in group.units.values())
        rows.append(("group", gid, group.name, tuple(group.members), units))
    for item in plan.items():
        row: tuple[object, ...] = (item.kind, item.id, item.outline, item.title, tuple(item.who), item.note,
                                   item.when is None, tuple(entry.key() for entry in item.log))
        if isinstance(item, Quota):
            row += (item.target, item.unit, item.per, item.period, len(item.periods), tuple(item.target_for.items()))
        else:
            row += (item.goal,)
        rows.append(row)
    return rows


def verify(loaded: Loaded, new_text: str, move: Move, scope: Task | None, new_year: int | None) -> bytes:
    """Re-read the shifted text: the same plan, every window of the scope moved, the rest unchanged."""
    source = loaded.source
    old = loaded.plan
    assert old is not None
    reloaded = load_source(Source(source.path, new_text, has_bom=source.has_bom))
    if reloaded.errors or reloaded.plan is None:
        first = reloaded.errors[0] if reloaded.errors else None
        why = f"{first.line}:{first.column}: {first.message}" if first else "it does not read as a plan"
        raise WriteRefused(f"the shifted plan would not be valid ({why}); nothing was written")
    new = reloaded.plan
    if _unmoved(new) != _unmoved(old) or new.year != new_year:
        raise WriteRefused("the shifted plan would differ in more than its dates; nothing was written")
    in_scope = {id(item) for item in scope_items(old, scope)}
    moved: Callable[[Window], Window] = move.window
    for before, after in zip(old.items(), new.items(), strict=True):
        change = moved if id(before) in in_scope else (lambda w: w)
        expected = change(before.window) if before.window is not None else None
        if after.window != expected:
            raise WriteRefused(f"{before.kind} '{before.id}' would move to {_iso(after.window)}, not "
                               f"{_iso(expected)}; nothing was written")
        if isinstance(before, Quota) and isinstance(after, Quota) and before.periods and \
                after.period_windows != [change(w) for w in before.period_windows]:
            raise WriteRefused(f"the periods of quota '{before.id}' would not move with it; nothing was written")
    return ((BOM if source.has_bom else "") + new_text).encode("utf-8")


def _iso(window: Window | None) -> str:
    return window.iso() if window is not None else "no window"

