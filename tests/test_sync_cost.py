"""What a sync costs and how long it keeps trying (issue 19): the completions counted from the lines
that changed, never by reading every entry line of the plan again and again; rejected pushes retried
with a bounded, growing wait, then a clear word on what to do."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from planctl.git import sync as gitsync
from sync_helpers import clone, make_remote, plan_text, sync_env  # noqa: F401
from test_sync import log

ENTRY_LINES = ["    - {date: 2009-04-03, by: p01, note: a}", "    - {date: 2009-04-04, by: p02}",
               "    - {date: 2009-04-03, by: p01, note: a}  # again", "      - {date: 2009-04-05}", "title: x", "",
               "    - {date: 2009-04-03, by: p01, note: a}\r"]


@settings(max_examples=200, deadline=None)
@given(hs.lists(hs.sampled_from(ENTRY_LINES), max_size=12), hs.lists(hs.sampled_from(ENTRY_LINES), max_size=12))
def test_entry_changes_are_the_difference_of_entries(old: list[str], new: list[str]) -> None:
    a, b = "\n".join(old), "\n".join(new)
    assert gitsync.entry_changes(a, b) == (gitsync.entries(b) - gitsync.entries(a), gitsync.entries(a) - gitsync.entries(b))


def test_a_sync_reads_only_the_changed_lines_for_its_counts(tmp_path: Path, sync_env: None,  # noqa: F811
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Before, `entries` read the whole plan six times a sync: for the commit, the start, what went
    out (twice) and what came in (twice)."""
    bare = make_remote(tmp_path, plan_text())
    a, b = clone(bare, tmp_path / "a"), clone(bare, tmp_path / "b")
    log(a, "a1")
    assert gitsync.sync(a / "plan.yaml", lambda added, taken: "log").pushed
    log(b, "b1", "p02")
    size = len((b / "plan.yaml").read_text(encoding="utf-8"))
    read: list[int] = []
    entries = gitsync.entries
    monkeypatch.setattr(gitsync, "entries", lambda text: read.append(len(text)) or entries(text))
    result = gitsync.sync(b / "plan.yaml", lambda added, taken: "log")
    assert result.pushed and result.sent == Counter({"p02": 1}) and result.received == Counter({"p01": 1})
    assert sum(read) < size / 4


def test_rejected_pushes_are_retried_with_growing_waits_then_it_says_what_to_do(
        tmp_path: Path, sync_env: None, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    bare = make_remote(tmp_path)
    a = clone(bare, tmp_path / "a")
    log(a, "a1")
    monkeypatch.setattr(gitsync, "push", lambda repo, set_upstream: False)  # someone always got there first
    waits: list[float] = []
    with pytest.raises(gitsync.StillBehind) as stopped:
        gitsync.sync(a / "plan.yaml", lambda added, taken: "log", sleep=waits.append, rng=random.Random(1))
    assert len(waits) >= 10  # minutes of patience under load, not seconds
    assert sum(waits) <= gitsync.SYNC_PATIENCE_SECONDS and max(waits) <= gitsync.BACKOFF_CAP_SECONDS
    assert waits[5] > waits[0]
    assert "nothing is lost" in stopped.value.message and "again" in (stopped.value.hint or "")


ENTRIES = ["      - {date: 2009-04-03, by: p01, note: a}", "      - {date: 2009-04-04, by: p02}",
           "      - {date: 2009-04-03, by: p01, note: a}  # again", "      - {date: 2009-04-05, at: 2009-04-05T09:00:00+08:00}"]


def _by_place(counts: Counter[tuple[int, str, str]]) -> list[list[tuple[str, str]]]:
    """The entries of each place, places unnamed (placed_changes names them by line, placed_entries by count)."""
    places: dict[int, list[tuple[str, str]]] = {}
    for (place, entry, by), n in counts.items():
        places.setdefault(place, []).extend([(entry, by)] * n)
    return sorted(sorted(group) for group in places.values())


@settings(max_examples=200, deadline=None)
@given(hs.lists(hs.tuples(hs.booleans(), hs.lists(hs.sampled_from(ENTRIES), max_size=4),
                          hs.lists(hs.sampled_from(ENTRIES), max_size=4)), min_size=1, max_size=6), hs.booleans())
def test_placed_changes_read_from_the_changed_lines_are_those_of_every_entry(
        items: list[tuple[bool, list[str], list[str]]], crlf: bool) -> None:
    """Each item: whether its `log:` key is written when empty, its log before and after (entries added, taken
    away, moved to another item, reordered)."""
    def text(which: int) -> str:
        lines = ["phases:"]
        for n, (bare_key, *logs) in enumerate(items):
            lines += [f"  - id: t{n}", "    title: x"] + (["    log:"] if logs[which] or bare_key else []) + logs[which]
        return ("\r\n" if crlf else "\n").join(lines) + "\n"
    old, new = text(0), text(1)
    before, after = gitsync.placed_entries(old), gitsync.placed_entries(new)
    added, removed = gitsync.placed_changes(old, new)
    assert _by_place(added) == _by_place(after - before) and _by_place(removed) == _by_place(before - after)


def test_a_commit_reads_only_the_logs_that_changed(tmp_path: Path, sync_env: None,  # noqa: F811
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Before, the commit read every entry line of the plan twice (placed_entries): 2 s at 10,000 tasks."""
    bare = make_remote(tmp_path, plan_text())
    a = clone(bare, tmp_path / "a")
    log(a, "a1")
    log(a, "a2", item="talk")

    def refused(text: str) -> object:
        raise AssertionError("every entry line was read")

    monkeypatch.setattr(gitsync, "placed_entries", refused)
    result = gitsync.sync(a / "plan.yaml", lambda added, taken: "log")
    assert result.pushed and result.committed_entries == 2
