"""A light YAML tree built from PyYAML's parse events, with offsets for every node.

Built from events rather than `yaml.compose` because it is several times faster with
libyaml and lets us refuse anchors, aliases, tags and duplicate keys with their positions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from planctl.errors import Problem
from planctl.i18n import N_, _

MAP = "map"
SEQ = "seq"
SCALAR = "scalar"
ENTRIES = "entries"  # a run of completion lines read by fastlog.py; `value` is their model.Columns
_ALLOWED_TAGS = {"tag:yaml.org,2002:str", "!"}
ALIAS = N_("aliases (*name) are not allowed in a plan; write the value out")
# An alias the YAML reader then stumbled on (text after it on its line, keys under it): one error, this one.
ALIAS_AS_TEXT = N_("aliases (*name) are not allowed in a plan; write the value out, or, if it is text starting with "
                   "'*', put the whole value in quotes")


class Node:
    """A YAML node: `value` is a str (scalar), a list of Nodes (seq) or of (key, value) pairs (map)."""

    __slots__ = ("kind", "start", "end", "value", "plain", "flow")

    def __init__(self, kind: str, start: int, end: int, value: Any, plain: bool = False, flow: bool = False):
        self.kind = kind
        self.start = start
        self.end = end
        self.value = value
        self.plain = plain  # a plain (unquoted) scalar, so it may mean a number, bool or null
        self.flow = flow  # a flow collection ({...} or [...])

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Node({self.kind}, {self.start}-{self.end}, {self.value!r})"

    def pairs(self) -> list[tuple[Node, Node]]:
        return self.value if self.kind == MAP else []

    def get(self, key: str) -> Node | None:
        """The value of `key`; of a duplicate key (an error), the last one's, the value the plan reader uses."""
        for k, v in reversed(self.pairs()):
            if k.value == key:
                return v
        return None


_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NUMBER_STARTS = frozenset("+-.0123456789")  # what _INT and _FLOAT can start with
_INT = re.compile(r"[-+]?(0|[1-9][0-9_]*)$")
_FLOAT = re.compile(r"[-+]?([0-9][0-9_]*)?\.[0-9]+([eE][-+]?[0-9]+)?$|[-+]?[0-9]+[eE][-+]?[0-9]+$")


def scalar_value(node: Node) -> Any:
    """What a scalar means: None, bool, int, float or str (YAML 1.2 core schema for plain scalars)."""
    text: str = node.value
    if not node.plain:
        return text
    return plain_value(text)


def plain_value(text: str) -> Any:
    """What a plain (unquoted) scalar means in the YAML 1.2 core schema: None, bool, int, float or str."""
    if text in _NULLS:
        return None
    if text in _BOOLS:
        return _BOOLS[text]
    if text[0] not in _NUMBER_STARTS:  # the usual text: no number pattern can match
        return text
    if _INT.match(text):
        return int(text.replace("_", ""))
    if _FLOAT.match(text):
        return float(text.replace("_", ""))
    return text


class MaskMismatch(Exception):
    """A collapsed run of entry lines was not where a log's entries can be (e.g. inside a block scalar)."""


def compose(text: str, problems: list[Problem], masked: Any = None) -> Node | None:
    """Build the tree of a single-document YAML text; syntax problems go to `problems`.

    With `masked` (a fastlog.Masked), the parser reads `masked.text`, every offset is mapped back to
    `text`, and each placeholder line becomes an ENTRIES node; a placeholder found anywhere else
    raises MaskMismatch. Returns None when the text does not parse (the error is in `problems`).
    """
    import yaml  # here, not at the top: a plan read from the cache needs no parser

    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML was built with it
    parser = loader(text if masked is None else masked.text)
    aliases: list[Problem] = []
    try:  # the parser's events until it has none (yaml.parse, without a Python generator's step per event)
        return _compose_events(iter(parser.get_event, None), problems, masked, aliases)
    except yaml.MarkedYAMLError as exc:
        if masked is not None:
            raise MaskMismatch() from None  # report it at its place in the real text
        from planctl.format.yamlwords import syntax_problem

        said = syntax_problem(exc, text)
        if aliases and problems and problems[-1] is aliases[-1] and _near(text, aliases[-1].offset, said.offset):
            problems[-1] = aliases[-1]._replace(message=_(ALIAS_AS_TEXT))  # one error, the cause's
        else:
            problems.append(said)
        return None
    except yaml.YAMLError as exc:  # a reader error (a character YAML refuses): no mark
        from planctl.format.yamlwords import reader_problem

        problems.append(reader_problem(exc, text))
        return None
    finally:
        parser.dispose()


