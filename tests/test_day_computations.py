"""The day computations themselves (status/states.py, status/quotas.py, status/agenda.py), without the CLI.

Small plans written as YAML, read with the loader, and asked directly: is a task done on a day,
where its window stands, which period of a quota is current, each scope's pace and buffer, what the
agenda holds. Also: a quota with thousands of periods is read in linear work (issue 12, case 18).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from planctl.format.dates import Window
from planctl.format.loader import load_bytes
from planctl.model import Plan, Quota, Task
from planctl.status import agenda as a
from planctl.status import quotas as q
from planctl.status import states as s

PLAN = """\
title: t
year: 2030
roster:
  people: {ann: Ann, bob: Bob}
  groups:
    pair: {name: Pair, members: [ann, bob]}
phases:
  - id: one
    title: One
    when: 2030-03-01..2030-03-31
    tasks:
      - id: a
        title: A
        when: 2030-03-05..2030-03-10
        log:
          - {date: 2030-03-08, by: ann}
          - {date: 2030-03-06, by: bob}
      - id: b
        title: B
        when: 2030-03-10..2030-03-20
        tasks:
          - {id: b1, title: B1, when: 2030-03-10..2030-03-12, log: [{date: 2030-03-11}]}
          - {id: b2, title: B2, when: 2030-03-13..2030-03-20, log: [{date: 2030-03-18}]}
      - id: c
        title: C
        when: 2030-03-15
        quotas:
          - id: hours
            title: Hours
            who: [pair]
            per: person
            target: 8
            unit: h
            period: week
            when: 2030-03-04..2030-03-20
            log:
              - {date: 2030-03-05, by: ann, amount: 8}
              - {date: 2030-03-06, by: bob, amount: 3}
              - {date: 2030-03-12, by: ann, amount: 8}
              - {date: 2030-03-12, by: bob, amount: 8}
              - {date: 2030-03-19, by: ann, amount: 8}
              - {date: 2030-03-19, by: bob, amount: 8}
  - id: two
    title: Two
    when: 2030-04-01..2030-04-30
    log: [{date: 2030-04-03}]
    tasks:
      - {id: d, title: D, when: 2030-04-10..2030-04-12}
  - id: three
    title: Three
    tasks:
      - id: e
        title: E
        when: 2030-03-15..2030-03-25
        quotas:
          - {id: essay, title: Essay, who: [ann], target: 1, unit: 篇, log: [{date: 2030-03-19, by: ann}]}
