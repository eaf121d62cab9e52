"""A plan of regular lines read without YAML (format/fasttree.py) is read exactly as YAML reads it (issue 20).

The fast tree must be, node for node and offset for offset, the tree YAML's events give for the
same text (with planctl's entry lines collapsed as fastlog.py collapses them), or None; and a read
through it must give the plan, the problems (at the same line:column) and the anchors of a read of
every line through YAML. Checked on the seed plan, every example, every fixture plan, a generated
large plan, and on Hypothesis's plans of regular lines with random edits (characters YAML reads
otherwise, lines moved in or out, odd lines put in).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from planctl.format import fastlog, fasttree
from planctl.format.source import BOM
from planctl.format.yamltree import ENTRIES, MAP, SEQ, MaskMismatch, Node, compose
from test_fast_read import reading

ROOT = Path(__file__).resolve().parent.parent
PLANS = sorted([ROOT / "plan.yaml", *(ROOT / "docs" / "examples").glob("*.yaml"),
                *(ROOT / "tests" / "fixtures" / "check").glob("*.yaml")])


def shape(node: Node | None) -> Any:
    """Everything a node says, recursively: kind, offsets, plain, flow, and its value."""
    if node is None:
        return None
    if node.kind == MAP:
        value: Any = [(shape(key), shape(item)) for key, item in node.value]
    elif node.kind == SEQ:
        value = [shape(item) for item in node.value]
    else:  # a scalar's text, or an ENTRIES node's columns
        value = node.value
    return node.kind, node.start, node.end, node.plain, node.flow, value


def yaml_tree(text: str) -> Any:
    """The tree YAML's events give, with entry lines collapsed as fastlog.py does (None: not YAML)."""
    problems: list[Any] = []
    try:
        tree = compose(text, problems, fastlog.mask(text))
    except MaskMismatch:
        return "mask mismatch"
    return shape(tree) if not any(p.is_error for p in problems) else ("problems", problems)


def assert_same_read(text: str) -> Node | None:
    """The fast tree is YAML's (when there is one), and reading through it is reading through YAML."""
    body = text.removeprefix(BOM)
    fast = fasttree.compose(body)
    if fast is not None:
        assert shape(fast) == yaml_tree(body)
    assert reading(text, fast=True) == reading(text, fast=False)
    return fast


def test_every_shipped_plan_reads_as_yaml_reads_it() -> None:
    taken = []
    for path in PLANS:
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if assert_same_read(text) is not None:
            taken.append(path.name)
    assert "plan.yaml" in taken and "branch-campaign.yaml" in taken and len(taken) > len(PLANS) // 2


