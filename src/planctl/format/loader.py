"""From a plan file to a `Plan`: decode, compose, read each mapping against its fields, resolve windows.

Structural problems (YAML syntax, tabs, types, unknown keys, unreadable dates) are found here;
cross-reference and consistency checks live in `validate.py`.
"""

from __future__ import annotations

import gc
import math
import re
from collections import Counter
from collections.abc import MutableSequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from planctl.errors import ERROR, WARNING, Problem, did_you_mean
from planctl.format import dates, targets
from planctl.format.loaded import Loaded
from planctl.format.recurrence import Recurrence, parse_repeat, periods_in
from planctl.format.rules import ID_PATTERN as ID_PATTERN
from planctl.format.rules import MAX_DEPTH, number_fits
from planctl.format.rules import MAX_NUMBER as MAX_NUMBER
from planctl.format.source import Source, SourceProblem, cr_only, decode, lone_cr_break, stray_cr, stray_cr_message
from planctl.format.units import PERCENT, UnitError, canonical_unit, describe_unit, is_count, parse_amount, task_amount_problem
from planctl.format.yamltree import ENTRIES, MAP, SCALAR, SEQ, MaskMismatch, Node, compose, plain_value, scalar_value
from planctl.i18n import N_, _, listed, ngettext
from planctl.model import (
    PER_ALL,
    PER_PERSON,
    PER_UNIT,
    PERIODS,
    ROLE_KEYS,
    ROLE_TEXTS,
    ROLES,
    Completion,
    Group,
    LazyLog,
    Plan,
    Quota,
    Roster,
    Task,
    Unit,
)

FORMAT_VERSION = 1

YEAR_TEXT = re.compile(r"((?:19|2[0-9])[0-9]{2})(?:年度?)?")  # `year: 2026年` as a Chinese plan writes it
TOP_KEYS = ("planctl", "title", "year", "horizon", "week1", "weeks", "note", "roster", "phases")
ROSTER_KEYS = ("people", "groups")
PERSON_KEYS = ("name", "email")
GROUP_KEYS = ("name", "members", "units")
UNIT_KEYS = ("name", "members")
ROLE_WORDS = tuple(ROLE_KEYS)  # lead, helpers, …, and their Chinese keys (牵头, 配合, …)
PHASE_KEYS = ("id", "title", "when", "who", "goal", "note", "tasks", "quotas", "log", "after", *ROLE_WORDS)
# What a Chinese plan writes for each value of `per` (a hint only: `per` takes the English values).
PER_MEANINGS = {PER_ALL: ("全体", "共同", "合计", "全部", "所有人"), PER_PERSON: ("人", "每人", "个人", "人人", "每个人", "各人"),
                PER_UNIT: ("单位", "每单位", "各单位", "每个单位", "支部", "各支部", "部门", "各部门", "科室", "各科室")}
TASK_KEYS = ("id", "title", "when", "repeat", "who", "note", "tasks", "quotas", "log", "per", "after", *ROLE_WORDS)
QUOTA_KEYS = ("id", "title", "who", "per", "target", "target_for", "unit", "period", "periods", "repeat", "pace", "weeks",
              "when", "note", "log")
LOG_KEYS = ("date", "by", "unit", "amount", "note", "at", "occurrence")
PLAN_KEYS = frozenset(TOP_KEYS + ROSTER_KEYS + GROUP_KEYS + PHASE_KEYS + QUOTA_KEYS + LOG_KEYS)


def load_path(path: Path, display: str | None = None, fast: bool = False) -> Loaded:
    return load_bytes(display or str(path), path.read_bytes(), fast)


def load_bytes(display: str, raw: bytes, fast: bool = False) -> Loaded:
    try:
        source = decode(display, raw)
    except SourceProblem as exc:
        return Loaded(exc.source, None, [exc.problem])
    return load_source(source, fast)


def load_source(source: Source, fast: bool = False) -> Loaded:
    """Read a plan. With `fast`, runs of planctl's own completion lines skip the YAML parser
    (fastlog.py): the plan is the same, but a log's tree node then holds ENTRIES nodes, one per run."""
    problems = conflict_problems(source.text) or tab_problems(source.text)
    tree: Node | None = None
    plan: Plan | None = None
    by_fasttree = False
    gc_was_enabled = gc.isenabled()
    gc.disable()  # the tree and model are all live objects: collecting while building them is wasted time
    try:
        if not problems and fast:
            try:
                tree, plan, by_fasttree = _read_fast(source, problems)
            except MaskMismatch:  # raised only where something was masked
                problems.clear()  # only problems of the masked attempt were there (no tab problems)
                tree, plan = _read(source, problems, None)
        elif not problems:
            tree, plan = _read(source, problems, None)
    finally:
        if gc_was_enabled:
            gc.enable()
    if tree is None and not problems:
        problems.append(Problem(0, _("the plan has no content (only comments or blank lines)")))
    if (cr := lone_cr_break(source.text)) is not None:
        problems.append(Problem(cr, cr_only(source.path), WARNING))
    elif (cr := stray_cr(source.text)) is not None:
        problems.append(Problem(cr, stray_cr_message(), WARNING))
    if any(p.is_error for p in problems):
        from planctl.format.keyboard import diagnose
        problems = diagnose(source.text, problems, PLAN_KEYS)
    located = sorted(source.locate_all(problems), key=lambda p: (p.offset, p.message))
    return Loaded(source, plan, located, tree, by_fasttree)


def _read_fast(source: Source, problems: list[Problem]) -> tuple[Node | None, Plan | None, bool]:
    """`_read` through the fast paths: a text of regular lines without YAML (fasttree.py), else
    YAML with planctl's entry lines collapsed (fastlog.py); and whether fasttree.py read it. Raises
    MaskMismatch where collapsed entry lines turn out not to be a log's (then read the text through YAML alone)."""
    from planctl.format import fastlog, fasttree

    tree = fasttree.compose(source.text)
    if tree is not None:
        return *_read_tree(source, problems, tree), True
    # the masked text is not kept here: _read lets go of it once the tree is built
    return *_read(source, problems, fastlog.mask(source.text)), False


def _read(source: Source, problems: list[Problem], masked: Any) -> tuple[Node | None, Plan | None]:
    tree = compose(source.text, problems, masked)
    del masked  # the masked text (as large as the file) is not needed once the tree is built
    if tree is None:
        return None, None
    if not problems:
        return _read_tree(source, problems, tree)
    refused, first = {problem.offset for problem in problems}, len(problems)
    read = _read_tree(source, problems, tree)
    # What the YAML reader refused (an alias, an anchor, a tag, a duplicate key) is reported there once: the
    # reader's and the checks' words at the same place (an alias read as nothing: "'who' must be text, not
    # nothing") are its consequence, not a second fault.
    problems[first:] = [problem for problem in problems[first:] if problem.offset not in refused]
    return read


