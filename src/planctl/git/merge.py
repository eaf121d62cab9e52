"""A three-way merge of plan files that treats completion logs as multisets.

How a merge goes:

1. Each version (base, ours, theirs) is decoded; the BOM is dropped and base and theirs take
   our line endings when they use one style throughout. Our BOM, line endings and final newline
   are put back at the end, so the result keeps our file's style.
2. In each version, every task's and quota's log block (the `log:` line and one line per entry)
   is replaced by one anchor line, and an item without a log gets an anchor line where `planctl
   done` would write its `log:`. The anchors are the same line in all three versions, so the rest
   of the file can be merged by `git merge-file` exactly as git merges text, with no log lines in
   the way.
3. Each item's log is merged as a multiset of entries (an entry is what it says: date, by, unit,
   amount, note, at, and how it is written, see as_written): our entries in our order, less those theirs removed since base (the latest
   of equal ones go first), then the entries theirs added since base, in their order. An entry
   with `at` that both sides added is one record, kept once (a cherry-pick, a rebase); one
   without `at` that both sides added (or took back) is a doubt, left between conflict markers
   (see merge_logs). Items are matched by id; an item both sides renamed alike merges against
   the old item's log (see _renames); an item one side renamed and the other kept is merged under
   its new id, so the other side's completions land under the renamed item.
4. Each anchor is replaced by the merged log block: our lines kept verbatim, theirs' added lines
   indented as ours are.
5. The result is read again and must be a valid plan whose every log holds exactly the expected
   entries. With conflict markers (a real text conflict), each way of resolving the conflicts is
   read and checked the same way.

When the three versions differ only in their logs (teammates' completions, the common case: in
log blocks, or in a one-line item's `, log: […]`), fast_merge gives the same result with one read
of the plan instead of four (see its docstring);
otherwise, or when it cannot vouch for its result, the steps above run.

Anything else — an entry logged on an item the other side deleted, an input that is not a valid
plan, a result that does not check — falls back to a plain `git merge-file` of the three files
as they are, which is never reported as clean: the merge stops and a person looks.
Flow-list logs (`log: []`, `log: [{…}, {…}]`) and entries written as block mappings over several
lines are taken out too; such a log the merge leaves as it was keeps its text, one it changes is
written one entry a line. Other logs (comments between entries…) are not taken out; git merges them
as text and step 5 still checks them (a failure there is LogNotMerged).
"""

from __future__ import annotations

import re
import secrets
import subprocess
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from planctl.format.loaded import Loaded
from planctl.format.loader import load_source
from planctl.format.names import with_id
from planctl.format.source import BOM, Source, SourceProblem, decode
from planctl.format.yamltree import MAP, SCALAR, SEQ, Node
from planctl.i18n import N_, _, ngettext
from planctl.model import Completion, Quota, Task
from planctl.store.writer import column, content_end, end_of_line, entry_text, sequence_indent

Key = tuple[object, ...]

_LOG_KEY_REST = re.compile(r"[ \t]*:[ \t]*(#.*)?$")
_ENTRY_REST = re.compile(r"[ \t]*(#.*)?$")
CONFLICT_STYLES = ("merge", "diff3", "zdiff3")


@dataclass
class MergeResult:
    """What to write into OURS, and whether the merge is clean."""

    data: bytes
    conflicts: int  # conflict regions left in `data` (0: clean); a fallback always counts at least 1
    semantic: bool  # False when planctl fell back to a plain text merge
    notes: list[str] = field(default_factory=list)  # why it fell back, or what stayed in conflict
    logged_on_deleted: list[str] = field(default_factory=list)  # ids of items one side logged on, the other deleted
    unmerged_logs: list[str] = field(default_factory=list)  # ids of items whose log's form the merge cannot join
    unmerged_forms: list[str] = field(default_factory=list)  # what those logs' forms are (merge.log_form), '' unknown
    joined: list[tuple[str, str]] = field(default_factory=list)  # (item id, entry as written): added alike by both sides, kept once
    doubtful_logs: list[str] = field(default_factory=list)  # ids of items whose log holds a doubt between markers
    edited_logs: list[str] = field(default_factory=list)  # those of them whose doubt is one completion both sides changed
    titles: dict[str, str] = field(default_factory=dict)  # item id -> title, for the items the lists above name

    @property
    def clean(self) -> bool:
        return self.semantic and self.conflicts == 0

    def named(self, ident: str) -> str:
        """An item the lists above hold, as a reader knows it: `座谈会 (talk)` (format/names.with_id)."""
        return with_id(self.titles.get(ident, ""), ident)


class Fallback(Exception):
    """The semantic merge cannot vouch for a result; merge as plain text and stop."""


class LogNotMerged(Fallback):
    """The log of item `ident` is in a form the semantic merge does not take out (comments between entries, a
    flow list of something else…), and git's text merge of it did not give ours plus what theirs changed."""

    def __init__(self, message: str, ident: str, form: str = "", title: str = "") -> None:
        super().__init__(message)
        self.ident = ident
        self.title = title
        self.form = form  # what form the log is in (merge.log_form), '' when not known


class DeletedButLogged(Fallback):
    """One side logged on item `ident`, which the other side deleted (or renamed past recognition)."""

    def __init__(self, message: str, ident: str, title: str = "") -> None:
        super().__init__(message)
        self.ident = ident
        self.title = title


@dataclass
class Labels:
    ours: str = "ours"
    base: str = "base"
    theirs: str = "theirs"


# --- the entry point -------------------------------------------------------------------------


def merge_plans(base: bytes, ours: bytes, theirs: bytes, *, path: str = "plan.yaml", marker_size: int = 7,
                conflict_style: str = "merge", labels: Labels | None = None, fast: bool = True,
                ours_valid: bool = False) -> MergeResult:
    """Merge three versions of a plan file; never raises for bad input (falls back instead).

    `fast`: try fast_merge first (the same result, sooner, when only log lines differ). `ours_valid`:
    the caller knows `ours` is a valid plan (store.cache.known_valid), which fast_merge uses.
    """
    labels = labels or Labels()
    if theirs == base:
        return MergeResult(ours, 0, True)
    if ours == base:
        return MergeResult(theirs, 0, True)
    try:
        quick = fast_merge(base, ours, theirs, path=path, marker_size=marker_size, ours_valid=ours_valid) if fast else None
        return quick or _semantic(base, ours, theirs, path, marker_size, conflict_style, labels)
    except Fallback as why:
        data, conflicts = merge_text(ours, base, theirs, marker_size, conflict_style, labels)
        deleted = [why.ident] if isinstance(why, DeletedButLogged) else []
        logs = [why.ident] if isinstance(why, LogNotMerged) else []
        forms = [why.form] if isinstance(why, LogNotMerged) else []
        titles = {why.ident: why.title} if isinstance(why, (DeletedButLogged, LogNotMerged)) else {}
        return MergeResult(data, max(conflicts, 1), False, [str(why)], deleted, logs, forms, titles=titles)


# --- one version, with its logs taken out --------------------------------------------------


@dataclass
class Entry:
    key: Key
    line: str  # the whole line, without its line break
    content: str  # from the entry's `{` to the end of the line, without the line break


@dataclass
class LogBlock:
    """One item's log block: the `log:` line and one line per entry (start/end: whole lines)."""

    start: int
    end: int
    key_line: str  # without its line break
    entries: list[Entry]
    original: str | None = None  # a block not in one-line form: its text, without the last line break


@dataclass
class InlineLog:
    """The log of a flow-mapping item (`{id: t1, title: …, log: [{date: …}]}`), as `planctl done` writes it.

    `start`..`end`: the text taken out for the merge, the `log` pair with the comma before it (where
    `done` would write `, log: […]` when the item has none: an empty span after its last value).
    Offsets into `original` (the taken-out text): `open` just after its `[`, `last_end` just after
    its last entry (`open` with none), `close` at its `]`; all -1 without a log.
    """

    start: int
    end: int
    entries: list[Entry]
    original: str
    open: int = -1
    last_end: int = -1
    close: int = -1


@dataclass
class ItemInfo:
    node: Node  # the item's mapping
    nesting: int
    keys: list[Key]  # the log, as entry keys
    block: LogBlock | None  # None: no log, or a log that is left to the text merge
    simple: bool  # its log is absent or one entry per line
    kind: str = "task"  # "task" or "quota"; with title and outline, what a renamed item is recognised by
    title: str = ""
    outline: str = ""
    inline: InlineLog | None = None  # a flow-mapping item's log (`simple` when it can be taken out)
    form: str = ""  # why the log is left to the text merge (LogNotMerged says it), '' when it is not
    written: list[Key] = field(default_factory=list)  # the log as entries are written (`as_written`), when `simple`


@dataclass
class Version:
    name: str
    text: str
    newline: str
    loaded: Loaded | None
    items: dict[str, ItemInfo]
    root: Node | None


