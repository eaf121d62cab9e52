"""`planctl timeline`: a Gantt chart of phases and tasks on a date axis, for the terminal, SVG and HTML.

On the terminal, states are told apart by glyph as well as colour, so the chart reads in plain text:
█ finished, ▓ active, ▒ late, ░ not started. Today is ▼ on the axis and │ down the rows.
`--svg` and `--html` draw the same rows as a picture (output/svgchart.py): bars in state colours with
the part done, month and dekad ticks, today's line; self-contained, every label whole.
"""

from __future__ import annotations

import itertools
import operator
import os
from collections.abc import Iterable
from datetime import date, timedelta

from planctl.format.dates import Window, dekad_of
from planctl.i18n import N_, _
from planctl.model import Plan, Task
from planctl.output import cells as cells_module
from planctl.output import words as d
from planctl.output.cells import LONGEST, cell_width, clip, line_width, line_widths, simple_widths
from planctl.output.status import cut, cut_plain, plain_console, plain_text, print_lines, write_plain_lines
from planctl.output.visible import visible
from planctl.records import NamedTuple
from planctl.status import states as p

TYPE_CHECKING = False  # Rich, the pictures and JSON are imported where used: a chart printed without colour needs none
if TYPE_CHECKING:
    from rich.text import Span, Text

    from planctl.output import svgchart
    from planctl.output.status import Screen

GLYPHS = {p.FINISHED: "█", p.ACTIVE: "▓", p.LATE: "▒", p.NOT_STARTED: "░"}
STYLES = {p.FINISHED: "green", p.ACTIVE: "cyan", p.LATE: "red", p.NOT_STARTED: "blue"}
TODAY_STYLE = "bold magenta"
MONTHS = (N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"), N_("Jul"), N_("Aug"), N_("Sep"), N_("Oct"),
          N_("Nov"), N_("Dec"))  # translated where shown: 1月 … 12月
MIN_WIDTH = 40  # columns: below this there is no room for labels and a chart
MAX_WIDTH = 1000  # columns: wider than any screen or printout; a larger --width is a typing mistake
MIN_CHART = 20


class Bar:
    """One row of the chart. A plain class (made for each task of a large plan: a frozen dataclass's __init__
    costs three times, and importing `dataclasses` costs a chart on the terminal as much as its rows)."""

    __slots__ = ("task", "label", "state", "window", "count", "occurrences")

    def __init__(self, task: Task | None, label: str, state: str, window: Window | None, count: p.Count,
                 occurrences: tuple[p.OccurrenceRow, ...] = ()) -> None:
        self.task = task  # None: a plain task not built (`build`'s `plain`), drawn on the terminal alone
        self.label = label
        self.state = state
        self.window = window
        self.count = count  # leaf tasks done of total, for the pictures' progress
        self.occurrences = occurrences  # a recurring task's, each drawn on its own days


class Chart(NamedTuple):
    title: str
    today: date
    span: Window
    bars: list[Bar]
    lang: str = "en"  # the plan's language, for the pictures' words (report_words.language)
    cells: list[int] | None = None  # each bar's label's width in cells, when `build` found every label simple
    # (cells.simple_widths: printable ASCII and WIDE characters alone); else measured when laid out


def build(plan: Plan, today: date, *, phase: Task | None = None, start: date | None = None,
          end: date | None = None, plain: p.PlainOn | None = None, named: Iterable[tuple[str, str]] = ()) -> Chart | None:
    """The rows to draw and the days they span: the plan's (or one phase's), whole dekads, unless given.
    `plain`: the plain tasks of a plan built without them (states.plain_on), with each one's outline and title
    (`named`, in the same order), drawn from their columns where the whole plan would draw them; their bars have
    no task (`Bar.task`), so the chart is for the terminal alone (`render`)."""
    if plain is not None:
        return _build_with_plain(plan, today, start, end, plain, named)
    tasks = [t for t in p.waits_order(plan) if phase is None or t.phase is phase]
    placed = {id(t): p.window_on(plan, t, today) for t in tasks}  # as `due` places them on the day
    windows = [w for w in placed.values() if w is not None]
    if not windows and (start is None or end is None):
        return None
    first = start or dekad_of(min(w.start for w in windows)).start
    last = end or dekad_of(max(w.end for w in windows)).end
    if last < first:
        return None
    span = Window(first, last)
    bars = []
    states = dict(zip(tasks, p.task_states(plan, tasks, today), strict=True))  # each found once, together

    def state_of(task: Task) -> str:
        found = states.get(task)
        if found is None:
            found = states[task] = p.task_state(plan, task, today)
        return found

    for task in tasks:
        window = placed[id(task)]
        if window is not None and (window.end < span.start or window.start > span.end):
            continue
        waits = "↳ " if (task.after or task.relative is not None) and task.waits_for() else ""  # drawn after
        # what it waits for (states.waits_order)
        label = clip(f"{'  ' * (task.depth - 1)}{waits}{task.outline} {task.title}")
        state = state_of(task)
        count = p.task_count(plan, task, today, state_of) if task.tasks else _leaf_count(state)
        occurrences = tuple(p.occurrence_rows(plan, task, today)) if task.repeat is not None else ()
        bars.append(Bar(task, label, state, window, count, occurrences))
    if not bars:
        return None
    title = plan.title if phase is None else f"{plan.title} · {phase.outline} {phase.title}"
    from planctl.output.report_words import language

    return Chart(title, today, span, bars, language(plan))


