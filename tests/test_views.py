"""planctl status, show and list: golden text at 80 and 160 columns, JSON, and figures worked out by hand.

Golden files live in tests/expected/. After a deliberate change of design, regenerate them with

    PLANCTL_UPDATE_GOLDEN=1 python -m pytest tests/test_views.py tests/test_timeline.py

and read the diff before committing it; without that variable any difference fails.
"""

from __future__ import annotations

import json
import os
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from conftest import EXPECTED, PLAN, run_cli

TODAY = "2009-04-12"
WIDTHS = (80, 160)
ANSI = re.compile(r"\x1b\[")

# A few completions for the bundled plan, as `done` would write them: two tasks, a task's sub-task, and
# quotas of every kind (all, per person, per unit, with listed periods, with weekly periods).
LOGS = {
    "lead-group": ["{date: 2009-03-10, by: sha}"],
    "mobilize": ["{date: 2009-03-30, by: sha, note: 全处动员大会}"],
    "topics": ["{date: 2009-04-05, by: lina}"],
    "forums-held": ["{date: 2009-04-02, by: zhangwei}", "{date: 2009-04-04, by: lina}"],
    "center-study": ["{date: 2009-04-06, by: sha}"],
    "branch-study": ["{date: 2009-04-03, by: chenjing}", "{date: 2009-04-09, unit: jiguan, by: sha}"],
    "self-study": ["{date: 2009-04-02, by: lina, amount: 6}", "{date: 2009-04-08, by: zhangwei, amount: 3}",
                   "{date: 2009-04-10, by: sha, amount: 8, note: 读《摘编》, at: 2026-11-25T08:00:00}"],
    "notes": ["{date: 2009-04-10, by: wangfang, amount: 1500}"],
}

def invoke(args: list[str], width: int = 80, env: dict[str, str | None] | None = None) -> Any:
    return run_cli(*args, env=env, columns=width)


def with_logs(text: str, logs: dict[str, list[str]]) -> str:
    """Plan text with `log:` entries added under the task or quota whose `- id:` line is named."""
    for item, entries in logs.items():
        matches = list(re.finditer(rf"^(?P<indent> *)- id: {re.escape(item)}\n", text, re.M))
        assert len(matches) == 1, f"no single '- id: {item}' line"
        match = matches[0]
        keys = " " * (len(match["indent"]) + 2)
        block = f"{keys}log:\n" + "".join(f"{keys}  - {entry}\n" for entry in entries)
        text = text[: match.end()] + block + text[match.end():]
    return text


@pytest.fixture(scope="session")
def logged_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("views") / "plan.yaml"
    path.write_text(with_logs(PLAN.read_text(encoding="utf-8"), LOGS), encoding="utf-8")
    result = invoke(["check", str(path)])
    assert result.exit_code == 0, result.stdout + result.stderr
    return path


def cells(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in line)


