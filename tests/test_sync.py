"""`planctl sync`, `whoami`, `log` and the diff driver, with real git in temporary repositories (issue 19).

Faults: a push the remote refuses once (a pre-receive hook), a push cut off midway, a remote that
refuses for a while or cannot be reached, a sync killed during its merge or its push (with and
without its git); the next sync recovers with nothing lost. Refusals: a real conflict, a hand edit, staged files, no remote, a
detached HEAD, no merge driver; none leaves the clone mid-merge.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from sync_helpers import DRIVER, clone, git, make_remote, notes, remote_notes, remote_plan, run, sync_env  # noqa: F401

if shutil.which("git") is None:  # pragma: no cover
    pytest.skip("git is not installed", allow_module_level=True)


def log(where: Path, note: str, by: str = "p01", item: str = "reading") -> None:
    extra = ["--amount", "1h"] if item == "reading" else ["--again"] if item in ("talk", "survey") else []
    code, said = run("done", item, "-f", str(where / "plan.yaml"), "--by", by, "--note", note,
                     "--date", "2009-04-03", *extra)
    assert code == 0, said


def first_json(said: str) -> Any:
    """The JSON document at the start of what was printed (messages on stderr may follow it)."""
    start = min(i for i in (said.find("{"), said.find("[")) if i >= 0)
    return json.JSONDecoder().raw_decode(said[start:])[0]


def sync(where: Path, *args: str) -> tuple[int, str]:
    return run("sync", "-f", str(where / "plan.yaml"), *args)


# --- what sync does ----------------------------------------------------------------------------


def test_two_clones_logging_the_same_quota_both_end_with_both_entries(team: tuple[Path, Path, Path]) -> None:
    bare, a, b = team
    log(a, "a1", "p01")
    log(a, "a2", "p02")
    log(b, "b1", "zs")
    code, said = sync(a)
    assert code == 0 and "sent 2" in said
    code, said = sync(b)
    assert code == 0, said
    assert "received 2 completions (人员01 1, 人员02 1); sent 1 completion" in said
    code, said = sync(a)
    assert code == 0 and "received 1 completion (张伟 1)" in said
    for where in (a, b):
        assert notes(where / "plan.yaml") == Counter({"a1": 1, "a2": 1, "b1": 1})
        assert git(where, "status", "--porcelain", "--untracked-files=no") == ""
    assert git(b, "log", "-1", "--format=%s", "HEAD^2").startswith("planctl sync：记录 2 条完成记录")  # the plan's language


def test_sync_json_says_what_came_in_and_went_out(team: tuple[Path, Path, Path]) -> None:
    _, a, b = team
    log(a, "a1")
    sync(a)
    log(b, "b1", "ln")
    code, said = sync(b, "--json")
    assert code == 0
    data = first_json(said)
    assert data["ok"] and data["received"] == {"count": 1, "by": {"p01": 1}, "taken_back": 0, "removed_by_hand": 0,
                                           "removed_with_items": 0, "other_changes": False, "removed_by_hand_lines": []}
    assert data["sent"] == {"count": 1, "by": {"ln": 1}, "taken_back": 0, "removed_by_hand": 0,
                            "removed_with_items": 0, "commits": 2}  # b's commit and the merge
    assert data["merge"] == "merge" and data["pushed"] and data["committed_entries"] == 1


def test_take_backs_and_other_changes_are_said_not_called_nothing(team: tuple[Path, Path, Path]) -> None:
    """An undo synced is 'taken back' on both sides; a commit without completions is not 'sent nothing',
    and a title edit coming in is not 'received nothing new'."""
    _, a, b = team
    log(a, "a1")
    sync(a)
    sync(b)
    code, said = run("undo", "-y", "-f", str(a / "plan.yaml"))
    assert code == 0, said
    code, said = sync(a)
    assert code == 0 and "committed the plan" in said and ": 1 completion taken back" in said \
        and "sent 1 completion taken back" in said, said
    code, said = sync(b)
    assert code == 0 and "received 1 completion taken back; sent nothing" in said, said
    plan = a / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("target: 8", "target: 9"), encoding="utf-8")
    git(a, "-c", "user.name=t", "-c", "user.email=t@x", "commit", "-qam", "a hand edit")
    code, said = sync(a)
    assert code == 0 and "received nothing new; sent 1 commit (no completions)" in said, said
    code, said = sync(b)
    assert code == 0 and "received changes to the plan (not completions); sent nothing" in said, said


def test_git_runs_the_configured_driver_when_sync_does_not_merge_in_process(team: tuple[Path, Path, Path],
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """PLANCTL_SYNC_INPROCESS=0: git runs `planctl merge-driver` itself; the result is the same."""
    monkeypatch.setenv("PLANCTL_SYNC_INPROCESS", "0")
    _, a, b = team
    log(a, "a1")
    sync(a)
    log(b, "b1")
    assert sync(b)[0] == 0
    assert notes(b / "plan.yaml") == Counter({"a1": 1, "b1": 1})


def test_the_in_process_merge_is_what_git_records(team: tuple[Path, Path, Path]) -> None:
    """With a configured driver that would fail, sync still merges: git took sync's own merge of the plan."""
    _, a, b = team
    git(b, "config", "merge.planctl.driver", "false %O %A %B")
    log(a, "a1")
    sync(a)
    log(b, "b1")
    code, said = sync(b)
    assert code == 0, said
    assert notes(b / "plan.yaml") == Counter({"a1": 1, "b1": 1})


