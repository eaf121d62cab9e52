"""Source's line starts (an array since issue 20) place every offset and give every line as counting the text does."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from planctl.errors import Problem
from planctl.format.source import Source

texts = st.lists(st.sampled_from(["a", "中", " ", "\n", "\r", "\r\n", "\n\n"]), max_size=30).map("".join)


@given(texts)
def test_line_starts_place_each_offset_as_counting_does(text: str) -> None:
    counted, listed = Source("plan.yaml", text), Source("plan.yaml", text)
    lines = text.split("\n")
    assert len(listed.line_starts()) == len(lines)
    for offset in range(len(text) + 1):
        assert listed.position(offset) == counted.position(offset) == (text.count("\n", 0, offset) + 1,
                                                                         offset - text.rfind("\n", 0, offset))
    assert [listed.line_text(n) for n in range(1, len(lines) + 1)] == [line.rstrip("\r\n") for line in lines]


@given(texts, st.lists(st.integers(min_value=0, max_value=40), max_size=12), st.booleans())
def test_lines_of_offsets_and_their_text_without_listing_every_start(text: str, picks: list[int], listed_first: bool) -> None:
    """`lines_of` and `column_of` (what `check` places its entries alike with) give `position`'s line and column, and a
    line so placed has the text of that line, whether or not the starts of every line were listed (`line_starts`)."""
    offsets = [pick % (len(text) + 1) for pick in picks]
    listed, source = Source("plan.yaml", text), Source("plan.yaml", text)
    listed.line_starts()
    if listed_first:
        source.line_starts()
    lines = source.lines_of(offsets)
    assert [(line, source.column_of(offset, line)) for offset, line in zip(offsets, lines, strict=True)] == \
        [listed.position(offset) for offset in offsets]
    assert [source.line_text(line) for line in lines] == [listed.line_text(line) for line in lines]
    assert source.line_count() == len(listed.line_starts()) == text.count("\n") + 1
    counted = Source("plan.yaml", text)
    located = counted.locate_all([Problem(offset, "m") for offset in offsets] * 3)  # more than 4: counted
    assert [(p.line, p.column) for p in located] == [listed.position(offset) for offset in offsets] * 3
    assert [counted.line_text(p.line) for p in located] == [listed.line_text(p.line) for p in located]
