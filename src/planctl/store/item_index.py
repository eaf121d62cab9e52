"""Each item's stored parts as its own blob, beside the cache: what `done` and `undo` read of a large plan.

`done` reads a few items of ten thousand (store/record.py `done_keep`), yet reading them from the cache
meant decoding every item's row, offset, log and anchor (the cache is one marshal payload), most of a
large plan's `done` once its own work was small (issue 20). This file keeps, for the plan bytes the cache
was written for, each item's (row, offset, log, anchor) as one marshal blob, the few fields `done_keep`
looks at for every item (`light_row`), the plan's span, roster, warnings and sequence indent; a writer
decodes the blobs of the items it picks, and moves their offsets by the pending edits made since
(store/pending.py), whose base it must be.

Keyed as the cache is (the plan bytes' digest, store/cache.py `code_key`, and the language when it holds
warnings) and sealed by a checksum; a missing, damaged or stale one is not used (the cache is read as
before) and written again by the writer that read the cache (`write`): once for each cache written, the
first `done` after it. It lives beside the cache as `<plan>.cache.items`.
"""

from __future__ import annotations

import marshal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planctl.errors import Problem
from planctl.store import cache

if TYPE_CHECKING:
    from planctl.store.pending import Pending

VERSION = 1
HEADER = b"planctl-items\n"  # then cache.CHECKSUM_SIZE bytes of checksum over the rest, then the marshal payload


def index_file(plan_path: Path) -> Path:
    target = cache.cache_file(plan_path)
    return target.with_name(f"{target.name}.items")


class ItemIndex:
    """The stored index. (Plain classes here: making a NamedTuple costs a short command's start more.)"""

    __slots__ = ("key", "head", "problems", "seq_indent", "light", "span", "blobs")

    def __init__(self, key: str, head: tuple[Any, ...], problems: list[tuple[Any, ...]], seq_indent: int,
                 light: list[tuple[Any, ...]], span: tuple[int, int] | None, blobs: list[bytes]) -> None:
        self.key = key  # the digest of the plan bytes it is for
        self.head = head
        self.problems = problems  # as the cache stores them (cache.dump_problem)
        self.seq_indent = seq_indent
        self.light = light  # each item's `light_row`, in plan.items() order
        self.span = span  # the earliest start and latest end of the items' windows (day ordinals)
        self.blobs = blobs  # each item's marshal of (row, offset, stored log, anchor row)


def light_row(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """A TaskRow or QuotaRow with only what record.done_keep reads: kind, id, title, parent, outline, a
    quota's unit, and whether a task waits or is dated from another (True, else None)."""
    quota = row[0] == "q"
    return (row[0], row[1], row[2], row[3], None, None, None, None, row[8], None, row[10] if quota else None,
            None, None, None, None if quota or row[14] is None else True,
            None if quota or row[15] is None else True)


def write(plan_path: Path, key: str, parts: cache.Parts, problems: list[Problem], anchors: list[tuple[Any, ...]],
          seq_indent: int) -> bool:
    """Store the index of the plan bytes of digest `key` from its cache's parts; False when it was not."""
    if not cache.enabled():
        return False
    rows, positions, logs = parts.rows, parts.positions, parts.logs
    dumps = marshal.dumps
    blobs = [dumps((row, position, log, anchor)) for row, position, log, anchor in zip(rows, positions, logs, anchors,
                                                                                        strict=True)]
    windows = [row[7] for row in rows if row[7] is not None]
    span = (min(w[0] for w in windows), max(w[1] for w in windows)) if windows else None
    code = cache.code_and_language_key() if problems else cache.code_key()
    value = (VERSION, code, key, parts.head, [cache.dump_problem(p) for p in problems], seq_indent,
             [light_row(row) for row in rows], span, blobs)
    return cache.write_sealed(index_file(plan_path), value, HEADER)


def read(plan_path: Path) -> ItemIndex | None:
    """The stored index, when it is whole and of this code (for which plan bytes: its `key`)."""
    stored = cache.read_sealed(index_file(plan_path), HEADER)
    try:
        version, code, key, head, problems, seq_indent, light, span, blobs = stored
    except (TypeError, ValueError):  # none, or not of this shape
        return None
    if version != VERSION or code not in (cache.code_key(), cache.code_and_language_key()) \
            or not isinstance(blobs, list) or not isinstance(light, list) or len(light) != len(blobs):
        return None
    return ItemIndex(key, head, problems, seq_indent, light, span, blobs)


class Picked:
    """The parts of the items a writer picked, moved by the pending edits: the other items' places hold None."""

    __slots__ = ("parts", "keep", "places", "anchors", "problems", "seq_indent")

    def __init__(self, parts: cache.Parts, keep: list[bool], places: list[int], anchors: dict[int, tuple[Any, ...]],
                 problems: list[Problem], seq_indent: int) -> None:
        self.parts, self.keep = parts, keep
        self.places = places  # the picked items' places in plan.items(), in order
        self.anchors = anchors  # place -> anchor row
        self.problems, self.seq_indent = problems, seq_indent


def picked(index: ItemIndex, pending: Pending | None, keep: list[bool]) -> Picked:
    """The parts of the items `keep` marks, from `index` and the `pending` edits made since (None: none)."""
    from planctl.store.pending import moved_anchor

    count = len(index.blobs)
    rows: list[Any] = [None] * count
    positions: list[Any] = [None] * count
    logs: list[Any] = [None] * count
    anchors: dict[int, tuple[Any, ...]] = {}
    places = [i for i, kept in enumerate(keep) if kept]
    edits = pending.edits if pending is not None else []
    head = index.head
    for at, delta, _ends_stay in edits:
        head = cache.shifted_head(head, at, delta)
    for i in places:
        row, position, log, anchor = marshal.loads(index.blobs[i])
        for at, delta, _ends_stay in edits:
            position = position + delta if position >= at else position
            log = cache.shifted_log(log, at, delta)
        rows[i], positions[i], logs[i] = row, position, log
        anchors[i] = moved_anchor(anchor, edits)
        if pending is not None:
            logs[i] = pending.logs.get(i, logs[i])
            anchors[i] = pending.anchors.get(i, anchors[i])
    problem_rows = pending.problems if pending is not None else index.problems
    problems = [Problem(o, m, s, line, col) for o, m, s, line, col in problem_rows]
    return Picked(cache.Parts(head, rows, positions, logs, None), keep, places, anchors, problems,
                  pending.seq_indent if pending is not None else index.seq_indent)
