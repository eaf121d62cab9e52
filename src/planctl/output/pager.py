"""Long output on a terminal goes through a pager, as git does it.

The pager is ``$PLANCTL_PAGER``, else ``$PAGER``, else ``less``; it runs through the shell, with
``LESS=FRX`` unless ``LESS`` is set (quit when the text fits one screen, keep colours, leave the text on
the screen), so short output looks as if no pager ran, and ``LESSCHARSET=utf-8`` unless set (planctl writes
UTF-8 to it, whatever the locale). No pager when stdout is not a terminal, with
``--no-pager``, or when the pager is empty or ``cat``.

A pager that cannot run (not installed, a typo in $PAGER, ``PLANCTL_PAGER=false``) never costs the output,
as in git: a pager named alone that is not on PATH is not started; one that the shell could not run or that
failed (it ends with an exit code other than 0) is said on stderr, and what the command printed is written
to the terminal after all. planctl keeps a copy of what it sends the pager for that until the pager has
ended (a view's text: kilobytes, at most a few megabytes).
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from typing import IO, TYPE_CHECKING, TextIO

from planctl.i18n import _
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
    """While inside, sys.stdout writes into the pager (when one is wanted); on leaving, wait for it. A pager
    that could not run or failed is said on stderr, and the output written to the terminal instead."""
    command = None if disabled or not _stdout_is_terminal() else pager_command()
    process = _start(command) if command else None
    if command is None or process is None or process.stdin is None:
        yield
        return
    original = sys.stdout
    encoding = getattr(original, "encoding", None) or "utf-8"
    tee = _Tee(process.stdin, original, lambda: _failed(command, process))
    sys.stdout = io.TextIOWrapper(io.BufferedWriter(tee), encoding=encoding, errors="backslashreplace",
                                  line_buffering=False)
    colour.paging_on_terminal = True
    try:
        yield
    finally:
        _close(sys.stdout)
        sys.stdout = original
        colour.paging_on_terminal = False
        if not tee.fell_back:
            _wait(process)
            if _failed(command, process):
                tee.fall_back()


class _Tee(io.RawIOBase):
    """The bytes for the pager's stdin, a copy kept until the pager has ended; after `fall_back`, the bytes
    for the terminal (the copy first). A write that meets the pager gone asks `failed()`: a pager that
    failed (the shell could not run it) makes this fall back and go on; one that ended well (the reader
    quit) raises BrokenPipeError, which stops the command quietly (cli/streams.py)."""

    def __init__(self, pager: IO[bytes], terminal: TextIO, failed: Callable[[], bool]) -> None:
        super().__init__()
        self.pager, self.terminal, self.failed = pager, terminal, failed
        self.copy: list[bytes] = []
        self.fell_back = False

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]  # (any bytes-like object)
        chunk = bytes(data)
        if self.fell_back:
            self._to_terminal(chunk)
            return len(chunk)
        self.copy.append(chunk)
        try:
            self.pager.write(chunk)
            self.pager.flush()
        except OSError:  # BrokenPipeError among them: the pager is gone
            if not self.failed():
                raise BrokenPipeError from None
            self.fall_back()
        return len(chunk)

    def close(self) -> None:
        """Close the pager's stdin (its end of input), whatever state it is in."""
        with contextlib.suppress(OSError, ValueError):
            self.pager.close()
        super().close()

    def fall_back(self) -> None:
        """From now on, write to the terminal: first everything the pager was sent."""
        if self.fell_back:
            return
        self.fell_back = True
        with contextlib.suppress(OSError, ValueError):
            self.pager.close()
        copy, self.copy = b"".join(self.copy), []
        self._to_terminal(copy)

    def _to_terminal(self, data: bytes) -> None:
        self.terminal.flush()
        self.terminal.buffer.write(data)
        self.terminal.buffer.flush()


def _failed(command: str, process: subprocess.Popen[bytes]) -> bool:
    """Whether the pager failed, said on stderr once: it has ended (waited for here) with an exit code other
    than 0; a pager killed by a signal has not failed."""
    if getattr(process, "planctl_said", False):
        return True
    _wait(process)
    code = process.returncode
    if code is None or code <= 0:
        return False
    process.planctl_said = True  # type: ignore[attr-defined]
    _cannot_run(command, _("not found") if code == 127 else _("exit code {code}").format(code=code))
    return True


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
    """The pager running, or None (said on stderr) when it cannot be: a command named alone (no shell syntax)
    that is not on PATH, or one the system refuses to start."""
    import shutil
    import subprocess

    words = _words(command)
    if words and shutil.which(words[0]) is None:
        _cannot_run(command, _("not found"))
        return None
    env = pager_environment(os.environ)
    try:
        return subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)  # noqa: S602 - $PAGER is a shell command
    except OSError as exc:
        _cannot_run(command, exc.strerror or str(exc))
        return None


_SHELL_SYNTAX = frozenset("|&;<>()$`\\\"'*?[#~=%{}\n")


def _words(command: str) -> list[str] | None:
    """The command's words when it is a plain command line (git runs such a one without a shell), else None."""
    if any(char in _SHELL_SYNTAX for char in command):
        return None
    return command.split()


def _cannot_run(command: str, why: str) -> None:
    print(_("planctl: cannot run the pager '{pager}' ({why}); showing the output here (set PAGER, or use --no-pager)").format(
        pager=command, why=why), file=sys.stderr)


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
