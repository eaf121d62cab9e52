"""The plan for other tools: an iCalendar of to-dos (RFC 5545), and the resolved plan as JSON.

Both are built from a loaded, valid plan; nothing here prints or reads files. The structures are
documented in docs/export.md.
"""

from __future__ import annotations

import bisect
import itertools
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, time, timedelta
from operator import itemgetter
from typing import Any, TypeVar, cast

from planctl import __version__
from planctl.format.dates import Window
from planctl.i18n import N_, _, listed
from planctl.model import PER_ALL, Plan, Quota, Task, first_logged, logged_by
from planctl.output import icstext as ics
from planctl.output import jsonshape as js
from planctl.records import NamedTuple
from planctl.status import quotas as q
from planctl.status import states as st

EXPORT_VERSION = 2  # 2: quota rows and log entries in the shared shapes (output/jsonshape.py)
PRODID = f"-//planctl//planctl {__version__}//EN"

# --- stable identities -----------------------------------------------------------------------


def plan_slug(plan: Plan, identity: str) -> str:
    """What ties a plan's UIDs together: a digest of the plan's `identity` (where it lives, see
    `commands.extra.calendar_identity`) and its `year`.

    Nothing the plan's text says goes into the digest, so editing the title, windows or tasks keeps
    every UID (RFC 5545 §3.8.4.7: a UID must stay the same for the life of the to-do), while two plans
    with the same title, year and ids still differ. The year is kept apart so that a plan shifted into
    another year (`planctl shift`) gets new to-dos instead of overwriting last year's.
    """
    try:
        from _hashlib import openssl_sha256 as sha256  # hashlib's own, without the rest of hashlib's start-up
    except ImportError:  # a Python without OpenSSL
        from hashlib import sha256
    digest = sha256(identity.encode("utf-8")).hexdigest()[:20]
    return f"{digest}-{plan.year}" if plan.year is not None else digest


def item_uid(plan: Plan, item: Task | Quota, identity: str) -> str:
    """`<id>@<digest>-<year>.planctl`: unique within the plan by the id, and across plans by the digest."""
    return f"{item.id}@{plan_slug(plan, identity)}.planctl"


# --- iCalendar -------------------------------------------------------------------------------

# DUE is the day after the window's last day: RFC 5545 §3.6.2 gives `DUE;VALUE=DATE:20070501` for a
# to-do "that needs to be completed before May 1st" (overdue at midnight May 1st), the same
# exclusive end as an all-day DTEND. COMPLETED must be a UTC DATE-TIME: noon UTC of the day it was
# done, which is that same day from UTC-11 to UTC+11.
COMPLETED_AT = time(12, 0)


class PlainRows(NamedTuple):
    """The plain tasks of a plan built without them (commands/readable.py `load_without_plain`), for `calendar`."""

    items: int  # how many items the whole plan has
    places: list[int]  # each plain task's place in the whole plan's items() (store/cache.py PlainTasks.places)
    logged: list[int | None]  # and the earliest entry of its log and its phase's (PlainTasks.logged), alike
    rows: Sequence[tuple[Any, ...]]  # the cache's row of every item of the whole plan (TaskRow, QuotaRow), by place
    logs: Callable[[], Sequence[tuple[Any, ...]]]  # and its log's fields (store/cache.py LazyLog), when asked for
    task_at: Callable[[int, Task], Task]  # the task at a place, built whole under its phase (one with roles)


def calendar(plan: Plan, stamp: datetime, identity: str, today: date = date.max, plain: PlainRows | None = None) -> bytes:
    """A VCALENDAR with one VTODO per phase and task, in outline order (CRLF lines, UTF-8).

    `identity` makes the UIDs this plan's own (`plan_slug`); a task counts as completed when it is
    done by `today` (completions dated after it do not count yet, as in every view). Written as the
    `icalendar` library writes it (output/icstext.py): properties of a to-do in name order,
    parameters in name order. `plain`: the plain tasks of a plan built without them, each written from
    its row (the calendar is the whole plan's).
    """
    return b"".join(calendar_pieces(plan, stamp, identity, today, plain))


