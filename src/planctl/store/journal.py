"""The undo journal: what each `planctl done` in this clone wrote, so `undo` takes back only that.

It lives beside the cache, in `.planctl-cache/<plan's name>.undo` (a folder git ignores), and is kept
whether the cache is on or off (`PLANCTL_CACHE=0`): without it `undo` cannot know what was done here.

The file is JSON lines: a header line `{"planctl-undo-journal": 2}`, then one record per `done`,
oldest first, at most `LENGTH` of them (see `Record` for the fields). Once older records were let go,
the header also says how many (`"forgotten": N`), so that undo does not claim it took everything back. It is written whole or not at
all (temporary file, fsync, rename: atomic.atomic_write), and by `done` *before* the plan is replaced,
so a `done` cut short leaves a record whose `before` digest is still the plan's, which `undo` drops.

A full disk (README "Writing safely"): the journal matters more than the cache, so when it cannot be
written for space the plan's cache is removed (cache.free) and it is tried once more. When it still
cannot be written, the journal is removed (a journal missing the newest `done` would make undo take an
older record for it), `done` says so in a warning and still records the completion, exactly once; undo
then has no journal: it only offers its guess and asks, and `undo --yes` takes nothing back.

Reading tells three states apart (issue 12): no file is no journal (`None`: a fresh clone, or the
folder was deleted); a header without records is an empty journal (`[]`: everything done here was
taken back); anything else that does not read (a truncated or empty file, a torn line, a field of
the wrong type, a FIFO or folder in its place) is damaged: `JournalDamaged`, and undo refuses.
Journals of earlier versions (no header; records without `item`) are read as they are.

Beside it, `.planctl-cache/<plan's name>.undone` lists what `undo` took back in this clone and sync
has not committed yet (JSON lines `{"entry": "{date: …}", "item": ID}`, at most `LENGTH`), so that
`planctl sync` commits a removal only when `undo` made it, and refuses a completion line deleted or
rewritten by hand (git/sync.py). A missing or unreadable list is an empty one: sync then refuses
the removal and says how to commit it by hand.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from planctl.errors import WriteRefused, os_reason
from planctl.i18n import _
from planctl.model import Item

HEADER = {"planctl-undo-journal": 2}
# Records kept: undo goes back at most this many `done`s (README "What `done` writes"). undo is for a
# mistake just made; the journal is rewritten whole on every `done`, so it stays small (about 15 KB).
LENGTH = 50
_AT = re.compile(r"at: ([^,{}\[\]]+)\}$")


class Record(NamedTuple):
    """One `done`: enough to reverse it byte for byte, or to find its entry after the file changed."""

    before: str  # digest of the plan's bytes before the done (store.cache.digest)
    after: str  # digest after it
    offset: int  # where done inserted `inserted`, in characters of the BOM-less text
    inserted: str  # exactly what it inserted: the entry's line(s), with a `log:` key when it made one
    entry: str  # the entry's own text, `{date: …, at: …}`
    item: str | None  # the id of the task or quota it was logged on (None in journals of earlier versions)
    path: tuple[str, ...]  # the ids from the phase down to that item, for messages
    created_log: bool | None  # whether done also wrote the item's `log` key (None: not known)
    title: str | None = None  # the item's title then (None in journals of earlier versions)
    # The digest the plan has once `undo` took this record back: set by undo before it replaces the plan
    # (None: not being taken back). An undo cut short between the two leaves it set on a plan still as the
    # record's `done` left it, and the next undo takes this record back again, not the one before it.
    undone_to: str | None = None

    @property
    def at(self) -> datetime | None:
        """The entry's `at` stamp, read from its text."""
        found = _AT.search(self.entry)
        try:
            return datetime.fromisoformat(found[1].strip()) if found else None
        except ValueError:
            return None

    @property
    def where(self) -> str:
        return "/".join(self.path) if self.path else (self.item or "?")


