"""sync names the pairs of entries alike a merge brought together (one from each side), to both clones (the one
whose sync merged, and the one that receives that merge by fast-forward: the later entry may be its own to take
back), once per line; not a pair one clone made by itself, told by its `done` as the Nth entry alike (tester h119, 4)."""

from __future__ import annotations

from pathlib import Path

from sync_helpers import run, sync_env, team  # noqa: F401

ALIKE = "entries alike on 2009-04-12 by 人员01"


def done(where: Path, note: str, *args: str) -> None:
    code, said = run("done", "reading", "-f", str(where / "plan.yaml"), "--by", "p01", "--amount", "1", "--note", note,
                     "--date", "2009-04-12", "--today", "2009-04-12", "--again", *args)
    assert code == 0, said


def sync(where: Path) -> tuple[int, str]:
    return run("sync", "-f", str(where / "plan.yaml"), "--today", "2009-04-12")


def test_three_sessions_logged_in_one_clone_are_not_called_a_double_by_the_clones_that_receive_them(
        team: tuple[Path, Path, Path]) -> None:  # noqa: F811
    _, a, b = team
    for note in ("早上", "中午", "晚上"):
        done(a, note)
    assert sync(a)[0] == 0
    code, said = sync(b)  # a fast-forward
    assert code == 0 and "received 3 completions" in said and "alike" not in said, said
    code, said = run("done", "talk", "-f", str(a / "plan.yaml"), "--by", "p02", "--date", "2009-04-12")
    assert code == 0, said
    assert sync(a)[0] == 0
    code, said = run("done", "survey", "-f", str(b / "plan.yaml"), "--by", "p03", "--date", "2009-04-12")
    assert code == 0, said
    code, said = sync(b)  # a merge, the pair all on a's side
    assert code == 0 and "alike" not in said, said


def test_a_pair_from_two_clones_is_told_to_both_once_a_line(team: tuple[Path, Path, Path]) -> None:  # noqa: F811
    _, a, b = team
    done(a, "甲")
    assert sync(a)[0] == 0
    done(b, "乙")
    done(b, "丙")
    code, said = sync(b)  # the merge brings a's entry beside b's two: two later entries, one line
    assert code == 0 and said.count(ALIKE) == 1, said
    code, said = sync(a)  # receives b's merge by fast-forward: the later entries are b's... or a's to take back
    assert code == 0 and said.count(ALIKE) == 1, said
