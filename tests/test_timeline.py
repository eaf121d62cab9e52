"""planctl timeline: golden charts at 80 and 160 columns, the date scale, glyphs by state, SVG and HTML export.

Regenerate the golden files deliberately with PLANCTL_UPDATE_GOLDEN=1 (see test_views.py).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from planctl.format.dates import Window
from planctl.output.timeline import Scale, fix_html_widths, fix_svg_widths
from test_views import HAND, PLAN, TODAY, WIDTHS, cells, check_golden, invoke, logged_plan  # noqa: F401

SVG = "{http://www.w3.org/2000/svg}"

CHARTS = {
    "timeline": [],
    "timeline-phase": ["--phase", "study"],
    "timeline-range": ["--from", "2009-04-01", "--to", "4月20日"],
}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", CHARTS)
def test_golden(logged_plan: Path, name: str, width: int) -> None:  # noqa: F811
    result = invoke(["timeline", *CHARTS[name], "--plan", str(logged_plan), "--today", TODAY], width)
    assert result.exit_code == 0, result.stderr
    check_golden(f"{name}-{width}.txt", result.stdout, width)


def test_width_option_overrides_the_terminal(logged_plan: Path) -> None:  # noqa: F811
    result = invoke(["timeline", "--width", "100", "--plan", str(logged_plan), "--today", TODAY], 160)
    lines = result.stdout.splitlines()
    assert max(cells(line) for line in lines) <= 100
    assert max(cells(line) for line in lines) >= 95


def test_svg_parses_and_has_every_title(logged_plan: Path, tmp_path: Path) -> None:  # noqa: F811
    svg = tmp_path / "plan.svg"
    page = tmp_path / "plan.html"
    result = invoke(["timeline", "--plan", str(logged_plan), "--today", TODAY, "--svg", str(svg), "--html", str(page)])
    assert result.exit_code == 0, result.stderr
    assert f"wrote {svg}" in result.stderr and f"wrote {page}" in result.stderr
    root = ET.parse(svg).getroot()
    assert root.tag == f"{SVG}svg"
    texts = [("".join(el.itertext())).replace("\xa0", " ") for el in root.iter(f"{SVG}text")]
    drawn = "\n".join(texts)
    from planctl.format.loader import load_path

    plan = load_path(logged_plan).plan
    assert plan is not None
    titles = [task.title for task in plan.walk()]
    assert len(titles) == 32
    for title in titles:
        assert title in drawn, f"{title} is not in the SVG"
    # The glyphs of every state on the chart, the legend and today's marker.
    for mark in ("█", "▓", "▒", "░", "▼", "finished", "not started", f"today {TODAY}"):
        assert mark in drawn
    # Chinese text is given two cells a character (Rich gives one: Textualize/rich#2742).
    label = next(el for el in root.iter(f"{SVG}text") if "深入学习理论" in "".join(el.itertext()))
    content = "".join(label.itertext())
    ascii_run = next(el for el in root.iter(f"{SVG}text") if "".join(el.itertext()).startswith("Mar"))
    per_cell = float(ascii_run.get("textLength", "0")) / len("".join(ascii_run.itertext()))
    assert float(label.get("textLength", "0")) == pytest.approx(per_cell * cells(content))
    html = page.read_text(encoding="utf-8")
    for title in titles:
        assert title in html
    assert 'width:12ch' in html  # 深入学习理论: six characters held to twelve columns


def test_export_keeps_labels_whole_at_narrow_width(logged_plan: Path, tmp_path: Path) -> None:  # noqa: F811
    svg = tmp_path / "narrow.svg"
    result = invoke(["timeline", "--plan", str(logged_plan), "--today", TODAY, "--width", "60", "--svg", str(svg)], 60)
    assert result.exit_code == 0
    assert "…" in result.stdout  # the terminal cuts long labels…
    drawn = "".join(ET.parse(svg).getroot().itertext())
    assert "在《我爱我家》网站开设深入学习实践科学发展观专栏" in drawn  # …the picture does not


def test_fix_svg_widths_only_touches_wide_text() -> None:
    svg = ('<text class="a" x="0" y="1" textLength="24.4" clip-path="url(#c)">ab</text>'
           '<text class="a" x="0" y="1" textLength="24.4" clip-path="url(#c)">中文</text>'
           '<text class="a" x="0" y="1" textLength="36.6" clip-path="url(#c)">a&amp;中</text>')
    fixed = fix_svg_widths(svg)
    assert 'textLength="24.4" clip-path="url(#c)">ab<' in fixed
    assert 'textLength="48.8" clip-path="url(#c)">中文<' in fixed
    assert 'textLength="36.6" clip-path="url(#c)">a&amp;中<' not in fixed and 'textLength="48.8"' in fixed
    assert fix_html_widths("<pre>x 中文 y</pre>") == (
        '<pre>x <span style="display:inline-block;width:4ch;white-space:nowrap">中文</span> y</pre>')


# The scale


def test_scale_columns() -> None:
    span = Window(date(2030, 1, 1), date(2030, 1, 31))
    scale = Scale(span, 43)
    assert scale.first_col(date(2030, 1, 1)) == 0
    assert scale.last_col(date(2030, 1, 31)) == 42
    assert scale.cols_of(Window(date(2030, 1, 1), date(2030, 1, 3))) == range(0, 5)  # 3·43/31 = 4.2 → 5 columns
    assert scale.cols_of(span) == range(0, 43)
    assert scale.cols_of(Window(date(2029, 12, 1), date(2029, 12, 31))) is None
    assert scale.cols_of(Window(date(2029, 12, 20), date(2030, 1, 1))) == range(0, 2)  # clipped at the left
    # More days than columns: a one-day window still gets a column.
    wide = Scale(Window(date(2030, 1, 1), date(2030, 12, 31)), 50)
    for day in (date(2030, 1, 1), date(2030, 6, 15), date(2030, 12, 31)):
        assert len(wide.cols_of(Window(day, day)) or ()) == 1


def chart_rows(plan: Path, today: str, width: int) -> dict[str, str]:
    result = invoke(["timeline", "--plan", str(plan), "--today", today], width)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    return {"axis": lines[2], **{line.split()[0]: line for line in lines[3:] if line[:1] in " 12"}}


def test_glyphs_by_state(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(HAND, encoding="utf-8")
    rows = chart_rows(path, "2030-01-06", 60)
    label = 16 + 1  # "    1.3.1 Sub C1" and a space
    bars = {key: line[label:] for key, line in rows.items()}
    assert set(bars["1.1"].strip(" │")) == {"█"}  # finished
    assert set(bars["1.2"].strip(" │")) == {"▒"}  # late
    assert set(bars["1.3"].strip(" │")) == {"▓"}  # active
    assert set(bars["1.4"].strip(" │")) == {"░"}  # not started
    assert set(bars["2.1"].strip(" │")) == {"█"}  # finished with its phase
    # Span 01-01 … 01-31 on 43 columns; today (01-06) is column 5·43//31 = 6.
    assert bars["axis"].index("▼") == 6
    assert bars["1.4"][6] == "│"
    assert bars["1.1"].rstrip(" │") == "█" * 5
    assert bars["1.2"].rstrip(" │") == "▒" * 6


def test_axis_ticks(logged_plan: Path) -> None:  # noqa: F811
    result = invoke(["timeline", "--plan", str(logged_plan), "--today", TODAY], 160)
    lines = result.stdout.splitlines()
    months, axis = lines[1], lines[2]
    assert axis.count("├") == 6  # March … August
    assert axis.count("┬") == 12  # the 11th and the 21st of each
    assert axis.count("▼") == 1
    assert re.findall(r"[A-Z][a-z]{2}", months) == ["Mar", "Apr", "May", "Jun", "Jul", "Aug"]
    assert "Mar 2009" in months
    # Month names sit over their ticks.
    start = axis.index("├")
    assert months.index("Mar") == start
    assert months.index("Apr") == axis.index("├", start + 1)


def test_today_outside_the_chart(logged_plan: Path) -> None:  # noqa: F811
    result = invoke(["timeline", "--plan", str(logged_plan), "--today", "2026-11-25"], 80)
    assert "today 2026-11-25 is after the chart" in result.stdout
    assert "▼" not in result.stdout.splitlines()[2]


def test_usage_errors(logged_plan: Path) -> None:  # noqa: F811
    args = ["timeline", "--plan", str(logged_plan), "--today", TODAY]
    assert invoke([*args, "--width", "10"]).exit_code == 2
    assert invoke([*args, "--from", "2010-01-01", "--to", "2010-02-01"]).exit_code == 2
    assert invoke([*args, "--from", "2009-05-01", "--to", "2009-04-01"]).exit_code == 2
    assert invoke([*args, "--phase", "nosuch"]).exit_code == 2
    assert invoke([*args, "--svg", str(Path("/nonexistent-dir") / "x.svg")]).exit_code == 1  # a write that failed


def test_json_rows(logged_plan: Path) -> None:  # noqa: F811
    import json

    result = invoke(["timeline", "--json", "--plan", str(logged_plan), "--today", TODAY, "--phase", "2"])
    data = json.loads(result.stdout)
    assert (data["start"], data["end"]) == ("2009-03-21", "2009-05-20")  # whole dekads around the phase
    rows = {row["id"]: row for row in data["rows"]}
    assert len(rows) == 1 + 15
    assert rows["study"]["kind"] == "phase" and rows["study"]["state"] == "active"
    assert (rows["topics"]["start"], rows["topics"]["end"], rows["topics"]["state"]) == ("2009-04-01", "2009-04-05", "finished")
    assert rows["city-lecture"]["state"] == "late" and rows["quiz"]["state"] == "not started"
