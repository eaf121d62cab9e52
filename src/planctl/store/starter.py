"""The commented starter plan `planctl init` writes: small, valid, and dated from the day it is made."""

from __future__ import annotations

from datetime import date, timedelta

from planctl.format.dates import add_months


def _cn_day(day: date, year: int) -> str:
    return f"{day.month}月{day.day}日" if day.year == year else f"{day.year}年{day.month}月{day.day}日"


def starter_plan(today: date) -> str:
    """A plan that `planctl check` passes without a warning, starting today."""
    year = today.year
    first_end = today + timedelta(days=13)
    draft_due = today + timedelta(days=9)
    y1, m1 = add_months(first_end.year, first_end.month, 1)
    y2, m2 = add_months(y1, m1, 1)
    second = f"{y1}年{m1}月上旬至{m2}月下旬" if y2 == y1 else f"{y1}年{m1}月上旬至{y2}年{m2}月下旬"
    return f"""\
# A planctl plan. Edit it, then run `planctl check`; `planctl due` shows what is due.
# The format: docs/plan-format.md in planctl's repository.
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

# Phases hold tasks, tasks may hold tasks. Ids: a letter, then letters, digits, - or _.
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
