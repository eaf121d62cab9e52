"""Plans as people write them by hand (issue 14): Chinese ids, names for ids, amounts with units, one 'no year'.

Exact `planctl check` reports. On the code before this change the hand-written line
`{date: 3月16日, by: 王丽, amount: 2h}` gave four errors (two false: "needs 'amount'", "needs 'by'"),
`who: 办公室` said it "is not an id" though a group has that name, and a plan without `year:` got one
error per window.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli
from planctl.format.loader import load_source
from planctl.format.source import Source

PLAN = """title: 2026年党建工作计划
year: 2026
roster:
  people:
    wangli: 王丽
    zhangwei: 张伟
    李娜: 李娜
  groups:
    office:
      name: 办公室
      members: [王丽, zhangwei]
    党支部:
      name: 机关党支部
      members: [李娜, wangli]
phases:
  - id: 准备
    title: 准备
    when: 3月1日至3月30日
    who: 办公室
    quotas:
      - id: study
        title: 自学
        who: [office, 党支部]
        per: person
        target: 8
        unit: h
        target_for: {机关党支部: 10}
        log:
          - {date: 3月16日, by: 王丽, amount: 2h}
          - {date: 3月17日, by: 李娜, amount: 90min}
      - id: notes
        title: 笔记
        who: 党支部
        target: 5000
        unit: 字
        log:
          - {date: 3月18日, by: 张伟, amount: 3千字}
"""


def lines(*rows: str) -> str:
    return "\n".join(rows) + "\n"


def check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str):  # type: ignore[no-untyped-def]
    (tmp_path / "plan.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return run_cli("check", "plan.yaml")


def test_chinese_ids_names_and_amounts_with_units_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = check(tmp_path, monkeypatch, PLAN)
    assert result.stdout == "plan.yaml: OK (1 phase, 0 tasks, 2 quotas)\n"
    assert result.exit_code == 0


@pytest.mark.parametrize("fast", [False, True])
def test_names_resolve_to_ids_and_amounts_convert(fast: bool) -> None:
    plan = load_source(Source("plan.yaml", PLAN), fast=fast).plan
    assert plan is not None
    phase = plan.phases[0]
    study, notes = phase.quotas
    assert phase.who == ["office"]
    assert plan.roster.groups["office"].members == ["wangli", "zhangwei"]
    assert study.target_for == {"党支部": 10}
    assert [(e.by, e.amount) for e in study.log] == [("wangli", 2.0), ("李娜", 1.5)]
    assert [(e.by, e.amount) for e in notes.log] == [("zhangwei", 3000.0)]


def test_the_hand_written_line_of_the_issue_gives_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = PLAN.replace("          - {date: 3月17日, by: 李娜, amount: 90min}\n", "")
    result = check(tmp_path, monkeypatch, text)
    assert result.stdout == "plan.yaml: OK (1 phase, 0 tasks, 2 quotas)\n"


def test_a_shared_name_is_one_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = PLAN.replace("    zhangwei: 张伟\n", "    zhangwei: 张伟\n    wangli2: 王丽\n")
    result = check(tmp_path, monkeypatch, text)
    assert result.stdout == lines(
        "plan.yaml:12:17: error: '王丽' is the name of 2 entries of the roster: 'wangli' (person), 'wangli2' (person); "
        "write the id of the one you mean",
        "   12 |       members: [王丽, zhangwei]",
        "      |                 ^",
        "plan.yaml:30:13: error: '王丽' is the name of 2 entries of the roster: 'wangli' (person), 'wangli2' (person); "
        "write the id of the one you mean",
        "   30 |           - {date: 3月16日, by: 王丽, amount: 2h}",
        "      |             ^",
        "plan.yaml: 2 errors",
    )
    assert result.exit_code == 1


def test_a_miss_suggests_the_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = check(tmp_path, monkeypatch, PLAN.replace("    who: 办公室\n", "    who: 办工室\n"))
    assert result.stdout == lines(
        "plan.yaml:19:10: error: phase '准备': unknown person or group '办工室'; did you mean '办公室' (office)?",
        "   19 |     who: 办工室",
        "      |          ^",
        "plan.yaml: 1 error",
    )


def test_a_two_character_name_with_one_wrong_is_suggested(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = check(tmp_path, monkeypatch, PLAN.replace("by: 王丽,", "by: 王莉,"))
    assert result.stdout.splitlines()[0] == (
        "plan.yaml:29:13: error: completion by unknown person '王莉'; did you mean '王丽' (wangli)?")


def test_an_unreadable_by_gives_no_false_needs_by(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = check(tmp_path, monkeypatch, PLAN.replace("by: 王丽,", "by: [王丽],"))
    assert result.stdout == lines(
        "plan.yaml:29:31: error: 'by' (a person's id) must be text, not a list",
        "   29 |           - {date: 3月16日, by: [王丽], amount: 2h}",
        "      |                                 ^",
        "plan.yaml: 1 error",
    )


@pytest.mark.parametrize(("amount", "message"), [
    ("3千字", "'3千字' is not in this quota's unit (hours: h, min, 小时)"),
    ("0h", "an amount must be more than zero, not 0"),
    ("几小时", "cannot read '几小时' as an amount (a plain number and a unit: 2h, 90min, 3000字, 1)"),
])
def test_an_amount_in_another_unit_is_a_located_error(amount: str, message: str, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    result = check(tmp_path, monkeypatch, PLAN.replace("amount: 2h}", f"amount: {amount}}}"))
    assert result.stdout.splitlines()[0] == f"plan.yaml:29:43: error: a completion's amount: {message}"
    assert result.stdout.endswith("plan.yaml: 1 error\n")


def test_a_plan_without_year_gets_one_error_with_the_year(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = check(tmp_path, monkeypatch, PLAN.replace("year: 2026\n", ""))
    assert result.stdout == lines(
        "plan.yaml:17:11: error: no year: 4 windows and dates are written without a year (the first is here) and the "
        "plan has no 'year:'; add 'year: 2026' at the top of the plan, or write the year in each (2026年3月1日)",
        "   17 |     when: 3月1日至3月30日",
        "      |           ^",
        "plan.yaml: 1 error",
    )
    assert result.exit_code == 1


def test_without_a_year_written_anywhere_the_error_says_what_to_add(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    text = PLAN.replace("year: 2026\n", "").replace("2026年", "")
    result = check(tmp_path, monkeypatch, text)
    assert "add the plan's year (for example 'year: 2026') at the top of the plan" in result.stdout
    assert result.stdout.count("error:") == 1
