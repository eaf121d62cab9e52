"""Issue 15, how the views ask for and show the shares of a task owed per unit or person: a report for
one unit or person judges that one's share (as `due --who` does), each occurrence's row carries its own
occurrence's shares, and `status`/`show` name the occurrence under way before the next one."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from conftest import run_cli
from planctl.format.loader import load_bytes
from planctl.status import report as r

EXAMPLES = Path(__file__).resolve().parents[1] / "docs" / "examples"
NOW = {"PLANCTL_NOW": "2026-03-04T09:00:00+08:00", "PLANCTL_CACHE": "0"}
D = date.fromisoformat


def _copy(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    shutil.copy(EXAMPLES / name, path)
    return path


def _done(path: Path, *args: str) -> None:
    result = run_cli("-f", str(path), *args, "-q", env=NOW)
    assert result.exit_code == 0, result.output


def _report(path: Path, start: str, today: str, who: str | None) -> r.Report:
    plan = load_bytes(str(path), path.read_bytes()).plan
    assert plan is not None
    return r.build(plan, r.Period(r.RANGE, r.Window(D(start), D(today))), D(today), who)


def _overdue(report: r.Report) -> list[tuple[str, int | None]]:
    return [(line.task.id, line.occurrence.position + 1 if line.occurrence else None)
            for line in [*report.fell_overdue, *report.still_open]]


def test_report_for_a_unit_judges_its_own_share_of_each_occurrence(tmp_path: Path) -> None:
    path = _copy(tmp_path, "branch-reports.yaml")
    _done(path, "--today", "2026-03-04", "done", "branch-report", "--by", "教务处党支部")
    mine = _report(path, "2026-03-02", "2026-03-10", "jiaowu")
    assert ("branch-report", 3) not in _overdue(mine)  # its March share is done
    assert ("branch-report", 2) in _overdue(mine)  # its February one is not (as due --who says)
    everyone = _report(path, "2026-03-02", "2026-03-10", None)
    assert ("branch-report", 3) in _overdue(everyone)  # the others still owe March


def test_report_for_a_unit_or_person_judges_its_share_of_a_one_off_task(tmp_path: Path) -> None:
    path = _copy(tmp_path, "branch-campaign.yaml")
    _done(path, "--today", "2026-02-10", "done", "plan-submit", "--by", "jiguan")
    _done(path, "--today", "2026-02-10", "done", "essay", "--by", "wangli")
    assert "plan-submit" not in [task for task, _ in _overdue(_report(path, "2026-02-16", "2026-02-25", "jiguan"))]
    assert "plan-submit" in [task for task, _ in _overdue(_report(path, "2026-02-16", "2026-02-25", "xuegong"))]
    assert "essay" not in [task for task, _ in _overdue(_report(path, "2026-02-16", "2026-02-25", "wangli"))]
    assert "essay" in [task for task, _ in _overdue(_report(path, "2026-02-16", "2026-02-25", "lina"))]


def test_each_occurrence_line_of_a_report_has_its_own_shares(tmp_path: Path) -> None:
    path = _copy(tmp_path, "branch-reports.yaml")
    _done(path, "--today", "2026-03-04", "done", "branch-report", "--by", "sunyan", "--date", "2026-02-20")
    report = _report(path, "2026-03-01", "2026-03-10", None)
    lines = {line.occurrence.position + 1: dict(line.shares) for line in report.still_open if line.occurrence}
    assert lines[2] == {"jiguan": D("2026-02-04"), "jiaowu": None, "houqin": D("2026-02-20")}
    assert lines[3] == {"jiguan": None, "jiaowu": None, "houqin": None}
    whole = next(line for line in report.tasks if line.task.id == "branch-report" and line.occurrence is None)
    assert whole.shares == ()  # an unlabelled occurrence's shares would mislead
    md = run_cli("-f", str(path), "report", "--from", "2026-03-01", "--today", "2026-03-10", "-F", "md", env=NOW)
    row = next(text for text in md.stdout.splitlines() if "（第 2 次）" in text and "2026-02-05" in text)
    assert "2/3；尚未完成：教务处党支部" in row
    assert "| 0/1 |" not in md.stdout


def test_due_json_gives_each_row_the_shares_of_its_own_occurrence(tmp_path: Path) -> None:
    import json

    path = _copy(tmp_path, "branch-reports.yaml")
    _done(path, "--today", "2026-03-04", "done", "branch-report", "--by", "sunyan", "--date", "2026-02-20")
    result = run_cli("-f", str(path), "due", "--today", "2026-03-04", "--json", env=NOW)
    rows = [row for rows in json.loads(result.stdout)["sections"].values() for row in rows
            if isinstance(row, dict) and row.get("id") == "branch-report"]
    by_occurrence = {row["shares"]["occurrence"]: row["shares"] for row in rows}
    overdue = by_occurrence["2026-02-05"]
    assert [ref["id"] for ref in overdue["owed"]] == ["jiaowu"]
    assert {ref["id"]: ref["date"] for ref in overdue["done"]} == {"jiguan": "2026-02-04", "houqin": "2026-02-20"}
    assert [ref["id"] for ref in by_occurrence["2026-03-05"]["owed"]] == ["jiguan", "jiaowu", "houqin"]


def test_show_and_status_name_the_occurrence_under_way_before_the_next(tmp_path: Path) -> None:
    path = _copy(tmp_path, "standing-duties.yaml")
    shown = run_cli("-f", str(path), "show", "monthly-report", "--today", "2026-02-03", env=NOW)
    assert "1 of 2 done so far; this one due 02-05; next 03-05" in shown.stdout
    status = run_cli("-f", str(path), "status", "--today", "2026-02-03", "--json", env=NOW)
    import json

    line = next(line for line in json.loads(status.stdout)["recurring"] if line["id"] == "monthly-report")
    assert (line["current_due"], line["next"]) == ("2026-02-05", "2026-03-05")


def test_status_wraps_the_units_still_owing_rather_than_cutting_them(tmp_path: Path) -> None:
    path = _copy(tmp_path, "branch-reports.yaml")
    for columns in (120, 44):
        shown = run_cli("-f", str(path), "status", "--today", "2026-03-04", env=NOW, columns=columns).stdout
        block = shown[shown.index("Owed by each"):].split("\n\n")[0]
        assert "…" not in block[block.index("not yet"):]  # the owed names are never cut
        assert all(name in block for name in ("机关党支部", "教务处党支部", "后勤党支部"))


def test_check_warns_of_an_entry_of_a_per_unit_or_per_person_task_that_counts_for_no_one(tmp_path: Path) -> None:
    path = _copy(tmp_path, "branch-reports.yaml")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("          - {date: 2026-02-04, by: zhangwei}\n",
                                 "          - {date: 2026-02-04, by: zhangwei}\n"
                                 "          - {date: 2026-02-03, by: wangli}\n"
                                 "          - {date: 2026-02-03}\n", 1), encoding="utf-8")
    result = run_cli("-f", str(path), "check", env=NOW)
    assert result.exit_code == 0
    warned = [line for line in result.output.splitlines() if "counts for no one" in line]
    assert len(warned) == 1 and "branch-report" in warned[0] and "warning" in warned[0]  # said once (h89)
    assert "(2 entries: lines" in warned[0]
    assert warned[0].split(":")[1] == "38" and "lines 38, 39)" in warned[0]  # at the first, naming each entry


LATE_QUOTA = """\
planctl: 1
title: 测试
year: 2026
roster:
  people:
    zhang: 张伟
    li: 李娜
  groups:
    branches:
      name: 党支部
      units:
        b1: {name: 一支部, members: [zhang]}
        b2: {name: 二支部, members: [li]}
