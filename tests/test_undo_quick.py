"""`undo` of the usual `done` (its line under another of planctl's entry lines) is checked without YAML,
as `done` checks the line it adds (writer.verified_as_last_line_removed), and keeps the cache by moving
its parts: the file is byte for byte what it was before the `done`, and the cache (fresh == cached)
is what a full read of it gives, warnings included."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from planctl.commands.done import DoneOptions, run_done, run_undo
from planctl.format import yamltree
from planctl.store.planfile import open_plan
from test_cache import assert_cache_matches_file
from test_increment import GENERATED, _with_warnings


def plan_text(style: str) -> str:
    text = _with_warnings(GENERATED)
    if style == "crlf":
        return text.replace("\n", "\r\n")
    if style == "comment":  # a comment after the entry line above the new one
        return text.replace("          - {date: 2009-11-29, by: p080, note: 完成}\n",
                            "          - {date: 2009-11-29, by: p080, note: 完成}  # 核对过\n")
    return text


# t39: the last task of the last phase (the phase ends where it ends); t5: inside a phase; q0 a quota;
# q0 on a day outside every period: the entry brings a warning, which undo takes away again.
CASES = [("t39", "2009-12-30"), ("t5", "2009-04-01"), ("q0", "2009-01-10"), ("q0", "2012-06-01")]


@pytest.mark.parametrize("style", ["plain", "crlf", "comment"])
@pytest.mark.parametrize(("target", "day"), CASES)
def test_undo_restores_the_bytes_and_the_cache_without_yaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            style: str, target: str, day: str) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes(plan_text(style).encode("utf-8"))
    before = path.read_bytes()
    open_plan(path, "plan.yaml", require_valid=True)  # the cache, as after any command
    options = DoneOptions(target, day, "p001", None, "1" if target.startswith("q") else None, "补", again=True,
                          real_today=date(2009, 4, 12), now=datetime(2026, 11, 29, 8, 0, 0), future=True, quiet=True)
    assert run_done(str(path), options) == 0
    assert path.read_bytes() != before
    read: list[int] = []
    compose = yamltree.compose
    monkeypatch.setattr(yamltree, "compose", lambda text, *rest: read.append(len(text)) or compose(text, *rest))
    assert run_undo(str(path), yes=True, confirm=lambda _: True, quiet=True) == 0
    monkeypatch.setattr(yamltree, "compose", compose)
    assert path.read_bytes() == before
    assert read == []
    assert_cache_matches_file(path)


def test_the_first_entry_of_a_log_is_taken_back_with_its_log_key(tmp_path: Path) -> None:
    """Not the quick case (the `log:` line goes too): still byte-exact, the cache still right."""
    text = GENERATED.replace("        when: 2009-11-28..2009-11-29\n        who: p121\n        log:\n"
                             "          - {date: 2009-12-03, by: p179, note: 完成}\n"
                             "          - {date: 2009-11-29, by: p097, note: 完成}\n"
                             "          - {date: 2009-11-29, by: p080, note: 完成}\n",
                             "        when: 2009-11-28..2009-11-29\n        who: p121\n")
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    before = path.read_bytes()
    open_plan(path, "plan.yaml", require_valid=True)
    options = DoneOptions("t39", "2009-11-29", "p001", None, None, None, again=True, real_today=date(2009, 12, 1),
                          now=datetime(2026, 11, 29, 8, 0, 0), quiet=True)
    assert run_done(str(path), options) == 0
    assert run_undo(str(path), yes=True, confirm=lambda _: True, quiet=True) == 0
    assert path.read_bytes() == before
    assert_cache_matches_file(path)
