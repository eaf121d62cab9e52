"""A problem's excerpt of a short line with nothing hidden is the line as written (output/diagnostics.py
`_with_line`, the quick way a check of a large plan prints its 100,000 warnings): the same text, caret included,
as the excerpt cut and escaped the long way (`_with_piece`) for every such line and column."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from planctl.errors import WARNING, Problem
from planctl.format.source import Source
from planctl.output.diagnostics import EXCERPT_CHARS, _with_line, _with_piece, format_problem

# ASCII, CJK (two cells), combining and zero-width marks, an emoji, controls and a tab (not printable: the long way)
chars = st.sampled_from(list("ab -{}:,#\"") + ["张", "伟", "：", "\u0301", "\u200b", "😀", "\u00e9", "\t", "\x1b", "\x85"])


@settings(max_examples=300, deadline=None)
@given(line=st.lists(chars, max_size=EXCERPT_CHARS + 5).map("".join), column=st.integers(1, EXCERPT_CHARS + 7))
def test_a_short_line_shown_whole_is_the_excerpt_cut_the_long_way(line: str, column: int) -> None:
    problem = Problem(0, "m", WARNING, 12, column)
    if len(line) <= EXCERPT_CHARS and column <= len(line) + 1 and line.isprintable():
        assert _with_line(line, problem, "head") == _with_piece(line, problem, "head")
    text = f"a: 1\n{line}\n"
    at = Source("plan.yaml", text).locate(Problem(5 + min(column - 1, len(line)), "m", WARNING))
    shown = format_problem(Source("plan.yaml", text), at)
    assert shown == "plan.yaml:" + f"{at.line}:{at.column}: warning: m\n" + _with_piece(line, at, "")[1:]
