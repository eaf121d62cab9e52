"""sync compares versions of the plan by their lines (entry_changes, skeleton_changed): the lines two
versions share at their ends are cut off first (differing_lines), never split and counted, and the
answers are those of the whole texts."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planctl.git import merge
from planctl.git import sync as gitsync
from sync_helpers import git, sync_env  # noqa: F401
from test_sync import log, sync  # the `team` fixture: sync_helpers (conftest)

LINES = ["title: x\n", "log:\n", "log: []\n", "  - {date: 2009-04-03, by: p01}\n", "  - {date: 2009-04-04, by: p02}\r\n",
         "\n", "x\r\n", "note: a\u2028b\n", "  - {date: 2009-04-05}"]
runs = st.lists(st.sampled_from(LINES), max_size=8)


@settings(max_examples=400, deadline=None)
@given(runs, runs, runs, runs)
def test_line_comparisons_cut_to_the_differing_lines_answer_as_the_whole_texts(
        head: list[str], mine: list[str], theirs: list[str], tail: list[str]) -> None:
    old, new = "".join(head + mine + tail), "".join(head + theirs + tail)
    entries_old, entries_new = gitsync.entries(old), gitsync.entries(new)
    assert gitsync.entry_changes(old, new) == (entries_new - entries_old, entries_old - entries_new)
    assert gitsync.skeleton_changed(old, new) == (gitsync._skeleton(old) != gitsync._skeleton(new))
    a, b = gitsync.differing_lines(old, new)
    assert len(a) <= len(old) and len(b) <= len(new)


def test_two_large_versions_are_compared_by_the_lines_they_do_not_share(monkeypatch: pytest.MonkeyPatch) -> None:
    """Before, every line of both texts was split and counted, twice or three times a sync: 0.3 s each at 10,000 tasks."""
    plan = "".join(f"  - id: t{n}\n    log:\n      - {{date: 2009-04-03, by: p{n % 7}}}\n" for n in range(20_000))
    at = plan.index("  - id: t12345\n")
    added = plan[:at] + "      - {date: 2009-04-09, by: p01}\n" + plan[at:]
    seen: list[int] = []
    lines = gitsync._lines

    def counted(text: str) -> Counter[str]:
        seen.append(len(text))
        return lines(text)

    monkeypatch.setattr(gitsync, "_lines", counted)
    assert gitsync.entry_changes(plan, added) == ({("{date: 2009-04-09, by: p01}", "p01"): 1}, {})
    assert not gitsync.skeleton_changed(plan, added)
    assert sum(seen) < 200


def test_a_conflicting_sync_merges_the_plan_once_in_its_own_process(team: tuple[Path, Path, Path],  # noqa: F811
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Before, the conflict's hint merged the three versions again (a full merge: seconds at 10,000 tasks),
    after sync had merged them to prepare git's driver."""
    _, a, b = team
    for where, title in ((a, "座谈会(一)"), (b, "座谈会(二)")):
        plan = where / "plan.yaml"
        plan.write_text(plan.read_text(encoding="utf-8").replace("title: 座谈会", f"title: {title}"), encoding="utf-8")
        git(where, "commit", "-q", "-am", "rename")
    log(b, "b1")
    assert sync(a)[0] == 0
    merges: list[int] = []
    real = merge.merge_plans

    def counted(*args: Any, **options: Any) -> merge.MergeResult:
        merges.append(1)
        return real(*args, **options)

    monkeypatch.setattr(merge, "merge_plans", counted)
    code, said = sync(b)
    assert code == 1 and "conflict" in said and "an edit both sides made" in said
    assert len(merges) == 1
