"""The tree of a plan made of regular lines, built without YAML (issue 20: a cold read of a large plan).

Most of a large plan is lines such as `      - id: t12`, `        title: 学习文件`, `        log:` and
planctl's own entry lines (`          - {date: 2009-04-03, by: zhangwei, note: 完成}`). This module
reads a text all of whose lines are of a few such regular shapes in one pass over its lines, and builds
the tree `yamltree.compose(text, problems, fastlog.mask(text))` builds, node for node and offset for
offset (runs of entry lines become ENTRIES nodes of model.Columns, as there). It takes only what it is
certain of: at the first line of any other shape, or anything YAML would read otherwise or refuse
(tabs, other line breaks, block scalars, anchors, tags, multi-line scalars or flow collections, a
duplicate key, an entry line fastlog would leave to YAML, …), `compose` gives None and the caller
reads the text through YAML, which is the reference (tests/test_fast_tree.py holds the two together).

The shapes (each followed by spaces and a comment or not, and by CR before the line break or not):
`key:`, `key: value`, `- key:`, `- key: value`, `- value`, blank and comment lines, and entry lines; a
value is a one-line plain scalar, a one-line quoted scalar without escapes, or a one-line flow list or
mapping of such scalars. Keys are plain. The first content line is a key at column 0.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from itertools import accumulate, repeat
from operator import add, itemgetter
from typing import Any

from planctl.format import fastlog
from planctl.format.rules import ID_PATTERN, number_fits
from planctl.format.yamltree import ENTRIES, MAP, SCALAR, SEQ, Node

# Characters that send a line to YAML: what YAML refuses (fastlog.NON_PRINTABLE's set), tabs, the line
# breaks other than LF and CR LF (NEL, LS, PS, a lone CR), and a byte order mark inside the text. Each
# line is checked once for them (_CLEAN, and at the start of _LINE), so the other classes below are
# of ASCII alone: a class of characters beyond Latin-1 takes a millisecond or more to compile.
_BAD = "\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff"
_CLEAN = rf"(?=[^{_BAD}\r]*+\r?\Z)"

# A plain scalar of one line in block context: it cannot start with an indicator (but `-1` is plain),
# and holds no `: `, no ` #` and no trailing space (`:` or `#` inside a word is text, as in YAML).
_INDICATORS = r"\-?:,\[\]{}#&*!|>'\"%@`"
_PLAIN = rf"(?:[^ \r\n{_INDICATORS}]|-(?=[^ \r\n]))(?:[^ \r\n:]++|:(?=[^ \r\n])|[ ]++(?=[^ \r\n#]))*+"
# A plain key: no `:` or `#` at all (a key with one goes to YAML).
_KEY = rf"[^ \r\n{_INDICATORS}](?:[^ \r\n:#]++|[ ]++(?=[^ \r\n:#]))*+"
# A quoted scalar of one line without escapes ('' in single quotes is one ').
_QUOTED = r"'(?:[^'\r\n]++|'')*+'|" + r'"[^"\\\r\n]*+"'
_COMMENT = r"#[^\r\n]*+"
_LINE = re.compile(
    r"(?!---|\.\.\.)"  # a document marker at column 0: YAML's
    + _CLEAN
    + r"([ ]*+)(?:"  # 1: the indentation
    r"(- \{date: )"  # 2: an entry line (its run is read at once, below)
    r"|(-[ ]++)?"  # 3: a list item's dash
    rf"(?:({_KEY}):(?:[ ]++|(?=\r?\Z)))?"  # 4: a key
    rf"(?:({_PLAIN})[ ]*+(?:{_COMMENT})?\r?\Z"  # 5: a plain value
    rf"|({_QUOTED})(?:[ ]++(?:{_COMMENT})?)?\r?\Z"  # 6: a quoted value
    r"|(?=[\[{])"  # a flow list or mapping: read by _Flow
    rf"|(?:{_COMMENT})?\r?\Z))"  # nothing more (a key waiting for its value below, a blank or comment line)
)
_ENTRY_START = re.compile(r"[ ]*+- \{date: ")  # the start of an entry line: _LINE's group 2, after its indentation
_AFTER_FLOW = re.compile(rf"(?:[ ]++(?:{_COMMENT})?)?\r?\Z")

# Flow context: a plain scalar stops at , [ ] { } too; here it holds no `:` or `#` at all.
_FLOW_PLAIN = re.compile(rf"[^ \r\n{_INDICATORS}](?:[^ \r\n:,\[\]{{}}#]++|[ ]++(?=[^ \r\n:,\[\]{{}}#]))*+")
_FLOW_QUOTED = re.compile(_QUOTED)
_FLOW_SPACE = re.compile(r"[ ]*+")

# An entry line after its date (fastlog.ENTRY_LINE from `, by:` on): 1 the rest of the mapping, to `}`;
# 2 `, by: …, unit: …` as written; 3 by; 4 unit; 5 amount; 6 note; 7 at. An id here is any run of
# characters that cannot follow one, checked against rules.ID_PATTERN after (the same lines, without
# compiling the id's class of Chinese characters once more).
_ENTRY_TAIL = re.compile(_CLEAN + f"({fastlog.entry_tail(r'[^ ,{}:]+')})" + r"[ ]*+(?:#[^\r\n]*+)?\r?\Z")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_DEEPEST = 500  # lists and mappings inside one another: YAML's reader stops at 1000

_READINGS = 1 << 14  # distinct lines kept read at a time (a 100,000-item plan has some 220,000)
# A line's shape (_Builder.reading): blank or a comment; an entry line; `key: …`; `- …` or `- key: …`.
_BLANK, _ENTRY, _KEYED, _LISTED = "blank", "entry", "keyed", "listed"
# Its value: none (a key waiting for its value below), a plain or quoted scalar, a flow collection.
_NO_VALUE, _PLAIN_VALUE, _QUOTED_VALUE, _FLOW_VALUE = 0, 1, 2, 3


_new = object.__new__


def _plain(start: int, end: int, value: str) -> Node:
    """`Node(SCALAR, start, end, value, True)`, made without calling the class (a Python function
    call is several times cheaper than a class's: a large plan's cold read makes two per line)."""
    node: Node = _new(Node)
    node.kind = SCALAR
    node.start = start
    node.end = end
    node.value = value
    node.plain = True
    node.flow = False
    return node


def _block(kind: str, start: int) -> Node:
    """`Node(kind, start, 0, [])` (a block mapping or list, its end set when it closes), as _plain."""
    node: Node = _new(Node)
    node.kind = kind
    node.start = start
    node.end = 0
    node.value = []
    node.plain = False
    node.flow = False
    return node


_VALUE_INDICATORS = frozenset(_INDICATORS.replace("\\", ""))  # what a plain value does not start with (but `-x`)


def _simple_pair(line: str) -> tuple[int, str, str, int, int] | None:
    """_LINE's reading of the usual `key: value` or `- key: value` line (a key that is a name, a plain value
    without `#`, nothing after it), found with a few string methods: (indentation, key, value, where the value
    starts, where the key of a `- key: …` line starts or 0). None for any other line, then read by _LINE. A line
    taken here is one _LINE matches with these groups: printable (no character _CLEAN refuses, no CR, no tab), a
    key of letters, digits and `_` (no indicator, no `:` or `#`, as _KEY), a value that _PLAIN matches whole
    (no `: `, no `#`, no trailing space or `:`, not starting with an indicator but `-` before a character)."""
    if not line.isprintable():
        return None
    head, colon, value = line.partition(": ")
    if not colon:
        return None
    body = head.lstrip(" ")
    column = len(head) - len(body)
    key, key_at = body, 0
    if body[:1] == "-":  # `- key`: the dash, then spaces
        key = body[1:].lstrip(" ")
        key_at = len(head) - len(key)
        if key_at == column + 1:
            return None
    if not key.isidentifier() or len(key) > 1000:
        return None
    written = value.lstrip(" ")
    first = written[:1]
    if not first or (first in _VALUE_INDICATORS and (first != "-" or written[1:2] in ("", " "))) or written[-1] in " :" \
            or ": " in written or "#" in written:
        return None
    return column, key, written, len(line) - len(written), key_at


class Irregular(Exception):
    """A line this reader does not take: the text goes to YAML."""


def compose(text: str) -> Node | None:
    """The tree `yamltree.compose` builds of a plan's text after `fastlog.mask`, or None when a line
    is not one this module takes (then read the text through YAML). Never reports a problem: where
    YAML would, this module has given None."""
    if text.endswith("\r"):  # a lone CR at the very end (the patterns allow CR only before a line break)
        return None
    try:
        return _Builder(text).build()
    except Irregular:
        return None


def compose_item(text: str) -> Node | None:
    """The tree `yamltree.compose` builds (through `fastlog.mask`) of one item's lines cut from a plan
    (fastlog.compose_item's snippet: its first content line `- …` at any indentation, the list at that
    column its root), or None when a line is not one this module takes or a line falls out of that
    list (then read the snippet through YAML: `item_node`). A cold `done` checks its edit on the item's
    lines alone without importing YAML (store/record.py)."""
    if text.endswith("\r"):
        return None
    try:
        return _Builder(text).build(item=True)
    except (Irregular, IndexError):  # IndexError: a line left of the root list's column popped it
        return None


def item_node(snippet: str, problems: list[Any]) -> Node | None:
    """What `fastlog.compose_item` gives for `snippet` (the node of the one item its lines hold; what the
    reader refuses appended to `problems`), read here without YAML when its lines are regular."""
    fast = compose_item(snippet)
    if fast is None:
        return fastlog.compose_item(snippet, problems)
    return fast.value[0] if len(fast.value) == 1 else fast


_RUN_PATTERNS: dict[int, re.Pattern[str]] = {}


def _run_end(column: int) -> re.Pattern[str]:
    """The line break after a run of entry lines indented by `column` spaces (nothing between them),
    searched for from the run's first line: the first line break not followed by another."""
    pattern = _RUN_PATTERNS.get(column)
    if pattern is None:
        pattern = _RUN_PATTERNS[column] = re.compile(rf"\n(?![ ]{{{column}}}- \{{date: )")
    return pattern


