"""The lead's fixes of session 5 (2026-11-30): what first-time testers found, each kept as a case."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

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
