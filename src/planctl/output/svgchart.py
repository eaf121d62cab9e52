"""Charts as SVG that show the same anywhere: a Gantt chart of phases and tasks, and progress bars.

Used by `timeline --svg/--html` and the HTML report. Self-contained: no outside URL (no web font, no
link, no script), text as SVG text in a CJK-capable font stack, so Chinese shows in whatever of those
fonts the viewer has. Sized by content: the label column by its longest label, the date axis by the
days shown, the height by the rows.

Plan text is escaped as XML text (`<`, `>`, `&`, quotes), and characters XML cannot hold are replaced
by U+FFFD, so a title is always shown as written and never read as markup.
"""

from __future__ import annotations

import html
import re
import unicodedata
from datetime import date, timedelta
from typing import Any, NamedTuple

from planctl.format.dates import Window, dekad_of, month_of
from planctl.i18n import CHINESE, ENGLISH
from planctl.output.words import state_words_in
from planctl.status import states as s

FONT_STACK = ('"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", '
              '"WenQuanYi Micro Hei", "WenQuanYi Zen Hei", sans-serif')
COLOURS = {s.FINISHED: "#2e7d32", s.ACTIVE: "#1565c0", s.LATE: "#c62828", s.NOT_STARTED: "#78909c"}
LIGHT = {s.FINISHED: "#c8e6c9", s.ACTIVE: "#bbdefb", s.LATE: "#ffcdd2", s.NOT_STARTED: "#e3e8eb"}
TODAY = "#d81b60"
GRID = "#cfd8dc"
INK = "#212121"
MUTED = "#607d8b"

MARGIN = 16
FONT_SIZE = 13
ROW = 24  # px a row
AXIS_TOP = 44  # the month row's baseline; the dekads' names are below it, then the axis line
AXIS_LINE = AXIS_TOP + 26
BODY_TOP = 96  # where the first row starts; today's label is above it

_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

WORDS: dict[str, dict[str, Any]] = {
    "zh": {"lang": "zh", "today": "今天",
           "dekads": ("上旬", "中旬", "下旬"), "progress": "深色：已完成的子任务"},
    "en": {"lang": "en", "today": "today",
           "dekads": ("1–10", "11–20", "21–"), "progress": "dark part: sub-tasks done"},
}


def text(value: str) -> str:
    """Plan text as XML character data or an attribute value: escaped, never markup."""
    return html.escape(_NOT_XML.sub("\ufffd", value), quote=True)


def text_width(value: str, size: float) -> float:
    """How wide `value` draws in px at `size`: a CJK character is a full em, others about 0.6 em."""
    wide = sum(unicodedata.east_asian_width(ch) in ("W", "F") for ch in value)
    return wide * size + (len(value) - wide) * size * 0.6


class GanttRow(NamedTuple):
    outline: str
    title: str
    depth: int  # 1: a phase
    window: Window | None
    state: str  # a states.* word
    done: int  # leaf tasks done …
    total: int  # … of these
    occurrences: tuple[tuple[Window, str], ...] = ()  # a recurring task's: each one's days and state, drawn on its own


class Gantt(NamedTuple):
    title: str
    today: date
    span: Window
    rows: list[GanttRow]
    lang: str  # "zh" or "en": the chart's own words (months, legend)


class _Axis(NamedTuple):
    span: Window
    left: float  # px of the span's first day
    per_day: float

    def x(self, day: date) -> float:
        return self.left + (day - self.span.start).days * self.per_day

    def x_end(self, day: date) -> float:
        return self.x(day) + self.per_day

    @property
    def right(self) -> float:
        return self.x_end(self.span.end)


def _per_day(days: int, room: float) -> float:
    """`room` px for the whole span, between 2 and 24 px a day."""
    return max(2.0, min(24.0, room / days))