def _decode(name: str, raw: bytes, path: str, allow_empty: bool) -> tuple[str, bool]:
    """The text without BOM, and whether it had one; Fallback when it cannot be a plan."""
    if allow_empty and not raw.strip():
        return "", raw.startswith(BOM.encode())
    try:
        source = decode(f"{path} ({name})", raw)
    except SourceProblem as exc:
        raise Fallback(_("{name} is not a readable plan: {problem}").format(name=_(name), problem=exc.problem.message)) from None
    return source.text, source.has_bom


def _newline_style(text: str) -> str | None:
    """'\\r\\n' or '\\n' when the text uses one style throughout (or has no line break), else None."""
    lf = text.count("\n")
    crlf = text.count("\r\n")
    if crlf == 0:
        return "\n"
    return "\r\n" if crlf == lf else None


def _convert(text: str, newline: str) -> str:
    style = _newline_style(text)
    if style is None or style == newline:
        return text
    return text.replace("\r\n", "\n") if newline == "\n" else text.replace("\n", "\r\n")


def _load(name: str, text: str, path: str) -> Version:
    first = text.find("\n")
    newline = "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"
    if not text.strip():
        return Version(name, text, newline, None, {}, None)
    loaded = _read(Source(f"{path} ({name})", text))
    if loaded.errors or loaded.plan is None or loaded.tree is None:
        first_error = loaded.errors[0] if loaded.errors else None
        where = _(" ({line}:{column}: {message})").format(line=first_error.line, column=first_error.column,
                                                          message=first_error.message) if first_error else ""
        raise Fallback(_("{name} is not a valid plan{where}").format(name=_(name), where=where))
    items: dict[str, ItemInfo] = {}
    for item in loaded.plan.items():
        if item.id in items:  # validate() reports duplicates; be safe anyway
            raise Fallback(_("{name} has two items with id '{id}'").format(name=_(name), id=item.id))
        nesting = item.depth if isinstance(item, Task) else (item.parent.depth + 1 if item.parent else 1)
        inline = inline_log(text, item.node, item.log) if item.node.flow else None
        block, simple = (None, inline is not None) if item.node.flow else _log_block(text, item.node, item.log)
        kind = "task" if isinstance(item, Task) else "quota"
        form = "" if simple else log_form(text, item.node)
        keys = [e.key() for e in item.log]
        taken_out = inline.entries if inline is not None else block.entries if block is not None else []
        written = [as_written(key, entry.content) for key, entry in zip(keys, taken_out, strict=True)] if simple else keys
        items[item.id] = ItemInfo(item.node, nesting, keys, block, simple, kind,
                                  " ".join(item.title.split()), item.outline, inline, form, written)
    return Version(name, text, newline, loaded, items, loaded.tree)


def _read(source: Source) -> Loaded:
    """Load a plan on the loader's fast path for entry lines (the same plan, sooner)."""
    return load_source(source, fast=True)


def _line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def _log_block(text: str, node: Node, log: Sequence[Completion]) -> tuple[LogBlock | None, bool]:
    """An item's log block when it is a `log:` line and whole entry lines, a flow list of entries
    (`log: []`, `log: [{date: …}]`, on one line or several), or entries written as block mappings
    (`- date: …` / `  by: …`); (None, False) if not.

    Entries are found by their completions' offsets, not by tree nodes: the loader may read
    planctl's own entry lines without a node for each. A block not in one-line form keeps its text
    (`LogBlock.original`) for a merge that leaves its log as it was, and is written out in
    planctl's own form (one `- {date: …}` line an entry) when the merge changes it.
    """
    if node.kind != MAP or node.flow:
        return None, False
    log_key = log_value = None
    for key, value in node.pairs():
        if key.value == "log":
            log_key, log_value = key, value
    if log_key is None or log_value is None:
        return None, True
    start = _line_start(text, log_key.start)
    key_eol = end_of_line(text, log_key.end)
    if text[start:log_key.start].strip():
        return None, False
    key_line = text[start:key_eol].rstrip("\r\n")
    if log_value.kind == SEQ and log_value.flow:
        return _flow_log_block(text, start, key_eol, key_line, log_value, log)
    if not _LOG_KEY_REST.match(text[log_key.end:key_eol].rstrip("\r\n")):
        return None, False
    if log_value.kind == SCALAR and log_value.start == log_value.end:  # `log:` with nothing under it
        return LogBlock(start, key_eol, key_line, []), True
    if log_value.kind != SEQ or log_value.flow or not log:
        return None, False
    entries: list[Entry] = []
    at = key_eol
    for completion in log:
        pos = completion.pos
        line_start = _line_start(text, pos)
        eol = end_of_line(text, pos)
        end = flow_mapping_end(text, pos, eol)
        if line_start != at or end is None or text[line_start:pos].strip() != "-" \
                or not _ENTRY_REST.match(text[end:eol].rstrip("\r\n")):
            return _spread_log_block(text, start, key_eol, key_line, log_value, log)
        entries.append(Entry(completion.key(), text[line_start:eol].rstrip("\r\n"), text[pos:eol].rstrip("\r\n").rstrip()))
        at = eol
    return LogBlock(start, at, key_line, entries), True


def _flow_log_block(text: str, start: int, key_eol: int, key_line: str, value: Node, log: Sequence[Completion]
                    ) -> tuple[LogBlock | None, bool]:
    """`log: [{date: …}, …]`, from the `log:` line or the next, on one line or over several (each entry on
    one line or over several, nothing after the `]` but a comment): its entries, each a flow mapping,
    written on one line (`flow_mapping_span`); (None, False) for any other flow list."""
    end = end_of_line(text, value.end)
    if text[key_eol:value.start].strip() \
            or text[value.end:end].strip() and not text[value.end:end].strip().startswith("#"):
        return None, False
    indent = len(key_line) - len(key_line.lstrip(" "))
    entries: list[Entry] = []
    at = value.start + 1  # just after `[`
    for completion in log:
        pos = completion.pos
        span = flow_mapping_span(text, pos, value.end) if pos < value.end else None
        if span is None or text[at:pos].strip() not in ("", ","):
            return None, False
        close, content = span
        entries.append(Entry(completion.key(), " " * (indent + 2) + "- " + content, content))
        at = close
    if text[at:value.end].strip() not in ("]", ",]") and text[at:value.end].replace(",", "").strip() != "]":
        return None, False
    return LogBlock(start, end, " " * indent + "log:", entries, text[start:end].rstrip("\r\n")), True


def _spread_log_block(text: str, start: int, key_eol: int, key_line: str, value: Node, log: Sequence[Completion]
                      ) -> tuple[LogBlock | None, bool]:
    """A block list whose entries are block mappings (`- date: …` / `  by: …`) or flow mappings, one line
    each or several, with nothing between them: each entry's lines kept as they are, and for copying it
    into the other side's log, the flow mapping on one line (`flow_mapping_span`), a block mapping in
    planctl's one-line form (`store.writer.entry_text`)."""
    children = value.value if isinstance(value.value, list) else []  # one-line entries may be one placeholder
    mappings = {child.start: child for child in children
                if isinstance(child, Node) and child.kind == MAP and not child.flow}
    entries: list[Entry] = []
    at = key_eol
    for completion in log:
        pos = completion.pos
        line_start = _line_start(text, pos)
        if line_start != at or text[line_start:pos].strip() != "-":
            return None, False
        block = mappings.get(pos)
        if block is not None:
            end, content = end_of_line(text, content_end(text, block)), entry_text(completion)
        else:
            span = flow_mapping_span(text, pos, len(text))
            if span is None or not _ENTRY_REST.match(text[span[0]:end_of_line(text, span[0])].rstrip("\r\n")):
                return None, False
            end, content = end_of_line(text, span[0]), span[1]
        entries.append(Entry(completion.key(), text[line_start:end].rstrip("\r\n"), content))
        at = end
    return LogBlock(start, at, key_line, entries, text[start:at].rstrip("\r\n")), True


def inline_log(text: str, node: Node, log: Sequence[Completion]) -> InlineLog | None:
    """The log of the flow-mapping item `node` as a span to take out (see InlineLog): a flow list of flow
    mappings (each on one line or over several), or no `log` key; None for any other form."""
    pairs = node.pairs()
    index = next((i for i, (key, _value) in enumerate(pairs) if key.value == "log"), None)
    if index is None:
        at = pairs[-1][1].end if pairs else node.start + 1
        return InlineLog(at, at, [], "")
    key, value = pairs[index]
    if value.kind != SEQ or not value.flow or any(k.value == "log" for k, _v in pairs[index + 1:]):
        return None
    if index > 0:
        start, end = pairs[index - 1][1].end, value.end
        if text[start:key.start].replace(",", "", 1).strip():
            return None
    else:
        start, end = key.start, pairs[1][0].start if len(pairs) > 1 else value.end
        if text[value.end:end].replace(",", "", 1).strip():
            return None
    entries: list[Entry] = []
    at = value.start + 1
    for completion in log:
        span = flow_mapping_span(text, completion.pos, value.end) if value.start < completion.pos < value.end else None
        if span is None or text[at:completion.pos].replace(",", "", 1).strip():
            return None
        at, content = span
        entries.append(Entry(completion.key(), content, content))
    if text[at:value.end - 1].replace(",", "", 1).strip() or text[value.end - 1:value.end] != "]":
        return None
    return InlineLog(start, end, entries, text[start:end], value.start + 1 - start, at - start, value.end - 1 - start)


