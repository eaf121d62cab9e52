"""Sync's reading of one-line items' logs (`- {id: …, log: […]}`) reads only the flow collections that
hold them, not the whole plan (0.7 s at 10,000 tasks before): the same reading as from the whole plan's
tree, for random plans mixing every form `done` writes into, and for text that only looks like such an
item (in a block scalar, a quoted scalar over lines, a flow list of items over lines)."""

from __future__ import annotations

import functools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planctl.format import loader
from planctl.git import sync as gitsync
from test_sync_random_forms import FORMS, HEAD, done

MORE = {  # text that is, or only looks like, a one-line item with a log
    "a note in a block scalar": lambda i: f"      - id: {i}\n        title: 任务\n        note: |\n"
                                          f"          - {{id: x{i}, log: [{{date: 2009-04-02}}]}}\n",
    "a quoted note over lines": lambda i: f"      - id: {i}\n        title: 任务\n        note: \"见\n"
                                          f"          - {{id: y{i}, log: [{{date: 2009-04-02}}]}}\"\n",
    "a flow list of items over lines": lambda i: f"      - id: {i}\n        title: 组\n        tasks: [\n"
                                                 f"          {{id: {i}a, title: 甲}},\n"
                                                 f"          {{id: {i}b, title: 乙, log: [{{date: 2009-04-02}}]}}\n        ]\n",
    "an item over lines with a log": lambda i: f"      - {{id: {i},\n         title: 任务,\n"
                                               f"         log: [{{date: 2009-04-02, note: 旧}}]}}\n",
    "items nested on one line": lambda i: f"      - {{id: {i}, title: 组, tasks: [{{id: {i}n, title: 甲, log: [{{date: 2009-04-02}}]}}], "
                                          f"log: [{{date: 2009-04-01}}]}}\n",
}
ALL = {**{name: functools.partial(form, j=None) for name, form in FORMS.items()}, **MORE}
TARGETS = {"a note in a block scalar": [], "a quoted note over lines": [], "a flow list of items over lines": ["a", "b"],
           "items in a flow list": ["a", "b"], "items nested on one line": ["", "n"]}


def plan_of(forms: list[str]) -> tuple[str, list[str]]:
    text, ids = HEAD, []
    for n, form in enumerate(forms):
        text += ALL[form](f"t{n}")
        ids += [f"t{n}{tail}" for tail in TARGETS.get(form, [""])]
    return text, ids


def whole(text: str) -> list[gitsync.ReadingEdit]:
    """The reading from the whole plan's tree, as sync read it before."""
    keys = [m.start() for m in gitsync._LOG_LIST.finditer(text) if gitsync._in_flow_mapping(text, m.start())]
    return gitsync._flow_item_edits_whole(text) if keys else []


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(sorted(ALL)), min_size=1, max_size=7), st.lists(st.integers(0, 40), max_size=5),
       st.booleans())
def test_the_reading_of_flow_items_is_the_whole_plans(forms: list[str], picks: list[int], crlf: bool) -> None:
    text, ids = plan_of(forms)
    for n, pick in enumerate(picks):
        if ids:
            text = done(text, ids[pick % len(ids)], f"n{n}", "p01", n)
    text = text.replace("\n", "\r\n") if crlf else text
    keys = [m.start() for m in gitsync._LOG_LIST.finditer(text) if gitsync._in_flow_mapping(text, m.start())]
    local = gitsync._flow_item_edits(text, keys) if keys else []
    assert sorted(local) == sorted(whole(text))


def test_a_one_line_item_with_a_log_is_read_without_reading_the_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    text, _ids = plan_of(["block, log lines"] * 300 + ["one-line item with a log", "an item over lines with a log",
                                                        "a flow list of items over lines"] + ["block"] * 300)

    def refused(*args: object, **kwargs: object) -> object:
        raise AssertionError("the whole plan was read")

    expected = gitsync.one_entry_a_line(text)
    monkeypatch.setattr(loader, "load_source", refused)
    gitsync._decoded.cache_clear()
    assert gitsync.one_entry_a_line(text) == expected
    assert "    log:\n            - {date: 2009-04-02, by: p03, note: old-t300}\n" in expected


def test_two_one_line_items_ending_the_plan_without_a_line_break_read_as_completions() -> None:
    """Found by test_sync_random_forms (it failed on the code before this session too): both items' logs
    went after the plan's last line, each with a line break of its own, so sync took a `done` for a hand edit."""
    base, ids = plan_of(["items in a flow list"])
    base = base[:-1]
    mine = done(base, ids[0], "a0", "p01", 0)
    was, now = gitsync.decoded(base.encode()), gitsync.decoded(mine.encode())
    assert gitsync._skeleton(now) == gitsync._skeleton(was)
    assert sum(gitsync.entry_changes(was, now)[0].values()) == 1
