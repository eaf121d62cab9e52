"""Each quota's totals kept beside the cache, so a warm `due` does not add up its logs again.

`planctl due` shows each quota's current period, and adding up a large quota's log (tens of
thousands of entries over a year) was a fifth of a warm `due` on a large plan (`status` and `report`,
which show every quota, read it too: store/planfile.py `open_plan` with `quotas`). This file keeps, for
each quota, its log's status/quotas.py `QuotaIndex` (what each scope did in each period as of any day
after the log's entries, and each period's first and last entry day), keyed by content:

- the whole: the plan bytes' digest and the code (store/cache.py `code_key` and status/quotas.py's
  file, which sums): when both match, each entry is the one of the quota in its place with its id;
- each entry, else (after `done`, `undo` or a pull changed some logs): a BLAKE2b digest of the log's
  columns as the cache stores them (model.LazyLog.blob: days, by, unit, amount, ...) with what else
  the sums read of the quota (its unit, share, who, periods, and per unit its groups' units).

A quota whose entry matches neither way is summed (`log_index`) and the file written again; for one day's
agenda (`due`, which shows a few quotas) only when its totals are first read, so the first `due` after a
pull, or after `check` wrote the cache, sums the logs it shows and not every quota's (issue 20). Only a
log read as columns and not built (LazyLog) gets an index: one built may have been changed in this run.
A missing, damaged or stale file is a miss like a stale cache (store/cache.py); failures to write it
are ignored. It lives in `.planctl-cache/`, beside the cache, as `<plan>.cache.quotas`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from planctl.model import PER_UNIT, LazyLog, Plan, Quota
from planctl.status.quotas import QuotaIndex, log_index, use_index
from planctl.store import cache

VERSION = 1
HEADER = b"planctl-quotas\n"  # then cache.CHECKSUM_SIZE bytes of checksum over the rest, then the marshal payload

Entry = tuple[str, tuple[Any, ...], dict[int, tuple[int, int]], dict[int, dict[str, float]]]  # id, content, spans, done


def index_file(plan_path: Path) -> Path:
    target = cache.cache_file(plan_path)
    return target.with_name(f"{target.name}.quotas")


def attach(plan_path: Path, key: str, plan: Plan, stored_logs: list[tuple[Any, ...]] | None = None,
           unchanged_since: tuple[str, set[str]] | None = None, lazy: bool = False) -> None:
    """Give each quota of `plan` (read from plan bytes of digest `key`) its log's QuotaIndex
    (status/quotas.py `use_index`): stored when its key matches, else summed and the file written again
    for the next run. `stored_logs`: the cache's logs just written for the whole `plan` (store/cache.py
    `dump_log`, in plan.items() order), for logs read without the cache. `unchanged_since` (plan digest,
    ids): the plan was read from the cache of that digest with only the items of those ids read again
    (store/increment.py, after a pull): a file for that digest gives every other quota its entry as it is
    (same row, same log, same roster), without digesting its log. `lazy` (one day's agenda, which reads a
    few quotas): a quota without a stored entry is digested and summed only when `totals` first reads it,
    and the file written then; else every quota is, now."""
    quotas = []
    for n, item in enumerate(plan.items()):
        if isinstance(item, Quota):
            log = item.log
            if isinstance(log, LazyLog) and not log.materialized:
                quotas.append((item, log.blob))
            elif stored_logs is not None and not plan.partial and not lazy:
                quotas.append((item, stored_logs[n][0]))  # the bytes the cache holds for it
    if not quotas:
        return
    code = _code()
    stored = _read(plan_path, code)
    book = _Book(plan_path, code, key, plan, [quota.id for quota, _ in quotas])
    by_id: dict[str, Entry] = {}
    if stored is not None:
        book.known = {entry[1]: entry for entry in stored[1]}
        if stored[0] == key:  # the same bytes: each quota's entry is the one of its id
            by_id = {entry[0]: entry for entry in stored[1]}
        elif unchanged_since is not None and stored[0] == unchanged_since[0]:
            by_id = {entry[0]: entry for entry in stored[1] if entry[0] not in unchanged_since[1]}
    waiting = False
    for quota, blob in quotas:
        found = by_id.get(quota.id)
        if found is not None:
            book.entries[quota.id] = found
            use_index(quota, QuotaIndex(found[2], found[3]))
        elif lazy:
            use_index(quota, lambda quota=quota, blob=blob: book.index(quota, blob))  # type: ignore[misc]
            waiting = True
        else:
            use_index(quota, book.index(quota, blob, write=False))  # only for a log still unbuilt
    if book.entries and not waiting and (book.changed or stored is None or stored[0] != key):
        book.write()


class _Book:
    """The entries known in this run (by quota id), written for plan digest `key` in the plan's order."""

    def __init__(self, plan_path: Path, code: str, key: str, plan: Plan, ids: list[str]) -> None:
        self.plan_path, self.code, self.key, self.plan, self.ids = plan_path, code, key, plan, ids
        self.entries: dict[str, Entry] = {}
        self.known: dict[tuple[Any, ...], Entry] = {}  # the stored entries by content
        self.changed = False  # an entry summed, or found by its content, since the file was read

    def index(self, quota: Quota, blob: bytes, write: bool = True) -> QuotaIndex:
        """The quota's QuotaIndex: the stored one of its content, else its log summed (`log_index`);
        the file written again (`write`) with it."""
        content = _content(self.plan, quota, blob)
        found = self.known.get(content)
        if found is None:
            index = log_index(self.plan, quota)
            found = (quota.id, content, index.spans, index.done)
        self.entries[quota.id] = (quota.id, content, found[2], found[3])
        self.changed = True
        if write:
            self.write()
        return QuotaIndex(found[2], found[3])

    def write(self) -> None:
        _write(self.plan_path, self.code, self.key, [self.entries[i] for i in self.ids if i in self.entries])


