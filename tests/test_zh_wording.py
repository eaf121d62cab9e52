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
from sync_helpers import sync_env  # noqa: F401
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
    assert "REPORT-DONE" in shown and "逾期未完成" in shown, shown
    body = shown[:shown.index("REPORT-DONE")]
    assert all(cell_width(line) <= 60 for line in body.splitlines()), body  # -J joins wrapped lines back


# --- the merge driver under sync speaks the reader's language --------------------------------------------


def _conflicting_clones(root: Path) -> tuple[Path, Path]:
    """Two clones that both renamed task 'talk' and committed; the first has pushed."""
    from sync_helpers import clone, git, make_remote

    bare = make_remote(root)
    a, b = clone(bare, root / "a"), clone(bare, root / "b")
    for where, title in ((a, "座谈会(一)"), (b, "座谈会(二)")):
        plan = where / "plan.yaml"
        plan.write_text(plan.read_text(encoding="utf-8").replace("title: 座谈会", f"title: {title}"), encoding="utf-8")
        git(where, "commit", "-q", "-am", "rename")
    git(a, "push", "-q", "origin", "main")
    return a, b


@pytest.mark.parametrize("inprocess", ["0", "1"])
@pytest.mark.parametrize(("language", "said"), [("zh_CN.UTF-8", "处冲突标记"), ("C", "conflict left with markers")])
def test_sync_on_a_real_conflict_shows_the_merge_driver_in_the_readers_language(
        language: str, said: str, inprocess: str, tmp_path: Path, sync_env: None) -> None:
    """git runs the driver with sync's LC_ALL=C; its lines were English under a Chinese shell."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    _, b = _conflicting_clones(tmp_path)
    env = {**os.environ, "LANG": language, "PLANCTL_SYNC_INPROCESS": inprocess}
    for key in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "PLANCTL_LANG"):
        env.pop(key, None)
    result = subprocess.run([sys.executable, "-m", "planctl", "sync", "-f", str(b / "plan.yaml")], env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1, result.stderr
    assert said in result.stdout + result.stderr, result.stderr
    if language != "C":
        assert "conflict left with markers" not in result.stderr and "resolve the conflict markers" not in result.stderr


@pytest.mark.parametrize(("language", "hint"), [("zh_CN.UTF-8", "\n  提示："), ("C", "\n  hint: ")])
def test_check_during_an_unfinished_merge_words_its_hint_as_every_diagnostic(language: str, hint: str, tmp_path: Path,
                                                                            sync_env: None) -> None:
    """The one formatter of diagnostics (output/diagnostics.py): `plan.yaml: 错误：…` then `  提示：…` (the
    hint was `  hint:` and the colons ASCII under Chinese)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    from sync_helpers import git

    _, b = _conflicting_clones(tmp_path)
    git(b, "pull", "-q", "--no-rebase", "origin", "main", check=False)  # the driver leaves markers: unmerged
    env = {**os.environ, "LANG": language}
    for key in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "PLANCTL_LANG"):
        env.pop(key, None)
    result = subprocess.run([sys.executable, "-m", "planctl", "check", "-f", str(b / "plan.yaml")], env=env,
                            capture_output=True, text=True, timeout=120, check=False, cwd=b)
    assert result.returncode != 0
    shown = result.stdout
    error = "错误：" if language != "C" else "error: "
    assert f"plan.yaml: {error}" in shown and hint in shown, shown
    assert ("hint:" not in shown and "错误:" not in shown) if language != "C" else "提示" not in shown, shown
