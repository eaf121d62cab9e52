"""The views issue 15 left judging a task by its whole or first-resolved window: `report` (each occurrence of a
standing duty a line of its own, each unit's share), the SVG Gantt chart (each occurrence a bar in its state's
colour, read back with an XML parser and drawn by headless Chromium), and `list`, `show` and the weekly report
on a plan whose windows follow another task's completion, which must agree with `due`.

On the examples docs/examples/standing-duties.yaml, branch-campaign.yaml and review-meeting.yaml, copied to a
temporary folder, on pinned days.
"""

from __future__ import annotations

import json
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from conftest import ROOT, run_cli

EXAMPLES = ROOT / "docs" / "examples"


def copy(tmp_path: Path, name: str) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_bytes((EXAMPLES / name).read_bytes())
    return path


def ok(*args: str) -> str:
    result = run_cli(*args, columns=200)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


def md_sections(plan: Path, today: str, *args: str) -> dict[str, list[dict[str, str]]]:
    """The Markdown report's sections: heading (up to its first space or bracket) -> rows as {header: cell}."""
    text = ok("report", "--plan", str(plan), "--today", today, "--format", "md", *args)
    out: dict[str, list[dict[str, str]]] = {}
    heading = ""
    headers: list[str] = []
    for line in text.splitlines():
        if line.startswith("## "):
            heading = re.split(r"[（(]", line[3:])[0].strip()
            out[heading], headers = [], []
        elif line.startswith("| ") and heading:
            cells = [cell.strip().replace("\\", "") for cell in line.strip("|").split(" | ")]
            if not headers:
                headers = cells
            elif not set(line) <= set("|-: "):
                out[heading].append(dict(zip(headers, cells, strict=True)))
    return out


def deadlines(rows: list[dict[str, str]]) -> list[tuple[str, str]]:
    return [(row["任务"], row["截止日期"]) for row in rows]


MEETING = "每周一召开处务例会"
MONTHLY = "每月5日前汇总上月工作情况报分管领导"


# report: a standing duty is judged occurrence by occurrence


def test_weekly_report_lists_each_missed_meeting_with_its_own_deadline(tmp_path: Path) -> None:
    # 3 March 2026: meetings held on 5 and 12 January only; the February report was missed.
    sections = md_sections(copy(tmp_path, "standing-duties.yaml"), "2026-03-03")
    # The meeting of Monday 2 March fell overdue this week, one day ago (not "due 2026-12-31").
    assert [(row["任务"], row["截止日期"], row["逾期天数"]) for row in sections["本周新增逾期"]] == [
        (f"{MEETING}（第 9 次）", "2026-03-02", "1")]
    # Every meeting missed since 19 January, and February's report, each with its own deadline, oldest first.
    meetings = [(f"{MEETING}（第 {n} 次）", day) for n, day in zip(range(3, 10), (
        "2026-01-19", "2026-01-26", "2026-02-02", "2026-02-09", "2026-02-16", "2026-02-23", "2026-03-02"), strict=True)]
    assert deadlines(sections["逾期未完成"]) == [*meetings[:3], (f"{MONTHLY}（第 2 次）", "2026-02-05"), *meetings[3:]]
    assert sections["逾期未完成"][0]["逾期天数"] == "43"
    # Next week's meeting (9 March) is coming up; March's report (by the 5th) is not next week's.
    assert deadlines(sections["下周到期"]) == [(f"{MEETING}（第 10 次）", "2026-03-09")]


