"""`planctl undo` takes back the last `done` made in this clone, exactly, and never anyone else's entry
(issue 12, cases 5-10), and the clock every command asks (issue 13: one owner for the current time).

Each test names its case. Plans and expected texts are written out here; the journal is planctl's
own file, `.planctl-cache/plan.yaml.undo` beside the plan.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from planctl.cli.main import app
from planctl.format import fastlog, schema
from planctl.format.loader import load_bytes
from planctl.format.yamltree import compose
from planctl.git.merge import merge_plans

NOW = "2026-11-25T08:00:00+08:00"
ENV = {"PLANCTL_NOW": NOW, "NO_COLOR": "1", "COLUMNS": "200", "PLANCTL_PLAN": None, "PLANCTL_TODAY": None,
       "PLANCTL_CACHE": None}
runner = CliRunner()

# A teammate's completion, pulled in: recorded later than anything done here.
THEIRS = "          - {date: 2009-04-02, by: lina, amount: 2, at: 2026-11-25T09:00:00+08:00}"

PLAN = f"""\
title: 测试计划
year: 2009
roster:
  people:
    zhangwei: 张伟
    lina: 李娜
  groups:
    leaders:
      name: 领导班子
      members: [zhangwei, lina]
phases:
  - id: study
    title: 学习调研
    when: 2009年3月31日至4月30日
    quotas:
      - id: self-study
        title: 每周自学
        who: leaders
        per: person
        period: week
        target: 8
        unit: h
        log:
{THEIRS}
    tasks:
      - id: scheme
        title: 制定实施方案
        who: leaders
      - id: theory
        title: 深入学习理论
        log:
      - {{id: flowy, title: 甲}}
      - id: report
        title: 撰写调研报告
        when: 2009年4月15日-4月20日
"""


def put(tmp_path: Path, text: str = PLAN) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_bytes(text.encode("utf-8"))
    return path


def invoke(*args: str, env: dict[str, str | None] | None = None, answer: str | None = None) -> object:
    return runner.invoke(app, list(args), env={**ENV, **(env or {})}, input=answer, catch_exceptions=False)


def done(path: Path, *args: str, now: str = NOW, cache: str = "1") -> None:
    result = invoke("done", *args, "-f", str(path), env={"PLANCTL_NOW": now, "PLANCTL_CACHE": cache})
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]


def undo(path: Path, cache: str = "1") -> object:
    return invoke("undo", "--yes", "-f", str(path), env={"PLANCTL_CACHE": cache})


def journal(path: Path) -> Path:
    return path.parent / ".planctl-cache" / "plan.yaml.undo"


def logs(data: bytes) -> dict[str, list[str]]:
    """Each item's entries as 'date by note at' strings."""
    loaded = load_bytes("plan.yaml", data)
    assert not loaded.errors, loaded.errors
    assert loaded.plan is not None
    return {item.id: [f"{e.date} {e.by} {e.note} {e.at.isoformat() if e.at else None}" for e in item.log]
            for item in loaded.plan.items()}


def cli_process(*args: str, env: dict[str, str], answer: str | None = None,
                limit: int | None = None) -> subprocess.CompletedProcess[str]:
    """planctl in its own process (for $TZ, read when the process starts, and for a file size limit)."""
    full = {k: v for k, v in os.environ.items() if not k.startswith("PLANCTL_")}
    full.update({"NO_COLOR": "1", "COLUMNS": "200", **env})
    if limit is not None:  # a compiled module written under the limit would be cut short and break every later import
        full["PYTHONDONTWRITEBYTECODE"] = "1"

    def limited() -> None:  # a disk that is full once a file passes `limit` bytes (writes fail with EFBIG)
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run([sys.executable, "-m", "planctl", *args], env=full, input=answer, capture_output=True,
                          text=True, timeout=60, preexec_fn=limited)


# --- case 5: an empty journal is not "no journal" ------------------------------------------------


def test_5_after_every_done_here_is_undone_there_is_nothing_to_undo(tmp_path: Path) -> None:
    path = put(tmp_path)
    done(path, "scheme", "--date", "2009-04-03")
    done(path, "self-study", "--by", "zhangwei", "--amount", "1h", "--date", "2009-04-03")
    for _ in range(2):
        result = undo(path)
        assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    assert path.read_bytes() == PLAN.encode()
    result = undo(path)
    assert result.exit_code == 2 and "nothing to undo" in result.stderr  # type: ignore[attr-defined]
    assert path.read_bytes() == PLAN.encode()  # the teammate's entry stays


