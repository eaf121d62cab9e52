"""`planctl help [TOPIC]`: the documentation that ships with planctl, and its man page.

Topics are the pages of docs/ (shipped in the package as planctl/docs, a link to docs/): `format`,
`due`, `git`, `export`, `report`, `schema`, `import` (a topic named as a command shows the page;
`planctl COMMAND --help` is the command's help), in the reader's language: a Chinese reader (planctl.i18n's
choice) gets docs/zh-CN/ (PAGE_FOLDERS), the English page only where no translation exists. Another
command's name shows that command's --help. `--man` prints planctl(1) in roff, generated from the same help
every command prints, so it cannot drift (`planctl help --man > planctl.1`, or `man <(planctl help --man)`).
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from planctl.cli.app import app
from planctl.cli.error_handler import handle_errors, paged
from planctl.cli.translate import translate_tree
from planctl.i18n import CHINESE, N_, _, current_language

TOPICS = {
    "format": ("plan-format.md", N_("the plan format: every key, dates and windows, what check reports")),
    "due": ("due.md", N_("the morning view, its sections, --json")),
    "git": ("git.md", N_("sharing a plan in git: the merge driver, hooks, finishing a merge")),
    "export": ("export.md", N_("calendar (ics) and JSON exports")),
    "report": ("report.md", N_("the weekly or monthly report and ledger")),
    "schema": ("schema.md", N_("the JSON Schema for editors")),
    "import": ("import.md", N_("turning a plan document (.docx, .xlsx, .html, .txt) into plan.yaml")),
}


PAGE_FOLDERS = {CHINESE: "zh-CN"}  # language -> the folder of docs/ that holds its translated pages (same file names)


assert all(f"{name}," in "format, due, git, export, report, schema, import," for name in TOPICS), "update help_'s topic help"


def _complete_topics(incomplete: str) -> list[str]:
    return [name for name in TOPICS if name.startswith(incomplete)]


@app.command(name="help")
@handle_errors
@paged
def help_(
    topic: Annotated[str | None, typer.Argument(metavar="[TOPIC]", show_default=False, autocompletion=_complete_topics,
                                                help="A topic (format, due, git, export, report, schema, import) "
                                                     "or a command's name.")] = None,
    man: Annotated[bool, typer.Option("--man", help="Print the planctl(1) man page (roff), made from the help.")] = False,
) -> None:
    """Show a documentation page, a command's help, or the man page.

    Example: planctl help format
    """
    if man:
        from planctl.cli.manpage import render

        print(render(), end="")
        return
    if topic is None:
        print(topics_listing())
        return
    print(page(topic), end="")


def topics_listing() -> str:
    width = max(len(name) for name in TOPICS)
    lines = [_("Topics (planctl help TOPIC):")]
    lines += [f"  {name:<{width}}  {_(about)}" for name, (_page, about) in TOPICS.items()]
    lines.append(_("Commands: planctl help COMMAND (the same as planctl COMMAND --help; a topic of the same name, such as "
                   "due, shows the topic: its command's help is planctl due --help); the man page: planctl help --man"))
    return "\n".join(lines)


def page(topic: str) -> str:
    """The text of a topic's page (in the reader's language: topic_page), or a command's --help; UsageError for
    anything else."""
    from planctl.errors import UsageError, did_you_mean

    name = topic.strip().lower()
    if name in TOPICS:
        return topic_page(TOPICS[name][0])
    if name in _commands():
        return command_help(name)
    known = [*TOPICS, *_commands()]
    raise UsageError(_("no help topic '{topic}'{did_you_mean}").format(
                         topic=topic, did_you_mean=did_you_mean(name, known)), hint=_("'planctl help' lists them"))


def topic_page(file_name: str) -> str:
    """The text of the docs/ page `file_name` (`"plan-format.md"`) in the language `_()` speaks now: the page of
    docs/<PAGE_FOLDERS[language]>/ when it exists, else the English one of docs/."""
    from importlib import resources

    docs = resources.files("planctl").joinpath("docs")
    folder = PAGE_FOLDERS.get(current_language())
    if folder is not None:
        translated = docs.joinpath(folder, file_name)
        if translated.is_file():
            return translated.read_text(encoding="utf-8")
    return docs.joinpath(file_name).read_text(encoding="utf-8")


def command_help(name: str) -> str:
    """A command's --help text, as `planctl NAME --help` prints it."""
    command = _commands()[name]
    group = typer.main.get_command(app)
    root = typer.Context(group, info_name="planctl", **group.context_settings)  # -h as well as --help
    translate_tree(command)  # a tree built here, not the run's: its help in the reader's language too
    with typer.Context(command, info_name=name, parent=root) as ctx:
        return str(command.get_help(ctx)) + "\n"


def _commands() -> dict[str, Any]:
    """The commands as Typer builds them (Click commands: name → command)."""
    commands: dict[str, Any] = getattr(typer.main.get_command(app), "commands", {})
    return commands
