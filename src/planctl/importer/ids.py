"""Short, typable, stable ids: the pinyin initials of a title (活动准备 → hdzb), via pypinyin.

pypinyin is loaded without its phrase dictionary (PYPINYIN_NO_PHRASES): that dictionary only
improves the reading of polyphonic characters in context (重庆 → cq rather than zq) and takes
~0.5 s to load, half the time budget of importing the seed. Ids stay the same from run to run.

Ids are made in document order, so the same document always gives the same ids; a clash gets
`-2`, `-3`, …; an id of fewer than two letters is the item's kind and the title's leading number
(4月 → task4); ids never clash with one another across phases, tasks, quotas, groups and people."""

from __future__ import annotations

import os
import re

MAX_LETTERS = 8
_ASCII = re.compile(r"[^A-Za-z0-9]+")
_PARENTHESISED = re.compile(r"[(（][^()（）]*[)）]")


def _keep_ascii(chars: str) -> str:
    return _ASCII.sub("", chars).lower()


def _pypinyin() -> None:
    os.environ.setdefault("PYPINYIN_NO_PHRASES", "true")


def initials(text: str) -> str:
    """hdzb for 活动准备; ASCII letters and digits are kept as they are (lower case)."""
    _pypinyin()
    from pypinyin import Style, lazy_pinyin

    letters = "".join(lazy_pinyin(text, style=Style.FIRST_LETTER, errors=_keep_ascii, strict=False))
    return _ASCII.sub("", letters).lower()


def full_pinyin(name: str) -> str:
    """shajicheng for 沙继承 (a person's id)."""
    _pypinyin()
    from pypinyin import lazy_pinyin

    return _ASCII.sub("", "".join(lazy_pinyin(name, errors=_keep_ascii))).lower()


class IdMaker:
    """Hands out unique ids; `taken` may be seeded with ids already in use (groups)."""

    def __init__(self) -> None:
        self.taken: set[str] = set()
        self.last_suffix: dict[str, int] = {}

    def make(self, text: str, fallback: str, *, whole: bool = False) -> str:
        text = _PARENTHESISED.sub("", text)
        letters = full_pinyin(text) if whole else initials(text[: 3 * MAX_LETTERS])[:MAX_LETTERS]
        base = letters.lstrip("0123456789")
        if len(base) < 2:  # 4月 → task4, not y: a stray letter says nothing of the item
            base = fallback + letters[: len(letters) - len(base)]
        candidate, n = base, self.last_suffix.get(base, 1)
        while candidate in self.taken:
            n += 1
            candidate = f"{base}-{n}"
        self.last_suffix[base] = n
        self.taken.add(candidate)
        return candidate

    def reserve(self, id: str) -> str:
        self.taken.add(id)
        return id
