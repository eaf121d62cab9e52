"""Start-up of `planctl due` and `planctl done` on the seed plan at two commits, interleaved in one run.

    .venv/bin/python bench/compare_startup.py OLD_COMMIT [NEW_COMMIT] [--runs N]

Each commit's `src/` is exported to a temporary folder and compiled to bytecode (as `pip install` of
a wheel does); the runs alternate between the two so that the machine's load falls on both alike.
Prints the median and the lowest of each, in milliseconds, as a Markdown table for bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def export(commit: str, into: Path) -> Path:
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit, "src", "plan.yaml"],
                             check=True, capture_output=True).stdout
    into.mkdir(parents=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    compileall.compile_dir(str(into / "src"), quiet=1)
    return into


def timed(tree: Path, args: list[str], work: Path) -> float:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLANCTL_") and k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPATH=str(tree / "src"), NO_COLOR="1", PLANCTL_NOW="2009-04-10T08:00:00+08:00")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "planctl", *args], cwd=work, env=env, check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old")
    parser.add_argument("new", nargs="?", default="HEAD")
    parser.add_argument("--runs", type=int, default=40)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        trees = {name: export(commit, Path(folder) / name) for name, commit in (("old", options.old), ("new", options.new))}
        commands = {"due": ["due", "--today", "2009-04-10"],
                    "done": ["done", "lead-group", "--date", "2009-03-20", "--json"]}
        results: dict[tuple[str, str], list[float]] = {}
        for command, args in commands.items():
            for name, tree in trees.items():
                work = Path(folder) / f"work-{name}-{command}"
                work.mkdir()
                timed(tree, args, work)  # nothing to time without a plan: warms the interpreter's files
            for _ in range(options.runs):
                for name, tree in trees.items():
                    work = Path(folder) / f"work-{name}-{command}"
                    shutil.copy(tree / "plan.yaml", work / "plan.yaml")
                    if command == "due":
                        timed(tree, args, work)  # the cache is written: the run below is a warm `due`
                    results.setdefault((command, name), []).append(timed(tree, args, work))
        print(f"| command | {options.old} median (lowest) | {options.new} median (lowest) |")
        print("| --- | --- | --- |")
        for command in commands:
            old, new = results[(command, "old")], results[(command, "new")]
            print(f"| {command} (seed) | {statistics.median(old):.0f} ms ({min(old):.0f}) | "
                  f"{statistics.median(new):.0f} ms ({min(new):.0f}) |")


if __name__ == "__main__":
    main()
