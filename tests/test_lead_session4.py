"""The lead's fixes of what earlier sessions noticed and left (issues 15 and 19): each test fails on the
code before its fix."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import run_cli
from planctl.format.loader import load_bytes
from planctl.model import Plan
from test_recurring_window_ends import PLAN  # a phase of March and April 2026, its tasks to follow

EXAMPLES = Path(__file__).resolve().parent.parent / "docs" / "examples"



def problems(text: str) -> list[tuple[int, int, str, str]]:
    return [(p.line, p.column, p.severity, p.message) for p in load_bytes("plan.yaml", text.encode("utf-8")).problems]


def test_waiting_for_a_repeating_task_is_a_located_error_naming_the_fix() -> None:
    extra = ("      - {id: meet, title: 例会, repeat: 每周一}\n"
             "      - id: note\n        title: 会后报告\n        after: [meet]\n")
    assert problems(PLAN + extra) == [(12, 17, "error", "task 'note' waits for 'meet', which repeats ('每周一'), and so is "
                                       "never done once for all: name a task done once, or write repeat: on this task "
                                       "to follow each occurrence, e.g. repeat: 每周一")]


def test_waiting_for_a_one_off_task_beside_a_repeating_one_is_fine() -> None:
    extra = ("      - {id: meet, title: 例会, repeat: 每周一}\n"
             "      - {id: plan, title: 方案, when: 3月10日前}\n"
             "      - id: note\n        title: 会后报告\n        after: plan\n")
    assert problems(PLAN + extra) == []


def test_show_names_the_unit_each_entry_of_a_per_unit_task_counts_for(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    shutil.copy(EXAMPLES / "branch-reports.yaml", plan)
    shown = run_cli("-f", str(plan), "--today", "2026-02-10", "show", "branch-report")
    log = shown.stdout.split("\nLog\n", 1)[1].splitlines()
    assert log[0].split() == ["Date", "By", "Unit", "Note"]
    assert log[1].split() == ["2026-01-05", "—", "机关党支部"]
    assert log[4].split() == ["2026-02-04", "张伟", "机关党支部"]  # by: a member of one branch: that branch's share


def occurrences(text: str, first: str, last: str) -> list[str]:
    from datetime import date

    from planctl.format.dates import Window
    from planctl.format.recurrence import Series, parse_repeat

    return [o.window.iso() for o in Series(parse_repeat(text), Window(date.fromisoformat(first), date.fromisoformat(last))).all()]


@pytest.mark.parametrize("text", ["每月第一个周一", "每月第1个星期一", "每月首个周一", "每月第一周周一", "monthly on the first monday"])
def test_the_months_first_monday_is_one_spelling_among_many(text: str) -> None:
    assert occurrences(text, "2026-01-01", "2026-03-31") == ["2026-01-05", "2026-02-02", "2026-03-02"]


@pytest.mark.parametrize("text, expected", [
    ("每月最后一个周五", ["2026-01-30", "2026-02-27", "2026-03-27"]),
    ("every month on the last friday", ["2026-01-30", "2026-02-27", "2026-03-27"]),
    ("每月第五个周五", ["2026-01-30", "2026-02-27", "2026-03-27"]),  # February has four: its last
    ("每两个月第二个周三", ["2026-01-14", "2026-03-11"]),
])
def test_the_nth_or_last_weekday_of_each_month(text: str, expected: list[str]) -> None:
    assert occurrences(text, "2026-01-01", "2026-03-31") == expected


def test_each_dekad_is_a_stretch_of_the_calendars_dekads_cut_to_the_window() -> None:
    assert occurrences("每旬", "2026-02-05", "2026-03-15") == [
        "2026-02-05 … 2026-02-10", "2026-02-11 … 2026-02-20", "2026-02-21 … 2026-02-28", "2026-03-01 … 2026-03-10",
        "2026-03-11 … 2026-03-15"]


def test_due_shows_a_dekad_report_and_a_first_monday_meeting(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN + "      - {id: meet, title: 月初例会, repeat: 每月第一个周一}\n"
                           "      - {id: brief, title: 旬报, repeat: 每旬}\n", encoding="utf-8")
    shown = run_cli("-f", str(plan), "--today", "2026-03-02", "due", "--json")
    assert shown.exit_code == 0, shown.stderr
    rows = {row["id"]: row for rows in json.loads(shown.stdout)["sections"].values() for row in rows}
    assert rows["meet"]["section"] == "due_today" and rows["meet"]["occurrence"]["day"] == "2026-03-02"
    assert rows["brief"]["occurrence"]["window"]["start"] == "2026-03-01"
    assert rows["brief"]["occurrence"]["window"]["end"] == "2026-03-10"


def imported(tmp_path: Path, paragraph: str) -> tuple[Plan, Path, Path]:
    """A party committee's document with one phase and `paragraph` imported: (plan, plan.yaml, report.json)."""
    document, out, report = tmp_path / "plan.txt", tmp_path / "plan.yaml", tmp_path / "report.json"
    document.write_text(f"机关党委2026年工作安排\n一、支部工作(2026年1月1日至6月30日)\n{paragraph}\n", encoding="utf-8")
    assert run_cli("import", str(document), "-o", str(out), "--report", str(report)).exit_code == 0
    return load_bytes(str(out), out.read_bytes()).plan, out, report


