"""A pager that cannot run never swallows the output (as git): planctl says so on stderr and shows the
output on the terminal anyway, with the command's own exit code. Run through a real pseudo-terminal."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import planctl_on_pty

ROOT = Path(__file__).resolve().parent.parent


def _in_a_terminal(args: list[str], cwd: Path, env: dict[str, str | None]) -> tuple[bytes, str, int]:
    """planctl with stdout on a pseudo-terminal: what the terminal shows, stderr, the exit code."""
    merged = {**os.environ, "PLANCTL_CACHE": "0", "NO_COLOR": "1", "LANG": "C.UTF-8"}
    for name in ("PAGER", "PLANCTL_PAGER", "PLANCTL_TODAY", "PLANCTL_PLAN", "FORCE_COLOR"):
        merged.pop(name, None)
    merged.update({k: v for k, v in env.items() if v is not None})
    for name in [k for k, v in env.items() if v is None]:
        merged.pop(name, None)
    return planctl_on_pty(args, cwd, merged)


@pytest.fixture()
def plan_dir(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "plan.yaml", tmp_path / "plan.yaml")
    return tmp_path


@pytest.mark.parametrize("env", [{"PAGER": "nonexistent-pager"}, {"PAGER": "nonexistent-pager -R"},
                                 {"PLANCTL_PAGER": "false"}, {"PAGER": "exit 3"}],
                         ids=["missing", "missing with options", "false", "shell command failing"])
def test_a_pager_that_cannot_run_leaves_the_output_on_the_terminal(plan_dir: Path, env: dict[str, str | None]) -> None:
    shown, stderr, code = _in_a_terminal(["list", "--today", "2009-04-10"], plan_dir, env)
    assert "环卫处".encode() in shown
    assert "cannot run the pager" in stderr
    assert code == 0


def test_no_less_on_path_and_no_pager_set(plan_dir: Path, tmp_path: Path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    shown, stderr, code = _in_a_terminal(["list", "--today", "2009-04-10"], plan_dir, {"PATH": str(empty)})
    assert "环卫处".encode() in shown and "cannot run the pager 'less'" in stderr and code == 0


def test_the_output_is_whole_when_the_pager_fails_halfway_through_a_long_one(tmp_path: Path) -> None:
    tasks = "".join(f"      - {{id: t{n}, title: 任务{n:04d}, when: 2009-04}}\n" for n in range(3000))
    (tmp_path / "plan.yaml").write_text(f"planctl: 1\ntitle: 长计划\nyear: 2009\nphases:\n  - id: p\n    title: 阶段\n"
                                        f"    when: 2009-04\n    tasks:\n{tasks}", encoding="utf-8")
    shown, stderr, code = _in_a_terminal(["list", "--today", "2009-04-10"], tmp_path,
                                         {"PAGER": "head -c 100 >/dev/null; exit 2"})
    assert len(shown) > 65536 and "任务0000".encode() in shown and "任务2999".encode() in shown
    assert shown.count("任务0000".encode()) == 1  # shown once, whole
    assert "exit code 2" in stderr and code == 0


def test_the_exit_code_is_the_commands(tmp_path: Path) -> None:
    (tmp_path / "plan.yaml").write_text("planctl: 1\ntitle: t\nyear: 2009\nphases: [\n", encoding="utf-8")
    shown, stderr, code = _in_a_terminal(["check"], tmp_path, {"PLANCTL_PAGER": "false"})
    assert b"plan.yaml" in shown and "cannot run the pager" in stderr and code == 1


def test_a_reader_who_quits_the_pager_is_not_a_failure(plan_dir: Path) -> None:
    shown, stderr, code = _in_a_terminal(["list", "--today", "2009-04-10"], plan_dir, {"PAGER": "head -c 10"})
    assert "cannot run" not in stderr and code == 0
    assert len(shown) <= 12  # what the pager showed (10 bytes), not the rest again
