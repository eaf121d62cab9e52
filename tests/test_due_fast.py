"""`planctl due` on a large plan reads only what its agenda shows, and shows exactly what a full read shows.

Issue 20: a plan read from the cache for one day's agenda leaves out the plain tasks that agenda does not
show (store/cache.py `day_keep`, status/agenda.py `plain_task_shown`); quota totals are summed by dict
look-ups (status/quotas.py); a table cell that fits its line is not measured word by word (output/breaks.py);
the plan's text is decoded only when asked for (store/planfile.py `CachedSource`). Each is held here to the
slow way it replaces: on random plans and days, on a stale and a corrupt cache, and on random text.
"""

from __future__ import annotations

import json
import marshal
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import run_cli
from planctl.format.source import decode
from planctl.format.units import HOURS, SECONDS_PER_HOUR, is_rate
from planctl.model import Columns, Completion, LazyLog, Plan, Quota, period_index
from planctl.output.breaks import fold, spans
from planctl.status import quotas
from planctl.store import cache
from planctl.store.planfile import CachedSource, open_plan

START = date(2009, 3, 1)
ROSTER = """\
planctl: 1
title: 快速
year: 2009
roster:
  people: {a: 甲, b: 乙, c: 丙}
  groups:
    g:
      name: 小组
      units:
        u1: {name: 一组, members: [a]}
        u2: {name: 二组, members: [b, c]}
phases:
"""


def _day(offset: int) -> str:
    return (START + timedelta(days=offset)).isoformat()


def _log(days: list[int], indent: str) -> list[str]:
    return [f"{indent}log:", *(f"{indent}  - {{date: {_day(d)}, by: a}}" for d in days)] if days else []


KINDS = ("plain", "plain", "plain", "plain", "no-when", "per", "repeat", "parent", "quota", "after")


@st.composite
def plans(draw: st.DrawFn) -> str:
    """A plan of one to three phases of tasks: mostly plain ones (directly under a phase, with or without a
    log), and some of every other kind the agenda treats apart."""
    lines = [ROSTER.rstrip("\n")]
    n = 0
    for p in range(draw(st.integers(1, 3))):
        start = draw(st.integers(0, 20))
        lines += [f"  - id: p{p}", f"    title: 阶段{p}", f"    when: {_day(start)}..{_day(start + 30)}"]
        lines += _log(draw(st.lists(st.integers(0, 60), max_size=1)), "    ")
        lines.append("    tasks:")
        for _ in range(draw(st.integers(1, 6))):
            kind = draw(st.sampled_from(KINDS))
            first = draw(st.integers(start, start + 28))
            when = f"        when: {_day(first)}..{_day(first + draw(st.integers(0, 6)))}"
            lines += [f"      - id: t{n}", f"        title: 任务 {n}", f"        who: {'g' if kind == 'per' else 'a'}"]
            if kind != "no-when":
                lines.append(when)
            if kind == "per":
                lines.append("        per: unit")
            elif kind == "repeat":
                lines.append("        repeat: 每周一")
            elif kind == "parent":
                lines += ["        tasks:", f"          - id: s{n}", f"            title: 子任务 {n}", f"    {when}"]
                lines += _log(draw(st.lists(st.integers(0, 60), max_size=1)), "            ")
            elif kind == "quota":
                lines += ["        quotas:", f"          - id: q{n}", "            title: 学习", "            who: a",
                          "            target: 2", "            unit: 次"]
                lines += _log(draw(st.lists(st.integers(0, 60), max_size=3)), "            ")
            elif kind == "after" and n:
                lines.append(f"        after: [t{n - 1}]")
            lines += _log(draw(st.lists(st.integers(0, 60), max_size=2)), "        ")
            n += 1
    return "\n".join(lines) + "\n"


def _due(path: Path, today: str, days: int, *extra: str, env: dict[str, str | None] | None = None) -> tuple[int, str, str]:
    result = run_cli("due", "--plan", str(path), "--today", today, "--days", str(days), *extra, env=env)
    return result.exit_code, result.stdout, result.stderr


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=plans(), today=st.integers(0, 60), days=st.integers(0, 10), who=st.sampled_from([(), ("--who", "a"),
                                                                                              ("--who", "u2")]))
def test_due_from_the_cache_for_one_day_is_due_from_a_full_read(tmp_path_factory: pytest.TempPathFactory, text: str,
                                                                today: int, days: int, who: tuple[str, ...]) -> None:
    path = tmp_path_factory.mktemp("plan") / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    fresh = {extra: _due(path, _day(today), days, *extra, env={"PLANCTL_CACHE": "0"}) for extra in (who, ("--json", *who))}
    _due(path, _day(today), days)  # writes the cache
    for extra, expected in fresh.items():
        assert _due(path, _day(today), days, *extra) == expected, (text, extra)


