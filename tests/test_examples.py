"""docs/examples/: two real plan documents encoded in their own date forms (issue 14). Each passes
`check`, and `due` / `status` on three days inside it say what a reader of the document would expect.

The expected days come from the documents (their 时间 column, their 每月5日前 and 季度), not from the code.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import DOCS, run_cli
from planctl.format import dates

EXAMPLES = DOCS / "examples"
SCHOOL_NAME = "school-weeks-2025.yaml"
OFFICE_NAME = "office-annual-2026.yaml"


@pytest.fixture(scope="module")
def copies(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The examples copied out of the repository (planctl keeps a cache beside a plan)."""
    folder = tmp_path_factory.mktemp("examples")
    for name in (SCHOOL_NAME, OFFICE_NAME):
        (folder / name).write_bytes((EXAMPLES / name).read_bytes())
    return folder


def due(path: Path, today: str) -> dict[str, Any]:
    result = run_cli("due", "--json", "--all", "--today", today, "-f", str(path))
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def ids(data: dict[str, Any], section: str) -> set[str]:
    return {row["id"] for row in data["sections"].get(section, [])}


@pytest.mark.parametrize("name", [SCHOOL_NAME, OFFICE_NAME])
def test_each_example_passes_check(copies: Path, name: str) -> None:
    result = run_cli("check", "-f", str(copies / name))
    assert result.exit_code == 0, result.output
    assert "OK" in result.output and "warning" not in result.output


# --- the school's week-by-week plan ---------------------------------------------------------------

WEEK1 = {"kebiao", "jiaocai", "shebei", "jihua", "quanti-huiyi", "zuzhang-lihui", "jiaoan-tijiao", "xueqing"}
WEEK2 = {"houke", "zaozixi", "jiaoyanhui", "jiangzuo", "banhui", "shouxin"}
WEEK3 = {"choucha-jiaoan", "zuoye"}


def test_the_school_weeks_read_as_the_tables_dates(copies: Path) -> None:
    """周次 第1周 | 时间 9.1-9.7, and so on: the phases written 第N周 cover the table's days."""
    data = json.loads(run_cli("status", "--json", "--today", "2025-09-03", "-f", str(copies / SCHOOL_NAME)).stdout)
    windows = {line["id"]: (line["window"]["start"], line["window"]["end"]) for line in data["phases"]}
    for phase, time in (("week1", "9.1-9.7"), ("week2", "9.8-9.14"), ("week3", "9.15-9.21")):
        table = dates.parse_when(time).resolve(2025, None)
        assert windows[phase] == (table.start.isoformat(), table.end.isoformat())
        assert windows[phase][0] in ("2025-09-01", "2025-09-08", "2025-09-15")


def test_school_in_week_1_the_start_of_term_work_is_under_way(copies: Path) -> None:
    data = due(copies / SCHOOL_NAME, "2025-09-03")  # Wednesday of 第1周
    assert ids(data, "in_progress") >= WEEK1
    assert ids(data, "upcoming") >= WEEK2  # 第2周 starts Monday 9.8, inside the 7-day horizon
    assert not ids(data, "overdue") and not WEEK3 & (ids(data, "upcoming") | ids(data, "in_progress"))


def test_school_in_week_2_week_1_left_undone_is_overdue(copies: Path) -> None:
    data = due(copies / SCHOOL_NAME, "2025-09-10")
    assert ids(data, "overdue") >= WEEK1
    assert all(row["days"] == 3 for row in data["sections"]["overdue"])  # week 1 ended Sunday 9.7
    assert ids(data, "in_progress") >= WEEK2
    assert ids(data, "upcoming") >= WEEK3