def _build_with_plain(plan: Plan, today: date, start: date | None, end: date | None, plain: p.PlainOn,
                      named: Iterable[tuple[str, str]]) -> Chart | None:
    """`build` of the whole plan (no phase asked for) from a plan built without its plain tasks (`plain`; none of
    its tasks waits for another or is dated from one, so the rows are in outline order, `states.waits_order`):
    the same bars, in the same order."""
    built = [(n, item) for n, item in zip(plain.built, plan.items(), strict=True) if isinstance(item, Task)]
    placed = {id(task): p.window_on(plan, task, today) for _, task in built}
    windows = [w for w in placed.values() if w is not None]
    first = start or dekad_of(min([plain.span.start, *(w.start for w in windows)])).start
    last = end or dekad_of(max([plain.span.end, *(w.end for w in windows)])).end
    if last < first:
        return None
    span = Window(first, last)
    with_plain = plain.counts  # a phase holding plain tasks is judged with them (a quota of it only when they are done)
    tasks = [task for _, task in built if id(task) not in with_plain]
    states = dict(zip(tasks, p.task_states(plan, tasks, today), strict=True))
    for phase in plan.phases:
        if id(phase) in with_plain:
            states[phase] = p.phase_state_with(plan, phase, today, plain)

    def state_of(task: Task) -> str:
        found = states.get(task)
        if found is None:
            found = states[task] = p.task_state(plan, task, today)
        return found

    slots: list[Bar | None] = [None] * (len(plain.places) + len(plain.built))  # each bar at its place in items()
    for n, task in built:
        window = placed[id(task)]
        if window is not None and (window.end < span.start or window.start > span.end):
            continue
        state = state_of(task)
        if id(task) in with_plain:
            count = p.phase_count_with(plan, task, today, plain)
        else:
            count = p.task_count(plan, task, today, state_of) if task.tasks else _leaf_count(state)
        occurrences = tuple(p.occurrence_rows(plan, task, today)) if task.repeat is not None else ()
        label = clip(f"{'  ' * (task.depth - 1)}{task.outline} {task.title}")  # nothing waits: no ↳
        slots[n] = Bar(task, label, state, window, count, occurrences)
    # The plain tasks' bars, made by map (a large plan's hundred thousand): each at depth 2, nothing waits
    labels = [f"  {outline} {title}" for outline, title in named]
    longest = max(map(len, labels), default=0)
    many = len(labels) >= cells_module.SHORTCUT_AFTER  # worth compiling the search's pattern (cells.line_widths)
    plain_cells = simple_widths(labels) if many and longest <= LONGEST else None  # simple: printable: clip keeps it
    if plain_cells is None and (longest > LONGEST or not "".join(labels).isprintable()):
        labels = [clip(label) for label in labels]  # clip leaves a printable label of at most LONGEST as it is
    plain_windows = map(_Windows().__getitem__, zip(plain.starts, plain.ends, strict=True))
    counts = map({state: _leaf_count(state) for state in p.STATES}.__getitem__, plain.states)
    made = map(Bar, itertools.repeat(None), labels, plain.states, plain_windows, counts)
    if start is None and end is None:  # the chart spans every plain task's window
        for n, bar in zip(plain.places, made, strict=True):
            slots[n] = bar
    else:
        for n, bar in zip(plain.places, made, strict=True):
            window = bar.window
            if window is not None and window.end >= span.start and window.start <= span.end:
                slots[n] = bar
    widths: list[int] | None = None  # each label's width at its bar's place
    if plain_cells is not None:
        widths = [0] * len(slots)
        for n, cells in zip(plain.places, plain_cells, strict=True):
            widths[n] = cells
    bars: list[Bar] = list(filter(None, slots))  # a Bar is never false
    if not bars:
        return None
    from planctl.output.report_words import language

    cells_of = None if widths is None else _with_built(slots, widths, [n for n, _ in built])
    return Chart(plan.title, today, span, bars, language(plan), cells_of)


def _with_built(slots: list[Bar | None], widths: list[int], built: list[int]) -> list[int] | None:
    """The widths of the labels of the bars in `slots` (in their order), `widths` holding the plain tasks', with
    those of the bars of the items built (at places `built`) measured now; None when one of them is not simple
    (cells.simple_widths: then every label is measured when the chart is laid out)."""
    drawn = [n for n in built if slots[n] is not None]
    measured = simple_widths([bar.label for n in drawn if (bar := slots[n]) is not None])
    if measured is None:
        return None
    for n, cells in zip(drawn, measured, strict=True):
        widths[n] = cells
    return list(itertools.compress(widths, slots))  # a Bar is never false


