"""Source's line starts (an array since issue 20) place every offset and give every line as counting the text does."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

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
