"""The YAML reader's problems in the reader's language, each with the fix for its cause, located where it is.

libyaml (and PyYAML's pure-Python reader, when PyYAML was built without it) reports a syntax error as an English
*problem* ("found unknown escape character") and a *context* ("while parsing a quoted scalar"). Each text either
reader can give is a key of the tables below: the English stays the parser's own text (so English screens show
what they always did) and the catalog gives the other languages. PyYAML's pure-Python texts carry the character
found (`found character '@' that cannot start any token`); they are read through `_PYTHON_FORMS` to the key of the
same problem. A text in neither table (a newer libyaml) is shown as it is in English, and in another language
as a sentence of that language with the location (never the parser's English).

Hints are chosen by cause, often by the character at the spot: `@` and `` ` `` cannot start an unquoted value
(quote it), a tab is not indentation, a backslash in double quotes starts an escape (use single quotes or /).
A reader error (a control character such as the form feed Word pastes) has no line: it is located at the first
such character of the text.
"""

from __future__ import annotations

import re
from typing import Any

from planctl.errors import Problem
from planctl.i18n import N_, _, is_chinese

# Contexts: "while …" (libyaml's, then PyYAML's own).
CONTEXTS = frozenset((
    N_("while scanning a simple key"), N_("while scanning for the next token"), N_("while scanning a directive"),
    N_("while scanning a %YAML directive"), N_("while scanning a %TAG directive"), N_("while scanning a tag directive"),
    N_("while scanning an anchor"), N_("while scanning an alias"), N_("while scanning a tag"),
    N_("while scanning a block scalar"), N_("while scanning a quoted scalar"), N_("while scanning a plain scalar"),
    N_("while scanning a double-quoted scalar"), N_("while parsing a quoted scalar"), N_("while parsing a tag"),
    N_("while parsing a tag directive"), N_("while parsing a %TAG directive"), N_("while parsing a node"),
    N_("while parsing a block node"), N_("while parsing a flow node"), N_("while parsing a block collection"),
    N_("while parsing a block mapping"), N_("while parsing a flow sequence"), N_("while parsing a flow mapping"),
    N_("while parsing a block sequence"), N_("while parsing a flow sequence entry"), N_("while composing a mapping"),
    N_("while increasing flow level"), N_("while increasing block level"), N_("while scanning an anchor or alias"),
))

# Problems: what the reader found.
PROBLEMS = frozenset((
    N_("could not find expected ':'"), N_("found character that cannot start any token"),
    N_("block sequence entries are not allowed in this context"), N_("mapping keys are not allowed in this context"),
    N_("mapping values are not allowed in this context"), N_("found unknown directive name"),
    N_("could not find expected directive name"), N_("found unexpected non-alphabetical character"),
    N_("did not find expected whitespace"), N_("did not find expected digit or '.' character"),
    N_("found extremely long version number"), N_("did not find expected version number"),
    N_("did not find expected whitespace or line break"), N_("did not find expected comment or line break"),
    N_("did not find expected alphabetic or numeric character"), N_("did not find the expected '>'"),
    N_("did not find expected '!'"), N_("did not find URI escaped octet"), N_("found an incorrect leading UTF-8 octet"),
    N_("found an incorrect trailing UTF-8 octet"), N_("did not find expected tag URI"),
    N_("found an indentation indicator equal to 0"), N_("found a tab character where an indentation space is expected"),
    N_("found a tab character that violates indentation"), N_("found unexpected document indicator"),
    N_("found unexpected end of stream"), N_("found unknown escape character"),
    N_("did not find expected hexdecimal number"), N_("found invalid Unicode character escape code"),
    N_("found unexpected ':'"), N_("exceeded maximum nesting depth"), N_("did not find expected <stream-start>"),
    N_("did not find expected <document start>"), N_("found incompatible YAML document"),
    N_("found duplicate %YAML directive"), N_("found duplicate %TAG directive"), N_("found undefined tag handle"),
    N_("did not find expected node content"), N_("did not find expected '-' indicator"),
    N_("did not find expected key"), N_("did not find expected ',' or ']'"), N_("did not find expected ',' or '}'"),
    N_("found unexpected end of document"), N_("expected a single document in the stream"),
    N_("found non-specific tag '!'"), N_("found undefined alias"), N_("found duplicate anchor"),
    N_("syntax error"),
))

