"""A unified diff of a text and a list of in-place edits, without a second copy of the text.

`planctl shift --dry-run` used `difflib.unified_diff` over both whole texts split into lines: at
100,000 tasks that held two lists of millions of lines and the matcher's index of one, and did not
finish. Here the diff is built from the edits: each run of lines an edit touches (runs of adjacent
changed lines together) is compared by difflib alone, the lines between runs are equal, and the
hunks are grouped and written by difflib's own rules (`SequenceMatcher.get_grouped_opcodes`, the
`unified_diff` format) - so the output is the same bytes as `difflib.unified_diff` on the two whole
texts (tests/test_shift_diff.py compares them). Texts with line breaks other than `\\n` and `\\r\\n`
(which `str.splitlines` also splits at) fall back to the whole-text diff.
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from typing import Protocol

Opcode = tuple[str, int, int, int, int]


class Edit(Protocol):
    """Replace `remove` characters at `offset` with `insert` (store/writer.py's Edit)."""

    @property
    def offset(self) -> int: ...

    @property
    def remove(self) -> int: ...

    @property
    def insert(self) -> str: ...


_OTHER_BREAKS = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]|\r(?!\n)")


def unified_diff(text: str, edits: Sequence[Edit], fromfile: str, tofile: str, context: int = 3) -> Iterator[str]:
    """The lines of `difflib.unified_diff(text lines, edited text lines, fromfile, tofile, n=context)`;
    `edits` must not overlap (any order)."""
    ordered = sorted(edits, key=lambda edit: edit.offset)
    if _OTHER_BREAKS.search(text):
        new_text = _applied(text, ordered, 0, len(text))
        yield from difflib.unified_diff(text.splitlines(keepends=True), new_text.splitlines(keepends=True),
                                        fromfile, tofile, n=context)
        return
    opcodes, old, new = _opcodes(text, ordered, context)
    matcher = _Given(opcodes)
    started = False
    for group in matcher.get_grouped_opcodes(context):
        if not started:
            started = True
            yield f"--- {fromfile}\n"
            yield f"+++ {tofile}\n"
        first, last = group[0], group[-1]
        yield f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@\n"
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                yield from (" " + line for line in old.lines(i1, i2))
                continue
            if tag in ("replace", "delete"):
                yield from ("-" + line for line in old.lines(i1, i2))
            if tag in ("replace", "insert"):
                yield from ("+" + line for line in new.lines(j1, j2))


def _range(start: int, stop: int) -> str:
    """difflib's `_format_range_unified`: 1-based start, and the length unless it is 1."""
    beginning, length = start + 1, stop - start
    if length == 1:
        return f"{beginning}"
    if not length:
        beginning -= 1
    return f"{beginning},{length}"


class _Given(difflib.SequenceMatcher[str]):
    """A matcher whose opcodes are given (difflib groups them into hunks)."""

    def __init__(self, opcodes: list[Opcode]) -> None:
        super().__init__(None, [], [])
        self._given = opcodes

    def get_opcodes(self) -> list[Opcode]:  # type: ignore[override]
        return list(self._given)


class _Lines:
    """Some lines of one side of the diff, by line number: the changed runs and the context around them."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.chunks: list[list[str]] = []

    def add(self, start: int, lines: list[str]) -> None:
        if lines:
            self.starts.append(start)
            self.chunks.append(lines)

    def lines(self, begin: int, end: int) -> Iterator[str]:
        at = begin
        while at < end:
            k = bisect_right(self.starts, at) - 1
            chunk = self.chunks[k]
            offset = at - self.starts[k]
            assert 0 <= offset < len(chunk), "a line outside the runs and their context"
            stop = min(end, self.starts[k + 1]) if k + 1 < len(self.starts) else end
            take = chunk[offset : offset + stop - at]
            yield from take
            at += len(take)


def _applied(text: str, edits: Sequence[Edit], begin: int, end: int) -> str:
    """text[begin:end] with `edits` (sorted, inside it) made."""
    pieces: list[str] = []
    at = begin
    for edit in edits:
        pieces += (text[at : edit.offset], edit.insert)
        at = edit.offset + edit.remove
    pieces.append(text[at:end])
    return "".join(pieces)


def _runs(text: str, edits: list[Edit]) -> Iterator[tuple[int, int, list[Edit]]]:
    """The edits grouped by the runs of whole lines they touch: (first offset, end offset, edits); a
    run ends after its last line's break (or at the end of the text)."""
    run: list[Edit] = []
    begin = end = 0
    for edit in edits:
        line_begin = text.rfind("\n", 0, edit.offset) + 1
        if run and line_begin <= end:  # on a line of the run, or the line right after it
            run.append(edit)
        else:
            if run:
                yield begin, end, run
            run, begin = [edit], line_begin
        stop = text.find("\n", edit.offset + edit.remove)
        end = max(end if len(run) > 1 else 0, len(text) if stop < 0 else stop + 1)
    if run:
        yield begin, end, run


