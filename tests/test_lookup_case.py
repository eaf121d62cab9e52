"""Naming an item (docs/plan-format.md "Naming an item"): an exact id or outline number, else one written
in another case when it is one item's, else a title; never silently the wrong item when ambiguous."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli
from planctl.errors import EXIT_USAGE, UsageError
from planctl.format.loader import load_bytes
from planctl.model import Plan
from planctl.status.lookup import find_item, find_phase

PLAN = """\
title: 测试计划
year: 2026
roster:
  people:
    zhang: 张伟
phases:
  - id: p1
    title: 第一阶段
    when: 4月
    tasks:
      - id: essay
        title: HW作业批改
        quotas:
          - id: hw
            title: 学习时长
            who: zhang
            target: 7
            unit: h
            period: week
"""


def load(text: str = PLAN) -> Plan:
    loaded = load_bytes("plan.yaml", text.encode("utf-8"))
    assert loaded.plan is not None and not loaded.errors, loaded.problems
    return loaded.plan


def test_an_id_in_another_case_names_its_item_before_a_title() -> None:
    plan = load()
    assert find_item(plan, "HW", specific=True).id == "hw"  # not the task titled HW作业批改
    assert find_item(plan, "1.1Q1").id == "hw"
    assert find_phase(plan, "P1").id == "p1"
    assert find_item(plan, "HW作业").id == "essay"  # a title still names its task


def test_an_id_two_items_share_in_other_cases_is_listed_not_guessed() -> None:
    plan = load(PLAN.replace("      - id: essay\n", "      - id: Hw\n"))
    with pytest.raises(UsageError) as raised:
        find_item(plan, "HW", specific=True)
    assert "'HW' is the id of 2 items written in other cases" in raised.value.message
    assert find_item(plan, "Hw").title == "HW作业批改"  # the exact id


@pytest.mark.parametrize("cached", [False, True])
def test_done_records_on_the_quota_named_in_another_case(tmp_path: Path, cached: bool) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    if cached:  # `done` then reads only the items it may answer with from the cache (store/record.py done_keep)
        assert run_cli("--today", "2026-04-08", "due", "-f", str(path)).exit_code == 0
    result = run_cli("--today", "2026-04-08", "done", "HW", "--by", "zhang", "--amount", "2", "-f", str(path))
    assert result.exit_code == 0, result.stderr
    assert "recorded: 1.1q1 hw 学习时长" in result.stdout + result.stderr


def test_done_on_an_ambiguous_case_records_nothing(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    text = PLAN.replace("      - id: essay\n", "      - id: Hw\n")
    path.write_text(text, encoding="utf-8")
    result = run_cli("--today", "2026-04-08", "done", "HW", "--by", "zhang", "-f", str(path))
    assert result.exit_code == EXIT_USAGE
    assert path.read_text(encoding="utf-8") == text


LOOSE = PLAN.replace("        title: HW作业批改\n", "        title: 学习 小组 🎉 讨论\n") + """\
      - id: ctl
        title: "控制\\x1b[2J字符"
"""


@pytest.mark.parametrize("typed", ["学习小组", "学习　小组", "学习小组🎉讨论", "学习  小组 🎉讨论"])
def test_a_title_typed_without_its_spaces_or_in_full_width_names_its_item(typed: str) -> None:
    assert find_item(load(LOOSE), typed, specific=True).id == "essay"


def test_a_title_copied_from_a_view_with_its_hidden_character_escaped_names_its_item(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(LOOSE, encoding="utf-8")
    result = run_cli("--today", "2026-04-08", "done", "控制\\x1b[2J字符", "-f", str(path))  # as check and list show it
    assert result.exit_code == 0, result.stderr
    assert "log:" in path.read_text(encoding="utf-8").split("id: ctl")[1]


def test_loose_matching_is_only_a_fallback_and_never_guesses_between_two() -> None:
    plan = load(LOOSE.replace("      - id: ctl\n", "      - id: other\n        title: 学习小组分享\n      - id: ctl\n"))
    assert find_item(plan, "学习小组").id == "other"  # a title holding it as typed wins
    assert find_item(plan, "学习 小组 ").id == "essay"  # held as typed by that title only
    with pytest.raises(UsageError) as raised:
        find_item(load(LOOSE.replace("title: 学习 小组 🎉 讨论", "title: 学习 小组 甲")
                       .replace("      - id: ctl\n", "      - id: b\n        title: 学习　小组 乙\n      - id: ctl\n")),
                  "学习小组")
    assert "in 2 titles" in raised.value.message
