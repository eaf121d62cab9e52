"""A plan file as the commands see it: its bytes, the plan read from them (from the cache when the
bytes are unchanged), and, for writing, each item's anchor."""

from __future__ import annotations

import gc
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planctl.errors import UsageError, os_reason
from planctl.format import source as plan_source
from planctl.format.loaded import Loaded
from planctl.format.source import BOM, PlanInvalid, Source, SourceProblem, decode
from planctl.i18n import _
from planctl.model import Plan, Quota, Task
from planctl.store import cache

if TYPE_CHECKING:
    from planctl.store.increment import Reread
    from planctl.store.pending import Pending, PendingAnchors
    from planctl.store.writer import Anchor, AnchorRow


class PlanFile:
    def __init__(self, path: Path, raw: bytes, key: str, loaded: Loaded, from_cache: bool,
                 anchors: list[AnchorRow] | dict[int, AnchorRow] | PendingAnchors | None = None, seq_indent: int = 2,
                 parts: cache.Parts | None = None) -> None:
        self.path = path
        self.raw = raw
        self.key = key
        self.loaded = loaded
        self.from_cache = from_cache
        self.anchors_of: Callable[[], list[AnchorRow]] | None = None  # the anchors, made when first asked for
        self._anchors: list[AnchorRow] | dict[int, AnchorRow] | PendingAnchors | None = anchors
        self.seq_indent = seq_indent
        self.parts = parts  # the plan as the cache stores it, when it came from the cache or went to it
        self._index: dict[int, int] | None = None
        self.reread = False  # read from a cache of other bytes, re-reading only the changed items
        self.picked = False  # its plan, when partial, holds what a writer picked to read (open_plan's `pick`)
        self.cache_base: str | None = None  # the digest of the plan bytes the cache file on disk is for, when
        # `parts` are that cache's (read from it, with `pending` edits or not, or just written to it)
        self.pending: Pending | None = None  # the pending edits (store/pending.py) it was read through
        self.base_payload: Any = None  # the cache's payload, when read through pending edits from it
        self.places: list[int] | None = None  # a plan read from the item index: its items' places in plan.items()
        self.span: tuple[int, int] | None = None  # then: the whole plan's span (day ordinals), from the index
        self.index_missing = False  # a writer's plan read from the cache while the item index was not for it
        self.unchanged_since: tuple[str, set[str]] | None = None  # a re-read's: increment.Reread.unchanged_since

    @property
    def sparse(self) -> bool:
        """Read from the item index (store/item_index.py): `parts` and the anchors hold its items' alone."""
        return self.places is not None

    @property
    def anchors(self) -> list[AnchorRow]:
        """Each item's Anchor fields as stored, aligned with plan.items() (all of them moved, when read
        through pending edits: `anchor_row` moves one). Not for a `sparse` file."""
        assert not self.sparse, "the item index holds the picked items' anchors alone"
        if self._anchors is None:  # a re-read's anchors, moved when first asked for (increment.Reread)
            self._anchors = self.anchors_of() if self.anchors_of is not None else []
        if not isinstance(self._anchors, list):
            from planctl.store.pending import PendingAnchors

            assert isinstance(self._anchors, PendingAnchors)
            self._anchors = self._anchors.whole()
        return self._anchors

    @anchors.setter
    def anchors(self, rows: list[AnchorRow]) -> None:
        self._anchors = rows

    def has_anchors(self) -> bool:
        if self._anchors is None:
            return self.anchors_of is not None
        return len(self._anchors) > 0

    def anchor_row(self, index: int) -> AnchorRow:
        """The stored anchor of the item at `index` in plan.items(), without moving every other one."""
        if self._anchors is None:
            return self.anchors[index]
        return self._anchors[index]
    @property
    def plan(self) -> Plan:
        assert self.loaded.plan is not None
        return self.loaded.plan

    def index_of(self, item: Task | Quota) -> int:
        """The item's place in the whole plan's `items()` (and so in `anchors` and the cache's lists). In a
        plan read in part for a writer (open_plan's `pick`), the place of the cache's row of the item's id
        (ids are unique in a valid plan, the only plans cached), checked against the row's offset."""
        if self._index is None:
            if self.places is not None:
                self._index = {id(it): place for it, place in zip(self.plan.items(), self.places, strict=True)}
            elif self.plan.partial:
                assert self.picked and self.parts is not None, "a plan read for one day's agenda is not written from"
                row_of = {row[1]: i for i, row in enumerate(self.parts.rows)}  # TaskRow and QuotaRow: the id second
                self._index = {id(it): row_of[it.id] for it in self.plan.items()}
            else:
                self._index = {id(it): i for i, it in enumerate(self.plan.items())}
        index = self._index[id(item)]
        assert self.parts is None or not self.plan.partial or self.parts.positions[index] == item.pos
        return index

    def anchor(self, item: Task | Quota) -> Anchor:
        from planctl.store.writer import Anchor, anchor_of

        if item.node is not None:
            return anchor_of(self.loaded.source.text, item.node)
        return Anchor._make(self.anchor_row(self.index_of(item)))


