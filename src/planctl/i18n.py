"""planctl's words in the reader's language: gettext (the standard library) over the catalogs in planctl/locale.

English is the source: every user-facing string is written in English in the code, wrapped in `_()` (or
`ngettext()` when it depends on a count, `N_()` where it must stay a constant and is translated later), and
Babel keeps the catalogs (`python bench/i18n.py extract|update|compile|check`, README "Translations").

The language is chosen the usual way: PLANCTL_LANG when set; else as GNU gettext does, the locale (the first set of
LC_ALL, LC_MESSAGES, LANG), overridden by LANGUAGE unless that locale is C or POSIX (LANGUAGE may list several,
`zh_CN:en`: the first planctl knows wins):

    zh, zh_CN, zh_SG, zh_Hans, zh-CN, zh_CN.UTF-8 ...   Simplified Chinese (`zh_CN`)
    zh_TW, zh_HK, zh_MO, zh_Hant                        Simplified Chinese too, for now: planctl has no
                                                        Traditional catalog, and Simplified reads better
                                                        to those users than English (docs/glossary.md)
    C, POSIX, en*, anything else                        English (`en`)

Lazy: nothing is read from the environment or the disk until the first `_()` of a run, and English loads no
file at all. `reset()` forgets the choice (the command line calls it at the start and end of each run, since
tests run many in one process with different environments). `english()` holds English for a block: JSON keeps
its words in English whatever the language (an interface, not prose); `label()` gives the reader's word for a
code there (`"section": "overdue", "section_label": "逾期"`); only the JSON is held so, a --json run's errors
and hints follow the reader. `speaking(code)` holds any language: commit messages are in the plan's
(`plan_language`), the same on every clone. A Chinese message's `format()` drops the space the catalog writes
beside a placeholder when the value there is Chinese too (`Spaced`); `listed()` joins a list with 、 in Chinese.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from operator import itemgetter
from pathlib import Path
from typing import Any, Literal

TYPE_CHECKING = False  # not typing's: it names what only mypy reads
if TYPE_CHECKING:
    from gettext import NullTranslations

DOMAIN = "planctl"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
ENGLISH = "en"
CHINESE = "zh_CN"
LANGUAGE_VARIABLES = ("PLANCTL_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")



class _Catalog:
    """What planctl asks of a catalog (gettext.NullTranslations' two methods); itself, English: the message as
    written. The gettext module is imported only for a catalog that needs it (a .mo that is not UTF-8, a plural
    rule): English and the shipped Chinese catalog start without it (issue 20: a millisecond of every run)."""

    def gettext(self, message: str) -> str:
        return message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return msgid1 if n == 1 else msgid2


_ENGLISH = _Catalog()
_loaded: dict[str, _Catalog] = {}
_current: _Catalog | None = None  # None: not chosen yet this run
_held: list[str] = []  # the languages held by `speaking()` blocks, innermost last
_english_only = False  # the output cannot show Chinese (speak_english_only)


def language(environ: Mapping[str, str] | None = None) -> str:
    """`"zh_CN"` or `"en"`: what PLANCTL_LANG asks for, else what GNU gettext would choose: the locale is the first
    set of LC_ALL, LC_MESSAGES, LANG; LANGUAGE (a list, `zh_CN:en`) overrides it, except when the locale is C or
    POSIX (or none is set: the C locale), where GNU gettext ignores LANGUAGE and so does planctl."""
    env = os.environ if environ is None else environ
    if env.get("PLANCTL_LANG"):
        return _known(env["PLANCTL_LANG"])
    locale = next((env[name] for name in ("LC_ALL", "LC_MESSAGES", "LANG") if env.get(name)), "C")
    if _is_c(locale):
        return ENGLISH
    return _known(env.get("LANGUAGE") or locale)


def _is_c(locale: str) -> bool:
    """The C locale: `C`, `POSIX`, or C with a character set (`C.UTF-8`)."""
    return locale.split(".")[0].split("@")[0] in ("C", "POSIX")


def _known(value: str) -> str:
    for part in value.split(":"):
        code = part.split(".")[0].split("@")[0].replace("-", "_").lower()
        if code == "zh" or code.startswith("zh_"):
            return CHINESE
        if code in ("c", "posix") or code == "en" or code.startswith("en_"):
            return ENGLISH
    return ENGLISH


def _catalog(code: str) -> _Catalog:
    if code == ENGLISH:
        return _ENGLISH
    found = _loaded.get(code)
    if found is None:
        path = LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.mo"
        try:
            found = _MoCatalog(path.read_bytes())
        except OSError:  # a catalog missing from a broken install: English rather than a crash
            found = _ENGLISH
        _loaded[code] = found
    return found


class _MoCatalog(_Catalog):
    """A compiled catalog (.mo) read lazily: each message is looked up when first asked for, by binary search in
    the file's table of messages (sorted, as the GNU .mo format requires, so that this is possible), rather than
    the whole catalog decoded into a dict first as `gettext.GNUTranslations` does. A run asks for a few dozen of
    its thousands of messages: the catalog costs `due` about 0.2 ms instead of 2 ms, and stays so as it grows
    (issue 17: at most 3 ms; bench/RESULTS.md). Answers are those of `GNUTranslations` (tests/test_i18n.py).
    A file that is not a UTF-8 .mo is handed to `GNUTranslations` whole."""

    def __init__(self, data: bytes) -> None:
        super().__init__()
        self._whole: NullTranslations | None = None
        self._data = data
        self._found: dict[str, str] = {}
        self._plural: Callable[[int], int] | None = None
        magic = data[:4]
        self._order: Literal["little", "big", ""] = (
            "little" if magic == b"\xde\x12\x04\x95" else "big" if magic == b"\x95\x04\x12\xde" else "")
        if self._order:  # after the magic and the revision: the count, then the two tables' offsets
            self._count, self._keys, self._values = self._word(8), self._word(12), self._word(16)
        if not self._order or b"charset=utf-8" not in self._header().lower():
            import io
            from gettext import GNUTranslations

            self._whole = GNUTranslations(io.BytesIO(data))

    def _word(self, at: int) -> int:
        """The 32-bit unsigned number at byte `at`, in the file's byte order (no `struct`: 0.5 ms of start-up)."""
        assert self._order
        return int.from_bytes(self._data[at:at + 4], self._order)

    def _entry(self, table: int, index: int) -> bytes:
        at = table + 8 * index
        length, offset = self._word(at), self._word(at + 4)
        return self._data[offset:offset + length]

    def _header(self) -> bytes:
        return self._entry(self._values, 0) if self._count and not self._entry(self._keys, 0) else b""

    def _lookup(self, key: bytes) -> bytes | None:
        low, high = 0, self._count
        while low < high:
            middle = (low + high) // 2
            found = self._entry(self._keys, middle)
            if found == key:
                return self._entry(self._values, middle)
            if found < key:
                low = middle + 1
            else:
                high = middle
        return None

    def gettext(self, message: str) -> str:
        if self._whole is not None:
            return Spaced(self._whole.gettext(message))
        known = self._found.get(message)
        if known is None:
            found = self._lookup(message.encode("utf-8"))
            known = self._found[message] = Spaced(found.decode("utf-8")) if found else message
        return known

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        if self._whole is not None:
            return Spaced(self._whole.ngettext(msgid1, msgid2, n))
        found = self._lookup(msgid1.encode("utf-8") + b"\0" + msgid2.encode("utf-8"))
        if found is None:
            return msgid1 if n == 1 else msgid2
        forms = found.decode("utf-8").split("\0")
        return Spaced(forms[min(self._plural_index(n), len(forms) - 1)])

    def _plural_index(self, n: int) -> int:
        if self._plural is None:
            import re
            from gettext import c2py

            rule = re.search(rb"plural=([^;\n]+)", self._header())
            self._plural = c2py(rule.group(1).decode("ascii")) if rule else (lambda count: int(count != 1))
        return self._plural(n)


# Ideographs and the marks only Chinese uses, as ranges of code points: a character class of them costs the
# regular-expression compiler some 10 ms to build (every Chinese run's first message paid it), a range test nothing.
_CJK = ((0x3000, 0x303F), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xFF00, 0xFFEF))


