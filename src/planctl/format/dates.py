"""Windows of dates as a Chinese plan writes them (3月30日, 4月上旬, 4月5日前, 4月初-5月20日, ISO):
the one owner of their grammar.

Everything about the text of a date is here: reading a window (`parse_when`), a log date
(`parse_date`) and a day typed on the command line (`read_typed_day`); writing a point back in
the form it was written in and moving a window in time (`Mover`, used by `planctl shift`); and the
JSON Schema's patterns for windows and days (`window_pattern`, `day_pattern`), built from the same
pieces. A new written form is one `Form` (or one word in MONTH_PARTS) below; the readers, writers,
the mover and the schema take it from there.

A written window (`WhenSpec`) is parsed once; it is resolved to concrete inclusive dates
(`Window`) with the plan's year and, for a deadline, the parent's window.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from datetime import date, timedelta
from typing import NamedTuple


class DateError(ValueError):
    """A window or date that cannot be read; the message says why, for the user (`hint`: what to write)."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


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


# --- the grammar: the pieces every reader, writer and pattern below is built from -------------
# Patterns are text: `re` compiles each on first use (and caches it), not at import. Each piece is
# written once; the window and day patterns of the JSON Schema (`window_pattern`, `day_pattern`) are
# built from the same pieces, so a form added here is read, written back, moved and described alike.

# Parts of a month: the word -> (first day, last day); None is the month's last day. 月初 is the
# 1st, 月底 / 月末 the last day, and the dekads (旬) are 1-10, 11-20 and 21 to the month's end
# (GB/T 7408 has no 旬; this is the usage of Chinese plans and of the national weather service);
# 上中旬 and 中下旬 are two dekads at once.
MONTH_PARTS: dict[str, tuple[int | None, int | None]] = {
    "上旬": (1, 10), "中旬": (11, 20), "下旬": (21, None),
    "上中旬": (1, 20), "中下旬": (11, None),  # two dekads at once: 5月上中旬, 4月中下旬
    "初": (1, 1), "底": (None, None), "末": (None, None),
}
DEKADS = ("上旬", "中旬", "下旬")  # the calendar's dekads, in order (`dekad_of`, `split_periods`)
ONE_DAY_PARTS = tuple(word for word, (first, last) in MONTH_PARTS.items() if first == last)
RANGE_SEPARATORS = ("..", "至", "到", "～", "~", "–", "—", "-")  # between a range's two points
DEADLINE_WORDS = ("以前", "之前", "前")  # after a point: a deadline
DAY_WORDS = ("日", "号")


_SPECIAL = {ord(c): "\\" + c for c in ".^$*+?()[]{}|\\"}  # str.translate: no regex to compile at import


def _any_of(words: Iterable[str]) -> str:
    """A regex alternation of literal words, longest first (so 以前 is tried before 前). Only the
    characters special everywhere are escaped (an escaped ~ or - is an error in JavaScript's Unicode mode)."""
    return "|".join(word.translate(_SPECIAL) for word in sorted(words, key=len, reverse=True))


_Y4 = r"\d{4}"
_N2 = r"\d{1,2}"
_YEAR = rf"(?:(?P<y>{_Y4})\s*年\s*)?"
_DAY = rf"(?P<d>{_N2})\s*(?P<dc>{_any_of(DAY_WORDS)})"
_PART = f"(?P<part>{_any_of(MONTH_PARTS)})"
_ONE_DAY_PART = f"(?P<part>{_any_of(ONE_DAY_PARTS)})"
_CN_MONTH = rf"{_YEAR}(?P<m>{_N2})\s*月\s*"
_ISO_DAY = rf"(?P<y>{_Y4})-(?P<m>{_N2})-(?P<d>{_N2})"
_ISO_POINT = rf"{_Y4}-{_N2}(?:-{_N2})?"
_RANGE_SEP = rf"\s*(?:{_any_of(RANGE_SEPARATORS)})\s*"
_RANGE_SEP_NO_HYPHEN = rf"\s*(?:{_any_of(tuple(s for s in RANGE_SEPARATORS if s != '-'))})\s*"
_ISO_RANGE = rf"({_ISO_POINT}){_RANGE_SEP}({_ISO_POINT})$"
_DEADLINE = rf"(?P<p>.+?)\s*(?:{_any_of(DEADLINE_WORDS)})$"