def record_of_done(before: str, after: str, offset: int, inserted: str, entry: str, item: Item) -> Record:
    """The record of a `done` that inserted `inserted` (holding `entry`'s text) at `offset` on `item`."""
    created = "log" in inserted.replace(entry, "", 1)  # the rest is `log:`/`, log: [`, indentation and `- `
    return Record(before, after, offset, inserted, entry, item.id, path_of(item), created, item.title)


def path_of(item: Item) -> tuple[str, ...]:
    """The ids from the phase down to `item`, as a record names it."""
    path: list[str] = []
    node: Item | None = item
    while node is not None:
        path.append(node.id)
        node = node.parent
    return tuple(reversed(path))


class Journal(NamedTuple):
    """The journal's records, oldest first, and how many older `done`s of this clone were let go past
    `LENGTH` (undo cannot take those back)."""

    records: list[Record]
    forgotten: int = 0


class JournalDamaged(WriteRefused):
    """The journal exists but cannot be read: undo cannot tell what was done here (exit 1)."""

    why = ""


def journal_file(plan_path: Path) -> Path:
    from planctl.store.cache import cache_file

    return cache_file(plan_path).with_suffix(".undo")


def shown(plan_path: Path) -> str:
    """The journal's path as a user finds it: beside the plan."""
    target = journal_file(plan_path)
    return f"{target.parent.name}/{target.name}"


