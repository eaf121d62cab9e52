"""One owner of the window grammar (issue 13): dates.py reads a window, writes it back and moves it,
and the schema's patterns are built from the same pieces. Also the nesting limit (issue 12, case 20)
and days typed on the command line (issue 12, case 16).

Expected dates are worked out by hand from the calendar, not computed by the code under test.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from planctl.cli.main import app
from planctl.format import dates, relative, schema
from planctl.format.dates import CannotMove, DateError, Move, Mover, parse_when, read_typed_day
from planctl.format.loader import load_source
from planctl.format.rules import MAX_DEPTH
from planctl.format.source import Source

REPO = Path(__file__).resolve().parents[1]
runner = CliRunner()


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("PLANCTL_PLAN", "PLANCTL_TODAY", "PLANCTL_NOW"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PLANCTL_CACHE", "0")


def write_plan(folder: Path, body: str) -> Path:
    path = folder / "plan.yaml"
    path.write_text("title: t\nyear: 2009\nphases:\n" + body, encoding="utf-8")
    return path


# --- the mover moves every form the reader reads ------------------------------------------------

MONTHS = st.integers(1, 12)
DAYS = st.integers(1, 28)
PARTS = st.sampled_from(list(dates.MONTH_PARTS))
YEARS = st.sampled_from(["", "2009年", "2010年"])


def _point(draw: st.DrawFn) -> str:
    month, day = draw(MONTHS), draw(DAYS)
    return draw(st.sampled_from([
        f"{draw(YEARS)}{month}月{day}{draw(st.sampled_from(dates.DAY_WORDS))}", f"{draw(YEARS)}{month}月{draw(PARTS)}",
        f"{draw(YEARS)}{month}月", f"{draw(YEARS)}{month}月份", f"2009-{month:02d}-{day:02d}", f"2009-{month}",
        f"2010-{month:02d}"]))


@st.composite
def windows(draw: st.DrawFn) -> str:
    """A window in any form of the grammar: a point, a range (its end possibly without a month), a deadline."""
    start = _point(draw)
    shape = draw(st.sampled_from(["point", "range", "range-day", "range-part", "deadline"]))
    separator = draw(st.sampled_from(dates.RANGE_SEPARATORS + (" 至 ", " - ")))
    if shape == "point":
        return start
    if shape == "deadline":
        return start + draw(st.sampled_from(dates.DEADLINE_WORDS))
    end = {"range": _point(draw), "range-day": f"{draw(DAYS)}日", "range-part": draw(PARTS)}[shape]
    return start + separator + end


@settings(max_examples=300, deadline=None)
@given(windows(), st.one_of(st.integers(-400, 400).map(Move), st.integers(-30, 30).filter(bool).map(lambda n: Move(0, n))))
def test_every_window_the_reader_reads_the_mover_moves(text: str, move: Move) -> None:
    """The moved text reads as the old window moved (or the mover says it cannot; it never crashes)."""
    try:
        spec = parse_when(text)
        old = spec.resolve(2009, None)
    except DateError:
        return  # e.g. a range ending before it starts
    try:
        moved_text = Mover(move, 2009, 2009).window(spec)
    except CannotMove:
        return
    new = parse_when(moved_text).resolve(2009, None)
    if move.months is None:
        assert new == move.window(old), moved_text
    else:  # a whole-month move keeps a month part (4月下旬 → 5月下旬): each end lands in its month moved
        for before, after in ((old.start, new.start), (old.end, new.end)):
            assert (after.year, after.month) == dates.add_months(before.year, before.month, move.months), moved_text


@pytest.mark.parametrize(("when", "to", "written"), [
    ("4月中旬-下旬", "2009-05-11", "5月中旬-下旬"),  # a whole-month move keeps a month-less end's part
    ("4月中旬-下旬", "2009-04-18", "4月18日-5月7日"),  # by days: concrete days (11-30 April + 7 days)
    ("4月上旬-中旬", "2009-06-01", "6月上旬-中旬"),
])
def test_shift_moves_a_range_ending_in_a_part_of_the_start_month(tmp_path: Path, when: str, to: str,
                                                                  written: str) -> None:
    path = write_plan(tmp_path, f"  - id: p\n    title: p\n    when: {when}\n")
    result = runner.invoke(app, ["shift", "--to", to, "-f", str(path)])
    assert result.exit_code == 0, result.output
    assert f"    when: {written}\n" in path.read_text(encoding="utf-8")


# --- issue 14's first forms: two dekads at once, and whole months written with 份 -----------------


@pytest.mark.parametrize(("text", "year", "start", "end"), [
    ("4月中下旬", 2009, "2009-04-11", "2009-04-30"),
    ("5月上中旬", 2009, "2009-05-01", "2009-05-20"),
    ("2月中下旬", 2008, "2008-02-11", "2008-02-29"),  # leap year
    ("2月中下旬", 2009, "2009-02-11", "2009-02-28"),
    ("12月中下旬", 2009, "2009-12-11", "2009-12-31"),
    ("2026年1月上中旬", None, "2026-01-01", "2026-01-20"),
    ("4月上旬-中下旬", 2009, "2009-04-01", "2009-04-30"),
    ("4月中下旬-5月上中旬", 2009, "2009-04-11", "2009-05-20"),
    ("10月份", 2009, "2009-10-01", "2009-10-31"),
    ("2月份", 2008, "2008-02-01", "2008-02-29"),
    ("2026年3月份", None, "2026-03-01", "2026-03-31"),
    ("3月份至5月份", 2009, "2009-03-01", "2009-05-31"),
    ("12月份-2010年1月份", 2009, "2009-12-01", "2010-01-31"),
    ("10 月份", 2009, "2009-10-01", "2009-10-31"),
])
def test_two_dekads_and_months_with_fen(text: str, year: int | None, start: str, end: str) -> None:
    window = parse_when(text).resolve(year, None)
    assert (window.start.isoformat(), window.end.isoformat()) == (start, end)
    assert re.search(schema.WINDOW_PATTERN, text)


def test_a_deadline_at_two_dekads() -> None:
    parent = dates.Window(date(2009, 3, 31), date(2009, 5, 20))
    assert parse_when("5月上中旬前").resolve(2009, parent) == dates.Window(date(2009, 3, 31), date(2009, 5, 20))


@pytest.mark.parametrize("text", ["3月份5日", "4月份上旬", "4月下中旬", "中下旬"])
def test_forms_near_the_new_ones_are_refused(text: str) -> None:
    with pytest.raises(DateError):
        parse_when(text)


@pytest.mark.parametrize(("when", "to", "written"), [
    ("4月中下旬", "2009-05-11", "5月中下旬"),
    ("4月中下旬", "2009-04-18", "4月18日至5月7日"),
    ("10月份", "2009-11-01", "11月份"),
    ("3月份至5月份", "2009-04-01", "4月份至6月份"),
    ("2009年12月上中旬", "2010-01-01", "2010年1月上中旬"),
])
def test_shift_keeps_the_new_forms(tmp_path: Path, when: str, to: str, written: str) -> None:
    path = write_plan(tmp_path, f"  - id: p\n    title: p\n    when: {when}\n")
    result = runner.invoke(app, ["shift", "--to", to, "-f", str(path)])
    assert result.exit_code == 0, result.output
    assert f"    when: {written}\n" in path.read_text(encoding="utf-8")


def test_check_reads_the_new_forms_in_when_and_periods(tmp_path: Path) -> None:
    path = write_plan(tmp_path, "  - id: p\n    title: p\n    when: 4月份至5月份\n    quotas:\n"
                                "      - {id: q, title: q, who: p, target: 1, unit: 次, periods: [4月中下旬, 5月上中旬]}\n")
    path.write_text(path.read_text(encoding="utf-8").replace("phases:", "roster:\n  people: {p: P}\nphases:"),
                    encoding="utf-8")
    result = runner.invoke(app, ["show", "q", "--json", "-f", str(path)])
    assert result.exit_code == 0, result.output
    assert "2009-04-11" in result.stdout and "2009-05-20" in result.stdout


# --- one grammar, one set of pieces ----------------------------------------------------------------


def test_the_schema_patterns_are_the_grammars() -> None:
    assert dates.window_pattern() == schema.WINDOW_PATTERN
    assert dates.day_pattern() == schema.DAY_PATTERN
    committed = json.loads((REPO / "schema" / "plan.schema.json").read_text(encoding="utf-8"))
    # a task's `when` is a window of the grammar, or one relative to another task (format/relative.py)
    assert committed["$defs"]["task"]["properties"]["when"]["pattern"] == f"{dates.window_pattern()}|{relative.pattern()}"
    assert committed["$defs"]["completion"]["properties"]["date"]["pattern"] == dates.day_pattern()


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node to read the patterns as JavaScript does")
def test_the_schema_patterns_read_alike_in_javascript() -> None:
    """Editors validate with JavaScript regular expressions, in Unicode mode (where `\\~` is an error)."""
    samples = ["4月上旬", "2009年3月31日至5月20日", "4月5日前", "4月中旬-下旬", "2009-03-31..2009-05-20", "4月5日-15日",
               "next week", "4月上旬后", "2009-04-03", "4月3日", "4月底", "4/3"]
    script = ("const [w, d, samples] = JSON.parse(process.argv[1]);"
              "const W = new RegExp(w, 'u'), D = new RegExp(d, 'u');"
              "console.log(JSON.stringify(samples.map(s => [W.test(s), D.test(s)])));")
    payload = json.dumps([dates.window_pattern(), dates.day_pattern(), samples])
    out = subprocess.run(["node", "-e", script, payload], capture_output=True, text=True, check=True, timeout=60)
    python = [[bool(re.search(dates.window_pattern(), s)), bool(re.search(dates.day_pattern(), s))] for s in samples]
    assert json.loads(out.stdout) == python


def test_dekads_have_one_definition() -> None:
    """dekad_of (quotas, the timeline) and the written 上旬/中旬/下旬 give the same days, leap years included."""
    day = date(2008, 1, 1)
    while day.year < 2010:
        dekad = dates.dekad_of(day)
        word = dates.DEKADS[min((day.day - 1) // 10, 2)]
        assert parse_when(f"{day.year}年{day.month}月{word}").resolve(None, None) == dekad, day
        day += timedelta(days=1)


@pytest.mark.parametrize(("key", "value", "message"), [
    ("when", "2009-04-00", "phase 1's window: no day 0 in '2009-04-00'"),
    ("when", "2009-04-32", "phase 1's window: no day 32 in '2009-04-32'"),
    ("log", "\n      - {date: 2009-04-00}", "a completion's date: no day 0 in '2009-04-00'"),
])
def test_an_iso_day_0_is_a_located_error_not_a_crash(tmp_path: Path, key: str, value: str, message: str) -> None:
    path = write_plan(tmp_path, f"  - id: p\n    title: p\n    when: 4月\n    {key}: {value}\n".replace(
        "when: 4月\n    when:", "when:"))
    result = runner.invoke(app, ["check", "-f", str(path)])
    assert result.exit_code == 1, result.output
    assert f"error: {message}" in result.output


# --- days typed on the command line (issue 12, case 16) ----------------------------------------------

TODAY = date(2026, 11, 29)


@pytest.mark.parametrize(("text", "day"), [
    ("2009-04-12", "2009-04-12"), ("2009/4/12", "2009-04-12"), ("2009.4.12", "2009-04-12"), ("20090412", "2009-04-12"),
    ("Apr 12 2009", "2009-04-12"), ("12 April 2009", "2009-04-12"), ("April 12, 2009", "2009-04-12"),
    ("Apr 12", "2009-04-12"), ("4月12日", "2009-04-12"), ("2010年4月12日", "2010-04-12"),
    ("today", "2026-11-29"), ("yesterday", "2026-11-28"), ("Tomorrow", "2026-11-30"), ("明天", "2026-11-30"),
])
def test_typed_days_that_are_accepted(text: str, day: str) -> None:
    assert read_typed_day(text, TODAY, 2009) == date.fromisoformat(day)


@pytest.mark.parametrize("text", ["12.04.2009", "13.04.2009", "05.04.2009", "09/04/05", "04/12/2009", "4/12", "12-04-2009",
                                  "12.4.", "Apr 12 09", "12 4 2009"])
def test_numeric_days_not_written_year_first_are_refused(text: str) -> None:
    with pytest.raises(DateError, match="is ambiguous") as caught:
        read_typed_day(text, TODAY, 2009)
    assert caught.value.hint is not None and "2009-04-12" in caught.value.hint and "4月12日" in caught.value.hint


@pytest.mark.parametrize("text", ["12.04.2009", "13.04.2009", "09/04/05"])
def test_due_refuses_an_ambiguous_today(text: str) -> None:
    result = runner.invoke(app, ["due", "--today", text, "-f", str(REPO / "plan.yaml")])
    assert result.exit_code == 2, result.output
    assert f"--today: '{text}' is ambiguous" in result.stderr
    assert "2009-04-12, 2009/4/12" in result.stderr


def test_done_refuses_an_ambiguous_date_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    shutil.copyfile(REPO / "plan.yaml", path)
    before = path.read_bytes()
    result = runner.invoke(app, ["done", "mobilize", "--date", "09/04/05", "-f", str(path)])
    assert result.exit_code == 2, result.output
    assert "--date: '09/04/05' is ambiguous" in result.stderr
    assert path.read_bytes() == before


# --- how deep tasks nest (issue 12, case 20) ------------------------------------------------------------


def nested(levels: int) -> str:
    """A plan whose one phase holds a chain of sub-tasks, `levels` deep in all (the phase is level 1)."""
    lines = ["title: t", "year: 2009", "phases:", "  - id: t1", "    title: t", "    when: 4月"]
    for level in range(2, levels + 1):
        indent = "  " * (2 * level - 2)
        lines += [f"{indent}tasks:", f"{indent}  - id: t{level}", f"{indent}    title: t"]
    return "\n".join(lines) + "\n"


def test_tasks_nest_to_the_documented_limit() -> None:
    loaded = load_source(Source("plan.yaml", nested(MAX_DEPTH)))
    assert loaded.errors == [] and loaded.plan is not None
    assert max(getattr(item, "depth", 0) for item in loaded.plan.items()) == MAX_DEPTH == 100
    assert f"at most {MAX_DEPTH} levels" in (REPO / "docs" / "plan-format.md").read_text(encoding="utf-8")


def test_one_level_more_is_one_error_at_the_task_too_deep() -> None:
    text = nested(MAX_DEPTH + 5)
    loaded = load_source(Source("plan.yaml", text))
    assert [(p.line, p.message) for p in loaded.errors] == [
        ([line.strip() for line in text.splitlines()].index(f"- id: t{MAX_DEPTH + 1}") + 1,
         f"a task of 't{MAX_DEPTH}' is nested {MAX_DEPTH + 1} levels deep; phases and tasks nest at most "
         f"{MAX_DEPTH} levels (a phase is level 1)")]


def test_nesting_past_what_yaml_reads_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(nested(520), encoding="utf-8")
    result = runner.invoke(app, ["check", "-f", str(path)])
    assert result.exit_code == 1
    assert "nested too deep for the YAML reader" in result.output and f"nest at most {MAX_DEPTH} levels" in result.output
    assert "YAML syntax" not in result.output
