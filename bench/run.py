"""Benchmark planctl as whole processes, beside Taskwarrior on the same tasks, and write bench/RESULTS.md.

    .venv/bin/python bench/run.py            # all sizes (a few minutes)
    .venv/bin/python bench/run.py --quick    # fewer runs, for a look
    .venv/bin/python bench/run.py --cold --before main --sizes L,XL   # a fresh clone's `check`, before and after

Each figure is the median of several runs of a whole process (start-up included), with the
spread (lowest–highest); peak memory is the process's maximum resident set. "Cold" runs follow a
change to the plan file (a comment line is rewritten, so the cache misses); "warm" runs find the
file as the previous run left it. Taskwarrior runs interleave with planctl (A B A B) so both see
the same machine load.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
PLANCTL = str(BIN / "planctl")
PYTHON = sys.executable
TODAY = "2009-04-12"


@dataclass
class Sample:
    seconds: list[float] = field(default_factory=list)
    peak_kb: list[int] = field(default_factory=list)
    cpu_seconds: list[float] = field(default_factory=list)  # user + system of the process and its children

    def add(self, seconds: float, peak_kb: int, cpu: float = 0.0) -> None:
        self.seconds.append(seconds)
        self.peak_kb.append(peak_kb)
        self.cpu_seconds.append(cpu)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def cpu(self) -> float:
        """The median CPU time: on a shared, loaded machine the steadier figure (about an idle machine's wall time)."""
        return statistics.median(self.cpu_seconds)

    def cell(self) -> str:
        return f"{self.median * 1000:.0f} ms ({min(self.seconds) * 1000:.0f}–{max(self.seconds) * 1000:.0f})"

    def memory(self) -> str:
        return f"{max(self.peak_kb) / 1024:.0f} MB"


TIME = shutil.which("time") and Path("/usr/bin/time").exists()


def run(argv: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> tuple[float, int, float]:
    """Wall time, peak RSS (KB) and CPU time (user + system, s) of one process, its output discarded.

    The peak is read by GNU time, a small process in between: a child forked straight from this
    (large) Python would report the parent's pages as its own peak until it execs.
    """
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        command = ["/usr/bin/time", "-f", "%M", "-o", rss.name, *argv] if TIME else argv
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=cwd)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        if proc.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}): {stderr.strip()}")
        peak = int(Path(rss.name).read_text().split()[-1]) if TIME else usage.ru_maxrss
    return elapsed, peak, usage.ru_utime + usage.ru_stime  # GNU time waits for planctl: its CPU is counted


def generate(size: str, out: Path) -> Path:
    spec = importlib.util.spec_from_file_location("gen", HERE / "gen.py")
    assert spec is not None and spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    path = out / size.lower() / "plan.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    if size == "seed":
        shutil.copy(ROOT / "plan.yaml", path)
    elif size in ("R", "R0"):
        path.write_text(gen.generate_recurring(repeat=size == "R"), encoding="utf-8")
    else:
        path.write_text(gen.generate(*gen.SIZES[size]), encoding="utf-8")
    return path


def touch_plan(path: Path, n: int) -> None:
    """Change the file (its last comment line) so the next run starts cold."""
    text = path.read_text(encoding="utf-8")
    marker = "# bench run "
    if marker in text:
        text = text[: text.index(marker)]
    path.write_text(f"{text}{marker}{n}\n", encoding="utf-8")


def planctl_env() -> dict[str, str]:
    """The environment of a user's shell: bytecode caching on (as after any pip install)."""
    dropped = ("PYTHONDONTWRITEBYTECODE", "PLANCTL_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES")  # English: LANG below
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    return {**env, "COLUMNS": "120", "NO_COLOR": "1", "LANG": "C.UTF-8"}


def compile_planctl() -> None:
    """Write planctl's bytecode once before timing, as `pip install` of a wheel does.

    An editable install compiles on first import; a shell with PYTHONDONTWRITEBYTECODE set (some
    sandboxes and CI images) would otherwise make every timed run compile planctl from source while
    Typer, Rich and PyYAML load their installed bytecode.
    """
    import compileall

    import planctl

    compileall.compile_dir(str(Path(planctl.__file__).parent), quiet=1, force=True)


def bench_plan(path: Path, runs: int, floor: Sample | None = None) -> dict[str, Sample]:
    """Each command over `runs` runs; with `floor`, the import floor runs between them (A B A B)."""
    env = planctl_env()
    floor_argv = [PYTHON, "-c", "import typer, yaml, rich.console, rich.table"]
    results = {name: Sample() for name in ("check cold", "check warm", "due cold", "due warm", "due warm, Chinese", "done")}
    due = [PLANCTL, "due", "-f", str(path), "--today", TODAY]
    check = [PLANCTL, "check", "-q", str(path)]
    for n in range(runs):
        touch_plan(path, n)
        results["check cold"].add(*run(check, env))
        results["check warm"].add(*run(check, env))
        touch_plan(path, n + 1000)
        results["due cold"].add(*run(due, env))
        if floor is not None:
            floor.add(*run(floor_argv, env))
        results["due warm"].add(*run(due, env))
        results["due warm, Chinese"].add(*run(due, {**env, "LANG": "zh_CN.UTF-8"}))  # the catalog loaded (issue 17)
    target = done_target(path)
    for n in range(runs):
        if floor is not None:
            floor.add(*run(floor_argv, env))
        results["done"].add(*run([PLANCTL, "done", "-f", str(path), target, "--again", "--date", TODAY,
                                  "--note", f"bench {n}"], env))
    return results


LANGUAGE_SECTION = "## `due` start-up by language (issue 17)"
LANGUAGE_BUDGET_MS = 3.0  # issue 17: choosing and loading the catalog adds at most 3 ms to `due` on the seed plan


