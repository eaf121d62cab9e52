"""A fast path for the completion lines planctl writes, so large logs need not go through YAML event by event.

A line such as `          - {date: 2009-04-03, by: zhangwei, amount: 2, note: 初稿, at: 2026-11-25T08:00:00+08:00}`
is read with one regular expression, and each run of such lines is collapsed to one placeholder
line `- x` before the YAML parse, so the parser sees one scalar instead of a dozen events a line;
offsets of the parse are mapped back to the original text. Only lines whose meaning is
certain are taken: anything unusual (other keys or order, quoting YAML and JSON disagree on, values
that YAML would read as another type, impossible dates) is left to the full YAML path, which is the
reference; tests check that both give the same plan.
"""

from __future__ import annotations

import bisect
import functools
import re
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from planctl.format.rules import ID_PATTERN, ID_REGEX, number_fits
from planctl.format.yamltree import SEQ, MaskMismatch, compose, plain_value
from planctl.model import Completion

_NOT_IN_NOTE = r",\[\]{}#:?\"\x7f-\x9f\u2028\u2029"  # flow indicators, comments, quotes, other line breaks
_PLAIN_NOTE = rf"[^\s\-?:,\[\]{{}}#&*!|>'\"%@`0-9.+~\x7f-\x9f\u2028\u2029](?:[^{_NOT_IN_NOTE}\r\n]*[^\s{_NOT_IN_NOTE}])?"
# \uXXXX escapes of surrogates (D800–DFFF) are left to the YAML reader, which refuses them.
_QUOTED_NOTE = r'"(?:[^"\\\x00-\x1f\x7f-\x9f\u2028\u2029]|\\["\\/bfnrt]|\\u(?![dD][89a-fA-F])[0-9a-fA-F]{4})*"'
def entry_tail(ident: str = ID_REGEX) -> str:
    """The pattern of an entry line's mapping after its date, to its `}` (format/fasttree.py reads it
    alone, with a looser `ident` whose matches it checks against rules.ID_PATTERN after)."""
    return (
        rf"((?:, by: ({ident}))?"  # by and unit together (group 4 of ENTRY_LINE), so that a run's reader judges each pair once
        rf"(?:, unit: ({ident}))?)"
        r"(?:, amount: ((?:0|[1-9][0-9]*)(?:\.[0-9]+)?))?"
        rf"(?:, note: ({_PLAIN_NOTE}|{_QUOTED_NOTE}))?"
        r"(?:, at: (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{3})?(?:[+-]\d\d:\d\d)?))?\}"  # ms and offset as planctl writes them
    )


def _entry_line(ident: str) -> re.Pattern[str]:
    """ENTRY_LINE with `ident` as the pattern of `by` and `unit`."""
    return re.compile(
        rf"^(?P<indent>[ ]*)- (?P<map>\{{date: (\d{{4}}-\d\d-\d\d){entry_tail(ident)})"
        r"[ ]*(?:#[^\r\n\x85\u2028\u2029]*)?(?P<eol>\r?\n|\Z)",  # YAML ends a comment at NEL, LS and PS too
        re.M,
    )


@functools.cache
def _loose_entry_line() -> re.Pattern[str]:
    """ENTRY_LINE with any run of characters other than blanks, `,`, `{`, `}` and `:` as `by` and `unit`
    (an id never holds them, and each is followed by `,` or `}`): compiled in a third of ENTRY_LINE's
    time, whose classes of Chinese characters the compiler walks one by one (`entry_line_match`)."""
    return _entry_line(r"[^\s,{}:]+")


def entry_line_match(text: str, start: int = 0, end: int | None = None) -> re.Match[str] | None:
    """`ENTRY_LINE.fullmatch(text, start, end)`, with the same groups, for a command that matches a line
    or two (`done`, `undo`): the loose pattern, then `by` and `unit` checked as ids (rules.ID_PATTERN)."""
    match = _loose_entry_line().fullmatch(text, start, len(text) if end is None else end)
    if match is None:
        return None
    by, unit = match.group(5, 6)
    if (by is not None and not ID_PATTERN.match(by)) or (unit is not None and not ID_PATTERN.match(unit)):
        return None
    return match


_NOT_PRINTABLE_CODES = frozenset([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0x85),
                                  *range(0x86, 0xA0), 0xFFFE, 0xFFFF])


def printable(text: str) -> bool:
    """Whether `text` holds nothing NON_PRINTABLE matches, for a short text (a line `done` writes),
    without compiling that pattern."""
    return not any(code in _NOT_PRINTABLE_CODES or 0xD800 <= code <= 0xDFFF for code in map(ord, text))


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """ENTRY_LINE and NON_PRINTABLE, compiled when first used (compiling them takes a few milliseconds,
    which a read through format/fasttree.py does without)."""
    entry_line = _entry_line(ID_REGEX)
    # What YAML refuses anywhere in a stream; masked text would hide it from the parser, so such a
    # file takes the full YAML path and gets its located error.
    # Written as the characters it refuses, not as `[^…]` of those YAML allows: the same set, but the
    # negated class takes 5 ms to compile, a twentieth of a short command.
    non_printable = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
    return entry_line, non_printable