def calendar_pieces(plan: Plan, stamp: datetime, identity: str, today: date = date.max,
                    plain: PlainRows | None = None) -> Iterator[bytes]:
    """`calendar`'s bytes, in pieces to write in order, each made when it is asked for. Each to-do is encoded as it is
    made, so that the calendar is held once, as bytes (not also as lines and as one string: an XL plan's calendar is
    40 MB of text), and not joined again (a copy of 35 MB at XL); written as they come (commands/common.py `emit`),
    the pieces already written are let go, and the next ones are made in the memory they held."""
    dtstamp = ics.utc_time(stamp.astimezone(UTC) if stamp.tzinfo else stamp.replace(tzinfo=UTC))
    todos = _Todos(plan, dtstamp, plan_slug(plan, identity))
    yield ics.document(["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{ics.text(PRODID)}", "CALSCALE:GREGORIAN",
                        f"X-WR-CALNAME:{ics.unknown(plan.title)}"])
    if plain is None:
        for task in plan.walk():
            yield from todos.of(task, today)
    else:
        yield from _with_plain_rows(todos, today, plain)
    yield b"END:VCALENDAR\r\n"


class _Run(NamedTuple):
    """A built item of a plan built without its plain tasks, and the plain tasks that follow it (`places[after:upto]`
    of `_with_plain_rows`), each directly under `phase`, the last phase up to it."""

    item: Task | Quota
    phase: Task | None
    after: int
    upto: int


def _with_plain_rows(todos: _Todos, today: date, plain: PlainRows) -> Iterator[bytes]:
    """`calendar`'s to-dos of a plan built without its plain tasks: each item built in its place, and after each the
    plain tasks up to the next one's (each directly under the last phase before it), all of a run at once from their
    rows. A phase's to-do counts its plain tasks (`states.phase_done_date_beside`), whose own first days by `today` are
    worked out first (`_Todos.own_days`), so that it is written in its place, before them."""
    plan = todos.plan
    order = sorted(range(len(plain.places)), key=plain.places.__getitem__)  # the plain tasks in the plan's order
    places, logged = list(map(plain.places.__getitem__, order)), list(map(plain.logged.__getitem__, order))
    before = list(map(operator.sub, places, itertools.count()))  # how many items that are not plain come before each
    built = [bisect.bisect_right(before, k) + k for k in range(plain.items - len(places))]  # plan.items()' places
    runs: list[_Run] = []
    owns: list[int | None] = []  # each plain task's own first day by `today` (`_Todos.own_days`), as `places`
    ends: dict[Task, list[int | None]] = {}  # alike, of a phase's plain tasks
    phase: Task | None = None
    after = bisect.bisect_right(places, built[0])  # the first item is a phase: no plain task comes before it
    for k, item in enumerate(plan.items()):
        if isinstance(item, Task) and item.parent is None:
            phase = item
        upto = bisect.bisect_right(places, built[k + 1]) if k + 1 < len(built) else len(places)
        runs.append(_Run(item, phase, after, upto))
        if upto > after:
            assert phase is not None
            own = todos.own_days(phase, places[after:upto], logged[after:upto], plain, today)
            owns += own
            ends.setdefault(phase, []).extend(own)
            after = upto
    for item, phase, after, upto in runs:
        if isinstance(item, Task) and item in ends:  # a phase holding plain tasks
            yield _phase_beside(todos, item, ends[item], today)
        elif isinstance(item, Task):
            yield from todos.of(item, today)
        if upto > after:
            assert phase is not None
            yield todos.plain_rows(phase, places[after:upto], owns[after:upto], plain, today)


def _phase_beside(todos: _Todos, phase: Task, owns: list[int | None], today: date) -> bytes:
    """The to-do of a phase holding plain tasks whose own first days by `today` are `owns` (None: none)."""
    done = None not in owns
    last = date.fromordinal(max(cast("list[int]", owns))) if done else None
    finished = st.phase_done_date_beside(todos.plan, phase, today, done, last)
    return todos.task(phase, st.window_on(todos.plan, phase, today), finished)


