"""The result of reading a plan file, shared by the reader, the cache and the writer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from planctl.errors import Problem
from planctl.format.source import Source
from planctl.model import Plan

if TYPE_CHECKING:
    from planctl.format.yamltree import Node


class Loaded:
    """Always a source; a plan unless the file could not be read as one; the YAML tree when parsed."""

    def __init__(self, source: Source, plan: Plan | None, problems: list[Problem] | None = None,
                 tree: Node | None = None) -> None:
        self.source = source
        self.plan = plan
        self.problems = problems if problems is not None else []
        self.tree = tree

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]