# The classes below that are not made per parse are plain classes: a NamedTuple class costs a
# tenth of a millisecond to create, and this module is imported by every command.


class Form:
    """One written form of a point. `pattern` is matched against the whole point; its named groups
    are y (year), m (month), d (day), dc (日 or 号), mw (月份) and part (a key of MONTH_PARTS); a group
    the form lacks is taken from the context (the plan's year, the range's start month).
    `after_start`: only as the end of a range (`4月5日-15日`, `4月中旬-下旬`), in the start's month.
    `iso`: written back in ISO (2009-04-05), else in Chinese (4月5日)."""

    __slots__ = ("name", "pattern", "after_start", "iso")

    def __init__(self, name: str, pattern: str, after_start: bool = False, iso: bool = False) -> None:
        self.name = name
        self.pattern = pattern
        self.after_start = after_start
        self.iso = iso

    def __repr__(self) -> str:
        return f"Form({self.name})"


ISO_DAY = Form("iso-day", _ISO_DAY, iso=True)
ISO_MONTH = Form("iso-month", rf"(?P<y>{_Y4})-(?P<m>{_N2})", iso=True)
# 4月5日, 2009年4月上旬, 4月底, 4月, and 10月份 (a whole month, as 月份 always is)
CN = Form("cn", rf"{_YEAR}(?P<m>{_N2})\s*(?:(?P<mw>月份)|月\s*(?:{_DAY}|{_PART}|))")
DAY_ONLY = Form("day", _DAY, after_start=True)
PART_ONLY = Form("part", _PART, after_start=True)
FORMS = (ISO_DAY, ISO_MONTH, CN, DAY_ONLY, PART_ONLY)  # tried in this order
_ACCEPTED = "3月30日, 4月上旬, 4月中下旬, 4月初, 4月底, 10月份, 2009-03-30"


class Reading:
    """A written point read: what it means (`point`), and how it was written, for writing it back:
    its `form`, `day_word` (日 or 号 of a written day, else ""), `part` (上旬 … 末, else None) and
    `month_word` (月, or 月份 of a whole month written 10月份)."""

    __slots__ = ("point", "form", "day_word", "part", "month_word")

    def __init__(self, point: Point, form: Form, day_word: str, part: str | None, month_word: str = "月") -> None:
        self.point = point
        self.form = form
        self.day_word = day_word
        self.part = part
        self.month_word = month_word

    @property
    def names_month_part(self) -> bool:
        """Whether it names a month or a part of one (kept as such by a whole-month move)."""
        return self.form is not ISO_DAY and self.form is not DAY_ONLY and not (self.form is CN and self.day_word)


def read_point(text: str, *, default_month: int | None = None) -> Reading:
    """Read one written point; `default_month` (a range's start month) allows the forms without one."""
    text = text.strip()
    for form in FORMS:
        if form.after_start and default_month is None:
            continue
        if m := re.fullmatch(form.pattern, text):
            groups = m.groupdict()
            return Reading(_point_of(groups, text, default_month), form, groups.get("dc") or "", groups.get("part"),
                           groups.get("mw") or "月")
    raise DateError(f"cannot read '{text}' as a date (forms: {_ACCEPTED})")


def _point_of(groups: dict[str, str | None], text: str, default_month: int | None) -> Point:
    written_year = groups.get("y")
    year = int(written_year) if written_year else None
    written_month = groups.get("m")
    month = int(written_month) if written_month else default_month
    assert month is not None
    _check_month(month, text)
    if day_text := groups.get("d"):
        day = int(day_text)
        _check_day(day, text)
        return Point(year, month, day, day)
    first, last = MONTH_PARTS[part] if (part := groups.get("part")) else (1, None)  # no part: the whole month
    return Point(year, month, first, last)


def parse_point(text: str, *, default_month: int | None = None) -> Point:
    return read_point(text, default_month=default_month).point


