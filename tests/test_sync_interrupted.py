"""A sync killed (kill -9) during its merge: the next sync goes on and keeps every completion logged since
(real git; the states a kill leaves are made with git itself)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from sync_helpers import clone, git, make_remote, notes, remote_notes, remote_plan, run, sync_env  # noqa: F401

NO_PROCESS = 1 << 22  # above Linux's largest process id: the killed sync's git is gone


def log(where: Path, note: str) -> None:
    code, said = run("done", "reading", "-f", str(where / "plan.yaml"), "--by", "p01", "--note", note,
                     "--date", "2009-04-03", "--amount", "1h")
    assert code == 0, said


def sync(where: Path) -> tuple[int, str]:
    return run("sync", "-f", str(where / "plan.yaml"))


def behind(a: Path, b: Path) -> str:
    """a sends a1; b commits b1 and fetches: the commit b's sync would merge."""
    log(a, "a1")
    assert sync(a)[0] == 0
    log(b, "b1")
    git(b, "commit", "-q", "-am", "b1")
    git(b, "fetch", "-q")
    return git(b, "rev-parse", "origin/main").strip()


def killed_at(b: Path, tip: str) -> None:
    (b / ".git" / "planctl-sync-merge").write_text(f"{tip}\n{NO_PROCESS}\n", encoding="utf-8")


def test_killed_after_its_git_merge_committed_then_a_completion_the_next_sync_sends_it(
        team: tuple[Path, Path, Path], tmp_path: Path) -> None:
    """The tester's case: kill -9 stops planctl, not its git merge, which commits; the marker stays."""
    bare, a, b = team
    tip = behind(a, b)
    git(b, "merge", "-q", "--no-edit", tip)
    killed_at(b, tip)
    log(b, "after")
    code, said = sync(b)
    assert code == 0, said
    assert remote_notes(bare, tmp_path) == Counter({"a1": 1, "b1": 1, "after": 1})
    assert notes(b / "plan.yaml") == Counter({"a1": 1, "b1": 1, "after": 1})


def test_killed_before_its_git_merge_began_then_a_completion_the_next_sync_sends_it(
        team: tuple[Path, Path, Path], tmp_path: Path) -> None:
    bare, a, b = team
    tip = behind(a, b)
    killed_at(b, tip)
    log(b, "after")
    code, said = sync(b)
    assert code == 0, said
    assert remote_notes(bare, tmp_path) == Counter({"a1": 1, "b1": 1, "after": 1})


def half_merged(a: Path, b: Path) -> None:
    """b as a sync killed with its git leaves it: the merge written into the plan, nothing committed,
    no MERGE_HEAD, and sync's marker naming the commit it was merging."""
    tip = behind(a, b)
    git(b, "merge", "--no-commit", "--no-ff", "-q", tip)
    for name in ("MERGE_HEAD", "MERGE_MODE", "MERGE_MSG"):
        (b / ".git" / name).unlink(missing_ok=True)
    killed_at(b, tip)


def test_killed_with_the_merge_written_but_not_committed_then_a_completion_it_is_kept_once(
        team: tuple[Path, Path, Path], tmp_path: Path) -> None:
    bare, a, b = team
    half_merged(a, b)
    log(b, "after")  # written into the half-merged plan
    code, said = sync(b)
    assert code == 0, said
    assert remote_notes(bare, tmp_path) == Counter({"a1": 1, "b1": 1, "after": 1})
    assert notes(b / "plan.yaml") == Counter({"a1": 1, "b1": 1, "after": 1})


def test_a_half_merge_changed_by_hand_is_refused_with_a_way_that_keeps_the_new_lines(
        team: tuple[Path, Path, Path]) -> None:
    _, a, b = team
    half_merged(a, b)
    log(b, "after")
    plan = b / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("title: 调研", "title: 调研活动"), encoding="utf-8")
    before = plan.read_bytes()
    code, said = sync(b)
    assert code == 1
    assert "after" in said and "cp plan.yaml plan.yaml.mine" in said, said
    assert said.index("cp plan.yaml") < said.index("git checkout HEAD")
    assert plan.read_bytes() == before
