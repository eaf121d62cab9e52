"""The architecture contract: layers import downwards only, and planctl's import graph has no cycle.

Layers, top to bottom (README "Layout"):

    __main__           `python -m planctl`
    cli                the Typer app, its commands' options, the entry point
    commands           plain functions returning exit codes
    store, git,        the plan file on disk; git;
    importer, output   a document read into a plan; everything a person or a script reads
    status             what is true on a day
    format, model,     bytes → tree → model, the file's grammar; the plan itself;
    clock              the current time (what the command line passes down as `now`/`today`)
    errors, i18n       problems and errors as values; the reader's language (`_()`)
    planctl, records   the package root (`__version__`); record types without typing's start-up (`NamedTuple`)

A module may import any module of its own package, and any module of a lower layer. Within one layer only the
pairs in SIDEWAYS may import each other. Every import counts: at the top of a module, inside a function (the lazy
imports that keep start-up fast), and under `if TYPE_CHECKING:` (a dependency all the same). Frameworks stay in
their layer: Typer/click in cli, Rich in output.

KNOWN lists the violations the code had when this contract was written, each with where it is and why it is
wrong; they pass so that the suite passes, every other violation fails, and an entry that no longer occurs fails
too, so that it is taken off the list once fixed. The graph, type-only imports included and KNOWN left out, must
have no cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import NamedTuple

import pytest

from conftest import ROOT, SRC

PACKAGE = "planctl"

LAYERS: dict[str, int] = {  # top-level part of the package -> its layer; "" is the package root
    "__main__": 7,
    "cli": 6,
    "commands": 5,
    "store": 4, "git": 4, "importer": 4, "output": 4,
    "status": 3,
    "format": 2, "model": 2, "clock": 2,
    "errors": 1, "i18n": 1,
    "": 0, "records": 0,
}

# Imports allowed within one layer (importer's part, imported part).
SIDEWAYS = {
    ("format", "model"),  # the reader builds the model
    ("model", "format"),  # the model holds format's values (dates.Window, Point, WhenSpec)
    ("git", "store"),  # the merge driver splices log lines with the writer's text helpers
    ("errors", "i18n"),  # error words ("did you mean") in the reader's language
}

FRAMEWORKS = {"typer": {"cli"}, "click": {"cli"}, "rich": {"output"}}  # third-party package -> parts allowed to use it

# Violations found when the contract was written: (importer, imported) -> why it is wrong. Fix one, then remove it.
KNOWN: dict[tuple[str, str], str] = {}


class Import(NamedTuple):
    importer: str  # dotted module name
    imported: str  # dotted module name inside planctl, or a third-party top-level name
    path: Path
    line: int
    lazy: bool  # inside a function
    typing_only: bool  # under `if TYPE_CHECKING:`

    def where(self) -> str:
        how = " (in a function)" if self.lazy else " (under TYPE_CHECKING)" if self.typing_only else ""
        return f"{self.path.relative_to(ROOT)}:{self.line}{how}"


def modules(src: Path = SRC) -> dict[str, Path]:
    """Dotted module name -> its file, for every module of the package (a package is its __init__.py)."""
    found = {}
    for path in sorted(src.rglob("*.py")):
        parts = [PACKAGE, *path.relative_to(src).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _resolve(name: str, known: dict[str, Path]) -> str:
    """The module `name` loads: itself, or the nearest package above it (`from planctl.x import y`, y a name)."""
    while name not in known and "." in name:
        name = name.rpartition(".")[0]
    return name


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _targets(node: ast.AST, importer: str, is_package: bool, known: dict[str, Path]) -> list[str]:
    """The modules (planctl's) or top-level names (others') that one import statement or call loads."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    elif isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:
            package = importer.split(".") if is_package else importer.split(".")[:-1]
            package = package[: len(package) - node.level + 1]
            base = ".".join([*package, *([node.module] if node.module else [])])
        names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
    elif (isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", None)) == "import_module"
          and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
        names = [node.args[0].value]
    else:
        return []
    return [_resolve(name, known) if name.split(".")[0] == PACKAGE else name.split(".")[0] for name in names]


def imports_of(module: str, path: Path, known: dict[str, Path]) -> list[Import]:
    """Every import in one module, with its line and whether it is lazy or type-only."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found: list[Import] = []

    def visit(node: ast.AST, lazy: bool, typing_only: bool) -> None:
        for target in _targets(node, module, path.name == "__init__.py", known):
            if target != module:
                found.append(Import(module, target, path, getattr(node, "lineno", 0), lazy, typing_only))
        for child in ast.iter_child_nodes(node):
            visit(child,
                  lazy or isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda),
                  typing_only or (isinstance(node, ast.If) and _is_type_checking(node.test) and child in node.body))

    visit(tree, False, False)
    return found


def all_imports(src: Path = SRC) -> list[Import]:
    known = modules(src)
    return [imp for module, path in known.items() for imp in imports_of(module, path, known)]


def part(module: str) -> str:
    """The layer-bearing part of a dotted name: planctl.store.cache -> store; planctl -> ''."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def violation(imp: Import) -> str | None:
    """Why this import breaks the layers, or None."""
    if imp.imported.split(".")[0] != PACKAGE:
        allowed = FRAMEWORKS.get(imp.imported)
        if allowed is not None and part(imp.importer) not in allowed:
            return f"{imp.imported} belongs to {', '.join(sorted(allowed))}, not {part(imp.importer)}"
        return None
    source, target = part(imp.importer), part(imp.imported)
    if source == target:
        return None
    for name in (source, target):
        if name not in LAYERS:
            return f"'{name}' has no layer: add it to LAYERS in tests/test_architecture.py (and to README's Layout)"
    if LAYERS[target] < LAYERS[source] or (source, target) in SIDEWAYS:
        return None
    relation = "a layer above it" if LAYERS[target] > LAYERS[source] else "a sibling in its layer"
    return f"{source or PACKAGE} may not import {target} ({relation})"


def find_cycle(edges: set[tuple[str, str]]) -> list[str] | None:
    """One cycle of the directed graph (its modules, the first repeated at the end), or None."""
    graph: dict[str, list[str]] = {}
    for a, b in sorted(edges):
        graph.setdefault(a, []).append(b)
    state: dict[str, int] = {}  # 1 on the current path, 2 finished
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in graph.get(node, []):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt):], nxt]
            if nxt not in state and (cycle := visit(nxt)) is not None:
                return cycle
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)) is not None:
            return cycle
    return None


