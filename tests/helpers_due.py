"""Shared helpers for the `planctl due` tests: run the CLI, read its JSON, add log entries to a copy of the plan."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

from conftest import PLAN, run_cli

SECTIONS = ("overdue", "due_today", "in_progress", "upcoming")
PHASE_IDS = {"prep", "study", "review", "rectify", "wrap-up"}

# Every task of the bundled plan (not phases), as read from the seed by hand.
ALL_TASKS = {
    "lead-group", "scheme", "mobilize",
    "theory", "city-lecture", "tutorial", "lecture", "consult", "forums", "web-column", "letters", "public-forum",
    "research", "topics", "fieldwork", "report", "debate", "quiz",
    "dem-life", "branch-life", "check-report", "appraisal",
    "fix-plan", "solve", "mechanism",
    "summary", "survey",
}
ALL_QUOTAS = {
    "center-study", "branch-study", "branch-lecture", "self-study", "notes", "essay", "reflections",
    "forums-held", "branch-life-held",
}
PEOPLE = {"sha", "zhangwei", "lina", "wangfang", "liuyang", "chenjing", "yangfan"}
LEADERS = {"sha", "zhangwei", "lina"}


def due(plan: Path | str = PLAN, *extra: str, today: str | None = None, env: dict[str, str | None] | None = None) -> Any:
    args = ["due", "--plan", str(plan)]
    if today is not None:
        args += ["--today", today]
    return run_cli(*args, *extra, env=env)


def due_json(today: str | None, *extra: str, plan: Path | str = PLAN, env: dict[str, str | None] | None = None,
             exit_code: int = 0) -> dict[str, Any]:
    result = due(plan, "--json", *extra, today=today, env=env)
    assert result.exit_code == exit_code, (result.exit_code, result.stdout, result.stderr)
    return json.loads(result.stdout)


def ids(data: dict[str, Any], section: str) -> set[str]:
    return {row["id"] for row in data["sections"].get(section, [])}


def days_of(data: dict[str, Any], section: str) -> dict[str, int]:
    return {row["id"]: row["days"] for row in data["sections"].get(section, [])}


def all_task_ids(data: dict[str, Any]) -> set[str]:
    return set().union(*(ids(data, s) for s in SECTIONS))


def quota_rows(data: dict[str, Any], quota_id: str | None = None) -> list[dict[str, Any]]:
    rows = data["sections"]["quotas"]
    return [r for r in rows if quota_id is None or r["id"] == quota_id]


def quota_by_scope(data: dict[str, Any], quota_id: str) -> dict[str | None, dict[str, Any]]:
    return {r["scope"]["id"]: r for r in quota_rows(data, quota_id)}


def with_logs(tmp_path: Path, logs: dict[str, list[str]], name: str = "plan.yaml") -> Path:
    """A copy of the bundled plan with `log:` entries (flow mappings, e.g. "{date: 2009-04-03, by: sha}")
    added under the task or quota whose `- id:` line is given."""
    text = PLAN.read_text(encoding="utf-8")
    for item, entries in logs.items():
        pattern = re.compile(rf"^(?P<indent> *)- id: {re.escape(item)}\n", re.M)
        matches = list(pattern.finditer(text))
        assert len(matches) == 1, f"no single '- id: {item}' line in plan.yaml"
        match = matches[0]
        keys = " " * (len(match["indent"]) + 2)
        block = f"{keys}log:\n" + "".join(f"{keys}  - {entry}\n" for entry in entries)
        text = text[: match.end()] + block + text[match.end():]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def display_columns(line: str, chars: str) -> list[int]:
    """The display columns at which any of `chars` occurs in `line`."""
    out = []
    col = 0
    for ch in line:
        if ch in chars:
            out.append(col)
        col += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return out


ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\]")
