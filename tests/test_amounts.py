"""Amounts as a user sees them (h18): the calendar's last week, amounts typed in combined units, amounts
too small to store, the figure shown for a quota next to its state (never "8/8 h" when not met), and
report data files at full precision while the ledgers read in display units (format/units.py)."""

from __future__ import annotations

import csv
import io
import json
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
