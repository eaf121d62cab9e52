"""`due` and `done` on the bundled plan run without Typer, Click or Rich's console (cli/quick.py): a third
of their start-up. Anything the quick way does not read still goes to Typer."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

SEED = Path(__file__).resolve().parent.parent / "plan.yaml"
D = "2009-04-12"

def _imported(args: list[str], folder: Path, code: int = 0) -> set[str]:
    """The modules a whole `python -m planctl ARGS` process imported (from -X importtime)."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120", "LANG": "C.UTF-8"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "planctl", *args], cwd=folder, env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == code, done.stderr[-2000:]
    return {line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}


def _heavy(modules: set[str]) -> set[str]:
    """Typer, Click and Rich but its character widths (output/cells.py uses `rich.cells`)."""
    return {name for name in modules if name.split(".")[0] in ("typer", "click")
            or (name.split(".")[0] == "rich" and name not in ("rich", "rich.cells", "rich._extension")
                and not name.startswith("rich._unicode_data"))}


def test_due_and_done_on_the_bundled_plan_import_no_typer_nor_rich(tmp_path: Path) -> None:
    shutil.copy(SEED, tmp_path / "plan.yaml")
    subprocess.run([sys.executable, "-m", "planctl", "check", "-q"], cwd=tmp_path, check=True)  # the cache written
    assert _heavy(_imported(["due", "--today", D], tmp_path)) == set()
    assert _heavy(_imported(["done", "mobilize", "--date", D, "-q"], tmp_path)) == set()
    assert _heavy(_imported(["check"], tmp_path)) == set()  # the cache is there: a warm check
    shutil.rmtree(tmp_path / ".planctl-cache")
    assert _heavy(_imported(["check", "plan.yaml"], tmp_path)) == set()  # a cold one (issue 20 times it)
    assert _heavy(_imported(["due", "--today", D, "--bogus"], tmp_path, code=2)) >= {"typer"}  # Typer's message, Typer's way