def _read_tree(source: Source, problems: list[Problem], tree: Node) -> tuple[Node | None, Plan | None]:
    """The plan of a composed tree, with every problem the reader and the checks find."""
    from planctl.format.names import distinct_refs, resolve_names
    from planctl.format.validate import validate

    reader = Reader(source.path, problems)
    plan = reader.plan(tree)
    if plan is not None:
        plan.known_items = plan.items()  # built whole: walked once, not by every check below
        resolve_windows(plan, problems)
        if reader.read_relative:
            from planctl.format import relative
            relative.resolve(plan)
        refs = distinct_refs(plan.items())  # once for both
        problems.extend(resolve_names(plan, refs))
        problems.extend(validate(plan, refs))
        if plan.year is None:
            year_written = tree is not None and tree.kind == MAP and tree.get("year") is not None
            problems[:] = one_no_year(source.text, problems, year_written)
    return tree, plan


def _repeat_not_window(text: str) -> str:
    """For a `when:` the window grammar refuses but the repeat grammar reads (每周一, 每月底): what to write
    instead; "" for any other text."""
    from planctl.format.recurrence import parse_repeat

    try:
        parse_repeat(text)
    except dates.DateError:
        return ""
    return f"'{text}' " + _("is a repeat, not a window: write it as `repeat: {text}` (and `when:` for the stretch it repeats "
                            "in)").format(text=text)


def one_no_year(text: str, problems: list[Problem], year_written: bool = False) -> list[Problem]:
    """The "no year" errors of a plan without `year:` as one error at the first, suggesting the year to set:
    the year written most often in the plan's text (2026年…, 2026-03…; the latest on a tie), if any. With
    `year_written` (a `year:` the reader refused, located already) they are dropped: the fix is that one."""
    no_year = _(dates.NO_YEAR)  # dates.py's message for a date without a year, in the reader's language
    missing = [p for p in problems if no_year in p.message]
    if not missing:
        return problems
    if year_written:
        return [p for p in problems if no_year not in p.message]
    written = Counter(m.group(1) for m in _YEAR_WRITTEN.finditer(text))
    year = max(written, key=lambda y: (written[y], y)) if written else ""
    add = _("add 'year: {year}'").format(year=year) if year else _("add the plan's year (for example 'year: 2026')")
    first = min(missing, key=lambda p: p.offset)
    message = ngettext("no year: a date is written without a year (the first is here) and the plan has no 'year:'; "
                       "{add} at the top of the plan, or write the year in each ({year}年3月1日)",
                       "no year: {count} windows and dates are written without a year (the first is here) and the plan "
                       "has no 'year:'; {add} at the top of the plan, or write the year in each ({year}年3月1日)",
                       len(missing)).format(count=len(missing), add=add, year=year or 2026)
    return [p for p in problems if no_year not in p.message] + [first._replace(message=message)]


_YEAR_WRITTEN = re.compile(r"(?<![0-9])((?:19|2[0-9])[0-9]{2})(?:年|-[01]?[0-9](?![0-9]))")


_CONFLICT_MARKER = re.compile(r"^(?:<{7}|={7}|>{7}|\|{7})(?: |\r?$)", re.M)


def conflict_problems(text: str) -> list[Problem]:
    """Lines git leaves in a file with an unresolved merge conflict (<<<<<<<, =======, >>>>>>>)."""
    if "\n<<<<<<<" not in text and not text.startswith("<<<<<<<"):
        return []
    return [Problem(m.start(), _("unresolved merge conflict marker: keep the lines you want, delete the markers"))
            for m in _CONFLICT_MARKER.finditer(text)]


def tab_problems(text: str) -> list[Problem]:
    """Tabs in indentation: YAML forbids them, and libyaml's message for them is cryptic."""
    problems: list[Problem] = []
    if "\t" not in text:
        return problems
    offset = 0
    for line in text.splitlines(keepends=True):
        stripped = line.lstrip(" \t")
        indent = line[: len(line) - len(stripped)]
        if "\t" in indent and stripped.strip() and not stripped.startswith("#"):
            problems.append(Problem(offset + indent.index("\t"), _("tab in indentation; indent with spaces")))
        offset += len(line)
    return problems


class Said:
    """A description such as "task 1.2's window", put into words only when a message says it: each
    item of a large plan needs a dozen, and almost none is ever said. `str()` (and so `format`) gives
    `_(template)` with `what` and `outline` filled in."""

    __slots__ = ("template", "what", "outline")

    def __init__(self, template: str, what: Text = "", outline: str = "") -> None:
        self.template = template
        self.what = what
        self.outline = outline

    def __str__(self) -> str:
        return _(self.template).format(what=self.what, outline=self.outline)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


Text = str | Said  # what a Reader method says it is reading: words, or words to make when needed


# What a task's parts are called in messages (Said): marked for the catalog, said only when needed.
_PHASE_N, _TASK_N, _QUOTA_N = N_("phase {outline}"), N_("task {outline}"), N_("quota {outline}")
_ID_OF = N_("{what}'s id")
_TITLE_OF = N_("{what}'s title")
_WINDOW_OF = N_("{what}'s window")
_REPEAT_OF = N_("{what}'s repeat")
_WHO_OF = N_("{what}'s 'who'")
_NOTE_OF = N_("{what}'s note")
_GOAL_OF = N_("{what}'s goal")
_TASKS_OF = N_("{what}'s tasks")
_QUOTAS_OF = N_("{what}'s quotas")
_LOG_OF = N_("{what}'s log")


def _said(template: str, kind: str, outline: str) -> Said:
    """`template` ("{what}'s window") said of the phase or task (`kind`: _PHASE_N or _TASK_N) at `outline`."""
    return Said(template, Said(kind, outline=outline))


