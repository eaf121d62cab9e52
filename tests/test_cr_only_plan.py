"""A plan whose line breaks are CRs alone (the old Mac OS's) reads, and `check` says it cannot be written;
every writer refuses it up front with a located message and the command that converts it, instead of a
cryptic YAML error about the plan it would have written (tester h101, finding 3)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sync_helpers import plan_text, run


@pytest.fixture
def cr_plan(tmp_path: Path) -> Path:
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(plan_text().replace("\n", "\r").encode("utf-8"))
    return plan


def test_check_reads_it_and_warns_that_it_cannot_be_written(cr_plan: Path) -> None:
    code, said = run("check", "-f", str(cr_plan))
    assert code == 0, said
    assert f"{cr_plan}:1:11: warning: the plan's line breaks are CR alone" in said
    assert f"tr \"\\r\" \"\\n\" < {cr_plan} > {cr_plan}.lf && mv {cr_plan}.lf {cr_plan}" in said


@pytest.mark.parametrize("command", [
    ["done", "survey", "--by", "p01", "--date", "2009-04-03", "--today", "2009-04-10"],
    ["undo", "-y"],
    ["shift", "--to", "2010-04-01"],
])
def test_every_writer_refuses_it_up_front_and_writes_nothing(cr_plan: Path, command: list[str]) -> None:
    before = cr_plan.read_bytes()
    code, said = run(*command, "-f", str(cr_plan))
    assert code == 1, said
    assert f"{cr_plan}:1:11: the plan's line breaks are CR alone" in said and "nothing was written" in said
    assert "YAML" not in said
    assert cr_plan.read_bytes() == before


def test_converted_as_told_it_is_written(cr_plan: Path) -> None:
    cr_plan.write_bytes(cr_plan.read_bytes().replace(b"\r", b"\n"))
    code, said = run("check", "-f", str(cr_plan))
    assert code == 0 and "warning" not in said, said
    assert run("done", "survey", "-f", str(cr_plan), "--by", "p01", "--date", "2009-04-03", "--today", "2009-04-10")[0] == 0
