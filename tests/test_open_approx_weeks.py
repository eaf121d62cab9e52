"""Issue 14, the date forms added last: open-ended windows (2015年8月10日起), approximate days (4月20日左右),
ISO weeks (2026-W10), teaching weeks (第3-4周, from `week1:`), and calendar weeks for `period: week`.
Each is read, written back unchanged, moved by `shift`, matched by the schema, shown by the views.
Also Hypothesis round trips over every window form, old and new.

Expected dates are worked out by hand from the calendar, not computed by the code under test.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import BUNDLED, run_cli
from planctl.format import dates, schema
from planctl.format.dates import CannotMove, DateError, Move, Mover, Window, parse_when
from planctl.format.loader import load_path, load_source
from planctl.format.source import Source
from planctl.output import due as due_view
from planctl.status.agenda import Filters, build_agenda


def write(folder: Path, body: str, head: str = "title: t\nyear: 2026\n") -> Path:
    path = folder / "plan.yaml"
    path.write_text(head + "phases:\n" + body, encoding="utf-8")
    return path


def window(text: str, year: int | None = 2026, parent: Window | None = None, plan_end: date | None = None,
           week1: date | None = None) -> tuple[str, str]:
    resolved = parse_when(text).resolve(year, parent, plan_end, week1)
    return resolved.start.isoformat(), resolved.end.isoformat()


SPRING = Window(date(2026, 3, 1), date(2026, 6, 30))


# --- open-ended windows -------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "start"), [
    ("2015年8月10日起", "2015-08-10"), ("5月下旬起", "2026-05-21"), ("从5月下旬开始", "2026-05-21"),
    ("从2026年4月1日起", "2026-04-01"), ("4月 起", "2026-04-01"), ("第二季度起", "2026-04-01"), ("9.1起", "2026-09-01"),
])
def test_an_open_window_runs_to_the_plan_end_without_a_parent(text: str, start: str) -> None:
    assert window(text, plan_end=date(2026, 12, 31)) == (start, "2026-12-31")


def test_an_open_window_runs_to_its_parents_end() -> None:
    assert window("5月下旬起", parent=SPRING, plan_end=date(2026, 12, 31)) == ("2026-05-21", "2026-06-30")
    # a parent that ends before it starts: it runs over, to the plan's end
    assert window("7月起", parent=SPRING, plan_end=date(2026, 12, 31)) == ("2026-07-01", "2026-12-31")


def test_without_a_plan_end_it_runs_to_the_end_of_its_year() -> None:
    assert window("2024年2月29日起", year=None) == ("2024-02-29", "2024-12-31")


def test_the_plan_end_is_the_latest_written_end_or_the_horizon(tmp_path: Path) -> None:
    body = ("  - id: a\n    title: a\n    when: 3月1日至6月30日\n"
            "  - id: b\n    title: b\n    when: 2015年8月10日起\n"
            "  - id: c\n    title: c\n    when: 9月30日前\n")
    plan = load_path(write(tmp_path, body)).plan
    assert plan is not None
    assert plan.find("b").window == Window(date(2015, 8, 10), date(2026, 9, 30))
    plan = load_path(write(tmp_path, body, "title: t\nyear: 2026\nhorizon: 2026年12月31日\n")).plan
    assert plan is not None
    assert plan.find("b").window == Window(date(2015, 8, 10), date(2026, 12, 31))


def test_an_open_window_starting_after_the_plan_end_is_a_located_error(tmp_path: Path) -> None:
    path = write(tmp_path, "  - id: a\n    title: a\n    when: 3月\n  - id: b\n    title: b\n    when: 5月下旬起\n")
    result = run_cli("check", "-f", str(path))
    assert result.exit_code == 1
    assert ("plan.yaml:9:11: error: phase 2's window: '5月下旬起' has no end, so it runs until the plan's end "
            "(2026-03-31), which is before it starts (2026-05-21): write its end (…至…) or set the plan's `horizon:`"
            ) in result.output


def test_views_bound_an_open_window_by_the_plan_end(tmp_path: Path) -> None:
    path = write(tmp_path, "  - id: p\n    title: 阶段\n    when: 3月1日至6月30日\n    tasks:\n"
                           "      - id: t\n        title: 总结\n        when: 6月30日前\n"
                           "  - id: q\n    title: 日常\n    tasks:\n"
                           "      - id: o\n        title: 长期坚持\n        when: 从5月下旬开始\n")
    due = run_cli("due", "--json", "--today", "2026-05-25", "-f", str(path))
    row = next(r for r in json.loads(due.stdout)["sections"]["in_progress"] if r["id"] == "o")
    assert row["window"] == {"start": "2026-05-21", "end": "2026-06-30", "days": 41, "written": "从5月下旬开始",
                             "open_end": True}
    assert "05-21起 … 06-30" in run_cli("due", "--today", "2026-05-25", "-f", str(path)).stdout
    assert "no end written: runs until 2026-06-30" in run_cli("show", "o", "--today", "2026-05-25", "-f", str(path)).stdout
    after = json.loads(run_cli("due", "--json", "--today", "2026-07-02", "-f", str(path)).stdout)
    assert [r["id"] for r in after["sections"]["overdue"]] == ["t", "o"]
    timeline = run_cli("timeline", "--json", "--today", "2026-05-25", "-f", str(path))
    assert timeline.exit_code == 0 and json.loads(timeline.stdout)["end"] == "2026-06-30"
    status = run_cli("status", "--today", "2026-05-25", "-f", str(path))
    assert status.exit_code == 0 and "03-01 … 06-30" in status.stdout
    out = tmp_path / "plan.ics"
    assert run_cli("export", "ics", "-o", str(out), "--today", "2026-05-25", "-f", str(path)).exit_code == 0
    assert "DTSTART;VALUE=DATE:20260521\nDUE;VALUE=DATE:20260701" in out.read_text(encoding="utf-8")


# --- approximate days ---------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "year", "start", "end"), [
    ("4月20日左右", 2026, "2026-04-17", "2026-04-23"),
    ("3月28日前后", 2026, "2026-03-25", "2026-03-31"),
    ("3月1日左右", 2024, "2024-02-27", "2024-03-04"),  # across a leap February
    ("3月1日左右", 2026, "2026-02-26", "2026-03-04"),
    ("12月30日前后", 2026, "2026-12-27", "2027-01-02"),  # across New Year
    ("2026-04-20前后", None, "2026-04-17", "2026-04-23"),
    ("4 月 20 日 左右", 2026, "2026-04-17", "2026-04-23"),
])
def test_an_approximate_day_is_the_day_give_or_take_three(text: str, year: int | None, start: str, end: str) -> None:
    assert dates.APPROX_DAYS == 3
    assert window(text, year) == (start, end)


def test_a_day_without_a_month_takes_its_parents() -> None:
    assert window("28日前后", parent=Window(date(2026, 2, 1), date(2026, 2, 28))) == ("2026-02-25", "2026-03-03")


def test_views_show_an_approximate_day_as_such(tmp_path: Path) -> None:
    path = write(tmp_path, "  - id: p\n    title: 阶段\n    when: 4月\n    tasks:\n"
                           "      - id: m\n        title: 月度例会\n        when: 20日左右\n")
    due = json.loads(run_cli("due", "--json", "--today", "2026-04-18", "-f", str(path)).stdout)
    row = next(r for r in due["sections"]["in_progress"] if r["id"] == "m")
    assert row["window"] == {"start": "2026-04-17", "end": "2026-04-23", "days": 7, "written": "20日左右",
                             "approx_days": 3}
    assert "约4月20日 (±3 d)" in run_cli("due", "--today", "2026-04-18", "-f", str(path)).stdout
    show = run_cli("show", "m", "--today", "2026-04-18", "-f", str(path)).stdout
    assert "20日左右 → 2026-04-17 … 2026-04-23 (7 days): 约4月20日 (±3 d)" in show
    later = json.loads(run_cli("due", "--json", "--today", "2026-04-24", "-f", str(path)).stdout)
    assert [r["id"] for r in later["sections"]["overdue"]] == ["m"]


# --- weeks --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "start", "end"), [
    ("2026-W10", "2026-03-02", "2026-03-08"),
    ("2026-W01", "2025-12-29", "2026-01-04"),  # week 1 holds 4 January: it starts in December
    ("2026-W53", "2026-12-28", "2027-01-03"),  # 2026 has 53 ISO weeks
    ("2020-W53", "2020-12-28", "2021-01-03"),
    ("2026-W10-W12", "2026-03-02", "2026-03-22"),
    ("2026-W52..2027-W02", "2026-12-21", "2027-01-17"),
    ("2026-W10前", "2026-03-08", "2026-03-08"),
    ("2026-W01..1月25日", "2025-12-29", "2026-01-25"),  # the end takes the ISO week's year, not its Monday's
])
def test_iso_weeks_run_monday_to_sunday(text: str, start: str, end: str) -> None:
    assert window(text, year=None) == (start, end)
    assert re.search(schema.WINDOW_PATTERN, text)


WEEK1 = date(2025, 9, 1)  # a Monday: the 2025 autumn semester of ../shared/plans/school-weeks-2025.txt


@pytest.mark.parametrize(("text", "start", "end"), [
    ("第1周", "2025-09-01", "2025-09-07"),
    ("第2周", "2025-09-08", "2025-09-14"),
    ("第3-4周", "2025-09-15", "2025-09-28"),
    ("第3周至第5周", "2025-09-15", "2025-10-05"),
    ("第3周-第5周", "2025-09-15", "2025-10-05"),
    ("第 18 周", "2025-12-29", "2026-01-04"),  # across New Year
    ("第3周前", "2025-09-21", "2025-09-21"),
    ("第3周起", "2025-09-15", "2026-01-18"),
])
def test_teaching_weeks_count_from_week1(text: str, start: str, end: str) -> None:
    assert window(text, year=2025, plan_end=date(2026, 1, 18), week1=WEEK1) == (start, end)
    assert re.search(schema.WINDOW_PATTERN, text)


def test_teaching_weeks_without_week1_are_a_located_error_each(tmp_path: Path) -> None:
    path = write(tmp_path, "  - id: a\n    title: a\n    when: 第1周\n  - id: b\n    title: b\n    when: 第3-4周\n")
    result = run_cli("check", "-f", str(path))
    assert result.exit_code == 1
    message = ("error: phase {}'s window: 第N周 counts teaching weeks from the plan's `week1:` (the first day of 第1周), "
               "which this plan does not set: add `week1: 2026年9月1日` (its own first day) at the plan's top level")
    assert f"plan.yaml:6:11: {message.format(1)}" in result.output
    assert f"plan.yaml:9:11: {message.format(2)}" in result.output


def test_week1_must_be_a_day(tmp_path: Path) -> None:
    path = write(tmp_path, "  - id: a\n    title: a\n    when: 第1周\n", "title: t\nyear: 2025\nweek1: 9月上旬\n")
    result = run_cli("check", "-f", str(path))
    assert result.exit_code == 1
    assert "plan.yaml:3:8: error: 'week1' (the first day of 第1周): '9月上旬' is a period, not a single day" in result.output


# --- calendar weeks for period: week ------------------------------------------------------------

QUOTA = ("  - id: p\n    title: p\n    when: 2026年3月4日至3月31日\n    quotas:\n"
         "      - id: q\n        title: 每周自学\n        who: x\n        target: 7\n        unit: h\n        period: week\n")
ROSTER = "roster:\n  people:\n    x: 某人\n"


def periods(path: Path) -> list[tuple[str, str]]:
    plan = load_path(path).plan
    assert plan is not None
    return [(w.start.isoformat(), w.end.isoformat()) for w in plan.find("q").period_windows]


def test_blocks_are_the_default_and_calendar_weeks_run_monday_to_sunday(tmp_path: Path) -> None:
    # 2026-03-04 is a Wednesday
    assert periods(write(tmp_path, QUOTA, "title: t\n" + ROSTER))[:2] == [("2026-03-04", "2026-03-10"),
                                                                        ("2026-03-11", "2026-03-17")]
    calendar = periods(write(tmp_path, QUOTA + "        weeks: calendar\n", "title: t\n" + ROSTER))
    assert calendar == [("2026-03-04", "2026-03-08"), ("2026-03-09", "2026-03-15"), ("2026-03-16", "2026-03-22"),
                        ("2026-03-23", "2026-03-29"), ("2026-03-30", "2026-03-31")]
    assert periods(write(tmp_path, QUOTA, "title: t\nweeks: calendar\n" + ROSTER)) == calendar
    plan_says = "title: t\nweeks: calendar\n" + ROSTER
    assert periods(write(tmp_path, QUOTA + "        weeks: blocks\n", plan_says))[0] == ("2026-03-04", "2026-03-10")


def test_a_short_calendar_week_gets_a_prorated_target(tmp_path: Path) -> None:
    path = write(tmp_path, QUOTA + "        weeks: calendar\n", "title: t\n" + ROSTER)
    data = json.loads(run_cli("due", "--json", "--today", "2026-03-05", "-f", str(path)).stdout)
    row = data["sections"]["quotas"][0]
    assert row["period"]["start"] == "2026-03-04" and row["target"] == 5  # 7 h × 5 days / 7


@pytest.mark.parametrize(("value", "message"), [
    ("calender", "the plan's 'weeks' is one of blocks, calendar, not 'calender'; did you mean 'calendar'?"),
])
def test_an_unknown_weeks_value_suggests_the_closest(tmp_path: Path, value: str, message: str) -> None:
    path = write(tmp_path, QUOTA, f"title: t\nweeks: {value}\n" + ROSTER)
    result = run_cli("check", "-f", str(path))
    assert result.exit_code == 1 and message in result.output


def seed_reading(path: Path) -> str:
    """A digest of the bundled plan's `due --json` (its agenda, without `missed_last_period`) on every day of 2009,
    leaving out `section_label` (the section's heading in the reader's language, added after the digest was taken)."""
    plan = load_path(path).plan
    assert plan is not None
    digest = hashlib.sha256()
    day = date(2009, 1, 1)
    while day.year == 2009:
        data = _without_labels(due_view.to_json(plan, build_agenda(plan, day, 7, Filters(), False), "plan.yaml"))
        for rows in data["sections"].values():  # keys issue 15 added to every task row (the seed has none of them)
            for row in rows:
                for key in ("roles", "held_roles", "shares", "waiting_for"):
                    assert row.pop(key, None) in (None, {}, [])
        digest.update(json.dumps(data, ensure_ascii=False, sort_keys=True).encode())
        day += timedelta(days=1)
    return digest.hexdigest()


def _without_labels(data: object) -> object:
    if isinstance(data, dict):
        return {key: _without_labels(value) for key, value in data.items() if key != "section_label"}
    if isinstance(data, list):
        return [_without_labels(value) for value in data]
    return data


# `seed_reading` of the bundled plan before calendar weeks existed (main at aa76cab). Change it only with a
# deliberate change to how the bundled plan reads, and say so in the commit. Session 8 (h87): a quota row's
# `days_left` and `pace` count the days to its period's end as a task's row does (`ends in N days`).
SEED_2009 = "ad8bd4ea1859e48a9ed0b466a2a0385505519660a21460dde1dbcb7efda1e705"


def test_the_bundled_plan_reads_as_before_on_every_day_of_2009(tmp_path: Path) -> None:
    assert seed_reading(BUNDLED) == SEED_2009
    text = BUNDLED.read_text(encoding="utf-8")
    explicit = tmp_path / "explicit.yaml"
    explicit.write_text(text.replace("\nyear: 2009\n", "\nyear: 2009\nweeks: blocks\n", 1), encoding="utf-8")
    assert seed_reading(explicit) == SEED_2009
    calendar = tmp_path / "calendar.yaml"
    calendar.write_text(text.replace("\nyear: 2009\n", "\nyear: 2009\nweeks: calendar\n", 1), encoding="utf-8")
    assert seed_reading(calendar) != SEED_2009  # 每周自学 from a Tuesday: its weeks would differ


# --- shift --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("when", "to", "written"), [
    ("5月下旬起", "2026-03-08", "5月28日起"),  # by days: the start as a day
    ("5月下旬起", "2026-04-01", "6月下旬起"),  # a whole month: the part kept
    ("从2026年5月1日开始", "2026-03-08", "从2026年5月8日开始"),
    ("4月20日左右", "2026-03-08", "4月27日左右"),
    ("4月20日左右", "2026-04-01", "5月20日左右"),
    ("2026-04-20前后", "2026-03-15", "2026-05-04前后"),
    ("2026-W12", "2026-03-08", "2026-W13"),  # whole weeks: the week form
    ("2026-W12-W13", "2026-03-15", "2026-W14-W15"),
    ("2026-W12", "2026-03-04", "2026-03-19..2026-03-25"),  # else ISO days
])
def test_shift_moves_the_new_forms(tmp_path: Path, when: str, to: str, written: str) -> None:
    path = write(tmp_path, f"  - id: p\n    title: p\n    when: 3月1日至6月30日\n"
                           f"  - id: a\n    title: a\n    when: {when}\n")
    result = run_cli("shift", "--to", to, "-f", str(path))
    assert result.exit_code == 0, result.output
    assert f"    when: {written}\n" in path.read_text(encoding="utf-8")


def test_a_whole_plan_shift_moves_week1_and_keeps_teaching_weeks(tmp_path: Path) -> None:
    path = write(tmp_path, "  - id: p\n    title: p\n    when: 第1周至第18周\n    tasks:\n"
                           "      - id: a\n        title: a\n        when: 第3-4周\n",
                 "title: t\nyear: 2025\nweek1: 2025年9月1日\nhorizon: 2026-01-04\n")
    result = run_cli("shift", "--to", "2025-09-08", "-f", str(path))
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    assert "week1: 2025年9月8日\nhorizon: 2026-01-11\n" in text and "when: 第3-4周\n" in text


def test_a_phase_shift_renumbers_teaching_weeks_by_whole_weeks(tmp_path: Path) -> None:
    body = ("  - id: p\n    title: p\n    when: 第1周至第4周\n"
            "  - id: q\n    title: q\n    when: 第5周至第8周\n    tasks:\n"
            "      - id: a\n        title: a\n        when: 第6-7周\n")
    head = "title: t\nyear: 2025\nweek1: 2025年9月1日\n"
    path = write(tmp_path, body, head)
    result = run_cli("shift", "--phase", "q", "--to", "2025-10-13", "-f", str(path))
    assert result.exit_code == 0, result.output
    assert "when: 第7周至第10周\n" in path.read_text(encoding="utf-8")
    assert "when: 第8-9周\n" in path.read_text(encoding="utf-8")
    refused = run_cli("shift", "--phase", "q", "--to", "2025-10-14", "-f", str(path))
    assert refused.exit_code != 0 and "change it by hand" in refused.output


def test_done_writes_the_new_forms_back_unchanged(tmp_path: Path) -> None:
    whens = ["2015年8月10日起", "从5月下旬开始", "4月20日左右", "28日前后", "2026-W10-W12", "第3周至第5周", "第3-4 周"]
    body = "  - id: p\n    title: p\n    when: 3月\n    tasks:\n" + "".join(
        f"      - id: t{i}\n        title: t{i}\n        when: {w}\n" for i, w in enumerate(whens))
    path = write(tmp_path, body.replace("when: 3月\n", "when: 3月至12月\n", 1),
                 "title: t\nyear: 2026\nweek1: 2026年3月2日\nhorizon: 2026年12月31日\n")
    before = path.read_text(encoding="utf-8")
    assert run_cli("check", "-f", str(path)).exit_code == 0
    assert run_cli("done", "t3", "--date", "2026-03-27", "-f", str(path)).exit_code == 0
    after = path.read_text(encoding="utf-8")
    assert [line for line in after.splitlines() if "when:" in line] == \
        [line for line in before.splitlines() if "when:" in line]


# --- the schema and check agree; near misses -----------------------------------------------------

NEW_FORMS = ["2015年8月10日起", "5月下旬起", "从5月下旬开始", "从2015年8月10日起", "28日前后", "4月20日左右",
             "3月28日前后", "2026-04-20前后", "2026-W10", "2026-W10-W12", "2026-W10..2026-W12", "第1周", "第3-4周",
             "第3周至第5周", "第3周前"]


@pytest.mark.parametrize("text", NEW_FORMS)
def test_check_and_the_schema_accept_each_new_form(tmp_path: Path, text: str) -> None:
    assert re.search(schema.WINDOW_PATTERN, text), "the schema refuses what check reads"
    path = write(tmp_path, f"  - id: p\n    title: p\n    when: 3月至12月\n    tasks:\n      - id: a\n        title: a\n"
                           f"        when: '{text}'\n", "title: t\nyear: 2026\nweek1: 2026-03-02\nhorizon: 2026-12-31\n")
    result = run_cli("check", "-f", str(path))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(("text", "message"), [
    ("8月10日以后", "cannot read '8月10日以后' as a date; closest accepted forms: 2015年8月10日起, 3月30日, 4月5日前"),
    ("从5月下旬", "cannot read '从5月下旬' as a date; closest accepted forms: 从5月下旬开始, 4月中下旬, 5月下旬起"),
    ("约4月20日", "cannot read '约4月20日' as a date; closest accepted forms: 4月20日左右, 3月30日, 4月5日前"),
    ("4月上旬左右", "cannot read '4月上旬左右' as a date: 前后 and 左右 go with one day, not with '4月上旬'; "
                   "closest accepted forms: 4月20日左右, 28日前后, 4月上旬"),
    ("第三周", "cannot read '第三周' as a date; closest accepted forms: 第1周, 第3-4周, 第3周至第5周"),
    ("W10", "cannot read 'W10' as a date; closest accepted forms: 2026-W10, Q1, 2026年"),
    ("2026-W10-12", "cannot read '2026-W10-12' as a date; closest accepted forms: 2026-W10-W12, 2026-W10, 2009-03"),
    ("2025-W53", "2025 has no ISO week 53"),
    ("第54周", "no week 54 in '第54周'"),
])
def test_near_misses_are_refused_with_the_closest_forms(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_when(text).resolve(2026, None, None, WEEK1)
    assert str(caught.value) == message
    path = write(tmp_path, f"  - id: a\n    title: a\n    when: '{text}'\n", "title: t\nyear: 2026\nweek1: 2026-03-02\n")
    result = run_cli("check", "-f", str(path))
    in_plans_year = re.sub(r"(?:19|20)\d{2}(?=[年-])", "2026", message)  # check offers forms in the plan's year
    assert result.exit_code == 1 and in_plans_year in result.output
    if text not in ("2025-W53", "第54周"):  # a number out of range passes the pattern, as 4月31日 does
        assert not re.search(schema.WINDOW_PATTERN, text)


# --- Hypothesis: every window form, read, moved, read again ---------------------------------------

MONTHS = st.integers(1, 12)
DAYS = st.integers(1, 28)
CN_NUMBERS = "一二三四五六七八九十"


def _cn(n: int) -> str:
    tens, ones = divmod(n, 10)
    return ("" if tens < 2 else CN_NUMBERS[tens - 1]) + ("十" if tens else "") + (CN_NUMBERS[ones - 1] if ones else "")


@st.composite
def points(draw: st.DrawFn) -> str:
    """A point in any form: days, month parts, months, quarters, half-years, years, numerals, tables, weeks."""
    m, d = draw(MONTHS), draw(DAYS)
    year = draw(st.sampled_from(["", "2026年", "2027年"]))
    return draw(st.sampled_from([
        f"{year}{m}月{d}日", f"{year}{m}月{d}号", f"{year}{m}月{draw(st.sampled_from(list(dates.MONTH_PARTS)))}",
        f"{year}{m}月", f"{year}{m}月份", f"2026-{m:02d}-{d:02d}", f"2026-{m:02d}", f"{_cn(m)}月{_cn(d)}日",
        f"二〇二六年{_cn(m)}月", f"{m}.{d}", f"2026.{m}.{d}", f"{year}第{'一二三四'[(m - 1) // 3]}季度",
        f"Q{(m - 1) // 3 + 1}", f"{year}{'上下'[m > 6]}半年", "全年", f"{year}年底" if year else "年底", "年初",
        f"2026-W{d:02d}", f"2026-W{d:02d}-W{d + 2:02d}", f"第{d}周", f"第{d}-{d + 1}周",
    ]))


@st.composite
def any_windows(draw: st.DrawFn) -> str:
    start = draw(points())
    shape = draw(st.sampled_from(["point", "range", "deadline", "open", "approx", "from-to"]))
    if shape == "point":
        return start
    if shape == "deadline":
        return start + draw(st.sampled_from(dates.DEADLINE_WORDS))
    if shape == "open":
        return draw(st.sampled_from(["", "从"])) + start + draw(st.sampled_from(dates.OPEN_WORDS))
    if shape == "approx":
        m, d = draw(MONTHS), draw(DAYS)
        day = draw(st.sampled_from([f"{m}月{d}日", f"{d}日", f"2026-{m:02d}-{d:02d}", f"{m}.{d}"]))
        return day + draw(st.sampled_from(dates.APPROX_WORDS))
    end = draw(points())
    if shape == "from-to":
        return f"从{start}开始,至{end}"
    return start + draw(st.sampled_from(dates.RANGE_SEPARATORS + (" 至 ",))) + end


PARENT = Window(date(2026, 3, 1), date(2026, 12, 31))
PLAN_END = date(2027, 12, 31)
WEEK1_2026 = date(2026, 3, 2)


def _resolve(text: str) -> Window:
    return parse_when(text).resolve(2026, PARENT, PLAN_END, WEEK1_2026)


@settings(max_examples=400, deadline=None)
@given(any_windows())
def test_every_form_read_written_back_and_read_again_means_the_same(text: str) -> None:
    """parse → write back (a move by nothing) → parse: the same days, and the schema matches both texts."""
    try:
        spec = parse_when(text)
        old = _resolve(text)
    except DateError:
        return  # e.g. a range that ends before it starts
    assert re.search(schema.WINDOW_PATTERN, text), text
    written = Mover(Move(0, 0), 2026, 2026, week1_moves=True).window(spec)
    assert _resolve(written) == old, written
    assert re.search(schema.WINDOW_PATTERN, written), written


@settings(max_examples=400, deadline=None)
@given(any_windows(), st.one_of(st.integers(-60, 60).map(lambda n: Move(7 * n)), st.integers(-40, 40).map(Move),
                                st.integers(-14, 14).filter(bool).map(lambda n: Move(0, n))))
@example("2026-W14以前", Move(0, 1))  # found by Hypothesis: the deadline moved to 05-06 (the week's Monday + a month + 6)
def test_every_form_the_reader_reads_the_mover_moves(text: str, move: Move) -> None:
    """A moved window reads as the old one moved (or the mover says it cannot; it never crashes). Teaching
    weeks are moved as by `--phase` (week1 stays)."""
    try:
        spec = parse_when(text)
        old = _resolve(text)
    except DateError:
        return
    try:
        moved_text = Mover(move, 2026, 2026).window(spec)
    except CannotMove:
        return
    new = parse_when(moved_text)
    if spec.approx and spec.end.month == 0:  # 28日前后: in its parent's month, which moves with it
        assert moved_text == text and move.months
        return
    if spec.open_end:  # its end is its parent's or the plan's, which a shift moves with it
        assert new.open_end and new.end.resolve(2026, WEEK1_2026).start == move.day(old.start), moved_text
        return
    if spec.approx:  # the day moves; the tolerance stays
        assert _resolve(moved_text) == Window(*(move.day(old.start + timedelta(days=3)) + timedelta(days=n)
                                                for n in (-3, 3))), moved_text
        return
    if spec.start is None:  # a deadline: only its end is written
        assert _resolve(moved_text).end == move.day(old.end), moved_text
        return
    if move.months is None or spec.end.week:
        assert _resolve(moved_text) == move.window(old), moved_text
    else:  # a whole-month move keeps a month part (4月下旬 → 5月下旬): each end lands in its month moved
        moved = _resolve(moved_text)
        for before, after in ((old.start, moved.start), (old.end, moved.end)):
            assert (after.year, after.month) == dates.add_months(before.year, before.month, move.months), moved_text


def test_source_of_a_plan_with_every_new_form_loads_without_problems() -> None:
    text = ("title: t\nyear: 2026\nweek1: 2026-03-02\nphases:\n  - id: p\n    title: p\n    when: 第1周至第20周\n"
            "    tasks:\n" + "".join(f"      - id: t{i}\n        title: t\n        when: '{w}'\n"
                                     for i, w in enumerate(NEW_FORMS)))
    loaded = load_source(Source("plan.yaml", text))
    assert [p.message for p in loaded.errors] == []


def test_import_reads_open_and_approximate_items_of_a_document(tmp_path: Path) -> None:
    """An open window ends at the plan's end, which only the whole plan knows: the import still reads back."""
    document = tmp_path / "doc.txt"
    document.write_text("2025年秋季学期工作计划\n一、2015年8月10日起 坚持每日打卡\n二、4月20日左右 召开座谈会\n",
                        encoding="utf-8")
    out = tmp_path / "plan.yaml"
    result = run_cli("import", str(document), "-o", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "when: 2015年8月10日起\n" in text and "when: 4月20日左右\n" in text
    assert run_cli("check", "-f", str(out)).exit_code == 0
