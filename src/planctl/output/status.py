"""`planctl status`: each phase with its state and a bar of tasks done, then every quota with its buffer.

Also the small pieces the other views share: aligned columns of Rich `Text`, bars, state words.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Sequence
from datetime import date
from typing import Any

from planctl.format.dates import Window
from planctl.format.units import display_amount
from planctl.i18n import _, list_separator, listed
from planctl.model import PER_ALL, PER_PERSON, PER_UNIT, Plan, Quota, Task
from planctl.output import breaks
from planctl.output import jsonshape as js
from planctl.output import words as d
from planctl.output.cells import LONGEST, cell_width, cell_widths, clip, clipped, graphemes, line_width
from planctl.output.console import PlainScreen
from planctl.output.fit import fit as _fit
from planctl.output.visible import visible
from planctl.records import NamedTuple
from planctl.status import quotas as q
from planctl.status import states as p

TYPE_CHECKING = False  # Rich is imported only when a view prints coloured or a line needs it: a view printed
if TYPE_CHECKING:  # without colour builds its lines' plain text (`plain_grid`, `plain_console`) without Rich
    from rich.console import Console
    from rich.text import Span, Text

    Screen = Console | PlainScreen  # where a view prints (output/console.py `make_screen`)

NARROW = 110  # below this many columns the views leave out the less needed columns

STATE_STYLES = {p.FINISHED: "green", p.ACTIVE: "cyan", p.LATE: "bold red", p.NOT_STARTED: "blue"}
PACE_STYLES = {q.MET: "green", q.ON_PACE: "", q.BEHIND: "yellow", q.MISSED: "red", q.NOT_STARTED: "dim",
               q.OPEN: "", q.WITHIN: "", q.OVER_PACE: "yellow", q.BELOW: "yellow", q.OVER: "red"}
FULL, EMPTY = "█", "░"


# Columns


class Col(NamedTuple):
    """One column of `grid`. Only text (a title, a name) is ever cut or folded: a column of numbers, dates or
    amounts has no `max`, `least` or `fold`, so it is shown whole or, at a narrow width, not at all (`drop`)."""

    header: str
    right: bool = False
    max: int | None = None  # cells; longer text is cut with an ellipsis
    least: int | None = None  # cells: at a narrow width this text column may be cut down to this many
    drop: int = 0  # at a narrow width columns are left out, the highest `drop` first; 0: always shown
    fold: int = 0  # cells: at a narrow width this text goes on over more lines (output/breaks.py) rather than
    # being cut, and is folded down to this many before any column is dropped (then narrower, to its widest
    # unbreakable piece, only when nothing is left to drop); the widest `fold` first; 0: never folded
    keep: int = 0  # cells a folding column is never narrowed below (its whole text when shorter): a title stays
    # readable, and columns are dropped instead (issue 17: a title of one Chinese character a line); 0: none


def grid(cols: Sequence[Col], rows: Sequence[Sequence[Text | str]], *, gap: int = 2, indent: int = 0,
         header: bool = True, width: int | None = None, drop_empty: bool = False) -> list[Text]:
    """Rows of cells as lines with aligned columns (Chinese counts two cells), the header bold.

    With `width` (cells), the lines are fitted to it: with `drop_empty`, a column empty in every row is left
    out (a report's note column without notes: issue 17), text columns
    that `fold` are narrowed first, down to their widest unbreakable piece or their `keep` (a row then takes
    more lines: output/breaks.py), then text columns with a `least` are cut down to it, then columns with a
    `drop` are left out, highest first, and the rest widened again. Nothing else is cut, so a number is never
    cut (issue 21: `2/1…` for 2/13); a line may still be wider than `width` when nothing is left to fold, cut
    or drop.
    """
    from rich.text import Text

    return [Text(plain, spans=spans) for plain, spans in _grid(cols, rows, gap, indent, header, width, drop_empty,
                                                               styled=True)]


def plain_grid(cols: Sequence[Col], rows: Sequence[Sequence[Text | str]], *, gap: int = 2, indent: int = 0,
               header: bool = True, width: int | None = None, drop_empty: bool = False) -> list[str]:
    """`grid`'s lines as their plain text alone (each `.plain`), without building their styles: for a view
    printed without colour (`plain_console`), where Rich would print that text."""
    return [plain for plain, _spans in _grid(cols, rows, gap, indent, header, width, drop_empty, styled=False)]


def plain_columns(cols: Sequence[Col], columns: Sequence[Sequence[str]], *, gap: int = 2, indent: int = 0,
                  header: bool = True, width: int | None = None, drop_empty: bool = False) -> list[str]:
    """`plain_grid` of the rows whose cells `columns` gives column by column (one list of cells a column, each
    as long as the others). Whole (no `width`) and of plain text that shows as it is, the lines are laid out a
    column at a time, each distinct cell measured and padded once (`_laid_out`): a large report's ledger has
    twenty thousand rows of a few thousand titles, days, names and amounts."""
    if width is None and cols and (lines := _laid_out(cols, columns, gap, indent, header)) is not None:
        return lines
    return plain_grid(cols, list(map(list, zip(*columns, strict=True))), gap=gap, indent=indent, header=header,
                      width=width, drop_empty=drop_empty)


def _laid_out(cols: Sequence[Col], columns: Sequence[Sequence[str]], gap: int, indent: int,
              header: bool) -> list[str] | None:
    """`plain_columns`' lines when every cell and header is plain text that `_grid` shows as it is (printable, at
    most LONGEST characters) and no column has a `max` a cell or its header passes; None otherwise. The lines
    are `_grid`'s: each column as wide as its widest cell or header, each cell padded to it (on the left in a
    column to the `right`), the columns `gap` apart after `indent`, each line's end stripped."""
    each = [dict.fromkeys(column) for column in columns]  # each column's distinct cells
    if not all(set(map(type, texts)) <= {str} for texts in each):
        return None
    heads = [col.header for col in cols] if header else []
    distinct: list[str] = list(dict.fromkeys(itertools.chain(heads, *each)))
    if not all(map(str.isprintable, distinct)) or max(map(len, distinct), default=0) > LONGEST:
        return None
    size = dict(zip(distinct, cell_widths(distinct), strict=True))
    lead, between = " " * indent, " " * gap
    laid: list[Sequence[str]] = []
    for n, (col, column, texts) in enumerate(zip(cols, columns, each, strict=True)):
        width = max([size[col.header] if header else 0, *map(size.__getitem__, texts)])
        if col.max and width > col.max:  # a cell to cut: `_grid`
            return None
        first = lead if n == 0 else ""
        if col.right:
            padded = {text: f"{first}{' ' * (width - size[text])}{text}" for text in (*heads[n : n + 1], *texts)}
        else:
            padded = {text: f"{first}{text}{' ' * (width - size[text])}" for text in (*heads[n : n + 1], *texts)}
        laid.append([padded[col.header], *map(padded.__getitem__, column)] if header
                    else list(map(padded.__getitem__, column)))
    return list(map(str.rstrip, map(between.join, zip(*laid, strict=True))))


