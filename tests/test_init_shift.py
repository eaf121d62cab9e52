"""`planctl init` (a starter plan that passes check) and `planctl shift` (exact text before and after)."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import PLAN, run_cli
from planctl.format.loader import load_path, load_source
from planctl.format.source import Source
from planctl.store import shift as shifting
from planctl.store.starter import starter_plan


def run(*args: str) -> tuple[int, str, str]:
    result = run_cli(*args)
    return result.exit_code, result.stdout, result.stderr


# --- init ----------------------------------------------------------------------------------------


def test_init_writes_a_commented_plan_that_passes_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run("init", "--today", "2026-11-25")
    assert code == 0 and out == ""
    assert err == "wrote plan.yaml: edit it, then run 'planctl check'\n"
    text = (tmp_path / "plan.yaml").read_text(encoding="utf-8")
    assert text == starter_plan(date(2026, 11, 25))
    assert text.startswith("# A planctl plan.") and text.count("\n#") >= 10
    assert "when: 2026-11-25..2026-12-08" in text and "when: 12月4日前" in text and "when: 2027年1月上旬至2月下旬" in text
    assert run("check") == (0, "plan.yaml: OK (2 phases, 3 tasks, 1 quota)\n", "")


def test_init_refuses_to_overwrite_without_force(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plan.yaml").write_text("title: mine\n", encoding="utf-8")
    code, out, err = run("init")
    assert code == 2 and out == ""
    assert err == "planctl: error: plan.yaml already exists; nothing was written\nplanctl: hint: use --force to replace it\n"
    assert (tmp_path / "plan.yaml").read_text(encoding="utf-8") == "title: mine\n"
    assert run("init", "--force", "--today", "2009-03-01")[0] == 0
    assert (tmp_path / "plan.yaml").read_text(encoding="utf-8") == starter_plan(date(2009, 3, 1))


def test_init_into_a_folder_or_a_named_file(tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    assert run("init", str(tmp_path / "plans"))[0] == 0
    assert (tmp_path / "plans" / "plan.yaml").is_file()
    assert run("init", str(tmp_path / "next-year.yaml"))[0] == 0
    assert not load_path(tmp_path / "next-year.yaml").problems
    code, _, err = run("init", str(tmp_path / "missing" / "plan.yaml"))  # a new folder is made, as git init does
    assert code == 0 and (tmp_path / "missing" / "plan.yaml").is_file()


def test_init_keeps_the_umask_mode(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        run("init", str(tmp_path / "plan.yaml"))
    finally:
        os.umask(old)
    assert (tmp_path / "plan.yaml").stat().st_mode & 0o777 == 0o644


@settings(max_examples=40, deadline=None)
@given(st.dates(min_value=date(1901, 1, 1), max_value=date(2998, 10, 1)))
def test_the_starter_plan_is_clean_on_any_day(day: date) -> None:
    loaded = load_source(Source("plan.yaml", starter_plan(day)))
    assert loaded.problems == []
    assert loaded.plan is not None and loaded.plan.phases[0].window is not None
    assert loaded.plan.phases[0].window.start == day


# --- shift: exact text ---------------------------------------------------------------------------

PLAN_A = """\
# A plan to move.
title: 测试计划
year: 2009
roster:
  people: {zhangwei: 张伟}
phases:
  - id: prep
    title: 准备
    when: 2009年3月1日至3月31日  # the whole of March
    tasks:
      - id: kickoff
        title: 动员
        when: 3月上旬
      - id: topics
        title: 课题
        when: 3月20日前
      - id: report
        title: 报告
        when: '3月21日-25日'
  - id: study
    title: 学习
    when: 4月初-4月底
    quotas:
      - {id: sessions, title: 集中学习, who: zhangwei, periods: [4月上旬, 4月下旬], target: 1, unit: 次}
      - id: hours
        title: 自学
        who: zhangwei
        per: person
        period: week
        target: 8
        unit: h
        when: "4月"
        log:
          - {date: 2009-04-03, by: zhangwei, amount: 2}
"""


def write(tmp_path: Path, text: str, name: str = "plan.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def shifted(path: Path, *args: str) -> str:
    code, out, err = run("shift", "--keep-logs", "--plan", str(path), *args)
    assert code == 0, err
    return path.read_text(encoding="utf-8")


def test_a_month_move_keeps_month_forms_and_moves_days_by_months(tmp_path: Path) -> None:
    path = write(tmp_path, PLAN_A)
    code, out, err = run("shift", "--keep-logs", "--plan", str(path), "--to", "2009-04-01")
    assert (code, err) == (0, "")
    assert out == f"moved the plan forward 1 month: 2009-03-01 → 2009-04-01, 8 written windows in {path}\n"
    assert path.read_text(encoding="utf-8") == """\
