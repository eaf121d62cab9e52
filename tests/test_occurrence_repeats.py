"""One completion done twice, not alike: one occurrence of a recurring duty, or a task done once (tester h112,
finding 6), or a unit's share of it. For the occurrence: two clones each ran `planctl done` for this month's report
(on different days, so the entries are not alike) and a merge kept both. `done` in one clone refuses the
second (it would repeat the occurrence); after the merge `check` warns at the second entry and `sync` names
the pair it brought together, as for two entries alike (status/history.py `repeats`, the one rule).
"""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli
from sync_helpers import clone, make_remote, run, sync_env  # noqa: F401

DUTIES = """\
title: 办公室常规工作
year: 2026
roster:
  people:
    wangli: 王丽
    zhangwei: 张伟
  groups:
    branches:
      name: 各支部
      units:
        u1: {name: 一支部, members: [wangli]}
        u2: {name: 二支部, members: [zhangwei]}
phases:
  - id: routine
    title: 常规工作
    when: 2026年1月1日至12月31日
    tasks:
      - id: monthly-report
        title: 每月5日前汇总上月工作情况
        repeat: 每月5日前
        log:
          - {date: 2026-01-05, by: zhangwei}
      - id: branch-report
        title: 各支部每月5日前报送工作情况
        repeat: 每月5日前
        who: branches
        per: unit
"""


def _plan(tmp_path: Path, *entries: tuple[str, str]) -> Path:
    """DUTIES with `entries` ((task id, the entry's braces' inside), …) added at the end of the tasks' logs."""
    text = DUTIES
    for task, entry in entries:
        if task == "branch-report" and not text.endswith("per: unit\n"):
            text += f"          - {{{entry}}}\n"
        elif task == "branch-report":
            text += f"        log:\n          - {{{entry}}}\n"
        else:
            text = text.replace("      - id: branch-report\n", f"          - {{{entry}}}\n      - id: branch-report\n", 1)
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _check(path: Path, lang: str = "C") -> str:
    result = run_cli("check", "--plan", str(path), env={"LANG": lang})
    return result.stdout + result.stderr


def test_check_warns_at_the_second_entry_of_one_occurrence(tmp_path: Path) -> None:
    path = _plan(tmp_path, ("monthly-report", "date: 2026-02-02, by: wangli"), ("monthly-report", "date: 2026-02-03, by: zhangwei"))
    said = _check(path)
    assert "plan.yaml:24:" in said, said  # the second February entry's line
    assert "monthly-report: the occurrence of 2026-02-05 is logged twice, on 2026-02-02 by 王丽 and on 2026-02-03 by 张伟" in said
    assert "counts once" in said and "planctl undo" in said
    assert "记了两次" in _check(path, "zh_CN.UTF-8")


def test_entries_of_two_occurrences_or_two_units_are_not_repeats(tmp_path: Path) -> None:
    path = _plan(tmp_path, ("monthly-report", "date: 2026-02-02, by: wangli"), ("monthly-report", "date: 2026-03-03, by: wangli"),
                 ("branch-report", "date: 2026-02-02, by: wangli"), ("branch-report", "date: 2026-02-03, by: zhangwei"))
    assert "logged twice" not in _check(path)


def test_per_unit_the_same_unit_twice_is_a_repeat_named_with_its_unit(tmp_path: Path) -> None:
    path = _plan(tmp_path, ("branch-report", "date: 2026-02-02, by: wangli"), ("branch-report", "date: 2026-02-04, unit: u1"))
    said = _check(path)
    assert "branch-report: the occurrence of 2026-02-05 of 一支部 is logged twice, on 2026-02-02 by 王丽 and on 2026-02-04" in said, said


def test_sync_names_one_occurrence_done_in_two_clones(tmp_path: Path, sync_env: None) -> None:  # noqa: F811
    bare = make_remote(tmp_path, DUTIES)
    a, b = clone(bare, tmp_path / "a"), clone(bare, tmp_path / "b")
    code, said = run("done", "monthly-report", "-f", str(a / "plan.yaml"), "--by", "wangli", "--today", "2026-02-02")
    assert code == 0 and "counts for the occurrence of 2026-02-05" in said, said
    code, said = run("sync", "-f", str(a / "plan.yaml"))
    assert code == 0, said
    code, said = run("done", "monthly-report", "-f", str(b / "plan.yaml"), "--by", "zhangwei", "--today", "2026-02-03")
    assert code == 0, said
    code, said = run("sync", "-f", str(b / "plan.yaml"))
    assert code == 0 and "received 1 completion" in said, said
    assert "monthly-report: the occurrence of 2026-02-05 is logged twice, on 2026-02-02 by 王丽 and on 2026-02-03 by 张伟" in said, said
    code, said = run("sync", "-f", str(b / "plan.yaml"))
    assert code == 0 and "logged twice" not in said, said  # told once, when the merge brought them together


