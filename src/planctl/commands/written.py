"""What a write did, as JSON for scripts (`done --json`, `undo --json`, `shift --json`).

Each is one object printed on stdout: ``{"plan": PATH, "action": "recorded" | "took back" | "shifted", ...}``.
An entry is ``{"date": ISO day, "by", "unit", "amount" (a number in the quota's unit, or null), "note",
"at": ISO time or null}``, and ``"occurrence"`` (the ISO day of the occurrence a recurring task's entry
done ahead counts for, `done --for`) only on such an entry; the item is ``{"id", "outline", "title", "kind": "task" | "quota"}``.
"""

from __future__ import annotations

from typing import Any

from planctl.model import Completion, Quota, Task


def entry_json(entry: Completion) -> dict[str, Any]:
    from planctl.output.jsonshape import stamp  # as `log --json` and `export json` write it

    shape = {"date": entry.date.isoformat(), "by": entry.by, "unit": entry.unit, "amount": entry.amount,
             "note": entry.note, "at": stamp(entry.at)}
    if entry.occurrence is not None:  # done ahead for a named occurrence (`done --for`)
        shape["occurrence"] = entry.occurrence.isoformat()
    return shape


def item_json(item: Task | Quota) -> dict[str, Any]:
    return {"id": item.id, "outline": item.outline, "title": item.title,
            "kind": "quota" if isinstance(item, Quota) else "task"}


def print_entry(action: str, plan: str, item: Task | Quota, entry: Completion, *, line: int | None = None,
                notes: list[str] | None = None) -> None:
    """Print what `done` recorded or `undo` took back, and where (`line`: the entry's line, 1-based)."""
    data: dict[str, Any] = {"plan": plan, "action": action, "item": item_json(item), "entry": entry_json(entry)}
    if line is not None:
        data["line"] = line
    data["notes"] = notes or []
    print_json(data)


def print_json(data: dict[str, Any]) -> None:
    """Print `data` as JSON (its messages, such as `notes`, are in the reader's language, README "Language")."""
    from planctl.output import jsonshape

    print(jsonshape.dumps(data))
