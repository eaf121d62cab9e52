"""`planctl check`: report every problem in a plan, sorted by position."""

from __future__ import annotations

import re
import sys
from collections import deque
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from functools import lru_cache
from itertools import accumulate, chain, compress, filterfalse, islice, repeat
from operator import attrgetter, itemgetter
from pathlib import Path

from planctl.commands.common import load_plan
from planctl.errors import ERROR, EXIT_OK, EXIT_PROBLEMS, WARNING, PlanctlError, Problem
from planctl.format.loaded import Loaded
from planctl.i18n import _, filler, ngettext
from planctl.model import Roster
from planctl.output.diagnostics import format_problems, formatted_problems, problems_json, summary
from planctl.status.history import Repeat, RepeatedDay, done_repeats, repeated_by_day, repeated_entries
from planctl.status.states import moved_entry_warnings
from planctl.store.discover import find_plan

BY_PLACE = attrgetter("offset", "message")  # problems in position order (a key in C: a check may have 250,000)
_made = tuple.__new__  # a Problem of all its fields, without the Python call of its class (a check makes 180,000)


def _git_problems(path: Path) -> list[Problem]:
    """A warning when git holds the plan unmerged (docs/git.md): the file may lack the other side's completions.
    A warning as every other command says it (git/unmerged.py `warning_lines`), so that `check` and `due` count
    the same errors in the plan (`loaded.errors`); `check` still exits 1 for it (README "Exit codes")."""
    from planctl.git.unmerged import unmerged

    found = unmerged(path)
    return [] if found is None else [Problem(0, found.message(), WARNING, line=0, column=0, hint=found.hint())]


def _checked(loaded: Loaded, said_once_later: dict[str, list[int]] | None = None, worded: set[str] | None = None) -> list[Problem]:
    """Everything `check` reports of the plan itself: its problems, the moved-window entries, the entries
    dated before the plan and the hidden characters, in position order. With `said_once_later` (the text
    `said_once` prints) the entries alike are given once per message, at its first place: said once already
    (its count and lines in its words, the message put into `worded`), or, when another problem says the same,
    with the lines of its other places put into `said_once_later` (`_with_repeats`)."""
    return _with_hidden_characters(loaded, _with_repeats(loaded, _with_entries_before_the_plan(loaded, _with_moved_entries(loaded)),
                                                         said_once_later, worded))


def _with_entries_before_the_plan(loaded: Loaded, problems: list[Problem]) -> list[Problem]:
    """`problems` and a warning at each completion of a task dated before the plan starts (`Plan.span`):
    most likely a year typed wrong (1月5日 read in the wrong year; `done --date` refuses such a day now)."""
    from planctl.model import entries_within, logged_by

    plan = loaded.plan
    if plan is None or loaded.errors or (span := plan.span()) is None:
        return problems
    before = span.start - timedelta(days=1)
    found = [Problem(entry.pos, _("{day} is before the plan starts ({start}): a year typed wrong? It counts as done "
                                  "all the same").format(day=entry.date.isoformat(), start=span.start.isoformat()), WARNING)
             for task in plan.walk() if logged_by(task.log, before) for entry in entries_within(task.log, date.min, before)]
    if not found:
        return problems
    return sorted([*problems, *loaded.source.locate_all(found)], key=BY_PLACE)


