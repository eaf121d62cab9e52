"""What a command says through the cache (an incremental re-read after an edit or a pull, `done`'s and
`undo`'s own cache updates) is what a fresh read of the same bytes says (tester 10, session 5): checks
that span items (a wait on a task that starts to repeat, a person's hours in a day across quotas) are
judged again, never kept from before or added twice."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SEED = Path(__file__).resolve().parent.parent / "plan.yaml"

WAITING = """planctl: 1
title: t
year: 2009
phases:
  - id: ph1
    title: 第一阶段
    when: 2009-03-01..2009-04-30
    tasks:
      - id: meet
        title: 周例会
        when: 2009-03-01..2009-03-31
{meet_extra}      - id: report
        title: 写报告
{report}
"""


def said(*args: str, fresh: bool = False) -> tuple[int, str]:
    """A whole `planctl` process, as a person runs it (in-process runs share what one process keeps)."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120", "PLANCTL_CACHE": "0" if fresh else "1"}
    ran = subprocess.run([sys.executable, "-m", "planctl", *args], capture_output=True, text=True, env=env, timeout=120)
    return ran.returncode, ran.stdout + ran.stderr


def replace(plan: Path, text: str) -> None:
    """Write `text` as git and sed -i do: a new file renamed over the old one."""
    new = plan.with_name(plan.name + ".new")
    new.write_text(text, encoding="utf-8")
    os.replace(new, plan)


def same_as_fresh(plan: Path, *command: str) -> tuple[int, str]:
    """The command's exit code and words through the cache, asserted equal to a fresh read's."""
    cached = said(*command, "-f", str(plan))
    assert cached == said(*command, "-f", str(plan), fresh=True)
    return cached


@pytest.mark.parametrize("report, meet_extra, edit", [
    ("        when: 2009-03-09..2009-03-11\n        after: meet", "",
     ("        when: 2009-03-01..2009-03-31\n", "        when: 2009-03-01..2009-03-31\n        repeat: 每周一\n")),
    ("        when: meet后3天内", "",
     ("        when: 2009-03-01..2009-03-31\n", "        when: 2009-03-01..2009-03-31\n        repeat: 每周一\n")),
    ("        when: 2009-03-09..2009-03-11\n        after: meet",
     "        tasks:\n          - id: a1\n            title: 分组讨论\n",
     ("            title: 分组讨论\n", "            title: 分组讨论\n            repeat: 每周一\n")),
], ids=["after", "relative window", "repeating sub-task"])
def test_an_edit_that_breaks_another_tasks_wait_is_an_error_through_the_cache(tmp_path: Path, report: str,
                                                                           meet_extra: str, edit: tuple[str, str]) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(WAITING.format(report=report, meet_extra=meet_extra), encoding="utf-8")
    assert same_as_fresh(plan, "check")[0] == 0  # the cache is written
    text = plan.read_text(encoding="utf-8")
    assert text.count(edit[0]) == 1
    replace(plan, text.replace(edit[0], edit[1]))
    code, words = same_as_fresh(plan, "check")
    assert code == 1 and "repeat" in words, words
    same_as_fresh(plan, "due", "--today", "2009-03-10")


