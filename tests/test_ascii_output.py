"""An output that cannot hold Chinese (PYTHONIOENCODING=ascii, an ASCII-only terminal): every command runs
without a traceback, writes what the encoding holds (Chinese as `\\u6d3b` escapes, lines drawn in ASCII), and
its tables stay lined up, because views measure text as it is written (output/visible.py, output/cells.py)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BUNDLED

DAY = "2009-04-16"


def run(path: Path, *args: str, lang: str = "C.UTF-8") -> str:
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "NO_COLOR": "1", "COLUMNS": "80", "LANG": lang,
           "PLANCTL_BY": "zhangwei"}
    env.pop("LC_ALL", None)
    done = subprocess.run([sys.executable, "-m", "planctl", *args, "--plan", str(path), "--today", DAY],
                          capture_output=True, env=env, check=False)
    said = done.stdout + done.stderr
    assert b"Traceback" not in said and done.returncode == 0, said.decode("ascii", "replace")
    assert said.isascii()
    return done.stdout.decode("ascii")


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ascii") / "plan.yaml"
    shutil.copyfile(BUNDLED, path)
    return path


@pytest.mark.parametrize("lang", ["C.UTF-8", "zh_CN.UTF-8"])
def test_due_tables_stay_lined_up(plan: Path, lang: str) -> None:
    text = run(plan, "due", lang=lang)
    assert "\\u6d3b\\u52a8" in text  # 活动, escaped
    assert "Overdue (" in text  # an output that cannot show Chinese speaks English
    header: list[int] = []
    rows = 0
    lines = text.splitlines()
    for line, after in zip(lines, [*lines[1:], ""], strict=True):
        bars = [m.start() for m in re.finditer(r" \|(?= |$)", line)]
        if re.match(r"-+\+-", after):  # a table's header, over its rule
            header = bars
        elif bars:
            rows += 1
            assert bars == header, (line, header)  # each cell's border under its header's
    assert rows > 10, text


def test_list_and_status_columns_stay_lined_up(plan: Path) -> None:
    listed = run(plan, "list")
    windows = {line.index(m.group()) for line in listed.splitlines() if (m := re.search(r"\d\d-\d\d ~ \d\d-\d\d", line))}
    assert len(windows) == 1, listed
    status = run(plan, "status")
    states = {m.start() for line in status.splitlines() if (m := re.search(r"  (overdue|in progress|not started)  ", line))}
    assert len(states) == 1, status


@pytest.mark.parametrize("args", [["check"], ["show", "2.6"], ["timeline"], ["report", "--week"], ["log"],
                                  ["show", "不存在"]], ids=" ".join)
def test_every_view_writes_what_the_encoding_holds(plan: Path, args: list[str]) -> None:
    if args[-1] == "不存在":  # a refusal quoting what was typed: said, escaped, with its exit code
        env = {**os.environ, "PYTHONIOENCODING": "ascii", "NO_COLOR": "1"}
        done = subprocess.run([sys.executable, "-m", "planctl", *args, "--plan", str(plan)], capture_output=True,
                              env=env, check=False)
        assert done.returncode == 2 and b"Traceback" not in done.stderr and b"\\u4e0d\\u5b58\\u5728" in done.stderr
        return
    run(plan, *args)
