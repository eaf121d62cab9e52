"""Windows of dates as a Chinese plan writes them (3月30日, 4月上旬, 4月5日前, 4月初-5月20日, ISO, 第一季度,
2026-W10, 第3-4周, 2015年8月10日起, 4月20日左右): the one owner of their grammar.

Everything about the text of a date is here: reading a window (`parse_when`), a log date
(`parse_date`) and a day typed on the command line (`read_typed_day`); writing a point back in
the form it was written in and moving a window in time (`Mover`, used by `planctl shift`); and the
JSON Schema's patterns for windows and days (`window_pattern`, `day_pattern`), built from the same
pieces. A new written form is one `Form` (or one word in MONTH_PARTS) below; the readers, writers,
the mover and the schema take it from there.

A written window (`WhenSpec`) is parsed once; it is resolved to concrete inclusive dates
(`Window`) with the plan's year, the parent's window (a deadline's start, an open window's end, the
month of 28日前后), the plan's end (an open window without a parent) and its `week1:` (第N周).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from datetime import date, timedelta

from planctl.i18n import N_, _, listed, ngettext
from planctl.records import NamedTuple


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


# A date without a year in a plan without `year:` (format/loader.py gathers these into one error)
NO_YEAR = N_("no year: write it (2009年4月1日 or 2009-04-01) or set `year:` in the plan")

class Point(NamedTuple):
    """One written point, e.g. 4月上旬: a period of days in a month, year possibly implied; or a span
    of whole months (一季度: months 1-3, 上半年: 1-6, 全年: 1-12), from `first_day` of `month` to
    `last_day` of `last_month`."""

    year: int | None
    month: int
    first_day: int | None  # None for 月底 (the month's last day)
    last_day: int | None  # None: the (last) month's last day
    last_month: int | None = None  # None: the same month
    # "": a point of months and days. "iso": the ISO weeks `first_day`..`last_day` of `year` (2026-W10,
    # 2026-W10-W12; `month` unused). "school": the plan's teaching weeks 第`first_day`周..第`last_day`周,
    # counted from the day `week1:` names (`year` and `month` unused).
    week: str = ""

    def resolve(self, year: int | None, week1: date | None = None) -> Window:
        if self.week:
            return self._weeks(year, week1)
        y = self.year if self.year is not None else year
        if y is None:
            raise DateError(_(NO_YEAR))
        if not 1 <= y <= 9999:
            raise DateError(_("no year {year}").format(year=y))
        end_month = self.last_month or self.month
        last = calendar.monthrange(y, self.month)[1]
        end_last = calendar.monthrange(y, end_month)[1]
        first = self.first_day if self.first_day is not None else last
        end = self.last_day if self.last_day is not None else end_last
        for day, month_last in ((first, last), (end, end_last)):
            if day > month_last:
                raise DateError(_("{year}-{month:02d} has {last} days, not {day}").format(
                    year=y, month=self.month, last=month_last, day=day))
        return Window(date(y, self.month, first), date(y, end_month, end))

    def _weeks(self, year: int | None, week1: date | None) -> Window:
        """An ISO week range (Monday to Sunday, ISO 8601) or a range of the plan's teaching weeks."""
        first = 1 if self.first_day is None else self.first_day  # 第0周 is week 0, not 1
        last = first if self.last_day is None else self.last_day
        if last < first:
            raise DateError(_("week {last} is before week {first}").format(last=last, first=first))
        if self.week == "school":
            if week1 is None:
                example = f"{year or 2025}年9月1日"  # the plan's own year: an autumn term's first day, as an example
                raise DateError(_("第N周 counts teaching weeks from the plan's `week1:` (the first day of 第1周), "
                                  "which this plan does not set: add `week1: {example}` (its own first day) at the "
                                  "plan's top level").format(example=example),
                                hint=_("add `week1: {example}` at the plan's top level").format(example=example))
            return Window(week1 + timedelta(weeks=first - 1), week1 + timedelta(weeks=last, days=-1))
        y = self.year if self.year is not None else year
        assert y is not None  # an ISO week is always written with its year
        try:
            return Window(date.fromisocalendar(y, first, 1), date.fromisocalendar(y, last, 7))
        except ValueError:
            raise DateError(_("{year} has no ISO week {week}").format(year=y, week=last if first <= 52 else first)) from None


# 28日前后, 4月20日左右: a day give or take this many days. Three days either side makes the window one
# week around the day: a plan that knew the day to within a dekad would write 上旬/中旬/下旬 instead.
APPROX_DAYS = 3


class WhenSpec(NamedTuple):
    """A written window: `start` is None for a deadline (它 inherits the parent's start).
    `open_end`: written without an end (2015年8月10日起, 从5月下旬开始): it runs until its parent's end
    (when that is not before its start), else the plan's end (`resolve`'s `plan_end`). `approx`: a day written 前后/左右, give or take
    this many days (APPROX_DAYS); its point may lack the month (28日前后: the parent's month)."""

    text: str
    start: Point | None
    end: Point
    open_end: bool = False
    approx: int = 0

    def resolve(self, year: int | None, parent: Window | None, plan_end: date | None = None,
                week1: date | None = None) -> Window:
        """Concrete days. `plan_end` ends an open window without a parent (None: the last day of its
        start's year); `week1` is the first day of 第1周. DateError (located by the caller) if unreadable."""
        if self.approx:
            return self._approx(year, parent)
        if self.start is None:
            end = self.end.resolve(year, week1)
            if parent is None or parent.start > end.end:
                return Window(end.end, end.end)
            return Window(parent.start, end.end)
        start = self.start.resolve(year, week1)
        if self.open_end:
            return self._open(start.start, parent, plan_end)
        # An end without a year is in the start's year; a window over New Year writes both years.
        # (an ISO week's year is its own: 2026-W01 starts on 2025-12-29, and 2026-W01..1月25日 ends in 2026)
        end_year = year if self.end.year is not None else self.start.year or start.start.year
        end = self.end.resolve(end_year, week1)
        if end.end < start.start:
            raise DateError(_("the window ends ({end}) before it starts ({start})").format(
                end=end.end.isoformat(), start=start.start.isoformat()))
        return Window(start.start, end.end)

    def _open(self, start: date, parent: Window | None, plan_end: date | None) -> Window:
        if parent is not None and parent.end >= start:
            end, what = parent.end, _("its parent's end")
        elif plan_end is not None:  # also when the parent ends first: it runs over, as `check` warns
            end, what = plan_end, _("the plan's end")
        else:
            end, what = date(start.year, 12, 31), _("the end of its year")
        if end < start:
            raise DateError(_("'{text}' has no end, so it runs until {what} ({end}), which is before it starts ({start}): "
                              "write its end (…至…) or set the plan's `horizon:`").format(
                                text=self.text.strip(), what=what, end=end.isoformat(), start=start.isoformat()),
                            hint=_("write its end (…至…) or set the plan's `horizon:`"))
        return Window(start, end)

    def _approx(self, year: int | None, parent: Window | None) -> Window:
        point = self.end
        if point.month == 0:  # 28日前后: the month (and year) of the parent's start
            if parent is None:
                raise DateError(_("'{text}' names no month and has no parent window to take one from: "
                                  "write the month (3月28日前后)").format(text=self.text.strip()),
                                hint=_("write the month: 3月28日前后"))
            point = point._replace(year=parent.start.year, month=parent.start.month)
        day = point.resolve(year).start
        spread = timedelta(days=self.approx)
        return Window(day - spread, day + spread)

    def describe(self, window: Window, short: bool = False) -> str:
        """How a reader is told what an approximate or open window means: "约4月20日 (±3 d)",
        "no end written: runs until 2026-12-31"; "" for any other window. `short`: MM-DD without the year."""
        def day(value: date) -> str:
            return value.strftime("%m-%d") if short else value.isoformat()

        if self.approx:
            middle = window.start + timedelta(days=self.approx)
            return _("约{month}月{day}日 (±{spread} d)").format(month=middle.month, day=middle.day, spread=self.approx)
        if self.open_end:
            return _("no end written: runs until {day}").format(day=day(window.end))
        return ""


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
# Chinese numerals in the Chinese forms: 三月五日, 十二月底, 二十一日, 二〇二六年三月 (a year digit by digit)
CN_DIGITS = "〇一二三四五六七八九"
_CN_Y4 = rf"(?:{_Y4}|[{CN_DIGITS}零]{{4}})"
_CN_N2 = rf"(?:{_N2}|[{CN_DIGITS[1:]}十]{{1,3}})"
_YEAR = rf"(?:(?P<y>{_CN_Y4})\s*年\s*)?"
_DAY = rf"(?P<d>{_CN_N2})\s*(?P<dc>{_any_of(DAY_WORDS)})"
_PART = f"(?P<part>{_any_of(MONTH_PARTS)})"
_ONE_DAY_PART = f"(?P<part>{_any_of(ONE_DAY_PARTS)})"
_CN_MONTH = rf"{_YEAR}(?P<m>{_CN_N2})\s*月\s*"
_ISO_DAY = rf"(?P<y>{_Y4})-(?P<m>{_N2})-(?P<d>{_N2})"
_ISO_POINT = rf"{_Y4}-{_N2}(?:-{_N2})?"
# Phrases around a range, as tables and notices write them: 从5月下旬开始,至7月上旬; 从4月1日起到4月15日.
RANGE_LEAD = "从"  # before the start
START_WORDS = ("开始", "起")  # after the start, before the separator (with a comma or not)
_START_WORDS = rf"(?:(?:{_any_of(START_WORDS)})\s*[,，、]?\s*)?"
_RANGE_SEP = rf"\s*{_START_WORDS}(?:{_any_of(RANGE_SEPARATORS)})\s*"
_RANGE_SEP_NO_HYPHEN = rf"\s*{_START_WORDS}(?:{_any_of(tuple(s for s in RANGE_SEPARATORS if s != '-'))})\s*"
_ISO_RANGE = rf"({_ISO_POINT}){_RANGE_SEP}({_ISO_POINT})$"
_DEADLINE = rf"(?P<p>.+?)\s*(?:{_any_of(DEADLINE_WORDS)})$"
_OPEN = r"(?P<p>.+?)\s*(?:开始|起)$"  # OPEN_WORDS (below, with the forms)
_APPROX = r"(?P<p>.+?)\s*(?:前后|左右)$"  # APPROX_WORDS


