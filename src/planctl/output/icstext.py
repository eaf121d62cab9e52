"""iCalendar content lines (RFC 5545) written directly, as the `icalendar` library writes them.

`export ics` of a large plan spent nine tenths of its time in the library's objects (a property, its
parameters and its value each a class, every line folded character by character): 2.9 s of 3.2 s for
10,000 tasks. The lines planctl writes are few kinds: text (§3.3.11, escaped as the library escapes
it), dates, UTC date-times, an integer, a parameter without special characters. This module writes
those as plain strings; what it does not handle (a calendar address with a name as a parameter, whose
quoting the library decides) the caller still asks the library for. tests/test_export_ics_text.py
checks the output is the library's, byte for byte, on plans with every kind of property and text.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from planctl.format.controls import HIDDEN_CLASS
from planctl.output.visible import visible

FOLD_AT = 75  # octets: a line reaching this is folded (RFC 5545 §3.1; the library folds at >= 75)
CRLF = "\r\n"
_PLAIN_TEXT = re.compile(r"[^\\;,\r\n]*")  # text that `text` leaves as it is, once `visible`
# text that `text` leaves as it is: nothing `visible` changes (a hidden character, a tab) nor `text` escapes
_AS_IT_IS = re.compile(f"[^\\\\;,\t\n{HIDDEN_CLASS[1:-1]}]*")


def text(value: str) -> str:
    """A TEXT value escaped (RFC 5545 §3.3.11) in the library's order: a written `\\N` first becomes a
    line break, then backslash, semicolon, comma, and every line ending becomes `\\n`. A terminal control or
    invisible character (output/visible.py) is first written as its escape, whose backslash is then escaped:
    RFC 5545 TEXT holds no control character, and a calendar must not show one as it is."""
    value = visible(value, keep_cr=True)
    if _PLAIN_TEXT.fullmatch(value):  # nothing to escape: most titles (one scan, not seven)
        return value
    return (value.replace("\\N", "\n").replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def texts(values: list[str]) -> list[str]:
    """`text` of each value; the usual values, with nothing to escape, in one scan of them all (a printable text holds
    no tab, line break nor hidden character: `isprintable` scans it in 0.6 of the pattern's instructions)."""
    joined = "".join(values)
    if (joined.isprintable() and "\\" not in joined and ";" not in joined and "," not in joined) or _AS_IT_IS.fullmatch(joined):
        return values
    return list(map(text, values))


def unknown(value: str) -> str:
    """An X- property's value as the library writes one it has no type for (X-WR-CALNAME): as it is,
    except that a line break (which the library refused with an internal error) is written `\\n`, and a
    hidden character its escape (output/visible.py), as in `text`."""
    return visible(value, keep_cr=True).replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def day(value: date) -> str:
    """A DATE value: YYYYMMDD."""
    return value.isoformat()[:10].replace("-", "")  # isoformat's year has four digits, as %04d


def utc_time(value: datetime) -> str:
    """A DATE-TIME in UTC (`value` must be in UTC): YYYYMMDDTHHMMSSZ, seconds cut."""
    assert value.utcoffset() == UTC.utcoffset(None)
    return f"{day(value)}T{value.hour:02}{value.minute:02}{value.second:02}Z"


def fold(line: str) -> str:
    """A content line folded as the library folds it: a line break and a space before the character
    that would bring a line to 75 octets of UTF-8 (a continuation's space not counted), never right
    after a backslash or caret (which stays with the character it escapes)."""
    if len(line) < FOLD_AT // 4 or (len(line) < FOLD_AT and line.isascii()) or len(line.encode("utf-8")) < FOLD_AT:
        return line
    pieces: list[str] = []
    current: list[str] = []
    count = 0
    for char in line:
        size = len(char.encode("utf-8"))
        if current and count + size >= FOLD_AT:
            if len(current) > 1 and current[-1] in "\\^":
                carried = current.pop()
                pieces.append("".join(current))
                current, count = [carried], len(carried.encode("utf-8"))
            else:
                pieces.append("".join(current))
                current, count = [], 0
        current.append(char)
        count += size
    if current:
        pieces.append("".join(current))
    return "\r\n ".join(pieces)


def encoded(values: list[str]) -> list[bytes]:
    """Each value in UTF-8; values without a line feed (text escapes it) encoded together, as one text."""
    pieces = "\n".join(values).encode().split(b"\n")
    return pieces if len(pieces) == len(values) else list(map(str.encode, values))


def document(lines: list[str]) -> bytes:
    """Content lines (unfolded) as one iCalendar stream: each folded, CRLF after every line."""
    return (CRLF.join(fold(line) for line in lines) + CRLF).encode("utf-8")
