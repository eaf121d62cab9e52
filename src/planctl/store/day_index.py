"""What `due` needs to read one day's agenda from the cache without decoding every item's row.

A warm `due` on a large plan shows a hundred of its ten thousand tasks (store/cache.py `day_keep`), yet
decoding the cache's rows (one blob of every item's row) took longer than the rest of reading it. This
file keeps, beside the cache and for the same plan bytes and code, the plan's plain tasks by start
(cache.PlainTasks, which decides what one day's agenda reads) and each item's row as its own small blob,
so that only the rows of the items kept are decoded.

Keyed as the cache is: the plan bytes' digest and store/cache.py `code_key` (this module is in store/);
written by a `due` that writes the cache (`remember`); a missing, damaged or stale one is rebuilt from
the cache's own rows by the first `due` that needs it and written again (failures to write are
ignored). It lives beside the cache as `<plan>.cache.day`.
"""

from __future__ import annotations

import marshal
from collections.abc import Sequence
from pathlib import Path
from typing import Any, overload

from planctl.store import cache

VERSION = 2
HEADER = b"planctl-day\n"  # then cache.CHECKSUM_SIZE bytes of checksum over the rest, then the marshal payload


def index_file(plan_path: Path) -> Path:
    target = cache.cache_file(plan_path)
    return target.with_name(f"{target.name}.day")


class RowBlobs(Sequence[tuple[Any, ...]]):
    """The items' rows, each decoded when asked for (from its own marshal blob)."""

    def __init__(self, blobs: list[bytes]) -> None:
        self.blobs = blobs

    def __len__(self) -> int:
        return len(self.blobs)

    @overload
    def __getitem__(self, n: int) -> tuple[Any, ...]: ...

    @overload
    def __getitem__(self, n: slice) -> list[tuple[Any, ...]]: ...

    def __getitem__(self, n: int | slice) -> tuple[Any, ...] | list[tuple[Any, ...]]:
        if isinstance(n, slice):
            return [marshal.loads(blob) for blob in self.blobs[n]]
        row: tuple[Any, ...] = marshal.loads(self.blobs[n])
        return row


def plain_and_rows(plan_path: Path, key: str, rows_blob: bytes, logs: list[tuple[Any, ...]]
                   ) -> tuple[cache.PlainTasks | None, Sequence[tuple[Any, ...]]]:
    """For the cache of plan bytes of digest `key` (its rows blob and logs): the plan's PlainTasks
    (None: every item is read) and its rows, from this file when it is for the same bytes and code,
    else from the cache (and this file written for the next `due`)."""
    stored = read(plan_path, key)
    if stored is not None:
        return stored[0], stored[1]
    rows = marshal.loads(rows_blob)
    return _write(plan_path, key, rows, logs), rows


def read(plan_path: Path, key: str) -> tuple[cache.PlainTasks | None, RowBlobs, bool] | None:
    """From this file, when it is for the cache of plan bytes of digest `key` and this code: the plan's
    PlainTasks (None: every item is read), its rows, and whether a window among them runs to the plan's
    end (store/increment.py `_end_matters_in_rows`); None when it is not."""
    stored = cache.read_sealed(index_file(plan_path), HEADER)
    try:
        version, code, stored_key, plain, blobs, open_end = stored
    except (TypeError, ValueError):  # none, or not of this shape
        return None
    if version != VERSION or code != cache.code_key() or stored_key != key or not isinstance(blobs, list) \
            or not isinstance(open_end, bool) \
            or not (plain is None or (isinstance(plain, tuple) and len(plain) == len(cache.PlainTasks._fields)
                                      and plain[0] == len(blobs))):
        return None
    return (None if plain is None else cache.PlainTasks(*plain)), RowBlobs(blobs), open_end


def remember(plan_path: Path, key: str, parts: cache.Parts) -> None:
    """Write the file for the cache just written for plan digest `key` from `parts`."""
    _write(plan_path, key, parts.rows, parts.logs)


def _write(plan_path: Path, key: str, rows: list[tuple[Any, ...]], logs: list[tuple[Any, ...]]
           ) -> cache.PlainTasks | None:
    """Store it for plan digest `key` from the cache's rows and logs, whole (a temporary file renamed) or
    not at all; the PlainTasks stored."""
    plain = cache.plain_tasks(rows, logs)
    if cache.enabled():
        value = (VERSION, cache.code_key(), key, None if plain is None else tuple(plain),
                 [marshal.dumps(row) for row in rows], cache.open_ended(rows))
        cache.write_sealed(index_file(plan_path), value, HEADER)
    return plain