class CachedSource(Source):
    """The Source of plan bytes the cache holds a plan of: `decode` accepted them when the cache was
    written (the cache key is their digest), so their text is decoded only when asked for (`due` on a
    large plan never asks; `done` does)."""

    def __init__(self, path: str, raw: bytes) -> None:
        super().__init__(path, "", raw, raw.startswith(BOM.encode("utf-8")))
        self._text: str | None = None  # not the "" Source.__init__ gave: decoded when first asked for

    @property
    def text(self) -> str:
        if self._text is None:
            decoded = self.raw.decode("utf-8")
            self._text = decoded[1:] if self.has_bom else decoded
        return self._text

    @text.setter
    def text(self, value: str) -> None:
        self._text = value

    def head(self, chars: int) -> str:
        """A prefix of `text` holding at least its first `chars` characters (all of it when it has no
        more), decoding only about that much of a large plan (`done` near its top need not decode the
        rest). UTF-8 takes 1 to 4 bytes a character: 3 (Chinese) are tried first, then 4, which hold them."""
        if self._text is not None:
            return self._text
        raw, start = self.raw, len(BOM.encode("utf-8")) if self.has_bom else 0
        for per_char in (3, 4):
            end = start + chars * per_char
            if end >= len(raw):
                return self.text
            while raw[end] & 0xC0 == 0x80:  # not inside a character: back to where one starts
                end -= 1
            prefix = raw[start:end].decode("utf-8")
            if len(prefix) >= chars:
                return prefix
        return self.text  # pragma: no cover - 4 bytes a character always hold them


def cached_source(display: str, raw: bytes) -> Source:
    """The Source of plan bytes a cache (or a side file of it) holds a plan of: a CachedSource, decoded
    only when asked for; SourceProblem when they are not a plan's text (never, for such bytes)."""
    return CachedSource(display, raw) if len(raw) <= plan_source.MAX_PLAN_BYTES else decode(display, raw)


