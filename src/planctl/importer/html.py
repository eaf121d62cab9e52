"""The main text of a saved web page, with the stdlib HTML parser (nothing is fetched or run).

Rules, in order:
1. Dropped with everything inside: script, style, noscript, template, iframe, object, svg, head,
   nav, header, footer, aside, form, button, select (navigation, scripts and page furniture).
2. The main text is the first <article> or <main> if the page has one, else the whole body.
3. Block elements (p, div, li, h1-h6, br, tr, section, ...) end a line (a list item's line keeps its list's
   depth, as a Word list item's level); a table's rows are lines as an .xlsx
   sheet's are (draft.table_lines: cells between borders, an empty cell kept in its place), a cell spanning
   rows (rowspan: a date or a 负责人 written once for the rows beside it) given to each row it spans.
4. Boilerplate lines are dropped (上一篇/下一篇, 返回顶部, 分享到, 版权所有, 打印本页, 关闭窗口, ...).
Entities are the HTML named/numeric character references only; there is no DTD, nothing external.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from planctl.importer.draft import Line, table_lines

SKIPPED = frozenset({"script", "style", "noscript", "template", "iframe", "object", "svg", "head", "nav", "header",
                     "footer", "aside", "form", "button", "select", "textarea", "canvas", "video", "audio"})
BLOCKS = frozenset({"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "section", "article", "main",
                    "table", "ul", "ol", "dd", "dt", "blockquote", "pre", "hr", "title"})
MAIN = ("article", "main")
VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "track", "wbr"})
BOILERPLATE = re.compile(r"^(上一篇|下一篇|上一条|下一条|返回顶部|返回首页|分享到|版权所有|Copyright|打印本页|关闭窗口|"
                         r"当前位置|您的位置|相关文章|相关阅读|责任编辑|来源[:：]|浏览次数|点击[数量]|【打印】|【关闭】)", re.I)


class _MainText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_depth = 0
        self.chunks: dict[str, list[str]] = {"body": [], "main": []}
        self.main_depth = 0
        self.main_done = False
        self.cells: list[str] | None = None
        self.rows: list[list[str]] = []  # the rows of the table being read, written out at its end
        self.spans: dict[int, list[Any]] = {}  # column -> [its cell's text, rows after this one it still spans]
        self.spanning: tuple[int, int] | None = None  # the open cell's column and rowspan
        self.lists = 0  # how many <ol>/<ul> are open

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED and tag not in VOID:
            self.skip_depth += 1
        elif tag in MAIN and not self.main_done:
            self.main_depth += 1
        if tag == "tr":
            self.cells = []
        elif tag in ("td", "th") and self.cells is not None:
            self._close_cell()
            self._carry_spans()
            self.spanning = (len(self.cells), _number(dict(attrs).get("rowspan")))
            self.cells.append("")
        elif tag == "li" and self.cells is None:
            self._emit(f"\n\ue000{max(0, self.lists - 1)}\ue001")
        elif tag in BLOCKS:
            self._emit("\n")
        self.lists += tag in ("ol", "ul")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED and tag not in VOID:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag in MAIN and self.main_depth:
            self.main_depth -= 1
            self.main_done = self.main_depth == 0
        if tag == "tr" and self.cells is not None:
            self._close_cell()
            self._carry_spans(every=True)
            self.rows.append([" ".join(cell.split()).replace("|", "｜") for cell in self.cells])
            self.cells = None
        elif tag == "table":
            self.end_table()
        elif tag in ("thead", "tbody", "tfoot"):
            self.spans = {}  # a cell spans rows of its own row group only (HTML's table model)
        elif tag in BLOCKS:
            self._emit("\n")
        self.lists = max(0, self.lists - (tag in ("ol", "ul")))

    def _close_cell(self) -> None:
        """The open cell is complete: one spanning rows is kept for the rows after this one."""
        if self.spanning is not None and self.cells:
            column, rows = self.spanning
            if rows > 1:
                self.spans[column] = [self.cells[-1], rows - 1]
        self.spanning = None

    def _carry_spans(self, every: bool = False) -> None:
        """The cells of rows above that span this row, at their columns up to the next cell's (`every`: the
        rest of the row's too), each one row less to go."""
        assert self.cells is not None
        while self.spans and (len(self.cells) in self.spans or (every and max(self.spans) > len(self.cells))):
            held = self.spans.get(len(self.cells))
            self.cells.append(held[0] if held else "")
            if held:
                held[1] -= 1
                if held[1] == 0:
                    del self.spans[len(self.cells) - 1]

    def end_table(self) -> None:
        """The table's rows as lines (draft.table_lines), then nothing spans any more."""
        if self.rows:
            self._emit("\n" + "".join(line + "\n" for line in table_lines(self.rows)))
        self.rows, self.spans = [], {}

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        if self.cells is not None and self.cells:
            self.cells[-1] += data
            return
        self._emit(data)

    def _emit(self, text: str) -> None:
        if self.skip_depth:
            return
        self.chunks["body"].append(text)
        if self.main_depth:
            self.chunks["main"].append(text)


ROWSPAN_REST = 65534  # HTML's largest rowspan; spans end with their row group anyway


def _number(value: str | None) -> int:
    """A rowspan as a count of rows: 1 unless a whole number from 2 to 1000 (a page's own limit is 65534), or
    0, which HTML reads as every row to the end of the cell's row group (thead, tbody, tfoot: HTML Living
    Standard, "Processing model" of tables)."""
    if value is not None and value.strip() == "0":
        return ROWSPAN_REST
    return int(value) if value is not None and value.strip().isdigit() and 1 < int(value) <= 1000 else 1


def html_lines(text: str) -> list[Line]:
    """The page's main text as lines, numbered 1, 2, … in the order they read (not source lines)."""
    parser = _MainText()
    parser.feed(text)
    parser.close()
    parser.end_table()  # a table the page left open
    chosen = parser.chunks["main"] if "".join(parser.chunks["main"]).strip() else parser.chunks["body"]
    lines: list[Line] = []
    level: int | None = None  # of a list item whose text is on the lines after its marker (<li><p>…)
    for raw in "".join(chosen).split("\n"):
        if (item := _ITEM.search(raw)) is not None:
            level = int(item[1])
        cleaned = " ".join(_ITEM.sub("", raw).replace("\u3000", " ").split())
        if cleaned and not BOILERPLATE.match(cleaned):
            lines.append(Line(len(lines) + 1, cleaned, level))
        level = None if cleaned else level
    return lines


# An <li>'s start, with its list's depth (0 for a list in no list), as a Word list item's level: it is an
# item of the outline (a heading under the heading before the list), as numbering makes it in a .docx.
_ITEM = re.compile("\ue000(\\d+)\ue001")
