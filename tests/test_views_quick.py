"""The views take the quick way too (cli/quick.py): `status`, `report`, `timeline`, `list`, `show` and
`export ics|json` as people usually type them run without Typer, and say exactly what Typer's way says.

A table of command lines, good and bad, gives the same stdout, stderr, exit code and files written both
ways, in English and in Chinese; the usual view runs import no Typer nor Click; anything the quick way
does not read still goes to Typer.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as hs
from rich.text import Text

from planctl import i18n
from planctl.cli import quick
from planctl.format.dates import Window
from planctl.format.loader import load_bytes
from planctl.model import Plan, Quota
from planctl.output.status import Col, grid, plain_grid
from planctl.status import report as r
from test_quick import _fresh as only_the_seed
from test_quick import _run, in_work_folder
from test_views_from_columns import GENERATED, TODAY, cached_and_fresh
from test_views_from_columns import _odd_plan as odd_plan

ROOT_DIR = Path(__file__).resolve().parent.parent
SEED = ROOT_DIR / "plan.yaml"
P = "plan.yaml"
D = "2009-04-12"
BROKEN = "broken.yaml"  # the bundled plan with a day that does not exist: the views show the rest and exit 1

QUICK_LINES = [
    ["status", "-f", P, "--today", D],
    ["-f", P, "status", "--today", D, "--json"],
    ["status", "-f", P, "-p", "2", "-w", "branches"],
    ["--today", D, "status", "-f", P, "-q"],
    ["status", "--phase", "nowhere"],
    ["status", "--today", "31/31/2009"],
    ["status", "-f", "missing.yaml"],
    ["status"],  # the plan found upward, $PLANCTL_TODAY (set below)
    ["report", "-f", P, "--today", D],
    ["report", "2009-04-08", "-f", P, "--today", D],
    ["report", "--week", "2009-03-30", "--today", D],
    ["report", "-f", P, "--month", "4月", "--today=2009-05-02"],
    ["report", "--from", "2009-04-01", "--to", "2009-04-12", "--format", "md"],
    ["report", "-F", "csv", "-w", "jiguan", "--today", D],
    ["report", "--who", "zhangwei", "-p", "2"],
    ["report", "-o", "week.html", "--today", D],
    ["report", "--output", "week.md", "-q"],
    ["report", "--week", "--month"],
    ["report", "extra", "--from", "2009-04-01"],
    ["report", "--format", "pdf"],
    ["report", "-o", "report.docx"],
    ["report", "--to", "2009-04-01"],
    ["timeline", "-f", P, "--today", D, "-W", "100"],
    ["timeline", "--from", "2009-03-01", "--to", "2009-05-01", "--json"],
    ["timeline", "-p", "study", "--width=80", "--who", "lina"],
    ["timeline", "--svg", "chart.svg", "--html", "chart.html"],
    ["timeline", "--width", "5"],
    ["timeline", "--from", "2009-05-01", "--to", "2009-03-01"],
    ["list", "-f", P, "--today", D],
    ["list", "-p", "3", "--json"],
    ["show", "2.6", "-f", P, "--today", D],
    ["show", "--json", "self-study"],
    ["show", "nothing-like-it"],
    ["export", "ics", "-f", P, "--today", D],
    ["export", "-f", P, "json", "--today", D],
    ["-f", P, "--today", D, "export", "--today", "2009-04-13", "json", "-o", "plan.json"],
    ["--today", D, "export", "--plan=missing.yaml", "ics"],
    ["export", "json", "-q", "-o", "out.json"],
    ["export", "ics", "-o", "plan.pdf"],
    ["export", "ics", "-o", P],
    ["status", "-f", BROKEN, "--today", D],
    ["report", "-f", BROKEN],
    ["timeline", "-f", BROKEN, "--json"],
    ["export", "json", "-f", BROKEN],
]
TYPER_LINES = [
    ["status", "-h"],
    ["status", "--bogus"],
    ["status", "-f", P, "extra"],
    ["report", "2009-04-01", "2009-04-08"],
    ["report", "-F"],
    ["report", "-o", "-"],
    ["timeline", "-W", "abc"],
    ["timeline", "-W", "-1"],
    ["timeline", "-W", "８０"],
    ["show"],
    ["show", "a", "b"],
    ["list", "--json=1"],
    ["export"],
    ["export", "-f", P],
    ["export", "csv"],
    ["export", "-q", "ics"],
    ["export", "ics", "--bogus"],
    ["export", "-f", P, "-f", P, "ics"],
    ["export", "--", "ics"],
]
LANGUAGES = [{"LANG": "C.UTF-8"}, {"LANG": "zh_CN.UTF-8"}]


def _fresh(folder: Path) -> None:
    """The folder (the current one) holding the bundled plan and a copy with an error, as before any run."""
    only_the_seed(folder)
    (folder / BROKEN).write_text(SEED.read_text(encoding="utf-8").replace("when: 3月30日", "when: 3月32日"), encoding="utf-8")


def _files(folder: Path) -> dict[str, bytes]:
    """What the run left in the folder (the plan and what was written beside it), the cache aside."""
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


@pytest.mark.parametrize("language", LANGUAGES, ids=["en", "zh"])
def test_both_ways_say_the_same(language: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = in_work_folder(language, tmp_path, monkeypatch)
    for args in QUICK_LINES + TYPER_LINES:
        assert (quick.read(args) is not None) == (args in QUICK_LINES), args
        seen = []
        for quickly in (True, False):
            _fresh(folder)
            seen.append((_run(args, quickly=quickly, monkeypatch=monkeypatch), _files(folder)))
        assert seen[0] == seen[1], args


def test_every_view_is_read_quickly() -> None:
    """Each view named in the tables is reached by a line above (no row left untried)."""
    tried = {call.name for args in QUICK_LINES if (call := quick.read(args)) is not None}
    assert tried == {"status", "report", "timeline", "list", "show", "export ics", "export json"}


def _imported(args: list[str], folder: Path) -> set[str]:
    """The modules a whole `python -m planctl ARGS` process imported (from -X importtime)."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120", "LANG": "C.UTF-8"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "planctl", *args], cwd=folder, env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return {line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}


