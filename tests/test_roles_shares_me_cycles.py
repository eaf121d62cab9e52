"""Roles on recurring tasks in `due --who`, in the plan's own words; contradictory `done --by/--unit`
refused; a phase logged closes its per-unit shares in every view alike; `--who me` in every view;
a circle of waits follows only real waits."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, run_cli

EXAMPLES = ROOT / "docs" / "examples"

ROLES_PLAN = """\
planctl: 1
title: 角色
year: 2026
roster:
  people:
    wangli: 王丽
    lina: 李娜
  groups:
    keshi:
      name: 各科室
      members: [lina]
    leaders:
      name: 分管领导
      members: [lina]
phases:
  - id: routine
    title: 常规工作
    when: 2026年1月1日至12月31日
    tasks:
      - id: weekly
        title: 每周例会
        repeat: 每周一
        who: wangli
        配合: keshi
        报送: leaders
      - id: once
        title: 一次性工作
        when: 6月20日至6月30日
        who: wangli
        配合: keshi
"""


def copy(tmp_path: Path, name: str) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_bytes((EXAMPLES / name).read_bytes())
    return path


def due_json(path: Path, *args: str, env: dict[str, str | None] | None = None) -> Any:
    result = run_cli("due", "--plan", str(path), "--json", *args, env=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def held(path: Path, who: str) -> dict[str, set[tuple[str, ...]]]:
    rows = [row for rows in due_json(path, "--who", who, "--today", "2026-06-27")["sections"].values()
            for row in rows if "id" in row]
    found: dict[str, set[tuple[str, ...]]] = {}
    for row in rows:
        found.setdefault(row["id"], set()).add(tuple(row["held_roles"]))
    return found


def test_due_who_shows_the_roles_held_on_a_recurring_task_as_on_a_one_off(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(ROLES_PLAN, encoding="utf-8")
    assert held(path, "keshi") == {"weekly": {("helpers",)}, "once": {("helpers",)}}
    assert held(path, "leaders") == {"weekly": {("report_to",)}}
    text = run_cli("due", "--plan", str(path), "--who", "keshi", "--today", "2026-06-27",
                   env={"LANG": "zh_CN.UTF-8"}).stdout
    assert text.count("身份：配合") == 3 and "协助" not in text  # overdue, upcoming weekly rows and the one-off


@pytest.mark.parametrize(("args", "says"), [
    (("branch-life", "--by", "lina", "--unit", "houqin"), "not a member of 后勤党支部"),
    (("branch-life", "--by", "后勤党支部", "--unit", "jiguan"), "--unit names 机关党支部"),
    (("plan-submit", "--by", "dangwei"), "'dangwei' is a group (党委组织部), not a person"),
    (("essay", "--by", "jiguan"), "'jiguan' is a unit (机关党支部), not a person"),
])
def test_contradictory_by_and_unit_are_refused_and_nothing_is_written(tmp_path: Path, args: tuple[str, ...],
                                                                       says: str) -> None:
    path = copy(tmp_path, "branch-campaign.yaml")
    before = path.read_bytes()
    result = run_cli("done", *args, "--plan", str(path), env={"PLANCTL_TODAY": "2026-02-25"})
    assert result.exit_code == 2 and says in result.stderr, result.output
    assert path.read_bytes() == before


def test_by_naming_a_unit_says_so_rather_than_that_by_was_not_given(tmp_path: Path) -> None:
    path = copy(tmp_path, "branch-campaign.yaml")
    result = run_cli("done", "plan-submit", "--by", "后勤党支部", "--plan", str(path),
                     env={"PLANCTL_TODAY": "2026-02-25"})
    assert result.exit_code == 0, result.output
    assert "--by was not given" not in result.stderr and "names the unit 后勤党支部, not a person" in result.stderr
    member = run_cli("done", "branch-life", "--by", "lina", "--unit", "jiguan", "--plan", str(path),
                     env={"PLANCTL_TODAY": "2026-02-25"})
    assert member.exit_code == 0 and "for 机关党支部" in member.stderr


def test_a_logged_phase_closes_its_per_unit_shares_in_every_view_alike(tmp_path: Path) -> None:
    path = copy(tmp_path, "branch-campaign.yaml")
    logged = run_cli("done", "campaign", "--by", "zhangwei", "--yes", "--plan", str(path),
                     env={"PLANCTL_TODAY": "2026-02-25"})
    assert logged.exit_code == 0, logged.output
    text = run_cli("status", "--plan", str(path), "--today", "2026-02-25", columns=200).stdout
    assert "not yet" not in text and text.count("closed with 1 campaign (2026-02-25)") == 3
    shown = run_cli("show", "branch-life", "--plan", str(path), "--today", "2026-02-25").stdout
    assert "not yet" not in shown and "closed with 1 campaign" in shown
    rows = [row for rows in due_json(path, "--all", "--today", "2026-02-25")["sections"].values() for row in rows
            if row.get("id") == "branch-life"]
    assert rows and all(row["shares"]["owed"] == [] and row["shares"]["closed_by"]["id"] == "campaign" for row in rows)


@pytest.mark.parametrize("command", ["due", "status", "list", "timeline", "report", "log"])
def test_who_me_works_in_every_view(tmp_path: Path, command: str) -> None:
    path = copy(tmp_path, "branch-campaign.yaml")
    mine = run_cli(command, "--plan", str(path), "--who", "me", "--today", "2026-02-25", env={"PLANCTL_BY": "lina"})
    assert mine.exit_code == 0, mine.output
    theirs = run_cli(command, "--plan", str(path), "--who", "lina", "--today", "2026-02-25")
    assert mine.stdout == theirs.stdout


def test_who_me_when_planctl_cannot_tell_says_how_to_tell_it(tmp_path: Path) -> None:
    path = copy(tmp_path, "branch-campaign.yaml")
    unknown = run_cli("status", "--plan", str(path), "--who", "me", env={"PLANCTL_BY": "nobody"})
    assert unknown.exit_code == 2
    assert "--who me: planctl cannot tell who you are" in unknown.stderr and "planctl.user" in unknown.stderr


def test_a_task_dated_before_another_does_not_wait_for_it(tmp_path: Path) -> None:
    text = (EXAMPLES / "review-meeting.yaml").read_text(encoding="utf-8")
    mixed = text.replace("        when: 1月20日\n", "        when: 1月20日\n        after: rectify\n").replace(
        "        after: follow-up\n", "        after: report\n")
    path = tmp_path / "plan.yaml"
    path.write_text(mixed, encoding="utf-8")
    checked = run_cli("check", str(path))
    assert checked.exit_code == 0, checked.output
    chain = run_cli("status", "--plan", str(path), "--today", "2026-01-10", columns=200).stdout
    assert "↳ 1.3 dem-life" in chain and "waiting for rectify" in chain  # the loop is still drawn
    # a real circle of waits, and a circle of windows, are still errors
    path.write_text(mixed.replace("        after: report\n", "        after: dem-life\n"), encoding="utf-8")
    assert "tasks wait for each other in a circle: dem-life → rectify → dem-life" in run_cli("check", str(path)).stdout
    path.write_text(text.replace("        when: 1月20日\n", "        when: 3 days after report\n"), encoding="utf-8")
    assert "windows are placed relative to one another in a circle" in run_cli("check", str(path)).stdout