def _grid(cols: Sequence[Col], rows: Sequence[Sequence[Text | str]], gap: int, indent: int, header: bool,
          width: int | None, drop_empty: bool, *, styled: bool) -> list[tuple[str, list[Span]]]:
    """`grid`'s lines as (plain text, spans); the spans only when `styled` (else [])."""
    # A cell of plain text stays a str (as Text keeps it: without control codes): a large report has tens
    # of thousands of cells, and making each a Text was a third of its lines' cost.
    cells: list[list[Cell]]
    flat: list[Any] = list(itertools.chain.from_iterable(rows))
    if set(map(type, flat)) <= {str} and all(map(str.isprintable, flat)) and (not flat or max(map(len, flat)) <= LONGEST):
        cells = list(map(list, rows))  # a large table's text that shows as it is: looked at at once, not cell by cell
        each_size = iter(cell_widths(flat))  # each cell measured once
        measured = [list(itertools.islice(each_size, len(row))) for row in cells]
    else:
        cells = [[c if type(c) is str and len(c) <= LONGEST and c.isprintable() else  # most cells: as they are
                  _plain_cell(clip(c)) if isinstance(c, str) else clip_text(c) for c in row] for row in rows]
        measured = [[cell_width(_plain(cell)) for cell in row] for row in cells]  # each cell measured once
    widths = [_natural_width(col, sizes, header) for col, sizes in zip(cols, zip(*measured, strict=True) if measured else [()] * len(cols),
                                                                        strict=True)]
    if width is not None:
        least = [_least_width(col, [row[i] for row in cells], header) for i, col in enumerate(cols)]
        empty = {i for i in range(len(cols)) if drop_empty and rows and not any(row[i] for row in measured)}
        shown, widths = _fit(cols, widths, least, width - indent, gap, empty)
        cols = [cols[i] for i in shown]
        cells = [[row[i] for i in shown] for row in cells]
        measured = [[row[i] for i in shown] for row in measured]
    lines = []
    if header:
        heads: list[Cell] = [_bold(col.header) if styled else _plain_cell(col.header) for col in cols]
        lines.extend(_lines(heads, cols, widths, gap, indent, styled=styled))
    if not styled:
        lines.extend((plain, []) for plain in _plain_rows(cells, measured, cols, widths, gap, indent))
        return lines
    for row, sizes in zip(cells, measured, strict=True):
        lines.extend(_lines(row, cols, widths, gap, indent, sizes, styled=styled))
    return lines


def _plain_rows(cells: list[list[Cell]], measured: list[list[int]], cols: Sequence[Col], widths: list[int], gap: int,
                indent: int) -> list[str]:
    """The rows' lines as `_lines` makes them without styles: a row whose cells are plain text that fits
    its columns is one line, padded here at once (a large report has thousands of them); any other row
    (a cell to fold or cut) is left to `_lines`."""
    rights = [col.right for col in cols]
    lead, between = " " * indent, " " * gap
    if cells and set(map(type, itertools.chain.from_iterable(cells))) <= {str} \
            and all(max(sizes) <= width for sizes, width in zip(zip(*measured, strict=True), widths, strict=True)):
        return _padded_rows(cells, measured, rights, widths, lead, between)
    out: list[str] = []
    for row, sizes in zip(cells, measured, strict=True):
        parts = []
        for text, size, right, width in zip(row, sizes, rights, widths, strict=True):
            if size > width or type(text) is not str:
                break
            parts.append(" " * (width - size) + text if right else text + " " * (width - size))
        else:
            out.append((lead + between.join(parts)).rstrip())
            continue
        out.extend(plain for plain, _spans in _lines(row, cols, widths, gap, indent, sizes, styled=False))
    return out


def _padded_rows(cells: list[list[Cell]], measured: list[list[int]], rights: list[bool], widths: list[int], lead: str,
                 between: str) -> list[str]:
    """`_plain_rows` of rows of plain text each of whose cells fits its column: each line as that loop makes
    it, padded column by column at once (a large report's ledger has thousands of rows)."""
    if not widths:  # every column dropped (all empty): a row is still a line, an empty one
        return [lead.rstrip()] * len(cells)
    columns: list[list[str]] = []
    for texts, sizes, right, width in zip(zip(*cells, strict=True), zip(*measured, strict=True), rights, widths, strict=True):
        pads = map(" ".__mul__, map(width.__sub__, sizes))
        columns.append(list(map(operator.add, pads, texts) if right else map(operator.add, texts, pads)))
    return list(map(str.rstrip, map(lead.__add__, map(between.join, zip(*columns, strict=True)))))


