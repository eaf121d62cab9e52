"""The command line in the reader's language: Typer's help texts and the parser's own messages.

Two things planctl does not write with `_()` reach the reader through Typer:

- the help of commands and options (`help="..."` and command docstrings): `TranslatedGroup.main` translates them
  on the Click command tree of each run (tools/i18n.py extracts them into the catalog);
- the messages of Typer's vendored Click (`typer._click`: "Usage:", "No such option", "Missing argument",
  "Try ... for help."), which are plain English f-strings, not gettext calls: `translate_message` matches a
  message against the English templates of CLICK_MESSAGES and rebuilds it from the template's translation (the
  captured parts translated in turn: a message may hold another); `install()` routes Click's usage line, error
  display, help option and Typer's own gettext words ("Options", "default: ...") through planctl's catalog.

Typer is pinned below 0.29 (pyproject); tests/test_i18n.py shows the Chinese `--help` and errors, so a Typer whose
messages changed fails there rather than leaking English.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from functools import lru_cache
from typing import IO, Any

import typer
import typer.core
from typer import _click
from typer._click import exceptions as click_exceptions
from typer._click import formatting as click_formatting
from typer._click._compat import get_text_stderr

from planctl import i18n
from planctl.i18n import N_, _

CLICK_MESSAGES = (  # the English of typer._click's messages; longest and most specific first
    N_("{message} (Possible options: {options})"),
    N_("{message}. Did you mean {suggestions}?"),
    N_("No such option: {name}"),
    N_("No such command {name}."),
    N_("Missing argument {name}."),
    N_("Missing option {name}."),
    N_("Missing parameter {name}."),
    N_("Missing command."),
    N_("Invalid value for {name}: {message}"),
    N_("Invalid value: {message}"),
    N_("{value} is not a valid integer."),
    N_("{value} is not a valid int."),
    N_("{value} is not a valid float."),
    N_("{value} is not a valid boolean. Recognized values: {values}"),
    N_("{value} is not one of {choices}."),
    N_("{value} is not in the range {range}."),
    N_("Option {name} requires an argument."),
    N_("Option {name} requires {count} arguments."),
    N_("Option {name} does not take a value."),
    N_("Got unexpected extra argument ({arguments})"),
    N_("Got unexpected extra arguments ({arguments})"),
    N_("Got unexpected extra argument(s) ({arguments})"),
    N_("Argument {name} takes {count} values."),
)
# Typer's own gettext words (typer.core, typer.rich_utils), here so that the catalog has them.
TYPER_WORDS = (N_("Arguments"), N_("Options"), N_("Commands"), N_("default: {default}"), N_("required"),
               N_("env var: {var}"), N_("(dynamic)"), N_("Aborted!"), N_("No such command {name!r}."))
# The placeholders of the usage line ("Usage: planctl [OPTIONS] COMMAND [ARGS]...").
USAGE_WORDS = (N_("[OPTIONS]"), N_("COMMAND"), N_("[ARGS]"))
# The placeholders of options and arguments in help and usage lines (`--today DATE`, `TARGET`, `<str>`): the
# words of `_metavar`, translated one by one; a choice's values (text|md|html) are typed as they are and kept.
METAVAR_WORDS = frozenset((N_("str"), N_("int"), N_("int range"), N_("float"), N_("boolean"), N_("TEXT"), N_("INTEGER"),
                           N_("DATE"), N_("DAY"), N_("MONTH"), N_("FILE"), N_("PATH"), N_("PLAN"), N_("DOCUMENT"),
                           N_("TOPIC"), N_("ID"), N_("YYYY"), N_("SHELL"), N_("target"), N_("base"), N_("ours"),
                           N_("theirs"), N_("PERSON"), N_("WHO"), N_("UNIT"), N_("AMOUNT"), N_("NOTE"), N_("PHASE"),
                           N_("ITEM"), N_("DAYS"), N_("LENGTH"), N_("COLUMNS"), N_("LABEL")))
# What an option takes, named once for every command that has it, in both languages (`--today DATE`, `--by PERSON`;
# `--today 日期`, `--by 人员` through METAVAR_WORDS): Typer's own `<str>`/`<文字>` said nothing of what to write.
OPTION_METAVARS = {
    "--plan": "FILE", "--today": "DATE", "--date": "DATE", "--since": "DATE", "--until": "DATE", "--from": "DATE",
    "--to": "DATE", "--by": "PERSON", "--who": "WHO", "--unit": "UNIT", "--amount": "AMOUNT", "--note": "NOTE",
    "--phase": "PHASE", "--item": "ITEM", "--days": "DAYS", "--marker-size": "LENGTH", "--width": "COLUMNS",
    "--path": "PATH", "--for": "MONTH", "--label-ours": "LABEL", "--label-base": "LABEL", "--label-theirs": "LABEL",
}
# The help of Typer's own options.
HELP_WORDS = (N_("Show this message and exit."), N_("Install completion for the current shell."),
              N_("Show completion for the current shell, to copy it or customize the installation."),
              N_("Install completion for the specified shell."),
              N_("Show completion for the specified shell, to copy it or customize the installation."))


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    compiled = []
    for template in CLICK_MESSAGES:
        parts = re.split(r"\{(\w+)\}", template)
        regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts))
        compiled.append((re.compile(regex, re.DOTALL), template))
    return tuple(compiled)


def translate_message(message: str) -> str:
    """`message` (one of Click's, in English) in the chosen language; itself when no template matches."""
    if not i18n.is_chinese():
        return message
    for pattern, template in _patterns():
        found = pattern.fullmatch(message)
        if found:
            parts = {name: translate_message(value) for name, value in found.groupdict().items()}
            return _(template).format(**parts)
    return message


class TranslatedGroup(typer.core.TyperGroup):
    """planctl's root group: each run chooses the language afresh and shows help and parser errors in it."""

    def main(self, args: Sequence[str] | None = None, *rest: Any, **kwargs: Any) -> Any:
        i18n.reset()
        install()
        translate_tree(self)
        try:
            return super().main(args, *rest, **kwargs)
        finally:
            i18n.reset()


def translate_tree(command: _click.Command) -> None:
    """The help of `command`, its parameters and its sub-commands, in the chosen language (kept English when
    English is chosen; the English source is kept on the object, so a later run in another language starts from it)."""
    chinese = i18n.is_chinese()
    source = _source(command, "help")
    if source:
        command.help = _(source) if chinese else source
        if chinese:
            command.short_help = _summary(command.help)
        elif getattr(command, "_planctl_short_help", None) is None:
            command.short_help = None
    for param in command.params:
        text = _source(param, "help")
        if text:
            param.help = _(text) if chinese else text  # type: ignore[attr-defined]
    if isinstance(command, typer.core.TyperGroup):
        for sub in command.commands.values():
            translate_tree(sub)


def _source(thing: Any, attribute: str) -> str | None:
    key = f"_planctl_{attribute}"
    if not hasattr(thing, key):
        setattr(thing, key, getattr(thing, attribute, None))
    found: str | None = getattr(thing, key)
    return found


def _summary(text: str) -> str:
    """The first sentence of a Chinese help text: what the list of commands shows beside each name."""
    first = text.strip().split("\n\n")[0].replace("\n", "")
    ends = [i for i in (first.find("。"), first.find("：")) if i >= 0]
    return first[: min(ends)] + "。" if ends else first


_installed = False




def install() -> None:
    """Route Typer's and its Click's words through planctl's catalog (once per process)."""
    global _installed
    if _installed:
        return
    _installed = True
    typer.core._ = _  # type: ignore[attr-defined]
    rich_utils = sys.modules.get("typer.rich_utils")  # never imported for it: it loads all of Rich (start-up)
    if rich_utils is not None:
        rich_utils._ = _  # type: ignore[attr-defined]
    click_exceptions.ClickException.show = _show_error  # type: ignore[method-assign]
    click_exceptions.UsageError.show = _show_usage_error  # type: ignore[method-assign]
    formatter = click_formatting.HelpFormatter
    english_write_usage = formatter.write_usage

    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        for word in USAGE_WORDS:
            args = args.replace(word, _(word))
        english_write_usage(self, prog, args, _("Usage: ") if prefix is None else prefix)

    formatter.write_usage = write_usage  # type: ignore[method-assign]
    english_heading = formatter.write_heading

    def write_heading(self: Any, heading: str) -> None:  # "选项：", not "选项:" (Click adds an ASCII colon)
        if i18n.is_chinese():
            self.write(f"{'':>{self.current_indent}}{heading}：\n")
        else:
            english_heading(self, heading)

    formatter.write_heading = write_heading  # type: ignore[method-assign]
    english_term_len = click_formatting.term_len  # type: ignore[attr-defined]

    def term_len(x: str) -> int:  # the option column lines up when a placeholder is Chinese (`--today 日期`)
        if not any(ord(char) >= 0x1100 for char in x):
            return int(english_term_len(x))
        from planctl.output.cells import cell_width

        return cell_width(_click._compat.strip_ansi(x))

    click_formatting.term_len = term_len  # type: ignore[attr-defined]
    _patch_metavars()
    _patch_help_option()
    _patch_help_brackets()
    _refuse_repeated_options()
    formatting_wrap_text = click_formatting.wrap_text

    def wrap_text(text: str, *args: Any, **kwargs: Any) -> str:
        if any(ord(char) >= 0x1100 for char in text):  # wide text (Chinese help, 4月12日 in English): by cells
            from typer._click import _textwrap

            _textwrap.TextWrapper = cell_wrapper()  # type: ignore[misc,assignment]
        return formatting_wrap_text(text, *args, **kwargs)

    click_formatting.wrap_text = wrap_text


def translate_metavar(text: str) -> str:
    """A parameter's placeholder in the chosen language: `<str>` → `<文字>`, `target` → `事项`, `DATE` → `日期`;
    the values of a choice (`text|md|html`) and unknown words are kept as typed."""
    if not i18n.is_chinese():
        return text
    return re.sub(r"[A-Za-z]+(?: range)?", lambda m: _(m[0]) if m[0] in METAVAR_WORDS else m[0], text)


def argument_placeholder(typer_metavar: str) -> str:
    """An argument's placeholder as usage lines write one, not Typer's `{target}` for a required one (braces
    read as a set to type, or a template left unfilled): in English its name in capitals as Click writes them
    (TARGET, [PATH]); in Chinese its word, a required one in angle brackets as Chinese manuals write them
    (<事项>: bare Chinese words would run together, as the wrapper joins them without spaces)."""
    required = typer_metavar.startswith("{") and typer_metavar.endswith("}")
    shown = translate_metavar(typer_metavar[1:-1] if required else typer_metavar)
    if not i18n.is_chinese():
        return shown.upper()
    return f"<{shown}>" if required else shown


def _named_metavar(param: Any) -> str | None:
    """OPTION_METAVARS' placeholder for an option that names none of its own (None for any other parameter)."""
    if getattr(param, "metavar", None) is not None or getattr(param, "param_type_name", "") != "option":
        return None
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return None
    return OPTION_METAVARS.get(next((name for name in param.opts if name.startswith("--")), ""))


def _patch_metavars() -> None:
    """Every placeholder Click or Typer shows (help, usage line, 'Missing argument'), through translate_metavar."""
    parameter = _click.core.Parameter
    english_parameter = parameter.make_metavar

    def parameter_metavar(self: Any, ctx: Any) -> str:
        named = _named_metavar(self)
        return translate_metavar(named if named else english_parameter(self, ctx))

    parameter.make_metavar = parameter_metavar  # type: ignore[method-assign]
    argument = typer.core.TyperArgument
    english_argument = argument.make_metavar

    def argument_metavar(self: Any, ctx: Any, *, usage: bool = False) -> str:
        return argument_placeholder(english_argument(self, ctx, usage=usage))

    argument.make_metavar = argument_metavar  # type: ignore[method-assign]
    english_hint = argument.get_error_hint

    def error_hint(self: Any, ctx: Any) -> str:
        return translate_metavar(english_hint(self, ctx))

    argument.get_error_hint = error_hint  # type: ignore[method-assign]


RANGE_WORDS = (N_("at least {min}"), N_("more than {min}"), N_("at most {max}"), N_("less than {max}"),
               N_("{min} to {max}"))


def describe_range(low: object, high: object, low_open: bool, high_open: bool) -> str:
    """A number option's range in the reader's words: `x>=1` in English (Click's), `至少 1` in Chinese."""
    if not i18n.is_chinese():
        if low is None:
            return f"x{'<' if high_open else '<='}{high}"
        if high is None:
            return f"x{'>' if low_open else '>='}{low}"
        return f"{low}{'<' if low_open else '<='}x{'<' if high_open else '<='}{high}"
    if low is None:
        return (_("less than {max}") if high_open else _("at most {max}")).format(max=high)
    if high is None:
        return (_("more than {min}") if low_open else _("at least {min}")).format(min=low)
    return _("{min} to {max}").format(min=low, max=high)


def chinese_brackets(help_text: str) -> str:
    """`…。  [默认：7; x>=1]` (Typer's default/range brackets) as `…。［默认：7；至少 1］` in Chinese: full-width
    brackets and semicolons, no spaces between Chinese marks (docs/glossary.md "排版"); English is kept."""
    found = re.search(r"  \[([^\[\]\n]*)\]$", help_text)
    if not i18n.is_chinese() or not found:
        return help_text
    return help_text[:found.start()] + "［" + found[1].replace("; ", "；") + "］"


def _patch_help_brackets() -> None:
    """Every option's and argument's help record, and every number range, through chinese_brackets/describe_range."""
    from typer._click import types

    def describe(self: Any) -> str:
        return describe_range(self.min, self.max, self.min_open, self.max_open)

    types._NumberRangeBase._describe_range = describe  # type: ignore[method-assign]
    for kind in (typer.core.TyperOption, typer.core.TyperArgument):
        _wrap_help_record(kind)


def _refuse_repeated_options() -> None:
    """An option that takes one value given twice (`done --for 6月 --occurrence 7月`, `--by a --by b`) is a
    usage error (exit 2) naming it, where Click would keep the last value without a word. Flags (`-q -q`) and
    options taking many values are left alone; shell completion (resilient parsing) too.
    So is an option followed by another of the command's options where its value should be
    (`import o.txt --report --dry-run`): Click takes the second as the first's value (a report file named
    `--dry-run`, and no dry run)."""
    english = typer.core.TyperCommand.make_parser

    def make_parser(self: Any, ctx: Any) -> Any:
        parser = english(self, ctx)
        parse = parser.parse_args

        def parse_args(args: list[str]) -> Any:
            if not ctx.resilient_parsing:
                _refuse_option_as_value(ctx, args)
            opts, rest, order = parse(args)
            if not ctx.resilient_parsing:
                _refuse_repeated(ctx, order)
            return opts, rest, order

        parser.parse_args = parse_args  # type: ignore[method-assign]
        return parser

    typer.core.TyperCommand.make_parser = make_parser  # type: ignore[method-assign]
    english_group = typer.core.TyperGroup.make_parser

    def make_group_parser(self: Any, ctx: Any) -> Any:  # the root's and `export`'s options before the command
        parser = english_group(self, ctx)
        parse = parser.parse_args

        def parse_args(args: list[str]) -> Any:
            if not ctx.resilient_parsing:
                _refuse_option_as_value(ctx, args, before_command=True)
            return parse(args)

        parser.parse_args = parse_args  # type: ignore[method-assign]
        return parser

    typer.core.TyperGroup.make_parser = make_group_parser  # type: ignore[method-assign]


def _refuse_option_as_value(ctx: Any, args: list[str], *, before_command: bool = False) -> None:
    """UsageError when an option that takes a value is followed by one of the command's own option names
    (`-o --quiet`, `-qo --week`: the last of clustered short options takes the next word): the value was
    forgotten. A value given with `=` (`--note=--again`) or attached (`-ofile`) is taken as written.
    `before_command`: a group's options, read up to the first word that is neither an option nor its value."""
    options = [param for param in ctx.command.params if getattr(param, "param_type_name", "") == "option"]
    names = {name for param in options for name in (*param.opts, *param.secondary_opts)} | set(ctx.help_option_names)
    takes_value = {name for param in options if not param.is_flag and not param.count for name in param.opts}
    at = 0
    while at < len(args):
        word = args[at]
        if word == "--" or (before_command and not word.startswith("-")):
            return
        option = _value_taker(word, takes_value, names)
        if option is not None and at + 1 < len(args):
            if args[at + 1] in names:
                raise click_exceptions.UsageError(_("{option} needs a value, but {other} follows it; give {option} its value "
                                                    "first").format(option=option, other=args[at + 1]), ctx=ctx)
            at += 1
        at += 1


def _value_taker(word: str, takes_value: set[str], names: set[str]) -> str | None:
    """The option of `word` that takes the next word as its value: the word itself (`--output`, `-o`), or the
    last of short options written together (`-qo`) when those before it are flags; else None."""
    if word in takes_value:
        return word
    if word.startswith("--") or not word.startswith("-") or len(word) < 3:
        return None
    letters = [f"-{letter}" for letter in word[1:]]
    if all(letter in names and letter not in takes_value for letter in letters[:-1]) and letters[-1] in takes_value:
        return letters[-1]
    return None


def _refuse_repeated(ctx: Any, order: list[Any]) -> None:
    """UsageError when a one-value option is in `order` (the parser's options as given) more than once."""
    seen: set[str] = set()
    for param in order:
        if getattr(param, "param_type_name", "") != "option" or param.is_flag or param.multiple or param.count:
            continue
        if param.name in seen:
            raise click_exceptions.UsageError(_("{option} is given more than once; give it once").format(
                option=" / ".join(param.opts)), ctx=ctx)
        seen.add(param.name or "")


def _wrap_help_record(kind: Any) -> None:
    english = kind.get_help_record

    def help_record(self: Any, ctx: Any) -> tuple[str, str] | None:
        record = english(self, ctx)
        return None if record is None else (record[0], chinese_brackets(record[1]))

    kind.get_help_record = help_record


def confirm(question: str, *, default: bool) -> bool:
    """A yes/no question on stderr. English: Click's `[y/N]`. Chinese: the same letters with what to type
    (`[y/N]（输入 y 确认）`), and 是/否 are answers as well as y/n; an empty answer is `default`. Full-width
    letters (ｙ, typed with a Chinese input method) are their ASCII forms (Unicode NFKC), in both languages.
    typer.Abort at the end of input or on Ctrl-C, as typer.confirm."""
    import unicodedata

    if not i18n.is_chinese():
        hint, suffix = ("[Y/n]" if default else "[y/N]"), ": "  # as Click's own confirm asks
    else:
        hint, suffix = _("[Y/n] (press Enter or type y to go ahead, n to stop)") if default else _("[y/N] (type y to go ahead)"), " "
    while True:
        answer = typer.prompt(f"{question} {hint}", default="", show_default=False, err=True, prompt_suffix=suffix)
        word = unicodedata.normalize("NFKC", answer).strip().lower()
        if not word:
            return default
        if word in YES_WORDS:
            return True
        if word in NO_WORDS:
            return False
        _click.echo(_("Please answer y or n."), err=True)


YES_WORDS = frozenset(("y", "yes", "是", "是的", "好", "确认", "对"))
NO_WORDS = frozenset(("n", "no", "否", "不", "不是", "取消"))


def _patch_help_option() -> None:
    from typer._click import decorators

    english = decorators.help_option

    def help_option(param_decls: list[str]) -> Any:
        def add(command: _click.Command) -> _click.Command:
            english(param_decls)(command)
            command.params[-1].help = _("Show this message and exit.")  # type: ignore[attr-defined]
            return command

        return add

    decorators.help_option = help_option


def _show_error(self: click_exceptions.ClickException, file: IO[Any] | None = None) -> None:
    _click.echo(_error_line(self), file=file or get_text_stderr(), color=self.show_color)


def _error_line(error: click_exceptions.ClickException) -> str:
    """Click's error in planctl's own form (`planctl: error: …`, as cli/error_handler.py says every other)."""
    return _("planctl: error: {message}").format(message=translate_message(error.format_message()))


def _show_usage_error(self: click_exceptions.UsageError, file: IO[Any] | None = None) -> None:
    """The error first, in planctl's form, then the command's usage and where its help is."""
    out = file or get_text_stderr()
    ctx = self.ctx
    _click.echo(_error_line(self), file=out, color=ctx.color if ctx else None)
    if ctx is not None:
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            hint = "\n" + _("Try '{command} {option}' for help.").format(command=ctx.command_path,
                                                                         option=ctx.help_option_names[0])
        _click.echo(f"{ctx.get_usage()}{hint}", file=out, color=ctx.color)


_WIDE = ("\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff"
         "\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6")


@lru_cache(maxsize=1)
def _chunks() -> re.Pattern[str]:
    return re.compile(f"[{_WIDE}]|\\s+|[^\\s{_WIDE}]+")


@lru_cache(maxsize=1)
def _wide() -> re.Pattern[str]:
    return re.compile(f"[{_WIDE}]")


@lru_cache(maxsize=1)
def cell_wrapper() -> type:
    """Click's help wrapper, measuring terminal cells and breaking lines by planctl's one rule (output/breaks.py:
    between two Chinese characters, never a number from its unit such as `4月12日`, never a line starting with
    `，` or ending with `（`); Click counts characters and breaks only at spaces, so Chinese help ran past the
    terminal's edge. Text with no wide character is wrapped exactly as Click does. Built on first use."""
    from typer._click._textwrap import TextWrapper

    class CellWrapper(TextWrapper):
        def _split(self, text: str) -> list[str]:
            if not _wide().search(text):
                return list(super()._split(text))
            chunks = _chunks().findall(text)
            kept = []
            for i, chunk in enumerate(chunks):  # a line break inside a Chinese sentence is no space
                if chunk.isspace() and 0 < i < len(chunks) - 1 and _unspaced(chunks[i - 1][-1], chunks[i + 1][0]):
                    continue
                kept.append(chunk)
            return kept

        def wrap(self, text: str) -> list[str]:
            if not _wide().search(text):
                return list(super().wrap(text))
            from planctl.output.breaks import fold
            from planctl.output.cells import cell_width

            joined = re.sub(r"\s+", " ", "".join(self._split(text))).strip()
            first = max(self.width - cell_width(self.initial_indent), 1)
            lines = fold(joined, max(self.width - cell_width(self.subsequent_indent), 1), fill=True, first=first)
            return [(self.subsequent_indent if i else self.initial_indent) + line for i, line in enumerate(lines)]

    return CellWrapper


def _unspaced(before: str, after: str) -> bool:
    """Whether a line break between `before` and `after` in a help text is no space: between two Chinese
    characters, or beside a full-width mark (`匹配；git 的`: docs/glossary.md "排版")."""
    return _is_wide(before) and _is_wide(after) or before in _MARKS or after in _MARKS


_MARKS = frozenset("，。、；：！？（）《》「」『』【】")


def _is_wide(char: str) -> bool:
    return bool(_wide().match(char))
