"""`planctl done` and `planctl undo`: the commands that write the plan."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from planctl.commands import done_checks
from planctl.commands.common import lock_wait_words, told_day
from planctl.errors import EXIT_OK, ConflictError, Problem, UsageError, WriteRefused
from planctl.format.dates import TypedSpan, Window
from planctl.format.loaded import Loaded
from planctl.format.units import HOURS, display_amount
from planctl.i18n import _
from planctl.model import PER_ALL, Completion, Plan, Quota, Task
from planctl.output import messages
from planctl.output.spinner import working
from planctl.status.lookup import find_item
from planctl.store import cache, journal, writer
from planctl.store.discover import display_path, find_plan
from planctl.store.entry import Request, already_done, build_completion
from planctl.store.planfile import PlanFile, open_plan, save_cache
from planctl.store.record import Spliced, done_keep, full_read, plan_span, refresh_cache, splice_entry, text_for
from planctl.store.transaction import Planned, write_plan

if TYPE_CHECKING:  # `done` loads neither: who it records comes from git only without --by, undo's rules from `undo`
    from planctl.git.identity import Identity
    from planctl.store import undo


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
    as_json: bool = False  # print what was recorded, and where, as JSON on stdout (commands.written)
    yes: bool = False  # record on a phase or parent without asking (commands.done_checks)
    future: bool = False  # accept a --date more than FUTURE_DAYS after today
    ask: Callable[[str], bool] | None = None  # asks the person; raises UsageError when no one can answer
    told_today: str | None = None  # the root --today (planctl --today DAY done …); else $PLANCTL_TODAY is read
    occurrence: str | None = None  # --for: the occurrence of a recurring task done ahead, as typed (6月, 2026-06-05)


def _say(message: str, quiet: bool = False) -> None:
    """A message for the person at the terminal (see messages.py); `quiet` is the command's own -q."""
    if not quiet:
        messages.say(message)


