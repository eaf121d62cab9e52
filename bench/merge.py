"""The merge driver on the L plan (issue 19): the fast path and the full merge, whole processes.

Base is L (10,000 tasks, 100,000 completions); ours and theirs each add completions (with `at`,
as `planctl done` writes them) on one task and one quota, as two teammates syncing do.
`planctl merge-driver` runs RUNS times (the fast path), the full merge (fast path off) FULL
times, interleaved, each a whole process as git runs it; medians, and the load average.

    .venv/bin/python bench/merge.py [--runs 5] [--full 2]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import tempfile
from pathlib import Path

from run import PLANCTL, PYTHON, compile_planctl, generate, run

FULL = ("import sys; from pathlib import Path; from planctl.git.merge import merge_plans; "
        "merge_plans(*(Path(f).read_bytes() for f in sys.argv[1:4]), fast=False)")


def with_entries(text: str, side: str) -> str:
    """`text` with one completion added at the end of the first task's log and of the first quota's."""
    out = text
    for n, where in enumerate(("- id: t5\n", "- id: q0\n")):
        start = out.index(where)
        log = re.compile(r"^( *)log:\n((?:\1 *- \{.*\n)+)", re.M).search(out, start)
        assert log is not None, where
        indent = len(log.group(2)) - len(log.group(2).lstrip(" "))
        line = " " * indent + f"- {{date: 2009-02-0{n + 1}, by: p00{n}, amount: 1, note: {side}, at: 2009-02-0{n + 1}T10:00:0{n}}}\n"
        out = out[: log.end()] + line + out[log.end():]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--full", type=int, default=2)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="planctl-bench-merge-"))
    try:
        compile_planctl()
        base = generate("L", work).read_text(encoding="utf-8")
        files = []
        for name, text in (("base", base), ("ours", with_entries(base, "ours")), ("theirs", with_entries(base, "theirs"))):
            (work / name).write_text(text, encoding="utf-8")
            files.append(str(work / name))
        fast: list[float] = []
        full: list[float] = []
        loads = []
        for i in range(max(args.runs, args.full)):
            if i < args.runs:
                shutil.copy(work / "ours", work / "merged")
                fast.append(run([PLANCTL, "merge-driver", files[0], str(work / "merged"), files[2],
                                 "--path", "plan.yaml"])[0])
            if i < args.full:
                full.append(run([PYTHON, "-c", FULL, *files])[0])
            loads.append(os.getloadavg()[0])
        print(f"merge-driver (fast path), {len(fast)} runs: median {statistics.median(fast) * 1000:.0f} ms "
              f"({min(fast) * 1000:.0f}–{max(fast) * 1000:.0f})")
        if full:
            print(f"full merge (fast path off), {len(full)} runs: median {statistics.median(full) * 1000:.0f} ms "
                  f"({min(full) * 1000:.0f}–{max(full) * 1000:.0f})")
        print(f"load average (1 min) during the runs: {min(loads):.1f}–{max(loads):.1f} on {os.cpu_count()} cores")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
