"""Shell completion of ids and titles on a large plan: from the cache when it is current, with each
candidate's help (its title) passed to the shell as written."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from conftest import BUNDLED, PLANCTL_COMMAND
from planctl.cli.completion import all_items, plan_items
from planctl.store.planfile import open_plan
from test_increment import GENERATED


@pytest.mark.parametrize("text", [GENERATED, BUNDLED.read_text(encoding="utf-8")], ids=["generated", "bundled"])
def test_the_cache_gives_the_items_the_text_gives(tmp_path: Path, text: str) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    open_plan(path, "plan.yaml", require_valid=True)
    raw = path.read_bytes()
    from planctl.cli import completion

    assert completion._cached_items(path, raw) is not None
    assert plan_items(path, raw) == all_items(text)
    assert completion._cached_items(path, raw + b"# changed\n") is None  # another file's cache is not used


def _fish(words: str, plan: Path) -> str:
    env = {**os.environ, "_PLANCTL_COMPLETE": "complete_fish", "_TYPER_COMPLETE_ARGS": words,
           "_TYPER_COMPLETE_FISH_ACTION": "get-args", "PLANCTL_PLAN": str(plan)}
    out = subprocess.run(PLANCTL_COMMAND, env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_a_title_with_brackets_is_shown_as_written(tmp_path: Path) -> None:
    """Typer ran each help text through Rich, which took `[bold]…[/bold]` in a title for markup."""
    path = tmp_path / "plan.yaml"
    path.write_text("title: t\nyear: 2009\nphases:\n  - id: p1\n    title: 复习 [第2章] [bold]重点[/bold]\n"
                    "    when: 2009-01-01..2009-02-01\n", encoding="utf-8")
    assert _fish("planctl done p", path) == "p1\t1 复习 [第2章] [bold]重点[/bold]\n"


def test_a_quick_exit_keeps_the_exit_code_the_output_and_the_cache(tmp_path: Path) -> None:
    """cli.streams.leave ends a large process without freeing its heap: what it printed, its exit
    code and the files it wrote must be as after a normal exit (the size threshold is set so that
    this small plan takes the quick way, or never)."""
    import sys

    path = tmp_path / "plan.yaml"

    def planctl(threshold: int, *args: str) -> tuple[int, str]:
        script = (f"import sys\nfrom planctl.cli import streams\nstreams.LARGE_HEAP_KB = {threshold}\n"
                  "from planctl.cli.main import entry\nsys.argv = ['planctl', *sys.argv[1:]]\nentry()\n")
        out = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=60,
                             env={**os.environ, "NO_COLOR": "1", "COLUMNS": "120"})
        return out.returncode, out.stdout + out.stderr

    path.write_text(GENERATED.replace("title: 第2阶段", "title: 第2阶段\n    colour: red"), encoding="utf-8")
    quick = planctl(0, "check", str(path))
    assert quick == planctl(1 << 40, "check", str(path))
    assert quick[0] == 1 and "unknown key 'colour'" in quick[1]
    path.write_text(GENERATED, encoding="utf-8")
    quick = planctl(0, "list", "-f", str(path))
    assert (tmp_path / ".planctl-cache" / "plan.yaml.cache").is_file()
    assert quick[0] == 0 and quick == planctl(1 << 40, "list", "-f", str(path))
