"""`planctl done` under contention and when the write is cut short.

- 20 processes log completions to one quota at once: all 20 entries land and the plan checks clean.
- The write failing at each step (temp-file write: disk full, fsync, chmod, rename) leaves the
  original bytes, no temporary file, and a one-line error instead of a traceback.
- SIGKILL at random moments of a loop of writes: the plan is always exactly the version before
  or the version after the write that was under way, never a mix, and always checks clean.
"""

from __future__ import annotations

import errno
import os
import random
import re
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from conftest import PLANCTL_COMMAND, run_cli, write_plan
from planctl.format.loader import load_bytes

NOW = "2026-11-25T08:00:00+08:00"
BEIJING_8AM = datetime(2026, 11, 25, 8, 0, tzinfo=timezone(timedelta(hours=8)))
ENV = {"PLANCTL_NOW": NOW}
LEADERS = ("sha", "zhangwei", "lina")
MEMBERS = ("sha", "zhangwei", "lina", "wangfang", "liuyang", "chenjing", "yangfan")

def child_env(**extra: str) -> dict[str, str]:
    """The environment of a planctl process (conftest has already removed the PLANCTL_* variables)."""
    return {**os.environ, "NO_COLOR": "1", **extra}


def log_of(data: bytes, ident: str) -> list[tuple[object, ...]]:
    loaded = load_bytes("plan.yaml", data)
    assert not loaded.errors, [(p.line, p.column, p.message) for p in loaded.errors]
    assert loaded.plan is not None
    item = loaded.plan.find(ident)
    assert item is not None
    return [entry.key() for entry in item.log]


def stray_files(folder: Path, *keep: str) -> list[str]:
    """Files beside the plan other than it and planctl's cache folder."""
    return sorted(p.name for p in folder.iterdir() if p.name not in ("plan.yaml", ".planctl-cache", *keep))


def cache_temp_files(folder: Path) -> list[str]:
    cache_dir = folder / ".planctl-cache"
    return sorted(p.name for p in cache_dir.iterdir() if p.name.endswith(".tmp")) if cache_dir.is_dir() else []


# --- 20 writers at once ----------------------------------------------------------------------


def test_twenty_processes_log_to_one_quota_at_once(tmp_path: Path) -> None:
    path = write_plan(tmp_path)
    before = path.read_bytes()
    procs = []
    for i in range(20):
        args = [*PLANCTL_COMMAND, "done", "self-study", "-f", str(path), "--by", MEMBERS[i % len(MEMBERS)],
                "--amount", f"{i + 1}h" if i % 2 else f"{(i + 1) * 30}min", "--date", f"2009-04-{1 + i % 9:02d}",
                "--note", f"第{i}次 #{i}"]
        env = child_env(PLANCTL_NOW=(BEIJING_8AM + timedelta(seconds=i)).isoformat())
        procs.append(subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE))
    results = [(p.wait(timeout=60), p.stdout.read(), p.stderr.read()) for p in procs]  # type: ignore[union-attr]
    for p in procs:
        p.stdout.close()  # type: ignore[union-attr]
        p.stderr.close()  # type: ignore[union-attr]
    for code, out, err in results:
        assert code == 0, err.decode()
        said = [line for line in err.splitlines() if not line.startswith(b"planctl: waiting for another planctl")]
        assert said[0].startswith(b"recorded: ") and out == b"", (out, err)  # a slow machine may say it waits
    data = path.read_bytes()
    entries = log_of(data, "self-study")
    assert sorted(e[4] for e in entries) == sorted(f"第{i}次 #{i}" for i in range(20))  # type: ignore[type-var]
    by_note = {e[4]: e for e in entries}
    for i in range(20):
        _, by, _, amount, _, at, _occurrence = by_note[f"第{i}次 #{i}"]
        assert by == MEMBERS[i % len(MEMBERS)]
        assert amount == (i + 1 if i % 2 else (i + 1) * 0.5)
        assert at == BEIJING_8AM + timedelta(seconds=i)
    # Only lines were added: `log:` and the 20 entries, all under self-study.
    old_lines, new_lines = before.decode().split("\n"), data.decode().split("\n")
    assert len(new_lines) == len(old_lines) + 21
    at = new_lines.index("            log:")
    assert new_lines[:at] + new_lines[at + 21 :] == old_lines
    check = subprocess.run([*PLANCTL_COMMAND, "check", str(path)], capture_output=True, env=child_env(), timeout=60)
    assert check.returncode == 0, check.stderr.decode()
    assert stray_files(tmp_path) == [] and cache_temp_files(tmp_path) == []