# --- case 6: the journal is written whole, its failures are said, a damaged one is not "none" ----


def test_6_a_journal_that_cannot_be_written_is_said_and_never_makes_undo_take_an_older_entry(tmp_path: Path) -> None:
    path = put(tmp_path)
    days = [f"2009-04-{day:02d}" for day in range(3, 15)]
    for second, day in enumerate(days):  # earlier completions of this clone, in the journal
        done(path, "self-study", "--by", "zhangwei", "--amount", "1h", "--date", day, now=f"2026-11-25T08:00:{second:02d}+08:00")
    before = path.read_bytes()
    limit = len(before) + 400  # the plan fits; the journal, larger, does not: a full disk for it alone
    assert journal(path).stat().st_size > limit + 400
    result = cli_process("done", "scheme", "--date", "2009-04-20", "-f", str(path),
                         env={"PLANCTL_NOW": "2026-11-25T08:30:00+08:00"}, limit=limit)
    assert result.returncode == 0, result.stderr
    assert "warning" in result.stderr and "undo journal" in result.stderr
    after = path.read_bytes()
    assert logs(after)["scheme"] == ["2009-04-20 None None 2026-11-25T08:30:00+08:00"]
    undone = undo(path)  # must not take back 2009-04-14 (an older done) nor the teammate's line
    assert logs(path.read_bytes())["self-study"] == logs(after)["self-study"], undone.stderr  # type: ignore[attr-defined]


