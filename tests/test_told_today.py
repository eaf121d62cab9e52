"""today, yesterday and tomorrow in --date, --from and --to count from the day planctl is told it is
(the root --today, else $PLANCTL_TODAY), not from the machine's clock; a relative day past the
calendar's ends is a usage error, not a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from conftest import BUNDLED, run_cli, write_plan

ENV = {"PLANCTL_NOW": "2026-11-25T08:00:00+08:00"}


def _self_study_days(path: Path) -> list[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("id") == "self-study":
                found.extend(str(entry["date"]) for entry in node.get("log") or [])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data)
    return found


def test_date_yesterday_counts_from_root_today(tmp_path: Path) -> None:
    path = write_plan(tmp_path)
    result = run_cli("--today", "2009-04-12", "done", "self-study", "--plan", str(path), "--by", "zhangwei",
                     "--amount", "2h", "--date", "yesterday", env=ENV)
    assert result.exit_code == 0, result.stderr
    assert "2009-04-11" in _self_study_days(path)


def test_date_yesterday_counts_from_planctl_today(tmp_path: Path) -> None:
    path = write_plan(tmp_path)
    result = run_cli("done", "self-study", "--plan", str(path), "--by", "zhangwei", "--amount", "2h",
                     "--date", "昨天", env={**ENV, "PLANCTL_TODAY": "2009-04-12"})
    assert result.exit_code == 0, result.stderr
    assert "2009-04-11" in _self_study_days(path)


def test_root_today_yesterday_is_recorded_once_back(tmp_path: Path) -> None:
    """`planctl --today yesterday done …` records yesterday, not the day before it."""
    path = write_plan(tmp_path)
    result = run_cli("--today", "yesterday", "done", "self-study", "--plan", str(path), "--by", "zhangwei",
                     "--amount", "2h", "--future", env=ENV)
    assert result.exit_code == 0, result.stderr
    recorded = set(_self_study_days(path)) - set(_self_study_days(BUNDLED))
    assert recorded == {"2026-11-24"}  # PLANCTL_NOW's day is 2026-11-25


def test_tomorrow_after_the_last_day_is_a_usage_error(tmp_path: Path) -> None:
    path = write_plan(tmp_path)
    before = path.read_bytes()
    result = run_cli("--today", "9999-12-31", "done", "self-study", "--plan", str(path), "--by", "zhangwei",
                     "--amount", "2h", "--date", "tomorrow", env=ENV)
    assert result.exit_code == 2
    assert "'tomorrow' has no day: there is none after 9999-12-31" in result.stderr
    assert path.read_bytes() == before


def test_yesterday_before_the_first_day_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("--today", "0001-01-01", "timeline", "--plan", str(write_plan(tmp_path)), "--from", "yesterday", env=ENV)
    assert result.exit_code == 2
    assert "there is none before 0001-01-01" in result.stderr


def test_timeline_from_yesterday_counts_from_today_option(tmp_path: Path) -> None:
    result = run_cli("--today", "2009-04-12", "timeline", "--plan", str(write_plan(tmp_path)), "--from", "yesterday",
                     "--to", "tomorrow", "--json", env=ENV)
    assert result.exit_code == 0, result.stderr
    chart = json.loads(result.stdout)
    text = json.dumps(chart)
    assert "2009-04-11" in text and "2009-04-13" in text


def test_report_from_yesterday_counts_from_today_option(tmp_path: Path) -> None:
    result = run_cli("--today", "2009-04-12", "report", "--plan", str(write_plan(tmp_path)), "--from", "yesterday",
                     "--format", "md", env=ENV)
    assert result.exit_code == 0, result.stderr
    assert "2009-04-11" in result.stdout


def test_log_since_yesterday_counts_from_today_option(tmp_path: Path) -> None:
    path = write_plan(tmp_path)
    for day in ("2009-04-10", "2009-04-11"):
        assert run_cli("done", "self-study", "--plan", str(path), "--by", "zhangwei", "--amount", "1h",
                       "--date", day, "-q", env={**ENV, "PLANCTL_TODAY": "2009-04-12"}).exit_code == 0
    result = run_cli("--today", "2009-04-12", "log", "--plan", str(path), "--since", "yesterday", "--json", env=ENV)
    assert result.exit_code == 0, result.stderr
    assert [row["date"] for row in json.loads(result.stdout)] == ["2009-04-11"]


def test_a_year_past_9999_is_named_as_such(tmp_path: Path) -> None:
    result = run_cli("due", "--plan", str(write_plan(tmp_path)), "--today", "10000-01-01", env=ENV)
    assert result.exit_code == 2
    assert "'10000-01-01' has a year past 9999" in result.stderr and "ambiguous" not in result.stderr


def test_month_dot_day_is_read_as_the_plans_table_dates_are(tmp_path: Path) -> None:
    """`--today 4.12` is 12 April of the plan's year, as `9.1-9.7` in a plan is September."""
    path = write_plan(tmp_path)
    result = run_cli("due", "--plan", str(path), "--today", "4.12", "--json", env=ENV)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["today"] == "2009-04-12"
    wrong = run_cli("due", "--plan", str(path), "--today", "2.30", env=ENV)
    assert wrong.exit_code == 2 and "2009-02 has 28 days, not 30" in wrong.stderr
