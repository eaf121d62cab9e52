"""`planctl done` and `planctl undo`: the commands that write the plan."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple

from planctl.commands.common import parse_cli_date
from planctl.errors import EXIT_OK, Problem, UsageError
from planctl.format.loaded import Loaded
from planctl.format.source import PlanInvalid
from planctl.format.units import display_amount
from planctl.model import Completion, Plan, Quota, Task
from planctl.output import messages
from planctl.output.spinner import working
from planctl.status.lookup import find_item
from planctl.store import cache, writer
from planctl.store.discover import display_path, find_plan
from planctl.store.entry import Request, already_done, build_completion
from planctl.store.planfile import PlanFile, open_plan, read_raw, save_cache
from planctl.store.record import Spliced, refresh_cache, splice_entry
from planctl.store.transaction import Planned, write_plan


class DoneOptions(NamedTuple):
    target: str
    date_text: str | None
    by: str | None
    unit: str | None
    amount: str | None
    note: str | None
    again: bool
    real_today: date
    now: datetime
    commit: bool = False
    quiet: bool = False


def _say(message: str, quiet: bool = False) -> None:
    """A message for the person at the terminal (see messages.py); `quiet` is the command's own -q."""
    if not quiet:
        messages.say(message)


def run_done(plan_option: str | None, options: DoneOptions) -> int:
    path = find_plan(plan_option)
    display = display_path(path)
    from planctl.git.unmerged import refuse_write

    refuse_write(path)  # git stopped merging the plan: what is on disk may lack the other side's completions
    if options.commit:
        from planctl.git import ops as gitops
        gitops.ensure_can_commit(path)  # refuse before writing anything

    def prepare() -> Planned[tuple[Spliced, Completion]] | None:
        file = open_plan(path, display, require_valid=True, slow=working)
        plan = file.plan
        item = find_item(plan, options.target)
        day = parse_cli_date(options.date_text, options.real_today, plan.year, "--date") if options.date_text \
            else options.real_today
        request = Request(day, options.now, options.by, options.unit, options.amount, options.note)
        entry = build_completion(plan, item, request)
        if not options.again and already_done(plan, item):
            messages.say(f"{item.id} {item.title} is already done{_done_detail(item)}; nothing recorded "
                         "(use --again to log it again)", important=True)
            return None
        spliced = splice_entry(file, item, entry)
        return Planned(file.raw, spliced.data, (spliced, entry))

    written = write_plan(path, display, prepare)
    if written is None:
        return EXIT_OK
    spliced, entry = written
    _after_done(spliced, entry, display, options)
    return EXIT_OK


def _after_done(spliced: Spliced, entry: Completion, display: str, options: DoneOptions) -> None:
    """Once the line is written: the undo journal, the report, the cache, and the commit if asked."""
    file, item, edit = spliced.file, spliced.item, spliced.edit
    plan, source = file.plan, file.loaded.source
    key = cache.digest(spliced.data)
    cache.note_edit(file.path, file.key, key, edit.offset, edit.insert, writer.entry_text(entry))
    before_entry = edit.insert[: edit.insert.index("{date: ")]
    entry.pos = edit.offset + len(before_entry)  # where it is in the new text
    line = source.text.count("\n", 0, edit.offset) + before_entry.count("\n") + 1
    _say(f"recorded: {_describe(item, entry, plan.roster.name_of)}  ({display}:{line})", options.quiet)
    new_warnings = _entry_warnings(item, entry)
    for warning in _date_warnings(plan, item, entry, new_warnings):
        messages.say(f"planctl: note: {warning}", important=True)
    refresh_cache(spliced, entry, key, new_warnings)
    if options.commit:
        from planctl.git import ops as gitops
        message = gitops.commit_message(item, entry, plan.roster)
        commit = gitops.commit_plan(file.path, message)
        _say(f"committed {commit[:12]}: {message.splitlines()[0]}", options.quiet)


def _entry_warnings(item: Task | Quota, entry: Completion) -> list[Problem]:
    """What `check` will warn about the new entry: a quota's entry outside every period."""
    if not isinstance(item, Quota):
        return []
    from planctl.format.validate import entry_warnings

    return entry_warnings(item, entry)


def _date_warnings(plan: Plan, item: Task | Quota, entry: Completion, warnings: list[Problem]) -> list[str]:
    """A date that will not count, or is outside the whole plan: most likely a forgotten --date."""
    if isinstance(item, Quota):
        return [p.message + " (pass --date for another day)" for p in warnings]
    span = plan.span()
    if span is not None and entry.date not in span:
        return [f"{entry.date} is outside the plan ({span.start} … {span.end}); pass --date for another day"]
    return []


