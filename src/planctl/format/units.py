"""Units of quota amounts: hours, characters and counts, and amounts written with a unit."""

from __future__ import annotations

import functools
import math
import re

from planctl.format.rules import MAX_NUMBER
from planctl.i18n import _, listed

HOURS = "h"
CHARS = "字"
PERCENT = "%"  # a rate that entries record (全批全改率 96%): the latest reading counts, not a sum
PERCENT_WORDS = ("%", "％", "percent")
MAX_PERCENT = 100.0

# written unit -> (canonical unit, factor to the canonical unit)
_TIME = {"h": 1.0, "hr": 1.0, "hrs": 1.0, "hour": 1.0, "hours": 1.0, "小时": 1.0, "时": 1.0,
         "min": 1 / 60, "mins": 1 / 60, "minute": 1 / 60, "minutes": 1 / 60, "分钟": 1 / 60, "分": 1 / 60}
_TEXT = {"字": 1.0, "char": 1.0, "chars": 1.0, "characters": 1.0, "千字": 1000.0, "k字": 1000.0}
# Count words are all one dimension: 2 篇 of a 次 quota are 2. The measure words Chinese work plans count
# targets in (听课10节, 培训24学时, 举办培训班2期, 报送信息10条); 人 and 名 are left out: a plan counts people
# reached as 人次, and 每组不少于3人 / 选派2名教师 state a size, not a target to pace.
COUNT_WORDS = ("次", "篇", "个", "场", "份", "项", "节", "课时", "学时", "人次", "期", "条", "件", "本", "堂", "轮",
               "批", "门", "册", "times", "sessions", "session", "articles", "article", "x")
# the count words a Chinese document writes, longest first (课时 before 时 where a regex alternates)
CHINESE_COUNT_WORDS = tuple(sorted((w for w in COUNT_WORDS if not w.isascii()), key=len, reverse=True))
_AMOUNT = re.compile(r"\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+))\s*([^\d\s.,+-]\S*|)\s*$")
# 0x10, 0o17, 0b101: numbers in another base, which YAML 1.1 and Python read; planctl takes decimals only
_OTHER_BASE = re.compile(r"\s*[-+]?0[xob][0-9a-f_]", re.I)


class UnitError(ValueError):
    pass


def canonical_unit(text: str) -> str:
    """The unit a quota counts in: `h` for time, `字` for text, or the count word itself."""
    word = text.strip()
    if word in _TIME and _TIME[word] == 1.0:
        return HOURS
    if word in _TEXT and _TEXT[word] == 1.0:
        return CHARS
    if word in COUNT_WORDS:
        return word
    if word in PERCENT_WORDS:
        return PERCENT
    known = ["h", "小时", "字", "chars", *COUNT_WORDS[:6], "%"]
    raise UnitError(_("unknown unit '{word}' (use one of {known})").format(word=word, known=listed(known)))


def is_count(unit: str) -> bool:
    return unit in COUNT_WORDS


_NUMBER = r"(\d+(?:\.\d*)?|\.\d+)"
_HOUR_WORDS = "|".join(sorted((w for w, f in _TIME.items() if f == 1.0), key=len, reverse=True))
_MINUTE_WORDS = "|".join(sorted((w for w, f in _TIME.items() if f != 1.0), key=len, reverse=True))


@functools.cache
def _hours_and_minutes() -> re.Pattern[str]:
    """1h30min, 1h 30min, 2h30m, 1小时30分钟, 2时15分: hours then minutes (`m` only after hours, where it
    cannot be read as another unit), each a number and its word (compiled
    when first asked: ignoring case over these words takes 10 ms to compile, and most reads need none)."""
    return re.compile(rf"\s*{_NUMBER}\s*(?:{_HOUR_WORDS})\s*{_NUMBER}\s*(?:{_MINUTE_WORDS}|m)\s*$", re.I)


def parse_amount(text: str, unit: str) -> float:
    """Read `2h`, `90min`, `1h30min`, `1小时30分钟`, `3000字`, `3000chars`, `1` or in Chinese numerals
    (`半小时`, `一个半小时`, `三十分钟`: `in_digits`) as an amount in `unit`,
    converting where allowed. UnitError when it cannot be read, is not in `unit`, is not a whole number of
    characters or counts, is too large, or is an amount of hours under half a second (hours are counted in
    whole seconds: `whole_seconds`)."""
    digits = in_digits(text)
    try:
        amount = _parse(digits, unit)
    except UnitError as error:  # said of what the person wrote (三篇), not of its digits
        raise UnitError(str(error).replace(f"'{digits}'", f"'{text}'") if digits != text else str(error)) from None
    if unit == HOURS and whole_seconds(amount) == 0:
        raise UnitError(_("'{text}' is less than a second; planctl counts time to the second").format(text=text))
    return amount