if TYPE_CHECKING:
    Cell = Text | str  # a grid's cell: a str is plain text, without control codes (`_plain_cell`)


def plain_text(text: str) -> str:
    """`Text(text).plain`: what a line given as plain text shows (Rich drops the control codes Text would)."""
    return _plain_cell(text)


def _plain_cell(text: str) -> str:
    """`Text(text).plain` (Rich drops the control codes Text would), without making the Text."""
    if text.isprintable():
        return text
    from rich.text import Text

    return Text(text).plain


def _bold(text: str) -> Text:
    from rich.text import Text

    return Text(text, style="bold")


def _plain(cell: Cell) -> str:
    return cell if isinstance(cell, str) else cell.plain


def _as_text(cell: Cell) -> Text:
    from rich.text import Text

    return Text(cell) if isinstance(cell, str) else cell


def _natural_width(col: Col, sizes: Sequence[int], header: bool) -> int:
    """The column's width: its widest cell (`sizes`, in cells) or header, at most its `max`."""
    width = max([cell_width(col.header) if header else 0, *sizes])
    return min(width, col.max) if col.max else width


def _least_width(col: Col, cells: Sequence[Cell], header: bool) -> int | None:
    """The narrowest a column may be made: a folding one its widest unbreakable piece, a cut one its `least`."""
    if col.fold:
        return max([breaks.narrowest(col.header) if header else 0, *(breaks.narrowest(_plain(cell)) for cell in cells), 1])
    return col.least


def _lines(cells: Sequence[Cell], cols: Sequence[Col], widths: list[int], gap: int, indent: int,
           sizes: Sequence[int] | None = None, *, styled: bool = True) -> list[tuple[str, list[Span]]]:
    """One row as lines (plain text, spans: [] unless `styled`): a folding cell wider than its column goes
    on over the next lines (`sizes`: each cell's width in cells, when already measured)."""
    if sizes is None:
        sizes = [cell_width(_plain(cell)) for cell in cells]
    if not any(col.fold and size > width for col, size, width in zip(cols, sizes, widths, strict=True)):
        return [_line(cells, sizes, cols, widths, gap, indent, styled)]  # the usual row: one line
    parts: list[list[Cell]] = [_wrap(cell, width, styled) if col.fold else [cell]
                               for cell, col, width in zip(cells, cols, widths, strict=True)]
    height = max((len(part) for part in parts), default=1)
    out = []
    for n in range(height):
        row = [part[n] if n < len(part) else "" for part in parts]
        out.append(_line(row, [cell_width(_plain(cell)) for cell in row], cols, widths, gap, indent, styled))
    return out


def wrap_cell(text: Text, width: int) -> list[Text]:
    """`text` in lines of at most `width` cells (output/breaks.py), styles kept; one empty line for no text."""
    from rich.text import Text

    if cell_width(text.plain) <= width:
        return [text]
    return [text[start:end] for start, end in breaks.spans(text.plain, width)] or [Text("")]


def _wrap(cell: Cell, width: int, styled: bool) -> list[Cell]:
    """`wrap_cell`; without `styled`, its lines' plain text alone."""
    if styled:
        return [*wrap_cell(_as_text(cell), width)]
    text = _plain(cell)
    if cell_width(text) <= width:
        return [text]
    return [text[start:end] for start, end in breaks.spans(text, width)] or [""]


def _line(cells: Sequence[Cell], sizes: Sequence[int], cols: Sequence[Col], widths: list[int], gap: int,
          indent: int, styled: bool = True) -> tuple[str, list[Span]]:
    """One line of `grid`: each cell (`sizes`: its width in cells) cut to its column's width and aligned.

    The line is the Text that appending each aligned cell and the gaps makes, with its end stripped,
    but built at once from the cells' text and spans (those only when `styled`), as (text, spans): a
    report of a large plan has thousands of lines."""
    if not styled:
        return _plain_line(cells, sizes, cols, widths, gap, indent), []
    from rich.text import Span
    parts = [" " * indent]
    spans: list[Span] = []
    at = indent
    last = len(cells) - 1
    for i, (cell, size, col, width) in enumerate(zip(cells, sizes, cols, widths, strict=True)):
        if size > width:
            cell = cut(_as_text(cell), width)
            size = cell_width(cell.plain)
        pad = 0 if i == last and not col.right else max(width - size, 0)
        left = pad if col.right else 0
        text = _plain(cell)
        length = len(text) + pad
        if styled and not isinstance(cell, str):
            if cell.style:
                spans.append(Span(at, at + length, cell.style))
            spans += [Span(start + at + left, end + at + left, style) for start, end, style in cell.spans]
        parts += [" " * left, text, " " * (pad - left)]
        at += length
        if i != last:
            parts.append(" " * gap)
            at += gap
    plain = "".join(parts)
    stripped = plain.rstrip()
    if spans and len(stripped) < len(plain):  # as Text.rstrip trims the spans
        end = len(stripped)
        spans = [span if span.end < end else Span(span.start, end, span.style) for span in spans if span.start < end]
    return stripped, spans


