"""Issue 14: quarters, half-years and years as windows (第一季度, Q1, 上半年, 全年, 2026年, 年底 …), a
range of months written once (3-4月份), `period:` by quarter, half-year and year (also 季度, 半年, 年 …),
and a list of `periods` whose deadlines follow one another instead of all starting with the parent.

Expected dates are worked out by hand from the calendar, not computed by the code under test.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from planctl.cli.main import app
from planctl.format import dates, schema
from planctl.format.dates import CannotMove, DateError, Move, Mover, Window, parse_when

runner = CliRunner()


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("PLANCTL_PLAN", "PLANCTL_TODAY", "PLANCTL_NOW"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PLANCTL_CACHE", "0")


def write_plan(folder: Path, body: str, year: int = 2009) -> Path:
    path = folder / "plan.yaml"
    path.write_text(f"title: t\nyear: {year}\nroster:\n  people: {{p: P}}\nphases:\n" + body, encoding="utf-8")
    return path


# --- reading: quarter, half-year and year boundaries, leap years -------------------------------------


@pytest.mark.parametrize(("text", "year", "start", "end"), [
    ("第一季度", 2009, "2009-01-01", "2009-03-31"),
    ("一季度", 2008, "2008-01-01", "2008-03-31"),
    ("1季度", 2009, "2009-01-01", "2009-03-31"),
    ("Q1", 2009, "2009-01-01", "2009-03-31"),
    ("q2", 2009, "2009-04-01", "2009-06-30"),
    ("第四季度", 2009, "2009-10-01", "2009-12-31"),
    ("2026年第三季度", None, "2026-07-01", "2026-09-30"),
    ("2026年Q4", None, "2026-10-01", "2026-12-31"),
    ("第一季度末", 2009, "2009-03-31", "2009-03-31"),
    ("三季度末", 2009, "2009-09-30", "2009-09-30"),
    ("2月10日至季度末", 2008, "2008-02-10", "2008-03-31"),  # 季度末 ends the start's quarter
    ("12月5日至季度末", 2009, "2009-12-05", "2009-12-31"),
    ("4月1日-季度末", 2009, "2009-04-01", "2009-06-30"),
    ("上半年", 2008, "2008-01-01", "2008-06-30"),
    ("下半年", 2009, "2009-07-01", "2009-12-31"),
    ("2026年上半年", None, "2026-01-01", "2026-06-30"),
    ("全年", 2008, "2008-01-01", "2008-12-31"),
    ("年内", 2009, "2009-01-01", "2009-12-31"),
    ("2026年", None, "2026-01-01", "2026-12-31"),
    ("2026年全年", None, "2026-01-01", "2026-12-31"),
    ("年底", 2009, "2009-12-31", "2009-12-31"),
    ("年末", 2009, "2009-12-31", "2009-12-31"),
    ("2026年底", None, "2026-12-31", "2026-12-31"),
    ("年初", 2009, "2009-01-01", "2009-01-01"),
    ("一季度至三季度", 2009, "2009-01-01", "2009-09-30"),
    ("第四季度-2010年第一季度", 2009, "2009-10-01", "2010-03-31"),
    ("3-4月份", 2009, "2009-03-01", "2009-04-30"),
    ("2-3月份", 2008, "2008-02-01", "2008-03-31"),
    ("2026年11-12月份", None, "2026-11-01", "2026-12-31"),
    ("12-2010年1月", 2009, "2009-12-01", "2010-01-31"),
    ("3月-4月", 2009, "2009-03-01", "2009-04-30"),
    ("1月-2月", 2008, "2008-01-01", "2008-02-29"),
])
def test_units_of_several_months(text: str, year: int | None, start: str, end: str) -> None:
    window = parse_when(text).resolve(year, None)
    assert (window.start.isoformat(), window.end.isoformat()) == (start, end)
    assert re.search(schema.WINDOW_PATTERN, text), "the schema refuses what check reads"


@pytest.mark.parametrize(("text", "parent", "end"), [
    ("年底前", ("2009-03-01", "2009-12-31"), "2009-12-31"),
    ("第一季度末前", ("2008-01-01", "2008-12-31"), "2008-03-31"),
    ("上半年前", ("2009-02-01", "2009-12-31"), "2009-06-30"),
])
def test_deadlines_at_a_unit(text: str, parent: tuple[str, str], end: str) -> None:
    window = parse_when(text).resolve(2009 if "2008" not in parent[0] else 2008,
                                      Window(*map(date.fromisoformat, parent)))
    assert (window.start.isoformat(), window.end.isoformat()) == (parent[0], end)


@pytest.mark.parametrize("text", ["季度末", "第五季度", "Q5", "五季度", "中半年", "3", "3-4", "3-4日", "3-4季度"])
def test_near_forms_are_refused_by_check_and_the_schema(text: str, tmp_path: Path) -> None:
    with pytest.raises(DateError):
        parse_when(text).resolve(2009, None)
    assert not re.search(schema.WINDOW_PATTERN, text)
    path = write_plan(tmp_path, f"  - id: a\n    title: a\n    when: '{text}'\n")
    result = runner.invoke(app, ["check", "-f", str(path)])
    assert result.exit_code == 1, result.output


@pytest.mark.parametrize(("text", "message"), [
    ("第五季度", "cannot read '第五季度' as a date; closest accepted forms: 第一季度, 第一季度末, 2026年第三季度"),
    ("季度末", "cannot read '季度末' as a date; closest accepted forms: 第一季度末, 第一季度, 4月5日至季度末"),
    ("03-05", "'03-05' is two numbers without 月 or a year, so it is not a date planctl reads; write '3月5日' (one day) or "
              "'3-5月' (months)"),
    ("下旬", "cannot read '下旬' as a date; closest accepted forms: 4月中下旬, 4月中旬-下旬, 4月上旬"),
])
def test_a_refused_window_shows_the_closest_accepted_forms(text: str, message: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_when(text)
    assert str(caught.value) == message


def test_check_shows_the_closest_forms_at_the_window(tmp_path: Path) -> None:
    path = write_plan(tmp_path, "  - id: a\n    title: a\n    when: 4月5日-15\n")
    result = runner.invoke(app, ["check", "-f", str(path)])
    assert result.exit_code == 1
    assert ("cannot read '15' as a date in '4月5日-15'; closest accepted forms: 4月5日-15日, 3月30日, 4月5日前"
            in result.output.replace("\n", ""))


# --- written back, moved, read again -------------------------------------------------------------


UNIT_POINTS = st.sampled_from(["第一季度", "第二季度", "一季度", "四季度", "1季度", "3季度", "Q1", "Q4", "第四季度末",
                               "二季度末", "上半年", "下半年", "全年", "年内", "年底", "年末", "年初"])
WITH_YEAR = st.sampled_from(["", "2008年", "2009年"])


@st.composite
def unit_windows(draw: st.DrawFn) -> str:
    point = draw(WITH_YEAR) + draw(UNIT_POINTS)
    shape = draw(st.sampled_from(["point", "deadline", "range", "months", "to-quarter-end"]))
    if shape == "deadline":
        return point + "前"
    if shape == "range":
        return point + draw(st.sampled_from(["至", "-", "到"])) + draw(WITH_YEAR) + draw(UNIT_POINTS)
    if shape == "months":
        first = draw(st.integers(1, 11))
        return f"{draw(WITH_YEAR)}{first}-{draw(st.integers(first, 12))}{draw(st.sampled_from(['月', '月份']))}"
    if shape == "to-quarter-end":
        return f"{draw(WITH_YEAR)}{draw(st.integers(1, 12))}月{draw(st.integers(1, 28))}日至季度末"
    return point


@settings(max_examples=300, deadline=None)
@given(unit_windows(), st.one_of(st.integers(-400, 400).map(Move), st.integers(-30, 30).map(lambda n: Move(0, n))))
def test_unit_forms_round_trip_and_move(text: str, move: Move) -> None:
    """parse → write back → parse gives the same window; a move gives the window moved."""
    try:
        spec = parse_when(text)
        old = spec.resolve(2009, None)
    except DateError:
        return  # a range ending before it starts
    written = Mover(Move(0, 0), 2009, 2009).window(spec)
    assert written == text and parse_when(written).resolve(2009, None) == old
    try:
        moved_text = Mover(move, 2009, 2009).window(spec)
    except CannotMove:
        return
    new = parse_when(moved_text).resolve(2009, None)
    if move.months is None:
        assert new == move.window(old), moved_text
    else:
        assert new == Window(dates.month_move(old.start, move.months), dates.month_move(old.end, move.months)), moved_text


@pytest.mark.parametrize(("when", "to", "written"), [
    ("第一季度", "2009-04-01", "第二季度"),
    ("Q4", "2010-01-01", "Q1"),  # the plan's year moves to 2010
    ("2009年三季度", "2009-10-01", "2009年四季度"),
    ("第一季度", "2009-02-01", "2月至4月"),  # not a whole quarter: months
    ("上半年", "2009-07-01", "下半年"),
    ("全年", "2010-01-01", "全年"),  # the plan's year moves to 2010
    ("全年", "2009-04-01", "4月至2010年3月"),
    ("2009年", "2010-01-01", "2010年"),
    ("3-4月份", "2009-05-01", "5-6月份"),
    ("3月-4月", "2009-04-01", "4月-5月"),
])
def test_shift_moves_the_unit_forms(tmp_path: Path, when: str, to: str, written: str) -> None:
    path = write_plan(tmp_path, f"  - id: a\n    title: a\n    when: {when}\n")
    result = runner.invoke(app, ["shift", "--to", to, "-f", str(path)])
    assert result.exit_code == 0, result.output
    assert f"    when: {written}\n" in path.read_text(encoding="utf-8")


def test_shift_moves_a_deadline_at_year_end(tmp_path: Path) -> None:
    path = write_plan(tmp_path, "  - id: a\n    title: a\n    when: 3月1日-全年\n    tasks:\n"
                                "      - {id: t, title: t, when: 年底前}\n")
    result = runner.invoke(app, ["shift", "--to", "2009-06-01", "-f", str(path)])
    assert result.exit_code == 0, result.output
    assert "when: 2010年3月底前}" in path.read_text(encoding="utf-8")


# --- period: quarter, half-year, year, and the Chinese words ---------------------------------------


@pytest.mark.parametrize(("period", "when", "windows"), [
    ("quarter", "2008-02-10..2008-12-31", [("2008-02-10", "2008-03-31"), ("2008-04-01", "2008-06-30"),
                                           ("2008-07-01", "2008-09-30"), ("2008-10-01", "2008-12-31")]),
    ("half-year", "2009-03-01..2010-12-31", [("2009-03-01", "2009-06-30"), ("2009-07-01", "2009-12-31"),
                                             ("2010-01-01", "2010-06-30"), ("2010-07-01", "2010-12-31")]),
    ("year", "2008-12-01..2010-01-31", [("2008-12-01", "2008-12-31"), ("2009-01-01", "2009-12-31"),
                                        ("2010-01-01", "2010-01-31")]),
])
def test_calendar_units_cut_the_window(period: str, when: str, windows: list[tuple[str, str]]) -> None:
    window = parse_when(when).resolve(None, None)
    assert [(w.start.isoformat(), w.end.isoformat()) for w in dates.split_periods(window, period)] == windows


def periods_of(path: Path, quota: str) -> list[tuple[str, str, float, float]]:
    result = runner.invoke(app, ["show", quota, "--json", "--today", "2009-12-31", "-f", str(path)])
    assert result.exit_code == 0, result.output
    return [(p["start"], p["end"], round(p["rows"][0]["target"], 2), p["rows"][0]["done"])
            for p in json.loads(result.stdout)["periods"]]


@pytest.mark.parametrize("word", ["季度", "quarter"])
def test_a_quota_each_quarter_prorates_a_short_one(tmp_path: Path, word: str) -> None:
    path = write_plan(tmp_path, "  - id: a\n    title: a\n    when: 2月15日至年底\n    quotas:\n"
                                f"      - {{id: q, title: q, who: p, target: 9, unit: 次, period: {word}}}\n")
    # 2月15日-3月31日 is 45 of the quarter's 90 days (2009): 4.5
    assert periods_of(path, "q") == [("2009-02-15", "2009-03-31", 4.5, 0), ("2009-04-01", "2009-06-30", 9, 0),
                                     ("2009-07-01", "2009-09-30", 9, 0), ("2009-10-01", "2009-12-31", 9, 0)]


@pytest.mark.parametrize(("word", "count"), [("周", 53), ("旬", 36), ("月", 12), ("半年", 2), ("年", 1),
                                             ("half-year", 2), ("year", 1)])
def test_period_words(tmp_path: Path, word: str, count: int) -> None:
    path = write_plan(tmp_path, "  - id: a\n    title: a\n    when: 全年\n    quotas:\n"
                                f"      - {{id: q, title: q, who: p, target: 1, unit: 次, period: {word}}}\n")
    assert len(periods_of(path, "q")) == count


def test_an_unknown_period_suggests_the_closest(tmp_path: Path) -> None:
    path = write_plan(tmp_path, "  - id: a\n    title: a\n    when: 全年\n    quotas:\n"
                                "      - {id: q, title: q, who: p, target: 1, unit: 次, period: quater}\n")
    result = runner.invoke(app, ["check", "-f", str(path)])
    assert result.exit_code == 1
    assert "not 'quater'" in result.output and "did you mean 'quarter'" in result.output


# --- a list of periods: deadlines follow one another ---------------------------------------------


MONTHLY = ("  - id: a\n    title: a\n    when: 全年\n    quotas:\n"
           "      - id: q\n        title: q\n        who: p\n        target: 1\n        unit: 次\n"
           "        periods: [1月5日前, 2月5日前, 3月5日前]\n"
           "        log:\n          - {date: 2009-02-03, by: p}\n")


def test_deadlines_in_a_list_of_periods_follow_one_another(tmp_path: Path) -> None:
    """An entry of 2月3日 fills the period due 2月5日, not the one due 3月5日 (issue 14's wrong answer)."""
    path = write_plan(tmp_path, MONTHLY + "          - {date: 2009-03-01, by: p}\n")
    assert periods_of(path, "q") == [("2009-01-01", "2009-01-05", 1, 0), ("2009-01-06", "2009-02-05", 1, 1),
                                     ("2009-02-06", "2009-03-05", 1, 1)]


def test_overlapping_periods_are_an_error_at_the_period(tmp_path: Path) -> None:
    path = write_plan(tmp_path, "  - id: a\n    title: a\n    when: 全年\n    quotas:\n"
                                "      - id: q\n        title: q\n        who: p\n        target: 1\n"
                                "        periods:\n          - 4月上旬\n          - 4月5日-4月15日\n")
    result = runner.invoke(app, ["check", "-f", str(path)])
    assert result.exit_code == 1, result.output
    assert ("plan.yaml:16:13: error: period '4月5日-4月15日' overlaps period '4月上旬'; the periods of a list "
            "must not share a day") in result.output.replace("\n", "").replace(str(tmp_path) + "/", "")


def test_a_deadline_before_the_previous_period_is_an_error(tmp_path: Path) -> None:
    path = write_plan(tmp_path, MONTHLY.replace("2月5日前, 3月5日前", "3月5日前, 2月5日前"))
    result = runner.invoke(app, ["check", "-f", str(path)])
    assert result.exit_code == 1, result.output
    assert "quota 1q1's period 3: the deadline 2009-02-05 is not after the previous period, which ends 2009-03-05" \
        in result.output


# --- Chinese numerals in dates ------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "year", "start", "end"), [
    ("三月五日", 2009, "2009-03-05", "2009-03-05"),
    ("十二月底", 2009, "2009-12-31", "2009-12-31"),
    ("二月底", 2008, "2008-02-29", "2008-02-29"),
    ("二月二十九日", 2008, "2008-02-29", "2008-02-29"),
    ("十月三十一日", 2009, "2009-10-31", "2009-10-31"),
    ("十一月二十日", 2009, "2009-11-20", "2009-11-20"),
    ("二〇二六年三月", None, "2026-03-01", "2026-03-31"),
    ("二零二六年十二月份", None, "2026-12-01", "2026-12-31"),
    ("二〇〇八年二月下旬", None, "2008-02-21", "2008-02-29"),
    ("三月五日至十五日", 2009, "2009-03-05", "2009-03-15"),
    ("十二月一日-二〇一〇年一月十日", 2009, "2009-12-01", "2010-01-10"),
    ("三-四月份", 2009, "2009-03-01", "2009-04-30"),
    ("二〇二六年底", None, "2026-12-31", "2026-12-31"),
    ("二〇二六年第一季度", None, "2026-01-01", "2026-03-31"),
])
def test_chinese_numerals(text: str, year: int | None, start: str, end: str) -> None:
    window = parse_when(text).resolve(year, None)
    assert (window.start.isoformat(), window.end.isoformat()) == (start, end)
    assert re.search(schema.WINDOW_PATTERN, text), "the schema refuses what check reads"


