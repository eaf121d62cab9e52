"""planctl with real git, in temporary repositories: two clones logging, the driver, git-setup, commits, pre-commit."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from conftest import PLANCTL_COMMAND, ROOT
from planctl.errors import UsageError
from planctl.format.loader import load_bytes
from planctl.git import ops as gitops
from planctl.model import Completion

if shutil.which("git") is None:  # pragma: no cover
    pytest.skip("git is not installed", allow_module_level=True)

DRIVER = f"{shlex.quote(sys.executable)} -m planctl merge-driver %O %A %B --marker-size %L --path %P"

PLAN = """\
planctl: 1
title: 调研计划
year: 2009

# the people
roster:
  people:
    zs: 张三
    ls: 李四
  groups:
    team:
      name: 调研组
      members: [zs, ls]

phases:
  - id: study
    title: 学习调研阶段
    when: 2009年4月1日-4月30日
    who: team
    tasks:
      - id: topics
        title: 拟定调研课题
        when: 2009年4月5日前
        note: 拟定具体的调研题目。
        quotas:
          - id: self-study
            title: 每周自学
            who: team
            per: person
            period: week
            target: 8
            unit: h
      - id: report
        title: 撰写调研报告
        when: 2009年4月15日-4月20日
        note: 形成调研报告。