def _plain_line(cells: Sequence[Cell], sizes: Sequence[int], cols: Sequence[Col], widths: list[int], gap: int,
                indent: int) -> str:
    """`_line`'s text alone: each cell cut and padded to its column (a cell's padding at the end of the line
    goes with the stripping)."""
    parts = []
    for cell, size, col, width in zip(cells, sizes, cols, widths, strict=True):
        text = _plain(cell)
        if size > width:
            text = cut(_as_text(cell), width).plain
            size = cell_width(text)
        parts.append(" " * (width - size) + text if col.right else text + " " * (width - size))
    return (" " * indent + (" " * gap).join(parts)).rstrip()


def cut(text: Text, width: int) -> Text:
    """`text` in at most `width` cells: cut with an ellipsis right after the last grapheme that fits."""
    if cell_width(text.plain) <= width:
        return text.copy()
    out = text[:_cut_end(text.plain, width)]
    out.rstrip()
    out.append("…")
    return out


def cut_plain(text: str, width: int) -> str:
    """`cut(Text(text), width).plain` for `text` without control codes (`plain_text`'s), made without Rich."""
    if cell_width(text) <= width:
        return text
    return text[:_cut_end(text, width)].rstrip() + "…"


def _cut_end(plain: str, width: int) -> int:
    """Where `cut` cuts `plain`: after the last grapheme that leaves a cell for the ellipsis."""
    end = used = 0
    for grapheme, cells in graphemes(plain):
        if used + cells > width - 1:
            break
        end, used = end + len(grapheme), used + cells
    return end


def clip_text(text: Text, limit: int = LONGEST) -> Text:
    """`text` cut to `limit` characters with "…" (output/cells.py, `clip`), its styles kept, its hidden
    characters escaped (`visible_text`)."""
    if len(text) <= limit:
        return visible_text(text)
    out = text[: limit - 1]
    out.append("…")
    return visible_text(out)


def visible_text(text: Text) -> Text:
    """`text` with its hidden characters escaped (output/visible.py), each piece in the styles it had."""
    from rich.text import Text

    plain = text.plain
    if plain.isprintable() or visible(plain) == plain:
        return text
    cuts = sorted({0, len(plain), *(n for span in text.spans for n in (span.start, span.end))})
    out = Text(style=text.style, justify=text.justify, no_wrap=text.no_wrap, end=text.end)
    for piece in text.divide(cuts[1:-1]):
        shown = Text(visible(piece.plain))
        for span in piece.spans:  # the cuts are at every span's ends: a span covers its piece whole
            shown.stylize(span.style)
        out.append_text(shown)
    return out


def wrap(console: Screen, text: Text, width: int) -> list[Text]:
    """`wrap_text` (the views pass their console; the rule is planctl's own, output/breaks.py, not Rich's)."""
    return wrap_text(text, width)


def wrap_text(text: Text, width: int, *, hanging: bool = False) -> list[Text]:
    """`text` in lines of at most `width` cells, its styles kept, broken where output/breaks.py allows (never
    between a number and its unit, never before a closing mark); empty lines left out. With `hanging`, the
    lines after the first keep the first one's indent."""
    from rich.text import Text

    text = clip_text(text)
    indent, pieces = _wrap_pieces(text.plain, width, hanging)
    out = []
    for start, end in pieces:
        line = text[start:end]
        line.rstrip()
        if line.plain:
            out.append(Text.assemble(text[:indent], line) if indent else line)
    return out


def wrap_plain(text: str, width: int, *, hanging: bool = False) -> list[str]:
    """The plain text of `wrap_text(Text(text), width, hanging=hanging)`'s lines, made without Rich for the
    usual text (printable, at most LONGEST characters: what Text and `clip_text` leave as it is)."""
    if len(text) > LONGEST or not text.isprintable():
        from rich.text import Text

        return [line.plain for line in wrap_text(Text(text), width, hanging=hanging)]
    indent, pieces = _wrap_pieces(text, width, hanging)
    lines = [text[start:end].rstrip() for start, end in pieces]
    return [text[:indent] + line if indent else line for line in lines if line]


def _wrap_pieces(plain: str, width: int, hanging: bool) -> tuple[int, list[tuple[int, int]]]:
    """`wrap_text`'s indent (with `hanging`, else 0) and the (start, end) of each line's piece of `plain`."""
    indent = len(plain) - len(plain.lstrip(" ")) if hanging else 0
    return indent, [(indent + start, indent + end) for start, end in breaks.spans(plain[indent:], max(width - indent, 1))]


def fill(done: float, total: float, width: int) -> int:
    """How many of `width` cells a bar fills: never empty when something is done, never full before the end."""
    if width <= 0 or total <= 0:
        return 0
    if done >= total:
        return width
    if done <= 0:
        return 0
    cells = int(done / total * width)
    return min(max(cells, 1), width - 1)


def bar(done: float, total: float, width: int, style: str = "") -> Text:
    from rich.text import Text

    filled = fill(done, total, width)
    return Text.assemble((FULL * filled, style), (EMPTY * (width - filled), "dim" if style else ""))


def state_text(state: str) -> Text:
    from rich.text import Text

    return Text(d.state_word(state), style=STATE_STYLES.get(state, ""))


def count_text(count: p.Count) -> str:
    return f"{count.done}/{count.total}"


# Quota figures


# Quota figures: one form, output/words.py (number, done_of, done_of_target).
number = d.number
done_of = d.done_of
done_of_target = d.done_of_target
unit_suffix = d.unit_suffix


def period_words(period: q.QuotaPeriod, today: date) -> str:
    window = d.short_window(period.period, today)
    where = (_("period {index} of {count}: {window}").format(index=period.index, count=period.count, window=window)
             if period.count > 1 else window)
    if today > period.period.end:
        return _("{where}, ended").format(where=where)
    if today < period.period.start:
        return _("{where}, starts in {days}").format(where=where, days=d.days((period.period.start - today).days))
    return _("{where}, {ends}").format(where=where, ends=d.ends_in(p.days_to_end(period.period, today)))