class Reader:
    """Reads the tree into the model, collecting problems instead of stopping at the first."""

    def __init__(self, path: str, problems: list[Problem]):
        self.path = path
        self.problems = problems
        self.year: int | None = None
        self.whens: dict[str, dates.WhenSpec] = {}  # text -> its reading: plans repeat windows (a month, a dekad)
        # a task's plain `when:` (2009-03-01..2009-03-10: not plainly text to _text_of, as it starts with a
        # digit) that Reader.task_when read as text and as a window -> that window: each read once
        self.plain_whens: dict[str, dates.WhenSpec] = {}
        # the plain scalars `_id_of` read as ids (a task's `who: p017`): read as ids again, plain or quoted, at once
        self.plain_ids: set[str] = set()
        self.read_relative = False  # whether a task's window is relative to another task's (format/relative.py)

    def parse_when(self, text: str) -> dates.WhenSpec:
        """`dates.parse_when`, read once for each distinct text (a WhenSpec is an immutable value);
        DateError as there."""
        spec = self.whens.get(text)
        if spec is None:
            spec = self.whens[text] = dates.parse_when(text)
        return spec

    def when_error(self, text: str, exc: dates.DateError) -> str:
        """Why a window cannot be read: a repeat written as one, else the DateError's message (its forms in
        the plan's year) and a hint for a day of the plan."""
        return _repeat_not_window(text) or f"{dates.in_year(exc, self.year)}{dates.plan_day_hint(text)}"

    def error(self, at: Node | int, message: str, severity: str = ERROR) -> None:
        self.problems.append(Problem(at if isinstance(at, int) else at.start, message, severity))

    # --- shapes -------------------------------------------------------------------------

    def fields(self, node: Node, what: Text, allowed: tuple[str, ...], required: tuple[str, ...] = ()) -> dict[str, Node]:
        """The keys of a mapping, refusing unknown ones with a did-you-mean."""
        if node.kind != MAP:
            _no_entries_here(node)
            self.error(node, _("{what} must be a mapping (key: value), not {what_node_is}").format(
                                 what=what, what_node_is=what_node_is(node)))
            return {}
        known = _KEY_SETS.get(id(allowed)) or frozenset(allowed)
        found = {key.value: value for key, value in node.value}  # the usual mapping: known keys, nothing missing
        if known.issuperset(found):
            for name in required:
                if name not in found:
                    break
            else:
                return found
        found = {}
        for key, value in node.pairs():
            name = key.value
            if name not in known:
                self.error(key, _misplaced(name, allowed) or _("unknown key '{name}' in {what}{suggestion}").format(
                    name=name, what=what, suggestion=_key_suggestion(name, allowed)))
                continue
            found[name] = value
        for name in required:
            if name not in found:
                self.error(node, _("{what} has no '{name}'").format(what=what, name=name))
        return found

    def items(self, node: Node, what: Text) -> list[Node]:
        _no_entries_here(node)
        if node.kind == SEQ:
            return list(node.value)
        if node.kind == SCALAR and node.plain and scalar_value(node) is None:  # empty, ~ or null: no items (YAML null)
            return []
        self.error(node, _("{what} must be a list, not {what_node_is}").format(what=what, what_node_is=what_node_is(node)))
        return []

    def text(self, node: Node | None, what: Text) -> str | None:
        if node is None:
            return None
        if node.kind == SCALAR:
            if not node.plain:  # quoted: text whatever it says
                return str(node.value)
            value = plain_value(node.value)
        else:
            _no_entries_here(node)
            value = None
        if node.kind != SCALAR or value is None or isinstance(value, bool):
            self.error(node, _("{what} must be text, not {what_node_is}").format(what=what, what_node_is=what_node_is(node)))
            return None
        return str(node.value)

    def ident(self, node: Node | None, what: Text) -> str | None:
        value = self.text(node, what)
        if value is not None and node is not None and not ID_PATTERN.match(value):
            self.error(node, _("{what} '{value}' is not an id: use a letter or a Chinese character, then letters, digits, - or _").format(
                                 what=what, value=_spaces_shown(value)))
            return None
        return value

    def number(self, node: Node | None, what: Text, too_big: str = "") -> float | None:
        if node is None:
            return None
        _no_entries_here(node)
        value = scalar_value(node) if node.kind == SCALAR else None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.error(node, _("{what} must be a number, not {what_node_is}").format(what=what, what_node_is=what_node_is(node)))
            return None
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if not number_fits(number):
            self.error(node, too_big or _("{what} must be a number of at most {most:,}, not {value}").format(
                what=what, most=MAX_NUMBER, value=node.value[:20]))
            return None
        return number

    def refs(self, node: Node | None, what: Text, positions: dict[str, int] | None = None) -> list[str]:
        """One id or a list of ids (their offsets go to `positions` when given)."""
        if node is None:
            return []
        out = []
        for item in node.value if node.kind == SEQ else [node]:
            ref = self.ident(item, what)
            if ref:
                out.append(ref)
                if positions is not None:
                    positions.setdefault(ref, item.start)
        return out

    def when(self, node: Node | None, what: Text) -> dates.WhenSpec | None:
        if node is None:
            return None
        text = self.text(node, what)
        if text is None:
            return None
        try:
            return self.parse_when(text)
        except dates.DateError as exc:
            self.error(node, _("{what}: {exc}").format(what=what, exc=self.when_error(text, exc)))
            return None

    def repeat(self, node: Node | None, what: Text) -> Recurrence | None:
        text = self.text(node, what) if node is not None else None
        if node is None or text is None:
            return None
        try:
            return parse_repeat(text)
        except dates.DateError as exc:
            self.error(node, _("{what}: {exc}").format(what=what, exc=exc) + (_(" ({hint})").format(hint=exc.hint) if exc.hint else ""))
            return None

    def day(self, node: Node | None, what: Text) -> date | None:
        """One day (2025-09-01, 2025年9月1日), read as a completion's date is."""
        text = self.text(node, what) if node is not None else None
        if node is None or text is None:
            return None
        try:
            return dates.parse_date(text, self.year)
        except dates.DateError as exc:
            self.error(node, _("{what}: {exc}").format(what=what, exc=dates.in_year(exc, self.year)))
            return None

    def weeks(self, node: Node | None, what: Text) -> str | None:
        """`weeks:` blocks (7 days from the window's start) or calendar (Monday to Sunday)."""
        text = self.text(node, what) if node is not None else None
        if node is None or text is None:
            return None
        if text not in dates.WEEK_READINGS:
            self.error(node, _("{what} is one of {choices}, not '{text}'{did_you_mean}").format(
                what=what, choices=listed(dates.WEEK_READINGS), text=text, did_you_mean=did_you_mean(text, dates.WEEK_READINGS)))
            return None
        return text

    # --- the plan -----------------------------------------------------------------------

    def plan(self, root: Node) -> Plan | None:
        if root.kind != MAP:
            self.error(root, _("a plan must be a mapping with 'title' and 'phases', not {what_node_is}").format(
                                 what_node_is=what_node_is(root)))
            return None
        top = self.fields(root, _("the plan"), TOP_KEYS, ("title", "phases"))
        plan = Plan(path=self.path)
        version = top.get("planctl")
        if version is not None and self.number(version, _("'planctl' (the format version)")) not in (None, FORMAT_VERSION):
            self.error(version, _("this planctl reads format version {FORMAT_VERSION}, not {value}").format(
                                    FORMAT_VERSION=FORMAT_VERSION, value=version.value))
        plan.title = self.text(top.get("title"), _("the plan's title")) or ""
        plan.note = self.text(top.get("note"), _("the plan's note"))
        if (year := top.get("year")) is not None:
            written = YEAR_TEXT.fullmatch(year.value) if year.kind == SCALAR and isinstance(year.value, str) else None
            value = float(written[1]) if written else self.number(
                year, _("'year'"), _("'year' must be a year such as 2009, not {value}").format(value=year.value[:20]))
            if value is not None and (not 1900 <= value <= 2999 or value != int(value)):
                self.error(year, _("'year' must be a year such as 2009, not {value}").format(value=year.value))
            elif value is not None:
                plan.year = self.year = int(value)
        plan.horizon = self.day(top.get("horizon"), _("'horizon' (the end of windows written without one)"))
        plan.week1 = self.day(top.get("week1"), _("'week1' (the first day of 第1周)"))
        plan.weeks = self.weeks(top.get("weeks"), _("the plan's 'weeks'")) or plan.weeks
        if (roster := top.get("roster")) is not None:
            plan.roster = self.roster(roster)
        if (phases := top.get("phases")) is not None:
            for i, node in enumerate(self.items(phases, _("'phases'")), start=1):
                phase = self.task(node, None, f"{i}")
                if phase is not None:
                    plan.phases.append(phase)
        return plan

    def roster(self, node: Node) -> Roster:
        roster = Roster()
        found = self.fields(node, _("the roster"), ROSTER_KEYS)
        if (people := found.get("people")) is not None:
            if people.kind != MAP:
                self.error(people, _("the roster's people map ids to names, not {what_node_is}").format(what_node_is=what_node_is(people)))
            for key_node, value in people.pairs():
                name, emails = self.person(key_node, value)
                if self.ident(key_node, _("a person's id")) and name is not None:
                    roster.people[key_node.value] = name
                    roster.people_pos[key_node.value] = key_node.start
                    if emails:
                        roster.emails[key_node.value] = emails
        if (groups := found.get("groups")) is not None and groups.kind == MAP:
            for key_node, value in groups.pairs():
                group = self.group(key_node, value)
                if group is not None:
                    roster.groups[group.id] = group
        elif groups is not None:
            self.error(groups, _("the roster's groups must be a mapping of group ids, not {what_node_is}").format(
                                   what_node_is=what_node_is(groups)))
        return roster

    def person(self, key_node: Node, node: Node) -> tuple[str | None, list[str]]:
        """A person's name, and the email addresses that tell planctl who is at the keyboard.

        `zhangwei: 张伟`, or `zhangwei: {name: 张伟, email: zw@example.cn}` (one address or a list;
        `planctl whoami` matches git's user.email against them, ignoring case)."""
        if node.kind != MAP:
            return self.text(node, _("the name of person '{value}'").format(value=key_node.value)), []
        found = self.fields(node, _("person '{value}'").format(value=key_node.value), PERSON_KEYS, ("name",))
        name = self.text(found.get("name"), _("the name of person '{value}'").format(value=key_node.value))
        emails: list[str] = []
        email = found.get("email")
        for item in (email.value if email is not None and email.kind == SEQ else [email] if email else []):
            address = self.text(item, _("an email of person '{value}'").format(value=key_node.value))
            if address is not None and "@" not in address:
                self.error(item, _("'{address}' is not an email address (person '{value}')").format(address=address, value=key_node.value))
            elif address is not None:
                emails.append(address.strip())
        return name, emails

    def group(self, key_node: Node, node: Node) -> Group | None:
        gid = self.ident(key_node, _("a group's id"))
        found = self.fields(node, _("group '{value}'").format(value=key_node.value), GROUP_KEYS, ("name",))
        if gid is None or not found:
            return None
        group = Group(gid, self.text(found.get("name"), _("a group's name")) or gid, pos=key_node.start)
        group.members = self.refs(found.get("members"), _("a member"), group.member_pos)
        if (units := found.get("units")) is not None:
            if units.kind != MAP:
                self.error(units, _("a group's units must be a mapping of unit ids, not {what_node_is}").format(
                                      what_node_is=what_node_is(units)))
            for unit_key, unit_node in units.pairs():
                unit_fields = self.fields(unit_node, _("unit '{value}'").format(value=unit_key.value), UNIT_KEYS, ("name",))
                uid = self.ident(unit_key, _("a unit's id"))
                if uid is None or not unit_fields:
                    continue
                name = self.text(unit_fields.get("name"), _("a unit's name")) or uid
                unit = Unit(uid, name, group=gid, pos=unit_key.start)
                unit.members = self.refs(unit_fields.get("members"), _("a member"), unit.member_pos)
                group.units[uid] = unit
        return group

    def task(self, node: Node, parent: Task | None, outline: str) -> Task | None:
        depth = 1 if parent is None else parent.depth + 1
        if parent is not None and depth > MAX_DEPTH:  # its own sub-tasks are not read: one error, not hundreds
            self.error(node, _("a task of '{id}' is nested {depth} levels deep; phases and tasks nest at most {MAX_DEPTH} levels (a phase "
                               "is level 1)").format(id=parent.id, depth=depth, MAX_DEPTH=MAX_DEPTH))
            return None
        # Each value is read by the quick path (_text_of, _id_of, the usual mapping as `fields` reads it: what
        # plainly is text, an id, known keys) or else by the reader's own method, which says what is wrong; the
        # task's description (`_said`: "task 1.2's window") is made only then: a large plan has 100,000 tasks.
        kind = _PHASE_N if parent is None else _TASK_N
        keys = PHASE_KEYS if parent is None else TASK_KEYS
        found = {key.value: value for key, value in node.value} if node.kind == MAP else None
        if found is None or not _KEY_SETS[id(keys)].issuperset(found) or "id" not in found or "title" not in found:
            found = self.fields(node, Said(kind, outline=outline), keys, ("id", "title"))
            if not found:
                return None
        get = found.get
        id_node, title_node = get("id"), get("title")
        ident = _id_of(id_node) or self.ident(id_node, _said(_ID_OF, kind, outline)) or f"#{outline}"
        title = _text_of(title_node) or self.text(title_node, _said(_TITLE_OF, kind, outline)) or ""
        spec = relative = repeat = who = note = goal = None
        if (when := get("when")) is not None:
            text = _text_of(when)
            if text:
                spec = self.whens.get(text)  # a window read before
            else:
                spec = self.plain_whens.get(when.value) if when.plain and when.kind == SCALAR else None
            if spec is None:
                spec, relative = self.task_when(when, _said(_WINDOW_OF, kind, outline))
                if when.plain and when.kind == SCALAR and spec is not None:
                    self.plain_whens[when.value] = spec
        if (repeat_node := get("repeat")) is not None:
            repeat = self.repeat(repeat_node, _said(_REPEAT_OF, kind, outline))
        if (who_node := get("who")) is not None:
            if who_node.kind == SCALAR and who_node.value in self.plain_ids:
                who = [who_node.value]
            elif who_id := _id_of(who_node):
                who = [who_id]
                if who_node.plain:
                    self.plain_ids.add(who_id)
            else:
                who = self.refs(who_node, _said(_WHO_OF, kind, outline))
        if (note_node := get("note")) is not None:
            note = self.text(note_node, _said(_NOTE_OF, kind, outline))
        if (goal_node := get("goal")) is not None:
            goal = self.text(goal_node, _said(_GOAL_OF, kind, outline))
        # positionally: a quarter cheaper than by keyword (id, title, depth, when, who, note, goal, tasks, quotas,
        # log, window, parent, outline, pos, node, repeat)
        task = Task(ident, title, depth, spec, who, note, goal, None, None, None, None, parent, outline, node.start, node, repeat)
        if not _PLAIN_TASK_KEYS.issuperset(found):  # per, roles or after
            self.shares_roles_waits(task, found, Said(kind, outline=outline))
        if relative is not None:
            task.relative = relative
            self.read_relative = True
        if (subtasks := get("tasks")) is not None:
            children = subtasks.value if subtasks.kind == SEQ else self.items(subtasks, _said(_TASKS_OF, kind, outline))
            for i, child in enumerate(children, start=1):
                sub = self.task(child, task, f"{outline}.{i}")
                if sub is not None:
                    task.tasks.append(sub)
        if (quotas := get("quotas")) is not None:
            children = quotas.value if quotas.kind == SEQ else self.items(quotas, _said(_QUOTAS_OF, kind, outline))
            for i, child in enumerate(children, start=1):
                quota = self.quota(child, task, f"{outline}q{i}")
                if quota is not None:
                    task.quotas.append(quota)
        if (log := get("log")) is not None:
            columns = _columns_of(log)
            task.log = columns if columns is not None else self.log(log, _said(_LOG_OF, kind, outline))
        return task

    def task_when(self, node: Node | None, what: Text) -> tuple[dates.WhenSpec | None, Any]:
        """A task's window: a date window (dates.py), or else one relative to another task
        (format/relative.py: `7 days before dem-life`, `dem-life后3天内`), as (spec, relative)."""
        if node is None:
            return None, None
        text = self.text(node, what)
        if text is None:
            return None, None
        try:
            return self.parse_when(text), None
        except dates.DateError as exc:
            from planctl.format import relative
            try:
                written = relative.parse(text)
            except relative.RelativeError as wrong:
                self.error(node, _("{what}: {exc}").format(what=what, exc=wrong))
                return None, None
            if written is None:
                self.error(node, _("{what}: {exc}").format(what=what, exc=self.when_error(text, exc)))
            return None, written

    def per(self, found: dict[str, Node], what: Text) -> str | None:
        """A task's or quota's `per` (all, person, unit), or None when absent or wrong (an error is recorded; a
        Chinese word such as 单位 or 每人 is told which English value it means)."""
        node = found.get("per")
        if node is None or not (text := self.text(node, _("{what}'s 'per'").format(what=what))):
            return None
        if text in (PER_ALL, PER_PERSON, PER_UNIT):
            return text
        meant = next((value for value, words in PER_MEANINGS.items() if text.strip() in words), None)
        hint = _("; did you mean '{choice}'?").format(choice=meant) if meant else did_you_mean(text, (PER_ALL, PER_PERSON, PER_UNIT))
        self.error(node, _("'per' is one of all, person, unit, not '{text}'{did_you_mean}").format(text=text, did_you_mean=hint))
        return None

    def shares_roles_waits(self, task: Task, found: dict[str, Node], what: Text) -> None:
        """`per` (each unit's or person's share), the roles besides `who`, and `after`."""
        if (per := self.per(found, what)) is not None:
            task.per = per
        roles: dict[str, tuple[str, ...]] = {}
        for key, node in found.items() if not ROLE_KEYS.keys().isdisjoint(found) else ():
            role = ROLE_KEYS.get(key)
            if role is None:
                continue
            if role in roles:
                self.error(node, _("{what} gives '{role}' twice (as '{role}' and as a Chinese key); keep one").format(
                    what=what, role=role))
                continue
            named = _("{what}'s '{key}'").format(what=what, key=key)
            values = self.texts(node, named) if role in ROLE_TEXTS else self.refs(node, named)
            if values:
                roles[role] = tuple(values)
        task.roles = tuple((role, roles[role]) for role in ROLES if role in roles) if roles else ()
        if (after := found.get("after")) is not None:
            task.after = tuple(dict.fromkeys(self.refs(after, _("{what}'s '{key}'").format(what=what, key="after"))))

    def texts(self, node: Node, what: Text) -> list[str]:
        """One text or a list of texts (names of speakers and guests, who are not in the roster)."""
        return [text.strip() for item in (node.value if node.kind == SEQ else [node])
                if (text := self.text(item, what)) is not None and text.strip()]

    def quota(self, node: Node, parent: Task, outline: str) -> Quota | None:
        what = _("quota {outline}").format(outline=outline)
        required = ("id", "title", "who", "target") + (() if _percent_target(node) else ("unit",))
        found = self.fields(node, what, QUOTA_KEYS, required)
        if not found:
            return None
        target = self.target(found.get("target"), _("{what}'s target").format(what=what))
        unit = PERCENT if target is not None and target.percent else "次"
        if (unit_node := found.get("unit")) is not None and (text := self.text(unit_node, _("{what}'s unit").format(what=what))):
            try:
                unit = canonical_unit(text)
            except UnitError as exc:
                self.error(unit_node, _("{what}'s unit: {exc}").format(what=what, exc=exc))
            if target is not None and target.percent and unit != PERCENT:
                self.error(unit_node, _("{what}'s target is a rate ({target}): its unit is %, not '{text}'").format(
                    what=what, target=found["target"].value, text=text))
        if target is not None and target.unit:
            self.target_unit(found["target"], target.unit, unit, what)
        quota = Quota(
            id=self.ident(found.get("id"), _("{what}'s id").format(what=what)) or f"#{outline}",
            title=self.text(found.get("title"), _("{what}'s title").format(what=what)) or "",
            who=self.refs(found.get("who"), _("{what}'s 'who'").format(what=what)),
            target=math.nan if target is None else target.value,
            unit=unit,
            bound=targets.AT_LEAST if target is None else target.bound,
            parent=parent,
            outline=outline,
            pos=node.start,
            node=node,
        )
        if (per := self.per(found, what)) is not None:
            quota.per = per
        if (period := found.get("period")) is not None and (text := self.text(period, _("{what}'s period").format(what=what))):
            words = (*PERIODS, *dates.PERIOD_WORDS)
            if text not in words:
                self.error(period, _("'period' is one of {join}, not '{text}'{did_you_mean}").format(
                                       join=listed(words), text=text, did_you_mean=did_you_mean(text, words)))
            else:
                quota.period = dates.PERIOD_WORDS.get(text, text)
        if (periods := found.get("periods")) is not None:
            if period is not None:
                self.error(periods, _("{what} has both 'period' and 'periods'; keep one").format(what=what))
            listed_periods = self.items(periods, _("{what}'s periods").format(what=what))
            quota.periods = [s for n, p in enumerate(listed_periods, start=1)
                             if (s := self.when(p, _("{what}'s period {n}").format(what=what, n=n)))]
        if (repeat := found.get("repeat")) is not None:
            quota.repeat = self.repeat(repeat, _("{what}'s repeat").format(what=what))
            if period is not None or periods is not None:
                self.error(repeat, _("{what} has 'repeat' and '{key}'; keep one (each occurrence of a repeat is one "
                                     "period)").format(what=what, key="period" if period is not None else "periods"))
        if (target_for := found.get("target_for")) is not None:
            if target_for.kind != MAP:
                self.error(target_for, _("'target_for' maps group ids to targets, not {what_node_is}").format(
                                           what_node_is=what_node_is(target_for)))
            for key, value in target_for.pairs():
                amount = self.number(value, _("the target for '{value}'").format(value=key.value))  # in the bound of `target`
                if self.ident(key, _("a group id")) and amount is not None:
                    quota.target_for[key.value] = amount
        if (pace := found.get("pace")) is not None and (text := self.text(pace, _("{what}'s pace").format(what=what))):
            if text not in targets.PACES:
                self.error(pace, _("'pace' is one of {paces}, not '{text}'{did_you_mean}").format(
                    paces=listed(targets.PACES), text=text, did_you_mean=did_you_mean(text, targets.PACES)))
            elif text == targets.EVEN and unit == PERCENT:
                self.error(pace, _("{what} is a rate (unit %): a rate is read, not accumulated, so it has no pace; "
                                   "remove 'pace: even'").format(what=what))
            else:
                quota.pace = text
        quota.weeks = self.weeks(found.get("weeks"), _("{what}'s 'weeks'").format(what=what)) or ""
        quota.when = self.when(found.get("when"), _("{what}'s window").format(what=what))
        quota.note = self.text(found.get("note"), _("{what}'s note").format(what=what))
        quota.log = self.log(found.get("log"), _("{what}'s log").format(what=what), quota.unit)
        return quota

    def log(self, node: Node | None, what: Text, unit: str | None = None) -> MutableSequence[Completion]:
        """The entries of a log; `unit` is the quota's (an amount written with a unit is converted to it).
        A log all of whose lines the fast log reader took is a LazyLog of its columns (fastlog.py)."""
        if node is None:
            return []
        nodes = node.value if node.kind == SEQ and not node.flow else self.items(node, what)
        if nodes and all(entry.kind == ENTRIES for entry in nodes):
            columns = nodes[0].value if len(nodes) == 1 else [sum((n.value[c] for n in nodes), []) for c in range(7)]
            return LazyLog.of_columns(columns)
        entries: list[Completion] = []
        for entry in nodes:
            if entry.kind == ENTRIES:
                entries.extend(LazyLog.of_columns(entry.value).entries())  # read by fastlog.py
                continue
            completion = self.completion(entry, unit)
            if completion is not None:
                entries.append(completion)
        return entries

    def completion(self, node: Node, unit: str | None = None) -> Completion | None:
        found = self.fields(node, _("a completion"), LOG_KEYS, ("date",))
        date_node = found.get("date")
        if date_node is None:
            return None
        text = self.text(date_node, _("a completion's date"))
        if text is None:
            return None
        try:
            day = dates.parse_date(text, self.year)
        except dates.DateError as exc:
            self.error(date_node, _("a completion's date: {exc}").format(exc=dates.in_year(exc, self.year)))
            return None
        entry = Completion(date=day, pos=node.start)
        if (named := found.get("occurrence")) is not None and (text := self.text(named, _("'occurrence'"))):
            try:  # a day of the occurrence of a recurring task the entry counts for (status/occurrences.py)
                entry.occurrence = dates.parse_date(text, self.year)
            except dates.DateError as exc:
                self.error(named, _("'occurrence' (a day of the occurrence it counts for): {exc}").format(exc=exc))
        # An unreadable `by` or `unit` is "" (reported here), so no "needs 'by'" follows it in validate.py.
        if (by := found.get("by")) is not None:
            entry.by = self.ident(by, _("'by' (a person's id)")) or ""
        if (unit_node := found.get("unit")) is not None:
            entry.unit = self.ident(unit_node, _("'unit' (a unit's id)")) or ""
        entry.note = self.text(found.get("note"), _("a completion's note")) or None  # an empty note is no note
        if (amount := found.get("amount")) is not None:  # unreadable: NaN, so no "needs 'amount'" follows
            entry.amount = _or_nan(self.amount(amount, unit))
        if (at := found.get("at")) is not None and (stamp := self.text(at, _("'at'"))):
            try:  # with its UTC offset as planctl writes it, or without (local time; clock.instant orders both)
                entry.at = datetime.fromisoformat(stamp)
            except ValueError:
                self.error(at, _("'at' must be a timestamp such as 2026-11-25T08:30:00+08:00, not '{stamp}'").format(stamp=stamp))
        return entry


    def target(self, node: Node | None, what: str) -> targets.Target | None:
        """A quota's target: a number (at least that much), text (`≤ 20`, `不超过20`, `≥ 95%`, `95%`) or a
        mapping of one bound to a figure (`{at-most: 20}`, `{at-least: 95%}`); format/targets.py."""
        if node is None:
            return None
        bound = None
        if node.kind == MAP:
            pairs = list(node.pairs())
            if len(pairs) != 1 or pairs[0][0].value not in targets.BOUNDS:
                self.error(node, _("{what} as a mapping has one key, at-least or at-most ({example})").format(
                    what=what, example="{at-most: 20}"))
                return None
            bound, node = pairs[0][0].value, pairs[0][1]
        value = scalar_value(node) if node.kind == SCALAR else None
        if isinstance(value, str) and re.search(r"[0-9]", value):  # a word (五, five) is "not a number" below
            try:
                return targets.parse_target(value, bound)
            except targets.TargetError as exc:
                self.error(node, _("{what}: {exc}").format(what=what, exc=exc))
                return None
        number = self.number(node, what)
        return None if number is None else targets.Target(bound or targets.AT_LEAST, number, False)

    def target_unit(self, node: Node, written: str, unit: str, what: str) -> None:
        """A unit written after a target's figure (`不超过20次`) must be the quota's own (`unit:`); count
        words are one dimension (units.COUNT_WORDS), so `5篇以上` fits a quota of 次."""
        try:
            canonical = canonical_unit(written)
        except UnitError:
            canonical = ""
        same = canonical == unit or (is_count(canonical) and is_count(unit))
        if not same:
            self.error(node, _("{what}'s target is in '{written}', but the quota counts {unit}; "
                               "write the figure alone or in the quota's unit").format(what=what, written=written,
                                                                                        unit=describe_unit(unit)))

    def amount(self, node: Node, unit: str | None) -> float | None:
        """A completion's amount: a number in the quota's unit, or, in a quota's log, text with a unit as
        `planctl done --amount` takes it (2h, 90min, 3千字; units.parse_amount) converted to the quota's unit."""
        value = scalar_value(node) if node.kind == SCALAR else None
        if unit is None and isinstance(value, str) and re.match(r"\s*[-+]?[\d.]", value):
            self.error(node, _("a completion's amount: {exc}").format(exc=task_amount_problem(value)))
            return None
        if unit is None or not isinstance(value, str):
            return self.number(node, _("a completion's amount"))
        try:
            return parse_amount(value, unit)
        except UnitError as exc:
            self.error(node, _("a completion's amount: {exc}").format(exc=exc))
            return None