def test_an_imported_duty_after_a_semicolon_is_owed_by_each_unit_as_the_one_naming_them(tmp_path: Path) -> None:
    plan, _out, _report = imported(tmp_path, "1、报送。各支部每月5日前报送学习情况;每季度末报送党费收缴情况。")
    owed = {quota.title: (quota.who, quota.per) for quota in plan.quotas()}
    assert owed == {"各支部报送学习情况": (["branches"], "unit"), "报送党费收缴情况": (["branches"], "unit")}


def test_units_a_document_names_one_by_one_become_the_groups_units_and_owe_each_their_share(tmp_path: Path) -> None:
    plan, out, _report = imported(tmp_path, "1、组织。机关党支部、教务处党支部、后勤党支部每月召开1次支委会。")
    units = plan.roster.units()
    assert [unit.name for unit in units.values()] == ["机关党支部", "教务处党支部", "后勤党支部"]
    (quota,) = plan.quotas()
    assert (quota.who, quota.per) == (["branches"], "unit")
    done = run_cli("-f", str(out), "--today", "2026-03-10", "done", quota.id, "--unit", list(units)[1])
    assert done.exit_code == 0, done.stderr


def test_help_command_is_the_commands_help_in_the_readers_language() -> None:
    zh = {"LANG": "zh_CN.UTF-8", "LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": ""}
    helped = run_cli("help", "done", env=zh)
    assert helped.exit_code == 0 and helped.stdout == run_cli("done", "--help", env=zh).stdout
    assert "Record a completion" not in helped.stdout and "记录一次完成" in helped.stdout


def test_a_plan_titled_by_its_files_name_over_chinese_phases_reports_in_chinese(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN.replace("title: t\n", "title: school-weeks-2025\n").replace("    title: p\n", "    title: 开学准备\n")
                    + "      - {id: meet, title: 例会, when: 3月2日}\n", encoding="utf-8")
    report = run_cli("-f", str(plan), "--today", "2026-03-04", "report", env={"LANG": "C", "LANGUAGE": "", "LC_ALL": ""})
    assert report.exit_code == 0, report.stderr
    assert "周报" in report.stdout and "Weekly report" not in report.stdout


