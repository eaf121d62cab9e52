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


def keep_mine(b: Path, logged: bool = True) -> None:
    """Teammate b, in a plain clone (no driver: git's text merge), logs `from-b` (unless `logged`: b logged
    already), commits, pulls into a conflict in the log, keeps its own side (`git checkout --ours`), commits the
    merge ('keep mine') and pushes: what the other side had sent is gone from the remote."""
    if logged:
        done(b, "from-b", "p02")
    git(b, "commit", "-q", "-am", "from b")
    git(b, "pull", "-q", "--no-rebase", "origin", "main", check=False)
    git(b, "checkout", "--ours", "plan.yaml")
    git(b, "commit", "-q", "-am", "keep mine")
    git(b, "push", "-q", "origin", "main")


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


def test_a_received_merge_that_dropped_a_sent_completion_is_named_with_how_to_record_it_again(
        tmp_path: Path, sync_env: None) -> None:  # noqa: F811
    """Tester h101, finding 1: a teammate with a plain clone (no driver: git's text merge) keeps their side of a
    conflict in a log (`git checkout --ours`), commits the merge and pushes; a's completion, already sent, is gone
    from the remote. a's next sync names the line (whose, day, item), the commit and the command, and exits 1."""
    import json

    bare = make_remote(tmp_path)
    a, b = clone(bare, tmp_path / "a"), clone(bare, tmp_path / "b", driver=None)
    c = clone(bare, tmp_path / "c")  # a teammate who syncs only at the end
    code, said = run("done", "reading", "-f", str(a / "plan.yaml"), "--by", "zs", "--amount", "3h",
                     "--note", "from-a", "--date", "2009-04-03")
    assert code == 0, said
    assert run("sync", "-f", str(a / "plan.yaml"))[0] == 0
    assert run("done", "reading", "-f", str(b / "plan.yaml"), "--by", "p02", "--amount", "2h", "--note", "from-b",
               "--date", "2009-04-03")[0] == 0
    keep_mine(b, logged=False)
    assert remote_notes(bare, tmp_path)["from-a"] == 0
    merge = git(b, "rev-parse", "--short=10", "HEAD").strip()
    code, said = run("sync", "-f", str(a / "plan.yaml"))
    assert code == 1, said
    assert "1 completion already sent was lost" in said and merge in said and "Tester" in said and "keep mine" in said
    assert "by hand" not in said, said  # told once, as lost (tester h114, finding 7), not also as removed by hand
    assert "张伟, 2009-04-03, 每周自学" in said and "note: from-a" in said
    command = next(line.strip() for line in said.splitlines() if line.strip().startswith("planctl done"))
    assert command == "planctl done reading --again --by zs --date 2009-04-03 --amount 3 --note from-a"
    code, said = run("sync", "--json", "-f", str(a / "plan.yaml"))  # told again at each sync until recorded again
    assert code == 1 and [m["commit"][:10] for m in json.loads(said)["lost_in_merge"]] == [merge], said
    # the way out the warning gives: the command, then sync
    code, said = run(*command.split()[1:3], "-f", str(a / "plan.yaml"), *command.split()[3:])
    assert code == 0, said
    code, said = run("sync", "-f", str(a / "plan.yaml"))
    assert code == 0 and "lost" not in said, said  # recorded again (a new `at`): not told any more
    assert remote_notes(bare, tmp_path)["from-a"] == remote_notes(bare, tmp_path)["from-b"] == 1
    code, said = run("sync", "-f", str(c / "plan.yaml"))  # c receives the lost merge and the line recorded again
    assert code == 0 and "received 2 completions" in said and "lost" not in said, said


def test_sync_json_gives_the_lost_lines_under_lost_in_merge(tmp_path: Path, sync_env: None) -> None:  # noqa: F811
    import json

    bare = make_remote(tmp_path)
    a, b = clone(bare, tmp_path / "a"), clone(bare, tmp_path / "b", driver=None)
    done(a, "from-a", "p01")
    assert run("sync", "-f", str(a / "plan.yaml"))[0] == 0
    keep_mine(b)
    code, said = run("sync", "--json", "-f", str(a / "plan.yaml"))
    assert code == 1, said
    lost = json.loads(said)["lost_in_merge"]
    assert [(m["author"], m["subject"]) for m in lost] == [("Tester", "keep mine")]
    [line] = lost[0]["lines"]
    assert (line["item"], line["title"], line["by"], line["date"]) == ("survey", "调研", "p01", "2009-04-03")
    assert "note: from-a" in line["entry"] and line["restore"].startswith("planctl done survey --again --by p01")


