"""Long output on a terminal goes through a pager, as git does it.

The pager is ``$PLANCTL_PAGER``, else ``$PAGER``, else ``less``; it runs through the shell, with
``LESS=FRX`` unless ``LESS`` is set (quit when the text fits one screen, keep colours, leave the text on
the screen), so short output looks as if no pager ran, and ``LESSCHARSET=utf-8`` unless set (planctl writes
UTF-8 to it, whatever the locale). No pager when stdout is not a terminal, with
``--no-pager``, or when the pager is empty or ``cat``. A pager that cannot be started is skipped.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, TextIO

from planctl.output import colour

if TYPE_CHECKING:
    import subprocess

disabled = False  # set by `planctl --no-pager` for the whole run


def pager_command(environ: Mapping[str, str] | None = None) -> str | None:
    """The shell command to page with, or None for none."""
    env = os.environ if environ is None else environ
    for name in ("PLANCTL_PAGER", "PAGER"):
        if name in env:
            chosen = env[name].strip()
            return None if chosen in ("", "cat") else chosen
    return "less"


@contextlib.contextmanager
def paging() -> Iterator[None]:
    """While inside, sys.stdout writes into the pager (when one is wanted); on leaving, wait for it."""
    command = None if disabled or not _stdout_is_terminal() else pager_command()
    process = _start(command) if command else None
    if process is None or process.stdin is None:
        yield
        return
    original = sys.stdout
    encoding = getattr(original, "encoding", None) or "utf-8"
    sys.stdout = io.TextIOWrapper(process.stdin, encoding=encoding, errors="backslashreplace", line_buffering=False)
    colour.paging_on_terminal = True
    try:
        yield
    finally:
        _close(sys.stdout)
        sys.stdout = original
        colour.paging_on_terminal = False
        _wait(process)


def _stdout_is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except ValueError:
        return False


def pager_environment(environ: Mapping[str, str]) -> dict[str, str]:
    """The pager's environment: `environ` with git's LESS=FRX and LV=-c unless set, and LESSCHARSET=utf-8
    unless set, as planctl writes UTF-8 to it whatever the locale (a LANG=zh_CN.UTF-8 that the machine
    does not have installed would make less show Chinese as <E4><B8>...)."""
    env = dict(environ)
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    env.setdefault("LESSCHARSET", "utf-8")
    return env


def _start(command: str) -> subprocess.Popen[bytes] | None:
    import subprocess

    env = pager_environment(os.environ)
    try:
        return subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)  # noqa: S602 - $PAGER is a shell command
    except OSError:
        return None


def _close(stream: TextIO) -> None:
    with contextlib.suppress(BrokenPipeError, OSError, ValueError):
        stream.close()


def _wait(process: subprocess.Popen[bytes]) -> None:
    while True:
        try:
            process.wait()
            return
        except KeyboardInterrupt:  # Ctrl-C belongs to the pager (as in git): keep waiting for it to quit
            continue