# A plan to move.
title: 测试计划
year: 2009
roster:
  people: {zhangwei: 张伟}
phases:
  - id: prep
    title: 准备
    when: 2009年4月1日至4月30日  # the whole of March
    tasks:
      - id: kickoff
        title: 动员
        when: 4月上旬
      - id: topics
        title: 课题
        when: 4月20日前
      - id: report
        title: 报告
        when: '4月21日-25日'
  - id: study
    title: 学习
    when: 5月初-5月底
    quotas:
      - {id: sessions, title: 集中学习, who: zhangwei, periods: [5月上旬, 5月下旬], target: 1, unit: 次}
      - id: hours
        title: 自学
        who: zhangwei
        per: person
        period: week
        target: 8
        unit: h
        when: "5月"
        log:
          - {date: 2009-04-03, by: zhangwei, amount: 2}
"""


def test_a_move_by_days_writes_dekads_as_days_in_the_same_style(tmp_path: Path) -> None:
    path = write(tmp_path, PLAN_A)
    assert shifted(path, "--to", "2009-03-08") == """\
# A plan to move.
title: 测试计划
year: 2009
roster:
  people: {zhangwei: 张伟}
phases:
  - id: prep
    title: 准备
    when: 2009年3月8日至4月7日  # the whole of March
    tasks:
      - id: kickoff
        title: 动员
        when: 3月8日至3月17日
      - id: topics
        title: 课题
        when: 3月27日前
      - id: report
        title: 报告
        when: '3月28日-4月1日'
  - id: study
    title: 学习
    when: 4月8日-5月7日
    quotas:
      - {id: sessions, title: 集中学习, who: zhangwei, periods: [4月8日至4月17日, 4月28日至5月7日], target: 1, unit: 次}
      - id: hours
        title: 自学
        who: zhangwei
        per: person
        period: week
        target: 8
        unit: h
        when: "4月8日至5月7日"
        log:
          - {date: 2009-04-03, by: zhangwei, amount: 2}
"""


def test_next_year_changes_the_year_and_the_dates_that_carry_one(tmp_path: Path) -> None:
    path = write(tmp_path, PLAN_A)
    code, out, _ = run("shift", "--keep-logs", "--plan", str(path), "--to", "2010-03-01")
    assert out.endswith("8 written windows in " + str(path) + "; year 2009 → 2010\n")
    assert path.read_text(encoding="utf-8") == PLAN_A.replace("year: 2009", "year: 2010").replace(
        "when: 2009年3月1日至3月31日", "when: 2010年3月1日至3月31日")


def test_a_phase_alone_keeps_the_year_and_writes_it_where_needed(tmp_path: Path) -> None:
    path = write(tmp_path, PLAN_A)
    code, out, _ = run("shift", "--keep-logs", "--plan", str(path), "--phase", "study", "--to", "2010-01-01")
    assert out == f"moved phase 'study' forward 9 months: 2009-04-01 → 2010-01-01, 4 written windows in {path}\n"
    assert path.read_text(encoding="utf-8") == PLAN_A.replace("when: 4月初-4月底", "when: 2010年1月初-1月底").replace(
        "periods: [4月上旬, 4月下旬]", "periods: [2010年1月上旬, 2010年1月下旬]").replace('when: "4月"', 'when: "2010年1月"')


def test_a_phase_by_number_or_title(tmp_path: Path) -> None:
    path = write(tmp_path, PLAN_A)
    text = shifted(path, "-p", "1", "--to", "2009-03-02")
    assert "when: 2009年3月2日至4月1日" in text and "when: 3月2日至3月11日" in text and "when: 4月初-4月底" in text
    path = write(tmp_path, PLAN_A)
    assert "5月初-5月底" in shifted(path, "--phase", "学习", "--to", "5月1日")


def test_iso_forms_stay_iso(tmp_path: Path) -> None:
    plan = """\
title: iso
phases:
  - id: a
    title: A
    when: 2024-01-29..2024-02-29
    tasks:
      - id: b
        title: B
        when: 2024-02
      - id: c
        title: C
        when: 2024-02-10前