# PyYAML's pure-Python texts, read to the key of the same problem (their %r part dropped).
_PYTHON_FORMS = (
    (re.compile(r"found character .* that cannot start any token"), "found character that cannot start any token"),
    (re.compile(r"found unknown escape character"), "found unknown escape character"),
    (re.compile(r"expected escape sequence of \d+ hexadecimal numbers"), "did not find expected hexdecimal number"),
    (re.compile(r"expected '<document start>'"), "did not find expected <document start>"),
    (re.compile(r"expected <block end>, but found '-'"), "block sequence entries are not allowed in this context"),
    (re.compile(r"expected <block end>"), "did not find expected key"),
    (re.compile(r"expected ',' or '\]'"), "did not find expected ',' or ']'"),
    (re.compile(r"expected ',' or '\}'"), "did not find expected ',' or '}'"),
    (re.compile(r"expected the node content"), "did not find expected node content"),
    (re.compile(r"expected a comment or a line break"), "did not find expected comment or line break"),
    (re.compile(r"expected chomping or indentation indicators"), "did not find expected comment or line break"),
    (re.compile(r"expected indentation indicator in the range 1-9"), "found an indentation indicator equal to 0"),
    (re.compile(r"expected alphabetic or numeric character"), "did not find expected alphabetic or numeric character"),
    (re.compile(r"expected (?:a digit|a digit or '.'|a digit or ' ')"), "did not find expected digit or '.' character"),
    (re.compile(r"expected ' '"), "did not find expected whitespace"),
    (re.compile(r"expected '!'"), "did not find expected '!'"),
    (re.compile(r"expected '>'"), "did not find the expected '>'"),
    (re.compile(r"expected URI"), "did not find expected tag URI"),
    (re.compile(r"found undefined tag handle"), "found undefined tag handle"),
    (re.compile(r"found undefined alias"), "found undefined alias"),
    (re.compile(r"found duplicate anchor"), "found duplicate anchor"),
    (re.compile(r"found duplicate YAML directive"), "found duplicate %YAML directive"),
    (re.compile(r"found incompatible YAML document"), "found incompatible YAML document"),
    (re.compile(r"found unexpected document separator"), "found unexpected document indicator"),
    (re.compile(r"mapping values are not allowed here"), "mapping values are not allowed in this context"),
    (re.compile(r"mapping keys are not allowed here"), "mapping keys are not allowed in this context"),
)

_QUOTE_IT = N_("'{char}' cannot start an unquoted value in YAML; put the whole value in quotes: '{char}…'")
_BACKSLASH = N_("inside double quotes a backslash starts an escape such as \\n; write the text in single quotes "
                "('D:\\资料\\动员.docx') or write the path with / (D:/资料/动员.docx)")
_TAB = N_("a tab character; YAML indents with spaces only: replace the tab with spaces")
_BLOCK = N_("after '|' or '>' only '-', '+' or an indentation digit may follow on the same line; start the text on "
            "the next line, indented")
_DOCUMENT = N_("a plan is one YAML document, and a line starting with '%' or '...' ends it: delete that line, or "
               "indent it so that it belongs to the text above")
_DIRECTIVE = N_("a line starting with '%' is a YAML directive; delete it, or indent it and put the text in quotes")
_TAG = N_("'!' starts a YAML tag; put the whole value in quotes")
_ANCHOR = N_("'&' and '*' start YAML anchors and aliases; put the whole value in quotes")
_COLON = N_("': ' inside an unquoted value starts a key; put the value in quotes, or check this line's indentation")
_INDENT = N_("this line is not lined up with the lines above it; indent it as they are, with spaces")
_LIST = N_("this line is not lined up with the list items above it; indent it as they are, with spaces")
_SIMPLE_KEY = N_("a key needs ': ' after it; if the line belongs to the value above, put that value in quotes")
_NO_VALUE = N_("a value is missing or starts with a character YAML keeps for itself; put the value in quotes")
_FLOW = N_("a list in [ ] or a mapping in { } is not closed, or an item holds a comma or a bracket; close it or put "
           "the item in quotes")
