"""Window phrases in a document, decided by the loader's own grammar (format/dates.py).

The importer has no date grammar of its own: a phrase is a window exactly when
`dates.parse_when` reads it, and it is written into `when:` as the document wrote it (only trimmed),
so the plan reads back to the same window. What this module adds is where to look: the text in
parentheses after a heading, and, inside a sentence, the longest readable phrase starting at a
year or a month (`2009年`, `4月`, `2009-04`).

`DATE_HINT` only flags text that looks like a date but that the loader refused, for the report; it
decides nothing.

Repeats (每周一, 每月5日前, 每季度末月28日前后, 每半年) are found the same way, by the loader's own
repeat grammar (format/recurrence.py `parse_repeat`): `repeat_at` gives the longest phrase it reads
from a 每, and `unread_repeat` the text after it that looks like more of the repeat but is not read.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from datetime import date, timedelta
from typing import NamedTuple

from planctl.format import dates

MAX_PHRASE = 40  # characters; the longest window in the genre (2009年4月上旬-2009年5月中旬) is ~20
MAX_TRIES = 400_000  # phrases asked about per import: ~2 s of parsing; the 100-page bench document needs ~400
# A phrase is only tried if it ends in one of these: a filter on where to ask, generous enough for
# the forms the grammar may learn (年底, 第一季度, 10月份, 第3周, 8月10日起, 20日左右, 28日前后, Q1).
_LAST = frozenset("0123456789日号旬初底末月前年度份周起右后")
# Where a window phrase may start: a year, a month, and the starts of forms the grammar may learn
# (issue 14: 9.1-9.7, 第1周, 上半年, 年底, 第一季度, Q1, 三月五日), and a range of months (3-6月); the parser decides.
_ANCHOR = re.compile(r"(?:19|20)\d{2}\s*年|(?:19|20)\d{2}-\d|\d{1,2}\s*(?:[-—–~～至到]\s*\d{1,2}\s*)?月|"
                     r"[一二三四五六七八九十]{1,2}月|\d{1,2}\.\d{1,2}|"
                     r"第\s*[\d一二三四]|[上下]半年|全年|年内|年[底初末]|[一二三四1-4]\s*季度|Q[1-4]")
_ANCHOR_AT = re.compile(f"(?=(?:{_ANCHOR.pattern}))")
_BARE_YEAR = re.compile(r"(?:19|20)\d{2}\s*年")  # a whole year as a window (issue 14), only where nothing follows
_AFTER_YEAR_WINDOW = re.compile(r"[\s,，。;；、)）前内底初末]")
_PARENS = re.compile(r"[(（]([^()（）]{1,60})[)）]")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年|((?:19|20)\d{2})-\d{1,2}")
DATE_HINT = re.compile(r"\d{1,2}\.\d{1,2}\s*[-—~～至到]\s*\d{1,2}\.\d{1,2}|[一二三四1-4]\s*季度|Q[1-4]|上半年|下半年|年底|年初|"
                       r"年内|全年|\d{1,2}\s*月份|[上中下]{2}旬|第\s*\d+\s*(?:-\s*\d+\s*)?周|季度末|\d{1,2}\s*[日号](?:前后|左右)|"
                       r"[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日|[12]\d{3}年起|\d{1,2}日起")


class Found(NamedTuple):
    """A window phrase at [start, end) of the text it was found in; `phrase` is the text there, or what the
    loader reads for it where the document writes it otherwise (`since_today`)."""

    phrase: str
    start: int
    end: int

    def written(self, text: str) -> str:
        return text[self.start:self.end]


# 即日起至12月31日, 自即日起到6月底: from the day the plan is issued (a day the document does not give)
_SINCE_TODAY_LEAD = re.compile(r"(?:从|自)?即日起?\s*(?:至|到|—|-|~|～)\s*")
_SINCE_TODAY = re.compile(_SINCE_TODAY_LEAD.pattern + "$")


def since_today(text: str, hit: Found) -> Found:
    """`hit` as a deadline (12月31日前: from the start of the window above it, docs/plan-format.md) where
    the text writes it after 即日起至 (即日起至12月31日), spanning those words; else `hit` itself."""
    m = _SINCE_TODAY.search(text, 0, hit.start)
    if m is None or m.end() != hit.start or hit.phrase.endswith("前") or not is_window(hit.phrase + "前"):
        return hit
    return Found(hit.phrase + "前", m.start(), hit.end)


class Budget:
    """How many more phrases the loader may be asked about in this import: a document dense with
    date-like text (hostile or not) cannot make the search run for long. `exhausted` says it ran out."""

    def __init__(self, tries: int = MAX_TRIES) -> None:
        self.left = tries
        self.exhausted = False


budget = Budget()


def reset_budget(tries: int = MAX_TRIES) -> Budget:
    """A new budget for one import (and a fresh memory of phrases, should the grammar have changed)."""
    global budget
    budget = Budget(tries)
    is_window.cache_clear()
    return budget


@functools.lru_cache(maxsize=65536)
def is_window(phrase: str) -> bool:
    """True when the loader reads `phrase` as a window (the year and parent do not matter here)."""
    try:
        dates.parse_when(phrase)
    except dates.DateError:
        return False
    return True


def resolve(phrase: str, year: int | None, parent: dates.Window | None, week1: date | None = None,
            plan_end: date | None = None) -> dates.Window | None:
    """The window the loader gives `phrase` in a plan of `year` (and `week1:`, and `plan_end`, where a
    window without an end stops) under `parent`; None if it cannot."""
    try:
        return dates.parse_when(phrase).resolve(year, parent, plan_end, week1)
    except dates.DateError:
        return None


def why_unresolved(phrase: str, year: int | None, parent: dates.Window | None, week1: date | None = None,
                   plan_end: date | None = None) -> str:
    """Why the loader gives `phrase` no window in a plan of `year` (and `week1:`, `plan_end`) under `parent`,
    in the loader's own words (第3周 without the plan's `week1:`, an end before its start); "" when it resolves."""
    try:
        dates.parse_when(phrase).resolve(year, parent, plan_end, week1)
    except dates.DateError as error:
        return str(error)
    return ""


def is_open(phrase: str) -> bool:
    """True when `phrase` is a window without an end (2025年8月10日起): it runs until the plan's end."""
    try:
        return dates.parse_when(phrase).open_end
    except dates.DateError:
        return False