"""
    path = write(tmp_path, plan)
    assert shifted(path, "--to", "2025-01-29") == plan.replace("2024-01-29..2024-02-29", "2025-01-29..2025-02-28").replace(
        "when: 2024-02\n", "when: 2025-02\n").replace("2024-02-10前", "2025-02-10前")
    path = write(tmp_path, plan)
    assert shifted(path, "--to", "2024-02-05") == plan.replace("2024-01-29..2024-02-29", "2024-02-05..2024-03-07").replace(
        "when: 2024-02\n", "when: 2024-02-08..2024-03-07\n").replace("2024-02-10前", "2024-02-17前")


CROSS = """\
title: t
year: 2009
phases:
  - id: a
    title: 甲
    when: 12月20日-12月31日
    tasks:
      - id: b
        title: 乙
        when: 12月下旬
  - id: c
    title: 丙
    when: 2010年1月上旬
"""


def test_across_new_year_the_year_follows_most_dates(tmp_path: Path) -> None:
    path = write(tmp_path, CROSS)
    assert shifted(path, "--to", "2010-01-03") == """\
title: t
year: 2010
phases:
  - id: a
    title: 甲
    when: 1月3日-1月14日
    tasks:
      - id: b
        title: 乙
        when: 1月4日至1月14日
  - id: c
    title: 丙
    when: 2010年1月15日至1月24日
"""
    assert shifted(path, "--to", "2009-12-20") == CROSS.replace("12月下旬", "12月21日至12月31日").replace(
        "2010年1月上旬", "2010年1月1日至1月10日")


def test_a_range_end_gets_a_year_when_it_leaves_the_starts(tmp_path: Path) -> None:
    path = write(tmp_path, CROSS.replace("when: 12月20日-12月31日", "when: 2009年12月20日-12月31日"))
    text = shifted(path, "--phase", "a", "--to", "2009-12-25")
    assert "when: 2009年12月25日-2010年1月5日" in text and "when: 12月26日至2010年1月5日" in text
    assert "year: 2009" in text


def test_completions_are_never_moved_and_keep_their_year(tmp_path: Path) -> None:
    plan = "title: t\nyear: 2009\nphases:\n  - id: a\n    title: 甲\n    when: 3月1日-3月10日\n    log:\n      - {date: 3月5日}\n"
    path = write(tmp_path, plan)
    code, out, _ = run("shift", "--keep-logs", "--plan", str(path), "--to", "2010-03-01")
    assert out.endswith("; kept year 2009: some completion dates are written without a year\n")
    assert path.read_text(encoding="utf-8") == plan.replace("when: 3月1日-3月10日", "when: 2010年3月1日-3月10日")
    reread = load_path(path).plan
    assert reread is not None and reread.phases[0].log[0].date == date(2009, 3, 5)


def test_crlf_bom_comments_and_quotes_are_kept(tmp_path: Path) -> None:
    text = "\ufeff# 注释\r\ntitle: t\r\nyear: 2009\r\nphases:\r\n  - id: a   # a phase\r\n    title: 甲\r\n" \
           "    when: \"4月上旬\"   # quoted\r\n    tasks:\r\n      - {id: b, title: 乙, when: '4月5日前'}\r\n"
    path = tmp_path / "plan.yaml"
    path.write_bytes(text.encode("utf-8"))
    shifted(path, "--to", "2009-05-01")
    assert path.read_bytes() == text.replace("4月上旬", "5月上旬").replace("4月5日前", "5月5日前").encode("utf-8")


def test_dry_run_prints_a_unified_diff_and_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, CROSS)
    code, out, err = run("shift", "--to", "2010-12-20", "--dry-run")
    assert code == 0
    assert out == """\
--- a/plan.yaml
+++ b/plan.yaml
@@ -1,5 +1,5 @@
 title: t
-year: 2009
+year: 2010
 phases:
   - id: a
     title: 甲
@@ -10,4 +10,4 @@
         when: 12月下旬
   - id: c
     title: 丙
