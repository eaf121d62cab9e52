"""Mistakes a Chinese keyboard makes in YAML, named at their spot with the fix.

A Chinese input method types full-width punctuation (`：`, `，`, `［`, `“`) and the ideographic space
`　` (U+3000), and people who write Chinese prose leave out the space after a colon. YAML reads none
of these as structure, so the YAML reader either stops with a scanner message that often points at
the next line ("mapping values are not allowed in this context") or reads a key as text and the plan
checks then blame the wrong thing ("unknown key '　　when'", "'［a, b］' is not an id").

`diagnose` looks at the lines of a plan that already has problems and, for each line that holds one
of these mistakes, reports it in its own words. It runs only when something is wrong, so a clean plan
pays nothing and a correct plan can never be refused by it. The patterns ask for a plan key
(`title`, `when`, `who`, ...) where YAML structure belongs, so Chinese text in a value (a note with
`：` or `，`) is left alone. Lines inside block scalars (`note: |`) and comment lines are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from planctl.errors import Problem
from planctl.i18n import N_, _

SYNTAX = N_("YAML syntax: {what}")  # a message from the YAML reader (yamltree._syntax_problem)
_IDEO = "\u3000"
_KEY = r"[A-Za-z_][A-Za-z0-9_-]*"
_LEAD = r"^[ \u3000]*(?:-[ \u3000]+)?"  # indentation and a list item's dash
_OPEN_BRACKETS = {"［": "［…］", "【": "【…】", "〔": "〔…〕", "｛": "｛…｝", "〖": "〖…〗"}
_QUOTES = "“”‘’「」『』"

_FULL_COLON = re.compile(_LEAD + r"(?P<key>" + _KEY + r")[ \u3000]*(?P<at>：)")
_FLOW_FULL_COLON = re.compile(r"[{,，][ \u3000]*(?P<key>" + _KEY + r")[ \u3000]*(?P<at>：)")
_NO_SPACE = re.compile(_LEAD + r"(?P<key>" + _KEY + r")(?P<at>:)(?=[^\s:])")
_FLOW_NO_SPACE = re.compile(r"[{,][ ]*(?P<key>" + _KEY + r")(?P<at>:)(?=[^\s:])")
_FLOW_COMMA = re.compile(r"(?P<at>，)[ \u3000]*(?P<key>" + _KEY + r")[ \u3000]*[:：]")
_IDEO_INDENT = re.compile(r"^ *(?P<at>\u3000)[ \u3000]*(?:-[ \u3000]|" + _KEY + r"[ \u3000]*[:：])")
_BRACKET = re.compile(r"(?:" + _LEAD + _KEY + r"[ ]*:[ ]+|^[ ]*-[ ]+)(?P<at>[［【〔｛〖])")
_FLOW_LIST = re.compile(_LEAD + r"(?P<key>" + _KEY + r")[ ]*:[ ]+\[(?P<body>[^\]]*)\]?")
_LIST_QUOTE = re.compile(r"(?:^|[,，])[ \u3000]*(?P<at>[“‘「『])")
_COLON_IN_TEXT = re.compile(_LEAD + r"(?P<key>" + _KEY + r"): +(?P<value>[^\s'\"\[{|>&*!#%@`].*)$")
_IDEO_AFTER_COLON = re.compile(_LEAD + r"(?P<key>" + _KEY + r")[ ]*:(?P<at>\u3000)")
_IDEO_AFTER_DASH = re.compile(r"^[ \u3000]*-(?P<at>\u3000)")
_WIDE_DASH = re.compile(r"^[ \u3000]*(?P<at>[－—–﹣])[ \u3000]*(?P<key>" + _KEY + r")[ \u3000]*[:：]")
_BLOCK_START = re.compile(_LEAD + _KEY + r"[ ]*:[ ]+[|>][-+0-9]*[ ]*(?:#.*)?$")


def diagnose(text: str, problems: list[Problem], keys: Iterable[str]) -> list[Problem]:
    """`problems` with each keyboard mistake of `text` reported in its own words.

    Returns a new list: a problem per mistake (offset = the offending character), plus the given
    problems except those it explains (any problem on a line with a mistake, and the YAML reader's
    own message when a mistake comes at or before it). `keys` are the plan's keys (loader.py).
    """
    known = frozenset(keys)
    found = list(_mistakes(text, known))
    if not found:
        return problems
    lines = {_line_of(text, p.offset) for p in found}
    first = min(lines)
    syntax_prefix = _(SYNTAX).split("{what}")[0]
    kept = [p for p in problems if _line_of(text, p.offset) not in lines
            and not (p.message.startswith(syntax_prefix) and first <= _line_of(text, p.offset))]
    return found + kept


def _line_of(text: str, offset: int) -> int:
    """The number of line breaks before `offset`: LF, CR LF or a CR alone (YAML 1.2 §5.4)."""
    return text.count("\n", 0, offset) + text.count("\r", 0, offset) - text.count("\r\n", 0, offset)


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")  # one line and its break, as YAML breaks lines


def _mistakes(text: str, known: frozenset[str]) -> Iterator[Problem]:
    offset = 0
    block_indent = -1  # inside a block scalar: lines indented more than this are its text
    for match in _LINE.finditer(text):  # a plan whose breaks are CRs alone is read as lines too
        raw = match.group()
        if not raw:
            break
        line = raw.rstrip("\r\n")
        indent = len(line) - len(line.lstrip(" "))
        stripped = line.strip(" " + _IDEO)
        if block_indent >= 0 and (not stripped or indent > block_indent):
            offset += len(raw)
            continue
        block_indent = indent if _BLOCK_START.match(line) else -1
        if stripped and not stripped.startswith("#"):
            found = _line_mistake(line, known)
            if found is not None:
                yield Problem(offset + found[0], found[1])
        offset += len(raw)


def _line_mistake(line: str, known: frozenset[str]) -> tuple[int, str] | None:
    """The first keyboard mistake on one line: (column offset, message), or None."""
    for check in (_ideographic_indent, _wide_dash, _ideographic_after_dash, _full_width_colon, _full_width_comma,
                  _ideographic_after_colon, _no_space, _brackets, _list_quotes, _colon_in_text):
        found = check(line, known)
        if found is not None:
            return found
    return None


def _ideographic_indent(line: str, known: frozenset[str]) -> tuple[int, str] | None:
    m = _IDEO_INDENT.match(line)
    if m is None:
        return None
    return m.start("at"), _("ideographic space '　' (U+3000, full-width) in indentation; indent with ASCII spaces")


def _ideographic_after_dash(line: str, known: frozenset[str]) -> tuple[int, str] | None:
    m = _IDEO_AFTER_DASH.match(line)
    if m is None:
        return None
    return m.start("at"), _("ideographic space '　' (U+3000, full-width) after the '-' of a list item; "
                            "YAML needs an ASCII space: '- …'")


def _wide_dash(line: str, known: frozenset[str]) -> tuple[int, str] | None:
    m = _WIDE_DASH.match(line)
    if m is None or m.group("key") not in known:
        return None
    dash, key = m.group("at"), m.group("key")
    return m.start("at"), _("'{dash}' (a full-width or long dash) starts a list item; YAML needs the ASCII "
                            "hyphen and a space: '- {key}: …'").format(dash=dash, key=key)


def _ideographic_after_colon(line: str, known: frozenset[str]) -> tuple[int, str] | None:
    m = _IDEO_AFTER_COLON.match(line)
    if m is None or m.group("key") not in known:
        return None
    key, value = m.group("key"), line[m.end("at"):].strip(" \u3000")
    return m.start("at"), _("ideographic space '　' (U+3000, full-width) after the colon of '{key}'; "
                            "YAML needs an ASCII space: '{key}: {value}'").format(key=key, value=value)


def _full_width_colon(line: str, known: frozenset[str]) -> tuple[int, str] | None:
    m = _FULL_COLON.match(line)
    if m is None or m.group("key") not in known:
        m = next((f for f in _FLOW_FULL_COLON.finditer(line) if f.group("key") in known), None)
    if m is None:
        return None
    key = m.group("key")
    return m.start("at"), _("full-width colon '：' after '{key}'; YAML needs an ASCII colon and a space: '{key}: …'").format(
        key=key)


def _full_width_comma(line: str, known: frozenset[str]) -> tuple[int, str] | None:
    if "，" not in line:
        return None
    m = next((f for f in _FLOW_COMMA.finditer(line) if f.group("key") in known and "{" in line[:f.start()]), None)
    if m is not None:
        return m.start("at"), _("full-width comma '，' between the keys of {{…}}; separate them with an ASCII comma "
                                "and a space: ', {key}: …'").format(key=m.group("key"))
    listed = _FLOW_LIST.match(line)
    if listed is None or listed.group("key") not in known or "，" not in listed.group("body"):
        return None
    return listed.start("body") + listed.group("body").index("，"), (
        _("full-width comma '，' in the list of '{key}'; separate the items with an ASCII comma: [a, b]").format(
            key=listed.group("key")))


def _no_space(line: str, known: frozenset[str]) -> tuple[int, str] | None:
    m = _NO_SPACE.match(line)
    if m is None or m.group("key") not in known:
        m = next((f for f in _FLOW_NO_SPACE.finditer(line) if f.group("key") in known), None)
    if m is None:
        return None
    key, rest = m.group("key"), line[m.end("at"):]
    value = re.split(r"[,}]", rest, maxsplit=1)[0].strip() if m.re is _FLOW_NO_SPACE else rest.strip()
    return m.start("at"), _("no space after the colon of '{key}'; YAML needs one: '{key}: {value}'").format(key=key, value=value)


def _brackets(line: str, known: frozenset[str]) -> tuple[int, str] | None:
    m = _BRACKET.match(line)
    if m is None:
        return None
    pair = _OPEN_BRACKETS[m.group("at")]
    what, ascii_pair = (_("a mapping"), "{…}") if m.group("at") == "｛" else (_("a list"), "[…]")
    return m.start("at"), _("full-width brackets {pair} around {what}; YAML needs ASCII brackets: {ascii_pair}").format(
        pair=pair, what=what, ascii_pair=ascii_pair)


def _list_quotes(line: str, known: frozenset[str]) -> tuple[int, str] | None:
    listed = _FLOW_LIST.match(line)
    if listed is None or listed.group("key") not in known:
        return None
    quote = _LIST_QUOTE.search(listed.group("body"))
    if quote is None:
        return None
    return listed.start("body") + quote.start("at"), (
        _("full-width quotes {quotes} around an item of the list of '{key}'; leave them out ([a, b]) or use ASCII "
          "quotes (\"a\")").format(quotes=_QUOTES[_QUOTES.index(quote.group("at")) // 2 * 2:][:2], key=listed.group("key")))


def _colon_in_text(line: str, known: frozenset[str]) -> tuple[int, str] | None:
    m = _COLON_IN_TEXT.match(line)
    if m is None or m.group("key") not in known:
        return None
    value = re.split(r" #", m.group("value"), maxsplit=1)[0].rstrip()
    inner = value.find(": ")
    if inner < 0 and not value.endswith(":"):
        return None
    at = m.start("value") + (inner if inner >= 0 else len(value) - 1)
    key = m.group("key")
    quoted = "'" + value.replace("'", "''") + "'"
    return at, _("'{key}' holds ': ' in unquoted text, which YAML reads as another key; put the text in quotes "
                 "({key}: {quoted}) or write the colon full-width (：)").format(key=key, quoted=quoted)
