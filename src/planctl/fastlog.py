"""A fast path for the completion lines planctl writes, so large logs need not go through YAML event by event.

A line such as `          - {date: 2009-04-03, by: zhangwei, amount: 2, note: 初稿, at: 2026-11-25T08:00:00}`
is read with one regular expression, and its flow mapping is masked (replaced by as many `x`) before
the YAML parse, so the parser sees one scalar instead of a dozen events. Only lines whose meaning is
certain are taken: anything unusual (other keys or order, quoting YAML and JSON disagree on, values
that YAML would read as another type, impossible dates) is left to the full YAML path, which is the
reference; tests check that both give the same plan.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime

from planctl.model import Completion

_ID = r"[A-Za-z][A-Za-z0-9_-]*"
_PLAIN_NOTE = r"[^\s\-?:,\[\]{}#&*!|>'\"%@`0-9.+~](?:[^,\[\]{}#:\"\r\n]*[^\s,\[\]{}#:\"])?"
_QUOTED_NOTE = r'"(?:[^"\\\x00-\x1f\x7f-\x9f\u2028\u2029]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"'
ENTRY_LINE = re.compile(
    r"^[ ]*- (\{date: (\d{4}-\d\d-\d\d)"
    rf"(?:, by: ({_ID}))?"
    rf"(?:, unit: ({_ID}))?"
    r"(?:, amount: ((?:0|[1-9][0-9]*)(?:\.[0-9]+)?))?"
    rf"(?:, note: ({_PLAIN_NOTE}|{_QUOTED_NOTE}))?"
    r"(?:, at: (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d))?\})"
    r"(?=[ ]*(?:#[^\n]*)?\r?$)",
    re.M,
)
_RESERVED = {"yes", "no", "on", "off", "y", "n", "true", "false", "null"}
# What YAML refuses anywhere in a stream; masked text would hide it from the parser, so such a
# file takes the full YAML path and gets its located error.
NON_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def mask(text: str) -> tuple[str, dict[int, Completion]]:
    """The text with each recognised entry's `{...}` replaced by `x`s, and the entries by offset."""
    entries: dict[int, Completion] = {}
    if NON_PRINTABLE.search(text):
        return text, entries
    pieces: list[str] = []
    last = 0
    for match in ENTRY_LINE.finditer(text):
        entry = _entry(match)
        if entry is None:
            continue
        start, end = match.span(1)
        entries[start] = entry
        pieces.append(text[last:start])
        pieces.append("x" * (end - start))
        last = end
    if not entries:
        return text, entries
    pieces.append(text[last:])
    return "".join(pieces), entries


def _entry(match: re.Match[str]) -> Completion | None:
    day_text, by, unit, amount, note, at = match.group(2, 3, 4, 5, 6, 7)
    if by in _RESERVED or unit in _RESERVED:
        return None
    try:
        day = date.fromisoformat(day_text)
        stamp = datetime.fromisoformat(at) if at else None
    except ValueError:
        return None
    if note is not None:
        if note.startswith('"'):
            note = json.loads(note)
        elif note.lower() in _RESERVED:
            return None
    return Completion(date=day, by=by, unit=unit, amount=float(amount) if amount else None, note=note or None,
                      at=stamp, pos=match.start(1))