@pytest.mark.parametrize("damage", ["torn", "empty", "not json", "fifo"])
def test_6_a_damaged_journal_makes_undo_refuse(tmp_path: Path, damage: str) -> None:
    path = put(tmp_path)
    done(path, "scheme", "--date", "2009-04-03")
    done(path, "report", "--date", "2009-04-16")
    text = journal(path).read_text(encoding="utf-8")
    journal(path).unlink()
    if damage == "torn":
        journal(path).write_text(text[: len(text) * 2 // 3], encoding="utf-8")
    elif damage == "empty":
        journal(path).write_bytes(b"")
    elif damage == "not json":
        journal(path).write_bytes(b"\x00\x00\x00\x00")
    else:
        os.mkfifo(journal(path))
    data = path.read_bytes()
    result = cli_process("undo", "--yes", "-f", str(path), env={})  # in its own process: a FIFO must not hang the tests
    assert result.returncode == 1, result.stderr
    assert "journal" in result.stderr and "damaged" in result.stderr
    assert path.read_bytes() == data


def test_6_done_starts_a_damaged_journal_afresh_and_says_so(tmp_path: Path) -> None:
    path = put(tmp_path)
    done(path, "scheme", "--date", "2009-04-03")
    journal(path).write_text('{"before": "x", "aft', encoding="utf-8")
    result = invoke("done", "report", "--date", "2009-04-16", "-f", str(path))
    assert result.exit_code == 0 and "damaged" in result.stderr  # type: ignore[attr-defined]
    assert undo(path).exit_code == 0  # type: ignore[attr-defined]
    assert logs(path.read_bytes())["report"] == [] and len(logs(path.read_bytes())["scheme"]) == 1
    result = undo(path)  # the earlier one cannot be told from a colleague's: not taken
    assert result.exit_code == 2 and "nothing to undo" in result.stderr  # type: ignore[attr-defined]


# --- case 7: the journal names the item ------------------------------------------------------------


def test_7_identical_entries_on_two_tasks_and_a_hand_edit_undo_the_right_one(tmp_path: Path) -> None:
    path = put(tmp_path)
    done(path, "scheme", "--date", "2009-04-03")
    done(path, "report", "--date", "2009-04-03")  # the same second: the same entry text on both tasks
    path.write_text(path.read_text(encoding="utf-8") + "# 手工修改\n", encoding="utf-8")
    result = undo(path)
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    after = logs(path.read_bytes())
    assert after["report"] == [] and after["scheme"] == [f"2009-04-03 None None {NOW}"]


# --- case 8: a changed last entry stops undo ---------------------------------------------------------


def test_8_my_last_entry_edited_by_hand_undo_says_so_and_takes_nothing(tmp_path: Path) -> None:
    path = put(tmp_path)
    done(path, "self-study", "--by", "zhangwei", "--amount", "1h", "--date", "2009-04-03", "--note", "第一次",
         now="2026-11-25T08:00:01+08:00")
    done(path, "self-study", "--by", "zhangwei", "--amount", "2h", "--date", "2009-04-04", "--note", "第二次",
         now="2026-11-25T08:00:02+08:00")
    edited = path.read_text(encoding="utf-8").replace("note: 第二次", "note: 第二次（改）")
    path.write_text(edited, encoding="utf-8")
    result = undo(path)
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "last completion recorded here" in result.stderr and "changed" in result.stderr  # type: ignore[attr-defined]
    assert path.read_text(encoding="utf-8") == edited


def test_8_a_removed_last_entry_is_passed_over_with_a_note(tmp_path: Path) -> None:
    path = put(tmp_path)
    done(path, "scheme", "--date", "2009-04-03", now="2026-11-25T08:00:01+08:00")
    done(path, "report", "--date", "2009-04-16", now="2026-11-25T08:00:02+08:00")
    text = path.read_text(encoding="utf-8")
    line = "          - {date: 2009-04-16, at: 2026-11-25T08:00:02+08:00}\n"
    path.write_text(text.replace("        log:\n" + line, ""), encoding="utf-8")  # taken back by hand
    result = invoke("undo", "-f", str(path), answer="y\n")  # asked, not taken with -y (test_undo_identity)
    assert result.exit_code == 0 and "no longer in the plan" in result.stderr  # type: ignore[attr-defined]
    assert path.read_bytes() == PLAN.encode()


# --- case 9: `at` with its UTC offset, ordered by real time ----------------------------------------


def test_9_at_is_written_with_the_offset_and_read_by_both_readers_the_schema_and_the_merge(tmp_path: Path) -> None:
    path = put(tmp_path)
    done(path, "scheme", "--date", "2009-04-03")
    text = path.read_text(encoding="utf-8")
    line = f"          - {{date: 2009-04-03, at: {NOW}}}\n"
    assert line in text
    assert fastlog.ENTRY_LINE.search(line) is not None  # the fast reader takes it, no YAML needed
    data = text.encode()
    assert load_bytes("plan.yaml", data, fast=True).plan is not None
    fast = logs(data)
    slow = load_bytes("plan.yaml", data, fast=False)
    assert slow.plan is not None and not slow.errors
    assert fast == {item.id: [f"{e.date} {e.by} {e.note} {e.at.isoformat() if e.at else None}" for e in item.log]
                    for item in slow.plan.items()}
    tree = compose(text, [])
    assert tree is not None
    jsonschema.Draft202012Validator(schema.build_schema()).validate(schema.instance(tree))
    shown = invoke("show", "scheme", "--json", "-f", str(path))
    assert json.loads(shown.stdout)["log"][0]["at"] == NOW  # type: ignore[attr-defined]
    # Two teammates in different zones, each adding a line: the merge driver keeps both.
    ours = PLAN.replace(THEIRS, THEIRS + "\n          - {date: 2009-04-03, by: zhangwei, amount: 1, at: 2026-11-25T10:00:00+08:00}")
    theirs = PLAN.replace(THEIRS, THEIRS + "\n          - {date: 2009-04-03, by: lina, amount: 1, at: 2026-11-24T21:00:00-05:00}")
    merged = merge_plans(PLAN.encode(), ours.encode(), theirs.encode())
    assert merged.clean, merged
    assert len(logs(merged.data)["self-study"]) == 3


def test_9_teammates_in_other_zones_are_ordered_by_real_time(tmp_path: Path) -> None:
    # 2026-11-24T21:00-05:00 is 02:00 UTC, after 2026-11-25T09:00+08:00 (01:00 UTC), though it reads earlier.
    later = "          - {date: 2009-04-03, by: zhangwei, amount: 1, at: 2026-11-24T21:00:00-05:00}"
    path = put(tmp_path, PLAN.replace(THEIRS, THEIRS + "\n" + later))
    result = invoke("undo", "-f", str(path), answer="y\n")  # no journal here: undo asks about the latest
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    assert "someone else's" in result.stderr  # type: ignore[attr-defined]
    assert path.read_bytes() == PLAN.encode()


def test_9_without_a_journal_undo_yes_takes_nothing(tmp_path: Path) -> None:
    path = put(tmp_path)
    result = undo(path)  # the latest entry by `at` is the teammate's: a guess is never taken with --yes
    # README "Exit codes": 2 is `undo` with nothing this clone recorded to take back (it was 1; tester h101).
    assert result.exit_code == 2 and "no record" in result.stderr  # type: ignore[attr-defined]
    assert path.read_bytes() == PLAN.encode()


NEW_YORK = {"TZ": "America/New_York"}


def test_9_across_the_fall_back_change_the_real_latest_is_taken_back(tmp_path: Path) -> None:
    plan = PLAN.replace(THEIRS, THEIRS.replace("2026-11-25T09:00:00+08:00", "2026-10-25T09:00:00+08:00"))
    path = put(tmp_path, plan)
    # 01:30 EDT, then 01:10 EST (after the clocks went back: 40 minutes later).
    for now, target in (("2026-11-01T01:30:00", "scheme"), ("2026-11-01T01:10:00-05:00", "report")):
        result = cli_process("done", target, "--date", "2009-04-16", "-f", str(path), env={**NEW_YORK, "PLANCTL_NOW": now})
        assert result.returncode == 0, result.stderr
    text = path.read_text(encoding="utf-8")
    assert "at: 2026-11-01T01:30:00-04:00}" in text and "at: 2026-11-01T01:10:00-05:00}" in text
    shutil.rmtree(tmp_path / ".planctl-cache")  # a fresh clone: only `at` can tell
    result = cli_process("undo", "-f", str(path), env=NEW_YORK, answer="y\n")
    assert result.returncode == 0, result.stderr
    after = logs(path.read_bytes())
    assert after["report"] == [] and after["scheme"] == ["2009-04-16 None None 2026-11-01T01:30:00-04:00"]


@pytest.mark.parametrize(("zone", "taken"), [("Asia/Shanghai", "offset"), ("UTC", "local")])
def test_9_entries_without_an_offset_are_local_time(tmp_path: Path, zone: str, taken: str) -> None:
    # 09:30 without an offset is 01:30 UTC in Shanghai and 09:30 UTC in UTC; the other is 02:00 UTC.
    local = "          - {date: 2009-04-03, by: zhangwei, amount: 1, at: 2026-11-25T09:30:00}"
    offset = "          - {date: 2009-04-04, by: zhangwei, amount: 1, at: 2026-11-25T02:00:00+00:00}"
    plan = PLAN.replace(THEIRS + "\n", "").replace("        log:\n", f"        log:\n{local}\n{offset}\n", 1)
    path = put(tmp_path, plan)
    result = cli_process("undo", "-f", str(path), env={"TZ": zone}, answer="y\n")
    assert result.returncode == 0, result.stderr
    kept = {"offset": local, "local": offset}[taken]
    assert path.read_text(encoding="utf-8") == plan.replace({"offset": offset, "local": local}[taken] + "\n", "")
    assert kept in path.read_text(encoding="utf-8")


# --- case 10: undo restores exactly what done changed, cache or not ----------------------------------


@pytest.mark.parametrize("cache", ["0", "1"])
@pytest.mark.parametrize("edited", [False, True], ids=["as left", "edited since"])
@pytest.mark.parametrize("target", ["theory", "flowy", "scheme"])
def test_10_undo_is_byte_exact(tmp_path: Path, cache: str, edited: bool, target: str) -> None:
    # theory has a bare `log:` the user wrote: it stays; flowy gets `, log: [...]`, which goes whole.
    path = put(tmp_path)
    done(path, target, "--date", "2009-04-03", cache=cache)
    assert path.read_bytes() != PLAN.encode()
    expected = PLAN
    if edited:  # a hand edit elsewhere: undo finds the entry where it is now
        path.write_text(path.read_text(encoding="utf-8").replace("title: 测试计划", "title: 测试计划（修订）"),
                        encoding="utf-8")
        expected = PLAN.replace("title: 测试计划", "title: 测试计划（修订）")
    result = undo(path, cache=cache)
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    assert path.read_text(encoding="utf-8") == expected


# --- the clock ---------------------------------------------------------------------------------------


def test_planctl_now_names_the_day_views_use(tmp_path: Path) -> None:
    path = put(tmp_path)
    pinned = invoke("due", "--json", "-f", str(path), env={"PLANCTL_NOW": "2009-04-16T08:00:00+08:00"})
    given = invoke("due", "--json", "--today", "2009-04-16", "-f", str(path))
    assert pinned.exit_code == 0 and pinned.stdout == given.stdout  # type: ignore[attr-defined]


def test_a_bad_planctl_now_is_a_usage_error(tmp_path: Path) -> None:
    path = put(tmp_path)
    result = runner.invoke(app, ["done", "scheme", "-f", str(path)], env={**ENV, "PLANCTL_NOW": "tomorrow"})
    assert result.exit_code == 2 and "PLANCTL_NOW" in result.stderr
    assert path.read_bytes() == PLAN.encode()
