"""The quick way into the commands people run most: the usual command line run without Typer.

Importing Typer (and the Click and pydantic it carries) is about a third of a short command's start-up,
and the morning `due`, the `done` after each piece of work (and the `undo` that should cost no more than it:
issue 20), the views (`status`, `report`, `timeline`, `list`, `show`, `export ics|json`) and `check` (a
pre-commit hook's, and the first command after a clone, which issue 20 times) are what people type. When the command line is one these
tables read exactly as Click would, `cli.main` runs the command from here; anything else (help, shell
completion, a mistake, an option not in these tables, an option given twice, `--`, grouped short flags,
a value that starts with `-`, a lone `-`) goes to the Typer app, which then prints what it prints. So the
messages of a mistake are always Typer's, and this way never has to say anything of its own.

The tables name each option once for this reader (COMMANDS, and GROUPS for `export`'s commands); the
Typer commands in cli/app.py, cli/views.py and cli/extra.py declare the same options with their help.
tests/test_quick.py holds the two together: every option, flag, default and argument here is the Typer
command's (and none is missing), and both ways give the same output, errors and exit code for a table of
command lines, in English and in Chinese (tests/test_views_quick.py for the views). A command is a row:
its options, its arguments, how the root's options reach it, and the name of its body below (`due`,
`done`, `status`, ...), which the Typer command calls too.
"""

from __future__ import annotations

from typing import Any

from planctl.records import NamedTuple

TYPE_CHECKING = False  # not typing's: cli.main imports this module on every run
if TYPE_CHECKING:
    from collections.abc import Callable

FLAG = "flag"  # takes no value: True when given
TEXT = "text"  # takes the next word (or `--option=value`) as it is
WHOLE = "whole"  # takes a whole number written in ASCII digits (Click's INT reads more: those go to Typer)


class Option(NamedTuple):
    name: str  # the parameter's name in the Typer command
    kind: str  # FLAG, TEXT or WHOLE


def _options(*rows: tuple[tuple[str, ...], str, str]) -> dict[str, Option]:
    """{spelling: Option} from rows of (spellings, parameter name, kind)."""
    return {spelling: Option(name, kind) for spellings, name, kind in rows for spelling in spellings}


class Command(NamedTuple):
    options: dict[str, Option]  # every spelling the command takes, root options after it included
    defaults: dict[str, Any]  # each parameter's value when its option is not given
    arguments: tuple[str, ...]  # the required arguments, in order
    from_root: tuple[str, ...]  # the root options given before the command (or its group) that become its defaults
    body: str  # the function of this module that runs it, called with every parameter by name
    optional: tuple[str, ...] = ()  # the arguments that may be left out, after the required ones
    root_quiet: bool = False  # its "quiet" is the root's -q after the command (cli.app.RootOptionsGroup), not its own
    today_from_environment: bool = False  # its "today" falls back to $PLANCTL_TODAY (cli.app.TodayOption)
    paged: bool = False  # long output on a terminal goes to the pager (cli.error_handler.paged)
    asks: bool = False  # it may put a yes/no question: its body takes `ask`
    rest: str | None = None  # the argument that takes every word after the others (`check`'s plans), a list; None: none


class Group(NamedTuple):
    """A command with commands of its own (`export ics`): its options, given between its name and theirs,
    become its commands' defaults over the root's (cli.app.pass_root_options_down, once more)."""

    options: dict[str, Option]
    commands: dict[str, Command]


# The root's options before the command (`planctl -f plan.yaml --today D due`). --version, --help and the
# completion options are left to Typer.
ROOT = _options((("--plan", "-f"), "plan", TEXT), (("--today",), "today", TEXT), (("--quiet", "-q"), "quiet", FLAG),
                (("--no-pager",), "no_pager", FLAG))
ROOT_DEFAULTS: dict[str, Any] = {"plan": None, "today": None, "quiet": False, "no_pager": False}
ROOT_PASSED_DOWN = ("plan", "today")  # cli.app.pass_root_options_down: root options that become a command's defaults

