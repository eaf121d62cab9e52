"""`NamedTuple` for planctl's own record types, without typing's price at start-up.

typing.NamedTuple checks each field's annotation as a type when the class is made; under
`from __future__ import annotations` (every module here) each is a string, compiled for it, and
the first such compile builds all of Python's syntax-tree types: together some 5 ms of every
command's start, `due` included (issue 20). `NamedTuple` here makes the same class
(`collections.namedtuple`, with the class body's defaults, methods, properties and docstring,
and its annotations as written) without checking them: mypy checks them, reading this as
typing.NamedTuple itself.
"""

from __future__ import annotations

import collections

TYPE_CHECKING = False  # not typing's: this module is imported to spare typing's work
if TYPE_CHECKING:
    from typing import NamedTuple as NamedTuple
else:
    _MADE_BY_NAMEDTUPLE = frozenset({"__module__", "__qualname__", "__annotations__", "__slots__"})

    class _Record(type):
        """The metaclass of `NamedTuple`: a subclass of it is made as collections.namedtuple makes one."""

        def __new__(mcs, name, bases, namespace):
            if not bases:  # NamedTuple itself
                return super().__new__(mcs, name, bases, namespace)
            annotations = namespace.get("__annotations__", {})
            fields = list(annotations)
            defaults = [namespace[field] for field in fields if field in namespace]
            if any(field not in namespace for field in fields[len(fields) - len(defaults):]):
                raise TypeError(f"{name}: a field without a default follows one with a default")
            made = collections.namedtuple(name, fields, defaults=defaults, module=namespace.get("__module__"))
            for key, value in namespace.items():
                if key not in _MADE_BY_NAMEDTUPLE and key not in annotations:
                    setattr(made, key, value)
            made.__qualname__ = namespace.get("__qualname__", name)
            made.__annotations__ = annotations
            return made

    class NamedTuple(metaclass=_Record):
        """A base for record classes, as typing.NamedTuple: `class Row(NamedTuple): id: str; n: int = 0`."""
