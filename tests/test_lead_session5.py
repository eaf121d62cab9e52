"""The lead's fixes of session 5 (2026-11-30): what first-time testers found, each kept as a case."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from conftest import run_cli
from terminal import screen_answering, terminal_env

SEED = Path(__file__).resolve().parent.parent / "plan.yaml"


def test_ctrl_c_at_dones_question_ends_the_question_line_before_saying_interrupted(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    shutil.copy(SEED, plan)
    before = plan.read_bytes()
    env = terminal_env(LANG="C", LANGUAGE="", PLANCTL_LANG="", NO_COLOR="1", PLANCTL_CACHE="0")
    command = f"{sys.executable} -m planctl done prep --date 2009-03-30 -f {plan}"
    shown = screen_answering(command, env, prompt="[y/N]", keys="C-c", done="RC=")
    assert "RC=130" in shown, shown
    assert any(line.startswith("planctl: interrupted") for line in shown.splitlines()), shown
    assert plan.read_bytes() == before


QUOTA_HEADING = """2026年处室工作计划
一、学习教育（3月1日-12月31日）
（一）每月集中学习不少于2次
（二）撰写心得体会
全体党员4月上旬前完成心得体会。
"""


def test_a_heading_that_only_states_a_quota_is_its_phases_quota_not_a_task_owned_by_no_one(tmp_path: Path) -> None:
    from planctl.format.loader import load_bytes

    document = tmp_path / "doc.txt"
    document.write_text(QUOTA_HEADING, encoding="utf-8")
    ran = run_cli("import", str(document), "-o", str(tmp_path / "plan.yaml"))
    assert ran.exit_code == 0, ran.stderr
    plan = load_bytes("plan.yaml", (tmp_path / "plan.yaml").read_bytes()).plan
    assert plan is not None
    phase = plan.phases[0]
    assert [task.title for task in phase.tasks] == ["撰写心得体会"]
    assert [(quota.period, quota.target, quota.unit) for quota in phase.quotas] == [("month", 2, "次")]
    assert phase.quotas[0].note == "每月集中学习不少于2次"  # the heading's words are kept


KEYED = "planctl: 1\ntitle: t\nyear: 2009\nphases:\n  - id: p\n    title: x\n    when: 2009-03-01..2009-03-31\n"


@pytest.mark.parametrize("key", ["[a, b]: 1", "? [a, b]\n    : 1", "? {a: 1}\n    : 1", "[a]: [b]"])
@pytest.mark.parametrize("command", [["check"], ["due", "--today", "2009-03-10"], ["done", "p", "--date", "2009-03-10"]])
def test_a_list_or_mapping_as_a_key_is_a_located_error_not_an_internal_one(tmp_path: Path, key: str,
                                                                          command: list[str]) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(KEYED + f"    {key}\n", encoding="utf-8")
    ran = run_cli(*command, "-f", str(plan), env={"PLANCTL_CACHE": "0"})
    said = ran.stdout + ran.stderr
    assert ran.exit_code == 1, said
    assert "plan.yaml:8:" in said and "a key must be plain text, not a list or a mapping" in said, said
    assert "internal error" not in said


def test_a_plan_saved_as_utf16_is_named_so(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(KEYED.encode("utf-16"))  # with its BOM, as Notepad's "Unicode" writes it
    ran = run_cli("check", str(plan))
    said = ran.stdout + ran.stderr
    assert ran.exit_code == 1 and "saved as UTF-16" in said and "save it as UTF-8" in said, said


def test_a_key_over_yamls_1024_characters_is_said_as_too_long_at_its_start(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(KEYED + "    " + "k" * 1100 + ": 1\n", encoding="utf-8")
    ran = run_cli("check", str(plan))
    said = ran.stdout + ran.stderr
    assert ran.exit_code == 1, said
    assert "plan.yaml:8:5:" in said and "this key is 1,100 characters long" in said, said


KEEP = """planctl: 1
title: t
year: 2009
roster:
  people:
    p1: 张伟
phases:
  - id: ph1
    title: 第一阶段
    when: 2009-03-01..2009-04-30
    tasks:
      - id: b
        title: 乙
        when: 2009-03-09..2009-03-11
        who: p1
        note: {header}
          保留


    quotas: []
"""


@pytest.mark.parametrize("header", ["|+", ">+", "|2+", "|+  # 末尾空行也是备注"])
def test_done_on_a_task_ending_in_a_note_that_keeps_its_blank_lines_adds_the_log_before_it(tmp_path: Path,
                                                                                      header: str) -> None:
    from planctl.format.loader import load_bytes

    plan = tmp_path / "plan.yaml"
    text = KEEP.replace("{header}", header)
    plan.write_text(text, encoding="utf-8")
    note_before = load_bytes("plan.yaml", plan.read_bytes()).plan.find("b").note  # type: ignore[union-attr]
    ran = run_cli("done", "b", "--by", "p1", "--date", "2009-03-10", "-f", str(plan), env={"PLANCTL_CACHE": "0"})
    assert ran.exit_code == 0, ran.stdout + ran.stderr
    after = plan.read_text(encoding="utf-8")
    added = [line for line in after.splitlines() if line not in text.splitlines()]
    assert added == ["        log:", "          - {date: 2009-03-10, by: p1, at: " + added[1].split("at: ")[1]], added
    reread = load_bytes("plan.yaml", plan.read_bytes()).plan
    assert reread is not None and reread.find("b").note == note_before  # type: ignore[union-attr]
    assert run_cli("undo", "-y", "-f", str(plan), env={"PLANCTL_CACHE": "0"}).exit_code == 0
    assert plan.read_text(encoding="utf-8") == text


WINDOWLESS_PHASES = """planctl: 1
title: t
year: 2009
phases:
  - id: ph1
    title: 第一阶段
    tasks:
      - id: a
        title: 甲
        when: 2009-03-05..2009-03-08
        tasks:
          - {id: a1, title: 甲一, when: 2009-03-05..2009-03-06}
          - {id: a2, title: 甲二, when: 2009-03-07..2009-03-08}
      - {id: b, title: 乙, when: 2009-03-09..2009-03-26}
  - id: ph2
    title: 第二阶段
    tasks:
      - {id: c, title: 丙, when: 3月中旬}
      - {id: d, title: 丁, when: 4月5日前}
