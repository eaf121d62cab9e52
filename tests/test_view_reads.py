"""The views of the whole plan (`status`, `timeline`, `report`, `export ics`) read it in less work (issue 20)
and say exactly what they said before: each task's state found together (states.task_states) is the one
`task_state` finds alone, on plans read fresh, as columns and from the cache; a plan not cut by --phase or
--who keeps its items listed once; and what the views print through the cache, after random completions,
is what a fresh read prints."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planctl.commands.narrow import narrow
from planctl.format.loader import load_bytes
from planctl.model import Plan, Task
from planctl.status import states
from planctl.store.planfile import open_plan

SEED = Path(__file__).resolve().parent.parent / "plan.yaml"
FIRST = date(2030, 3, 1)
DAYS = 60


def _day(n: int) -> str:
    return (FIRST + timedelta(days=n)).isoformat()


@st.composite
def plans(draw: st.DrawFn) -> str:
    """A plan of phases of tasks: plain ones (a window of their own, some sharing one), some logged, some with
    sub-tasks or without a window, and phases logged as a whole."""
    lines = ["planctl: 1", "title: t", "year: 2030", "phases:"]
    for p in range(draw(st.integers(1, 3))):
        lines += [f"  - id: p{p}", f"    title: P{p}", f"    when: {_day(0)}..{_day(DAYS)}"]
        if draw(st.booleans()) and draw(st.booleans()):
            lines.append(f"    log: [{{date: {_day(draw(st.integers(0, DAYS)))}}}]")
        lines.append("    tasks:")
        for t in range(draw(st.integers(1, 6))):
            lines += [f"      - id: p{p}t{t}", f"        title: T{p}.{t}"]
            if draw(st.integers(0, 5)):
                start = draw(st.sampled_from([0, 10, 20, 30]))
                lines.append(f"        when: {_day(start)}..{_day(start + draw(st.sampled_from([0, 9, 20])))}")
            logged = draw(st.lists(st.integers(0, DAYS), max_size=3))
            if logged:
                lines.append("        log: [" + ", ".join(f"{{date: {_day(d)}}}" for d in logged) + "]")
            if not draw(st.integers(0, 4)):
                lines += ["        tasks:", f"          - {{id: p{p}t{t}s, title: S, when: {_day(5)}..{_day(15)}}}"]
    return "\n".join(lines) + "\n"


def _read_ways(text: str, folder: Path) -> list[Plan]:
    """The plan of `text` read fresh (entries built), as columns (the fast reader), and from the cache."""
    ways = []
    for fast in (False, True):
        loaded = load_bytes("plan.yaml", text.encode("utf-8"), fast=fast)
        assert not loaded.errors and loaded.plan is not None, loaded.errors
        ways.append(loaded.plan)
    path = folder / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    open_plan(path, "plan.yaml", require_valid=True)  # writes the cache
    cached = open_plan(path, "plan.yaml", require_valid=True)
    assert cached.from_cache
    ways.append(cached.plan)
    return ways


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=plans(), offset=st.integers(-2, DAYS + 2))
def test_states_found_together_are_each_tasks_own(text: str, offset: int, tmp_path: Path) -> None:
    """Passes on the code before by design only in what it compares: task_states is new."""
    today = FIRST + timedelta(days=offset)
    folder = tmp_path / f"p{abs(hash(text))}"
    folder.mkdir(exist_ok=True)
    for plan in _read_ways(text, folder):
        tasks = plan.walk()
        assert states.task_states(plan, tasks, today) == [states.task_state(plan, t, today) for t in tasks]
        for phase in plan.phases:
            alone = [states.task_state(plan, leaf, today) for leaf in states.leaves(phase)]
            count = states.task_count(plan, phase, today)
            assert (count.done, count.total, count.late) == (
                alone.count(states.FINISHED), len(alone), alone.count(states.LATE))


def test_seed_states_found_together_on_every_day_of_the_plan() -> None:
    loaded = load_bytes("plan.yaml", SEED.read_bytes(), fast=True)
    plan = loaded.plan
    assert plan is not None
    tasks = plan.walk()
    day = date(2009, 1, 1)
    while day <= date(2010, 1, 31):
        assert states.task_states(plan, tasks, day) == [states.task_state(plan, t, day) for t in tasks]
        day += timedelta(days=3)


def test_a_phase_of_tasks_sharing_a_window_judges_the_window_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fails on the code before: `task_count` asked `task_state`, and so the window's state, leaf by leaf."""
    text = "planctl: 1\ntitle: t\nyear: 2030\nphases:\n  - id: p\n    title: P\n    tasks:\n" + "".join(
        f"      - {{id: t{i}, title: T{i}, when: 2030-03-01..2030-03-10}}\n" for i in range(200))
    loaded = load_bytes("plan.yaml", text.encode("utf-8"), fast=True)
    plan = loaded.plan
    assert plan is not None
    asked: list[object] = []
    judged = states.window_state
    monkeypatch.setattr(states, "window_state", lambda window, today: asked.append(window) or judged(window, today))
    count = states.task_count(plan, plan.phases[0], date(2030, 3, 5))
    assert (count.done, count.total, count.late) == (0, 200, 0)
    assert len(asked) <= 2  # the shared window, and the phase's own at most