class _Todos:
    """The VTODOs of one calendar, each as its bytes. What many to-dos write alike (a phase's
    CATEGORIES, a parent's RELATED-TO, a day's DTSTART or COMPLETED) is written once and reused."""

    def __init__(self, plan: Plan, dtstamp: str, slug: str) -> None:
        self.plan = plan
        self.dtstamp = f"DTSTAMP:{dtstamp}"
        self.slug = slug
        self.lines: dict[tuple[str, object], str] = {}  # a written line by its property and value
        self.who_lines: dict[tuple[str, ...], str] = {}  # a description's `Who:` line by its refs
        self.above: dict[int, date | None] = {}  # `_logged_above` of a phase or task, by its id()
        # What plain tasks' to-dos (`plain`) write alike, each with its CRLF: a DESCRIPTION by what it says, the
        # BEGIN and CATEGORIES and the RELATED-TO of a parent, the DTSTART and DUE of a window
        self.descriptions: dict[tuple[str | None, str | None, tuple[str, ...]], str] = {}
        self.around: dict[Task, tuple[str, str]] = {}
        self.windows: dict[Window, str] = {}
        self.row_windows: dict[tuple[int, int], str] = {}  # alike, by a cache row's window (day ordinals)
        self.row_days = _Made(lambda window: f"{self.dtstamp}\r\n{self._row_window(window)}".encode())  # by a row's window
        self.days = _Made(lambda day: ics.day(date.fromordinal(day)))  # a DTSTART's day, by its ordinal
        self.row_dues = _Made(lambda day: ics.day(_due(date.fromordinal(day))))  # the DUE of a window ending that day
        self.plain_descriptions = _Made(lambda key: self._plain_description(*key).encode())  # by (goal, note, who)

    def task(self, task: Task, window: Window | None, finished: date | None) -> bytes:
        """A phase's or a task's to-do: its window, its state, who leads and takes part, what it waits for."""
        organizer, attendees = _roles(self.plan, task)
        related = [self._related(other.id, "DEPENDS-ON") for ref in _waits_for(task)
                   if (other := self.plan.find(ref)) is not None]
        return self._vtodo(task, f"{task.id}@{self.slug}.planctl", window, finished, organizer, attendees, related)

    def of(self, task: Task, today: date) -> list[bytes]:
        """The to-dos of a phase or task of the plan: its own, or its occurrences', or both."""
        if st.is_plain(task):  # most tasks of a large plan: the few fields that make their to-do, read directly
            return [self.plain(task, today)]
        rows = st.occurrence_rows(self.plan, task, today)
        chunks = [self.occurrence(task, row) for row in rows]
        if rows and not task.tasks:
            return chunks  # a recurring task is its occurrences
        chunks.append(self.task(task, st.window_on(self.plan, task, today), completed_on(self.plan, task, today)))
        return chunks

    def plain(self, task: Task, today: date) -> bytes:
        """`task`'s to-do for a task `states.is_plain` says is plain: what `task` makes of it, with what such a
        task's window (its own), completion (`completed_on`: its log's first day by `today`, else that of the
        logged phase or task above it) and roles (none, unless it has some) come down to."""
        parent = task.parent
        finished = first_logged(task.log, today)
        if finished is None and parent is not None:
            finished = self._above(parent, today)
        if task.roles or task.after or parent is None:
            return self.task(task, task.window, finished)
        begin, related = self._around(parent)
        window = task.window
        days = ""
        if window is not None and (days := self.windows.get(window, "")) == "":
            days = self.windows[window] = f"{self._line('DTSTART', window)}\r\n"
        return self._plain_todo(begin, related, self._plain_description(task.goal, task.note, tuple(task.responsible())),
                                days, finished, task.id, task.title).encode()

    def own_days(self, phase: Task, places: list[int], logged: list[int | None], plain: PlainRows,
                 today: date) -> list[int | None]:
        """The first day of the own log by `today` (a day ordinal; None: none) of each plain task directly under `phase`
        a plan was built without (`calendar`'s `plain`), at `places` in the whole plan's items() (`logged`: their
        PlainTasks.logged)."""
        day = today.toordinal()
        if phase.log:  # `logged` is then the earliest of its own entries and its phase's: its own, from its log
            return [first if size and first <= day else None for _, size, first, *_ in map(plain.logs().__getitem__, places)]
        return [first if first is not None and first <= day else None for first in logged]

    def plain_rows(self, phase: Task, places: list[int], owns: list[int | None], plain: PlainRows, today: date) -> bytes:
        """The to-dos of the plain tasks directly under `phase` a plan was built without (`calendar`'s `plain`), at
        `places` in the whole plan's items() (`owns`: their `own_days`): each as `plain` writes it, from its row
        (store/cache.py TaskRow: it has a window of its own, waits for nothing, is owed once). What differs from one to
        the next (SUMMARY, UID) is written for all at once; the rest once for all that share it (`_Made`), each part
        encoded once; the pieces of them all joined at once."""
        rows = list(map(plain.rows.__getitem__, places))
        above = self._above(phase, today)
        begin, related = self._around(phase)
        # from BEGIN to COMPLETED, by the day its own log was first by `today` (None: not logged so, done when the
        # task or phase above it was, if it was)
        heads = _Made(lambda own: f"{begin}{self._line('COMPLETED', date.fromordinal(own))}\r\n".encode())
        heads[None] = begin.encode() if above is None else f"{begin}{self._line('COMPLETED', above)}\r\n".encode()
        # then PERCENT-COMPLETE (done), RELATED-TO and STATUS, by that day too
        states = _Made(lambda own: self._plain_state(related, own is not None or above is not None).encode())
        pieces = zip(
            map(heads.__getitem__, owns), self._descriptions(phase, rows),
            map(self.row_days.__getitem__, map(itemgetter(7), rows)),  # DTSTAMP to DUE, by its window
            map(states.__getitem__, owns), *self._tails(rows), strict=True)
        if not any(map(itemgetter(13), rows)):  # none with roles (a row's roles: None or some): the usual
            return b"".join(itertools.chain.from_iterable(pieces))
        todos = list(map(b"".join, pieces))
        for k in [k for k, roles in enumerate(map(itemgetter(13), rows)) if roles is not None]:
            todos[k] = self.plain(plain.task_at(places[k], phase), today)  # written as `plain` writes it
        return b"".join(todos)

    def _descriptions(self, phase: Task, rows: list[tuple[Any, ...]]) -> Iterable[bytes]:
        """The DESCRIPTION line of each plain task under `phase` (store/cache.py TaskRow; `_plain_description`)."""
        inherited = tuple(phase.who)  # the `who` of a task without one: its phase's (Task.responsible)
        whos = list(map(itemgetter(4), rows))
        if any(map(itemgetter(10), rows)) or any(map(itemgetter(5), rows)):  # some with a goal or a note
            said = _Made(lambda key: self.plain_descriptions[key[0], key[1], key[2] or inherited])
            return map(said.__getitem__, zip(map(itemgetter(10), rows), map(itemgetter(5), rows), map(tuple, whos), strict=True))
        if set(map(len, whos)) == {1}:  # the usual: only who, one each
            by_ref = _Made(lambda ref: self.plain_descriptions[None, None, (ref,)])
            return map(by_ref.__getitem__, map(itemgetter(0), whos))
        by_who = _Made(lambda who: self.plain_descriptions[None, None, who or inherited])
        return map(by_who.__getitem__, map(tuple, whos))

    def _tails(self, rows: list[tuple[Any, ...]]) -> list[Iterable[bytes]]:
        """The SUMMARY, UID and END lines of each plain task (store/cache.py TaskRow), encoded, as columns of the
        pieces of each: all at once when no line can reach FOLD_AT octets (the usual), else each line folded."""
        titles = ics.texts(list(map(itemgetter(2), rows)))
        ids = list(map(itemgetter(1), rows))
        uid_end = f"@{self.slug}.planctl"  # an id has nothing to escape (format/rules.py ID_REGEX)
        summaries, uids = ics.encoded(titles), ics.encoded(ids)
        if max(map(len, summaries)) + len("SUMMARY:") < ics.FOLD_AT > max(map(len, uids)) + len("UID:") + len(uid_end):
            count = len(rows)  # no line to fold
            return [itertools.repeat(b"SUMMARY:", count), summaries, itertools.repeat(b"\r\nUID:", count), uids,
                    itertools.repeat(f"{uid_end}\r\nEND:VTODO\r\n".encode(), count)]
        return [[f"{ics.fold(f'SUMMARY:{title}')}\r\n{ics.fold(f'UID:{tid}{uid_end}')}\r\nEND:VTODO\r\n".encode()
                 for title, tid in zip(titles, ids, strict=True)]]

    def _row_window(self, window: tuple[int, int]) -> str:
        """The DTSTART and DUE lines (with their CRLF) of a cache row's window (day ordinals)."""
        days = self.row_windows.get(window)
        if days is None:
            days = self.row_windows[window] = "".join(
                f"{line}\r\n" for _name, line in _window_lines(self.days[window[0]], self.row_dues[window[1]]))
        return days

    def _above(self, parent: Task, today: date) -> date | None:
        """`_logged_above` of `parent`, once for each."""
        node = id(parent)
        return self.above[node] if node in self.above else self.above.setdefault(node, _logged_above(self.plan, parent, today))

    def _around(self, parent: Task) -> tuple[str, str]:
        """The BEGIN and CATEGORIES, and the RELATED-TO, of a plain task's to-do under `parent` (each with its CRLF)."""
        around = self.around.get(parent)
        if around is None:
            around = self.around[parent] = (f"BEGIN:VTODO\r\n{self._line('CATEGORIES', parent.phase.title)}\r\n",
                                             f"{self._related(parent.id, 'PARENT')}\r\n")
        return around

    def _plain_description(self, goal: str | None, note: str | None, who: tuple[str, ...]) -> str:
        """The DESCRIPTION line (with its CRLF; "" when it says nothing) of a plain task: all it says (`_description`)."""
        key = (goal, note, who)
        description = self.descriptions.get(key)
        if description is None:
            text = _description_of(_said(self.plan, goal, note, who, self.who_lines), [])
            description = self.descriptions[key] = f"{self._line('DESCRIPTION', text)}\r\n" if text else ""
        return description

    def _plain_todo(self, begin: str, related: str, description: str, days: str, finished: date | None, tid: str,
                    title: str) -> str:
        """`_vtodo`'s lines of a plain task's to-do: CATEGORIES, [COMPLETED], [DESCRIPTION], DTSTAMP, [DTSTART, DUE],
        [PERCENT-COMPLETE], RELATED-TO its parent, STATUS, SUMMARY, UID."""
        done = "" if finished is None else f"{self._line('COMPLETED', finished)}\r\n"
        uid = f"UID:{tid}@{self.slug}.planctl"  # a valid plan's id (format/rules.py ID_REGEX) has nothing to escape
        if len(uid) >= ics.FOLD_AT or not uid.isascii():  # else `fold` leaves it as it is
            uid = ics.fold(uid)
        return (f"{begin}{done}{description}{self._plain_rest(related, days, finished is not None)}"
                f"{ics.fold(f'SUMMARY:{ics.text(title)}')}\r\n{uid}\r\nEND:VTODO\r\n")

    def _plain_rest(self, related: str, days: str, finished: bool) -> str:
        """A plain task's to-do from its DTSTAMP to its STATUS (with its CRLF)."""
        return f"{self.dtstamp}\r\n{days}{self._plain_state(related, finished)}"

    def _plain_state(self, related: str, finished: bool) -> str:
        """A plain task's PERCENT-COMPLETE (when `finished`), RELATED-TO (`related`) and STATUS lines (with their CRLF)."""
        if finished:
            return f"PERCENT-COMPLETE:100\r\n{related}STATUS:COMPLETED\r\n"
        return f"{related}STATUS:NEEDS-ACTION\r\n"

    def occurrence(self, task: Task, row: st.OccurrenceRow) -> bytes:
        """One VTODO per occurrence (not one with an RRULE: calendar apps differ on recurring to-dos,
        and each occurrence has its own completion; docs/export.md)."""
        uid = f"{task.id}.{row.occurrence.day.strftime('%Y%m%d')}@{self.slug}.planctl"
        return self._vtodo(task, uid, row.occurrence.window, row.done_on, [], [], [])

    def _vtodo(self, task: Task, uid: str, window: Window | None, finished: date | None,
               organizer: list[str], attendees: list[str], related: list[str]) -> bytes:
        """The to-do's lines in the order the library writes them: its properties sorted by name
        (ATTENDEE, CATEGORIES, COMPLETED, DESCRIPTION, DTSTAMP, DTSTART, DUE, ORGANIZER,
        PERCENT-COMPLETE, RELATED-TO, STATUS, SUMMARY, UID), those of one name in the order added (`plain`
        writes a plain task's alike)."""
        fold, line = ics.fold, self._line
        lines = ["BEGIN:VTODO", *attendees, line("CATEGORIES", task.phase.title)]
        if finished is not None:
            lines.append(line("COMPLETED", finished))
        description = self._description_line(task)
        if description:
            lines.append(description)
        lines.append(self.dtstamp)
        if window is not None:
            lines.append(line("DTSTART", window))
        lines += organizer
        if finished is not None:
            lines.append("PERCENT-COMPLETE:100")
        if task.parent is not None:
            lines.append(self._related(task.parent.id, "PARENT"))
        lines += related
        lines += ["STATUS:NEEDS-ACTION" if finished is None else "STATUS:COMPLETED",
                  fold(f"SUMMARY:{ics.text(task.title)}"), fold(f"UID:{ics.text(uid)}"), "END:VTODO\r\n"]
        return "\r\n".join(lines).encode("utf-8")

    def _description_line(self, task: Task) -> str:
        """The task's folded DESCRIPTION line; "" when it has nothing to say."""
        description = _description(self.plan, task, self.who_lines)
        return self._line("DESCRIPTION", description) if description else ""

    def _line(self, name: str, value: object) -> str:
        """The folded line of a CATEGORIES or DESCRIPTION (a text), COMPLETED (a day) or DTSTART (a
        window: with its DUE)."""
        key = (name, value)
        found = self.lines.get(key)
        if found is None:
            found = self.lines[key] = _written(name, value)
        return found

    def _related(self, item_id: str, reltype: str) -> str:
        return self._line("RELATED-TO", (item_id, reltype, self.slug))