# Reader.fields: the module's tuples of keys as sets (by the tuple's id: these tuples live as long as the module)
_KEY_SETS: dict[int, frozenset[str]] = {id(keys): frozenset(keys) for keys in (
    TOP_KEYS, ROSTER_KEYS, PERSON_KEYS, GROUP_KEYS, UNIT_KEYS, PHASE_KEYS, TASK_KEYS, QUOTA_KEYS, LOG_KEYS)}
_PLAIN_TASK_KEYS = frozenset(("id", "title", "when", "repeat", "who", "note", "goal", "tasks", "quotas", "log"))
_NOT_TEXT = frozenset(("", "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE"))
_NUMBER_STARTS = frozenset("+-.0123456789")


def _text_of(node: Node | None) -> str | None:
    """What Reader.text reads from a scalar that is plainly text (quoted, or plain and no null,
    boolean or number: yamltree.plain_value), without a problem; None for anything else, which
    Reader.text then reads (and reports)."""
    if node is None or node.kind != SCALAR:
        return None
    value: str = node.value
    if not node.plain or (value not in _NOT_TEXT and value[0] not in _NUMBER_STARTS):
        return value
    return None


def _id_of(node: Node | None) -> str | None:
    """What Reader.ident reads from a scalar that plainly is an id, without a problem; None otherwise:
    `_text_of`, then ID_PATTERN, written out (two per task; the calls were most of its time)."""
    if node is None or node.kind != SCALAR:
        return None
    value: str = node.value
    if node.plain and (value in _NOT_TEXT or value[0] in _NUMBER_STARTS):
        return None
    return value if (_ascii_id(value) if value.isascii() else ID_PATTERN.match(value)) else None


