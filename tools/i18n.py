"""Keep planctl's message catalogs with Babel: extract, update, compile, check (README "Translations").

    python tools/i18n.py extract   # src/planctl -> src/planctl/locale/planctl.pot
    python tools/i18n.py update    # planctl.pot -> each locale's planctl.po (new msgids empty, old ones kept obsolete)
    python tools/i18n.py compile   # each planctl.po -> planctl.mo (the file planctl reads; committed, shipped)
    python tools/i18n.py check     # exit 1 when a msgid lacks a translation, placeholders differ, or a .mo is stale,
                                   # or a Chinese message breaks docs/glossary.md's typesetting or words (lint)
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


# --- the Chinese catalog's typesetting and words (docs/glossary.md "排版" and "术语") ------------------------------

CJK = "\u3400-\u4dbf\u4e00-\u9fff"
# ASCII punctuation touching a Chinese character: `错误: `, `名册中,`, `(来源` are written ：，（ in Chinese text.
_HALF_WIDTH = re.compile(rf"[{CJK}][:,;?!()]|[:,;?!(][{CJK}]|[{CJK}] [(:]|\) [{CJK}]|\([^()]*[{CJK}][^()]*\)")
# A line of a message that starts with a mark that never begins a line (a hard break before ）or ，); a message
# that is a fragment joined to the end of another (`，每人`) may start with one.
_BAD_LINE_START = re.compile(r"\n[ \t]*[，。、；：！？）」』】》]")
# Latin letters or digits written against Chinese: the convention is one space between them (任务 1.3 的, 2 小时,
# 共 5 个), except in a date or a dekad written the Chinese way (2009年4月12日, 4月上旬, 第3周 is not used) and the
# typed amounts of examples (3000字, 90min).
_NO_SPACE = re.compile(rf"[{CJK}][A-Za-z0-9]|[A-Za-z0-9][{CJK}]")
# `{what}` is the located thing of a message ("任务 1.3"), ending in its outline number: spaced like an id.
_WHAT_UNSPACED = re.compile(rf"\{{what\}}[{CJK}]|[{CJK}]\{{what\}}")
_CODE = re.compile(r"`[^`\n]*`")
_CJK_CHAR = re.compile(rf"[{CJK}]")
_DATE_FORMS = re.compile(r"(?:\d+|[A-Z])(?:年|月|日|号|字|千字|[上中下]旬|小时|分钟|个月|次|篇|项|点|时|周|天|期|季度|半年|k字|前|%)"
                         r"|[年月日旬]\d|第(?:\d+(?:-\d+)?|[A-Z])")
# A space between two Chinese characters or marks (`没有 任务`, `今天 或 明天`): Chinese words are not spaced. A space
# between Chinese and a {placeholder} is the catalog's to write (it is right for `任务 1.3`, `plan.yaml`);
# i18n.Spaced drops it when the value filled in is Chinese at that edge (`没有任务或配额`).
_WIDE_SPACED = re.compile(rf"[{CJK}\u3000-\u303f\uff00-\uffef] +[{CJK}\u3000-\u303f\uff00-\uffef]")
_SPACED_MARK = re.compile(r"[，。、；：！？）】》] (?=\S)|(?<=\S) [（【《]")  # one space: many line up a column
_TWO_SPACES = re.compile(r"\S  [（(]")  # `已记录：…  （plan.yaml:60）`: one space, or none, before a bracket
GLOSSARY = ROOT / "docs" / "glossary.md"
_FORBIDDEN_ALLOWED = ("报送对象",)  # the one compound the "不用的词" table lets 对象 stay in


def forbidden_words(path: Path = GLOSSARY) -> dict[str, str]:
    """The glossary's "不用的词" table: word not to use -> what to use instead (docs/glossary.md is the one glossary)."""
    text = path.read_text(encoding="utf-8")
    section = text.split("## 不用的词", 1)[1].split("\n## ", 1)[0]
    rows = [line.strip("|").split("|") for line in section.splitlines() if line.startswith("|")]
    return {word.strip(): instead.strip() for word, instead in rows[2:]}  # after the heading and the |---| row


