"""Windows of dates as a Chinese plan writes them: 3月30日, 4月上旬, 4月5日前, 4月初-5月20日, ISO.

A written window (`WhenSpec`) is parsed once; it is resolved to concrete inclusive dates
(`Window`) with the plan's year and, for a deadline, the parent's window.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import NamedTuple


class DateError(ValueError):
    """A window or date that cannot be read; the message says why, for the user."""


# Window, Point and WhenSpec are named tuples: immutable values, and a large plan makes tens of
# thousands of them, which tuples build two to three times faster than frozen dataclasses.


class Window(NamedTuple):
    """An inclusive range of days."""

    start: date
    end: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def covers(self, other: Window) -> bool:
        return self.start <= other.start and other.end <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def iso(self) -> str:
        if self.start == self.end:
            return self.start.isoformat()
        return f"{self.start.isoformat()} … {self.end.isoformat()}"


class Point(NamedTuple):
    """One written point, e.g. 4月上旬: a period of days in a month, year possibly implied."""

    year: int | None
    month: int
    first_day: int | None  # None for 月底 (the month's last day)
    last_day: int | None  # None: the month's last day

    def resolve(self, year: int | None) -> Window:
        y = self.year if self.year is not None else year
        if y is None:
            raise DateError("no year: write it (2009年4月1日 or 2009-04-01) or set `year:` in the plan")
        if not 1 <= y <= 9999:
            raise DateError(f"no year {y}")
        last = calendar.monthrange(y, self.month)[1]
        first = self.first_day if self.first_day is not None else last
        end = self.last_day if self.last_day is not None else last
        for day in (first, end):
            if day > last:
                raise DateError(f"{y}-{self.month:02d} has {last} days, not {day}")
        return Window(date(y, self.month, first), date(y, self.month, end))


class WhenSpec(NamedTuple):
    """A written window: `start` is None for a deadline (它 inherits the parent's start)."""

    text: str
    start: Point | None
    end: Point

    def resolve(self, year: int | None, parent: Window | None) -> Window:
        if self.start is None:
            end = self.end.resolve(year)
            if parent is None or parent.start > end.end:
                return Window(end.end, end.end)
            return Window(parent.start, end.end)
        start = self.start.resolve(year)
        # An end without a year is in the start's year; a window over New Year writes both years.
        end = self.end.resolve(year if self.end.year is not None else start.start.year)
        if end.end < start.start:
            raise DateError(f"the window ends ({end.end.isoformat()}) before it starts ({start.start.isoformat()})")
        return Window(start.start, end.end)


DEKADS = {"上旬": (1, 10), "中旬": (11, 20), "下旬": (21, None)}
_YEAR = r"(?:(?P<y>\d{4})\s*年\s*)?"
# Patterns as text: `re` compiles each on first use (and caches it), not at import.
_CN_POINT = _YEAR + r"(?P<m>\d{1,2})\s*月\s*(?:(?P<d>\d{1,2})\s*[日号]|(?P<part>上旬|中旬|下旬|初|底|末)|)$"
_CN_DAY_ONLY = r"(?P<d>\d{1,2})\s*[日号]$"
_CN_PART_ONLY = r"(?P<part>上旬|中旬|下旬|初|底|末)$"
_ISO = r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$"
_ISO_MONTH = r"(?P<y>\d{4})-(?P<m>\d{1,2})$"
_ISO_RANGE = r"(\d{4}-\d{1,2}(?:-\d{1,2})?)\s*(?:\.\.|至|到|～|~|–|—|-)\s*(\d{4}-\d{1,2}(?:-\d{1,2})?)$"
_RANGE_SEP = r"\s*(?:\.\.|至|到|～|~|–|—|-)\s*"
_RANGE_SEP_NO_HYPHEN = r"\s*(?:\.\.|至|到|～|~|–|—)\s*"
_DEADLINE = r"(?P<p>.+?)\s*(?:以前|之前|前)$"


def parse_point(text: str, *, default_month: int | None = None) -> Point:
    text = text.strip()
    if m := re.match(_ISO, text):
        y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
        _check_month(mo, text)
        return Point(y, mo, d, d)
    if m := re.match(_ISO_MONTH, text):
        mo = int(m["m"])
        _check_month(mo, text)
        return Point(int(m["y"]), mo, 1, None)
    if m := re.match(_CN_POINT, text):
        mo = int(m["m"])
        _check_month(mo, text)
        year = int(m["y"]) if m["y"] else None
        if m["d"]:
            d = int(m["d"])
            _check_day(d, text)
            return Point(year, mo, d, d)
        return _month_part(year, mo, m["part"])
    if default_month is not None and (m := re.match(_CN_DAY_ONLY, text)):
        d = int(m["d"])
        _check_day(d, text)
        return Point(None, default_month, d, d)
    if default_month is not None and (m := re.match(_CN_PART_ONLY, text)):
        return _month_part(None, default_month, m["part"])
    raise DateError(f"cannot read '{text}' as a date (forms: 3月30日, 4月上旬, 4月初, 4月底, 2009-03-30)")


def _month_part(year: int | None, month: int, part: str | None) -> Point:
    if part in DEKADS:
        first, last = DEKADS[part]
        return Point(year, month, first, last)
    if part == "初":
        return Point(year, month, 1, 1)
    if part in ("底", "末"):
        return Point(year, month, None, None)
    return Point(year, month, 1, None)  # the whole month


def _check_month(month: int, text: str) -> None:
    if not 1 <= month <= 12:
        raise DateError(f"no month {month} in '{text}'")


def _check_day(day: int, text: str) -> None:
    if not 1 <= day <= 31:
        raise DateError(f"no day {day} in '{text}'")


def parse_when(text: str) -> WhenSpec:
    """Parse a written window: a point, `A-B` (also 至, 到, ~, ..), or a deadline `X前`."""
    cleaned = text.strip()
    if not cleaned:
        raise DateError("empty window")
    if m := re.match(_DEADLINE, cleaned):
        return WhenSpec(text, None, parse_point(m["p"]))
    if m := re.match(_ISO_RANGE, cleaned):
        parts = [m[1], m[2]]
    elif re.search(_ISO, cleaned.split()[0]) or "-" in cleaned and re.search(r"\d{4}-\d", cleaned):
        parts = re.split(_RANGE_SEP_NO_HYPHEN, cleaned)
    else:
        parts = re.split(_RANGE_SEP, cleaned)
    if len(parts) == 1:
        point = parse_point(cleaned)
        return WhenSpec(text, point, point)
    if len(parts) != 2 or not all(parts):
        raise DateError(f"cannot read '{cleaned}' as a window (a range is two dates joined by - or 至)")
    start = parse_point(parts[0])
    end = parse_point(parts[1], default_month=start.month)
    return WhenSpec(text, start, end)


def parse_date(text: str, year: int | None) -> date:
    """A single day, as written in a completion (`2009-04-03` or `4月3日`)."""
    point = parse_point(text)
    if point.first_day != point.last_day:  # 月底 (both None) is one day: the last
        raise DateError(f"'{text}' is a period, not a single day")
    return point.resolve(year).start


def dekad_of(day: date) -> Window:
    last = calendar.monthrange(day.year, day.month)[1]
    first, end = (1, 10) if day.day <= 10 else (11, 20) if day.day <= 20 else (21, last)
    return Window(date(day.year, day.month, first), date(day.year, day.month, end))


def month_of(day: date) -> Window:
    last = calendar.monthrange(day.year, day.month)[1]
    return Window(day.replace(day=1), day.replace(day=last))


def split_periods(window: Window, period: str) -> list[Window]:
    """Cut a window into consecutive periods: `week` (7 days from the window's start),
    `dekad` or `month` (calendar ones, clipped to the window), or `once` (the window)."""
    if period == "once":
        return [window]
    periods: list[Window] = []
    day = window.start
    while True:
        if period == "week":
            natural_end = day + timedelta(days=min(6, (window.end - day).days))
        elif period == "dekad":
            natural_end = dekad_of(day).end
        else:
            natural_end = month_of(day).end
        clipped = Window(day, min(natural_end, window.end))
        periods.append(clipped)
        if clipped.end >= window.end:
            return periods
        day = clipped.end + timedelta(days=1)
