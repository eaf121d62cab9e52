"""What a Chinese office worker found in planctl's words and layout (issue 17, a fresh tester under
LANG=zh_CN.UTF-8): the merge driver's language under `sync`, `check`'s hints during a merge, `report` on a
paged terminal, names and numbers kept whole when folded, people named with their ids, Chinese words for the
plan's keys, English words left in Chinese help, one form for "done of target", and a day of more than 24 hours.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import PLAN, run_cli
from planctl.output.cells import cell_width

ZH = {"LANG": "zh_CN.UTF-8"}
EN = {"LANG": "C"}
TODAY = "2009-04-12"


# --- report on a terminal through the pager -------------------------------------------------------------


def test_a_paged_report_on_a_60_column_terminal_fits_it(tmp_path: Path) -> None:
    """In tmux (a real terminal) with the pager on: the pager's pipe is no tty, yet the text is shown in the
    terminal, so the report is fitted to its 60 columns (it was written whole, each quota row 130 wide)."""
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    env = {key: value for key, value in os.environ.items() if key not in ("COLUMNS", "LINES", "TMUX")}
    env.update(LANG="zh_CN.UTF-8", NO_COLOR="1", PLANCTL_PAGER="cat -u")  # a pager that is not plain `cat`
    planctl = shutil.which("planctl", path=str(Path(sys.executable).parent)) or "planctl"
    command = f"{planctl} report --today {TODAY} --plan {PLAN}; echo REPORT-DONE; sleep 60"
    tmux = ["tmux", "-L", f"planctl-paged-{os.getpid()}", "-f", "/dev/null"]
    subprocess.run([*tmux, "new-session", "-d", "-x", "60", "-y", "50", command], env=env, check=True, timeout=30)
    try:
        shown = ""
        for _ in range(300):  # up to 30 s
            shown = subprocess.run([*tmux, "capture-pane", "-p", "-J", "-S", "-2000"], env=env, capture_output=True,
                                   text=True, timeout=30).stdout
            if "REPORT-DONE" in shown:
                break
            time.sleep(0.1)
    finally:
        subprocess.run([*tmux, "kill-server"], env=env, capture_output=True, timeout=30)
    assert "REPORT-DONE" in shown and "党员每周自学" in shown, shown
    body = shown[:shown.index("REPORT-DONE")]
    assert all(cell_width(line) <= 60 for line in body.splitlines()), body  # -J joins wrapped lines back
