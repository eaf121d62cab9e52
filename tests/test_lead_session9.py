"""Faults a fresh tester (h101) found in session 9, fixed by the lead; each test fails on the code before its fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli, write_plan
from planctl.format.loader import load_path
from planctl.output.cells import cell_width


@pytest.mark.parametrize("columns", [20, 30, 40])
def test_a_narrow_list_in_chinese_leaves_columns_out_as_in_english(tmp_path: Path, columns: int) -> None:
    # The columns to leave out were named in English and looked up among the Chinese headers: exit 70.
    path = write_plan(tmp_path)
    plan = load_path(path).plan
    assert plan is not None
    result = run_cli("list", "-f", str(path), "--today", "2009-04-12", env={"LANG": "zh_CN.UTF-8"}, columns=columns)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(cell_width(line) for line in lines) <= columns
    assert "时间段" not in result.stdout  # the window column is the second left out
    shown = {word for line in lines for word in line.split()}
    assert all(task.id in shown for task in plan.walk())


@pytest.mark.parametrize("where", ["root", "command"])
def test_shift_is_silent_with_quiet_as_every_other_writing_command(tmp_path: Path, where: str) -> None:
    path = write_plan(tmp_path)
    quiet = ["-q", "shift"] if where == "root" else ["shift", "-q"]
    result = run_cli(*quiet, "-f", str(path), "--to", "2010-03-01")
    assert result.exit_code == 0, result.stderr
    assert (result.stdout, result.stderr) == ("", "")
    assert "year: 2010" in path.read_text(encoding="utf-8")


ROLES_PLAN = """\
planctl: 1
title: 分工
year: 2026
roster:
  people:
    wang: 王丽
    zhao: 赵强
phases:
  - id: p
    title: 阶段
    when: 3月
    tasks:
      - id: a
        title: 召开协调会
        who: [wang, zhao]
        helpers: [wang, zhao]
"""


@pytest.mark.parametrize(("lang", "separator"), [("C", ", "), ("zh_CN.UTF-8", "、")])
def test_a_list_of_names_is_joined_in_the_readers_language(tmp_path: Path, lang: str, separator: str) -> None:
    # The English interface joined names with the Chinese 、 in `show` and `due` (tester h101).
    path = write_plan(tmp_path, ROLES_PLAN)
    env = {"LANG": lang, "PLANCTL_LANG": None}
    for command in (["show", "a"], ["due"]):
        result = run_cli(*command, "-f", str(path), "--today", "2026-03-10", env=env)
        assert result.exit_code == 0, result.stderr
        assert f"王丽{separator}赵强" in result.stdout, (command, result.stdout)
        other = "、" if separator == ", " else ", "
        assert f"王丽{other}赵强" not in result.stdout


def test_a_long_roster_is_not_listed_whole_in_a_hint(tmp_path: Path) -> None:
    # 200 people: the hint listed every one of them on one line (tester h101); it lists those that begin with
    # what was typed, then says how many more there are.
    people = "".join(f"    p{n:03d}: 人{n}\n" for n in range(200))
    text = ROLES_PLAN.replace("    wang: 王丽\n    zhao: 赵强\n", people).replace("[wang, zhao]", "[p000, p001]")
    path = write_plan(tmp_path, text)
    result = run_cli("done", "a", "-f", str(path), "--by", "p19", "--today", "2026-03-10")
    assert result.exit_code == 2
    hint = next(line for line in result.stderr.splitlines() if "roster's people" in line)
    assert "人190 (p190)" in hint and "人199 (p199)" in hint and "(p000)" not in hint
    assert "(and 190 others in the plan's roster)" in hint


@pytest.mark.parametrize(("command", "wanted", "foreign"), [
    (["report"], ".xlsx", ".ics"), (["export", "ics"], ".ics", ".xlsx"), (["export", "json"], ".json", ".ics")])
def test_a_yaml_output_name_is_refused_with_names_that_command_writes(tmp_path: Path, command: list[str], wanted: str,
                                                                      foreign: str) -> None:
    # `report -o w.YAML` suggested .svg, .ics and .json, which report cannot write (tester h101).
    path = write_plan(tmp_path)
    result = run_cli(*command, "-f", str(path), "-o", str(tmp_path / "w.YAML"), "--today", "2009-04-12")
    assert result.exit_code == 2
    hint = result.stderr.splitlines()[-1]
    assert wanted in hint and foreign not in hint, hint


@pytest.mark.parametrize(("written", "meant"), [("单位", "unit"), ("每人", "person"), ("全体", "all")])
def test_per_written_in_chinese_is_told_its_english_value(tmp_path: Path, written: str, meant: str) -> None:
    # `period: 每周` was told '周'; `per: 单位` was told nothing (tester h101). Both a task's and a quota's `per`.
    quota = f"    quotas:\n      - {{id: q, title: 学习, who: wang, per: {written}, target: 5, unit: 次}}\n"
    text = ROLES_PLAN + f"        per: {written}\n" + quota
    path = write_plan(tmp_path, text)
    result = run_cli("check", "-f", str(path))
    assert result.exit_code == 1
    told = [line for line in result.stdout.splitlines() if "'per' is one of" in line]
    assert len(told) == 2 and all(f"did you mean '{meant}'?" in line for line in told), result.stdout


NOBODY_PLAN = """\
planctl: 1
title: t
year: 2026
roster:
  people: {a: 甲}
  groups:
    g: {name: 空组, members: []}  # 待填写
