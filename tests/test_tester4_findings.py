"""What the fourth fresh tester found, fixed by the lead: a Ctrl-C during start-up, ... Each case failed
before its fix."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import write_plan

# A Ctrl-C that lands while Typer and Rich are still being imported (the program's first tenth of a
# second; more on a loaded machine) printed a Python traceback. Here it is made to land there for
# sure: importing `typer` raises KeyboardInterrupt, as a SIGINT arriving at that moment would.
INTERRUPTED_DURING_IMPORT = """
import importlib.abc, sys
from importlib.metadata import entry_points

class CtrlC(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name == "typer":
            raise KeyboardInterrupt
        return None

sys.meta_path.insert(0, CtrlC())
sys.argv = ["planctl", "-f", sys.argv[1], "due"]
program = next(e for e in entry_points(group="console_scripts") if e.name == "planctl")
sys.exit(program.load()())
"""


def test_ctrl_c_during_start_up_is_a_quiet_interrupt_not_a_traceback(tmp_path: Path) -> None:
    plan = write_plan(tmp_path)
    run = subprocess.run([sys.executable, "-c", INTERRUPTED_DURING_IMPORT, str(plan)],
                         capture_output=True, text=True, env={"LANG": "C", "PATH": "/usr/bin:/bin"}, timeout=60)
    assert "Traceback" not in run.stderr, run.stderr
    assert run.stderr.strip() == "planctl: interrupted"
    assert run.returncode == 130
