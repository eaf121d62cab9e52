"""The repeat grammar (format/recurrence.py) and the occurrences it makes: month, quarter and year
ends, leap years, Chinese and English spellings alike, bounded lists; and which occurrence a
completion counts for (status/occurrences.py)."""

from __future__ import annotations

from datetime import date

import pytest

from planctl.format.dates import DateError, Window
from planctl.format.recurrence import MAX_OCCURRENCES, Series, parse_repeat
from planctl.model import Completion, Plan, Task
from planctl.status.occurrences import CONTAINS, LATE, REPEAT, claim, counted

YEAR_2024 = Window(date(2024, 1, 1), date(2024, 12, 31))


def days(text: str, window: Window = YEAR_2024) -> list[tuple[str, str]]:
    return [(o.window.start.isoformat(), o.window.end.isoformat()) for o in Series(parse_repeat(text), window).all()]


def d(text: str) -> date:
    return date.fromisoformat(text)


@pytest.mark.parametrize(("chinese", "english"), [
    ("每周一", "every monday"),
    ("每两周周三", "every 2 weeks on wednesday"),
    ("每两周周三", "every other wednesday"),
    ("每周", "weekly"),
    ("每月5日前", "monthly by the 5th"),
    ("每月15日", "monthly on the 15th"),
    ("每月下旬", "monthly late"),
    ("每月底", "monthly at the end"),
    ("每季度末月28日前后", "quarterly, last month, around the 28th"),
    ("每季度初月20日前后", "quarterly in the first month around the 20th"),
    ("每季度末", "quarterly at the end"),
    ("每年12月", "yearly in december"),
    ("每年12月31日前", "yearly by december 31"),
])
def test_chinese_and_english_spellings_make_the_same_occurrences(chinese: str, english: str) -> None:
    assert days(chinese) == days(english)
    assert days(chinese)


def test_weekly_on_monday_in_a_year_starting_on_monday() -> None:
    found = days("每周一")
    assert len(found) == 53 and found[0] == ("2024-01-01", "2024-01-01") and found[-1] == ("2024-12-30", "2024-12-30")


def test_every_two_weeks_counts_from_the_window_start() -> None:
    found = days("每两周周三", Window(d("2024-03-06"), d("2024-04-30")))
    assert [start for start, _ in found] == ["2024-03-06", "2024-03-20", "2024-04-03", "2024-04-17"]


def test_a_day_a_month_lacks_is_its_last_day_and_leap_february_has_29() -> None:
    found = days("每月31日")
    assert found[1] == ("2024-02-29", "2024-02-29") and found[3] == ("2024-04-30", "2024-04-30")
    assert days("每月31日", Window(d("2023-02-01"), d("2023-02-28"))) == [("2023-02-28", "2023-02-28")]


def test_a_leap_day_yearly_falls_on_february_28_in_other_years() -> None:
    found = days("每年2月29日", Window(d("2023-01-01"), d("2025-12-31")))
    assert found == [("2023-02-28", "2023-02-28"), ("2024-02-29", "2024-02-29"), ("2025-02-28", "2025-02-28")]


def test_the_last_dekad_ends_with_the_month() -> None:
    found = days("每月下旬")
    assert found[1] == ("2024-02-21", "2024-02-29") and found[10] == ("2024-11-21", "2024-11-30")
    assert days("每月下旬", Window(d("2023-02-01"), d("2023-02-28"))) == [("2023-02-21", "2023-02-28")]


def test_a_deadline_runs_from_the_month_start_and_is_cut_to_the_window() -> None:
    assert days("每月5日前", Window(d("2024-03-03"), d("2024-05-04"))) == [
        ("2024-03-03", "2024-03-05"), ("2024-04-01", "2024-04-05")]


def test_quarter_ends_and_the_year_end() -> None:
    assert days("每季度末") == [("2024-03-31", "2024-03-31"), ("2024-06-30", "2024-06-30"),
                              ("2024-09-30", "2024-09-30"), ("2024-12-31", "2024-12-31")]
    # approximate: three days either side; June's spills into July, December's into the next year
    around = days("每季度末月28日前后", Window(d("2024-01-01"), d("2024-12-31")))
    assert around[1] == ("2024-06-25", "2024-07-01") and around[3] == ("2024-12-25", "2024-12-31")
    assert days("每季度末月30日前后")[3] == ("2024-12-27", "2025-01-02")
    assert days("每季度初月20日前后")[1] == ("2024-04-17", "2024-04-23")


def test_quarters_follow_the_calendar_whatever_the_window_start() -> None:
    assert days("每季度末", Window(d("2024-02-10"), d("2024-08-31"))) == [
        ("2024-03-31", "2024-03-31"), ("2024-06-30", "2024-06-30")]


def test_over_new_year() -> None:
    assert days("每月15日", Window(d("2024-11-01"), d("2025-02-20"))) == [
        ("2024-11-15", "2024-11-15"), ("2024-12-15", "2024-12-15"), ("2025-01-15", "2025-01-15"),
        ("2025-02-15", "2025-02-15")]
    assert days("每年12月", Window(d("2024-06-01"), d("2026-06-30"))) == [
        ("2024-12-01", "2024-12-31"), ("2025-12-01", "2025-12-31")]


def test_only_occurrences_whose_day_is_in_the_window() -> None:
    assert days("每年12月31日前", Window(d("2024-01-01"), d("2024-12-30"))) == []
    assert days("每周一", Window(d("2024-01-02"), d("2024-01-07"))) == []


def test_a_list_too_long_is_refused_not_made() -> None:
    with pytest.raises(DateError, match=str(MAX_OCCURRENCES)):
        Series(parse_repeat("每周一"), Window(d("2000-01-01"), d("2099-12-31")))


@pytest.mark.parametrize("text", ["每周八", "每月32日", "每季度第五个月", "monthly on the moon", ""])
def test_unreadable_repeats_say_how_to_write_one(text: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_repeat(text)
    assert "每周一" in (caught.value.hint or "")


def test_finding_occurrences_by_day_without_making_them_all() -> None:
    series = Series(parse_repeat("每月5日前"), YEAR_2024)
    assert series.started_by(d("2023-12-31")) == 0
    assert series.started_by(d("2024-03-01")) == 3 and series.holding(d("2024-03-01")) == 2
    assert series.holding(d("2024-03-06")) is None
    assert series.index_of("2024-03-05") == 2 and series.index_of("2024-03-04") is None


def logged(*dates: str) -> Task:
    task = Task("t", "t", depth=2, repeat=parse_repeat("每周一"), window=YEAR_2024)
    task.log = [Completion(d(x)) for x in dates]
    return task


def test_a_completion_counts_for_the_occurrence_holding_its_day_else_the_latest_started_one() -> None:
    task = logged("2024-01-08", "2024-01-10", "2024-01-10")
    series = Series(task.repeat, YEAR_2024)  # type: ignore[arg-type]
    # 01-08 is the second Monday; 01-10 (no meeting that day) is that Monday's meeting logged late:
    # it repeats it, and neither back-fills the missed first Monday nor credits the third in advance
    assert counted(Plan("p"), task, series) == {1: d("2024-01-08").toordinal()}
    taken = counted(Plan("p"), task, series)
    assert claim(series, taken, d("2024-01-15")).how == CONTAINS  # type: ignore[union-attr]
    assert claim(series, taken, d("2024-01-16")).how == LATE  # type: ignore[union-attr]
    assert claim(series, taken, d("2024-01-09")).how == REPEAT  # type: ignore[union-attr]