"""


@pytest.fixture(scope="module")
def plan() -> Plan:
    loaded = load_bytes("plan.yaml", PLAN.encode("utf-8"))
    assert not loaded.errors, loaded.errors
    assert loaded.plan is not None
    return loaded.plan


def task(plan: Plan, ident: str) -> Task:
    found = plan.find(ident)
    assert isinstance(found, Task)
    return found


def quota(plan: Plan, ident: str) -> Quota:
    found = plan.find(ident)
    assert isinstance(found, Quota)
    return found


D = date


# --- states ---------------------------------------------------------------------------------------


def test_done_counts_only_completions_by_the_day(plan: Plan) -> None:
    t = task(plan, "a")
    assert not s.is_done(plan, t, D(2030, 3, 5))
    assert s.is_done(plan, t, D(2030, 3, 6))
    assert s.done_date(plan, t, D(2030, 3, 7)) == D(2030, 3, 6)  # the first entry by then
    assert s.done_date(plan, t, D(2030, 3, 5)) is None
    assert s.is_done(plan, t)  # no day: everything logged


def test_a_task_of_parts_is_done_when_its_last_part_is(plan: Plan) -> None:
    b = task(plan, "b")
    assert not s.is_done(plan, b, D(2030, 3, 17))
    assert s.is_done(plan, b, D(2030, 3, 18))
    assert s.done_date(plan, b, D(2030, 3, 30)) == D(2030, 3, 18)


def test_a_task_of_quotas_is_done_when_every_period_is_met(plan: Plan) -> None:
    e = task(plan, "e")
    assert not s.is_done(plan, e, D(2030, 3, 18))
    assert s.is_done(plan, e, D(2030, 3, 19))
    assert s.done_date(plan, e, D(2030, 3, 19)) == D(2030, 3, 19)
    assert not s.is_done(plan, task(plan, "c"))  # bob's first week stays short: never met


def test_a_logged_phase_finishes_what_is_under_it(plan: Plan) -> None:
    d = task(plan, "d")
    assert s.logged_ancestor(d, D(2030, 4, 2)) is None
    assert s.logged_ancestor(d, D(2030, 4, 3)) is task(plan, "two")
    assert s.task_state(plan, d, D(2030, 4, 2)) == s.NOT_STARTED
    assert s.task_state(plan, d, D(2030, 4, 3)) == s.FINISHED
    assert s.task_section(plan, d, D(2030, 4, 3)) == s.DONE
    assert s.done_date(plan, d, D(2030, 4, 3)) is None  # no day of its own


@pytest.mark.parametrize(("day", "section", "state"), [
    (D(2030, 3, 4), (s.UPCOMING, 1), s.NOT_STARTED),
    (D(2030, 3, 5), (s.IN_PROGRESS, 5), s.ACTIVE),
    (D(2030, 3, 9), (s.IN_PROGRESS, 1), s.ACTIVE),
    (D(2030, 3, 10), (s.DUE_TODAY, 0), s.ACTIVE),
    (D(2030, 3, 11), (s.OVERDUE, 1), s.LATE),
    (D(2030, 4, 1), (s.OVERDUE, 22), s.LATE),
])
def test_where_a_window_stands(day: date, section: tuple[str, int], state: str) -> None:
    window = Window(D(2030, 3, 5), D(2030, 3, 10))
    assert s.section(window, day) == section
    assert s.window_state(window, day) == state == s.SECTION_STATES[section[0]]


def test_no_window_is_not_started(plan: Plan) -> None:
    three = task(plan, "three")
    assert s.section(None, D(2030, 1, 1)) is None
    assert s.task_state(plan, three, D(2030, 1, 1)) == s.NOT_STARTED
    assert s.task_section(plan, three, D(2030, 1, 1)) == s.UPCOMING  # judged by the span of the tasks it holds
    assert s.task_state(plan, three, D(2030, 3, 16)) == s.ACTIVE  # e begun, its essay not yet written


def test_the_two_vocabularies_agree_for_every_task_on_every_day(plan: Plan) -> None:
    states = {**s.SECTION_STATES, s.DONE: s.FINISHED, s.NO_WINDOW: s.NOT_STARTED}
    day = D(2030, 2, 25)
    while day < D(2030, 5, 5):
        for t in plan.walk():
            assert states[s.task_section(plan, t, day)] == s.task_state(plan, t, day), (t.id, day)
        day += timedelta(days=1)


def test_counts_and_plan_state(plan: Plan) -> None:
    assert s.task_count(plan, task(plan, "one"), D(2030, 3, 12)) == s.Count(2, 4, 0)  # a, b1 of a, b1, b2, c
    assert s.task_count(plan, task(plan, "one"), D(2030, 3, 21)) == s.Count(3, 4, 1)
    assert s.task_count(plan, task(plan, "one"), D(2030, 3, 16)) == s.Count(2, 4, 1)  # c ended 03-15 unmet
    assert s.plan_count(plan, D(2030, 4, 3)) == s.Count(5, 6, 1)  # d through its phase, e through its quota
    assert s.plan_state(plan, D(2030, 2, 1)) == s.NOT_STARTED
    assert s.plan_state(plan, D(2030, 3, 1)) == s.ACTIVE
    assert plan.span() == Window(D(2030, 3, 1), D(2030, 4, 30))
    assert [s.Count(d, 3).percent for d in (0, 1, 2, 3)] == [0, 33, 67, 100]


# --- quotas ---------------------------------------------------------------------------------------


def test_periods_and_the_current_one(plan: Plan) -> None:
    hours = quota(plan, "hours")
    assert hours.period_windows == [Window(D(2030, 3, 4), D(2030, 3, 10)), Window(D(2030, 3, 11), D(2030, 3, 17)),
                                    Window(D(2030, 3, 18), D(2030, 3, 20))]
    assert q.current_index(hours, D(2030, 3, 1)) == 0  # the first to come
    assert q.current_index(hours, D(2030, 3, 11)) == 1  # the one holding today
    assert q.current_index(hours, D(2030, 4, 1)) == 2  # the last one ended
    assert q.period_index(hours, D(2030, 3, 17)) == 1 and q.period_index(hours, D(2030, 3, 21)) is None
    assert q.period_of(hours, D(2030, 3, 3)) is None


def rows_by_scope(period: q.QuotaPeriod) -> dict[str, q.Progress]:
    return {row.scope.id: row for row in period.rows}


def test_pace_and_buffer_of_each_scope(plan: Plan) -> None:
    hours = quota(plan, "hours")
    first = q.quota_period(plan, hours, D(2030, 3, 9))  # the morning of the week's 6th day: 5 days gone
    assert first is not None and (first.index, first.count, first.is_current) == (1, 3, True)
    rows = rows_by_scope(first)
    assert rows["ann"].state == q.MET and rows["bob"].state == q.BEHIND
    assert first.rows[0].scope.id == "bob"  # worst first
    bob = rows["bob"]
    assert bob.expected == pytest.approx(8 * 5 / 7) and bob.deficit == pytest.approx(8 * 5 / 7 - 3)
    assert bob.buffer_days == pytest.approx(3 / (8 / 7) - 5)  # -2.375: two and a bit days behind
    assert bob.days_left == 1  # the week ends tomorrow: states.days_to_end, as a task's row counts
    last = q.history(plan, hours, D(2030, 3, 9))[-1]
    assert rows_by_scope(last)["ann"].target == pytest.approx(8 * 3 / 7)  # 3 days of 7, prorated
    assert last.rows[0].state == q.NOT_STARTED and not last.is_current
    ended = rows_by_scope(q.history(plan, hours, D(2030, 3, 11))[0])
    assert ended["bob"].state == q.MISSED and ended["bob"].days_left == 0


def test_met_counts_only_entries_by_the_day(plan: Plan) -> None:
    hours = quota(plan, "hours")
    assert not q.is_met(plan, hours, D(2030, 3, 18))
    assert not q.is_met(plan, hours)  # bob's first week stays short
    assert [row.done for row in q.history(plan, hours, D(2030, 3, 12))[1].rows] == [8, 8]
    assert [row.done for row in q.history(plan, hours, D(2030, 3, 11))[1].rows] == [0, 0]


# --- agenda ---------------------------------------------------------------------------------------


def test_the_agenda_places_tasks_and_the_current_quota_rows(plan: Plan) -> None:
    agenda = a.build_agenda(plan, D(2030, 3, 10), horizon=3)
    ids = {name: [row.task.id for row in rows] for name, rows in agenda.sections.items()}
    assert ids[a.DUE_TODAY] == [] and ids[a.IN_PROGRESS] == ["b1", "b"]  # a is done: hidden
    assert ids[a.UPCOMING] == ["b2"]  # 3 days off; c (5 days) is beyond the horizon
    assert {row.scope.id: row.state for row in agenda.quotas} == {"ann": q.MET, "bob": q.BEHIND}
    everything = a.build_agenda(plan, D(2030, 3, 10), horizon=3, show_all=True)
    done = everything.sections[a.DONE]
    assert [(row.task.id, row.done_on) for row in done] == [("a", D(2030, 3, 6))]
    assert everything.needs_attention  # bob is behind
    after = a.build_agenda(plan, D(2030, 3, 21), horizon=0)
    assert [row.quota.id for row in after.quotas] == ["essay"]  # no period of `hours` holds the day
    assert [row.task.id for row in after.sections[a.OVERDUE]] == ["c"]


def test_the_agenda_filters_by_who(plan: Plan) -> None:
    agenda = a.build_agenda(plan, D(2030, 3, 10), filters=a.Filters(who="ann"))
    assert {row.scope.id for row in agenda.quotas} == {"ann"}
    assert a.belongs_to(plan, ["pair"], "bob") and not a.belongs_to(plan, ["ann"], "bob")


# --- a quota with thousands of periods (issue 12, case 18) ----------------------------------------


class CountedWindow(Window):
    """A period that counts how often it is compared: finding a period by comparing it with the
    others is what made the views quadratic in the number of periods."""

    __slots__ = ()
    compared = 0

    def __eq__(self, other: object) -> bool:
        CountedWindow.compared += 1
        return tuple.__eq__(self, other)  # type: ignore[operator,no-any-return]

    def __hash__(self) -> int:
        return tuple.__hash__(self)


LONG = """\
title: long
year: 2000
roster:
  people: {ann: Ann, bob: Bob}
