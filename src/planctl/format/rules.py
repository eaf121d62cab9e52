"""Rules for values that every reader of a plan applies alike.

A plan is read by two readers: the full YAML reader (`loader.py`), and the fast reader of the
completion lines planctl writes itself (`fastlog.py`), which must take a line only when the full
reader would read it to the same completion. Both take their rules from here (and a plain
scalar's type from `yamltree.plain_value`), so they cannot drift apart; `tests/test_entry_readers.py`
checks that they give the same result or the same error for any entry line.
"""

from __future__ import annotations

import math
import re

MAX_NUMBER = 1_000_000_000_000  # targets, amounts and years beyond this are typing mistakes
# An id: a letter (ASCII, or a Chinese character: CJK Unified Ideographs, Extension A, Compatibility
# Ideographs), then letters, digits, - or _. So `办公室`, `党支部`, `lead-group`. The same pattern text
# is the JSON Schema's (ECMA-262 reads the \u escapes alike).
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
ID_REGEX = rf"[A-Za-z{_HAN}][A-Za-z0-9_{_HAN}-]*"


class _IdPattern:
    """`re.compile(ID_REGEX + "$")`, whose `match` is that pattern's. Compiling the class of Chinese
    characters takes some 10 ms (a tenth of a short command), so an ASCII text (most ids) is matched
    by the ASCII part of the pattern alone, the same match for such a text; the whole pattern is
    compiled when a text that is not ASCII first asks."""

    pattern = ID_REGEX + "$"

    def __init__(self) -> None:
        self._ascii = re.compile(r"[A-Za-z][A-Za-z0-9_-]*$")
        self.ascii_match = self._ascii.match  # `match` of an ASCII text (a caller that checked isascii itself)
        self._whole: re.Pattern[str] | None = None

    def match(self, text: str) -> re.Match[str] | None:
        if text.isascii():
            return self._ascii.match(text)
        if self._whole is None:
            self._whole = re.compile(self.pattern)
        return self._whole.match(text)


ID_PATTERN = _IdPattern()
# Phases and tasks nest at most this many levels (a phase is level 1; docs/plan-format.md). Far
# more than a plan needs, and well inside what the readers and the views can take: the YAML reader
# (libyaml) stops at 1000 nested lists and mappings, which block-style tasks reach at 497 to 499
# levels; the views recurse through the tree and hit Python's recursion limit at about 320 levels;
# and some views' time grows faster than the depth (measured in 2026-11: `export ics` 41 s at 100
# levels, over 300 s at 200).
MAX_DEPTH = 100


def number_fits(value: float) -> bool:
    """Whether a number read from the plan is one planctl takes: finite, at most MAX_NUMBER either way."""
    return math.isfinite(value) and abs(value) <= MAX_NUMBER
