"""Amounts as people type them for `done --amount`."""

from __future__ import annotations

import pytest

from planctl.format.units import UnitError, parse_amount


@pytest.mark.parametrize(("text", "unit", "expected"), [
    ("2h", "h", 2.0), ("2H", "h", 2.0), ("90min", "h", 1.5), ("90 MIN", "h", 1.5), ("1.5小时", "h", 1.5),
    ("3000字", "字", 3000.0), ("3000chars", "字", 3000.0), ("2千字", "字", 2000.0), ("1", "次", 1.0), ("2篇", "篇", 2.0),
])
def test_amounts_read_and_convert(text: str, unit: str, expected: float) -> None:
    assert parse_amount(text, unit) == expected


@pytest.mark.parametrize(("text", "unit", "message"), [
    ("1e3", "h", "cannot read '1e3' as an amount"),
    ("1,5", "h", "write decimals with a dot"),
    ("2字", "h", "not in this quota's unit"),
    ("2h", "次", "not in this quota's unit"),
    ("1.5", "次", "not a whole number"),
    ("1.5字", "字", "not a whole number"),
    ("0", "h", "more than zero"),
    ("-2h", "h", "more than zero"),
    ("1000000000001", "h", r"more than the largest amount planctl takes \(1,000,000,000,000"),
    ("0x10", "h", "not a decimal number"),
])
def test_amounts_refused_say_why(text: str, unit: str, message: str) -> None:
    with pytest.raises(UnitError, match=message):
        parse_amount(text, unit)


# --- totals of amounts typed in minutes reach their target (status/quotas.counted) ------------------


def test_twenty_four_times_twenty_minutes_meet_an_eight_hour_target(tmp_path: object) -> None:
    from pathlib import Path

    from conftest import run_cli, write_plan

    plan = write_plan(Path(str(tmp_path)))
    for _ in range(24):
        result = run_cli("done", "self-study", "--by", "lina", "--amount", "20min", "--date", "2009-04-08",
                         "-f", str(plan))
        assert result.exit_code == 0, result.stderr
    status = run_cli("status", "--today", "2009-04-10", "--json", "-f", str(plan))
    rows = [r for q in json_quotas(status.stdout) for r in q]
    assert any(r.get("state") == "met" and r.get("done") == 8 for r in rows), rows
    report = run_cli("report", "--today", "2009-04-12", "-f", str(plan)).stdout
    lina = [line for line in report.splitlines() if "李娜" in line and "04-07 至 04-13" in line]
    assert lina and all("未达标" not in line and "达标" in line for line in lina), lina


def json_quotas(text: str) -> list[list[dict[str, object]]]:
    import json

    found: list[list[dict[str, object]]] = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            if "state" in value and "done" in value:
                found.append([value])
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(json.loads(text))
    return found


@pytest.mark.parametrize(("hours", "shown"), [(1 / 60, "1 min"), (0.04, "2 min"), (0.001, "<1 min"), (0.05, "3 min"),
                                              (8.0, "8 h")])
def test_small_amounts_of_hours_are_shown_in_minutes_not_as_zero(hours: float, shown: str) -> None:
    from planctl.format.units import display_amount

    assert display_amount(hours, "h") == shown