def test_a_lost_completion_recorded_again_before_a_teammate_receives_it_is_not_told(
        tmp_path: Path, sync_env: None) -> None:  # noqa: F811
    """The line recorded again with the command sync gave (a new `at`) is the completion back: a clone that
    receives the lost merge and that line in one sync is not told of a loss (history.alike_key, one for one)."""
    bare = make_remote(tmp_path)
    a, b = clone(bare, tmp_path / "a"), clone(bare, tmp_path / "b", driver=None)
    c = clone(bare, tmp_path / "c")
    assert run("sync", "-f", str(c / "plan.yaml"))[0] == 0
    done(a, "from-a", "p01")
    assert run("sync", "-f", str(a / "plan.yaml"))[0] == 0
    keep_mine(b)
    code, said = run("sync", "-f", str(a / "plan.yaml"))
    assert code == 1 and "lost" in said, said
    command = next(line.strip() for line in said.splitlines() if line.strip().startswith("planctl done"))
    code, said = run(*command.split()[1:3], "-f", str(a / "plan.yaml"), *command.split()[3:])
    assert code == 0, said
    code, said = run("sync", "-f", str(a / "plan.yaml"))
    assert code == 0, said
    code, said = run("sync", "-f", str(c / "plan.yaml"))
    assert code == 0 and "lost" not in said, said
    assert notes(c / "plan.yaml")["from-a"] == notes(c / "plan.yaml")["from-b"] == 1


def test_a_lost_merge_pulled_by_hand_is_told_by_the_next_sync(tmp_path: Path, sync_env: None) -> None:  # noqa: F811
    """sync looks at every merge that came in since the last sync that looked, not only at what its own fetch
    brought: a `git pull` by hand (with the driver) in between does not hide the lost merge."""
    bare = make_remote(tmp_path)
    a, b = clone(bare, tmp_path / "a"), clone(bare, tmp_path / "b", driver=None)
    done(a, "from-a", "p01")
    assert run("sync", "-f", str(a / "plan.yaml"))[0] == 0
    keep_mine(b)
    git(a, "pull", "-q", "--no-rebase", "origin", "main")
    code, said = run("sync", "-f", str(a / "plan.yaml"))
    assert code == 1 and "1 completion already sent was lost" in said and "keep mine" in said, said


def test_a_clone_whose_first_sync_comes_after_a_lost_merge_pulled_by_hand_is_told(
        tmp_path: Path, sync_env: None) -> None:  # noqa: F811
    """Tester h112, finding 1: c never synced; it pulled the lost merge with git, then ran planctl sync. A clone's
    first look goes back through the latest merges of its history, whatever brought them."""
    bare = make_remote(tmp_path)
    a, b = clone(bare, tmp_path / "a"), clone(bare, tmp_path / "b", driver=None)
    c = clone(bare, tmp_path / "c")
    done(a, "from-a", "p01")
    assert run("sync", "-f", str(a / "plan.yaml"))[0] == 0
    keep_mine(b)
    git(c, "pull", "-q", "--no-rebase", "origin", "main")
    code, said = run("sync", "-f", str(c / "plan.yaml"))
    assert code == 1 and "1 completion already sent was lost" in said and "keep mine" in said, said


