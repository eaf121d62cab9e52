"""`planctl import` of headings that are whole sentences: the title is cut to its first clause (at most
30 characters, so `due` shows it on one line), the whole heading begins the note, and a comment says so.
Short headings are kept as written."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli
from planctl.format.loader import load_path

LONG = ("加强政治理论学习，坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻党的二十大精神，"
        "不断提高党员干部的政治判断力、政治领悟力、政治执行力")
DOCUMENT = f"""2026年党支部工作计划
一、{LONG}
1.每季度组织全体党员开展一次集中学习研讨活动，围绕党的创新理论、党章党规党纪和上级重要会议精神进行深入交流。
2.认真开展主题党日活动（每月）
二、{"全面从严治党主体责任落实情况专项检查与整改落实工作安排部署会议筹备" * 2}
"""


def _plan(tmp_path: Path) -> tuple[str, dict[str, str]]:
    document = tmp_path / "plan.txt"
    document.write_text(DOCUMENT, encoding="utf-8")
    out = tmp_path / "plan.yaml"
    result = run_cli("import", str(document), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert run_cli("check", "-f", str(out)).exit_code == 0
    plan = load_path(out).plan
    assert plan is not None
    return out.read_text(encoding="utf-8"), {item.title: item.note or "" for item in plan.walk()}


def test_a_sentence_heading_becomes_its_first_clause_with_the_whole_in_the_note(tmp_path: Path) -> None:
    text, notes = _plan(tmp_path)
    assert notes["加强政治理论学习"].startswith(LONG)
    assert notes["每季度组织全体党员开展一次集中学习研讨活动"].startswith("每季度组织全体党员开展一次集中学习研讨活动，围绕")
    assert "title cut to its first clause; the whole heading begins the note (document line 2)" in text


def test_every_title_fits_one_line_and_short_ones_are_kept(tmp_path: Path) -> None:
    _text, notes = _plan(tmp_path)
    assert all(len(title) <= 30 for title in notes), [t for t in notes if len(t) > 30]
    assert "认真开展主题党日活动（每月）" in notes  # short: as written
    assert "全面从严治党主体责任落实情况专项检查与整改落实工作安排部署…" in notes  # no clause: cut, and says so