def test_hours_over_a_day_after_done_and_undo_are_those_of_a_fresh_read(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    shutil.copy(SEED, plan)
    env = ["--date", "2009-04-08", "-q", "-f", str(plan)]
    assert same_as_fresh(plan, "check")[0] == 0
    counts = []
    for command in (["done", "self-study", "--by", "zhangwei", "--amount", "20h", *env],
                    ["done", "self-study", "--by", "zhangwei", "--amount", "5h", *env],
                    ["undo", "-y", "-q", "-f", str(plan)],
                    ["done", "self-study", "--by", "zhangwei", "--amount", "5h", *env],
                    ["undo", "-y", "-q", "-f", str(plan)],
                    ["done", "self-study", "--by", "zhangwei", "--amount", "5h", *env]):
        code, words = said(*command)
        assert code == 0, words
        counts.append(same_as_fresh(plan, "check")[1].count("more than the 24 hours"))
    assert counts == [0, 2, 0, 2, 0, 2]  # the day over 24 h: a warning on each of its two entries


TWO_QUOTAS = """planctl: 1
title: t
year: 2009
roster:
  people:
    p1: 张伟
phases:
  - id: ph
    title: 学习
    when: 2009-03-01..2009-03-31
    quotas:
      - id: qa
        title: 自学
        who: p1
        target: 40
        unit: h
        log:
          - {date: 2009-03-05, by: p1, amount: 20h}
      - id: qb
        title: 辅导
        who: p1
        target: 40
        unit: h
        log:
          - {date: 2009-03-05, by: p1, amount: 10h}
"""


def test_a_hand_edit_of_one_quota_judges_the_day_again_on_the_other(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(TWO_QUOTAS, encoding="utf-8")
    assert "more than the 24 hours" in same_as_fresh(plan, "check")[1]
    replace(plan, TWO_QUOTAS.replace("amount: 20h", "amount: 2h"))
    assert "more than the 24 hours" not in same_as_fresh(plan, "check")[1]


def test_done_and_undo_on_one_quota_keep_the_others_day_as_a_fresh_read_does(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(TWO_QUOTAS.replace("amount: 20h", "amount: 12h"), encoding="utf-8")
    assert "more than the 24 hours" not in same_as_fresh(plan, "check")[1]
    for command in (["done", "qb", "--amount", "3h"], ["undo", "-y"], ["done", "qb", "--amount", "3h"]):
        extra = ["--by", "p1", "--date", "2009-03-05"] if command[0] == "done" else []
        code, words = said(*command, *extra, "-q", "-f", str(plan))
        assert code == 0, words
        same_as_fresh(plan, "check")


QUOTAS = """planctl: 1
title: t
year: 2009
roster:
  people: {p1: 张伟, p2: 李娜}
  groups:
    g:
      name: 小组
      units:
        u1: {name: 一组, members: [p1]}
        u2: {name: 二组, members: [p2]}
phases:
  - id: ph
    title: 全年
    when: 2009-01-01..2009-12-31
    quotas:
      - {id: hours, title: 自学, who: [p1, p2], per: person, target: 8, unit: h, period: week, target_for: {g: 10}}
      - {id: meet, title: 会议, who: g, per: unit, target: 2, unit: 次, period: 旬}
      - {id: rate, title: 批改率, who: [p1, p2], target: ≥ 90%, period: quarter}
      - {id: cap, title: 出差, who: [p1, p2], target: ≤ 3, unit: 次, period: month}
"""


def test_due_with_each_quotas_stored_totals_is_a_fresh_reads_after_done_undo_and_a_pull(tmp_path: Path) -> None:
    """store/quota_index.py: the first `due` on a plan's bytes keeps each quota's totals, later ones read them;
    on any day, after `done`, `undo` and a pull that adds entries, they show what a fresh read shows."""
    plan = tmp_path / "plan.yaml"
    logs = {"hours": "{date: 2009-03-0%d, by: p%d, amount: 1.5}", "meet": "{date: 2009-03-0%d, unit: u%d}",
            "rate": "{date: 2009-02-0%d, by: p%d, amount: 92}", "cap": "{date: 2009-03-0%d, by: p%d}"}
    text = QUOTAS
    for qid, entry in logs.items():
        line = text.split(f"{{id: {qid},")[1].split("\n")[0]
        text = text.replace(line, line[:-1] + ", log: [" + ", ".join(entry % (d, 1 + d % 2) for d in range(1, 8)) + "]}")
    plan.write_text(text, encoding="utf-8")
    days = ("2009-03-05", "2009-03-20", "2009-05-01")
    for day in days:  # the first writes the index; a day among the entries, and days after them
        same_as_fresh(plan, "due", "--today", day)
    for command in (["done", "meet", "--unit", "u2", "--date", "2009-03-09"], ["undo", "-y"],
                    ["done", "hours", "--by", "p1", "--amount", "2h", "--date", "2009-03-09"]):
        code, words = said(*command, "-q", "-f", str(plan))
        assert code == 0, words
        for day in days[1:]:
            same_as_fresh(plan, "due", "--json", "--today", day)
    replace(plan, plan.read_text(encoding="utf-8").replace("amount: 92}", "amount: 80}, {date: 2009-02-10, by: p1, amount: 70}"))
    for day in days[1:]:
        same_as_fresh(plan, "due", "--today", day)
        same_as_fresh(plan, "due", "--today", day)
