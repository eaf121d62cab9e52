"""A cold read's fast paths give exactly what the full YAML read gives (issue 20).

Whole plans, not single lines (tests/test_entry_readers.py has those): tasks and quotas whose logs
mix planctl's own entry lines with what hands and other tools write around them (comments, blank
lines, block-style and flow-style entries, odd quoting, anchors and aliases, duplicate keys, other
indentation, tabs), in files with a BOM, CRLF line ends or no final line break. For each, the fast
read (fastlog's columns, the tree built from the masked text) and the full read (every line through
YAML) must give the same plan, entry for entry and offset for offset, the same anchors for `done`,
and the same problems at the same places; and the tree itself must be PyYAML's own composition of
the text, node for node, where PyYAML composes it.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from planctl.format.loader import load_source
from planctl.format.source import Source
from planctl.format.yamltree import ENTRIES, MAP, SCALAR, SEQ, Node, compose
from planctl.model import LazyLog
from planctl.store.writer import anchor_of, sequence_indent

HEAD = """title: 基准
year: 2009
roster:
  people: {zhangwei: 张伟, lina: 李娜, 王芳: 王芳}
  groups:
    branches:
      name: 党支部
      units:
        jiguan: {name: 机关, members: [zhangwei, lina]}
phases:
  - id: p
    title: 第一阶段
    when: 2009-04-01..2009-04-30
    quotas:
      - id: study
        title: 自学
        who: branches
"""

BY = ["zhangwei", "lina", "王芳", "nobody", "张伟"]
NOTES = ["", ", note: 初稿", ", note: 读《摘编》第3章", ', note: "a: b"', ', note: "\\u00e9 x"', ", note: null"]
AT = ["", ", at: 2026-11-25T08:30:00+08:00", ", at: 2026-11-25T08:30:00", ", at: 2026-11-25T25:30:00"]


@st.composite
def own_line(draw: st.DrawFn, indent: str, amount: bool) -> str:
    """An entry line as planctl writes it (some with values YAML reads otherwise, or that are wrong)."""
    day = draw(st.sampled_from(["2009-04-03", "2009-04-30", "2009-04-31", "2009-03-31", "2009-04-15"]))
    by = draw(st.sampled_from(["", *(f", by: {b}" for b in BY)]))
    unit = draw(st.sampled_from(["", "", ", unit: jiguan", ", unit: nowhere"])) if amount else ""
    value = draw(st.sampled_from(["", ", amount: 2", ", amount: 2", ", amount: 1.5", ", amount: 0", ", amount: 120"])) if amount else ""
    comment = draw(st.sampled_from(["", "", "", " # 备注", "  #x"]))
    return f"{indent}- {{date: {day}{by}{unit}{value}{draw(st.sampled_from(NOTES))}{draw(st.sampled_from(AT))}}}{comment}"


def other_lines(indent: str) -> st.SearchStrategy[list[str]]:
    """Lines in a log that are not planctl's own entry lines."""
    return st.sampled_from([
        [f"{indent}# a comment"], [""], [f"{indent}- date: 2009-04-04", f"{indent}  by: lina"],
        [f"{indent}- {{date: '2009-04-05', by: \"lina\"}}"], [f"{indent}- {{by: lina, date: 2009-04-06}}"],
        [f"{indent}- {{date: 2009-04-07, date: 2009-04-08}}"], [f"{indent}- &a {{date: 2009-04-09}}"], [f"{indent}- *a"],
        [f"{indent}  - {{date: 2009-04-10}}"], [f"{indent}- {{date: 2009-04-11}}   "], [f"{indent}\t- {{date: 2009-04-12}}"],
        [f"{indent}- {{date: 2009-04-13, by: lina, bogus: 1}}"], [f"{indent}- !!str {{date: 2009-04-14}}"],
        [f"{indent}- {{date: 2009-04-15}} {{date: 2009-04-16}}"], [f"{indent}- {{date: 2009-04-17"],
    ])


