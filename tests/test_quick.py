"""The quick way into `due` and `done` (cli/quick.py) is Typer's way, without Typer.

Its tables are the Typer commands' options (no more, no fewer, same flags and defaults); a table of
command lines, good and bad, gives the same stdout, stderr and exit code both ways, in English and in
Chinese; and `due` on the bundled plan really does run without Typer or Rich's console.
"""

from __future__ import annotations

import contextlib
import gc
import io
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
import typer

from planctl import i18n
from planctl.cli import main, quick
from planctl.output import messages

ROOT_DIR = Path(__file__).resolve().parent.parent
SEED = ROOT_DIR / "plan.yaml"
LEFT_TO_TYPER = frozenset({"--version", "--install-completion", "--show-completion"})  # root options the quick way never reads


def _click_command(name: str | None) -> Any:
    """The Click command Typer builds for `name` (None: the root; "export ics": a group's command), as
    RootGroup (and the group) hands it out."""
    app = main._app()
    command: Any = typer.main.get_command(app)
    for word in (name or "").split():
        command = command.get_command(typer.Context(command), word)
    return command


QUICK_COMMANDS = {**quick.COMMANDS, **{f"{group} {name}": command for group, table in quick.GROUPS.items()
                                       for name, command in table.commands.items()}}


def _kind(param: Any) -> str:
    name = str(param.type.name)
    kinds: dict[str, str] = {"int": quick.WHOLE, "str": quick.TEXT}
    return str(quick.FLAG) if param.is_flag else kinds.get(name, f"not read quickly: {name}")


def _typer_options(command: Any, leave: frozenset[str] = frozenset()) -> tuple[dict[str, quick.Option], dict[str, Any]]:
    options, defaults = {}, {}
    for param in command.params:
        if param.param_type_name != "option" or set(param.opts) & leave:
            continue
        for spelling in [*param.opts, *param.secondary_opts]:
            options[spelling] = quick.Option(param.name, _kind(param))
        defaults[param.name] = param.default
    return options, defaults


@pytest.mark.parametrize("name", sorted(QUICK_COMMANDS))
def test_the_tables_are_the_typer_commands_options(name: str) -> None:
    command = _click_command(name)
    options, defaults = _typer_options(command)
    table = QUICK_COMMANDS[name]
    assert table.options == options
    arguments = [p for p in command.params if p.param_type_name == "argument"]
    assert table.defaults == {**defaults, **{p.name: p.default for p in arguments if not p.required}}
    rest = [p for p in arguments if p.nargs == -1]  # `check`'s plans: every word left
    assert table.rest == (rest[0].name if rest else None)
    arguments = [p for p in arguments if p.nargs != -1]
    assert table.arguments == tuple(p.name for p in arguments if p.required)
    assert table.optional == tuple(p.name for p in arguments if not p.required)
    assert arguments == sorted(arguments, key=lambda p: not p.required)  # the required ones first
    assert all(p.nargs == 1 for p in arguments)
    assert len(rest) <= 1 and not (rest and table.optional)  # a rest takes the words after the fixed ones


@pytest.mark.parametrize("name", sorted(quick.GROUPS))
def test_a_groups_table_is_its_options(name: str) -> None:
    options, _defaults = _typer_options(_click_command(name))
    assert quick.GROUPS[name].options == options


def test_the_root_table_is_the_roots_options_but_those_left_to_typer() -> None:
    options, defaults = _typer_options(_click_command(None), leave=LEFT_TO_TYPER)
    assert options == quick.ROOT
    assert defaults == quick.ROOT_DEFAULTS


# --- the same command lines both ways ----------------------------------------------------------------------------

