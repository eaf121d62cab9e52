"""Reusing the cache after a pull: only the items whose lines changed are read again.

When the plan's bytes are not the cached ones but the cache's base is there (the bytes the cache
was made from, `cache.keep_base`), the two texts are compared line by line (`line_hunks`). Each
changed run of lines must lie inside one item's own lines: the innermost item holding it (an item
written in flow style `{…}` gives way to its parent). Those items alone are read again from their
new lines, as `writer.verified_locally` reads an item back; their windows are resolved under their
parent's, their names and checks run against the cached roster; every other offset moves by what
was inserted or removed before it. When a change lies anywhere else (the header, the roster,
between phases), changes an item's id or the outline's shape, or brings an error, the plan is
read whole instead (None here), so errors are always found and reported by the full read. The
result is what a full read gives (tests/test_increment.py compares them on random edits).
"""

from __future__ import annotations

import bisect
import itertools
import operator
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, overload

from planctl.errors import Problem
from planctl.format.loaded import Loaded
from planctl.format.source import BOM, MAX_PLAN_BYTES, Source, SourceProblem, decode
from planctl.model import LazyLog, Plan, Quota, Task
from planctl.store import cache, char_index

if TYPE_CHECKING:
    from planctl.store.writer import Edit

V = TypeVar("V")
Hunk = tuple[int, int, int, int]  # old start, old end, new start, new end: line starts, in characters
Item = Task | Quota

MAX_HUNKS = 256  # more changed runs than this: read the plan whole
SEARCH_LINES = 4000  # how far to look for the lines where two texts agree again
_SHORT = 10_000  # characters of changed text looked at one by one (`_unsafe`)
_CONFLICT = ("<<<<<<<", "=======", ">>>>>>>", "|||||||")
_BOM_BYTES = BOM.encode("utf-8")
_ANCHOR_OFFSETS = (1, 4, 5, 6, 7, 8)  # writer.Anchor's offsets, which _Patch._moved_anchors unpacks by place
_DESCRIBING = frozenset((2, 5))  # TaskRow's and QuotaRow's title and note: what no check of a log reads (`_read_head`)


class Reread:
    """The plan after the incremental read: what `planfile.open_plan` needs. `anchors` (every item's, as
    stored) are moved when first asked for: only a writer, or a cache written whole, reads them."""

    def __init__(self, loaded: Loaded, anchors: list[tuple[Any, ...]] | Callable[[], list[tuple[Any, ...]]],
                 seq_indent: int, parts: cache.Parts, changes: Changes | None = None) -> None:
        self.loaded = loaded
        self._anchors = anchors
        self.seq_indent = seq_indent
        self.parts = parts
        self.changes = changes  # how the stored parts became these (save_delta), None when not known
        self.unchanged_since: tuple[str, set[str]] | None = None  # (the cache's key, the ids of the items read
        # again): every other item is as that cache has it but for its offsets (quota_index.attach)
        self.settle: Callable[[], None] = _nothing  # store the day index's rows read (after `save_delta`)
        self.counted: Callable[[], char_index.CharIndex | None] = _no_index  # the new text's characters by byte
        # offset (store/char_index.py), for a cache written whole

    @property
    def anchors(self) -> list[tuple[Any, ...]]:
        if callable(self._anchors):
            self._anchors = self._anchors()
        return self._anchors


def _nothing() -> None:
    pass


def _no_index() -> None:
    return None


# What an incremental read changed in the stored parts, as `save_delta` stores it: the hunks (in
# characters), each re-read item's run of items [(first index, rows or None when unchanged,
# positions, logs, anchors)], and each ancestor's anchor set after them [(index, anchor)], in order.
Changes = tuple[list[Hunk], list[tuple[Any, ...]], list[tuple[int, tuple[Any, ...]]]]


def reread(path: Path, display: str, raw: bytes, payload: Any, view: cache.DayView | None = None,
           source_of: Callable[[str, bytes], Source] = decode) -> Reread | None:
    """The plan of `raw` from the cache `payload` (a `cache.read_payload` for other bytes) and its
    base; None when the changes are not all inside items, or reading them brings an error. `view`:
    the plan may hold only what that day's agenda reads (`_Patch.apply`); it is then `partial`.
    `source_of(display, raw)`: the new bytes' Source (store/planfile.py gives one decoded only when asked for).

    The two files are compared as bytes (a line break is the same byte in both, and never inside
    a character in UTF-8); the new text is never decoded whole: `_LazyText` decodes it where the re-read
    looks (each changed item's lines) and counts it, a block at a time, up to the last change; the old text
    is the new one where they agree and the old lines of each change between (`_OldText`)."""
    old_key = cache.stored_key(payload)
    got = cache.read_base(path)
    if got is None or got[0] == raw or (got[1] or cache.digest(got[0])) != old_key:  # its stamp, or its digest
        return None
    base = got[0]
    skip = len(_BOM_BYTES) if raw.startswith(_BOM_BYTES) else 0
    if base.startswith(_BOM_BYTES) != bool(skip):
        return None
    if payload[4][1] is None:  # the cache's head: no year, and the full read words its errors
        return None
    parts, problems, anchors, seq_indent, day = _stored(path, payload, view)
    byte_hunks = line_hunks(base, raw, skip)
    if not byte_hunks:
        return None
    try:
        gone = [str(memoryview(base)[h[0] : h[1]], "utf-8") for h in byte_hunks]  # the old lines of each hunk
    except UnicodeDecodeError:
        return None
    del base, got  # the old file's bytes, no longer needed
    located = _located(raw, skip, byte_hunks, gone, char_index.read(path, old_key))
    if located is None:
        return None
    text, hunks = located
    if any(_unsafe(text[h[2]:h[3]]) for h in hunks):
        return None
    try:
        new = source_of(display, raw)
    except SourceProblem:
        return None
    patch = _Patch(_OldText(text, hunks, gone), new, hunks, anchors, parts, text)
    patch.stored_plain = (lambda: day[0]) if day is not None else (lambda: _stored_plain(path, payload))
    patch.open_end = day[2] if day is not None else None
    again = patch.apply(problems, seq_indent, view)
    if again is not None and day is not None:
        again.settle = day[1].settle  # the stored rows read now, kept for the next `due` once the changes are
    if again is not None:
        again.unchanged_since = old_key, _run_ids(_each_row(again.parts), patch.spliced)
        again.counted = text.counted
    return again


def _run_ids(rows: Sequence[tuple[Any, ...]], spliced: list[tuple[Any, ...]]) -> set[str]:
    """The ids of the items of the stored runs (each re-read item with all under it), from their rows."""
    return {rows[k][1] for i, _, positions, *_ in spliced for k in range(i, i + len(positions))}


def _stored(plan_path: Path, payload: Any, view: cache.DayView | None
            ) -> tuple[cache.Parts, list[Problem], list[tuple[Any, ...]], int, tuple[Any, ...] | None]:
    """The parts, problems, anchors and sequence indent of the cache `payload` (cache.stored_parts), and,
    for a day's agenda (`view`) when store/day_index.py is there for the cache's bytes and the agenda
    does not read every item, that index (PlainTasks, rows, whether a window runs to the plan's end): the
    parts' rows are then its rows, each decoded when asked for (`_Patch` asks for the few it reads again)."""
    _, _, _, key, head, rows_blob, positions, logs, problem_rows, anchors, seq_indent = payload
    if view is not None and view(head[1]) is not None:
        from planctl.store import day_index

        plain, rows = day_index.plain_and_rows(plan_path, key, rows_blob, logs)
        problems = [Problem(o, m, s, line, col) for o, m, s, line, col in problem_rows]
        if plain is not None:
            parts = cache.RowsOnDemand(head, _Over(rows), positions, logs, rows_blob)
            return parts, problems, anchors, seq_indent, (plain, rows, rows.stored[3])
        return cache.Parts(head, rows.whole(), positions, logs, rows_blob), problems, anchors, seq_indent, None
    return (*cache.stored_parts(payload), None)


def _stored_plain(plan_path: Path, payload: Any) -> cache.PlainTasks | None:
    """The PlainTasks of the cache `payload`'s own plan (cache.plain_tasks of its rows and logs), from
    store/day_index.py when it is there for the cache's bytes (else made from the rows, and stored)."""
    from planctl.store import day_index

    return day_index.plain_and_rows(plan_path, cache.stored_key(payload), payload[5], payload[7])[0]


