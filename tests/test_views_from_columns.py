"""The views of a large plan read from the cache (issue 20): `export ics` and `report` answer from the
logs' columns without building every entry (an XL plan's million entries were most of export's 1.5 GB);
a colourless timeline writes its rows' text without building their styles; a grid keeps plain cells as
text. Each prints what it printed before: the same bytes as the full read and as the styled lines."""

from __future__ import annotations

import importlib.util
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs
from rich.text import Text

from conftest import ROOT
from planctl.format.loader import load_bytes
from planctl.model import LazyLog, Plan, entries_within, first_logged, last_logged
from planctl.output import export
from planctl.output import timeline as view
from planctl.output.status import Col, grid
from planctl.status import report as r
from planctl.store.planfile import open_plan

TODAY = date(2009, 4, 12)


def _generated(tasks: int, completions: int, seed: int) -> str:
    spec = importlib.util.spec_from_file_location("gen", ROOT / "bench" / "gen.py")
    assert spec is not None and spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    return str(gen.generate(tasks, completions, seed=seed))


GENERATED = _generated(60, 600, 5)


def cached_and_fresh(tmp_path: Path, text: str) -> tuple[Plan, Plan]:
    """The plan as the second command reads it (from the cache its first read wrote), and a full read."""
    path = tmp_path / "plan.yaml"
    raw = text.encode("utf-8")
    path.write_bytes(raw)
    open_plan(path, "plan.yaml", require_valid=True)
    file = open_plan(path, "plan.yaml", require_valid=True)
    assert file.from_cache and file.plan is not None
    fresh = load_bytes("plan.yaml", raw).plan
    assert fresh is not None
    return file.plan, fresh


def built_task_logs(plan: Plan) -> list[str]:
    """The tasks whose logs were built entry by entry (a quota's is, to be summed: status/quotas.py)."""
    return [item.id for item in plan.walk() if isinstance(item.log, LazyLog) and item.log.materialized]


def test_export_ics_of_a_cached_plan_builds_no_log_entry(tmp_path: Path) -> None:
    cached, fresh = cached_and_fresh(tmp_path, GENERATED)
    stamp = datetime(2009, 4, 12, tzinfo=UTC)
    got = export.calendar(cached, stamp, "test", TODAY)
    assert built_task_logs(cached) == []
    assert got == export.calendar(fresh, stamp, "test", TODAY)
    assert b"STATUS:COMPLETED" in got


def test_a_weeks_report_builds_only_that_weeks_task_entries(tmp_path: Path) -> None:
    """The ledger of one week needs that week's entries; a task's other entries stay columns (its
    quotas' logs are summed entry by entry by status/quotas.py, as for `due`)."""
    from planctl.commands.report import render

    cached, fresh = cached_and_fresh(tmp_path, GENERATED)
    period = r.Period("week", r.week_of(TODAY))
    got = r.build(cached, period, TODAY)
    assert built_task_logs(cached) == []
    assert got.entries, "the week has entries to show"
    want = r.build(fresh, period, TODAY)
    for fmt in ("text", "md", "csv"):
        assert render(got, fmt) == render(want, fmt)


DAYS = hs.lists(hs.integers(733000, 733100), min_size=1, max_size=12)


@settings(max_examples=150, deadline=None)
@given(DAYS, hs.integers(732990, 733110), hs.integers(0, 40))
def test_first_last_and_within_read_from_columns_agree_with_the_entries(days: list[int], day: int, span: int) -> None:
    n = len(days)
    columns = [list(days), [f"p{i}" for i in range(n)], [None] * n, [None] * n, ["n"] * n,
               [None if i % 2 else "2009-04-01T08:00:00+08:00" for i in range(n)], [100 * i for i in range(n)]]
    lazy = LazyLog.of_columns(columns)
    entries = list(LazyLog.of_columns(columns))  # the log built entry by entry
    on, until = date.fromordinal(day), date.fromordinal(day + span)
    assert first_logged(lazy, on) == first_logged(entries, on) == min(
        (e.date for e in entries if e.date <= on), default=None)
    assert last_logged(lazy, on) == last_logged(entries, on) == max(
        (e.date for e in entries if e.date <= on), default=None)
    within = entries_within(lazy, on, until)
    assert [(e.key(), e.pos) for e in within] == [(e.key(), e.pos) for e in entries if on <= e.date <= until]
    assert not lazy.materialized
    assert [(e.key(), e.pos) for e in entries_within(entries, on, until)] == [(e.key(), e.pos) for e in within]