def read(plan_path: Path) -> Journal | None:
    """The `done`s recorded here, oldest first; None when there is no journal at all.
    Raises JournalDamaged when there is one that cannot be read."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(journal_file(plan_path), flags)  # O_NONBLOCK: a FIFO there does not wait for a writer
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _damaged(plan_path, _why(plan_path, exc), unreadable=True) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise _damaged(plan_path, _("it is not a regular file"))
        with os.fdopen(fd, "rb", closefd=False) as handle:
            text = handle.read().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _damaged(plan_path, os_reason(exc) if isinstance(exc, OSError) else _("it is not UTF-8 text")) from None
    finally:
        os.close(fd)
    return _records(plan_path, text)


def _records(plan_path: Path, text: str) -> Journal:
    if not text:
        raise _damaged(plan_path, _("it is empty (a write cut short?)"))
    if not text.endswith("\n"):
        raise _damaged(plan_path, _("its last line is cut short"))
    lines = text.splitlines()
    records: list[Record] = []
    forgotten = 0
    for number, line in enumerate(lines, 1):
        try:
            value = json.loads(line)
        except ValueError:
            raise _damaged(plan_path, _("line {number} is not JSON").format(number=number)) from None
        if number == 1 and _is_header(value):
            forgotten = value.get("forgotten", 0)
            continue
        record = _record(value)
        if record is None:
            raise _damaged(plan_path, _("line {number} is not a record of a `done`").format(number=number))
        records.append(record)
    return Journal(records, forgotten)


def _is_header(value: Any) -> bool:
    if not isinstance(value, dict) or value.get("planctl-undo-journal") != HEADER["planctl-undo-journal"]:
        return False
    forgotten = value.get("forgotten", 0)
    return set(value) <= {"planctl-undo-journal", "forgotten"} and type(forgotten) is int and forgotten >= 0


def _record(value: Any) -> Record | None:
    if not isinstance(value, dict):
        return None
    before, after, offset = value.get("before"), value.get("after"), value.get("offset")
    inserted, entry, item = value.get("inserted"), value.get("entry"), value.get("item")
    path, created, title = value.get("path", []), value.get("created_log"), value.get("title")
    undone_to = value.get("undone_to")
    if not (undone_to is None or isinstance(undone_to, str)):
        return None
    texts = (before, after, inserted, entry)
    if not all(isinstance(t, str) for t in texts) or not isinstance(offset, int) or isinstance(offset, bool):
        return None
    if not (title is None or isinstance(title, str)):
        return None
    if offset < 0 or not (item is None or isinstance(item, str)) or not (created is None or isinstance(created, bool)):
        return None
    if not isinstance(path, list) or not all(isinstance(p, str) for p in path):
        return None
    return Record(before, after, offset, inserted, entry, item, tuple(path), created, title,  # type: ignore[arg-type]
                  undone_to)


def _damaged(plan_path: Path, why: str, *, unreadable: bool = False) -> JournalDamaged:
    """`unreadable`: the file could not be opened (no permission, a file where its folder goes)."""
    name = shown(plan_path)
    folder = journal_file(plan_path).parent
    delete = folder.name if folder.exists() and not folder.is_dir() else name  # a file where the folder goes
    message = (_("planctl's undo journal {name} cannot be read ({why}), so undo cannot tell which completion "
                 "was recorded here; nothing was changed") if unreadable else
               _("planctl's undo journal {name} is damaged ({why}), so undo cannot tell which completion "
                 "was recorded here; nothing was changed"))
    error = JournalDamaged(message.format(name=name, why=why),
                           hint=_("remove the entry by hand ('planctl show ITEM' lists its log), then delete {delete}").format(
                                    delete=delete))
    error.why = why
    return error


def note(plan_path: Path, record: Record, replacing: Record | None = None) -> list[str]:
    """Add `record` (before `done` replaces the plan), in place of `replacing` (the same `done`'s
    record from an attempt that found the file changed) when that is the last. Records at the end
    whose `before` is this one's (their `done` never replaced the plan, or its line was removed by
    hand: the plan is as before them) are let go: their entries are not in the plan. Returns one
    warning at most, for the person at the terminal: a damaged journal is started afresh; one that
    cannot be written is removed, so that `undo` does not take an older record for the last `done`."""
    damaged = None
    try:
        journal = read(plan_path) or Journal([])
    except JournalDamaged as exc:
        journal, damaged = Journal([]), exc.why
    kept = list(journal.records)
    if replacing is not None and kept and kept[-1] == replacing:
        kept.pop()
    while kept and kept[-1].before == record.before:
        kept.pop()
    let_go = max(0, len(kept) + 1 - LENGTH)
    problem = _write(plan_path, Journal([*kept[let_go:], record], journal.forgotten + let_go), remove_on_failure=True)
    if problem:
        return [_("{problem}; undo cannot take this completion back (remove its line by hand if needed)").format(problem=problem)]
    if damaged is not None:
        return [_("planctl's undo journal {name} was damaged ({damaged}); a new one is started: "
                  "undo can take back this completion, not earlier ones").format(name=shown(plan_path), damaged=damaged)]
    return []


def withdraw(plan_path: Path, record: Record) -> None:
    """Take `record` off the journal's end: its `done` never replaced the plan (the write failed or
    the file kept changing), so undo must not take its entry for one removed by hand. A journal left
    with nothing is removed; one that cannot be read or written is left as it is (undo then passes the
    record over as before)."""
    try:
        journal = read(plan_path)
    except JournalDamaged:
        return
    if journal is None or not journal.records or journal.records[-1] != record:
        return
    rest = Journal(journal.records[:-1], journal.forgotten)
    if rest.records or rest.forgotten:
        _write(plan_path, rest, remove_on_failure=False)
        return
    with contextlib.suppress(OSError):
        journal_file(plan_path).unlink()


def keep(plan_path: Path, journal: Journal) -> list[str]:
    """The journal after `undo` took back its last record; warnings as `note` gives them. One left
    as it was still holds that record, whose `before` is now the plan's digest: undo skips it."""
    problem = _write(plan_path, journal, remove_on_failure=False)
    return [problem] if problem else []


def _write(plan_path: Path, journal: Journal, *, remove_on_failure: bool) -> str | None:
    """Replace the journal whole, or say why it could not be. `remove_on_failure`: a journal missing
    the newest `done` would make undo take an older record for the last one; none at all is better."""
    target = journal_file(plan_path)
    header = {**HEADER, "forgotten": journal.forgotten} if journal.forgotten else HEADER
    lines = [json.dumps(header)] + [json.dumps(_as_json(r), ensure_ascii=False) for r in journal.records]
    try:
        _write_before_cache(plan_path, target, ("\n".join(lines) + "\n").encode("utf-8"))
    except OSError as exc:
        if remove_on_failure:
            with contextlib.suppress(OSError):
                if not target.is_dir():
                    target.unlink()
        return _("cannot write planctl's undo journal {name}: {why}").format(name=shown(plan_path), why=_why(plan_path, exc))
    return None