V = TypeVar("V")


class _Made(dict[Any, V]):
    """`make(key)` by key, made once for each: a key made before costs one dict lookup (`map(made.__getitem__, keys)`)."""

    def __init__(self, make: Callable[[Any], V]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key: Any) -> V:
        value = self[key] = self.make(key)
        return value


def _written(name: str, value: Any) -> str:
    """`_Todos._line`'s line, written."""
    if name == "COMPLETED":
        return f"COMPLETED:{ics.utc_time(datetime.combine(value, COMPLETED_AT, tzinfo=UTC))}"
    if name == "DTSTART":
        return "\r\n".join(line for _name, line in _window(value))
    if name == "RELATED-TO":
        item_id, reltype, slug = value
        return ics.fold(_related(item_id, slug, reltype)[1])
    return ics.fold(f"{name}:{ics.text(value)}")


Property = tuple[str, str]  # its name, and its content line (unfolded)


def _related(item_id: str, slug: str, reltype: str) -> Property:
    return "RELATED-TO", f"RELATED-TO;RELTYPE={reltype}:{ics.text(f'{item_id}@{slug}.planctl')}"


def _window(window: Window) -> list[Property]:
    return _window_lines(ics.day(window.start), ics.day(_due(window.end)))


def _window_lines(start: str, due: str) -> list[Property]:
    """A window's DTSTART and DUE, of their days written (ics.day)."""
    return [("DTSTART", f"DTSTART;VALUE=DATE:{start}"), ("DUE", f"DUE;VALUE=DATE:{due}")]


