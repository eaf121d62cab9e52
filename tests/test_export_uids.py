"""`export ics` UIDs: the same for one plan across runs, edits and clones; different between plans
(issue 12, case 15; RFC 5545 §3.8.4.7: globally unique, and persistent). Read back with icalendar;
real git repositories.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from icalendar import Calendar

from conftest import BUNDLED, run_cli

GIT_ENV = {"GIT_AUTHOR_NAME": "Tester", "GIT_AUTHOR_EMAIL": "tester@example.com", "GIT_COMMITTER_NAME": "Tester",
           "GIT_COMMITTER_EMAIL": "tester@example.com", "GIT_CONFIG_NOSYSTEM": "1"}


@pytest.fixture(autouse=True)
def _git_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))  # no user git config
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env={**os.environ, **GIT_ENV})


def uids(plan: Path) -> dict[str, str]:
    """Item id → UID, from the calendar `export ics` writes for `plan`."""
    result = run_cli("export", "ics", "--plan", str(plan), "--today", "2009-04-12")
    assert result.exit_code == 0, result.output
    todos = Calendar.from_ical(result.stdout_bytes).walk("VTODO")
    found = {str(todo["UID"]).split("@")[0]: str(todo["UID"]) for todo in todos}
    assert len(set(found.values())) == len(todos)
    return found


def repo_with_plan(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True)
    git(folder, "init", "-q", "-b", "main")
    plan = folder / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    git(folder, "add", "plan.yaml")
    git(folder, "commit", "-q", "-m", "plan")
    return plan


def bundled() -> str:
    return BUNDLED.read_text(encoding="utf-8")


def test_two_plans_with_the_same_title_year_and_ids_get_different_uids(tmp_path: Path) -> None:
    first = uids(repo_with_plan(tmp_path / "office-a", bundled()))
    # The same title, year and ids (one space more in the file: two repositories made in the same second
    # by the same author from byte-identical files would share their first commit; see docs/export.md).
    other = repo_with_plan(tmp_path / "office-b", bundled().replace("title: 环卫处", "title:  环卫处", 1))
    second = uids(other)
    assert set(first) == set(second)  # the same ids
    assert not set(first.values()) & set(second.values())
    copy = tmp_path / "copy" / "plan.yaml"  # the same file outside git, elsewhere
    copy.parent.mkdir()
    shutil.copyfile(BUNDLED, copy)
    assert not set(uids(copy).values()) & (set(first.values()) | set(second.values()))


def test_every_init_starter_gets_its_own_uids(tmp_path: Path) -> None:
    made = []
    for name in ("a", "b", "c"):
        result = run_cli("init", str(tmp_path / name / "plan.yaml"), "--today", "2026-03-02")
        assert result.exit_code == 0, result.output
        made.append(uids(tmp_path / name / "plan.yaml"))
    assert made[0].keys() == made[1].keys() == made[2].keys()
    assert len({uid for found in made for uid in found.values()}) == 3 * len(made[0])


def test_uids_stay_through_edits_commits_and_clones(tmp_path: Path) -> None:
    plan = repo_with_plan(tmp_path / "office", bundled())
    before = uids(plan)
    text = plan.read_text(encoding="utf-8").replace("title: 环卫处深入学习实践科学发展观活动计划", "title: 新的标题", 1)
    plan.write_text(text.replace("when: 3月30日", "when: 3月31日", 1), encoding="utf-8")
    result = run_cli("done", "scheme", "--plan", str(plan), "--date", "2009-03-20", "--by", "sha")
    assert result.exit_code == 0, result.output
    git(plan.parent, "commit", "-q", "-am", "edit")
    assert uids(plan) == before
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(plan.parent), str(clone))
    assert uids(clone / "plan.yaml") == before  # a teammate's export updates the same to-dos


def test_a_second_plan_in_the_same_repository_differs(tmp_path: Path) -> None:
    plan = repo_with_plan(tmp_path / "office", bundled())
    (plan.parent / "next").mkdir()
    other = plan.parent / "next" / "plan.yaml"
    shutil.copyfile(plan, other)
    git(plan.parent, "add", "next/plan.yaml")
    git(plan.parent, "commit", "-q", "-m", "next")
    assert not set(uids(plan).values()) & set(uids(other).values())


def test_a_shift_into_another_year_makes_new_uids(tmp_path: Path) -> None:
    plan = repo_with_plan(tmp_path / "office", bundled())
    before = uids(plan)
    plan.write_text(plan.read_text(encoding="utf-8").replace("year: 2009", "year: 2010", 1), encoding="utf-8")
    after = uids(plan)
    assert all(uid.endswith("-2010.planctl") for uid in after.values())
    assert not set(before.values()) & set(after.values())