def test_a_generated_large_plan_is_read_without_yaml() -> None:
    """bench/gen.py's plans (the cold check's benchmark) are all regular lines: the fast tree takes them."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from gen import generate
    finally:
        sys.path.remove(str(ROOT / "bench"))
    text = generate(60, 600)
    tree = assert_same_read(text)
    assert tree is not None
    runs = [n for n in _walk(tree) if n.kind == ENTRIES]
    assert sum(len(n.value[0]) for n in runs) == 600


def _walk(node: Node) -> list[Node]:
    children = [v for pair in node.value for v in pair] if node.kind == MAP else node.value if node.kind == SEQ else []
    return [node, *(n for child in children for n in _walk(child))]


# --- plans of regular lines, and random edits of them --------------------------------------------------

SCALARS = ["学习文件", "a b", "a:b", "a#b", "a  b", "1", "1.5", "-1", "true", "null", "~", "2009-04-01..2009-04-10",
           "第1周", "50%", "≤ 20", "a,b", "a]", "a}", "a'b", 'a"b', "'单引号'", "'it''s'", '"双引号"', '""', "''",
           "[a, b]", "[]", "{}", "[ a , b ]", "{name: 机关, members: [a, b]}", "{a: 'x', b: \"y\"}", "[a b, 'c']",
           "x # 注", "'x' # 注", "[a] # 注", "x   ", "全角　空格", "emoji 😀", "p001", "lina"]
KEYS = ["id", "title", "when", "who", "note", "per", "未知", "a b", "1", "true", "x-y", "<<"]
ENTRY_PARTS = ["2009-04-03, by: lina", "2009-04-04", "2009-04-05, by: 王芳, note: 初稿", '2009-04-06, note: "a: b"',
               "2009-04-07, by: lina, at: 2026-11-25T08:30:00+08:00", "2009-04-09, by: lina, unit: jiguan, amount: 2"]
LEFT_TO_YAML = ["2009-04-31, by: lina", "2009-04-08, by: null", "2009-04-10, by: lina, bogus: 1"]  # by fastlog too
ODD_LINES = ["---", "...", "%YAML 1.1", "- - x", "? key", "key: |", "  literal", "key: >", "&a x: 1", "x: *a",
             "x: !!str 1", "\t- x", "x: [a,", "  b]", "x: 'a", "x: \"a\\tb\"", "- ", "-", "x:y", "x : y", "[a]: 1",
             "  # 缩进的注释", "", "x: {a: 1, a: 2}", "x: [a, ]", "x: {a}", "x: 'a'b", "x: \"a\"#c", "  continued"]
ODD_CHARS = ["\t", "\u2028", "\x85", "\ufeff", "\r", "#", ":", "'", '"', "[", "{", "&", "*", "!", "|", ">", "-", "?",
             "%", "@", "`", " ", "\u3000", "😀", ",", "}", "\x07", "\ufffe"]


@st.composite
def entry_run(draw: st.DrawFn, column: int) -> list[str]:
    lines = []
    for _ in range(draw(st.integers(1, 4))):
        if draw(st.integers(0, 6)) == 0:
            lines.append(draw(st.sampled_from(["", " " * column + "# 注释"])))
        comment = draw(st.sampled_from(["", "", "  # x", " "]))
        parts = draw(st.sampled_from(ENTRY_PARTS if draw(st.integers(0, 9)) else LEFT_TO_YAML))
        lines.append(" " * column + "- {date: " + parts + "}" + comment)
    return lines


@st.composite
def item(draw: st.DrawFn, column: int, step: int, depth: int, number: list[int]) -> list[str]:
    """A phase or task at `column` (its dash), its keys at column + 2."""
    number[0] += 1
    inner = " " * (column + 2)
    lines = [" " * column + f"- id: t{number[0]}"]
    keys = [k for k in ("title", "when", "who", "note") if draw(st.booleans())]
    for key in draw(st.permutations(keys)):
        lines.append(f"{inner}{key}: {draw(st.sampled_from(SCALARS))}")
    if draw(st.integers(0, 3)) == 0:
        extra = draw(st.sampled_from([key for key in KEYS if key not in keys and key != "id"]))  # no duplicate
        lines.append(f"{inner}{extra}:" + draw(st.sampled_from(["", "  ", " # 空"])))
    if draw(st.booleans()):
        lines.append(f"{inner}log:")
        lines += draw(entry_run(column + 2 + draw(st.sampled_from([0, step])), ))
    if depth < 3 and draw(st.integers(0, 2)) == 0:
        lines.append(f"{inner}tasks:")
        below = column + 2 + draw(st.sampled_from([0, step]))
        for _ in range(draw(st.integers(1, 2))):
            lines += draw(item(below, step, depth + 1, number))
    return lines


@st.composite
def regular_plans(draw: st.DrawFn) -> str:
    step = draw(st.sampled_from([2, 4]))
    pad = " " * step
    lines = draw(st.sampled_from([[], ["# 计划"], ["", "# 计划", ""]]))
    lines += ["planctl: 1", f"title: {draw(st.sampled_from(SCALARS))}", "year: 2009", "roster:", f"{pad}people:"]
    if draw(st.booleans()):
        lines += [f"{pad * 2}lina: 李娜", f"{pad * 2}王芳: 王芳"]
    else:
        lines[-1] += " {lina: 李娜, 王芳: 王芳}"
    lines += [f"{pad}groups:", f"{pad * 2}branches:", f"{pad * 3}name: 党支部", f"{pad * 3}units:",
              f"{pad * 4}jiguan: {{name: 机关, members: [lina, 王芳]}}", "phases:"]
    number = [0]
    column = draw(st.sampled_from([0, step]))
    for _ in range(draw(st.integers(1, 3))):
        lines += draw(item(column, step, 1, number))
    text = "\n".join(lines) + draw(st.sampled_from(["\n", "\n", "", "\n\n# 完\n", "\n  "]))
    if draw(st.integers(0, 3)) == 0:
        text = text.replace("\n", "\r\n")
    return text


@st.composite
def edited(draw: st.DrawFn, plans: st.SearchStrategy[str]) -> str:
    """A regular plan with a few random edits: characters, lines moved in, out or sideways."""
    lines = draw(plans).split("\n")
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(lines) - 1))
        edit = draw(st.integers(0, 7))
        if edit == 5:
            lines.insert(at, lines[at])
        elif edit == 6:
            lines.insert(at, " " * draw(st.integers(0, 9)) + draw(st.sampled_from(["", "# 注", "#"])))
        elif edit == 7 and at + 1 < len(lines):
            lines[at], lines[at + 1] = lines[at + 1], lines[at]
        elif edit == 0:
            line = lines[at]
            where = draw(st.integers(0, len(line)))
            lines[at] = line[:where] + draw(st.sampled_from(ODD_CHARS)) + line[where:]
        elif edit == 1:
            lines.insert(at, draw(st.sampled_from(ODD_LINES)))
        elif edit == 2 and len(lines) > 1:
            del lines[at]
        elif edit == 3:
            lines[at] = " " * draw(st.sampled_from([1, 2, 4])) + lines[at]
        else:
            lines[at] = lines[at][draw(st.sampled_from([1, 2])):]
    text = "\n".join(lines)
    return BOM + text if draw(st.integers(0, 5)) == 0 else text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(regular_plans())
@example("planctl: 1\ntitle: t\nphases:\n- id: a\n  title: A\n  log:\n  - {date: 2009-04-03}\n  # x\n  - {date: 2009-04-04}\n")
@example("title: t\nphases:\n  - id: a\n    title: A\n    note:\n")
@example("title: t\nnote:\nphases: []\r\n")
def test_regular_plans_are_taken_and_read_as_yaml_reads_them(text: str) -> None:
    """Plans of the shapes fasttree takes (whatever their values mean) are read without YAML, exactly
    as YAML reads them (unless an entry line is one fastlog leaves to YAML: then YAML reads the plan)."""
    tree = assert_same_read(text)
    irregular_entries = any(part in text for part in LEFT_TO_YAML)
    assert tree is not None or irregular_entries


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(edited(regular_plans()))
@example("title: t\r\nphases: []\r")  # a lone CR ends the text
@example("title: t\nphases:\n  - id: a\n    title: A\n     more\n")  # a plain scalar going on below
@example("title: t\nphases:\n  - id: a\n    title: A\n    title: B\n")  # a duplicate key
@example("title: t # x\u2028phases: []\n")  # LS ends a comment for YAML
@example("title: t\nphases:\n  - id: a\n    title: A\n    log:\n      - {date: 2009-04-03} # x\u2028  note: y\n")
@example("  title: t\nphases: []\n")  # the plan's mapping indented
@example("title: t\nphases:\n  - id: a\n    title: 'a\n    b'\n")
# An entry line taken into a plain scalar going on (YAML: "mapping values are not allowed", at the
# `:`), before a second document: the YAML read with entry lines collapsed must not report the second
# document instead (it did).
@example("title: t\nphases:\n- id: t1\n  note: 学习文件\n    - {date: 2009-04-03, by: lina}\n---\n- id: t2\n")
def test_edited_plans_read_as_yaml_reads_them(text: str) -> None:
    assert_same_read(text)


def test_what_fasttree_leaves_to_yaml() -> None:
    """Each of these is a plan fasttree does not take: YAML reads it (and reports what is wrong)."""
    base = "title: t\nphases:\n  - id: a\n    title: A\n"
    for odd in ["    title: B\n", "\ttitle: x\n", "---\n", "    note: |\n      x\n", "    note: &x y\n",
                "    note: !!str y\n", "    note: 'a\n", "    note: \"a\\tb\"\n", "     more\n", "    note: x\r",
                "    who: [a,\n", "    x: y: z\n", "    note: x # \u2028y: 1\n"]:
        text = base + odd
        assert fasttree.compose(text) is None, odd
        assert_same_read(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aZ9_-é 张\n\u4e00\u9fff\u3400\uf900\uffff😀")), max_size=6))
def test_the_id_pattern_matches_as_its_regular_expression(text: str) -> None:
    """rules.ID_PATTERN (matching ASCII text with the ASCII part of the pattern alone) is ID_REGEX + "$"."""
    import re

    from planctl.format.rules import ID_PATTERN, ID_REGEX

    mine, whole = ID_PATTERN.match(text), re.compile(ID_REGEX + "$").match(text)
    assert (mine and mine.span()) == (whole and whole.span())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(regular_plans(), st.sampled_from([1, 2, 9, 40, 120]))
@example("title: t\nphases:\n- id: a\n  title: A # - {date: 2009-04-03}\n  log:\n  - {date: 2009-04-03}\n"
         "  - {date: 2009-04-04, by: lina}\n- id: b\n  title: B\n  log:\n    - {date: 2009-04-05}\n", 1)
def test_entry_lines_read_a_chunk_at_a_time_are_read_as_yaml_reads_them(text: str, chunk: int) -> None:
    """fasttree finds the entry lines a chunk of text at a time, each from the line break before it: with
    chunks ending anywhere (a few characters each), every entry line is still found once, and the tree is
    YAML's (text that looks like an entry line inside another line is not one)."""
    saved = fasttree._CHUNK
    fasttree._CHUNK = chunk
    try:
        fast = fasttree.compose(text.removeprefix(BOM))
    finally:
        fasttree._CHUNK = saved
    if fast is not None:
        assert shape(fast) == yaml_tree(text.removeprefix(BOM))
    else:
        assert any(part in text for part in LEFT_TO_YAML)


