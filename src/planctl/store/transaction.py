"""The one way planctl changes a plan file: lock, read, work out the new bytes, check, replace.

`done`, `undo` and `shift` each say how to make the new bytes from what is on disk (`prepare`);
this module owns everything around it, so a write happens whole or not at all, one writer at a
time, and never over a change someone saved meanwhile:

1. take the lock on the plan (atomic.locked: concurrent planctl writers queue; exit 3 after 30 s);
2. `prepare()` reads the file and returns the bytes it read, the new bytes (already verified by
   re-reading them) and whatever the command wants back, or None when there is nothing to write;
3. refuse a plan the user may not write (atomic.check_writable: exit 1), once there is something
   to write (so `done` on a finished task still says it is done);
4. `ahead(result)`, if given: what must be on disk before the plan changes (e.g. an undo journal);
5. write the new bytes to a temporary file, fsync it, read the plan again and rename only when it
   still holds the bytes `prepare` read (atomic.atomic_write with `expect`); when it does not, an
   editor saved in between: go back to 2, at most ATTEMPTS times, then exit 3.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Generic, NamedTuple, TypeVar

from planctl.errors import ConflictError, WriteRefused, os_reason
from planctl.i18n import _
from planctl.store.atomic import FileChanged, atomic_write, check_writable, free_space, locked, no_space, real_path

R = TypeVar("R")

ATTEMPTS = 5


class Planned(NamedTuple, Generic[R]):
    """What one attempt worked out: the bytes it read, the bytes to write, and its own result."""

    raw: bytes
    data: bytes
    result: R


# The plans this process has written (their names as shown): once one is, a later failure (stdout full,
# the cache's disk) must not look like "nothing happened" to a script that would then run it again
# (cli/error_handler.py). A record of what happened, not a message: nothing here prints.
written: list[str] = []


def write_plan(path: Path, display: str, prepare: Callable[[], Planned[R] | None],
               ahead: Callable[[R], object] | None = None, waiting: Callable[[], None] | None = None,
               abandon: Callable[[R], object] | None = None) -> R | None:
    """Run `prepare` under the plan's lock and write what it plans; returns its result.

    `prepare` returns a Planned to write, or None to stop without writing (nothing to do, such as
    an entry already logged; it says so itself), and then None is returned. `ahead` is called with
    each attempt's result right before its write (so again when an attempt is retried); `abandon` with
    the last attempt's result when no write happened after `ahead` (the write failed, or the file kept
    changing), to take back what `ahead` put on disk. What must change with the plan (undo's journal) is
    written by `ahead`, not after the plan: the lock is on the plan's inode (atomic.locked), which the
    replacement retires, so the next writer may start as soon as the new plan is in place. Errors:
    WriteRefused (exit 1) for a read-only plan or a failed write (nothing written),
    ConflictError (exit 3) when the lock cannot be taken or the file kept changing. `waiting` is called
    once when another planctl has held the lock for a second (atomic.locked).
    """
    with locked(path, waiting=waiting):
        refuse_cr_only(path, display)
        ahead_of: list[R] = []  # the result `ahead` was last called with, while its write has not happened
        for _attempt in range(ATTEMPTS):
            planned = prepare()
            if planned is None:
                _abandoned(abandon, ahead_of)
                return None
            check_writable(path, display, own_links=(_base_file(path),))
            if ahead is not None:
                ahead(planned.result)
                ahead_of[:] = [planned.result]
            try:
                _write_first(path, planned)
            except FileChanged:
                continue  # someone saved the file meanwhile: read it again
            except OSError as exc:
                _abandoned(abandon, ahead_of)
                raise _not_written(path, display, planned, exc) from None
            written.append(display)
            return planned.result
        _abandoned(abandon, ahead_of)
    raise ConflictError(_("{display} kept changing while planctl was writing; nothing was written").format(display=display))


CR_SAMPLE_BYTES = 64 * 1024  # where the first line break of any plan is (its first line is a few dozen bytes)


def refuse_cr_only(path: Path, display: str) -> None:
    """WriteRefused (exit 1), located at its first line break, for a plan whose line breaks are CRs alone
    (format/source.lone_cr_break: the old Mac OS's): planctl reads it, but writes only LF and CRLF plans. For
    every writer (`done`, `undo`, `shift`), before it works anything out. A plan that cannot be read is left
    to `prepare`, which says why."""
    try:
        with open(path, "rb") as file:
            start = file.read(CR_SAMPLE_BYTES)
    except OSError:
        return
    from planctl.format.source import cr_only, lone_cr_break

    text = start.decode("utf-8", errors="replace")
    at = lone_cr_break(text)
    if at is not None:
        raise WriteRefused(_("{display}:1:{column}: {problem}; nothing was written").format(
            display=display, column=at + 1 - text.startswith("\ufeff"), problem=cr_only(display)))


def _write_first(path: Path, planned: Planned[R]) -> None:
    """Replace the plan (atomic.atomic_write); when the disk is full, the plan comes before planctl's own
    cache: the cache is removed (cache.free) and the write tried once more. FileChanged, OSError."""
    try:
        atomic_write(path, planned.data, expect=planned.raw)
    except OSError as exc:
        from planctl.store import cache

        if not no_space(exc) or not cache.free(path):
            raise
        atomic_write(path, planned.data, expect=planned.raw)


def _not_written(path: Path, display: str, planned: Planned[R], exc: OSError) -> WriteRefused:
    """The error of a plan write that failed; for a full disk it says how much room the new plan needs
    beside the old one and that planctl's cache (removed by `_write_first`) holds none of it now."""
    message = _("cannot write {display}: {value}; nothing was written").format(display=display, value=os_reason(exc))
    if not no_space(exc):
        return WriteRefused(message)
    free = free_space(Path(real_path(path)).parent)
    hint = _("writing it needs {need} KB free beside it (a whole new copy, then the old one goes); {free} KB are free, and planctl's "
             "cache holds nothing more it could free: free some space, then run the command again").format(
             need=_kb(len(planned.data)), free="?" if free is None else _kb(free))
    return WriteRefused(message, hint=hint)


def _kb(size: int) -> str:
    return f"{(size + 1023) // 1024:,}"


def _base_file(path: Path) -> Path:
    """planctl's own hard link to the plan (the cache's base): not another name of the user's."""
    from planctl.store.cache import base_file

    return base_file(path)


def _abandoned(abandon: Callable[[R], object] | None, ahead_of: list[R]) -> None:
    """Call `abandon` with the result `ahead` put on disk, when it did and its write did not happen."""
    if abandon is not None and ahead_of:
        abandon(ahead_of[0])