def unjoinable_form(text: str, item: Task | Quota) -> str:
    """'' when the merge takes `item`'s log out and joins it as a multiset; else what keeps it from that,
    in the reader's words (`log_form`): such a log is merged as text, and both sides' completions conflict."""
    node = item.node
    joinable = inline_log(text, node, item.log) is not None if node.flow else _log_block(text, node, item.log)[1]
    return "" if joinable else log_form(text, node) or _("its log is in a form planctl cannot join")


def log_form(text: str, node: Node) -> str:
    """What keeps an item's log from being taken out for the merge, in the reader's words (for LogNotMerged)."""
    log = node.get("log") if node.kind == MAP else None
    if log is None:
        return ""
    span = text[log.start:log.end]
    if log.kind != SEQ:
        return _("its log is not a list")
    if re.search(r"(^|[ \t\r\n])#", span):
        return _("a comment among its entries")
    if any(child.kind != MAP for child in log.value if isinstance(child, Node)):
        return _("an entry that is not a mapping")
    return _("its entries are neither one '- {date: …}' line each nor one [{…}, {…}] list")


_LINE_BREAK_IN_FLOW = re.compile(r"[ \t]*\r?\n[ \t]*")
_NOT_FOLDABLE = re.compile(r"(^|[ \t\r\n])#|\n[ \t]*\r?\n|\\\r?\n")


def flow_mapping_span(text: str, pos: int, limit: int) -> tuple[int, str] | None:
    """Just after the `}` closing the flow mapping that opens at `pos` (before `limit`; it may run over
    lines), and the mapping written on one line: each line break, with the blanks around it, as the one
    space YAML folds it to (YAML 1.2 §7.3, §7.4). None when it does not close, or when its lines cannot be
    joined with the same meaning (a comment, a blank line, a line break escaped in a double-quoted scalar)."""
    eol = end_of_line(text, pos)
    end = flow_mapping_end(text, pos, min(eol, limit))
    if end is not None:
        return end, text[pos:end]
    end = flow_mapping_end(text, pos, limit)
    if end is None or _NOT_FOLDABLE.search(text, pos, end):
        return None
    return end, _LINE_BREAK_IN_FLOW.sub(" ", text[pos:end])


_FLOW_OPEN = "{["
_FLOW_CLOSE = "}]"
_SIMPLE_FLOW_MAPPING = re.compile(r"\{[^{}\[\]\"'\r\n]*\}")


def flow_mapping_end(text: str, pos: int, eol: int) -> int | None:
    """Just after the `}` closing the flow mapping that opens at `pos`, if it closes on this line."""
    simple = _SIMPLE_FLOW_MAPPING.match(text, pos, eol)
    if simple is not None:
        return simple.end()
    if text[pos:pos + 1] != "{":
        return None
    return _flow_close(text, pos, eol)


def flow_collection_end(text: str, pos: int, eol: int) -> int | None:
    """Just after the `}` or `]` closing the flow mapping or list that opens at `pos`, if it closes before `eol`."""
    return _flow_close(text, pos, eol) if text[pos:pos + 1] in _FLOW_OPEN else None


def _flow_close(text: str, pos: int, eol: int) -> int | None:
    depth = 0
    i = pos
    previous = ""  # the last character outside quotes that is not a space
    while i < eol:
        char = text[i]
        if char in "\"'" and previous in ("", "{", "[", ",", ":"):
            close = _quoted_end(text, i, eol)
            if close is None:
                return None
            i = close
            previous = char
            continue
        if char in _FLOW_OPEN:
            depth += 1
        elif char in _FLOW_CLOSE:
            depth -= 1
            if depth == 0:
                return i + 1
        if char not in " \t\r\n":
            previous = char
        i += 1
    return None


def _quoted_end(text: str, i: int, eol: int) -> int | None:
    quote = text[i]
    j = i + 1
    while j < eol:
        if quote == '"' and text[j] == "\\":
            j += 2
            continue
        if text[j] == quote:
            if quote == "'" and text[j + 1:j + 2] == "'":
                j += 2
                continue
            return j + 1
        j += 1
    return None


def _anchor(nonce: str, ident: str) -> str:
    return f"#planctl-merge-anchor {nonce} {ident}"


def _inline_anchor(nonce: str, ident: str) -> str:
    """The line a flow-mapping item's log is taken out for: its line is split there, and joined again."""
    return f"#planctl-merge-inline {nonce} {ident}"


def _anchored(version: Version, factored: set[str], nonce: str) -> str:
    """The text with each factored item's log block replaced by (or, without one, given) an anchor line."""
    text = version.text
    edits: list[tuple[int, int, int, str]] = []  # (start, -nesting, end, new text)
    for ident, info in version.items.items():
        if ident not in factored:
            continue
        line = _anchor(nonce, ident) + version.newline
        if info.inline is not None:
            split = version.newline + _inline_anchor(nonce, ident) + version.newline
            edits.append((info.inline.start, -info.nesting, info.inline.end, split))
        elif info.block is not None:
            edits.append((info.block.start, -info.nesting, info.block.end, line))
        else:
            where = end_of_line(text, content_end(text, info.node))
            edits.append((where, -info.nesting, where, line))
    edits.sort()
    out: list[str] = []
    at = 0
    for start, _old, end, new in edits:
        if start < at:
            raise Fallback(f"{version.name}: overlapping log blocks")  # pragma: no cover - cannot happen in a valid plan
        out.append(text[at:start])
        out.append(new)
        at = end
    out.append(text[at:])
    return "".join(out)


# --- the merge -----------------------------------------------------------------------------


def as_written(key: Key, content: str) -> Key:
    """An entry's identity in the merge: what it says (`key`) and how it is written, its flow mapping
    with blanks folded (as sync counts entries, git/sync.entries; a comment after it left out). Two
    entries are one record only when they are written alike to the character: two that say the same
    thing in other words (an `at` with another UTC offset for the same instant, a note quoted or not)
    are two, so neither is dropped for the other."""
    end = flow_mapping_end(content, 0, len(content)) if content.startswith("{") else None
    return (*key, " ".join((content[:end] if end is not None else content).split()))


def stamped(key: Key) -> bool:
    """Whether an entry key carries an `at` stamp (planctl's `done` writes one on every entry it records)."""
    return len(key) > 5 and key[5] is not None


class LogMerge(NamedTuple):
    """How one item's log merges, as indices into ours and theirs (see merge_logs)."""

    keep: list[int]  # our entries that stay, in our order
    added: list[int]  # their entries added after them, in their order
    once: list[int]  # our entries that stay only if a change both sides made is one change (a doubt)
    twice: list[int]  # their entries added only if each side made that change on its own (a doubt)
    edited: bool = False  # the doubt is one stamped completion both sides changed, each its own way

    @property
    def doubtful(self) -> bool:
        return bool(self.once or self.twice)


def joined(base: list[Key], ours: list[Key], theirs: list[Key], is_stamped: Callable[[Key], bool] = stamped) -> list[Key]:
    """The entries both sides added alike since base that merge_logs keeps once, as one record (each
    stamped entry once per copy taken as the other side's): what sync tells the person, since it may
    also be two completions recorded at the same instant."""
    b, o, t = Counter(base), Counter(ours), Counter(theirs)
    return [key for key in o & t if is_stamped(key) and o[key] > b[key] and t[key] > b[key]
            for _copy in range(min(o[key], t[key]) - b[key])]


def merge_logs(base: list[Key], ours: list[Key], theirs: list[Key],
               is_stamped: Callable[[Key], bool] = stamped) -> LogMerge:
    """Which of our entries stay and which of theirs are added (indices), in that order.

    Per entry (an entry is what it says, `at` included, and, as the callers give it, how it is
    written: as_written), with b, o, t copies in base, ours, theirs:
    when one side left its count as in base, or the sides changed it in opposite directions, the
    result has o + t - b copies (what each side changed since base, applied once). When both
    sides added copies, or both removed some, that may be one change that reached both sides (a
    cherry-pick, a rebase, an add/add of the file), as git's text merge takes it, or two changes
    made apart. An entry with an `at` stamp is one record, so it is one change: max(o, t) copies
    after additions, min(o, t) after removals. An entry without `at` (written by hand) cannot
    tell: the copies the two readings disagree on are a doubt, left to a person (`once`: ours
    kept only if it was one change; `twice`: theirs added only if it was two).
    Ours are kept in order, less the latest of equal entries first; theirs come in their order.
    """
    b, o, t = Counter(base), Counter(ours), Counter(theirs)
    sure: Counter[Key] = Counter()
    once: Counter[Key] = Counter()
    twice: Counter[Key] = Counter()
    edited = edited_on_both_sides(b, o, t, is_stamped)
    for key in o | t:
        if key in edited:  # ours' version on the `<<<` side, theirs' on the `>>>` side: a person keeps one
            sure[key], once[key], twice[key] = 0, o[key], t[key]
            continue
        each = max(0, o[key] + t[key] - b[key])  # two changes
        if o[key] == b[key] or t[key] == b[key] or (o[key] > b[key]) != (t[key] > b[key]):
            sure[key] = each
            continue
        same = max(o[key], t[key]) if o[key] > b[key] else min(o[key], t[key])  # one change
        if is_stamped(key):
            sure[key] = same
        else:
            sure[key] = min(same, each)
            once[key], twice[key] = max(0, same - each), max(0, each - same)
    keep, kept = _first_of(ours, sure)
    maybe_once, _rest = _first_of(ours, once, skip=kept)
    wanted = Counter({key: sure[key] - kept[key] + twice[key] for key in sure})
    from_theirs = _last_of(theirs, wanted)
    added: list[int] = []
    maybe_twice: list[int] = []
    taken: Counter[Key] = Counter()
    for i in from_theirs:
        key = theirs[i]
        taken[key] += 1
        (added if taken[key] <= sure[key] - kept[key] else maybe_twice).append(i)
    return LogMerge(keep, added, maybe_once, maybe_twice, bool(edited))


