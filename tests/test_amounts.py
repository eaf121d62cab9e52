"""Amounts as a user sees them (h18): the calendar's last week, amounts typed in combined units, amounts
too small to store, the figure shown for a quota next to its state (never "8/8 h" when not met), and
report data files at full precision while the ledgers read in display units (format/units.py)."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import run_cli
from planctl.format.units import HOURS, UnitError, parse_amount
from planctl.status import report as r


def cli(plan: Path, *args: str) -> Any:
    return run_cli(*args, "--plan", str(plan), columns=200)


# The calendar's end: date arithmetic near date.max is clamped, never an OverflowError (exit 70)


def test_the_last_week_of_the_calendar_ends_on_its_last_day() -> None:
    assert r.week_of(date.max) == (date(9999, 12, 27), date.max)
    assert r.week_of(date(9999, 12, 27)) == (date(9999, 12, 27), date.max)
    assert r.next_period(None, r.Period(r.WEEK, r.week_of(date(9999, 12, 20)))) == (  # type: ignore[arg-type]
        r.Period(r.WEEK, (date(9999, 12, 27), date.max)))


@pytest.mark.parametrize("args", [["--today", "9999-12-27"], ["--week", "9999-12-31", "-F", "csv"],
                                  ["--today", "9999-12-20"]])
def test_a_report_at_the_calendar_end(make_plan: Any, args: list[str]) -> None:
    result = cli(make_plan(), "report", *args)
    assert result.exit_code == 0, result.stderr
    assert "9999-12-27" in result.stdout + result.stderr or args[0] == "--week"


# Amounts typed with hours and minutes together; amounts too small to count; never exponent notation


@pytest.mark.parametrize(("text", "hours"), [("1h30min", 1.5), ("1小时30分钟", 1.5), ("2时15分", 2.25),
                                             ("1h 20 min", 1 + 1 / 3), ("1.5h", 1.5)])
def test_hours_and_minutes_together_are_hours(text: str, hours: float) -> None:
    assert parse_amount(text, HOURS) == pytest.approx(hours)


@pytest.mark.parametrize(("text", "unit"), [("1h30min", "次"), ("0.0001min", HOURS), ("0.0001h", HOURS)])
def test_amounts_not_in_the_unit_or_under_a_second_are_refused(text: str, unit: str) -> None:
    with pytest.raises(UnitError):
        parse_amount(text, unit)


def test_done_writes_combined_amounts_in_plain_decimals_and_refuses_specks(make_plan: Any) -> None:
    plan = make_plan()
    before = plan.read_bytes()
    result = cli(plan, "done", "self-study", "--by", "lina", "--amount", "0.0001min", "--date", "2009-04-08")
    assert result.exit_code == 2 and "second" in result.stderr and plan.read_bytes() == before
    for amount in ("1h30min", "1小时20分钟", "1min"):
        result = cli(plan, "done", "self-study", "--by", "lina", "--amount", amount, "--date", "2009-04-08")
        assert result.exit_code == 0, result.stderr
    text = plan.read_text(encoding="utf-8")
    assert "amount: 1.5," in text and "amount: 1.333333," in text and "amount: 0.016667," in text
    assert all(re.fullmatch(r"\d+(\.\d+)?", found) for found in re.findall(r"amount: ([^,}]+)", text))


# A quota just short of its target never reads as met; report data files at full precision


def _logged(make_plan: Any, *amounts: str) -> Path:
    plan = make_plan()
    for amount in amounts:
        result = cli(plan, "done", "self-study", "--by", "lina", "--amount", amount, "--date", "2009-04-08")
        assert result.exit_code == 0, result.stderr
    return plan


def _lina_rows(document: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(document, dict):
        scope = document.get("scope")
        if isinstance(scope, dict) and scope.get("id") == "lina" and document.get("unit") == "h":
            found.append(document)
        for value in document.values():
            found += _lina_rows(value)
    elif isinstance(document, list):
        for value in document:
            found += _lina_rows(value)
    return found


@pytest.mark.parametrize("amount", ["7.96", "7.999"])
def test_a_quota_just_short_of_its_target_never_reads_as_met(make_plan: Any, amount: str) -> None:
    plan = _logged(make_plan, amount)
    today = ("--today", "2009-04-08")
    status = cli(plan, "status", *today).stdout
    assert "李娜" in status and "8/8 h" not in status and "7.9/8 h" in status
    show = cli(plan, "show", "self-study", *today).stdout
    assert "8/8 h" not in show and "7.9/8 h" in show
    report = cli(plan, "report", *today, "-F", "md").stdout
    assert "100%" not in report and "7.9/8 小时" in report  # a Chinese plan's report says hours in Chinese
    for args in (["status", "--json"], ["export", "json"]):
        rows = [row for row in _lina_rows(json.loads(cli(plan, *args, *today).stdout)) if row["state"] != "met"]
        assert rows and all(row["done"] < row["target"] for row in rows), args
    met = _logged(make_plan, "7.9999")  # 28799.64 s: 8 h to the second
    assert "8/8 h ✓" in cli(met, "show", "self-study", *today).stdout


def test_report_data_at_full_precision_and_ledgers_in_display_units(make_plan: Any) -> None:
    plan = _logged(make_plan, *["20min"] * 24, "1min", "90min", "1.5h")
    rows = list(csv.reader(io.StringIO(cli(plan, "report", "--today", "2009-04-12", "-F", "csv").stdout)))
    column = rows[0].index("数量（小时）")
    amounts = [float(row[column]) for row in rows[1:] if row[column]]
    assert sum(amounts) == pytest.approx(11 + 1 / 60, abs=1e-9) and min(amounts) == pytest.approx(1 / 60)
    text = cli(plan, "report", "--today", "2009-04-12").stdout
    assert text.count("20 分钟") == 24 and "1 分钟" in text and "0.3 小时" not in text
    exported = json.loads(cli(plan, "export", "json", "--today", "2009-04-12").stdout)
    logged = re.findall(r'"amount": ([0-9.]+)', json.dumps(exported))
    assert sum(float(a) for a in logged) == pytest.approx(11 + 1 / 60, abs=1e-9)
