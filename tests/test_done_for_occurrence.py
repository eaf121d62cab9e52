"""A recurring task done ahead (fault 1 of session 8): June's report (每月5日前) handed in on 30 May counted, by
the date rule, for May's occurrence, and nothing could credit June's. `planctl done ID --for 6月` records the
completion for a named occurrence: the same kind of line with `occurrence: 2026-06-05` (only a line added),
read alike by `due`, `status`, `show`, `report`, `export`, the cache, the merge driver, `undo` and `check`."""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import PLANCTL_COMMAND, run_cli
from planctl.format.loader import load_bytes
from planctl.git.merge import merge_plans

PLAN = """\
planctl: 1
title: 办公室2026年常规工作安排
year: 2026
roster:
  people:
    wangli: 王丽
    zhangwei: 张伟
phases:
  - id: routine
    title: 常规工作
    when: 2026年1月1日至12月31日
    tasks:
      - id: monthly-report
        title: 每月5日前汇总上月工作情况报分管领导
        repeat: 每月5日前
        who: zhangwei
        log:
          - {date: 2026-01-05, by: zhangwei}
          - {date: 2026-02-04, by: zhangwei}
          - {date: 2026-03-05, by: zhangwei}
          - {date: 2026-04-03, by: zhangwei}
          - {date: 2026-05-04, by: zhangwei}
      - id: weekly-meeting
        title: 每周一召开处务例会
        repeat: 每周一
        who: wangli
      - id: summary
        title: 年度总结
        when: 2026年12月
    quotas:
      - id: reading
        title: 自学
        who: zhangwei
        target: 8
        unit: h
        period: week
"""


@pytest.fixture()
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    return path


def done(plan: Path, *args: str, today: str = "2026-05-30") -> tuple[int, str]:
    result = run_cli("done", *args, "-f", str(plan), "--today", today, "--by", "zhangwei")
    return result.exit_code, result.stdout + result.stderr


def occurrences(plan: Path, today: str, task: str = "monthly-report") -> dict[str, tuple[str, str | None]]:
    """Occurrence day -> (state, done_on) from `export json`."""
    result = run_cli("export", "json", "-f", str(plan), "--today", today)
    assert result.exit_code == 0, result.output
    found: list[Any] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("id") == task and "occurrences" in node:
                found.extend(node["occurrences"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(result.stdout))
    return {o["day"]: (o["state"], o["done_on"]) for o in found}


def added_lines(before: str, after: str) -> list[str]:
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    assert len(new) == len(old) + 1
    i = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), len(old))
    assert new[:i] + new[i + 1:] == old  # every old line as it was: one line added
    return [new[i]]


def test_june_done_on_30_may_credits_june_not_may_with_one_line_added(plan: Path) -> None:
    before = plan.read_text(encoding="utf-8")
    code, said = done(plan, "monthly-report")  # May is credited already: the date rule offers nothing else
    assert code == 0 and "already done" in said and plan.read_text(encoding="utf-8") == before, said
    code, said = done(plan, "monthly-report", "--for", "6月")
    assert code == 0, said
    assert "counts for the occurrence of 2026-06-05, done ahead of its days" in said, said
    [line] = added_lines(before, plan.read_text(encoding="utf-8"))
    assert line.startswith("          - {date: 2026-05-30, occurrence: 2026-06-05, by: zhangwei, at: "), line
    assert occurrences(plan, "2026-06-02")["2026-06-05"] == ("done", "2026-05-30")
    assert occurrences(plan, "2026-05-30")["2026-06-05"] == ("done", "2026-05-30")
    assert occurrences(plan, "2026-05-29")["2026-06-05"] == ("upcoming", None)  # not by its date yet


def test_views_agree_fresh_and_cached(plan: Path) -> None:
    assert done(plan, "monthly-report", "--for", "2026-06-03")[0] == 0  # a day of June's occurrence names it
    for _run in range(2):  # the first run writes the cache, the second reads it
        due = json.loads(run_cli("due", "-f", str(plan), "--today", "2026-06-02", "--json").stdout)
        rows = [row for rows in due["sections"].values() for row in rows if row.get("id") == "monthly-report"]
        assert rows == [], rows  # June's done ahead: nothing owed until July
        show = run_cli("show", "monthly-report", "-f", str(plan), "--today", "2026-06-02").stdout
        assert "    6  06-01 … 06-05  done 05-30" in show, show
        assert "For occurrence" in show and "2026-06-05" in show, show
        status = run_cli("status", "-f", str(plan), "--today", "2026-06-10").stdout
        assert "6 of 6 done so far; next 07-05" in " ".join(status.split()), status
        report = run_cli("report", "-f", str(plan), "--today", "2026-05-31", "--format", "md").stdout
        ledger, due_next = report.split("## 下周到期（", 1)
        assert "| 2026-05-30 | 1.1 | 每月5日前汇总上月工作情况报分管领导 |" in ledger, report
        assert "每月5日前" not in due_next.split("## ")[0], report  # June's is done: not due next week


def test_undo_takes_the_line_back_and_june_is_open_again(plan: Path) -> None:
    before = plan.read_bytes()
    assert done(plan, "monthly-report", "--for", "6月")[0] == 0
    result = run_cli("undo", "-f", str(plan), "--yes")
    assert result.exit_code == 0, result.output
    assert "for the occurrence of 2026-06-05" in result.stderr and "2026-06-05 is open again" in result.stderr, result.stderr
    assert plan.read_bytes() == before
    assert occurrences(plan, "2026-06-02")["2026-06-05"] == ("in_progress", None)