_ascii_id = ID_PATTERN.ascii_match


def _columns_of(node: Node) -> LazyLog | None:
    """A log all of whose lines the fast log reader took, as Reader.log reads it; None otherwise."""
    if node.kind != SEQ or node.flow:
        return None
    nodes = node.value
    if len(nodes) == 1 and nodes[0].kind == ENTRIES:
        columns = nodes[0].value
        days = columns[0]
        return LazyLog(None, len(days), min(days), columns[6][0], 0, max(days), columns)  # LazyLog.of_columns, a call less
    return None


def _percent_target(node: Node) -> bool:
    """Whether a quota's target is written as a rate (`95%`, `{at-least: 95%}`): then `unit` may be left out."""
    if node.kind != MAP:
        return False
    target = next((value for key, value in node.pairs() if key.value == "target"), None)
    if target is not None and target.kind == MAP:
        target = next((value for _, value in target.pairs()), None)
    value = scalar_value(target) if target is not None and target.kind == SCALAR else None
    return isinstance(value, str) and value.strip().endswith(targets.PERCENT_WORDS)


# The Chinese words a writer may use for a key, and the keys each may mean (the first one the mapping allows
# is suggested). Keys stay English, one spelling each (they are the plan's interface, as JSON keys are): a
# Chinese word gets a did-you-mean, it is not read as the key. The roles' Chinese keys (牵头, 配合, …) are
# the exception, read as their keys (model.ROLE_KEYS).
CHINESE_KEYS: dict[str, tuple[str, ...]] = {
    "标题": ("title",), "名称": ("title", "name"), "题目": ("title",), "内容": ("title",), "事项": ("title",),
    "负责人": ("who",), "责任人": ("who",), "负责": ("who",), "责任单位": ("who",), "负责单位": ("who",),
    "时间": ("when", "date"), "时限": ("when",), "完成时间": ("when", "date"), "完成时限": ("when",),
    "起止时间": ("when",), "日期": ("date", "when"), "截止日期": ("when",),
    "备注": ("note",), "说明": ("note",), "注释": ("note",), "编号": ("id",), "序号": ("id",),
    "任务": ("tasks",), "子任务": ("tasks",), "阶段": ("phases",), "配额": ("quotas",), "指标": ("quotas",),
    "重复": ("repeat",), "目标": ("target", "goal"), "计量单位": ("unit",), "单位": ("unit", "units"),
    "时期": ("period",), "周期": ("period",), "期数": ("periods",), "名册": ("roster",), "人员": ("people", "members"),
    "成员": ("members",), "组": ("groups",), "完成记录": ("log",), "记录": ("log",), "完成人": ("by",),
    "数量": ("amount",), "年份": ("year",), "年度": ("year",), "前置任务": ("after",), "邮箱": ("email",),
    "姓名": ("name",), "按": ("per",), "计入": ("per",),
}