def plan_end(phrases: list[str], year: int | None, week1: date | None) -> date | None:
    """Where a window without an end stops in a plan whose windows are `phrases` and that sets no
    `horizon:`: the latest last day of those written with an end, each resolved on its own, as the
    loader does (loader.plan_end_of); None when there is none."""
    ends = []
    for phrase in phrases:
        if is_open(phrase):
            continue
        try:
            ends.append(dates.parse_when(phrase).resolve(year, None, None, week1).end)
        except dates.DateError:
            continue
    return max(ends, default=None)


def resolve_periods(phrases: list[str], year: int | None, parent: dates.Window | None,
                    week1: date | None = None, plan_end: date | None = None) -> list[dates.Window | str]:
    """A quota's `periods` as the loader resolves them (dates.resolve_periods: in the order written, a
    deadline running from the previous period's end): each its window, or the loader's reason it has
    none (an impossible day, 第N周 without `week1:`, an end before its start)."""
    try:
        specs = [dates.parse_when(phrase) for phrase in phrases]
    except dates.DateError as error:  # pragma: no cover - every period was found by is_window
        return [str(error)] * len(phrases)
    return [str(w) if isinstance(w, dates.DateError) else w
            for w in dates.resolve_periods(specs, year, parent, plan_end, week1)]


_ANY_WEEK1 = date(2000, 1, 3)  # 第N周 needs a `week1:`, not a year: any day stands in for it here


