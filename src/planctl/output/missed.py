"""The "Missed last period" lines under `due` and `status` (status.missed), wrapped to the width."""

from __future__ import annotations

from planctl.format.targets import AT_MOST
from planctl.i18n import _, listed
from planctl.output import words as d
from planctl.output.breaks import fold
from planctl.output.cells import cell_width
from planctl.output.visible import visible
from planctl.status.missed import Missed

INDENT = "    "


def lines(missed: list[Missed], width: int) -> list[str]:
    """A heading, then per quota `  2.1q3 self-study 党员每周自学 (03-31 … 04-06): 李强 0/3 h, …`,
    continued on lines indented by four spaces; no line wider than `width` cells (a very long
    name alone excepted); hidden characters escaped (output/visible.py)."""
    out = [_("Missed last period ({count})").format(count=len(missed))] if missed else []
    for entry in missed:
        unit = entry.quota.unit
        window = f"{entry.period.start:%m-%d} … {entry.period.end:%m-%d}"
        head = _("  {outline} {id} {title} ({window}):").format(outline=entry.quota.outline, id=entry.quota.id,
                                                              title=entry.quota.title, window=window)
        of = d.done_of_at_most if entry.quota.bound == AT_MOST else d.done_of  # a ceiling exceeded
        words = [_("{who} {done_of}").format(who=row.scope.name or _("all"), done_of=of(row.done, row.target, unit))
                 for row in entry.rows]
        *heads, last = _head(head, width)
        out += heads + _fill(last, words, width)
    return [visible(line) for line in out]  # titles and names as a terminal may show them


def _head(head: str, width: int) -> list[str]:
    """`head` in lines of `width` cells (output/breaks.py's rule), the lines after the first indented."""
    if cell_width(head) <= width:
        return [head]
    text = head.lstrip(" ")
    first, *rest = fold(text, width - len(INDENT))
    return [head[:len(head) - len(text)] + first, *(INDENT + part for part in rest)]


def _fill(head: str, words: list[str], width: int) -> list[str]:
    """`head` then `words`, a list (`李娜 0/2次、张伟 0/2次` in Chinese, i18n.listed's marks; `a, b` in English)."""
    out: list[str] = []
    line = head
    mark = listed(["", ""])  # "、" or ", "
    for i, word in enumerate(words):
        piece = word + (mark.rstrip() if i < len(words) - 1 else "")
        space = "" if line.endswith("：") or i and not mark.endswith(" ") else " "  # none after a full-width mark
        if cell_width(line) + len(space) + cell_width(piece) > width and line.strip():
            out.append(line)
            line = INDENT + piece
        else:
            line = f"{line}{space}{piece}" if line != INDENT else INDENT + piece
    out.append(line)
    return out

