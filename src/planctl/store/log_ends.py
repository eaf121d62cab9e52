"""The last day of each item's log, kept beside the cache, so a report reads only the logs of its days.

A report's ledger lists the completions of a week; the cache keeps each log's first day (model.LazyLog
`min_ordinal`) but not its last, so every log that began before the week's end was decoded to look for
entries in it: some 3,000 of a large plan's logs, a fifth of a warm `report` (issue 20). This file keeps,
for the same plan bytes and code as the cache (its digest and store/cache.py `code_key`: the same bytes
give the same items, in the same order, with the same logs), each item's last log day as a day ordinal
(0 for an empty log), in plan.items() order. A missing, damaged or stale file is worked out again from
the logs and written (failures to write are ignored). It lives beside the cache as `<plan>.cache.ends`.
"""

from __future__ import annotations

from pathlib import Path

from planctl.model import Plan, logged_days
from planctl.store import cache

VERSION = 1
HEADER = b"planctl-ends\n"  # then cache.CHECKSUM_SIZE bytes of checksum over the rest, then the marshal payload


def index_file(plan_path: Path) -> Path:
    target = cache.cache_file(plan_path)
    return target.with_name(f"{target.name}.ends")


def last_days(plan_path: Path, key: str, plan: Plan) -> list[int]:
    """Each item's last log day (an ordinal; 0: none), aligned with `plan.items()`, for the whole plan read
    from plan bytes of digest `key`: from the file when it is for those bytes and this code, else from the
    logs (a log read from the cache gives its days without building its entries), and the file written."""
    items = plan.items()
    days: list[int] | None
    stored = cache.read_sealed(index_file(plan_path), HEADER)
    try:
        version, code, stored_key, found = stored
    except (TypeError, ValueError):  # none, or not of this shape
        days = None
    else:
        days = found if version == VERSION and code == cache.code_key() and stored_key == key \
            and isinstance(found, list) and len(found) == len(items) else None
    if days is None:
        days = [max(logged_days(item.log)) if len(item.log) else 0 for item in items]
        if cache.enabled():
            cache.write_sealed(index_file(plan_path), (VERSION, cache.code_key(), key, days), HEADER)
    return days
