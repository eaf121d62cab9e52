"""A report read through the cache reads only the logs that reach into its period (store/log_ends.py keeps
each item's last log day beside the cache): its ledger and every line are a fresh full read's, also when
the file of last days was written for other bytes of the plan (an edit, a pull) with as many items."""

from __future__ import annotations

import os
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs

from planctl.commands import report as command
from planctl.status import report as r
from planctl.store import log_ends

START = date(2009, 3, 1)


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


def report_text(path: Path, today: date) -> tuple[bytes, list[int] | None]:
    _loaded, plan, ends = command._load(str(path))
    report = r.build(plan, r.Period(r.WEEK, r.week_of(today)), today, None, ends)
    return command.render(report, "text"), ends


@pytest.fixture(scope="module")
def folder() -> Path:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(plans(), hs.integers(0, 60))
def test_a_report_through_the_cache_is_a_fresh_reads(folder: Path, monkeypatch: pytest.MonkeyPatch, text: str,
                                                      offset: int) -> None:
    path = folder / "plan.yaml"  # one file for every example: the last days kept are for the previous one's bytes
    new = folder / "plan.yaml.new"
    new.write_text(text, encoding="utf-8")
    os.replace(new, path)
    today = START + timedelta(days=offset)
    monkeypatch.setenv("PLANCTL_CACHE", "1")
    cold, _ = report_text(path, today)
    warm, ends = report_text(path, today)
    assert ends is not None and log_ends.index_file(path).exists()
    monkeypatch.setenv("PLANCTL_CACHE", "0")
    fresh, none = report_text(path, today)
    assert none is None
    assert cold == warm == fresh


def test_the_last_days_kept_for_other_bytes_are_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An entry moved into the week (the same items, another day) is in the ledger, though the file of last
    days said that log ended before the week."""
    monkeypatch.setenv("PLANCTL_CACHE", "1")
    path = tmp_path / "plan.yaml"
    text = ("planctl: 1\ntitle: t\nyear: 2009\nphases:\n  - id: ph\n    title: 阶段\n    when: 2009-03-01..2009-04-30\n"
            "    tasks:\n      - id: t1\n        title: 写报告\n        when: 2009-03-01..2009-03-05\n"
            "        log:\n          - {date: 2009-03-02, note: 初稿}\n")
    path.write_text(text, encoding="utf-8")
    before, _ = report_text(path, date(2009, 4, 8))
    assert "初稿".encode() not in before
    path.write_text(text.replace("2009-03-02", "2009-04-07"), encoding="utf-8")
    after, ends = report_text(path, date(2009, 4, 8))
    assert "初稿".encode() in after
    assert ends is not None and date(2009, 4, 7).toordinal() in ends
