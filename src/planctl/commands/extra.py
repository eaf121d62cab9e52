"""`planctl schema`, `export ics|json`, `init` and `shift`: the plan for editors, calendars and next year."""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from planctl.commands.common import emit, in_english, load_valid_plan, parse_cli_date, refuse_binary_name, told_day
from planctl.errors import EXIT_OK, UsageError, WriteRefused, os_reason
from planctl.i18n import _, english, ngettext
from planctl.output import messages
from planctl.store.discover import PLAN_NAME, display_path, find_plan, unusable

if TYPE_CHECKING:
    from collections.abc import Iterator

    from planctl.format.loaded import Loaded
    from planctl.model import Plan, Task
    from planctl.store.shift import Shifted

def run_schema() -> int:
    from planctl.format.schema import schema_text

    sys.stdout.write(schema_text())
    return EXIT_OK


# --- export ----------------------------------------------------------------------------------


def run_export_ics(plan_option: str | None, *, output: str | None, today_text: str | None, real_today: date,
                   now: datetime) -> int:
    if output and output != "-":
        refuse_binary_name(Path(output).suffix.lower(), _("export ics writes an iCalendar file: name it *.ics"))
    from planctl.commands.readable import load_without_plain
    from planctl.commands.views import _day_of
    from planctl.output import export

    # From the cache, the plan without its plain tasks: each one's to-do is written from its row
    (loaded, plan, _left_out, _code), without = load_without_plain(plan_option, _day_of(today_text, real_today),
                                                                    require_valid=True)
    # DTSTAMP: when the calendar was made; with --today, that day at 00:00 UTC (reproducible output).
    stamp = now if now.tzinfo is not None else now.astimezone()
    today = real_today
    if today_text is not None:
        today = told_day(today_text, real_today, plan.year, span=plan.span)
        stamp = datetime(today.year, today.month, today.day, tzinfo=UTC)
    plain = None
    if without is not None:
        parts = without.parts
        from planctl.store.cache import task_of_row

        def task_at(place: int, phase: Task) -> Task:
            return task_of_row(parts.rows[place], parts.positions[place], parts.logs[place], phase)

        columns = without.plain
        plain = export.PlainRows(columns.items, columns.places, columns.logged, parts.rows, lambda: parts.logs, task_at)
    emit(export.calendar_pieces(plan, stamp, calendar_identity(Path(plan.path)), today, plain), output, Path(plan.path), [".ics"])
    _keep_if_large(loaded, plan, without)
    return EXIT_OK


def _keep_if_large(*read: object) -> None:
    """Keep what a command read (an XL plan's 100,000 rows and items) until the process ends, when it is large enough
    for cli/streams.py `leave` to end it without freeing the heap object by object (XL export ics: 235 M instructions
    of 2,707 M). In a smaller process they would be freed at exit all the same, after the interpreter's last collection
    has walked them: let go of now (L: 15 ms of 150)."""
    import resource

    from planctl import LARGE_HEAP_KB
    from planctl.commands.views import _keep_until_exit

    if resource.getrusage(resource.RUSAGE_SELF).ru_maxrss >= LARGE_HEAP_KB:
        _keep_until_exit(*read)


def calendar_identity(path: Path) -> str:
    """Where a plan lives, for its calendar UIDs (docs/export.md, "UIDs"): in a git repository, the
    repository's first commit and the plan's path inside it, the same in every clone and through every
    edit; outside git (or before the first commit), this computer's name and the file's absolute path."""
    import os
    import socket

    from planctl.git import ops

    folder = path.absolute().parent
    try:
        first = ops.git(["rev-list", "--max-parents=0", "--first-parent", "HEAD"], folder)
        roots = first.stdout.split() if first.returncode == 0 else []
        if roots:
            return f"git:{roots[-1]}:{ops.path_in_repo(path, ops.repo_root(folder))}"
    except UsageError:  # no git installed, or the file is outside the work tree
        pass
    return f"file:{socket.gethostname()}:{os.path.realpath(path)}"


