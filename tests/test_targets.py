"""Targets beside today's floor (issue 14, "Targets and amounts"): ceilings, rates that entries record,
and quotas judged by pace or only at their deadline (`pace:`), in status/quotas.py, `due`, `status`,
`--json` and `check`. docs/plan-format.md "Targets"."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from conftest import BUNDLED, run_cli
from planctl.format.loader import load_source
from planctl.format.source import Source
from planctl.model import Plan, Quota
from planctl.status import quotas as q

HEAD = """planctl: 1
title: 2026年办公室工作计划
year: 2026
roster:
  people:
    wangli: 王丽
  groups:
    office:
      name: 办公室
      members: [wangli]
phases:
  - id: year
    title: 全年工作
    when: 2026年1月1日至12月31日
    tasks:
"""


def plan_of(quota: str, when: str = "2026年1月1日至12月31日") -> str:
    """A plan with one task (window `when`) holding the quota written as `quota` (YAML at indent 10)."""
    body = "\n".join("          " + line for line in quota.strip("\n").splitlines())
    return HEAD + f"      - id: work\n        title: 工作\n        when: {when}\n        quotas:\n{body}\n"


def loaded(text: str) -> Plan:
    result = load_source(Source("plan.yaml", text))
    assert not result.errors, [p.message for p in result.errors]
    assert result.plan is not None
    return result.plan


def row(plan: Plan, day: date, ident: str = "cap") -> q.Progress:
    quota = plan.find(ident)
    assert isinstance(quota, Quota)
    period = q.quota_period(plan, quota, day)
    assert period is not None
    return period.rows[0]


def ceiling(log: str = "", pace: str = "") -> str:
    return plan_of(f"""
- id: cap
  title: 全局年度会议数量
  who: office
  target: ≤ 3
  unit: 次{pace}
  log: [{log}]
""", when="2026年3月1日至3月31日")


# --- ceilings --------------------------------------------------------------------------------------

@pytest.mark.parametrize("written", ["≤ 3", "<= 3", "不超过3", "至多3", "最多3", "{at-most: 3}", "不超过3次", "3次以内",
                                     "3次以下", "3以内", "不多于3场"])
def test_every_ceiling_form_reads_as_at_most(written: str) -> None:
    plan = loaded(ceiling().replace("target: ≤ 3", f"target: {written}"))
    quota = plan.find("cap")
    assert isinstance(quota, Quota) and (quota.bound, quota.target) == ("at-most", 3)


@pytest.mark.parametrize("log, day, state", [
    ("", date(2026, 3, 10), "within"),
    ("{date: 3月2日}, {date: 3月3日}, {date: 3月4日}", date(2026, 3, 31), "within"),  # at the ceiling: still within
    ("{date: 3月2日}, {date: 3月3日}, {date: 3月4日}", date(2026, 4, 1), q.MET),  # ended at the ceiling: met
    ("{date: 3月2日}, {date: 3月3日}, {date: 3月4日}, {date: 3月5日}", date(2026, 3, 6), "over"),  # one more
    ("{date: 3月2日}, {date: 3月3日}, {date: 3月4日}, {date: 3月5日}", date(2026, 4, 1), "over"),  # stays over
    ("", date(2026, 2, 28), q.NOT_STARTED),
])
def test_a_ceiling_is_met_while_at_or_under_it(log: str, day: date, state: str) -> None:
    assert row(loaded(ceiling(log, "\n  pace: none")), day).state == state


def test_a_paced_ceiling_warns_when_the_count_is_above_its_whole_allowance() -> None:
    # 3 in 31 days: the allowance through day d is ceil(3 d / 31): 1 on days 1-10, 2 on days 11-20, 3 after
    plan = loaded(ceiling("{date: 3月1日}, {date: 3月2日}"))
    assert row(plan, date(2026, 3, 10)).state == "over pace"
    assert row(plan, date(2026, 3, 10)).deficit == 1
    assert row(plan, date(2026, 3, 11)).state == "within"
    assert row(loaded(ceiling("{date: 3月1日}")), date(2026, 3, 1)).state == "within"  # one today: within


def test_a_ceiling_of_zero_is_over_at_the_first() -> None:
    text = ceiling("{date: 3月9日}").replace("target: ≤ 3", "target: {at-most: 0}")
    assert row(loaded(text), date(2026, 3, 8)).state == "within"
    assert row(loaded(text), date(2026, 3, 9)).state == "over"


@pytest.mark.parametrize("written, bound", [("5次以上", "at-least"), ("不少于5", "at-least"), ("至少5次", "at-least"),
                                           ("5", "at-least"), ("{at-least: 5}", "at-least")])
def test_every_floor_form_reads_as_at_least(written: str, bound: str) -> None:
    quota = loaded(ceiling().replace("target: ≤ 3", f"target: {written}")).find("cap")
    assert isinstance(quota, Quota) and (quota.bound, quota.target) == (bound, 5)


# --- rates -----------------------------------------------------------------------------------------

def rate(log: str, target: str = "≥ 95%") -> str:
    return plan_of(f"""
