"""`planctl import` of a school's table of weeks (周次 | 时间 | 工作): a row that gives its dates
(第2周 | 9.8-9.14) fixes the plan's `week1:` (the first day of 第1周), so `第N周` written anywhere else in
the document resolves instead of being left out. The day is a guess, commented with the row it came
from; rows that disagree are counted in the comment, and the day most rows give wins."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from conftest import run_cli
from planctl.format.loader import load_path

TABLE = """2025年秋季学期教务处工作安排
| 周次 | 时间 | 工作内容 |
第2周 | 9.8-9.14 | 1. 教研启动: 各学科组召开第一次教研会。 |
第3周 | 9.15-9.21 | 1. 期初教学常规检查 |
第4周 | 9.22-9.28 | 1. 第5周组织青年教师汇报课; 2. 第8-9周期中考试与质量分析。 |
"""


def _import(tmp_path: Path, text: str, *extra: str) -> tuple[int, str, Path]:
    document = tmp_path / "weeks.txt"
    document.write_text(text, encoding="utf-8")
    out = tmp_path / "weeks.yaml"
    result = run_cli("import", str(document), "-o", str(out), "--force", *extra)
    return result.exit_code, result.output, out


def _windows(path: Path) -> dict[str, tuple[date, date]]:
    plan = load_path(path).plan
    assert plan is not None
    return {task.title: (task.window.start, task.window.end) for task in plan.walk() if task.window}


def test_a_dated_week_row_gives_week1_and_later_weeks_resolve(tmp_path: Path) -> None:
    code, output, out = _import(tmp_path, TABLE)
    assert code == 0, output
    text = out.read_text(encoding="utf-8")
    assert "week1: 2025年9月1日" in text
    assert "第1周 starts 2025-09-01, as the table's 第2周 is 2025-09-08 … 2025-09-14 (document line 3)" in text
    windows = _windows(out)
    assert windows["第5周组织青年教师汇报课"] == (date(2025, 9, 29), date(2025, 10, 5))
    assert windows["第8-9周期中考试与质量分析"] == (date(2025, 10, 20), date(2025, 11, 2))
    assert run_cli("check", "-f", str(out)).exit_code == 0


def test_rows_that_disagree_take_the_day_most_give_and_say_so(tmp_path: Path) -> None:
    # 第3周 is a week late (a holiday week?): two rows of three say 9月1日.
    text = TABLE.replace("第3周 | 9.15-9.21", "第3周 | 9.22-9.28").replace("第4周 | 9.22-9.28", "第4周 | 9.22-9.28")
    code, output, out = _import(tmp_path, text)
    assert code == 0, output
    written = out.read_text(encoding="utf-8")
    assert "week1: 2025年9月1日" in written
    assert "(2 of 3 rows agree)" in written


def test_without_a_dated_row_week_windows_are_still_reported_not_guessed(tmp_path: Path) -> None:
    code, output, out = _import(tmp_path, "2025年秋季学期工作\n一、教学（第3周）\n1.期初教学常规检查\n")
    assert code == 0, output
    written = out.read_text(encoding="utf-8")
    assert "\nweek1:" not in written
    assert "week1" in written  # the located comment says what to add


def test_a_document_of_weeks_without_a_year_is_not_asked_for_one(tmp_path: Path) -> None:
    # 第N周 needs the plan's week1:, not a year: asking for --year would not help.
    code, output, _out = _import(tmp_path, "教务处工作\n一、教学（第3周）\n1.期初教学常规检查\n")
    assert code == 0, output
    assert "--year" not in output


def test_an_autumn_term_s_rows_across_new_year_are_written_as_their_weeks(tmp_path: Path) -> None:
    # 12.28-1.3 needs the second year (the grammar refuses it); 1.4-1.10 read in 2026 would be January 2026.
    table = ("2026年秋季学期教务处工作安排\n| 周次 | 时间 | 工作内容 |\n第1周 | 9.7-9.13 | 1. 检查教案 |\n"
             "第17周 | 12.28-1.3 | 1. 期末考试安排 |\n第18周 | 1.4-1.10 | 1. 成绩录入 |\n")
    code, output, out = _import(tmp_path, table)
    assert code == 0, output
    text = out.read_text(encoding="utf-8")
    assert "week1: 2026年9月7日" in text and "rows agree" not in text
    assert "'12.28-1.3' is 第17周 of the term, into the next year: written as 第17周 (document line 4)" in text
    windows = _windows(out)
    assert windows["期末考试安排"] == (date(2026, 12, 28), date(2027, 1, 3))
    assert windows["成绩录入"] == (date(2027, 1, 4), date(2027, 1, 10))
    assert run_cli("check", "-f", str(out)).exit_code == 0
