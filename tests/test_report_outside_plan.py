"""`planctl report` for days the plan does not reach (`--week` after it ends, a `--month` before it starts):
before, an empty report and no word of why; now a note on stderr names the plan's dates, the report is still
made (its overdue items are as of today) and the exit is 0, as for days inside the plan in which nothing
happened (tester h93; h98 item 6)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli, write_plan

PLAN = """planctl: 1
title: 办公室2026年工作安排
year: 2026
phases:
  - id: p
    title: 全年工作
    when: 2026年3月1日至2026年6月30日
    tasks:
      - id: t
        title: 年中总结
        when: 2026年6月
"""


@pytest.mark.parametrize(("period", "said"), [
    (["--week", "2026-09-07"], "(2026-09-07 … 2026-09-13) are after the plan ends (it runs 2026-03-01 … 2026-06-30)"),
    (["--month", "2026-01"], "(2026-01-01 … 2026-01-31) are before the plan starts (it runs 2026-03-01 … 2026-06-30)"),
    (["--from", "2026-07-01", "--to", "2026-07-05"], "are after the plan ends"),
])
def test_days_outside_the_plan_are_said_to_be(tmp_path: Path, period: list[str], said: str) -> None:
    plan = write_plan(tmp_path, PLAN)
    result = run_cli("report", "-f", str(plan), "--today", "2026-09-10", *period)
    assert result.exit_code == 0, result.output
    assert said in result.stderr, result.stderr
    assert "办公室2026年工作安排" in result.stdout


def test_days_inside_the_plan_have_no_such_note(tmp_path: Path) -> None:
    plan = write_plan(tmp_path, PLAN)
    result = run_cli("report", "-f", str(plan), "--today", "2026-06-10", "--week", "2026-06-08")
    assert result.exit_code == 0, result.output
    assert "the plan" not in result.stderr, result.stderr