class _Windows(dict[tuple[int, int], Window]):
    """The Window of each (first, last) day ordinals, made once for each distinct pair (a plan repeats them)."""

    def __missing__(self, days: tuple[int, int]) -> Window:
        window = self[days] = Window(date.fromordinal(days[0]), date.fromordinal(days[1]))
        return window


def _leaf_count(state: str) -> p.Count:
    """`task_count` of a task without sub-tasks (its only leaf is itself), from the state already found
    (one Count for each state, shared: a Count is never changed)."""
    count = _LEAF_COUNTS.get(state)
    if count is None:
        count = _LEAF_COUNTS[state] = p.Count(int(state == p.FINISHED), 1, int(state == p.LATE))
    return count


_LEAF_COUNTS: dict[str, p.Count] = {}


# Layout


class Scale(NamedTuple):
    """Days onto `cols` columns: column c covers days [c·D/cols, (c+1)·D/cols) from the start."""

    span: Window
    cols: int

    @property
    def days(self) -> int:
        return self.span.days

    def first_col(self, day: date) -> int:
        return (day - self.span.start).days * self.cols // self.days

    def last_col(self, day: date) -> int:
        """The last column that holds any of `day`."""
        offset = (day - self.span.start).days + 1
        return -(-offset * self.cols // self.days) - 1

    def cols_of(self, window: Window) -> range | None:
        """The columns holding any day of `window` (`first_col` of its first day in the span to
        `last_col` of its last); None when it is outside the span."""
        span = self.span
        if window.end < span.start or window.start > span.end:
            return None
        cols, days = self.cols, span.days
        first = (max(window.start, span.start) - span.start).days * cols // days
        last = -(-((min(window.end, span.end) - span.start).days + 1) * cols // days) - 1
        return range(first, last + 1)


def label_width(chart: Chart, width: int, cells: list[int] | None = None) -> int:
    """The label column's width; `cells`: each bar's label's width in cells, when measured already."""
    longest = max(cells) if cells else max(cell_width(bar.label) for bar in chart.bars)
    return max(min(longest, width * 2 // 5, width - MIN_CHART - 1), 8)


class _Layout(NamedTuple):
    """What every row of the chart at `width` shares: the label column, the scale, today's column."""

    labels: int  # the label column's width in cells
    cells: list[int]  # each bar's label's width in cells, in the order of the chart's bars
    scale: Scale
    step: int  # months between two labels of the month row
    today_col: int | None
    simple: bool = False  # every label is printable ASCII and WIDE characters alone (cells.line_widths)


def _layout(chart: Chart, width: int) -> _Layout:
    cells, simple = (chart.cells, True) if chart.cells is not None else \
        line_widths(list(map(operator.attrgetter("label"), chart.bars)))
    labels = label_width(chart, width, cells)
    scale = Scale(chart.span, max(width - labels - 1, 1))
    today_col = scale.first_col(chart.today) if chart.today in chart.span else None
    return _Layout(labels, cells, scale, month_step(scale), today_col, simple)


def lines(chart: Chart, width: int) -> list[Text]:
    """The chart's lines with their styles (Rich Text)."""
    layout = _layout(chart, width)
    out = [*_head(chart, width, layout), *map(_bar_line, itertools.repeat(layout), chart.bars, layout.cells),
           *legend(chart, layout.scale, width)]
    for line in out:
        line.rstrip()
    return out


def plain_lines(chart: Chart, width: int) -> list[str]:
    """`lines`' plain text, built without their styles (a large plan's rows are most of the work):
    what a console without colour prints."""
    return _plain_sized(chart, width)[0]


def _plain_sized(chart: Chart, width: int) -> tuple[list[str], list[int | None]]:
    """`plain_lines`, each with its width in cells where the rows' making knows it (a row of bar
    glyphs after a label that fits its column), else None."""
    layout = _layout(chart, width)
    head = [line.rstrip() for line in _head_plain(chart, width, layout)]
    tail = [line.rstrip() for line in _legend_plain(chart, layout.scale, width)]
    drawn: dict[tuple[int, str], str] = {}  # a row of one window (by its object: the bars keep it) in one state, drawn once
    rows, sizes = _rows_plain(layout, chart.bars, drawn)
    return [*head, *rows, *tail], [*[None] * len(head), *sizes, *[None] * len(tail)]


def _rows_plain(layout: _Layout, bars: list[Bar], drawn: dict[tuple[int, str], str]
                ) -> tuple[list[str], list[int | None]]:
    """`_bar_plain` of each bar, as two lists (the rows, their widths): a bar without occurrences whose label is
    simple (`_Layout.simple`) and fits its column is written here at once (a large plan's rows)."""
    rows: list[str] = []
    sizes: list[int | None] = []
    if not layout.simple:
        for bar, width in zip(bars, layout.cells, strict=True):
            row, size = _bar_plain(layout, bar, width, drawn)
            rows.append(row)
            sizes.append(size)
        return rows, sizes
    column = layout.labels
    for bar, width in zip(bars, layout.cells, strict=True):
        label = bar.label
        known = None if bar.occurrences or width > column else drawn.get((id(bar.window), bar.state))
        if known is None:
            row, size = _bar_plain(layout, bar, width, drawn)
            rows.append(row)
            sizes.append(size)
        elif known:
            rows.append(f"{label}{' ' * (column - width)} {known}")
            sizes.append(column + 1 + len(known))  # every cell of a row is one wide (`_bar_plain`)
        else:
            rows.append(label.rstrip())
            sizes.append(None)
    return rows, sizes


def _head(chart: Chart, width: int, layout: _Layout) -> list[Text]:
    """The title, the month row, the dekad row (when it fits) and the axis."""
    from rich.text import Text

    scale, step = layout.scale, layout.step
    pad = " " * (layout.labels + 1)
    return [*Text(_heading(chart, width), style="bold").split("\n"),
            Text.assemble(pad, month_row(scale, step)),
            *([Text.assemble(pad, dekads)] if step == 1 and (dekads := dekad_row(scale)) is not None else []),
            Text.assemble(pad, axis_row(scale, layout.today_col, step))]


def _head_plain(chart: Chart, width: int, layout: _Layout) -> list[str]:
    """`_head`'s lines' plain text, made without Rich."""
    scale, step = layout.scale, layout.step
    pad = " " * (layout.labels + 1)
    dekads = _dekad_labels(scale) if step == 1 else None
    return [*(plain_text(line) for line in _heading(chart, width).split("\n")),
            pad + _row_plain(scale, _month_labels(scale, step) or []),
            *([pad + _row_plain(scale, dekads)] if dekads else []),
            pad + _axis_plain(scale, layout.today_col, step)]


def _heading(chart: Chart, width: int) -> str:
    """The title and the days the chart spans; the days on a line of their own when the line would not fit."""
    title = visible(chart.title)
    heading = f"{title} — {chart.span.iso()}"
    if cell_width(heading) > width:  # the dates on a line of their own rather than cut
        heading = f"{title}\n{chart.span.iso()}"
    return heading


def _label(layout: _Layout, bar: Bar, cells: int) -> Text:
    """The bar's label (`cells` wide) in the label column: padded to it, or cut with an ellipsis."""
    from rich.text import Text

    style = "bold" if bar.task is not None and bar.task.depth == 1 else ""
    if cells <= layout.labels:  # as cut and align leave it, without measuring it again
        return Text(bar.label + " " * (layout.labels - cells), style=style)
    label = cut(Text(bar.label, style=style), layout.labels)
    label.append(" " * (layout.labels - cell_width(label.plain)))  # measured as written (output/cells.py), not by Rich
    return label


def _bar_line(layout: _Layout, bar: Bar, cells: int) -> Text:
    label = _label(layout, bar, cells)
    # The indent is a span of its own, so that an SVG places the label after it rather than trimming it.
    label.stylize("dim", 0, len(bar.label) - len(bar.label.lstrip(" ")))
    return _joined(label, *_bar_cells(layout.scale, bar, layout.today_col))


def _bar_plain(layout: _Layout, bar: Bar, cells: int, drawn: dict[tuple[int, str], str]
               ) -> tuple[str, int | None]:
    """`_bar_line(layout, bar, cells).plain` with its end stripped, without the styles; with its width in
    cells when that is known without measuring it (None otherwise). `drawn`: the stripped rows of
    bars without occurrences drawn so far, by window (the id of its object: a plan's tasks share a few, and a
    dict of them hashed and compared each Window) and state."""
    fits = cells <= layout.labels
    if fits:
        label = bar.label + " " * (layout.labels - cells)
        # Text drops control codes (rich.control.strip_control_codes); a joiner (U+200D is not
        # printable) or a variation selector changes the width of what it joins: measure those.
        if not label.isprintable() or "\ufe0f" in label:
            label, fits = plain_text(label), False
    else:  # as `_label` cuts and pads it
        label = cut_plain(plain_text(bar.label), layout.labels)
        label += " " * (layout.labels - cell_width(label))
    key = (id(bar.window), bar.state)
    row = None if bar.occurrences else drawn.get(key)
    if row is None:
        row = _bar_text(layout.scale, bar, layout.today_col).rstrip()
        if not bar.occurrences:
            drawn[key] = row
    if not row:
        return label.rstrip(), None
    # Every cell of the row is one wide (a space, a bar glyph, today's line: cells._ONE_CELL).
    return f"{label} {row}", layout.labels + 1 + len(row) if fits else None


def _bar_text(scale: Scale, bar: Bar, today_col: int | None) -> str:
    """`"".join(_bar_chars(scale, bar, today_col))`, written at once for a bar of one window."""
    if bar.occurrences:
        return "".join(_bar_chars(scale, bar, today_col))
    columns = scale.cols_of(bar.window) if bar.window is not None else None
    if not columns:
        row = " " * scale.cols
    else:
        row = " " * columns.start + GLYPHS[bar.state] * len(columns) + " " * (scale.cols - columns.stop)
    if today_col is not None and not (columns and columns.start <= today_col < columns.stop):
        row = f"{row[:today_col]}│{row[today_col + 1:]}"  # today's line, where no bar is over it
    return row


def _joined(label: Text, row: str, row_spans: list[Span]) -> Text:
    """`Text.assemble(label, " ", bar_row(…))` with its end stripped (`Text.rstrip`), with the same
    spans, built at once: one Text a task, not four."""
    from rich.text import Span, Text

    at = len(label) + 1
    spans = [Span(0, len(label), label.style)] if label.style else []
    spans += label.spans
    spans += [Span(start + at, end + at, style) for start, end, style in row_spans]
    plain = f"{label.plain} {row}"
    stripped = plain.rstrip()
    if len(stripped) < len(plain):  # as Text.rstrip trims the spans
        end = len(stripped)
        spans = [span if span.end < end else Span(span.start, end, span.style) for span in spans if span.start < end]
    return Text(stripped, spans=spans)


# Months between two labels of the month row: the finest whose labels all fit, one cell apart, is drawn.
MONTH_STEPS = (1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200, 2400, 6000, 12000, 24000, 60000, 120000)
DEKADS = (N_("1–10"), N_("11–20"), N_("21–"))  # translated where shown: 上旬 中旬 下旬 (as the pictures name them)


def month_step(scale: Scale) -> int:
    """Months between two labels of the month row: the finest of MONTH_STEPS whose labels all fit whole,
    one cell apart (every month, every 2nd, 3rd (the quarters), 6th, then only the years: every 1st, 2nd, 5th, 10th…)."""
    months = _months(scale.span)
    fitting = (step for step in MONTH_STEPS if months <= step * scale.cols // 2)  # each label takes two cells or more
    return next((step for step in fitting if _month_labels(scale, step) is not None), MONTH_STEPS[-1])


def month_row(scale: Scale, step: int | None = None) -> Text:
    """Month names where each `step`th month starts (default: `month_step`), with the year where it changes;
    never one label over another."""
    from rich.text import Text

    labels = _month_labels(scale, month_step(scale) if step is None else step)
    return Text(_row_plain(scale, labels or []), style="bold")


def _month_labels(scale: Scale, step: int) -> list[tuple[int, str]] | None:
    """(column, label) of every `step`th month's start in the span, or None when one of them does not fit;
    a month cut short at the left edge gets its name only where there is room for it."""
    marks = [(scale.first_col(day), day) for day in _month_starts(scale.span, step)]
    first = scale.span.start
    lead = [] if marks and marks[0][0] == 0 else [(0, first)]
    labels: list[tuple[int, str]] = []
    shown_year: int | None = None
    for i, (col, day) in enumerate([*lead, *marks]):
        later = [*lead, *marks][i + 1:]
        room = (later[0][0] if later else scale.cols) - col - 1  # a cell between two labels, and at the end
        short, long = _month_names(day, step)
        if cell_width(short) > room:
            if lead and i == 0 or not later:
                continue  # a month cut short at the left edge, or the last at the right edge: no room for it
            return None
        text = short
        if day.year != shown_year:  # the year where it changes, if there is room: 2010年1月, else 2010年
            year = _("{year}").format(year=day.year) if day.month == 1 else long
            fitting = [name for name in (long, year) if cell_width(name) <= room]
            if fitting:
                text, shown_year = fitting[0], day.year
        labels.append((col, text))
    return labels


def _month_starts(span: Window, step: int) -> list[date]:
    """The first days of the months in `span` that begin a step: months 1, 1+step… of each year when `step`
    is below 12, else the Januaries of the years divisible by step/12 (found year by year: a span to 9999
    has 96,000 months)."""
    if step >= 12:
        every = step // 12
        year = span.start.year + (-span.start.year) % every  # the first year divisible by `every`
        if date(year, 1, 1) < span.start:
            year += every
        return [date(y, 1, 1) for y in range(year, span.end.year + 1, every)]
    out = []
    month = date(span.start.year, span.start.month, 1)
    while month <= span.end:
        if month >= span.start and _begins_step(month, step):
            out.append(month)
        if month.year == 9999 and month.month == 12:
            break  # the calendar ends here
        month = (month + timedelta(days=32)).replace(day=1)
    return out


def _begins_step(month: date, step: int) -> bool:
    """Whether the month starting on `month` is labelled every `step` months: 1, 1+step… of each year below
    12, else the Januaries of the years divisible by step/12 (2000, 2005, 2010 for 60)."""
    if step < 12:
        return (month.month - 1) % step == 0
    return month.month == 1 and month.year % (step // 12) == 0


def _month_names(day: date, step: int) -> tuple[str, str]:
    """The label of a month (3月, Mar) and with its year (2009年3月, Mar 2009). Every `step`th month only
    (step 2 or more): January is its year (2010年, 2010), as on a calendar's axis; a year or more: the year."""
    year = _("{year}").format(year=day.year)
    if step >= 12 or step > 1 and day.month == 1:
        return year, year
    name = _(MONTHS[day.month - 1])
    return name, _("{month} {year}").format(month=name, year=day.year)


def dekad_row(scale: Scale) -> Text | None:
    """The dekads' names (上旬 中旬 下旬; in English 1–10, 11–20, 21–) where each starts, when every one fits
    whole before the next (a scale of about two days a column or finer); None otherwise."""
    from rich.text import Text

    labels = _dekad_labels(scale)
    return Text(_row_plain(scale, labels), style="dim") if labels else None


def _dekad_labels(scale: Scale) -> list[tuple[int, str]] | None:
    """`dekad_row`'s (column, name) of each dekad; None (or []) when there is no row."""
    labels: list[tuple[int, str]] = []
    starts = _dekad_starts(scale.span)
    for i, day in enumerate(starts):
        col = scale.first_col(day)
        room = (scale.first_col(starts[i + 1]) if i + 1 < len(starts) else scale.cols) - col - 1
        name = _(DEKADS[(day.day - 1) // 10])
        if cell_width(name) > room:
            if i == 0 and day != dekad_of(day).start:
                continue  # a dekad cut short at the left edge
            return None
        labels.append((col, name))
    return labels


def _dekad_starts(span: Window) -> list[date]:
    """The span's first day, then the first day of each dekad (the 1st, 11th, 21st) in it."""
    out = [span.start]
    day = span.start
    while dekad_of(day).end < span.end:
        day = dekad_of(day).end + timedelta(days=1)
        out.append(day)
    return out


def _row_plain(scale: Scale, labels: list[tuple[int, str]]) -> str:
    """A row of `scale.cols` cells with each label written from its column, its end stripped."""
    row = [" "] * scale.cols
    for col, text in labels:
        cells = _cells(text)
        row[col:col + len(cells)] = cells
    return "".join(row[: scale.cols]).rstrip()


def _cells(text: str) -> list[str]:
    """`text` one terminal cell an item: a wide character (月, 年) and then "" for the cell it also covers."""
    out: list[str] = []
    for ch in text:
        out += [ch, ""] if cell_width(ch) == 2 else [ch]
    return out


def axis_row(scale: Scale, today_col: int | None, step: int = 1) -> Text:
    """─ with ├ where a labelled month starts (each month, or each `step`th: month_step), ┬ where a dekad (the
    11th, the 21st) or an unlabelled month does when there is room (a month two columns, a dekad one and a half
    on average); ▼ at today."""
    from rich.text import Text

    text = Text(_axis_marks(scale, step), style="dim")
    if today_col is not None:
        text.stylize("", today_col, today_col + 1)
        text = Text.assemble(text[:today_col], ("▼", TODAY_STYLE), text[today_col + 1:])
    return text


def _axis_plain(scale: Scale, today_col: int | None, step: int) -> str:
    """`axis_row`'s plain text."""
    row = _axis_marks(scale, step)
    return row if today_col is None else f"{row[:today_col]}▼{row[today_col + 1:]}"


def _axis_marks(scale: Scale, step: int) -> str:
    """`axis_row`'s ticks, without today's mark."""
    row = ["─"] * scale.cols
    months_fit = scale.cols >= 2 * _months(scale.span)
    years_fit = scale.cols >= 2 * _years(scale.span)
    # With a year or more between labels only Januaries are marked: each one when they fit, else the labelled.
    ticked = 1 if step < 12 else 12 if years_fit else step
    for day in _month_starts(scale.span, ticked):
        if _begins_step(day, step):
            row[scale.first_col(day)] = "├"
        elif months_fit if step < 12 else day.month == 1 and years_fit:
            _minor(row, scale.first_col(day))
    if step == 1 and 2 * scale.cols >= 3 * _dekads(scale.span):
        for day in _dekad_starts(scale.span):
            if day == dekad_of(day).start:
                _minor(row, scale.first_col(day))
    return "".join(row)


def _minor(row: list[str], col: int) -> None:
    if row[col] == "─":
        row[col] = "┬"


def _months(span: Window) -> int:
    return (span.end.year - span.start.year) * 12 + span.end.month - span.start.month + 1


def _years(span: Window) -> int:
    return span.end.year - span.start.year + 1


def _dekads(span: Window) -> int:
    return _months(span) * 3


def bar_row(scale: Scale, bar: Bar, today_col: int | None) -> Text:
    """The bar's row of cells: its glyphs in its state's style, today's line across it."""
    from rich.text import Text

    plain, spans = _bar_cells(scale, bar, today_col)
    return Text(plain, spans=spans)


def _bar_cells(scale: Scale, bar: Bar, today_col: int | None) -> tuple[str, list[Span]]:
    """`bar_row`'s text and spans."""
    from rich.text import Span

    styles = [""] * scale.cols
    chars = _bar_chars(scale, bar, today_col, styles)
    # One span per styled cell, as appending cell by cell made them (so coloured output keeps its bytes),
    # built directly: Text.append per cell was most of a large plan's timeline.
    return "".join(chars), [Span(col, col + 1, style) for col, style in enumerate(styles) if style]


def _bar_chars(scale: Scale, bar: Bar, today_col: int | None, styles: list[str] | None = None) -> list[str]:
    """The bar's row, one character a column: its glyphs, today's line across it; each column's style
    written into `styles` when given."""
    chars = [" "] * scale.cols
    if today_col is not None:
        chars[today_col] = "│"
        if styles is not None:
            styles[today_col] = TODAY_STYLE
    drawn: list[tuple[Window | None, str]] = [*pieces(bar)] or [(bar.window, bar.state)]
    for window, state in drawn:
        columns = scale.cols_of(window) if window is not None else None
        if not columns:
            continue
        chars[columns.start:columns.stop] = GLYPHS[state] * len(columns)
        if styles is not None:
            style = STYLES[state]
            styles[columns.start:columns.stop] = [style] * len(columns)
            if today_col is not None and today_col in columns:
                styles[today_col] = f"{style} on grey23"
    return chars


def pieces(bar: Bar) -> list[tuple[Window, str]]:
    """A recurring task's occurrences as drawn: each one's days and state (finished when done, else as its
    section places it on the chart's day); [] for another task."""
    return [(occ.occurrence.window, p.FINISHED if occ.section == p.DONE else p.SECTION_STATES[occ.section])
            for occ in bar.occurrences]


def legend(chart: Chart, scale: Scale, width: int) -> list[Text]:
    """What the glyphs mean, where today is, how many days a column stands for: one line, or two if narrow."""
    from rich.text import Text

    glyphs, when = Text(), Text()
    glyph_pieces, when_pieces = _legend_pieces(chart, scale)
    for text, style in glyph_pieces:
        glyphs.append(text, style=style)
    for text, style in when_pieces:
        when.append(text, style=style)
    if cell_width(glyphs.plain) + cell_width(when.plain) <= width:
        return [Text.assemble(glyphs, when)]
    return [glyphs, when]


def _legend_plain(chart: Chart, scale: Scale, width: int) -> list[str]:
    """`legend`'s lines' plain text, made without Rich."""
    glyph_pieces, when_pieces = _legend_pieces(chart, scale)
    glyphs = plain_text("".join(text for text, _style in glyph_pieces))
    when = plain_text("".join(text for text, _style in when_pieces))
    if cell_width(glyphs) + cell_width(when) <= width:
        return [glyphs + when]
    return [glyphs, when]


def _legend_pieces(chart: Chart, scale: Scale) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """`legend`'s two parts as (text, style) pieces: the glyphs' meanings; today and the scale."""
    glyphs = []
    for state in (p.FINISHED, p.ACTIVE, p.LATE, p.NOT_STARTED):
        glyphs += [(f"{GLYPHS[state]} ", STYLES[state]), (f"{d.state_word(state)}  ", "")]
    today = chart.today
    when = []
    if today in chart.span:
        when += [("▼│ ", TODAY_STYLE), (_("today {day}").format(day=d.prose_day(today)) + "  ", "")]
    else:
        words = _("today {day} is before the chart") if today < chart.span.start else _("today {day} is after the chart")
        when.append((words.format(day=today.isoformat()) + "  ", ""))
    per = scale.days / scale.cols
    scale_words = (_("· a column is {days:.1f} days").format(days=per) if per >= 1.05
                   else _("· a day is {columns:.1f} columns").format(columns=scale.cols / scale.days))
    when.append((scale_words, "dim"))
    return glyphs, when


def render(console: Screen, chart: Chart, width: int) -> None:
    """The chart on `console` (output/console.py `make_screen`): without colour, its lines' plain text
    made without Rich when every line fits."""
    if plain_console(console):
        if _write_encoded(console, chart, width):
            return
        plains, widths = _plain_sized(chart, width)
        if _write_fitting(console, plains, widths) or write_plain_lines(console, plains):
            return
    print_lines(console, lines(chart, width))


def _write_encoded(console: Screen, chart: Chart, width: int) -> bool:
    """`_plain_sized`'s lines written by `_write_fitting`, as the UTF-8 bytes that writes, onto a stream of UTF-8
    (its `buffer`) when every label is simple (`_Layout.simple`): each row without occurrences whose label fits
    its column is its label's bytes and those of the rest of its line, made once for each width of label,
    window and state: a large plan's rows joined as text and encoded by the stream cost its timeline 4 % more (issue 20).
    False (nothing written) when that does not apply or a line does not fit, as `_write_fitting`."""
    stream = console.file
    binary = getattr(stream, "buffer", None)
    if binary is None or _codec(getattr(stream, "encoding", None)) != "utf-8" or os.linesep != "\n":
        return False
    layout = _layout(chart, width)
    if not layout.simple:
        return False
    head = [line.rstrip() for line in _head_plain(chart, width, layout)]
    tail = [line.rstrip() for line in _legend_plain(chart, layout.scale, width)]
    if not all(map(_fits, head, itertools.repeat(width))) or not all(map(_fits, tail, itertools.repeat(width))):
        return False
    pieces = [line.encode() + b"\n" for line in head]
    rows = _rows_encoded(layout, chart.bars, width, pieces)
    if rows is None:
        return False
    pieces += [line.encode() + b"\n" for line in tail]
    stream.flush()
    binary.write(b"".join(pieces))
    return True


def _rows_encoded(layout: _Layout, bars: list[Bar], width: int, pieces: list[bytes]) -> list[bytes] | None:
    """The bars' rows as `_rows_plain` makes them, each followed by a line break, in UTF-8, added to `pieces`;
    None when one does not fit `width` (as `_write_fitting` judges)."""
    column = layout.labels
    drawn: dict[tuple[int, str], str] = {}
    rests: dict[tuple[int, int, str], bytes | None] = {}  # a row's bytes after its label; None: the label alone
    add = pieces.append
    for bar, cells in zip(bars, layout.cells, strict=True):
        shared = not bar.occurrences and cells <= column  # a printable label padded to its column (`_bar_plain`)
        key = (cells, id(bar.window), bar.state)
        rest = rests.get(key, b"") if shared else b""  # b"": not known
        if rest:
            add(bar.label.encode())
            add(rest)
            continue
        if rest is None:
            line, size = bar.label.rstrip(), None  # a row without bar glyphs: the label alone
        else:
            line, size = _bar_plain(layout, bar, cells, drawn)
            if shared:
                rests[key] = line[len(bar.label):].encode() + b"\n" if size is not None else None
        if not _fits(line, width) if size is None else size > width:
            return None
        add(line.encode() + b"\n")
    return pieces


def _fits(line: str, width: int) -> bool:
    """A line of unknown width as `_write_fitting` lets it be written: not longer than a view shows, no tab, fits."""
    return len(line) <= LONGEST and "\t" not in line and line_width(line) <= width


def _codec(encoding: str | None) -> str | None:
    """The name of the codec of `encoding` (None when it is none or unknown)."""
    import codecs

    try:
        return codecs.lookup(encoding).name if encoding else None
    except LookupError:
        return None


def _write_fitting(console: Screen, plains: list[str], widths: list[int | None]) -> bool:
    """`write_plain_lines` of lines whose widths are known where given (the rows: measuring each again was
    a tenth of a large plan's timeline); False (nothing written) when one must be measured or does
    not fit, or is longer than a view shows (cells.LONGEST: the caller's fallback cuts it)."""
    width = console.width  # a property that asks the terminal each time
    # A line of known width is a row whose printable label fits its column (`_bar_plain`): no tab, and at most
    # `width` characters, far below LONGEST; only the others are looked at one by one.
    if max(filter(None, widths), default=0) > width:
        return False
    for plain in itertools.compress(plains, map(operator.is_, widths, itertools.repeat(None))):
        if len(plain) > LONGEST or "\t" in plain or line_width(plain) > width:
            return False
    console.file.write("\n".join(plains) + "\n")
    return True


def _task(bar: Bar) -> Task:
    """The bar's task: a chart for JSON or a picture is built with every task (`build` without `plain`)."""
    if bar.task is None:
        raise ValueError("a chart of plain tasks not built is drawn on the terminal alone")
    return bar.task


def to_json(chart: Chart) -> dict[str, object]:
    """The chart's span as a window (output/jsonshape.py) with its rows: each phase and task with its
    window and state."""
    from planctl.output import jsonshape as js

    return {
        "title": chart.title,
        "today": chart.today.isoformat(),
        **(js.window(chart.span) or {}),
        "rows": [{
            "id": task.id,
            "outline": task.outline,
            "title": task.title,
            "kind": task.kind,
            "depth": task.depth,
            "window": js.window(bar.window, js.written(task)),
            "state": bar.state,
            **({"occurrences": [js.occurrence(occ) for occ in bar.occurrences]} if bar.occurrences else {}),
        } for bar in chart.bars if (task := _task(bar))],
    }


# Export


def gantt(chart: Chart) -> svgchart.Gantt:
    """The chart as the SVG Gantt chart draws it."""
    from planctl.output import svgchart

    rows = [svgchart.GanttRow(task.outline, task.title, task.depth, bar.window, bar.state, bar.count.done,
                              bar.count.total, tuple(pieces(bar)) if bar.occurrences else ()) for bar in chart.bars
            if (task := _task(bar))]
    return svgchart.Gantt(chart.title, chart.today, chart.span, rows, chart.lang)


def document(chart: Chart, kind: str) -> bytes:
    """The chart as an SVG document (kind "svg") or an HTML page holding it ("html"), in UTF-8: a drawn Gantt
    chart, self-contained. The command writes it (output never touches the disk)."""
    from planctl.output import svgchart

    if kind == "svg":
        data = svgchart.gantt(gantt(chart))
    else:
        data = page(chart)
    return data.encode("utf-8")


def page(chart: Chart) -> str:
    """One HTML file with the chart inline: no outside URL, no script; prints on A4 landscape."""
    from planctl.output import svgchart

    lang = "zh-CN" if chart.lang == "zh" else "en"
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{svgchart.text(chart.title)}</title>
<style>
body {{ margin: 16px; font-family: {svgchart.FONT_STACK}; color: #212121; }}
svg {{ max-width: 100%; height: auto; }}
@page {{ size: A4 landscape; margin: 10mm; }}
</style>
</head>
<body>
{svgchart.gantt(gantt(chart), standalone=False)}</body>
</html>
"""
