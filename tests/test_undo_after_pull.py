"""`undo` after a teammate's edit came in with `sync`, with real git (tester 15, left by session 7).

undo finds its entry by what `done` wrote (its text, stamped to the millisecond), not by the item's
title: a title changed by a teammate does not stop it. When undo cannot be sure (the same text on two
items) its hint says to remove the line by hand, and sync then sends that removal as taken back, as
it does undo's, instead of refusing it as a hand edit.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from sync_helpers import clone, git, make_remote, remote_notes, run, sync_env  # noqa: F401

if shutil.which("git") is None:  # pragma: no cover
    pytest.skip("git is not installed", allow_module_level=True)


def log(where: Path, item: str, note: str) -> None:
    code, said = run("done", item, "-f", str(where / "plan.yaml"), "--by", "p01", "--note", note, "--date", "2009-04-03")
    assert code == 0, said


def retitle(where: Path, old: str, new: str) -> None:
    """A teammate's title change, committed with git and sent with sync."""
    plan = where / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace(f"title: {old}\n", f"title: {new}\n"), encoding="utf-8")
    git(where, "commit", "-qam", "a better title")
    code, said = run("sync", "-f", str(plan))
    assert code == 0, said


def test_undo_after_a_teammates_title_change_takes_back_the_entry_and_sync_sends_it(
        team: tuple[Path, Path, Path], tmp_path: Path) -> None:
    bare, a, b = team
    log(a, "talk", "mine")
    retitle(b, "座谈会", "专题座谈会")
    code, said = run("sync", "-f", str(a / "plan.yaml"))
    assert code == 0 and "changes to the plan" in said, said
    assert run("sync", "-f", str(b / "plan.yaml"))[0] == 0
    code, said = run("undo", "-y", "-f", str(a / "plan.yaml"))
    assert code == 0 and "专题座谈会" in said and "mine" in said, said
    code, said = run("sync", "-f", str(a / "plan.yaml"))
    assert code == 0 and "sent 1 completion taken back" in said, said
    assert remote_notes(bare, tmp_path) == Counter()
    code, said = run("sync", "-f", str(b / "plan.yaml"))
    assert code == 0 and "received 1 completion taken back" in said, said


def test_the_hand_removal_undos_hint_describes_is_sent_by_sync_as_taken_back(
        team: tuple[Path, Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two `done`s stamped at the same instant write the same text on two tasks: after the second task's
    title changed, undo cannot tell which is its own and says to remove the line by hand."""
    bare, a, b = team
    monkeypatch.setenv("PLANCTL_NOW", "2009-04-03T09:00:00+08:00")
    for item in ("talk", "survey"):
        code, said = run("done", item, "-f", str(a / "plan.yaml"), "--by", "p01", "--date", "2009-04-03")
        assert code == 0, said
    assert run("sync", "-f", str(a / "plan.yaml"))[0] == 0
    assert run("sync", "-f", str(b / "plan.yaml"))[0] == 0
    retitle(b, "调研", "专题调研")
    assert run("sync", "-f", str(a / "plan.yaml"))[0] == 0
    code, said = run("undo", "-y", "-f", str(a / "plan.yaml"))
    assert code == 1 and "remove the entry by hand" in said, said
    number = int(re.findall(r"remove the entry by hand \(line (\d+)\)", said)[0])
    plan = a / "plan.yaml"
    lines = plan.read_text(encoding="utf-8").splitlines(keepends=True)
    assert "at: 2009-04-03T09:00:00+08:00" in lines[number - 1]
    plan.write_text("".join(lines[:number - 1] + lines[number:]), encoding="utf-8")
    code, said = run("sync", "-f", str(plan))
    assert code == 0 and "sent 1 completion taken back" in said, said
    shown = git(bare, "show", "main:plan.yaml")
    assert shown.count("at: 2009-04-03T09:00:00+08:00") == 1
    assert shown.index("at: 2009-04-03T09:00:00+08:00") < shown.index("title: 专题调研")  # talk's stays, survey's went


def test_undo_after_a_teammate_renamed_the_items_id_takes_back_the_entry(  # tester h88, finding 11
        team: tuple[Path, Path, Path], tmp_path: Path) -> None:
    bare, a, b = team
    log(a, "talk", "mine")
    plan = b / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("- id: talk\n", "- id: talk2009\n"), encoding="utf-8")
    git(b, "commit", "-qam", "a better id")
    assert run("sync", "-f", str(plan))[0] == 0
    assert run("sync", "-f", str(a / "plan.yaml"))[0] == 0
    assert "id: talk2009" in (a / "plan.yaml").read_text(encoding="utf-8")
    code, said = run("undo", "-y", "-f", str(a / "plan.yaml"))
    assert code == 0 and "mine" in said and "changed since" not in said, said
    code, said = run("sync", "-f", str(a / "plan.yaml"))
    assert code == 0 and "sent 1 completion taken back" in said, said
    assert remote_notes(bare, tmp_path) == Counter()