def test_a_meeting_held_is_done_in_the_report_and_the_next_one_comes_up(tmp_path: Path) -> None:
    plan = copy(tmp_path, "standing-duties.yaml")
    ok("done", "weekly-meeting", "--plan", str(plan), "--today", "2026-03-09", "--by", "wangli")
    sections = md_sections(plan, "2026-03-10")
    assert sections["本周新增逾期"] == []
    assert [(row["日期"], row["编号"]) for row in sections["完成台账"]] == [("2026-03-09", "1.1")]
    assert (f"{MEETING}（第 10 次）", "2026-03-09") not in deadlines(sections["逾期未完成"])
    assert deadlines(sections["下周到期"]) == [(f"{MEETING}（第 11 次）", "2026-03-16")]
    # The workbook's task sheet: the meeting's occurrences of the week under it, with their own days and state.
    import openpyxl

    ok("report", "--plan", str(plan), "--today", "2026-03-10", "-o", str(tmp_path / "week.xlsx"))
    book = openpyxl.load_workbook(tmp_path / "week.xlsx")
    sheet = book["任务"]
    header = [cell.value for cell in sheet[1]]
    rows = [dict(zip(header, (cell.value for cell in row), strict=True)) for row in sheet.iter_rows(min_row=2)]
    occurrence = next(row for row in rows if str(row["任务"]).strip("\u3000") == f"{MEETING}（第 10 次）")
    assert (occurrence["截止日期"].date().isoformat(), occurrence["状态"], occurrence["完成日期"].date().isoformat()) == (
        "2026-03-09", "已完成", "2026-03-09")
    whole = next(row for row in rows if str(row["任务"]).strip("\u3000") == MEETING)
    assert whole["截止日期"].date().isoformat() == "2026-12-31"  # the duty itself runs all year


def test_report_says_how_many_units_have_done_their_share_and_which_have_not(tmp_path: Path) -> None:
    plan = copy(tmp_path, "branch-campaign.yaml")
    ok("done", "plan-submit", "--plan", str(plan), "--today", "2026-02-10", "--by", "jiguan")
    sections = md_sections(plan, "2026-02-17")
    (row,) = sections["本周新增逾期"]
    assert row["任务"] == "报送组织生活会方案"
    assert row["各单位（人）完成"] == "1/4；尚未完成：教务处党支部、学生工作党支部、后勤党支部"
    essays = md_sections(plan, "2026-02-12")["下周到期"]
    assert [(r["任务"], r["各单位（人）完成"]) for r in essays] == [
        ("提交个人对照检查材料", "0/5；尚未完成：张伟、李娜、王丽、周强、孙燕")]


# The SVG Gantt chart: each occurrence its own bar, coloured by its state

SVG = "{http://www.w3.org/2000/svg}"
COLOURS = {"已完成": "#2e7d32", "逾期": "#c62828", "进行中": "#1565c0", "未开始": "#78909c"}


def occurrence_bars(svg: Path) -> dict[str, list[tuple[str, str, float, float, float, str]]]:
    """Task label -> each occurrence bar as (its days, its state, x, y, width, fill), read by an XML parser."""
    out: dict[str, list[tuple[str, str, float, float, float, str]]] = {}
    for rect in ET.parse(svg).getroot().iter(f"{SVG}rect"):
        if rect.get("class") != "occurrence":
            continue
        title = rect.find(f"{SVG}title")
        assert title is not None and title.text is not None
        label, days, state = re.fullmatch(r"(.+?): (.+), (\S+)", title.text).groups()  # type: ignore[union-attr]
        out.setdefault(label, []).append((days, state, float(rect.get("x", 0)), float(rect.get("y", 0)),
                                          float(rect.get("width", 0)), rect.get("fill", "")))
    return out