def needs_year(phrase: str) -> bool:
    """True when `phrase` resolves only in a plan that writes its year (全年, 4月; not 第3周, 2025年4月)."""
    try:
        dates.parse_when(phrase).resolve(None, None, week1=_ANY_WEEK1)
    except dates.DateError:
        return True
    return False


_WEEK_ROW = re.compile(r"第\s*(\d{1,2})\s*周")


def week_number(title: str) -> int | None:
    """N when `title` is a row of a table of teaching weeks (第3周, 第 3 周), else None."""
    m = _WEEK_ROW.fullmatch(title.strip())
    return int(m[1]) if m and int(m[1]) > 0 else None


_RANGE_SPLIT = re.compile(r"\s*(?:-|—|–|~|～|至|到)\s*")


def first_day(phrase: str, year: int | None) -> date | None:
    """The first day of a table row's dates in a plan of `year`: of the window it reads as, else of
    its first part alone (12.28-1.3 crosses New Year, which the window grammar refuses without the
    second year); None when neither reads."""
    window = resolve(phrase, year, None)
    if window is not None:
        return window.start
    first = _RANGE_SPLIT.split(phrase, maxsplit=1)[0]
    window = resolve(first, year, None) if first != phrase else None
    return window.start if window is not None else None


def next_year(day: date) -> date:
    """`day` a year later (29 February: 28 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def first_week_day(weeks: list[tuple[int, date]]) -> tuple[date, int] | None:
    """(the first day of 第1周, how many rows agree) read from rows of a table of weeks, each (N, the
    first day its 时间 column gives): 第N周 starts `week1` + 7 × (N − 1) days (docs/plan-format.md, Weeks).
    The day most rows give, ties to the earliest row; None without rows."""
    counts: Counter[date] = Counter(start - timedelta(weeks=n - 1) for n, start in weeks)
    if not counts:
        return None
    day = counts.most_common(1)[0][0]
    return day, counts[day]


def in_parentheses(text: str) -> Found | None:
    """The first parenthesised window, e.g. 活动准备(2009年3月1日至3月30日)."""
    for m in _PARENS.finditer(text):
        phrase = m[1].strip()
        if is_window(phrase):
            return Found(phrase, m.start(), m.end())
        lead = _SINCE_TODAY_LEAD.match(phrase)  # (即日起至6月底): a deadline, the whole of the parentheses
        if lead is not None and is_window(phrase[lead.end():]):
            found = since_today(phrase, Found(phrase[lead.end():], lead.end(), len(phrase)))
            if found.start == 0:
                return Found(found.phrase, m.start(), m.end())
    return None


def in_sentence(text: str) -> list[Found]:
    """Every window phrase in `text`, longest first at each anchor, left to right, not overlapping."""
    found: list[Found] = []
    position = 0
    repeats = repeat_spans(text)
    for m in _ANCHOR_AT.finditer(text):  # every start, overlapping: 2.4月 is tried at 2.4 and at 4月
        if m.start() < position or any(start < m.start() < end for start, end in repeats):
            continue  # 12月 in 每年12月底前 is part of a repeat, no window
        hit = _longest_from(text, m.start())
        if hit is not None:
            found.extend(_first_of_ordinal_list(text, hit))
            found.append(since_today(text, hit))
            position = hit.end
    return found


_NUMBER_LISTED = re.compile(r"(第)?\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*、\s*$")
# what the list's last window ends in, which its first number leaves to it: 第一、二季度, 7、8月份, 3、4月
_LISTED_WORD = (("第", re.compile(r"[一二三四1-4]\s*季度"), "季度"),
                ("", re.compile(r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月份?"), "月"))


def _first_of_ordinal_list(text: str, hit: Found) -> list[Found]:
    """第一、二季度, 7、8月份: the window named first, whose 季度 or 月 the document leaves to the second (二季度,
    8月份: read), as the loader reads it (第一季度, 7月); none for any other window."""
    m = _NUMBER_LISTED.search(text, 0, hit.start)
    if m is None or m.end() != hit.start:
        return []
    for lead, last, word in _LISTED_WORD:
        if last.fullmatch(hit.phrase) and (m[1] or "") == lead:
            phrase = f"{lead}{m[2]}{word}"
            return [Found(phrase, m.start(), m.end() - 1)] if is_window(phrase) else []
    return []


_LIST_MARK = re.compile(r"\s*(?:、|和|及|以及)\s*")


def listed(text: str, found: list[Found]) -> list[Found]:
    """The first window of `found` (as in_sentence gives them, in `text`) and the ones listed after it with
    、 和 及 (3月、4月; 第一、二季度; 3月、9月): just the first when none is listed after it."""
    last = 0
    while last + 1 < len(found) and _LIST_MARK.fullmatch(text[found[last].end:found[last + 1].start]):
        last += 1
    return found[: last + 1]


def listed_span(text: str, windows: list[Found]) -> Found | None:
    """Windows listed one after another (`listed`: 3月、4月, 第一、二季度), each starting the day after the one
    before ends, as one span from the first's start to the last's end (3月至4月), where the loader reads
    that span; None for one window, for windows apart (3月、9月), or a span the loader does not read."""
    sample = [resolve(w.phrase, _SAMPLE_YEAR, None) for w in windows]
    if len(windows) < 2 or any(w is None for w in sample):
        return None
    days = [w for w in sample if w is not None]
    if any(after.start != before.end + timedelta(days=1) for before, after in zip(days, days[1:], strict=False)):
        return None
    phrase = f"{windows[0].phrase}至{windows[-1].phrase}"
    return Found(phrase, windows[0].start, windows[-1].end) if is_window(phrase) else None


_SAMPLE_YEAR = 2001  # a year to tell whether listed windows follow one another (no 29 February)


_MONTH_DOT_DAY = re.compile(r"\d{1,2}\.\d{1,2}")
_DECIMAL_BEFORE = frozenset("0123456789.+-")
_MEASURE = re.compile(r"\s*(?:个?小时|个|万|亿|千|百|倍|%|％|元|米|吨|公里|千米|分|学时|课时|课|次|篇|字|人|名|岁|天|亩|平方|项|场|份|h\b)")


def _longest_from(text: str, start: int) -> Found | None:
    for end in range(min(len(text), start + MAX_PHRASE), start, -1):
        if text[end - 1] not in _LAST:
            continue
        if end < len(text) and text[end - 1].isdigit() and text[end].isdigit():
            continue  # never cut a number in two
        if budget.left <= 0:
            budget.exhausted = True
            return None
        budget.left -= 1
        phrase = text[start:end]
        if _BARE_YEAR.fullmatch(phrase) and end < len(text) and not _AFTER_YEAR_WINDOW.match(text[end]):
            continue  # 2025年秋季学期, 2025年度: the year qualifies a name; it is no window of the whole year
        if _MONTH_DOT_DAY.fullmatch(phrase) and (start and text[start - 1] in _DECIMAL_BEFORE or _MEASURE.match(text, end)):
            continue  # 每次1.5小时, 增长2.5%, 共3.2万元: a decimal number, no day (9.1 is 1 September)
        if is_window(phrase):
            return Found(phrase, start, end)
    return None


MAX_REPEAT = 16  # characters; the longest repeat in the genre (每季度末月28日前后) is 10
_COUNT_AFTER = re.compile(r"[次回遍个份篇场项]")  # 每周一次: 一 counts the times, it is no Monday
# after a repeat read: more of it? (每月第三周; 每月1日至5日, 每周一至周五: a range of days)
_MORE_REPEAT = re.compile(r"[第\d〇一二两三四五六七八九十上中下初末底前后左右号日旬周]"
                          r"|[至到\-—~～]\s*(?:周|星期)?[\d〇一二三四五六七八九十日天]")
_REPEAT_TAIL = re.compile(r"(?:工作日|[第\d〇一二两三四五六七八九十个初末底前后左右号日旬周星期天至到\-—~～]|[上中下](?!午)){0,10}")
_REPEAT_WORD = re.compile(r"每\s*(?:[\d一二两三四五六七八九十]+\s*)?(?:个\s*)?(?:周|星期|礼拜|旬|月|季度|季|半年|年)")


def repeat_at(text: str, start: int) -> str | None:
    """The longest phrase of `text` from `start` (a 每) that the loader reads as a repeat, or None. A
    numeral followed by a count word (每周一次, 每月两次) counts the times: it is not read as a day."""
    from planctl.format.recurrence import parse_repeat

    for end in range(min(len(text), start + MAX_REPEAT), start + 1, -1):
        phrase = text[start:end]
        if phrase[-1] in "一二两三四五六七八九十0123456789" and _COUNT_AFTER.match(text, end):
            continue
        try:
            parse_repeat(phrase)
        except dates.DateError:
            continue
        return phrase
    return None


def unread_repeat(text: str, start: int, read: str | None) -> str | None:
    """A repeat at `start` that the loader reads only in part or not at all, for the report: 每两旬 (no
    such repeat), 每月第三周 (read as 每月). None when there is none or all of it was read."""
    word = _REPEAT_WORD.match(text, start)
    if word is None:
        return None
    end = start + len(read) if read else word.end()
    rest = text[end:]
    more = bool(_MORE_REPEAT.match(rest)) and not re.match(r"[\d一二两三四五六七八九十]+\s*[次回遍个份篇场项]|[上中下]午", rest)
    if read is not None and not more:
        return None
    tail = _REPEAT_TAIL.match(rest)
    return text[start:end] + (tail[0] if more and tail else "")


def unreadable_dates(text: str) -> list[str]:
    """Date-like text the loader does not read (for the report; see DATE_HINT): a hint inside a window
    the loader reads (中下旬 in 4月中下旬, 一季度 in 第一季度) is not one."""
    read = [(f.start, f.end) for f in in_sentence(text)] + repeat_spans(text)  # 季度末 in 每季度末月28日前后 is read
    return [m[0] for m in DATE_HINT.finditer(text)
            if not is_window(m[0]) and not any(start <= m.start() and m.end() <= end for start, end in read)]


def repeat_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of each repeat the loader reads in `text` (每月5日前, 每季度末月28日前后)."""
    spans = []
    for m in re.finditer("每", text):
        phrase = repeat_at(text, m.start())
        if phrase is not None:
            spans.append((m.start(), m.start() + len(phrase)))
    return spans


