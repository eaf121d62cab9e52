"""What `planctl undo` takes back: the last `done` made in this clone, and never anyone else's entry.

The rules (README "What `done` writes"; issue 12, cases 5-9), for the journal's last record:

1. The file is as that `done` left it (its digest is the record's `after`): reverse the edit byte for byte.
2. The file is as it was before that `done` (`before`): the done never landed (cut short), or its
   line was removed by hand: that record is gone (`skipped`).
3. Otherwise (a pull, a hand edit elsewhere): the entry is found by its exact text on the item the
   record names (the last such entry, if it was logged twice). That item must still be the one the
   record names: the same ids from the phase down and the same title; if not (ids swapped or changed
   by hand, the item moved or retitled) stop (`EntryChanged`), unless the entry's text, stamped to
   the millisecond, is in the plan just once, on the item with the record's id: then it is what that
   `done` wrote, whatever the item is called now or wherever it moved (a teammate's edit, pulled in). If the text is not there, but an
   entry with the same `at` is, or the text is now on another item, the entry was changed: stop
   too, never fall back to an older entry. If neither, the entry is gone (`skipped`).

A record skipped is a removal undo cannot tell from a `done` that never landed: `run_undo` stops
under --yes, and without it says so and asks about the record before (issue 12, case 8: never
silently remove a different entry than the last). An empty journal means everything done here was
taken back, or let go past its length (`Journal.forgotten`): nothing to undo. Without any journal
(a fresh clone), the latest entry by real time (`at` with its offset; without one, local time) is
only a guess, which `run_undo` asks about and never takes with --yes; when planctl knows who you are
(git/identity.py), only your entries are looked at.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from planctl import clock
from planctl.errors import UsageError, WriteRefused
from planctl.format.source import Source
from planctl.i18n import _, ngettext
from planctl.model import Completion, Item, LazyLog
from planctl.store.journal import Journal, Record, TakenBack, path_of
from planctl.store.writer import BLOCK_LOG, Anchor, Edit, end_of_line


class Undo(NamedTuple):
    item: Item
    entry: Completion
    exact: Edit | None  # the reverse of the `done` that wrote it, when the file is as it left it
    created_log: bool | None  # whether that `done` wrote the item's `log` key too (None: not known)
    journal_after: Journal | None  # the journal once this is undone (None: there is no journal: a guess)
    skipped: list[Record]  # later records whose entries are no longer in the plan, last first
    record: Record | None = None  # the journal's record of the entry (None: a guess, without a journal)


class EntryChanged(WriteRefused):
    """The last entry recorded here was edited (or moved) since: undo stops (exit 1).

    `removable`: the entry the hint tells the person to remove by hand, when it is exactly what this
    clone's `done` wrote; run_undo notes it with the take-backs (journal.note_taken_back), so that
    `planctl sync` sends that removal as taken back instead of refusing it as a hand edit."""

    def __init__(self, message: str, *, hint: str | None = None, removable: TakenBack | None = None) -> None:
        super().__init__(message, hint=hint)
        self.removable = removable


def chosen(journal: Journal | None, key: str, source: Source, items: list[Item], by: str | None = None,
           name_of: Callable[[str], str] = str) -> Undo:
    """What to take back, given the journal (None without one), the plan's digest `key`, its Source
    (its text is decoded only when the file is not as the last `done` left it) and items; without a
    journal, the latest entry `by` that person (a roster id, named in a message by `name_of`: the
    roster's name) when given. Raises UsageError when there is nothing to undo, EntryChanged as above."""
    if journal is None:
        latest = latest_recorded(items, by)
        if latest is None:
            if by:
                raise UsageError(_("nothing to undo: no completion by {by} in this plan was recorded by planctl").format(by=name_of(by)))
            raise UsageError(_("nothing to undo: no completion in this plan was recorded by planctl"))
        return Undo(*latest, None, None, None, [])
    pending = list(journal.records)
    skipped: list[Record] = []
    while pending:
        record = pending[-1]
        after = Journal(pending[:-1], journal.forgotten)
        if record.undone_to is not None and _taken_back(record, key, source.text, items):
            pending.pop()
            continue
        found = exact_entry(record, key, items)
        if found is not None:
            return Undo(*found, Edit(record.offset, len(record.inserted), ""), record.created_log, after, skipped, record)
        if record.before != key and (found := _recorded_entry(record, source.text, items)) is not None:
            return Undo(*found, None, record.created_log, after, skipped, record)
        skipped.append(pending.pop())
    raise UsageError(_nothing_left(journal, skipped))


def _taken_back(record: Record, key: str, text: str, items: list[Item]) -> bool:
    """Whether the undo that marked `record` (its `undone_to`) replaced the plan: the file is as that undo
    left it, or it changed since and the entry is not in it; False when the file is still as the record's
    `done` left it (the undo was cut short: this record is still the last) or the entry is still there."""
    if key == record.after:
        return False
    if key == record.undone_to:
        return True
    try:
        return _recorded_entry(record, text, items) is None
    except EntryChanged:
        return False  # the record is taken up as the last one, and undo stops there as it says


def _nothing_left(journal: Journal, skipped: list[Record]) -> str:
    if skipped:
        return _("nothing to undo: the completions recorded here are no longer in the plan")
    if journal.forgotten:
        from planctl.store.journal import LENGTH

        return ngettext("nothing to undo: the undo journal reaches back only the last {length} completions made here, "
                        "and they have all been taken back; {forgotten} older one must be removed by hand "
                        "('planctl show ITEM' lists an item's log)",
                        "nothing to undo: the undo journal reaches back only the last {length} completions made here, "
                        "and they have all been taken back; {forgotten} older ones must be removed by hand "
                        "('planctl show ITEM' lists an item's log)", journal.forgotten).format(
                            length=LENGTH, forgotten=journal.forgotten)
    return _("nothing to undo: every completion recorded here has been taken back")


def removed_by_hand(skipped: list[Record], previous: str) -> str:
    """Why undo --yes stops when the last record(s) are no longer in the plan; `previous` describes
    the completion it would otherwise take back."""
    last = skipped[0]
    more = _(" (and {count} before it)").format(count=len(skipped) - 1) if len(skipped) > 1 else ""
    return _("the last completion recorded here ({where}: {entry}){more} is no longer in the plan: it was "
             "removed or changed by hand (or its done was cut short); undo --yes takes back only the last one, so "
             "nothing was changed. The one before it is {previous}").format(where=last.where, entry=last.entry, more=more,
                                                                             previous=previous)


def exact_entry(record: Record, key: str, items: list[Item]) -> tuple[Item, Completion] | None:
    """The entry the record's `done` inserted, when the file (of digest `key`) is as that `done` left it."""
    if record.after != key:
        return None
    start, end = record.offset, record.offset + len(record.inserted)
    if record.item is not None:  # the item it names, when the entry is in its log (only one entry begins there)
        for item in (item for item in items if item.id == record.item):
            entry = next((entry for entry in item.log if start <= entry.pos < end), None)
            if entry is not None:
                return item, entry
    found = _entry_in(items, start, end)
    if found is None or (record.item is not None and found[0].id != record.item):
        return None
    return found


def _recorded_entry(record: Record, text: str, items: list[Item]) -> tuple[Item, Completion] | None:
    """The record's entry where it is now, or None when it is gone. Raises EntryChanged."""
    if record.item is not None:  # the item it names first: its entries win below, and no other log is built
        mine = [(item, entry) for item in items if item.id == record.item for entry in item.log
                if text.startswith(record.entry, entry.pos)]
        if mine:
            return _same_item(record, text, *mine[-1])
    matches = [(item, entry) for item in items for entry in item.log if text.startswith(record.entry, entry.pos)]
    mine = [match for match in matches if record.item is None or match[0].id == record.item]
    if record.item is None and len(mine) > 1:  # a journal of an earlier version: the item is not known
        raise EntryChanged(_("the last completion recorded here, {entry}, is in the plan {count} times "
                             "and the journal does not say on which item; nothing was changed").format(
                                 entry=record.entry, count=len(mine)),
                           hint=_("remove it by hand"))
    if mine:
        return _same_item(record, text, *mine[-1])
    if len(matches) == 1 and written_once(record, text) and record.item is not None \
            and not any(item.id == record.item for item in items):  # its item's id was changed (renamed by a teammate)
        return matches[0]
    stamp = record.at
    # An entry changed by hand keeps its `at`; looked for on the record's item only, since another entry written
    # in the same second (two `done`s in a row) is not this one and must not be named as changed.
    same_time = [(item, entry) for item in items if record.item is None or item.id == record.item for entry in item.log
                 if stamp is not None and entry.at is not None and clock.instant(entry.at) == clock.instant(stamp)]
    if matches or same_time:
        from planctl.format.names import with_id

        item, entry = (same_time or matches)[-1]
        line = text.count("\n", 0, entry.pos) + 1
        end = text.find("\n", entry.pos)
        now = text[entry.pos : len(text) if end < 0 else end].rstrip("\r")
        raise EntryChanged(_("the last completion recorded here ({where}: {entry}) was changed since; "
                             "line {line} now reads {now} on {item}; undo takes back only what done wrote, "
                             "so nothing was changed").format(where=record.where, entry=record.entry, line=line, now=now,
                                                              item=with_id(item.title, item.id)),
                           hint=_("remove or fix that line by hand"))
    return None


def _same_item(record: Record, text: str, item: Item, entry: Completion) -> tuple[Item, Completion]:
    """`item`, found by the record's id, when it is still the item the record names: the same ids from
    the phase down, and the same title (journals of earlier versions have none). Raises EntryChanged.

    A title or place changed since (a teammate's edit, pulled in: the item retitled, its phase renamed,
    the item moved) does not count when what `done` wrote is there once in the whole plan, on the item
    with the record's id: the entry is found by its exact text (its `at` to the millisecond), so it is
    that `done`'s line whatever the item is called now. Title and place decide only when the same text
    is in the plan more than once (two `done`s stamped at the same instant), where ids swapped by hand
    would otherwise hand undo another item's entry."""
    path = path_of(item)
    if written_once(record, text) or ((not record.path or path == record.path) and record.title in (None, item.title)):
        return item, entry
    then = f"'{record.where}' {record.title}" if record.title is not None else f"'{record.where}'"
    raise EntryChanged(_("the last completion recorded here, {entry}, was logged on {then}; the item with that "
                         "entry is now '{path}' {title} (line {line}): its id, title or place was changed by hand, so "
                         "undo cannot be sure it is the same item; nothing was changed").format(
                             entry=record.entry, then=then, path="/".join(path), title=item.title, line=_line(text, item.pos)),
                       hint=_("remove the entry by hand (line {line}) if it is the one to take back").format(line=_line(text, entry.pos)),
                       removable=TakenBack(record.entry, item.id))


def written_once(record: Record, text: str) -> bool:
    """Whether the entry `record`'s `done` wrote, stamped with `at`, is in `text` exactly once."""
    return record.at is not None and text.count(record.entry) == 1


def _line(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _entry_in(items: list[Item], start: int, end: int) -> tuple[Item, Completion] | None:
    """The entry that begins between `start` and `end`. A log's entries lie together in the text, so
    only the log starting last before `end` can hold it: the others' entries are not built (on a
    plan read from the cache they stay unread, model.LazyLog)."""
    firsts = [(_first_pos(item), n) for n, item in enumerate(items) if len(item.log)]
    before = [pair for pair in firsts if pair[0] < end]
    if not before:
        return None
    item = items[max(before)[1]]
    for entry in item.log:
        if start <= entry.pos < end:
            return item, entry
    return None


def _first_pos(item: Item) -> int:
    log = item.log
    if isinstance(log, LazyLog) and not log.materialized:
        return log.first_pos + log.delta
    return min(entry.pos for entry in log)


def latest_recorded(items: list[Item], by: str | None = None) -> tuple[Item, Completion] | None:
    """The completion planctl recorded last by real time (its `at`; see clock.instant), only among
    `by`'s entries when given; hand-written entries have none. Equal times: the later item in
    outline order, then the later entry."""
    stamped = [(clock.instant(entry.at), i, entry.pos, item, entry)
               for i, item in enumerate(items) for entry in item.log
               if entry.at is not None and (by is None or entry.by == by)]
    if not stamped:
        return None
    *_, item, entry = max(stamped, key=lambda row: row[:3])
    return item, entry


def line_removal(text: str, anchor: Anchor, item: Item, entry: Completion, created_log: bool | None) -> Edit | None:
    """`writer.removal` for a plan read from the cache, which has the item's anchor but no YAML tree:
    the entry's line in a block log and, when it is the log's only entry and `done` wrote the `log` key
    with it (`created_log`; None: not known), the `log:` line above it. None when the entry is not on a
    line of its own in a block log (a flow log, `log: [{…}]`): the plan is then read whole. The edit is
    not trusted: the caller reads the item back (writer.verified_locally) before writing it."""
    if anchor.flow_item or anchor.log_kind != BLOCK_LOG:
        return None
    start = text.rfind("\n", 0, entry.pos) + 1
    if text[start:entry.pos].strip() != "-":
        return None
    end = end_of_line(text, entry.pos)
    if len(item.log) == 1 and created_log is not False and anchor.log_key_start >= 0:
        key_line = text.rfind("\n", 0, anchor.log_key_start) + 1
        if not text[key_line:anchor.log_key_start].strip() and text[anchor.log_key_end:start].strip() in (":", ""):
            start = key_line
    if end == len(text) and not text.endswith("\n") and start > 0:
        start -= 2 if text[start - 2 : start] == "\r\n" else 1  # keep the file without a final newline
    return Edit(start, end - start, "")
