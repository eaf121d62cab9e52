"""Plan text holding terminal control or invisible characters (an escape sequence in a teammate's title,
a bidi override in a name) never reaches the terminal or a text file as it is: every view shows them
escaped (output/visible.py), JSON keeps them exactly, `check` warns where they are, import leaves them out.
Also: a very long source line is cut around the column in an error's excerpt."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import run_cli

PLAN = r'''planctl: 1
title: "计划\e]0;owned\a"
year: 2009
roster:
  people:
    lq: "李强\u202e"
phases:
  - id: p1
    title: "阶段\e[2J"
    when: 2009-03-01..2009-05-31
    tasks:
      - id: t1
        title: "学习\e[31m红"
        who: lq
        note: "备注\e[5m"
        when: 2009-04-01..2009-04-20
        log:
          - {date: 2009-04-02, by: lq, note: "记下\e[1m"}
      - id: t2
        title: "任务\x9b2J"
        when: 2009-04-10..2009-04-30
    quotas:
      - id: q1
        title: "自学\e[7m"
        who: lq
        target: 3
        unit: 次
        period: week
'''
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]")  # what must never be written as it is


@pytest.fixture()
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    return path


VIEWS = [["list"], ["due"], ["status"], ["show", "t1"], ["show", "q1"], ["timeline"], ["report"],
         ["report", "--format", "md"], ["export", "ics"], ["log"], ["check"]]


@pytest.mark.parametrize("view", VIEWS, ids=" ".join)
@pytest.mark.parametrize("colour", [False, True], ids=["plain", "colour"])
def test_no_view_writes_a_control_character_of_the_plan(plan: Path, view: list[str], colour: bool) -> None:
    env = {"FORCE_COLOR": "1", "NO_COLOR": None} if colour else {}
    result = run_cli(*view, "-f", str(plan), "--today", "2009-04-12", env=env)
    assert result.exit_code == 0, result.stderr
    shown = result.stdout + result.stderr
    ours = re.sub(r"\x1b\[[0-9;]*m", "", shown) if colour else shown  # the view's own colours
    # a colour code of the plan's (\e[31m, \e[7m) would look like ours: it must not be there either
    assert not re.search(r"学习\x1b\[31m|自学\x1b\[7m|记下\x1b\[1m|备注\x1b\[5m", shown)
    assert not RAW.findall(ours), view
    assert "\\x1b" in shown or "\\\\x1b" in shown  # shown, escaped


def test_done_and_undo_say_the_title_escaped(plan: Path) -> None:
    done = run_cli("done", "t2", "--by", "lq", "-f", str(plan), "--today", "2009-04-12")
    assert done.exit_code == 0, done.stderr
    assert "任务\\x9b2J" in done.stderr and "李强\\u202e" in done.stderr
    assert not RAW.findall(done.stderr + done.stdout)


def test_json_keeps_the_exact_text(plan: Path) -> None:
    result = run_cli("show", "t1", "--json", "-f", str(plan), "--today", "2009-04-12")
    assert json.loads(result.stdout)["title"] == "学习\x1b[31m红"


def test_check_warns_where_a_text_field_holds_one(plan: Path) -> None:
    result = run_cli("check", "-f", str(plan))
    assert result.exit_code == 0  # warnings only
    out = result.stdout
    assert re.search(r":2:8: warning: title holds U\+001B, U\+0007, shown as \\x1b, \\x07", out)
    assert re.search(r":6:\d+: warning: people.lq holds U\+202E", out)
    assert re.search(r":9:\d+: warning: p1.title holds U\+001B", out)
    assert re.search(r":15:\d+: warning: t1.note holds", out)
    assert re.search(r":18:\d+: warning: t1 2009-04-02.note holds", out)
    assert re.search(r":20:\d+: warning: t2.title holds U\+009B", out)


def test_check_says_nothing_of_backslashes_that_are_text(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN.split("roster:")[0].replace(r'"计划\e]0;owned\a"', r"'C:\x1b\e 目录'")
                    + "phases:\n  - {id: p, title: 'a\\e', when: 2009-03}\n", encoding="utf-8")
    result = run_cli("check", "-f", str(path))
    assert result.exit_code == 0 and "warning" not in result.stdout, result.stdout


def test_import_leaves_them_out_and_says_where(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "e.txt").write_text("2026年计划\n一、学习阶段（3月）\n1、集中学习\x1b]0;owned\x07\x1b[2J（3月上旬）\n",
                                    encoding="utf-8")
    result = run_cli("import", "e.txt")
    assert result.exit_code == 0, result.stderr
    written = (tmp_path / "plan.yaml").read_text(encoding="utf-8")
    assert "\\u001b" not in written and "\\x1b" not in written and "\\e" not in written and "\\a" not in written
    assert "集中学习" in written
    assert "line 3: left out 3 terminal control or invisible characters (U+001B, U+0007)" in result.stdout + result.stderr


def test_a_long_line_is_cut_around_the_column_in_an_excerpt(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("planctl: 1\ntitle: t\nyear: 2009\nphases: " + "[" * 200_000 + "\n", encoding="utf-8")
    result = run_cli("check", "-f", str(path))
    assert result.exit_code == 1
    excerpt = [line for line in result.stdout.splitlines() if line.startswith("    4 | ")]
    caret = [line for line in result.stdout.splitlines() if line.rstrip().endswith("^")]
    assert len(excerpt) == 1 and len(excerpt[0]) < 200 and excerpt[0].startswith("    4 | …[[[")
    assert int(re.search(r":4:(\d+):", result.stdout).group(1)) > 1000  # type: ignore[union-attr]
    caret_at = len(caret[0]) - len("      | ") - 1
    assert caret_at == len("…") + 50  # 50 characters of the line before the column, after the "…"
    assert excerpt[0][len("    4 | ") + caret_at] == "["


def test_shell_completion_shows_them_escaped_and_offers_no_title_holding_one(plan: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from planctl.cli.completion import complete_items

    monkeypatch.setenv("PLANCTL_PLAN", str(plan))
    offered = complete_items("")
    assert ("t1", "1.1 学习\\x1b[31m红") in offered
    assert not any(RAW.search(value + help_text) for value, help_text in offered)
    assert not any(RAW.search(value + help_text) for value, help_text in complete_items("学"))


def test_the_quick_test_of_a_clean_plan_misses_no_hidden_character(tmp_path: Path) -> None:
    """textcheck's quicker test for a plan read without errors looks for a few characters only: every
    hidden character YAML lets into a plan is among them (the rest make an error, and then the whole
    class is searched)."""

    from planctl.format.controls import HIDDEN_CLASS
    from planctl.format.loader import load_bytes
    from planctl.format.textcheck import hidden_characters

    every = [chr(c) for c in range(0x10000) if re.fullmatch(HIDDEN_CLASS, chr(c))]
    assert len(every) > 60
    for char in every:
        text = f"planctl: 1\ntitle: a{char}b\nphases: []\n"
        loaded = load_bytes("plan.yaml", text.encode("utf-8"))
        if loaded.errors:
            continue
        assert hidden_characters(loaded.source.text, loaded.plan, read_cleanly=True), repr(char)
        assert hidden_characters(loaded.source.text, loaded.plan, read_cleanly=True, raw=loaded.source.raw), repr(char)


FAST_PLAN = """planctl: 1
title: {title}
year: 2009
phases:
  - id: p1
    title: 阶段
    when: 2009-03-01..2009-03-31
    log:
      - {{date: 2009-03-02, by: lq, note: {note}}}