# --- the contract ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def imports() -> list[Import]:
    return all_imports()


def test_every_part_of_the_package_has_a_layer() -> None:
    parts = {part(module) for module in modules()}
    assert parts == set(LAYERS), f"packages without a layer: {sorted(parts - set(LAYERS))}"


def test_no_import_breaks_the_layers(imports: list[Import]) -> None:
    new = sorted({f"{imp.where()}: {imp.importer} imports {imp.imported}: {why}"
                  for imp in imports if (why := violation(imp)) and (imp.importer, imp.imported) not in KNOWN})
    assert not new, "imports against the layers (cli → commands → store/git/importer/output → status → format/model → errors):\n" + \
        "\n".join(new)


def test_the_known_violations_still_occur(imports: list[Import]) -> None:
    found = {(imp.importer, imp.imported) for imp in imports if violation(imp)}
    fixed = sorted(set(KNOWN) - found)
    assert not fixed, f"no longer violated, take them off KNOWN in tests/test_architecture.py: {fixed}"


def test_the_import_graph_has_no_cycle(imports: list[Import]) -> None:
    edges = {(imp.importer, imp.imported) for imp in imports if imp.imported.split(".")[0] == PACKAGE}
    cycle = find_cycle(edges - set(KNOWN))
    assert cycle is None, "import cycle: " + " → ".join(cycle or [])


# --- the reader itself ----------------------------------------------------------------------------------------

SAMPLE = {
    "__init__.py": "",
    "errors.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from planctl.format.source import Source\n",
    "format/__init__.py": "",
    "format/source.py": "from planctl.errors import Problem\n",
    "format/loader.py": "from . import source\nfrom .source import decode\nimport yaml\n",
    "status/__init__.py": "",
    "status/agenda.py": "def due():\n    from planctl.cli.app import app\n    import rich\n",
    "cli/__init__.py": "",
    "cli/app.py": "import importlib\nimportlib.import_module('planctl.status.agenda')\n",
}


def write_sample(tmp_path: Path) -> Path:
    src = tmp_path / "planctl"
    for name, text in SAMPLE.items():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text(text, encoding="utf-8")
    return src


def test_the_reader_sees_lazy_relative_type_only_and_dynamic_imports(tmp_path: Path) -> None:
    found = {(imp.importer, imp.imported, imp.lazy, imp.typing_only) for imp in all_imports(write_sample(tmp_path))}
    assert found == {
        ("planctl.errors", "typing", False, False),
        ("planctl.errors", "planctl.format.source", False, True),
        ("planctl.format.source", "planctl.errors", False, False),
        ("planctl.format.loader", "planctl.format.source", False, False),
        ("planctl.format.loader", "yaml", False, False),
        ("planctl.status.agenda", "planctl.cli.app", True, False),
        ("planctl.status.agenda", "rich", True, False),
        ("planctl.cli.app", "importlib", False, False),
        ("planctl.cli.app", "planctl.status.agenda", False, False),
    }


def test_the_rules_catch_an_upward_a_sideways_and_a_framework_import(tmp_path: Path) -> None:
    def imp(importer: str, imported: str) -> Import:
        return Import(importer, imported, tmp_path, 1, False, False)

    assert violation(imp("planctl.status.agenda", "planctl.cli.app")) == "status may not import cli (a layer above it)"
    assert violation(imp("planctl.store.cache", "planctl.output.spinner")) == "store may not import output (a sibling in its layer)"
    assert violation(imp("planctl.status.agenda", "rich")) == "rich belongs to output, not status"
    assert violation(imp("planctl.cli.app", "planctl.status.agenda")) is None
    assert violation(imp("planctl.git.merge", "planctl.store.writer")) is None
    assert violation(imp("planctl.errors", "planctl")) is None
    assert find_cycle({("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")}) == ["a", "b", "c", "a"]
    assert find_cycle({("a", "b"), ("b", "c"), ("a", "c")}) is None