def test_a_completion_removed_by_a_rebase_kept_by_hand_is_named_with_how_to_record_it_again(
        tmp_path: Path, sync_env: None) -> None:  # noqa: F811
    """Tester h112, finding 3: b (no driver) pulls with --rebase, keeps its own version in the conflict and pushes
    a straight history whose commit drops a's completion. a's sync said only '1 completion removed in a commit made
    by hand'; it now names it (whose, day, item, line) and the command that records it again, should the removal
    not have been meant (--json: received.removed_by_hand_lines)."""
    bare = make_remote(tmp_path)
    a, b = clone(bare, tmp_path / "a"), clone(bare, tmp_path / "b", driver=None)
    done(a, "from-a", "p01")
    assert run("sync", "-f", str(a / "plan.yaml"))[0] == 0
    done(b, "from-b", "p02")
    git(b, "commit", "-q", "-am", "from b")
    git(b, "pull", "-q", "--rebase", "origin", "main", check=False)
    git(b, "checkout", "--theirs", "plan.yaml")  # in a rebase, theirs is b's own commit
    git(b, "add", "plan.yaml")
    git(b, "-c", "core.editor=true", "rebase", "--continue")
    git(b, "push", "-q", "origin", "main")
    code, said = run("sync", "-f", str(a / "plan.yaml"))
    assert code == 0 and "1 completion was removed in a commit made by hand, not with planctl undo" in said, said
    assert "人员01, 2009-04-03, 调研: {date: 2009-04-03, by: p01, note: from-a" in said, said
    command = next(line.strip() for line in said.splitlines() if line.strip().startswith("planctl done"))
    assert command.startswith("planctl done survey --again --by p01 --date 2009-04-03")
    code, said = run(*command.split()[1:3], "-f", str(a / "plan.yaml"), *command.split()[3:])
    assert code == 0, said
    code, said = run("sync", "-f", str(a / "plan.yaml"))
    assert code == 0 and "by hand" not in said, said
    assert remote_notes(bare, tmp_path)["from-a"] == remote_notes(bare, tmp_path)["from-b"] == 1


def test_a_take_back_a_merge_brought_back_is_named_until_taken_back_again(tmp_path: Path, sync_env: None) -> None:  # noqa: F811
    """Tester h112, finding 2: a took back X with undo and synced; b (no driver), who had X, kept its side of a
    conflict and pushed: X was back everywhere and every sync said nothing. Now a's sync names X, the merge and
    the way out (exit 1), until X is taken back again."""
    bare = make_remote(tmp_path)
    a, b = clone(bare, tmp_path / "a"), clone(bare, tmp_path / "b", driver=None)
    done(a, "brought-back", "p01")
    assert run("sync", "-f", str(a / "plan.yaml"))[0] == 0
    git(b, "pull", "-q", "origin", "main")
    assert run("undo", "-y", "-f", str(a / "plan.yaml"))[0] == 0
    assert run("sync", "-f", str(a / "plan.yaml"))[0] == 0
    keep_mine(b)
    code, said = run("sync", "-f", str(a / "plan.yaml"))
    assert code == 1 and "1 completion taken back with undo was brought back on origin" in said and "keep mine" in said, said
    assert "received 1 completion (人员02 1)" in said, said  # the line brought back is not a completion received (h114, 8)
    assert "note: brought-back" in said and "'planctl undo' in the clone that took them back" in said
    assert notes(a / "plan.yaml")["brought-back"] == 1
    assert run("undo", "-y", "-f", str(a / "plan.yaml"))[0] == 0
    code, said = run("sync", "-f", str(a / "plan.yaml"))
    assert code == 0 and "brought back" not in said, said
    assert remote_notes(bare, tmp_path)["brought-back"] == 0 and remote_notes(bare, tmp_path)["from-b"] == 1


def test_a_lost_completion_with_an_alike_twin_left_in_the_plan_is_told(tmp_path: Path, sync_env: None) -> None:  # noqa: F811
    """Tester h114, finding 1: p01 logged the same day twice (two sessions); the merge dropped the second. The twin
    that survived the merge is not the lost one recorded again: sync names the lost one."""
    bare = make_remote(tmp_path)
    a, b = clone(bare, tmp_path / "a"), clone(bare, tmp_path / "b", driver=None)
    done(a, "twin", "p01")
    assert run("sync", "-f", str(a / "plan.yaml"))[0] == 0
    git(b, "pull", "-q", "origin", "main")
    done(a, "twin", "p01")
    assert run("sync", "-f", str(a / "plan.yaml"))[0] == 0
    keep_mine(b)
    assert remote_notes(bare, tmp_path)["twin"] == 1
    code, said = run("sync", "-f", str(a / "plan.yaml"))
    assert code == 1 and "1 completion already sent was lost" in said and "note: twin" in said, said
