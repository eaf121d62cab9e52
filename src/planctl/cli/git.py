"""Commands registered on the main app (see cli.py); kept apart so each area owns its file.

`merge-driver` is what git runs to merge a plan file; `git-setup` tells git to run it.
Only Typer and the CLI's shared options are imported here; the work is imported when a command runs.
"""

from __future__ import annotations

from typing import Annotated

import typer

from planctl.cli.app import JsonOption, PlanOption, TodayOption, app, complete_groups, complete_items
from planctl.cli.error_handler import handle_errors
from planctl.cli.translate import confirm


@app.command("merge-driver")
@handle_errors
def merge_driver(
    base: Annotated[str, typer.Argument(help="The common ancestor's version (git's %O).", show_default=False)],
    ours: Annotated[str, typer.Argument(help="Our version (%A); the merged plan is written here.",
                                        show_default=False)],
    theirs: Annotated[str, typer.Argument(help="Their version (%B).", show_default=False)],
    marker_size: Annotated[int, typer.Option("--marker-size", min=1, help="Length of conflict markers (%L).")] = 7,
    path: Annotated[str | None, typer.Option("--path", help="The file's path in the repository (%P), for messages.",
                                             show_default=False)] = None,
    label_ours: Annotated[str | None, typer.Option("--label-ours", help="Conflict label for ours (git 2.44+: %X).",
                                                   show_default=False)] = None,
    label_base: Annotated[str | None, typer.Option("--label-base", help="Conflict label for the base (%S).",
                                                   show_default=False)] = None,
    label_theirs: Annotated[str | None, typer.Option("--label-theirs", help="Conflict label for theirs (%Y).",
                                                     show_default=False)] = None,
) -> None:
    """Merge three versions of a plan for git: completion logs merge as multisets, the rest as text.

    Writes the result into OURS. Exit 0 when clean; 1 when conflict markers are left or the plan
    could only be merged as plain text. Set up by 'planctl git-setup' (see docs/git.md).

    Git runs it, not you: 'planctl git-setup' writes the git config, with planctl's absolute path
    (git may run it without your PATH), e.g.:

    \b
      merge.planctl.driver = '/home/me/plans/.venv/bin/planctl' merge-driver
                             %O %A %B --marker-size %L --path %P

    Example (by hand, on three files): planctl merge-driver base.yaml ours.yaml theirs.yaml
    """
    from planctl.commands import git as command

    raise typer.Exit(command.run_merge_driver(base, ours, theirs, marker_size=marker_size, path=path,
                                              label_ours=label_ours, label_base=label_base, label_theirs=label_theirs))


@app.command("git-setup")
@handle_errors
def git_setup(
    plan: PlanOption = None,
    global_config: Annotated[bool, typer.Option("--global", help="Set the driver in your user git config, not the repository's.")]
    = False,
) -> None:
    """Make git merge the plan with planctl: a .gitattributes line and the merge.planctl driver config.

    Safe to run again: it changes only what is missing.

    Example: planctl git-setup            (a plan named otherwise: planctl git-setup -f team.yaml)
    """
    from planctl.commands import git as command

    raise typer.Exit(command.run_git_setup(plan, global_config=global_config))


@app.command("sync")
@handle_errors
def sync(
    plan: PlanOption = None,
    as_json: JsonOption = False,
    setup: Annotated[bool, typer.Option("--setup", help="Set up the merge driver first when this clone lacks it.")]
    = False,
) -> None:
    """Send your completions and get everyone else's: commit the plan, fetch, merge, push.

    Commits the plan alone when what changed is completions (what 'done' and 'undo' write), merges
    the remote branch with planctl's merge driver, and pushes, trying again when someone pushed
    first. Refuses, and says why, on a real conflict, a hand edit, no remote or a detached HEAD.

    Example: planctl sync
    """
    from planctl.commands import sync as command

    raise typer.Exit(command.run_sync(plan, as_json=as_json, setup=setup, ask=_ask_yes))


def _ask_yes(question: str) -> bool:
    return confirm(question, default=True)


@app.command("whoami")
@handle_errors
def whoami(plan: PlanOption = None, as_json: JsonOption = False) -> None:
    """Show who planctl takes you for (what 'done' records without --by), and where that came from.

    In order: $PLANCTL_BY; git config planctl.user; git's user.email matched against the roster's
    emails; git's user.name matched against the roster's ids and names.

    Example: git config planctl.user zhangwei && planctl whoami
    """
    from planctl.commands import team as command

    raise typer.Exit(command.run_whoami(plan, as_json=as_json))


@app.command("log")
@handle_errors
def log(
    plan: PlanOption = None,
    who: Annotated[str | None, typer.Option("--who", "-w", help="Only this person's, or a group's ('me' or '我': yours).",
                                            show_default=False, autocompletion=complete_groups)] = None,
    since: Annotated[str | None, typer.Option("--since", help="From this day on (same forms as --today).",
                                              show_default=False)] = None,
    until: Annotated[str | None, typer.Option("--until", help="Up to and including this day.",
                                              show_default=False)] = None,
    item: Annotated[str | None, typer.Option("--item", "-i", help="Only this task or quota (and what is inside it).",
                                             show_default=False, autocompletion=complete_items)] = None,
    as_json: JsonOption = False,
    today: TodayOption = None,
) -> None:
    """List the completions in the plan in time order: when, who, what, how much, and the note.

    Example: planctl log --who me --since 2009-04-06
    """
    from datetime import date

    from planctl.commands import team as command

    raise typer.Exit(command.run_log(plan, who=who, since=since, until=until, item=item, as_json=as_json,
                                     real_today=date.today(), today_text=today))