def _due(end: date) -> date:
    """The DUE of a window ending on `end`: the day after it (9999-12-31 has no next day)."""
    return end + timedelta(days=1) if end < date.max else end


def occurrence_uid(plan: Plan, task: Task, row: st.OccurrenceRow, identity: str) -> str:
    """`<id>.<YYYYMMDD>@<digest>-<year>.planctl`: an occurrence keeps its UID while its day does."""
    return f"{task.id}.{row.occurrence.day.strftime('%Y%m%d')}@{plan_slug(plan, identity)}.planctl"


def completed_on(plan: Plan, task: Task, today: date) -> date | None:
    """The day a task done by `today` was finished; for one done only because a phase or task above
    it was logged, that parent's day. None while it is not done."""
    if not st.is_done(plan, task, today):
        return None
    day = st.done_date(plan, task, today)
    parent = st.logged_ancestor(task, today) if day is None else None
    return st.done_date(plan, parent, today) if parent is not None else day


def _logged_above(plan: Plan, node: Task, today: date) -> date | None:
    """`completed_on` of a plain task below `node` not logged itself by `today`: the day the nearest of
    `node` and the phases and tasks above it logged by `today` was finished (`states.logged_ancestor`,
    whose walk starts at a plain task's parent), else None."""
    found: Task | None = node
    while found is not None and not logged_by(found.log, today):
        found = found.parent
    return None if found is None else st.done_date(plan, found, today)


