"""The store trusts only the plan file (issue 12, cases 4, 11, 12, 13; issue 13, the write path).

- A hand edit saved while `done` writes its new bytes to disk is kept (the file is re-checked
  after the fsync, right before the rename); a file that keeps changing is left alone, exit 3.
- The cache is used only when its content is what planctl wrote: a changed number, a truncated
  blob or an edited anchor is a miss (the plan is read again), never a wrong answer or exit 70.
- `done` confirms which item its line lands under, even when the cache points elsewhere.
- A FIFO at the cache or the journal path does not make `due` or `done` wait forever.
- A read-only plan is not replaced (exit 1), whether or not the user is root.
- The cache key covers every module that builds what is cached.
"""

from __future__ import annotations

import os
import shutil
import stat
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import BUNDLED, run_cli, write_plan
from planctl.format.loader import load_bytes
from planctl.store import cache

ENV = {"PLANCTL_NOW": "2026-11-25T08:00:00", "COLUMNS": "200"}


def cli(*args: str) -> object:
    return run_cli(*args, env=ENV)


def plan_copy(tmp_path: Path) -> Path:
    return write_plan(tmp_path)


def log_of(data: bytes, ident: str) -> list[tuple[object, ...]]:
    loaded = load_bytes("plan.yaml", data)
    assert not loaded.errors and loaded.plan is not None
    item = loaded.plan.find(ident)
    assert item is not None
    return [entry.key() for entry in item.log]


def child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLANCTL_")}
    env.update(NO_COLOR="1", PLANCTL_NOW="2026-11-25T08:00:00", **extra)
    return env


# --- case 4: an editor saving while `done` writes -----------------------------------------------


def _save_during_fsync(monkeypatch: pytest.MonkeyPatch, path: Path, times: int) -> list[int]:
    """While planctl's temporary file is being synced to disk (the slow part of a write), an editor
    saves the plan: a comment added at its end, as a text editor writes it (in place)."""
    real_fsync = os.fsync
    saves: list[int] = []

    def fsync(fd: int) -> None:
        real_fsync(fd)
        if len(saves) < times and stat.S_ISREG(os.fstat(fd).st_mode):
            saves.append(fd)
            path.write_bytes(path.read_bytes() + f"# 第{len(saves)}稿\n".encode())

    monkeypatch.setattr(os, "fsync", fsync)
    return saves


def test_an_edit_saved_while_done_syncs_its_write_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = plan_copy(tmp_path)
    saves = _save_during_fsync(monkeypatch, path, times=1)
    result = cli("done", "mobilize", "-f", str(path), "--date", "2009-03-30")
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    assert len(saves) == 1
    data = path.read_bytes()
    assert "# 第1稿\n".encode() in data, "the editor's save was overwritten"
    assert [e[0].isoformat() for e in log_of(data, "mobilize")] == ["2009-03-30"]  # type: ignore[attr-defined]
    assert not load_bytes("plan.yaml", data).errors


