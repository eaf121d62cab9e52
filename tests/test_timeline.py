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
from planctl.output import svgchart
from planctl.output.timeline import Scale
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


def test_svg_is_a_drawn_gantt_chart(logged_plan: Path, tmp_path: Path) -> None:  # noqa: F811
    svg = tmp_path / "plan.svg"
    page = tmp_path / "plan.html"
    result = invoke(["timeline", "--plan", str(logged_plan), "--today", TODAY, "--svg", str(svg), "--html", str(page)])
    assert result.exit_code == 0, result.stderr
    assert f"wrote {svg}" in result.stderr and f"wrote {page}" in result.stderr
    root = ET.parse(svg).getroot()
    assert root.tag == f"{SVG}svg"
    texts = ["".join(el.itertext()) for el in root.iter(f"{SVG}text")]
    from planctl.format.loader import load_path

    plan = load_path(logged_plan).plan
    assert plan is not None
    tasks = plan.walk()
    assert len(tasks) == 32
    for task in tasks:  # every label whole, as text
        assert f"{task.outline} {task.title}" in texts
    # Not a terminal screenshot: no glyph bars, no window buttons; bars are shapes in state colours.
    assert not any(glyph in "".join(texts) for glyph in "█▓▒░")
    tips = {el.findtext(f"{SVG}title"): el for el in root.iter(f"{SVG}g")}
    late = next(g for tip, g in tips.items() if tip and tip.startswith("1.2 "))
    assert late.find(f"{SVG}rect").get("stroke") == svgchart.COLOURS["late"]
    done = next(g for tip, g in tips.items() if tip and tip.startswith("1.1 "))
    assert [r.get("fill") for r in done.iter(f"{SVG}rect")][-1] == svgchart.COLOURS["finished"]
    # 2.6 开展专题调研: one of its three steps done, so a third of its bar is filled.
    research = [r for r in next(g for tip, g in tips.items() if tip and tip.startswith("2.6 ")).iter(f"{SVG}rect")]
    assert float(research[1].get("width", "0")) == pytest.approx(float(research[0].get("width", "0")) / 3, abs=0.2)
    # Month and dekad ticks, today's line, the legend in the plan's language.
    assert [t for t in texts if t.endswith("月") and t.startswith("2009年")] == [f"2009年{m}月" for m in range(3, 9)]
    assert texts.count("上旬") == 6 and texts.count("下旬") == 6
    assert "今天 4月12日" in texts
    assert {"已完成", "进行中", "逾期", "未开始"} <= set(texts)
    # Self-contained, with a CJK font stack; the only URL is the SVG namespace, which is never fetched.
    data = svg.read_text(encoding="utf-8")
    assert re.findall(r"https?://[^\s\"'<>]+", data) == ["http://www.w3.org/2000/svg"]
    assert "Noto Sans CJK SC" in data and "Microsoft YaHei" in data and "<script" not in data
    html = page.read_text(encoding="utf-8")
    assert not re.search(r"https?:", html) and "<script" not in html
    assert html.count("<svg") == 1 and "1.2 制定处学习实践活动实施方案" in html


def test_svg_is_sized_by_its_content(logged_plan: Path, tmp_path: Path) -> None:  # noqa: F811
    def size(*args: str) -> tuple[float, float]:
        path = tmp_path / "chart.svg"
        assert invoke(["timeline", "--plan", str(logged_plan), "--today", TODAY, *args, "--svg", str(path)]).exit_code == 0
        root = ET.parse(path).getroot()
        return float(root.get("width", "0")), float(root.get("height", "0"))

    whole, phase = size(), size("--phase", "wrap-up")
    assert phase[1] < whole[1]  # 3 rows against 32
    assert phase[0] < whole[0]  # shorter labels; the axis is about as wide


def test_plan_text_in_svg_is_text(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(HAND.replace("title: Task A", 'title: "<script>alert(1)</script> ]]> \\"><img src=x onerror=alert(1)>"'),
                    encoding="utf-8")
    svg = tmp_path / "x.svg"
    assert invoke(["timeline", "--plan", str(path), "--today", "2030-01-06", "--svg", str(svg)]).exit_code == 0
    data = svg.read_text(encoding="utf-8")
    assert "<script" not in data and "<img" not in data and "]]>" not in data
    texts = ["".join(el.itertext()) for el in ET.parse(svg).getroot().iter(f"{SVG}text")]
    assert '1.1 <script>alert(1)</script> ]]> "><img src=x onerror=alert(1)>' in texts


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
    at = next(i for i, line in enumerate(lines) if "├" in line or "▼" in line)  # under the months (and dekads)
    return {"axis": lines[at], **{line.split()[0]: line for line in lines[at + 1:] if line[:1] in " 12"}}


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
    assert invoke([*args, "--svg", str(Path("/nonexistent-dir") / "x.svg")]).exit_code == 2  # no folder: refused, as every -o


def test_json_rows(logged_plan: Path) -> None:  # noqa: F811
    import json

    result = invoke(["timeline", "--json", "--plan", str(logged_plan), "--today", TODAY, "--phase", "2"])
    data = json.loads(result.stdout)
    assert (data["start"], data["end"]) == ("2009-03-21", "2009-05-20")  # whole dekads around the phase
    rows = {row["id"]: row for row in data["rows"]}
    assert len(rows) == 1 + 15
    assert rows["study"]["kind"] == "phase" and rows["study"]["state"] == "active"
    topics = rows["topics"]
    assert (topics["window"]["start"], topics["window"]["end"], topics["state"]) == ("2009-04-01", "2009-04-05", "finished")
    assert topics["window"] == {"start": "2009-04-01", "end": "2009-04-05", "days": 5, "written": "2009年4月5日前"}
    assert rows["city-lecture"]["state"] == "late" and rows["quiz"]["state"] == "not started"