_CN_AMOUNT = re.compile(r"\s*(?:([一二两三四五六七八九十]{1,3})\s*个?)?\s*(半)?\s*个?\s*([^\d\s一二两三四五六七八九十半个]\S*)\s*$")
_NUMERAL = r"(?:\d+(?:\.\d+)?|[〇零一二两三四五六七八九十]{1,3})"
_HOUR_WORD = "(?:小时|钟头)"
# An amount of time as a plan document or a person writes it, in digits or Chinese numerals: 两小时, 一个半小时,
# 两小时半, 1.5个小时, 半个小时, 一个钟头, 一小时十五分, 2小时30分钟, 一小时一刻, 一刻钟, 三刻钟, 90分钟, 三十分钟.
# The one grammar of both `planctl done --amount` (parse_amount) and `planctl import` (importer/quotas.py finds
# it in a sentence and reads what it found with parse_amount). Bare 分 (a score: 90分) and 时 (a clock: 3时) are
# minutes and hours only after an hour (一小时十五分); a numeral inside a larger one (一百二十分钟) is not taken.
TIME_AMOUNT = (
    rf"(?<![\d.〇零一二两三四五六七八九十百千万])"
    rf"(?:(?P<t_hours>{_NUMERAL})\s*(?:个?\s*(?P<t_half>半)\s*个?|个)?\s*{_HOUR_WORD}"
    rf"(?:\s*(?P<t_and_half>半)(?![年月天日])|\s*零?\s*(?P<t_more>{_NUMERAL})\s*(?P<t_more_word>分钟|分|刻钟|刻))?"
    rf"|(?P<t_only_half>半)\s*个?\s*{_HOUR_WORD}"
    rf"|(?P<t_quarters>{_NUMERAL})\s*刻钟"
    rf"|(?P<t_minutes>{_NUMERAL})\s*分钟)"
)
MINUTES_A_QUARTER = 15  # 一刻钟


@functools.cache
def _time_amount() -> re.Pattern[str]:
    return re.compile(rf"\s*{TIME_AMOUNT}\s*")


def in_digits(text: str) -> str:
    """An amount written in Chinese numerals or Chinese time words as digits, the rest as written: 半小时 →
    0.5小时, 一个半小时 → 1.5小时, 两小时半 → 2.5小时, 一刻钟 → 15分钟, 一小时十五分 → 1小时15分钟, 两小时 →
    2小时, 三十分钟 → 30分钟 (`TIME_AMOUNT`), 三篇 → 3篇 (up to 九十九); any other text unchanged."""
    if text.isascii():
        return text
    time = _time_amount().fullmatch(text)
    if time is not None:
        return _time_in_digits(time, text)
    return _count_in_digits(text)


def _numeral(written: str, text: str) -> float:
    """12, 1.5, 十二, 两: a number in digits or in Chinese numerals up to 九十九. DateError for a malformed one."""
    from planctl.format.dates import number

    if written.isascii():
        return float(written)
    return float(number(written.replace("两", "二").replace("零", "〇"), text))


def _time_in_digits(m: re.Match[str], text: str) -> str:
    """The digits form _parse reads (1.5小时, 15分钟, 1小时15分钟) of a TIME_AMOUNT match; `text` itself
    when a numeral is malformed (一一小时), which then cannot be read."""
    from planctl.format.dates import DateError

    try:
        hours = _numeral(m["t_hours"], text) if m["t_hours"] else 0.0
        hours += 0.5 if m["t_half"] or m["t_and_half"] or m["t_only_half"] else 0.0
        minutes = _numeral(m["t_minutes"], text) if m["t_minutes"] else 0.0
        minutes += MINUTES_A_QUARTER * _numeral(m["t_quarters"], text) if m["t_quarters"] else 0.0
        if m["t_more"]:
            minutes += _numeral(m["t_more"], text) * (MINUTES_A_QUARTER if "刻" in m["t_more_word"] else 1)
    except DateError:
        return text
    written = [f"{hours:.15g}小时"] if hours or not minutes else []
    return "".join(written + ([f"{minutes:.15g}分钟"] if minutes else []))