ROLE_LABELS = {"lead": N_("Lead: {names}"), "helpers": N_("Helpers: {names}"), "participants": N_("Participants: {names}"),
               "report_to": N_("Report to: {names}"), "speakers": N_("Speakers: {names}"), "guests": N_("Guests: {names}")}
OWED_LABELS = {"unit": N_("Owed by each unit: {names}"), "person": N_("Owed by each person: {names}")}


def _description(plan: Plan, task: Task, who_lines: dict[tuple[str, ...], str] | None = None) -> str:
    """The goal, the note, then one line per role (`Lead: 张伟`, `牵头：张伟` in Chinese), as a calendar shows it.
    `who_lines`: the `Who:` line of each `who` written so far (most tasks of a plan share a few)."""
    roles = [_(ROLE_LABELS[role]).format(names=_names(plan, refs)) for role, refs in task.roles]
    if task.per != PER_ALL:
        roles.append(_(OWED_LABELS[task.per]).format(names=_names(plan, st.share_days(plan, task))))
    if waits := _waits_for(task):
        roles.append(_("After: {names}").format(names=listed(waits)))
    return _description_of(_said(plan, task.goal, task.note, tuple(task.responsible()), who_lines), roles)


def _said(plan: Plan, goal: str | None, note: str | None, who: tuple[str, ...],
          who_lines: dict[tuple[str, ...], str] | None) -> list[str]:
    """A description's first paragraphs: the goal, the note, the `Who:` line (the one of `who_lines` when written)."""
    parts = [text for text in (goal, note) if text]
    if who:
        line = who_lines.get(who) if who_lines is not None else None
        if line is None:
            line = _("Who: {names}").format(names=_names(plan, who))
            if who_lines is not None:
                who_lines[who] = line
        parts.append(line)
    return parts