@pytest.mark.parametrize("text", ["三十二日", "十三月", "一一月", "二月三十日", "〇月", "十十日"])
def test_malformed_chinese_numerals_are_refused(text: str) -> None:
    with pytest.raises(DateError):
        parse_when(("三月" + text) if text.endswith("日") and not text.startswith("二月") else text).resolve(2009, None)


def test_a_completion_date_in_chinese_numerals(tmp_path: Path) -> None:
    assert dates.parse_date("三月五日", 2009) == date(2009, 3, 5)
    assert re.search(schema.DAY_PATTERN, "三月五日") and re.search(schema.DAY_PATTERN, "二〇〇九年十二月底")


CN_NUMBERS = "〇一二三四五六七八九"


def cn(value: int) -> str:
    """A month or day in Chinese numerals, worked out here independently of the code under test."""
    tens, ones = divmod(value, 10)
    return {0: "", 1: "十"}.get(tens, CN_NUMBERS[tens] + "十") + (CN_NUMBERS[ones] if ones else "")


@st.composite
def chinese_windows(draw: st.DrawFn) -> str:
    year = draw(st.sampled_from(["", "二〇〇九年", "二〇一〇年", "二零零八年"]))
    month, day = draw(st.integers(1, 12)), draw(st.integers(1, 28))
    point = draw(st.sampled_from([f"{cn(month)}月{cn(day)}日", f"{cn(month)}月{draw(PARTS)}", f"{cn(month)}月",
                                  f"{cn(month)}月份"]))
    shape = draw(st.sampled_from(["point", "deadline", "range-day"]))
    if shape == "deadline":
        return year + point + "前"
    if shape == "range-day" and point.endswith("日"):
        return f"{year}{point}至{cn(draw(st.integers(day, 28)))}日"
    return year + point


