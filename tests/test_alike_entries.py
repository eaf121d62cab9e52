"""One completion recorded twice, and one recorded by someone the item does not name (a tester's report):

- teammate C logs `{date, by}` by hand and pushes, A runs `planctl done` for the same day and person and syncs:
  the merge keeps both (their `at` differs); `check` now warns at the second entry and `sync` names the pair;
- `done --by X` on a quota owed by all (`per: all`) or a plain task whose `who` does not hold X is counted,
  with a note saying so.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import PLAN, run_cli
from sync_helpers import clone, git, make_remote, run, sync_env  # noqa: F401

HAND_LOGGED = "          - {date: 2009-04-09, by: sha}\n"


def _plan_with_hand_entry(tmp_path: Path, line: str = HAND_LOGGED) -> Path:
    plan = tmp_path / "plan.yaml"
    text = PLAN.read_text(encoding="utf-8")
    anchor = "        target: 1\n        unit: 次\n    tasks:\n      - id: theory\n"
    assert anchor in text
    plan.write_text(text.replace(anchor, f"        target: 1\n        unit: 次\n        log:\n{line}    tasks:\n"
                                         "      - id: theory\n", 1), encoding="utf-8")
    return plan


def _done(plan: Path, *args: str, lang: str = "C") -> str:
    result = run_cli("done", *args, "--plan", str(plan), "--today", "2009-04-10", env={"LANG": lang})
    assert result.exit_code == 0, result.stderr
    return result.stderr


@pytest.mark.parametrize("note", [[], ["--note", "学习了文件"]])
def test_check_warns_at_the_second_of_two_entries_alike(tmp_path: Path, note: list[str]) -> None:
    """A different note still counts as alike: the note is not part of `done`'s rule."""
    plan = _plan_with_hand_entry(tmp_path)
    assert "warning" not in run_cli("check", "--plan", str(plan)).stdout + run_cli("check", "--plan", str(plan)).stderr
    _done(plan, "center-study", "--date", "2009-04-09", "--by", "sha", *note)
    second = next(n for n, line in enumerate(plan.read_text(encoding="utf-8").splitlines(), 1)
                  if "2009-04-09" in line and "at:" in line)
    result = run_cli("check", "--plan", str(plan))
    said = result.stdout + result.stderr
    assert f"plan.yaml:{second}:" in said and "center-study" in said, said
    assert "recorded twice" in said and "planctl undo" in said and "delete" in said
    assert "only the later entry is to go" in said  # both clones get the warning: it names which one goes (h114, 4)
    zh = run_cli("check", "--plan", str(plan), env={"LANG": "zh_CN.UTF-8"})
    assert "记了两遍" in zh.stdout + zh.stderr


def test_entries_of_different_amounts_or_people_are_not_alike(tmp_path: Path) -> None:
    plan = _plan_with_hand_entry(tmp_path, "          - {date: 2009-04-09, by: sha, amount: 2}\n")
    _done(plan, "center-study", "--date", "2009-04-09", "--by", "sha")
    _done(plan, "center-study", "--date", "2009-04-09", "--by", "zhangwei", "--again")
    result = run_cli("check", "--plan", str(plan))
    assert "recorded twice" not in result.stdout + result.stderr


def test_sync_names_entries_alike_that_the_merge_brought_together(tmp_path: Path, sync_env: None) -> None:  # noqa: F811
    bare = make_remote(tmp_path)
    a, c = clone(bare, tmp_path / "a"), clone(bare, tmp_path / "c")
    plan_c = c / "plan.yaml"
    text = plan_c.read_text(encoding="utf-8")
    anchor = "        target: 100\n        unit: 次\n"
    plan_c.write_text(text.replace(anchor, anchor + "        log:\n          - {date: 2009-04-03, by: p01}\n"),
                      encoding="utf-8")
    git(c, "commit", "-qam", "visits by hand")
    code, said = run("sync", "-f", str(plan_c))
    assert code == 0, said
    code, said = run("done", "visits", "-f", str(a / "plan.yaml"), "--by", "p01", "--date", "2009-04-03")
    assert code == 0, said
    code, said = run("sync", "-f", str(a / "plan.yaml"))
    assert code == 0, said
    assert "received 1 completion" in said
    assert "visits has two entries alike on 2009-04-03" in said and "recorded twice" in said, said


def test_done_by_someone_outside_who_is_counted_with_a_note(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    shutil.copy(PLAN, plan)
    said = _done(plan, "center-study", "--date", "2009-04-09", "--by", "liuyang")
    assert "liuyang" in said and "not among" in said and "quota's total" in said, said
    said = _done(plan, "lead-group", "--by", "liuyang", lang="zh_CN.UTF-8")
    assert "刘洋（liuyang）不在 lead-group" in said and "已按该任务完成记下" in said, said
    assert "not among" not in _done(plan, "center-study", "--date", "2009-04-10", "--by", "sha", "--again")