def _is_cjk(char: str) -> bool:
    """Whether `char` (one character; "" is none) is an ideograph or a Chinese mark (`_CJK`)."""
    if not char:
        return False
    code = ord(char)
    return any(low <= code <= high for low, high in _CJK)


class Spaced(str):
    """A Chinese message whose `format()` spaces each filled-in value as Chinese typesetting wants
    (docs/glossary.md "排版"): the catalog writes one space between Chinese and a placeholder (`没有 {what}`,
    `{what} 必须是`), right when the value is Latin or a number (`没有 plan.yaml`, `任务 1.3 必须是`); when the
    value's own edge there is Chinese too, the space goes (`没有任务或配额`, `阶段 1 的标题必须是文字`). Spaces
    between two placeholders, or next to a Latin letter of the message, are kept."""

    __slots__ = ()

    def format(self, *args: Any, **kwargs: Any) -> str:
        from _string import formatter_parser  # type: ignore[import-not-found]  # string.Formatter.parse's own, without its 1 ms

        out: list[str] = []
        value_end = ""  # the last character of the value just filled in ("" after literal text)
        auto = 0
        parsed: Iterable[tuple[str, str | None, str | None, str | None]] = formatter_parser(self)
        for literal, field, spec, conversion in parsed:
            if value_end and literal[:1] == " " and _is_cjk(literal[1:2]) and _is_cjk(value_end):
                literal = literal[1:]
            out.append(literal)
            value_end = ""
            if field is None:
                continue
            if field == "":
                field, auto = str(auto), auto + 1
            value = ("{" + field + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
                     ).format(*args, **kwargs)
            if len(literal) >= 2 and literal[-1] == " " and _is_cjk(literal[-2]) and _is_cjk(value[:1]):
                out[-1] = literal[:-1]
            out.append(value)
            value_end = value[-1:]
        return "".join(out)


