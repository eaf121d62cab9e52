"""Splicing one completion line into a plan's text, at positions from the same parse, then verifying it.

Nothing is re-dumped: the new text is the old text with one insertion (or, for `undo`, one
deletion), and it is re-read and compared with the plan expected before anyone writes it: the
item's own lines when the cache says where they are (`verified_locally`), else the whole file. In
the usual case, a line under one of planctl's own entry lines, the new line alone is read back
(`verified_as_next_line`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import zip_longest
from typing import Any, NamedTuple

from planctl import clock
from planctl.errors import Problem, WriteRefused
from planctl.format.loaded import Loaded
from planctl.format.source import BOM, Source
from planctl.format.yamltext import flow_mapping, number, scalar
from planctl.format.yamltree import MAP, SCALAR, SEQ, Node
from planctl.i18n import _
from planctl.model import Completion, Item, Plan, Quota, Task


class Edit(NamedTuple):
    """Replace `remove` characters at `offset` with `insert` (offsets in the BOM-less text)."""

    offset: int
    remove: int
    insert: str

    def apply(self, text: str) -> str:
        return text[: self.offset] + self.insert + text[self.offset + self.remove :]


def spliced_bytes(source: Source, edit: Edit, text: str | None = None) -> bytes:
    """The file's bytes after the edit: its old bytes around the new text (encoding the whole text
    again costs more than the rest of `done` on a large plan). `text`: source.text, or a prefix of it
    that holds the edit (record.text_for)."""
    if text is None:
        text = source.text
    if not source.raw:  # a source made from text alone
        return ((BOM if source.has_bom else "") + edit.apply(text)).encode("utf-8")
    start = len(text[: edit.offset].encode("utf-8")) + (len(BOM.encode("utf-8")) if source.has_bom else 0)
    end = start + len(text[edit.offset : edit.offset + edit.remove].encode("utf-8"))
    raw = memoryview(source.raw)  # the new bytes copied once, not each slice first
    return b"".join((raw[:start], edit.insert.encode("utf-8"), raw[end:]))


def entry_text(entry: Completion) -> str:
    pairs = [("date", entry.date.isoformat())]
    if entry.occurrence is not None:  # done ahead for a named occurrence (`done --for`)
        pairs.append(("occurrence", entry.occurrence.isoformat()))
    if entry.by is not None:
        pairs.append(("by", scalar(entry.by)))
    if entry.unit is not None:
        pairs.append(("unit", scalar(entry.unit)))
    if entry.amount is not None:
        pairs.append(("amount", number(entry.amount)))
    if entry.note:
        pairs.append(("note", scalar(entry.note)))
    if entry.at is not None:
        pairs.append(("at", clock.stamp_text(entry.at)))
    return flow_mapping(pairs)


# --- where things are in the text ------------------------------------------------------------


def column(text: str, offset: int) -> int:
    return offset - (text.rfind("\n", 0, offset) + 1)


def end_of_line(text: str, offset: int) -> int:
    """The offset just after the line break ending the line that holds `offset` (or the text's end)."""
    at = text.find("\n", offset)
    return len(text) if at == -1 else at + 1


def end_of_line_after(text: str, edit: Edit, offset: int) -> int:
    """`end_of_line(edit.apply(text), offset)` for an offset into the new text, without building it."""
    at, insert = edit.offset, edit.insert
    if offset < at:
        end = end_of_line(text, offset)
        if end <= at and text[end - 1 : end] == "\n":  # the line ends before the edit
            return end
        offset = at
    if offset < at + len(insert):
        newline = insert.find("\n", offset - at)
        if newline != -1:
            return at + newline + 1
        offset = at + len(insert)
    delta = len(insert) - edit.remove
    return end_of_line(text, offset - delta) + delta


def content_end(text: str, node: Node) -> int:
    """Where a node's own text ends: the end of its last scalar or flow node.

    A block collection's end mark lies past trailing blank lines and comments, so it is not used.
    """
    while node.kind in (MAP, SEQ) and not node.flow and node.value:
        last = node.value[-1]
        node = last[1] if node.kind == MAP else last
    end = node.end
    if node.kind == SCALAR and text[node.start : node.start + 1] in ("|", ">"):
        end = len(text[:end].rstrip())  # a block scalar's end includes the blank lines after it
    return end


def sequence_indent(root: Node, text: str) -> int:
    """How far this file indents a block list under its key (0 for `key:\\n- item`), 2 if it has none."""
    stack = [root]
    while stack:
        node = stack.pop()
        if node.kind == MAP:
            for key, value in node.pairs():
                if value.kind == SEQ and not value.flow and value.value:
                    return column(text, value.start) - column(text, key.start)
                stack.append(value)
        elif node.kind == SEQ:
            stack.extend(node.value)
    return 2


# --- the edits -------------------------------------------------------------------------------

NO_LOG, BLOCK_LOG, FLOW_LOG, EMPTY_FLOW_LOG, BARE_LOG, NULL_LOG, OTHER_LOG = (
    "none", "block", "flow", "flow-empty", "bare", "null", "other")


class Anchor(NamedTuple):
    """Where an item's log is, or where it would go: all `planctl done` needs to splice a line.

    Taken from the parse (`anchor_of`) or from the cache, so a large plan need not be parsed.
    Offsets are into the BOM-less text; `key_col` is a column.
    """

    flow_item: bool  # the item is a flow mapping {…}
    item_end: int  # block: where the item's own text ends; flow: the end of its last value
    key_col: int  # block: the column of the item's keys
    log_kind: str
    log_key_start: int  # the `log` key, -1 without one
    log_key_end: int
    log_start: int  # the log's value
    log_end: int  # block: where its last entry ends; flow: where to insert; null: the scalar's end
    new_log_at: int  # block item without a log: the line start where `log:` goes

    def shifted(self, at: int, delta: int, ends_stay: bool = False) -> Anchor:
        """This anchor after `delta` characters were inserted (or removed) at offset `at` (see `shifted_row`)."""
        return Anchor._make(shifted_row(self, at, delta, ends_stay))


AnchorRow = tuple[Any, ...]  # an Anchor's fields as the cache stores them (marshal stores no classes)
_OFFSETS = tuple(Anchor._fields.index(name) for name in
                 ("item_end", "log_key_start", "log_key_end", "log_start", "log_end", "new_log_at"))
_ITEM_END, _NEW_LOG_AT = Anchor._fields.index("item_end"), Anchor._fields.index("new_log_at")


def shifted_row(row: AnchorRow, at: int, delta: int, ends_stay: bool = False) -> AnchorRow:
    """An anchor's fields after `delta` characters were inserted (or removed) at offset `at`.

    An offset past `at` moves; one equal to `at` moves too, except `new_log_at` (a new `log:` of
    the item just before the edit still goes where the edit began) and, with `ends_stay` (the
    insertion begins with a line break, at the end of a file without one), every offset, since
    it is where the text before the insertion ends. Works on rows, positions taken from the
    field names: making an Anchor of each would cost a large plan's `done` more than the rest.
    """
    values = list(row)
    for i in _OFFSETS:
        offset = values[i]
        if offset > at or (offset == at and i != _NEW_LOG_AT and not ends_stay):
            values[i] = offset + delta
    return tuple(values)


def shifted_rows(rows: list[AnchorRow], at: int, delta: int, ends_stay: bool) -> list[AnchorRow]:
    """`shifted_row` over every stored anchor of a plan. An item that ends, and would take a new
    `log:`, before the edit keeps its anchor: block items' log offsets lie inside them, flow items'
    before their end."""
    item_end, new_log_at = _ITEM_END, _NEW_LOG_AT
    if _OFFSETS != (1, 4, 5, 6, 7, 8) or new_log_at != len(Anchor._fields) - 1:  # pragma: no cover - fields moved
        return [row if row[item_end] < at and row[new_log_at] < at else shifted_row(row, at, delta, ends_stay)
                for row in rows]
    edge = at if ends_stay else at - 1  # an offset past it moves (new_log_at: one past `at`), as in shifted_row
    out: list[AnchorRow] = []
    append = out.append
    for row in rows:  # shifted_row's rule, spelt out for the fields: 10,000 rows of a large plan, each `done`
        flow, end, col, kind, key_start, key_end, start, log_end, new_log = row
        if end < at and new_log < at:
            append(row)
            continue
        append((flow, end + delta if end > edge else end, col, kind,
                key_start + delta if key_start > edge else key_start, key_end + delta if key_end > edge else key_end,
                start + delta if start > edge else start, log_end + delta if log_end > edge else log_end,
                new_log + delta if new_log > at else new_log))
    return out


def anchor_of(text: str, node: Node) -> Anchor:
    return Anchor._make(anchor_row(text, node))


def anchor_row(text: str, node: Node) -> AnchorRow:
    """`anchor_of` as the cache stores it, a plain tuple (a large plan's cold read makes one for every item)."""
    flow = node.flow
    log_key = log_value = None
    if node.kind == MAP:  # _log_pair
        for key, value in node.value:
            if key.value == "log":
                log_key, log_value = key, value
                break
    if flow:  # after the last value, so a trailing comma stays where it is: {id: a, title: A, log: […],}
        item_end = node.value[-1][1].end if node.value else node.start + 1
        key_col = 0
    elif log_value is not None and log_value is node.value[-1][1] and log_value.kind == SEQ and not log_value.flow \
            and log_value.value:
        item_end = content_end(text, log_value)  # a block log last (the usual item): where the item ends too
        key_col = column(text, node.value[0][0].start)
    else:
        item_end = content_end(text, node)
        key_col = column(text, node.value[0][0].start) if node.value else 0
    if log_value is None or log_key is None:
        return (flow, item_end, key_col, NO_LOG, -1, -1, -1, -1, _new_log_at(text, node, item_end))
    key_start, key_end, kind = log_key.start, log_key.end, log_value.kind
    if kind == SEQ and log_value.flow:
        if not log_value.value:
            return (flow, item_end, key_col, EMPTY_FLOW_LOG, key_start, key_end, log_value.start, log_value.start + 1, -1)
        return (flow, item_end, key_col, FLOW_LOG, key_start, key_end, log_value.start, log_value.value[-1].end, -1)
    if kind == SEQ:
        log_end = item_end if not flow and log_value is node.value[-1][1] else content_end(text, log_value)
        return (flow, item_end, key_col, BLOCK_LOG, key_start, key_end, log_value.start, log_end, -1)
    log_kind = OTHER_LOG
    if kind == SCALAR:
        log_kind = BARE_LOG if log_value.start == log_value.end else NULL_LOG
    return (flow, item_end, key_col, log_kind, key_start, key_end, log_value.start, log_value.end, -1)


def anchor_rows(text: str, nodes: Iterable[Node]) -> list[AnchorRow]:
    """`anchor_row` of each item node of a plan read without errors, so without a duplicate key (YAML's reader
    refuses one). The usual item, a block mapping whose last key is its block log, is spelt out here: a large
    plan's cold read makes 100,000 rows, and `anchor_row` looks for the `log` key from the first."""
    rows: list[AnchorRow] = []
    append, rfind = rows.append, text.rfind
    for node in nodes:
        pairs = node.value
        if node.kind == MAP and not node.flow and pairs:
            key, log = pairs[-1]
            if key.value == "log" and log.kind == SEQ and not log.flow and log.value:
                last = log.value[-1]  # content_end(text, log), which starts there
                end = last.end if last.flow and last.kind != SCALAR else content_end(text, last)
                first = pairs[0][0].start
                append((False, end, first - (rfind("\n", 0, first) + 1), BLOCK_LOG, key.start, key.end, log.start, end,
                        -1))
                continue
        append(anchor_row(text, node))
    return rows


def _new_log_at(text: str, node: Node, item_end: int) -> int:
    """Where a block item's new `log:` lines go: after its last line; but before the item's last key when
    its text ends in a block scalar (`note: |`, its own or a sub-task's) that a line after it would change:
    one ending the file without a line break, or one keeping its trailing blank lines (`|+`, `>+`), whose
    text they are."""
    if node.flow or not node.value:
        return -1
    after = end_of_line(text, item_end)
    last = _last_block_scalar(text, node)
    if last is not None and (after == len(text) and not text.endswith("\n") or _keeps_trailing_lines(text, last)):
        return text.rfind("\n", 0, node.value[-1][0].start) + 1
    return after


def _last_block_scalar(text: str, node: Node) -> Node | None:
    """The block scalar (`|`, `>`) a block node's text ends in, or None."""
    while node.kind in (MAP, SEQ) and not node.flow and node.value:
        last = node.value[-1]
        node = last[1] if node.kind == MAP else last
    return node if node.kind == SCALAR and text[node.start : node.start + 1] in ("|", ">") else None


def _keeps_trailing_lines(text: str, scalar: Node) -> bool:
    """A block scalar with the keep indicator (`|+`, `>+`, `|2+`): its trailing blank lines are its text
    (YAML 1.2 §8.1.1.2)."""
    header = text[scalar.start : end_of_line(text, scalar.start)].split("#", 1)[0]
    return "+" in header


def insertion(text: str, root: Node, item: Item, entry: Completion, newline: str) -> Edit:
    """The edit that appends `entry` to `item`'s log, in the style around it."""
    return insertion_at(text, anchor_of(text, item.node), item, entry, newline, sequence_indent(root, text))


def insertion_at(text: str, anchor: Anchor, item: Item, entry: Completion, newline: str, seq_indent: int) -> Edit:
    line = entry_text(entry)
    kind = anchor.log_kind
    if kind == NO_LOG:
        if anchor.flow_item:
            return Edit(anchor.item_end, 0, f", log: [{line}]")
        indent = " " * anchor.key_col
        item_indent = " " * (anchor.key_col + seq_indent)
        return _new_lines(text, anchor.new_log_at, [f"{indent}log:", f"{item_indent}- {line}"], newline)
    if kind == EMPTY_FLOW_LOG:
        return Edit(anchor.log_end, 0, line)
    if kind == FLOW_LOG:
        return Edit(anchor.log_end, 0, f", {line}")
    if kind == BLOCK_LOG:
        indent = " " * column(text, anchor.log_start)
        return _new_lines(text, end_of_line(text, anchor.log_end), [f"{indent}- {line}"], newline)
    if kind == BARE_LOG:  # `log:` with nothing after it
        item_indent = " " * (column(text, anchor.log_key_start) + seq_indent)
        return _new_lines(text, end_of_line(text, anchor.log_key_end), [f"{item_indent}- {line}"], newline)
    if kind == NULL_LOG:  # `log: ~`: read as no entries, but done only adds lines (undo takes back what it added)
        raise WriteRefused(_("the log of '{id}' is written as '{value}' (nothing); done only adds lines, so write "
                             "'log:' with nothing after it (or leave the key out), then run done again").format(
                               id=item.id, value=text[anchor.log_start:anchor.log_end]))
    raise WriteRefused(_("the log of '{id}' is not a list; fix it by hand").format(id=item.id))


def _log_pair(node: Node) -> tuple[Node | None, Node | None]:
    for key, value in node.pairs():
        if key.value == "log":
            return key, value
    return None, None


def _new_lines(text: str, offset: int, lines: list[str], newline: str) -> Edit:
    """Whole new lines at a line start; at the end of a file without a final newline, keep it without.
    The new lines end as the line they follow does (a file mixing LF and CRLF gets no third style
    next to a line); `newline` (the file's first ending) where no line ends before them."""
    if offset == len(text) and text and not text.endswith("\n"):
        return Edit(offset, 0, "".join(newline + line for line in lines))
    if offset > 0 and text[offset - 1] == "\n":
        newline = "\r\n" if text[offset - 2 : offset] == "\r\n" else "\n"
    return Edit(offset, 0, "".join(line + newline for line in lines))


def removal(text: str, item: Item, entry: Completion, created_log: bool | None = None) -> Edit:
    """The edit that deletes `entry`: its line (in a flow log, the entry and one comma), and when it is
    the log's only entry and `done` wrote the `log` key with it (`created_log`), that key too: the
    `log:` line, or a flow-mapping item's `, log: […]`. With `created_log` None (not known), a `log:`
    line left with nothing under it goes, and a flow log stays as `[]`."""
    log_key, log_value = _log_pair(item.node)
    if log_value is not None and log_value.kind == SEQ and log_value.flow:
        whole = _created_flow_log(text, item, log_value) if created_log and len(log_value.value) == 1 else None
        return whole or _flow_removal(text, item, log_value, entry)
    if log_value is None or log_value.kind != SEQ:
        raise WriteRefused(_("the entry is not on a line of its own in '{id}''s log; remove it by hand").format(id=item.id))
    start = text.rfind("\n", 0, entry.pos) + 1
    if text[start:entry.pos].strip() != "-":
        raise WriteRefused(_("the entry is not on a line of its own in '{id}''s log; remove it by hand").format(id=item.id))
    end = end_of_line(text, entry.pos)
    if len(item.log) == 1 and log_key is not None and created_log is not False:
        key_line = text.rfind("\n", 0, log_key.start) + 1
        if text[key_line:log_key.start].strip() == "" and text[log_key.end:start].strip() in (":", ""):
            start = key_line
    if end == len(text) and not text.endswith("\n") and start > 0:
        start -= 2 if text[start - 2 : start] == "\r\n" else 1  # keep the file without a final newline
    return Edit(start, end - start, "")


def _created_flow_log(text: str, item: Item, log_value: Node) -> Edit | None:
    """`, log: […]` as `done` appends it to a flow-mapping item, when it is still the item's last pair."""
    pairs = item.node.pairs()
    if not item.node.flow or len(pairs) < 2 or pairs[-1][1] is not log_value:
        return None
    start = pairs[-2][1].end
    if text[start : pairs[-1][0].start] != ", ":
        return None
    return Edit(start, log_value.end - start, "")


def _flow_removal(text: str, item: Item, log_value: Node, entry: Completion) -> Edit:
    nodes = log_value.value
    index = next((i for i, node in enumerate(nodes) if node.start == entry.pos), None)
    if index is None:
        raise WriteRefused(_("cannot find the entry in '{id}''s log; remove it by hand").format(id=item.id))
    node = nodes[index]
    if len(nodes) == 1:
        start, end = node.start, node.end
    elif index == 0:
        start, end = node.start, nodes[1].start
    else:
        start, end = nodes[index - 1].end, node.end
    if "\n" in text[start:end]:
        raise WriteRefused(_("the entry spans lines in '{id}''s log; remove it by hand").format(id=item.id))
    return Edit(start, end - start, "")


# --- verification ----------------------------------------------------------------------------


def signature(plan: Plan) -> list[tuple[object, ...]]:
    """Everything a plan says, in order, without positions: equal signatures mean equal plans."""
    return list(_signature_rows(plan))


def _signature_rows(plan: Plan, item: Item | None = None, log: list[Completion] | None = None) -> Iterator[tuple[object, ...]]:
    """`signature`'s rows one by one (a plan of a million completions is not held as them); with `item`, as if
    its log were `log`."""
    yield ("plan", plan.title, plan.year, plan.note)
    roster = plan.roster
    yield ("people", tuple(roster.people.items()))
    for gid, group in roster.groups.items():
        units = tuple((u.id, u.name, tuple(u.members)) for u in group.units.values())
        yield ("group", gid, group.name, tuple(group.members), units)
    for other in plan.items():
        yield _item_signature(other, log if other is item else None)


def _item_signature(item: Item, log: list[Completion] | None = None) -> tuple[object, ...]:
    """What one item says; with `log`, as if its log were `log`."""
    entries = item.log if log is None else log
    common = (item.kind, item.id, item.outline, item.title, item.when.text if item.when else None, tuple(item.who),
              item.note, tuple(entry.key() for entry in entries))
    if isinstance(item, Quota):
        return (*common, item.target, item.unit, item.per, item.period, tuple(p.text for p in item.periods),
                tuple(item.target_for.items()))
    return (*common, item.goal, item.repeat.text if item.repeat else None, item.per, item.roles, item.after, item.relative)


def verified(loaded: Loaded, edit: Edit, item: Item, expected_log: list[Completion]) -> tuple[Loaded, bytes]:
    """Apply the edit, re-read the result, and check it is the old plan with `item`'s log now `expected_log`."""
    from planctl.format.loader import load_source

    source = loaded.source
    assert loaded.plan is not None
    new_text = edit.apply(source.text)
    reloaded = load_source(Source(source.path, new_text, has_bom=source.has_bom), fast=True)
    if reloaded.errors or reloaded.plan is None:
        first = reloaded.errors[0] if reloaded.errors else None
        why = f"{first.line}:{first.column}: {first.message}" if first else _("it does not read as a plan")
        raise WriteRefused(_("the edited plan would not be valid ({why}); nothing was written").format(why=why))
    expected = _signature_rows(loaded.plan, item, expected_log)
    if any(want != got for want, got in zip_longest(expected, _signature_rows(reloaded.plan), fillvalue=None)):
        raise WriteRefused(_("the edited plan would differ from the plan plus the new entry; nothing was written"))
    data = ((BOM if source.has_bom else "") + new_text).encode("utf-8")
    return reloaded, data


def subtree(item: Item) -> list[Item]:
    """The item and everything under it, in outline order (as Plan.items lists them)."""
    if isinstance(item, Quota):
        return [item]
    out: list[Item] = [item, *item.quotas]
    for sub in item.tasks:
        out.extend(subtree(sub))
    return out


def verified_as_next_line(source: Source, edit: Edit, item: Item, anchor: Anchor,
                          entry: Completion, text: str | None = None) -> tuple[bytes, Anchor] | None:
    """The check for the usual case, without YAML: a new entry line under an entry line of its shape.

    When the line above the insertion is one of planctl's one-line entries `- {date: …}` and ends
    the item's block log, and the new line has the same indentation and reads back (with the fast
    reader the loader uses for such lines) as exactly `entry`, then YAML reads the new line as the
    log's next item and the text after it as before, since the line above has the same shape and
    the file was valid. The line above must be the item's own last entry (where its log says it
    is), so an anchor that points into another item's log is not followed. Returns what
    `verified_locally` returns, or None when this is not that case. `text`: source.text, or a prefix of
    it that holds the edit and the line after it (record.text_for).
    """
    from planctl.format import fastlog
    text, at = source.text if text is None else text, edit.offset
    if anchor.log_kind != BLOCK_LOG or anchor.flow_item or edit.remove or at == 0 or text[at - 1] != "\n":
        return None
    line_start = text.rfind("\n", 0, at - 1) + 1
    above = fastlog.entry_line_match(text, line_start, at)
    new = fastlog.entry_line_match(edit.insert)
    if above is None or new is None or above.end("map") != anchor.log_end or new["indent"] != above["indent"]:
        return None
    if not item.log or item.log[-1].pos != above.start("map"):
        return None  # the line above is not this item's last entry
    got = fastlog.entry_of(new)
    if not new["eol"] or not fastlog.printable(edit.insert) or got is None or got.key() != entry.key():
        return None
    moved = anchor.shifted(at, len(edit.insert))
    new_end = at + new.end("map")
    item_end = new_end if anchor.item_end == anchor.log_end else moved.item_end
    return spliced_bytes(source, edit, text), moved._replace(log_end=new_end, item_end=item_end)


def verified_as_last_line_removed(source: Source, edit: Edit, item: Item, anchor: Anchor,
                                  text: str | None = None) -> tuple[bytes, Anchor] | None:
    """The check for taking back the usual `done`, without YAML: `verified_as_next_line` in reverse.

    When the edit removes exactly one whole line that is one of planctl's one-line entries `- {date: …}`,
    the item's last entry (where its log says it ends), and the line above it is the item's entry
    before it, of the same shape and indentation, then YAML reads the rest as before less that entry:
    the text after the removed line now follows a line of the same shape. Returns the new bytes and
    the item's new anchor, or None when this is not that case (`verified_locally` then judges). `text`:
    source.text, or a prefix of it that holds the item's lines and the line after them (record.text_for).
    """
    from planctl.format import fastlog
    text, at, end = source.text if text is None else text, edit.offset, edit.offset + edit.remove
    if anchor.log_kind != BLOCK_LOG or anchor.flow_item or edit.insert or at == 0 or text[at - 1] != "\n":
        return None
    removed = fastlog.entry_line_match(text, at, end)
    if removed is None or not removed["eol"] or removed.end("map") != anchor.log_end or len(item.log) < 2:
        return None
    above = fastlog.entry_line_match(text, text.rfind("\n", 0, at - 1) + 1, at)
    if above is None or above["indent"] != removed["indent"]:
        return None
    if item.log[-1].pos != removed.start("map") or item.log[-2].pos != above.start("map"):
        return None  # the lines are not this item's last two entries
    moved = anchor.shifted(at, -edit.remove)
    new_end = above.end("map")
    item_end = new_end if anchor.item_end == anchor.log_end else moved.item_end
    return spliced_bytes(source, edit, text), moved._replace(log_end=new_end, item_end=item_end)


def verified_locally(source: Source, edit: Edit, item: Item, anchor: Anchor, expected_log: list[Completion],
                     year: int | None) -> tuple[bytes, Anchor]:
    """Check an edit by re-reading only the edited item's own lines, not the whole file.

    The edit replaces text inside the item's lines (or adds whole lines right after them), and the
    rest of the file was valid and is unchanged, so reading the item's lines back and comparing
    them with the item plus the new entry shows the edit did what it should. Returns the new
    bytes and the item's new anchor.
    """
    from planctl.format.fasttree import item_node
    from planctl.format.loader import Reader

    text = source.text
    delta = len(edit.insert) - edit.remove
    start = text.rfind("\n", 0, item.pos) + 1
    if edit.offset < item.pos or anchor.item_end < item.pos:
        raise WriteRefused(_("the edit would not land in the item's lines; nothing was written"))
    # The new text from the item's first line to the end of the line where the item or the edit ends.
    old_end = end_of_line(text, max(anchor.item_end, edit.offset + edit.remove))
    lines = text[start : edit.offset] + edit.insert + text[edit.offset + edit.remove : old_end]
    item_end = anchor.item_end + delta if anchor.item_end >= edit.offset else anchor.item_end
    end = max(end_of_line(lines, item_end - start), edit.offset - start + len(edit.insert))
    snippet = lines[:end]
    problems: list[Problem] = []
    node = item_node(snippet, problems)
    if problems or node is None or node.kind != MAP:
        raise WriteRefused(_("the edited lines would not read back as the item; nothing was written"))
    reader = Reader(source.path, problems)
    reader.year = year
    parent = item.parent
    assert parent is not None or isinstance(item, Task)
    if isinstance(item, Quota):
        assert parent is not None
        got: Item | None = reader.quota(node, parent, item.outline)
    else:
        got = reader.task(node, parent, item.outline)
    if problems or got is None:
        raise WriteRefused(_("the edited lines would not read back as the item; nothing was written"))
    want = [_item_signature(x, expected_log if x is item else None) for x in subtree(item)]
    if [_item_signature(x) for x in subtree(got)] != want:
        raise WriteRefused(_("the edited item would differ from the item plus the new entry; nothing was written"))
    return spliced_bytes(source, edit), _moved(anchor_of(snippet, node), start)


def _moved(anchor: Anchor, by: int) -> Anchor:
    """An anchor taken from a snippet, with its offsets moved to where the snippet starts in the file."""

    def move(offset: int) -> int:
        return offset + by if offset >= 0 else offset

    return anchor._replace(item_end=move(anchor.item_end), log_key_start=move(anchor.log_key_start),
                           log_key_end=move(anchor.log_key_end), log_start=move(anchor.log_start),
                           log_end=move(anchor.log_end), new_log_at=move(anchor.new_log_at))
