"""`planctl report --format html`: one self-contained page to read on screen and print on A4.

No outside URL, no script: the styles are inline, the charts (per-phase progress, quotas met by unit,
the Gantt chart) are inline SVG from output/svgchart.py, and every word is text a browser can select,
search and copy. Print CSS: A4 landscape, each section from a new page, table headers repeated.

Plan text is escaped (`html.escape`), so a title such as `<script>` or `"><img onerror=…>` shows as
written and is never markup.
"""

from __future__ import annotations

from planctl.output import report_tables as t
from planctl.output import svgchart
from planctl.output.report_words import Words
from planctl.status import report as r
from planctl.status import states as s

GANTT_WIDTH = 1168  # px: the page's width (1200) less its padding
esc = svgchart.text  # escaped for HTML text and attribute values alike

CSS = f"""
:root {{ color-scheme: light; }}
body {{ margin: 24px auto; max-width: 1200px; padding: 0 16px; font-family: {svgchart.FONT_STACK};
  font-size: 14px; line-height: 1.5; color: #212121; }}
h1 {{ font-size: 22px; margin: 0 0 4px; }}
h2 {{ font-size: 18px; margin: 28px 0 8px; border-bottom: 2px solid #1565c0; padding-bottom: 2px;
  break-after: avoid; }}
h3 {{ font-size: 15px; margin: 16px 0 6px; break-after: avoid; }}
.as-of {{ color: #607d8b; margin: 0 0 12px; }}
.summary {{ font-size: 17px; font-weight: bold; background: #e3f2fd; border-left: 4px solid #1565c0;
  padding: 8px 12px; margin: 0 0 8px; }}
table {{ border-collapse: collapse; width: 100%; margin: 4px 0 12px; }}
th, td {{ border: 1px solid #b0bec5; padding: 3px 6px; text-align: left; vertical-align: top; }}
th {{ background: #eceff1; white-space: nowrap; }}
td.num {{ text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }}
td.date {{ white-space: nowrap; }}
td.state-met, td.state-finished {{ color: #2e7d32; }}
td.state-missed, td.state-late {{ color: #c62828; font-weight: bold; }}
td.state-behind {{ color: #e65100; }}
.none {{ color: #607d8b; }}
.charts {{ display: flex; flex-wrap: wrap; align-items: flex-start; gap: 8px 32px; }}
svg {{ max-width: 100%; height: auto; }}
.gantt {{ overflow-x: auto; }}
@page {{ size: A4 landscape; margin: 12mm; }}
.gantt svg {{ display: block; }}
@media print {{
  body {{ margin: 0; max-width: none; padding: 0; font-size: 11pt; }}
  * {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
  section + section {{ break-before: page; }}
  thead {{ display: table-header-group; }}
  tr {{ break-inside: avoid; }}
  .gantt {{ overflow: visible; }}
  .gantt svg {{ display: block; width: 100%; height: 160mm; }}  /* the whole chart on one page, scaled to fit */
}}
"""


def page(report: r.Report, w: Words) -> str:
    lang = "zh-CN" if w.lang == "zh" else "en"
    heading = t.heading(report, w)
    parts = [
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{esc(heading)}</title>\n'
        f"<style>{CSS}</style>\n</head>\n<body>",
        "<section>",
        f"<h1>{esc(heading)}</h1>",
        f'<p class="as-of">{esc(t.as_of_note(report, w))}</p>',
        f'<p class="summary">{esc(w.summary(report))}</p>',
        f'<div class="charts">{_phase_bars(report, w)}{_unit_bars(report, w)}</div>',
        _ledger(report, w),
        "</section>",
        "<section>",
        f'<h2>{esc(w["timeline"])}</h2>',
        f'<div class="gantt">{_gantt(report)}</div>',
        "</section>",
        _section([t.quotas(report, w, numbers=False)], w),
        _section([t.fell_overdue(report, w), t.still_open(report, w), t.due_next(report, w), t.quotas_due_next(report, w)], w),
        "</body>\n</html>\n",
    ]
    return "\n".join(parts)


