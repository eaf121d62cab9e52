"""Recording one completion in a plan file: where its line goes, how that is verified, and the
cache brought up to date after the write.

`splice_entry` chooses between the three ways to verify the new line, cheapest first:
1. the line lands right under the item's own last entry line, in planctl's one-line form, and
   reads back as the entry with the fast log reader (writer.verified_as_next_line);
2. the item's own lines, read back with YAML, are the item plus the entry
   (writer.verified_locally);
3. the whole new text, read back, is the old plan plus the entry in this item's log
   (writer.verified), with the item's place taken from the YAML tree, not from the cache.
1 and 2 need the item's anchor: the cache's, or on a plan just read whole (a cold `done`), its YAML
tree's, so a cold `done` never holds a second whole plan (at 100,000 tasks that doubled its memory).
Each also confirms the line lands under the item it is for (a wrong anchor falls through to 3), and
when neither can judge, a plan read from the cache is read the long way.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from planctl.errors import Problem, WriteRefused
from planctl.format.dates import Window
from planctl.format.loaded import Loaded
from planctl.format.source import PlanInvalid, Source
from planctl.format.units import HOURS
from planctl.i18n import _
from planctl.model import Completion, Item
from planctl.store import cache
from planctl.store.planfile import CachedSource, PlanFile, save_cache
from planctl.store.writer import (
    Anchor,
    Edit,
    end_of_line_after,
    insertion_at,
    shifted_row,
    shifted_rows,
    verified,
    verified_as_next_line,
    verified_locally,
)


class Spliced(NamedTuple):
    """The line spliced in and verified, not yet written."""

    file: PlanFile  # the file as read (read the long way when the quick checks could not judge)
    item: Item  # the item in `file`'s plan
    edit: Edit
    data: bytes  # the whole new file
    anchor: Anchor | None  # the item's anchor in the new text, when a quick check judged
    reloaded: Loaded | None  # the new text read whole, when it was
    key: str  # the digest of `data` (cache.digest): the journal's and the new cache's key, computed once
    text: str  # the old text, or a prefix of it holding the edit and the line after it (`text_for`)


def splice_entry(file: PlanFile, item: Item, entry: Completion) -> Spliced:
    """Append `entry` to `item`'s log in `file` and verify the result. WriteRefused when the edited
    plan would not be the old plan plus the entry; PlanInvalid when the file does not read."""
    source = file.loaded.source
    expected_log = [*item.log, entry]
    if file.from_cache or item.node is not None:  # the file was valid (as the cache says, or read whole just now):
        anchor = file.anchor(item)  # check what the edit adds; a cold read's anchor is its YAML tree's
        text = text_for(source, anchor)
        edit = insertion_at(text, anchor, item, entry, _newline(text), file.seq_indent)
        local = verified_as_next_line(source, edit, item, anchor, entry, text) \
            or _verified_locally(file, edit, item, anchor, expected_log)
        if local is not None:
            return Spliced(file, item, edit, local[0], local[1], None, cache.digest(local[0]), text)
        if file.from_cache:
            file, item = full_read(file, item)  # the item's lines alone did not tell: read it all
    edit = insertion_at(file.loaded.source.text, file.anchor(item), item, entry, source.newline, file.seq_indent)
    reloaded, data = verified(file.loaded, edit, item, [*item.log, entry])
    return Spliced(file, item, edit, data, None, reloaded, cache.digest(data), file.loaded.source.text)


def text_for(source: Source, anchor: Anchor) -> str:
    """The text `done` splices into at `anchor`: `source.text`, or for a plan read from the cache a prefix
    of it (CachedSource.head) that holds every offset of the anchor, the line break ending the line of
    the last of them and a character after it. On such a prefix, everything insertion_at and
    verified_as_next_line look at (back from an offset, forward to the end of its line, whether the
    insertion ends the file) is what it is on the whole text; a prefix that cannot hold that is the whole."""
    if not isinstance(source, CachedSource):
        return source.text
    last = max(anchor.item_end, anchor.log_key_end, anchor.log_start, anchor.log_end, anchor.new_log_at)
    chars = last + 256
    while True:
        text = source.head(chars)
        line_end = text.find("\n", last)
        if len(text) < chars or (line_end != -1 and line_end + 1 < len(text)):
            return text
        chars *= 2


def _newline(text: str) -> str:
    """Source.newline of a text of which `text` is a prefix holding a line break (text_for's)."""
    first = text.find("\n")
    return "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"


def done_keep(parts: cache.Parts, query: str) -> list[bool] | None:
    """Which items (in plan.items() order) `done` on `query` reads from the cache (cache.decoded's
    `pick`): every item `status/lookup.find_item` could answer with (the first whose id or outline is
    `query`, else every one whose id or outline is it in another case or whose title holds it), with
    their parents up to the phase and every item below them (closing sub-tasks, a parent's state, `per`
    shares), and, when one is a quota counted in
    hours, every such quota and its parents (a person's day over 24 hours is counted across quotas).
    None (read them all) when nothing matches (the did-you-mean lists every item) or a task waits for
    another or is dated from one (those read other items by id, as cache.day_keep)."""
    rows = parts.rows
    text = query.strip()
    lowered = text.casefold()
    named = next((i for i, row in enumerate(rows) if row[1] == text or row[8] == text), None)  # id, outline
    matches = [named] if named is not None else \
        [i for i, row in enumerate(rows) if lowered and (lowered in row[2].casefold() or  # title, id, outline
                                                         lowered in (row[1].casefold(), row[8].casefold()))]
    if not matches or any(row[0] == "t" and (row[14] is not None or row[15] is not None) for row in rows):
        return None  # a TaskRow's `after` and `relative`
    keep = [False] * len(rows)
    for i in matches:
        _keep_below(rows, keep, i)
    if any(rows[i][0] == "q" and rows[i][10] == HOURS for i in matches):  # a QuotaRow's unit
        for i, row in enumerate(rows):
            if row[0] == "q" and row[10] == HOURS:
                keep[i] = True
    for i in [i for i, kept in enumerate(keep) if kept]:
        parent = rows[i][3]
        while parent >= 0 and not keep[parent]:
            keep[parent] = True
            parent = rows[parent][3]
    return keep


def _keep_below(rows: list[tuple[object, ...]], keep: list[bool], top: int) -> None:
    """Mark `top` and every item below it: in plan.items() order they follow it, each under one already
    marked (a task, its quotas, then its sub-tasks, depth first), up to the first that is not."""
    below = {top}
    keep[top] = True
    for i in range(top + 1, len(rows)):
        if rows[i][3] not in below:
            break
        below.add(i)
        keep[i] = True


def plan_span(file: PlanFile) -> Window | None:
    """The plan's span (model.Plan.span): from the cache's rows when the plan holds only some items."""
    plan, parts = file.plan, file.parts
    if file.sparse:  # read from the item index, which keeps the span
        return None if file.span is None else Window(date.fromordinal(file.span[0]), date.fromordinal(file.span[1]))
    if not plan.partial or parts is None:
        return plan.span()
    windows = [row[7] for row in parts.rows if row[7] is not None]  # TaskRow's and QuotaRow's window, as ordinals
    if not windows:
        return None
    return Window(date.fromordinal(min(w[0] for w in windows)), date.fromordinal(max(w[1] for w in windows)))


def _verified_locally(file: PlanFile, edit: Edit, item: Item, anchor: Anchor,
                      expected_log: list[Completion]) -> tuple[bytes, Anchor] | None:
    """The item's own lines read back, or None when they cannot tell (e.g. tasks in `[…]`)."""
    try:
        return verified_locally(file.loaded.source, edit, item, anchor, expected_log, file.plan.year)
    except WriteRefused:
        return None


def full_read(file: PlanFile, item: Item) -> tuple[PlanFile, Item]:
    """The same file read the long way, with its YAML tree, and the item in it: at the same place
    in the outline when its id is there too (ids are unique in a valid plan), else by its id."""
    from planctl.format.loader import load_bytes

    loaded = load_bytes(file.loaded.source.path, file.raw, fast=True)
    if loaded.errors or loaded.plan is None:
        raise PlanInvalid(loaded.source, loaded.errors)
    full = PlanFile(file.path, file.raw, file.key, loaded, False, seq_indent=file.seq_indent)
    items, index = full.plan.items(), file.index_of(item)
    same = items[index] if index < len(items) and items[index].id == item.id else full.plan.find(item.id)
    if same is None:
        raise WriteRefused(_("cannot find '{id}' in {path}; nothing was written").format(id=item.id, path=file.loaded.source.path))
    return full, same


def refresh_cache(spliced: Spliced, entry: Completion, key: str, new_warnings: list[Problem]) -> None:
    """Bring the cache up to date after `spliced` was written (its bytes' digest is `key`): from the
    new text read whole when it was, else from the parts the cache was read from (`_moved_parts`)."""
    file = spliced.file
    if spliced.anchor is not None:
        at, delta = spliced.edit.offset, len(spliced.edit.insert) - spliced.edit.remove
        for earlier in spliced.item.log:
            earlier.pos += delta if earlier.pos >= at else 0
        save_moved_parts(file, spliced.item, [*spliced.item.log, entry], spliced.edit, spliced.anchor, key,
                         new_warnings, index_for_next=True)
    elif spliced.reloaded is not None:
        save_cache(PlanFile(file.path, spliced.data, key, spliced.reloaded, False))


def save_moved_parts(file: PlanFile, item: Item, log: list[Completion], edit: Edit, item_anchor: Anchor, key: str,
                     new_warnings: list[Problem], index_for_next: bool = False) -> None:
    """The cache after `edit`, which appended an entry to `item`'s log (`done`) or removed its last
    entry line (`undo`), without reading the file again: `log` is the item's log after it (offsets
    in the new text). Offsets after the edit move, warnings located in removed text go, the warnings
    a new entry brings (`new_warnings`, located in the new text) join the plan's, and the item and
    the ancestors that ended where it ended now end where it ends. It works on the parts the cache
    was read from, not on the model: `done` writes one line and is finished, and the parts are all
    the cache needs. When those parts are the cache file's, the edit joins its pending edits
    (store/pending.py) instead of the whole cache being written again. `index_for_next` (`done`): when
    this is the second `done` or more since the cache was written and there is no item index for it,
    write it, for the `done`s that follow (a single `done` between two reads does not pay for it)."""
    parts = file.parts
    if parts is None or not file.has_anchors() or not cache.enabled():
        return
    at, delta = edit.offset, len(edit.insert) - edit.remove
    ends_stay = edit.insert.startswith(("\n", "\r\n"))
    index = file.index_of(item)
    logs = {index: cache.dump_log(log)}
    anchors = {index: tuple(item_anchor), **_ancestors_after(file, item, edit, item_anchor, ends_stay)}
    problems = _problems_after(file, edit, new_warnings)
    if file.cache_base is not None:
        from planctl.store import pending

        following = pending.after(file.pending, file.cache_base, key, (at, delta, ends_stay), logs, anchors,
                                  [cache.dump_problem(p) for p in problems], file.seq_indent)
        if pending.store(file.path, following):
            if index_for_next and file.index_missing and file.pending is not None:
                _write_item_index(file)
            return
    whole = _whole(file)
    if whole is None:
        return
    parts, old_anchors = whole
    moved_logs = cache.shifted_logs(parts.logs, at, delta)
    positions = [offset + delta if offset >= at else offset for offset in parts.positions]
    moved_anchors = shifted_rows(old_anchors, at, delta, ends_stay=ends_stay)
    for i, log_row in logs.items():
        moved_logs[i] = log_row
    for i, row in anchors.items():
        moved_anchors[i] = row
    new_parts = cache.Parts(cache.shifted_head(parts.head, at, delta), parts.rows, positions, moved_logs,
                            parts.rows_blob)
    cache.save(file.path, key, new_parts, problems, moved_anchors, file.seq_indent)


def _whole(file: PlanFile) -> tuple[cache.Parts, list[tuple[object, ...]]] | None:
    """The parts and anchors of every item of `file`'s plan: its own, or for a plan read from the item
    index, the cache's (with the pending edits it was read through); None when the cache is not for it."""
    if not file.sparse:
        assert file.parts is not None
        return file.parts, file.anchors
    from planctl.store import pending as pending_edits

    payload = cache.read_payload(file.path)
    if payload is None or cache.stored_key(payload) != file.cache_base:
        return None
    parts, _, anchors, _ = cache.stored_parts(payload)
    if file.pending is None:
        return parts, anchors
    moved = pending_edits.applied(payload, file.pending)
    return cache.Parts(moved[4], parts.rows, moved[6], moved[7], parts.rows_blob), \
        pending_edits.PendingAnchors(anchors, file.pending).whole()


def _write_item_index(file: PlanFile) -> None:
    """The item index (store/item_index.py) of the cache `file` was read from, for the next writer."""
    from planctl.store import item_index

    payload, parts = file.base_payload, file.parts
    if payload is None or parts is None:
        return
    _, _, _, key, head, rows_blob, positions, logs, problem_rows, anchors, seq_indent = payload
    problems = [Problem(o, m, s, line, col) for o, m, s, line, col in problem_rows]
    stored = cache.Parts(head, parts.rows, positions, logs, rows_blob)  # the rows: no edit changes them
    item_index.write(file.path, key, stored, problems, anchors, seq_indent)


def _ancestors_after(file: PlanFile, item: Item, edit: Edit, item_anchor: Anchor,
                     ends_stay: bool) -> dict[int, tuple[object, ...]]:
    """The anchors (by place in plan.items()) of `item`'s ancestors that `edit` changes otherwise than by
    moving them: one ending where the item ended now ends where it ends (writer.shifted_row moves the rest)."""
    at, delta = edit.offset, len(edit.insert) - edit.remove
    changed: dict[int, tuple[object, ...]] = {}
    ancestor = item.parent
    while ancestor is not None:
        i = file.index_of(ancestor)
        stored = file.anchor_row(i)
        before, outer = Anchor._make(stored), Anchor._make(shifted_row(stored, at, delta, ends_stay))
        ended_in_removed = edit.remove and at <= before.item_end < at + edit.remove
        if not outer.flow_item and (ended_in_removed or (not edit.remove and outer.item_end <= item_anchor.item_end)):
            outer = outer._replace(item_end=item_anchor.item_end)
            if before.new_log_at >= before.item_end:  # its new `log:` goes after its last line
                outer = outer._replace(new_log_at=end_of_line_after(file.loaded.source.text, edit, outer.item_end))
            changed[i] = tuple(outer)
        ancestor = ancestor.parent
    return changed


def _problems_after(file: PlanFile, edit: Edit, new: list[Problem]) -> list[Problem]:
    """The plan's warnings after the edit: the old ones moved, and `new`, which the entry brings."""
    at, delta = edit.offset, len(edit.insert) - edit.remove
    moved = [p._replace(offset=p.offset + delta if p.offset >= at else p.offset) for p in file.loaded.problems
             if not at <= p.offset < at + edit.remove]  # a warning of removed text goes with it
    if not moved and not new:
        return []  # the usual case: no need to build the new text to place them
    old = file.loaded.source
    placed = _located_after(_text_through_edit(old, edit), edit, [*moved, *new])
    if placed is None:  # a warning not located before: place them all in the new text
        source = Source(old.path, edit.apply(old.text), has_bom=old.has_bom)
        placed = source.locate_all([*moved, *new])
    return sorted(placed, key=lambda p: (p.offset, p.message))


def _text_through_edit(source: Source, edit: Edit) -> str:
    """The text of `source`, or for a plan read from the cache a prefix of it holding the edit and the
    line break ending the line it ends on (the whole text when that line is the last)."""
    end = edit.offset + edit.remove
    if not isinstance(source, CachedSource):
        return source.text
    chars = end + 256
    while True:
        text = source.head(chars)
        if len(text) < chars or text.find("\n", end) != -1:
            return text
        chars *= 2


def _located_after(text: str, edit: Edit, problems: list[Problem]) -> list[Problem] | None:
    """`problems` (offsets in the text after `edit`; `text` is the text before it, or a prefix of it from
    `_text_through_edit`) with their lines and columns in the new text, without making the new text (at
    100,000 tasks it took 200 MB): the lines from the one the edit starts on to the one it ends on are
    placed anew, a warning above them keeps its place and one below moves by the lines the edit adds.
    None when one outside those lines was never located (line 0)."""
    at, end = edit.offset, edit.offset + edit.remove
    first = text.rfind("\n", 0, at) + 1
    last = text.find("\n", end)
    at_the_end = last == -1  # the edit is on the text's last line: its end is placed here too
    last = len(text) if at_the_end else last + 1
    lines = text[first:at] + edit.insert + text[end:last]  # those lines in the new text, from `first`
    first_line = text.count("\n", 0, first) + 1
    added = edit.insert.count("\n") - text.count("\n", at, end)
    placed = []
    for problem in problems:
        inside = problem.offset - first
        if 0 <= inside < len(lines) + at_the_end:
            line = first_line + lines.count("\n", 0, inside)
            placed.append(problem._replace(line=line, column=inside - lines.rfind("\n", 0, inside)))
        elif not problem.line:
            return None
        else:
            placed.append(problem if inside < 0 else problem._replace(line=problem.line + added))
    return placed