def _odd_plan() -> str:
    """Titles too long for the label column, Chinese, a control code, waits, and a recurring task."""
    return f"""planctl: 1
title: 试点
year: 2009
roster:
  people:
    p1: 张伟
phases:
  - id: a
    title: "Phase one \\a rings"
    when: 2009-03-01..2009-05-31
    tasks:
      - id: a1
        title: {"很长的标题" * 12}
        when: 2009-03-02..2009-03-20
        log:
          - {{date: 2009-03-10, by: p1}}
      - id: a2
        title: weekly
        when: 2009-03-01..2009-04-30
        repeat: every week
      - id: a3
        title: after the first
        after: [a1]
        when: 2009-04-01..2009-04-20
"""


@pytest.mark.parametrize("text", [GENERATED, _odd_plan()], ids=["generated", "odd"])
@pytest.mark.parametrize("width", [40, 61, 100, 260])
def test_the_timelines_plain_text_is_its_lines_plain_text(text: str, width: int) -> None:
    plan = load_bytes("plan.yaml", text.encode("utf-8")).plan
    assert plan is not None
    chart = view.build(plan, TODAY)
    assert chart is not None
    assert view.plain_lines(chart, width) == [line.plain for line in view.lines(chart, width)]


CELL_CHARS = ["a", "中", " ", "\x07", "\r", "é", "\u0301", "…", "1"]


@settings(max_examples=150, deadline=None)
@given(hs.lists(hs.tuples(hs.text(alphabet=hs.sampled_from(CELL_CHARS), max_size=16),
                          hs.text(alphabet=hs.sampled_from(CELL_CHARS), max_size=8)), min_size=1, max_size=4),
       hs.integers(12, 40))
def test_a_grid_of_plain_cells_is_the_grid_of_their_texts(rows: list[tuple[str, str]], width: int) -> None:
    """A str cell prints as Text of its visible form (output/visible.py: a control code shown as its escape,
    never sent to the terminal; Rich's Text would drop some silently), cut, folded and aligned alike."""
    from planctl.output.visible import visible

    cols = [Col("Title", max=12, least=4), Col("N", right=True), Col("Note", fold=6)]
    plain: list[list[Text | str]] = [[a, b, a + b] for a, b in rows]
    texts: list[list[Text | str]] = [[Text(visible(a)), Text(visible(b)), Text(visible(a + b))] for a, b in rows]
    for fit in (None, width):
        got, want = grid(cols, plain, width=fit, indent=2), grid(cols, texts, width=fit, indent=2)
        assert [(x.plain, x.spans, x.style) for x in got] == [(x.plain, x.spans, x.style) for x in want]


def test_a_plain_console_gets_the_timeline_rich_would_print(tmp_path: Path) -> None:
    import io

    from planctl.output.console import make_console
    from planctl.output.status import print_lines

    plan = load_bytes("plan.yaml", _odd_plan().encode("utf-8")).plan
    assert plan is not None
    chart = view.build(plan, TODAY)
    assert chart is not None
    for width in (40, 72):
        fast, slow = io.StringIO(), io.StringIO()
        view.render(make_console(fast, width=width, colour=False), chart, width)
        print_lines(make_console(slow, width=width, colour=False), view.lines(chart, width))
        assert fast.getvalue() == slow.getvalue()
        assert len(fast.getvalue().splitlines()) > 5