def run_done(plan_option: str | None, options: DoneOptions) -> int:
    for option, value in (("--by", options.by), ("--unit", options.unit)):
        if value is not None and not value.strip():  # `--by "$WHO"` with $WHO unset would record nobody, or you
            raise UsageError(_("{option} is empty; nothing was recorded").format(option=option),
                             hint=_("name someone with {option}, or leave it out").format(option=option))
    path = find_plan(plan_option)
    display = display_path(path)
    from planctl.git.unmerged import refuse_write

    refuse_write(path)  # git stopped merging the plan: what is on disk may lack the other side's completions
    if options.commit:
        from planctl.git import ops as gitops
        gitops.ensure_can_commit(path)  # refuse before writing anything

    asked = False
    me_found: list[Identity | None] = [None]  # who --by defaulted to, for the confirmation

    def prepare() -> Planned[tuple[Spliced, Completion, list[str]]] | None:
        nonlocal asked
        file = open_plan(path, display, require_valid=True, slow=working,
                         pick=lambda parts: done_keep(parts, options.target))  # only what `done` reads (record.py)
        plan = file.plan
        item = find_item(plan, options.target, specific=True)

        def span() -> Window | None:  # asked only for a day typed without its year
            return plan_span(file)

        today = _told_today(plan, options, span)
        day = told_day(options.date_text, today, plan.year, "--date", span)
        if options.date_text:
            done_checks.check_past(day, _plan_start(span(), plan.year))
        notes = _before_recording(plan, item, day, today, options, asked)
        if notes is None:
            _say(_("nothing recorded"))
            return None
        asked = True
        me = me_found[0] = None if options.by else _me(plan, path)
        request = Request(day, options.now, options.by or (me.person if me else None), options.unit,
                          options.amount, options.note)
        entry = build_completion(plan, item, request)
        if options.occurrence is not None:
            entry.occurrence = done_checks.named_occurrence(plan, item, entry.date, options.occurrence, today)
        refusal, occurrence = done_checks.occurrence_note(plan, item, entry, options.again,
                                                               named=options.occurrence is not None)
        if occurrence:
            notes.append(occurrence)
        if refusal or (not options.again and occurrence is None and already_done(plan, item, entry)):
            already = _share_done(plan, item, entry) or _("{id} {title} is already done{done_detail}").format(
                id=item.id, title=item.title, done_detail=_done_detail(item, plan.roster.name_of))
            messages.say(refusal or _("{already}; nothing recorded (use --again to log it again)").format(already=already),
                         important=True)
            if options.as_json:
                from planctl.commands.written import item_json, print_json
                print_json({"plan": display, "action": "nothing", "item": item_json(item), "reason": "already done"})
            return None
        repeated = done_checks.repeat_note(item, entry, plan.roster.name_of)  # before the entry joins the log
        outsider = done_checks.outsider_note(plan, item, entry)
        spliced = splice_entry(file, item, entry)
        return Planned(file.raw, spliced.data, (spliced, entry, notes + [n for n in (repeated, outsider) if n]))

    noted: list[journal.Record] = []

    def ahead(planned: tuple[Spliced, Completion, list[str]]) -> None:
        """The undo journal, before the plan changes: a `done` cut short is then seen as such."""
        spliced, entry, _notes = planned
        record = journal.record_of_done(spliced.file.key, spliced.key, spliced.edit.offset,
                                        spliced.edit.insert, writer.entry_text(entry), spliced.item)
        warnings.extend(journal.note(path, record, replacing=noted[-1] if noted else None))
        noted.append(record)

    def abandon(_planned: tuple[Spliced, Completion, list[str]]) -> None:
        """The plan was not written: its journal record goes (undo would take it for a removed completion)."""
        journal.withdraw(path, noted[-1])

    warnings: list[str] = []
    written = write_plan(path, display, prepare, ahead, waiting=lambda: _say(lock_wait_words(path), options.quiet),
                         abandon=abandon)
    if written is None:
        return EXIT_OK
    spliced, entry, notes = written
    _after_done(spliced, entry, display, options, notes)
    me = me_found[0]
    if me is not None and me.person and entry.by == me.person:
        _say(_("  by {name_of} ({person}): who you are, from {source}; pass --by for someone else").format(
                 name_of=spliced.file.plan.roster.name_of(me.person), person=me.person, source=me.source), options.quiet)
    elif entry.by is None and options.by and entry.unit:  # --by named a unit (`done dem-life --by 第一支部`)
        _say(_("planctl: note: no `by` was recorded: --by {by} names the unit {unit}, not a person (pass --by PERSON "
               "--unit {unit_id} to record who did it)").format(
                 by=options.by, unit=spliced.file.plan.roster.name_of(entry.unit), unit_id=entry.unit), options.quiet)
    elif entry.by is None:
        _say(_("planctl: note: no `by` was recorded: {why}").format(why=_why_nobody(me)), options.quiet)
    for warning in warnings:
        messages.say(_("planctl: warning: {warning}").format(warning=warning), important=True)
    return EXIT_OK


def _why_nobody(me: Identity | None) -> str:
    """Why `done` without --by recorded no one, and how to say who did it next time, in two short sentences
    (issue 17: it was seven lines of nested parentheses at 60 columns)."""
    if me is None:
        return _("--by was not given (a person's id or name says who did it)")
    from planctl.git.identity import CONFIG_KEY

    if me.problem:
        return _("planctl does not know who you are ({problem}). Next time pass --by, or say it once: "
                 "git config {key} YOUR-ID").format(problem=me.problem, key=CONFIG_KEY)
    return _("planctl does not know who you are. Next time pass --by, or say it once: git config {key} YOUR-ID").format(
        key=CONFIG_KEY)


def _told_today(plan: Plan, options: DoneOptions, span: TypedSpan) -> date:
    """The day planctl is told it is (root --today, else $PLANCTL_TODAY, else the clock's): what
    --date's today/yesterday/tomorrow count from."""
    import os

    given = options.told_today is not None  # a command-line option beats the environment; an empty one is refused
    told = options.told_today if given else os.environ.get("PLANCTL_TODAY") or None  # an empty $PLANCTL_TODAY is unset
    return told_day(told, options.real_today, plan.year, "--today" if given else "$PLANCTL_TODAY", span)


def _plan_start(span: Window | None, year: int | None) -> date | None:
    """The plan's first day: its span's, else 1 January of its `year:`; None when it has neither."""
    return span.start if span is not None else date(year, 1, 1) if year is not None else None


