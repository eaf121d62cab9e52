"""References written as display names: `who: 办公室` for the group named 办公室, `by: 王丽` for the person.

A plan's references (`who`, `by`, `unit`, group `members`, `target_for` keys) name roster ids. People
who write plans by hand write the names they know instead, so a reference that is not an id of the
kind it needs, but is the display name of exactly one roster entry of that kind, is rewritten to that
entry's id before the plan is checked; an id always wins over a name. A name shared by several
entries is one error that lists their ids; the checks of validate.py then leave that reference alone.
Both log readers give the same entries to this step, so they agree on it too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from planctl.errors import Problem
from planctl.i18n import N_, _
from planctl.i18n import listed as i18n_listed
from planctl.model import ROLE_KEYS, ROLE_REFS, Columns, Group, Plan, Quota, Roster, Task, Unit, lazy_columns

PERSON, GROUP, UNIT = "person", "group", "unit"
KIND_WORDS = {PERSON: N_("person"), GROUP: N_("group"), UNIT: N_("unit")}  # as a message names each kind


def names_of(roster: Roster, kinds: Iterable[str]) -> dict[str, list[tuple[str, str]]]:
    """Display name -> [(id, kind)] for the roster entries of `kinds`."""
    found: dict[str, list[tuple[str, str]]] = {}
    wanted = set(kinds)
    if PERSON in wanted:
        for pid, name in roster.people.items():
            found.setdefault(name, []).append((pid, PERSON))
    if GROUP in wanted:
        for gid, group in roster.groups.items():
            found.setdefault(group.name, []).append((gid, GROUP))
    if UNIT in wanted:
        for uid, unit in roster.units().items():
            found.setdefault(unit.name, []).append((uid, UNIT))
    return found


def ids_of(roster: Roster, kinds: Iterable[str]) -> set[str]:
    wanted = set(kinds)
    return {*(roster.people if PERSON in wanted else ()), *(roster.groups if GROUP in wanted else ()),
            *(roster.units() if UNIT in wanted else ())}


def is_shared_name(roster: Roster, ref: str, kinds: Iterable[str]) -> bool:
    """Whether `ref` is the display name of several roster entries of `kinds` (resolve_names reported it)."""
    return len(names_of(roster, kinds).get(ref, ())) > 1


def suggestion(ref: str, roster: Roster, kinds: Iterable[str]) -> str:
    """"; did you mean '李娜' (lina)?" over the entries of `kinds` (close_ref), or "" when none is close."""
    return did_you_mean_ref(ref, refs_of(roster, kinds))


def unknown_hint(ref: str, roster: Roster, kinds: Iterable[str]) -> str:
    """What to say after "unknown person '王小明'": the close entry (suggestion), else, where a person may be
    meant, how to add one to the roster with an example line (`wangxiaoming: 王小明`, its id from the name's
    pinyin); "" for neither."""
    close = suggestion(ref, roster, kinds)
    if close or PERSON not in set(kinds):
        return close
    if ref.isascii():
        full_name = _("Full Name")
        line = f"{ref}: {full_name}"
    else:
        line = f"{_pinyin(ref) or 'id'}: {ref}"
    return _("; if this is a new person, add a line under 'roster:' → 'people:', e.g. `{line}`").format(line=line)


def refs_of(roster: Roster, kinds: Iterable[str]) -> dict[str, str]:
    """id -> display name of the roster entries of `kinds` (people, then groups, then units)."""
    wanted = set(kinds)
    return {**(dict(roster.people) if PERSON in wanted else {}),
            **({gid: group.name for gid, group in roster.groups.items()} if GROUP in wanted else {}),
            **({uid: unit.name for uid, unit in roster.units().items()} if UNIT in wanted else {})}


def with_id(name: str, ref: str) -> str:
    """A roster entry as a reader knows it and as planctl takes it: 李娜（lina）; just the id when it has no
    other name."""
    return ref if not name or name == ref else _("{name} ({id})").format(name=name, id=ref)


KNOWN_SHOWN = 12  # entries a hint lists; a roster of 200 people on one line helps nobody


def known(refs: dict[str, str], near: str = "") -> str:
    """The entries `refs` (id -> name) for a hint, each with its id: 沙继承（sha）、张伟（zhangwei） (issue 17:
    a Chinese reader knows the names, planctl's hints listed only the pinyin ids). More than KNOWN_SHOWN: the
    first of those whose id or name begins with `near` (what was typed), or of all when none does, and how
    many more there are."""
    from planctl.i18n import listed, ngettext

    shown = list(refs.items())
    if len(shown) > KNOWN_SHOWN:
        typed = near.strip().casefold()
        first = [(ref, name) for ref, name in shown if typed and (ref.casefold().startswith(typed) or name.startswith(near.strip()))]
        shown = (first or shown)[:KNOWN_SHOWN]
    more = len(refs) - len(shown)
    text = listed(with_id(name, ref) for ref, name in shown)
    if more:
        text += ngettext(" (and {count} other in the plan's roster)", " (and {count} others in the plan's roster)",
                         more).format(count=more)
    return text


def close_ref(typed: str, refs: dict[str, str]) -> str | None:
    """The id of the entry of `refs` (id -> name) that `typed` most likely means, or None: first one whose id,
    or whose name read in pinyin, is `typed` read in pinyin (李那 → lina: 李娜, whose id or name sounds the
    same); else difflib's closest id (cutoff 0.6), else its closest name at 0.5, so a two-character Chinese
    name with one character wrong (王莉 for 王丽) still finds its match."""
    typed = typed.strip()
    if not typed or not refs:
        return None
    sound = _pinyin(typed)
    same = [ref for ref, name in refs.items() if sound and sound in (ref.lower(), _pinyin(name))]
    if len(same) == 1:
        return same[0]
    import difflib  # only on an error: a re-read item's names (store/increment.py) are resolved without it

    close = difflib.get_close_matches(typed, sorted(refs), n=1, cutoff=0.6)
    if close:
        return close[0]
    by_sound: dict[str, str] = {}
    for ref, name in refs.items():
        by_sound.setdefault(_pinyin(name), ref)
    by_sound.pop("", None)
    close = difflib.get_close_matches(sound, sorted(by_sound), n=1, cutoff=0.75) if sound else []
    return by_sound[close[0]] if close else None


def did_you_mean_ref(typed: str, refs: dict[str, str]) -> str:
    """"; did you mean '李娜' (lina)?" for close_ref's entry: its name when `typed` is not ASCII (the reader
    types names), else its id, with the other beside it; "" when nothing is close."""
    ref = close_ref(typed, refs)
    if ref is None:
        return ""
    name = refs[ref] or ref
    if name == ref:
        return _("; did you mean '{choice}'?").format(choice=ref)
    choice, other = (ref, name) if typed.isascii() else (name, ref)
    return _("; did you mean '{choice}' ({other})?").format(choice=choice, other=other)


def _pinyin(text: str) -> str:
    """`text` read in pinyin without tones, lower case, letters and digits only ("" for text with no Chinese
    character: an id is compared as it is). pypinyin is imported on this error path only."""
    if text.isascii():
        return "".join(ch for ch in text.lower() if ch.isalnum())
    import os

    os.environ.setdefault("PYPINYIN_NO_PHRASES", "true")  # as importer/ids.py: no 0.5 s phrase dictionary
    from pypinyin import lazy_pinyin

    return "".join(ch for ch in "".join(lazy_pinyin(text)).lower() if ch.isascii() and ch.isalnum())


def resolve_names(plan: Plan, refs: Refs | None = None) -> list[Problem]:
    """Rewrite name references to ids in place; the problems are the names shared by several entries.
    `refs`: `distinct_refs` of the plan's items, when the caller has them (else they are worked out)."""
    roster = plan.roster
    problems: list[Problem] = []
    known: dict[tuple[str, ...], tuple[set[str], dict[str, list[tuple[str, str]]]]] = {}

    def ids_and_names(kinds: tuple[str, ...]) -> tuple[set[str], dict[str, list[tuple[str, str]]]]:
        """ids_of and names_of of the roster for `kinds`, made once (resolving rewrites the groups' and units'
        members alone, which neither reads)."""
        if kinds not in known:
            known[kinds] = ids_of(roster, kinds), names_of(roster, kinds)
        return known[kinds]

    def keeps(kinds: tuple[str, ...]) -> Callable[[str], bool]:
        """Whether `resolver(kinds)` leaves a reference as it is, saying nothing (an id, or no one's name)."""
        ids, names = ids_and_names(kinds)
        return lambda ref: ref in ids or ref not in names

    def resolver(kinds: tuple[str, ...]) -> Callable[[str, int], str]:
        ids, names = ids_and_names(kinds)

        def resolve(ref: str, at: int) -> str:
            owners = names.get(ref, []) if ref not in ids else []
            if len(owners) == 1:
                return owners[0][0]
            if owners:
                listed = i18n_listed(_("'{id}' ({kind})").format(id=oid, kind=_(KIND_WORDS.get(kind, kind))) for oid, kind in owners)
                problems.append(Problem(at, _("'{ref}' is the name of {len} entries of the roster: {listed}; write the id of the one you "
                                              "mean").format(ref=ref, len=len(owners), listed=listed)))
            return ref
        return resolve

    _members(roster, resolver((PERSON,)))
    keeps_who, keeps_person, keeps_unit = keeps((PERSON, GROUP, UNIT)), keeps((PERSON,)), keeps((UNIT,))
    by_who, by_person, by_unit, by_group = (resolver((PERSON, GROUP, UNIT)), resolver((PERSON,)), resolver((UNIT,)),
                                            resolver((GROUP,)))
    items = plan.items()
    by, units = refs if refs is not None else distinct_refs(items)
    settled = all(keeps_person(ref) for ref in by if ref) and all(keeps_unit(ref) for ref in units if ref)
    whos_kept = all(map(keeps_who, {ref for item in items for ref in item.who}))  # each distinct `who` asked once
    for item in items:
        if not whos_kept and not all(map(keeps_who, item.who)):
            item.who = [by_who(ref, ref_at(item.node, "who", ref, item.pos)) for ref in item.who]
        if isinstance(item, Task) and item.roles:
            item.roles = tuple((role, tuple(by_who(ref, role_ref_at(item, role, ref)) for ref in refs)
                                if role in ROLE_REFS else refs) for role, refs in item.roles)
        if isinstance(item, Quota) and item.target_for:
            item.target_for = {by_group(gid, item.pos): amount for gid, amount in item.target_for.items()}
        log = item.log
        if (columns := lazy_columns(log)) is not None and (settled or _keeps_all(columns, keeps_person, keeps_unit)):
            continue  # nothing to rewrite or say: its entries need not be built
        for entry in log:
            if entry.by:
                entry.by = by_person(entry.by, entry.pos)
            if entry.unit:
                entry.unit = by_unit(entry.unit, entry.pos)
    return problems