def _check_month(month: int, text: str) -> None:
    if not 1 <= month <= 12:
        raise DateError(f"no month {month} in '{text}'")


def _check_day(day: int, text: str) -> None:
    if not 1 <= day <= 31:
        raise DateError(f"no day {day} in '{text}'")


class Cut:
    """A written window cut into its points and the text between them, so a writer can change only
    the points: a range has two parts and glue [separator]; a deadline one part and glue [前 with
    the spaces before it]; a point one part and no glue."""

    __slots__ = ("lead", "parts", "glue", "trail", "deadline")

    def __init__(self, lead: str, parts: list[str], glue: list[str], trail: str, deadline: bool = False) -> None:
        self.lead = lead
        self.parts = parts
        self.glue = glue
        self.trail = trail
        self.deadline = deadline

    def join(self, parts: list[str]) -> str:
        middle = parts[0] + self.glue[0] + parts[1] if len(parts) == 2 else parts[0] + "".join(self.glue)
        return self.lead + middle + self.trail


def cut_window(text: str) -> Cut:
    """Where a written window's points are. A hyphen joins two points only when neither is an ISO
    date (whose own hyphens it would split), except in `2009-03-31-2009-05-20`."""
    cleaned = text.strip()
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    if m := re.match(_DEADLINE, cleaned):
        return Cut(lead, [m["p"]], [cleaned[len(m["p"]) :]], trail, deadline=True)
    if m := re.match(_ISO_RANGE, cleaned):
        return Cut(lead, [m[1], m[2]], [cleaned[m.end(1) : m.start(2)]], trail)
    iso_inside = re.search(_ISO_DAY + "$", cleaned.split()[0]) or "-" in cleaned and re.search(r"\d{4}-\d", cleaned)
    pieces = re.split(f"({_RANGE_SEP_NO_HYPHEN if iso_inside else _RANGE_SEP})", cleaned)
    return Cut(lead, pieces[0::2], pieces[1::2], trail)


def parse_when(text: str) -> WhenSpec:
    """Parse a written window: a point, `A-B` (also 至, 到, ~, ..), or a deadline `X前`."""
    cleaned = text.strip()
    if not cleaned:
        raise DateError("empty window")
    cut = cut_window(text)
    if cut.deadline:
        return WhenSpec(text, None, parse_point(cut.parts[0]))
    if len(cut.parts) == 1:
        point = parse_point(cleaned)
        return WhenSpec(text, point, point)
    if len(cut.parts) != 2 or not all(cut.parts):
        raise DateError(f"cannot read '{cleaned}' as a window (a range is two dates joined by - or 至)")
    start = parse_point(cut.parts[0])
    end = parse_point(cut.parts[1], default_month=start.month)
    return WhenSpec(text, start, end)


def parse_date(text: str, year: int | None) -> date:
    """A single day, as written in a completion (`2009-04-03` or `4月3日`)."""
    point = parse_point(text)
    if point.first_day != point.last_day:  # 月底 (both None) is one day: the last
        raise DateError(f"'{text}' is a period, not a single day")
    return point.resolve(year).start


# --- the same grammar as JSON Schema patterns -------------------------------------------------


def _portable(pattern: str) -> str:
    """A Python pattern of this module as one Python and JavaScript read alike: groups unnamed
    (JavaScript refuses a name twice), ASCII digits (`\\d` is any Unicode digit in Python)."""
    return re.sub(r"\(\?P<\w+>", "(?:", pattern).replace(r"\d", "[0-9]")


def window_pattern() -> str:
    """A pattern matching every window `parse_when` reads (and some it then refuses, e.g. 4月31日)."""
    point = "|".join(_portable(form.pattern) for form in FORMS if not form.after_start)
    end = "|".join(_portable(form.pattern) for form in FORMS)
    deadline = _any_of(DEADLINE_WORDS)
    return rf"^\s*(?:(?:{point})\s*(?:{deadline})|(?:{point})(?:{_portable(_RANGE_SEP)}(?:{end}))?)\s*$"