# Options several commands share, as cli.app spells them (PlanOption, TodayOption, JsonOption, the root's -q after
# a command, the views' --phase and --who).
PLAN = (("--plan", "-f"), "plan", TEXT)
TODAY = (("--today",), "today", TEXT)
JSON = (("--json",), "as_json", FLAG)
ROOT_QUIET = (("--quiet", "-q"), "quiet", FLAG)
PHASE = (("--phase", "-p"), "phase", TEXT)
WHO = (("--who", "-w"), "who", TEXT)
OUTPUT = (("--output", "-o"), "output", TEXT)


def _view(body: str, *rows: tuple[tuple[str, ...], str, str], defaults: dict[str, Any], arguments: tuple[str, ...] = (),
          optional: tuple[str, ...] = (), paged: bool = True) -> Command:
    """A command that reads the plan and looks from a day (--today, else $PLANCTL_TODAY), the root's -q
    after its name; `rows` and `defaults`: its other options."""
    return Command(_options(*rows, TODAY, ROOT_QUIET), {**defaults, "today": None, "quiet": None}, arguments,
                   ROOT_PASSED_DOWN, body, optional, root_quiet=True, today_from_environment=True, paged=paged)


COMMANDS = {
    "due": _view("due", PLAN, (("--days", "-d"), "days", WHOLE), PHASE, WHO, (("--all", "-a"), "show_all", FLAG), JSON,
                 (("--strict",), "strict", FLAG),
                 defaults={"plan": None, "days": 7, "phase": None, "who": None, "show_all": False, "as_json": False,
                           "strict": False}),
    "done": Command(
        _options(PLAN, (("--date",), "on", TEXT), (("--by", "-b"), "by", TEXT),
                 (("--unit", "-u"), "unit", TEXT), (("--amount", "-n"), "amount", TEXT), (("--note", "-m"), "note", TEXT),
                 (("--again",), "again", FLAG), (("--commit",), "commit", FLAG), (("--quiet", "-q"), "quiet", FLAG),
                 JSON, (("--yes", "-y"), "yes", FLAG), (("--future",), "future", FLAG),
                 (("--for", "--occurrence"), "occurrence", TEXT), TODAY),
        {"plan": None, "on": None, "by": None, "unit": None, "amount": None, "note": None, "again": False,
         "commit": False, "quiet": False, "as_json": False, "yes": False, "future": False, "occurrence": None,
         "today": None},
        ("target",), ROOT_PASSED_DOWN, "done", asks=True),
    "undo": Command(
        _options(PLAN, (("--yes", "-y"), "yes", FLAG), (("--quiet", "-q"), "quiet", FLAG), JSON,
                 TODAY),  # the root's --today after the command, unused (cli.app.RootOptionsGroup)
        {"plan": None, "yes": False, "quiet": False, "as_json": False, "today": None},
        (), ROOT_PASSED_DOWN, "undo", asks=True),
    "check": Command(_options(PLAN, JSON, (("--quiet", "-q"), "quiet", FLAG),
                              TODAY),  # the root's --today after the command, unused (cli.app.RootOptionsGroup)
                     {"plan": None, "as_json": False, "quiet": False, "today": None, "plan_args": None}, (),
                     ROOT_PASSED_DOWN, "check", paged=True, rest="plan_args"),
    "status": _view("status", PLAN, PHASE, WHO, JSON, defaults={"plan": None, "phase": None, "who": None, "as_json": False}),
    "list": _view("list_", PLAN, PHASE, WHO, JSON, defaults={"plan": None, "phase": None, "who": None, "as_json": False}),
    "show": _view("show", PLAN, JSON, defaults={"plan": None, "as_json": False}, arguments=("target",)),
    "timeline": _view("timeline", PLAN, PHASE, (("--from",), "start", TEXT), (("--to",), "end", TEXT),
                      (("--width", "-W"), "width", WHOLE), (("--svg",), "svg", TEXT), (("--html",), "html", TEXT), JSON,
                      WHO, defaults={"plan": None, "phase": None, "start": None, "end": None, "width": None,
                                     "svg": None, "html": None, "as_json": False, "who": None}),
    "report": _view("report", PLAN, (("--week",), "week", FLAG), (("--month",), "month", FLAG),
                    (("--from",), "start", TEXT), (("--to",), "end", TEXT), PHASE, WHO,
                    (("--format", "-F"), "fmt", TEXT), OUTPUT,
                    defaults={"when": None, "plan": None, "week": False, "month": False, "start": None, "end": None,
                              "phase": None, "who": None, "fmt": None, "output": None},
                    optional=("when",)),
}