def _generated_plan(tmp_path: Path) -> Path:
    """Ten phases of plain tasks (bench/gen.py's shape, smaller), with quotas per person and per unit."""
    lines = [ROSTER.rstrip("\n")]
    for p in range(4):
        lines += [f"  - id: p{p}", f"    title: 阶段{p}", f"    when: {_day(10 * p)}..{_day(10 * p + 40)}", "    quotas:",
                  f"      - id: q{p}", "        title: 学习", "        who: [a, b, c]", "        per: person",
                  "        period: week", "        target: 3", "        unit: h", "        log:",
                  *(f"          - {{date: {_day(10 * p + d)}, by: {'abc'[d % 3]}, amount: {1 + d % 2 / 2}}}"
                    for d in range(0, 40, 3)),
                  f"      - id: m{p}", "        title: 会议", "        who: g", "        per: unit", "        target: 2",
                  "        unit: 次", "        log:",
                  *(f"          - {{date: {_day(10 * p + d)}, by: {'abc'[d % 3]}}}" for d in range(0, 40, 5)),
                  "    tasks:"]
        for t in range(30):
            first = 10 * p + t
            lines += [f"      - id: t{p}-{t}", f"        title: 任务 {t}", f"        when: {_day(first)}..{_day(first + 3)}",
                      f"        who: {'abc'[t % 3]}", *_log([first + 1] if t % 2 else [], "        ")]
    path = tmp_path / "plan.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _view(day: date, horizon: int = 7) -> cache.DayView:
    return lambda year: (day, horizon)


def test_a_plan_of_plain_tasks_is_read_for_the_day_alone_and_due_says_the_same(tmp_path: Path) -> None:
    path = _generated_plan(tmp_path)
    fresh = _due(path, _day(25), 7, env={"PLANCTL_CACHE": "0"})
    open_plan(path, "plan.yaml", require_valid=True)  # the cache
    plan = open_plan(path, "plan.yaml", require_valid=False, view=_view(START + timedelta(days=25))).plan
    whole = open_plan(path, "plan.yaml", require_valid=False).plan
    assert plan.partial and not whole.partial
    assert 0 < len(plan.walk()) < len(whole.walk()) / 2  # most tasks are done or far off, and not built
    assert [q.id for q in plan.quotas()] == [q.id for q in whole.quotas()]
    assert _due(path, _day(25), 7) == fresh
    assert _due(path, _day(25), 7, "--all", env={"PLANCTL_CACHE": "0"}) == _due(path, _day(25), 7, "--all")


def test_waits_and_relative_windows_read_the_whole_plan(tmp_path: Path) -> None:
    path = _generated_plan(tmp_path)
    text = path.read_text(encoding="utf-8").replace("        title: 任务 7\n", "        title: 任务 7\n        after: [t0-3]\n", 1)
    path.write_text(text, encoding="utf-8")
    open_plan(path, "plan.yaml", require_valid=True)
    assert not open_plan(path, "plan.yaml", require_valid=False, view=_view(START + timedelta(days=25))).plan.partial
    assert _due(path, _day(25), 7) == _due(path, _day(25), 7, env={"PLANCTL_CACHE": "0"})


def test_due_from_a_stale_or_corrupt_cache_is_due_from_a_fresh_read(tmp_path: Path) -> None:
    path = _generated_plan(tmp_path)
    _due(path, _day(25), 7)
    cached = cache.cache_file(path)
    body = bytearray(cached.read_bytes())
    body[len(body) // 2] ^= 0xFF  # damaged: the checksum no longer matches
    cached.write_bytes(bytes(body))
    assert _due(path, _day(25), 7) == _due(path, _day(25), 7, env={"PLANCTL_CACHE": "0"})
    _due(path, _day(25), 7)
    path.write_text(path.read_text(encoding="utf-8").replace("title: 任务 3\n", "title: 任务 3 改\n"), encoding="utf-8")
    assert _due(path, _day(25), 7) == _due(path, _day(25), 7, env={"PLANCTL_CACHE": "0"})  # stale: read again
    assert "任务 3 改" in _due(path, _day(1), 7)[1]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=plans(), days=st.lists(st.tuples(st.integers(0, 60), st.integers(0, 10)), min_size=2, max_size=3))