def _content(plan: Plan, quota: Quota, blob: bytes) -> tuple[Any, ...]:
    """What the quota's sums are a function of: its log's columns (the digest of `blob`, their bytes
    in the cache) and what status/quotas.py `totals` reads of the quota and the roster."""
    log = cache._blake2b()(blob, digest_size=32).digest()
    windows = tuple((w.start.toordinal(), w.end.toordinal()) for w in quota.period_windows)
    units = None
    if quota.per == PER_UNIT:
        groups = plan.roster.groups
        units = tuple((ref, tuple((uid, tuple(unit.members)) for uid, unit in groups[ref].units.items())
                       if ref in groups else None) for ref in quota.who)
    return (log, quota.unit, quota.per, tuple(quota.who), windows, units)


def _code() -> str:
    """The cache's code key and status/quotas.py's file (size and time, as `cache.code_key`)."""
    info = os.stat(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "status", "quotas.py"))
    return f"{cache.code_key()}:{info.st_size}:{info.st_mtime_ns}"


def _read(plan_path: Path, code: str) -> tuple[str, list[Entry]] | None:
    """(plan digest, entries) of the file when it is whole and of this code; else None."""
    stored = cache.read_sealed(index_file(plan_path), HEADER)
    try:
        version, stored_code, key, entries = stored
    except (TypeError, ValueError):  # none, or not of this shape
        return None
    if version != VERSION or stored_code != code or not isinstance(key, str) or not isinstance(entries, list) \
            or not all(isinstance(e, tuple) and len(e) == 4 and isinstance(e[2], dict) and isinstance(e[3], dict)
                       for e in entries):
        return None
    return key, entries


def _write(plan_path: Path, code: str, key: str, entries: list[Entry]) -> None:
    """Store the entries for plan digest `key`, whole (a temporary file renamed) or not at all."""
    if cache.enabled():
        cache.write_sealed(index_file(plan_path), (VERSION, code, key, entries), HEADER)