def _located(raw: bytes, skip: int, byte_hunks: list[Hunk], removed: list[str], base: char_index.CharIndex | None = None
             ) -> tuple[_LazyText, list[Hunk]] | None:
    """The new file's text after its BOM (`skip` bytes), read where it is looked at (`_LazyText`, counted with
    the base's index `base` where the bytes are the base's), and the
    hunks in characters, from the hunks in bytes of the two files and each hunk's old text (`removed`);
    None when the new bytes may not be a plan's text as `source.decode` judges them: too large, a NUL or
    bytes that are not UTF-8 in the changed lines (the other bytes are the cached plan's, which it
    accepted), or only white space at its start (the full read says what is wrong)."""
    if len(raw) > MAX_PLAN_BYTES:
        return None
    view = memoryview(raw)
    try:
        for h in byte_hunks:
            str(view[h[2] : h[3]], "utf-8")
    except UnicodeDecodeError:
        return None
    if any(raw.find(b"\x00", h[2], h[3]) >= 0 for h in byte_hunks):
        return None
    text = _LazyText(raw, skip, base, byte_hunks)
    if not text[:4096].strip():
        return None
    hunks: list[Hunk] = []
    moved = 0  # characters the hunks so far added, less those they removed
    for (_, _, new_start, new_end), gone in zip(byte_hunks, removed, strict=True):
        start, end = text.char_of_byte(new_start), text.char_of_byte(new_end)
        hunks.append((start - moved, start - moved + len(gone), start, end))
        moved += (end - start) - len(gone)
    return text, hunks


_AFTER = 1 << 62  # sorts after any offset


def _unchanged(skip: int, size: int, byte_hunks: Sequence[Hunk]) -> list[tuple[int, int, int]]:
    """The stretches of the new file (of `size` bytes, after `skip`) that hold the base's bytes: (first byte, end,
    how far after the base's same bytes they are), from the hunks in bytes of the two files (in order)."""
    same = []
    new_at, old_at = skip, skip
    for _old_start, old_end, new_start, new_end in byte_hunks:
        if new_start > new_at:
            same.append((new_at, new_start, new_at - old_at))
        new_at, old_at = new_end, old_end
    if size > new_at:
        same.append((new_at, size, new_at - old_at))
    return same


class _Text(Protocol):
    """What `_Patch` and `_OldText` ask of the new text: a str, or a `_LazyText`."""

    def __len__(self) -> int: ...

    def __getitem__(self, key: slice, /) -> str: ...

    def find(self, sub: str, start: int | None = ..., end: int | None = ..., /) -> int: ...

    def rfind(self, sub: str, start: int | None = ..., end: int | None = ..., /) -> int: ...

    def count(self, sub: str, start: int | None = ..., end: int | None = ..., /) -> int: ...

    def endswith(self, suffix: str, /) -> bool: ...


class _LazyText:
    """A file's text after its first `skip` bytes (UTF-8, as the caller knows), never built whole: it is
    decoded a block of about BLOCK bytes at a time where it is looked at (`find`, a slice), and counted, a
    block at a time, as far as the offsets asked for go (`char_of_byte`, and any offset in characters).
    A large plan's whole text cost the first `due` after a pull more than the rest of its re-read: decoding
    it, joining the pieces, and the pages of a text twice the file's size (130 MB at 100,000 tasks).
    Offsets are the whole text's, in characters; `find`, `rfind` and `count` look for one character."""

    BLOCK = 1 << 16

    def __init__(self, raw: bytes, skip: int, base: char_index.CharIndex | None = None,
                 byte_hunks: Sequence[Hunk] = ()) -> None:
        self.raw, self.view = raw, memoryview(raw)
        self.byte_at = [skip]  # each counted block's first byte, and the end of the last one
        self.char_at = [0]  # the offset of each one's first character, and the end of the last one
        self.kept: dict[int, str] = {}  # the blocks decoded and kept, by number
        self.base = base  # the base file's characters by byte offset (store/char_index.py), or None
        self.same = _unchanged(skip, len(raw), byte_hunks) if base is not None else []

    @property
    def done(self) -> bool:
        """Counted to its end."""
        return self.byte_at[-1] == len(self.raw)

    def _count_next(self) -> None:
        raw, start = self.raw, self.byte_at[-1]
        end = min(start + self.BLOCK, len(raw))
        while end < len(raw) and raw[end] & 0xC0 == 0x80:  # not inside a character
            end += 1
        known = self._known(start, end) if self.base is not None else None
        if known is not None and known[1] is not None:
            end, chars = known[0], known[1]
        else:
            end = known[0] if known is not None else end
            chars = len(str(self.view[start:end], "utf-8"))  # let go at once
        self.byte_at.append(end)
        self.char_at.append(self.char_at[-1] + chars)

    def _known(self, start: int, end: int) -> tuple[int, int | None] | None:
        """Where the block from byte `start` ends and its characters, from the base's index when `start` and that
        end are both counted offsets of the base in bytes a pull left unchanged; else (None for the characters)
        an end before `end` where the next block is so, or None when there is none."""
        assert self.base is not None
        k = bisect.bisect_right(self.same, (start, _AFTER)) - 1
        if k >= 0 and start < self.same[k][1]:
            low, high, shift = self.same[k]
            at = self.base.counted_from(start - shift)
            following = self.base.next_after(start - shift)
            if following is not None and following + shift <= high:
                if at is not None:
                    return following + shift, self.base.chars_at[at + 1] - self.base.chars_at[at]
                return (following + shift, None) if following + shift < end else None
            return (high, None) if high < end else None
        k += 1  # in a change: stop where the next unchanged bytes begin
        return (self.same[k][0], None) if k < len(self.same) and self.same[k][0] < end else None

    def _cover(self, char: int) -> None:
        """Count until `char` lies in a counted block, or the text ends."""
        while self.char_at[-1] <= char and not self.done:
            self._count_next()

    def char_of_byte(self, point: int) -> int:
        """The offset in characters of the byte offset `point` (at a character's start, from `skip`)."""
        while self.byte_at[-1] < point:
            self._count_next()
        k = bisect.bisect_right(self.byte_at, point) - 1
        at = self.byte_at[k]
        return self.char_at[k] + (len(str(self.view[at:point], "utf-8")) if point > at else 0)

    def __len__(self) -> int:
        while not self.done:
            self._count_next()
        return self.char_at[-1]

    def counted(self) -> char_index.CharIndex:
        """The text's characters by byte offset, counted to its end: an index of the file (store/char_index.py)."""
        len(self)
        return char_index.CharIndex(list(self.byte_at), list(self.char_at))

    def _block(self, k: int) -> tuple[int, str]:
        """Block k's first character's offset and its text."""
        text = self.kept.get(k)
        if text is None:
            text = self.kept[k] = str(self.view[self.byte_at[k] : self.byte_at[k + 1]], "utf-8")
            if len(text) != self.char_at[k + 1] - self.char_at[k]:  # a base's index not of its bytes: read it whole
                raise ValueError("the characters counted are not the text's")
        return self.char_at[k], text

    def _block_at(self, char: int) -> tuple[int, str] | None:
        """The block holding offset `char` (its start, its text); None past the end."""
        self._cover(char)
        if char >= self.char_at[-1]:
            return None
        return self._block(bisect.bisect_right(self.char_at, char) - 1)

    def _bound(self, at: int | None, default: int | None) -> int:
        """A slice bound as str takes it: None is `default` (the length when None), negative from the end."""
        if at is None:
            return len(self) if default is None else default
        if at < 0:
            return max(at + len(self), 0)
        self._cover(at)
        return min(at, self.char_at[-1])

    def __getitem__(self, key: slice, /) -> str:
        assert key.step is None, "a slice of step 1"
        start, stop = self._bound(key.start, 0), self._bound(key.stop, None)
        pieces = []
        at = start
        while at < stop:
            block = self._block_at(at)
            assert block is not None
            base, text = block
            pieces.append(text[at - base : stop - base])
            at = base + len(text)
        return "".join(pieces)

    def find(self, sub: str, start: int | None = None, end: int | None = None, /) -> int:
        assert len(sub) == 1, "one character"
        at = self._bound(start, 0)
        high = self._bound(end, None) if end is not None and end < 0 else end  # None: as far as it goes
        while high is None or at < high:
            block = self._block_at(at)
            if block is None:
                break
            base, text = block
            found = text.find(sub, at - base, len(text) if high is None else high - base)
            if found >= 0:
                return base + found
            at = base + len(text)
        return -1

    def rfind(self, sub: str, start: int | None = None, end: int | None = None, /) -> int:
        assert len(sub) == 1, "one character"
        low, at = self._bound(start, 0), self._bound(end, None)
        while at > low:
            block = self._block_at(at - 1)
            assert block is not None
            base, text = block
            found = text.rfind(sub, max(low - base, 0), at - base)
            if found >= 0:
                return base + found
            at = base
        return -1

    def count(self, sub: str, start: int | None = None, end: int | None = None, /) -> int:
        assert len(sub) == 1, "one character"
        return self[start:end].count(sub)

    def endswith(self, suffix: str, /) -> bool:
        return self[-len(suffix):] == suffix if suffix else True


