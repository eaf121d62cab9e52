"""A random check of the log forms `planctl done` writes into: for random plans mixing block items,
one-line `{…}` items and flow logs, two clones' random completions merge to exactly their union (a
multiset: none lost, none doubled), and sync reads each clone's as completions, not as a hand edit.
The merge and sync's reading are called directly (Hypothesis); a few seeded rounds run real git."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planctl.format.loader import load_source
from planctl.format.source import Source
from planctl.git import sync as gitsync
from planctl.git.merge import merge_plans
from planctl.model import Completion
from planctl.store.writer import insertion
from sync_helpers import clone, git, make_remote, notes, remote_notes, run, sync_env  # noqa: F401

HEAD = """\
planctl: 1
title: 随机
year: 2009
roster:
  people:
    p01: 甲
    p02: 乙
    p03: 丙
phases:
  - id: ph
    title: 阶段
    when: 2009年4月1日-4月30日
    tasks:
"""


def old(ident: str) -> str:
    return f"{{date: 2009-04-02, by: p03, note: old-{ident}}}"


# Each form: the item's lines, from the ids it is given (two for the flow list of items).
FORMS = {
    "block": lambda i, j: f"      - id: {i}\n        title: 任务\n",
    "block, log lines": lambda i, j: f"      - id: {i}\n        title: 任务\n        log:\n          - {old(i)}\n",
    "block, bare log:": lambda i, j: f"      - id: {i}\n        title: 任务\n        log:\n",
    "block, log: []": lambda i, j: f"      - id: {i}\n        title: 任务\n        log: []\n",
    "block, flow log": lambda i, j: f"      - id: {i}\n        title: 任务\n        log: [{old(i)}]\n",
    "block, flow log over lines": lambda i, j: f"      - id: {i}\n        title: 任务\n        log: [{{date: 2009-04-02,\n"
                                               f"               by: p03, note: old-{i}}}]\n",
    "block, flow log on the next line": lambda i, j: f"      - id: {i}\n        title: 任务\n        log:\n          [{old(i)}]\n",
    "block, block-mapping entries": lambda i, j: f"      - id: {i}\n        title: 任务\n        log:\n          - date: 2009-04-02\n"
                                                 f"            by: p03\n            note: old-{i}\n",
    "one-line item": lambda i, j: f"      - {{id: {i}, title: 任务}}\n",
    "one-line item, log: []": lambda i, j: f"      - {{id: {i}, title: 任务, log: []}}\n",
    "one-line item with a log": lambda i, j: f"      - {{id: {i}, title: 任务, log: [{old(i)}]}}\n",
    "item over two lines": lambda i, j: f"      - {{id: {i},\n         title: 任务}}\n",
    "items in a flow list": lambda i, j: f"      - id: {i}\n        title: 组\n        tasks: [{{id: {i}a, title: 甲}}, "
                                         f"{{id: {i}b, title: 乙, log: [{old(i)}]}}]\n",
}


def plan_of(forms: list[str]) -> tuple[str, list[str]]:
    """The plan text and the ids `done` may log on."""
    text, ids = HEAD, []
    for n, form in enumerate(forms):
        ident = f"t{n}"
        text += FORMS[form](ident, None)
        ids += [f"{ident}a", f"{ident}b"] if form == "items in a flow list" else [ident]
    return text, ids


def done(text: str, ident: str, note: str, by: str, stamp: int) -> str:
    """`text` after `planctl done` records one completion on `ident` (the writer's own edit)."""
    loaded = load_source(Source("plan.yaml", text), fast=True)
    assert loaded.plan is not None and loaded.tree is not None and not loaded.errors, loaded.errors
    item = next(i for i in loaded.plan.items() if i.id == ident)
    at = datetime(2009, 4, 5, 9, tzinfo=timezone(timedelta(hours=8))) + timedelta(seconds=stamp)
    entry = Completion(date(2009, 4, 3), by=by, note=note, at=at)
    return insertion(text, loaded.tree, item, entry, "\r\n" if "\r\n" in text else "\n").apply(text)


def logs(text: str) -> Counter[tuple[str, str]]:
    """(item, note) of every completion in the plan, by count."""
    loaded = load_source(Source("plan.yaml", text.replace("\r\n", "\n")))
    assert loaded.plan is not None and not loaded.errors, loaded.errors
    return Counter((item.id, entry.note or "") for item in loaded.plan.items() for entry in item.log)


plans = st.lists(st.sampled_from(sorted(FORMS)), min_size=1, max_size=6)
picks = st.lists(st.tuples(st.sampled_from("ab"), st.integers(0, 50)), min_size=1, max_size=8)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans, picks, st.booleans(), st.booleans())
def test_random_completions_on_two_clones_merge_to_their_union(forms: list[str], steps: list[tuple[str, int]],
                                                               crlf: bool, final_newline: bool) -> None:
    base, ids = plan_of(forms)
    base = base if final_newline else base[:-1]
    base = base.replace("\n", "\r\n") if crlf else base
    clones = {"a": base, "b": base}
    added: dict[str, Counter[tuple[str, str]]] = {"a": Counter(), "b": Counter()}
    for n, (who, pick) in enumerate(steps):
        ident = ids[pick % len(ids)]
        note = f"{who}{n}"
        clones[who] = done(clones[who], ident, note, "p01" if who == "a" else "p02", n)
        added[who][(ident, note)] += 1
    a, b = clones["a"], clones["b"]
    for who in "ab":  # sync commits each clone's completions as completions, each counted once
        mine, was = gitsync.decoded(clones[who].encode()), gitsync.decoded(base.encode())
        assert gitsync._skeleton(mine) == gitsync._skeleton(was), who
        assert sum(gitsync.entry_changes(was, mine)[0].values()) == sum(added[who].values())
        assert not gitsync.entry_changes(was, mine)[1]
    for ours, theirs, who in ((a, b, "b"), (b, a, "a")):
        result = merge_plans(base.encode(), ours.encode(), theirs.encode())
        assert result.clean, result.notes
        merged = result.data.decode()
        assert logs(merged) == logs(base) + added["a"] + added["b"]
        # and sync, taking in the merge, counts exactly the other clone's completions as received
        got, lost = gitsync.entry_changes(gitsync.decoded(ours.encode()), gitsync.decoded(result.data))
        assert sum(got.values()) == sum(added[who].values()) and not lost


