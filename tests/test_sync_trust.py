"""What `planctl sync` may send, with real git (issue 19, a tester's findings).

sync commits only what planctl made in this clone: completions `done` added and the ones `undo` took
back here. A completion line deleted, rewritten or moved by hand is refused, never pushed to every
clone as a "take back". Also: a task deleted with its completions is not called "taken back"; the
conflict hints say `git add`; `check` knows when the driver left the markers; the .gitattributes
`git-setup` wrote in each clone does not stop the others' sync; `git-setup -q` is quiet.
"""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from sync_helpers import clone, git, make_remote, notes, plan_text, remote_notes, remote_plan, run, sync_env  # noqa: F401

if shutil.which("git") is None:  # pragma: no cover
    pytest.skip("git is not installed", allow_module_level=True)


def log(where: Path, note: str, by: str = "p01", item: str = "reading") -> None:
    extra = ["--amount", "1h"] if item == "reading" else ["--again"]
    code, said = run("done", item, "-f", str(where / "plan.yaml"), "--by", by, "--note", note,
                     "--date", "2009-04-03", *extra)
    assert code == 0, said


def sync(where: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    return run("sync", "-f", str(where / "plan.yaml"), *args, env=env)


def edit(where: Path, change: object) -> None:
    plan = where / "plan.yaml"
    assert callable(change)
    plan.write_text(change(plan.read_text(encoding="utf-8")), encoding="utf-8")


def without_line(note: str) -> object:
    return lambda text: "".join(line for line in text.splitlines(keepends=True) if f"note: {note}," not in line)


def first_json(said: str) -> Any:
    """The JSON document printed first (messages on stderr follow it)."""
    return json.JSONDecoder().raw_decode(said[said.index("{"):])[0]


# --- completion lines removed or changed by hand -------------------------------------------------


def test_someone_elses_completion_deleted_by_hand_is_refused_not_sent_as_taken_back(
        team: tuple[Path, Path, Path], tmp_path: Path) -> None:
    bare, a, b = team
    log(b, "b1", "zs")
    assert sync(b)[0] == 0 and sync(a)[0] == 0
    edit(a, without_line("b1"))  # an editor slip
    head = git(a, "rev-parse", "HEAD")
    code, said = sync(a)
    assert code == 1, said
    assert "lacks 1 completion line" in said and "note: b1" in said and "nothing was committed or sent" in said
    assert "'git restore plan.yaml'" in said  # safe here: nothing unsent in the file
    assert git(a, "rev-parse", "HEAD") == head and remote_notes(bare, tmp_path) == Counter({"b1": 1})
    code, said = sync(a, "--json")
    assert code == 1 and first_json(said)["reason"] == "hand-removed"
    git(a, "restore", "plan.yaml")  # the hint's way back
    assert sync(a)[0] == 0 and notes(a / "plan.yaml") == Counter({"b1": 1})


def test_a_completion_rewritten_by_hand_is_refused_and_the_hint_keeps_unsent_ones(
        team: tuple[Path, Path, Path], tmp_path: Path) -> None:
    bare, a, b = team
    log(b, "b1", "zs")
    sync(b)
    sync(a)
    log(a, "a1", "p01")  # logged here, not sent yet
    edit(a, lambda text: text.replace("by: zs, amount: 1, note: b1", "by: ln, amount: 1, note: b1"))
    code, said = sync(a)
    assert code == 1 and "lacks 1 completion line" in said and "by: zs" in said, said
    assert "Not with 'git restore plan.yaml'" in said and "1 completion not sent yet (p01 1)" in said
    assert remote_notes(bare, tmp_path) == Counter({"b1": 1}) and "by: zs" in remote_plan(bare)


def test_a_completion_moved_to_another_task_by_hand_is_refused(team: tuple[Path, Path, Path]) -> None:
    _, a, b = team
    log(b, "t1", "zs", item="talk")
    log(b, "s1", "zs", item="survey")
    sync(b)
    sync(a)
    lines = (a / "plan.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
    moved = next(line for line in lines if "note: t1," in line)
    lines.remove(moved)
    lines.insert(next(i for i, line in enumerate(lines) if "note: s1," in line) + 1, moved)
    (a / "plan.yaml").write_text("".join(lines), encoding="utf-8")
    code, said = sync(a)
    assert code == 1 and "lacks 1 completion line" in said and "note: t1" in said, said


def test_an_undo_here_is_sent_but_a_hand_deletion_beside_it_is_not(team: tuple[Path, Path, Path], tmp_path: Path) -> None:
    bare, a, _ = team
    log(a, "a1")
    log(a, "a2")
    sync(a)
    code, said = run("undo", "-y", "-f", str(a / "plan.yaml"))
    assert code == 0 and "a2" in said, said
    kept = (a / "plan.yaml").read_text(encoding="utf-8")
    edit(a, without_line("a1"))
    code, said = sync(a)
    assert code == 1 and "lacks 1 completion line" in said and "note: a1" in said and "note: a2" not in said, said
    (a / "plan.yaml").write_text(kept, encoding="utf-8")
    code, said = sync(a)
    assert code == 0 and "sent 1 completion taken back" in said, said
    assert remote_notes(bare, tmp_path) == Counter({"a1": 1})
    assert not list((a / ".planctl-cache").glob("*.undone"))  # sent: the list is let go


def test_a_completion_deleted_by_hand_and_committed_is_not_called_taken_back(team: tuple[Path, Path, Path]) -> None:
    """Only sync's commit of what `undo` took back (its Planctl-Taken-Back trailer) is "taken back"; a line someone
    deleted and committed themselves is said as removed in a commit made by hand, going out and coming in."""
    _, a, b = team
    log(b, "t1", "zs", item="talk")
    sync(b)
    sync(a)
    edit(a, without_line("t1"))
    git(a, "-c", "user.name=t", "-c", "user.email=t@x", "commit", "-qam", "t1 was wrong")
    code, said = sync(a)
    assert code == 0 and "sent 1 completion removed in a commit made by hand (not by sync)" in said and "taken back" not in said, said
    code, said = sync(b, "--json")
    assert code == 0, said
    received = first_json(said)["received"]
    assert (received["removed_by_hand"], received["taken_back"]) == (1, 0), received


def test_a_task_deleted_with_its_completions_is_not_called_taken_back(team: tuple[Path, Path, Path]) -> None:
    _, a, b = team
    log(b, "t1", "zs", item="talk")
    log(b, "t2", "ln", item="talk")
    sync(b)
    sync(a)
    edit(a, lambda text: re.sub(r"      - id: talk\n(?:        .*\n)+", "", text))
    git(a, "-c", "user.name=t", "-c", "user.email=t@x", "commit", "-qam", "drop the talk")
    code, said = sync(a)
    assert code == 0 and "sent 2 completions removed with their tasks (the tasks were deleted)" in said, said
    assert "taken back" not in said
    code, said = sync(b, "--json")
    assert code == 0, said
    received = first_json(said)["received"]
    assert received["removed_with_items"] == 2 and received["taken_back"] == 0
    code, said = sync(b, env={"PLANCTL_LANG": "zh_CN"})
    assert "撤销" not in said


def test_sync_commit_messages_do_not_mix_languages(team: tuple[Path, Path, Path]) -> None:
    """A take-back's message was `planctl sync: take back 2 条完成记录`: the words around the count stayed
    English while the count was translated. Now the whole message is in one language: the plan's (docs/git.md)."""
    _, a, _ = team
    zh = {"PLANCTL_LANG": "zh_CN"}
    log(a, "a1")
    log(a, "a2")
    assert sync(a, env=zh)[0] == 0
    assert git(a, "log", "-1", "--format=%s") == "planctl sync：记录 2 条完成记录（人员01 2）\n"
    run("undo", "-y", "-f", str(a / "plan.yaml"))
    assert sync(a, env=zh)[0] == 0
    subject = git(a, "log", "-1", "--format=%s")
    assert "take back" not in subject and re.fullmatch(r"planctl sync：[^a-zA-Z]*\n", subject), subject
    run("undo", "-y", "-f", str(a / "plan.yaml"))
    assert sync(a, env={"PLANCTL_LANG": "en"})[0] == 0  # an English reader syncing a Chinese plan
    assert git(a, "log", "-1", "--format=%s") == "planctl sync：撤销 1 条完成记录\n"


# --- conflicts: what to type --------------------------------------------------------------------


def test_a_title_conflict_hint_says_git_add_and_check_then_knows_the_driver_ran(team: tuple[Path, Path, Path]) -> None:
    _, a, b = team
    for where, title in ((a, "座谈会甲"), (b, "座谈会乙")):
        edit(where, lambda text, title=title: text.replace("title: 座谈会", f"title: {title}"))
        git(where, "-c", "user.name=t", "-c", "user.email=t@x", "commit", "-qam", title)
    assert sync(a)[0] == 0
    code, said = sync(b)
    assert code == 1 and "edit both sides made" in said, said
    steps = said[said.index("To resolve"):]
    assert steps.index("'git add plan.yaml'") < steps.index("'planctl check'") < steps.index("'git commit'")
    git(b, "merge", "origin/main", check=False)  # the hint's first step: the driver leaves markers
    code, said = run("check", "-f", str(b / "plan.yaml"))
    assert code == 1 and "'git add plan.yaml'" in said, said
    assert "planctl git-setup" not in said and "merge driver has merged the completion logs" in said


def test_a_log_on_a_task_the_other_side_deleted_is_not_called_never_conflicting(team: tuple[Path, Path, Path]) -> None:
    _, a, b = team
    edit(a, lambda text: re.sub(r"      - id: talk\n(?:        .*\n)+", "", text))
    git(a, "-c", "user.name=t", "-c", "user.email=t@x", "commit", "-qam", "drop the talk")
    assert sync(a)[0] == 0
    log(b, "t1", "zs", item="talk")
    code, said = sync(b)
    assert code == 1, said
    assert "completions were logged on 座谈会 (talk), which the other side deleted" in said
    assert "never conflict" not in said and "merge by themselves" not in said and "'git add plan.yaml'" in said


# --- git-setup in many clones --------------------------------------------------------------------


def remote_without_attributes(tmp_path: Path) -> Path:
    bare = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(bare))
    seed = tmp_path / "seed"
    git(tmp_path, "clone", "-q", str(bare), str(seed))
    (seed / "plan.yaml").write_text(plan_text(), encoding="utf-8")
    git(seed, "add", "plan.yaml")
    git(seed, "commit", "-q", "-m", "the plan")
    git(seed, "push", "-q", "origin", "main")
    return bare


def test_git_setup_q_is_quiet_as_every_command(tmp_path: Path, sync_env: None) -> None:  # noqa: F811
    a = clone(remote_without_attributes(tmp_path), tmp_path / "a", driver=None)
    code, said = run("git-setup", "-q", "-f", str(a / "plan.yaml"))
    assert code == 0 and said == "", said
    code, said = run("git-setup", "-f", str(a / "plan.yaml"))
    assert code == 0 and "already merges with merge=planctl" in said


def test_git_setup_in_three_clones_then_one_commits_it_the_others_sync(tmp_path: Path, sync_env: None) -> None:  # noqa: F811
    bare = remote_without_attributes(tmp_path)
    clones = [clone(bare, tmp_path / name, driver=None) for name in ("a", "b", "c")]
    for where in clones:
        assert run("git-setup", "-f", str(where / "plan.yaml"))[0] == 0
    a, b, c = clones
    git(a, "add", ".gitattributes")
    git(a, "commit", "-q", "-m", "merge plan.yaml with planctl")
    git(a, "push", "-q", "origin", "main")
    log(b, "b1")
    code, said = sync(b)
    assert code == 0 and "removed the uncommitted .gitattributes" in said and "sent 1 completion" in said, said
    assert git(b, "status", "--porcelain") == ""
    (c / ".gitattributes").write_text("/plan.yaml merge=planctl diff=planctl\n*.md text\n", encoding="utf-8")
    code, said = sync(c)
    assert code == 1 and "brings a different .gitattributes" in said and "mv .gitattributes" in said, said
    (c / ".gitattributes").rename(c / ".gitattributes.mine")  # the hint's way
    git(c, "merge", "-q", "origin/main")
    assert sync(c)[0] == 0 and notes(c / "plan.yaml") == Counter({"b1": 1})
