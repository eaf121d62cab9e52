"""Amounts of time as Chinese plans and people write them (两小时半, 一刻钟, 三刻钟, 半个小时, 一个半钟头, 1.5小时,
90分钟, 一小时十五分…): one reading (format/units.py, `TIME_AMOUNT`) for `planctl done --amount` and for the
quotas `planctl import` reads from a document, so each form gives the same minutes on both paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli
from planctl.format.loader import load_path

# what is written → minutes
FORMS = {
    "两小时半": 150, "一刻钟": 15, "三刻钟": 45, "半个小时": 30, "一个半钟头": 90, "1.5小时": 90, "90分钟": 90,
    "一小时十五分": 75, "两个半小时": 150, "1个半小时": 90, "1.5个小时": 90, "一小时一刻钟": 75, "两个钟头": 120,
    "一小时三十分钟": 90, "两小时零五分": 125, "3刻钟": 45, "半小时": 30, "三十分钟": 30, "2小时30分": 150,
}

PLAN = """\
planctl: 1
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


def _done_minutes(tmp_path: Path, typed: str) -> float:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    result = run_cli("done", "q1", "-f", str(path), "--by", "wl", "--amount", typed, "--today", "2026-04-05")
    assert result.exit_code == 0, result.output
    plan = load_path(path).plan
    assert plan is not None
    (quota,) = [q for task in plan.walk() for q in task.quotas]
    return sum(entry.amount for entry in quota.log) * 60


def _imported_minutes(tmp_path: Path, written: str) -> float:
    document = tmp_path / "学习计划.txt"
    document.write_text(f"2026年党支部学习计划\n一、理论学习\n1. 自学。每名党员每周自学不少于{written}。\n", encoding="utf-8")
    out = tmp_path / "imported.yaml"
    result = run_cli("import", str(document), "-o", str(out), "--force")
    assert result.exit_code == 0, result.output
    plan = load_path(out).plan
    assert plan is not None
    quotas = [q for task in plan.walk() for q in task.quotas]
    assert len(quotas) == 1, f"{written}: {len(quotas)} quotas read"
    assert quotas[0].unit == "h"
    return quotas[0].target * 60


@pytest.mark.parametrize(("written", "minutes"), FORMS.items(), ids=list(FORMS))
def test_an_amount_of_time_gives_the_same_minutes_to_done_and_to_import(tmp_path: Path, written: str, minutes: int) -> None:
    done = _done_minutes(tmp_path, written)
    imported = _imported_minutes(tmp_path, written)
    assert round(done, 3) == minutes
    assert round(imported, 3) == minutes


@pytest.mark.parametrize("sentence", [
    "考试成绩不少于90分。",  # a score, not minutes
    "每周五下午3时召开例会。",  # a clock time, not an amount
    "每节课一百二十分钟。",  # 二十分钟 is part of a larger numeral
])
def test_a_score_a_clock_time_or_part_of_a_numeral_is_no_amount_of_time(tmp_path: Path, sentence: str) -> None:
    document = tmp_path / "计划.txt"
    document.write_text(f"2026年工作计划\n一、日常工作\n1. 例行工作。{sentence}\n", encoding="utf-8")
    out = tmp_path / "imported.yaml"
    assert run_cli("import", str(document), "-o", str(out), "--force").exit_code == 0
    plan = load_path(out).plan
    assert plan is not None
    assert not [q for task in plan.walk() for q in task.quotas if q.unit == "h"]


@pytest.mark.parametrize(("written", "characters"), [("3000字", 3000), ("3千字", 3000), ("五千字", 5000)])
def test_an_amount_of_characters_reads_the_same_in_import_as_in_done(tmp_path: Path, written: str, characters: int) -> None:
    document = tmp_path / "学习计划.txt"
    document.write_text(f"2026年学习计划\n一、理论学习\n1. 笔记。每名党员全年撰写学习笔记不少于{written}。\n", encoding="utf-8")
    out = tmp_path / "imported.yaml"
    assert run_cli("import", str(document), "-o", str(out), "--force").exit_code == 0
    plan = load_path(out).plan
    assert plan is not None
    assert [(q.target, q.unit) for task in plan.walk() for q in task.quotas] == [(characters, "字")]