_UNCLOSED = N_("a quote is not closed: end the value with the same quote it starts with")
_DOCUMENT_MARK = N_("a line starting with '---' or '...' inside quoted text ends the document; indent it")
_ANY = N_("put the value in quotes, or check this line's indentation")

_HINTS = {
    "found unknown escape character": _BACKSLASH, "did not find expected hexdecimal number": _BACKSLASH,
    "found invalid Unicode character escape code": _BACKSLASH,
    "found a tab character where an indentation space is expected": _TAB,
    "found a tab character that violates indentation": _TAB,
    "found an indentation indicator equal to 0": _BLOCK,
    "did not find expected <document start>": _DIRECTIVE, "found incompatible YAML document": _DIRECTIVE,
    "found duplicate %YAML directive": _DIRECTIVE, "found duplicate %TAG directive": _DIRECTIVE,
    "found unknown directive name": _DIRECTIVE, "could not find expected directive name": _DIRECTIVE,
    "found undefined tag handle": _TAG, "did not find expected '!'": _TAG, "did not find the expected '>'": _TAG,
    "did not find expected tag URI": _TAG, "did not find URI escaped octet": _TAG, "found non-specific tag '!'": _TAG,
    "did not find expected alphabetic or numeric character": _ANCHOR, "found undefined alias": _ANCHOR,
    "found duplicate anchor": _ANCHOR,
    "mapping values are not allowed in this context": _COLON, "found unexpected ':'": _COLON,
    "did not find expected key": _INDENT, "block sequence entries are not allowed in this context": _INDENT,
    "mapping keys are not allowed in this context": _INDENT,
    "did not find expected '-' indicator": _LIST, "could not find expected ':'": _SIMPLE_KEY,
    "did not find expected node content": _NO_VALUE,
    "did not find expected ',' or ']'": _FLOW, "did not find expected ',' or '}'": _FLOW,
    "found unexpected document indicator": _DOCUMENT_MARK,
}

# Control characters by name (the reader refuses C0 and C1 controls but tab and line breaks).
_CONTROL_NAMES = {0x00: N_("NUL"), 0x08: N_("backspace"), 0x0B: N_("vertical tab"), 0x0C: N_("form feed, a page break"),
                  0x1B: N_("escape"), 0x7F: N_("delete")}
_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def key_of(text: str | None) -> str | None:
    """The table key of a problem or context text from either reader; None for no text."""
    if not text:
        return None
    if text in PROBLEMS or text in CONTEXTS:
        return text
    for pattern, key in _PYTHON_FORMS:
        if pattern.match(text):
            return key
    return text


def _said(key: str | None) -> str | None:
    """`key` in the reader's language; None when it is a text the tables lack and the language is not English."""
    if key is None:
        return None
    if key in PROBLEMS or key in CONTEXTS:
        return _(key)
    return key if not is_chinese() else None


def syntax_problem(exc: Any, text: str) -> Problem:
    """The Problem of a MarkedYAMLError `exc` raised reading `text`: the reader's words (context: problem) in the
    reader's language, then the hint for its cause; at the problem's mark, or where the cause is when the mark is
    elsewhere (the line that ended the document, the quote left open)."""
    problem, context = key_of(exc.problem), key_of(exc.context)
    mark = exc.problem_mark or exc.context_mark
    offset = mark.index if mark is not None else 0
    if problem == "exceeded maximum nesting depth":
        from planctl.format.rules import MAX_DEPTH

        return Problem(offset, _("nested too deep for the YAML reader (at most 1000 lists and mappings inside one "
                                 "another); phases and tasks nest at most {depth} levels").format(depth=MAX_DEPTH))
    if problem == "found unexpected end of stream" and exc.context_mark is not None:
        offset = exc.context_mark.index  # the quote left open, not the end of the file
    stray = _document_end_before(text, offset)
    if stray is not None:  # whatever the reader says after it, that line is the cause
        from planctl.format.keyboard import SYNTAX

        return Problem(stray, _(SYNTAX).format(what=_(_DOCUMENT)))
    said_context, said_problem = _said(context), _said(problem or "syntax error")
    if said_problem is None or context is not None and said_context is None:
        what = _("the YAML reader cannot read the text here")
    elif said_context is not None:
        what = _("{context}: {problem}").format(context=said_context, problem=said_problem)
    else:
        what = said_problem
    long_key = _long_key(problem, exc.context_mark, text)
    if long_key is not None:
        offset = exc.context_mark.index  # the key's start: the reader stopped 1,024 characters into it
    hint = long_key or _hint(problem, context, text, offset)
    from planctl.format.keyboard import SYNTAX

    message = _(SYNTAX).format(what=what)
    return Problem(offset, _("{what}; {hint}").format(what=message, hint=hint) if hint else message)