if TYPE_CHECKING:
    from planctl.errors import Problem
    from planctl.format.yamltree import Node

    ENTRY_LINE: re.Pattern[str]  # an entry line as planctl writes it (groups: see Reader.row)
    NON_PRINTABLE: re.Pattern[str]


def __getattr__(name: str) -> Any:
    """ENTRY_LINE and NON_PRINTABLE (PEP 562), compiled on first use."""
    if name == "ENTRY_LINE":
        return _patterns()[0]
    if name == "NON_PRINTABLE":
        return _patterns()[1]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class EntryRun:
    """A run of consecutive entry lines, replaced in the masked text by one line `<indent>- x`."""

    __slots__ = ("masked_start", "masked_x", "masked_end", "orig_start", "orig_first", "orig_last_end", "orig_end",
                 "entries")

    def __init__(self, masked_start: int, masked_x: int, masked_end: int, orig_start: int, orig_first: int,
                 orig_last_end: int, orig_end: int, entries: list[Any]) -> None:
        self.masked_start = masked_start  # where the placeholder line starts in the masked text
        self.masked_x = masked_x  # the offset of its `x`
        self.masked_end = masked_end  # just after its line break
        self.orig_start = orig_start  # where the first entry line starts in the original text
        self.orig_first = orig_first  # the first entry's `{`
        self.orig_last_end = orig_last_end  # just after the last entry's `}`
        self.orig_end = orig_end  # just after the last entry line's line break
        self.entries = entries  # their rows while reading, then model.Columns


class Masked(NamedTuple):
    """The text the YAML parser reads, and how to map its offsets back to the original text."""

    text: str
    blocks: list[EntryRun]
    starts: list[int]  # masked_start of each block, for bisect

    def original(self, offset: int) -> int:
        i = bisect.bisect_right(self.starts, offset) - 1
        if i < 0:
            return offset
        block = self.blocks[i]
        if offset >= block.masked_end:
            return block.orig_end + (offset - block.masked_end)
        if offset < block.masked_x:
            return block.orig_start + (offset - block.masked_start)
        if offset == block.masked_x:
            return block.orig_first
        if offset == block.masked_x + 1:
            return block.orig_last_end
        return block.orig_end - (block.masked_end - offset)


def mask(text: str) -> Masked | None:
    """The text with each run of planctl's entry lines collapsed to one placeholder line, or None
    when there is nothing to collapse (or the text holds characters YAML refuses, which masking
    would hide from the parser)."""
    entry_line, non_printable = _patterns()
    if "{date: " not in text or non_printable.search(text):
        return None
    blocks: list[EntryRun] = []
    pieces: list[str] = []
    copied = 0  # how much of the text is in `pieces`
    masked_len = 0
    current: EntryRun | None = None
    run_indent, run_end, map_end = "", -1, -1  # the current run's, kept here until it closes
    rows: list[tuple[Any, ...]] = []  # the current run's entries, made columns when it closes
    row_of = Reader().row
    for match in entry_line.finditer(text):
        row = row_of(match)
        if row is None:  # a line left to YAML ends the run
            if current is not None and run_end >= 0:
                current.orig_last_end, current.orig_end = map_end, run_end
            run_end = -1
            continue
        start = match.start()
        if start == run_end and match[1] == run_indent:
            rows.append(row)
            run_end, map_end = match.end(), match.end(2)
            continue
        if current is not None:
            if run_end >= 0:
                current.orig_last_end, current.orig_end = map_end, run_end
            masked_len = _close(current, text, pieces, masked_len)
            copied = current.orig_end
        indent = match[1]
        pieces.append(text[copied:start])
        masked_len += start - copied
        copied = start
        rows = [row]
        run_indent, run_end, map_end = indent, match.end(), match.end(2)
        current = EntryRun(masked_len, masked_len + len(indent) + 2, 0, start, row[6], map_end, run_end, rows)
        blocks.append(current)
    if current is not None:
        if run_end >= 0:
            current.orig_last_end, current.orig_end = map_end, run_end
        masked_len = _close(current, text, pieces, masked_len)
        copied = current.orig_end
    if not blocks:
        return None
    pieces.append(text[copied:])
    for block in blocks:  # one pass of C for each run: rows to columns
        block.entries = [list(column) for column in zip(*block.entries, strict=True)]
    return Masked("".join(pieces), blocks, [b.masked_start for b in blocks])


def _close(block: EntryRun, text: str, pieces: list[str], masked_len: int) -> int:
    """Append the placeholder line for a finished block; return the masked length after it."""
    last_line_end = text[block.orig_last_end : block.orig_end]
    eol = "\r\n" if last_line_end.endswith("\r\n") else "\n" if last_line_end.endswith("\n") else ""
    indent = text[block.orig_start : block.orig_first - 2]
    placeholder = f"{indent}- x{eol}"
    pieces.append(placeholder)
    block.masked_end = masked_len + len(placeholder)
    return block.masked_end