def _with_repeats(loaded: Loaded, problems: list[Problem], said_once_later: dict[str, list[int]] | None = None,
                  worded: set[str] | None = None) -> list[Problem]:
    """`problems` and a warning at each entry alike an earlier one of its log (status/history.py `repeats`:
    `done`'s own rule): one completion perhaps recorded twice, as a merge keeps a completion logged by hand
    on one clone and with `done` on another (docs/git.md). With `said_once_later`, each message of the entries
    alike is one problem at its first place, in `said_once`'s words (`_alike_at_first_places`; a check of a plan
    of 100,000 tasks finds 260,000 entries alike, 107,000 messages: a Problem located and looked at by
    `said_once` for each took a second, and said once by it 0.3 s more)."""
    plan = loaded.plan
    if plan is None or loaded.errors:
        return problems
    messages: dict[tuple[str, date, str | None], str] = {}  # one message made (and held) per pair said alike
    words = _repeat_wording(plan.roster)

    def said(item_id: str, day: date, by: str | None) -> str:
        message = messages[item_id, day, by] = words(item_id, day, by)
        return message

    found = [] if said_once_later is not None else \
        [Problem(pos, messages.get((item.id, day, by)) or said(item.id, day, by), WARNING) for item, pos, day, by in repeated_entries(plan)]
    found += [Problem(repeat.entry.pos, repeat_message(plan.roster, repeat), WARNING)
              for task in plan.walk() if task.repeat is not None and len(task.log) > 1
              for repeat in done_repeats(plan, task) if not repeat.done_twice]  # one occurrence done twice, not alike
    said_alike: set[str] = set()
    located = [] if said_once_later is None else \
        _alike_at_first_places(loaded, plan.roster, said_once_later, {p.message for p in chain(problems, found)}, said_alike)
    if worded is not None:
        worded |= said_alike
    if not found and not located:
        return problems
    others = [*problems, *loaded.source.locate_all(found)]
    if len(said_alike) == len(located) and len({(p.offset, p.message) for p in others}) == len(others):
        # no two problems at one place say the same (the entries alike: each its own place and words), so the
        # Problems' own order is BY_PLACE's, without a key made for each of 107,000 warnings
        return sorted([*others, *located])
    return sorted([*problems, *located, *others[len(problems):]], key=BY_PLACE)


def _alike_at_first_places(loaded: Loaded, roster: Roster, later: dict[str, list[int]], taken: set[str],
                           worded: set[str]) -> list[Problem]:
    """One located warning of entries alike per message (`repeated_by_day`), at its first place, in the words
    `said_once` gives it (its message put into `worded`); a message of another problem too (in `taken`) keeps
    its own words, and the lines of its other places, in order, are put into `later` for `said_once`."""
    wording = _RepeatWording(roster)
    # by what the message says: a group per item, day and the words naming who (two people of one name: one message)
    found = repeated_by_day(loaded.plan, wording.whos) if loaded.plan is not None else []
    groups = list(map(itemgetter(3), found))
    deque(map(list.sort, groups), maxlen=0)  # each group's places in order (a log is read in order: already so)
    source = loaded.source
    lines = source.lines_of(list(chain.from_iterable(groups)))
    counts = list(map(len, groups))
    at = [0, *accumulate(counts)]  # where each group's lines start in `lines`
    firsts, first_lines = list(map(itemgetter(0), groups)), list(map(lines.__getitem__, at[:-1]))
    suspects = {message for message in taken if wording.literal in message}  # worded as entries alike too: none in practice
    if not suspects:
        said = wording.said
        messages = list(map(said, found, map(lines.__getitem__, map(slice, at, at[1:]))))
        worded.update(messages)
    else:
        messages = [wording.worded(item.id, day, who) for item, day, who, _places in found]
        for n in compress(range(len(groups)), map((1).__lt__, counts)):  # a message of more places than one
            if messages[n] in suspects:
                later[messages[n]] = lines[at[n] + 1: at[n + 1]]
            else:
                messages[n] = said_once_wording(messages[n], lines[at[n]: at[n + 1]])
        worded.update(filterfalse(suspects.__contains__, messages))
    columns = source.columns_of(firsts, first_lines)
    return list(map(_made, repeat(Problem), zip(firsts, messages, repeat(WARNING), first_lines, columns, repeat(""), strict=False)))