def check_golden(name: str, output: str, width: int) -> None:
    """Compare with tests/expected/NAME; PLANCTL_UPDATE_GOLDEN=1 writes it instead."""
    assert not ANSI.search(output), "colour codes in plain output"
    for line in output.splitlines():
        assert cells(line) <= width, f"line wider than {width} columns: {line!r}"
        assert line == line.rstrip(), f"trailing spaces: {line!r}"
    path = EXPECTED / name
    if os.environ.get("PLANCTL_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(output, encoding="utf-8")
        return
    assert path.exists(), f"{path} is missing; run with PLANCTL_UPDATE_GOLDEN=1 to create it"
    expected = path.read_text(encoding="utf-8")
    if output != expected:
        import difflib

        diff = "".join(difflib.unified_diff(expected.splitlines(True), output.splitlines(True), str(path), "output"))
        pytest.fail(f"output differs from {path.name} (PLANCTL_UPDATE_GOLDEN=1 to accept):\n{diff}")


# Golden text


VIEWS = {
    "status": ["status"],
    "list": ["list"],
    "show-phase": ["show", "study"],
    "show-task": ["show", "research"],
    "show-subtask": ["show", "2.5.1"],
    "show-quota-weekly": ["show", "self-study"],
    "show-quota-units": ["show", "branch-study"],
    "show-quota-periods": ["show", "center-study"],
}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", VIEWS)
def test_golden(logged_plan: Path, name: str, width: int) -> None:
    result = invoke([*VIEWS[name], "--plan", str(logged_plan), "--today", TODAY], width)
    assert result.exit_code == 0, result.stderr
    check_golden(f"{name}-{width}.txt", result.stdout, width)


def test_today_from_environment(logged_plan: Path) -> None:
    by_option = invoke(["status", "--plan", str(logged_plan), "--today", TODAY])
    by_env = invoke(["status", "--plan", str(logged_plan)], env={"PLANCTL_TODAY": TODAY})
    assert by_env.exit_code == 0
    assert by_env.stdout == by_option.stdout


def test_colour_only_when_asked(logged_plan: Path) -> None:
    # CliRunner's output is not a terminal: plain text even without NO_COLOR.
    result = invoke(["status", "--plan", str(logged_plan), "--today", TODAY], env={"NO_COLOR": None})
    assert not ANSI.search(result.stdout)


# Figures on the bundled plan


def status_json(plan: Path, today: str = TODAY) -> dict[str, Any]:
    result = invoke(["status", "--json", "--plan", str(plan), "--today", today])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_status_json_bundled(logged_plan: Path) -> None:
    data = status_json(logged_plan)
    assert data["today"] == TODAY
    assert data["state"] == "active"
    phases = {p["id"]: p for p in data["phases"]}
    assert list(phases) == ["prep", "study", "review", "rectify", "wrap-up"]
    # prep: lead-group and mobilize logged, scheme late.
    assert phases["prep"]["tasks"] == {"done": 2, "total": 3, "late": 1, "fraction": 0.6667}
    assert phases["prep"]["state"] == "late"
    # study has 13 leaves; forums (its quota met) and topics are done; city-lecture (4月上旬) is late.
    assert phases["study"]["tasks"]["done"] == 2 and phases["study"]["tasks"]["total"] == 13
    assert phases["study"]["tasks"]["late"] == 1
    assert phases["study"]["window"] == {"start": "2009-03-31", "end": "2009-05-20", "days": 51,
                                         "written": "2009年3月31日至5月20日"}
    assert [p["state"] for p in data["phases"][2:]] == ["not started"] * 3
    assert data["tasks"]["done"] == 4 and data["tasks"]["total"] == 25
    quotas = {q["id"]: q for q in data["quotas"]}
    assert list(quotas) == ["center-study", "branch-study", "branch-lecture", "self-study", "notes", "essay",
                            "reflections", "forums-held", "branch-life-held"]
    # center-study's current period ended on 04-10 and was met; the 5月上旬 one is still to come.
    assert quotas["center-study"]["period"]["index"] == 1 and not quotas["center-study"]["period"]["current"]
    assert quotas["center-study"]["period"]["rows"][0]["state"] == "met"
    # self-study, week 2 (04-07 … 04-13), 8 h: five days gone on the morning of 04-12, 8/7 h a day.
    week = quotas["self-study"]["period"]
    assert (week["start"], week["end"], week["index"], week["count"]) == ("2009-04-07", "2009-04-13", 2, 5)
    rows = {r["scope"]["id"]: r for r in week["rows"]}
    assert rows["zhangwei"]["buffer_days"] == pytest.approx(3 / (8 / 7) - 5)  # -2.375
    assert rows["zhangwei"]["buffer"] == "2.4 d behind"
    assert rows["chenjing"]["buffer_days"] == pytest.approx(-5)
    assert rows["sha"]["state"] == "met"
    assert rows["lina"]["done"] == 0  # her 6 h were in week 1
    assert [r["scope"]["id"] for r in week["rows"]][-1] == "sha"  # worst first: the one who met it last
    # notes: 3000字 (5000 for leaders) over 31 days, 12 gone; 王芳 wrote 1500.
    notes = {r["scope"]["id"]: r for r in quotas["notes"]["period"]["rows"]}
    assert notes["wangfang"]["buffer_days"] == pytest.approx(1500 / (3000 / 31) - 12)  # +3.5
    assert notes["wangfang"]["buffer"] == "3.5 d ahead"
    assert notes["zhangwei"]["target"] == 5000 and notes["zhangwei"]["expected"] == pytest.approx(5000 * 12 / 31, abs=1e-3)
    # per unit: chenjing's entry counts for her branch (机械队), sha's names 机关 itself.
    units = {r["scope"]["id"]: r["done"] for r in quotas["branch-study"]["period"]["rows"]}
    assert units == {"jiguan": 1, "jixie": 1}
    assert quotas["branch-life-held"]["period"]["rows"][0]["buffer"] == "starts 05-21"


def test_entries_after_today_do_not_count(logged_plan: Path) -> None:
    """--today replays a past day: entries dated later are not counted yet."""
    early = status_json(logged_plan, "2009-04-03")
    assert early["phases"][0]["tasks"]["done"] == 2  # lead-group (03-10) and mobilize (03-30)
    assert early["phases"][1]["tasks"]["done"] == 0
    forums = next(q for q in early["quotas"] if q["id"] == "forums-held")
    assert forums["period"]["rows"][0]["done"] == 1  # 04-02 counted, 04-04 not yet
    # On 04-04 the second forum makes the quota met and so its task done; topics waits for 04-05.
    assert status_json(logged_plan, "2009-04-04")["phases"][1]["tasks"]["done"] == 1
    assert status_json(logged_plan, "2009-04-05")["phases"][1]["tasks"]["done"] == 2


def test_list_json_tree(logged_plan: Path) -> None:
    result = invoke(["list", "--json", "--plan", str(logged_plan), "--today", TODAY])
    data = json.loads(result.stdout)
    assert data["tasks"]["done"] == 4 and data["tasks"]["total"] == 25
    study = data["phases"][1]
    assert study["id"] == "study" and study["kind"] == "phase"
    consult = next(t for t in study["tasks"] if t["id"] == "consult")
    assert [t["outline"] for t in consult["tasks"]] == ["2.5.1", "2.5.2", "2.5.3", "2.5.4"]
    assert consult["tasks"][0]["state"] == "finished"
    assert consult["tasks"][0]["quotas"][0]["id"] == "forums-held"
    assert [q["id"] for q in study["quotas"]] == ["center-study"]
    assert study["quotas"][0]["window"]["written"] == "4月上旬, 5月上旬"
    ids = []

    def walk(node: dict[str, Any]) -> None:
        ids.append(node["id"])
        for sub in node["tasks"]:
            walk(sub)

    for phase in data["phases"]:
        walk(phase)
    assert len(ids) == 5 + 27


def test_show_json_task(logged_plan: Path) -> None:
    result = invoke(["show", "--json", "fieldwork", "--plan", str(logged_plan), "--today", TODAY])
    data = json.loads(result.stdout)
    assert data["kind"] == "task" and data["outline"] == "2.6.2"
    assert [n["id"] for n in data["path"]] == ["study", "research"]
    assert data["window"] == {"start": "2009-04-05", "end": "2009-04-15", "days": 11,
                              "written": "2009年4月5日-4月15日", "inherited_from": None}
    assert data["state"] == "active" and data["timing"] == "in progress, ends in 3 days"
    assert data["who_inherited_from"] == "research"
    assert {m["id"] for m in data["members"]} == {"sha", "zhangwei", "lina"}


def test_show_json_inherited_window(logged_plan: Path) -> None:
    data = json.loads(invoke(["show", "--json", "scheme", "--plan", str(logged_plan), "--today", TODAY]).stdout)
    assert data["window"]["inherited_from"] == {"id": "prep", "outline": "1"}
    assert data["window"]["written"] is None
    assert data["state"] == "late" and data["timing"] == "overdue by 13 days"
    text = invoke(["show", "scheme", "--plan", str(logged_plan), "--today", TODAY]).stdout
    assert "2009-03-01 … 2009-03-30 (30 days), inherited from 1 活动准备" in text


def test_show_json_quota_all_periods(logged_plan: Path) -> None:
    data = json.loads(invoke(["show", "--json", "self-study", "--plan", str(logged_plan), "--today", TODAY]).stdout)
    assert data["kind"] == "quota" and data["per"] == "person" and data["unit"] == "h"
    periods = data["periods"]
    assert [(p["start"], p["end"]) for p in periods] == [
        ("2009-03-31", "2009-04-06"), ("2009-04-07", "2009-04-13"), ("2009-04-14", "2009-04-20"),
        ("2009-04-21", "2009-04-27"), ("2009-04-28", "2009-04-30")]
    assert all(len(p["rows"]) == 7 for p in periods)
    assert [p["current"] for p in periods] == [False, True, False, False, False]
    first = {r["scope"]["id"]: r for r in periods[0]["rows"]}
    assert first["lina"]["done"] == 6 and first["lina"]["state"] == "missed"
    last = periods[-1]["rows"][0]
    assert last["target"] == pytest.approx(8 * 3 / 7, abs=1e-3) and last["state"] == "not started"
    assert [e["amount"] for e in data["log"]] == [6, 3, 8]


def test_show_phase_by_title_and_errors(logged_plan: Path) -> None:
    result = invoke(["show", "分析检查阶段", "--plan", str(logged_plan), "--today", TODAY])
    assert result.exit_code == 0 and result.stdout.startswith("3 分析检查阶段  phase review")
    unknown = invoke(["show", "nosuch", "--plan", str(logged_plan)])
    assert unknown.exit_code == 2 and "no item 'nosuch'" in unknown.stderr
    ambiguous = invoke(["show", "座谈会", "--plan", str(logged_plan)])
    assert ambiguous.exit_code == 2 and "forums-held" in ambiguous.stderr
    bad_day = invoke(["status", "--plan", str(logged_plan), "--today", "someday"])
    assert bad_day.exit_code == 2


def test_done_then_status(tmp_path: Path) -> None:
    """A completion recorded with `planctl done` shows up in status and show."""
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN.read_text(encoding="utf-8"), encoding="utf-8")
    env = {"PLANCTL_NOW": "2026-11-25T08:00:00"}
    before = status_json(path)["phases"][0]["tasks"]["done"]
    done = invoke(["done", "scheme", "--plan", str(path), "--date", "2009-03-20", "--by", "sha"], env=env)
    assert done.exit_code == 0, done.stderr
    assert status_json(path)["phases"][0]["tasks"]["done"] == before + 1
    shown = invoke(["show", "scheme", "--plan", str(path), "--today", TODAY], 160)
    assert "done on 2009-03-20" in shown.stdout
    assert "2026-11-25 08:00" in shown.stdout  # the Recorded column


