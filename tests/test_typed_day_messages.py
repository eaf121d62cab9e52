"""A day typed on the command line (--today, --to, …): each near miss is told what it is (h19)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conftest import run_cli
from planctl.format.dates import DateError, read_typed_day

TODAY = date(2026, 11, 29)


def refusal(text: str) -> DateError:
    with pytest.raises(DateError) as caught:
        read_typed_day(text, TODAY, 2009)
    return caught.value


@pytest.mark.parametrize(("text", "message", "hint"), [
    ("2009-04-12T10:00", "'2009-04-12T10:00' is a day and a time; a day is wanted", "write the day alone: 2009-04-12"),
    ("2009-04-12 10:00:00+08:00", "is a day and a time", "write the day alone: 2009-04-12"),
    ("+1", "'+1' is a number of days, not a day", "tomorrow"),
    ("-2", "'-2' is a number of days, not a day", "2009-04-12"),
    ("-2009-04-12", "'-2009-04-12' has a '-' before the day", "write the day alone: 2009-04-12"),
    ("12", "'12' is a number, not a day", "2009-04-12"),
])
def test_near_misses_are_not_called_ambiguous(text: str, message: str, hint: str) -> None:
    error = refusal(text)
    assert message in str(error) and "ambiguous" not in str(error)
    assert error.hint is not None and hint in error.hint


def test_full_width_digits_and_dashes_are_read_as_in_a_plan() -> None:
    assert read_typed_day("２００９－０４－１２", TODAY, 2009) == date(2009, 4, 12)
    assert read_typed_day("２００９／４／１２", TODAY, 2009) == date(2009, 4, 12)
    assert read_typed_day("４月５日", TODAY, 2009) == date(2009, 4, 5)


def test_a_day_its_month_lacks_reads_as_check_says_it() -> None:
    assert str(refusal("2009-02-29")) == "'2009-02-29' is not a day: 2009-02 has 28 days, not 29"
    assert str(refusal("2009/4/31")) == "'2009/4/31' is not a day: 2009-04 has 30 days, not 31"
    assert str(refusal("2009-13-01")) == "no month 13 in '2009-13-01'"


def test_a_chinese_day_not_read_is_told_the_single_day_forms() -> None:
    for text in ("四月上旬", "4月上旬"):  # 四月十二日 itself is a day (Chinese numerals, issue 14)
        hint = refusal(text).hint
        assert hint is not None and "4月12日" in hint and "4月底" in hint
        assert "4月上旬," not in hint and "10月份," not in hint  # named only as what is not a day
    assert "is a period, not a single day" in str(refusal("4月上旬"))


def test_the_cli_says_it_with_its_option(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("title: t\nyear: 2009\nphases:\n  - {id: p, title: P, when: 4月}\n", encoding="utf-8")
    result = run_cli("due", "--plan", str(path), "--today", "2009-04-12T10:00")
    assert result.exit_code == 2
    assert result.stderr == ("planctl: error: --today: '2009-04-12T10:00' is a day and a time; a day is wanted\n"
                             "planctl: hint: write the day alone: 2009-04-12\n")


def test_a_plan_is_told_the_form_of_a_day_typed_with_slashes(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("title: t\nyear: 2026\nphases:\n  - {id: p, title: P, when: 2026/4/5}\n", encoding="utf-8")
    result = run_cli("check", "--plan", str(path))
    assert result.exit_code != 0
    assert "a plan writes 2026/4/5 as 2026-04-05" in result.stdout + result.stderr