def run_export_json(plan_option: str | None, *, output: str | None, today_text: str | None, real_today: date) -> int:
    if output and output != "-":
        refuse_binary_name(Path(output).suffix.lower(), _("export json writes JSON: name it *.json"))
    loaded, plan = load_valid_plan(plan_option)
    today = told_day(today_text, real_today, plan.year, span=plan.span)
    emit(_export_pieces(plan, today, loaded.source.path), output, Path(plan.path), [".json"])
    return EXIT_OK


def _export_pieces(plan: Plan, today: date, path: str) -> Iterator[bytes]:
    """The export's UTF-8 text piece by piece, each made as it is written (never whole: an XL plan's is 400 MB)."""
    from planctl.output import export, jsonshape

    with english():
        document = export.resolved(plan, today, path)
    for piece in in_english(jsonshape.chunks(document)):
        yield piece.encode("utf-8")
    yield b"\n"


# --- init ------------------------------------------------------------------------------------


def run_init(path_text: str | None, *, force: bool, today_text: str | None, real_today: date) -> int:
    from planctl.i18n import is_chinese
    from planctl.store.starter import starter_plan

    path = Path(path_text) if path_text else Path(PLAN_NAME)
    if path.is_dir():
        path = path / PLAN_NAME
    today = told_day(today_text, real_today, None)
    if not 1900 <= today.year <= 2998:  # a plan's `year` is 1900–2999, and the starter runs into next year
        raise UsageError(_("--today: a starter plan must start between 1900 and 2998, not in {year}").format(year=today.year))
    data = starter_plan(today, chinese=is_chinese()).encode("utf-8")
    shown = display_path(path.absolute()) if path.is_absolute() else str(path)
    if (why := unusable(path)) is not None:  # a link to nothing: neither there to keep nor free to create
        raise UsageError(_("{given} {why}").format(given=shown, why=why),
                         hint=_("remove it first (rm {shown}), then run 'planctl init' again").format(shown=shown))
    path.parent.mkdir(parents=True, exist_ok=True)  # `planctl init new/plan.yaml` makes `new/`
    try:
        if force and path.exists():
            from planctl.store.atomic import atomic_write

            atomic_write(path, data)
        else:
            with path.open("xb") as handle:
                handle.write(data)
    except FileExistsError:
        raise UsageError(_("{shown} already exists; nothing was written").format(
                             shown=shown), hint=_("use --force to replace it")) from None
    except OSError as exc:
        raise WriteRefused(_("cannot write {shown}: {strerror}").format(shown=shown, strerror=os_reason(exc))) from None
    messages.say(_("wrote {shown}: edit it, then run 'planctl check'").format(shown=shown))
    return EXIT_OK


# --- shift -----------------------------------------------------------------------------------


def _read(path: Path) -> tuple[bytes, Loaded]:
    from planctl.format.loader import load_bytes  # here: the reader, not the cache, for `shift` alone
    from planctl.format.source import PlanInvalid

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UsageError(_("cannot read {display_path}: {strerror}").format(
                             display_path=display_path(path), strerror=os_reason(exc))) from None
    loaded = load_bytes(display_path(path), raw, fast=True)
    if loaded.errors or loaded.plan is None:
        raise PlanInvalid(loaded.source, loaded.errors)
    return raw, loaded


