"""A progress display for work that can take over a second, shown only on a terminal."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator

SLOW_BYTES = 1_000_000  # reading a plan this large without the cache takes about a second


@contextlib.contextmanager
def working(message: str, size: int) -> Iterator[None]:
    """A Rich spinner on stderr while `message` is being done, when it may take a while and someone
    is watching (stderr is a terminal and NO_COLOR is not set); otherwise nothing."""
    if size < SLOW_BYTES or not sys.stderr.isatty() or os.environ.get("NO_COLOR"):
        yield
        return
    from rich.console import Console

    with Console(stderr=True).status(message):
        yield