def _key_suggestion(name: str, allowed: tuple[str, ...]) -> str:
    """"; did you mean 'who'?" for an unknown key: the key a Chinese word names (CHINESE_KEYS: 负责人 → who),
    else the closest allowed key (difflib)."""
    meant = next((key for key in CHINESE_KEYS.get(name.strip(), ()) if key in allowed), None)
    return _("; did you mean '{choice}'?").format(choice=meant) if meant else did_you_mean(name, allowed)


def _misplaced(name: str, allowed: tuple[str, ...]) -> str | None:
    """What to say of a key that belongs to another kind of item (`repeat:` on a phase; the roster's
    `people:` or `groups:` written at the top of the plan)."""
    if name in ROSTER_KEYS and allowed is TOP_KEYS:
        return _("'{name}' goes under 'roster:' (roster: then {name}: indented below it)").format(name=name)
    if name != "repeat":
        return None
    if allowed is PHASE_KEYS:
        return _("'repeat' is for tasks (a phase does not repeat: put it on a task of the phase)")
    return None


def _or_nan(value: float | None) -> float:
    """A target that could not be read: NaN, so no follow-on "must be more than zero" is reported."""
    return math.nan if value is None else value


def _spaces_shown(value: str) -> str:
    """`value` with each space other than an ASCII one (a tab, a no-break space, an ideographic space) written
    as its escape (`\\t`, `\\xa0`, `\\u3000`): in a message about an id it is what to delete, and shows as a space."""
    from planctl.format.controls import escape

    return re.sub(r"[^\S ]", lambda found: "\\t" if found[0] == "\t" else escape(found[0]), value)


