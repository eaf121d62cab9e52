"""A completion `done --for` records for a named occurrence (`occurrence:` in its entry) is sent by sync as a
completion, not refused as a hand edit, and received as one (tester h93, finding 1). Real git."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT
from sync_helpers import clone, git, make_remote, run, sync_env  # noqa: F401

DUTIES = (ROOT / "docs" / "examples" / "standing-duties.yaml").read_text(encoding="utf-8")


def test_a_completion_for_a_named_occurrence_is_sent_and_received(tmp_path: Path, sync_env: None,  # noqa: F811
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANCTL_TODAY", "2026-11-30")
    bare = make_remote(tmp_path, DUTIES)
    a, b = clone(bare, tmp_path / "a"), clone(bare, tmp_path / "b")
    code, said = run("done", "monthly-report", "--for", "12月", "--by", "wangli", "-f", str(a / "plan.yaml"))
    assert code == 0, said
    assert "occurrence: 2026-12-" in (a / "plan.yaml").read_text(encoding="utf-8")
    code, said = run("sync", "-f", str(a / "plan.yaml"))
    assert code == 0 and "hand edit" not in said and "sent 1 completion" in said, said
    code, said = run("sync", "-f", str(b / "plan.yaml"))
    assert code == 0 and "received 1 completion" in said, said
    assert (a / "plan.yaml").read_bytes() == (b / "plan.yaml").read_bytes()
    assert "occurrence: 2026-12-" in git(b, "show", "HEAD:plan.yaml")
