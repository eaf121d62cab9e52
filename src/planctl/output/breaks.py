"""Where a line of text may break: the one wrapping rule of every text view (`due`'s tables, `status`,
`show`, `list`, `report`), measured in terminal cells (output/cells.py: Chinese takes two a character).

Lines break at spaces, as words do; a word wider than a whole line (a run of Chinese without spaces, a long
name) is folded inside, between two Chinese characters where it can, anywhere only when nothing else fits.
In a cell or a field (not prose), a line of Chinese breaks after a mark (MARKS: ，、；：。）) where one fits in
the line's second half, rather than inside a name or a word, and a phrase before a number keeps its number
(`…04-30，` / `还剩 19 天`, not `…04-30，还剩` / `19 天`). Never broken, wherever the line falls:

- a number and its unit: `3 天`, `5.8 h`, `0/5000字`, `2009年`, `3 小时`, `12 days`; the unit is a measure
  word of UNITS written after the number (a space between or none) or, in English, the word after it;
- an ordinal or a count and its number: `第 3 行`, `第1/5期`, `共 3 期`, `≤ 8 h`;
- a date written the Chinese way: `2025年9月1日`, `4月12日`;
- a range of days, `03-31 … 04-30` (a line ending in "…" would read as text cut short);
- closing punctuation from the text before it, opening punctuation from the text after it (the
  line-start and line-end rules of Chinese typesetting, 避头尾: `，` never begins a line, `（` never ends one).

And, when a line can break elsewhere, not inside a name in 《》 or 「」 (`印发《2025年秋季学期教学工作安排》`
breaks before `《`, not at `安|排`): a name wider than the whole line is folded by the rules above.

Offsets are characters of the text given, so a caller with styled text (Rich's `Text`) cuts it at the same places.
"""

from __future__ import annotations

import re

from planctl.output.cells import cell_width, graphemes

# Measure words and units that follow a number in planctl's words and plans, longest first where one starts
# another (个月 before 个). A quota's own unit written right after its number (0/5000字) is kept whatever it is.
UNITS = ("小时", "分钟", "个月", "周年", "季度", "个", "天", "周", "年", "月", "日", "号", "次", "篇", "字", "项", "条",
         "期", "行", "人", "名", "份", "位", "场", "件", "页", "元", "万", "千", "百", "点", "时", "分", "秒", "岁")
DATE_JOINS = "年月"  # 4月12日, 2025年9月: after a number, kept with the number that follows
BEFORE_NUMBER = ("第", "共", "约", "≤", "≥", "<", ">", "~", "±", "#")  # each kept with the number after it
CLOSING = "。，、；：！？）》」』”’〕】〉…,.;:!?)]}%"  # never at the start of a line
OPENING = "（《「『“‘〔【〈([{"  # never at the end of a line
RANGE = "…"  # between two days, spaced (03-31 … 04-30): kept with both
NAMES = (("《", "》"), ("「", "」"), ("『", "』"))  # a title or name in these is kept whole on a line when it fits
# Marks after which a Chinese line breaks best (a clause or an item of a series ends there); in a table cell or
# a field (not prose) a word is broken after the last of them that fits rather than inside a name or a word
# (全体党员（沙继承、…、陈静、 / 杨帆）, not …、杨 / 帆）).
MARKS = "，、；：。）"

Span = tuple[int, int]  # [start, end) in characters


def fold(text: str, width: int, *, fill: bool = False, first: int | None = None) -> list[str]:
    """`text` in lines of at most `width` cells (a line with nothing breakable in it excepted: then it is
    cut between characters); each "\\n" in `text` starts a line; spaces where a line breaks are dropped.

    A word (a run without spaces) that does not fit the rest of a line starts the next one, as in a table's
    cell; with `fill` (prose: help texts), Chinese in it fills the rest of the line first, as Chinese is set.
    `first`: the first line's width when it differs (a hanging indent)."""
    if first is None and _fits(text, width):  # most cells of a table: one line, as the rules below give it
        return [text.rstrip(" ")]
    return [text[start:end] for start, end in spans(text, width, fill=fill, first=first)]


def _fits(text: str, width: int) -> bool:
    """Whether `text` is one paragraph that `_paragraph` keeps on one line of `width` cells: it fits, and
    its width is the sum of its words' and spaces' (no grapheme spans a space), as `_paragraph` adds them."""
    if "\n" in text:
        return False
    if text.isascii() and text.isprintable():
        return len(text) <= max(width, 1)
    whole = cell_width(text)
    if whole > max(width, 1):
        return False
    words = text.split(" ")
    return whole == sum(map(cell_width, words)) + len(words) - 1