PARTS = st.sampled_from(list(dates.MONTH_PARTS))


@settings(max_examples=200, deadline=None)
@given(chinese_windows(), st.one_of(st.integers(-400, 400).map(Move), st.integers(-30, 30).map(lambda n: Move(0, n))))
def test_chinese_numerals_round_trip_and_move(text: str, move: Move) -> None:
    """Read, written back unchanged, moved in Chinese numerals to the window moved."""
    spec = parse_when(text)
    old = spec.resolve(2009, None)
    assert Mover(Move(0, 0), 2009, 2009).window(spec) == text
    try:
        moved_text = Mover(move, 2009, 2009).window(spec)
    except CannotMove:
        return
    assert not re.search(r"\d", moved_text), moved_text
    new = parse_when(moved_text).resolve(2009, None)
    if move.months is None:
        assert new == move.window(old), moved_text
    else:
        for before, after in ((old.start, new.start), (old.end, new.end)):
            assert (after.year, after.month) == dates.add_months(before.year, before.month, move.months), moved_text


def test_shift_keeps_chinese_numerals(tmp_path: Path) -> None:
    path = write_plan(tmp_path, "  - id: a\n    title: a\n    when: 三月五日至十二月底\n")
    result = runner.invoke(app, ["shift", "--to", "2009-04-05", "-f", str(path)])
    assert result.exit_code == 0, result.output
    assert "    when: 四月五日至2010年一月底\n".replace("2010", "二〇一〇") in path.read_text(encoding="utf-8")


