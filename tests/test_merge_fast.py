"""The merge driver's fast path (merge.fast_merge) gives exactly what the full merge gives.

Concurrent log additions (and some removals) are drawn at random, with entries stamped with `at`
and without (identical at-less additions on both sides are a doubt between conflict markers),
in files with LF or CRLF line breaks and with or without a BOM; the fast path must be taken and
its bytes, conflict count and notes must equal the full merge's.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planctl.git.merge import MergeResult, fast_merge, merge_plans
from test_merge import AFTER, entry, with_logs

BOM = "\ufeff"
ITEMS = sorted(AFTER)


def stamped(day: int, second: int) -> str:
    return entry(day)[:-1] + f", at: 2009-04-{day:02d}T08:00:{second:02d}}}"


# A small pool, so that both sides often add the same entry.
POOL = [entry(3), entry(4, "ls", 1.5), entry(5, note="补课"), stamped(3, 1), stamped(4, 2), stamped(6, 3)]
POOL_SELF_STUDY = [entry(3, amount=2), entry(4, "ls", 1.5), stamped(3, 1)[:-1] + ", amount: 1}"]


def pool(ident: str) -> list[str]:
    return POOL_SELF_STUDY if ident == "self-study" else POOL


logs = st.fixed_dictionaries({i: st.lists(st.sampled_from(pool(i)), max_size=3) for i in ITEMS})
changes = st.fixed_dictionaries({i: st.tuples(st.lists(st.sampled_from(pool(i)), max_size=3), st.integers(0, 2))
                                 for i in ITEMS})


def changed(base: dict[str, list[str]], change: dict[str, tuple[list[str], int]]) -> dict[str, list[str]]:
    """Base's logs with some entries taken back (the last `removed` ones) and then some added."""
    out = {}
    for ident, entries in base.items():
        added, removed = change[ident]
        kept = entries[: max(0, len(entries) - removed)]
        out[ident] = kept + added
    return out


def styled(text: str, crlf: bool, bom: bool) -> bytes:
    return ((BOM if bom else "") + (text.replace("\n", "\r\n") if crlf else text)).encode()


def same(fast: MergeResult, full: MergeResult) -> None:
    assert fast.data == full.data
    assert (fast.conflicts, fast.semantic) == (full.conflicts, full.semantic)
    assert sorted(fast.notes) == sorted(full.notes)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(base=logs, ours=changes, theirs=changes, crlf=st.tuples(st.booleans(), st.booleans(), st.booleans()),
       bom=st.tuples(st.booleans(), st.booleans()))
def test_fast_path_gives_the_full_merge(base: dict[str, list[str]], ours: dict[str, tuple[list[str], int]],
                                        theirs: dict[str, tuple[list[str], int]], crlf: tuple[bool, bool, bool],
                                        bom: tuple[bool, bool]) -> None:
    texts = [with_logs(base), with_logs(changed(base, ours)), with_logs(changed(base, theirs))]
    raw_base, raw_ours, raw_theirs = (styled(t, c, b) for t, c, b in zip(texts, crlf, (False, *bom), strict=True))
    full = merge_plans(raw_base, raw_ours, raw_theirs, fast=False)
    if raw_base in (raw_ours, raw_theirs):  # merge_plans takes the changed side as it is, on either path
        same(merge_plans(raw_base, raw_ours, raw_theirs), full)
        return
    fast = fast_merge(raw_base, raw_ours, raw_theirs)
    assert fast is not None  # only log lines differ: the fast path must be taken
    same(fast, full)


def test_identical_at_less_additions_go_between_markers_on_the_fast_path() -> None:
    base = with_logs({"topics": [entry(1)]})
    ours = with_logs({"topics": [entry(1), entry(3)]})
    theirs = with_logs({"topics": [entry(1), entry(3)], "report": [stamped(6, 3)]})
    fast = fast_merge(base.encode(), ours.encode(), theirs.encode())
    assert fast is not None and fast.conflicts == 1 and not fast.clean
    text = fast.data.decode()
    assert text.count("<<<<<<< planctl:") == 1 and text.count(entry(3)) == 2 and stamped(6, 3) in text
    same(fast, merge_plans(base.encode(), ours.encode(), theirs.encode(), fast=False))


def test_a_change_outside_the_logs_takes_the_full_merge() -> None:
    base = with_logs({"topics": [entry(1)]})
    ours = with_logs({"topics": [entry(1), entry(3)]})
    theirs = with_logs({"topics": [entry(1)], "report": [entry(4)]}).replace("拟定调研课题", "拟定课题")
    assert fast_merge(base.encode(), ours.encode(), theirs.encode()) is None
    merged = merge_plans(base.encode(), ours.encode(), theirs.encode())
    assert merged.clean and "拟定课题" in merged.data.decode() and entry(3) in merged.data.decode()


def test_an_invalid_entry_everywhere_is_not_vouched_for() -> None:
    """An entry by an unknown person in all three versions: the full merge stops, and so must the fast path."""
    bad = entry(2, "nobody")
    base = with_logs({"topics": [bad]})
    ours = with_logs({"topics": [bad, entry(3)]})
    theirs = with_logs({"topics": [bad], "report": [entry(4)]})
    assert fast_merge(base.encode(), ours.encode(), theirs.encode()) is None
    merged = merge_plans(base.encode(), ours.encode(), theirs.encode())
    assert not merged.semantic and not merged.clean


def test_a_log_added_elsewhere_than_at_the_end_of_its_item_takes_the_full_merge() -> None:
    """A `log:` written by hand before the item's `note:`: where the full merge puts it decides."""
    base = with_logs({"topics": [entry(1)]})
    ours = with_logs({"topics": [entry(1), entry(3)]})
    hand = "        when: 2009年4月15日-4月20日\n        log:\n          - " + entry(4) + "\n"
    theirs = with_logs({"topics": [entry(1)]}).replace("        when: 2009年4月15日-4月20日\n", hand)
    assert fast_merge(base.encode(), ours.encode(), theirs.encode()) is None
    merged = merge_plans(base.encode(), ours.encode(), theirs.encode())
    assert merged.clean and entry(4) in merged.data.decode() and entry(3) in merged.data.decode()
