"""A cache of the validated plan beside it, keyed by the file's content.

The plan file stays the truth: the cache is used only when its key (a hash of the file's bytes,
see `digest`), the cache format and the code that builds it (a digest of its modules, `code_key`)
all match, and its content is the content planctl wrote (a checksum over it, checked before it
is decoded). Anything else there (an unreadable, stale, damaged or edited cache, or something
that is not a regular file, such as a FIFO) is a miss: ignored and rewritten. It lives in
`.planctl-cache/` next to the plan, a folder that carries its own `.gitignore`, so it is never
committed. Only plans without errors are cached.

The format is `marshal` of plain tuples and lists, several times faster to load than pickling the
model. Each item's log is its own marshal blob, turned into entries only when the log is looked at
(model.LazyLog), and the items' rows are one blob that `done` writes back as it read it. The cache
also keeps each item's `Anchor` so `planctl done` can splice a line without parsing the file, and
brings the cache up to date itself (record.refresh_cache). `planctl due` asks for the plan of one day's
agenda (`decoded` with a view): the plain tasks that agenda does not show are not built at all (`day_keep`);
`planctl done` asks for the items it reads (`decoded` with a pick: store/record.py `done_keep`).
"""

from __future__ import annotations

import bisect
import contextlib
import gc
import itertools
import marshal
import operator
import os
import stat
import sys
from collections.abc import Callable, MutableSequence, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from planctl import __version__
from planctl.errors import Problem
from planctl.format.dates import Point, WhenSpec, Window
from planctl.format.relative import Relative
from planctl.model import PER_ALL, Completion, Group, LazyLog, Plan, Quota, Roster, Task, Unit
from planctl.records import NamedTuple

if TYPE_CHECKING:
    from planctl.format.recurrence import Recurrence
    from planctl.format.source import Source

V = TypeVar("V")

CACHE_DIR = ".planctl-cache"
FORMAT = 11
MAGIC = "planctl-cache"
HEADER = b"planctl-cache\n"  # then CHECKSUM_SIZE bytes of checksum over the rest, then the marshal payload
CHECKSUM_SIZE = 4


def enabled() -> bool:
    """PLANCTL_CACHE=0 turns the cache off (read-only checkouts, or to compare with a fresh read)."""
    return os.environ.get("PLANCTL_CACHE", "1").lower() not in ("0", "off", "no", "false")


# The code that decides what the cache holds: a change to any of it makes old caches stale. Derived
# from the package's own files, so a module added, moved or renamed is in the key without a list
# to keep up: the model, the errors (problems are cached), everything that reads a plan (format/)
# and everything in the plan file's store (store/: the cache, the anchors, the update after
# `done`). A file or folder that is missing is an error, never a smaller key.
# i18n.py and the compiled catalog: a cached plan's problems are messages in the reader's language;
# records.py: the record types (Problem, the rows) are made by it
_MAKER_FILES = ("model.py", "errors.py", "clock.py", "i18n.py", "records.py", "locale/zh_CN/LC_MESSAGES/planctl.mo")
_MAKER_FOLDERS = ("format", "store")
_code_key: str | None = None


def maker_files() -> list[tuple[str, os.stat_result]]:
    """The source files `code_key` covers, by name inside the package, sorted, with their stat.
    OSError when one is missing (a broken installation is never served an old cache)."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    found = [(name, os.stat(os.path.join(package, name))) for name in _MAKER_FILES]
    for folder in _MAKER_FOLDERS:
        with os.scandir(os.path.join(package, folder)) as entries:
            modules = [(f"{folder}/{entry.name}", entry.stat()) for entry in entries if entry.name.endswith(".py")]
        if not modules:
            raise FileNotFoundError(f"no modules in {os.path.join(package, folder)}")
        found.extend(modules)
    return sorted(found, key=lambda pair: pair[0])


def code_key() -> str:
    """A digest of the code that builds what is cached: planctl's version, the Python that
    marshals it, and each file of `maker_files` by name, size and modification time in
    nanoseconds. That is the test Python itself applies before it reuses a module's compiled
    code (with whole seconds), so a change Python sees, the cache sees; reading and hashing the
    sources instead cost several times more of a short command's start. Two installations of
    the same version on different machines get different keys: a cache shared between them is
    rebuilt, never wrong."""
    global _code_key
    if _code_key is None:
        stamps = [(name, info.st_size, info.st_mtime_ns) for name, info in maker_files()]
        code = f"{__version__}\0{sys.version_info[:2]}/{marshal.version}\0{stamps}"
        _code_key = digest(code.encode())[:20]
    return _code_key


def code_and_language_key() -> str:
    """`code_key` and the language planctl speaks: a plan's cached problems are messages in that language, so
    a cache holding problems is keyed by both; one without (most plans) serves every language alike."""
    from planctl.i18n import language

    return f"{code_key()}:{language()}"


SMALL_FILE = 1 << 20


def digest(raw: bytes) -> str:
    """The key of a file's bytes. Files under a megabyte get BLAKE2b: its module loads in a tenth of
    the time hashlib's OpenSSL takes, which a short command feels. Larger ones get BLAKE3 (the blake3
    package), four times as fast as OpenSSL's SHA-256 with the CPU's own instructions (1.8 against
    7.4 ms for a 7 MB plan, hashed twice by each `done`), or SHA-256 where blake3 is not installed.
    The size decides, so the same bytes always get the same key from one installation."""
    if len(raw) < SMALL_FILE:
        return "blake2b:" + str(_blake2b()(raw, digest_size=32).hexdigest())
    try:
        from blake3 import blake3
    except ImportError:  # pragma: no cover - an installation without it
        try:
            from _hashlib import openssl_sha256 as sha256  # hashlib's own, without the rest of hashlib's start-up
        except ImportError:  # a Python without OpenSSL
            from hashlib import sha256
        return str(sha256(raw).hexdigest())
    return "blake3:" + str(blake3(raw).hexdigest())


def _blake2b() -> Callable[..., Any]:
    try:
        from _blake2 import blake2b  # CPython's own BLAKE2, which hashlib wraps
    except ImportError:  # pragma: no cover - another Python
        from hashlib import blake2b
    return blake2b


def checksum(body: bytes | memoryview) -> bytes:
    """The cache content's checksum, CHECKSUM_SIZE bytes: CRC-32, which catches a damaged,
    truncated or edited cache before a byte of it is decoded. It guards against accidents, not
    against someone who means to forge a cache (no checksum whose key lives beside it could);
    chosen over BLAKE2b because zlib's CRC-32 is some 30 times faster on a large plan's cache
    (about 2 ms for 5 MB, where BLAKE2b takes longer than the rest of `due`), and `due` has
    zlib loaded already."""
    import zlib

    return zlib.crc32(body).to_bytes(CHECKSUM_SIZE, "little")


def read_regular(path: Path) -> bytes | None:
    """The bytes of `path` when it is a regular file; None when it is missing, unreadable or
    anything else (a FIFO, a device, a folder), which planctl never blocks on or reads forever.

    For the cache and the undo journal, which planctl writes itself: something else there is
    ignored. The open does not wait for a FIFO's writer (O_NONBLOCK) and the type is checked on
    the opened file, so swapping the file in between changes nothing.
    """
    got = read_regular_stat(path)
    return got[0] if got is not None else None


def read_regular_stat(path: Path) -> tuple[bytes, os.stat_result] | None:
    """`read_regular`'s bytes and the file's stat taken once they are read (a write meanwhile shows in it)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read()
        return data, os.fstat(fd)
    except OSError:
        return None
    finally:
        os.close(fd)