def spans(text: str, width: int, *, fill: bool = False, first: int | None = None) -> list[Span]:
    """The lines of `fold` as (start, end) character offsets into `text`."""
    width = max(width, 1)
    out: list[Span] = []
    base = 0
    for paragraph in text.split("\n"):
        room = max(first if first is not None and not out else width, 1)
        out.extend((base + start, base + end) for start, end in _paragraph(paragraph, width, room, fill))
        base += len(paragraph) + 1
    return out


def _paragraph(text: str, width: int, room: int, fill: bool) -> list[Span]:
    """The lines of one paragraph: the first of at most `room` cells, the others `width`."""
    lines: list[Span] = []
    start = end = used = 0  # the line being filled: [start, end), `used` cells

    def limit() -> int:
        return width if lines else room

    for word_start, word_end in _words(text):
        if end == 0:  # the paragraph's first word keeps the paragraph's indent
            word_start = 0
        word = cell_width(text[word_start:word_end])
        gap = cell_width(text[end:word_start]) if end else 0
        if end and used + gap + word <= limit():
            end, used = word_end, used + gap + word
            continue
        if end and not fill:
            clause = _clause_start(text, start, end, (word_start, word_end), limit(), width)
            if clause is not None:  # the line ends after its last mark, the phrase goes on with the word
                lines.append(_stripped(text, (start, clause)))
                start, end = _stripped(text, (clause, word_end))
                used = cell_width(text[start:end])
                continue
        if end and fill:
            head = _fold_word(text, word_start, word_end, width, limit() - used - gap, rest_of_line=True)
            if head[0][1] > head[0][0]:  # some of the word fits the rest of this line
                lines.append((start, head[0][1]))
                word_start = head[1][0] if len(head) > 1 else word_end
                word = cell_width(text[word_start:word_end])
                start = end = used = 0
                if word_start == word_end:
                    continue
        if end:
            lines.append((start, end))
        if word <= limit():
            start, end, used = word_start, word_end, word
            continue
        pieces = _fold_word(text, word_start, word_end, width, limit(), marks=not fill)
        lines.extend(pieces[:-1])
        start, end = pieces[-1]
        used = cell_width(text[start:end])
    if end or not lines:
        lines.append((start, end))
    return lines


def _clause_start(text: str, start: int, end: int, word: Span, room: int, width: int) -> int | None:
    """Where the line [start, end) had better end when `word` does not fit after it: just after its last mark
    (MARKS) or before its last opening bracket, when the space before the word sits inside a phrase (Chinese
    next to a number or a Latin word: 还剩 19 天) and the rest of the phrase with the word fits the next line;
    else None."""
    word_start, word_end = word
    if not _in_phrase(text[end - 1], text[word_start]):
        return None
    kept = _kept(text, start, end)
    for at in range(end - 1, start, -1):
        if (text[at - 1] in MARKS or text[at] in OPENING) and at not in kept:
            fits = cell_width(text[at:word_end].strip()) <= width and cell_width(text[start:at]) <= room
            return at if fits else None
    return None


def _in_phrase(before: str, after: str) -> bool:
    """Whether a space between `before` and `after` is the thin space of Chinese typesetting inside a phrase
    (a Chinese character beside a digit or a Latin letter), not a break between phrases."""
    if not after:
        return False
    wide = cell_width(before) == 2 and before not in MARKS and before not in CLOSING
    return wide and (after.isdigit() or after.isascii() and after.isalpha())


def _words(text: str) -> list[Span]:
    """Runs of text between spaces, those that must stay on one line joined (a number and its unit)."""
    words: list[Span] = []
    for run in _RUN.finditer(text):
        i, j = run.span()
        if words and _joined(text[words[-1][0]:words[-1][1]], text[i:j], text[words[-1][1]:i]):
            words[-1] = (words[-1][0], j)
        else:
            words.append((i, j))
    return words


_RUN = re.compile("[^ ]+")  # a word of `_words`: the text between spaces


def _joined(before: str, after: str, spaces: str) -> bool:
    """Whether the space between two words must not break."""
    if len(spaces) > 1:
        return False
    if after == RANGE or before == RANGE or before.endswith(" " + RANGE):  # 03-31 … 04-30, whole
        return True
    if after[0] in CLOSING and all(ch in CLOSING for ch in after) or before[-1] in OPENING:
        return True
    if before[-1].isdigit():
        return _unit_length(after) > 0 or after[0].isascii() and after[0].isalpha()
    return before.endswith(BEFORE_NUMBER) and after[0].isdigit()


def _unit_length(text: str) -> int:
    """Characters of the measure word (UNITS) `text` starts with; 0 when it starts with none."""
    return next((len(unit) for unit in UNITS if text.startswith(unit)), 0)


