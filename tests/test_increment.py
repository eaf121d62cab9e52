"""After a pull, the cache is reused for what did not change (store/increment.py): the plan, its
anchors and its problems (located) must be exactly what a full read of the new file gives."""

from __future__ import annotations

import os
import random
import re
import subprocess
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import BUNDLED
from planctl.format.loader import load_bytes
from planctl.model import Quota
from planctl.store.planfile import PlanFile, open_plan
from planctl.store.writer import anchor_of, sequence_indent
from test_cache import facts
from test_views_from_columns import _generated

GENERATED = _generated(40, 400, 3)
BUNDLED_TEXT = BUNDLED.read_text(encoding="utf-8")


def _with_warnings(text: str) -> str:
    """Every fifth task's window outside its phase's: a warning at each, which a re-read must keep
    (moved) or find again."""
    lines = text.splitlines(keepends=True)
    whens = [n for n, line in enumerate(lines) if line.startswith("        when: ")]
    for n in whens[::5]:
        lines[n] = "        when: 2009-12-01..2009-12-05\n"
    return "".join(lines)


def _tasks_before_quotas(text: str) -> str:
    """Each phase's `tasks:` written before its `quotas:`: plan.items() (a task, then its quotas, then its
    tasks) is then not the order of the text, which moving the stored offsets must not assume."""
    out: list[str] = []
    quotas: list[str] = []
    in_quotas = False
    for line in text.splitlines(keepends=True):
        if line.startswith("    quotas:"):
            in_quotas = True
        elif in_quotas and line.startswith("    tasks:"):
            in_quotas = False
        elif line.startswith("  - id: ") and quotas:
            out += quotas
            quotas = []
        (quotas if in_quotas else out).append(line)
    return "".join(out + quotas)


def _with_log_warnings(text: str) -> str:
    """Some entries of the logs of more than a day's hours or dated outside their quota's periods: warnings in
    the logs, which a re-read that keeps a stored log (store/increment.py `_read_head`) must keep with it."""
    lines = text.splitlines(keepends=True)
    entries = [n for n, line in enumerate(lines) if "- {date: " in line]
    for k, n in enumerate(entries, start=1):
        if k % 7 == 0 and "amount: " in lines[n]:
            lines[n] = re.sub(r"amount: [0-9.]+", "amount: 25", lines[n])
        elif k % 11 == 0:
            lines[n] = re.sub(r"date: 2009-\d\d-\d\d", "date: 2009-12-30", lines[n])
    return "".join(lines)


BASES = {"generated": GENERATED, "bundled": BUNDLED_TEXT, "warned": _with_warnings(GENERATED),
         "tasks-first": _tasks_before_quotas(GENERATED), "log-warned": _with_log_warnings(GENERATED)}


def replace_file(path: Path, data: bytes) -> None:
    """Write as git does on a pull: a new file in the old one's place."""
    temp = path.with_name(path.name + ".new")
    temp.write_bytes(data)
    os.replace(temp, path)


def windows(plan) -> list[tuple]:
    return [(i.window, i.period_windows if isinstance(i, Quota) else None) for i in plan.items()]


def assert_same_as_fresh(file: PlanFile, raw: bytes) -> None:
    fresh = load_bytes(file.loaded.source.path, raw)
    assert [(p.offset, p.line, p.column, p.severity, p.message) for p in file.loaded.problems] == \
        [(p.offset, p.line, p.column, p.severity, p.message) for p in fresh.problems]
    if fresh.errors:
        return
    assert fresh.plan is not None and fresh.tree is not None
    text = fresh.source.text
    assert facts(file.plan) == facts(fresh.plan)
    assert windows(file.plan) == windows(fresh.plan)
    assert [tuple(a) for a in file.anchors] == [tuple(anchor_of(text, i.node)) for i in fresh.plan.items()]
    assert file.seq_indent == sequence_indent(fresh.tree, text)


# --- random edits, as a teammate's commit would bring them -----------------------------------------

ENTRY = "- {date: "
NOTES = ["完成", "补课", "a: b", "#1", "yes", "第二次"]
TITLES = ["改过的标题", "a: b", "yes", "'引号'", "", "标题 # 注释", "3.5", "[x]"]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def edit(lines: list[str], rng: random.Random, kind: str) -> None:
    """Apply one edit of `kind` to the plan's lines (each with its line break) in place."""
    entries = [n for n, line in enumerate(lines) if ENTRY in line]
    titles = [n for n, line in enumerate(lines) if line.lstrip().startswith("title: ") and _indent(line) > 0]
    items = [n for n, line in enumerate(lines) if line.lstrip().startswith("- id: ")]
    if kind == "add-entry" and entries:
        n = rng.choice(entries)
        day = f"2009-0{rng.randint(1, 9)}-{rng.randint(10, 28)}"
        note = rng.choice(NOTES)
        new = lines[n][: lines[n].index(ENTRY)] + f"- {{date: {day}, by: p00{rng.randint(0, 9)}, note: {note}}}\n"
        lines.insert(n + 1, new)
    elif kind == "add-log":
        n = rng.choice(titles)
        pad = " " * _indent(lines[n])
        lines[n + 1 : n + 1] = [f"{pad}log:\n", f"{pad}  - {{date: 2009-04-0{rng.randint(1, 9)}, by: lina}}\n"]
    elif kind == "delete-entry" and entries:
        del lines[rng.choice(entries)]
    elif kind == "title":
        n = rng.choice(titles)
        lines[n] = lines[n][: lines[n].index("title: ")] + "title: " + rng.choice(TITLES) + "\n"
    elif kind == "delete-item" and items:
        n = rng.choice(items)
        end = n + 1
        while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) > _indent(lines[n])):
            end += 1
        del lines[n:end]
    elif kind == "delete-line":
        del lines[rng.randrange(len(lines))]
    elif kind == "duplicate-line":
        n = rng.randrange(len(lines))
        lines.insert(n, lines[n])
    elif kind == "indent":
        n = rng.randrange(len(lines))
        lines[n] = " " + lines[n]
    elif kind == "crlf-line":
        n = rng.randrange(len(lines))
        body = lines[n].rstrip("\r\n")
        lines[n] = body + ("\n" if lines[n].endswith("\r\n") else "\r\n")
    elif kind == "tab":
        n = rng.randrange(len(lines))
        lines[n] = "\t" + lines[n].lstrip(" ")
    elif kind == "add-task" and items:
        n = rng.choice(items)
        pad = " " * _indent(lines[n])
        who = next(line.split("who: ", 1)[1] for line in lines if line.lstrip().startswith("who: "))
        lines[n:n] = [f"{pad}- id: new{rng.randint(0, 10**6)}\n", f"{pad}  title: 新任务\n",
                      f"{pad}  when: 2009-04-0{rng.randint(1, 9)}..2009-04-20\n", f"{pad}  who: {who}"]
    elif kind == "first-title":
        n = titles[0]
        lines[n] = lines[n].rstrip("\r\n") + "（改）" + lines[n][len(lines[n].rstrip("\r\n")):]
    elif kind == "last-entry" and entries:  # the plan's last log, often its last lines: its last entry again
        n = entries[-1]
        body = lines[n].rstrip("\r\n")
        ending = lines[n][len(body):]
        lines[n] = body + (ending or "\n")
        lines.insert(n + 1, body + ending)
    elif kind == "when":
        whens = [n for n, line in enumerate(lines) if line.lstrip().startswith("when: ")]
        n = rng.choice(whens)
        lines[n] = lines[n][: lines[n].index("when: ")] + f"when: 2009-0{rng.randint(1, 9)}-01..2009-10-31\n"
    elif kind == "before-a-log":
        before_a_log(lines, rng)


