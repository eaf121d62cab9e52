"""The outline of a plan document: numbered headings → phases and tasks, the rest → their text.

Numbering styles (at the start of a paragraph), as Chinese official documents write them:
`第一阶段`, `一、`, `第N周` (table rows), `(一)`, `1、` `1.`, `(1)`, `①`, and Word's automatic list
levels, in that order of rank (`rank`). The highest-ranked style the document uses is the phase
level, the next one present a level deeper, and so on; a heading goes beside the open item of its own
style, so siblings stay siblings where a part skips a level (二、 1、 2、 with no (一)). A number that
does not follow its predecessor (the seed numbers two phases 二、) is read by position, with a note. An unnumbered paragraph whose first
sentence ends in a window in parentheses (处内部两个座谈会(2009年4月初-4月5日)。…) is a sub-task.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from planctl.i18n import _
from planctl.importer import windows
from planctl.importer.draft import Draft, Guess, Item, Leftover, Line

CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN = "一二三四五六七八九十"
STYLES = (
    ("cn", re.compile(rf"^([{_CN}]{{1,3}})\s*[、.．]\s*")),
    ("cn-paren", re.compile(rf"^[(（]([{_CN}]{{1,3}})[)）]\s*")),
    ("stage", re.compile(rf"^第([{_CN}\d]{{1,3}})阶段\s*[:：、,，.．]?\s*")),
    ("week", re.compile(r"^第\s*(\d{1,2}|[" + _CN + r"]{1,3})\s*(?:[-—~至到]\s*(\d{1,2}|[" + _CN + r"]{1,3})\s*)?周\s*")),
    # 2.4月中下旬…, 4．7、8月份…: item 2, item 4; up to 999 items (a long list of duties goes past 99)
    ("arabic", re.compile(r"^(\d{1,3})\s*[、.．](?!\d(?!\d?\s*[月、]))\s*")),
    ("arabic-paren", re.compile(r"^[(（](\d{1,3})[)）]\s*")),
    ("circled", re.compile(r"^([①-⑳])\s*")),
)
GOAL = re.compile(r"^(主要任务|工作目标|目标任务|目标要求|主要目标|总体目标)\s*[:：]\s*")
META = re.compile(r"^(https?://|www\.|\[.*\]$|时间[:：]|来源[:：]|导语[:：]|作者[:：]|发布时间|发布日期|浏览|阅读|字号|编辑[:：])")
_SENTENCE_END = re.compile(r"[。!！?？]")
_INLINE_ITEM = re.compile(r"\s(?=\d{1,2}[.．、](?!\d))")  # 1. 开学准备 2. 会议部署; 1.开学准备 2.会议部署 (a cell's lines)


class Heading(NamedTuple):
    style: str
    number: int
    text: str  # without the number
    last: int = 0  # the last number of a range (第4-5周: 5), which the next heading follows


def number_value(text: str) -> int:
    """1 from '1', '一', '①'; 12 from '十二'; 0 when unreadable."""
    if len(text) == 1 and "①" <= text <= "⑳":  # before isdigit(), which is true for ①
        return ord(text) - ord("①") + 1
    if text.isascii() and text.isdigit():
        return int(text)
    if "十" in text:
        tens, _ten, ones = text.partition("十")
        return CN_DIGITS.get(tens, 1) * 10 + CN_DIGITS.get(ones, 0) if tens or ones else 10
    return CN_DIGITS.get(text, 0)


# A row of a table of weeks (第3周 | 9.15-9.21 | …) ranks just below 一、: a table sits in a part of the document
# (三、工作安排 + the table: the weeks are its tasks); a table before the first 一、/二、 makes phases of its weeks,
# and the 二、 after it are phases beside them, never tasks of the last week (docs/import.md, Outline).
RANKS = {"stage": 0.0, "cn": 1.0, "week": 1.2, "cn-paren": 2.0, "arabic": 3.0, "arabic-paren": 4.0, "circled": 5.0}


def rank(style: str) -> float:
    """Where a numbering style sits in the hierarchy of official documents (GB/T 9704: 一、 > (一) > 1. > (1));
    a Word list level n sits just below 一、 and n levels deeper."""
    if style.startswith("list"):
        return 1.5 + int(style[4:])
    return RANKS[style]


def heading_of(line: Line) -> Heading | None:
    if line.table_level:  # | 3月 | …, 其他工作 after a table: a heading beside the table's rows (split_table_rows)
        return Heading("week", 0, line.text.rstrip(":："))
    if line.level is not None:
        return Heading(f"list{line.level}", 0, line.text)
    for style, pattern in STYLES:
        if m := pattern.match(line.text):
            rest = line.text[m.end():].strip()
            if style == "stage" and not rest:
                rest = m[0].strip(" :：、,，.．")
            if style == "week":
                rest = m[0].strip() + (" " + rest if rest else "")
            if rest:
                last = number_value(m[2]) if style == "week" and m[2] else 0
                return Heading(style, number_value(m[1]), rest, last)
    return None


def split_table_rows(lines: list[Line], draft: Draft) -> list[Line]:
    """A table row `第1周 | 9.1-9.7 | 1. 开学准备…; 2. 会议部署…` becomes a heading `第1周(9.1-9.7)` and one
    line per item of its last cell (`_cell_items`); so does a row that starts with a window (`3月 | …`). Under
    a header that names its columns (序号 | 工作任务 | 完成时限 | 责任科室), any other row is an item read by
    column (`Table.by_column`). A header row goes to the report, with the table when it has no other row
    (`_header_only`). A short unnumbered line right after a table (其他工作) is a heading beside its rows, not
    text of the last row (`_heading_after_table`)."""
    out: list[Line] = []
    table = Table()
    for at, line in enumerate(lines):
        if "|" not in line.text:
            table.end(draft)
            if table.items and _heading_after_table(lines, at):
                line = line._replace(table_level=True)
            table = Table()
            out.append(line)
            continue
        out.extend(table.row(line, draft))
    table.end(draft)
    return out


# What a header cell names, by its words (checked in this order): a cell of 序号 is left out
_COLUMN_WORDS = (("number", ("序号", "编号")), ("when", ("时间", "日期", "时限", "月份", "周次", "节点", "期限", "时段")),
                 ("who", ("责任", "负责", "牵头", "承办", "主办", "配合", "参加")),
                 ("content", ("内容", "工作", "任务", "事项", "项目", "活动", "主题", "措施")))


class Table:
    """The table being read, row by row: its header (the first row that is no item) and what each of its
    columns holds (`_COLUMN_WORDS`), and how many rows were items."""

    def __init__(self) -> None:
        self.header: Line | None = None
        self.names: list[str] = []
        self.roles: list[str] = []
        self.rows = 0
        self.items = 0

    def row(self, line: Line, draft: Draft) -> list[Line]:
        """The lines a table row gives (none for a header or a row that is no item, each reported)."""
        raw = [c.strip() for c in line.text.strip().strip("|").split("|")]
        cells = [c for c in raw if c]
        if not cells:
            return []
        self.rows += 1
        cells = _without_group_label(cells, line, draft)
        numbered = heading_of(Line(line.number, cells[0])) is not None and self.roles[:1] != ["number"]
        dated = not numbered and windows.is_window(cells[0])
        if numbered or "content" in self.roles or dated:  # 第1周 | …; under a header naming its columns; 3月 | …
            self._report_header(draft)
            self.items += 1
            if "content" in self.roles:  # each cell by its column: an empty one (负责人 left blank) is no task
                return self.week_by_column(line, raw, cells) if numbered else self.by_column(line, raw)
            return _row_lines(line, cells, dated)
        if self.header is None:
            self.header, self.names = line, raw
            self.roles = [next((role for role, words in _COLUMN_WORDS if any(w in name for w in words)), "") for name in raw]
            self.roles = self.roles if "content" in self.roles and len(set(self.roles) - {""}) > 1 else []
        else:
            draft.leftovers.append(Leftover(line.number, line.text, _("a table row that is not an item (a header?)")))
        return []

    def by_column(self, line: Line, raw: list[str]) -> list[Line]:
        """A row read by its header: the content column is the title, the first window of a time column the
        window (in parentheses, as a heading writes it), the other columns the note, each after its name
        (责任科室：办公室). A row with fewer cells than the header (merged cells left out) is aligned on the right."""
        cells = [""] * max(0, len(self.names) - len(raw)) + raw[-len(self.names):]
        title = cells[self.roles.index("content")]
        times = [c for c, role in zip(cells, self.roles, strict=True) if role == "when" and c]
        when = next((c for c in times if windows.is_window(c)), "")
        repeat = next((c for c in times if not when and windows.repeat_at(c, 0) == c), "")
        rest = [f"{name}：{c}" for c, name, role in zip(cells, self.names, self.roles, strict=True)
                if c and c != title and c != when and c != repeat and role != "number"]
        title = with_repeat(title, repeat) if repeat else title
        pieces = _cell_items(title)
        if when and len(pieces) > 1:  # | 3月 | 教学常规检查；学雷锋活动 |: the month, and its tasks
            head = Line(line.number, when + "".join(f"。{part}" for part in rest), table_level=True)
            return [head, *(Line(line.number, piece) for piece in pieces)]
        head_text = (title or " ".join(rest)) + (f"（{when}）" if when else "")
        return [Line(line.number, head_text + "".join(f"。{part}" for part in rest if title), table_level=True)]

    def week_by_column(self, line: Line, raw: list[str], cells: list[str]) -> list[Line]:
        """A row of weeks under a header naming its columns (周次 | 时间 | 工作内容 | 负责人): the week
        (`cells[0]`, after a group's label), the time columns after it in parentheses, the content column's
        items as its tasks, the other columns after it its note. An empty cell is nothing (a blank 负责人)."""
        aligned = [""] * max(0, len(self.names) - len(raw)) + raw[-len(self.names):]
        at, content_at = aligned.index(cells[0]) if cells[0] in aligned else -1, self.roles.index("content")
        if at < 0 or content_at <= at:
            return _row_lines(line, cells, False)
        after = list(zip(aligned, self.names, self.roles, strict=True))[at + 1:]
        times = [c for c, _name, role in after if role == "when" and c]
        rest = [f"{name}：{c}" for c, name, role in after if c and role not in ("when", "number", "content")]
        head = cells[0] + "".join(f"({c})" for c in times) + "".join(f"。{part}" for part in rest)
        content = aligned[content_at]
        return [Line(line.number, head), *(Line(line.number, piece) for piece in _cell_items(content) if content)]

    def _report_header(self, draft: Draft) -> None:
        if self.header is not None and self.items == 0:
            draft.leftovers.append(Leftover(self.header.number, self.header.text, _("a table row that is not an item (a header?)")))

    def end(self, draft: Draft) -> None:
        """At the table's end: a table of only its header row is said in the report."""
        if self.header is not None and self.rows == 1:
            _header_only(draft, self.header)


def with_repeat(title: str, repeat: str) -> str:
    """A title with the repeat of its time column (完成时限 每月5日前) written as a duty's sentence writes it,
    so that the duty reads all of it: in place of a shorter repeat it writes (每月报送信息简报 → 每月5日前报送…),
    else before it (报送信息简报 → 每月5日前报送信息简报)."""
    spans = windows.repeat_spans(title)
    shorter = next(((start, end) for start, end in spans if repeat.startswith(title[start:end])), None)
    if shorter is not None:
        return title[: shorter[0]] + repeat + title[shorter[1]:]
    return title if spans else repeat + title


def _row_lines(line: Line, cells: list[str], dated: bool) -> list[Line]:
    """A row of a table of weeks or months: a heading `第1周(9.1-9.7)` / `3月` and its last cell's items."""
    middle = cells[1:-1] if len(cells) > 2 else []
    head = cells[0] + "".join(f"({c})" for c in middle)
    out = [Line(line.number, head, table_level=dated)]
    if len(cells) > 1:
        out.extend(Line(line.number, piece) for piece in _cell_items(cells[-1]))
    return out


def _without_group_label(cells: list[str], line: Line, draft: Draft) -> list[str]:
    """A row's cells without the label of a group of rows before its week (| 9月 | 第1周 | 9.1-9.7 | …: a
    merged 月份 column, given in the group's first row only). A label that is no window goes to the report."""
    week = heading_of(Line(line.number, cells[1])) if len(cells) >= 3 else None
    if week is None or week.style != "week" or heading_of(Line(line.number, cells[0])) is not None:
        return cells
    if not windows.is_window(cells[0]):
        draft.leftovers.append(Leftover(line.number, cells[0], _("the label of a group of rows in a table of weeks; "
                                                                  "not imported")))
    return cells[1:]


def _cell_items(cell: str) -> list[str]:
    """The items of a row's last cell, each the row's task: its numbered items (1. 开学准备… 2. 会议部署…),
    else the parts between its semicolons (教学常规检查；学雷锋活动), else the cell, numbered 1. 2. … as
    their place in the cell (a task of the row, as a numbered item is)."""
    pieces = [piece.strip() for piece in _INLINE_ITEM.split(cell) if piece.strip()]
    if len(pieces) == 1 and heading_of(Line(0, pieces[0])) is None:
        bullets = _bullets(cell)
        if len(bullets) > 1 and not bullets[0]:  # - 抽查教案; - 检查作业批改: the bullets are the items
            return [f"{n}. {piece}" for n, piece in enumerate(bullets[1:], 1)]
        pieces = [piece.strip() for piece in re.split(r"[;；]", cell) if piece.strip()]
        return [f"{n}. {piece}" for n, piece in enumerate(pieces, 1)]
    return [line for piece in pieces for line in _with_bullets(piece)]


# A bullet inside a cell's item (1. 开学准备: - 完成课表编排…; - 检查教室设备…): a dash (or •) with space after it
# and space or the cell's start before it; 学习目标-情境任务 is no bullet.
_BULLET = re.compile(r"(?:^|\s)[-–—•·●▪]\s+")


def _bullets(text: str) -> list[str]:
    """`text` cut at its bullets: [what stands before the first, each bullet's text (without its ; at the end)]."""
    return [part.strip().rstrip(";；").strip() for part in _BULLET.split(text)]


def _with_bullets(piece: str) -> list[str]:
    """A numbered item of a cell, then its bullets as its own items, numbered (1) (2) …: the tasks under it."""
    parts = _bullets(piece)
    if len(parts) < 2 or not parts[0]:
        return [piece]
    return [parts[0].rstrip(":：").strip(), *(f"({n}) {part}" for n, part in enumerate(filter(None, parts[1:]), 1))]


def _header_only(draft: Draft, header: Line) -> None:
    """A table of a header row and no other row (周次 | 时间 | 重点工作, not filled in): nothing of it is
    imported; the report says so, with the header."""
    draft.leftovers.append(Leftover(header.number, header.text, _("a table with a header row and no other rows: "
                                                                  "nothing in it to import")))
    draft.empty_tables.append(header.number)


_HEADING_MARKS = re.compile(r"[。!！?？;；,，、]")
_CN_OR_DIGIT = r"[\d〇零一二三四五六七八九十]"
_DATE_ONLY = re.compile(rf"^\s*(?:\d{{4}}|[〇零一二三四五六七八九]{{4}})\s*年{_CN_OR_DIGIT}{{1,2}}月(?:{_CN_OR_DIGIT}{{1,3}}日)?\s*$")
MAX_PLAIN_HEADING = 20  # characters of an unnumbered heading (其他工作, 常规工作安排)


def _heading_after_table(lines: list[Line], at: int) -> bool:
    """Whether `lines[at]`, right after a table of weeks, is a heading of its own (其他工作): short, no
    sentence or clause mark, no number, and not the document's signature (a line before a date alone, the
    date itself, or the document's last line), which stays where it was."""
    text = lines[at].text.strip().rstrip(":：")
    if not 2 <= len(text) <= MAX_PLAIN_HEADING or _HEADING_MARKS.search(text) or heading_of(lines[at]) is not None:
        return False
    if META.match(text) or _DATE_ONLY.match(text) or at + 1 == len(lines):
        return False
    return not _DATE_ONLY.match(lines[at + 1].text)


class Outliner:
    """Builds the item tree of a `Draft` from its lines (see the module docstring)."""

    def __init__(self, draft: Draft) -> None:
        self.draft = draft
        self.depth_of: dict[str, int] = {}
        self.stack: list[Item] = []  # the current item at each depth
        self.styles: list[str] = []  # the numbering style of each item of `stack`
        self.last_number: dict[tuple[int, str], int] = {}
        self.body_owner: Item | None = None

    def feed(self, lines: list[Line]) -> None:
        headings = [heading_of(line) for line in lines]
        ranks = sorted({rank(h.style) for h in headings if h is not None})
        self.depth_of = {h.style: ranks.index(rank(h.style)) for h in headings if h is not None}
        for line, heading in zip(lines, headings, strict=True):
            if heading is not None:
                self._heading(line, heading)
            else:
                self._paragraph(line)

    def _heading(self, line: Line, heading: Heading) -> None:
        depth = self._depth(heading.style)
        del self.stack[depth:]
        del self.styles[depth:]
        self.styles.append(heading.style)
        item = make_item(heading.text, line.number, depth)
        self._check_number(item, heading, line, self.stack[depth - 1] if depth else None)
        if depth == 0:
            self.draft.phases.append(item)
        else:
            self.stack[depth - 1].add(item)
        self.stack.append(item)
        self.body_owner = item

    def _depth(self, style: str) -> int:
        """Where a heading of `style` goes: beside the open item of the same style (一、 学习 (一)… 二、 1、
        2、: 2、 is a sibling of 1、, which hangs one level up because 二、 has no (一)), else at its style's
        level, or on the last item when that level has no parent yet (a style skipped)."""
        if style in self.styles:
            return len(self.styles) - 1 - self.styles[::-1].index(style)
        return min(self.depth_of[style], len(self.stack))

    def _check_number(self, item: Item, heading: Heading, line: Line, parent: Item | None) -> None:
        key = (id(parent), heading.style)
        previous = self.last_number.get(key, 0)
        position = len(self.draft.phases) + 1 if parent is None else len(parent.children) + 1
        if heading.number and previous and heading.number != previous + 1:
            item.guesses.append(Guess(_("numbered {number} after {previous}; read by position as number {position}").format(
                number=heading.number, previous=previous, position=position), line.number))
            self.draft.notices.append(_("line {line}: numbered {number} after {previous}; read by position").format(
                line=line.number, number=heading.number, previous=previous))
        if heading.number:
            self.last_number[key] = heading.last or heading.number

    def _paragraph(self, line: Line) -> None:
        owner = self.body_owner
        if owner is None:
            self._preamble(line)
            return
        if GOAL.match(line.text):
            if owner.depth == 0 and not owner.goal:
                owner.goal = GOAL.sub("", line.text, count=1)
            else:
                owner.notes.append((line.number, line.text))
            return
        first = _first_sentence(line.text)
        found = windows.in_parentheses(first)
        if (found is not None and found.start >= 2) or window_lead(line.text) is not None:
            child = make_item(line.text, line.number, owner.depth + 1)
            owner.add(child)
            return
        owner.notes.append((line.number, line.text))

    def _preamble(self, line: Line) -> None:
        if META.match(line.text):
            self.draft.leftovers.append(Leftover(line.number, line.text, _("page or source details before the plan")))
        elif not self.draft.title and len(line.text) <= 60 and not _SENTENCE_END.search(line.text):
            self.draft.title = line.text
            self.draft.title_line = line.number
        else:
            self.draft.preamble.append((line.number, line.text))


def _listed(found: list[windows.Found], text: str, item: Item, line: int) -> list[windows.Found]:
    """`found` with its first window joined to those listed after it when they follow one another (3月、4月组织
    培训: 3月至4月), with a comment on `item`: a task done in March and April runs through both. Windows
    listed apart (3月、9月) give none: one window cannot say them; the comment says so."""
    listed = windows.listed(text, found)
    if len(listed) < 2:
        return found
    written = text[listed[0].start:listed[-1].end]
    span = windows.listed_span(text, listed)
    if span is None:
        item.guesses.append(Guess(_("'{written}' names windows apart: no window read; write the task once for each, "
                                    "or `when:` by hand").format(written=written), line))
        return []
    item.guesses.append(Guess(_("'{written}' read as one window, {phrase}").format(written=written, phrase=span.phrase), line))
    return [span]


def _since_today(found: windows.Found, text: str, line: int) -> list[Guess]:
    """The comment on a window written from 即日 (即日起至12月31日) and read as a deadline (12月31日前)."""
    written = found.written(text).strip("()（）")
    if found.phrase in written or "即日" not in written:
        return []
    return [Guess(_("'{written}' read as {phrase}: from the start of the window above it (即日, the day the plan "
                    "is issued, is not written as a date)").format(written=written, phrase=found.phrase), line)]


_LEAD = re.compile(r"^([^:：。]{1,16})[:：]")


def window_lead(text: str) -> str | None:
    """The window a paragraph starts with, before a colon (1月：学习党章, 第一季度：讲党课, 3月上旬：…), as the
    loader reads it; None for any other paragraph (主要任务：…)."""
    m = _LEAD.match(text)
    return m[1].strip() if m is not None and windows.is_window(m[1].strip()) else None


def _first_sentence(text: str) -> str:
    m = _SENTENCE_END.search(text)
    return text[: m.start()] if m else text


_PAIRS = {"(": ")", "（": "）", "《": "》", "【": "】", "〔": "〕", "[": "]", "“": "”"}


def balanced(title: str) -> str:
    """`title` with the closing brackets it opens but never closes added at the end, innermost first:
    召开第一次教研会(制定《学科教学进度表》 → …《学科教学进度表》). A stray closer is left as written."""
    open_ones: list[str] = []
    for ch in title:
        if ch in _PAIRS:
            open_ones.append(ch)
        elif open_ones and ch == _PAIRS[open_ones[-1]]:
            open_ones.pop()
    return title + "".join(_PAIRS[ch] for ch in reversed(open_ones))


_CLAUSE_MARKS = frozenset(",，;；:：、")
_CLOSERS = frozenset(_PAIRS.values())


def short_title(text: str, most: int = 40) -> str:
    """`text` as a title of at most about `most` characters, cut where a clause ends, never inside a word:
    the text before its brackets, else before the last clause mark outside them, else inside them (then
    closed by `balanced`), else at `most`. 召开第一次教研会(制定《学科教学进度表》,明确…) → 召开第一次教研会.
    The whole text stays in the note (the caller's)."""
    if len(text) <= most:
        return balanced(text)
    outside: list[int] = []
    inside: list[int] = []
    depth = 0
    for at, ch in enumerate(text[: most + 1]):
        if ch in _PAIRS:
            if depth == 0:
                outside.append(at)
            depth += 1
        elif ch in _CLOSERS:
            depth = max(0, depth - 1)
        elif ch in _CLAUSE_MARKS:
            (inside if depth else outside).append(at)
    for cuts in (outside, inside):
        for at in reversed(cuts):
            if len(text[:at].strip(" ,，;；:：、")) >= 2:
                return balanced(text[:at].rstrip(" ,，;；:：、"))
    return balanced(text[:most])


HEADLINE_MOST = 30  # characters: 60 columns, a title `due` shows on one line beside its window and who


def headline(text: str, most: int = HEADLINE_MOST) -> str:
    """`text` as a title of at most `most` characters: itself when short enough, else its first clause
    outside brackets (加强政治理论学习，坚持以…为指导，… → 加强政治理论学习) when that has at least 4
    characters and fits, else `short_title`, ending in … where no clause ends in time. The caller
    keeps the whole text in the note."""
    if len(text) <= most:
        return text
    depth = 0
    for at, ch in enumerate(text[: most + 1]):
        if ch in _PAIRS:
            depth += 1
        elif ch in _CLOSERS:
            depth = max(0, depth - 1)
        elif ch in _CLAUSE_MARKS and depth == 0 and len(text[:at].strip()) >= 4:
            return balanced(text[:at].strip())
    cut = short_title(text, most)
    return cut if cut != balanced(text[:most]) else balanced(text[: most - 1]) + "…"  # no clause: say it is cut


# 专题党课（主讲：李书记）, (主讲人：王教授), (主讲:区教研员,聚焦…): the speaker, out of the title into
# `speakers:` (docs "Roles": 主讲); what the brackets say after the speaker stays, in its brackets
_SPEAKER = re.compile(r"([（(])\s*(?:主讲人?|主讲嘉宾|授课人?|宣讲人?)\s*[:：]\s*([^（）()，,;；。]{1,30}?)\s*"
                      r"(?:[，,;；]\s*([^（）()]+?))?\s*([）)])")
_NAMES_APART = re.compile(r"\s*[、/／]\s*")


def speakers_out(text: str) -> tuple[str, list[str]]:
    """(text without its bracketed speakers, the speakers' names as written, in order)."""
    names = [name for m in _SPEAKER.finditer(text) for name in _NAMES_APART.split(m[2]) if name]
    if not names:
        return text, []
    return _SPEAKER.sub(lambda m: f"{m[1]}{m[3]}{m[4]}" if m[3] else "", text), names


def _top_colon(title: str) -> int:
    """Where the title's first colon stands outside brackets and between no digits (召开会议(明确分工:…),
    早自习(8:00-8:20) are one title), preferring a half-width one in the first 30 characters; -1 if none."""
    depth, found = 0, {":": -1, "：": -1}
    for at, ch in enumerate(title):
        depth += (ch in "(（《“") - (ch in ")）》”")
        if (ch in found and found[ch] < 0 and depth <= 0
                and not (ch == ":" and 0 < at < len(title) - 1 and title[at - 1].isdigit() and title[at + 1].isdigit())):
            found[ch] = at
    return found[":"] if 0 <= found[":"] < 30 else found["："]


def make_item(text: str, line: int, depth: int) -> Item:
    """Title, window and note from a heading's text: 参加…的学习(2009年4月上旬)。处领导班子成员参加…;
    a speaker in brackets (（主讲：李书记）) becomes the item's `speakers`."""
    text, speakers = speakers_out(text)
    first = _first_sentence(text)
    rest = text[len(first):].lstrip("。!！?？ ")
    found = windows.in_parentheses(first)
    when = None
    guesses = []
    if found is not None:
        when = found.phrase
        title = (first[: found.start] + first[found.end:]).strip()
        guesses = _since_today(found, first, line)
    else:
        title = first
    at = _top_colon(title)
    head, sep, tail = (title[:at], title[at], title[at + 1:]) if at >= 0 else (title, "", "")
    if sep and when is None and tail.strip() and window_lead(text) is not None:  # 1月：学习党章, 第一季度：讲党课
        when, title = head.strip(), tail.strip()
    elif sep and head.strip() and len(head) <= 30:
        title, rest = head.strip(), (tail.strip() + ("。" + rest if rest else "")).strip("。 ")
    item = Item(title.strip(" ,，;；。") or text[:30], line, depth)
    closed = balanced(item.title)
    if closed != item.title:
        item.guesses.append(Guess(_("the document leaves '{part}' out of the title; added").format(part=closed[len(item.title):]), line))
        item.title = closed
    item.when = when
    item.speakers = speakers
    item.guesses.extend(guesses)
    if when is None:
        in_text = _listed(windows.in_sentence(rest), rest, item, line) if rest else []
        in_title = _listed(windows.in_sentence(item.title), item.title, item, line)
        if in_text:
            item.when = in_text[0].phrase
            item.guesses.append(Guess(_("window {phrase} read from the sentence after the title").format(phrase=in_text[0].phrase), line))
            item.guesses.extend(_since_today(in_text[0], rest, line))
        elif in_title:  # 2.4月中下旬召开座谈会, 第一季度完成调研: the heading says when
            item.when = in_title[0].phrase
            item.guesses.append(Guess(_("window {phrase} read from the title").format(phrase=in_title[0].phrase), line))
            item.guesses.extend(_since_today(in_title[0], item.title, line))
    if rest:
        item.notes.append((line, rest))
    return item