def gantt(chart: Gantt, *, standalone: bool = True, fit: float | None = None) -> str:
    """The chart as an SVG document (`standalone`) or as an <svg> element to put inside HTML.

    The date axis takes about 960 px, or, with `fit`, what is left of `fit` px beside the labels (at least
    2 px a day), so that a page shows the chart at its own size."""
    words = {**WORDS[chart.lang], **state_words_in(CHINESE if chart.lang == "zh" else ENGLISH)}  # output/words.py
    labels = max([text_width(_label(row), FONT_SIZE + (1 if row.depth == 1 else 0)) + 14 * (row.depth - 1)
                  for row in chart.rows] + [120])
    left = MARGIN + labels + 12
    room = fit - left - 48 - MARGIN if fit is not None else 960
    axis = _Axis(chart.span, left, _per_day(chart.span.days, room))
    body_bottom = BODY_TOP + ROW * len(chart.rows)
    legend_y = body_bottom + 28
    width = max(axis.right + 48 + MARGIN, MARGIN * 2 + text_width(chart.title, 16), _legend_width(words) + MARGIN * 2)
    height = legend_y + 16
    out = [_open(width, height, chart.title, standalone)]
    out.append(f'<text x="{MARGIN}" y="22" font-size="16" font-weight="bold">{text(chart.title)}</text>')
    out += _months(axis, chart.lang, body_bottom)
    out += _dekads(axis, words, body_bottom)
    for i, row in enumerate(chart.rows):
        out += _row(axis, row, BODY_TOP + ROW * i, words, width)
    out += _today(axis, chart.today, words, body_bottom)
    out += _legend(words, legend_y)
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _label(row: GanttRow) -> str:
    return f"{row.outline} {row.title}".strip()


def _open(width: float, height: float, title: str, standalone: bool) -> str:
    size = f'width="{width:.0f}" height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}"'
    style = (f"<style>text {{ font-family: {FONT_STACK}; fill: {INK}; }} "
             f".muted {{ fill: {MUTED}; }}</style>")
    head = f'<svg {size} preserveAspectRatio="xMinYMin meet" role="img" font-size="{FONT_SIZE}"><title>{text(title)}</title>{style}'
    if standalone:
        head = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                + head.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))
    return head


def _months(axis: _Axis, lang: str, bottom: float) -> list[str]:
    """A band a month (shaded every other one), its name above, a line where it starts."""
    out = []
    day = axis.span.start
    shade = False
    while True:
        month = month_of(day)
        start, end = max(month.start, axis.span.start), min(month.end, axis.span.end)
        x0, x1 = axis.x(start), axis.x_end(end)
        if shade:
            out.append(f'<rect x="{x0:.1f}" y="{AXIS_TOP - 16}" width="{x1 - x0:.1f}" height="{bottom - AXIS_TOP + 16}" '
                       f'fill="#f5f7f8"/>')
        shade = not shade
        name = f"{month.start.year}年{month.start.month}月" if lang == "zh" else month.start.strftime("%b %Y")
        if text_width(name, 12) + 6 <= x1 - x0:
            out.append(f'<text x="{x0 + 4:.1f}" y="{AXIS_TOP}" font-size="12" font-weight="bold">{text(name)}</text>')
        if start == month.start:
            out.append(f'<line x1="{x0:.1f}" y1="{AXIS_TOP - 16}" x2="{x0:.1f}" y2="{bottom}" stroke="{GRID}"/>')
        if month.end >= axis.span.end:
            return out
        day = month.end + timedelta(days=1)


