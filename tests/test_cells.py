"""output/cells.py counts the width of common text itself (ASCII, Latin-1, general punctuation, box drawing,
Chinese, kana, Hangul, full-width forms) and leaves the rest to Rich: the two must always agree."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich._unicode_data._versions import VERSIONS  # every Unicode version Rich has a table of
from rich.cells import cell_len, get_character_cell_size, split_graphemes

from planctl.output import cells


@pytest.mark.parametrize(("ranges", "width"), [(cells.NARROW, 1), (cells.WIDE, 2)])
def test_the_counted_characters_have_that_width_in_every_table_of_rich(ranges: tuple[tuple[int, int], ...],
                                                                      width: int) -> None:
    for version in VERSIONS:
        wrong = [hex(code) for low, high in ranges for code in range(low, high + 1)
                 if get_character_cell_size(chr(code), version) != width]
        assert wrong == [], version


COMMON = "".join(chr(code) for low, high in (*cells.NARROW, *cells.WIDE) for code in range(low, high + 1, 7))
ODD = "\u200d\ufe0f\u0301\u200b\t\x00\x7f\U0001f468\U0001f469\u1100\u1161\u0e33\u9fff\u3099\u00ad"


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(COMMON + ODD), max_size=30))
def test_cell_width_is_richs_cell_length(text: str) -> None:
    cells._widths.clear()
    assert cells.cell_width(text) == cell_len(text)
    assert cells.cell_width(text) == cell_len(text)  # remembered
    assert cells.line_width(text) == cell_len(text)
    assert cells.graphemes(text) == [(text[start:end], width) for start, end, width in split_graphemes(text)[0]]


WIDE_SAMPLE = "".join(chr(code) for low, high in cells.WIDE for code in (low, *range(low + 1, high, 97), high))
ASCII = "".join(chr(code) for code in range(0x20, 0x7F))


@settings(max_examples=200, deadline=None)
@given(st.text(st.sampled_from(ASCII + WIDE_SAMPLE + "\u00e9\u2500\u2588\u200d\ufe0f\t\x07"), max_size=40))
def test_ascii_and_wide_text_measured_from_its_utf8_length_is_richs_cell_length(text: str) -> None:
    """Issue 20: text of printable ASCII and WIDE characters alone (most Chinese text) is measured from its
    UTF-8 length (once a run has measured enough text: SHORTCUT_AFTER); any other character among them is
    measured the long way."""
    cells._widths.clear()
    cells._not_ascii_or_wide[0] = cells.SHORTCUT_AFTER  # the shortcut compiled
    assert cells.cell_width(text) == cell_len(text)
    assert cells.line_width(text) == cell_len(text)


def test_a_table_of_ascii_and_chinese_is_drawn_without_rich() -> None:
    """`due` on a plan written in Chinese measures its text without importing Rich (a tenth of its start-up)."""
    code = ("import sys, io\n"
            "from planctl.output import table\n"
            "from planctl.output.terminal import Terminal\n"
            "t = table.Table('T', [table.Column('A', wrap=True), table.Column('B')])\n"
            "t.add_row('落实心得体会 13，（第1阶段）', '04-11 … 04-17 — 1.5/8 h')\n"
            "table.render(t, Terminal(io.StringIO(), 20, False))\n"
            "print(sorted(m for m in sys.modules if m.startswith('rich')))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_a_done_of_target_remembered_in_one_language_is_worded_anew_in_the_other() -> None:
    """output/words.done_of words each distinct amount once a run: per language, and exactly (1 and 1.0 alike)."""
    from planctl.i18n import speaking
    from planctl.output.words import done_of

    with speaking("en"):
        english = [done_of(1.0, 8.0, "h"), done_of(7.96, 8, "h"), done_of(0, 5000, "字")]
    with speaking("zh_CN"):
        chinese = [done_of(1.0, 8.0, "h"), done_of(7.96, 8, "h"), done_of(0, 5000, "字")]
    with speaking("en"):
        again = [done_of(1, 8, "h"), done_of(7.96, 8, "h"), done_of(0.0, 5000, "字")]
    assert english == again == ["1/8 h", "7.9/8 h", "0/5000字"]
    assert chinese == ["1/8 小时", "7.9/8 小时", "0/5000字"]
