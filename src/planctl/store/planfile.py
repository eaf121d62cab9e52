"""A plan file as the commands see it: its bytes, the plan read from them (from the cache when the
bytes are unchanged), and, for writing, each item's anchor."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planctl.errors import PlanInvalid, Problem, UsageError
from planctl.format.loaded import Loaded
from planctl.format.source import Source, SourceProblem, decode
from planctl.model import Completion, Plan, Quota, Task
from planctl.store import cache

if TYPE_CHECKING:
    from planctl.store.writer import Anchor, Edit


class PlanFile:
    def __init__(self, path: Path, raw: bytes, key: str, loaded: Loaded, from_cache: bool,
                 anchors: list[tuple[Any, ...]] | None = None, seq_indent: int = 2, parts: cache.Parts | None = None) -> None:
        self.path = path
        self.raw = raw
        self.key = key
        self.loaded = loaded
        self.from_cache = from_cache
        self.anchors = anchors if anchors is not None else []  # Anchor fields, aligned with plan.items()
        self.seq_indent = seq_indent
        self.parts = parts  # the plan as the cache stores it, when it came from the cache or went to it
        self._index: dict[int, int] | None = None

    @property
    def plan(self) -> Plan:
        assert self.loaded.plan is not None
        return self.loaded.plan

    def index_of(self, item: Task | Quota) -> int:
        """The item's place in `plan.items()` (and so in `anchors` and the cache's lists)."""
        if self._index is None:
            self._index = {id(it): i for i, it in enumerate(self.plan.items())}
        return self._index[id(item)]

    def anchor(self, item: Task | Quota) -> Anchor:
        from planctl.store.writer import Anchor, anchor_of

        if item.node is not None:
            return anchor_of(self.loaded.source.text, item.node)
        return Anchor(*self.anchors[self.index_of(item)])


def read_raw(path: Path, display: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {display}: {exc.strerror}") from None


def open_plan(path: Path, display: str, *, require_valid: bool) -> PlanFile:
    """Read the plan, from the cache when its bytes are the ones cached; refresh the cache otherwise."""
    raw = read_raw(path, display)
    key = cache.digest(raw)
    hit = cache.load(path, key) if cache.enabled() else None
    if hit is not None:
        plan, problems, anchors, seq_indent, parts = hit
        try:
            source = decode(display, raw)
        except SourceProblem:  # cannot happen for bytes that were cached; read them the long way
            pass
        else:
            plan.path = display
            located = source.locate_all(problems)
            loaded = Loaded(source, plan, located)
            return PlanFile(path, raw, key, loaded, True, anchors, seq_indent, parts)
    from planctl.format.loader import load_bytes
    from planctl.output.spinner import working

    with working(f"reading {display} ({len(raw) // 1024:,} KB)…", len(raw)):
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
    return file


def save_cache(file: PlanFile) -> None:
    """Store the file's plan with every item's anchor (computed from the tree when there is one)."""
    loaded = file.loaded
    if loaded.errors or loaded.plan is None or not cache.enabled():
        return
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        if loaded.tree is not None:
            from planctl.store.writer import anchor_of, sequence_indent

            text = loaded.source.text
            file.anchors = [tuple(anchor_of(text, item.node)) for item in loaded.plan.items()]
            file.seq_indent = sequence_indent(loaded.tree, text)
        file.parts = parts = cache.dump(loaded.plan, file.parts)
        cache.save(file.path, file.key, parts, loaded.problems, file.anchors, file.seq_indent)
    finally:
        if gc_was_enabled:
            gc.enable()




def recorded(file: PlanFile, item: Task | Quota, entry: Completion, edit: Edit, item_anchor: Anchor,
             data: bytes, key: str, new_warnings: list[Problem]) -> None:
    """Bring the cache up to date after `edit` (which appended `entry` to `item`) was written as
    `data` (whose digest is `key`), without reading the file again: offsets after the edit move,
    the warnings the entry brings (`new_warnings`, located in the new text) join the plan's,
    the entry joins the item's log, and the item and the ancestors that ended where it ended now
    end after the new line. It works on the parts the cache was read from, not on the model:
    `done` writes one line and is finished, and the parts are all the cache needs."""
    parts = file.parts
    if parts is None or not file.anchors or not cache.enabled():
        return
    from planctl.store.writer import Anchor, end_of_line_after, shifted

    at, delta = edit.offset, len(edit.insert) - edit.remove
    for earlier in item.log:
        earlier.pos += delta if earlier.pos >= at else 0
    index = file.index_of(item)
    logs = [cache.shifted_log(log, at, delta) for log in parts.logs]
    logs[index] = cache.dump_log([*item.log, entry])
    positions = [offset + delta if offset >= at else offset for offset in parts.positions]
    # An item that ends (and would take a new `log:`) before the edit keeps its anchor: block items'
    # log offsets lie inside them, flow items' before their end.
    ends_stay = edit.insert.startswith(("\n", "\r\n"))
    anchors = [a if a[1] < at and a[8] < at else shifted(a, at, delta, ends_stay) for a in file.anchors]
    anchors[index] = tuple(item_anchor)
    ancestor = item.parent
    while ancestor is not None:  # an item ending where the edit ends now ends after it
        i = file.index_of(ancestor)
        before, outer = Anchor(*file.anchors[i]), Anchor(*anchors[i])
        if not outer.flow_item and outer.item_end <= item_anchor.item_end:
            outer = outer._replace(item_end=item_anchor.item_end)
            if before.new_log_at >= before.item_end:  # its new `log:` goes after its last line
                outer = outer._replace(new_log_at=end_of_line_after(file.loaded.source.text, edit, outer.item_end))
            anchors[i] = tuple(outer)
        ancestor = ancestor.parent
    new_parts = cache.Parts(cache.shifted_head(parts.head, at, delta), parts.rows, positions, logs, parts.rows_blob)
    cache.save(file.path, key, new_parts, _problems_after(file, edit, new_warnings), anchors, file.seq_indent)


def _problems_after(file: PlanFile, edit: Edit, new: list[Problem]) -> list[Problem]:
    """The plan's warnings after the edit: the old ones moved, and `new`, which the entry brings."""
    at, delta = edit.offset, len(edit.insert) - edit.remove
    moved = [p._replace(offset=p.offset + delta if p.offset >= at else p.offset) for p in file.loaded.problems]
    if not moved and not new:
        return []  # the usual case: no need to build the new text to place them
    old = file.loaded.source
    source = Source(old.path, edit.apply(old.text), has_bom=old.has_bom)
    return sorted(source.locate_all([*moved, *new]), key=lambda p: (p.offset, p.message))