GROUPS = {
    "export": Group(_options(PLAN, TODAY), {
        "ics": _view("export_ics", PLAN, OUTPUT, defaults={"plan": None, "output": None}, paged=False),
        "json": _view("export_json", PLAN, OUTPUT, defaults={"plan": None, "output": None}, paged=False),
    }),
}


def _no_pager_after(command: Command) -> Command:
    """`command` taking the root's --no-pager after its name too, as every Typer command does
    (cli.app.RootOptionsGroup)."""
    return command._replace(options={**command.options, **_options(NO_PAGER)},
                            defaults={**command.defaults, "no_pager": None})


NO_PAGER = (("--no-pager",), "no_pager", FLAG)
COMMANDS = {name: _no_pager_after(command) for name, command in COMMANDS.items()}
GROUPS = {name: group._replace(commands={sub: _no_pager_after(command) for sub, command in group.commands.items()})
          for name, group in GROUPS.items()}


class Call(NamedTuple):
    words: list[str]  # the command line, without the program's name
    name: str  # the command's name: "due", "undo", "export ics"
    command: Command
    root: dict[str, Any]  # the root's options (ROOT_DEFAULTS' keys)
    given: dict[str, Any]  # the command's options and arguments as given, by parameter name
    above: dict[str, Any]  # the options of the group the command is in, as given (`export -f P ics`)


def read(args: list[str]) -> Call | None:
    """The command line (without the program's name) as a Call, or None when Typer is to read it."""
    root: dict[str, Any] = {}
    rest = _read_options(args, ROOT, root, stop_at_word=True)
    if not rest:
        return None
    above: dict[str, Any] = {}
    commands, name = COMMANDS, rest[0]
    group = GROUPS.get(name)
    if group is not None:
        rest = _read_options(rest[1:], group.options, above, stop_at_word=True)
        if not rest:
            return None
        commands, name = group.commands, f"{name} {rest[0]}"
    command = commands.get(rest[0])
    if command is None:
        return None
    given: dict[str, Any] = {}
    words = _read_options(rest[1:], command.options, given, stop_at_word=False)
    if words is None or not len(command.arguments) <= len(words):
        return None
    fixed = len(command.arguments) + len(command.optional)
    if command.rest is not None and len(words) > fixed:
        given[command.rest] = words[fixed:]
    elif len(words) > fixed:
        return None
    given.update(zip(command.arguments + command.optional, words, strict=False))
    return Call(args, name, command, {**ROOT_DEFAULTS, **root}, given, above)


def _read_options(args: list[str], table: dict[str, Option], into: dict[str, Any], *, stop_at_word: bool) -> list[str] | None:
    """Fill `into` from the options in `args`; the other words (from the first one on when
    `stop_at_word`), or None when something here is not for this reader."""
    words: list[str] = []
    i = 0
    while i < len(args):
        word = args[i]
        if word == "-":  # a file name for some commands, a value for others: Typer decides
            return None
        if not word.startswith("-"):
            if stop_at_word:
                return args[i:]
            words.append(word)
            i += 1
            continue
        spelling, equals, attached = word.partition("=") if word.startswith("--") else (word, "", "")
        option = table.get(spelling)
        if option is None or option.name in into:
            return None
        if option.kind == FLAG:
            if equals:
                return None
            into[option.name] = True
            i += 1
            continue
        if not equals:
            if i + 1 == len(args):
                return None
            attached, i = args[i + 1], i + 1
        value = _value(option, attached)
        if value is None:
            return None
        into[option.name] = value
        i += 1
    return words