def test_a_named_occurrence_already_done_needs_again(plan: Path) -> None:
    assert done(plan, "monthly-report", "--for", "6月")[0] == 0
    code, said = done(plan, "monthly-report", "--for", "6月", today="2026-05-31")
    assert code == 0 and "already done (logged 2026-05-30)" in said and "nothing recorded" in said, said
    assert "another occurrence with --for" in said and "--date" not in said, said  # tester h93: it was --for (h98 item 4)
    code, said = done(plan, "monthly-report", "--for", "6月", "--again", today="2026-05-31")
    assert code == 0 and "repeats the occurrence of 2026-06-05" in said, said


@pytest.mark.parametrize(("target", "value", "said"), [
    ("weekly-meeting", "6月", "--for 6月 holds 5 occurrences of weekly-meeting"),
    ("summary", "12月", "does not repeat"),
    ("reading", "6月", "does not repeat"),
    ("monthly-report", "2027年6月", "no occurrence of monthly-report falls in"),
    ("monthly-report", "someday", "--for: "),
])
def test_a_for_that_names_no_single_occurrence_is_refused(plan: Path, target: str, value: str, said: str) -> None:
    before = plan.read_bytes()
    amount = ["--amount", "1h"] if target == "reading" else []
    result = run_cli("done", target, "--for", value, "-f", str(plan), "--today", "2026-05-30", "--by", "zhangwei", *amount)
    assert result.exit_code == 2 and said in result.stderr, result.stderr
    assert plan.read_bytes() == before


def test_a_for_naming_the_occurrence_its_date_counts_for_adds_nothing_to_the_line(plan: Path) -> None:
    before = plan.read_text(encoding="utf-8")
    assert done(plan, "monthly-report", "--for", "6月", today="2026-06-02")[0] == 0
    [line] = added_lines(before, plan.read_text(encoding="utf-8"))
    assert "occurrence" not in line, line


def test_check_refuses_occurrence_on_an_entry_of_an_item_that_does_not_repeat(plan: Path) -> None:
    text = PLAN.replace("        when: 2026年12月\n", "        when: 2026年12月\n        log:\n"
                        "          - {date: 2026-05-30, occurrence: 2026-06-05}\n")
    plan.write_text(text, encoding="utf-8")
    result = run_cli("check", str(plan))
    assert result.exit_code != 0 and "'occurrence' is for an entry of a recurring task" in result.output, result.output


BEFORE = [(date(2026, month, day), None) for month, day in ((1, 5), (2, 4), (3, 5), (4, 3), (5, 4))]


def logs(data: bytes) -> list[tuple[object, ...]]:
    loaded = load_bytes("plan.yaml", data)
    assert loaded.plan is not None
    task = next(t for t in loaded.plan.items() if t.id == "monthly-report")
    return sorted((e.date, e.occurrence) for e in task.log)


@pytest.mark.parametrize("fast", [True, False])
def test_the_merge_driver_keeps_both_sides_entries_done_ahead(plan: Path, fast: bool) -> None:
    base = plan.read_bytes()
    assert done(plan, "monthly-report", "--for", "6月")[0] == 0
    ours = plan.read_bytes()
    plan.write_bytes(base)
    assert done(plan, "monthly-report", "--for", "7月", today="2026-05-31")[0] == 0
    theirs = plan.read_bytes()
    result = merge_plans(base, ours, theirs, fast=fast)
    assert result.clean and result.conflicts == 0
    assert logs(result.data) == [*BEFORE, (date(2026, 5, 30), date(2026, 6, 5)),
                                 (date(2026, 5, 31), date(2026, 7, 5))]


def test_done_for_through_a_real_process(plan: Path) -> None:
    result = subprocess.run([*PLANCTL_COMMAND, "done", "monthly-report", "--occurrence", "2026-06", "-f", str(plan),
                             "--today", "2026-05-30", "--by", "zhangwei", "--json"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["entry"]["occurrence"] == "2026-06-05"


@pytest.mark.parametrize("given", [("--for", "6月", "--occurrence", "7月"), ("--occurrence", "7月", "--for", "6月"),
                                   ("--note", "一", "-m", "二")])
def test_an_option_given_twice_is_refused_not_the_last_taken(plan: Path, given: tuple[str, ...]) -> None:  # h93, h98 item 3
    before = plan.read_bytes()
    result = run_cli("done", "monthly-report", *given, "-f", str(plan), "--today", "2026-05-30")
    assert result.exit_code == 2 and "given more than once" in result.stderr, result.output
    assert given[0] in result.stderr and given[2] in result.stderr
    assert plan.read_bytes() == before


def test_a_weekly_refusal_lists_each_day_once(plan: Path) -> None:  # tester h93, h98 item 4
    result = run_cli("done", "weekly-meeting", "--for", "6月", "-f", str(plan), "--today", "2026-05-30")
    assert result.exit_code == 2, result.output
    listed = [line.strip() for line in result.stderr.splitlines() if line.startswith("  ")]
    assert listed == ["2026-06-01", "2026-06-08", "2026-06-15", "2026-06-22", "2026-06-29"], result.stderr


def test_log_shows_the_occurrence_an_entry_counts_for(plan: Path) -> None:  # tester h93, h98 item 4
    assert done(plan, "monthly-report", "--for", "6月")[0] == 0
    table = run_cli("log", "-f", str(plan), "--today", "2026-05-30")
    assert table.exit_code == 0, table.output
    [row] = [line for line in table.stdout.splitlines() if line.startswith("2026-05-30")]
    assert "2026-06-05" in row, table.stdout
    rows = json.loads(run_cli("log", "-f", str(plan), "--today", "2026-05-30", "--json").stdout)
    assert [r.get("occurrence") for r in rows] == [None] * 5 + ["2026-06-05"]