# --- refusals -----------------------------------------------------------------------------------


def test_a_real_conflict_is_refused_explained_and_the_clone_is_not_left_mid_merge(team: tuple[Path, Path, Path]) -> None:
    _, a, b = team
    for where, title in ((a, "座谈会(一)"), (b, "座谈会(二)")):
        plan = where / "plan.yaml"
        plan.write_text(plan.read_text(encoding="utf-8").replace("title: 座谈会", f"title: {title}"), encoding="utf-8")
        git(where, "commit", "-q", "-am", "rename")
    log(b, "b1")
    assert sync(a)[0] == 0
    before = git(b, "rev-parse", "HEAD")
    code, said = sync(b)
    assert code == 1
    assert "conflict" in said and "git merge origin/main" in said and "git merge --abort" in said
    assert not (b / ".git" / "MERGE_HEAD").exists() and git(b, "rev-parse", "HEAD~1") == before  # b1 committed
    assert notes(b / "plan.yaml") == Counter({"b1": 1})
    code, said = sync(b, "--json")
    assert code == 1 and first_json(said)["reason"] == "conflict"


def test_a_hand_edit_in_the_plan_is_not_swept_in(team: tuple[Path, Path, Path]) -> None:
    _, a, _ = team
    log(a, "a1")
    plan = a / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("target: 8", "target: 9"), encoding="utf-8")
    code, said = sync(a)
    assert code == 1 and "not completions" in said and "git diff plan.yaml" in said
    assert git(a, "rev-list", "--count", "HEAD") == "1\n"  # nothing was committed


def test_the_hand_edit_hint_never_offers_to_throw_away_unsent_completions(team: tuple[Path, Path, Path]) -> None:
    """'git restore plan.yaml' would drop the completion logged since the last commit with the hand edit."""
    _, a, b = team
    plan = b / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("target: 8", "target: 9"), encoding="utf-8")
    code, said = sync(b)
    assert code == 1 and "or undo them ('git restore plan.yaml')" in said  # nothing else to lose
    log(a, "keep-me", by="p02")
    plan = a / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("target: 8", "target: 9"), encoding="utf-8")
    code, said = sync(a)
    assert code == 1
    assert "also holds 1 completion not yet sent (p02 1)" in said
    assert "or undo them ('git restore" not in said and "which would throw the completion away" in said


def test_completions_and_taken_back_ones_are_committed_alone(team: tuple[Path, Path, Path]) -> None:
    bare, a, _ = team
    log(a, "a1")
    log(a, "a2", item="talk")
    (a / "notes.txt").write_text("mine\n", encoding="utf-8")
    code, said = sync(a)
    assert code == 0 and "committed the plan" in said and ": 2 completions" in said
    assert git(a, "show", "--name-only", "--format=", "HEAD").split() == ["plan.yaml"]
    assert git(a, "status", "--porcelain").split() == ["??", "notes.txt"]
    assert run("undo", "-f", str(a / "plan.yaml"), "-y")[0] == 0
    code, said = sync(a)
    assert code == 0 and "撤销 1 条完成记录" in git(a, "log", "-1", "--format=%s", "HEAD")  # the plan's language


