"""Shell completion from the discovered plan: ids and outline numbers, people, groups, phases.

Each function is a Typer `autocompletion=` callback: it takes what has been typed so far (and, when
Typer passes it, the click context, so `--plan` typed earlier on the line is honoured) and returns
`(value, help)` pairs. Completion must never fail in the shell: any problem yields no candidates.

Reading is kept light: the YAML tree is composed (libyaml) and walked for ids, titles and names,
without building the model, resolving windows or running the checks. A large plan (most of it
completion lines) is read by a line scanner instead, and only its roster is composed as YAML; the
scanner gives way to the tree whenever it meets a layout it is not sure of.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Candidate = tuple[str, str]


def use_plain_help() -> None:
    """Give the shell each candidate's help (a title, a name) as written. Typer passes every help
    text through Rich to strip its markup, which costs about a third of a millisecond a candidate
    (3.5 s for the 10,000 ids of a large plan) and eats text in brackets that looks like markup
    (a title "复习[bold]重点[/bold]" lost its brackets). planctl writes no markup in help texts
    (the app has rich_markup_mode=None), so nothing is lost."""
    from typer import _completion_classes

    _completion_classes._sanitize_help_text = _plain_help


def _plain_help(text: str) -> str:
    """A help text on one line, as a shell's completion list shows it."""
    return " ".join(text.splitlines()).rstrip()


def _plan_path(ctx: Any) -> Path:
    from planctl.store.discover import find_plan

    option = None
    params = getattr(ctx, "params", None)
    if isinstance(params, dict) and isinstance(params.get("plan"), str):
        option = params["plan"]
    return find_plan(option)


def _read(ctx: Any) -> str:
    from planctl.format.source import decode

    path = _plan_path(ctx)
    return decode(str(path), path.read_bytes()).text


def _compose(text: str) -> Any:
    """The YAML tree of `text` if it is a mapping, else None."""
    from planctl.format.yamltree import MAP, compose

    tree = compose(text, [])
    return tree if tree is not None and tree.kind == MAP else None


_TOP_LEVEL_KEY = re.compile(r"^(?![\s#-]|$)", re.M)


def _roster_tree(text: str) -> Any:
    """A tree holding the plan's roster: for a large plan, only the `roster:` block is composed."""
    if len(text) > SCAN_ABOVE and (start := re.search(r"^roster[ \t]*:", text, re.M)) is not None:
        line_end = text.find("\n", start.start())
        following = _TOP_LEVEL_KEY.search(text, line_end + 1) if line_end >= 0 else None
        tree = _compose(text[start.start() : following.start() if following else len(text)])
        if tree is not None:
            return tree
    return _compose(text)


def _text(node: Any) -> str:
    from planctl.format.yamltree import SCALAR

    return str(node.value) if node is not None and node.kind == SCALAR and node.value is not None else ""


def _list(node: Any) -> list[Any]:
    from planctl.format.yamltree import SEQ

    return list(node.value) if node is not None and node.kind == SEQ else []


def _items(tree: Any) -> list[tuple[str, str, str, int]]:
    """(id, outline, title, depth) of every phase, task and quota, numbered as the loader numbers them."""
    out: list[tuple[str, str, str, int]] = []

    def visit(node: Any, outline: str, depth: int) -> None:
        out.append((_text(node.get("id")), outline, _text(node.get("title")), depth))
        for i, quota in enumerate(_list(node.get("quotas")), start=1):
            if quota.kind == "map":
                out.append((_text(quota.get("id")), f"{outline}q{i}", _text(quota.get("title")), depth + 1))
        for i, sub in enumerate(_list(node.get("tasks")), start=1):
            if sub.kind == "map":
                visit(sub, f"{outline}.{i}", depth + 1)

    for i, phase in enumerate(_list(tree.get("phases")), start=1):
        if phase.kind == "map":
            visit(phase, str(i), 1)
    return out


def all_items(text: str) -> list[tuple[str, str, str, int]]:
    """(id, outline, title, depth) of every phase, task and quota of a plan's text."""
    if len(text) > SCAN_ABOVE:
        try:
            return scan_items(text)
        except Unsure:
            pass
    tree = _compose(text)
    return _items(tree) if tree is not None else []