def _near(text: str, alias: int, error: int) -> bool:
    """Whether the syntax error at `error` is on the alias's line or the next: the alias's doing (`*t 环卫处`,
    an alias with text after it; `- *p` with the item's keys under it), not a fault of its own."""
    return alias <= error and text.count("\n", alias, error) <= 1


def _compose_events(events: Iterator[Any], problems: list[Problem], masked: Any,
                    aliases: list[Problem] | None = None) -> Node | None:
    """The tree of a stream of parse events. The hot loop of a cold read (one pass per event of the
    file), so it is written out: event types by identity, and each offset mapped back to the text
    through the segment of the masked text it falls in (`_Offsets`), not a search per offset.
    Each alias refused is also added to `aliases`."""
    from yaml.events import (
        AliasEvent,
        DocumentStartEvent,
        MappingEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
    )

    root: Node | None = None
    placeholders = {b.masked_x: b for b in masked.blocks} if masked is not None else {}
    unseen = len(placeholders)
    offsets = _Offsets(masked)
    original = offsets.original
    low, high, shift = offsets.low, offsets.high, offsets.shift
    documents = 0
    # Each stack entry: the open collection, and for a map the key waiting for its value and the keys seen.
    stack: list[list[Any]] = []
    node: Node
    for event in events:
        cls = type(event)
        if cls is ScalarEvent:
            tag = event.tag
            if event.anchor is not None or tag is not None:
                _check_anchor_and_tag(event, problems, original)
            start = event.start_mark.index
            style = event.style
            block = placeholders.get(start) if unseen else None
            if block is not None and not style and event.value == "x":
                node = Node(ENTRIES, block.orig_first, block.orig_last_end, block.entries)
                unseen -= 1
            else:
                end = event.end_mark.index
                if low <= start and end < high:  # the usual case, inline: both in the stretch asked about last
                    node = Node(SCALAR, start + shift, end + shift, event.value, not style)
                else:
                    node = Node(SCALAR, original(start), original(end), event.value, not style)
                    low, high, shift = offsets.low, offsets.high, offsets.shift
                if tag and tag not in _ALLOWED_TAGS:
                    node.plain = False
        elif cls is MappingStartEvent or cls is SequenceStartEvent:
            if event.anchor is not None or event.tag is not None:
                _check_anchor_and_tag(event, problems, original)
            kind = MAP if cls is MappingStartEvent else SEQ
            start, end = event.start_mark.index, event.end_mark.index
            if low <= start and end < high:
                node = Node(kind, start + shift, end + shift, [], flow=bool(event.flow_style))
            else:
                node = Node(kind, original(start), original(end), [], flow=bool(event.flow_style))
            if stack:
                _attach(stack, node, problems)
            stack.append([node, None, set() if kind == MAP else None])
            continue
        elif cls is MappingEndEvent or cls is SequenceEndEvent:
            closed: Node = stack.pop()[0]
            end = event.end_mark.index
            closed.end = end + shift if low <= end < high else original(end)
            if not stack:
                root = closed
            continue
        elif cls is AliasEvent:
            at = original(event.start_mark.index)
            problems.append(Problem(at, _(ALIAS)))
            if aliases is not None:
                aliases.append(problems[-1])
            node = Node(SCALAR, at, original(event.end_mark.index), "", plain=True)
        elif cls is DocumentStartEvent:
            documents += 1
            if documents > 1:
                if unseen:  # a collapsed run was read as part of something else (e.g. a plain scalar going on)
                    raise MaskMismatch()
                problems.append(Problem(original(event.start_mark.index), _("a plan is a single YAML document; found a second one")))
                return root
            continue
        else:
            continue
        if not stack:
            root = node
            continue
        top = stack[-1]
        parent: Node = top[0]
        if parent.kind == SEQ:
            parent.value.append(node)
        elif top[1] is not None:
            if top[1].kind == SCALAR:  # a list or mapping as a key was refused (_attach): its pair is left out
                parent.value.append((top[1], node))
            top[1] = None
        elif node.kind == SCALAR and node.value not in top[2]:  # a new key (what _attach does, inline)
            top[1] = node
            top[2].add(node.value)
        else:
            _attach(stack, node, problems)  # a key to report
    if unseen:
        raise MaskMismatch()
    return root