def test_due_on_other_days_from_the_day_index_is_due_from_a_full_read(tmp_path_factory: pytest.TempPathFactory,
                                                                       text: str, days: list[tuple[int, int]]) -> None:
    """store/day_index.py is written by the first day's `due` and read by the others: what each keeps and
    builds is the day's own."""
    path = tmp_path_factory.mktemp("plan") / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    fresh = [_due(path, _day(today), horizon, env={"PLANCTL_CACHE": "0"}) for today, horizon in days]
    for (today, horizon), expected in zip(days, fresh, strict=True):
        assert _due(path, _day(today), horizon) == expected, (text, today, horizon)


def test_one_days_agenda_decodes_only_the_rows_it_builds(tmp_path: Path) -> None:
    """With the day index beside the cache, `due` decodes the rows of the items it builds, not the cache's
    blob of every row (which `done` and the other views still read)."""
    from planctl.store import day_index

    path = _generated_plan(tmp_path)
    open_plan(path, "plan.yaml", require_valid=True)  # the cache
    day = START + timedelta(days=25)
    open_plan(path, "plan.yaml", require_valid=False, view=_view(day))  # the day index
    decoded: list[int] = []
    original = day_index.RowBlobs.__getitem__
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(day_index.RowBlobs, "__getitem__", lambda self, n: decoded.append(n) or original(self, n))
        file = open_plan(path, "plan.yaml", require_valid=False, view=_view(day))
    whole = open_plan(path, "plan.yaml", require_valid=False).plan
    assert file.plan.partial and sorted(decoded) == sorted(whole.items().index(item) for item in whole.items()
                                                            if item.id in {it.id for it in file.plan.items()})
    assert len(decoded) < len(whole.items()) / 2
    assert file.parts is not None and file.parts.rows == cache.stored_rows(cache.read_payload(path))  # on demand