def _typer(modules: set[str]) -> set[str]:
    return {name for name in modules if name.split(".")[0] in ("typer", "click", "pydantic")}


@pytest.mark.parametrize("args", [["status"], ["report"], ["report", "--month", "-o", "month.html"], ["timeline"],
                                  ["list", "--json"], ["show", "self-study"], ["export", "ics", "-o", "plan.ics"],
                                  ["export", "json"]], ids=" ".join)
def test_the_usual_view_runs_import_no_typer(args: list[str], tmp_path: Path) -> None:
    shutil.copy(SEED, tmp_path / "plan.yaml")
    assert _typer(_imported([*args, "--today", D], tmp_path)) == set()


def test_a_view_line_the_quick_way_does_not_read_still_goes_to_typer(tmp_path: Path) -> None:
    shutil.copy(SEED, tmp_path / "plan.yaml")
    env = {**os.environ, "NO_COLOR": "1", "LANG": "C.UTF-8"}
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "planctl", "status", "--bogus"], cwd=tmp_path,
                          env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 2 and "No such option" in done.stderr
    assert "typer" in {line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}


# --- the views' plain text, and their work on a large plan -------------------------------------------------------
# Printed without colour, `status` and `report` write their lines' plain text themselves (output/console.py
# PlainScreen, output/status.py plain_grid) where Rich would print that text; printed through Rich (colour, a
# recording console) they lay out the styled lines. Both give the same characters, at every width, from a
# fresh parse and from the cache alike.

CELL_CHARS = ["a", "中", " ", "\x07", "\r", "é", "\u0301", "…", "1", "-"]


@settings(max_examples=120, deadline=None)
@given(hs.lists(hs.tuples(hs.text(alphabet=hs.sampled_from(CELL_CHARS), max_size=24),
                          hs.text(alphabet=hs.sampled_from(CELL_CHARS), max_size=8)), min_size=1, max_size=5),
       hs.integers(8, 50), hs.booleans())
@example([("", "")], 8, True)  # every column empty and dropped: the row is still a line (CI at 903592f)
def test_a_plain_grid_is_the_grids_plain_text(rows: list[tuple[str, str]], width: int, drop_empty: bool) -> None:
    cols = [Col("Title", max=12, least=4), Col("N", right=True, drop=1), Col("Note", fold=6, keep=4),
            Col("标题", fold=4, drop=2)]
    cells: list[list[Text | str]] = [[a, Text(b, style="red"), Text(a + b), b + a] for a, b in rows]
    for fit in (None, width):
        styled = grid(cols, cells, width=fit, indent=2, drop_empty=drop_empty)
        assert plain_grid(cols, cells, width=fit, indent=2, drop_empty=drop_empty) == [line.plain for line in styled]


def _printed(render: Callable[[Any], None], width: int) -> tuple[str, str]:
    """What `render(screen)` prints on a PlainScreen, and through Rich's console (recording: the styled lines)."""
    from planctl.output.console import PlainScreen, make_console

    plain, rich = io.StringIO(), io.StringIO()
    render(PlainScreen(plain, width))
    console = make_console(rich, width=width, colour=False)
    console.record = True  # Rich lays the styled lines out itself
    render(console)
    return plain.getvalue(), rich.getvalue()


def _plans(tmp_path: Path) -> list[Plan]:
    """The bundled plan, an odd one (long titles, a control code, waits, a recurring task), and a generated
    one read from the cache."""
    cached, _fresh_plan = cached_and_fresh(tmp_path, GENERATED)
    return [_load(SEED.read_text(encoding="utf-8")), _load(odd_plan()), cached]


