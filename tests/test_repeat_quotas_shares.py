"""Issue 15, the rest of recurring work: `repeat:` on a quota (each occurrence one quota period, the
one owner of periods being status/quotas.py), a recurring task owed by each unit (`per:` with
`repeat:`; status/occurrences.py counts each unit's entries), and the importer writing `repeat:`
read by format/recurrence.py's own grammar."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import run_cli
from planctl.format.dates import Window
from planctl.format.loader import load_bytes
from planctl.format.recurrence import parse_repeat
from planctl.model import Quota, Task
from planctl.status import quotas as q
from planctl.status import states
from test_git_integration import env  # noqa: F401 - the fixture of a private git environment

D = date.fromisoformat
NOW = {"PLANCTL_NOW": "2026-03-04T09:00:00+08:00", "PLANCTL_CACHE": "0"}

HEAD = """\
planctl: 1
title: 常规工作
year: 2026
roster:
  people:
    zhang: 张伟
    li: 李娜
    wang: 王芳
  groups:
    office:
      name: 办公室
      members: [zhang, li]
    branches:
      name: 党支部
      units:
        b1: {name: 第一支部, members: [zhang]}
        b2: {name: 第二支部, members: [li]}
        b3: {name: 第三支部, members: [wang]}
phases:
  - id: routine
    title: 常规工作
    when: 2026年1月1日至6月30日
    who: office
"""

QUOTAS = HEAD + """\
    quotas:
      - id: summaries
        title: 汇总信息
        who: office
        repeat: 每月5日前
        target: 3
        unit: 份
        log:
          - {date: 2026-01-03, amount: 3}
          - {date: 2026-01-20, amount: 2}
          - {date: 2026-02-10, amount: 1}
      - id: study
        title: 每周自学
        who: office
        per: person
        repeat: 每周
        target: 4
        unit: h
        log:
          - {date: 2026-03-02, by: li, amount: 2h}
      - id: review
        title: 季度分析会
        who: office
        repeat: 每季度末月28日前后
        target: 1
        unit: 次
"""

SHARED = HEAD + """\
    tasks:
      - id: report
        title: 各支部报送学习情况
        who: branches
        per: unit
        repeat: 每月5日前
        log:
          - {date: 2026-01-04, unit: b1}
          - {date: 2026-01-05, unit: b2}
          - {date: 2026-01-05, by: wang}
          - {date: 2026-02-03, by: zhang}