def after_edit(loaded: Loaded, cached: tuple[cache.Parts | None, list[tuple[Any, ...]], int], data: bytes,
               edit: Edit) -> Reread | None:
    """The plan of `data`, which is `loaded`'s text with `edit` applied, from the cached parts, anchors
    and sequence indent `cached` of `loaded`, with the edited item read again; None when there are
    no parts, or the edit does not begin and end at line starts (the next command then reads
    incrementally, or whole)."""
    parts, anchors, seq_indent = cached
    text = loaded.source.text
    end = edit.offset + edit.remove
    if parts is None or not anchors or (edit.offset and text[edit.offset - 1] != "\n") \
            or (end and text[end - 1] != "\n") or (edit.insert and not edit.insert.endswith("\n")):
        return None
    try:
        new = decode(loaded.source.path, data)
    except SourceProblem:
        return None
    hunks = [(edit.offset, end, edit.offset, edit.offset + len(edit.insert))]
    old = _OldText(new.text, hunks, [text[edit.offset:end]])
    return _Patch(old, new, hunks, anchors, parts).apply(loaded.problems, seq_indent)


def _unsafe(added: str) -> bool:
    """Text a full read would refuse or read specially, left to it: tabs (the tab check), merge
    conflict markers, characters YAML refuses, a BOM inside the text, a CR alone inside a line (the
    loader's warning, format/source.py `stray_cr`)."""
    from planctl.format import fastlog

    if "\t" in added or "\ufeff" in added or added.count("\r") != added.count("\r\n"):
        return True
    if not (fastlog.printable(added) if len(added) < _SHORT else fastlog.NON_PRINTABLE.search(added) is None):
        return True  # a pull's few lines are looked at one by one: compiling the pattern cost more than its read
    return any(line.startswith(_CONFLICT) for line in added.splitlines())


# --- the changes stored beside the cache --------------------------------------------------------

MAX_DELTA_HUNKS = 8  # changes since the cache was written beyond which it is written whole again: each pull
# after it re-reads every item changed since, so a few pulls without a `done` between them end there


def save_delta(plan_path: Path, old_key: str, key: str, again: Reread) -> bool:
    """Store what the incremental read `again` changed in the cache of `old_key` (whose base stays as it
    is) for the plan bytes of digest `key`, instead of writing the whole cache again: a few lines'
    worth, where the cache of a large plan is megabytes (issue 20: write only what changed). False
    when it was not stored (no changes known, too many, or the folder refuses): then save the cache.
    The next command with these bytes moves the cached offsets as this one did (`from_delta`)."""
    if again.changes is None or len(again.changes[0]) > MAX_DELTA_HUNKS:
        return False
    problems = again.loaded.problems
    code = cache.code_and_language_key() if problems else cache.code_key()
    payload = (cache.MAGIC, cache.FORMAT, code, old_key, key, again.changes,
               [cache.dump_problem(p) for p in problems], again.seq_indent)
    return cache.write_sealed(cache.delta_file(plan_path), payload)


def _splice_rows(rows: list[tuple[Any, ...]], spliced: list[tuple[Any, ...]]) -> bool:
    """Put the stored runs' rows in place; whether any changed."""
    changed = False
    for i, new_rows, *_ in spliced:
        if new_rows is not None:
            rows[i : i + len(new_rows)] = new_rows
            changed = True
    return changed


def current_rows(plan_path: Path, raw: bytes, payload: Any) -> list[tuple[Any, ...]] | None:
    """The items' rows (cache.stored_rows) of the plan bytes `raw` from the cache `payload`: its own
    when it is for them, else with the stored changes for them; None when neither."""
    key = cache.digest(raw)
    if cache.stored_key(payload) == key or cache.stored_pending(plan_path, key, cache.stored_key(payload)) is not None:
        return cache.stored_rows(payload)  # the edits of `done` and `undo` since (store/pending.py) change no row
    delta = cache.stored_delta(plan_path, key, payload)
    if delta is None:
        return None
    rows = cache.stored_rows(payload)
    _splice_rows(rows, delta[0][1])
    return rows


def from_delta(plan_path: Path, display: str, raw: bytes, key: str, payload: Any,
               view: cache.DayView | None = None, source_of: Callable[[str, bytes], Source] = decode) -> Reread | None:
    """The plan of `raw` (digest `key`) from the cache `payload` of other bytes and the changes
    `save_delta` stored for exactly these two; None when there are none (then read incrementally).
    Nothing is read again: the offsets move and the stored items take their places. `view` (as
    cache.decoded's): the plan may hold only what that day's agenda reads (`_day_from_delta`), and is
    then `partial`, as a warm `due` reads it: each `due` after a pull costs what a warm one does.
    `source_of(display, raw)`: the Source of the bytes, which the incremental read that stored the changes
    decoded (the delta's key is their digest): store/planfile.py gives one decoded only when asked for."""
    delta = cache.stored_delta(plan_path, key, payload)
    if delta is None:
        return None
    changes, problem_rows, seq_indent = delta
    try:
        source = source_of(display, raw)
    except SourceProblem:  # never, for bytes the changes were stored for
        return None
    hunks, spliced, fixed = changes
    day = view(payload[4][1]) if view is not None else None  # the cache's head: title, year, ...
    got = _day_from_delta(plan_path, source, payload, changes, day) if day is not None else None
    if got is None:
        parts, _, stored_anchors, _ = cache.stored_parts(payload)
        patch = _Patch(None, source, hunks, stored_anchors, parts)
        parts = patch.moved_parts()
        if _splice_rows(parts.rows, spliced):
            parts.rows_blob = None
        _splice_offsets(parts, spliced)
        plan = cache.load_plan(display, parts)
    else:
        patch, parts, plan = got
    anchors = _Anchors(patch)
    for i, _, _, _, item_anchors in spliced:
        anchors.put(i, item_anchors)
    for a, anchor in fixed:
        anchors.put(a, [anchor])
    problems = cache.stored_located(source, [Problem(*row) for row in problem_rows])  # as located when stored
    again = Reread(Loaded(source, plan, problems), anchors.whole, seq_indent, parts, changes)
    again.unchanged_since = cache.stored_key(payload), _run_ids(_each_row(parts), spliced)
    return again


def _splice_offsets(parts: cache.Parts, spliced: list[tuple[Any, ...]]) -> None:
    """Put the stored runs' positions and logs in place (their rows: `_splice_rows`)."""
    for i, _, positions, logs, _ in spliced:
        _put_offsets(parts, i, positions, logs)


def _put_offsets(parts: cache.Parts, i: int, positions: list[int], logs: list[tuple[Any, ...]]) -> None:
    """Items i, i + 1, ... now have these positions and logs."""
    if isinstance(parts, _DayParts):
        parts.position_each[i : i + len(positions)] = positions
        parts.log_each[i : i + len(logs)] = logs
    else:
        parts.positions[i : i + len(positions)] = positions
        parts.logs[i : i + len(logs)] = logs


class _Over(Sequence[V]):
    """A stored list (or Sequence) seen through `one` (each element as asked for: moved, decoded), with
    elements put over it (`put`, or assigning a slice of as many); `whole()` lists them all, through `every`
    (all of the stored list at once) when given."""

    def __init__(self, stored: Sequence[Any], one: Callable[[Any], V] | None = None,
                 every: Callable[[Any], list[V]] | None = None) -> None:
        self.stored, self.one, self.every = stored, one, every
        self.put: dict[int, V] = {}

    def __len__(self) -> int:
        return len(self.stored)

    @overload
    def __getitem__(self, n: int) -> V: ...

    @overload
    def __getitem__(self, n: slice) -> list[V]: ...

    def __getitem__(self, n: int | slice) -> V | list[V]:
        if isinstance(n, slice):
            return [self[k] for k in range(*n.indices(len(self)))]
        if n in self.put:
            return self.put[n]
        value: V = self.stored[n] if self.one is None else self.one(self.stored[n])
        return value

    def __setitem__(self, n: slice, values: list[V]) -> None:
        """Values in place of as many (a slice of step 1)."""
        start, stop, _ = n.indices(len(self))
        assert stop - start == len(values), "values are replaced one for one"
        for k, value in enumerate(values):
            self.put[start + k] = value

    def whole(self) -> list[V]:
        out = self.every(self.stored) if self.every is not None else [self[k] for k in range(len(self))]
        for k, value in self.put.items():
            out[k] = value
        return out


