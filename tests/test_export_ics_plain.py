"""`export ics` writes a plain task's to-do (states.is_plain: most tasks of a large plan) from the few fields
that make it (output/export.py `_Todos.plain`): byte for byte the calendar the `icalendar` library writes
for the same to-dos (tests/test_export_ics_text.py `library_calendar`), whoever logged what above it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs

from planctl.format.loader import load_bytes
from planctl.output import export
from planctl.status import states as st
from test_export_ics_text import library_calendar

START = date(2026, 3, 1)
PEOPLE = ("p1", "p2", "p3")


def day(n: int) -> str:
    return (START + timedelta(days=n)).isoformat()


@hs.composite
def plans(draw: hs.DrawFn) -> str:
    """A plan of phases with plain tasks and sub-tasks: logged or not (before, on and after the days the
    calendar is made for), by themselves or by a task or phase above them, with notes, goals, roles and
    waits, `who` written or inherited."""
    lines = ["planctl: 1", "title: 随机计划", "year: 2026", "roster:", "  people:",
             "    p1: {name: 张伟, email: zw@example.cn}", "    p2: 李娜", "    p3: 'Wang, Fang'", "phases:"]
    ids: list[str] = []

    def item(indent: str, tid: str, depth: int) -> None:
        start = draw(hs.integers(0, 20))
        lines.extend([f"{indent}- id: {tid}", f"{indent}  title: 事项 {tid}, 含; 标点",
                      f"{indent}  when: {day(start)}..{day(start + draw(hs.integers(0, 6)))}"])
        if draw(hs.booleans()):
            lines.append(f"{indent}  who: {draw(hs.sampled_from(PEOPLE))}")
        if draw(hs.integers(0, 3)) == 0:
            lines.append(f"{indent}  note: 备注 {tid}")
        if depth == 1 and draw(hs.booleans()):
            lines.append(f"{indent}  goal: 目标 {tid}")
        if depth > 1 and draw(hs.integers(0, 5)) == 0:
            lines.append(f"{indent}  牵头: p1")
        if depth > 1 and ids and draw(hs.integers(0, 5)) == 0:
            lines.append(f"{indent}  after: {draw(hs.sampled_from(ids))}")
        logged = draw(hs.lists(hs.integers(0, 30), max_size=2))
        if logged:
            lines.append(f"{indent}  log:")
            lines.extend(f"{indent}    - {{date: {day(n)}}}" for n in logged)
        ids.append(tid)
        subs = draw(hs.integers(0, 3)) if depth < 3 else 0
        if subs:
            lines.append(f"{indent}  tasks:")
            for k in range(subs):
                item(indent + "    ", f"{tid}-{k}", depth + 1)

    for p in range(draw(hs.integers(1, 3))):  # ids of every kind: a UID of Chinese, or too long, is folded
        item("  ", draw(hs.sampled_from(["ph", "阶段", "p" * 50])) + str(p), 1)
    return "\n".join(lines) + "\n"


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans(), hs.integers(-2, 32))
def test_a_plain_tasks_todo_is_the_librarys(text: str, offset: int) -> None:
    loaded = load_bytes("plan.yaml", text.encode("utf-8"))
    assert not loaded.errors, (text, loaded.errors)
    plan = loaded.plan
    assert plan is not None
    assert any(st.is_plain(task) for task in plan.walk())
    today = START + timedelta(days=offset)
    stamp = datetime(2026, 3, 3, 8, 30, tzinfo=UTC)
    assert export.calendar(plan, stamp, "git:abc:plan.yaml", today) == library_calendar(plan, stamp, "git:abc:plan.yaml", today)