def lint_text(text: str) -> list[str]:
    """The typesetting and glossary problems of one Chinese message `text` (empty when it keeps the rules)."""
    found = []
    plain = _without_code(text)
    if _HALF_WIDTH.search(plain):
        found.append(f"half-width punctuation in Chinese text near {_HALF_WIDTH.search(plain)[0]!r} (use ：，；（）？！)")
    if _BAD_LINE_START.search(text):
        found.append("a line starts with a closing mark (，。）…): join it to the line before")
    for match in _NO_SPACE.finditer(_DATE_FORMS.sub(" ", plain)):
        found.append(f"no space between Chinese and Latin or digits at {match[0]!r} (write one space: 任务 1.3 的)")
        break
    if _WHAT_UNSPACED.search(text) or any(_CJK_CHAR.match(text[m.start() - 1: m.start()] or " ")
                                          or _CJK_CHAR.match(text[m.end(): m.end() + 1] or " ")
                                          for m in _CODE.finditer(text)):
        found.append("no space between {what} (任务 1.3) or `code` and Chinese: write 任务 1.3 的, as around an id")
    if _TWO_SPACES.search(text):
        found.append("two spaces before a bracket")
    beside = _SPACED_MARK.search(text)
    if beside:
        found.append(f"a space beside full-width punctuation at {beside[0]!r} (全角标点两侧不留空格)")
    spaced = _spaced_chinese(text)
    if spaced:
        found.append(f"a space between Chinese words at {spaced!r} (Chinese words are not spaced)")
    for word, instead in forbidden_words().items():
        rest = text
        for allowed in _FORBIDDEN_ALLOWED:
            rest = rest.replace(allowed, "")
        if word in rest:
            found.append(f"{word!r} is not in the glossary: use {instead}")
    return found


def _spaced_chinese(text: str) -> str | None:
    """The first `字 字` of `text` outside code, quotes and placeholders, unless a word beside the space is a typed
    form holding digits or Latin letters (`4月12日 或 2009-04-12`, `第N周 按`: set apart as a form to type)."""
    plain = re.sub(r"`[^`]*`|'[^']*'|\{[^{}]*\}", "\0", text)
    for match in _WIDE_SPACED.finditer(plain):
        before = re.split(r"[\s\0\u3000-\u303f\uff00-\uffef]", plain[:match.start() + 1])[-1]
        after = re.split(r"[\s\0\u3000-\u303f\uff00-\uffef]", plain[match.end() - 1:])[0]
        if not re.search(r"[0-9A-Za-z]", before + after):
            return match[0]
    return None


def _without_code(text: str) -> str:
    """`text` without what is code, not prose: `backquoted`, 'quoted', {placeholders}, paths and file:line."""
    text = re.sub(r"`[^`]*`|'[^']*'|\{[^{}]*\}|\$\w+|--?[\w-]+", " ", text)
    return re.sub(r"[\w./-]+:\d+(?::\d+)?|https?://\S+", " ", text)


def lint_problems(language: str = "zh_CN") -> list[str]:
    """Every message of `language`'s catalog that breaks the typesetting or glossary rules (lint_text)."""
    found = []
    for message in read(po_path(language), language):
        if not message.id:
            continue
        strings = (message.string,) if isinstance(message.string, str) else message.string
        name = message.id if isinstance(message.id, str) else message.id[0]
        for string in strings:
            found += [f"{language}: {name[:60]!r}: {problem}" for problem in lint_text(string)]
    return found


def main(argv: list[str]) -> int:
    steps = {"extract": lambda: write_pot(extract()), "update": update, "compile": compile_mo}
    if argv == ["all"]:
        argv = ["extract", "update", "compile"]
    if argv == ["check"]:
        found = problems() + lint_problems()
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