def test_a_plan_not_cut_keeps_its_items_listed_once(tmp_path: Path) -> None:
    """Fails on the code before: `narrow` without --phase or --who dropped the plan's list of items, and every
    `walk()` of `status` and `timeline` then walked the tree again (five times a `status`)."""
    path = tmp_path / "plan.yaml"
    shutil.copy(SEED, path)
    plan = open_plan(path, "plan.yaml", require_valid=True).plan
    listed = plan.known_items
    assert listed is not None
    narrow(plan, None, None, str(path))
    assert plan.known_items is listed
    narrow(plan, "1", None, str(path))  # cut to the first phase: listed again, as the tree now is
    assert plan.known_items is not None
    assert plan.known_items == [item for item in listed if isinstance(item, Task) and item.phase is plan.phases[0]
                                or not isinstance(item, Task) and item.parent is not None
                                and item.parent.phase is plan.phases[0]]


def _said(plan: Path, *args: str, fresh: bool) -> tuple[int, str]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120", "PLANCTL_CACHE": "0" if fresh else "1"}
    ran = subprocess.run([sys.executable, "-m", "planctl", *args, "-f", str(plan)], capture_output=True, text=True,
                         env=env, timeout=120, cwd=plan.parent)
    return ran.returncode, ran.stdout + ran.stderr


VIEWS = (("status", "--today", "2009-04-12"), ("timeline", "--today", "2009-04-12"),
         ("report", "--today", "2009-04-12"), ("export", "ics", "--today", "2009-04-12", "-o", "-"))
TARGETS = ("lead-group", "scheme", "mobilize", "prep", "study")


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(done=st.lists(st.tuples(st.sampled_from(TARGETS), st.integers(0, 120)), min_size=1, max_size=3))
def test_views_through_the_cache_say_what_a_fresh_read_says(done: list[tuple[str, int]], tmp_path: Path) -> None:
    """Passes on the code before by design: the views' words must not change, cached or fresh."""
    folder = tmp_path / f"v{abs(hash(tuple(done)))}"
    folder.mkdir(exist_ok=True)
    plan = folder / "plan.yaml"
    shutil.copy(SEED, plan)
    for view in VIEWS:
        _said(plan, *view, fresh=False)  # a cache of the plan before the completions
    for target, offset in done:
        day = (date(2009, 3, 1) + timedelta(days=offset)).isoformat()
        code, words = _said(plan, "done", target, "--date", day, "--again", "--yes", "-q", fresh=False)
        assert code == 0, words
    for view in VIEWS:
        assert _said(plan, *view, fresh=False) == _said(plan, *view, fresh=True)