def _hint(problem: str | None, context: str | None, text: str, offset: int) -> str | None:
    """The fix for the cause, in the reader's language; None when the reader's words say it all."""
    if problem == "found character that cannot start any token":
        char = text[offset:offset + 1]
        if char in ("\t", "%"):
            return _(_TAB) if char == "\t" else _(_DIRECTIVE)
        return _(_QUOTE_IT).format(char=char) if char else _(_NO_VALUE)
    if problem == "did not find expected comment or line break":
        return _(_BLOCK if context == "while scanning a block scalar" else _DIRECTIVE)
    if problem == "found unexpected end of stream":
        return _(_UNCLOSED) if context and "quoted" in context else _(_FLOW) if context and "flow" in context else None
    if problem in _HINTS:
        return _(_HINTS[problem])
    return _(_ANY) if problem is not None and problem not in PROBLEMS else None


YAML_KEY_LIMIT = 1024
"""Characters a plain key may have before its ': ' (YAML 1.1 §9.1.3, YAML 1.2 §7.4: an implicit key is
"restricted to a single line" of at most 1024 Unicode characters)."""


def _long_key(problem: str | None, context_mark: Any, text: str) -> str | None:
    """The hint for a key YAML refuses only for its length (the reader says a ':' is missing); else None."""
    if problem != "could not find expected ':'" or context_mark is None:
        return None
    start = context_mark.index
    end = text.find("\n", start)
    key = text[start:end if end >= 0 else len(text)].split(": ", 1)[0]
    if len(key) <= YAML_KEY_LIMIT or ": " not in text[start:end if end >= 0 else len(text)]:
        return None
    return _("this key is {length:,} characters long and YAML reads keys of at most {most:,}: shorten it (a long text "
             "belongs in a value, such as note: …)").format(length=len(key), most=YAML_KEY_LIMIT)


def _document_end_before(text: str, offset: int) -> int | None:
    """Where a line that ends the document (`...`, or a `%` directive) is before `offset`, after the plan's first
    content (a directive before `---` at the top is YAML's own); None when there is none."""
    content = re.search(r"^[^#%\s.-]", text, re.M)
    if content is None:
        return None
    found = None
    for match in re.finditer(r"^(?:%|\.\.\.(?=[ \t\r\n]|$))", text[content.start():offset], re.M):
        found = content.start() + match.start()
    return found


def reader_problem(exc: Any, text: str) -> Problem:
    """The Problem of a YAML ReaderError (a character the reader refuses, such as a control character): named,
    at the first such character of `text` (the reader's own position counts bytes, not characters)."""
    match = _REFUSED.search(text)
    character = getattr(exc, "character", None)
    if match is None and not isinstance(character, int):  # not a character's fault: nothing more to say
        from planctl.format.keyboard import SYNTAX

        return Problem(0, _(SYNTAX).format(what=_("the YAML reader cannot read the text here")))
    code = character if isinstance(character, int) else ord(match.group()) if match else 0
    name = _CONTROL_NAMES.get(code)
    shown = _("{code} ({name})").format(code=f"U+{code:04X}", name=_(name)) if name else f"U+{code:04X}"
    return Problem(match.start() if match else 0, _(
        "control character {char} in the plan; YAML refuses it: delete it (it often comes with text pasted from "
        "Word)").format(char=shown))