def cpu_run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """CPU time (user + system) and wall time of one process, in seconds, its output discarded. CPU time is
    what the process itself spent: on a shared machine it varies far less than the wall time."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} failed")
    return usage.ru_utime + usage.ru_stime, wall


LANGUAGES = {"C": "C", "zh_CN.UTF-8": "zh_CN.UTF-8"}


def bench_language(path: Path, runs: int) -> dict[str, list[tuple[float, float]]]:
    """A warm `due` on `path` under LANG=C and LANG=zh_CN.UTF-8, `runs` pairs, interleaved, which language
    goes first alternating, so that the machine's load and any order effect fall on both alike."""
    env = planctl_env()
    due = [PLANCTL, "due", "-f", str(path), "--today", TODAY]
    results: dict[str, list[tuple[float, float]]] = {lang: [] for lang in LANGUAGES}
    for lang in LANGUAGES:
        cpu_run(due, {**env, "LANG": lang})  # the cache written, the files in the page cache
    for n in range(runs):
        for lang in (list(LANGUAGES) if n % 2 == 0 else list(reversed(LANGUAGES))):
            results[lang].append(cpu_run(due, {**env, "LANG": lang}))
    return results


CATALOG_PROBE = """
import os, statistics, sys, time
os.environ.update(NO_COLOR="1", COLUMNS="120")
from typer.testing import CliRunner
from planctl import i18n
from planctl.cli.app import app
best = {}
for lang in ("C", "zh_CN.UTF-8"):
    os.environ["LANG"] = lang
    times = []
    for _ in range(300):
        i18n._loaded.clear()
        i18n.reset()
        start = time.perf_counter()
        i18n._("Overdue")
        times.append(time.perf_counter() - start)
    best[lang] = min(times)
runner = CliRunner()
args = ["due", "--today", "2009-04-12", "--plan", sys.argv[1]]
spent = {"C": [], "zh_CN.UTF-8": []}
for n in range(-2, 200):
    for lang in (("C", "zh_CN.UTF-8") if n % 2 == 0 else ("zh_CN.UTF-8", "C")):
        i18n._loaded.clear()
        start = time.process_time()
        assert runner.invoke(app, args, env={"LANG": lang}).exit_code == 0
        if n >= 0:
            spent[lang].append(time.process_time() - start)
paired = statistics.median(zh - en for en, zh in zip(spent["C"], spent["zh_CN.UTF-8"]))
print(best["C"] * 1000, best["zh_CN.UTF-8"] * 1000, paired * 1000)
"""