def role_key(task: Task, role: str) -> str:
    """The key the plan wrote `role` with (`参加` or `participants`: ROLE_KEYS), so a message names it as written."""
    node = task.node
    for key, named in ROLE_KEYS.items():
        if named == role and node is not None and node.get(key) is not None:
            return key
    return role


Refs = tuple[set[Any], set[Any]]  # distinct_refs: every distinct `by` and `unit` of the logs not yet built


def distinct_refs(items: list[Task | Quota]) -> Refs:
    """Every distinct `by` and `unit` of the logs of `items` not yet built (model.LazyLog), so
    that checks of values can ask once for each, not once for each entry."""
    logs = [columns for item in items if (columns := lazy_columns(item.log)) is not None]
    return set().union(*(columns[1] for columns in logs)), set().union(*(columns[2] for columns in logs))


def _keeps_all(columns: Columns | tuple[list[Any], ...], keeps_person: Callable[[str], bool], keeps_unit: Callable[[str], bool]) -> bool:
    """Whether every `by` and `unit` of a log's columns (model.lazy_columns) stays as written (each distinct value asked once)."""
    return all(keeps_person(by) for by in set(columns[1]) if by) and all(keeps_unit(u) for u in set(columns[2]) if u)


def role_ref_at(task: Task, role: str, ref: str) -> int:
    """The offset of `ref` in the task's `role` key, written in English or in Chinese (ROLE_KEYS)."""
    node = task.node
    for key, named in ROLE_KEYS.items():
        if named == role and node is not None and node.get(key) is not None:
            return ref_at(node, key, ref, task.pos)
    return task.pos


def ref_at(node: Any, key: str, ref: str, fallback: int) -> int:
    """The offset of `ref` inside `key: ref` or `key: [a, ref]` of a tree node."""
    value = node.get(key) if node is not None else None
    if value is None:
        return fallback
    for item in value.value if value.kind == "seq" else [value]:
        if item.value == ref:
            return int(item.start)
    return int(value.start)


def _members(roster: Roster, resolve: Callable[[str, int], str]) -> None:
    for group in roster.groups.values():
        owners: list[Group | Unit] = [group, *group.units.values()]
        for owner in owners:
            resolved = [resolve(m, owner.member_pos.get(m, owner.pos)) for m in owner.members]
            owner.member_pos = {new: owner.member_pos.get(old, owner.pos) for old, new in zip(owner.members, resolved, strict=True)}
            owner.members = resolved