def _done_detail(item: Task | Quota) -> str:
    if item.log:
        last = item.log[-1]
        return f" (logged {last.date.isoformat()}{' by ' + last.by if last.by else ''})"
    return " (all its parts are done)"


def _describe(item: Task | Quota, entry: Completion, name_of: object) -> str:
    assert callable(name_of)
    parts = [f"{item.outline} {item.id} {item.title}", entry.date.isoformat()]
    if entry.by:
        parts.append(f"by {name_of(entry.by)}")
    if entry.unit:
        parts.append(f"for {name_of(entry.unit)}")
    if isinstance(item, Quota):
        parts.append(display_amount(entry.amount if entry.amount is not None else 1.0, item.unit))
    if entry.note:
        parts.append(f"“{entry.note}”")
    return " — ".join(parts[:1]) + ": " + ", ".join(parts[1:])


def _undo_target(path: Path, key: str, text: str, items: list[Task | Quota]) -> Undo | None:
    """What `undo` takes back: the last `done` made here (exactly, when the file is as it left it;
    else its entry, wherever it is now), or, when nothing was recorded here, the latest entry by `at`."""
    records = cache.edits(path)
    journaled = bool(records)
    while records:
        record = records[-1]
        start, inserted = int(record["offset"]), str(record["inserted"])
        if record.get("after") == key:  # the file is as that `done` left it: reverse it byte for byte
            edit: writer.Edit | None = writer.Edit(start, len(inserted), "")
            found = _entry_in(items, start, start + len(inserted))
        else:  # the file changed since (a pull, a hand edit): find that entry where it is now
            at = text.find(str(record.get("entry", "\0")))
            found = _entry_in(items, at, at + 1) if at >= 0 else None
            edit = None
        if found is not None:
            return Undo(*found, edit, records[:-1])
        records.pop()  # that completion is gone already: look at the one before
    if journaled:
        return None  # completions were recorded here, and none of them is in the plan any more
    latest = latest_recorded(items)
    return Undo(*latest, None, None) if latest else None


class Undo(NamedTuple):
    item: Task | Quota
    entry: Completion
    exact: writer.Edit | None  # the reverse of the `done` that wrote it, when the file is as it left it
    journal_after: list[dict[str, Any]] | None  # the journal once this is undone (None: no journal)


def _entry_in(items: list[Task | Quota], start: int, end: int) -> tuple[Task | Quota, Completion] | None:
    """The entry that begins between `start` and `end`."""
    for item in items:
        for entry in item.log:
            if start <= entry.pos < end:
                return item, entry
    return None


def latest_recorded(items: list[Task | Quota]) -> tuple[Task | Quota, Completion] | None:
    """The completion planctl recorded last (by its `at` stamp); hand-written entries have none."""
    stamped = [(entry.at, i, item, entry) for i, item in enumerate(items) for entry in item.log if entry.at is not None]
    if not stamped:
        return None
    _, _, item, entry = max(stamped, key=lambda row: (row[0], row[1], row[3].pos))
    return item, entry


def run_undo(plan_option: str | None, *, yes: bool, confirm: object, quiet: bool = False) -> int:
    path = find_plan(plan_option)
    display = display_path(path)
    from planctl.git.unmerged import refuse_write

    refuse_write(path)

    def prepare() -> Planned[tuple[Loaded, bytes, Undo, str]] | None:
        from planctl.format.loader import load_bytes

        raw = read_raw(path, display)
        loaded = load_bytes(display, raw, fast=True)
        plan = loaded.plan
        if loaded.errors or plan is None:
            raise PlanInvalid(loaded.source, loaded.errors)
        target = _undo_target(path, cache.digest(raw), loaded.source.text, plan.items())
        if target is None:
            raise UsageError("nothing to undo: no completion in this plan was recorded by planctl here")
        item, entry = target.item, target.entry
        description = _describe(item, entry, plan.roster.name_of)
        assert callable(confirm)
        if not yes and not confirm(f"take back {description}?"):
            _say("nothing changed")
            return None
        edit = target.exact or writer.removal(loaded.source.text, item, entry)
        remaining = [e for e in item.log if e is not entry]
        reloaded, data = writer.verified(loaded, edit, item, remaining)
        return Planned(raw, data, (reloaded, data, target, description))

    written = write_plan(path, display, prepare)
    if written is None:
        return EXIT_OK
    reloaded, data, target, description = written
    if target.journal_after is not None:
        cache.keep_edits(path, target.journal_after)
    _say(f"took back: {description}", quiet)
    save_cache(PlanFile(path, data, cache.digest(data), reloaded, False))
    return EXIT_OK
