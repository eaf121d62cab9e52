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
from datetime import datetime
from itertools import accumulate
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


class _Builder:
    """One pass over the lines, keeping the open block lists and mappings as a stack of frames:
    [node, column, key waiting for its value (or None), offset after that key's colon, keys seen (None
    for a list)]."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.split("\n")
        # line k starts at starts[k] + k (the line breaks are not in the lengths)
        self.starts = list(accumulate(map(len, self.lines), initial=0))
        self.runs: list[tuple[Node, int, int]] = []  # an ENTRIES node and its entry lines' range in `entry_lines`
        self.entry_lines: list[int] = []  # the index of every entry line
        self.prefixes: list[int] = []  # and the length of its `<indent>- {date: `

    def build(self) -> Node | None:
        """The tree (the hot loop of a cold read: one pass per line, the usual `key: value` inline)."""
        lines, starts, match = self.lines, self.starts, _LINE.match
        count = len(lines)
        k = self.first_content_line()
        if k == count:
            return None
        root = Node(MAP, starts[k] + k, 0, [])
        stack: list[list[Any]] = [[root, 0, None, 0, set()]]
        top = stack[0]
        while k < count:
            line = lines[k]
            found = match(line)
            if found is None:
                raise Irregular()
            indent, entry, dash, key, plain, quoted = found.groups()
            start = starts[k] + k  # where the line starts
            k += 1
            column = len(indent)
            if dash is None and entry is None:
                if key is None:
                    if plain is None and quoted is None and found.end() == len(line):
                        continue  # a blank or comment line
                    raise Irregular()  # a value where a key should be
                if top[2] is not None:  # the key of the line before waits for its value
                    top = self.value_below(stack, top, column, False, True, start + column)
                if top[1] != column or top[4] is None:
                    while stack[-1][1] > column or (stack[-1][1] == column and stack[-1][4] is None):
                        stack.pop()[0].end = start + column
                    top = stack[-1]
                    if top[1] != column or top[4] is None:
                        raise Irregular()
                at = start + column
            else:
                if top[2] is not None:
                    top = self.value_below(stack, top, column, True, key is not None, start + column)
                if top[1] != column or top[4] is not None:
                    while stack[-1][1] > column:
                        stack.pop()[0].end = start + column
                    top = stack[-1]
                    if top[1] != column or top[4] is not None:
                        raise Irregular()
                if entry is not None:
                    k = self.run(top[0], line, column, k)
                    continue
                if key is None:
                    top[0].value.append(self.value(found, line, start, plain, quoted))
                    continue
                at = start + found.start(4)
                mapping = Node(MAP, at, 0, [])
                top[0].value.append(mapping)
                top = [mapping, at - start, None, 0, set()]
                stack.append(top)
                if len(stack) > _DEEPEST:
                    raise Irregular()
            # `key: value` or `key:` in the mapping of `top`, the key at `at`
            seen = top[4]
            if key in seen or len(key) > 1000:  # a duplicate (YAML's path reports it); YAML reads a key to 1024
                raise Irregular()
            seen.add(key)
            end = at + len(key)
            if plain is not None:
                value_at = start + found.start(5)
                top[0].value.append((Node(SCALAR, at, end, key, True),
                                     Node(SCALAR, value_at, value_at + len(plain), plain, True)))
            elif quoted is None and found.end() == len(line):
                top[2] = Node(SCALAR, at, end, key, True)
                top[3] = end + 1
            else:
                top[0].value.append((Node(SCALAR, at, end, key, True), self.value(found, line, start, plain, quoted)))
        if top[2] is not None:
            top[0].value.append((top[2], Node(SCALAR, top[3], top[3], "", True)))
        end = len(self.text)
        for frame in stack:
            frame[0].end = end
        self.fill_runs()
        return root

    def first_content_line(self) -> int:
        """The first line that is not blank or a comment (its number; the line count when there is
        none); it must be a key at column 0."""
        for k, line in enumerate(self.lines):
            found = _LINE.match(line)
            if found is None:
                raise Irregular()
            if found.group(2, 3, 4, 5, 6) == (None,) * 5 and found.end() == len(line):
                continue
            if found.group(1) or found.group(4) is None or found.group(3) is not None:
                raise Irregular()
            return k
        return len(self.lines)

    def value_below(self, stack: list[list[Any]], top: list[Any], column: int, dash: bool, key: bool,
                    at: int) -> list[Any]:
        """The value of the key waiting in `top`, as the line at `column` shows it: a block list or
        mapping starting there, or null. Returns the frame on top after it."""
        if column > top[1] or (dash and column == top[1]):
            if dash:
                node = Node(SEQ, at, 0, [])
                frame = [node, column, None, 0, None]
            elif key:
                node = Node(MAP, at, 0, [])
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

    def value(self, found: re.Match[str], line: str, start: int, plain: str | None, quoted: str | None) -> Node:
        """The value on a line: a plain or quoted scalar, or a flow collection."""
        if plain is not None:
            at = start + found.start(5)
            return Node(SCALAR, at, at + len(plain), plain, True)
        if quoted is not None:
            at = start + found.start(6)
            inner = quoted[1:-1]
            return Node(SCALAR, at, at + len(quoted), inner.replace("''", "'") if quoted[0] == "'" else inner)
        column = found.end()
        if column == len(line):
            raise Irregular()  # `- ` and nothing
        node, after = _Flow(line, start).collection(column, 0)
        if _AFTER_FLOW.match(line, after) is None:
            raise Irregular()
        return node

    def run(self, seq: Node, line: str, column: int, k: int) -> int:
        """The run of entry lines starting at line k - 1 (all at its indentation, nothing between),
        as one ENTRIES node of `seq`; their columns are filled in by fill_runs. Returns the line after it."""
        lines, count = self.lines, len(self.lines)
        prefix = line[: column + 9]  # `<indent>- {date: `
        first = k - 1
        while k < count and lines[k].startswith(prefix):
            k += 1
        node = Node(ENTRIES, self.starts[first] + first + column + 2, 0, None)
        seq.value.append(node)
        done = len(self.entry_lines)
        self.entry_lines.extend(range(first, k))
        self.prefixes.extend([column + 9] * (k - first))
        self.runs.append((node, done, len(self.entry_lines)))
        return k

    def fill_runs(self) -> None:
        """Every ENTRIES node's columns and end: each distinct day and each distinct rest of a line
        (`, by: …}` and what follows) judged once for the whole file, as fastlog's reader judges them."""
        if not self.runs:
            return
        lines, starts, numbers, prefixes = self.lines, self.starts, self.entry_lines, self.prefixes
        days = [lines[k][p : p + 10] for k, p in zip(numbers, prefixes, strict=True)]
        tails = [lines[k][p + 10 :] for k, p in zip(numbers, prefixes, strict=True)]
        judge = _Judge()
        ordinal_of = {day: judge.day(day) for day in set(days)}
        reading_of = {tail: judge.tail(tail) for tail in set(tails)}
        ordinals = [ordinal_of[day] for day in days]
        del days
        readings = [reading_of[tail] for tail in tails]
        del tails
        by, unit, amount, note, at, ends = (list(column) for column in zip(*readings, strict=True))
        del readings
        offsets = [starts[k] + k + p - 7 for k, p in zip(numbers, prefixes, strict=True)]  # each `{`
        for node, first, last in self.runs:
            node.value = [ordinals[first:last], by[first:last], unit[first:last], amount[first:last],
                          note[first:last], at[first:last], offsets[first:last]]
            k = numbers[last - 1]
            node.end = starts[k] + k + prefixes[last - 1] + 10 + ends[last - 1]