def edited_on_both_sides(b: Counter[Key], o: Counter[Key], t: Counter[Key],
                         is_stamped: Callable[[Key], bool] = stamped) -> set[Key]:
    """The entries of the stamped completions in base that both sides changed, each its own way (a date
    corrected to the 10th on one side and to the 11th on the other, or changed on one side and taken
    back on the other): one record (one `at` and one `by`) cannot be both, so a person keeps one version.
    Copies of one version added or taken back on both sides are merge_logs' usual rule, not this.
    Taking both would double the completion; taking either would drop the other's correction."""
    def by_stamp(counts: Counter[Key]) -> dict[object, Counter[Key]]:
        groups: dict[object, Counter[Key]] = {}
        for key, n in counts.items():
            if n > 0 and len(key) > 5 and is_stamped(key):
                groups.setdefault((key[5], key[1]), Counter())[key] += n  # one record: one `at`, one `by`
        return groups

    in_base, in_ours, in_theirs = by_stamp(b), by_stamp(o), by_stamp(t)
    edited: set[Key] = set()
    for stamp, was in in_base.items():
        mine, their = in_ours.get(stamp, Counter()), in_theirs.get(stamp, Counter())
        rewritten = (set(mine) | set(their)) - set(was)  # a version of the record neither had before
        if rewritten and mine != was and their != was and mine != their:
            edited |= set(mine) | set(their)
    return edited


def _first_of(keys: list[Key], counts: Counter[Key], skip: Counter[Key] | None = None) -> tuple[list[int], Counter[Key]]:
    """Indices of the first counts[key] entries of each key (after the first skip[key] ones), in order."""
    taken: Counter[Key] = Counter()
    seen: Counter[Key] = Counter()
    chosen: list[int] = []
    for i, key in enumerate(keys):
        seen[key] += 1
        if seen[key] > (skip[key] if skip else 0) and taken[key] < counts[key]:
            taken[key] += 1
            chosen.append(i)
    return chosen, taken


def _last_of(keys: list[Key], counts: Counter[Key]) -> list[int]:
    """Indices of the last counts[key] entries of each key, in order."""
    left = Counter(counts)
    chosen: list[int] = []
    for i in reversed(range(len(keys))):
        if left[keys[i]] > 0:
            left[keys[i]] -= 1
            chosen.append(i)
    chosen.reverse()
    return chosen


VERSION_NAMES = (N_("ours"), N_("base"), N_("theirs"))  # the versions' names in messages, translated where shown
ONCE_LABEL = N_("planctl: keep this if the same change reached both sides (a cherry-pick, a rebase)")
TWICE_LABEL = N_("planctl: keep this if each side made the change on its own")
OURS_EDIT_LABEL = N_("planctl: a completion both sides changed: this side's version (keep one)")
THEIRS_EDIT_LABEL = N_("planctl: the other side's version of it")


def _block_text(ident: str, ours: Version, theirs: Version, merged: LogMerge, marker_size: int) -> str:
    """The merged log block of an item, in the style of ours (or of theirs for an item only they have)."""
    own, other = (ours, theirs) if ident in ours.items else (theirs, ours)
    own_info = own.items[ident]
    their_info = theirs.items.get(ident) if own is ours else None
    other_info = other.items.get(ident)

    def key_column() -> int:
        return column(own.text, own_info.node.value[0][0].start)

    def default_step() -> int:
        assert own.root is not None
        return sequence_indent(own.root, own.text)

    return render_block(BlockStyle(own_info.block, other_info.block if other_info else None, key_column, default_step,
                                   own.newline),
                        their_info.block if their_info is not None else None, own is ours, merged, marker_size)


def _inline_text(ident: str, ours: Version, theirs: Version, merged: LogMerge) -> str:
    """The merged log of a flow-mapping item, as `planctl done` would have written it: ours as it is when
    the merge leaves it so; their new entries after our last (`, {…}`); else the list written anew.
    A doubt cannot be left between conflict markers inside one line: Fallback."""
    own_is_ours = ident in ours.items
    own = (ours if own_is_ours else theirs).items[ident].inline
    other = theirs.items[ident].inline if own_is_ours and ident in theirs.items else None
    assert own is not None
    return render_inline(ident, own, other, own_is_ours, merged)


def render_inline(ident: str, own: InlineLog, other: InlineLog | None, own_is_ours: bool, merged: LogMerge) -> str:
    """The text of a flow-mapping item's merged log (see _inline_text), from its log in its own version
    (ours, or theirs for an item only they have) and in theirs; shared by the full merge and fast_merge."""
    if merged.doubtful:
        raise Fallback(_doubt_reason(ident, merged.edited))
    every = list(range(len(own.entries)))
    if not own_is_ours:
        return own.original if merged.added == every else ""  # the item is theirs alone: as they wrote it
    new = [other.entries[i].content for i in merged.added] if other is not None else []
    if merged.keep == every and not new:
        return own.original
    if not own.original:
        return ", log: [" + ", ".join(new) + "]"
    if merged.keep == every and own.entries:
        return own.original[:own.last_end] + "".join(", " + c for c in new) + own.original[own.last_end:]
    entries = [own.entries[i].content for i in merged.keep] + new
    return own.original[:own.open] + ", ".join(entries) + own.original[own.close:]


@dataclass
class BlockStyle:
    """How a merged log block is written: after `own` (ours, or theirs for an item only they have)."""

    own: LogBlock | None  # the item's block in its own version (None: no `log:` there)
    other: LogBlock | None  # the item's block in the other version (for the indent of the first entries)
    key_column: Callable[[], int]  # the column of the item's keys (for a `log:` line own lacks)
    default_step: Callable[[], int]  # how far this file indents a list under its key (when no block shows it)
    newline: str


def render_block(style: BlockStyle, theirs: LogBlock | None, own_is_ours: bool, merged: LogMerge,
                 marker_size: int) -> str:
    """The text of a merged log block: our kept lines verbatim, their added ones indented as ours are.

    A doubt (see merge_logs) becomes a conflict region after the sure entries: the `<<<` side
    holds what stays if it was one change, the `>>>` side what is added if it was two.
    """
    own_entries = style.own.entries if style.own else []
    their_entries = theirs.entries if theirs is not None and own_is_ours else []
    unchanged = merged.keep if own_is_ours and not merged.added else merged.added if not own_is_ours else None
    if style.own is not None and style.own.original is not None and not merged.doubtful \
            and unchanged == list(range(len(own_entries))):
        return style.own.original + style.newline  # a log not in one-line form that the merge leaves as it was
    if own_is_ours:
        kept = [own_entries[i].line for i in merged.keep]
        new = [their_entries[i] for i in merged.added]
    else:  # the item is theirs alone (`added` is then all of its log): their lines as they are
        kept = [own_entries[i].line for i in merged.added]
        new = []
    if not kept and not new and not merged.doubtful:
        # nothing logged: keep a bare `log:` line only where ours had one with nothing under it
        return style.own.key_line + style.newline if style.own and not own_entries else ""
    key_line = style.own.key_line if style.own is not None else " " * style.key_column() + "log:"
    key_indent = len(key_line) - len(key_line.lstrip(" "))
    if own_entries:
        first = own_entries[0].line
        entry_indent = len(first) - len(first.lstrip(" "))
    else:
        if style.other is not None and style.other.entries:
            first = style.other.entries[0].line
            step = (len(first) - len(first.lstrip(" "))) - (len(style.other.key_line) - len(style.other.key_line.lstrip(" ")))
        else:
            step = style.default_step()
        entry_indent = key_indent + max(step, 0)
    lines = [key_line, *kept, *(" " * entry_indent + "- " + e.content for e in new)]
    if merged.doubtful:
        above, below = (OURS_EDIT_LABEL, THEIRS_EDIT_LABEL) if merged.edited else (ONCE_LABEL, TWICE_LABEL)
        lines += ["<" * marker_size + " " + _(above), *(own_entries[i].line for i in merged.once), "=" * marker_size,
                  *(" " * entry_indent + "- " + their_entries[i].content for i in merged.twice),
                  ">" * marker_size + " " + _(below)]
    return "".join(line + style.newline for line in lines)