def run_shift(plan_option: str | None, *, to_text: str, phase: str | None, dry_run: bool, real_today: date,
              keep_logs: bool = True, as_json: bool = False) -> int:
    from planctl.status.lookup import find_phase
    from planctl.store import shift
    from planctl.store.writer import subtree

    path = find_plan(plan_option)

    def compute() -> tuple[bytes, Loaded, Shifted | None]:
        raw, loaded = _read(path)
        plan = loaded.plan
        assert plan is not None
        scope = find_phase(plan, phase) if phase else None
        logged = sum(len(item.log) for item in (plan.items() if scope is None else subtree(scope)))
        if logged and not keep_logs:  # a dry run refuses as the real run does (h89: it showed a diff, exit 0)
            raise UsageError(_("{path} has {plural} logged; they stay on their days and logged tasks stay done after a shift").format(
                                 path=loaded.source.path,
                                 plural=ngettext("{n} completion", "{n} completions", logged).format(n=logged)),
                             hint=_("pass --keep-logs to shift anyway, or remove the `log:` entries to reuse the plan afresh"))
        to = parse_cli_date(to_text, real_today, plan.year, "--to", plan.span)
        if shift.start_of(plan, scope) == to:
            return raw, loaded, None
        return raw, loaded, shift.shift(loaded, to, scope)

    from planctl.git.unmerged import refuse_write

    refuse_write(path)  # git stopped merging the plan: shifting it now would hide that (a dry run says so too)
    if dry_run:
        _text, loaded, result = compute()
        if result is None:
            print(_("{path} already starts on {to_text}; nothing to shift").format(
                      path=loaded.source.path, to_text=to_text), file=sys.stderr)
            return EXIT_OK
        name = loaded.source.path
        if as_json:
            _print_shift_json(result, name, dry_run=True)
            return EXIT_OK
        from planctl.output.editdiff import unified_diff  # from the edits: not difflib over both whole texts

        sys.stdout.writelines(unified_diff(loaded.source.text, result.edits, f"a/{name}", f"b/{name}"))
        messages.say(_summary(result, name, dry_run=True))  # a message: -q silences it
        return EXIT_OK
    from planctl.store.transaction import Planned, write_plan

    def prepare() -> Planned[tuple[str, Shifted]] | None:
        raw, loaded, result = compute()
        if result is None:
            print(_("{path} already starts there; nothing to shift").format(path=loaded.source.path), file=sys.stderr)
            return None
        return Planned(raw, result.data, (loaded.source.path, result))

    from planctl.commands.common import lock_wait_note

    written = write_plan(path, display_path(path), prepare, waiting=lambda: lock_wait_note(path))
    if written is None:
        return EXIT_OK
    name, result = written
    if as_json:
        _print_shift_json(result, name, dry_run=False)
    elif not messages.quiet:  # -q: "no messages, only data and errors"; what moved is in the file
        print(_summary(result, name, dry_run=False))
    return EXIT_OK


def _print_shift_json(result: Shifted, name: str, *, dry_run: bool) -> None:
    """`shift --json`: what moved (or would), by how much, and where."""
    from planctl.commands.written import print_json

    print_json({"plan": name, "action": "would shift" if dry_run else "shifted",
                "phase": result.scope.id if result.scope is not None else None, "move": result.move.describe(),
                "old_start": result.old_start.isoformat(), "new_start": result.new_start.isoformat(),
                "windows": result.windows, "year": list(result.year), "notes": list(result.notes)})


def _summary(result: Shifted, name: str, *, dry_run: bool) -> str:
    what = _("phase '{id}'").format(id=result.scope.id) if result.scope is not None else _("the plan")
    words = {"what": what, "move": result.move.describe(), "old": result.old_start.isoformat(),
             "new": result.new_start.isoformat(), "count": result.windows, "name": name}
    if dry_run:
        text = ngettext("would move {what} {move}: {old} → {new}, {count} written window in {name}",
                        "would move {what} {move}: {old} → {new}, {count} written windows in {name}", result.windows)
    else:
        text = ngettext("moved {what} {move}: {old} → {new}, {count} written window in {name}",
                        "moved {what} {move}: {old} → {new}, {count} written windows in {name}", result.windows)
    text = text.format(**words)
    old_year, new_year = result.year
    if old_year != new_year:
        text += _("; year {old} → {new}").format(old=old_year, new=new_year)
    for note in result.notes:
        text += _("; {note}").format(note=note)
    return text