def _fold_word(text: str, start: int, end: int, width: int, first: int | None = None, *,
               rest_of_line: bool = False, marks: bool = False) -> list[Span]:
    """A word in pieces of at most `width` cells (the first of at most `first`), broken where `_kept` allows,
    between any two characters where nothing else fits. With `rest_of_line` the first piece is what fits the
    end of a line already begun, and is empty when no break fits there: the word then starts the next line.
    With `marks`, a piece ends after the last mark (MARKS), or before the last opening bracket, where one fits
    in its second half."""
    kept = _kept(text, start, end)
    named = _inside_names(text, start, end, width)
    pieces: list[Span] = []
    # offsets where this piece may end: any break, one outside a 《name》, and one after a mark outside a name
    line_start, used, last_break, last_named, last_mark = start, 0, None, None, None
    at = start
    for grapheme, cells in graphemes(text[start:end]):
        if at > line_start and at not in kept:
            last_break = at
            if at not in named:
                last_named = at
                if marks and (text[at - 1] in MARKS or text[at] in OPENING):  # as _clause_start: 进行中 / （落后）
                    last_mark = at
        room = width if pieces or first is None else first
        if used + cells > room:
            # after a mark, unless that leaves less than half the line (在 / 《我爱我家》… would read worse)
            half = last_mark is not None and 2 * cell_width(text[line_start:last_mark]) >= room
            cut = last_mark if half else last_named if last_named is not None else last_break
            if cut is None and rest_of_line and not pieces:
                cut = line_start  # nothing of the word fits the end of that line
            elif cut is None and at > line_start:
                cut = at  # nothing breakable: cut between two characters
            if cut is not None:
                pieces.append((line_start, cut))
                line_start, last_break, last_named, last_mark = cut, None, None, None
                used = cell_width(text[cut:at])
        used += cells
        at += len(grapheme)
    pieces.append((line_start, end))
    shown = [_stripped(text, pieces[0], lead=False), *(_stripped(text, piece) for piece in pieces[1:])]
    if rest_of_line:
        return shown
    return [piece for piece in shown if text[piece[0]:piece[1]].strip()] or shown[-1:]


def _kept(text: str, start: int, end: int) -> set[int]:
    """Offsets inside text[start:end] where the word must not break: inside a run of ASCII letters and
    digits, before closing and after opening punctuation, between a number and its unit or ordinal."""
    kept = set()
    for at in range(start + 1, end):
        before, after = text[at - 1], text[at]
        narrow = cell_width(before) == 1 and cell_width(after) == 1 and before != " " and after != " "
        if narrow or after in CLOSING or before in OPENING or before in BEFORE_NUMBER and after.isdigit():
            kept.add(at)
        elif before in DATE_JOINS and after.isdigit() and at >= 2 and text[at - 2].isdigit():
            kept.add(at)  # 4月|12日, 2025年|9月: a date written the Chinese way is one word
        elif before == " " and at >= 2 and text[at - 2] in BEFORE_NUMBER and after.isdigit():
            kept.update((at - 1, at))
        elif before.isdigit() or before == " " and at >= 2 and text[at - 2].isdigit():
            unit = _unit_length(text[at:end]) or (1 if before.isdigit() and cell_width(after) == 2 else 0)
            kept.update(range(at - (before == " "), at + unit))
    return kept


def _inside_names(text: str, start: int, end: int, width: int) -> set[int]:
    """Offsets inside text[start:end] that fall within a name in 《》 (or 「」, 『』) no wider than `width` cells
    with its marks, after its opening mark and up to its closing one: breaks there are taken only when no other
    fits (`_fold_word`). A wider name could not be kept whole on any line: it breaks as other text does."""
    inside: set[int] = set()
    for opening, closing in NAMES:
        at = text.find(opening, start, end)
        while at >= 0:
            close = text.find(closing, at + 1, end)
            if close < 0:
                break
            if cell_width(text[at:close + 1]) <= width:
                inside.update(range(at + 1, close + 1))
            at = text.find(opening, close + 1, end)
    return inside


def _stripped(text: str, span: Span, *, lead: bool = True) -> Span:
    """`span` without the spaces at its ends (at its end only, unless `lead`)."""
    start, end = span
    while lead and start < end and text[start] == " ":
        start += 1
    while end > start and text[end - 1] == " ":
        end -= 1
    return start, end


def narrowest(text: str) -> int:
    """Cells of the widest piece of `text` no line may break inside (a word of Latin letters, `第 2/5 期`,
    `5.8 天`): the least width `text` folds into without cutting a word or a number from its unit."""
    widest = 0
    for paragraph in text.split("\n"):
        for start, end in _words(paragraph):
            kept = _kept(paragraph, start, end)
            piece = start
            for at in range(start + 1, end + 1):
                if at == end or at not in kept:
                    widest = max(widest, cell_width(paragraph[piece:at].strip()))
                    piece = at
    return widest