# The classes below that are not made per parse are plain classes: a NamedTuple class costs a
# tenth of a millisecond to create, and this module is imported by every command.


class Form:
    """One written form of a point. `pattern` is matched against the whole point; its named groups
    are y (year), m (month), d (day), dc (日 or 号), mw (月份) and part (a key of MONTH_PARTS); a group
    the form lacks is taken from the context (the plan's year, the range's start month).
    `after_start`: only as the end of a range (`4月5日-15日`, `4月中旬-下旬`), in the start's month.
    `iso`: written back in ISO (2009-04-05), else in Chinese (4月5日).
    `before_end`: only as the start of a range whose end names a month (the 3 of `3-4月份`).
    `span`: a form naming a calendar unit of several months (3 a quarter, 6 a half-year, 12 a
    year): groups q (quarter, 1-4 or 一…四), h (上 or 下 half), yp (年底/年末/年初), qp (季度末).
    A move by whole units keeps the form (一季度 → 二季度); any other move writes months or days."""

    __slots__ = ("name", "pattern", "after_start", "iso", "before_end", "span", "week")

    def __init__(self, name: str, pattern: str, after_start: bool = False, iso: bool = False,
                 before_end: bool = False, span: int = 1, week: str = "") -> None:
        self.name = name
        self.pattern = pattern
        self.after_start = after_start
        self.iso = iso
        self.before_end = before_end
        self.span = span
        self.week = week  # "iso" or "school": a form of weeks (groups w and w2), see Point.week

    def __repr__(self) -> str:
        return f"Form({self.name})"


ISO_DAY = Form("iso-day", _ISO_DAY, iso=True)
ISO_MONTH = Form("iso-month", rf"(?P<y>{_Y4})-(?P<m>{_N2})", iso=True)
# 4月5日, 2009年4月上旬, 4月底, 4月, and 10月份 (a whole month, as 月份 always is)
CN = Form("cn", rf"{_YEAR}(?P<m>{_CN_N2})\s*(?:(?P<mw>月份)|月\s*(?:{_DAY}|{_PART}|))")
DAY_ONLY = Form("day", _DAY, after_start=True)
PART_ONLY = Form("part", _PART, after_start=True)
# Quarters: 第一季度, 一季度, 1季度, Q1, 2026年第三季度; 第一季度末 (its last day); 季度末 ends a range
# in the start's quarter (4月5日至季度末). Half-years 上半年 / 下半年, years 全年, 年内, 2026年;
# 年底 / 年末 (31 December) and 年初 (1 January), like 月底 and 月初.
QUARTER_NUMERALS = "一二三四"
_QUARTER = rf"(?:第\s*)?(?P<q>[1-4{QUARTER_NUMERALS}])\s*季度(?:\s*(?P<qp>末))?"
QUARTER = Form("quarter", rf"{_YEAR}(?:{_QUARTER}|[Qq](?P<q2>[1-4]))", span=3)
QUARTER_END = Form("quarter-end", r"季度(?P<qp>末)", after_start=True, span=3)
HALF_YEAR = Form("half-year", rf"{_YEAR}(?P<h>[上下])半年", span=6)
YEAR = Form("year", rf"(?:(?P<y>{_CN_Y4})\s*年\s*(?:全年|年?内)?|全年|年内)", span=12)
YEAR_PART = Form("year-part", rf"(?:(?P<y>{_CN_Y4})\s*年\s*(?:年\s*)?|年\s*)(?P<yp>[底末初])", span=12)
# 9.1 (a table's month.day; 2015.8.10 with its year), written back as it was
DOTTED = Form("dotted", rf"(?:(?P<y>{_Y4})\.)?(?P<m>{_N2})\.(?P<d>{_N2})")
BARE_MONTH = Form("bare-month", rf"{_YEAR}(?P<m>{_CN_N2})", before_end=True)  # the 3 of 3-4月份
# ISO 8601 weeks, Monday to Sunday: 2026-W10, and a range of them in one year: 2026-W10-W12.
ISO_WEEK = Form("iso-week", rf"(?P<y>{_Y4})-W(?P<w>{_N2})(?:-W(?P<w2>{_N2}))?", iso=True, week="iso")
# A school's teaching weeks, counted from the plan's `week1:`: 第1周, 第3-4周, 第3周至第5周 (one form, so a
# range of weeks is not cut at its hyphen).
WEEK_RANGE_SEPARATORS = ("-", "—", "–", "~", "～", "至", "到")
SCHOOL_WEEK = Form("school-week", rf"第\s*(?P<w>{_N2})\s*(?:周\s*)?(?:(?:{_any_of(WEEK_RANGE_SEPARATORS)})\s*"
                                  rf"(?:第\s*)?(?P<w2>{_N2})\s*)?周", week="school")
WEEK_FORMS = (ISO_WEEK, SCHOOL_WEEK)
FORMS = (ISO_DAY, ISO_MONTH, CN, DOTTED, DAY_ONLY, PART_ONLY, QUARTER, QUARTER_END, HALF_YEAR, YEAR, YEAR_PART,
         ISO_WEEK, SCHOOL_WEEK, BARE_MONTH)  # tried in this order
# After a point: a window without an end (2015年8月10日起, 从5月下旬开始), or a day give or take APPROX_DAYS
# (28日前后, 4月20日左右).
OPEN_WORDS = ("开始", "起")
APPROX_WORDS = ("前后", "左右")
# Every word that ends a window (a deadline, give or take, open-ended), longest first: two of them in a row
# are named as such (`_stacked_words`: 4月10日前后左右).
END_WORDS = tuple(sorted(DEADLINE_WORDS + APPROX_WORDS + OPEN_WORDS, key=len, reverse=True))
# One example of each written form: a refused text is shown the ones closest to it (`closest_forms`).
EXAMPLES = ("3月30日", "三月五日", "2009年3月30日", "4月上旬", "4月中下旬", "4月初", "4月底", "10月份", "2009-03-30",
            "2009-03", "第一季度", "Q1", "2026年第三季度", "第一季度末", "上半年", "全年", "2026年", "年底", "9.1",
            "3-4月份", "3月-4月", "4月5日-15日", "4月中旬-下旬", "9.1-9.7", "2009-03-31..2009-05-20", "4月5日至季度末",
            "从5月下旬开始,至7月上旬", "4月5日前", "年底前")


