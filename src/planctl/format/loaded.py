"""The result of reading a plan file, shared by the reader, the cache and the writer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from planctl.errors import Problem
from planctl.format.source import Source
from planctl.model import Plan

if TYPE_CHECKING:
    from planctl.format.yamltree import Node


class Loaded:
    """Always a source; a plan unless the file could not be read as one; the YAML tree when parsed.
    `by_fasttree`: the text was read by format/fasttree.py, which takes no text holding a control character
    but the line breaks, a tab, NEL, U+2028, U+2029 or U+FEFF (its `_BAD`); False when not known (read
    through YAML, or from the cache)."""

    def __init__(self, source: Source, plan: Plan | None, problems: list[Problem] | None = None,
                 tree: Node | None = None, by_fasttree: bool = False) -> None:
        self.source = source
        self.plan = plan
        self.problems = problems if problems is not None else []
        self.tree = tree
        self.by_fasttree = by_fasttree

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]