_CHUNK = 1 << 20  # the entry lines are judged a megabyte of text at a time, to hold little beside the columns


class _Builder:
    """One pass over the lines, keeping the open block lists and mappings as a stack of frames:
    [node, column, key waiting for its value (or None), offset after that key's colon, keys seen (None
    for a list)]. Offsets are the text's: the text is not split into lines (a large plan's lines
    would take as much memory again as its text)."""

    def __init__(self, text: str) -> None:
        self.text = text
        # each run of entry lines: its ENTRIES node, its indentation, where it starts, where the line after it starts
        self.runs: list[tuple[Node, int, int, int]] = []
        self.strings: dict[str, str] = {}

    def build(self, item: bool = False) -> Node | None:
        """The tree (the hot loop of a cold read: one pass per line, the usual `key: value` inline).
        Each distinct line is matched once (`reading`): a plan repeats many (`log:`, `who: lina`).
        `item`: the text is an item's lines, its root a list (compose_item)."""
        text, find = self.text, self.text.find
        readings: dict[str, tuple[Any, ...]] = {}
        known, reading = readings.get, self.reading
        size = len(text)
        pos = self.first_content_line(item)
        if pos >= size:
            return None
        if item:
            indent = text.find("-", pos) - pos  # the first content line is `- key…` (first_content_line)
            root = Node(SEQ, pos + indent, 0, [])
            stack: list[list[Any]] = [[root, indent, None, 0, None]]
        else:
            root = Node(MAP, pos, 0, [])
            stack = [[root, 0, None, 0, set()]]
        top = stack[0]
        markers: dict[int, str] = {}  # a column -> the start of an entry line two columns right of it
        while pos < size:
            if top[2] is not None:  # a key waits for its value: the usual one, `log:`, has a run of entry lines below
                marker = markers.get(top[1]) or markers.setdefault(top[1], " " * (top[1] + 2) + "- {date: ")
                if text.startswith(marker, pos):  # what `reading` says of that line, without the line cut out
                    column = top[1] + 2
                    log = _new(Node)  # value_below's list, made here (`_block(SEQ, pos + column)`)
                    log.kind = SEQ
                    log.start = pos + column
                    log.end = 0
                    log.value = []
                    log.plain = False
                    log.flow = False
                    top[0].value.append((top[2], log))
                    top[2] = None
                    top = [log, column, None, 0, None]
                    stack.append(top)
                    if len(stack) > _DEEPEST:
                        raise Irregular()
                    pos = self.run(log, pos, column)
                    continue
            end = find("\n", pos)
            if end < 0:
                end = size
            line = text[pos:end]
            shape, column, key, kind, value, value_at, key_at = known(line) or reading(line, readings)
            if shape is _BLANK:
                pos = end + 1
                continue
            start, pos = pos, end + 1
            at = start + column
            if shape is _KEYED:
                if top[2] is not None:  # the key of the line before waits for its value
                    top = self.value_below(stack, top, column, False, True, at)
                if top[1] != column or top[4] is None:
                    while stack[-1][1] > column or (stack[-1][1] == column and stack[-1][4] is None):
                        stack.pop()[0].end = at
                    top = stack[-1]
                    if top[1] != column or top[4] is None:
                        raise Irregular()
            else:
                if top[2] is not None:
                    top = self.value_below(stack, top, column, True, key is not None, at)
                if top[1] != column or top[4] is not None:
                    while stack[-1][1] > column:
                        stack.pop()[0].end = at
                    top = stack[-1]
                    if top[1] != column or top[4] is not None:
                        raise Irregular()
                if shape is _ENTRY:
                    pos = self.run(top[0], start, column)
                    continue
                if key is None:
                    top[0].value.append(self.value(kind, value, start + value_at, end))
                    continue
                at = start + key_at  # `- key: …`: the key after the dash
                mapping = _new(Node)  # _block(MAP, at), inline: a mapping for each item
                mapping.kind = MAP
                mapping.start = at
                mapping.end = 0
                mapping.value = []
                mapping.plain = False
                mapping.flow = False
                top[0].value.append(mapping)
                top = [mapping, at - start, None, 0, set()]
                stack.append(top)
                if len(stack) > _DEEPEST:
                    raise Irregular()
            # `key: value` or `key:` in the mapping of `top`, the key at `at`
            seen = top[4]
            if key in seen:  # a duplicate (YAML's path reports it)
                raise Irregular()
            seen.add(key)
            key_end = at + len(key)
            if kind is _PLAIN_VALUE:  # the usual line: both scalars made here, as _plain makes them
                value_at += start
                key_node = _new(Node)  # one attribute a statement: a tuple of them made and unpacked takes longer
                key_node.kind = SCALAR
                key_node.start = at
                key_node.end = key_end
                key_node.value = key
                key_node.plain = True
                key_node.flow = False
                value_node = _new(Node)
                value_node.kind = SCALAR
                value_node.start = value_at
                value_node.end = value_at + len(value)
                value_node.value = value
                value_node.plain = True
                value_node.flow = False
                top[0].value.append((key_node, value_node))
            elif kind is _NO_VALUE:  # `key:`: its value below, or null (`_plain(at, key_end, key)`, made here)
                key_node = _new(Node)
                key_node.kind = SCALAR
                key_node.start = at
                key_node.end = key_end
                key_node.value = key
                key_node.plain = True
                key_node.flow = False
                top[2] = key_node
                top[3] = key_end + 1
            else:
                top[0].value.append((_plain(at, key_end, key), self.value(kind, value, start + value_at, end)))
        if top[2] is not None:
            top[0].value.append((top[2], Node(SCALAR, top[3], top[3], "", True)))
        for frame in stack:
            frame[0].end = size
        self.fill_runs()
        return root

    def reading(self, line: str, readings: dict[str, tuple[Any, ...]]) -> tuple[Any, ...]:
        """What a line says, its offsets from its start: (shape, indentation, key, kind of value,
        value as written, where the value starts, where the key of a `- key: …` line starts). Kept in
        `readings` (but for an entry line, which starts a run: each is another). Raises Irregular for a
        line build never takes, wherever it is (what _LINE matches depends on the line alone)."""
        if "- {date: " in line and (entry_start := _ENTRY_START.match(line)) is not None:
            # _LINE's reading of it without its scan of the whole line: each character after the indentation
            # and `- {date: ` is judged with the run's other lines (fill_runs), as strictly as _LINE would
            return (_ENTRY, entry_start.end() - 9, None, None, None, 0, 0)
        simple = _simple_pair(line)
        if simple is not None:  # _LINE's reading of it, found without it
            column, key, value, value_at, key_at = simple
            same = self.strings.setdefault
            result: tuple[Any, ...] = (_LISTED if key_at else _KEYED, column, same(key, key), _PLAIN_VALUE, same(value, value),
                                       value_at, key_at)
            if len(readings) >= _READINGS:
                readings.clear()
            readings[line] = result
            return result
        found = _LINE.match(line)
        if found is None:
            raise Irregular()
        indent, entry, dash, key, plain, quoted = found.groups()
        column = len(indent)
        if entry is not None:
            return (_ENTRY, column, None, None, None, 0, 0)
        flat = found.end() == len(line)  # nothing after the key (or the dash), but spaces and a comment
        kind = _PLAIN_VALUE if plain is not None else _QUOTED_VALUE if quoted is not None else \
            _NO_VALUE if flat else _FLOW_VALUE
        value = plain if plain is not None else quoted
        value_at = found.start(5) if plain is not None else found.start(6) if quoted is not None else found.end()
        if dash is None and key is None:
            if kind is not _NO_VALUE:
                raise Irregular()  # a value where a key should be
            result = (_BLANK, column, None, None, None, 0, 0)
        elif key is None:
            if kind is _NO_VALUE:
                raise Irregular()  # `- ` and nothing
            result = (_LISTED, column, None, kind, value, value_at, 0)
        else:
            if len(key) > 1000:  # YAML reads a key to 1024 characters
                raise Irregular()
            same = self.strings.setdefault  # one object for each distinct key and plain value
            if plain is not None:
                value = same(plain, plain)
            result = (_KEYED if dash is None else _LISTED, column, same(key, key), kind, value, value_at,
                      found.start(4) if dash is not None else 0)
        if len(readings) >= _READINGS:
            readings.clear()  # bounded: the lines that repeat come back at once, the ids and titles do not
        readings[line] = result
        return result

    def first_content_line(self, item: bool = False) -> int:
        """Where the first line that is not blank or a comment starts (the text's length when there
        is none); it must be a key at column 0, or with `item`, `- key…` at any column."""
        text, size, pos = self.text, len(self.text), 0
        while pos < size:
            end = text.find("\n", pos)
            if end < 0:
                end = size
            found = _LINE.match(text, pos, end)
            if found is None:
                raise Irregular()
            if found.group(2, 3, 4, 5, 6) != (None,) * 5 or found.end() != end:
                if item:
                    if found.group(3) is None or found.group(4) is None:
                        raise Irregular()
                    return pos
                if found.group(1) or found.group(4) is None or found.group(3) is not None:
                    raise Irregular()
                return pos
            pos = end + 1
        return size

    def value_below(self, stack: list[list[Any]], top: list[Any], column: int, dash: bool, key: bool,
                    at: int) -> list[Any]:
        """The value of the key waiting in `top`, as the line at `column` shows it: a block list or
        mapping starting there, or null. Returns the frame on top after it."""
        if column > top[1] or (dash and column == top[1]):
            if dash:
                node = _block(SEQ, at)
                frame = [node, column, None, 0, None]
            elif key:
                node = _block(MAP, at)
                frame = [node, column, None, 0, set()]
            else:
                raise Irregular()
            top[0].value.append((top[2], node))
            top[2] = None
            stack.append(frame)
            if len(stack) > _DEEPEST:
                raise Irregular()
            return frame
        top[0].value.append((top[2], Node(SCALAR, top[3], top[3], "", True)))  # `key:` and nothing: null
        top[2] = None
        return top

    def value(self, kind: int, written: str, at: int, end: int) -> Node:
        """The value written at `at` on a line ending at `end`: a plain or quoted scalar (as written,
        with its quotes), or a flow collection."""
        if kind is _PLAIN_VALUE:
            return _plain(at, at + len(written), written)
        if kind is _QUOTED_VALUE:
            inner = written[1:-1]
            return Node(SCALAR, at, at + len(written), inner.replace("''", "'") if written[0] == "'" else inner)
        node, after = _Flow(self.text).collection(at, 0)
        if _AFTER_FLOW.match(self.text, after, end) is None:
            raise Irregular()
        return node

    def run(self, seq: Node, start: int, column: int) -> int:
        """The run of entry lines starting at `start` (all indented by `column`, nothing between), as
        one ENTRIES node of `seq`; its columns are filled in by fill_runs. Returns where the line after
        it starts."""
        text = self.text
        after = (_RUN_PATTERNS.get(column) or _run_end(column)).search(text, start)
        end = len(text) if after is None else after.end()
        node = _new(Node)  # Node(ENTRIES, start + column + 2, 0, None), its columns and end set by fill_runs
        node.kind = ENTRIES
        node.start = start + column + 2
        node.end = 0
        node.value = None
        node.plain = False
        node.flow = False
        seq.value.append(node)
        self.runs.append((node, column, start, end))
        return end

    def fill_runs(self) -> None:
        """Every ENTRIES node's columns and end: each distinct day and each distinct rest of a line
        (`, by: …}` and what follows) judged once for the whole file, as fastlog's reader judges them.
        Every line of a run starts with its indentation and `- {date: ` (run() ends it at the first
        that does not), so a run's text split at each line break is its lines, each `- {date: ` after
        the run's indentation (split at one character: `str.split` at a longer separator prepares it
        again at each line of a long run); the lines are judged, and their runs filled, a chunk of text
        of one indentation at a time (columns of the whole file's million entry lines, made only to be
        cut into runs, took 64 MB more)."""
        text = self.text
        judge = _Judge()
        lines: list[str] = []
        runs: list[tuple[Node, int, int]] = []  # each run of the chunk: its node, start and lines
        held, indent_held = 0, -1
        for node, indent, start, end in self.runs:
            if indent != indent_held or held >= _CHUNK:
                judge.fill_chunk(lines, indent_held, runs)
                lines, runs, held, indent_held = [], [], 0, indent
            stop = end - 1 if text[end - 1] == "\n" else end
            run = text[start:stop].split("\n")
            runs.append((node, start, len(run)))
            lines += run
            held += stop - start
        judge.fill_chunk(lines, indent_held, runs)


