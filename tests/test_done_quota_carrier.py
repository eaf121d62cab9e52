"""`done` on a phase or task that carries quotas (fault 3 of session 8): the completion closes the item, not a
quota, while the person almost always meant an hour of 党员每周自学 under 深入学习理论. Named by its title, on a
terminal `done` asks; without one it refuses (exit 2, nothing written) with a hint naming a quota; `--yes` still
closes the item, and so does naming it by its id or outline number (a deliberate choice, as scripts do)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import BUNDLED, run_cli


@pytest.fixture()
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_bytes(BUNDLED.read_bytes())
    return path


def done(plan: Path, *args: str, input: str | None = None) -> tuple[int, str]:
    result = run_cli("done", *args, "-f", str(plan), "--date", "2009-04-02", "--by", "zhangwei", input=input)
    return result.exit_code, result.stdout + result.stderr


@pytest.mark.parametrize("name", ["深入学习理论", "深入学习理论 "])
def test_without_a_terminal_it_is_refused_with_the_quotas_named(plan: Path, name: str) -> None:
    before = plan.read_bytes()
    code, said = done(plan, name)
    assert code == 2, said
    assert plan.read_bytes() == before  # nothing recorded
    assert "2.1q3 self-study 党员每周自学" in said and "closes it, not a quota" in said, said
    assert "planctl done branch-study" in said and "--yes" in said, said


def test_asked_on_a_terminal_no_records_nothing_and_yes_closes_the_task(plan: Path) -> None:
    before = plan.read_bytes()
    code, said = done(plan, "深入学习理论", input="n\n")
    assert code == 0 and "Record it?" in said and "nothing recorded" in said, said
    assert plan.read_bytes() == before
    code, said = done(plan, "深入学习理论", input="y\n")
    assert code == 0 and "recorded: 2.1 theory" in said, said
    assert plan.read_bytes() != before


@pytest.mark.parametrize("name", ["theory", "2.1"])
def test_by_its_id_or_outline_it_is_recorded_without_a_question(plan: Path, name: str) -> None:
    code, said = done(plan, name)
    assert code == 0 and "recorded: 2.1 theory" in said and "Record it?" not in said, said


def test_yes_closes_it_without_asking_and_a_quota_is_logged_as_before(plan: Path) -> None:
    code, said = done(plan, "深入学习理论", "--yes")
    assert code == 0 and "recorded: 2.1 theory" in said and "Record it?" not in said, said
    code, said = done(plan, "self-study", "--amount", "2h")
    assert code == 0 and "recorded: 2.1q3 self-study" in said, said


def test_a_phase_with_open_sub_tasks_and_a_quota_names_both_in_one_question(plan: Path) -> None:
    code, said = done(plan, "学习调研阶段", input="n\n")
    assert code == 0 and said.count("Record it?") == 1, said
    assert "also closes" in said and "2q1 center-study" in said, said