def write_beside_journal(plan_path: Path, target: Path, data: bytes) -> None:
    """Write `target` whole in the journal's folder, as the journal is written (`_write_before_cache`):
    what sync remembers of lost merges (git/lost.py). OSError when it cannot be written."""
    _write_before_cache(plan_path, target, data)


def _write_before_cache(plan_path: Path, target: Path, data: bytes) -> None:
    """Write `target` (the journal, or the list of what undo took back) whole, in the cache's folder. It
    matters more than the cache: when the disk is full, the plan's cache is removed (cache.free) and
    the write tried once more. OSError when it still cannot be written."""
    from planctl.store import cache
    from planctl.store.atomic import atomic_write, no_space

    try:
        cache.make_folder(target.parent)
        atomic_write(target, data)
    except OSError as exc:
        if not no_space(exc) or not cache.free(plan_path):
            raise
        cache.make_folder(target.parent)
        atomic_write(target, data)


def _why(plan_path: Path, exc: OSError) -> str:
    """What went wrong, in the user's terms: a file where the journal's folder goes is named as such."""
    folder = journal_file(plan_path).parent
    if folder.exists() and not folder.is_dir():
        return _("{name} is a file, not a folder").format(name=folder.name)
    return os_reason(exc)


# --- what `undo` took back, for `planctl sync` ------------------------------------------------


class TakenBack(NamedTuple):
    """An entry `undo` removed in this clone: its own text (`{date: …}`) and the item it was on."""

    entry: str
    item: str


def taken_back_file(plan_path: Path) -> Path:
    return journal_file(plan_path).with_suffix(".undone")


def taken_back(plan_path: Path) -> list[TakenBack]:
    """What `undo` took back here that sync has not committed yet, oldest first ([] when there is no
    list, or it cannot be read: then sync refuses such removals rather than guess)."""
    try:
        text = taken_back_file(plan_path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    found = []
    for line in text.splitlines():
        try:
            value = json.loads(line)
        except ValueError:
            continue
        if isinstance(value, dict) and isinstance(value.get("entry"), str) and isinstance(value.get("item"), str):
            found.append(TakenBack(value["entry"], value["item"]))
    return found


def note_taken_back(plan_path: Path, taken: TakenBack, onto: list[TakenBack] | None = None) -> list[str]:
    """Add `taken` (as `undo` replaces the plan) to the list, or to `onto` (the list as it was before this
    undo's first attempt, so that a retry does not add it twice); a warning when it cannot be written."""
    kept = taken_back(plan_path) if onto is None else onto
    problem = keep_taken_back(plan_path, [*kept, taken][-LENGTH:])
    if problem:
        return [_("{problem}; 'planctl sync' will not send this take-back (commit it yourself: "
                  "'git commit {name} -m …')").format(problem=problem, name=plan_path.name)]
    return []


def keep_taken_back(plan_path: Path, kept: list[TakenBack]) -> str | None:
    """Replace the list with `kept` (removed when empty); why it could not be, or None."""
    target = taken_back_file(plan_path)
    try:
        if not kept:
            target.unlink(missing_ok=True)
            return None
        _write_before_cache(plan_path, target, "".join(json.dumps(t._asdict(), ensure_ascii=False) + "\n" for t in kept).encode("utf-8"))
    except OSError as exc:
        return _("cannot write {name}: {why}").format(name=f"{target.parent.name}/{target.name}", why=_why(plan_path, exc))
    return None


def _as_json(record: Record) -> dict[str, Any]:
    value = record._asdict()
    value["path"] = list(record.path)
    if record.undone_to is None:  # a done's record reads as in journals before undo marked them
        del value["undone_to"]
    return value
