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
    ("10000000000", "h", "more than anyone logs at once"),
])
def test_amounts_refused_say_why(text: str, unit: str, message: str) -> None:
    with pytest.raises(UnitError, match=message):
        parse_amount(text, unit)
