"""Commands registered on the main app (see cli.py); kept apart so each area owns its file.

Here: `schema`, `export ics|json`, `init` and `shift`. Imports of what they need stay inside the
command functions, so that other commands start as fast as before.
"""

from __future__ import annotations

from typing import Annotated

import typer

from planctl import clock
from planctl.cli import quick
from planctl.cli.app import (
    PlanOption,
    RootOptionsGroup,
    TodayOption,
    app,
    complete_phases,
    pass_root_options_down,
    today_from_environment,
)
from planctl.cli.error_handler import handle_errors

OutputOption = Annotated[
    str | None,
    typer.Option("--output", "-o", metavar="FILE", help="Write to FILE instead of standard output.", show_default=False),
]


@app.command()
@handle_errors
def schema() -> None:
    """Print a JSON Schema (draft 2020-12) of the plan format, for editors.

    With yaml-language-server (VS Code's YAML extension, Neovim, Helix, ...), save it beside the plan
    and make `# yaml-language-server: $schema=./plan.schema.json` the plan's first line.

    Example: planctl schema > plan.schema.json
    """
    from planctl.commands import extra

    raise typer.Exit(extra.run_schema())


export_app = typer.Typer(
    cls=RootOptionsGroup,
    name="export",
    help="Write the plan for other tools: a calendar of to-dos (ics) or the resolved plan (json).\n\n"
         "Example: planctl export ics -o plan.ics",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(export_app, name="export")


@export_app.callback()
def _export_options(
    ctx: typer.Context,
    plan: Annotated[str | None, typer.Option("--plan", "-f", show_default=False,
                                             help="The plan file, for ics and json (as their own --plan).")] = None,
    today: Annotated[str | None, typer.Option("--today", show_default=False,
                                              help="The day to look from, for ics and json (as their own --today).")] = None,
) -> None:
    """-f/--plan and --today before `ics`/`json` (planctl export -f P json), or before `export` (planctl -f P
    export json: the root's reach here through Click's default_map), pass down to the chosen format."""
    pass_root_options_down(ctx, {"plan": plan, "today": today})


@export_app.command("ics")
@handle_errors
def export_ics(plan: PlanOption = None, output: OutputOption = None, today: TodayOption = None) -> None:
    """Write an iCalendar (RFC 5545) file: a to-do per phase and task with its window and status.

    UIDs come from the ids, so importing the file again updates the to-dos instead of adding copies.
    --today sets the file's time stamp (DTSTAMP) to that day, for output that does not change.

    Example: planctl export ics -o plan.ics
    """
    raise typer.Exit(quick.export_ics(plan, output, today))


@export_app.command("json")
@handle_errors
def export_json(plan: PlanOption = None, output: OutputOption = None, today: TodayOption = None) -> None:
    """Write the resolved plan as JSON: every window as ISO dates, every task's state, quota progress.

    The structure is described in docs/export.md.

    Example: planctl export json --today 2009-04-12 | jq '.phases[].tasks[] | {id, state}'
    """
    raise typer.Exit(quick.export_json(plan, output, today))


@app.command()
@handle_errors
def init(
    path: Annotated[str | None, typer.Argument(metavar="[PATH]", help="Where to write it (default: ./plan.yaml; "
                                               "a folder gets a plan.yaml inside).", show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    today: Annotated[str | None, typer.Option("--today", callback=today_from_environment, metavar="DATE",
                                              show_default=False,
                                              help="The day the plan starts on (default: $PLANCTL_TODAY, else today).")] = None,
) -> None:
    """Write a commented starter plan that passes `planctl check`, dated from today.

    An existing file is left alone (exit 2) unless --force is given.

    Example: planctl init && planctl check
    """
    from planctl.commands import extra

    raise typer.Exit(extra.run_init(path, force=force, today_text=today, real_today=clock.today()))


@app.command()
@handle_errors
def shift(
    to: Annotated[str, typer.Option("--to", metavar="DATE", show_default=False,
                                    help="The day the plan (or phase) should start on: 2010-03-01, 3月1日, ...")],
    plan: PlanOption = None,
    phase: Annotated[str | None, typer.Option("--phase", "-p", help="Move only this phase (id, number or title).",
                                              show_default=False, autocompletion=complete_phases)] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", "-n", help="Print the change as a diff; write nothing.")] = False,
    keep_logs: Annotated[bool, typer.Option("--keep-logs", help="Shift a plan that has completions logged.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print what moved (or would, with --dry-run) as JSON.")] = False,
) -> None:
    """Move the whole plan (or one phase) so it starts on another day, changing only its dates.

    The plan starts (is anchored) on its phases' earliest start (with --phase, that phase's), not on a
    task written before its phase. A move by whole months keeps 4月上旬-style forms (4月上旬 → 5月上旬)
    and days of the month; a window from the 29th-31st that a shorter month would clip keeps its length
    (1月29日至1月31日 → 2月28日至3月2日, not 2月28日至2月28日). Any other move rewrites month forms as days in the same style.
    Completion logs are not moved, and a task logged before stays done, so a
    plan with completions needs --keep-logs (or remove its `log:` entries first to reuse it afresh).
    Comments and layout are kept.

    Example: planctl shift --to 2010-03-01 --dry-run
    """
    from planctl.commands import extra

    raise typer.Exit(extra.run_shift(plan, to_text=to, phase=phase, dry_run=dry_run, real_today=clock.today(),
                                     keep_logs=keep_logs, as_json=as_json))


@app.command("import")
@handle_errors
def import_(
    document: Annotated[str, typer.Argument(metavar="DOCUMENT", help="The plan document: .txt, .md, .docx, .xlsx or .html.",
                                            show_default=False)],
    output: Annotated[str | None, typer.Option("--output", "-o", metavar="FILE", show_default=False,
                                               help="Where to write the plan (default: ./plan.yaml).")] = None,
    year: Annotated[int | None, typer.Option("--year", metavar="YYYY", show_default=False,
                                             help="The year of dates written without one (default: the year the "
                                                  "document writes most often).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", "-n", help="Print the plan; write nothing.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace existing output files (the plan, --report FILE).")] = False,
    report: Annotated[str | None, typer.Option("--report", metavar="FILE", show_default=False,
                                               help="Also write the import report to FILE as JSON (not with --dry-run).")] = None,
) -> None:
    """Turn a plan document (Word, web page, text) into a plan.yaml to review.

    Every guess is a '# import:' comment in the plan, with the document line it came from; every
    sentence that was not imported is listed on stderr (and in --report FILE). The plan always passes
    'planctl check'. See docs/import.md.

    Example: planctl import 活动计划.docx -o plan.yaml --report import.json
    """
    from planctl.commands import importing

    raise typer.Exit(importing.run_import(document, output=output, year=year, dry_run=dry_run, force=force,
                                          report=report))