- id: marking
  title: 全批全改率
  who: office
  target: {target}
  period: month
  log: [{log}]
""")


@pytest.mark.parametrize("log, state, done", [
    ("{date: 3月2日, amount: 96%}, {date: 3月9日, amount: 93%}", "below", 93),  # the latest counts
    ("{date: 3月9日, amount: 93%}, {date: 3月2日, amount: 96%}", "below", 93),  # by date, not file order
    ("{date: 3月9日, amount: 93%}, {date: 3月9日, amount: 95%}", q.MET, 95),  # of one day, the last written
    ("{date: 3月2日, amount: 94.9%}", "below", 94.9),
    ("{date: 3月2日, amount: 95}", q.MET, 95),
    ("{date: 2月27日, amount: 99%}", "open", 0),  # February's reading is not March's
])
def test_a_rate_is_its_latest_reading_in_the_period(log: str, state: str, done: float) -> None:
    found = row(loaded(rate(log)), date(2026, 3, 10), "marking")
    assert (found.state, found.done, found.target, found.paced) == (state, done, 95, False)


def test_a_rate_without_a_reading_is_missed_when_its_period_ends() -> None:
    plan = loaded(rate("{date: 2月27日, amount: 99%}"))
    quota = plan.find("marking")
    assert isinstance(quota, Quota)
    march = q.period_rows(plan, quota, 2, date(2026, 4, 1))[0]
    assert march.state == q.MISSED
    assert q.period_rows(plan, quota, 1, date(2026, 4, 1))[0].state == q.MET


def test_a_rate_ceiling_is_over_while_its_latest_reading_is_above_it() -> None:
    plan = loaded(rate("{date: 3月2日, amount: 8%}, {date: 3月9日, amount: 5%}", target="≤ 5%"))
    assert row(plan, date(2026, 3, 5), "marking").state == "over"
    assert row(plan, date(2026, 3, 10), "marking").state == "within"


# --- pace ------------------------------------------------------------------------------------------

def count(when: str, extra: str = "") -> str:
    return plan_of(f"""
- id: forums-held
  title: 座谈会
  who: office
  target: 2
  unit: 次{extra}
