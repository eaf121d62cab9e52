"""Concurrent `undo -y` in one clone each take back a different completion, or say there is nothing left to
undo: the journal is read, and rewritten, under the plan's lock, in the one write transaction
(store/transaction.py `after`), never between one undo's write and its journal update (tester h101,
finding 4). Real processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sync_helpers import plan_text, run

UNDOS = 6
DONE = 4


def test_concurrent_undos_each_take_back_a_different_completion(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(plan_text(), encoding="utf-8")
    before = plan.read_bytes()
    for n in range(DONE):
        code, said = run("done", "reading", "-f", str(plan), "--by", "p01", "--amount", f"{n + 1}h",
                         "--note", f"n{n}", "--date", "2009-04-03", "--today", "2009-04-10", "-q")
        assert code == 0, said
    env = {**os.environ, "PLANCTL_TODAY": "2009-04-10", "LANG": "C", "NO_COLOR": "1"}
    env.pop("PLANCTL_PLAN", None)
    undos = [subprocess.Popen([sys.executable, "-m", "planctl", "undo", "-y", "-q", "-f", str(plan)], env=env,
                              cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _n in range(UNDOS)]
    results = [(undo.wait(timeout=120), undo.communicate()[1]) for undo in undos]
    codes = sorted(code for code, _said in results)
    assert codes == [0] * DONE + [2] * (UNDOS - DONE), results
    assert all("nothing to undo: every completion recorded here has been taken back" in said
               for code, said in results if code == 2), results
    assert all(said == "" for code, said in results if code == 0), results  # -q: not even the wait on the lock
    assert plan.read_bytes() == before