# Hand-written plan: every state, a parent logged as a whole, and quota buffers worked out by hand.

HAND = """\
planctl: 1
title: Hand plan
year: 2030
roster:
  people:
    ann: Ann
    bob: Bob
  groups:
    team:
      name: Team
      members: [ann, bob]
phases:
  - id: one
    title: One
    when: 2030-01-01..2030-01-10
    who: team
    quotas:
      - id: hours
        title: Hours
        who: team
        per: person
        period: week
        target: 7
        unit: h
        log:
          - {date: 2030-01-02, by: ann, amount: 2}
          - {date: 2030-01-05, by: ann, amount: 3}
          - {date: 2030-01-03, by: bob, amount: 1}
          - {date: 2030-01-08, by: bob, amount: 2}
      - id: essays
        title: Essays
        who: team
        target: 4
        unit: 篇
        log:
          - {date: 2030-01-02, by: ann, amount: 3}
    tasks:
      - id: a
        title: Task A
        when: 2030-01-01..2030-01-03
        log:
          - {date: 2030-01-02, by: ann}
      - id: b
        title: Task B
        when: 2030-01-01..2030-01-04
      - id: c
        title: Task C
        when: 2030-01-05..2030-01-08
        tasks:
          - id: c1
            title: Sub C1
            log:
              - {date: 2030-01-05, by: bob}
          - id: c2
            title: Sub C2
      - id: d
        title: Task D
        when: 2030-01-09..2030-01-10
  - id: two
    title: Two
    when: 2030-01-11..2030-01-24
    who: team
    log:
      - {date: 2030-01-05, by: ann}
    tasks:
      - id: e
        title: Task E
      - id: f
        title: Task F
        log:
          - {date: 2030-01-20, by: ann}
"""