def cache_file(plan_path: Path) -> Path:
    real = Path(os.path.realpath(plan_path))
    return real.parent / CACHE_DIR / f"{real.name}.cache"


# --- writing ---------------------------------------------------------------------------------


class Parts:
    """A plan as the cache stores it. `rows` (what each item says) rarely change; offsets and logs,
    which `done` changes, are kept apart so that `done` can reuse the rows it read."""

    def __init__(self, head: tuple[Any, ...], rows: list[tuple[Any, ...]], positions: list[int],
                 logs: list[tuple[Any, ...]], rows_blob: bytes | None = None) -> None:
        self.head = head  # title, year, roster
        self.rows = rows
        self.positions = positions
        self.logs = logs
        self.rows_blob = rows_blob  # `rows` as stored, so an unchanged plan's rows are not encoded again


def dump_rows(items: list[Task | Quota], index: dict[int, int]) -> list[tuple[Any, ...]]:
    """The rows of some of a plan's items, `index` mapping id(item) to its place in plan.items()
    for each of them and their parents."""
    return _dump_rows(items, index)


def dump(plan: Plan, earlier: Parts | None = None) -> Parts:
    """The plan's parts; the rows of an `earlier` dump or load of the same plan are reused."""
    items = plan.items()
    rows, blob = (earlier.rows, earlier.rows_blob) if earlier is not None else (_dump_rows(items), None)
    return Parts(_dump_head(plan), rows, [item.pos for item in items], [dump_log(item.log) for item in items], blob)


def shifted_log(log: tuple[Any, ...], at: int, delta: int) -> tuple[Any, ...]:
    """A stored log after `delta` characters were inserted at `at` (as LazyLog.shift)."""
    blob, size, min_ordinal, first_pos, moved, max_ordinal = log
    if size and first_pos + moved >= at:
        return (blob, size, min_ordinal, first_pos, moved + delta, max_ordinal)
    return log


def shifted_logs(logs: list[tuple[Any, ...]], at: int, delta: int) -> list[tuple[Any, ...]]:
    """`shifted_log` of each stored log, inlined: a large plan has 10,000."""
    return [log if not log[1] or log[3] + log[4] < at else (log[0], log[1], log[2], log[3], log[4] + delta, log[5])
            for log in logs]


def shifted_head(head: tuple[Any, ...], at: int, delta: int) -> tuple[Any, ...]:
    """A stored roster's offsets after `delta` characters were inserted at `at`."""

    def move(offset: int) -> int:
        return offset + delta if offset >= at else offset

    return moved_head(head, move)


def moved_head(head: tuple[Any, ...], move: Callable[[int], int]) -> tuple[Any, ...]:
    """A stored roster with each offset `o` now `move(o)`."""

    def moved_pairs(pairs: list[tuple[str, int]]) -> list[tuple[str, int]]:
        return [(name, move(offset)) for name, offset in pairs]

    title, year, people, people_pos, groups, note, emails = head
    groups = [(gid, name, members, moved_pairs(member_pos), move(pos),
               [(uid, uname, umembers, moved_pairs(umember_pos), move(upos))
                for uid, uname, umembers, umember_pos, upos in units])
              for gid, name, members, member_pos, pos, units in groups]
    return (title, year, people, moved_pairs(people_pos), groups, note, emails)


# The payload around the blobs is written in marshal's version 2, which shares no object between its places:
# version 4 looks up every object held elsewhere too (a fresh read's anchors and offsets are the tree's, its
# log blobs the model's), which doubled a cold read's save, while loading it costs a tenth more (the anchors'
# kinds are interned, not shared). marshal.loads reads every version; the rows keep version 4, which stores a
# repeated window once and loads faster.
PAYLOAD_MARSHAL = 2

# Side files an earlier planctl kept beside the cache and this one no longer reads, removed when a cache is
# written: `.ends` (each item's last log day, now kept in each stored log).
RETIRED_SIDE_FILES = (".ends",)


# The items' rows are stored in runs of ROWS_CHUNK rows, each its own marshal (version 4: a window repeated within
# a run stored once), so a few rows are decoded without the rest: the first `due` after a pull at 100,000 tasks
# decoded every row to find the parents of the four items it read again (issue 20).
ROWS_CHUNK = 4096
_RUNS_INDEX = 4  # the first bytes of a rows blob: the size of the marshalled list of where each run ends


def rows_blob_of(rows: list[tuple[Any, ...]]) -> bytes:
    """The rows blob of `rows` (TaskRow, QuotaRow in plan.items() order): the size of the index (4 bytes, little
    endian), the index (a marshalled list of where each run of ROWS_CHUNK rows ends, counted from after it), the runs."""
    runs = [marshal.dumps(rows[start:start + ROWS_CHUNK]) for start in range(0, len(rows), ROWS_CHUNK)]
    index = marshal.dumps(list(itertools.accumulate(map(len, runs))))
    return b"".join([len(index).to_bytes(_RUNS_INDEX, "little"), index, *runs])


def _runs_of(blob: bytes) -> tuple[list[int], int]:
    """Where each run of a rows blob ends (counted from the runs' start), and where the runs start."""
    size = int.from_bytes(blob[:_RUNS_INDEX], "little")
    ends: list[int] = marshal.loads(blob[_RUNS_INDEX:_RUNS_INDEX + size])
    return ends, _RUNS_INDEX + size


def rows_of(blob: bytes) -> list[tuple[Any, ...]]:
    """Every row of a rows blob (`rows_blob_of`), in order."""
    ends, start = _runs_of(blob)
    view, rows = memoryview(blob), []
    for begin, end in zip([0, *ends], ends, strict=False):
        rows += marshal.loads(view[start + begin:start + end])
    return rows


def rows_run(blob: bytes, run: int) -> list[tuple[Any, ...]]:
    """The rows of run `run` of a rows blob (`rows_blob_of`): rows run * ROWS_CHUNK onwards, ROWS_CHUNK of them or
    the last ones."""
    ends, start = _runs_of(blob)
    begin = ends[run - 1] if run else 0
    rows: list[tuple[Any, ...]] = marshal.loads(memoryview(blob)[start + begin:start + ends[run]])
    return rows