@st.composite
def log_block(draw: st.DrawFn, indent: str, amount: bool) -> list[str]:
    """The lines under a `log:` key: mostly planctl's own, now and then something else."""
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 6))):
        if draw(st.integers(0, 3)) == 0:
            lines += draw(other_lines(indent))
        else:
            lines.append(draw(own_line(indent, amount)))
    return lines


@st.composite
def plans(draw: st.DrawFn) -> str:
    lines = HEAD.splitlines()
    per, unit = draw(st.sampled_from(["unit", "person"])), draw(st.sampled_from(["h", "次", "%"]))
    lines += [f"        per: {per}", f"        target: {8 if unit != '%' else '95%'}", f"        unit: {unit}"]
    if draw(st.booleans()):
        lines += ["        log:", *draw(log_block("          ", True))]
    else:
        lines += ["        log: [{date: 2009-04-03, by: lina, unit: jiguan, amount: 2}]"]
    lines.append("    tasks:")
    for n in range(draw(st.integers(1, 4))):
        lines += [f"      - id: t{n}", f"        title: 任务 {n}", "        who: lina"]
        style = draw(st.integers(0, 5))
        if style == 0:
            continue
        if style == 1:
            lines.append("        log: [{date: 2009-04-03, by: lina}, {date: 2009-04-04}]")
        elif style == 2:
            lines += ["        log:", *draw(log_block("        ", False))]  # entries at the key's own column
        else:
            lines += ["        log:", *draw(log_block("          ", False))]
        if draw(st.integers(0, 4)) == 0:
            lines.append("        note: 备注")
    text = "\n".join(lines) + draw(st.sampled_from(["\n", "\n", "", "\n# end\n"]))
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    if draw(st.integers(0, 4)) == 0:
        text = "\ufeff" + text
    return text


def reading(text: str, fast: bool) -> tuple[Any, ...]:
    """What a read gives: every problem where it is, and every item with its log and anchor."""
    loaded = load_source(Source("plan.yaml", text.removeprefix("\ufeff"), has_bom=text.startswith("\ufeff")), fast=fast)
    problems = [(p.offset, p.line, p.column, p.severity, p.message) for p in loaded.problems]
    if loaded.plan is None:
        return problems, None
    body = loaded.source.text
    items = [(item.id, item.window, [(e.key(), e.pos) for e in item.log],
              tuple(anchor_of(body, item.node)) if item.node is not None else None) for item in loaded.plan.items()]
    indent = sequence_indent(loaded.tree, body) if loaded.tree is not None else None
    return problems, items, indent


def quota_plan(per: str, unit: str, *entries: str) -> str:
    """HEAD with its quota counted `per` in `unit`, logging `entries` (inside the braces), and one task."""
    target = "95%" if unit == "'%'" else "8"
    log = "".join(f"          - {{{entry}}}\n" for entry in entries)
    return f"{HEAD}        per: {per}\n        target: {target}\n        unit: {unit}\n        log:\n{log}" \
           "    tasks:\n      - id: t\n        title: t\n"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(plans())
@example(quota_plan("unit", "h", "date: 2009-04-03, by: lina", "date: 2009-04-04, by: lina").replace(
    "lina}\n", "lina}\n          # x\n", 1))
@example(quota_plan("unit", "h", "date: 2009-04-03, by: nobody", "date: 2009-04-31, by: lina", "date: 2009-04-04, by: lina"))
@example(quota_plan("unit", "h", "date: 2009-04-03, amount: 2", "date: 2009-04-04, by: 王芳, amount: 2"))
@example(quota_plan("person", "h", "date: 2009-04-03, amount: 2", "date: 2009-04-03, by: lina, amount: 2"))
@example(quota_plan("person", "h", "date: 2009-04-03, by: lina, amount: 2", "date: 2009-03-03, by: 张伟, amount: 2"))
@example(quota_plan("person", "'%'", "date: 2009-04-03, by: lina, amount: 120"))
def test_the_fast_read_gives_the_full_reads_plan_and_problems(text: str) -> None:
    assert reading(text, fast=True) == reading(text, fast=False)