def _numbered_runs(text: str, edits: list[Edit]) -> list[tuple[int, int, int, int, list[Edit]]]:
    """`_runs` with line numbers: (first line, the line after the run, begin offset, end offset, edits)."""
    out = []
    line = counted = 0
    for begin, end, run in _runs(text, edits):
        line += text.count("\n", counted, begin)
        lines = text.count("\n", begin, end) + (0 if end < len(text) or text.endswith("\n") else 1)
        out.append((line, line + lines, begin, end, run))
        line += lines
        counted = end
    return out


def _lines_before(text: str, at: int, count: int) -> int:
    """The offset `count` lines (at most) before the line starting at `at`."""
    for _ in range(count):
        if at == 0:
            break
        at = text.rfind("\n", 0, at - 1) + 1
    return at


def _lines_after(text: str, at: int, count: int) -> int:
    """The offset `count` lines (at most) after `at`, a line's start."""
    for _ in range(count):
        if at >= len(text):
            break
        stop = text.find("\n", at)
        at = len(text) if stop < 0 else stop + 1
    return at


def _opcodes(text: str, edits: list[Edit], context: int) -> tuple[list[Opcode], _Lines, _Lines]:
    """The opcodes difflib gives for the whole texts, and the lines the hunks can show. Each run of
    changed lines is matched by difflib with up to `pad` unchanged lines either side (half the gap to
    a neighbouring run at most), so that a changed line equal to an unchanged one next to it is paired
    as difflib pairs it in the whole texts."""
    pad = max(8, context)
    old, new = _Lines(), _Lines()
    opcodes: list[Opcode] = []
    shift = 0  # new line number minus old
    previous_end = 0
    runs = _numbered_runs(text, edits)
    for k, (line, after_line, begin, end, run) in enumerate(runs):
        gap_after = (runs[k + 1][0] - after_line) if k + 1 < len(runs) else pad
        before = min(pad, line - _line_of_end(opcodes))
        after = min(pad, gap_after // 2) if k + 1 < len(runs) else pad
        first = line - before
        begin = _lines_before(text, begin, before)
        end = _lines_after(text, end, after)
        old_lines = text[begin:end].splitlines(keepends=True)
        new_lines = _applied(text, run, begin, end).splitlines(keepends=True)
        _equal(opcodes, first, shift)
        matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            _append(opcodes, (tag, first + i1, first + i2, first + shift + j1, first + shift + j2))
        old.add(first, old_lines)
        new.add(first + shift, new_lines)
        shift += len(new_lines) - len(old_lines)
        previous_end = end
    if previous_end < len(text) or not opcodes:
        start = _line_of_end(opcodes)
        _equal(opcodes, start + len(text[previous_end:].splitlines()), shift)
    return opcodes, old, new


def _line_of_end(opcodes: list[Opcode]) -> int:
    return opcodes[-1][2] if opcodes else 0


def _equal(opcodes: list[Opcode], up_to: int, shift: int) -> None:
    """Old lines from the last opcode's end to `up_to` are equal (new ones are `shift` lines later)."""
    start = _line_of_end(opcodes)
    if up_to > start:
        _append(opcodes, ("equal", start, up_to, start + shift, up_to + shift))


def _append(opcodes: list[Opcode], code: Opcode) -> None:
    """Add `code`, merged into the last one when both are equal (difflib never gives two in a row)."""
    tag, i1, i2, j1, j2 = code
    if i1 == i2 and j1 == j2:
        return
    if opcodes and tag == "equal" and opcodes[-1][0] == "equal":
        last = opcodes[-1]
        opcodes[-1] = ("equal", last[1], i2, last[3], j2)
        return
    opcodes.append(code)
