"""`planctl report --format md`: the report as Markdown (CommonMark tables as GitHub renders them), to paste.

Plan text is escaped so that it shows as written: `| * _ [ ] < > & \\` and the rest of CommonMark's
punctuation that could start markup get a backslash, line breaks inside a cell become spaces, and a
terminal control or invisible character shows as its escape (output/visible.py).
"""

from __future__ import annotations

import re

from planctl.output import report_tables as t
from planctl.output.report_words import Words
from planctl.output.visible import visible
from planctl.status import report as r

_MARKUP = re.compile(r"([\\`*_\[\]<>&|~#!{}()])")


def escape(text: str) -> str:
    """Plan text as literal Markdown: what would be markup is backslash-escaped (CommonMark 2.4), a hidden
    character (output/visible.py) shown by its escape, whose backslash is escaped in turn."""
    return _MARKUP.sub(r"\\\1", visible(re.sub(r"\s*[\r\n]+\s*", " ", text)))


def document(report: r.Report, w: Words) -> str:
    out = [f"# {escape(t.heading(report, w))}", "", f"{escape(t.as_of_note(report, w))} · **{escape(w.summary(report))}**",
           "", f"## {escape(w['ledger'])}", ""]
    parts = t.ledger_by_phase(report, w)
    for title, table in parts:
        out += [f"### {escape(title)}", "", *table_lines(table), ""]
    if not parts:
        out += [escape(w["nothing"]), ""]
    for table in (t.by_unit(report, w), t.quotas(report, w, numbers=False), t.fell_overdue(report, w),
                  t.still_open(report, w), t.due_next(report, w), t.quotas_due_next(report, w)):
        out += [f"## {escape(table.title)}", ""]
        out += [*table_lines(table), ""] if table.rows else [escape(w["nothing"]), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def table_lines(table: t.Table) -> list[str]:
    right = [col.kind in (t.NUMBER, t.PERCENT) for col in table.columns]
    lines = [_row([escape(col.header) for col in table.columns]),
             _row(["---:" if r else "---" for r in right])]
    for row in table.rows:
        lines.append(_row([escape(t.shown(cell, col)) for cell, col in zip(row, table.columns, strict=True)]))
    return lines


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"