def save(plan_path: Path, key: str, parts: Parts, problems: list[Problem], anchors: list[tuple[Any, ...]],
         seq_indent: int) -> bool:
    """Store the plan for `key`; failures (read-only folder, disk full) are ignored: a cache is optional.
    Whether it was stored. The pending edits of the cache it replaces (store/pending.py) go with it."""
    if parts.rows_blob is None:
        parts.rows_blob = rows_blob_of(parts.rows)
    code = code_and_language_key() if problems else code_key()
    payload = (MAGIC, FORMAT, code, key, parts.head, parts.rows_blob, parts.positions, parts.logs,
               [dump_problem(p) for p in problems], anchors, seq_indent)
    from planctl.store.atomic import write_optional

    target = cache_file(plan_path)
    try:
        make_folder(target.parent)
        body = marshal.dumps(payload, PAYLOAD_MARSHAL)
    except (OSError, ValueError):
        return False
    if not write_optional(target, [HEADER + checksum(body), body], room_for_plan(plan_path)):  # not joined: a copy as large
        # without its cache the base (and its index of characters) only holds an old plan's space
        for side in (base_file(plan_path), stamp_file(plan_path), chars_file(plan_path)):
            with contextlib.suppress(OSError):
                os.unlink(side)
        return False
    for gone in (pending_file(plan_path), *(target.with_name(target.name + suffix) for suffix in RETIRED_SIDE_FILES)):
        with contextlib.suppress(OSError):
            os.unlink(gone)
    keep_base(plan_path, key)
    return True


def base_file(plan_path: Path) -> Path:
    """The plan's bytes as they were when the cache was written (a hard link to that file), which
    store/increment.py compares with the plan after a pull to reuse what did not change."""
    target = cache_file(plan_path)
    return target.with_name(f"{target.name}.base")


def chars_file(plan_path: Path) -> Path:
    """Where the base's characters by byte offset are kept (store/char_index.py): beside the cache."""
    target = cache_file(plan_path)
    return target.with_name(f"{target.name}.chars")


def keep_base(plan_path: Path, key: str) -> None:
    """Link the plan file as the cache's base: free (no copy) and, since planctl and git replace a
    plan file rather than rewrite it, it keeps the bytes the cache was made from. An editor that
    rewrites the file in place changes the base too; its digest then differs from the cache's key
    and the base is not used (`read_base` checks). Failures are ignored: the base is optional.
    `key`: the digest of the plan bytes the cache was made from, which the base's stamp names."""
    real = Path(os.path.realpath(plan_path))
    base = base_file(plan_path)
    temp = base.with_name(f".{base.name}.{os.getpid()}.tmp")
    linked = None
    try:
        os.link(real, temp)
        linked = os.stat(temp)
        os.replace(temp, base)  # does nothing when both are links to the same file already
    except OSError:
        linked = None
        with contextlib.suppress(OSError):
            base.unlink()
    with contextlib.suppress(OSError):
        temp.unlink()
    _stamp_base(plan_path, key, str(real), linked)


# --- the base's stamp: its bytes known by its stat ----------------------------------------------
#
# The first command after a pull compares the plan with the cache's base, which it must know to hold the
# bytes the cache was made from: hashing it cost that command as much as hashing the plan (issue 20). The
# base is a hard link to the plan file as it was read, so its bytes change only if that file is written in
# place; git and planctl never do (they write a new file and rename it over the plan: the base keeps the
# old one), and an editor that does changes its modification time. So when the cache is written, the stat
# of the file linked as base (device, inode, size, modification time in nanoseconds) is stored beside it
# with the cache's key, if it is the file whose bytes were read for that key (the same stat as just before
# they were read) and its modification time was then old enough that any later write shows (`_settled`); a base
# with that same stat is then taken to hold those bytes without hashing (`read_base`). This is the trust
# git itself puts in a file's stat for its index (tests/test_increment.py: a plan saved in place is read as
# it is). What it cannot see is a write in place that keeps the size and sets the modification time back to
# the nanosecond (`touch -r`, `os.utime`) before a pull replaces the file: that base would be taken for the
# bytes the cache was made from.

ReadStat = tuple[os.stat_result, int]  # a plan file's stat just before its bytes were read, and when (ns)
_read_stats: dict[str, tuple[os.stat_result, int, str]] = {}  # each plan file read: that, and its bytes' digest


def stat_before_read(plan_path: Path) -> ReadStat | None:
    """The plan file's stat and the time, taken just before its bytes are read; None when it cannot be had."""
    import time

    try:
        return os.stat(plan_path), time.time_ns()
    except OSError:
        return None


def note_read(plan_path: Path, before: ReadStat | None, key: str) -> None:
    """Remember that the plan file, with the stat `before` (stat_before_read), gave the bytes of digest `key`:
    `keep_base` trusts a base by its stat only when it is that file, unchanged since, and the cache is for `key`."""
    if before is not None:
        _read_stats[os.path.realpath(plan_path)] = (*before, key)


def stamp_file(plan_path: Path) -> Path:
    """Where the base's stamp is kept (`keep_base`): beside the cache."""
    target = cache_file(plan_path)
    return target.with_name(f"{target.name}.stamp")


def _identity(info: os.stat_result) -> tuple[int, int, int, int]:
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns


def _settled(info: os.stat_result, now_ns: int) -> bool:
    """Whether a write after `now_ns` would change the file's modification time: it is older than a file
    system's timestamps can hide (2 s where they are whole seconds, as FAT's and HFS+'s; else 20 ms, as
    Linux stamps a write with a clock ticking every 1 to 10 ms). A time in the future is not."""
    coarse = info.st_mtime_ns % 1_000_000_000 == 0
    return now_ns - info.st_mtime_ns > (2_000_000_000 if coarse else 20_000_000)


def _stamp_base(plan_path: Path, key: str, real: str, linked: os.stat_result | None) -> None:
    """Store the stamp of the base just linked (`linked`: its stat, None when it was not) for plan bytes of
    digest `key`, when it is the plan file `real` as read and settled then; else remove any stamp."""
    read = _read_stats.get(real)
    if linked is not None and read is not None and read[2] == key and _identity(read[0]) == _identity(linked) \
            and _settled(read[0], read[1]) and write_sealed(stamp_file(plan_path), (key, *_identity(linked))):
        return
    with contextlib.suppress(OSError):
        os.unlink(stamp_file(plan_path))


def read_base(plan_path: Path) -> tuple[bytes, bool | str] | None:
    """The cache's base (`keep_base`) and what is known of it: the digest of the plan bytes its stamp names
    (a str) when the base's stat is the stamp's, else False (its bytes must be hashed to be known); None
    when there is no base."""
    got = read_regular_stat(base_file(plan_path))
    if got is None:
        return None
    data, info = got
    stamp = read_sealed(stamp_file(plan_path))
    if isinstance(stamp, tuple) and len(stamp) == 5 and stamp[1:] == _identity(info) and isinstance(stamp[0], str):
        return data, stamp[0]
    return data, False


