"""The checks' shortcuts on a large plan (issue 20, a cold `check`) say what the long way says.

format/validate.py judges a log from its columns' distinct values, counts a person's entries of a day
before it adds up hours, skips the checks of links when no task names another, and the duplicate-id
check when no id is there twice. For random plans (people known and unknown, amounts of every sign
and NaN, hours that may or may not pass a day, duplicate ids, `after:` links, some logs already built),
each check must give what it gives without them: every entry looked at, every task walked, every
hour added up; same messages, same places, same order."""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planctl.errors import Problem
from planctl.format.loader import load_bytes
from planctl.format.units import HOURS
from planctl.format.validate import VALIDATORS, Walked, hour_problems, hour_rows, hours_in_a_day, validate
from planctl.model import LazyLog, Plan

PEOPLE = ["p1", "p2", "p3", "p4"]
BY = [*PEOPLE, "nobody", None]  # None: no `by`
AMOUNTS = [None, 0.5, 2, 8, 13, 25, 0, -1, 150, math.nan]


@st.composite
def plans(draw: st.DrawFn) -> str:
    """A plan's text: a phase of tasks (some waiting for another, some ids twice) with quotas counting hours,
    times or a rate, per person, per unit or all together."""
    lines = ["planctl: 1", "title: t", "year: 2009", "roster:", "  people:"]
    lines += [f"    {p}: 人{p}" for p in PEOPLE]
    lines += ["  groups:", "    g:", "      name: 组", "      members: [p1, p2, p3]", "      units:",
              "        u1:", "          name: 一组", "          members: [p1, p2]",
              "        u2:", "          name: 二组", "          members: [p2, p3]"]
    lines += ["phases:", "  - id: ph", "    title: 阶段", "    when: 2009-03-01..2009-03-31", "    tasks:"]
    ids = [f"t{i}" for i in range(draw(st.integers(1, 5)))]
    for tid in ids:
        shown = draw(st.sampled_from([tid, *ids]))  # sometimes an id twice
        lines += [f"      - id: {shown}", f"        title: 任务 {tid}", "        when: 2009-03-02..2009-03-20"]
        if draw(st.booleans()) and len(ids) > 1:
            lines.append(f"        after: {draw(st.sampled_from([*ids, 'gone']))}")
        lines += _log(draw, "        ", quota=False)
        if draw(st.booleans()):
            unit, per = draw(st.sampled_from([("h", "person"), ("h", "all"), ("次", "unit"), ("%", "all"), ("次", "person")]))
            lines += ["        quotas:", f"          - id: q{tid}", "            title: 定额", "            who: g",
                      f"            per: {per}", "            period: week", "            target: 8", f"            unit: '{unit}'"]
            lines += _log(draw, "            ", quota=True)
    return "\n".join(lines) + "\n"


def _log(draw: st.DrawFn, indent: str, quota: bool) -> list[str]:
    count = draw(st.integers(0, 6))
    if not count:
        return []
    out = [f"{indent}log:"]
    for _ in range(count):
        day = draw(st.one_of(st.integers(2, 3), st.integers(1, 31)))  # a day twice: hours may add up
        fields = [f"date: 2009-03-{day:02d}"]
        by = draw(st.sampled_from(BY))
        if by is not None:
            fields.append(f"by: {by}")
        if quota and draw(st.booleans()):
            fields.append(f"unit: {draw(st.sampled_from(['u1', 'u2', 'u9']))}")
        amount = draw(st.sampled_from(AMOUNTS)) if quota else None
        if amount is not None:
            fields.append(f"amount: {'.nan' if amount != amount else amount}")
        out.append(f"{indent}  - {{{', '.join(fields)}}}")
    return out


def _long_way(plan: Plan) -> list[Problem]:
    """Every check without its shortcuts: each task walked for links, each hour row added up."""
    walked = Walked.of(plan)
    every = walked._replace(linked=walked.tasks)
    problems: list[Problem] = []
    for check in VALIDATORS:
        if check is hours_in_a_day:
            problems += hour_problems(plan, [row for quota in every.quotas if quota.unit == HOURS for row in hour_rows(quota)])
        else:
            problems += check(plan, every)
    return problems


def _read(text: str) -> Plan:
    loaded = load_bytes("plan.yaml", text.encode("utf-8"), fast=True)
    assert loaded.plan is not None, [p.message for p in loaded.problems]
    return loaded.plan


def _said(problems: list[Problem]) -> list[tuple[int, str, str]]:
    return [(p.offset, p.message, p.severity) for p in problems]


def _built(text: str, build: st.DataObject | None = None) -> Plan:
    """The plan with its logs' entries built (as after `done`): every one, or those `build` draws."""
    plan = _read(text)
    for item in plan.items():
        if isinstance(item.log, LazyLog) and (build is None or build.draw(st.booleans())):
            item.log.entries()
    return plan


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans(), st.data())
def test_the_checks_shortcuts_say_what_the_long_way_says(text: str, data: st.DataObject) -> None:
    plan = _read(text)  # its logs as read (columns), but those a check of the read had to look into
    shortcut = _said(validate(plan))
    assert shortcut == _said(_long_way(_built(text)))
    assert _said(validate(_built(text, data))) == shortcut


def test_hours_over_a_day_are_found_across_quotas() -> None:
    """The count before adding up lets through a day that does pass 24 hours (two quotas, one person)."""
    text = "\n".join([
        "planctl: 1", "title: t", "year: 2009", "roster:", "  people:", "    p1: 甲", "phases:", "  - id: ph",
        "    title: 阶段", "    when: 2009-03-01..2009-03-31", "    quotas:",
        *[line for q in ("qa", "qb") for line in (
            f"      - id: {q}", "        title: 学习", "        who: p1", "        period: week", "        target: 8",
            "        unit: h", "        log:", "          - {date: 2009-03-02, by: p1, amount: 13}")],
    ]) + "\n"
    said = [p.message for p in validate(_read(text)) if "24" in p.message]
    assert len(said) == 2  # each entry of that day
