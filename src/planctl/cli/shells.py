"""Shell completion as bash, zsh and fish users expect it, on top of Typer's.

- `--show-completion zsh` and `--install-completion zsh` use the shell named, not the one planctl
  was started from (Typer takes no shell name unless its detection is turned off).
- The zsh script completes on the first TAB after installation: installed as `~/.zfunc/_planctl`,
  zsh autoloads it on that TAB and runs it as the completion function, so when it is autoloaded it
  completes instead of only registering itself with `compdef`.
- Candidates found in the middle of a title (`done 调研` → 拟定调研课题) are offered: Typer keeps only
  candidates that start with what was typed, so its filter is lifted (planctl's completers choose
  what matches), and zsh is given a matcher that finds the typed text anywhere in a candidate.
- A title with spaces is offered quoted for bash (zsh and fish quote what they insert themselves).
"""

from __future__ import annotations

import os
from typing import Any

from planctl.i18n import _

SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")
PROG = "planctl"
COMPLETE_VAR = "_PLANCTL_COMPLETE"
_OPTIONS = ("--show-completion", "--install-completion")


def named_shell_request(args: list[str]) -> tuple[str, str] | None:
    """(option, shell) when the command line is `--show-completion SHELL` or `--install-completion SHELL`
    (also `--option=SHELL`), and `--install-completion` alone with the shell Typer detects (so that what
    it says is planctl's, in the reader's language), else None."""
    for index, word in enumerate(args):
        option, _, value = word.partition("=")
        if option not in _OPTIONS:
            continue
        shell = value or (args[index + 1] if index + 1 < len(args) else "")
        if shell in SHELLS:
            return option, shell
        if option == "--install-completion" and not value:
            detected = _detected_shell()
            if detected in SHELLS:
                return option, detected
    return None


def _detected_shell() -> str | None:
    """The shell planctl runs under, as Typer's own `--install-completion` detects it (None: not known)."""
    from typer._completion_shared import _get_shell_name

    return _get_shell_name()


def script(shell: str) -> str:
    """The completion script for `shell`, with the zsh fixes this module's docstring describes."""
    from typer._completion_shared import get_completion_script

    text = get_completion_script(prog_name=PROG, complete_var=COMPLETE_VAR, shell=shell)
    if shell == "zsh":
        text = _zsh(text)
    return text


def _zsh(text: str) -> str:
    function = "_planctl_completion"
    register = f"compdef {function} {PROG}"
    autoloaded = (f'if [[ "${{funcstack[1]}}" == "_{PROG}" ]]; then\n'
                  f'    {function} "$@"  # autoloaded from ~/.zfunc on the first TAB: complete now\n'
                  f"else\n    {register}\nfi")
    return text.replace(register, autoloaded)


def show(shell: str) -> int:
    print(script(shell), end="" if script(shell).endswith("\n") else "\n")
    return 0


def install(shell: str) -> int:
    """Install as Typer does for `shell` (its rc-file lines and script file), then write our script there."""
    from typer._completion_shared import install as typer_install

    os.environ["_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION"] = "1"
    installed_shell, path = typer_install(shell=shell, prog_name=PROG, complete_var=COMPLETE_VAR)
    if installed_shell == "zsh":
        path.write_text(script("zsh"), encoding="utf-8")
    print(_("{installed_shell} completion installed in {path}").format(installed_shell=installed_shell, path=path))
    print(_("Completion will take effect once you restart the terminal"))
    return 0


def run_named_shell_request(args: list[str]) -> int | None:
    request = named_shell_request(args)
    if request is None:
        return None
    option, shell = request
    return show(shell) if option == "--show-completion" else install(shell)


def unfiltered(command: Any) -> None:
    """Let every parameter's completer offer what it finds, not only what starts with the word typed
    (and zsh too: see zsh_answer)."""
    from planctl.cli.completion import use_plain_help

    use_plain_help()
    if os.environ.get(COMPLETE_VAR) == "complete_zsh":
        _use_zsh_answer()
    for param in getattr(command, "params", []):
        custom = getattr(param, "_custom_shell_complete", None)
        inner = _closed_over(custom, "autocompletion")
        if inner is not None:
            param._custom_shell_complete = _without_prefix_filter(inner)
    for sub in getattr(command, "commands", {}).values():
        unfiltered(sub)


def _closed_over(function: Any, name: str) -> Any:
    """The value `function` closed over under `name` (Typer's wrapper keeps the completer so), or None."""
    code = getattr(function, "__code__", None)
    if code is None or name not in code.co_freevars:
        return None
    return function.__closure__[code.co_freevars.index(name)].cell_contents


def _without_prefix_filter(autocompletion: Any) -> Any:
    """Typer's wrapper around a completer, less its `startswith` filter."""
    from typer._click.shell_completion import CompletionItem

    def complete(ctx: Any, _param: Any, incomplete: str) -> list[Any]:
        items = []
        for found in autocompletion(ctx, [], incomplete):
            value, help_text = found if isinstance(found, tuple) else (found, None)
            items.append(CompletionItem(for_shell(value), help=help_text))
        return items

    return complete


def for_shell(value: str) -> str:
    """A candidate as the shell asking for it inserts it: bash inserts it as is, so spaces are escaped."""
    if os.environ.get(COMPLETE_VAR) == "complete_bash" and any(c.isspace() or c in "\"'\\$`" for c in value):
        import re

        return re.sub(r"([\s\"'\\$`])", r"\\\1", value)
    return value


ANYWHERE = "l:|=* r:|=*"  # a zsh matcher: what was typed may be anywhere in a candidate


def zsh_answer(values: list[tuple[str, str | None]], incomplete: str) -> str:
    """What the zsh script evals: `compadd` with a matcher that finds the word typed anywhere in a
    candidate (so 拟定调研课题 is offered for 调研, and the typed text stays while it is ambiguous);
    files when planctl has nothing to offer, as Typer's script does."""
    if not values:
        return "_files"
    words = " ".join(_zsh_quote(value) for value, _ in values)
    shown = " ".join(_zsh_quote(f"{value}  -- {help_text}" if help_text else value) for value, help_text in values)
    return (f"local -a _planctl_v _planctl_d; _planctl_v=({words}); _planctl_d=({shown}); "
            f"compadd -M {_zsh_quote(ANYWHERE)} -l -d _planctl_d -a _planctl_v")


def _zsh_quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def _use_zsh_answer() -> None:
    from typer._click.shell_completion import add_completion_class
    from typer._completion_classes import ZshComplete

    class PlanctlZsh(ZshComplete):
        def complete(self) -> str:
            args, incomplete = self.get_completion_args()
            found = self.get_completions(args, incomplete)
            return zsh_answer([(item.value, item.help) for item in found], incomplete)

    add_completion_class(PlanctlZsh, "zsh")
