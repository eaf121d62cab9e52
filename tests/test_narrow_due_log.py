"""`due` and `log` fit a terminal of 40 to 60 columns in Chinese and English (a tester's report: at 40 and 50
columns `due`'s quota table stayed 52 cells wide and wrapped in the terminal, a line starting with `）`; `log`
was 63 wide at 60). Columns are left out or folded by the one narrowing rule (output/fit.py)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import PLAN, run_cli
from planctl.output.cells import cell_width
from test_zh_layout import broken_pairs

LANGUAGES = {"zh": {"LANG": "zh_CN.UTF-8"}, "en": {"LANG": "C"}}
WIDTHS = (40, 50, 60)


def _ids(plan: Path) -> set[str]:
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("id"), str):
                found.add(node["id"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(yaml.safe_load(plan.read_text(encoding="utf-8")))
    return found


def _assert_fits(text: str, width: int) -> None:
    wide = [line for line in text.splitlines() if cell_width(line) > width]
    assert wide == [], (width, wide)
    assert broken_pairs(text) == [], (width, text)
    assert not [line for line in text.splitlines() if line.strip()[:1] in "）)，、：:"], text


@pytest.mark.parametrize("language", sorted(LANGUAGES))
@pytest.mark.parametrize("today", ["2009-04-10", "2009-04-12"])
def test_due_fits_the_terminal_and_shows_every_id(language: str, today: str) -> None:
    wide = run_cli("due", "--plan", str(PLAN), "--today", today, env=LANGUAGES[language], columns=200)
    shown = {word for word in re.findall(r"[\w-]+", wide.stdout)} & _ids(PLAN)
    assert shown
    for width in WIDTHS:
        result = run_cli("due", "--plan", str(PLAN), "--today", today, env=LANGUAGES[language], columns=width)
        assert result.exit_code == 0, result.stderr
        _assert_fits(result.stdout, width)
        assert shown <= set(re.findall(r"[\w-]+", result.stdout)), (width, shown - set(re.findall(r"[\w-]+", result.stdout)))


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_log_fits_the_terminal(tmp_path: Path, language: str) -> None:
    plan = tmp_path / "plan.yaml"
    shutil.copy(PLAN, plan)
    for item, by, extra in (("center-study", "sha", ["--note", "学习《关于深入学习实践科学发展观活动的实施意见》（第一次）"]),
                            ("self-study", "zhangwei", ["--amount", "2h", "--note", "自学两小时，写了笔记"]),
                            ("lead-group", "sha", [])):
        done = run_cli("done", item, "--plan", str(plan), "--today", "2009-04-09", "--by", by, *extra, "--yes",
                       env=LANGUAGES[language])
        assert done.exit_code == 0, done.stderr
    for width in WIDTHS:
        result = run_cli("log", "--plan", str(plan), "--today", "2009-04-12", env=LANGUAGES[language], columns=width)
        assert result.exit_code == 0, result.stderr
        _assert_fits(result.stdout, width)
        assert result.stdout.count("2009-04-09") == 3
