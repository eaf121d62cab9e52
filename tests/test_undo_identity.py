"""`undo` after hand edits: it stops rather than take back another entry than the last `done` made here
(issue 12, cases 5-10, as a tester found them after they were built). Each test names its fault:

1. the last entry removed (or moved) by hand: `undo -y` stops, `undo` asks about the one before;
2. the journal reaches back only `journal.LENGTH` completions, and says so when they are all taken back;
3. a journal that cannot be written: `done` says one true thing about it;
4. an item whose id now names another item (ids swapped, title changed): undo stops.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from planctl.cli.main import app
from planctl.store import journal as journal_module

NOW = "2026-11-25T08:00:00+08:00"
ENV = {"PLANCTL_NOW": NOW, "NO_COLOR": "1", "COLUMNS": "200", "PLANCTL_PLAN": None, "PLANCTL_TODAY": None,
       "PLANCTL_CACHE": None}
runner = CliRunner()

PLAN = """\
title: 测试计划
year: 2009
phases:
  - id: study
    title: 学习调研
    tasks:
      - id: scheme
        title: 制定实施方案
      - id: report
        title: 撰写调研报告
      - id: theory
        title: 深入学习理论
"""


def put(tmp_path: Path, text: str = PLAN) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_bytes(text.encode("utf-8"))
    return path


def invoke(path: Path, *args: str, now: str = NOW, answer: str | None = None) -> object:
    return runner.invoke(app, [*args, "-f", str(path)], env={**ENV, "PLANCTL_NOW": now}, input=answer,
                         catch_exceptions=False)


def done(path: Path, *args: str, second: int = 0) -> str:
    """`planctl done ARGS` at 08:00:`second`; returns its stderr."""
    result = invoke(path, "done", *args, now=f"2026-11-25T08:00:{second:02d}+08:00")
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    return str(result.stderr)  # type: ignore[attr-defined]


def line(day: str, second: int = 0) -> str:
    return f"{{date: {day}, at: 2026-11-25T08:00:{second:02d}+08:00}}"


# --- 1: the last entry removed or moved by hand ------------------------------------------------------


def test_1_last_entry_deleted_by_hand_undo_yes_stops_and_changes_nothing(tmp_path: Path) -> None:
    path = put(tmp_path)
    done(path, "scheme", "--date", "2009-04-03", second=1)
    done(path, "scheme", "--again", "--date", "2009-04-04", second=2)
    text = path.read_text(encoding="utf-8")
    edited = text.replace(f"          - {line('2009-04-04', 2)}\n", "")
    assert edited != text
    path.write_text(edited, encoding="utf-8")  # exactly the file before that `done`
    result = invoke(path, "undo", "-y")
    assert result.exit_code == 1, result.stderr  # type: ignore[attr-defined]
    message = str(result.stderr)  # type: ignore[attr-defined]
    assert "removed" in message and "by hand" in message and "without -y" in message
    assert path.read_text(encoding="utf-8") == edited  # 2009-04-03 and its `log:` key stay
    # Without -y, undo says what happened and asks about the one before; yes takes it back.
    result = invoke(path, "undo", answer="y\n")
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    assert "no longer in the plan" in result.stderr and "2009-04-03" in result.stderr  # type: ignore[attr-defined]
    assert path.read_bytes() == PLAN.encode()


def test_1_last_entry_deleted_among_other_hand_edits_undo_yes_stops(tmp_path: Path) -> None:
    path = put(tmp_path)
    done(path, "scheme", "--date", "2009-04-03", second=1)
    done(path, "report", "--date", "2009-04-04", second=2)
    text = path.read_text(encoding="utf-8")
    edited = text.replace(f"        log:\n          - {line('2009-04-04', 2)}\n", "").replace("测试计划", "测试计划（修订）")
    path.write_text(edited, encoding="utf-8")
    result = invoke(path, "undo", "-y")
    assert result.exit_code == 1 and "removed" in result.stderr  # type: ignore[attr-defined]
    assert path.read_text(encoding="utf-8") == edited


def test_1_last_entry_moved_to_another_task_undo_yes_stops(tmp_path: Path) -> None:
    path = put(tmp_path)
    done(path, "scheme", "--date", "2009-04-03", second=1)
    done(path, "scheme", "--again", "--date", "2009-04-04", second=2)
    text = path.read_text(encoding="utf-8")
    entry = f"          - {line('2009-04-04', 2)}\n"
    edited = text.replace(entry, "").replace("        title: 撰写调研报告\n", "        title: 撰写调研报告\n        log:\n" + entry)
    path.write_text(edited, encoding="utf-8")
    result = invoke(path, "undo", "-y")
    assert result.exit_code == 1 and "changed" in result.stderr  # type: ignore[attr-defined]
    assert path.read_text(encoding="utf-8") == edited


def test_1_a_done_that_never_landed_does_not_block_the_next_undo(tmp_path: Path) -> None:
    # A `done` cut short after its journal record was written leaves the plan as it was; the next
    # `done` replaces that record, so undo -y later still reaches the one before.
    path = put(tmp_path)
    done(path, "scheme", "--date", "2009-04-03", second=1)
    before = path.read_bytes()
    done(path, "report", "--date", "2009-04-04", second=2)
    path.write_bytes(before)  # as if that `done` had been killed before replacing the plan
    done(path, "theory", "--date", "2009-04-05", second=3)
    for _ in range(2):
        result = invoke(path, "undo", "-y")
        assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    assert path.read_bytes() == PLAN.encode()


def test_1_an_undo_cut_short_before_replacing_the_plan_is_taken_back_again_not_the_one_before(tmp_path: Path) -> None:
    # undo writes its journal before it replaces the plan (the lock is on the plan's inode). Killed between
    # the two, the plan still holds the last entry: the next undo -y must take that one back, never the one
    # before it, and the list sync sends must name it once.
    path = put(tmp_path)
    done(path, "scheme", "--date", "2009-04-03", second=1)
    done(path, "report", "--date", "2009-04-04", second=2)
    before_undo = path.read_bytes()
    assert invoke(path, "undo", "-y").exit_code == 0  # type: ignore[attr-defined]
    path.write_bytes(before_undo)  # as if that undo had been killed after its journal, before the plan
    result = invoke(path, "undo", "-y")
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    text = path.read_text(encoding="utf-8")
    assert line("2009-04-04", 2) not in text and line("2009-04-03", 1) in text
    listed = journal_module.taken_back(path)
    assert [taken.item for taken in listed] == ["report"]
    assert invoke(path, "undo", "-y").exit_code == 0  # type: ignore[attr-defined]
    assert path.read_bytes() == PLAN.encode()


def test_1_an_undo_that_landed_is_not_taken_back_twice_after_a_pull(tmp_path: Path) -> None:
    # The journal keeps the record undo took back (marked) until the next done lets it go; when the plan
    # changed since (a teammate's edit pulled in), the entry's absence tells the undo landed.
    path = put(tmp_path)
    done(path, "scheme", "--date", "2009-04-03", second=1)
    done(path, "report", "--date", "2009-04-04", second=2)
    assert invoke(path, "undo", "-y").exit_code == 0  # type: ignore[attr-defined]
    path.write_text(path.read_text(encoding="utf-8").replace("深入学习理论", "深入学习理论（修订）"), encoding="utf-8")
    result = invoke(path, "undo", "-y")
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    assert line("2009-04-03", 1) not in path.read_text(encoding="utf-8")
    result = invoke(path, "undo", "-y")
    assert result.exit_code == 2 and "every completion recorded here has been taken back" in str(result.stderr)  # type: ignore[attr-defined]


# --- 2: the journal's reach ----------------------------------------------------------------------------


def test_2_past_the_journals_reach_undo_says_older_completions_were_not_kept(tmp_path: Path,
                                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(journal_module, "LENGTH", 2)
    path = put(tmp_path)
    for second, target in enumerate(["scheme", "report", "theory"], 1):
        done(path, target, "--date", "2009-04-03", second=second)
    for _ in range(2):
        assert invoke(path, "undo", "-y").exit_code == 0  # type: ignore[attr-defined]
    result = invoke(path, "undo", "-y")
    assert result.exit_code == 2, result.stderr  # type: ignore[attr-defined]
    message = str(result.stderr)  # type: ignore[attr-defined]
    assert "every completion recorded here has been taken back" not in message
    assert "only the last 2" in message and "by hand" in message
    assert line("2009-04-03", 1) in path.read_text(encoding="utf-8")  # the oldest stays


def test_2_the_limit_is_documented() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    assert f"last {journal_module.LENGTH} completions" in readme


# --- 3: a journal that cannot be written -----------------------------------------------------------------


def test_3_a_file_where_the_cache_folder_goes_gives_one_true_warning(tmp_path: Path) -> None:
    path = put(tmp_path)
    (tmp_path / ".planctl-cache").write_text("not a folder", encoding="utf-8")
    stderr = done(path, "scheme", "--date", "2009-04-03")
    assert "undo can take back this completion" not in stderr
    assert stderr.count("undo journal") == 1 and "cannot take this completion back" in stderr
    result = invoke(path, "undo", "-y")  # and undo agrees: it cannot tell, so it takes nothing
    assert result.exit_code == 1, result.stderr  # type: ignore[attr-defined]
    assert "scheme" in path.read_text(encoding="utf-8") and line("2009-04-03") in path.read_text(encoding="utf-8")


# --- 4: the item's identity ---------------------------------------------------------------------------


def swap(text: str, one: str, other: str) -> str:
    return text.replace(f"id: {one}\n", "id: @@\n").replace(f"id: {other}\n", f"id: {one}\n").replace("id: @@\n", f"id: {other}\n")


def test_4_ids_swapped_by_hand_undo_yes_stops(tmp_path: Path) -> None:
    path = put(tmp_path)
    done(path, "scheme", "--date", "2009-04-03")
    done(path, "report", "--date", "2009-04-03")  # the same second: the same entry text on both tasks
    edited = swap(path.read_text(encoding="utf-8"), "scheme", "report")
    path.write_text(edited, encoding="utf-8")
    result = invoke(path, "undo", "-y")
    assert result.exit_code == 1, result.stderr  # type: ignore[attr-defined]
    assert "撰写调研报告" in result.stderr and "制定实施方案" in result.stderr  # type: ignore[attr-defined]
    assert path.read_text(encoding="utf-8") == edited


def test_4_the_items_title_changed_undo_takes_back_the_entry_done_wrote(tmp_path: Path) -> None:
    """The entry is found by what `done` wrote: its text, stamped with `at`, is in the plan once, on the
    item with the record's id; a title changed since (a teammate's edit, pulled in) does not matter."""
    path = put(tmp_path)
    done(path, "scheme", "--date", "2009-04-03")
    edited = path.read_text(encoding="utf-8").replace("制定实施方案", "学习动员")
    path.write_text(edited, encoding="utf-8")
    result = invoke(path, "undo", "-y")
    assert result.exit_code == 0 and "学习动员" in result.stderr  # type: ignore[attr-defined]
    assert path.read_text(encoding="utf-8") == PLAN.replace("制定实施方案", "学习动员")


def test_4_the_items_title_changed_and_its_entry_twice_in_the_plan_undo_yes_stops(tmp_path: Path) -> None:
    """The same text on two items (two `done`s stamped at the same instant): only the title can tell them."""
    path = put(tmp_path)
    done(path, "scheme", "--date", "2009-04-03")
    done(path, "report", "--date", "2009-04-03")  # the same second: the same entry text on both tasks
    edited = path.read_text(encoding="utf-8").replace("撰写调研报告", "学习动员")
    path.write_text(edited, encoding="utf-8")
    result = invoke(path, "undo", "-y")
    assert result.exit_code == 1 and "学习动员" in result.stderr  # type: ignore[attr-defined]
    assert path.read_text(encoding="utf-8") == edited


def test_an_undo_waiting_at_its_question_does_not_hold_the_plans_lock(tmp_path: Path) -> None:
    """Tester h112, finding 8: `undo` asked its y/N question while holding the plan's lock, so a `done` in the same
    clone waited 30 s and gave up (exit 3). The question is asked before the lock; when the answer comes and the
    last completion recorded here is another (that `done`'s), undo takes nothing back and says so (exit 3)."""
    import os
    import select
    import subprocess
    import sys
    import time

    path = put(tmp_path)
    done(path, "scheme", "--date", "2009-04-03", second=1)
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("PLANCTL_")}, "PLANCTL_NOW": NOW, "NO_COLOR": "1"}
    asking = subprocess.Popen([sys.executable, "-m", "planctl", "undo", "-f", str(path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    try:
        shown, deadline = b"", time.monotonic() + 60
        while b"take back" not in shown and time.monotonic() < deadline:
            ready, _, _ = select.select([asking.stdout], [], [], 1)
            if ready:
                shown += os.read(asking.stdout.fileno(), 4096)  # type: ignore[union-attr]
        assert b"take back" in shown, shown
        started = time.monotonic()
        other = subprocess.run([sys.executable, "-m", "planctl", "done", "report", "--date", "2009-04-04", "-f", str(path)],
                               env=env, capture_output=True, text=True, timeout=120)
        assert other.returncode == 0, other.stderr
        assert time.monotonic() - started < 25  # not the lock's 30 s wait
        out, _ = asking.communicate(b"y\n", timeout=60)
    finally:
        asking.kill()
    assert asking.returncode == 3, shown + out
    assert b"changed while you were answering" in shown + out
    text = path.read_text(encoding="utf-8")
    assert line("2009-04-03", 1) in text and "2009-04-04" in text
