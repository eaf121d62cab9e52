"""`planctl sync`'s hints name the plan as the person types it where they are (tester 14): a plan in a
Chinese folder (`计划/2026/plan.yaml`) is not shown in git's octal quoting, and a sync run from that
folder says `plan.yaml`, which git then finds. A clone with no commit yet is told to commit the plan,
not that it is "not in a git repository"."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from sync_helpers import DRIVER, git, plan_text, run, sync_env  # noqa: F401

if shutil.which("git") is None:  # pragma: no cover
    pytest.skip("git is not installed", allow_module_level=True)

FOLDER = Path("计划") / "2026"


def _team(root: Path) -> tuple[Path, Path]:
    bare = root / "remote.git"
    git(root, "init", "-q", "--bare", "-b", "main", str(bare))
    seed = root / "seed"
    git(root, "clone", "-q", str(bare), str(seed))
    (seed / FOLDER).mkdir(parents=True)
    (seed / FOLDER / "plan.yaml").write_text(plan_text(), encoding="utf-8")
    (seed / ".gitattributes").write_text(f"/{FOLDER.as_posix()}/plan.yaml merge=planctl\n", encoding="utf-8")
    git(seed, "add", ".")
    git(seed, "commit", "-q", "-m", "the plan")
    git(seed, "push", "-q", "origin", "main")
    a, b = root / "a", root / "b"
    for where in (a, b):
        git(root, "clone", "-q", str(bare), str(where))
        git(where, "config", "merge.planctl.driver", DRIVER)
    return a, b


def test_a_conflict_hint_names_a_chinese_folder_as_typed_from_inside_it(
        tmp_path: Path, sync_env: None, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    a, b = _team(tmp_path)
    for where, title in ((a, "座谈会甲"), (b, "座谈会乙")):
        plan = where / FOLDER / "plan.yaml"
        plan.write_text(plan.read_text(encoding="utf-8").replace("title: 座谈会", f"title: {title}"), encoding="utf-8")
        git(where, "-c", "user.name=t", "-c", "user.email=t@x", "commit", "-qam", title)
    first = run("sync", "-f", str(a / FOLDER / "plan.yaml"))
    assert first[0] == 0, first[1]
    monkeypatch.chdir(b / FOLDER)
    code, said = run("sync")
    assert code == 1, said
    assert "\\350" not in said  # no octal quoting
    assert "'git add plan.yaml'" in said, said
    git(b / FOLDER, "merge", "origin/main", check=False)  # the hint's first step, run where the person is
    assert git(b / FOLDER, "add", "plan.yaml", check=False) == ""  # git finds the path the hint gave


def test_a_clone_without_a_commit_is_told_to_commit_the_plan(tmp_path: Path, sync_env: None,  # noqa: F811
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    bare = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(bare))
    where = tmp_path / "a"
    git(tmp_path, "clone", "-q", str(bare), str(where))
    (where / "plan.yaml").write_text(plan_text(), encoding="utf-8")
    monkeypatch.chdir(where)
    code, said = run("sync")
    assert code != 0
    assert "has no commit yet" in said and "'git add plan.yaml'" in said, said
    assert "not in a git repository" not in said
    os.chdir(tmp_path)


def test_a_clone_with_a_remote_and_no_commit_is_told_to_take_the_team_s_history(
        tmp_path: Path, sync_env: None, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    a, _b = _team(tmp_path)
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    git(fresh, "init", "-q", "-b", "main")
    git(fresh, "remote", "add", "origin", str(tmp_path / "remote.git"))
    (fresh / "sub").mkdir()
    (fresh / "sub" / "plan.yaml").write_text(plan_text(), encoding="utf-8")
    monkeypatch.chdir(fresh)
    code, said = run("sync", "-f", "sub/plan.yaml")
    assert code != 0
    assert "'git fetch origin'" in said and "'git add sub/plan.yaml'" in said, said


def test_merge_ff_only_in_git_config_does_not_stop_a_merging_sync(tmp_path: Path, sync_env: None) -> None:  # noqa: F811
    a, b = _team(tmp_path)
    git(a, "config", "merge.ff", "only")
    for where, note in ((b, "乙"), (a, "甲")):
        code, said = run("done", "reading", "-f", str(where / FOLDER / "plan.yaml"), "--by", "p01", "--amount", "1h",
                         "--date", "2009-04-03", "--note", note)
        assert code == 0, said
        if where == b:
            assert run("sync", "-f", str(b / FOLDER / "plan.yaml"))[0] == 0
    code, said = run("sync", "-f", str(a / FOLDER / "plan.yaml"))
    assert code == 0, said
    text = (a / FOLDER / "plan.yaml").read_text(encoding="utf-8")
    assert "note: 甲" in text and "note: 乙" in text
