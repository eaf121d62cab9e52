"""`timeline` and `export ics` of a large plan (issue 20): built in one pass over the plan, from the
logs' columns when the plan comes from the cache. What they print is the spec: the same bytes from the
cache as from a fresh parse, and the same as before the work was made smaller (the goldens under
tests/expected/scale-*, written by the code before it)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from rich.text import Text

from conftest import ROOT
from planctl.format.loader import load_bytes
from planctl.model import Plan
from planctl.output import export
from planctl.output import timeline as view
from planctl.store.planfile import open_plan

EXPECTED = ROOT / "tests" / "expected"
STAMP = datetime(2026, 3, 3, 8, 30, 15, tzinfo=UTC)
DAYS = [date(2026, 3, 3), date(2026, 5, 20), date(2027, 1, 1)]
WIDTHS = [40, 120]
TITLES = ["学习调研报告", "整改方案, 第二稿; 含分号", "a \\ backslash", "很长的标题" * 9, "Weekly sync"]


def _task(rng: random.Random, tid: str, indent: str, month: int, ids: list[str], *, leaf: bool = True) -> list[str]:
    """One task's lines (at `indent`): a window in `month`, roles, maybe a wait, a log."""
    day = rng.randrange(1, 20)
    lines = [f"{indent}- id: {tid}", f"{indent}  title: '{rng.choice(TITLES)} {tid}'"]
    kind = rng.randrange(8)
    if kind == 2 and not leaf:
        kind = 4  # a task with sub-tasks is not owed per unit
    if kind == 0 and ids:
        lines.append(f"{indent}  when: {rng.randrange(1, 9)} days after {rng.choice(ids)}")
    elif kind != 1:  # kind 1: no window of its own
        lines.append(f"{indent}  when: 2026-{month:02d}-{day:02d}..2026-{month:02d}-{day + rng.randrange(0, 9):02d}")
    if kind == 2:
        lines += [f"{indent}  who: branches", f"{indent}  per: unit"]
    else:
        lines.append(f"{indent}  who: p{rng.randrange(6)}")
        lines.append(f"{indent}  牵头: p{rng.randrange(6)}")
        lines.append(f"{indent}  参加: [p{rng.randrange(6)}, p{rng.randrange(6)}]")
    if kind == 3 and ids:
        lines.append(f"{indent}  after: [{rng.choice(ids)}]")
    if rng.random() < 0.3:
        lines.append(f"{indent}  note: \"备注, {tid}\"")
    entries = [f"{{date: 2026-{month:02d}-{rng.randrange(1, 28):02d}, by: p{rng.randrange(6)}"
               + (f", unit: u{rng.randrange(3)}}}" if kind == 2 else "}") for _ in range(rng.randrange(3))]
    if entries:
        lines.append(f"{indent}  log:")
        lines += [f"{indent}    - {entry}" for entry in entries]
    return lines


