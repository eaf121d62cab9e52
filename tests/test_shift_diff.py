"""`planctl shift`: the dry run's diff built from the edits (output/editdiff.py) is difflib's diff of
the two whole texts, byte for byte; the local check (store/shift.py verify_locally) refuses a
rewritten window that does not read as its old window moved."""

from __future__ import annotations

import difflib
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import PLAN, run_cli
from planctl.errors import WriteRefused
from planctl.format import dates
from planctl.format.loader import load_source
from planctl.format.source import Source
from planctl.output.editdiff import unified_diff
from planctl.store import shift as shifting
from planctl.store.writer import Edit

_BUNDLED = PLAN.read_text(encoding="utf-8")


def whole_text_diff(old: str, new: str) -> str:
    return "".join(difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True), "a/p", "b/p"))


@pytest.mark.parametrize("day", [date(2010, 3, 1), date(2009, 3, 8), date(2008, 12, 20), date(2009, 2, 27)])
def test_the_dry_runs_diff_of_the_bundled_plan_is_difflibs(day: date) -> None:
    result = shifting.shift(load_source(Source("plan.yaml", _BUNDLED)), day)
    assert "".join(unified_diff(_BUNDLED, result.edits, "a/p", "b/p")) == whole_text_diff(_BUNDLED, result.text)


def test_the_dry_run_prints_difflibs_diff_of_a_generated_plan(tmp_path: Path) -> None:
    """A plan of bench/gen.py's shape (many tasks, periods, logs), through the command."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("gen", Path(__file__).parent.parent / "bench" / "gen.py")
    assert spec is not None and spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    path = tmp_path / "plan.yaml"
    old = gen.generate(300, 3_000)
    path.write_text(old, encoding="utf-8")
    result = run_cli("shift", "--keep-logs", "--plan", str(path), "--to", "2010-03-01", "--dry-run")
    assert result.exit_code == 0
    new = shifting.shift(load_source(Source(str(path), old)), date(2010, 3, 1)).text
    assert result.stdout == whole_text_diff(old, new).replace("a/p", f"a/{path}").replace("b/p", f"b/{path}")


_WINDOWS = st.sampled_from(["when: 4月", "  - 4月", "  - 5月", "  - 6月", "when: 2009-04-01"])


@settings(max_examples=300, deadline=None)
@given(kinds=st.lists(st.one_of(st.none(), _WINDOWS), max_size=40), data=st.data())
def test_the_diff_of_edits_is_difflibs_diff_of_the_texts(kinds: list[str | None], data: st.DataObject) -> None:
    """Edits as a shift makes them: windows rewritten on their lines, all moved the same way (one
    perhaps into the window on a nearby line), in a text whose other lines differ from one another
    (as a plan's lines carry ids and titles: two at least between two items' windows). With a single
    line between, difflib may pair a line across runs (5月 x 4月 → 6月 x 5月 pairs the 5月s): the
    local match differs there (a plan's items cannot be written so)."""
    lines = [f"{kind}\n" if kind is not None else f"line {i}\n" for i, kind in enumerate(kinds)]
    lines = [line for i, window in enumerate(lines) for line in (f"id: {i}\n", f"title: {i}\n", window)]
    text = "".join(lines)
    edits, at = [], 0
    for line in lines:
        if line.startswith(("when", "  -")) and data.draw(st.booleans()):
            start = at + line.index(":" if line.startswith("when") else "-") + 2
            old = line[start - at : -1]
            moved = "2010-04-01" if old.startswith("2009") else f"{int(old[:-1]) + 1}月"  # all one way, as a shift
            edits.append(Edit(start, len(old), moved))
        at += len(line)
    if data.draw(st.booleans()) and text:
        text, edits = text[:-1], [e for e in edits if e.offset + e.remove < len(text)]  # no line break at the end
    new = shifting._applied(text, edits)
    context = data.draw(st.integers(0, 3))
    mine = "".join(unified_diff(text, edits, "a/p", "b/p", context=context))
    assert mine == "".join(difflib.unified_diff(text.splitlines(keepends=True), new.splitlines(keepends=True),
                                                "a/p", "b/p", n=context))


def test_a_text_with_other_line_breaks_gets_difflibs_diff() -> None:
    text = "a\u2028when: 4月\rb\n"
    edits = [Edit(text.index("4月"), 2, "5月")]
    new = shifting._applied(text, edits)
    assert "".join(unified_diff(text, edits, "a/p", "b/p")) == whole_text_diff(text, new)


# --- the local check -------------------------------------------------------------------------------

PHASES = """\
title: t
year: 2009
roster:
  people:
    zhangsan: 张三
phases:
  - id: a
    title: 甲
    when: 4月上旬
    tasks:
      - id: a1
        title: 一
        when: 4月5日前
  - id: b
    title: 乙
    when: 2009-05-01..2009-05-20
    quotas:
      - id: q
        title: 量
        target: 3
        unit: 次
        who: 张三
        periods:
          - 5月1日至5月10日
          - 5月11日至5月20日
"""


@pytest.mark.parametrize("wrong", ["4月6日前", "2010-05-01..2010-05-21", "5月11日至5月20日", "4月中旬", "5月12日至5月20日"])
def test_the_local_check_refuses_a_wrong_rewrite(wrong: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rewrite of one window that is not its old window moved (a day off, a period overlapping the
    next) is refused, with nothing written, however the grammar came to write it."""
    loaded = load_source(Source("plan.yaml", PHASES))
    assert not loaded.errors
    right = shifting.shift(load_source(Source("plan.yaml", PHASES)), date(2010, 4, 1)).text
    assert right == PHASES.replace("2009", "2010")
    original = dates.Mover.window

    def mover(self: dates.Mover, spec: dates.WhenSpec) -> str:
        text = original(self, spec)
        target = {"4月6日前": "4月5日前", "2010-05-01..2010-05-21": "2010-05-01..2010-05-20",
                  "5月11日至5月20日": "5月1日至5月10日", "4月中旬": "4月上旬", "5月12日至5月20日": "5月11日至5月20日"}[wrong]
        return wrong if text == target else text

    monkeypatch.setattr(dates.Mover, "window", mover)
    with pytest.raises(WriteRefused, match="nothing was written"):
        shifting.shift(loaded, date(2010, 4, 1))


def test_a_rewrite_that_would_break_the_yaml_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(PHASES, encoding="utf-8")
    original = dates.Mover.window
    monkeypatch.setattr(dates.Mover, "window", lambda self, spec: original(self, spec) + " # x")
    result = run_cli("shift", "--keep-logs", "--plan", str(path), "--to", "2010-04-01")
    assert result.exit_code != 0 and "nothing was written" in result.stderr
    assert path.read_text(encoding="utf-8") == PHASES