LATE_COLUMNS = ("title: t\nphases:\n- id: a\n  log:\n  - {date: 2009-04-03, by: lina}\n  - {date: 2009-04-04}\n"
                "- id: b\n  log:\n  - {date: 2009-04-03}\n  - {date: 2009-04-09, by: lina, unit: jiguan, amount: 2}\n"
                "  - {date: 2009-04-07, note: 初稿, at: 2026-11-25T08:30:00+08:00}\n"
                "- id: c\n  log:\n  - {date: 2009-04-05, by: lina}\n  - {date: 2009-04-04}\n")


@pytest.mark.parametrize("chunk", [1, 60, 1 << 20])
def test_columns_first_written_in_a_later_log_are_read_as_yaml_reads_them(chunk: int) -> None:
    """fasttree gathers a column (by, unit, amount, note, at) line by line once some line has had a value
    in it, and before that gives each log's a list of Nones, one list for the logs of that length: a unit,
    an amount, a note and a time first written in the second log (its own chunk of text, or one with the
    first) are read as YAML reads them, and every log's columns are seven lists of their own (one changed
    in place changes no other column of that log)."""
    saved = fasttree._CHUNK
    fasttree._CHUNK = chunk
    try:
        fast = fasttree.compose(LATE_COLUMNS)
    finally:
        fasttree._CHUNK = saved
    assert fast is not None
    assert shape(fast) == yaml_tree(LATE_COLUMNS)
    logs = [node for node in _walk(fast) if node.kind == ENTRIES]
    assert [len(node.value[0]) for node in logs] == [2, 3, 2]
    assert all(len({id(column) for column in node.value}) == 7 for node in logs)