def _load(text: str) -> Plan:
    plan = load_bytes("plan.yaml", text.encode("utf-8")).plan
    assert plan is not None
    return plan


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_status_and_report_print_the_same_without_rich(language: str, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from planctl.output import report_text
    from planctl.output import status as view
    from planctl.output.report_words import words_for

    monkeypatch.setenv("PLANCTL_LANG", language)
    i18n.reset()
    for plan in _plans(tmp_path):
        status = view.build(plan, TODAY)
        report = r.build(plan, r.Period(r.WEEK, r.week_of(TODAY)), TODAY)
        w = words_for(report)
        for width in (40, 72, 160):
            plain, rich = _printed(lambda screen: view.render(screen, plan, status), width)  # noqa: B023
            assert plain == rich
            plain, rich = _printed(lambda screen: report_text.render(screen, report, w), width)  # noqa: B023
            assert plain == rich and len(plain.splitlines()) > 10
        plain, rich = _printed(lambda screen: report_text.render(screen, report, w, full=True), report_text.FULL_WIDTH)  # noqa: B023
        assert plain == rich
    i18n.reset()


PERIODS = [r.Period(r.WEEK, r.week_of(TODAY)), r.Period(r.WEEK, r.week_of(date(2009, 1, 5))),
           r.Period(r.MONTH, r.month_window(2009, 3)), r.Period(r.RANGE, Window(date(2009, 2, 10), date(2009, 5, 20)))]


@pytest.mark.parametrize("who", [None, "team3", "p007"])
def test_status_and_report_from_the_cache_are_those_of_a_fresh_parse(who: str | None, tmp_path: Path) -> None:
    from planctl.commands.report import render
    from planctl.output import status as view
    from planctl.output.console import PlainScreen

    cached, fresh = cached_and_fresh(tmp_path, GENERATED)
    for period in [*PERIODS, r.phase_period(fresh.phases[3])]:
        phase = cached.phases[3] if period.phase is not None else None
        got = r.build(cached, period._replace(phase=phase), TODAY, who)
        want = r.build(fresh, period, TODAY, who)
        for fmt in ("text", "csv"):
            assert render(got, fmt) == render(want, fmt), (period, fmt)
    screens = []
    for plan in (cached, fresh):
        screen = PlainScreen(io.StringIO(), 120)
        view.render(screen, plan, view.build(plan, TODAY))
        screens.append(screen.file.getvalue())  # type: ignore[attr-defined]
    assert screens[0] == screens[1] and "q19" in screens[0]


LONG_QUOTAS = """planctl: 1
title: 十年
year: 2009
roster:
  people:
    p1: 张伟
    p2: 李娜
phases:
  - id: a
    title: 十年学习
    when: 2009-01-05..2019-12-29
    quotas:
      - id: weekly
        title: 每周自学
        who: [p1, p2]
        per: person
        period: week
        target: 8
        unit: h
        log:
          - {date: 2009-04-07, by: p1, amount: 2}
          - {date: 2009-04-14, by: p2, amount: 3}
      - id: monthly
        title: 每月报告
        who: [p1]
        period: month
        target: 1
        unit: 次
"""


def test_a_report_builds_only_the_quota_periods_it_shows(monkeypatch: pytest.MonkeyPatch) -> None:
    """A week's report of quotas over ten years makes rows for that week's periods and the next week's,
    not for every period of each quota (a year of a large office: issue 20), and reads each log once."""
    from planctl.status import quotas as q

    plan = _load(LONG_QUOTAS)
    built: list[tuple[str, int]] = []
    period_rows = q.period_rows

    def counting(plan: Plan, quota: Quota, index: int, today: date, among: list[q.Scope] | None = None,
                 periods: list[Window] | None = None) -> list[q.Progress]:
        built.append((quota.id, index))
        return period_rows(plan, quota, index, today, among, periods)

    monkeypatch.setattr(q, "period_rows", counting)
    report = r.build(plan, r.Period(r.WEEK, r.week_of(TODAY)), TODAY)
    # this week's and next week's, this month's (next week is in it); the phase's state (whose quotas are not
    # all met from the first week: states.is_done, quotas.is_met) only when its line is asked for (a page's)
    assert sorted(built) == [("monthly", 3), ("weekly", 13), ("weekly", 14)]
    assert report.phases and sorted(built) == [("monthly", 3), ("weekly", 0), ("weekly", 13), ("weekly", 14)]
    assert [(line.row.quota.id, line.row.scope.id, line.row.done) for line in report.quotas] == [
        ("weekly", "p1", 2.0), ("weekly", "p2", 0.0), ("monthly", "", 0.0)]
    assert [(line.row.quota.id, line.row.period.start) for line in report.quotas_due_next] == [
        ("weekly", date(2009, 4, 13)), ("weekly", date(2009, 4, 13))]