def who_label(plan: Plan, quota: Quota) -> str:
    names = d.who_names(plan, quota.who)
    if quota.per == PER_PERSON:
        return _("each of {names}").format(names=names)
    if quota.per == PER_UNIT:
        return _("each unit of {names}").format(names=names)
    return names


def quota_row_cells(row: q.Progress, bar_width: int, *, styled: bool = True,
                    figures: dict[tuple[object, ...], str] | None = None) -> list[Text | str]:
    """A quota row's cells for `quota_cols`; without `styled`, their plain text alone (for `plain_grid`).
    `figures`: the figures of the rows before, kept by the caller (thousands of rows have few distinct ones)."""
    figures = {} if figures is None else figures
    unit = row.quota.unit
    key = (row.state, unit, row.ceiling, type(row.done), row.done, type(row.target), row.target)  # done_of_target's
    done = figures.get(key)
    if done is None:
        done = figures[key] = done_of_target(row)
    expected = "—"  # a one-off or a rate expects nothing yet
    if row.paced:
        amount = (unit, type(row.expected), row.expected)
        if amount not in figures:
            figures[amount] = display_amount(row.expected, unit)
        expected = figures[amount]
    standing = (row.state, row.period, row.today, row.paced, row.ceiling, row.done, row.target, row.expected)  # buffer's
    if standing not in figures:
        figures[standing] = d.buffer(row)
    buffer = figures[standing]
    if not styled:
        filled = fill(row.done, row.target, bar_width)
        return [_plain_cell(row.scope.name), done, FULL * filled + EMPTY * (bar_width - filled), expected, buffer]
    from rich.text import Text

    style = PACE_STYLES[row.state]
    return [Text(row.scope.name), done, bar(row.done, row.target, bar_width, style or "default"), expected,
            Text(buffer, style=style)]


def quota_cols() -> list[Col]:
    cols = [Col(_("Who"), max=14), Col(_("Done/target"), right=True), Col(_("Progress"), drop=2), Col(_("Expected"), right=True, drop=1),
            Col(_("Buffer"))]
    return cols


# status


class PhaseLine(NamedTuple):
    phase: Task
    state: str
    leaves: p.Count  # leaf tasks done, in all and late
    window: Window | None = None  # its window on the day (states.window_on: one relative to a task follows it)


class RecurringLine(NamedTuple):
    """A recurring task in `status`: occurrences done and due (started) so far, missed, and the next."""

    task: Task
    done: int
    so_far: int
    missed: int
    next: date | None
    current: date | None = None  # the last day of the occurrence under way and not done


class Status(NamedTuple):
    today: date
    window: Window | None
    state: str
    leaves: p.Count  # the whole plan's leaf tasks done, in all and late
    phases: list[PhaseLine]
    quotas: list[q.QuotaPeriod]
    recurring: list[RecurringLine]
    shared: tuple[Task, ...] = ()  # tasks owed per unit or per person (states.share_days)
    chain: tuple[tuple[int, Task | Quota, Task | None], ...] = ()  # states.chains


def recurring_lines(plan: Plan, today: date, tasks: list[Task] | None = None) -> list[RecurringLine]:
    """A line for each recurring task; `tasks`: `plan.walk()`, when the caller has it."""
    out = []
    for task in plan.walk() if tasks is None else tasks:
        if task.repeat is None or task.window is None:
            continue
        done, so_far = p.occurrence_count(plan, task, today)
        now = p.near(plan, task, today)
        out.append(RecurringLine(task, done, so_far, now.missed_count, now.next.occurrence.day if now.next else None,
                                 now.current.occurrence.window.end if now.current else None))
    return out


def build(plan: Plan, today: date, plain: p.PlainOn | None = None) -> Status:
    """The status on `today`; `plain`: the plain tasks of a plan built without them (states.plain_on), counted
    from their columns with what was built, as the whole plan's."""
    phases = [PhaseLine(ph, p.phase_state_with(plan, ph, today, plain), p.phase_count_with(plan, ph, today, plain),
                        p.window_on(plan, ph, today))
              if plain is not None and id(ph) in plain.counts else
              PhaseLine(ph, p.task_state(plan, ph, today), p.task_count(plan, ph, today), p.window_on(plan, ph, today))
              for ph in plan.phases]
    total = p.Count(0, 0)
    for line in phases:
        total = total + line.leaves
    quota_periods = [qp for quota in plan.quotas()
                     if (qp := q.quota_period(plan, quota, today, p.periods_on(plan, quota, today))) is not None]
    tasks = plan.walk()
    shared = tuple(task for task in tasks if task.per != PER_ALL and not task.tasks and p.share_days(plan, task, today))
    span = p.span_on(plan, today)
    if plain is not None:
        span = plain.span if span is None else Window(min(span.start, plain.span.start), max(span.end, plain.span.end))
    state = p.plan_state(plan, today, span) if plain is None else p.plan_state_with(plan, today, span, plain)
    return Status(today, span, state, total, phases, quota_periods,
                  recurring_lines(plan, today, tasks), shared, tuple(p.chains(plan)))


