"""The progress display shows on a terminal for slow work, and nowhere else."""

from __future__ import annotations

import io
import sys

import pytest

from planctl.output.spinner import SLOW_BYTES, working


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def shown(monkeypatch: pytest.MonkeyPatch, stream: io.StringIO, size: int) -> str:
    monkeypatch.setattr(sys, "stderr", stream)
    with working("reading plan.yaml…", size):
        pass
    return stream.getvalue()


def test_a_slow_read_on_a_terminal_shows_a_spinner(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert "reading plan.yaml…" in shown(monkeypatch, FakeTTY(), SLOW_BYTES)


@pytest.mark.parametrize(("stream", "size", "no_color"), [
    (FakeTTY(), SLOW_BYTES - 1, None),  # quick: nothing to show
    (io.StringIO(), SLOW_BYTES * 5, None),  # not a terminal
    (FakeTTY(), SLOW_BYTES * 5, "1"),  # NO_COLOR
])
def test_nothing_is_shown_otherwise(monkeypatch: pytest.MonkeyPatch, stream: io.StringIO, size: int,
                                    no_color: str | None) -> None:
    if no_color:
        monkeypatch.setenv("NO_COLOR", no_color)
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    assert shown(monkeypatch, stream, size) == ""