"""


def load(text: str) -> Any:
    loaded = load_bytes("plan.yaml", text.encode("utf-8"))
    return loaded


def plan_of(text: str) -> Any:
    loaded = load(text)
    assert not loaded.errors, [(p.line, p.message) for p in loaded.errors]
    return loaded.plan


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def ok(*args: str) -> str:
    result = run_cli(*args, env=NOW)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout + result.stderr


def wide(*args: str) -> str:
    result = run_cli(*args, env=NOW, columns=160)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


def quota(plan: Any, ident: str) -> Quota:
    found = plan.find(ident)
    assert isinstance(found, Quota)
    return found


def iso(windows: list[Window]) -> list[str]:
    return [f"{w.start}..{w.end}" for w in windows]


# --- repeat on a quota -----------------------------------------------------------------------------


def test_a_quota_repeating_by_a_deadline_has_one_period_per_occurrence_running_from_the_last() -> None:
    summaries = quota(plan_of(QUOTAS), "summaries")
    assert iso(summaries.period_windows) == ["2026-01-01..2026-01-05", "2026-01-06..2026-02-05", "2026-02-06..2026-03-05",
                                             "2026-03-06..2026-04-05", "2026-04-06..2026-05-05", "2026-05-06..2026-06-05"]
    assert not q.paced(summaries)  # judged at each deadline
    rows = [period.rows[0] for period in q.history(plan_of(QUOTAS), summaries, D("2026-03-04"))]
    assert [(r.done, r.target, r.state) for r in rows[:3]] == [(3, 3, q.MET), (2, 3, q.MISSED), (1, 3, q.OPEN)]


def test_a_quota_repeating_each_week_counts_calendar_weeks_with_the_whole_target_and_is_paced() -> None:
    plan = plan_of(QUOTAS)
    study = quota(plan, "study")
    assert iso(study.period_windows[:2]) == ["2026-01-01..2026-01-04", "2026-01-05..2026-01-11"]  # cut, not prorated
    assert q.paced(study)
    current = q.quota_period(plan, study, D("2026-03-04"))
    assert current is not None and current.period == Window(D("2026-03-02"), D("2026-03-08"))
    assert {(r.scope.id, r.done, r.target, r.state) for r in current.rows} == {
        ("li", 2.0, 4, q.ON_PACE), ("zhang", 0.0, 4, q.BEHIND)}


def test_a_quota_repeating_around_a_day_runs_from_the_previous_period_to_the_day_give_or_take() -> None:
    review = quota(plan_of(QUOTAS), "review")
    assert iso(review.period_windows) == ["2026-01-01..2026-03-31", "2026-04-01..2026-07-01"]


def test_due_status_show_and_export_give_a_repeating_quota_period_by_period(tmp_path: Path) -> None:
    path = write(tmp_path, QUOTAS)
    due = json.loads(ok("due", "--today", "2026-03-04", "--json", "-f", str(path)))
    rows = {row["id"]: row for row in due["sections"]["quotas"]}
    assert rows["summaries"]["period"]["start"] == "2026-02-06" and rows["summaries"]["period"]["end"] == "2026-03-05"
    shown = ok("show", "summaries", "--today", "2026-03-04", "-f", str(path))
    assert "3份 each time, 每月5日前 (6 periods), judged at its deadline" in shown
    assert "01-06…02-05" in shown and "2/3份 ✗" in shown
    status = ok("status", "--today", "2026-03-04", "-f", str(path))
    assert "summaries 汇总信息 · period 3 of 6: 02-06 … 03-05" in status
    exported = json.loads(ok("export", "json", "--today", "2026-03-04", "-f", str(path)))
    found = [qu for phase in exported["phases"] for qu in phase["quotas"] if qu["id"] == "summaries"][0]
    assert found["repeat"] == "每月5日前" and len(found["periods"]) == 6
    shown_json = json.loads(ok("show", "study", "--json", "--today", "2026-03-04", "-f", str(path)))
    assert shown_json["repeat"] == "每周" and len(shown_json["periods"]) == 27  # 06-29…06-30 too: cut, as 01-01…01-04 is


def test_done_on_a_repeating_quota_counts_for_the_period_it_falls_in(tmp_path: Path) -> None:
    path = write(tmp_path, QUOTAS)
    ok("done", "summaries", "--amount", "2", "--date", "2026-03-01", "-f", str(path))
    plan = plan_of(path.read_text(encoding="utf-8"))
    current = q.quota_period(plan, quota(plan, "summaries"), D("2026-03-04"))
    assert current is not None and current.rows[0].done == 3 and current.rows[0].state == q.MET


@pytest.mark.parametrize("extra, where, message", [
    ("        period: month\n", (28, 17), "quota 1q1 has 'repeat' and 'period'; keep one"),
    ("        periods: [1月, 2月]\n", (28, 17), "quota 1q1 has 'repeat' and 'periods'; keep one"),
])
def test_repeat_with_period_or_periods_is_a_located_error(extra: str, where: tuple[int, int], message: str) -> None:
    text = QUOTAS.replace("        repeat: 每月5日前\n", "        repeat: 每月5日前\n" + extra, 1)
    problems = [(p.line, p.column, p.message) for p in load(text).errors]
    assert len(problems) == 1
    assert problems[0][:2] == where and problems[0][2].startswith(message)


@pytest.mark.parametrize("repeat, when, message", [
    ("每月6日后", "", "quota 1q1's repeat: cannot read '每月6日后' as a repeat"),
    ("每周一", "        when: 2000-01-01..2099-12-31\n", "makes 5218 occurrences, more than 2000"),
    ("每年12月", "        when: 2026-03-01..2026-06-30\n", "quota 'summaries': '每年12月' never falls in its window"),
])
def test_a_quota_repeat_that_cannot_be_read_or_makes_too_many_or_none_is_a_located_error(
        repeat: str, when: str, message: str) -> None:
    text = QUOTAS.replace("        repeat: 每月5日前\n", f"        repeat: {repeat}\n{when}", 1)
    problems = [(p.line, p.message) for p in load(text).errors]
    assert len(problems) == 1 and problems[0][0] == 28 and message in problems[0][1], problems


def test_the_cache_gives_a_repeating_quota_as_a_fresh_read_does(tmp_path: Path) -> None:
    from planctl.store.planfile import open_plan

    path = write(tmp_path, QUOTAS)
    assert not open_plan(path, "plan.yaml", require_valid=True).from_cache
    cached = open_plan(path, "plan.yaml", require_valid=True)
    assert cached.from_cache
    fresh = plan_of(QUOTAS)
    for ident in ("summaries", "study", "review"):
        a, b = quota(cached.plan, ident), quota(fresh, ident)
        assert (a.repeat, a.period_windows, q.paced(a)) == (b.repeat, b.period_windows, q.paced(b))


def _quota_after_meet(cut: str, target: int) -> str:
    """Tasks of a phase: a meeting on 3月31日 and, within 14 days after it, a quota `weekly` cut by `cut`."""
    return f"""\
    tasks:
      - id: meet
        title: 会
        when: 3月31日
      - id: after
        title: 会后
        when: within 14 days after meet
        quotas:
          - id: weekly
            title: 每周整改
            who: office
            {cut}
            target: {target}
            unit: 次
