"""Recurring tasks through the commands: due, status and show on three days of the standing-duties
example; done, undo and done twice; export ics read back by icalendar and expanded by
recurring-ical-events to the days `show` lists; export json; completions merged by real git."""

from __future__ import annotations

import os
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from conftest import PLANCTL_COMMAND, ROOT, run_cli

EXAMPLE = ROOT / "docs" / "examples" / "standing-duties.yaml"


@pytest.fixture()
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_bytes(EXAMPLE.read_bytes())
    return path


def as_json(*args: str) -> Any:
    import json

    result = run_cli(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def due_rows(plan: Path, today: str) -> dict[str, list[tuple[str, str, int]]]:
    """Section -> (task id, occurrence day, missed count) for each row `due` shows."""
    found = as_json("due", "--plan", str(plan), "--today", today)["sections"]
    return {name: [(row["id"], row["occurrence"]["day"], row["missed_count"]) for row in rows]
            for name, rows in found.items() if name != "quotas" and rows}


def test_due_on_three_days_shows_the_current_and_next_occurrence_and_collapses_the_missed(plan: Path) -> None:
    # 3 March: the meeting of 2 March and three since 12 January missed; the February report missed,
    # March's under way; the next meeting on 9 March
    assert due_rows(plan, "2026-03-03") == {
        "overdue": [("monthly-report", "2026-02-05", 1), ("weekly-meeting", "2026-03-02", 7)],
        "in_progress": [("monthly-report", "2026-03-05", 0)],
        "upcoming": [("weekly-meeting", "2026-03-09", 0)],
    }
    # 30 March: a meeting today, the quarterly review around the 28th under way
    day2 = due_rows(plan, "2026-03-30")
    assert ("weekly-meeting", "2026-03-30", 0) in day2["due_today"]
    assert day2["in_progress"] == [("quarterly-review", "2026-03-28", 0)]
    # 6 July: the June review (25 June to 1 July) missed, and March's with it
    day3 = due_rows(plan, "2026-07-06")
    assert ("quarterly-review", "2026-06-28", 2) in day3["overdue"]
    text = run_cli("due", "--plan", str(plan), "--today", "2026-07-06").stdout
    assert "2 missed: 06-28, 03-28" in text


def test_status_counts_occurrences_done_and_due_so_far(plan: Path) -> None:
    for today, weekly, monthly in (("2026-01-06", (1, 1), (1, 1)), ("2026-03-03", (2, 9), (1, 3)),
                                   ("2026-12-31", (2, 52), (1, 12))):
        found = {r["id"]: r["occurrences"] for r in as_json("status", "--plan", str(plan), "--today", today)["recurring"]}
        assert (found["weekly-meeting"]["done"], found["weekly-meeting"]["so_far"]) == weekly, today
        assert (found["monthly-report"]["done"], found["monthly-report"]["so_far"]) == monthly, today
    text = run_cli("status", "--plan", str(plan), "--today", "2026-03-03").stdout
    assert "2 of 9 done so far, 7 missed; next 03-09" in text


def test_show_lists_every_occurrence_with_its_state(plan: Path) -> None:
    shown = as_json("show", "weekly-meeting", "--plan", str(plan), "--today", "2026-01-13")
    occurrences = shown["occurrences"]
    assert len(occurrences) == 52 and occurrences[-1]["day"] == "2026-12-28"
    assert [o["state"] for o in occurrences[:4]] == ["done", "done", "upcoming", "upcoming"]
    text = run_cli("show", "weekly-meeting", "--plan", str(plan), "--today", "2026-01-20").stdout
    assert "Occurrences (每周一)" in text and "done 01-12" in text and "overdue 1 day" in text


def done(plan: Path, *args: str) -> Any:
    return run_cli("done", *args, "--plan", str(plan), "--by", "wangli", env={"PLANCTL_TODAY": "2026-03-03"})


def test_done_logs_the_latest_started_occurrence_once_and_undo_takes_it_back(plan: Path) -> None:
    before = plan.read_bytes()
    first = done(plan, "weekly-meeting")
    assert first.exit_code == 0, first.output
    assert "counts for the occurrence of 2026-03-02, logged after its days" in first.stderr
    # the 03-02 meeting logged again on its own day is the same meeting: refused without --again
    again = done(plan, "weekly-meeting", "--date", "2026-03-02")
    assert again.exit_code == 0 and "the occurrence of 2026-03-02 is already done" in again.stderr
    assert plan.read_bytes().count(b"date: 2026-03-02") == 0
    on_day = done(plan, "monthly-report")  # 3 March is inside March's report (1st to 5th)
    assert "counts for the occurrence of 2026-03-05" in on_day.stderr
    forced = done(plan, "weekly-meeting", "--date", "2026-03-02", "--again")
    assert forced.exit_code == 0 and "repeats the occurrence of 2026-03-02" in forced.stderr
    undone = [run_cli("undo", "--plan", str(plan), "--yes") for _ in range(3)]
    assert all(result.exit_code == 0 for result in undone)
    assert "open again" not in undone[0].stderr  # a repeat credited nothing
    assert "(the occurrence of 2026-03-05 is open again)" in undone[1].stderr
    assert "(the occurrence of 2026-03-02 is open again)" in undone[2].stderr
    assert plan.read_bytes() == before


def test_export_ics_has_one_todo_per_occurrence_that_an_expander_finds_on_the_days_show_lists(plan: Path) -> None:
    import recurring_ical_events

    args = ("export", "ics", "--plan", str(plan), "--today", "2026-03-03")
    data = run_cli(*args).stdout_bytes
    assert data == run_cli(*args).stdout_bytes  # stable
    calendar = Calendar.from_ical(data)
    todos = calendar.walk("VTODO")
    uids = [str(t["UID"]) for t in todos]
    assert len(uids) == len(set(uids))
    expanded = recurring_ical_events.of(calendar, components=["VTODO"]).between(date(2026, 1, 1), date(2027, 1, 8))
    for task_id in ("weekly-meeting", "monthly-report", "quarterly-review", "year-summary"):
        shown = as_json("show", task_id, "--plan", str(plan), "--today", "2026-03-03")["occurrences"]
        mine = sorted((c.decoded("DTSTART"), c.decoded("DUE"), str(c["STATUS"])) for c in expanded
                      if str(c["UID"]).startswith(task_id + "."))
        assert [(s.isoformat(), e.isoformat()) for s, e, _ in mine] == [
            (o["window"]["start"], date.fromordinal(date.fromisoformat(o["window"]["end"]).toordinal() + 1).isoformat())
            for o in shown]
        assert [status == "COMPLETED" for _, _, status in mine] == [o["state"] == "done" for o in shown]


def test_export_json_lists_the_occurrences(plan: Path) -> None:
    result = run_cli("export", "json", "--plan", str(plan), "--today", "2026-03-03")
    import json

    tasks = {t["id"]: t for t in json.loads(result.stdout)["phases"][0]["tasks"]}
    monthly = tasks["monthly-report"]
    assert monthly["repeat"] == "每月5日前" and len(monthly["occurrences"]) == 12
    assert [o["state"] for o in monthly["occurrences"][:4]] == ["done", "overdue", "in_progress", "upcoming"]
    assert monthly["state"] == "overdue"


def test_completions_on_a_recurring_task_merge_as_a_multiset_with_real_git(tmp_path: Path, plan: Path) -> None:
    env = {**os.environ, "HOME": str(tmp_path), "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "T",
           "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.com",
           "PLANCTL_TODAY": "2026-03-10", "NO_COLOR": "1"}

    def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True, check=False)
        assert done.returncode == 0, (args, done.stdout, done.stderr)
        return done

    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "plan.yaml").write_bytes(plan.read_bytes())
    (repo / ".gitattributes").write_text("/plan.yaml merge=planctl\n")
    run(repo, "git", "init", "-q", "-b", "main")
    run(repo, "git", "config", "merge.planctl.driver",
        " ".join(PLANCTL_COMMAND) + " merge-driver %O %A %B --marker-size %L --path %P")
    run(repo, "git", "add", ".")
    run(repo, "git", "commit", "-q", "-m", "plan")
    run(repo, "git", "checkout", "-q", "-b", "other")
    run(repo, *PLANCTL_COMMAND, "done", "weekly-meeting", "--by", "zhangwei", "--date", "2026-03-02")
    run(repo, "git", "commit", "-q", "-am", "other: 2 March")
    run(repo, "git", "checkout", "-q", "main")
    run(repo, *PLANCTL_COMMAND, "done", "weekly-meeting", "--by", "wangli", "--date", "2026-03-09")
    run(repo, "git", "commit", "-q", "-am", "main: 9 March")
    run(repo, "git", "merge", "-q", "--no-edit", "other")
    shown = as_json("show", "weekly-meeting", "--plan", str(repo / "plan.yaml"), "--today", "2026-03-10")
    done_days = [o["day"] for o in shown["occurrences"] if o["state"] == "done"]
    assert done_days == ["2026-01-05", "2026-01-12", "2026-03-02", "2026-03-09"]