def render(console: Screen, plan: Plan, status: Status) -> None:
    """Phases, then quotas, fitted to the console's width: at a narrow width the bars go first, then the
    less needed columns; a number is never cut, and a heading too long for a line goes on to the next.
    On a `plain_console` the lines are made as their plain text alone, without Rich."""
    styled = not plain_console(console)  # else Rich prints the lines' plain text: build that alone
    width = console.width
    wide = width >= NARROW
    today = status.today
    print_lines(console, [line_of(f"{plan.title} — {today.isoformat()}", "bold", styled), ""])
    lines = _phase_lines(status, 20 if wide else 10, wide, width, styled)
    if max(cell_width(_plain(line)) for line in lines) > width:
        lines = _phase_lines(status, 0, wide, width, styled)
    rule = line_of("─" * max(cell_width(_plain(line)) for line in lines), "dim", styled)
    print_lines(console, [line_of(_("Phases"), "bold underline", styled), *lines[:-1], rule, lines[-1]])
    if status.recurring:
        print_lines(console, ["", line_of(_("Recurring"), "bold underline", styled)])
        rows = [[line.task.id, line_of(line.task.title, "", styled), line.task.repeat.text if line.task.repeat else "",
                 line_of(d.occurrences_so_far(line.done, line.so_far, line.missed, line.next, today, line.current),
                         STATE_STYLES[p.LATE] if line.missed else "", styled)] for line in status.recurring]
        print_lines(console, (grid if styled else plain_grid)(
            [Col(_("ID")), Col(_("Task"), fold=12), Col(_("Repeat"), fold=8), Col(_("Occurrences"), fold=16)], rows,
            indent=2, width=width))
    print_lines(console, [*share_lines(plan, status, width, styled=styled), *chain_lines(plan, status, width, styled=styled)])
    if status.quotas:
        _render_quotas(console, plan, status, styled)


def _render_quotas(console: Screen, plan: Plan, status: Status, styled: bool) -> None:
    """`render`'s quotas: the heading, then each quota's heading and rows, then what the figures mean."""
    width = console.width
    wide = width >= NARROW
    which = [(_("Quotas"), "bold underline"), (_("  the period holding today, else the last ended, else the next"), "dim")]
    print_lines(console, ["", *wrapped(which, width, styled)])
    figures: dict[tuple[object, ...], str] = {}
    all_rows = [quota_row_cells(row, 20 if wide else 10, styled=styled, figures=figures)
                for qp in status.quotas for row in qp.rows]
    body: list[Text] | list[str] = (grid if styled else plain_grid)(quota_cols(), all_rows, indent=2, width=width)
    out: list[Text | str] = [body[0]]
    i = 1
    for qp in status.quotas:
        out.extend(wrapped(quota_heading_pieces(plan, qp, status.today, wide), width, styled))
        out.extend(body[i:i + len(qp.rows)])
        i += len(qp.rows)
    note = [_("Expected: what a steady pace would have done by this morning. Buffer: how many days of that "
              "pace the amount done is ahead of it or behind it.")]
    print_lines(console, [*out, "", *wrapped(note, width, styled, style="dim")])


Piece = str | tuple[str, str]  # a piece of a line: its text, or its text and style (as Text.assemble takes them)


def line_of(text: str, style: str, styled: bool = True) -> Text | str:
    """`Text(text, style=style)`; without `styled`, its plain text, made without Rich."""
    if styled:
        from rich.text import Text

        return Text(text, style=style)
    return plain_text(text)


def assembled(pieces: Sequence[Piece], styled: bool = True) -> Text | str:
    """`Text.assemble(*pieces)`; without `styled`, its plain text, made without Rich."""
    if styled:
        from rich.text import Text

        return Text.assemble(*pieces)
    return plain_text(_joined(pieces))


def wrapped(pieces: Sequence[Piece], width: int, styled: bool = True, style: str = "") -> list[Text] | list[str]:
    """`wrap_text(Text.assemble(*pieces, style=style), width)`; without `styled`, its lines' plain text
    (`wrap_plain`)."""
    if styled:
        from rich.text import Text

        return wrap_text(Text.assemble(*pieces, style=style), width)
    return wrap_plain(_joined(pieces), width)


def _joined(pieces: Sequence[Piece]) -> str:
    return "".join(piece if isinstance(piece, str) else piece[0] for piece in pieces)


def share_lines(plan: Plan, status: Status, width: int | None = None, *, styled: bool = True) -> list[Text | str]:
    """Each task owed per unit or person: how many have done it (7/9), then, on lines of their own wrapped
    at `width` cells (never cut), which have not yet; or the phase or task above whose completion closed
    it (states.closed_by). Without `styled`, the lines' plain text (`assembled`)."""
    if not status.shared:
        return []
    out = [line_of("", "", styled), line_of(_("Owed by each unit or person"), "bold underline", styled)]
    for task in status.shared:
        days = p.share_days(plan, task, status.today)
        owed = [plan.roster.name_of(share) for share, day in days.items() if day is None]
        done = len(days) - len(owed)
        shares = _("{done}/{total} units done") if task.per == PER_UNIT else _("{done}/{total} people done")
        state = p.task_state(plan, task, status.today)
        in_view = p.share_occurrence(plan, task, status.today)  # a recurring task: each unit owes each occurrence
        window = in_view.occurrence.window if in_view else p.window_on(plan, task, status.today)
        which = _(" (occurrence of {key})").format(key=in_view.occurrence.key) if in_view else ""
        closed = p.closed_by(task, status.today)
        rest = (_("; closed with {outline} {id} ({day})").format(outline=closed[0].outline, id=closed[0].id,
                                                                 day=closed[1].isoformat()) if closed else "")
        head: list[Piece] = [f"  {task.outline} ", (task.id, "bold"), f" {task.title}  "]
        count: list[Piece] = [(shares.format(done=done, total=len(days)) + which, STATE_STYLES[state]), rest,
                              (f"  · {d.short_window(window, status.today)}", "dim")]
        if width is not None and cell_width(plain_text(_joined(head)) + plain_text(_joined(count))) > width:
            out.extend([assembled(head, styled), assembled(["    ", *count], styled)])  # the count on a line of its own
        else:
            out.append(assembled([*head, *count], styled))
        if owed and not closed:
            out.extend(line_of(line, "", styled) for line in _wrapped(_("not yet: {names}").format(names=""), owed, width, "    "))
    return out


