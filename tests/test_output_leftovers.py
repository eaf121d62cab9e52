"""A first-time tester's findings about output: an empty `log`, `check` and `due` counting a stopped merge's
errors alike, Chinese lists and names in messages, whole numbers in JSON."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import run_cli

ROOT = Path(__file__).resolve().parent.parent
ZH = {"LANG": "zh_CN.UTF-8", "LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None}
EN = {"LANG": "C.UTF-8", "LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None}


@pytest.fixture()
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    shutil.copy(ROOT / "plan.yaml", path)
    return path


# --- log without entries ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("env", "said"), [(EN, "No completions are recorded in this plan yet."),
                                           (ZH, "这个计划中还没有完成记录。")])
def test_an_empty_log_says_so_instead_of_an_empty_table(plan: Path, env: dict[str, str | None], said: str) -> None:
    result = run_cli("log", "-f", str(plan), env=env)
    assert result.exit_code == 0
    assert result.stdout == said + "\n"


def test_a_log_filtered_to_nothing_says_so(plan: Path) -> None:
    run_cli("done", "theory", "-f", str(plan), "--date", "2009-04-02", "-q", "--yes", env=EN)
    result = run_cli("log", "-f", str(plan), "--since", "2009-05-01", env=EN)
    assert result.stdout == "No completions match these options.\n"
    assert "1 completion" in run_cli("log", "-f", str(plan), env=EN).stdout  # not said when there are some


# --- a stopped merge: check and due count the same errors --------------------------------------------------

def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"})


def test_check_and_due_count_a_stopped_merges_errors_alike(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    plan = repo / "plan.yaml"
    shutil.copy(ROOT / "plan.yaml", plan)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "plan.yaml")
    _git(repo, "commit", "-qm", "base")
    text = plan.read_text(encoding="utf-8")
    _git(repo, "checkout", "-qb", "other")
    plan.write_text(text.replace("title: 学习调研阶段", "title: 学习阶段", 1), encoding="utf-8")
    _git(repo, "commit", "-qam", "other")
    _git(repo, "checkout", "-q", "main")
    plan.write_text(text.replace("title: 学习调研阶段", "title: 调研阶段", 1), encoding="utf-8")
    _git(repo, "commit", "-qam", "mine")
    subprocess.run(["git", "merge", "-q", "other"], cwd=repo, capture_output=True, check=False)  # stops: a conflict
    checked = run_cli("check", "-f", str(plan), env=EN)
    due = run_cli("due", "-f", str(plan), "--today", "2009-04-10", env=EN)
    assert checked.exit_code == 1 and due.exit_code == 1
    checked_errors = int(re.search(r"plan\.yaml: (\d+) errors?", checked.stdout).group(1))  # type: ignore[union-attr]
    due_errors = int(re.search(r"has (\d+) errors?", due.stderr).group(1))  # type: ignore[union-attr]
    assert checked_errors == due_errors == 3  # the conflict markers
    assert "warning: git has not finished merging" in checked.stdout  # as due says it
    assert "warning: git has not finished merging" in due.stderr


# --- Chinese: lists with 、, names not ids, Typer's words ----------------------------------------------------

def test_a_list_of_choices_in_a_chinese_sentence_is_joined_with_the_dunhao(plan: Path) -> None:
    result = run_cli("report", "-f", str(plan), "--format", "pdf", env=ZH)
    assert result.exit_code == 2
    assert "text、md、html、xlsx、csv" in result.stderr and ", " not in result.stderr.split("--format")[1]


def test_a_period_word_error_lists_with_the_dunhao(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("planctl: 1\ntitle: t\nyear: 2009\nphases:\n  - id: p\n    title: p\n    when: 2009-04\n"
                    "    quotas:\n      - {id: q, title: q, target: 1, unit: 次, period: fortnight}\n", encoding="utf-8")
    result = run_cli("check", "-f", str(path), env=ZH)
    line = next(line for line in result.stdout.splitlines() if "'period'" in line)
    assert "once、week" in line and "once, week" not in line


def test_install_completion_without_a_shell_speaks_chinese(tmp_path: Path) -> None:
    if shutil.which("bash") is None:
        pytest.skip("needs bash")
    env = {**os.environ, "HOME": str(tmp_path), "SHELL": "/bin/bash", "LANG": "zh_CN.UTF-8", "PLANCTL_CACHE": "0"}
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        env.pop(name, None)
    # two commands, so that bash does not exec planctl in its place: planctl finds the shell among its parents
    command = f"{sys.executable} -m planctl --install-completion; exit $?"
    done = subprocess.run(["bash", "-c", command], env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert "completion installed in" not in done.stdout and "restart the terminal" not in done.stdout
    assert "命令补全已安装到" in done.stdout


# --- JSON: whole numbers are integers -------------------------------------------------------------------------

def _floats(data: Any) -> list[float]:
    if isinstance(data, float):
        return [data]
    if isinstance(data, dict):
        return [f for value in data.values() for f in _floats(value)]
    if isinstance(data, list):
        return [f for value in data for f in _floats(value)]
    return []


def _whole_floats(text: str) -> list[str]:
    """Numbers written with a decimal point but whole (2.0, 0.0) in a JSON text."""
    return [f for f in re.findall(r"(?<![\w.\"])-?\d+\.\d+(?:[eE][-+]?\d+)?(?![\w\"])", text) if float(f).is_integer()]


def test_done_and_log_give_a_whole_amount_as_an_integer(plan: Path) -> None:
    done = run_cli("done", "self-study", "--by", "zhangwei", "--amount", "2h", "--date", "2009-04-08", "--json",
                   "-f", str(plan), env=EN)
    assert done.exit_code == 0, done.stderr
    assert '"amount": 2,' in done.stdout and json.loads(done.stdout)["entry"]["amount"] == 2
    logged = run_cli("log", "--json", "-f", str(plan), env=EN)
    assert '"amount": 2,' in logged.stdout and not _whole_floats(logged.stdout)


@pytest.mark.parametrize("view", [["due", "--json"], ["status", "--json"], ["list", "--json"], ["timeline", "--json"],
                                  ["show", "self-study", "--json"], ["export", "json"], ["log", "--json"]], ids=" ".join)
def test_no_json_document_writes_a_whole_number_with_a_decimal_point(plan: Path, view: list[str]) -> None:
    run_cli("done", "self-study", "--by", "zhangwei", "--amount", "3h", "--date", "2009-04-08", "-q", "-f", str(plan))
    result = run_cli(*view, "-f", str(plan), "--today", "2009-04-12", env=EN)
    assert result.exit_code == 0, result.stderr
    assert not _whole_floats(result.stdout), view
    assert all(not f.is_integer() for f in _floats(json.loads(result.stdout)))