# Examples offered only to a text that writes their kind (a W or 周; 起, 开始, 以后 …; 前后, 左右, 约 …): by shape alone
# 2026-W10 is closer to 03-05 than 2009-03 is, and 5月下旬起 to 下旬 than 4月上旬.
KIND_EXAMPLES = (
    ("[Ww周]", ("2026-W10", "2026-W10-W12", "第1周", "第3-4周", "第3周至第5周")),
    ("起|开始|以后|之后|从", ("2015年8月10日起", "5月下旬起", "从5月下旬开始")),
    ("前后|左右|约|许", ("28日前后", "4月20日左右", "3月28日前后")),
)


def _shape(text: str) -> str:
    """A text with every number (digits or Chinese numerals) as 9: what `closest_forms` compares."""
    return re.sub(f"[0-9{CN_DIGITS}零十]+", "9", text)


def closest_forms(text: str, count: int = 3) -> list[str]:
    """The examples of accepted forms written most like `text` (by shape, numbers aside), best first."""
    import difflib  # only on an error: not at start-up

    def closest(examples: tuple[str, ...], n: int) -> list[str]:
        shapes = {_shape(example): example for example in reversed(examples)}
        return [shapes[s] for s in difflib.get_close_matches(_shape(text.strip()), list(shapes), n=n, cutoff=0.0)]

    kinds = tuple(example for trigger, examples in KIND_EXAMPLES if re.search(trigger, text) for example in examples)
    first = closest(kinds, 1)  # a text that writes a kind (以后, 约, W) is shown that kind first
    return first + [example for example in closest(EXAMPLES + kinds, count) if example not in first][: count - len(first)]


_EXAMPLE_YEAR = re.compile(r"(?:19|20)\d{2}(?=[年-])")


def in_year(error: DateError, year: int | None) -> str:
    """The message of `error` with the years of the forms it offers (2009-03-30, 2026年第三季度) written as
    `year`, the plan's: a 2026 plan is not shown 2009 dates to copy. The message as it is without a year."""
    message = str(error)
    if year is None or not isinstance(error, NotAForm):
        return message
    for form in getattr(error, "forms", ()):
        message = message.replace(form, _EXAMPLE_YEAR.sub(str(year), form))
    return message


class NotAForm(DateError):
    """A point written in none of the forms (`part`: the point, as written)."""

    def __init__(self, part: str, whole: str | None = None) -> None:
        self.forms = closest_forms(whole if whole is not None else part)
        closest = listed(self.forms)
        stacked = _stacked_words(whole if whole is not None else part)
        if stacked is not None:  # 4月10日前后左右: the closest forms would name other days
            super().__init__(stacked)
            self.part = part
            return
        if whole is not None and whole != part:
            message = _("cannot read '{part}' as a date in '{whole}'; closest accepted forms: {closest}").format(
                part=part, whole=whole, closest=closest)
        else:
            message = _("cannot read '{part}' as a date; closest accepted forms: {closest}").format(part=part, closest=closest)
        super().__init__(message, hint=_("closest accepted forms: {closest}").format(closest=closest))
        self.part = part


def _stacked_words(whole: str) -> str | None:
    """What is wrong with a window that ends with two or more of the words a window ends with (前 之前
    以前, 前后 左右, 起 开始: `END_WORDS`), one after another, when the window with one of them reads:
    4月10日左右左右 writes 左右 twice, 4月10日前后左右 stacks 前后 and 左右; None otherwise."""
    rest, words = whole.rstrip(), list[str]()
    while (word := next((w for w in END_WORDS if rest.endswith(w)), None)) is not None:
        words.insert(0, word)
        rest = rest[: -len(word)].rstrip()
    choices = [rest + word for word in dict.fromkeys(words) if _reads(rest + word)] if len(words) > 1 and rest else []
    if not choices:
        return None
    if len(set(words)) == 1:
        return _("cannot read '{whole}': it writes '{word}' twice; write '{part}'").format(
            whole=whole.strip(), word=words[0], part=choices[0])
    return _("cannot read '{whole}': {words} clash (each ends a window on its own); write {choices}").format(
        whole=whole.strip(), words=_(" and ").join(f"'{word}'" for word in dict.fromkeys(words)),
        choices=_(" or ").join(f"'{choice}'" for choice in choices))


def _reads(text: str) -> bool:
    """Whether `text` is a window of this grammar."""
    try:
        read_when(text)
    except DateError:
        return False
    return True


class Reading:
    """A written point read: what it means (`point`), and how it was written, for writing it back:
    its `form`, `day_word` (日 or 号 of a written day, else ""), `part` (上旬 … 末, else None) and
    `month_word` (月, or 月份 of a whole month written 10月份)."""

    __slots__ = ("point", "form", "day_word", "part", "month_word", "template", "numerals", "text")

    def __init__(self, point: Point, form: Form, day_word: str, part: str | None, month_word: str = "月") -> None:
        self.point = point
        self.form = form
        self.day_word = day_word
        self.part = part
        self.month_word = month_word
        self.template = ""  # a unit of several months (一季度) as written, with {y}, {u}, {U}: see `_template`
        self.numerals = ""  # "": digits; else Chinese numerals, with this zero (〇 or 零): see `write_number`
        self.text = ""  # the point as written

    @property
    def names_month_part(self) -> bool:
        """Whether it names a month or a part of one (kept as such by a whole-month move)."""
        return self.form not in (ISO_DAY, DAY_ONLY, DOTTED) and not (self.form is CN and self.day_word)


def read_point(text: str, *, default_month: int | None = None, before_end: bool = False) -> Reading:
    """Read one written point; `default_month` (a range's start month) allows the forms without one;
    `before_end` (the start of a range ending in a month) allows a bare month number."""
    text = text.strip()
    for form in FORMS:
        if form.after_start and default_month is None or form.before_end and not before_end:
            continue
        if m := re.fullmatch(form.pattern, text):
            groups = m.groupdict()
            reading = Reading(_point_of(form, groups, text, default_month), form, groups.get("dc") or "",
                              groups.get("part"), groups.get("mw") or "月")
            reading.template = _template(m) if form.span > 1 else ""
            reading.numerals = _numerals(groups)
            reading.text = text
            return reading
    raise NotAForm(text)


def _numerals(groups: dict[str, str | None]) -> str:
    """How the numbers of a point are written: "" in digits, else the zero of its Chinese numerals (〇 or 零)."""
    written = "".join(groups.get(name) or "" for name in ("y", "m", "d"))
    if not written or written.isascii():
        return ""
    return "零" if "零" in written else "〇"


def write_number(value: int, numerals: str, year: bool = False) -> str:
    """`value` in digits (numerals ""), or in Chinese numerals with `numerals` as zero: a year digit
    by digit (二〇二六), a month or day with 十 (十二, 二十一, 三十)."""
    if not numerals:
        return str(value)
    if year:
        return "".join(numerals if c == "0" else CN_DIGITS[int(c)] for c in str(value))
    tens, ones = divmod(value, 10)
    return (CN_DIGITS[tens] if tens > 1 else "") + ("十" if tens else "") + (CN_DIGITS[ones] if ones else "")


def _template(m: re.Match[str]) -> str:
    """The written unit with its year as {y} and its number as {u} (how a move by whole units writes it)."""
    text, offset = m.string, m.start()
    marks = {"y": "{y}", "q": "{U}" if (m.groupdict().get("q") or "") in QUARTER_NUMERALS else "{u}",
             "q2": "{u}", "h": "{u}"}
    present = [name for name, value in m.groupdict().items() if value and name in marks]
    for name in sorted(present, key=m.start, reverse=True):  # from the right: earlier offsets stay valid
        text = text[: m.start(name) - offset] + marks[name] + text[m.end(name) - offset :]
    return text


def _span_point(form: Form, groups: dict[str, str | None], year: int | None, default_month: int | None) -> Point:
    """The point a quarter, half-year or year form names."""
    if form.span == 3:
        written = groups.get("q") or groups.get("q2")
        quarter = (QUARTER_NUMERALS.index(written) + 1 if written in QUARTER_NUMERALS else int(written)) if written \
            else ((default_month or 1) - 1) // 3 + 1
        if groups.get("qp"):
            return Point(year, 3 * quarter, None, None)
        return Point(year, 3 * quarter - 2, 1, None, 3 * quarter)
    if form.span == 6:
        first = 1 if groups.get("h") == "上" else 7
        return Point(year, first, 1, None, first + 5)
    if part := groups.get("yp"):
        return Point(year, 1, 1, 1) if part == "初" else Point(year, 12, None, None)
    return Point(year, 1, 1, None, 12)


