"""`done` and `undo` on a plan read whole (no cache: a fresh clone, after a pull) check their edit on the
item's lines, as on a plan read from the cache, not by reading the whole new text again (issue 20: at
100,000 tasks that second whole plan took a cold `done` to 1.9 GB); the check stays a real guard; the
warnings' places after the edit are those of a fresh read."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import PLAN
from planctl.commands.done import DoneOptions, run_done, run_undo
from planctl.errors import Problem, WriteRefused
from planctl.format.loader import load_bytes
from planctl.format.source import Source
from planctl.store import record, writer
from planctl.store.writer import Edit


def _options(target: str, day: str, note: str | None = None) -> DoneOptions:
    return DoneOptions(target, day, "lina", None, None, note, again=True, real_today=date(2009, 4, 12),
                       now=datetime(2026, 11, 25, 8), quiet=True)


def _cold(path: Path) -> None:
    shutil.rmtree(path.parent / ".planctl-cache", ignore_errors=True)


def _log_of(path: Path, target: str) -> list[tuple[date, str | None]]:
    loaded = load_bytes("plan.yaml", path.read_bytes())
    assert not loaded.errors and loaded.plan is not None
    item = loaded.plan.find(target)
    assert item is not None
    return [(e.date, e.note) for e in item.log]


def test_a_cold_done_and_undo_check_the_items_lines_not_the_whole_plan(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    def whole(*args: object, **kwargs: object) -> object:
        raise AssertionError("the whole new text was read back")

    monkeypatch.setattr(record, "verified", whole)
    monkeypatch.setattr(writer, "verified", whole)  # undo's
    path = tmp_path / "plan.yaml"
    shutil.copy(PLAN, path)
    old = path.read_bytes()
    assert run_done(str(path), _options("mobilize", "2009-03-30", "一")) == 0  # a new `log:` (read back with YAML's rules)
    first = path.read_bytes()
    _cold(path)
    assert run_done(str(path), _options("mobilize", "2009-03-31", "二")) == 0  # under that line (fast log reader)
    assert _log_of(path, "mobilize") == [(date(2009, 3, 30), "一"), (date(2009, 3, 31), "二")]
    assert len(path.read_bytes()) > len(first) > len(old)
    assert path.read_bytes().startswith(first[:first.index("一".encode())])
    (tmp_path / ".planctl-cache" / "plan.yaml.cache").unlink()  # the undo journal stays: the cache alone is cold
    assert run_undo(str(path), yes=True, confirm=lambda _question: True, quiet=True) == 0
    assert path.read_bytes() == first


def _bad(kind: str):  # type: ignore[no-untyped-def]
    real = record.insertion_at

    def insertion(*args, **kwargs):  # type: ignore[no-untyped-def]
        edit = real(*args, **kwargs)
        if kind == "the entry twice":
            return edit._replace(insert=edit.insert + edit.insert[edit.insert.rindex("\n", 0, -1) + 1:]
                                 if edit.insert.count("\n") > 1 else edit.insert * 2)
        if kind == "another day":
            return edit._replace(insert=edit.insert.replace("2009-03-31", "2009-04-01"))
        if kind == "a title changed":
            text = args[0]
            start = text.index("title: 动员部署")
            return Edit(start, len("title: 动员部署"), "title: 动员部署改") if edit.offset > start else edit
        indent = edit.insert[: len(edit.insert) - len(edit.insert.lstrip("\n"))]
        return edit._replace(insert=edit.insert + indent + "        owner: x\n")  # "a key added"

    return insertion


@pytest.mark.parametrize("warm", [False, True])
@pytest.mark.parametrize("kind", ["the entry twice", "another day", "a title changed", "a key added"])
def test_an_edit_that_would_change_the_plan_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str,
                                                       warm: bool) -> None:
    """The check is a real guard, cold or warm: an edit other than the one entry line is not written."""
    path = tmp_path / "plan.yaml"
    shutil.copy(PLAN, path)
    assert run_done(str(path), _options("mobilize", "2009-03-30")) == 0
    if not warm:
        _cold(path)
    before = path.read_bytes()
    monkeypatch.setattr(record, "insertion_at", _bad(kind))
    with pytest.raises(WriteRefused):
        run_done(str(path), _options("mobilize", "2009-03-31"))
    assert path.read_bytes() == before


_LINE = st.text(st.sampled_from("ab:\r"), max_size=6)


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(_LINE, min_size=1, max_size=8), data=st.data())
def test_warnings_are_placed_after_an_edit_as_in_the_new_text(lines: list[str], data: st.DataObject) -> None:
    text = "\n".join(lines)
    at = data.draw(st.integers(0, len(text)))
    remove = data.draw(st.integers(0, len(text) - at))
    edit = Edit(at, remove, data.draw(st.text(st.sampled_from("xy\n"), max_size=8)))
    new = edit.apply(text)
    offsets = data.draw(st.lists(st.integers(0, len(new)), max_size=6))
    old_place = Source("p", text).locate_all  # each warning outside the edit as it was placed before it
    delta = len(edit.insert) - remove
    problems = [Problem(o, "w") if at <= o < at + len(edit.insert) else
                old_place([Problem(o - delta if o >= at else o, "w")])[0]._replace(offset=o) for o in offsets]
    assert record._located_after(text, edit, problems) == Source("p", new).locate_all(problems)