def day_pattern() -> str:
    """A pattern matching every single day `parse_date` reads: an ISO day, a Chinese day or 月初/月底."""
    return rf"^\s*(?:{_portable(_ISO_DAY)}|{_portable(_CN_MONTH)}(?:{_portable(_DAY)}|{_portable(_ONE_DAY_PART)}))\s*$"


def dekad_of(day: date) -> Window:
    """The calendar dekad (旬) holding `day`, as MONTH_PARTS bounds them."""
    month_end = calendar.monthrange(day.year, day.month)[1]
    for word in DEKADS:
        first, last = MONTH_PARTS[word]
        if last is None or day.day <= last:
            break
    return Window(date(day.year, day.month, first or 1), date(day.year, day.month, last or month_end))


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


# --- a day typed on the command line (--today, --date, --from, --to, $PLANCTL_TODAY) --------------

RELATIVE_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1, "今天": 0, "昨天": -1, "明天": 1}
TYPED_FORMS = "2009-04-12, 2009/4/12, 2009.4.12, 'Apr 12 2009', 4月12日, today, yesterday or tomorrow"
TYPED_CN_FORMS = "4月12日, 2009年4月12日, 4月初, 4月底"  # the Chinese forms of one day (no 上旬, no 10月份)
_YEAR_FIRST = rf"(?P<y>{_Y4})(?P<sep>[-/.])(?P<m>{_N2})(?P=sep)(?P<d>{_N2})|(?P<y8>{_Y4})(?P<m8>\d\d)(?P<d8>\d\d)"
_TIME_OF_DAY = r"(?:T|\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?"
_NUMBER = r"\d+"


def read_typed_day(text: str, today: date, year: int) -> date:
    """A day typed by a person: a relative word (today …, against `today`), a Chinese day (in
    `year` when it has none), a year-first numeric day (2009-04-12, 2009/4/12, 2009.4.12, 20090412),
    or a day with the month's name (Apr 12 2009, 12 April 2009; read by python-dateutil). Full-width
    digits and signs (２００９－０４－１２) are read as their ASCII forms (Unicode NFKC), as a plan's are.

    Numeric days that are not year-first (12.04.2009, 04/12/2009, 09/04/05) are refused: day-first
    and month-first orders are both in use, and guessing one gives a wrong day without a word.
    DateError (with `hint` listing the accepted forms) for anything else, saying what the text is
    (a day with a time, a signed number, a day that its month lacks) when it is one of those."""
    import unicodedata

    cleaned = unicodedata.normalize("NFKC", text).strip()
    if not cleaned:
        raise DateError("empty date")
    if cleaned.lower() in RELATIVE_DAYS:
        return today + timedelta(days=RELATIVE_DAYS[cleaned.lower()])
    if "月" in cleaned or "年" in cleaned:
        return _typed_chinese_day(cleaned, text, year)
    if m := re.fullmatch(_YEAR_FIRST, cleaned):
        parts = (m["y"], m["m"], m["d"]) if m["y"] else (m["y8"], m["m8"], m["d8"])
        return _numeric_day(*map(int, parts), text=text)
    _refuse_near_miss(cleaned, text)
    numbers = re.findall(_NUMBER, cleaned)
    if not re.search(r"[^\W\d_]", cleaned) or len([n for n in numbers if len(n) <= 2]) > 1:
        raise DateError(f"'{text}' is ambiguous: which number is the day, the month or the year depends on "
                        "where it was written (12.04.2009 is 12 April in Europe, December 4 in the US)",
                        hint=f"write the year first (2009-04-12) or the month's name; accepted: {TYPED_FORMS}")
    return _dateutil_day(cleaned, text, year)


def _numeric_day(year: int, month: int, day: int, *, text: str) -> date:
    """A year-first day checked as a plan's is (`Point.resolve`): "2009-02 has 28 days, not 29"."""
    _check_month(month, text)
    _check_day(day, text)
    try:
        return Point(year, month, day, day).resolve(None).start
    except DateError as exc:
        raise DateError(f"'{text}' is not a day: {exc}") from None


