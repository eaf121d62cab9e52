"""Splicing one completion line into a plan's text, at positions from the same parse, then verifying it.

Nothing is re-dumped: the new text is the old text with one insertion (or, for `undo`, one
deletion), and it is re-read and compared with the plan expected before anyone writes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from planctl.errors import WriteRefused
from planctl.loader import Loaded, load_source
from planctl.model import Completion, Plan, Quota, Task
from planctl.source import BOM, Source
from planctl.yamltext import flow_mapping, number, scalar
from planctl.yamltree import MAP, SCALAR, SEQ, Node

Item = Task | Quota


@dataclass(frozen=True)
class Edit:
    """Replace `remove` characters at `offset` with `insert` (offsets in the BOM-less text)."""

    offset: int
    remove: int
    insert: str

    def apply(self, text: str) -> str:
        return text[: self.offset] + self.insert + text[self.offset + self.remove :]


def entry_text(entry: Completion) -> str:
    pairs = [("date", entry.date.isoformat())]
    if entry.by is not None:
        pairs.append(("by", scalar(entry.by)))
    if entry.unit is not None:
        pairs.append(("unit", scalar(entry.unit)))
    if entry.amount is not None:
        pairs.append(("amount", number(entry.amount)))
    if entry.note:
        pairs.append(("note", scalar(entry.note)))
    if entry.at is not None:
        pairs.append(("at", entry.at.replace(microsecond=0).isoformat()))
    return flow_mapping(pairs)


# --- where things are in the text ------------------------------------------------------------


def column(text: str, offset: int) -> int:
    return offset - (text.rfind("\n", 0, offset) + 1)


def end_of_line(text: str, offset: int) -> int:
    """The offset just after the line break ending the line that holds `offset` (or the text's end)."""
    at = text.find("\n", offset)
    return len(text) if at == -1 else at + 1


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


def insertion(text: str, root: Node, item: Item, entry: Completion, newline: str) -> Edit:
    """The edit that appends `entry` to `item`'s log, in the style around it."""
    node: Node = item.node
    line = entry_text(entry)
    log_key, log_value = _log_pair(node)
    if node.flow:
        if log_value is None:
            return Edit(node.end - 1, 0, f", log: [{line}]")
        return _into_flow_sequence(log_value, line)
    if log_value is None:
        key_col = column(text, node.value[0][0].start)
        where = content_end(text, node)
        indent = " " * key_col
        item_indent = " " * (key_col + sequence_indent(root, text))
        return _new_lines(text, end_of_line(text, where), [f"{indent}log:", f"{item_indent}- {line}"], newline)
    if log_value.kind == SEQ and log_value.flow:
        return _into_flow_sequence(log_value, line)
    if log_value.kind == SEQ:
        indent = " " * column(text, log_value.start)
        return _new_lines(text, end_of_line(text, content_end(text, log_value)), [f"{indent}- {line}"], newline)
    if log_value.kind == SCALAR and log_value.start == log_value.end:  # `log:` with nothing after it
        assert log_key is not None
        item_indent = " " * (column(text, log_key.start) + sequence_indent(root, text))
        return _new_lines(text, end_of_line(text, log_key.end), [f"{item_indent}- {line}"], newline)
    if log_value.kind == SCALAR:  # `log: ~` or `log: null`
        return Edit(log_value.start, log_value.end - log_value.start, f"[{line}]")
    raise WriteRefused(f"the log of '{item.id}' is not a list; fix it by hand")


def _log_pair(node: Node) -> tuple[Node | None, Node | None]:
    for key, value in node.pairs():
        if key.value == "log":
            return key, value
    return None, None


def _into_flow_sequence(seq: Node, line: str) -> Edit:
    if not seq.value:
        return Edit(seq.start + 1, 0, line)
    return Edit(seq.value[-1].end, 0, f", {line}")


def _new_lines(text: str, offset: int, lines: list[str], newline: str) -> Edit:
    """Whole new lines at a line start; at the end of a file without a final newline, keep it without."""
    if offset == len(text) and text and not text.endswith("\n"):
        return Edit(offset, 0, "".join(newline + line for line in lines))
    return Edit(offset, 0, "".join(line + newline for line in lines))


def removal(text: str, item: Item, entry: Completion) -> Edit:
    """The edit that deletes `entry`'s line (and a `log:` line left with nothing under it)."""
    log_key, log_value = _log_pair(item.node)
    if log_value is None or log_value.kind != SEQ or log_value.flow:
        raise WriteRefused(f"the entry is not on a line of its own in '{item.id}''s log; remove it by hand")
    start = text.rfind("\n", 0, entry.pos) + 1
    if text[start:entry.pos].strip() != "-":
        raise WriteRefused(f"the entry is not on a line of its own in '{item.id}''s log; remove it by hand")
    end = end_of_line(text, entry.pos)
    if len(log_value.value) == 1 and log_key is not None:
        key_line = text.rfind("\n", 0, log_key.start) + 1
        if text[key_line:log_key.start].strip() == "" and text[log_key.end:start].strip() in (":", ""):
            start = key_line
    if end == len(text) and not text.endswith("\n") and start > 0:
        start -= 2 if text[start - 2 : start] == "\r\n" else 1  # keep the file without a final newline
    return Edit(start, end - start, "")


# --- verification ----------------------------------------------------------------------------


def signature(plan: Plan) -> list[tuple[object, ...]]:
    """Everything a plan says, in order, without positions: equal signatures mean equal plans."""
    rows: list[tuple[object, ...]] = [("plan", plan.title, plan.year)]
    roster = plan.roster
    rows.append(("people", tuple(roster.people.items())))
    for gid, group in roster.groups.items():
        units = tuple((u.id, u.name, tuple(u.members)) for u in group.units.values())
        rows.append(("group", gid, group.name, tuple(group.members), units))
    for item in plan.items():
        rows.append(_item_signature(item))
    return rows


def _item_signature(item: Item) -> tuple[object, ...]:
    common = (item.kind, item.id, item.outline, item.title, item.when.text if item.when else None, tuple(item.who),
              item.note, tuple(entry.key() for entry in item.log))
    if isinstance(item, Quota):
        return (*common, item.target, item.unit, item.per, item.period, tuple(p.text for p in item.periods),
                tuple(item.target_for.items()))
    return (*common, item.goal)


def verified(loaded: Loaded, edit: Edit, item: Item, expected_log: list[Completion]) -> tuple[Loaded, bytes]:
    """Apply the edit, re-read the result, and check it is the old plan with `item`'s log now `expected_log`."""
    source = loaded.source
    assert loaded.plan is not None
    new_text = edit.apply(source.text)
    reloaded = load_source(Source(source.path, new_text, has_bom=source.has_bom))
    if reloaded.errors or reloaded.plan is None:
        first = reloaded.errors[0] if reloaded.errors else None
        why = f"{first.line}:{first.column}: {first.message}" if first else "it does not read as a plan"
        raise WriteRefused(f"the edited plan would not be valid ({why}); nothing was written")
    expected = signature(loaded.plan)
    index = next(i for i, it in enumerate(loaded.plan.items()) if it is item) + len(expected) - len(loaded.plan.items())
    expected[index] = (*expected[index][:7], tuple(e.key() for e in expected_log), *expected[index][8:])
    if signature(reloaded.plan) != expected:
        raise WriteRefused("the edited plan would differ from the plan plus the new entry; nothing was written")
    data = ((BOM if source.has_bom else "") + new_text).encode("utf-8")
    return reloaded, data


def stamp(now: datetime) -> datetime:
    return now.replace(microsecond=0, tzinfo=None)
