"""`planctl import` of tiny documents of the genre (one duty, one per-unit duty, a week or dekad window,
a heading with or without children, CRLF and a BOM): each imports (exit 0) to a plan that passes
`planctl check`, or is refused with a clear user error; never exit 70 ("a bug in planctl import").
A document whose only line is a duty holds it as a task of a phase (a phase does not repeat); a
`第N周` window without the plan's `week1:` is reported with that cause; a quota title is cut where a
clause ends, never mid-word."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest

from conftest import run_cli
from planctl.format.loader import load_path

SUBJECTS = ("", "各支部", "各处室", "各年级", "教务处")
REPEATS = ("每周一", "每月5日前", "每学期", "每旬", "每月下旬", "每周", "每季度末", "每半年")
DUTY = "{subject}{repeat}报送学习情况。"
# How the duty stands in the document: alone, numbered, under a heading with a window (months, school
# weeks, dekads) or without one; a heading alone (no children).
SHAPES = (
    "{duty}\n",
    "1.{duty}\n",
    "一、{duty}\n",
    "通知\n{duty}\n",
    "二、实施阶段（第3周）\n1.{duty}\n",
    "二、实施阶段（4月）\n1.{duty}\n",
    "二、实施阶段（4月上旬）\n1.{duty}\n",
    "二、实施阶段（第3-4周）\n1.{duty}\n",
    "一、日常管理\n1、报送。{duty}\n",
    "一、日常管理（第1周）\n",
    "第3周 | 9.15-9.21 | 1. {duty}\n",
)
ENDINGS = (("utf-8", "\n"), ("utf-8-sig", "\r\n"))  # a Windows notice: BOM and CRLF


def _documents() -> list[tuple[str, str, str]]:
    """(text, encoding, line end) for every subject × repeat, each shape and ending in turn (a full cross
    product is ten times as many for no new kind), plus every shape with each ending for one duty."""
    duties = [DUTY.format(subject=s, repeat=r) for s, r in itertools.product(SUBJECTS, REPEATS)]
    cases = []
    for index, duty in enumerate(duties):
        shape = SHAPES[index % len(SHAPES)]
        encoding, end = ENDINGS[index % len(ENDINGS)]
        cases.append((shape.format(duty=duty), encoding, end))
    for shape, (encoding, end) in itertools.product(SHAPES, ENDINGS):
        cases.append((shape.format(duty="各支部每月报送学习情况。"), encoding, end))
    return cases


def _import(tmp_path: Path, text: str, encoding: str = "utf-8", end: str = "\n") -> tuple[Any, Any]:
    document = tmp_path / "m.txt"
    document.write_bytes(text.replace("\n", end).encode(encoding))
    out, report = tmp_path / "m.yaml", tmp_path / "report.json"
    result = run_cli("import", str(document), "--year", "2026", "-o", str(out), "--report", str(report), "--force")
    return result, (out, report)


@pytest.mark.parametrize(("text", "encoding", "end"), _documents(), ids=lambda v: repr(v)[:40])
def test_a_tiny_document_imports_to_a_plan_that_passes_check_or_is_refused_clearly(
        tmp_path: Path, text: str, encoding: str, end: str) -> None:
    result, (out, _report) = _import(tmp_path, text, encoding, end)
    assert result.exit_code != 70, result.stderr
    if result.exit_code:
        assert result.exit_code in (1, 2) and result.stderr.startswith("planctl: error:"), result.stderr
        return
    checked = run_cli("check", str(out), env={"PLANCTL_CACHE": "0"})
    assert checked.exit_code == 0, checked.stdout + checked.stderr


@pytest.mark.parametrize("text", ["每月5日前报送学习情况。\n", "1.每周一开会。\n", "各支部每月报送学习情况。\n"])
def test_a_document_whose_only_line_is_a_duty_is_a_phase_holding_the_duty_as_a_repeating_task(
        tmp_path: Path, text: str) -> None:
    result, (out, _report) = _import(tmp_path, text)
    assert result.exit_code == 0, result.stderr
    plan = load_path(out).plan
    [phase] = plan.phases
    [task] = phase.tasks
    assert task.repeat is not None and task.repeat.text in text
    assert phase.window is not None and task.window == phase.window  # the year 2026: the duty falls due in it
    if text.startswith("各支部"):
        assert (task.who, task.per) == (["branches"], "unit")


def test_a_school_week_window_without_week1_is_reported_with_that_cause_and_the_rest_imports(tmp_path: Path) -> None:
    result, (out, report) = _import(tmp_path, "二、实施阶段（第3周）\n1.每周一开会。\n")
    assert result.exit_code == 0, result.stderr
    reasons = [entry for entry in json.loads(report.read_text(encoding="utf-8"))["not_imported"]]
    assert [(r["line"], r["text"]) for r in reasons] == [(1, "第3周")]
    assert "week1" in reasons[0]["reason"] and "end before start" not in reasons[0]["reason"]
    assert "week1" in out.read_text(encoding="utf-8")  # the located comment on the phase says it too
    [task] = load_path(out).plan.phases[0].tasks
    assert task.repeat.text == "每周一"


def test_a_long_quota_title_is_cut_where_a_clause_ends_and_the_note_keeps_the_whole_text(tmp_path: Path) -> None:
    clause = "各学科组召开第一次教研会(制定《学科教学进度表》,明确新课标下单元教学目标,一年级重点研讨“零起点教学”)"
    result, (out, _report) = _import(tmp_path, f"一、教研启动(9月)\n1.教研。{clause}。\n")
    assert result.exit_code == 0, result.stderr
    [quota] = load_path(out).plan.quotas()
    assert quota.title == "召开第一次教研会"
    assert "一年级重点研讨“零起点教学”" in quota.note


@pytest.mark.parametrize(("text", "title"), [
    ("召开第一次教研会(制定《学科教学进度表》,明确新课标下单元教学目标,一年级重点研讨“零起点教学”)", "召开第一次教研会"),
    ("组织全体教师学习新课标,撰写学习心得体会并在教研组内交流分享,评选优秀心得在全校范围内展示",
     "组织全体教师学习新课标,撰写学习心得体会并在教研组内交流分享"),
    ("(制定《学科教学进度表》,明确新课标下单元教学目标,一年级重点研讨“零起点教学”,并交教务处)",
     "(制定《学科教学进度表》,明确新课标下单元教学目标,一年级重点研讨“零起点教学”)"),
    ("报送学习情况", "报送学习情况"),
])
def test_a_short_title_ends_at_a_clause_boundary_with_its_brackets_closed(text: str, title: str) -> None:
    from planctl.importer.outline import short_title

    assert short_title(text) == title
