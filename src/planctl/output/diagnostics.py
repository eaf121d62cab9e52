"""Problems rendered as `path:LINE:COL: error: message`, the source line and a caret under the spot; check's and
import's summaries."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from planctl.errors import ERROR, Problem
from planctl.format.source import Source
from planctl.i18n import _, filler, ngettext
from planctl.output.cells import cell_width
from planctl.output.visible import visible


def format_problem(source: Source, problem: Problem) -> str:
    """`path:LINE:COL: error: message`, the source line and a caret under the spot; `path: error: message` for a
    problem of the whole file (line 0: git holds it unmerged); its hint, if any, on the next line (`  hint: …`)."""
    return next(formatted_problems(source, [problem]))


def formatted_problems(source: Source, problems: Iterable[Problem]) -> Iterator[str]:
    """`format_problem` of each problem, in turn: a check of a large plan writes them as they are made (its
    100,000 warnings joined took 100 MB more), and the words around them are translated once."""
    words, warning = {ERROR: _("error")}, _("warning")  # by severity: an error, else a warning
    headed, hinted = filler(_("{severity}: {message}"), "severity", "message"), _("  hint: {hint}")
    path = source.path
    lines = -1  # the text's, listed when a problem has a line (a look-up of one does not list them)
    line_text = source.line_text
    around: dict[str, tuple[str, str]] = {}  # by severity: the words before and after the message
    for problem in problems:
        _offset, message, severity, line, column, hint = problem  # unpacked once (a check may print 100,000)
        before, after = around.get(severity) or around.setdefault(severity, _around(headed(words.get(severity) or warning, "\0")))
        head = f"{path}:{line}:{column}: {before}{message}{after}" if line else f"{path}: {before}{message}{after}"
        if hint:
            head += "\n" + hinted.format(hint=hint)
        if not head.isprintable():  # visible's own first test, without its call
            head = visible(head)  # a message may quote plan text
        if lines < 0 and line >= 1:
            lines = source.line_count() if source.text else 0
        if line < 1 or line > lines:
            yield head
            continue
        text = line_text(line)
        if len(text) <= EXCERPT_CHARS and 0 < column <= len(text) + 1 and text.isprintable():
            yield _with_line(text, problem, head)  # the usual line: what _with_piece gives it
        else:
            yield _with_piece(text, problem, head)


def _around(head: str) -> tuple[str, str]:
    before, _nul, after = head.partition("\0")
    return before, after


def _with_line(line: str, problem: Problem, head: str) -> str:
    """`_with_piece` of a line that is shown whole and as it is: at most EXCERPT_CHARS long, nothing hidden
    (no tab, no control character), the column within it or just after it."""
    gutter = f"{problem.line:>5} | "
    return f"{head}\n{gutter}{line}\n{' ' * (len(gutter) - 2)}| {' ' * cell_width(line[:problem.column - 1])}^"


def _with_piece(line: str, problem: Problem, head: str) -> str:
    """`head`, then `line` (the piece of it around the column) as the excerpt shows it, and a caret at the column."""
    start, end = excerpt_span(len(line), problem.column - 1)
    piece = line[start:end]
    line_text = _shown(piece)
    if len(line_text) > MAX_EXCERPT and line_text.count("\\") + piece.count("\ufffd") > len(piece) // 4:
        return head  # bytes of a binary file, not a line of text to show
    before, after = ("…" if start else ""), ("…" if end < len(line) else "")
    gutter = f"{problem.line:>5} | "
    caret_at = cell_width(before + _shown(line[start: problem.column - 1]))
    return f"{head}\n{gutter}{before}{line_text}{after}\n{' ' * (len(gutter) - 2)}| {' ' * caret_at}^"


MAX_EXCERPT = 200  # characters of an excerpt beyond which a line mostly of escapes is not shown
EXCERPT_CHARS = 120  # characters of a source line an excerpt shows at most: a longer line is cut around the column
EXCERPT_BEFORE = 50  # of them, at most this many before the column


def excerpt_span(length: int, column: int) -> tuple[int, int]:
    """The characters [start, end) of a line `length` characters long that its excerpt shows, for a problem
    at (0-based) `column`: the whole line when it has at most EXCERPT_CHARS, else EXCERPT_CHARS of it with
    at most EXCERPT_BEFORE before the column (fewer at the line's start, more at its end)."""
    if length <= EXCERPT_CHARS:
        return 0, length
    column = min(max(column, 0), length)
    start = min(max(column - EXCERPT_BEFORE, 0), length - EXCERPT_CHARS)
    return start, start + EXCERPT_CHARS


def _shown(text: str) -> str:
    """A source line as the excerpt shows it: a tab as one space, every hidden character escaped as the views
    escape it (output/visible.py, `\\x0c`), never written to the terminal as it is."""
    return visible(text.expandtabs(1))


def format_problems(source: Source, problems: Sequence[Problem]) -> str:
    return "\n".join(formatted_problems(source, problems))


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
