"""Commands registered on the main app (see cli.py); kept apart so each area owns its file.

The views: `status`, `show`, `list`, `timeline` and `report`. Their bodies are cli/quick.py's, which runs
the usual command lines without Typer; their modules are imported inside each body so that starting
another command does not pay for them.
"""

from __future__ import annotations

from typing import Annotated

import typer

from planctl.cli import quick
from planctl.cli.app import JsonOption, PlanOption, TodayOption, app, complete_groups, complete_items, complete_phases
from planctl.cli.error_handler import handle_errors, paged

PhaseOption = Annotated[str | None, typer.Option("--phase", "-p", help="Only this phase (id, number or title).",
                                                 show_default=False, autocompletion=complete_phases)]
WhoOption = Annotated[str | None, typer.Option("--who", "-w", help="Only what is this person's or group's ('me' or '我': yours).",
                                               show_default=False, autocompletion=complete_groups)]


@app.command()
@handle_errors
@paged
def status(plan: PlanOption = None, today: TodayOption = None, phase: PhaseOption = None, who: WhoOption = None,
           as_json: JsonOption = False) -> None:
    """Show each phase with its state and tasks done, and every quota with its buffer.

    Example: planctl status --today 2009-04-12
    """
    raise typer.Exit(quick.status(plan, today, phase, who, as_json))


@app.command()
@handle_errors
@paged
def show(
    target: Annotated[str, typer.Argument(
        metavar="ID", show_default=False, autocompletion=complete_items,
        help="Phase, task or quota: id, outline number (2.6.1) or a unique part of its title.")],
    plan: PlanOption = None,
    today: TodayOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show everything about one phase, task or quota: window, place, who, sub-tasks, log, quota table.

    Example: planctl show 2.6 --today 2009-04-12
    """
    raise typer.Exit(quick.show(target, plan, today, as_json))


@app.command(name="list")
@handle_errors
@paged
def list_(plan: PlanOption = None, today: TodayOption = None, phase: PhaseOption = None, who: WhoOption = None,
          as_json: JsonOption = False) -> None:
    """Show the whole plan as a tree: outline numbers, ids, windows and states.

    Example: planctl list --today 2009-04-12
    """
    raise typer.Exit(quick.list_(plan, today, phase, who, as_json))


@app.command()
@handle_errors
@paged
def timeline(
    plan: PlanOption = None,
    today: TodayOption = None,
    phase: PhaseOption = None,
    start: Annotated[str | None, typer.Option("--from", help="First day shown (same forms as --today).",
                                              show_default=False)] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day shown (same forms as --today).",
                                            show_default=False)] = None,
    width: Annotated[int | None, typer.Option("--width", "-W", help="Columns to draw in (default: the terminal's).",
                                              show_default=False)] = None,
    svg: Annotated[str | None, typer.Option("--svg", metavar="FILE", help="Also save the chart as SVG.",
                                            show_default=False)] = None,
    html: Annotated[str | None, typer.Option("--html", metavar="FILE", help="Also save the chart as HTML.",
                                             show_default=False)] = None,
    as_json: JsonOption = False,
    who: WhoOption = None,
) -> None:
    """Draw the plan as a Gantt chart: a bar per phase and task on a date axis, today marked.

    Example: planctl timeline --today 2009-04-12 --svg plan.svg
    """
    raise typer.Exit(quick.timeline(plan, today, phase, start, end, width, svg, html, as_json, who))


@app.command()
@handle_errors
@paged
def report(
    when: Annotated[str | None, typer.Argument(
        metavar="[DAY|MONTH]", show_default=False,
        help="The day whose week (with --week, or alone) or the month (with --month: 2009-04, 4月) to report.")] = None,
    plan: PlanOption = None,
    today: TodayOption = None,
    week: Annotated[bool, typer.Option("--week", help="The week (Monday to Sunday) holding DAY, else today's. "
                                       "The default period.")] = False,
    month: Annotated[bool, typer.Option("--month", help="The month MONTH (2009-04, 2009年4月, 4月), else this one.")] = False,
    start: Annotated[str | None, typer.Option("--from", help="First day of the period (same forms as --today).",
                                              show_default=False)] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day of the period (default: today).",
                                            show_default=False)] = None,
    phase: Annotated[str | None, typer.Option("--phase", "-p", help="One phase's window and only its items.",
                                              show_default=False, autocompletion=complete_phases)] = None,
    who: Annotated[str | None, typer.Option("--who", "-w", help="Only this person's, group's or unit's.",
                                            show_default=False, autocompletion=complete_groups)] = None,
    fmt: Annotated[str | None, typer.Option("--format", "-F", metavar="text|md|html|xlsx|csv", show_default=False,
                                            help="What to write (default: from -o's suffix, else text).")] = None,
    output: Annotated[str | None, typer.Option("--output", "-o", metavar="FILE", show_default=False,
                                               help="Write to FILE (whole or not at all) instead of standard output.")] = None,
) -> None:
    """Report a period for the people above: what was done (a ledger by phase and unit), each quota met or
    not, what fell overdue and is still open, what is due next, and a summary line to paste.

    Example: planctl report --week 2009-04-08 -o week.xlsx
    """
    raise typer.Exit(quick.report(when, plan, today, week, month, start, end, phase, who, fmt, output))
