"""The quick way into `planctl due`, `planctl done` and `planctl undo`: the usual command line run without Typer.

Importing Typer (and the Click it carries) is about a third of a short command's start-up, and the
morning `due` and the `done` after each piece of work are the commands people run most (and `undo`
should cost no more than the `done` it takes back: issue 20). When the
command line is one these tables read exactly as Click would, `cli.main` runs the command from here;
anything else (help, shell completion, a mistake, an option not in these tables, an option given
twice, `--`, grouped short flags, a value that starts with `-`, a lone `-`) goes to the Typer app, which then
prints what it prints. So the messages of a mistake are always Typer's, and this way never has to say
anything of its own.

The tables name each option once for this reader; the Typer commands in cli/app.py declare the same
options with their help. tests/test_quick.py holds the two together: every option, flag, default and
argument here is the Typer command's (and none is missing), and both ways give the same output, errors
and exit code for a table of command lines, in English and in Chinese. The commands' bodies
(`due`, `done`, `undo` below) are shared: the Typer commands call them too.
"""

from __future__ import annotations

from typing import Any, NamedTuple

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
    from_root: tuple[str, ...]  # the root options given before the command that become its defaults


# The root's options before the command (`planctl -f plan.yaml --today D due`). --version, --help and the
# completion options are left to Typer.
ROOT = _options((("--plan", "-f"), "plan", TEXT), (("--today",), "today", TEXT), (("--quiet", "-q"), "quiet", FLAG),
                (("--no-pager",), "no_pager", FLAG))
ROOT_DEFAULTS: dict[str, Any] = {"plan": None, "today": None, "quiet": False, "no_pager": False}
ROOT_PASSED_DOWN = ("plan", "today")  # cli.app.pass_root_options_down: root options that become a command's defaults

COMMANDS = {
    "due": Command(
        _options((("--plan", "-f"), "plan", TEXT), (("--today",), "today", TEXT), (("--days", "-d"), "days", WHOLE),
                 (("--phase", "-p"), "phase", TEXT), (("--who", "-w"), "who", TEXT), (("--all", "-a"), "show_all", FLAG),
                 (("--json",), "as_json", FLAG), (("--strict",), "strict", FLAG),
                 (("--quiet", "-q"), "quiet", FLAG)),  # the root's -q after the command (cli.app.RootOptionsGroup)
        {"plan": None, "today": None, "days": 7, "phase": None, "who": None, "show_all": False, "as_json": False,
         "strict": False, "quiet": None},
        (), ROOT_PASSED_DOWN),
    "done": Command(
        _options((("--plan", "-f"), "plan", TEXT), (("--date",), "on", TEXT), (("--by", "-b"), "by", TEXT),
                 (("--unit", "-u"), "unit", TEXT), (("--amount", "-n"), "amount", TEXT), (("--note", "-m"), "note", TEXT),
                 (("--again",), "again", FLAG), (("--commit",), "commit", FLAG), (("--quiet", "-q"), "quiet", FLAG),
                 (("--json",), "as_json", FLAG), (("--yes", "-y"), "yes", FLAG), (("--future",), "future", FLAG),
                 (("--today",), "today", TEXT)),
        {"plan": None, "on": None, "by": None, "unit": None, "amount": None, "note": None, "again": False,
         "commit": False, "quiet": False, "as_json": False, "yes": False, "future": False, "today": None},
        ("target",), ROOT_PASSED_DOWN),
    "undo": Command(
        _options((("--plan", "-f"), "plan", TEXT), (("--yes", "-y"), "yes", FLAG), (("--quiet", "-q"), "quiet", FLAG),
                 (("--json",), "as_json", FLAG),
                 (("--today",), "today", TEXT)),  # the root's --today after the command, unused (cli.app.RootOptionsGroup)
        {"plan": None, "yes": False, "quiet": False, "as_json": False, "today": None},
        (), ROOT_PASSED_DOWN),
}


class Call(NamedTuple):
    words: list[str]  # the command line, without the program's name
    command: str  # "due", "done" or "undo"
    root: dict[str, Any]  # the root's options (ROOT_DEFAULTS' keys)
    given: dict[str, Any]  # the command's options and arguments as given, by parameter name


def read(args: list[str]) -> Call | None:
    """The command line (without the program's name) as a Call, or None when Typer is to read it."""
    root: dict[str, Any] = {}
    rest = _read_options(args, ROOT, root, stop_at_word=True)
    if rest is None or not rest:
        return None
    command = COMMANDS.get(rest[0])
    if command is None:
        return None
    given: dict[str, Any] = {}
    words = _read_options(rest[1:], command.options, given, stop_at_word=False)
    if words is None or len(words) != len(command.arguments):
        return None
    given.update(zip(command.arguments, words, strict=True))
    return Call(args, rest[0], {**ROOT_DEFAULTS, **root}, given)


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
    by the command itself, its messages follow the reader), the root's settings, the root's
    --plan/--today as defaults, errors through cli.error_handler. `ask`: as `done`'s."""
    from planctl import i18n

    i18n.reset()
    try:
        return _run(call, ask)
    finally:
        i18n.reset()


def _run(call: Call, ask: Callable[[str], bool]) -> int:
    from planctl.cli.error_handler import guarded, paged

    settle_root(call.root["quiet"], call.root["no_pager"])
    command = COMMANDS[call.command]
    params = {**command.defaults, **{name: call.root[name] for name in command.from_root
                                     if call.root[name] is not None}, **call.given}
    if call.command == "due":
        if params.pop("quiet"):
            quiet_after_command()
        params["today"] = today_from_environment(params["today"])
        body: Callable[..., int] = paged(due)
    elif call.command == "undo":
        del params["today"]  # taken and left unused, as the Typer command does
        params["ask"] = ask
        body = undo
    else:
        params["ask"] = ask
        body = done
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
         today: str | None, ask: Callable[[str], bool]) -> int:
    """`planctl done` once its options are read: the exit code. `ask` puts a yes/no question to the person
    (cli.app.ask, which raises UsageError when no one can answer)."""
    from planctl import clock
    from planctl.commands import done as command

    now = clock.now()
    options = command.DoneOptions(target, on, by, unit, amount, note, again, real_today=now.date(), now=now,
                                  commit=commit, quiet=quiet, as_json=as_json, yes=yes, future=future, ask=ask,
                                  told_today=today)
    return command.run_done(plan, options)


def undo(plan: str | None, yes: bool, quiet: bool, as_json: bool, ask: Callable[[str], bool]) -> int:
    """`planctl undo` once its options are read: the exit code. `ask`: as `done`'s."""
    from planctl.commands import done as command

    return command.run_undo(plan, yes=yes, quiet=quiet, confirm=ask, as_json=as_json)


def wanted() -> bool:
    """Whether this run may take the quick way: not while a shell is completing a word (cli.shells)."""
    import os

    return not any(key.startswith("_PLANCTL_COMPLETE") for key in os.environ)
