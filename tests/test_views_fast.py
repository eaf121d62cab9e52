"""The views of the whole plan (`status`, `timeline`, `report`, `export ics`) on a large plan take shortcuts, each
held here to the general way it stands for, on random plans and days (issue 20: at most 2× a warm `due`):

- status/states.py: a plain task's state and done (`_plain`), a window of its own (`window_on`), the outline
  order when nothing waits (`waits_order`);
- status/report.py: a task's full line made only where shown (`build`: `report.tasks` on demand);
- `status` and `report` read each quota's stored totals (store/quota_index.py), as `due` does: the same as a
  fresh read without any cache.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import run_cli
from planctl.model import Plan, Task
from planctl.status import report as r
from planctl.status import states
from planctl.status.occurrences import series_of
from planctl.store.planfile import open_plan
from test_due_fast import START, plans

SETTINGS = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _day(offset: int) -> date:
    return START + timedelta(days=offset)


def _plan(tmp_path_factory: pytest.TempPathFactory, text: str) -> tuple[Path, Plan]:
    path = tmp_path_factory.mktemp("plan") / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    plan = open_plan(path, "plan.yaml", require_valid=False).loaded.plan
    assert plan is not None
    return path, plan


def _generally(plan: Plan, task: Task, day: date, monkeypatch: pytest.MonkeyPatch) -> tuple[str, bool, object]:
    """A task's state, done and window on `day` the general way: no task taken for plain, the window looked up."""
    with monkeypatch.context() as patch:
        patch.setattr(states, "_plain", lambda task: False)
        source = states._relative_source(task)
        window = task.window if task.relative is None and source is None else states.window_on(plan, task, day)
        return states.task_state(plan, task, day), states.is_done(plan, task, day), window


@SETTINGS
@given(text=plans(), days=st.lists(st.integers(0, 60), min_size=1, max_size=3))
def test_a_plain_tasks_state_done_and_window_are_the_general_ones(tmp_path_factory: pytest.TempPathFactory,
                                                                  monkeypatch: pytest.MonkeyPatch, text: str,
                                                                  days: list[int]) -> None:
    _path, plan = _plan(tmp_path_factory, text)
    for offset in days:
        day = _day(offset)
        for task in plan.walk():
            fast = (states.task_state(plan, task, day), states.is_done(plan, task, day), states.window_on(plan, task, day))
            assert fast == _generally(plan, task, day, monkeypatch), (text, task.id, day)
    assert states.waits_order(plan) == states._waits_order(plan)


def _judged_the_long_way(plan: Plan, report: r.Report) -> list[r.TaskLine]:
    """What `build` judged before it made a full line only where shown: every task's full line."""
    judged: list[r.TaskLine] = []
    standing = r.Standing(plan, report.as_of)
    for line in report.tasks:
        task = line.task
        if task.depth == 1 or line.occurrence is not None:
            continue
        if series_of(task) is not None:
            judged.extend(r._occurrence_lines(plan, task, report.as_of, r.judged_shares(plan, task, report.who)))
        elif line.window is not None:
            judged.append(r._task_line(plan, task, report.as_of, r.judged_shares(plan, task, report.who), standing))
    return judged


@SETTINGS
@given(text=plans(), today=st.integers(0, 60), who=st.sampled_from([None, "a", "u2", "g"]))
def test_a_reports_lists_are_those_of_every_tasks_full_line(tmp_path_factory: pytest.TempPathFactory, text: str,
                                                            today: int, who: str | None) -> None:
    _path, plan = _plan(tmp_path_factory, text)
    period = r.Period(r.WEEK, r.week_of(_day(today)))
    report = r.build(plan, period, _day(today), who)
    judged = _judged_the_long_way(plan, report)
    start = period.window.start
    assert report.fell_overdue == [line for line in judged if r._fell_overdue(plan, line, start, report.as_of, who)]
    assert report.still_open == sorted((line for line in judged if line.state == states.LATE), key=r._by_deadline)
    if report.next_period is not None:
        upcoming = report.next_period.window
        assert report.due_next == sorted((line for line in judged if line.state != states.FINISHED and line.end in upcoming),
                                         key=r._by_deadline)


def _views(path: Path, day: str, env: dict[str, str | None] | None = None) -> list[tuple[int, str]]:
    runs = [("status", "--json"), ("report", "-F", "md"), ("timeline", "--json"), ("export", "ics")]
    out = []
    for args in runs:
        result = run_cli(*args, "--plan", str(path), "--today", day, env=env)
        out.append((result.exit_code, result.stdout))
    return out


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=plans(), days=st.lists(st.integers(0, 60), min_size=2, max_size=2))
def test_the_views_from_the_cache_and_the_stored_quota_totals_are_a_fresh_reads(
        tmp_path_factory: pytest.TempPathFactory, text: str, days: list[int]) -> None:
    path = tmp_path_factory.mktemp("plan") / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    for offset in days:  # the first day writes the cache and the quotas' totals, the second reads them
        day = _day(offset).isoformat()
        assert _views(path, day) == _views(path, day, env={"PLANCTL_CACHE": "0"}), (text, day)
        # the quotas' totals are stored when a view first sums them (store/quota_index.py `attach`, lazily since
        # report reads the cache without its plain tasks: a quota no view shows is not summed): the second day reads them
