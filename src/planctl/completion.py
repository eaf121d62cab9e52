"""Shell completion from the discovered plan: ids and outline numbers, people, groups, phases.

Each function is a Typer `autocompletion=` callback: it takes what has been typed so far (and, when
Typer passes it, the click context, so `--plan` typed earlier on the line is honoured) and returns
`(value, help)` pairs. Completion must never fail in the shell: any problem yields no candidates.

Reading is kept light: the YAML tree is composed (libyaml) and walked for ids, titles and names,
without building the model, resolving windows or running the checks.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

Candidate = tuple[str, str]


def _plan_path(ctx: Any) -> Path:
    from planctl.discover import find_plan

    option = None
    params = getattr(ctx, "params", None)
    if isinstance(params, dict) and isinstance(params.get("plan"), str):
        option = params["plan"]
    return find_plan(option)


def _tree(ctx: Any) -> Any:
    """The plan's YAML tree (a yamltree.Node mapping), or None."""
    from planctl.source import decode
    from planctl.yamltree import MAP, compose

    path = _plan_path(ctx)
    source = decode(str(path), path.read_bytes())
    tree = compose(source.text, [])
    return tree if tree is not None and tree.kind == MAP else None


def _text(node: Any) -> str:
    from planctl.yamltree import SCALAR

    return str(node.value) if node is not None and node.kind == SCALAR and node.value is not None else ""


def _list(node: Any) -> list[Any]:
    from planctl.yamltree import SEQ

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


def _safely(build: Any, ctx: Any) -> list[Candidate]:
    try:
        tree = _tree(ctx)
        return build(tree) if tree is not None else []
    except Exception:  # noqa: BLE001 - completion must never break the shell
        return []


def _matches(incomplete: str, ident: str, *texts: str) -> bool:
    if ident.startswith(incomplete):
        return True
    folded = incomplete.casefold()
    return bool(folded) and any(folded in text.casefold() for text in texts)


def complete_items(incomplete: str, ctx: Any = None) -> list[Candidate]:
    """Tasks, quotas and phases for `done`/`show`: ids by prefix or title substring, or outline numbers."""

    def build(tree: Any) -> list[Candidate]:
        items = [item for item in _items(tree) if item[0]]
        if incomplete[:1].isdigit():
            return [(outline, f"{ident} {title}") for ident, outline, title, _ in items if outline.startswith(incomplete)]
        return [(ident, f"{outline} {title}") for ident, outline, title, _ in items if _matches(incomplete, ident, title)]

    return _safely(build, ctx)


def complete_phases(incomplete: str, ctx: Any = None) -> list[Candidate]:
    """Phases for `--phase`: ids by prefix or title substring, or phase numbers."""

    def build(tree: Any) -> list[Candidate]:
        phases = [item for item in _items(tree) if item[3] == 1 and item[0]]
        if incomplete[:1].isdigit():
            return [(outline, f"{ident} {title}") for ident, outline, title, _ in phases if outline.startswith(incomplete)]
        return [(ident, title) for ident, _, title, _ in phases if _matches(incomplete, ident, title)]

    return _safely(build, ctx)


def _people(tree: Any) -> list[Candidate]:
    roster = tree.get("roster")
    people = roster.get("people") if roster is not None else None
    return [(_text(key), _text(value)) for key, value in (people.pairs() if people is not None else [])]


def _groups_and_units(tree: Any) -> list[Candidate]:
    roster = tree.get("roster")
    groups = roster.get("groups") if roster is not None else None
    out: list[Candidate] = []
    for key, group in groups.pairs() if groups is not None else []:
        out.append((_text(key), _text(group.get("name"))))
        units = group.get("units")
        for unit_key, unit in units.pairs() if units is not None else []:
            out.append((_text(unit_key), _text(unit.get("name"))))
    return out


def complete_people(incomplete: str, ctx: Any = None) -> list[Candidate]:
    """People for `--by`: ids by prefix or names by substring."""
    return _safely(lambda tree: [c for c in _people(tree) if c[0] and _matches(incomplete, c[0], c[1])], ctx)


def complete_groups(incomplete: str, ctx: Any = None) -> list[Candidate]:
    """Groups, units and people for `--who`."""

    def build(tree: Any) -> list[Candidate]:
        return [c for c in [*_groups_and_units(tree), *_people(tree)] if c[0] and _matches(incomplete, c[0], c[1])]

    return _safely(build, ctx)


def complete_units(incomplete: str, ctx: Any = None) -> list[Candidate]:
    """Units for `done --unit`."""

    def build(tree: Any) -> list[Candidate]:
        roster = tree.get("roster")
        groups = roster.get("groups") if roster is not None else None
        units = [(_text(k), _text(u.get("name"))) for _, g in (groups.pairs() if groups is not None else [])
                 if (us := g.get("units")) is not None for k, u in us.pairs()]
        return [c for c in units if c[0] and _matches(incomplete, c[0], c[1])]

    return _safely(build, ctx)


__all__ = ["complete_groups", "complete_items", "complete_people", "complete_phases", "complete_units"]
