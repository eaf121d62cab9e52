"""`export ics` reads a large plan from the cache without its plain tasks (issue 20).

From a cache of the plan's bytes, the calendar's plan is built without its plain tasks (store/cache.py
`WITHOUT_PLAIN`, as `status` reads it), each of whose to-dos is written from its row (output/export.py
`_Todos.plain_rows`), and a phase's completion counts them from their columns (status/states.py
`phase_done_date_with`). Held here to a fresh full read's calendar and to the `icalendar` library's, byte for
byte, on random plans and days, after `done` and `undo`, and after a pull.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import run_cli
from planctl.commands.extra import calendar_identity
from planctl.format.loader import load_bytes
from planctl.model import Task
from planctl.output import icstext as ics
from test_due_fast import _day
from test_export_ics_text import library_calendar
from test_views_without_plain import EDITS, _pulled_plan, plans_without_waits, pull_edit

FRESH = {"PLANCTL_CACHE": "0"}


@st.composite
def plans_with_roles(draw: st.DrawFn) -> str:
    """test_views_without_plain's plans (nothing waits; some phases without a window), some tasks with a lead (a
    person with an email: an ORGANIZER line), a note or without `who` (their phase's then), a long or Chinese id,
    a long title or one to escape; some phases with a `who` and a goal."""
    lines = draw(plans_without_waits()).splitlines()
    out: list[str] = []
    for line in lines:
        if line.startswith("  people: "):
            line = "  people: {a: 甲, b: {name: 乙, email: b@example.cn}, c: 丙}"
        if line.startswith("      - id: t") and draw(st.integers(0, 3)) == 0:  # a UID of Chinese, or too long: folded
            line += draw(st.sampled_from(["号", "x" * 60]))
        if line.startswith("        title: ") and draw(st.integers(0, 3)) == 0:  # a SUMMARY escaped, or folded
            line += draw(st.sampled_from(["，含; 标点, 和 \\ 斜杠", "很长的标题" * 5, "long title " * 7]))
        if line == "        who: a":
            out += [[], [line, "        牵头: b"], [line, "        note: 备注, 含; 标点"], [line]][draw(st.integers(0, 3))]
            continue
        out.append(line)
        if re.fullmatch(r"    title: 阶段\d+", line) and draw(st.booleans()):
            out += ["    who: c", "    goal: 目标"]
    return "\n".join(out) + "\n"


def _calendar(path: Path, day: str, env: dict[str, str | None] | None = None) -> bytes:
    result = run_cli("export", "ics", "--plan", str(path), "--today", day, env=env)
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes


def _librarys(path: Path, day: str) -> bytes:
    """The calendar the `icalendar` library writes of a fresh full read of the plan."""
    plan = load_bytes(str(path), path.read_bytes()).plan
    assert plan is not None
    today = date.fromisoformat(day)
    return library_calendar(plan, datetime(today.year, today.month, today.day, tzinfo=UTC), calendar_identity(path), today)


def _same_as_a_fresh_read(path: Path, day: str) -> bytes:
    calendar = _calendar(path, day)
    assert calendar == _calendar(path, day, env=FRESH)
    assert calendar == _librarys(path, day)
    return calendar


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=plans_with_roles(), days=st.lists(st.integers(0, 70), min_size=2, max_size=2))
def test_export_ics_from_the_cache_without_plain_tasks_is_a_fresh_reads(tmp_path_factory: pytest.TempPathFactory,
                                                                       text: str, days: list[int]) -> None:
    assume(not load_bytes("plan.yaml", text.encode("utf-8")).errors)  # (a repeat may miss its window) refused
    path = tmp_path_factory.mktemp("plan") / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    _calendar(path, _day(days[0]))  # writes the cache
    for offset in days:
        day = _day(offset)
        calendar = _calendar(path, day)
        assert calendar == _calendar(path, day, env=FRESH), (text, day)
        assert calendar == _librarys(path, day), (text, day)


def test_after_done_and_undo_export_ics_without_plain_tasks_is_a_fresh_reads(tmp_path: Path) -> None:
    path, text = _pulled_plan(tmp_path)
    path.write_text(text, encoding="utf-8")
    day = _day(30)
    first = _same_as_a_fresh_read(path, day)
    # every task of p1 done (p1 then done on the last one's day, without a log of its own), p2 logged whole
    steps = [("done", "t10", "--date", _day(12)), ("done", "t11", "--date", _day(16)), ("done", "t12", "--date", _day(14)),
             ("done", "p2", "--date", _day(22)), ("undo", "--yes"), ("done", "t21", "--date", _day(25))]
    for step in steps:
        assert run_cli(*step, "--plan", str(path), "--today", day, "--yes" if step[0] == "done" else "--quiet").exit_code == 0
        _same_as_a_fresh_read(path, day)
    last = _same_as_a_fresh_read(path, day)
    assert last != first
    assert b"COMPLETED:20090317T120000Z\r\nDTSTAMP" in last  # p1 (no description) on t11's day, the last of its tasks


@pytest.mark.parametrize(("what", "old", "new"), EDITS, ids=[edit[0] for edit in EDITS])
def test_after_a_pull_export_ics_without_plain_tasks_is_a_fresh_reads(tmp_path: Path, what: str, old: str,
                                                                      new: str) -> None:
    path, text = _pulled_plan(tmp_path)
    path.write_text(text, encoding="utf-8")
    day = _day(12)
    _same_as_a_fresh_read(path, day)  # writes the cache
    pull_edit(path, text, what, old, new)
    for _ in range(2):  # read again from the cache of the other bytes, then through the changes stored for these
        _same_as_a_fresh_read(path, day)


def test_a_warm_export_ics_builds_no_plain_task(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, text = _pulled_plan(tmp_path)
    path.write_text(text, encoding="utf-8")
    day = _day(12)
    cold = _calendar(path, day)  # writes the cache
    built: list[str] = []
    init = Task.__init__

    def counted(self: Task, *args: object, **kwargs: object) -> None:
        init(self, *args, **kwargs)  # type: ignore[arg-type]
        built.append(self.id)

    monkeypatch.setattr(Task, "__init__", counted)
    assert _calendar(path, day) == cold
    assert built == ["p0", "p1", "p2"]


@given(st.lists(st.text(st.sampled_from("ab 中\t\n\r;,\\\x1b\u200b\u3000\U0001f600é"), max_size=8), max_size=20))
def test_texts_and_encoded_are_each_ones(values: list[str]) -> None:
    assert ics.texts(values) == [ics.text(value) for value in values]
    assert ics.encoded(values) == [value.encode() for value in values]
