"""What a fresh tester found (second look): root options before or after any command, report/export output
suffixes, undo choosing your own entry, amount limits, and small output faults. Each case failed before its fix."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import run_cli, write_plan

ENV = {"PLANCTL_NOW": "2026-11-25T08:00:00+08:00"}


# A2: the global -f/--plan and --today reach `export ics|json` wherever they are written.

@pytest.mark.parametrize("where", ["root", "group", "command"])
def test_export_json_honours_plan_and_today_before_or_after_export(tmp_path: Path, where: str,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_plan(tmp_path / "elsewhere")
    monkeypatch.chdir(tmp_path)  # no plan.yaml here: only -f finds it
    options = ["-f", str(path), "--today", "2009-04-10"]
    args = {"root": [*options, "export", "json"], "group": ["export", *options, "json"],
            "command": ["export", "json", *options]}[where]
    result = run_cli(*args)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["today"] == "2009-04-10"


def test_export_ics_takes_the_root_today_as_its_time_stamp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_plan(tmp_path / "elsewhere")
    monkeypatch.chdir(tmp_path)
    result = run_cli("--today", "2009-04-10", "-f", str(path), "export", "ics")
    assert result.exit_code == 0, result.stderr
    assert "DTSTAMP:20090410T000000Z" in result.stdout


# B4: --today and -q after any command, as README says.

def test_done_and_undo_take_today_after_the_command(tmp_path: Path) -> None:
    path = write_plan(tmp_path)
    result = run_cli("done", "self-study", "-f", str(path), "--by", "zhangwei", "--amount", "2h",
                     "--date", "yesterday", "--today", "2009-04-20", env=ENV)
    assert result.exit_code == 0, result.stderr
    assert "{date: 2009-04-19, by: zhangwei, amount: 2" in path.read_text(encoding="utf-8")
    undone = run_cli("undo", "-f", str(path), "--yes", "--today", "2009-04-20", env=ENV)
    assert undone.exit_code == 0, undone.stderr
    assert "2009-04-19" not in path.read_text(encoding="utf-8")


def test_every_command_accepts_today_and_quiet_after_its_name() -> None:
    import typer

    from planctl.cli.main import app

    root = typer.main.get_command(app)
    context = typer.Context(root, info_name="planctl")
    for name in root.list_commands(context):  # type: ignore[attr-defined]
        command = root.get_command(context, name)  # type: ignore[attr-defined]
        subs = [command.get_command(context, sub) for sub in command.commands] if hasattr(command, "commands") \
            else [command]
        for sub in subs:
            options = {opt for param in sub.params for opt in param.opts}
            assert {"--today", "-q"} <= options, (name, sub.name, sorted(options))


def test_quiet_after_a_command_silences_its_messages(tmp_path: Path) -> None:
    path = write_plan(tmp_path)
    loud = run_cli("shift", "-f", str(path), "--to", "2010-03-01", "--dry-run")
    quiet = run_cli("shift", "-f", str(path), "--to", "2010-03-01", "--dry-run", "-q")
    assert quiet.exit_code == loud.exit_code == 0, quiet.stderr
    assert loud.stderr and not quiet.stderr


# A5: report -o with a suffix planctl does not write is refused, not written as plain text.

@pytest.mark.parametrize("name", ["w.xls", "w.docx", "w.pdf"])
def test_report_refuses_an_output_suffix_it_cannot_write(tmp_path: Path, name: str) -> None:
    path = write_plan(tmp_path)
    target = tmp_path / name
    result = run_cli("report", "-f", str(path), "--today", "2009-04-12", "-o", str(target))
    assert result.exit_code == 2
    assert not target.exists()
    assert ".xlsx" in result.stderr and ".html" in result.stderr and ".csv" in result.stderr


def test_report_writes_any_name_with_an_explicit_format(tmp_path: Path) -> None:
    path = write_plan(tmp_path)
    target = tmp_path / "w.pdf"
    result = run_cli("report", "-f", str(path), "--today", "2009-04-12", "-o", str(target), "--format", "md")
    assert result.exit_code == 0, result.stderr
    assert target.read_text(encoding="utf-8").startswith("#")


def test_help_import_is_the_import_page() -> None:
    result = run_cli("help", "import")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (Path(__file__).parent.parent / "docs" / "import.md").read_text(encoding="utf-8")


# B6: without a journal, undo offers the latest entry by you when planctl knows who you are.

def _two_people_logged_without_journal(tmp_path: Path) -> Path:
    path = write_plan(tmp_path)
    for by, amount in (("lina", "1h"), ("zhangwei", "2h")):
        result = run_cli("done", "self-study", "-f", str(path), "--by", by, "--amount", amount, "--today", "2009-04-12",
                         env=ENV)
        assert result.exit_code == 0, result.stderr
    for journal in (tmp_path / ".planctl-cache").glob("*.undo"):
        journal.unlink()  # as in a fresh clone
    return path


def test_undo_without_journal_offers_your_own_latest_entry(tmp_path: Path) -> None:
    path = _two_people_logged_without_journal(tmp_path)
    result = run_cli("undo", "-f", str(path), input="y\n", env={**ENV, "PLANCTL_BY": "lina"})
    assert result.exit_code == 0, result.stderr
    assert "your latest" in result.stderr and "by 李娜" in result.stderr
    text = path.read_text(encoding="utf-8")
    assert "by: zhangwei" in text and "by: lina" not in text


def test_undo_without_journal_and_nothing_of_yours_changes_nothing(tmp_path: Path) -> None:
    path = _two_people_logged_without_journal(tmp_path)
    before = path.read_bytes()
    result = run_cli("undo", "-f", str(path), input="y\n", env={**ENV, "PLANCTL_BY": "sha"})
    assert result.exit_code == 2
    assert "nothing to undo" in result.stderr and "沙继承" in result.stderr  # the roster name, not the id
    assert path.read_bytes() == before


# B7: one limit on amounts (format/rules.py), and amounts a file cannot hold say why.

def test_done_takes_at_most_a_million_in_one_entry(tmp_path: Path) -> None:
    """h89: the file takes up to 10^12 (a hand-written plan is read), `done` refuses more than 10^6 at input."""
    path = write_plan(tmp_path)
    result = run_cli("done", "self-study", "-f", str(path), "--by", "zhangwei", "--amount", "1000000",
                     "--date", "2009-04-08", env=ENV)
    assert result.exit_code == 0, result.stderr
    assert "1000000 h" in result.stderr
    assert run_cli("check", str(path)).exit_code == 0
    refused = run_cli("done", "self-study", "-f", str(path), "--by", "zhangwei", "--amount", "1000000000000",
                      "--date", "2009-04-08", env=ENV)
    assert refused.exit_code == 2 and "1,000,000" in refused.stderr


def _task_logged(tmp_path: Path, amount: str) -> Path:
    from conftest import BUNDLED

    text = BUNDLED.read_text(encoding="utf-8").replace(
        "        who: leaders\n        note: 成立以",
        f"        who: leaders\n        log:\n          - {{date: 2009-03-20, amount: {amount}}}\n        note: 成立以")
    return write_plan(tmp_path, text)


@pytest.mark.parametrize(("amount", "unit", "said"), [
    ("0x10", None, "not a decimal number"),
    ("0x10", "quota", "not a decimal number"),
    ("2h", None, "a task's log takes a plain number, not '2h': units such as h or 字 belong to a quota's log"),
])
def test_an_amount_in_the_file_says_why_it_is_refused(tmp_path: Path, amount: str, unit: str | None,
                                                      said: str) -> None:
    if unit is None:
        path = _task_logged(tmp_path, amount)
    else:
        from conftest import BUNDLED

        text = BUNDLED.read_text(encoding="utf-8")
        path = write_plan(tmp_path, text)
        added = run_cli("done", "self-study", "-f", str(path), "--by", "zhangwei", "--amount", "2h",
                        "--date", "2009-04-08", env=ENV)
        assert added.exit_code == 0, added.stderr
        path.write_text(path.read_text(encoding="utf-8").replace("amount: 2,", f"amount: {amount},"),
                        encoding="utf-8")
    result = run_cli("check", str(path))
    assert result.exit_code == 1
    assert said in result.stdout + result.stderr
    assert "more than zero" not in result.stdout + result.stderr


# C: the docs name real files and every period word planctl reads.

def test_every_source_path_the_docs_name_exists() -> None:
    import re

    root = Path(__file__).parent.parent
    documents = [root / "README.md", *sorted((root / "docs").glob("*.md"))]
    named = {(doc.name, path) for doc in documents
             for path in re.findall(r"src/planctl/[\w/]+\.py", doc.read_text(encoding="utf-8"))}
    assert named
    assert [(doc, path) for doc, path in sorted(named) if not (root / path).exists()] == []


def test_the_quota_tables_period_row_names_every_period_word() -> None:
    from planctl.format.dates import PERIOD_MONTHS, PERIOD_WORDS

    text = (Path(__file__).parent.parent / "docs" / "plan-format.md").read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| `period` |"))
    for word in ["once", "week", "dekad", *PERIOD_MONTHS, *PERIOD_WORDS]:
        assert f"`{word}`" in row, word


def test_git_md_shows_the_driver_quoted_only_when_the_path_needs_it(monkeypatch: pytest.MonkeyPatch,
                                                                    tmp_path: Path) -> None:
    import sys

    from planctl.commands import git as git_command

    text = (Path(__file__).parent.parent / "docs" / "git.md").read_text(encoding="utf-8")
    shown = {}
    for folder in ("plans", "my plans"):
        program = tmp_path / folder / "planctl"
        program.parent.mkdir()
        program.write_text("#!/bin/sh\n")
        program.chmod(0o755)
        monkeypatch.setattr(sys, "argv", [str(program)])
        shown[folder] = git_command.driver_command()
    assert shown["plans"] == str(tmp_path / "plans" / "planctl")  # as it is
    assert shown["my plans"] == f"'{tmp_path / 'my plans' / 'planctl'}'"
    assert "driver = /home/me/plans/.venv/bin/planctl merge-driver" in text
    assert "in single quotes so that" not in text


def test_the_tour_works_in_a_copy_and_says_who_you_are_before_log_who_me() -> None:
    from conftest import README

    tour = README.read_text(encoding="utf-8").split("## A short tour", 1)[1].split("\n## ", 1)[0]
    block = tour.split("```sh\n", 1)[1].split("```", 1)[0]
    lines = [line.split("#", 1)[0].strip() for line in block.splitlines()]
    first_planctl = next(i for i, line in enumerate(lines) if line.startswith("planctl "))
    setup = " && ".join(lines[:first_planctl])
    assert "cp plan.yaml" in setup and "cd " in setup and "git init" in setup
    assert "git config planctl.user" in setup or "PLANCTL_BY" in setup


# C: done without --by says when no `by` was recorded; -q silences done's notes.

def test_done_without_by_says_no_by_was_recorded_and_how_to_set_it(tmp_path: Path) -> None:
    path = write_plan(tmp_path)
    result = run_cli("done", "2.6.1", "-f", str(path), "--date", "2009-04-05",
                     env={**ENV, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"})
    assert result.exit_code == 0, result.stderr
    assert "no `by` was recorded" in result.stderr and "PLANCTL_BY" in result.stderr


@pytest.mark.parametrize("where", ["root", "command"])
def test_quiet_silences_dones_notes(tmp_path: Path, where: str) -> None:
    path = write_plan(tmp_path)
    args = ["done", "2.6.1", "-f", str(path), "--by", "zhangwei", "--date", "2010-01-05"]
    loud = run_cli(*args, env=ENV)
    assert "note:" in loud.stderr  # outside the plan
    path = write_plan(tmp_path)
    quiet = run_cli(*(["-q", *args] if where == "root" else [*args, "-q"]), env=ENV)
    assert quiet.exit_code == 0 and quiet.stderr == ""


# D: cosmetic faults.

def test_import_summary_says_one_phase_not_one_phases(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no plan.yaml here: a dry run refuses what the real run would (h89)
    document = tmp_path / "one.txt"
    document.write_text("一、准备阶段（3月1日-3月15日）\n1.成立领导小组。\n", encoding="utf-8")
    result = run_cli("import", str(document), "--dry-run", "--year", "2026")
    assert result.exit_code == 0, result.stderr
    assert "one.txt: 1 phase, 1 task, 0 quotas, 0 groups" in result.stderr


def test_log_since_after_until_is_a_usage_error(tmp_path: Path) -> None:
    path = write_plan(tmp_path)
    result = run_cli("log", "-f", str(path), "--since", "9999-12-31", "--until", "0001-01-01")
    assert result.exit_code == 2
    assert "--since (9999-12-31) is after --until (0001-01-01)" in result.stderr


@pytest.mark.parametrize("period", [["--today", "9999-12-31"], ["--today", "2009-04-12", "--phase", "5"]])
def test_report_with_no_next_period_shows_no_empty_brackets(tmp_path: Path, period: list[str]) -> None:
    path = write_plan(tmp_path)
    result = run_cli("report", "-f", str(path), *period)
    assert result.exit_code == 0, result.stderr
    assert "（）" not in result.stdout and "到期（无）" in result.stdout


@pytest.mark.parametrize(("first", "rest"), [("\r\n", "\n"), ("\n", "\r\n")])
def test_done_on_a_mixed_file_ends_its_line_as_the_line_before(tmp_path: Path, first: str, rest: str) -> None:
    lines = ["planctl: 1", "title: t", "year: 2026", "phases:", "  - id: p", "    title: p", "    when: 3月",
             "    tasks:", "      - id: a", "        title: a", "        log:",
             "          - {date: 2026-03-02, at: 2026-11-29T17:02:15+00:00}"]
    text = lines[0] + first + "".join(line + rest for line in lines[1:])
    path = write_plan(tmp_path, text.encode("utf-8"))
    result = run_cli("done", "a", "-f", str(path), "--again", "--date", "2026-03-03", env=ENV)
    assert result.exit_code == 0, result.stderr
    data = path.read_bytes().decode("utf-8")
    assert data.startswith(text)
    added = data[len(text):]
    assert added.startswith("          - {date: 2026-03-03") and added.endswith("}" + rest)
    assert added.count("\n") == 1


@pytest.mark.parametrize("columns", [30, 40, 60, 80])
def test_a_narrow_list_keeps_every_id_and_every_character_of_each_title(tmp_path: Path, columns: int) -> None:
    from planctl.format.loader import load_path
    from planctl.output.cells import cell_width

    path = write_plan(tmp_path)
    plan = load_path(path).plan
    assert plan is not None
    result = run_cli("list", "-f", str(path), columns=columns)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(cell_width(line) for line in lines) <= columns
    ids = {word for line in lines for word in line.split()}
    shown = "".join(ch for line in lines for ch in line if "\u4e00" <= ch <= "\u9fff")
    for task in plan.walk():
        assert task.id in ids, task.id
        assert "".join(ch for ch in task.title if "\u4e00" <= ch <= "\u9fff") in shown, task.title


def test_at_twenty_columns_a_title_loses_no_character(tmp_path: Path) -> None:
    path = write_plan(tmp_path)
    result = run_cli("list", "-f", str(path), columns=20)
    shown = "".join(ch for line in result.stdout.splitlines() for ch in line if "\u4e00" <= ch <= "\u9fff")
    assert "成立处活动领导小组和工作机构" in shown and "lead-group" in result.stdout


def test_the_choices_of_an_ambiguous_name_line_up_with_chinese_ids(tmp_path: Path) -> None:
    from planctl.output.cells import cell_width

    text = ("planctl: 1\ntitle: t\nyear: 2026\nphases:\n  - id: p\n    title: 阶段\n    when: 3月\n    tasks:\n"
            "      - id: 协调会\n        title: 召开协调会\n      - id: 清单\n        title: 重点协作清单\n"
            "      - id: a\n        title: 跨部门协作\n")
    path = write_plan(tmp_path, text)
    result = run_cli("done", "协", "-f", str(path), env=ENV)
    assert result.exit_code == 2
    rows = [line for line in result.stderr.splitlines() if line.startswith("  ")]
    assert len(rows) == 3
    starts = {cell_width(line[: line.index(title)]) for line, title in zip(rows, ["召开", "重点", "跨部门"], strict=True)}
    assert len(starts) == 1, rows


@pytest.mark.parametrize(("fmt", "name"), [("ics", "plan.pdf"), ("json", "plan.xlsx")])
def test_export_refuses_a_binary_office_name(tmp_path: Path, fmt: str, name: str) -> None:
    path = write_plan(tmp_path)
    result = run_cli("export", fmt, "-f", str(path), "-o", str(tmp_path / name))
    assert result.exit_code == 2 and "nothing was written" in result.stderr
    assert not (tmp_path / name).exists()
