"""`check`'s warning for plan text holding hidden characters (format/controls.py): a terminal control
sequence, a bidirectional override, a zero-width space in a title, a note, a goal or a name; and for a tab
in any of them but a note (views show it as a space; a note may be laid out with tabs).

Cheap on the usual plan: one scan of the raw text decides whether any can exist (a hidden character
written as itself, or a backslash escape that a YAML double-quoted string turns into one: `\\e`, `\\x1b`,
`\\u202e`, ...); only then are the text fields read, and each one holding such a character is located at
its key. Views show the characters escaped (output/visible.py) whatever this says.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from planctl.errors import WARNING, Problem
from planctl.format.controls import HIDDEN_CLASS, escape, hidden
from planctl.i18n import _, listed
from planctl.model import Plan

# A hidden character as itself, or a double-quoted YAML escape that may stand for one (YAML 1.2 §5.7).
_MAYBE = HIDDEN_CLASS + r"|\t|\\[0abeftrvxuUNLP]"
_PLAN_KEY = re.compile(r"^(title|note):[ \t]*", re.MULTILINE)


# What a plan YAML read without an error can still hold (YAML refuses the other C0 and C1 controls
# written as themselves, YAML 1.2 §5.1): NEL, the bidi controls, the line and paragraph separators, and
# the zero-width ones, a tab and a backslash (an escape in a double-quoted string). Looking for these few
# characters one by one costs a third of one search for the whole class over a large plan.
_READABLE_HIDDEN = ("\x85\u061c\u180e\u200b\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067"
                    "\u2068\u2069\ufeff\t\\")
# What a plan text format/fasttree.py read can hold of them: it takes no text with a control character but
# the line breaks, a tab, NEL, U+2028, U+2029 or U+FEFF (Loaded.by_fasttree), so five searches fewer.
_REGULAR_HIDDEN = "".join(char for char in _READABLE_HIDDEN if char not in "\x85\u2028\u2029\ufeff\t")
# The first byte of each in UTF-8 (\xe2 for U+200B…U+2069): a byte search of the file's bytes runs at memchr's
# speed, a search of the text for U+202C, U+202D or U+202E (whose low byte is a comma, a dash or a dot) five to
# ten times slower; a plan without these few bytes (most: a Chinese text is \xe3-\xe9) holds none of them.
_READABLE_FIRST_BYTES = tuple(sorted({char.encode("utf-8")[:1] for char in _READABLE_HIDDEN}))
_REGULAR_FIRST_BYTES = tuple(sorted({char.encode("utf-8")[:1] for char in _REGULAR_HIDDEN}))


def hidden_characters(text: str, plan: Plan | None, read_cleanly: bool = False, by_fasttree: bool = False,
                      raw: bytes = b"") -> list[Problem]:
    """A warning, at the field's key (an offset into `text`), for each text field of `plan` (read from `text`)
    holding a hidden character, and for each but a note holding a tab; [] at once when `text` cannot hold
    one. `read_cleanly`: the plan had no error, so no control YAML refuses is in it (the quicker test);
    `by_fasttree`: format/fasttree.py read `text` (Loaded.by_fasttree), so fewer characters can be in it;
    `raw`: the UTF-8 bytes `text` was decoded from (Source.raw), looked at first when given."""
    if plan is None:
        return []
    if by_fasttree and not _may_hold(text, raw, _REGULAR_HIDDEN, _REGULAR_FIRST_BYTES):
        return []
    if read_cleanly and not by_fasttree and not _may_hold(text, raw, _READABLE_HIDDEN, _READABLE_FIRST_BYTES):
        return []
    if not read_cleanly and not by_fasttree and re.search(_MAYBE, text) is None:
        return []
    fields = list(_fields(text, plan))
    return [*(Problem(at, _("{field} holds {what}, shown as {shown} (a terminal control or invisible character); "
                            "remove it unless it is meant").format(field=field, what=_described(value),
                                                                   shown=_escaped(value)), WARNING)
              for field, value, at in fields if hidden().search(value)),
            *(Problem(at, _("{field} holds a tab, which the views show as a space; write a space instead").format(
                field=field), WARNING)
              for field, value, at in fields if "\t" in value and not _is_note(field))]


def _may_hold(text: str, raw: bytes, chars: str, first_bytes: tuple[bytes, ...]) -> bool:
    """Whether `text` (decoded from `raw`, unless b"") holds one of `chars` (whose first UTF-8 bytes are `first_bytes`)."""
    if raw and not any(byte in raw for byte in first_bytes):
        return False
    return any(char in text for char in chars)


def _is_note(field: str) -> bool:
    """Whether `field` (as `_fields` names it) is a note, which may be laid out with tabs."""
    return field == "note" or field.endswith(".note")


def _described(value: str) -> str:
    found = hidden().findall(value)
    return listed(dict.fromkeys(f"U+{ord(char):04X}" for char in found))


def _escaped(value: str) -> str:
    return listed(dict.fromkeys(escape(char) for char in hidden().findall(value)))


def _fields(text: str, plan: Plan) -> Iterator[tuple[str, str, int]]:
    """(field as the message names it, its text, offset of its key) for every text field of the plan."""
    plan_keys = {m.group(1): m.end() for m in _PLAN_KEY.finditer(text)}
    for key, value in (("title", plan.title), ("note", plan.note)):
        if value:
            yield key, value, plan_keys.get(key, 0)
    for pid, name in plan.roster.people.items():
        yield f"people.{pid}", name, plan.roster.people_pos.get(pid, 0)
    for group in plan.roster.groups.values():
        yield f"groups.{group.id}", group.name, group.pos
        for unit in group.units.values():
            yield f"units.{unit.id}", unit.name, unit.pos
    for item in plan.items():
        for key in ("title", "note", "goal"):
            value = getattr(item, key, None)
            if value:
                yield f"{item.id}.{key}", value, _key_at(text, item.node, key, item.pos)
        for entry in item.log:
            if entry.note:
                yield f"{item.id} {entry.date.isoformat()}.note", entry.note, entry.pos


def _key_at(text: str, node: object, key: str, item_at: int) -> int:
    """Where `key`'s value of the item at `item_at` is: from its yamltree node when the plan was read with
    nodes, else the first `key:` from the item's start (a cached or fast read keeps offsets, not nodes)."""
    value = node.get(key) if node is not None else None  # type: ignore[attr-defined]
    if value is not None:
        return int(value.start)
    found = re.compile(rf"(?<![\w-]){key}\s*:\s*").search(text, item_at)
    return found.end() if found is not None else item_at
