"""The merge driver on the L plan (issue 19): the fast path and the full merge, whole processes.

Base is L (10,000 tasks, 100,000 completions); ours and theirs each add completions (with `at`,
as `planctl done` writes them) on one task and one quota, as two teammates syncing do.
`planctl merge-driver` runs RUNS times (the fast path) without a cache of ours and in a clone where
ours is the cached plan (as after `planctl done`: the logs no one changed are not read again), the
full merge (fast path off) FULL times, interleaved, each a whole process as git runs it; medians, and the load average.

    .venv/bin/python bench/merge.py [--runs 5] [--full 2]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from run import PLANCTL, PYTHON, compile_planctl, generate

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


def timed(argv: list[str], cwd: Path | None = None) -> tuple[float, float]:
    """Wall time and CPU time (user + system, its children included) of one process, in seconds.

    The machine this runs on is shared, so the CPU time is the steadier figure: about what the wall
    time is on an idle machine."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {process.stderr.read().decode() if process.stderr else ''}")
    return elapsed, usage.ru_utime + usage.ru_stime


def said(name: str, samples: list[tuple[float, float]]) -> str:
    wall, cpu = ([s[i] * 1000 for s in samples] for i in (0, 1))
    return (f"{name}, {len(samples)} runs: wall median {statistics.median(wall):.0f} ms ({min(wall):.0f}–{max(wall):.0f}), "
            f"CPU median {statistics.median(cpu):.0f} ms ({min(cpu):.0f}–{max(cpu):.0f})")


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
        clone = work / "clone"  # a clone where planctl last read the plan (as `done` leaves it): ours is cached
        clone.mkdir()
        shutil.copy(work / "ours", clone / "plan.yaml")
        subprocess.run([PLANCTL, "check", "-q", "plan.yaml"], cwd=clone, check=True)
        fast: list[tuple[float, float]] = []
        cached: list[tuple[float, float]] = []
        full: list[tuple[float, float]] = []
        loads = []
        for i in range(max(args.runs, args.full)):
            if i < args.runs:
                shutil.copy(work / "ours", work / "merged")
                fast.append(timed([PLANCTL, "merge-driver", files[0], str(work / "merged"), files[2],
                                   "--path", "nowhere/plan.yaml"]))
                shutil.copy(work / "ours", work / "merged")
                cached.append(timed([PLANCTL, "merge-driver", files[0], str(work / "merged"), files[2],
                                     "--path", "plan.yaml"], cwd=clone))
            if i < args.full:
                full.append(timed([PYTHON, "-c", FULL, *files]))
            loads.append(os.getloadavg()[0])
        print(said("merge-driver (fast path), ours not cached", fast))
        print(said("merge-driver (fast path), ours cached (known valid)", cached))
        if full:
            print(said("full merge (fast path off)", full))
        print(f"load average (1 min) during the runs: {min(loads):.1f}–{max(loads):.1f} on {os.cpu_count()} cores")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