_SCHOOL_TERM = re.compile(r"((?:19|20)\d{2})\s*[-—–~～至到]\s*((?:19|20)\d{2})\s*学年度?\s*"
                          r"(第\s*[一二12]\s*学期|[上下]\s*学期|[春秋]季?\s*学期|[春秋]季)")


def school_term_year(texts: list[str]) -> tuple[int, int, str] | None:
    """(year, index of the text, the words) of the first term of a school year the texts name
    (2025-2026学年第二学期): a second (下, 春季) term is in the school year's second year, a first (上, 秋季) in
    its first, whichever year is written more often; None when no text names one."""
    for index, text in enumerate(texts):
        m = _SCHOOL_TERM.search(text)
        if m is not None:
            second = any(word in m[3] for word in ("二", "2", "下", "春"))
            return int(m[2] if second else m[1]), index, m[0]
    return None


def most_common_year(texts: list[str]) -> tuple[int, int] | None:
    """(year, index of the first text that writes it): the year written most often, ties to the first."""
    counts: Counter[int] = Counter()
    first: dict[int, int] = {}
    for index, text in enumerate(texts):
        for m in _YEAR.finditer(text):
            year = int(m[1] or m[2])
            counts[year] += 1
            first.setdefault(year, index)
    if not counts:
        return None
    best = max(counts, key=lambda y: (counts[y], -first[y]))
    return best, first[best]
