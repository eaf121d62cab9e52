"""The views' bytes stay those of the renderer before issue 20's rendering work (helper h95, main at fb00506).

(Written again when h95 was merged, by main just before it, after h99 changed the state words and the narrow
status: the renderer's bytes must be those of the code it replaced.)

`status`, `timeline` and `report` of the seed plan and of two examples (docs/examples: shares owed per unit,
waits, recurring tasks) at 60, 80 and 120 columns, in English and in Chinese, without colour and with it,
and the seed plan's JSON (the plan's path written as PLAN): tests/expected/views-before-h95/ holds what the code before that
work printed for each (written by running it, not by this code). These tests pass on that code by design;
they hold the plain-text lines now made without Rich (output/status.py `plain_grid`, `wrap_plain`,
output/timeline.py `_plain_sized`) to what Rich printed. The last test fails on the code before: a view
without colour no longer imports Rich.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = ROOT / "tests" / "expected" / "views-before-h95"
TODAY = "2026-03-05"

VIEWS = {"status": ["status"], "timeline": ["timeline"], "report": ["report", "--week"]}
LOOKS = [("en", 60, False), ("zh_CN", 80, False), ("en", 120, False), ("zh_CN", 120, True), ("en", 80, True)]
PLANS = {"seed": ROOT / "plan.yaml", "branch-campaign": ROOT / "docs" / "examples" / "branch-campaign.yaml",
         "branch-reports": ROOT / "docs" / "examples" / "branch-reports.yaml"}
CASES = [(f"{view}-{lang}-{width}-{'colour' if colour else 'plain'}.txt", argv,
          {"PLANCTL_LANG": lang, "COLUMNS": str(width), **({"FORCE_COLOR": "1"} if colour else {"NO_COLOR": "1"})})
         for view, argv in VIEWS.items() for lang, width, colour in LOOKS]
CASES += [(f"{view}-{lang}.json", [view, "--json"], {"PLANCTL_LANG": lang, "COLUMNS": "80", "NO_COLOR": "1"})
          for view in ("status", "timeline") for lang in ("en", "zh_CN")]
CASES = [(f"{plan}-{name}", argv, settings) for plan in PLANS for name, argv, settings in CASES
         if plan == "seed" or not name.endswith(".json")]


def run_case(plan: Path, argv: list[str], settings: dict[str, str], python_path: str | None = None) -> bytes:
    """planctl's stdout for `argv` on `plan`, in a process with `settings` (and nothing else that picks the
    language, colour or width)."""
    dropped = ("NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "COLUMNS", "LINES", "LANGUAGE", "LC_ALL", "LC_MESSAGES",
               "PLANCTL_LANG", "PLANCTL_TODAY", "PYTHONPATH")
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    env.update(settings, LANG="C.UTF-8", **({"PYTHONPATH": python_path} if python_path else {}))
    done = subprocess.run([sys.executable, "-m", "planctl", *argv, "-f", str(plan), "--today", TODAY], env=env,
                          capture_output=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout


def copied(plans: Path) -> dict[str, Path]:
    """Each of PLANS copied into `plans` (the cache is written beside it, not in the repository)."""
    out = {}
    for name, source in PLANS.items():
        (plans / name).mkdir()
        out[name] = Path(shutil.copy(source, plans / name / "plan.yaml"))
    return out


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return copied(tmp_path_factory.mktemp("plans"))


@pytest.fixture(scope="module")
def seed_plan(plans: dict[str, Path]) -> Path:
    return plans["seed"]


@pytest.mark.parametrize(("name", "argv", "settings"), CASES, ids=[name for name, _argv, _settings in CASES])
def test_a_view_prints_the_bytes_the_renderer_before_printed(plans: dict[str, Path], name: str, argv: list[str],
                                                             settings: dict[str, str]) -> None:
    plan = plans[plan_of(name)]
    printed = run_case(plan, argv, settings).decode().replace(json_path(plan), "PLAN")
    assert printed == (EXPECTED / name).read_bytes().decode()


def plan_of(name: str) -> str:
    """The plan a case's name starts with."""
    return max((plan for plan in PLANS if name.startswith(f"{plan}-")), key=len)


def json_path(plan: Path) -> str:
    """The plan's path as JSON writes it."""
    return json.dumps(str(plan))[1:-1]


@pytest.mark.parametrize("argv", [["status"], ["timeline"], ["report"], ["report", "--week"]])
def test_a_view_without_colour_is_made_without_importing_rich(seed_plan: Path, argv: list[str]) -> None:
    """Issue 20: importing Rich is about 80 million instructions, a fifth of a warm `due` at 10,000 tasks;
    `status`, `timeline` and `report` printed without colour make their lines' text themselves, as `due` does."""
    code = ("import sys\n"
            "from planctl.cli.main import main\n"
            f"sys.argv = ['planctl', *{argv!r}, '-f', {str(seed_plan)!r}, '--today', {TODAY!r}]\n"
            "try:\n"
            "    main()\n"
            "except SystemExit:\n"
            "    pass\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'rich'), file=sys.stderr)\n")
    env = {key: value for key, value in os.environ.items() if key not in ("FORCE_COLOR", "CLICOLOR_FORCE")}
    done = subprocess.run([sys.executable, "-c", code], env={**env, "NO_COLOR": "1", "COLUMNS": "100"},
                          capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout
    assert done.stderr.strip().splitlines()[-1] == "[]"
