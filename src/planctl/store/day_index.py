"""What `due` needs to read one day's agenda from the cache without decoding every item's row.

A warm `due` on a large plan shows a hundred of its ten thousand tasks (store/cache.py `day_keep`), yet
decoding the cache's rows (one blob of every item's row) took longer than the rest of reading it. This
file keeps, beside the cache and for the same plan bytes and code, the plan's plain tasks by start
(cache.PlainTasks, which decides what one day's agenda reads) and each item's row as its own small blob,
so that only the rows of the items kept are decoded (a row gets its blob when a `due` first reads it).

Keyed as the cache is: the plan bytes' digest and store/cache.py `code_key` (this module is in store/);
written by every full read that writes the cache (`remember`); a missing, damaged or stale one is rebuilt from
the cache's own rows by the first `due` that needs it and written again (failures to write are
ignored). It lives beside the cache as `<plan>.cache.day`.
"""

from __future__ import annotations

import marshal
from collections.abc import Sequence
from pathlib import Path
from typing import Any, overload

from planctl.store import cache

VERSION = 4
HEADER = b"planctl-day\n"  # then cache.CHECKSUM_SIZE bytes of checksum over the rest, then the marshal payload


def index_file(plan_path: Path) -> Path:
    target = cache.cache_file(plan_path)
    return target.with_name(f"{target.name}.day")