# What an edit of an item's lines before its log may be: what a full read then finds in that log may or may not change
HEAD_EDITS = ["title: 改过的标题", "note: 加了说明", "log: []", "unit: 次", "unit: min", "period: month", "per: all",
              "who: p001", "when: 2009-02-01..2009-02-10", "tasks: []", "notes: x", "title: 'a"]


def before_a_log(lines: list[str], rng: random.Random) -> None:
    """Change, add or re-indent one of the lines of an item that come before its block log (its title, unit,
    window, ...), leaving the log's own lines as they are."""
    logs = [n for n, line in enumerate(lines[:-1]) if line.strip() == "log:" and ENTRY in lines[n + 1]]
    if not logs:
        return
    n = rng.choice(logs)
    pad = _indent(lines[n])
    start = n - 1
    while start > 0 and not (lines[start].lstrip().startswith("- ") and _indent(lines[start]) == pad - 2):
        start -= 1
    at = rng.randrange(start, n)
    how = rng.choice(["replace", "insert", "indent"])
    new = " " * pad + rng.choice(HEAD_EDITS) + "\n"
    if how == "indent":
        lines[at] = "  " + lines[at]
    elif how == "insert" or at == start:
        lines.insert(at + 1, new)
    else:
        lines[at] = new


KINDS = ["add-entry", "add-entry", "add-entry", "add-log", "delete-entry", "title", "title", "delete-item",
         "delete-line", "duplicate-line", "indent", "crlf-line", "tab", "when", "bom", "crlf-file", "add-task",
         "first-title", "last-entry", "before-a-log", "before-a-log"]


def edited(text: str, kinds: list[str], seed: int) -> str:
    rng = random.Random(seed)
    lines = text.splitlines(keepends=True)
    for kind in kinds:
        if kind == "bom":
            text = "".join(lines)
            lines = (text[1:] if text.startswith("\ufeff") else "\ufeff" + text).splitlines(keepends=True)
        elif kind == "crlf-file":
            text = "".join(lines)
            lines = (text.replace("\r\n", "\n") if "\r\n" in text else text.replace("\n", "\r\n")).splitlines(True)
        else:
            edit(lines, rng, kind)
    return "".join(lines)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(base=st.sampled_from(sorted(BASES)),
       rounds=st.lists(st.lists(st.sampled_from(KINDS), min_size=1, max_size=4), min_size=1, max_size=3),
       seed=st.integers(0, 10_000))
def test_a_plan_read_after_random_edits_is_what_a_full_read_gives(tmp_path_factory, monkeypatch, base, rounds,
                                                                   seed) -> None:
    """Each round is one pull: the cache of the round before (itself perhaps made incrementally) is
    reused where it can be; plan, anchors, windows and problems (with their lines and columns) must
    equal a fresh full read, and so must the cache the round leaves. The base's index of characters
    (store/char_index.py) counts every 97 bytes: many blocks, edits before, inside and after them."""
    from planctl.store import char_index

    monkeypatch.setattr(char_index, "BLOCK", 97)
    path = tmp_path_factory.mktemp("increment") / "plan.yaml"
    text = BASES[base]
    path.write_bytes(text.encode("utf-8"))
    open_plan(path, "plan.yaml", require_valid=False)
    for n, kinds in enumerate(rounds):
        text = edited(text, kinds, seed + n)
        raw = text.encode("utf-8")
        replace_file(path, raw)
        assert_same_as_fresh(open_plan(path, "plan.yaml", require_valid=False), raw)
        for _ in range(2):  # the second and third command read the changes the first stored
            again = open_plan(path, "plan.yaml", require_valid=False)
            assert_same_as_fresh(again, raw)


