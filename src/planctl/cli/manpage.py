"""planctl(1) in roff, made from the help the commands print (`planctl help --man`), so it cannot drift.

Each command's section holds its help text and one entry per argument and option, from the same
help records `--help` prints; the exit codes come from planctl.errors.
"""

from __future__ import annotations

from typing import Any

import typer

from planctl import __version__
from planctl.cli.app import app
from planctl.cli.translate import translate_tree
from planctl.errors import EXIT_CONFLICT, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from planctl.i18n import N_, _, listed

# The man page's own words (section names), for the catalog: render() shows them through _().
MAN_WORDS = (N_("User Commands"), N_("NAME"), N_("SYNOPSIS"), N_("DESCRIPTION"), N_("OPTIONS"), N_("COMMANDS"),
             N_("ARGS"), N_("EXIT STATUS"), N_("ENVIRONMENT"), N_("SEE ALSO"))
TOPICS = ("format", "due", "git", "export", "report", "schema")
EXIT_STATUS = [
    (EXIT_OK, N_("success; check: the plan is clean (warnings allowed)")),
    (EXIT_PROBLEMS, N_("the plan has errors (the views still show what the errors do not touch), a write was refused "
                       "or failed, due --strict found something overdue or behind")),
    (EXIT_USAGE, N_("usage error: bad option or date, no such plan file, unknown or ambiguous task")),
    (EXIT_CONFLICT, N_("the plan kept changing on disk or stayed locked by another planctl; nothing was written")),
    (EXIT_INTERNAL, N_("internal error (a bug in planctl)")),
    (EXIT_INTERRUPTED, N_("interrupted (Ctrl-C)")),
]
ENVIRONMENT = [
    ("PLANCTL_PLAN", N_("the plan file when --plan is not given")),
    ("PLANCTL_TODAY", N_("the day to look from, and the day done records, when not given")),
    ("PLANCTL_CACHE", N_("0 turns the cache in .planctl-cache/ off")),
    ("NO_COLOR, FORCE_COLOR, CLICOLOR_FORCE, TERM", N_("colour: never, always, always, never when dumb")),
    ("COLUMNS", N_("the width of text output (else the terminal's, else 80)")),
    ("PLANCTL_PAGER, PAGER", N_("the pager for long output on a terminal (else less)")),
]


def escape(text: str) -> str:
    """Text made safe for roff: backslashes, hyphens, and a leading dot or quote on a line."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\n".join("\\&" + line if line[:1] in (".", "'") else line for line in text.split("\n"))


def render() -> str:
    group = typer.main.get_command(app)
    translate_tree(group)  # the help of each command and option in the reader's language, as --help shows it
    root = typer.Context(group, info_name="planctl", **group.context_settings)  # -h as well as --help
    about = (group.help or "").strip()
    out = [f'.TH PLANCTL 1 "" "planctl {__version__}" "{_("User Commands")}"', f".SH {_('NAME')}",
           f"planctl \\- {escape(about)}", f".SH {_('SYNOPSIS')}", ".B planctl",
           f"[\\fI{_('OPTIONS')}\\fR] \\fI{_('COMMAND')}\\fR [\\fI{_('ARGS')}\\fR]...",
           f".SH {_('DESCRIPTION')}", escape(about), f".SH {_('OPTIONS')}", *_params(group, root), f".SH {_('COMMANDS')}"]
    commands: dict[str, Any] = getattr(group, "commands", {})
    for name, command in commands.items():
        if getattr(command, "hidden", False):
            continue
        with typer.Context(command, info_name=name, parent=root) as ctx:
            out += [f'.SS "planctl {name}"', *_paragraphs(command.help or ""), *_params(command, ctx)]
    out.append(f".SH {_('EXIT STATUS')}")
    for code, meaning in EXIT_STATUS:
        out += [".TP", f".B {code}", escape(_(meaning))]
    out.append(f".SH {_('ENVIRONMENT')}")
    for name, meaning in ENVIRONMENT:
        out += [".TP", f".B {escape(name)}", escape(_(meaning))]
    out += [f".SH {_('SEE ALSO')}", f"\\fBplanctl help\\fR \\fI{_('TOPIC')}\\fR " + _("({topics})").format(topics=listed(TOPICS))]
    return "\n".join(out) + "\n"


def _paragraphs(text: str) -> list[str]:
    out: list[str] = []
    for block in text.strip().split("\n\n"):
        out += [".PP", escape(_joined([line.strip() for line in block.splitlines()]))]
    return out


def _joined(lines: list[str]) -> str:
    """The lines of a paragraph as one: a space between words, none where a line ends or starts in Chinese."""
    text = ""
    for line in lines:
        wide = text and (ord(text[-1]) >= 0x2E80 or (line and ord(line[0]) >= 0x2E80))
        text += line if not text or wide else " " + line
    return text


def _params(command: Any, ctx: Any) -> list[str]:
    out: list[str] = []
    for param in command.get_params(ctx):
        record = param.get_help_record(ctx)
        if record is None:
            continue
        names, help_text = record
        out += [".TP", f"\\fB{escape(names)}\\fR", escape(help_text or "")]
    return out