def clone_done(where: Path, ident: str, note: str, by: str) -> None:
    code, said = run("done", ident, "-f", str(where / "plan.yaml"), "--by", by, "--note", note,
                     "--date", "2009-04-03", "--again")
    assert code == 0, said


@pytest.mark.parametrize("seed", [1])
def test_random_completions_synced_through_real_git_end_in_both_clones(tmp_path: Path, sync_env: None,  # noqa: F811
                                                                       seed: int) -> None:
    rng = random.Random(seed)
    text, ids = plan_of(rng.sample(sorted(FORMS), 8))
    bare = make_remote(tmp_path, text)
    a, b = clone(bare, tmp_path / "a"), clone(bare, tmp_path / "b")
    expected = Counter(note for (_item, note) in logs(text).elements())
    for n in range(8):
        where = a if n % 2 == 0 else b
        clone_done(where, rng.choice(ids), f"n{n}", "p01" if where == a else "p02")
        expected[f"n{n}"] += 1
    for where in (a, b, a):
        code, said = run("sync", "-f", str(where / "plan.yaml"))
        assert code == 0, said
    assert notes(a / "plan.yaml") == notes(b / "plan.yaml") == remote_notes(bare, tmp_path) == expected
    assert (a / "plan.yaml").read_bytes() == (b / "plan.yaml").read_bytes()
    assert git(a, "status", "--porcelain") == git(b, "status", "--porcelain") == ""
