"""Reading a plan file's bytes into text, and turning text offsets into LINE:COL."""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Sequence
from itertools import accumulate, chain, islice, repeat
from operator import sub

from planctl.errors import EXIT_PROBLEMS, PlanctlError, Problem
from planctl.i18n import _, ngettext

MAX_PLAN_BYTES = 256 * 1024 * 1024  # documented, with why, in docs/plan-format.md
BOM = "\ufeff"


class Source:
    """A plan's text without its BOM, plus what is needed to write it back byte for byte."""

    def __init__(self, path: str, text: str, raw: bytes = b"", has_bom: bool = False) -> None:
        self.path = path
        self.text = text
        self.raw = raw
        self.has_bom = has_bom
        self._line_starts: Sequence[int] = ()
        self._starts_seen: dict[int, int] = {}  # line -> its start, of lines located before `_line_starts` was listed

    def __repr__(self) -> str:
        return f"Source(path={self.path!r}, {len(self.text)} characters, has_bom={self.has_bom})"

    @property
    def newline(self) -> str:
        """The file's line ending, judged by its first line break."""
        first = self.text.find("\n")
        return "\r\n" if first > 0 and self.text[first - 1] == "\r" else "\n"

    def line_starts(self) -> Sequence[int]:
        """The offset at which each line starts (lines counted by LF, as `position` does)."""
        if not self._line_starts:
            self._line_starts = line_starts_of(self.text)
        return self._line_starts

    def line_count(self) -> int:
        """How many lines the text has (`line_starts`' length), without listing their starts."""
        return len(self._line_starts) if self._line_starts else self.text.count("\n") + 1

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a code-point offset, counting lines as git does (by LF)."""
        if not self._line_starts:  # one look-up: counting is cheaper than indexing every line
            line_start = self.text.rfind("\n", 0, offset) + 1
            line = self.text.count("\n", 0, offset) + 1
            self._starts_seen[line] = line_start
            return line, offset - line_start + 1
        starts = self._line_starts
        row = bisect.bisect_right(starts, offset) - 1
        return row + 1, offset - starts[row] + 1

    def locate_all(self, problems: list[Problem]) -> list[Problem]:
        """Each problem with its line and column (`position`). Many of them, before the line starts are
        listed, are placed in one pass in the order of their offsets, counting the line breaks between one
        and the next (in C): listing every line start of a large plan (1.5 million lines at 100,000
        tasks) cost more than the rest of a warm `due`."""
        if self._line_starts or len(problems) <= 4:
            return [self.locate(p) for p in problems]
        text, seen = self.text, self._starts_seen
        out = list(problems)
        line, at = 1, 0
        offsets = [problem.offset for problem in problems]
        for n in sorted(range(len(problems)), key=offsets.__getitem__):
            problem = problems[n]
            offset = min(problem.offset, len(text))
            line += text.count("\n", at, offset)
            at = offset
            start = seen[line] = text.rfind("\n", 0, offset) + 1
            # made anew rather than by _replace, which costs five times as much (a check of 250,000 warnings)
            out[n] = Problem(problem.offset, problem.message, problem.severity, line, offset - start + 1, problem.hint)
        return out

    def lines_of(self, offsets: Sequence[int]) -> list[int]:
        """The line (`position`'s) of each offset (within the text), in the order given. Before the line starts are
        listed, the line breaks are counted between the offsets in increasing order (in C): a check of a
        large plan places 260,000 entries alike, and listing its 1.5 million line starts cost more than that."""
        if self._line_starts:
            starts = self._line_starts
            return [bisect.bisect_right(starts, offset) for offset in offsets]
        ordered = sorted(offsets)
        counted = islice(accumulate(map(self.text.count, repeat("\n"), chain((0,), ordered), ordered), initial=1), 1, None)
        line_at = dict(zip(ordered, counted, strict=True))  # each offset's line, given back in the order asked (in C)
        return list(map(line_at.__getitem__, offsets))

    def column_of(self, offset: int, line: int) -> int:
        """The 1-based column of `offset` (within the text), on its `line` (`lines_of`)."""
        if self._line_starts:
            return offset - self._line_starts[line - 1] + 1
        start = self._starts_seen[line] = self.text.rfind("\n", 0, offset) + 1
        return offset - start + 1

    def columns_of(self, offsets: Sequence[int], lines: Sequence[int]) -> list[int]:
        """`column_of` of each offset (within the text) on its line (`lines_of`), in the order given: the line starts
        found in C (a check places the first entry of each of 107,000 warnings of entries alike)."""
        if self._line_starts:
            return [self.column_of(offset, line) for offset, line in zip(offsets, lines, strict=True)]
        breaks = list(map(self.text.rfind, repeat("\n"), repeat(0), offsets))  # the line break before each (-1: none)
        self._starts_seen.update(zip(lines, map((1).__add__, breaks), strict=True))
        return list(map(sub, offsets, breaks))

    def line_text(self, line: int) -> str:
        """The text of 1-based `line` without its line break. A line located before the starts of every line were
        listed (`position`, `locate_all`, `column_of`) is found from its start alone: a check prints excerpts of the
        lines it located, and listing a large plan's 1.5 million starts for them cost a fifth of a second."""
        start = self._starts_seen.get(line) if not self._line_starts else None
        if start is not None:
            end = self.text.find("\n", start)
            return self.text[start:end + 1 if end >= 0 else len(self.text)].rstrip("\r\n")
        starts = self.line_starts()
        start = starts[line - 1]
        end = starts[line] if line < len(starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def locate(self, problem: Problem) -> Problem:
        line, column = self.position(min(problem.offset, len(self.text)))
        return problem._replace(line=line, column=column)


def line_starts_of(text: str) -> array[int]:
    """The offset of the start of each line of `text` (by LF; the first is 0), as 64-bit numbers: at 1.5 million
    lines a list of them took 60 MB. The line breaks are found in C (a loop of `find` took twice as long)."""
    starts = array("q", [0])
    starts.extend(map(re.Match.end, _LINE_BREAK.finditer(text)))
    return starts


_LINE_BREAK = re.compile("\n")


class SourceProblem(Exception):
    """The bytes cannot be a plan at all (not UTF-8, binary, too large, empty)."""

    def __init__(self, source: Source, problem: Problem) -> None:
        super().__init__(problem.message)
        self.source = source
        self.problem = problem


UTF16_LE_BOM, UTF16_BE_BOM = b"\xff\xfe", b"\xfe\xff"  # what Notepad's "Unicode" (UTF-16) files start with


def _looks_utf16(raw: bytes) -> bool:
    """UTF-16 without its BOM: the plan's keys are ASCII, so every other byte of its start is NUL."""
    sample = raw[:400]
    odd, even = sample[1::2], sample[0::2]
    return len(sample) >= 8 and max(odd.count(0) / len(odd), even.count(0) / len(even)) > 0.4


def decode(path: str, raw: bytes) -> Source:
    """Decode a plan's bytes, refusing what cannot be a plan with a located problem."""
    empty = Source(path=path, text="", raw=raw)
    if len(raw) > MAX_PLAN_BYTES:
        message = _("file is {size:,} bytes; plans are limited to {most:,} bytes").format(size=len(raw), most=MAX_PLAN_BYTES)
        raise SourceProblem(empty, Problem(0, message, line=1, column=1))
    if raw.startswith((UTF16_LE_BOM, UTF16_BE_BOM)) or _looks_utf16(raw):
        raise SourceProblem(empty, Problem(0, _("the plan is saved as UTF-16 (Windows Notepad calls it \"Unicode\"); "
                                                "save it as UTF-8 (in Notepad: Save as, Encoding: UTF-8)"), line=1, column=1))
    if b"\x00" in raw:
        return _refuse_at_byte(path, raw, raw.index(b"\x00"), _("binary file (NUL byte); a plan is UTF-8 text"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _refuse_at_byte(path, raw, exc.start, not_utf8(path, raw, exc.start))
    has_bom = text.startswith(BOM)
    if has_bom:
        text = text[1:]
    source = Source(path=path, text=text, raw=raw, has_bom=has_bom)
    if not text or text.isspace():
        raise SourceProblem(source, Problem(0, _("the plan is empty"), line=1, column=1))
    return source


def typed_path(path: str) -> str:
    """`path` as a person types it into a shell: as it is, or in double quotes when it holds a space or a
    character the shell reads (Chinese is typed as it is)."""
    return f'"{path}"' if re.search(r"[\s'\"$`\\!*?&;|<>()#~{}\[\]]", path) else path


def lone_cr_break(text: str) -> int | None:
    """The offset of the file's first line break when it is a CR alone (the old Mac OS's line ending), else
    None. YAML reads such a file (a CR alone is a line break, YAML 1.2 §5.4), but planctl's writers, its line
    numbers, its merge driver and git itself count lines by LF: git sees the whole file as one line, so a
    line `done` added could not be merged. planctl reads it and refuses to write it (`cr_only`)."""
    lf = text.find("\n")
    cr = text.find("\r", 0, lf if lf >= 0 else len(text))  # only the first line is searched in an LF plan
    return cr if cr >= 0 and lf != cr + 1 else None


def stray_cr(text: str) -> int | None:
    """The offset of the first CR alone inside a plan whose lines end in LF or CR LF (pasted text, a note
    copied from an old Mac document), else None. YAML reads it as a line break (YAML 1.2 §5.4), so the rest
    of its line is a line of its own to YAML, though one line to an editor, to git and to planctl's line
    numbers: a syntax error it causes is told at the line after."""
    if "\r" not in text or text.count("\r") == text.count("\r\n"):
        return None
    at = text.find("\r")
    while at >= 0 and text.startswith("\r\n", at):
        at = text.find("\r", at + 2)
    return at if at >= 0 else None


def stray_cr_message() -> str:
    """What `stray_cr` found, said to a person."""
    return _("a carriage return (CR) alone inside this line: YAML reads it as a line break, so the rest of the line is read as "
             "a line of its own; remove it (pasted text?)")


def cr_only(path: str) -> str:
    """What is wrong with a plan whose line breaks are CRs alone (`lone_cr_break`), with the command that
    converts them to LF (tr: on every Linux and macOS and in Git for Windows)."""
    name, converted = typed_path(path), typed_path(path + ".lf")
    return _("the plan's line breaks are CR alone (the old Mac OS's); planctl reads it but does not write it (git sees "
             "it as one line, so a line added could not be merged): convert them to LF: "
             "'tr \"\\r\" \"\\n\" < {path} > {converted} && mv {converted} {path}'").format(path=name, converted=converted)


def as_gb18030(raw: bytes) -> str | None:
    """`raw` read as GB18030 (a superset of GBK and GB2312: what Chinese Windows saves as "ANSI"), or None
    when it is not that either. The one test of a Chinese legacy encoding: a plan that is not UTF-8
    (`not_utf8`) and a document to import (importer/reading.py)."""
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return None


def not_utf8(path: str, raw: bytes, at: int) -> str:
    """The problem of a plan that is not UTF-8 from byte `at`: when it reads as GBK/GB18030 (`as_gb18030`),
    that it probably is, and the command that converts it (iconv, on every Linux and macOS and in Git for
    Windows)."""
    if as_gb18030(raw) is None:
        return _("not UTF-8 (byte 0x{byte:02x}); save the plan as UTF-8").format(byte=raw[at])
    name, converted = typed_path(path), typed_path(path + ".utf8")
    return _("not UTF-8 (byte 0x{byte:02x}): it reads as GBK/GB18030, probably saved as \"ANSI\" on Windows; convert it "
             "to UTF-8: 'iconv -f gb18030 -t utf-8 {path} > {converted} && mv {converted} {path}' (or in Notepad: Save "
             "as, Encoding: UTF-8)").format(byte=raw[at], path=name, converted=converted)


def _refuse_at_byte(path: str, raw: bytes, at: int, message: str) -> Source:
    prefix = raw[:at].decode("utf-8", errors="replace")
    has_bom = prefix.startswith(BOM)
    text = prefix[1:] if has_bom else prefix
    source = Source(path=path, text=text + raw[at:].decode("utf-8", errors="replace"), raw=raw, has_bom=has_bom)
    raise SourceProblem(source, source.locate(Problem(len(text), message)))


class PlanInvalid(PlanctlError):
    """The plan has errors; `problems` says which (already located)."""

    exit_code = EXIT_PROBLEMS

    def __init__(self, source: Source, problems: list[Problem], message: str = "") -> None:
        errors = sum(p.is_error for p in problems)
        super().__init__(message or ngettext("{path} has {n} error; fix it first ('planctl check')",
                                             "{path} has {n} errors; fix it first ('planctl check')", errors).format(
                                                 path=source.path, n=errors))
        self.source = source
        self.problems = problems