def repeat_message(roster: Roster, repeat: Repeat) -> str:
    """The warning of an entry alike an earlier one, and how to remove one of the two."""
    entry = repeat.entry
    who = _(" by {name}").format(name=roster.name_of(entry.by)) if entry.by else ""
    if repeat.occurrence is not None or repeat.done_twice:  # the two told in time order, whichever the file has first
        first, entry = sorted((repeat.first, entry), key=lambda e: (e.date, e.at.timestamp() if e.at else float("-inf")))
        first_who = _(" by {name}").format(name=roster.name_of(first.by)) if first.by else ""
        who = _(" by {name}").format(name=roster.name_of(entry.by)) if entry.by else ""
        if repeat.done_twice:
            share = _(" for {name}").format(name=roster.name_of(repeat.share)) if repeat.share else ""
            return _("{id} is logged as done twice{share}, on {first}{first_who} and on {day}{who}: it counts once; if it was "
                     "done once, only the later entry ({day}) is to go: 'planctl undo' in the clone that recorded it, or "
                     "delete its line").format(
                id=repeat.item.id, share=share, first=first.date.isoformat(), first_who=first_who, day=entry.date.isoformat(),
                who=who)
        key = (_("{key} of {name}").format(key=repeat.occurrence, name=roster.name_of(repeat.share)) if repeat.share
               else repeat.occurrence)
        return _("{id}: the occurrence of {key} is logged twice, on {first}{first_who} and on {day}{who}: it counts "
                 "once; if it was done once, only the later entry ({day}) is to go: 'planctl undo' in the clone that "
                 "recorded it, or delete its line").format(id=repeat.item.id, key=key, first=first.date.isoformat(), first_who=first_who,
                                           day=entry.date.isoformat(), who=who)
    return _repeat_words(roster, repeat.item.id, repeat.entry.date, repeat.entry.by)


def _repeat_words(roster: Roster, item_id: str, day: date, by: str | None) -> str:
    return _repeat_wording(roster)(item_id, day, by)


def _repeat_wording(roster: Roster) -> Callable[[str, date, str | None], str]:
    """`_repeat_words` of `roster`, its words translated once (a check may say 100,000 of them)."""
    return _RepeatWording(roster).worded_by


class _Whos(dict[str | None, str]):
    """The words naming who logged entries alike (" by 张伟"), by `by`, each made once."""

    def __init__(self, roster: Roster) -> None:
        super().__init__({None: ""})
        self.name_of, self.words = roster.name_of, _(" by {name}")

    def __missing__(self, by: str) -> str:
        who = self[by] = self.words.format(name=self.name_of(by)) if by else ""
        return who


class _DayTexts(dict[date, str]):
    """Each day's ISO text, made once."""

    def __missing__(self, day: date) -> str:
        text = self[day] = day.isoformat()
        return text


class _RepeatWording:
    """The words of the warnings of entries alike of a roster's plan, translated once: `worded_by` an entry's `by`,
    `worded` by the words naming who (`whos`), `said` the message said once with the lines of its places."""

    def __init__(self, roster: Roster) -> None:
        template = _("{id} has two entries alike on {day}{who}: it may be one completion recorded twice; if so, only the "
                     "later entry is to go: 'planctl undo' in the clone that recorded it, or delete its line")
        self.template, self.alike = template, filler(template, "id", "day", "who")
        self.literal = max(re.split(r"\{[^{}]*\}", template), key=len)  # in every message of these words
        self.whos, self.days = _Whos(roster), _DayTexts()
        self._counted: dict[int, Callable[..., str]] = {}

    def worded_by(self, item_id: str, day: date, by: str | None) -> str:
        return self.alike(item_id, self.days[day], self.whos[by])

    def worded(self, item_id: str, day: date, who: str) -> str:
        return self.alike(item_id, self.days[day], who)

    def said(self, group: RepeatedDay, lines: list[int]) -> str:
        """The message of a group of entries alike (`repeated_by_day` by `whos`) at `lines` (in order), said once
        (`said_once_wording`) when they are more than one, in one filling."""
        count = len(lines)
        if count == 1:
            return self.alike(group[0].id, self.days[group[1]], group[2])
        words = self._counted.get(count)
        if words is None:
            words = self._counted[count] = self._counted_words(count)
        return words(group[0].id, self.days[group[1]], group[2], count, _shown_lines(lines))

    def _counted_words(self, count: int) -> Callable[..., str]:
        counted = _said_once_template(count)
        if counted.count("{message}") == 1 and "{{" not in counted and "}}" not in counted:
            return filler(counted.replace("{message}", self.template), "id", "day", "who", "n", "lines")
        said = _said_once_filler(counted)
        return lambda item_id, day, who, n, lines: said(self.alike(item_id, day, who), n, lines)


