"""Completions in logs not written one `- {date: …}` line an entry (a flow list, `log: []`, entries as block
mappings over several lines): sync commits them as completions and merges both sides' (real git)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from sync_helpers import clone, git, make_remote, notes, plan_text, remote_notes, remote_plan, run, sync_env, team_of  # noqa: F401

TALK = "        title: 座谈会\n"


def team_with(tmp_path: Path, log_lines: str) -> tuple[Path, Path, Path]:
    text = plan_text()
    assert TALK in text
    return team_of(tmp_path, text.replace(TALK, TALK + log_lines, 1))


def log(where: Path, note: str, by: str = "p01") -> None:
    code, said = run("done", "talk", "-f", str(where / "plan.yaml"), "--by", by, "--note", note,
                     "--date", "2009-04-03", "--again")
    assert code == 0, said


def sync(where: Path) -> tuple[int, str]:
    return run("sync", "-f", str(where / "plan.yaml"))


@pytest.mark.parametrize("log_lines", ["        log: []\n", "        log: [{date: 2009-04-02, by: p03, note: old}]\n"])
def test_a_completion_written_into_a_flow_list_is_committed_and_sent(tmp_path: Path, sync_env: None,  # noqa: F811
                                                                      log_lines: str) -> None:
    bare, a, _ = team_with(tmp_path, log_lines)
    log(a, "a1")
    code, said = sync(a)
    assert code == 0, said
    assert "committed" in said and "hand edit" not in said
    assert remote_notes(bare, tmp_path)["a1"] == 1


def test_a_hand_edit_beside_a_flow_list_completion_is_not_told_to_git_restore(tmp_path: Path,
                                                                              sync_env: None) -> None:  # noqa: F811
    _, a, _ = team_with(tmp_path, "        log: []\n")
    log(a, "a1")
    plan = a / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("title: 调研", "title: 调研活动"), encoding="utf-8")
    code, said = sync(a)
    assert code == 1 and "1 completion not yet sent" in said, said
    assert "or undo them ('git restore" not in said


@pytest.mark.parametrize("log_lines", [
    "        log: []\n",
    "        log: [{date: 2009-04-02, by: p03, note: old}]\n",
    "        log:\n          - date: 2009-04-02\n            by: p03\n            note: old\n",
])
def test_two_clones_logging_the_same_task_in_another_log_form_both_keep_both(tmp_path: Path, sync_env: None,  # noqa: F811
                                                                             log_lines: str) -> None:
    bare, a, b = team_with(tmp_path, log_lines)
    log(a, "a1", "p01")
    git(a, "commit", "-q", "-am", "a1")
    git(a, "push", "-q", "origin", "main")
    log(b, "b1", "p02")
    git(b, "commit", "-q", "-am", "b1")
    code, said = sync(b)
    assert code == 0, said
    assert remote_notes(bare, tmp_path) == notes(b / "plan.yaml")
    assert notes(b / "plan.yaml")["a1"] == notes(b / "plan.yaml")["b1"] == 1
    assert ("old" in notes(b / "plan.yaml")) == ("old" in log_lines)


@pytest.mark.parametrize("log_lines", [
    "        log: [{date: 2009-04-02, by: p03, note: old},\n              {date: 2009-04-02, by: p04, note: old2}]\n",
])
def test_two_clones_logging_into_a_flow_list_over_several_lines_both_keep_both(
        tmp_path: Path, sync_env: None, log_lines: str) -> None:  # noqa: F811
    bare, a, b = team_with(tmp_path, log_lines)
    log(a, "a1", "p01")
    assert sync(a)[0] == 0
    log(b, "b1", "p02")
    code, said = sync(b)
    assert code == 0 and "hand edit" not in said, said
    assert remote_notes(bare, tmp_path) == Counter({"old": 1, "old2": 1, "a1": 1, "b1": 1})


def test_a_log_form_that_cannot_be_joined_is_named_plainly(tmp_path: Path, sync_env: None) -> None:  # noqa: F811
    _, a, b = team_with(tmp_path, "        log:\n          - {date: 2009-04-02, by: p03, note: old}\n"
                                  "          # 第二条补记\n          - {date: 2009-04-02, by: p04, note: old2}\n")
    log(a, "a1", "p01")
    assert sync(a)[0] == 0
    log(b, "b1", "p02")
    git(b, "commit", "-q", "-am", "b1")
    before = git(b, "rev-parse", "HEAD")
    code, said = sync(b)
    assert code == 1
    assert "a form planctl cannot join" in said and "an edit both sides made" not in said, said
    assert "座谈会 (talk)" in said and "(a comment among its entries)" in said, said
    assert git(b, "rev-parse", "HEAD") == before and notes(b / "plan.yaml")["b1"] == 1


def test_a_completion_written_inside_a_log_sync_cannot_read_is_not_told_to_git_restore(tmp_path: Path,
                                                                                       sync_env: None) -> None:  # noqa: F811
    # A flow list with a comment among its entries: done appends `, {new}` after its last entry, which sync
    # cannot tell from an edit (tester 13); what it must never advise is to throw it away.
    _, a, _ = team_with(tmp_path, "        log: [{date: 2009-04-02, by: p03},  # 补记\n          {date: 2009-04-02, by: p04}]\n")
    log(a, "a1")
    code, said = sync(a)
    assert code == 1, said
    assert "git restore" not in said.replace("not 'git restore", ""), said
    assert "the log of 座谈会 (talk) is written in a form sync cannot read" in said, said
