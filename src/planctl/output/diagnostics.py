"""Problems rendered as `path:LINE:COL: error: message`, the source line and a caret under the spot; check's and
import's summaries."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from planctl.errors import Problem
from planctl.format.source import Source
from planctl.i18n import _, ngettext
from planctl.output.cells import cell_width


def format_problem(source: Source, problem: Problem) -> str:
    """`path:LINE:COL: error: message`, the source line and a caret; `path: error: message` for a problem of
    the whole file (line 0: git holds it unmerged); its hint, if any, on the next line (`  hint: …`)."""
    severity = _("error") if problem.is_error else _("warning")
    where = f"{source.path}:{problem.line}:{problem.column}: " if problem.line else f"{source.path}: "
    head = where + _("{severity}: {message}").format(severity=severity, message=problem.message)
    if problem.hint:
        head += "\n" + _("  hint: {hint}").format(hint=problem.hint)
    if not source.text or problem.line < 1 or problem.line > len(source.line_starts()):
        return head
    line = source.line_text(problem.line)
    line_text = _shown(line)
    if len(line_text) > MAX_EXCERPT and line_text.count("\\") + line.count("\ufffd") > len(line) // 4:
        return head  # bytes of a binary file, not a line of text to show
    gutter = f"{problem.line:>5} | "
    caret_at = cell_width(_shown(line[: problem.column - 1]))
    return f"{head}\n{gutter}{line_text}\n{' ' * (len(gutter) - 2)}| {' ' * caret_at}^"


MAX_EXCERPT = 200  # characters of an excerpt beyond which a line mostly of escapes is not shown
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")


def _shown(text: str) -> str:
    """A source line as the excerpt shows it: a tab as one space, every other control character escaped (\\x0c),
    never written to the terminal as it is."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}",
                        text.expandtabs(1))


def format_problems(source: Source, problems: Sequence[Problem]) -> str:
    return "\n".join(format_problem(source, p) for p in problems)


def summary(source: Source, problems: Sequence[Problem], counts: str = "") -> str:
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if not problems:
        return _("{path}: OK{counts}").format(path=source.path, counts=counts)
    parts = [ngettext("{n} error", "{n} errors", errors).format(n=errors),
             *([ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings)] if warnings else [])]
    return f"{source.path}: {_(', ').join(parts)}"


def plural(n: int, word: str) -> str:
    """English "1 task", "2 tasks" (for messages not yet translated; prefer `counted`)."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def problems_json(source: Source, problems: Sequence[Problem]) -> str:
    rows = [
        {"path": source.path, "line": p.line, "column": p.column, "severity": p.severity, "message": p.message,
         **({"hint": p.hint} if p.hint else {})}
        for p in problems
    ]
    return json.dumps(rows, ensure_ascii=False, indent=2)


def import_report_text(data: dict[str, Any]) -> str:
    """`planctl import`'s report for the terminal (data: importer.plan.report_data): what was read as a guess,
    and every sentence not imported."""
    counts = data["counts"]
    kinds = {"phases": ngettext("{n} phase", "{n} phases", counts["phases"]),
             "tasks": ngettext("{n} task", "{n} tasks", counts["tasks"]),
             "quotas": ngettext("{n} quota", "{n} quotas", counts["quotas"]),
             "groups": ngettext("{n} group", "{n} groups", counts["groups"])}
    lines = [_("imported {document}: {counts}").format(
        document=data["document"], counts=_(", ").join(text.format(n=counts[key]) for key, text in kinds.items()))]
    lines += [_("note: {note}").format(note=n) for n in data["notices"]]
    if data["guesses"]:
        guesses = len(data["guesses"])
        lines.append(ngettext("{n} guess, marked '# import:' in the plan", "{n} guesses, marked '# import:' in the plan",
                              guesses).format(n=guesses))
    if data["not_imported"]:
        lines.append(_("not imported ({n}): check these lines of the document").format(n=len(data["not_imported"])))
        lines += [_("  line {line}: {reason}: {text}").format(line=x["line"], reason=x["reason"], text=_short(x["text"]))
                  for x in data["not_imported"]]
    return "\n".join(lines)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
