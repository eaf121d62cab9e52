"""`status` and `timeline` read a large plan from the cache without its plain tasks (issue 20).

From a cache of the plan's bytes, a view of the whole plan builds every item but the plain tasks
(store/cache.py `WITHOUT_PLAIN`: those directly under a phase, holding nothing, not repeating, owed once, in a
plan where nothing waits), and counts and draws those from their columns (store/cache.py PlainTasks,
status/states.py `plain_on`). Held here to a fresh full read, on random plans, days and edits.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import run_cli
from planctl.commands.readable import load_for_viewing, load_without_plain
from planctl.model import Task
from planctl.output import cells
from planctl.output import status as status_view
from planctl.status import states
from planctl.store import cache
from test_due_fast import START, _day, plans

FRESH = {"PLANCTL_CACHE": "0"}


@st.composite
def plans_without_waits(draw: st.DrawFn) -> str:
    """test_due_fast's plans with nothing waiting (else every item is built), some phases without a window of
    their own (judged by their tasks') and some logged as a whole."""
    text = re.sub(r"(?m)^ *after: .*\n", "", draw(plans()))
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("    when: ") and draw(st.booleans()):
            lines[i] = "    note: 无期限"
    return "\n".join(lines) + "\n"


def _views(path: Path, day: str, edge: str, env: dict[str, str | None] | None = None) -> list[tuple[int, str]]:
    runs = [("status",), ("status", "--json"), ("timeline",), ("timeline", "--from", edge), ("timeline", "--to", edge),
            ("timeline", "-W", "60")]
    out = []
    for args in runs:
        result = run_cli(*args, "--plan", str(path), "--today", day, env=env)
        out.append((result.exit_code, result.stdout))
    return out


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=plans_without_waits(), days=st.lists(st.integers(0, 70), min_size=2, max_size=2),
       edge=st.integers(0, 60))
def test_status_and_timeline_from_the_cache_without_plain_tasks_are_a_fresh_reads(
        tmp_path_factory: pytest.TempPathFactory, text: str, days: list[int], edge: int) -> None:
    path = tmp_path_factory.mktemp("plan") / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    run_cli("status", "--plan", str(path), "--today", _day(days[0]))  # writes the cache
    for offset in days:
        day = _day(offset)
        assert _views(path, day, _day(edge)) == _views(path, day, _day(edge), env=FRESH), (text, day)


def test_after_done_and_undo_the_views_without_plain_tasks_are_a_fresh_reads(tmp_path: Path) -> None:
    lines = ["planctl: 1", "title: 计划", "year: 2009", "roster:", "  people: {a: 甲}", "phases:"]
    for p in range(3):
        lines += [f"  - id: p{p}", f"    title: 阶段{p}", *([f"    when: {_day(10 * p)}..{_day(10 * p + 20)}"] if p else []),
                  "    tasks:"]
        for t in range(4):
            lines += [f"      - id: t{p}{t}", f"        title: 任务{p}{t}", "        who: a",
                      f"        when: {_day(10 * p + 3 * t)}..{_day(10 * p + 3 * t + 4)}"]
    path = tmp_path / "plan.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    day = _day(12)
    first = _views(path, day, _day(5))
    assert first == _views(path, day, _day(5), env=FRESH)
    for step in (("done", "t01", "--date", _day(4)), ("done", "p2", "--date", _day(11)), ("undo", "--yes")):
        assert run_cli(*step, "--plan", str(path), "--today", day, "--yes" if step[0] == "done" else "--quiet").exit_code == 0
        assert _views(path, day, _day(5)) == _views(path, day, _day(5), env=FRESH), step
    assert _views(path, day, _day(5)) != first  # t01 is still done: the views said so


