"""Windows as a Chinese keyboard or a spreadsheet types them: full-width digits are read; two bare
numbers (03-05) are told as such, with the two readings a person may have meant."""

from __future__ import annotations

from datetime import date

import pytest

from planctl.format import dates


@pytest.mark.parametrize(("text", "start", "end"), [
    ("３月５日", date(2026, 3, 5), date(2026, 3, 5)),
    ("３月５日-３月９日", date(2026, 3, 5), date(2026, 3, 9)),
    ("２０２６－０４－１２", date(2026, 4, 12), date(2026, 4, 12)),
    ("１０月份", date(2026, 10, 1), date(2026, 10, 31)),
])
def test_full_width_digits_read_as_ascii_and_the_text_is_kept(text: str, start: date, end: date) -> None:
    spec = dates.parse_when(text)
    window = spec.resolve(2026, None)
    assert (window.start, window.end) == (start, end)
    assert spec.text == text  # written back as the person wrote it


@pytest.mark.parametrize(("text", "said"), [
    ("03-05", "'03-05' is two numbers without 月 or a year, so it is not a date planctl reads; "
              "write '3月5日' (one day) or '3-5月' (months)"),
    ("4/20", "'4/20' is two numbers without 月 or a year, so it is not a date planctl reads; write '4月20日' (one day)"),
    ("13-40", "'13-40' is two numbers without 月 or a year, so it is not a date planctl reads"),
])
def test_two_bare_numbers_name_both_readings(text: str, said: str) -> None:
    with pytest.raises(dates.DateError) as caught:
        dates.parse_when(text)
    assert str(caught.value) == said
    assert caught.value.hint == "a day is written 3月5日 or 2026-03-05 (year first); months are written 3-5月"
