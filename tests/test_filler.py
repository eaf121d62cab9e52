"""A message's words filled in by `i18n.filler` (the quick way a check of a large plan words its 100,000 warnings
of entries alike, and prints each) are the words `str.format` gives with the same values by name, for any
template: literal text with `%` and doubled braces, fields in any order or repeated, and the templates that
`format` alone reads (a spec, a conversion, a field not named, a lone brace) left to it, error and all."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planctl.i18n import _, filler, ngettext, speaking

NAMES = ("id", "day", "who")
literal = st.lists(st.sampled_from(["a", " ", "%", "%s", "%%", "{{", "}}", "张伟", "：", "'", "\\", "}", "{"]),
                   max_size=4).map("".join)
field = st.one_of(st.sampled_from(["{id}", "{day}", "{who}"]),
                  st.sampled_from(["{id!r}", "{day:>4}", "{other}", "{0}", "{}", "{id[0]}", "{who.x}"]))
template = st.lists(st.tuples(literal, field), max_size=4).flatmap(
    lambda pairs: literal.map(lambda tail: "".join(text + name for text, name in pairs) + tail))
value = st.one_of(st.text(alphabet="ab %s{}张", max_size=4), st.integers(-3, 3))


def outcome(fill: object, values: tuple[object, ...]) -> tuple[str, object]:
    try:
        return "ok", fill(*values)  # type: ignore[operator]
    except Exception as exc:  # noqa: BLE001 - the same failure either way
        return "error", type(exc)


@settings(max_examples=400, deadline=None)
@given(template=template, values=st.tuples(value, value, value))
def test_filled_as_format_fills_it_by_name(template: str, values: tuple[object, object, object]) -> None:
    by_name = outcome(lambda *given: template.format(**dict(zip(NAMES, given, strict=True))), values)
    try:
        fill = filler(template, *NAMES)
    except Exception as exc:  # noqa: BLE001
        assert by_name == ("error", type(exc))
        return
    assert outcome(fill, values) == by_name


@pytest.mark.parametrize("code", ["en", "zh_CN"])
def test_the_words_of_checks_warnings_in_each_language(code: str) -> None:
    with speaking(code):
        alike = _("{id} has two entries alike on {day}{who}: it may be one completion recorded twice; if so, only the "
                  "later entry is to go: 'planctl undo' in the clone that recorded it, or delete its line")
        assert filler(alike, "id", "day", "who")("t1.2", "2026-03-01", " by 张伟") == \
            alike.format(id="t1.2", day="2026-03-01", who=" by 张伟")
        headed = _("{severity}: {message}")
        assert filler(headed, "severity", "message")(_("warning"), "50% 完成") == headed.format(severity=_("warning"),
                                                                                                  message="50% 完成")
        for count in (1, 2, 7):
            said = ngettext("{message} ({n} entry: line {lines})", "{message} ({n} entries: lines {lines})", count)
            assert filler(said, "message", "n", "lines")("m", count, "3, 4") == said.format(message="m", n=count, lines="3, 4")
