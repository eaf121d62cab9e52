"""Real git for the sync tests: a bare repository on this machine, clones of it, planctl run in-process."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planctl.cli.main import app
from planctl.format.loader import load_bytes

DRIVER = f"{shlex.quote(sys.executable)} -m planctl merge-driver %O %A %B --marker-size %L --path %P"
PEOPLE = [f"p{i:02d}" for i in range(1, 31)]


def plan_text(people: list[str] = PEOPLE) -> str:
    roster = "\n".join(f"    {p}: 人员{p[1:]}" for p in people)
    return f"""\
planctl: 1
title: 同步测试
year: 2009
roster:
  people:
{roster}
    zs: {{name: 张伟, email: ZhangWei@Example.cn}}
    ln: {{name: 李娜, email: [lina@example.cn, ln@home.example]}}
  groups:
    all:
      name: 全体
      members: [{", ".join([*people, "zs", "ln"])}]
phases:
  - id: study
    title: 学习阶段
    when: 2009年4月1日-4月30日
    tasks:
      - id: talk
        title: 座谈会
        when: 2009年4月1日-4月20日
      - id: survey
        title: 调研
        when: 2009年4月1日-4月20日
    quotas:
      - id: reading
        title: 每周自学
        who: all
        per: person
        period: week
        target: 8
        unit: h
      - id: visits
        title: 走访
        who: all
        target: 100
        unit: 次
"""


def git(cwd: Path, *args: str, check: bool = True) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    if check and done.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed in {cwd}: {done.stderr}")
    return done.stdout


def make_remote(root: Path, text: str | None = None) -> Path:
    """A bare repository holding one commit: the plan and the .gitattributes line for the driver."""
    bare = root / "remote.git"
    git(root, "init", "-q", "--bare", "-b", "main", str(bare))
    seed = root / "seed"
    git(root, "clone", "-q", str(bare), str(seed))
    (seed / "plan.yaml").write_text(text or plan_text(), encoding="utf-8")
    (seed / ".gitattributes").write_text("/plan.yaml merge=planctl\n", encoding="utf-8")
    git(seed, "add", "plan.yaml", ".gitattributes")
    git(seed, "commit", "-q", "-m", "the plan")
    git(seed, "push", "-q", "origin", "main")
    return bare


def clone(bare: Path, where: Path, *, driver: str | None = DRIVER) -> Path:
    git(bare.parent, "clone", "-q", str(bare), str(where))
    if driver is not None:
        git(where, "config", "merge.planctl.driver", driver)
    return where


def team_of(root: Path, text: str | None = None) -> tuple[Path, Path, Path]:
    """A team under `root`: the bare remote holding `text` (plan_text() by default), and two clones of it, a and b."""
    bare = make_remote(root, text)
    return bare, clone(bare, root / "a"), clone(bare, root / "b")


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    """planctl ARGS in this process; (exit code, everything it printed)."""
    result = CliRunner().invoke(app, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.output


def notes(plan: Path) -> Counter[str]:
    """How many times each completion note is in the plan (every test entry carries a unique note)."""
    loaded = load_bytes(str(plan), plan.read_bytes())
    assert loaded.plan is not None and not loaded.errors, loaded.errors
    return Counter(entry.note or "" for item in loaded.plan.items() for entry in item.log)


def remote_plan(bare: Path) -> str:
    return git(bare, "show", "main:plan.yaml")


def environment(home: Path) -> dict[str, str]:
    """A private HOME (no user or system git config) and a fixed git identity."""
    home.mkdir(exist_ok=True)
    return {"HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"), "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "Tester", "GIT_AUTHOR_EMAIL": "tester@example.com",
            "GIT_COMMITTER_NAME": "Tester", "GIT_COMMITTER_EMAIL": "tester@example.com",
            "NO_COLOR": "1", "PATH": os.environ.get("PATH", "")}


@pytest.fixture
def sync_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The test process (and the clones' processes it forks) runs with `environment`."""
    for key, value in environment(tmp_path / "home").items():
        monkeypatch.setenv(key, value)
    for key in ("PLANCTL_BY", "PLANCTL_NOW", "PLANCTL_PLAN", "PLANCTL_TODAY", "GIT_DIR", "GIT_WORK_TREE"):
        monkeypatch.delenv(key, raising=False)


def remote_notes(bare: Path, tmp_path: Path) -> Counter[str]:
    """The notes of the completions in the remote's plan (`notes`), by count."""
    copy = tmp_path / "remote-plan.yaml"
    copy.write_text(remote_plan(bare), encoding="utf-8")
    return notes(copy)


@pytest.fixture
def team(tmp_path: Path, sync_env: None) -> tuple[Path, Path, Path]:
    """The sync tests' team (`team_of`): (remote, clone a, clone b), git and planctl set up by `sync_env`."""
    return team_of(tmp_path)
