"""Mistakes a Chinese keyboard makes, as `planctl check` reports them: exact text, at the spot, with the fix.

Before format/keyboard.py these came out as PyYAML scanner messages, often at the next line
("mapping values are not allowed in this context" at line 2 for `title：…` on line 1), or as a
wrong diagnosis from the plan checks ("unknown key '　　when'", "'［a, b］' is not an id").
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli

HEAD = "title: 测试计划\nyear: 2009\nroster:\n  people:\n    zhangwei: 张伟\n    lina: 李娜\nphases:\n  - id: prep\n"


def lines(*rows: str) -> str:
    return "\n".join(rows) + "\n"


def check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str):  # type: ignore[no-untyped-def]
    (tmp_path / "plan.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return run_cli("check", "plan.yaml")


CASES: dict[str, tuple[str, str]] = {
    "full-width colon": ("title：测试计划\nyear: 2009\nphases:\n  - id: prep\n    title: 准备\n", lines(
        "plan.yaml:1:6: error: full-width colon '：' after 'title'; YAML needs an ASCII colon and a space: 'title: …'",
        "    1 | title：测试计划",
        "      |      ^",
        "plan.yaml: 1 error",
    )),
    "full-width colon in a log entry": (HEAD + "    title: 准备\n    log:\n      - {date：3月5日}\n", lines(
        "plan.yaml:11:14: error: full-width colon '：' after 'date'; YAML needs an ASCII colon and a space: 'date: …'",
        "   11 |       - {date：3月5日}",
        "      |              ^",
        "plan.yaml: 1 error",
    )),
    "full-width comma in a flow mapping": (HEAD + "    title: 准备\n    log:\n      - {date: 3月5日， by: lina}\n", lines(
        "plan.yaml:11:20: error: full-width comma '，' between the keys of {…}; separate them with an ASCII comma "
        "and a space: ', by: …'",
        "   11 |       - {date: 3月5日， by: lina}",
        "      |                      ^",
        "plan.yaml: 1 error",
    )),
    "full-width comma in a flow list": (HEAD + "    title: 准备\n    who: [zhangwei，lina]\n", lines(
        "plan.yaml:10:19: error: full-width comma '，' in the list of 'who'; separate the items with an ASCII comma: [a, b]",
        "   10 |     who: [zhangwei，lina]",
        "      |                   ^",
        "plan.yaml: 1 error",
    )),
    "ideographic space in indentation": (HEAD + "    title: 准备\n　　when: 3月5日\n", lines(
        "plan.yaml:10:1: error: ideographic space '　' (U+3000, full-width) in indentation; indent with ASCII spaces",
        "   10 | 　　when: 3月5日",
        "      | ^",
        "plan.yaml: 1 error",
    )),
    "no space after the colon": (HEAD + "    title: 准备\n    when:3月5日\n", lines(
        "plan.yaml:10:9: error: no space after the colon of 'when'; YAML needs one: 'when: 3月5日'",
        "   10 |     when:3月5日",
        "      |         ^",
        "plan.yaml: 1 error",
    )),
    "no space after the colon in a log entry": (HEAD + "    title: 准备\n    log:\n      - {date:3月5日, by: lina}\n", lines(
        "plan.yaml:11:14: error: no space after the colon of 'date'; YAML needs one: 'date: 3月5日'",
        "   11 |       - {date:3月5日, by: lina}",
        "      |              ^",
        "plan.yaml: 1 error",
    )),
    "unquoted note with ': '": (HEAD + "    title: 准备\n    note: 要求: 全员参加\n", lines(
        "plan.yaml:10:13: error: 'note' holds ': ' in unquoted text, which YAML reads as another key; put the text in "
        "quotes (note: '要求: 全员参加') or write the colon full-width (：)",
        "   10 |     note: 要求: 全员参加",
        "      |               ^",
        "plan.yaml: 1 error",
    )),
    "full-width brackets around a list": (HEAD + "    title: 准备\n    who: ［zhangwei, lina］\n", lines(
        "plan.yaml:10:10: error: full-width brackets ［…］ around a list; YAML needs ASCII brackets: […]",
        "   10 |     who: ［zhangwei, lina］",
        "      |          ^",
        "plan.yaml: 1 error",
    )),
    "lenticular brackets around a list": (HEAD + "    title: 准备\n    who: 【zhangwei, lina】\n", lines(
        "plan.yaml:10:10: error: full-width brackets 【…】 around a list; YAML needs ASCII brackets: […]",
        "   10 |     who: 【zhangwei, lina】",
        "      |          ^",
        "plan.yaml: 1 error",
    )),
    "full-width braces around a log entry": (HEAD + "    title: 准备\n    log:\n      - ｛date: 3月5日｝\n", lines(
        "plan.yaml:11:9: error: full-width brackets ｛…｝ around a mapping; YAML needs ASCII brackets: {…}",
        "   11 |       - ｛date: 3月5日｝",
        "      |         ^",
        "plan.yaml: 1 error",
    )),
    "full-width quotes in a flow list": (HEAD + "    title: 准备\n    who: [“zhangwei”, “lina”]\n", lines(
        "plan.yaml:10:11: error: full-width quotes “” around an item of the list of 'who'; leave them out ([a, b]) "
        "or use ASCII quotes (\"a\")",
        "   10 |     who: [“zhangwei”, “lina”]",
        "      |           ^",
        "plan.yaml: 1 error",
    )),
    "ideographic space after a colon": (HEAD + "    title: 准备\n    when:\u30003月5日\n    note: x\n", lines(
        "plan.yaml:10:10: error: ideographic space '　' (U+3000, full-width) after the colon of 'when'; "
        "YAML needs an ASCII space: 'when: 3月5日'",
        "   10 |     when:　3月5日",
        "      |          ^",
        "plan.yaml: 1 error",
    )),
    "ideographic space after a list dash": (HEAD + "    title: 准备\n    tasks:\n      -\u3000id: t1\n        title: 一\n",
                                            lines(
        "plan.yaml:11:8: error: ideographic space '　' (U+3000, full-width) after the '-' of a list item; "
        "YAML needs an ASCII space: '- …'",
        "   11 |       -　id: t1",
        "      |        ^",
        "plan.yaml: 1 error",
    )),
    "full-width dash for a list item": (HEAD + "    title: 准备\n    tasks:\n      \uff0d id: t1\n        title: 一\n",
                                        lines(
        "plan.yaml:11:7: error: '－' (a full-width or long dash) starts a list item; YAML needs the ASCII hyphen and "
        "a space: '- id: …'",
        "   11 |       － id: t1",
        "      |       ^",
        "plan.yaml: 1 error",
    )),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_keyboard_mistake_is_named_with_its_fix(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text, expected = CASES[name]
    result = check(tmp_path, monkeypatch, text)
    assert result.stdout == expected
    assert "YAML syntax" not in result.stdout
    assert result.exit_code == 1


def test_crlf_keeps_the_spot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text, expected = CASES["no space after the colon"]
    result = check(tmp_path, monkeypatch, text.replace("\n", "\r\n"))
    assert result.stdout == expected
    assert result.exit_code == 1


CHINESE_TEXT = HEAD + (
    "    title: 准备：动员，部署\n"
    "    note: |\n"
    "      　　一、要求：全员参加，不得缺席。\n"
    "      when:3月5日 a: b\n"
    "      who: ［甲］\n"
    "    goal: “学好理论”，【重点】\n"
    "    tasks:\n"
    "      - id: t\n"
    "        title: 任务\n"
    "        when: 3月5日\n"
    "        log:\n"
    "          - {date: 3月5日, note: 好，很好：是}\n"
)


def test_chinese_punctuation_in_text_is_left_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = check(tmp_path, monkeypatch, CHINESE_TEXT)
    assert result.stdout == "plan.yaml: OK (1 phase, 1 task, 0 quotas)\n"
    assert result.exit_code == 0


def test_text_is_left_alone_when_another_error_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = check(tmp_path, monkeypatch, CHINESE_TEXT.replace("        when: 3月5日\n", "        when: 2月30日\n"))
    assert result.stdout == lines(
        "plan.yaml:18:15: error: task 1.1's window: 2009-02 has 28 days, not 30",
        "   18 |         when: 2月30日",
        "      |               ^",
        "plan.yaml: 1 error",
    )
    assert result.exit_code == 1


def test_other_yaml_errors_keep_the_reader_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = check(tmp_path, monkeypatch, HEAD + "    title: [准备\n")
    assert "YAML syntax" in result.stdout
    assert result.exit_code == 1


@pytest.mark.parametrize(("bad", "said"), [
    ("        bogus: 1", "error: unknown key 'bogus' in task 1.1"),
    ("        who：zhangwei", "error: full-width colon '：' after 'who'"),
])
def test_a_plan_whose_line_breaks_are_cr_alone_is_diagnosed_line_by_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                        bad: str, said: str) -> None:
    """Tester h128: a plan saved with CRs alone (YAML reads them as line breaks) and one mistake was told "'planctl'
    holds ': ' in unquoted text" with the whole file quoted: the keyboard diagnosis took the file for one line."""
    rows = ["planctl: 1", "title: T", "year: 2009", "roster:", "  people:", "    zhangwei: 张伟", "phases:", "  - id: p",
            "    title: P", "    when: 2009-03-01..2009-03-31", "    tasks:", "      - id: t", "        title: X", bad]
    result = check(tmp_path, monkeypatch, "\r".join(rows) + "\r")
    assert result.exit_code == 1
    assert said in result.output and "holds ': '" not in result.output
    assert "line breaks are CR alone" in result.output  # the warning that says how to convert them stays
