"""What a first-time user typed wrong is refused or said plainly (h89 cases 2 to 7)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Cli, write_plan
from test_yearless_days import TERM

HOURS_PLAN = """planctl: 1
title: t
year: 2009
roster:
  people:
    zw: 张伟
phases:
  - id: p
    title: P
    when: 2009年4月
    quotas:
      - id: q
        title: 学习
        who: zw
        target: 100h
        unit: h
        log:
""" + "          - {date: 2009-04-01, by: zw, amount: 1h}\n" * 30


@pytest.mark.parametrize("day", ["0001-01-01", "2025-01-05", "2025-08-31"])
def test_done_refuses_a_date_before_the_plan(tmp_path: Path, cli: Cli, day: str) -> None:
    plan = write_plan(tmp_path, TERM)
    before = plan.read_bytes()
    result = cli("done", "t", "--date", day, "-f", str(plan), env={"PLANCTL_TODAY": "2026-01-06"})
    assert result.exit_code == 2 and "before the plan starts (2025-09-01)" in result.stderr
    assert "--date 2025-09-01" in result.stderr  # the hint
    assert plan.read_bytes() == before
    assert cli("done", "t", "--date", "2025-09-01", "-f", str(plan), env={"PLANCTL_TODAY": "2026-01-06"}).exit_code == 0


def test_check_warns_of_a_completion_dated_before_the_plan(tmp_path: Path, cli: Cli) -> None:
    plan = write_plan(tmp_path, TERM + "        log:\n          - {date: 2025-01-05}\n")
    result = cli("check", "-f", str(plan), env={"LANGUAGE": "en"})
    assert result.exit_code == 0
    assert "plan.yaml:13:13: warning: 2025-01-05 is before the plan starts (2025-09-01)" in result.stdout


def test_a_dry_run_of_shift_refuses_as_the_real_run(tmp_path: Path, cli: Cli) -> None:
    plan = write_plan(tmp_path, TERM.replace("        when: 2026年1月5日至1月9日\n",
                                             "        when: 2026年1月5日至1月9日\n        log:\n          - {date: 2026-01-05}\n"))
    real = cli("shift", "--to", "2026-09-01", "-f", str(plan))
    dry = cli("shift", "--to", "2026-09-01", "--dry-run", "-f", str(plan))
    assert real.exit_code == dry.exit_code == 2
    assert "--keep-logs" in dry.stderr and not dry.stdout
    assert cli("shift", "--to", "2026-09-01", "--dry-run", "--keep-logs", "-f", str(plan)).exit_code == 0


def test_report_takes_an_iso_week_and_says_what_to_write_for_a_bare_number(tmp_path: Path, cli: Cli) -> None:
    plan = write_plan(tmp_path, TERM)
    iso = cli("report", "--week", "2026-W02", "-f", str(plan), env={"LANGUAGE": "en"})
    assert iso.exit_code == 0, iso.output
    assert "2026-01-05" in iso.stdout and "2026-01-11" in iso.stdout
    bare = cli("report", "--week", "2026-02", "-f", str(plan))
    assert bare.exit_code == 2 and "2026-W02" in bare.stderr and "2026-01-05" in bare.stderr


def test_check_says_a_day_over_24_hours_once_with_its_entries(tmp_path: Path, cli: Cli) -> None:
    plan = write_plan(tmp_path, HOURS_PLAN)
    result = cli("check", "-f", str(plan), env={"LANGUAGE": "en"})
    assert result.stdout.count("more than the 24 hours") == 1, result.stdout
    assert "30 entries" in result.stdout


@pytest.mark.parametrize(("amount", "shown"), [("24.01h", "24.01 h"), ("25h", "25 h"), ("24.2h", "24.2 h")])
def test_an_entry_over_a_day_is_shown_over_a_day(tmp_path: Path, cli: Cli, amount: str, shown: str) -> None:  # tester h121, 3
    entry = f"          - {{date: 2009-04-01, by: zw, amount: {amount}}}\n"
    plan = write_plan(tmp_path, HOURS_PLAN.split("        log:")[0] + "        log:\n" + entry)
    result = cli("check", "-f", str(plan), env={"LANGUAGE": "en"})
    assert f"{shown} in one entry on 2009-04-01: more than the 24 hours a day has" in result.stdout, result.stdout


def test_done_refuses_an_absurd_amount_and_control_characters(tmp_path: Path, cli: Cli) -> None:
    plan = write_plan(tmp_path, HOURS_PLAN)
    before = plan.read_bytes()
    env = {"PLANCTL_TODAY": "2009-04-03"}
    huge = cli("done", "q", "--amount", "1000000000000h", "--by", "zw", "-f", str(plan), env=env)
    assert huge.exit_code == 2 and "1,000,000" in huge.stderr
    for note in ("a\x1b[2Jb", "a\x07", "a\x1b]0;title\x07", "x\u2028y", "\x85", "零宽\u200b", "\ufeff开头"):
        result = cli("done", "q", "--amount", "1h", "--by", "zw", "--note", note, "-f", str(plan), env=env)
        assert result.exit_code == 2 and "control or invisible character" in result.stderr, note
    assert plan.read_bytes() == before


def test_a_note_of_two_lines_is_kept_and_shown_on_one_line_of_the_table(tmp_path: Path, cli: Cli) -> None:
    plan = write_plan(tmp_path, HOURS_PLAN)
    env = {"PLANCTL_TODAY": "2009-04-03"}
    assert cli("done", "q", "--amount", "1h", "--by", "zw", "--note", "第一行\n第二行", "-f", str(plan), env=env).exit_code == 0
    assert 'note: "第一行\\n第二行"' in plan.read_text(encoding="utf-8")
    shown = cli("show", "q", "-f", str(plan), env=env).stdout
    assert "第一行 ↵ 第二行" in shown and not any(line.startswith("第二行") for line in shown.splitlines())


@pytest.mark.parametrize("forgotten", [1, 3])
def test_undo_counts_the_older_ones_in_words(forgotten: int) -> None:
    from planctl.store import undo

    assert "(s)" not in undo._nothing_left(type("J", (), {"forgotten": forgotten})(), [])  # type: ignore[arg-type]


def test_the_exit_codes_table_names_a_failed_fetch_and_an_unanswered_question() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Exit codes"):readme.index("`planctl check a.yaml")]
    assert "fetch-failed" in table.split("| 1 |")[1].split("| 2 |")[0]
    assert "unanswered" in table.split("| 2 |")[1].split("| 3 |")[0]


def test_quiet_hides_the_wait_for_the_lock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    from planctl.commands.common import lock_wait_note
    from planctl.output import messages

    monkeypatch.setattr(messages, "quiet", True)
    lock_wait_note(tmp_path / "plan.yaml")
    assert capsys.readouterr().err == ""
    monkeypatch.setattr(messages, "quiet", False)
    lock_wait_note(tmp_path / "plan.yaml")
    assert "waiting for another planctl" in capsys.readouterr().err


def test_a_dry_run_of_import_refuses_as_the_real_run(tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    document = tmp_path / "one.txt"
    document.write_text("一、准备阶段（3月1日-3月15日）\n1.成立领导小组。\n", encoding="utf-8")
    write_plan(tmp_path, TERM)
    real = cli("import", str(document), "--year", "2026")
    dry = cli("import", str(document), "--dry-run", "--year", "2026")
    assert real.exit_code == dry.exit_code == 2
    assert "already exists" in dry.stderr and not dry.stdout
    assert cli("import", str(document), "--dry-run", "--year", "2026", "-o", "other.yaml").exit_code == 0