def test_sync_quiet_still_names_the_pair_as_a_warning(tmp_path: Path, sync_env: None) -> None:  # noqa: F811
    """Tester h112, finding 9: `-q` silences `note:` lines (README); a completion perhaps done twice is a warning."""
    bare = make_remote(tmp_path, DUTIES)
    a, b = clone(bare, tmp_path / "a"), clone(bare, tmp_path / "b")
    assert run("done", "monthly-report", "-f", str(a / "plan.yaml"), "--by", "wangli", "--today", "2026-02-02")[0] == 0
    assert run("sync", "-f", str(a / "plan.yaml"))[0] == 0
    assert run("done", "monthly-report", "-f", str(b / "plan.yaml"), "--by", "zhangwei", "--today", "2026-02-03")[0] == 0
    code, said = run("sync", "-q", "-f", str(b / "plan.yaml"))
    assert code == 0 and "planctl: warning: monthly-report: the occurrence of 2026-02-05 is logged twice" in said, said


ONCE = """\
title: 支部工作
year: 2026
roster:
  people:
    wangli: 王丽
    zhangwei: 张伟
    lina: 李娜
  groups:
    branches:
      name: 各支部
      units:
        u1: {name: 一支部, members: [wangli, lina]}
        u2: {name: 二支部, members: [zhangwei]}
phases:
  - id: p
    title: 工作
    when: 2026年1月1日至12月31日
    tasks:
      - id: summary
        title: 汇总上报
        log:
<summary>      - id: unit-report
        title: 各支部报送自查报告
        who: branches
        per: unit
        log:
<unit-report>"""


def _once(tmp_path: Path, summary: list[str], unit_report: list[str]) -> Path:
    lines = {name: "".join(f"          - {{{entry}}}\n" for entry in entries)
             for name, entries in (("summary", summary), ("unit-report", unit_report))}
    text = ONCE.replace("<summary>", lines["summary"]).replace("<unit-report>", lines["unit-report"])
    text = text.replace("        log:\n      - id", "      - id").removesuffix("        log:\n")
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_task_done_once_logged_twice_is_named_by_sync_not_check(tmp_path: Path) -> None:
    """A task's log may hold progress written with --again: check does not warn at each line (sync names the
    pair a merge brought together: below)."""
    path = _once(tmp_path, ["date: 2026-03-02, by: wangli", "date: 2026-03-04, by: zhangwei"], [])
    assert "logged as done twice" not in _check(path)


def test_sync_names_a_units_share_done_in_two_clones_and_not_two_units(tmp_path: Path, sync_env: None) -> None:  # noqa: F811
    text = _once(tmp_path, [], []).read_text(encoding="utf-8")
    bare = make_remote(tmp_path, text)
    a, b = clone(bare, tmp_path / "a"), clone(bare, tmp_path / "b")
    assert run("done", "unit-report", "-f", str(a / "plan.yaml"), "--by", "wangli", "--date", "2026-03-02")[0] == 0
    assert run("sync", "-f", str(a / "plan.yaml"))[0] == 0
    assert run("done", "unit-report", "-f", str(b / "plan.yaml"), "--by", "lina", "--date", "2026-03-05")[0] == 0
    assert run("done", "unit-report", "-f", str(b / "plan.yaml"), "--by", "zhangwei", "--date", "2026-03-03")[0] == 0
    code, said = run("sync", "-f", str(b / "plan.yaml"))
    assert code == 0 and "unit-report is logged as done twice for 一支部, on 2026-03-02 by 王丽 and on 2026-03-05 by 李娜" in said, said
    assert said.count("logged as done twice") == 1


def test_sync_names_a_task_done_in_two_clones(tmp_path: Path, sync_env: None) -> None:  # noqa: F811
    text = _once(tmp_path, [], []).read_text(encoding="utf-8")
    bare = make_remote(tmp_path, text)
    a, b = clone(bare, tmp_path / "a"), clone(bare, tmp_path / "b")
    assert run("done", "summary", "-f", str(a / "plan.yaml"), "--by", "wangli", "--date", "2026-03-02")[0] == 0
    assert run("sync", "-f", str(a / "plan.yaml"))[0] == 0
    assert run("done", "summary", "-f", str(b / "plan.yaml"), "--by", "zhangwei", "--date", "2026-03-04")[0] == 0
    code, said = run("sync", "-f", str(b / "plan.yaml"))
    assert code == 0 and "warning: summary is logged as done twice, on 2026-03-02 by 王丽 and on 2026-03-04 by 张伟" in said, said