def _typed_chinese_day(cleaned: str, text: str, year: int) -> date:
    """A Chinese day (4月12日, 4月底); a text in no form is told the single-day forms, not the periods."""
    hint = f"write one day: {TYPED_CN_FORMS}, 2009-04-12 or 2009/4/12 (not a period such as 4月上旬 or 10月份)"
    try:
        read_point(cleaned)
    except DateError:
        raise DateError(f"cannot read '{text}' as a day", hint=hint) from None
    try:
        return parse_date(cleaned, year)
    except DateError as exc:
        raise DateError(str(exc), hint=hint) from None


def _refuse_near_miss(cleaned: str, text: str) -> None:
    """Texts that are nearly a day, each told what it is: a day with a time of day, a day or a
    number with a sign before it (`+1` is not read as tomorrow: a day is named, not counted)."""
    if m := re.fullmatch(rf"({_YEAR_FIRST}){_TIME_OF_DAY}", cleaned):
        raise DateError(f"'{text}' is a day and a time; a day is wanted",
                        hint=f"write the day alone: {m[1]}")
    if m := re.fullmatch(r"([+-])\s*(.+)", cleaned):
        rest = m[2]
        if re.fullmatch(_YEAR_FIRST, rest):
            raise DateError(f"'{text}' has a '{m[1]}' before the day", hint=f"write the day alone: {rest}")
        if rest.isdigit():
            raise DateError(f"'{text}' is a number of days, not a day",
                            hint=f"write the day ({TYPED_FORMS})")
    if cleaned.isdigit():
        raise DateError(f"'{text}' is a number, not a day", hint=f"write the year first (2009-04-12); accepted: {TYPED_FORMS}")


def plan_day_hint(text: str) -> str:
    """For a window a plan cannot read: the plan's form of a year-first day typed with / or .
    (2026/4/5 → "write 2026-04-05"), as `--today` reads it; "" when there is none."""
    def iso(m: re.Match[str]) -> str:
        return f"{m['y']}-{int(m['m']):02d}-{int(m['d']):02d}"

    pattern = rf"(?P<y>{_Y4})(?P<sep>[/.])(?P<m>{_N2})(?P=sep)(?P<d>{_N2})"
    found = [f"{m[0]} as {iso(m)}" for m in re.finditer(pattern, text)]
    return f"; a plan writes {', '.join(found)} (or in Chinese: 4月5日)" if found else ""


def _dateutil_day(cleaned: str, text: str, year: int) -> date:
    """python-dateutil reads a day with a month's name; a text without both a month and a day is refused.

    dateutil fills what is missing from a default, so parsing with two defaults that differ in
    month and day shows whether the text gave them itself.
    """
    from datetime import datetime

    from dateutil import parser

    first: datetime | None
    second: datetime | None
    try:
        first = parser.parse(cleaned, default=datetime(year, 1, 1))
        second = parser.parse(cleaned, default=datetime(year, 2, 2))
    except (ValueError, OverflowError):
        first = second = None
    if first is None or second is None or (first.month, first.day) != (second.month, second.day):
        raise DateError(f"cannot read '{text}' as a day", hint=f"try {TYPED_FORMS}")
    return first.date()


# --- moving a written window in time (`planctl shift`) -----------------------------------------
# Two kinds of move: a whole-month move keeps the forms that name a month or a part of one (4月上旬
# → 5月上旬, 2009-04 → 2009-05, 4月底 → 5月底) and keeps a day's day of the month (a month's last
# day stays the last day; a day the new month lacks becomes its last; a window starting on the
# 29th-31st that lands on a month's last day keeps its length, `Move.window`); a by-days move moves every
# day by the same number of days and writes a point that would no longer mean the same period as
# concrete days in the same style (4月上旬 + 7 days → 4月8日至4月17日; ISO stays ISO).


class CannotMove(DateError):
    """A written window this module cannot rewrite with certainty; the user changes it by hand."""


def add_months(year: int, month: int, months: int) -> tuple[int, int]:
    years, index = divmod(month - 1 + months, 12)
    return year + years, index + 1


