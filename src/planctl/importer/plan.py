"""The importer's entry point for commands: a document in, a checked plan text and its report out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, NamedTuple

from planctl.errors import PlanctlError, Problem
from planctl.format import dates
from planctl.i18n import _
from planctl.importer.build import build_draft, walk
from planctl.importer.draft import Document, Draft, Guess
from planctl.importer.reading import read_document
from planctl.importer.yamlout import plan_text


class Imported(NamedTuple):
    """The plan text (passes `planctl check`), the draft it came from, and the loader's warnings."""

    text: str
    draft: Draft
    warnings: list[Problem]


def import_document(path: Path, *, year: int | None, plan_name: str = "plan.yaml", document: Document | None = None) -> Imported:
    """Read `path` (unless the caller has: `document`), build the plan and read it back with the real loader.
    Raises UsageError, DocumentRefused, or PlanctlError (exit 70) if the written plan would not pass `check`
    or would read differently (a bug)."""
    from planctl.format.loader import load_bytes

    if document is None:
        document = read_document(path)
    draft = build_draft(document, path.stem, year)
    text = plan_text(draft, path.name)
    loaded = load_bytes(plan_name, text.encode("utf-8"))
    problems = loaded.problems  # already located and sorted: the same reading `planctl check` does
    errors = [p for p in problems if p.is_error]
    if errors or loaded.plan is None:
        first = errors[0] if errors else None
        where = _(" (line {line}: {message})").format(line=first.line, message=first.message) if first else ""
        raise PlanctlError(_("the imported plan would not pass 'planctl check'{where}; this is a bug in planctl import").format(
            where=where))
    _same_windows(draft, loaded.plan)
    return Imported(text, draft, [p for p in problems if not p.is_error])


def _same_windows(draft: Draft, plan: Any) -> None:
    """Every item reads back with the window (and title) the importer resolved for it. A window without
    an end (2015年8月10日起), and what inherits it, ends where the loader says: at the plan's end, which
    only the whole plan knows; there the start is compared and the draft takes the loader's end."""
    read = {task.id: task for task in plan.walk()}
    open_ids = {item.id for phase in draft.phases for item in _open_and_below(phase, False)}
    for item in walk(draft.phases):
        task = read.get(item.id)
        if task is not None and item.id in open_ids and task.window is not None and item.window is not None \
                and task.window.start == item.window.start:
            item.window = task.window
        if task is None or task.title != item.title or task.window != item.window:
            raise PlanctlError(_("item '{id}' reads back differently from the document; this is a bug in planctl import").format(
                id=item.id))


def _open_and_below(item: Any, inherited: bool) -> list[Any]:
    """The items whose window is open-ended, written (`when: …起`) or inherited from one."""
    if item.when:
        spec = dates.marked(item.when)
        is_open = spec is not None and spec.open_end
    else:
        is_open = inherited
    found = [item] if is_open else []
    for child in item.children:
        found.extend(_open_and_below(child, is_open))
    return found


def report_data(imported: Imported, document: str) -> dict[str, Any]:
    """The import report as JSON-ready data (the shape docs/import.md describes)."""
    draft = imported.draft
    guesses: list[Guess] = [draft.year_guess] if draft.year_guess else []
    for item in walk(draft.phases):
        guesses += item.guesses
        for quota in item.quotas:
            guesses += quota.guesses
    return {
        "document": document,
        "notices": draft.notices,
        "guesses": [{"line": g.line, "text": g.text} for g in sorted(guesses, key=lambda g: g.line)],
        "not_imported": [{"line": x.line, "text": x.text, "reason": x.reason}
                         for x in sorted(draft.leftovers, key=lambda x: x.line)],
        "counts": {"phases": len(draft.phases), "tasks": len(walk(draft.phases)) - len(draft.phases),
                   "quotas": sum(len(i.quotas) for i in walk(draft.phases)), "groups": len(draft.groups)},
    }


def report_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
