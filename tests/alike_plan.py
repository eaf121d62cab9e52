"""The plan of the entries-alike tests (test_alike_columns, test_alike_said_once): a quota of many people, a task,
each with a log of flow entries made from Hypothesis' dictionaries."""

from __future__ import annotations

from typing import Any

TASK = """    tasks:
      - id: visits
        title: 走访
        when: 2009-04-01..2009-05-10
        who: sha
"""


def head(people: dict[str, str]) -> str:
    """The plan up to the quota's log: a roster of `people` (id: name), all of them on the quota."""
    roster = "".join(f"    {person}: {name}\n" for person, name in people.items())
    return ("planctl: 1\ntitle: 相同的记录\nyear: 2009\nroster:\n  people:\n" + roster +
            "phases:\n  - id: ph\n    title: 第一阶段\n    when: 2009-04-01..2009-05-31\n    quotas:\n"
            "      - id: study\n        title: 集中学习\n"
            f"        who: [{', '.join(people)}]\n" + "        period: once\n        target: 5\n        unit: 次\n")


def entry_line(fields: dict[str, Any], *, amounts: bool) -> str:
    """One flow entry of a log: `day` and, when set, `by`, `amount` (if `amounts`), `note`, `at`."""
    parts = [f"date: {fields['day']}"]
    parts += [f"by: {fields['by']}"] if fields.get("by") else []
    parts += [f"amount: {fields['amount']}"] if amounts and fields.get("amount") is not None else []
    parts += [f"note: {fields['note']}"] if fields.get("note") else []
    parts += [f"at: {fields['at']}"] if fields.get("at") else []
    return "          - {" + ", ".join(parts) + "}\n"


def plan_text(people: dict[str, str], quota_log: list[dict[str, Any]], task_log: list[dict[str, Any]],
              between: str = "") -> str:
    """The whole plan; `between` (a comment line) is put in the middle of the quota's log when both are given."""
    quota = [entry_line(fields, amounts=True) for fields in quota_log]
    if quota and between:  # a comment inside the log: its lines are two runs (or built by YAML)
        quota.insert(len(quota) // 2, between)
    task = "".join(entry_line(fields, amounts=False) for fields in task_log)
    return (head(people) + ("        log:\n" + "".join(quota) if quota else "") + TASK +
            ("        log:\n" + task if task else ""))
