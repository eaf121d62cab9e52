"""The cache and the fast log reader must give exactly what a fresh, full YAML read gives."""

from __future__ import annotations

import json
import random
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import PLAN, ROOT
from planctl.commands.done import DoneOptions, run_done
from planctl.errors import WriteRefused
from planctl.format.loader import load_bytes
from planctl.store import cache
from planctl.store.planfile import open_plan
from planctl.store.writer import anchor_of, sequence_indent, signature

BUNDLED = PLAN.read_text(encoding="utf-8")


def facts(plan) -> tuple:
    """What a plan says and where: the signature plus every item's, entry's and roster entry's offset."""
    items = plan.items()
    roster = plan.roster
    owners = [*roster.groups.values(), *roster.units().values()]
    return (signature(plan), [i.pos for i in items], [[e.pos for e in i.log] for i in items],
            sorted(roster.people_pos.items()), [(o.id, o.pos, sorted(o.member_pos.items())) for o in owners])


def fresh(path: Path):
    """A full read without cache or fast path, with its anchors."""
    loaded = load_bytes(path.name, path.read_bytes())
    assert not loaded.errors and loaded.plan is not None and loaded.tree is not None
    text = loaded.source.text
    anchors = [tuple(anchor_of(text, item.node)) for item in loaded.plan.items()]
    return loaded, anchors, sequence_indent(loaded.tree, text)


def assert_cache_matches_file(path: Path) -> None:
    cached = open_plan(path, path.name, require_valid=True)
    assert cached.from_cache
    loaded, anchors, seq_indent = fresh(path)
    assert facts(cached.plan) == facts(loaded.plan)
    assert [tuple(a) for a in cached.anchors] == anchors
    assert cached.seq_indent == seq_indent
    assert [(p.line, p.column, p.message) for p in cached.loaded.problems] == \
        [(p.line, p.column, p.message) for p in loaded.problems]


def styled(text: str, style: str) -> str:
    if style == "crlf":
        return text.replace("\n", "\r\n")
    if style == "bom":
        return "\ufeff" + text
    if style == "no-final-newline":
        return text.rstrip("\n")
    return text