def _with_hidden_characters(loaded: Loaded, problems: list[Problem]) -> list[Problem]:
    """`problems` and, among them by position, a warning for each text field holding a hidden
    character (format/textcheck.py: only `check` looks for them)."""
    from planctl.format.textcheck import hidden_characters

    hidden = hidden_characters(loaded.source.text, loaded.plan, read_cleanly=not loaded.errors, by_fasttree=loaded.by_fasttree,
                               raw=loaded.source.raw)
    if not hidden:
        return problems
    located = loaded.source.locate_all(hidden)
    return sorted([*problems, *located], key=lambda problem: (problem.line == 0, problem.offset))


def _with_moved_entries(loaded: Loaded) -> list[Problem]:
    """The plan's problems and its quota entries outside the periods of a window that moved with a task
    (status/states.py `moved_entry_warnings`: validate.py cannot place it), in position order."""
    plan = loaded.plan
    if plan is None or loaded.errors:
        return loaded.problems
    found = [p for quota in plan.quotas() for p in moved_entry_warnings(plan, quota, quota.log)]
    if not found:
        return loaded.problems
    return sorted([*loaded.problems, *loaded.source.locate_all(found)], key=BY_PLACE)


SHOWN_LINES = 5  # the lines a warning said once names, before "…"


def _said_once_template(count: int) -> str:
    return ngettext("{message} ({n} entry: line {lines})", "{message} ({n} entries: lines {lines})", count)


def _shown_lines(lines: list[int]) -> str:
    """The lines a warning said once names: its first SHOWN_LINES, then "…"."""
    return ", ".join(map(str, lines[:SHOWN_LINES])) + (", …" if len(lines) > SHOWN_LINES else "")


def said_once_wording(message: str, lines: list[int]) -> str:
    """`message` said once for its places at `lines` (two or more, in order): with how many entries it stands
    for and their first SHOWN_LINES lines."""
    return _said_once_filler(_said_once_template(len(lines)))(message, len(lines), _shown_lines(lines))


@lru_cache(maxsize=16)
def _said_once_filler(template: str) -> Callable[..., str]:
    return filler(template, "message", "n", "lines")


def said_once(problems: list[Problem], later: dict[str, list[int]] | None = None, worded: set[str] | None = None) -> list[Problem]:
    """`problems` with a warning repeated word for word (a person's day over 24 hours, at each of its 30
    entries) said once, at its first place, with how many entries it stands for and their lines; each stays
    in --json (a tool reads every place). Errors are each said. `later`: the lines of more places of a
    warning given once in `problems` (`_checked`), by message; `worded`: the messages of `problems` said once
    already (`_alike_at_first_places`), left as they are."""
    lines: dict[str, list[int]] = {}
    worded = worded or set()
    for problem in problems:
        if problem.severity != ERROR and problem.message not in worded:
            where = lines.get(problem.message)
            if where is None:
                lines[problem.message] = [problem.line]
            else:
                where.append(problem.line)
    for message, more in (later or {}).items():
        where = lines[message]
        alone = len(where) == 1  # the usual: one located problem, its place the first (_alike_at_first_places)
        where += more
        if not alone or where[0] > more[0]:
            where.sort()  # the places in order: a line grows with the offset
    if all(len(where) == 1 for where in lines.values()):
        return list(problems)  # the usual: each message said once already
    out = []
    for problem in problems:
        where = lines.get(problem.message) if problem.severity != ERROR else None
        if where is None or len(where) < 2:
            out.append(problem)
        elif where[0] == problem.line and where[0] != -1:
            out.append(_made(Problem, (problem.offset, said_once_wording(problem.message, where), problem.severity, problem.line,
                                       problem.column, problem.hint)))
            where[0] = -1  # said
    return out