"""


def test_a_quota_under_a_relative_task_repeats_over_the_window_it_inherits() -> None:
    # a week belongs when it overlaps the window, cut to it (recurrence.Series)
    weekly = quota(plan_of(HEAD + _quota_after_meet("repeat: 每周", 1)), "weekly")
    assert iso(weekly.period_windows) == ["2026-04-01..2026-04-05", "2026-04-06..2026-04-12", "2026-04-13..2026-04-14"]


# --- a recurring task owed by each unit ------------------------------------------------------------------


def test_each_unit_owes_each_occurrence_and_one_is_done_when_every_unit_has_done_it() -> None:
    plan = plan_of(SHARED)
    report = plan.find("report")
    assert isinstance(report, Task)
    rows = states.occurrence_rows(plan, report, D("2026-02-04"))
    assert [(r.occurrence.key, r.section, r.done_on) for r in rows[:2]] == [
        ("2026-01-05", states.DONE, D("2026-01-05")), ("2026-02-05", states.IN_PROGRESS, None)]
    assert states.share_days(plan, report, D("2026-02-04")) == {"b1": D("2026-02-03"), "b2": None, "b3": None}
    assert states.occurrence_shares(plan, report, 1, D("2026-02-04")) == (1, 3)
    assert states.occurrence_count(plan, report, D("2026-02-04")) == (1, 2)


def test_done_by_a_unit_counts_for_that_units_occurrence_once(tmp_path: Path) -> None:
    path = write(tmp_path, SHARED)
    feb = {**NOW, "PLANCTL_NOW": "2026-02-04T09:00:00+08:00"}
    first = run_cli("done", "report", "--by", "第二支部", "-f", str(path), env=feb)
    assert first.exit_code == 0, first.stderr
    assert "counts for the occurrence of 2026-02-05 of 第二支部 (occurrence 2 of 6)" in first.stderr
    again = run_cli("done", "report", "--by", "li", "-f", str(path), env=feb)
    assert again.exit_code == 0
    assert ("report 各支部报送学习情况: the occurrence of 2026-02-05 of 第二支部 is already done (logged 2026-02-04); "
            "nothing recorded") in again.stderr
    assert path.read_text(encoding="utf-8").count("2026-02-04") == 2  # the entry and its `at`, once
    other = run_cli("done", "report", "--by", "wang", "-f", str(path), env=feb)
    assert "counts for the occurrence of 2026-02-05 of 第三支部" in other.stderr
    undone = run_cli("undo", "--yes", "-f", str(path), env=feb)
    assert "the occurrence of 2026-02-05 of 第三支部 is open again" in undone.stderr


def test_due_shows_units_done_per_occurrence_and_due_who_what_that_unit_still_owes(tmp_path: Path) -> None:
    path = write(tmp_path, SHARED)
    data = json.loads(ok("due", "--today", "2026-02-04", "--json", "-f", str(path)))
    row = data["sections"]["in_progress"][0]
    assert (row["id"], row["occurrence"]["day"]) == ("report", "2026-02-05")
    assert "1/3 units done" in ok("due", "--today", "2026-02-04", "-f", str(path))
    assert "report" not in ok("due", "--today", "2026-02-04", "--who", "b1", "-f", str(path))  # 第一支部 reported
    theirs = ok("due", "--today", "2026-02-04", "--who", "li", "-f", str(path))
    assert "report" in theirs and "0/1 units done" in theirs


def test_status_and_show_count_the_units_of_the_occurrence_in_view(tmp_path: Path) -> None:
    path = write(tmp_path, SHARED)
    status = wide("status", "--today", "2026-02-04", "-f", str(path))
    assert "1/3 units done (occurrence of 2026-02-05)" in status and "not yet: 第二支部, 第三支部" in status
    shares = json.loads(ok("status", "--today", "2026-02-04", "--json", "-f", str(path)))["shares"]
    assert shares[0]["occurrence"] == "2026-02-05" and [r["id"] for r in shares[0]["owed"]] == ["b2", "b3"]
    shown = wide("show", "report", "--today", "2026-02-04", "-f", str(path))
    assert "Shares   1/3 units done (occurrence of 2026-02-05): 第一支部 2026-02-03; not yet: 第二支部, 第三支部" in shown


def test_shares_of_a_recurring_task_logged_in_two_clones_merge_as_a_multiset(tmp_path: Path,
                                                                            env: dict[str, str]) -> None:  # noqa: F811
    from test_git_integration import commit_and_push, git, logs, planctl, pull, two_clones

    a, b = two_clones(tmp_path, env, SHARED)
    planctl(a, env, "done", "report", "--by", "b2", "--date", "2026-02-02")
    commit_and_push(a, env, "b2")
    later = {**env, "PLANCTL_NOW": "2026-11-25T09:00:00"}  # recorded later: another record (git/merge.py)
    planctl(b, later, "done", "report", "--by", "b3", "--date", "2026-02-03")
    planctl(b, later, "done", "report", "--by", "b2", "--date", "2026-02-02", "--again")
    git(b, env, "commit", "-q", "-am", "b3")
    assert pull(b, env).returncode == 0
    merged = [(k[0].isoformat(), k[2]) for k in logs(b)["report"] if k[0] >= D("2026-02-01")]  # type: ignore[attr-defined]
    assert sorted(merged, key=repr) == sorted([("2026-02-02", "b2"), ("2026-02-02", "b2"), ("2026-02-03", None),
                                               ("2026-02-03", "b3")], key=repr)
    shown = json.loads(planctl(b, env, "show", "report", "--today", "2026-02-04", "--json").stdout)
    assert shown["shares"]["occurrence"] == "2026-02-05" and shown["shares"]["owed"] == []  # all three: done
    assert shown["occurrences"][1]["done_on"] == "2026-02-03"


# --- the grammar: half-years ----------------------------------------------------------------------


@pytest.mark.parametrize("text", ["每半年", "half-yearly", "semiannually"])
def test_half_yearly_is_the_calendar_half_year(text: str) -> None:
    from planctl.format.recurrence import Series

    occurrences = Series(parse_repeat(text), Window(D("2026-03-01"), D("2027-12-31"))).all()
    assert iso([o.window for o in occurrences]) == ["2026-03-01..2026-06-30", "2026-07-01..2026-12-31",
                                                    "2027-01-01..2027-06-30", "2027-07-01..2027-12-31"]


# --- the importer writes `repeat:` -----------------------------------------------------------------

IMPORTS = Path(__file__).parent / "fixtures" / "import"
DUTIES = """\
办公室2026年常规工作安排
一、日常运转(2026年1月1日至12月31日)
1.例会制度。每周一召开处务例会,通报上周工作。
2.信息报送。每月下旬报送工作信息;每季度末月28日前后召开1次季度分析会。
3.评估总结。每半年开展工作评估;每年12月31日前完成年度总结。
4.学习制度。每周一次集中学习;每旬报送学习简报;每月第一个周一召开支委会;每月第三周开展民主评议。
"""


def imported(document: Path, tmp_path: Path) -> tuple[Path, dict[str, Any], str]:
    out, report = tmp_path / "plan.yaml", tmp_path / "report.json"
    result = run_cli("import", str(document), "-o", str(out), "--report", str(report))
    assert result.exit_code == 0, result.stderr
    checked = run_cli("check", str(out), env={"PLANCTL_CACHE": "0"})
    assert checked.exit_code == 0, checked.stdout
    return out, json.loads(report.read_text(encoding="utf-8")), result.stderr


def repeats(plan: Path) -> dict[str, str | None]:
    loaded = plan_of(plan.read_text(encoding="utf-8"))
    found: dict[str, str | None] = {q_.title: (q_.repeat.text if q_.repeat else q_.period) for q_ in loaded.quotas()}
    # a task whose only content is one duty repeats itself (例会制度。每周一召开处务例会…): named by its note
    found.update({t.title: t.repeat.text for t in loaded.walk() if t.repeat})
    return found


def test_the_office_plans_standing_duties_are_imported_with_their_repeats(tmp_path: Path) -> None:
    plan, _report, _err = imported(IMPORTS / "office-annual-2026.txt", tmp_path)
    found = repeats(plan)
    assert found["汇总各科室任务进展"] == "每月5日前" and found["组织现场调研"] == "每季度末"
    summary = quota(plan_of(plan.read_text(encoding="utf-8")), "hzgksrwj")
    assert len(summary.period_windows) == 12 and summary.period_windows[1] == Window(D("2026-01-06"), D("2026-02-05"))


def test_the_seeds_weekly_study_stays_a_period(tmp_path: Path) -> None:
    plan, _report, _err = imported(IMPORTS / "seed.txt", tmp_path)
    assert "repeat:" not in plan.read_text(encoding="utf-8")  # 每周自学时间不少于8小时: period: week, as before
    assert "week" in repeats(plan).values()


def test_each_repeat_a_document_writes_is_read_by_the_loaders_grammar_and_the_rest_reported(tmp_path: Path) -> None:
    document = tmp_path / "duties.txt"
    document.write_text(DUTIES, encoding="utf-8")
    plan, report, err = imported(document, tmp_path)
    assert repeats(plan) == {
        "例会制度": "每周一", "报送工作信息": "每月下旬", "召开季度分析会": "每季度末月28日前后",
        "开展工作评估": "每半年", "完成年度总结": "每年12月31日前",
        "集中学习": "week",  # 每周一次: once a week, not on Mondays
        "报送学习简报": "每旬", "召开支委会": "每月第一个周一",
        "开展民主评议": "month",  # 每月第三周: read in part (a week of the month is no repeat yet): reported
    }
    unread = [(row["line"], row["reason"].split(";")[0]) for row in report["not_imported"]]
    assert unread == [(6, "'每月第三周' is not a repeat planctl reads yet")]
    assert "'每月第三周' is not a repeat planctl reads yet" in err


def test_a_weekly_quota_under_a_relative_task_keeps_the_plans_calendar_weeks() -> None:
    # a sibling of the repeat above: the periods a relative task passes down are cut as the loader cuts them
    head = HEAD.replace("phases:\n", "weeks: calendar\nphases:\n")
    weekly = quota(plan_of(head + _quota_after_meet("period: week", 7)), "weekly")
    assert iso(weekly.period_windows) == ["2026-04-01..2026-04-05", "2026-04-06..2026-04-12", "2026-04-13..2026-04-14"]


def test_the_branch_reports_example_reads_as_its_comments_say(tmp_path: Path) -> None:
    path = write(tmp_path, (Path(__file__).parents[1] / "docs" / "examples" / "branch-reports.yaml").read_text(encoding="utf-8"))
    ok("check", str(path))

    def rows(*who: str) -> dict[str, list[tuple[str, Any]]]:
        data = json.loads(ok("due", "--today", "2026-03-04", "--json", *who, "-f", str(path)))
        return {name: [(row["occurrence"]["day"], row.get("shares")) for row in found if row["id"] == "branch-report"]
                for name, found in data["sections"].items() if name != "quotas"}

    mine = rows("--who", "zhangwei")  # 机关党支部 reported February: only March is owed
    assert [day for section in mine.values() for day, _ in section] == ["2026-03-05"]
    theirs = rows("--who", "jiaowu")
    assert [day for section in theirs.values() for day, _ in section] == ["2026-02-05", "2026-03-05"]
    plan = plan_of(path.read_text(encoding="utf-8"))
    assert iso(quota(plan, "summary").period_windows[:2]) == ["2026-01-01..2026-01-05", "2026-01-06..2026-02-05"]


def test_a_repeat_that_never_falls_in_its_items_window_is_reported_and_the_plan_still_checks(tmp_path: Path) -> None:
    document = tmp_path / "short.txt"
    document.write_text("专项检查安排\n一、集中检查(2026年3月1日至3月10日)\n1.现场检查。每季度末组织现场调研。\n"
                        "二、整改(2026年3月11日至5月31日)\n1.整改落实。每周一召开整改例会。\n", encoding="utf-8")
    plan, report, _err = imported(document, tmp_path)  # `imported` runs check
    assert repeats(plan) == {"组织现场调研": "once", "整改落实": "每周一"}  # a one-off in the window
    assert [row["reason"] for row in report["not_imported"]] == [
        "'每季度末' never falls in the window of '现场检查'; write `repeat:` by hand"]
