"""How a table's columns fit a width: which are shown and how wide (the one narrowing rule of the text
tables: output/status.py's `grid` for `status`, `list`, `report`, and output/table.py's for `due` and `log`).

Without Rich: `due` draws its tables without importing it (its start-up is benchmarked).
"""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from typing import Protocol


class Fitted(Protocol):
    """A column as `fit` reads it (output/status.py's `Col`): cells, 0 for none."""

    @property
    def fold(self) -> int: ...  # folded down to this many before any column is dropped; 0: never folded
    @property
    def drop(self) -> int: ...  # left out at a narrow width, the highest first; 0: always shown
    @property
    def keep(self) -> int: ...  # a folding column is not narrowed below this unless nothing else fits


def fit(cols: Sequence[Fitted], natural: list[int], least: list[int | None], width: int,
         gap: int, empty: AbstractSet[int] = frozenset()) -> tuple[list[int], list[int]]:
    """The indexes of the columns shown in `width` cells, and their widths (text columns narrowed): the `empty`
    columns left out, folding columns down to their `fold` cells, then columns dropped; only with nothing left
    to drop, narrower still: down to a `keep`, and below it only when even that does not fit."""
    kept = [max(low, min(cols[i].keep, natural[i])) if cols[i].fold and low is not None else low
            for i, low in enumerate(least)]
    comfortable = [max(low, min(cols[i].fold, natural[i])) if cols[i].fold and low is not None else low
                   for i, low in enumerate(kept)]
    shown = [i for i in range(len(cols)) if i not in empty]
    droppable = sorted((i for i in shown if cols[i].drop), key=lambda i: -cols[i].drop)
    while True:
        widths = _narrowed(cols, natural, comfortable, shown, width, gap)
        if sum(widths) + gap * (len(shown) - 1) <= width:
            return shown, widths
        if not droppable:
            widths = _narrowed(cols, natural, kept, shown, width, gap)
            if sum(widths) + gap * (len(shown) - 1) <= width:
                return shown, widths
            return shown, _narrowed(cols, natural, least, shown, width, gap)
        shown.remove(droppable.pop(0))


def _narrowed(cols: Sequence[Fitted], natural: list[int], least: list[int | None], shown: list[int], width: int,
              gap: int) -> list[int]:
    """Widths of the `shown` columns: folding columns narrowed, the widest first, then cut ones, until they fit."""
    widths = {i: natural[i] for i in shown}

    def over() -> int:
        return sum(widths.values()) + gap * (len(shown) - 1) - width

    while over() > 0:
        folding = [i for i in shown if cols[i].fold and widths[i] > (least[i] or 1)]
        if not folding:
            break
        widest = max(folding, key=lambda i: widths[i] - cols[i].fold)  # the furthest above its `fold`
        widths[widest] -= 1
    for i in shown:
        low = least[i]
        if not cols[i].fold and low is not None and over() > 0:
            widths[i] = max(low, widths[i] - over())
    return [widths[i] for i in shown]