def test_staged_files_no_remote_and_a_detached_head_are_refused(team: tuple[Path, Path, Path], tmp_path: Path) -> None:
    _, a, _ = team
    (a / "other.txt").write_text("x\n", encoding="utf-8")
    git(a, "add", "other.txt")
    code, said = sync(a)
    assert code == 1 and "staged" in said and "other.txt" in said
    git(a, "reset", "-q")
    git(a, "checkout", "-q", "--detach")
    code, said = sync(a)
    assert code == 1 and "detached" in said and "git switch" in said
    git(a, "checkout", "-q", "main")
    lonely = tmp_path / "lonely"
    git(tmp_path, "clone", "-q", str(a), str(lonely))
    git(lonely, "remote", "remove", "origin")
    git(lonely, "config", "merge.planctl.driver", DRIVER)
    code, said = sync(lonely)
    assert code == 1 and "no remote" in said and "git remote add origin" in said


def test_a_clone_without_the_driver_is_refused_and_sync_setup_sets_it(team: tuple[Path, Path, Path]) -> None:
    bare, a, _ = team
    b2 = clone(bare, a.parent / "nodriver", driver=None)
    code, said = sync(b2)
    assert code == 1 and "merge.planctl.driver" in said and "planctl git-setup" in said
    code, said = sync(b2, "--setup")
    assert code == 0, said
    assert git(b2, "config", "merge.planctl.driver").strip()
    git(b2, "config", "merge.planctl.driver", "/nowhere/planctl merge-driver %O %A %B")
    code, said = sync(b2)
    assert code == 1 and "/nowhere/planctl" in said and "not there" in said


# --- faults: the next sync recovers, nothing lost ---------------------------------------------


def _hook(bare: Path, body: str) -> None:
    hook = bare / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    hook.chmod(0o755)


def test_a_push_the_remote_refuses_once_goes_out_with_the_next_sync(team: tuple[Path, Path, Path],
                                                                    tmp_path: Path) -> None:
    bare, a, b = team
    flag = tmp_path / "refuse-once"
    flag.touch()
    _hook(bare, f'if [ -e "{flag}" ]; then rm "{flag}"; echo "busy, try later" >&2; exit 1; fi\n')
    log(a, "a1")
    code, said = sync(a)
    assert code == 1 and "did not take the push" in said and "nothing is lost" in said
    log(b, "b1")
    assert sync(b)[0] == 0
    code, said = sync(a)
    assert code == 0, said
    assert remote_notes(bare, tmp_path) == Counter({"a1": 1, "b1": 1})


def test_a_remote_that_refuses_or_is_gone_for_a_while(team: tuple[Path, Path, Path], tmp_path: Path) -> None:
    bare, a, _ = team
    _hook(bare, 'echo "read-only for now" >&2; exit 1\n')
    log(a, "a1")
    assert sync(a)[0] == 1
    log(a, "a2")
    assert sync(a)[0] == 1
    (bare / "hooks" / "pre-receive").unlink()
    moved = bare.with_name("moved.git")
    bare.rename(moved)
    code, said = sync(a)
    assert code == 1 and "could not fetch" in said
    moved.rename(bare)
    assert sync(a)[0] == 0
    assert remote_notes(bare, tmp_path) == Counter({"a1": 1, "a2": 1})


def test_a_push_cut_off_midway_goes_out_with_the_next_sync(team: tuple[Path, Path, Path], tmp_path: Path) -> None:
    """The connection drops while the pack is on its way (the remote's receive-pack sees only its
    first 300 bytes): sync says nothing is lost, and the next sync sends everything once."""
    bare, a, b = team
    git(a, "config", "remote.origin.receivepack", "sh -c 'head -c 300 | git receive-pack \"$0\"'")
    log(a, "a1")
    code, said = sync(a)
    assert code == 1 and "did not take the push" in said and "nothing is lost" in said, said
    log(b, "b1")
    assert sync(b)[0] == 0
    log(a, "a2")
    git(a, "config", "--unset", "remote.origin.receivepack")
    code, said = sync(a)
    assert code == 0, said
    assert remote_notes(bare, tmp_path) == Counter({"a1": 1, "a2": 1, "b1": 1})
    assert sync(b)[0] == 0 and notes(b / "plan.yaml") == Counter({"a1": 1, "a2": 1, "b1": 1})


