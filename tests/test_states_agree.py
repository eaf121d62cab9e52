"""One item, one day, one state: `due`, `list`, `show`, `status` and `export json` agree (issue 13).

The bundled plan with completions logged through `planctl done` (a task, a task done through its
parts, a whole phase, quota entries), read on 12 days across the plan. The views speak two
vocabularies (docs/export.md; status/states.py): `due` and `export` say done / overdue / due_today /
in_progress / upcoming, the others finished / late / active / not started; each is mapped to the
other and must match item by item.

Every day is read through the views' own JSON builders in this process (what each command prints,
without ~400 command start-ups); three of the days, through the commands themselves.
"""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from conftest import BUNDLED, run_cli
from planctl.format.loader import load_path
from planctl.output import due, export, jsonshape, listing, show, status
from planctl.status.agenda import build_agenda
from planctl.status.lookup import find_item

SECTION_STATES = {"done": "finished", "overdue": "late", "due_today": "active", "in_progress": "active",
                  "upcoming": "not started", "no_window": "not started"}
# Spread over the plan's span (2009-03-01 … 2009-08-31), with the day issue 13 names (scheme is
# logged on 03-25, so on 03-10 it is still active everywhere) and days around the other entries.
DAYS = [date(2009, 3, 10), date(2009, 3, 25), date(2009, 3, 31), date(2009, 4, 4), date(2009, 4, 12),
        date(2009, 4, 16), date(2009, 4, 19), date(2009, 5, 20), date(2009, 6, 2), date(2009, 6, 30),
        date(2009, 7, 31), date(2009, 8, 31)]
DONE = [  # planctl done ARGS…
    ["scheme", "--date", "2009-03-25", "--by", "sha"],
    ["topics", "--date", "2009-04-04", "--by", "zhangwei"],
    ["fieldwork", "--date", "2009-04-15", "--by", "zhangwei"],
    ["report", "--date", "2009-04-19", "--by", "zhangwei"],  # research is then done through its parts
    ["review", "--date", "2009-06-01", "--by", "sha", "--yes"],  # a whole phase: its tasks are done with it
    ["forums-held", "--date", "2009-04-02", "--by", "sha", "--amount", "1"],
    ["forums-held", "--date", "2009-04-04", "--by", "sha", "--amount", "1"],
    ["self-study", "--date", "2009-04-08", "--by", "zhangwei", "--amount", "9h"],
]

CLI_DAYS = {"2009-04-16"}  # and 03-10, 03-25 in test_the_day_issue_13_names


def run(*args: str) -> Any:
    result = run_cli(*args, env={"COLUMNS": None})
    assert result.exit_code == 0, (args, result.output)
    return json.loads(result.stdout) if "--json" in args or args[:2] == ("export", "json") else result.stdout


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("agree") / "plan.yaml"
    shutil.copyfile(BUNDLED, path)
    for args in DONE:
        run("done", *args, "--plan", str(path), "--quiet")
    return str(path)


def tree(node: dict[str, Any], key: str = "tasks") -> list[dict[str, Any]]:
    return [node, *(item for sub in node[key] for item in tree(sub, key))]


class Views:
    """The JSON each view prints for the plan at `path` on `day`: through the command, or its builder."""

    def __init__(self, path: str, day: str, cli: bool) -> None:
        self.path, self.day, self.cli = path, day, cli
        self.plan = None if cli else load_path(Path(path)).plan
        self.today = date.fromisoformat(day)

    def json(self, command: str, *extra: str) -> Any:
        if self.cli:
            args = ("export", "json") if command == "export" else (command, *extra, "--json")
            return run(*args, "--plan", self.path, "--today", self.day)
        plan, today = self.plan, self.today
        assert plan is not None
        if command == "list":
            return listing.to_json(plan, today)
        if command == "show":
            return show.to_json(plan, find_item(plan, extra[0]), today)
        if command == "export":  # written as it is made (jsonshape.Items): read back as the command prints it
            return json.loads("".join(jsonshape.chunks(export.resolved(plan, today, self.path))))
        if command == "status":
            return status.to_json(plan, status.build(plan, today), self.path)
        horizon = int(extra[extra.index("--days") + 1]) if "--days" in extra else 7
        return due.to_json(plan, build_agenda(plan, today, horizon, None, "--all" in extra), self.path)


