"""How a task repeats inside its window (`repeat:`): the one owner of that grammar and of the
occurrences it makes. Pure; nothing here reads the clock.

A recurrence is a period (N weeks, N months, a quarter, a year) and, inside each period, the days
of one occurrence (docs/plan-format.md "Recurring tasks" lists every spelling):

- daily: 每天 / 每日 / daily (each day; 每两天: every second day from the window's start).
- weekly: 每周一 / every monday (that day),
  每周五前 (the week's Monday to Friday, a deadline), 每两周周三 / every 2 weeks on wednesday, 每周 / weekly
  (the whole week, Monday to Sunday). Weeks are counted from the week holding the window's start.
- monthly: 每月15日 / monthly on the 15th (that day), 每月5日前 / monthly by the 5th (the 1st to the
  5th), 每月底前 (the whole month, a deadline at its end),
  每月下旬 / monthly late (a dekad, as dates.MONTH_PARTS bounds it), 每月底 / monthly at the
  end, 每月 / monthly (the whole month); 每两个月 / every 2 months (the whole two months, counted from the
  window's month); 每月第一个周一 / monthly on the first monday, 每月最后一个周五 / every month on the last
  friday (the month's nth or last such weekday).
- each dekad (旬): 每旬 / every dekad (days 1-10, 11-20, 21 to the month's end, each a stretch).
- quarterly (calendar quarters): 每季度末月28日前后 / quarterly, last month, around the 28th;
  每季度初月20日前后 / quarterly, first month, around the 20th; 每季度末 / quarterly at the end (the
  quarter's last day); 每季度 / quarterly (the whole calendar quarter).
- half-yearly: 每半年 / half-yearly (the calendar half-year, January to June, July to December).
- yearly: 每年12月 / yearly in december (the month), 每年12月31日前 / 每年12月底前 / yearly by december 31, 每年 /
  yearly (the whole calendar year).

前后 / 左右 (around) makes a day approximate: its occurrence runs APPROX_DAYS either side.

Both ends of the task's window hold occurrences by one rule (docs/plan-format.md "Recurring
tasks"): a stretch (`Recurrence.is_span`: 每周, 每月, 每月下旬, 每季度, 每半年, 每年) belongs when it
overlaps the window and is cut to it at either end (a stretch cut at the window's end is due on the
window's last day; `Series.cut` names the cut ones, which `check` warns of); a day, a deadline or a
day give or take (每周一, 每月5日前, 每季度末月28日前后) belongs when its day lies in the window, and its
days start no earlier than the window (an approximate one keeps its spread).
The window is always bounded (dates.py ends a window written 起 at its
parent's or the plan's end), and MAX_OCCURRENCES bounds what one task may make, so nothing here
makes an unbounded list. `Series` gives the occurrences by index without building them all: the
morning view needs only those around one day.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from datetime import date, timedelta
from typing import NamedTuple

from planctl.format.dates import DEKADS, MONTH_PARTS, DateError, Window, number, split_periods
from planctl.i18n import _, is_chinese, listed

# The spread of a day written 前后/左右, in days either side. dates.py is gaining its own constant
# for 前后 in `when:` (issue 15's sibling); this one should become that one when it lands.
APPROX_DAYS = 3
MAX_OCCURRENCES = 2000  # what one task may make (a daily-sized list over years is a mistake)

DAY = "day"
WEEK = "week"
DEKAD = "dekad"  # 旬: days 1-10, 11-20, 21 to the month's end (dates.MONTH_PARTS), three to a month
MONTH = "month"
LAST = -1  # `nth` of the month's last such weekday (每月最后一个周五)

WEEKDAYS_CN = "一二三四五六日"
WEEKDAYS_EN = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS_EN = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
             "november", "december")
EXAMPLES_CN = ("每周一", "每两周周三", "每月5日前", "每月15日", "每月下旬", "每月第一个周一", "每月最后一个周五", "每旬",
               "每季度末月28日前后", "每季度初月20日前后", "每季度末", "每年12月")
EXAMPLES_EN = ("every monday", "every 2 weeks on wednesday", "monthly by the 5th", "monthly late",
               "monthly on the first monday", "quarterly, last month, around the 28th", "yearly in december")
EXAMPLES = EXAMPLES_CN + EXAMPLES_EN


class Recurrence(NamedTuple):
    """A parsed `repeat:`. Periods are `step` weeks (unit WEEK) or `step` months (unit MONTH; a
    step of 3, 6 or 12 follows the calendar's quarters, half-years and years). In a period:
    `weekday` (0 Monday; None: the whole period) for weeks; for months, month `month` of the period
    (1-based), days `first`..`last` (None: the month's last day), from the month's 1st when
    `deadline`, give or take `approx` days; `whole`: every day of the period (month is then 1)."""

    text: str
    unit: str  # DAY, WEEK or MONTH
    step: int
    weekday: int | None = None  # with `deadline`: the week's Monday to that day (每周五前)
    month: int = 1
    first: int | None = 1
    last: int | None = None
    deadline: bool = False
    approx: int = 0
    whole: bool = False  # the whole period (每季度, 每两个月, 每年): its first month's 1st to its last month's end
    nth: int | None = None  # with `weekday`, for months: the month's nth such weekday (1-5), or LAST

    @property
    def is_span(self) -> bool:
        """Whether each occurrence is a stretch of days to work through (a week, a month, a dekad, a
        quarter), not one day, a day give or take (前后) or a deadline (5日前): a quota that repeats
        so is paced by default (status/quotas.py `paced`)."""
        if self.unit == DAY or self.nth is not None:
            return False
        if self.unit in (WEEK, DEKAD):
            return self.weekday is None
        return self.whole or (not self.deadline and not self.approx and self.first != self.last)


class Occurrence(NamedTuple):
    """One occurrence: its days, and its day (the day named; the last of its days otherwise, after
    the window's cut), which names it (`key`) and is its deadline."""

    window: Window
    day: date

    @property
    def key(self) -> str:
        return self.day.isoformat()


# --- reading ----------------------------------------------------------------------------------

_NUM = r"[\d〇一二两三四五六七八九十]+"
_CN_HEAD = rf"每\s*(?:(?P<n>{_NUM})\s*)?(?:个\s*)?(?P<u>周|星期|礼拜|月|季度|季|半年|年|天|日|旬)"
_CN_WEEKDAY = rf"(?:的\s*)?(?:周|星期|礼拜)?\s*(?P<wd>[{WEEKDAYS_CN}天])\s*(?P<rel>以前|之前|前)?"
_CN_DAY = r"(?P<d>[\d〇一二三四五六七八九十]+)\s*[日号]\s*(?P<rel>以前|之前|前后|左右|前)?"
_CN_MONTH_END_BY = r"(?:底|末)\s*(?:以前|之前|前)"  # 每月底前, 每年12月底前: the whole month, a deadline at its end
_CN_PART = rf"(?P<part>{'|'.join(sorted(MONTH_PARTS, key=len, reverse=True))})"
_CN_QMONTH = r"(?P<qm>初月|首月|第一个月|末月|最后一个月|第[一二三123]个月)"
_CN_QUARTER_EDGE = r"(?P<edge>末|底|初)"
_CN_YEAR_MONTH = rf"(?P<m>{_NUM})\s*月(?:份)?"
# 第一个周一, 第1个星期一, 首个周一, 第一周周一 (the month's first Monday), 最后一个周五, 最后一周周五
_CN_NTH_WEEKDAY = (rf"(?:的)?(?:第(?P<n>[一二三四五12345])(?:个|周的?)|(?P<first>首个)|(?P<last>最后一个|最后一周的?))"
                   rf"(?:周|星期|礼拜)(?P<wd>[{WEEKDAYS_CN}天])")
_EN_NTH = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": LAST}

_EN_COUNT = {"other": 2, "two": 2, "three": 3, "four": 4}
_EN_ADVERBS = {"weekly": ("week", 1), "biweekly": ("week", 2), "fortnightly": ("week", 2), "monthly": ("month", 1),
               "quarterly": ("quarter", 1), "yearly": ("year", 1), "annually": ("year", 1),
                "half-yearly": ("month", 6), "semiannually": ("month", 6)}
_EN_HEAD = (r"(?:every\s+(?:(?P<n>\d+|other|two|three|four)\s+)?(?P<u>weeks?|months?|quarters?|years?)"
            r"|(?P<adv>weekly|biweekly|fortnightly|monthly|quarterly|half-yearly|semiannually|yearly|annually))")
_EN_WEEKDAY_HEAD = rf"every\s+(?:(?P<other>other)\s+)?(?P<wd>{'|'.join(WEEKDAYS_EN)})"
_EN_DAY = r"(?:(?P<rel>on|by|before|around|about)\s+)?(?:the\s+)?(?P<d>\d{1,2})(?:st|nd|rd|th)?"
_EN_PARTS = {"early": (1, 10), "mid": (11, 20), "late": (21, None), "first dekad": (1, 10), "second dekad": (11, 20),
             "last dekad": (21, None), "start": (1, 1), "end": (None, None)}
_EN_PART = rf"(?:(?:in|at)\s+)?(?:the\s+)?(?P<part>{'|'.join(sorted(_EN_PARTS, key=len, reverse=True))})(?:\s+of\s+the\s+month)?"
_EN_QMONTH = r"(?:in\s+)?(?:the\s+)?(?P<qm>first|last)\s+month"
_EN_MONTH = rf"(?:in|on|by|before|around)?\s*(?P<m>{'|'.join(MONTHS_EN)})"


def parse_repeat(text: str) -> Recurrence:
    """Read a `repeat:` value (Chinese or English; see the module's docstring). DateError with a
    hint naming the forms when it cannot."""
    cleaned = re.sub(r"[\s,，、]+", " ", text.strip().lower()).strip()
    if not cleaned:
        raise DateError(_("empty repeat"), hint=_hint())
    try:
        rec = _chinese(text, cleaned.replace(" ", "")) if cleaned.startswith("每") else _english(text, cleaned)
    except DateError:
        raise
    except (ValueError, KeyError):
        rec = None
    if rec is None:
        raise DateError(_("cannot read '{text}' as a repeat").format(text=text.strip()), hint=_hint())
    _check(rec, text)
    return rec


def _hint() -> str:
    """The forms to write; under Chinese only the Chinese ones (the English ones are read too, but a Chinese
    reader needs none of them: issue 17)."""
    if is_chinese():
        return _("write it like {chinese}").format(chinese=listed(EXAMPLES_CN))
    return _("write it like {chinese}; or in English: {english}").format(chinese=listed(EXAMPLES_CN),
                                                                        english=listed(EXAMPLES_EN))


def _check(rec: Recurrence, text: str) -> None:
    if rec.step < 1 or (rec.unit == MONTH and rec.step > 12) or (rec.unit != MONTH and rec.step > 52):
        message = (_("'{text}': cannot repeat every {step} weeks") if rec.unit == WEEK
                   else _("'{text}': cannot repeat every {step} days") if rec.unit == DAY
                   else _("'{text}': cannot repeat every {step} months"))
        raise DateError(message.format(text=text.strip(), step=rec.step), hint=_hint())
    for day in (rec.first, rec.last):
        if day is not None and not 1 <= day <= 31:
            raise DateError(_("'{text}': no day {day} in a month").format(text=text.strip(), day=day), hint=_hint())
    if rec.unit == MONTH and not 1 <= rec.month <= rec.step:
        raise DateError(_("'{text}': no month {month} in a period of {step} months").format(
            text=text.strip(), month=rec.month, step=rec.step), hint=_hint())
    if rec.unit == MONTH and rec.step % 12 == 0 and not rec.whole:  # a yearly day names one month's day
        longest = calendar.monthrange(2024, rec.month)[1]  # a leap year: 2月29日 is a day (28 Feb otherwise)
        for day in (rec.first, rec.last):
            if day is not None and day > longest:
                raise DateError(_("'{text}': there is no {month}月{day}日 (that month has at most {longest} days)").format(
                    text=text.strip(), month=rec.month, day=day, longest=longest),
                    hint=_("write the month's last day, or 每月31日 for each month's end"))


def _days(rel: str | None, day: int) -> dict[str, object]:
    """The fields of a named day and its relation (前: a deadline; 前后/around: approximate)."""
    if rel in ("前", "以前", "之前", "by", "before"):
        return {"first": 1, "last": day, "deadline": True}
    return {"first": day, "last": day, "approx": APPROX_DAYS if rel in ("前后", "左右", "around", "about") else 0}


def _part(word: str, parts: dict[str, tuple[int | None, int | None]]) -> dict[str, object]:
    first, last = parts[word]
    return {"first": first, "last": last}


def _chinese(text: str, s: str) -> Recurrence | None:
    m = re.match(_CN_HEAD, s)
    if m is None:
        return None
    n = number(m["n"].replace("两", "二"), text) if m["n"] else 1
    rest = s[m.end():]
    unit = m["u"]
    if unit in ("天", "日"):  # 每天 / 每日: every day (每两天: every second day from the window's start)
        return Recurrence(text, DAY, n) if not rest else None
    if unit == "旬":  # 每旬: each dekad of each month, a stretch due on its last day
        return Recurrence(text, DEKAD, 1) if n == 1 and not rest else None
    if unit in ("周", "星期", "礼拜"):
        if not rest:
            return Recurrence(text, WEEK, n)
        w = re.fullmatch(_CN_WEEKDAY, rest)
        return None if w is None else Recurrence(text, WEEK, n, weekday=WEEKDAYS_CN.index(w["wd"].replace("天", "日")),
                                                 deadline=bool(w["rel"]))
    if unit == "月":
        if not rest:
            return _whole(text, n)
        if w := re.fullmatch(_CN_NTH_WEEKDAY, rest):
            nth = LAST if w["last"] else 1 if w["first"] else "一二三四五".find(w["n"]) + 1 or int(w["n"])
            return Recurrence(text, MONTH, n, weekday=WEEKDAYS_CN.index(w["wd"].replace("天", "日")), nth=nth,
                              first=None)
        fields = _cn_month_days(rest)
        return None if fields is None else Recurrence(text, MONTH, n, **fields)  # type: ignore[arg-type]
    if unit in ("季度", "季"):
        return _cn_quarter(text, n, rest)
    if unit == "半年":  # 每半年: the calendar half-year (January to June, July to December)
        return _whole(text, 6) if n == 1 and not rest else None
    if not rest:
        return _whole(text, 12 * n)
    y = re.match(_CN_YEAR_MONTH, rest)
    if y is None:
        return None
    month = number(y["m"], text)
    if not 1 <= month <= 12:
        raise DateError(_("'{text}': no month {month}").format(text=text.strip(), month=month), hint=_hint())
    fields = _cn_month_days(rest[y.end():])
    return None if fields is None else Recurrence(text, MONTH, 12 * n, month=month, **fields)  # type: ignore[arg-type]


def _whole(text: str, months: int) -> Recurrence:
    """Every day of a period of `months` months (每季度 / quarterly: the calendar quarter)."""
    return Recurrence(text, MONTH, months, month=1, first=1, last=None, whole=True)


def _cn_month_days(rest: str) -> dict[str, object] | None:
    """The days in a month after 每月 / 每年N月 / 每季度末月: 15日, 5日前, 28日前后, 下旬, 底, or nothing."""
    if not rest:
        return {}
    if d := re.fullmatch(_CN_DAY, rest):
        return _days(d["rel"], number(d["d"], d["d"]))
    if re.fullmatch(_CN_MONTH_END_BY, rest):
        return {"first": 1, "last": None, "deadline": True}
    if p := re.fullmatch(_CN_PART, rest):
        return _part(p["part"], MONTH_PARTS)
    return None


def _cn_quarter(text: str, n: int, rest: str) -> Recurrence | None:
    if n != 1:
        return None
    if e := re.fullmatch(_CN_QUARTER_EDGE, rest):  # 每季度末: the quarter's last day; 每季度初: its first
        return Recurrence(text, MONTH, 3, month=3, first=None, last=None) if e["edge"] != "初" else \
            Recurrence(text, MONTH, 3, month=1, first=1, last=1)
    q = re.match(_CN_QMONTH, rest)
    if q is None:
        return _whole(text, 3) if not rest else None
    word = q["qm"]
    month = 1 if word in ("初月", "首月", "第一个月") else 3 if word in ("末月", "最后一个月") else \
        number(word[1], text) if word[1] in "一二三" else int(word[1])
    fields = _cn_month_days(rest[q.end():])
    return None if fields is None else Recurrence(text, MONTH, 3, month=month, **fields)  # type: ignore[arg-type]


def _english(text: str, s: str) -> Recurrence | None:
    if s in ("daily", "every day"):
        return Recurrence(text, DAY, 1)
    if s in ("every dekad", "each dekad"):
        return Recurrence(text, DEKAD, 1)
    if w := re.fullmatch(_EN_WEEKDAY_HEAD, s):
        return Recurrence(text, WEEK, 2 if w["other"] else 1, weekday=WEEKDAYS_EN.index(w["wd"]))
    m = re.match(_EN_HEAD, s)
    if m is None:
        return None
    if m["adv"]:
        unit, n = _EN_ADVERBS[m["adv"]]
        if n == 6:  # half-yearly: the calendar half-year, as 每半年
            return _whole(text, 6) if not s[m.end():].strip() else None
    else:
        unit = m["u"].rstrip("s")
        n = (_EN_COUNT.get(m["n"]) or int(m["n"])) if m["n"] else 1
    rest = s[m.end():].strip()
    rest = re.sub(r"^(?:on|in|at)\s+(?=(?:" + "|".join(WEEKDAYS_EN) + r")\b)", "", rest)
    if unit == "week":
        if not rest:
            return Recurrence(text, WEEK, n)
        w = re.fullmatch(rf"(?:on\s+)?(?P<wd>{'|'.join(WEEKDAYS_EN)})", rest)
        return None if w is None else Recurrence(text, WEEK, n, weekday=WEEKDAYS_EN.index(w["wd"]))
    if unit == "month":
        if not rest:
            return _whole(text, n)
        nth = re.fullmatch(rf"(?:on\s+)?(?:the\s+)?(?P<nth>{'|'.join(_EN_NTH)})\s+(?P<wd>{'|'.join(WEEKDAYS_EN)})", rest)
        if nth is not None:
            return Recurrence(text, MONTH, n, weekday=WEEKDAYS_EN.index(nth["wd"]), nth=_EN_NTH[nth["nth"]], first=None)
        fields = _en_month_days(rest)
        return None if fields is None else Recurrence(text, MONTH, n, **fields)  # type: ignore[arg-type]
    if unit == "quarter":
        return _en_quarter(text, n, rest)
    return _en_year(text, n, rest)


def _en_month_days(rest: str) -> dict[str, object] | None:
    if not rest:
        return {}
    if d := re.fullmatch(_EN_DAY, rest):
        return _days(d["rel"], int(d["d"]))
    if p := re.fullmatch(_EN_PART, rest):
        return _part(p["part"], _EN_PARTS)
    return None


def _en_quarter(text: str, n: int, rest: str) -> Recurrence | None:
    if n != 1:
        return None
    if not rest:
        return _whole(text, 3)
    if re.fullmatch(r"(?:at\s+)?(?:the\s+)?end", rest):
        return Recurrence(text, MONTH, 3, month=3, first=None, last=None)
    if re.fullmatch(r"(?:at\s+)?(?:the\s+)?start", rest):
        return Recurrence(text, MONTH, 3, month=1, first=1, last=1)
    q = re.match(_EN_QMONTH, rest)
    if q is None:
        return None
    fields = _en_month_days(rest[q.end():].strip())
    month = 1 if q["qm"] == "first" else 3
    return None if fields is None else Recurrence(text, MONTH, 3, month=month, **fields)  # type: ignore[arg-type]


def _en_year(text: str, n: int, rest: str) -> Recurrence | None:
    if not rest:
        return _whole(text, 12 * n)
    y = re.match(_EN_MONTH, rest)
    if y is None:
        return None
    month = MONTHS_EN.index(y["m"]) + 1
    tail = rest[y.end():].strip()
    lead = re.match(r"(by|before|around|about)\b", rest)
    if tail and lead:
        tail = f"{lead[1]} {tail}"
    fields = _en_month_days(tail) if tail else {}
    return None if fields is None else Recurrence(text, MONTH, 12 * n, month=month, **fields)  # type: ignore[arg-type]


# --- occurrences -----------------------------------------------------------------------------


def quota_periods(rec: Recurrence, window: Window) -> list[Window]:
    """The periods of a quota that repeats (`repeat:` on a quota): one per occurrence in `window`, in
    order, each with the quota's whole target. A repeat that names a stretch of days (`is_span`: 每周,
    每月, 每月下旬) counts within each stretch, cut to the window at either end (still the whole target).
    One that names a day or a deadline (每周一, 每月5日前,
    每季度末月28日前后) runs each period from the day after the previous one's end (the first from the
    window's start) to its occurrence's last day, as a deadline in a list of `periods` does
    (dates.resolve_periods): work logged before the day counts for it, and nothing falls between two
    periods. DateError when the window makes more than MAX_OCCURRENCES."""
    periods: list[Window] = []
    for occurrence in Series(rec, window).all():
        days = occurrence.window
        if not rec.is_span:
            days = Window(periods[-1].end + timedelta(days=1) if periods else min(window.start, days.start), days.end)
        periods.append(days)
    return periods


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _month_days(index: int, first: int | None, last: int | None) -> Window:
    year, month0 = divmod(index, 12)
    length = calendar.monthrange(year, month0 + 1)[1]
    start = length if first is None else min(first, length)
    end = length if last is None else min(last, length)
    return Window(date(year, month0 + 1, start), date(year, month0 + 1, end))


def periods_in(repeat: Recurrence | None, period: str, weeks: str, window: Window | None) -> list[Window]:
    """A quota's periods in `window` (not for a list of `periods`, which dates.resolve_periods
    resolves): one per occurrence of its `repeat` (`quota_periods`; none when it makes too many:
    validate.py says so), else its `period` cut as dates.split_periods cuts it, by `weeks` (the
    quota's own, else the plan's)."""
    if window is None:
        return []
    if repeat is not None:
        try:
            return quota_periods(repeat, window)
        except DateError:
            return []
    return split_periods(window, period, weeks)


def _nth_weekday(index: int, weekday: int, nth: int) -> date:
    """The `nth` (1-5, or LAST) `weekday` (0 Monday) of month `index` (year*12+month-1); a fifth one
    the month lacks is its last (每月第五个周五 in a month of four Fridays: the fourth), as a day a month
    lacks is its last day."""
    month = _month_days(index, 1, None)
    first = month.start + timedelta(days=(weekday - month.start.weekday()) % 7)
    last = month.end - timedelta(days=(month.end.weekday() - weekday) % 7)
    if nth == LAST:
        return last
    return min(first + timedelta(weeks=nth - 1), last)


class Series:
    """The occurrences of `rec` in `window`, numbered 0..count-1 and made only when asked for.

    Periods are numbered by an absolute period number p (weeks: from the Monday of the window's
    start; months: the month index year*12+month-1 divided by the step, calendar-aligned for 3, 6,
    12). Occurrence i is period `first + i`. DateError when the window would make more than
    MAX_OCCURRENCES."""

    __slots__ = ("rec", "window", "_origin", "first", "count", "_made", "_ordinals")

    def __init__(self, rec: Recurrence, window: Window) -> None:
        self.rec = rec
        self.window = window
        self._made: dict[int, Occurrence] = {}  # occurrences made so far, by index
        self._ordinals: tuple[Sequence[int], Sequence[int], Sequence[int]] | None = None
        if rec.unit == DAY:
            self._origin = window.start.toordinal()
        elif rec.unit == DEKAD:
            self._origin = 0
        elif rec.unit == WEEK:
            self._origin = window.start.toordinal() - window.start.weekday()
        else:
            self._origin = 0 if rec.step in (3, 6, 12) else _month_index(window.start)
        first = self._period_of(window.start)
        if self._day_of(first) < window.start.toordinal():
            first += 1
        last = self._period_of(window.end)
        if self._last_outside(last):
            last -= 1
        self.first = first
        self.count = max(0, last - first + 1)
        if self.count > MAX_OCCURRENCES:
            raise DateError(_("'{text}' in {window} makes {count} occurrences, more than {most}").format(
                text=rec.text.strip(), window=window.iso(), count=self.count, most=MAX_OCCURRENCES),
                            hint=_("shorten its window (when:)"))

    def _last_outside(self, p: int) -> bool:
        """Whether period p (the one holding the window's end) has no occurrence in the window: a
        stretch (`is_span`) when it starts after the window's end, any other when its day does."""
        if self.rec.is_span:
            return self._nominal(p).window.start > self.window.end
        return self._day_of(p) > self.window.end.toordinal()

    def cut(self) -> list[Occurrence]:
        """The stretches (`is_span`) the window cuts short, nominal (before the cut): the first when it
        starts before the window, the last when it ends after it (`check` warns of them)."""
        if not self.rec.is_span or not self.count:
            return []
        ends = [(0, self._nominal(self.first))]
        if self.count > 1:
            ends.append((self.count - 1, self._nominal(self.first + self.count - 1)))
        return [occ for i, occ in ends
                if (i == 0 and occ.window.start < self.window.start)
                or (i == self.count - 1 and occ.window.end > self.window.end)]

    def _period_of(self, day: date) -> int:
        if self.rec.unit == DAY:
            return (day.toordinal() - self._origin) // self.rec.step
        if self.rec.unit == WEEK:
            return (day.toordinal() - self._origin) // (7 * self.rec.step)
        if self.rec.unit == DEKAD:
            return _month_index(day) * 3 + min(day.day - 1, 20) // 10
        return (_month_index(day) - self._origin) // self.rec.step

    def _day_of(self, p: int) -> int:
        """The day (ordinal) of period p's occurrence."""
        rec = self.rec
        if rec.unit == DAY:
            return self._origin + p * rec.step
        if rec.unit == WEEK:
            stride = 7 * rec.step
            return self._origin + p * stride + (stride - 1 if rec.weekday is None else rec.weekday)
        return self._nominal(p).day.toordinal()

    def _nominal(self, p: int) -> Occurrence:
        """Occurrence of period p before cutting to the window."""
        rec = self.rec
        if rec.unit == DAY:
            day = date.fromordinal(self._origin + p * rec.step)
            return Occurrence(Window(day, day), day)
        if rec.unit == DEKAD:
            month, dekad = divmod(p, 3)
            first, last = MONTH_PARTS[DEKADS[dekad]]
            days = _month_days(month, first, last)
            return Occurrence(days, days.end)
        if rec.unit == WEEK:
            start = date.fromordinal(self._origin + p * 7 * rec.step)
            if rec.weekday is None:
                window = Window(start, start + timedelta(days=7 * rec.step - 1))
                return Occurrence(window, window.end)
            day = start + timedelta(days=rec.weekday)
            return Occurrence(Window(start if rec.deadline else day, day), day)
        month = self._origin + p * rec.step + rec.month - 1
        if rec.whole:
            days = Window(_month_days(month, 1, 1).start, _month_days(month + rec.step - 1, None, None).end)
            return Occurrence(days, days.end)
        if rec.nth is not None and rec.weekday is not None:
            day = _nth_weekday(month, rec.weekday, rec.nth)
            return Occurrence(Window(day, day), day)
        days = _month_days(month, rec.first, rec.last)
        if rec.deadline:
            days = Window(days.start.replace(day=1), days.end)
        if rec.approx:
            spread = timedelta(days=rec.approx)
            return Occurrence(Window(days.start - spread, days.end + spread), days.end)
        return Occurrence(days, days.end)

    def ordinals(self) -> tuple[Sequence[int], Sequence[int], Sequence[int]]:
        """(first days, last days, days) of every occurrence as ordinals, each list in order."""
        return self._table()

    def _table(self) -> tuple[Sequence[int], Sequence[int], Sequence[int]]:
        """The first days, last days and days of every occurrence, as ordinals (made once, on first
        use: for a weekly repeat a few `range`s, so finding one by day is a bisect)."""
        if self._ordinals is not None:
            return self._ordinals
        rec, count = self.rec, self.count
        starts: Sequence[int]
        ends: Sequence[int]
        days: Sequence[int]
        if rec.unit == WEEK and count:  # arithmetic progressions: `range`s, which bisect reads as they are
            stride = 7 * rec.step
            base = self._origin + self.first * stride
            if rec.weekday is None:
                starts = range(base, base + count * stride, stride)
                ends = days = range(base + stride - 1, base + stride - 1 + count * stride, stride)
            else:
                ends = days = range(base + rec.weekday, base + rec.weekday + count * stride, stride)
                starts = range(base, base + count * stride, stride) if rec.deadline else ends
        else:
            made = [self._nominal(self.first + i) for i in range(count)]
            starts = [o.window.start.toordinal() for o in made]
            ends = [o.window.end.toordinal() for o in made]
            days = [o.day.toordinal() for o in made]
        if starts and not rec.approx and starts[0] < self.window.start.toordinal():
            starts = [self.window.start.toordinal(), *starts[1:]]
        end = self.window.end.toordinal()
        if ends and rec.is_span and ends[-1] > end:  # a stretch the window's end cuts: it ends (is due) then
            ends = [*ends[:-1], end]
            days = [*days[:-1], end]
        self._ordinals = (starts, ends, days)
        return self._ordinals

    def at(self, i: int) -> Occurrence:
        """Occurrence i (0-based), its days cut to start no earlier than the window (IndexError outside)."""
        made = self._made.get(i)
        if made is not None:
            return made
        if not 0 <= i < self.count:
            raise IndexError(i)
        starts, ends, days = self._table()
        fromordinal = date.fromordinal
        occ = Occurrence(Window(fromordinal(starts[i]), fromordinal(ends[i])), fromordinal(days[i]))
        self._made[i] = occ
        return occ

    def all(self) -> list[Occurrence]:
        return [self.at(i) for i in range(self.count)]

    def started_by(self, day: date) -> int:
        """How many occurrences have started by `day` (so the latest started is that minus one)."""
        return bisect_right(self._table()[0], day.toordinal())

    def ended_before(self, day: date) -> int:
        """How many occurrences ended before `day` (they end in order)."""
        return bisect_left(self._table()[1], day.toordinal())

    def holding(self, day: date) -> int | None:
        """The index of the occurrence whose days hold `day` (the latest, if two overlap), or None."""
        starts, ends, _ = self._table()
        ordinal = day.toordinal()
        i = bisect_right(starts, ordinal) - 1
        return i if i >= 0 and ordinal <= ends[i] else None

    def index_of(self, key: str) -> int | None:
        """The index of the occurrence whose day is `key` (ISO), or None."""
        try:
            day = date.fromisoformat(key)
        except ValueError:
            return None
        i = self.started_by(day + timedelta(days=self.rec.approx)) - 1
        while i >= 0 and self.at(i).day > day:
            i -= 1
        return i if i >= 0 and self.at(i).day == day else None
