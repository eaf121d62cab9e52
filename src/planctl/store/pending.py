"""What `done` and `undo` changed in the cache, kept beside it until the cache is written again.

`done` adds one line to a plan; every offset after it moves. Writing the whole cache again for that
(shifting 10,000 items' offsets and anchors, marshalling and checksumming megabytes) was a third of
a large plan's `done` (issue 20). Instead, the edits since the cache was written are kept in a small
file beside it, `<plan>.cache.pending`: each edit as (offset, characters inserted or removed, whether
offsets equal to it stay), the logs and anchors of the items the edits changed, as they are after
the last edit, and the plan's warnings. The next command reading these plan bytes applies the edits
to the cached offsets as it reads the cache (`applied`); anchors, which only writers read, are moved
one by one when asked for (`PendingAnchors`).

It holds for exactly one cache (the digest of the bytes the cache is for) and exactly one plan
(the digest of the plan bytes after the edits), and the code that wrote it: anything else (another
cache written since, a hand edit or a pull, a damaged or swapped file: a checksum guards it) is
ignored, and the plan is read as it would be without it. After MAX_EDITS edits, the cache is
written whole again (store/record.py `save_moved_parts`): each reader pays for every edit kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from planctl.store import cache

MAX_EDITS = 8

Edit = tuple[int, int, bool]  # offset, characters inserted (> 0) or removed (< 0), ends stay (writer.shifted_row)


class Pending:
    """The edits since the cache of digest `base` was written, for the plan bytes of digest `key`. (A plain
    class: a NamedTuple's making costs a short command's start more than the rest of this module.)"""

    __slots__ = ("base", "key", "edits", "logs", "anchors", "problems", "seq_indent")

    def __init__(self, base: str, key: str, edits: list[Edit], logs: dict[int, tuple[Any, ...]],
                 anchors: dict[int, tuple[Any, ...]], problems: list[tuple[Any, ...]], seq_indent: int) -> None:
        self.base, self.key, self.edits = base, key, edits
        self.logs = logs  # item index -> its stored log (cache.dump_log) after the last edit
        self.anchors = anchors  # item index -> its anchor row after the last edit
        self.problems = problems  # the plan's warnings after the last edit, as the cache stores them
        self.seq_indent = seq_indent


def read(plan_path: Path, key: str, payload: Any) -> Pending | None:
    """The pending edits from the cache `payload` (cache.read_payload) to the plan bytes of digest
    `key`; None when there are none for exactly those two and this code (or they are damaged)."""
    return read_for(plan_path, key, cache.stored_key(payload))


def read_for(plan_path: Path, key: str, base: str) -> Pending | None:
    """The pending edits from the plan bytes of digest `base` to those of digest `key` (as `read`)."""
    stored = cache.stored_pending(plan_path, key, base)
    if stored is None:
        return None
    edits, logs, anchors, problems, seq_indent = stored
    return Pending(base, key, edits, dict(logs), dict(anchors), problems, seq_indent)


def store(plan_path: Path, pending: Pending) -> bool:
    """Write `pending` whole (a temporary file renamed) or not at all; False when it was not (too
    many edits, or the folder refuses): then the cache must be written whole."""
    if len(pending.edits) > MAX_EDITS or not cache.enabled():
        return False
    code = cache.code_and_language_key() if pending.problems else cache.code_key()
    value = (cache.PENDING_VERSION, code, pending.base, pending.key, pending.edits, list(pending.logs.items()),
             list(pending.anchors.items()), pending.problems, pending.seq_indent)
    return cache.write_sealed(cache.pending_file(plan_path), value, cache.PENDING_HEADER)


def after(pending: Pending | None, base: str, key: str, edit: Edit, logs: dict[int, tuple[Any, ...]],
          anchors: dict[int, tuple[Any, ...]], problems: list[tuple[Any, ...]], seq_indent: int) -> Pending:
    """The pending edits once `edit` is made after `pending` (None: the first since the cache of digest
    `base`), for plan bytes of digest `key`: the logs and anchors kept so far move with it, and those
    given (after it) replace them."""
    at, delta, ends_stay = edit
    edits = joined(pending.edits, edit) if pending is not None else [edit]
    kept_logs = {i: cache.shifted_log(log, at, delta) for i, log in pending.logs.items()} if pending else {}
    kept_anchors = {i: moved_anchor(row, [edit]) for i, row in pending.anchors.items()} if pending else {}
    return Pending(base, key, edits, {**kept_logs, **logs}, {**kept_anchors, **anchors}, problems, seq_indent)


def joined(edits: list[Edit], edit: Edit) -> list[Edit]:
    """`edits` and then `edit`, as few edits that move every offset as they do, one after the other:
    a line added right after the one the last edit added (`done` again on the item) extends it, and
    the removal of exactly the line the last edit added (`undo` right after `done`) takes it back.
    Offsets inside text an edit removed are never moved this way (the item holding them is kept whole)."""
    if edits:
        last_at, last_delta, last_stay = edits[-1]
        at, delta, ends_stay = edit
        if last_delta > 0 and delta > 0 and at == last_at + last_delta and ends_stay == last_stay:
            return [*edits[:-1], (last_at, last_delta + delta, last_stay)]
        if last_delta > 0 and (at, delta, ends_stay) == (last_at, -last_delta, False) and not last_stay:
            return edits[:-1]
    return [*edits, edit]


def applied(payload: Any, pending: Pending) -> tuple[Any, ...]:
    """The cache payload (cache.read_payload's shape) for the plan bytes after the edits: offsets moved,
    the changed logs in place, the warnings and key of the new bytes. Its anchors are the old ones:
    `PendingAnchors` moves them when asked."""
    magic, version, code, _, head, rows_blob, positions, logs, _, anchors, _ = payload
    for at, delta, _ends_stay in pending.edits:
        head = cache.shifted_head(head, at, delta)
        positions = [offset + delta if offset >= at else offset for offset in positions]
        logs = cache.shifted_logs(logs, at, delta)
    if not pending.edits:
        logs = list(logs)
    for i, log in pending.logs.items():
        logs[i] = log
    return (magic, version, code, pending.key, head, rows_blob, positions, logs, pending.problems, anchors,
            pending.seq_indent)


def moved_anchor(row: tuple[Any, ...], edits: Sequence[Edit]) -> tuple[Any, ...]:
    from planctl.store.writer import shifted_row

    for at, delta, ends_stay in edits:
        row = shifted_row(row, at, delta, ends_stay)
    return row


class PendingAnchors:
    """The anchors of the plan after pending edits, each moved when asked for (`done` asks for a few)."""

    __slots__ = ("stored", "pending")

    def __init__(self, stored: list[tuple[Any, ...]], pending: Pending) -> None:
        self.stored = stored
        self.pending = pending

    def __len__(self) -> int:
        return len(self.stored)

    def __getitem__(self, n: int) -> tuple[Any, ...]:
        if n < 0:
            n += len(self.stored)
        kept = self.pending.anchors.get(n)
        return kept if kept is not None else moved_anchor(self.stored[n], self.pending.edits)

    def whole(self) -> list[tuple[Any, ...]]:
        """Every anchor, moved (writer.shifted_rows, one pass for each edit)."""
        from planctl.store.writer import shifted_rows

        rows = self.stored
        for at, delta, ends_stay in self.pending.edits:
            rows = shifted_rows(rows, at, delta, ends_stay)
        rows = list(rows)
        for i, row in self.pending.anchors.items():
            rows[i] = row
        return rows