# --- the write failing at each step ----------------------------------------------------------


def _fail_write(monkeypatch: pytest.MonkeyPatch) -> None:
    """The temp file's write runs out of space half way."""
    real_fdopen = os.fdopen

    class Full:
        def __init__(self, handle: object) -> None:
            self.handle = handle

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()  # type: ignore[attr-defined]

        def write(self, data: bytes) -> int:
            self.handle.write(data[: len(data) // 2])  # type: ignore[attr-defined]
            self.handle.flush()  # type: ignore[attr-defined]
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        def flush(self) -> None:
            self.handle.flush()  # type: ignore[attr-defined]

        def fileno(self) -> int:
            return self.handle.fileno()  # type: ignore[attr-defined,no-any-return]

    def fdopen(fd: int, *args: object, **kwargs: object) -> object:
        return Full(real_fdopen(fd, *args, **kwargs))  # type: ignore[call-overload]

    monkeypatch.setattr(os, "fdopen", fdopen)


def _fail_temp_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """Creating any new `.tmp` file fails as on a full disk."""
    real_open = os.open

    def failing_open(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if str(path).endswith(".tmp") and flags & os.O_CREAT:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", failing_open)


def _fail(name: str, code: int) -> object:
    def raiser(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    raiser.__name__ = name
    return raiser


FAILURES = {
    "disk full on write": (lambda mp: _fail_write(mp), errno.ENOSPC),
    "disk full creating the temp file": (lambda mp: _fail_temp_file(mp), errno.ENOSPC),
    "fsync fails": (lambda mp: mp.setattr(os, "fsync", _fail("fsync", errno.EIO)), errno.EIO),
    "chmod fails": (lambda mp: mp.setattr(os, "chmod", _fail("chmod", errno.EPERM)), errno.EPERM),
    "rename fails": (lambda mp: mp.setattr(os, "replace", _fail("replace", errno.EXDEV)), errno.EXDEV),
}


def _run_failing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: str) -> tuple[object, bytes]:
    path = write_plan(tmp_path)
    path.chmod(0o640)
    before = path.read_bytes()
    install, _ = FAILURES[failure]
    with monkeypatch.context() as mp:
        install(mp)  # type: ignore[operator]
        result = run_cli("done", "self-study", "-f", str(path), "--by", "lina", "--amount", "2h",
                         "--date", "2009-04-03", env=ENV)
    return result, before


@pytest.mark.parametrize("failure", FAILURES)
def test_interrupted_write_keeps_the_original(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: str) -> None:
    result, before = _run_failing(tmp_path, monkeypatch, failure)
    path = tmp_path / "plan.yaml"
    assert result.exit_code != 0  # type: ignore[attr-defined]
    assert path.read_bytes() == before
    assert (path.stat().st_mode & 0o777) == 0o640
    assert stray_files(tmp_path) == [], "a temporary file was left behind"
    stderr: str = result.stderr  # type: ignore[attr-defined]
    assert "Traceback" not in stderr and "  File " not in stderr
    assert stderr.startswith("planctl: ")
    assert os.strerror(FAILURES[failure][1]) in stderr, stderr
    assert result.stdout == ""  # type: ignore[attr-defined]
    # and the next done, with the disk back, works
    assert "Traceback" not in result.stdout  # type: ignore[attr-defined]
    ok = run_cli("done", "self-study", "-f", str(path), "--by", "lina", "--amount", "2h", "--date", "2009-04-03",
                 env=ENV)
    assert ok.exit_code == 0, ok.stderr
    assert len(log_of(path.read_bytes(), "self-study")) == 1


@pytest.mark.parametrize("failure", FAILURES)
def test_interrupted_write_leaves_no_temp_file_in_the_cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  failure: str) -> None:
    _run_failing(tmp_path, monkeypatch, failure)
    assert cache_temp_files(tmp_path) == []


@pytest.mark.parametrize("failure", FAILURES)
def test_interrupted_write_is_reported_as_a_write_error_not_a_bug(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  failure: str) -> None:
    result, _ = _run_failing(tmp_path, monkeypatch, failure)
    stderr: str = result.stderr  # type: ignore[attr-defined]
    assert result.exit_code not in (0, 70), stderr  # type: ignore[attr-defined]
    assert "bug in planctl" not in stderr and "internal error" not in stderr
    assert "plan.yaml" in stderr and re.search(r"nothing (was )?(written|changed|recorded)", stderr), stderr


def test_interrupted_undo_keeps_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_plan(tmp_path)
    ok = run_cli("done", "mobilize", "-f", str(path), "--date", "2009-03-30", env=ENV)
    assert ok.exit_code == 0
    after = path.read_bytes()
    with monkeypatch.context() as mp:
        mp.setattr(os, "replace", _fail("replace", errno.EIO))
        result = run_cli("undo", "--yes", "-f", str(path), env=ENV)
    assert result.exit_code != 0
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == after
    assert stray_files(tmp_path) == []


# --- kill -9 at random moments ---------------------------------------------------------------

CHILD = r"""
import contextlib, io, sys
from datetime import datetime, timedelta
from planctl.commands.done import DoneOptions, run_done

path, start = sys.argv[1], int(sys.argv[2])
print("ready", flush=True)
i = start
while True:
    now = datetime(2026, 11, 25, 8, 0) + timedelta(seconds=i)
    options = DoneOptions("self-study", "2009-04-03", "zhangwei", None, "1h", f"k{i}", False, now.date(), now)
    with contextlib.redirect_stdout(io.StringIO()):
        assert run_done(path, options) == 0
    print(i, flush=True)
    i += 1
"""

ANCHOR = "            unit: h\n"  # the last line of self-study (the first `unit: h` in the bundled plan)


def version(base: str, count: int) -> bytes:
    """The bundled plan after `count` completions k0…k(count-1): written out here, not by planctl."""
    if count == 0:
        return base.encode()
    at = base.index(ANCHOR) + len(ANCHOR)
    lines = "".join(
        f"              - {{date: 2009-04-03, by: zhangwei, amount: 1, note: k{i}, "
        f"at: {(datetime(2026, 11, 25, 8, 0) + timedelta(seconds=i)).isoformat()}}}\n"
        for i in range(count)
    )
    return (base[:at] + "            log:\n" + lines + base[at:]).encode()


def test_kill_9_at_random_moments_leaves_a_whole_version(tmp_path: Path) -> None:
    path = write_plan(tmp_path)
    base = path.read_text(encoding="utf-8")
    assert version(base, 0) == path.read_bytes()
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    rng = random.Random(20261125)
    count = 0
    kills_mid_write = 0
    deadline = time.monotonic() + 40
    longest = 0.12  # the latest kill after "ready", in seconds; grows while no write finishes (a loaded machine)
    for _ in range(30):
        if time.monotonic() > deadline:
            break
        child = subprocess.Popen([sys.executable, str(script), str(path), str(count)], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, env=child_env())
        assert child.stdout is not None and child.stderr is not None
        assert child.stdout.readline() == b"ready\n", child.stderr.read()
        time.sleep(rng.uniform(0.0, longest))
        child.kill()
        child.wait(timeout=30)
        printed = [int(line) for line in child.stdout.read().split()]
        child.stdout.close()
        error = child.stderr.read()
        child.stderr.close()
        assert b"Traceback" not in error, error.decode()

        # Every write the child finished is there; the one under way is all there or not at all.
        finished = count + len(printed)
        assert printed == list(range(count, finished))
        data = path.read_bytes()
        if data == version(base, finished):
            count = finished
        else:
            assert data == version(base, finished + 1), "the plan is neither the version before nor after the kill"
            count = finished + 1
            kills_mid_write += 1
        if count == 0:
            longest = min(longest * 2, 3.0)
        loaded = load_bytes("plan.yaml", data)
        assert not loaded.errors
        # A kill between creating and renaming the temp file may leave one behind; never anything else. The
        # cache folder's .gitignore is written the same way (then it is still not planctl's, so the next run
        # writes it again and removes that temp file: atomic.remove_stale_temp_files).
        leftovers = stray_files(tmp_path, "child.py") + [f".planctl-cache/{n}" for n in cache_temp_files(tmp_path)]
        assert all(re.fullmatch(r"(\.planctl-cache/)?\.plan\.yaml\.[^/]+\.tmp|\.planctl-cache/\.\.gitignore\.[0-9-]+\.tmp", name)
                   for name in leftovers), leftovers

    print(f"kill -9: {count} completions survived; {kills_mid_write} kills landed after a write's rename and before its report")
    assert count > 0
    check = subprocess.run([*PLANCTL_COMMAND, "check", str(path)], capture_output=True, env=child_env(), timeout=60)
    assert check.returncode == 0, check.stderr.decode()
    assert [e[4] for e in log_of(path.read_bytes(), "self-study")] == [f"k{i}" for i in range(count)]
