"""The lead's fixes of session 6 (2026-11-30): what was noticed and left before, each kept as a case."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_cli

# A weekly report under a rectification that starts after a meeting: the meeting, planned for 03-10,
# is held (logged) on 04-20, so the rectification runs from 04-21 and its weekly reports start 04-27.
RECTIFICATION = """planctl: 1
title: 整改
year: 2026
roster:
  people:
    zw: 张伟
phases:
  - id: p1
    title: 整改阶段
    when: 2026-03-01..2026-06-30
    tasks:
      - id: meet
        title: 专题会议
        when: 2026-03-10
        who: zw
        log:
          - {date: 2026-04-20, by: zw}
      - id: fix
        title: 整改落实
        when: meet后
        who: zw
        tasks:
          - id: weekly
            title: 每周报告进展
            repeat: 每周一
            who: zw
      - id: own
        title: 每周自查
        when: meet后
        repeat: 每周五
        who: zw
"""


@pytest.fixture()
def rectification(tmp_path: Path) -> Path:
    plan = tmp_path / "plan.yaml"
    plan.write_text(RECTIFICATION, encoding="utf-8")
    return plan


def _json(*args: str) -> object:
    ran = run_cli(*args)
    assert ran.exit_code == 0, ran.stderr
    return json.loads(ran.stdout)


@pytest.mark.parametrize("task, first", [("weekly", "2026-04-27"), ("own", "2026-04-24")])
def test_a_recurring_task_in_a_window_after_a_late_meeting_starts_after_it_not_on_the_planned_days(
        rectification: Path, task: str, first: str) -> None:
    shown = _json("show", task, "-f", str(rectification), "--today", "2026-04-22", "--json")
    assert isinstance(shown, dict)
    days = [row["day"] for row in shown["occurrences"]]
    assert days[0] == first, days  # the planned window (from 03-11) made six "missed" reports before the meeting
    assert all(row["state"] == "upcoming" for row in shown["occurrences"]), shown["occurrences"]


def test_due_shows_no_report_missed_before_the_meeting_was_held(rectification: Path) -> None:
    ran = run_cli("due", "-f", str(rectification), "--today", "2026-04-22")
    assert ran.exit_code == 0, ran.stderr
    assert "missed" not in ran.stdout and "Overdue" not in ran.stdout, ran.stdout
    assert "04-27" in ran.stdout


def test_done_credits_the_occurrence_of_the_moved_window(rectification: Path) -> None:
    ran = run_cli("done", "weekly", "-f", str(rectification), "--date", "2026-04-27", "--today", "2026-04-27")
    assert ran.exit_code == 0, ran.stderr
    assert "04-27" in ran.stdout + ran.stderr, ran.stdout + ran.stderr
    shown = _json("show", "weekly", "-f", str(rectification), "--today", "2026-04-28", "--json")
    assert isinstance(shown, dict)
    assert shown["occurrences"][0]["done_on"] == "2026-04-27", shown["occurrences"][0]


def test_before_the_meeting_is_held_the_reports_follow_its_planned_day(rectification: Path) -> None:
    text = rectification.read_text(encoding="utf-8").replace("        log:\n          - {date: 2026-04-20, by: zw}\n", "")
    rectification.write_text(text, encoding="utf-8")
    shown = _json("show", "weekly", "-f", str(rectification), "--today", "2026-03-12", "--json")
    assert isinstance(shown, dict)
    assert shown["occurrences"][0]["day"] == "2026-03-16", shown["occurrences"][0]


# --- tester 12's findings ---------------------------------------------------------------------------

SEED = Path(__file__).resolve().parent.parent / "plan.yaml"


def test_a_plan_yaml_linking_to_nothing_is_named_as_such_by_every_command_and_by_init(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "plan.yaml").symlink_to("gone.yaml")
    monkeypatch.chdir(tmp_path)
    due = run_cli("due")
    assert due.exit_code == 2
    assert "plan.yaml is a link to gone.yaml, which does not exist" in due.stderr, due.stderr
    assert "planctl init" not in due.stderr  # init could not help: it refused as "already exists"
    for forced in ([], ["--force"]):
        init = run_cli("init", *forced)
        assert init.exit_code == 2
        assert "is a link to gone.yaml, which does not exist" in init.stderr, init.stderr
        assert "--force" not in init.stderr


@pytest.mark.parametrize("kind", ["device", "pipe", "loop", "folder"])
def test_a_plan_path_that_is_no_regular_file_says_what_it_is(tmp_path: Path, kind: str) -> None:
    import os

    if kind == "device":
        given = "/dev/null"
    elif kind == "pipe":
        given = str(tmp_path / "fifo")
        os.mkfifo(given)
    elif kind == "folder":
        given = str(tmp_path)
    else:
        (tmp_path / "a").symlink_to(tmp_path / "b")
        (tmp_path / "b").symlink_to(tmp_path / "a")
        given = str(tmp_path / "a")
    ran = run_cli("check", "-f", given)
    assert ran.exit_code == 2
    assert "no such plan file" not in ran.stderr, ran.stderr
    said = {"loop": "circle", "folder": "a folder with no plan.yaml"}.get(kind, "not a regular file")
    assert said in ran.stderr, ran.stderr


def test_hours_and_minutes_written_with_m_are_read(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(SEED.read_bytes())
    ran = run_cli("done", "self-study", "-f", str(plan), "--by", "zhangwei", "--amount", "2h30m",
                  "--date", "2009-04-08", "--today", "2009-04-10")
    assert ran.exit_code == 0, ran.stderr
    assert "by: zhangwei, amount: 2.5, at:" in plan.read_text(encoding="utf-8")


@pytest.mark.parametrize("amount, advice", [("1_000", "without separators"), ("1,000", "without separators"),
                                            ("1/2", "as a decimal"), ("1e9", "out in full"), ("1,5", "with a dot")])
def test_an_amount_in_a_form_planctl_cannot_read_is_not_called_another_unit(tmp_path: Path, amount: str,
                                                                            advice: str) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(SEED.read_bytes())
    ran = run_cli("done", "self-study", "-f", str(plan), "--by", "zhangwei", "--amount", amount,
                  "--date", "2009-04-08", "--today", "2009-04-10")
    assert ran.exit_code == 2
    assert "not in this quota's unit" not in ran.stderr and advice in ran.stderr, ran.stderr
    assert plan.read_bytes() == SEED.read_bytes()


def test_by_on_a_plan_without_people_does_not_list_an_empty_roster(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text("planctl: 1\ntitle: t\nyear: 2026\nphases:\n  - id: p\n    title: 会议部署\n"
                    "    when: 2026-03-01..2026-03-31\n", encoding="utf-8")
    ran = run_cli("done", "p", "-f", str(plan), "--by", "张三", "--date", "2026-03-10", "--today", "2026-03-10")
    assert ran.exit_code == 2
    assert "the roster's people: \n" not in ran.stderr + "\n"
    assert "has no people yet" in ran.stderr, ran.stderr


@pytest.mark.parametrize("command", [["due", "--today", "2009-04-10"], ["status", "--today", "2009-04-10"],
                                     ["list"], ["check"], ["export", "ics"]])
def test_no_pager_is_taken_after_the_command_as_before_it(tmp_path: Path, command: list[str]) -> None:
    from planctl.output import pager

    plan = tmp_path / "plan.yaml"
    plan.write_bytes(SEED.read_bytes())
    ran = run_cli(*command, "-f", str(plan), "--no-pager")
    assert ran.exit_code == 0, ran.stderr
    assert pager.disabled


@pytest.mark.parametrize("written, word, meant", [("4月10日左右左右", "左右", "4月10日左右"), ("4月10日起起", "起", "4月10日起"),
                                                  ("4月10日前前", "前", "4月10日前")])
def test_a_window_writing_its_last_word_twice_says_so_not_another_day(tmp_path: Path, written: str, word: str,
                                                                      meant: str) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text("planctl: 1\ntitle: t\nyear: 2026\nphases:\n  - id: p\n    title: x\n"
                    f"    when: 2026-03-01..2026-12-31\n    tasks:\n      - id: a\n        title: a\n        when: {written}\n",
                    encoding="utf-8")
    ran = run_cli("check", "-f", str(plan))
    assert ran.exit_code == 1
    assert f"it writes '{word}' twice; write '{meant}'" in ran.stdout + ran.stderr, ran.stdout + ran.stderr



@pytest.mark.parametrize("null", ["~", "null", "Null"])
def test_a_list_written_as_null_reads_as_empty_as_an_empty_value_does(tmp_path: Path, null: str) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text("planctl: 1\ntitle: t\nyear: 2026\nphases:\n  - id: p\n    title: x\n"
                    f"    when: 2026-03-01..2026-12-31\n    tasks: {null}\n    quotas: {null}\n    log: {null}\n",
                    encoding="utf-8")
    for cache in ("0", "1"):
        ran = run_cli("check", "-f", str(plan), env={"PLANCTL_CACHE": cache})
        assert ran.exit_code == 0, ran.stdout + ran.stderr


def test_done_on_a_log_written_as_null_says_what_to_write_and_changes_nothing(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(SEED.read_text(encoding="utf-8").replace("        title: 动员部署\n",
                                                             "        title: 动员部署\n        log: ~\n", 1),
                    encoding="utf-8")
    before = plan.read_bytes()
    ran = run_cli("done", "动员", "-f", str(plan), "--date", "2009-03-30", "--by", "sha", "--today", "2009-04-10")
    assert ran.exit_code == 1
    assert "written as '~'" in ran.stderr and "'log:' with nothing after it" in ran.stderr, ran.stderr
    assert plan.read_bytes() == before


def test_a_weekly_task_in_a_years_window_is_not_warned_of_its_first_week_starting_before_the_year(tmp_path: Path) -> None:
    from planctl.format.loader import load_bytes

    text = ("planctl: 1\ntitle: t\nyear: 2026\nphases:\n  - id: p\n    title: x\n    when: 2026年\n    tasks:\n"
            "      - id: w\n        title: 周报\n        repeat: 每周\n      - id: h\n        title: 半年总结\n"
            "        when: 2026-01-01..2026-12-20\n        repeat: 每半年\n")
    warned = [p.message for p in load_bytes("plan.yaml", text.encode("utf-8")).problems]
    assert not any("'w'" in message for message in warned), warned  # 2025-12-29 … 01-04: still due on 01-04
    assert any("'h'" in message and "2026-12-20" in message for message in warned), warned  # due earlier: said


def _done_on_a_full_disk(plan: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> None:
    import errno

    from planctl.store import transaction

    def full(path: Path, data: bytes, **_kw: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patched:
        patched.setattr(transaction, "atomic_write", full)
        ran = run_cli("done", *args, "-f", str(plan), "--today", "2009-04-10")
    assert ran.exit_code == 1 and "nothing was written" in ran.stderr, ran.stderr


def test_undo_after_a_done_whose_write_failed_does_not_say_a_completion_was_removed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(SEED.read_bytes())
    _done_on_a_full_disk(plan, monkeypatch, "动员", "--date", "2009-03-30", "--by", "sha")
    assert plan.read_bytes() == SEED.read_bytes()
    ran = run_cli("undo", "-y", "-f", str(plan))
    assert ran.exit_code == 2
    assert "no longer in the plan" not in ran.stderr and "removed" not in ran.stderr, ran.stderr


def test_undo_after_a_failed_done_takes_back_the_done_before_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(SEED.read_bytes())
    first = run_cli("done", "动员", "--date", "2009-03-30", "--by", "sha", "-f", str(plan), "--today", "2009-04-10")
    assert first.exit_code == 0, first.stderr
    _done_on_a_full_disk(plan, monkeypatch, "self-study", "--by", "zhangwei", "--amount", "2h", "--date", "2009-04-08")
    ran = run_cli("undo", "-y", "-f", str(plan))
    assert ran.exit_code == 0, ran.stderr
    assert plan.read_bytes() == SEED.read_bytes()


FOLLOW_UP = """planctl: 1
title: 会后
year: 2026
roster:
  people:
    a: 张三