def pending_file(plan_path: Path) -> Path:
    """Where store/pending.py keeps the edits `done` and `undo` made since the cache was written."""
    target = cache_file(plan_path)
    return target.with_name(f"{target.name}.pending")


IGNORE_ALL = b"# planctl's cache of validated plans: never commit it\n*\n"


def make_folder(folder: Path) -> None:
    """The cache folder (also the undo journal's), with the `.gitignore` that keeps it out of git:
    written whole or not at all (atomic.atomic_write), and written again whenever it does not hold
    exactly IGNORE_ALL (an empty one left by a full disk, or one edited), so git never offers the cache
    or the undo journal to `git add .`. OSError when the folder or that file cannot be made: nothing
    is then written in the folder."""
    from planctl.store.atomic import atomic_write

    folder.mkdir(exist_ok=True)
    if not _ignores_all(folder):
        atomic_write(folder / ".gitignore", IGNORE_ALL)


def room_for_plan(plan_path: Path) -> int:
    """The bytes a cache file must leave free on the disk: what the plan's own next write needs (a
    new copy of the plan beside it, atomic.atomic_write), so the cache never takes the plan's room."""
    try:
        return os.stat(plan_path).st_size
    except OSError:
        return 0


def free(plan_path: Path) -> int:
    """Remove every cache file of the plan (`<plan's name>.cache` and its side files `.cache.*`, and
    their temporary files left by a planctl no longer running), never the undo journal, to give the
    disk back to the plan. Returns the bytes this freed (a file with another link frees nothing)."""
    import re

    from planctl.store.atomic import TEMP_PATTERN, remove_stale_temp_files

    target = cache_file(plan_path)
    folder = target.parent
    try:
        names = os.listdir(folder)
    except OSError:
        return 0
    temp = re.compile(TEMP_PATTERN)

    def ours(name: str) -> bool:
        return name == target.name or name.startswith(target.name + ".")

    freed = 0
    for name in {found["name"] for found in map(temp.fullmatch, names) if found and ours(found["name"])}:
        remove_stale_temp_files(folder, name)  # what a killed planctl left half-written
    for name in filter(ours, names):
        with contextlib.suppress(OSError):
            size = _size(folder / name)
            os.unlink(folder / name)
            freed += size
    return freed


def _size(path: Path) -> int:
    """The bytes removing `path` gives back (none while another link holds them)."""
    try:
        info = os.lstat(path)
    except OSError:
        return 0
    return info.st_blocks * 512 if info.st_nlink == 1 and hasattr(info, "st_blocks") else 0


def _dump_when(spec: WhenSpec | None) -> tuple[Any, ...] | None:
    if spec is None:
        return None
    return (spec.text, _dump_point(spec.start), _dump_point(spec.end), spec.open_end, spec.approx)


def _dump_point(point: Point | None) -> tuple[Any, ...] | None:
    return None if point is None else tuple(point)


def _dump_window(window: Window | None) -> tuple[int, int] | None:
    return None if window is None else (window.start.toordinal(), window.end.toordinal())


def dump_log(log: MutableSequence[Completion]) -> tuple[bytes, int, int, int, int, int]:
    """(blob, count, earliest day, first offset, offset delta, latest day): LazyLog's fields in the order of
    its __init__; a log not looked at keeps its blob. Days are ordinals (0 for an empty log)."""
    if isinstance(log, LazyLog) and not log.materialized:
        return (log.blob, log.size, log.min_ordinal, log.first_pos, log.delta, log.max_ordinal)
    entries = list(log)
    same: dict[Any, Any] = {}  # equal values as one object: marshal stores and loads it once
    columns: tuple[list[Any], ...] = (
        [e.date.toordinal() for e in entries],
        [same.setdefault(e.by, e.by) for e in entries],
        [same.setdefault(e.unit, e.unit) for e in entries],
        [e.amount for e in entries],
        [same.setdefault(e.note, e.note) for e in entries],
        [e.at.isoformat() if e.at else None for e in entries],
        [e.pos for e in entries],
    )
    if any(e.occurrence is not None for e in entries):  # model.Columns: the eighth column only when needed
        columns = (*columns, [e.occurrence.toordinal() if e.occurrence else 0 for e in entries])
    days = columns[0]
    return (marshal.dumps(columns), len(entries), min(days) if days else 0, entries[0].pos if entries else 0, 0,
            max(days) if days else 0)


def _dump_head(plan: Plan) -> tuple[Any, ...]:
    roster = plan.roster
    groups = [
        (g.id, g.name, g.members, list(g.member_pos.items()), g.pos,
         [(u.id, u.name, u.members, list(u.member_pos.items()), u.pos) for u in g.units.values()])
        for g in roster.groups.values()
    ]
    return (plan.title, plan.year, list(roster.people.items()), list(roster.people_pos.items()), groups, plan.note,
            list(roster.emails.items()))


class TaskRow(NamedTuple):
    """A task as the cache stores it (as a plain tuple: marshal stores no classes)."""

    kind: str  # "t"
    id: str
    title: str
    parent: int  # the parent's index in plan.items(), -1 for a phase
    who: list[str]
    note: str | None
    when: tuple[Any, ...] | None  # _dump_when
    window: tuple[int, int] | None  # _dump_window
    outline: str
    depth: int
    goal: str | None
    repeat: str | None  # the `repeat:` text, read again on load (format/recurrence.py)
    # issue 15: a task's share, roles and waits (model.Task); defaults are stored as None
    per: str | None
    roles: tuple[tuple[str, tuple[str, ...]], ...] | None
    after: tuple[str, ...] | None
    relative: tuple[str, str, str, int] | None  # format/relative.Relative


class QuotaRow(NamedTuple):
    """A quota as the cache stores it."""

    kind: str  # "q"
    id: str
    title: str
    parent: int
    who: list[str]
    note: str | None
    when: tuple[Any, ...] | None
    window: tuple[int, int] | None
    outline: str
    target: float
    unit: str
    per: str
    period: str
    periods: list[tuple[Any, ...] | None]
    target_for: list[tuple[str, float]]
    period_windows: list[tuple[int, int] | None]
    bound: str  # format/targets.py: at-least or at-most
    pace: str | None
    repeat: str | None  # the `repeat:` text, read again on load; its periods are in period_windows


_UNSEEN: Any = object()  # a window not dumped yet (`_dump_rows`)