@pytest.fixture()
def hand_plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(HAND, encoding="utf-8")
    return path


def test_hand_states_and_counts(hand_plan: Path) -> None:
    data = status_json(hand_plan, "2030-01-06")
    one, two = data["phases"]
    # Leaves of One: a (logged), b (ended 01-04), c1 (logged), c2 (inside c's 01-05 … 01-08), d (from 01-09).
    assert one["tasks"] == {"done": 2, "total": 5, "late": 1, "fraction": 0.4}
    assert one["state"] == "active"
    # Two was logged as a whole on 01-05: finished before its window, and so are its tasks.
    assert two["tasks"] == {"done": 2, "total": 2, "late": 0, "fraction": 1.0}
    assert two["state"] == "finished"
    assert data["tasks"] == {"done": 4, "total": 7, "late": 1, "fraction": 0.5714}
    listed = json.loads(invoke(["list", "--json", "--plan", str(hand_plan), "--today", "2030-01-06"]).stdout)
    states = {}

    def walk(node: dict[str, Any]) -> None:
        states[node["id"]] = node["state"]
        for sub in node["tasks"]:
            walk(sub)

    for phase in listed["phases"]:
        walk(phase)
    assert states == {"one": "active", "a": "finished", "b": "late", "c": "active", "c1": "finished",
                      "c2": "active", "d": "not started", "two": "finished", "e": "finished", "f": "finished"}


