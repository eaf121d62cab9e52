"""The documentation keeps up with the code: README's Layout lists every module, and every command is shown.

Layout: the code block under README's "## Layout" names, under `src/planctl/`, each sub-package as a `name/` line
at two spaces and each module as `name.py` (or `name_{a,b}.py`) on that line or the lines indented below it; a
module that is added, moved or removed must be written there too. `__init__.py` files are the folders themselves.

Commands (as sqlite-utils checks its CLI reference): every command Typer registers appears as `planctl COMMAND`
in a code block or code span of README's "A short tour" or of docs/*.md, and every `planctl COMMAND` written in
code there is a real command, so a renamed or removed command cannot leave the docs behind.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
import typer

from conftest import DOCS, README, SRC
from planctl.cli.main import app

# --- README's Layout ------------------------------------------------------------------------------------------


def section(text: str, heading: str) -> str:
    """The body of the `## heading` section of a Markdown text."""
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match is not None, f"README.md has no '## {heading}' section"
    return match[1]


def layout_listing(readme: str) -> dict[str, set[str]]:
    """Package folder ('' for src/planctl itself) -> the module file names the Layout block lists in it."""
    block = section(readme, "Layout").split("```")[1]
    lines = block.splitlines()
    assert "src/planctl/" in lines, "the Layout block has no 'src/planctl/' line"
    listed: dict[str, set[str]] = {}
    package = ""
    for line in lines[lines.index("src/planctl/") + 1:]:
        if line and not line.startswith(" "):  # docs/, bench/: past the package
            break
        words = line.split()
        if not words:
            continue
        if len(line) - len(line.lstrip()) == 2:  # a folder line, or a module of src/planctl itself
            package = words[0].removesuffix("/") if words[0].endswith("/") else ""
            listed.setdefault(package, set())  # a folder with no module named on its lines is still listed
        for name in re.findall(r"(?<![\w/.{},])[\w{},]+\.py\b", line):
            listed[package].update(expand_braces(name))
    return listed


def expand_braces(name: str) -> list[str]:
    """`report_{text,md}.py` -> report_text.py, report_md.py (the shell's shorthand, as the Layout may use it)."""
    match = re.search(r"\{([^{}]*)\}", name)
    if match is None:
        return [name]
    return [full for choice in match[1].split(",")
            for full in expand_braces(name[: match.start()] + choice + name[match.end():])]


def package_modules(src: Path) -> dict[str, set[str]]:
    """Package folder ('' for src itself) -> its module file names, `__init__.py` left out."""
    found: dict[str, set[str]] = {}
    for path in sorted(src.rglob("*.py")):
        folder = path.parent.relative_to(src).as_posix()
        modules = found.setdefault("" if folder == "." else folder, set())  # even if it holds only __init__.py
        if path.name != "__init__.py":
            modules.add(path.name)
    return found


def test_readme_layout_lists_every_module_and_nothing_else() -> None:
    listed = layout_listing(README.read_text(encoding="utf-8"))
    actual = package_modules(SRC)
    assert sorted(listed) == sorted(actual), "the Layout's folders are not src/planctl's packages"
    for package in sorted(actual):
        where = f"src/planctl/{package}/" if package else "src/planctl/"
        missing = sorted(actual[package] - listed[package])
        assert not missing, f"README Layout does not list {missing} under {where}"
        extra = sorted(listed[package] - actual[package])
        assert not extra, f"README Layout lists {extra} under {where}, which do not exist there"


def test_the_layout_reader_sees_a_missing_and_a_stale_module() -> None:
    readme = README.read_text(encoding="utf-8")
    listed = layout_listing(readme)
    assert "agenda.py" in listed["status"] and "merge.py" in listed["git"] and "errors.py" in listed[""]
    assert "agenda.py" not in layout_listing(readme.replace("agenda.py", "", 1)).get("status", set())
    stale = layout_listing(readme.replace("    validate.py ", "    validate.py gone.py ", 1))
    assert "gone.py" in stale["format"]
    assert expand_braces("report_{text,md}.py") == ["report_text.py", "report_md.py"]
    braced = layout_listing(readme.replace("    agenda.py states.py ", "    {agenda,states}.py ", 1))
    assert {"agenda.py", "states.py"} <= braced["status"]


# --- every command is shown -----------------------------------------------------------------------------------

CODE = re.compile(r"```[^\n]*\n(.*?)```|`([^`\n]+)`", re.S)  # fenced blocks and inline code spans
COMMENT = re.compile(r"(?:^|[ \t])#.*$", re.M)  # a shell comment: words there are not run
CALL = re.compile(r"(?<![\w.=-])planctl((?:[ \t]+-[-\w]+)*)[ \t]+([a-z][\w-]*)(?:[ \t]+([a-z][\w-]*))?")


@functools.cache
def command_paths() -> dict[str, bool]:
    """Every command as typed after `planctl` ("due", "export ics"), with whether it is a group."""
    paths: dict[str, bool] = {}

    def walk(group: object, prefix: str) -> None:
        for name, command in getattr(group, "commands", {}).items():
            if command.hidden:
                continue
            is_group = hasattr(command, "commands")
            paths[prefix + name] = is_group
            if is_group:
                walk(command, f"{prefix}{name} ")

    walk(typer.main.get_command(app), "")
    return paths


def calls_in_code(text: str, groups: set[str]) -> set[str]:
    """The commands `planctl …` runs in the code of a Markdown text ("export ics" for a group's command)."""
    found = set()
    for block in CODE.finditer(text):
        code = COMMENT.sub("", block[1] or block[2])
        for call in CALL.finditer(code):
            name, sub = call[2], call[3]
            found.add(f"{name} {sub}" if name in groups and sub else name)
    return found


@functools.cache
def shown_commands() -> dict[str, set[str]]:
    """Document name -> the commands its code runs: README's tour, each docs/*.md and its translation in docs/zh-CN/."""
    groups = {path for path, is_group in command_paths().items() if is_group}
    texts = {"README.md (A short tour)": section(README.read_text(encoding="utf-8"), "A short tour")}
    pages = [*sorted(DOCS.glob("*.md")), *sorted(DOCS.glob("zh-CN/*.md"))]
    texts |= {f"docs/{path.relative_to(DOCS).as_posix()}": path.read_text(encoding="utf-8") for path in pages}
    return {name: calls_in_code(text, groups) for name, text in texts.items()}


def test_every_command_is_shown_in_the_tour_or_the_docs() -> None:
    shown = set().union(*shown_commands().values())
    commands = {path for path, is_group in command_paths().items() if not is_group}
    assert {"due", "done", "export ics", "merge-driver"} <= commands
    assert not sorted(commands - shown), f"commands shown nowhere in README's tour or docs/: {sorted(commands - shown)}"


@pytest.mark.parametrize("document", sorted(shown_commands()))
def test_the_docs_run_only_real_commands(document: str) -> None:
    commands = set(command_paths())
    unknown = sorted(shown_commands()[document] - commands)
    assert not unknown, f"{document} shows planctl commands that do not exist: {unknown}"


def test_the_command_reader_sees_groups_options_and_prose() -> None:
    groups = {"export"}
    text = ("```sh\nplanctl -q done x  # see how planctl records it\nplanctl export ics -o a.ics\n```\n"
            "then `planctl due --json`; planctl runs")
    assert calls_in_code(text, groups) == {"done", "export ics", "due"}
    assert calls_in_code("git config merge.planctl.driver x", groups) == set()
    assert calls_in_code("/plan.yaml merge=planctl diff=planctl", groups) == set()  # gitattributes


# --- done on a task that carries quotas (tester h93; h98 item 8) ----------------------------------------------

CARRIER = """planctl: 1
title: 理论学习计划
year: 2026
roster:
  people:
    lq: 李强
phases:
  - id: study
    title: 学习阶段
    when: 2026年3月
    tasks:
      - id: theory
        title: 理论学习
        who: lq
        quotas:
          - {id: hours, title: 自学时长, who: lq, target: 2, unit: h, period: week}
"""


def test_readme_says_done_asks_on_a_quota_carrier_by_title_only_as_done_does(tmp_path: Path) -> None:
    from conftest import run_cli

    plan = tmp_path / "plan.yaml"
    plan.write_text(CARRIER, encoding="utf-8")
    by_title = run_cli("done", "理论学习", "-f", str(plan), "--today", "2026-03-10", "--by", "lq", input="")
    assert by_title.exit_code == 2 and "carries 1 quota" in by_title.stderr, by_title.output  # asked; none to answer
    by_id = run_cli("done", "theory", "-f", str(plan), "--today", "2026-03-10", "--by", "lq", input="")
    assert by_id.exit_code == 0, by_id.output  # not asked
    readme = " ".join(README.read_text(encoding="utf-8").split())
    assert "It asks only when the task was named by its title" in readme
    assert "named by its id or outline number (`done theory`, `done 2.1`), it is taken as chosen" in readme