def _dump_rows(items: list[Task | Quota], index: dict[int, int] | None = None) -> list[tuple[Any, ...]]:
    """The rows of `items`; `index` maps id(item) to its place in plan.items() (default: in `items`)."""
    if index is None:
        index = dict(zip(map(id, items), range(len(items)), strict=True))
    rows: list[tuple[Any, ...]] = []
    append = rows.append
    # A plan repeats its windows (the reader keeps one object for each distinct one): each object's
    # tuple is made once, and marshal stores a tuple used again as a reference to the first. Rows are made
    # for every item of a large plan's cold read (100,000), so the loop looks each up once.
    whens: dict[int, tuple[Any, ...] | None] = {id(None): None}
    windows: dict[int, tuple[int, int] | None] = {id(None): None}
    known_when, known_window, phase = whens.get, windows.get, -1
    for item in items:
        parent = item.parent
        spec, resolved = item.when, item.window
        when = known_when(id(spec), _UNSEEN)
        if when is _UNSEEN:
            when = whens[id(spec)] = _dump_when(spec)
        window = known_window(id(resolved), _UNSEEN)
        if window is _UNSEEN:
            window = windows[id(resolved)] = _dump_window(resolved)
        if type(item) is not Task:
            assert isinstance(item, Quota)
            append(tuple(QuotaRow(
                "q", item.id, item.title, index[id(parent)] if parent is not None else phase, item.who, item.note, when,
                window, item.outline, item.target, item.unit, item.per, item.period, [_dump_when(p) for p in item.periods],
                list(item.target_for.items()), [_dump_window(w) for w in item.period_windows], item.bound, item.pace,
                item.repeat.text if item.repeat else None)))
            continue
        repeat, per, roles, after, relative = item.repeat, item.per, item.roles, item.after, item.relative
        append(("t", item.id, item.title, index[id(parent)] if parent is not None else phase, item.who, item.note,
                when, window,  # a TaskRow, as a tuple
                item.outline, item.depth, item.goal, repeat.text if repeat else None,  # then per, roles, after, relative
                per if per != PER_ALL else None, roles or None, after or None,
                tuple(relative) if relative is not None else None))
    return rows


def _load_task_extras(task: Task, row: TaskRow) -> None:
    if row.per is not None:
        task.per = row.per
    if row.roles is not None:
        task.roles = tuple((role, tuple(refs)) for role, refs in row.roles)
    if row.after is not None:
        task.after = tuple(row.after)
    if row.relative is not None:
        task.relative = Relative(*row.relative)


def dump_problem(problem: Problem) -> tuple[Any, ...]:
    """A warning as the cache stores it (offset, message, severity, line, column)."""
    return (problem.offset, problem.message, problem.severity, problem.line, problem.column)


# --- reading ---------------------------------------------------------------------------------


Hit = tuple[Plan, list[Problem], list[tuple[Any, ...]], int, Parts]


def load(plan_path: Path, key: str) -> Hit | None:
    """The cached plan for `key`, or None (a miss) when there is none, it is stale, its checksum
    does not match its content, or anything in it fails to decode: a cache never stops a command."""
    payload = read_payload(plan_path)
    return None if payload is None else decoded(plan_path, key, payload)


def read_payload(plan_path: Path) -> Any:
    """The cache's content, undecoded, when its checksum and its code key are right; else None.
    `stored_key(payload)` is the digest of the plan bytes it is for."""
    target = cache_file(plan_path)
    gc_was_enabled = gc.isenabled()
    gc.disable()  # a large payload decodes into many objects at once: no collection passes over them meanwhile
    try:
        payload = read_sealed(target)
    finally:
        if gc_was_enabled:
            gc.enable()
    if not (isinstance(payload, tuple) and len(payload) == 11 and payload[:2] == (MAGIC, FORMAT)
            and payload[2] in (code_key(), code_and_language_key())):  # problems: in this run's language only
        return None
    keep_ignored(target.parent)
    return payload


def keep_ignored(folder: Path) -> None:
    """Repair the `.gitignore` of the cache folder `folder` when it is not planctl's (make_folder), also
    when the cache is only read: one emptied by a full disk under an earlier planctl would otherwise
    stay, and `git add .` would commit the cache and the undo journal. Failures are ignored (a
    read-only checkout)."""
    if not _ignores_all(folder):
        with contextlib.suppress(OSError):
            make_folder(folder)


