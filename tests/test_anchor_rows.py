"""The anchors a cold read stores in the cache (store/writer.py `anchor_rows`, whose usual item, a block mapping ending in its
block log, is spelt out) are `anchor_row`'s for every item shape, from either reader's tree, and `done` splices the line
where a read without the cache puts it."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import run_cli
from planctl.format.loader import load_bytes
from planctl.store.writer import anchor_row, anchor_rows

HEAD = ("planctl: 1\ntitle: 锚点\nyear: 2009\nroster:\n  people:\n    sha: 沙继承\n"
        "phases:\n  - id: ph\n    title: 第一阶段\n    when: 2009-04-01..2009-05-31\n    tasks:\n")
ENTRY = "{date: 2009-04-03, by: sha}"


def _task(n: int, shape: str) -> str:
    """Task `n` of one shape: where its log is (last, not last, flow, empty, none), how its last entry is written."""
    head = f"      - id: t{n}\n        title: 任务{n}\n        when: 2009-04-01..2009-04-10\n"
    block_log = f"        log:\n          - {ENTRY}\n          - {ENTRY}\n"
    return {
        "block log last": head + block_log,
        "block log, a comment after": head + block_log + "        # 注释\n\n",
        "block entry last": head + block_log + "          - date: 2009-04-05\n            by: sha\n",
        "log, then a note": head + block_log + "        note: 之后\n",
        "log, then a block note": head + block_log + "        note: |\n          第一行\n\n",
        "flow log": head + f"        log: [{ENTRY}]\n",
        "empty flow log": head + "        log: []\n",
        "null log": head + "        log:\n",
        "no log": head,
        "flow item": f"      - {{id: t{n}, title: 任务{n}, when: 2009-04-01..2009-04-10, log: [{ENTRY}]}}\n",
        "flow item without a log": f"      - {{id: t{n}, title: 任务{n}, when: 2009-04-01..2009-04-10}}\n",
    }[shape]


SHAPES = ["block log last", "block log, a comment after", "block entry last", "log, then a note", "log, then a block note",
          "flow log", "empty flow log", "null log", "no log", "flow item", "flow item without a log"]


def _plan(shapes: list[str]) -> str:
    return HEAD + "".join(_task(n, shape) for n, shape in enumerate(shapes))


@settings(max_examples=80, deadline=None)
@given(shapes=st.lists(st.sampled_from(SHAPES), min_size=1, max_size=8))
def test_the_anchors_of_a_cold_read_are_each_items_own(shapes: list[str]) -> None:
    raw = _plan(shapes).encode("utf-8")
    for fast in (True, False):
        loaded = load_bytes("plan.yaml", raw, fast=fast)
        assert loaded.plan is not None and not loaded.errors, loaded.problems
        text, nodes = loaded.source.text, [item.node for item in loaded.plan.items()]
        assert all(node is not None for node in nodes)
        assert anchor_rows(text, nodes) == [anchor_row(text, node) for node in nodes]


def test_done_after_a_cold_check_writes_where_a_read_without_the_cache_does(tmp_path: Path) -> None:
    """The anchors a cold `check` stored place `done`'s line in every shape as a run without the cache places it."""
    text = _plan(SHAPES)
    for n, _shape in enumerate(SHAPES):
        cached, fresh = tmp_path / f"cached{n}" / "plan.yaml", tmp_path / f"fresh{n}" / "plan.yaml"
        for path in (cached, fresh):
            path.parent.mkdir()
            path.write_text(text, encoding="utf-8")
        run_cli("check", "-q", "--plan", str(cached))
        done = ("done", f"t{n}", "--date", "2009-04-06", "--by", "sha", "--again", "-q")
        now = {"PLANCTL_NOW": "2009-04-06T09:00:00+08:00"}
        assert run_cli(*done, "--plan", str(cached), env=now).exit_code == 0
        assert run_cli(*done, "--plan", str(fresh), env={**now, "PLANCTL_CACHE": "0"}).exit_code == 0
        assert cached.read_bytes() == fresh.read_bytes(), SHAPES[n]
