"""Replacing a file whole or not at all, and taking a lock so concurrent writers queue up."""

from __future__ import annotations

import contextlib
import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path

from planctl.errors import ConflictError

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX: no lock, atomic replace still holds
    fcntl = None  # type: ignore[assignment]

LOCK_TIMEOUT_SECONDS = 30.0


def real_path(path: Path) -> Path:
    """A symlinked plan is written through to its target, so the link stays a link."""
    return Path(os.path.realpath(path))


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, fsync it, keep the mode, rename it over `path`."""
    target = real_path(path)
    folder = target.parent
    fd, temp_name = _new_temp_file(folder, target.name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileNotFoundError):
            info = os.stat(target)
            os.chmod(temp_name, stat.S_IMODE(info.st_mode))
            with contextlib.suppress(PermissionError):
                os.chown(temp_name, info.st_uid, info.st_gid)
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
    _fsync_folder(folder)


def _new_temp_file(folder: Path, name: str) -> tuple[int, str]:
    """A new file `.<name>.<pid>-<n>.tmp` in `folder`, created exclusively and readable only by us
    (what tempfile.mkstemp does; its import costs more than a short command's write)."""
    for attempt in range(1000):
        temp_name = str(folder / f".{name}.{os.getpid()}-{time.monotonic_ns()}-{attempt}.tmp")
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
            return os.open(temp_name, flags, 0o600), temp_name
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
def locked(path: Path, timeout: float = LOCK_TIMEOUT_SECONDS) -> Iterator[None]:
    """Hold an exclusive lock on the plan file itself (no lock file is left behind).

    The file is replaced by rename, so after taking the lock we check that the path still
    names the inode we locked; if not, a writer got there first and we lock the new file.
    """
    if fcntl is None:  # pragma: no cover
        yield
        return
    target = real_path(path)
    deadline = time.monotonic() + timeout
    while True:
        fd = os.open(target, os.O_RDONLY)
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise ConflictError(f"{path} is locked by another planctl; try again") from None
                    time.sleep(0.01)
            if os.fstat(fd).st_ino == os.stat(target).st_ino:
                yield
                return
        finally:
            os.close(fd)
