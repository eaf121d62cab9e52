"""The lead's fixes of session 7 (2026-11-30), from tester 14's findings: each kept as a case."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_cli

PLAN = """planctl: 1
title: 测试计划
year: {year}
week1: 2025年9月1日
phases:
  - id: p1
    title: 第一阶段
    when: 2025年8月1日-2026年6月30日
    tasks:
      - id: t1
        title: 党员信息采集
        when: {when}
"""


def _plan(tmp_path: Path, when: str = "4月上旬", year: str = "2026") -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN.format(year=year, when=when), encoding="utf-8")
    return path


def _window(path: Path) -> list[str]:
    result = run_cli("show", "t1", "-f", str(path), "--json", "--today", "2026-03-01")
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    return [shown["window"]["start"], shown["window"]["end"]]


@pytest.mark.parametrize("year", ["2026年", '"2026"', "2026年度"])
def test_a_year_written_as_text_is_the_year(tmp_path: Path, year: str) -> None:
    path = _plan(tmp_path, year=year)
    result = run_cli("check", "-f", str(path))
    assert result.exit_code == 0, result.output
    assert _window(path) == ["2026-04-01", "2026-04-10"]


def test_a_year_that_is_no_year_is_one_error_not_two(tmp_path: Path) -> None:
    result = run_cli("check", "-f", str(_plan(tmp_path, year="明年")))
    assert result.exit_code == 1
    assert "'year' must be a number" in result.output
    assert "has no 'year:'" not in result.output  # the plan has one: it is wrong, not missing


def test_week_0_is_the_week_before_week_1(tmp_path: Path) -> None:
    path = _plan(tmp_path, when="第0周")
    assert run_cli("check", "-f", str(path)).exit_code == 0
    assert _window(path) == ["2025-08-25", "2025-08-31"]


def test_a_repeat_written_as_a_window_says_to_write_repeat(tmp_path: Path) -> None:
    result = run_cli("check", "-f", str(_plan(tmp_path, when="每月5日前")))
    assert result.exit_code == 1
    assert "is a repeat, not a window: write it as `repeat: 每月5日前`" in result.output
    assert "names no task" not in result.output


def test_a_holiday_before_is_told_to_write_a_day(tmp_path: Path) -> None:
    result = run_cli("check", "-f", str(_plan(tmp_path, when="国庆前")))
    assert result.exit_code == 1
    assert "write a day (10月1日前) or a task's id" in result.output


@pytest.mark.parametrize(("when", "told"), [
    ("2026/4/1", "2026/4/1 as 2026-04-01 or 2026年4月1日"),
    ("4/1-4/30", "4/1 as 4月1日 or 4.1, 4/30 as 4月30日 or 4.30"),
])
def test_a_slash_date_is_told_its_own_day_in_the_plan_s_forms(tmp_path: Path, when: str, told: str) -> None:
    result = run_cli("check", "-f", str(_plan(tmp_path, when=when)))
    assert result.exit_code == 1
    assert told in result.output
    assert "4月5日" not in result.output.split("closest accepted forms")[-1].split(";", 1)[-1]  # no other day


def test_the_slash_date_hint_reads_in_chinese(tmp_path: Path) -> None:
    result = run_cli("check", "-f", str(_plan(tmp_path, when="2026/4/1")), env={"LANG": "zh_CN.UTF-8", "LANGUAGE": ""})
    assert "计划中应这样写：2026/4/1 写成 2026-04-01 或 2026年4月1日" in result.output, result.output


def test_the_day_before_yesterday_is_a_typed_day(tmp_path: Path) -> None:
    path = _plan(tmp_path)
    result = run_cli("done", "t1", "-f", str(path), "--today", "2026-04-05", "--date", "前天")
    assert result.exit_code == 0, result.output
    assert "{date: 2026-04-03" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("code", ["en", "zh_CN"])
def test_a_full_width_y_is_yes(monkeypatch: pytest.MonkeyPatch, code: str) -> None:
    import io

    from planctl import i18n
    from planctl.cli.translate import confirm

    monkeypatch.setattr("sys.stdin", io.StringIO("ｙ\n"))
    with i18n.speaking(code):
        assert confirm("go?", default=False) is True


QUOTA_PLAN = """planctl: 1
title: 学习
year: 2026
roster:
  people:
    wl: 王丽
phases:
  - id: p1
    title: 阶段
    when: 2026年
    quotas:
      - id: q1
        title: 自学
        who: wl
        target: 100
        unit: h
"""


@pytest.mark.parametrize(("typed", "written"), [("半小时", "0.5"), ("一个半小时", "1.5"), ("两小时", "2"), ("三十分钟", "0.5")])
def test_an_amount_in_chinese_numerals_is_read(tmp_path: Path, typed: str, written: str) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(QUOTA_PLAN, encoding="utf-8")
    result = run_cli("done", "q1", "-f", str(path), "--by", "wl", "--amount", typed, "--today", "2026-04-05")
    assert result.exit_code == 0, result.output
    assert f"amount: {written}," in path.read_text(encoding="utf-8")


def test_an_amount_in_another_unit_is_named_as_typed(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(QUOTA_PLAN, encoding="utf-8")
    result = run_cli("done", "q1", "-f", str(path), "--by", "wl", "--amount", "三篇", "--today", "2026-04-05")
    assert result.exit_code == 2
    assert "'三篇' is not in this quota's unit" in result.output


@pytest.mark.parametrize("lang", ["C.UTF-8", "zh_CN.UTF-8"])
def test_the_starter_plan_points_to_the_help_a_user_has(tmp_path: Path, lang: str) -> None:
    path = tmp_path / "plan.yaml"
    assert run_cli("init", str(path), "--today", "2026-03-01", env={"LANG": lang, "LANGUAGE": ""}).exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert "`planctl help format`" in text and "docs/plan-format.md" not in text
    assert ("Chinese character" in text) or ("汉字开头" in text)


# --- tester 15 ------------------------------------------------------------------------------------


@pytest.mark.parametrize("when", ["每周一", "每月底", "每月上旬"])
def test_a_repeat_written_as_a_plain_window_says_to_write_repeat(tmp_path: Path, when: str) -> None:
    result = run_cli("check", "-f", str(_plan(tmp_path, when=when)))
    assert result.exit_code == 1
    assert f"'{when}' is a repeat, not a window: write it as `repeat: {when}`" in result.output, result.output


def test_the_week1_hint_names_the_plan_s_own_year(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN.format(year="2026", when="第3周").replace("week1: 2025年9月1日\n", ""), encoding="utf-8")
    result = run_cli("check", "-f", str(path))
    assert "add `week1: 2026年9月1日`" in result.output and "2025年9月1日" not in result.output, result.output


def test_a_heading_cut_without_a_clause_says_so(tmp_path: Path) -> None:
    document = tmp_path / "d.txt"
    document.write_text("2026年计划\n一、" + "全面从严治党主体责任落实情况专项检查与整改落实工作安排部署会议筹备" * 2 + "\n",
                        encoding="utf-8")
    out = tmp_path / "p.yaml"
    assert run_cli("import", str(document), "-o", str(out)).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "title cut to 30 characters (no clause ends sooner)" in text and "cut to its first clause" not in text