def test_a_plan_that_keeps_changing_is_left_as_the_editor_saved_it(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    path = plan_copy(tmp_path)
    _save_during_fsync(monkeypatch, path, times=100)
    result = cli("done", "mobilize", "-f", str(path), "--date", "2009-03-30")
    assert result.exit_code == 3, result.stderr  # type: ignore[attr-defined]
    assert "kept changing" in result.stderr and "nothing was written" in result.stderr  # type: ignore[attr-defined]
    data = path.read_bytes()
    assert "# 第5稿\n".encode() in data and log_of(data, "mobilize") == []
    assert sorted(p.name for p in tmp_path.iterdir()) == [".planctl-cache", "plan.yaml"]  # no temporary file left


def test_the_transaction_writes_what_the_last_attempt_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """write_plan itself: each attempt reads the file afresh, `ahead` runs before each write, and
    the bytes written are made from what the last attempt read."""
    from planctl.store.transaction import Planned, write_plan

    path = tmp_path / "notes.txt"
    path.write_bytes(b"one\n")
    _save_during_fsync(monkeypatch, path, times=2)
    order: list[str] = []

    def prepare() -> Planned[bytes]:
        raw = path.read_bytes()
        order.append("read")
        return Planned(raw, raw + b"planctl\n", raw)

    result = write_plan(path, "notes.txt", prepare, ahead=lambda read: order.append("ahead"))
    assert order == ["read", "ahead"] * 3
    assert result == b"one\n# \xe7\xac\xac1\xe7\xa8\xbf\n# \xe7\xac\xac2\xe7\xa8\xbf\n"
    assert path.read_bytes() == result + b"planctl\n"


@pytest.mark.parametrize("command", ["undo", "shift"])
def test_undo_and_shift_keep_an_edit_saved_while_they_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            command: str) -> None:
    path = plan_copy(tmp_path)
    assert cli("done", "mobilize", "-f", str(path), "--date", "2009-03-30").exit_code == 0  # type: ignore[attr-defined]
    _save_during_fsync(monkeypatch, path, times=1)
    args = ["undo", "--yes"] if command == "undo" else ["shift", "--to", "2010-03-01", "--keep-logs"]
    result = cli(*args, "-f", str(path))
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    data = path.read_bytes()
    assert "# 第1稿\n".encode() in data
    if command == "undo":
        assert log_of(data, "mobilize") == []
    else:
        assert b"2010" in data


# --- case 11: the cache is checked, not trusted ------------------------------------------------


def _warm(tmp_path: Path, amount: str = "1.5h", note: str = "TRUNC") -> Path:
    path = plan_copy(tmp_path)
    result = cli("done", "self-study", "-f", str(path), "--by", "lina", "--amount", amount, "--date", "2009-04-02",
                 "--note", note)
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    shutil.rmtree(path.parent / ".planctl-cache")  # done kept its line as a pending edit: the whole cache, from a read
    assert cli("due", "-f", str(path), "--today", "2009-04-10").exit_code == 0  # type: ignore[attr-defined]
    assert cache.load(path, cache.digest(path.read_bytes())) is not None  # the cache is warm
    return path


def _cache_path(path: Path) -> Path:
    return path.parent / ".planctl-cache" / "plan.yaml.cache"


def _shown_amounts(path: Path) -> list[object]:
    import json

    result = cli("show", "self-study", "--json", "-f", str(path), "--today", "2009-04-10")
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    return [entry["amount"] for entry in json.loads(result.stdout)["log"]]  # type: ignore[attr-defined]


def test_a_changed_number_in_the_cache_is_not_shown(tmp_path: Path) -> None:
    path = _warm(tmp_path)
    cached = _cache_path(path)
    raw = cached.read_bytes()
    double = struct.pack("<d", 1.5)
    assert double in raw
    cached.write_bytes(raw.replace(double, struct.pack("<d", 150.0)))  # one bit pattern for another
    assert _shown_amounts(path) == [1.5]


def _bytes_object_around(raw: bytes, inside: int) -> tuple[int, int]:
    """The marshal bytes object (type 's', maybe with the reference flag) nearest around `inside`:
    (where its type code is, its length)."""
    for start in range(inside - 5, -1, -1):
        if raw[start] & 0x7F == ord("s"):
            size = struct.unpack("<i", raw[start + 1 : start + 5])[0]
            if start + 5 <= inside < start + 5 + size <= len(raw):
                return start, size
    raise AssertionError("no bytes object around the offset")