phases:
  - id: p1
    title: 阶段
    when: 2026年3月1日至4月30日
    tasks:
      - id: meet
        title: 动员大会
        when: 3月10日
        who: a
        log:
          - {date: 2026-03-16, by: a}
      - id: follow
        title: 会后传达
        when: meet后3天内
        who: a
        tasks:
          - id: report
            title: 传达报告
            when: meet后
            who: a
  - id: p2
    title: 整改
    when: meet后30天内
    tasks:
      - id: t
        title: 整改落实
        when: meet后
        who: a
"""


@pytest.mark.parametrize("task, window", [("report", ("2026-03-17", "2026-03-19")), ("t", ("2026-03-17", "2026-04-15"))])
def test_a_window_after_a_late_meeting_runs_to_the_end_of_its_parents_window_as_it_moved(
        tmp_path: Path, task: str, window: tuple[str, str]) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(FOLLOW_UP, encoding="utf-8")
    shown = _json("show", task, "-f", str(plan), "--today", "2026-03-17", "--json")
    assert isinstance(shown, dict)
    assert (shown["window"]["start"], shown["window"]["end"]) == window, shown["window"]


@pytest.mark.parametrize("document", ["全年每人撰写心得体会不少于3篇。", "全年召开4次会议。", "各支部全年开展不少于12次活动。",
                                      "上半年每人撰写2篇心得。", "下半年召开1次会议。", "每季度每人撰写1篇心得。"])
def test_import_of_a_quota_needing_a_year_the_document_never_writes_asks_for_it(tmp_path: Path, document: str) -> None:
    source = tmp_path / "d.txt"
    source.write_text(document + "\n", encoding="utf-8")
    asked = run_cli("import", str(source), "-o", str(tmp_path / "plan.yaml"))
    assert asked.exit_code == 2, asked.stderr  # was 70: "this is a bug in planctl import"
    assert "--year" in asked.stderr and not (tmp_path / "plan.yaml").exists()
    given = run_cli("import", str(source), "-o", str(tmp_path / "plan.yaml"), "--year", "2026")
    assert given.exit_code == 0, given.stderr
    assert run_cli("check", "-f", str(tmp_path / "plan.yaml"), env={"PLANCTL_CACHE": "0"}).exit_code == 0