def _count_in_digits(text: str) -> str:
    """三篇 → 3篇, 十二次 → 12次: a count written in Chinese numerals (up to 九十九), else `text`."""
    from planctl.format.dates import DateError, number

    m = _CN_AMOUNT.fullmatch(text)
    if m is None or not (m[1] or m[2]):
        return text
    try:
        whole = number(m[1].replace("两", "二"), text) if m[1] else 0
    except DateError:
        return text
    return f"{whole + (0.5 if m[2] else 0):g}{m[3]}"


def _parse(text: str, unit: str) -> float:
    both = _hours_and_minutes().match(text)
    if both and unit == HOURS:
        return float(both[1]) + float(both[2]) / 60
    if both:
        raise UnitError(_("'{text}' is not in this quota's unit ({unit})").format(text=text, unit=describe_unit(unit)))
    match = _AMOUNT.match(text)
    if match and re.match(r"e[+-]?\d", match[2], re.I):  # 1e3: a number in a form planctl does not take
        match = None
    if _OTHER_BASE.match(text):
        raise UnitError(task_amount_problem(text))  # the same words for a quota's amount
    if not match or not _known_word(match[2].lower()):
        raise UnitError(_("cannot read '{text}' as an amount (a plain number and a unit: 2h, 90min, 3000字, 1){hint}").format(
            text=text, hint=_unreadable_hint(text)))
    value, written = float(match[1]), match[2].lower()
    if unit == PERCENT:
        return _rate(text, value, written)
    if value <= 0:
        raise UnitError(_("an amount must be more than zero, not {value}").format(value=match[1]))
    if not written:
        amount = value
    elif unit == HOURS and written in _TIME:
        amount = value * _TIME[written]
    elif unit == CHARS and written in _TEXT:
        amount = value * _TEXT[written]
    elif is_count(unit) and written in COUNT_WORDS:
        amount = value
    else:
        raise UnitError(_("'{text}' is not in this quota's unit ({unit})").format(text=text, unit=describe_unit(unit)))
    if unit != HOURS and amount != int(amount):
        raise UnitError(_("'{text}' is not a whole number of {unit}").format(text=text, unit=describe_unit(unit)))
    if amount > MAX_NUMBER:  # the one limit on numbers in a plan (rules.py), so what done writes, check reads
        raise UnitError(_("'{text}' is more than the largest amount planctl takes ({most:,} in the quota's unit); "
                          "check the amount").format(text=text, most=MAX_NUMBER))
    return amount


def _known_word(written: str) -> bool:
    """Whether `written` (lower case) is no unit or a unit word of some quota: another quota's word is
    "not in this quota's unit", anything else cannot be read."""
    return not written or written in _TIME or written in _TEXT or written in COUNT_WORDS or written in PERCENT_WORDS


def _unreadable_hint(text: str) -> str:
    """What to change in an amount that cannot be read: a decimal comma, a fraction, digit groups, powers of ten."""
    if re.search(r"\d[eE][+-]?\d", text):
        return _("; write the number out in full (1e3 is 1000)")
    if "/" in text:
        return _("; write a fraction as a decimal (1/2 is 0.5)")
    if "_" in text or re.search(r"\d[,，]\d{3}\b", text):
        return _("; write the number without separators (1000, not 1_000 or 1,000)")
    if "," in text:
        return _("; write decimals with a dot")
    return ""


def _rate(text: str, value: float, written: str) -> float:
    """A rate's reading: `96%`, `96` (percent either way), from 0 to 100; decimals allowed (96.5%). A bare
    number above 0 and at most 1 (`0.96`) is refused: it may be a fraction (96%) or a percent (0.96%)."""
    if written and written not in PERCENT_WORDS:
        raise UnitError(_("'{text}' is not in this quota's unit ({unit})").format(text=text, unit=describe_unit(PERCENT)))
    if not written and 0 < value <= 1:
        shown = f"{value * 100:.6g}"
        raise UnitError(_("'{text}' on a rate is ambiguous: write {shown}% (or {text}%)").format(text=text.strip(), shown=shown))
    if not 0 <= value <= MAX_PERCENT:
        raise UnitError(_("a rate is from 0% to 100%, not {text}").format(text=text.strip()))
    return value


def is_rate(unit: str) -> bool:
    return unit == PERCENT


def task_amount_problem(text: str) -> str:
    """Why `text` (a number written with a unit, or in another base) is not an amount on a task's log:
    a task's log takes a plain decimal number; units belong to quotas."""
    if _OTHER_BASE.match(text):
        return _("'{text}' is not a decimal number; write the amount in decimal digits (16, not 0x10)").format(text=text)
    return _("a task's log takes a plain number, not '{text}': units such as h or 字 belong to a quota's log "
             "(a task's amount counts in no unit)").format(text=text)