def plan_items(path: Path, raw: bytes) -> list[tuple[str, str, str, int]]:
    """`all_items` of the plan file at `path` holding `raw`: from the cache when it is for these bytes
    (the ids and titles are there, read in a few milliseconds), else from the text."""
    from planctl.format.source import decode

    cached = _cached_items(path, raw)
    return cached if cached is not None else all_items(decode(str(path), raw).text)


def _cached_items(path: Path, raw: bytes) -> list[tuple[str, str, str, int]] | None:
    from planctl.store import cache

    if not cache.enabled() or (payload := cache.read_payload(path)) is None:
        return None
    from planctl.store.increment import current_rows  # after a pull: the cache and what changed since

    if (rows := current_rows(path, raw, payload)) is None:
        return None
    out: list[tuple[str, str, str, int]] = []
    for row in rows:
        if row[0] == "t":
            task = cache.TaskRow._make(row)
            out.append((task.id, task.outline, task.title, task.depth))
        else:  # a quota is one level below its task
            quota = cache.QuotaRow._make(row)
            out.append((quota.id, quota.outline, quota.title, out[quota.parent][3] + 1))
    return out


def _safely_items(build: Any, ctx: Any) -> list[Candidate]:
    try:
        path = _plan_path(ctx)
        return _shown(build(plan_items(path, path.read_bytes())))
    except Exception:  # noqa: BLE001 - completion must never break the shell
        return []


def _safely(build: Any, ctx: Any) -> list[Candidate]:
    try:
        return _shown(build(_read(ctx)))
    except Exception:  # noqa: BLE001 - completion must never break the shell
        return []


def _shown(candidates: Any) -> list[Candidate]:
    """The candidates the shell may show: a help text with its hidden characters escaped (output/visible.py),
    and no candidate that holds one (the shell would write it into the command line as it is)."""
    from planctl.output.visible import visible

    return [(value, visible(help_text) if help_text else help_text) for value, help_text in candidates
            if visible(value) == value]


def _matches(incomplete: str, ident: str, *texts: str) -> bool:
    if ident.startswith(incomplete):
        return True
    folded = incomplete.casefold()
    return bool(folded) and any(folded in text.casefold() for text in texts)


def _by_name(incomplete: str, named: list[tuple[str, str]], unique: Any) -> list[Candidate]:
    """Names (titles) that hold what was typed, anywhere, as values, where planctl accepts the name itself
    (`done 调研` offers 拟定调研课题). cli.shells lifts Typer's and zsh's prefix filters and quotes names
    with spaces for bash."""
    if not incomplete:
        return []
    names = [name for _, name in named]
    folded = incomplete.casefold()
    return [(name, ident) for ident, name in named
            if folded in name.casefold() and name != ident and unique(name, names)]


def _unique_part(name: str, names: list[str]) -> bool:
    """`find_item` takes a unique part of a title: this whole title must be in no other title."""
    return sum(name.casefold() in other.casefold() for other in names) == 1


def _unique_name(name: str, names: list[str]) -> bool:
    """`--by` and `--who` take an exact name when only one has it."""
    return names.count(name) == 1


def _item_candidates(incomplete: str, items: list[tuple[str, str, str, int]]) -> list[Candidate]:
    if incomplete[:1].isdigit():
        return [(outline, f"{ident} {title}") for ident, outline, title, _ in items if outline.startswith(incomplete)]
    titles = _by_name(incomplete, [(ident, title) for ident, _, title, _ in items], _unique_part)
    offered = {ident for _, ident in titles}
    found = [(ident, f"{outline} {title}") for ident, outline, title, _ in items
             if _id_offered(incomplete, ident, title, offered)]
    outline_of = {ident: outline for ident, outline, _, _ in items}
    return found + [(title, f"{ident} {outline_of[ident]}") for title, ident in titles]


def _id_offered(incomplete: str, ident: str, name: str, named: set[str]) -> bool:
    """An id is offered when it starts with what was typed, or when its name holds it but the name
    itself cannot be offered (it is part of another name): the shell then completes the name alone."""
    return ident.startswith(incomplete) or (ident not in named and _matches(incomplete, ident, name))


def complete_items(incomplete: str, ctx: Any = None) -> list[Candidate]:
    """Tasks, quotas and phases for `done` and `show`.

    Ids that start with what was typed, or whose title holds it; outline numbers when it starts with a
    digit; and titles that start with it (see `_by_name`). Help: the outline number (or id) and title.
    """
    return _safely_items(lambda items: _item_candidates(incomplete, [i for i in items if i[0]]), ctx)