def number(written: str, text: str) -> int:
    """A number written in digits or in Chinese numerals: 12, 十二, 二十一, 三十; a year digit by digit
    (二〇二六, 二零二六). DateError for a malformed one (一一, 十十)."""
    if written.isascii():
        return int(written)
    if len(written) == 4 and "十" not in written:
        return int("".join(str(CN_DIGITS.index(c) if c in CN_DIGITS else 0) for c in written))
    m = re.fullmatch(f"(?:([{CN_DIGITS[2:]}]?)(十))?([{CN_DIGITS[1:]}]?)", written)
    if m is None:
        raise DateError(_("cannot read '{written}' in '{text}' as a number (write 十二, 二十一 or 12, 21)").format(
            written=written, text=text))
    tens = (CN_DIGITS.index(m[1]) if m[1] else 1) if m[2] else 0
    return tens * 10 + (CN_DIGITS.index(m[3]) if m[3] else 0)


def _point_of(form: Form, groups: dict[str, str | None], text: str, default_month: int | None) -> Point:
    written_year = groups.get("y")
    year = number(written_year, text) if written_year else None
    if form.span > 1:
        return _span_point(form, groups, year, default_month)
    if form.week:
        return _week_point(form, groups, year, text)
    written_month = groups.get("m")
    month = number(written_month, text) if written_month else default_month
    assert month is not None
    _check_month(month, text)
    if day_text := groups.get("d"):
        day = number(day_text, text)
        _check_day(day, text)
        return Point(year, month, day, day)
    first, last = MONTH_PARTS[part] if (part := groups.get("part")) else (1, None)  # no part: the whole month
    return Point(year, month, first, last)


def _week_point(form: Form, groups: dict[str, str | None], year: int | None, text: str) -> Point:
    """Weeks `w` to `w2` (1-53) of an ISO year or of the plan's teaching calendar."""
    first = int(groups.get("w") or 1)
    last = int(groups.get("w2") or first)
    lowest = 0 if form.week == "school" else 1  # 第0周: a school's 准备周, the week before 第1周
    if not lowest <= first <= 53 or not lowest <= last <= 53 or last < first:
        raise DateError(_("no weeks {first}-{last} in '{text}'").format(first=first, last=last, text=text) if last != first
                        else _("no week {first} in '{text}'").format(first=first, text=text))
    return Point(year, 1, first, last, None, form.week)


def parse_point(text: str, *, default_month: int | None = None) -> Point:
    return read_point(text, default_month=default_month).point


def _check_month(month: int, text: str) -> None:
    if not 1 <= month <= 12:
        raise DateError(_("no month {month} in '{text}'").format(month=month, text=text))


def _check_day(day: int, text: str) -> None:
    if not 1 <= day <= 31:
        raise DateError(_("no day {day} in '{text}'").format(day=day, text=text))


class Cut:
    """A written window cut into its points and the text between them, so a writer can change only
    the points: a range has two parts and glue [separator]; a deadline one part and glue [前 with
    the spaces before it]; a point one part and no glue."""

    __slots__ = ("lead", "parts", "glue", "trail", "deadline", "open_end", "approx")

    def __init__(self, lead: str, parts: list[str], glue: list[str], trail: str, deadline: bool = False,
                 open_end: bool = False, approx: bool = False) -> None:
        self.lead = lead
        self.parts = parts
        self.glue = glue
        self.trail = trail
        self.deadline = deadline
        self.open_end = open_end  # glue: [起 or 开始, with the spaces before it]
        self.approx = approx  # glue: [前后 or 左右, with the spaces before it]

    def join(self, parts: list[str]) -> str:
        middle = parts[0] + self.glue[0] + parts[1] if len(parts) == 2 else parts[0] + "".join(self.glue)
        return self.lead + middle + self.trail


def cut_window(text: str) -> Cut:
    """Where a written window's points are. A hyphen joins two points only when neither is an ISO
    date (whose own hyphens it would split), except in `2009-03-31-2009-05-20`."""
    cleaned = text.strip()
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    open_end = re.match(_OPEN, cleaned)
    if (m := re.match(rf"{RANGE_LEAD}\s*", cleaned)) and (open_end or re.search(_RANGE_SEP, cleaned)):
        lead, cleaned = lead + m[0], cleaned[m.end() :]
    if m := re.match(_DEADLINE, cleaned):
        return Cut(lead, [m["p"]], [cleaned[len(m["p"]) :]], trail, deadline=True)
    if m := re.match(_APPROX, cleaned):
        return Cut(lead, [m["p"]], [cleaned[len(m["p"]) :]], trail, approx=True)
    if m := re.match(_OPEN, cleaned):
        return Cut(lead, [m["p"]], [cleaned[len(m["p"]) :]], trail, open_end=True)
    if any(re.fullmatch(form.pattern, cleaned) for form in WEEK_FORMS):  # 第3-4周, 2026-W10-W12: one point
        return Cut(lead, [cleaned], [], trail)
    if m := re.match(_ISO_RANGE, cleaned):
        return Cut(lead, [m[1], m[2]], [cleaned[m.end(1) : m.start(2)]], trail)
    iso_inside = re.search(_ISO_DAY + "$", cleaned.split()[0]) or "-" in cleaned and re.search(r"\d{4}-[\dW]", cleaned)
    pieces = re.split(f"({_RANGE_SEP_NO_HYPHEN if iso_inside else _RANGE_SEP})", cleaned)
    return Cut(lead, pieces[0::2], pieces[1::2], trail)


# Full-width digits and the signs between them (a Chinese input method types them): read as ASCII.
# The window keeps its text as written; only the reading uses the ASCII form.
_FULL_WIDTH = str.maketrans({**{chr(0xFF10 + d): str(d) for d in range(10)}, "－": "-", "．": ".", "／": "/"})


def parse_when(text: str) -> WhenSpec:
    """Parse a written window: a point, `A-B` (also 至, 到, ~, ..), or a deadline `X前`. Full-width
    digits (３月５日) read as ASCII ones; the WhenSpec keeps `text` as written."""
    iso = _ISO_WINDOW.fullmatch(text)
    if iso is not None:  # the commonest form, read at once: what the grammar below reads it as
        start = Point(int(iso[1]), int(iso[2]), int(iso[3]), int(iso[3]))
        if iso[4] is None:
            return WhenSpec(text, start, start)
        return WhenSpec(text, start, Point(int(iso[4]), int(iso[5]), int(iso[6]), int(iso[6])))
    return read_when(text)


# `2009-04-01` or `2009-04-01..2009-04-10` with months 01-12 and days 01-31 (the day is checked
# against its month when the window is resolved, as the grammar leaves it); tests/test_dates.py
# checks that parse_when reads these as read_when does.
_ISO_MM, _ISO_DD = r"(0[1-9]|1[0-2])", r"(0[1-9]|[12][0-9]|3[01])"
_ISO_WINDOW = re.compile(rf"([0-9]{{4}})-{_ISO_MM}-{_ISO_DD}(?:\.\.([0-9]{{4}})-{_ISO_MM}-{_ISO_DD})?")


def read_when(text: str) -> WhenSpec:
    """`parse_when` through the whole grammar of windows."""
    read = text.translate(_FULL_WIDTH)
    cleaned = read.strip()
    if not cleaned:
        raise DateError(_("empty window"))
    try:
        return _parse_cut(text, cleaned, cut_window(read))
    except NotAForm as exc:  # a part of a range or deadline: the closest forms are those of the whole
        if m := _BARE_PAIR.fullmatch(cleaned):
            raise _bare_pair(cleaned, int(m[1]), int(m[2])) from None
        if exc.part == cleaned:
            raise
        raise NotAForm(exc.part, cleaned) from None


_BARE_PAIR = re.compile(r"(\d{1,2})\s*[-/]\s*(\d{1,2})")


def _bare_pair(text: str, first: int, second: int) -> DateError:
    """`03-05`: two numbers with no 月 or year, a day to some (5 March) and months to others (March to May)."""
    day = f"{first}月{second}日" if 1 <= first <= 12 and 1 <= second <= 31 else None
    months = f"{first}-{second}月" if 1 <= first < second <= 12 else None
    meant = _(" or ").join(f"'{form}' ({what})" for form, what in ((day, _("one day")), (months, _("months"))) if form)
    return DateError(_("'{text}' is two numbers without 月 or a year, so it is not a date planctl reads").format(text=text)
                     + (_("; write {meant}").format(meant=meant) if meant else ""),
                     hint=_("a day is written 3月5日 or 2026-03-05 (year first); months are written 3-5月"))


