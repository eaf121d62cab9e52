"""Standard output and error as a command line tool should treat them.

- A stdout or stderr that cannot encode a character (an ASCII-only locale, some CI logs) gets it as a
  backslash escape (``\\u6d3b``) instead of failing the command; a line drawn in one cell (│ … ·) as the
  ASCII character drawn alike. Views measure their text as written (output/visible.py), so their columns
  stay lined up; and an output that cannot show Chinese gets the English interface.
- A reader that stops early (``planctl list | head -1``) is not an error: planctl stops writing and
  exits without a message, with 0, or 1 when it had already reported errors in the plan (README "Exit codes").
- A standard stream closed at the start (``>&-``, ``<&-``) is /dev/null for the run.
"""

from __future__ import annotations

import os
import sys

from planctl import LARGE_HEAP_KB  # below it, freeing the heap at exit costs too little to skip
from planctl.errors import EXIT_OK


def prepare() -> None:
    """Give a closed standard stream /dev/null, and make stdout and stderr escape what their encoding
    cannot hold."""
    from planctl.output.visible import ERRORS, can_write, limit_to

    _fill_closed_streams()
    limited = limit_to(getattr(sys.stdout, "encoding", None))
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors=ERRORS if limited else "backslashreplace")
    if not can_write("中文"):
        from planctl import i18n

        i18n.speak_english_only()


def _fill_closed_streams() -> None:
    """A run started with a standard descriptor closed (`planctl done … >&-`) gets /dev/null there.

    Otherwise the next file planctl opens (the plan itself) would take that number, and a git it
    runs would write its output into the plan; and Python's None for the stream fails the command
    after its work is done. Reading a closed stdin is then an end of input, as with </dev/null."""
    for fd, name in ((0, "stdin"), (1, "stdout"), (2, "stderr")):
        try:
            os.fstat(fd)
        except OSError:
            opened = os.open(os.devnull, os.O_RDONLY if fd == 0 else os.O_WRONLY)
            if opened != fd:  # the lower ones are open, so this does not happen; be safe anyway
                os.dup2(opened, fd)
                os.close(opened)
        if getattr(sys, name) is None:
            setattr(sys, name, open(fd, "r" if fd == 0 else "w", encoding="utf-8", closefd=False))  # noqa: SIM115  (the stream lives for the run)


def finish(code: int | str | None) -> int | str | None:
    """The exit code to leave with, once the command has run: when stdout's reader went away, the
    code already earned (`messages.exit_floor`: 1 once plan errors were reported), else 0."""
    if type(sys.stdout).__name__ == "PacifyFlushWrapper":  # Click met a closed pipe and would exit 1
        _silence_stdout()
        return _earned()
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        return _earned()
    except ValueError:  # already closed
        return code
    return code


def closed_pipe() -> int:
    """What to do when a write met a closed pipe: stop quietly (the caller exits with this)."""
    _silence_stdout()
    return _earned()


def _earned() -> int:
    from planctl.output import messages

    return messages.exit_floor or EXIT_OK


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that Python's own flush at exit does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def leave(code: int | str | None) -> None:
    """End the process now with `code`, without freeing the heap object by object (an eighth of a
    cold `check` on a large plan), when that is safe: the code is a number, stdout and stderr are
    flushed, nothing is registered to run at exit (atexit), no other thread runs, and the process
    is large enough for it to matter. Files and locks are closed and released by the commands'
    own `with` blocks before they return, so nothing is left half-written. Otherwise returns, and
    the caller exits the usual way."""
    import atexit
    import resource

    if code is not None and not isinstance(code, int):
        return
    threading = sys.modules.get("threading")  # never imported: no thread was started (a small run spares its import)
    if atexit._ncallbacks() or (threading is not None and threading.active_count() > 1):
        return
    if resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < LARGE_HEAP_KB:
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return
    os._exit(code or 0)