def month_move(day: date, months: int) -> date:
    """`day` moved by whole months: a month's last day stays the last day; a missing day becomes the last.
    OverflowError past the calendar."""
    year, month = add_months(day.year, day.month, months)
    if not 1 <= year <= 9999:
        raise OverflowError("date out of range")
    last = calendar.monthrange(year, month)[1]
    if day.day == calendar.monthrange(day.year, day.month)[1]:
        return date(year, month, last)
    return date(year, month, min(day.day, last))


def is_month_end(day: date) -> bool:
    return day.day == calendar.monthrange(day.year, day.month)[1]


def keeps_length(start: date, moved: date) -> bool:
    """Whether a window starting on `start` keeps its length in a whole-month move to `moved`
    (`Move.window`): it starts on the 29th-31st, not its month's last day, and lands on a last day."""
    return start.day > 28 and not is_month_end(start) and is_month_end(moved)


class Move:
    """How every date moves: by `months` when set (a whole-month move), else by `days`."""

    __slots__ = ("days", "months")

    def __init__(self, days: int, months: int | None = None) -> None:
        self.days = days
        self.months = months

    def __repr__(self) -> str:
        return f"Move(days={self.days}, months={self.months})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Move) and (self.days, self.months) == (other.days, other.months)

    def __hash__(self) -> int:
        return hash((self.days, self.months))

    def day(self, day: date) -> date:
        """`day` moved; OverflowError past the years a plan can write (four digits: 1000 to 9999)."""
        moved = month_move(day, self.months) if self.months is not None else day + timedelta(days=self.days)
        if moved.year < 1000:
            raise OverflowError("date out of range")
        return moved

    def window(self, window: Window) -> Window:
        """`window` moved. In a whole-month move a window whose start (the 29th-31st, not its month's
        last day) lands on the new month's last day, so that a shorter month would clip or collapse
        it, keeps its length in days: its end is as many days after its start as before (1月29日至1月31日
        → 2月28日至3月2日, not 2月28日至2月28日). The start always moves as `day` does, so a plan's first
        day lands on `--to`. Otherwise each end moves as `day` does (4月21日至4月30日 → 5月21日至5月31日,
        as 4月下旬 → 5月下旬; 3月1日至3月31日 → 4月1日至4月30日; 1月29日至1月31日 → 11月29日至11月30日)."""
        start, end = self.day(window.start), self.day(window.end)
        if self.months is None or not keeps_length(window.start, start):
            return Window(start, end)
        return Window(start, start + timedelta(days=window.days - 1))

    def describe(self) -> str:
        if self.months is not None:
            n = abs(self.months)
            return f"{'forward' if self.months > 0 else 'back'} {n} month{'s' if n != 1 else ''}"
        n = abs(self.days)
        return f"{'forward' if self.days > 0 else 'back'} {n} day{'s' if n != 1 else ''}"


def choose_move(old_start: date, new_start: date) -> Move:
    """A whole-month move when `new_start` is `old_start` moved by whole months, else a by-days move."""
    months = (new_start.year - old_start.year) * 12 + new_start.month - old_start.month
    if months and month_move(old_start, months) == new_start:
        return Move((new_start - old_start).days, months)
    return Move((new_start - old_start).days)


class Written:
    """A point written back: its text, the year written into it (None: implied), its month."""

    __slots__ = ("text", "year", "month")

    def __init__(self, text: str, year: int | None, month: int) -> None:
        self.text = text
        self.year = year
        self.month = month


def write_day(day: date, reading: Reading, with_year: bool, start: Written | None = None) -> Written:
    """`day` in the style of `reading`: ISO, or Chinese with its 日/号; a day-only end (15日) stays
    day-only while it is in its start's month."""
    if reading.form.iso:
        return Written(day.isoformat(), day.year, day.month)
    day_word = reading.day_word or DAY_WORDS[0]
    if reading.form is DAY_ONLY and start is not None and not with_year and day.month == start.month:
        return Written(f"{day.day}{day_word}", None, day.month)
    prefix = f"{day.year}年" if with_year else ""
    return Written(f"{prefix}{day.month}月{day.day}{day_word}", day.year if with_year else None, day.month)