def describe_unit(unit: str) -> str:
    """The unit in words for a message: `hours: h, min, 小时`, `a count: 次`."""
    if unit == HOURS:
        return _("hours: h, min, 小时")
    if unit == CHARS:
        return _("characters: 字, chars")
    if unit == PERCENT:
        return _("a rate in percent: 96%")
    return _("a count: {unit}").format(unit=unit)


def format_amount(value: float, unit: str) -> str:
    """3000字, 8h, 2.5h, 1次."""
    number = f"{value:.15g}" if value == int(value) else f"{value:.6f}".rstrip("0").rstrip(".")
    return f"{number}{unit}"


SECONDS_PER_HOUR = 3600


def whole_seconds(hours: float) -> int:
    """An amount of hours to the nearest second: a logged amount is stored to 6 decimals of an hour
    (20min as 0.333333), 3.6 ms from what was typed, so any amount typed in minutes or seconds comes
    back exactly and 24 × 20min make 8 h, not 7.999992 h."""
    return round(hours * SECONDS_PER_HOUR)


def reaches(done: float, target: float) -> bool:
    """Whether `done` meets `target`, decided on the exact amounts (status/quotas.py sums hours in whole
    seconds), with 1e-9 of slack for float noise in prorated targets."""
    return done >= target - 1e-9


def round_down(value: float, places: int) -> float:
    """`value` rounded down to `places` decimals (7.96 → 7.9), float noise aside (0.3 stays 0.3)."""
    scale = float(10**places)
    return math.floor(value * scale + 1e-9) / scale


def figures(done: float, target: float, places: int) -> tuple[float, float]:
    """`done` and `target` as shown beside each other to `places` decimals, so that the figures never
    contradict the state: a done short of its target is rounded down (7.96 of 8 → 7.9, never 8), and
    shown with more decimals (up to 6) while it would still read as its rounded target (3.41 of 3.4286 →
    3.41 of 3.43). A done that reaches its target is rounded as usual."""
    if reaches(done, target):
        return round(done, places), round(target, places)
    for more in range(places, 7):
        if round_down(done, more) < round(target, more):
            return round_down(done, more), round(target, more)
    return round_down(done, 6), round(target, 6)


def display_places(unit: str) -> int:
    """Decimals an amount is shown to: characters whole, hours and counts to 0.1, a rate to 0.01 (a
    reading of 0.96% is not shown as 1%)."""
    return 0 if unit == CHARS else 2 if unit == PERCENT else 1


def display_done(done: float, target: float, unit: str) -> tuple[str, str]:
    """`done` and `target` as display_amount shows them (7.9 h, 8 h), the done never reading as its
    target while short of it (`figures`)."""
    if reaches(done, target) or (unit == HOURS and 0 < done < 0.05 <= target):  # met; a few minutes of hours
        return display_amount(done, unit), display_amount(target, unit)
    places = display_places(unit)
    shown_done, shown_target = figures(done, target, places)
    return _figure(shown_done, unit, places), _figure(shown_target, unit, places)


def display_amount(value: float, unit: str) -> str:
    """8 h, 3.5 h, 1.3 h, 20 min, 3000字, 2次, 0.8次, 0.96%: characters in whole numbers, counts to one decimal
    (rates to two: `display_places`);
    hours to one decimal, except an amount under an hour that is not whole tenths (6 minutes), which is
    given in whole minutes (20min is "20 min", not "0.3 h"; 1min is "1 min", not "0 h"); under half a
    minute: <1 min."""
    if unit != HOURS:
        return format_amount(round(value) if unit == CHARS else round(value, display_places(unit)), unit)
    if value <= 0 or value >= 1 or abs(value * 10 - round(value * 10)) < 1e-6:
        return format_amount(round(value, 1), hours_suffix())
    minutes = round(value * 60)
    return _("{minutes} min").format(minutes=minutes) if minutes else _("<1 min")


def hours_suffix() -> str:
    """What follows an amount of hours on screen: " h", " 小时" in Chinese (the plan's own text keeps its `h`)."""
    return " " + unit_word(HOURS)


def unit_word(unit: str) -> str:
    """A unit as every view and report shows it (the one owner of its display word): hours `h`, `小时` in
    Chinese; other units as the plan writes them (字, 次, %)."""
    return _("h") if unit == HOURS else unit


def _figure(value: float, unit: str, places: int) -> str:
    """A figure from `figures`: as display_amount shows it, or with its extra decimals when it has them."""
    if round(value, display_places(unit)) == value:
        return display_amount(value, unit)
    return format_amount(value, hours_suffix() if unit == HOURS else unit)