def _lookup(keys: list[str]) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    """The values of `keys` in a dict, in order, as a tuple: `itemgetter(*keys)`, each key looked up in C
    (`map(values.__getitem__, keys)` calls a bound method's wrapper a key: twice the instructions).
    Raises KeyError at a key not there."""
    if len(keys) == 1:
        key = keys[0]
        return lambda values: (values[key],)
    return itemgetter(*keys)


class _Judge(fastlog.Reader):
    """fastlog's rules for a day and for the rest of an entry line, raising Irregular where fastlog
    would leave the line to YAML. Each distinct part (`, by: …, unit: …`, note, amount, `at`) is
    judged once: a large log repeats them in many combinations."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: dict[str, tuple[str | None, str | None]] = {}  # `, by: …, unit: …` -> (by, unit)
        self.amounts: dict[str, float] = {}
        self.stamps: set[str] = set()
        self.ordinal_of: dict[str, int] = {}  # each day as written (`2009-04-03`) -> its ordinal
        self.reading_of: dict[str, tuple[Any, ...]] = {}  # each rest of an entry line (`, by: lina}`) -> tail()
        self.valued = [False] * 5  # whether a rest judged so far has a by, unit, amount, note, `at`
        self.nones: list[dict[int, list[None]]] = [{}, {}, {}, {}, {}]  # for each column: a list of Nones of each length

    def fill_chunk(self, lines: list[str], indent: int, runs: list[tuple[Node, int, int]]) -> None:
        """The columns and end of each ENTRIES node of `runs`, whose lines, in order, are `lines`, each
        `indent` spaces, `- {date: ` (9 characters), the day's 10 and the rest. Each distinct day and rest
        is judged the first time it is seen, then each line's looked up (_lookup). A column no rest judged
        so far has a value in (`unit`, `at`: most plans write neither) is not gathered line by line: a
        run's is a list of Nones, one list for every run of its length and column (model.Columns are read,
        never changed in place; two columns of one log are never one list, so its marshal, the cache's
        blob, is that of lists of their own)."""
        if not lines:
            return
        days = list(map(itemgetter(slice(indent + 9, indent + 19)), lines))
        tails = list(map(itemgetter(slice(indent + 19, None)), lines))
        look_up = _lookup(days)
        try:
            ordinals = list(look_up(self.ordinal_of))
        except KeyError:  # days not judged yet (once a year's days are known, none)
            for day in set(days).difference(self.ordinal_of):
                self.ordinal_of[day] = self.day(day)
            ordinals = list(look_up(self.ordinal_of))
        look_up = _lookup(tails)
        try:
            readings = look_up(self.reading_of)
        except KeyError:
            self.judge_tails(set(tails).difference(self.reading_of))
            readings = look_up(self.reading_of)
        lengths = list(map(len, lines))
        by, unit, amount, note, at, ends = [list(values) if valued else None  # (`ends` for its last value only)
                                            for values, valued in zip(zip(*readings, strict=True), (*self.valued, False),
                                                                      strict=True)]
        by_none, unit_none, amount_none, note_none, at_none = self.nones
        first = 0
        for node, start, count in runs:
            last = first + count
            offsets = list(accumulate(map(add, lengths[first:last - 1], repeat(1)), initial=start + indent + 2))
            node.value = [ordinals[first:last],  # model.Columns
                          by[first:last] if by is not None else by_none.get(count) or by_none.setdefault(count, [None] * count),
                          unit[first:last] if unit is not None else
                          unit_none.get(count) or unit_none.setdefault(count, [None] * count),
                          amount[first:last] if amount is not None else
                          amount_none.get(count) or amount_none.setdefault(count, [None] * count),
                          note[first:last] if note is not None else
                          note_none.get(count) or note_none.setdefault(count, [None] * count),
                          at[first:last] if at is not None else at_none.get(count) or at_none.setdefault(count, [None] * count),
                          offsets]
            node.end = offsets[-1] + 17 + readings[last - 1][5]  # `{date: ` and the day, then the rest to `}`
            first = last

    def judge_tails(self, tails: set[str]) -> None:
        """Each of these rests of entry lines judged (tail), kept in reading_of; `valued` updated."""
        reading_of, valued = self.reading_of, self.valued
        for tail in tails:
            reading_of[tail] = self.tail(tail)
        if not all(valued):
            readings = list(map(reading_of.__getitem__, tails))
            for column in range(5):
                if not valued[column]:
                    values = list(map(itemgetter(column), readings))
                    valued[column] = values.count(None) < len(values)

    def day(self, text: str) -> int:
        ordinal = super().day(text) if _DAY.match(text) else 0
        if not ordinal:
            raise Irregular()
        return ordinal

    def tail(self, text: str) -> tuple[Any, ...]:
        """(by, unit, amount, note, `at` as written, where the mapping ends after the date)."""
        found = _ENTRY_TAIL.match(text)
        if found is None:
            raise Irregular()
        mapping, written_refs, by, unit, amount, written_note, at = found.groups()
        refs = self.ids.get(written_refs) or self.judge_ids(written_refs, by, unit)
        note = None
        if written_note is not None:
            note = self.notes[written_note] if written_note in self.notes else self.judge_note(written_note)
            if note is False:
                raise Irregular()
        value = None
        if amount is not None:
            value = self.amounts.get(amount)
            if value is None:
                value = self.amounts[amount] = float(amount)
                if not number_fits(value):
                    raise Irregular()
        if at is not None and at not in self.stamps:
            try:
                datetime.fromisoformat(at)
            except ValueError:
                raise Irregular() from None
            self.stamps.add(at)
        return refs[0], refs[1], value, note, at, len(mapping)

    def judge_ids(self, written: str, by: str | None, unit: str | None) -> tuple[str | None, str | None]:
        """`by` and `unit` if both are ids YAML reads as text (as fastlog's pattern and reader judge them)."""
        if (by is not None and not ID_PATTERN.match(by)) or (unit is not None and not ID_PATTERN.match(unit)):
            raise Irregular()
        refs = self.judge_refs(written, by, unit)
        if refs is None:
            raise Irregular()
        self.ids[written] = refs
        return refs


class _Flow:
    """A flow list or mapping on one line (`[a, b]`, `{name: 机关, members: [a, b]}`), as YAML reads it.
    Offsets are the text's; nothing here matches a line break, so a collection not closed on its
    line is refused."""

    def __init__(self, text: str) -> None:
        self.text = text

    def collection(self, at: int, depth: int) -> tuple[Node, int]:
        """The collection opening at `at`, and where it ends."""
        text = self.text
        if depth > 50:
            raise Irregular()
        is_map = text[at] == "{"
        node = Node(MAP if is_map else SEQ, at, 0, [], flow=True)
        close = "}" if is_map else "]"
        at = _FLOW_SPACE.match(text, at + 1).end()  # type: ignore[union-attr]
        if text[at : at + 1] == close:
            node.end = at + 1
            return node, at + 1
        seen: set[str] = set()
        while True:
            if is_map:
                key, at = self.scalar(at)
                if key.value in seen or not key.plain or text[at : at + 2] != ": ":
                    raise Irregular()
                seen.add(key.value)
                at = _FLOW_SPACE.match(text, at + 2).end()  # type: ignore[union-attr]
                value, at = self.item(at, depth)
                node.value.append((key, value))
            else:
                value, at = self.item(at, depth)
                node.value.append(value)
            at = _FLOW_SPACE.match(text, at).end()  # type: ignore[union-attr]
            mark = text[at : at + 1]
            if mark == close:
                node.end = at + 1
                return node, at + 1
            if mark != ",":
                raise Irregular()
            at = _FLOW_SPACE.match(text, at + 1).end()  # type: ignore[union-attr]
            if text[at : at + 1] in ("]", "}", ""):
                raise Irregular()  # a trailing comma

    def item(self, at: int, depth: int) -> tuple[Node, int]:
        if self.text[at : at + 1] in ("[", "{"):
            return self.collection(at, depth + 1)
        return self.scalar(at)

    def scalar(self, at: int) -> tuple[Node, int]:
        text = self.text
        found = _FLOW_PLAIN.match(text, at)
        if found is not None:
            plain = found[0]
            return Node(SCALAR, at, at + len(plain), plain, True), found.end()
        found = _FLOW_QUOTED.match(text, at)
        if found is None:
            raise Irregular()
        quoted = found[0]
        inner = quoted[1:-1]
        return Node(SCALAR, at, at + len(quoted), inner.replace("''", "'") if quoted[0] == "'" else inner), found.end()