P = "plan.yaml"
D = "2009-04-12"
QUICK_LINES = [
    ["due", "-f", P, "--today", D],
    ["due", f"--plan={P}", f"--today={D}", "--days", "3"],
    ["-f", P, "due", "--today", D, "-a"],
    ["--today", D, "-f", P, "due"],
    ["-q", "due", "-f", P, "--today", D, "--strict"],
    ["due", "-f", P, "--today", D, "-q", "--json"],
    ["--no-pager", "due", "-f", P, "--today", D, "--who", "zhangwei", "-d", "30"],
    ["due", "-f", P, "--today", D, "-p", "2", "-w", "branches"],
    ["due", "-f", P, "--today", D, "--phase", "nowhere"],
    ["due", "-f", P, "--today", D, "--who", ""],
    ["due", "-f", P, "--today", D, "--days", "99999999"],
    ["due", "-f", P, "--today", "31/31/2009"],
    ["due", "-f", "missing.yaml"],
    ["due", "-f", P],  # $PLANCTL_TODAY (set below)
    ["--today", "2009-05-01", "due", "-f", P, "--today", D],
    ["done", "-f", P, "mobilize", "--date", D, "--note", "读完 第3章"],
    ["done", P, "-f", "lead-group"],  # `plan.yaml` is the target here: no such item
    ["-f", P, "done", "lead-group", "--date", "2009-03-02", "-q"],
    ["done", "-f", P, "mobilize", "--again", "--json", "--date", D, "--by", "zhangwei"],
    ["--today", "2009-04-13", "done", "-f", P, "mobilize", "--again", "--date", "yesterday"],
    ["done", "-f", P, "self-study", "--by", "lina", "--amount", "2h", "--date", D],
    ["done", "-f", P, "self-study", "-b", "lina", "-n", "2 小时", "-m", "", "--date", D, "-u", "nobody"],
    ["done", "-f", P, "theory", "--date", D],  # asks; no answer on stdin
    ["done", "-f", P, "theory", "--date", D, "-y"],
    ["done", "-f", P, "mobilize", "--date", "2099-01-01"],
    ["done", "-f", P, "nothing-like-it"],
    ["done", "-f", P, "mobilize", "--today", "2009-02-30"],
    ["check"],
    ["check", P],
    ["check", P, P, "-q"],
    ["-q", "check", "-f", P, "--json"],
    ["--today", D, "-f", P, "check"],
    ["check", "missing.yaml", P],
    ["check", "--json", "missing.yaml", P],
    ["check", "--quiet", "-f", "missing.yaml"],
    ["check", "--today", D, P],
]
TYPER_LINES = [
    ["due", "-f", P, "--days", "abc"],
    ["due", "-f", P, "--days", "-1"],
    ["due", "-f", P, "--days", "３"],
    ["due", "-f", P, "--days"],
    ["due", "--bogus"],
    ["due", "-h"],
    ["due", "-aq", "-f", P, "--today", D],
    ["due", "-d3", "-f", P, "--today", D],
    ["due", "-f", P, "-f", P, "--today", D],
    ["due", "-f", P, "--today", D, "extra"],
    ["due", "--json=yes", "-f", P],
    ["due", "--", "-f", P],
    ["--version", "due"],
    ["-f", P],
    ["dune", "-f", P],
    ["done", "-f", P],
    ["done", "-f", P, "mobilize", "second"],
    ["done", "-f", P, "self-study", "--amount", "-1", "--date", D],
    ["done", "-f", P, "-", "--date", D],
    ["check", "-"],
    ["check", "--", P],
    ["check", "-qf", P],
]
LANGUAGES = [{"LANG": "C.UTF-8"}, {"LANG": "zh_CN.UTF-8"}, {"LANG": "C.UTF-8", "PLANCTL_LANG": "zh_CN"}]


def _run(args: list[str], *, quickly: bool, monkeypatch: pytest.MonkeyPatch) -> tuple[int | str | None, str, str]:
    """`planctl ARGS` through cli.main in this process, the quick way or Typer's: (exit code, stdout, stderr).
    stdout has bytes under it, as a real one: `report` and `export` write theirs there."""
    app = main._app()
    registered = list(app.registered_commands)
    out, err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline=""), io.StringIO()
    monkeypatch.setattr(main, "QUICK", quickly)
    monkeypatch.setattr(sys, "argv", ["planctl", *args])
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    messages.exit_floor = 0
    i18n.reset()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main.main()
        code: int | str | None = 0
    except SystemExit as stop:
        code = stop.code
    finally:
        gc.enable()
        app.registered_commands = registered
    out.flush()
    return code, out.buffer.getvalue().decode(), err.getvalue()  # type: ignore[attr-defined]


def in_work_folder(language: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh folder, made the current one, with `language`'s variables and the pinned day and time set."""
    for name, value in {**language, "NO_COLOR": "1", "COLUMNS": "100", "PLANCTL_NOW": "2009-04-12T09:30:00+08:00",
                        "PLANCTL_TODAY": "2009-04-10"}.items():
        monkeypatch.setenv(name, value)
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def _fresh(folder: Path) -> None:
    """The folder (the current one) holding the bundled plan alone, as before any run."""
    for path in folder.iterdir():
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
    shutil.copy(SEED, folder / "plan.yaml")


@pytest.mark.parametrize("language", LANGUAGES, ids=["en", "zh", "PLANCTL_LANG"])
def test_both_ways_say_the_same(language: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = in_work_folder(language, tmp_path, monkeypatch)
    for args in QUICK_LINES + TYPER_LINES:
        assert (quick.read(args) is not None) == (args in QUICK_LINES), args
        seen: list[object] = []
        for quickly in (True, False):
            _fresh(folder)
            seen.append(_run(args, quickly=quickly, monkeypatch=monkeypatch))
            seen.append((folder / "plan.yaml").read_bytes())
        assert seen[0] == seen[2], args
        assert seen[1] == seen[3], args


def test_an_empty_planctl_today_is_named_both_ways(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANCTL_TODAY", "")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.chdir(tmp_path)
    shutil.copy(SEED, tmp_path / "plan.yaml")
    quick_way, typer_way = (_run(["due", "-f", P], quickly=q, monkeypatch=monkeypatch) for q in (True, False))
    assert quick_way == typer_way
    assert quick_way[0] == 2 and "PLANCTL_TODAY" in quick_way[2]
