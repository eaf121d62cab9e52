"""The merge driver when ours is known valid (its bytes are those the plan's cache was made from, and
only valid plans are cached): the logs no version changed are not read again, and the result is the
same as when everything is read."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from planctl.commands.git import _ours_valid
from planctl.git import merge
from planctl.store.planfile import open_plan
from test_merge import entry, with_logs
from test_merge_fast import changed, changes, logs


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(base=logs, ours=changes, theirs=changes)
def test_the_same_result_as_reading_every_entry(base: dict[str, list[str]], ours: dict[str, tuple[list[str], int]],
                                                theirs: dict[str, tuple[list[str], int]]) -> None:
    raw = [with_logs(x).encode() for x in (base, changed(base, ours), changed(base, theirs))]
    quick = merge.fast_merge(*raw, ours_valid=True)
    every = merge.fast_merge(*raw)
    assert (quick is None) == (every is None)
    if quick is not None and every is not None:
        assert (quick.data, quick.conflicts, sorted(quick.notes)) == (every.data, every.conflicts, sorted(every.notes))


def test_unchanged_logs_are_not_read_and_a_bad_new_entry_is_still_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    same = [entry(d) for d in range(1, 9)]
    base = with_logs({"topics": same, "report": [entry(1)]})
    ours = with_logs({"topics": same, "report": [entry(1), entry(3)]})
    theirs = with_logs({"topics": same, "report": [entry(1), entry(4)]})
    read: list[str] = []
    real = merge._read
    monkeypatch.setattr(merge, "_read", lambda source: read.append(source.text) or real(source))
    quick = merge.fast_merge(base.encode(), ours.encode(), theirs.encode(), ours_valid=True)
    assert quick is not None and quick.clean and entry(3) in quick.data.decode() and entry(4) in quick.data.decode()
    assert entry(8) in quick.data.decode() and not any(entry(8) in text for text in read)
    bad = with_logs({"topics": same, "report": [entry(1), entry(4, "nobody")]})  # an unknown person, new in theirs
    assert merge.fast_merge(base.encode(), ours.encode(), bad.encode(), ours_valid=True) is None
    assert not merge.merge_plans(base.encode(), ours.encode(), bad.encode(), ours_valid=True).clean


def test_the_driver_knows_ours_is_valid_from_the_plans_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(with_logs({"report": [entry(1)]}), encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # git runs the driver at the top of the work tree; --path is relative to it
    assert not _ours_valid("plan.yaml", plan.read_bytes())  # no cache yet
    open_plan(plan, "plan.yaml", require_valid=True)
    assert _ours_valid("plan.yaml", plan.read_bytes())
    assert not _ours_valid("plan.yaml", plan.read_bytes() + b"# other bytes\n")
    assert not _ours_valid(None, plan.read_bytes())
