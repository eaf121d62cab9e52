"""The lead's fixes of session 5 (2026-11-30): what first-time testers found, each kept as a case."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from conftest import run_cli
from terminal import screen_answering, terminal_env

SEED = Path(__file__).resolve().parent.parent / "plan.yaml"


def test_ctrl_c_at_dones_question_ends_the_question_line_before_saying_interrupted(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    shutil.copy(SEED, plan)
    before = plan.read_bytes()
    env = terminal_env(LANG="C", LANGUAGE="", PLANCTL_LANG="", NO_COLOR="1", PLANCTL_CACHE="0")
    command = f"{sys.executable} -m planctl done prep --date 2009-03-30 -f {plan}"
    shown = screen_answering(command, env, prompt="[y/N]", keys="C-c", done="RC=")
    assert "RC=130" in shown, shown
    assert any(line.startswith("planctl: interrupted") for line in shown.splitlines()), shown
    assert plan.read_bytes() == before


QUOTA_HEADING = """2026年处室工作计划
一、学习教育（3月1日-12月31日）
（一）每月集中学习不少于2次
由办公室负责组织，每次形成记录。
（二）撰写心得体会
全体党员4月上旬前完成心得体会。
"""


def test_a_heading_that_only_states_a_quota_is_its_phases_quota_not_a_task_owned_by_no_one(tmp_path: Path) -> None:
    from planctl.format.loader import load_bytes

    document = tmp_path / "doc.txt"
    document.write_text(QUOTA_HEADING, encoding="utf-8")
    ran = run_cli("import", str(document), "-o", str(tmp_path / "plan.yaml"))
    assert ran.exit_code == 0, ran.stderr
    plan = load_bytes("plan.yaml", (tmp_path / "plan.yaml").read_bytes()).plan
    assert plan is not None
    phase = plan.phases[0]
    assert [task.title for task in phase.tasks] == ["撰写心得体会"]
    assert [(quota.period, quota.target, quota.unit) for quota in phase.quotas] == [("month", 2, "次")]
    assert "由办公室负责组织，每次形成记录" in (phase.quotas[0].note or "")  # the heading's text is not lost