def _parse_cut(text: str, cleaned: str, cut: Cut) -> WhenSpec:
    if cut.deadline:
        return WhenSpec(text, None, parse_point(cut.parts[0]))
    if cut.open_end:
        point = parse_point(cut.parts[0])
        return WhenSpec(text, point, point, open_end=True)
    if cut.approx:
        point = approx_point(cut.parts[0], cleaned)
        return WhenSpec(text, point, point, approx=APPROX_DAYS)
    if len(cut.parts) == 1:
        point = parse_point(cleaned)
        return WhenSpec(text, point, point)
    if len(cut.parts) != 2 or not all(cut.parts):
        raise DateError(_("cannot read '{text}' as a window (a range is two dates joined by - or 至)").format(text=cleaned))
    end_names_month = re.search(rf"[\d{CN_DIGITS}十]\s*月", cut.parts[1]) is not None
    start = read_point(cut.parts[0], before_end=end_names_month).point
    end = parse_point(cut.parts[1], default_month=start.last_month or start.month)
    return WhenSpec(text, start, end)


def approx_point(part: str, whole: str) -> Point:
    """The day of an approximate window (4月20日左右, 2026-04-20前后, 28日前后: month 0, the parent's)."""
    if m := re.fullmatch(DAY_ONLY.pattern, part.strip()):
        day = number(m["d"], whole)
        _check_day(day, whole)
        return Point(None, 0, day, day)
    reading = read_point(part)
    if reading.form not in (ISO_DAY, CN, DOTTED) or reading.point.first_day is None \
            or reading.point.first_day != reading.point.last_day:
        closest = listed(["4月20日左右", "28日前后", *closest_forms(part, 1)])
        raise DateError(_("cannot read '{whole}' as a date: 前后 and 左右 go with one day, not with '{part}'; "
                          "closest accepted forms: {closest}").format(whole=whole, part=part.strip(), closest=closest),
                        hint=_("closest accepted forms: {closest}").format(closest=closest))
    return reading.point


def marked(text: str | None) -> WhenSpec | None:
    """The written window `text` read, when it is open-ended or approximate (what a view must say about
    it: `WhenSpec.describe`); None for any other or an unreadable one. Cheap for the others (no parse)."""
    if text is None or not text.rstrip().endswith(OPEN_WORDS + APPROX_WORDS):
        return None
    try:
        spec = parse_when(text)
    except DateError:
        return None
    return spec if spec.open_end or spec.approx else None


def parse_date(text: str, year: int | None) -> date:
    """A single day, as written in a completion (`2009-04-03` or `4月3日`)."""
    reading = read_point(text)
    point = reading.point
    if point.first_day != point.last_day:  # 月底 (both None) is one day: the last
        raise DateError(_("'{text}' is a period, not a single day").format(text=text))
    if reading.form not in (ISO_DAY, CN):  # 年底, 第一季度末, 9.1: windows, not in `day_pattern` (the schema)
        raise DateError(_("'{text}' is not a day as a completion writes it (2009-04-03 or 4月3日)").format(text=text))
    return point.resolve(year).start


# --- the same grammar as JSON Schema patterns -------------------------------------------------


def _portable(pattern: str) -> str:
    """A Python pattern of this module as one Python and JavaScript read alike: groups unnamed
    (JavaScript refuses a name twice), ASCII digits (`\\d` is any Unicode digit in Python)."""
    return re.sub(r"\(\?P<\w+>", "(?:", pattern).replace(r"\d", "[0-9]")


def window_pattern() -> str:
    """A pattern matching every window `parse_when` reads (and some it then refuses, e.g. 4月31日)."""
    point = "|".join(_portable(form.pattern) for form in FORMS if not form.after_start and not form.before_end)
    end = "|".join(_portable(form.pattern) for form in FORMS if not form.before_end)
    bare = "|".join(_portable(form.pattern) for form in FORMS if form.before_end)
    deadline = _any_of(DEADLINE_WORDS)
    sep = _portable(_RANGE_SEP)
    open_end = rf"(?:{RANGE_LEAD}\s*)?(?:{point})\s*(?:{_any_of(OPEN_WORDS)})"
    one_day = "|".join(_portable(p) for p in (_ISO_DAY, _CN_MONTH + _DAY, DOTTED.pattern, DAY_ONLY.pattern))
    approx = rf"(?:{one_day})\s*(?:{_any_of(APPROX_WORDS)})"
    return (rf"^\s*(?:(?:{point})\s*(?:{deadline})|(?:{point})(?:{sep}(?:{end}))?|{RANGE_LEAD}\s*(?:{point}){sep}(?:{end})"
            rf"|(?:{bare}){sep}(?:{_portable(CN.pattern)})|{open_end}|{approx})\s*$")


def day_pattern() -> str:
    """A pattern matching every single day `parse_date` reads: an ISO day, a Chinese day or 月初/月底."""
    return rf"^\s*(?:{_portable(_ISO_DAY)}|{_portable(_CN_MONTH)}(?:{_portable(_DAY)}|{_portable(_ONE_DAY_PART)}))\s*$"


def resolve_periods(specs: list[WhenSpec], year: int | None, parent: Window | None, plan_end: date | None = None,
                    week1: date | None = None) -> list[Window | DateError]:
    """A quota's list of `periods` resolved in the order written. A deadline (1月5日前) in the list
    runs from the day after the previous period's end (the first one from the parent's start): the
    periods of a list follow one another, they do not all start with the parent. Each entry is its
    window, or the DateError that refuses it (an end before the previous period's)."""
    out: list[Window | DateError] = []
    previous: Window | None = None
    for spec in specs:
        try:
            if spec.start is None and previous is not None:
                end = spec.end.resolve(year, week1).end
                start = previous.end + timedelta(days=1)
                if end < start:
                    raise DateError(_("the deadline {end} is not after the previous period, which ends {previous}").format(
                        end=end.isoformat(), previous=previous.end.isoformat()))
                window = Window(start, end)
            else:
                window = spec.resolve(year, parent, plan_end, week1)
        except DateError as exc:
            out.append(exc)
            continue
        out.append(window)
        previous = window
    return out


def overlaps(windows: list[Window | DateError]) -> list[tuple[int, int]]:
    """Pairs (i, j), i < j, of periods that share a day: j is reported, at the later of the two."""
    found: list[tuple[int, int]] = []
    ordered = sorted((w.start, i) for i, w in enumerate(windows) if isinstance(w, Window))
    latest: tuple[date, int] | None = None
    for start, i in ordered:
        window = windows[i]
        assert isinstance(window, Window)
        if latest is not None and start <= latest[0]:
            found.append((latest[1], i))
        if latest is None or window.end > latest[0]:
            latest = (window.end, i)
    return found


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


def months_of(day: date, months: int) -> Window:
    """The calendar unit of `months` months (1, 3 a quarter, 6 a half-year, 12 a year) holding `day`."""
    first = (day.month - 1) // months * months + 1
    last = first + months - 1
    return Window(date(day.year, first, 1), date(day.year, last, calendar.monthrange(day.year, last)[1]))


# `period:` values: the English word, or the Chinese one (周, 旬, 月, 季度, 半年, 年) read as it.
PERIOD_MONTHS = {"month": 1, "quarter": 3, "half-year": 6, "year": 12}
PERIOD_WORDS = {"周": "week", "旬": "dekad", "月": "month", "季度": "quarter", "半年": "half-year", "年": "year"}


# How `period: week` cuts a window (`weeks:` in the plan or the quota): "blocks", 7 days from the window's
# start (the default, and how the bundled plan's 每周自学 has always been read); "calendar", Monday to
# Sunday (ISO 8601), the first and last weeks clipped to the window.
WEEK_READINGS = ("blocks", "calendar")


def split_periods(window: Window, period: str, weeks: str = "blocks") -> list[Window]:
    """Cut a window into consecutive periods: `week` (7 days from the window's start, or Monday to
    Sunday when `weeks` is "calendar"), `dekad`, `month`, `quarter`, `half-year` or `year` (calendar
    ones, clipped to the window), or `once`."""
    if period == "once":
        return [window]
    periods: list[Window] = []
    day = window.start
    while True:
        if period == "week" and weeks == "calendar":
            natural_end = day + timedelta(days=min(6 - day.weekday(), (window.end - day).days))
        elif period == "week":
            natural_end = day + timedelta(days=min(6, (window.end - day).days))
        elif period == "dekad":
            natural_end = dekad_of(day).end
        else:
            natural_end = months_of(day, PERIOD_MONTHS[period]).end
        clipped = Window(day, min(natural_end, window.end))
        periods.append(clipped)
        if clipped.end >= window.end:
            return periods
        day = clipped.end + timedelta(days=1)