def _value(option: Option, text: str) -> str | int | None:
    if text.startswith("-"):  # Click may read it as the value or as an option: Typer decides
        return None
    if option.kind == WHOLE:
        return int(text) if text.isascii() and text.isdigit() else None
    return text


def run(call: Call, ask: Callable[[str], bool]) -> int:
    """Run the command as its Typer command would after reading the same command line: the language
    chosen afresh (as cli.translate.TranslatedGroup does: a --json run's stdout JSON is built in English
    by the command itself, its messages follow the reader), the root's settings, the root's (and its
    group's) --plan/--today as defaults, errors through cli.error_handler. `ask`: as `done`'s."""
    from planctl import i18n

    i18n.reset()
    try:
        return _run(call, ask)
    finally:
        i18n.reset()


def _run(call: Call, ask: Callable[[str], bool]) -> int:
    from planctl.cli.error_handler import guarded, paged

    settle_root(call.root["quiet"], call.root["no_pager"])
    command = call.command
    above = {**call.root, **call.above}
    params = {**command.defaults, **{name: above[name] for name in command.from_root if above[name] is not None},
              **call.given}
    if command.root_quiet and params.pop("quiet"):
        quiet_after_command()
    if params.pop("no_pager"):
        from planctl.output import pager

        pager.disabled = True
    if command.today_from_environment:
        params["today"] = today_from_environment(params["today"])
    if command.asks:
        params["ask"] = ask
    body: Callable[..., int] = globals()[command.body]
    if command.paged:
        body = paged(body)
    return guarded(lambda: body(**params), SystemExit)


def settle_root(quiet: bool, no_pager: bool) -> None:
    """The root options' settings for the run (set on every run: tests run many in one process)."""
    from planctl.output import messages, pager

    messages.quiet = quiet
    pager.disabled = no_pager


def quiet_after_command() -> None:
    """`planctl CMD -q`: as `planctl -q CMD`."""
    from planctl.output import messages

    messages.quiet = True


def today_from_environment(value: str | None) -> str | None:
    """A command's --today, else the root's (Click's `default_map`), else $PLANCTL_TODAY, else None (the real day).

    Not Click's `envvar`: Click reads the environment before `default_map`, so `planctl --today X due` lost to
    $PLANCTL_TODAY (issue 21). An option on the command line always beats the environment. An empty
    $PLANCTL_TODAY counts as unset here (commands.due names it)."""
    import os

    return value if value is not None else os.environ.get("PLANCTL_TODAY") or None


def due(plan: str | None, today: str | None, days: int, phase: str | None, who: str | None, show_all: bool,
        as_json: bool, strict: bool) -> int:
    """`planctl due` once its options are read (`today` after `today_from_environment`): the exit code."""
    from planctl import clock
    from planctl.commands import due as command

    return command.run(plan, today_text=today, real_today=clock.today(), horizon=days, phase=phase, who=who,
                       show_all=show_all, as_json=as_json, strict=strict)


def done(target: str, plan: str | None, on: str | None, by: str | None, unit: str | None, amount: str | None,
         note: str | None, again: bool, commit: bool, quiet: bool, as_json: bool, yes: bool, future: bool,
         today: str | None, ask: Callable[[str], bool], occurrence: str | None = None) -> int:
    """`planctl done` once its options are read: the exit code. `ask` puts a yes/no question to the person
    (cli.app.ask, which raises UsageError when no one can answer); `occurrence`: --for as typed."""
    from planctl import clock
    from planctl.commands import done as command

    now = clock.now()
    options = command.DoneOptions(target, on, by, unit, amount, note, again, real_today=now.date(), now=now,
                                  commit=commit, quiet=quiet, as_json=as_json, yes=yes, future=future, ask=ask,
                                  told_today=today, occurrence=occurrence)
    return command.run_done(plan, options)


