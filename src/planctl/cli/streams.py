"""Standard output and error as a command line tool should treat them.

- A stdout or stderr that cannot encode a character (an ASCII-only locale, some CI logs) gets it as a
  backslash escape (``\\u6d3b``) instead of failing the command.
- A reader that stops early (``planctl list | head -1``) is not an error: planctl stops writing and
  exits 0 without a message, whatever the command (README "Exit codes").
"""

from __future__ import annotations

import os
import sys

from planctl.errors import EXIT_OK


def prepare() -> None:
    """Make stdout and stderr escape what their encoding cannot hold."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def finish(code: int | str | None) -> int | str | None:
    """The exit code to leave with, once the command has run: 0 when stdout's reader went away."""
    if type(sys.stdout).__name__ == "PacifyFlushWrapper":  # Click met a closed pipe and would exit 1
        _silence_stdout()
        return EXIT_OK
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_OK
    except ValueError:  # already closed
        return code
    return code


def closed_pipe() -> int:
    """What to do when a write met a closed pipe: stop quietly (the caller exits with this)."""
    _silence_stdout()
    return EXIT_OK


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that Python's own flush at exit does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