def complete_phases(incomplete: str, ctx: Any = None) -> list[Candidate]:
    """Phases for `--phase`: ids, phase numbers and titles, as for `complete_items`."""
    return _safely_items(lambda items: _item_candidates(incomplete, [i for i in items if i[0] and i[3] == 1]), ctx)


def _people(tree: Any) -> list[Candidate]:
    roster = tree.get("roster") if tree is not None else None
    people = roster.get("people") if roster is not None else None
    return [(_text(key), _text(value)) for key, value in (people.pairs() if people is not None else [])]


def _groups_and_units(tree: Any) -> list[Candidate]:
    roster = tree.get("roster") if tree is not None else None
    groups = roster.get("groups") if roster is not None else None
    out: list[Candidate] = []
    for key, group in groups.pairs() if groups is not None else []:
        out.append((_text(key), _text(group.get("name"))))
        units = group.get("units")
        for unit_key, unit in units.pairs() if units is not None else []:
            out.append((_text(unit_key), _text(unit.get("name"))))
    return out


def _named_candidates(incomplete: str, named: list[Candidate]) -> list[Candidate]:
    named = [(ident, name) for ident, name in named if ident]
    names = _by_name(incomplete, named, _unique_name)
    offered = {ident for _, ident in names}
    found = [(ident, name) for ident, name in named if _id_offered(incomplete, ident, name, offered)]
    return found + names


def complete_people(incomplete: str, ctx: Any = None) -> list[Candidate]:
    """People for `--by`: ids that start with what was typed or whose name holds it; names that start with it."""
    return _safely(lambda text: _named_candidates(incomplete, _people(_roster_tree(text))), ctx)


def complete_groups(incomplete: str, ctx: Any = None) -> list[Candidate]:
    """Groups, their units and people, for `--who`, as for `complete_people`."""

    def build(text: str) -> list[Candidate]:
        tree = _roster_tree(text)
        return _named_candidates(incomplete, [*_groups_and_units(tree), *_people(tree)])

    return _safely(build, ctx)


def complete_units(incomplete: str, ctx: Any = None) -> list[Candidate]:
    """Units of the roster's groups, for `done --unit`."""

    def build(text: str) -> list[Candidate]:
        tree = _roster_tree(text)
        roster = tree.get("roster") if tree is not None else None
        groups = roster.get("groups") if roster is not None else None
        units = [(_text(k), _text(u.get("name"))) for _, g in (groups.pairs() if groups is not None else [])
                 if (us := g.get("units")) is not None for k, u in us.pairs()]
        return _named_candidates(incomplete, units)

    return _safely(build, ctx)


# --- a line scanner for large plans --------------------------------------------------------------

SCAN_ABOVE = 256 * 1024  # characters: below this the YAML tree is quick enough, and exact

_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:(?:[ \t]+(.*))?$")
_FLOW_ID = re.compile(r"[{,]\s*id\s*:\s*([A-Za-z][A-Za-z0-9_-]*)\s*(?=[,}])")
_FLOW_TITLE = re.compile(r"[{,]\s*title\s*:\s*(\"(?:[^\"\\]|\\.)*\"|'(?:[^']|'')*'|[^,}]*)")
_COMPLETION_LINE = re.compile(r"\n *- \{date:[^\n]*(?=\n)")
_LISTS = ("phases", "tasks", "quotas")


class Unsure(Exception):
    """The scanner met something it does not read with certainty; the YAML tree is used instead."""


@dataclass
class _Container:
    """A key whose value is a block collection (on the lines below it)."""

    key: str
    col: int
    owner: _Item | None  # the item whose key it is (None: a key of the top-level mapping or of something else)
    top_level: bool


@dataclass
class _Item:
    """A `- ` entry of a block list; `record` is set for phases, tasks and quotas."""

    col: int  # of the dash
    content: int | None  # column of its keys (None until known)
    record: list[Any] | None = None  # [id, outline, title, depth]
    tasks: int = 0
    quotas: int = 0


def _value(text: str) -> str:
    """A scalar written on one line, unquoted, without a trailing comment."""
    text = text.strip()
    if text[:1] == '"' and text.count('"') > 1:
        try:
            return str(json.loads(text[: text.rindex('"') + 1]))
        except ValueError:
            return text[1 : text.rindex('"')]
    if text[:1] == "'" and text.count("'") > 1:
        return text[1 : text.rindex("'")].replace("''", "'")
    cut = text.find(" #")
    return (text[:cut] if cut >= 0 else text).rstrip()


