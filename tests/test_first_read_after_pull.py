"""The first reading command after a pull (issue 20): it sums only the quota logs it reads and gives
day-index blobs only to the rows it reads, and what it shows is what a full read shows.

The plan's cache is written by `check` (a full read without a day's view), as in bench/run.py --scale:
the day index then holds the plan's plain tasks and no row's blob, and there is no quota index yet.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import run_cli
from planctl.model import LazyLog
from planctl.status import quotas
from planctl.store import cache, day_index, quota_index
from test_increment import BASES, GENERATED, KINDS, _teammates_pull, edited, replace_file

DAYS = ["2009-01-10", "2009-04-12", "2009-06-01"]


def _outputs(path: Path, day: str, *, fresh: bool = False) -> list[tuple[int, str, str]]:
    """What `due` (text and JSON) and `check` print for the plan, read through the cache or, `fresh`, whole."""
    env = {"PLANCTL_CACHE": "0"} if fresh else None
    runs = [("due", "--plan", str(path), "--today", day), ("due", "--plan", str(path), "--today", day, "--json"),
            ("check", str(path))]
    return [(r.exit_code, r.stdout, r.stderr) for r in (run_cli(*args, env=env) for args in runs)]


def _damage(path: Path, what: str) -> None:
    """Spoil a side file of the cache: the day index or the quota index, removed, flipped or cut short."""
    if what == "none":
        return
    side = (day_index.index_file if what.startswith("day") else quota_index.index_file)(path)
    if not side.exists():
        return
    data = bytearray(side.read_bytes())
    if what.endswith("missing"):
        side.unlink()
    elif what.endswith("flip"):
        data[len(data) // 2] ^= 0x20
        side.write_bytes(bytes(data))
    else:
        side.write_bytes(bytes(data[: len(data) // 2]))


DAMAGE = ["none", "none", "day-missing", "day-flip", "day-cut", "quotas-missing", "quotas-flip"]


@settings(max_examples=14, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(base=st.sampled_from(sorted(BASES)), kinds=st.lists(st.sampled_from(KINDS), min_size=1, max_size=3),
       seed=st.integers(0, 10_000), days=st.lists(st.sampled_from(DAYS), min_size=2, max_size=2),
       primed_by_due=st.booleans(), damage=st.sampled_from(DAMAGE))
def test_the_commands_after_a_pull_onto_a_checked_plan_print_what_a_full_read_prints(
        tmp_path_factory: pytest.TempPathFactory, base: str, kinds: list[str], seed: int, days: list[str],
        primed_by_due: bool, damage: str) -> None:
    """Random edits (lines added and removed, BOM, CR LF, the first and the last item, errors) pulled onto a
    plan whose cache `check` (or a `due`) wrote, with its side files damaged or not: the first `due`, the
    next ones (another day too) and `check` (its warnings' lines and columns) print what a full read prints."""
    path = tmp_path_factory.mktemp("pull") / "plan.yaml"
    path.write_bytes(BASES[base].encode("utf-8"))
    run_cli("check", str(path))
    if primed_by_due:
        run_cli("due", "--plan", str(path), "--today", days[1])
    _damage(path, damage)
    replace_file(path, edited(BASES[base], kinds, seed).encode("utf-8"))
    expected = {day: _outputs(path, day, fresh=True) for day in days}
    for day in [days[0], *days]:
        assert _outputs(path, day) == expected[day], (base, kinds, seed, day, damage)


def _summed_quotas(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the quotas whose logs are added up for their index (status/quotas.py `log_index`)."""
    summed: list[str] = []
    original = quota_index.log_index

    def counted(plan: Any, quota: Any) -> Any:
        summed.append(quota.id)
        return original(plan, quota)

    monkeypatch.setattr(quota_index, "log_index", counted)
    return summed


def test_the_first_due_after_a_pull_sums_only_the_quotas_it_shows(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """No quota index yet (the cache was written by `check`): the first `due` after a pull adds up the logs
    of the quotas its agenda reads, not every quota's; `status`, which shows every quota, adds up the others
    (the ones `due` stored are not summed again), and both print what a full read prints."""
    path = tmp_path / "plan.yaml"
    path.write_text(GENERATED, encoding="utf-8")
    assert run_cli("check", str(path)).exit_code == 0
    replace_file(path, _teammates_pull(GENERATED).encode("utf-8"))
    every = [line.split("- id: ")[1].strip() for line in GENERATED.splitlines() if line.startswith("      - id: q")]
    summed = _summed_quotas(monkeypatch)
    due = ("due", "--plan", str(path), "--today", "2009-06-01")
    first = run_cli(*due)
    assert (first.exit_code, first.stdout) == (0, run_cli(*due, env={"PLANCTL_CACHE": "0"}).stdout)
    assert 0 < len(summed) < len(every) / 4, summed
    by_due = list(summed)
    status = ("status", "--plan", str(path), "--today", "2009-06-01")
    assert run_cli(*status).stdout == run_cli(*status, env={"PLANCTL_CACHE": "0"}).stdout
    assert sorted(summed) == sorted(every) and not set(summed[len(by_due):]) & set(by_due)
    summed.clear()
    assert run_cli(*due).stdout == first.stdout and run_cli(*status).stdout  # the index now serves them all
    assert summed == []


def test_a_checked_plans_day_index_gets_blobs_only_for_the_rows_a_due_reads(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """`check` leaves a day index with the plain tasks and no row's blob; the first `due` after a pull gives
    blobs to the rows it read alone (not every row), and the next `due` of that day decodes no whole rows blob."""
    path = tmp_path / "plan.yaml"
    path.write_text(GENERATED, encoding="utf-8")
    run_cli("check", str(path))
    key = cache.stored_key(cache.read_payload(path))
    stored = cache.read_sealed(day_index.index_file(path), day_index.HEADER)  # (version, code, key, plain, blobs, …)
    assert stored is not None and stored[2] == key and stored[3] is not None and set(stored[4]) == {None}
    replace_file(path, _teammates_pull(GENERATED).encode("utf-8"))
    due = ("due", "--plan", str(path), "--today", "2009-06-01")
    assert run_cli(*due).stdout == run_cli(*due, env={"PLANCTL_CACHE": "0"}).stdout
    after = day_index.read(path, key, b"")
    assert after is not None
    plain = after[0]
    assert plain is not None
    shown = [i for i in plain.places if after[1].blobs[i] is not None]
    assert 0 < len([blob for blob in after[1].blobs if blob is not None]) < len(after[1].blobs)
    assert len(shown) < len(plain.places) / 2  # the plain tasks the agenda does not read have none
    whole: list[int] = []
    decode = day_index.RowBlobs.whole
    monkeypatch.setattr(day_index.RowBlobs, "whole", lambda self: whole.append(1) or decode(self))
    assert run_cli(*due).stdout == run_cli(*due, env={"PLANCTL_CACHE": "0"}).stdout
    assert whole == []


def _reference_plain(rows: list[tuple[Any, ...]], logs: list[tuple[Any, ...]]) -> cache.PlainTasks | None:
    """PlainTasks as worked out row by row and sorted as (start, place, end, logged) tuples."""
    parents = {row[3] for row in rows}
    found = []
    for i, row in enumerate(rows):
        if row[0] != "t":
            continue
        if row[14] is not None or row[15] is not None:
            return None
        if row[9] != 2 or row[11] is not None or row[12] is not None or row[7] is None or i in parents:
            continue
        size, first, phase_size, phase_first = logs[i][1], logs[i][2], logs[row[3]][1], logs[row[3]][2]
        logged = (min(first, phase_first) if phase_size else first) if size else phase_first if phase_size else None
        found.append((row[7][0], i, row[7][1], logged))
    found.sort()
    return cache.PlainTasks(len(rows), [f[1] for f in found], [f[0] for f in found], [f[2] for f in found],
                            [f[3] for f in found])


@settings(max_examples=150, deadline=None)
@given(seed=st.integers(0, 10**6), count=st.integers(0, 40))
def test_plain_tasks_are_those_of_a_row_by_row_reading(seed: int, count: int) -> None:
    rng = random.Random(seed)
    rows: list[tuple[Any, ...]] = []
    logs: list[tuple[Any, ...]] = []
    for i in range(count):
        parent = -1 if i == 0 or rng.random() < 0.2 else rng.randrange(i)
        depth = 1 if parent < 0 else rows[parent][9] + 1 if rows[parent][0] == "t" else 2
        start = rng.randint(733000, 733030)
        window = None if rng.random() < 0.1 else (start, start + rng.randint(0, 9))
        if parent >= 0 and rng.random() < 0.1:
            rows.append(("q", f"q{i}", "", parent, [], None, None, window, "", 5.0, "次", "all", "week", [], [], [],
                         "at-least", None, None))
        else:
            rows.append(("t", f"t{i}", "", parent, [], None, None, window, "", depth, None,
                         "每周一" if rng.random() < 0.1 else None, "person" if rng.random() < 0.05 else None, None,
                         ("x",) if rng.random() < 0.02 else None, None))
        size = rng.choice([0, 0, 1, 3])
        logs.append((b"", size, rng.randint(733000, 733040) if size else 0, 0, 0))
    assert cache.plain_tasks(rows, logs) == _reference_plain(rows, logs)


def test_quota_totals_made_when_first_read_are_those_of_the_log(tmp_path: Path) -> None:
    """status/quotas.py `use_index` with a function: called once, when `totals` first needs the index."""
    from planctl.format.loader import load_bytes

    text = GENERATED
    plan = load_bytes("plan.yaml", text.encode("utf-8")).plan
    assert plan is not None
    calls: list[str] = []
    for quota in plan.quotas():
        quota.log = LazyLog(*cache.dump_log(quota.log))
        quotas.use_index(quota, lambda quota=quota: calls.append(quota.id) or quotas.log_index(plan, quota))
    day = date(2009, 1, 1)
    for _ in range(2):
        for quota in plan.quotas():
            fresh = quotas._summed(plan, quota, day, quotas._entry_columns(quota.log), quota.period_windows)
            assert quotas.totals(plan, quota, day) == fresh
        day += timedelta(days=200)
    assert sorted(calls) == sorted(q.id for q in plan.quotas())
