"""`done` and `undo` keep their edits beside the cache (store/pending.py) instead of writing it again: every
command after them (another `done`, `undo`, `due`, `check`, a hand edit) says and writes what a fresh read
says and writes, and a pending file that is damaged, cut short or of another plan is never trusted."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import run_cli
from test_cached_equals_fresh import _long_plan

ENV = {"PLANCTL_NOW": "2009-06-01T09:30:00+08:00", "PLANCTL_TODAY": "2009-06-01"}

DONES = [("t0-1", ["--by", "b"]), ("t0-3", ["--again"]), ("q0", ["--by", "a", "--amount", "3h"]),
         ("t2-7", ["--note", "中间", "--again"]), ("t5-24", []), ("q5", ["--by", "b", "--amount", "1"]),
         ("p1", ["--yes"]), ("t0-1", ["--again", "--date", "2009-05-21"])]
READS = [["check"], ["due"], ["due", "--all"], ["show", "t0-1"], ["status"]]


def pending(plan: Path) -> Path:
    return plan.parent / ".planctl-cache" / f"{plan.name}.cache.pending"


def cache_file(plan: Path) -> Path:
    return plan.parent / ".planctl-cache" / f"{plan.name}.cache"


def words(plan: Path, *args: str, cache_on: bool) -> tuple[int, str, str]:
    result = run_cli(*args, "-f", str(plan), env={**ENV, "PLANCTL_CACHE": "1" if cache_on else "0"})
    return result.exit_code, result.stdout.replace(str(plan), "PLAN"), result.stderr.replace(str(plan), "PLAN")


def twins(tmp_path: Path) -> tuple[Path, Path]:
    """The same long plan twice: one read through the cache (written here), one always read fresh."""
    cached, fresh = tmp_path / "cached" / "plan.yaml", tmp_path / "fresh" / "plan.yaml"
    for plan in (cached, fresh):
        plan.parent.mkdir(parents=True)
        plan.write_bytes(_long_plan("\n", False).encode("utf-8"))
    assert words(cached, "check", cache_on=True)[0] == 0
    return cached, fresh


def both(cached: Path, fresh: Path, *args: str) -> tuple[int, str, str]:
    """Run `args` on both twins, asserting the same words, exit code and bytes."""
    through_cache = words(cached, *args, cache_on=True)
    assert through_cache == words(fresh, *args, cache_on=False), args
    assert cached.read_bytes() == fresh.read_bytes(), args
    return through_cache


def hand_edit(plan: Path, how: int) -> None:
    """An edit as an editor or a pull makes it: a new file renamed over the plan."""
    text = plan.read_text(encoding="utf-8")
    if how == 0:
        text = text.replace("任务 4：整理材料", "任务 4：整理全部材料", 1)
    elif how == 1:
        text = text.replace("          - {date: 2009-01-01, by: b, note: 第1次}\n",
                            "          - {date: 2009-01-01, by: b, note: 第1次}\n          - {date: 2009-01-02, by: a}\n", 1)
    else:
        text += "# 备注\n"
    new = plan.with_name("plan.yaml.new")
    new.write_text(text, encoding="utf-8")
    os.replace(new, plan)


def test_done_keeps_its_edit_beside_the_cache_and_the_next_commands_read_it_as_fresh(tmp_path: Path) -> None:
    cached, fresh = twins(tmp_path)
    stored = cache_file(cached).read_bytes()
    both(cached, fresh, "done", "t5-24", "--date", "2009-05-20")
    assert pending(cached).is_file() and cache_file(cached).read_bytes() == stored  # the cache is not written again
    for args in READS:
        both(cached, fresh, *args)
    both(cached, fresh, "done", "t0-1", "--again", "--by", "b", "--date", "2009-05-20")  # an edit above the first
    both(cached, fresh, "done", "t0-1", "--again", "--by", "a", "--date", "2009-05-21")  # right after it
    for args in READS:
        both(cached, fresh, *args)
    both(cached, fresh, "undo", "--yes")
    both(cached, fresh, "undo", "--yes")
    assert cache_file(cached).read_bytes() == stored
    for args in READS:
        both(cached, fresh, *args)


def test_after_many_edits_the_cache_is_written_whole_again(tmp_path: Path) -> None:
    from planctl.store.pending import MAX_EDITS

    cached, fresh = twins(tmp_path)
    stored = cache_file(cached).read_bytes()
    targets = ["t0-1", "t3-4", "t1-2", "t5-23"]
    for n in range(MAX_EDITS + 1):  # apart from each other: none extends the one before
        both(cached, fresh, "done", targets[n % len(targets)], "--again", "--date", f"2009-05-{n + 1:02}")
    assert cache_file(cached).read_bytes() != stored and not pending(cached).exists()
    for args in READS:
        both(cached, fresh, *args)


def items(plan: Path) -> Path:
    return plan.parent / ".planctl-cache" / f"{plan.name}.cache.items"


def test_done_after_done_reads_the_item_index_and_not_the_cache(tmp_path: Path) -> None:
    cached, fresh = twins(tmp_path)
    both(cached, fresh, "done", "t0-1", "--again", "--by", "b", "--date", "2009-05-20")
    assert not items(cached).exists()  # a single done between two reads does not write it
    both(cached, fresh, "done", "t4-4", "--again", "--date", "2009-05-20")  # the second writes the item index
    assert items(cached).is_file()
    cache_file(cached).write_bytes(b"not a cache")  # not read by the next done: the index and the pending edits are
    both(cached, fresh, "done", "t3-4", "--again", "--date", "2009-05-21")
    both(cached, fresh, "undo", "--yes")
    assert cache_file(cached).read_bytes() == b"not a cache" and pending(cached).is_file()
    for args in READS:
        both(cached, fresh, *args)
    both(cached, fresh, "done", "q5", "--by", "b", "--amount", "1", "--date", "2009-05-22")  # a new cache, a new index
    for args in READS:
        both(cached, fresh, *args)


@pytest.mark.parametrize("which, damage", [*(("pending", damage) for damage in ("flipped", "truncated", "swapped", "older",
                                                                               "folder")),
                                            ("items", "flipped"), ("items", "older")])
def test_a_damaged_or_foreign_pending_file_gives_what_a_fresh_read_gives(tmp_path: Path, damage: str, which: str) -> None:
    side = pending if which == "pending" else items
    cached, fresh = twins(tmp_path)
    other = tmp_path / "other" / "plan.yaml"
    other.parent.mkdir()
    other.write_bytes(_long_plan("\n", False).replace("长计划", "另一个计划").encode("utf-8"))
    words(other, "check", cache_on=True)
    words(other, "done", "t2-7", "--again", "--date", "2009-05-20", cache_on=True)
    words(other, "done", "t3-3", "--date", "2009-05-20", cache_on=True)
    both(cached, fresh, "done", "t2-7", "--again", "--date", "2009-05-20")
    both(cached, fresh, "done", "t4-4", "--again", "--date", "2009-05-20")
    older = side(cached).read_bytes()
    if which == "items":  # an index of the cache before: written again whole after MAX_EDITS
        from planctl.store.pending import MAX_EDITS

        for n in range(MAX_EDITS + 1):
            both(cached, fresh, "done", ["t3-4", "t1-2"][n % 2], "--again", "--date", f"2009-05-{n + 1:02}")
    both(cached, fresh, "done", "t3-3", "--date", "2009-05-20")
    data = side(cached).read_bytes()
    assert data != older
    if damage == "flipped":
        side(cached).write_bytes(data[:-5] + bytes([data[-5] ^ 0x10]) + data[-4:])
    elif damage == "truncated":
        side(cached).write_bytes(data[: len(data) // 2])
    elif damage == "swapped":  # another plan's, of the same shape
        shutil.copy(side(other), side(cached))
    elif damage == "older":  # the one before the last done
        side(cached).write_bytes(older)
    else:  # not a regular file
        side(cached).unlink()
        side(cached).mkdir()
    for args in [["due"], ["done", "t3-3", "--again", "--date", "2009-05-21"], ["undo", "--yes"], ["check"]]:
        both(cached, fresh, *args)


OPS = st.one_of(st.tuples(st.just("done"), st.integers(0, len(DONES) - 1)),
                st.tuples(st.just("undo"), st.just(0)),
                st.tuples(st.just("hand"), st.integers(0, 2)),
                st.tuples(st.just("read"), st.integers(0, len(READS) - 1)))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(OPS, min_size=1, max_size=6))
def test_any_run_of_done_undo_and_edits_through_pending_edits_is_a_fresh_read(tmp_path: Path,
                                                                              ops: list[tuple[str, int]]) -> None:
    folder = tmp_path / str(len(list(tmp_path.iterdir())))
    cached, fresh = twins(folder)
    for day, (op, n) in enumerate(ops, start=1):
        if op == "done":
            target, options = DONES[n]
            date = [] if "--date" in options else ["--date", f"2009-05-{day:02}"]
            both(cached, fresh, "done", target, *date, *options)
        elif op == "undo":
            both(cached, fresh, "undo", "--yes")
        elif op == "hand":
            hand_edit(cached, n)
            hand_edit(fresh, n)
        else:
            both(cached, fresh, *READS[n])
        assert words(cached, "check", cache_on=True) == words(fresh, "check", cache_on=False)
