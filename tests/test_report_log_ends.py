"""A report read through the cache reads only the logs that reach into its period: each stored log keeps its
last day beside its first (store/cache.py `dump_log`, model.LazyLog `max_ordinal`), so a log that ends before
the period is not decoded. Its ledger and every line are a fresh full read's (PLANCTL_CACHE=0), also after
`done`, `undo` and a pull changed some logs (the cache then carries the stored logs it did not read again)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs

from conftest import run_cli, write_plan
from planctl.model import LazyLog, logged_days
from planctl.store import cache
from planctl.store.planfile import open_plan

START = date(2009, 3, 1)
FRESH = {"PLANCTL_CACHE": "0"}
FORMATS = ("text", "md", "csv", "html")  # the first three read without the plain tasks they do not list


def day(n: int) -> str:
    return (START + timedelta(days=n)).isoformat()


@hs.composite
def plans(draw: hs.DrawFn) -> str:
    """Phases of tasks and a quota, each log's days anywhere from before the period to after it."""
    lines = ["planctl: 1", "title: 台账", "year: 2009", "roster:", "  people:", "    p1: 张伟", "    p2: 李娜", "phases:"]
    for p in range(draw(hs.integers(1, 2))):
        lines += [f"  - id: ph{p}", f"    title: 阶段{p}", f"    when: {day(0)}..{day(60)}"]
        if draw(hs.booleans()):
            lines += ["    quotas:", f"      - id: q{p}", "        title: 学习", "        who: p1", "        target: 3",
                      "        period: week", "        unit: 次"]
            logged = draw(hs.lists(hs.integers(0, 60), max_size=4))
            if logged:
                lines.append("        log:")
                lines += [f"          - {{date: {day(n)}, by: p1}}" for n in logged]
        lines.append("    tasks:")
        for t in range(draw(hs.integers(1, 5))):
            start = draw(hs.integers(0, 50))
            lines += [f"      - id: t{p}-{t}", f"        title: 任务 {t}", f"        when: {day(start)}..{day(start + 3)}",
                      f"        who: p{1 + t % 2}"]
            logged = draw(hs.lists(hs.integers(0, 60), max_size=3))
            if logged:
                lines.append("        log:")
                lines += [f"          - {{date: {day(n)}, by: p2, note: 第{n}天}}" for n in logged]
    return "\n".join(lines) + "\n"