"""


@pytest.mark.parametrize("today, states", [("2009-03-03", ["not started", "not started"]),
                                           ("2009-03-20", ["active", "active"]),
                                           ("2009-05-03", ["late", "late"])])
def test_a_phase_without_a_window_is_judged_by_the_span_of_its_tasks(tmp_path: Path, today: str,
                                                                      states: list[str]) -> None:
    import json

    plan = tmp_path / "plan.yaml"
    plan.write_text(WINDOWLESS_PHASES, encoding="utf-8")
    ran = run_cli("status", "--json", "--today", today, "-f", str(plan))
    assert ran.exit_code == 0, ran.stderr
    assert [phase["state"] for phase in json.loads(ran.stdout)["phases"]] == states


@pytest.mark.parametrize("command", [["status"], ["report"], ["list"], ["timeline"], ["export", "json"],
                                     ["timeline", "--today", "2009-04-10", "--from"]])
def test_an_empty_day_option_is_refused_not_taken_as_today(tmp_path: Path, command: list[str]) -> None:
    plan = tmp_path / "plan.yaml"
    shutil.copy(SEED, plan)
    args = [*command, ""] if command[-1] == "--from" else [*command, "--today", ""]
    ran = run_cli(*args, "-f", str(plan), env={"PLANCTL_TODAY": "2009-04-10"})
    assert ran.exit_code == 2, ran.stdout
    assert "empty date" in ran.stderr, ran.stderr


@pytest.mark.parametrize("width", ["5000", "99999999999999999999"])
def test_a_timeline_wider_than_any_screen_is_refused_cleanly(tmp_path: Path, width: str) -> None:
    plan = tmp_path / "plan.yaml"
    shutil.copy(SEED, plan)
    ran = run_cli("timeline", "-W", width, "--today", "2009-04-10", "-f", str(plan))
    assert ran.exit_code == 2 and "--width must be at most 1000" in ran.stderr, ran.stderr


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_a_plan_saved_as_utf16_without_its_bom_is_named_so(tmp_path: Path, encoding: str) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(KEYED.encode(encoding))
    ran = run_cli("check", str(plan))
    said = ran.stdout + ran.stderr
    assert ran.exit_code == 1 and "saved as UTF-16" in said, said


def test_a_heading_that_says_more_than_its_quota_stays_a_task(tmp_path: Path) -> None:
    from planctl.format.loader import load_bytes

    document = tmp_path / "doc.txt"
    document.write_text("2026年学习计划\n一、组织生活（3月1日-12月31日）\n（一）每人每周自学不少于3小时，张伟负责\n"
                        "（二）每月集中学习不少于2次，时间：每月5日前\n（三）每月召开例会不少于1次\n", encoding="utf-8")
    ran = run_cli("import", str(document), "-o", str(tmp_path / "plan.yaml"))
    assert ran.exit_code == 0, ran.stderr
    plan = load_bytes("plan.yaml", (tmp_path / "plan.yaml").read_bytes()).plan
    assert plan is not None
    titles = [task.title for task in plan.phases[0].tasks]
    assert len(titles) == 2 and titles[0].startswith("每人每周自学") and titles[1].startswith("每月集中学习"), titles
    assert len(plan.phases[0].quotas) == 1  # （三） states its quota and nothing else


def test_undo_after_its_entry_was_deleted_by_hand_never_names_another_entry_of_the_same_second(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    shutil.copy(SEED, plan)
    env = {"PLANCTL_CACHE": "0", "PLANCTL_NOW": "2009-04-10T09:00:00+08:00", "PLANCTL_TODAY": "2009-04-10"}
    for args in (["done", "mobilize", "--date", "2009-03-30", "--by", "sha"], ["done", "2.6.1"]):
        assert run_cli(*args, "-q", "-f", str(plan), env=env).exit_code == 0
    text = plan.read_text(encoding="utf-8")
    mine = "{date: 2009-04-10, at: 2009-04-10T09:00:00+08:00}"
    assert text.count(mine) == 1
    plan.write_text("".join(line for line in text.splitlines(keepends=True) if mine not in line), encoding="utf-8")
    before = plan.read_bytes()
    ran = run_cli("undo", "-y", "-f", str(plan), env=env)
    assert ran.exit_code == 1 and "no longer in the plan" in ran.stderr, ran.stderr
    assert "now reads" not in ran.stderr and "mobilize" not in ran.stderr.split("The one before")[0], ran.stderr
    assert plan.read_bytes() == before


@pytest.mark.parametrize("option", ["--svg", "--html"])
def test_a_chart_file_option_given_empty_is_refused_as_report_o_is(tmp_path: Path, option: str) -> None:
    plan = tmp_path / "plan.yaml"
    shutil.copy(SEED, plan)
    ran = run_cli("timeline", option, "", "--today", "2009-04-10", "-f", str(plan))
    assert ran.exit_code == 2 and "is a folder; nothing was written" in ran.stderr, (ran.stdout, ran.stderr)
    assert ran.stdout == ""
