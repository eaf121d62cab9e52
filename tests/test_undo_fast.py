"""`planctl undo` costs no more than the `done` it takes back (issue 20): it runs the quick way without
Typer (cli/quick.py), checks the removal on the item's own lines (without YAML in the usual case), keeps
the cache by moving its parts as `done` does, and after a pull finds the entry and checks its removal
without reading the plan whole. Each way leaves the file byte for byte as expected and a cache equal to
a fresh read (warnings included), and says the same as the Typer command, in English and in Chinese."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planctl.commands import done
from planctl.commands.done import DoneOptions, run_done, run_undo
from planctl.format import loader
from planctl.store import increment
from planctl.store.planfile import open_plan
from test_cache import assert_cache_matches_file
from test_increment import GENERATED
from test_quick import LANGUAGES, SEED, _run, in_work_folder
from test_quick_imports import _heavy, _imported

D = "2009-04-12"
NOW = datetime(2026, 11, 29, 8, 0, 0)


def _done(path: Path, target: str, day: str, amount: str | None = None, by: str | None = "p001") -> None:
    options = DoneOptions(target, day, by, None, amount, None, again=True, real_today=date(2009, 4, 12), now=NOW,
                          future=True, quiet=True)
    assert run_done(str(path), options) == 0


def _undo(path: Path) -> None:
    assert run_undo(str(path), yes=True, confirm=lambda _: True, quiet=True) == 0


# --- the quick way: no Typer, no YAML, the same words and exit codes -------------------------------------------


def test_the_usual_undo_imports_neither_typer_nor_yaml(tmp_path: Path) -> None:
    shutil.copy(SEED, tmp_path / "plan.yaml")
    for args in (["done", "mobilize", "--date", D, "-q"], ["done", "mobilize", "--again", "--date", D, "-q"]):
        _imported(args, tmp_path)
    imported = _imported(["undo", "--yes", "-q"], tmp_path)
    assert _heavy(imported) == set()
    assert "yaml" not in imported  # done's line under another: checked by the fast log reader
    assert "mobilize" in (tmp_path / "plan.yaml").read_text(encoding="utf-8")


def _hand_edit(folder: Path) -> None:
    """The entry's line changed by hand after its done: its note rewritten."""
    path = folder / "plan.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(", by: zhangwei, at:", ", by: zhangwei, note: 改过, at:"), encoding="utf-8")


def _pulled(folder: Path) -> None:
    """A teammate's completion on another task arrived after the done (the file replaced, as git does)."""
    path = folder / "plan.yaml"
    text = path.read_text(encoding="utf-8")
    new = path.with_name("plan.yaml.new")
    new.write_text(text.replace("        title: 动员部署\n", "        title: 动员部署\n        log:\n"
                                "          - {date: 2009-03-30, by: lina}\n", 1) if "title: 动员部署\n        log:" not in
                   text else text, encoding="utf-8")
    new.replace(path)


# (command line, the dones before it, what happens to the file between)
P = "plan.yaml"
ONCE = [["done", "-f", P, "lead-group", "--date", "2009-03-02", "--by", "zhangwei"]]
TWICE = [*ONCE, ["done", "-f", P, "lead-group", "--again", "--date", D, "--by", "zhangwei"]]
UNDO_LINES = [
    (["undo", "-f", P, "--yes"], TWICE, None),
    (["undo", "-f", P, "-y", "-q"], ONCE, None),
    (["-f", P, "undo", "--yes", "--json"], TWICE, None),
    (["-q", "undo", "-y"], TWICE, None),
    (["--today", D, "undo", "-y", "--today", D], ONCE, None),
    (["undo", "-f", P], TWICE, None),  # asks; no answer on stdin
    (["undo", "-f", P, "-y"], [], None),  # nothing to undo
    (["undo", "-f", P, "-y"], ONCE, _hand_edit),  # changed by hand: refused, with the line
    (["undo", "-f", P, "-y"], TWICE, _pulled),
    (["undo", "-f", "missing.yaml", "-y"], [], None),
]
TYPER_UNDO_LINES = [["undo", "-yq", "-f", P], ["undo", "--bogus"], ["undo", "-f", P, "extra"], ["undo", "-h"]]


def _fresh(folder: Path) -> None:
    for path in folder.iterdir():
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    shutil.copy(SEED, folder / "plan.yaml")