""", when=when)


@pytest.mark.parametrize("when, extra, paced", [
    ("4月5日前", "", False),  # a deadline: a one-off
    ("年底前", "", False),
    ("4月5日", "", False),  # one day
    ("2026年4月1日至4月5日", "", True),  # a range: paced, as the bundled plan reads its quotas
    ("4月上旬", "", True),
    ("4月5日前", "\n  period: week", True),  # spread over weeks by its own words
    ("2026年4月1日至4月5日", "\n  pace: none", False),
    ("4月5日前", "\n  pace: even", True),
])
def test_the_default_pace_follows_the_quotas_shape(when: str, extra: str, paced: bool) -> None:
    quota = loaded(count(when, extra)).find("forums-held")
    assert isinstance(quota, Quota) and q.paced(quota) is paced


def test_periods_that_are_all_deadlines_are_one_offs() -> None:
    text = count("全年").replace("  unit: 次", "  unit: 次\n            periods: [1月5日前, 2月5日前]")
    quota = loaded(text).find("forums-held")
    assert isinstance(quota, Quota) and not q.paced(quota)
    mixed = loaded(text.replace("2月5日前", "2月上旬")).find("forums-held")  # a dekad among them: paced
    assert isinstance(mixed, Quota) and q.paced(mixed)


def test_a_one_off_shows_what_is_left_not_pace() -> None:
    plan = loaded(count("4月5日前"))
    found = row(plan, date(2026, 4, 3), "forums-held")
    assert (found.state, found.expected, found.deficit, found.buffer_days) == ("open", 0, 0, 0)
    assert row(plan, date(2026, 4, 6), "forums-held").state == q.MISSED


def test_every_quota_of_the_bundled_plan_keeps_its_pace() -> None:
    """The default reads the seed as before: every quota paced (its `due --json` unchanged on every day)."""
    plan = loaded(BUNDLED.read_text(encoding="utf-8"))
    assert all(q.paced(quota) and quota.bound == "at-least" for quota in plan.quotas())


# --- due, status, --json, done: what a user reads ---------------------------------------------------

SHOWN = plan_of("""
- id: cap
  title: 会议数量
  who: office
  target: 不超过20
  unit: 次
  log: [{date: 1月5日}, {date: 2月5日}, {date: 3月5日}]
- id: forums-held
  title: 座谈会
  who: office
  target: 2
  unit: 次
  when: 4月5日前
- id: marking
  title: 全批全改率
  who: office
  target: ≥ 95%
  period: month
  log: [{date: 3月2日, amount: 96%}, {date: 3月9日, amount: 93%}]