@pytest.fixture(scope="module")
def chart(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("gantt")
    plan = copy(folder, "standing-duties.yaml")
    svg = folder / "duties.svg"
    ok("timeline", "--plan", str(plan), "--today", "2026-03-03", "--svg", str(svg))
    return svg


def test_the_svg_draws_each_occurrence_as_a_bar_coloured_by_its_state(chart: Path) -> None:
    bars = occurrence_bars(chart)
    meetings = bars[f"1.1 {MEETING}"]
    assert len(meetings) == 52 and len({y for _d, _s, _x, y, _w, _f in meetings}) == 1  # all on the task's row
    assert [(days, state) for days, state, *_ in meetings[:10]] == [
        ("2026-01-05", "已完成"), ("2026-01-12", "已完成"), *[(day, "逾期") for day in (
            "2026-01-19", "2026-01-26", "2026-02-02", "2026-02-09", "2026-02-16", "2026-02-23", "2026-03-02")],
        ("2026-03-09", "未开始")]
    assert all(fill == COLOURS[state] for _d, state, _x, _y, _w, fill in meetings)
    xs = [x for _d, _s, x, *_ in meetings]
    assert xs == sorted(xs) and len(set(xs)) == 52  # one a week, left to right, not one bar for the year
    reports = bars[f"1.2 {MONTHLY}"]
    assert [(days, state) for days, state, *_ in reports[:4]] == [
        ("2026-01-01 … 2026-01-05", "已完成"), ("2026-02-01 … 2026-02-05", "逾期"), ("2026-03-01 … 2026-03-05", "进行中"),
        ("2026-04-01 … 2026-04-05", "未开始")]


def test_chromium_draws_the_occurrences_in_their_colours(chart: Path, tmp_path: Path) -> None:
    from test_report_render import need

    text = chart.read_text(encoding="utf-8")
    width, height = (int(float(v)) for v in re.findall(r'<svg [^>]*?width="([\d.]+)" height="([\d.]+)"', text)[0])
    png = tmp_path / "duties.png"
    subprocess.run([need("chromium"), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    "--force-device-scale-factor=1", "--host-resolver-rules=MAP * ~NOTFOUND",
                    f"--user-data-dir={tmp_path / 'profile'}", f"--window-size={width},{height}", f"--screenshot={png}",
                    chart.as_uri()], check=True, capture_output=True, timeout=120)
    with Image.open(png) as image:
        pixels = image.convert("RGB")
        bars = occurrence_bars(chart)

        def colour_at(label: str, index: int) -> str:
            _days, _state, x, y, w, _fill = bars[label][index]
            return "#{:02x}{:02x}{:02x}".format(*pixels.getpixel((int(x + min(w / 2, 3)), int(y + 6))))

        meeting = f"1.1 {MEETING}"
        assert colour_at(meeting, 0) == COLOURS["已完成"]
        assert colour_at(meeting, 2) == COLOURS["逾期"]
        assert colour_at(meeting, 20) == COLOURS["未开始"]
        assert colour_at(f"1.2 {MONTHLY}", 2) == COLOURS["进行中"]
        # Between two meetings the row is not a bar: no state's colour there.
        _d, _s, x, y, w, _f = bars[meeting][20]
        between = "#{:02x}{:02x}{:02x}".format(*pixels.getpixel((int(x + w + 4), int(y + 2))))
        assert between not in COLOURS.values()


# Windows relative to another task: every view places them as `due` does


@pytest.fixture()
def meeting_held_late(tmp_path: Path) -> Path:
    """review-meeting.yaml with the meeting (planned 20 January) held on 22 January, and a sub-task of the
    follow-up report that has no window of its own."""
    plan = copy(tmp_path, "review-meeting.yaml")
    text = plan.read_text(encoding="utf-8").replace(
        "        when: within 3 days after dem-life\n        who: office\n",
        "        when: within 3 days after dem-life\n        who: office\n"
        "        tasks:\n          - id: draft\n            title: 起草情况报告\n", 1)
    assert "id: draft" in text
    plan.write_text(text, encoding="utf-8")
    ok("done", "dem-life", "--plan", str(plan), "--today", "2026-01-22", "--by", "liming")
    return plan


def windows(found: dict[str, Any]) -> tuple[str, str]:
    return found["start"], found["end"]


def test_list_and_show_place_a_relative_window_as_due_does(meeting_held_late: Path) -> None:
    plan = str(meeting_held_late)
    # 24 January: the follow-up report is due within 3 days after the meeting *as held* (23 to 25 January).
    due = json.loads(ok("due", "--plan", plan, "--today", "2026-01-24", "--json"))
    due_windows = {row["id"]: windows(row["window"]) for rows in due["sections"].values() if isinstance(rows, list)
                   for row in rows if "window" in row and row.get("window")}
    assert due_windows["follow-up"] == due_windows["draft"] == ("2026-01-23", "2026-01-25")
    listed = json.loads(ok("list", "--plan", plan, "--today", "2026-01-24", "--json"))

    def flat(tasks: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
        return {t["id"]: t for task in tasks for t in [task, *flat(task["tasks"]).values()]}

    by_id = flat(listed["phases"])
    for task_id in ("report", "talks", "follow-up", "draft"):
        assert windows(by_id[task_id]["window"]) == due_windows[task_id], task_id
    text = ok("list", "--plan", plan, "--today", "2026-01-24")
    assert re.search(r"follow-up +.*会后报送会议情况报告 +01-23 … 01-25 ", text), text
    assert re.search(r"draft +.*起草情况报告 +01-23 … 01-25 ", text), text
    # 26 January: one day late, as due says, not three (the window first resolved ended on 23 January).
    assert "overdue by 1 day" in ok("show", "follow-up", "--plan", plan, "--today", "2026-01-26")
    assert "overdue 1 day" in ok("due", "--plan", plan, "--today", "2026-01-26")
    shown = json.loads(ok("show", "follow-up", "--plan", plan, "--today", "2026-01-26", "--json"))
    assert windows(shown["window"]) == ("2026-01-23", "2026-01-25")
    assert [windows(sub["window"]) for sub in shown["subtasks"]] == [("2026-01-23", "2026-01-25")]
    draft = ok("show", "draft", "--plan", plan, "--today", "2026-01-26")
    assert "2026-01-23 … 2026-01-25 (3 days), inherited from 1.4" in draft and "overdue by 1 day" in draft, draft


def test_weekly_report_places_a_relative_window_as_due_does(meeting_held_late: Path) -> None:
    # The week of 26 January, seen that Monday: the follow-up report (due 23–25 January once the meeting
    # was held on the 22nd) fell overdue this week, one day ago.
    sections = md_sections(meeting_held_late, "2026-01-26")
    fell = {row["编号"]: (row["截止日期"], row["逾期天数"]) for row in sections["本周新增逾期"]}
    assert fell["1.4"] == ("2026-01-25", "1")
    still = {row["编号"]: (row["截止日期"], row["逾期天数"]) for row in sections["逾期未完成"]}
    assert still["1.4"] == ("2026-01-25", "1")
    assert still["1.1"] == ("2026-01-15", "11")  # 7 days before the meeting as held


def test_a_phase_after_a_task_is_placed_by_its_completion_in_status_and_list(tmp_path: Path) -> None:
    # A second phase "after rectify" (planned to end on 31 January), which was done on 3 February.
    plan = copy(tmp_path, "review-meeting.yaml")
    with plan.open("a", encoding="utf-8") as out:
        out.write("  - id: follow-through\n    title: 整改落实\n    when: after rectify\n    tasks:\n"
                  "      - id: check\n        title: 检查整改\n")
    ok("done", "rectify", "--plan", str(plan), "--today", "2026-02-03", "--by", "wangfang")
    status = json.loads(ok("status", "--plan", str(plan), "--today", "2026-02-04", "--json"))
    assert [windows(phase["window"]) for phase in status["phases"]][1] == ("2026-02-04", "2026-02-04")
    assert windows(status["window"]) == ("2026-01-01", "2026-02-04")
    listed = ok("list", "--plan", str(plan), "--today", "2026-02-04")
    assert re.search(r"follow-through +整改落实 +02-04 +after rectify +in progress", listed)
    exported = json.loads(ok("export", "json", "--plan", str(plan), "--today", "2026-02-04"))
    assert windows(exported["window"]) == ("2026-01-01", "2026-02-04")