def _reports(path: Path, today: str, env: dict[str, str | None] | None = None, *more: str) -> list[tuple[int, str]]:
    out = []
    for fmt in FORMATS:
        result = run_cli("report", "--plan", str(path), "--today", today, "--format", fmt, *more, env=env)
        out.append((result.exit_code, result.stdout + result.stderr))
    return out


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(plans(), hs.integers(-10, 70), hs.sampled_from([(), ("--month",), ("--week",)]))
def test_a_report_through_the_cache_is_a_fresh_reads(folder: Path, text: str, offset: int, period: tuple[str, ...]) -> None:
    """Read whole, then from the cache of these bytes (without the plain tasks it does not list, for text,
    Markdown and CSV), then after another example's bytes (a cache of other bytes), as a fresh read."""
    path = folder / "plan.yaml"  # one file for every example: the cache kept is for the previous one's bytes
    new = folder / "plan.yaml.new"
    new.write_text(text, encoding="utf-8")
    os.replace(new, path)
    today = day(offset)
    fresh = _reports(path, today, FRESH, *period)
    assert _reports(path, today, None, *period) == fresh
    assert _reports(path, today, None, *period) == fresh


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plans())
def test_each_log_read_from_the_cache_knows_its_last_day(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setenv("PLANCTL_CACHE", "1")
    with tempfile.TemporaryDirectory() as name:
        path = Path(name) / "plan.yaml"
        path.write_text(text, encoding="utf-8")
        for warm in (False, True):  # written by a full read, then read from the cache
            opened = open_plan(path, "plan.yaml", require_valid=True)
            plan = opened.loaded.plan
            assert plan is not None and opened.from_cache == warm
            for item in plan.items():
                log = item.log
                assert isinstance(log, LazyLog) or not log
                if isinstance(log, LazyLog):
                    assert log.max_ordinal == max(logged_days(log), default=0)
                    assert cache.dump_log(log)[5] == log.max_ordinal


def _ledger_plan(tmp_path: Path) -> tuple[Path, str]:
    """Tasks logged before the week of 2009-04-08, in it and after it."""
    lines = ["planctl: 1", "title: 台账", "year: 2009", "roster:", "  people: {a: 甲, b: 乙}", "phases:",
             "  - id: ph", "    title: 阶段", "    when: 2009-03-01..2009-04-30", "    tasks:"]
    for t, days in enumerate((["2009-03-02"], ["2009-03-03", "2009-04-06"], [], ["2009-04-20"], ["2009-03-09"])):
        lines += [f"      - id: t{t}", f"        title: 任务{t}", "        who: a",
                  f"        when: 2009-03-{1 + 2 * t:02d}..2009-03-{5 + 2 * t:02d}"]
        if days:
            lines += ["        log:", *(f"          - {{date: {d}, by: b, note: 记{t}}}" for d in days)]
    return tmp_path / "plan.yaml", "\n".join(lines) + "\n"


TODAY = "2009-04-08"


def test_after_done_and_undo_a_report_through_the_cache_is_a_fresh_reads(tmp_path: Path) -> None:
    """`done` of a task whose log ended before the week (its stored last day moves into it), then `undo`."""
    path, text = _ledger_plan(tmp_path)
    path.write_text(text, encoding="utf-8")
    first = _reports(path, TODAY)
    assert first == _reports(path, TODAY, env=FRESH)
    assert "记0" not in first[0][1]
    assert run_cli("done", "t0", "--again", "--date", "2009-04-07", "--note", "补记", "--plan", str(path),
                   "--today", TODAY, "--quiet").exit_code == 0
    after = _reports(path, TODAY)
    assert "补记" in after[0][1]
    assert after == _reports(path, TODAY, env=FRESH)
    assert run_cli("undo", "--yes", "--quiet", "--plan", str(path), "--today", TODAY).exit_code == 0
    assert _reports(path, TODAY) == _reports(path, TODAY, env=FRESH) == first


PULLS = [
    ("a log ended before the week moves into it", "{date: 2009-03-02, by: b, note: 记0}",
     "{date: 2009-04-07, by: b, note: 记0}"),
    ("a log in the week moves out of it", "{date: 2009-04-06, by: b, note: 记1}", "{date: 2009-03-06, by: b, note: 记1}"),
    ("a log of the week gets an entry", "          - {date: 2009-04-06, by: b, note: 记1}\n",
     "          - {date: 2009-04-06, by: b, note: 记1}\n          - {date: 2009-04-08, by: a, note: 又一次}\n"),
    ("a task without a log gets one in the week", "        when: 2009-03-05..2009-03-09\n",
     "        when: 2009-03-05..2009-03-09\n        log:\n          - {date: 2009-04-07, by: a, note: 新记}\n"),
    ("a title", "        title: 任务4\n", "        title: 任务四\n"),
]


@pytest.mark.parametrize(("what", "old", "new"), PULLS, ids=[pull[0] for pull in PULLS])
def test_after_a_pull_a_report_through_the_cache_is_a_fresh_reads(tmp_path: Path, what: str, old: str, new: str) -> None:
    path, text = _ledger_plan(tmp_path)
    path.write_text(text, encoding="utf-8")
    assert _reports(path, TODAY) == _reports(path, TODAY, env=FRESH)  # writes the cache
    assert old in text, what
    pulled = tmp_path / "pulled.yaml"
    pulled.write_text(text.replace(old, new, 1), encoding="utf-8")
    pulled.replace(path)  # as git does
    run_cli("due", "--plan", str(path), "--today", TODAY)  # the first read after the pull: through the changes
    for _ in range(2):  # then through the changes stored for these bytes
        assert _reports(path, TODAY) == _reports(path, TODAY, env=FRESH), what


def test_a_warm_report_builds_only_the_plain_tasks_it_lists(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from planctl.commands import report as command

    monkeypatch.setenv("PLANCTL_CACHE", "1")
    path, text = _ledger_plan(tmp_path)
    path.write_text(text, encoding="utf-8")
    options = command.ReportOptions(TODAY, date(2009, 4, 8))
    whole = command._read(str(path), options, "text")[1]  # a full read, which writes the cache
    assert not whole.partial and [t.id for t in whole.walk()] == ["ph", "t0", "t1", "t2", "t3", "t4"]
    _loaded, plan, today, _period, span = command._read(str(path), options, "text")
    # t0 and t4 were finished before the week, with nothing logged in it: in no list
    assert plan.partial and [t.id for t in plan.walk()] == ["ph", "t1", "t2", "t3"]
    assert [t.id for t in plan.phases[0].tasks] == ["t1", "t2", "t3"]
    assert (today, span) == (date(2009, 4, 8), whole.span())
    assert not command._read(str(path), options, "html")[1].partial  # its table of phases counts every task


@given(hs.lists(hs.tuples(hs.integers(1, 400), hs.integers(0, 40), hs.none() | hs.integers(1, 450)), max_size=30),
       hs.integers(1, 450))
def test_plain_states_at_once_are_each_plain_state(tasks: list[tuple[int, int, int | None]], day: int) -> None:
    from planctl.status import states

    starts = [start for start, _, _ in tasks]
    ends = [start + length for start, length, _ in tasks]
    logged = [first for _, _, first in tasks]
    assert states.plain_states(starts, ends, logged, day) == [
        states.plain_state(start, end, first, day) for start, end, first in zip(starts, ends, logged, strict=True)]


def test_the_side_file_an_earlier_planctl_kept_is_removed_with_the_next_cache(tmp_path: Path) -> None:  # tester h121, 2
    plan = write_plan(tmp_path)
    retired = tmp_path / ".planctl-cache" / "plan.yaml.cache.ends"
    retired.parent.mkdir()
    retired.write_bytes(b"left by an earlier planctl")
    assert run_cli("due", "--plan", str(plan), "--today", "2009-04-12").exit_code == 0
    assert (tmp_path / ".planctl-cache" / "plan.yaml.cache").exists() and not retired.exists()
