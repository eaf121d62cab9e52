"""A plan file as the commands see it: its bytes, the plan read from them (from the cache when the
bytes are unchanged), and, for writing, each item's anchor."""

from __future__ import annotations

import gc
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planctl import cache
from planctl.errors import PlanInvalid, UsageError
from planctl.loaded import Loaded
from planctl.model import Completion, Group, LazyLog, Plan, Quota, Task, Unit
from planctl.source import Source, SourceProblem, decode

if TYPE_CHECKING:
    from planctl.writer import Anchor, Edit


@dataclass
class PlanFile:
    path: Path
    raw: bytes
    key: str
    loaded: Loaded
    from_cache: bool
    anchors: list[tuple[Any, ...]] = field(default_factory=list)  # Anchor fields, aligned with plan.items()
    seq_indent: int = 2
    rows: list[tuple[Any, ...]] | None = None  # the cache's rows of this plan, reused when it is saved again

    @property
    def plan(self) -> Plan:
        assert self.loaded.plan is not None
        return self.loaded.plan

    def anchor(self, item: Task | Quota) -> Anchor:
        from planctl.writer import Anchor, anchor_of

        if item.node is not None:
            return anchor_of(self.loaded.source.text, item.node)
        index = next(i for i, it in enumerate(self.plan.items()) if it is item)
        return Anchor(*self.anchors[index])


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
            return PlanFile(path, raw, key, loaded, True, anchors, seq_indent, parts.rows)
    from planctl.loader import load_bytes
    from planctl.render.progress import working

    with working(f"reading {display} ({len(raw) // 1024:,} KB)…", len(raw)):
        loaded = load_bytes(display, raw, fast=True)
    if loaded.errors or loaded.plan is None:
        if require_valid:
            raise PlanInvalid(loaded.source, loaded.errors)
        return PlanFile(path, raw, key, loaded, False)
    file = PlanFile(path, raw, key, loaded, False)
    if loaded.tree is not None:
        from planctl.writer import sequence_indent

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
            from planctl.writer import anchor_of, sequence_indent

            text = loaded.source.text
            file.anchors = [tuple(anchor_of(text, item.node)) for item in loaded.plan.items()]
            file.seq_indent = sequence_indent(loaded.tree, text)
        parts = cache.dump(loaded.plan, file.rows)
        file.rows = parts.rows
        cache.save(file.path, file.key, parts, loaded.problems, file.anchors, file.seq_indent)
    finally:
        if gc_was_enabled:
            gc.enable()




def recorded(file: PlanFile, item: Task | Quota, entry: Completion, edit: Edit, item_anchor: Anchor,
             new_text: str, data: bytes) -> None:
    """Bring the cache up to date after `edit` (which appended `entry` to `item`) was written as
    `data`, without reading the file again: offsets after the edit move, the entry joins the log."""
    from planctl.writer import Anchor, end_of_line, shifted

    at, delta = edit.offset, len(edit.insert) - edit.remove
    plan = file.plan
    items = plan.items()
    for other in items:
        if other.pos >= at:
            other.pos += delta
        if isinstance(other.log, LazyLog):
            other.log.shift(at, delta)
        else:
            for earlier in other.log:
                if earlier.pos >= at:
                    earlier.pos += delta
    roster = plan.roster
    roster.people_pos = {k: v + delta if v >= at else v for k, v in roster.people_pos.items()}
    owners: list[Group | Unit] = [*roster.groups.values(), *roster.units().values()]
    for owner in owners:
        owner.pos += delta if owner.pos >= at else 0
        owner.member_pos = {k: v + delta if v >= at else v for k, v in owner.member_pos.items()}
    entry.pos = at + edit.insert.index("{date: ")
    item.log.append(entry)
    anchors = [shifted(a, at, delta) for a in file.anchors]
    if anchors:
        position = {id(it): i for i, it in enumerate(items)}
        anchors[position[id(item)]] = tuple(item_anchor)
        ancestor = item.parent
        while ancestor is not None:  # an item ending where the edit ends now ends after it
            i = position[id(ancestor)]
            before, outer = Anchor(*file.anchors[i]), Anchor(*anchors[i])
            if not outer.flow_item and outer.item_end <= item_anchor.item_end:
                outer = outer._replace(item_end=item_anchor.item_end)
                if before.new_log_at >= before.item_end:  # its new `log:` goes after its last line
                    outer = outer._replace(new_log_at=end_of_line(new_text, outer.item_end))
                anchors[i] = tuple(outer)
            ancestor = ancestor.parent
    old = file.loaded.source
    source = Source(old.path, new_text, data, old.has_bom)
    moved = [replace(p, offset=p.offset + delta if p.offset >= at else p.offset) for p in file.loaded.problems]
    new = []
    if isinstance(item, Quota):
        from planctl.validate import entry_warnings

        new = entry_warnings(item, entry)
    problems = sorted(source.locate_all([*moved, *new]), key=lambda p: (p.offset, p.message))
    file.raw, file.key, file.anchors = data, cache.digest(data), anchors
    file.loaded = Loaded(source, plan, problems)
    if anchors:
        save_cache(file)