def _files(folder: Path) -> dict[str, bytes]:
    """The plan and planctl's own files beside it (journal, taken-back list), caches left out (the base's stamp: a stat)."""
    found = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    return {name: data for name, data in found.items() if not name.endswith((".cache", ".cache.base", ".cache.stamp"))}


@pytest.mark.parametrize("language", LANGUAGES, ids=["en", "zh", "PLANCTL_LANG"])
def test_undo_says_the_same_both_ways(language: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from planctl.cli import quick

    folder = in_work_folder(language, tmp_path, monkeypatch)
    for args, dones, between in [*UNDO_LINES, *((line, TWICE, None) for line in TYPER_UNDO_LINES)]:
        assert (quick.read(args) is not None) == (args not in TYPER_UNDO_LINES), args
        seen = []
        for quickly in (True, False):
            _fresh(folder)
            for line in dones:
                assert _run(line, quickly=True, monkeypatch=monkeypatch)[0] == 0
            if between is not None:
                between(folder)
            seen.append((_run(args, quickly=quickly, monkeypatch=monkeypatch), _files(folder)))
        assert seen[0] == seen[1], args


def test_the_quick_way_gives_the_exit_codes_of_the_readme(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from planctl.cli import quick

    assert all(quick.read(args) is not None for args in (["undo", "-f", P, "-y"], ["undo", "-f", P, "-y", "-q"]))
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.chdir(tmp_path)
    _fresh(tmp_path)
    before = (tmp_path / P).read_bytes()
    assert _run(["undo", "-f", P, "-y"], quickly=True, monkeypatch=monkeypatch)[0] == 2  # nothing to undo
    for line in ONCE:
        assert _run(line, quickly=True, monkeypatch=monkeypatch)[0] == 0
    _hand_edit(tmp_path)
    code, _out, err = _run(["undo", "-f", P, "-y"], quickly=True, monkeypatch=monkeypatch)
    assert code == 1 and "line " in err and "nothing was changed" in err  # located, refused
    for line in ONCE:
        _fresh(tmp_path)
        assert _run(line, quickly=True, monkeypatch=monkeypatch)[0] == 0
    assert _run(["undo", "-f", P, "-y", "-q"], quickly=True, monkeypatch=monkeypatch) == (0, "", "")
    assert (tmp_path / P).read_bytes() == before


# --- the cache after undo: its parts moved, equal to a fresh read --------------------------------------------


def _no_whole_read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every read of the plan whole (`whole`: by open_plan or by undo itself, `again`: undo's
    own, after open_plan read it from the cache), and every re-read of the edited item for the cache."""
    reads: list[str] = []
    load_bytes, after_edit, full_read = loader.load_bytes, increment.after_edit, done.full_read
    monkeypatch.setattr(loader, "load_bytes", lambda *a, **k: reads.append("whole") or load_bytes(*a, **k))
    monkeypatch.setattr(done, "full_read", lambda *a, **k: reads.append("again") or full_read(*a, **k))
    monkeypatch.setattr(increment, "after_edit", lambda *a, **k: reads.append("item again") or after_edit(*a, **k))
    return reads


NO_LOG = "        when: 2009-11-28..2009-11-29\n        who: p121\n"
T39_LOG = ("        log:\n          - {date: 2009-12-03, by: p179, note: 完成}\n          - {date: 2009-11-29, by: p097, "
           "note: 完成}\n          - {date: 2009-11-29, by: p080, note: 完成}\n")


@pytest.mark.parametrize("style", ["plain", "crlf"])
def test_the_first_entry_and_its_log_line_go_with_the_cache_moved(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  style: str) -> None:
    text = GENERATED.replace(NO_LOG + T39_LOG, NO_LOG)  # t39, the plan's last task, has no log
    path = tmp_path / "plan.yaml"
    path.write_bytes((text.replace("\n", "\r\n") if style == "crlf" else text).encode("utf-8"))
    before = path.read_bytes()
    open_plan(path, "plan.yaml", require_valid=True)
    _done(path, "t39", "2009-11-29")
    reads = _no_whole_read(monkeypatch)
    _undo(path)
    assert path.read_bytes() == before
    assert reads == []
    assert_cache_matches_file(path)


def test_warnings_an_hours_entry_brought_leave_with_it(tmp_path: Path) -> None:
    """Two entries of one person's day over 24 hours warn at both; taking back the second leaves none."""
    path = tmp_path / "plan.yaml"
    path.write_text(GENERATED, encoding="utf-8")
    open_plan(path, "plan.yaml", require_valid=True)
    _done(path, "q0", "2009-01-10", "20h")
    middle = path.read_bytes()
    _done(path, "q0", "2009-01-10", "6h")
    assert len(open_plan(path, "plan.yaml", require_valid=True).loaded.problems) == 2
    _undo(path)
    assert path.read_bytes() == middle
    assert open_plan(path, "plan.yaml", require_valid=True).loaded.problems == []
    assert_cache_matches_file(path)


# --- after a pull: the entry found where it is now, its removal checked on the item's lines --------------------

TARGETS = ["t5", "t39", "q0", "t0"]  # a task inside a phase, the last task of the file, a quota, the first task


MINE, MY_LOG_KEY, THEIRS = "mine", "my log key", "theirs"


def _tagged(old: str, new: str) -> list[tuple[str, str]]:
    """The lines of `new`, which is `old` with done's lines inserted, each tagged MINE (done's entry line),
    MY_LOG_KEY (the `log:` line done wrote with it) or THEIRS."""
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    first = next((n for n, (a, b) in enumerate(zip(old_lines, new_lines, strict=False)) if a != b), len(old_lines))
    block = range(first, first + len(new_lines) - len(old_lines))
    return [(line, THEIRS if n not in block else MINE if "{date:" in line else MY_LOG_KEY)
            for n, line in enumerate(new_lines)]


def _pull(lines: list[tuple[str, str]], copy_after: list[int], retitle: list[int], target: str) -> list[tuple[str, str]]:
    """A teammate's edits: a copy of an entry line, with another note, after each entry line numbered in
    `copy_after` (modulo their count: done's own line may be one, which then is no longer its log's
    last), and the titles of items other than `target` changed (undo refuses when its own changed)."""
    entries = [n for n, (line, _tag) in enumerate(lines) if line.lstrip().startswith("- {date:")]
    titles = [n for n, (line, _tag) in enumerate(lines)
              if line.startswith("        title: ") and not lines[n - 1][0].endswith(f"- id: {target}\n")]
    after = {entries[k % len(entries)] for k in copy_after}
    retitled = {titles[k % len(titles)] for k in retitle}
    out: list[tuple[str, str]] = []
    for n, (line, tag) in enumerate(lines):
        out.append((line.rstrip("\n") + f" 修订{n}\n", tag) if n in retitled else (line, tag))
        if n in after:
            copy = line.replace("note: 完成", "note: 拉取") if "note:" in line else line.replace("}", ", note: 拉取}")
            out.append((copy, THEIRS))
    return out


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(target=st.sampled_from(TARGETS), first=st.booleans(),
       copy_after=st.lists(st.integers(0, 10_000), min_size=1, max_size=3),
       retitle=st.lists(st.integers(0, 100), max_size=2), warm=st.booleans())
def test_undo_after_a_pull_reads_only_the_item(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch,
                                               target: str, first: bool, copy_after: list[int], retitle: list[int],
                                               warm: bool) -> None:
    """Random pulls after the done (entries copied anywhere, done's own included, so that its entry may
    no longer be the log's last; titles changed): undo gives the pulled file less done's lines, the
    cache a fresh read gives, and undo itself never reads the plan whole."""
    text = GENERATED.replace(NO_LOG + T39_LOG, NO_LOG) if first else GENERATED
    path = tmp_path_factory.mktemp("pull") / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    open_plan(path, "plan.yaml", require_valid=True)
    _done(path, target, "2009-11-29", "1" if target.startswith("q") else None)
    pulled = _pull(_tagged(text, path.read_text(encoding="utf-8")), copy_after, retitle, target)
    temp = path.with_name("plan.yaml.pull")
    temp.write_text("".join(line for line, _tag in pulled), encoding="utf-8")
    temp.replace(path)
    if warm:
        open_plan(path, "plan.yaml", require_valid=True)  # a command ran after the pull
    mine = next(n for n, (_line, tag) in enumerate(pulled) if tag == MINE)
    log_stays = mine + 1 < len(pulled) and pulled[mine + 1][0].lstrip().startswith("- {date:")  # a copy of it
    expected = "".join(line for line, tag in pulled if tag == THEIRS or (tag == MY_LOG_KEY and log_stays))
    with monkeypatch.context() as patched:
        reads = _no_whole_read(patched)
        _undo(path)
    assert path.read_text(encoding="utf-8") == expected
    assert "again" not in reads  # only open_plan reads it whole, when the pull's changes are not all inside items
    assert_cache_matches_file(path)
