"""`check`'s text gives the warnings of entries alike once per message (commands/check.py `_alike_at_first_places`: one
Problem per message and the lines of its other places, not one per entry): what it prints is what `said_once` of
every warning, each located, prints; and `repeated_by_day` groups exactly `repeated_entries`."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alike_plan import plan_text
from planctl.commands.check import _checked, _repeat_words, _with_repeats, said_once
from planctl.errors import WARNING, Problem
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


def test_a_warning_of_entries_alike_worded_as_another_problem_is_said_once_with_its_places() -> None:
    """Entries alike are said once where they are found (`_alike_at_first_places`), unless another problem says the
    same words: then `said_once` gives them one warning with the other problem's place too, as for every entry."""
    log = [{"day": "2009-04-03", "by": "zhangwei", "amount": 1} for _ in range(3)]
    loaded = load_bytes("plan.yaml", plan_text(PEOPLE, log, []).encode("utf-8"), fast=True)
    assert loaded.plan is not None
    words = _repeat_words(loaded.plan.roster, "study", date(2009, 4, 3), "zhangwei")
    other = loaded.source.locate(Problem(loaded.source.text.index("title"), words, WARNING))  # before the entries
    every = said_once(_with_repeats(loaded, [other]))  # a Problem for each entry alike
    later: dict[str, list[int]] = {}
    worded: set[str] = set()
    said = said_once(_with_repeats(loaded, [other], later, worded), later, worded)
    assert said == every
    assert [p.line for p in said if words in p.message] == [other.line]
    later_entries = [n for n, line in enumerate(loaded.source.text.splitlines(), 1) if "by: zhangwei" in line][1:]
    assert said[0].message.endswith(f"(3 entries: lines {other.line}, {later_entries[0]}, {later_entries[1]})")
