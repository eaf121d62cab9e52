"""A progress display for work that can take over a second, shown only on a terminal."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator

SLOW_BYTES = 1_000_000  # reading a plan this large without the cache takes about a second


@contextlib.contextmanager
def working(message: str, size: int) -> Iterator[None]:
    """A Rich spinner on stderr while `message` is being done, when it may take a while and someone
    is watching (stderr is a terminal that may be coloured: output.colour); otherwise nothing."""
    from planctl.output.colour import colour_wanted

    if size < SLOW_BYTES or not sys.stderr.isatty() or not colour_wanted(sys.stderr):
        yield
        return
    from rich.console import Console

    with Console(stderr=True).status(message):
        yield
