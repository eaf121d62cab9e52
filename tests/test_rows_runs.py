"""The cache keeps the items' rows in runs of cache.ROWS_CHUNK rows, so that the first `due` after a pull decodes
only the runs holding the items it reads again (issue 20). What a user sees must not change: a plan of several
runs, edited after a cold check in its later runs, gives the same `due` and `status` as a fresh read."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from planctl.store import cache
from planctl.store.day_index import RowBlobs

CHUNK = cache.ROWS_CHUNK


def _rows(count: int) -> list[tuple[object, ...]]:
    window = (1, 2)  # one object in many rows, as a phase's window is: stored once within a run
    return [("t", f"t{i}", f"任务 {i}", i // 7 - 1, window, None if i % 3 else [f"p{i % 5}"]) for i in range(count)]


@pytest.mark.parametrize("count", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK + 5])
def test_a_rows_blob_gives_back_every_row_and_each_run(count: int) -> None:
    rows = _rows(count)
    blob = cache.rows_blob_of(rows)
    assert cache.rows_of(blob) == rows
    for run in range((count + CHUNK - 1) // CHUNK):
        assert cache.rows_run(blob, run) == rows[run * CHUNK:(run + 1) * CHUNK]


def test_rows_asked_one_by_one_are_the_rows_and_get_their_blobs() -> None:
    rows = _rows(2 * CHUNK + 5)
    stored = RowBlobs([None] * len(rows), cache.rows_blob_of(rows), (Path("plan.yaml"), "key", None, False))
    for n in (2 * CHUNK + 4, 3, CHUNK, CHUNK - 1, 0, 2 * CHUNK):
        assert stored[n] == rows[n]
        assert stored.blobs[n] is not None
    assert stored.whole() == rows
    assert stored[5] == rows[5]


def test_rows_counted_from_the_end_are_the_rows() -> None:
    rows = _rows(2 * CHUNK + 5)
    stored = RowBlobs([None] * len(rows), cache.rows_blob_of(rows), (Path("plan.yaml"), "key", None, False))
    for n in (-1, -CHUNK - 1, -len(rows)):
        assert stored[n] == rows[n]
    assert stored[-3:] == rows[-3:]


def _plan(tasks: int) -> str:
    lines = ["planctl: 1", "title: 分段计划", "year: 2009", "roster:", "  people:",
             *(f"    p{k}: 人员{k}" for k in range(5)), "phases:"]
    for phase in range(tasks // 100):
        lines += [f"  - id: ph{phase}", f"    title: 第{phase}阶段", "    when: 2009-01-01..2009-12-31", "    tasks:"]
        for k in range(100):
            n = phase * 100 + k
            lines += [f"      - id: t{n}", f"        title: 任务 {n}", f"        when: 2009-04-{1 + n % 28:02d}",
                      f"        who: p{n % 5}"]
            if n % 4 == 0:
                lines += ["        log:", f"          - {{date: 2009-03-{1 + n % 28:02d}, by: p{n % 5}, note: 完成}}"]
    return "\n".join(lines) + "\n"


def _planctl(folder: Path, *args: str, fresh: bool = False) -> str:
    env = {**os.environ, "PLANCTL_TODAY": "2009-04-12", "COLUMNS": "120", "NO_COLOR": "1"}
    if fresh:
        env["PLANCTL_CACHE"] = "0"
    done = subprocess.run([sys.executable, "-m", "planctl", *args, "-f", str(folder / "plan.yaml")],
                          capture_output=True, text=True, timeout=120, cwd=folder, env=env)
    return f"{done.returncode}\n{done.stdout}\n{done.stderr}"


def test_a_pull_into_later_runs_reads_as_a_fresh_read(tmp_path: Path) -> None:
    """4,500 tasks and 45 phases (two runs of rows): after a cold `check`, a teammate's pull retitles a task of
    the second run and adds a completion to one of the first; the next `due` (from the runs it decodes) and
    `status` equal a read without the cache."""
    plan = tmp_path / "plan.yaml"
    plan.write_text(_plan(4500), encoding="utf-8")
    assert CHUNK < 4500 + 45  # items (tasks and phases) of two runs
    _planctl(tmp_path, "check")
    text = plan.read_text(encoding="utf-8")
    text = text.replace("        title: 任务 4400\n", "        title: 任务 4400 修订\n")
    entry = "          - {date: 2009-03-13, by: p1, note: 完成}\n"  # t1356's (1 + 1356 % 28, p{1356 % 5})
    text = text.replace(entry + "      - id: t1357\n", entry + "          - {date: 2009-04-12, by: p1, note: 拉取}\n      - id: t1357\n")
    assert "修订" in text and "拉取" in text
    pulled = tmp_path / "plan.yaml.pull"
    pulled.write_text(text, encoding="utf-8")
    os.replace(pulled, plan)  # as git replaces it
    for command in (("due",), ("due", "--json"), ("status",)):
        assert _planctl(tmp_path, *command) == _planctl(tmp_path, *command, fresh=True), command