def generated_plan(tasks: int, seed: int) -> str:
    """A plan with what the two views draw differently: nested tasks, waits, windows after another
    task, tasks owed per unit, weekly duties, quotas, a logged phase, addresses, text to escape and fold."""
    rng = random.Random(seed)
    people = "\n".join(f"    p{i}: {{name: 成员{i}号, email: p{i}@example.cn}}" if i % 2 else f"    p{i}: 成员{i}号"
                       for i in range(6))
    lines = ["planctl: 1", "title: \"规模测试, 计划\"", "year: 2026", "roster:", "  people:", people, "  groups:",
             "    branches:", "      name: 各支部", "      units:"]
    lines += [f"        u{u}: {{name: 第{u}支部, members: [p{2 * u}, p{2 * u + 1}]}}" for u in range(3)]
    lines.append("phases:")
    ids: list[str] = []
    for ph in range(4):
        month = 3 + 2 * ph
        lines += [f"  - id: ph{ph}", f"    title: 第{ph + 1}阶段", f"    when: 2026-{month:02d}-01..2026-{month + 1:02d}-28"]
        if ph == 1:
            lines += ["    log:", f"      - {{date: 2026-{month:02d}-20, by: p1}}"]
        lines += ["    quotas:", f"      - {{id: q{ph}, title: 集中学习, who: branches, per: unit, target: 2, unit: 次}}",
                  "    tasks:", f"      - id: w{ph}", "        title: 每周例会", "        repeat: 每周一",
                  "        log:", f"          - {{date: 2026-{month:02d}-09}}"]
        for n in range(tasks // 4):
            tid = f"t{ph}x{n}"
            lines += _task(rng, tid, "      ", month, ids, leaf=n % 5 != 0)
            if n % 5 == 0:
                lines += ["        tasks:", *_task(rng, f"{tid}s", "          ", month, ids)]
                ids.append(f"{tid}s")
            ids.append(tid)
    return "\n".join(lines) + "\n"


PLAN_TEXT = generated_plan(32, 62)


def cached_and_fresh(tmp_path: Path, text: str) -> tuple[Plan, Plan]:
    """The plan as a second command reads it (from the cache the first wrote) and as a full parse."""
    path = tmp_path / "plan.yaml"
    raw = text.encode("utf-8")
    path.write_bytes(raw)
    first = open_plan(path, "plan.yaml", require_valid=True)
    assert not first.from_cache
    second = open_plan(path, "plan.yaml", require_valid=True)
    assert second.from_cache and second.plan is not None
    fresh = load_bytes("plan.yaml", raw)
    assert not fresh.errors, fresh.errors
    assert fresh.plan is not None
    return second.plan, fresh.plan


def calendar(plan: Plan, today: date) -> bytes:
    return export.calendar(plan, STAMP, "git:abc:plan.yaml", today)


def timeline_text(plan: Plan, today: date) -> str:
    """The chart as a colourless terminal prints it, at each width, then its JSON, a row a line."""
    import json

    chart = view.build(plan, today)
    assert chart is not None
    out = []
    for width in WIDTHS:
        out += [f"--- {width}", *view.plain_lines(chart, width)]
    shape = view.to_json(chart)
    rows = shape.pop("rows")
    assert isinstance(rows, list)
    out += [json.dumps(shape, ensure_ascii=False), *(json.dumps(row, ensure_ascii=False) for row in rows)]
    return "\n".join(out) + "\n"


def expected(name: str) -> bytes:
    return (EXPECTED / name).read_bytes()


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_the_calendar_from_the_cache_is_the_fresh_one_and_as_before(tmp_path: Path, today: date) -> None:
    cached, fresh = cached_and_fresh(tmp_path, PLAN_TEXT)
    got = calendar(cached, today)
    assert got == calendar(fresh, today)
    assert got == expected(f"scale-ics-{today}.ics")


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_the_timeline_from_the_cache_is_the_fresh_one_and_as_before(tmp_path: Path, today: date) -> None:
    cached, fresh = cached_and_fresh(tmp_path, PLAN_TEXT)
    got = timeline_text(cached, today)
    assert got == timeline_text(fresh, today)
    assert got.encode("utf-8") == expected(f"scale-timeline-{today}.txt")


def test_the_generated_plan_has_what_it_is_for(tmp_path: Path) -> None:
    """The comparisons above cover occurrences, shares, waits, addresses, a logged phase, folding."""
    data = calendar(load_bytes("plan.yaml", PLAN_TEXT.encode()).plan or Plan(), date(2026, 5, 20)).decode()
    for needle in ("\r\n ", "\\,", "\\;", "\\\\", "ORGANIZER;CN=", "ATTENDEE;CN=", "RELTYPE=DEPENDS-ON",
                   "UID:w0.20260302@", "STATUS:COMPLETED", "PERCENT-COMPLETE:100", "Owed by each unit"):
        assert needle in data, needle


ODD_TITLES = ["家庭👨\u200d👩\u200d👧 emoji", "tab\there", "bell \a rings", "é\u0301 marks", "ends in spaces  ", "中" * 30,
              "\ufe0f starts with a selector"]


def _printed(chart: view.Chart, width: int, *, rich_only: bool) -> str:
    """What `render` writes on a colourless console of `width`; `rich_only`: what Rich prints of the
    chart's styled lines (the output the plain path must equal)."""
    import io

    from rich.console import Console

    out = io.StringIO()
    console = Console(file=out, width=width, color_system=None, force_terminal=False)
    if rich_only:
        console.print(Text("\n").join(view.lines(chart, width)), no_wrap=True, overflow="ellipsis", crop=True)
    else:
        view.render(console, chart, width)
    return out.getvalue()


@pytest.mark.parametrize("width", [40, 80, 200])
def test_the_colourless_timeline_prints_what_rich_prints(width: int) -> None:
    """Written without Rich where the rows' widths are known: the same text as Rich's printing, with
    titles Rich measures or prints otherwise (joined emoji, a tab, a control code, combining marks)."""
    plan = load_bytes("plan.yaml", PLAN_TEXT.encode()).plan
    assert plan is not None
    tasks = [task for task in plan.walk() if task.depth > 1]
    for task, title in zip(tasks, ODD_TITLES, strict=False):
        task.title = title
    chart = view.build(plan, date(2026, 5, 20))
    assert chart is not None
    assert _printed(chart, width, rich_only=False) == _printed(chart, width, rich_only=True)


SPANS = [(date(2026, 3, 1), date(9999, 12, 31)), (date(1, 1, 1), date(9999, 12, 31)), (date(2025, 12, 20), date(2031, 2, 3)),
         (date(1999, 7, 1), date(2151, 1, 1))]


def spans_text(plan: Plan) -> str:
    """The chart over each of SPANS (`timeline --from … --to …`) at each width, plain and styled: its
    head (title, month and dekad rows, axis), the first rows and the legend."""
    out = []
    for start, end in SPANS:
        chart = view.build(plan, date(2026, 5, 20), start=start, end=end)
        assert chart is not None
        for width in WIDTHS:
            plain, styled = view.plain_lines(chart, width), [line.plain for line in view.lines(chart, width)]
            assert plain == styled
            out += [f"--- {start} {end} {width}", *plain[:8], *plain[-2:]]
    return "\n".join(out) + "\n"


def test_a_chart_over_centuries_is_drawn_as_before_and_quickly(monkeypatch: pytest.MonkeyPatch) -> None:
    """The month and axis rows over thousands of years walk the labelled years, not every month (96,000
    of them to 9999: most of a second a chart, 8.5 s for this test before); what they draw is unchanged.
    Counted in months asked about, not timed (speed targets live in bench/)."""
    from planctl.output import timeline

    asked: list[object] = []
    begins_step = timeline._begins_step
    monkeypatch.setattr(timeline, "_begins_step", lambda month, step: asked.append(month) or begins_step(month, step))
    plan = load_bytes("plan.yaml", PLAN_TEXT.encode()).plan
    assert plan is not None
    got = spans_text(plan)
    assert len(asked) < 10_000, len(asked)  # 96,000 months a chart, several charts, before
    assert got.encode("utf-8") == expected("scale-timeline-spans.txt")