def undo(plan: str | None, yes: bool, quiet: bool, as_json: bool, today: str | None, ask: Callable[[str], bool]) -> int:
    """`planctl undo` once its options are read: the exit code. `today` is taken and left unused, as the Typer
    command does; `ask`: as `done`'s."""
    from planctl.commands import done as command

    del today
    return command.run_undo(plan, yes=yes, quiet=quiet, confirm=ask, as_json=as_json)


def check(plan_args: list[str] | None, plan: str | None, as_json: bool, quiet: bool, today: str | None = None) -> int:
    """`planctl check` once its options are read: the exit code (the worst of its plans'). `today` is taken
    and left unused, as the Typer command does."""
    from planctl.commands import check as command

    del today
    plans: list[str | None] = [*(plan_args or []), *([plan] if plan else [])] or [None]
    return command.run_many(plans, as_json=as_json, quiet=quiet)


def status(plan: str | None, today: str | None, phase: str | None, who: str | None, as_json: bool) -> int:
    """`planctl status` once its options are read (`today` after `today_from_environment`): the exit code."""
    from planctl import clock
    from planctl.commands import views as command

    return command.run_status(plan, today_text=today, real_today=clock.today(), as_json=as_json, phase=phase, who=who)


def list_(plan: str | None, today: str | None, phase: str | None, who: str | None, as_json: bool) -> int:
    """`planctl list` once its options are read: the exit code."""
    from planctl import clock
    from planctl.commands import views as command

    return command.run_list(plan, today_text=today, real_today=clock.today(), as_json=as_json, phase=phase, who=who)


def show(target: str, plan: str | None, today: str | None, as_json: bool) -> int:
    """`planctl show` once its options are read: the exit code."""
    from planctl import clock
    from planctl.commands import views as command

    return command.run_show(plan, target, today_text=today, real_today=clock.today(), as_json=as_json)


def timeline(plan: str | None, today: str | None, phase: str | None, start: str | None, end: str | None,
             width: int | None, svg: str | None, html: str | None, as_json: bool, who: str | None) -> int:
    """`planctl timeline` once its options are read: the exit code."""
    from planctl import clock
    from planctl.commands import views as command

    options = command.TimelineOptions(today, clock.today(), phase, start, end, width, svg, html, as_json, who)
    return command.run_timeline(plan, options)


def report(when: str | None, plan: str | None, today: str | None, week: bool, month: bool, start: str | None,
           end: str | None, phase: str | None, who: str | None, fmt: str | None, output: str | None) -> int:
    """`planctl report` once its options are read: the exit code."""
    from planctl import clock
    from planctl.commands import report as command

    options = command.ReportOptions(today, clock.today(), when, week, month, start, end, phase, who, fmt, output)
    return command.run_report(plan, options)


def export_ics(plan: str | None, output: str | None, today: str | None) -> int:
    """`planctl export ics` once its options are read: the exit code."""
    from planctl import clock
    from planctl.commands import extra

    return extra.run_export_ics(plan, output=output, today_text=today, real_today=clock.today(), now=clock.now())


def export_json(plan: str | None, output: str | None, today: str | None) -> int:
    """`planctl export json` once its options are read: the exit code."""
    from planctl import clock
    from planctl.commands import extra

    return extra.run_export_json(plan, output=output, today_text=today, real_today=clock.today())


def wanted() -> bool:
    """Whether this run may take the quick way: not while a shell is completing a word (cli.shells)."""
    import os

    return not any(key.startswith("_PLANCTL_COMPLETE") for key in os.environ)