def _ignores_all(folder: Path) -> bool:
    """Whether `folder`'s `.gitignore` holds exactly IGNORE_ALL (read with bare system calls: `due` asks
    on every run). Anything else there (missing, a folder, a FIFO, other text) is not."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(folder / ".gitignore", flags)
    except OSError:
        return False
    try:
        return os.read(fd, len(IGNORE_ALL) + 1) == IGNORE_ALL
    except OSError:
        return False
    finally:
        os.close(fd)


def known_valid(plan_path: Path, raw: bytes) -> bool:
    """Whether `raw` are bytes of a valid plan, as far as the cache of `plan_path` says: it is for
    exactly these bytes and this code, and only plans without errors are cached. False when not
    known (no cache, another version's, the cache off). For the merge driver: ours is usually the
    plan a planctl command just read or wrote here."""
    if not enabled():
        return False
    payload = read_payload(plan_path)
    if payload is None:
        return False
    key = digest(raw)
    if stored_key(payload) == key:
        return True
    return stored_delta(plan_path, key, payload) is not None \
        or stored_pending(plan_path, key, stored_key(payload)) is not None  # the edits of a `done` or `undo` since


def read_sealed(path: Path, header: bytes = HEADER) -> Any:
    """The value `write_sealed` marshalled into `path` after `header`; None when the file is missing,
    not a regular file, of another header, damaged (its checksum) or does not decode."""
    data = read_regular(path)  # never waits on a FIFO or reads a device
    if data is None or not data.startswith(header):
        return None
    body = memoryview(data)[len(header) + CHECKSUM_SIZE :]
    if checksum(body) != data[len(header) : len(header) + CHECKSUM_SIZE]:
        return None
    try:
        return marshal.loads(body)
    except Exception:  # noqa: BLE001 - any decode error is a miss (the checksum makes one unlikely)
        return None


def write_sealed(path: Path, value: Any, header: bytes = HEADER) -> bool:
    """Store `value` (marshalled, after `header` and the checksum of the rest) in `path`, whole (a
    temporary file renamed) or not at all; False when it could not be (a side file is only ever a
    shortcut)."""
    from planctl.store.atomic import write_optional

    try:
        make_folder(path.parent)
        body = marshal.dumps(value)
    except (OSError, ValueError):
        return False
    plan = path.parent.parent / path.name.partition(".cache")[0]  # side files are `<plan's name>.cache.<what>`
    return write_optional(path, [header + checksum(body), body], room_for_plan(plan))


def delta_file(plan_path: Path) -> Path:
    """Where store/increment.py keeps what an incremental read changed (`save_delta`): beside the cache."""
    target = cache_file(plan_path)
    return target.with_name(f"{target.name}.delta")


def stored_delta(plan_path: Path, key: str, payload: Any) -> tuple[Any, list[tuple[Any, ...]], int] | None:
    """The changes (increment.Changes), problems (offset, message, severity) and sequence indent that
    increment.save_delta stored from the cache `payload` to the plan bytes of digest `key`; None when
    there are none for exactly those two (or they are damaged, or of other code)."""
    stored = read_sealed(delta_file(plan_path))
    try:
        magic, version, code, old_key, new_key, changes, problem_rows, seq_indent = stored
    except (TypeError, ValueError):  # none, or not of this shape
        return None
    if (magic, version) != (MAGIC, FORMAT) or code not in (code_key(), code_and_language_key()) \
            or old_key != stored_key(payload) or new_key != key:
        return None
    return changes, problem_rows, seq_indent


PENDING_VERSION = 2
PENDING_HEADER = b"planctl-pending\n"  # then CHECKSUM_SIZE bytes of checksum over the rest, then the marshal payload


def stored_pending(plan_path: Path, key: str, base: str) -> tuple[Any, ...] | None:
    """The edits, logs, anchors, problems and sequence indent store/pending.py stored from the plan bytes of
    digest `base` (the cache's) to those of digest `key`; None when there are none for exactly those two and
    this code (or they are damaged). Here, with `stored_delta`, so that the cache's readers need not load it."""
    stored = read_sealed(pending_file(plan_path), PENDING_HEADER)
    try:
        version, code, stored_base, new_key, edits, logs, anchors, problems, seq_indent = stored
    except (TypeError, ValueError):  # none, or not of this shape
        return None
    if version != PENDING_VERSION or code not in (code_key(), code_and_language_key()) \
            or stored_base != base or new_key != key or not edits:
        return None
    return edits, logs, anchors, problems, seq_indent


def stored_located(source: Source, problems: list[Problem]) -> list[Problem]:
    """Problems as the cache (or a side file of it) stored them for exactly the bytes of `source`: each
    with the line and column it was stored with (those of these bytes, which the cache's key is the
    digest of), so that the text of a large plan with warnings is neither decoded nor counted; those
    stored without one (line 0) are located now."""
    if all(p.line for p in problems):
        return problems
    return [p if p.line else q for p, q in zip(problems, source.locate_all(problems), strict=True)]


def stored_key(payload: Any) -> str:
    return str(payload[3])


DayView = Callable[[int | None], tuple[date, int] | None]
# A DayView's horizon that keeps none of the plain tasks (`kept_on`: each starts after it): a view of the whole
# plan that counts them from their columns (the RowsOnDemand's `plain`) builds every other item alone.
WITHOUT_PLAIN = -(1 << 40)
Pick = Callable[[Parts], list[bool] | None]  # which items to build (as `day_keep`); None: all


DayRows = Callable[[Path, str, bytes, list[tuple[Any, ...]]], tuple["PlainTasks | None", Sequence[tuple[Any, ...]]]]


def decoded(plan_path: Path, key: str, payload: Any, view: DayView | None = None,
            day_rows: DayRows | None = None, pick: Pick | None = None) -> Hit | None:
    """The plan of a `read_payload` for the plan bytes of digest `key`; None when it is for others
    or fails to decode. `view(year)`, given the plan's year, is the (today, horizon in days) of the
    agenda the caller will build (`due` without --all or --phase), or None: then the plan holds only
    what that agenda reads (`day_keep`), and the Hit's plan is marked `partial`. `day_rows(plan_path, key,
    rows_blob, logs)` gives that view the plan's PlainTasks and its rows (store/day_index.py
    `plain_and_rows`: rows decoded one by one when asked); default: from the rows blob. `pick(parts)`,
    instead of a view: the items to build (store/record.py `done_keep`), or None for all of them."""
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _decoded(plan_path, key, payload, view, day_rows, pick)
    except Exception:  # noqa: BLE001 - any decode error is a miss (the checksum makes one unlikely)
        return None
    finally:
        if gc_was_enabled:
            gc.enable()


def stored_rows(payload: Any) -> list[tuple[Any, ...]]:
    """The items' rows of a `read_payload` (TaskRow, QuotaRow), in plan.items() order."""
    return list(rows_of(payload[5]))


def stored_parts(payload: Any) -> tuple[Parts, list[Problem], list[tuple[Any, ...]], int]:
    """The parts, problems, anchors and sequence indent of a `read_payload`, not made into a plan."""
    _, _, _, _, head, rows_blob, positions, logs, problem_rows, anchors, seq_indent = payload
    problems = [Problem(o, m, s, line, col) for o, m, s, line, col in problem_rows]
    return Parts(head, rows_of(rows_blob), positions, logs, rows_blob), problems, anchors, seq_indent


def _decoded(plan_path: Path, key: str, payload: Any, view: DayView | None, day_rows: DayRows | None,
             pick: Pick | None = None) -> Hit | None:
    if payload[3] != key:
        return None
    _, _, _, _, head, rows_blob, positions, logs, problem_rows, anchors, seq_indent = payload
    problems = [Problem(o, m, s, line, col) for o, m, s, line, col in problem_rows]
    day = view(head[1]) if view is not None else None
    if day is not None:  # one day's agenda: the rows of the items it reads alone (store/day_index.py)
        plain, rows = (day_rows or _day_rows)(plan_path, key, rows_blob, logs)
        lazy = RowsOnDemand(head, rows, positions, logs, rows_blob)
        if day[1] == WITHOUT_PLAIN:
            lazy.plain = plain
        plan = load_plan(str(plan_path), lazy, None if plain is None else kept_on(plain, *day), rows)
        settle = getattr(rows, "settle", None)  # store/day_index.py RowBlobs: the rows read now kept for the next
        if settle is not None:
            settle()
        return plan, problems, anchors, seq_indent, lazy
    parts = Parts(head, rows_of(rows_blob), positions, logs, rows_blob)
    keep = pick(parts) if pick is not None else None
    return load_plan(str(plan_path), parts, keep), problems, anchors, seq_indent, parts


def _day_rows(plan_path: Path, key: str, rows_blob: bytes, logs: list[tuple[Any, ...]]
              ) -> tuple[PlainTasks | None, list[tuple[Any, ...]]]:
    rows = rows_of(rows_blob)
    return plain_tasks(rows, logs), rows


class RowsOnDemand(Parts):
    """Parts whose `rows` list is made only when asked for (a day's agenda reads the rows it builds
    through a Sequence of its own, `rows`): decoded from `rows_blob`, or without one (rows that are not
    the blob's: store/increment.py `from_delta`) listed from that Sequence."""

    def __init__(self, head: tuple[Any, ...], rows: Sequence[tuple[Any, ...]], positions: list[int],
                 logs: list[tuple[Any, ...]], rows_blob: bytes | None) -> None:
        self._rows: list[tuple[Any, ...]] | None = rows if isinstance(rows, list) else None
        self._each = rows
        self.head, self.positions, self.logs, self.rows_blob = head, positions, logs, rows_blob
        # read for a view of the whole plan (WITHOUT_PLAIN): the plain tasks it was built without (`decoded`)
        self.plain: PlainTasks | None = None

    @property
    def rows(self) -> list[tuple[Any, ...]]:
        if self._rows is None:
            whole = getattr(self._each, "whole", None)  # a Sequence that lists them at once (store/increment.py)
            self._rows = (rows_of(self.rows_blob) if self.rows_blob is not None
                          else whole() if whole is not None else list(self._each))
        return self._rows

    @rows.setter
    def rows(self, rows: list[tuple[Any, ...]]) -> None:
        self._rows = rows

    @property
    def each(self) -> Sequence[tuple[Any, ...]]:
        """The rows, without making the list: the list once made, else the Sequence given."""
        return self._rows if self._rows is not None else self._each

    def offsets(self) -> tuple[Sequence[int], Sequence[tuple[Any, ...]]]:
        """The positions and the logs as `load_plan` reads them to build a few items: here the lists (after a pull,
        store/increment.py's moves each one read, not all of them)."""
        return self.positions, self.logs

    def log_days(self) -> tuple[list[int], list[int]]:
        """`log_day_columns` of the logs (days do not move with the text: after a pull, the stored ones')."""
        return log_day_columns(self.logs)


def _when_from_row(row: tuple[Any, ...] | None) -> WhenSpec | None:
    if row is None:
        return None
    text, start, end, open_end, approx = row
    return WhenSpec(text, Point(*start) if start else None, Point(*end), open_end, approx)


def _window_from_row(row: tuple[int, int] | None) -> Window | None:
    if row is None:
        return None
    start, end = row  # day ordinals
    return Window(date.fromordinal(start), date.fromordinal(end))


def _repeat_from_row(text: str | None) -> Recurrence | None:
    if text is None:
        return None
    from planctl.format.recurrence import parse_repeat  # only for a plan with recurring tasks

    return parse_repeat(text)


class _Made(dict[Any, V]):
    """`make(row)` by row, made once for each distinct row (`made[row]`; a known row costs one dict
    lookup): windows are immutable values, and a plan repeats them (a dekad, a month) over many tasks."""

    def __init__(self, make: Callable[[Any], V]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, row: Any) -> V:
        value = self[row] = self.make(row)
        return value


def day_keep(parts: Parts, today: date, horizon: int) -> list[bool] | None:
    """Which items (in plan.items() order) the agenda of `today` with `horizon` reads: all but the plain
    tasks it does not show (status/agenda.py `plain_task_shown`: done by today, or starting after the
    horizon). None (read them all) when a task waits for another or is dated from one: those read
    other items by id."""
    plain = plain_tasks(parts.rows, parts.logs)
    return None if plain is None else kept_on(plain, today, horizon)


class PlainTasks(NamedTuple):
    """The plain tasks of a plan (status/agenda.py `plain_task_shown`), by their window's start (day
    ordinals), with their place in plan.items(): what `day_keep` decides on. store/day_index.py stores it."""

    items: int  # how many items the plan has
    places: list[int]  # each plain task's place in plan.items(), in the order of `starts`
    starts: list[int]  # ascending
    ends: list[int]
    logged: list[int | None]  # the earliest entry of its log and its phase's; None when both are empty


def plain_tasks(rows: list[tuple[Any, ...]], logs: list[tuple[Any, ...]]) -> PlainTasks | None:
    """The plan's PlainTasks from the cache's rows and logs; None when a task waits for another or is
    dated from one (then the agenda reads other items by id: every item is read). Ordered by a stable
    sort on the start alone (ties stay in place order), not by sorting a tuple for each task, and not sorted
    when the starts are in order already: a large plan's first `due` after a pull, and its cold read, make it
    (issue 20). The rows are looked at by field (TaskRow: kind 0, parent 3, window 7, depth 9, repeat 11, per 12,
    after 14, relative 15), not unpacked: 100,000 of them at a cold read."""
    parents = set(map(operator.itemgetter(3), rows))  # items with sub-tasks or quotas
    places: list[int] = []
    append = places.append
    for i, row in enumerate(rows):
        if row[0] != "t":
            continue
        if row[14] is not None or row[15] is not None:  # after, relative
            return None
        if row[9] != 2 or row[11] is not None or row[12] is not None or row[7] is None or i in parents:
            continue  # not plain, or shown by nothing (no window): built as before
        append(i)
    windows = [rows[i][7] for i in places]
    starts = [window[0] for window in windows]
    ends = [window[1] for window in windows]
    logged: list[int | None] = []
    add = logged.append
    for i in places:
        log, phase = logs[i], logs[rows[i][3]]  # LazyLog's fields (`dump_log`): [1] its count, [2] its first day
        if log[1]:
            add(min(log[2], phase[2]) if phase[1] else log[2])
        else:
            add(phase[2] if phase[1] else None)
    if any(map(operator.gt, starts, itertools.islice(starts, 1, None))):
        in_order = operator.itemgetter(*sorted(range(len(places)), key=starts.__getitem__))  # two or more
        places, starts, ends, logged = (list(in_order(column)) for column in (places, starts, ends, logged))
    return PlainTasks(len(rows), places, starts, ends, logged)


def open_ended(rows: Sequence[tuple[Any, ...]]) -> bool:
    """Whether a window among the rows (TaskRow.when, QuotaRow.periods: a when row's fourth field is
    `open_end`) runs to the plan's end, written without one; each distinct window looked at once."""
    whens = {row[6] for row in rows}
    whens.update(p for row in rows if row[0] == "q" for p in row[13])
    return any(when is not None and when[3] for when in whens)


def kept_on(plain: PlainTasks, today: date, horizon: int) -> list[bool]:
    """`day_keep` from the PlainTasks: a plain task starting after the horizon is not shown (whatever its
    log: `plain_task_shown`), so only those starting by then are asked about."""
    from planctl.status.agenda import plain_task_shown

    keep = [True] * plain.items
    for i in plain.places:
        keep[i] = False
    day = today.toordinal()
    last = bisect.bisect_right(plain.starts, day + horizon)
    for i, start, end, logged in zip(plain.places[:last], plain.starts[:last], plain.ends[:last], plain.logged[:last],
                                     strict=True):
        keep[i] = plain_task_shown(start, end, logged, day, horizon)
    return keep


def not_kept(plain: PlainTasks, keep: list[bool]) -> PlainTasks:
    """The plain tasks `keep` (as `kept_on` gives it, for plan.items()) does not keep, in the same order. A view of
    the whole plan keeps none of them but those a pull changed: the few kept are found by a search in C, not by
    looking at each of a large plan's 100,000 in Python."""
    if not plain.places:
        return plain
    kept = operator.itemgetter(*plain.places)(keep) if len(plain.places) > 1 else (keep[plain.places[0]],)
    found: list[int] = []  # where in `plain`'s order the kept ones are
    with contextlib.suppress(ValueError):
        while True:
            found.append(kept.index(True, found[-1] + 1 if found else 0))
    if not found:
        return plain
    columns = (list(plain.places), list(plain.starts), list(plain.ends), list(plain.logged))
    for at in reversed(found):
        for column in columns:
            del column[at]
    return PlainTasks(plain.items, *columns)


def log_day_columns(logs: Sequence[tuple[Any, ...]]) -> tuple[list[int], list[int]]:
    """The first and the last day (ordinals; 0 for an empty log) of each stored log (`dump_log`), as two lists."""
    return list(map(operator.itemgetter(2), logs)), list(map(operator.itemgetter(5), logs))


def with_plain(plan: Plan, parts: RowsOnDemand, places: list[int]) -> None:
    """Build into `plan`, read for a view of the whole plan without its plain tasks (WITHOUT_PLAIN: `parts.plain`
    the ones it was built without), those of them at `places` (places in plan.items()): each under its phase in
    outline order, in `known_items` in its place, as a whole read has it (`load_plan` makes them from the parts'
    rows, offsets and logs: after a pull, store/increment.py's, moved to the new text). `parts.plain` stays."""
    plain = parts.plain
    assert plain is not None and plan.known_items is not None
    if not places:
        return
    rows = parts.rows  # decoded whole once (a few hundred plain tasks decoded one by one would decode them all too)
    keep = [False] * plain.items
    for n in places:
        keep[n] = keep[rows[n][3]] = True  # and its phase's (TaskRow.parent): load_plan builds a task under one
    made = load_plan(plan.path, parts, keep, rows, *parts.offsets()).known_items
    assert made is not None
    built = itertools.filterfalse(set(plain.places).__contains__, range(plain.items))  # the places of those built
    at = dict(zip(built, plan.known_items, strict=True))  # place: item built
    wanted = set(places)
    added: list[tuple[int, Task]] = []
    phases: dict[int, Task] = {}
    for n, item in zip(itertools.compress(range(plain.items), keep), made, strict=True):
        if n in wanted:
            assert isinstance(item, Task)
            phase = at[rows[n][3]]
            assert isinstance(phase, Task)
            item.parent = phase
            phase.tasks.append(item)
            phases[id(phase)] = phase
            added.append((n, item))
    place = {id(item): n for n, item in itertools.chain(at.items(), added)}
    for phase in phases.values():
        phase.tasks.sort(key=lambda task: place[id(task)])
    at.update(added)
    plan.known_items = [at[n] for n in sorted(at)]


def load_plan(path: str, parts: Parts, keep: list[bool] | None = None, rows: Sequence[tuple[Any, ...]] | None = None,
              positions: Sequence[int] | None = None, logs: Sequence[tuple[Any, ...]] | None = None) -> Plan:
    """The plan the parts describe (logs left lazy). The loop runs once per item of a large plan, so
    it unpacks the rows (TaskRow, QuotaRow fields, in order) rather than making named tuples of them.
    `keep` (from `day_keep`): only the items it marks True are built (their rows alone are read: `rows`,
    default `parts.rows`, may decode each on demand, as `positions` and `logs`, default the parts' own,
    may move each: store/increment.py), and the plan is `partial`."""
    title, year, people, people_pos, groups, note, emails = parts.head
    roster = Roster(dict(people), dict(people_pos), emails=dict(emails))
    for gid, name, members, member_pos, pos, units in groups:
        group = Group(gid, name, members, pos=pos, member_pos=dict(member_pos))
        for uid, uname, umembers, umember_pos, upos in units:
            group.units[uid] = Unit(uid, uname, umembers, gid, upos, dict(umember_pos))
        roster.groups[gid] = group
    plan = Plan(path, title, year, roster, note=note)
    when_of, window_of = _Made(_when_from_row), _Made(_window_from_row)
    repeat_of = _Made(_repeat_from_row)
    if rows is None:
        rows = parts.rows
    if positions is None or logs is None:
        positions, logs = parts.positions, parts.logs
    count = len(positions)
    items: list[Any] = [None] * count  # None for an item not kept
    # Made as Task(...) and LazyLog(...) make them, through their __init__ called positionally: calling the
    # class itself passes its arguments through a generic path that costs twice the instructions, and this
    # runs once per item (10,000 items: every view of the whole plan, issue 20).
    new, task_init, log_init = object.__new__, Task.__init__, LazyLog.__init__
    for n in range(count) if keep is None else itertools.compress(range(count), keep):
        row = rows[n]
        item: Task | Quota
        log = new(LazyLog)
        log_init(log, *logs[n])
        if row[0] == "q":
            item = _quota(row, positions[n], log, items, when_of, window_of, repeat_of)
        else:
            (_, tid, task_title, parent_index, who, task_note, when, window, outline, depth, goal, repeat,
             per, roles, after, relative) = row
            task_parent = items[parent_index] if parent_index >= 0 else None
            assert task_parent is None or isinstance(task_parent, Task)
            item = new(Task)
            task_init(item, tid, task_title, depth, when_of[when], who, task_note, goal, None, None, log,
                      window_of[window], task_parent, outline, positions[n], None, repeat_of[repeat])
            if per is not None or roles is not None or after is not None or relative is not None:
                _load_task_extras(item, TaskRow._make(row))
            if task_parent is None:
                plan.phases.append(item)
            else:
                task_parent.tasks.append(item)
        items[n] = item
    plan.known_items = items if keep is None else [item for item in items if item is not None]
    plan.partial = keep is not None and not all(keep)
    return plan


def task_of_row(row: tuple[Any, ...], position: int, log: tuple[Any, ...], parent: Task | None) -> Task:
    """One task of the cache (a TaskRow, its position and its LazyLog's fields) as `load_plan` builds it, under
    `parent`, whose `tasks` it is not added to: for a view that writes a plain task from its row (`export ics`)
    and needs the whole task for one that is not the usual (with roles)."""
    (_, tid, title, _, who, note, when, window, outline, depth, goal, repeat, per, roles, after, relative) = row
    task = Task(tid, title, depth, _when_from_row(when), who, note, goal, None, None, LazyLog(*log), _window_from_row(window),
                parent, outline, position, None, _repeat_from_row(repeat))
    if per is not None or roles is not None or after is not None or relative is not None:
        _load_task_extras(task, TaskRow._make(row))
    return task


def _quota(row: tuple[Any, ...], pos: int, log: LazyLog, items: list[Task | Quota], when_of: _Made[WhenSpec | None],
           window_of: _Made[Window | None], repeat_of: _Made[Recurrence | None]) -> Quota:
    """A quota of the cache (a QuotaRow), added to its parent task."""
    q = QuotaRow._make(row)
    parent = items[q.parent]
    assert isinstance(parent, Task)
    specs = [spec for p in q.periods if (spec := when_of[p]) is not None]
    windows = [w for p in q.period_windows if (w := window_of[p]) is not None]
    item = Quota(q.id, q.title, q.who, q.target, q.unit, q.per, q.period, specs, dict(q.target_for),
                 when_of[q.when], q.note, log, window_of[q.window], windows, parent, q.outline, pos,
                 bound=q.bound, pace=q.pace)
    if q.repeat is not None:
        item.repeat = repeat_of[q.repeat]
    parent.quotas.append(item)
    return item
