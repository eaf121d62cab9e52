"""Issue 21's leftovers: narrow terminals never cut a number, files never get colour, a root option beats the
environment, and a small amount of hours reads as minutes in `status` as everywhere else."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from rich.cells import cell_len

from conftest import BUNDLED, run_cli

TODAY = "2009-04-12"
NARROW_VIEWS = [["status"], ["list"], ["show", "study"], ["show", "self-study"], ["show", "branch-study"],
                ["show", "notes"], ["timeline"]]
# What a reader takes in at a glance: done of target (2/13, 0/8 h, 0/5000字), buffers (12.0 d), days (04-30).
FIGURES = re.compile(r"\d+(?:\.\d+)?/\d+(?:\.\d+)?(?: h|\S)?|\d+\.\d d \w+|\d\d-\d\d")


def plan_copy(tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    shutil.copyfile(BUNDLED, path)
    return path


def view(path: Path, args: list[str], columns: int, env: dict[str, str | None] | None = None) -> str:
    result = run_cli(*args, "--plan", str(path), "--today", TODAY, columns=columns, env=env)
    assert result.exit_code == 0, result.stderr
    return result.stdout


# --- 1. narrow terminals ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("args", NARROW_VIEWS, ids=" ".join)
def test_at_60_columns_no_line_is_cut_inside_a_figure(tmp_path: Path, args: list[str]) -> None:
    text = view(plan_copy(tmp_path), args, 60)
    for line in text.splitlines():
        assert cell_len(line) <= 60, line
        assert not re.search(r"[\d/]…(?!\d)", line), f"a number cut: {line!r}"  # 03-31…04-06 is a range


@pytest.mark.parametrize("args", [v for v in NARROW_VIEWS if v not in (["timeline"], ["show", "self-study"])],
                         ids=" ".join)  # the charts differ by design; self-study's 5 periods stack, without totals
def test_at_60_columns_every_figure_of_the_wide_view_is_still_shown(tmp_path: Path, args: list[str]) -> None:
    path = plan_copy(tmp_path)
    wide, narrow = view(path, args, 160), view(path, args, 60)
    missing = set(FIGURES.findall(wide)) - set(FIGURES.findall(narrow))
    assert not missing, missing


def test_status_at_60_columns_keeps_the_late_column_and_whole_counts(tmp_path: Path) -> None:
    lines = view(plan_copy(tmp_path), ["status"], 60).splitlines()
    header = next(line for line in lines if line.startswith("#"))
    assert header.split()[-1] == "Overdue"
    study = next(line for line in lines if line.startswith("2 "))
    assert study.split()[-2:] == ["0/13", "3"]  # the tasks done, then how many are late
    assert any(line.endswith("12.0 d behind") for line in lines)


def test_list_at_60_columns_drops_the_id_rather_than_cut_the_state(tmp_path: Path) -> None:
    lines = view(plan_copy(tmp_path), ["list"], 60).splitlines()
    states = {line.split("  ")[-1] for line in lines if re.match(r"\d+(\.\d+)*(q\d+)? ", line)}
    assert states <= {"overdue", "in progress", "not started", "done", "behind", "missed", "met", "on pace"}, states
    assert "not started" in states and "ID" not in lines[2].split()


# --- 2. files never get colour ----------------------------------------------------------------------------------

FORCED = {"NO_COLOR": None, "FORCE_COLOR": "1"}


@pytest.mark.parametrize("name", ["week.txt", "week"])
def test_report_to_a_file_has_no_colour_even_when_forced(tmp_path: Path, name: str) -> None:
    path, out = plan_copy(tmp_path), tmp_path / name
    result = run_cli("report", "--plan", str(path), "--today", TODAY, "-o", str(out), env=FORCED)
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "配额" in text and "\x1b[" not in text


def test_report_on_a_forced_stdout_is_still_coloured(tmp_path: Path) -> None:
    result = run_cli("report", "--plan", str(plan_copy(tmp_path)), "--today", TODAY, env=FORCED)
    assert result.exit_code == 0 and "\x1b[" in result.stdout


# --- 3. the command line beats the environment --------------------------------------------------------------------

@pytest.mark.parametrize("command", ["due", "status", "list"])
def test_the_root_today_beats_planctl_today(tmp_path: Path, command: str) -> None:
    path = plan_copy(tmp_path)
    env = {"PLANCTL_TODAY": "2009-05-01"}
    root = run_cli("--today", TODAY, command, "--plan", str(path), "--json", env=env)
    assert root.exit_code == 0, root.stderr
    assert json.loads(root.stdout)["today"] == TODAY
    own = run_cli("--today", "2009-04-20", command, "--plan", str(path), "--today", TODAY, "--json", env=env)
    assert json.loads(own.stdout)["today"] == TODAY  # the command's own option beats the root's
    told = run_cli(command, "--plan", str(path), "--json", env=env)
    assert json.loads(told.stdout)["today"] == "2009-05-01"  # with no option the environment still counts


def test_the_root_today_beats_planctl_today_for_report_and_init(tmp_path: Path) -> None:
    path = plan_copy(tmp_path)
    env = {"PLANCTL_TODAY": "2009-05-01"}
    report = run_cli("--today", TODAY, "report", "--plan", str(path), "--format", "md", env=env)
    assert report.exit_code == 0, report.stderr
    assert "2009-04-12" in report.stdout.splitlines()[0]
    started = tmp_path / "new.yaml"
    init = run_cli("--today", "2031-02-03", "init", str(started), env=env)
    assert init.exit_code == 0, init.stderr
    assert "2031" in started.read_text(encoding="utf-8") and "2009-05" not in started.read_text(encoding="utf-8")


def test_done_takes_the_root_today_over_planctl_today(tmp_path: Path) -> None:
    path = plan_copy(tmp_path)
    env = {"PLANCTL_TODAY": "2009-05-01"}
    result = run_cli("--today", TODAY, "done", "self-study", "--plan", str(path), "--by", "zhangwei", "--amount", "1h",
                     "--json", env=env)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["entry"]["date"] == TODAY
    far = run_cli("--today", TODAY, "done", "self-study", "--plan", str(path), "--by", "zhangwei", "--amount", "1h",
                  "--date", "2009-04-30", env={"PLANCTL_TODAY": "2009-04-29"})
    assert far.exit_code == 2 and "--future" in far.stderr  # 18 days after the root --today, not 1 after the env's


def test_the_root_plan_beats_planctl_plan(tmp_path: Path) -> None:
    chosen = plan_copy(tmp_path)
    other = tmp_path / "other" / "plan.yaml"
    other.parent.mkdir()
    other.write_text("title: 别的计划\nyear: 2009\nphases:\n  - id: p\n    title: 阶段\n    when: 2009-04-01..2009-04-30\n",
                     encoding="utf-8")
    result = run_cli("--plan", str(chosen), "status", "--today", TODAY, "--json", env={"PLANCTL_PLAN": str(other)})
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["title"] != "别的计划"


# --- 4. small amounts of hours --------------------------------------------------------------------------------

@pytest.mark.parametrize(("amount", "shown"), [("1min", "1 min/8 h"), ("0.25min", "<1 min/8 h")])
@pytest.mark.parametrize("args", [["status"], ["show", "self-study"]], ids=" ".join)
def test_a_minute_of_study_is_not_shown_as_nothing(tmp_path: Path, args: list[str], amount: str, shown: str) -> None:
    path = plan_copy(tmp_path)
    logged = run_cli("done", "self-study", "--plan", str(path), "--by", "zhangwei", "--amount", amount,
                     "--date", TODAY, "--quiet")
    assert logged.exit_code == 0, logged.stderr
    text = view(path, args, 160)
    zhang = [line for line in text.splitlines() if "张伟" in line and "/8 h" in line]
    assert any(shown in line for line in zhang), zhang