def test_the_first_due_after_check_writes_the_plain_tasks_as_check_did(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """`check` writes the day index with the plain tasks and no row's blob; the first `due` gives the rows it
    builds their blobs and writes the file again with the plain tasks' bytes as it read them, not encoded
    again (a large plan's four lists of 100,000 numbers cost that `due` a tenth of a warm one), and the
    next `due` reads the rows it builds alone and says what a full read says."""
    from planctl.store import day_index

    path = _generated_plan(tmp_path)
    fresh = _due(path, _day(25), 7, env={"PLANCTL_CACHE": "0"})
    open_plan(path, "plan.yaml", require_valid=True)  # as `check`: the cache, the day index without blobs
    written = day_index.index_file(path).read_bytes()
    with monkeypatch.context() as patch:
        patch.setattr(day_index, "_plain_blob", lambda plain: pytest.fail("the plain tasks encoded again"))
        open_plan(path, "plan.yaml", require_valid=False, view=_view(START + timedelta(days=25)))
    again = day_index.index_file(path).read_bytes()
    assert again != written
    assert cache.read_sealed(day_index.index_file(path), day_index.HEADER)[3] == \
        marshal.loads(written[len(day_index.HEADER) + cache.CHECKSUM_SIZE:])[3]
    assert _due(path, _day(25), 7) == fresh


@pytest.mark.parametrize("damage", ["flip", "truncate", "other plan"])
def test_a_damaged_or_stale_day_index_is_rebuilt(tmp_path: Path, damage: str) -> None:
    from planctl.store import day_index

    path = _generated_plan(tmp_path)
    expected = {today: _due(path, _day(today), 7, env={"PLANCTL_CACHE": "0"}) for today in (5, 25)}
    _due(path, _day(25), 7)  # the cache
    _due(path, _day(25), 7)  # the day index
    index = day_index.index_file(path)
    data = index.read_bytes()
    if damage == "flip":
        data = data[:-30] + bytes([data[-30] ^ 1]) + data[-29:]
    elif damage == "truncate":
        data = data[: len(data) // 3]
    else:  # another plan's index (the rows of a plan with one task more) under this one's name
        other = tmp_path / "other" / "plan.yaml"
        other.parent.mkdir()
        other.write_text(path.read_text(encoding="utf-8").replace("    tasks:\n", "    tasks:\n      - id: x\n"
                                                                    "        title: 多出\n        when: 2009-03-01..2009-03-31\n", 1),
                         encoding="utf-8")
        _due(other, _day(25), 7)
        _due(other, _day(25), 7)
        data = day_index.index_file(other).read_bytes()
    index.write_bytes(data)
    for today, said in expected.items():
        assert _due(path, _day(today), 7) == said, damage


# --- quota totals ---------------------------------------------------------------------------------------


def _reference_totals(plan: Plan, quota: Quota, today: date) -> dict[int, dict[str, float]]:
    """status/quotas.py `totals` as it was before issue 20: one entry at a time, through the module's own rules."""
    done: dict[int, dict[str, float]] = {}
    rate, read_on = is_rate(quota.unit), dict[tuple[int, str], date]()
    for entry in quota.log:
        i = period_index(quota, entry.date) if entry.date <= today else None
        scope = quotas.entry_scope(plan, quota, entry) if i is not None else None
        if i is None or scope is None:
            continue
        amounts = done.setdefault(i, {})
        if rate:
            if entry.date >= read_on.get((i, scope), entry.date):
                amounts[scope] = quotas.entry_amount(quota, entry)
                read_on[(i, scope)] = entry.date
        else:
            amounts[scope] = amounts.get(scope, 0) + quotas.counted(quota, entry)
    if quota.unit == HOURS:
        done = {i: {s: v / SECONDS_PER_HOUR for s, v in amounts.items()} for i, amounts in done.items()}
    return done


ENTRIES = st.lists(st.tuples(st.integers(0, 50), st.sampled_from(["a", "b", "c", None]),
                             st.sampled_from([None, None, "u1", "u2"]),
                             st.sampled_from([None, 1, 2, 2.0, 1.5, 0.333333, 85.5])), max_size=30)


@settings(max_examples=60, deadline=None)
@given(entries=ENTRIES, per=st.sampled_from(["all", "person", "unit"]), unit=st.sampled_from(["h", "次", "%"]),
       period=st.sampled_from(["week", "month", "once"]), today=st.integers(0, 55))
def test_quota_totals_are_the_totals_entry_by_entry(entries: list[tuple[int, str | None, str | None, float | None]],
                                                    per: str, unit: str, period: str, today: int) -> None:
    text = ROSTER + (f"  - id: p\n    title: P\n    when: {_day(0)}..{_day(45)}\n    quotas:\n      - id: q\n"
                     f"        title: Q\n        who: {'g' if per == 'unit' else '[a, b, c]'}\n        per: {per}\n"
                     f"        period: {period}\n        target: 5\n        unit: '{unit}'\n        log: []\n")
    from planctl.format.loader import load_bytes

    plan = load_bytes("plan.yaml", text.encode(), fast=True).plan
    assert plan is not None
    quota = plan.quotas()[0]
    columns: Columns = [[START.toordinal() + d for d, *_ in entries], [e[1] for e in entries], [e[2] for e in entries],
               [e[3] for e in entries], [None] * len(entries), [None] * len(entries), list(range(len(entries)))]
    day = START + timedelta(days=today)
    if entries:
        quota.log = LazyLog.of_columns(columns)  # as the cache or the fast reader gives it
        assert repr(quotas.totals(plan, quota, day)) == repr(_reference_totals(plan, quota, day))
    quota.log = [Completion(START + timedelta(days=d), by, u, a) for d, by, u, a in entries]  # as entries
    quota.totals_cache.clear()
    assert repr(quotas.totals(plan, quota, day)) == repr(_reference_totals(plan, quota, day))


# --- folding and the plan's text -------------------------------------------------------------------------

TEXT = st.text(alphabet=st.sampled_from(["a", "Z", "7", " ", " ", "中", "文", "，", "…", "天", "\u0301", "\u200d",
                                         "👩", "\ufe0f", "《", "》", "-"]), max_size=24)


@settings(max_examples=300, deadline=None)
@given(text=TEXT, width=st.integers(0, 30))
def test_a_cell_folds_as_the_line_breaking_rules_fold_it(text: str, width: int) -> None:
    assert fold(text, width) == [text[start:end] for start, end in spans(text, width)]


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_the_text_of_a_cached_plan_is_its_decoded_text(tmp_path: Path, bom: bytes) -> None:
    raw = bom + _generated_plan(tmp_path).read_bytes()
    source, decoded = CachedSource("plan.yaml", raw), decode("plan.yaml", raw)
    assert (source.text, source.has_bom, source.newline, source.raw) == (decoded.text, decoded.has_bom, decoded.newline, raw)


def test_done_on_a_plan_read_from_the_cache_writes_the_same_bytes(tmp_path: Path) -> None:
    path = _generated_plan(tmp_path)
    twin = tmp_path / "twin" / "plan.yaml"
    twin.parent.mkdir()
    twin.write_bytes(path.read_bytes())
    _due(path, _day(25), 7)  # path's cache: done reads the plan from it
    now = {"PLANCTL_NOW": "2009-03-26T09:30:00+08:00"}
    for plan, env in ((path, now), (twin, {**now, "PLANCTL_CACHE": "0"})):
        result = run_cli("done", "--plan", str(plan), "t1-4", "--date", _day(20), "--by", "a", "--note", "快", "--json",
                         env=env)
        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout)["action"] == "recorded"
    assert path.read_bytes() == twin.read_bytes()