def language_report(results: dict[str, list[tuple[float, float]]], runs: int) -> str:
    """The section of RESULTS.md: CPU and wall medians per language, the median of the paired differences,
    the in-process cost of choosing and loading the catalog, and the 3 ms target."""
    english, chinese = results["C"], results["zh_CN.UTF-8"]
    paired = sorted((zh[0] - en[0]) * 1000 for en, zh in zip(english, chinese, strict=True))
    difference = statistics.median(paired)
    low, high = paired[len(paired) // 4], paired[3 * len(paired) // 4]
    probe = subprocess.run([PYTHON, "-c", CATALOG_PROBE, str(ROOT / "plan.yaml")], env=planctl_env(), capture_output=True,
                           text=True, check=True)
    in_english, in_chinese, in_process = (float(x) for x in probe.stdout.split())

    def cell(values: list[float]) -> str:
        return f"{statistics.median(values) * 1000:.1f} ms ({min(values) * 1000:.1f})"

    lines = [LANGUAGE_SECTION, "",
             f"{machine()}. `bench/run.py --language-only` redoes this "
             f"section alone. A warm `planctl due --today {TODAY}` on the bundled plan.yaml, {runs} runs in each "
             "language, interleaved (which goes first alternating); CPU time is user + system of the process. "
             f"Load average (1 min) when it finished: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.", "",
             "| LANG | CPU median (lowest) | wall median (lowest) |", "| --- | --- | --- |"]
    for lang, sample in results.items():
        lines.append(f"| {lang} | {cell([cpu for cpu, _ in sample])} | {cell([wall for _, wall in sample])} |")
    lines += ["", f"Chinese − English, median of the {runs} paired CPU differences: {difference:+.1f} ms "
              f"(middle half {low:+.1f} to {high:+.1f} ms). In one process, best of 300: choosing the language and "
              f"loading the catalog for the first message takes {in_english:.3f} ms in English (no file read) and "
              f"{in_chinese:.3f} ms in Chinese; a whole `due` run after the imports (catalog loaded afresh, every "
              f"message looked up, the wider text laid out), 200 interleaved pairs of CPU time: Chinese "
              f"{in_process:+.2f} ms over English. The process figures wander with the machine's load by more than "
              "the difference; the in-process ones are the steady measure of what the language adds.", "",
              "| target | measured | limit | |", "| --- | --- | --- | --- |",
              f"| seed: due in Chinese − due in English (CPU, paired median) | {difference:.1f} ms | "
              f"{LANGUAGE_BUDGET_MS:g} ms | {verdict(difference <= LANGUAGE_BUDGET_MS)} |", ""]
    return "\n".join(lines)


SEED_DOCUMENT = ROOT / "tests" / "fixtures" / "import" / "seed.txt"
PAGE_CHARACTERS = 1000  # characters on a printed page of a Chinese plan document (A4, 小四号)


def long_document(out: Path, pages: int = 100) -> Path:
    """A plan document of `pages` pages: the seed's phases again and again, each copy a year later."""
    lines = SEED_DOCUMENT.read_text(encoding="utf-8").splitlines()
    body = [line for line in lines[4:] if not line.startswith("- ")]
    chunks = [lines[0]]
    year = 2009
    while sum(len(c) for c in chunks) < pages * PAGE_CHARACTERS:
        chunks += [line.replace("2009年", f"{year}年") for line in body]
        year += 1
    out.write_text("\n".join(chunks) + "\n", encoding="utf-8")
    return out


def bench_import(work: Path, runs: int) -> dict[str, Sample]:
    """`planctl import` of the seed document and of a 100-page one (--dry-run: the time is the reading)."""
    env = planctl_env()
    documents = {"seed document": SEED_DOCUMENT, "100-page document": long_document(work / "long.txt")}
    results = {name: Sample() for name in documents}
    for _ in range(runs):
        for name, document in documents.items():
            results[name].add(*run([PLANCTL, "import", str(document), "--dry-run"], env))
    return results


def done_target(path: Path) -> str:
    return "mobilize" if "动员部署" in path.read_text(encoding="utf-8") else "t5"


# --- five clones of the L plan syncing (issue 19) --------------------------------------------

SYNC_CLONES = 5
SYNC_SECTION = "## Five clones of L syncing"


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def bench_sync(work: Path) -> dict[str, Sample]:
    """Five clones of the L plan each log on the same task, then sync one after another, so every sync
    after the first merges. Times: `planctl merge-driver` alone on each merge's three versions (a
    whole process, as git runs it), and each whole `planctl sync` (in-process merge, the default;
    and with PLANCTL_SYNC_INPROCESS=0, git running the driver program)."""
    plan = generate("L", work)
    root = work / "sync"
    root.mkdir()
    bare, seed = root / "remote.git", root / "seed"
    _git(root, "init", "-q", "--bare", "-b", "main", str(bare))
    _git(root, "clone", "-q", str(bare), str(seed))
    shutil.copy(plan, seed / "plan.yaml")
    (seed / ".gitattributes").write_text("/plan.yaml merge=planctl\n", encoding="utf-8")
    env = {**planctl_env(), "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.com"}
    for key, value in env.items():
        if key.startswith("GIT_"):
            os.environ[key] = value
    _git(seed, "add", ".")
    _git(seed, "commit", "-q", "-m", "plan")
    _git(seed, "push", "-q", "origin", "main")
    driver = f"{PLANCTL} merge-driver %O %A %B --marker-size %L --path %P"
    results = {name: Sample() for name in ("merge-driver, one merge", FULL_MERGE, "sync (merges in-process)",
                                           "sync (git runs the driver)")}
    for mode, name in (("1", "sync (merges in-process)"), ("0", "sync (git runs the driver)")):
        clones = []
        for i in range(SYNC_CLONES):
            where = root / f"{mode}-c{i}"
            _git(root, "clone", "-q", str(bare), str(where))
            _git(where, "config", "merge.planctl.driver", driver)
            clones.append(where)
        for i, where in enumerate(clones):
            run([PLANCTL, "done", "-f", str(where / "plan.yaml"), done_target(plan), "--again", "--date", TODAY,
                 "--note", f"clone {i}"], env)
        for i, where in enumerate(clones):
            results[name].add(*run([PLANCTL, "sync", "-f", str(where / "plan.yaml")],
                                   {**env, "PLANCTL_SYNC_INPROCESS": mode}))
            if i and mode == "1":
                files = _versions(where)
                results["merge-driver, one merge"].add(*run([PLANCTL, "merge-driver", *files, "--path", "plan.yaml"], env))
                if i in (1, SYNC_CLONES - 1):  # the full merge is slow: twice is enough to compare
                    results[FULL_MERGE].add(*run([PYTHON, "-c", FULL_MERGE_CODE, *files], env))
    return results


FULL_MERGE = "the same merge, fast path off"
FULL_MERGE_CODE = ("import sys; from pathlib import Path; from planctl.git.merge import merge_plans; "
                   "merge_plans(*(Path(f).read_bytes() for f in sys.argv[1:4]), fast=False)")


def _versions(where: Path) -> list[str]:
    """Files holding base, ours and theirs of the merge sync just made (HEAD)."""
    base = _git(where, "merge-base", "HEAD^1", "HEAD^2").strip()
    files = []
    for rev, name in ((base, "base"), ("HEAD^1", "ours"), ("HEAD^2", "theirs")):
        path = where.parent / f"{where.name}-{name}.yaml"
        path.write_bytes(subprocess.run(["git", "show", f"{rev}:plan.yaml"], cwd=where, check=True,
                                        capture_output=True).stdout)
        files.append(str(path))
    return files


def sync_report(results: dict[str, Sample]) -> str:
    per_merge = results["merge-driver, one merge"].median
    lines = [SYNC_SECTION, "",
             f"L (10,000 tasks, 100,000 completions), {SYNC_CLONES} clones of one bare repository on this machine; "
             "each logs one completion on the same task, then they sync one after another (every sync after the "
             "first merges). `bench/run.py --sync-only` redoes this section alone. Load average (1 min) when "
             f"it finished: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.", "",
             "| what | time | peak memory |", "| --- | --- | --- |"]
    lines += [f"| {name} | {sample.cell()} | {sample.memory()} |" for name, sample in results.items()]
    lines += ["", "| target | measured | limit | |", "| --- | --- | --- | --- |",
              f"| L: merge driver, one merge < 2 s | {per_merge:.2f} | 2 | {verdict(per_merge < 2)} |", "",
              "Where a merge's time goes: when base, ours and theirs differ only in log lines (the merges here), "
              "the driver's fast path (merge.fast_merge) cuts each into the lines outside the logs, which must be "
              "the same in all three, and its log blocks, and reads the plan once: the shared lines with every "
              "entry of every version, which checks all three as the full merge's reads would. That one read of "
              "L is most of the time left; the full path (fast path off) reads base, ours, theirs and the result."]
    return "\n".join(lines) + "\n"


RECURRING_SECTION = "## Recurring tasks"
RECURRING_TODAY = "2009-04-12"


def bench_recurring(work: Path, runs: int) -> dict[str, Sample]:
    """Warm `due` on R (1,000 recurring tasks over a year) and R0 (the same without `repeat:`),
    interleaved (R0 R R0 R …) so both see the same load; and warm `due --json`."""
    env = planctl_env()
    plans = {size: generate(size, work) for size in ("R0", "R")}
    results: dict[str, Sample] = {}
    for path in plans.values():
        run([PLANCTL, "due", "-f", str(path), "--today", RECURRING_TODAY], env)  # the cache
    for _ in range(runs):
        for size, path in plans.items():
            for extra in ((), ("--json",)):
                name = f"{size}: due warm{' --json' if extra else ''}"
                results.setdefault(name, Sample()).add(*run([PLANCTL, "due", "-f", str(path), "--today",
                                                             RECURRING_TODAY, *extra], env))
    return results


def recurring_report(results: dict[str, Sample], occurrences: int) -> str:
    ratio = results["R: due warm"].median / results["R0: due warm"].median
    ratio_json = results["R: due warm --json"].median / results["R0: due warm --json"].median
    lines = [RECURRING_SECTION, "",
             f"R: 1,000 tasks with `repeat:` over 2009 ({occurrences:,} occurrences; every occurrence before "
             f"{RECURRING_TODAY} logged on its day). R0: the same tasks without `repeat:` and without the "
             "completions (with them every one-off task would be done and `due` would show nothing). Both show "
             "about 900–1,000 rows. `bench/run.py --recurring-only` redoes this section alone. Load average (1 min) "
             f"when it finished: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.", "",
             "| what | time | peak memory |", "| --- | --- | --- |"]
    lines += [f"| {name} | {sample.cell()} | {sample.memory()} |" for name, sample in results.items()]
    lines += ["", "| target | measured | limit | |", "| --- | --- | --- | --- |",
              f"| R: warm due ≤ 1.5 × R0 | {ratio:.2f} | 1.5 | {verdict(ratio <= 1.5)} |",
              f"| R: warm due --json ≤ 1.5 × R0 | {ratio_json:.2f} | 1.5 | {verdict(ratio_json <= 1.5)} |"]
    return "\n".join(lines) + "\n"


def count_occurrences(path: Path) -> int:
    from planctl.format.loader import load_path
    from planctl.format.recurrence import Series

    plan = load_path(path).plan
    assert plan is not None
    return sum(Series(t.repeat, t.window).count for t in plan.walk() if t.repeat is not None and t.window is not None)


def replace_section(out: Path, heading: str, section: str) -> str:
    """`out` with the section under `heading` replaced by `section` (added at the end when missing);
    the sections after it stay."""
    text = out.read_text(encoding="utf-8") if out.exists() else ""
    if heading in text:
        before, after = text.split(heading, 1)
        rest = after[after.index("\n## "):] if "\n## " in after else ""
        text = before.rstrip("\n") + "\n\n" + section + rest
    elif SYNC_SECTION in text:  # the sync section stays last (replace_sync_section drops what follows it)
        before, after = text.split(SYNC_SECTION, 1)
        text = before.rstrip("\n") + "\n\n" + section + "\n" + SYNC_SECTION + after
    else:
        text = (text.rstrip("\n") + "\n\n" if text else "") + section
    out.write_text(text, encoding="utf-8")
    return text


def replace_sync_section(out: Path, section: str) -> str:
    text = out.read_text(encoding="utf-8") if out.exists() else ""
    if SYNC_SECTION in text:
        text = text[: text.index(SYNC_SECTION)].rstrip("\n") + "\n"
    text = (text.rstrip("\n") + "\n\n" if text else "") + section
    out.write_text(text, encoding="utf-8")
    return text


# --- issue 20: sizes, after a pull, undo, the views, completion ----------------------------------

SCALE_SECTION = "## Sizes, after a pull, undo, views, completion"
SCALE_SIZES = ("M", "L", "30k")  # XL with --xl


def pull_edit(path: Path, n: int) -> None:
    """A teammate's pull: three new completion lines on three tasks and one retitled task, the file
    replaced as git replaces it."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    step = max(1, len(lines) // 4)
    done = 0
    for k in range(step * (n % 3 + 1) // 3, len(lines) - 1, step):
        if "note: 完成}" in lines[k] and done < 3:
            lines.insert(k + 1, lines[k].replace("完成", f"拉取 {n}"))
            done += 1
    for k in range(len(lines) // 2 + n, len(lines)):
        if lines[k].startswith("        title: "):
            lines[k] = lines[k].rstrip("\n") + f" 修订{n}\n"
            break
    temp = path.with_name(path.name + ".pull")
    temp.write_text("".join(lines), encoding="utf-8")
    os.replace(temp, path)


def completion_argv(shell: str, path: Path) -> tuple[list[str], dict[str, str]]:
    words = f"planctl done -f {path} t5"
    env = {**planctl_env(), "_PLANCTL_COMPLETE": f"complete_{shell}", "COMP_WORDS": words, "COMP_CWORD": "4",
           "_TYPER_COMPLETE_ARGS": words, "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
    return [PLANCTL], env


def bench_scale(path: Path, runs: int) -> dict[str, Sample]:
    """Every command on one plan, the runs interleaved (one of each, then again)."""
    env = planctl_env()
    f = ["-f", str(path)]
    views = {
        "due warm": [PLANCTL, "due", *f, "--today", TODAY],
        "status": [PLANCTL, "status", *f, "--today", TODAY],
        "timeline": [PLANCTL, "timeline", *f, "--today", TODAY],
        "report": [PLANCTL, "report", *f, "--today", TODAY],
        "export ics": [PLANCTL, "export", "ics", *f, "-o", str(path.with_name("plan.ics"))],
    }
    names = ["check cold", "due after a pull", *views, "done", "undo",
             "completion bash", "completion zsh", "completion fish"]
    results = {name: Sample() for name in names}
    for n in range(runs):
        touch_plan(path, n)
        shutil.rmtree(path.parent / ".planctl-cache", ignore_errors=True)  # fully cold: a fresh clone, no cache
        results["check cold"].add(*run([PLANCTL, "check", "-q", str(path)], env))
        pull_edit(path, n)
        results["due after a pull"].add(*run(views["due warm"], env))
        for name, argv in views.items():
            results[name].add(*run(argv, env))
        results["done"].add(*run([PLANCTL, "done", *f, "t5", "--again", "--date", TODAY, "--note", f"b{n}", "-q"],
                                 env))
        results["undo"].add(*run([PLANCTL, "undo", *f, "--yes", "-q"], env))
        for shell in ("bash", "zsh", "fish"):
            argv, shell_env = completion_argv(shell, path)
            results[f"completion {shell}"].add(*run(argv, shell_env))
    return results


def scale_report(results: dict[str, dict[str, Sample]], load: list[float], heading: str = SCALE_SECTION) -> str:
    sizes = list(results)
    lines = [heading, "",
             f"{machine()}. `bench/run.py --scale` (add `--xl` for XL) redoes this section alone: plans from "
             "`bench/gen.py` (M = 1,000 tasks, L = 10,000, 30k = 30,000, XL = 100,000; 10 completions a task); "
             "each run does every command once, in this order, so the commands share the machine's load. "
             "\"due after a pull\" is the first `due` after three completion lines and a title edit arrived "
             "with the file replaced (as git does); \"undo\" takes back the `done` just before it. Completion "
             "is `done t5<TAB>` through the shell entry point (Typer's completion variables), with a warm "
             f"cache. Load average (1 min) at the start of each size: {', '.join(f'{x:.1f}' for x in load)} on "
             f"{os.cpu_count()} cores: the machine was shared, so times are medians of interleaved runs. Each cell is the "
             "median CPU time (user + system), then the wall time and the peak memory; the targets are judged on CPU "
             "time, which the load disturbs least.", "",
             "| command | " + " | ".join(sizes) + " |", "| --- |" + " --- |" * len(sizes)]
    for name in results[sizes[0]]:
        cells = [f"{results[size][name].cpu * 1000:.0f} ms CPU ({results[size][name].median * 1000:.0f} ms wall), "
                 f"{results[size][name].memory()}" for size in sizes]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", "| target (CPU time) | measured | limit | |", "| --- | --- | --- | --- |"]
    for size in sizes:
        r = results[size]
        warm = r["due warm"].cpu
        lines.append(f"| {size}: due after a pull ≤ 1.5 × due warm | {r['due after a pull'].cpu / warm:.2f} | 1.5 | "
                     f"{verdict(r['due after a pull'].cpu <= 1.5 * warm)} |")
        lines.append(f"| {size}: undo ≤ done | {r['undo'].cpu / r['done'].cpu:.2f} | 1 | "
                     f"{verdict(r['undo'].cpu <= r['done'].cpu)} |")
        for view in ("status", "timeline", "report", "export ics"):
            ratio = r[view].cpu / warm
            lines.append(f"| {size}: {view} ≤ 2 × due warm | {ratio:.2f} | 2 | {verdict(ratio <= 2)} |")
        if size == "L":
            lines.append(f"| L: cold check ≤ 0.7 s | {r['check cold'].cpu:.2f} | 0.7 | "
                         f"{verdict(r['check cold'].cpu <= 0.7)} |")
            for shell in ("bash", "zsh", "fish"):
                value = r[f"completion {shell}"].cpu
                lines.append(f"| L: completion ({shell}) < 0.3 s | {value:.2f} | 0.3 | {verdict(value < 0.3)} |")
        if size == "XL":
            value = r["check cold"].cpu
            peak = max(max(s.peak_kb) for s in r.values()) / 1024
            lines.append(f"| XL: cold check ≤ 7 s | {value:.2f} | 7 | {verdict(value <= 7)} |")
            lines.append(f"| XL: peak memory of any command < 1 GB | {peak:.0f} MB | 1024 | {verdict(peak < 1024)} |")
    return "\n".join(lines) + "\n"


# --- issue 20: a fully cold check, before and after ----------------------------------------------

COLD_SECTION = "## A fully cold check, before and after (issue 20)"


def export_tree(commit: str, into: Path) -> Path:
    """`src/` of `commit` (HEAD: the working tree's, uncommitted changes included), compiled as a wheel's install is."""
    import compileall

    into.mkdir(parents=True)
    if commit == "HEAD":
        shutil.copytree(ROOT / "src", into / "src", ignore=shutil.ignore_patterns("__pycache__"))
    else:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit, "src"], check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    compileall.compile_dir(str(into / "src"), quiet=1)
    return into


@dataclass
class Cold:
    cpu: list[float] = field(default_factory=list)
    wall: list[float] = field(default_factory=list)
    peak_mb: list[float] = field(default_factory=list)


def cold_check(tree: Path, plan: Path) -> tuple[float, float, float]:
    """CPU seconds (user + system), wall seconds and peak RSS (MB) of `planctl check` with no cache."""
    shutil.rmtree(plan.parent / ".planctl-cache", ignore_errors=True)
    env = {**planctl_env(), "PYTHONPATH": str(tree / "src")}
    start = time.perf_counter()
    proc = subprocess.Popen([PYTHON, "-m", "planctl", "check", "-q", str(plan)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"check of {plan} failed with {tree}")
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024


def bench_cold(before: str, sizes: list[str], runs: int, work: Path) -> dict[tuple[str, str], Cold]:
    """A cold `check` of each size with `before`'s code and with this tree's, alternating run by run."""
    trees = {before: export_tree(before, work / "before"), "this tree": export_tree("HEAD", work / "after")}
    results: dict[tuple[str, str], Cold] = {}
    for size in sizes:
        plan = generate(size, work)
        for _ in range(runs):
            for name, tree in trees.items():
                cpu, wall, peak = cold_check(tree, plan)
                sample = results.setdefault((size, name), Cold())
                sample.cpu.append(cpu)
                sample.wall.append(wall)
                sample.peak_mb.append(peak)
        plan.unlink()
    return results


def cold_report(results: dict[tuple[str, str], Cold], runs: int, load: float) -> str:
    def spread(values: list[float]) -> str:
        return f"{statistics.median(values):.2f} s ({min(values):.2f}–{max(values):.2f})"

    lines = [COLD_SECTION, "",
             f"{machine()}. `bench/run.py --cold --before COMMIT` redoes this section: `planctl check` of a plan "
             "from `bench/gen.py` with no cache (a fresh clone), with the code of COMMIT and of this tree, the two "
             f"alternating run by run ({runs} runs each), so both see the same load. CPU is user + system time of the "
             "process (what the machine's load changes least); wall time is what a user waits. Load average (1 min) "
             f"at the end: {load:.1f} on {os.cpu_count()} cores.", "",
             "| plan | code | CPU median (lowest–highest) | wall median (lowest–highest) | peak memory |",
             "| --- | --- | --- | --- | --- |"]
    for (size, name), sample in results.items():
        lines.append(f"| {size} | {name} | {spread(sample.cpu)} | {spread(sample.wall)} | {max(sample.peak_mb):.0f} MB |")
    lines += ["", "| target (this tree) | CPU | wall | limit | |", "| --- | --- | --- | --- | --- |"]
    for size, limit in (("L", 0.7), ("XL", 7.0)):
        if (size, "this tree") in results:
            sample = results[(size, "this tree")]
            cpu, wall = statistics.median(sample.cpu), statistics.median(sample.wall)
            lines.append(f"| {size}: cold check ≤ {limit:g} s | {cpu:.2f} | {wall:.2f} | {limit:g} | "
                         f"{verdict(cpu <= limit)} (CPU), {verdict(wall <= limit)} (wall) |")
    if ("XL", "this tree") in results:
        peak = max(results[("XL", "this tree")].peak_mb)
        lines.append(f"| XL: cold check's peak memory < 1 GB | {peak:.0f} MB | | 1024 MB | {verdict(peak < 1024)} |")
    return "\n".join(lines) + "\n"


# --- Taskwarrior ------------------------------------------------------------------------------


def ensure_taskwarrior() -> str | None:
    found = shutil.which("task")
    if found:
        return found
    if shutil.which("apt-get") and os.geteuid() == 0:
        print("installing taskwarrior (Debian package)…", file=sys.stderr)
        subprocess.run(["apt-get", "update", "-qq"], capture_output=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "taskwarrior"], capture_output=True)
        return shutil.which("task")
    return None


def taskwarrior_import(plan_path: Path, data: Path) -> dict[str, str]:
    """The plan's tasks (with their completions as annotations) in a throw-away Taskwarrior."""
    rc = data / "taskrc"
    data.mkdir(parents=True, exist_ok=True)
    rc.write_text(f"data.location={data / 'db'}\nconfirmation=off\nverbose=nothing\ngc=off\n", encoding="utf-8")
    env = {**os.environ, "TASKRC": str(rc)}
    source = data / "tasks.json"
    # In a child process: reading the plan here would make this process, and so every measured child
    # forked from it, large.
    subprocess.run([PYTHON, __file__, "--taskwarrior-json", str(plan_path), str(source)], check=True)
    subprocess.run(["task", "import", str(source)], env=env, capture_output=True, check=True)
    return env


def bench_against_taskwarrior(path: Path, runs: int, tw_env: dict[str, str]) -> dict[str, Sample]:
    env = planctl_env()
    results = {name: Sample() for name in ("planctl due warm", "task next", "planctl done", "task annotate")}
    due = [PLANCTL, "due", "-f", str(path), "--today", TODAY]
    run(due, env)  # warm the cache
    for _ in range(runs):  # A B A B
        results["planctl due warm"].add(*run(due, env))
        results["task next"].add(*run(["task", "next"], tw_env))
    for n in range(runs):
        results["planctl done"].add(*run([PLANCTL, "done", "-f", str(path), "t5", "--again", "--date", TODAY,
                                          "--note", f"bench {n}"], env))
        results["task annotate"].add(*run(["task", "5", "annotate", f"bench {n}"], tw_env))
    return results


VERSUS_SECTION = "## Beside Taskwarrior and the import floor (issue 20, CPU time)"


def bench_versus(work: Path, runs: int) -> tuple[dict[str, Sample], dict[str, Sample] | None]:
    """The seed plan's warm `due` and `done` beside the import floor, and L's beside Taskwarrior (when
    `task` is installed), each pair interleaved (A B A B)."""
    env = planctl_env()
    seed = generate("seed", work)
    floor_argv = [PYTHON, "-c", "import typer, yaml, rich.console, rich.table"]
    due = [PLANCTL, "due", "-f", str(seed), "--today", TODAY]
    run(due, env)
    near = {name: Sample() for name in ("import floor", "seed: due warm", "seed: done")}
    for n in range(runs):
        near["import floor"].add(*run(floor_argv, env))
        near["seed: due warm"].add(*run(due, env))
        near["seed: done"].add(*run([PLANCTL, "done", "-f", str(seed), done_target(seed), "--again", "--date", TODAY,
                                     "--note", f"bench {n}", "-q"], env))
    if ensure_taskwarrior() is None:
        return near, None
    plan = generate("L", work)
    return near, bench_against_taskwarrior(plan, runs, taskwarrior_import(plan, work / "taskwarrior"))


def versus_report(near: dict[str, Sample], versus: dict[str, Sample] | None) -> str:
    floor = near["import floor"].cpu
    lines = [VERSUS_SECTION, "", f"{machine()}. `bench/run.py --versus` redoes this section alone: each pair "
             "interleaved, medians of CPU time (user + system), then wall time. Load average (1 min) when it "
             f"finished: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.", "",
             "| what | CPU | wall | peak memory |", "| --- | --- | --- | --- |"]
    samples = {**near, **(versus or {})}
    lines += [f"| {name} | {s.cpu * 1000:.0f} ms | {s.cell()} | {s.memory()} |" for name, s in samples.items()]
    targets = [("seed: due warm ≤ 0.8 × import floor", near["seed: due warm"].cpu / floor, 0.8),
               ("seed: done ≤ 0.8 × import floor", near["seed: done"].cpu / floor, 0.8)]
    if versus:
        targets += [("L: warm due ≤ 0.5 × task next", versus["planctl due warm"].cpu / versus["task next"].cpu, 0.5),
                    ("L: done ≤ 1.0 × task annotate", versus["planctl done"].cpu / versus["task annotate"].cpu, 1.0)]
    else:
        lines += ["", "Taskwarrior is not installed here: the comparison was not made."]
    lines += ["", "| target (CPU time) | measured | limit | |", "| --- | --- | --- | --- |"]
    lines += [f"| {name} | {value:.2f} | {limit:g} | {verdict(value <= limit)} |" for name, value, limit in targets]
    return "\n".join(lines) + "\n"


# --- report -----------------------------------------------------------------------------------


def machine() -> str:
    cpu = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "src"], cwd=ROOT, capture_output=True, text=True).stdout
    return (f"{platform.node() or 'host'}: {cpu}, {os.cpu_count()} cores, Linux {platform.release()}, "
            f"Python {platform.python_version()}; commit {commit}{' (with uncommitted src changes)' if dirty else ''}; "
            f"{date.today().isoformat()}")


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def write_taskwarrior_json(plan_path: Path, out: Path) -> None:
    from planctl.format.loader import load_path

    plan = load_path(plan_path, fast=True).plan
    assert plan is not None
    lines = []
    for task in plan.walk():
        if task.depth == 1 or task.window is None:
            continue
        stamp = task.window.end.strftime("%Y%m%dT000000Z")
        notes = [{"entry": e.date.strftime("%Y%m%dT000000Z"), "description": e.note or "完成"} for e in task.log]
        lines.append(json.dumps({"description": task.title, "status": "pending", "entry": "20090101T000000Z",
                                 "due": stamp, "project": task.phase.id, "annotations": notes}, ensure_ascii=False))
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--taskwarrior-json":
        write_taskwarrior_json(Path(sys.argv[2]), Path(sys.argv[3]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--sync-only", action="store_true", help="only the five-clone sync section")
    parser.add_argument("--recurring-only", action="store_true", help="only the recurring-tasks section")
    parser.add_argument("--scale", action="store_true", help="only the sizes / after-a-pull / undo / views section")
    parser.add_argument("--xl", action="store_true", help="with --scale: the XL plan too (100,000 tasks; minutes)")
    parser.add_argument("--runs", type=int, default=0, help="with --scale: runs per size (default 5, XL 2)")
    parser.add_argument("--language-only", action="store_true", help="only the start-up by language section")
    parser.add_argument("--language-runs", type=int, default=0, help="pairs of runs by language (default 100; 30 --quick)")
    parser.add_argument("--sizes", default="", help="with --scale: these sizes only (e.g. XL), in a section of their own")
    parser.add_argument("--versus", action="store_true", help="only the seed beside the import floor and L beside Taskwarrior")
    parser.add_argument("--cold", action="store_true", help="only a fully cold check, --before COMMIT against this tree")
    parser.add_argument("--before", default="main", help="with --cold: the commit to compare with (default main)")
    args = parser.parse_args()
    language_runs = args.language_runs or (30 if args.quick else 100)
    if args.language_only:
        work = Path(tempfile.mkdtemp(prefix="planctl-bench-"))
        try:
            compile_planctl()
            section = language_report(bench_language(generate("seed", work), language_runs), language_runs)
            print(replace_section(args.out, LANGUAGE_SECTION, section))
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return
    if args.cold:
        work = Path(tempfile.mkdtemp(prefix="planctl-bench-"))
        try:
            sizes = args.sizes.split(",") if args.sizes else ["L", "XL"]
            runs = args.runs or 5
            cold = bench_cold(args.before, sizes, runs, work)
            print(replace_section(args.out, COLD_SECTION, cold_report(cold, runs, os.getloadavg()[0])))
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return
    if args.versus:
        work = Path(tempfile.mkdtemp(prefix="planctl-bench-"))
        try:
            compile_planctl()
            near, versus = bench_versus(work, args.runs or 9)
            print(replace_section(args.out, VERSUS_SECTION, versus_report(near, versus)))
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return
    if args.scale:
        work = Path(tempfile.mkdtemp(prefix="planctl-bench-"))
        try:
            compile_planctl()
            scale: dict[str, dict[str, Sample]] = {}
            load = []
            sizes = args.sizes.split(",") if args.sizes else [*SCALE_SIZES, *(("XL",) if args.xl else ())]
            for size in sizes:
                load.append(os.getloadavg()[0])
                runs = args.runs or (2 if size == "XL" else 5)
                scale[size] = bench_scale(generate(size, work), runs)
            heading = f"{SCALE_SECTION}: {', '.join(sizes)}" if args.sizes else SCALE_SECTION
            print(replace_section(args.out, heading, scale_report(scale, load, heading)))
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return
    if args.recurring_only:
        work = Path(tempfile.mkdtemp(prefix="planctl-bench-"))
        try:
            compile_planctl()
            results = bench_recurring(work, 5 if args.quick else 11)
            section = recurring_report(results, count_occurrences(work / "r" / "plan.yaml"))
            print(replace_section(args.out, RECURRING_SECTION, section))
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return
    if args.sync_only:
        work = Path(tempfile.mkdtemp(prefix="planctl-bench-"))
        try:
            compile_planctl()
            print(replace_sync_section(args.out, sync_report(bench_sync(work))))
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return
    runs = {"seed": 5 if args.quick else 15, "M": 3 if args.quick else 9, "L": 3 if args.quick else 7}
    work = Path(tempfile.mkdtemp(prefix="planctl-bench-"))
    compile_planctl()
    try:
        floor = Sample()
        results = {size: bench_plan(generate(size, work), runs[size], floor if size == "seed" else None)
                   for size in ("seed", "M", "L")}
        results["import"] = bench_import(work, 3 if args.quick else 7)
        tw = ensure_taskwarrior()
        versus = None
        if tw:
            tw_env = taskwarrior_import(work / "l" / "plan.yaml", work / "taskwarrior")
            versus = bench_against_taskwarrior(work / "l" / "plan.yaml", runs["L"], tw_env)
        else:
            print("Taskwarrior is not installed and cannot be installed here: skipping the comparison", file=sys.stderr)
        write_report(args.out, floor, results, versus)
        replace_section(args.out, LANGUAGE_SECTION,
                        language_report(bench_language(generate("seed", work), language_runs), language_runs))
        recurring = bench_recurring(work, 5 if args.quick else 11)
        replace_section(args.out, RECURRING_SECTION,
                        recurring_report(recurring, count_occurrences(work / "r" / "plan.yaml")))
        print(replace_sync_section(args.out, sync_report(bench_sync(work))))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def write_report(out: Path, floor: Sample, results: dict[str, dict[str, Sample]],
                 versus: dict[str, Sample] | None) -> str:
    lines = ["# planctl benchmark results", "", f"Machine: {machine()}", "",
             "Reproduce: `.venv/bin/python bench/run.py` (plans from `bench/gen.py`: seed = the bundled plan; "
             "M = 1,000 tasks, 10,000 completions; L = 10,000 tasks, 100,000 completions).", "",
             "Median of whole-process runs (lowest–highest); memory is the largest peak RSS. planctl's bytecode is "
             "compiled before timing and PYTHONDONTWRITEBYTECODE is cleared for the runs, as on a machine where "
             "planctl was installed with pip.", "",
             f"Import floor (`python -c \"import typer, yaml, rich.console, rich.table\"`): {floor.cell()}, "
             f"{floor.memory()}", "",
             "| plan | command | time | peak memory |", "| --- | --- | --- | --- |"]
    for size, samples in results.items():
        for name, sample in samples.items():
            lines.append(f"| {size} | {name} | {sample.cell()} | {sample.memory()} |")
    if versus:
        lines += ["", "Beside Taskwarrior on the same 10,000 tasks (L), interleaved:", "",
                  "| command | time | peak memory |", "| --- | --- | --- |"]
        lines += [f"| {name} | {s.cell()} | {s.memory()} |" for name, s in versus.items()]
    seed, m, big, imports = results["seed"], results["M"], results["L"], results["import"]
    targets = [
        ("seed: due ≤ 1.1 × import floor", seed["due warm"].median / floor.median, 1.1),
        ("seed: due, first run after a change (cold) ≤ 1.1 × import floor", seed["due cold"].median / floor.median, 1.1),
        ("seed: done ≤ 1.1 × import floor", seed["done"].median / floor.median, 1.1),
        ("M: cold check < 0.3 s", m["check cold"].median, 0.3),
        ("M: cold due < 0.3 s", m["due cold"].median, 0.3),
        ("L: cold check < 2 s", big["check cold"].median, 2.0),
        ("L: peak memory < 200 MB", max(max(s.peak_kb) for s in big.values()) / 1024, 200),
        ("import: the seed document < 1 s", imports["seed document"].median, 1.0),
        ("import: a 100-page document < 10 s", imports["100-page document"].median, 10.0),
    ]
    if versus:
        targets += [
            ("L: warm due ≤ 1.5 × task next", versus["planctl due warm"].median / versus["task next"].median, 1.5),
            ("L: done ≤ 2 × task annotate", versus["planctl done"].median / versus["task annotate"].median, 2.0),
        ]
    lines += ["", "| target | measured | limit | |", "| --- | --- | --- | --- |"]
    lines += [f"| {name} | {value:.2f} | {limit:g} | {verdict(value <= limit)} |" for name, value, limit in targets]
    text = "\n".join(lines) + "\n" + kept_notes(out)
    out.write_text(text, encoding="utf-8")
    return text


NOTES = "## Notes"


def kept_notes(out: Path) -> str:
    """The hand-written `## Notes` section of the previous report (measurements made by hand), kept
    at the end of the new one."""
    if not out.exists():
        return ""
    previous = out.read_text(encoding="utf-8")
    at = previous.find(NOTES)
    return "\n" + previous[at:] if at >= 0 else ""


if __name__ == "__main__":
    main()