def _before_recording(plan: Plan, item: Task | Quota, day: date, today: date, options: DoneOptions,
                      asked: bool) -> list[str] | None:
    """Refuse a far-future day, ask before closing sub-tasks or a task that carries quotas; the notes to print once recorded, or None
    when the person said no (commands.done_checks)."""
    future = done_checks.check_future(day, today, options.future) if options.date_text else None
    notes = [_("{future}; check the --date").format(future=future)] if future else []
    if waits := done_checks.waits_note(plan, item, day):
        notes.append(waits)
    closing = done_checks.open_sub_tasks(plan, item)
    quotas = done_checks.carried_quotas(item) if done_checks.named_by_title(item, options.target) else []
    if (closing or quotas) and isinstance(item, Task):
        if not asked and options.ask is not None and not done_checks.confirm_closing(
                item, closing, options.yes, options.ask, quotas):
            return None
        if closing:
            notes.append(done_checks.closes_line(item, closing))
    return notes


def _after_done(spliced: Spliced, entry: Completion, display: str, options: DoneOptions, notes: list[str]) -> None:
    """Once the line is written: the report, the cache, and the commit if asked."""
    file, item, edit = spliced.file, spliced.item, spliced.edit
    plan = file.plan
    key = spliced.key
    before_entry = edit.insert[: edit.insert.index("{date: ")]
    entry.pos = edit.offset + len(before_entry)  # where it is in the new text
    line = spliced.text.count("\n", 0, edit.offset) + before_entry.count("\n") + 1
    _say(_("recorded: {describe}  ({display}:{line})").format(
             describe=_describe(item, entry, plan.roster.name_of), display=display, line=line),
         options.quiet or options.as_json)
    new_warnings = _entry_warnings(item, entry)
    from planctl.status.states import moved_entry_warnings  # a window that moved with a task: not `check`'s cache

    moved = moved_entry_warnings(plan, item, [entry]) if isinstance(item, Quota) else []
    notes = notes + _date_warnings(plan_span(file), item, entry, new_warnings or moved)
    hours = _hours_warnings(plan, item, entry, edit.offset, len(edit.insert) - edit.remove)
    new_warnings = [*new_warnings, *hours]
    for warning in notes:  # notes, not warnings: -q (the root's or done's own) silences them; --json has them too
        _say(_("planctl: note: {warning}").format(warning=warning), options.quiet)
    if options.as_json:
        from planctl.commands.written import print_entry
        print_entry("recorded", display, item, entry, line=line, notes=notes)
    for problem in hours:
        if problem.offset == entry.pos:
            messages.say(_("planctl: warning: {warning}").format(warning=problem.message), important=True)
    refresh_cache(spliced, entry, key, new_warnings)
    if options.commit:
        from planctl.git import ops as gitops
        from planctl.git.sync import commit_language
        from planctl.i18n import speaking

        with speaking(commit_language(plan)):  # the plan's language, the same on every clone (docs/git.md)
            message = gitops.commit_message(item, entry, plan.roster)
        commit = gitops.commit_plan(file.path, message)
        _say(_("committed {commit}: {value}").format(commit=commit[:12], value=message.splitlines()[0]), options.quiet)


def _me(plan: Plan, path: Path) -> Identity | None:
    """Who `done` records when --by is not given (planctl.git.identity); None when the plan has no
    roster. A PLANCTL_BY or planctl.user naming nobody in the roster is refused, never ignored."""
    if not plan.roster.people:
        return None
    import os

    from planctl.git import identity

    me = identity.who_am_i(plan.roster, os.environ, identity.git_settings(path.absolute().parent))
    if me.person is None and me.named:
        raise UsageError(_("--by not given, and {source} says {problem}").format(
                             source=me.source, problem=me.problem), hint=identity.how_to_say())
    return me


def _entry_warnings(item: Task | Quota, entry: Completion) -> list[Problem]:
    """What `check` will warn about the new entry: a quota's entry outside every period."""
    if not isinstance(item, Quota):
        return []
    from planctl.format.validate import entry_warnings

    return entry_warnings(item, entry)


def _hours_warnings(plan: Plan, item: Task | Quota, entry: Completion, at: int, delta: int) -> list[Problem]:
    """The warnings of `check` (validate.hours_in_a_day) the new entry brings: more than 24 hours in it, or
    in its person's day; located in the new text (the old entries' offsets at or after `at` moved by `delta`)."""
    if not isinstance(item, Quota) or item.unit != HOURS or entry.amount is None:
        return []
    from planctl.format.validate import hour_problems, hour_rows

    moved = [(day, by, amount, pos + delta if pos >= at else pos)
             for quota in plan.quotas() if quota.unit == HOURS for day, by, amount, pos in hour_rows(quota, entry.date)]
    before = set(hour_problems(plan, moved))
    return [p for p in hour_problems(plan, [*moved, (entry.date.toordinal(), entry.by, entry.amount, entry.pos)])
            if p not in before]