def _renames(base: Version, side: Version) -> dict[str, str]:
    """Items with a new id on one side, and the base item each most likely was (its old id).

    A base item whose id is gone from the side is matched with a side item whose id is new when
    they are of one kind and enough agrees: the side's log holds the base item's whole (non-empty)
    log, or both the title and the place in the outline are the same. A match must be the best for
    both items and not tied; anything unsure is left unmatched (then the item counts as new).
    """
    gone = [i for i in base.items if i not in side.items]
    new = [i for i in side.items if i not in base.items]
    if not gone or not new:
        return {}
    scores: dict[tuple[str, str], int] = {}
    for was in gone:
        old = base.items[was]
        for now in new:
            item = side.items[now]
            if item.kind != old.kind:
                continue
            holds_log = bool(old.keys) and not Counter(old.keys) - Counter(item.keys)
            score = 2 * holds_log + (item.title == old.title) + (item.outline == old.outline)
            if score >= 2:
                scores[(was, now)] = score
    matched: dict[str, str] = {}
    for (was, now), score in scores.items():
        rivals = [v for (w, n), v in scores.items() if (w == was) != (n == now)]
        if all(v < score for v in rivals) or not rivals:
            matched[now] = was
    return matched


def _semantic(base_raw: bytes, ours_raw: bytes, theirs_raw: bytes, path: str, marker_size: int, style: str,
              labels: Labels) -> MergeResult:
    ours_text, ours_bom = _decode("ours", ours_raw, path, allow_empty=False)
    theirs_text, _bom = _decode("theirs", theirs_raw, path, allow_empty=False)
    base_text, _bom = _decode("base", base_raw, path, allow_empty=True)
    ours_final_newline = ours_text.endswith("\n")
    newline = _newline_style(ours_text) or ("\r\n" if "\r\n" in ours_text else "\n")
    texts = [ours_text, _convert(base_text, newline), _convert(theirs_text, newline)]
    texts = [t if not t or t.endswith("\n") else t + newline for t in texts]
    ours, base, theirs = (_load(name, t, path) for name, t in zip(("ours", "base", "theirs"), texts, strict=True))

    _follow_one_sided_renames(base, ours, theirs)
    _deleted_but_logged(base, ours, theirs)
    everywhere = set(ours.items) | set(theirs.items) | set(base.items)
    factored = {i for i in everywhere if all(v.items[i].simple for v in (base, ours, theirs) if i in v.items)
                and len({v.items[i].inline is None for v in (base, ours, theirs) if i in v.items}) == 1}

    nonce = secrets.token_hex(8)
    while any(nonce in t for t in texts):  # pragma: no cover - 64 random bits
        nonce = secrets.token_hex(8)
    anchored = [_anchored(v, factored, nonce) for v in (ours, base, theirs)]
    ours_a, base_a, theirs_a = (t.encode("utf-8") for t in anchored)
    merged_raw, conflicts = merge_text(ours_a, base_a, theirs_a, marker_size, style, labels)
    merged = merged_raw.decode("utf-8")

    renamed = _renamed_on_both_sides(base, ours, theirs)
    expected: dict[str, tuple[Counter[Key], Counter[Key]]] = {}  # (if one change, if two changes): see merge_logs
    blocks: dict[str, str] = {}
    doubts: list[str] = []
    edited: list[str] = []
    alike: list[tuple[str, str]] = []
    doubtful: list[str] = []
    for ident in everywhere:
        b = base.items[renamed.get(ident, ident)].keys if renamed.get(ident, ident) in base.items else []
        o, t = (v.items[ident].keys if ident in v.items else [] for v in (ours, theirs))
        if ident not in theirs.items:  # theirs deleted it or never had it: should it survive, its log is ours
            log = LogMerge(list(range(len(o))), [], [], [])
        elif ident not in ours.items:  # and the other way round
            log = LogMerge([], list(range(len(t))), [], [])
        elif ident in factored:  # entries taken out: one record only when written alike (as_written)
            was = renamed.get(ident, ident)
            b_ids = base.items[was].written if was in base.items else []
            o_ids, t_ids = ours.items[ident].written, theirs.items[ident].written
            if b_ids == o_ids == t_ids:  # no side changed it: merge_logs keeps ours, adds nothing (most logs)
                log = LogMerge(list(range(len(o_ids))), [], [], [])
            else:
                log = merge_logs(b_ids, o_ids, t_ids)
                alike += [(ident, str(key[-1])) for key in joined(b_ids, o_ids, t_ids)]
        else:
            log = merge_logs(b, o, t)
        sure = [o[i] for i in log.keep] + [t[i] for i in log.added]
        expected[ident] = (Counter(sure + [o[i] for i in log.once]), Counter(sure + [t[i] for i in log.twice]))
        if log.doubtful:
            if ident not in factored:
                raise Fallback(_doubt_reason(_named(ident, ours, theirs, base), log.edited))
            doubts.append(_doubt_note(_named(ident, ours, theirs, base), [o[i] for i in log.once], [t[i] for i in log.twice],
                                      log.edited))
            doubtful.append(ident)
            if log.edited:
                edited.append(ident)
        if ident in factored and (ident in ours.items or ident in theirs.items):
            own = ours if ident in ours.items else theirs
            blocks[ident] = (_inline_text(ident, ours, theirs, log) if own.items[ident].inline is not None
                             else _block_text(ident, ours, theirs, log, marker_size))

    base_blocks = {i: info.inline.original if info.inline else base.text[info.block.start:info.block.end]
                   if info.block else "" for i, info in base.items.items() if i in factored}
    result = _replace_anchors(merged, nonce, blocks, base_blocks, marker_size)
    if not ours_final_newline and result.endswith(newline):
        result = result[: -len(newline)]
    conflicts += len(doubts)
    try:
        _verify(result, conflicts, expected, marker_size, path)
    except LogNotMerged as why:
        form = next((v.items[why.ident].form for v in (ours, theirs, base)
                     if why.ident in v.items and v.items[why.ident].form), "")
        if not form:
            raise
        raise LogNotMerged(_("the merged log of {item} is not ours plus what theirs changed: it is written in a form "
                             "the merge cannot join ({form})").format(item=_named(why.ident, ours, theirs, base), form=form),
                           why.ident, form, _title(why.ident, ours, theirs, base)) from None
    data = ((BOM if ours_bom else "") + result).encode("utf-8")
    notes = [conflicts_left(conflicts)] if conflicts else []
    titles = {ident: _title(ident, ours, theirs, base) for ident in [*doubtful, *(ident for ident, _entry in alike)]}
    return MergeResult(data, conflicts, True, notes + doubts, joined=sorted(alike), doubtful_logs=sorted(doubtful),
                       edited_logs=sorted(edited), titles=titles)


def _title(ident: str, *versions: Version) -> str:
    """The title of item `ident` in the first of `versions` that has it ('' in none)."""
    return next((v.items[ident].title for v in versions if ident in v.items), "")


def _named(ident: str, *versions: Version) -> str:
    """Item `ident` as a reader knows it, `座谈会 (talk)`, titled as in the first of `versions` that has it."""
    return with_id(_title(ident, *versions), ident)


def _follow_one_sided_renames(base: Version, ours: Version, theirs: Version) -> None:
    """File an item one side renamed (a new id, see _renames) and the other kept under its new id
    in base and in the other side too, so its log merges as one item's: a completion the other
    side logged under the old id lands under the new one. The anchors then agree, and the text
    merge takes the new `id:` line from the side that wrote it.
    """
    moves = []
    for side, other in ((ours, theirs), (theirs, ours)):
        for now, was in _renames(base, side).items():
            if was in other.items and now not in other.items and now not in base.items:
                moves.append((other, was, now))
    for other, was, now in moves:
        for version in (other, base):
            version.items = {(now if ident == was else ident): info for ident, info in version.items.items()}


def _renamed_on_both_sides(base: Version, ours: Version, theirs: Version) -> dict[str, str]:
    """New id -> old id, for items both sides renamed alike (so the old item's log is their common base)."""
    ours_renames, theirs_renames = _renames(base, ours), _renames(base, theirs)
    return {now: was for now, was in ours_renames.items() if theirs_renames.get(now) == was}


def conflicts_left(conflicts: int) -> str:
    """`2 conflicts left with markers`, in the reader's language."""
    return ngettext("{n} conflict left with markers", "{n} conflicts left with markers", conflicts).format(n=conflicts)