def test_a_log_the_fast_reader_took_whole_is_left_as_columns() -> None:
    """The cold read's saving: a log of planctl's own lines builds no entry until one is looked at."""
    text = quota_plan("unit", "h", *(f"date: 2009-04-{d:02d}, by: lina, unit: jiguan, amount: 2" for d in range(1, 20)))
    loaded = load_source(Source("plan.yaml", text), fast=True)
    assert not loaded.errors and loaded.plan is not None
    log = loaded.plan.find("study").log  # type: ignore[union-attr]
    assert isinstance(log, LazyLog) and not log.materialized
    full = load_source(Source("plan.yaml", text)).plan
    assert full is not None and [e.key() for e in log] == [e.key() for e in full.find("study").log]  # type: ignore[union-attr]


# --- the tree against PyYAML's own composer -------------------------------------------------------


def same_tree(ours: Node, theirs: yaml.Node) -> None:
    """Our node is PyYAML's: kind, offsets, style and value, recursively."""
    assert (ours.start, ours.end) == (theirs.start_mark.index, theirs.end_mark.index)
    if isinstance(theirs, yaml.ScalarNode):
        assert ours.kind == SCALAR and ours.value == theirs.value and ours.plain == (theirs.style is None)
        return
    assert ours.flow == bool(theirs.flow_style)
    if isinstance(theirs, yaml.SequenceNode):
        assert ours.kind == SEQ and len(ours.value) == len(theirs.value)
        for mine, its in zip(ours.value, theirs.value, strict=True):
            same_tree(mine, its)
        return
    assert ours.kind == MAP and len(ours.value) == len(theirs.value)
    for (key, value), (its_key, its_value) in zip(ours.value, theirs.value, strict=True):
        same_tree(key, its_key)
        same_tree(value, its_value)


def no_entries(node: Node) -> bool:
    children = [v for pair in node.value for v in pair] if node.kind == MAP else node.value if node.kind == SEQ else []
    return node.kind != ENTRIES and all(no_entries(child) for child in children)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(plans())
def test_the_tree_is_pyyamls_composition_of_the_text(text: str) -> None:
    text = text.removeprefix("\ufeff")
    try:
        theirs = yaml.compose(text, Loader=yaml.SafeLoader)  # PyYAML's pure-Python composer: the reference
    except yaml.YAMLError:
        return  # not YAML: the problems are compared above
    if any(mark in text for mark in ("&a", "*a", "!!str")):
        return  # PyYAML shares aliased nodes and resolves tags; planctl refuses both (compared above)
    problems: list = []
    ours = compose(text, problems)
    assert ours is not None and no_entries(ours)
    same_tree(ours, theirs)


WINDOWS = ["2009-04-01..2009-04-10", "'2009-04-01..2009-04-10'", "4月上旬", "2009", "'2009'", "2009-04-31", "1.5",
           "2009-04-03", "null", "第1周", "'4月上旬'", "true"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WINDOWS), min_size=1, max_size=6))
def test_a_tasks_window_reads_as_if_it_were_the_only_task(whens: list[str]) -> None:
    """The reader reads each distinct window text once (issue 20): a task's window and the problems of its
    `when:` are those of the same task alone in a plan, whatever windows (quoted, plain, numbers, nulls,
    impossible days) the tasks before it wrote."""
    def plan(items: list[str]) -> str:
        tasks = "".join(f"      - id: t{i}\n        title: t\n        when: {when}\n" for i, when in enumerate(items))
        return f"title: t\nyear: 2009\nphases:\n  - id: p\n    title: p\n    tasks:\n{tasks}"

    def task_says(text: str) -> list[tuple[Any, list[str]]]:
        loaded = load_source(Source("plan.yaml", text), fast=True)
        assert loaded.plan is not None
        tasks = loaded.plan.phases[0].tasks
        starts = [task.pos for task in tasks] + [len(text)]
        said = [(p.offset, re.sub(r"task 1\.[0-9]+", "task", p.message)) for p in loaded.problems]  # its outline aside
        return [(task.window, [message for offset, message in said if start <= offset < end])
                for task, start, end in zip(tasks, starts, starts[1:], strict=False)]

    together = task_says(plan(whens))
    alone = [task_says(plan([when]))[0] for when in whens]
    assert together == alone