def write_month(year: int, month: int, reading: Reading, with_year: bool) -> Written:
    """A month (or the same part of it: 上旬, 底, …) in the style of `reading`."""
    if reading.form is ISO_MONTH:
        return Written(f"{year:04d}-{month:02d}", year, month)
    if reading.form is PART_ONLY:
        return Written(reading.part or "", None, month)
    prefix = f"{year}年" if with_year else ""
    return Written(f"{prefix}{month}{reading.month_word}{reading.part or ''}", year if with_year else None, month)


def write_range(first: Written, second: Written, iso: bool) -> str:
    return f"{first.text}..{second.text}" if iso else f"{first.text}至{second.text}"


class Mover:
    """Rewrites written windows for one move; `context` is the plan's `year` after the move."""

    __slots__ = ("move", "old_year", "context")

    def __init__(self, move: Move, old_year: int | None, context: int | None) -> None:
        self.move = move
        self.old_year = old_year
        self.context = context

    def window(self, spec: WhenSpec) -> str:
        """The text of `spec` moved, in the same forms where they still mean the same; CannotMove if unsure."""
        cut = cut_window(spec.text)
        if cut.deadline:
            reading = self._reading(cut.parts[0], spec.end, None, spec)
            return cut.join([self._point(reading, self.old_year, "end", self.context, None).text])
        if len(cut.parts) == 1:
            assert spec.start is not None
            return cut.join([self._single(self._reading(cut.parts[0], spec.start, None, spec))])
        if len(cut.parts) != 2 or spec.start is None:
            raise _cannot(spec)
        start = self._reading(cut.parts[0], spec.start, None, spec)
        end = self._reading(cut.parts[1], spec.end, spec.start.month, spec)
        old_end_year = spec.end.year or spec.start.year or self.old_year
        moved = self.move.window(Window(start.point.resolve(self.old_year).start, end.point.resolve(old_end_year).end))
        first = self._point(start, self.old_year, "start", self.context, None, moved.start)
        second = self._point(end, old_end_year, "end", first.year or self.context, first, moved.end)
        return cut.join([first.text, second.text])

    def _reading(self, part: str, point: Point, default_month: int | None, spec: WhenSpec) -> Reading:
        """The part read again: it must mean what the plan read (else the cut is not understood)."""
        try:
            reading = read_point(part, default_month=default_month)
        except DateError:
            raise _cannot(spec) from None
        if reading.point != point:
            raise _cannot(spec)
        return reading

    def _needs_year(self, point: Point, year: int, context: int | None) -> bool:
        return point.year is not None or year != context

    def _point(self, reading: Reading, old_year: int | None, role: str, context: int | None,
               start: Written | None, moved: date | None = None) -> Written:
        """The point moved; a day-precise point lands on `moved` when given (the window's rule)."""
        old = reading.point.resolve(old_year)
        if self.move.months is not None and reading.names_month_part:
            year, month = add_months(old.start.year, old.start.month, self.move.months)
            return write_month(year, month, reading, self._needs_year(reading.point, year, context))
        day = moved or self.move.day(old.start if role == "start" else old.end)
        return write_day(day, reading, self._needs_year(reading.point, day.year, context), start)

    def _single(self, reading: Reading) -> str:
        """One written point: kept as a point when it still means one, else a range of days."""
        old = reading.point.resolve(self.old_year)
        if self.move.months is not None and reading.names_month_part or old.start == old.end:
            return self._point(reading, self.old_year, "start", self.context, None).text
        first_day, last_day = self.move.day(old.start), self.move.day(old.end)
        as_day = Reading(reading.point, ISO_DAY if reading.form.iso else CN, DAY_WORDS[0], None)
        first = write_day(first_day, as_day, self._needs_year(reading.point, first_day.year, self.context))
        second = write_day(last_day, as_day, last_day.year != (first.year or self.context))
        return write_range(first, second, reading.form.iso)


def _cannot(spec: WhenSpec) -> CannotMove:
    return CannotMove(f"cannot rewrite the window '{spec.text}' safely; change it by hand")