def entry_of(match: re.Match[str]) -> Completion | None:
    """The completion on a matched line, or None when the full YAML reader could read it otherwise
    (or find a problem in it): such a line is left to that reader. The rules are the full
    reader's (`rules.py`, `yamltree.plain_value`), applied to what this reader's pattern lets through."""
    day_text, by, unit, amount, note, at = match.group(3, 5, 6, 7, 8, 9)
    if not (_is_text(by) and _is_text(unit) and (note is None or note.startswith('"') or _is_text(note))):
        return None
    value = float(amount) if amount else None
    if value is not None and not number_fits(value):
        return None
    try:
        day = date.fromisoformat(day_text)
        stamp = datetime.fromisoformat(at) if at else None
    except ValueError:
        return None
    if note is not None and note.startswith('"'):
        import json  # here: most notes are plain

        note = json.loads(note)
    return Completion(date=day, by=by, unit=unit, amount=value, note=note or None, at=stamp, pos=match.start("map"))


class Reader:
    """`entry_of` for many lines, as rows of columns, remembering what it worked out for each distinct value: a large
    log repeats its people, units, notes and days, so each is judged (and stored) once, and equal
    values share one string object."""

    def __init__(self) -> None:
        self.refs: dict[str, tuple[str | None, str | None] | None] = {}  # `, by: x, unit: y` -> (by, unit); None: not text
        self.notes: dict[str, str | None | bool] = {}  # a note as written -> the note; False: not text
        self.days: dict[str, int] = {}  # ISO day -> its ordinal (0: no such day)
        self.same: dict[str, str] = {}  # one object per distinct id or note

    def judge_refs(self, written: str, by: str | None, unit: str | None) -> tuple[str | None, str | None] | None:
        """`by` and `unit` (one object for each distinct value), or None when YAML reads either as other than text."""
        same = self.same
        pair = None
        if _is_text(by) and _is_text(unit):
            pair = (by if by is None else same.setdefault(by, by), unit if unit is None else same.setdefault(unit, unit))
        self.refs[written] = pair
        return pair

    def judge_note(self, written: str) -> str | None | bool:
        """The note written so (one object for each distinct note; None for an empty one), or False when
        YAML reads it as other than text."""
        if written.startswith('"'):
            import json  # here: most notes are plain

            note: str | None | bool = json.loads(written) or None
        else:
            note = written if _is_text(written) else False
        if isinstance(note, str):
            note = self.same.setdefault(note, note)
        self.notes[written] = note
        return note

    def day(self, text: str) -> int:
        """The ordinal of an ISO day, 0 for no such day; remembered."""
        try:
            ordinal = date.fromisoformat(text).toordinal()
        except ValueError:
            ordinal = 0
        self.days[text] = ordinal
        return ordinal

    def row(self, match: re.Match[str]) -> tuple[Any, ...] | None:
        """The entry on a matched line as a row of model.Columns (day ordinal, by, unit, amount, note,
        `at` as written, offset), or None where `entry_of` gives None: the same rules, judged once
        for each distinct value."""
        day_text, written_refs, by, unit, amount, written_note, at = match.group(3, 4, 5, 6, 7, 8, 9)
        try:
            refs = self.refs[written_refs]
        except KeyError:
            refs = self.judge_refs(written_refs, by, unit)
        if refs is None:
            return None
        note = None
        if written_note is not None:
            try:
                known = self.notes[written_note]
            except KeyError:
                known = self.judge_note(written_note)
            if known is False:
                return None
            note = known
        value = None
        if amount is not None:
            value = float(amount)
            if not number_fits(value):
                return None
        day = self.days.get(day_text) or self.day(day_text)
        if not day:
            return None
        if at is not None:
            try:
                datetime.fromisoformat(at)
            except ValueError:
                return None
        return (day, refs[0], refs[1], value, note, at, match.start(2))


def _is_text(plain: str | None) -> bool:
    """Whether a plain scalar is text for YAML (not null, a boolean or a number); None: absent."""
    return plain is None or isinstance(plain_value(plain), str)


LONG_LOG = 65536  # characters: masking the log's lines pays off only on items this long


def compose_item(snippet: str, problems: list[Problem]) -> Node | None:
    """The node of the one item that `snippet` (an item's lines cut from a plan, `- ` and all) holds, composed
    as the plan is (through `mask` when longer than LONG_LOG); None when the lines hold no single item. What
    the reader refuses is appended to `problems`."""
    try:
        tree = compose(snippet, problems, mask(snippet) if len(snippet) > LONG_LOG else None)
    except MaskMismatch:
        problems.clear()
        tree = compose(snippet, problems)
    return tree.value[0] if tree is not None and tree.kind == SEQ and len(tree.value) == 1 else tree