def joined_note(joined: list[tuple[str, str]], titles: dict[str, str]) -> str:
    """What sync and the merge driver say of completions both sides added alike, kept once (MergeResult.joined,
    git/sync.joined_alike): (item id or '', entry as written) each, the item named by its title in `titles`
    (id -> title; format/names.with_id); true, and how to get the second back when they were two."""
    shown = _("; ").join(_("{item}: {entry}").format(item=with_id(titles.get(item, ""), item), entry=entry) if item
                         else entry for item, entry in joined[:5])
    return ngettext("{n} completion was added on both sides written alike, to the character: "
                    "it is kept once, as one record that reached both sides: {shown}. If it was two "
                    "completions, record the other again with 'planctl done'",
                    "{n} completions were added on both sides written alike, to the character: "
                    "each is kept once, as one record that reached both sides: {shown}. If some were "
                    "two completions, record the others again with 'planctl done'",
                    len(joined)).format(n=len(joined), shown=shown + (" …" if len(joined) > 5 else ""))


def _doubt_reason(item: str, edited: bool) -> str:
    """Why a log left in doubt (merge_logs) goes to a person, when it cannot be left between markers
    (`item` as a reader knows it: `_named`)."""
    if edited:
        return _("both sides changed a completion of {item}, each its own way; which version is true is for a "
                 "person to say").format(item=item)
    return _("both sides changed the log of {item} alike, with entries that have no `at` stamp; "
             "whether that is one change or two is for a person to say").format(item=item)


def _doubt_note(item: str, once: list[Key], twice: list[Key], edited: bool = False) -> str:
    def entries(keys: list[Key]) -> str:
        counts = Counter(keys)
        return ", ".join(f"{n} × {_describe_key(key)}" if n > 1 else _describe_key(key) for key, n in counts.items())

    if edited:
        return _("both sides changed a completion of {item}, each its own way (ours: {ours}; theirs: {theirs}): "
                 "keep the version that is true, between the markers").format(
                     item=item, ours=entries(once) or _("taken back"), theirs=entries(twice) or _("taken back"))

    if twice:
        return _("both sides added {entries} to {item}, with no `at` stamp: one change that reached both sides, or "
                 "two? Keep the side of the markers that says so").format(entries=entries(twice), item=item)
    return _("both sides took back {entries} from {item}, with no `at` stamp: one change that reached both sides, or "
             "two? Keep the side of the markers that says so").format(entries=entries(once), item=item)


def _describe_key(key: Key) -> str:
    """A completion (its `Completion.key()`) as planctl writes its line (store/writer.entry_text): `at` in the
    file's ISO form (2026-05-30T10:00:00.125+08:00), `occurrence` too, a note quoted as YAML needs; a key
    that carries its line as written (`as_written`) is shown as that line says it."""
    if len(key) > 7 and isinstance(key[7], str):
        return key[7]
    day, by, unit, amount, note, at, occurrence = key[:7]
    return entry_text(Completion(day, by, unit, amount, note, at, 0, occurrence))  # type: ignore[arg-type]


def _deleted_but_logged(base: Version, ours: Version, theirs: Version) -> None:
    """Fallback when one side changed the log of an item the other deleted (a person decides).

    An item the other side renamed is found here only when the rename is unsure (see _renames);
    a sure one was followed (_follow_one_sided_renames)."""
    for ident, info in base.items.items():
        for side, other, other_name in ((ours, theirs, "theirs"), (theirs, ours, "ours")):
            if ident in side.items and ident not in other.items \
                    and Counter(side.items[ident].keys) != Counter(info.keys):
                now = [new for new, was in _renames(base, other).items() if was == ident]
                if now:
                    raise DeletedButLogged(_("{side} changed the log of {item}, which {other} renamed to {now}").format(
                        side=_(side.name), item=_named(ident, side, base), other=_(other_name),
                        now=_named(now[0], other)), ident, _title(ident, side, base))
                raise DeletedButLogged(_("{side} changed the log of {item}, which {other} deleted").format(
                    side=_(side.name), item=_named(ident, side, base), other=_(other_name)), ident, _title(ident, side, base))


def _replace_anchors(text: str, nonce: str, blocks: dict[str, str], base_blocks: dict[str, str], marker_size: int) -> str:
    pattern = re.compile(rf"#planctl-merge-anchor {nonce} (\S+)\r?\n")
    inline = re.compile(rf"#planctl-merge-inline {nonce} (\S+)\r?\n")
    base_marker = "|" * marker_size
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    in_base = in_region = join = False
    for line in lines:
        if join:  # the rest of a line split for a flow-mapping item's log
            if any(_is_marker(line, c * marker_size) for c in "<|=>"):
                raise Fallback(_("a conflict runs through a one-line item's log"))
            out[-1] += line
            join = False
            continue
        found = inline.fullmatch(line)
        if found is not None:
            ident = found.group(1)
            source = base_blocks if in_base else blocks
            if in_region or not out or any(_is_marker(out[-1], c * marker_size) for c in "<|=>") or ident not in source:
                raise _unplaced(ident)
            out[-1] = out[-1].rstrip("\r\n") + source[ident]
            join = True
            continue
        if _is_marker(line, "<" * marker_size):
            in_region = True
        elif _is_marker(line, base_marker):
            in_base = True
        elif _is_marker(line, "=" * marker_size):
            in_base = False
        elif _is_marker(line, ">" * marker_size):
            in_base = in_region = False
        match = pattern.fullmatch(line)
        if match is None:
            out.append(line)
            continue
        ident = match.group(1)
        source = base_blocks if in_base else blocks
        if ident not in source:
            raise _unplaced(ident)
        if in_region and (_(ONCE_LABEL) in source[ident] or _(OURS_EDIT_LABEL) in source[ident]):  # markers cannot nest
            raise Fallback(_("the log of '{id}' is in doubt inside a text conflict").format(id=ident))
        out.append(source[ident])
    result = "".join(out)
    if nonce in result:
        raise Fallback(_("an anchor line was left in the merged text"))
    return result


def _is_marker(line: str, marker: str) -> bool:
    return line.startswith(marker) and line[len(marker): len(marker) + 1] in (" ", "\n", "\r", "")


# --- the fast path: only log lines differ ----------------------------------------------------

# A log block as _log_block reads it: a `log:` line, then entry lines (`- {…}`, one line each) at one indent,
# not left of the `log:` (a `- {…}` line there is the next item, a one-line one);
# or a one-line item's log as inline_log takes it out: `, log: [{…}, {…}]` on one line, without brackets inside.
_LOG_PIECE = re.compile(r"^(?P<key>(?P<key_indent> *)log[ \t]*:[ \t]*(?:#[^\r\n]*)?)\r?\n"
                        r"(?P<body>(?P<indent>(?P=key_indent) *)-[ \t]+\{[^\r\n]*\r?\n(?:(?P=indent)-[ \t]+\{[^\r\n]*\r?\n)*)?"
                        r"|(?P<head>,[ \t]*log[ \t]*:[ \t]*\[)(?P<list>[^\r\n\[\]]*)\]", re.M)
_ENTRY_LINE = re.compile(r" *-[ \t]+(\{.*?)[ \t]*")
INLINE = -1  # the column in the Place of a one-line item's log
Place = tuple[int, int]  # a log's place: (its offset in the skeleton, the column of its `log:`, or INLINE)


@dataclass
class TextBlock:
    """A log block as the line scanner sees it, before the plan is read."""

    key_line: str  # without its line break
    body: str  # the entry lines, with their line breaks

    @property
    def lines(self) -> list[str]:  # without their line breaks
        return [line.rstrip("\r") for line in self.body.split("\n")[:-1]]

    @property
    def contents(self) -> list[str]:
        """Each entry from its `{` to the end of its line, trailing spaces dropped (Entry.content)."""
        found = [_ENTRY_LINE.fullmatch(line) for line in self.lines]
        return [match.group(1) if match else "" for match in found]

    def whole(self, newline: str) -> str:
        return self.key_line + newline + self.body


@dataclass
class InlineText:
    """A one-line item's log as the scanner sees it: `head` (`, log: [`), `body` (the entries), then `]`."""

    head: str
    body: str

    @property
    def spans(self) -> list[tuple[int, int]]:
        """Where each entry is in `body` (its `{` to just after its `}`): flow mappings separated by one
        comma each, blanks around; NotFast for anything else (such a log is left to the full merge)."""
        spans: list[tuple[int, int]] = []
        at = 0
        while True:
            pos = self.body.find("{", at)
            gap = self.body[at:] if pos < 0 else self.body[at:pos]
            if gap.strip() != ("," if spans and pos >= 0 else ""):
                raise NotFast("a one-line log not written as done writes it")
            if pos < 0:
                return spans
            end = flow_mapping_end(self.body, pos, len(self.body))
            if end is None:
                raise NotFast("a one-line log not written as done writes it")
            spans.append((pos, end))
            at = end

    @property
    def contents(self) -> list[str]:
        return [self.body[start:end] for start, end in self.spans]

    def whole(self, newline: str) -> str:
        return self.head + self.body + "]"

    def inline_log(self, keys: list[Key]) -> InlineLog:
        """This log as the full merge takes it out of its item (InlineLog), with its entries' keys."""
        spans = self.spans
        entries = [Entry(key, self.body[s:e], self.body[s:e]) for key, (s, e) in zip(keys, spans, strict=True)]
        open_ = len(self.head)
        last_end = open_ + spans[-1][1] if spans else open_
        return InlineLog(0, 0, entries, self.whole(""), open_, last_end, open_ + len(self.body))