def _teammates_pull(text: str) -> str:
    """Three new completion lines on three items and one retitled task, as a pull brings them."""
    lines = text.splitlines(keepends=True)
    entries = [n for n, line in enumerate(lines) if ENTRY in line and n + 1 < len(lines) and ENTRY not in lines[n + 1]]
    for n in sorted(entries[::max(1, len(entries) // 3)][:3], reverse=True):
        lines.insert(n + 1, lines[n].replace("}", ", at: 2026-11-29T08:00:00+08:00}"))
    titles = [n for n, line in enumerate(lines) if line.startswith("        title: ")]
    line = lines[titles[len(titles) // 2]]
    body = line.rstrip("\r\n")
    lines[titles[len(titles) // 2]] = body + "（修订）" + line[len(body):]
    return "".join(lines)


@pytest.mark.parametrize("style", ["plain", "crlf", "bom"])
def test_a_pull_of_a_few_lines_re_reads_only_those_items(tmp_path: Path, style: str) -> None:
    text = GENERATED.replace("\n", "\r\n") if style == "crlf" else GENERATED
    prefix = "\ufeff" if style == "bom" else ""
    path = tmp_path / "plan.yaml"
    path.write_bytes((prefix + text).encode("utf-8"))
    open_plan(path, "plan.yaml", require_valid=True)
    raw = (prefix + _teammates_pull(text)).encode("utf-8")
    replace_file(path, raw)
    file = open_plan(path, "plan.yaml", require_valid=True)
    assert file.reread and file.from_cache
    assert_same_as_fresh(file, raw)


def test_a_real_git_pull_reuses_the_cache(tmp_path: Path) -> None:
    """git replaces the plan file on a pull; the link the cache keeps still has the old bytes."""
    def git(*args: str, cwd: Path) -> None:
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.cn", *args], cwd=cwd, check=True,
                       capture_output=True)

    origin, mine, theirs = tmp_path / "origin.git", tmp_path / "mine", tmp_path / "theirs"
    git("init", "-q", "--bare", "-b", "main", str(origin), cwd=tmp_path)
    git("clone", "-q", str(origin), str(mine), cwd=tmp_path)
    (mine / "plan.yaml").write_text(GENERATED, encoding="utf-8")
    git("add", "plan.yaml", cwd=mine)
    git("commit", "-qm", "plan", cwd=mine)
    git("push", "-q", "origin", "HEAD:main", cwd=mine)
    git("clone", "-q", str(origin), str(theirs), cwd=tmp_path)
    (theirs / "plan.yaml").write_text(_teammates_pull(GENERATED), encoding="utf-8")
    git("commit", "-qam", "their completions", cwd=theirs)
    git("push", "-q", "origin", "HEAD:main", cwd=theirs)
    open_plan(mine / "plan.yaml", "plan.yaml", require_valid=True)
    git("pull", "-q", "--ff-only", "origin", "main", cwd=mine)
    file = open_plan(mine / "plan.yaml", "plan.yaml", require_valid=True)
    assert file.reread
    assert_same_as_fresh(file, (mine / "plan.yaml").read_bytes())


@pytest.mark.parametrize("final_newline", [True, False])
def test_a_completion_on_the_last_task_moves_where_its_phase_ends(tmp_path: Path, final_newline: bool) -> None:
    """The last task's new line is its phase's last line too: the phase's end (where `done` would
    put a new `log:` of the phase) moves with it."""
    text = _with_warnings(GENERATED).rstrip("\n") + ("\n" if final_newline else "")
    path = tmp_path / "plan.yaml"
    path.write_bytes(text.encode("utf-8"))
    open_plan(path, "plan.yaml", require_valid=True)
    last = text.rstrip("\n").rsplit("\n", 1)[1]
    assert ENTRY in last
    added = text.rstrip("\n") + "\n" + last.replace("}", ", at: 2026-11-29T08:00:00+08:00}") + ("\n" if final_newline else "")
    replace_file(path, added.encode("utf-8"))
    file = open_plan(path, "plan.yaml", require_valid=True)
    assert file.reread == final_newline  # without one, where the phase's new log goes is left to a full read
    assert_same_as_fresh(file, added.encode("utf-8"))


def test_undo_of_the_last_done_reads_only_that_item_and_keeps_the_cache_right(tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """`undo` has the journal's exact edit: like `done`, it checks the removed line alone (no YAML), not
    the whole plan, and leaves a cache equal to a full read of the result."""
    from datetime import date, datetime

    from planctl.commands.done import DoneOptions, run_done, run_undo
    from planctl.format import yamltree
    from test_cache import assert_cache_matches_file

    path = tmp_path / "plan.yaml"
    path.write_text(_with_warnings(GENERATED), encoding="utf-8")
    before = path.read_bytes()
    open_plan(path, "plan.yaml", require_valid=True)
    options = DoneOptions("t7", "2009-12-30", "p001", None, None, "补", again=True, real_today=date(2009, 4, 12),
                          now=datetime(2026, 11, 29, 8, 0, 0), future=True, quiet=True)
    assert run_done(str(path), options) == 0
    read: list[int] = []
    compose = yamltree.compose
    monkeypatch.setattr(yamltree, "compose", lambda text, *rest: read.append(len(text)) or compose(text, *rest))
    assert run_undo(str(path), yes=True, confirm=lambda _: True, quiet=True) == 0
    assert path.read_bytes() == before
    assert read == []  # its line under another of planctl's entry lines: checked without YAML, as done checks it
    monkeypatch.setattr(yamltree, "compose", compose)
    assert_cache_matches_file(path)


def test_a_window_running_to_the_plans_end_follows_an_edit_elsewhere(tmp_path: Path) -> None:
    """A window written without an end runs to the plan's end, the latest end of every window: a pull
    that moves another item's end moves it too, so such a plan is read whole."""
    lines = GENERATED.splitlines(keepends=True)
    phase_when = next(n for n, line in enumerate(lines) if line.startswith("    when: "))
    lines[phase_when] = "    when: 2009年1月1日起\n"
    whens = [n for n, line in enumerate(lines) if line.startswith("        when: ")]
    text = "".join(lines)
    path = tmp_path / "plan.yaml"
    path.write_bytes(text.encode("utf-8"))
    first = open_plan(path, "plan.yaml", require_valid=False)
    lines[whens[-1]] = "        when: 2009-12-20..2010-03-31\n"
    raw = "".join(lines).encode("utf-8")
    replace_file(path, raw)
    file = open_plan(path, "plan.yaml", require_valid=False)
    assert_same_as_fresh(file, raw)
    if not file.loaded.errors:
        assert first.plan.phases[0].window != file.plan.phases[0].window  # it did move


# --- what a user sees after a pull ----------------------------------------------------------------

VIEWS = [("due", "--json", "--all", "--today", "2009-04-12"), ("status", "--json", "--today", "2009-04-12"),
         ("due", "--today", "2009-04-12"), ("due", "--json", "--today", "2009-06-01")]  # one day's agenda: partial


def _views(path: Path, cache: bool, views: list[tuple[str, ...]] = VIEWS) -> list[tuple[int, str, str]]:
    from conftest import run_cli

    env = None if cache else {"PLANCTL_CACHE": "0"}
    out = []
    for view in views:
        result = run_cli(*view, "-f", str(path), env=env)
        out.append((result.exit_code, result.stdout, result.stderr))
    return out


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(base=st.sampled_from(sorted(BASES)), kinds=st.lists(st.sampled_from(KINDS), min_size=1, max_size=3),
       seed=st.integers(0, 10_000))
def test_due_and_status_after_a_pull_are_what_a_full_read_shows(tmp_path_factory, base, kinds, seed) -> None:
    """`due` and `status` (text and JSON, every exit code and message) on the plan read incrementally show
    what they show on a full read of the same file."""
    import shutil

    path = tmp_path_factory.mktemp("views") / "plan.yaml"
    text = BASES[base]
    path.write_bytes(text.encode("utf-8"))
    open_plan(path, "plan.yaml", require_valid=False)
    stale = path.parent / "stale-cache"
    shutil.copytree(path.parent / ".planctl-cache", stale)
    raw = edited(text, kinds, seed).encode("utf-8")
    replace_file(path, raw)
    fresh = _views(path, cache=False)
    for first in range(len(VIEWS)):  # each view the first command after the pull, from the stale cache
        shutil.rmtree(path.parent / ".planctl-cache")
        shutil.copytree(stale, path.parent / ".planctl-cache")
        after = VIEWS[first:] if first == 0 else VIEWS[first:first + 1]  # the first: and then each other view in turn
        assert _views(path, cache=True, views=after) == fresh[first:first + len(after)], VIEWS[first]


def test_a_pull_of_regular_lines_is_read_without_yaml(tmp_path: Path) -> None:
    """Three teammates' completion lines and a retitled task, all of planctl's regular shapes: the changed
    items are read again without the YAML parser (format/fasttree.py), whose import alone costs more
    than the rest of the incremental read of a large plan, and without compiling fastlog's patterns
    (its entry line, what YAML refuses), which cost more than looking at a few changed lines."""
    import sys

    path = tmp_path / "plan.yaml"
    path.write_text(GENERATED, encoding="utf-8")
    script = ("import sys\nfrom pathlib import Path\nfrom planctl.store.planfile import open_plan\n"
              "from planctl.format import fastlog\n"
              "file = open_plan(Path(sys.argv[1]), 'plan.yaml', require_valid=True)\n"
              "print(file.reread, 'yaml' in sys.modules, fastlog._patterns.cache_info().misses)\n")

    def read() -> list[str]:
        done = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=True)
        return done.stdout.split()

    read()  # the cache, and its base
    raw = _teammates_pull(GENERATED).encode("utf-8")
    replace_file(path, raw)
    assert read() == ["True", "False", "0"]
    assert_same_as_fresh(open_plan(path, "plan.yaml", require_valid=True), raw)


def _quota_head(text: str, quota: str) -> tuple[list[str], int, int]:
    """The plan's lines, and where the quota's lines begin and its `log:` line is."""
    lines = text.splitlines(keepends=True)
    start = lines.index(f"      - id: {quota}\n")
    return lines, start, next(n for n in range(start, len(lines)) if lines[n].strip() == "log:")


@pytest.mark.parametrize("change", HEAD_EDITS)
@pytest.mark.parametrize("how", ["replace", "insert"])
def test_an_edit_before_a_quotas_log_is_what_a_full_read_gives(tmp_path: Path, change: str, how: str) -> None:
    """A quota counting hours whose log holds warnings (more than a day's hours, an entry outside its periods),
    its lines before the log changed: its title or note (the stored log and its warnings kept), its unit, period,
    share, window (what its log's checks read), or a `log` of its own before the stored one. Plan, anchors and
    problems are a full read's."""
    text = BASES["log-warned"]
    lines, start, log_line = _quota_head(text, "q0")
    key = change.split(":")[0] + ":"
    line = " " * 8 + change + "\n"
    same_key = [n for n in range(start + 1, log_line) if lines[n].strip().startswith(key)]
    if how == "replace" and same_key:
        lines[same_key[0]] = line
    else:
        lines.insert(log_line, line)
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    first = open_plan(path, "plan.yaml", require_valid=False)
    assert any("q0" in p.message for p in first.loaded.problems)  # warnings in its log
    raw = "".join(lines).encode("utf-8")
    replace_file(path, raw)
    assert_same_as_fresh(open_plan(path, "plan.yaml", require_valid=False), raw)


def test_a_retitled_quota_keeps_its_stored_log_and_is_read_to_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A pull that retitles a quota reads its lines before its log alone: a large plan's quota has tens of
    thousands of entry lines, which reading again cost the first `due` after the pull more than the rest
    of its re-read (issue 20). Its log and the warnings in it are the stored ones, as a full read finds them."""
    from planctl.format import fasttree

    text = BASES["log-warned"]
    lines, start, log_line = _quota_head(text, "q0")
    lines[start + 1] = lines[start + 1].rstrip("\n") + "（修订）\n"
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    open_plan(path, "plan.yaml", require_valid=False)
    raw = "".join(lines).encode("utf-8")
    replace_file(path, raw)
    composed: list[str] = []
    compose = fasttree.compose
    monkeypatch.setattr(fasttree, "compose", lambda lines: composed.append(lines) or compose(lines))
    file = open_plan(path, "plan.yaml", require_valid=False)
    assert file.reread and composed and not any(ENTRY in read for read in composed)
    assert next(x for x in file.plan.items() if x.id == "q0").log.size > 0  # type: ignore[union-attr]
    assert_same_as_fresh(file, raw)


@settings(max_examples=200, deadline=None)
@given(old=st.text(alphabet="a中\n", max_size=30), data=st.data())
def test_the_old_text_is_known_from_the_new_one_and_each_changes_old_lines(old: str, data) -> None:
    """increment._OldText (the old text never built whole) answers as the old text itself does."""
    from planctl.store.increment import _OldText

    cuts = sorted(data.draw(st.lists(st.integers(0, len(old)), max_size=6)))
    pairs = list(zip(cuts[::2], cuts[1::2], strict=False))
    added = [data.draw(st.text(alphabet="b文\n", max_size=5)) for _ in pairs]
    hunks, new, at = [], "", 0
    for (start, end), text in zip(pairs, added, strict=True):
        new += old[at:start]
        hunks.append((start, end, len(new), len(new) + len(text)))
        new += text
        at = end
    new += old[at:]
    known = _OldText(new, hunks, [old[start:end] for start, end in pairs])
    assert known.length == len(old)
    for offset in range(len(old) + 1):
        assert known.newline_after(offset) == old.find("\n", offset)
        assert known.newline_before(offset) == old.rfind("\n", 0, offset)
        end = old.find("\n", offset)
        assert known.line_at(offset) == old[offset : len(old) if end == -1 else end]


# --- only what changed is written after a pull ------------------------------------------------------


def _pulled(tmp_path: Path) -> tuple[Path, bytes, bytes]:
    """A plan with its cache, then a teammate's pull: (path, the cache's bytes, the plan's new bytes)."""
    from planctl.store.cache import cache_file

    path = tmp_path / "plan.yaml"
    path.write_text(GENERATED, encoding="utf-8")
    open_plan(path, "plan.yaml", require_valid=True)
    raw = _teammates_pull(GENERATED).encode("utf-8")
    replace_file(path, raw)
    return path, cache_file(path).read_bytes(), raw


def test_a_pull_writes_only_what_changed_and_the_next_command_reads_no_item_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache of a large plan is megabytes: after a pull of a few lines the first command stores only
    the changes beside it (the cache itself is left as it was), and the next command takes them from
    there, reading no item again; both equal a full read."""
    from planctl.format import fasttree
    from planctl.store.cache import cache_file

    path, cached, raw = _pulled(tmp_path)
    first = open_plan(path, "plan.yaml", require_valid=True)
    assert first.reread
    assert_same_as_fresh(first, raw)
    assert cache_file(path).read_bytes() == cached
    read: list[int] = []
    compose = fasttree.compose
    monkeypatch.setattr(fasttree, "compose", lambda text: read.append(len(text)) or compose(text))
    second = open_plan(path, "plan.yaml", require_valid=True)
    assert second.from_cache and read == []
    monkeypatch.undo()
    assert_same_as_fresh(second, raw)


def test_after_a_pull_completion_and_the_merge_driver_still_use_the_cache(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Shell completion offers the retitled task from the cache and the stored changes, without
    reading the text; the merge driver knows the pulled plan is valid."""
    from planctl.cli import completion
    from planctl.store.cache import known_valid

    path, _, raw = _pulled(tmp_path)
    open_plan(path, "plan.yaml", require_valid=True)
    monkeypatch.setattr(completion, "all_items", lambda text: pytest.fail("the text was read"))
    titles = [title for _, _, title, _ in completion.plan_items(path, raw)]
    assert any(title.endswith("（修订）") for title in titles)
    assert known_valid(path, raw)


@pytest.mark.parametrize("damage", ["flip", "truncate", "other-bytes"])
def test_a_damaged_or_stale_delta_is_ignored(tmp_path: Path, damage: str) -> None:
    from planctl.store.cache import delta_file

    path, _, raw = _pulled(tmp_path)
    open_plan(path, "plan.yaml", require_valid=True)
    delta = delta_file(path)
    data = bytearray(delta.read_bytes())
    if damage == "flip":
        data[-5] ^= 0x40
    elif damage == "truncate":
        del data[len(data) // 2 :]
    delta.write_bytes(bytes(data))
    if damage == "other-bytes":
        raw = raw.replace("（修订）".encode(), "（再修订）".encode())
        replace_file(path, raw)
    file = open_plan(path, "plan.yaml", require_valid=True)
    assert_same_as_fresh(file, raw)
    assert_same_as_fresh(open_plan(path, "plan.yaml", require_valid=True), raw)


def test_done_after_a_pull_writes_the_whole_cache_again(tmp_path: Path) -> None:
    from datetime import date, datetime

    from planctl.commands.done import DoneOptions, run_done
    from test_cache import assert_cache_matches_file

    path, _, _ = _pulled(tmp_path)
    open_plan(path, "plan.yaml", require_valid=True)
    options = DoneOptions("t7", "2009-04-10", "p001", None, None, "补", again=True, real_today=date(2009, 4, 12),
                          now=datetime(2026, 11, 29, 8, 0, 0), future=True, quiet=True)
    assert run_done(str(path), options) == 0
    assert_cache_matches_file(path)


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="a中é\n😀", max_size=40), bom=st.booleans(), block=st.integers(1, 9), data=st.data())
def test_the_new_text_read_where_it_is_looked_at_is_the_text(text: str, bom: bool, block: int, data) -> None:
    """increment._LazyText (the new text after a pull, decoded a block at a time where it is looked at and
    counted only as far as asked): a byte offset's character offset, and every slice, search and count,
    answer as the text itself does, in any order asked."""
    from planctl.store import increment

    raw = ("\ufeff" * bom + text).encode("utf-8")
    skip = 3 * bom
    points = sorted({skip + len(text[:n].encode("utf-8")) for n in data.draw(st.lists(st.integers(0, len(text))))})
    lazy = increment._LazyText(raw, skip)
    lazy.BLOCK = block
    for point in points:
        assert lazy.char_of_byte(point) == len(raw[skip:point].decode("utf-8"))
    bound = st.one_of(st.none(), st.integers(-len(text) - 2, len(text) + 2))
    for _ in range(4):
        start, end = data.draw(bound), data.draw(bound)
        sub = data.draw(st.sampled_from(["\n", "a", "中"]))
        asked = data.draw(st.sampled_from(["slice", "find", "rfind", "count"]))
        if asked == "slice":
            assert lazy[start:end] == text[start:end]
        else:
            assert getattr(lazy, asked)(sub, start, end) == getattr(text, asked)(sub, start, end)
    assert lazy.endswith("\n") == text.endswith("\n")
    assert len(lazy) == len(text)


# --- the base known by its stat (cache.keep_base) -------------------------------------------------


def _settled_plan(path: Path, text: str) -> None:
    """The plan as written a minute ago: a later write changes its modification time (cache._settled)."""
    path.write_text(text, encoding="utf-8")
    past = time.time_ns() - 60 * 10**9
    os.utime(path, ns=(past, past))


def test_the_base_of_the_plan_file_read_is_known_by_its_stat_not_hashed(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The first read after a pull compares the plan with the cache's base: when that is the plan file read
    when the cache was written, with the stat it had then, its bytes are not hashed again; the plan read is
    a full read's."""
    from planctl.store import cache

    path = tmp_path / "plan.yaml"
    _settled_plan(path, GENERATED)
    open_plan(path, "plan.yaml", require_valid=True)
    raw = _teammates_pull(GENERATED).encode("utf-8")
    replace_file(path, raw)
    hashed: list[bytes] = []
    digest = cache.digest
    monkeypatch.setattr(cache, "digest", lambda data: hashed.append(bytes(data)) or digest(data))
    file = open_plan(path, "plan.yaml", require_valid=True)
    assert file.reread
    assert hashed and GENERATED.encode("utf-8") not in hashed
    assert_same_as_fresh(file, raw)


@pytest.mark.parametrize("settled", [True, False])
def test_a_plan_saved_in_place_after_the_cache_was_written_is_read_as_it_is_after_a_pull(tmp_path: Path,
                                                                                         settled: bool) -> None:
    """An editor saving the plan in place rewrites the cache's base too (a hard link to the same file): the
    same size, a title changed. Trusting the base's size (or inode) alone would then take those lines for the
    cached ones, and the pull after it would show the old title: its modification time tells the base changed
    (or, the plan just written, no stamp was kept), so it is hashed and the plan read is a full read's."""
    path = tmp_path / "plan.yaml"
    if settled:
        _settled_plan(path, GENERATED)
    else:
        path.write_text(GENERATED, encoding="utf-8")
    open_plan(path, "plan.yaml", require_valid=True)
    lines = GENERATED.splitlines(keepends=True)
    titles = [n for n, line in enumerate(lines) if line.startswith("        title: ") and line[-2:-1].isdigit()]
    n = titles[len(titles) // 4]  # an item the pull leaves alone
    lines[n] = lines[n][:-2] + ("1" if lines[n][-2] == "0" else "0") + "\n"  # as many bytes
    saved = "".join(lines)
    with path.open("r+b") as handle:  # in place, as such an editor saves
        handle.write(saved.encode("utf-8"))
    raw = _teammates_pull(saved).encode("utf-8")
    replace_file(path, raw)
    assert_same_as_fresh(open_plan(path, "plan.yaml", require_valid=True), raw)


# --- checks that look across items ---------------------------------------------------------------


def _hour_entry(text: str, quota: str, line: str) -> str:
    """`line` (an entry) added as the first entry of quota `quota`'s log."""
    lines = text.splitlines(keepends=True)
    at = next(n for n, x in enumerate(lines) if x.strip() == f"- id: {quota}")
    log = next(n for n in range(at, len(lines)) if lines[n].strip() == "log:")
    lines.insert(log + 1, line)
    return "".join(lines)


@pytest.mark.parametrize("pulled", ["over", "back-under"])
def test_a_persons_day_over_24_hours_across_quotas_is_judged_after_a_pull(tmp_path: Path, pulled: str) -> None:
    """More than 24 hours on one day by one person is a warning at each of that day's entries, in every
    quota counting hours: an entry pulled into one quota changes the warnings of another's entries, which
    were not read again (or, taken away, takes them back)."""
    first = "          - {date: 2009-01-05, by: p001, amount: 20}\n"
    second = "          - {date: 2009-01-05, by: p001, amount: 10}\n"
    base = _hour_entry(GENERATED, "q0", first)
    text, after = (base, _hour_entry(base, "q2", second)) if pulled == "over" else \
        (_hour_entry(base, "q2", second), base)
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    open_plan(path, "plan.yaml", require_valid=True)
    raw = after.encode("utf-8")
    replace_file(path, raw)
    file = open_plan(path, "plan.yaml", require_valid=True)
    assert_same_as_fresh(file, raw)
    assert_same_as_fresh(open_plan(path, "plan.yaml", require_valid=True), raw)


@pytest.mark.parametrize("edit", ["move-the-first", "move-the-follower", "wait-in-a-circle"])
def test_windows_relative_to_another_task_follow_it_after_a_pull(tmp_path: Path, edit: str) -> None:
    """t1's window is 3 days after t0 ends: a pull that moves t0 moves t1, which was not read again; one
    that changes t1's own rule is resolved against t0 as a full read does; t0 then waiting for t2 and
    t2 for t0 is a circle, an error."""
    lines = GENERATED.splitlines(keepends=True)
    at = {line.split("- id: ")[1].strip(): n for n, line in enumerate(lines) if "- id: t" in line}
    lines[at["t1"] + 2] = "        when: t0后3天\n"
    if edit == "wait-in-a-circle":
        lines.insert(at["t0"] + 3, "        after: t2\n")
    text = "".join(lines)
    lines = text.splitlines(keepends=True)
    at = {line.split("- id: ")[1].strip(): n for n, line in enumerate(lines) if "- id: t" in line}
    if edit == "move-the-first":
        lines[at["t0"] + 2] = "        when: 2009-01-20..2009-01-25\n"
    elif edit == "move-the-follower":
        lines[at["t1"] + 2] = "        when: t0后5天\n"
    else:
        lines.insert(at["t2"] + 3, "        after: t0\n")
    after = "".join(lines)
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    assert not open_plan(path, "plan.yaml", require_valid=False).loaded.errors
    raw = after.encode("utf-8")
    replace_file(path, raw)
    assert_same_as_fresh(open_plan(path, "plan.yaml", require_valid=False), raw)
    assert_same_as_fresh(open_plan(path, "plan.yaml", require_valid=False), raw)


# --- the first `due` after a pull builds only what its day's agenda reads -------------------------------

DAY = date(2009, 6, 1)  # the generated plan shows tasks in progress and to come


def _agenda_json(plan, day: date) -> dict:
    from planctl.output.due import to_json
    from planctl.status.agenda import build_agenda

    return to_json(plan, build_agenda(plan, day, 7), "plan.yaml")


def _phase_title(text: str) -> str:
    """The second phase's title edited: its item holds every task under it, all read again."""
    lines = text.splitlines(keepends=True)
    n = [n for n, line in enumerate(lines) if line.startswith("    title: ")][1]
    lines[n] = lines[n].rstrip("\n") + "（改）\n"
    return "".join(lines)


def _plain_task_done(text: str) -> str:
    """A completion on a task the agenda of DAY shows (a plain one, not done): it is then not shown."""
    lines = text.splitlines(keepends=True)
    fresh = load_bytes("plan.yaml", text.encode("utf-8")).plan
    assert fresh is not None
    shown = [row["id"] for name, rows in _agenda_json(fresh, DAY)["sections"].items() if name != "quotas"
             for row in rows]
    n = next(n for n, line in enumerate(lines) if line.strip() == f"- id: {shown[0]}")
    pad = " " * (_indent(lines[n]) + 2)
    entry = f"{pad}  - {{date: 2009-05-30, by: p001, note: 完成}}\n"
    end = n + 1
    while end < len(lines) and _indent(lines[end]) > _indent(lines[n]):
        end += 1
    log = next((k for k in range(n + 1, end) if lines[k] == f"{pad}log:\n"), None)
    lines[n + 1 : n + 1] = [f"{pad}log:\n", entry] if log is None else []
    if log is not None:
        lines.insert(log + 1, entry)
    return "".join(lines)


@pytest.mark.parametrize("pull", [_teammates_pull, _phase_title, _plain_task_done])
def test_the_first_due_after_a_pull_builds_only_what_its_agenda_reads(tmp_path: Path, pull,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Given `due`'s day view, the incremental read builds the items that day's agenda reads and the
    items it reads again (with all under them), not the whole plan; the agenda is a full read's, and so
    is the plan the next command reads from the changes it stored. No anchor is moved for it."""
    from planctl.store import increment

    path = tmp_path / "plan.yaml"
    path.write_text(GENERATED, encoding="utf-8")
    open_plan(path, "plan.yaml", require_valid=True)
    raw = pull(GENERATED).encode("utf-8")
    replace_file(path, raw)
    moved: list[int] = []
    whole = increment._Patch._moved_anchors
    monkeypatch.setattr(increment._Patch, "_moved_anchors", lambda self, positions: moved.append(1) or whole(self, positions))
    file = open_plan(path, "plan.yaml", require_valid=True, view=lambda year: (DAY, 7))
    fresh = load_bytes("plan.yaml", raw).plan
    assert fresh is not None
    assert file.reread and file.plan.partial and len(file.plan.items()) < len(fresh.items())
    assert _agenda_json(file.plan, DAY) == _agenda_json(fresh, DAY)
    assert moved == []
    for _ in range(2):  # the next `due`s read the changes it stored, for their day alone too
        later = open_plan(path, "plan.yaml", require_valid=True, view=lambda year: (DAY, 7))
        assert later.reread and later.plan.partial and len(later.plan.items()) < len(fresh.items())
        assert _agenda_json(later.plan, DAY) == _agenda_json(fresh, DAY)
    assert moved == []
    again = open_plan(path, "plan.yaml", require_valid=True)
    assert again.from_cache and not again.plan.partial and moved == []
    assert_same_as_fresh(again, raw)  # its anchors asked for: moved now, and right
    assert moved == [1]


def test_done_after_a_pull_read_for_a_day_agenda_has_every_anchor(tmp_path: Path) -> None:
    """A day's agenda read after a pull stores only the changes; `done` then reads the whole plan from them,
    its anchors moved when it asks for them, and records at the right place."""
    from datetime import datetime

    from planctl.commands.done import DoneOptions, run_done
    from test_cache import assert_cache_matches_file

    path = tmp_path / "plan.yaml"
    path.write_text(GENERATED, encoding="utf-8")
    open_plan(path, "plan.yaml", require_valid=True)
    replace_file(path, _teammates_pull(GENERATED).encode("utf-8"))
    assert open_plan(path, "plan.yaml", require_valid=True, view=lambda year: (DAY, 7)).plan.partial
    last = load_bytes("plan.yaml", path.read_bytes()).plan
    assert last is not None
    options = DoneOptions(last.walk()[-1].id, "2009-04-10", "p001", None, None, "拉取后", again=True, real_today=DAY,
                          now=datetime(2026, 11, 29, 8, 0, 0), future=True, quiet=True)
    assert run_done(str(path), options) == 0
    raw = path.read_bytes()
    assert "拉取后".encode() in raw
    assert_same_as_fresh(open_plan(path, "plan.yaml", require_valid=True), raw)
    assert_cache_matches_file(path)


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.sampled_from("a中\n\x00\x7f\x85\x86\ufffe\ud800\u2028 #"), max_size=40),
       long=st.booleans())
def test_changed_text_yaml_refuses_is_left_to_the_full_read_however_long(text: str, long: bool) -> None:
    """increment._unsafe looks at a short change character by character and a long one with the pattern:
    both refuse what format/fastlog.py's NON_PRINTABLE finds."""
    from planctl.format import fastlog
    from planctl.store.increment import _SHORT, _unsafe

    added = text + "a" * _SHORT if long else text
    assert _unsafe(added) == (fastlog.NON_PRINTABLE.search(added) is not None
                              or any(line.startswith(("<<<<<<<", "=======", ">>>>>>>", "|||||||"))
                                     for line in added.splitlines()))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(base=st.sampled_from(sorted(BASES)), kinds=st.lists(st.sampled_from(KINDS), min_size=1, max_size=3),
       seed=st.integers(0, 10_000), day=st.sampled_from([date(2009, 1, 10), date(2009, 4, 12), date(2009, 6, 1)]))
def test_a_days_agenda_read_after_random_edits_is_a_full_reads(tmp_path_factory, base, kinds, seed, day) -> None:
    """The first `due` after a pull of random edits, read for its day alone, shows the agenda a full read
    shows; the plan the next command reads from the changes it stored is a full read's."""
    path = tmp_path_factory.mktemp("day") / "plan.yaml"
    text = BASES[base]
    path.write_bytes(text.encode("utf-8"))
    open_plan(path, "plan.yaml", require_valid=False)
    raw = edited(text, kinds, seed).encode("utf-8")
    replace_file(path, raw)
    file = open_plan(path, "plan.yaml", require_valid=False, view=lambda year: (day, 7))
    fresh = load_bytes("plan.yaml", raw)
    assert [(p.offset, p.message) for p in file.loaded.problems] == [(p.offset, p.message) for p in fresh.problems]
    if fresh.errors:
        return
    assert fresh.plan is not None
    assert _agenda_json(file.plan, day) == _agenda_json(fresh.plan, day)
    for _ in range(2):  # the second and third `due` of the morning, from the changes the first stored
        later = open_plan(path, "plan.yaml", require_valid=False, view=lambda year: (day, 7))
        assert [(p.offset, p.message) for p in later.loaded.problems] == \
            [(p.offset, p.message) for p in fresh.problems]
        assert _agenda_json(later.plan, day) == _agenda_json(fresh.plan, day)
    assert_same_as_fresh(open_plan(path, "plan.yaml", require_valid=False), raw)


@pytest.mark.parametrize("damage", ["missing", "flip", "truncate", "other-plan"])
def test_the_next_due_after_a_pull_with_a_damaged_or_stale_day_index_shows_a_full_reads_agenda(
        tmp_path: Path, damage: str) -> None:
    """The `due`s after the first read the stored changes with the day index of the cache's bytes
    (store/day_index.py): one missing, damaged or made for other bytes is rebuilt from the cache, and
    the agenda is a full read's."""
    from planctl.store.day_index import index_file

    other = tmp_path / "other" / "plan.yaml"
    other.parent.mkdir()
    other.write_text(_phase_title(GENERATED), encoding="utf-8")
    open_plan(other, "plan.yaml", require_valid=True, view=lambda year: (DAY, 7))
    path = tmp_path / "plan.yaml"
    path.write_text(GENERATED, encoding="utf-8")
    open_plan(path, "plan.yaml", require_valid=True, view=lambda year: (DAY, 7))
    raw = _plain_task_done(GENERATED).encode("utf-8")
    replace_file(path, raw)
    assert open_plan(path, "plan.yaml", require_valid=True, view=lambda year: (DAY, 7)).reread
    day = index_file(path)
    data = bytearray(day.read_bytes())
    if damage == "missing":
        day.unlink()
    elif damage == "flip":
        data[len(data) // 2] ^= 0x40
        day.write_bytes(bytes(data))
    elif damage == "truncate":
        day.write_bytes(bytes(data[: len(data) // 2]))
    else:
        day.write_bytes(index_file(other).read_bytes())
    fresh = load_bytes("plan.yaml", raw).plan
    assert fresh is not None
    for _ in range(2):
        later = open_plan(path, "plan.yaml", require_valid=True, view=lambda year: (DAY, 7))
        assert later.reread and _agenda_json(later.plan, DAY) == _agenda_json(fresh, DAY)


def test_after_a_pull_only_the_quotas_read_again_are_summed_or_digested(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A pulled entry in one quota's log: the first `due` after the pull takes every other quota's totals
    from the quota index of the cache's bytes as they are (store/quota_index.py, no digest of their logs),
    and its agenda, quota rows included, is a full read's; so is the next `due`'s."""
    from planctl.store import quota_index

    path = tmp_path / "plan.yaml"
    path.write_text(GENERATED, encoding="utf-8")
    open_plan(path, "plan.yaml", require_valid=True, view=lambda year: (DAY, 7))
    after = _hour_entry(GENERATED, "q2", "          - {date: 2009-05-30, by: p001, amount: 7}\n")
    raw = after.encode("utf-8")
    replace_file(path, raw)
    digested: list[str] = []
    content = quota_index._content
    monkeypatch.setattr(quota_index, "_content",
                        lambda plan, quota, blob: digested.append(quota.id) or content(plan, quota, blob))
    fresh = load_bytes("plan.yaml", raw).plan
    assert fresh is not None
    first = open_plan(path, "plan.yaml", require_valid=True, view=lambda year: (DAY, 7))
    assert first.reread and set(digested) <= {"q2"}  # q2 read again: its log built, or digested
    assert _agenda_json(first.plan, DAY) == _agenda_json(fresh, DAY)
    later = open_plan(path, "plan.yaml", require_valid=True, view=lambda year: (DAY, 7))
    assert _agenda_json(later.plan, DAY) == _agenda_json(fresh, DAY)


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet="a中\r\n", max_size=60), offsets=st.lists(st.integers(0, 70), min_size=5, max_size=12))
def test_many_problems_are_placed_on_the_lines_and_columns_one_alone_is(text: str, offsets: list[int]) -> None:
    """Source.locate_all places many problems in one pass (counting line breaks between them in offset
    order): each gets the line and column `locate` gives it alone."""
    from planctl.errors import Problem
    from planctl.format.source import Source

    problems = [Problem(offset, "m") for offset in offsets]
    alone = Source("plan.yaml", text)
    assert Source("plan.yaml", text).locate_all(problems) == [alone.locate(p) for p in problems]


def test_a_warm_read_of_a_plan_with_warnings_decodes_nothing_and_places_them_as_a_full_read(tmp_path: Path) -> None:
    """The cache keeps each warning's line and column for its bytes: a warm read (and the reads after a
    pull) give them as a full read does, without decoding the text to count its lines."""
    text = _with_warnings(GENERATED)
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    open_plan(path, "plan.yaml", require_valid=True)
    warm = open_plan(path, "plan.yaml", require_valid=True)
    assert warm.from_cache and len(warm.loaded.problems) > 4
    assert getattr(warm.loaded.source, "_text", "") is None  # CachedSource: decoded only when asked for
    assert_same_as_fresh(warm, text.encode("utf-8"))
    raw = _teammates_pull(text).encode("utf-8")
    replace_file(path, raw)
    assert_same_as_fresh(open_plan(path, "plan.yaml", require_valid=True), raw)
    later = open_plan(path, "plan.yaml", require_valid=True)
    assert later.reread and getattr(later.loaded.source, "_text", "") is None
    assert_same_as_fresh(later, raw)


# --- the base's characters by byte offset (store/char_index.py) -------------------------------------


def _lines_edited(lines: list[str], data) -> list[str]:
    """`lines` with up to three runs of lines replaced, inserted or deleted (drawn from `data`)."""
    new = list(lines)
    for _ in range(data.draw(st.integers(0, 3))):
        at = data.draw(st.integers(0, len(new)))
        gone = data.draw(st.integers(0, min(2, len(new) - at)))
        added = data.draw(st.lists(st.text(alphabet="a中é😀\r", max_size=5).map(lambda s: s + "\n"), max_size=2))
        new[at : at + gone] = added
    return new


@settings(max_examples=400, deadline=None)
@given(old=st.text(alphabet="a中é\n😀\r", max_size=60), bom=st.booleans(), block=st.integers(1, 9),
       lazy_block=st.integers(1, 9), data=st.data())
def test_the_new_text_counted_with_the_bases_index_is_the_text(old: str, bom: bool, block: int, lazy_block: int,
                                                                data) -> None:
    """After a pull the new text's characters are counted from the base's index (store/char_index.py) where its
    bytes are the base's, and decoded around each change: every character's offset by its byte offset, every
    slice and search, answer as the new text does, for changes before, inside and after the index's blocks
    (of 1 to 9 bytes: many in a short text), multi-byte characters, a BOM, CR LF."""
    from planctl.store import char_index, increment

    new = "".join(_lines_edited(old.splitlines(keepends=True), data))
    prefix = "\ufeff" * bom
    base_raw, raw = (prefix + old).encode("utf-8"), (prefix + new).encode("utf-8")
    skip = 3 * bom
    hunks = increment.line_hunks(base_raw, raw, skip)
    assume(hunks is not None)
    assert hunks is not None
    lazy = increment._LazyText(raw, skip, char_index.counted(base_raw, block), hunks)
    lazy.BLOCK = lazy_block
    order = data.draw(st.permutations(range(len(new) + 1)))
    for n in order[: data.draw(st.integers(0, len(order)))]:  # asked in any order, as far as any point
        assert lazy.char_of_byte(skip + len(new[:n].encode("utf-8"))) == n
    bound = st.one_of(st.none(), st.integers(-len(new) - 2, len(new) + 2))
    for _ in range(3):
        start, end = data.draw(bound), data.draw(bound)
        sub = data.draw(st.sampled_from(["\n", "a", "中"]))
        asked = data.draw(st.sampled_from(["slice", "find", "rfind", "count"]))
        if asked == "slice":
            assert lazy[start:end] == new[start:end]
        else:
            assert getattr(lazy, asked)(sub, start, end) == getattr(new, asked)(sub, start, end)
    assert len(lazy) == len(new)
    assert lazy[:] == new


def test_a_plan_read_whole_keeps_the_index_of_its_characters(tmp_path: Path) -> None:
    """The full read stores the plan's characters by byte offset for the next pull, for its bytes alone."""
    from planctl.store import cache, char_index

    path = tmp_path / "plan.yaml"
    raw = ("\ufeff" + GENERATED).encode("utf-8")
    path.write_bytes(raw)
    open_plan(path, "plan.yaml", require_valid=False)
    index = char_index.read(path, cache.digest(raw))
    assert index == char_index.counted(raw)
    assert index.bytes_at[0] == 3 and index.chars_at[-1] == len(GENERATED) and index.bytes_at[-1] == len(raw)
    assert char_index.read(path, cache.digest(raw + b"\n")) is None
