"""The result of reading a plan file, shared by the reader, the cache and the writer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from planctl.errors import Problem
from planctl.model import Plan
from planctl.source import Source

if TYPE_CHECKING:
    from planctl.yamltree import Node


@dataclass
class Loaded:
    """Always a source; a plan unless the file could not be read as one; the YAML tree when parsed."""

    source: Source
    plan: Plan | None
    problems: list[Problem] = field(default_factory=list)
    tree: Node | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]
