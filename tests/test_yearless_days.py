"""A day typed without its year (4月12日, 4.12, Apr 12) in a plan that spans New Year (h89 case 1)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conftest import Cli, write_plan
from planctl.format.dates import Window, read_typed_day

TERM = """planctl: 1
title: 2025学年第一学期
year: 2025
phases:
  - id: p
    title: 学期
    when: 2025年9月1日至2026年1月20日
    tasks:
      - id: t
        title: 期末考试
        when: 2026年1月5日至1月9日
"""
SPAN = Window(date(2025, 9, 1), date(2026, 1, 20))


@pytest.mark.parametrize("typed", ["1月5日", "1.5", "Jan 5", "一月五日"])
def test_a_day_in_the_plans_span_is_in_the_span_whatever_the_plans_year(typed: str) -> None:
    assert read_typed_day(typed, date(2026, 1, 6), 2025, SPAN) == date(2026, 1, 5)
    assert read_typed_day(typed, date(2026, 11, 30), 2025, SPAN) == date(2026, 1, 5)  # a past term's own day


def test_a_day_outside_the_span_is_the_latest_such_day_not_after_today() -> None:
    assert read_typed_day("2.1", date(2026, 3, 5), 2025, SPAN) == date(2026, 2, 1)
    assert read_typed_day("12.30", date(2026, 1, 5), None, None) == date(2025, 12, 30)
    assert read_typed_day("2月29日", date(2026, 3, 5), None, None) == date(2024, 2, 29)


def test_the_span_is_asked_only_for_a_day_without_its_year() -> None:
    def span() -> Window:
        raise AssertionError("asked")

    assert read_typed_day("2026-01-05", date(2026, 1, 6), 2025, span) == date(2026, 1, 5)
    assert read_typed_day("2026年1月5日", date(2026, 1, 6), 2025, span) == date(2026, 1, 5)


def test_done_on_a_day_typed_without_its_year_records_the_terms_day(tmp_path: Path, cli: Cli) -> None:
    plan = write_plan(tmp_path, TERM)
    env = {"PLANCTL_TODAY": "2026-01-06"}
    result = cli("done", "t", "--date", "1月5日", "-f", str(plan), env=env)
    assert result.exit_code == 0, result.output
    assert "{date: 2026-01-05" in plan.read_text(encoding="utf-8")
    assert "outside the plan" not in result.output
    report = cli("report", "-f", str(plan), env={**env, "LANGUAGE": "en"})
    assert "1 done" in report.stdout or "完成 1 项" in report.stdout, report.stdout


def test_a_year_less_day_on_a_plan_without_year_is_not_a_year_ahead(tmp_path: Path, cli: Cli) -> None:
    plan = write_plan(tmp_path, TERM.replace("year: 2025\n", ""))
    result = cli("done", "t", "--date", "12.30", "-f", str(plan), env={"PLANCTL_TODAY": "2026-01-05"})
    assert result.exit_code == 0, result.output
    assert "{date: 2025-12-30" in plan.read_text(encoding="utf-8")


def test_due_told_a_day_without_its_year_shows_the_terms_day(tmp_path: Path, cli: Cli) -> None:
    plan = write_plan(tmp_path, TERM)
    result = cli("due", "--today", "1月7日", "-f", str(plan))
    assert result.exit_code == 0, result.output
    assert "2026-01-07" in result.stdout and "期末考试" in result.stdout


@pytest.mark.parametrize(("language", "said"), [("en", "the year 2025 was assumed: the plan runs 2025-09-01 … 2026-01-20"),
                                                ("zh_CN", "假定为 2025 年：计划的时间是 2025-09-01 至 2026-01-20")])
def test_a_day_no_year_of_the_plan_has_says_which_year_was_assumed_and_why(tmp_path: Path, cli: Cli, language: str,
                                                                            said: str) -> None:  # tester h93, h98 item 5
    plan = write_plan(tmp_path, TERM)
    before = plan.read_bytes()
    result = cli("done", "t", "--date", "2月29日", "-f", str(plan), env={"PLANCTL_TODAY": "2026-01-06",
                                                                         "PLANCTL_LANG": language})
    assert result.exit_code == 2, result.output
    assert said in result.stderr and "2024-02-29" in result.stderr, result.stderr
    assert plan.read_bytes() == before