@pytest.mark.parametrize("whole_group", [False, True], ids=["planctl-killed", "planctl-and-git-killed"])
def test_a_sync_killed_during_its_push_is_finished_by_the_next(team: tuple[Path, Path, Path], tmp_path: Path,
                                                              whole_group: bool) -> None:
    """Killed while the remote's hook holds the push: the push either went (planctl alone was killed,
    its git went on) or did not (git killed with it); either way the next sync sends each entry once."""
    bare, a, b = team
    flag = tmp_path / "pushing"
    _hook(bare, f'touch "{flag}"; sleep 2\n')
    log(b, "b1")
    assert sync(b)[0] == 0
    flag.unlink()
    log(a, "a1")
    process = subprocess.Popen([sys.executable, "-m", "planctl", "sync", "-f", str(a / "plan.yaml")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while not flag.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert flag.exists()
    if whole_group:
        os.killpg(process.pid, signal.SIGKILL)
    else:
        process.kill()
    process.wait()
    (bare / "hooks" / "pre-receive").unlink()
    code, said = sync(a)
    assert code == 0, said
    log(a, "a2")
    assert sync(a)[0] == 0
    assert remote_notes(bare, tmp_path) == Counter({"a1": 1, "a2": 1, "b1": 1})
    assert sync(b)[0] == 0 and notes(b / "plan.yaml") == Counter({"a1": 1, "a2": 1, "b1": 1})
    assert not (a / ".git" / "MERGE_HEAD").exists() and not (a / ".git" / "index.lock").exists()


def _slow_driver(flag: Path) -> str:
    real = f"{shlex.quote(sys.executable)} -m planctl merge-driver"
    return f"touch {shlex.quote(str(flag))}; sleep 5; {real} %O %A %B --marker-size %L --path %P"


@pytest.mark.parametrize("whole_group", [False, True], ids=["planctl-killed", "planctl-and-git-killed"])
def test_a_sync_killed_during_its_merge_is_finished_by_the_next(team: tuple[Path, Path, Path], tmp_path: Path,
                                                               whole_group: bool) -> None:
    bare, a, b = team
    log(a, "a1")
    sync(a)
    log(b, "b1")
    flag = tmp_path / "merging"
    git(b, "config", "merge.planctl.driver", _slow_driver(flag))
    env = {**os.environ, "PLANCTL_SYNC_INPROCESS": "0"}
    process = subprocess.Popen([sys.executable, "-m", "planctl", "sync", "-f", str(b / "plan.yaml")], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while not flag.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert flag.exists()
    if whole_group:
        os.killpg(process.pid, signal.SIGKILL)  # as a power cut: git leaves its index.lock
    else:
        process.kill()  # planctl alone: its git merge goes on without it
    process.wait()
    git(b, "config", "merge.planctl.driver", DRIVER)
    deadline = time.monotonic() + 30
    while True:  # an orphaned git may still be merging: sync says so, and then recovers
        code, said = sync(b)
        if code == 0 or time.monotonic() > deadline:
            break
        assert "still running" in said or "another git program is running" in said, said
        time.sleep(0.5)
    assert code == 0, said
    assert notes(b / "plan.yaml") == Counter({"a1": 1, "b1": 1})
    assert remote_notes(bare, tmp_path) == Counter({"a1": 1, "b1": 1})
    assert not (b / ".git" / "MERGE_HEAD").exists() and not (b / ".git" / "index.lock").exists()


def test_someone_else_s_merge_in_progress_is_refused_with_the_way_out(team: tuple[Path, Path, Path]) -> None:
    _, a, b = team
    for where, title in ((a, "座谈会(一)"), (b, "座谈会(二)")):
        plan = where / "plan.yaml"
        plan.write_text(plan.read_text(encoding="utf-8").replace("title: 座谈会", f"title: {title}"), encoding="utf-8")
        git(where, "commit", "-q", "-am", "rename")
    sync(a)
    git(b, "fetch", "-q")
    git(b, "merge", "origin/main", check=False)
    code, said = sync(b)
    assert code == 1 and "merge is in progress" in said and "git merge --abort" in said
    assert (b / ".git" / "MERGE_HEAD").exists()  # left as the person had it


# --- who I am -----------------------------------------------------------------------------------


def test_whoami_and_done_without_by(team: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    _, a, _ = team
    plan = str(a / "plan.yaml")
    code, said = run("whoami", "-f", plan)
    assert code == 1 and "cannot tell who you are" in said
    git(a, "config", "user.email", "zhangwei@example.CN")
    code, said = run("whoami", "-f", plan)
    assert code == 0 and "张伟 (zs)" in said and "user.email" in said
    code, said = run("done", "reading", "-f", plan, "--amount", "2h", "--date", "2009-04-03")
    assert code == 0 and "by 张伟" in said and "who you are, from git config user.email" in said
    assert "by: zs" in (a / "plan.yaml").read_text(encoding="utf-8")
    git(a, "config", "planctl.user", "ln")
    assert "李娜 (ln)" in run("whoami", "-f", plan)[1]
    monkeypatch.setenv("PLANCTL_BY", "人员07")
    code, said = run("whoami", "-f", plan, "--json")
    assert first_json(said)["person"] == "p07"
    monkeypatch.setenv("PLANCTL_BY", "nobody")
    code, said = run("done", "reading", "-f", plan, "--amount", "2h", "--date", "2009-04-03")
    assert code == 2 and "PLANCTL_BY says 'nobody' is nobody in the roster" in said


def test_an_email_given_to_two_people_is_an_error(tmp_path: Path) -> None:
    from sync_helpers import plan_text

    plan = tmp_path / "plan.yaml"
    plan.write_text(plan_text().replace("ln: {name: 李娜, email: [lina@example.cn", "ln: {name: 李娜, email: "
                                        "[zhangwei@example.cn"), encoding="utf-8")
    code, said = run("check", "-f", str(plan))
    assert code == 1 and "email 'zhangwei@example.cn' is given to both 'zs' and 'ln'" in said


# --- log ------------------------------------------------------------------------------------------


def test_log_lists_completions_in_time_order_with_filters(team: tuple[Path, Path, Path],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    _, a, _ = team
    plan = str(a / "plan.yaml")
    for when, day, by, item, note in (("2026-11-25T09:00:00", "2009-04-05", "zs", "reading", "late"),
                                      ("2026-11-25T08:00:00", "2009-04-03", "ln", "talk", "first"),
                                      ("2026-11-25T08:30:00", "2009-04-05", "zs", "visits", "early")):
        monkeypatch.setenv("PLANCTL_NOW", when)
        extra = ["--amount", "90min"] if item == "reading" else []
        assert run("done", item, "-f", plan, "--by", by, "--date", day, "--note", note, *extra)[0] == 0
    code, said = run("log", "-f", plan, "--json")
    rows = first_json(said)
    assert [r["note"] for r in rows] == ["first", "early", "late"]
    assert rows[2]["amount"] == 1.5 and rows[2]["amount_unit"] == "h" and rows[2]["by_name"] == "张伟"
    code, said = run("log", "-f", plan, "--who", "张伟", "--since", "2009-04-04", "--until", "2009-04-05")
    assert code == 0 and "early" in said and "late" in said and "first" not in said
    code, said = run("log", "-f", plan, "--item", "visits", "--json")
    assert [r["note"] for r in first_json(said)] == ["early"]
    monkeypatch.setenv("PLANCTL_BY", "ln")
    code, said = run("log", "-f", plan, "--who", "me", "--json")
    assert [r["note"] for r in first_json(said)] == ["first"]


# --- the diff driver --------------------------------------------------------------------------------


def test_git_log_names_the_item_a_completion_was_added_to(team: tuple[Path, Path, Path]) -> None:
    _, a, _ = team
    from planctl.commands.git import DIFF_XFUNCNAME, _attribute_lines

    git(a, "config", "diff.planctl.xfuncname", DIFF_XFUNCNAME)
    (a / ".gitattributes").write_text(_attribute_lines("plan.yaml", ["merge", "diff"]) + "\n", encoding="utf-8")
    log(a, "a1", item="reading")
    git(a, "commit", "-q", "-am", "one")
    headers = [line.split("@@")[-1].strip() for line in git(a, "log", "-1", "-p", "--", "plan.yaml").splitlines()
               if line.startswith("@@")]
    assert headers == ["title: 每周自学"]  # not git's default, the last unindented line: 'phases:'


def test_a_merge_killed_after_writing_the_work_tree_is_put_back_not_committed_as_ours(
        team: tuple[Path, Path, Path], tmp_path: Path) -> None:
    """The state a sync killed with its git can leave: the merged plan written, nothing committed,
    no MERGE_HEAD. Committing it as 'our completions' would count the other side's entries twice."""
    bare, a, b = team
    log(a, "a1")
    sync(a)
    log(b, "b1")
    git(b, "commit", "-q", "-am", "b1")
    git(b, "fetch", "-q")
    tip = git(b, "rev-parse", "origin/main").strip()
    git(b, "merge", "--no-commit", "--no-ff", "-q", "origin/main")
    for name in ("MERGE_HEAD", "MERGE_MODE", "MERGE_MSG"):
        (b / ".git" / name).unlink(missing_ok=True)
    git(b, "reset", "-q")  # the index as before; the work tree holds the merged plan
    gone = 1 << 22  # above Linux's largest process id: no such process
    (b / ".git" / "planctl-sync-merge").write_text(f"{tip}\n{gone}\n", encoding="utf-8")
    assert notes(b / "plan.yaml") == Counter({"a1": 1, "b1": 1})
    code, said = sync(b)
    assert code == 0 and "half written" in said, said
    assert notes(b / "plan.yaml") == Counter({"a1": 1, "b1": 1})
    assert remote_notes(bare, tmp_path) == Counter({"a1": 1, "b1": 1})


def test_sync_setup_in_a_repository_without_gitattributes_commits_them_and_sends_them(tmp_path: Path,
                                                                                      sync_env: None) -> None:  # noqa: F811
    from sync_helpers import plan_text

    bare = tmp_path / "bare.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(bare))
    a = tmp_path / "a"
    git(tmp_path, "clone", "-q", str(bare), str(a))
    (a / "plan.yaml").write_text(plan_text(), encoding="utf-8")
    git(a, "add", "plan.yaml")
    git(a, "commit", "-q", "-m", "plan")
    code, said = sync(a)
    assert code == 1 and "merge=planctl" in said
    code, said = sync(a, "--setup")
    assert code == 0 and "committed .gitattributes" in said, said
    assert "merge=planctl diff=planctl" in git(bare, "show", "main:.gitattributes")
    assert git(a, "status", "--porcelain") == ""


def test_a_detached_head_is_told_the_branch_it_left(team: tuple[Path, Path, Path]) -> None:  # tester h88
    _, a, _ = team
    git(a, "switch", "-q", "-c", "trunk")  # a team whose branch is not main
    git(a, "branch", "-q", "-D", "main")
    git(a, "checkout", "-q", "--detach")
    code, said = sync(a)
    assert code == 1 and "'git switch trunk'" in said and "git switch main" not in said


def test_a_stopped_rebase_is_told_as_a_rebase_not_a_detached_head(team: tuple[Path, Path, Path]) -> None:  # tester h119, 2
    # `git pull` with pull.rebase=true stopped on a conflict: HEAD is detached by the rebase; 'git switch' would fail
    _, a, b = team
    for clone_, title in ((a, "座谈会（甲）"), (b, "座谈会（乙）")):
        plan = clone_ / "plan.yaml"
        plan.write_text(plan.read_text(encoding="utf-8").replace("title: 座谈会", f"title: {title}"), encoding="utf-8")
        git(clone_, "commit", "-q", "-am", title)
    git(a, "push", "-q")
    git(b, "config", "pull.rebase", "true")
    git(b, "pull", "-q", check=False)
    assert (b / ".git" / "rebase-merge").exists()
    code, said = sync(b)
    assert code == 1 and "a rebase is in progress" in said and "git rebase --abort" in said, said
    assert "detached" not in said and "git switch" not in said