def _all_rows(stored: Sequence[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Every stored row, at once: a RowBlobs' decoded from the cache's rows blob (`whole`), not one by one."""
    whole = getattr(stored, "whole", None)
    return list(whole()) if whole is not None else list(stored)


def _spliced_rows(rows: Sequence[tuple[Any, ...]], spliced: list[tuple[Any, ...]]) -> _Over[tuple[Any, ...]]:
    """The stored rows (a Sequence decoding each when asked: store/day_index.py RowBlobs) with the stored
    runs' new rows in their places."""
    over: _Over[tuple[Any, ...]] = _Over(rows, None, _all_rows)
    for i, new_rows, *_ in spliced:
        if new_rows is not None:
            over[i : i + len(new_rows)] = new_rows
    return over


class _DayParts(cache.RowsOnDemand):
    """The stored parts moved to the new text for a day's agenda, which builds a few items: their rows
    decoded and their offsets moved when asked for (`position_each`, `log_each`: what load_plan reads);
    `positions` and `logs` list them all, moved at once (`_Patch._moved_positions`, `_moved_logs`), when a
    reader asks for them (a cache written whole)."""

    def __init__(self, patch: _Patch, rows: Sequence[tuple[Any, ...]], rows_blob: bytes | None) -> None:
        super().__init__(cache.moved_head(patch.parts.head, patch.move), rows, [], [], rows_blob)
        self.position_each: _Over[int] = _Over(patch.parts.positions, patch.move, patch._moved_positions)
        self.log_each: _Over[tuple[Any, ...]] = _Over(patch.parts.logs, patch._moved_log, patch._moved_logs)
        self._positions: list[int] | None = None
        self._logs: list[tuple[Any, ...]] | None = None

    @property
    def positions(self) -> list[int]:
        if self._positions is None:
            self._positions = self.position_each.whole()
        return self._positions

    @positions.setter
    def positions(self, positions: list[int]) -> None:
        self._positions = positions or None

    @property
    def logs(self) -> list[tuple[Any, ...]]:
        if self._logs is None:
            self._logs = self.log_each.whole()
        return self._logs

    @logs.setter
    def logs(self, logs: list[tuple[Any, ...]]) -> None:
        self._logs = logs or None

    def offsets(self) -> tuple[Sequence[int], Sequence[tuple[Any, ...]]]:
        """Each position and log moved when read (`position_each`, `log_each`), unless all are moved already."""
        return (self.position_each if self._positions is None else self._positions,
                self.log_each if self._logs is None else self._logs)

    def log_days(self) -> tuple[list[int], list[int]]:
        """The stored logs' days, with those of the runs put over them: a log's days do not move with the text
        (moving every log of a large plan for its days cost its report 140 M instructions)."""
        if self._logs is not None:
            return cache.log_day_columns(self._logs)
        firsts, lasts = cache.log_day_columns(self.log_each.stored)
        for k, log in self.log_each.put.items():
            firsts[k], lasts[k] = log[2], log[5]
        return firsts, lasts


def _day_from_delta(plan_path: Path, source: Source, payload: Any, changes: Changes,
                    day: tuple[Any, int]) -> tuple[_Patch, cache.Parts, Plan] | None:
    """`from_delta`'s plan for the agenda of `day` (today, horizon in days): the items the stored plan's
    agenda reads (cache.kept_on over store/day_index.py's PlainTasks of the stored bytes, whose rows are
    decoded one by one) and every item the changes touch (each stored run: an item read again with all
    under it), as the first `due` after the pull built them (`_Patch._day_keep`). An item outside the runs
    has the stored row and log (its offsets moved), so the agenda decides on it as it did; a run's items
    are built whatever their rows say (the agenda leaves out those it does not show, as a full read does).
    None (build every item) when the agenda reads every item."""
    from planctl.store import day_index

    _, _, _, old_key, head, rows_blob, positions, logs, _, anchors, _ = payload
    hunks, spliced, _ = changes
    if any(row[0] == "t" and (row[14] is not None or row[15] is not None)  # TaskRow.after, .relative
           for _, new_rows, *_ in spliced if new_rows is not None for row in new_rows):
        return None
    plain, rows = day_index.plain_and_rows(plan_path, old_key, rows_blob, logs)
    if plain is None:
        return None
    keep = cache.kept_on(plain, *day)
    for i, _, run_positions, *_ in spliced:
        keep[i : i + len(run_positions)] = [True] * len(run_positions)
    spliced_rows = _spliced_rows(rows, spliced)
    patch = _Patch(None, source, hunks, anchors, cache.RowsOnDemand(head, rows, positions, logs, rows_blob))
    parts = _DayParts(patch, spliced_rows, rows_blob if not spliced_rows.put else None)
    _splice_offsets(parts, spliced)
    plan = cache.load_plan(source.path, parts, keep, spliced_rows, parts.position_each, parts.log_each)
    if day[1] == cache.WITHOUT_PLAIN:  # a view of the whole plan: the plain tasks outside the runs, as stored
        parts.plain = cache.not_kept(plain, keep)
    rows.settle()  # the stored rows read now, kept for the next `due`
    return patch, parts, plan


# --- where two texts differ ----------------------------------------------------------------------


Text = TypeVar("Text", str, bytes)


def _common_length(a: Text, i: int, b: Text, j: int) -> int:
    """How many characters (or bytes) a[i:] and b[j:] share from the start (compared in growing blocks;
    bytes through a memoryview, so that no block is copied: the halving where one disagrees copied
    some ten times a large plan's size)."""
    limit = min(len(a) - i, len(b) - j)
    done, step = 0, 4096
    part: Any = memoryview(b) if isinstance(b, bytes) else b
    while done < limit:
        size = min(step, limit - done)
        if a.startswith(part[j + done : j + done + size], i + done):
            done += size
            step = min(step * 2, 1 << 20)
            continue
        low, high = 0, size  # a block agrees for `low` characters and not for `high`
        while high - low > 1:
            mid = (low + high) // 2
            if a.startswith(part[j + done : j + done + mid], i + done):
                low = mid
            else:
                high = mid
        return done + low
    return limit


def _lines_from(text: Text, start: int, count: int) -> list[tuple[Text, int]]:
    """Up to `count` lines from `start` (a line start), each with its end offset."""
    out: list[tuple[Text, int]] = []
    at = start
    newline = _newline(text)
    find = text.find
    while at < len(text) and len(out) < count:
        end = find(newline, at)
        end = len(text) if end == -1 else end + 1
        out.append((text[at:end], end))
        at = end
    return out


def _newline(text: Text) -> Text:
    return b"\n" if isinstance(text, bytes) else "\n"


def line_hunks(old: Text, new: Text, start: int = 0) -> list[Hunk] | None:
    """The runs of lines of `old` replaced to make `new`, in order, each as (old start, old end, new
    start, new end), both texts (str, or UTF-8 bytes: offsets are then in bytes) compared from
    `start`, which is before their first line in both; [] when equal; None when they differ in more
    than MAX_HUNKS places or do not agree again within SEARCH_LINES lines. Applying them to `old`
    gives `new` (not always the shortest such list: where a line repeats, any place that makes the
    texts agree will do)."""
    hunks: list[Hunk] = []
    i = j = start
    newline = _newline(old)
    while True:
        same = _common_length(old, i, new, j)
        if i + same == len(old) and j + same == len(new):
            return hunks
        back = old.rfind(newline, i, i + same) + 1
        start_old = back if back > 0 else i
        start_new = j + (start_old - i)
        if len(hunks) == MAX_HUNKS:
            return None
        resync = _resync(old, start_old, new, start_new)
        if resync is None:
            return None
        i, j = resync
        hunks.append((start_old, i, start_new, j))


def _resync(old: Text, i: int, new: Text, j: int) -> tuple[int, int] | None:
    """The nearest line starts after `i` and `j` from which three lines (or the rest) agree.

    Looked for within a few lines first (a pull's change is a line or two), then further, up to
    SEARCH_LINES: a nearer search is taken only when it is what the whole search would find (see
    `_search`), so the answer never depends on how far was looked."""
    for limit in (64, 512, SEARCH_LINES):
        found = _search(old, i, new, j, limit)
        if found is not None:
            return found[0]
    return None


def _search(old: Text, i: int, new: Text, j: int, limit: int) -> tuple[tuple[int, int] | None] | None:
    """`_resync` looking `limit` lines ahead on each side, in a 1-tuple; None when a search of
    SEARCH_LINES lines might answer otherwise (a place found is nearer than `limit` - 3 lines, no
    candidate near the edge of what was read was judged; or both sides were read to their end)."""
    olds, news = _lines_from(old, i, limit), _lines_from(new, j, limit)
    whole = len(olds) < limit and len(news) < limit  # both read to their end: nothing further to see
    at_new: dict[Text, list[int]] = {}
    for n, (line, _) in enumerate(news):
        at_new.setdefault(line, []).append(n)
    best: tuple[int, int, int] | None = None  # (lines skipped, old index, new index)
    for m, (line, _) in enumerate(olds):
        if best is not None and m >= best[0]:
            break
        for n in at_new.get(line, ()):
            if best is not None and m + n >= best[0]:
                break
            if _agree(olds, news, m, n, old, new, limit):
                best = (m + n, m, n)
                break
    if limit < SEARCH_LINES and not whole and (best is None or best[0] > limit - 4):
        return None  # a further search could find a nearer place, or judge one near the edge otherwise
    if best is None:  # one side may simply end: everything left is the change
        return ((len(old), len(new)) if len(olds) < limit and len(news) < limit else None,)
    _, m, n = best
    return ((olds[m - 1][1] if m else i), (news[n - 1][1] if n else j)),


def _agree(olds: list[tuple[Text, int]], news: list[tuple[Text, int]], m: int, n: int, old: Text, new: Text,
           limit: int = SEARCH_LINES) -> bool:
    for k in range(3):
        if m + k >= len(olds) or n + k >= len(news):
            return old[olds[m + k - 1][1] if m + k else 0 :] == new[news[n + k - 1][1] if n + k else 0 :] \
                if (m + k >= len(olds)) == (n + k >= len(news)) and len(olds) < limit else False
        if olds[m + k][0] != news[n + k][0]:
            return False
    return True


# --- reading the changed items again ------------------------------------------------------------


_UNTIL_THE_END = 1 << 62


class _OldText:
    """The old text, never built whole (a large plan's text costs as much to build as to decode): the
    new text where the two agree, each hunk's old lines where they differ. Offsets are the old text's."""

    def __init__(self, new: _Text, hunks: list[Hunk], removed: list[str]) -> None:
        pieces: list[tuple[int, int, _Text, int]] = []  # old start, old end, the text it is in, where there
        old_at = new_at = 0
        for (old_start, old_end, _, new_end), gone in zip(hunks, removed, strict=True):
            pieces += ((old_at, old_start, new, new_at), (old_start, old_end, gone, 0))
            old_at, new_at = old_end, new_end
        pieces.append((old_at, _UNTIL_THE_END, new, new_at))  # the last one's end: `length`, counted only if asked
        self.pieces = pieces
        self.removed = removed  # each hunk's old text
        self.starts = [piece[0] for piece in pieces]
        self._new, self._tail = new, old_at - new_at

    @property
    def length(self) -> int:
        return self._tail + len(self._new)

    def newline_after(self, at: int) -> int:
        """The offset of the first line break at or after `at`, -1 when there is none."""
        for start, end, text, where in self.pieces[max(bisect.bisect_right(self.starts, at) - 1, 0):]:
            if at < end:
                found = text.find("\n", where + max(at - start, 0), where + end - start)
                if found >= 0:
                    return start + found - where
        return -1

    def newline_before(self, at: int) -> int:
        """The offset of the last line break before `at`, -1 when there is none."""
        for start, end, text, where in reversed(self.pieces[: bisect.bisect_left(self.starts, at)]):
            top = min(at, end)
            if top > start:
                found = text.rfind("\n", where, where + top - start)
                if found >= 0:
                    return start + found - where
        return -1

    def end_of_line(self, at: int) -> int:
        """As writer.end_of_line: just after the line break ending the line that holds `at`."""
        found = self.newline_after(at)
        return self.length if found == -1 else found + 1

    def line_at(self, at: int) -> str:
        """The text from `at` to the end of its line, without the line break."""
        end = self.newline_after(at)
        end = self.length if end == -1 else end
        out = []
        for start, stop, text, where in self.pieces[max(bisect.bisect_right(self.starts, at) - 1, 0):]:
            if start >= end:
                break
            low, high = max(at, start), min(end, stop)
            if low < high:
                out.append(text[where + low - start : where + high - start])
        return "".join(out)


class _Anchors:
    """The stored anchors moved to the new text (`_Patch.move`), each moved when asked for (`get`), with the
    re-read items' own put in their place (`put`); `whole` gives every item's, which only a writer or a
    cache written whole needs (moving them all costs a large plan's reading command a few percent)."""

    def __init__(self, patch: _Patch) -> None:
        self.patch = patch
        self.put_rows: dict[int, tuple[Any, ...]] = {}

    def get(self, i: int) -> tuple[Any, ...]:
        row = self.put_rows.get(i)
        return row if row is not None else self.patch._moved_anchor(self.patch.anchors[i])

    def put(self, i: int, rows: list[tuple[Any, ...]]) -> None:
        """Items i, i + 1, ... now have these anchors."""
        for n, row in enumerate(rows):
            self.put_rows[i + n] = row

    def whole(self) -> list[tuple[Any, ...]]:
        out = self.patch._moved_anchors(self.patch.parts.positions)
        for i, row in self.put_rows.items():
            out[i] = row
        return out


class _Patch:
    """The stored parts of the old text, moved to the new one, with the changed items read again."""

    def __init__(self, old: _OldText | None, new: Source, hunks: list[Hunk], anchors: list[tuple[Any, ...]],
                 parts: cache.Parts, text: _Text | None = None) -> None:
        self._old, self.new, self.hunks = old, new, hunks
        self._text = text  # the new text, when not new.text (reread's, read where looked at)
        self.anchors, self.parts = anchors, parts
        self.hours_before: list[Quota] = []  # the re-read items' quotas counting hours, as cached and as read again
        self.hours_after: list[Quota] = []
        self.spliced: list[tuple[Any, ...]] = []  # Changes[1]
        self.fixed: list[tuple[int, tuple[Any, ...]]] = []  # Changes[2]
        self._parents: Sequence[int] | None = None
        self.open_end: bool | None = None  # whether a stored window runs to the plan's end, when known
        self.no_waits = False  # known: no stored task waits for another or is dated from one (`_day_keep`)
        self._line_shift: list[int] | None = None  # _lines_after
        self.stored_plain: Callable[[], cache.PlainTasks | None] | None = None  # the stored parts' (`_day_keep`)
        self.items: list[Item | None] = []  # the plan's items by their place in items(), None where not built (apply)
        self.starts = [h[0] for h in hunks]
        positions = parts.positions
        self.in_order = all(map(operator.lt, positions, itertools.islice(positions, 1, None)))  # items as in the text
        self.shift_after = [0]  # the total delta of the first k hunks, k = 0..len(hunks)
        for h in hunks:
            self.shift_after.append(self.shift_after[-1] + (h[3] - h[2]) - (h[1] - h[0]))

    @property
    def parents(self) -> Sequence[int]:
        """Each item's parent's index, -1 for a phase (listed when first asked for: `from_delta` for a
        day's agenda decodes only the rows it builds)."""
        if self._parents is None:
            rows = _each_row(self.parts)
            self._parents = [row[3] for row in rows] if isinstance(rows, list) else _Parents(rows)
        return self._parents

    @property
    def text(self) -> _Text:
        """The new text: `new`'s, or the one given (read where it is looked at: `_LazyText`)."""
        return self._text if self._text is not None else self.new.text

    @property
    def old(self) -> _OldText:
        """The old text (none when only moving offsets: `moved_parts`)."""
        assert self._old is not None
        return self._old

    def move(self, offset: int) -> int:
        """Where an offset outside every changed item is in the new text (-1 stays -1)."""
        if offset < 0:
            return offset
        return offset + self.shift_after[self._hunks_before(offset)]

    def _hunks_before(self, offset: int) -> int:
        """How many hunks lie before an offset outside every changed item."""
        k = bisect.bisect_left(self.starts, offset)
        if k < len(self.hunks) and self.hunks[k][0] == offset == self.hunks[k][1]:
            k += 1  # what was at an insertion's place is after it
        return k

    def _moved_problem(self, problem: Problem) -> Problem:
        """A stored problem outside every changed item, where it is in the new text: its line moves by the
        lines the hunks before it added or removed (they begin and end at line starts: its column stays);
        one stored without a line is located later (cache.stored_located)."""
        k = self._hunks_before(problem.offset)
        if not problem.line:
            return problem._replace(offset=problem.offset + self.shift_after[k])
        return problem._replace(offset=problem.offset + self.shift_after[k], line=problem.line + self._lines_after[k])

    @property
    def _lines_after(self) -> list[int]:
        """The line breaks the first k hunks added, less those they removed, k = 0..len(hunks)."""
        if self._line_shift is None:
            self._line_shift = [0]
            text = self.text
            for (_, _, new_start, new_end), gone in zip(self.hunks, self.old.removed, strict=True):
                self._line_shift.append(self._line_shift[-1] + text.count("\n", new_start, new_end) - gone.count("\n"))
        return self._line_shift

    def ancestors(self, i: int) -> list[int]:
        out = []
        while (i := self.parents[i]) >= 0:
            out.append(i)
        return out

    def region(self, i: int) -> tuple[int, int]:
        """An item's own lines in the old text: from its first line's start to its last line's end."""
        start = self.old.newline_before(self.parts.positions[i]) + 1
        return start, self.old.end_of_line(self.anchors[i][1])

    def holder(self, hunk: Hunk, by_pos: list[int] | range, positions: list[int]) -> int | None:
        """The innermost block item whose own lines hold the hunk: one of the last item starting
        before it and its ancestors, since items' lines nest as the items do."""
        start, end = hunk[0], hunk[1]
        k = bisect.bisect_left(positions, start if start == end else self.old.end_of_line(start)) - 1
        if k < 0:
            return None
        i = by_pos[k]
        for candidate in (i, *self.ancestors(i)):
            first, last = self.region(candidate)
            if not self.anchors[candidate][0] and first <= start and end <= last and not start == end == first:
                return candidate
        return None

    def roots(self) -> list[int] | None:
        """The items to read again, none inside another, in the order of the text."""
        positions = self.parts.positions
        if self.in_order:
            by_pos: list[int] | range = range(len(positions))  # item k starts k-th
            order = positions
        else:
            pairs = sorted((pos, i) for i, pos in enumerate(positions))
            by_pos, order = [i for _, i in pairs], [pos for pos, _ in pairs]
        chosen: set[int] = set()
        for hunk in self.hunks:
            i = self.holder(hunk, by_pos, order)
            if i is None:
                return None
            chosen.add(i)
        roots = [i for i in chosen if not any(a in chosen for a in self.ancestors(i))]
        return sorted(roots, key=lambda i: positions[i])

    def apply(self, problems: list[Problem], seq_indent: int, view: cache.DayView | None = None) -> Reread | None:
        """The plan of the new text; None when it must be read whole. `view` (as cache.decoded's): the plan
        may hold only what that day's agenda reads, and the re-read items with all under them (`_day_keep`)."""
        if self.open_end if self.open_end is not None else _end_matters_in_rows(self.parts):
            return None
        roots = self.roots()
        if roots is None:
            return None
        parts = self.moved_parts()
        anchors = _Anchors(self)
        keep = self._day_keep(view, roots)
        if isinstance(parts, _DayParts):
            plan = cache.load_plan(self.new.path, parts, keep, _each_row(parts), parts.position_each, parts.log_each)
        else:
            plan = cache.load_plan(self.new.path, parts, keep)
        self.items = _by_place(plan, keep, len(self.parts.positions))
        found: list[Problem] = []
        read: list[tuple[int, int]] = []  # the old lines read again: their stored problems give way to those found
        for i in roots:
            first, last = self.region(i)
            done = self._reread_item(plan, i, first, last, parts, anchors)
            if done is None:
                return None
            found.extend(done[0])
            read.append((first, done[1]))
            self._known_again(plan, keep, i, len(self.spliced[-1][2]))  # the next root reads them
        kept = [self._moved_problem(p) for p in problems if not any(first <= p.offset < last for first, last in read)]
        kept.extend(found)
        if self.hours_before or self.hours_after:
            kept = self._hours_again(plan, kept)
        located = sorted(cache.stored_located(self.new, kept), key=lambda p: (p.offset, p.message))
        changes = (self.hunks, self.spliced, self.fixed)
        return Reread(Loaded(self.new, plan, located), anchors.whole, seq_indent, parts, changes)

    def _known_again(self, plan: Plan, keep: list[bool] | None, i: int, count: int) -> None:
        """The plan's items (`known_items`, those `keep` built) with the `count` items read again from place `i`
        in theirs: a root and all under it, all built (`_day_keep`), so as many in a row there."""
        known = plan.known_items
        assert known is not None
        at = i if keep is None else keep[:i].count(True)
        known[at : at + count] = [item for item in self.items[i : i + count] if item is not None]

    def _day_keep(self, view: cache.DayView | None, roots: list[int]) -> list[bool] | None:
        """Which items to build for the agenda `view` asks for (cache.kept_on over the stored plan's
        PlainTasks, `stored_plain`, as cache.day_keep on the stored rows and logs), with each root to read
        again and everything under it (its rows and logs change, and `_reread_item` puts the new items in
        their place); None (all) without a view, or when the agenda reads every item. Items it builds
        beyond the agenda's are harmless: the agenda leaves them out as a full read does."""
        day = view(self.parts.head[1]) if view is not None else None
        if day is None or day[1] == cache.WITHOUT_PLAIN:  # a view of the whole plan reads every item here
            return None
        plain = self.stored_plain() if self.stored_plain is not None else cache.plain_tasks(self.parts.rows,
                                                                                            self.parts.logs)
        if plain is None:
            return None
        self.no_waits = True  # no stored task waits for another or is dated from one (cache.plain_tasks)
        keep = cache.kept_on(plain, *day)
        parents = self.parents
        for i in roots:
            inside = {i}
            keep[i] = True
            n = i + 1
            while n < len(parents) and parents[n] in inside:  # items() lists an item's sub-items right after it
                inside.add(n)
                keep[n] = True
                n += 1
        return keep

    def _hours_again(self, plan: Plan, problems: list[Problem]) -> list[Problem]:
        """`problems` with validate.hours_in_a_day's warnings judged again on every day an entry of a
        re-read quota counting hours falls on (before or after): a person's day adds up the entries of
        every such quota, and the checks of a re-read item alone saw only its own. Its warnings on
        those days over the quotas before (moved) and over the re-read quotas alone give way to its
        warnings over all of them now."""
        from collections import Counter

        from planctl.format.units import HOURS
        from planctl.format.validate import hour_problems, hour_rows

        before, after = self.hours_before, self.hours_after
        rows_before = [row for quota in before for row in hour_rows(quota)]
        rows_after = [row for quota in after for row in hour_rows(quota)]
        days = {row[0] for row in rows_before} | {row[0] for row in rows_after}
        re_read = {id(quota) for quota in after}
        others = [row for quota in plan.quotas() if quota.unit == HOURS and id(quota) not in re_read
                  for row in hour_rows(quota) if row[0] in days]
        gone = Counter((p.offset, p.message) for p in hour_problems(plan, others + rows_before))
        gone.update((p.offset, p.message) for p in hour_problems(plan, rows_after))  # the re-read items' own checks
        out = []
        for problem in problems:
            if gone[(problem.offset, problem.message)] > 0:
                gone[(problem.offset, problem.message)] -= 1
                continue
            out.append(problem)
        return out + hour_problems(plan, others + rows_after)

    def moved_parts(self) -> cache.Parts:
        """The stored parts with every offset moved (`move`), nothing read again (the anchors: `_Anchors`)."""
        rows = _each_row(self.parts)
        if not isinstance(rows, list):  # a day's few items: each decoded and moved when asked for
            return _DayParts(self, _Over(rows), self.parts.rows_blob)
        positions = self._moved_positions(self.parts.positions)
        logs = self._moved_logs(self.parts.logs)
        return cache.Parts(cache.moved_head(self.parts.head, self.move), list(rows), positions, logs,
                           self.parts.rows_blob)

    def runs(self, positions: list[int]) -> list[tuple[int, int, int]]:
        """The items between two changes, as (first index, index past the last, delta): for items
        in the order of the text (`in_order`), item k's position lies after the starts of the first
        j hunks exactly when k is in the j-th run, whose delta is `move`'s for such offsets."""
        cuts = [0, *(bisect.bisect_right(positions, start) for start in self.starts), len(positions)]
        return [(cuts[j], cuts[j + 1], self.shift_after[j]) for j in range(len(self.hunks) + 1)]

    def _moved_positions(self, positions: list[int]) -> list[int]:
        """`move` of every item's position, a run of items at a time: positions grow in outline order,
        so the items between two changes all move alike (checked; else one at a time)."""
        if not self.in_order:
            return [self.move(p) for p in positions]
        out = positions[: self._first_moved(positions, 0)]
        for k in range(len(self.hunks)):
            start, end = self._first_moved(positions, k), self._first_moved(positions, k + 1)
            delta = self.shift_after[k + 1]
            out += [p + delta for p in positions[start:end]] if delta else positions[start:end]
        return out

    def _first_moved(self, positions: list[int], k: int) -> int:
        """The index of the first position that hunk k moves (one `move` counts it for), len for k past the last."""
        if k == len(self.hunks):
            return len(positions)
        start, end = self.hunks[k][0], self.hunks[k][1]
        return bisect.bisect_left(positions, start) if start == end else bisect.bisect_right(positions, start)

    def _moved_log(self, log: tuple[Any, ...]) -> tuple[Any, ...]:
        """A stored log with its offset delta moved (`move` of its first entry)."""
        blob, size, min_ordinal, first_pos, moved, max_ordinal = log
        if not size:
            return log
        delta = self.move(first_pos + moved) - (first_pos + moved)
        return (blob, size, min_ordinal, first_pos, moved + delta, max_ordinal) if delta else log

    def _moved_logs(self, logs: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        """Each stored log moved. For items in the order of the text, a run of items between two
        changes (`runs`) has its logs between them too, but for an item holding a change (its log
        may come after it): those logs whose first entry lies strictly between the two changes
        move by the run's delta, the others one at a time."""
        if not self.in_order:
            return [self._moved_log(log) for log in logs]
        out: list[tuple[Any, ...]] = []
        one = self._moved_log
        ends = [*self.starts, 1 << 62]
        for j, (first, last, delta) in enumerate(self.runs(self.parts.positions)):
            low, high = (self.starts[j - 1] if j else -1), ends[j]
            if not delta:
                out += [log if not log[1] or low < log[3] + log[4] < high else one(log) for log in logs[first:last]]
                continue
            out += [log if not log[1] else (log[0], log[1], log[2], log[3], log[4] + delta, log[5])
                    if low < log[3] + log[4] < high else one(log) for log in logs[first:last]]
        return out

    def _moved_anchor(self, row: tuple[Any, ...]) -> tuple[Any, ...]:
        from planctl.store.writer import _OFFSETS

        offsets = frozenset(_OFFSETS)
        return tuple(self.move(v) if f in offsets else v for f, v in enumerate(row))

    def _moved_anchors(self, positions: list[int]) -> list[tuple[Any, ...]]:
        """Each stored anchor moved. Its offsets lie from its item's position to its end (or where its
        new `log:` goes): when no change starts there, all move alike, by its run's delta (`runs`);
        else offset by offset."""
        from planctl.store.writer import _ITEM_END, _NEW_LOG_AT, _OFFSETS, Anchor

        one = self._moved_anchor
        if not self.in_order or _OFFSETS != _ANCHOR_OFFSETS or len(Anchor._fields) != 9:
            return [one(row) for row in self.anchors]
        out: list[tuple[Any, ...]] = []
        ends = [*self.starts, 1 << 62]
        for j, (first, last, d) in enumerate(self.runs(positions)):
            high = ends[j]  # the next change: a row reaching it holds it
            rows = self.anchors[first:last]
            if not d:
                out += [row if row[_ITEM_END] < high and row[_NEW_LOG_AT] < high else one(row) for row in rows]
                continue
            out += [(f, e + d if e >= 0 else e, c, k, ks + d if ks >= 0 else ks, ke + d if ke >= 0 else ke,
                     ls + d if ls >= 0 else ls, le + d if le >= 0 else le, n + d if n >= 0 else n)
                    if e < high and n < high else one((f, e, c, k, ks, ke, ls, le, n))
                    for f, e, c, k, ks, ke, ls, le, n in rows]
        return out

    def _reread_item(self, plan: Plan, i: int, first: int, last: int, parts: cache.Parts,
                     anchors: _Anchors) -> tuple[list[Problem], int] | None:
        """Read item `i` again from its new lines, in place of the one in `plan` and in the parts; its
        problems and where the old lines read again end (`last`; or, when its stored log is kept, `_read_head`,
        where that log's lines begin: the stored problems after stay), or None when it does not read back as
        the same item without errors."""
        from planctl.store.writer import subtree

        start, end = self.move(first), self.move(last)  # an insertion at its end is its own, one at its start not
        text = self.text
        if not _same_first_line(self.old.line_at(first), text, start):
            return None
        items = self.items
        item = items[i]
        assert item is not None
        head = self._read_head(plan, i, item, first, last)
        if head is not None:
            new_items, problems, new_anchors, read_to = head
        else:
            lines = text[start:end]
            got = _read_item(lines, start, item, plan)
            if got is None:
                return None
            new_items, problems = got
            new_anchors, read_to = _anchors_in(lines, start, new_items), last
        if _end_matters(plan, new_items):
            return None
        count = len(new_items)
        if [(x.kind, x.id, x.outline) for x in new_items] != [(x.kind, x.id, x.outline) for x in subtree(item)]:
            return None  # items added, removed or moved: other items' places and outline numbers change
        if head is None:  # a kept log's entries and unit are as stored (`_read_head`): their hours too
            self._note_hours(subtree(item), new_items)
        _replace(plan, item, new_items[0])
        items[i : i + count] = new_items
        new_rows = self._rows_of(new_items, i, item)
        each = _each_row(parts)
        if _moves_followers(new_rows, each[i : i + count], () if self.no_waits else each):
            return None
        rows = None  # the same as stored: only its log changed
        if new_rows != each[i : i + count]:
            each[i : i + count] = rows = new_rows  # type: ignore[index]  # a list, or _Over
            parts.rows_blob = None
        positions = [x.pos for x in new_items]
        logs = [cache.dump_log(x.log) for x in new_items]
        _put_offsets(parts, i, positions, logs)
        anchors.put(i, new_anchors)
        self.spliced.append((i, rows, positions, logs, new_anchors))
        if not self._fix_ancestors(i, first, last, new_anchors[0], anchors):
            return None
        read_end = self.move(read_to)
        return [p for p in problems if start <= p.offset < read_end], read_to

    def _rows_of(self, new_items: list[Item], i: int, item: Item) -> list[tuple[Any, ...]]:
        """The rows of the items read again in place of `item` (at place `i`) and all under it."""
        index = {id(x): i + n for n, x in enumerate(new_items)}
        if item.parent is not None:
            index[id(item.parent)] = self.parents[i]
        return cache.dump_rows(new_items, index)

    def _read_head(self, plan: Plan, i: int, item: Item, first: int, last: int
                   ) -> tuple[list[Item], list[Problem], list[tuple[Any, ...]], int] | None:
        """Item `i` (`item`, its own old lines from `first` to `last`) read again from its lines before its log,
        with its stored log, when every change in its lines lies before that log and the item has nothing under
        it: (the item, its problems there, its anchor, where its log's lines begin in the old text). A quota's
        log may be tens of thousands of lines that a title's edit leaves as they were: reading them again cost a
        large plan's first `due` after a pull more than the rest of the re-read (issue 20).
        The log (its entries, and their problems, as stored) is kept only when the item read again has no `log`
        of its own there, its keys where they were, and its row as stored but for its title and note: what its
        log's checks read (unit, periods, who, per, repeat, window, …) is unchanged, so a full read finds the
        same in it. None when not so (then it is read whole)."""
        from planctl.store.writer import BLOCK_LOG, NO_LOG, subtree

        flow, item_end, key_col, log_kind, log_key, _, _, log_end, _ = self.anchors[i]
        if flow or log_kind != BLOCK_LOG or log_end != item_end or subtree(item) != [item]:
            return None
        log_line = self.old.newline_before(log_key) + 1
        if any(first <= h[0] and h[1] <= last and h[1] > log_line for h in self.hunks):
            return None  # a change in the log's lines (a new entry: a teammate's completion)
        start = self.move(first)
        lines = self.text[start : self.move(log_line)]
        got = _read_item(lines, start, item, plan)
        if got is None or len(got[0]) != 1:
            return None
        new_item, problems = got[0][0], got[1]
        anchor = _anchors_in(lines, start, [new_item])[0]
        if anchor[2] != key_col or anchor[3] != NO_LOG:
            return None  # its keys moved, or a `log` of its own before the stored one (the full read says so)
        before, after = _each_row(self.parts)[i], self._rows_of([new_item], i, item)[0]
        if len(before) != len(after) or any(b != a for f, (b, a) in enumerate(zip(before, after, strict=True))
                                            if f not in _DESCRIBING):
            return None
        new_item.log = LazyLog(*self._moved_log(self.parts.logs[i]))
        return [new_item], problems, [self._moved_anchor(self.anchors[i])], log_line

    def _note_hours(self, before: list[Item], after: list[Item]) -> None:
        from planctl.format.units import HOURS

        self.hours_before += [x for x in before if isinstance(x, Quota) and x.unit == HOURS]
        self.hours_after += [x for x in after if isinstance(x, Quota) and x.unit == HOURS]

    def _fix_ancestors(self, i: int, first: int, last: int, new_anchor: tuple[Any, ...], anchors: _Anchors) -> bool:
        """Ancestors whose own text ended inside the item now end where it ends (and a new `log:` of
        theirs goes after that line); False when that place cannot be told without the tree."""
        from planctl.store.writer import _ITEM_END, _NEW_LOG_AT

        text = self.text
        for a in self.ancestors(i):
            if not first <= self.anchors[a][_ITEM_END] <= last:
                continue
            values = list(anchors.get(a))
            values[_ITEM_END] = new_anchor[_ITEM_END]
            if values[_NEW_LOG_AT] >= 0:
                line_break = text.find("\n", values[_ITEM_END])  # writer.end_of_line
                if line_break == -1 and not text.endswith("\n"):
                    return False  # it may go before a block scalar's key (writer._new_log_at): not known here
                values[_NEW_LOG_AT] = len(text) if line_break == -1 else line_break + 1
            anchors.put(a, [tuple(values)])
            self.fixed.append((a, tuple(values)))
        return True


def _by_place(plan: Plan, keep: list[bool] | None, count: int) -> list[Item | None]:
    """The plan's items at their places in the whole plan's items() (None for an item not built)."""
    items = plan.known_items
    assert items is not None
    if keep is None:
        return list(items)
    out: list[Item | None] = [None] * count
    for n, item in zip(itertools.compress(range(count), keep), items, strict=True):
        out[n] = item
    return out


def _each_row(parts: cache.Parts) -> Sequence[tuple[Any, ...]]:
    """The parts' rows: the list, or, for rows decoded when asked for (cache.RowsOnDemand), their Sequence."""
    return parts.each if isinstance(parts, cache.RowsOnDemand) else parts.rows


class _Parents(Sequence[int]):
    """Each item's parent's index, from rows decoded when asked for (`_Patch.parents`)."""

    def __init__(self, rows: Sequence[tuple[Any, ...]]) -> None:
        self.rows = rows

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, n: int) -> int: ...

    @overload
    def __getitem__(self, n: slice) -> list[int]: ...

    def __getitem__(self, n: int | slice) -> int | list[int]:
        if isinstance(n, slice):
            return [row[3] for row in self.rows[n]]
        parent: int = self.rows[n][3]
        return parent


def _moves_followers(new_rows: list[tuple[Any, ...]], old_rows: Sequence[tuple[Any, ...]],
                     rows: Sequence[tuple[Any, ...]]) -> bool:
    """Whether re-read items (their rows now and as stored) bear on checks or windows that relate tasks,
    judged over the whole plan: relative windows (format/relative.py) and the waits' checks
    (validate.dependency_references, repeat_anchors, dependency_cycles, relative_chains). So when a task
    has such a window, or when anything but the logs changed (a `repeat:`, a window, an id, a sub-task) in a
    plan where a task waits for another or has a relative window, the plan is read whole."""
    if any(row[0] == "t" and row[15] is not None for row in new_rows):  # TaskRow.relative
        return True
    return new_rows != old_rows and any(row[0] == "t" and (row[14] is not None or row[15] is not None)
                                        for row in (*rows, *new_rows))  # TaskRow.after, TaskRow.relative


def _end_matters(plan: Plan, items: list[Item]) -> bool:
    """Whether a window among `items` runs to the plan's end (written without one) in a plan without
    `horizon:`: that end is the latest end of every window (loader.plan_end_of), which an edited item
    can move for items that were not edited, so such a plan is read whole."""
    if plan.horizon is not None:
        return False
    return any(spec is not None and spec.open_end
               for item in items for spec in [item.when, *(item.periods if isinstance(item, Quota) else [])])


def _end_matters_in_rows(parts: cache.Parts) -> bool:
    """`_end_matters` of every item of the stored parts, from their rows (TaskRow.when, QuotaRow.periods:
    a when row's fourth field is `open_end`), each distinct window looked at once. A plan from the cache
    has no `horizon` (its head does not keep it), so any such window counts."""
    return cache.open_ended(parts.rows)


def _replace(plan: Plan, old: Item, new: Item) -> None:
    """Put `new` where `old` is in its parent's list (or the plan's phases)."""
    parent = old.parent
    if parent is None:
        siblings: list[Any] = plan.phases
    else:
        siblings = parent.quotas if isinstance(old, Quota) else parent.tasks
    siblings[next(n for n, x in enumerate(siblings) if x is old)] = new


def _same_first_line(old_line: str, new: _Text, start: int) -> bool:
    """The item's first line (`old_line` before, at `start` in `new` now) keeps its indentation and
    its `- ` (or its first key's column), so its lines still belong where they did."""
    def lead(line: str) -> str:
        body = line.lstrip(" ")
        return line[: len(line) - len(body)] + ("- " if body.startswith("- ") else "k")

    line_end = new.find("\n", start)
    return lead(old_line) == lead(new[start : None if line_end == -1 else line_end])


def _read_item(lines: str, start: int, item: Item, plan: Plan) -> tuple[list[Item], list[Problem]] | None:
    """The item read from its `lines` alone, found at `start` in the text, with everything under it, its
    windows resolved and its checks run; None when those lines do not read as one item, or bring an error."""
    from planctl.format.fastlog import compose_item
    from planctl.format.loader import Reader, resolve_subtree
    from planctl.format.names import resolve_names
    from planctl.format.validate import validate
    from planctl.format.yamltree import MAP, MaskMismatch
    from planctl.store.writer import subtree

    problems: list[Problem] = []
    node = _fast_node(lines, start)
    if node is None:
        node = compose_item(lines, problems)
        if problems or node is None or node.kind != MAP or node.flow:
            return None
        _shift(node, start)
    reader = Reader(plan.path, problems)
    reader.year = plan.year
    parent = item.parent
    try:
        got: Item | None = reader.quota(node, parent, item.outline) if isinstance(item, Quota) and parent \
            else reader.task(node, parent, item.outline)
    except MaskMismatch:
        return None
    if problems or got is None:
        return None
    resolve_subtree(plan, got, parent.window if parent is not None else None, problems)
    items = subtree(got)
    part = _Subtree(plan, items)
    problems.extend(resolve_names(part))
    problems.extend(validate(part))
    if any(p.is_error for p in problems):
        return None
    return items, problems


_FAST_KEY = "x:\n"  # an item's lines under a key at column 0: a text format/fasttree.py reads


def _fast_node(lines: str, start: int) -> Any:
    """The mapping of the item written in `lines` (its own, at `start` in the text), read without YAML by
    format/fasttree.py when every line is of its regular shapes, moved to where it is in the text;
    None when they are not (then YAML reads them, as a full read would) or they are not one item's
    block mapping."""
    from planctl.format import fasttree
    from planctl.format.yamltree import MAP, SEQ

    tree = fasttree.compose(_FAST_KEY + lines)
    if tree is None or len(tree.value) != 1:
        return None
    node = tree.value[0][1]
    if node.kind == SEQ and len(node.value) == 1:  # `- id: …`: the item is the list's one entry
        node = node.value[0]
    if node.kind != MAP or node.flow:
        return None
    _shift(node, start - len(_FAST_KEY))
    return node


def _anchors_in(lines: str, start: int, items: list[Item]) -> list[tuple[Any, ...]]:
    """Each of `items`' anchor (writer.anchor_row, as the cache stores it), the items read from `lines`, an
    item's own lines at `start` in the text (from a line start to a line's end): found in those lines alone,
    which hold every offset an anchor looks at, the nodes moved there and back, then its offsets moved."""
    from planctl.store.writer import _OFFSETS, anchor_row

    root = items[0].node
    _shift(root, -start, columns=False)  # an anchor looks at no entry's own offset (a large log holds many)
    try:
        rows = [anchor_row(lines, x.node) for x in items]
    finally:
        _shift(root, start, columns=False)
    offsets = frozenset(_OFFSETS)
    return [tuple(v + start if f in offsets and v >= 0 else v for f, v in enumerate(row)) for row in rows]


def _shift(node: Any, by: int, columns: bool = True) -> None:
    """Move a tree read from a snippet to where the snippet starts in the file (`columns`: with the offsets
    of each entry of a run of entry lines, else only the nodes' own)."""
    from planctl.format.yamltree import ENTRIES, MAP, SEQ

    stack = [node]
    while stack:
        n = stack.pop()
        n.start += by
        n.end += by
        if n.kind == MAP:
            for key, value in n.value:
                stack.append(key)
                stack.append(value)
        elif n.kind == SEQ:
            stack.extend(n.value)
        elif n.kind == ENTRIES and columns:  # model.Columns: the offsets are the last column
            n.value[6] = [pos + by for pos in n.value[6]]


class _Subtree(Plan):
    """A plan of some items (one item and everything under it) with the whole plan's roster and
    year, for the checks of those items alone. Checks of the roster also run; their problems lie
    outside the items' lines and are dropped by the caller."""

    def __init__(self, plan: Plan, items: list[Item]) -> None:
        super().__init__(plan.path, plan.title, plan.year, plan.roster, note=plan.note)
        self.known_items = items
        self._tasks = [x for x in items if isinstance(x, Task)]

    def walk(self) -> list[Task]:
        return list(self._tasks)

    def quotas(self) -> list[Quota]:
        return [x for x in self.known_items or [] if isinstance(x, Quota)]