def _print_lines(texts: Iterable[str], batch: int = 512) -> None:
    """`print` each text, `batch` of them at a time (a check may print 100,000: a call each took 0.1 s more)."""
    write, texts = sys.stdout.write, iter(texts)
    while chunk := list(islice(texts, batch)):
        write("\n".join(chunk) + "\n")


def run(plan_option: str | None, *, as_json: bool, quiet: bool = False) -> int:
    path = find_plan(plan_option)
    loaded = load_plan(str(path))
    git_problems = _git_problems(path)
    if as_json:
        print(problems_json(loaded.source, [*_checked(loaded), *git_problems]))
    else:
        later: dict[str, list[int]] = {}  # the lines of the later places of each warning said once
        worded: set[str] = set()  # the warnings said once already
        problems = said_once(_checked(loaded, later, worded), later, worded)
        _print_lines(formatted_problems(loaded.source, problems))
        if git_problems:
            print(format_problems(loaded.source, git_problems))
        problems = [*problems, *git_problems]
        if not quiet or problems:
            counts = ""
            if loaded.plan is not None:
                plan = loaded.plan
                phases, tasks, quotas = len(plan.phases), len(plan.walk()) - len(plan.phases), len(plan.quotas())
                counts = _(" ({phases}, {tasks}, {quotas})").format(
                    phases=ngettext("{n} phase", "{n} phases", phases).format(n=phases),
                    tasks=ngettext("{n} task", "{n} tasks", tasks).format(n=tasks),
                    quotas=ngettext("{n} quota", "{n} quotas", quotas).format(n=quotas))
            print(summary(loaded.source, problems, counts))
    return EXIT_PROBLEMS if loaded.errors or git_problems else EXIT_OK


def run_many(plan_options: list[str | None], *, as_json: bool, quiet: bool = False) -> int:
    """Check each plan (pre-commit passes every matching file at once), every one even when one is missing or
    unreadable (that one reported as an error where it comes); the worst exit code wins (README "Exit codes")."""
    if len(plan_options) == 1:
        return run(plan_options[0], as_json=as_json, quiet=quiet)
    if as_json:
        import json

        rows = []
        worst = EXIT_OK
        for option in plan_options:
            try:
                path = find_plan(option)
                loaded = load_plan(str(path))
            except PlanctlError as exc:
                rows.append({"path": option, "line": 0, "column": 0, "severity": "error", "message": exc.message})
                worst = max(worst, exc.exit_code)
                continue
            git_problems = _git_problems(path)
            rows += json.loads(problems_json(loaded.source, [*_checked(loaded), *git_problems]))
            worst = max(worst, EXIT_PROBLEMS if loaded.errors or git_problems else EXIT_OK)
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return worst
    return max(_run_one(option, quiet) for option in plan_options)


def _run_one(plan_option: str | None, quiet: bool) -> int:
    """`run` for one of several plans: a plan that cannot be checked is told on stderr, and the next is checked."""
    try:
        return run(plan_option, as_json=False, quiet=quiet)
    except PlanctlError as exc:
        sys.stdout.flush()
        print(_("planctl: error: {message}").format(message=exc.message), file=sys.stderr)
        if exc.hint:
            print(_("planctl: hint: {hint}").format(hint=exc.hint), file=sys.stderr)
        return exc.exit_code