def _wrapped(head: str, names: list[str], width: int | None, indent: str) -> list[str]:
    """`head` then the names joined as a list (i18n.listed), broken between names into lines of at most `width` cells (a
    name longer than a line has one of its own), each line after the first indented one more step."""
    lines = [indent + head]
    for i, name in enumerate(names):
        piece = name + (list_separator() if i < len(names) - 1 else "")
        if width is not None and lines[-1].strip() and cell_width(lines[-1] + piece) > width:
            lines.append(indent + "  ")
        lines[-1] += piece
    return lines


def chain_lines(plan: Plan, status: Status, width: int | None = None, *, styled: bool = True) -> list[Text | str]:
    """The chains of waits: each task drawn under the one it waits for or is dated from (states.chains),
    marked ↳ when it waits (and "waiting for …" while that is not done), · when only dated from it.
    What a task is dated from and what it waits for go on lines of their own when the line would be wider
    than `width` cells: the ids they name are the point of them, never cut off after their label.
    Without `styled`, the lines' plain text (`assembled`)."""
    if not status.chain:
        return []
    today = status.today
    out = [line_of("", "", styled), line_of(_("What waits on what"), "bold underline", styled)]
    for depth, item, _how in status.chain:
        mark = ("↳ " if isinstance(item, Task) and item.waits_for() else "· ") if depth else ""
        state = p.task_state(plan, item, today) if isinstance(item, Task) else ""
        indent = "  " + "  " * depth
        head: list[Piece] = [indent + mark + f"{item.outline} ", (item.id, "bold"), f" {item.title}  ",
                             (d.state_word(state), STATE_STYLES.get(state, "")) if state else ""]
        notes: list[tuple[str, str]] = []
        if isinstance(item, Task) and item.relative is not None:
            notes.append((item.relative.text, "dim"))
        waiting = p.waiting_for(plan, item, today) if isinstance(item, Task) else []
        if waiting:
            notes.append((_("waiting for {ids}").format(ids=listed(w.id for w in waiting)), "yellow"))
        out += _with_notes(head, notes, width, indent + "    ", styled)
    return out


def _with_notes(head: list[Piece], notes: list[tuple[str, str]], width: int | None, indent: str,
                styled: bool) -> list[Text | str]:
    """`head` followed by ` · note` for each (note, style) on its line, or, when that is wider than `width`,
    each note on a line of its own under it (`indent` first)."""
    joined: list[Piece] = [*head, *((f" · {note}", style) for note, style in notes)]
    if width is None or cell_width(plain_text(_joined(joined))) <= width:
        return [assembled(joined, styled)]
    return [assembled(head, styled), *(assembled([indent, (note, style)], styled) for note, style in notes)]


def _phase_lines(status: Status, bar_width: int, wide: bool, width: int, styled: bool = True) -> list[Text] | list[str]:
    """The phase table, its last line the whole plan's; `bar_width` 0 shows the counts without bars. Without
    `styled`, the lines' plain text (`plain_grid`)."""
    cols = [Col("#", right=True), Col(_("Phase"), max=24 if wide else 14, least=8), Col(_("Window")), Col(_("State")),
            Col(_("Tasks done")), Col(d.heading(p.OVERDUE), right=True)]
    if wide:
        cols[1:1] = [Col(_("ID"), drop=2)]
        cols.insert(-1, Col("%", right=True, drop=1))
    rows = [_phase_cells(line.phase.outline, line.phase.id, line.phase.title, line.window, line.state,
                         line.leaves, status.today, bar_width, wide, styled) for line in status.phases]
    rows.append(_phase_cells("", "", _("whole plan"), status.window, status.state, status.leaves, status.today, bar_width,
                             wide, styled))
    return (grid if styled else plain_grid)(cols, rows, width=width)


def quota_heading(plan: Plan, qp: q.QuotaPeriod, today: date, wide: bool) -> Text:
    from rich.text import Text

    return Text.assemble(*quota_heading_pieces(plan, qp, today, wide))


def quota_heading_pieces(plan: Plan, qp: q.QuotaPeriod, today: date, wide: bool) -> list[Piece]:
    """`quota_heading`'s pieces (`assembled`): the quota, its period; at a wide width, whose it is."""
    quota = qp.quota
    pieces: list[Piece] = [(quota.id, "bold"), " ", quota.title, (f" · {period_words(qp, today)}", "dim")]
    if wide:
        pieces.append((f" · {who_label(plan, quota)}", "dim"))
    return pieces


def _phase_cells(outline: str, ident: str, title: str, window: Window | None, state: str, count: p.Count, today: date,
                 bar_width: int, wide: bool, styled: bool = True) -> list[Text | str]:
    if styled:
        from rich.text import Text

        tasks: Text | str = Text(count_text(count))
        if bar_width:
            tasks = Text.assemble(bar(count.done, count.total, bar_width, STATE_STYLES[p.FINISHED]), " ", tasks)
        cells: list[Text | str] = [outline, Text(title), d.short_window(window, today, compact=not wide), state_text(state), tasks,
                                   Text(str(count.late) if count.late else "", style=STATE_STYLES[p.LATE])]
    else:
        filled = fill(count.done, count.total, bar_width)
        bars = f"{FULL * filled}{EMPTY * (bar_width - filled)} " if bar_width else ""
        cells = [outline, plain_text(title), d.short_window(window, today, compact=not wide), d.state_word(state),
                 bars + count_text(count), str(count.late) if count.late else ""]
    if wide:
        cells[1:1] = [ident]
        cells.insert(-1, f"{count.percent}%")
    return cells


