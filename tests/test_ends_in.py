"""A task and a quota ending on the same day say the same "ends in N days" (one count: states.days_to_end;
one wording: output/words.ends_in). Before, a quota's row said "3 days left", counting today, beside a task
ending that day that said "ends in 2 days"."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import run_cli

PLAN = """\
planctl: 1
title: Office plan
year: 2009
roster:
  people:
    ann: Ann
phases:
  - id: work
    title: Work
    when: 2009-04-01..2009-04-30
    tasks:
      - id: draft
        title: Draft the report
        when: 2009-04-10..2009-04-14
        who: ann
    quotas:
      - id: reading
        title: Reading hours
        who: ann
        target: 10
        unit: h
        when: 2009-04-08..2009-04-14
"""

ZH = PLAN.replace("title: Office plan", "title: 办公室计划").replace("title: Work", "title: 学习阶段")


@pytest.fixture()
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    return path


def due_text(path: Path, today: str, lang: str = "C.UTF-8") -> str:
    result = run_cli("due", "--plan", str(path), "--today", today, env={"LANG": lang})
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_task_and_a_quota_ending_the_same_day_count_the_same_days(plan: Path) -> None:
    text = due_text(plan, "2009-04-12")
    task = re.search(r"Draft the report.*?ends in (\d+) days?", text, re.S)
    quota = re.search(r"Reading hours.*?ends in (\d+) days?", text, re.S)
    assert task is not None and quota is not None, text
    assert task.group(1) == quota.group(1) == "2", text
    assert "left" not in text.replace("2 h left", ""), text  # no "3 days left" beside it
    data = json.loads(run_cli("due", "--plan", str(plan), "--today", "2009-04-12", "--json").stdout)
    rows = [row for row in data["sections"]["quotas"] if row.get("id") == "reading" or row.get("quota") == "reading"]
    assert rows and all(row["days_left"] == 2 for row in rows), data["sections"]["quotas"]


def test_on_the_last_day_both_say_today_in_english_and_chinese(plan: Path) -> None:
    text = due_text(plan, "2009-04-14")
    assert "ends today" in text and "1 day left" not in text, text
    plan.write_text(ZH, encoding="utf-8")
    zh = due_text(plan, "2009-04-12", "zh_CN.UTF-8")
    assert zh.count("2 天后结束") == 2, zh  # the task's row and the quota's alike
    assert "还剩" not in zh, zh
    status = run_cli("status", "--plan", str(plan), "--today", "2009-04-12", env={"LANG": "zh_CN.UTF-8"}).stdout
    assert "04-08 … 04-14，2 天后结束" in status, status  # the quota's period, as the task's row counts
    show = run_cli("show", "draft", "--plan", str(plan), "--today", "2009-04-12", env={"LANG": "zh_CN.UTF-8"}).stdout
    assert "进行中，2 天后结束" in show, show