def _dekads(axis: _Axis, words: dict[str, Any], bottom: float) -> list[str]:
    """A dashed line where each dekad starts (the 11th, the 21st) and its name, where there is room."""
    out = []
    day = axis.span.start
    while True:
        dekad = dekad_of(day)
        index = (dekad.start.day - 1) // 10  # 0, 1, 2: 上旬, 中旬, 下旬
        start, end = max(dekad.start, axis.span.start), min(dekad.end, axis.span.end)
        x0, x1 = axis.x(start), axis.x_end(end)
        if index and start == dekad.start:
            out.append(f'<line x1="{x0:.1f}" y1="{AXIS_TOP + 6}" x2="{x0:.1f}" y2="{bottom}" stroke="{GRID}" '
                       f'stroke-dasharray="2 3"/>')
        name = words["dekads"][index]
        if text_width(name, 11) + 4 <= x1 - x0:
            out.append(f'<text x="{(x0 + x1) / 2:.1f}" y="{AXIS_TOP + 20}" font-size="11" text-anchor="middle" '
                       f'class="muted">{text(name)}</text>')
        if dekad.end >= axis.span.end:
            break
        day = dekad.end + timedelta(days=1)
    out.append(f'<line x1="{axis.left:.1f}" y1="{AXIS_LINE}" x2="{axis.right:.1f}" y2="{AXIS_LINE}" stroke="{MUTED}"/>')
    return out


def _row(axis: _Axis, row: GanttRow, top: float, words: dict[str, Any], width: float) -> list[str]:
    phase = row.depth == 1
    out = []
    if phase:
        out.append(f'<rect x="{MARGIN / 2}" y="{top}" width="{width - MARGIN:.1f}" height="{ROW}" fill="#eceff1" '
                   f'fill-opacity="0.6"/>')
    baseline = top + ROW / 2 + 4.5
    indent = MARGIN + 14 * (row.depth - 1)
    weight = ' font-weight="bold"' if phase else ""
    out.append(f'<text x="{indent}" y="{baseline:.1f}"{weight}>{text(_label(row))}</text>')
    window = row.window
    if window is None or window.end < axis.span.start or window.start > axis.span.end:
        return out
    if row.occurrences:
        return out + _occurrences(axis, row, top, words)
    x0, x1 = _xs(axis, window)
    height = 14 if phase else 12
    y = top + (ROW - height) / 2
    state_word = words[row.state]
    tip = f"{_label(row)}: {window.iso()}, {state_word}, {row.done}/{row.total}"
    out.append(f'<g><title>{text(tip)}</title>')
    out.append(f'<rect x="{x0:.1f}" y="{y:.1f}" width="{x1 - x0:.1f}" height="{height}" rx="2" '
               f'fill="{LIGHT[row.state]}" stroke="{COLOURS[row.state]}"/>')
    done = (x1 - x0) * (row.done / row.total if row.total else 0)
    if done > 0:
        out.append(f'<rect x="{x0:.1f}" y="{y:.1f}" width="{done:.1f}" height="{height}" rx="2" '
                   f'fill="{COLOURS[row.state]}"/>')
    out.append("</g>")
    if row.total > 1 or phase:
        out.append(f'<text x="{x1 + 4:.1f}" y="{baseline:.1f}" font-size="11" class="muted">{row.done}/{row.total}</text>')
    return out


def _xs(axis: _Axis, window: Window) -> tuple[float, float]:
    """The px where `window`'s days (cut to the axis) start and end."""
    return axis.x(max(window.start, axis.span.start)), axis.x_end(min(window.end, axis.span.end))


def _occurrences(axis: _Axis, row: GanttRow, top: float, words: dict[str, Any]) -> list[str]:
    """A recurring task's row: a thin line over its whole window, and a bar for each occurrence on the axis, on
    its own days, filled in its state's colour (each with its days and state as a tooltip)."""
    assert row.window is not None
    x0, x1 = _xs(axis, row.window)
    middle = top + ROW / 2
    out = [f'<line x1="{x0:.1f}" y1="{middle:.1f}" x2="{x1:.1f}" y2="{middle:.1f}" stroke="{GRID}" stroke-width="2"/>']
    height = 12
    y = top + (ROW - height) / 2
    for window, state in row.occurrences:
        if window.end < axis.span.start or window.start > axis.span.end:
            continue
        start, end = _xs(axis, window)
        tip = f"{_label(row)}: {window.iso()}, {words[state]}"
        out.append(f'<rect class="occurrence" x="{start:.1f}" y="{y:.1f}" width="{end - start:.1f}" height="{height}" '
                   f'fill="{COLOURS[state]}" stroke="{COLOURS[state]}"><title>{text(tip)}</title></rect>')
    return out