def test_school_on_the_last_day_of_week_3_its_checks_are_due_today(copies: Path) -> None:
    data = due(copies / SCHOOL_NAME, "2025-09-21")  # Sunday, the end of 第3周 (9.15-9.21)
    assert ids(data, "due_today") >= WEEK3
    assert ids(data, "overdue") >= WEEK1 | WEEK2
    status = run_cli("status", "--today", "2025-09-21", "-f", str(copies / SCHOOL_NAME))
    assert status.exit_code == 0
    assert "09-15 … 09-21" in status.stdout and "0/16" in status.stdout
    phases = json.loads(run_cli("status", "--json", "--today", "2025-09-21", "-f", str(copies / SCHOOL_NAME)).stdout)
    assert [(p["id"], p["state"]) for p in phases["phases"]] == [("week1", "late"), ("week2", "late"),
                                                                 ("week3", "active")]


def test_school_done_in_week_2_clears_it_from_overdue(copies: Path, tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_bytes((EXAMPLES / SCHOOL_NAME).read_bytes())
    assert run_cli("done", "kebiao", "--date", "2025-09-05", "-f", str(plan)).exit_code == 0
    data = due(plan, "2025-09-10")
    assert "kebiao" not in ids(data, "overdue") and "jiaocai" in ids(data, "overdue")


# --- the office's annual plan ---------------------------------------------------------------------

def quota_rows(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {row["id"]: row for row in data["sections"]["quotas"]}


def test_office_early_january_the_first_brief_is_due_by_the_5th(copies: Path) -> None:
    data = due(copies / OFFICE_NAME, "2026-01-03")
    rows = quota_rows(data)
    assert rows["jianbao"]["period"]["start"] == "2026-01-01" and rows["jianbao"]["period"]["end"] == "2026-01-05"
    assert rows["xietiaohui"]["period"]["end"] == "2026-03-31"  # 每季度召开1次协调会: the first quarter
    assert rows["pinggu"]["period"]["end"] == "2026-06-30"  # 半年评估
    assert {"qingdan", "taizhang", "wancheng", "huiyi-jianshao"} <= ids(data, "in_progress")
    assert not ids(data, "overdue") and not data["missed_last_period"]


def test_office_early_april_the_first_quarters_duties_were_missed(copies: Path) -> None:
    data = due(copies / OFFICE_NAME, "2026-04-03")
    rows = quota_rows(data)
    # 每月5日前: the April brief covers the days after the March one, 3月6日 to 4月5日
    assert (rows["jianbao"]["period"]["start"], rows["jianbao"]["period"]["end"]) == ("2026-03-06", "2026-04-05")
    assert rows["xietiaohui"]["period"]["start"] == "2026-04-01"  # the second quarter
    missed = {row["id"] for row in data["missed_last_period"]}
    assert {"xietiaohui", "tongbao", "diaoyan", "jianbao"} <= missed
    assert "pinggu" not in missed  # the half-year is not over
    status = run_cli("status", "--today", "2026-04-03", "-f", str(copies / OFFICE_NAME))
    assert status.exit_code == 0 and "01-01 … 12-31" in status.stdout


def test_office_on_new_years_eve_the_year_end_work_is_due_today(copies: Path) -> None:
    data = due(copies / OFFICE_NAME, "2026-12-31")
    assert {"wancheng", "kaohe", "huiyi-jianshao"} <= ids(data, "due_today")
    before = due(copies / OFFICE_NAME, "2026-12-28")
    assert "kaohe" in ids(before, "upcoming")  # 年底 is one day, 12-31
    assert "wancheng" in ids(before, "in_progress")  # 年底前 runs from the year's start


def test_office_a_once_a_quarter_duty_is_not_behind_pace_mid_quarter(copies: Path) -> None:
    status = run_cli("status", "--today", "2026-02-03", "-f", str(copies / OFFICE_NAME))
    assert status.exit_code == 0 and "behind pace" not in status.stdout and "due 03-31" in status.stdout


def test_school_the_marking_rate_is_a_rate_target(copies: Path) -> None:
    rows = quota_rows(due(copies / SCHOOL_NAME, "2025-09-17"))
    assert rows["quanpi"]["target"] == 95 and rows["quanpi"]["unit"] == "%"
