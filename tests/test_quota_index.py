"""Each quota's totals kept beside the cache (store/quota_index.py): a warm `due` adds up no quota's log,
and shows exactly what a fresh read shows, on any day, after `done`, `undo` and a pull.

Issue 20: summing a large plan's quota logs was a fifth of a warm `due`. The index is keyed by content
(the plan's digest, else each log's columns and what the sums read of the quota and the roster), so a
stale, damaged or missing one is summed again, never used.
"""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import run_cli
from planctl.status import quotas

YEAR_START = date(2009, 1, 1)
HEAD = """\
planctl: 1
title: 指标
year: 2009
roster:
  people: {a: 甲, b: 乙, c: 丙}
  groups:
    g:
      name: 小组
      members: [a, b, c]
      units:
        u1: {name: 一组, members: [a]}
        u2: {name: 二组, members: [b, c]}
phases:
  - id: p
    title: 全年
    when: 2009-01-01..2009-12-31
    tasks:
      - id: t
        title: 任务
        when: 2009-03-01..2009-03-05
    quotas:
"""
PERIODS = ("once", "week", "dekad", "旬", "month", "quarter", "half-year", "year", "月")


def _day(offset: int) -> str:
    return (YEAR_START + timedelta(days=offset)).isoformat()


@st.composite
def quota(draw: st.DrawFn, n: int) -> list[str]:
    """One quota of any share, unit, bound and period, with a log of entries through the year."""
    per = draw(st.sampled_from(["all", "person", "unit"]))
    kind = draw(st.sampled_from(["h", "次", "字", "%", "ceiling"]))
    who = {"all": "[a, b]", "person": draw(st.sampled_from(["[a, b, c]", "g"])), "unit": "g"}[per]
    target = {"h": "8", "次": "3", "字": "2000", "%": "≥ 90%", "ceiling": "≤ 4"}[kind]
    lines = [f"      - id: q{n}", f"        title: 指标{n}", f"        who: {who}", f"        per: {per}",
             f"        target: {target}"]
    if kind != "%":
        lines.append(f"        unit: {'次' if kind == 'ceiling' else kind}")
    shape = draw(st.sampled_from(["period", "period", "periods", "repeat"]))
    if shape == "period":
        lines.append(f"        period: {draw(st.sampled_from(PERIODS))}")
    elif shape == "periods":
        lines.append("        periods: [3月上旬, 4月, 2009-06-01..2009-07-15]")
    else:
        lines.append("        repeat: 每月")
    if per == "person" and draw(st.booleans()):
        lines.append("        target_for: {g: 5}")
    entries = draw(st.lists(st.tuples(st.integers(0, 364), st.sampled_from(["a", "b", "c", None]),
                                      st.sampled_from([None, "u1", "u2"]), st.integers(0, 5)), max_size=25))
    if entries:
        lines.append("        log:")
    for offset, by, unit, amount in entries:
        fields = [f"date: {_day(offset)}"]
        if by is not None or per != "unit" or unit is None:
            fields.append(f"by: {by or 'a'}")
        if per == "unit" and unit is not None:
            fields.append(f"unit: {unit}")
        written = {"h": ["1", "1.5", "2.0", "0.25", "3", "2"], "字": ["500", "1000", "800", "1200", "300", "500.0"],
                   "%": ["85", "90", "95", "100", "88", "91.5"]}.get(kind)
        if written is not None:
            fields.append(f"amount: {written[amount]}")
        elif amount > 2:
            fields.append(f"amount: {amount - 1}")
        lines.append(f"          - {{{', '.join(fields)}}}")
    return lines


@st.composite
def plans(draw: st.DrawFn) -> str:
    lines = HEAD.splitlines()
    for n in range(draw(st.integers(1, 4))):
        lines += draw(quota(n))
    return "\n".join(lines) + "\n"


def _due(path: Path, day: int, *extra: str, cache: bool = True) -> tuple[int, str, str]:
    result = run_cli("due", "--plan", str(path), "--today", _day(day), *extra,
                     env=None if cache else {"PLANCTL_CACHE": "0"})
    return result.exit_code, result.stdout, result.stderr


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=plans(), days=st.lists(st.integers(0, 364), min_size=2, max_size=2))
def test_due_with_the_stored_totals_is_due_from_a_fresh_read_on_any_day(tmp_path_factory: pytest.TempPathFactory,
                                                                         text: str, days: list[int]) -> None:
    """The index is written on the first day's `due` and read on the others (a day among a period's
    entries, before them, after them)."""
    path = tmp_path_factory.mktemp("plan") / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    fresh = {(day, extra): _due(path, day, *extra, cache=False) for day in days for extra in ((), ("--json",))}
    for (day, extra), expected in [*fresh.items(), *fresh.items()]:
        assert _due(path, day, *extra) == expected, (text, day, extra)