phases:
  - id: p
    title: 阶段
    when: 3月
    who: g
    tasks:
      - {id: t, title: 任务}
    quotas:
      - {id: q, title: 学习, who: [], target: 5, unit: 次}
      - {id: q2, title: 学习2, who: g, per: person, target: 5, unit: 次}
"""


def test_an_empty_group_or_who_is_warned_where_it_is_written(tmp_path: Path) -> None:
    # An imported plan's `members: []  # 待填写` left unfilled made per-person quotas vanish from `due`
    # with `check` clean (tester h101).
    path = write_plan(tmp_path, NOBODY_PLAN)
    result = run_cli("check", "-f", str(path))
    assert result.exit_code == 0
    warnings = [line for line in result.stdout.splitlines() if ": warning: " in line]
    # q and q2; not the phase nor task t, which the group (an office's name) owes as a whole
    assert [w.split(":")[1] for w in warnings] == ["16", "17"], warnings
    assert "quota 'q' has an empty 'who'" in warnings[0]
    assert "quota 'q2' is owed by each person of group 空组 (g), which has no members yet" in warnings[1]


def test_every_json_writes_at_as_the_plan_file_does(tmp_path: Path) -> None:
    # `log --json` wrote …12:42:00.804000+00:00 where the file says .804+00:00 (tester h101).
    import json

    path = write_plan(tmp_path)
    env = {"PLANCTL_NOW": "2009-04-12T12:42:00.804+00:00"}
    done = run_cli("done", "theory", "-f", str(path), "--by", "sha", "--json", "--today", "2009-04-12", env=env)
    assert done.exit_code == 0, done.stderr
    assert "at: 2009-04-12T12:42:00.804+00:00}" in path.read_text(encoding="utf-8")
    log = run_cli("log", "-f", str(path), "--json", env=env)
    export = run_cli("export", "json", "-f", str(path), "--today", "2009-04-12", env=env)
    texts = [done.stdout, log.stdout, export.stdout]
    assert all("2009-04-12T12:42:00.804+00:00" in text for text in texts)
    assert not any(".804000" in text for text in texts)
    assert json.loads(log.stdout)


# Tester h106 (after the merges)

@pytest.mark.parametrize("option", ["--by", "--unit"])
def test_an_empty_by_or_unit_is_refused_not_read_as_absent(tmp_path: Path, option: str) -> None:
    # `--by "$WHO"` with $WHO empty recorded a completion by nobody, or by PLANCTL_BY's person.
    path = write_plan(tmp_path)
    before = path.read_bytes()
    result = run_cli("done", "theory", "-f", str(path), option, "", "--today", "2009-04-12", env={"PLANCTL_BY": "sha"})
    assert result.exit_code == 2 and f"{option} is empty" in result.stderr
    assert path.read_bytes() == before


def test_undo_without_a_journal_and_without_a_terminal_does_not_point_back_to_yes(tmp_path: Path) -> None:
    path = write_plan(tmp_path)
    assert run_cli("done", "theory", "-f", str(path), "--by", "sha", "--today", "2009-04-12").exit_code == 0
    import shutil

    shutil.rmtree(tmp_path / ".planctl-cache")
    result = run_cli("undo", "-f", str(path), input="")
    assert result.exit_code == 2
    assert "--yes" not in result.stderr.splitlines()[-1] and "by hand" in result.stderr.splitlines()[-1]
