"""A merge made without planctl's driver (a `git pull` in a clone whose driver could not start: git keeps
our file without markers, and committing it drops the other side's completions) is refused by sync before
it pushes, naming what the merge lost (tester h88, finding 3). Real git."""

from __future__ import annotations

from pathlib import Path

from sync_helpers import DRIVER, clone, git, make_remote, notes, remote_notes, run, sync_env  # noqa: F401

STALE = "/old/venv/bin/planctl merge-driver %O %A %B --marker-size %L --path %P"


def done(where: Path, note: str, by: str) -> None:
    code, said = run("done", "survey", "-f", str(where / "plan.yaml"), "--by", by, "--note", note,
                     "--date", "2009-04-03", "--again")
    assert code == 0, said


def test_a_hand_made_merge_that_dropped_a_teammates_completion_is_not_pushed(tmp_path: Path,
                                                                             sync_env: None) -> None:  # noqa: F811
    bare = make_remote(tmp_path)
    a, b = clone(bare, tmp_path / "a"), clone(bare, tmp_path / "b", driver=STALE)
    done(a, "from-a", "p01")
    assert run("sync", "-f", str(a / "plan.yaml"))[0] == 0
    done(b, "from-b", "p02")
    git(b, "commit", "-q", "-am", "mine")
    git(b, "pull", "-q", "--no-rebase", "origin", "main", check=False)  # the driver cannot start: no markers
    git(b, "add", "plan.yaml")
    git(b, "commit", "-q", "--no-edit")  # what a person does next: a's completion is gone
    assert notes(b / "plan.yaml")["from-a"] == 0
    git(b, "config", "merge.planctl.driver", DRIVER)
    code, said = run("sync", "-f", str(b / "plan.yaml"))
    assert code == 1, said
    assert "lacks 1 completion that" in said and "(p01 1)" in said and "nothing was sent" in said
    assert remote_notes(bare, tmp_path)["from-a"] == 1 and remote_notes(bare, tmp_path)["from-b"] == 0
    assert "note: from-a" in said  # the missing line itself
    # the hint's way out: the line put back (from a's side of the merge) and committed; then sync sends
    lost = next(line for line in git(b, "show", "HEAD^2:plan.yaml").splitlines() if "from-a" in line)
    text = (b / "plan.yaml").read_text(encoding="utf-8")
    mine = next(line for line in text.splitlines() if "from-b" in line)
    (b / "plan.yaml").write_text(text.replace(mine + "\n", mine + "\n" + lost + "\n"), encoding="utf-8")
    assert notes(b / "plan.yaml")["from-a"] == notes(b / "plan.yaml")["from-b"] == 1
    git(b, "commit", "-q", "-am", "the lost line put back")
    code, said = run("sync", "-f", str(b / "plan.yaml"))
    assert code == 0, said
    assert remote_notes(bare, tmp_path)["from-a"] == remote_notes(bare, tmp_path)["from-b"] == 1


def test_a_merge_made_by_the_driver_is_pushed(tmp_path: Path, sync_env: None) -> None:  # noqa: F811
    bare = make_remote(tmp_path)
    a, b = clone(bare, tmp_path / "a"), clone(bare, tmp_path / "b")
    done(a, "from-a", "p01")
    assert run("sync", "-f", str(a / "plan.yaml"))[0] == 0
    done(b, "from-b", "p02")
    git(b, "commit", "-q", "-am", "mine")
    git(b, "pull", "-q", "--no-rebase", "origin", "main")
    code, said = run("sync", "-f", str(b / "plan.yaml"))
    assert code == 0, said
    assert remote_notes(bare, tmp_path)["from-a"] == remote_notes(bare, tmp_path)["from-b"] == 1