"""


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """An environment with a private HOME (so no user or system git config), fixed identities and clock."""
    home = tmp_path / "home"
    home.mkdir()
    values = {
        "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"), "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Tester", "GIT_AUTHOR_EMAIL": "tester@example.com",
        "GIT_COMMITTER_NAME": "Tester", "GIT_COMMITTER_EMAIL": "tester@example.com",
        "PLANCTL_NOW": "2026-11-25T08:30:00", "NO_COLOR": "1", "LC_ALL": "C.UTF-8",
    }
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    for key in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(key, raising=False)
    return dict(os.environ)


def run(args: list[str], cwd: Path, env: dict[str, str], ok: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8", check=False)
    if ok and done.returncode != 0:
        raise AssertionError(f"{args} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done


def git(cwd: Path, env: dict[str, str], *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    return run(["git", *args], cwd, env, ok)


def planctl(cwd: Path, env: dict[str, str], *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    return run([*PLANCTL_COMMAND, *args], cwd, env, ok)


Clones = tuple[Path, Path]


def two_clones(tmp_path: Path, env: dict[str, str], plan: bytes | str = PLAN, *, driver: bool = True,
               attributes: bool = True) -> Clones:
    """A bare origin holding the plan, and clones `a` and `b` (with the merge driver set up by hand)."""
    origin = tmp_path / "origin.git"
    git(tmp_path, env, "init", "-q", "--bare", "-b", "main", str(origin))
    seed = tmp_path / "seed"
    git(tmp_path, env, "init", "-q", "-b", "main", str(seed))
    data = plan.encode() if isinstance(plan, str) else plan
    (seed / "plan.yaml").write_bytes(data)
    if attributes:
        (seed / ".gitattributes").write_text("/plan.yaml merge=planctl\n")
    git(seed, env, "add", ".")
    git(seed, env, "commit", "-q", "-m", "the plan")
    git(seed, env, "push", "-q", str(origin), "main")
    clones = []
    for name in ("a", "b"):
        clone = tmp_path / name
        git(tmp_path, env, "clone", "-q", str(origin), str(clone))
        git(clone, env, "config", "pull.rebase", "false")
        if driver:
            git(clone, env, "config", "merge.planctl.name", "planctl plan merge")
            git(clone, env, "config", "merge.planctl.driver", DRIVER)
        clones.append(clone)
    return clones[0], clones[1]


def commit_and_push(clone: Path, env: dict[str, str], message: str) -> None:
    git(clone, env, "commit", "-q", "-am", message)
    git(clone, env, "push", "-q", "origin", "main")


def edit(clone: Path, change: Callable[[str], str]) -> None:
    plan = clone / "plan.yaml"
    plan.write_bytes(change(plan.read_bytes().decode("utf-8")).encode("utf-8"))


def logs(clone: Path) -> dict[str, list[tuple[object, ...]]]:
    loaded = load_bytes("plan.yaml", (clone / "plan.yaml").read_bytes())
    assert not loaded.errors, loaded.errors
    assert loaded.plan is not None
    return {item.id: sorted((e.key() for e in item.log), key=repr) for item in loaded.plan.items() if item.log}


def pull(clone: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return git(clone, env, "pull", "-q", "--no-edit", "origin", "main", ok=False)


# --- two clones, the driver configured -------------------------------------------------------------------


def test_different_completions_on_the_same_task_and_quota_merge_cleanly(tmp_path: Path, env: dict[str, str]) -> None:
    a, b = two_clones(tmp_path, env)
    planctl(a, env, "done", "topics", "--by", "zs", "--date", "2009-04-03")
    planctl(a, env, "done", "self-study", "--by", "zs", "--amount", "2h", "--date", "2009-04-03")
    commit_and_push(a, env, "zs logs")
    planctl(b, env, "done", "topics", "--by", "ls", "--date", "2009-04-04", "--note", "分解到人")
    planctl(b, env, "done", "self-study", "--by", "ls", "--amount", "90min", "--date", "2009-04-04")
    git(b, env, "commit", "-q", "-am", "ls logs")
    done = pull(b, env)
    assert done.returncode == 0, done.stderr
    merged = logs(b)
    assert [(k[0].isoformat(), k[1]) for k in merged["topics"]] == [("2009-04-03", "zs"), ("2009-04-04", "ls")]  # type: ignore[attr-defined]
    assert sorted(k[3] for k in merged["self-study"]) == [1.5, 2.0]  # type: ignore[type-var]
    assert git(b, env, "status", "--porcelain").stdout == ""
    assert len(git(b, env, "log", "--format=%P", "-1").stdout.split()) == 2  # a merge commit
    planctl(b, env, "check", "plan.yaml")
    # ours first, then theirs: b's own entries come before a's in b's merge
    text = (b / "plan.yaml").read_text(encoding="utf-8")
    assert text.index("by: ls, note: 分解到人") < text.index("{date: 2009-04-03, by: zs, at:")
    git(b, env, "push", "-q", "origin", "main")
    assert pull(a, env).returncode == 0
    assert (a / "plan.yaml").read_bytes() == (b / "plan.yaml").read_bytes()


def test_the_same_completion_on_both_sides_is_one_record(tmp_path: Path, env: dict[str, str]) -> None:
    # issue 12 case 3: the same line, to the second of its `at` stamp, is one completion (as git's text merge says)
    a, b = two_clones(tmp_path, env)
    for clone in (a, b):
        planctl(clone, env, "done", "report", "--by", "zs", "--date", "2009-04-16")
    planctl(a, env, "done", "topics", "--by", "ls", "--date", "2009-04-03")
    commit_and_push(a, env, "a logs")
    git(b, env, "commit", "-q", "-am", "b logs")
    assert pull(b, env).returncode == 0
    assert len(logs(b)["report"]) == 1
    assert len(logs(b)["topics"]) == 1


def test_a_cherry_picked_completion_counts_once_when_the_branches_meet(tmp_path: Path, env: dict[str, str]) -> None:
    a, b = two_clones(tmp_path, env)
    planctl(a, env, "done", "topics", "--by", "zs", "--date", "2009-04-03")
    commit_and_push(a, env, "zs logs")
    pick = git(a, env, "rev-parse", "HEAD").stdout.strip()
    planctl(b, env, "done", "topics", "--by", "ls", "--date", "2009-04-04")
    git(b, env, "commit", "-q", "-am", "ls logs")
    git(b, env, "fetch", "-q", "origin")
    git(b, env, "cherry-pick", pick)  # the merge driver merges the picked line into b's log
    assert len(logs(b)["topics"]) == 2
    planctl(a, env, "done", "self-study", "--by", "zs", "--amount", "1h", "--date", "2009-04-05")
    commit_and_push(a, env, "zs logs more")
    done = pull(b, env)  # the picked line is on both sides now
    assert done.returncode == 0, done.stderr
    assert sorted(str(k[1]) for k in logs(b)["topics"]) == ["ls", "zs"]
    planctl(b, env, "check", "plan.yaml")


def test_a_rebased_completion_counts_once_when_the_branches_meet(tmp_path: Path, env: dict[str, str]) -> None:
    a, b = two_clones(tmp_path, env)
    planctl(a, env, "done", "self-study", "--by", "zs", "--amount", "2h", "--date", "2009-04-03")
    commit_and_push(a, env, "zs logs")
    planctl(b, env, "done", "topics", "--by", "ls", "--date", "2009-04-04")
    git(b, env, "commit", "-q", "-am", "ls logs")
    git(b, env, "push", "-q", "origin", "main:topic")  # shared before b rebases it
    assert git(b, env, "pull", "-q", "--rebase", "origin", "main", ok=False).returncode == 0  # a new commit, same line
    planctl(b, env, "done", "self-study", "--by", "ls", "--amount", "1h", "--date", "2009-04-04")
    git(b, env, "commit", "-q", "-am", "ls logs more")
    git(a, env, "pull", "-q", "--no-edit", "origin", "topic")  # a merges the original commit
    planctl(a, env, "done", "report", "--by", "zs", "--date", "2009-04-16")
    commit_and_push(a, env, "a merges topic")
    done = pull(b, env)
    assert done.returncode == 0, done.stderr
    assert len(logs(b)["topics"]) == 1
    assert len(logs(b)["self-study"]) == 2 and len(logs(b)["report"]) == 1


def test_a_rename_on_both_sides_keeps_the_old_entries_once(tmp_path: Path, env: dict[str, str]) -> None:
    # issue 12 case 2: base `report` with a hand-written entry; both rename it to `report1`; one logs more
    note = "        note: 形成调研报告。\n"
    plan = PLAN.replace(note, note + "        log:\n          - {date: 2009-04-15, by: ls}\n")
    a, b = two_clones(tmp_path, env, plan)
    for clone in (a, b):
        edit(clone, lambda text: text.replace("- id: report", "- id: report1"))
    planctl(a, env, "done", "report1", "--by", "zs", "--date", "2009-04-16", "--again")
    commit_and_push(a, env, "rename and log")
    git(b, env, "commit", "-q", "-am", "rename")
    planctl(b, env, "done", "topics", "--by", "ls", "--date", "2009-04-04")
    git(b, env, "commit", "-q", "-am", "log")
    done = pull(b, env)
    assert done.returncode == 0, done.stderr
    assert [(k[0].isoformat(), k[1]) for k in logs(b)["report1"]] == [("2009-04-15", "ls"), ("2009-04-16", "zs")]  # type: ignore[attr-defined]
    planctl(b, env, "check", "plan.yaml")


def test_byte_identical_plans_are_taken_once_by_git_itself(tmp_path: Path, env: dict[str, str]) -> None:
    # git runs no merge driver when both sides hold the same file (documented in docs/git.md)
    a, b = two_clones(tmp_path, env)
    for clone in (a, b):
        planctl(clone, env, "done", "report", "--by", "zs", "--date", "2009-04-16")
    commit_and_push(a, env, "a logs")
    git(b, env, "commit", "-q", "-am", "b logs")
    assert pull(b, env).returncode == 0
    assert len(logs(b)["report"]) == 1


@pytest.mark.parametrize("change", [
    ("title: 拟定调研课题", "title: 拟定调研课题(修订)"),
    ("# the people\n", "# the people: made up\n"),
    ("note: 拟定具体的调研题目。", "note: 拟定具体的调研题目,分解到人。"),
])
def test_an_edit_on_one_side_and_a_log_on_the_other_merge_cleanly(tmp_path: Path, env: dict[str, str],
                                                                  change: tuple[str, str]) -> None:
    a, b = two_clones(tmp_path, env)
    edit(a, lambda text: text.replace(*change))
    planctl(a, env, "done", "report", "--by", "zs", "--date", "2009-04-16")
    commit_and_push(a, env, "edit and log")
    planctl(b, env, "done", "topics", "--by", "ls", "--date", "2009-04-04")
    planctl(b, env, "done", "self-study", "--by", "ls", "--amount", "1h", "--date", "2009-04-04")
    git(b, env, "commit", "-q", "-am", "log")
    done = pull(b, env)
    assert done.returncode == 0, done.stderr
    text = (b / "plan.yaml").read_text(encoding="utf-8")
    assert change[1] in text and change[0] not in text.replace(change[1], "")
    assert set(logs(b)) == {"topics", "self-study", "report"}


def test_both_sides_change_the_same_title_conflict(tmp_path: Path, env: dict[str, str]) -> None:
    a, b = two_clones(tmp_path, env)
    edit(a, lambda text: text.replace("title: 拟定调研课题", "title: 拟定课题"))
    planctl(a, env, "done", "topics", "--by", "zs", "--date", "2009-04-03")
    commit_and_push(a, env, "retitle")
    edit(b, lambda text: text.replace("title: 拟定调研课题", "title: 确定调研课题"))
    planctl(b, env, "done", "topics", "--by", "ls", "--date", "2009-04-04")
    git(b, env, "commit", "-q", "-am", "retitle too")
    done = pull(b, env)
    assert done.returncode != 0
    assert "CONFLICT (content): Merge conflict in plan.yaml" in done.stdout + done.stderr
    assert "planctl merge-driver: plan.yaml: 1 conflict left with markers" in done.stderr
    text = (b / "plan.yaml").read_text(encoding="utf-8")
    assert re.search(r"<<<<<<< .*\n        title: 确定调研课题\n=======\n        title: 拟定课题\n>>>>>>> .*\n", text)
    assert text.count("<<<<<<<") == 1  # the two logs are merged, not in conflict
    assert "UU plan.yaml" in git(b, env, "status", "--porcelain").stdout
    # resolving the title is all there is to do
    (b / "plan.yaml").write_text(re.sub(r"<<<<<<< .*\n(.*\n)=======\n.*\n>>>>>>> .*\n", r"\1", text), encoding="utf-8")
    checked = planctl(b, env, "check", "plan.yaml", ok=False).stdout
    assert "git has not finished merging" in checked  # until it is added
    # the hint is to add it, not to merge again (which would bring the markers back and lose the resolution)
    assert "holds no conflict markers and every completion both sides added" in checked
    assert "then 'git add plan.yaml' and commit" in checked and "run 'planctl git-setup'" not in checked
    git(b, env, "add", "plan.yaml")
    planctl(b, env, "check", "plan.yaml")
    assert len(logs(b)["topics"]) == 2


def test_diff3_conflict_style_is_followed(tmp_path: Path, env: dict[str, str]) -> None:
    a, b = two_clones(tmp_path, env)
    edit(a, lambda text: text.replace("target: 8", "target: 10"))
    commit_and_push(a, env, "more")
    edit(b, lambda text: text.replace("target: 8", "target: 6"))
    planctl(b, env, "done", "self-study", "--by", "ls", "--amount", "1h", "--date", "2009-04-04")
    git(b, env, "commit", "-q", "-am", "less")
    git(b, env, "config", "merge.conflictStyle", "diff3")
    assert pull(b, env).returncode != 0
    text = (b / "plan.yaml").read_text(encoding="utf-8")
    assert re.search(r"<<<<<<< .*\n +target: 6\n\|\|\|\|\|\|\| .*\n +target: 8\n=======\n +target: 10\n>>>>>>> ", text)
    assert "amount: 1," in text


def test_pull_with_rebase_merges_logs_too(tmp_path: Path, env: dict[str, str]) -> None:
    a, b = two_clones(tmp_path, env)
    planctl(a, env, "done", "self-study", "--by", "zs", "--amount", "2h", "--date", "2009-04-03")
    commit_and_push(a, env, "a")
    planctl(b, env, "done", "self-study", "--by", "ls", "--amount", "1h", "--date", "2009-04-04")
    git(b, env, "commit", "-q", "-am", "b")
    done = git(b, env, "pull", "-q", "--rebase", "origin", "main", ok=False)
    assert done.returncode == 0, done.stderr
    text = (b / "plan.yaml").read_text(encoding="utf-8")
    assert text.index("by: zs, amount: 2") < text.index("by: ls, amount: 1")  # upstream's first: it is "ours" in a rebase
    assert len(git(b, env, "log", "--format=%P", "-1").stdout.split()) == 1


def test_a_log_on_a_task_the_other_side_deleted_conflicts(tmp_path: Path, env: dict[str, str]) -> None:
    a, b = two_clones(tmp_path, env)
    edit(a, lambda text: text[: text.index("      - id: report")])
    commit_and_push(a, env, "drop the report")
    planctl(b, env, "done", "report", "--by", "ls", "--date", "2009-04-16")
    git(b, env, "commit", "-q", "-am", "log the report")
    done = pull(b, env)
    assert done.returncode != 0
    assert "theirs deleted" in done.stderr or "ours deleted" in done.stderr or "deleted" in done.stderr
    assert "<<<<<<<" in (b / "plan.yaml").read_text(encoding="utf-8")
    assert "Traceback" not in done.stderr


def test_crlf_and_bom_files_keep_their_style(tmp_path: Path, env: dict[str, str]) -> None:
    styled = b"\xef\xbb\xbf" + PLAN.replace("\n", "\r\n").encode()
    a, b = two_clones(tmp_path, env, styled)
    planctl(a, env, "done", "topics", "--by", "zs", "--date", "2009-04-03")
    commit_and_push(a, env, "a")
    planctl(b, env, "done", "topics", "--by", "ls", "--date", "2009-04-04")
    git(b, env, "commit", "-q", "-am", "b")
    done = pull(b, env)
    assert done.returncode == 0, done.stderr
    data = (b / "plan.yaml").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\n") == data.count(b"\r\n")
    assert len(logs(b)["topics"]) == 2


def test_without_the_driver_configured_git_merges_as_usual(tmp_path: Path, env: dict[str, str]) -> None:
    a, b = two_clones(tmp_path, env, driver=False)
    planctl(a, env, "done", "report", "--by", "zs", "--date", "2009-04-16")
    commit_and_push(a, env, "a")
    planctl(b, env, "done", "report", "--by", "ls", "--date", "2009-04-17")
    git(b, env, "commit", "-q", "-am", "b")
    done = pull(b, env)
    assert done.returncode == 1  # git's own text merge: both appended to the same log
    assert "CONFLICT (content)" in done.stdout + done.stderr
    assert "planctl" not in done.stderr
    assert "<<<<<<< HEAD" in (b / "plan.yaml").read_text(encoding="utf-8")


# --- a merge git could not finish ------------------------------------------------------------------------

PLAIN_DRIVER = "planctl merge-driver %O %A %B --marker-size %L --path %P"  # what git-setup wrote when planctl was on PATH
UNMERGED = "git has not finished merging plan.yaml"


def without_planctl(env: dict[str, str]) -> dict[str, str]:
    """The environment of a GUI git client or a shell without the virtualenv: git and sh, no planctl."""
    folders = sorted({str(Path(str(shutil.which(program))).parent) for program in ("git", "sh")})
    path = os.pathsep.join(folders)
    if shutil.which("planctl", path=path):  # pragma: no cover - a planctl installed beside git
        pytest.skip("planctl is installed next to git")
    return {**env, "PATH": path}


def two_clones_logging_on_one_task(tmp_path: Path, env: dict[str, str], driver: str | None) -> Clones:
    """Clones a and b with `driver` set, a's completion pushed, b's committed (not pulled yet)."""
    a, b = two_clones(tmp_path, env, driver=False)
    if driver is not None:
        for clone in (a, b):
            git(clone, env, "config", "merge.planctl.driver", driver)
    planctl(a, env, "done", "topics", "--by", "zs", "--date", "2009-04-03")
    commit_and_push(a, env, "zs logs")
    planctl(b, env, "done", "topics", "--by", "ls", "--date", "2009-04-04")
    git(b, env, "commit", "-q", "-am", "ls logs")
    return a, b


def test_a_driver_git_cannot_find_stops_the_merge_and_planctl_says_so(tmp_path: Path, env: dict[str, str]) -> None:
    # issue 12 case 1: git cannot run `planctl`, keeps our file as it is (no markers) and stops the merge
    _, b = two_clones_logging_on_one_task(tmp_path, env, PLAIN_DRIVER)
    done = run(["git", "pull", "-q", "--no-edit", "origin", "main"], b, without_planctl(env), ok=False)
    assert done.returncode == 1 and "not found" in done.stderr
    held = (b / "plan.yaml").read_bytes()
    assert [k[1] for k in logs(b)["topics"]] == ["ls"] and b"<<<<<<<" not in held  # zs's completion is missing
    checked = planctl(b, env, "check", ok=False)
    assert checked.returncode == 1
    assert f"plan.yaml: warning: {UNMERGED}" in checked.stdout and "git checkout --merge -- plan.yaml" in checked.stdout
    assert "plan.yaml: 0 errors, 1 warning" in checked.stdout  # a warning, as `due` says it; check still exits 1
    as_json = planctl(b, env, "check", "--json", ok=False)
    assert as_json.returncode == 1 and UNMERGED in as_json.stdout
    due = planctl(b, env, "due", "--today", "2009-04-02")
    assert f"planctl: warning: {UNMERGED}" in due.stderr and "planctl merge-driver" in due.stderr
    assert due.stderr.count(UNMERGED) == 1
    for view in (["status"], ["list"], ["show", "topics"], ["timeline"], ["report", "--week"]):  # every view says it
        shown = planctl(b, env, *view, "--today", "2009-04-02")
        assert f"planctl: warning: {UNMERGED}" in shown.stderr, view
    for write in (["done", "report", "--by", "zs"], ["undo", "-y"]):
        refused = planctl(b, env, *write, ok=False)
        assert refused.returncode == 1 and UNMERGED in refused.stderr and "nothing was written" in refused.stderr
    assert (b / "plan.yaml").read_bytes() == held
    (b / "plan.yaml").write_bytes(held.replace("拟定具体的调研题目".encode(), "拟定题目".encode()))  # an edit by hand
    edited = planctl(b, env, "check", ok=False).stdout
    assert "was edited since the merge stopped but lacks 1 completion that one side added" in edited  # zs's
    assert "'git checkout --merge -- plan.yaml'" in edited
    (b / "plan.yaml").write_bytes(held)
    # the way out the message names: set the driver up again, let git merge the file again
    planctl(b, env, "git-setup")
    assert " -P -m planctl merge-driver " in git(b, env, "config", "merge.planctl.driver").stdout
    run(["git", "checkout", "--merge", "--", "plan.yaml"], b, without_planctl(env))
    assert sorted(str(k[1]) for k in logs(b)["topics"]) == ["ls", "zs"]
    assert planctl(b, env, "check", ok=False).returncode == 1  # still unmerged for git until it is added
    git(b, env, "add", "plan.yaml")
    planctl(b, env, "check")
    git(b, env, "commit", "-q", "--no-edit")
    assert "warning" not in planctl(b, env, "due", "--today", "2009-04-02").stderr


def test_git_setup_writes_a_driver_that_needs_no_path(tmp_path: Path, env: dict[str, str]) -> None:
    installed = Path(sys.executable).parent / "planctl"
    if not installed.is_file():  # pragma: no cover - planctl run from a source tree
        pytest.skip("no installed planctl program")
    tools = tmp_path / "my tools"  # a space in the path: the command is quoted for sh
    tools.mkdir()
    (tools / "planctl").symlink_to(installed)
    _, b = two_clones_logging_on_one_task(tmp_path, env, None)
    with_planctl = without_planctl(env)
    with_planctl["PATH"] = f"{tools}{os.pathsep}{with_planctl['PATH']}"  # set up in a shell where PATH finds planctl
    run(["planctl", "git-setup"], b, with_planctl)
    driver = git(b, env, "config", "merge.planctl.driver").stdout.strip()
    assert driver == f"'{tools / 'planctl'}' merge-driver %O %A %B --marker-size %L --path %P"
    done = run(["git", "pull", "-q", "--no-edit", "origin", "main"], b, without_planctl(env), ok=False)
    assert done.returncode == 0, done.stderr
    assert sorted(str(k[1]) for k in logs(b)["topics"]) == ["ls", "zs"]


def test_an_unmerged_plan_is_noticed_after_a_stash_pop_in_a_linked_worktree(tmp_path: Path, env: dict[str, str]) -> None:
    # no MERGE_HEAD here: only the index says it; and the worktree's .git is a file pointing elsewhere
    from planctl.git.unmerged import unmerged

    a, _ = two_clones(tmp_path, env, driver=False)
    tree = tmp_path / "tree"
    git(a, env, "worktree", "add", "-q", "-b", "side", str(tree))
    assert unmerged(tree / "plan.yaml") is None
    planctl(tree, env, "done", "report", "--by", "zs", "--date", "2009-04-16")
    git(tree, env, "stash", "-q")
    planctl(tree, env, "done", "report", "--by", "ls", "--date", "2009-04-17")
    git(tree, env, "commit", "-q", "-am", "ls")
    assert git(tree, env, "stash", "pop", ok=False).returncode != 0
    assert not (tmp_path / "a" / ".git" / "worktrees" / "tree" / "MERGE_HEAD").exists()
    found = unmerged(tree / "plan.yaml")
    assert found is not None and found.rel == "plan.yaml" and found.top == tree.resolve()
    assert unmerged(a / "plan.yaml") is None


def test_looking_for_an_unmerged_plan_runs_no_git_when_there_is_none(tmp_path: Path, env: dict[str, str],
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from planctl.git.unmerged import unmerged

    a, _ = two_clones(tmp_path, env)
    (a / "docs").mkdir()
    (a / "docs" / "plan.yaml").write_text(PLAN, encoding="utf-8")
    git(a, env, "add", "docs")

    def no_git(*args: object, **kwargs: object) -> None:
        raise AssertionError("git was run")

    monkeypatch.setattr(subprocess, "run", no_git)
    assert unmerged(a / "plan.yaml") is None
    assert unmerged(a / "docs" / "plan.yaml") is None
    assert unmerged(tmp_path / "plan.yaml") is None  # not in a repository at all


# --- git-setup -----------------------------------------------------------------------------------------


def test_git_setup_then_pull_needs_no_hand_resolution(tmp_path: Path, env: dict[str, str]) -> None:
    a, b = two_clones(tmp_path, env, driver=False, attributes=False)
    first = planctl(a, env, "git-setup")
    assert "added '/plan.yaml merge=planctl diff=planctl' to .gitattributes" in first.stderr
    assert (a / ".gitattributes").read_text() == "/plan.yaml merge=planctl diff=planctl\n"
    assert git(a, env, "config", "--local", "diff.planctl.xfuncname").stdout.strip()
    driver = git(a, env, "config", "--local", "merge.planctl.driver").stdout.strip()
    assert driver == f"{shlex.quote(sys.executable)} -P -m planctl merge-driver %O %A %B --marker-size %L --path %P"
    assert git(a, env, "config", "--local", "merge.planctl.name").stdout.strip()
    again = planctl(a, env, "git-setup")
    assert "already merges with merge=planctl" in again.stderr and "already set" in again.stderr
    assert (a / ".gitattributes").read_text() == "/plan.yaml merge=planctl diff=planctl\n"
    git(a, env, "add", ".gitattributes")
    commit_and_push(a, env, "merge plans with planctl")
    assert pull(b, env).returncode == 0
    assert "already merges with merge=planctl" in planctl(b, env, "git-setup").stderr  # b only needs the config
    planctl(a, env, "done", "topics", "--by", "zs", "--date", "2009-04-03")
    commit_and_push(a, env, "a")
    planctl(b, env, "done", "topics", "--by", "ls", "--date", "2009-04-04")
    git(b, env, "commit", "-q", "-am", "b")
    done = run(["git", "pull", "-q", "--no-edit", "origin", "main"], b, without_planctl(env), ok=False)  # a GUI client
    assert done.returncode == 0, done.stdout + done.stderr
    assert len(logs(b)["topics"]) == 2


def test_git_setup_global_and_an_existing_attributes_file(tmp_path: Path, env: dict[str, str]) -> None:
    repo = tmp_path / "repo"
    (repo / "plans").mkdir(parents=True)
    git(tmp_path, env, "init", "-q", "-b", "main", str(repo))
    (repo / "plans" / "my plan.yaml").write_text(PLAN, encoding="utf-8")
    (repo / ".gitattributes").write_bytes(b"*.png binary\r\n*.yaml merge=union")
    done = planctl(repo / "plans", env, "git-setup", "--global", "-f", "my plan.yaml")
    assert "your global git config" in done.stderr
    expected = b'*.png binary\r\n*.yaml merge=union\r\n"/plans/my plan.yaml" merge=planctl diff=planctl\r\n'
    assert (repo / ".gitattributes").read_bytes() == expected
    assert gitops.attribute("plans/my plan.yaml", "diff", repo) == "planctl"
    assert gitops.attribute("plans/my plan.yaml", "merge", repo) == "planctl"
    assert gitops.attribute("plans/other.yaml", "merge", repo) == "union"
    assert "merge-driver %O %A %B" in git(repo, env, "config", "--global", "merge.planctl.driver").stdout
    assert git(repo, env, "config", "--local", "merge.planctl.driver", ok=False).returncode == 1


def test_git_setup_outside_a_repository_says_so(tmp_path: Path, env: dict[str, str]) -> None:
    (tmp_path / "plan.yaml").write_text(PLAN, encoding="utf-8")
    done = planctl(tmp_path, env, "git-setup", ok=False)
    assert done.returncode == 2
    assert "is not in a git repository" in done.stderr
    assert "Traceback" not in done.stderr


def test_hints_name_a_plan_not_called_plan_yaml_and_the_command_they_give_works(tmp_path: Path,
                                                                                 env: dict[str, str]) -> None:
    from planctl.git.unmerged import Unmerged

    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, env, "init", "-q")
    (repo / "team.yaml").write_text(PLAN, encoding="utf-8")
    hint = Unmerged("team.yaml", repo).hint(cwd=repo)
    assert "'planctl git-setup -f team.yaml'" in hint
    assert "'planctl git-setup'" in Unmerged("plan.yaml", repo).hint(cwd=repo)
    done = planctl(repo, env, "git-setup", "-f", "team.yaml")  # the hint's command, as given
    assert "run 'planctl git-setup -f team.yaml' there too" in done.stderr
    (repo / ".team.yaml.4242-1-0.tmp").write_text("left by a killed planctl")  # store/atomic.py's pattern
    assert ".tmp" not in git(repo, env, "status", "--porcelain", "--untracked-files=all").stdout


def test_merge_driver_help_shows_the_config_git_setup_writes() -> None:
    from conftest import run_cli

    text = " ".join(run_cli("merge-driver", "--help").stdout.split())
    assert "Example (in git config): planctl merge-driver %O" not in text
    assert "git-setup" in text and "/bin/planctl' merge-driver %O %A %B --marker-size %L --path %P" in text


# --- committing the plan alone (for `planctl done --commit`) ----------------------------------------


def test_commit_plan_commits_only_the_plan(tmp_path: Path, env: dict[str, str]) -> None:
    repo = tmp_path / "repo"
    git(tmp_path, env, "init", "-q", "-b", "main", str(repo))
    (repo / "plan.yaml").write_text(PLAN, encoding="utf-8")
    (repo / "notes.txt").write_text("one\n")
    git(repo, env, "add", ".")
    git(repo, env, "commit", "-q", "-m", "start")
    (repo / "notes.txt").write_text("two\n")
    git(repo, env, "add", "notes.txt")  # staged, and must stay out of the plan's commit
    (repo / "other.txt").write_text("untracked\n")
    planctl(repo, env, "done", "topics", "--by", "zs", "--date", "2009-04-03")
    sha = gitops.commit_plan(repo / "plan.yaml", "done 1.1 拟定调研课题 (张三, 2009-04-03)\n")
    assert git(repo, env, "rev-parse", "HEAD").stdout.strip() == sha
    assert git(repo, env, "show", "--name-only", "--format=%s", "HEAD").stdout.split("\n")[:3] == \
        ["done 1.1 拟定调研课题 (张三, 2009-04-03)", "", "plan.yaml"]
    status = git(repo, env, "status", "--porcelain").stdout
    assert "M  notes.txt" in status and "?? other.txt" in status and "plan.yaml" not in status


def test_commit_plan_adds_an_untracked_plan_and_works_from_a_subfolder(tmp_path: Path, env: dict[str, str]) -> None:
    repo = tmp_path / "repo"
    git(tmp_path, env, "init", "-q", "-b", "main", str(repo))
    (repo / "docs").mkdir()
    (repo / "docs" / "plan.yaml").write_text(PLAN, encoding="utf-8")
    gitops.commit_plan(repo / "docs" / "plan.yaml", "first plan")
    assert git(repo, env, "ls-files").stdout == "docs/plan.yaml\n"


def test_commit_plan_outside_a_repository_is_a_usage_error(tmp_path: Path, env: dict[str, str]) -> None:
    (tmp_path / "plan.yaml").write_text(PLAN, encoding="utf-8")
    with pytest.raises(UsageError, match="not in a git repository"):
        gitops.commit_plan(tmp_path / "plan.yaml", "x")


def test_ensure_can_commit(tmp_path: Path, env: dict[str, str]) -> None:
    (tmp_path / "plan.yaml").write_text(PLAN, encoding="utf-8")
    with pytest.raises(UsageError, match="not in a git repository"):
        gitops.ensure_can_commit(tmp_path / "plan.yaml")
    a, b = two_clones(tmp_path, env)
    assert gitops.ensure_can_commit(b / "plan.yaml") == b.resolve()
    edit(a, lambda text: text.replace("target: 8", "target: 10"))
    commit_and_push(a, env, "more")
    edit(b, lambda text: text.replace("target: 8", "target: 6"))
    git(b, env, "commit", "-q", "-am", "less")
    assert pull(b, env).returncode != 0
    with pytest.raises(UsageError, match="a merge is in progress"):
        gitops.ensure_can_commit(b / "plan.yaml")


def test_commit_plan_reports_what_git_said(tmp_path: Path, env: dict[str, str]) -> None:
    repo = tmp_path / "repo"
    git(tmp_path, env, "init", "-q", "-b", "main", str(repo))
    (repo / "plan.yaml").write_text(PLAN, encoding="utf-8")
    gitops.commit_plan(repo / "plan.yaml", "first")
    with pytest.raises(gitops.GitError, match="git commit failed"):
        gitops.commit_plan(repo / "plan.yaml", "nothing changed")


def test_commit_message() -> None:
    loaded = load_bytes("plan.yaml", PLAN.encode())
    assert loaded.plan is not None
    plan = loaded.plan
    from datetime import date

    topics, quota = plan.find("topics"), plan.find("self-study")
    assert topics is not None and quota is not None
    assert gitops.commit_message(topics, Completion(date(2009, 4, 3), by="zs"), plan.roster) == \
        "done 1.1 拟定调研课题 (张三, 2009-04-03)\n"
    assert gitops.commit_message(quota, Completion(date(2009, 4, 3), by="ls", amount=1.5, note="读《摘编》"), plan.roster) == \
        "done 1.1q1 每周自学 (李四, 2009-04-03, 1.5 h)\n\n读《摘编》\n"
    assert gitops.commit_message(topics, Completion(date(2009, 4, 3)), plan.roster) == "done 1.1 拟定调研课题 (2009-04-03)\n"


# --- the pre-commit hook ---------------------------------------------------------------------------------


def hook() -> dict[str, object]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hooks, list)
    found = [h for h in hooks if h["id"] == "planctl-check"]
    assert len(found) == 1
    return dict(found[0])


def run_hook(cwd: Path, env: dict[str, str], files: list[str]) -> subprocess.CompletedProcess[str]:
    """What pre-commit does: the entry, then its args, then the staged files its `files` pattern matches."""
    definition = hook()
    entry = shlex.split(str(definition["entry"]))
    assert entry[0] == "planctl"
    installed = Path(sys.executable).parent / "planctl"
    command = [str(installed)] if installed.exists() else PLANCTL_COMMAND
    matching = [f for f in files if re.search(str(definition["files"]), f)]
    args = [str(a) for a in definition.get("args", [])]  # type: ignore[attr-defined]
    return run([*command, *entry[1:], *args, *matching], cwd, env, ok=False)


def test_the_pre_commit_hook_definition() -> None:
    definition = hook()
    assert definition["language"] == "python"
    assert definition["entry"] == "planctl check"
    pattern = str(definition["files"])
    for name in ("plan.yaml", "sub/plan.yaml"):
        assert re.search(pattern, name)
    for name in ("myplan.yaml", "plan.yaml.bak", "other.yaml"):
        assert not re.search(pattern, name)


def test_the_pre_commit_hook_passes_a_good_plan_and_fails_a_broken_one(tmp_path: Path, env: dict[str, str]) -> None:
    (tmp_path / "plan.yaml").write_text(PLAN, encoding="utf-8")
    (tmp_path / "notes.yaml").write_text("not: [a plan\n", encoding="utf-8")
    assert run_hook(tmp_path, env, ["plan.yaml", "notes.yaml"]).returncode == 0
    (tmp_path / "plan.yaml").write_text(PLAN.replace("who: team", "who: nobody"), encoding="utf-8")
    failed = run_hook(tmp_path, env, ["plan.yaml", "notes.yaml"])
    assert failed.returncode == 1
    assert "plan.yaml:" in failed.stdout + failed.stderr


def test_the_pre_commit_hook_with_several_plans(tmp_path: Path, env: dict[str, str]) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "plan.yaml").write_text(PLAN, encoding="utf-8")
    assert run_hook(tmp_path, env, ["a/plan.yaml", "b/plan.yaml"]).returncode == 0
    (tmp_path / "b" / "plan.yaml").write_text(PLAN.replace("who: team", "who: nobody"), encoding="utf-8")
    assert run_hook(tmp_path, env, ["a/plan.yaml", "b/plan.yaml"]).returncode == 1


@pytest.mark.skipif(shutil.which("pre-commit") is None or not os.environ.get("PLANCTL_NETWORK_TESTS"),
                    reason="needs pre-commit and the network (set PLANCTL_NETWORK_TESTS=1)")
def test_pre_commit_try_repo(tmp_path: Path, env: dict[str, str]) -> None:  # pragma: no cover - needs pre-commit
    repo = tmp_path / "other"
    git(tmp_path, env, "init", "-q", "-b", "main", str(repo))
    (repo / "plan.yaml").write_text(PLAN, encoding="utf-8")
    git(repo, env, "add", "plan.yaml")
    done = run(["pre-commit", "try-repo", str(ROOT), "planctl-check", "--files", "plan.yaml"], repo, env, ok=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_git_setup_adds_the_diff_driver_to_a_clone_set_up_before_it(tmp_path: Path, env: dict[str, str]) -> None:
    repo = tmp_path / "repo"
    git(tmp_path, env, "init", "-q", "-b", "main", str(repo))
    (repo / "plan.yaml").write_text(PLAN, encoding="utf-8")
    (repo / ".gitattributes").write_text("/plan.yaml merge=planctl\n", encoding="utf-8")
    done = planctl(repo, env, "git-setup")
    assert "added '/plan.yaml diff=planctl'" in done.stderr
    assert (repo / ".gitattributes").read_text() == "/plan.yaml merge=planctl\n/plan.yaml diff=planctl\n"
    assert gitops.attribute("plan.yaml", "diff", repo) == "planctl"


def test_one_completion_corrected_on_both_sides_and_resolved_by_hand_is_told_to_add(tmp_path: Path,
                                                                                   env: dict[str, str]) -> None:
    # tester h93, finding 6: keeping one side's correction is a resolution, not a lost completion
    a, b = two_clones(tmp_path, env)
    planctl(a, env, "done", "topics", "--by", "zs", "--date", "2009-04-03", "--note", "初稿")
    commit_and_push(a, env, "log")
    pull(b, env)
    edit(a, lambda text: text.replace("note: 初稿", "note: 终稿A"))
    commit_and_push(a, env, "fix A")
    edit(b, lambda text: text.replace("note: 初稿", "note: 定稿B"))
    git(b, env, "commit", "-q", "-am", "fix B")
    assert pull(b, env).returncode != 0  # left between markers for a person
    text = (b / "plan.yaml").read_text(encoding="utf-8")
    assert "终稿A" in text and "定稿B" in text and "<<<<<<<" in text
    kept = re.sub(r"<<<<<<< .*\n(.*\n)=======\n.*\n>>>>>>> .*\n", r"\1", text)  # ours' version kept
    (b / "plan.yaml").write_text(kept, encoding="utf-8")
    checked = planctl(b, env, "check", ok=False).stdout
    assert "holds no conflict markers and every completion both sides added" in checked, checked
