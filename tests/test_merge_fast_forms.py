"""The merge's fast path (merge.fast_merge) gives the full merge's result on plans mixing every log form
`planctl done` writes into: block logs, one-line `{…}` items (alone or in a flow list of items), flow
logs. Both sides make random edits with planctl's own writer: completions added (stamped and unique,
stamped alike on both sides, at-less alike on both sides: a doubt), entries taken back (`undo`'s
removal), titles changed. Whatever the fast path returns must be, byte for byte and in every field,
what the full merge returns; and it must be taken for the common case, completions on one-line items.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import astuple
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planctl.errors import WriteRefused
from planctl.format.loaded import Loaded
from planctl.format.loader import load_source
from planctl.format.source import Source
from planctl.git import merge
from planctl.git.merge import MergeResult, fast_merge, merge_plans
from planctl.model import Completion
from planctl.store.writer import insertion, removal
from test_sync_random_forms import FORMS, logs, plan_of

# The forms the fast path's scanner takes out (the others are left to the full merge when they change).
SCANNED = ["block", "block, log lines", "block, bare log:", "one-line item", "one-line item, log: []",
           "one-line item with a log", "items in a flow list"]


def _loaded(text: str):  # type: ignore[no-untyped-def]
    loaded = load_source(Source("plan.yaml", text), fast=True)
    assert loaded.plan is not None and loaded.tree is not None and not loaded.errors, loaded.errors
    return loaded


def _item(text: str, ident: str):  # type: ignore[no-untyped-def]
    loaded = _loaded(text)
    return loaded, next(i for i in loaded.plan.items() if i.id == ident)


def done(text: str, ident: str, entry: Completion) -> str:
    loaded, item = _item(text, ident)
    return insertion(text, loaded.tree, item, entry, "\r\n" if "\r\n" in text else "\n").apply(text)


def undo_last(text: str, ident: str) -> str:
    """The item's last entry taken back with the writer's removal (what `undo` applies); the text as it
    was where the removal does not give a valid plan (an entry over several lines, which `done` never writes)."""
    _loaded_plan, item = _item(text, ident)
    if not item.log:
        return text
    try:
        after = removal(text, item, item.log[-1]).apply(text)
    except WriteRefused:
        return text
    loaded = load_source(Source("plan.yaml", after), fast=True)
    return after if loaded.plan is not None and not loaded.errors else text


def retitle(text: str, ident: str, title: str) -> str:
    _loaded_plan, item = _item(text, ident)
    node = item.node.get("title")
    assert node is not None
    return text[:node.start] + title + text[node.end:]


STAMP = datetime(2009, 4, 5, 9, tzinfo=timezone(timedelta(hours=8)))


def entry(kind: str, side: str, n: int) -> Completion:
    """`unique`: this side's own completion; `alike`: one record both sides may hold (a cherry-pick);
    `by hand`: an at-less line both sides may have typed alike (a doubt when both add it)."""
    if kind == "unique":
        return Completion(date(2009, 4, 3), by="p01" if side == "a" else "p02", note=f"{side}{n}",
                          at=STAMP + timedelta(seconds=n + (0 if side == "a" else 500)))
    if kind == "alike":
        return Completion(date(2009, 4, 4), by="p03", note=f"alike{n % 3}", at=STAMP + timedelta(seconds=1000 + n % 3))
    return Completion(date(2009, 4, 6), by="p03", note=f"hand{n % 2}")


Op = tuple[str, int, str]
ops = st.lists(st.tuples(st.sampled_from(["done", "done", "done", "undo", "title"]), st.integers(0, 40),
                         st.sampled_from(["unique", "unique", "alike", "by hand"])), max_size=5)


def edited(text: str, ids: list[str], side: str, steps: list[Op]) -> str:
    for n, (op, pick, kind) in enumerate(steps):
        ident = ids[pick % len(ids)]
        if op == "done":
            text = done(text, ident, entry(kind, side, n if kind == "unique" else pick))
        elif op == "undo":
            text = undo_last(text, ident)
        else:
            text = retitle(text, ident, f"改{side}{pick % 2}")
    return text


def fields(result: MergeResult) -> tuple[object, ...]:
    return (*astuple(result)[:3], sorted(result.notes), *astuple(result)[4:])


def agree(base: str, ours: str, theirs: str) -> MergeResult:
    """The fast path's result (when it takes one, with or without knowing ours valid) is the full merge's."""
    raw = [t.encode() for t in (base, ours, theirs)]
    full = merge_plans(*raw, fast=False)
    for ours_valid in (False, True):
        quick = fast_merge(*raw, ours_valid=ours_valid)
        if quick is not None and base not in (ours, theirs):  # else merge_plans takes the changed side as it is
            assert fields(quick) == fields(full), ours_valid
        assert fields(merge_plans(*raw, ours_valid=ours_valid)) == fields(full)
    return full


def _plan(forms: list[str], crlf: bool) -> tuple[str, list[str]]:
    text, ids = plan_of(forms)
    return (text.replace("\n", "\r\n") if crlf else text), ids


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(sorted(FORMS)), min_size=1, max_size=5), ops, ops, ops, st.booleans())
def test_the_fast_path_gives_the_full_merge_on_random_edits_of_every_form(
        forms: list[str], before: list[Op], mine: list[Op], yours: list[Op], crlf: bool) -> None:
    start, ids = _plan(forms, crlf)
    base = edited(start, ids, "b", [step for step in before if step[0] == "done"])
    agree(base, edited(base, ids, "a", mine), edited(base, ids, "c", yours))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(SCANNED), min_size=1, max_size=5),
       st.lists(st.integers(0, 40), min_size=1, max_size=4), st.lists(st.integers(0, 40), min_size=1, max_size=4),
       st.booleans())
def test_completions_on_every_scanned_form_take_the_fast_path_and_lose_none(
        forms: list[str], mine: list[int], yours: list[int], crlf: bool) -> None:
    base, ids = _plan(forms, crlf)
    ours = edited(base, ids, "a", [("done", pick, "unique") for pick in mine])
    theirs = edited(base, ids, "c", [("done", pick, "unique") for pick in yours])
    full = agree(base, ours, theirs)
    assert fast_merge(base.encode(), ours.encode(), theirs.encode()) is not None
    assert full.clean
    merged = full.data.decode()
    assert logs(merged) == logs(ours) + logs(theirs) - logs(base)  # none dropped, none doubled


ONE_LINE = "      - {id: t1, title: 任务, log: [{date: 2009-04-02, by: p03, note: old}]}\n"


@pytest.mark.parametrize(("ours_line", "theirs_line", "clean"), [
    # theirs adds after ours' added entry: both kept, ours first
    ("{id: t1, title: 任务, log: [{date: 2009-04-02, by: p03, note: old}, {date: 2009-04-03, by: p01, note: a}]}",
     "{id: t1, title: 任务, log: [{date: 2009-04-02, by: p03, note: old}, {date: 2009-04-04, by: p02, note: b}]}", True),
    # ours took the old entry back, theirs added one
    ("{id: t1, title: 任务, log: []}",
     "{id: t1, title: 任务, log: [{date: 2009-04-02, by: p03, note: old}, {date: 2009-04-04, by: p02, note: b}]}", True),
    # both added the same at-less line: a doubt, which cannot sit between markers inside a line (a text merge)
    ("{id: t1, title: 任务, log: [{date: 2009-04-02, by: p03, note: old}, {date: 2009-04-03, by: p01}]}",
     "{id: t1, title: 任务, log: [{date: 2009-04-02, by: p03, note: old}, {date: 2009-04-03, by: p01}]}", False),
    # both added the same stamped entry: one record
    ("{id: t1, title: 任务, log: [{date: 2009-04-02, by: p03, note: old}, {date: 2009-04-03, by: p01, at: 2009-04-03T08:00:00}]}",
     "{id: t1, title: 任务, log: [{date: 2009-04-02, by: p03, note: old}, {date: 2009-04-03, by: p01, at: 2009-04-03T08:00:00}]}",
     True),
    # ours wrote the log without spaces: the fast path keeps ours' text as the full merge does
    ("{id: t1, title: 任务, log: [{date: 2009-04-02, by: p03, note: old},{date: 2009-04-03, by: p01}]}",
     "{id: t1, title: 任务, log: [{date: 2009-04-02, by: p03, note: old}, {date: 2009-04-04, by: p02}]}", True),
    # an entry by someone the roster lacks: neither path vouches for it
    ("{id: t1, title: 任务, log: [{date: 2009-04-02, by: p03, note: old}, {date: 2009-04-03, by: nobody}]}",
     "{id: t1, title: 任务, log: [{date: 2009-04-02, by: p03, note: old}, {date: 2009-04-04, by: p02}]}", False),
    # a log: key inside the title, not a log: left to the full merge
    ("{id: t1, title: '任务, log: [x]', log: [{date: 2009-04-02, by: p03, note: old}]}",
     "{id: t1, title: 任务, log: [{date: 2009-04-02, by: p03, note: old}, {date: 2009-04-04, by: p02}]}", True),
])
def test_one_line_logs_merge_as_the_full_merge_merges_them(ours_line: str, theirs_line: str, clean: bool) -> None:
    head, _ids = plan_of(["block"])
    base = head + ONE_LINE
    ours, theirs = (head + "      - " + line + "\n" for line in (ours_line, theirs_line))
    assert agree(base, ours, theirs).clean == clean


def test_a_one_line_items_completions_are_merged_with_one_read_of_the_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    """Before, a completion on a one-line item sent the merge down the full path: four reads of the plan
    (base, ours, theirs, the result), about 12 s of a sync at 10,000 tasks."""
    base, ids = plan_of(["one-line item with a log", "one-line item", "block, log lines", "items in a flow list"])
    ours = edited(base, ids, "a", [("done", 0, "unique"), ("done", 1, "unique")])
    theirs = edited(base, ids, "c", [("done", 0, "unique"), ("done", 4, "unique"), ("done", 2, "unique")])
    reads: list[str] = []
    real = merge._read

    def counted(source: Source) -> Loaded:
        reads.append(source.path)
        return real(source)

    monkeypatch.setattr(merge, "_read", counted)
    result = merge_plans(base.encode(), ours.encode(), theirs.encode())
    assert result.clean and len(reads) == 1
    assert logs(result.data.decode()) == logs(ours) + logs(theirs) - logs(base)
    assert Counter(ident for ident, _note in logs(result.data.decode()) - logs(base)) == Counter(
        {"t0": 2, "t1": 1, "t2": 1, "t3b": 1})