@pytest.mark.parametrize("style", ["plain", "crlf", "bom", "no-final-newline"])
def test_a_cached_plan_is_identical_to_a_fresh_read(tmp_path: Path, style: str) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes(styled(BUNDLED, style).encode("utf-8"))
    first = open_plan(path, "plan.yaml", require_valid=True)
    assert not first.from_cache
    assert (tmp_path / ".planctl-cache" / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert_cache_matches_file(path)


# The targets `done` may log on the bundled plan, with the options each needs.
TARGETS = [
    ("mobilize", {}), ("prep", {}), ("topics", {}), ("consult", {}), ("forums", {}), ("survey", {}),
    ("self-study", {"by": "lina", "amount": "90min"}), ("notes", {"by": "sha", "amount": "1200字"}),
    ("branch-study", {"by": "chenjing"}), ("center-study", {}), ("forums-held", {"by": "sha"}),
    ("branch-life-held", {"unit": "jiguan"}), ("reflections", {"by": "yangfan", "amount": "2"}),
]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(style=st.sampled_from(["plain", "crlf", "bom", "no-final-newline"]),
       picks=st.lists(st.integers(0, len(TARGETS) - 1), min_size=1, max_size=6),
       notes=st.lists(st.sampled_from([None, "完成", "a: b", "#1", "yes", "说明，好"]), min_size=6, max_size=6),
       days=st.lists(st.sampled_from(["2009-04-01", "2009-04-06", "2009-05-20", "2009-12-30", "2010-01-02"]),
                     min_size=6, max_size=6))
def test_done_keeps_the_cache_equal_to_a_fresh_read(tmp_path_factory, style, picks, notes, days) -> None:
    """Including entries that bring warnings (outside every period of their quota, or the plan)."""
    folder = tmp_path_factory.mktemp("cache")
    path = folder / "plan.yaml"
    path.write_bytes(styled(BUNDLED, style).encode("utf-8"))
    open_plan(path, "plan.yaml", require_valid=True)  # warm the cache: `done` then takes the fast way
    for n, pick in enumerate(picks):
        target, extra = TARGETS[pick]
        options = DoneOptions(target, days[n], extra.get("by"), extra.get("unit"), extra.get("amount"),
                              notes[n], again=True, real_today=date(2009, 4, 12), now=datetime(2026, 11, 25, 8, 0, n),
                              future=True)
        assert run_done(str(path), options) == 0
        assert_cache_matches_file(path)


def test_a_stale_or_broken_cache_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(BUNDLED, encoding="utf-8")
    open_plan(path, "plan.yaml", require_valid=True)
    path.write_text(BUNDLED.replace("title: 动员部署", "title: 动员部署大会"), encoding="utf-8")
    reread = open_plan(path, "plan.yaml", require_valid=True)
    assert not reread.from_cache and reread.plan.find("mobilize").title == "动员部署大会"
    cache.cache_file(path).write_bytes(b"\x00garbage")
    again = open_plan(path, "plan.yaml", require_valid=True)
    assert not again.from_cache and again.plan.find("mobilize").title == "动员部署大会"
    assert open_plan(path, "plan.yaml", require_valid=True).from_cache  # rewritten


def test_the_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANCTL_CACHE", "0")
    path = tmp_path / "plan.yaml"
    path.write_text(BUNDLED, encoding="utf-8")
    open_plan(path, "plan.yaml", require_valid=True)
    assert not open_plan(path, "plan.yaml", require_valid=True).from_cache
    assert not (tmp_path / ".planctl-cache").exists()


# --- the fast log reader against the YAML reader -------------------------------------------------

NOTE_TEXT = st.text(st.sampled_from(list("ab 1:#,-{}[]\"'\\好完成。：yes") + ["\u2028", "\x85", "\t"]), max_size=12)


def _entry_line(rng: random.Random, note: str | None, quoted: bool) -> str:
    parts = [f"date: 2009-04-{rng.randint(1, 30):02d}"]
    if rng.random() < 0.7:
        parts.append(f"by: {rng.choice(['sha', 'lina', 'zhangwei'])}")
    if rng.random() < 0.5:
        parts.append(f"amount: {rng.choice(['1', '2.5', '0', '10'])}")
    if note is not None:
        import json

        parts.append(f"note: {json.dumps(note, ensure_ascii=False) if quoted else note}")
    if rng.random() < 0.3:
        parts.append("at: 2026-11-25T08:00:00")
    return "{" + ", ".join(parts) + "}"


@settings(max_examples=150, deadline=None)
@given(seed=st.integers(0, 10**6), notes=st.lists(st.one_of(st.none(), NOTE_TEXT), min_size=1, max_size=8),
       quoted=st.lists(st.booleans(), min_size=8, max_size=8), comment=st.booleans())
def test_the_fast_log_reader_reads_what_yaml_reads(seed: int, notes: list, quoted: list, comment: bool) -> None:
    rng = random.Random(seed)
    lines = [_entry_line(rng, note, quoted[i]) for i, note in enumerate(notes)]
    log = "".join(f"            - {line}{'  # c' if comment and i == 1 else ''}\n" for i, line in enumerate(lines))
    text = BUNDLED.replace("            unit: h\n", "            unit: h\n            log:\n" + log, 1)
    raw = text.encode("utf-8", errors="surrogatepass")
    slow, fast = load_bytes("plan.yaml", raw), load_bytes("plan.yaml", raw, fast=True)
    assert [(p.offset, p.message) for p in fast.problems] == [(p.offset, p.message) for p in slow.problems]
    if slow.plan is not None and fast.plan is not None:
        assert facts(fast.plan) == facts(slow.plan)
    else:
        assert slow.plan is None and fast.plan is None


def test_generated_large_plan_reads_the_same_both_ways(tmp_path: Path) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("gen", ROOT / "bench" / "gen.py")
    assert spec is not None and spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    raw = gen.generate(200, 2000, seed=7).encode("utf-8")
    slow, fast = load_bytes("m.yaml", raw), load_bytes("m.yaml", raw, fast=True)
    assert not slow.errors and facts(fast.plan) == facts(slow.plan)
    path = tmp_path / "m.yaml"
    path.write_bytes(raw)
    open_plan(path, "m.yaml", require_valid=True)
    assert_cache_matches_file(path)




def test_the_fast_reader_refuses_exactly_the_characters_yaml_refuses() -> None:
    from yaml.reader import Reader

    from planctl.format.fastlog import NON_PRINTABLE

    every = "".join(map(chr, range(0x110000)))
    assert [m.start() for m in NON_PRINTABLE.finditer(every)] == [m.start() for m in Reader.NON_PRINTABLE.finditer(every)]


@settings(max_examples=300, deadline=None)
@given(text=st.text(st.sampled_from("ab\n\r好"), max_size=12), data=st.data())
def test_edits_computed_without_the_new_text_match_it(text: str, data) -> None:
    from planctl.format.source import Source
    from planctl.store.writer import Edit, end_of_line, end_of_line_after, spliced_bytes

    at = data.draw(st.integers(0, len(text)))
    edit = Edit(at, data.draw(st.integers(0, len(text) - at)), data.draw(st.text(st.sampled_from("x\n好"), max_size=5)))
    new_text = edit.apply(text)
    offset = data.draw(st.integers(0, len(new_text)))
    assert end_of_line_after(text, edit, offset) == end_of_line(new_text, offset)
    bom = data.draw(st.booleans())
    source = Source("p", text, (("\ufeff" if bom else "") + text).encode("utf-8"), bom)
    assert spliced_bytes(source, edit) == (("\ufeff" if bom else "") + new_text).encode("utf-8")


def _phases_then_roster(text: str) -> str:
    """The bundled plan with its roster moved after the phases, so that done's edits move it."""
    start, end = text.index("roster:\n"), text.index("phases:\n")
    return text[:start] + text[end:] + "\n" + text[start:end]


@pytest.mark.parametrize("targets", [["self-study", "mobilize", "branch-life-held"], ["reflections", "wrap-up"]])
def test_done_moves_a_roster_written_after_the_phases(tmp_path: Path, targets: list[str]) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(_phases_then_roster(BUNDLED), encoding="utf-8")
    open_plan(path, "plan.yaml", require_valid=True)
    extra = {"self-study": {"by": "lina", "amount": "2h"}, "branch-life-held": {"unit": "jiguan"},
             "reflections": {"by": "yangfan", "amount": "2"}}
    for n, target in enumerate(targets):
        options = DoneOptions(target, "2009-04-05", extra.get(target, {}).get("by"), extra.get(target, {}).get("unit"),
                              extra.get(target, {}).get("amount"), None, again=True, real_today=date(2009, 4, 12),
                              now=datetime(2026, 11, 25, 8, 0, n))
        assert run_done(str(path), options) == 0
        assert_cache_matches_file(path)


NO_FINAL_NEWLINE = """planctl: 1
title: T
year: 2009
phases:
  - id: p1
    title: P1
    when: 2009年4月1日-4月30日
    tasks:
      - id: a
        title: A
        log:
          - {date: 2009-04-01}"""


def _only_lines_added(before: str, after: str) -> bool:
    import difflib

    matcher = difflib.SequenceMatcher(a=before.split("\n"), b=after.split("\n"), autojunk=False)
    return all(tag in ("equal", "insert") for tag, *_ in matcher.get_opcodes())


@pytest.mark.parametrize("targets", [["p1", "a", "a"], ["a", "p1", "a", "p1"]])
def test_a_new_log_at_the_end_of_a_file_without_a_final_newline_keeps_the_cache_right(tmp_path: Path,
                                                                                      targets: list[str]) -> None:
    """The parent's new `log:` goes after the last line; the child's anchor, which ended the file, stays."""
    path = tmp_path / "plan.yaml"
    path.write_text(NO_FINAL_NEWLINE, encoding="utf-8")
    open_plan(path, "plan.yaml", require_valid=True)
    for n, target in enumerate(targets):
        before = path.read_text(encoding="utf-8")
        options = DoneOptions(target, f"2009-04-0{n + 2}", None, None, None, None, again=True,
                              real_today=date(2009, 4, 12), now=datetime(2026, 11, 25, 8, 0, n))
        assert run_done(str(path), options) == 0
        after = path.read_text(encoding="utf-8")
        assert not after.endswith("\n") and _only_lines_added(before, after)
        assert_cache_matches_file(path)
    logs = {i.id: [e.date.day for e in i.log] for i in load_bytes("p", path.read_bytes()).plan.items()}
    assert logs == {"p1": [d + 2 for d, t in enumerate(targets) if t == "p1"],
                    "a": [1] + [d + 2 for d, t in enumerate(targets) if t == "a"]}


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_a_yaml_line_break_in_a_comment_after_an_entry(tmp_path: Path, separator: str) -> None:
    """YAML ends a comment at NEL, LS and PS, so what follows is YAML again (here the task's note):
    the fast reader must read it so, and `done` must not write a file YAML cannot read."""
    text = NO_FINAL_NEWLINE + f" # x{separator}        note: hi\n      - id: b\n        title: B\n"
    raw = text.encode("utf-8")
    slow, fast = load_bytes("plan.yaml", raw), load_bytes("plan.yaml", raw, fast=True)
    assert not slow.errors and slow.plan.find("a").note == "hi"
    assert facts(fast.plan) == facts(slow.plan)
    path = tmp_path / "plan.yaml"
    path.write_bytes(raw)
    open_plan(path, "plan.yaml", require_valid=True)
    options = DoneOptions("a", "2009-04-05", None, None, None, None, again=True, real_today=date(2009, 4, 12),
                          now=datetime(2026, 11, 25, 8))
    try:
        run_done(str(path), options)
    except WriteRefused:
        assert path.read_bytes() == raw
    else:
        assert not load_bytes("plan.yaml", path.read_bytes()).errors


# --- done's check without YAML, against the check that reads the item's lines with YAML ----------

LOGGED = BUNDLED.replace("            unit: h\n", "            unit: h\n            log:\n<log>", 1)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(style=st.sampled_from(["plain", "crlf", "bom", "no-final-newline"]), note=st.one_of(st.none(), NOTE_TEXT),
       last_note=st.one_of(st.none(), NOTE_TEXT), comment=st.sampled_from(["", "  # 补记", "#x"]),
       by=st.sampled_from([None, "sha", "lina"]), amount=st.sampled_from(["2h", "90min", "0.5", "3"]))
def test_the_next_line_check_agrees_with_reading_the_item_back(tmp_path_factory, style, note, last_note, comment, by,
                                                               amount) -> None:
    from planctl.format.controls import hidden
    from planctl.status.lookup import find_item
    from planctl.store.entry import Request, build_completion
    from planctl.store.writer import insertion_at, verified_as_next_line, verified_locally

    assume(note is None or not hidden().search(note))  # `done` refuses a note with a hidden character (h89)

    last = "{date: 2009-04-01, by: zhangwei, amount: 1}" if last_note is None else \
        "{date: 2009-04-01, by: zhangwei, amount: 1, note: " + json.dumps(last_note, ensure_ascii=False) + "}"
    path = tmp_path_factory.mktemp("next") / "plan.yaml"
    path.write_bytes(styled(LOGGED.replace("<log>", f"              - {last}{comment}\n"), style).encode("utf-8", "surrogatepass"))
    if open_plan(path, "plan.yaml", require_valid=False).loaded.errors:
        return  # the last entry's note is not valid YAML: nothing to append to
    file = open_plan(path, "plan.yaml", require_valid=True)
    assert file.from_cache
    item = find_item(file.plan, "self-study")
    entry = build_completion(file.plan, item, Request(date(2009, 4, 2), datetime(2026, 11, 25, 8), by or "lina", None,
                                                      amount, note))
    source, anchor = file.loaded.source, file.anchor(item)
    edit = insertion_at(source.text, anchor, item, entry, source.newline, file.seq_indent)
    quick = verified_as_next_line(source, edit, item, anchor, entry)
    full = verified_locally(source, edit, item, anchor, [*item.log, entry], file.plan.year)
    if quick is not None:
        assert quick == full
    if note is None and last_note is None:
        assert quick is not None  # the everyday case takes the quick way


def test_a_second_done_on_a_warm_cache_reads_no_yaml(tmp_path: Path) -> None:
    """Once a task has a log, `done` appends under a line of planctl's own and needs no YAML parser."""
    import subprocess
    import sys

    path = tmp_path / "plan.yaml"
    path.write_text(BUNDLED, encoding="utf-8")
    script = ("import sys\nfrom planctl.cli.main import main\nsys.argv = ['planctl', *sys.argv[1:]]\n"
              "try:\n    main()\nexcept SystemExit as e:\n    code = e.code\n"
              "print(code, 'yaml' in sys.modules)\n")
    args = [sys.executable, "-c", script, "done", "self-study", "-f", str(path), "--by", "lina", "--amount", "2h",
            "--date", "2009-04-0{}", "-q"]

    def done(day: int) -> str:
        argv = [a.format(day) for a in args]
        return subprocess.run(argv, capture_output=True, text=True, check=True).stdout.split()[-2:]

    # no cache yet: a full read, and the new `log:` checked, both of regular lines (format/fasttree.py): no YAML either
    assert done(1) == ["0", "False"]
    assert done(2) == ["0", "False"]
    assert done(3) == ["0", "False"]
    assert path.read_text(encoding="utf-8").count("by: lina, amount: 2") == 3
    assert_cache_matches_file(path)


def test_a_cache_written_by_other_code_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(BUNDLED, encoding="utf-8")
    open_plan(path, "plan.yaml", require_valid=True)
    assert open_plan(path, "plan.yaml", require_valid=True).from_cache
    monkeypatch.setattr(cache, "_code_key", "another planctl")  # as after an upgrade that reads plans differently
    assert not open_plan(path, "plan.yaml", require_valid=True).from_cache


_OFFSET = st.integers(-1, 40)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.booleans(), _OFFSET, st.integers(0, 8), st.sampled_from(["block", "flow", "none"]), _OFFSET,
                          _OFFSET, _OFFSET, _OFFSET, _OFFSET), max_size=12),
       st.lists(st.tuples(st.just(b""), st.integers(0, 3), st.integers(0, 9), _OFFSET, st.integers(-5, 5), st.integers(0, 9)),
                max_size=12),
       st.integers(0, 40), st.integers(-10, 10), st.booleans())
def test_moving_every_anchor_and_log_at_once_moves_each_as_alone(rows: list[tuple[object, ...]], logs: list[tuple[object, ...]],
                                                                  at: int, delta: int, ends_stay: bool) -> None:
    """writer.shifted_rows and cache.shifted_logs (spelt out for speed) move each stored anchor and log as
    writer.shifted_row and cache.shifted_log do one at a time."""
    from planctl.store.writer import _ITEM_END, _NEW_LOG_AT, shifted_row, shifted_rows

    alone = [row if row[_ITEM_END] < at and row[_NEW_LOG_AT] < at else shifted_row(row, at, delta, ends_stay)  # type: ignore[operator]
             for row in rows]
    assert shifted_rows(rows, at, delta, ends_stay) == alone
    assert cache.shifted_logs(logs, at, delta) == [cache.shifted_log(log, at, delta) for log in logs]