# --- day ranges as tables write them ---------------------------------------------------------------


@pytest.mark.parametrize(("text", "year", "start", "end"), [
    ("9.1-9.7", 2009, "2009-09-01", "2009-09-07"),
    ("9.1—9.7", 2009, "2009-09-01", "2009-09-07"),
    ("9.10", 2009, "2009-09-10", "2009-09-10"),  # the day is 10, not 1 (the text is read, not a number)
    ("2.22-3.1", 2008, "2008-02-22", "2008-03-01"),
    ("12.28-2010.1.3", 2009, "2009-12-28", "2010-01-03"),
    ("2015.8.10-2015.9.1", None, "2015-08-10", "2015-09-01"),
    ("9月1日—7日", 2009, "2009-09-01", "2009-09-07"),
    ("9月1日~9月7日", 2009, "2009-09-01", "2009-09-07"),
    ("9月1日到7日", 2009, "2009-09-01", "2009-09-07"),
    ("从5月下旬开始,至7月上旬", 2009, "2009-05-21", "2009-07-10"),
    ("从5月下旬开始，至7月上旬", 2009, "2009-05-21", "2009-07-10"),
    ("从4月1日起到4月15日", 2009, "2009-04-01", "2009-04-15"),
    ("从2月20日至3月5日", 2008, "2008-02-20", "2008-03-05"),
])
def test_table_day_ranges(text: str, year: int | None, start: str, end: str) -> None:
    window = parse_when(text).resolve(year, None)
    assert (window.start.isoformat(), window.end.isoformat()) == (start, end)
    assert re.search(schema.WINDOW_PATTERN, text), "the schema refuses what check reads"
    assert Mover(Move(0, 0), year, year).window(parse_when(text)) == text  # written back unchanged


