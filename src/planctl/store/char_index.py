"""The characters of the cache's base by byte offset: where the first command after a pull finds the offsets
in characters of the lines it reads again (cache positions are offsets in characters) without decoding the
file up to them (issue 20: at 100,000 tasks, counting the new file's characters up to its last change cost that
`due` a fifth of its instructions). The bytes a pull left as they were have the base's counts
(store/increment.py `_LazyText`); only the blocks around a change are decoded.

Stored beside the cache as `<plan>.cache.chars`: the digest of the plan bytes it counts and two lists of the same
length, byte offsets (each a character's start, from the BOM's end to the file's end, about BLOCK apart) and the
offset in characters of each (from the BOM's end). A file for other bytes is not used."""

from __future__ import annotations

import bisect
from pathlib import Path
from typing import Any

from planctl.format.source import BOM
from planctl.store import cache

BLOCK = 1 << 16  # bytes between two counted offsets (the bytes decoded around each change: one block each side)
_HEADER = b"planctl-chars-1\n"
_BOM_BYTES = BOM.encode("utf-8")
_CONTINUATION = bytes(range(0x80, 0xC0))  # the bytes inside a UTF-8 character (not its first)


class CharIndex:
    """Byte offsets (increasing, each a character's start or the end) and their offsets in characters. A plain
    class: a NamedTuple's making cost every command importing this module some 8 M instructions."""

    __slots__ = ("bytes_at", "chars_at")

    def __init__(self, bytes_at: list[int], chars_at: list[int]) -> None:
        self.bytes_at, self.chars_at = bytes_at, chars_at

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CharIndex) and (self.bytes_at, self.chars_at) == (other.bytes_at, other.chars_at)

    __hash__ = None  # type: ignore[assignment]

    def counted_from(self, at: int) -> int | None:
        """The index of byte offset `at` when it is one of the counted ones, else None."""
        k = bisect.bisect_left(self.bytes_at, at)
        return k if k < len(self.bytes_at) and self.bytes_at[k] == at else None

    def next_after(self, at: int) -> int | None:
        """The first counted byte offset after `at`; None when there is none."""
        k = bisect.bisect_right(self.bytes_at, at)
        return self.bytes_at[k] if k < len(self.bytes_at) else None


def counted(raw: bytes, block: int | None = None) -> CharIndex:
    """The index of the UTF-8 bytes `raw` after their BOM if any: its offsets every `block` bytes (BLOCK when
    None), each moved on to a character's start. The characters are counted as the bytes that do not continue
    one (a quarter of decoding's time)."""
    skip = len(_BOM_BYTES) if raw.startswith(_BOM_BYTES) else 0
    step = block or BLOCK
    bytes_at, chars_at = [skip], [0]
    start, size = skip, len(raw)
    while start < size:
        end = min(start + step, size)
        while end < size and raw[end] & 0xC0 == 0x80:
            end += 1
        piece = raw[start:end]
        chars_at.append(chars_at[-1] + len(piece.translate(None, _CONTINUATION)))
        bytes_at.append(end)
        start = end
    return CharIndex(bytes_at, chars_at)


def index_file(plan_path: Path) -> Path:
    """Where the index of the cache's base is kept: beside the cache (gone with the base when the cache cannot be
    written)."""
    return cache.chars_file(plan_path)


def read(plan_path: Path, key: str) -> CharIndex | None:
    """The stored index of the plan bytes of digest `key`; None when there is none for them."""
    stored: Any = cache.read_sealed(index_file(plan_path), _HEADER)
    if not isinstance(stored, tuple) or len(stored) != 3 or stored[0] != key:
        return None
    return CharIndex(stored[1], stored[2])


def write(plan_path: Path, key: str, index: CharIndex) -> None:
    """Store `index` as that of the plan bytes of digest `key` (failures ignored: the index is a shortcut)."""
    cache.write_sealed(index_file(plan_path), (key, index.bytes_at, index.chars_at), _HEADER)


def keep(plan_path: Path, key: str, raw: bytes) -> None:
    """Count and store the index of `raw` (of digest `key`) unless it is stored already."""
    if read(plan_path, key) is None:
        write(plan_path, key, counted(raw))