# --- each distinct line read once (_Builder.reading) ----------------------------------------------------

POOL = ["- id: a", "  title: A", "  log:", "  - {date: 2009-04-03, by: lina}", "  who: lina", "title: t", "phases:",
        "  - id: a", "    title: A", "    log:", "    - {date: 2009-04-03, by: lina}", "      - {date: 2009-04-04}",
        "    tasks:", "      - id: b", "        title: A", "        who: [lina, 王芳]", "  note: 'x'", "", "# 注",
        "- x", "  - x", "  note:", "    note: 学习文件", "x", "      title: A"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(POOL), min_size=1, max_size=30), st.sampled_from([1, 2, 3, 1 << 14]))
@example(["title: t", "phases:", "  - id: a", "    title: A", "  - id: a", "    title: A", "    title: A"], 1 << 14)
@example(["title: t", "phases:", "  - id: a", "    note:", "  - id: b", "    note:", "    note: 学习文件"], 2)
def test_lines_repeated_anywhere_read_as_yaml_reads_them(lines: list[str], kept: int) -> None:
    """A line read once stands for every line of the same text, wherever it is: in another mapping, at
    the end of the text, after a key waiting for its value, as a duplicate key (YAML's path); and with
    only `kept` lines kept read at a time (the readings forgotten now and then)."""
    saved = fasttree._READINGS
    fasttree._READINGS = kept
    try:
        assert_same_read("title: t\nphases:\n" + "\n".join(lines) + "\n")
        assert_same_read("\n".join(lines))
    finally:
        fasttree._READINGS = saved