class RowBlobs(Sequence[tuple[Any, ...]]):
    """The items' rows, each decoded when asked for from its own marshal blob. A row stored without one
    (None: no `due` has read it yet) is taken from the cache's rows blob (its run of cache.ROWS_CHUNK rows decoded,
    or all of them once `whole` was asked), and given its blob; `settle` then writes the file again with them, so
    the next `due` of that day decodes only its rows.
    Making a blob for every row when the file is first made cost a large plan's first `due` after a pull
    more than the rest of its reading (issue 20); a day's agenda reads about one row in a hundred."""

    def __init__(self, blobs: list[bytes | None], rows_blob: bytes, stored: tuple[Path, str, Any, bool],
                 rows: list[tuple[Any, ...]] | None = None) -> None:
        self.blobs = blobs
        self.rows_blob = rows_blob  # the cache's rows (cache.Parts.rows_blob), for a row without a blob
        self.stored = stored  # (plan path, plan digest, PlainTasks, open_end): what the file holds beside them
        self.plain_blob: bytes | None = None  # the PlainTasks as the file holds them, when read from it (`settle`)
        self._rows = rows  # every row, once decoded
        self._runs: dict[int, list[tuple[Any, ...]]] = {}  # runs of the rows blob decoded (cache.rows_run), by number
        self.grew = rows is not None  # blobs made since the file was read, or no file yet

    def __len__(self) -> int:
        return len(self.blobs)

    @overload
    def __getitem__(self, n: int) -> tuple[Any, ...]: ...

    @overload
    def __getitem__(self, n: slice) -> list[tuple[Any, ...]]: ...

    def __getitem__(self, n: int | slice) -> tuple[Any, ...] | list[tuple[Any, ...]]:
        if isinstance(n, slice):
            return [self[k] for k in range(*n.indices(len(self)))]
        if n < 0:  # counted from the end: its run is found from its place
            n += len(self.blobs)
        blob = self.blobs[n]
        if blob is not None and self._rows is None:
            row: tuple[Any, ...] = marshal.loads(blob)
            return row
        if self._rows is not None:
            row = self._rows[n]
        else:  # its run of the rows blob alone (a pull's first `due` reads a few items' rows and parents)
            run = self._runs.get(n // cache.ROWS_CHUNK)
            if run is None:
                run = self._runs[n // cache.ROWS_CHUNK] = cache.rows_run(self.rows_blob, n // cache.ROWS_CHUNK)
            row = run[n % cache.ROWS_CHUNK]
        if blob is None:
            self.blobs[n] = marshal.dumps(row)
            self.grew = True
        return row

    def whole(self) -> list[tuple[Any, ...]]:
        """Every row, decoded from the cache's rows blob (once)."""
        if self._rows is None:
            self._rows = cache.rows_of(self.rows_blob)
        return self._rows

    def settle(self) -> None:
        """Write the file again when rows were given blobs (or it was not there): failures are ignored."""
        if self.grew:
            plan_path, key, plain, open_end = self.stored
            _store(plan_path, key, self.plain_blob if self.plain_blob is not None else _plain_blob(plain), self.blobs,
                   open_end)
            self.grew = False


def plain_and_rows(plan_path: Path, key: str, rows_blob: bytes, logs: list[tuple[Any, ...]]
                   ) -> tuple[cache.PlainTasks | None, RowBlobs]:
    """For the cache of plan bytes of digest `key` (its rows blob and logs): the plan's PlainTasks
    (None: every item is read) and its rows, from this file when it is for the same bytes and code,
    else from the cache (the file is written when the rows are `settle`d)."""
    stored = read(plan_path, key, rows_blob)
    if stored is not None:
        return stored[0], stored[1]
    rows = cache.rows_of(rows_blob)
    plain = cache.plain_tasks(rows, logs)
    return plain, RowBlobs([None] * len(rows), rows_blob, (plan_path, key, plain, cache.open_ended(rows)), rows)


def read(plan_path: Path, key: str, rows_blob: bytes) -> tuple[cache.PlainTasks | None, RowBlobs, bool] | None:
    """From this file, when it is for the cache of plan bytes of digest `key` and this code (`rows_blob`:
    that cache's rows): the plan's PlainTasks (None: every item is read), its rows, and whether a window
    among them runs to the plan's end (store/increment.py `_end_matters_in_rows`); None when it is not."""
    stored = cache.read_sealed(index_file(plan_path), HEADER)
    try:
        version, code, stored_key, plain_blob, blobs, open_end = stored
    except (TypeError, ValueError):  # none, or not of this shape
        return None
    if version != VERSION or code != cache.code_key() or stored_key != key or not isinstance(blobs, list) \
            or not isinstance(open_end, bool) or not isinstance(plain_blob, bytes):
        return None
    try:
        plain = marshal.loads(plain_blob)
    except Exception:  # noqa: BLE001 - any decode error is a miss (the checksum makes one unlikely)
        return None
    if not (plain is None or (isinstance(plain, tuple) and len(plain) == len(cache.PlainTasks._fields)
                              and plain[0] == len(blobs))):
        return None
    plain_tasks = None if plain is None else cache.PlainTasks(*plain)
    rows = RowBlobs(blobs, rows_blob, (plan_path, key, plain_tasks, open_end))
    rows.plain_blob = plain_blob
    return plain_tasks, rows, open_end


def remember(plan_path: Path, key: str, parts: cache.Parts, blobs: bool = True) -> None:
    """Write the file for the cache just written for plan digest `key` from `parts` (a full read's, which has
    every row at hand): with every row's blob (`blobs`: a `due`, whose next run reads a day's rows), or
    with none (any other command: the PlainTasks alone, so that the first `due` after it, or after a pull,
    need not work them out from every row; each row gets its blob when a `due` first reads it)."""
    rows = parts.rows
    _store(plan_path, key, _plain_blob(cache.plain_tasks(rows, parts.logs)),
           [marshal.dumps(row) for row in rows] if blobs else [None] * len(rows), cache.open_ended(rows))


def _plain_blob(plain: cache.PlainTasks | None) -> bytes:
    """The PlainTasks as the file holds them: encoded once, so that the `due` giving rows their blobs (`settle`)
    writes the same bytes again rather than encoding a large plan's four lists of 100,000 numbers (issue 20)."""
    return marshal.dumps(None if plain is None else tuple(plain))


def _store(plan_path: Path, key: str, plain_blob: bytes, blobs: list[bytes | None], open_end: bool) -> None:
    """Store it for plan digest `key`, whole (a temporary file renamed) or not at all."""
    if cache.enabled():
        cache.write_sealed(index_file(plan_path), (VERSION, cache.code_key(), key, plain_blob, blobs, open_end), HEADER)