-    when: 2010年1月上旬
+    when: 2011年1月上旬
"""
    assert err == "would move the plan forward 12 months: 2009-12-20 → 2010-12-20, 3 written windows in plan.yaml; " \
                  "year 2009 → 2010\n"
    assert (tmp_path / "plan.yaml").read_text(encoding="utf-8") == CROSS


def test_nothing_to_do_and_refusals(tmp_path: Path) -> None:
    path = write(tmp_path, PLAN_A)
    assert run("shift", "--keep-logs", "--plan", str(path), "--to", "2009-03-01") == (
        0, "", f"{path} already starts there; nothing to shift\n")
    code, _, err = run("shift", "--keep-logs", "--plan", str(path), "--to", "someday")
    assert code == 2 and "--to: cannot read 'someday'" in err
    code, _, err = run("shift", "--keep-logs", "--plan", str(path), "--phase", "nope", "--to", "2010-01-01")
    assert code == 2 and "no phase 'nope'" in err
    code, _, err = run("shift", "--keep-logs", "--plan", str(path), "--to", "3100-01-01")
    assert code == 2 and "year would become 3100" in err
    for far in ("9999-12-25", "0001-01-02"):
        code, _, err = run("shift", "--keep-logs", "--plan", str(path), "--phase", "study", "--to", far)
        assert code == 2 and "would run off the calendar" in err, err
    code, _, err = run("shift", "--plan", str(path))
    assert code == 2 and "--to" in err
    bad = write(tmp_path, PLAN_A.replace("title: 课题", "titel: 课题"), "bad.yaml")
    code, _, err = run("shift", "--plan", str(bad), "--to", "2010-01-01")
    assert code == 1 and "unknown key 'titel'" in err
    assert path.read_text(encoding="utf-8") == PLAN_A


def test_a_window_over_several_lines_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "title: t\nyear: 2009\nphases:\n  - id: a\n    title: 甲\n    when: 4月1日至\n      4月5日\n")
    code, _, err = run("shift", "--keep-logs", "--plan", str(path), "--to", "2009-05-01")
    assert code == 1 and "not written on one line" in err


# --- shift: the bundled plan, and any day ------------------------------------------------------------


def windows(path: Path) -> dict[str, tuple[date, date]]:
    plan = load_path(path).plan
    assert plan is not None
    return {item.id: (item.window.start, item.window.end) for item in plan.items() if item.window is not None}


def test_the_bundled_plan_next_year(tmp_path: Path) -> None:
    path = write(tmp_path, PLAN.read_text(encoding="utf-8"))
    before = windows(path)
    text = shifted(path, "--to", "2010-03-01")
    assert run("check", str(path))[0] == 0
    after = windows(path)
    assert after == {k: (s.replace(year=2010), e.replace(year=2010)) for k, (s, e) in before.items()}
    changed = [(a, b) for a, b in zip(PLAN.read_text(encoding="utf-8").splitlines(), text.splitlines(), strict=True) if a != b]
    assert changed[0] == ("year: 2009", "year: 2010")
    assert all(a.replace("2009年", "2010年") == b for a, b in changed[1:])
    assert len(changed) == 1 + sum("2009年" in line for line in PLAN.read_text(encoding="utf-8").splitlines())


_BUNDLED = PLAN.read_text(encoding="utf-8")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2900, 12, 31)))
def test_the_bundled_plan_moves_to_any_day(day: date) -> None:
    loaded = load_source(Source("plan.yaml", _BUNDLED))
    result = shifting.shift(loaded, day)  # verified inside: everything but dates unchanged, every window moved
    plan = load_source(Source("plan.yaml", result.text)).plan
    assert plan is not None
    assert min(i.window.start for i in plan.items() if i.window is not None) == day
    if result.move.months is None:
        delta = timedelta(days=result.move.days)
        old = load_source(Source("plan.yaml", _BUNDLED)).plan
        assert old is not None
        for before, after in zip(old.items(), plan.items(), strict=True):
            assert after.window == shifting.Window(before.window.start + delta, before.window.end + delta)  # type: ignore[union-attr]


@settings(max_examples=200, deadline=None)
@given(text=st.text(st.sampled_from("ab\n年"), max_size=30), data=st.data())
def test_shifts_edits_made_in_one_pass_are_the_edits_made_one_by_one(text: str, data: st.DataObject) -> None:
    """shift._applied (one pass over the text, not a copy of it per window) gives what applying each
    edit in turn, from the last, gives."""
    from planctl.store.shift import _applied
    from planctl.store.writer import Edit

    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=8, unique=True)))  # one edit a place
    edits = [Edit(at, data.draw(st.integers(0, end - at)), data.draw(st.text(st.sampled_from("xy\n"), max_size=3)))
             for at, end in zip(cuts, [*cuts[1:], len(text)][: len(cuts)], strict=True)]
    one_by_one = text
    for edit in sorted(edits, key=lambda e: e.offset, reverse=True):
        one_by_one = edit.apply(one_by_one)
    assert _applied(text, data.draw(st.permutations(edits))) == one_by_one
