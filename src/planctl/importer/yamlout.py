"""The draft as plan.yaml text: block style, one key a line, every guess as a `# import:` comment
above what it concerns, members to fill in marked `# fill in`. Scalars are written plain when YAML
reads them back as the same text, else double-quoted (JSON escapes are valid YAML)."""

from __future__ import annotations

import json
import re

from planctl.i18n import _
from planctl.importer.draft import Draft, GroupDraft, Guess, Item, QuotaDraft

_NOT_PLAIN_START = tuple("-?:,[]{}#&*!|>'\"%@`= ")
_SPECIAL = re.compile(r"(?i)^(?:true|false|yes|no|on|off|y|n|null|~|[-+]?[\d._]+(?:e[-+]?\d+)?|\.inf|\.nan|0x[\da-f]+|0o[0-7]+|"
                      r"\d{4}-\d\d?-\d\d?.*)$")
_FLOW_BAD = re.compile(r"[,\[\]{}]")
_LINE_BREAKS = re.compile("[\u0085\u2028\u2029\ufeff\x7f-\x9f]")  # YAML would read or refuse these raw
_UNSAFE = re.compile("[\x00-\x1f\u0085\u2028\u2029\ufeff\x7f-\x9f]")


def scalar(text: str, *, flow: bool = False) -> str:
    """`text` as a YAML scalar that reads back as the same string."""
    plain = (text and text == text.strip() and not text.startswith(_NOT_PLAIN_START) and ": " not in text
             and " #" not in text and not text.endswith(":") and not _UNSAFE.search(text)
             and not _SPECIAL.match(text) and not (flow and _FLOW_BAD.search(text)))
    if plain:
        return text
    quoted = json.dumps(text, ensure_ascii=False)  # C0 controls and quotes escaped; JSON strings are YAML
    return _LINE_BREAKS.sub(lambda m: f"\\u{ord(m[0]):04x}", quoted)


def number(value: float) -> str:
    return str(int(value)) if value == int(value) else repr(value)


class Writer:
    def __init__(self, source_name: str) -> None:
        self.lines: list[str] = []
        self.source_name = source_name

    def comment(self, indent: int, guesses: list[Guess]) -> None:
        for guess in guesses:
            self.lines.append(" " * indent + "# " + guess.comment())

    def key(self, indent: int, key: str, value: str, *, first: bool = False, trailing: str = "") -> None:
        lead = " " * (indent - 2) + "- " if first else " " * indent
        self.lines.append(f"{lead}{key}: {value}" + (f"  # {trailing}" if trailing else ""))

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def plan_text(draft: Draft, source_name: str) -> str:
    """The whole plan.yaml for `draft` (deterministic: the same draft gives the same bytes)."""
    out = Writer(source_name)
    out.lines += ["# " + _("planctl plan imported from {source} by `planctl import`.").format(source=source_name),
                  "# " + _("Review every '# import:' comment (a guess, with the document line it came from) and fill in"),
                  "# " + _("the roster where it says '# fill in'; then run `planctl check`.").replace(
                      "'# fill in'", "'# " + _("fill in") + "'"),
                  "planctl: 1"]
    out.key(0, "title", scalar(draft.title))
    if draft.year is not None:
        out.comment(0, [draft.year_guess] if draft.year_guess else [])
        out.key(0, "year", str(draft.year))
    if draft.week1 is not None:
        out.comment(0, [draft.week1_guess] if draft.week1_guess else [])
        out.key(0, "week1", f"{draft.week1.year}年{draft.week1.month}月{draft.week1.day}日")
    if draft.note:
        out.key(0, "note", scalar(draft.note))
    _roster(out, draft)
    out.lines.append("phases:")
    for phase in draft.phases:
        _item(out, phase, 4)
    return out.text()


def _roster(out: Writer, draft: Draft) -> None:
    if not draft.groups and not draft.people:
        return
    out.lines.append("roster:")
    if draft.people:
        out.lines.append("  people:")
        for pid, name in draft.people.items():
            out.comment(4, [Guess(_("a name written after a title"), draft.people_lines.get(name, 0))])
            out.key(4, pid, scalar(name))
    if draft.groups:
        out.lines.append("  groups:")
        for group in draft.groups.values():
            _group(out, group)


