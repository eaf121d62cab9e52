"""Faults a fresh tester (h101) found in session 9, fixed by the lead; each test fails on the code before its fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli, write_plan
from planctl.format.loader import load_path
from planctl.output.cells import cell_width


@pytest.mark.parametrize("columns", [20, 30, 40])
def test_a_narrow_list_in_chinese_leaves_columns_out_as_in_english(tmp_path: Path, columns: int) -> None:
    # The columns to leave out were named in English and looked up among the Chinese headers: exit 70.
    path = write_plan(tmp_path)
    plan = load_path(path).plan
    assert plan is not None
    result = run_cli("list", "-f", str(path), "--today", "2009-04-12", env={"LANG": "zh_CN.UTF-8"}, columns=columns)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(cell_width(line) for line in lines) <= columns
    assert "时间段" not in result.stdout  # the window column is the second left out
    shown = {word for line in lines for word in line.split()}
    assert all(task.id in shown for task in plan.walk())


@pytest.mark.parametrize("where", ["root", "command"])
def test_shift_is_silent_with_quiet_as_every_other_writing_command(tmp_path: Path, where: str) -> None:
    path = write_plan(tmp_path)
    quiet = ["-q", "shift"] if where == "root" else ["shift", "-q"]
    result = run_cli(*quiet, "-f", str(path), "--to", "2010-03-01")
    assert result.exit_code == 0, result.stderr
    assert (result.stdout, result.stderr) == ("", "")
    assert "year: 2010" in path.read_text(encoding="utf-8")