phases:
  - id: routine
    title: 常规工作
    when: 2026年1月1日至12月31日
    quotas:
      - id: q-late
        title: 下旬汇总
        who: branches
        per: unit
        repeat: 每月下旬
        target: 1
        unit: 份
      - id: once-a-year
        title: 年度总结
        who: branches
        period: year
        target: 1
        unit: 份
"""


def test_done_by_a_unit_records_its_share_without_saying_no_by_was_recorded(tmp_path: Path) -> None:
    path = _copy(tmp_path, "branch-reports.yaml")
    result = run_cli("-f", str(path), "--today", "2026-03-04", "done", "branch-report", "--by", "教务处党支部", env=NOW)
    assert result.exit_code == 0 and "for 教务处党支部" in result.output
    assert "--by was not given" not in result.output


def test_done_by_a_unit_counts_for_a_per_unit_quota_and_a_gap_is_named_as_one(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(LATE_QUOTA, encoding="utf-8")
    result = run_cli("-f", str(path), "--today", "2026-03-10", "done", "q-late", "--by", "一支部", env=NOW)
    assert result.exit_code == 0, result.output
    assert "unit: b1" in path.read_text(encoding="utf-8")
    assert "falls between two periods of quota 'q-late' (2026-02-21 … 2026-02-28 and 2026-03-21 … 2026-03-31)" \
        in result.output
    assert "outside the periods" not in result.output


def test_quota_words_count_periods_in_the_singular_and_put_each_time_first_in_chinese(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(LATE_QUOTA, encoding="utf-8")
    shown = run_cli("-f", str(path), "show", "once-a-year", "--today", "2026-03-10", env=NOW).stdout
    assert "(1 period;" in shown and "(1 periods" not in shown
    zh = run_cli("-f", str(path), "show", "q-late", "--today", "2026-03-10", env={**NOW, "LANG": "zh_CN.UTF-8"}).stdout
    assert "每次1份" in zh and "1份每次" not in zh


def test_the_hint_of_a_quota_per_person_names_the_people_it_counts(tmp_path: Path) -> None:
    path = _copy(tmp_path, "branch-reports.yaml")
    result = run_cli("-f", str(path), "--today", "2026-03-04", "done", "self-study", "--by", "wangli",
                     "--amount", "1h", env=NOW)
    assert result.exit_code != 0
    assert "it counts: 张伟 (zhangwei), 李娜 (lina), 孙燕 (sunyan)" in result.output