def _no_entries_here(node: Node) -> None:
    """Collapsed entry lines outside a log: read the file again without the fast path."""
    if node.kind == ENTRIES:
        raise MaskMismatch()


def what_node_is(node: Node) -> str:
    if node.kind == MAP:
        return _("a mapping")
    if node.kind == SEQ:
        return _("a list")
    value = scalar_value(node)
    if value is None:
        return _("nothing (null)")
    if isinstance(value, bool):
        return _("a boolean ({value})").format(value=node.value)
    if isinstance(value, int | float):
        return _("a number ({value})").format(value=node.value)
    return _("text ('{value}')").format(value=node.value) if len(node.value) <= 40 else _("text")


def resolve_windows(plan: Plan, problems: list[Problem]) -> None:
    """Resolve written windows to dates: a task without `when` inherits its parent's window."""
    ends: list[date | None] = []  # the plan's end, worked out for the first window written without one
    for phase in plan.phases:
        resolve_subtree(plan, phase, None, problems, ends)


def resolve_subtree(plan: Plan, item: Task | Quota, parent_window: dates.Window | None,
                    problems: list[Problem], ends: list[date | None] | None = None) -> None:
    """`resolve_windows` for one item and everything under it, under a parent of window `parent_window`;
    `ends` holds the plan's end once worked out (shared between calls)."""
    if ends is None:
        ends = []
    made: dict[tuple[dates.WhenSpec, dates.Window | None, date | None], dates.Window] = {}

    def plan_end(specs: list[dates.WhenSpec]) -> date | None:
        if not any(spec.open_end for spec in specs):
            return None
        if not ends:
            ends.append(plan.horizon or plan_end_of(plan))
        return ends[0]

    def resolve(spec: dates.WhenSpec | None, node: Node | None, parent: dates.Window | None,
                kind: str, outline: str) -> dates.Window | None:
        """The window of `spec` under `parent`; `kind` (_TASK_N, …) and `outline` name the item in a message,
        put into words (`Said`) only then."""
        if spec is None:
            return parent
        end = plan_end([spec]) if spec.open_end else None
        try:
            window = made.get((spec, parent, end)) or made.setdefault((spec, parent, end), spec.resolve(
                plan.year, parent, end, plan.week1))  # a plan repeats windows under one parent
        except dates.DateError as exc:
            problems.append(Problem(_when_at(node), _("{what}: {exc}").format(what=Said(_WINDOW_OF, Said(kind, outline=outline)),
                                                                              exc=exc)))  # as Reader.when
            return None
        if spec.open_end and end is None and (parent is None or parent.end < window.start):
            what = Said(_WINDOW_OF, Said(kind, outline=outline))
            problems.append(Problem(_when_at(node),
                                    _("{what}: {exc}").format(what=what, exc=_(
                                        "'{text}' has no end, and the plan none: it ends on {end}; set the plan's "
                                        "`horizon:` or write its end (…至…)").format(text=spec.text, end=window.end.isoformat())),
                                    WARNING))
        return window

    def visit(task: Task, parent_window: dates.Window | None) -> None:
        task.window = resolve(task.when, task.node, parent_window, _TASK_N if task.parent else _PHASE_N, task.outline)
        for quota in task.quotas:
            resolve_quota(quota, task.window)
        for sub in task.tasks:
            visit(sub, task.window)

    def resolve_quota(quota: Quota, parent_window: dates.Window | None) -> None:
        if quota.periods:
            periods_node = quota.node.get("periods") if quota.node is not None else None
            resolved = dates.resolve_periods(quota.periods, plan.year, parent_window, plan_end(quota.periods), plan.week1)

            def at(i: int) -> int:
                return periods_node.value[i].start if periods_node is not None and periods_node.kind == SEQ else quota.pos

            for i, window in enumerate(resolved):
                if isinstance(window, dates.DateError):
                    what = _("{what}'s period {n}").format(what=_("quota {outline}").format(outline=quota.outline), n=i + 1)
                    problems.append(Problem(at(i), _("{what}: {exc}").format(what=what, exc=window)))  # as Reader.when
            for i, j in dates.overlaps(resolved):
                message = _("period '{text}' overlaps period '{text2}'; the periods of a list must not share a day").format(
                    text=quota.periods[j].text, text2=quota.periods[i].text)
                problems.append(Problem(at(j), message))
            windows = [w for w in resolved if isinstance(w, dates.Window)]
            quota.period_windows = sorted(windows, key=lambda w: w.start)
            if windows:
                quota.window = dates.Window(quota.period_windows[0].start, max(w.end for w in windows))
            return
        quota.window = resolve(quota.when, quota.node, parent_window, _QUOTA_N, quota.outline)
        quota.period_windows = periods_in(quota.repeat, quota.period, quota.weeks or plan.weeks, quota.window)

    if isinstance(item, Quota):
        resolve_quota(item, parent_window)
    else:
        visit(item, parent_window)


def _when_at(node: Node | None) -> int:
    """Where an item's `when:` value starts (0 when it has none)."""
    where = node.get("when") if node is not None else None
    return where.start if where is not None else 0


def plan_end_of(plan: Plan) -> date | None:
    """The plan's end when it sets no `horizon:`: the latest last day of a window written with an end
    (a window without one, 2015年8月10日起, runs until it); None when there is none."""
    ends = []
    for item in plan.items():
        for spec in [item.when, *(item.periods if isinstance(item, Quota) else [])]:
            if spec is None or spec.open_end:
                continue
            try:
                ends.append(spec.resolve(plan.year, None, None, plan.week1).end)
            except dates.DateError:
                continue  # reported where it is resolved
    return max(ends, default=None)
