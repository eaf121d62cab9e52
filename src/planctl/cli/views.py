"""Commands registered on the main app (see cli.py); kept apart so each area owns its file.

The views: `status`, `show`, `list` and `timeline`. Their modules are imported inside each command
so that starting another command does not pay for them.
"""

from __future__ import annotations

from typing import Annotated

import typer

from planctl.cli.app import JsonOption, PlanOption, TodayOption, app, complete_items, complete_phases
from planctl.cli.error_handler import handle_errors


@app.command()
@handle_errors
def status(plan: PlanOption = None, today: TodayOption = None, as_json: JsonOption = False) -> None:
    """Show each phase with its state and tasks done, and every quota with its buffer.

    Example: planctl status --today 2009-04-12
    """
    from datetime import date

    from planctl.commands import views as command

    raise typer.Exit(command.run_status(plan, today_text=today, real_today=date.today(), as_json=as_json))


@app.command()
@handle_errors
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
    from datetime import date

    from planctl.commands import views as command

    raise typer.Exit(command.run_show(plan, target, today_text=today, real_today=date.today(), as_json=as_json))


@app.command(name="list")
@handle_errors
def list_(plan: PlanOption = None, today: TodayOption = None, as_json: JsonOption = False) -> None:
    """Show the whole plan as a tree: outline numbers, ids, windows and states.

    Example: planctl list --today 2009-04-12
    """
    from datetime import date

    from planctl.commands import views as command

    raise typer.Exit(command.run_list(plan, today_text=today, real_today=date.today(), as_json=as_json))


@app.command()
@handle_errors
def timeline(
    plan: PlanOption = None,
    today: TodayOption = None,
    phase: Annotated[str | None, typer.Option("--phase", "-p", help="Only this phase (id, number or title).",
                                              show_default=False, autocompletion=complete_phases)] = None,
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
) -> None:
    """Draw the plan as a Gantt chart: a bar per phase and task on a date axis, today marked.

    Example: planctl timeline --today 2009-04-12 --svg plan.svg
    """
    from datetime import date

    from planctl.commands import views as command

    options = command.TimelineOptions(today, date.today(), phase, start, end, width, svg, html, as_json)
    raise typer.Exit(command.run_timeline(plan, options))