def print_lines(console: Screen, lines: Sequence[Text | str]) -> None:
    """Lines never wrap: what does not fit the terminal is cut with an ellipsis. A line given as a str is
    plain text (`plain_grid`'s, for a `plain_console`).

    One print for all of them (Rich cuts each line of a Text on its own): a print costs about half a
    millisecond whatever its size, which a quota with thousands of periods would pay per line.
    """
    if lines:
        shown: Sequence[Text | str] = (clipped(lines) if set(map(type, lines)) <= {str}  # type: ignore[arg-type]
                                       else [clip(line) if isinstance(line, str) else clip_text(line) for line in lines])
        if not _write_plain(console, shown):
            from rich.text import Text

            texts = [line if isinstance(line, Text) else Text(line) for line in shown]
            rich_console(console).print(Text("\n").join(texts), no_wrap=True, overflow="ellipsis", crop=True)


def print_missed(screen: Screen, said: list[str]) -> None:
    """The "Missed last period" lines, already fitted to the width: each as Rich prints it (wrapped, should
    one not fit after all), or, when Rich would print their plain text (no colour, every line fits, no
    tab), that text."""
    plains = [_plain_cell(line) for line in said]  # without control codes, as Rich prints them
    if plain_console(screen) and not any("\t" in plain or line_width(plain) > screen.width for plain in plains):
        screen.file.write("".join(plain + "\n" for plain in plains))
        return
    console = rich_console(screen)
    for i, line in enumerate(said):
        console.print(line, style="bold red" if i == 0 else None, markup=False, highlight=False, crop=False)


def rich_console(screen: Screen) -> Console:
    """The Rich console `screen` prints with (a PlainScreen's, made now)."""
    return screen.rich if isinstance(screen, PlainScreen) else screen


def _write_plain(console: Screen, lines: Sequence[Text | str]) -> bool:
    """Without colour, lines that fit the width and hold no tab are printed by Rich as their plain text
    (no wrapping, nothing cut, no styles): write that text directly, which on a large plan's view costs
    a fraction of Rich's rendering. False (nothing written) when Rich must print them."""
    return plain_console(console) and write_plain_lines(
        console, [line if isinstance(line, str) else line.plain for line in lines], clipped_already=True)


def plain_console(console: Screen) -> bool:
    """Whether `console` prints a Text that fits as its plain text (no colour, nothing recorded): a view
    may then build its lines' text alone, without styles, for `write_plain_lines`."""
    if isinstance(console, PlainScreen):
        return True
    return not (console.color_system is not None or console.quiet or console.record or console.legacy_windows)


def write_plain_lines(console: Screen, plains: Sequence[str], *, clipped_already: bool = False) -> bool:
    """`print_lines` of Texts with these plain texts on a `plain_console`, when every line (cut at
    LONGEST characters as print_lines cuts it, unless `clipped_already`) fits the width and holds no tab;
    False (nothing written) otherwise, for the caller to print its Texts."""
    if not clipped_already:
        plains = clipped(plains)
    width = console.width
    if any("\t" in plain for plain in plains):
        return False
    # A character is at most 2 cells: a line of at most width / 2 characters fits without being measured.
    if width < 2 * LONGEST and any(2 * len(plain) > width and line_width(plain) > width for plain in plains):
        return False
    if plains:
        console.file.write("\n".join(plains) + "\n")
    return True


# JSON


def quota_head_json(plan: Plan, quota: Quota) -> dict[str, Any]:
    phase = quota.parent.phase if quota.parent is not None else None
    return {
        "id": quota.id,
        "outline": quota.outline,
        "title": quota.title,
        "phase": {"id": phase.id, "title": phase.title} if phase else None,
        "who": js.refs(plan, quota.who),
        "per": quota.per,
        "unit": quota.unit,
    }


def to_json(plan: Plan, status: Status, plan_path: str) -> dict[str, Any]:
    return {
        "plan": plan_path,
        "title": plan.title,
        "today": status.today.isoformat(),
        "window": js.window(status.window),
        "state": status.state,
        "tasks": js.count(status.leaves),
        "phases": [{
            "id": line.phase.id,
            "outline": line.phase.outline,
            "title": line.phase.title,
            "window": js.window(line.window, js.written(line.phase)),
            "state": line.state,
            "tasks": js.count(line.leaves),
        } for line in status.phases],
        "quotas": [{**quota_head_json(plan, qp.quota), "period": js.quota_period(qp)} for qp in status.quotas],
        "recurring": [{"id": line.task.id, "outline": line.task.outline, "title": line.task.title,
                       "repeat": line.task.repeat.text if line.task.repeat else None,
                       "occurrences": {"done": line.done, "so_far": line.so_far, "missed": line.missed},
                       "current_due": js.day(line.current), "next": js.day(line.next)}
                      for line in status.recurring],
        "shares": [{"id": task.id, "outline": task.outline, "title": task.title,
                    **(js.shares(plan, task, status.today) or {})} for task in status.shared],
        "chains": [{"id": item.id, "outline": item.outline, "depth": depth, "from": parent.id if parent else None,
                    "written": js.written(item),
                    "waiting_for": [w.id for w in p.waiting_for(plan, item, status.today)] if isinstance(item, Task) else []}
                   for depth, item, parent in status.chain],
    }