def _hours_warnings_gone(plan: Plan, item: Task | Quota, entry: Completion) -> set[tuple[int, str]]:
    """The warnings of `check` (validate.hours_in_a_day) that `entry` brings, as (offset, message) in the
    text that holds it: `_hours_warnings` for the entry `undo` takes back."""
    if not isinstance(item, Quota) or item.unit != HOURS or entry.amount is None:
        return set()
    from planctl.format.validate import hour_problems, hour_rows

    rows = [row for quota in plan.quotas() if quota.unit == HOURS for row in hour_rows(quota, entry.date)]
    without = {(p.offset, p.message) for p in hour_problems(plan, [row for row in rows if row[3] != entry.pos])}
    return {(p.offset, p.message) for p in hour_problems(plan, rows)} - without


def _date_warnings(span: Window | None, item: Task | Quota, entry: Completion, warnings: list[Problem]) -> list[str]:
    """A date that will not count, or is outside the whole plan (its `span`): most likely a forgotten --date."""
    if isinstance(item, Quota):
        return [_("{message} (pass --date for another day)").format(message=p.message) for p in warnings]
    if span is not None and entry.date not in span:
        return [_("{day} is outside the plan ({start} … {end}); pass --date for another day").format(
            day=entry.date, start=span.start, end=span.end)]
    return []


def _share_done(plan: Plan, item: Task | Quota, entry: Completion) -> str | None:
    """For a task owed by each unit or person: whose share was logged already, and on which day."""
    from planctl.status.states import share_days

    if not isinstance(item, Task) or item.per == PER_ALL:
        return None
    whose = entry.unit or entry.by
    day = share_days(plan, item).get(whose or "")
    when = _(" (logged {day})").format(day=day.isoformat()) if day else ""
    return _("{id} {title}: the share of {name} is already logged{when}").format(
        id=item.id, title=item.title, name=plan.roster.name_of(whose or ""), when=when)


def _done_detail(item: Task | Quota, name_of: Callable[[str], str]) -> str:
    """` (logged 2009-04-12 by 张伟)`: when and by whom (the name, as every message names people) it was done."""
    if item.log:
        last = item.log[-1]
        if last.by:
            return _(" (logged {day} by {person})").format(day=last.date.isoformat(), person=name_of(last.by))
        return _(" (logged {day})").format(day=last.date.isoformat())
    return _(" (all its parts are done)")


def _describe(item: Task | Quota, entry: Completion, name_of: object) -> str:
    assert callable(name_of)
    parts = [f"{item.outline} {item.id} {item.title}", entry.date.isoformat()]
    if entry.by:
        parts.append(_("by {person}").format(person=name_of(entry.by)))
    if entry.unit:
        parts.append(_("for {unit}").format(unit=name_of(entry.unit)))
    if entry.occurrence is not None:  # done ahead (--for)
        parts.append(_("for the occurrence of {key}").format(key=entry.occurrence.isoformat()))
    if isinstance(item, Quota):
        parts.append(display_amount(entry.amount if entry.amount is not None else 1.0, item.unit))
    if entry.note:
        parts.append(f"“{entry.note}”")
    return _("{item}: {details}").format(item=parts[0], details=_(", ").join(parts[1:]))