LogText = TextBlock | InlineText


class NotFast(Exception):
    """The fast path cannot vouch that it gives what the full merge gives: take the full merge."""


def _scan(text: str) -> tuple[str, dict[Place, LogText]]:
    """The text without its logs (the skeleton) and the logs by place: log blocks, and one-line items'
    logs (`, log: […]`, where the skeleton keeps the rest of the item's line).

    Whether each really is an item's log is checked when the plan is read (see _item_at, _inline_at).
    """
    pieces: list[str] = []
    blocks: dict[Place, LogText] = {}
    size = at = 0
    for match in _LOG_PIECE.finditer(text):
        inline = match.group("head") is not None
        pieces.append(text[at:match.start()])
        size += match.start() - at
        place = (size, INLINE if inline else len(match.group("key_indent")))
        if place in blocks:
            raise NotFast("two log blocks in one place")
        blocks[place] = (InlineText(match.group("head"), match.group("list")) if inline
                         else TextBlock(match.group("key"), match.group("body") or ""))
        at = match.end()
    pieces.append(text[at:])
    return "".join(pieces), blocks


def _in_order(places: set[Place]) -> list[Place]:
    """Places in the text's order: at one offset, an inner item's log comes before its parent's."""
    return sorted(places, key=lambda p: (p[0], -p[1]))


def _union_text(skeleton: str, versions: list[dict[Place, LogText]], newline: str, ours_valid: bool = False,
                ) -> tuple[str, dict[Place, tuple[int, int, int]]]:
    """The skeleton with, in each log's place, every entry any version has there (each distinct one once).

    Reading it checks what the three versions hold at once: the skeleton and every entry (whether
    an entry is valid depends only on its item and the roster). Also returns where each log went:
    (offset of its `log:` line, or of its `, log: [`, offset of its end, how many entries). With
    `ours_valid` (ours, the first version, is known to be a valid plan), a log the same in every
    version is left out, its `log:` line too: its entries are ours, so valid, and the result keeps
    ours' text there; what is read is the skeleton and the logs that changed (on a large plan, a
    hundredth of the entries).
    """
    out: list[str] = []
    size = at = 0
    where: dict[Place, tuple[int, int, int]] = {}
    for place in _in_order({p for blocks in versions for p in blocks}):
        out.append(skeleton[at:place[0]])
        size += place[0] - at
        at = place[0]
        present = [blocks[place] for blocks in versions if place in blocks]
        same = len(present) == len(versions) and all(b == present[0] for b in present)
        if same and ours_valid:
            continue
        if same:
            block = present[0].whole(newline)
            count = len(present[0].contents) if isinstance(present[0], InlineText) else present[0].body.count("\n")
        elif isinstance(present[0], InlineText):
            block, count = _union_inline(present)
        else:
            block, count = _union_block(present, newline)
        where[place] = (size, size + len(block), count)
        out.append(block)
        size += len(block)
    out.append(skeleton[at:])
    return "".join(out), where


def _union_block(present: list[LogText], newline: str) -> tuple[str, int]:
    blocks = [b for b in present if isinstance(b, TextBlock)]
    if len(blocks) != len(present):
        raise NotFast("a log written in one place in two forms")
    with_entries = [b.lines[0] for b in blocks if b.body]
    indent = len(with_entries[0]) - len(with_entries[0].lstrip(" ")) if with_entries else 0
    contents = list(dict.fromkeys(c for b in blocks for c in b.contents))
    lines = [blocks[0].key_line, *(" " * indent + "- " + c for c in contents)]
    return "".join(line + newline for line in lines), len(contents)


def _union_inline(present: list[LogText]) -> tuple[str, int]:
    """A one-line log with every entry of every version: each version's head is the same (only the
    entries are read again, in the union)."""
    logs = [b for b in present if isinstance(b, InlineText)]
    if len(logs) != len(present) or any(log.head != logs[0].head for log in logs):
        raise NotFast("one-line logs written in more than one way")
    contents = list(dict.fromkeys(c for log in logs for c in log.contents))
    return logs[0].head + ", ".join(contents) + "]", len(contents)


def fast_merge(base_raw: bytes, ours_raw: bytes, theirs_raw: bytes, *, path: str = "plan.yaml",
               marker_size: int = 7, ours_valid: bool = False) -> MergeResult | None:
    """The merge_plans result when the three versions differ only in their logs; None when that is not so.

    Instead of reading each version and the result (four reads of the plan), the versions are cut
    into one shared skeleton and their logs by a scanner (log blocks, and the `, log: […]` of
    one-line items), and one text holding every entry of every version (see _union_text) is read:
    that checks the skeleton and every entry as the full merge's reads do, and names the item of
    each log. Each changed log is then merged by merge_logs and written by render_block (or
    render_inline), as the full merge does. Anything the scanner cannot vouch for (a changed line
    outside the logs, a log that is not an item's, a log added where the full merge would place it
    elsewhere, a doubt in a one-line log) gives None: the full merge decides. `ours_valid`: ours
    is known to be a valid plan, so its logs that no version changed need not be read again.
    """
    try:
        return _fast(base_raw, ours_raw, theirs_raw, path, marker_size, ours_valid)
    except (NotFast, Fallback):
        return None


def _fast(base_raw: bytes, ours_raw: bytes, theirs_raw: bytes, path: str, marker_size: int,
          ours_valid: bool = False) -> MergeResult:
    ours_text, ours_bom = _decode("ours", ours_raw, path, allow_empty=False)
    theirs_text, _bom = _decode("theirs", theirs_raw, path, allow_empty=False)
    base_text, _bom = _decode("base", base_raw, path, allow_empty=False)
    newline = _newline_style(ours_text)
    if newline is None:
        raise NotFast("ours mixes line endings")
    texts = [ours_text, _convert(base_text, newline), _convert(theirs_text, newline)]
    if any(_newline_style(t) != newline for t in texts):
        raise NotFast("mixed line endings")
    (skeleton, ours), (base_skeleton, base), (theirs_skeleton, theirs) = (
        _scan(t if t.endswith("\n") else t + newline) for t in texts)
    if skeleton != base_skeleton or skeleton != theirs_skeleton:
        raise NotFast("lines outside the logs differ")
    merged, doubts, alike, titles = _merge_places(skeleton, [ours, base, theirs], newline, path, marker_size, ours_valid)
    result = _assemble(skeleton, ours, merged, newline)
    if not ours_text.endswith("\n") and result.endswith(newline):
        result = result[: -len(newline)]
    conflicts = len(doubts)
    data = ((BOM if ours_bom else "") + result).encode("utf-8")
    notes = [conflicts_left(conflicts)] if conflicts else []
    return MergeResult(data, conflicts, True, notes + [note for _ident, note, _edited in doubts], joined=alike,
                       doubtful_logs=[ident for ident, _note, _edited in doubts],
                       edited_logs=[ident for ident, _note, edited in doubts if edited],
                       titles={ident: title for ident, title in titles.items()  # as the full merge: the items named
                               if ident in {d[0] for d in doubts} or ident in {a[0] for a in alike}})


class _Logs(NamedTuple):
    """The union's items with a log, by where that log is: block logs by the offset of their `log:`
    line, one-line items' logs by the end of the value before `, log:` (InlineLog.start)."""

    blocks: dict[int, Task | Quota]
    inline: dict[int, Task | Quota]


def _merge_places(skeleton: str, versions: list[dict[Place, LogText]], newline: str, path: str,
                  marker_size: int, ours_valid: bool = False
                  ) -> tuple[dict[Place, str], list[tuple[str, str, bool]], list[tuple[str, str]], dict[str, str]]:
    """Each changed log merged (by place), the doubts left between markers (see merge_logs) as
    (item id, note), the entries both sides added alike, kept once (`joined`) as (item id, entry), and the
    titles of the items merged (id -> title).

    `versions` are ours, base and theirs. NotFast when the one read of every entry fails or
    cannot vouch for a log.
    """
    union_text, where = _union_text(skeleton, versions, newline, ours_valid)
    union = _read(Source(f"{path} (every entry)", union_text))
    if loaded_errors(union):
        raise NotFast("a version is not a valid plan")
    logs = _logs_by_place(union)
    merged: dict[Place, str] = {}
    doubts: list[tuple[str, str, bool]] = []
    alike: list[tuple[str, str]] = []
    titles: dict[str, str] = {}
    for place, (start, end, count) in where.items():
        o_block, b_block, t_block = (blocks.get(place) for blocks in versions)
        if o_block == b_block == t_block:
            continue
        if place[1] == INLINE:
            item, found = _inline_at(logs, union_text, start, end, count)
            key_of = {entry.content: entry.key for entry in found.entries}
        else:
            item = _item_at(logs, union_text, start, end, count)
            key_of = {union_text[e.pos:end_of_line(union_text, e.pos)].rstrip(): e.key() for e in item.log}
        if o_block is None or b_block is None or t_block is None:
            _check_added_where_done_adds(item, skeleton, place)
        o, b, t = (_written(key_of, v) for v in (o_block, b_block, t_block))
        log = merge_logs(b, o, t)
        alike += [(item.id, str(key[-1])) for key in joined(b, o, t)]
        titles[item.id] = item.title
        if place[1] == INLINE:
            merged[place] = _render_inline_fast(item.id, o_block, t_block, o, t, log)
            continue
        if log.doubtful:
            doubts.append((item.id, _doubt_note(with_id(item.title, item.id), [o[i] for i in log.once],
                                                [t[i] for i in log.twice], log.edited), log.edited))
        merged[place] = _render_fast(o_block, t_block, place[1], o, t, newline, log, marker_size)
    return merged, doubts, sorted(alike), titles