def test_a_warm_status_builds_no_plain_task(tmp_path: Path) -> None:
    lines = ["planctl: 1", "title: 计划", "year: 2009", "roster:", "  people: {a: 甲}", "phases:",
             "  - id: p0", "    title: 阶段", f"    when: {_day(0)}..{_day(30)}", "    tasks:",
             "      - id: plain", "        title: 平常", "        who: a", f"        when: {_day(1)}..{_day(3)}",
             "      - id: parent", "        title: 有子任务", "        who: a", "        tasks:",
             "          - id: sub", "            title: 子任务", "            who: a", f"            when: {_day(2)}..{_day(5)}"]
    path = tmp_path / "plan.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    today = START
    assert load_without_plain(str(path), lambda year: today)[1] is None  # a full read: every item, no columns
    readable, without = load_without_plain(str(path), lambda year: today)
    assert without is not None
    assert [task.id for task in readable.plan.walk()] == ["p0", "parent", "sub"]
    assert list(without.named()) == [("1.1", "平常")]
    plain = states.plain_on(readable.plan, today, without.plain.items, without.plain.places, without.plain.starts,
                            without.plain.ends, without.plain.logged)
    whole = load_for_viewing(str(path)).plan
    fast = status_view.to_json(readable.plan, status_view.build(readable.plan, today, plain), "plan.yaml")
    assert fast == status_view.to_json(whole, status_view.build(whole, today), "plan.yaml")
    assert load_without_plain(str(path), lambda year: None)[1] is None  # a day the whole plan places: every item


DAYS = st.one_of(st.none(), st.integers(1, 450))


@given(start=st.integers(1, 400), length=st.integers(0, 40), own=DAYS, phases=DAYS, day=st.integers(1, 450))
def test_a_plain_tasks_state_from_its_columns_is_task_states(start: int, length: int, own: int | None,
                                                            phases: int | None, day: int) -> None:
    from planctl.format.dates import Window
    from planctl.model import Completion, Plan

    base = date(2009, 1, 1).toordinal() - 1

    def log(logged: int | None) -> list[Completion]:
        return [] if logged is None else [Completion(date.fromordinal(base + logged), "a")]

    phase = Task("p", "阶段", 1, log=log(phases))
    window = Window(date.fromordinal(base + start), date.fromordinal(base + start + length))
    task = Task("t", "任务", 2, window=window, parent=phase, log=log(own))
    phase.tasks.append(task)
    plan = Plan("plan.yaml", "计划", 2009, phases=[phase])
    expected = states.task_states(plan, [task], date.fromordinal(base + day))[0]
    first = min((base + d for d in (own, phases) if d is not None), default=None)  # cache.PlainTasks.logged
    assert states.plain_state(base + start, base + start + length, first, base + day) == expected


def test_without_plain_keeps_every_item_but_the_plain_tasks() -> None:
    plain = cache.PlainTasks(6, [4, 2], [10, 20], [12, 25], [None, 11])
    assert cache.kept_on(plain, date(2009, 4, 12), cache.WITHOUT_PLAIN) == [True, True, False, True, False, True]


@given(texts=st.lists(st.text(st.sampled_from("ab 1中文，。《》\u200d\u0301\t😀é"), max_size=12), max_size=30),
       copies=st.integers(1, 60))
def test_line_widths_are_each_texts_line_width(texts: list[str], copies: int) -> None:
    many = texts * copies  # beyond cells.SHORTCUT_AFTER too
    widths, simple = cells.line_widths(many)
    assert widths == [cells.line_width(text) for text in many]
    if simple:
        assert all(re.fullmatch(r"[\x20-\x7e中文，。《》]*", text) for text in many)


SIMPLE_ENDS = ["", "、", "ｘ", "長" * 70]  # printable ASCII and WIDE characters alone (cells.simple_widths)
TITLE_ENDS = [*SIMPLE_ENDS, "é", "—", "🙂", "\u200d中", "x" * 2100]  # narrow, emoji, a joiner, longer than a view shows


@st.composite
def plans_of_titles(draw: st.DrawFn) -> str:
    """`plans_without_waits` and a phase of tasks sharing a window (rows alike but for their labels), with titles of
    every kind a label may be (TITLE_ENDS)."""
    first = draw(st.integers(0, 60))
    alike = ["  - id: px", "    title: 同期", "    tasks:"]
    for n in range(draw(st.integers(2, 12))):
        alike += [f"      - id: x{n}", f"        title: 同{n % 3}", "        who: a", f"        when: {_day(first)}..{_day(first + 3)}",
                  *([f"        log:\n          - {{date: {_day(first)}, by: a}}"] if draw(st.booleans()) else [])]
    text = draw(plans_without_waits()) + "\n".join(alike) + "\n"
    ends = draw(st.sampled_from([SIMPLE_ENDS, TITLE_ENDS]))  # one label not simple: every label is measured
    return re.sub(r"(?m)^( +title: .*)$", lambda found: found.group(1) + draw(st.sampled_from(ends)), text)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=plans_of_titles(), day=st.integers(0, 70), width=st.sampled_from(["40", "64", "120", "300"]))