def _description_of(parts: list[str], roles: list[str]) -> str:
    return "\n\n".join(parts + (["\n".join(roles)] if roles else []))


def _names(plan: Plan, refs: Iterable[str]) -> str:
    return listed(plan.roster.name_of(ref) for ref in refs)


def _waits_for(task: Task) -> list[str]:
    """`Task.waits_for`, without making a list for the usual task, which waits for nothing."""
    return task.waits_for() if task.after or task.relative is not None else []


def _roles(plan: Plan, task: Task) -> tuple[list[str], list[str]]:
    """The folded ORGANIZER line (the lead) and ATTENDEE lines (helpers, participants), only for a person
    with an email in the roster: a calendar address must be one (RFC 5545 §3.3.3); everyone else is in
    the DESCRIPTION. What it waits for is written by the caller: RELATED-TO;RELTYPE=DEPENDS-ON (RFC 9253 §5)."""
    if not (plan.roster.emails and task.roles):
        return [], []
    leads = [a for ref in task.role("lead") if (a := _address(plan, "ORGANIZER", ref)) is not None]
    attendees = [a for role in ("helpers", "participants") for ref in task.role(role)
                 if (a := _address(plan, "ATTENDEE", ref, "REQ-PARTICIPANT")) is not None]
    organizer = leads[:1] if len(leads) == 1 else []  # one organizer at most (RFC 5545 §3.8.4.3)
    return [ics.fold(line) for _name, line in organizer], [ics.fold(line) for _name, line in attendees]


def _address(plan: Plan, name: str, ref: str, role: str | None = None) -> Property | None:
    """A calendar address with the person's name (CN) and role: written by the `icalendar` library,
    which decides how a name with quotes, commas or colons is quoted (RFC 5545 §3.2, RFC 6868)."""
    emails = plan.roster.emails.get(ref)
    if not emails:
        return None
    from icalendar import vCalAddress
    from icalendar.parser import Contentline

    found = vCalAddress(f"mailto:{emails[0]}")
    found.params["CN"] = plan.roster.name_of(ref)
    if role is not None:
        found.params["ROLE"] = role
    return name, str(Contentline.from_parts(name, found.params, found))


# --- the resolved plan as JSON ---------------------------------------------------------------

NO_WINDOW = st.NO_WINDOW