def _translations() -> _Catalog:
    global _current
    if _held:
        return _catalog(_held[-1])
    if _current is None:
        _current = _catalog(ENGLISH if _english_only else language())
    return _current


def current_language() -> str:
    """The language `_()` speaks now: `"zh_CN"` or `"en"`."""
    return ENGLISH if _translations() is _ENGLISH else CHINESE


def is_chinese() -> bool:
    """True when planctl speaks Chinese now (dates in prose, the starter plan, the timeline's labels)."""
    return _translations() is not _ENGLISH


def speak_english_only() -> None:
    """English for the rest of the run, whatever the environment asks: the output cannot show Chinese
    (cli/streams.py: an ASCII-only stdout), and a Chinese interface would be all escapes."""
    global _current, _english_only
    _english_only = True
    _current = _ENGLISH


def reset() -> None:
    """Forget the language chosen: the next `_()` reads the environment again."""
    global _current
    _current = None


def _(message: str) -> str:
    """`message` in the chosen language (itself when untranslated or English)."""
    return _translations().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of `singular`/`plural` for the count `n`, in the chosen language."""
    return _translations().ngettext(singular, plural, n)


def filler(template: str, *names: str) -> Callable[..., str]:
    """A function of the values of `names`, in that order, giving `template.format(name=value, ...)`: for a
    message said many times (a check of a large plan words 100,000 warnings), its fields are found once and
    filled by `%` (a tenth of the time of `format` with keywords). The values are text or numbers (written as
    `format` writes them without a spec). A field with a conversion or a format spec, or a name not among
    `names`, leaves the template to `format` (which then raises what it raises)."""
    from string import Formatter

    by_format = lambda *values: template.format(**dict(zip(names, values, strict=True)))  # noqa: E731
    try:
        parsed = list(Formatter().parse(template))
    except ValueError:  # a lone brace: format says so
        return by_format
    fields = [field for _literal, field, _spec, _conversion in parsed if field is not None]
    if not set(fields).issubset(names) or any(spec or conversion for _literal, field, spec, conversion in parsed if field is not None):
        return by_format
    percent = "".join(literal.replace("%", "%%") + ("%s" if field is not None else "") for literal, field, _spec, _conversion in parsed)
    if not fields:
        return lambda *values: percent % ()
    if len(fields) == 1:
        place = names.index(fields[0])
        return lambda *values: percent % (values[place],)
    picked = itemgetter(*(names.index(field) for field in fields))
    return lambda *values: percent % picked(values)


def label(message: str) -> str:
    """`message` in the reader's language even inside `english()`: the label JSON carries beside a code."""
    global _current
    if _current is None:
        _current = _catalog(ENGLISH if _english_only else language())
    return _current.gettext(message)


def listed(items: Iterable[str]) -> str:
    """The items of a list joined for the reader: `a, b, c` in English, `甲、乙、丙` in Chinese (the 顿号 separates
    the items of a series; `_(", ")`, `，` in Chinese, separates clauses and details). Every list shown to a
    reader (names, ids, choices, forms to type) is joined here."""
    return list_separator().join(items)


def list_separator() -> str:
    """What stands between two items of a list: `、` in Chinese, `, ` in English (see `listed`)."""
    return "、" if is_chinese() else ", "


def N_(message: str) -> str:
    """Mark `message` for the catalog without translating it now (a constant translated where it is shown)."""
    return message


@contextmanager
def speaking(code: str) -> Iterator[None]:
    """`code` (`"zh_CN"` or `"en"`) inside the block, whatever the environment asks: words that many readers share
    are in one language for all of them (commit messages: the plan's language, git/sync.commit_language)."""
    _held.append(code)
    try:
        yield
    finally:
        _held.pop()


def english() -> AbstractContextManager[None]:
    """English inside the block, whatever the environment asks (JSON's words, files read by programs)."""
    return speaking(ENGLISH)


def written_in(text: str) -> str:
    """`"zh_CN"` when `text` has a CJK character (an ideograph or a mark only Chinese uses), else `"en"`."""
    return CHINESE if any(map(_is_cjk, text)) else ENGLISH


def plan_language(plan: Any) -> str:
    """The language a plan (a `model.Plan`) is written in: its title's (`written_in`) when the title is Chinese or
    English words (`Study campaign`); for a title that is neither (none, or a file's name such as
    `school-weeks-2025`, as `planctl import` gives a document without a title line), Chinese when any phase's title
    is. The same on every clone, whoever reads it: the words of reports (output/report_words) and of commit messages
    (git/sync.commit_language) follow it, not the reader's environment."""
    import re

    title = plan.title or ""
    if written_in(title) == CHINESE:
        return CHINESE
    if re.search(r"[A-Za-z]{2,}\s+[A-Za-z]", title):  # words, not a file's name
        return ENGLISH
    return CHINESE if any(written_in(phase.title) == CHINESE for phase in plan.phases) else ENGLISH
