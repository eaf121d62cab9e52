"""`export json` and `log --json` are written piece by piece as they are made (issue 20: an XL plan's export held
4.6 GB): the text is byte for byte what the whole document gave, and a run holds less than the text it writes."""

from __future__ import annotations

import contextlib
import gc
import json
import math
import sys
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import run_cli
from planctl.commands.common import load_valid_plan
from planctl.commands.extra import run_export_json
from planctl.commands.team import run_log
from planctl.i18n import english
from planctl.output import export
from planctl.output.jsonshape import Items, chunks, dumps, materialized

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2009-04-12"


def _generated(tasks: int, completions: int) -> str:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from gen import generate
    finally:
        sys.path.remove(str(ROOT / "bench"))
    return str(generate(tasks, completions))


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("streamed") / "plan.yaml"
    path.write_text(_generated(300, 3000), encoding="utf-8")
    return path


scalars = (st.none() | st.booleans() | st.integers(-10**20, 10**20) | st.text(max_size=8)
           | st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from([2.0, -0.0, 0.5, 1e16, 1e-7]))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner,
                                                                                          max_size=4), max_leaves=20)


def _lazy(data: Any, draw: st.DrawFn) -> Any:
    """`data` with some of its lists made `Items`: `data` itself, an `Items`' item, or a value of a dict that is
    `data` or an `Items`' item."""
    if isinstance(data, list) and draw(st.booleans()):
        return Items(iter([_lazy(item, draw) for item in data]))
    if isinstance(data, dict):
        return {key: (_lazy(value, draw) if isinstance(value, list) else value) for key, value in data.items()}
    return data


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_the_pieces_join_to_the_whole_document(data: st.DataObject) -> None:
    drawn = data.draw(values)
    lazy = _lazy(drawn, data.draw)
    level = data.draw(st.integers(0, 3))
    text = "".join(chunks(lazy, level))
    whole = dumps(drawn)
    assert text == (whole.replace("\n", "\n" + "  " * level) if level else whole)
    if not _has_nan(drawn):
        assert json.loads(text) == json.loads(whole)


def _has_nan(data: Any) -> bool:
    if isinstance(data, float):
        return math.isnan(data)
    if isinstance(data, list):
        return any(map(_has_nan, data))
    if isinstance(data, dict):
        return any(map(_has_nan, data.values()))
    return False


def test_export_json_is_the_whole_document_byte_for_byte(plan: Path, tmp_path: Path) -> None:
    loaded, model = load_valid_plan(str(plan))
    with english():
        expected = dumps(materialized(export.resolved(model, date(2009, 4, 12), loaded.source.path))) + "\n"
    shown = run_cli("export", "json", "--plan", str(plan), "--today", TODAY)
    assert shown.exit_code == 0
    assert shown.stdout == expected
    written = tmp_path / "out.json"
    assert run_cli("export", "json", "--plan", str(plan), "--today", TODAY, "-o", str(written)).exit_code == 0
    assert written.read_text(encoding="utf-8") == expected
    assert json.loads(expected)["counts"]["tasks"] == 300


def test_log_json_is_the_whole_list(plan: Path) -> None:
    shown = run_cli("log", "--json", "--plan", str(plan), "--today", TODAY)
    assert shown.exit_code == 0
    rows = json.loads(shown.stdout)
    assert len(rows) == 3000
    assert shown.stdout == dumps(rows) + "\n"


def test_export_holds_less_than_it_writes(plan: Path, tmp_path: Path) -> None:
    """With the cyclic collector off, as a run of planctl has it (cli/main.py), the export never holds its
    document whole: what it allocates at once, the plan read included, stays under twice the size of the text it
    writes (the whole document, as objects then as text, was 9 times that size)."""
    written = tmp_path / "out.json"
    exporting = _peak(lambda: run_export_json(str(plan), output=str(written), today_text=TODAY,
                                              real_today=date(2009, 4, 12)))
    size = len(written.read_text(encoding="utf-8"))
    assert size > 1_000_000
    assert exporting < 2 * size, (exporting, size)


def test_log_json_holds_less_than_it_writes(plan: Path, tmp_path: Path) -> None:
    """`log --json` writes each completion's row as it is made, not a list of them all and then its text: what
    it allocates at once, the plan read and its completions sorted included, stays under 4 times the size of
    its text (it was 13 times)."""
    written = tmp_path / "log.json"
    with written.open("w", encoding="utf-8") as file, contextlib.redirect_stdout(file):
        logging = _peak(lambda: run_log(str(plan), who=None, since=None, until=None, item=None, as_json=True,
                                        real_today=date(2009, 4, 12), today_text=TODAY))
    size = len(written.read_text(encoding="utf-8"))
    assert size > 500_000
    assert logging < 4 * size, (logging, size)


def _peak(run: Callable[[], object]) -> int:
    """The most bytes allocated at once while `run` runs, the cyclic collector off."""
    gc.collect()
    gc.disable()
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        gc.enable()


def test_export_ics_makes_its_to_dos_as_they_are_written(plan: Path) -> None:
    """A warm `export ics` makes each run of plain tasks' to-dos as it is written (output/export.py `calendar_pieces`,
    issue 20: an XL calendar is 35 MB, which was held whole before its first byte was written): when the calendar's
    first piece is written, less than half of it has been made."""
    from planctl.commands.readable import load_without_plain
    from planctl.commands.views import _day_of
    from planctl.store.cache import task_of_row

    assert run_cli("export", "ics", "--plan", str(plan), "--today", TODAY).exit_code == 0  # the cache of these bytes
    today = date(2009, 4, 12)
    (_, model, _, _), without = load_without_plain(str(plan), _day_of(TODAY, today), require_valid=True)
    assert without is not None
    parts, columns = without.parts, without.plain
    rows = parts.rows  # decoded before the count starts: the calendar's reading, not its making

    def task_at(place: int, phase: Any) -> Any:
        return task_of_row(rows[place], parts.positions[place], parts.logs[place], phase)

    plain = export.PlainRows(columns.items, columns.places, columns.logged, rows, lambda: parts.logs, task_at)

    def pieces() -> Iterator[bytes]:
        return iter(export.calendar_pieces(model, datetime(2009, 4, 12, tzinfo=UTC), "file:test", today, plain))

    written = sum(map(len, pieces()))  # and what any first calendar reads once (the messages' translations)
    gc.collect()
    gc.disable()
    tracemalloc.start()
    try:
        made = pieces()
        next(made)
        held = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
        gc.enable()
    assert written > 100_000
    assert held < written / 2, (held, written)