phases:
  - id: p
    title: P
    when: 2000-01-01..2095-12-31
    quotas:
      - id: hours
        title: Hours
        who: [ann, bob]
        per: person
        period: week
        target: 8
        unit: h
        log:
          - {date: 2000-01-03, by: ann, amount: 3}
          - {date: 2050-05-03, by: bob, amount: 9}
"""


def test_a_quota_with_thousands_of_periods_is_read_in_linear_work() -> None:
    import json

    from planctl.output import export, jsonshape, listing, show, status

    loaded = load_bytes("plan.yaml", LONG.encode("utf-8"))
    assert loaded.plan is not None and not loaded.errors
    plan = loaded.plan
    hours = quota(plan, "hours")
    periods = len(hours.period_windows)
    assert periods > 5000
    hours.period_windows = [CountedWindow(w.start, w.end) for w in hours.period_windows]
    today = D(2050, 5, 4)
    CountedWindow.compared = 0
    shown: dict[str, Any] = show.to_json(plan, hours, today)
    exported = json.loads("".join(jsonshape.chunks(export.resolved(plan, today, "plan.yaml"))))  # as it is printed
    status.to_json(plan, status.build(plan, today), "plan.yaml")
    listing.to_json(plan, today)
    a.build_agenda(plan, today)
    assert CountedWindow.compared <= 4 * periods  # before: about periods² / 2 (~14 million) per view
    assert len(shown["periods"]) == periods == len(exported["phases"][0]["quotas"][0]["periods"])
    current = [p for p in shown["periods"] if p["current"]]
    assert [(p["start"], [r["done"] for r in p["rows"]]) for p in current] == [("2050-04-30", [0, 9])]
