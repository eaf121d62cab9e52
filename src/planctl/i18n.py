"""planctl's words in the reader's language: gettext (the standard library) over the catalogs in planctl/locale.

English is the source: every user-facing string is written in English in the code, wrapped in `_()` (or
`ngettext()` when it depends on a count, `N_()` where it must stay a constant and is translated later), and
Babel keeps the catalogs (`python bench/i18n.py extract|update|compile|check`, README "Translations").

The language is chosen the usual way, the first variable set of PLANCTL_LANG, LANGUAGE, LC_ALL, LC_MESSAGES,
LANG (LANGUAGE may list several, `zh_CN:en`: the first planctl knows wins):

    zh, zh_CN, zh_SG, zh_Hans, zh-CN, zh_CN.UTF-8 ...   Simplified Chinese (`zh_CN`)
    zh_TW, zh_HK, zh_MO, zh_Hant                        Simplified Chinese too, for now: planctl has no
                                                        Traditional catalog, and Simplified reads better
                                                        to those users than English (docs/glossary.md)
    C, POSIX, en*, anything else                        English (`en`)

Lazy: nothing is read from the environment or the disk until the first `_()` of a run, and English loads no
file at all. `reset()` forgets the choice (the command line calls it at the start and end of each run, since
tests run many in one process with different environments). `english()` holds English for a block: JSON keeps
its words in English whatever the language (an interface, not prose); `label()` gives the reader's word for a
code there (`"section": "overdue", "section_label": "逾期"`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from gettext import GNUTranslations, NullTranslations
from pathlib import Path

DOMAIN = "planctl"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
ENGLISH = "en"
CHINESE = "zh_CN"
LANGUAGE_VARIABLES = ("PLANCTL_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_ENGLISH = NullTranslations()
_loaded: dict[str, NullTranslations] = {}
_current: NullTranslations | None = None  # None: not chosen yet this run
_held_english = 0


def language(environ: Mapping[str, str] | None = None) -> str:
    """`"zh_CN"` or `"en"`: the language the first set variable of LANGUAGE_VARIABLES asks for."""
    env = os.environ if environ is None else environ
    for name in LANGUAGE_VARIABLES:
        value = env.get(name)
        if value:
            return _known(value)
    return ENGLISH


def _known(value: str) -> str:
    for part in value.split(":"):
        code = part.split(".")[0].split("@")[0].replace("-", "_").lower()
        if code == "zh" or code.startswith("zh_"):
            return CHINESE
        if code in ("c", "posix") or code == "en" or code.startswith("en_"):
            return ENGLISH
    return ENGLISH


def _catalog(code: str) -> NullTranslations:
    if code == ENGLISH:
        return _ENGLISH
    found = _loaded.get(code)
    if found is None:
        path = LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.mo"
        try:
            with path.open("rb") as file:
                found = GNUTranslations(file)
        except OSError:  # a catalog missing from a broken install: English rather than a crash
            found = _ENGLISH
        _loaded[code] = found
    return found


def _translations() -> NullTranslations:
    global _current
    if _held_english:
        return _ENGLISH
    if _current is None:
        _current = _catalog(language())
    return _current


def current_language() -> str:
    """The language `_()` speaks now: `"zh_CN"` or `"en"`."""
    return ENGLISH if _translations() is _ENGLISH else CHINESE


def is_chinese() -> bool:
    """True when planctl speaks Chinese now (dates in prose, the starter plan, the timeline's labels)."""
    return _translations() is not _ENGLISH


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


def label(message: str) -> str:
    """`message` in the reader's language even inside `english()`: the label JSON carries beside a code."""
    global _current
    if _current is None:
        _current = _catalog(language())
    return _current.gettext(message)


def N_(message: str) -> str:
    """Mark `message` for the catalog without translating it now (a constant translated where it is shown)."""
    return message


@contextmanager
def english() -> Iterator[None]:
    """English inside the block, whatever the environment asks (JSON's words, files read by programs)."""
    global _held_english
    _held_english += 1
    try:
        yield
    finally:
        _held_english -= 1