def _group(out: Writer, group: GroupDraft) -> None:
    out.comment(4, [Guess(_("{name} is named in the text").format(name=group.name), group.line)])
    out.lines.append(f"    {group.id}:")
    out.key(6, "name", scalar(group.name))
    if group.of_units and group.units:
        out.lines.append("      units:  # " + _("the units the text names; fill in their members, and any unit it does not name"))
        for unit_id, name in unit_ids(group):
            out.lines.append(f"        {unit_id}:")
            out.key(10, "name", scalar(name))
            out.key(10, "members", "[]", trailing=_("fill in"))
    elif group.of_units:
        out.lines.append("      units:  # " + _("fill in: one entry per unit, with its members"))
        out.lines.append(f"        {group.id}-1:")
        out.key(10, "name", scalar(group.name + "1"), trailing=_("fill in"))
        out.key(10, "members", "[]", trailing=_("fill in"))
    else:
        out.key(6, "members", "[]", trailing=_("fill in"))


def unit_ids(group: GroupDraft) -> list[tuple[str, str]]:
    """(id, name) of each unit the text names: the name's initials (jgdzb for 机关党支部), made unique
    within the group by a number (the group's id and a number when the name gives no letters)."""
    from planctl.importer.ids import initials

    out: list[tuple[str, str]] = []
    taken = {group.id}
    for i, name in enumerate(group.units, 1):
        base = initials(name) or f"{group.id}-{i}"
        unit_id, n = base, 2
        while unit_id in taken:
            unit_id, n = f"{base}{n}", n + 1
        taken.add(unit_id)
        out.append((unit_id, name))
    return out


def _item(out: Writer, item: Item, indent: int) -> None:
    out.comment(indent - 2, item.guesses)
    out.key(indent, "id", item.id, first=True)
    out.key(indent, "title", scalar(item.title))
    if item.when:
        out.key(indent, "when", scalar(item.when))
    if item.who:
        out.key(indent, "who", _ids(item.who))
    if item.per:
        out.key(indent, "per", item.per)
    if item.repeat:
        out.key(indent, "repeat", scalar(item.repeat))
    if item.speakers:
        out.key(indent, "speakers", "[" + ", ".join(scalar(name) for name in item.speakers) + "]")
    if item.depth == 0 and item.goal:
        out.key(indent, "goal", scalar(item.goal))
    note = joined([text for _, text in item.notes])
    if note:
        out.key(indent, "note", scalar(note))
    if item.quotas:
        out.lines.append(" " * indent + "quotas:")
        for quota in item.quotas:
            _quota(out, quota, indent + 4)
    if item.children:
        out.lines.append(" " * indent + "tasks:")
        for child in item.children:
            _item(out, child, indent + 4)


_ENDS_A_SENTENCE = tuple("。！!？?；;：:，,、）)》”」")


def joined(paragraphs: list[str]) -> str:
    """The paragraphs of a note as one text: run together after one that ends a sentence (as Chinese
    writes them), else with a space, so that two lines never read as one word (抽查教案 / 其他工作)."""
    out = ""
    for text in paragraphs:
        out += text if not out or out.endswith(_ENDS_A_SENTENCE) else " " + text
    return out


def _quota(out: Writer, quota: QuotaDraft, indent: int) -> None:
    out.comment(indent - 2, quota.guesses)
    out.key(indent, "id", quota.id, first=True)
    out.key(indent, "title", scalar(quota.title))
    out.key(indent, "who", _ids(quota.who))
    if quota.per != "all":
        out.key(indent, "per", quota.per)
    if quota.when:
        out.key(indent, "when", scalar(quota.when))
    if quota.repeat:
        out.key(indent, "repeat", scalar(quota.repeat))
    elif quota.periods:
        out.key(indent, "periods", "[" + ", ".join(scalar(p, flow=True) for p in quota.periods) + "]")
    elif quota.period:
        out.key(indent, "period", quota.period)
        if quota.weeks:
            out.key(indent, "weeks", quota.weeks)
    if quota.pace:
        out.key(indent, "pace", quota.pace)
    out.key(indent, "target", number(quota.target))
    if quota.target_for:
        pairs = ", ".join(f"{k}: {number(v)}" for k, v in quota.target_for.items())
        out.key(indent, "target_for", "{" + pairs + "}")
    out.key(indent, "unit", scalar(quota.unit))
    if quota.note:
        out.key(indent, "note", scalar(quota.note))


def _ids(ids: list[str]) -> str:
    return ids[0] if len(ids) == 1 else "[" + ", ".join(ids) + "]"
