"""Keep planctl's message catalogs with Babel: extract, update, compile, check (README "Translations").

    python tools/i18n.py extract   # src/planctl -> src/planctl/locale/planctl.pot
    python tools/i18n.py update    # planctl.pot -> each locale's planctl.po (new msgids empty, old ones kept obsolete)
    python tools/i18n.py compile   # each planctl.po -> planctl.mo (the file planctl reads; committed, shipped)
    python tools/i18n.py check     # exit 1 when a msgid lacks a translation, placeholders differ, or a .mo is stale
    python tools/i18n.py all       # extract, update, compile

What is extracted: every `_()`, `ngettext()` and `N_()` of src/planctl (Babel's Python extractor), and, from
src/planctl/cli, what Typer shows as help though it is not in a `_()` call: each `help="..."` given to
typer.Option/typer.Argument/typer.Typer and each command's docstring (cleaned as `inspect.getdoc` does, the text
Typer shows). cli/translate.py translates those on the Click command tree at run time.
"""

from __future__ import annotations

import ast
import inspect
import io
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_python
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "planctl"
LOCALE = PACKAGE / "locale"
DOMAIN = "planctl"
POT = LOCALE / f"{DOMAIN}.pot"
LANGUAGES = ("zh_CN",)
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(language: str) -> Path:
    return po_path(language).with_suffix(".mo")


def _help_texts(source: str) -> Iterator[tuple[int, str]]:
    """(line, text) of each `help="..."` keyword and each decorated function's docstring in a cli module."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg == "help":
                    text = _constant_text(keyword.value)
                    if text:
                        yield keyword.value.lineno, text
        elif isinstance(node, ast.FunctionDef) and node.decorator_list:
            doc = ast.get_docstring(node, clean=False)
            if doc and any(_is_command_decorator(d) for d in node.decorator_list):
                yield node.lineno, inspect.cleandoc(doc)


def _is_command_decorator(node: ast.expr) -> bool:
    target = node.func if isinstance(node, ast.Call) else node
    return isinstance(target, ast.Attribute) and target.attr in ("command", "callback")


def _constant_text(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return None
    return None


def extract(root: Path = PACKAGE) -> Catalog:
    """Every message of the package at `root`, in a catalog (locations relative to the repository)."""
    catalog = Catalog(project="planctl", domain=DOMAIN, charset="utf-8", creation_date=_pot_date())
    for path in sorted(root.rglob("*.py")):
        if "locale" in path.parts:
            continue
        where = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.as_posix()
        data = path.read_bytes()
        options: Any = {"encoding": "utf-8"}
        for line, _function, message, _comments in extract_python(io.BytesIO(data), DEFAULT_KEYWORDS, (), options):
            if isinstance(message, tuple):
                message = tuple(message[:2]) if len(message) > 2 else message  # ngettext's count is not text
            if not message or (isinstance(message, tuple) and not all(message)):
                continue  # a call with no literal text (`_(variable)`): nothing to extract
            msgid: Any = message if isinstance(message, str) else tuple(message)
            if isinstance(msgid, tuple) and len(msgid) == 1:
                msgid = msgid[0]
            if msgid:
                catalog.add(msgid, locations=[(where, line)], flags=_flags(msgid))
        if "cli" in path.relative_to(root).parts:
            for line, text in _help_texts(data.decode("utf-8")):
                catalog.add(text, locations=[(where, line)], flags=_flags(text))
    for text in _schema_texts():
        catalog.add(text, locations=[("src/planctl/format/schema.py", 0)], flags=_flags(text))
    return catalog


def _pot_date() -> Any:
    """The committed template's creation date, kept so that extracting unchanged sources changes no byte (merges)."""
    from datetime import datetime

    if POT.exists():
        return read(POT).creation_date
    return datetime(2026, 11, 29)


def _schema_texts() -> list[str]:
    """The JSON Schema's descriptions and messages (format/schema.py builds them; `planctl schema` translates them)."""
    sys.path.insert(0, str(ROOT / "src"))
    from planctl.format import schema

    return schema.schema_texts()


def _flags(msgid: str | tuple[str, ...]) -> tuple[str, ...]:
    texts = (msgid,) if isinstance(msgid, str) else msgid
    return ("python-brace-format",) if any(PLACEHOLDER.search(t) for t in texts) else ()


def write_pot(catalog: Catalog) -> None:
    POT.parent.mkdir(parents=True, exist_ok=True)
    with POT.open("wb") as file:
        write_po(file, catalog, width=120, omit_header=False, sort_output=True)


def read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=locale, domain=DOMAIN)


def update() -> None:
    template = read(POT)
    for language in LANGUAGES:
        path = po_path(language)
        if path.exists():
            catalog = read(path, language)
            catalog.update(template, no_fuzzy_matching=True)
        else:
            catalog = Catalog(locale=language, domain=DOMAIN, project="planctl", charset="utf-8")
            catalog.update(template, no_fuzzy_matching=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as file:
            write_po(file, catalog, width=120, sort_output=True, ignore_obsolete=True)


def compile_mo() -> None:
    for language in LANGUAGES:
        with mo_path(language).open("wb") as file:
            write_mo(file, read(po_path(language), language), use_fuzzy=False)


def mo_bytes(language: str) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, read(po_path(language), language), use_fuzzy=False)
    return buffer.getvalue()


def problems() -> list[str]:
    """What `check` reports: untranslated or fuzzy msgids, placeholders that differ, stale catalogs."""
    found: list[str] = []
    source = extract()
    for language in LANGUAGES:
        catalog = read(po_path(language), language)
        for message in source:
            if not message.id:
                continue
            known = catalog.get(message.id)
            name = message.id if isinstance(message.id, str) else message.id[0]
            if known is None or known.fuzzy or not _all_translated(known.string):
                found.append(f"{language}: no translation of {name!r} ({_where(message)})")
                continue
            found += [f"{language}: {name!r}: {p}" for p in _placeholder_problems(message.id, known.string)]
        if not mo_path(language).exists() or mo_path(language).read_bytes() != mo_bytes(language):
            found.append(f"{language}: {mo_path(language).relative_to(ROOT)} is not compiled from its .po "
                         "(python tools/i18n.py compile)")
    return found


def _where(message: Any) -> str:
    return ", ".join(f"{f}:{n}" for f, n in message.locations[:2])


def _all_translated(string: str | tuple[str, ...]) -> bool:
    return all(string) if isinstance(string, tuple) else bool(string)


def _placeholder_problems(msgid: str | tuple[str, ...], string: str | tuple[str, ...]) -> list[str]:
    sources = (msgid,) if isinstance(msgid, str) else msgid
    targets = (string,) if isinstance(string, str) else string
    wanted = _names(sources[-1])  # a plural's last form names every placeholder
    return [f"placeholders {sorted(_names(t))} in {t!r}, the source has {sorted(wanted)}"
            for t in targets if _names(t) != wanted]


def _names(text: str) -> set[str]:
    """The fields of `text`'s {placeholders}, format specs left out ({days:.1f} is `days`)."""
    return {re.split(r"[:!]", p[1:-1])[0] for p in PLACEHOLDER.findall(text)}


def main(argv: list[str]) -> int:
    steps = {"extract": lambda: write_pot(extract()), "update": update, "compile": compile_mo}
    if argv == ["all"]:
        argv = ["extract", "update", "compile"]
    if argv == ["check"]:
        found = problems()
        print("\n".join(found) or "catalogs complete")
        return 1 if found else 0
    if not argv or any(a not in steps for a in argv):
        print(__doc__)
        return 2
    for step in argv:
        steps[step]()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