def task_states(plan: str, day: str, cli: bool = False) -> dict[str, dict[str, str]]:
    """Each phase's and task's state as each view gives it, in the finished/late/active/not started words."""
    views: dict[str, dict[str, str]] = {}
    read = Views(plan, day, cli)
    listed = read.json("list")
    views["list"] = {n["id"]: n["state"] for ph in listed["phases"] for n in tree(ph)}
    views["show"] = {ident: read.json("show", ident)["state"] for ident in views["list"]}
    exported = read.json("export")
    nodes = [n for ph in exported["phases"] for n in tree(ph)]
    views["export"] = {n["id"]: SECTION_STATES[n["state"]] for n in nodes}
    # its `done` flag says the same: finished when true, the state's word otherwise
    views["export done"] = {n["id"]: "finished" if n["done"] else SECTION_STATES[n["state"]] for n in nodes}
    # due: every task with a window, done ones with --all; a horizon that reaches the plan's end.
    due = read.json("due", "--all", "--days", "400")
    views["due"] = {row["id"]: SECTION_STATES["done" if row["done"] else row["section"]]
                    for name, rows in due["sections"].items() if name != "quotas" for row in rows}
    status = read.json("status")
    views["status"] = {ph["id"]: ph["state"] for ph in status["phases"]}
    return views


@pytest.mark.parametrize("day", [d.isoformat() for d in DAYS])
def test_every_view_gives_each_task_the_same_state(plan: str, day: str) -> None:
    views = task_states(plan, day, cli=day in CLI_DAYS)
    truth = views["list"]
    assert set(views["show"]) == set(views["export"]) == set(truth)
    assert set(views["due"]) == {i for i in truth if i not in views["status"]}  # due lists tasks, not phases
    for name, states in views.items():
        assert {i: truth[i] for i in states} == states, name


def test_the_day_issue_13_names(plan: str) -> None:
    """scheme logged on 03-25 is active on 03-10 in every view, and finished from 03-25."""
    before = task_states(plan, "2009-03-10", cli=True)
    assert {name: states.get("scheme") for name, states in before.items() if name != "status"} == dict.fromkeys(
        ("list", "show", "export", "export done", "due"), "active")
    after = task_states(plan, "2009-03-25", cli=True)
    assert {name: states.get("scheme") for name, states in after.items() if name != "status"} == dict.fromkeys(
        ("list", "show", "export", "export done", "due"), "finished")


@pytest.mark.parametrize("day", [d.isoformat() for d in DAYS])
def test_every_view_gives_each_quota_the_same_rows(plan: str, day: str) -> None:
    """A quota's current period: the same rows, states and amounts in status, show, export and due."""
    read = Views(plan, day, cli=day in CLI_DAYS)
    status = {q["id"]: q["period"] for q in read.json("status")["quotas"]}
    listed = read.json("list")
    list_states = {q["id"]: q["state"] for ph in listed["phases"] for n in tree(ph) for q in n["quotas"]}
    exported = read.json("export")
    export_quotas = {q["id"]: q for ph in exported["phases"] for n in tree(ph) for q in n["quotas"]}
    due = read.json("due")["sections"]["quotas"]

    def rows(period: dict[str, Any]) -> dict[Any, tuple[str, float, float]]:
        return {r["scope"]["id"]: (r["state"], r["done"], r["target"]) for r in period["rows"]}

    assert set(status) == set(list_states) == set(export_quotas)
    for ident, period in status.items():
        shown = read.json("show", ident)["periods"][period["index"] - 1]
        assert shown == period, ident
        assert rows(export_quotas[ident]["periods"][period["index"] - 1]) == rows(period), ident
        assert list_states[ident] == period["rows"][0]["state"], ident  # the worst row
        in_due = {r["scope"]["id"]: (r["state"], r["done"], r["target"]) for r in due if r["id"] == ident}
        assert in_due == (rows(period) if period["current"] else {}), ident
        start = date.fromisoformat(period["start"])
        assert period["current"] is (start <= date.fromisoformat(day) <= start + timedelta(days=period["days"] - 1))