CHECKED = """title: t
phases:
  - id: p
    title: p
    when: {window}
    tasks:
      - id: a
        title: a
        repeat: {repeat}
"""


@pytest.mark.parametrize(("window", "repeat", "code", "said"), [
    ("2000-01-01..2099-12-31", "每周一", 1, "makes 5218 occurrences, more than 2000"),
    ("2026-01-01..2026-12-31", "每天八次", 1, "cannot read '每天八次' as a repeat"),
    ("2026-01-06..2026-01-07", "每周一", 1, "error: task 'a': '每周一' never falls in its window"),
    ("2026-02-01..2026-02-27", "每月31日", 1, "error: task 'a': '每月31日' never falls in its window"),
    ("2026-03-01..2026-06-30", "每年12月", 1, "never falls in its window"),
])
def test_check_locates_a_repeat_it_cannot_read_or_that_makes_too_many_or_none(
        tmp_path: Path, window: str, repeat: str, code: int, said: str) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(CHECKED.format(window=window, repeat=repeat), encoding="utf-8")
    result = run_cli("check", str(path))
    assert result.exit_code == code
    assert f"plan.yaml:9:17: {'warning' if code == 0 else 'error'}" in result.output and said in result.output


def test_the_cache_gives_back_each_task_s_repeat(plan: Path) -> None:
    from planctl.format.loader import load_bytes
    from planctl.store.planfile import open_plan
    from planctl.store.writer import signature

    first = open_plan(plan, plan.name, require_valid=True)
    cached = open_plan(plan, plan.name, require_valid=True)
    assert not first.from_cache and cached.from_cache
    fresh = load_bytes(plan.name, plan.read_bytes()).plan
    assert fresh is not None
    assert signature(cached.plan) == signature(fresh)
    assert [t.repeat for t in cached.plan.walk()] == [t.repeat for t in fresh.walk()]
    assert sum(t.repeat is not None for t in fresh.walk()) == 4