@pytest.mark.parametrize("text", ["9.32-10.1", "13.1", "9.1.", "从5月下旬", "9..1", "从"])
def test_near_table_forms_are_refused(text: str) -> None:
    with pytest.raises(DateError):
        parse_when(text).resolve(2009, None)


@pytest.mark.parametrize(("when", "to", "written"), [
    ("9.1-9.7", "2009-10-01", "10.1-10.7"),
    ("9.1-9.7", "2009-09-04", "9.4-9.10"),
    ("12.28-2010.1.3", "2010-01-04", "1.4-2010.1.10"),  # the plan's year moves to 2010
    ("从5月下旬开始,至7月上旬", "2009-06-21", "从6月下旬开始,至8月上旬"),
    ("9月1日到7日", "2009-09-08", "9月8日到14日"),
])
def test_shift_moves_table_ranges(tmp_path: Path, when: str, to: str, written: str) -> None:
    path = write_plan(tmp_path, f"  - id: a\n    title: a\n    when: '{when}'\n")
    result = runner.invoke(app, ["shift", "--to", to, "-f", str(path)])
    assert result.exit_code == 0, result.output
    assert f"    when: '{written}'\n" in path.read_text(encoding="utf-8")


@st.composite
def table_windows(draw: st.DrawFn) -> str:
    month, day = draw(st.integers(1, 12)), draw(st.integers(1, 28))
    end_month = draw(st.integers(month, 12))
    start = draw(st.sampled_from([f"{month}.{day}", f"2009.{month}.{day}", f"{month}月下旬", f"{month}月{day}日"]))
    end = draw(st.sampled_from([f"{end_month}.{draw(st.integers(day, 28))}", f"{end_month}月上旬"]))
    lead, words = draw(st.sampled_from([("", ""), ("从", "开始,"), ("从", "起"), ("从", "开始，")]))
    return f"{lead}{start}{words}{draw(st.sampled_from(['-', '—', '至', '到', '~']))}{end}"


