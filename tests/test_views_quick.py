"""The views take the quick way too (cli/quick.py): `status`, `report`, `timeline`, `list`, `show` and
`export ics|json` as people usually type them run without Typer, and say exactly what Typer's way says.

A table of command lines, good and bad, gives the same stdout, stderr, exit code and files written both
ways, in English and in Chinese; the usual view runs import no Typer nor Click; anything the quick way
does not read still goes to Typer.
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from planctl import i18n
from planctl.cli import main, quick
from planctl.output import messages

ROOT_DIR = Path(__file__).resolve().parent.parent
SEED = ROOT_DIR / "plan.yaml"
P = "plan.yaml"
D = "2009-04-12"
BROKEN = "broken.yaml"  # the bundled plan with a day that does not exist: the views show the rest and exit 1

QUICK_LINES = [
    ["status", "-f", P, "--today", D],
    ["-f", P, "status", "--today", D, "--json"],
    ["status", "-f", P, "-p", "2", "-w", "branches"],
    ["--today", D, "status", "-f", P, "-q"],
    ["status", "--phase", "nowhere"],
    ["status", "--today", "31/31/2009"],
    ["status", "-f", "missing.yaml"],
    ["status"],  # the plan found upward, $PLANCTL_TODAY (set below)
    ["report", "-f", P, "--today", D],
    ["report", "2009-04-08", "-f", P, "--today", D],
    ["report", "--week", "2009-03-30", "--today", D],
    ["report", "-f", P, "--month", "4月", "--today=2009-05-02"],
    ["report", "--from", "2009-04-01", "--to", "2009-04-12", "--format", "md"],
    ["report", "-F", "csv", "-w", "jiguan", "--today", D],
    ["report", "--who", "zhangwei", "-p", "2"],
    ["report", "-o", "week.html", "--today", D],
    ["report", "--output", "week.md", "-q"],
    ["report", "--week", "--month"],
    ["report", "extra", "--from", "2009-04-01"],
    ["report", "--format", "pdf"],
    ["report", "-o", "report.docx"],
    ["report", "--to", "2009-04-01"],
    ["timeline", "-f", P, "--today", D, "-W", "100"],
    ["timeline", "--from", "2009-03-01", "--to", "2009-05-01", "--json"],
    ["timeline", "-p", "study", "--width=80", "--who", "lina"],
    ["timeline", "--svg", "chart.svg", "--html", "chart.html"],
    ["timeline", "--width", "5"],
    ["timeline", "--from", "2009-05-01", "--to", "2009-03-01"],
    ["list", "-f", P, "--today", D],
    ["list", "-p", "3", "--json"],
    ["show", "2.6", "-f", P, "--today", D],
    ["show", "--json", "self-study"],
    ["show", "nothing-like-it"],
    ["export", "ics", "-f", P, "--today", D],
    ["export", "-f", P, "json", "--today", D],
    ["-f", P, "--today", D, "export", "--today", "2009-04-13", "json", "-o", "plan.json"],
    ["--today", D, "export", "--plan=missing.yaml", "ics"],
    ["export", "json", "-q", "-o", "out.json"],
    ["export", "ics", "-o", "plan.pdf"],
    ["export", "ics", "-o", P],
    ["status", "-f", BROKEN, "--today", D],
    ["report", "-f", BROKEN],
    ["timeline", "-f", BROKEN, "--json"],
    ["export", "json", "-f", BROKEN],
]
TYPER_LINES = [
    ["status", "-h"],
    ["status", "--bogus"],
    ["status", "-f", P, "extra"],
    ["report", "2009-04-01", "2009-04-08"],
    ["report", "-F"],
    ["report", "-o", "-"],
    ["timeline", "-W", "abc"],
    ["timeline", "-W", "-1"],
    ["timeline", "-W", "８０"],
    ["show"],
    ["show", "a", "b"],
    ["list", "--json=1"],
    ["export"],
    ["export", "-f", P],
    ["export", "csv"],
    ["export", "-q", "ics"],
    ["export", "ics", "--bogus"],
    ["export", "-f", P, "-f", P, "ics"],
    ["export", "--", "ics"],
]
LANGUAGES = [{"LANG": "C.UTF-8"}, {"LANG": "zh_CN.UTF-8"}]


def _run(args: list[str], *, quickly: bool, monkeypatch: pytest.MonkeyPatch) -> tuple[int | str | None, str, str]:
    """`planctl ARGS` through cli.main in this process, the quick way or Typer's: (exit code, stdout, stderr).
    stdout has bytes under it, as a real one: `report` and `export` write theirs there."""
    app = main._app()
    registered = list(app.registered_commands)
    out, err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline=""), io.StringIO()
    monkeypatch.setattr(main, "QUICK", quickly)
    monkeypatch.setattr(sys, "argv", ["planctl", *args])
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    messages.exit_floor = 0
    i18n.reset()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main.main()
        code: int | str | None = 0
    except SystemExit as stop:
        code = stop.code
    finally:
        gc.enable()
        app.registered_commands = registered
    out.flush()
    return code, out.buffer.getvalue().decode(), err.getvalue()


def _fresh(folder: Path) -> None:
    """The folder (the current one) holding the bundled plan and a copy with an error, as before any run."""
    for path in folder.iterdir():
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
    shutil.copy(SEED, folder / "plan.yaml")
    (folder / BROKEN).write_text(SEED.read_text(encoding="utf-8").replace("when: 3月30日", "when: 3月32日"), encoding="utf-8")


def _files(folder: Path) -> dict[str, bytes]:
    """What the run left in the folder (the plan and what was written beside it), the cache aside."""
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


@pytest.mark.parametrize("language", LANGUAGES, ids=["en", "zh"])
def test_both_ways_say_the_same(language: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {**language, "NO_COLOR": "1", "COLUMNS": "100", "PLANCTL_NOW": "2009-04-12T09:30:00+08:00",
                        "PLANCTL_TODAY": "2009-04-10"}.items():
        monkeypatch.setenv(name, value)
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    for args in QUICK_LINES + TYPER_LINES:
        assert (quick.read(args) is not None) == (args in QUICK_LINES), args
        seen = []
        for quickly in (True, False):
            _fresh(folder)
            seen.append((_run(args, quickly=quickly, monkeypatch=monkeypatch), _files(folder)))
        assert seen[0] == seen[1], args


def test_every_view_is_read_quickly() -> None:
    """Each view named in the tables is reached by a line above (no row left untried)."""
    tried = {call.name for args in QUICK_LINES if (call := quick.read(args)) is not None}
    assert tried == {"status", "report", "timeline", "list", "show", "export ics", "export json"}


def _imported(args: list[str], folder: Path) -> set[str]:
    """The modules a whole `python -m planctl ARGS` process imported (from -X importtime)."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120", "LANG": "C.UTF-8"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "planctl", *args], cwd=folder, env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return {line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}


def _typer(modules: set[str]) -> set[str]:
    return {name for name in modules if name.split(".")[0] in ("typer", "click", "pydantic")}


@pytest.mark.parametrize("args", [["status"], ["report"], ["report", "--month", "-o", "month.html"], ["timeline"],
                                  ["list", "--json"], ["show", "self-study"], ["export", "ics", "-o", "plan.ics"],
                                  ["export", "json"]], ids=" ".join)
def test_the_usual_view_runs_import_no_typer(args: list[str], tmp_path: Path) -> None:
    shutil.copy(SEED, tmp_path / "plan.yaml")
    assert _typer(_imported([*args, "--today", D], tmp_path)) == set()


def test_a_view_line_the_quick_way_does_not_read_still_goes_to_typer(tmp_path: Path) -> None:
    shutil.copy(SEED, tmp_path / "plan.yaml")
    env = {**os.environ, "NO_COLOR": "1", "LANG": "C.UTF-8"}
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "planctl", "status", "--bogus"], cwd=tmp_path,
                          env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 2 and "No such option" in done.stderr
    assert "typer" in {line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