class _Judge(fastlog.Reader):
    """fastlog's rules for a day and for the rest of an entry line, raising Irregular where fastlog
    would leave the line to YAML."""

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
        if (by is not None and not ID_PATTERN.match(by)) or (unit is not None and not ID_PATTERN.match(unit)):
            raise Irregular()
        refs = self.refs.get(written_refs) if written_refs in self.refs else self.judge_refs(written_refs, by, unit)
        if refs is None:
            raise Irregular()
        note = None
        if written_note is not None:
            known = self.notes[written_note] if written_note in self.notes else self.judge_note(written_note)
            if known is False:
                raise Irregular()
            note = known
        value = None
        if amount is not None:
            value = float(amount)
            if not number_fits(value):
                raise Irregular()
        if at is not None:
            try:
                datetime.fromisoformat(at)
            except ValueError:
                raise Irregular() from None
        return refs[0], refs[1], value, note, at, len(mapping)


class _Flow:
    """A flow list or mapping on one line (`[a, b]`, `{name: 机关, members: [a, b]}`), as YAML reads it."""

    def __init__(self, line: str, start: int) -> None:
        self.line = line
        self.start = start  # the line's offset in the text

    def collection(self, column: int, depth: int) -> tuple[Node, int]:
        """The collection opening at `column`, and the column after it."""
        line, start = self.line, self.start
        if depth > 50:
            raise Irregular()
        is_map = line[column] == "{"
        node = Node(MAP if is_map else SEQ, start + column, 0, [], flow=True)
        close = "}" if is_map else "]"
        column = _FLOW_SPACE.match(line, column + 1).end()  # type: ignore[union-attr]
        if line[column : column + 1] == close:
            node.end = start + column + 1
            return node, column + 1
        seen: set[str] = set()
        while True:
            if is_map:
                key, column = self.scalar(column)
                if key.value in seen or not key.plain or line[column : column + 2] != ": ":
                    raise Irregular()
                seen.add(key.value)
                column = _FLOW_SPACE.match(line, column + 2).end()  # type: ignore[union-attr]
                value, column = self.item(column, depth)
                node.value.append((key, value))
            else:
                value, column = self.item(column, depth)
                node.value.append(value)
            column = _FLOW_SPACE.match(line, column).end()  # type: ignore[union-attr]
            mark = line[column : column + 1]
            if mark == close:
                node.end = start + column + 1
                return node, column + 1
            if mark != ",":
                raise Irregular()
            column = _FLOW_SPACE.match(line, column + 1).end()  # type: ignore[union-attr]
            if line[column : column + 1] in ("]", "}", ""):
                raise Irregular()  # a trailing comma

    def item(self, column: int, depth: int) -> tuple[Node, int]:
        if self.line[column : column + 1] in ("[", "{"):
            return self.collection(column, depth + 1)
        return self.scalar(column)

    def scalar(self, column: int) -> tuple[Node, int]:
        line, at = self.line, self.start + column
        found = _FLOW_PLAIN.match(line, column)
        if found is not None:
            text = found[0]
            return Node(SCALAR, at, at + len(text), text, True), found.end()
        found = _FLOW_QUOTED.match(line, column)
        if found is None:
            raise Irregular()
        quoted = found[0]
        inner = quoted[1:-1]
        return Node(SCALAR, at, at + len(quoted), inner.replace("''", "'") if quoted[0] == "'" else inner), found.end()