def run_undo(plan_option: str | None, *, yes: bool, confirm: object, quiet: bool = False, as_json: bool = False) -> int:
    path = find_plan(plan_option)
    display = display_path(path)
    from planctl.git.unmerged import refuse_write

    refuse_write(path)

    from planctl.store import undo

    first: list[journal.Journal | None] = []  # the journal as this undo read it under the lock (`ahead` changes it)
    undone: list[list[journal.TakenBack]] = []  # the list of what undo took back, as it was before `ahead`
    answered: list[tuple[object, ...]] = []  # the entry the person said yes to, asked before the lock is taken
    new_key: list[str] = []  # the digest of the plan undo writes, once `ahead` has worked it out

    if not yes:  # the question waits for a person: not while holding the lock a teammate's `done` queues on
        _file, plan, me, target, description = _undo_target(path, display, journal.read(path))
        if not _confirmed(path, target, description, yes, confirm, _whose(plan, me)):
            _say(_("nothing changed"))
            return EXIT_OK
        answered.append(_entry_identity(target))

    def prepare() -> Planned[tuple[Taken, undo.Undo, str]] | None:
        if not first:
            first.append(journal.read(path))
        file, plan, me, target, description = _undo_target(path, display, first[0])
        if answered and _entry_identity(target) != answered[0]:
            raise ConflictError(_("{display} changed while you were answering, and the last completion recorded here is "
                                  "now another; nothing was changed").format(display=display),
                                hint=_("run 'planctl undo' again"))
        if not answered and not _confirmed(path, target, description, yes, confirm, _whose(plan, me)):
            _say(_("nothing changed"))
            return None
        taken = _take_back(file, target)
        return Planned(file.raw, taken.data, (taken, target, description))

    warnings: list[str] = []

    def ahead(taken_back: tuple[Taken, undo.Undo, str]) -> None:
        """The journal without the record taken back (and that record in the list sync sends), written before
        the plan is replaced, while the lock is held: the lock is on the plan's inode, which the replacement
        retires, so a concurrent undo may start as soon as the new plan is there, and must then find the
        journal this one leaves."""
        taken, target, _description = taken_back
        if not undone:
            undone.append(journal.taken_back(path))
        removed = _taken_back_record(taken, target)
        if target.journal_after is not None and target.record is not None:
            new_key[:] = [cache.digest(taken.data)]
            marked = target.record._replace(undone_to=new_key[0])  # see journal.Record.undone_to
            after = target.journal_after
            warnings.extend(journal.keep(path, journal.Journal([*after.records, marked], after.forgotten)))
        onto = undone[0]
        if target.record is not None and target.record.undone_to is not None and onto[-1:] == [removed]:
            onto = onto[:-1]  # an undo cut short listed this take-back already
        warnings.extend(journal.note_taken_back(path, removed, onto=onto))

    def abandon(_taken_back: tuple[Taken, undo.Undo, str]) -> None:
        """The plan was not written: the journal and the list go back to what they were."""
        if first and first[0] is not None:
            journal.keep(path, first[0])
        if undone:
            journal.keep_taken_back(path, undone[0])

    try:
        written = write_plan(path, display, prepare, ahead, waiting=lambda: _say(lock_wait_words(path), quiet),
                             abandon=abandon)
    except undo.EntryChanged as refused:
        if refused.removable is not None:  # the hint's removal by hand is this clone's own take-back (sync sends it)
            journal.note_taken_back(path, refused.removable)
        raise
    if written is None:
        return EXIT_OK
    taken, target, description = written
    _say(_("took back: {description}").format(description=description), quiet or as_json)
    if as_json:
        from planctl.commands.written import print_entry
        print_entry("took back", display, target.item, target.entry)
    for warning in warnings:
        messages.say(_("planctl: warning: {warning}").format(warning=warning), important=True)
    _cache_after_undo(path, taken, target, new_key[0] if new_key else cache.digest(taken.data))
    return EXIT_OK


def _undo_target(path: Path, display: str, kept: journal.Journal | None
                 ) -> tuple[PlanFile, Plan, Identity | None, undo.Undo, str]:
    """The plan as undo reads it, who you are (without a journal), what it would take back and how that is
    described (`undo.chosen`). UsageError when there is nothing to undo."""
    from planctl.store import undo

    file = _undo_read(path, display, kept)
    plan = file.plan
    me = None if kept is not None else _undoer(plan, path)
    target = undo.chosen(kept, file.key, file.loaded.source, plan.items(),
                         me.person if me is not None else None, plan.roster.name_of)
    description = _describe(target.item, target.entry, plan.roster.name_of)
    reopened = done_checks.occurrence_taken_back(plan, target.item, target.entry)
    if reopened:
        description += _(" ({note})").format(note=reopened)
    return file, plan, me, target, description


def _entry_identity(target: undo.Undo) -> tuple[object, ...]:
    """What tells the entry undo would take back from any other: its item, day, person, unit, amount,
    occurrence (status/history.py `alike_key`) and the time it was recorded."""
    from planctl.status.history import alike_key

    return target.item.id, alike_key(target.entry), target.entry.at


