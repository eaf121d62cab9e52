"""Unit tests of planctl.format.dates: every written form of a window, resolved to dates.

Every expected date below was worked out by hand from the calendar (2009 is a common year,
2008 and 2000 are leap years, 1900 is not); none is computed by the code under test.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planctl.format.dates import (
    DateError,
    Point,
    WhenSpec,
    Window,
    parse_date,
    parse_point,
    parse_when,
    read_when,
    split_periods,
)


def d(iso: str) -> date:
    return date.fromisoformat(iso)


def w(start: str, end: str | None = None) -> Window:
    return Window(d(start), d(end or start))


def resolved(text: str, year: int | None = 2009, parent: Window | None = None) -> tuple[str, str]:
    window = parse_when(text).resolve(year, parent)
    return window.start.isoformat(), window.end.isoformat()


# --- parse_point: what one written point means before a year is applied ----------------------


@pytest.mark.parametrize(
    ("text", "point"),
    [
        ("3月30日", Point(None, 3, 30, 30)),
        ("3月5号", Point(None, 3, 5, 5)),
        ("4 月 5 日", Point(None, 4, 5, 5)),
        ("2009年3月30日", Point(2009, 3, 30, 30)),
        ("4月上旬", Point(None, 4, 1, 10)),
        ("4月中旬", Point(None, 4, 11, 20)),
        ("4月下旬", Point(None, 4, 21, None)),
        ("4月初", Point(None, 4, 1, 1)),
        ("4月底", Point(None, 4, None, None)),
        ("4月末", Point(None, 4, None, None)),
        ("4月", Point(None, 4, 1, None)),
        ("2009年4月", Point(2009, 4, 1, None)),
        ("2009-03-31", Point(2009, 3, 31, 31)),
        ("2009-4-1", Point(2009, 4, 1, 1)),
        ("2009-04", Point(2009, 4, 1, None)),
    ],
)
def test_parse_point(text: str, point: Point) -> None:
    assert parse_point(text) == point


def test_parse_point_day_only_needs_a_default_month() -> None:
    assert parse_point("15日", default_month=4) == Point(None, 4, 15, 15)
    with pytest.raises(DateError):
        parse_point("15日")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("13月1日", "no month 13 in '13月1日'"),
        ("0月1日", "no month 0 in '0月1日'"),
        ("2009-13-01", "no month 13 in '2009-13-01'"),
        ("4月0日", "no day 0 in '4月0日'"),
        ("4月32日", "no day 32 in '4月32日'"),
        ("foo", "cannot read 'foo' as a date"),
        ("下旬", "cannot read '下旬' as a date"),
    ],
)
def test_parse_point_refuses(text: str, message: str) -> None:
    with pytest.raises(DateError, match=message):
        parse_point(text)


# --- parse_when + resolve: every window form, in the plan's year 2009 -------------------------

WINDOWS_2009 = [
    # a single day
    ("3月30日", "2009-03-30", "2009-03-30"),
    ("3月5号", "2009-03-05", "2009-03-05"),
    # ranges, with every separator
    ("3月1日至3月30日", "2009-03-01", "2009-03-30"),
    ("4月5日-4月15日", "2009-04-05", "2009-04-15"),
    ("4月5日-15日", "2009-04-05", "2009-04-15"),
    ("4月5日 至 15日", "2009-04-05", "2009-04-15"),
    ("4月5日到4月15日", "2009-04-05", "2009-04-15"),
    ("4月5日~4月15日", "2009-04-05", "2009-04-15"),
    ("4月5日～4月15日", "2009-04-05", "2009-04-15"),
    ("4月5日–4月15日", "2009-04-05", "2009-04-15"),
    ("4月5日—4月15日", "2009-04-05", "2009-04-15"),
    ("4月5日..4月15日", "2009-04-05", "2009-04-15"),
    ("4月5号-4月15号", "2009-04-05", "2009-04-15"),
    ("2009-03-31..2009-05-20", "2009-03-31", "2009-05-20"),
    ("2009-03-31 - 2009-05-20", "2009-03-31", "2009-05-20"),
    ("2009-03-31-2009-05-20", "2009-03-31", "2009-05-20"),
    ("2009-03-31至2009-05-20", "2009-03-31", "2009-05-20"),
    ("2009-03-31 ~ 2009-05-20", "2009-03-31", "2009-05-20"),
    ("2009-4-5 至 2009-4-15", "2009-04-05", "2009-04-15"),
    ("2009-04..2009-05", "2009-04-01", "2009-05-31"),
    # a range's ends are the start of its first point and the end of its last
    ("4月初-5月20日", "2009-04-01", "2009-05-20"),
    ("4月上旬-5月中旬", "2009-04-01", "2009-05-20"),
    ("4月中旬-4月下旬", "2009-04-11", "2009-04-30"),
    ("4月中旬-5月10日", "2009-04-11", "2009-05-10"),
    ("4月初-4月底", "2009-04-01", "2009-04-30"),
    ("3月30日-4月", "2009-03-30", "2009-04-30"),
    ("6月上旬-6月20日", "2009-06-01", "2009-06-20"),
    # dekads: 上旬 1-10, 中旬 11-20, 下旬 21 to the month's last day
    ("4月上旬", "2009-04-01", "2009-04-10"),
    ("4月中旬", "2009-04-11", "2009-04-20"),
    ("4月下旬", "2009-04-21", "2009-04-30"),  # 30-day month
    ("5月下旬", "2009-05-21", "2009-05-31"),  # 31-day month
    ("2月下旬", "2009-02-21", "2009-02-28"),  # 28-day month
    ("2月中旬", "2009-02-11", "2009-02-20"),
    ("12月下旬", "2009-12-21", "2009-12-31"),
    # 月初 is the 1st; 月底 / 月末 the last day
    ("4月初", "2009-04-01", "2009-04-01"),
    ("4月底", "2009-04-30", "2009-04-30"),
    ("4月末", "2009-04-30", "2009-04-30"),
    ("5月底", "2009-05-31", "2009-05-31"),
    ("2月底", "2009-02-28", "2009-02-28"),
    ("2月末", "2009-02-28", "2009-02-28"),
    # a whole month
    ("4月", "2009-04-01", "2009-04-30"),
    ("2月", "2009-02-01", "2009-02-28"),
    ("2009-02", "2009-02-01", "2009-02-28"),
    # ISO days
    ("2009-03-31", "2009-03-31", "2009-03-31"),
    ("2009-4-1", "2009-04-01", "2009-04-01"),
    # a year written in the text
    ("2009年3月1日至3月30日", "2009-03-01", "2009-03-30"),
    ("2009年4月上旬", "2009-04-01", "2009-04-10"),
    ("2009年4月初-4月5日", "2009-04-01", "2009-04-05"),
    ("2009年4月5日 - 4月15日", "2009-04-05", "2009-04-15"),
    ("2009年4月", "2009-04-01", "2009-04-30"),
    ("2009年4月5日-2010年1月1日", "2009-04-05", "2010-01-01"),
]


@pytest.mark.parametrize(("text", "start", "end"), WINDOWS_2009)
def test_window_in_plan_year(text: str, start: str, end: str) -> None:
    assert resolved(text, 2009) == (start, end)


@pytest.mark.parametrize(
    ("text", "year", "start", "end"),
    [
        # 29-day February in leap years 2008 and 2000; 1900 is not a leap year (century rule)
        ("2月下旬", 2008, "2008-02-21", "2008-02-29"),
        ("2月下旬", 2000, "2000-02-21", "2000-02-29"),
        ("2月下旬", 1900, "1900-02-21", "1900-02-28"),
        ("2月底", 2008, "2008-02-29", "2008-02-29"),
        ("2月底", 2000, "2000-02-29", "2000-02-29"),
        ("2月底", 1900, "1900-02-28", "1900-02-28"),
        ("2月末", 2008, "2008-02-29", "2008-02-29"),
        ("2月", 2008, "2008-02-01", "2008-02-29"),
        ("2月29日", 2008, "2008-02-29", "2008-02-29"),
        ("2月29日", 2000, "2000-02-29", "2000-02-29"),
        ("2月中旬-2月下旬", 2008, "2008-02-11", "2008-02-29"),
        # the plan's year applies to dates written without one
        ("4月上旬", 2010, "2010-04-01", "2010-04-10"),
        # a year in the text wins over the plan's year
        ("2009年4月上旬", 2010, "2009-04-01", "2009-04-10"),
        ("2008年2月下旬", 2009, "2008-02-21", "2008-02-29"),
        ("2009-03-31..2009-05-20", 2010, "2009-03-31", "2009-05-20"),
        ("2008-02", 2009, "2008-02-01", "2008-02-29"),
        # the end of a range takes the start's written year, not the plan's
        ("2008年3月1日至3月30日", 2009, "2008-03-01", "2008-03-30"),
        ("2008年2月1日-2月底", 2009, "2008-02-01", "2008-02-29"),
        # ISO and fully written dates need no plan year
        ("2009-03-31", None, "2009-03-31", "2009-03-31"),
        ("2009-03-31 - 2009-05-20", None, "2009-03-31", "2009-05-20"),
        ("2009-04", None, "2009-04-01", "2009-04-30"),
        ("2009年4月上旬", None, "2009-04-01", "2009-04-10"),
        ("2009年4月5日-2009年4月15日", None, "2009-04-05", "2009-04-15"),
    ],
)
def test_window_year(text: str, year: int | None, start: str, end: str) -> None:
    assert resolved(text, year) == (start, end)


# --- deadlines: X前 runs from the parent's start to the end of X ------------------------------

PREP = w("2009-03-01", "2009-03-30")
STUDY = w("2009-03-31", "2009-05-20")
RESEARCH = w("2009-04-01", "2009-04-30")


@pytest.mark.parametrize(
    ("text", "parent", "start", "end"),
    [
        ("4月5日前", RESEARCH, "2009-04-01", "2009-04-05"),
        ("4月5日前", STUDY, "2009-03-31", "2009-04-05"),
        ("4月5日前", PREP, "2009-03-01", "2009-04-05"),
        ("2009年4月5日前", RESEARCH, "2009-04-01", "2009-04-05"),
        ("4月5日以前", RESEARCH, "2009-04-01", "2009-04-05"),
        ("4月5日之前", RESEARCH, "2009-04-01", "2009-04-05"),
        ("2009-04-05前", STUDY, "2009-03-31", "2009-04-05"),
        # the deadline is the last day of the written point
        ("4月上旬前", STUDY, "2009-03-31", "2009-04-10"),
        ("4月底前", STUDY, "2009-03-31", "2009-04-30"),
        ("4月前", STUDY, "2009-03-31", "2009-04-30"),
        ("4月5日前", w("2009-04-05", "2009-04-30"), "2009-04-05", "2009-04-05"),
        # no parent window, or one starting after the deadline: just the deadline's day
        ("4月5日前", None, "2009-04-05", "2009-04-05"),
        ("4月5日前", w("2009-04-10", "2009-04-20"), "2009-04-05", "2009-04-05"),
    ],
)
def test_deadline_starts_with_parent(text: str, parent: Window | None, start: str, end: str) -> None:
    assert parse_when(text).start is None
    assert resolved(text, 2009, parent) == (start, end)


def test_parent_window_does_not_affect_other_forms() -> None:
    assert resolved("4月上旬", 2009, PREP) == ("2009-04-01", "2009-04-10")
    assert resolved("4月5日-4月15日", 2009, PREP) == ("2009-04-05", "2009-04-15")


def test_whenspec_keeps_the_written_text() -> None:
    spec = parse_when(" 4月5日-15日 ")
    assert isinstance(spec, WhenSpec)
    assert spec.text == " 4月5日-15日 "
    assert spec.start == Point(None, 4, 5, 5)
    assert spec.end == Point(None, 4, 15, 15)


# --- errors -------------------------------------------------------------------------------------

NO_YEAR = r"no year: write it \(2009年4月1日 or 2009-04-01\) or set `year:` in the plan"


@pytest.mark.parametrize("text", ["3月30日", "4月上旬", "4月5日前", "4月", "4月5日-4月15日", "4月底"])
def test_missing_year(text: str) -> None:
    with pytest.raises(DateError, match=NO_YEAR):
        resolved(text, None)


def test_range_end_takes_start_year_without_plan_year() -> None:
    assert resolved("2009年3月1日至3月30日", None) == ("2009-03-01", "2009-03-30")


@pytest.mark.parametrize(
    ("text", "year", "message"),
    [
        ("2009-02-30", 2009, "2009-02 has 28 days, not 30"),
        ("2009-02-29", None, "2009-02 has 28 days, not 29"),
        ("2月29日", 2009, "2009-02 has 28 days, not 29"),
        ("2月29日", 1900, "1900-02 has 28 days, not 29"),
        ("2009年2月29日", 2008, "2009-02 has 28 days, not 29"),
        ("4月31日", 2009, "2009-04 has 30 days, not 31"),
        ("6月31日", 2009, "2009-06 has 30 days, not 31"),
        ("4月1日-4月31日", 2009, "2009-04 has 30 days, not 31"),
        ("2月30日前", 2009, "2009-02 has 28 days, not 30"),
    ],
)
def test_impossible_dates(text: str, year: int | None, message: str) -> None:
    with pytest.raises(DateError, match=message):
        resolved(text, year)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("4月20日-4月10日", r"the window ends \(2009-04-10\) before it starts \(2009-04-20\)"),
        ("5月1日至4月30日", r"the window ends \(2009-04-30\) before it starts \(2009-05-01\)"),
        ("2009-05-20..2009-03-31", r"the window ends \(2009-03-31\) before it starts \(2009-05-20\)"),
        ("4月下旬-4月上旬", r"the window ends \(2009-04-10\) before it starts \(2009-04-21\)"),
        ("4月15日-5日", r"the window ends \(2009-04-05\) before it starts \(2009-04-15\)"),
    ],
)
def test_end_before_start(text: str, message: str) -> None:
    with pytest.raises(DateError, match=message):
        resolved(text, 2009)


def test_same_day_range_is_fine() -> None:
    assert resolved("4月5日-4月5日") == ("2009-04-05", "2009-04-05")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty window"),
        ("   ", "empty window"),
        ("foo", "cannot read 'foo' as a date"),
        ("前", "cannot read '前' as a date"),
        ("4月5日-", r"cannot read '4月5日-' as a window \(a range is two dates joined by - or 至\)"),
        ("3月1日至3月5日至3月9日", "cannot read '3月1日至3月5日至3月9日' as a window"),
        ("4月5日-15", "cannot read '15' as a date"),
        ("13月", "no month 13"),
        ("4月32日-5月1日", "no day 32"),
    ],
)
def test_unreadable_windows(text: str, message: str) -> None:
    with pytest.raises(DateError, match=message):
        parse_when(text)


def test_year_zero_is_refused() -> None:
    with pytest.raises(DateError):
        resolved("0000-03-01", 2009)


def test_iso_month_range_with_spaced_hyphen() -> None:
    assert resolved("2009-04 - 2009-05") == ("2009-04-01", "2009-05-31")


# --- parse_date: one day of a completion ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "year", "day"),
    [
        ("2009-04-03", 2009, "2009-04-03"),
        ("2009-04-03", None, "2009-04-03"),
        ("4月3日", 2009, "2009-04-03"),
        ("4月初", 2009, "2009-04-01"),
        ("2009年4月5日", None, "2009-04-05"),
    ],
)
def test_parse_date(text: str, year: int | None, day: str) -> None:
    assert parse_date(text, year) == d(day)


def test_parse_date_month_end_is_one_day() -> None:
    assert parse_date("2月底", 2008) == d("2008-02-29")


@pytest.mark.parametrize("text", ["4月上旬", "4月", "2009-04"])
def test_parse_date_refuses_periods(text: str) -> None:
    with pytest.raises(DateError, match="is a period, not a single day"):
        parse_date(text, 2009)


# --- Window ---------------------------------------------------------------------------------------


def test_window_helpers() -> None:
    window = w("2009-03-31", "2009-05-20")
    assert window.days == 51
    assert d("2009-03-31") in window and d("2009-05-20") in window
    assert d("2009-03-30") not in window and d("2009-05-21") not in window
    assert "2009-04-01" not in window
    assert window.covers(w("2009-04-01", "2009-04-10"))
    assert window.covers(window)
    assert not window.covers(w("2009-05-11", "2009-05-21"))
    assert window.iso() == "2009-03-31 … 2009-05-20"
    assert w("2009-03-30").iso() == "2009-03-30"
    assert w("2009-03-30").days == 1


# --- split_periods ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("window", "period", "expected"),
    [
        # weeks: 7 days from the window's start, the last one cut short
        (
            w("2009-03-31", "2009-04-30"),
            "week",
            [
                ("2009-03-31", "2009-04-06"),
                ("2009-04-07", "2009-04-13"),
                ("2009-04-14", "2009-04-20"),
                ("2009-04-21", "2009-04-27"),
                ("2009-04-28", "2009-04-30"),
            ],
        ),
        (w("2009-04-01", "2009-04-14"), "week", [("2009-04-01", "2009-04-07"), ("2009-04-08", "2009-04-14")]),
        (w("2009-04-01", "2009-04-03"), "week", [("2009-04-01", "2009-04-03")]),
        (w("2009-02-25", "2009-03-05"), "week", [("2009-02-25", "2009-03-03"), ("2009-03-04", "2009-03-05")]),
        # dekads: calendar ones, clipped to the window
        (
            w("2009-03-31", "2009-05-20"),
            "dekad",
            [
                ("2009-03-31", "2009-03-31"),
                ("2009-04-01", "2009-04-10"),
                ("2009-04-11", "2009-04-20"),
                ("2009-04-21", "2009-04-30"),
                ("2009-05-01", "2009-05-10"),
                ("2009-05-11", "2009-05-20"),
            ],
        ),
        (
            w("2008-02-15", "2008-03-05"),
            "dekad",
            [("2008-02-15", "2008-02-20"), ("2008-02-21", "2008-02-29"), ("2008-03-01", "2008-03-05")],
        ),
        (
            w("2009-02-15", "2009-03-05"),
            "dekad",
            [("2009-02-15", "2009-02-20"), ("2009-02-21", "2009-02-28"), ("2009-03-01", "2009-03-05")],
        ),
        (
            w("2009-05-18", "2009-06-02"),
            "dekad",
            [("2009-05-18", "2009-05-20"), ("2009-05-21", "2009-05-31"), ("2009-06-01", "2009-06-02")],
        ),
        # months: calendar ones, clipped to the window
        (
            w("2009-03-31", "2009-05-20"),
            "month",
            [("2009-03-31", "2009-03-31"), ("2009-04-01", "2009-04-30"), ("2009-05-01", "2009-05-20")],
        ),
        (
            w("2009-06-21", "2009-08-20"),
            "month",
            [("2009-06-21", "2009-06-30"), ("2009-07-01", "2009-07-31"), ("2009-08-01", "2009-08-20")],
        ),
        (w("2000-02-01", "2000-03-01"), "month", [("2000-02-01", "2000-02-29"), ("2000-03-01", "2000-03-01")]),
        (w("2009-12-15", "2010-01-10"), "month", [("2009-12-15", "2009-12-31"), ("2010-01-01", "2010-01-10")]),
        # once: the whole window
        (w("2009-03-31", "2009-05-20"), "once", [("2009-03-31", "2009-05-20")]),
        (w("2009-04-05"), "once", [("2009-04-05", "2009-04-05")]),
        (w("2009-04-05"), "week", [("2009-04-05", "2009-04-05")]),
        (w("2009-04-05"), "dekad", [("2009-04-05", "2009-04-05")]),
    ],
)
def test_split_periods(window: Window, period: str, expected: list[tuple[str, str]]) -> None:
    assert split_periods(window, period) == [w(a, b) for a, b in expected]


@pytest.mark.parametrize("period", ["week", "dekad", "month"])
def test_split_periods_at_the_end_of_the_calendar(period: str) -> None:
    assert split_periods(w("9999-12-25", "9999-12-31"), period) == [w("9999-12-25", "9999-12-31")]


_ISO_PARTS = st.tuples(st.sampled_from(["0000", "0001", "1999", "2009", "2026", "9999"]),
                       st.integers(0, 19).map("{:02d}".format), st.integers(0, 39).map("{:02d}".format))


@settings(max_examples=400, deadline=None)
@given(_ISO_PARTS, st.one_of(st.none(), _ISO_PARTS), st.sampled_from(["..", " .. ", "-", "至"]))
def test_the_quick_reading_of_iso_windows_is_the_grammars(start: tuple[str, str, str], end: tuple[str, str, str] | None,
                                                          between: str) -> None:
    """parse_when reads `2009-04-01..2009-04-10` at once (issue 20: a large plan's windows); the result,
    or the error, is what the whole grammar (read_when) makes of the same text."""
    text = "-".join(start) + ("" if end is None else between + "-".join(end))

    def reading(read: Callable[[str], WhenSpec]) -> object:
        try:
            return read(text)
        except DateError as exc:
            return str(exc)

    assert reading(parse_when) == reading(read_when)