class _Offsets:
    """Offsets of the masked text mapped back to the original text (fastlog.Masked.original),
    remembering the last stretch between placeholders: a parse asks in nearly increasing order,
    so most offsets fall in the stretch asked about before."""

    __slots__ = ("masked", "low", "high", "shift")

    def __init__(self, masked: Any) -> None:
        self.masked = masked
        self.low, self.high, self.shift = (0, 1 << 62, 0) if masked is None else (0, -1, 0)

    def original(self, offset: int) -> int:
        if self.low <= offset < self.high:
            return offset + self.shift
        return self._slow(offset)

    def _slow(self, offset: int) -> int:
        import bisect

        masked = self.masked
        i = bisect.bisect_right(masked.starts, offset) - 1
        blocks = masked.blocks
        if i >= 0 and offset < blocks[i].masked_end:  # inside a placeholder line (as fastlog.Masked.original)
            block = blocks[i]
            if offset < block.masked_x:
                return int(block.orig_start + (offset - block.masked_start))
            if offset == block.masked_x:
                return int(block.orig_first)
            if offset == block.masked_x + 1:
                return int(block.orig_last_end)
            return int(block.orig_end - (block.masked_end - offset))
        # the stretch of text after block i (or before the first block) up to the next placeholder
        self.low = blocks[i].masked_end if i >= 0 else 0
        self.shift = blocks[i].orig_end - blocks[i].masked_end if i >= 0 else 0
        self.high = blocks[i + 1].masked_start if i + 1 < len(blocks) else 1 << 62
        return offset + self.shift


def _attach(stack: list[list[Any]], node: Node, problems: list[Problem]) -> None:
    if not stack:
        return
    top = stack[-1]
    parent: Node = top[0]
    if parent.kind == SEQ:
        parent.value.append(node)
        return
    key: Node | None = top[1]
    if key is None:
        top[1] = node
        if node.kind != SCALAR:
            problems.append(Problem(node.start, _("a key must be plain text, not a list or a mapping (write key: value)")))
            return
        seen: set[str] = top[2]
        if node.value in seen:
            problems.append(Problem(node.start, _("duplicate key '{key}'").format(key=node.value)))
        seen.add(node.value)
        return
    if key.kind == SCALAR:  # a list or mapping as a key was refused above: its pair is left out of the tree
        parent.value.append((key, node))
    top[1] = None


def _check_anchor_and_tag(event: Any, problems: list[Problem], original: Any) -> None:
    if event.anchor is not None:
        problems.append(Problem(original(event.start_mark.index),
                                _("anchors (&{anchor}) are not allowed in a plan").format(anchor=event.anchor)))
    tag = event.tag
    if tag and tag not in _ALLOWED_TAGS:
        problems.append(Problem(original(event.start_mark.index), _("YAML tags ({tag}) are not allowed in a plan").format(tag=tag)))
