"""The key sync gives an entry found by its place (git/sync.py `written_entry_key`, what git/lost.py and
`removed_with_items` use) is the key sync's counts give the same line (`entries` of the `decoded` text), for
every entry planctl writes, `done --for`'s `occurrence:` included (tester h112, finding 4: a lost entry done
ahead was shown as "(item unknown)", with no command to record it again)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from planctl.format.loader import load_bytes
from planctl.git.sync import decoded, entries, written_entry, written_entry_key

ROOT = Path(__file__).resolve().parent.parent
AHEAD = ("          - {date: 2026-03-03, occurrence: 2026-04-05, by: zhangwei, unit: jiguan, note: 早报 4月, "
         "at: 2026-03-03T09:00:00+08:00}\n")


def _with_entry_ahead(text: str) -> str:
    anchor = "          - {date: 2026-02-04, by: zhangwei}\n"
    assert anchor in text
    return text.replace(anchor, anchor + AHEAD, 1)


PLANS = [(ROOT / "plan.yaml").read_text(encoding="utf-8"),
         _with_entry_ahead((ROOT / "docs" / "examples" / "branch-reports.yaml").read_text(encoding="utf-8"))]


@pytest.mark.parametrize("text", PLANS, ids=["bundled", "branch-reports-ahead"])
def test_each_entrys_key_by_place_is_the_key_syncs_counts_give_it(text: str) -> None:
    plan = load_bytes("plan.yaml", text.encode("utf-8")).plan
    assert plan is not None
    by_place = Counter(written_entry_key(text, entry.pos) for item in plan.items() for entry in item.log)
    assert None not in by_place and by_place == entries(decoded(text.encode("utf-8")))


def test_an_entry_done_ahead_is_shown_as_written() -> None:
    text = PLANS[1]
    plan = load_bytes("plan.yaml", text.encode("utf-8")).plan
    assert plan is not None
    [ahead] = [entry for item in plan.items() for entry in item.log if entry.occurrence is not None]
    found = written_entry(text, ahead.pos)
    assert found is not None and found[0] == AHEAD.strip()[2:]