@settings(max_examples=200, deadline=None)
@given(table_windows(), st.one_of(st.integers(-400, 400).map(Move), st.integers(-30, 30).map(lambda n: Move(0, n))))
def test_table_ranges_round_trip_and_move(text: str, move: Move) -> None:
    try:
        spec = parse_when(text)
        old = spec.resolve(2009, None)
    except DateError:
        return  # an end before the start
    assert Mover(Move(0, 0), 2009, 2009).window(spec) == text
    try:
        moved_text = Mover(move, 2009, 2009).window(spec)
    except CannotMove:
        return
    new = parse_when(moved_text).resolve(2009, None)
    if move.months is None:
        assert new == move.window(old), moved_text
    else:
        for before, after in ((old.start, new.start), (old.end, new.end)):
            assert (after.year, after.month) == dates.add_months(before.year, before.month, move.months), moved_text


def test_a_typed_day_in_chinese_numerals(tmp_path: Path) -> None:
    path = write_plan(tmp_path, "  - {id: a, title: a, when: 4月}\n")
    result = runner.invoke(app, ["due", "--json", "--today", "四月十二日", "-f", str(path)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["today"] == "2009-04-12"


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node to read the patterns as JavaScript does")
def test_the_new_forms_read_alike_in_javascript() -> None:
    samples = ["第一季度", "Q1", "2026年第三季度", "上半年", "全年", "2026年", "年底前", "3-4月份", "三月五日", "二〇二六年三月",
               "9.1-9.7", "从5月下旬开始,至7月上旬", "4月5日至季度末", "季度末", "第五季度", "3-4", "9.1.", "十三月"]
    script = ("const [w, samples] = JSON.parse(process.argv[1]); const W = new RegExp(w, 'u');"
              "console.log(JSON.stringify(samples.map(s => W.test(s))));")
    out = subprocess.run(["node", "-e", script, json.dumps([dates.window_pattern(), samples])], capture_output=True,
                         text=True, check=True, timeout=60)
    assert json.loads(out.stdout) == [bool(re.search(dates.window_pattern(), s)) for s in samples]