# --- a day typed on the command line (--today, --date, --from, --to, $PLANCTL_TODAY) --------------

RELATIVE_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1, "今天": 0, "昨天": -1, "明天": 1, "前天": -2, "后天": 2}
TYPED_FORMS = N_("2009-04-12, 2009/4/12, 2009.4.12, 4.12, 'Apr 12 2009', 4月12日, today, yesterday or tomorrow")
TYPED_CN_FORMS = "4月12日, 2009年4月12日, 4月初, 4月底"  # the Chinese forms of one day (no 上旬, no 10月份)
_YEAR_FIRST = rf"(?P<y>{_Y4})(?P<sep>[-/.])(?P<m>{_N2})(?P=sep)(?P<d>{_N2})|(?P<y8>{_Y4})(?P<m8>\d\d)(?P<d8>\d\d)"
_TIME_OF_DAY = r"(?:T|\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?"
_NUMBER = r"\d+"


# The plan's span for a day typed without its year: a window, or a function giving it (asked only for such a day)
TypedSpan = Window | Callable[[], Window | None] | None


def read_typed_day(text: str, today: date, year: int | None, span: TypedSpan = None) -> date:
    """A day typed by a person: a relative word (today …, against `today`), a Chinese day, a month.day
    (4.12), a year-first numeric day (2009-04-12, 2009/4/12, 2009.4.12, 20090412), or a day with the
    month's name (Apr 12 2009, 12 April 2009; read by python-dateutil). Full-width digits and signs
    (２００９－０４－１２) are read as their ASCII forms (Unicode NFKC), as a plan's are. A day typed
    without its year is placed by `yearless_day` (the plan's `span`, its `year`, `today`).

    Numeric days that are not year-first (12.04.2009, 04/12/2009, 09/04/05) are refused: day-first
    and month-first orders are both in use, and guessing one gives a wrong day without a word.
    DateError (with `hint` listing the accepted forms) for anything else, saying what the text is
    (a day with a time, a signed number, a day that its month lacks) when it is one of those."""
    import unicodedata

    cleaned = unicodedata.normalize("NFKC", text).strip()
    if not cleaned:
        raise DateError(_("empty date"))
    if cleaned.lower() in RELATIVE_DAYS:
        return _relative_day(today, RELATIVE_DAYS[cleaned.lower()], text)
    if "月" in cleaned or "年" in cleaned:
        return _typed_chinese_day(cleaned, text, lambda resolve: yearless_day(resolve, today, year, span))
    if m := re.fullmatch(_YEAR_FIRST, cleaned):
        parts = (m["y"], m["m"], m["d"]) if m["y"] else (m["y8"], m["m8"], m["d8"])
        return _numeric_day(*map(int, parts), text=text)
    if m := re.fullmatch(r"(\d{1,2})\.(\d{1,2})", cleaned):  # 9.1: month.day, as a plan's table dates read
        month, day = int(m[1]), int(m[2])
        return yearless_day(lambda y: _numeric_day(y, month, day, text=text), today, year, span)
    if re.fullmatch(r"\d{5,}([-/.])\d{1,2}\1\d{1,2}", cleaned):
        raise DateError(_("'{text}' has a year past 9999; days run from 0001-01-01 to 9999-12-31").format(text=text),
                        hint=_("accepted: {forms}").format(forms=_(TYPED_FORMS)))
    _refuse_near_miss(cleaned, text)
    numbers = re.findall(_NUMBER, cleaned)
    if not re.search(r"[^\W\d_]", cleaned) or len([n for n in numbers if len(n) <= 2]) > 1:
        raise DateError(_ambiguous(cleaned, text),
                        hint=_("write the year first (2009-04-12) or the month's name; accepted: {forms}").format(
                            forms=_(TYPED_FORMS)))
    return _dateutil_day(cleaned, text, lambda resolve: yearless_day(resolve, today, year, span))


YEARS_BACK = 8  # how far back a yearless day is looked for: 2月29日 comes once in 4 years (8 over 1900, 2100)


def yearless_day(resolve: Callable[[int], date], today: date, year: int | None, span: TypedSpan) -> date:
    """A day typed without its year (4月12日, 4.12, Apr 12), as a person means it; `resolve(y)` gives it
    in year y (DateError when y lacks it: 2月29日). In the plan's span when such a day falls in it (of
    several, the nearest `today`): 1月5日 typed in a term from 2025-09-01 to 2026-01-20 is 2026-01-05,
    whatever the plan's `year:` (issue h89: it was 2025-01-05, before the term). Else, with no span,
    in the plan's `year`; else the latest such day not after `today` (12.30 typed on 2026-01-05 is
    2025-12-30). DateError when no year has it (4月31日), and when no year of the plan's span (else its
    `year`) has it but another year does (2月29日 in a plan of 2026: naming the year assumed and why, not
    the 2024-02-29 the latest-day rule would give, which no one typed)."""
    window = span() if callable(span) else span
    past = [day for day in _days_in(resolve, range(today.year - YEARS_BACK, today.year + 1)) if day <= today]
    if window is not None:
        found = _days_in(resolve, range(window.start.year, window.end.year + 1))
        inside = [day for day in found if day in window]
        if inside:
            return min(inside, key=lambda day: (abs((day - today).days), day))
        if not found and past:  # 2月29日 in a plan of 2026: not the 2024-02-29 no one typed, but why not
            _refuse_in_assumed_year(resolve, window.start.year, past[-1], _("the plan runs {start} … {end}").format(
                start=window.start.isoformat(), end=window.end.isoformat()))
    elif year is not None:
        if past:  # a day some year has: the reason names the year assumed
            _refuse_in_assumed_year(resolve, year, past[-1], _("the plan's year"))
        return resolve(year)
    if past:
        return max(past)
    # none: the reason (2.30: '2009-02 has 28 days, not 30'), in the year the plan names first
    return resolve(year if year is not None else window.start.year if window is not None else today.year)


def _refuse_in_assumed_year(resolve: Callable[[int], date], year: int, other: date, why: str) -> None:
    """`resolve(year)`; when `year` lacks the day (2月29日 in 2026), DateError naming `year` as the one
    assumed and `why` (the plan's span or year), with `other` (a year that has it) as the way to mean another."""
    try:
        resolve(year)
    except DateError as exc:
        raise DateError(_("{reason} (the year {year} was assumed: {why}; to mean another year, write it: {other})").format(
            reason=exc, year=year, why=why, other=other.isoformat())) from None


def _days_in(resolve: Callable[[int], date], years: range) -> list[date]:
    """`resolve(y)` for each year y of `years` that has such a day."""
    found = []
    for y in years:
        if 1 <= y <= 9999:
            try:
                found.append(resolve(y))
            except DateError:
                continue
    return found


def _ambiguous(cleaned: str, text: str) -> str:
    """Why `text` (numbers only, not year-first) is refused, with its own two readings when it has them:
    `'12.04.2009' … (day first it is 2009-04-12, month first 2009-12-04)`."""
    numbers = re.findall(r"\d+", cleaned)
    readings: list[str | None] = []
    if len(numbers) == 3 and len(numbers[2]) == 4:
        first, second, year = (int(n) for n in numbers)
        for day, month in ((first, second), (second, first)):
            try:
                readings.append(date(year, month, day).isoformat())
            except ValueError:
                readings.append(None)
    if len(readings) == 2 and readings[0] and readings[1] and readings[0] != readings[1]:
        return _("'{text}' is ambiguous: which number is the day, the month or the year depends on where it was "
                 "written (day first it is {day_first}, month first {month_first})").format(
                     text=text, day_first=readings[0], month_first=readings[1])
    if len({r for r in readings if r}) == 1:
        return _("'{text}' is ambiguous: which number is the day, the month or the year depends on where it was "
                 "written (it can only be {day}, but planctl takes numeric days year first only)").format(
                     text=text, day=next(r for r in readings if r))
    return _("'{text}' is ambiguous: which number is the day, the month or the year depends on where it was "
             "written").format(text=text)