def _today(axis: _Axis, today: date, words: dict[str, Any], bottom: float) -> list[str]:
    if today not in axis.span:
        return []
    x = axis.x(today) + axis.per_day / 2
    label = f"{words['today']} {today.month}月{today.day}日" if words["lang"] == "zh" else f"{words['today']} {today.isoformat()}"
    anchor = "end" if x > axis.right - text_width(label, 11) else "start"
    return [f'<line x1="{x:.1f}" y1="{AXIS_LINE}" x2="{x:.1f}" y2="{bottom}" stroke="{TODAY}" stroke-width="1.5"/>',
            f'<text x="{x + (3 if anchor == "start" else -3):.1f}" y="{BODY_TOP - 8}" font-size="11" fill="{TODAY}" '
            f'style="fill: {TODAY}" text-anchor="{anchor}">{text(label)}</text>']


def _legend(words: dict[str, Any], y: float) -> list[str]:
    out = []
    x = float(MARGIN)
    for state in (s.FINISHED, s.ACTIVE, s.LATE, s.NOT_STARTED):
        word = words[state]
        out.append(f'<rect x="{x:.1f}" y="{y - 10}" width="18" height="11" rx="2" fill="{LIGHT[state]}" '
                   f'stroke="{COLOURS[state]}"/>')
        out.append(f'<text x="{x + 24:.1f}" y="{y}" font-size="12">{text(word)}</text>')
        x += 24 + text_width(word, 12) + 18
    out.append(f'<text x="{x:.1f}" y="{y}" font-size="12" class="muted">{text(words["progress"])}</text>')
    return out


def _legend_width(words: dict[str, Any]) -> float:
    states = (s.FINISHED, s.ACTIVE, s.LATE, s.NOT_STARTED)
    return sum(42 + text_width(str(words[st]), 12) for st in states) + text_width(str(words["progress"]), 12)


# Progress bars


class Bar(NamedTuple):
    label: str
    fraction: float  # 0..1 of the bar filled
    caption: str  # what the bar says after it: 3/5, 67%
    colour: str


def bars(rows: list[Bar], *, title: str = "") -> str:
    """Labelled horizontal bars (per-phase progress, quotas met per unit) as an <svg> element for HTML."""
    size = FONT_SIZE
    labels = max([text_width(row.label, size) for row in rows] + [60]) + 12
    bar_width = 320
    captions = max([text_width(row.caption, size) for row in rows] + [30]) + 8
    top = 26 if title else 4
    width = MARGIN * 2 + labels + bar_width + captions
    height = top + 22 * len(rows) + 6
    out = [f'<svg width="{width:.0f}" height="{height}" viewBox="0 0 {width:.0f} {height}" role="img" '
           f'font-size="{size}"><style>text {{ font-family: {FONT_STACK}; fill: {INK}; }}</style>']
    if title:
        out.append(f'<text x="{MARGIN}" y="16" font-weight="bold">{text(title)}</text>')
    for i, row in enumerate(rows):
        y = top + 22 * i
        left = MARGIN + labels
        filled = bar_width * max(0.0, min(row.fraction, 1.0))
        out.append(f'<text x="{MARGIN}" y="{y + 14}">{text(row.label)}</text>')
        out.append(f'<rect x="{left:.1f}" y="{y + 3}" width="{bar_width}" height="14" rx="2" fill="#eceff1"/>')
        if filled:
            out.append(f'<rect x="{left:.1f}" y="{y + 3}" width="{filled:.1f}" height="14" rx="2" fill="{row.colour}"/>')
        out.append(f'<text x="{left + bar_width + 8:.1f}" y="{y + 14}">{text(row.caption)}</text>')
    out.append("</svg>")
    return "\n".join(out)
