"""The command line: each command parses its options and calls one plain function."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Annotated, Any

import typer

from planctl import __version__
from planctl.cli import quick
from planctl.cli.error_handler import handle_errors, paged
from planctl.cli.translate import TranslatedGroup, confirm
from planctl.i18n import _


class RootOptionsGroup(typer.core.TyperGroup):
    """The root command (and `export`): every command also accepts the root's --today, -q/--quiet and --no-pager
    after its name.

    README promises the root options "before or after the command"; a command that does not look from
    a day takes --today and leaves it unused, as it does before the command (`planctl --today D check`).
    A command's own --today or -q, when it has one, is left as it is."""

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is not None and not isinstance(command, typer.core.TyperGroup):
            _accept_root_options(command)
        return command


def _accept_root_options(command: Any) -> None:
    """Add hidden --today, -q/--quiet and --no-pager to `command` when it has no option of that name."""
    taken = {opt for param in command.params for opt in param.opts}
    if "--today" not in taken:
        command.params.append(typer.core.TyperOption(param_decls=["--today"], expose_value=False, hidden=True))
    if "--quiet" not in taken and "-q" not in taken:
        command.params.append(typer.core.TyperOption(param_decls=["--quiet", "-q"], is_flag=True, expose_value=False,
                                                     hidden=True, callback=_quiet_after_command))
    if "--no-pager" not in taken:
        command.params.append(typer.core.TyperOption(param_decls=["--no-pager"], is_flag=True, expose_value=False,
                                                     hidden=True, callback=_no_pager_after_command))


def _quiet_after_command(_ctx: object, _param: object, value: bool) -> None:
    """`planctl CMD -q`: as `planctl -q CMD` (a Click callback: context, parameter, value)."""
    if value:
        quick.quiet_after_command()


def _no_pager_after_command(_ctx: object, _param: object, value: bool) -> None:
    """`planctl CMD --no-pager`: as `planctl --no-pager CMD` (a Click callback: context, parameter, value)."""
    if value:
        from planctl.output import pager

        pager.disabled = True


class RootGroup(RootOptionsGroup, TranslatedGroup):
    """The root command: the root's options after a command's name (RootOptionsGroup), help and the parser's
    messages in the reader's language (TranslatedGroup)."""


app = typer.Typer(
    name="planctl",
    help="Track a plan kept in one plan.yaml: what is due, what is done.",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    cls=RootGroup,  # the root's options after a command; help and the parser's messages in the reader's language
)

def _completer(name: str) -> Callable[[typer.Context, str], list[tuple[str, str]]]:
    """A shell-completion callback that imports planctl.cli.completion only when completing."""

    def complete(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
        from planctl.cli import completion

        found: list[tuple[str, str]] = getattr(completion, name)(incomplete, ctx)  # ctx: for --plan
        return found

    complete.__name__ = name
    return complete


complete_items = _completer("complete_items")
complete_people = _completer("complete_people")
complete_groups = _completer("complete_groups")
complete_units = _completer("complete_units")
complete_phases = _completer("complete_phases")

PlanOption = Annotated[
    str | None,
    typer.Option("--plan", "-f", help="The plan file (default: $PLANCTL_PLAN, else the nearest plan.yaml upward).",
                 show_default=False),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]


def _version(value: bool) -> None:
    if value:
        print(f"planctl {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No messages, only data and errors.")] = False,
    plan: Annotated[str | None, typer.Option(
        "--plan", "-f", show_default=False,
        help="The plan file for the command (as the command's own --plan; before the command: planctl -f x.yaml due).",
    )] = None,
    today: Annotated[str | None, typer.Option("--today", show_default=False,
                                              help="The day to look from, for commands that take --today.")] = None,
    no_pager: Annotated[bool, typer.Option("--no-pager", help="Never send long output on a terminal to $PAGER.")] = False,
) -> None:
    """Track a plan kept in one plan.yaml: what is due, what is done."""
    quick.settle_root(quiet, no_pager)
    pass_root_options_down(ctx, {"plan": plan, "today": today})


def pass_root_options_down(ctx: typer.Context, given: dict[str, str | None]) -> None:
    """Root options given before the command become that command's defaults (its own options still win):
    Click looks a command's defaults up in its parent's `default_map` under the command's name."""
    defaults = {name: value for name, value in given.items() if value is not None}
    if defaults and ctx.invoked_subcommand:
        ctx.default_map = {**(ctx.default_map or {}), ctx.invoked_subcommand: defaults}


@app.command()
@handle_errors
@paged
def check(
    plan_args: Annotated[list[str] | None, typer.Argument(metavar="[PLAN]...", help="The plan files to check.",
                                                          show_default=False)] = None,
    plan: PlanOption = None,
    as_json: JsonOption = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing when the plan is clean.")] = False,
) -> None:
    """Check a plan and report every problem with its line and column.

    Exit 0 when clean (warnings allowed), 1 when there are errors, 2 on usage errors.

    Example: planctl check plan.yaml
    """
    raise typer.Exit(quick.check(plan_args, plan, as_json, quiet))


today_from_environment = quick.today_from_environment  # the --today callback of the commands that look from a day