def test_hand_before_the_parent_was_logged(hand_plan: Path) -> None:
    data = status_json(hand_plan, "2030-01-04")
    two = data["phases"][1]
    assert two["state"] == "not started"
    assert two["tasks"]["done"] == 0  # f's own entry (01-20) is still to come
    assert data["phases"][0]["tasks"] == {"done": 1, "total": 5, "late": 0, "fraction": 0.2}


def test_hand_buffers(hand_plan: Path) -> None:
    data = status_json(hand_plan, "2030-01-06")
    quotas = {q["id"]: q for q in data["quotas"]}
    # hours: 7 h a week = 1 h a day; on the morning of 01-06 five days are gone.
    rows = {r["scope"]["id"]: r for r in quotas["hours"]["period"]["rows"]}
    assert rows["ann"]["done"] == 5 and rows["ann"]["expected"] == 5
    assert rows["ann"]["buffer_days"] == 0 and rows["ann"]["buffer"] == "on pace" and rows["ann"]["state"] == "on pace"
    assert rows["bob"]["buffer_days"] == -4 and rows["bob"]["buffer"] == "4.0 d behind"
    assert [r["scope"]["id"] for r in quotas["hours"]["period"]["rows"]] == ["bob", "ann"]  # worst first
    # essays: 4 in 10 days = 0.4 a day; 3 done are 7.5 days' worth, 5 gone.
    essay = quotas["essays"]["period"]["rows"][0]
    assert essay["scope"]["kind"] == "all" and essay["buffer_days"] == pytest.approx(2.5)
    assert essay["buffer"] == "2.5 d ahead"
    # On 01-09 the second, 3-day week (01-08 … 01-10) is prorated to 3 h; one day gone.
    later = {q["id"]: q for q in status_json(hand_plan, "2030-01-09")["quotas"]}
    week2 = later["hours"]["period"]
    assert (week2["index"], week2["start"], week2["end"]) == (2, "2030-01-08", "2030-01-10")
    rows = {r["scope"]["id"]: r for r in week2["rows"]}
    assert rows["ann"]["target"] == 3 and rows["ann"]["buffer_days"] == -1
    assert rows["bob"]["buffer_days"] == 1 and rows["bob"]["buffer"] == "1.0 d ahead"
    assert later["essays"]["period"]["rows"][0]["buffer_days"] == pytest.approx(3 / 0.4 - 8)  # -0.5


def test_progress_functions() -> None:
    from datetime import date

    from planctl.format.dates import Window
    from planctl.output.status import fill
    from planctl.status import states as p

    assert p.window_state(Window(date(2030, 1, 2), date(2030, 1, 3)), date(2030, 1, 1)) == p.NOT_STARTED
    assert p.window_state(Window(date(2030, 1, 2), date(2030, 1, 3)), date(2030, 1, 3)) == p.ACTIVE
    assert p.window_state(Window(date(2030, 1, 2), date(2030, 1, 3)), date(2030, 1, 4)) == p.LATE
    assert p.window_state(None, date(2030, 1, 4)) == p.NOT_STARTED
    assert [fill(d, 10, 10) for d in (0, 0.1, 1, 5, 9.9, 10, 12)] == [0, 1, 1, 5, 9, 10, 10]
    assert [p.Count(d, 3).percent for d in (0, 1, 2, 3)] == [0, 33, 67, 100]
    assert p.Count(199, 200).percent == 99 and p.Count(1, 1000).percent == 1


def test_views_do_not_slow_other_commands() -> None:
    """Importing the CLI (as `planctl due` does) loads none of the view modules."""
    import subprocess

    code = ("import sys, planctl.cli.app; "
            "bad = [m for m in sys.modules if m.startswith(('planctl.output.status', 'planctl.output.show', "
            "'planctl.output.listing', 'planctl.output.timeline', 'planctl.status.states', 'planctl.commands.views'))]; "
            "print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