def _large_quotas(path: Path) -> None:
    """Four quotas (per person in hours by week, per unit by month, a rate by quarter, everyone by dekad),
    each with sixty entries in the first half of 2009."""
    lines = HEAD.splitlines()
    shapes = [("[a, b, c]", "person", "8", "h", "week"), ("g", "unit", "3", "次", "month"),
              ("[a, b]", "all", "≥ 90%", None, "quarter"), ("[a, b]", "all", "5", "次", "旬")]
    for n, (who, per, target, unit, period) in enumerate(shapes):
        lines += [f"      - id: q{n}", f"        title: 指标{n}", f"        who: {who}", f"        per: {per}",
                  f"        target: {target}", f"        period: {period}", *([f"        unit: {unit}"] if unit else []),
                  "        log:"]
        for e in range(60):
            amount = f", amount: {85 + e % 15}" if unit is None else f", amount: {1 + e % 3 / 2}" if unit == "h" else ""
            lines.append(f"          - {{date: {_day(e * 3)}, by: {'abc'[e % 3]}{amount}}}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _summed_logs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that grows by one for each quota log whose values are read to be added up."""
    calls: list[int] = []
    original = quotas._entry_columns

    def counted(log):  # type: ignore[no-untyped-def]
        calls.append(len(log))
        return original(log)

    monkeypatch.setattr(quotas, "_entry_columns", counted)
    return calls


def test_a_warm_due_adds_up_no_quota_log_and_after_done_undo_or_a_pull_only_the_changed_ones(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "plan.yaml"
    _large_quotas(path)
    expected = _due(path, 300, cache=False)
    calls = _summed_logs(monkeypatch)

    def summed_by_due() -> int:
        fresh = _due(path, 300, cache=False)
        calls.clear()
        assert _due(path, 300) == fresh
        return len(calls)

    assert run_cli("check", "--plan", str(path)).exit_code == 0  # the cache is written
    assert _due(path, 300) == expected
    assert summed_by_due() == 0  # the index written by the first `due` on these bytes
    for command, changed in ((["done", "q1", "--by", "a", "--date", "2009-06-01"], 1), (["undo", "-y"], 1)):
        assert run_cli(*command, "-q", "--plan", str(path)).exit_code == 0
        assert summed_by_due() == changed  # the quota whose log changed
        assert summed_by_due() == 0
    text = path.read_text(encoding="utf-8")  # a pull: entries of two quotas from a teammate
    text = text.replace("        log:\n", "        log:\n          - {date: 2009-06-02, by: b, amount: 2}\n", 1)
    text = text.replace("      - id: q3\n", "      - id: q3\n        note: 拉取\n")
    new = path.with_name("plan.yaml.new")
    new.write_text(text, encoding="utf-8")
    os.replace(new, path)
    assert summed_by_due() == 1  # q0's log changed; q3's note did, and its log, kept as stored (store/increment.py
    # `_read_head`), is not added up again: its index entry is found by content
    assert summed_by_due() == 0


def test_a_day_among_a_periods_entries_adds_that_quota_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a day with entries of its period still to come (dated ahead), a quota is summed as before."""
    path = tmp_path / "plan.yaml"
    _large_quotas(path)
    _due(path, 300)
    calls = _summed_logs(monkeypatch)
    fresh = _due(path, 100, cache=False)
    calls.clear()
    assert _due(path, 100) == fresh  # 2009-04-11: the current week, month… go on after it
    assert 0 < len(calls) < 2 * 4 + 1


@pytest.mark.parametrize("damage", ["flip", "truncate", "other code", "other plan", "swap entries"])
def test_a_damaged_or_stale_index_is_summed_again(tmp_path: Path, damage: str) -> None:
    from planctl.store import quota_index

    path = tmp_path / "plan.yaml"
    _large_quotas(path)
    expected = {day: _due(path, day, "--json", cache=False) for day in (200, 300)}
    _due(path, 300)
    index = quota_index.index_file(path)
    data = index.read_bytes()
    if damage == "flip":
        data = data[:-40] + bytes([data[-40] ^ 1]) + data[-39:]
    elif damage == "truncate":
        data = data[: len(data) // 2]
    else:
        import marshal

        from planctl.store import cache

        version, code, key, entries = marshal.loads(data[len(quota_index.HEADER) + cache.CHECKSUM_SIZE:])
        if damage == "other code":
            code += "x"
        elif damage == "other plan":  # the right plan's digest on other sums: only content keys may match
            entries = [(qid, content, spans, {i: {s: v + 1 for s, v in amounts.items()} for i, amounts in done.items()})
                       for qid, content, spans, done in entries]
            entries = [(qid, (b"other",) + content[1:], spans, done) for qid, content, spans, done in entries]
            key = "other"
        else:  # the plan's own digest, the entries in another order: never served by place
            entries = entries[::-1]
        body = marshal.dumps((version, code, key, entries))
        data = quota_index.HEADER + cache.checksum(body) + body
    index.write_bytes(data)
    for day, said in expected.items():
        assert _due(path, day, "--json") == said, damage


def test_due_makes_rows_only_for_the_quotas_whose_period_holds_the_day(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A quota of January has no period on 2 June: `due` shows none of its rows, and makes none (status/quotas.py
    `period_holding`); the year's quota's rows are made for this month and, for what was missed, the last."""
    path = tmp_path / "plan.yaml"
    path.write_text(HEAD + """\
      - {id: jan, title: 一月, who: [a, b, c], per: person, target: 2, unit: 次, period: week,
         when: 2009-01-01..2009-01-31, log: [{date: 2009-01-05, by: a}]}
      - {id: year, title: 全年, who: [a, b, c], per: person, target: 2, unit: 次, period: month,
         log: [{date: 2009-05-05, by: a}, {date: 2009-06-01, by: b}]}
""", encoding="utf-8")
    expected = _due(path, 152, cache=False)
    made: list[str] = []
    original = quotas.period_rows

    def counted(plan, quota, *args, **kwargs):  # type: ignore[no-untyped-def]
        made.append(quota.id)
        return original(plan, quota, *args, **kwargs)

    monkeypatch.setattr(quotas, "period_rows", counted)
    assert _due(path, 152) == expected  # 2009-06-02
    assert sorted(made) == ["year", "year"] and "全年" in expected[1] and "一月" not in expected[1]