TodayOption = Annotated[
    str | None,
    typer.Option("--today", callback=today_from_environment, show_default=False,
                 help="The day to look from: 2009-04-12, 2009/4/12, 'Apr 12 2009', 4月12日, today, yesterday, tomorrow "
                      "(default: $PLANCTL_TODAY, else today)."),
]

# --today on `done`: no $PLANCTL_TODAY fallback here (commands.done reads it, naming which one a bad day came from);
# `planctl --today DAY done …` reaches it through Click's default_map (pass_root_options_down).
ToldTodayOption = Annotated[
    str | None,
    typer.Option("--today", metavar="DATE", show_default=False,
                 help="The day it is (what --date's today/yesterday/tomorrow count from; default: $PLANCTL_TODAY, "
                      "else today)."),
]


@app.command()
@handle_errors
@paged
def due(
    plan: PlanOption = None,
    today: TodayOption = None,
    days: Annotated[int, typer.Option("--days", "-d", help="How many days ahead count as upcoming.")] = 7,
    phase: Annotated[str | None, typer.Option("--phase", "-p", help="Only this phase (id, number or title).",
                                              show_default=False, autocompletion=complete_phases)] = None,
    who: Annotated[str | None, typer.Option("--who", "-w", help="Only what is this person's or group's ('me' or '我': yours).",
                                            show_default=False, autocompletion=complete_groups)] = None,
    show_all: Annotated[bool, typer.Option("--all", "-a", help="Also show what is done.")] = False,
    as_json: JsonOption = False,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 when anything is overdue or behind pace.")] = False,
) -> None:
    """Show what is overdue, due today, in progress and coming up, and how the quotas stand.

    Example: planctl due --today 2009-04-12 --who zhangwei
    """
    raise typer.Exit(quick.due(plan, today, days, phase, who, show_all, as_json, strict))


@app.command()
@handle_errors
def done(
    target: Annotated[str, typer.Argument(help="Task or quota: id, outline number (2.6.1) or a unique part of its title.",
                                          show_default=False, autocompletion=complete_items)],
    plan: PlanOption = None,
    on: Annotated[str | None, typer.Option("--date", help="The day it was done (default: today, or the root --today "
                                           "as in planctl --today DAY done …, else $PLANCTL_TODAY); "
                                           "same forms as --today.", show_default=False)] = None,
    by: Annotated[str | None, typer.Option("--by", "-b", help="Who did it (a person's id or name).", show_default=False,
                                           autocompletion=complete_people)] = None,
    unit: Annotated[str | None, typer.Option("--unit", "-u", help="For a per-unit quota: which unit (default: --by's).",
                                             show_default=False, autocompletion=complete_units)] = None,
    amount: Annotated[str | None, typer.Option("--amount", "-n", help="How much: 2h, 90min, 3000字, 1 (quotas).",
                                               show_default=False)] = None,
    note: Annotated[str | None, typer.Option("--note", "-m", help="A note to keep with it.", show_default=False)] = None,
    again: Annotated[bool, typer.Option("--again", help="Log a task that is already done once more.")] = False,
    commit: Annotated[bool, typer.Option("--commit", help="Then commit the plan file alone to git.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing when it worked.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print what was recorded, and where, as JSON.")] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="On a phase or parent task: close its open sub-tasks "
                                      "without asking.")] = False,
    future: Annotated[bool, typer.Option("--future", help="Accept a --date more than 7 days after today.")] = False,
    occurrence: Annotated[str | None, typer.Option("--for", "--occurrence", help="A recurring task done ahead: the "
                                                   "occurrence it counts for, by a day or month of it (6月, 2026-06-05).",
                                                   show_default=False)] = None,
    today: ToldTodayOption = None,
) -> None:
    """Record a completion in plan.yaml: one new line in that task's or quota's log.

    Example: planctl done self-study --by zhangwei --amount 2h --date 2009-04-12

    Done ahead (June's report on 30 May): planctl done monthly-report --for 6月
    """
    raise typer.Exit(quick.done(target, plan, on, by, unit, amount, note, again, commit, quiet, as_json, yes, future,
                                today, ask, occurrence=occurrence))


@app.command()
@handle_errors
def undo(
    plan: PlanOption = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing when it worked.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print what was taken back as JSON.")] = False,
) -> None:
    """Take back the last completion `planctl done` recorded in this clone (never someone else's).

    Example: planctl undo --yes
    """
    raise typer.Exit(quick.undo(plan, yes, quiet, as_json, None, ask))


def ask(question: str) -> bool:
    """A yes/no question on stderr; Ctrl-C is an interruption; the end of input is the default answer, no,
    at a terminal (Ctrl-D), and a usage error elsewhere (a script that gave no answer)."""
    from planctl.errors import UsageError

    try:
        return confirm(question, default=False)
    except typer.Abort as abort:
        if sys.stdin.isatty():
            print(file=sys.stderr)  # the terminal echoed ^C or nothing on the question's line: end it
            if isinstance(abort.__context__, EOFError):  # Ctrl-D: "no", as the prompt's [y/N] says
                return False
            raise
        print(file=sys.stderr)  # end the question's line: the error starts on its own
        raise UsageError(_("no answer to: {question} — pass --yes to go ahead without asking").format(question=question)) from None