def _relative_day(today: date, offset: int, text: str) -> date:
    """`today` moved by `offset` days; DateError past the calendar's ends (9999-12-31, 0001-01-01)."""
    try:
        return today + timedelta(days=offset)
    except OverflowError:
        message = (_("'{text}' has no day: there is none after {today}") if offset > 0
                   else _("'{text}' has no day: there is none before {today}"))
        raise DateError(message.format(text=text, today=today.isoformat())) from None


def _numeric_day(year: int, month: int, day: int, *, text: str) -> date:
    """A year-first day checked as a plan's is (`Point.resolve`): "2009-02 has 28 days, not 29"."""
    _check_month(month, text)
    _check_day(day, text)
    try:
        return Point(year, month, day, day).resolve(None).start
    except DateError as exc:
        raise DateError(_("'{text}' is not a day: {reason}").format(text=text, reason=exc)) from None


def _typed_chinese_day(cleaned: str, text: str, yearless: Callable[[Callable[[int], date]], date]) -> date:
    """A Chinese day (4月12日, 4月底); a text in no form is told the single-day forms, not the periods."""
    hint = _("write one day: {forms}, 2009-04-12 or 2009/4/12 (not a period such as 4月上旬 or 10月份)").format(
        forms=TYPED_CN_FORMS)
    try:
        reading = read_point(cleaned)
    except NotAForm:
        raise DateError(_("cannot read '{text}' as a day").format(text=text), hint=hint) from None
    # Any other DateError (a day or month the calendar lacks: '4月35日' 中没有 35 日) goes up as a plan's does.
    one_day = reading.point.first_day == reading.point.last_day and reading.form in (ISO_DAY, CN)
    try:
        if reading.point.year is not None:
            return parse_date(cleaned, None)
        return yearless(lambda y: parse_date(cleaned, y))
    except DateError as exc:
        if one_day:  # a day its month lacks (2009年2月29日): the reason, as a plan's numeric day gives it
            raise DateError(_("'{text}' is not a day: {reason}").format(text=text, reason=exc)) from None
        raise DateError(str(exc), hint=hint) from None


def _refuse_near_miss(cleaned: str, text: str) -> None:
    """Texts that are nearly a day, each told what it is: a day with a time of day, a day or a
    number with a sign before it (`+1` is not read as tomorrow: a day is named, not counted)."""
    if m := re.fullmatch(rf"({_YEAR_FIRST}){_TIME_OF_DAY}", cleaned):
        raise DateError(_("'{text}' is a day and a time; a day is wanted").format(text=text),
                        hint=_("write the day alone: {day}").format(day=m[1]))
    if m := re.fullmatch(r"([+-])\s*(.+)", cleaned):
        rest = m[2]
        if re.fullmatch(_YEAR_FIRST, rest):
            raise DateError(_("'{text}' has a '{sign}' before the day").format(text=text, sign=m[1]),
                            hint=_("write the day alone: {day}").format(day=rest))
        if rest.isdigit():
            raise DateError(_("'{text}' is a number of days, not a day").format(text=text),
                            hint=_("write the day ({forms})").format(forms=_(TYPED_FORMS)))
    if cleaned.isdigit():
        raise DateError(_("'{text}' is a number, not a day").format(text=text),
                        hint=_("write the year first (2009-04-12); accepted: {forms}").format(forms=_(TYPED_FORMS)))


def plan_day_hint(text: str) -> str:
    """For a window a plan cannot read: the plan's forms of a day typed with / or . as `--today` reads
    it (2026/4/5 → 2026-04-05 or 2026年4月5日; 4/5 → 4月5日 or 4.5); "" when there is none."""
    def iso(m: re.Match[str]) -> str:
        return f"{m['y']}-{int(m['m']):02d}-{int(m['d']):02d}"

    def chinese(m: re.Match[str]) -> str:
        return (f"{m['y']}年" if m["y"] else "") + f"{int(m['m'])}月{int(m['d'])}日"

    with_year = rf"(?P<y>{_Y4})(?P<sep>[/.])(?P<m>{_N2})(?P=sep)(?P<d>{_N2})"
    found = [_("{typed} as {iso} or {chinese}").format(typed=m[0], iso=iso(m), chinese=chinese(m))
             for m in re.finditer(with_year, text)]
    if not found:  # 4/1-4/30: a month and day with a slash (a dotted 4.1 is read as it is)
        month_day = rf"(?<![\d/.])(?P<y>)(?P<m>{_N2})/(?P<d>{_N2})(?![\d/])"
        found = [_("{typed} as {chinese} or {dotted}").format(typed=m[0], chinese=chinese(m), dotted=f"{int(m['m'])}.{int(m['d'])}")
                 for m in re.finditer(month_day, text)]
    return _("; a plan writes {found}").format(found=listed(found)) if found else ""


def _dateutil_day(cleaned: str, text: str, yearless: Callable[[Callable[[int], date]], date]) -> date:
    """python-dateutil reads a day with a month's name; a text without both a month and a day is refused.

    dateutil fills what is missing from a default, so parsing with two defaults that differ in
    month and day shows whether the text gave them itself.
    """
    from datetime import datetime

    from dateutil import parser

    first: datetime | None
    second: datetime | None
    try:  # two leap years, so that Feb 29 without a year is read
        first = parser.parse(cleaned, default=datetime(2000, 1, 1))
        second = parser.parse(cleaned, default=datetime(2004, 2, 2))
    except (ValueError, OverflowError):
        first = second = None
    if first is None or second is None or (first.month, first.day) != (second.month, second.day):
        raise DateError(_("cannot read '{text}' as a day").format(text=text), hint=_("try {forms}").format(forms=_(TYPED_FORMS)))
    if first.year == second.year:
        return first.date()

    def in_year(y: int) -> date:
        try:
            return date(y, first.month, first.day)
        except ValueError as exc:
            raise DateError(str(exc)) from None

    return yearless(in_year)


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
        """`forward 2 months`, `back 3 days` (in the reader's language)."""
        if self.months is not None:
            n = abs(self.months)
            text = (ngettext("forward {n} month", "forward {n} months", n) if self.months > 0
                    else ngettext("back {n} month", "back {n} months", n))
            return text.format(n=n)
        n = abs(self.days)
        text = ngettext("forward {n} day", "forward {n} days", n) if self.days > 0 else ngettext("back {n} day", "back {n} days", n)
        return text.format(n=n)


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
    if reading.form is DOTTED:
        return Written(f"{day.year}.{day.month}.{day.day}" if with_year else f"{day.month}.{day.day}",
                       day.year if with_year else None, day.month)
    day_word = reading.day_word or DAY_WORDS[0]
    n = reading.numerals
    if reading.form is DAY_ONLY and start is not None and not with_year and day.month == start.month:
        return Written(f"{write_number(day.day, n)}{day_word}", None, day.month)
    prefix = f"{write_number(day.year, n, year=True)}年" if with_year else ""
    return Written(f"{prefix}{write_number(day.month, n)}月{write_number(day.day, n)}{day_word}",
                   day.year if with_year else None, day.month)


def write_month(year: int, month: int, reading: Reading, with_year: bool) -> Written:
    """A month (or the same part of it: 上旬, 底, …) in the style of `reading`."""
    if reading.form is ISO_MONTH:
        return Written(f"{year:04d}-{month:02d}", year, month)
    if reading.form is PART_ONLY:
        return Written(reading.part or "", None, month)
    n = reading.numerals
    prefix = f"{write_number(year, n, year=True)}年" if with_year else ""
    if reading.form is BARE_MONTH:
        return Written(f"{prefix}{write_number(month, n)}", year if with_year else None, month)
    return Written(f"{prefix}{write_number(month, n)}{reading.month_word}{reading.part or ''}",
                   year if with_year else None, month)


def write_unit(year: int, month: int, reading: Reading, with_year: bool) -> Written:
    """The quarter, half-year or year holding `month` (or its end: 一季度末, 年底), in the style of
    `reading`'s template (第{U}季度, Q{u}, {u}半年, {y}年 …: {U} a Chinese numeral, {u} a digit or 上/下)."""
    index = (month - 1) // reading.form.span + 1
    number = "上下"[index - 1] if reading.form.span == 6 else str(index)
    text = reading.template.replace("{u}", number).replace("{U}", QUARTER_NUMERALS[min(index, 4) - 1])
    if "{y}" in text:
        text = text.replace("{y}", str(year))
    elif with_year:
        text = f"{year}{text}" if text.startswith("年") else f"{year}年{text}"
    return Written(text, year if with_year or "{y}" in reading.template else None, month)