"""


def test_the_quickest_test_of_a_plan_fasttree_read_misses_no_hidden_character() -> None:
    """A plan format/fasttree.py read (`Loaded.by_fasttree`) is looked at for fewer characters still: what
    `check` says of it is what the search for the whole class says, for every hidden character written as
    itself or as an escape in a title or an entry's note, looked for in the text or first in the file's bytes
    (the characters fasttree refuses send the plan through YAML, which `by_fasttree` then says)."""
    from planctl.format.controls import HIDDEN_CLASS
    from planctl.format.loader import load_bytes
    from planctl.format.textcheck import hidden_characters

    clean = FAST_PLAN.format(title="计划", note="记下").encode("utf-8")
    assert load_bytes("plan.yaml", clean, fast=True).by_fasttree and not load_bytes("plan.yaml", clean).by_fasttree
    every = [chr(c) for c in range(0x10000) if re.fullmatch(HIDDEN_CLASS, chr(c))]
    read_fast = found = 0
    for char in every:
        escaped = f'"a\\u{ord(char):04x}b"'  # YAML's double-quoted escape
        for title, note in ((f"a{char}b", "记下"), ("计划", f"a{char}b"), (escaped, "记下"), ("计划", escaped)):
            loaded = load_bytes("plan.yaml", FAST_PLAN.format(title=title, note=note).encode("utf-8"), fast=True)
            if not loaded.by_fasttree:
                continue
            read_fast += 1
            said = hidden_characters(loaded.source.text, loaded.plan, read_cleanly=not loaded.errors, by_fasttree=True,
                                     raw=loaded.source.raw)
            assert said == hidden_characters(loaded.source.text, loaded.plan), (repr(char), title, note)
            assert said == hidden_characters(loaded.source.text, loaded.plan, by_fasttree=True), (repr(char), title, note)
            found += bool(said)
    assert read_fast > 100 and found > 100, (read_fast, found)


ZERO_WIDTH_PLAN = '''planctl: 1
title: 测试计划
year: 2026
phases:
  - id: p1
    title: "第一\\u200b阶段"
    when: 3月
    tasks:
      - id: a
        title: "整理\\t档案"
        when: 3月1日
      - id: b
        title: "报送\\u200b\\u2060月报\\ufeff"
        when: 3月1日
      - id: c
        title: 普通任务
        when: 3月1日
'''


def test_check_warns_of_a_zero_width_space_and_a_tab_in_a_title_at_its_line(tmp_path: Path) -> None:  # h93, h98 item 2
    path = tmp_path / "plan.yaml"
    path.write_text(ZERO_WIDTH_PLAN, encoding="utf-8")
    result = run_cli("check", "-f", str(path))
    assert result.exit_code == 0, result.output
    assert re.search(r":6:\d+: warning: p1\.title holds U\+200B", result.output), result.output
    assert re.search(r":10:\d+: warning: a\.title holds a tab", result.output), result.output
    assert re.search(r":13:\d+: warning: b\.title holds U\+200B, U\+2060, U\+FEFF", result.output), result.output


@pytest.mark.parametrize("view", [["list"], ["due"]], ids=" ".join)
def test_a_zero_width_space_or_a_tab_in_a_title_keeps_the_columns_aligned(tmp_path: Path, view: list[str]) -> None:
    from planctl.output.cells import cell_width

    path = tmp_path / "plan.yaml"
    path.write_text(ZERO_WIDTH_PLAN, encoding="utf-8")
    result = run_cli(*view, "-f", str(path), "--today", "2026-03-01")
    assert result.exit_code == 0, result.output
    assert "\t" not in result.output and not re.search("[\u200b\u2060\ufeff]", result.output)
    rows = [line for line in result.output.splitlines() if re.search(r"整理|报送|普通任务", line)]
    assert len(rows) == 3
    starts = {cell_width(row[:row.index("03-01")]) for row in rows}  # the window column starts alike in each row
    assert len(starts) == 1, rows