def _closed(text: str) -> bool:
    quote = text[0]
    body = text[1:].replace("''", "") if quote == "'" else re.sub(r"\\.", "", text[1:])
    return quote in body


def scan_items(text: str) -> list[tuple[str, str, str, int]]:
    """(id, outline, title, depth) of every phase, task and quota, read line by line; Unsure when unsure.

    Reads block-style plans as planctl writes and people usually write them (flow mappings on one
    line are fine); anything else (a flow list of tasks, a mapping over several lines) is Unsure.
    """
    # Completion lines (`- {date: ...}`) are most of a large plan and never a phase, task or quota.
    text = _COMPLETION_LINE.sub("", text)
    records: list[list[Any]] = []
    phases = 0
    stack: list[_Container | _Item] = []
    skip_deeper_than: int | None = None
    for line in text.splitlines():
        stripped = line.lstrip(" ")
        col = len(line) - len(stripped)
        if skip_deeper_than is not None:
            if not stripped.strip() or col > skip_deeper_than:
                continue
            skip_deeper_than = None
        if not stripped or stripped[0] == "#":
            continue
        if stripped[0] == "-" and stripped[1:2] in ("", " "):
            while stack:
                top = stack[-1]
                if isinstance(top, _Item) and top.col >= col or isinstance(top, _Container) and top.col > col:
                    stack.pop()
                else:
                    break
            rest = stripped[1:].lstrip(" ")
            item = _Item(col, col + len(stripped) - len(rest) if rest else None)
            parent = stack[-1] if stack else None
            if isinstance(parent, _Container) and parent.key in _LISTS:
                if parent.key == "phases" and parent.top_level:
                    phases += 1
                    item.record = ["", str(phases), "", 1]
                elif parent.key != "phases" and parent.owner is not None and parent.owner.record is not None:
                    owner = parent.owner
                    assert owner.record is not None
                    if parent.key == "tasks":
                        owner.tasks += 1
                        item.record = ["", f"{owner.record[1]}.{owner.tasks}", "", owner.record[3] + 1]
                    else:
                        owner.quotas += 1
                        item.record = ["", f"{owner.record[1]}q{owner.quotas}", "", owner.record[3] + 1]
                if item.record is not None:
                    records.append(item.record)
            stack.append(item)
            if item.record is not None and rest[:1] in ("{", "["):
                if rest[0] == "[" or not _value(rest).endswith("}"):
                    raise Unsure()
                flow = _value(rest)
                if (m := _FLOW_ID.search(flow)) is not None:
                    item.record[0] = m[1]
                if (m := _FLOW_TITLE.search(flow)) is not None:
                    item.record[2] = _value(m[1])
                continue
            if not rest or rest[0] in "{[":
                continue
            if rest[0] in "|>":
                skip_deeper_than = col
                continue
            stripped, col = rest, item.content or col
        match = _KEY.match(stripped)
        if match is None:
            continue
        key, value = match[1], (match[2] or "").strip()
        while stack:
            top = stack[-1]
            if isinstance(top, _Item) and top.content is None and top.col < col:
                top.content = col
            if isinstance(top, _Container) and top.col >= col or isinstance(top, _Item) and (top.content or 0) > col:
                stack.pop()
            else:
                break
        current = stack[-1] if stack else None
        key_owner = current if isinstance(current, _Item) and current.content == col else None
        if key_owner is not None and key_owner.record is not None:
            if key == "id":
                key_owner.record[0] = _value(value)
            elif key == "title":
                key_owner.record[2] = _value(value)
        if value[:1] in ("|", ">") or value[:1] in ('"', "'") and not _closed(value):
            skip_deeper_than = col  # a block scalar, or a quoted one going on below
        elif not value or value[0] == "#":
            stack.append(_Container(key, col, key_owner, current is None))
        elif key in _LISTS and value[0] in "[{" and value.replace(" ", "") not in ("[]", "{}") \
                and (current is None or key_owner is not None and key_owner.record is not None):
            raise Unsure()
    return [(r[0], r[1], r[2], r[3]) for r in records]


__all__ = ["complete_groups", "complete_items", "complete_people", "complete_phases", "complete_units"]
