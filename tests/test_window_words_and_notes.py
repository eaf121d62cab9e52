"""Tester findings on what planctl says: stacked window words named as such, one wording for a window
that does not parse or does not resolve, a report's unit words in its own language, and `done` on a
task that waits for an unfinished one."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli
from planctl.format import dates

PLAN = """\
title: 测试计划
year: 2026
roster:
  people:
    zhang: 张伟
phases:
  - id: p1
    title: 第一阶段
    when: 4月1日至6月30日
    tasks:
      - id: draft
        title: 起草方案
        when: {draft}
      - id: review
        title: 审议方案
        when: 4月20日前
        after: draft
        quotas:
          - id: hw
            title: 学习时长
            who: zhang
            target: 7
            unit: h
            period: week
            log:
              - {{date: 2026-04-14, by: zhang, amount: 3}}
"""


def write(tmp_path: Path, draft: str = "4月10日前") -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN.format(draft=draft), encoding="utf-8")
    return path


@pytest.mark.parametrize("written, words, choices", [
    ("4月10日前后左右", "'前后' and '左右'", "'4月10日前后' or '4月10日左右'"),
    ("4月10日左右前", "'左右' and '前'", "'4月10日左右' or '4月10日前'"),
    ("4月10日之前前后", "'之前' and '前后'", "'4月10日之前' or '4月10日前后'"),
    ("4月10日左右起", "'左右' and '起'", "'4月10日左右' or '4月10日起'"),
    ("4月上旬左右前", "'左右' and '前'", "'4月上旬前'"),  # 左右 goes with one day: only 前 makes a window
])
def test_two_stacked_window_words_are_named_as_clashing(written: str, words: str, choices: str) -> None:
    with pytest.raises(dates.DateError) as raised:
        dates.parse_when(written)
    assert str(raised.value) == f"cannot read '{written}': {words} clash (each ends a window on its own); write {choices}"


def test_a_word_written_twice_is_still_said_so() -> None:
    with pytest.raises(dates.DateError, match="it writes '左右' twice; write '4月10日左右'"):
        dates.parse_when("4月10日左右左右")


@pytest.mark.parametrize("lang, expected", [
    ("C", "task 1.1's window: cannot read '4月10日前后左右': '前后' and '左右' clash (each ends a window on its own)"),
    ("zh_CN.UTF-8", "任务 1.1 的时间段：无法读取 '4月10日前后左右'：'前后'、'左右' 冲突"),
])
def test_check_names_the_clash_in_each_language(tmp_path: Path, lang: str, expected: str) -> None:
    result = run_cli("check", "-f", str(write(tmp_path, "4月10日前后左右")), env={"LANG": lang})
    assert result.exit_code == 1
    assert f"plan.yaml:13:15: {'error' if lang == 'C' else '错误'}" in result.stdout
    assert expected in result.stdout, result.stdout


@pytest.mark.parametrize("lang, parsed, resolved", [
    ("C", "task 1.1's window: no day 40 in '4月40日'", "task 1.1's window: 2026-02 has 28 days, not 30"),
    ("zh_CN.UTF-8", "任务 1.1 的时间段：'4月40日' 中没有 40 日", "任务 1.1 的时间段：2026年2月只有 28 天，没有 30 日"),
])
def test_a_window_that_does_not_resolve_is_named_as_one_that_does_not_parse(tmp_path: Path, lang: str, parsed: str,
                                                                             resolved: str) -> None:
    for written, expected in (("4月40日", parsed), ("2月30日", resolved)):
        result = run_cli("check", "-f", str(write(tmp_path, written)), env={"LANG": lang})
        assert result.exit_code == 1
        assert expected in result.stdout, result.stdout


@pytest.mark.parametrize("lang", ["C", "zh_CN.UTF-8"])
def test_a_chinese_report_says_hours_in_chinese_whatever_the_interface(tmp_path: Path, lang: str) -> None:
    result = run_cli("--today", "2026-04-15", "report", "-f", str(write(tmp_path)), env={"LANG": lang})
    assert result.exit_code == 0, result.stderr
    assert "3 小时" in result.stdout and "7 小时" in result.stdout
    assert " h " not in result.stdout and not any(line.endswith(" h") for line in result.stdout.splitlines())


def test_an_english_report_says_h_under_a_chinese_interface(tmp_path: Path) -> None:
    path = write(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace("title: 测试计划", "title: Study plan"), encoding="utf-8")
    result = run_cli("--today", "2026-04-15", "report", "-f", str(path), env={"LANG": "zh_CN.UTF-8"})
    assert result.exit_code == 0, result.stderr
    assert "3 h" in result.stdout and "小时" not in result.stdout


@pytest.mark.parametrize("lang, note", [
    ("C", "planctl: note: review waits for draft 起草方案, not finished on 2026-04-15; recorded all the same"),
    ("zh_CN.UTF-8", "planctl：注意：review 等待的 draft 起草方案在 2026-04-15 尚未完成；仍已记录"),
])
def test_done_on_a_task_that_waits_records_it_with_a_note(tmp_path: Path, lang: str, note: str) -> None:
    path = write(tmp_path)
    result = run_cli("--today", "2026-04-15", "done", "review", "--by", "zhang", "-f", str(path), env={"LANG": lang})
    assert result.exit_code == 0, result.stderr
    assert note in result.stdout + result.stderr
    assert "{date: 2026-04-15, by: zhang" in path.read_text(encoding="utf-8")
    again = run_cli("--today", "2026-04-15", "done", "draft", "--by", "zhang", "-f", str(path), env={"LANG": lang})
    assert "waits for" not in again.stdout + again.stderr and "等待" not in again.stdout + again.stderr


@pytest.mark.parametrize("lang, parsed, resolved", [
    ("C", "quota 1.2q1's period 2: no day 40 in '4月40日'", "quota 1.2q1's period 2: 2026-02 has 28 days, not 30"),
    ("zh_CN.UTF-8", "配额 1.2q1 的第 2 期：'4月40日' 中没有 40 日", "配额 1.2q1 的第 2 期：2026年2月只有 28 天，没有 30 日"),
])
def test_a_period_of_a_list_is_named_alike_whether_it_does_not_parse_or_resolve(tmp_path: Path, lang: str, parsed: str,
                                                                                 resolved: str) -> None:
    for written, expected in (("4月40日", parsed), ("2月30日", resolved)):
        path = write(tmp_path)
        text = path.read_text(encoding="utf-8").replace("            period: week\n",
                                                          f"            periods: [1月5日前, {written}]\n")
        path.write_text(text.replace("4月1日至6月30日", "全年"), encoding="utf-8")
        result = run_cli("check", "-f", str(path), env={"LANG": lang})
        assert result.exit_code == 1
        assert expected in result.stdout, result.stdout
