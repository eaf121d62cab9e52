"""`check`'s text gives the warnings of entries alike once per message (commands/check.py `_alike_at_first_places`: one
Problem per message and the lines of its other places, not one per entry): what it prints is what `said_once` of
every warning, each located, prints; and `repeated_by_day` groups exactly `repeated_entries`."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alike_plan import plan_text
from planctl.commands.check import _checked, said_once
from planctl.format.loaded import Loaded
from planctl.format.loader import load_bytes
from planctl.status.history import repeated_by_day, repeated_entries
from planctl.store.planfile import open_plan

PEOPLE = {"sha": "沙继承", "sha2": "沙继承", "zhangwei": "张伟"}  # sha and sha2 share a name: one message for both

entry = st.fixed_dictionaries({
    "day": st.sampled_from(["2009-04-03", "2009-04-09"]),
    "by": st.sampled_from(["sha", "sha2", "zhangwei", None]),  # sha and sha2 share a name: one message for both
    "amount": st.sampled_from([None, 1, 2]),
})


def _said_both_ways(loaded: Loaded) -> None:
    every = said_once(_checked(loaded))
    later: dict[str, list[int]] = {}
    worded: set[str] = set()  # the warnings of entries alike, said once where they are found
    assert said_once(_checked(loaded, later, worded), later, worded) == every


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(quota_log=st.lists(entry, max_size=16), task_log=st.lists(entry, max_size=10),
       between=st.sampled_from(["", "          # 补记\n"]))
def test_warnings_of_entries_alike_said_once_per_message_are_those_of_every_entry_said_once(
        tmp_path: Path, quota_log: list[dict[str, Any]], task_log: list[dict[str, Any]], between: str) -> None:
    raw = plan_text(PEOPLE, quota_log, task_log, between).encode("utf-8")
    for fast in (True, False):  # columns of lazy logs; every entry built
        loaded = load_bytes("plan.yaml", raw, fast=fast)
        assert not loaded.errors and loaded.plan is not None, loaded.problems
        grouped: dict[tuple[str, Any, Any], list[int]] = defaultdict(list)
        for item, pos, day, by in repeated_entries(loaded.plan):
            grouped[item.id, day, by].append(pos)
        assert {(item.id, day, by): offsets for item, day, by, offsets in repeated_by_day(loaded.plan)} == grouped
        _said_both_ways(loaded)
    path = tmp_path / "plan.yaml"
    path.write_bytes(raw)
    for _ in range(2):  # the first read writes the cache, the second reads its blobs
        _said_both_ways(open_plan(path, "plan.yaml", require_valid=False).loaded)


def test_a_message_of_many_places_names_its_first_five_lines_once() -> None:
    log = [{"day": "2009-04-03", "by": by, "amount": 1} for _ in range(4) for by in ("sha", "sha2")]
    loaded = load_bytes("plan.yaml", plan_text(PEOPLE, log, []).encode("utf-8"), fast=True)
    later: dict[str, list[int]] = {}
    worded: set[str] = set()
    said = [p for p in said_once(_checked(loaded, later, worded), later, worded) if "alike" in p.message]
    first = loaded.source.text.index("{date: 2009-04-03, by: sha, amount: 1}", loaded.source.text.index("{date"))
    line = loaded.source.text.count("\n", 0, first) + 1
    assert len(said) == 1 and said[0].line == line + 2  # the entries after the first of each person
    assert said[0].message.endswith(f"(6 entries: lines {', '.join(str(n) for n in range(line + 2, line + 7))}, …)")
