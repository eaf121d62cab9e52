"""Behaviour found by trying planctl as a new user: each test is one thing a person would notice."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from planctl.cli import app

ROOT = Path(__file__).resolve().parent.parent
ENV = {"PLANCTL_NOW": "2026-11-25T08:00:00", "NO_COLOR": "1", "COLUMNS": "120"}
runner = CliRunner()


def plan_copy(tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    shutil.copy(ROOT / "plan.yaml", path)
    return path


def run(*args: str, env: dict[str, str] | None = None, stdin: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), env={**ENV, **(env or {})}, input=stdin)


def test_unresolved_merge_markers_are_named(tmp_path: Path) -> None:
    path = plan_copy(tmp_path)
    text = path.read_text(encoding="utf-8").replace(
        "        title: 动员部署\n",
        "<<<<<<< ours\n        title: 动员部署大会\n=======\n        title: 动员部署会\n>>>>>>> theirs\n")
    path.write_text(text, encoding="utf-8")
    result = run("check", str(path))
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if ": error: " in line]
    assert [line.split(":")[1] for line in lines] == ["55", "57", "59"]
    assert all("unresolved merge conflict marker" in line for line in lines)


def test_check_with_plan_option_and_a_path_checks_both(tmp_path: Path) -> None:
    good = plan_copy(tmp_path)
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: x\nphases: 3\n", encoding="utf-8")
    result = run("check", "-f", str(bad), str(good))
    assert result.exit_code == 1
    assert "bad.yaml:2:9: error: 'phases' must be a list" in result.stdout
    assert "plan.yaml: OK" in result.stdout


def test_undo_with_no_answer_is_a_usage_error_and_changes_nothing(tmp_path: Path) -> None:
    path = plan_copy(tmp_path)
    assert run("done", "mobilize", "--date", "2009-03-30", "-f", str(path)).exit_code == 0
    after = path.read_bytes()
    result = run("undo", "-f", str(path), stdin="")
    assert result.exit_code == 2 and "pass --yes" in result.stderr
    assert path.read_bytes() == after


def test_done_records_the_day_planctl_today_names(tmp_path: Path) -> None:
    path = plan_copy(tmp_path)
    result = run("done", "mobilize", "-f", str(path), env={"PLANCTL_TODAY": "2009-03-30"})
    assert result.exit_code == 0
    assert "{date: 2009-03-30, at: 2026-11-25T08:00:00}" in path.read_text(encoding="utf-8")


def test_done_says_when_a_day_would_not_count(tmp_path: Path) -> None:
    path = plan_copy(tmp_path)
    result = run("done", "self-study", "--by", "lina", "--amount", "2h", "--date", "2009-06-01", "-f", str(path))
    assert result.exit_code == 0
    assert "2009-06-01 is outside the periods of quota 'self-study'" in result.stderr
    checked = run("check", str(path))
    assert checked.exit_code == 0 and "warning: 2009-06-01 is outside the periods" in checked.stdout
    task = run("done", "scheme", "-f", str(path))  # no --date: 2026-11-25, far from a 2009 plan
    assert "2026-11-25 is outside the plan (2009-03-01 … 2009-08-31)" in task.stderr


def test_strict_says_why_it_fails(tmp_path: Path) -> None:
    result = run("due", "--today", "2009-04-12", "--strict", "-f", str(plan_copy(tmp_path)))
    assert result.exit_code == 1
    assert result.stderr.strip() == "planctl: --strict: 6 overdue, 28 behind pace"


def test_a_bad_planctl_today_names_the_variable(tmp_path: Path) -> None:
    result = run("due", "-f", str(plan_copy(tmp_path)), env={"PLANCTL_TODAY": "garbage"})
    assert result.exit_code == 2 and "$PLANCTL_TODAY: cannot read 'garbage' as a day" in result.stderr


def test_quiet_silences_messages_not_data_or_warnings(tmp_path: Path) -> None:
    path = plan_copy(tmp_path)
    quiet = run("-q", "done", "mobilize", "--date", "2009-03-30", "-f", str(path))
    assert quiet.exit_code == 0 and quiet.stderr == "" and quiet.stdout == ""
    again = run("-q", "done", "mobilize", "--date", "2009-03-30", "-f", str(path))
    assert "already done" in again.stderr  # why nothing happened is still said
    data = run("-q", "due", "--today", "2009-04-12", "--json", "-f", str(path))
    assert data.stdout.startswith("{")
