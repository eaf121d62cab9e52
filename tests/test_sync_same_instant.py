"""Completions the two sides of a sync wrote alike, with real git (tester 15, left by session 7).

The merge driver keeps an entry both sides added once, as one record that reached both sides (a
cherry-pick, the same commit), when it is written alike to the character; one without `at` (typed by
hand) it leaves to a person. Two clones pinned to the same instant write one entry alike: sync says it
kept one, truly, never "removed in a commit made by hand". Entries that say the same thing written
otherwise (the same instant at another UTC offset) are two, and both are kept. A line typed by hand is
the person's record: sync commits and sends it; typed alike on both sides, it is never lost nor
doubled: sync says it kept one (git merged the same file), or stops with a hint that says why.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from sync_helpers import clone, git, make_remote, remote_plan, run, sync_env  # noqa: F401

if shutil.which("git") is None:  # pragma: no cover
    pytest.skip("git is not installed", allow_module_level=True)

HAND = "          - {date: 2009-04-03, by: p01, amount: 1, note: 手写}\n"


def done_at(where: Path, now: str, monkeypatch: pytest.MonkeyPatch, item: str = "talk") -> None:
    monkeypatch.setenv("PLANCTL_NOW", now)
    code, said = run("done", item, "-f", str(where / "plan.yaml"), "--by", "p01", "--date", "2009-04-03")
    assert code == 0, said


def sync_as(where: Path, name: str, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str]:
    """sync with the git identity of the clone's owner (two people's commits differ)."""
    for key in ("GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"):
        monkeypatch.setenv(key, name)
    return run("sync", "-f", str(where / "plan.yaml"), *args)


def stamps(bare: Path) -> list[str]:
    return [line.strip() for line in remote_plan(bare).splitlines() if "at: " in line]


def type_line(where: Path, line: str = HAND) -> None:
    """A completion typed into the quota's log by hand (no `at`)."""
    plan = where / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("        unit: h\n", "        unit: h\n        log:\n" + line, 1),
                    encoding="utf-8")


def test_two_clones_pinned_to_the_same_instant_are_told_the_one_entry_is_kept_once(
        team: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    bare, a, b = team
    done_at(a, "2009-04-03T09:00:00.120+08:00", monkeypatch)
    done_at(b, "2009-04-03T09:00:00.120+08:00", monkeypatch)
    assert sync_as(a, "A", monkeypatch)[0] == 0
    code, said = sync_as(b, "B", monkeypatch)
    assert code == 0 and "1 completion was added on both sides written alike" in said, said
    assert "kept once, as one record" in said and "at: 2009-04-03T09:00:00.120+08:00" in said, said
    assert "by hand" not in said
    code, said = sync_as(a, "A", monkeypatch)
    assert code == 0 and "by hand" not in said, said
    assert len(stamps(bare)) == 1
    code, said = sync_as(b, "B", monkeypatch, "--json")
    assert code == 0 and json.loads(said)["joined"] == [], said


def test_one_instant_written_at_two_utc_offsets_is_two_completions_and_nothing_is_called_removed(
        team: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """Before, the driver took them for one record (same `at` as an instant), and the clone whose line it
    dropped was told a completion was "removed in a commit made by hand"."""
    bare, a, b = team
    done_at(a, "2009-04-03T09:00:00+08:00", monkeypatch)
    done_at(b, "2009-04-03T01:00:00+00:00", monkeypatch)
    assert sync_as(a, "A", monkeypatch)[0] == 0
    code, said = sync_as(b, "B", monkeypatch)
    # "kept once" would be the merge taking them for one record; h105's note of two entries alike is right here
    assert code == 0 and "received 1 completion" in said and "by hand" not in said and "kept once" not in said, said
    code, said = sync_as(a, "A", monkeypatch)
    assert code == 0 and "received 1 completion" in said and "by hand" not in said, said
    assert sorted(stamps(bare)) == ["- {date: 2009-04-03, by: p01, at: 2009-04-03T01:00:00+00:00}",
                                    "- {date: 2009-04-03, by: p01, at: 2009-04-03T09:00:00+08:00}"]


def test_the_same_commit_made_in_two_clones_is_told_kept_once(team: tuple[Path, Path, Path],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The same plan, parent, name, time and message: git holds the two commits as one."""
    bare, a, b = team
    for key in ("GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE"):
        monkeypatch.setenv(key, "2009-04-03T09:00:05+08:00")
    done_at(a, "2009-04-03T09:00:00+08:00", monkeypatch)
    done_at(b, "2009-04-03T09:00:00+08:00", monkeypatch)
    assert sync_as(a, "A", monkeypatch)[0] == 0
    code, said = sync_as(b, "A", monkeypatch)
    assert code == 0 and "kept once, as one record" in said, said
    assert len(stamps(bare)) == 1


def test_a_line_typed_by_hand_is_committed_and_sent_as_the_persons_record(team: tuple[Path, Path, Path],
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    bare, a, b = team
    type_line(a)
    code, said = sync_as(a, "A", monkeypatch)
    assert code == 0 and "sent 1 completion" in said, said
    assert HAND in remote_plan(bare)
    code, said = sync_as(b, "B", monkeypatch)
    assert code == 0 and "received 1 completion" in said, said


def test_a_line_typed_alike_on_both_sides_alone_is_told_kept_once(team: tuple[Path, Path, Path],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Both plans are then the same file, which git merges without the driver: sync says what it kept."""
    bare, a, b = team
    type_line(a)
    type_line(b)
    assert sync_as(a, "A", monkeypatch)[0] == 0
    code, said = sync_as(b, "B", monkeypatch)
    assert code == 0 and "1 completion was added on both sides written alike" in said and "note: 手写" in said, said
    assert remote_plan(bare).count(HAND) == 1


def test_a_line_typed_alike_on_both_sides_beside_other_changes_stops_with_a_true_hint(
        team: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """The driver cannot tell one record that reached both sides from two alike: a person says. The hint
    used to call it "an edit both sides made (a title, a window…)"."""
    bare, a, b = team
    type_line(a)
    type_line(b)
    done_at(b, "2009-04-03T09:00:00.120+08:00", monkeypatch)
    assert sync_as(a, "A", monkeypatch)[0] == 0
    code, said = sync_as(b, "B", monkeypatch)
    assert code == 1, said
    assert "same completion line on 每周自学 (reading), written without an `at` stamp" in said, said
    assert "a title, a window" not in said
    assert git(b, "status", "--porcelain", "--untracked-files=no") == ""  # nothing left half merged
    assert remote_plan(bare).count(HAND) == 1


def test_a_plain_git_merge_says_it_too(team: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """Outside sync, the merge driver says on git's output which entries it kept once."""
    _bare, a, b = team
    done_at(a, "2009-04-03T09:00:00.120+08:00", monkeypatch)
    git(a, "commit", "-qam", "a")
    git(a, "push", "-q", "origin", "main")
    done_at(b, "2009-04-03T09:00:00.120+08:00", monkeypatch)
    done_at(b, "2009-04-03T09:00:01+08:00", monkeypatch, item="survey")
    git(b, "commit", "-qam", "b")
    git(b, "fetch", "-q")
    done = subprocess.run(["git", "merge", "--no-edit", "origin/main"], cwd=b, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "kept once, as one record" in done.stdout + done.stderr and "座谈会 (talk): " in done.stdout + done.stderr
