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
from hypothesis import given, settings
from hypothesis import strategies as st

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


def said(*args: str, fresh: bool = False, cwd: Path | None = None) -> tuple[int, str]:
    """A whole `planctl` process, as a person runs it (in-process runs share what one process keeps)."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120", "PLANCTL_CACHE": "0" if fresh else "1",
           "PLANCTL_NOW": "2009-12-01T09:30:00+08:00"}  # the same `at:` in both runs
    ran = subprocess.run([sys.executable, "-m", "planctl", *args], capture_output=True, text=True, env=env, timeout=120,
                         cwd=cwd)
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
    assert counts == [0, 1, 0, 1, 0, 1]  # the day over 24 h: one warning for its two entries (check says it once)


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


EXTRA_TASKS = """      - id: weekly
        title: 支部每周学习
        when: 2009年5月21日-6月20日
        repeat: 每周一
      - id: branch-report
        title: 支部各报一次学习情况
        when: 2009年5月21日-6月20日
        who: branches
        per: unit
      - id: check-report
"""

# `done` commands run one after another, each on a plan whose cache is warm and on a copy read fresh: what each
# says, its exit code and the bytes it writes are the same, and so is what `check` says through the cache after.
# Lookups by id, outline and title (one, several, none), a phase closing its sub-tasks, a recurring task, a
# task owed per unit, quotas in hours across a day, an entry already logged, a day far ahead.
DONE_RUNS = [
    ["done", "scheme", "--by", "sha", "--date", "2009-03-02"],
    ["done", "scheme", "--by", "sha", "--date", "2009-03-03"],
    ["done", "scheme", "--again", "--date", "2009-03-03", "--note", "再记一次"],
    ["done", "1.3", "--date", "2009-03-04"],
    ["done", "征求意见", "--date", "2009-03-04"],
    ["done", "召开", "--date", "2009-05-25"],
    ["done", "no-such-task", "--date", "2009-05-25"],
    ["done", "weekly", "--date", "2009-05-25"],
    ["done", "weekly", "--date", "2009-05-26"],
    ["done", "weekly", "--date", "2009-05-26", "--again"],
    ["done", "branch-report", "--by", "jiguan", "--date", "2009-05-27"],
    ["done", "branch-report", "--by", "zhangwei", "--date", "2009-05-28"],
    ["done", "self-study", "--by", "zhangwei", "--amount", "20h", "--date", "2009-04-08"],
    ["done", "self-study", "--by", "zhangwei", "--amount", "5h", "--date", "2009-04-08"],
    ["done", "rectify", "--yes", "--date", "2009-07-01"],
    ["done", "summary", "--date", "2010-03-01"],
    ["done", "survey", "--date", "2009-12-01", "--json"],
]


def test_done_through_the_cache_says_and_writes_what_a_fresh_read_does(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8").replace("      - id: check-report\n", EXTRA_TASKS, 1)
    cached, fresh = tmp_path / "cached" / "plan.yaml", tmp_path / "fresh" / "plan.yaml"
    for plan in (cached, fresh):
        plan.parent.mkdir()
        plan.write_text(text, encoding="utf-8")
    assert said("check", "-f", str(cached))[0] == 0  # the cache is written
    for command in DONE_RUNS:
        options = ["--today", "2009-12-01", *command, "-f", "plan.yaml"]
        through_cache = said(*options, cwd=cached.parent)
        assert through_cache == said(*options, fresh=True, cwd=fresh.parent), command
        assert cached.read_bytes() == fresh.read_bytes(), command
        if command[1] in ("scheme", "self-study", "survey"):
            same_as_fresh(cached, "check")  # the cache `done` left (the hours' warnings, after the second)
    assert "再记一次" in cached.read_text(encoding="utf-8")


def test_done_reads_from_the_cache_only_the_items_it_needs(tmp_path: Path) -> None:
    from planctl.store.planfile import open_plan
    from planctl.store.record import done_keep

    plan = tmp_path / "plan.yaml"
    plan.write_text(SEED.read_text(encoding="utf-8").replace("      - id: check-report\n", EXTRA_TASKS, 1), encoding="utf-8")
    whole = open_plan(plan, "plan.yaml", require_valid=True)  # writes the cache
    items = [item.id for item in whole.plan.items()]

    def read_for(target: str) -> list[str]:
        file = open_plan(plan, "plan.yaml", require_valid=True, pick=lambda parts: done_keep(parts, target))
        kept = file.plan.items()
        assert [items.index(item.id) for item in kept] == [file.index_of(item) for item in kept]  # places in the whole
        return [item.id for item in kept]

    assert read_for("scheme") == ["prep", "scheme"]
    assert read_for("1.2") == ["prep", "scheme"]
    assert read_for("branch-life") == ["review", "branch-life", "branch-life-held"]  # what it closes or counts
    hours = read_for("self-study")
    assert "self-study" in hours and len(hours) < len(items) / 2
    titled = read_for("召开")  # every title holding it
    assert {"dem-life", "branch-life", "branch-life-held"} <= set(titled) and len(titled) < len(items) / 2
    assert read_for("no-such-task") == items  # the did-you-mean names them all
    assert not open_plan(plan, "plan.yaml", require_valid=True, pick=lambda parts: None).plan.partial


def _long_plan(newline: str, bom: bool) -> str:
    """Phases of tasks with Chinese titles and logs, some without, a quota in hours: long enough that `done`
    near its top splices into a prefix of the text (record.text_for), and near its end into all of it."""
    lines = ["planctl: 1", "title: 长计划", "year: 2009", "roster:", "  people:", "    a: 张伟", "    b: 李娜", "phases:"]
    for p in range(6):
        lines += [f"  - id: p{p}", f"    title: 阶段{p}", f"    when: 2009-0{p + 1}-01..2009-0{p + 2}-28", "    quotas:",
                  f"      - id: q{p}", "        title: 学习", "        who: [a, b]", "        per: person", "        target: 9",
                  "        unit: h", "        log:",
                  *(f"          - {{date: 2009-0{p + 1}-{d:02}, by: a, amount: 2}}" for d in range(1, 9)),
                  "    tasks:"]
        for t in range(25):
            lines += [f"      - id: t{p}-{t}", f"        title: 任务 {t}：整理材料", "        who: a"]
            if t % 3:
                lines += ["        log:",
                          *(f"          - {{date: 2009-0{p + 1}-{d:02}, by: b, note: 第{d}次}}" for d in range(1, t % 5 + 2))]
    return ("\ufeff" if bom else "") + newline.join(lines) + newline


@pytest.mark.parametrize("newline, bom", [("\n", False), ("\r\n", False), ("\n", True)], ids=["lf", "crlf", "bom"])
def test_done_near_the_top_or_end_of_a_long_plan_through_the_cache_writes_what_a_fresh_read_does(
        tmp_path: Path, newline: str, bom: bool) -> None:
    from conftest import run_cli

    cached, fresh = tmp_path / "cached" / "plan.yaml", tmp_path / "fresh" / "plan.yaml"
    for plan in (cached, fresh):
        plan.parent.mkdir()
        plan.write_bytes(_long_plan(newline, bom).encode("utf-8"))
    env = {"PLANCTL_NOW": "2009-06-01T09:30:00+08:00", "PLANCTL_TODAY": "2009-06-01"}
    assert run_cli("check", "-f", str(cached), env=env).exit_code == 0  # the cache
    from planctl.store.planfile import open_plan
    from planctl.store.record import done_keep, text_for

    file = open_plan(cached, "plan.yaml", require_valid=True, pick=lambda parts: done_keep(parts, "t0-1"))
    item = file.plan.find("t0-1")
    assert file.plan.partial and item is not None
    assert len(text_for(file.loaded.source, file.anchor(item))) < len(file.loaded.source.text) / 4  # a prefix
    for target, options in [("t0-1", ["--by", "b"]), ("t0-0", []), ("q0", ["--by", "a", "--amount", "3h"]), ("t0-3", ["--again"]),
                            ("t2-7", ["--note", "中间"]), ("t5-24", []), ("t5-23", ["--by", "a"]), ("q5", ["--by", "b", "--amount", "1"])]:
        runs = []
        for plan, cache_on in ((cached, "1"), (fresh, "0")):
            result = run_cli("done", target, "--date", "2009-05-20", *options, "-f", str(plan), env={**env, "PLANCTL_CACHE": cache_on})
            runs.append((result.exit_code, result.stdout.replace(str(plan), "PLAN"), result.stderr.replace(str(plan), "PLAN")))
        assert runs[0] == runs[1], target
        assert cached.read_bytes() == fresh.read_bytes(), target
    assert run_cli("check", "-f", str(cached), env=env).stdout.replace(str(cached), "PLAN") == \
        run_cli("check", "-f", str(fresh), env={**env, "PLANCTL_CACHE": "0"}).stdout.replace(str(fresh), "PLAN")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["a", "\n", "\r\n", "任务", "😀", "é", " "]), max_size=60).map("".join), st.booleans(),
       st.integers(0, 80))
def test_the_head_of_a_cached_text_is_a_prefix_holding_what_was_asked(text: str, bom: bool, chars: int) -> None:
    from planctl.store.planfile import CachedSource

    source = CachedSource("plan.yaml", (("\ufeff" if bom else "") + text).encode("utf-8"))
    head = source.head(chars)
    assert text.startswith(head) and len(head) >= min(chars, len(text))