def write_range(first: Written, second: Written, iso: bool) -> str:
    return f"{first.text}..{second.text}" if iso else f"{first.text}至{second.text}"


class Mover:
    """Rewrites written windows for one move; `context` is the plan's `year` after the move."""

    __slots__ = ("move", "old_year", "context", "week1_moves")

    def __init__(self, move: Move, old_year: int | None, context: int | None, week1_moves: bool = False) -> None:
        self.move = move
        self.old_year = old_year
        self.context = context
        self.week1_moves = week1_moves  # the plan's `week1:` moves too (a whole-plan shift): 第N周 stays 第N周

    def window(self, spec: WhenSpec) -> str:
        """The text of `spec` moved, in the same forms where they still mean the same; CannotMove if unsure."""
        cut = cut_window(spec.text)
        if cut.open_end or cut.approx:
            return cut.join([self._one_end(cut.parts[0], spec)])
        if cut.deadline:
            reading = self._reading(cut.parts[0], spec.end, None, spec)
            if reading.form.week:
                return cut.join([self._weeks(reading, spec, "end")])
            return cut.join([self._point(reading, self.old_year, "end", self.context, None).text])
        if len(cut.parts) == 1:
            assert spec.start is not None
            reading = self._reading(cut.parts[0], spec.start, None, spec)
            return cut.join([self._weeks(reading, spec) if reading.form.week else self._single(reading)])
        if len(cut.parts) != 2 or spec.start is None:
            raise _cannot(spec)
        start = self._reading(cut.parts[0], spec.start, None, spec, before_end=True)
        end = self._reading(cut.parts[1], spec.end, spec.start.month, spec)
        if start.form.week or end.form.week:
            return cut.join(self._week_range(start, end, spec))
        old_end_year = spec.end.year or spec.start.year or self.old_year
        moved = self.move.window(Window(start.point.resolve(self.old_year).start, end.point.resolve(old_end_year).end))
        first = self._point(start, self.old_year, "start", self.context, None, moved.start)
        second = self._point(end, old_end_year, "end", first.year or self.context, first, moved.end)
        return cut.join([first.text, second.text])

    def _week_range(self, start: Reading, end: Reading, spec: WhenSpec) -> list[str]:
        """A range with a week at either end: each end moved alone (a week, or a day where weeks do not fit)."""
        first = self._weeks(start, spec, "start") if start.form.week else \
            self._point(start, self.old_year, "start", self.context, None).text
        # an end after an ISO week (2026-W01..1月25日) takes the year written on the week (or its ISO days)
        context = int(first[:4]) if start.form is ISO_WEEK else self.context
        old_year = spec.end.year or (spec.start.year if spec.start is not None else None) or self.old_year
        second = self._weeks(end, spec, "end") if end.form.week else \
            self._point(end, old_year, "end", context, None).text
        return [first, second]

    def _one_end(self, part: str, spec: WhenSpec) -> str:
        """The point of an open window (its start) or an approximate one (its day), moved."""
        if spec.approx and spec.end.month == 0:  # 28日前后, in its parent's month: kept by a whole-month move
            if self.move.months is None:
                raise _cannot(spec)
            return part
        reading = self._reading(part, spec.end, None, spec)
        if reading.form.week:
            return self._weeks(reading, spec, "start")
        return self._point(reading, self.old_year, "start", self.context, None).text

    def _weeks(self, reading: Reading, spec: WhenSpec, role: str = "whole") -> str:
        """A week form moved: 第N周 kept when `week1:` moves with it, else renumbered by whole weeks (else
        CannotMove); an ISO week renumbered by whole weeks (across New Year too), else written as ISO
        days: its `role` says which (the whole window `a..b`, its first day or its last)."""
        point = reading.point
        days = self.move.days if not self.move.months else None  # Move(0, 0): a move by nothing
        if point.week == "school":
            if self.week1_moves:
                return reading.text
            if days is None or days % 7:
                raise _cannot(spec)
            return _renumbered(reading.text, days // 7)
        moved = self.move.window(point.resolve(point.year))
        if days is not None and days % 7 == 0:
            year, first, _ = moved.start.isocalendar()
            last = moved.end.isocalendar()
            if last[0] == year:
                return f"{year}-W{first:02d}" + (f"-W{last[1]:02d}" if point.last_day != point.first_day else "")
        # One end alone moves as a day does (a deadline `2026-W14以前` moved a month is the 5th of May,
        # its Sunday moved), not as that end of the whole week moved (a month on from its Monday, + 6).
        if role == "start":
            return self.move.day(point.resolve(point.year).start).isoformat()
        if role == "end":
            return self.move.day(point.resolve(point.year).end).isoformat()
        return f"{moved.start.isoformat()}..{moved.end.isoformat()}"

    def _reading(self, part: str, point: Point, default_month: int | None, spec: WhenSpec,
                 before_end: bool = False) -> Reading:
        """The part read again: it must mean what the plan read (else the cut is not understood)."""
        try:
            reading = read_point(part, default_month=default_month, before_end=before_end)
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
        if reading.form.span > 1:
            return self._unit_point(reading, old, role, context, start)
        if self.move.months is not None and reading.names_month_part:
            year, month = add_months(old.start.year, old.start.month, self.move.months)
            return write_month(year, month, reading, self._needs_year(reading.point, year, context))
        day = moved or self.move.day(old.start if role == "start" else old.end)
        return write_day(day, reading, self._needs_year(reading.point, day.year, context), start)

    def _unit_point(self, reading: Reading, old: Window, role: str, context: int | None,
                    start: Written | None) -> Written:
        """A quarter, half-year or year (or its end) as one end of a window: the same form after a move
        by whole units, a month (or 月底/月初) after another whole-month move, else a day."""
        day = old.start if role == "start" else old.end
        months = self.move.months
        if months is not None and months % reading.form.span == 0:
            year, month = add_months(day.year, day.month, months)
            return write_unit(year, month, reading, self._needs_year(reading.point, year, context))
        if months is not None:
            year, month = add_months(day.year, day.month, months)
            as_month = Reading(reading.point, CN, "", reading.part or _year_part(reading.point))
            return write_month(year, month, as_month, self._needs_year(reading.point, year, context))
        moved = self.move.day(day)
        return write_day(moved, Reading(reading.point, CN, DAY_WORDS[0], None),
                         self._needs_year(reading.point, moved.year, context), start)

    def _single(self, reading: Reading) -> str:
        """One written point: kept as a point when it still means one, else a range of days."""
        old = reading.point.resolve(self.old_year)
        if reading.form.span > 1 and old.start != old.end:
            return self._unit_single(reading, old)
        if self.move.months is not None and reading.names_month_part or old.start == old.end:
            return self._point(reading, self.old_year, "start", self.context, None).text
        first_day, last_day = self.move.day(old.start), self.move.day(old.end)
        as_day = Reading(reading.point, ISO_DAY if reading.form.iso else CN, DAY_WORDS[0], None)
        as_day.numerals = reading.numerals
        first = write_day(first_day, as_day, self._needs_year(reading.point, first_day.year, self.context))
        second = write_day(last_day, as_day, last_day.year != (first.year or self.context))
        return write_range(first, second, reading.form.iso)

    def _unit_single(self, reading: Reading, old: Window) -> str:
        """A written quarter, half-year or year: the same form after a move by whole units, else a range
        of months (一季度 + 1 month → 2月至4月) or of days."""
        if self.move.months is not None and self.move.months % reading.form.span == 0:
            return self._point(reading, self.old_year, "start", self.context, None).text
        first = self._unit_point(reading, old, "start", self.context, None)
        second = self._unit_point(reading, old, "end", first.year or self.context, first)
        return write_range(first, second, False)


def _renumbered(text: str, weeks: int) -> str:
    """第3-4周 with every week number moved by `weeks`."""
    if any(not 0 <= int(n) + weeks <= 53 for n in re.findall(r"\d+", text)):
        raise CannotMove(_("'{text}' would move past 第0周 or 第53周; change it by hand").format(text=text))
    return re.sub(r"\d+", lambda m: str(int(m[0]) + weeks), text)


def _year_part(point: Point) -> str | None:
    """月底 or 月初 for a one-day point of a unit (年底, 一季度末, 年初), None for a span of months."""
    if point.last_month is not None:
        return None
    return "初" if point.first_day == 1 else "底"


def _cannot(spec: WhenSpec) -> CannotMove:
    return CannotMove(_("cannot rewrite the window '{text}' safely; change it by hand").format(text=spec.text))
