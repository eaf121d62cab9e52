"""The commented starter plan `planctl init` writes: small, valid, and dated from the day it is made."""

from __future__ import annotations

from datetime import date, timedelta

from planctl.format.dates import add_months


def _cn_day(day: date, year: int) -> str:
    return f"{day.month}月{day.day}日" if day.year == year else f"{day.year}年{day.month}月{day.day}日"


def starter_plan(today: date, *, chinese: bool = False) -> str:
    """A plan that `planctl check` passes without a warning, starting today: in English, or with `chinese` a
    Chinese sample (Chinese names, 上旬/月底 windows, comments in Chinese) for a reader who chose Chinese."""
    year = today.year
    first_end = today + timedelta(days=13)
    draft_due = today + timedelta(days=9)
    y1, m1 = add_months(first_end.year, first_end.month, 1)
    y2, m2 = add_months(y1, m1, 1)
    if chinese:
        second = f"{y1}年{m1}月上旬至{m2}月底" if y2 == y1 else f"{y1}年{m1}月上旬至{y2}年{m2}月底"
        return _chinese(today, first_end, _cn_day(draft_due, year), second)
    second = f"{y1}年{m1}月上旬至{m2}月下旬" if y2 == y1 else f"{y1}年{m1}月上旬至{y2}年{m2}月下旬"
    return f"""\
# A planctl plan. Edit it, then run `planctl check`; `planctl due` shows what is due.
# The format: `planctl help format`.
#
# For completion and checking as you type (editors with yaml-language-server: VS Code's YAML
# extension, Neovim, Helix, ...): run `planctl schema > plan.schema.json` and make this line the
# first line of this file:
#   # yaml-language-server: $schema=./plan.schema.json
planctl: 1
title: My plan
year: {year}    # the year of dates written without one (3月30日, 4月上旬)

# Who is who. `who`, `done --by` and `due --who` name people and groups by these ids.
roster:
  people:
    alice: Alice
    bob: Bob
  groups:
    team:
      name: The team
      members: [alice, bob]

# Phases hold tasks, tasks may hold tasks. Ids: a letter or Chinese character, then those, digits, - or _.
# Windows (`when`): 2024-03-01..2024-03-14, 3月30日, 4月上旬 / 中旬 / 下旬 (days 1-10, 11-20, 21-end),
# 4月初, 4月底, 3月1日至3月30日, 4月初-5月20日, and deadlines such as 4月5日前 (from the parent's start).
phases:
  - id: start
    title: Get started
    when: {today.isoformat()}..{first_end.isoformat()}
    goal: What this phase is for.
    tasks:
      - id: kickoff
        title: Kick-off meeting
        when: {today.isoformat()}
        who: team
        note: Free text about the task.
      - id: draft
        title: Write the first draft
        when: {_cn_day(draft_due, year)}前
        who: alice

  - id: work
    title: Do the work
    when: {second}
    tasks:
      - id: review
        title: Review the draft    # no `when`: the phase's window
        who: bob
    quotas:
      # Counted rather than ticked off: each person in the team reads 3 hours a week.
      - id: reading
        title: Background reading
        who: team
        per: person
        period: week
        target: 3
        unit: h

# Record what is done: `planctl done kickoff`, `planctl done reading --by alice --amount 90min`.
# planctl adds one `log:` line under the task or quota; `planctl undo` takes the last one back.
"""


def _chinese(today: date, first_end: date, draft_due: str, second: str) -> str:
    return f"""\
# planctl 工作计划。修改后运行 `planctl check` 检查；`planctl due` 显示要办的事。
# 文件格式见 `planctl help format`。
#
# 想在编辑时得到补全和检查（支持 yaml-language-server 的编辑器：VS Code 的 YAML 扩展、
# Neovim、Helix 等）：运行 `planctl schema > plan.schema.json`，并把下面这一行作为本文件的第一行：
#   # yaml-language-server: $schema=./plan.schema.json
planctl: 1
title: 我的工作计划
year: {today.year}    # 没写年份的日期（3月30日、4月上旬）属于这一年

# 名册。`who`、`done --by` 和 `due --who` 用这里的 id 指代人员和组。
roster:
  people:
    zhangwei: 张伟
    lina: 李娜
  groups:
    team:
      name: 工作小组
      members: [zhangwei, lina]

# 阶段下有任务，任务下还可以有子任务。id：字母或汉字开头，后面是字母、汉字、数字、- 或 _。
# 时间段（`when`）的写法：2024-03-01..2024-03-14、3月30日、4月上旬 / 中旬 / 下旬（1-10日、11-20日、21日至月底）、
# 4月初、4月底、3月1日至3月30日、4月初-5月20日，以及截止日期，如 4月5日前（从上级事项的开始日算起）。
phases:
  - id: start
    title: 启动准备
    when: {today.isoformat()}..{first_end.isoformat()}
    goal: 写明这个阶段要达到的目标。
    tasks:
      - id: kickoff
        title: 召开动员会
        when: {today.isoformat()}
        who: team
        note: 关于这项任务的说明，随便写。
      - id: draft
        title: 起草工作方案
        when: {draft_due}前
        who: lina

  - id: work
    title: 组织实施
    when: {second}
    tasks:
      - id: review
        title: 审定工作方案    # 没有 `when`：沿用所在阶段的时间段
        who: zhangwei
    quotas:
      # 按数量计的工作，而不是一次办完：小组每人每周学习 3 小时。
      - id: reading
        title: 理论学习
        who: team
        per: person
        period: week
        target: 3
        unit: h

# 记录完成情况：`planctl done kickoff`、`planctl done reading --by lina --amount 90min`。
# planctl 会在该任务或配额下添加一行 `log:` 记录；`planctl undo` 撤销最后一条。
"""
