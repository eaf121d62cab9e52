"""The two readers of a completion line agree: the fast log reader (fastlog.py) and the full YAML reader.

For any entry line of the log grammar (every key of `LOG_KEYS`, in planctl's order or not, values of
every shape a hand or a tool writes), reading the plan with the fast path must give the same
completions and the same problems, at the same places, as reading it without: the same result or
the same error. Issue 12, case 14: `amount: 99999999999999999999` on a line in planctl's own format
passed `check` (and `show` printed `1e+26 h`) while the same entry in another style was an error.
"""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from planctl.format.loader import LOG_KEYS, MAX_NUMBER, load_source
from planctl.format.source import Source

HEAD = """title: t
year: 2009
roster:
  people: {zhangwei: 张伟, lina: 李娜}
  groups:
    branches:
      name: 党支部
      units:
        jiguan: {name: 机关, members: [zhangwei, lina]}
phases:
  - id: p
    title: p
    when: 4月
    quotas:
      - id: study
        title: 自学
        who: branches
        per: person
        target: 8
        unit: h
        log:
"""

DATES = ["2009-04-03", "2009-04-30", "2009-02-29", "2009-04-31", "2009-04-00", "2009-4-3", "0000-04-03", "4月3日",
         "4月上旬", "2009-13-01", "20090403", "'2009-04-03'"]
IDS = ["zhangwei", "lina", "jiguan", "nobody", "true", "Null", "yes", "No", "~", "9x", "张伟", "李", "党支部", "张 伟", '"lina"', "x-1_y"]
AMOUNTS = ["1", "1.5", "0", "0.0", "00", "01", "-1", "+2", ".5", "1.", "1e3", "1_000", "0x10", "2h", "90min", "3千字", "2 h", "0h",
           '"2"', "nan",
           ".inf", "99999999999999999999", str(MAX_NUMBER), str(MAX_NUMBER + 1), f"{MAX_NUMBER}.5", "1000000000000.0",
           "999999999999.99", "3000", "null", "true"]
STAMPS = ["2026-11-25T08:30:00", "2026-13-25T08:30:00", "2026-11-25T08:30:00+08:00", "2026-11-25", "2026-11-25 08:30:00",
          "2026-11-25T24:00:00", "x", "1"]
NOTE_CHARS = st.sampled_from(list("ab 读《摘编》:#,'\"\\-?&*!|>%@`{}[]0123456789.+~\t")
                             + ["\u2028", "\x85", "é", "\\u00e9", "\\ud800", "\\n", "\\/"])
NOTES = st.one_of(
    st.sampled_from(["读《摘编》", "初稿", "null", "yes", "1", "-x", "a: b", "a #b", "a#b", "", "'q'", '"q"', '"a\\"b"',
                     '"\\u00e9"', '"\\ud800"', '"\\x41"', "~", "x ", "[a]"]),
    st.lists(NOTE_CHARS, min_size=1, max_size=8).map("".join),
    st.lists(NOTE_CHARS, max_size=6).map(lambda s: '"' + "".join(s) + '"'),
)
VALUES = {
    "date": st.sampled_from(DATES),
    "by": st.sampled_from(IDS),
    "unit": st.sampled_from(IDS),
    "amount": st.sampled_from(AMOUNTS),
    "note": NOTES,
    "at": st.sampled_from(STAMPS),
}


@st.composite
def entry_lines(draw: st.DrawFn) -> str:
    """One line of a log: a flow mapping of some of the log's keys, as planctl writes it or not quite."""
    keys = [key for key in LOG_KEYS if key == "date" and draw(st.integers(0, 9)) or draw(st.booleans())]
    if draw(st.integers(0, 5)) == 0:
        keys = draw(st.permutations(keys))
    if draw(st.integers(0, 9)) == 0:
        keys.insert(draw(st.integers(0, len(keys))), "bogus")
    pairs = [f"{key}: {draw(VALUES.get(key, st.just('1')))}" for key in keys]
    gap = draw(st.sampled_from([", ", ",", " , "]))
    comment = draw(st.sampled_from(["", "", " # 备注", "  #x", "#x"]))
    return "          - {" + gap.join(pairs) + "}" + comment


def readings(text: str) -> tuple[object, object]:
    """What each reader makes of the plan: every item's completions, and every problem."""
    out = []
    for fast in (True, False):
        loaded = load_source(Source("plan.yaml", text), fast=fast)
        logs = [(item.id, [(e.key(), e.pos) for e in item.log]) for item in loaded.plan.items()] if loaded.plan else None
        out.append((logs, [(p.offset, p.severity, p.message) for p in loaded.problems]))
    return out[0], out[1]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(entry_lines(), min_size=1, max_size=4), st.sampled_from(["\n", "\r\n"]))
@example(["          - {date: 2009-04-03, by: zhangwei, amount: 99999999999999999999}"], "\n")
@example(["          - {date: 2009-04-03, by: zhangwei, amount: 1000000000000.5, note: 读《摘编》}"], "\n")
def test_both_readers_give_the_same_result_or_the_same_error(lines: list[str], eol: str) -> None:
    text = (HEAD + "\n".join(lines) + "\n").replace("\n", eol)
    fast, full = readings(text)
    assert fast == full


def test_a_huge_amount_on_planctls_own_line_is_the_same_error_as_in_block_style() -> None:
    own = HEAD + "          - {date: 2009-04-03, by: zhangwei, amount: 99999999999999999999}\n"
    block = HEAD + "          - date: 2009-04-03\n            by: zhangwei\n            amount: 99999999999999999999\n"
    messages = []
    for text in (own, block):
        for fast in (True, False):
            loaded = load_source(Source("plan.yaml", text), fast=fast)
            messages.append([p.message for p in loaded.errors])
    assert messages[0] == messages[1] == messages[2] == messages[3]
    assert messages[0] == [f"a completion's amount must be a number of at most {MAX_NUMBER:,}, not 99999999999999999999"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entry_lines(), st.sampled_from(["", "\n", "\r\n", "\u2028", "\x85"]),
       st.sampled_from(["zhangwei", "张伟", "a b", "a]b", "1a", "a\u00e9", "a\x07", "办公-室_2", "a:b", "x\u3400"]))
def test_the_line_done_and_undo_match_is_the_line_the_readers_match(line: str, eol: str, ref: str) -> None:
    """fastlog.entry_line_match (a looser pattern, then `by` and `unit` checked as ids) matches what
    ENTRY_LINE does, with the same groups; fastlog.printable says what NON_PRINTABLE does."""
    from planctl.format import fastlog

    for text in (line + eol, line.replace("by: ", f"by: {ref}", 1) + eol, line.replace("unit: ", f"unit: {ref}, x", 1) + eol):
        strict = fastlog.ENTRY_LINE.fullmatch(text)
        loose = fastlog.entry_line_match(text)
        assert (loose.groups() if loose else None) == (strict.groups() if strict else None), text
        assert fastlog.printable(text) == (fastlog.NON_PRINTABLE.search(text) is None)