def test_a_timeline_written_as_utf8_bytes_is_the_one_written_as_text(tmp_path_factory: pytest.TempPathFactory,
                                                                     text: str, day: int, width: str) -> None:
    """A large plan's timeline rows are put together as the UTF-8 bytes they are written as (output/timeline.py
    `_write_encoded`; made to apply here from the first label on): what it prints, from the cache and from a full
    read, is what writing the lines as text prints, for labels of every kind, rows cut or not, at any width."""
    from planctl.output import timeline

    path = tmp_path_factory.mktemp("plan") / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    run_cli("status", "--plan", str(path), "--today", _day(day))  # writes the cache
    args = ("timeline", "--plan", str(path), "--today", _day(day), "-W", width)
    encoded: list[bool] = []
    write = timeline._write_encoded
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cells, "SHORTCUT_AFTER", 1)
        patch.setattr(timeline, "_write_encoded", lambda *given: encoded.append(write(*given)) or encoded[-1])
        got = [run_cli(*args, env=env) for env in (None, FRESH)]
        patch.setattr(timeline, "_write_encoded", lambda *given: False)
        expected = [run_cli(*args, env=env) for env in (None, FRESH)]
    assert [(r.exit_code, r.stdout) for r in got] == [(r.exit_code, r.stdout) for r in expected], (text, day, width)
    simple = not any(end in text for end in TITLE_ENDS if end not in SIMPLE_ENDS)
    assert not simple or int(width) < 64 or all(encoded), (encoded, width)


EDITS = [
    ("a plain task's log", "        who: a\n        when: {t11}",
     "        who: a\n        log:\n          - {{date: {d3}, by: a}}\n        when: {t11}"),
    ("a phase's log", "    title: 阶段1\n", "    title: 阶段1\n    log:\n      - {{date: {d3}, by: a}}\n"),
    ("a title", "        title: 任务12\n", "        title: 任务十二\n"),
    ("a plain task's window", "        when: {t20}\n", "        when: {d1}..{d2}\n"),
]


def _pulled_plan(tmp_path: Path) -> tuple[Path, str]:
    lines = ["planctl: 1", "title: 计划", "year: 2009", "roster:", "  people: {a: 甲}", "phases:"]
    for p in range(3):
        lines += [f"  - id: p{p}", f"    title: 阶段{p}", f"    when: {_day(10 * p)}..{_day(10 * p + 20)}", "    tasks:"]
        for t in range(3):
            lines += [f"      - id: t{p}{t}", f"        title: 任务{p}{t}", "        who: a",
                      f"        when: {_day(10 * p + 3 * t)}..{_day(10 * p + 3 * t + 4)}"]
    return tmp_path / "plan.yaml", "\n".join(lines) + "\n"


def pull_edit(path: Path, text: str, what: str, old: str, new: str) -> None:
    """Replace the plan at `path` (holding `text`, `_pulled_plan`'s) as git does after a pull that made the edit
    `what` of EDITS: `old` (its days named as `_day`'s offsets d1, d2, d3, t11, t20) made `new`."""
    days = {"d1": _day(1), "d2": _day(25), "d3": _day(11), "t11": f"{_day(13)}..{_day(17)}",
            "t20": f"{_day(20)}..{_day(24)}"}
    old, new = old.format(**days), new.format(**days)
    assert old in text, what
    pulled = path.with_name("pulled.yaml")
    pulled.write_text(text.replace(old, new, 1), encoding="utf-8")
    pulled.replace(path)  # as git does


@pytest.mark.parametrize(("what", "old", "new"), EDITS, ids=[edit[0] for edit in EDITS])
def test_after_a_pull_the_views_without_plain_tasks_are_a_fresh_reads(tmp_path: Path, what: str, old: str,
                                                                      new: str) -> None:
    path, text = _pulled_plan(tmp_path)
    path.write_text(text, encoding="utf-8")
    day = _day(12)
    assert _views(path, day, _day(5)) == _views(path, day, _day(5), env=FRESH)  # writes the cache
    pull_edit(path, text, what, old, new)
    for _ in range(2):  # read again from the cache of the other bytes, then through the changes stored for these
        assert _views(path, day, _day(5)) == _views(path, day, _day(5), env=FRESH), what