def _written(key_of: dict[str, Key], log: LogText | None) -> list[Key]:
    """A version's log as entries are written (as_written), each entry's key as the union read it."""
    if log is None:
        return []
    contents = log.contents
    if any(content not in key_of for content in contents):
        raise NotFast("an entry the union did not read as written")
    return [as_written(key_of[content], content) for content in contents]


def loaded_errors(loaded: Loaded) -> bool:
    return bool(loaded.errors) or loaded.plan is None or loaded.tree is None


def _logs_by_place(loaded: Loaded) -> _Logs:
    """The union's items with a `log` key, by where their log is (see _Logs)."""
    assert loaded.plan is not None
    text = loaded.source.text
    found = _Logs({}, {})
    for item in loaded.plan.items():
        if item.node.kind != MAP:
            continue
        pairs = item.node.pairs()
        for index, (key, value) in enumerate(pairs):
            if key.value != "log":
                continue
            if item.node.flow:
                if index > 0:
                    found.inline[pairs[index - 1][1].end] = item
            elif not (value.kind == SEQ and value.flow):
                found.blocks[_line_start(text, key.start)] = item
    return found


def _item_at(logs: _Logs, text: str, start: int, end: int, count: int) -> Task | Quota:
    """The item whose log is the block written at start..end with `count` entries, one per line."""
    item = logs.blocks.get(start)
    if item is None or len(item.log) != count:
        raise NotFast("a scanned log block is not an item's log")
    if count:
        first, last = item.log[0].pos, item.log[-1].pos
        if _line_start(text, first) != end_of_line(text, start) or end_of_line(text, last) != end:
            raise NotFast("a scanned log block is not an item's log")
    return item


def _inline_at(logs: _Logs, text: str, start: int, end: int, count: int) -> tuple[Task | Quota, InlineLog]:
    """The one-line item whose log is the `, log: […]` written at start..end with `count` entries, and
    that log as the full merge takes it out (inline_log): the same span, the same entries."""
    item = logs.inline.get(start)
    found = inline_log(text, item.node, item.log) if item is not None else None
    if item is None or found is None or (found.start, found.end, len(found.entries)) != (start, end, count):
        raise NotFast("a scanned one-line log is not an item's log")
    return item, found


def _check_added_where_done_adds(item: Task | Quota, skeleton: str, place: Place) -> None:
    """A log some version lacks must sit where the full merge anchors a missing log: at the end of
    the item, right after its last line of content (see _anchored), or its last value (inline_log)."""
    pairs = item.node.pairs()
    if place[1] == INLINE:
        if not pairs or pairs[-1][0].value != "log":
            raise NotFast("a one-line item's log is added, or taken away, elsewhere than at its end")
        return
    before = skeleton[_line_start(skeleton, max(place[0] - 1, 0)):place[0]].strip() if place[0] else ""
    if not pairs or pairs[-1][0].value != "log" or not before or before.startswith("#"):
        raise NotFast("a log is added, or taken away, elsewhere than at the end of its item")


def _render_inline_fast(ident: str, ours: LogText | None, theirs: LogText | None, o: list[Key], t: list[Key],
                        log: LogMerge) -> str:
    """A one-line item's merged log, as the full merge writes it (render_inline); a doubt cannot be left
    between markers inside a line: the full merge decides (it falls back to a text merge)."""
    if log.doubtful:
        raise NotFast("a doubt in a one-line log")
    assert not isinstance(ours, TextBlock) and not isinstance(theirs, TextBlock)
    own = ours.inline_log(o) if ours is not None else InlineLog(0, 0, [], "")
    other = theirs.inline_log(t) if theirs is not None else InlineLog(0, 0, [], "")
    return render_inline(ident, own, other, True, log)


def _render_fast(ours: LogText | None, theirs: LogText | None, key_column: int, o: list[Key], t: list[Key],
                 newline: str, log: LogMerge, marker_size: int) -> str:
    def as_block(block: LogText | None, keys: list[Key]) -> LogBlock | None:
        if block is None:
            return None
        assert isinstance(block, TextBlock)
        entries = [Entry(k, line, c) for k, line, c in zip(keys, block.lines, block.contents, strict=True)]
        return LogBlock(0, 0, block.key_line, entries)

    def no_step() -> int:
        raise NotFast("no block shows how entries are indented")

    own, other = as_block(ours, o), as_block(theirs, t)
    return render_block(BlockStyle(own, other, lambda: key_column, no_step, newline), other, True, log, marker_size)


def _assemble(skeleton: str, ours: dict[Place, LogText], merged: dict[Place, str], newline: str) -> str:
    """The skeleton with each log in its place: merged where it changed, else ours as it is."""
    out: list[str] = []
    at = 0
    for place in _in_order(set(ours) | set(merged)):
        out.append(skeleton[at:place[0]])
        at = place[0]
        out.append(merged[place] if place in merged else ours[place].whole(newline))
    out.append(skeleton[at:])
    return "".join(out)


# --- checking the result -------------------------------------------------------------------


def resolve_conflicts(text: str, marker_size: int, side: str) -> str:
    """The text with every conflict region resolved to one side ('ours' or 'theirs')."""
    out: list[str] = []
    state = ""
    for line in text.splitlines(keepends=True):
        if _is_marker(line, "<" * marker_size):
            state = "ours"
        elif _is_marker(line, "|" * marker_size) and state:
            state = "base"
        elif _is_marker(line, "=" * marker_size) and state:
            state = "theirs"
        elif _is_marker(line, ">" * marker_size) and state:
            state = ""
        elif not state or state == side:
            out.append(line)
    return "".join(out)


def _verify(text: str, conflicts: int, expected: dict[str, tuple[Counter[Key], Counter[Key]]], marker_size: int,
            path: str) -> None:
    """The merged text (or, with conflicts, each way of resolving them) is a valid plan with the expected logs.

    `expected` holds each item's log as it must be when the conflicts are resolved to ours (the
    first) and to theirs (the second); they differ only where merge_logs had a doubt.
    """
    candidates = [(text, 0)] if not conflicts else [(resolve_conflicts(text, marker_size, s), n)
                                                     for n, s in enumerate(("ours", "theirs"))]
    for candidate, side in candidates:
        loaded = _read(Source(f"{path} (merged)", candidate))
        if loaded.errors or loaded.plan is None:
            first = loaded.errors[0] if loaded.errors else None
            why = _(" ({line}:{column}: {message})").format(line=first.line, column=first.column,
                                                            message=first.message) if first else ""
            raise Fallback(_("the merged plan does not check{why}").format(why=why))
        for item in loaded.plan.items():
            wants = expected.get(item.id)
            if wants is None:
                raise Fallback(_("the merged plan has an item {item} that neither side has").format(
                    item=with_id(item.title, item.id)))
            if Counter(e.key() for e in item.log) != wants[side]:
                raise LogNotMerged(_("the merged log of {item} is not ours plus what theirs changed").format(
                    item=with_id(item.title, item.id)), item.id, title=item.title)


# --- plain text merge ----------------------------------------------------------------------


def merge_text(ours: bytes, base: bytes, theirs: bytes, marker_size: int = 7, style: str = "merge",
               labels: Labels | None = None) -> tuple[bytes, int]:
    """`git merge-file -p`: the merged bytes and the number of conflicts."""
    labels = labels or Labels()
    with tempfile.TemporaryDirectory(prefix="planctl-merge-") as folder:
        files = []
        for name, data in (("ours", ours), ("base", base), ("theirs", theirs)):
            file = Path(folder) / name
            file.write_bytes(data)
            files.append(str(file))
        command = ["git", "merge-file", "-p", f"--marker-size={marker_size}",
                   "-L", labels.ours, "-L", labels.base, "-L", labels.theirs]
        if style in ("diff3", "zdiff3"):
            command.append(f"--{style}")
        done = subprocess.run([*command, *files], capture_output=True, check=False)
    if done.returncode < 0 or done.returncode > 127:
        raise RuntimeError(f"git merge-file failed: {done.stderr.decode(errors='replace').strip()}")
    return done.stdout, done.returncode


def _unplaced(ident: str) -> Fallback:
    """Why a log could not be put back after git's line merge of the plan without its logs."""
    return Fallback(_("the lines around the log of '{id}' changed on both sides, so planctl could not put its log back in place"
                      ).format(id=ident))
