"""Replacing a file whole or not at all, and taking a lock so concurrent writers queue up; refusing
to replace a file the user may not write."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from planctl.errors import ConflictError, WriteRefused
from planctl.i18n import _, ngettext

LOCK_TIMEOUT_SECONDS = 30.0
SAY_WAITING_AFTER = 1.0  # seconds of waiting for the lock before `locked` says so


def real_path(path: Path) -> Path:
    """A symlinked plan is written through to its target, so the link stays a link."""
    return Path(os.path.realpath(path))


# Pieces (a calendar's to-dos, a report's rows) go out in writes of this size, not the default 8 KB: an XL plan's
# calendar is 100,000 pieces and 35 MB, whose 4,300 writes cost 60 ms of CPU against 25 ms (issue 20)
PIECES_BUFFER = 1 << 20


class FileChanged(Exception):
    """The file no longer holds the bytes the new content was made from (someone saved it meanwhile)."""


def atomic_write(path: Path, data: bytes | Iterable[bytes], expect: bytes | None = None) -> None:
    """Write `data` (bytes, or their pieces in order) to a temporary file beside `path`, fsync it, keep the mode, rename it over `path`.

    With `expect`, the file is read again after the fsync, right before the rename, and FileChanged
    is raised (nothing written) unless it still holds exactly `expect`: an editor that saved while
    the new bytes were being written to disk is not overwritten. What remains is the time between
    that read and the rename, a few system calls with no disk wait (see README "Writing safely").
    OSError for the write itself.
    """
    target = real_path(path)
    folder = target.parent
    remove_stale_temp_files(folder, target.name)
    fd, temp_name = _new_temp_file(folder, target.name)
    try:
        with os.fdopen(fd, "wb", buffering=-1 if isinstance(data, bytes) else PIECES_BUFFER) as handle:
            if isinstance(data, bytes):
                handle.write(data)
            else:
                handle.writelines(data)  # an error while they are made leaves nothing written
            handle.flush()
            os.fsync(handle.fileno())
        try:
            info = os.stat(target)
        except FileNotFoundError:
            os.chmod(temp_name, 0o666 & ~current_umask())  # a new file: what open() would have made
        else:
            if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode):  # never rename a file over /dev/null
                raise OSError(errno.EINVAL, _("a device, not a file"), str(path))
            os.chmod(temp_name, stat.S_IMODE(info.st_mode))  # an existing file keeps its mode and owner
            with contextlib.suppress(PermissionError):
                os.chown(temp_name, info.st_uid, info.st_gid)
        if expect is not None and not holds(target, expect):
            raise FileChanged(str(path))
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
    _fsync_folder(folder)


NO_SPACE = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})


def no_space(exc: OSError) -> bool:
    """Whether `exc` says the disk (or the user's quota) is full."""
    return exc.errno in NO_SPACE


def free_space(folder: Path) -> int | None:
    """Bytes the user may still write in `folder`'s file system (statvfs `f_bavail`: root's reserve not
    counted); None when the system cannot tell."""
    try:
        info = os.statvfs(folder)
    except (OSError, AttributeError):
        return None
    return info.f_bavail * info.f_frsize


def write_optional(path: Path, chunks: list[bytes], leave_free: int = 0) -> bool:
    """Write a file planctl can do without (the cache and its side files) whole or not at all, and never
    in the way of the plan: returns whether it was written.

    Not written when it would leave less than `leave_free` bytes free (the room the plan's own next
    write needs: a copy of the plan), or when the write fails. When it is not written for space (that
    rule, ENOSPC, EDQUOT), the earlier `path` goes too: it is out of date, and its space is freed; a
    temporary file is never left behind. `chunks` are written one after another (no joined copy of a
    large cache in memory). No fsync: a file lost in a power cut is only a miss."""
    folder = path.parent
    size = sum(len(chunk) for chunk in chunks)
    free = free_space(folder)
    if free is not None and free - size < leave_free:
        _remove_quietly(path)
        return False
    remove_stale_temp_files(folder, path.name)
    try:
        fd, temp_name = _new_temp_file(folder, path.name, 0o666)  # less the umask: what open() makes
    except OSError as exc:
        if no_space(exc):
            _remove_quietly(path)
        return False
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
        os.replace(temp_name, path)
    except OSError as exc:
        _remove_quietly(Path(temp_name))
        if no_space(exc):
            _remove_quietly(path)
        return False
    return True


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        if not path.is_dir():
            path.unlink()


def holds(path: Path, expect: bytes) -> bool:
    """Whether the file at `path` holds exactly `expect` (False when it cannot be read). Compared a
    megabyte at a time, not read whole: a write of a large plan holds its old and new bytes already."""
    expected = memoryview(expect)
    try:
        with open(path, "rb") as handle:
            at = 0
            while chunk := handle.read(HOLDS_CHUNK):
                if expected[at : at + len(chunk)] != chunk:
                    return False
                at += len(chunk)
            return at == len(expect)
    except OSError:
        return False


HOLDS_CHUNK = 1 << 20


def current_umask() -> int:
    """The process's umask (os.umask can only be read by setting it; it is set straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


TEMP_PATTERN = r"\.(?P<name>.+)\.(?P<pid>[0-9]+)-[0-9]+-[0-9]+\.tmp"


def remove_stale_temp_files(folder: Path, name: str) -> list[Path]:
    """Remove `.<name>.<pid>-<n>-<k>.tmp` files beside `name` left by a planctl that died mid-write
    (kill -9, power cut): only planctl's own pattern for this file, only when process `pid` is no
    longer running on this computer. Returns what was removed; errors are ignored (it is tidying)."""
    import re

    pattern = re.compile(TEMP_PATTERN)
    removed: list[Path] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for entry in names:
        match = pattern.fullmatch(entry)
        if match is None or match["name"] != name or _pid_alive(int(match["pid"])):
            continue
        with contextlib.suppress(OSError):
            os.unlink(folder / entry)
            removed.append(folder / entry)
    return removed


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # another user's process, or we cannot tell: leave its file alone
    return True


def _new_temp_file(folder: Path, name: str, mode: int = 0o600) -> tuple[int, str]:
    """A new file `.<name>.<pid>-<n>.tmp` in `folder`, created exclusively and (with the default `mode`)
    readable only by us (what tempfile.mkstemp does; its import costs more than a short command's write)."""
    for attempt in range(1000):
        temp_name = str(folder / f".{name}.{os.getpid()}-{time.monotonic_ns()}-{attempt}.tmp")
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
            return os.open(temp_name, flags, mode), temp_name
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name in {folder}")


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def locked(path: Path, timeout: float = LOCK_TIMEOUT_SECONDS,
           waiting: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold an exclusive lock on the plan file itself (no lock file is left behind).

    `waiting` is called once when the lock has been held by another process for SAY_WAITING_AFTER
    seconds (so a person is told what planctl waits for); ConflictError after `timeout` seconds.

    The file is replaced by rename, so after taking the lock we check that the path still
    names the inode we locked; if not, a writer got there first and we lock the new file.
    """
    try:
        import fcntl  # imported here: the cache reads its files with this module, and `due` takes no lock
    except ImportError:  # pragma: no cover - not on POSIX: no lock, atomic replace still holds
        yield
        return
    target = real_path(path)
    started = time.monotonic()
    deadline = started + timeout
    while True:
        fd = os.open(target, os.O_RDONLY)
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if waiting is not None and time.monotonic() - started >= SAY_WAITING_AFTER:
                        waiting()
                        waiting = None
                    if time.monotonic() > deadline:
                        raise ConflictError(_("{path} is locked by another planctl; try again").format(path=path)) from None
                    time.sleep(0.01)
            if os.fstat(fd).st_ino == os.stat(target).st_ino:
                yield
                return
        finally:
            os.close(fd)


# --- may this user replace the file? -----------------------------------------------------------


def check_writable(path: Path, display: str, own_links: tuple[Path, ...] = ()) -> None:
    """Refuse (WriteRefused, exit 1) to replace a plan the user may not write, as editors do.

    Replacing by rename needs only the folder to be writable, so without this check a read-only
    plan would be replaced and would then belong to the user. The rule:
    - the system says the user cannot write the file (`access(W_OK)`: mode bits, ACLs, read-only
      mounts); or
    - the file has no write bit at all (0444): read-only on purpose. root passes every `access`
      check, so this is the one that stops root, as Vim does (it also calls such a file read-only
      for root); or
    - the file belongs to another user and the user cannot give it back (only root can chown):
      the new file would change owner, which a write in place by an editor would not do; or
    - the file has other names (hard links, `st_nlink` > 1, not counting `own_links`: planctl's own
      link to it, the cache's base): the new file would take this name only, and the other names
      would silently keep the old plan. A symlinked plan is written through (`real_path`) and stays
      one file; a hard link cannot be, so it is refused before anything is written, saying how to
      keep one file under both names (a symlink).
    """
    target = real_path(path)
    try:
        info = os.stat(target)
    except OSError:
        return  # a missing file: reading it reports that
    euid = os.geteuid() if hasattr(os, "geteuid") else 0
    if not os.access(target, os.W_OK) or not info.st_mode & 0o222:
        raise WriteRefused(_("{display} is read-only; nothing was written").format(display=display),
                           hint=_("make it writable first (chmod u+w {display}) if you mean to change it").format(display=display))
    if hasattr(os, "geteuid") and euid != 0 and info.st_uid != euid:
        raise WriteRefused(_("{display} belongs to another user (uid {st_uid}); planctl writes a new file in its place, which would then "
                             "belong to you; nothing was written").format(display=display, st_uid=info.st_uid),
                           hint=_("ask its owner to record this, or work on your own copy"))
    others = info.st_nlink - 1 - sum(_same_inode(link, info) for link in own_links)
    if others > 0:
        raise WriteRefused(ngettext("{display} has {n} other name (a hard link); planctl writes a new file in its place, so that name "
                                    "would keep the old plan; nothing was written",
                                    "{display} has {n} other names (hard links); planctl writes a new file in its place, so those "
                                    "names would keep the old plan; nothing was written", others).format(display=display, n=others),
                           hint=_("keep one file and make each other name a symbolic link to it (ln -sf), which planctl writes through"))


def _same_inode(path: Path, info: os.stat_result) -> bool:
    try:
        other = os.stat(path)
    except OSError:
        return False
    return (other.st_ino, other.st_dev) == (info.st_ino, info.st_dev)