def test_an_occurrence_logged_again_is_one_completion_in_the_reports_count(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    shutil.copy(EXAMPLES / "standing-duties.yaml", plan)
    again = run_cli("-f", str(plan), "--today", "2026-01-06", "done", "weekly-meeting", "--by", "wangli", "--again")
    assert again.exit_code == 0 and "counts once" in again.stderr
    report = run_cli("-f", str(plan), "--today", "2026-01-10", "report", "--week", "2026-01-06")
    assert "本周完成 2 项" in report.stdout  # 2 meeting entries for one occurrence, and the monthly summary
    assert re.search(r"（未分单位）\s+2\s", report.stdout)
    assert report.stdout.count("每周一召开处务例会") >= 2  # the ledger still lists every entry


def test_a_done_whose_output_cannot_be_written_is_saved_once_and_says_so_with_exit_0(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    plan = tmp_path / "plan.yaml"
    shutil.copy(Path(__file__).resolve().parent.parent / "plan.yaml", plan)
    env = {**os.environ, "LANG": "C", "LANGUAGE": "", "PLANCTL_LANG": "", "PLANCTL_CACHE": "0"}
    argv = [sys.executable, "-m", "planctl", "done", "self-study", "--by", "zhangwei", "--amount", "1h", "--date",
            "2009-04-10", "--json", "-f", str(plan)]
    with open("/dev/full", "w") as full:
        ran = subprocess.run(argv, stdout=full, stderr=subprocess.PIPE, text=True, env=env, timeout=60)
    assert ran.returncode == 0, ran.stderr  # a script that retries on failure would log it twice
    assert "is saved" in ran.stderr and "do not run the command again" in ran.stderr
    assert plan.read_text(encoding="utf-8").count("{date: 2009-04-10, by: zhangwei, amount: 1") == 1
    # nor when stderr is what cannot be written (tester h93, finding 2): saved, exit 0, whatever it could not say
    for outputs in ({"stdout": subprocess.PIPE, "stderr": "full"}, {"stdout": "full", "stderr": "full"}):
        with open("/dev/full", "w") as full:
            streams = {name: full if where == "full" else where for name, where in outputs.items()}
            ran = subprocess.run([*argv[:-3], "--again", *argv[-3:]], text=True, env=env, timeout=60,
                                 **streams)  # type: ignore[call-overload]
        assert ran.returncode == 0, outputs
    assert plan.read_text(encoding="utf-8").count("{date: 2009-04-10, by: zhangwei, amount: 1") == 3


def test_ctrl_d_at_dones_question_in_a_terminal_is_no(tmp_path: Path) -> None:
    import sys

    from terminal import screen_answering, terminal_env

    plan = tmp_path / "plan.yaml"
    shutil.copy(Path(__file__).resolve().parent.parent / "plan.yaml", plan)
    before = plan.read_bytes()
    env = terminal_env(LANG="C", LANGUAGE="", PLANCTL_LANG="", NO_COLOR="1", PLANCTL_CACHE="0")
    command = f"{sys.executable} -m planctl done prep --date 2009-03-30 -f {plan}"
    shown = screen_answering(command, env, prompt="[y/N]", keys="C-d", done="RC=")
    assert "RC=0" in shown and "nothing recorded" in shown and "interrupted" not in shown, shown
    assert plan.read_bytes() == before


def test_the_pager_is_told_its_text_is_utf8_unless_the_user_said_otherwise() -> None:
    from planctl.output.pager import pager_environment

    assert pager_environment({"LANG": "zh_CN.UTF-8"})["LESSCHARSET"] == "utf-8"  # a locale the machine may lack
    assert pager_environment({"LESSCHARSET": "latin1"})["LESSCHARSET"] == "latin1"
    assert pager_environment({})["LESS"] == "FRX"


def test_waiting_for_a_task_holding_a_repeating_one_is_refused_and_a_repeating_waiter_is_not_told_to_repeat() -> None:
    extra = ("      - id: parent\n        title: 上级\n        tasks:\n          - {id: xun, title: 旬报, repeat: 每旬}\n"
             "      - {id: w1, title: 总结, after: parent}\n"
             "      - {id: w2, title: 旬总结, repeat: 每旬, after: xun}\n")
    found = [message for _line, _column, _severity, message in problems(PLAN + extra)]
    assert found == [
        "task 'w1' waits for 'parent', which holds 'xun' that repeats ('每旬'), and so is never done once for all: "
        "name a task done once, or write repeat: on this task to follow each occurrence, e.g. repeat: 每旬",
        "task 'w2' waits for 'xun', which repeats ('每旬'), and so is never done once for all: name a task done once"]


def test_a_heading_of_two_duties_joined_by_a_semicolon_imports_both(tmp_path: Path) -> None:
    plan, _out, report = imported(tmp_path, "1、各支部每月5日前报送学习情况;每季度末报送党费收缴情况。")
    assert {(q.repeat.text if q.repeat else None, q.per) for q in plan.quotas()} == {("每月5日前", "unit"), ("每季度末", "unit")}
    assert json.loads(report.read_text(encoding="utf-8"))["not_imported"] == []


def test_the_shipped_catalog_is_read_lazily_and_answers_as_gnu_gettext() -> None:
    import gettext
    import io

    from planctl.i18n import _MoCatalog

    data = (Path(__file__).resolve().parent.parent / "src/planctl/locale/zh_CN/LC_MESSAGES/planctl.mo").read_bytes()
    lazy, whole = _MoCatalog(data), gettext.GNUTranslations(io.BytesIO(data))
    assert lazy._whole is None  # its header was read: no fallback to decoding the whole catalog (2 ms of start-up)
    assert all(lazy.gettext(key) == whole.gettext(key) for key in whole._catalog if isinstance(key, str) and key)