def _phase_bars(report: r.Report, w: Words) -> str:
    rows = [svgchart.Bar(f"{line.task.outline} {line.task.title}", line.leaves.fraction,
                         f"{line.leaves.done}/{line.leaves.total} · {w[line.state]}", svgchart.COLOURS[line.state])
            for line in report.phases]
    return svgchart.bars(rows, title=w["phases"]) if rows else ""


def _unit_bars(report: r.Report, w: Words) -> str:
    rows = []
    for unit, lines in report.quotas_by_unit():
        met = sum(line.state == r.MET for line in lines)
        name = t.name(report.plan, unit) if unit else w["all"]
        colour = svgchart.COLOURS[s.LATE] if any(line.state == r.MISSED for line in lines) else svgchart.COLOURS[s.FINISHED]
        rows.append(svgchart.Bar(name, met / len(lines), f"{met}/{len(lines)} {w[r.MET]}", colour))
    return svgchart.bars(rows, title=w["units_chart"]) if rows else ""


def _gantt(report: r.Report) -> str:
    from planctl.output import timeline

    chart = timeline.build(report.plan, report.as_of, phase=report.period.phase)
    return svgchart.gantt(timeline.gantt(chart), standalone=False, fit=GANTT_WIDTH) if chart is not None else ""


def _ledger(report: r.Report, w: Words) -> str:
    out = [f"<h2>{esc(w['ledger'])}</h2>"]
    parts = t.ledger_by_phase(report, w)
    for title, table in parts:
        out += [f"<h3>{esc(title)}</h3>", _table(table, w)]
    if not parts:
        out.append(f'<p class="none">{esc(w["nothing"])}</p>')
    by_unit = t.by_unit(report, w)
    out += [f"<h3>{esc(by_unit.title)}</h3>", _table(by_unit, w)]
    return "\n".join(out)


def _section(tables: list[t.Table], w: Words) -> str:
    out = ["<section>"]
    for table in tables:
        out += [f"<h2>{esc(table.title)}</h2>", _table(table, w)]
    out.append("</section>")
    return "\n".join(out)


def _table(table: t.Table, w: Words) -> str:
    if not table.rows:
        return f'<p class="none">{esc(w["nothing"])}</p>'
    head = "".join(f"<th>{esc(col.header)}</th>" for col in table.columns)
    body = []
    for row in table.rows:
        cells = "".join(_cell(cell, col, w) for cell, col in zip(row, table.columns, strict=True))
        body.append(f"<tr>{cells}</tr>")
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(body) + "\n</tbody>\n</table>"


_STATE_CLASSES = {"met": "state-met", "finished": "state-finished", "missed": "state-missed", "late": "state-late",
                  "behind": "state-behind"}


def _cell(cell: t.Cell, column: t.Column, w: Words) -> str:
    shown = esc(t.shown(cell, column))
    if column.kind == t.PERCENT and isinstance(cell, float):
        return f'<td class="num">{_meter(cell)} {shown}</td>'
    if column.kind in (t.NUMBER, t.PERCENT):
        return f'<td class="num">{shown}</td>'
    if column.kind == t.DATE:
        return f'<td class="date">{shown}</td>'
    if column.header == w["state"] and isinstance(cell, str):
        state = next((key for key in _STATE_CLASSES if w.table.get(key) == cell), None)
        if state is not None:
            return f'<td class="{_STATE_CLASSES[state]}">{shown}</td>'
    return f"<td>{shown}</td>"


def _meter(fraction: float) -> str:
    """A small progress bar (inline SVG) for a table cell."""
    filled = 60 * max(0.0, min(fraction, 1.0))
    colour = svgchart.COLOURS[s.FINISHED] if fraction >= 1 else svgchart.COLOURS[s.ACTIVE]
    return (f'<svg width="60" height="10" viewBox="0 0 60 10" role="img" aria-hidden="true">'
            f'<rect width="60" height="10" rx="2" fill="#eceff1"/>'
            f'<rect width="{filled:.1f}" height="10" rx="2" fill="{colour}"/></svg>')
