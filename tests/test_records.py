"""planctl.records.NamedTuple makes the classes typing.NamedTuple makes, without compiling each field's
annotation at start-up (issue 20: some 5 ms of every command, the first compile building Python's syntax tree types)."""

from __future__ import annotations

import subprocess
import sys
import typing

import pytest

from planctl.records import NamedTuple


class Row(NamedTuple):
    """A row."""

    id: str
    count: int = 0
    note: str | None = None

    @property
    def doubled(self) -> int:
        return 2 * self.count

    def named(self) -> str:
        return f"{self.id}:{self.count}"


class TypingRow(typing.NamedTuple):
    """A row."""

    id: str
    count: int = 0
    note: str | None = None


def test_a_record_is_what_typing_makes() -> None:
    row = Row("a", 3)
    same = TypingRow("a", 3)
    assert row == same == ("a", 3, None)
    assert (Row._fields, Row._field_defaults) == (TypingRow._fields, TypingRow._field_defaults)
    assert repr(row) == repr(same).replace("TypingRow", "Row")
    assert row._replace(note="x") == ("a", 3, "x") and Row._make(["b", 1, None]) == ("b", 1, None)
    assert (row.doubled, row.named(), Row.__doc__, Row.__module__, Row.__qualname__) == (6, "a:3", "A row.", __name__, "Row")
    assert Row.__annotations__ == {"id": "str", "count": "int", "note": "str | None"}  # as written (typing: ForwardRefs)
    with pytest.raises(AttributeError):
        setattr(row, "other", 1)  # noqa: B010 - no attribute beyond the fields


def test_a_field_without_a_default_after_one_with_is_refused() -> None:
    with pytest.raises(TypeError):
        type("Bad", (NamedTuple,), {"__annotations__": {"first": "int", "second": "int"}, "first": 0})


def test_due_starts_without_compiling_anything() -> None:
    """Every module `due` imports: no string is compiled (typing.NamedTuple compiled each field's annotation);
    a module's own source, compiled when it has no bytecode yet, is not counted."""
    code = ("import builtins\n"
            "compiled = []\n"
            "real = builtins.compile\n"
            "builtins.compile = lambda *a, **k: (a[1:2] == ('<string>',) and compiled.append(a[0])) or real(*a, **k)\n"
            "import planctl.cli.main, planctl.cli.quick, planctl.commands.due, planctl.output.due, planctl.output.missed\n"
            "import planctl.store.day_index, planctl.store.quota_index, planctl.git.unmerged\n"
            "print(compiled)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
