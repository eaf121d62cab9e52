"""At 60 columns `status` keeps what a task waits for: the ids it names go on a line of their own rather than
be cut to the label (`等待…`)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import BUNDLED, run_cli

LANGS = {"en": ({"LANG": "C.UTF-8"}, "waiting for"), "zh": ({"LANG": "zh_CN.UTF-8"}, "等待")}


@pytest.mark.parametrize("lang", list(LANGS))
@pytest.mark.parametrize("columns", [60, 80])
def test_status_at_a_narrow_width_keeps_what_a_task_waits_for(tmp_path: Path, lang: str, columns: int) -> None:
    path = tmp_path / "plan.yaml"
    shutil.copyfile(BUNDLED, path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("      - id: check-report\n", "      - id: check-report\n        after: dem-life\n", 1),
                    encoding="utf-8")
    env, label = LANGS[lang]
    result = run_cli("status", "--plan", str(path), "--today", "2009-05-29", env=env, columns=columns)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert any(line.rstrip().endswith(f"{label} dem-life") for line in lines), lines
    assert not any(line.rstrip().endswith("…") and label in line for line in lines), lines
    assert any("check-report" in line for line in lines)


@pytest.mark.parametrize("lang", list(LANGS))
def test_status_at_60_columns_keeps_the_whole_plan_row_readable(tmp_path: Path, lang: str) -> None:
    """The overdue column's heading ("Overdue", output/words.py) takes cells from the phase column: the
    windows are written compactly (03-01…03-30) rather than cut the last row's label to `whole p…`."""
    env, _label = LANGS[lang]
    path = tmp_path / "plan.yaml"  # a copy: a run on the repository's own plan would leave its cache in the checkout
    path.write_bytes(BUNDLED.read_bytes())
    result = run_cli("status", "--plan", str(path), "--today", "2009-04-12", env=env, columns=60)
    assert result.exit_code == 0, result.output
    last = next(line for line in result.stdout.splitlines() if "03-01…08-31" in line)
    assert "whole plan" in last or "整个计划" in last, result.stdout