def _undo_read(path: Path, display: str, kept: journal.Journal | None) -> PlanFile:
    """The plan for `undo`: from the cache, only the items `done` reads for the last record's item
    (record.done_keep) when the file is as that `done` left it and the entry is there; else all of it
    (undo.chosen then looks at every item)."""
    from planctl.store import undo

    last = kept.records[-1] if kept is not None and kept.records else None
    if last is not None and last.item is not None:
        item_id = last.item
        file = open_plan(path, display, require_valid=True, slow=working, pick=lambda parts: done_keep(parts, item_id))
        if not file.plan.partial or undo.exact_entry(last, file.key, file.plan.items()) is not None:
            return file
    return open_plan(path, display, require_valid=True, slow=working)


class Taken(NamedTuple):
    """An entry's removal, verified, not yet written."""

    file: PlanFile  # the plan as read (the long way when the removal was checked on the whole text)
    edit: writer.Edit
    data: bytes  # the whole new file
    reloaded: Loaded | None  # the new text read whole, when it was
    anchor: writer.Anchor | None = None  # the item's anchor in the new text, when its last line went without YAML
    item: Task | Quota | None = None  # with `anchor`: the item in `file`'s plan
    remaining: list[Completion] | None = None  # with `anchor`: its log after the removal
    text: str | None = None  # the old text, or a prefix of it holding the item's lines (record.text_for)


def _take_back(file: PlanFile, target: undo.Undo) -> Taken:
    """The removal of `target`'s entry, verified as `done` verifies its line: on a plan read from the
    cache, the item's own lines read back (the journal's exact edit when the file is as its `done` left
    it, else the entry's line found where it is now), or on a plan just read whole, the same with the
    item's place from its YAML tree (no second whole plan in memory); else, or when those lines cannot
    tell, the whole new text read back and compared with the plan less the entry."""
    item, entry = target.item, target.entry
    if file.from_cache or item.node is not None:
        local = _taken_back_locally(file, target)
        if local is not None:
            return local
    if file.loaded.tree is None:
        file, item = full_read(file, item)
        entry = next(e for e in item.log if e.pos == entry.pos)
    remaining = [e for e in item.log if e is not entry]
    edit = target.exact or writer.removal(file.loaded.source.text, item, entry, target.created_log)
    reloaded, data = writer.verified(file.loaded, edit, item, remaining)
    return Taken(file, edit, data, reloaded)


def _taken_back_locally(file: PlanFile, target: undo.Undo) -> Taken | None:
    """The removal checked on the item's lines alone, without YAML when it is one of planctl's entry
    lines under another (writer.verified_as_last_line_removed); None when they cannot tell."""
    from planctl.store import undo

    item = target.item
    anchor = file.anchor(item)
    text = text_for(file.loaded.source, anchor)
    edit = target.exact or undo.line_removal(text, anchor, item, target.entry, target.created_log)
    if edit is None:
        return None
    remaining = [e for e in item.log if e is not target.entry]
    after = [e if e.pos < edit.offset else  # the log in the new text, for the cache
             Completion(e.date, e.by, e.unit, e.amount, e.note, e.at, e.pos - edit.remove, e.occurrence) for e in remaining]
    quick = writer.verified_as_last_line_removed(file.loaded.source, edit, item, anchor, text)
    if quick is not None:  # the usual case: done's line under another of its kind, read by the fast log reader
        return Taken(file, edit, quick[0], None, quick[1], item, after, text)
    try:  # e.g. the log's only entry, with the `log:` line done wrote for it
        data, moved = writer.verified_locally(file.loaded.source, edit, item, anchor, remaining, file.plan.year)
    except WriteRefused:
        return None
    if edit.offset and text[edit.offset - 1] != "\n":  # not whole lines: the cache's parts are not moved
        return Taken(file, edit, data, None)
    return Taken(file, edit, data, None, moved, item, after)


def _taken_back_record(taken: Taken, target: undo.Undo) -> journal.TakenBack:
    """What `planctl sync` is told undo removed: the entry's own text (`{date: …}`) and its item."""
    from planctl.format.fastlog import entry_line_match  # not ENTRY_LINE: compiling it costs more than undo's edit

    text = taken.text if taken.text is not None else taken.file.loaded.source.text
    start = text.rfind("\n", 0, target.entry.pos) + 1
    end = text.find("\n", target.entry.pos)
    line = entry_line_match(text, start, len(text) if end < 0 else end + 1)
    entry = line.group("map") if line is not None else text[target.entry.pos: len(text) if end < 0 else end].rstrip()
    return journal.TakenBack(entry, target.item.id)


