"""A report's tables laid out a column at a time (output/status.py `plain_columns`, issue 20: a large plan's ledger
has twenty thousand rows) are the lines the row-by-row layout makes (`plain_grid`), whatever the cells hold:
wide, narrow and joined characters, tabs and control codes, text longer than a view shows, trailing spaces, a
column of numbers to the right, a column with a `max` its cells pass. And many texts measured together
(`cells.cell_widths`) are each one's own width."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from planctl.output import cells
from planctl.output.status import Col, plain_columns, plain_grid

PIECES = ["2009-04-06", "3q1", "12", "1.5 小时", "每周学习", "第8小组", "周洋华", "处内部两个座谈会", "", " ", "\u3000",
          "✅ 完成", "👨\u200d👩\u200d👧", "e\u0301", "tab\there", "bell\x07", "long " * 450, "长" * 2001, "x", "ab  "]


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[Col], list[list[str]]]:
    count = draw(st.integers(1, 5))
    cols = [Col(draw(st.sampled_from(["日期", "编号", "Item", "数量", "备注", "a\tb", ""])), right=draw(st.booleans()),
                max=draw(st.sampled_from([None, None, None, 4, 12]))) for _ in range(count)]
    texts = st.one_of(st.sampled_from(PIECES), st.text(st.sampled_from("ab 中文、，…\u00e9\t"), max_size=6))
    rows = draw(st.lists(st.lists(texts, min_size=count, max_size=count), max_size=12))
    return cols, rows


@settings(max_examples=400, deadline=None)
@given(tables(), st.integers(0, 4), st.integers(1, 3), st.booleans())
def test_a_table_laid_out_by_columns_is_the_one_laid_out_by_rows(table: tuple[list[Col], list[list[str]]], indent: int,
                                                                 gap: int, header: bool) -> None:
    cols, rows = table
    columns = [[row[i] for row in rows] for i in range(len(cols))]
    expected = plain_grid(cols, rows, gap=gap, indent=indent, header=header)
    assert plain_columns(cols, columns, gap=gap, indent=indent, header=header) == expected


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(st.sampled_from("abc 12中文每周学习、，"), min_size=1, max_size=8), min_size=1, max_size=60),
       st.sampled_from(["", "e\u0301", "👨\u200d👩\u200d👧", "·"]))
def test_many_texts_measured_together_are_each_their_own_width(texts: list[str], odd: str) -> None:
    """From SHORTCUT_AFTER texts not measured before, `cell_widths` measures them at once: a text of a character
    neither ASCII nor WIDE among them sends them all the long way."""
    many = [f"{text}{n}{odd if n % 7 == 0 else ''}" for n in range(cells.SHORTCUT_AFTER) for text in texts[n % len(texts):][:1]]
    cells._widths.clear()
    assert cells.cell_widths(many) == [cell_len(text) for text in many]
    assert cells.cell_widths(many) == [cell_len(text) for text in many]  # remembered
