"""A fresh tester's findings on recurring windows (issue 15): a window's two ends hold occurrences by one
rule (a stretch overlapping the window is kept, cut to it; a day or deadline belongs when its day is in
the window), `check` warns of a cut, refuses a window relative to a repeating task and a repeating task
with sub-tasks, warns of a relative window placed outside its parent, and speaks Chinese throughout."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from conftest import run_cli
from planctl.format.dates import Window
from planctl.format.loader import load_bytes
from planctl.format.recurrence import Series, parse_repeat

D = date.fromisoformat
EXAMPLES = Path(__file__).resolve().parent.parent / "docs" / "examples"
ZH = {"LANG": "zh_CN.UTF-8"}


def spans(text: str, first: str, last: str) -> list[str]:
    return [o.window.iso() for o in Series(parse_repeat(text), Window(D(first), D(last))).all()]


@pytest.mark.parametrize("text, expected", [
    ("每半年", ["2026-01-01 … 2026-06-30", "2026-07-01 … 2026-12-20"]),
    ("每季度", ["2026-01-01 … 2026-03-31", "2026-04-01 … 2026-06-30", "2026-07-01 … 2026-09-30",
               "2026-10-01 … 2026-12-20"]),
])
def test_a_stretch_cut_by_the_windows_end_is_kept_cut_as_one_cut_by_its_start_is(text: str, expected: list[str]) -> None:
    assert spans(text, "2026-01-01", "2026-12-20") == expected


def test_a_month_cut_at_both_ends_is_kept_at_both() -> None:
    assert spans("每月", "2026-03-10", "2026-06-20") == [
        "2026-03-10 … 2026-03-31", "2026-04-01 … 2026-04-30", "2026-05-01 … 2026-05-31", "2026-06-01 … 2026-06-20"]


def test_a_cut_stretch_is_due_on_the_windows_last_day() -> None:
    series = Series(parse_repeat("每半年"), Window(D("2026-01-01"), D("2026-12-20")))
    last = series.at(series.count - 1)
    assert last.day == D("2026-12-20") and series.index_of("2026-12-20") == 1 and series.holding(D("2026-12-20")) == 1


def test_a_day_or_deadline_belongs_only_when_its_day_is_in_the_window() -> None:
    assert spans("每月5日前", "2026-03-03", "2026-06-03") == [
        "2026-03-03 … 2026-03-05", "2026-04-01 … 2026-04-05", "2026-05-01 … 2026-05-05"]
    assert spans("每周一", "2026-03-03", "2026-03-15") == ["2026-03-09"]


def test_the_quarters_28th_give_or_take_runs_into_the_next_month_after_a_30_day_month() -> None:
    assert spans("每季度末月28日前后", "2026-01-01", "2026-12-31")[1:3] == [
        "2026-06-25 … 2026-07-01", "2026-09-25 … 2026-10-01"]


HALF = """\
planctl: 1
title: 办公室2026年工作
year: 2026
phases:
  - id: work
    title: 全年工作
    when: 2026年1月1日至12月20日
    tasks:
      - {id: half, title: 每半年开展一次督查, repeat: 每半年}
"""


def problems(text: str) -> list[tuple[int, str, str]]:
    return [(p.line, p.severity, p.message) for p in load_bytes("plan.yaml", text.encode("utf-8")).problems]


def test_check_warns_of_a_stretch_the_window_cuts_short() -> None:
    assert problems(HALF) == [(9, "warning", "task 'half': its window (2026-01-01 … 2026-12-20) cuts '每半年' "
                                             "2026-07-01 … 2026-12-31 short: that occurrence runs 2026-07-01 … 2026-12-20")]


def test_show_lists_the_cut_last_half_year(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(HALF, encoding="utf-8")
    shown = run_cli("-f", str(plan), "--today", "2026-12-10", "show", "half")
    assert shown.exit_code == 0 and "07-01 … 12-20" in shown.stdout and "0 of 2 done so far" in shown.stdout


def test_a_weekly_quota_counts_work_in_the_windows_last_part_week(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    shutil.copy(EXAMPLES / "branch-reports.yaml", plan)
    done = run_cli("-f", str(plan), "done", "self-study", "--by", "lina", "--amount", "3", "--today", "2026-06-30")
    assert done.exit_code == 0, done.stdout + done.stderr
    assert "outside" not in done.stdout + done.stderr


PLAN = """\
planctl: 1
title: t
year: 2026
phases:
  - id: p
    title: p
    when: 2026年3月1日至4月30日
    tasks:
"""


def test_a_window_relative_to_a_repeating_task_is_a_located_error() -> None:
    extra = ("      - {id: meet, title: 例会, repeat: 每周一}\n"
             "      - id: note\n        title: 会后报告\n        when: within 3 days after meet\n")
    assert problems(PLAN + extra) == [(12, "error", "task 1.2's window: 'within 3 days after meet': 'meet' repeats ('每周一'); a window "
                                                    "relative to it would mean each occurrence: write repeat: on this task "
                                                    "instead, e.g. repeat: 每周一")]


def test_a_relative_window_placed_outside_its_parent_is_a_warning() -> None:
    extra = ("      - {id: meet, title: 会, when: 4月29日}\n"
             "      - id: note\n        title: 会后报告\n        when: within 5 days after meet\n")
    assert problems(PLAN + extra) == [(12, "warning", "task 'note' (2026-04-30 … 2026-05-04) is outside phase 'p' "
                                                      "(2026-03-01 … 2026-04-30)")]


def test_a_repeating_task_with_sub_tasks_is_a_located_error() -> None:
    extra = ("      - id: monthly\n        title: 月报\n        repeat: 每月\n        tasks:\n"
             "          - {id: draft, title: 起草}\n")
    assert problems(PLAN + extra) == [(11, "error", "task 'monthly' repeats ('每月') but has sub-tasks; give 'repeat' to "
                                                    "the sub-tasks that repeat, or log the occurrences on this task")]


@pytest.mark.parametrize("extra, expected", [
    ("      - {id: t1, title: 年报, repeat: 每年12月, when: 2026年3月1日至4月30日}\n",
     "任务 't1'：'每年12月' 从不落在它的时间段内（2026-03-01 … 2026-04-30）"),
    ("      - {id: t1, title: 例会, repeat: 每周一, when: 2000-01-01..2099-12-31}\n", "任务 't1'："),
    ("      - id: t1\n        title: 会\n        per: unit\n        who: nobody\n        tasks: [{id: s, title: s}]\n",
     "由每个单位各自完成"),
])
def test_check_speaks_chinese_about_repeats_and_shares(tmp_path: Path, extra: str, expected: str) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN + extra, encoding="utf-8")
    result = run_cli("check", "-f", str(plan), env=ZH)
    said = result.stdout + result.stderr
    assert expected in said and "never falls" not in said and "owed" not in said and "task 't1'" not in said


def test_check_names_the_kinds_of_a_shared_roster_name_in_chinese(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text("planctl: 1\ntitle: t\nyear: 2026\nroster:\n  people:\n    wangli: 王丽\n    wangli2: 王丽\n"
                    "phases:\n  - {id: p, title: p, when: 3月, who: 王丽}\n", encoding="utf-8")
    said = run_cli("check", "-f", str(plan), env=ZH).stdout
    assert "'wangli'（人员）" in said and "(person)" not in said


def test_a_long_circle_is_shortened_in_chinese(tmp_path: Path) -> None:
    names = [f"t{i}" for i in range(10)]
    tasks = "".join(f"      - {{id: {n}, title: {n}, after: {names[(i + 1) % 10]}}}\n" for i, n in enumerate(names))
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN + tasks, encoding="utf-8")
    said = run_cli("check", "-f", str(plan), env=ZH).stdout
    assert "另有 4 个" in said and "more" not in said