def _cache_after_undo(path: Path, taken: Taken, target: undo.Undo, key: str) -> None:
    """The cache for the new bytes: from the new text read whole when it was, else the old cache's
    parts moved when the item's new anchor is known (as done keeps it), else the old cache with the
    changed item read again (store/increment.py; the next command does it otherwise)."""
    if taken.reloaded is not None:
        save_cache(PlanFile(path, taken.data, key, taken.reloaded, False))
        return
    gone = _hours_warnings_gone(taken.file.plan, target.item, target.entry)
    if gone:  # the warnings the entry brought on other entries (a day over 24 hours) leave with it
        loaded = taken.file.loaded
        loaded.problems = [p for p in loaded.problems if (p.offset, p.message) not in gone]
    if taken.anchor is not None and taken.item is not None and taken.remaining is not None:
        from planctl.store.record import save_moved_parts  # as done keeps it: the parts moved, nothing read

        save_moved_parts(taken.file, taken.item, taken.remaining, taken.edit, taken.anchor, key, [])
        return
    from planctl.store.increment import after_edit

    file = taken.file
    if file.sparse:  # only the item's parts were read (store/item_index.py): the next command reads the change
        return
    again = after_edit(file.loaded, (file.parts, file.anchors, file.seq_indent), taken.data, taken.edit)
    if again is not None and cache.enabled():
        cache.save(path, key, again.parts, again.loaded.problems, again.anchors, again.seq_indent)


def _undoer(plan: Plan, path: Path) -> Identity | None:
    """Who runs `undo` without a journal (git/identity.py), or None when planctl cannot tell."""
    if not plan.roster.people:
        return None
    import os

    from planctl.git import identity

    return identity.who_am_i(plan.roster, os.environ, identity.git_settings(path.absolute().parent))


def _whose(plan: Plan, me: Identity | None) -> str:
    """Whose latest entry undo offers without a journal, in words for the question."""
    if me is not None and me.person:
        return _("here is your latest completion ({name}, {person}: who you are, from {source})").format(
            name=plan.roster.name_of(me.person), person=me.person, source=me.source)
    from planctl.git.identity import how_to_say

    if me is not None and me.problem:
        return _("planctl cannot tell who you are ({source} says {problem}), so here is the latest in the plan, which may "
                 "be someone else's; {how}").format(source=me.source, problem=me.problem, how=how_to_say())
    return _("planctl cannot tell who you are, so here is the latest in the plan, which may be someone else's; {how}").format(
        how=how_to_say())


def _confirmed(path: Path, target: undo.Undo, description: str, yes: bool, confirm: object, whose: str) -> bool:
    """Whether to go ahead. Without a journal the latest entry (yours, when planctl knows who you
    are: `whose` says which) is a guess, which -y never takes."""
    from planctl.store import undo

    assert callable(confirm)
    if target.skipped and yes:
        raise undo.EntryChanged(undo.removed_by_hand(target.skipped, description),
                                hint=_("run 'planctl undo' without -y: it asks before taking back the one before"))
    for record in target.skipped:
        messages.say(_("planctl: note: the completion recorded here on {where}, {entry}, is no longer in the plan (removed by hand, or its "
                       "done was cut short); looking at the one before").format(where=record.where, entry=record.entry),
                     important=True)
    if target.journal_after is not None:
        return yes or bool(confirm(_("take back {description}?").format(description=description)))
    where = journal.shown(path)
    if yes:
        raise UsageError(_("undo --yes takes back only a completion recorded in this clone, and there is no record of them here ({where} "
                             "is missing: a fresh clone, or the folder was deleted); nothing was changed. The latest completion in the "
                             "plan is {description}").format(where=where, description=description),
                           hint=_("run 'planctl undo' without --yes to take it back after a look, or remove it by hand"))
    messages.say(_("planctl: no record of the completions made in this clone ({where} is missing); {whose}").format(
        where=where, whose=whose), important=True)
    try:
        return bool(confirm(_("take back {description}?").format(description=description)))
    except UsageError:  # no one answered, and --yes never takes a guess: say the way that is left, not --yes
        raise UsageError(_("no answer to: take back {description}? Without a record of this clone's completions, "
                           "undo takes back only what a person confirms; nothing was changed").format(description=description),
                         hint=_("run 'planctl undo' at a terminal and answer y, or remove the line from the plan by hand")) from None
