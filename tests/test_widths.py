"""Widths and long text on a terminal (issue 12, cases 17 and 19).

17: one width function everywhere. Titles holding a joined emoji sequence and conjoining Hangul jamo
take the cells a terminal gives them (Rich's measure, which `list` and the other Rich views use); `due`'s
hand-drawn columns and `check`'s caret line up by the same measure. A zero-width space, which terminals
draw in no cell or in one, is shown escaped (`\u200b`: a hidden character since tester h93's finding),
so its title lines up too.

19: no view is worse than linear in the file: a title of 200,000 characters is cut for display,
so `list`, `status`, `show`, `timeline` and `due` print a bounded screen, quickly.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len

from conftest import run_cli
from planctl.output.breaks import fold
from planctl.output.cells import LONGEST, cell_width, clip, graphemes
from planctl.output.visible import visible

ZWSP = "零宽\u200b空格任务"  # a zero-width space: no cell
FAMILY = "家庭\U0001f468\u200d\U0001f469\u200d\U0001f467活动"  # one emoji of three people joined: two cells
JAMO = "\u1112\u1161\u11ab\u1100\u1173\u11af 학습"  # 한글 written as conjoining jamo: two syllables
TITLES = (ZWSP, FAMILY, JAMO)


def plan_with(tmp_path: Path, titles: tuple[str, ...]) -> Path:
    tasks = "".join(f"      - id: t{i}\n        title: \"{title}\"\n        when: 2009-04-0{i + 1}..2009-04-12\n"
                    for i, title in enumerate(titles))
    path = tmp_path / "plan.yaml"
    path.write_text("title: 宽度\nyear: 2009\nroster:\n  people: {ann: 安}\nphases:\n  - id: p\n    title: 阶段\n"
                    "    when: 2009-04-01..2009-04-30\n    who: [ann]\n    tasks:\n" + tasks, encoding="utf-8")
    return path


def run(*args: str, columns: int = 120) -> str:
    result = run_cli(*args, columns=columns)
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def columns_of(line: str, mark: str) -> list[int]:
    """Cells before each `mark` in `line`, by Rich's measure."""
    return [cell_len(line[:i]) for i, char in enumerate(line) if char == mark]


def test_the_width_is_what_a_terminal_draws() -> None:
    assert [cell_width(t) for t in TITLES] == [cell_len(t) for t in TITLES] == [12, 10, 9]
    assert [w for _, w in graphemes(FAMILY)] == [2, 2, 2, 2, 2]  # 家 庭 (the family) 活 动
    assert fold(FAMILY, 5) == ["家庭", "\U0001f468\u200d\U0001f469\u200d\U0001f467活", "动"]  # never inside the emoji


@pytest.mark.parametrize("columns", [120, 80])
def test_due_columns_line_up_with_such_titles(tmp_path: Path, columns: int) -> None:
    text = run("due", "--plan", str(plan_with(tmp_path, TITLES)), "--today", "2009-04-10", columns=columns)
    rows = [line for line in text.splitlines() if "│" in line]
    assert all(visible(title) in text for title in TITLES)
    assert "零宽\\u200b空格任务" in text  # escaped, as every view shows a hidden character
    assert len({tuple(columns_of(line, "│")) for line in rows}) == 1, "\n".join(rows)
    header = next(line for line in text.splitlines() if "┃" in line)
    assert columns_of(header, "┃") == columns_of(rows[0], "│")


def test_list_and_due_agree_on_the_width_of_a_title(tmp_path: Path) -> None:
    path = plan_with(tmp_path, TITLES)
    listed = run("list", "--plan", str(path), "--today", "2009-04-10")
    for title in map(visible, TITLES):
        line = next(line for line in listed.splitlines() if title in line)
        after = line.index(title) + len(title)
        assert cell_len(line[:after]) - cell_len(line[:line.index(title)]) == cell_width(title)


@pytest.mark.parametrize("title", TITLES)
def test_the_caret_points_at_the_spot(tmp_path: Path, title: str) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(f"title: t\nphases:\n  - {{id: a, title: \"{title}\", whne: 3月}}\n", encoding="utf-8")
    report = run("check", str(path)).splitlines()
    error = next(i for i, line in enumerate(report) if "'whne'" in line)  # after check's warning of a ZWSP
    source = next(i for i, line in enumerate(report) if i > error and "whne" in line and "|" in line)
    line, caret = report[source], report[source + 1]
    assert columns_of(caret, "^") == [cell_len(line[:line.index("whne")])]


# --- case 19 --------------------------------------------------------------------------------------


def test_clip_keeps_short_text_and_cuts_long_text() -> None:
    assert clip("短标题") == "短标题"
    long = "长" * (LONGEST * 3)
    assert clip(long) == "长" * (LONGEST - 1) + "…" and len(clip(long)) == LONGEST


HUGE = 200_000


@pytest.fixture(scope="module")
def huge_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("huge") / "plan.yaml"
    title = ("很长的标题" * (HUGE // 5 + 1))[:HUGE]
    path.write_text(f"title: t\nyear: 2009\nphases:\n  - id: p\n    title: {title}\n    when: 2009-04-01..2009-04-30\n"
                    f"    tasks:\n      - {{id: a, title: {title}, when: 2009-04-05..2009-04-12}}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("view", [["list"], ["status"], ["show", "a"], ["show", "p"], ["timeline"], ["due"]])
def test_a_huge_title_gives_a_bounded_screen(huge_plan: Path, view: list[str]) -> None:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    env.pop("PLANCTL_TODAY", None)
    done = subprocess.run([sys.executable, "-m", "planctl", *view, "--plan", str(huge_plan), "--today", "2009-04-10"],
                          capture_output=True, text=True, env=env, timeout=120, check=False, cwd=huge_plan.parent)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "很长的标题" in done.stdout
    assert len(done.stdout) < 20 * LONGEST  # the whole title before (`list` wrapped all of it)


def test_due_measures_with_rich_cells_alone() -> None:
    """`due` draws its own tables to spare Rich's start-up: the width function brings `rich.cells`,
    not the console, text or table machinery."""
    code = ("import sys, io\n"
            "from planctl.output import table\n"
            "from planctl.output.terminal import Terminal\n"
            "t = table.Table('T', [table.Column('A', wrap=True)])\n"
            "t.add_row('家庭\\U0001f468\\u200d\\U0001f469\\u200d\\U0001f467活动')\n"
            "table.render(t, Terminal(io.StringIO(), 20, False))\n"
            "print(sorted(m for m in sys.modules if m.startswith('rich.') and not m.startswith('rich._')))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "['rich.cells']"