def task_state(plan: Plan, task: Task, today: date) -> str:
    """done, overdue, due_today, in_progress, upcoming (starts after today), or no_window, on `today`."""
    return st.task_section(plan, task, today)


def resolved(plan: Plan, today: date, path: str) -> dict[str, Any]:
    """Every window as ISO dates, every task's state, every quota's progress per scope and period.

    Phases and tasks are `jsonshape.Items`, made as `jsonshape.chunks` writes them (an XL plan's export is
    400 MB of text); `jsonshape.materialized` gives the whole document."""
    states: dict[str, int] = {}
    for task in plan.walk():
        if task.depth > 1:
            state = task_state(plan, task, today)
            states[state] = states.get(state, 0) + 1
    roster = plan.roster
    return {
        "planctl_export": EXPORT_VERSION,
        "plan": path,
        "title": plan.title,
        "year": plan.year,
        "today": today.isoformat(),
        "window": js.window(st.span_on(plan, today)),
        "counts": {"phases": len(plan.phases), "tasks": sum(states.values()), "quotas": len(plan.quotas()),
                   "tasks_by_state": dict(sorted(states.items()))},
        "roster": {
            "people": [{"id": pid, "name": name} for pid, name in roster.people.items()],
            "groups": [
                {"id": g.id, "name": g.name, "members": list(g.members), "all_members": g.all_members(),
                 "units": [{"id": u.id, "name": u.name, "members": list(u.members)} for u in g.units.values()]}
                for g in roster.groups.values()
            ],
        },
        "phases": js.Items(_task(plan, phase, today) for phase in plan.phases),
    }


def _task(plan: Plan, task: Task, today: date) -> dict[str, Any]:
    finished = st.done_date(plan, task, today)
    state = task_state(plan, task, today)
    out: dict[str, Any] = {
        "kind": task.kind,
        "id": task.id,
        "outline": task.outline,
        "title": task.title,
        "window": js.window(st.window_on(plan, task, today), js.written(task)),
        "who": js.refs(plan, task.who),
        "responsible": js.refs(plan, task.responsible()),
        "roles": js.roles(plan, task),
        "per": task.per,
        "shares": js.shares(plan, task, today),
        "after": task.waits_for(),
        "waiting_for": [item.id for item in st.waiting_for(plan, task, today)],
        "state": state,
        "done": state == st.DONE,  # also when done only through a logged parent (then done_date is null)
        "done_date": js.day(finished),
    }
    if task.depth == 1:
        out["goal"] = task.goal
    out["note"] = task.note
    out["log"] = [js.entry(plan, entry) for entry in task.log]
    if task.repeat is not None:
        out["repeat"] = task.repeat.text
        out["occurrences"] = [js.occurrence(row) for row in st.occurrence_rows(plan, task, today)]
    out["quotas"] = js.Items(_quota(plan, quota, today) for quota in task.quotas)
    out["tasks"] = js.Items(_task(plan, sub, today) for sub in task.tasks)
    return out


def _quota(plan: Plan, quota: Quota, today: date) -> dict[str, Any]:
    # Scopes in roster order, not worst first: an export is a record, not a view.
    order = {scope.id: i for i, scope in enumerate(q.scopes(plan, quota))}

    def in_roster_order(period: q.QuotaPeriod) -> list[q.Progress]:
        return sorted(period.rows, key=lambda r: order.get(r.scope.id, len(order)))

    seen = q.history(plan, quota, today, st.periods_on(plan, quota, today))
    periods = [js.quota_period(period, in_roster_order(period)) for period in seen]
    return {
        "kind": "quota",
        "id": quota.id,
        "outline": quota.outline,
        "title": quota.title,
        "window": js.window(st.quota_window_on(plan, quota, today), js.written(quota)),
        "who": js.refs(plan, quota.who),
        "per": quota.per,
        "period": quota.period,
        "periods_written": [spec.text for spec in quota.periods] or None,
        "repeat": quota.repeat.text if quota.repeat is not None else None,
        "target": js.number(quota.target),
        "target_for": {gid: js.number(v) for gid, v in quota.target_for.items()},
        "unit": quota.unit,
        "met": bool(periods) and all(period["met"] for period in periods),
        "note": quota.note,
        "periods": periods,
        "log": js.Items(js.entry(plan, entry, quota) for entry in quota.log),  # a phase's quota: a log as long as the plan
    }