def read_raw(path: Path, display: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UsageError(_("cannot read {display}: {strerror}").format(display=display, strerror=os_reason(exc))) from None


SlowRead = Callable[[str, int], AbstractContextManager[None]]


def _quietly(message: str, size: int) -> AbstractContextManager[None]:
    return nullcontext()


def open_plan(path: Path, display: str, *, require_valid: bool, slow: SlowRead | None = None,
              view: cache.DayView | None = None, pick: cache.Pick | None = None, quotas: bool = False) -> PlanFile:
    """Read the plan, from the cache when its bytes are the ones cached; refresh the cache otherwise.
    `slow(message, size)` is a context manager around a full read (the command's progress display).
    `view`: read from the cache, the plan may hold only what one day's agenda reads (cache.decoded), and
    its quotas are given their stored totals (store/quota_index.py); `quotas`: those totals without a view
    (a view of the whole plan that sums every quota: `status`, `report`).
    `pick`: read from the cache, the plan may hold only the items it picks (record.done_keep), and
    the file can still be written from (`index_of`)."""
    file = _open_plan(path, display, require_valid=require_valid, slow=slow, view=view, pick=pick)
    if (view is not None or quotas) and cache.enabled() and file.loaded.plan is not None and not file.loaded.errors:
        from planctl.store import quota_index

        quota_index.attach(path, file.key, file.loaded.plan,
                           file.parts.logs if file.parts is not None and not file.from_cache else None,
                           file.unchanged_since, lazy=view is not None)
    return file


def _open_plan(path: Path, display: str, *, require_valid: bool, slow: SlowRead | None,
               view: cache.DayView | None, pick: cache.Pick | None) -> PlanFile:
    before = cache.stat_before_read(path)
    raw = read_raw(path, display)
    key = cache.digest(raw)
    cache.note_read(path, before, key)  # the cache's base may then be known by its stat (cache.keep_base)
    index_missing = False
    if pick is not None and cache.enabled():
        picked, index_missing = _picked_from_index(path, display, raw, key, pick)
        if picked is not None:
            return picked
    payload = cache.read_payload(path) if cache.enabled() else None
    hit = pending = None
    if payload is not None:
        read_as = payload
        if cache.stored_key(payload) != key:  # after a `done` or `undo`: the edits since the cache was written
            from planctl.store import pending as pending_edits

            if (pending := pending_edits.read(path, key, payload)) is not None:
                read_as = pending_edits.applied(payload, pending)
        day_rows = None
        if view is not None:
            from planctl.store import day_index  # the rows of one day's agenda alone

            day_rows = day_index.plain_and_rows
        hit = cache.decoded(path, key, read_as, view, day_rows, pick)
    if hit is None and payload is not None and (again := _reread(path, display, raw, key, payload, view)) is not None:
        file = PlanFile(path, raw, key, again.loaded, True, None, again.seq_indent, again.parts)
        file.anchors_of = lambda: again.anchors  # moved when first asked for (a writer): increment.Reread
        file.reread, file.unchanged_since = True, again.unchanged_since
        return file
    if hit is not None:
        plan, problems, stored_anchors, seq_indent, parts = hit
        anchors: list[AnchorRow] | PendingAnchors = stored_anchors
        if pending is not None:
            from planctl.store.pending import PendingAnchors

            anchors = PendingAnchors(stored_anchors, pending)
        try:
            source = CachedSource(display, raw) if len(raw) <= plan_source.MAX_PLAN_BYTES else decode(display, raw)
        except SourceProblem:  # cannot happen for bytes that were cached; read them the long way
            pass
        else:
            plan.path = display
            located = cache.stored_located(source, problems)
            loaded = Loaded(source, plan, located)
            file = PlanFile(path, raw, key, loaded, True, anchors, seq_indent, parts)
            file.picked = pick is not None
            file.cache_base, file.pending = (pending.base, pending) if pending is not None else (key, None)
            file.base_payload, file.index_missing = payload, index_missing
            return file
    from planctl.format.loader import load_bytes
    with (slow or _quietly)(_("reading {display} ({size:,} KB)…").format(display=display, size=len(raw) // 1024), len(raw)):
        loaded = load_bytes(display, raw, fast=True)
    if loaded.errors or loaded.plan is None:
        if require_valid:
            raise PlanInvalid(loaded.source, loaded.errors)
        return PlanFile(path, raw, key, loaded, False)
    file = PlanFile(path, raw, key, loaded, False)
    if loaded.tree is not None:
        from planctl.store.writer import sequence_indent

        file.seq_indent = sequence_indent(loaded.tree, loaded.source.text)  # cache or not: new lists match the file
    save_cache(file)
    if file.parts is not None and file.parts.rows_blob is not None:
        from planctl.store import day_index  # for the next `due`, written with the cache

        day_index.remember(path, key, file.parts, blobs=view is not None)
    return file


def _picked_from_index(path: Path, display: str, raw: bytes, key: str,
                       pick: cache.Pick) -> tuple[PlanFile | None, bool]:
    """A writer's plan from the item index (store/item_index.py) and the pending edits since, holding the
    items `pick` picks (given the index's light rows); None when there is no index for these bytes, or
    the pick is every item. And whether the index was missing (or for other bytes)."""
    from planctl.store import item_index
    from planctl.store import pending as pending_edits

    index = item_index.read(path)
    if index is None:
        return None, True
    pending = None
    if index.key != key and (pending := pending_edits.read_for(path, key, index.key)) is None:
        return None, True
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        keep = pick(cache.Parts(index.head, index.light, [], [], None))
        if keep is None or len(keep) != len(index.blobs):
            return None, False
        got = item_index.picked(index, pending, keep)
        plan = cache.load_plan(display, got.parts, keep)
    finally:
        if gc_was_enabled:
            gc.enable()
    try:
        source = CachedSource(display, raw) if len(raw) <= plan_source.MAX_PLAN_BYTES else decode(display, raw)
    except SourceProblem:  # cannot happen for bytes that were cached; read them the long way
        return None, False
    file = PlanFile(path, raw, key, Loaded(source, plan, cache.stored_located(source, got.problems)), True, got.anchors,
                    got.seq_indent, got.parts)
    file.picked, file.places, file.span = True, got.places, index.span
    file.cache_base, file.pending = index.key, pending
    return file, False


def _reread(path: Path, display: str, raw: bytes, key: str, payload: object,
            view: cache.DayView | None = None) -> Reread | None:
    """The plan from the stale cache (store/increment.py): with the changes stored for these bytes,
    else read incrementally and those changes stored (or the cache written again); None: read it
    whole. A fault there costs only time: the whole read follows. `view`: as open_plan's."""
    from planctl.store import char_index, increment

    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        again = increment.from_delta(path, display, raw, key, payload, view, cached_source)
        if again is None and (again := increment.reread(path, display, raw, payload, view, cached_source)) is not None:
            if increment.save_delta(path, cache.stored_key(payload), key, again):
                again.settle()  # the cache stays, and so does its day index, with the rows read now
            elif cache.save(path, key, again.parts, again.loaded.problems, again.anchors, again.seq_indent) and (
                    counted := again.counted()) is not None:
                char_index.write(path, key, counted)  # the new base's, as the full read keeps it
        return again
    except Exception:  # noqa: BLE001 - never worse than a full read (tests/test_increment.py checks it is used)
        return None
    finally:
        if gc_was_enabled:
            gc.enable()


def as_from_cache(loaded: Loaded) -> None:
    """Let go of the YAML tree of a plan read whole, for a command that only reads it (a view): the
    plan is then what a plan read from the cache is (no tree, no item's `node`), and at 100,000 tasks
    the tree held some 300 MB beside what the view builds (issue 20: `log` and `list` went over 1 GB).
    Not for a plan with errors: their items are found by their nodes (commands/readable.py)."""
    if loaded.tree is None or loaded.plan is None or loaded.errors:
        return
    loaded.tree = None
    for item in loaded.plan.items():
        item.node = None


def save_cache(file: PlanFile) -> None:
    """Store the file's plan with every item's anchor (computed from the tree when there is one)."""
    loaded = file.loaded
    if loaded.errors or loaded.plan is None or not cache.enabled():
        return
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        if loaded.tree is not None:
            from planctl.store.writer import anchor_rows, sequence_indent

            text = loaded.source.text
            file.anchors = anchor_rows(text, [item.node for item in loaded.plan.items()])  # a plan without errors
            file.seq_indent = sequence_indent(loaded.tree, text)
        file.parts = parts = cache.dump(loaded.plan, file.parts)
        if cache.save(file.path, file.key, parts, loaded.problems, file.anchors, file.seq_indent):
            file.cache_base, file.pending = file.key, None
            from planctl.store import char_index

            char_index.keep(file.path, file.key, file.raw)  # for the first command after a pull (store/increment.py)
    finally:
        if gc_was_enabled:
            gc.enable()