""")


def quota_lines(stdout: str) -> list[str]:
    return [line.rstrip() for line in stdout[stdout.index("Quotas ("):].splitlines()]


def test_due_says_each_kind_of_target(make_plan: Callable[..., Path]) -> None:
    result = run_cli("due", "--plan", str(make_plan(SHOWN)), "--today", "2026-03-10", "--strict")
    assert result.exit_code == 1, result.stdout  # the rate is below its floor
    assert quota_lines(result.stdout)[3:8] == [
        "marking     │ 全批全改率 │ 办公室 │ 03-01 … 03-31 │            93/95% │ latest 93%, under 95%, ends in 21 days",
        "────────────┼────────────┼────────┼───────────────┼───────────────────┼───────────────────────────────────────",
        "cap         │ 会议数量   │ 办公室 │ 01-01 … 12-31 │ 3 of at most 20次 │ 17次 to spare, ends in 296 days",
        "────────────┼────────────┼────────┼───────────────┼───────────────────┼───────────────────────────────────────",
        "forums-held │ 座谈会     │ 办公室 │ 01-01 … 04-05 │             0/2次 │ 2次 left, due 04-05, ends in 26 days",
    ]


def test_due_says_a_ceiling_is_over(make_plan: Callable[..., Path]) -> None:
    text = SHOWN.replace("target: 不超过20", "target: 不超过2")
    result = run_cli("due", "--plan", str(make_plan(text.replace("amount: 93%", "amount: 97%"))), "--today",
                     "2026-03-10", "--strict")
    assert "cap         │ 会议数量   │ 办公室 │ 01-01 … 12-31 │ 3 of at most 2次 │ over by 1次" in result.stdout
    assert result.exit_code == 1
    assert result.stderr == "planctl: --strict: 0 overdue, 0 behind pace, 1 over a ceiling or its pace\n"
    within = SHOWN.replace("amount: 93%", "amount: 97%")  # 3 of at most 20 in March: within
    assert run_cli("due", "--plan", str(make_plan(within)), "--today", "2026-03-10", "--strict").exit_code == 0


def test_status_says_each_kind_of_target(make_plan: Callable[..., Path]) -> None:
    result = run_cli("status", "--plan", str(make_plan(SHOWN)), "--today", "2026-03-10", columns=100)
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert "  办公室  3 of at most 20次  █░░░░░░░░░       4次  within pace" in lines
    assert "  办公室              0/2次  ░░░░░░░░░░         —  due 04-05" in lines
    assert "  办公室             93/95%  █████████░         —  below" in lines


def test_json_rows_carry_the_kind_of_target(make_plan: Callable[..., Path]) -> None:
    import json

    result = run_cli("due", "--plan", str(make_plan(SHOWN)), "--today", "2026-03-10", "--json")
    rows = {r["id"]: r for r in json.loads(result.stdout)["sections"]["quotas"]}
    assert {k: rows["cap"][k] for k in ("bound", "target", "done", "expected", "state")} == \
        {"bound": "at-most", "target": 20, "done": 3, "expected": 4, "state": "within"}
    assert {k: rows["forums-held"][k] for k in ("paced", "state", "expected", "behind_by", "pace")} == \
        {"paced": False, "state": "open", "expected": 0, "behind_by": 0, "pace": "2次 left, due 04-05, ends in 26 days"}
    assert {k: rows["marking"][k] for k in ("paced", "unit", "done", "state")} == \
        {"paced": False, "unit": "%", "done": 93, "state": "below"}
    assert "bound" not in rows["forums-held"] and "paced" not in rows["cap"]


def test_done_records_a_reading_of_a_rate(make_plan: Callable[..., Path]) -> None:
    path = make_plan(SHOWN)
    result = run_cli("done", "marking", "--plan", str(path), "--date", "2026-03-12", "--amount", "97%", "--by",
                     "wangli", "-y")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "amount: 97" in path.read_text(encoding="utf-8")
    assert row(loaded(path.read_text(encoding="utf-8")), date(2026, 3, 12), "marking").state == q.MET


# --- errors, located ---------------------------------------------------------------------------------

@pytest.mark.parametrize("change, message", [
    (("target: ≤ 3", "target: {at-most: -1}"),
     "plan.yaml:23:21: error: quota 'cap': the target (at most) must be zero or more, not -1"),
    (("target: ≤ 3", "target: 约3"),
     "plan.yaml:23:21: error: quota 1.1q1's target: cannot read '约3' as a target (write one of 20, ≤ 20, <= 20, "
     "不超过20次, 20次以内, ≥ 95%, >= 95%, 不低于95%, {at-most: 20}, {at-least: 95%})"),
    (("target: ≤ 3", "target: 不超过3h"),
     "plan.yaml:23:21: error: quota 1.1q1's target is in 'h', but the quota counts a count: 次; write the figure alone "
     "or in the quota's unit"),
    (("target: ≤ 3", "target: 不超过3次以上"),
     "plan.yaml:23:21: error: quota 1.1q1's target: '不超过3次以上' says both at-most and at-least; keep one"),
    (("target: ≤ 3", "target: {at-most: 3, at-least: 1}"),
     "plan.yaml:23:21: error: quota 1.1q1's target as a mapping has one key, at-least or at-most ({at-most: 20})"),
    (("target: ≤ 3\n            unit: 次", "target: ≥ 120%"),
     "plan.yaml:23:21: error: quota 'cap': the target is a rate: at most 100%, not 120%"),
    (("target: ≤ 3", "target: 95%"),
     "plan.yaml:24:19: error: quota 1.1q1's target is a rate (95%): its unit is %, not '次'"),
    (("  unit: 次", "  unit: 次\n            pace: fast"),
     "plan.yaml:25:19: error: 'pace' is one of even, none, not 'fast'"),
    (("target: ≤ 3\n            unit: 次", "target: 95%\n            pace: even"),
     "plan.yaml:24:19: error: quota 1.1q1 is a rate (unit %): a rate is read, not accumulated, so it has no pace; "
     "remove 'pace: even'"),
    (("target: ≤ 3\n            unit: 次", "target: 95%"), None),  # the unit may be left out of a rate
])
def test_bad_targets_are_located_errors(make_plan: Callable[..., Path], change: tuple[str, str],
                                        message: str | None) -> None:
    text = ceiling().replace(*change)
    assert text != ceiling()
    result = run_cli("check", str(make_plan(text)))
    if message is None:
        assert result.exit_code == 0, result.stdout
    else:
        assert message + "\n" in result.stdout, result.stdout
        assert result.exit_code == 1


@pytest.mark.parametrize("amount, message", [
    ("120%", "a completion's amount: a rate is from 0% to 100%, not 120%"),
    ("120", "quota 'marking': a rate is from 0% to 100%, not 120%"),
    ("3次", "a completion's amount: '3次' is not in this quota's unit (a rate in percent: 96%)"),
])
def test_a_reading_out_of_range_is_a_located_error(make_plan: Callable[..., Path], amount: str, message: str) -> None:
    result = run_cli("check", str(make_plan(rate(f"{{date: 3月2日, amount: {amount}}}"))))
    assert result.exit_code == 1
    assert "plan.yaml:25:" in result.stdout and message in result.stdout, result.stdout


# --- the schema agrees with check on the new forms -------------------------------------------------

@pytest.mark.parametrize("target, unit, accepted", [
    ("<= 3", "\n            unit: 次", True),
    ("不超过3", "\n            unit: 次", True),
    ("{at-most: 0}", "\n            unit: 次", True),
    ("≥ 95%", "", True),  # a rate: the unit may be left out
    ("{at-least: 95%}", "", True),
    ("95", "\n            unit: '%'", True),
    ("95", "", False),  # a number without a unit: the unit is required
    ("three", "\n            unit: 次", False),
    ("约3", "\n            unit: 次", False),
    ("{at-most: 3, at-least: 1}", "\n            unit: 次", False),
    ("{most: 3}", "\n            unit: 次", False),
])
def test_the_schema_and_check_agree_on_target_forms(target: str, unit: str, accepted: bool) -> None:
    from test_schema import instance_of, schema_errors

    text = ceiling().replace("target: ≤ 3\n            unit: 次", f"target: {target}{unit}")
    assert text != ceiling()
    check_errors = [p.message for p in load_source(Source("plan.yaml", text)).errors]
    assert (not check_errors, not schema_errors(instance_of(text))) == (accepted, accepted), check_errors


@pytest.mark.parametrize("pace, accepted", [("even", True), ("none", True), ("fast", False), ("均匀", False)])
def test_the_schema_and_check_agree_on_pace(pace: str, accepted: bool) -> None:
    from test_schema import instance_of, schema_errors

    text = ceiling().replace("unit: 次", f"unit: 次\n            pace: {pace}")
    check_errors = [p.message for p in load_source(Source("plan.yaml", text)).errors]
    assert (not check_errors, not schema_errors(instance_of(text))) == (accepted, accepted), check_errors


def test_show_gives_a_rates_periods_met_not_a_sum_of_readings(make_plan: Callable[..., Path]) -> None:
    text = HEAD.replace("when: 2026年1月1日至12月31日", "when: 2026年1月1日至3月31日") + """    quotas:
      - id: marking
        title: 全批全改率
        who: office
        target: ≥ 95%
        period: month
        log: [{date: 1月2日, amount: 96%}, {date: 2月9日, amount: 93%}]
"""
    result = run_cli("show", "marking", "--plan", str(make_plan(text)), "--today", "2026-03-10")
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert "Target   95% each month (3 periods), the latest reading" in lines
    assert "  办公室  96/95% ✓  93/95% ✗    —/95%    1/3 met" in lines