def test_a_truncated_log_blob_in_the_cache_is_a_miss_not_a_crash(tmp_path: Path) -> None:
    path = _warm(tmp_path)
    cached = _cache_path(path)
    raw = cached.read_bytes()
    start, size = _bytes_object_around(raw, raw.index(b"TRUNC"))  # self-study's log, one marshal blob
    half = size // 2
    blob = raw[start + 5 : start + 5 + half]
    cached.write_bytes(raw[:start + 1] + struct.pack("<i", half) + blob + raw[start + 5 + size :])
    for args in (["due", "--today", "2009-04-10"], ["list"], ["check"], ["status", "--today", "2009-04-10"]):
        result = cli(*args, "-f", str(path))
        assert result.exit_code == 0, (args, result.stderr)  # type: ignore[attr-defined]
    assert _shown_amounts(path) == [1.5]


@pytest.mark.parametrize("damage", ["cut in half", "empty", "garbage", "another file's cache"])
def test_a_damaged_cache_file_is_a_miss(tmp_path: Path, damage: str) -> None:
    path = _warm(tmp_path)
    cached = _cache_path(path)
    raw = cached.read_bytes()
    if damage == "cut in half":
        cached.write_bytes(raw[: len(raw) // 2])
    elif damage == "empty":
        cached.write_bytes(b"")
    elif damage == "garbage":
        cached.write_bytes(bytes(range(256)) * 10)
    else:
        (tmp_path / "other").mkdir()
        other = plan_copy(tmp_path / "other")
        other.write_bytes(other.read_bytes() + b"# another plan\n")
        assert cli("due", "-f", str(other)).exit_code == 0  # type: ignore[attr-defined]
        cached.write_bytes(_cache_path(other).read_bytes())
    assert _shown_amounts(path) == [1.5]
    result = cli("done", "self-study", "-f", str(path), "--by", "sha", "--amount", "2h", "--date", "2009-04-03")
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    assert [e[3] for e in log_of(path.read_bytes(), "self-study")] == [1.5, 2]


# Two tasks with planctl's own log lines at the same indentation; `consult`'s anchor copied into
# another item's place in an otherwise consistent cache must not send that item's line there.
LOGGED = {
    "topics": "{date: 2009-04-20}",
    "consult": "{date: 2009-04-25}",
}


def _logged_plan(tmp_path: Path, with_log: tuple[str, ...]) -> Path:
    path = plan_copy(tmp_path)
    for ident in with_log:
        result = cli("done", ident, "-f", str(path), "--date", LOGGED[ident][7:17], "--yes")  # consult has sub-tasks
        assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    return path


@pytest.mark.parametrize(("target", "source", "with_log"), [
    ("topics", "consult", ("topics", "consult")),  # the anchor of an item after it, both logged
    ("consult", "topics", ("topics", "consult")),  # of an item before it
    ("topics", "consult", ("consult",)),  # the target has no log yet
])
def test_done_writes_under_its_item_whatever_the_cache_says(tmp_path: Path, target: str, source: str,
                                                            with_log: tuple[str, ...]) -> None:
    path = _logged_plan(tmp_path, with_log)
    shutil.rmtree(path.parent / ".planctl-cache")  # a cache of these very bytes (done keeps its edits beside it)
    assert cli("check", "-f", str(path)).exit_code == 0  # type: ignore[attr-defined]
    key = cache.digest(path.read_bytes())
    hit = cache.load(path, key)
    assert hit is not None
    plan, problems, anchors, seq_indent, parts = hit
    items = [item.id for item in plan.items()]
    anchors[items.index(target)] = anchors[items.index(source)]
    cache.save(path, key, parts, problems, anchors, seq_indent)
    before = {ident: log_of(path.read_bytes(), ident) for ident in ("topics", "consult")}
    result = cli("done", target, "-f", str(path), "--date", "2009-04-28", "--again")
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    data = path.read_bytes()
    assert log_of(data, source) == before[source], f"the line went under '{source}'"
    assert [e[0].isoformat() for e in log_of(data, target)][-1] == "2009-04-28"  # type: ignore[attr-defined]
    assert len(log_of(data, target)) == len(before[target]) + 1


# --- case 12: a FIFO where planctl keeps its side files ------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("where", ["cache", "journal"])
def test_a_fifo_at_the_cache_or_journal_path_does_not_hang(tmp_path: Path, where: str) -> None:
    path = plan_copy(tmp_path)
    folder = tmp_path / ".planctl-cache"
    folder.mkdir()
    (folder / ".gitignore").write_text("*\n", encoding="utf-8")
    fifo = folder / ("plan.yaml.cache" if where == "cache" else "plan.yaml.undo")
    os.mkfifo(fifo)
    command = [sys.executable, "-m", "planctl"]
    for args in (["due", "--today", "2009-04-10"], ["done", "mobilize", "--date", "2009-03-30"], ["check"],
                 ["undo", "--yes"]):
        try:
            run = subprocess.run([*command, *args, "-f", str(path)], capture_output=True, text=True, timeout=20,
                                 env=child_env(), stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            pytest.fail(f"planctl {args[0]} waited on the FIFO at the {where} path")
        assert run.returncode == 0, (args, run.stderr)
    assert log_of(path.read_bytes(), "mobilize") == []  # done, then undone


# --- case 13: a plan the user may not write -----------------------------------------------------


def _refused(result: object, path: Path, before: bytes, mode: int) -> None:
    assert result.exit_code == 1, result.stderr  # type: ignore[attr-defined]
    assert "read-only" in result.stderr or "belongs to another user" in result.stderr  # type: ignore[attr-defined]
    assert "Traceback" not in result.stderr and "nothing was written" in result.stderr  # type: ignore[attr-defined]
    assert path.read_bytes() == before
    assert stat.S_IMODE(path.stat().st_mode) == mode


@pytest.mark.parametrize("command", ["done", "undo", "shift"])
@pytest.mark.parametrize("owner", ["mine", "another user's"])
def test_a_read_only_plan_is_not_replaced(tmp_path: Path, command: str, owner: str) -> None:
    """0444: read-only on purpose, for root too (root passes every access() check, so the rule
    looks at the mode bits: no write bit at all means read-only, as Vim decides)."""
    path = plan_copy(tmp_path)
    assert cli("done", "scheme", "-f", str(path), "--date", "2009-03-20").exit_code == 0  # type: ignore[attr-defined]
    if owner != "mine":
        if os.geteuid() != 0:
            pytest.skip("only root can give a file to another user")
        os.chown(path, 4242, 4242)
    path.chmod(0o444)
    inode, before = path.stat().st_ino, path.read_bytes()
    args = {"done": ["done", "mobilize", "--date", "2009-03-30"], "undo": ["undo", "--yes"],
            "shift": ["shift", "--to", "2010-03-01", "--keep-logs"]}[command]
    _refused(cli(*args, "-f", str(path)), path, before, 0o444)
    assert path.stat().st_ino == inode
    assert path.stat().st_uid == (os.geteuid() if owner == "mine" else 4242)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to run as another user")
def test_another_users_plan_is_not_taken_over(tmp_path: Path) -> None:
    """A plan root owns and everyone may write (0666), in a folder everyone may write: a user
    other than its owner would replace it with a file of their own; refused instead."""
    folder = Path(tempfile.mkdtemp(prefix="planctl-shared-"))
    try:
        folder.chmod(0o777)
        path = folder / "plan.yaml"
        shutil.copy(BUNDLED, path)
        path.chmod(0o666)
        before = path.read_bytes()
        nobody = 65534
        try:
            probe = subprocess.run([sys.executable, "-c", "import planctl"], capture_output=True, timeout=30,
                                   user=nobody, group=nobody, extra_groups=[], env=child_env(HOME=str(folder)))
        except OSError:
            probe = None
        if probe is None or probe.returncode != 0:
            pytest.skip("this environment cannot be read by another user")
        run = subprocess.run([sys.executable, "-m", "planctl", "done", "mobilize", "--date", "2009-03-30",
                              "-f", str(path)], capture_output=True, text=True, timeout=60, user=nobody, group=nobody,
                             extra_groups=[], env=child_env(HOME=str(folder)))
        assert run.returncode == 1, run.stderr
        assert "belongs to another user" in run.stderr
        assert path.read_bytes() == before and path.stat().st_uid == 0
    finally:
        shutil.rmtree(folder)


def test_the_owner_rule_for_a_user_who_is_not_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The rule `done` applies for a user other than root, with that user's id put in place: a
    plan of someone else's that the user may write (0666) is refused all the same, since the new
    file would belong to the user; the user's own plan is written."""
    path = plan_copy(tmp_path)
    path.chmod(0o666)
    owner = path.stat().st_uid
    monkeypatch.setattr(os, "geteuid", lambda: owner + 4242)
    before = path.read_bytes()
    _refused(cli("done", "mobilize", "-f", str(path), "--date", "2009-03-30"), path, before, 0o666)
    monkeypatch.setattr(os, "geteuid", lambda: owner)
    assert cli("done", "mobilize", "-f", str(path), "--date", "2009-03-30").exit_code == 0  # type: ignore[attr-defined]


def test_a_writable_plan_of_mine_is_still_written(tmp_path: Path) -> None:
    path = plan_copy(tmp_path)
    path.chmod(0o600)
    assert cli("done", "mobilize", "-f", str(path), "--date", "2009-03-30").exit_code == 0  # type: ignore[attr-defined]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and len(log_of(path.read_bytes(), "mobilize")) == 1


# --- issue 13: the cache key cannot lose a module ---------------------------------------------------


def test_the_cache_key_covers_every_module_that_builds_the_cache() -> None:
    """Every planctl module a cold read and cache write imports, other than what only prints
    (output/), is in the key; and every file the key names exists."""
    script = ("import sys, pathlib, planctl\n"
              "from planctl.store.planfile import open_plan\n"
              "open_plan(pathlib.Path(sys.argv[1]), 'plan.yaml', require_valid=True)\n"
              "root = pathlib.Path(planctl.__file__).parent\n"
              "for m in list(sys.modules.values()):\n"
              "    f = getattr(m, '__file__', None) or ''\n"
              "    if m.__name__.startswith('planctl.') and f.endswith('.py'):\n"
              "        print(pathlib.Path(f).relative_to(root).as_posix())\n")
    with tempfile.TemporaryDirectory() as folder:
        plan = Path(folder) / "plan.yaml"
        shutil.copy(BUNDLED, plan)
        run = subprocess.run([sys.executable, "-c", script, str(plan)], capture_output=True, text=True, timeout=60,
                             env=child_env())
    assert run.returncode == 0, run.stderr
    imported = {name for name in run.stdout.split() if not name.startswith(("output/", "cli/")) and name != "__init__.py"}
    keyed = {name for name, _ in cache.maker_files()}
    assert imported and imported <= keyed, sorted(imported - keyed)
    package = Path(cache.__file__).parent.parent
    assert all((package / name).is_file() for name in keyed)


def test_a_changed_module_makes_old_caches_stale(monkeypatch: pytest.MonkeyPatch) -> None:
    package = Path(cache.__file__).parent.parent
    first = cache.code_key()
    for name in ("model.py", "format/dates.py", "store/writer.py"):
        module = package / name
        info = module.stat()
        try:
            os.utime(module, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))
            monkeypatch.setattr(cache, "_code_key", None)
            assert cache.code_key() != first, name
        finally:
            os.utime(module, ns=(info.st_atime_ns, info.st_mtime_ns))
    monkeypatch.setattr(cache, "_code_key", None)
    assert cache.code_key() == first
    monkeypatch.setattr(cache, "_code_key", None)
    monkeypatch.setattr(cache, "_MAKER_FOLDERS", ("format", "no-such-folder"))
    with pytest.raises(OSError):
        cache.code_key()