def test_each_distinct_line_is_matched_once(monkeypatch: Any) -> None:
    """A large plan's cold read matches each distinct line once (by _LINE, or the usual `key: value` line by
    _simple_pair): `log:`, `who: lina` and the like repeat in every item (an entry line starts a run, read
    with its run)."""
    matched: list[str] = []
    pattern = fasttree._LINE

    class Counting:
        def match(self, text: str, *bounds: int) -> Any:
            matched.append(text[bounds[0]:bounds[1]] if bounds else text)
            return pattern.match(text, *bounds)

    simple_pair = fasttree._simple_pair

    def counting_simple_pair(line: str) -> Any:  # the usual `key: value` lines, read without _LINE
        reading = simple_pair(line)
        if reading is not None:
            matched.append(line)
        return reading

    monkeypatch.setattr(fasttree, "_LINE", Counting())
    monkeypatch.setattr(fasttree, "_simple_pair", counting_simple_pair)
    items = "".join(f"  - id: t{i}\n    who: lina\n    log:\n      - {{date: 2009-04-0{i}}}\n" for i in range(1, 8))
    assert fasttree.compose("title: t\nphases:\n" + items) is not None
    body = matched[1:]  # the first: the first content line, found apart
    assert len(body) == len(set(body)) and "    who: lina" in body


_LINE_PARTS = st.sampled_from(["a", "b", "名", "_", "1", "-", " ", ":", "#", "'", '"', "[", "{", "?", ",", ".", "&", "\t",
                                "\r", "\u3000", "\x85", "\u2028", "\ufeff", "\x7f", "\xa0", "- ", ": ", "  ", " #", ":x"])
_KEYS = st.sampled_from(["id", "title", "名称", "a b", "a:b", "k#", "-k", "_k", "1k", "k1", "", "--", "...", "k-k", "ǅ",
                         "a\u0301", "x" * 1001])


@given(st.sampled_from(["", "  ", "        "]), st.sampled_from(["", "- ", "-   ", "-", "- - "]), _KEYS,
       st.sampled_from([": ", ":  ", ":", ": : "]), st.lists(_LINE_PARTS, max_size=10).map("".join))
@example("", "", "k", ": ", "-")
@example("", "- ", "x", ": ", "-1")
def test_simple_pair_reads_a_line_as_the_line_pattern(indent: str, dash: str, key: str, colon: str, value: str) -> None:
    """The usual `key: value` line read without _LINE (_simple_pair) is read as _LINE reads it: the same
    indentation, key, plain value and offsets; a line _LINE refuses or reads otherwise is left to it."""
    line = indent + dash + key + colon + value
    simple = fasttree._simple_pair(line)
    if simple is None:
        return
    found = fasttree._LINE.match(line)
    assert found is not None
    spaces, entry, dashed, written_key, plain, _ = found.groups()
    assert entry is None and plain is not None
    assert simple == (len(spaces), written_key, plain, found.start(5), found.start(4) if dashed is not None else 0)


# --- one item's lines (a cold `done` checks its edit on them: fastlog.compose_item) ---------------------


@st.composite
def item_lines(draw: st.DrawFn) -> str:
    """An item's lines as cut from a plan (writer.verified_locally's snippet): at any column, perhaps
    edited, perhaps with a line after it that falls out of its list."""
    column = draw(st.sampled_from([0, 2, 4, 6]))
    lines = draw(item(column, draw(st.sampled_from([2, 4])), 1, [0]))
    text = "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n" + " " * max(column - 2, 0) + "tasks:\n",
                                                    "\n" + " " * column + "- id: next\n", "\n" + " " * column + "x: 1\n"]))
    return draw(edited(st.just(text))).removeprefix(BOM)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(item_lines())
@example("    - id: t1\n      log:\n      - {date: 2009-04-03}\n  x: 1\n")
@example("  - id: t1\n    title: a\n  - id: t2\n")
@example("  - id: t1\n    title: a\n  log: x\n")
def test_an_items_lines_read_as_yaml_reads_them(text: str) -> None:
    fast = fasttree.compose_item(text)
    if fast is not None:
        assert shape(fast) == yaml_tree(text)


def test_every_shipped_items_lines_are_taken_and_read_as_yaml_reads_them() -> None:
    """Each task's lines of the seed plan (from its first line to the end of the line where it ends,
    as `done` cuts them) are taken without YAML, and read as YAML reads them."""
    from planctl.format.loader import load_bytes
    from planctl.store.writer import anchor_of, end_of_line

    loaded = load_bytes("plan.yaml", (ROOT / "plan.yaml").read_bytes(), fast=True)
    assert loaded.plan is not None
    text = loaded.source.text
    taken = 0
    for it in loaded.plan.items():
        start = text.rfind("\n", 0, it.pos) + 1
        snippet = text[start:end_of_line(text, anchor_of(text, it.node).item_end)]
        fast = fasttree.compose_item(snippet)
        taken += fast is not None
        if fast is not None:
            assert shape(fast) == yaml_tree(snippet)
    assert taken > len(loaded.plan.items()) // 2
