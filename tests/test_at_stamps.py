"""A completion's `at` is stamped to the millisecond (clock.record_instant), because the merge driver
reads two entries with the same `at` as one record that reached both sides (docs/git.md). With whole
seconds, one person logging the same hours from two clones in the same second lost one completion
at `sync`, silently (tester 14)."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from planctl.format.loader import load_bytes
from sync_helpers import clone, make_remote, remote_notes, run, sync_env  # noqa: F401

if shutil.which("git") is None:  # pragma: no cover
    pytest.skip("git is not installed", allow_module_level=True)

SECOND = "2009-04-03T09:00:00"


def _done(where: Path, millis: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANCTL_NOW", f"{SECOND}{millis}+08:00")
    code, said = run("done", "reading", "-f", str(where / "plan.yaml"), "--by", "p01", "--amount", "1h",
                     "--date", "2009-04-03")
    assert code == 0, said


def test_at_is_written_to_the_millisecond_and_read_back(tmp_path: Path, sync_env: None,  # noqa: F811
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    where = clone(make_remote(tmp_path), tmp_path / "a")
    _done(where, ".125", monkeypatch)
    raw = (where / "plan.yaml").read_bytes()
    assert f"at: {SECOND}.125+08:00}}".encode() in raw
    loaded = load_bytes("plan.yaml", raw)
    assert loaded.plan is not None and not loaded.errors
    [entry] = [e for item in loaded.plan.items() for e in item.log]
    assert entry.at == datetime(2009, 4, 3, 9, 0, 0, 125000, tzinfo=timezone(timedelta(hours=8)))
    assert run("check", "-f", str(where / "plan.yaml"))[0] == 0


def test_a_whole_second_stays_a_whole_second(tmp_path: Path, sync_env: None,  # noqa: F811
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    where = clone(make_remote(tmp_path), tmp_path / "a")
    _done(where, "", monkeypatch)
    assert f"at: {SECOND}+08:00}}".encode() in (where / "plan.yaml").read_bytes()


def test_two_clones_logging_alike_in_the_same_second_both_keep_their_completion(
        tmp_path: Path, sync_env: None, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    bare = make_remote(tmp_path)
    a, b = clone(bare, tmp_path / "a"), clone(bare, tmp_path / "b")
    _done(a, ".120", monkeypatch)
    _done(b, ".480", monkeypatch)
    assert run("sync", "-f", str(a / "plan.yaml"))[0] == 0
    code, said = run("sync", "-f", str(b / "plan.yaml"))
    assert code == 0, said
    assert remote_notes(bare, tmp_path)[""] == 2, said
